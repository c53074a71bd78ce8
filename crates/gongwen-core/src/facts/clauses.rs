//! Effective-date, validity and repeal clauses (施行、有效期、废止条款) and the
//! status of a document on any date (效力状态).
//!
//! One [`Clause`] per sentence, following the conventions of
//! `../shared/gold/clauses.json`:
//! - a sentence with an effective date is kind `effective`, with its
//!   validity period and any documents it repeals filled in as well;
//! - a sentence with a validity period but no effective date is `validity`;
//! - a sentence that only repeals (`…同时废止`, `宣布失效`) is `repeal`;
//! - a precedence sentence that names no document (`以本办法为准`,
//!   `…相关政策停止执行`) is `supersession` — recorded, but not an effective,
//!   validity or repeal clause;
//! - `text` is the sentence as printed, without a leading article or item
//!   label (`第四十二条　`, `（一）`, `三、`), a sentence broken over lines
//!   joined without the break.
//!
//! Roll-out deadlines (`2015年6月30日前，各县全部施行`) are not clauses, and
//! the 政策解读 sections appended to a document are not read.
//!
//! [`crate::corpus::status_on`] turns a document's clauses, its date and the documents that
//! repeal it into a [`crate::model::Status`] on a given day.
//!
//! Pure: no I/O, never panics, regexes compiled once.

use std::sync::LazyLock;

use chrono::{Months, NaiveDate};
use regex::{Captures, Regex};

use crate::facts::references::{self};
use crate::grammar::dates;
use crate::grammar::docnum;
use crate::grammar::labels::{paragraph_label, ARTICLE_OR_PLAN_LABEL};
use crate::model::Document;
use crate::model::ReferenceKind;
use crate::model::{Clause, ClauseKind, Effective, Repealed, Scope, Validity};
use crate::source::pattern::regex;
use crate::source::scan::{LiteralSet, Mask, Present};
use crate::source::text::{compact, SourceText};
use crate::structure::paragraphs::{paragraphs, prefix_to, Paragraph};

// ---------------------------------------------------------------------------
// Pattern tables (one place each). `{DATE}` ([`dates::DATE`]) and `{NUM}`
// are substituted.
// ---------------------------------------------------------------------------

/// A small count in Arabic or Chinese numerals (`5`, `三`, `十`).
const NUM: &str = r"(?:[0-9]{1,3}|[一二三四五六七八九十两]{1,3})";

/// How an effective-date phrasing fixes the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EffectiveForm {
    /// 自印发/发布/公布之日起施行 (also the misprint 自发之日起).
    OnIssue,
    /// 自2015年8月1日起施行, 自2021年4月13日开始实施.
    Date,
    /// 按照《…》（文号）规定的时间执行.
    ByReference,
}

/// Effective-date phrasings (施行日期), each with literals one of which
/// every match contains (a cheap gate before the regex runs).
const EFFECTIVE_PATTERNS: &[(EffectiveForm, &[&str], &str)] = &[
    (
        EffectiveForm::OnIssue,
        &["日起"],
        r"自(?:本\p{Han}{1,8})?(?:印发|发布|公布|颁布|下发|发文|发)之?日起(?:正式)?(?:施行|实施|执行|生效)",
    ),
    (
        EffectiveForm::Date,
        &[
            "日起",
            "日开始",
            "日正式",
            "日施行",
            "日实施",
            "日执行",
            "日生效",
        ],
        r"(?:自|从|于)(?P<date>{DATE})(?:起)?(?:开始|正式)?(?:施行|实施|执行|生效)",
    ),
    (
        EffectiveForm::ByReference,
        &["的时间", "的日期", "的时限"],
        r"按照?《(?P<title>[^》]{2,150})》(?:[（(](?P<num>[^）)]{2,40})[）)])?(?:规定|确定|明确)的(?:时间|日期|时限)起?(?:执行|施行|实施)",
    ),
];

/// Verbs one of which every [`EFFECTIVE_PATTERNS`] phrasing ends in (a
/// cheap gate before the three regexes).
const EFFECTIVE_VERBS: &[&str] = &["施行", "实施", "执行", "生效"];

/// Words every validity phrasing contains (a cheap gate).
const VALIDITY_NEEDS: &[&str] = &["有效期", "试行期", "期限"];

/// How a validity phrasing bounds the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValidityForm {
    Years,
    Months,
    UntilDate,
    /// `实施期限截至2020年底` → the last day of that year (or month).
    UntilPeriodEnd,
}

/// Validity phrasings (有效期), each with literals one of which every
/// match contains (a cheap gate: `期限` alone is common, `完成期限`).
const VALIDITY_PATTERNS: &[(ValidityForm, &[&str], &str)] = &[
    (
        ValidityForm::UntilDate,
        &["至", "到", "截"],
        r"(?:有效期|试行期|(?:实施|执行|有效)期限)(?:为|是)?(?:至|到|截至|截止到?)(?P<date>{DATE})止?",
    ),
    (
        ValidityForm::UntilPeriodEnd,
        &["至", "到", "截"],
        r"(?:有效期|试行期|(?:实施|执行|有效)期限)(?:为|是)?(?:至|到|截至|截止到?)(?P<y>[0-9]{4})年(?:(?P<m>[0-9]{1,2})月)?底",
    ),
    (
        ValidityForm::Years,
        &["有效期", "试行期"],
        r"(?:有效期|试行期)(?:为|是)?(?P<n>{NUM})个?年",
    ),
    (
        ValidityForm::Months,
        &["有效期", "试行期"],
        r"(?:有效期|试行期)(?:为|是)?(?P<n>{NUM})个月",
    ),
];

/// Words every repeal verb contains (a cheap gate).
const REPEAL_NEEDS: &[&str] = &["废止", "失效", "停止执行"];

/// A repeal verb ending a clause (废止、宣布失效).
const REPEAL_VERB: &str = r"(?:同时|一并|予以|即行|随之)?(?:废止|宣布失效|宣告失效|停止执行|失效)$";

/// Words before a repeal verb that make it no repeal (`拟废止`, `应当予以废止`).
const REPEAL_NEGATORS: &[&str] = &[
    "拟", "建议", "应当", "应予", "可以", "不再", "将", "可", "应", "需", "自动", "不得", "是否",
];

/// A count of repealed documents named in an attachment (`对1件…宣布失效`).
const REPEAL_COUNT: &str = r"(?P<n>[0-9]{1,3}|[一二三四五六七八九十两]{1,3})件";

/// Words every supersession phrasing contains (a cheap gate).
const SUPERSESSION_NEEDS: &[&str] = &["不一致", "相抵触", "不符"];

/// Precedence sentences that name no document (`以本办法为准`).
const SUPERSESSION_PATTERNS: &[&str] = &[
    r"(?:不一致|相抵触|不符)的?，?(?:均|一律)?以(?:本|该)\p{Han}{1,10}为准",
    r"(?:不一致|相抵触|不符)的?\p{Han}{0,12}停止执行",
    r"(?:不一致|相抵触|不符)的?，?(?:均|一律)?按(?:照)?(?:本|该)\p{Han}{1,10}执行",
];

/// Words a clause sentence must contain (cheap pre-filter).
const CLAUSE_HINTS: &[&str] = &[
    "施行",
    "实施",
    "执行",
    "生效",
    "有效期",
    "试行期",
    "期限",
    "废止",
    "失效",
    "为准",
];

/// A clause pattern with its placeholders (`{DATE}`, `{NUM}`) filled in.
fn filled(p: &str) -> String {
    p.replace("{DATE}", dates::DATE).replace("{NUM}", NUM)
}

static EFFECTIVE_RES: LazyLock<Vec<(EffectiveForm, &[&str], Regex)>> = LazyLock::new(|| {
    EFFECTIVE_PATTERNS
        .iter()
        .map(|(f, gate, p)| (*f, *gate, regex(&filled(p))))
        .collect()
});
static VALIDITY_RES: LazyLock<Vec<(ValidityForm, &[&str], Regex)>> = LazyLock::new(|| {
    VALIDITY_PATTERNS
        .iter()
        .map(|(f, needs, p)| (*f, *needs, regex(&filled(p))))
        .collect()
});
static REPEAL_VERB_RE: LazyLock<Regex> = LazyLock::new(|| regex(&filled(REPEAL_VERB)));
static REPEAL_COUNT_RE: LazyLock<Regex> = LazyLock::new(|| regex(&filled(REPEAL_COUNT)));
static SUPERSESSION_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    SUPERSESSION_PATTERNS
        .iter()
        .map(|p| regex(&filled(p)))
        .collect()
});
/// [`CLAUSE_HINTS`], found in one pass per paragraph.
static HINTS: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(CLAUSE_HINTS));

// ---------------------------------------------------------------------------
// Types.
// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// Extraction.
// ---------------------------------------------------------------------------

/// Every clause of `doc`, in text order. Reads from the document start to the
/// line before its first 政策解读.
pub fn extract(src: &SourceText<'_>, doc: &Document) -> Vec<Clause> {
    extract_from(
        src,
        doc,
        &paragraphs(src, doc.span.start_line, doc.span.end_line),
    )
}

/// [`extract`] over `whole`, the paragraphs of the whole document
/// (`paragraphs(src, doc.span.start_line, doc.span.end_line)`, computed once
/// for every extractor).
pub fn extract_from(src: &SourceText<'_>, doc: &Document, whole: &[Paragraph]) -> Vec<Clause> {
    let first = doc.span.start_line;
    let mut last = doc.span.end_line;
    if let Some(i) = doc.interpretations.iter().map(|s| s.start_line).min() {
        if i > first {
            last = last.min(i - 1);
        }
    }
    // Up to the 政策解读: a prefix of `whole` unless a paragraph runs over.
    let own;
    let paras = match prefix_to(whole, last) {
        Some(k) => whole.get(..k).unwrap_or(&[]),
        None => {
            own = paragraphs(src, first, last);
            own.as_slice()
        }
    };
    let mut out = Vec::new();
    for p in paras {
        // Every sentence of a clause contains a hint; so does its paragraph.
        // `next`: where the first hint at or after the current sentence
        // starts (each search resumes at the next sentence, so a paragraph
        // is read about once; no hint holds a sentence end).
        let text: &str = &p.text;
        let Some(mut next) = HINTS.first_start(text) else {
            continue;
        };
        for (a, b) in p.sentences() {
            if b <= next {
                continue;
            }
            if let Some(c) = sentence_clause(src, doc, p, a, b) {
                out.push(c);
            }
            match text.get(b..).and_then(|r| HINTS.first_start(r)) {
                Some(k) => next = b + k,
                None => break,
            }
        }
    }
    out
}

/// The clause of sentence `a..b` of `p` (which holds a [`CLAUSE_HINTS`]
/// word: the caller checks).
fn sentence_clause(
    src: &SourceText<'_>,
    doc: &Document,
    p: &Paragraph,
    a: usize,
    b: usize,
) -> Option<Clause> {
    let s = p.text.get(a..b)?;
    let a = if a == 0 {
        // A leading article or item label is not part of the clause text.
        paragraph_label(s, ARTICLE_OR_PLAN_LABEL).map_or(a, |m| a + m.end)
    } else {
        a
    };
    let s = p.text.get(a..b)?;
    let words = Words(GATE_WORDS.scan(s));
    let effective = find_effective(s, words);
    let validity = find_validity(s, words);
    let repealed = find_repealed(src, doc, p, a, s, words);
    let kind = if effective.is_some() {
        ClauseKind::Effective
    } else if validity.is_some() {
        ClauseKind::Validity
    } else if !repealed.is_empty() {
        ClauseKind::Repeal
    } else if words.any(MASKS.supersession) && SUPERSESSION_RES.iter().any(|r| r.is_match(s)) {
        ClauseKind::Supersession
    } else {
        return None;
    };
    Some(Clause {
        kind,
        text: references::raw_text(src, p, a, b),
        effective,
        validity,
        repealed,
        scope: scope_of(doc, s),
        span: p.span(src, a, b),
    })
}

/// Every gate word of the clause forms ([`EFFECTIVE_VERBS`], each
/// effective form's gate, [`VALIDITY_NEEDS`], [`REPEAL_NEEDS`],
/// [`SUPERSESSION_NEEDS`]), found in one pass per sentence (one substring
/// search each cost more).
static GATE_WORDS: LazyLock<LiteralSet> = LazyLock::new(|| {
    LiteralSet::new(
        EFFECTIVE_VERBS
            .iter()
            .chain(
                EFFECTIVE_PATTERNS
                    .iter()
                    .flat_map(|(_, gate, _)| gate.iter()),
            )
            .chain(VALIDITY_NEEDS)
            .chain(REPEAL_NEEDS)
            .chain(SUPERSESSION_NEEDS),
    )
});

/// [`GATE_WORDS`] masks of the word lists asked of every sentence.
struct GateMasks {
    effective_verbs: Mask,
    /// Per [`EFFECTIVE_PATTERNS`] entry, its gate.
    effective_forms: Vec<Mask>,
    validity: Mask,
    repeal: Mask,
    supersession: Mask,
}

static MASKS: LazyLock<GateMasks> = LazyLock::new(|| {
    let w = &*GATE_WORDS;
    GateMasks {
        effective_verbs: w.mask(EFFECTIVE_VERBS),
        effective_forms: EFFECTIVE_PATTERNS
            .iter()
            .map(|(_, g, _)| w.mask(g))
            .collect(),
        validity: w.mask(VALIDITY_NEEDS),
        repeal: w.mask(REPEAL_NEEDS),
        supersession: w.mask(SUPERSESSION_NEEDS),
    }
});

/// The [`GATE_WORDS`] a sentence holds.
#[derive(Clone, Copy)]
struct Words(Present);

impl Words {
    /// True when the sentence holds a word of `mask` (from [`MASKS`]).
    fn any(self, mask: Mask) -> bool {
        self.0.any_of(mask)
    }
}

fn find_effective(s: &str, words: Words) -> Option<Effective> {
    if !words.any(MASKS.effective_verbs) {
        return None;
    }
    for ((form, _, re), gate) in EFFECTIVE_RES.iter().zip(&MASKS.effective_forms) {
        if !words.any(*gate) {
            continue;
        }
        let Some(c) = re.captures(s) else { continue };
        match form {
            EffectiveForm::OnIssue => return Some(Effective::OnIssue),
            EffectiveForm::Date => {
                if let Some(date) = cap_date(&c, "date") {
                    return Some(Effective::Date { date });
                }
            }
            EffectiveForm::ByReference => {
                return Some(Effective::ByReference {
                    title: c.name("title").map(|m| m.as_str().to_string()),
                    doc_number: c
                        .name("num")
                        .and_then(|m| docnum::parse_prefix(m.as_str()))
                        .map(|(n, _)| n),
                });
            }
        }
    }
    None
}

fn cap_date(c: &Captures<'_>, name: &str) -> Option<NaiveDate> {
    dates::find_date(c.name(name)?.as_str())?.date.date
}

fn find_validity(s: &str, words: Words) -> Option<Validity> {
    if !words.any(MASKS.validity) {
        return None;
    }
    for (form, needs, re) in VALIDITY_RES.iter() {
        if !needs.iter().any(|w| s.contains(w)) {
            continue;
        }
        let Some(c) = re.captures(s) else { continue };
        let v = match form {
            ValidityForm::UntilDate => cap_date(&c, "date").map(|date| Validity::Until { date }),
            ValidityForm::UntilPeriodEnd => period_end(&c).map(|date| Validity::Until { date }),
            ValidityForm::Years => c
                .name("n")
                .and_then(|m| dates::parse_number(m.as_str()))
                .filter(|&n| n > 0)
                .map(|years| Validity::Years { years }),
            ValidityForm::Months => c
                .name("n")
                .and_then(|m| dates::parse_number(m.as_str()))
                .filter(|&n| n > 0)
                .map(|months| Validity::Months { months }),
        };
        if v.is_some() {
            return v;
        }
    }
    None
}

/// Last day of `YYYY年底` or `YYYY年M月底`.
fn period_end(c: &Captures<'_>) -> Option<NaiveDate> {
    let y: i32 = c.name("y")?.as_str().parse().ok()?;
    match c.name("m") {
        None => NaiveDate::from_ymd_opt(y, 12, 31),
        Some(m) => {
            let m: u32 = m.as_str().parse().ok()?;
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            first.checked_add_months(Months::new(1))?.pred_opt()
        }
    }
}

/// Top-level clause segments of a sentence: split at `，；,;` outside
/// brackets and title marks. Returns byte ranges.
fn segments(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (k, c) in s.char_indices() {
        match c {
            '（' | '(' | '《' | '〈' | '“' | '【' | '〔' | '[' => depth += 1,
            '）' | ')' | '》' | '〉' | '”' | '】' | '〕' | ']' => depth = (depth - 1).max(0),
            '，' | ',' | '；' | ';' | '。' | '！' | '？' if depth == 0 => {
                out.push((start, k));
                start = k + c.len_utf8();
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

/// Documents repealed by the sentence `s` (paragraph bytes from `a`): the
/// segment ending in a repeal verb names them (《title》, 文号), or counts
/// them (`对1件…宣布失效`) and the attachment table lists them.
fn find_repealed(
    src: &SourceText<'_>,
    doc: &Document,
    p: &Paragraph,
    a: usize,
    s: &str,
    words: Words,
) -> Vec<Repealed> {
    let mut out = Vec::new();
    if !words.any(MASKS.repeal) {
        return out;
    }
    for (ss, se) in segments(s) {
        let Some(seg) = s.get(ss..se) else { continue };
        let Some(verb) = REPEAL_VERB_RE.find(seg) else {
            continue;
        };
        let before = seg.get(..verb.start()).unwrap_or("");
        if REPEAL_NEGATORS.iter().any(|n| before.ends_with(n)) {
            continue;
        }
        let named: Vec<_> = references::scan(before, &mut Vec::new())
            .into_iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    ReferenceKind::Title
                        | ReferenceKind::TitleAndNumber
                        | ReferenceKind::Number
                        | ReferenceKind::Decree
                )
            })
            .collect();
        if !named.is_empty() {
            for f in named {
                out.push(Repealed {
                    title: f.title,
                    doc_number: f.doc_number,
                    issuer: f.issuer,
                    date: f.date,
                    span: p.span(src, a + ss + f.start, a + ss + f.end),
                    target_id: None,
                    ambiguous: Vec::new(),
                });
            }
            continue;
        }
        // Only a count: the documents are listed in a table after the clause.
        if verb.as_str().contains("停止执行") {
            continue;
        }
        if let Some(c) = REPEAL_COUNT_RE.captures(before) {
            let n = c
                .name("n")
                .and_then(|m| dates::parse_number(m.as_str()))
                .unwrap_or(0) as usize;
            out.extend(listed_in_tables(doc, p.line_of(a)).into_iter().take(n));
        }
    }
    out
}

/// Rows of the document's tables (after `line`) that name a document by
/// 文号: the 文号 cell and the longest other cell as title.
fn listed_in_tables(doc: &Document, line: usize) -> Vec<Repealed> {
    let mut out = Vec::new();
    for t in doc.tables.iter().filter(|t| t.span.start_line > line) {
        for row in &t.rows {
            let cells: Vec<String> = row.cells.iter().map(|c| compact(&c.text)).collect();
            let Some(k) = cells.iter().position(|c| docnum::parse_exact(c).is_some()) else {
                continue;
            };
            let title = cells
                .iter()
                .enumerate()
                .filter(|&(j, c)| j != k && c.chars().any(|ch| ch > '\u{2E80}'))
                .max_by_key(|(_, c)| c.chars().count())
                .map(|(_, c)| c.clone());
            out.push(Repealed {
                title,
                doc_number: docnum::parse_exact(&cells[k]),
                issuer: None,
                date: None,
                span: row.span.clone(),
                target_id: None,
                ambiguous: Vec::new(),
            });
        }
    }
    out
}

/// Whom the clause sentence governs. It is `embedded` only when the
/// document encloses no text of its own by title and the sentence's subject
/// (`《X》…` or `本办法…`) is a text the title merely mentions
/// (`关于学习贯彻X的通知`).
fn scope_of(doc: &Document, s: &str) -> Scope {
    if !doc.enclosed.is_empty() {
        return Scope::Own;
    }
    let Some(title) = doc.header.title.as_ref().map(|t| compact(&t.value)) else {
        return Scope::Own;
    };
    if let Some(rest) = s.strip_prefix('《') {
        if let Some(end) = rest.find('》') {
            let x = rest.get(..end).unwrap_or("");
            if !x.is_empty() && x != title && title.contains(x) {
                return Scope::Embedded;
            }
        }
        return Scope::Own;
    }
    if let Some(rest) = s.strip_prefix('本') {
        let genre = crate::grammar::patterns::GENRES
            .iter()
            .filter(|g| rest.starts_with(*g))
            .max_by_key(|g| g.len());
        if let Some(g) = genre {
            let base = crate::grammar::patterns::strip_trailing_paren(&title);
            if !base.ends_with(g) && base.contains(g) {
                return Scope::Embedded;
            }
        }
    }
    Scope::Own
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Candidate;
    use crate::model::{Cell, Field, FieldSource, Header, Row, Span, Table};
    use crate::source::text::OffsetMap;

    #[test]
    fn gates_are_in_their_patterns() {
        // Every match holds one of its form's gate literals.
        let phrasings = [
            "自印发之日起施行",
            "自本通知发布之日起正式实施",
            "自2015年8月1日起施行",
            "自二〇二一年四月十三日开始实施",
            "从2021年1月1日正式执行",
            "于2020年12月1日生效",
            "自2019年3月1日施行",
            "按照《某某办法》（冀政发〔2019〕3号）规定的时间执行",
            "按《某某办法》确定的日期起施行",
            "按照《某某办法》明确的时限实施",
        ];
        for text in phrasings {
            let hit =
                EFFECTIVE_RES
                    .iter()
                    .zip(&MASKS.effective_forms)
                    .find_map(|((_, _, re), gate)| {
                        re.find(text)
                            .map(|m| Words(GATE_WORDS.scan(m.as_str())).any(*gate))
                    });
            assert_eq!(hit, Some(true), "{text}");
        }
        for (_, _, p) in EFFECTIVE_PATTERNS {
            let p = p.replace("{DATE}", dates::DATE);
            // Each ends in a required group of the verbs, nothing after it.
            let tail = p.rsplit("(?:").next().unwrap_or("");
            let verbs: Vec<&str> = tail.trim_end_matches(')').split('|').collect();
            assert!(
                !verbs.is_empty() && verbs.iter().all(|v| EFFECTIVE_VERBS.contains(v)),
                "{p}"
            );
        }
        for (_, needs, p) in VALIDITY_PATTERNS {
            assert!(
                VALIDITY_NEEDS.iter().any(|w| p.contains(w)) || p.contains("期限"),
                "{p}"
            );
            // The form's own gate: each alternative of the pattern's group
            // after the label holds one (`至`, `到`, `截至`, `截止`), or the
            // label itself does (`有效期`, `试行期`).
            assert!(needs.iter().all(|w| p.contains(w)), "{p}");
        }
        for (text, want) in [
            ("有效期至2025年12月31日", true),
            ("实施期限截止到2020年底", true),
            ("执行期限到2022年6月底", true),
            ("有效期为5年", true),
            ("试行期两年", true),
            ("有效期3个月", true),
            ("完成期限为2个月", false),
        ] {
            let words = Words(GATE_WORDS.scan(text));
            assert_eq!(find_validity(text, words).is_some(), want, "{text}");
            let ungated = VALIDITY_RES
                .iter()
                .any(|(_, needs, re)| re.is_match(text) && !needs.iter().any(|w| text.contains(w)));
            assert!(!ungated, "{text}");
        }
        for p in SUPERSESSION_PATTERNS {
            assert!(SUPERSESSION_NEEDS.iter().any(|w| p.contains(w)), "{p}");
        }
        for w in ["废止", "宣布失效", "宣告失效", "停止执行", "失效"] {
            assert!(REPEAL_VERB.contains(w) && REPEAL_NEEDS.iter().any(|n| w.contains(n)));
        }
        for h in CLAUSE_HINTS {
            assert!(HINTS.is_in(&format!("甲{h}乙")), "{h}");
            assert!(
                !h.contains(crate::structure::paragraphs::SENTENCE_END),
                "{h}"
            );
        }
        assert!(!HINTS.is_in("本通知印发后请认真贯彻。"));
        // Every gate word gets a bit of the sentence scan.
        assert!(GATE_WORDS.len() <= 128);
        let all = Words(
            GATE_WORDS.scan("施行实施执行生效有效期试行期期限废止失效停止执行不一致相抵触不符"),
        );
        for w in EFFECTIVE_VERBS
            .iter()
            .chain(VALIDITY_NEEDS)
            .chain(REPEAL_NEEDS)
            .chain(SUPERSESSION_NEEDS)
        {
            assert!(
                GATE_WORDS.bit(w).is_some() && all.any(GATE_WORDS.mask(&[w])),
                "{w}"
            );
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn doc(src: &SourceText<'_>, title: &str) -> Document {
        let span = src.span_lines(1, src.len());
        Document {
            ordinal: 0,
            facts: Default::default(),
            span: span.clone(),
            header: Header {
                title: Some(Field {
                    value: title.to_string(),
                    span,
                    source: FieldSource::Header,
                }),
                ..Default::default()
            },
            enclosed: Vec::new(),
            attachments: Vec::new(),
            outline: Vec::new(),
            tables: Vec::new(),
            interpretations: Vec::new(),
            body_start_line: 1,
            diagnostics: Vec::new(),
        }
    }

    fn clauses(text: &str) -> Vec<Clause> {
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let dc = doc(&src, "某市某某管理办法");
        extract(&src, &dc)
    }

    fn one(text: &str) -> Clause {
        let v = clauses(text);
        assert_eq!(v.len(), 1, "{text}: {v:#?}");
        v.into_iter().next().unwrap()
    }

    crate::source::pattern::force_patterns!(
        EFFECTIVE_RES,
        VALIDITY_RES,
        REPEAL_VERB_RE,
        REPEAL_COUNT_RE,
        SUPERSESSION_RES,
        HINTS
    );

    #[test]
    fn effective_with_validity_full_width_and_label() {
        let c = one("第四十二条　本规定自2015年８月１日起施行，有效期3年。\n");
        assert_eq!(c.kind, ClauseKind::Effective);
        assert_eq!(c.text, "本规定自2015年８月１日起施行，有效期3年。");
        assert_eq!(
            c.effective,
            Some(Effective::Date {
                date: d(2015, 8, 1)
            })
        );
        assert_eq!(c.validity, Some(Validity::Years { years: 3 }));
        assert_eq!(c.validity.unwrap().as_export(), "P3Y");
        let c = one("（一）本措施自印发之日起施行，有效期５年。");
        assert_eq!(c.text, "本措施自印发之日起施行，有效期５年。");
        assert_eq!(c.effective, Some(Effective::OnIssue));
        assert_eq!(c.validity, Some(Validity::Years { years: 5 }));
        // Every article or item label is left out of the clause text (一．
        // too), a chapter label is not.
        for (label, text) in [
            ("第三条之一", "本办法自公布之日起施行。"),
            ("三．", "本办法自公布之日起施行。"),
            ("二、", "本办法自公布之日起施行。"),
            ("12.", "本办法自公布之日起施行。"),
            ("①", "本办法自公布之日起施行。"),
        ] {
            assert_eq!(one(&format!("{label}{text}")).text, text, "{label}");
        }
        let c = one("第八章本办法自公布之日起施行。");
        assert_eq!(c.text, "第八章本办法自公布之日起施行。");
    }

    #[test]
    fn effective_forms() {
        assert_eq!(
            one("本预案自发布之日起实施，有效期三年。").validity,
            Some(Validity::Years { years: 3 })
        );
        assert_eq!(
            one("本方案有效期一年，自公布之日起施行。").effective,
            Some(Effective::OnIssue)
        );
        assert_eq!(
            one("本方案自发之日起施行，有效期为5年。").effective,
            Some(Effective::OnIssue)
        );
        let c = one("本实施意见自2021年4月13日开始实施，有效期5年。");
        assert_eq!(
            c.effective,
            Some(Effective::Date {
                date: d(2021, 4, 13)
            })
        );
        let c = one("第二十七条 本办法自 2017 年 8 月 4 日起施行，有效期 5 年。");
        assert_eq!(c.text, "本办法自 2017 年 8 月 4 日起施行，有效期 5 年。");
        assert_eq!(
            c.effective.unwrap().as_export().as_deref(),
            Some("2017-08-04")
        );
        let c = one("本规划自印发之日起施行，有效期至2025年12月31日止。");
        assert_eq!(
            c.validity,
            Some(Validity::Until {
                date: d(2025, 12, 31)
            })
        );
        let v = clauses("本意见自2017年1月1日起执行，政策实施期限截至2020年底。此前与该意见不一致的相关政策停止执行。");
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[0].validity.as_ref().unwrap().as_export(),
            "until 2020-12-31"
        );
        assert_eq!(v[1].kind, ClauseKind::Supersession);
        assert!(v[1].repealed.is_empty());
        let c = one("本政策自发布之日起施行，具体由县某局负责解释。");
        assert_eq!(c.kind, ClauseKind::Effective);
    }

    #[test]
    fn by_reference_split_over_lines() {
        let text = "三、新地段等级范围划分按照《某省财政厅关于增加某市城镇土地使用税地段等级的通知》（冀财税〔2017〕11\n\n号）规定的时间执行。《某市人民政府关于调整地段等级的通知》（〔2014〕26 号）同时废止。\n";
        let v = clauses(text);
        assert_eq!(v.len(), 2, "{v:#?}");
        assert_eq!(v[0].kind, ClauseKind::Effective);
        assert_eq!((v[0].span.start_line, v[0].span.end_line), (1, 3));
        assert!(v[0].text.starts_with("新地段"));
        assert!(v[0].text.contains("〔2017〕11号）规定"));
        match &v[0].effective {
            Some(Effective::ByReference { doc_number, .. }) => {
                assert_eq!(doc_number.as_ref().unwrap().raw, "冀财税〔2017〕11号")
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(v[0].effective.as_ref().unwrap().as_export(), None);
        assert_eq!(v[1].kind, ClauseKind::Repeal);
        assert_eq!(v[1].span.start_line, 3);
        assert_eq!(
            v[1].text,
            "《某市人民政府关于调整地段等级的通知》（〔2014〕26 号）同时废止。"
        );
        let r = &v[1].repealed[0];
        assert_eq!(r.doc_number.as_ref().unwrap().raw, "〔2014〕26号");
        assert_eq!(
            r.title.as_deref(),
            Some("某市人民政府关于调整地段等级的通知")
        );
    }

    #[test]
    fn repeals() {
        let v = clauses("第四十二条　本规定自2015年8月1日起施行，有效期3年。《某区养犬管理规定》（某市人民政府令〔2009〕第1号）同时废止。");
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].kind, ClauseKind::Repeal);
        assert_eq!(
            v[1].repealed[0].doc_number.as_ref().unwrap().raw,
            "某市人民政府令〔2009〕第1号"
        );
        let c = one("本文件自印发之日起执行，某市人民政府办公室2019年12月4日印发的《某市创建工作实施方案》同时废止。");
        assert_eq!(c.kind, ClauseKind::Effective);
        assert_eq!(c.repealed.len(), 1);
        assert_eq!(c.repealed[0].date, Some(d(2019, 12, 4)));
        assert_eq!(c.repealed[0].doc_number, None);
        // Resolution of a repealed document by 文号.
        let mut cs = v.clone();
        let cand = Candidate {
            id: "dog-2009".into(),
            issuers: vec!["某市人民政府".into()],
            title: Some("某区养犬管理规定".into()),
            doc_number: docnum::parse_exact("某市人民政府令〔2009〕第1号"),
            date: None,
            enclosed_titles: Vec::new(),
        };
        crate::corpus::resolve_repeals(&mut cs, &[cand]);
        assert_eq!(cs[1].repealed[0].target_id.as_deref(), Some("dog-2009"));
        let c = one("2017年3月16日印发的巨政字〔2017〕9号文件同时废止。");
        assert_eq!(c.repealed[0].title, None);
        assert_eq!(
            c.repealed[0].doc_number.as_ref().unwrap().raw,
            "巨政字〔2017〕9号"
        );
        // The document cited as the basis is not repealed.
        let c = one("按照《某省关于清理结果的通知》（冀政字〔2022〕55号）要求，某市对《甲办法》（某政〔2018〕1号）、《乙办法》宣布失效。");
        assert_eq!(c.repealed.len(), 2);
        assert_eq!(c.repealed[0].title.as_deref(), Some("甲办法"));
        // Not repeals.
        assert!(clauses("（一）规章、行政规范性文件有下列情形之一的，应当予以废止。").is_empty());
        assert!(clauses("凡宣布失效、废止和能及时修改的，不得拖延。").is_empty());
        assert!(clauses("对拟废止的《甲办法》说明理由。").is_empty());
    }

    #[test]
    fn repeal_listed_in_attachment_table() {
        let text = "经研究同意，对1件市政府规范性文件宣布失效。宣布失效的市政府规范性文件，不再作为依据。\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let mut dc = doc(&src, "关于宣布失效一批文件的通知");
        let sp = |l: usize| Span {
            file: "t.txt".into(),
            start_byte: 0,
            end_byte: 0,
            start_line: l,
            end_line: l,
        };
        let cell = |t: &str| Cell {
            text: t.into(),
            span: sp(5),
        };
        dc.tables.push(Table {
            span: sp(4),
            rows: vec![
                Row {
                    cells: vec![cell("序号"), cell("文件名称"), cell("文号")],
                    span: sp(4),
                    repeated_header: false,
                },
                Row {
                    cells: vec![
                        cell("1"),
                        cell("某市关于甲的实施意见"),
                        cell("某政办发〔2018〕21号"),
                    ],
                    span: sp(5),
                    repeated_header: false,
                },
            ],
            columns: Some(3),
            faithful: true,
            header_row: Some(0),
        });
        let v = extract(&src, &dc);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert_eq!(v[0].kind, ClauseKind::Repeal);
        assert_eq!(
            v[0].repealed[0].title.as_deref(),
            Some("某市关于甲的实施意见")
        );
        assert_eq!(
            v[0].repealed[0].doc_number.as_ref().unwrap().raw,
            "某政办发〔2018〕21号"
        );
    }

    #[test]
    fn supersession_and_exclusions() {
        let v = clauses("本办法自印发之日起实施，有效期2年。本办法实施前制定的相关政策与本办法不一致的，以本办法为准。");
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].kind, ClauseKind::Supersession);
        assert!(clauses("第九条　2015年6月30日前，各县（市、区）全部施行。").is_empty());
        assert!(clauses("具体比例以中标结果为准。").is_empty());
        assert!(clauses("5.有效期已满且不需要延期。").is_empty());
        assert!(
            clauses("在房屋租赁合同有效期内，承租人应当自变更之日起三个工作日内报告。").is_empty()
        );
    }

    #[test]
    fn validity_only_and_interpretations_skipped() {
        let c = one("本实施细则由某市卫生局负责解释，有效期2年。");
        assert_eq!(c.kind, ClauseKind::Validity);
        assert_eq!(c.effective, None);
        let text = "本办法自印发之日起施行。\n《某办法》政策解读\n本办法自2023年1月1日起施行，有效期5年。\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let mut dc = doc(&src, "某办法");
        dc.interpretations.push(src.span_lines(2, 2));
        assert_eq!(extract(&src, &dc).len(), 1);
    }

    #[test]
    fn embedded_scope() {
        let text = "《某省行政许可目录管理办法》已经省政府常务会议通过，自2015年2月1日起施行。\n第十九条　本办法自2015年2月1日起施行。\n本通知自印发之日起施行。\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let dc = doc(&src, "关于学习贯彻某省行政许可目录管理办法的通知");
        let v = extract(&src, &dc);
        let scopes: Vec<Scope> = v.iter().map(|c| c.scope).collect();
        assert_eq!(scopes, vec![Scope::Embedded, Scope::Embedded, Scope::Own]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "自",
            "有效期",
            "有效期0年。",
            "截至9999年底",
            "有效期至2021年2月30日止。",
            "第一条",
            "（一）",
            "废止",
            "《》同时废止。",
            "1件宣布失效",
            "自2015年13月1日起施行。",
            "实施期限截至2020年13月底。",
        ] {
            let _ = clauses(t);
        }
    }
}
