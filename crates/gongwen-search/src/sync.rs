//! Writing the index: sync with the store, the status dates of the
//! documents, the tantivy documents of a 公文 and its units.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use gongwen_core::grammar::agencies;
use gongwen_core::Document;
use gongwen_store::{ListFilter, StatusDates, Store};
use serde::Serialize;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::error::SearchError;
use crate::index::{manifest, Manifest, SearchIndex};
use crate::query::doc_number_keys;
use crate::schema::{days, Fields, KIND_DOC, KIND_TEXT, KIND_UNIT, NEVER, NO_DATE, SCHEMA_VERSION};
use crate::source::FileText;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The index was emptied and built again (empty, other schema version,
    /// or `rebuild`).
    pub rebuilt: bool,
    pub files_added: usize,
    pub files_removed: usize,
    pub documents_added: usize,
    pub units_added: usize,
    /// Documents of removed or replaced files.
    pub documents_removed: usize,
    /// Documents re-indexed because their status dates changed.
    pub status_updated: usize,
    /// Documents in the index after the sync.
    pub documents: usize,
    /// Nothing had to change.
    pub unchanged: bool,
}

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

/// Writer threads and memory: up to 2 threads, 128 MB each.
fn writer(index: &Index) -> Result<IndexWriter, SearchError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 2);
    Ok(index.writer_with_num_threads(threads, threads * 128_000_000)?)
}

/// Every tantivy document has the date fast fields (dense columns are read
/// faster); units and texts never pass the kind filter.
fn sentinel_dates(doc: &mut TantivyDocument, f: &Fields) {
    doc.add_i64(f.date, NO_DATE);
    doc.add_i64(f.year, NO_DATE);
    doc.add_i64(f.effective_from, NEVER);
    doc.add_i64(f.last_day, NEVER);
    doc.add_i64(f.repealed_on, NEVER);
}

/// Everything needed to index the documents of one file.
struct FileDocs<'a> {
    name: &'a str,
    hash: &'a str,
    text: Option<FileText>,
}

impl SearchIndex {
    /// Bring the index in line with the store: add the documents of new
    /// files, delete those of removed or replaced files, re-index documents
    /// whose status dates changed (a new document can repeal an old one).
    /// Idempotent; a full rebuild when the index is empty or its schema
    /// version differs. `today` is recorded in the manifest only: status is
    /// evaluated at query time.
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

    fn doc_document(
        &self,
        id: &str,
        file: &FileDocs<'_>,
        d: &Document,
        dates: [i64; 3],
        body: &str,
    ) -> TantivyDocument {
        let f = &self.fields;
        let h = &d.header;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, KIND_DOC);
        doc.add_text(f.file, file.name);
        doc.add_text(f.file_hash, file.hash);
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
            let t = titles.join("\n");
            doc.add_text(f.title_ng, &t);
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
        doc
    }

    /// Add the tantivy document of document `k` of `docs` (pass 1), or
    /// its outline units and stored text (pass 2, `units`). Returns the
    /// number of units added.
    ///
    /// All documents of a sync are added before any unit or text, so that
    /// documents have neighbouring ids: the collector reads their fast
    /// fields for every match, and scattered ids cost a cache miss each.
    fn add_document(
        &self,
        w: &IndexWriter,
        docs: &[(String, Document)],
        dates: &[[i64; 3]],
        k: usize,
        file: &FileDocs<'_>,
        units: bool,
    ) -> Result<usize, SearchError> {
        let (Some((id, d)), Some(&dates)) = (docs.get(k), dates.get(k)) else {
            return Ok(0);
        };
        let text = file
            .text
            .as_ref()
            .map(|t| t.document(d))
            .unwrap_or_default();
        if !units {
            w.add_document(self.doc_document(id, file, d, dates, &text.body))?;
            return Ok(0);
        }
        let f = &self.fields;
        let n = text.units.len();
        for u in text.units {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.kind, KIND_UNIT);
            doc.add_text(f.file, file.name);
            doc.add_text(f.file_hash, file.hash);
            doc.add_text(f.parent, id);
            doc.add_text(f.unit_j, &u.text);
            doc.add_text(f.unit_ng, &u.text);
            doc.add_text(f.unit_text, &u.text);
            doc.add_text(f.label, &u.label);
            doc.add_text(f.path, &u.path);
            sentinel_dates(&mut doc, f);
            doc.add_u64(f.start_line, u.start_line as u64);
            doc.add_u64(f.end_line, u.end_line as u64);
            w.add_document(doc)?;
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, KIND_TEXT);
        doc.add_text(f.file, file.name);
        doc.add_text(f.file_hash, file.hash);
        doc.add_text(f.text_of, id);
        doc.add_text(f.body, &text.body);
        sentinel_dates(&mut doc, f);
        w.add_document(doc)?;
        Ok(n)
    }
}

fn sync(
    ix: &mut SearchIndex,
    store: &dyn Store,
    today: NaiveDate,
    force: bool,
) -> Result<SyncReport, SearchError> {
    let old = manifest(&ix.index)?;
    // Rebuild: asked for, never synced, another schema version, or the
    // index lost documents the manifest says it has.
    let rebuild = force
        || old.as_ref().is_none_or(|m| {
            m.version != SCHEMA_VERSION
                || (!m.status.is_empty() && ix.num_documents().ok() == Some(0))
        });
    let old = if rebuild {
        Manifest::default()
    } else {
        old.unwrap_or_default()
    };
    let files: BTreeMap<String, String> = store.files()?.into_iter().collect();
    let changed_files: BTreeSet<&str> = files
        .iter()
        .filter(|(n, h)| old.files.get(*n) != Some(*h))
        .map(|(n, _)| n.as_str())
        .collect();
    let removed: Vec<(&String, &String)> = old
        .files
        .iter()
        .filter(|(n, h)| files.get(*n) != Some(*h))
        .collect();

    let docs = store.documents()?;
    let by_id: HashMap<String, StatusDates> = store.status_dates()?.into_iter().collect();
    let dates: Vec<[i64; 3]> = docs
        .iter()
        .map(|(id, _)| status_days(&by_id.get(id).copied().unwrap_or_default()))
        .collect();
    let file_of: HashMap<String, String> = store
        .list(&ListFilter::default(), gongwen_store::Paging::ALL)?
        .items
        .into_iter()
        .map(|s| (s.id, s.file))
        .collect();
    let mut status: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    // Documents to add: (index in docs, with units).
    let mut to_add: Vec<(usize, bool)> = Vec::new();
    let mut to_update: Vec<usize> = Vec::new();
    for (k, (id, _)) in docs.iter().enumerate() {
        let dk = dates[k];
        status.insert(id.clone(), dk);
        let file = file_of.get(id).map_or("", String::as_str);
        if changed_files.contains(file) {
            to_add.push((k, true));
        } else if old.status.get(id) != Some(&dk) {
            to_update.push(k);
        }
    }

    let mut report = SyncReport {
        rebuilt: rebuild,
        files_added: changed_files.len(),
        files_removed: removed.len(),
        ..SyncReport::default()
    };
    if !rebuild && changed_files.is_empty() && removed.is_empty() && to_update.is_empty() {
        report.unchanged = true;
        report.documents = ix.num_documents()?;
        return Ok(report);
    }

    let mut w = writer(&ix.index)?;
    if rebuild {
        w.set_merge_policy(Box::new(NoMergePolicy));
        w.delete_all_documents()?;
    }
    let f = ix.fields;
    for (_, hash) in &removed {
        report.documents_removed += old
            .status
            .keys()
            .filter(|id| id.starts_with(&hash.chars().take(8).collect::<String>()))
            .count();
        w.delete_term(Term::from_field_text(f.file_hash, hash));
    }
    // Group by file so that each file is decoded once.
    let mut by_file: BTreeMap<&str, Vec<(usize, bool)>> = BTreeMap::new();
    for &(k, units) in &to_add {
        let id = &docs[k].0;
        by_file
            .entry(file_of.get(id).map_or("", String::as_str))
            .or_default()
            .push((k, units));
    }
    for &k in &to_update {
        let id = &docs[k].0;
        w.delete_term(Term::from_field_text(f.id, id));
        by_file
            .entry(file_of.get(id).map_or("", String::as_str))
            .or_default()
            .push((k, false));
    }
    // Pass 1: documents; pass 2: units and texts of new documents (each
    // file decoded once per pass).
    for pass_units in [false, true] {
        for (name, ks) in &by_file {
            if pass_units && !ks.iter().any(|(_, u)| *u) {
                continue;
            }
            let hash = files.get(*name).map_or("", String::as_str);
            let raw = store.raw(name)?;
            let fd = FileDocs {
                name,
                hash,
                text: raw.as_deref().and_then(FileText::decode),
            };
            for &(k, new_doc) in ks {
                if pass_units && !new_doc {
                    continue;
                }
                let n = ix.add_document(&w, &docs, &dates, k, &fd, pass_units)?;
                match (pass_units, new_doc) {
                    (false, true) => report.documents_added += 1,
                    (false, false) => report.status_updated += 1,
                    (true, _) => report.units_added += n,
                }
            }
        }
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
    if rebuild {
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
