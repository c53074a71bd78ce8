//! The export contract: one JSON object per document
//! (`gongwen export --format jsonl`). Fields may be added, never renamed.

use serde::{Deserialize, Serialize};

use crate::model::{Diagnostic, Document, OutlineKind, OutlineNode};

/// `source` of an exported document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// File name (no directory).
    pub file: String,
    pub start_line: usize,
    pub end_line: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocNumberOut {
    pub raw: String,
    pub prefix: Option<String>,
    pub year: Option<i32>,
    pub serial: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnclosedOut {
    pub title: String,
    pub genre: Option<String>,
    pub start_line: Option<usize>,
    pub printed_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentOut {
    pub label: String,
    pub title: Option<String>,
    pub present: bool,
    pub start_line: Option<usize>,
    pub announced_line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineOut {
    pub kind: OutlineKind,
    pub label: String,
    pub heading: Option<String>,
    pub start_line: usize,
    pub end_line: usize,
    pub children: Vec<OutlineOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticOut {
    pub code: String,
    pub message: String,
    pub line: usize,
}

/// One exported document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRecord {
    pub id: String,
    pub source: SourceRef,
    pub issuers: Vec<String>,
    pub title: Option<String>,
    pub doc_number: Option<DocNumberOut>,
    /// ISO 8601 date.
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub date_malformed: bool,
    pub genre: Option<String>,
    pub addressees: Vec<String>,
    pub signature: Vec<String>,
    pub disclosure: Option<String>,
    pub enclosed: Vec<EnclosedOut>,
    pub attachments: Vec<AttachmentOut>,
    pub outline: Vec<OutlineOut>,
    pub tables: usize,
    pub interpretations: Vec<usize>,
    pub diagnostics: Vec<DiagnosticOut>,
}

fn outline_out(n: &OutlineNode) -> OutlineOut {
    OutlineOut {
        kind: n.kind,
        label: n.label.clone(),
        heading: n.heading.clone(),
        start_line: n.span.start_line,
        end_line: n.span.end_line,
        children: n.children.iter().map(outline_out).collect(),
    }
}

fn diag_out(d: &Diagnostic) -> DiagnosticOut {
    DiagnosticOut {
        code: d.code.clone(),
        message: d.message.clone(),
        line: d.line,
    }
}

impl ExportRecord {
    /// Build the export record of `doc`, stored under `id`.
    pub fn from_document(id: &str, doc: &Document) -> Self {
        let h = &doc.header;
        let file = doc
            .span
            .file
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&doc.span.file)
            .to_string();
        ExportRecord {
            id: id.to_string(),
            source: SourceRef {
                file,
                start_line: doc.span.start_line,
                end_line: doc.span.end_line,
                start_byte: doc.span.start_byte,
                end_byte: doc.span.end_byte,
            },
            issuers: h.issuers.iter().map(|f| f.value.clone()).collect(),
            title: h.title.as_ref().map(|f| f.value.clone()),
            doc_number: h.doc_number.as_ref().map(|f| DocNumberOut {
                raw: f.value.raw.clone(),
                prefix: f.value.prefix.clone(),
                year: f.value.year,
                serial: f.value.serial,
            }),
            date: h
                .date
                .as_ref()
                .and_then(|f| f.value.date)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            date_raw: h.date.as_ref().map(|f| f.value.raw.clone()),
            date_malformed: h.date.as_ref().is_some_and(|f| f.value.malformed),
            genre: h.genre.clone(),
            addressees: h.addressees.iter().map(|f| f.value.clone()).collect(),
            signature: h.signature.iter().map(|f| f.value.clone()).collect(),
            disclosure: h.disclosure.as_ref().map(|f| f.value.clone()),
            enclosed: doc
                .enclosed
                .iter()
                .map(|e| EnclosedOut {
                    title: e.title.clone(),
                    genre: e.genre.clone(),
                    start_line: e.title_span.as_ref().map(|s| s.start_line),
                    printed_title: e.printed_title.clone(),
                })
                .collect(),
            attachments: doc
                .attachments
                .iter()
                .map(|a| AttachmentOut {
                    label: a.label.clone(),
                    title: a.title.clone(),
                    present: a.present.is_some(),
                    start_line: a.present.as_ref().map(|s| s.start_line),
                    announced_line: a.announced.as_ref().map(|s| s.start_line),
                })
                .collect(),
            outline: doc.outline.iter().map(outline_out).collect(),
            tables: doc.tables.len(),
            interpretations: doc.interpretations.iter().map(|s| s.start_line).collect(),
            diagnostics: doc.diagnostics.iter().map(diag_out).collect(),
        }
    }
}
