//! Quantitative targets (量化目标 / 指标): `到2025年，X达到90%以上`,
//! `分别不低于22%和30%`, and the rows of indicator tables (主要指标表 with
//! 约束性 / 预期性 columns).
//!
//! A target is a *metric* (the noun phrase before the comparator), a
//! [`Comparator`], a value with its unit as printed, the target year, an
//! optional baseline, the sentence it comes from and its provenance.
//!
//! What counts as a target (deliberately conservative):
//! - running text: a number with a comparator before it ([`PREFIX_COMPARATORS`],
//!   [`SYMBOL_COMPARATORS`]) and/or after it ([`SUFFIX_COMPARATORS`]), a unit
//!   from [`UNITS`] (or none), and nothing but a clause boundary after it
//!   (`达到100%的工作要求`, `超过50人（含）`, `80%以上居民同意` are not targets);
//! - a comparator preceded by a rule cue ([`RULE_CUES`]: `原则上不超过`,
//!   `不得超过`, `最长不超过`) is a rule, not a target; time units (`个工作日`,
//!   `小时`, `个月`) are deadlines and rules in running text and count only in
//!   indicator tables;
//! - sections that review the past ([`REVIEW_HEADINGS`]: `发展基础`,
//!   `“十三五”时期工作成效`, `出台背景`), sentences with [`REVIEW_CUES`]
//!   (`截至`, `以来`) and targets whose year lies before the document's own
//!   year (`到2020年…下降至1.33‰` in a 2021 plan) are achievements, not targets;
//! - indicator tables: the document's tables ([`Document::tables`], rows and
//!   cells as [`crate::structure::tables`] rebuilds them) where some cell
//!   reads 约束性 or 预期性 ([`INDICATOR_NATURES`]); columns are recognised by
//!   the header cues in [`HEADER_ROLES`]. Their text is read there only; the
//!   text of other tables (boxes such as `专栏`) is running text.
//!
//! Years: `到2025年`, `2022年底前`, `2021年6月底前`, a clause-initial
//! `2017年`, and plan periods `“十四五”期末` → 2025 ([`PLAN_PERIODS`]).
//! `到2022年和2030年…分别不低于22%和30%` pairs values and years by position.
//! Baselines (`比2015年`, `在2013年基础上`, `与“十二五”相比`, `比上年`) are kept as
//! printed and attached to changes ([`Comparator::Increase`] /
//! [`Comparator::Decrease`]); in tables the baseline column is kept as
//! `header：value` (`2020年：0.66`).
//!
//! Pure: no I/O, never panics on any input; every regex compiled once (a
//! constant pattern that does not compile panics on first use, with its
//! name: a unit test compiles them all).

use std::sync::LazyLock;

use chrono::Datelike;
use regex::Regex;

use crate::grammar::labels::leading_label;
use crate::model::{Cell, Document, OutlineNode, Span, Table};
use crate::model::{Comparator, Target, TargetSource};
use crate::source::pattern::regex;
use crate::source::scan::LiteralSet;
use crate::source::text::{compact, SourceText};
use crate::structure::paragraphs::{outline_path, paragraphs, LineMask, Paragraph};

// ---------------------------------------------------------------------------
// Declarative tables (one place each)
// ---------------------------------------------------------------------------

/// Comparator words printed before the value (比较词) and their reading.
/// `X到/至` forms give the level reached (`下降至1.33‰` → [`Comparator::Reach`]);
/// bare 提高/下降 give the size of the change (`下降18%` → `Decrease`).
pub const PREFIX_COMPARATORS: &[(&str, Comparator)] = &[
    ("不低于", Comparator::AtLeast),
    ("不少于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("至少", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    ("控制在", Comparator::AtMost),
    ("超过", Comparator::MoreThan),
    ("高于", Comparator::MoreThan),
    ("大于", Comparator::MoreThan),
    ("突破", Comparator::MoreThan),
    ("低于", Comparator::LessThan),
    ("少于", Comparator::LessThan),
    ("小于", Comparator::LessThan),
    ("达到", Comparator::Reach),
    ("到达", Comparator::Reach),
    ("达", Comparator::Reach),
    ("发展到", Comparator::Reach),
    ("发展至", Comparator::Reach),
    ("扩大到", Comparator::Reach),
    ("扩大至", Comparator::Reach),
    ("缩小到", Comparator::Reach),
    ("缩小至", Comparator::Reach),
    ("缩短到", Comparator::Reach),
    ("缩短至", Comparator::Reach),
    ("压缩到", Comparator::Reach),
    ("压缩至", Comparator::Reach),
    ("提高到", Comparator::Reach),
    ("提高至", Comparator::Reach),
    ("提升到", Comparator::Reach),
    ("提升至", Comparator::Reach),
    ("增长到", Comparator::Reach),
    ("增长至", Comparator::Reach),
    ("增加到", Comparator::Reach),
    ("增加至", Comparator::Reach),
    ("下降到", Comparator::Reach),
    ("下降至", Comparator::Reach),
    ("降低到", Comparator::Reach),
    ("降低至", Comparator::Reach),
    ("降到", Comparator::Reach),
    ("降至", Comparator::Reach),
    ("减少到", Comparator::Reach),
    ("减少至", Comparator::Reach),
    ("压减到", Comparator::Reach),
    ("压减至", Comparator::Reach),
    ("稳定在", Comparator::About),
    ("保持在", Comparator::About),
    ("提高", Comparator::Increase),
    ("提升", Comparator::Increase),
    ("增长", Comparator::Increase),
    ("增加", Comparator::Increase),
    ("下降", Comparator::Decrease),
    ("降低", Comparator::Decrease),
    ("减少", Comparator::Decrease),
    ("压减", Comparator::Decrease),
];

/// Comparison signs printed right before the value (tables: `<1%`, `≥60.00`).
pub const SYMBOL_COMPARATORS: &[(&str, Comparator)] = &[
    ("≥", Comparator::AtLeast),
    ("≧", Comparator::AtLeast),
    ("≤", Comparator::AtMost),
    ("≦", Comparator::AtMost),
    (">", Comparator::MoreThan),
    ("＞", Comparator::MoreThan),
    ("<", Comparator::LessThan),
    ("＜", Comparator::LessThan),
];

/// Bounds printed after the value and unit (`90%以上`, `2%以内`, `27.00左右`).
/// A bound overrides a prefix reading of the level (`达到60%以上` → at least)
/// but not a change (`下降10%以上` stays a decrease).
pub const SUFFIX_COMPARATORS: &[(&str, Comparator)] = &[
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("及以下", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
    ("之内", Comparator::AtMost),
    ("左右", Comparator::About),
];

/// Words allowed between the metric and the comparator; they become part of
/// `comparator_text` (`力争全部超过`, `分别不低于`, `每年降低`).
pub const MODIFIERS: &[&str] = &[
    "力争",
    "争取",
    "努力",
    "确保",
    "分别",
    "依次",
    "均",
    "全部",
    "都",
    "要",
    "应当",
    "应",
    "须",
    "必须",
    "每年",
    "年均",
    "逐年",
    "累计",
    "再",
    "稳步",
    "进一步",
    "基本",
    "持续",
    "平均",
    "将",
    "可",
];

/// Modifiers that mark an aspirational target (力争 …).
pub const ASPIRATIONAL: &[&str] = &["力争", "争取", "努力"];

/// Modifiers that spread a list of values over a list of metrics / years.
pub const RESPECTIVELY: &[&str] = &["分别", "依次"];

/// Cues in the clause before a comparator that make the number a rule, a
/// limit or a measure, not a target (`原则上不超过30%`, `不得超过`,
/// `最长不超过6个月`, `鼓励…下浮10%以上`).
pub const RULE_CUES: &[&str] = &[
    "原则上",
    "一般",
    "最长",
    "最多",
    "最高",
    "最低",
    "最迟",
    "最短",
    "不得",
    "不能",
    "不应",
    "不宜",
    "鼓励",
    "是指",
    "定为",
];

/// Cues earlier in the sentence that make its numbers definitions, rules,
/// incentive terms or eligibility conditions (`是指…50%以上`,
/// `原则上按照…不低于80%`, `给予…补助，最高…`, `享受补贴的企业…裁员率不超过4.5%`).
pub const NON_TARGET_CUES_BEFORE: &[&str] = &["是指", "原则上", "给予", "享受"];

/// Cues later in the sentence that make a value the condition of an
/// incentive or a penalty (`首次达到1亿元的，分别给予奖补`, `处…2倍以上罚款`).
pub const NON_TARGET_CUES_AFTER: &[&str] = &["给予", "补助", "奖补", "奖励", "罚款", "处以"];

/// Cues later in the same clause that make the values a standard being
/// specified (`按照…的县不低于20张、…不低于80张的标准`).
pub const NON_TARGET_CUES_AFTER_IN_CLAUSE: &[&str] = &["的标准"];

/// Genres (文种) of rules and contingency plans: their numbers are rules,
/// thresholds and definitions, so their running text yields no targets
/// (their indicator tables still do). Matched as a suffix of the enclosed
/// genre, or of the document genre when nothing is enclosed.
pub const RULE_GENRES: &[&str] = &["办法", "细则", "规定", "规则", "条例", "预案", "章程"];

/// Where a unit may occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitUse {
    /// Running text and tables.
    Any,
    /// Tables only: in running text a time span is a deadline or a rule
    /// (`不超过15个工作日`), which the deadlines module reads.
    TableOnly,
}

/// Units as printed (计量单位). Longest match wins.
pub const UNITS: &[(&str, UnitUse)] = &[
    ("%", UnitUse::Any),
    ("％", UnitUse::Any),
    ("‰", UnitUse::Any),
    ("个百分点", UnitUse::Any),
    ("百分点", UnitUse::Any),
    ("/10万", UnitUse::Any),
    ("/十万", UnitUse::Any),
    ("/万", UnitUse::Any),
    ("万亿元", UnitUse::Any),
    ("亿元", UnitUse::Any),
    ("万元", UnitUse::Any),
    ("元", UnitUse::Any),
    ("万人次", UnitUse::Any),
    ("人次", UnitUse::Any),
    ("万人", UnitUse::Any),
    ("人", UnitUse::Any),
    ("名", UnitUse::Any),
    ("万户", UnitUse::Any),
    ("户", UnitUse::Any),
    ("家", UnitUse::Any),
    ("个", UnitUse::Any),
    ("所", UnitUse::Any),
    ("张", UnitUse::Any),
    ("件", UnitUse::Any),
    ("项", UnitUse::Any),
    ("批次", UnitUse::Any),
    ("次", UnitUse::Any),
    ("万平方米", UnitUse::Any),
    ("平方米", UnitUse::Any),
    ("平米", UnitUse::Any),
    ("平方公里", UnitUse::Any),
    ("万亩", UnitUse::Any),
    ("亩", UnitUse::Any),
    ("公顷", UnitUse::Any),
    ("公里", UnitUse::Any),
    ("千米", UnitUse::Any),
    ("万吨", UnitUse::Any),
    ("吨", UnitUse::Any),
    ("万立方米", UnitUse::Any),
    ("立方米", UnitUse::Any),
    ("万千瓦", UnitUse::Any),
    ("千瓦", UnitUse::Any),
    ("辆", UnitUse::Any),
    ("台", UnitUse::Any),
    ("套", UnitUse::Any),
    ("座", UnitUse::Any),
    ("条", UnitUse::Any),
    ("处", UnitUse::Any),
    ("场", UnitUse::Any),
    ("起", UnitUse::Any),
    ("支", UnitUse::Any),
    ("岁", UnitUse::Any),
    ("倍", UnitUse::Any),
    ("例", UnitUse::Any),
    ("Mbps", UnitUse::Any),
    ("M", UnitUse::Any),
    ("万", UnitUse::Any),
    ("亿", UnitUse::Any),
    ("个工作日", UnitUse::TableOnly),
    ("工作日", UnitUse::TableOnly),
    ("小时", UnitUse::TableOnly),
    ("分钟", UnitUse::TableOnly),
    ("个月", UnitUse::TableOnly),
    ("天", UnitUse::TableOnly),
    ("日", UnitUse::TableOnly),
    ("周", UnitUse::TableOnly),
    ("年", UnitUse::TableOnly),
];

/// Target years implied by the document's own year (`年底前`, `今年`).
pub const RELATIVE_YEARS: &[&str] = &["年底前", "年内", "今年"];

/// The char every year mention ([`RELATIVE_YEARS`], `2025年`) contains.
const YEAR_CHAR: char = '年';
/// The char every [`PLAN_PERIODS`] name contains.
const PLAN_CHAR: char = '五';

/// Five-year plan periods (五年规划) and the year they end: `“十四五”期末` → 2025.
pub const PLAN_PERIODS: &[(&str, i32)] = &[
    ("十一五", 2010),
    ("十二五", 2015),
    ("十三五", 2020),
    ("十四五", 2025),
    ("十五五", 2030),
];

/// Headings of sections that review the past (发展基础, 工作成效, 出台背景):
/// numbers there are achievements. Regexes on the compact heading of an
/// outline node ([`Document::outline`], label apart); the section is the
/// node with everything under it.
pub const REVIEW_HEADINGS: &[&str] = &[
    r"^(?:规划|出台|起草|制定|编制|政策|发展|工作|现实)?(?:背景|基础|现状|回顾)(?:及|和|与)?(?:依据|问题)?$",
    r"面临的?形势",
    r"^基本情况$",
    r"(?:时期|期间|以来).{0,8}(?:成效|成就|进展)",
    r"^(?:主要|工作|发展)?(?:成效|成就)",
];

/// Words one of which every [`REVIEW_HEADINGS`] match holds: the regex
/// runs only on headings holding one (most headings hold none).
pub const REVIEW_HEADING_WORDS: &[&str] = &[
    "背景",
    "基础",
    "现状",
    "回顾",
    "形势",
    "基本情况",
    "成效",
    "成就",
    "进展",
];

/// Sentence cues of a statement about the past (截至2020年底 …, 今年以来 …).
pub const REVIEW_CUES: &[&str] = &["截至", "截止", "以来", "已经", "圆满完成"];

/// Words trimmed from the start of a metric (after years and outline labels).
pub const METRIC_LEADING_FILLERS: &[&str] = &[
    "其中", "同时", "确保", "力争", "争取", "并且", "并", "且", "使", "要", "全市", "全县", "全区",
    "全省", "全国", "我市", "我县", "我区", "按照",
];

/// Verbs of a count target whose metric follows the value
/// (`建设不少于20家科技特派员工作站` → metric `建设科技特派员工作站`).
pub const OBJECT_VERBS: &[&str] = &[
    "建设", "建成", "新建", "培育", "培养", "打造", "创建", "新增", "引进", "开展", "组建", "设立",
    "举办", "认定", "发展",
];

/// Units that never take an object after them (`不少于20%的…` is a share).
const SHARE_UNITS: &[&str] = &["%", "％", "‰", "个百分点", "百分点"];

/// Longest object noun phrase after a count value.
const MAX_OBJECT_CHARS: usize = 24;

/// Words trimmed from the end of a metric (besides [`MODIFIERS`]).
pub const METRIC_TRAILING_FILLERS: &[&str] = &["的", "在"];

/// The 指标属性 values that make a table an indicator table.
pub const INDICATOR_NATURES: &[&str] = &["约束性", "预期性"];

/// The char every [`INDICATOR_NATURES`] value contains.
const NATURE_CHAR: char = '性';

/// Column roles of an indicator table header. The first cue a header cell
/// contains decides (`指标属性` is the nature column, `指标内容` the metric).
pub const HEADER_ROLES: &[(&str, Column)] = &[
    ("属性", Column::Nature),
    ("性质", Column::Nature),
    ("目标", Column::Target),
    ("基数", Column::Baseline),
    ("基期", Column::Baseline),
    ("现状", Column::Baseline),
    ("指标", Column::Metric),
];

/// Characters that end a clause (分句) for the metric and the value.
const CLAUSE_BOUNDARIES: &[char] = &['，', ',', '；', ';', '。', '！', '!', '？', '?', '：', ':'];

/// Characters allowed right after a value (and its unit and bound).
const FOLLOW_OK: &[char] = &[
    '，', ',', '；', ';', '。', '！', '!', '？', '?', '、', '：', ':', '）', ')', '（', '(', '”',
    '"', '」', '】',
];

/// Text right after a value that makes it a threshold or a condition, not a
/// target (`超过50人（含）`, `（经费不低于100万元）的项目`).
const BLOCKED_FOLLOWERS: &[&str] = &["（含", "(含", "（不含", "(不含", "）的", ")的"];

/// Opening and closing brackets (a clause never ends inside a bracket).
const OPENERS: &[char] = &['（', '(', '〔', '【', '['];
const CLOSERS: &[char] = &['）', ')', '〕', '】', ']'];

/// Connectors between values of a list (`22%和30%`) and years (`2022年和2030年`).
const LIST_CONNECTORS: &[&str] = &["、", "和", "及", "与"];

/// How far back (in chars) from a value its prefix comparator may start:
/// modifiers, comparator and a `…的` gap of up to 20 chars.
const PREFIX_WINDOW_CHARS: usize = 40;

// ---------------------------------------------------------------------------
// Data model
// ---------------------------------------------------------------------------

/// Role of an indicator table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Metric,
    Target,
    Baseline,
    Nature,
}

// ---------------------------------------------------------------------------
// Compiled patterns
// ---------------------------------------------------------------------------

/// Alternation of `words`, longest first, escaped.
fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    longest_first(words)
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// `words` longest first (stable among equals), adjacent repeats dropped:
/// the order in which an alternation of them matches.
fn longest_first<'a>(words: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = words.collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    v.dedup();
    v
}

/// A value (`3`, `3.5`, `3．5`).
/// A number as printed in a value: digits, a decimal point of either width.
const NUMBER: &str = r"[0-9]+(?:[.．][0-9]+)?";

static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| regex(NUMBER));

/// Prefix comparator ending right before a value.
static PREFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?P<mods>(?:{})*)(?P<cmp>{})(?P<gap>[^0-9，。；、,;：:（）()“”]{{1,20}}的)?(?P<approx>约|近)?$",
        alternation(MODIFIERS.iter().copied()),
        alternation(PREFIX_COMPARATORS.iter().map(|p| p.0)),
    ))
});

/// The unit right after a value (`万元`, `%`), longest first.
static UNIT_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!("^(?:{})", alternation(UNITS.iter().map(|u| u.0)))));

/// The bound right after a value and its unit (`以上`, `左右`).
static SUFFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        "^(?:{})",
        alternation(SUFFIX_COMPARATORS.iter().map(|p| p.0))
    ))
});

/// The comparator sign right before a value (`≥`, `＜`).
static SYMBOL_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        "(?:{})$",
        alternation(SYMBOL_COMPARATORS.iter().map(|p| p.0))
    ))
});

/// Could `left` end in a prefix comparator ([`PREFIX_RE`]: comparator, then
/// `…的` and `约`/`近`, each optional)? Its last char must end one of
/// them: one comparison before the regex, which most values (after `，`,
/// `第`, `年`) never reach.
fn may_end_in_prefix(left: &str) -> bool {
    static LAST: LazyLock<Vec<char>> = LazyLock::new(|| {
        let mut v: Vec<char> = PREFIX_COMPARATORS
            .iter()
            .filter_map(|(w, _)| w.chars().next_back())
            .chain(['的', '约', '近'])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    left.chars()
        .next_back()
        .is_some_and(|c| LAST.binary_search(&c).is_ok())
}

/// A comparator sign ending `left`: its start and text.
fn symbol_at_end(left: &str) -> Option<(usize, &str)> {
    SYMBOL_END_RE.find(left).map(|m| (m.start(), m.as_str()))
}

/// A value as printed after its comparator words: sign, number, unit and
/// bound (`≥60.00`, `18%`, `90%以上`), each in a named group.
fn value_pattern() -> String {
    format!(
        r"(?P<sym>{})?(?P<num>{NUMBER})(?P<unit>{})?(?P<suf>{})?",
        alternation(SYMBOL_COMPARATORS.iter().map(|p| p.0)),
        alternation(UNITS.iter().map(|u| u.0)),
        alternation(SUFFIX_COMPARATORS.iter().map(|p| p.0)),
    )
}

/// Next value of a list after `、/和/及/与`.
static LIST_NEXT_RE: LazyLock<Regex> = LazyLock::new(|| {
    let conn = alternation(LIST_CONNECTORS.iter().copied());
    regex(&format!(r"^(?P<conn>{conn}){}", value_pattern()))
});

/// A whole table cell holding a target value (`下降18%`, `≥60.00`,
/// `力争每年降低0.5个百分点`, `90以上`, `0.83`).
static CELL_VALUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mods = alternation(MODIFIERS.iter().copied());
    let cmp = alternation(PREFIX_COMPARATORS.iter().map(|p| p.0));
    regex(&format!(
        r"^(?P<mods>(?:{mods})*)(?P<cmp>{cmp})?{}$",
        value_pattern()
    ))
});

/// Year mentions: target years, baselines, starts and dates.
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?P<pre>到|至|截至|截止|比|较|与|在|从|自)?(?P<y>(?:19|20)[0-9]{2})年(?P<md>[0-9]{1,2}月(?:[0-9]{1,2}日)?)?(?P<post>年底前|底前|末前|底|末|前|以前|之前|以来|起|开始|的基础上|基础上|相比|同期|度)?",
    )
});

/// Plan-period mentions (`“十四五”期末`, `与“十二五”相比`).
static PLAN_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r#"(?P<pre>到|至|比|较|与|在)?[“"‘]?(?P<n>{})[”"’]?(?P<post>规划期末|时期末|期末|末期|末|相比)?"#,
        alternation(PLAN_PERIODS.iter().map(|p| p.0))
    ))
});

/// `年底前` / `年内` / `今年` not preceded by a numeral (`3年内`, `五年内`).
static RELATIVE_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        "(?:^|[^0-9〇一二三四五六七八九十两百千万几数多])(?P<w>{})",
        alternation(RELATIVE_YEARS.iter().copied())
    ))
});

/// Baselines without a year.
const BASELINE: &str =
    r"与上年相比|(?:比|较)上一?年(?:同期)?|同比|在[^0-9，。；、,;：:]{1,20}基础上";
/// Literals one of which every [`BASELINE`] match contains (a gate: the
/// pattern's 在 would start the regex at every 在).
const BASELINE_NEEDS: &[&str] = &["上年", "上一年", "同比", "基础上"];
static BASELINE_RE: LazyLock<Regex> = LazyLock::new(|| regex(BASELINE));
static BASELINE_GATE: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(BASELINE_NEEDS));
/// [`RELATIVE_YEARS`] (a gate: [`RELATIVE_YEAR_RE`] starts with a class,
/// and would be tried at every char).
static RELATIVE_YEAR_GATE: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(RELATIVE_YEARS));

/// Leading words trimmed from a metric after its outline label (read by
/// [`leading_label`]): enumerations (`一是`), years, plan periods and
/// [`METRIC_LEADING_FILLERS`].
static METRIC_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r#"^(?:[一二三四五六七八九十]+是|(?:到|至|在)?(?:19|20)[0-9]{{2}}年(?:[0-9]{{1,2}}月)?(?:年底前|底前|末前|底|末|前)?(?:和|、|及|与)?|(?:到|至|在)?[“"]?(?:{})[”"]?(?:规划期末|时期末|期末|末)|{})"#,
        alternation(PLAN_PERIODS.iter().map(|p| p.0)),
        alternation(METRIC_LEADING_FILLERS.iter().copied()),
    ))
});

/// [`REVIEW_HEADINGS`] as one regex.
static REVIEW_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        &REVIEW_HEADINGS
            .iter()
            .map(|p| format!("(?:{p})"))
            .collect::<Vec<_>>()
            .join("|"),
    )
});

/// A unit parenthetical at the end of an indicator name (`（%）`, `（人）`).
static UNIT_PAREN_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[（(](?P<u>[^（）()]{1,8})[）)]$"));

static YEAR_IN_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:19|20)[0-9]{2}年"));

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/// All quantitative targets of `doc`: running text of the body (from
/// `body_start_line` to the document end) and its indicator tables, in
/// source order. Never panics.
pub fn extract(src: &SourceText<'_>, doc: &Document) -> Vec<Target> {
    extract_from(
        src,
        doc,
        &paragraphs(src, doc.body_start_line, doc.span.end_line),
    )
}

/// [`extract`] over the body paragraphs `paras` (those of
/// `paragraphs(src, doc.body_start_line, doc.span.end_line)`).
pub fn extract_from(src: &SourceText<'_>, doc: &Document, paras: &[Paragraph]) -> Vec<Target> {
    let first = doc.body_start_line.max(1);
    let last = doc.span.end_line;
    let mut out = Vec::new();
    if first > last {
        return out;
    }
    let doc_year = doc
        .header
        .date
        .as_ref()
        .and_then(|d| d.value.date)
        .map(|d| d.year())
        .or_else(|| doc.header.doc_number.as_ref().and_then(|n| n.value.year));

    // Running text skips the indicator tables (their rows are read here)
    // and the sections that review the past.
    let mut skipped: Vec<&Span> = doc
        .tables
        .iter()
        .filter(|t| table_targets(doc, t, &mut out))
        .map(|t| &t.span)
        .collect();
    review_sections(&doc.outline, &mut skipped);
    let skipped = LineMask::new(&doc.span, skipped);

    let rule_doc = is_rule_document(doc);
    for p in paras {
        if skipped.get(p.start_line) == Some(true) || !has_ascii_digit(&p.text) {
            continue;
        }
        if !rule_doc {
            text_targets(src, doc, doc_year, p, &mut out);
        }
    }

    if let Some(dy) = doc_year {
        out.retain(|t| !matches!(t.year, Some(y) if y < dy));
    }
    out.sort_by_key(|t| (t.span.start_byte, t.span.start_line));
    out
}

/// True when `s` holds an ASCII digit. Without an early exit the loop
/// vectorises; most paragraphs are short and hold none, so it is faster
/// than `bytes().any(..)`, which tests byte by byte.
fn has_ascii_digit(s: &str) -> bool {
    s.as_bytes()
        .chunks(64)
        .any(|c| c.iter().fold(false, |acc, b| acc | b.is_ascii_digit()))
}

// ---------------------------------------------------------------------------
// Running text
// ---------------------------------------------------------------------------

/// A year or baseline mention in a paragraph.
#[derive(Debug, Clone)]
enum Mention {
    /// Target year(s): `到2022年和2030年` → [2022, 2030].
    Years(Vec<i32>),
    /// A baseline as printed.
    Baseline(String),
}

#[derive(Debug, Clone)]
struct YearMention {
    start: usize,
    end: usize,
    kind: Mention,
}

fn plan_year(name: &str) -> Option<i32> {
    PLAN_PERIODS.iter().find(|p| p.0 == name).map(|p| p.1)
}

/// Year and baseline mentions of a compact paragraph, in order.
/// `doc_year` resolves `年底前` / `今年`.
fn scan_years(text: &str, doc_year: Option<i32>) -> Vec<YearMention> {
    let mut out: Vec<YearMention> = Vec::new();
    // Every year and relative-year pattern contains 年; every plan period 五.
    let years = text.contains(YEAR_CHAR);
    let relative = years && doc_year.is_some() && RELATIVE_YEAR_GATE.is_in(text);
    if let (Some(dy), true) = (doc_year, relative) {
        for c in RELATIVE_YEAR_RE.captures_iter(text) {
            if let Some(w) = c.name("w") {
                out.push(YearMention {
                    start: w.start(),
                    end: w.end(),
                    kind: Mention::Years(vec![dy]),
                });
            }
        }
    }
    if years {
        let mut last_target_end: Option<usize> = None;
        for c in YEAR_RE.captures_iter(text) {
            let (Some(all), Some(ym)) = (c.get(0), c.name("y")) else {
                continue;
            };
            let Ok(year) = ym.as_str().parse::<i32>() else {
                continue;
            };
            let pre = c.name("pre").map_or("", |m| m.as_str());
            let post = c.name("post").map_or("", |m| m.as_str());
            let has_md = c.name("md").is_some();
            // A year continuing a list: `到2022年和2030年`.
            if let Some(prev_end) = last_target_end {
                let between = text.get(prev_end..ym.start()).unwrap_or("");
                if LIST_CONNECTORS.contains(&between) && !has_md {
                    if let Some(YearMention {
                        kind: Mention::Years(ys),
                        end,
                        ..
                    }) = out.last_mut()
                    {
                        ys.push(year);
                        *end = all.end();
                        last_target_end = Some(all.end());
                        continue;
                    }
                }
            }
            let kind = if matches!(pre, "截至" | "截止" | "从" | "自")
                || matches!(post, "以来" | "起" | "开始" | "度")
            {
                None
            } else if matches!(pre, "比" | "较")
                || matches!(post, "基础上" | "的基础上" | "相比" | "同期")
            {
                Some(Mention::Baseline(all.as_str().to_string()))
            } else if matches!(pre, "到" | "至" | "在")
                || !post.is_empty()
                || (!has_md && bare_year_starts_clause(text, ym.start()))
            {
                Some(Mention::Years(vec![year]))
            } else {
                None
            };
            match kind {
                Some(k) => {
                    last_target_end = match k {
                        Mention::Years(_) => Some(all.end()),
                        Mention::Baseline(_) => None,
                    };
                    out.push(YearMention {
                        start: all.start(),
                        end: all.end(),
                        kind: k,
                    });
                }
                None => last_target_end = None,
            }
        }
    }
    if text.contains(PLAN_CHAR) {
        for c in PLAN_RE.captures_iter(text) {
            let (Some(all), Some(n)) = (c.get(0), c.name("n")) else {
                continue;
            };
            let pre = c.name("pre").map_or("", |m| m.as_str());
            let post = c.name("post").map_or("", |m| m.as_str());
            let kind = if matches!(pre, "比" | "较") || post == "相比" {
                Some(Mention::Baseline(all.as_str().to_string()))
            } else if !post.is_empty() {
                plan_year(n.as_str()).map(|y| Mention::Years(vec![y]))
            } else {
                None
            };
            if let Some(kind) = kind {
                out.push(YearMention {
                    start: all.start(),
                    end: all.end(),
                    kind,
                });
            }
        }
    }
    if BASELINE_GATE.is_in(text) {
        for m in BASELINE_RE.find_iter(text) {
            out.push(YearMention {
                start: m.start(),
                end: m.end(),
                kind: Mention::Baseline(m.as_str().to_string()),
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Words that may precede a clause-initial bare year (`确保2021年…`).
const YEAR_LEADS: &[&str] = &["确保", "力争", "争取", "计划", "预计", "努力"];

/// A bare `2017年` counts as a target year only at the start of a clause.
fn bare_year_starts_clause(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let trimmed = YEAR_LEADS
        .iter()
        .find_map(|w| before.strip_suffix(w))
        .unwrap_or(before);
    match trimmed.chars().last() {
        None => true,
        Some(c) => CLAUSE_BOUNDARIES.contains(&c) || matches!(c, '（' | '(' | '、' | '）' | ')'),
    }
}

/// Byte offset in `s` where its last `chars` chars begin.
fn window_start(s: &str, chars: usize) -> usize {
    s.char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Start of the clause containing byte `at`: just after the last clause
/// boundary (or unclosed opening bracket) before it, at bracket depth 0.
fn clause_start(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or("");
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        if CLOSERS.contains(&c) {
            depth += 1;
        } else if OPENERS.contains(&c) {
            if depth == 0 {
                return i + c.len_utf8();
            }
            depth -= 1;
        } else if depth == 0 && CLAUSE_BOUNDARIES.contains(&c) {
            return i + c.len_utf8();
        }
    }
    0
}

fn lookup(table: &[(&str, Comparator)], word: &str) -> Option<Comparator> {
    table.iter().find(|p| p.0 == word).map(|p| p.1)
}

fn unit_use(unit: &str) -> UnitUse {
    UNITS
        .iter()
        .find(|u| u.0 == unit)
        .map_or(UnitUse::Any, |u| u.1)
}

fn parse_value(s: &str) -> Option<f64> {
    let v = if s.contains('．') {
        s.replace('．', ".").parse::<f64>()
    } else {
        s.parse::<f64>()
    };
    v.ok().filter(|v| v.is_finite())
}

/// Combine a prefix reading, a sign and a bound into one comparator.
fn resolve(
    prefix: Option<Comparator>,
    sym: Option<Comparator>,
    suffix: Option<Comparator>,
) -> Option<Comparator> {
    match (prefix, sym, suffix) {
        (Some(p), _, _) if p.is_change() => Some(p),
        (_, _, Some(s)) => Some(s),
        (_, Some(s), None) => Some(s),
        (Some(p), None, None) => Some(p),
        (None, None, None) => None,
    }
}

/// One value of a target phrase.
#[derive(Debug, Clone)]
struct Value {
    value: f64,
    unit: String,
    suffix: Option<Comparator>,
    suffix_text: String,
    sym: Option<Comparator>,
    sym_text: String,
}

/// Read unit and bound after a number ending at `at`; returns the end offset.
fn read_unit_suffix(text: &str, at: usize) -> (String, Option<Comparator>, String, usize) {
    let mut pos = at;
    let rest = text.get(pos..).unwrap_or("");
    let unit = UNIT_RE.find(rest).map_or("", |m| m.as_str()).to_string();
    pos += unit.len();
    let rest = text.get(pos..).unwrap_or("");
    let suf = SUFFIX_RE.find(rest).map_or("", |m| m.as_str()).to_string();
    pos += suf.len();
    (unit, lookup(SUFFIX_COMPARATORS, &suf), suf, pos)
}

/// Nothing but a clause boundary (or the end) after a value. A value in a
/// `、` list that ends in 的 qualifies a noun (`职工人数在1000人以上、岗位较多的
/// 国有企业`): not a target either.
fn follow_ok(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or("");
    if BLOCKED_FOLLOWERS.iter().any(|b| rest.starts_with(b)) {
        return false;
    }
    if rest.starts_with('、') {
        let clause = rest.split(CLAUSE_BOUNDARIES).next().unwrap_or("");
        if clause.contains('的') {
            return false;
        }
    }
    match rest.chars().next() {
        None => true,
        Some(c) => FOLLOW_OK.contains(&c),
    }
}

/// The object noun phrase after a count value (`20家|科技特派员工作站|。`):
/// its end offset, when the value reads as `VERB 不少于 N unit OBJECT`.
fn object_after(
    text: &str,
    at: usize,
    prefix: Option<Comparator>,
    values: &[Value],
) -> Option<usize> {
    if !matches!(prefix, Some(Comparator::AtLeast | Comparator::MoreThan)) || values.len() != 1 {
        return None;
    }
    let unit = values.first().map(|v| v.unit.as_str()).unwrap_or("");
    if unit.is_empty() || SHARE_UNITS.contains(&unit) || values.iter().any(|v| v.suffix.is_some()) {
        return None;
    }
    let rest = text.get(at..)?;
    let mut len = 0;
    let mut chars = 0;
    for (i, c) in rest.char_indices() {
        let list_follows = c == '、'
            && rest
                .get(i + c.len_utf8()..)
                .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit()));
        if CLAUSE_BOUNDARIES.contains(&c)
            || OPENERS.contains(&c)
            || CLOSERS.contains(&c)
            || list_follows
        {
            break;
        }
        if !is_cjk(c) && !matches!(c, '“' | '”' | '、') {
            return None;
        }
        len += c.len_utf8();
        chars += 1;
    }
    let object = rest.get(..len)?;
    if !(2..=MAX_OBJECT_CHARS).contains(&chars)
        || object.starts_with('的')
        || !follow_ok(text, at + len)
    {
        return None;
    }
    Some(at + len)
}

/// The document is a rule or a contingency plan (see [`RULE_GENRES`]).
fn is_rule_document(doc: &Document) -> bool {
    let genre = doc
        .enclosed
        .iter()
        .find_map(|e| e.genre.as_deref())
        .or(doc.header.genre.as_deref())
        .unwrap_or("");
    RULE_GENRES.iter().any(|g| genre.ends_with(g))
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Trim a metric range `[a, b)` of `text`: leading labels, years and
/// fillers; trailing 的.
fn trim_metric(text: &str, mut a: usize, mut b: usize) -> (usize, usize) {
    while let Some(s) = text.get(a..b).filter(|s| !s.is_empty()) {
        let lead = match leading_label(s) {
            Some(l) => l.end,
            None => METRIC_LEAD_RE.find(s).map_or(0, |m| m.end()),
        };
        if lead == 0 {
            break;
        }
        a += lead;
    }
    while let Some(s) = text.get(a..b) {
        let cut = METRIC_TRAILING_FILLERS
            .iter()
            .chain(MODIFIERS)
            .find_map(|w| s.strip_suffix(w));
        match cut {
            Some(r) => b = a + r.len(),
            None => break,
        }
    }
    // An opening quote whose closing quote lies beyond the metric.
    if let Some(s) = text.get(a..b) {
        if s.starts_with('“') && !s.contains('”') {
            a += '“'.len_utf8();
        }
    }
    (a, b.max(a))
}

/// Split a metric list (`A、B和C`) at depth-0 connectors.
fn split_metrics(m: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    for c in m.chars() {
        if OPENERS.contains(&c) {
            depth += 1;
        } else if CLOSERS.contains(&c) {
            depth -= 1;
        }
        if depth == 0 && matches!(c, '、' | '和' | '及' | '与') {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
}

fn plausible_metric(m: &str) -> bool {
    m.chars().filter(|c| is_cjk(*c)).count() >= 2
        && !SYMBOL_COMPARATORS.iter().any(|s| m.contains(s.0))
}

/// [`RULE_CUES`], [`REVIEW_CUES`], [`NON_TARGET_CUES_BEFORE`] and
/// [`NON_TARGET_CUES_AFTER`], each searched in one pass.
static RULE_CUE_SET: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(RULE_CUES));
static REVIEW_CUE_SET: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(REVIEW_CUES));
static NON_TARGET_BEFORE_SET: LazyLock<LiteralSet> =
    LazyLock::new(|| LiteralSet::new(NON_TARGET_CUES_BEFORE));
static NON_TARGET_AFTER_SET: LazyLock<LiteralSet> =
    LazyLock::new(|| LiteralSet::new(NON_TARGET_CUES_AFTER));

/// Targets of one paragraph of running text.
fn text_targets(
    src: &SourceText<'_>,
    doc: &Document,
    doc_year: Option<i32>,
    p: &Paragraph,
    out: &mut Vec<Target>,
) {
    let text = p.text.as_ref();
    // Computed on the first candidate only: most paragraphs have none.
    let mut mentions_cache: Option<Vec<YearMention>> = None;
    let mut sentences_cache: Option<Vec<(usize, usize)>> = None;
    let mut consumed = 0usize;
    // End of the last complete value phrase: `A达到3.40人、B达到3.70人`
    // starts B's clause after it.
    let mut prev_end = 0usize;
    for m in NUMBER_RE.find_iter(text) {
        if m.start() < consumed {
            continue;
        }
        let Some(value) = parse_value(m.as_str()) else {
            continue;
        };
        let mut cs = clause_start(text, m.start());
        if prev_end > cs && prev_end <= m.start() {
            cs = prev_end;
            while let Some(c) = LIST_CONNECTORS
                .iter()
                .find(|c| text.get(cs..m.start()).is_some_and(|s| s.starts_with(*c)))
            {
                cs += c.len();
            }
        }
        let left_full = text.get(cs..m.start()).unwrap_or("");
        // Only the end of the clause can hold the comparator: search a window.
        let w = window_start(left_full, PREFIX_WINDOW_CHARS);
        let left = left_full.get(w..).unwrap_or("");
        // A sign right before the number.
        let (sym, sym_text, left) = match symbol_at_end(left) {
            Some((start, sign)) => (
                lookup(SYMBOL_COMPARATORS, sign),
                sign.to_string(),
                left.get(..start).unwrap_or(""),
            ),
            None => (None, String::new(), left),
        };
        let caps = if may_end_in_prefix(left) {
            PREFIX_RE.captures(left)
        } else {
            None
        };
        let (prefix, mods, cmp_word, cmp_start) = match &caps {
            Some(c) => (
                c.name("cmp")
                    .and_then(|w| lookup(PREFIX_COMPARATORS, w.as_str())),
                c.name("mods").map_or("", |w| w.as_str()),
                c.name("cmp").map_or("", |w| w.as_str()),
                cs + w + c.get(0).map_or(left.len(), |m| m.start()),
            ),
            None => (None, "", "", cs + w + left.len()),
        };
        let (unit, suffix, suffix_text, mut end) = read_unit_suffix(text, m.end());
        let first = Value {
            value,
            unit,
            suffix,
            suffix_text,
            sym,
            sym_text,
        };
        if resolve(prefix, first.sym, first.suffix).is_none() {
            continue;
        }
        let mut values = vec![first];
        let respectively = RESPECTIVELY.iter().any(|w| mods.contains(w));
        if respectively {
            while let Some(c) = LIST_NEXT_RE.captures(text.get(end..).unwrap_or("")) {
                let (Some(all), Some(n)) = (c.get(0), c.name("num")) else {
                    break;
                };
                let Some(v) = parse_value(n.as_str()) else {
                    break;
                };
                let prev_unit = values.last().map(|v| v.unit.clone()).unwrap_or_default();
                let unit = c.name("unit").map_or(prev_unit, |u| u.as_str().to_string());
                let suf = c.name("suf").map_or("", |s| s.as_str());
                let sym_t = c.name("sym").map_or("", |s| s.as_str());
                values.push(Value {
                    value: v,
                    unit,
                    suffix: lookup(SUFFIX_COMPARATORS, suf),
                    suffix_text: suf.to_string(),
                    sym: lookup(SYMBOL_COMPARATORS, sym_t),
                    sym_text: sym_t.to_string(),
                });
                end += all.end();
            }
        }
        consumed = end;
        // `建设不少于20家科技特派员工作站`: the metric continues after the value.
        let mut object: Option<(usize, usize)> = None;
        if !follow_ok(text, end) {
            match object_after(text, end, prefix, &values) {
                Some(oe) => {
                    object = Some((end, oe));
                    end = oe;
                    consumed = oe;
                }
                None => continue,
            }
        }
        prev_end = end;
        if text
            .get(cs..cmp_start)
            .is_some_and(|c| RULE_CUE_SET.is_in(c))
        {
            continue;
        }
        if values
            .iter()
            .any(|v| unit_use(&v.unit) == UnitUse::TableOnly)
        {
            continue;
        }
        // A year is not a value.
        if values.iter().any(|v| {
            v.unit.is_empty() && v.value.fract() == 0.0 && (1900.0..=2100.0).contains(&v.value)
        }) {
            continue;
        }
        // The sentence, and statements about the past.
        let sentences = sentences_cache.get_or_insert_with(|| p.sentences());
        let (ss, se) = sentences
            .iter()
            .copied()
            .find(|(a, b)| *a <= m.start() && m.start() < *b)
            .unwrap_or((0, text.len()));
        let sentence = text.get(ss..se).unwrap_or("");
        let before = text.get(ss..cmp_start).unwrap_or("");
        let after = text.get(end..se).unwrap_or("");
        let after_clause = after.split(CLAUSE_BOUNDARIES).next().unwrap_or("");
        if REVIEW_CUE_SET.is_in(sentence)
            || NON_TARGET_BEFORE_SET.is_in(before)
            || NON_TARGET_AFTER_SET.is_in(after)
            || NON_TARGET_CUES_AFTER_IN_CLAUSE
                .iter()
                .any(|c| after_clause.contains(c))
        {
            continue;
        }
        // Metric: the clause before the comparator, cut at a baseline.
        let (mut ma, mut mb) = trim_metric(text, cs, cmp_start);
        let mentions = mentions_cache.get_or_insert_with(|| scan_years(text, doc_year));
        let baseline = mentions
            .iter()
            .filter(|y| y.start >= ss && y.end <= cmp_start)
            .filter_map(|y| match &y.kind {
                Mention::Baseline(b) => Some((y.start, y.end, b.clone())),
                Mention::Years(_) => None,
            })
            .next_back();
        if let Some((bs, _, _)) = &baseline {
            // `人均预期寿命比2020年提高1岁`: the metric ends before the baseline.
            if *bs >= ma && *bs < mb {
                mb = *bs;
                let t = trim_metric(text, ma, mb);
                ma = t.0;
                mb = t.1;
            }
        }
        let mut metric = text.get(ma..mb).unwrap_or("").to_string();
        if let Some((oa, ob)) = object {
            if !OBJECT_VERBS.iter().any(|v| metric.ends_with(v)) {
                continue;
            }
            metric.push_str(text.get(oa..ob).unwrap_or(""));
        }
        if !plausible_metric(&metric) {
            continue;
        }
        // Target years: the last year mention before the comparator.
        let years: Vec<i32> = mentions
            .iter()
            .filter(|y| y.end <= cmp_start.max(ma))
            .filter_map(|y| match &y.kind {
                Mention::Years(v) => Some(v.clone()),
                Mention::Baseline(_) => None,
            })
            .next_back()
            .unwrap_or_default();
        let aspirational = ASPIRATIONAL.iter().any(|w| mods.contains(w))
            || text
                .get(cs..ma)
                .is_some_and(|s| ASPIRATIONAL.iter().any(|w| s.contains(w)));
        let metrics = if respectively && values.len() > 1 {
            let parts = split_metrics(&metric);
            if parts.len() == values.len() && parts.iter().all(|p| plausible_metric(p)) {
                parts
            } else {
                vec![metric.clone(); values.len()]
            }
        } else {
            vec![metric.clone(); values.len()]
        };
        let span = p.span(src, ma, end);
        let path = outline_path(&doc.outline, span.start_line);
        for (i, v) in values.iter().enumerate() {
            let Some(comparator) = resolve(prefix, v.sym, v.suffix) else {
                continue;
            };
            let year = if years.len() == values.len() {
                years.get(i).copied()
            } else {
                years.first().copied()
            };
            let comparator_text = format!(
                "{mods}{cmp_word}{}{}{}",
                v.sym_text,
                if v.suffix_text.is_empty() { "" } else { "…" },
                v.suffix_text
            );
            out.push(Target {
                metric: metrics.get(i).cloned().unwrap_or_else(|| metric.clone()),
                comparator,
                comparator_text,
                aspirational,
                value: v.value,
                unit: v.unit.clone(),
                year,
                baseline: if comparator.is_change() {
                    baseline.as_ref().map(|b| b.2.clone())
                } else {
                    None
                },
                nature: None,
                source: TargetSource::Text,
                text: sentence.to_string(),
                span: span.clone(),
                outline_path: path.clone(),
            });
        }
    }
}

// ---------------------------------------------------------------------------
// Review sections
// ---------------------------------------------------------------------------

/// The spans of the outline nodes that review the past (a heading read by
/// [`is_review_heading`]), each with everything under it.
fn review_sections<'o>(outline: &'o [OutlineNode], out: &mut Vec<&'o Span>) {
    for n in outline {
        if n.heading
            .as_deref()
            .is_some_and(|h| is_review_heading(&compact(h)))
        {
            out.push(&n.span);
        } else {
            review_sections(&n.children, out);
        }
    }
}

fn is_review_heading(head: &str) -> bool {
    static WORDS: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(REVIEW_HEADING_WORDS));
    WORDS.is_in(head) && REVIEW_RE.is_match(head)
}

// ---------------------------------------------------------------------------
// Indicator tables
// ---------------------------------------------------------------------------

fn column_role(header: &str) -> Option<Column> {
    HEADER_ROLES
        .iter()
        .find(|(cue, _)| header.contains(cue))
        .map(|p| p.1)
}

fn first_year(s: &str) -> Option<i32> {
    YEAR_IN_RE
        .find(s)
        .and_then(|m| m.as_str().get(..4))
        .and_then(|y| y.parse().ok())
}

/// A unit parenthetical ending an indicator name, and the name without it.
fn split_unit_paren(metric: &str) -> (String, Option<String>) {
    let Some(c) = UNIT_PAREN_RE.captures(metric) else {
        return (metric.to_string(), None);
    };
    let (Some(all), Some(u)) = (c.get(0), c.name("u")) else {
        return (metric.to_string(), None);
    };
    let u = u.as_str();
    let is_unit = UNITS.iter().any(|x| x.0 == u) || u.contains(['%', '％', '‰', '/']);
    if !is_unit {
        return (metric.to_string(), None);
    }
    (
        metric.get(..all.start()).unwrap_or(metric).to_string(),
        Some(u.to_string()),
    )
}

/// Read a target cell: (comparator, comparator text, aspirational, value, unit).
fn cell_value(cell: &str) -> Option<(Comparator, String, bool, f64, String)> {
    let c = CELL_VALUE_RE.captures(cell)?;
    let value = parse_value(c.name("num")?.as_str())?;
    let mods = c.name("mods").map_or("", |m| m.as_str());
    let cmp = c.name("cmp").map_or("", |m| m.as_str());
    let sym = c.name("sym").map_or("", |m| m.as_str());
    let suf = c.name("suf").map_or("", |m| m.as_str());
    let comparator = resolve(
        lookup(PREFIX_COMPARATORS, cmp),
        lookup(SYMBOL_COMPARATORS, sym),
        lookup(SUFFIX_COMPARATORS, suf),
    )
    .unwrap_or(Comparator::Reach);
    let text = format!(
        "{mods}{cmp}{sym}{}{suf}",
        if suf.is_empty() { "" } else { "…" }
    );
    let aspirational = ASPIRATIONAL.iter().any(|w| mods.contains(w));
    let unit = c.name("unit").map_or("", |m| m.as_str()).to_string();
    Some((comparator, text, aspirational, value, unit))
}

/// Targets of one table of the document, when it is an indicator table:
/// some cell reads 约束性 / 预期性 ([`INDICATOR_NATURES`]). Returns whether
/// it is one. Cells are read through their compact view.
fn table_targets(doc: &Document, t: &Table, out: &mut Vec<Target>) -> bool {
    let is_nature = |s: &str| INDICATOR_NATURES.contains(&s);
    // Every nature ends in 性: the cells of other tables are not compacted.
    let nature_cell = |c: &Cell| c.text.contains(NATURE_CHAR) && is_nature(&compact(&c.text));
    if !t.rows.iter().flat_map(|r| &r.cells).any(nature_cell) {
        return false;
    }
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| compact(&c.text)).collect())
        .collect();
    let Some(hi) = rows.iter().position(|r| {
        r.len() >= 3 && r.iter().any(|c| c.contains("指标")) && !r.iter().any(|c| is_nature(c))
    }) else {
        return true;
    };
    let Some(header_row) = rows.get(hi) else {
        return true;
    };
    let header: Vec<&str> = header_row.iter().map(String::as_str).collect();
    let roles: Vec<Option<Column>> = header.iter().map(|h| column_role(h)).collect();
    let col = |role: Column| roles.iter().position(|r| *r == Some(role));
    let Some(metric_col) = col(Column::Metric) else {
        return true;
    };
    let year_cols: Vec<(usize, i32)> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| roles.get(*i).copied().flatten() != Some(Column::Nature))
        .filter_map(|(i, h)| first_year(h).map(|y| (i, y)))
        .collect();
    let Some(target_col) =
        col(Column::Target).or_else(|| year_cols.iter().max_by_key(|(_, y)| *y).map(|(i, _)| *i))
    else {
        return true;
    };
    let baseline_col = col(Column::Baseline).or_else(|| {
        year_cols
            .iter()
            .find(|(i, _)| *i != target_col)
            .map(|(i, _)| *i)
    });
    let nature_col = col(Column::Nature);
    // A caption (`专栏1 “十四五”时期主要指标`) names the plan period.
    let caption_year = rows
        .iter()
        .take(hi)
        .filter(|r| r.len() == 1)
        .filter_map(|r| r.first())
        .find_map(|c| {
            PLAN_PERIODS
                .iter()
                .find(|p| c.contains(p.0))
                .map(|p| p.1)
                .or_else(|| first_year(c))
        });
    let year = header
        .get(target_col)
        .and_then(|h| first_year(h))
        .or(caption_year);

    for (row, r) in t.rows.iter().zip(&rows).skip(hi + 1) {
        if r.len() != header.len() || r.iter().map(String::as_str).eq(header.iter().copied()) {
            continue;
        }
        let (Some(mcell), Some(tcell)) = (r.get(metric_col), r.get(target_col)) else {
            continue;
        };
        let Some((comparator, comparator_text, aspirational, value, cell_unit)) = cell_value(tcell)
        else {
            continue;
        };
        let (metric, paren_unit) = split_unit_paren(mcell);
        if !plausible_metric(&metric) {
            continue;
        }
        let unit = if cell_unit.is_empty() {
            paren_unit.unwrap_or_default()
        } else {
            cell_unit
        };
        let baseline = baseline_col.and_then(|i| {
            let cell = r.get(i)?;
            let h = header.get(i)?;
            cell.bytes()
                .any(|b| b.is_ascii_digit())
                .then(|| format!("{h}：{cell}"))
        });
        let nature = nature_col
            .and_then(|i| r.get(i))
            .filter(|s| is_nature(s))
            .cloned();
        let span = row.span.clone();
        let text = r.join(" | ");
        out.push(Target {
            metric,
            comparator,
            comparator_text,
            aspirational,
            value,
            unit,
            year,
            baseline,
            nature,
            source: TargetSource::Table,
            text,
            outline_path: outline_path(&doc.outline, span.start_line),
            span,
        });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::source::pattern::force_patterns!(
        UNIT_RE,
        SUFFIX_RE,
        SYMBOL_END_RE,
        NUMBER_RE,
        PREFIX_RE,
        LIST_NEXT_RE,
        CELL_VALUE_RE,
        YEAR_RE,
        PLAN_RE,
        RELATIVE_YEAR_RE,
        BASELINE_RE,
        METRIC_LEAD_RE,
        REVIEW_RE,
        UNIT_PAREN_RE,
        YEAR_IN_RE
    );

    /// Outline labels (the outline's own matcher), enumerations, years and
    /// fillers are trimmed from the start of a metric.
    #[test]
    fn metric_leads_are_trimmed() {
        for text in [
            "（一）森林覆盖率达到35%。",
            "3.森林覆盖率达到35%。",
            "（2）森林覆盖率达到35%。",
            "②森林覆盖率达到35%。",
            "一是森林覆盖率达到35%。",
            "到2025年全市森林覆盖率达到35%。",
            "“十四五”期末森林覆盖率达到35%。",
        ] {
            assert_eq!(one(text).metric, "森林覆盖率", "{text}");
        }
    }

    /// Every review-heading pattern names one of the gate words, and the
    /// gated test still reads each form.
    #[test]
    fn review_headings_pass_their_gate() {
        for p in REVIEW_HEADINGS {
            assert!(REVIEW_HEADING_WORDS.iter().any(|w| p.contains(w)), "{p}");
        }
        for h in [
            "发展基础",
            "规划背景及依据",
            "面临的形势",
            "基本情况",
            "“十三五”时期取得的主要成效",
            "主要成就",
        ] {
            assert!(is_review_heading(h), "{h}");
        }
        assert!(!is_review_heading("主要目标"));
    }

    /// Every text the prefix regex reads passes the last-char test.
    #[test]
    fn prefix_gate_passes_every_prefix_match() {
        let re = &*PREFIX_RE;
        let mut n = 0;
        for (w, _) in PREFIX_COMPARATORS {
            for t in [
                format!("覆盖率{w}"),
                format!("力争{w}"),
                format!("{w}全市平均水平的"),
                format!("{w}约"),
                format!("{w}近"),
                format!("{w}全市的约"),
            ] {
                if re.is_match(&t) {
                    n += 1;
                    assert!(may_end_in_prefix(&t), "{t}");
                }
            }
        }
        assert!(n >= PREFIX_COMPARATORS.len() * 4, "{n}");
        assert!(!may_end_in_prefix("第"));
        assert!(!may_end_in_prefix(""));
    }

    #[test]
    fn ascii_digits_anywhere() {
        assert!(!has_ascii_digit(""));
        assert!(!has_ascii_digit("百分之九十，１２３"));
        let long = "各".repeat(40);
        assert!(has_ascii_digit(&format!("{long}7")));
        assert!(has_ascii_digit("0"));
        assert!(!has_ascii_digit(&long));
    }
    use crate::model::{DocDate, Field, FieldSource, Header};
    use crate::source::text::OffsetMap;
    use chrono::NaiveDate;

    #[test]
    fn year_gates_are_in_their_tables() {
        assert!(RELATIVE_YEARS.iter().all(|w| w.contains(YEAR_CHAR)));
        // Every baseline phrasing holds a gate literal.
        let re = &*BASELINE_RE;
        for t in [
            "与上年相比",
            "比上年",
            "较上一年同期",
            "同比",
            "在现有工作基础上",
            "在现有基础上",
        ] {
            let m = re.find(t).map(|m| m.as_str()).unwrap_or("");
            assert!(!m.is_empty() && BASELINE_GATE.is_in(m), "{t}");
        }

        assert!(PLAN_PERIODS.iter().all(|(p, _)| p.contains(PLAN_CHAR)));
    }

    /// A document covering the whole fixture, optionally dated, with a
    /// genre, and the tables and the outline the pipeline reads in it.
    fn doc_for(src: &SourceText<'_>, year: Option<i32>, genre: Option<&str>) -> Document {
        let span = src.span_lines(1, src.len());
        let (tables, _) = crate::structure::tables::parse_tables(src, 1, src.len());
        let (outline, _) =
            crate::structure::outline::parse_outline_with_tables(src, 1, src.len(), &tables);
        let header = Header {
            genre: genre.map(str::to_string),
            date: year.map(|y| Field {
                value: DocDate {
                    raw: format!("{y}年1月1日"),
                    date: NaiveDate::from_ymd_opt(y, 1, 1),
                    malformed: false,
                },
                span: span.clone(),
                source: FieldSource::Signature,
            }),
            ..Header::default()
        };
        Document {
            ordinal: 0,
            facts: Default::default(),
            span,
            header,
            enclosed: vec![],
            attachments: vec![],
            outline,
            tables,
            interpretations: vec![],
            body_start_line: 1,
            diagnostics: vec![],
        }
    }

    fn run_with(text: &str, year: Option<i32>, genre: Option<&str>) -> Vec<Target> {
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let doc = doc_for(&src, year, genre);
        extract(&src, &doc)
    }

    fn run(text: &str) -> Vec<Target> {
        run_with(text, None, None)
    }

    fn one(text: &str) -> Target {
        let ts = run(text);
        assert_eq!(ts.len(), 1, "{text}: {ts:#?}");
        ts.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn each_comparator() {
        use Comparator::*;
        let cases: &[(&str, &str, Comparator, f64, &str)] = &[
            ("全市森林覆盖率达到35%。", "森林覆盖率", Reach, 35.0, "%"),
            (
                "农村自来水普及率达到98%以上。",
                "农村自来水普及率",
                AtLeast,
                98.0,
                "%",
            ),
            (
                "城市污水处理率不低于95%。",
                "城市污水处理率",
                AtLeast,
                95.0,
                "%",
            ),
            (
                "每年培训基层干部不少于600人次。",
                "每年培训基层干部",
                AtLeast,
                600.0,
                "人次",
            ),
            (
                "城镇新增就业人数超过5万人。",
                "城镇新增就业人数",
                MoreThan,
                5.0,
                "万人",
            ),
            (
                "高新技术企业数量突破500家。",
                "高新技术企业数量",
                MoreThan,
                500.0,
                "家",
            ),
            (
                "单位生产总值能耗下降15%。",
                "单位生产总值能耗",
                Decrease,
                15.0,
                "%",
            ),
            (
                "规模以上工业增加值年均增长8%。",
                "规模以上工业增加值",
                Increase,
                8.0,
                "%",
            ),
            (
                "城镇调查失业率控制在5.5%左右。",
                "城镇调查失业率",
                About,
                5.5,
                "%",
            ),
            (
                "重大事故起数控制在3起以内。",
                "重大事故起数",
                AtMost,
                3.0,
                "起",
            ),
            ("政府债务率不超过80%。", "政府债务率", AtMost, 80.0, "%"),
            (
                "孕产妇死亡率低于12/10万。",
                "孕产妇死亡率",
                LessThan,
                12.0,
                "/10万",
            ),
            (
                "婴儿死亡率下降到4.5‰及以下。",
                "婴儿死亡率",
                AtMost,
                4.5,
                "‰",
            ),
            (
                "城乡居民人均住房面积提高到40平方米。",
                "城乡居民人均住房面积",
                Reach,
                40.0,
                "平方米",
            ),
            (
                "专项资金规模达1.5亿元。",
                "专项资金规模",
                Reach,
                1.5,
                "亿元",
            ),
            (
                "建设不少于20家科技服务站。",
                "建设科技服务站",
                AtLeast,
                20.0,
                "家",
            ),
        ];
        for (text, metric, cmp, value, unit) in cases {
            let t = one(text);
            assert_eq!(t.metric, crate::source::text::compact(metric), "{text}");
            assert_eq!(t.comparator, *cmp, "{text}");
            assert_eq!(t.value, *value, "{text}");
            assert_eq!(t.unit, *unit, "{text}");
            assert_eq!(t.source, TargetSource::Text);
            assert_eq!(t.text, crate::source::text::compact(text));
        }
    }

    #[test]
    fn aspirational_and_comparator_text() {
        let t = one("学前三年毛入园率力争达到92%以上。");
        assert!(t.aspirational);
        assert_eq!(t.comparator, Comparator::AtLeast);
        assert_eq!(t.comparator_text, "力争达到…以上");
        assert_eq!(t.metric, "学前三年毛入园率");
    }

    #[test]
    fn target_years() {
        assert_eq!(one("到2025年，全市绿化覆盖率达到42%。").year, Some(2025));
        assert_eq!(
            one("2022年底前，政务服务事项网上可办率达到100%。").year,
            Some(2022)
        );
        assert_eq!(
            one("“十四五”期末，全市绿化覆盖率达到42%。").year,
            Some(2025)
        );
        assert_eq!(one("确保2021年6月底前全市接种率达到90%。").year, Some(2021));
        assert_eq!(one("2017年全市集团化覆盖率达到60%以上。").year, Some(2017));
        // Later sentences of the paragraph keep the year.
        let ts = run("到2020年，城乡结构基本协调。教育质量稳步提高，巩固率达到99%。");
        assert_eq!(ts.len(), 1);
        assert_eq!(ts[0].year, Some(2020));
        assert_eq!(ts[0].text, "教育质量稳步提高，巩固率达到99%。");
        // `年底前` takes the document's year.
        let ts = run_with("年底前，全市接种率达到90%。", Some(2021), None);
        assert_eq!(ts.first().and_then(|t| t.year), Some(2021));
        assert_eq!(
            run_with("3年内接种率达到90%。", Some(2021), None)[0].year,
            None
        );
        // A range or a date is not a target year.
        assert_eq!(
            one("《儿童发展规划（2011-2020年）》提出，入园率达到90%。").year,
            None
        );
    }

    #[test]
    fn baselines() {
        let t = one("到2025年，人均预期寿命比2020年提高1岁。");
        assert_eq!(t.metric, "人均预期寿命");
        assert_eq!(t.baseline.as_deref(), Some("比2020年"));
        assert_eq!(
            (t.comparator, t.value, t.unit.as_str()),
            (Comparator::Increase, 1.0, "岁")
        );
        let t = one("在2013年基础上，养老床位增加20%。");
        assert_eq!(t.baseline.as_deref(), Some("在2013年基础上"));
        assert_eq!(t.metric, "养老床位");
        let t = one("与“十二五”相比，事故起数下降10%。");
        assert_eq!(t.baseline.as_deref(), Some("与“十二五”相比"));
        // A level reached takes no baseline.
        assert_eq!(one("比2020年，覆盖率达到90%。").baseline, None);
    }

    #[test]
    fn several_targets_per_sentence() {
        let ts = run("到2022年和2030年，居民健康素养水平分别不低于22%和30%。");
        assert_eq!(ts.len(), 2);
        assert_eq!((ts[0].value, ts[0].year), (22.0, Some(2022)));
        assert_eq!((ts[1].value, ts[1].year), (30.0, Some(2030)));
        assert!(ts.iter().all(|t| t.metric == "居民健康素养水平"));
        assert!(ts.iter().all(|t| t.comparator == Comparator::AtLeast));

        let ts = run("到2025年，森林蓄积量达到35%，湿地保护率达到60%。");
        let got: Vec<_> = ts
            .iter()
            .map(|t| (t.metric.as_str(), t.value, t.year))
            .collect();
        assert_eq!(
            got,
            [
                ("森林蓄积量", 35.0, Some(2025)),
                ("湿地保护率", 60.0, Some(2025))
            ]
        );

        let ts = run("孕产妇死亡率、婴儿死亡率分别下降到10/10万和5‰。");
        let got: Vec<_> = ts
            .iter()
            .map(|t| (t.metric.as_str(), t.value, t.unit.as_str()))
            .collect();
        assert_eq!(
            got,
            [("孕产妇死亡率", 10.0, "/10万"), ("婴儿死亡率", 5.0, "‰")]
        );

        let ts = run("每千人口医师数达到3.40人、护士数达到3.70人。");
        let got: Vec<_> = ts.iter().map(|t| (t.metric.as_str(), t.value)).collect();
        assert_eq!(got, [("每千人口医师数", 3.4), ("护士数", 3.7)]);
    }

    #[test]
    fn span_maps_back_to_the_phrase() {
        let text = "前言。\n到2025年，全市森林覆盖率达到 35%。\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let doc = doc_for(&src, None, None);
        let ts = extract(&src, &doc);
        assert_eq!(ts.len(), 1);
        let sp = &ts[0].span;
        assert_eq!((sp.start_line, sp.end_line), (2, 2));
        assert_eq!(&text[sp.start_byte..sp.end_byte], "森林覆盖率达到 35%");
    }

    #[test]
    fn not_targets() {
        for text in [
            "2021年全市经济平稳运行。",
            "本办法自2021年6月1日起施行。",
            "市财政安排资金500万元。",
            "缴费比例为8%。",
            "引导基金的出资比例原则上不超过30%。",
            "延长期限不得超过10个工作日。",
            "不良事件的人数超过50人（含）。",
            "按照2021年底前建设完成率达到100%的工作要求推进。",
            "80%以上居民同意方可纳入改造计划。",
            "补贴期限最长不超过6个月。",
            "政府投资项目，是指财政资金占总投资比例50%以上的项目。",
            "主营业务收入首次达到1亿元的，给予一次性奖补100万元。",
            "夏季空调温度设定不低于26℃。",
            "间距保持1米以上。",
            "对列入计划（经费不低于100万元）的项目予以支持。",
            "截至2020年底，全市森林覆盖率达到30%。",
            "达到2025年。",
        ] {
            let ts = run(text);
            assert!(ts.is_empty(), "{text}: {ts:#?}");
        }
    }

    #[test]
    fn review_sections_and_past_years_are_not_targets() {
        let text = "一、发展基础\n全市森林覆盖率达到30%。\n（一）面临形势\n湿地保护率达到50%。\n二、发展目标\n到2025年，森林覆盖率达到35%。\n";
        let ts = run(text);
        assert_eq!(ts.len(), 1);
        assert_eq!((ts[0].value, ts[0].span.start_line), (35.0, 6));

        let text = "到2020年，婴儿死亡率下降至1.33‰。到2025年，婴儿死亡率控制在3.6‰以内。";
        let ts = run_with(text, Some(2021), None);
        assert_eq!(ts.len(), 1);
        assert_eq!(ts[0].year, Some(2025));
    }

    #[test]
    fn rule_documents_yield_no_running_text_targets() {
        let text = "第五条　住院患者的抽查比例不低于10%。\n";
        assert_eq!(run_with(text, None, Some("办法")).len(), 0);
        assert_eq!(run_with(text, None, Some("实施意见")).len(), 1);
    }

    const TABLE: &str = "二、发展目标\n\n\t专栏1  “十四五”主要指标\n\n\t序号\n\t指标\n\t2020年\n\n基期值\n\t2025年\n\n目标值\n\t指标\n\n属性\n\n\t1\n\t农村社区服务设施达标率（%）\n\t65\n\t80以上\n\t预期性\n\n\t2\n\t养老机构床位数\n\t——\n\t≥500张\n\t约束性\n\n\t3\n\t重大事故\n\t——\n\t有效遏制\n\t约束性\n\n\t4\n\t每万人口全科医生数（人）\n\t2.05\n\t3.93\n\t约束性\n\n\t5\n\t生产安全事故死亡人数\n\t——\n\t下降18%\n\t约束性\n\n\n三、主要任务\n";

    #[test]
    fn indicator_table_rows() {
        let ts = run(TABLE);
        assert_eq!(ts.len(), 4, "{ts:#?}");
        assert!(ts
            .iter()
            .all(|t| t.source == TargetSource::Table && t.year == Some(2025)));
        let t = &ts[0];
        assert_eq!(t.metric, "农村社区服务设施达标率");
        assert_eq!(
            (t.comparator, t.value, t.unit.as_str()),
            (Comparator::AtLeast, 80.0, "%")
        );
        assert_eq!(t.baseline.as_deref(), Some("2020年基期值：65"));
        assert_eq!(t.nature.as_deref(), Some("预期性"));
        assert_eq!((t.span.start_line, t.span.end_line), (17, 21));
        assert_eq!(
            (ts[1].comparator, ts[1].value, ts[1].unit.as_str()),
            (Comparator::AtLeast, 500.0, "张")
        );
        assert_eq!(ts[1].baseline, None);
        assert_eq!(
            (ts[2].comparator, ts[2].value, ts[2].unit.as_str()),
            (Comparator::Reach, 3.93, "人")
        );
        assert_eq!(ts[2].metric, "每万人口全科医生数");
        assert_eq!(
            (ts[3].comparator, ts[3].value),
            (Comparator::Decrease, 18.0)
        );
        assert_eq!(ts[3].nature.as_deref(), Some("约束性"));
    }

    /// The text of a box (`专栏`, a one-cell table) is running text, also
    /// next to an indicator table; the indicator table's own text is not.
    #[test]
    fn box_text_is_running_text() {
        let text = format!(
            "{TABLE}\t专栏2  全民健身工程\n1.全民健身设施建设。经常参加体育锻炼人数达到39.3%。\n"
        );
        let ts = run(&text);
        assert_eq!(ts.len(), 5, "{ts:#?}");
        let t = &ts[4];
        assert_eq!((t.source, t.value), (TargetSource::Text, 39.3));
        assert_eq!(t.metric, "经常参加体育锻炼人数");
        assert!(ts[..4].iter().all(|t| t.source == TargetSource::Table));
    }

    #[test]
    fn tables_without_nature_column_are_not_indicator_tables() {
        let text = "\t指标名称\n\t分值\n\t备注\n\n\t办结率\n\t20\n\t无\n";
        assert!(run(text).is_empty());
    }

    #[test]
    fn year_from_caption_when_header_has_none() {
        let text = "\t专栏1  “十四五”时期主要指标\n\n\t序号\n\t指标内容\n\t目标\n\t属性\n\n\t1\n\t灾害预警信息公众覆盖率\n\t达到95%\n\t预期性\n";
        let ts = run(text);
        assert_eq!(ts.len(), 1);
        assert_eq!((ts[0].year, ts[0].value), (Some(2025), 95.0));
    }

    #[test]
    fn json_round_trip() {
        let t = one("到2025年，人均预期寿命比2020年提高1岁。");
        let v = serde_json::to_value(&t).unwrap_or_default();
        for key in [
            "metric",
            "comparator",
            "value",
            "unit",
            "year",
            "baseline",
            "text",
            "span",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["comparator"], "increase");
        let back: Target = serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, t);
    }

    #[test]
    fn never_panics_on_odd_documents() {
        let src = SourceText::new("t.txt", "\t约束性\n达到", OffsetMap::Identity);
        let mut doc = doc_for(&src, Some(2021), None);
        doc.body_start_line = 99;
        assert!(extract(&src, &doc).is_empty());
        doc.body_start_line = 0;
        doc.span.end_line = 9999;
        let _ = extract(&src, &doc);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[\t\n 0-9.．%‰、，。；（）()<≥年达到不低于以上分别和比提高下降约束性指标目标“”十四五期末]{0,120}") {
            let _ = run(&s);
        }
    }
}
