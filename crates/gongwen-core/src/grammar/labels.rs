//! Outline labels (结构层次序号): the one home of their grammar. Every
//! reader of a label — the outline, the paragraph joiner, the clause and
//! assignment extractors, the source checks — asks [`read_label`] (or
//! [`leading_label`], [`line_label`]) and filters the match; none re-codes a
//! form.
//!
//! Forms, read at the start of a compact view (spaces gone, full-width
//! digits folded), tried in the order of [`OUTLINE_LEVELS`]:
//!
//! | form                       | examples                              | node            |
//! |----------------------------|---------------------------------------|-----------------|
//! | `第` + numeral + 编/章/节   | `第一编`, `第 二 章`, `第3节`          | 编 / 章 / 节    |
//! | `第` + numeral + 条 (+之…)  | `第十二条`, `第一百零五条`, `第三条之一` | 条              |
//! | Chinese numeral + `、`      | `一、`, `十二、`                       | plan level 1    |
//! | Chinese numeral in brackets | `（一）`, `(十)`, `（二)`, `(三）`       | plan level 2    |
//! | Arabic numeral + dot        | `1.`, `2．`, `3、`, `１．`              | plan level 3    |
//! | Arabic numeral in brackets  | `（1）`, `(12)`                        | plan level 4    |
//! | circled number              | `①` … `⑳`, `㉑` … `㊿`                  | plan level 5    |
//!
//! Not labels: `一、二季度`, `一、二、三级` (an enumeration: a numeral and
//! one of [`OUTLINE_ENUM_FOLLOWERS`] after `一、`), `1.5万元` and
//! `2.2015年…` (a decimal: a digit printed right after the dot; `9. 2022年`
//! with a space is a label), `（2015）` and `2021.` (more digits than the
//! level's `max_digits`), `（0）`, `第零条` (numbered 0), and — for readers
//! that ask for [`LabelRules::reference_guard`] — `第二十一条规定…` (an
//! article printed right against one of [`OUTLINE_REFERENCE_FOLLOWERS`]:
//! a reference broken at a line start).
//!
//! Besides the outline forms, an enumeration label closed by a lone
//! parenthesis inside a sentence (`1）`, `a)`, `二)`; [`closes_lone_label`])
//! tells a closing bracket that is not one.

use crate::grammar::dates::parse_number;
use crate::model::OutlineKind;
use crate::source::text::Line;

/// Form of an outline label (结构层次序号), as read on a line's compact view
/// at the start of the line. Read by [`read_label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelForm {
    /// `第` + numeral + `unit` (`第一章`, `第十二条`, letter-spacing undone
    /// by the compact view); with `suffix`, an optional `之` + numeral
    /// (`第三条之一`).
    Ordinal { unit: char, suffix: bool },
    /// Chinese numeral + `、` (`一、`).
    CnEnum,
    /// Chinese numeral in brackets of either width, mixed widths allowed
    /// (`（一）`, `(一)`, `（一)`).
    CnParen,
    /// Arabic numeral + one of [`OUTLINE_DOTS`] not followed by a digit
    /// printed right after it (`1.`, `1．`, `1、`, `9. 2022年`; not
    /// `1.5万元`).
    ArabicDot,
    /// Arabic numeral in brackets of either width (`（1）`, `(1)`).
    ArabicParen,
    /// A circled number (`①` … `⑳`, `㉑` … `㊿`).
    Circled,
}

/// One level of the outline grammar: a label form, the kind of node it
/// makes and where it sits.
#[derive(Debug, Clone, Copy)]
pub struct OutlineLevel {
    pub form: LabelForm,
    /// Kind of the node outside any article (条). Inside an article,
    /// plan-style labels become 项 ([`OutlineKind::Item`]) one level below
    /// the article and 目 ([`OutlineKind::SubItem`]) further down.
    pub kind: OutlineKind,
    /// Fixed rank of a rule level (编 0 > 章 1 > 节 2 > 条 3). `None` for
    /// plan levels, whose nesting order is learned from the order in which
    /// they first appear in a document.
    pub rule_rank: Option<u8>,
    /// Numbering that runs through the whole text instead of restarting
    /// under each parent (条 are numbered across chapters).
    pub continuous: bool,
    /// Longest numeral accepted, in chars (keeps `（2015）` or `2021.`
    /// from being read as labels).
    pub max_digits: usize,
    /// A rule level that may sit inside a top-level plan section when no
    /// rule container encloses it (`一、机构设置` followed by `第一条…`).
    pub inside_plan: bool,
}

/// The outline grammar (结构层次): every label form, tried in order. Rules
/// use 编/章/节/条 (+ 项/目 inside an article); plans use 一、/（一）/1./（1）/①.
pub const OUTLINE_LEVELS: &[OutlineLevel] = &[
    OutlineLevel {
        form: LabelForm::Ordinal {
            unit: '编',
            suffix: false,
        },
        kind: OutlineKind::Part,
        rule_rank: Some(0),
        continuous: false,
        inside_plan: false,
        max_digits: 6,
    },
    OutlineLevel {
        form: LabelForm::Ordinal {
            unit: '章',
            suffix: false,
        },
        kind: OutlineKind::Chapter,
        rule_rank: Some(1),
        continuous: false,
        inside_plan: false,
        max_digits: 6,
    },
    OutlineLevel {
        form: LabelForm::Ordinal {
            unit: '节',
            suffix: false,
        },
        kind: OutlineKind::Section,
        rule_rank: Some(2),
        continuous: false,
        inside_plan: false,
        max_digits: 6,
    },
    OutlineLevel {
        form: LabelForm::Ordinal {
            unit: '条',
            suffix: true,
        },
        kind: OutlineKind::Article,
        rule_rank: Some(3),
        continuous: true,
        inside_plan: true,
        max_digits: 6,
    },
    OutlineLevel {
        form: LabelForm::CnEnum,
        kind: OutlineKind::Level1,
        rule_rank: None,
        continuous: false,
        inside_plan: false,
        max_digits: 4,
    },
    OutlineLevel {
        form: LabelForm::CnParen,
        kind: OutlineKind::Level2,
        rule_rank: None,
        continuous: false,
        inside_plan: false,
        max_digits: 4,
    },
    OutlineLevel {
        form: LabelForm::ArabicDot,
        kind: OutlineKind::Level3,
        rule_rank: None,
        continuous: false,
        inside_plan: false,
        max_digits: 3,
    },
    OutlineLevel {
        form: LabelForm::ArabicParen,
        kind: OutlineKind::Level4,
        rule_rank: None,
        continuous: false,
        inside_plan: false,
        max_digits: 2,
    },
    OutlineLevel {
        form: LabelForm::Circled,
        kind: OutlineKind::Level5,
        rule_rank: None,
        continuous: false,
        inside_plan: false,
        max_digits: 1,
    },
];

/// Numeral chars of an ordinal label (`第十二条`, `第1条`).
pub const OUTLINE_ORDINAL_DIGITS: &str = "一二三四五六七八九十百千零〇两0123456789";
/// Numeral chars of a plan label (`二十一、`, `（十）`).
pub const OUTLINE_CN_DIGITS: &str = "一二三四五六七八九十";
/// Numeral chars of an Arabic-numeral label (`1.`, `（12）`).
pub const OUTLINE_ARABIC_DIGITS: &str = "0123456789";
/// Opening and closing brackets of a bracketed label, both widths.
pub const OUTLINE_OPEN: &[char] = &['（', '('];
pub const OUTLINE_CLOSE: &[char] = &['）', ')'];
/// Separators after an Arabic-numeral label.
pub const OUTLINE_DOTS: &[char] = &['.', '．', '、'];
/// Separator after a Chinese-numeral plan label.
pub const OUTLINE_ENUM_MARK: char = '、';
/// Sentence ends: a heading run into the text stops at the first of these.
pub const OUTLINE_HEADING_ENDS: &[char] = &['。', '；', ';', '：', ':', '！', '？', '!', '?'];
/// Chars that, following `一、` + a numeral, make it an enumeration inside a
/// sentence rather than a heading (`一、二季度`, `一、二、三级`).
pub const OUTLINE_ENUM_FOLLOWERS: &[char] = &['、', '季', '级', '类', '等', '档', '批', '期'];
/// Chars that, printed right after `第…条` with no space, make it a
/// reference inside a sentence broken at the line start (`第二十一条规定`).
pub const OUTLINE_REFERENCE_FOLLOWERS: &[char] = &[
    '规', '的', '中', '所', '第', '款', '项', '至', '、', '和', '或', '及', '，', ',', '。', '）',
    ')', '》', '”', '之',
];
/// Longest enumeration label closed by a lone parenthesis (`12）`), in chars.
pub const LONE_LABEL_MAX_CHARS: usize = 3;
/// Chars after which such a label may start (besides the text start).
pub const LONE_LABEL_LEADS: &[char] = &['，', '。', '；', '：', '、', ',', ';', ':'];
/// A line that is only an attachment mark (`附件`, `附件2`, `附件：`) opens
/// an attached text: the outline starts afresh.
pub const OUTLINE_ATTACHMENT_MARK: &str = "附件";
/// Words that introduce a numbered list which is not part of the outline
/// (`附件：1.…` / `2.…`, `注：1.…`): the items continuing it are skipped.
pub const OUTLINE_LIST_INTROS: &[&str] = &["附件", "备注", "注", "说明"];

/// A label found at the start of a compact view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelMatch {
    /// Index into [`OUTLINE_LEVELS`].
    pub level: usize,
    /// Compact byte offset where the label ends: its byte length.
    pub end: usize,
    /// Ordinal value of the label.
    pub number: u32,
    /// True for `第三条之一` forms (an inserted article).
    pub inserted: bool,
}

#[cfg(test)]
impl LabelMatch {
    /// The grammar entry of the label (its form, kind and rank).
    fn outline_level(&self) -> Option<&'static OutlineLevel> {
        OUTLINE_LEVELS.get(self.level)
    }
}

/// How a reader reads labels: which levels of [`OUTLINE_LEVELS`] it takes
/// (a filter over the matched form) and which guards it applies.
#[derive(Debug, Clone, Copy)]
pub struct LabelRules {
    /// Levels read; a label of any other level is no label.
    pub levels: fn(&OutlineLevel) -> bool,
    /// An ordinal printed right against one of
    /// [`OUTLINE_REFERENCE_FOLLOWERS`] (`第二十一条规定…`) is a reference
    /// broken at a line start, not a label.
    pub reference_guard: bool,
    /// A Chinese numeral may also be closed by one of [`OUTLINE_DOTS`]
    /// (`一．`, `二.`), as item labels inside a clause are printed.
    pub cn_dots: bool,
}

/// Every label form, no reference guard ([`leading_label`]).
pub const ANY_LABEL: LabelRules = LabelRules {
    levels: |_| true,
    reference_guard: false,
    cn_dots: false,
};

/// Heading labels of a line ([`line_label`]): every form; a reference
/// broken at the line start is none.
pub const HEADING_LABEL: LabelRules = LabelRules {
    levels: |_| true,
    reference_guard: true,
    cn_dots: false,
};

/// An article (`第十二条`, `第三条之一`) or a plan label, never 编/章/节,
/// and a Chinese numeral closed by a dot too (`一．`): what opens a clause
/// sentence.
pub const ARTICLE_OR_PLAN_LABEL: LabelRules = LabelRules {
    levels: |l| l.rule_rank.is_none_or(|r| r >= ARTICLE_RANK),
    reference_guard: false,
    cn_dots: true,
};

/// Plan labels only (`一、`, `（一）`, `1.`, `（1）`, `①`): what opens a
/// duty paragraph, a roster line or a unit cell.
pub const PLAN_LABEL: LabelRules = LabelRules {
    levels: |l| l.rule_rank.is_none(),
    reference_guard: false,
    cn_dots: false,
};

/// Arabic-numeral dot labels only (`1.`, `2、`): the items of a list that
/// is not part of the outline (`附件：1.…`, `注：1.…`).
pub const ARABIC_DOT_LABEL: LabelRules = LabelRules {
    levels: |l| l.form == LabelForm::ArabicDot,
    reference_guard: false,
    cn_dots: false,
};

/// Rule rank of the article (条) level.
const ARTICLE_RANK: u8 = 3;

/// The label at the start of compact string `c`, any form, each digit
/// taken as printed right after the one before it. Never panics.
pub fn leading_label(c: &str) -> Option<LabelMatch> {
    read_label(c, ANY_LABEL, &|_| true)
}

/// The label at the start of a paragraph's text or a table cell's under
/// `rules`. Their spacing is lost, so a digit right after a dot may have
/// been spaced off (`9. 2022年…`): it is read as a label (`1.5万元` too).
pub fn paragraph_label(text: &str, rules: LabelRules) -> Option<LabelMatch> {
    read_label(text, rules, &|_| false)
}

/// The heading label at the start of `line` ([`HEADING_LABEL`]), with
/// the spacing of the raw line: `9. 2022年…` is a label, `9.2022年` not.
pub fn line_label(line: &Line<'_>) -> Option<LabelMatch> {
    read_label(line.compact.as_str(), HEADING_LABEL, &|k| {
        compact_adjacent(line, k)
    })
}

/// The label at the start of compact string `c` under `rules`;
/// `adjacent(k)` tells whether compact byte `k` was printed right after the
/// char before it (no space dropped in between). Never panics.
pub fn read_label(
    c: &str,
    rules: LabelRules,
    adjacent: &dyn Fn(usize) -> bool,
) -> Option<LabelMatch> {
    let (level, m) = OUTLINE_LEVELS
        .iter()
        .enumerate()
        .filter(|(_, lv)| (rules.levels)(lv))
        .find_map(|(i, lv)| {
            let m = match_form(c, lv, rules, adjacent)?;
            Some((lv, LabelMatch { level: i, ..m }))
        })?;
    let ordinal = matches!(level.form, LabelForm::Ordinal { .. });
    if rules.reference_guard && ordinal && m.end < c.len() && adjacent(m.end) {
        let next = c.get(m.end..).and_then(|r| r.chars().next());
        if next.is_some_and(|n| OUTLINE_REFERENCE_FOLLOWERS.contains(&n)) {
            return None;
        }
    }
    Some(m)
}

/// Take the longest run (1..=max chars) of chars in `set` at the start of
/// `s`; returns its byte length. `None` when the run is empty or longer.
fn take_run(s: &str, set: &str, max: usize) -> Option<usize> {
    let mut len = 0;
    let mut n = 0;
    for ch in s.chars() {
        if !set.contains(ch) {
            break;
        }
        n += 1;
        if n > max {
            return None;
        }
        len += ch.len_utf8();
    }
    (len > 0).then_some(len)
}

fn match_form(
    c: &str,
    level: &OutlineLevel,
    rules: LabelRules,
    adjacent: &dyn Fn(usize) -> bool,
) -> Option<LabelMatch> {
    let (form, max) = (level.form, level.max_digits);
    let mk = |end: usize, number: u32, inserted: bool| {
        (number > 0).then_some(LabelMatch {
            level: 0,
            end,
            number,
            inserted,
        })
    };
    match form {
        LabelForm::Ordinal { unit, suffix } => {
            let rest = c.strip_prefix('第')?;
            let pos = '第'.len_utf8();
            let nlen = take_run(rest, OUTLINE_ORDINAL_DIGITS, max)?;
            let number = parse_number(rest.get(..nlen)?)?;
            let after = rest.get(nlen..)?.strip_prefix(unit)?;
            let mut end = pos + nlen + unit.len_utf8();
            let mut inserted = false;
            if suffix {
                if let Some(s) = after.strip_prefix('之') {
                    if let Some(sl) = take_run(s, OUTLINE_CN_DIGITS, 3) {
                        end += '之'.len_utf8() + sl;
                        inserted = true;
                    }
                }
            }
            mk(end, number, inserted)
        }
        LabelForm::CnEnum => {
            let nlen = take_run(c, OUTLINE_CN_DIGITS, max)?;
            let rest = c.get(nlen..)?;
            let mark = rest.chars().next().filter(|&ch| {
                ch == OUTLINE_ENUM_MARK || (rules.cn_dots && OUTLINE_DOTS.contains(&ch))
            })?;
            let after = rest.get(mark.len_utf8()..)?;
            // `一、二季度`, `一、二、三级`: an enumeration, not a heading.
            let mut it = after.chars();
            if let (Some(a), Some(b)) = (it.next(), it.next()) {
                if OUTLINE_CN_DIGITS.contains(a) && OUTLINE_ENUM_FOLLOWERS.contains(&b) {
                    return None;
                }
            }
            mk(nlen + mark.len_utf8(), parse_number(c.get(..nlen)?)?, false)
        }
        LabelForm::CnParen | LabelForm::ArabicParen => {
            let open = c.chars().next().filter(|ch| OUTLINE_OPEN.contains(ch))?;
            let pos = open.len_utf8();
            let rest = c.get(pos..)?;
            let set = if form == LabelForm::CnParen {
                OUTLINE_CN_DIGITS
            } else {
                OUTLINE_ARABIC_DIGITS
            };
            let nlen = take_run(rest, set, max)?;
            let close = rest
                .get(nlen..)?
                .chars()
                .next()
                .filter(|ch| OUTLINE_CLOSE.contains(ch))?;
            mk(
                pos + nlen + close.len_utf8(),
                parse_number(rest.get(..nlen)?)?,
                false,
            )
        }
        LabelForm::ArabicDot => {
            let nlen = take_run(c, OUTLINE_ARABIC_DIGITS, max)?;
            let rest = c.get(nlen..)?;
            let dot = rest.chars().next().filter(|ch| OUTLINE_DOTS.contains(ch))?;
            let end = nlen + dot.len_utf8();
            // `1.5万元`, `2.2015年…`: a decimal or a list item of 附件说明
            // (but `9. 2022年…`, with a space, is a label).
            if c.get(end..)?.starts_with(|ch: char| ch.is_ascii_digit()) && adjacent(end) {
                return None;
            }
            mk(end, parse_number(c.get(..nlen)?)?, false)
        }
        LabelForm::Circled => {
            let ch = c.chars().next()?;
            mk(ch.len_utf8(), circled_number(ch)?, false)
        }
    }
}

/// Does compact `c` open the way a label does? The loose reading of the
/// paragraph joiner: a form whose first char is a mark is known by that mark
/// alone (`第…`, a bracket, a circled number), a form that starts with its
/// numeral by numeral and separator (`一、`, `十五、`, `2021.`, `1.5`),
/// numerals neither checked nor limited, no guard. A line that opens so is
/// never the continuation of a sentence broken before it
/// (`(津发改双碳〔2023〕144号)` under a title is not).
pub fn opens_label(c: &str) -> bool {
    OUTLINE_LEVELS.iter().any(|lv| opens_form(c, lv.form))
}

fn opens_form(c: &str, form: LabelForm) -> bool {
    let numeral_then = |set: &str, marks: &[char]| {
        let rest = c.trim_start_matches(|ch: char| set.contains(ch));
        rest.len() < c.len() && rest.starts_with(marks)
    };
    match form {
        LabelForm::Ordinal { .. } => c.starts_with('第'),
        LabelForm::CnParen | LabelForm::ArabicParen => c.starts_with(OUTLINE_OPEN),
        LabelForm::Circled => c.chars().next().and_then(circled_number).is_some(),
        LabelForm::CnEnum => numeral_then(OUTLINE_CN_DIGITS, &[OUTLINE_ENUM_MARK]),
        LabelForm::ArabicDot => numeral_then(OUTLINE_ARABIC_DIGITS, OUTLINE_DOTS),
    }
}

/// Value of a circled number (`①` → 1, `⑳` → 20, `㉑` → 21, `㊿` → 50).
pub fn circled_number(ch: char) -> Option<u32> {
    match ch as u32 {
        v @ 0x2460..=0x2473 => Some(v - 0x245F),
        v @ 0x3251..=0x325F => Some(v - 0x3251 + 21),
        v @ 0x32B1..=0x32BF => Some(v - 0x32B1 + 36),
        _ => None,
    }
}

/// Was compact byte `k` of `line` printed right after the compact char
/// before it (nothing such as spaces dropped in between)?
fn compact_adjacent(line: &Line<'_>, k: usize) -> bool {
    let c = line.compact.as_str();
    let Some(prev) = c.get(..k).and_then(|r| r.chars().next_back()) else {
        return true;
    };
    let k = k.min(c.len());
    // Offsets in the raw line of the previous char and of char `k`.
    let a = line.text_offset_of_compact(k - prev.len_utf8());
    let b = if k >= c.len() {
        line.end()
    } else {
        line.text_offset_of_compact(k)
    };
    // The previous char as printed may be wider (full-width digits).
    let printed = line
        .text
        .get(a.saturating_sub(line.start)..)
        .and_then(|r| r.chars().next())
        .map_or(prev.len_utf8(), char::len_utf8);
    b == a + printed
}

/// True when the closing parenthesis at byte `i` of `text` ends an
/// enumeration label closed by a lone parenthesis (`1）`, `a)`, `二)`):
/// up to [`LONE_LABEL_MAX_CHARS`] ASCII letters or digits or Chinese
/// numerals, at the text start or after one of [`LONE_LABEL_LEADS`].
pub fn closes_lone_label(text: &str, i: usize) -> bool {
    let Some(before) = text.get(..i) else {
        return false;
    };
    let mut n = 0;
    let mut lead = None;
    for c in before.chars().rev() {
        if n < LONE_LABEL_MAX_CHARS && (c.is_ascii_alphanumeric() || OUTLINE_CN_DIGITS.contains(c))
        {
            n += 1;
        } else {
            lead = Some(c);
            break;
        }
    }
    n > 0 && lead.is_none_or(|c| LONE_LABEL_LEADS.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::text::{OffsetMap, SourceText};

    /// `(kind, number, label text, inserted)` of the label opening `c`.
    fn read(c: &str, rules: LabelRules) -> Option<(OutlineKind, u32, &str, bool)> {
        let m = read_label(c, rules, &|_| true)?;
        Some((m.outline_level()?.kind, m.number, &c[..m.end], m.inserted))
    }

    fn any(c: &str) -> Option<(OutlineKind, u32, &str, bool)> {
        read(c, ANY_LABEL)
    }

    /// The heading label of the first line of `text`, as printed.
    fn on_line(text: &str) -> Option<(OutlineKind, u32, String)> {
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let line = src.lines.first()?;
        let m = line_label(line)?;
        let label = line.compact[..m.end].to_string();
        Some((m.outline_level()?.kind, m.number, label))
    }

    #[test]
    fn ordinal_labels() {
        use OutlineKind::*;
        assert_eq!(any("第一编总则"), Some((Part, 1, "第一编", false)));
        assert_eq!(any("第二章管理"), Some((Chapter, 2, "第二章", false)));
        assert_eq!(any("第3节适用"), Some((Section, 3, "第3节", false)));
        assert_eq!(any("第十二条"), Some((Article, 12, "第十二条", false)));
        assert_eq!(
            any("第一百零五条甲"),
            Some((Article, 105, "第一百零五条", false))
        );
        assert_eq!(any("第两千条"), Some((Article, 2000, "第两千条", false)));
        assert_eq!(
            any("第三条之一补充"),
            Some((Article, 3, "第三条之一", true))
        );
        // 之 + more than three numerals is no insertion mark.
        assert_eq!(any("第三条之一二三四"), Some((Article, 3, "第三条", false)));
        // Letter-spacing and full-width digits, undone by the compact view.
        assert_eq!(
            on_line("　　第 一 章　总　则"),
            Some((Chapter, 1, "第一章".into()))
        );
        assert_eq!(
            on_line("第１２条　甲"),
            Some((Article, 12, "第12条".into()))
        );
        // Numbered 0, too many numerals, no unit: no label.
        assert_eq!(any("第零条"), None);
        assert_eq!(any("第1234567条"), None);
        assert_eq!(any("第三季度"), None);
        assert_eq!(any("第十二项"), None);
    }

    #[test]
    fn plan_labels() {
        use OutlineKind::*;
        assert_eq!(any("一、总体要求"), Some((Level1, 1, "一、", false)));
        assert_eq!(any("十二、"), Some((Level1, 12, "十二、", false)));
        assert_eq!(any("二十一、其他"), Some((Level1, 21, "二十一、", false)));
        for (c, label) in [
            ("（一）甲", "（一）"),
            ("(一)甲", "(一)"),
            ("（一)甲", "（一)"),
            ("(一）甲", "(一）"),
        ] {
            assert_eq!(any(c), Some((Level2, 1, label, false)), "{c}");
        }
        assert_eq!(any("（十）"), Some((Level2, 10, "（十）", false)));
        for (c, label) in [("1.甲", "1."), ("1．甲", "1．"), ("1、甲", "1、")] {
            assert_eq!(any(c), Some((Level3, 1, label, false)), "{c}");
        }
        assert_eq!(any("123.甲"), Some((Level3, 123, "123.", false)));
        assert_eq!(on_line("\u{3000}１．全角"), Some((Level3, 1, "1．".into())));
        assert_eq!(any("（1）甲"), Some((Level4, 1, "（1）", false)));
        assert_eq!(any("(12)甲"), Some((Level4, 12, "(12)", false)));
        assert_eq!(any("①定期"), Some((Level5, 1, "①", false)));
        assert_eq!(any("⑳"), Some((Level5, 20, "⑳", false)));
        assert_eq!(any("㉑"), Some((Level5, 21, "㉑", false)));
        assert_eq!(any("㊿"), Some((Level5, 50, "㊿", false)));
        assert_eq!(circled_number('㊱'), Some(36));
        assert_eq!(circled_number('甲'), None);
    }

    #[test]
    fn not_labels() {
        // Enumerations: a numeral and one of OUTLINE_ENUM_FOLLOWERS after 一、.
        for c in ["一、二季度", "一、二、三级", "三、四类", "一、二批"] {
            assert_eq!(any(c), None, "{c}");
        }
        assert!(any("一、二十项").is_some());
        // Decimals and dates run into the dot.
        assert_eq!(any("1.5万元"), None);
        assert_eq!(any("2.2015年"), None);
        // More numerals than the level takes; numbered 0; no closing mark.
        for c in [
            "（2015）",
            "2021.",
            "(123)",
            "（一二三四五）",
            "五一二三四、",
        ] {
            assert_eq!(any(c), None, "{c}");
        }
        for c in ["（0）", "0.", "（一", "一．", "这不是（一）", "甲", ""] {
            assert_eq!(any(c), None, "{c}");
        }
    }

    #[test]
    fn spacing_decides_a_decimal() {
        use OutlineKind::Level3;
        assert_eq!(on_line("9. 2022年统计公报"), Some((Level3, 9, "9.".into())));
        assert_eq!(on_line("9.2022年统计公报"), None);
        assert_eq!(on_line("10.党政机关"), Some((Level3, 10, "10.".into())));
        // A paragraph has lost its spacing: the digit may have been spaced off.
        assert_eq!(
            paragraph_label("9.2022年", PLAN_LABEL).map(|m| m.end),
            Some(2)
        );
        assert_eq!(
            paragraph_label("1.5万元", PLAN_LABEL).map(|m| m.end),
            Some(2)
        );
        assert_eq!(leading_label("9.2022年"), None);
    }

    #[test]
    fn reference_followers() {
        // Printed right against 规/的/中/款/… a 第…条 is a reference broken
        // at the line start, for heading readers only.
        for c in [
            "第二十一条规定的期限内",
            "第三条的",
            "第五条第二款",
            "第五条、第六条",
            "第五条）",
            "第五条之规定",
        ] {
            assert_eq!(on_line(c), None, "{c}");
            assert_eq!(read(c, HEADING_LABEL), None, "{c}");
            assert!(leading_label(c).is_some(), "{c}");
        }
        // With a space after the label it is a heading.
        assert_eq!(
            on_line("第二十一条 规定的期限内"),
            Some((OutlineKind::Article, 21, "第二十一条".into()))
        );
        assert!(on_line("第二十一条　本办法").is_some());
        // Only ordinals take the guard.
        assert!(on_line("一、的确").is_some());
    }

    #[test]
    fn filters() {
        // Plan labels only.
        assert_eq!(read("第一条甲", PLAN_LABEL), None);
        assert_eq!(read("第一章甲", PLAN_LABEL), None);
        assert!(read("（一）甲", PLAN_LABEL).is_some());
        // Articles and plan labels, never 编/章/节; 一． too.
        assert_eq!(read("第一章总则", ARTICLE_OR_PLAN_LABEL), None);
        assert_eq!(read("第一编总则", ARTICLE_OR_PLAN_LABEL), None);
        assert_eq!(read("第一节总则", ARTICLE_OR_PLAN_LABEL), None);
        let a = read("第四十二条本规定", ARTICLE_OR_PLAN_LABEL);
        assert_eq!(a.map(|x| x.2), Some("第四十二条"));
        for (c, label) in [
            ("一．本办法", "一．"),
            ("二.本办法", "二."),
            ("三、本办法", "三、"),
        ] {
            let m = read(c, ARTICLE_OR_PLAN_LABEL);
            assert_eq!(
                m.map(|x| (x.0, x.2)),
                Some((OutlineKind::Level1, label)),
                "{c}"
            );
        }
        assert_eq!(read("一．二季度", ARTICLE_OR_PLAN_LABEL), None);
        // Arabic dot labels only.
        assert!(read("1.名单", ARABIC_DOT_LABEL).is_some());
        assert_eq!(read("（1）名单", ARABIC_DOT_LABEL), None);
        assert_eq!(read("①名单", ARABIC_DOT_LABEL), None);
    }

    #[test]
    fn label_openings() {
        for c in [
            "第三季度",
            "第",
            "(津发改双碳〔2023〕144号)",
            "（含本数）",
            "①",
            "㉑",
            "一、二季度",
            "十五、市文化广电和旅游局",
            "2021.",
            "1.5万元",
            "12、",
            "１．",
        ] {
            let src = SourceText::new("t.txt", c, OffsetMap::Identity);
            assert!(opens_label(&src.lines[0].compact), "{c}");
        }
        for c in [
            "",
            "一",
            "一二",
            "十五项",
            "2021年",
            "甲、",
            "、",
            ".5",
            "这（一）",
        ] {
            assert!(!opens_label(c), "{c}");
        }
        // Every label opens like one.
        for c in ["第一章", "一、", "（一）", "1.", "（1）", "⑳", "第三条之一"] {
            assert!(leading_label(c).is_some() && opens_label(c), "{c}");
        }
    }

    #[test]
    fn lone_parenthesis_labels() {
        assert!(closes_lone_label("1）", "1".len()));
        assert!(closes_lone_label("a)", 1));
        assert!(closes_lone_label("甲，二)", "甲，二".len()));
        assert!(closes_lone_label("如下：12）", "如下：12".len()));
        assert!(!closes_lone_label("（注1）", "（注1".len()));
        assert!(!closes_lone_label("1234)", 4));
        assert!(!closes_lone_label("）", 0));
        assert!(!closes_lone_label("1）", 99));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[第一二十百条章节编之、（）()1０.．、①㉑㊿ \u{3000}甲规的]{0,12}") {
            for rules in [ANY_LABEL, HEADING_LABEL, PLAN_LABEL, ARTICLE_OR_PLAN_LABEL, ARABIC_DOT_LABEL] {
                for adj in [true, false] {
                    if let Some(m) = read_label(&s, rules, &|_| adj) {
                        assert!(s.is_char_boundary(m.end) && m.end > 0 && m.number > 0);
                        // The joiner's loose reading holds every label
                        // (but `一．`, which only clause texts read).
                        assert!(rules.cn_dots || opens_label(&s));
                    }
                }
            }
            let src = SourceText::new("t.txt", &s, OffsetMap::Identity);
            for l in &src.lines {
                let _ = line_label(l);
            }
            for i in 0..=s.len() + 1 {
                let _ = closes_lone_label(&s, i);
            }
        }
    }
}
