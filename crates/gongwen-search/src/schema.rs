//! The tantivy schema: one tantivy document per 公文.
//!
//! - Text: `body_ng` (bigrams with positions: what decides a match),
//!   `body_1` (one-character words, doc ids only), `body_j` (jieba words
//!   with frequencies, no positions: a score-only bonus), `title_ng` and
//!   `num_ng` (title and 文号 bigrams, score-only bonus ×3).
//! - Filters and facets: `issuer`, `genre`, `unit_key`, `num_key`, and the
//!   fast fields `date`, `year` and the three status dates.
//! - Stored for the hit: id, file, title, 文号, 成文日期, issuers, genre,
//!   the line span and the raw byte range of the document in its file with
//!   the file's encoding, and its outline units (label, parent, lines).
//!   No text is stored: the text of a hit (snippet, unit) is read back from
//!   the store's raw bytes at query time (`source::DocSource`).
//!
//! Outline units are not indexed: the unit of a hit is found at query time
//! among the hit's units (see `search.rs`).
//!
//! Dates are `i64` days since 0001-01-01 (`NaiveDate::num_days_from_ce`);
//! a missing date is [`NO_DATE`] for `date` and `year` and [`NEVER`] for the
//! status dates, so every fast field has a value on every document.

use chrono::{Datelike, NaiveDate};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};

use crate::tokenize::{BIGRAM, CHAR, JIEBA, NGRAM};

/// Bump when the schema or the indexed text changes: the index is rebuilt.
/// 6: traditional characters are folded to simplified (`tokenize::fold`).
/// 7: one tantivy document per 公文 (no unit or text documents), no stored
/// text, body bigrams without unigrams, jieba without positions.
pub const SCHEMA_VERSION: u32 = 7;

/// `date`/`year` of a document without a readable 成文日期.
pub const NO_DATE: i64 = i64::MIN;
/// Status date that is not known (`effective_from`) or does not exist
/// (`last_day`, `repealed_on`).
pub const NEVER: i64 = i64::MAX;

/// The day number of `d` in the date fast fields.
pub(crate) fn days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// Every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub file: Field,
    pub file_hash: Field,
    pub id: Field,
    pub title_ng: Field,
    pub num_ng: Field,
    pub body_j: Field,
    pub body_ng: Field,
    pub body_1: Field,
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
    pub start_byte: Field,
    pub end_byte: Field,
    pub encoding: Field,
    pub units: Field,
}

fn text(tokenizer: &str, option: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(option),
    )
}

impl Fields {
    /// Build the schema.
    pub fn schema() -> (Schema, Fields) {
        use IndexRecordOption::{Basic, WithFreqs, WithFreqsAndPositions};
        let mut b = Schema::builder();
        let fast_i64 = || NumericOptions::default().set_fast();
        let f = Fields {
            file: b.add_text_field("file", STORED),
            file_hash: b.add_text_field("file_hash", STRING),
            id: b.add_text_field("id", STRING | STORED),
            title_ng: b.add_text_field("title_ng", text(NGRAM, WithFreqsAndPositions)),
            num_ng: b.add_text_field("num_ng", text(NGRAM, WithFreqsAndPositions)),
            body_j: b.add_text_field("body_j", text(JIEBA, WithFreqs)),
            body_ng: b.add_text_field("body_ng", text(BIGRAM, WithFreqsAndPositions)),
            body_1: b.add_text_field("body_1", text(CHAR, Basic)),
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
            start_byte: b.add_u64_field("start_byte", STORED),
            end_byte: b.add_u64_field("end_byte", STORED),
            encoding: b.add_text_field("encoding", STORED),
            units: b.add_text_field("units", STORED),
        };
        (b.build(), f)
    }

    /// Look the fields up in an existing schema (`None` when one is
    /// missing: the index was built by another version).
    pub fn from_schema(s: &Schema) -> Option<Fields> {
        let g = |n: &str| s.get_field(n).ok();
        Some(Fields {
            file: g("file")?,
            file_hash: g("file_hash")?,
            id: g("id")?,
            title_ng: g("title_ng")?,
            num_ng: g("num_ng")?,
            body_j: g("body_j")?,
            body_ng: g("body_ng")?,
            body_1: g("body_1")?,
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
            start_byte: g("start_byte")?,
            end_byte: g("end_byte")?,
            encoding: g("encoding")?,
            units: g("units")?,
        })
    }
}
