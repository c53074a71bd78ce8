//! The embedded default backend: one SQLite database `gongwen.db` in the
//! store directory (WAL journal: readers never wait for the one writer;
//! one transaction per file). The schema is the relational one of
//! `migrations/` (docs/schema.md describes it for users).

mod compress;
mod link;
mod migrate;
mod read;
mod restore;
mod write;

use std::path::Path;

use gongwen_core::export::ExportRecord;
use gongwen_core::Document;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::{
    content_hash, DocSummary, FileInput, IngestOutcome, LinkOut, LinkedDocument, ListFilter, Page,
    Paging, StatusDates, StatusFilter, StatusRow, Store, StoreError, StoreStats, StoredDocument,
    TargetFilter, TargetRow, TaskFilter, TaskRow, UnitCount,
};

/// SQLite-backed [`Store`].
pub struct SqliteStore {
    conn: Connection,
    candidates: link::CandidateCache,
    counts: std::cell::RefCell<read::Counts>,
}

impl SqliteStore {
    /// Open (creating if needed) the store in directory `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Dir {
            path: dir.display().to_string(),
            source: e,
        })?;
        let conn = Connection::open(dir.join("gongwen.db"))?;
        Self::init(conn)
    }

    /// A store that lives in memory only (tests).
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut store = SqliteStore {
            conn,
            candidates: link::CandidateCache::default(),
            counts: Default::default(),
        };
        if let Some(files) = migrate::migrate(&mut store.conn)? {
            // A store of an earlier schema: its files parsed again.
            for (name, path, bytes) in files {
                let Ok(parsed) = gongwen_core::parse_bytes(&name, &bytes) else {
                    continue;
                };
                store.ingest(&FileInput {
                    path: &path,
                    name: &name,
                    bytes: &bytes,
                    parsed: &parsed,
                })?;
            }
        }
        Ok(store)
    }

    /// Ids of the documents of file `name`.
    fn ids_of_file(tx: &Connection, name: &str) -> Result<Vec<String>, StoreError> {
        let mut st = tx.prepare_cached(
            "SELECT d.id FROM documents d JOIN files f ON f.id = d.file_id WHERE f.name = ?1 ORDER BY d.ordinal",
        )?;
        let ids = st
            .query_map(params![name], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    /// Remove file `name` inside `tx`, links included; documents removed.
    fn remove_in(
        tx: &rusqlite::Transaction<'_>,
        cache: &mut link::CandidateCache,
        name: &str,
    ) -> Result<Option<usize>, StoreError> {
        let ids = Self::ids_of_file(tx, name)?;
        let pending = link::before_remove(tx, &ids)?;
        let gone = tx.execute("DELETE FROM files WHERE name = ?1", params![name])?;
        if gone == 0 {
            return Ok(None);
        }
        link::after_remove(tx, cache, pending)?;
        tx.execute(
            "INSERT INTO changes(file, change, at) VALUES (?1, 'removed', strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
            params![name],
        )?;
        Ok(Some(ids.len()))
    }
}

impl Store for SqliteStore {
    fn ingest(&mut self, input: &FileInput<'_>) -> Result<IngestOutcome, StoreError> {
        let hash = content_hash(input.bytes);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT (SELECT count(*) FROM documents WHERE file_id = files.id) FROM files WHERE hash = ?1",
                params![hash],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(n) = existing {
            tx.commit()?;
            return Ok(IngestOutcome::Unchanged {
                documents: n as usize,
            });
        }
        // A new version of a file with the same name replaces the old one.
        let replaced = Self::remove_in(&tx, &mut self.candidates, input.name)?.unwrap_or(0);
        let ids = write::insert_file(&tx, input, &hash)?;
        link::after_insert(&tx, &mut self.candidates, &ids)?;
        tx.commit()?;
        Ok(IngestOutcome::Added {
            documents: ids.len(),
            replaced,
        })
    }

    fn remove(&mut self, file: &str) -> Result<Option<usize>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = Self::remove_in(&tx, &mut self.candidates, file)?;
        tx.commit()?;
        Ok(n)
    }

    fn get(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        Ok(read::document(&self.conn, id)?.map(|(file, document)| {
            let mut record = ExportRecord::from_document(id, &document);
            record.source.file = file;
            StoredDocument { record, document }
        }))
    }

    fn linked(&self, id: &str) -> Result<Option<LinkedDocument>, StoreError> {
        read::linked(&self.conn, id)
    }

    fn status(&self, id: &str, on: chrono::NaiveDate) -> Result<Option<StatusRow>, StoreError> {
        read::status_row(&self.conn, id, on)
    }

    fn cited_by(&self, id: &str) -> Result<Vec<LinkOut>, StoreError> {
        read::cited_by(&self.conn, id)
    }

    fn summaries(&self, ids: &[String]) -> Result<Vec<DocSummary>, StoreError> {
        read::summaries(&self.conn, ids)
    }

    fn list(&self, filter: &ListFilter, page: Paging) -> Result<Page<DocSummary>, StoreError> {
        read::list(&self.conn, filter, page)
    }

    fn statuses(&self, filter: &StatusFilter, page: Paging) -> Result<Page<StatusRow>, StoreError> {
        read::statuses(&self.conn, filter, page)
    }

    fn tasks(&self, filter: &TaskFilter, page: Paging) -> Result<Page<TaskRow>, StoreError> {
        read::tasks(&self.conn, &mut self.counts.borrow_mut(), filter, page)
    }

    fn units(&self) -> Result<Vec<UnitCount>, StoreError> {
        read::units(&self.conn)
    }

    fn targets(&self, filter: &TargetFilter, page: Paging) -> Result<Page<TargetRow>, StoreError> {
        read::targets(&self.conn, filter, page)
    }

    fn for_each_linked(
        &self,
        f: &mut dyn FnMut(LinkedDocument) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT d.id FROM documents d JOIN files f ON f.id = d.file_id ORDER BY f.name, d.start_line")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in &ids {
            if let Some(l) = read::linked(&self.conn, id)? {
                f(l)?;
            }
        }
        Ok(())
    }

    fn raw(&self, file: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let stored: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT bytes FROM files WHERE name = ?1")?
            .query_row(params![file], |r| r.get(0))
            .optional()?;
        stored.map(|b| compress::unpack(&b)).transpose()
    }

    fn raw_range(
        &self,
        file: &str,
        start: usize,
        end: usize,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        compress::read_range(&self.conn, file, start, end)
    }

    fn stats(&self) -> Result<StoreStats, StoreError> {
        let (files, documents): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM documents)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(StoreStats {
            files: files as usize,
            documents: documents as usize,
        })
    }

    fn files(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT name, hash FROM files ORDER BY name")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn file_documents(&self, file: &str) -> Result<Vec<(String, Document)>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, j.json FROM documents d JOIN files f ON f.id = d.file_id
             JOIN document_json j ON j.doc_id = d.id
             WHERE f.name = ?1 ORDER BY d.start_line",
        )?;
        let rows = st.query_map(params![file], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, blob) = row?;
            out.push((
                id.clone(),
                restore::decode_document(&self.conn, &id, &blob)?,
            ));
        }
        Ok(out)
    }

    fn status_dates(&self) -> Result<Vec<(String, StatusDates)>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT doc_id, effective_from, last_day, repealed_on FROM status")?;
        let day = |s: Option<String>| s.and_then(|s| s.parse().ok());
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                StatusDates {
                    effective_from: day(r.get(1)?),
                    last_day: day(r.get(2)?),
                    repealed_on: day(r.get(3)?),
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(seq), 0) FROM changes")?
            .query_row([], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests;
