//! gongwen-store: persistence behind the [`Store`] trait.
//!
//! The embedded default is [`SqliteStore`] (one SQLite file in the store
//! directory, no server). A PostgreSQL backend will implement the same trait.
//!
//! Invariants every backend keeps:
//! - the raw bytes of every ingested file are kept unchanged;
//! - re-ingesting the same bytes changes nothing (files are keyed by the
//!   SHA-256 of their content);
//! - one file is ingested in one transaction: a killed ingest leaves the
//!   store as it was before that file;
//! - a new version of a file (same name, other bytes) replaces the old one's
//!   documents in the same transaction.

use chrono::NaiveDate;
use gongwen_core::export::ExportRecord;
use gongwen_core::{Document, ParsedFile};
use serde::{Deserialize, Serialize};

mod rows;
mod sqlite;
pub mod view;
pub use rows::{
    DocSummary, LinkOut, LinkedDocument, Links, ListFilter, Page, Paging, StatusFilter, StatusRow,
    StoreStats, TargetFilter, TargetRow, TaskFilter, TaskRow, UnitCount,
};
pub use sqlite::SqliteStore;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("corrupt stored record: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot open store directory {path}: {source}")]
    Dir {
        path: String,
        source: std::io::Error,
    },
    #[error("corrupt stored document: {0}")]
    Compression(#[from] std::io::Error),
    #[error("store schema version {found} is newer than this program ({supported})")]
    Schema { found: i64, supported: i64 },
}

/// One file to ingest: its raw bytes and the parse of them.
pub struct FileInput<'a> {
    /// The path as given by the user (for messages).
    pub path: &'a str,
    /// File name without directories; documents are reported under it.
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub parsed: &'a ParsedFile,
}

/// What ingesting one file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum IngestOutcome {
    /// New content: `documents` stored; `replaced` documents of an earlier
    /// version of the same file name removed.
    Added { documents: usize, replaced: usize },
    /// The same bytes were already in the store; nothing changed.
    Unchanged { documents: usize },
}

/// A document as stored: the export record and the full parse.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub record: ExportRecord,
    pub document: Document,
}

/// The dates a document's status on any day follows from; kept per document by the store, recomputed
/// in the ingest transaction when a repeal touches the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusDates {
    /// Effective date (施行), else the 成文日期; `None`: status unknown.
    pub effective_from: Option<NaiveDate>,
    /// Last day in force under a validity clause (有效期).
    pub last_day: Option<NaiveDate>,
    /// Earliest day a repeal by another document takes effect (废止).
    pub repealed_on: Option<NaiveDate>,
}

/// A gongwen store. Identifiers of documents are stable for the same bytes:
/// `<first 8 hex digits of the file's SHA-256>-<ordinal, 3 digits>`.
///
/// A backend implements the primitives; `links`, `status` and `record`
/// are composed from them here, once for every backend.
pub trait Store: Send {
    /// Ingest one parsed file (one transaction, links included).
    fn ingest(&mut self, input: &FileInput<'_>) -> Result<IngestOutcome, StoreError>;
    /// Remove a stored file and its documents (one transaction, links
    /// included). `None` when no file has that name; else the number of
    /// documents removed.
    fn remove(&mut self, file: &str) -> Result<Option<usize>, StoreError>;

    /// One document by id, as parsed.
    fn get(&self, id: &str) -> Result<Option<StoredDocument>, StoreError>;
    /// One document by id, linked to the store.
    fn linked(&self, id: &str) -> Result<Option<LinkedDocument>, StoreError>;
    /// The citations of other documents that resolve to `id`, in the order
    /// of the citing documents.
    fn cited_by(&self, id: &str) -> Result<Vec<LinkOut>, StoreError>;
    /// Summaries of the documents `ids` that exist, in the order of `ids`.
    fn summaries(&self, ids: &[String]) -> Result<Vec<DocSummary>, StoreError>;

    /// Documents matching `filter`, ordered by file name and start line.
    fn list(&self, filter: &ListFilter, page: Paging) -> Result<Page<DocSummary>, StoreError>;
    /// Status of documents on a date, ordered by file name and start line
    /// (by last day for `expires_before`).
    fn statuses(&self, filter: &StatusFilter, page: Paging) -> Result<Page<StatusRow>, StoreError>;
    /// Units charged with tasks, ordered by due date (undated last),
    /// document, line.
    fn tasks(&self, filter: &TaskFilter, page: Paging) -> Result<Page<TaskRow>, StoreError>;
    /// Every unit named in tasks (normalised), most tasks first.
    fn units(&self) -> Result<Vec<UnitCount>, StoreError>;
    /// Quantitative targets, ordered by document and line.
    fn targets(&self, filter: &TargetFilter, page: Paging) -> Result<Page<TargetRow>, StoreError>;

    /// Every document, linked, ordered by file name and start line, one at
    /// a time (export, lint, eval: the reads that need the whole store).
    fn for_each_linked(
        &self,
        f: &mut dyn FnMut(LinkedDocument) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// The raw bytes of a stored file, by file name.
    fn raw(&self, file: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Bytes `start..end` of a stored file (`None`: no such file or range),
    /// read without the rest of the file where the backend can.
    fn raw_range(
        &self,
        file: &str,
        start: usize,
        end: usize,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .raw(file)?
            .and_then(|b| b.get(start..end).map(<[u8]>::to_vec)))
    }
    /// What the store holds.
    fn stats(&self) -> Result<StoreStats, StoreError>;
    /// Every stored file: (file name, hex SHA-256 of its bytes), ordered by
    /// name. Lets a derived index (search) tell new, replaced and removed
    /// files apart.
    fn files(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// The documents of one stored file, with their ids, in order.
    fn file_documents(&self, file: &str) -> Result<Vec<(String, Document)>, StoreError>;
    /// The status dates of every document, by id.
    fn status_dates(&self) -> Result<Vec<(String, StatusDates)>, StoreError>;
    /// A number that changes whenever a change to the store is committed
    /// (by this or another process): followers poll it to catch up.
    fn version(&self) -> Result<i64, StoreError>;

    /// `links ID`: what the document cites, what cites it, what repeals it.
    fn links(&self, id: &str) -> Result<Option<Links>, StoreError> {
        let Some(l) = self.linked(id)? else {
            return Ok(None);
        };
        Ok(Some(view::links(&l, self.cited_by(id)?)))
    }

    /// The status of document `id` on `on`.
    fn status(&self, id: &str, on: NaiveDate) -> Result<Option<StatusRow>, StoreError> {
        Ok(self.linked(id)?.map(|l| view::status_row(&l, on)))
    }

    /// The export record of document `id`: facts resolved, status on `today`.
    fn record(&self, id: &str, today: NaiveDate) -> Result<Option<ExportRecord>, StoreError> {
        Ok(self.linked(id)?.map(|l| view::record(&l, today)))
    }

    /// Every document as a list of (id, document): the input of lint.
    fn documents(&self) -> Result<Vec<(String, Document)>, StoreError> {
        let mut out = Vec::new();
        self.for_each_linked(&mut |l| {
            out.push((l.id, l.document));
            Ok(())
        })?;
        Ok(out)
    }
}

/// Hex SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// The id of the `ordinal`-th (0-based) document of a file with this hash.
pub fn document_id(hash: &str, ordinal: usize) -> String {
    let h: String = hash.chars().take(8).collect();
    format!("{h}-{:03}", ordinal + 1)
}
