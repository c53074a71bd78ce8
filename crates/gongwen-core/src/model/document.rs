//! The data model: what gongwen knows about a document (GB/T 9704-2012
//! elements plus outline, tables and diagnostics). Every element carries a
//! [`Span`] (provenance).

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Provenance (出处): where an element sits in the raw source file.
/// Bytes are offsets into the raw file as stored (before decoding),
/// `[start_byte, end_byte)`; lines are 1-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub file: Arc<str>,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_line: usize,
    pub end_line: usize,
}

/// Where a header value was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    /// The document header (版头): issuer line, title lines, 文号 line.
    Header,
    /// The signature block (发文机关署名 / 成文日期) at the end of the text.
    Signature,
    /// A website metadata block (索引号/发文机关/发文字号/成文日期 …).
    Metadata,
    /// The 文号 line (date printed on the same line as the 文号).
    DocNumberLine,
    /// Not printed; inferred (e.g. a 规章 promulgated by the mayor).
    Inferred,
    /// Taken from the promulgation sentence or the title.
    Text,
}

/// A value with its provenance and where it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field<T> {
    pub value: T,
    pub span: Span,
    pub source: FieldSource,
}

/// 发文字号 (文号), e.g. `廊政办〔2015〕11号`: agency prefix, year, serial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocNumber {
    /// As printed, all spaces removed.
    pub raw: String,
    /// Agency code (机关代字), `None` when printed bare (`〔2015〕16号`).
    pub prefix: Option<String>,
    pub year: Option<i32>,
    pub serial: Option<u32>,
}

/// 成文日期: raw as printed and the best reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocDate {
    /// As printed, spaces removed.
    pub raw: String,
    /// Best reading (ISO in JSON); `None` when unreadable.
    pub date: Option<NaiveDate>,
    /// True when the printed form is malformed (e.g. `2021年月3月18日`).
    pub malformed: bool,
}

/// GB/T 9704 header elements of a document (版头 and 版记 elements).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// 发文机关标志: one or more issuers (joint documents).
    pub issuers: Vec<Field<String>>,
    /// 标题: lines joined, spaces removed, no issuer prefix.
    pub title: Option<Field<String>>,
    /// 文种: the genre word that ends the title (longest match).
    pub genre: Option<String>,
    /// 发文字号.
    pub doc_number: Option<Field<DocNumber>>,
    /// 主送机关, split into units.
    pub addressees: Vec<Field<String>>,
    /// 发文机关署名 (signature lines).
    pub signature: Vec<Field<String>>,
    /// 成文日期.
    pub date: Option<Field<DocDate>>,
    /// 附注 such as （此件公开发布）.
    pub disclosure: Option<Field<String>>,
    /// Website metadata block, key → value, as printed.
    pub metadata: Vec<Field<(String, String)>>,
}

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

/// Facts (事实) read from a document's text; each carries its [`Span`].
/// Citations and repeals are resolved to stored documents at read time
/// (the store knows the other documents; the parser does not).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Citations of other documents, standards and of its own parts.
    pub references: Vec<super::Reference>,
    /// Effective-date, validity, repeal and supersession clauses.
    pub clauses: Vec<super::Clause>,
    /// Assignments of work (责任分工) with deadlines.
    pub assignments: Vec<super::Assignment>,
    /// Quantitative targets (目标指标).
    pub targets: Vec<super::Target>,
    /// Fingerprints of the body paragraphs (for finding text duplicated
    /// across documents): paragraphs of at least
    /// [`crate::pipeline::FINGERPRINT_MIN_CHARS`] chars.
    #[serde(default)]
    pub fingerprints: Vec<Fingerprint>,
}

/// A paragraph's fingerprint: XXH3-64 of its compact text, its length and
/// where the paragraph is in the document's file ([`Fingerprint::span`]).
///
/// Stored as one array per paragraph, `[hash, chars, start_byte, end_byte,
/// start_line, end_line]`: a gazette has thousands, and written as a
/// [`Span`] object each repeated the file path (172 bytes a fingerprint,
/// a third of the facts' JSON). The object form earlier stores hold
/// (`{"hash", "chars", "span": {…}}`) still reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub chars: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_line: usize,
    pub end_line: usize,
}

impl Fingerprint {
    /// The paragraph's span in `file` (the document's).
    pub fn span(&self, file: &Arc<str>) -> Span {
        Span {
            file: file.clone(),
            start_byte: self.start_byte,
            end_byte: self.end_byte,
            start_line: self.start_line,
            end_line: self.end_line,
        }
    }

    fn to_array(self) -> [u64; 6] {
        [
            self.hash,
            self.chars as u64,
            self.start_byte as u64,
            self.end_byte as u64,
            self.start_line as u64,
            self.end_line as u64,
        ]
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_array().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, SeqAccess, Visitor};

        fn size<E: Error>(v: u64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::custom(format!("fingerprint value {v} too large")))
        }

        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fingerprint;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a fingerprint: [hash, chars, start_byte, end_byte, start_line, end_line]",
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Fingerprint, A::Error> {
                let mut v = [0u64; 6];
                for (k, x) in v.iter_mut().enumerate() {
                    *x = seq
                        .next_element()?
                        .ok_or_else(|| A::Error::invalid_length(k, &self))?;
                }
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(7, &self));
                }
                Ok(Fingerprint {
                    hash: v[0],
                    chars: size(v[1])?,
                    start_byte: size(v[2])?,
                    end_byte: size(v[3])?,
                    start_line: size(v[4])?,
                    end_line: size(v[5])?,
                })
            }

            /// The object form of stores written before the array form.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fingerprint, A::Error> {
                let (mut hash, mut chars, mut span) = (None, None, None::<Span>);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "hash" => hash = Some(map.next_value()?),
                        "chars" => chars = Some(map.next_value()?),
                        "span" => span = Some(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let span = span.ok_or_else(|| A::Error::missing_field("span"))?;
                Ok(Fingerprint {
                    hash: hash.ok_or_else(|| A::Error::missing_field("hash"))?,
                    chars: chars.ok_or_else(|| A::Error::missing_field("chars"))?,
                    start_byte: span.start_byte,
                    end_byte: span.end_byte,
                    start_line: span.start_line,
                    end_line: span.end_line,
                })
            }
        }
        d.deserialize_any(V)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fp() -> Fingerprint {
        Fingerprint {
            hash: u64::MAX - 7,
            chars: 50,
            start_byte: 44791,
            end_byte: 44941,
            start_line: 379,
            end_line: 380,
        }
    }

    #[test]
    fn fingerprints_are_stored_as_arrays_and_read_back() {
        let json = serde_json::to_string(&vec![fp()]).unwrap_or_default();
        assert_eq!(json, "[[18446744073709551608,50,44791,44941,379,380]]");
        let back: Vec<Fingerprint> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, vec![fp()]);
        let file: Arc<str> = Arc::from("a.txt");
        let s = fp().span(&file);
        assert_eq!(
            (&*s.file, s.start_byte, s.end_byte, s.start_line, s.end_line),
            ("a.txt", 44791, 44941, 379, 380)
        );
    }

    #[test]
    fn fingerprints_of_earlier_stores_still_read() {
        let old = r#"{"hash":18446744073709551608,"chars":50,"span":{"file":"x.txt","start_byte":44791,"end_byte":44941,"start_line":379,"end_line":380}}"#;
        let got: Result<Fingerprint, _> = serde_json::from_str(old);
        assert_eq!(got.ok(), Some(fp()));
        for bad in [
            "[1,2,3,4,5]",
            "[1,2,3,4,5,6,7]",
            "[1,2,3,4,5,-6]",
            r#"{"hash":1,"chars":2}"#,
            "\"x\"",
        ] {
            assert!(serde_json::from_str::<Fingerprint>(bad).is_err(), "{bad}");
        }
    }
}
