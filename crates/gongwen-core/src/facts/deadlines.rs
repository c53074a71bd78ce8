//! Deadlines (完成时限、期限): phrases that say *by when* work must be done,
//! found in a compact paragraph text and resolved to dates where the text
//! allows.
//!
//! Kinds ([`DeadlineKind`]):
//! - **absolute** — `2015年6月底前`, `年底前` (year from the document
//!   date), `4月中旬前`, `第一季度`, `“十四五”期末`, `2021年3月1日前`;
//! - **range** — phases `（2021年7月—2021年9月）`, `2021—2025年`;
//! - **relative** to the issue of the document — `本通知印发之日起15日内`,
//!   `自印发之日起20个工作日内` (resolved from the document date);
//! - **event**-relative — `事发2小时内`, `自收到申请之日起5个工作日内`:
//!   kept as a rule (the printed phrase), no date;
//! - **recurring** — `每月5日前`, `每季度末月25日前`, `每年1月5日前`,
//!   `每周五中午12时前`: the rule is an iCalendar RRULE (RFC 5545, without
//!   the `RRULE:` prefix) and `date` the first occurrence on or after the
//!   document date.
//!
//! Reading conventions (how a phrase becomes a date):
//! - `…底前`/`…末`: the last day of that month/year/quarter;
//! - `X月前` and `YYYY年前` are read literally, *before* that month/year
//!   begins: the last day of the month/year before;
//! - `上旬/中旬/下旬(前)`: the last day of that ten-day period (10th, 20th,
//!   last day of the month);
//! - `N日内`/`N个月内` counted from the day after the anchor; when the last
//!   day is not a working day the period ends on the next working day
//!   (民法典 第二百零三条); `N个工作日内` counts working days on the PRC
//!   calendar ([`is_workday`]).
//!
//! All phrasings live in the table [`RULES`] (one place). Pure, never
//! panics; regexes are compiled once.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};

use crate::grammar::dates::{parse_number, parse_year};
use crate::model::{Deadline, DeadlineKind};
use crate::source::pattern::regex;
use crate::source::scan::LiteralSet;

/// How a matched phrase becomes dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolve {
    /// `y?` `m` `d` → that day.
    Day,
    /// `y?` `m` → the last day of the month.
    MonthEnd,
    /// `y?` `m` → the last day of the month before (`6月前`).
    BeforeMonth,
    /// `y?` `m` `x`(上/中/下) → 10th / 20th / last day.
    TenDays,
    /// `y?`/`rel` → 31 December.
    YearEnd,
    /// `y` → 31 December of the year before (`2022年前`).
    BeforeYear,
    /// `y?` `q` → last day of the quarter.
    Quarter,
    /// `y?` `h`(上/下) → 30 June / 31 December.
    HalfYear,
    /// `p` (十四) → 31 December of the plan's last year.
    FiveYearPlan,
    /// `y1? m1 d1? y2? m2 d2?` → range.
    MonthRange,
    /// `y1 y2` → 1 January y1 … 31 December y2.
    YearRange,
    /// `ev*?` `n` `u` → relative (issue anchor) or event.
    Duration,
    /// `每月d日`.
    Monthly,
    /// `每月最后一个工作日`.
    MonthlyLastWorkday,
    /// `每月底`.
    MonthlyEnd,
    /// `每季度末月d日` (`first`: 每季度首月).
    QuarterMonthDay { first: bool },
    /// `每季度末`.
    QuarterlyEnd,
    /// `每年m月d日`.
    Yearly,
    /// `每年m月底`.
    YearlyMonthEnd,
    /// `每年m月x旬`.
    YearlyTenDays,
    /// `每年年底`.
    YearlyYearEnd,
    /// `每周w(h时)`.
    Weekly,
}

/// One phrasing of a deadline: kind, pattern, resolution (its name is the
/// comment above it in [`RULES`]).
///
/// Pattern placeholders: `{Y}` year (4 digits, Arabic or 〇-style), `{M}`
/// month, `{D}` day, `{N}` count, `{BEFORE}` 前/之前/以前, `{DASH}` range
/// dash, `{DOC}` a document self-reference (本通知 …), `{ISSUE}` an issuing
/// verb (印发 …). Named groups feed the resolver.
struct Rule {
    kind: DeadlineKind,
    pattern: &'static str,
    /// Literals every match contains: each group names alternatives, one
    /// of which is in every match (`底` or `末`). The pattern runs only on
    /// texts that hold one of each group.
    needs: &'static [&'static [&'static str]],
    resolve: Resolve,
}

/// Every deadline phrasing, in priority order (earlier wins a tie; a
/// longer match always wins over a shorter overlapping one).
const RULES: &[Rule] = &[
    // ---- recurring ----
    // monthly-day
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每月(?P<d>{D})日(?:{BEFORE})?",
        needs: &[&["每月"], &["日"]],
        resolve: Resolve::Monthly,
    },
    // monthly-last-workday
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每月(?:最后一个|最后1个|最后一|最后1)个?工作日(?:{BEFORE})?",
        needs: &[&["每月"], &["工作日"]],
        resolve: Resolve::MonthlyLastWorkday,
    },
    // monthly-end
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每月(?:底|末)(?:{BEFORE})?",
        needs: &[&["每月"], &["底", "末"]],
        resolve: Resolve::MonthlyEnd,
    },
    // quarterly-last-month-day
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每季度?(?:末月|最后一个月|最后1个月)(?P<d>{D})日(?:{BEFORE})?",
        needs: &[&["每季"], &["日"]],
        resolve: Resolve::QuarterMonthDay { first: false },
    },
    // quarterly-first-month-day
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每季度?(?:首月|第一个月|第1个月)(?P<d>{D})日(?:{BEFORE})?",
        needs: &[&["每季"], &["日"]],
        resolve: Resolve::QuarterMonthDay { first: true },
    },
    // quarterly-end
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每季度?(?:末|底|结束)(?:{BEFORE})?",
        needs: &[&["每季"], &["末", "底", "结束"]],
        resolve: Resolve::QuarterlyEnd,
    },
    // yearly-day
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每年(?P<m>{M})月(?P<d>{D})日(?:{BEFORE})?",
        needs: &[&["每年"], &["日"]],
        resolve: Resolve::Yearly,
    },
    // yearly-month-end
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每年(?P<m>{M})月(?:底|末)(?:{BEFORE})?",
        needs: &[&["每年"], &["底", "末"]],
        resolve: Resolve::YearlyMonthEnd,
    },
    // yearly-ten-days
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每年(?P<m>{M})月(?P<x>上|中|下)旬(?:{BEFORE})?",
        needs: &[&["每年"], &["旬"]],
        resolve: Resolve::YearlyTenDays,
    },
    // yearly-year-end
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每年年?(?:底|末)(?:{BEFORE})?",
        needs: &[&["每年"], &["底", "末"]],
        resolve: Resolve::YearlyYearEnd,
    },
    // weekly
    Rule {
        kind: DeadlineKind::Recurring,
        pattern: r"每周(?P<w>[一二三四五六日天1-7])(?:(?:上午|中午|下午|晚上|晚)?(?P<h>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])(?:时|点))?(?:{BEFORE})?",
        needs: &[&["每周"]],
        resolve: Resolve::Weekly,
    },
    // ---- ranges ----
    // month-range
    Rule {
        kind: DeadlineKind::Range,
        pattern: r"(?:(?P<y1>{Y})年)?(?P<m1>{M})月(?:(?P<d1>{D})日)?{DASH}(?:(?P<y2>{Y})年)?(?P<m2>{M})月(?:(?P<d2>{D})日)?(?:底|末)?",
        needs: &[&["月"], &["—", "－", "-", "–", "~", "～", "至", "到"]],
        resolve: Resolve::MonthRange,
    },
    // year-range
    Rule {
        kind: DeadlineKind::Range,
        pattern: r"(?P<y1>{Y})年?{DASH}(?P<y2>{Y})年",
        needs: &[&["年"], &["—", "－", "-", "–", "~", "～", "至", "到"]],
        resolve: Resolve::YearRange,
    },
    // ---- relative to issue / to an event ----
    // duration
    Rule {
        kind: DeadlineKind::Event,
        pattern: r"(?:(?:自|从)(?P<ev1>[^，。；：,;:自从]{1,24}?)(?:之日起|之日|以后|之后|后|起)?|(?:于|在)(?P<ev2>[^，。；：,;:于在]{1,24}?)(?:之日起|之日|以后|之后|后|起)|(?P<ev3>{DOC}{ISSUE})(?:之日起|之日|以后|之后|后|起)|(?P<ev4>事发后?|发生后|接报后))?(?P<n>{N})个?(?P<u>工作日|小时|日|天|周|月|年|分钟)(?:内|之内|以内)",
        needs: &[&[
            "日内", "时内", "天内", "周内", "月内", "年内", "钟内", "之内", "以内",
        ]],
        resolve: Resolve::Duration,
    },
    // ---- absolute ----
    // day
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?:(?P<y>{Y})年)?(?P<m>{M})月(?P<d>{D})日(?:24时)?(?:{BEFORE}|为止|止)",
        needs: &[
            &["月"],
            &["日前", "时前", "之前", "以前", "为止", "日止", "时止"],
        ],
        resolve: Resolve::Day,
    },
    // ten-days
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?:(?P<y>{Y})年)?(?P<m>{M})月(?P<x>上|中|下)旬(?:{BEFORE})?",
        needs: &[&["旬"]],
        resolve: Resolve::TenDays,
    },
    // month-end
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?:(?P<y>{Y})年)?(?P<m>{M})月(?:底|末)(?:{BEFORE})?",
        needs: &[&["月底", "月末"]],
        resolve: Resolve::MonthEnd,
    },
    // before-month
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?:(?P<y>{Y})年)?(?P<m>{M})月份?(?:{BEFORE})",
        needs: &[&["月前", "月份前", "之前", "以前"]],
        resolve: Resolve::BeforeMonth,
    },
    // year-end
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?:(?P<y>{Y})|(?P<rel>今|当|本|明|次))?年年?(?:底|末)(?:{BEFORE})?",
        needs: &[&["年底", "年末"]],
        resolve: Resolve::YearEnd,
    },
    // before-year
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?P<y>{Y})年(?:{BEFORE})",
        needs: &[&["年前", "之前", "以前"]],
        resolve: Resolve::BeforeYear,
    },
    // quarter
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?:(?P<y>{Y})年)?第?(?P<q>[一二三四1-4])季度(?:末|底)?(?:{BEFORE})?",
        needs: &[&["季度"]],
        resolve: Resolve::Quarter,
    },
    // half-year
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r"(?:(?P<y>{Y})年)?(?P<h>上|下)半年(?:末|底)?(?:{BEFORE})?",
        needs: &[&["半年"]],
        resolve: Resolve::HalfYear,
    },
    // five-year-plan-end
    Rule {
        kind: DeadlineKind::Absolute,
        pattern: r#"[“"]?(?P<p>十[一二三四五六七八九]|[一二三四五六七八九])五[”"]?(?:规划)?(?:期末|末期|末)"#,
        needs: &[&["五"], &["末"]],
        resolve: Resolve::FiveYearPlan,
    },
];

/// Placeholder → regex fragment, substituted into [`RULES`] patterns.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("{Y}", r"(?:19|20)[0-9]{2}|[〇○零一二三四五六七八九]{4}"),
    ("{M}", r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"),
    (
        "{D}",
        r"3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]",
    ),
    ("{N}", r"[0-9]{1,4}|[一二三四五六七八九十两百]{1,4}"),
    ("{BEFORE}", r"前|之前|以前"),
    ("{DASH}", r"(?:——|—|－|-|–|~|～|至|到)"),
    (
        "{DOC}",
        r"本(?:通知|实施方案|工作方案|方案|实施意见|意见|办法|规定|决定|细则|计划|文件|预案)",
    ),
    ("{ISSUE}", r"(?:印发|下发|发布|公布|出台|施行|实施|下达)"),
];

/// An event anchor that is the issue of the document itself
/// (`本通知印发`, `印发`, `文件下发`): such durations are relative.
static ISSUE_ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| regex(&expand(r"^(?:{DOC}|(?:通知|方案|意见|文件))?(?:{ISSUE})$")));

/// Text that must not follow a `YYYY年前` match (`2015年前三季度`).
const NOT_AFTER_BEFORE_YEAR: &[char] = &[
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '两', '个', '季', '0', '1', '2',
    '3', '4', '5', '6', '7', '8', '9',
];

fn expand(p: &str) -> String {
    let mut s = p.to_string();
    for (k, v) in PLACEHOLDERS {
        s = s.replace(k, v);
    }
    s
}

static COMPILED: LazyLock<Vec<Regex>> =
    LazyLock::new(|| RULES.iter().map(|r| regex(&expand(r.pattern))).collect());

/// Quick filter: a text without any of these characters has no deadline.
const TRIGGERS: &[&str] = &["月", "年", "季", "内", "周", "五"];

/// The gates of [`RULES`] as one literal set, read in one pass per text
/// that holds one of the [`TRIGGERS`] (searched first, apart: most texts
/// hold none); per rule, per group, the bits of its alternatives.
struct Gates {
    set: LiteralSet,
    triggers: LiteralSet,
    rules: Vec<Vec<Vec<Option<u32>>>>,
}

static GATES: LazyLock<Gates> = LazyLock::new(|| {
    let set = LiteralSet::new(
        RULES
            .iter()
            .flat_map(|r| r.needs.iter().flat_map(|g| g.iter())),
    );
    let triggers = LiteralSet::new(TRIGGERS);
    let rules = RULES
        .iter()
        .map(|r| {
            r.needs
                .iter()
                .map(|g| g.iter().map(|w| set.bit(w)).collect())
                .collect()
        })
        .collect();
    Gates {
        set,
        triggers,
        rules,
    }
});

/// All deadlines in `text` (a compact paragraph or part of one), in text
/// order, non-overlapping (longest match wins). `doc_date` supplies the
/// year of `年底前`-style phrases and the anchor of relative ones.
pub fn find(text: &str, doc_date: Option<NaiveDate>) -> Vec<Deadline> {
    find_with(text, doc_date, true)
}

/// [`find`]; `gated`: run a rule only on texts holding its literals (off
/// only in the test that shows the gates never change the result).
fn find_with(text: &str, doc_date: Option<NaiveDate>, gated: bool) -> Vec<Deadline> {
    let gates = &*GATES;
    // Most texts hold no trigger: one search for the six of them first.
    if gated && !gates.triggers.is_in(text) {
        return Vec::new();
    }
    let present = gates.set.scan(text);
    let mut cands: Vec<(usize, usize, usize, Deadline)> = Vec::new();
    for (k, ((rule, re), needs)) in RULES
        .iter()
        .zip(COMPILED.iter())
        .zip(&gates.rules)
        .enumerate()
    {
        if gated
            && !needs
                .iter()
                .all(|group| group.iter().any(|&b| present.has(b)))
        {
            continue;
        }
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if m.as_str().is_empty() {
                continue;
            }
            if rule.resolve == Resolve::BeforeYear
                && text[m.end()..].starts_with(NOT_AFTER_BEFORE_YEAR)
            {
                continue;
            }
            if let Some(d) = build(rule, &caps, doc_date, m.start(), m.end()) {
                cands.push((m.start(), m.end(), k, d));
            }
        }
    }
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut out: Vec<Deadline> = Vec::new();
    let mut last_end = 0;
    for (s, e, _, d) in cands {
        if s < last_end {
            // Overlaps an accepted one: keep it only if strictly longer and
            // starting at the same place is impossible here (sorted), so drop.
            continue;
        }
        last_end = e;
        out.push(d);
    }
    out
}

/// A bare year, month or day as a due value (`2021年`, `2022年12月`).
static BARE_DUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&expand(
        r"(?P<y>{Y})年(?:(?P<m>{M})月(?:份)?(?:(?P<d>{D})日)?)?",
    ))
});

/// Read the value of a `完成时限：…` / `完成时间：…` label: a deadline
/// phrase, or a bare year / month / day (`2021年` → 31 December 2021,
/// `2022年12月` → 31 December 2022). `None` for values such as `持续推进`.
pub fn parse_due(value: &str, doc_date: Option<NaiveDate>) -> Option<Deadline> {
    if let Some(d) = find(value, doc_date).into_iter().next() {
        return Some(d);
    }
    let caps = BARE_DUE.captures(value)?;
    let m = caps.get(0)?;
    let y = parse_year(caps.name("y")?.as_str())?;
    let date = match (caps.name("m"), caps.name("d")) {
        (Some(mm), Some(dd)) => {
            NaiveDate::from_ymd_opt(y, parse_number(mm.as_str())?, parse_number(dd.as_str())?)
        }
        (Some(mm), None) => month_end(y, parse_number(mm.as_str())?),
        _ => NaiveDate::from_ymd_opt(y, 12, 31),
    };
    Some(Deadline {
        text: m.as_str().to_string(),
        kind: DeadlineKind::Absolute,
        date,
        end_date: None,
        rule: None,
        start: m.start(),
        end: m.end(),
    })
}

fn num(caps: &Captures<'_>, name: &str) -> Option<u32> {
    caps.name(name).and_then(|m| parse_number(m.as_str()))
}

fn year(caps: &Captures<'_>, name: &str) -> Option<i32> {
    caps.name(name).and_then(|m| parse_year(m.as_str()))
}

/// Year of a phrase: printed, else the document's.
fn year_or_doc(caps: &Captures<'_>, name: &str, doc: Option<NaiveDate>) -> Option<i32> {
    match caps.name(name) {
        Some(m) => parse_year(m.as_str()),
        None => doc.map(|d| d.year()),
    }
}

fn build(
    rule: &Rule,
    caps: &Captures<'_>,
    doc: Option<NaiveDate>,
    start: usize,
    end: usize,
) -> Option<Deadline> {
    let text = caps.get(0)?.as_str().to_string();
    let mut d = Deadline {
        text,
        kind: rule.kind,
        date: None,
        end_date: None,
        rule: None,
        start,
        end,
    };
    match rule.resolve {
        Resolve::Day => {
            let (m, dd) = (num(caps, "m")?, num(caps, "d")?);
            d.date = year_or_doc(caps, "y", doc).and_then(|y| NaiveDate::from_ymd_opt(y, m, dd));
        }
        Resolve::MonthEnd => {
            let m = valid_month(num(caps, "m")?)?;
            d.date = year_or_doc(caps, "y", doc).and_then(|y| month_end(y, m));
        }
        Resolve::BeforeMonth => {
            let m = valid_month(num(caps, "m")?)?;
            d.date = year_or_doc(caps, "y", doc)
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, 1))
                .and_then(|x| x.pred_opt());
        }
        Resolve::TenDays => {
            let m = valid_month(num(caps, "m")?)?;
            let x = caps.name("x")?.as_str();
            d.date = year_or_doc(caps, "y", doc).and_then(|y| ten_days_end(y, m, x));
        }
        Resolve::YearEnd => {
            let y = match (year(caps, "y"), caps.name("rel").map(|m| m.as_str())) {
                (Some(y), _) => Some(y),
                (None, Some("明" | "次")) => doc.map(|d| d.year() + 1),
                _ => doc.map(|d| d.year()),
            };
            d.date = y.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31));
        }
        Resolve::BeforeYear => {
            let y = year(caps, "y")?;
            d.date = NaiveDate::from_ymd_opt(y - 1, 12, 31);
        }
        Resolve::Quarter => {
            let q = num(caps, "q")?;
            if !(1..=4).contains(&q) {
                return None;
            }
            d.date = year_or_doc(caps, "y", doc).and_then(|y| month_end(y, q * 3));
        }
        Resolve::HalfYear => {
            let m = if caps.name("h")?.as_str() == "上" {
                6
            } else {
                12
            };
            d.date = year_or_doc(caps, "y", doc).and_then(|y| month_end(y, m));
        }
        Resolve::FiveYearPlan => {
            let p = num(caps, "p")? as i32;
            d.date = NaiveDate::from_ymd_opt(1955 + 5 * p, 12, 31);
        }
        Resolve::MonthRange => {
            let (m1, m2) = (
                valid_month(num(caps, "m1")?)?,
                valid_month(num(caps, "m2")?)?,
            );
            let y1 = year_or_doc(caps, "y1", doc);
            let y2 = match year(caps, "y2") {
                Some(y) => Some(y),
                // `11月—2月` crosses the year end.
                None => y1.map(|y| if m2 < m1 { y + 1 } else { y }),
            };
            d.date = y1.and_then(|y| NaiveDate::from_ymd_opt(y, m1, num(caps, "d1").unwrap_or(1)));
            d.end_date = y2.and_then(|y| match num(caps, "d2") {
                Some(dd) => NaiveDate::from_ymd_opt(y, m2, dd),
                None => month_end(y, m2),
            });
            if let (Some(a), Some(b)) = (d.date, d.end_date) {
                if b < a {
                    return None;
                }
            }
        }
        Resolve::YearRange => {
            let (y1, y2) = (year(caps, "y1")?, year(caps, "y2")?);
            if y2 < y1 || y2 - y1 > 30 {
                return None;
            }
            d.date = NaiveDate::from_ymd_opt(y1, 1, 1);
            d.end_date = NaiveDate::from_ymd_opt(y2, 12, 31);
        }
        Resolve::Duration => {
            let n = num(caps, "n")?;
            let unit = caps.name("u")?.as_str();
            let anchor = ["ev1", "ev2", "ev3", "ev4"]
                .iter()
                .find_map(|g| caps.name(g))
                .map(|m| m.as_str());
            let is_issue = anchor.is_some_and(|a| ISSUE_ANCHOR.is_match(a));
            if is_issue {
                d.kind = DeadlineKind::Relative;
                d.date = doc.and_then(|x| add_period(x, n, unit));
            } else {
                d.kind = DeadlineKind::Event;
                d.rule = Some(d.text.clone());
            }
        }
        Resolve::Monthly => {
            let day = num(caps, "d")?;
            if !(1..=31).contains(&day) {
                return None;
            }
            d.rule = Some(format!("FREQ=MONTHLY;BYMONTHDAY={day}"));
            d.date = doc.and_then(|x| next_monthly(x, |y, m| day_clamped(y, m, day)));
        }
        Resolve::MonthlyLastWorkday => {
            d.rule = Some("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1".to_string());
            d.date = doc.and_then(|x| next_monthly(x, last_workday_of_month));
        }
        Resolve::MonthlyEnd => {
            d.rule = Some("FREQ=MONTHLY;BYMONTHDAY=-1".to_string());
            d.date = doc.and_then(|x| next_monthly(x, month_end));
        }
        Resolve::QuarterMonthDay { first } => {
            let day = num(caps, "d")?;
            if !(1..=31).contains(&day) {
                return None;
            }
            let months = if first { "1,4,7,10" } else { "3,6,9,12" };
            d.rule = Some(format!("FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={day}"));
            let wanted = |m: u32| {
                if first {
                    matches!(m, 1 | 4 | 7 | 10)
                } else {
                    matches!(m, 3 | 6 | 9 | 12)
                }
            };
            d.date = doc.and_then(|x| {
                next_monthly(x, |y, m| {
                    if wanted(m) {
                        day_clamped(y, m, day)
                    } else {
                        None
                    }
                })
            });
        }
        Resolve::QuarterlyEnd => {
            d.rule = Some("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1".to_string());
            d.date = doc.and_then(|x| {
                next_monthly(x, |y, m| {
                    if matches!(m, 3 | 6 | 9 | 12) {
                        month_end(y, m)
                    } else {
                        None
                    }
                })
            });
        }
        Resolve::Yearly => {
            let (m, day) = (valid_month(num(caps, "m")?)?, num(caps, "d")?);
            NaiveDate::from_ymd_opt(2000, m, day)?; // a real day of the year
            d.rule = Some(format!("FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={day}"));
            d.date = doc.and_then(|x| next_yearly(x, |y| day_clamped(y, m, day)));
        }
        Resolve::YearlyMonthEnd => {
            let m = valid_month(num(caps, "m")?)?;
            d.rule = Some(format!("FREQ=YEARLY;BYMONTH={m};BYMONTHDAY=-1"));
            d.date = doc.and_then(|x| next_yearly(x, |y| month_end(y, m)));
        }
        Resolve::YearlyTenDays => {
            let m = valid_month(num(caps, "m")?)?;
            let x = caps.name("x")?.as_str();
            let day = match x {
                "上" => "10",
                "中" => "20",
                _ => "-1",
            };
            d.rule = Some(format!("FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={day}"));
            d.date = doc.and_then(|dd| next_yearly(dd, |y| ten_days_end(y, m, x)));
        }
        Resolve::YearlyYearEnd => {
            d.rule = Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31".to_string());
            d.date = doc.and_then(|x| next_yearly(x, |y| NaiveDate::from_ymd_opt(y, 12, 31)));
        }
        Resolve::Weekly => {
            let w = caps.name("w")?.as_str();
            let (wd, code) = match w {
                "一" | "1" => (Weekday::Mon, "MO"),
                "二" | "2" => (Weekday::Tue, "TU"),
                "三" | "3" => (Weekday::Wed, "WE"),
                "四" | "4" => (Weekday::Thu, "TH"),
                "五" | "5" => (Weekday::Fri, "FR"),
                "六" | "6" => (Weekday::Sat, "SA"),
                _ => (Weekday::Sun, "SU"),
            };
            let mut rule = format!("FREQ=WEEKLY;BYDAY={code}");
            if let Some(h) = num(caps, "h") {
                let h = if d.text.contains("下午") && h < 12 {
                    h + 12
                } else {
                    h
                };
                if h <= 24 {
                    rule.push_str(&format!(";BYHOUR={}", h.min(23)));
                }
            }
            d.rule = Some(rule);
            d.date = doc.and_then(|x| {
                let ahead =
                    (7 + wd.num_days_from_monday() - x.weekday().num_days_from_monday()) % 7;
                x.checked_add_days(Days::new(u64::from(ahead)))
            });
        }
    }
    Some(d)
}

fn valid_month(m: u32) -> Option<u32> {
    (1..=12).contains(&m).then_some(m)
}

/// Last day of a month.
fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, valid_month(m)?, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// End of the 上/中/下旬 of a month: 10th, 20th, last day.
fn ten_days_end(y: i32, m: u32, x: &str) -> Option<NaiveDate> {
    match x {
        "上" => NaiveDate::from_ymd_opt(y, m, 10),
        "中" => NaiveDate::from_ymd_opt(y, m, 20),
        _ => month_end(y, m),
    }
}

/// Day `d` of a month, or the month's last day when it is shorter.
fn day_clamped(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).or_else(|| month_end(y, m))
}

/// First date on or after `from` produced by `f(year, month)` over the
/// next 24 months.
fn next_monthly(from: NaiveDate, f: impl Fn(i32, u32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    let (mut y, mut m) = (from.year(), from.month());
    for _ in 0..24 {
        if let Some(d) = f(y, m) {
            if d >= from {
                return Some(d);
            }
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    None
}

/// First date on or after `from` produced by `f(year)` (this or next year).
fn next_yearly(from: NaiveDate, f: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    (0..2)
        .filter_map(|k| f(from.year() + k))
        .find(|d| *d >= from)
}

/// Add a printed period to an anchor date: working days on the PRC
/// calendar; calendar days/weeks/months/years ending on a non-working day
/// are extended to the next working day; hours and minutes stay on the day.
fn add_period(from: NaiveDate, n: u32, unit: &str) -> Option<NaiveDate> {
    let raw = match unit {
        "工作日" => return add_workdays(from, n),
        "日" | "天" => from.checked_add_days(Days::new(u64::from(n)))?,
        "周" => from.checked_add_days(Days::new(u64::from(n) * 7))?,
        "月" => from.checked_add_months(Months::new(n))?,
        "年" => from.checked_add_months(Months::new(n.checked_mul(12)?))?,
        _ => return Some(from),
    };
    next_workday_on_or_after(raw)
}

// ---------------------------------------------------------------------------
// The PRC working-day calendar (工作日历).
// ---------------------------------------------------------------------------

/// First day the holiday table of the `chinese_holiday` crate covers.
const CALENDAR_FIRST: (i32, u32, u32) = (2004, 1, 1);
/// Last day it covers (its own documented limit).
const CALENDAR_LAST: (i32, u32, u32) = (2026, 12, 25);

/// Is `date` a working day (工作日) in mainland China?
///
/// Uses the `chinese_holiday` crate, which carries the State Council's
/// yearly holiday arrangements (法定节假日 and 调休 make-up working days)
/// from 2004 to 2026 — every year the corpus needs (2015–2023). Outside
/// that range the crate would panic, so there the plain Monday–Friday rule
/// is used.
pub fn is_workday(date: NaiveDate) -> bool {
    if let Some(ymd) = calendar_key(date) {
        return chinese_holiday::chinese_holiday(ymd).is_workday();
    }
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// True when the holiday table covers `date` (else [`is_workday`] falls
/// back to Monday–Friday).
pub fn calendar_covers(date: NaiveDate) -> bool {
    calendar_key(date).is_some()
}

fn calendar_key(date: NaiveDate) -> Option<chinese_holiday::Ymd> {
    let (fy, fm, fd) = CALENDAR_FIRST;
    let (ly, lm, ld) = CALENDAR_LAST;
    let first = NaiveDate::from_ymd_opt(fy, fm, fd)?;
    let last = NaiveDate::from_ymd_opt(ly, lm, ld)?;
    if date < first || date > last {
        return None;
    }
    let y = u16::try_from(date.year()).ok()?;
    let m = u8::try_from(date.month()).ok()?;
    let d = u8::try_from(date.day()).ok()?;
    Some(chinese_holiday::Ymd::new(y, m, d))
}

/// The `n`-th working day after `from` (`from` itself not counted):
/// `自印发之日起N个工作日内` ends on that day. `None` on date overflow.
pub fn add_workdays(from: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut d = from;
    let mut left = n;
    // A year has at most ~250 working days; bound the walk.
    let mut budget = u64::from(n) * 3 + 60;
    while left > 0 {
        d = d.succ_opt()?;
        budget = budget.checked_sub(1)?;
        if is_workday(d) {
            left -= 1;
        }
    }
    Some(d)
}

/// `d` when it is a working day, else the next working day.
pub fn next_workday_on_or_after(d: NaiveDate) -> Option<NaiveDate> {
    let mut x = d;
    for _ in 0..60 {
        if is_workday(x) {
            return Some(x);
        }
        x = x.succ_opt()?;
    }
    Some(d)
}

/// Last working day of a month.
fn last_workday_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let mut d = month_end(y, m)?;
    for _ in 0..31 {
        if is_workday(d) {
            return Some(d);
        }
        d = d.pred_opt()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::source::pattern::force_patterns!(ISSUE_ANCHOR, COMPILED, BARE_DUE);

    /// Pieces of deadline phrases; every sequence of up to three of them is
    /// searched with and without the rule gates.
    const GATE_PIECES: &[&str] = &[
        "2021年",
        "3月",
        "3月份",
        "5日",
        "24时",
        "上旬",
        "第一季度",
        "上半年",
        "每月",
        "每季度",
        "每年",
        "每周五",
        "15",
        "三",
        "个",
        "工作日",
        "小时",
        "天",
        "周",
        "月",
        "年",
        "分钟",
        "内",
        "之内",
        "以内",
        "前",
        "之前",
        "以前",
        "为止",
        "止",
        "底",
        "末",
        "—",
        "至",
        "自",
        "本通知印发",
        "之日起",
        "事发",
        "十四五",
        "期末",
        "，",
    ];

    /// The literal gates of [`RULES`] only skip rules that cannot match.
    #[test]
    fn gates_never_change_the_result() {
        let d = NaiveDate::from_ymd_opt(2021, 5, 19);
        let mut n = 0;
        for a in GATE_PIECES {
            for b in GATE_PIECES.iter().chain([&""]) {
                for c in GATE_PIECES.iter().chain([&""]) {
                    let s = format!("{a}{b}{c}");
                    let gated = find_with(&s, d, true);
                    n += usize::from(!gated.is_empty());
                    assert_eq!(gated, find_with(&s, d, false), "{s}");
                }
            }
        }
        // The pieces do make deadlines (the comparison is not vacuous).
        assert!(n > 1000, "{n}");
    }

    #[test]
    fn rule_gates_filter() {
        // The gate really filters: no `日内` → the duration rule is not
        // run, and a text with it still resolves. (That a gate never
        // changes a result is the property test below.)
        assert!(GATES.set.len() < 128, "gate table fits a LiteralSet");
        assert!(GATES.set.is_packed(), "gate table fits the SIMD searcher");
        assert!(find("三个工作日办结", None).is_empty());
        assert_eq!(find("三个工作日内办结", None).len(), 1);
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn one(text: &str, doc: Option<NaiveDate>) -> Deadline {
        let v = find(text, doc);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        let d = v.into_iter().next().unwrap();
        assert_eq!(&text[d.start..d.end], d.text);
        d
    }

    #[test]
    fn calendar_knows_holidays_and_makeup_days() {
        for d in 1..=7 {
            assert!(!is_workday(ymd(2021, 10, d)), "2021-10-{d}");
        }
        assert!(is_workday(ymd(2021, 9, 26)), "Sunday make-up day");
        assert!(is_workday(ymd(2021, 10, 9)), "Saturday make-up day");
        assert!(!is_workday(ymd(2021, 10, 10)));
        assert!(is_workday(ymd(2021, 10, 8)));
        // 2015: 抗战胜利70周年 holiday on 3 September, make-up 6 September.
        assert!(!is_workday(ymd(2015, 9, 3)));
        assert!(is_workday(ymd(2015, 9, 6)));
        // 2020 Spring Festival extended to 2 February.
        assert!(!is_workday(ymd(2020, 1, 31)));
        // Outside the table: Monday–Friday.
        assert!(!calendar_covers(ymd(2030, 1, 5)));
        assert!(!is_workday(ymd(2030, 1, 5)));
        assert!(is_workday(ymd(2030, 1, 7)));
    }

    #[test]
    fn working_days_skip_golden_week() {
        // Issued Thursday 2021-09-23: +1 Fri 24, +2 Sun 26 (make-up),
        // +3 Mon 27, +4 Tue 28, +5 Wed 29, +6 Thu 30, then the National Day
        // holiday, +7 Fri 8 Oct, +8 Sat 9 Oct (make-up), +9 Mon 11 Oct.
        assert_eq!(add_workdays(ymd(2021, 9, 23), 7), Some(ymd(2021, 10, 8)));
        assert_eq!(add_workdays(ymd(2021, 9, 23), 9), Some(ymd(2021, 10, 11)));
        let d = one("自本通知印发之日起20个工作日内", Some(ymd(2021, 9, 23)));
        assert_eq!(d.kind, DeadlineKind::Relative);
        // 20 working days: Sep 24, 26–30 (6), Oct 8, 9, 11–15 (7 → 13),
        // Oct 18–22 (18), Oct 25, 26 (20).
        assert_eq!(d.date, Some(ymd(2021, 10, 26)));
    }

    #[test]
    fn absolute_forms() {
        let doc = Some(ymd(2021, 4, 1));
        assert_eq!(one("2015年6月底前完成", doc).date, Some(ymd(2015, 6, 30)));
        assert_eq!(one("年底前，全市畜禽", doc).date, Some(ymd(2021, 12, 31)));
        assert_eq!(one("4月中旬前，制定", doc).date, Some(ymd(2021, 4, 20)));
        assert_eq!(one("第一季度完成", doc).date, Some(ymd(2021, 3, 31)));
        assert_eq!(one("2022年第三季度末", doc).date, Some(ymd(2022, 9, 30)));
        assert_eq!(one("“十四五”期末", doc).date, Some(ymd(2025, 12, 31)));
        assert_eq!(one("到2025年底，全市", doc).date, Some(ymd(2025, 12, 31)));
        assert_eq!(one("2017年年底各县", doc).date, Some(ymd(2017, 12, 31)));
        assert_eq!(one("2021年3月1日前", doc).date, Some(ymd(2021, 3, 1)));
        assert_eq!(
            one("2017年11月前基本建成", doc).date,
            Some(ymd(2017, 10, 31))
        );
        assert_eq!(one("2022年前，完成", doc).date, Some(ymd(2021, 12, 31)));
        assert_eq!(one("上半年", doc).date, Some(ymd(2021, 6, 30)));
        assert_eq!(one("二〇二一年六月底前", None).date, Some(ymd(2021, 6, 30)));
        // Without a document date a year-less phrase has no date.
        let d = one("年底前完成", None);
        assert_eq!((d.kind, d.date), (DeadlineKind::Absolute, None));
        assert!(find("2015年前三季度", doc)
            .iter()
            .all(|d| d.text != "2015年前"));
    }

    #[test]
    fn ranges() {
        let d = one("（2021年7月—2021年9月）", None);
        assert_eq!(d.kind, DeadlineKind::Range);
        assert_eq!(d.text, "2021年7月—2021年9月");
        assert_eq!(
            (d.date, d.end_date),
            (Some(ymd(2021, 7, 1)), Some(ymd(2021, 9, 30)))
        );
        let d = one("4月1日至4月30日", Some(ymd(2021, 3, 1)));
        assert_eq!(
            (d.date, d.end_date),
            (Some(ymd(2021, 4, 1)), Some(ymd(2021, 4, 30)))
        );
        let d = one("（2021—2025年）", None);
        assert_eq!(
            (d.date, d.end_date),
            (Some(ymd(2021, 1, 1)), Some(ymd(2025, 12, 31)))
        );
    }

    #[test]
    fn relative_and_event() {
        let doc = Some(ymd(2021, 5, 19));
        let d = one("本通知印发之日起15日内", doc);
        assert_eq!(d.kind, DeadlineKind::Relative);
        // 2021-06-03 is a Thursday.
        assert_eq!(d.date, Some(ymd(2021, 6, 3)));
        let d = one("本通知下发后5日内，市政府各部门要", Some(ymd(2015, 9, 28)));
        // 2015-10-03 falls in the National Day holiday: next working day.
        assert_eq!(d.date, Some(ymd(2015, 10, 8)));
        let d = one("事发2小时内报告", doc);
        assert_eq!(d.kind, DeadlineKind::Event);
        assert_eq!(d.rule.as_deref(), Some("事发2小时内"));
        assert_eq!(d.date, None);
        let d = one("应当自收到申请之日起5个工作日内办结", doc);
        assert_eq!(d.kind, DeadlineKind::Event);
        assert_eq!(d.text, "自收到申请之日起5个工作日内");
        assert!(find("连续5个工作日处于低库存运行", doc).is_empty());
    }

    #[test]
    fn recurring() {
        let doc = Some(ymd(2021, 5, 19));
        let d = one("每月5日前报送", doc);
        assert_eq!(d.kind, DeadlineKind::Recurring);
        assert_eq!(d.rule.as_deref(), Some("FREQ=MONTHLY;BYMONTHDAY=5"));
        assert_eq!(d.date, Some(ymd(2021, 6, 5)));
        let d = one("每季度末月25日前", doc);
        assert_eq!(
            d.rule.as_deref(),
            Some("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25")
        );
        assert_eq!(d.date, Some(ymd(2021, 6, 25)));
        let d = one("每年1月5日前", doc);
        assert_eq!(
            d.rule.as_deref(),
            Some("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=5")
        );
        assert_eq!(d.date, Some(ymd(2022, 1, 5)));
        let d = one("每周五中午12时前", doc);
        assert_eq!(d.rule.as_deref(), Some("FREQ=WEEKLY;BYDAY=FR;BYHOUR=12"));
        assert_eq!(d.date, Some(ymd(2021, 5, 21)));
        let d = one("每月最后1个工作日前", Some(ymd(2021, 9, 1)));
        // 30 September 2021 is a Thursday before the holiday.
        assert_eq!(d.date, Some(ymd(2021, 9, 30)));
        let d = one("每年1月底前", doc);
        assert_eq!(d.date, Some(ymd(2022, 1, 31)));
    }

    #[test]
    fn labelled_values() {
        let d = parse_due("2021年", None).unwrap();
        assert_eq!(d.date, Some(ymd(2021, 12, 31)));
        let d = parse_due("2022年12月", None).unwrap();
        assert_eq!(d.date, Some(ymd(2022, 12, 31)));
        assert!(parse_due("持续推进", None).is_none());
    }

    #[test]
    fn json_shape() {
        let d = one("2015年6月底前", None);
        let v = serde_json::to_value(&d).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["date", "end_date", "kind", "rule", "text"]);
        assert_eq!(v["date"], "2015-06-30");
        assert_eq!(v["kind"], "absolute");
    }

    #[test]
    fn never_panics() {
        for s in [
            "",
            "每月99日前",
            "9999年13月40日前",
            "每年2月30日前",
            "自之日起99999999个工作日内",
            "本通知印发之日起9999个工作日内",
            "十九五末",
            "0000年底前",
        ] {
            let _ = find(s, Some(ymd(2021, 1, 1)));
            let _ = find(s, NaiveDate::from_ymd_opt(262_000, 1, 1));
            let _ = parse_due(s, None);
        }
    }
}

#[cfg(test)]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn find_never_panics(s in "[0-9〇一二三四五六七八九十每月年日季度周前后内底末旬上中下半个工作小时自从于在本通知印发之起事发—至，。“”十四五]{0,80}") {
            for d in find(&s, NaiveDate::from_ymd_opt(2021, 5, 19)) {
                prop_assert!(d.start <= d.end && d.end <= s.len());
                prop_assert_eq!(&s[d.start..d.end], d.text.as_str());
            }
            let _ = find(&s, None);
            let _ = parse_due(&s, NaiveDate::from_ymd_opt(2026, 12, 31));
        }

        /// Longer sequences of the pieces: the gates change nothing.
        #[test]
        fn gates_never_change_longer_results(s in "([0-9一二三十]|20[0-9]{2}|每月|每季度?|每年|每周|年|月份?|日|时|24时|个|工作日|小时|天|周|分钟|内|之内|以内|前|之前|以前|为止|止|底|末|上旬|中旬|下旬|第一季度|上半年|十四五|期末|—|至|自|印发|之日起|事发|本通知|，){0,24}") {
            let d = NaiveDate::from_ymd_opt(2021, 5, 19);
            prop_assert_eq!(find_with(&s, d, true), find_with(&s, d, false));
        }
    }
}
