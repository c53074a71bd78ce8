//! Writing the index: sync with the store, the status dates of the
//! documents, the tantivy document of a 公文.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use gongwen_core::grammar::agencies;
use gongwen_core::Document;
use gongwen_store::{StatusDates, Store};
use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError, Term};

use crate::error::SearchError;
use crate::index::{Manifest, SearchIndex};
use crate::query::doc_number_keys;
use crate::schema::{days, NEVER, NO_DATE, SCHEMA_VERSION};
use crate::source::{units_of, FileText};

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The index was emptied and built again (empty, other schema version,
    /// or `rebuild`).
    pub rebuilt: bool,
    pub files_added: usize,
    pub files_removed: usize,
    pub documents_added: usize,
    /// Outline units of the added documents (kept with their document).
    pub units_added: usize,
    /// Documents of removed or replaced files.
    pub documents_removed: usize,
    /// Documents re-indexed because their status dates changed.
    pub status_updated: usize,
    /// UTF-8 bytes of body text indexed (added and re-indexed documents).
    pub text_bytes: u64,
    /// Documents in the index after the sync.
    pub documents: usize,
    /// Nothing had to change.
    pub unchanged: bool,
}

/// How long a sync waits for another writer (another process's sync)
/// before it gives up, and the longest pause between two tries.
const WRITER_WAIT: Duration = Duration::from_secs(60);
const WRITER_FIRST_PAUSE: Duration = Duration::from_millis(20);
const WRITER_MAX_PAUSE: Duration = Duration::from_millis(500);

/// The status dates as the index's day numbers.
fn status_days(s: &StatusDates) -> [i64; 3] {
    [
        s.effective_from.map_or(NEVER, days),
        s.last_day.map_or(NEVER, days),
        s.repealed_on.map_or(NEVER, days),
    ]
}

/// The unit-filter keys of a printed unit name: as printed, normalised
/// within the document's scope, and normalised without scope.
fn doc_unit_keys(d: &Document) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for a in &d.facts.assignments {
        for u in &a.units {
            keys.insert(u.name.clone());
            keys.insert(u.normalized.clone());
            keys.insert(agencies::normalize(&u.name, None).normalized);
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// The index writer: up to 2 threads, 128 MB each. Another process (or
/// another handle) holding the writer is waited for, with doubling pauses,
/// up to [`WRITER_WAIT`] (see the crate doc).
fn writer(index: &Index, dir: Option<&Path>) -> Result<IndexWriter, SearchError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 2);
    let start = Instant::now();
    let mut pause = WRITER_FIRST_PAUSE;
    loop {
        match index.writer_with_num_threads(threads, threads * 128_000_000) {
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                let left = WRITER_WAIT.saturating_sub(start.elapsed());
                if left.is_zero() {
                    return Err(SearchError::WriterBusy {
                        dir: dir.map_or_else(String::new, |d| d.display().to_string()),
                        waited_secs: start.elapsed().as_secs(),
                    });
                }
                std::thread::sleep(pause.min(left));
                pause = (pause * 2).min(WRITER_MAX_PAUSE);
            }
            other => return Ok(other?),
        }
    }
}

/// What a sync has to do, from the store's files and status dates and the
/// manifest of the index's last commit.
struct Plan {
    rebuild: bool,
    /// Files (name → hash) whose documents are added.
    add: BTreeMap<String, String>,
    /// Files (name, hash) whose documents are deleted.
    remove: Vec<(String, String)>,
    /// Documents to re-index for their status dates: file name → ids.
    update: BTreeMap<String, BTreeSet<String>>,
    /// Documents of the removed files, per the manifest.
    documents_removed: usize,
}

impl Plan {
    fn is_empty(&self) -> bool {
        !self.rebuild && self.add.is_empty() && self.remove.is_empty() && self.update.is_empty()
    }
}

/// The manifest and document count of the index's last commit.
fn committed(index: &Index) -> Result<(Option<Manifest>, u64), SearchError> {
    let metas = index.load_metas()?;
    let docs = metas.segments.iter().map(|s| u64::from(s.num_docs())).sum();
    let m = match metas.payload {
        Some(p) if !p.is_empty() => serde_json::from_str(&p).ok(),
        _ => None,
    };
    Ok((m, docs))
}

fn plan(
    old: Option<Manifest>,
    num_docs: u64,
    files: &BTreeMap<String, String>,
    status: &BTreeMap<String, [i64; 3]>,
    force: bool,
) -> Plan {
    // Rebuild: asked for, never synced, another schema version, or the
    // index lost the documents its manifest lists.
    let rebuild = force
        || old
            .as_ref()
            .is_none_or(|m| m.version != SCHEMA_VERSION || (!m.status.is_empty() && num_docs == 0));
    let old = if rebuild {
        Manifest::default()
    } else {
        old.unwrap_or_default()
    };
    let add: BTreeMap<String, String> = files
        .iter()
        .filter(|(n, h)| old.files.get(*n) != Some(*h))
        .map(|(n, h)| (n.clone(), h.clone()))
        .collect();
    let remove: Vec<(String, String)> = old
        .files
        .iter()
        .filter(|(n, h)| files.get(*n) != Some(*h))
        .map(|(n, h)| (n.clone(), h.clone()))
        .collect();
    let documents_removed = remove
        .iter()
        .map(|(_, h)| {
            let prefix = format!("{}-", h.get(..8).unwrap_or(h));
            old.status
                .keys()
                .filter(|id| id.starts_with(&prefix))
                .count()
        })
        .sum();
    // A document id starts with the first 8 hex digits of its file's hash.
    let mut by_prefix: HashMap<&str, Vec<&str>> = HashMap::new();
    for (n, h) in files {
        by_prefix
            .entry(h.get(..8).unwrap_or(h))
            .or_default()
            .push(n);
    }
    let mut update: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, dates) in status {
        if old.status.get(id) == Some(dates) {
            continue;
        }
        let prefix = id.split('-').next().unwrap_or("");
        for name in by_prefix.get(prefix).into_iter().flatten() {
            if !add.contains_key(*name) {
                update
                    .entry(name.to_string())
                    .or_default()
                    .insert(id.clone());
            }
        }
    }
    Plan {
        rebuild,
        add,
        remove,
        update,
        documents_removed,
    }
}

impl SearchIndex {
    /// Bring the index in line with the store: add the documents of new
    /// files, delete those of removed or replaced files, re-index documents
    /// whose status dates changed (a new document can repeal an old one).
    /// Reads the store's file list and status dates, and the documents of
    /// new files only. Idempotent; a full rebuild when the index is empty or
    /// its schema version differs. `today` is recorded in the manifest only:
    /// status is evaluated at query time.
    pub fn sync(
        &mut self,
        store: &dyn gongwen_store::Store,
        today: NaiveDate,
    ) -> Result<SyncReport, SearchError> {
        sync(self, store, today, false)
    }

    /// Drop everything and index the whole store again.
    pub fn rebuild(
        &mut self,
        store: &dyn gongwen_store::Store,
        today: NaiveDate,
    ) -> Result<SyncReport, SearchError> {
        sync(self, store, today, true)
    }

    /// The tantivy document of 公文 `d` of file `name` (hash `hash`), and
    /// the number of its outline units.
    fn doc_document(
        &self,
        (id, d): (&str, &Document),
        (name, hash): (&str, &str),
        text: Option<&FileText>,
        dates: [i64; 3],
        body: &str,
    ) -> Result<(TantivyDocument, usize), SearchError> {
        let f = &self.fields;
        let h = &d.header;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.file, name);
        doc.add_text(f.file_hash, hash);
        doc.add_text(f.id, id);
        let mut titles: Vec<&str> = Vec::new();
        if let Some(t) = &h.title {
            titles.push(&t.value);
            doc.add_text(f.title, &t.value);
        }
        for e in &d.enclosed {
            titles.push(&e.title);
            if let Some(p) = &e.printed_title {
                titles.push(p);
            }
        }
        if !titles.is_empty() {
            doc.add_text(f.title_ng, titles.join("\n"));
        }
        if let Some(n) = &h.doc_number {
            doc.add_text(f.doc_number, &n.value.raw);
            doc.add_text(f.num_ng, &n.value.raw);
            for k in doc_number_keys(&n.value) {
                doc.add_text(f.num_key, &k);
            }
        }
        doc.add_text(f.body_j, body);
        doc.add_text(f.body_ng, body);
        doc.add_text(f.body_1, body);
        for i in &h.issuers {
            doc.add_text(f.issuer, &i.value);
        }
        if let Some(g) = &h.genre {
            doc.add_text(f.genre, g);
        }
        for k in doc_unit_keys(d) {
            doc.add_text(f.unit_key, &k);
        }
        let date = h.date.as_ref().and_then(|x| x.value.date);
        if let Some(dt) = date {
            doc.add_text(f.date_iso, dt.to_string());
        }
        doc.add_i64(f.date, date.map_or(NO_DATE, days));
        doc.add_i64(f.year, date.map_or(NO_DATE, |x| i64::from(x.year())));
        doc.add_i64(f.effective_from, dates[0]);
        doc.add_i64(f.last_day, dates[1]);
        doc.add_i64(f.repealed_on, dates[2]);
        doc.add_u64(f.start_line, d.span.start_line as u64);
        doc.add_u64(f.end_line, d.span.end_line as u64);
        if let Some((t, (a, b))) = text.and_then(|t| Some((t, t.raw_range(d)?))) {
            doc.add_u64(f.start_byte, a as u64);
            doc.add_u64(f.end_byte, b as u64);
            doc.add_text(f.encoding, t.encoding());
        }
        let units = units_of(d);
        if !units.is_empty() {
            doc.add_text(f.units, serde_json::to_string(&units)?);
        }
        Ok((doc, units.len()))
    }
}

/// Index the documents of one file: all of them (`only` = `None`) or
/// those with the given ids. Returns (documents, units, body bytes).
fn add_file(
    ix: &SearchIndex,
    w: &IndexWriter,
    store: &dyn Store,
    (name, hash): (&str, &str),
    only: Option<&BTreeSet<String>>,
    status: &BTreeMap<String, [i64; 3]>,
) -> Result<(usize, usize, u64), SearchError> {
    let docs = store.file_documents(name)?;
    if docs.is_empty() {
        return Ok((0, 0, 0));
    }
    let raw = store.raw(name)?;
    let text = raw.as_deref().and_then(FileText::decode);
    drop(raw);
    let (mut n, mut units, mut bytes) = (0, 0, 0u64);
    for (id, d) in &docs {
        if only.is_some_and(|o| !o.contains(id)) {
            continue;
        }
        let body = text.as_ref().map(|t| t.body(d)).unwrap_or_default();
        let dates = status.get(id).copied().unwrap_or([NEVER; 3]);
        let (doc, u) = ix.doc_document((id, d), (name, hash), text.as_ref(), dates, &body)?;
        w.add_document(doc)?;
        n += 1;
        units += u;
        bytes += body.len() as u64;
    }
    Ok((n, units, bytes))
}

fn sync(
    ix: &mut SearchIndex,
    store: &dyn Store,
    today: NaiveDate,
    force: bool,
) -> Result<SyncReport, SearchError> {
    let files: BTreeMap<String, String> = store.files()?.into_iter().collect();
    let status: BTreeMap<String, [i64; 3]> = store
        .status_dates()?
        .into_iter()
        .map(|(id, s)| (id, status_days(&s)))
        .collect();
    let (old, n) = committed(&ix.index)?;
    let mut p = plan(old, n, &files, &status, force);
    let unchanged = |ix: &SearchIndex| -> Result<SyncReport, SearchError> {
        // Another process may have committed: read its commit now.
        ix.reader.reload()?;
        Ok(SyncReport {
            unchanged: true,
            documents: ix.num_documents()?,
            ..SyncReport::default()
        })
    };
    if p.is_empty() {
        return unchanged(ix);
    }
    let mut w = writer(&ix.index, ix.dir())?;
    // Under the writer lock: another sync may have committed while we
    // waited for it.
    let (old, n) = committed(&ix.index)?;
    p = plan(old, n, &files, &status, force);
    if p.is_empty() {
        drop(w);
        return unchanged(ix);
    }
    let mut report = SyncReport {
        rebuilt: p.rebuild,
        files_added: p.add.len(),
        files_removed: p.remove.len(),
        documents_removed: p.documents_removed,
        ..SyncReport::default()
    };
    if p.rebuild {
        w.set_merge_policy(Box::new(NoMergePolicy));
        w.delete_all_documents()?;
    }
    let f = ix.fields;
    for (_, hash) in &p.remove {
        w.delete_term(Term::from_field_text(f.file_hash, hash));
    }
    for (name, ids) in &p.update {
        for id in ids {
            w.delete_term(Term::from_field_text(f.id, id));
        }
        let hash = files.get(name).map_or("", String::as_str);
        let (n, _, bytes) = add_file(ix, &w, store, (name, hash), Some(ids), &status)?;
        report.status_updated += n;
        report.text_bytes += bytes;
    }
    for (name, hash) in &p.add {
        let (n, units, bytes) = add_file(ix, &w, store, (name, hash), None, &status)?;
        report.documents_added += n;
        report.units_added += units;
        report.text_bytes += bytes;
    }
    let m = Manifest {
        version: SCHEMA_VERSION,
        files,
        status,
        synced_on: today.to_string(),
    };
    let payload = serde_json::to_string(&m)?;
    let mut prepared = w.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    if p.rebuild {
        // One segment: a rebuilt index is then searched fastest.
        let ids = ix.index.searchable_segment_ids()?;
        if ids.len() > 1 {
            w.merge(&ids).wait()?;
        }
    }
    w.wait_merging_threads()?;
    ix.reader.reload()?;
    report.documents = ix.num_documents()?;
    Ok(report)
}
