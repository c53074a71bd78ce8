//! A parsed document and the file it came from: header, enclosed text,
//! attachments, outline, tables, diagnostics and facts, each element with
//! its [`Span`] (provenance).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Facts, Header, Span};

/// An enclosed document carried by a cover notice (印发/转发…的通知).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enclosed {
    /// Title as named by the cover title (one pair of 《》 removed).
    pub title: String,
    /// Title as the enclosed text prints it, when it prints one.
    pub printed_title: Option<String>,
    pub genre: Option<String>,
    /// Span of the printed title line(s), or of the cover title if none.
    pub title_span: Option<Span>,
    /// Span of the enclosed text (from its title to the document end).
    pub span: Option<Span>,
}

/// An attachment (附件): announced in 附件说明 and/or present in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// `附件1`, `附件2`, or `附件` when there is only one.
    pub label: String,
    pub title: Option<String>,
    /// Where the 附件说明 announces it.
    pub announced: Option<Span>,
    /// Where it begins in the text, if present.
    pub present: Option<Span>,
}

/// Kind of an outline node. Rules use 编/章/节/条/款/项/目; plans use the
/// numbered levels 一、/（一）/1./（1）/①.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OutlineKind {
    /// 编
    Part,
    /// 章
    Chapter,
    /// 节
    Section,
    /// 条
    Article,
    /// 款 (paragraph inside an article; unnumbered)
    Paragraph,
    /// 项 （一） inside an article
    Item,
    /// 目 1. inside an item
    SubItem,
    /// 一、
    Level1,
    /// （一）
    Level2,
    /// 1. / 1．/ 1、
    Level3,
    /// （1）
    Level4,
    /// ① …
    Level5,
}

/// A node of the outline tree (结构层次).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineNode {
    pub kind: OutlineKind,
    /// Number as printed, spaces removed: `第一章`, `第十二条`, `第三条之一`,
    /// `（一）`, `1.`.
    pub label: String,
    /// Ordinal value of the label (一 → 1), when it has one.
    pub number: Option<u32>,
    /// Heading text following the label (up to the first sentence end for
    /// headings run into the text), if any.
    pub heading: Option<String>,
    /// From the heading line to the end of the node's content.
    pub span: Span,
    pub children: Vec<OutlineNode>,
}

/// A table cell (单元格), rebuilt from TAB-prefixed cell lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Cell text, continuation lines joined with `\n`.
    pub text: String,
    pub span: Span,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub span: Span,
    /// True when this row repeats the header row (after a page break).
    pub repeated_header: bool,
}

/// A table (表格) exported one cell per line.
///
/// In a faithful table every row has `columns` cells, except rows with a
/// single cell, which span the full width (a caption such as `专栏1 …`, a
/// group label, a 备注 row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub span: Span,
    pub rows: Vec<Row>,
    /// Column count when the grid could be rebuilt faithfully.
    pub columns: Option<usize>,
    /// False when the columns could not be rebuilt: cells are kept in order.
    pub faithful: bool,
    /// Index in `rows` of the row read as the column header (表头), when one
    /// is recognisable: the first row with two or more cells, most of them
    /// filled, none a bare number or a form label with a colon. Rows
    /// repeating it after a page break are flagged [`Row::repeated_header`].
    #[serde(default)]
    pub header_row: Option<usize>,
}

/// Severity of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Something the parser noticed (gap in numbering, malformed date, missing
/// attachment …). `code` is a stable kebab-case identifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub code: String,
    pub message: String,
    pub line: usize,
    pub severity: Severity,
}

impl Diagnostic {
    pub fn warn(code: &str, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            message: message.into(),
            line,
            severity: Severity::Warning,
        }
    }
    pub fn info(code: &str, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            message: message.into(),
            line,
            severity: Severity::Info,
        }
    }
}

/// One official document (公文) split out of a source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// 0-based position in its source file.
    pub ordinal: usize,
    /// The whole document: start line to last non-blank line.
    pub span: Span,
    pub header: Header,
    pub enclosed: Vec<Enclosed>,
    pub attachments: Vec<Attachment>,
    pub outline: Vec<OutlineNode>,
    pub tables: Vec<Table>,
    /// Appended 政策解读 sections (belong to this document).
    pub interpretations: Vec<Span>,
    /// 1-based line where the body (正文) begins.
    pub body_start_line: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Facts read from the text (empty when parsed without facts).
    #[serde(default)]
    pub facts: Facts,
}

/// An entry of a gazette table of contents (目录).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocEntry {
    pub text: String,
    pub page: Option<u32>,
    pub span: Span,
    /// Ordinal of the document it was matched to.
    pub matched: Option<usize>,
}

/// The result of parsing one source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedFile {
    pub file: Arc<str>,
    /// Detected encoding (`UTF-8`, `GB18030` …).
    pub encoding: String,
    pub line_count: usize,
    pub documents: Vec<Document>,
    pub toc: Vec<TocEntry>,
    /// Gazette running heads (书眉) found between or inside documents.
    pub running_heads: Vec<Span>,
    /// File-level diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}
