//! gongwen-search: full-text search (全文检索) over a gongwen store.
//!
//! A tantivy index with Chinese word segmentation (jieba-rs) and character
//! bigrams, kept in line with a [`gongwen_store::Store`] by
//! [`SearchIndex::sync`]. A separate crate because tantivy is heavy: the
//! parser and the store stay light.
//!
//! - **What is indexed** ([`schema`]): every document (title and enclosed
//!   titles, 文号, the text of its span) and every outline unit (条, 项,
//!   一、, （一） …: the lines the unit owns) as a tantivy document of its
//!   own, with the id of its document.
//! - **Text** ([`tokenize`]): whitespace, line breaks and punctuation are
//!   transparent; a run of text is matched as a substring (bigram phrase)
//!   and scored with BM25 over bigrams and jieba words; titles ×3 and 文号
//!   ×3 over the body.
//! - **Query** ([`query`]): tantivy's query syntax, conjunction by default;
//!   a query that is a 文号 puts the document(s) with that number first.
//! - **Hits** are documents. The best-matching unit of each hit on the page
//!   is looked up with the same query among that document's units; when one
//!   matches, the hit carries its label (`unit`) and the snippet and source
//!   line come from it. `total` and the facets count documents.
//! - **Status** (现行有效, 已废止 …) is evaluated at query time on any date
//!   from three date fast fields (effective from, last day, repealed on)
//!   written at sync time from `gongwen_store::view::Loaded`, so status
//!   filters and facets need no store.
//!
//! Consistency with the store: [`SearchIndex::sync`] compares the files of
//! the store (name, SHA-256) and the status dates of every document with a
//! manifest kept in the index's commit payload, and applies the difference
//! in one tantivy commit. It is idempotent: a sync that was interrupted (or
//! never ran after an ingest) is completed by the next one.
//!
//! Files, each importing only from those before it: `tokenize`; `schema`,
//! `query`, `snippet`, `source`; `collect`; `error`; `index` (the
//! [`SearchIndex`] type, opening it); `sync` (writing it); `search` (the
//! request, the answer, querying). This file only declares them and
//! re-exports the crate's public face.

mod collect;
mod error;
mod index;
pub mod query;
pub mod schema;
mod search;
pub mod snippet;
pub mod source;
mod sync;
pub mod tokenize;

pub use error::SearchError;
pub use index::SearchIndex;
pub use search::{FacetCount, Facets, Hit, HitSource, SearchQuery, SearchResponse};
pub use sync::SyncReport;
