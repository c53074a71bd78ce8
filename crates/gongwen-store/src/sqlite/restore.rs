//! A stored document put back together: its JSON (`document_json`, the
//! parse minus what rows hold) and its rows — the outline, citations,
//! clauses and repeals, assignments and their units, targets, diagnostics
//! (`write::rest_of` left them out of the JSON). As parsed: citation
//! targets are not filled in here (`read::linked` does that).

use std::sync::Arc;

use chrono::NaiveDate;
use gongwen_core::model::{
    AssignedUnit, Assignment, Clause, Deadline, Diagnostic, DocNumber, OutlineNode, Reference,
    Repealed, Span, Target,
};
use gongwen_core::Document;
use rusqlite::types::Type;
use rusqlite::{params, Connection, Row};
use serde::de::DeserializeOwned;

use crate::StoreError;

/// Document `id` from its stored JSON blob and its rows.
pub(super) fn decode_document(
    conn: &Connection,
    id: &str,
    blob: &[u8],
) -> Result<Document, StoreError> {
    let mut d: Document = serde_json::from_slice(&super::compress::unpack(blob)?)?;
    let file = d.span.file.clone();
    d.outline = outline(conn, id, &file)?;
    d.facts.references = references(conn, id, &file)?;
    d.facts.clauses = clauses(conn, id, &file, false)?;
    d.facts.assignments = assignments(conn, id, &file)?;
    d.facts.targets = targets(conn, id, &file)?;
    d.diagnostics = diagnostics(conn, id)?;
    Ok(d)
}

// Column readers for the row closures (errors as rusqlite's).

fn bad(at: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(at, Type::Text, Box::new(e))
}

/// An enum value from its serialised name.
pub(super) fn named<T: DeserializeOwned>(r: &Row<'_>, at: usize) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(r.get(at)?)).map_err(|e| bad(at, e))
}

/// A JSON column.
fn json<T: DeserializeOwned>(r: &Row<'_>, at: usize) -> rusqlite::Result<T> {
    serde_json::from_str(&r.get::<_, String>(at)?).map_err(|e| bad(at, e))
}

/// An optional JSON column.
fn json_opt<T: DeserializeOwned>(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<T>> {
    r.get::<_, Option<String>>(at)?
        .map(|s| serde_json::from_str(&s).map_err(|e| bad(at, e)))
        .transpose()
}

/// An ISO date column.
pub(super) fn day(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get::<_, Option<String>>(at)?.and_then(|s| s.parse().ok()))
}

/// A 文号 from its four columns (raw, prefix, year, serial).
pub(super) fn number(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<DocNumber>> {
    let Some(raw) = r.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    Ok(Some(DocNumber {
        raw,
        prefix: r.get(at + 1)?,
        year: r.get(at + 2)?,
        serial: r.get(at + 3)?,
    }))
}

/// A span from its four columns (bytes, lines) in file `file`.
fn span(r: &Row<'_>, at: usize, file: &Arc<str>) -> rusqlite::Result<Span> {
    Ok(Span {
        file: file.clone(),
        start_byte: r.get::<_, i64>(at)? as usize,
        end_byte: r.get::<_, i64>(at + 1)? as usize,
        start_line: r.get::<_, i64>(at + 2)? as usize,
        end_line: r.get::<_, i64>(at + 3)? as usize,
    })
}

/// The outline: rows in pre-order, each with its parent's ordinal.
fn outline(conn: &Connection, id: &str, file: &Arc<str>) -> Result<Vec<OutlineNode>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT parent, kind, label, number, heading, start_byte, end_byte, start_line, end_line
         FROM outline_units WHERE doc_id = ?1 ORDER BY ordinal",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            OutlineNode {
                kind: named(r, 1)?,
                label: r.get(2)?,
                number: r.get(3)?,
                heading: r.get(4)?,
                span: span(r, 5, file)?,
                children: Vec::new(),
            },
        ))
    })?;
    let mut nodes = Vec::new();
    let mut parents = Vec::new();
    for row in rows {
        let (parent, node) = row?;
        nodes.push(Some(node));
        parents.push(parent.map(|p| p as usize));
    }
    // A child comes after its parent: attach from the last, each in front
    // of its younger siblings.
    for k in (0..nodes.len()).rev() {
        if let Some(p) = parents[k].filter(|&p| p < k) {
            if let Some(node) = nodes[k].take() {
                if let Some(Some(parent)) = nodes.get_mut(p) {
                    parent.children.insert(0, node);
                }
            }
        }
    }
    Ok(nodes.into_iter().flatten().collect())
}

fn references(conn: &Connection, id: &str, file: &Arc<str>) -> Result<Vec<Reference>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT kind, text, title, doc_number, num_prefix, num_year, num_serial, issuer, date,
                standard, target_label, start_byte, end_byte, start_line, end_line
         FROM citations WHERE doc_id = ?1 ORDER BY ordinal",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok(Reference {
            kind: named(r, 0)?,
            text: r.get(1)?,
            title: r.get(2)?,
            doc_number: number(r, 3)?,
            issuer: r.get(7)?,
            date: day(r, 8)?,
            standard: r.get(9)?,
            target_label: r.get(10)?,
            target_id: None,
            ambiguous: Vec::new(),
            span: span(r, 11, file)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The clauses of document `id`: all of them with what they repeal, or
/// (`own_only`, for status) the own ones without.
pub(super) fn clauses(
    conn: &Connection,
    id: &str,
    file: &Arc<str>,
    own_only: bool,
) -> Result<Vec<Clause>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT kind, scope, text, effective, validity, start_byte, end_byte, start_line, end_line
         FROM clauses WHERE doc_id = ?1 AND (?2 = 0 OR scope = 'own') ORDER BY ordinal",
    )?;
    let rows = st.query_map(params![id, own_only], |r| {
        Ok(Clause {
            kind: named(r, 0)?,
            scope: named(r, 1)?,
            text: r.get(2)?,
            effective: json_opt(r, 3)?,
            validity: json_opt(r, 4)?,
            repealed: Vec::new(),
            span: span(r, 5, file)?,
        })
    })?;
    let mut out: Vec<Clause> = rows.collect::<Result<_, _>>()?;
    if own_only {
        return Ok(out);
    }
    let mut st = conn.prepare_cached(
        "SELECT clause, title, doc_number, num_prefix, num_year, num_serial, issuer, date,
                start_byte, end_byte, start_line, end_line
         FROM repeals WHERE doc_id = ?1 ORDER BY clause, item",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Repealed {
                title: r.get(1)?,
                doc_number: number(r, 2)?,
                issuer: r.get(6)?,
                date: day(r, 7)?,
                span: span(r, 8, file)?,
                target_id: None,
                ambiguous: Vec::new(),
            },
        ))
    })?;
    for row in rows {
        let (c, rep) = row?;
        if let Some(clause) = out.get_mut(c as usize) {
            clause.repealed.push(rep);
        }
    }
    Ok(out)
}

fn assignments(
    conn: &Connection,
    id: &str,
    file: &Arc<str>,
) -> Result<Vec<Assignment>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT id, task, outline_path, form, deadline, deadline_kind, deadline_date, due_end,
                deadline_rule, start_byte, end_byte, start_line, end_line
         FROM assignments WHERE doc_id = ?1 ORDER BY ordinal",
    )?;
    let mut units = conn.prepare_cached(
        "SELECT name, normalized, role, collective, open_list
         FROM assignment_units WHERE assignment_id = ?1 ORDER BY ordinal",
    )?;
    let rows = st.query_map(params![id], |r| {
        let deadline = match r.get::<_, Option<String>>(4)? {
            Some(text) => Some(Deadline {
                text,
                kind: named(r, 5)?,
                date: day(r, 6)?,
                end_date: day(r, 7)?,
                rule: r.get(8)?,
                start: 0,
                end: 0,
            }),
            None => None,
        };
        Ok((
            r.get::<_, i64>(0)?,
            Assignment {
                task: r.get(1)?,
                outline_path: json(r, 2)?,
                units: Vec::new(),
                deadline,
                span: span(r, 9, file)?,
                form: named(r, 3)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (aid, mut a) = row?;
        let us = units.query_map(params![aid], |r| {
            Ok(AssignedUnit {
                name: r.get(0)?,
                normalized: r.get(1)?,
                role: named(r, 2)?,
                collective: r.get(3)?,
                open_list: r.get(4)?,
            })
        })?;
        a.units = us.collect::<Result<_, _>>()?;
        out.push(a);
    }
    Ok(out)
}

fn targets(conn: &Connection, id: &str, file: &Arc<str>) -> Result<Vec<Target>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT metric, comparator, comparator_text, aspirational, value, unit, year, baseline,
                nature, source, text, outline_path, start_byte, end_byte, start_line, end_line
         FROM targets WHERE doc_id = ?1 ORDER BY ordinal",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok(Target {
            metric: r.get(0)?,
            comparator: named(r, 1)?,
            comparator_text: r.get(2)?,
            aspirational: r.get(3)?,
            value: r.get(4)?,
            unit: r.get(5)?,
            year: r.get(6)?,
            baseline: r.get(7)?,
            nature: r.get(8)?,
            source: named(r, 9)?,
            text: r.get(10)?,
            outline_path: json(r, 11)?,
            span: span(r, 12, file)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn diagnostics(conn: &Connection, id: &str) -> Result<Vec<Diagnostic>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT code, severity, message, line FROM diagnostics WHERE doc_id = ?1 ORDER BY ordinal",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok(Diagnostic {
            code: r.get(0)?,
            severity: named(r, 1)?,
            message: r.get(2)?,
            line: r.get::<_, i64>(3)? as usize,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
