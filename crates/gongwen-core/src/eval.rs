//! Accuracy harness (评测): score exported documents against an answer key.
//!
//! Two formats: the corpus key in `shared/gold` (one JSON file per corpus
//! file, documents found by start line: [`GoldFile`], [`evaluate`]) and the
//! page key in `shared/realdocs/gold.json` (one JSON list, one document per
//! input file: [`PageGold`], [`evaluate_pages`]).
//!
//! Pure: the caller reads the gold files and supplies the records; this
//! module matches documents by (file name, start line) and compares fields.
//! A gold document counts as found only when a record starts on exactly its
//! start line. Field accuracy is over gold documents: a document that was not
//! found counts as wrong in every field. Strings are compared with every
//! whitespace character removed.

use serde::{Deserialize, Serialize};

use crate::export::{ExportRecord, OutlineOut};
use crate::model::AssignmentForm;
use crate::model::OutlineKind;
use crate::source::text::is_space;

/// One gold file: `{source, documents: [...]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldFile {
    /// Corpus file name, e.g. `000_2f0e40ca068e429d.txt`.
    pub source: String,
    pub documents: Vec<GoldDoc>,
}

/// The header fields an answer key gives for a document, as printed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldHeader {
    #[serde(default)]
    pub issuers: Vec<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub doc_number: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub genre: Option<String>,
}

/// One gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    pub start_line: usize,
    #[serde(default)]
    pub end_line: Option<usize>,
    /// Issuers, title, 文号, date and genre.
    #[serde(flatten)]
    pub header: GoldHeader,
    #[serde(default)]
    pub enclosed_title: Option<String>,
    #[serde(default)]
    pub enclosed_title_line: Option<usize>,
}

/// The fields scored, in report order.
pub const FIELDS: &[&str] = &[
    "title",
    "doc_number",
    "issuers",
    "date",
    "genre",
    "enclosed_title",
    "end_line",
];

/// A field value that differs from the gold.
#[derive(Debug, Clone, Serialize)]
pub struct Mismatch {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub expected: String,
    pub got: String,
}

/// Scores of one file (or of all files together).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileScore {
    pub file: String,
    pub gold_documents: usize,
    pub found_documents: usize,
    pub matched_starts: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// `(field, correct, total)` in [`FIELDS`] order.
    pub fields: Vec<FieldScore>,
}

/// Exact-match accuracy of one field.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldScore {
    pub field: String,
    pub correct: usize,
    pub total: usize,
    pub accuracy: f64,
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalReport {
    pub files: Vec<FileScore>,
    pub overall: FileScore,
    pub mismatches: Vec<Mismatch>,
}

fn nospace(s: &str) -> String {
    s.chars().filter(|&c| !is_space(c)).collect()
}

fn opt(s: Option<&str>) -> String {
    s.map(nospace).unwrap_or_else(|| "null".to_string())
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn finish(s: &mut FileScore, correct: &[usize]) {
    s.precision = ratio(s.matched_starts, s.found_documents);
    s.recall = ratio(s.matched_starts, s.gold_documents);
    s.f1 = if s.precision + s.recall == 0.0 {
        0.0
    } else {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    };
    s.fields = FIELDS
        .iter()
        .zip(correct)
        .map(|(f, &c)| FieldScore {
            field: f.to_string(),
            correct: c,
            total: s.gold_documents,
            accuracy: ratio(c, s.gold_documents),
        })
        .collect();
}

/// The field values of a record, in [`FIELDS`] order, normalised.
fn got_values(r: &ExportRecord) -> Vec<String> {
    vec![
        opt(r.title.as_deref()),
        opt(r.doc_number.as_ref().map(|d| d.raw.as_str())),
        r.issuers
            .iter()
            .map(|s| nospace(s))
            .collect::<Vec<_>>()
            .join("|"),
        opt(r.date.as_deref()),
        opt(r.genre.as_deref()),
        opt(r.enclosed.first().map(|e| e.title.as_str())),
        r.source.end_line.to_string(),
    ]
}

fn gold_values(g: &GoldDoc) -> Vec<String> {
    vec![
        opt(g.header.title.as_deref()),
        opt(g.header.doc_number.as_deref()),
        g.header
            .issuers
            .iter()
            .map(|s| nospace(s))
            .collect::<Vec<_>>()
            .join("|"),
        opt(g.header.date.as_deref()),
        opt(g.header.genre.as_deref()),
        opt(g.enclosed_title.as_deref()),
        g.end_line
            .map(|l| l.to_string())
            .unwrap_or_else(|| "null".into()),
    ]
}

/// Score `records` (all documents in the store) against `gold`.
/// Records of files that have no gold file are ignored.
pub fn evaluate(gold: &[GoldFile], records: &[ExportRecord]) -> EvalReport {
    let mut report = EvalReport::default();
    let mut all_correct = vec![0usize; FIELDS.len()];
    let mut overall = FileScore {
        file: "overall".to_string(),
        ..FileScore::default()
    };
    let mut golds: Vec<&GoldFile> = gold.iter().collect();
    golds.sort_by(|a, b| a.source.cmp(&b.source));
    for g in golds {
        let mine: Vec<&ExportRecord> = records
            .iter()
            .filter(|r| r.source.file == g.source)
            .collect();
        let mut s = FileScore {
            file: g.source.clone(),
            gold_documents: g.documents.len(),
            found_documents: mine.len(),
            ..FileScore::default()
        };
        let mut correct = vec![0usize; FIELDS.len()];
        for gd in &g.documents {
            let want = gold_values(gd);
            match mine.iter().find(|r| r.source.start_line == gd.start_line) {
                Some(r) => {
                    s.matched_starts += 1;
                    let got = got_values(r);
                    for (k, field) in FIELDS.iter().enumerate() {
                        // end_line is only scored when the gold gives one.
                        let skip = *field == "end_line" && gd.end_line.is_none();
                        if skip || want[k] == got[k] {
                            correct[k] += 1;
                        } else {
                            report.mismatches.push(Mismatch {
                                file: g.source.clone(),
                                line: gd.start_line,
                                field: field.to_string(),
                                expected: want[k].clone(),
                                got: got[k].clone(),
                            });
                        }
                    }
                }
                None => report.mismatches.push(Mismatch {
                    file: g.source.clone(),
                    line: gd.start_line,
                    field: "start_line".to_string(),
                    expected: format!("document starting at line {}", gd.start_line),
                    got: "no document starts here".to_string(),
                }),
            }
        }
        for r in &mine {
            if !g
                .documents
                .iter()
                .any(|d| d.start_line == r.source.start_line)
            {
                report.mismatches.push(Mismatch {
                    file: g.source.clone(),
                    line: r.source.start_line,
                    field: "start_line".to_string(),
                    expected: "no document starts here".to_string(),
                    got: format!("document {} starts here", r.id),
                });
            }
        }
        overall.gold_documents += s.gold_documents;
        overall.found_documents += s.found_documents;
        overall.matched_starts += s.matched_starts;
        for (a, c) in all_correct.iter_mut().zip(&correct) {
            *a += c;
        }
        finish(&mut s, &correct);
        report.files.push(s);
    }
    finish(&mut overall, &all_correct);
    report.overall = overall;
    report
        .mismatches
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    report
}

/// Render the report as text: a per-file table, the overall line, then
/// every mismatch.
pub fn render(report: &EvalReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut head = format!(
        "{:<28} {:>5} {:>5} {:>6} {:>6} {:>6}",
        "file", "gold", "found", "P", "R", "F1"
    );
    for f in FIELDS {
        let _ = write!(head, " {:>8}", short(f));
    }
    out.push_str(&head);
    out.push('\n');
    for s in report.files.iter().chain(std::iter::once(&report.overall)) {
        let _ = write!(
            out,
            "{:<28} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3}",
            s.file, s.gold_documents, s.found_documents, s.precision, s.recall, s.f1
        );
        for f in &s.fields {
            let _ = write!(out, " {:>8.3}", f.accuracy);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "mismatches: {}", report.mismatches.len());
    for m in &report.mismatches {
        let _ = writeln!(
            out,
            "{}:{}: {}: expected {:?}, got {:?}",
            m.file, m.line, m.field, m.expected, m.got
        );
    }
    out
}

fn short(f: &str) -> &str {
    match f {
        "doc_number" => "文号",
        "enclosed_title" => "enclosed",
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Page answer key: one document per input file.

/// One entry of a page answer key (`realdocs/gold.json`): the one document
/// of one input file. Fields not listed here (notes, url, …) are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct PageGold {
    /// The input file's name, e.g. `001.txt`.
    pub file: String,
    /// Issuers, title, 文号, date and genre.
    #[serde(flatten)]
    pub header: GoldHeader,
    /// The enclosed document's title, or a list of them.
    #[serde(default)]
    pub enclosed_title: Option<OneOrMany>,
    #[serde(default)]
    pub articles: Option<usize>,
    #[serde(default)]
    pub top_sections: Option<usize>,
    #[serde(default)]
    pub responsibility_brackets: Option<usize>,
}

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn joined(&self) -> String {
        match self {
            OneOrMany::One(s) => nospace(s),
            OneOrMany::Many(v) => join_keys(v.iter().map(String::as_str)),
        }
    }
}

/// The header fields scored per page, in report order. Title, issuers,
/// date and genre are skipped where the gold has none; 文号 and enclosed
/// title are always scored (`null` = "there is none").
pub const PAGE_FIELDS: &[&str] = &[
    "title",
    "issuers",
    "doc_number",
    "date",
    "genre",
    "enclosed_title",
];

/// The counts scored per page: files whose count is exact.
pub const PAGE_COUNTS: &[&str] = &["articles", "top_sections", "responsibility_brackets"];

/// The evaluation of a page answer key.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageReport {
    /// Pages in the key.
    pub pages: usize,
    /// Pages answered with exactly one document.
    pub single_document: usize,
    /// Exact-match accuracy per field of [`PAGE_FIELDS`], then per count of
    /// [`PAGE_COUNTS`].
    pub fields: Vec<FieldScore>,
    pub mismatches: Vec<Mismatch>,
}

fn count_outline(nodes: &[OutlineOut], kind: OutlineKind) -> usize {
    nodes
        .iter()
        .map(|n| usize::from(n.kind == kind) + count_outline(&n.children, kind))
        .sum()
}

/// The values of `r` for [`PAGE_FIELDS`] then [`PAGE_COUNTS`], normalised.
fn page_got(r: &ExportRecord) -> Vec<String> {
    let enclosed = if r.enclosed.is_empty() {
        "null".to_string()
    } else {
        join_keys(r.enclosed.iter().map(|e| e.title.as_str()))
    };
    let brackets = r
        .assignments
        .iter()
        .filter(|a| a.form == Some(AssignmentForm::Bracket))
        .count();
    vec![
        opt(r.title.as_deref()),
        join_keys(r.issuers.iter().map(String::as_str)),
        opt(r.doc_number.as_ref().map(|d| d.raw.as_str())),
        opt(r.date.as_deref()),
        opt(r.genre.as_deref()),
        enclosed,
        count_outline(&r.outline, OutlineKind::Article).to_string(),
        count_outline(&r.outline, OutlineKind::Level1).to_string(),
        brackets.to_string(),
    ]
}

fn join_keys<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(nospace).collect::<Vec<_>>().join("|")
}

/// The gold values for [`PAGE_FIELDS`] then [`PAGE_COUNTS`]; `None` where
/// the field is not scored.
fn page_want(g: &PageGold) -> Vec<Option<String>> {
    let some_if = |s: &Option<String>| s.as_deref().map(nospace);
    vec![
        some_if(&g.header.title),
        (!g.header.issuers.is_empty())
            .then(|| join_keys(g.header.issuers.iter().map(String::as_str))),
        Some(opt(g.header.doc_number.as_deref())),
        some_if(&g.header.date),
        some_if(&g.header.genre),
        Some(
            g.enclosed_title
                .as_ref()
                .map(OneOrMany::joined)
                .unwrap_or_else(|| "null".into()),
        ),
        g.articles.map(|n| n.to_string()),
        g.top_sections.map(|n| n.to_string()),
        g.responsibility_brackets.map(|n| n.to_string()),
    ]
}

/// Score `records` against a page answer key. Each page's document is the
/// first record of its file (by start line); a page answered with several
/// documents, or none, is listed as a `documents` mismatch.
pub fn evaluate_pages(gold: &[PageGold], records: &[ExportRecord]) -> PageReport {
    let names: Vec<&str> = PAGE_FIELDS.iter().chain(PAGE_COUNTS).copied().collect();
    let mut correct = vec![0usize; names.len()];
    let mut total = vec![0usize; names.len()];
    let mut report = PageReport {
        pages: gold.len(),
        ..PageReport::default()
    };
    for g in gold {
        let mut mine: Vec<&ExportRecord> =
            records.iter().filter(|r| r.source.file == g.file).collect();
        mine.sort_by_key(|r| r.source.start_line);
        if mine.len() == 1 {
            report.single_document += 1;
        } else {
            report.mismatches.push(Mismatch {
                file: g.file.clone(),
                line: mine.get(1).map_or(0, |r| r.source.start_line),
                field: "documents".into(),
                expected: "1".into(),
                got: mine.len().to_string(),
            });
        }
        let got = mine.first().map(|r| page_got(r));
        for (k, want) in page_want(g).into_iter().enumerate() {
            let Some(want) = want else { continue };
            total[k] += 1;
            let got_k = got.as_ref().map_or("(no document)", |v| v[k].as_str());
            if want == got_k {
                correct[k] += 1;
            } else {
                report.mismatches.push(Mismatch {
                    file: g.file.clone(),
                    line: mine.first().map_or(0, |r| r.source.start_line),
                    field: names[k].to_string(),
                    expected: want,
                    got: got_k.to_string(),
                });
            }
        }
    }
    report.fields = names
        .iter()
        .zip(correct.iter().zip(&total))
        .map(|(f, (&c, &t))| FieldScore {
            field: f.to_string(),
            correct: c,
            total: t,
            accuracy: ratio(c, t),
        })
        .collect();
    report
        .mismatches
        .sort_by(|a, b| (&a.file, &a.field).cmp(&(&b.file, &b.field)));
    report
}

/// Render a page report as text: one line per field, then every mismatch.
pub fn render_pages(report: &PageReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pages: {}   answered as one document: {}",
        report.pages, report.single_document
    );
    let _ = writeln!(
        out,
        "{:<24} {:>7} {:>6} {:>8}",
        "field", "correct", "of", "accuracy"
    );
    for f in &report.fields {
        let _ = writeln!(
            out,
            "{:<24} {:>7} {:>6} {:>8.3}",
            f.field, f.correct, f.total, f.accuracy
        );
    }
    let _ = writeln!(out, "mismatches: {}", report.mismatches.len());
    for m in &report.mismatches {
        let _ = writeln!(
            out,
            "{}:{}: {}: expected {:?}, got {:?}",
            m.file, m.line, m.field, m.expected, m.got
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{DocNumberOut, SourceRef};

    fn rec(file: &str, line: usize, title: &str) -> ExportRecord {
        ExportRecord {
            id: format!("{file}-{line}"),
            source: SourceRef {
                file: file.into(),
                start_line: line,
                end_line: line + 5,
                start_byte: 0,
                end_byte: 0,
            },
            issuers: vec!["某市人民政府".into()],
            title: Some(title.into()),
            doc_number: Some(DocNumberOut {
                raw: "某政〔2020〕1号".into(),
                prefix: Some("某政".into()),
                year: Some(2020),
                serial: Some(1),
            }),
            date: Some("2020-01-02".into()),
            date_raw: None,
            date_malformed: false,
            genre: Some("通知".into()),
            addressees: vec![],
            signature: vec![],
            disclosure: None,
            enclosed: vec![],
            attachments: vec![],
            outline: vec![],
            tables: 0,
            interpretations: vec![],
            diagnostics: vec![],
            references: vec![],
            effective: None,
            validity: None,
            repeals: vec![],
            status_today: None,
            assignments: vec![],
            targets: vec![],
        }
    }

    fn gold(line: usize, title: &str) -> GoldDoc {
        GoldDoc {
            start_line: line,
            end_line: Some(line + 5),
            header: GoldHeader {
                issuers: vec!["某市人民政府".into()],
                title: Some(title.into()),
                doc_number: Some("某政〔2020〕1号".into()),
                date: Some("2020-01-02".into()),
                genre: Some("通知".into()),
            },
            enclosed_title: None,
            enclosed_title_line: None,
        }
    }

    #[test]
    fn scores_starts_and_fields() {
        let g = vec![GoldFile {
            source: "a.txt".into(),
            documents: vec![
                gold(1, "关于甲的通知"),
                gold(10, "关于乙的通知"),
                gold(30, "丙"),
            ],
        }];
        // One exact, one with a spaced title (still equal), one wrong
        // start, one spurious.
        let r = vec![
            rec("a.txt", 1, "关于甲的通知"),
            rec("a.txt", 10, "关于 乙 的通知"),
            rec("a.txt", 31, "丙"),
            rec("b.txt", 1, "other file, ignored"),
        ];
        let rep = evaluate(&g, &r);
        let s = &rep.files[0];
        assert_eq!(s.matched_starts, 2);
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.fields[0].correct, 2);
        assert_eq!(s.fields[0].total, 3);
        assert_eq!(
            rep.mismatches
                .iter()
                .filter(|m| m.field == "start_line")
                .count(),
            2
        );
        let text = render(&rep);
        assert!(text.contains("overall"));
        assert!(text.contains("a.txt:30: start_line"));
    }

    #[test]
    fn field_mismatch_is_listed() {
        let g = vec![GoldFile {
            source: "a.txt".into(),
            documents: vec![gold(1, "关于甲的通知")],
        }];
        let mut r = rec("a.txt", 1, "关于甲的通知");
        r.genre = Some("意见".into());
        let rep = evaluate(&g, &[r]);
        assert_eq!(rep.overall.f1, 1.0);
        assert_eq!(rep.mismatches.len(), 1);
        assert_eq!(rep.mismatches[0].field, "genre");
        assert_eq!(rep.mismatches[0].expected, "通知");
    }
}
