//! Writing one parsed file: the `files` row, and per document the
//! `documents` row and one row per element (issuers, enclosed texts,
//! outline units, attachments, lookup keys, citations, clauses, repeals,
//! assignments and their units, targets, diagnostics). Links are left
//! unresolved here; `link` resolves them in the same transaction.

use chrono::Datelike;
use gongwen_core::corpus::{candidate_keys, effective_from, reference_keys, status_on};
use gongwen_core::grammar::agencies;
use gongwen_core::model::{Candidate, DocNumber, OutlineNode, Scope};
use gongwen_core::model::{ClauseKind, Span};
use gongwen_core::{Document, ParsedFile};
use rusqlite::{params, Transaction};

use crate::{document_id, FileInput, StoreError};

/// Insert the file of `input` (SHA-256 `hash`) and its documents; the ids
/// of the documents inserted.
pub(super) fn insert_file(
    tx: &Transaction<'_>,
    input: &FileInput<'_>,
    hash: &str,
) -> Result<Vec<String>, StoreError> {
    let p = input.parsed;
    let packed = super::compress::pack_file(input.bytes)?;
    tx.execute(
        "INSERT INTO files(hash, name, path, format, encoding, size, lines, bytes, frames, parsed, ingested)
         VALUES (?1, ?2, ?3, 'text', ?4, ?5, ?6, ?7, ?8, ?9, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
        params![
            hash,
            input.name,
            input.path,
            p.encoding,
            input.bytes.len() as i64,
            p.line_count as i64,
            packed.bytes,
            packed.frames,
            file_facts(p),
        ],
    )?;
    let file_id = tx.last_insert_rowid();
    let mut ids = Vec::with_capacity(p.documents.len());
    for d in &p.documents {
        let id = document_id(hash, d.ordinal);
        insert_document(tx, file_id, &id, d)?;
        ids.push(id);
    }
    tx.execute(
        "INSERT INTO changes(file, change, at) VALUES (?1, 'added', strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
        params![input.name],
    )?;
    Ok(ids)
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

/// `DocNumber` parts as columns: raw, prefix, year, serial.
type NumCols<'a> = (Option<&'a str>, Option<&'a str>, Option<i32>, Option<u32>);

fn num_cols(n: Option<&DocNumber>) -> NumCols<'_> {
    (
        n.map(|n| n.raw.as_str()),
        n.and_then(|n| n.prefix.as_deref()),
        n.and_then(|n| n.year),
        n.and_then(|n| n.serial),
    )
}

/// A span as the four provenance columns.
fn span_cols(s: &Span) -> [i64; 4] {
    [
        s.start_byte as i64,
        s.end_byte as i64,
        s.start_line as i64,
        s.end_line as i64,
    ]
}

/// [`span_cols`] of a span that may be missing (NULL columns).
fn opt_span_cols(s: Option<&Span>) -> [Option<i64>; 4] {
    match s.map(span_cols) {
        Some([a, b, c, d]) => [Some(a), Some(b), Some(c), Some(d)],
        None => [None; 4],
    }
}

fn insert_document(
    tx: &Transaction<'_>,
    file_id: i64,
    id: &str,
    d: &Document,
) -> Result<(), StoreError> {
    let h = &d.header;
    let title = h.title.as_ref().map(|t| t.value.as_str());
    let (raw, prefix, year, serial) = num_cols(h.doc_number.as_ref().map(|n| &n.value));
    let date = h.date.as_ref().and_then(|x| x.value.date);
    let [sb, eb, sl, el] = span_cols(&d.span);
    tx.prepare_cached(
        "INSERT INTO documents(id, file_id, ordinal, start_byte, end_byte, start_line, end_line,
            title, doc_number, num_prefix, num_year, num_serial, date, year, genre, scope)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
    )?
    .execute(params![
        id,
        file_id,
        d.ordinal as i64,
        sb,
        eb,
        sl,
        el,
        title,
        raw,
        prefix,
        year,
        serial,
        date.map(|x| x.to_string()),
        date.map(|x| i64::from(x.year())),
        h.genre,
        agencies::document_scope(d),
    ])?;
    tx.prepare_cached("INSERT INTO document_json(doc_id, json) VALUES (?1, ?2)")?
        .execute(params![
            id,
            super::compress::pack(&serde_json::to_vec(&rest_of(d))?)?
        ])?;

    let mut st = tx.prepare_cached(
        "INSERT INTO issuers(doc_id, ordinal, name, start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    for (k, i) in h.issuers.iter().enumerate() {
        let [sb, eb, sl, el] = span_cols(&i.span);
        st.execute(params![id, k as i64, i.value, sb, eb, sl, el])?;
    }

    let mut st = tx.prepare_cached(
        "INSERT INTO enclosed(doc_id, ordinal, title, printed_title, start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?;
    for (k, e) in d.enclosed.iter().enumerate() {
        let [sb, eb, sl, el] = opt_span_cols(e.span.as_ref());
        st.execute(params![
            id,
            k as i64,
            e.title,
            e.printed_title,
            sb,
            eb,
            sl,
            el
        ])?;
    }

    let mut st = tx.prepare_cached(
        "INSERT INTO outline_units(doc_id, ordinal, parent, depth, kind, label, number, heading,
            start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    )?;
    let mut units = Vec::new();
    flatten(&d.outline, None, 0, &mut units);
    for (k, (n, parent, depth)) in units.iter().enumerate() {
        let [sb, eb, sl, el] = span_cols(&n.span);
        st.execute(params![
            id,
            k as i64,
            parent.map(|p| p as i64),
            *depth as i64,
            json_name(&n.kind),
            n.label,
            n.number,
            n.heading,
            sb,
            eb,
            sl,
            el
        ])?;
    }

    let mut st = tx.prepare_cached(
        "INSERT INTO attachments(doc_id, ordinal, label, title, announced_line, start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    )?;
    for (k, a) in d.attachments.iter().enumerate() {
        let [sb, eb, sl, el] = opt_span_cols(a.present.as_ref());
        let announced = a.announced.as_ref().map(|s| s.start_line as i64);
        st.execute(params![
            id, k as i64, a.label, a.title, announced, sb, eb, sl, el
        ])?;
    }

    let mut st =
        tx.prepare_cached("INSERT OR IGNORE INTO lookup_keys(key, doc_id) VALUES (?1, ?2)")?;
    for key in candidate_keys(&Candidate::from_document(id, d)) {
        st.execute(params![key_hash(&key), id])?;
    }

    // The dates that depend on the document alone; `link` fills in the
    // repeal by another document.
    let own = status_on(date, &d.facts.clauses, &[], chrono::NaiveDate::MIN);
    tx.prepare_cached("INSERT INTO status(doc_id, effective_from, last_day) VALUES (?1,?2,?3)")?
        .execute(params![
            id,
            own.effective_from.map(|x| x.to_string()),
            own.last_day.map(|x| x.to_string())
        ])?;

    insert_citations(tx, id, d)?;
    insert_tasks(tx, id, d)?;

    let mut st = tx.prepare_cached(
        "INSERT INTO targets(doc_id, ordinal, metric, comparator, comparator_text, aspirational, value,
            unit, year, baseline, nature, source, text, outline_path, start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
    )?;
    for (k, t) in d.facts.targets.iter().enumerate() {
        let [sb, eb, sl, el] = span_cols(&t.span);
        st.execute(params![
            id,
            k as i64,
            t.metric,
            t.comparator.as_str(),
            t.comparator_text,
            t.aspirational,
            t.value,
            t.unit,
            t.year,
            t.baseline,
            t.nature,
            json_name(&t.source),
            t.text,
            serde_json::to_string(&t.outline_path)?,
            sb,
            eb,
            sl,
            el
        ])?;
    }

    let mut st = tx.prepare_cached(
        "INSERT INTO diagnostics(doc_id, ordinal, code, severity, message, line)
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    for (k, g) in d.diagnostics.iter().enumerate() {
        st.execute(params![
            id,
            k as i64,
            g.code,
            json_name(&g.severity),
            g.message,
            g.line as i64
        ])?;
    }
    Ok(())
}

/// Citations, clauses and repeals of document `id`, with the lookup keys
/// of those that resolve (targets are filled by `link`).
fn insert_citations(tx: &Transaction<'_>, id: &str, d: &Document) -> Result<(), StoreError> {
    let mut cit = tx.prepare_cached(
        "INSERT INTO citations(doc_id, ordinal, kind, text, title, doc_number, num_prefix, num_year,
            num_serial, issuer, date, standard, target_label, start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
    )?;
    let mut key = tx.prepare_cached(
        "INSERT INTO citation_keys(key, citation_id, repeal_id) VALUES (?1,?2,?3)",
    )?;
    for (k, r) in d.facts.references.iter().enumerate() {
        let (raw, prefix, year, serial) = num_cols(r.doc_number.as_ref());
        let [sb, eb, sl, el] = span_cols(&r.span);
        cit.execute(params![
            id,
            k as i64,
            r.kind.as_str(),
            r.text,
            r.title,
            raw,
            prefix,
            year,
            serial,
            r.issuer,
            r.date.map(|x| x.to_string()),
            r.standard,
            r.target_label,
            sb,
            eb,
            sl,
            el
        ])?;
        let rowid = tx.last_insert_rowid();
        for k in reference_keys(r) {
            key.execute(params![key_hash(&k), rowid, None::<i64>])?;
        }
    }

    let mut cl = tx.prepare_cached(
        "INSERT INTO clauses(doc_id, ordinal, kind, scope, text, effective, validity,
            start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    )?;
    let mut rep = tx.prepare_cached(
        "INSERT INTO repeals(doc_id, clause, item, title, doc_number, num_prefix, num_year, num_serial,
            issuer, date, takes_effect, start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
    )?;
    let takes_effect = effective_from(d).map(|x| x.to_string());
    for (c, clause) in d.facts.clauses.iter().enumerate() {
        let [sb, eb, sl, el] = span_cols(&clause.span);
        cl.execute(params![
            id,
            c as i64,
            json_name(&clause.kind),
            json_name(&clause.scope),
            clause.text,
            clause
                .effective
                .as_ref()
                .map(serde_json::to_string)
                .transpose()?,
            clause
                .validity
                .as_ref()
                .map(serde_json::to_string)
                .transpose()?,
            sb,
            eb,
            sl,
            el
        ])?;
        // The repeals that count for the repealed document's status (as
        // `corpus::link` counts them).
        let counts = clause.scope == Scope::Own
            && matches!(clause.kind, ClauseKind::Repeal | ClauseKind::Effective);
        for (i, r) in clause.repealed.iter().enumerate() {
            let (raw, prefix, year, serial) = num_cols(r.doc_number.as_ref());
            let [sb, eb, sl, el] = span_cols(&r.span);
            rep.execute(params![
                id,
                c as i64,
                i as i64,
                r.title,
                raw,
                prefix,
                year,
                serial,
                r.issuer,
                r.date.map(|x| x.to_string()),
                if counts { takes_effect.clone() } else { None },
                sb,
                eb,
                sl,
                el
            ])?;
            let rowid = tx.last_insert_rowid();
            for k in reference_keys(&r.as_reference()) {
                key.execute(params![key_hash(&k), None::<i64>, rowid])?;
            }
        }
    }
    Ok(())
}

/// Assignments and the units charged with them.
fn insert_tasks(tx: &Transaction<'_>, id: &str, d: &Document) -> Result<(), StoreError> {
    let mut asg = tx.prepare_cached(
        "INSERT INTO assignments(doc_id, ordinal, task, outline_path, form, deadline, deadline_kind,
            deadline_date, due_end, deadline_rule, due, start_byte, end_byte, start_line, end_line)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
    )?;
    let mut unit = tx.prepare_cached(
        "INSERT INTO task_units(assignment_id, ordinal, name_id, normalized_id, role, collective, open_list)
         VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?;
    let mut name_id = tx.prepare_cached(
        "INSERT INTO unit_names(name) VALUES (?1)
         ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id",
    )?;
    let mut id_of =
        |name: &str| -> rusqlite::Result<i64> { name_id.query_row(params![name], |r| r.get(0)) };
    for (k, a) in d.facts.assignments.iter().enumerate() {
        let dl = a.deadline.as_ref();
        let [sb, eb, sl, el] = span_cols(&a.span);
        asg.execute(params![
            id,
            k as i64,
            a.task,
            serde_json::to_string(&a.outline_path)?,
            json_name(&a.form),
            dl.map(|x| x.text.as_str()),
            dl.map(|x| json_name(&x.kind)),
            dl.and_then(|x| x.date).map(|x| x.to_string()),
            dl.and_then(|x| x.end_date).map(|x| x.to_string()),
            dl.and_then(|x| x.rule.as_deref()),
            dl.and_then(|x| x.end_date.or(x.date))
                .map(|x| x.to_string()),
            sb,
            eb,
            sl,
            el
        ])?;
        let rowid = tx.last_insert_rowid();
        for (u, au) in a.units.iter().enumerate() {
            unit.execute(params![
                rowid,
                u as i64,
                id_of(&au.name)?,
                id_of(&au.normalized)?,
                au.role.name(),
                au.collective,
                au.open_list
            ])?;
        }
    }
    Ok(())
}

/// What the document JSON keeps: the parse minus what the rows hold (the
/// outline, citations, assignments, targets, diagnostics; `read::restore`
/// puts them back).
fn rest_of(d: &Document) -> Document {
    Document {
        ordinal: d.ordinal,
        span: d.span.clone(),
        header: d.header.clone(),
        enclosed: d.enclosed.clone(),
        attachments: d.attachments.clone(),
        outline: Vec::new(),
        tables: d.tables.clone(),
        interpretations: d.interpretations.clone(),
        body_start_line: d.body_start_line,
        diagnostics: Vec::new(),
        facts: gongwen_core::model::Facts {
            fingerprints: d.facts.fingerprints.clone(),
            ..Default::default()
        },
    }
}

/// The outline in pre-order: (node, parent ordinal, depth).
fn flatten<'a>(
    nodes: &'a [OutlineNode],
    parent: Option<usize>,
    depth: usize,
    out: &mut Vec<(&'a OutlineNode, Option<usize>, usize)>,
) {
    for n in nodes {
        let me = out.len();
        out.push((n, parent, depth));
        flatten(&n.children, Some(me), depth + 1, out);
    }
}

/// A lookup key as stored: XXH3-64 (a collision only adds a candidate,
/// which the resolver, reading the real keys, does not take).
pub(super) fn key_hash(key: &str) -> i64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes()) as i64
}

/// The serialised name of a unit enum value (`snake_case` as in the JSON).
pub(super) fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
