//! The tantivy schema: one index, two kinds of tantivy documents.
//!
//! - `kind = doc`: a 公文. Text fields `title_ng`, `num_ng`, `body_*`; filter
//!   and facet fields (`issuer`, `genre`, `year`, `date`, the status dates,
//!   `unit_key`, `num_key`); stored fields for the hit.
//! - `kind = unit`: an outline unit (条, 项, 一、 …) of a document: `parent`
//!   (the document id) and the text fields `unit_*`.
//! - `kind = text`: the stored text of a document (`body`, `text_of` = its
//!   id), added after its units. Kept apart so that fetching a hit's
//!   metadata does not decompress and decode the whole text; it is read
//!   only for a snippet when no unit matched.
//!
//! The two kinds use disjoint text fields, so a query on document fields
//! never walks unit postings and BM25 field statistics are per kind (the
//! document count is supplied per kind, see `KindStats` in `search.rs`).
//!
//! Dates are `i64` days since 0001-01-01 (`NaiveDate::num_days_from_ce`);
//! a missing date is [`NO_DATE`] for `date` and `year` and [`NEVER`] for the
//! status dates, so every fast field has a value on every document.

use chrono::{Datelike, NaiveDate};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};

use crate::tokenize::{JIEBA, NGRAM};

/// Bump when the schema or the indexed text changes: the index is rebuilt.
/// 6: traditional characters are folded to simplified (`tokenize::fold`).
pub const SCHEMA_VERSION: u32 = 6;

/// `date`/`year` of a document without a readable 成文日期.
pub const NO_DATE: i64 = i64::MIN;
/// Status date that is not known (`effective_from`) or does not exist
/// (`last_day`, `repealed_on`).
pub const NEVER: i64 = i64::MAX;

/// The day number of `d` in the date fast fields.
pub(crate) fn days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

pub const KIND_DOC: &str = "doc";
pub const KIND_UNIT: &str = "unit";
pub const KIND_TEXT: &str = "text";

/// Every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    pub file: Field,
    pub file_hash: Field,
    // kind = doc
    pub id: Field,
    pub title_ng: Field,
    pub num_ng: Field,
    pub body_j: Field,
    pub body_ng: Field,
    pub body: Field,
    // kind = text
    pub text_of: Field,
    pub title: Field,
    pub doc_number: Field,
    pub num_key: Field,
    pub issuer: Field,
    pub genre: Field,
    pub unit_key: Field,
    pub date_iso: Field,
    pub date: Field,
    pub year: Field,
    pub effective_from: Field,
    pub last_day: Field,
    pub repealed_on: Field,
    pub start_line: Field,
    pub end_line: Field,
    // kind = unit
    pub parent: Field,
    pub unit_j: Field,
    pub unit_ng: Field,
    pub unit_text: Field,
    pub label: Field,
    pub path: Field,
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

impl Fields {
    /// Build the schema.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let fast_i64 = || NumericOptions::default().set_fast();
        let f = Fields {
            kind: b.add_text_field("kind", STRING),
            file: b.add_text_field("file", STRING | STORED),
            file_hash: b.add_text_field("file_hash", STRING),
            id: b.add_text_field("id", STRING | STORED),
            title_ng: b.add_text_field("title_ng", text(NGRAM)),
            num_ng: b.add_text_field("num_ng", text(NGRAM)),
            body_j: b.add_text_field("body_j", text(JIEBA)),
            body_ng: b.add_text_field("body_ng", text(NGRAM)),
            body: b.add_text_field("body", STORED),
            text_of: b.add_text_field("text_of", STRING),
            title: b.add_text_field("title", STORED),
            doc_number: b.add_text_field("doc_number", STORED),
            num_key: b.add_text_field("num_key", STRING),
            issuer: b.add_text_field("issuer", STRING | FAST | STORED),
            genre: b.add_text_field("genre", STRING | FAST | STORED),
            unit_key: b.add_text_field("unit_key", STRING),
            date_iso: b.add_text_field("date_iso", STORED),
            date: b.add_i64_field("date", fast_i64()),
            year: b.add_i64_field("year", fast_i64()),
            effective_from: b.add_i64_field("effective_from", fast_i64()),
            last_day: b.add_i64_field("last_day", fast_i64()),
            repealed_on: b.add_i64_field("repealed_on", fast_i64()),
            start_line: b.add_u64_field("start_line", STORED),
            end_line: b.add_u64_field("end_line", STORED),
            parent: b.add_text_field("parent", STRING | FAST | STORED),
            unit_j: b.add_text_field("unit_j", text(JIEBA)),
            unit_ng: b.add_text_field("unit_ng", text(NGRAM)),
            unit_text: b.add_text_field("unit_text", STORED),
            label: b.add_text_field("label", STORED),
            path: b.add_text_field("path", STORED),
        };
        (b.build(), f)
    }

    /// Look the fields up in an existing schema (`None` when one is
    /// missing: the index was built by another version).
    pub fn from_schema(s: &Schema) -> Option<Fields> {
        let g = |n: &str| s.get_field(n).ok();
        Some(Fields {
            kind: g("kind")?,
            file: g("file")?,
            file_hash: g("file_hash")?,
            id: g("id")?,
            title_ng: g("title_ng")?,
            num_ng: g("num_ng")?,
            body_j: g("body_j")?,
            body_ng: g("body_ng")?,
            body: g("body")?,
            text_of: g("text_of")?,
            title: g("title")?,
            doc_number: g("doc_number")?,
            num_key: g("num_key")?,
            issuer: g("issuer")?,
            genre: g("genre")?,
            unit_key: g("unit_key")?,
            date_iso: g("date_iso")?,
            date: g("date")?,
            year: g("year")?,
            effective_from: g("effective_from")?,
            last_day: g("last_day")?,
            repealed_on: g("repealed_on")?,
            start_line: g("start_line")?,
            end_line: g("end_line")?,
            parent: g("parent")?,
            unit_j: g("unit_j")?,
            unit_ng: g("unit_ng")?,
            unit_text: g("unit_text")?,
            label: g("label")?,
            path: g("path")?,
        })
    }
}
