//! gongwen-search: full-text search (全文检索) over a gongwen store.
//!
//! A tantivy index with Chinese word segmentation (jieba-rs) and character
//! bigrams, kept in line with a [`gongwen_store::Store`] by
//! [`SearchIndex::sync`]. A separate crate because tantivy is heavy: the
//! parser and the store stay light.
//!
//! - **What is indexed** ([`schema`]): one tantivy document per 公文: its
//!   body text (the compact lines of its span) as character bigrams with
//!   positions, its characters without positions, its jieba words with
//!   frequencies only; titles and 文号; filter and facet fields. No text is
//!   stored and outline units are not indexed: the index keeps, per
//!   document, the raw byte range of its lines, the file's encoding and its
//!   units' labels and lines.
//! - **Text** ([`tokenize`]): whitespace, line breaks and punctuation are
//!   transparent; a run of text is matched as a substring (bigram phrase;
//!   one character: a character lookup) and scored with BM25 over bigrams
//!   and jieba words; titles ×3 and 文号 ×3 over the body.
//! - **Query** ([`query`]): tantivy's query syntax, conjunction by default;
//!   a query that is a 文号 puts the document(s) with that number first.
//! - **Hits** are documents. For each hit on the page the text is read back
//!   from the store ([`source::RawFiles::raw_range`], only the document's
//!   bytes) and searched near the matches only (`locate`): each phrase's
//!   rarest character is looked for in the raw text, only those lines are
//!   folded, the query ([`query::Matcher`]) is evaluated from occurrence
//!   counts on the units that hold one, and the best unit that satisfies
//!   it gives the hit's `unit`, snippet and source lines. `total` and the
//!   facets count documents. Decoded texts of recent hits are kept (16 MiB).
//! - **Status** (现行有效, 已废止 …) is evaluated at query time on any date
//!   from three date fast fields (effective from, last day, repealed on)
//!   written at sync time from the store's status dates, so status filters
//!   and facets need no store.
//!
//! Consistency with the store: [`SearchIndex::sync`] compares the files of
//! the store (name, SHA-256) and the status dates of every document with a
//! manifest kept in the index's commit payload; it reads the documents of
//! new or replaced files only and applies the difference in one tantivy
//! commit. It is idempotent: a sync that was interrupted (or never ran
//! after an ingest) is completed by the next one.
//!
//! Several processes (`gongwen ingest`, one or more `gongwen serve`) may
//! open the same index. Whoever sees the store change syncs: the tantivy
//! writer is taken per sync and released at its end, and a sync that finds
//! it taken waits (20 ms doubling to 500 ms between tries, at most 60 s)
//! rather than fail — a sync is short, and waiting needs no daemon owning
//! the index. Once it has the writer it reads the manifest again, so it
//! does not index what the other process just committed. Readers follow
//! other processes' commits: tantivy's mmap directory polls `meta.json`
//! (`ReloadPolicy::OnCommitWithDelay`, about 0.5 s), and every sync, even
//! one with nothing to do, reloads the reader.
//!
//! Files, each importing only from those before it: `tokenize`; `schema`,
//! `query`, `snippet`, `source`; `locate`; `collect`; `error`; `index` (the
//! [`SearchIndex`] type, opening it); `sync` (writing it); `search` (the
//! request, the answer, querying). This file only declares them and
//! re-exports the crate's public face.

mod collect;
mod error;
mod index;
mod locate;
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
