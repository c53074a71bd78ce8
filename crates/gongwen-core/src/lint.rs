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
//! [`crate::checks::source_diagnostics`] (brackets via [`crate::checks::bracket_findings`], attachment
//! headings via [`crate::checks::attachment_findings`]) runs at parse time and leaves
//! [`crate::model::Diagnostic`]s on the document; [`lint`] re-emits them with a span.
//!
//! Pure: no I/O, never panics, deterministic. Every check, its code,
//! severity, report heading and message templates are in [`CHECKS`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::checks::{attachment_name, check, message, quote, CHECKS, QUOTE_CHARS};
use crate::corpus::Linked;
use crate::grammar::docnum::canonical;
use crate::model::DeadlineKind;
use crate::model::{DocNumber, Document, OutlineNode, Severity, Span};
use crate::model::{Effective, Scope};

/// Duplicate runs shorter than this many paragraphs (or tables) …
/// Longest element (lines) that stands for a line inside it.
const LINE_SPAN_MAX_CONTAINER_LINES: usize = 3;
pub const MIN_RUN_UNITS: usize = 3;
/// … and shorter than this many chars are not reported (boilerplate).
pub const MIN_RUN_CHARS: usize = 200;
/// A paragraph printed in more places than this is boilerplate: it does not
/// seed a duplicate run (it may still extend one).
pub const MAX_SEED_OCCURRENCES: usize = 32;
/// Tables with fewer chars than this are not compared.
pub const MIN_TABLE_CHARS: usize = crate::pipeline::FINGERPRINT_MIN_CHARS;

// ---------------------------------------------------------------------------
// Findings.
// ---------------------------------------------------------------------------

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

fn check_rank(code: &str) -> usize {
    CHECKS
        .iter()
        .position(|c| c.code == code)
        .unwrap_or(CHECKS.len())
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
        let key = canonical(&n.value);
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
/// name different documents. The same [`canonical`] number never does; a
/// bare citation (`〔2014〕91号`) matches a
/// prefixed number with the same year and serial; a 令号 is not compared
/// with a 文号.
fn numbers_differ(cited: &DocNumber, printed: &DocNumber) -> bool {
    let (a, b) = (canonical(cited), canonical(printed));
    if a == b || a.is_empty() || b.is_empty() {
        return false;
    }
    let decree = |n: &DocNumber| n.prefix.as_deref().is_some_and(|p| p.contains('令'));
    if decree(cited) != decree(printed) {
        return false;
    }
    match (cited.year, cited.serial, printed.year, printed.serial) {
        (Some(ya), Some(sa), Some(yb), Some(sb)) => {
            let pa = cited.prefix.as_deref().unwrap_or_default();
            let pb = printed.prefix.as_deref().unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::checks::{bracket_findings, source_diagnostics};
    use crate::source::text::{OffsetMap, SourceText};

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
    }
}
