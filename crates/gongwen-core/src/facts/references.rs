//! References (引用) and the link graph: citations of other documents in a
//! document's body, and their resolution to documents in the store.
//!
//! Input is the paragraph view ([`crate::structure::paragraphs`]): compact text (spaces
//! removed, full-width digits folded) with a map back to the source, so a
//! citation split over lines by a PDF break is read whole and still carries
//! an exact [`crate::model::Span`]. Forms recognised (all occur in the corpus):
//!
//! | form | kind |
//! |---|---|
//! | `《title》（文号）`, `国务院办公厅《…》（国办发〔2014〕42号）` | `title_and_number` |
//! | `《title》（〔2014〕91号）` (no agency code) | `title_and_number` |
//! | `国发〔2013〕35号文件`, bare `（〔2015〕21号）` | `number` |
//! | `（国务院令第649号）`, `（廊坊市人民政府令〔2009〕第1号）` | `decree` |
//! | `《title》`, `省政府《…》`, `2019年12月4日印发的《…》` | `title` |
//! | `GB50016—2014`, `《用水定额》（DB13/T 1161-2016）` | `standard` |
//! | `本办法第二十一条`, `（详见附件2）`, the document's own title | `internal` |
//! | `制定《…办法》`, `研究制定《A》、《B》` | `to_be_drafted` |
//!
//! Titles run together (`《A》《B》`, `《A》、《B》`) give one reference each;
//! nested titles keep their inner marks normalised to `〈〉`; aliases
//! introduced by `（以下简称《办法》）` are not citations and are skipped, as are
//! later uses of the alias.
//!
//! [`crate::corpus::resolve`] links citations to [`crate::model::Candidate`] documents: by parsed 文号
//! (prefix + year + serial), narrowed by issuer and date; by normalised title
//! (with or without the issuer prefixed); by the enclosed title of a cover
//! notice. Several matches are never resolved silently: `target_id` stays
//! `None` and `ambiguous` lists the candidate ids.
//!
//! Pure: no I/O, never panics, regexes compiled once.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::grammar::dates;
use crate::grammar::docnum;
use crate::grammar::patterns;
use crate::grammar::titles::normalize_title;
use crate::model::{DocNumber, Document};
use crate::model::{Reference, ReferenceKind};
use crate::source::pattern::regex;
use crate::source::scan::{CharScan, LiteralSet, Present};
use crate::source::text::SourceText;
use crate::structure::paragraphs::{paragraphs, Paragraph};

// ---------------------------------------------------------------------------
// Pattern tables (one place each).
// ---------------------------------------------------------------------------

/// Verbs that can stand before a citation (`根据国务院《…》`, `应按照国发〔…〕`).
/// An issuer or agency code begins after the *last* of them in the text
/// before the citation.
pub const LEAD_VERBS: &[&str] = &[
    "学习贯彻",
    "贯彻落实",
    "贯彻执行",
    "根据",
    "按照",
    "依照",
    "依据",
    "遵照",
    "参照",
    "对照",
    "结合",
    "贯彻",
    "落实",
    "执行",
    "学习",
    "转发",
    "印发了",
    "认真",
    "严格",
    "关于",
    "通过",
];

/// Single words stripped from the start of the text before a citation
/// (`和省政府《…》`).
pub const LEAD_PARTICLES: &[&str] = &[
    "以及", "并", "和", "及", "与", "或", "对", "将", "把", "由", "在", "是", "为", "要", "应",
    "经", "按", "据", "依", "现", "已", "均", "的",
];

/// Verb phrases between an issuer (or a date) and the cited title
/// (`廊坊市人民政府办公室2019年12月4日印发的《…》`), longest first.
pub const ISSUE_VERBS: &[&str] = &[
    "印发实施的",
    "印发的",
    "发布的",
    "制定的",
    "出台的",
    "下发的",
    "颁布的",
    "公布的",
    "转发的",
    "印发",
    "发布",
    "的",
];

/// Drafting verbs: a `《…》` right after one is a document still to be
/// drafted (`制定《…办法》`), unless `已` comes before it.
pub const DRAFTING_VERBS: &[&str] = &[
    "研究制定",
    "制定出台",
    "研究出台",
    "抓紧制定",
    "加快制定",
    "修订完善",
    "制定",
    "出台",
    "起草",
    "编制",
];

/// Words before `《X》` that make X an alias, not a citation (`以下简称《办法》`).
pub const ALIAS_MARKERS: &[&str] = &["以下简称", "简称", "下称"];

/// Central bodies whose names carry no agency suffix.
pub const CENTRAL_ISSUERS: &[&str] = &["中共中央", "中央", "国务院", "党中央"];

/// Characters that end the text an issuer or date can be read from.
const PRE_DELIMITERS: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '！', '？', '“', '”', '"', '（', '）', '(', ')',
    '《', '》', '〈', '〉', '「', '」', '【', '】',
];

/// Characters before an agency code that can never be part of it.
const NUMBER_CUT: &[char] = &['的', '和', '及', '与', '或', '、'];

/// The char every 文号 and decree number core ends with (a cheap gate for
/// [`docnum::cores`]).
const NUMBER_MARK: &str = docnum::CORE_MARK;

/// The literals of the gates in [`scan`] ([`NUMBER_MARK`] and each
/// internal-reference literal): part of the paragraph gates, found in one
/// pass per paragraph ([`REFERENCE_GATES`]).
/// The [`gate_words`], found in one pass per paragraph.
static REFERENCE_GATES: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(gate_words()));

pub(crate) fn gate_words() -> impl Iterator<Item = &'static &'static str> {
    std::iter::once(&NUMBER_MARK).chain(INTERNAL_PATTERNS.iter().map(|(lit, _)| lit))
}

/// Technical standards (标准编号): code, number, year, any dash. Compact
/// text, so `DB13/T 1161-2016` reads `DB13/T1161-2016`.
const STANDARD: &str = r"(?:GB|DB[0-9]{2}|JGJ|CJJ|CJ|HJ|JTG|JT|GA|WS|NY|SL|DL|YY|QX|JB|JC|TSG|AQ|MZ|LY|SB|CECS|T/[A-Z]{2,8})(?:/[TZ])?/?[0-9]{1,6}(?:\.[0-9]+)*[-—–－‐―~](?:19|20)[0-9]{2}";

/// References inside the document (内部引用). `target` names what is referred to.
/// Each pattern comes with a literal every match contains (a cheap gate).
const INTERNAL_PATTERNS: &[(&str, &str)] = &[
    // 本办法第二十一条（第一款）（第三项）
    (
        "条",
        r"本(?:实施细则|实施办法|实施意见|实施方案|办法|规定|细则|条例|规则|意见|方案|预案|决定|通知|措施|政策)(?P<target>第[一二三四五六七八九十百零〇0-9]+条(?:之[一二三四五六七八九十]+)?(?:第[一二三四五六七八九十0-9]+款)?(?:第[一二三四五六七八九十0-9]+项)?)",
    ),
    // 本条第二款
    ("本条", r"本条(?P<target>第[一二三四五六七八九十0-9]+款)"),
    // （详见附件2）（见附件）
    (
        "附件",
        r"[（(](?:详见|参见|见)(?P<target>附件[0-9一二三四五六七八九十]*)[）)]",
    ),
];

/// Maximum length (chars) of a cited title; a longer span between 《 and 》
/// is a stray mark.
const MAX_TITLE_CHARS: usize = 150;

/// Finds `《` (SIMD; `str::find` would stop at every 0x8A byte, which ends
/// many common CJK chars).
static TITLE_OPEN_SCAN: LazyLock<CharScan> = LazyLock::new(|| CharScan::new(&['《']));
static STANDARD_RE: LazyLock<Regex> = LazyLock::new(|| regex(STANDARD));
static STANDARD_ANCHORED_RE: LazyLock<Regex> = LazyLock::new(|| regex(&format!("^(?:{STANDARD})")));
static INTERNAL_RES: LazyLock<Vec<Regex>> =
    LazyLock::new(|| INTERNAL_PATTERNS.iter().map(|p| regex(p.1)).collect());

// ---------------------------------------------------------------------------
// Types.
// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// Extraction.
// ---------------------------------------------------------------------------

/// A citation found in compact text: byte range `[start, end)` and parts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: ReferenceKind,
    pub title: Option<String>,
    pub doc_number: Option<DocNumber>,
    pub issuer: Option<String>,
    pub date: Option<NaiveDate>,
    pub standard: Option<String>,
    pub target_label: Option<String>,
}

impl Found {
    fn new(start: usize, end: usize, kind: ReferenceKind) -> Self {
        Found {
            start,
            end,
            kind,
            title: None,
            doc_number: None,
            issuer: None,
            date: None,
            standard: None,
            target_label: None,
        }
    }
}

/// Every citation in the body of `doc` (from `body_start_line` to the end of
/// the document, 政策解读 included), in text order.
pub fn extract(src: &SourceText<'_>, doc: &Document) -> Vec<Reference> {
    extract_from(
        src,
        doc,
        &paragraphs(src, doc.body_start_line, doc.span.end_line),
    )
}

/// [`extract`] over the body paragraphs `paras` (those of
/// `paragraphs(src, doc.body_start_line, doc.span.end_line)`).
pub fn extract_from(src: &SourceText<'_>, doc: &Document, paras: &[Paragraph]) -> Vec<Reference> {
    let own = own_titles(doc);
    let mut aliases = Vec::new();
    let mut out = Vec::new();
    for p in paras {
        for f in scan_marked(
            &p.text,
            p.marks(),
            REFERENCE_GATES.scan(&p.text),
            &mut aliases,
        ) {
            let mut kind = f.kind;
            let mut target_label = f.target_label;
            if let Some(t) = &f.title {
                if matches!(kind, ReferenceKind::Title | ReferenceKind::ToBeDrafted)
                    && own.contains(&normalize_title(t))
                {
                    kind = ReferenceKind::Internal;
                    target_label = Some(t.clone());
                }
            }
            out.push(Reference {
                kind,
                text: raw_text(src, p, f.start, f.end),
                title: f.title,
                doc_number: f.doc_number,
                issuer: f.issuer,
                date: f.date,
                standard: f.standard,
                target_label,
                target_id: None,
                ambiguous: Vec::new(),
                span: p.span(src, f.start, f.end),
            });
        }
    }
    out
}

/// Normalised titles of the document itself (title, issuer + title,
/// enclosed titles): a citation of one of them is internal.
fn own_titles(doc: &Document) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(t) = &doc.header.title {
        v.push(normalize_title(&t.value));
        for i in &doc.header.issuers {
            v.push(normalize_title(&format!("{}{}", i.value, t.value)));
        }
    }
    for e in &doc.enclosed {
        v.push(normalize_title(&e.title));
        if let Some(p) = &e.printed_title {
            v.push(normalize_title(p));
        }
    }
    v.retain(|s| !s.is_empty());
    v
}

/// Scan one compact text for citations. `aliases` collects the short names
/// introduced by `以下简称《…》` (and is consulted for later uses).
pub(crate) fn scan(t: &str, aliases: &mut Vec<String>) -> Vec<Found> {
    let opens: Vec<(usize, char)> = TITLE_OPEN_SCAN.find_iter(t).collect();
    scan_marked(t, &opens, REFERENCE_GATES.scan(t), aliases)
}

/// [`scan`] given the marks of `t` (offsets and chars, in order, the `《`
/// among them; other marks are skipped) and its [`REFERENCE_GATES`]
/// words: a paragraph keeps both.
pub(crate) fn scan_marked(
    t: &str,
    marks: &[(usize, char)],
    present: Present,
    aliases: &mut Vec<String>,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut consumed: Vec<(usize, usize)> = Vec::new();

    // 1. Titles 《…》 with what stands around them.
    let mut i = 0;
    let mut prev: Option<(usize, bool)> = None; // (end, drafting) of the previous title
    let mut opens = marks.iter().filter(|(_, c)| *c == '《').map(|&(k, _)| k);
    while let Some(open) = opens.find(|&k| k >= i) {
        let Some((close, inner)) = match_title(t, open) else {
            i = open + '《'.len_utf8();
            continue;
        };
        let title = normalize_nested(inner);
        let pre = t.get(..open).unwrap_or("");
        if ALIAS_MARKERS.iter().any(|m| pre.ends_with(m)) {
            aliases.push(title);
            consumed.push((open, close));
            i = close;
            prev = None;
            continue;
        }
        if title.is_empty()
            || aliases.contains(&title)
            || patterns::GENRES.contains(&title.as_str())
        {
            consumed.push((open, close));
            i = close;
            continue;
        }
        let in_run = prev.is_some_and(|(e, _)| {
            e <= open
                && t.get(e..open)
                    .is_some_and(|g| g.chars().all(|c| "、和及与，,".contains(c)))
        });
        let drafting = match prev {
            Some((_, d)) if in_run => d,
            _ => ends_with_drafting(pre),
        };
        let (start, issuer, date) = if in_run || drafting {
            (open, None, None)
        } else {
            analyse_pre(t, open)
        };
        let (end, number, standard) = after_title(t, close);
        let kind = if drafting {
            ReferenceKind::ToBeDrafted
        } else if standard.is_some() {
            ReferenceKind::Standard
        } else if let Some(n) = &number {
            if is_decree(n) {
                ReferenceKind::Decree
            } else {
                ReferenceKind::TitleAndNumber
            }
        } else {
            ReferenceKind::Title
        };
        let mut f = Found::new(start, end, kind);
        f.title = Some(title);
        f.doc_number = number;
        f.standard = standard;
        f.issuer = issuer;
        f.date = date;
        consumed.push((start.min(open), end));
        out.push(f);
        prev = Some((end, drafting));
        i = end.max(open + '《'.len_utf8());
    }

    // 2. Bare 文号 and decree numbers (both end in 号).
    let gates = &*REFERENCE_GATES;
    let numbers = present.has(gates.bit(NUMBER_MARK));
    let cores: Vec<regex::Match<'_>> = if numbers {
        docnum::cores(t).collect()
    } else {
        Vec::new()
    };
    for core in cores {
        let (cs, ce) = (core.start(), core.end());
        if overlaps(&consumed, cs, ce) {
            continue;
        }
        let decree = core.as_str().starts_with('令');
        let ps = agency_code_start(t, cs);
        if decree && ps == cs {
            // 令 with nothing before it is not a decree number.
            continue;
        }
        let Some(number) = t.get(ps..ce).and_then(docnum::parse_exact) else {
            continue;
        };
        let (start, issuer, date) = analyse_pre(t, ps);
        let kind = if is_decree(&number) {
            ReferenceKind::Decree
        } else {
            ReferenceKind::Number
        };
        let mut f = Found::new(start, ce, kind);
        f.doc_number = Some(number);
        f.issuer = issuer;
        f.date = date;
        consumed.push((start, ce));
        out.push(f);
    }

    // 3. Technical standards (each code starts with a capital letter, which
    // most Chinese texts lack; the regex alone would read every byte).
    let standards = has_ascii_uppercase(t).then(|| STANDARD_RE.find_iter(t));
    for m in standards.into_iter().flatten() {
        if overlaps(&consumed, m.start(), m.end()) || preceded_by_ascii_letter(t, m.start()) {
            continue;
        }
        let mut f = Found::new(m.start(), m.end(), ReferenceKind::Standard);
        f.standard = Some(fold_dash(m.as_str()));
        consumed.push((m.start(), m.end()));
        out.push(f);
    }

    // 4. References inside the document (each form needs its literal).
    for (r, lit) in INTERNAL_RES.iter().zip(INTERNAL_PATTERNS) {
        if !present.has(gates.bit(lit.0)) {
            continue;
        }
        for c in r.captures_iter(t) {
            let Some(m) = c.get(0) else { continue };
            if overlaps(&consumed, m.start(), m.end()) {
                continue;
            }
            let mut f = Found::new(m.start(), m.end(), ReferenceKind::Internal);
            f.target_label = c.name("target").map(|g| g.as_str().to_string());
            consumed.push((m.start(), m.end()));
            out.push(f);
        }
    }

    out.sort_by_key(|f| (f.start, f.end));
    out
}

/// True when `t` holds an ASCII capital letter: a branch-free fold over
/// 64-byte blocks, which the compiler vectorises.
fn has_ascii_uppercase(t: &str) -> bool {
    t.as_bytes().chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |any, b| any | b.is_ascii_uppercase())
    })
}

fn overlaps(ranges: &[(usize, usize)], s: usize, e: usize) -> bool {
    ranges.iter().any(|&(a, b)| s < b && a < e)
}

fn preceded_by_ascii_letter(t: &str, at: usize) -> bool {
    t.get(..at)
        .and_then(|p| p.chars().last())
        .is_some_and(|c| c.is_ascii_alphabetic())
}

fn is_decree(n: &DocNumber) -> bool {
    n.prefix.as_deref().is_some_and(|p| p.ends_with('令'))
}

/// The 《 at `open` and its matching 》 (nesting counted): returns the byte
/// offset just after the closing mark and the inner text.
fn match_title(t: &str, open: usize) -> Option<(usize, &str)> {
    let rest = t.get(open..)?;
    let mut depth = 0usize;
    for (n, (k, c)) in rest.char_indices().enumerate() {
        if n > MAX_TITLE_CHARS + 2 {
            return None;
        }
        match c {
            '《' => depth += 1,
            '》' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let inner = rest.get('《'.len_utf8()..k)?;
                    return Some((open + k + c.len_utf8(), inner));
                }
            }
            '。' => return None,
            _ => {}
        }
    }
    None
}

/// Inner title marks (《》, <>, ＜＞) become 〈〉.
fn normalize_nested(s: &str) -> String {
    const INNER: [char; 6] = ['《', '<', '＜', '》', '>', '＞'];
    // Most titles nest none: a copy, not a string built char by char.
    if !s.contains(INNER) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '《' | '<' | '＜' => '〈',
            '》' | '>' | '＞' => '〉',
            _ => c,
        })
        .collect()
}

fn fold_dash(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '—' | '–' | '－' | '‐' | '―' | '~' => '-',
            _ => c,
        })
        .collect()
}

fn ends_with_drafting(pre: &str) -> bool {
    DRAFTING_VERBS.iter().any(|v| {
        pre.strip_suffix(v)
            .is_some_and(|before| !before.ends_with(['已', '所', '新', '的']))
    })
}

/// What follows a title: `（文号）`, `（标准号）` or a 文号 printed right after.
/// Returns the end of the citation, the number and the standard code.
fn after_title(t: &str, close: usize) -> (usize, Option<DocNumber>, Option<String>) {
    let Some(rest) = t.get(close..) else {
        return (close, None, None);
    };
    let open_len = if rest.starts_with('（') {
        '（'.len_utf8()
    } else if rest.starts_with('(') {
        1
    } else {
        // A 文号 printed right after the title (`《…》公通字〔2015〕…号`).
        if let Some((n, len)) = docnum::parse_prefix(rest) {
            let clean = n
                .prefix
                .as_deref()
                .is_none_or(|p| p.chars().count() <= 6 && !p.contains(NUMBER_CUT));
            if clean && n.year.is_some() {
                return (close + len, Some(n), None);
            }
        }
        return (close, None, None);
    };
    let inner_start = close + open_len;
    let Some(inner_end) = matching_paren(t, inner_start) else {
        return (close, None, None);
    };
    let inner = t.get(inner_start..inner_end).unwrap_or("");
    let close_len = t
        .get(inner_end..)
        .and_then(|r| r.chars().next())
        .map_or(0, char::len_utf8);
    // A decree number filling the bracket may name joint issuers
    // (`（公安部国家工商行政管理总局国家质量监督检验检疫总局令第122号）`).
    if let Some((n, len)) =
        docnum::parse_prefix(inner).or_else(|| docnum::parse_joint_decree(inner))
    {
        let tail = inner.get(len..).unwrap_or("");
        let end = if tail.is_empty() || tail == "文件" {
            inner_end + close_len
        } else {
            inner_start + len
        };
        return (end, Some(n), None);
    }
    if let Some(m) = STANDARD_ANCHORED_RE.find(inner) {
        let end = if m.end() == inner.len() {
            inner_end + close_len
        } else {
            inner_start + m.end()
        };
        return (end, None, Some(fold_dash(m.as_str())));
    }
    (close, None, None)
}

/// Offset of the `）` closing the bracket whose content starts at `from`.
fn matching_paren(t: &str, from: usize) -> Option<usize> {
    let rest = t.get(from..)?;
    let mut depth = 0usize;
    for (k, c) in rest.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => {
                if depth == 0 {
                    return Some(from + k);
                }
                depth -= 1;
            }
            '。' => return None,
            _ => {}
        }
        if k > 200 {
            return None;
        }
    }
    None
}

/// Start of the agency code before a 文号 bracket at `cs`: the run of Han
/// characters and letters before it, cut after the last lead verb or
/// connective, at most 16 chars (decree issuers) and 8 otherwise.
fn agency_code_start(t: &str, cs: usize) -> usize {
    let before = t.get(..cs).unwrap_or("");
    let mut start = cs;
    for (n, (k, c)) in before.char_indices().rev().enumerate() {
        let code_char = is_han(c) || c.is_ascii_alphabetic();
        if !code_char || NUMBER_CUT.contains(&c) || n >= 16 {
            break;
        }
        start = k;
    }
    let mut run = before.get(start..).unwrap_or("");
    let mut off = start;
    if let Some(cut) = last_lead_verb_end(run) {
        off += cut;
        run = run.get(cut..).unwrap_or("");
    }
    let (skip, rest) = strip_particles(run);
    off += skip;
    run = rest;
    let decree_like = t.get(cs..).is_some_and(|r| r.starts_with('令')) || run.ends_with('令');
    if !decree_like && run.chars().count() > 8 {
        return cs;
    }
    off
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Byte end of the last lead verb in `s`, if any.
fn last_lead_verb_end(s: &str) -> Option<usize> {
    static VERBS: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(LEAD_VERBS));
    VERBS.last_end(s)
}

/// Strip leading particles repeatedly; returns (bytes skipped, rest).
fn strip_particles(mut s: &str) -> (usize, &str) {
    let mut skipped = 0;
    'outer: loop {
        for p in LEAD_PARTICLES {
            if let Some(r) = s.strip_prefix(p) {
                if r.is_empty() {
                    break 'outer;
                }
                skipped += p.len();
                s = r;
                continue 'outer;
            }
        }
        break;
    }
    (skipped, s)
}

/// Read an issuer and/or a date printed before a citation starting at `at`
/// (`国务院办公厅《`, `廊坊市人民政府办公室2019年12月4日印发的《`,
/// `2018年7月22日县政府办公室印发的《`). Returns the start of the citation
/// text (the issuer or date when found, else `at`).
fn analyse_pre(t: &str, at: usize) -> (usize, Option<String>, Option<NaiveDate>) {
    let before = t.get(..at).unwrap_or("");
    let mut ws = at;
    for (n, (k, c)) in before.char_indices().rev().enumerate() {
        if PRE_DELIMITERS.contains(&c) || n >= 40 {
            break;
        }
        ws = k;
    }
    let mut s = before.get(ws..).unwrap_or("");
    let mut off = ws;
    if let Some(cut) = last_lead_verb_end(s) {
        off += cut;
        s = s.get(cut..).unwrap_or("");
    }
    let (skip, rest) = strip_particles(s);
    off += skip;
    s = rest;
    // Trailing issue verb (印发的 …).
    let mut issued = false;
    if let Some(v) = ISSUE_VERBS.iter().find(|v| s.ends_with(*v)) {
        s = s.get(..s.len() - v.len()).unwrap_or("");
        issued = *v != "的";
    }
    let mut date = None;
    let mut start = at;
    let mut date_at = None;
    if let Some(f) = dates::date_at_end(s) {
        date = f.date.date;
        date_at = Some(off + f.start);
        s = s.get(..f.start).unwrap_or("");
    } else if let Some(f) = dates::date_at_start(s) {
        date = f.date.date;
        date_at = Some(off);
        off += f.end;
        s = s.get(f.end..).unwrap_or("");
    } else if let Some(end) = dates::year_at_start(s) {
        off += end;
        s = s.get(end..).unwrap_or("");
    }
    let issuer = is_issuer(s).then(|| s.to_string());
    if issuer.is_some() {
        start = off;
    }
    // A date counts only as the date of issue (`…印发的`, or with an issuer):
    // `2015年5月1日《建筑设计防火规范》…实施之前` dates something else.
    if !(issued || issuer.is_some()) {
        date = None;
        date_at = None;
    }
    if let Some(d) = date_at {
        start = start.min(d);
    }
    (start, issuer, date)
}

/// Does `s` read as an issuing body (发文机关)?
fn is_issuer(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=24).contains(&n) || !s.chars().all(is_han) || s.contains('的') {
        return false;
    }
    if CENTRAL_ISSUERS.contains(&s) {
        return true;
    }
    match patterns::agency_suffix(s) {
        Some(suf) => s.len() > suf.len(),
        None => false,
    }
}

/// The raw source text of paragraph bytes `a..b`: each line's slice as
/// printed (internal spaces kept), pieces of a broken sentence joined
/// without the line break, trailing whitespace trimmed.
pub(crate) fn raw_text(src: &SourceText<'_>, p: &Paragraph, a: usize, b: usize) -> String {
    let mut out = String::new();
    let mut off = 0usize;
    for no in p.start_line..=p.end_line {
        let Some(line) = src.line(no) else { continue };
        let len = line.compact.len();
        let (ls, le) = (off, off + len);
        off = le;
        let (s, e) = (a.max(ls), b.min(le));
        if s >= e {
            continue;
        }
        let ts = line.text_offset_of_compact(s - ls);
        let te = if e >= le {
            line.end()
        } else {
            line.text_offset_of_compact(e - ls)
        };
        if let Some(piece) = src.text.get(ts..te.max(ts)) {
            if e < b {
                out.push_str(piece.trim_end());
            } else {
                out.push_str(piece);
            }
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Candidate;
    use crate::model::Span;
    use crate::source::text::OffsetMap;

    #[test]
    fn gates_are_in_their_patterns() {
        for (lit, p) in INTERNAL_PATTERNS {
            assert!(p.contains(lit), "{p} / {lit}");
        }
        assert!(STANDARD.starts_with("(?:GB|"));
    }

    fn found(t: &str) -> Vec<Found> {
        scan(t, &mut Vec::new())
    }

    fn one(t: &str) -> Found {
        let v = found(t);
        assert_eq!(v.len(), 1, "{t}: {v:#?}");
        v.into_iter().next().unwrap()
    }

    crate::source::pattern::force_patterns!(STANDARD_RE, STANDARD_ANCHORED_RE, INTERNAL_RES);

    #[test]
    fn title_and_number_with_issuer_outside() {
        let f =
            one("根据国务院办公厅《关于加强甲乙工作的意见》（国办发〔2014〕42号），制定本办法。");
        assert_eq!(f.kind, ReferenceKind::TitleAndNumber);
        assert_eq!(f.title.as_deref(), Some("关于加强甲乙工作的意见"));
        assert_eq!(f.issuer.as_deref(), Some("国务院办公厅"));
        let n = f.doc_number.unwrap();
        assert_eq!(n.prefix.as_deref(), Some("国办发"));
        assert_eq!((n.year, n.serial), (Some(2014), Some(42)));
    }

    #[test]
    fn issuer_after_connective() {
        let v = found("根据《国务院关于丙的意见》（国发〔2013〕35号）和省政府《关于丁的实施意见》（冀政〔2014〕67号），结合实际");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].issuer, None);
        assert_eq!(v[1].issuer.as_deref(), Some("省政府"));
        assert_eq!(v[1].title.as_deref(), Some("关于丁的实施意见"));
    }

    #[test]
    fn bare_numbers() {
        let f = one("规划时，应按照国发〔2013〕35号文件“人均用地”的要求");
        assert_eq!(f.kind, ReferenceKind::Number);
        assert_eq!(f.doc_number.unwrap().raw, "国发〔2013〕35号");
        let f = one("按照《某市实施细则》（〔2014〕91号）执行");
        assert_eq!(f.kind, ReferenceKind::TitleAndNumber);
        let n = f.doc_number.unwrap();
        assert_eq!((n.prefix, n.year, n.serial), (None, Some(2014), Some(91)));
        let f = one("2017年3月16日印发的巨政字〔2017〕9号文件同时废止。");
        assert_eq!(f.kind, ReferenceKind::Number);
        assert_eq!(f.doc_number.unwrap().raw, "巨政字〔2017〕9号");
        assert_eq!(f.date, NaiveDate::from_ymd_opt(2017, 3, 16));
        let f = one("详见（〔2015〕21号）。");
        assert_eq!(f.doc_number.unwrap().prefix, None);
    }

    #[test]
    fn decrees() {
        let f = one("根据国务院《社会救助暂行办法》（国务院令第649号）、");
        assert_eq!(f.kind, ReferenceKind::Decree);
        assert_eq!(f.issuer.as_deref(), Some("国务院"));
        assert_eq!(f.doc_number.unwrap().serial, Some(649));
        let f = one("《某区养犬管理规定》（廊坊市人民政府令〔2009〕第1号）同时废止。");
        assert_eq!(f.kind, ReferenceKind::Decree);
        let n = f.doc_number.unwrap();
        assert_eq!(n.prefix.as_deref(), Some("廊坊市人民政府令"));
        assert_eq!((n.year, n.serial), (Some(2009), Some(1)));
        let f = one("依照河北省人民政府令〔2013〕第2号执行");
        assert_eq!(f.kind, ReferenceKind::Decree);
        assert_eq!(
            f.doc_number.unwrap().prefix.as_deref(),
            Some("河北省人民政府令")
        );
        let f = one("5.《某产品监督管理规定》（公安部国家工商行政管理总局国家质量监督检验检疫总局令第122号）");
        assert_eq!(f.kind, ReferenceKind::Decree);
        assert_eq!(f.title.as_deref(), Some("某产品监督管理规定"));
        assert_eq!(f.doc_number.unwrap().serial, Some(122));
        let f = one("按国务院令第493号处理");
        assert_eq!(f.kind, ReferenceKind::Decree);
        assert_eq!(f.doc_number.unwrap().raw, "国务院令第493号");
    }

    #[test]
    fn titles_by_date_runs_and_nesting() {
        let f = one("本文件自印发之日起执行，某市人民政府办公室2019年12月4日印发的《某市创建工作实施方案》同时废止。");
        assert_eq!(f.kind, ReferenceKind::Title);
        assert_eq!(f.issuer.as_deref(), Some("某市人民政府办公室"));
        assert_eq!(f.date, NaiveDate::from_ymd_opt(2019, 12, 4));
        let f = one("2018年7月22日县政府办公室印发的《某县地震应急预案》");
        assert_eq!(f.issuer.as_deref(), Some("县政府办公室"));
        assert_eq!(f.date, NaiveDate::from_ymd_opt(2018, 7, 22));
        assert_eq!(f.start, 0);
        let v = found("认真学习《甲条例》《乙办法》、《丙规定》");
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|f| f.kind == ReferenceKind::Title));
        let f = one("制定出台《关于在全市全面推行《某省社区工作者管理办法》的实施方案》，大力");
        assert_eq!(
            f.title.as_deref(),
            Some("关于在全市全面推行〈某省社区工作者管理办法〉的实施方案")
        );
        let f = one("《关于贯彻<某条例>的意见》");
        assert_eq!(f.title.as_deref(), Some("关于贯彻〈某条例〉的意见"));
    }

    #[test]
    fn aliases_are_not_citations() {
        let mut al = Vec::new();
        let v = scan(
            "《某省目录管理办法》（政府令〔2014〕13号，以下简称《办法》）已经通过。",
            &mut al,
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].doc_number.as_ref().unwrap().raw, "政府令〔2014〕13号");
        assert_eq!(al, vec!["办法".to_string()]);
        assert!(scan("新出台的《办法》中，", &mut al).is_empty());
        // A bare genre word is an alias even when its definition is elsewhere.
        assert!(found("明确了《办法》的实施时间").is_empty());
        // A date that is not the date of issue is not kept.
        let f = one("2015年5月1日《建筑设计防火规范》（GB50016—2014）实施之前");
        assert_eq!((f.date, f.start), (None, "2015年5月1日".len()));
    }

    #[test]
    fn capital_letters_gate_the_standards() {
        let long = "按照规定执行".repeat(30);
        assert!(!has_ascii_uppercase(&long));
        assert!(!has_ascii_uppercase("gb50016—2014，a-z 0-9"));
        for at in [0, 1, 63, 64, 65, long.len()] {
            let mut t = long.clone();
            t.insert(at.min(t.len()) / 3 * 3, 'Z');
            assert!(has_ascii_uppercase(&t), "{at}");
        }
        // Every standard code starts with a capital.
        let tail = STANDARD.trim_start_matches("(?:");
        let codes = tail.split(')').next().unwrap_or("");
        assert!(codes
            .split('|')
            .all(|c| c.starts_with(|ch: char| ch.is_ascii_uppercase())));
    }

    #[test]
    fn standards() {
        let f = one("执行河北省地方标准《用水定额》（DB13/T1161-2016）。");
        assert_eq!(f.kind, ReferenceKind::Standard);
        assert_eq!(f.title.as_deref(), Some("用水定额"));
        assert_eq!(f.standard.as_deref(), Some("DB13/T1161-2016"));
        let f = one("符合GB50016—2014的规定");
        assert_eq!(f.kind, ReferenceKind::Standard);
        assert_eq!(f.standard.as_deref(), Some("GB50016-2014"));
        assert_eq!(
            one("按CJJ92-2016执行").standard.as_deref(),
            Some("CJJ92-2016")
        );
    }

    #[test]
    fn internal_and_to_be_drafted() {
        let f = one("违反本办法第二十一条规定的，依法处理。");
        assert_eq!(f.kind, ReferenceKind::Internal);
        assert_eq!(f.target_label.as_deref(), Some("第二十一条"));
        let f = one("按照职责分工（详见附件2）");
        assert_eq!(f.target_label.as_deref(), Some("附件2"));
        let v = found("研究制定《甲办法》、《乙办法》；已制定《丙办法》");
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].kind, ReferenceKind::ToBeDrafted);
        assert_eq!(v[1].kind, ReferenceKind::ToBeDrafted);
        assert_eq!(v[2].kind, ReferenceKind::Title);
        assert_eq!(
            one("2021年某市人民政府制定的《某办法》同时废止").kind,
            ReferenceKind::Title
        );
    }

    #[test]
    fn extract_joins_split_titles_and_maps_spans() {
        let text = "某市人民政府\n关于某事的通知\n某政〔2020〕1号\n各县人民政府：\n根据国务院办公厅《关于进一步加强某某某某某某某某某某某某某某工作的\n指导意见》（国办发〔2014〕42号）要求，现通知如下。\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let doc = fixture_doc(&src, 4, 6);
        let refs = extract(&src, &doc);
        assert_eq!(refs.len(), 1, "{refs:#?}");
        let r = &refs[0];
        assert_eq!(
            r.title.as_deref(),
            Some("关于进一步加强某某某某某某某某某某某某某某工作的指导意见")
        );
        assert_eq!((r.span.start_line, r.span.end_line), (5, 6));
        assert!(r.text.starts_with("国务院办公厅《"));
        assert!(r.text.ends_with("42号）"));
        assert!(!r.text.contains('\n'));
        assert_eq!(&text[r.span.start_byte..r.span.start_byte + 6], "国务");
    }

    fn fixture_doc(src: &SourceText<'_>, body: usize, last: usize) -> Document {
        Document {
            ordinal: 0,
            facts: Default::default(),
            span: src.span_lines(1, last),
            header: Default::default(),
            enclosed: Vec::new(),
            attachments: Vec::new(),
            outline: Vec::new(),
            tables: Vec::new(),
            interpretations: Vec::new(),
            body_start_line: body,
            diagnostics: Vec::new(),
        }
    }

    fn cand(
        id: &str,
        issuer: &str,
        title: &str,
        num: &str,
        date: Option<(i32, u32, u32)>,
    ) -> Candidate {
        Candidate {
            id: id.into(),
            issuers: vec![issuer.into()],
            title: Some(title.into()),
            doc_number: docnum::parse_exact(num),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            enclosed_titles: Vec::new(),
        }
    }

    fn reference(f: Found) -> Reference {
        Reference {
            kind: f.kind,
            text: String::new(),
            title: f.title,
            doc_number: f.doc_number,
            issuer: f.issuer,
            date: f.date,
            standard: f.standard,
            target_label: f.target_label,
            target_id: None,
            ambiguous: Vec::new(),
            span: Span {
                file: "t".into(),
                start_byte: 0,
                end_byte: 0,
                start_line: 1,
                end_line: 1,
            },
        }
    }

    #[test]
    fn resolution_by_number_title_enclosed_and_ambiguity() {
        let mut a = cand(
            "a",
            "某市人民政府",
            "关于甲的通知",
            "某政〔2015〕16号",
            Some((2015, 3, 1)),
        );
        a.enclosed_titles.push("某市乙管理办法".into());
        let cands = vec![
            a,
            cand(
                "b",
                "某市人民政府办公室",
                "关于丙的意见",
                "某政办〔2015〕16号",
                Some((2015, 5, 1)),
            ),
            cand(
                "c",
                "某县人民政府",
                "关于丁的通知",
                "某县政〔2015〕16号",
                Some((2015, 6, 1)),
            ),
            cand(
                "d",
                "某市人民政府",
                "关于戊的通知",
                "〔2015〕9号",
                Some((2015, 7, 1)),
            ),
            cand(
                "e",
                "某县人民政府",
                "关于己的通知",
                "〔2015〕9号",
                Some((2015, 8, 1)),
            ),
        ];
        let mut refs: Vec<Reference> = [
            "按照《关于甲的通知》（某政办〔2015〕16号）", // number wins: b
            "按照某市人民政府《关于丙的意见》",           // title: b
            "按照《某市人民政府关于甲的通知》",           // issuer + title: a
            "执行《某市乙管理办法》",                     // enclosed: a
            "依据〔2015〕9号文件",                        // bare, unconfirmed: none
            "按照《关于庚的通知》（某政〔2016〕1号）",    // nothing
        ]
        .iter()
        .map(|t| reference(one(t)))
        .collect();
        // Two documents share a title: ambiguous.
        let mut dup = cands.clone();
        dup.push(cand(
            "f",
            "某县人民政府",
            "关于丙的意见",
            "某县政〔2015〕20号",
            None,
        ));
        crate::corpus::resolve(&mut refs, &cands);
        let ids: Vec<Option<&str>> = refs.iter().map(|r| r.target_id.as_deref()).collect();
        assert_eq!(
            ids,
            vec![Some("b"), Some("b"), Some("a"), Some("a"), None, None]
        );
        assert!(refs.iter().all(|r| r.ambiguous.is_empty()));

        let mut r = vec![reference(one("按照《关于丙的意见》"))];
        crate::corpus::resolve(&mut r, &dup);
        assert_eq!(r[0].target_id, None);
        assert_eq!(r[0].ambiguous, vec!["b".to_string(), "f".to_string()]);
        // The issuer disambiguates.
        let mut r = vec![reference(one("按照某县人民政府《关于丙的意见》"))];
        crate::corpus::resolve(&mut r, &dup);
        assert_eq!(r[0].target_id.as_deref(), Some("f"));
        // A bare number shared by two issuers, confirmed by title.
        let mut r = vec![reference(one("《关于己的通知》（〔2015〕9号）"))];
        crate::corpus::resolve(&mut r, &cands);
        assert_eq!(r[0].target_id.as_deref(), Some("e"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "《",
            "》",
            "《《《",
            "》》《",
            "（〔2015〕",
            "令第号",
            "《a》（",
            "本办法第",
            "GB-2014",
            "（见附件",
            "〔2015〕1号〔2015〕2号",
            "《》（）",
            "制定《",
            "年月日《x》",
        ] {
            let _ = found(t);
        }
    }
}
