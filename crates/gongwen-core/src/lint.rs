//! Lint (质量检查): the report a gazette editor wants (issue 3 §6).
//!
//! [`lint`] reads a set of parsed documents and their link graph
//! ([`crate::corpus::link`]) and lists, with locations: announced
//! attachments that are absent, text duplicated across documents, 文号
//! collisions, malformed dates, deadlines before the document's own date,
//! effective dates before the signature, numbering gaps, unbalanced
//! brackets and cited document numbers that differ from the number printed
//! on the cited document.
//!
//! Two checks need the source text, which the document model does not keep:
//! [`source_diagnostics`] (brackets via [`bracket_findings`], attachment
//! headings via [`attachment_findings`]) runs at parse time and leaves
//! [`Diagnostic`]s on the document; [`lint`] re-emits them with a span.
//!
//! Pure: no I/O, never panics, deterministic. Every check, its code,
//! severity, report heading and message templates are in [`CHECKS`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::corpus::Linked;
use crate::model::DeadlineKind;
use crate::model::{Diagnostic, DocNumber, Document, OutlineNode, Severity, Span};
use crate::model::{Effective, Scope};
use crate::source::text::{CharScan, SourceText};
use crate::structure::paragraphs::{paragraphs, LineMask, Paragraph};

// ---------------------------------------------------------------------------
// The checks (declarative table).
// ---------------------------------------------------------------------------

/// One lint check.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Stable kebab-case code.
    pub code: &'static str,
    pub severity: Severity,
    /// Heading of the check's group in the rendered report.
    pub heading: &'static str,
    /// Codes of per-document [`Diagnostic`]s this check re-emits (their
    /// message is kept as is).
    pub diagnostics: &'static [&'static str],
    /// Codes of per-document diagnostics that drop this check's finding at
    /// the same line (the source text showed it is not a defect).
    pub suppressed_by: &'static [&'static str],
    /// Message templates by variant; `{name}` is replaced by an argument.
    pub messages: &'static [(&'static str, &'static str)],
}

/// Every check, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        code: "attachment-missing",
        severity: Severity::Warning,
        heading: "附件缺失",
        diagnostics: &[ATTACHMENT_ABSENT],
        suppressed_by: &[ATTACHMENT_UNLABELLED],
        messages: &[
            (
                "absent",
                "附件说明（第{line}行）列出的“{attachment}”在正文中没有",
            ),
            (
                "unlabelled",
                "“{attachment}”未标注“附件”字样，标题印在第{present_line}行",
            ),
            (
                "mismatch",
                "附件说明（第{line}行）列出的“{attachment}”在正文中没有：第{present_line}行的{present_label}是“{present_title}”",
            ),
        ],
    },
    Check {
        code: "duplicate-text",
        severity: Severity::Warning,
        heading: "文字重复",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "run",
            "第{lines}行的文字（{units}段，约{chars}字）与{other}第{other_lines}行重复",
        )],
    },
    Check {
        code: "docnum-collision",
        severity: Severity::Warning,
        heading: "文号重复",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[
            ("collision", "文号“{number}”印在{count}份文档上：{docs}"),
            (
                "bare",
                "文号“{number}”（未印机关代字）印在{count}份文档上：{docs}；发文机关分别为{issuers}，可能是不同机关各自编号",
            ),
            (
                "same-title",
                "文号“{number}”印在{count}份标题相同的文档上（可能重复收录）：{docs}",
            ),
        ],
    },
    Check {
        code: "date-malformed",
        severity: Severity::Warning,
        heading: "日期格式错误",
        diagnostics: &["date-malformed"],
        suppressed_by: &[],
        messages: &[("header", "成文日期“{raw}”格式有误，按{reading}处理")],
    },
    Check {
        code: "deadline-before-date",
        severity: Severity::Warning,
        heading: "期限早于成文日期",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "deadline",
            "任务期限“{deadline}”（{due}）早于本文成文日期{date}：{task}",
        )],
    },
    Check {
        code: "effective-before-signature",
        severity: Severity::Warning,
        heading: "施行日期早于成文日期",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "effective",
            "施行日期{effective}早于本文成文日期{date}：“{clause}”",
        )],
    },
    Check {
        code: "outline-gap",
        severity: Severity::Warning,
        heading: "结构层次编号不连续",
        diagnostics: &["outline-gap"],
        suppressed_by: &[],
        messages: &[],
    },
    Check {
        code: "unbalanced-brackets",
        severity: Severity::Warning,
        heading: "括号不配对",
        diagnostics: &[UNBALANCED_BRACKETS],
        suppressed_by: &[],
        messages: &[
            ("paragraph", "括号不配对：{problems}（…{excerpt}…）"),
            ("open", "“{open}”未闭合"),
            ("close", "“{close}”前没有对应的“{open}”"),
            ("count", "（{n}处）"),
        ],
    },
    Check {
        code: "cited-number-mismatch",
        severity: Severity::Warning,
        heading: "引用文号不符",
        diagnostics: &[],
        suppressed_by: &[],
        messages: &[(
            "mismatch",
            "引用{cited}时注明的文号“{printed}”与被引文件印发的文号“{actual}”（{target}）不一致",
        )],
    },
];

/// Diagnostic code left by [`attachment_findings`] for an announced
/// attachment that is absent although the model matched or missed it
/// (re-emitted as `attachment-missing`).
pub const ATTACHMENT_ABSENT: &str = "attachment-absent";
/// Diagnostic code left by [`attachment_findings`] for an announced
/// attachment printed by title without its `附件N` label (drops the
/// `attachment-missing` finding).
pub const ATTACHMENT_UNLABELLED: &str = "attachment-unlabelled";
/// Diagnostic code left by [`bracket_findings`].
pub const UNBALANCED_BRACKETS: &str = "unbalanced-brackets";

/// Duplicate runs shorter than this many paragraphs (or tables) …
pub const MIN_RUN_UNITS: usize = 3;
/// … and shorter than this many chars are not reported (boilerplate).
pub const MIN_RUN_CHARS: usize = 200;
/// A paragraph printed in more places than this is boilerplate: it does not
/// seed a duplicate run (it may still extend one).
pub const MAX_SEED_OCCURRENCES: usize = 32;
/// Tables with fewer chars than this are not compared.
pub const MIN_TABLE_CHARS: usize = crate::pipeline::FINGERPRINT_MIN_CHARS;

/// Bracket families: opening chars, closing chars, and their names in
/// messages. Full- and half-width parentheses are one family.
pub const BRACKET_PAIRS: &[(&[char], &[char], &str, &str)] = &[
    (&['（', '('], &['）', ')'], "（", "）"),
    (&['《'], &['》'], "《", "》"),
    (&['“'], &['”'], "“", "”"),
    (&['〔'], &['〕'], "〔", "〕"),
    (&['【'], &['】'], "【", "】"),
];
const BRACKET_FAMILIES: usize = BRACKET_PAIRS.len();

/// Chars of an enumeration label closed by a lone parenthesis (`1）`, `a)`).
const LABEL_CHARS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/// Chars after which such a label may start (besides the paragraph start).
const LABEL_LEAD: &[char] = &['，', '。', '；', '：', '、', ',', ';', ':'];
/// A paragraph whose last char is not one of these was cut (a page break
/// the paragraph joiner could not mend): its open brackets are not reported.
const PARAGRAPH_END: &[char] = &[
    '。', '；', ';', '：', ':', '！', '!', '？', '?', '）', ')', '”', '》', '〕', '】', '，', '、',
];
/// Longest element (lines) that stands for a line inside it.
const LINE_SPAN_MAX_CONTAINER_LINES: usize = 3;
/// Chars of context on each side of a bracket problem.
const EXCERPT_CHARS: usize = 12;
/// Longest task / clause text quoted in a message.
const QUOTE_CHARS: usize = 40;
/// Lines after an attachment label searched for its heading.
const ATTACHMENT_HEADING_LINES: usize = 3;
/// Longest line (chars) read as an attachment heading.
const ATTACHMENT_HEADING_MAX_CHARS: usize = 80;
/// Lines after the last announced item searched for further items.
const ATTACHMENT_LIST_LOOKAHEAD: usize = 8;
/// Unnumbered lines (an item broken over lines) allowed inside the list.
const ATTACHMENT_LIST_BREAKS: usize = 2;
/// Bigram similarity at or above which an attachment heading matches the
/// announced title.
const ATTACHMENT_TITLE_SIMILARITY: f64 = 0.5;

// ---------------------------------------------------------------------------
// Findings.
// ---------------------------------------------------------------------------

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable kebab-case code (see [`CHECKS`]).
    pub code: String,
    pub severity: Severity,
    /// Chinese, naming the attachment, 文号, dates, lines concerned.
    pub message: String,
    /// Id of the document the finding is about.
    pub doc_id: String,
    pub span: Span,
    /// The other side (the duplicate, the colliding documents, the cited
    /// document).
    pub related: Vec<(String, Span)>,
}

fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

fn check_rank(code: &str) -> usize {
    CHECKS
        .iter()
        .position(|c| c.code == code)
        .unwrap_or(CHECKS.len())
}

/// Replace each `{name}` of `template` by its argument (unknown names kept).
fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(a) = rest.find('{') {
        out.push_str(&rest[..a]);
        let after = &rest[a + 1..];
        match after.find('}') {
            Some(b) => {
                let key = &after[..b];
                match args.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[b + 1..];
            }
            None => {
                out.push_str(&rest[a..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The message of `code`'s `variant` with `args`.
fn message(code: &str, variant: &str, args: &[(&str, String)]) -> String {
    match check(code).and_then(|c| c.messages.iter().find(|(v, _)| *v == variant)) {
        Some((_, t)) => fill(t, args),
        None => args
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join("，"),
    }
}

fn finding(
    code: &str,
    text: String,
    doc_id: &str,
    span: Span,
    related: Vec<(String, Span)>,
) -> Finding {
    Finding {
        code: code.to_string(),
        severity: check(code).map_or(Severity::Warning, |c| c.severity),
        message: text,
        doc_id: doc_id.to_string(),
        span,
        related,
    }
}

// ---------------------------------------------------------------------------
// lint.
// ---------------------------------------------------------------------------

/// Lint `docs` (id, document); `linked` is [`crate::corpus::link`]`(docs)`,
/// in the same order. Findings are ordered by check, then document, then
/// position.
pub fn lint(docs: &[(String, &Document)], linked: &[Linked]) -> Vec<Finding> {
    let mut out: Vec<(usize, Finding)> = Vec::new();
    for (k, (id, doc)) in docs.iter().enumerate() {
        let mut push = |f: Finding| out.push((k, f));
        attachments_missing(id, doc).into_iter().for_each(&mut push);
        dates_malformed(id, doc).into_iter().for_each(&mut push);
        deadlines_before_date(id, doc)
            .into_iter()
            .for_each(&mut push);
        effective_before_signature(id, doc)
            .into_iter()
            .for_each(&mut push);
        reemitted(id, doc).into_iter().for_each(&mut push);
    }
    out.extend(duplicate_text(docs));
    out.extend(docnum_collisions(docs));
    out.extend(cited_number_mismatch(docs, linked));
    out.sort_by(|(ka, a), (kb, b)| {
        check_rank(&a.code)
            .cmp(&check_rank(&b.code))
            .then(ka.cmp(kb))
            .then(a.span.start_byte.cmp(&b.span.start_byte))
            .then(a.span.start_line.cmp(&b.span.start_line))
    });
    out.into_iter().map(|(_, f)| f).collect()
}

/// A readable report: a summary line, then one group per check with its
/// count, each finding as `file:line: [code] message`.
pub fn render(findings: &[Finding]) -> String {
    let mut s = String::new();
    if findings.is_empty() {
        s.push_str("lint: 未发现问题\n");
        return s;
    }
    let mut codes: Vec<&str> = Vec::new();
    for f in findings {
        if !codes.contains(&f.code.as_str()) {
            codes.push(&f.code);
        }
    }
    codes.sort_by_key(|c| check_rank(c));
    let count = |c: &str| findings.iter().filter(|f| f.code == c).count();
    let summary: Vec<String> = codes.iter().map(|c| format!("{c} {}", count(c))).collect();
    s.push_str(&format!(
        "lint: {} 条（{}）\n",
        findings.len(),
        summary.join("，")
    ));
    for c in codes {
        let heading = check(c).map_or("", |k| k.heading);
        s.push_str(&format!("\n== {c} {heading}（{}）==\n", count(c)));
        for f in findings.iter().filter(|f| f.code == c) {
            s.push_str(&format!(
                "{}:{}: [{}] {}\n",
                f.span.file, f.span.start_line, f.code, f.message
            ));
        }
    }
    s
}

// ---------------------------------------------------------------------------
// Per-document checks.
// ---------------------------------------------------------------------------

fn attachment_name(label: &str, title: Option<&str>) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if label == "附件" => format!("附件：{t}"),
        Some(t) => format!("{label} {t}"),
        None => label.to_string(),
    }
}

/// True when `doc` carries a diagnostic that drops `code`'s finding at
/// `line`.
fn suppressed(doc: &Document, code: &str, line: usize) -> bool {
    let Some(c) = check(code) else { return false };
    doc.diagnostics
        .iter()
        .any(|d| d.line == line && c.suppressed_by.contains(&d.code.as_str()))
}

fn attachments_missing(id: &str, doc: &Document) -> Vec<Finding> {
    let code = "attachment-missing";
    doc.attachments
        .iter()
        .filter(|a| a.present.is_none())
        .filter(|a| {
            a.announced
                .as_ref()
                .is_none_or(|s| !suppressed(doc, code, s.start_line))
        })
        .filter_map(|a| {
            let span = a.announced.clone()?;
            let text = message(
                code,
                "absent",
                &[
                    ("line", span.start_line.to_string()),
                    ("attachment", attachment_name(&a.label, a.title.as_deref())),
                ],
            );
            Some(finding(code, text, id, span, Vec::new()))
        })
        .collect()
}

fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn doc_date(doc: &Document) -> Option<NaiveDate> {
    doc.header.date.as_ref().and_then(|d| d.value.date)
}

fn dates_malformed(id: &str, doc: &Document) -> Vec<Finding> {
    let code = "date-malformed";
    let Some(d) = doc.header.date.as_ref().filter(|d| d.value.malformed) else {
        return Vec::new();
    };
    let reading = d.value.date.map_or("无法读出".to_string(), cn_date);
    let text = message(
        code,
        "header",
        &[("raw", d.value.raw.clone()), ("reading", reading)],
    );
    vec![finding(code, text, id, d.span.clone(), Vec::new())]
}

/// First `n` chars of `s`, with `…` when cut.
fn quote(s: &str, n: usize) -> String {
    let mut it = s.chars();
    let head: String = it.by_ref().take(n).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn deadlines_before_date(id: &str, doc: &Document) -> Vec<Finding> {
    let code = "deadline-before-date";
    let Some(date) = doc_date(doc) else {
        return Vec::new();
    };
    let mut seen: HashSet<(usize, String)> = HashSet::new();
    let mut out = Vec::new();
    for a in &doc.facts.assignments {
        let Some(dl) = &a.deadline else { continue };
        if matches!(dl.kind, DeadlineKind::Event | DeadlineKind::Recurring) {
            continue;
        }
        let Some(due) = dl.end_date.or(dl.date) else {
            continue;
        };
        if due >= date || !seen.insert((a.span.start_byte, dl.text.clone())) {
            continue;
        }
        let text = message(
            code,
            "deadline",
            &[
                ("deadline", dl.text.clone()),
                ("due", cn_date(due)),
                ("date", cn_date(date)),
                ("task", quote(&a.task, QUOTE_CHARS)),
            ],
        );
        out.push(finding(code, text, id, a.span.clone(), Vec::new()));
    }
    out
}

fn effective_before_signature(id: &str, doc: &Document) -> Vec<Finding> {
    let code = "effective-before-signature";
    let Some(date) = doc_date(doc) else {
        return Vec::new();
    };
    doc.facts
        .clauses
        .iter()
        .filter(|c| c.scope == Scope::Own)
        .filter_map(|c| match &c.effective {
            Some(Effective::Date { date: eff }) if *eff < date => {
                let text = message(
                    code,
                    "effective",
                    &[
                        ("effective", cn_date(*eff)),
                        ("date", cn_date(date)),
                        ("clause", quote(c.text.trim(), QUOTE_CHARS)),
                    ],
                );
                Some(finding(code, text, id, c.span.clone(), Vec::new()))
            }
            _ => None,
        })
        .collect()
}

/// Diagnostics of `doc` re-emitted by the checks that list their code.
fn reemitted(id: &str, doc: &Document) -> Vec<Finding> {
    let header_date_line = doc
        .header
        .date
        .as_ref()
        .filter(|d| d.value.malformed)
        .map(|d| d.span.start_line);
    let mut seen: HashSet<(&str, usize, &str)> = HashSet::new();
    let mut out = Vec::new();
    for d in &doc.diagnostics {
        let Some(c) = CHECKS
            .iter()
            .find(|c| c.diagnostics.contains(&d.code.as_str()))
        else {
            continue;
        };
        // The malformed 成文日期 is reported from the header, with its span.
        if c.code == "date-malformed" && Some(d.line) == header_date_line {
            continue;
        }
        if !seen.insert((d.code.as_str(), d.line, d.message.as_str())) {
            continue;
        }
        out.push(finding(
            c.code,
            d.message.clone(),
            id,
            line_span(doc, d.line),
            Vec::new(),
        ));
    }
    out
}

/// The span of the element of `doc` that best stands for 1-based `line`:
/// the smallest one starting on it, else the smallest short one (a wrapped
/// paragraph, a cell) containing it, else the bytes between the nearest
/// elements before and after it, with the line itself as lines.
fn line_span(doc: &Document, line: usize) -> Span {
    fn outline<'a>(nodes: &'a [OutlineNode], out: &mut Vec<&'a Span>) {
        for n in nodes {
            out.push(&n.span);
            outline(&n.children, out);
        }
    }
    let h = &doc.header;
    let paragraphs: Vec<Span> = doc
        .facts
        .fingerprints
        .iter()
        .map(|f| f.span(&doc.span.file))
        .collect();
    let mut spans: Vec<&Span> = paragraphs.iter().collect();
    outline(&doc.outline, &mut spans);
    for t in &doc.tables {
        spans.push(&t.span);
        for r in &t.rows {
            spans.push(&r.span);
            spans.extend(r.cells.iter().map(|c| &c.span));
        }
    }
    spans.extend(h.date.iter().map(|f| &f.span));
    spans.extend(h.doc_number.iter().map(|f| &f.span));
    spans.extend(h.title.iter().map(|f| &f.span));
    spans.extend(h.signature.iter().map(|f| &f.span));
    spans.extend(h.issuers.iter().map(|f| &f.span));
    for a in &doc.attachments {
        spans.extend(a.announced.iter());
        spans.extend(a.present.iter());
    }
    let size = |s: &&&Span| {
        (
            s.end_line.saturating_sub(s.start_line),
            s.end_byte.saturating_sub(s.start_byte),
        )
    };
    if let Some(s) = spans
        .iter()
        .filter(|s| s.start_line == line)
        .min_by_key(size)
        .or_else(|| {
            spans
                .iter()
                .filter(|s| s.start_line <= line && line <= s.end_line)
                .filter(|s| s.end_line - s.start_line <= LINE_SPAN_MAX_CONTAINER_LINES)
                .min_by_key(size)
        })
    {
        return (**s).clone();
    }
    // Between the nearest known elements before and after the line: the
    // bytes hold the line (and any unparsed lines next to it).
    let start_byte = spans
        .iter()
        .filter(|s| s.end_line < line)
        .map(|s| s.end_byte)
        .filter(|&b| b >= doc.span.start_byte)
        .max()
        .unwrap_or(doc.span.start_byte);
    let end_byte = spans
        .iter()
        .filter(|s| s.start_line > line)
        .map(|s| s.start_byte)
        .filter(|&b| b >= start_byte)
        .min()
        .unwrap_or(doc.span.end_byte)
        .max(start_byte);
    Span {
        file: doc.span.file.clone(),
        start_byte,
        end_byte,
        start_line: line,
        end_line: line,
    }
}

// ---------------------------------------------------------------------------
// Duplicate text.
// ---------------------------------------------------------------------------

/// A comparable unit of a document: a fingerprinted paragraph or a table.
struct Unit<'a> {
    hash: u64,
    chars: usize,
    /// Fingerprints hold positions only (their spans are made here);
    /// tables have theirs.
    span: Cow<'a, Span>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv_feed(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(FNV_PRIME);
    }
}

fn units(doc: &Document) -> Vec<Unit<'_>> {
    let mut out: Vec<Unit<'_>> = doc
        .facts
        .fingerprints
        .iter()
        .map(|f| Unit {
            hash: f.hash,
            chars: f.chars,
            span: Cow::Owned(f.span(&doc.span.file)),
        })
        .collect();
    for t in &doc.tables {
        // Tables are not paragraphs: hash their cells (whitespace removed),
        // in a domain of their own.
        let mut h = FNV_OFFSET;
        fnv_feed(&mut h, b"table\x1d");
        let mut chars = 0;
        let mut buf = [0u8; 4];
        for r in &t.rows {
            for c in &r.cells {
                for ch in c.text.chars().filter(|ch| !ch.is_whitespace()) {
                    chars += 1;
                    fnv_feed(&mut h, ch.encode_utf8(&mut buf).as_bytes());
                }
                fnv_feed(&mut h, b"\x1f");
            }
            fnv_feed(&mut h, b"\x1e");
        }
        if chars >= MIN_TABLE_CHARS {
            out.push(Unit {
                hash: h,
                chars,
                span: Cow::Borrowed(&t.span),
            });
        }
    }
    out.sort_by_key(|u| (u.span.start_byte, u.span.start_line));
    out
}

fn union_span(units: &[Unit<'_>]) -> Option<Span> {
    let first = units.first()?;
    let mut s = first.span.as_ref().clone();
    for u in units {
        s.start_byte = s.start_byte.min(u.span.start_byte);
        s.end_byte = s.end_byte.max(u.span.end_byte);
        s.start_line = s.start_line.min(u.span.start_line);
        s.end_line = s.end_line.max(u.span.end_line);
    }
    Some(s)
}

fn line_range(s: &Span) -> String {
    if s.start_line == s.end_line {
        s.start_line.to_string()
    } else {
        format!("{}–{}", s.start_line, s.end_line)
    }
}

/// How a document is named in messages: 文号, else title, else id.
fn doc_label(id: &str, doc: &Document) -> String {
    let h = &doc.header;
    match (&h.doc_number, &h.title) {
        (Some(n), _) => n.value.raw.clone(),
        (None, Some(t)) => format!("《{}》", t.value),
        (None, None) => id.to_string(),
    }
}

fn duplicate_text(docs: &[(String, &Document)]) -> Vec<(usize, Finding)> {
    let code = "duplicate-text";
    let all: Vec<Vec<Unit<'_>>> = docs.iter().map(|(_, d)| units(d)).collect();
    let mut index: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
    for (a, us) in all.iter().enumerate() {
        for (i, u) in us.iter().enumerate() {
            index.entry(u.hash).or_default().push((a, i));
        }
    }
    let hash = |d: usize, i: usize| all.get(d).and_then(|us| us.get(i)).map(|u| u.hash);
    let frequent = |h: Option<u64>| {
        h.and_then(|h| index.get(&h))
            .is_none_or(|v| v.len() > MAX_SEED_OCCURRENCES)
    };
    let mut seen: HashSet<(usize, usize, usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    for (a, us) in all.iter().enumerate() {
        for (ia, u) in us.iter().enumerate() {
            let Some(occ) = index.get(&u.hash) else {
                continue;
            };
            if occ.len() > MAX_SEED_OCCURRENCES {
                continue;
            }
            for &(b, ib) in occ {
                if b <= a {
                    continue;
                }
                // Not a run start when the previous pair matches and seeds.
                if ia > 0 && ib > 0 {
                    let prev = hash(a, ia - 1);
                    if prev.is_some() && prev == hash(b, ib - 1) && !frequent(prev) {
                        continue;
                    }
                }
                let (mut sa, mut sb) = (ia, ib);
                while sa > 0
                    && sb > 0
                    && hash(a, sa - 1).is_some()
                    && hash(a, sa - 1) == hash(b, sb - 1)
                {
                    sa -= 1;
                    sb -= 1;
                }
                if !seen.insert((a, sa, b, sb)) {
                    continue;
                }
                let mut len = 0;
                while hash(a, sa + len).is_some() && hash(a, sa + len) == hash(b, sb + len) {
                    len += 1;
                }
                let (Some(ra), Some(rb)) = (
                    all.get(a).and_then(|v| v.get(sa..sa + len)),
                    all.get(b).and_then(|v| v.get(sb..sb + len)),
                ) else {
                    continue;
                };
                let chars: usize = ra.iter().map(|u| u.chars).sum();
                if len < MIN_RUN_UNITS && chars < MIN_RUN_CHARS {
                    continue;
                }
                let (Some(span_a), Some(span_b)) = (union_span(ra), union_span(rb)) else {
                    continue;
                };
                // The same text stored twice (same file, same place) is not
                // a duplication in the corpus.
                if span_a.file == span_b.file && span_a.start_byte == span_b.start_byte {
                    continue;
                }
                let (Some((id_a, _)), Some((id_b, doc_b))) = (docs.get(a), docs.get(b)) else {
                    continue;
                };
                let other = if span_a.file == span_b.file {
                    format!("{}（{}）", doc_label(id_b, doc_b), id_b)
                } else {
                    format!("{}（{}）{}", doc_label(id_b, doc_b), id_b, span_b.file)
                };
                let text = message(
                    code,
                    "run",
                    &[
                        ("lines", line_range(&span_a)),
                        ("units", len.to_string()),
                        ("chars", chars.to_string()),
                        ("other", other),
                        ("other_lines", line_range(&span_b)),
                    ],
                );
                out.push((
                    a,
                    finding(code, text, id_a, span_a, vec![(id_b.clone(), span_b)]),
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// 文号 collisions and cited numbers.
// ---------------------------------------------------------------------------

/// 文号 compared: spaces removed, bracket variants folded to 〔〕.
fn norm_number(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '[' | '［' | '【' | '﹝' | '(' | '（' | '〈' => '〔',
            ']' | '］' | '】' | '﹞' | ')' | '）' | '〉' => '〕',
            _ => c,
        })
        .collect()
}

fn issuers(doc: &Document) -> String {
    let v: Vec<&str> = doc
        .header
        .issuers
        .iter()
        .map(|f| f.value.as_str())
        .collect();
    if v.is_empty() {
        "（未印发文机关）".to_string()
    } else {
        v.join("、")
    }
}

fn docnum_collisions(docs: &[(String, &Document)]) -> Vec<(usize, Finding)> {
    let code = "docnum-collision";
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, (_, d)) in docs.iter().enumerate() {
        let Some(n) = &d.header.doc_number else {
            continue;
        };
        let key = norm_number(&n.value.raw);
        if key.is_empty() {
            continue;
        }
        let g = groups.entry(key.clone()).or_default();
        if g.is_empty() {
            order.push(key);
        }
        g.push(k);
    }
    let mut out = Vec::new();
    for key in order {
        let Some(g) = groups.get(&key).filter(|g| g.len() > 1) else {
            continue;
        };
        let members: Vec<(usize, &String, &Document, &Span)> = g
            .iter()
            .filter_map(|&k| {
                let (id, d) = docs.get(k)?;
                let span = &d.header.doc_number.as_ref()?.span;
                Some((k, id, *d, span))
            })
            .collect();
        let Some(&(k0, id0, d0, span0)) = members.first() else {
            continue;
        };
        let number = d0
            .header
            .doc_number
            .as_ref()
            .map_or(key.clone(), |n| n.value.raw.clone());
        let listed: Vec<String> = members
            .iter()
            .map(|(_, id, d, s)| {
                let title = d
                    .header
                    .title
                    .as_ref()
                    .map_or(String::new(), |t| format!("《{}》", t.value));
                format!(
                    "{id}（{}第{}行，{}{title}）",
                    s.file,
                    s.start_line,
                    issuers(d)
                )
            })
            .collect();
        let titles: HashSet<Option<&str>> = members
            .iter()
            .map(|(_, _, d, _)| d.header.title.as_ref().map(|t| t.value.as_str()))
            .collect();
        let bare = d0
            .header
            .doc_number
            .as_ref()
            .is_some_and(|n| n.value.prefix.as_deref().is_none_or(str::is_empty));
        let variant = if titles.len() == 1 && !titles.contains(&None) {
            "same-title"
        } else if bare {
            "bare"
        } else {
            "collision"
        };
        let issuer_list: Vec<String> = members.iter().map(|(_, _, d, _)| issuers(d)).collect();
        let text = message(
            code,
            variant,
            &[
                ("number", number),
                ("count", members.len().to_string()),
                ("docs", listed.join("；")),
                ("issuers", issuer_list.join("；")),
            ],
        );
        let related = members
            .iter()
            .skip(1)
            .map(|(_, id, _, s)| ((*id).clone(), (*s).clone()))
            .collect();
        out.push((k0, finding(code, text, id0, span0.clone(), related)));
    }
    out
}

/// True when a cited number and the number printed on the cited document
/// name different documents. A bare citation (`〔2014〕91号`) matches a
/// prefixed number with the same year and serial; a 令号 is not compared
/// with a 文号.
fn numbers_differ(cited: &DocNumber, printed: &DocNumber) -> bool {
    let (a, b) = (norm_number(&cited.raw), norm_number(&printed.raw));
    if a == b || a.is_empty() || b.is_empty() {
        return false;
    }
    let decree = |n: &DocNumber| n.prefix.as_deref().is_some_and(|p| p.contains('令'));
    if decree(cited) != decree(printed) {
        return false;
    }
    match (cited.year, cited.serial, printed.year, printed.serial) {
        (Some(ya), Some(sa), Some(yb), Some(sb)) => {
            let pa = cited.prefix.as_deref().map(norm_number).unwrap_or_default();
            let pb = printed
                .prefix
                .as_deref()
                .map(norm_number)
                .unwrap_or_default();
            ya != yb || sa != sb || (!pa.is_empty() && !pb.is_empty() && pa != pb)
        }
        _ => true,
    }
}

/// A citation or a repealed document: (target id, title, number, span).
type Cited<'a> = (
    Option<&'a str>,
    Option<&'a String>,
    Option<&'a DocNumber>,
    &'a Span,
);

fn cited_number_mismatch(docs: &[(String, &Document)], linked: &[Linked]) -> Vec<(usize, Finding)> {
    let code = "cited-number-mismatch";
    let by_id: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(k, (id, _))| (id.as_str(), k))
        .collect();
    let mut out = Vec::new();
    for (k, (id, _)) in docs.iter().enumerate() {
        let Some(l) = linked
            .get(k)
            .filter(|l| &l.id == id)
            .or_else(|| linked.iter().find(|l| &l.id == id))
        else {
            continue;
        };
        // Citations, and documents named by repeal clauses.
        let mut cited: Vec<Cited<'_>> = l
            .references
            .iter()
            .map(|r| {
                (
                    r.target_id.as_deref(),
                    r.title.as_ref(),
                    r.doc_number.as_ref(),
                    &r.span,
                )
            })
            .collect();
        for c in &l.clauses {
            for r in &c.repealed {
                cited.push((
                    r.target_id.as_deref(),
                    r.title.as_ref(),
                    r.doc_number.as_ref(),
                    &r.span,
                ));
            }
        }
        let mut seen: HashSet<(usize, &str)> = HashSet::new();
        for (target, title, number, span) in cited {
            let (Some(t), Some(n)) = (target, number) else {
                continue;
            };
            let Some((tid, tdoc)) = by_id.get(t).and_then(|&j| docs.get(j)) else {
                continue;
            };
            let Some(printed) = &tdoc.header.doc_number else {
                continue;
            };
            if !numbers_differ(n, &printed.value) || !seen.insert((span.start_byte, n.raw.as_str()))
            {
                continue;
            }
            let cited_name = title.map_or_else(|| "文件".to_string(), |t| format!("《{t}》"));
            let text = message(
                code,
                "mismatch",
                &[
                    ("cited", cited_name),
                    ("printed", n.raw.clone()),
                    ("actual", printed.value.raw.clone()),
                    (
                        "target",
                        format!(
                            "{tid}，{}第{}行",
                            printed.span.file, printed.span.start_line
                        ),
                    ),
                ],
            );
            out.push((
                k,
                finding(
                    code,
                    text,
                    id,
                    span.clone(),
                    vec![(tid.clone(), printed.span.clone())],
                ),
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Source checks (run at parse time; leave diagnostics on the document).
// ---------------------------------------------------------------------------

/// Every source-text check of `doc`: [`bracket_findings`] and
/// [`attachment_findings`]. The pipeline appends these to
/// `Document::diagnostics`; [`lint`] re-emits them.
pub fn source_diagnostics(src: &SourceText<'_>, doc: &Document) -> Vec<Diagnostic> {
    source_diagnostics_from(
        src,
        doc,
        &paragraphs(src, doc.body_start_line, doc.span.end_line),
    )
}

/// [`source_diagnostics`] over the body paragraphs `paras` (those of
/// `paragraphs(src, doc.body_start_line, doc.span.end_line)`).
pub fn source_diagnostics_from(
    src: &SourceText<'_>,
    doc: &Document,
    paras: &[Paragraph],
) -> Vec<Diagnostic> {
    let mut out = attachment_findings(src, doc);
    out.extend(bracket_findings(doc, paras));
    out
}

/// Bracket problems of one text, per family: offsets of unclosed openings
/// and of unmatched closings.
#[derive(Default, Clone)]
struct Balance {
    open: Vec<usize>,
    close: Vec<usize>,
}

/// True when the closing parenthesis at `i` ends an enumeration label
/// (`1）`, `a)`, `二)`) rather than a bracket.
fn is_label_close(text: &str, i: usize) -> bool {
    let Some(before) = text.get(..i) else {
        return false;
    };
    let mut n = 0;
    let mut lead = None;
    for c in before.chars().rev() {
        if n < 3 && (c.is_ascii_alphanumeric() || LABEL_CHARS.contains(&c)) {
            n += 1;
        } else {
            lead = Some(c);
            break;
        }
    }
    n > 0 && lead.is_none_or(|c| LABEL_LEAD.contains(&c))
}

/// The bracket family of `c` (index into [`BRACKET_PAIRS`]) and whether it
/// opens.
fn bracket_family(c: char) -> Option<(usize, bool)> {
    let t = &*BRACKET_INDEX;
    t.binary_search_by_key(&c, |e| e.0)
        .ok()
        .map(|k| (t[k].1, t[k].2))
}

/// Every char of [`BRACKET_PAIRS`] → (family, opens), sorted by char.
static BRACKET_INDEX: LazyLock<Vec<(char, usize, bool)>> = LazyLock::new(|| {
    let mut v: Vec<(char, usize, bool)> = BRACKET_PAIRS
        .iter()
        .enumerate()
        .flat_map(|(f, (opens, closes, _, _))| {
            opens
                .iter()
                .map(move |&c| (c, f, true))
                .chain(closes.iter().map(move |&c| (c, f, false)))
        })
        .collect();
    v.sort_by_key(|e| e.0);
    v
});

/// Finds every char of [`BRACKET_PAIRS`] (also a paragraph's marks,
/// [`crate::structure::paragraphs::Paragraph::marks`]).
pub(crate) static BRACKET_SCAN: LazyLock<CharScan> = LazyLock::new(|| {
    let chars: Vec<char> = BRACKET_PAIRS
        .iter()
        .flat_map(|(o, c, _, _)| o.iter().chain(c.iter()).copied())
        .collect();
    CharScan::new(&chars)
});

/// Per family of [`BRACKET_PAIRS`], the unclosed openings and unmatched
/// closings of `text`; empty when every bracket balances (most texts: they
/// are checked first without keeping positions, so they cost no allocation).
/// `marks`: the bracket chars of `text` with their offsets, in order (what
/// [`BRACKET_SCAN`] finds; a paragraph keeps them, [`Paragraph::marks`]).
fn balance(text: &str, marks: &[(usize, char)]) -> Vec<Balance> {
    let mut depth = [0usize; BRACKET_FAMILIES];
    let mut unmatched = false;
    for &(i, c) in marks {
        let Some((f, opens)) = bracket_family(c) else {
            continue;
        };
        let Some(d) = depth.get_mut(f) else { continue };
        if opens {
            *d += 1;
        } else if *d > 0 {
            *d -= 1;
        } else if !(f == 0 && is_label_close(text, i)) {
            unmatched = true;
            break;
        }
    }
    if !unmatched && depth.iter().all(|&d| d == 0) {
        return Vec::new();
    }
    let mut out = vec![Balance::default(); BRACKET_PAIRS.len()];
    for &(i, c) in marks {
        let Some((f, opens)) = bracket_family(c) else {
            continue;
        };
        let Some(b) = out.get_mut(f) else { continue };
        if opens {
            b.open.push(i);
        } else if b.open.pop().is_none() && !(f == 0 && is_label_close(text, i)) {
            b.close.push(i);
        }
    }
    out
}

fn earliest(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// `EXCERPT_CHARS` chars either side of byte `at` of `text`.
fn excerpt(text: &str, at: usize) -> String {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(0);
    let (a, b) = text.split_at(at);
    let head: Vec<char> = a.chars().rev().take(EXCERPT_CHARS).collect();
    let head: String = head.into_iter().rev().collect();
    let tail: String = b.chars().take(EXCERPT_CHARS + 1).collect();
    format!("{head}{tail}")
}

/// The diagnostic for `text` (a paragraph or a cell) starting on `line`,
/// if its brackets do not balance.
fn bracket_diagnostic(text: &str, b: &[Balance], line: usize) -> Option<Diagnostic> {
    let code = UNBALANCED_BRACKETS;
    let cut = !text.ends_with(PARAGRAPH_END);
    if b.iter()
        .all(|x| x.close.is_empty() && (x.open.is_empty() || cut))
    {
        return None;
    }
    let mut problems: Vec<String> = Vec::new();
    let mut first: Option<usize> = None;
    for ((_, _, open, close), x) in BRACKET_PAIRS.iter().zip(b) {
        let args = [
            ("open", (*open).to_string()),
            ("close", (*close).to_string()),
        ];
        let count = |n: usize| {
            if n > 1 {
                message(code, "count", &[("n", n.to_string())])
            } else {
                String::new()
            }
        };
        if !x.open.is_empty() && !cut {
            problems.push(message(code, "open", &args) + &count(x.open.len()));
            first = earliest(first, x.open.first().copied());
        }
        if !x.close.is_empty() {
            problems.push(message(code, "close", &args) + &count(x.close.len()));
            first = earliest(first, x.close.first().copied());
        }
    }
    if problems.is_empty() {
        return None;
    }
    let msg = message(
        code,
        "paragraph",
        &[
            ("problems", problems.join("，")),
            ("excerpt", excerpt(text, first.unwrap_or(0))),
        ],
    );
    Some(Diagnostic::warn(code, line, msg))
}

/// Paragraphs and table cells of `doc`'s body with unbalanced
/// （）/()/《》/“”/〔〕/【】, as `unbalanced-brackets` diagnostics at their
/// first line. Paragraphs are checked as [`crate::structure::paragraphs`] joins them,
/// cells whole (with their continuation lines), never a cell line on its
/// own. Not reported: a bracket left open at the end of a paragraph and
/// closed at the start of the next (a break the joiner left), the open
/// brackets of a text cut without final punctuation, a lone `）` closing a
/// label (`1）`). `paras` are the body paragraphs of `doc`.
pub fn bracket_findings(doc: &Document, paras: &[Paragraph]) -> Vec<Diagnostic> {
    // Lines covered by table cells (continuation lines included).
    let cells = LineMask::new(
        &doc.span,
        doc.tables
            .iter()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter().map(|c| &c.span))),
    );
    let covered = |l: usize| cells.get(l).unwrap_or(false);
    let ps: Vec<&Paragraph> = paras.iter().filter(|p| !covered(p.start_line)).collect();
    let mut bal: Vec<Vec<Balance>> = ps.iter().map(|p| balance(&p.text, p.marks())).collect();
    // A bracket left open at the end of a paragraph and closed at the start
    // of the next one: one bracket over a break.
    for k in 1..ps.len() {
        let (Some(p), Some(q)) = (ps.get(k - 1), ps.get(k)) else {
            continue;
        };
        if q.start_line > p.end_line + 4 {
            continue;
        }
        let (left, right) = bal.split_at_mut(k);
        let (Some(bp), Some(bq)) = (left.last_mut(), right.first_mut()) else {
            continue;
        };
        for (x, y) in bp.iter_mut().zip(bq.iter_mut()) {
            let m = x.open.len().min(y.close.len());
            x.open.truncate(x.open.len() - m);
            y.close.drain(..m);
        }
    }
    let mut out: Vec<Diagnostic> = ps
        .iter()
        .zip(&bal)
        .filter_map(|(p, b)| bracket_diagnostic(&p.text, b, p.start_line))
        .collect();
    for t in &doc.tables {
        for c in t.rows.iter().flat_map(|r| r.cells.iter()) {
            if !BRACKET_SCAN.is_in(&c.text) {
                continue;
            }
            let text: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
            let marks: Vec<(usize, char)> = BRACKET_SCAN.find_iter(&text).collect();
            if let Some(d) = bracket_diagnostic(&text, &balance(&text, &marks), c.span.start_line) {
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| d.line);
    out
}

/// Compact text for title comparison: whitespace, list numbers and title
/// marks removed.
fn title_key(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '“' | '”'))
        .collect();
    let t = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let t = t.trim_start_matches(['.', '．', '、', ':', '：']);
    t.to_string()
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let v: Vec<char> = s.chars().collect();
    v.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice coefficient over char bigrams.
fn similarity(a: &str, b: &str) -> f64 {
    let x = bigrams(a);
    let mut y = bigrams(b);
    let total = x.len() + y.len();
    if total == 0 {
        return 0.0;
    }
    let mut common = 0;
    for p in &x {
        if let Some(k) = y.iter().position(|q| q == p) {
            y.swap_remove(k);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

/// `附件N` at the start of a compact line: (`附件N`, the rest).
fn label_prefix(c: &str) -> Option<(String, &str)> {
    let rest = c.strip_prefix("附件")?;
    let end = rest
        .char_indices()
        .find(|(_, ch)| !ch.is_ascii_digit())
        .map_or(rest.len(), |(k, _)| k);
    let (digits, tail) = rest.split_at(end);
    Some((format!("附件{digits}"), tail))
}

/// `N.title` (a numbered item of an attachment list): (N, title).
fn list_item(c: &str) -> Option<(u32, &str)> {
    let end = c
        .char_indices()
        .find(|(_, ch)| !ch.is_ascii_digit())
        .map_or(c.len(), |(k, _)| k);
    let n: u32 = c.get(..end)?.parse().ok()?;
    let tail = c.get(end..)?;
    let title = tail.strip_prefix(['.', '．', '、'])?;
    (!title.is_empty()).then_some((n, title))
}

/// [`prints_title_with`], its searchers built here.
#[cfg(test)]
fn prints_title(line: &str, want: &str) -> bool {
    prints_title_with(line, want, &last_two_chars(want))
}

/// Searchers for the last two chars of `want` (each of its [`title_tail`]).
fn last_two_chars(want: &str) -> Vec<memchr::memmem::Finder<'_>> {
    let tail = title_tail(want);
    tail.char_indices()
        .filter_map(|(k, c)| tail.get(k..k + c.len_utf8()))
        .map(memchr::memmem::Finder::new)
        .collect()
}

/// Does `line` print the title `want` (an attachment heading without its
/// `附件N` label, or with the label on the same line)? `tail`: searchers
/// for the title's last two chars ([`last_two_chars`], built once per
/// title, not per line): either test below needs both in the line (the key
/// only drops chars of the line), which rules out nearly every line before
/// a key is built.
fn prints_title_with(line: &str, want: &str, tail: &[memchr::memmem::Finder<'_>]) -> bool {
    if tail.iter().any(|f| f.find(line.as_bytes()).is_none()) {
        return false;
    }
    let key = title_key(label_prefix(line).map_or(line, |(_, rest)| rest));
    let n = key.chars().count();
    (2..=ATTACHMENT_HEADING_MAX_CHARS).contains(&n)
        && (key.contains(want)
            || (similarity(want, &key) >= ATTACHMENT_TITLE_SIMILARITY
                && key.contains(title_tail(want))))
}

/// The last two chars of a title: what kind of thing it is (`名单`, `统计表`
/// → `计表`). A line alike only in a long shared prefix
/// (`廊坊市重污染天气应急…`) but naming another kind of thing is another
/// title.
fn title_tail(want: &str) -> &str {
    let k = want.char_indices().rev().nth(1).map_or(0, |(k, _)| k);
    want.get(k..).unwrap_or(want)
}

/// First line after `after` (1-based) up to the document end that prints
/// title `want`.
/// `taken`: lines never read as a title ([`headings_of_present`]).
fn find_title(
    src: &SourceText<'_>,
    doc: &Document,
    taken: &[usize],
    after: usize,
    want: &str,
) -> Option<usize> {
    let tail = last_two_chars(want);
    // Outline headings (`一、廊坊市重污染天气应急指挥部`) are sections, not
    // attachment titles, however alike.
    (after + 1..=doc.span.end_line).find(|&no| {
        !taken.contains(&no)
            && src.line(no).is_some_and(|l| {
                !l.is_cell()
                    && prints_title_with(&l.compact, want, &tail)
                    && crate::structure::outline::match_label(&l.compact).is_none()
            })
    })
}

/// Lines (1-based) of the headings of the attachments found present: each
/// `附件N` label line and the first non-blank line after it. They print
/// their own attachment's title, never another's (`…隐患排查治理记录` is not
/// `…隐患排查治理台账及统计汇总表`, however alike).
fn headings_of_present(src: &SourceText<'_>, doc: &Document) -> Vec<usize> {
    let mut out = Vec::new();
    for p in doc.attachments.iter().filter_map(|a| a.present.as_ref()) {
        out.push(p.start_line);
        if let Some(next) = (p.start_line + 1..=doc.span.end_line)
            .find(|&no| src.line(no).is_some_and(|l| !l.is_blank()))
        {
            out.push(next);
        }
    }
    out
}

/// Attachment checks that need the text:
/// - an announced attachment the model holds as absent but whose title is
///   printed without its `附件N` label (`attachment-unlabelled`, info: the
///   `attachment-missing` finding is dropped);
/// - an attachment matched to a present `附件N` whose heading is another
///   text (附件说明 `附件：重点任务分工`, printed `附件1 考核指标`), and
///   items of a numbered 附件说明 list after an item broken over two lines
///   (`1.…响应` / `规定` / `2.…`) that are not printed (`attachment-absent`).
pub fn attachment_findings(src: &SourceText<'_>, doc: &Document) -> Vec<Diagnostic> {
    let code = "attachment-missing";
    let mut out = Vec::new();
    let taken = headings_of_present(src, doc);
    for a in &doc.attachments {
        let Some(ann) = &a.announced else { continue };
        let want = title_key(a.title.as_deref().unwrap_or(""));
        if want.chars().count() < 2 {
            continue;
        }
        // After the announcement (and its wrapped tail: the list's own
        // lines print the title too).
        let found = find_title(src, doc, &taken, ann.end_line, &want);
        let Some(pres) = &a.present else {
            if let Some(at) = found {
                let msg = message(
                    code,
                    "unlabelled",
                    &[
                        ("attachment", attachment_name(&a.label, a.title.as_deref())),
                        ("present_line", at.to_string()),
                    ],
                );
                out.push(Diagnostic::info(ATTACHMENT_UNLABELLED, ann.start_line, msg));
            }
            continue;
        };
        if found.is_some() {
            continue;
        }
        // The heading: the rest of the label line, then the next lines.
        let label_line = src.line(pres.start_line).map(|l| l.compact.as_str());
        let mut heading: Vec<String> = Vec::new();
        if let Some((_, rest)) = label_line.and_then(label_prefix) {
            let rest = title_key(rest);
            if !rest.is_empty() {
                heading.push(rest);
            }
        }
        let mut no = pres.start_line + 1;
        while heading.len() < ATTACHMENT_HEADING_LINES && no <= doc.span.end_line {
            let Some(l) = src.line(no) else { break };
            if !l.is_blank() {
                heading.push(title_key(&l.compact));
            }
            no += 1;
        }
        let Some(first) = heading.first() else {
            continue;
        };
        let joined: String = heading.concat();
        let matches = joined.contains(&want)
            || (first.chars().count() >= 2 && want.contains(first.as_str()))
            || similarity(&want, first) >= ATTACHMENT_TITLE_SIMILARITY;
        if matches {
            continue;
        }
        let msg = message(
            code,
            "mismatch",
            &[
                ("line", ann.start_line.to_string()),
                ("attachment", attachment_name(&a.label, a.title.as_deref())),
                ("present_line", pres.start_line.to_string()),
                (
                    "present_label",
                    label_line
                        .and_then(label_prefix)
                        .map_or("附件".to_string(), |(l, _)| l),
                ),
                ("present_title", quote(first, QUOTE_CHARS)),
            ],
        );
        out.push(Diagnostic::warn(ATTACHMENT_ABSENT, ann.start_line, msg));
    }
    out.extend(unlisted_items(src, doc, &taken));
    out
}

/// Items of a numbered 附件说明 list that the model missed (the list
/// continues after an item broken over two lines) and that are printed
/// neither with their label nor by title.
fn unlisted_items(src: &SourceText<'_>, doc: &Document, taken: &[usize]) -> Vec<Diagnostic> {
    let code = "attachment-missing";
    let numbered: Vec<(u32, usize)> = doc
        .attachments
        .iter()
        .filter_map(|a| {
            let n: u32 = a.label.strip_prefix("附件")?.parse().ok()?;
            Some((n, a.announced.as_ref()?.start_line))
        })
        .collect();
    let Some(&(mut next, mut at)) = numbered.iter().max_by_key(|(_, l)| *l) else {
        return Vec::new();
    };
    if numbered.iter().any(|&(n, _)| n > next) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut other = 0;
    let mut no = at + 1;
    while no <= doc.span.end_line && no <= at + ATTACHMENT_LIST_LOOKAHEAD {
        let Some(l) = src.line(no) else { break };
        no += 1;
        if l.is_blank() {
            continue;
        }
        let c = l.compact.as_str();
        if l.is_cell() || c.starts_with("附件") {
            break;
        }
        match list_item(c) {
            Some((n, title)) if n == next + 1 => {
                next = n;
                at = l.no;
                let label = format!("附件{n}");
                let labelled = (l.no + 1..=doc.span.end_line).any(|k| {
                    src.line(k)
                        .and_then(|x| label_prefix(&x.compact))
                        .is_some_and(|(lab, _)| lab == label)
                });
                let want = title_key(title);
                if labelled || find_title(src, doc, taken, l.no, &want).is_some() {
                    continue;
                }
                let msg = message(
                    code,
                    "absent",
                    &[
                        ("line", l.no.to_string()),
                        ("attachment", attachment_name(&label, Some(title))),
                    ],
                );
                out.push(Diagnostic::warn(ATTACHMENT_ABSENT, l.no, msg));
            }
            _ if other < ATTACHMENT_LIST_BREAKS
                && c.chars().count() <= ATTACHMENT_HEADING_MAX_CHARS / 4
                && !c.ends_with('。') =>
            {
                other += 1;
            }
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_printed_only_with_its_own_tail() {
        let want = "廊坊市重污染天气应急响应减排名单";
        assert!(prints_title("廊坊市重污染天气应急响应减排名单", want));
        assert!(prints_title("附件5廊坊市重污染天气应急响应减排名单", want));
        // Alike in the long shared prefix only.
        assert!(!prints_title(
            "廊坊市重污染天气应急指挥部办公室签发人：",
            want
        ));
        assert!(!prints_title("廊坊市重污染天气应急指挥部组织机构", want));
        assert_eq!(title_tail(want), "名单");
        assert_eq!(title_tail("表"), "表");
        assert_eq!(title_tail(""), "");
    }
    use crate::source::text::OffsetMap;

    const SHARED: &str = "市交通运输局负责全市停车场的规划建设和日常监督管理工作，各县区政府负责本辖区内停车场的具体管理。\n\n停车场经营者应当公示收费标准、服务内容和监督电话，并按照规定开具统一的停车收费票据。\n\n任何单位和个人不得擅自占用道路设置停车泊位，已经设置的泊位应当在规定期限内全部清理完毕。\n";

    fn doc_a() -> String {
        format!(
            "某市人民政府\n\n关于印发某市停车治理实施方案的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车治理实施方案》印发给你们，请认真贯彻执行。\n\n附件：1.停车场名录\n\n2.收费标准表\n\n某市人民政府\n\n2018年6月1日\n\n某市停车治理实施方案\n\n一、总体要求\n\n{SHARED}\n三、重点任务\n\n完成全市停车泊位普查工作。（责任单位：市交通运输局，完成时限：2018年3月底前）\n\n加强停车执法（包括夜间巡查。\n\n四、实施时间\n\n本方案自2018年1月1日起施行。\n\n附件1\n\n停车场名录\n\n第一停车场位于人民路。\n"
        )
    }

    fn doc_b() -> String {
        format!(
            "某市人民政府办公室\n\n关于加强停车管理的通知\n\n某政办〔2018〕20号\n\n各县（区）人民政府：\n\n根据《某市停车治理实施方案》（某政〔2017〕9号），现就有关事项通知如下。\n\n{SHARED}\n某市人民政府办公室\n\n2018年7月1日\n"
        )
    }

    const DOC_C: &str = "某市人民政府\n\n关于表彰先进集体的通报\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n经研究，决定对先进集体予以通报表扬。\n\n某市人民政府\n\n2018年月8月1日\n";

    /// Parse `text` as `file`, with the source checks appended (as the
    /// pipeline does once wired).
    fn parse(file: &str, text: &str) -> Vec<Document> {
        let p = crate::parse_text(file, text);
        let src = SourceText::new(file, text, OffsetMap::Identity);
        p.documents
            .into_iter()
            .map(|mut d| {
                let extra = source_diagnostics(&src, &d);
                d.diagnostics.extend(extra);
                d
            })
            .collect()
    }

    fn run(sets: &[(&str, Vec<Document>)]) -> Vec<Finding> {
        let docs: Vec<(String, &Document)> = sets
            .iter()
            .flat_map(|(f, ds)| ds.iter().map(move |d| (format!("{f}#{}", d.ordinal), d)))
            .collect();
        let linked = crate::corpus::link(&docs);
        lint(&docs, &linked)
    }

    fn fixture() -> Vec<Finding> {
        run(&[
            ("a.txt", parse("a.txt", &doc_a())),
            ("b.txt", parse("b.txt", &doc_b())),
            ("c.txt", parse("c.txt", DOC_C)),
        ])
    }

    fn of<'a>(fs: &'a [Finding], code: &str) -> Vec<&'a Finding> {
        fs.iter().filter(|f| f.code == code).collect()
    }

    #[test]
    fn every_check_has_a_unique_code_and_known_templates() {
        let mut codes: Vec<&str> = CHECKS.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CHECKS.len());
        for c in CHECKS {
            assert!(c
                .code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '-'));
        }
    }

    #[test]
    fn announced_attachment_absent() {
        let fs = fixture();
        let f = of(&fs, "attachment-missing");
        assert_eq!(f.len(), 1, "{fs:#?}");
        assert!(
            f[0].message.contains("附件2 收费标准表"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].doc_id, "a.txt#0");
        assert_eq!(f[0].span.start_line, 13);
    }

    #[test]
    fn attachment_with_another_heading_is_absent() {
        let text = "某市人民政府\n\n关于加强停车管理的通知\n\n某政〔2018〕3号\n\n各县（区）人民政府：\n\n现就加强停车管理通知如下，请认真贯彻执行。\n\n附件：重点任务分工\n\n某市人民政府\n\n2018年6月1日\n\n附件1\n\n考核指标\n\n考核内容包括停车泊位普查、停车执法和收费公示三个方面。\n";
        let fs = run(&[("d.txt", parse("d.txt", text))]);
        let f = of(&fs, "attachment-missing");
        assert_eq!(f.len(), 1, "{fs:#?}");
        assert!(f[0].message.contains("附件：重点任务分工"));
        assert!(f[0].message.contains("考核指标"));
    }

    #[test]
    fn text_duplicated_across_documents() {
        let fs = fixture();
        let f = of(&fs, "duplicate-text");
        assert_eq!(f.len(), 1, "{fs:#?}");
        assert_eq!(f[0].doc_id, "a.txt#0");
        assert_eq!(f[0].related.len(), 1);
        assert_eq!(f[0].related[0].0, "b.txt#0");
        let (a, b) = (&f[0].span, &f[0].related[0].1);
        assert_eq!(a.end_line - a.start_line, 4);
        assert_eq!(b.end_line - b.start_line, 4);
        assert_eq!(&*b.file, "b.txt");
        let src = doc_a();
        assert!(src[a.start_byte..a.end_byte].starts_with("市交通运输局负责"));
        assert!(src[a.start_byte..a.end_byte].ends_with("全部清理完毕。"));
        assert!(f[0].message.contains("某政办〔2018〕20号"));
    }

    #[test]
    fn a_shared_sentence_or_two_is_not_reported() {
        let two: String = SHARED.lines().take(3).collect::<Vec<_>>().join("\n");
        let x = format!("某市人民政府\n\n关于甲的通知\n\n某政〔2018〕1号\n\n各县（区）人民政府：\n\n{two}\n\n某市人民政府\n\n2018年6月1日\n");
        let y = format!("某市人民政府\n\n关于乙的通知\n\n某政〔2018〕2号\n\n各县（区）人民政府：\n\n{two}\n\n某市人民政府\n\n2018年6月2日\n");
        let fs = run(&[("x.txt", parse("x.txt", &x)), ("y.txt", parse("y.txt", &y))]);
        assert!(of(&fs, "duplicate-text").is_empty(), "{fs:#?}");
    }

    #[test]
    fn docnum_collision_grouped_per_number() {
        let fs = fixture();
        let f = of(&fs, "docnum-collision");
        assert_eq!(f.len(), 1, "{fs:#?}");
        assert!(f[0].message.contains("某政〔2018〕9号"));
        assert!(f[0].message.contains("2份"));
        assert_eq!(f[0].related.len(), 1);
        assert_eq!(f[0].related[0].0, "c.txt#0");
    }

    #[test]
    fn bare_number_collision_names_the_issuers() {
        let x = "某市人民政府\n\n关于甲的通知\n\n〔2018〕1号\n\n各县（区）人民政府：\n\n现就甲事项通知如下。\n\n某市人民政府\n\n2018年6月1日\n";
        let y = "某市人民政府办公室\n\n关于乙的通知\n\n〔2018〕1号\n\n各县（区）人民政府：\n\n现就乙事项通知如下。\n\n某市人民政府办公室\n\n2018年6月2日\n";
        let fs = run(&[("x.txt", parse("x.txt", x)), ("y.txt", parse("y.txt", y))]);
        let f = of(&fs, "docnum-collision");
        assert_eq!(f.len(), 1, "{fs:#?}");
        assert!(f[0].message.contains("未印机关代字"));
        assert!(f[0].message.contains("某市人民政府办公室"));
    }

    #[test]
    fn malformed_date_reported_once_with_reading() {
        let fs = fixture();
        let f = of(&fs, "date-malformed");
        assert_eq!(f.len(), 1, "{fs:#?}");
        assert!(f[0].message.contains("2018年月8月1日"));
        assert!(f[0].message.contains("2018年8月1日"));
        assert_eq!(f[0].doc_id, "c.txt#0");
        assert_eq!(f[0].span.start_line, 13);
    }

    #[test]
    fn deadline_and_effective_date_before_the_document_date() {
        let fs = fixture();
        let d = of(&fs, "deadline-before-date");
        assert_eq!(d.len(), 1, "{fs:#?}");
        assert!(d[0].message.contains("2018年3月31日"));
        assert!(d[0].message.contains("2018年6月1日"));
        let e = of(&fs, "effective-before-signature");
        assert_eq!(e.len(), 1, "{fs:#?}");
        assert!(e[0].message.contains("2018年1月1日"));
    }

    #[test]
    fn outline_gap_and_brackets_reemitted_with_spans() {
        let fs = fixture();
        let g = of(&fs, "outline-gap");
        assert_eq!(g.len(), 1, "{fs:#?}");
        assert!(g[0].message.contains("三、"));
        let b = of(&fs, "unbalanced-brackets");
        assert_eq!(b.len(), 1, "{fs:#?}");
        assert!(b[0].message.contains("“（”未闭合"), "{}", b[0].message);
        let src = doc_a();
        assert!(
            src[b[0].span.start_byte..b[0].span.end_byte].contains("加强停车执法（包括夜间巡查。")
        );
        assert_eq!(b[0].span.start_line, 33);
    }

    #[test]
    fn cited_number_differs_from_the_printed_one() {
        let fs = fixture();
        let f = of(&fs, "cited-number-mismatch");
        assert_eq!(f.len(), 1, "{fs:#?}");
        assert!(f[0].message.contains("某政〔2017〕9号"));
        assert!(f[0].message.contains("某政〔2018〕9号"));
        assert_eq!(f[0].doc_id, "b.txt#0");
        assert_eq!(f[0].related[0].0, "a.txt#0");
    }

    #[test]
    fn brackets_labels_breaks_and_cells() {
        let text = "某市人民政府\n\n关于甲的通知\n\n某政〔2018〕1号\n\n各县（区）人民政府：\n\n主要任务：1）普查；2）执法；a)公示。\n\n依据《某市停车管理办法》（某政〔2017〕1号）执行。\n\n本通知由市交通运输局负责解释（联系电话：12345678\n\n）。\n\n\t《停车场\n名录》\n\n\t收费标准）\n\n\n某市人民政府\n\n2018年6月1日\n";
        let docs = crate::parse_text("e.txt", text).documents;
        let src = SourceText::new("e.txt", text, OffsetMap::Identity);
        let d = &docs[0];
        let ps = crate::structure::paragraphs::paragraphs(&src, d.body_start_line, d.span.end_line);
        let b = bracket_findings(d, &ps);
        assert_eq!(b.len(), 1, "{b:#?}");
        assert!(b[0].message.contains("“）”前没有对应的“（”"));
        assert!(b[0].message.contains("收费标准"));
    }

    #[test]
    fn render_groups_by_code() {
        let fs = fixture();
        let r = render(&fs);
        assert!(r.starts_with(&format!("lint: {} 条", fs.len())));
        assert!(r.contains("== attachment-missing 附件缺失（1）=="));
        assert!(r.contains("a.txt:13: [attachment-missing] "));
        let pos = |c: &str| r.find(&format!("== {c}")).unwrap_or(usize::MAX);
        assert!(pos("attachment-missing") < pos("duplicate-text"));
        assert!(pos("duplicate-text") < pos("cited-number-mismatch"));
        assert_eq!(render(&[]), "lint: 未发现问题\n");
    }

    #[test]
    fn never_panics_on_odd_input() {
        assert!(lint(&[], &[]).is_empty());
        for text in ["", "\n\n", "（《“", "附件：\n附件1\n", "）》”\t（\n"] {
            let docs = parse("z.txt", text);
            let ids: Vec<(String, &Document)> = docs.iter().map(|d| ("z".to_string(), d)).collect();
            // Mismatched `linked` (wrong length, wrong ids) is tolerated.
            let _ = lint(&ids, &[]);
            let linked = crate::corpus::link(&ids);
            let _ = render(&lint(&ids, &linked));
        }
        assert_eq!(fill("{a}{b}{", &[("a", "1".to_string())]), "1{b}{");
        assert_eq!(excerpt("甲乙", 1), "甲乙");
        assert_eq!(excerpt("", 9), "");
        assert!(is_label_close("1）", "1".len()));
        assert!(!is_label_close("（注1）", "（注1".len()));
    }
}
