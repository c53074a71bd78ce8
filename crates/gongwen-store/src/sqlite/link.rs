//! Links kept at ingest (引用关系的增量维护), inside the ingest or removal
//! transaction.
//!
//! A citation (or repealed document) can only resolve to documents that
//! share one of its lookup keys (`gongwen_core::corpus::reference_keys`),
//! and what it resolves to depends on those documents only. So:
//! - a new document's citations are resolved against the documents found
//!   by their keys;
//! - a stored citation is resolved again exactly when a document with one
//!   of its keys comes or goes (it may gain its target, become ambiguous,
//!   or lose its target);
//! - a document's `status.repealed_on` / `repealed_by` is recomputed when a
//!   repeal pointing at it (or away from it) changes.
//!
//! Architecture invariant: after every committed transaction, targets,
//! candidates and statuses are what `gongwen_core::corpus::link` over the
//! whole store gives (tests/links.rs checks it for ingests in any order
//! and for removals).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use gongwen_core::corpus::{resolve_for, Resolver};
use gongwen_core::model::{Candidate, Reference, Repealed, Span};
use rusqlite::{params, OptionalExtension, Transaction};

use super::restore::{day, named, number};
use crate::StoreError;

/// Candidates by id: documents never change under an id (the id is taken
/// from the hash of the file's bytes), so an entry stays true while the
/// document exists; whether it exists is asked of `lookup_keys` each time.
#[derive(Default)]
pub(super) struct CandidateCache {
    map: HashMap<String, (SortKey, Candidate)>,
}

/// A document's place in the store's order: file name, start line.
type SortKey = (String, i64);

/// Entries kept before the cache is emptied.
const CACHE_CAP: usize = 100_000;

/// What a removal must redo once the documents are gone.
pub(super) struct Pending {
    keys: Vec<i64>,
    repealed: Vec<String>,
}

/// Before removing documents `ids`: the keys they were found by and the
/// documents they repeal.
pub(super) fn before_remove(tx: &Transaction<'_>, ids: &[String]) -> Result<Pending, StoreError> {
    let mut keys = BTreeSet::new();
    let mut repealed = BTreeSet::new();
    let mut k = tx.prepare_cached("SELECT key FROM lookup_keys WHERE doc_id = ?1")?;
    let mut r = tx.prepare_cached(
        "SELECT target_id FROM repeals WHERE doc_id = ?1 AND target_id IS NOT NULL",
    )?;
    for id in ids {
        for key in k.query_map(params![id], |row| row.get::<_, i64>(0))? {
            keys.insert(key?);
        }
        for t in r.query_map(params![id], |row| row.get::<_, String>(0))? {
            repealed.insert(t?);
        }
    }
    Ok(Pending {
        keys: keys.into_iter().collect(),
        repealed: repealed.into_iter().collect(),
    })
}

/// After the documents of `pending` are gone: re-resolve what shared their
/// keys and recompute the statuses they touched.
pub(super) fn after_remove(
    tx: &Transaction<'_>,
    cache: &mut CandidateCache,
    pending: Pending,
) -> Result<(), StoreError> {
    let (cits, reps) = rows_with_keys(tx, &pending.keys)?;
    let mut touched: BTreeSet<String> = pending.repealed.into_iter().collect();
    resolve_citations(tx, cache, &cits)?;
    resolve_repeals(tx, cache, &reps, &mut touched)?;
    recompute_repealed(tx, &touched)
}

/// After inserting documents `ids`: resolve their citations and repeals,
/// re-resolve the stored ones that share a key with them, and recompute
/// the statuses touched.
pub(super) fn after_insert(
    tx: &Transaction<'_>,
    cache: &mut CandidateCache,
    ids: &[String],
) -> Result<(), StoreError> {
    let mut keys = BTreeSet::new();
    let mut cits = BTreeSet::new();
    let mut reps = BTreeSet::new();
    {
        let mut k = tx.prepare_cached("SELECT key FROM lookup_keys WHERE doc_id = ?1")?;
        let mut c = tx.prepare_cached("SELECT id FROM citations WHERE doc_id = ?1")?;
        let mut r = tx.prepare_cached("SELECT id FROM repeals WHERE doc_id = ?1")?;
        for id in ids {
            for key in k.query_map(params![id], |row| row.get::<_, i64>(0))? {
                keys.insert(key?);
            }
            for x in c.query_map(params![id], |row| row.get::<_, i64>(0))? {
                cits.insert(x?);
            }
            for x in r.query_map(params![id], |row| row.get::<_, i64>(0))? {
                reps.insert(x?);
            }
        }
    }
    let keys: Vec<i64> = keys.into_iter().collect();
    let (c2, r2) = rows_with_keys(tx, &keys)?;
    cits.extend(c2);
    reps.extend(r2);
    let cits: Vec<i64> = cits.into_iter().collect();
    let reps: Vec<i64> = reps.into_iter().collect();
    let mut touched: BTreeSet<String> = ids.iter().cloned().collect();
    resolve_citations(tx, cache, &cits)?;
    resolve_repeals(tx, cache, &reps, &mut touched)?;
    recompute_repealed(tx, &touched)
}

/// Citations and repeals with one of `keys`.
fn rows_with_keys(tx: &Transaction<'_>, keys: &[i64]) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
    let mut cits = BTreeSet::new();
    let mut reps = BTreeSet::new();
    let mut st =
        tx.prepare_cached("SELECT citation_id, repeal_id FROM citation_keys WHERE key = ?1")?;
    for key in keys {
        let rows = st.query_map(params![key], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
        })?;
        for row in rows {
            match row? {
                (Some(c), _) => {
                    cits.insert(c);
                }
                (None, Some(r)) => {
                    reps.insert(r);
                }
                (None, None) => {}
            }
        }
    }
    Ok((cits.into_iter().collect(), reps.into_iter().collect()))
}

/// Resolution reads no span.
fn no_span() -> Span {
    Span {
        file: std::sync::Arc::from(""),
        start_byte: 0,
        end_byte: 0,
        start_line: 0,
        end_line: 0,
    }
}

/// Resolve the citations `ids` again and store what changed.
fn resolve_citations(
    tx: &Transaction<'_>,
    cache: &mut CandidateCache,
    ids: &[i64],
) -> Result<(), StoreError> {
    let mut get = tx.prepare_cached(
        "SELECT doc_id, kind, title, doc_number, num_prefix, num_year, num_serial, issuer, date,
                target_id, ambiguous
         FROM citations WHERE id = ?1",
    )?;
    let mut set =
        tx.prepare_cached("UPDATE citations SET target_id = ?2, ambiguous = ?3 WHERE id = ?1")?;
    for &cid in ids {
        let row = get
            .query_row(params![cid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Reference {
                        kind: named(r, 1)?,
                        text: String::new(),
                        title: r.get(2)?,
                        doc_number: number(r, 3)?,
                        issuer: r.get(7)?,
                        date: day(r, 8)?,
                        standard: None,
                        target_label: None,
                        target_id: None,
                        ambiguous: Vec::new(),
                        span: no_span(),
                    },
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ))
            })
            .optional()?;
        let Some((doc, r, old_t, old_a)) = row else {
            continue;
        };
        let (t, a) = resolve_one(tx, cache, &doc, r)?;
        if t != old_t || a != old_a {
            set.execute(params![cid, t, a])?;
        }
    }
    Ok(())
}

/// Resolve the repeals `ids` again; the documents whose repeal changed go
/// into `touched`.
fn resolve_repeals(
    tx: &Transaction<'_>,
    cache: &mut CandidateCache,
    ids: &[i64],
    touched: &mut BTreeSet<String>,
) -> Result<(), StoreError> {
    let mut get = tx.prepare_cached(
        "SELECT doc_id, title, doc_number, num_prefix, num_year, num_serial, issuer, date,
                target_id, ambiguous, takes_effect
         FROM repeals WHERE id = ?1",
    )?;
    let mut set =
        tx.prepare_cached("UPDATE repeals SET target_id = ?2, ambiguous = ?3 WHERE id = ?1")?;
    for &rid in ids {
        let row = get
            .query_row(params![rid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Repealed {
                        title: r.get(1)?,
                        doc_number: number(r, 2)?,
                        issuer: r.get(6)?,
                        date: day(r, 7)?,
                        span: no_span(),
                        target_id: None,
                        ambiguous: Vec::new(),
                    },
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ))
            })
            .optional()?;
        let Some((doc, rep, old_t, old_a, takes_effect)) = row else {
            continue;
        };
        let (t, a) = resolve_one(tx, cache, &doc, rep.as_reference())?;
        if t != old_t || a != old_a {
            set.execute(params![rid, t, a])?;
            if takes_effect.is_some() {
                touched.extend(old_t);
                touched.extend(t);
            }
        }
    }
    Ok(())
}

/// Resolve one reference of document `doc` against the documents that
/// share a key with it: (target, ambiguous candidates as JSON).
fn resolve_one(
    tx: &Transaction<'_>,
    cache: &mut CandidateCache,
    doc: &str,
    r: Reference,
) -> Result<(Option<String>, Option<String>), StoreError> {
    let keys = gongwen_core::corpus::reference_keys(&r);
    if keys.is_empty() {
        return Ok((None, None));
    }
    let mut ids = BTreeSet::new();
    let mut st = tx.prepare_cached("SELECT doc_id FROM lookup_keys WHERE key = ?1")?;
    for key in &keys {
        for id in st.query_map(params![super::write::key_hash(key)], |row| {
            row.get::<_, String>(0)
        })? {
            ids.insert(id?);
        }
    }
    if ids.is_empty() {
        return Ok((None, None));
    }
    let mut cands: Vec<&(SortKey, Candidate)> = Vec::with_capacity(ids.len());
    for id in &ids {
        if !cache.map.contains_key(id) {
            if cache.map.len() >= CACHE_CAP {
                cache.map.clear();
            }
            if let Some(c) = load_candidate(tx, id)? {
                cache.map.insert(id.clone(), c);
            }
        }
    }
    for id in &ids {
        if let Some(c) = cache.map.get(id) {
            cands.push(c);
        }
    }
    cands.sort_by(|a, b| a.0.cmp(&b.0));
    let list: Vec<Candidate> = cands.into_iter().map(|(_, c)| c.clone()).collect();
    let resolver = Resolver::new(&list);
    let mut one = [r];
    resolve_for(doc, &mut one, &resolver);
    let [r] = one;
    let amb = if r.ambiguous.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&r.ambiguous)?)
    };
    Ok((r.target_id, amb))
}

/// The candidate view of stored document `id`, with its place in order.
fn load_candidate(
    tx: &Transaction<'_>,
    id: &str,
) -> Result<Option<(SortKey, Candidate)>, StoreError> {
    let row = tx
        .prepare_cached(
            "SELECT f.name, d.start_line, d.title, d.doc_number, d.num_prefix, d.num_year, d.num_serial, d.date
             FROM documents d JOIN files f ON f.id = d.file_id WHERE d.id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
                r.get::<_, Option<String>>(2)?,
                number(r, 3)?,
                day(r, 7)?,
            ))
        })
        .optional()?;
    let Some((key, title, doc_number, date)) = row else {
        return Ok(None);
    };
    let mut st =
        tx.prepare_cached("SELECT name FROM issuers WHERE doc_id = ?1 ORDER BY ordinal")?;
    let issuers = st
        .query_map(params![id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut st = tx.prepare_cached(
        "SELECT title, printed_title FROM enclosed WHERE doc_id = ?1 ORDER BY ordinal",
    )?;
    let mut enclosed_titles = Vec::new();
    for row in st.query_map(params![id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })? {
        let (t, p) = row?;
        let differs = p.as_ref().filter(|p| **p != t).cloned();
        enclosed_titles.push(t);
        enclosed_titles.extend(differs);
    }
    Ok(Some((
        key,
        Candidate {
            id: id.to_string(),
            issuers,
            title,
            doc_number,
            date,
            enclosed_titles,
        },
    )))
}

/// Recompute `repealed_on` / `repealed_by` of the documents `ids` (those
/// still stored) from the repeals that point at them.
fn recompute_repealed(tx: &Transaction<'_>, ids: &BTreeSet<String>) -> Result<(), StoreError> {
    let mut set = tx
        .prepare_cached("UPDATE status SET repealed_on = ?2, repealed_by = ?3 WHERE doc_id = ?1")?;
    for id in ids {
        // The earliest; the first of equal days (as `status_on` picks).
        let mut first: Option<(NaiveDate, String)> = None;
        for (by, day) in super::read::repealed_by(tx, id)? {
            if first.as_ref().is_none_or(|(d, _)| day < *d) {
                first = Some((day, by));
            }
        }
        let (on, by) = match first {
            Some((d, b)) => (Some(d.to_string()), Some(b)),
            None => (None, None),
        };
        set.execute(params![id, on, by])?;
    }
    Ok(())
}
