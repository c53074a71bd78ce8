//! The embedded default backend: one SQLite database `gongwen.db` in the
//! store directory (WAL journal, one transaction per file).

use std::path::Path;

use gongwen_core::export::ExportRecord;
use gongwen_core::{Document, ParsedFile};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::{
    content_hash, document_id, DocSummary, FileInput, IngestOutcome, LinkOut, LinkedDocument,
    ListFilter, Page, Paging, StatusFilter, StatusRow, Store, StoreError, StoreStats,
    StoredDocument, TargetFilter, TargetRow, TaskFilter, TaskRow, UnitCount,
};

/// Schema version written to `PRAGMA user_version`. 2: `documents.record`
/// is no longer written (empty); the export record is derived from the
/// stored document on read; `documents.document` is LZ4-compressed JSON (a
/// BLOB; JSON compresses about 7×, and the bytes written were most of an
/// ingest's database time). A version-1 store is re-parsed from its stored
/// raw files when opened (`reparse_all`); rows that cannot be (JSON TEXT)
/// still read. A version-1 program refuses a version-2 store.
const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS files (
    hash      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    path      TEXT NOT NULL,
    encoding  TEXT NOT NULL,
    bytes     BLOB NOT NULL,
    lines     INTEGER NOT NULL,
    parsed    TEXT NOT NULL,          -- file-level parse facts (toc, running heads, diagnostics)
    ingested  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS files_name ON files(name);
CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,
    file_hash   TEXT NOT NULL REFERENCES files(hash) ON DELETE CASCADE,
    file        TEXT NOT NULL,
    ordinal     INTEGER NOT NULL,
    start_line  INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    issuers     TEXT NOT NULL,        -- issuers joined by U+001F, for filtering
    title       TEXT,
    doc_number  TEXT,
    date        TEXT,
    year        INTEGER,
    genre       TEXT,
    record      TEXT NOT NULL,        -- unused since schema 2 (''): the export record is derived from `document`
    document    BLOB NOT NULL         -- full gongwen_core::Document JSON, LZ4 (size-prepended block); TEXT JSON in schema 1
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file, start_line);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE INDEX IF NOT EXISTS documents_doc_number ON documents(doc_number);
";

/// SQLite-backed [`Store`].
pub struct SqliteStore {
    conn: Connection,
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

    fn init(mut conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::Schema {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        conn.execute_batch(SCHEMA)?;
        if found == 1 {
            reparse_all(&mut conn)?;
        }
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(SqliteStore { conn })
    }
}

/// Schema 1 → 2: re-parse every stored file from its raw bytes and rewrite
/// its documents in the current form (compressed, no stored record) and
/// with the current parser's facts — the paragraph fingerprints changed
/// hash, and lint compares them across documents, so old and new rows must
/// not mix. One transaction; a file that no longer decodes keeps its rows
/// (they still read).
fn reparse_all(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let files: Vec<(String, String, Vec<u8>)> = {
        let mut st = tx.prepare("SELECT hash, name, bytes FROM files")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (hash, name, bytes) in &files {
        let Ok(p) = gongwen_core::parse_bytes(name, bytes) else {
            continue;
        };
        tx.execute("DELETE FROM documents WHERE file_hash = ?1", params![hash])?;
        tx.execute(
            "UPDATE files SET encoding = ?2, lines = ?3, parsed = ?4 WHERE hash = ?1",
            params![hash, p.encoding, p.line_count as i64, file_facts(&p)],
        )?;
        write_documents(&tx, hash, name, &p)?;
    }
    tx.commit()?;
    Ok(())
}

/// The file-level facts stored with a file (table of contents, running
/// heads, file diagnostics), as JSON.
fn file_facts(p: &ParsedFile) -> String {
    serde_json::json!({
        "toc": p.toc,
        "running_heads": p.running_heads,
        "diagnostics": p.diagnostics,
    })
    .to_string()
}

/// Write the documents of parsed file `p` (SHA-256 `hash`, name `name`).
fn write_documents(
    tx: &rusqlite::Transaction<'_>,
    hash: &str,
    name: &str,
    p: &ParsedFile,
) -> Result<(), StoreError> {
    {
        let mut ins = tx.prepare_cached(
                "INSERT INTO documents(id, file_hash, file, ordinal, start_line, end_line, issuers, title, doc_number, date, year, genre, record, document)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)",
            )?;
        for d in &p.documents {
            let id = document_id(hash, d.ordinal);
            // Only for the filter columns (the record itself is derived
            // on read: storing it doubled the bytes written per document).
            let rec = ExportRecord::without_facts(&id, d);
            let issuers: Vec<&str> = rec.issuers.iter().map(String::as_str).collect();
            ins.execute(params![
                id,
                hash,
                name,
                d.ordinal as i64,
                rec.source.start_line as i64,
                rec.source.end_line as i64,
                issuers.join(&ISSUER_SEP.to_string()),
                rec.title,
                rec.doc_number.as_ref().map(|n| n.raw.clone()),
                rec.date,
                year_of(rec.date.as_deref()),
                rec.genre,
                "",
                lz4_flex::compress_prepend_size(&serde_json::to_vec(d)?),
            ])?;
        }
    }
    Ok(())
}

/// A stored `documents.document` value: LZ4-compressed JSON (schema 2) or
/// JSON text (schema 1).
enum Stored {
    Compressed(Vec<u8>),
    Json(String),
}

impl rusqlite::types::FromSql for Stored {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match v {
            rusqlite::types::ValueRef::Blob(b) => Ok(Stored::Compressed(b.to_vec())),
            other => String::column_result(other).map(Stored::Json),
        }
    }
}

impl Stored {
    fn document(&self) -> Result<Document, StoreError> {
        Ok(match self {
            Stored::Compressed(b) => {
                serde_json::from_slice(&lz4_flex::decompress_size_prepended(b)?)?
            }
            Stored::Json(s) => serde_json::from_str(s)?,
        })
    }
}

/// The export record of stored document `id` of file `file`.
fn record_of(id: &str, file: &str, d: &Document) -> ExportRecord {
    let mut rec = ExportRecord::from_document(id, d);
    rec.source.file = file.to_string();
    rec
}

fn year_of(date: Option<&str>) -> Option<i32> {
    date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok())
}

const ISSUER_SEP: char = '\u{1f}';

fn summary_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<DocSummary> {
    let issuers: String = row.get(4)?;
    Ok(DocSummary {
        id: row.get(0)?,
        file: row.get(1)?,
        start_line: row.get::<_, i64>(2)? as usize,
        end_line: row.get::<_, i64>(3)? as usize,
        issuers: issuers
            .split(ISSUER_SEP)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        title: row.get(5)?,
        doc_number: row.get(6)?,
        date: row.get(7)?,
        genre: row.get(8)?,
    })
}

impl SqliteStore {
    fn stored_documents(&self) -> Result<Vec<(String, Document)>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, document FROM documents ORDER BY file, start_line")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Stored>(1)?)))?;
        let mut out = Vec::new();
        for r in rows {
            let (id, d) = r?;
            out.push((id, d.document()?));
        }
        Ok(out)
    }

    fn all_linked(&self) -> Result<Vec<LinkedDocument>, StoreError> {
        let docs = self.stored_documents()?;
        let refs: Vec<(String, &Document)> = docs.iter().map(|(i, d)| (i.clone(), d)).collect();
        let linked = gongwen_core::corpus::link(&refs);
        Ok(docs
            .into_iter()
            .zip(linked)
            .map(|((id, document), linked)| LinkedDocument {
                file: document.span.file.to_string(),
                id,
                document,
                linked,
            })
            .collect())
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
                "SELECT (SELECT count(*) FROM documents WHERE file_hash = ?1) FROM files WHERE hash = ?1",
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
        let replaced: i64 = tx.query_row(
            "SELECT count(*) FROM documents WHERE file = ?1",
            params![input.name],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM files WHERE name = ?1", params![input.name])?;
        let p = input.parsed;
        tx.execute(
            "INSERT INTO files(hash, name, path, encoding, bytes, lines, parsed) VALUES (?1,?2,?3,?4,?5,?6,?7)",
            params![
                hash,
                input.name,
                input.path,
                p.encoding,
                input.bytes,
                p.line_count as i64,
                file_facts(p)
            ],
        )?;
        write_documents(&tx, &hash, input.name, p)?;
        tx.commit()?;
        Ok(IngestOutcome::Added {
            documents: p.documents.len(),
            replaced: replaced as usize,
        })
    }

    fn get(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let row: Option<(String, Stored)> = self
            .conn
            .query_row(
                "SELECT file, document FROM documents WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((file, d)) => {
                let document = d.document()?;
                Ok(Some(StoredDocument {
                    record: record_of(id, &file, &document),
                    document,
                }))
            }
        }
    }

    fn remove(&mut self, file: &str) -> Result<Option<usize>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n: i64 = tx.query_row(
            "SELECT count(*) FROM documents WHERE file = ?1",
            params![file],
            |r| r.get(0),
        )?;
        let gone = tx.execute("DELETE FROM files WHERE name = ?1", params![file])?;
        tx.commit()?;
        Ok((gone > 0).then_some(n as usize))
    }

    fn linked(&self, id: &str) -> Result<Option<LinkedDocument>, StoreError> {
        Ok(self.all_linked()?.into_iter().find(|l| l.id == id))
    }

    fn cited_by(&self, id: &str) -> Result<Vec<LinkOut>, StoreError> {
        let all = self.all_linked()?;
        let Some(me) = all.iter().find(|l| l.id == id) else {
            return Ok(Vec::new());
        };
        Ok(me
            .linked
            .cited_by
            .iter()
            .filter_map(|(from, ri)| {
                let f = all.iter().find(|l| &l.id == from)?;
                crate::view::cited_by_row(f, *ri)
            })
            .collect())
    }

    fn summaries(&self, ids: &[String]) -> Result<Vec<DocSummary>, StoreError> {
        let all = self.list(&ListFilter::default(), Paging::ALL)?.items;
        Ok(ids
            .iter()
            .filter_map(|i| all.iter().find(|s| &s.id == i).cloned())
            .collect())
    }

    fn list(&self, f: &ListFilter, page: Paging) -> Result<Page<DocSummary>, StoreError> {
        let mut sql = String::from(
            "SELECT id, file, start_line, end_line, issuers, title, doc_number, date, genre FROM documents WHERE 1=1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(i) = &f.issuer {
            args.push(format!("%{i}%").into());
            sql.push_str(&format!(" AND issuers LIKE ?{}", args.len()));
        }
        if let Some(y) = f.year {
            args.push(i64::from(y).into());
            sql.push_str(&format!(" AND year = ?{}", args.len()));
        }
        if let Some(g) = &f.genre {
            args.push(g.clone().into());
            sql.push_str(&format!(" AND genre = ?{}", args.len()));
        }
        if let Some(n) = &f.doc_number {
            args.push(n.clone().into());
            sql.push_str(&format!(" AND doc_number = ?{}", args.len()));
        }
        sql.push_str(" ORDER BY file, start_line");
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), summary_of)?;
        let mut rows: Vec<DocSummary> = rows.collect::<Result<_, _>>()?;
        if let Some(on) = f.in_force_on {
            let all = self.all_linked()?;
            rows.retain(|r| {
                all.iter().find(|l| l.id == r.id).is_some_and(|l| {
                    crate::view::status(l, on).state == gongwen_core::model::State::InForce
                })
            });
        }
        Ok(Page::of(rows, page))
    }

    fn statuses(&self, f: &StatusFilter, page: Paging) -> Result<Page<StatusRow>, StoreError> {
        let mut rows: Vec<StatusRow> = self
            .all_linked()?
            .iter()
            .map(|l| crate::view::status_row(l, f.on))
            .filter(|r| f.state.is_none_or(|s| s == r.state))
            .collect();
        if let Some(before) = f.expires_before {
            rows.retain(|r| {
                r.state != gongwen_core::model::State::Repealed
                    && r.last_day
                        .as_deref()
                        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
                        .is_some_and(|d| d < before)
            });
            rows.sort_by(|a, b| a.last_day.cmp(&b.last_day));
        }
        Ok(Page::of(rows, page))
    }

    fn tasks(&self, f: &TaskFilter, page: Paging) -> Result<Page<TaskRow>, StoreError> {
        let mut out = Vec::new();
        for l in self.all_linked()? {
            let scope = crate::view::document_scope(&l.document);
            for (row, due) in crate::view::task_rows(&l) {
                if let Some(q) = &f.unit {
                    if !crate::view::unit_matches(q, scope.as_deref(), &row.unit, &row.normalized) {
                        continue;
                    }
                }
                if f.role.is_some_and(|r| r != row.role) {
                    continue;
                }
                if let Some(b) = f.due_before {
                    if due.is_none_or(|d| d >= b) {
                        continue;
                    }
                }
                out.push(row);
            }
        }
        out.sort_by(crate::view::task_order);
        Ok(Page::of(out, page))
    }

    fn units(&self) -> Result<Vec<UnitCount>, StoreError> {
        let rows = self.tasks(&TaskFilter::default(), Paging::ALL)?.items;
        let mut units: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        for r in &rows {
            let e = units.entry(r.normalized.clone()).or_default();
            e.0 += 1;
            if r.role == gongwen_core::model::Role::Lead {
                e.1 += 1;
            }
        }
        let mut list: Vec<UnitCount> = units
            .into_iter()
            .filter(|(n, _)| !n.is_empty())
            .map(|(name, (tasks, lead))| UnitCount { name, tasks, lead })
            .collect();
        list.sort_by(|a, b| b.tasks.cmp(&a.tasks).then_with(|| a.name.cmp(&b.name)));
        Ok(list)
    }

    fn targets(&self, f: &TargetFilter, page: Paging) -> Result<Page<TargetRow>, StoreError> {
        let mut out = Vec::new();
        for l in self.all_linked()? {
            out.extend(
                crate::view::target_rows(&l)
                    .into_iter()
                    .filter(|t| f.year.is_none() || t.year == f.year),
            );
        }
        Ok(Page::of(out, page))
    }

    fn for_each_linked(
        &self,
        f: &mut dyn FnMut(LinkedDocument) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for l in self.all_linked()? {
            f(l)?;
        }
        Ok(())
    }

    fn raw(&self, file: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT bytes FROM files WHERE name = ?1",
                params![file],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn stats(&self) -> Result<StoreStats, StoreError> {
        let files: i64 = self
            .conn
            .query_row("SELECT count(*) FROM files", [], |r| r.get(0))?;
        let documents: i64 = self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        Ok(StoreStats {
            files: files as usize,
            documents: documents as usize,
        })
    }

    fn files(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT name, hash FROM files ORDER BY name")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn file_documents(&self, file: &str) -> Result<Vec<(String, Document)>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, document FROM documents WHERE file = ?1 ORDER BY start_line")?;
        let rows = st.query_map(params![file], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Stored>(1)?))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, d) = r?;
            out.push((id, d.document()?));
        }
        Ok(out)
    }

    fn status_dates(&self) -> Result<Vec<(String, crate::StatusDates)>, StoreError> {
        let docs = self.stored_documents()?;
        let dates = crate::view::status_dates_of(&docs);
        Ok(docs.into_iter().map(|(i, _)| i).zip(dates).collect())
    }

    fn version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(rowid), 0) * 1000003 + count(*) FROM files",
            [],
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "某市人民政府\n关于做好示例工作的通知\n某政〔2020〕3号\n\n各县（市、区）人民政府：\n　　请认真做好示例工作。\n\n某市人民政府\n2020年3月1日\n";

    fn ingest(s: &mut SqliteStore, name: &str, text: &str) -> IngestOutcome {
        let parsed = gongwen_core::parse_bytes(name, text.as_bytes()).unwrap();
        s.ingest(&FileInput {
            path: name,
            name,
            bytes: text.as_bytes(),
            parsed: &parsed,
        })
        .unwrap()
    }

    #[test]
    fn ingest_is_idempotent_and_replaces_versions() {
        let mut s = SqliteStore::in_memory().unwrap();
        assert_eq!(
            ingest(&mut s, "a.txt", DOC),
            IngestOutcome::Added {
                documents: 1,
                replaced: 0
            }
        );
        assert_eq!(
            ingest(&mut s, "a.txt", DOC),
            IngestOutcome::Unchanged { documents: 1 }
        );
        assert_eq!(s.stats().unwrap().documents, 1);
        let v2 = DOC.replace("3号", "4号");
        assert_eq!(
            ingest(&mut s, "a.txt", &v2),
            IngestOutcome::Added {
                documents: 1,
                replaced: 1
            }
        );
        let st = s.stats().unwrap();
        assert_eq!((st.files, st.documents), (1, 1));
        let all = s.list(&ListFilter::default(), Paging::ALL).unwrap();
        assert_eq!(all.items[0].doc_number.as_deref(), Some("某政〔2020〕4号"));
        assert_eq!(s.raw("a.txt").unwrap().unwrap(), v2.as_bytes());
    }

    #[test]
    fn filters_and_get() {
        let mut s = SqliteStore::in_memory().unwrap();
        ingest(&mut s, "a.txt", DOC);
        let f = |issuer: Option<&str>, year: Option<i32>, genre: Option<&str>| ListFilter {
            issuer: issuer.map(String::from),
            year,
            genre: genre.map(String::from),
            doc_number: None,
            in_force_on: None,
        };
        assert_eq!(
            s.list(&f(Some("某市"), None, None), Paging::ALL)
                .unwrap()
                .total,
            1
        );
        assert_eq!(
            s.list(&f(Some("别的"), None, None), Paging::ALL)
                .unwrap()
                .total,
            0
        );
        assert_eq!(
            s.list(&f(None, Some(2020), Some("通知")), Paging::ALL)
                .unwrap()
                .total,
            1
        );
        assert_eq!(
            s.list(&f(None, Some(2019), None), Paging::ALL)
                .unwrap()
                .total,
            0
        );
        let id = &s.list(&ListFilter::default(), Paging::ALL).unwrap().items[0].id;
        let d = s.get(id).unwrap().unwrap();
        assert_eq!(d.record.title.as_deref(), Some("关于做好示例工作的通知"));
        assert_eq!(d.document.span.start_line, 1);
        assert!(s.get("nope").unwrap().is_none());
    }

    #[test]
    fn records_are_derived_from_the_stored_document() {
        let mut s = SqliteStore::in_memory().unwrap();
        ingest(&mut s, "a.txt", DOC);
        let id = s.list(&ListFilter::default(), Paging::ALL).unwrap().items[0]
            .id
            .clone();
        let parsed = gongwen_core::parse_bytes("a.txt", DOC.as_bytes()).unwrap();
        let expected = ExportRecord::from_document(&id, &parsed.documents[0]);
        let recs: Vec<ExportRecord> = s
            .documents()
            .unwrap()
            .iter()
            .map(|(i, d)| record_of(i, "a.txt", d))
            .collect();
        assert_eq!(recs.len(), 1);
        assert_eq!(
            serde_json::to_value(&recs[0]).unwrap(),
            serde_json::to_value(&expected).unwrap()
        );
        assert_eq!(recs[0].source.file, "a.txt");
        let got = s.get(&id).unwrap().unwrap().record;
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            serde_json::to_value(&expected).unwrap()
        );
        // The document is stored compressed.
        let blob: Vec<u8> = s
            .conn
            .query_row("SELECT document FROM documents", [], |r| r.get(0))
            .unwrap();
        let json = lz4_flex::decompress_size_prepended(&blob).unwrap();
        assert!(json.starts_with(b"{"));
        // Nothing but the document is written for it.
        let stored: String = s
            .conn
            .query_row("SELECT record FROM documents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, "");
    }

    #[test]
    fn a_schema_1_store_is_reparsed_and_a_newer_one_is_refused() {
        // A schema-1 store: record JSON and document JSON text per row.
        let text = DOC.replace(
            "请认真做好示例工作。",
            "请各县（市、区）人民政府认真做好示例工作，确保各项任务按时完成并及时报送情况。",
        );
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let hash = content_hash(text.as_bytes());
        let parsed = gongwen_core::parse_bytes("a.txt", text.as_bytes()).unwrap();
        let d = &parsed.documents[0];
        let id = document_id(&hash, 0);
        let mut old_doc = d.clone();
        old_doc.facts.fingerprints.clear();
        let insert_file = "INSERT INTO files(hash, name, path, encoding, bytes, lines, parsed) VALUES (?1,?2,?2,'UTF-8',?3,1,'{}')";
        let insert_doc = "INSERT INTO documents(id, file_hash, file, ordinal, start_line, end_line, issuers, record, document) VALUES (?1,?2,?3,0,1,9,'',?4,?5)";
        let rec = serde_json::to_string(&record_of(&id, "a.txt", &old_doc)).unwrap();
        let json = serde_json::to_string(&old_doc).unwrap();
        conn.execute(insert_file, params![hash, "a.txt", text.as_bytes()])
            .unwrap();
        conn.execute(insert_doc, params![id, hash, "a.txt", rec, json])
            .unwrap();
        // A file that no longer parses (not text) keeps its old rows.
        conn.execute(
            insert_file,
            params!["h", "b.bin", &[0u8, 159, 146, 150][..]],
        )
        .unwrap();
        conn.execute(insert_doc, params!["old", "h", "b.bin", rec, json])
            .unwrap();
        let s = SqliteStore::init(conn).unwrap();
        let v: i64 = s
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        // Re-parsed: compressed, current facts (fingerprints back), no record.
        let (record, kind): (String, String) = s
            .conn
            .query_row(
                "SELECT record, typeof(document) FROM documents WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((record.as_str(), kind.as_str()), ("", "blob"));
        let got = s.get(&id).unwrap().unwrap();
        assert!(!d.facts.fingerprints.is_empty());
        assert_eq!(got.document.facts.fingerprints, d.facts.fingerprints);
        assert_eq!(got.document.header.title, d.header.title);
        // The undecodable file's row is still the JSON text, and reads.
        let old = s.get("old").unwrap().unwrap();
        assert_eq!(old.document.header.title, d.header.title);
        assert_eq!(s.documents().unwrap().len(), 2);

        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            SqliteStore::init(conn),
            Err(StoreError::Schema { .. })
        ));
    }

    #[test]
    fn store_persists_on_disk() {
        let dir = std::env::temp_dir().join(format!("gongwen-store-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        {
            let mut s = SqliteStore::open(&dir).unwrap();
            ingest(&mut s, "a.txt", DOC);
        }
        let s = SqliteStore::open(&dir).unwrap();
        assert_eq!(s.stats().unwrap().documents, 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
