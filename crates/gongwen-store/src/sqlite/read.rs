//! Reading: one document linked, and the listings — each a query on
//! indexed columns that reads the rows of the page it returns.

use std::collections::HashMap;

use chrono::NaiveDate;
use gongwen_core::grammar::agencies;
use gongwen_core::model::{Role, State};
use gongwen_core::{corpus::Linked, Document};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::restore::{clauses, decode_document};
use crate::view;
use crate::{
    DocSummary, LinkOut, LinkedDocument, ListFilter, Page, Paging, StatusFilter, StatusRow,
    StoreError, TargetFilter, TargetRow, TaskFilter, TaskRow, UnitCount,
};

/// The file name and parse of document `id`.
pub(super) fn document(
    conn: &Connection,
    id: &str,
) -> Result<Option<(String, Document)>, StoreError> {
    let row: Option<(String, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT f.name, j.json FROM documents d JOIN files f ON f.id = d.file_id
             JOIN document_json j ON j.doc_id = d.id WHERE d.id = ?1",
        )?
        .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(f, b)| Ok((f, decode_document(conn, id, &b)?)))
        .transpose()
}

fn ambiguous(s: Option<String>) -> Result<Vec<String>, StoreError> {
    Ok(match s {
        Some(s) => serde_json::from_str(&s)?,
        None => Vec::new(),
    })
}

/// The documents whose repeal of `id` counts for its status, with the day
/// it takes effect, in the store's order.
pub(super) fn repealed_by(
    conn: &Connection,
    id: &str,
) -> Result<Vec<(String, NaiveDate)>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT r.doc_id, r.takes_effect
         FROM repeals r JOIN documents d ON d.id = r.doc_id JOIN files f ON f.id = d.file_id
         WHERE r.target_id = ?1 AND r.takes_effect IS NOT NULL
         ORDER BY f.name, d.start_line, r.clause, r.item",
    )?;
    let mut out = Vec::new();
    for row in st.query_map(params![id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (by, day) = row?;
        if let Ok(day) = day.parse::<NaiveDate>() {
            out.push((by, day));
        }
    }
    Ok(out)
}

/// The status row of document `id` on `on`, from its columns and its own
/// clauses (the document itself is not read).
pub(super) fn status_row(
    conn: &Connection,
    id: &str,
    on: NaiveDate,
) -> Result<Option<StatusRow>, StoreError> {
    // File name, title, 文号, date.
    type Row = (String, Option<String>, Option<String>, Option<String>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT f.name, d.title, d.doc_number, d.date
             FROM documents d JOIN files f ON f.id = d.file_id WHERE d.id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((file, title, doc_number, date)) = row else {
        return Ok(None);
    };
    let file: std::sync::Arc<str> = std::sync::Arc::from(file);
    let own = clauses(conn, id, &file, true)?;
    let st = gongwen_core::corpus::status_on(
        date.and_then(|d| d.parse().ok()),
        &own,
        &repealed_by(conn, id)?,
        on,
    );
    Ok(Some(view::status_row_of(
        id,
        title.unwrap_or_default(),
        doc_number,
        st,
        on,
    )))
}

/// Document `id` with its stored links.
pub(super) fn linked(conn: &Connection, id: &str) -> Result<Option<LinkedDocument>, StoreError> {
    let Some((file, document)) = document(conn, id)? else {
        return Ok(None);
    };
    let mut references = document.facts.references.clone();
    let mut st = conn.prepare_cached(
        "SELECT ordinal, target_id, ambiguous FROM citations WHERE doc_id = ?1 AND (target_id IS NOT NULL OR ambiguous IS NOT NULL)",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (k, t, a) = row?;
        if let Some(r) = references.get_mut(k as usize) {
            r.target_id = t;
            r.ambiguous = ambiguous(a)?;
        }
    }
    let mut clauses = document.facts.clauses.clone();
    let mut st = conn.prepare_cached(
        "SELECT clause, item, target_id, ambiguous FROM repeals WHERE doc_id = ?1 AND (target_id IS NOT NULL OR ambiguous IS NOT NULL)",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    for row in rows {
        let (c, i, t, a) = row?;
        if let Some(r) = clauses
            .get_mut(c as usize)
            .and_then(|c| c.repealed.get_mut(i as usize))
        {
            r.target_id = t;
            r.ambiguous = ambiguous(a)?;
        }
    }
    let repealed_by = repealed_by(conn, id)?;
    let mut st = conn.prepare_cached(
        "SELECT c.doc_id, c.ordinal
         FROM citations c JOIN documents d ON d.id = c.doc_id JOIN files f ON f.id = d.file_id
         WHERE c.target_id = ?1 ORDER BY f.name, d.start_line, c.ordinal",
    )?;
    let cited_by = st
        .query_map(params![id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(LinkedDocument {
        id: id.to_string(),
        file,
        linked: Linked {
            id: id.to_string(),
            references,
            clauses,
            repealed_by,
            cited_by,
        },
        document,
    }))
}

/// The citations that resolve to `id`, seen from it.
pub(super) fn cited_by(conn: &Connection, id: &str) -> Result<Vec<LinkOut>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT c.doc_id, d.title, d.doc_number, c.kind, c.text, c.start_line
         FROM citations c JOIN documents d ON d.id = c.doc_id JOIN files f ON f.id = d.file_id
         WHERE c.target_id = ?1 ORDER BY f.name, d.start_line, c.ordinal",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok(LinkOut {
            id: Some(r.get(0)?),
            title: Some(r.get::<_, Option<String>>(1)?.unwrap_or_default()),
            doc_number: r.get::<_, Option<String>>(2)?.filter(|s| !s.is_empty()),
            kind: r.get(3)?,
            text: r.get(4)?,
            line: r.get::<_, i64>(5)? as usize,
            ambiguous: Vec::new(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const ISSUER_SEP: char = '\u{1f}';

/// The columns of a [`DocSummary`], for `SELECT … FROM documents d JOIN files f`.
const SUMMARY: &str = "d.id, f.name, d.start_line, d.end_line,
    (SELECT group_concat(name, char(31)) FROM (SELECT name FROM issuers WHERE doc_id = d.id ORDER BY ordinal)),
    d.title, d.doc_number, d.date, d.genre";

fn summary_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<DocSummary> {
    let issuers: Option<String> = row.get(4)?;
    Ok(DocSummary {
        id: row.get(0)?,
        file: row.get(1)?,
        start_line: row.get::<_, i64>(2)? as usize,
        end_line: row.get::<_, i64>(3)? as usize,
        issuers: issuers
            .unwrap_or_default()
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

/// Summaries of the documents `ids` that exist, in that order.
pub(super) fn summaries(conn: &Connection, ids: &[String]) -> Result<Vec<DocSummary>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SUMMARY} FROM documents d JOIN files f ON f.id = d.file_id WHERE d.id = ?1"
    ))?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(s) = st.query_row(params![id], summary_of).optional()? {
            out.push(s);
        }
    }
    Ok(out)
}

/// Documents with their file and status dates, in the store's order: files
/// by name, then their documents by line — read from the indexes in that
/// order (CROSS JOIN fixes the join order), so a page needs no sort.
const LISTING: &str =
    "FROM files f CROSS JOIN documents d ON d.file_id = f.id JOIN status s ON s.doc_id = d.id";

/// A WHERE clause being built, with its arguments.
#[derive(Default)]
struct Where {
    sql: String,
    args: Vec<Value>,
}

impl Where {
    fn and(&mut self, cond: &str, args: impl IntoIterator<Item = Value>) {
        self.sql.push_str(if self.sql.is_empty() {
            " WHERE "
        } else {
            " AND "
        });
        let mut cond = cond.to_string();
        for a in args {
            self.args.push(a);
            // Each `?` in turn becomes a numbered parameter.
            if let Some(at) = cond.find("?_") {
                cond.replace_range(at..at + 2, &format!("?{}", self.args.len()));
            }
        }
        self.sql.push_str(&cond);
    }
}

/// The SQL condition (on `status s`) for documents in state `state` on
/// `on`: the rules of `gongwen_core::corpus::status_on` on the dates.
fn state_condition(state: State, on: NaiveDate) -> (String, Vec<Value>) {
    let on = Value::Text(on.to_string());
    let not_repealed = "(s.repealed_on IS NULL OR s.repealed_on > ?_)";
    let (sql, n) = match state {
        State::Repealed => ("s.repealed_on <= ?_".to_string(), 1),
        State::Unknown => (format!("{not_repealed} AND s.effective_from IS NULL"), 1),
        State::NotYetEffective => (format!("{not_repealed} AND s.effective_from > ?_"), 2),
        State::Expired => (
            format!("{not_repealed} AND s.effective_from <= ?_ AND s.last_day < ?_"),
            3,
        ),
        State::InForce => (
            format!(
                "{not_repealed} AND s.effective_from <= ?_ AND (s.last_day IS NULL OR s.last_day >= ?_)"
            ),
            3,
        ),
    };
    (format!("({sql})"), vec![on; n])
}

fn count(conn: &Connection, from: &str, w: &Where) -> Result<usize, StoreError> {
    let n: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {from}{}", w.sql))?
        .query_row(params_from_iter(w.args.iter()), |r| r.get(0))?;
    Ok(n as usize)
}

fn limit_clause(p: Paging) -> String {
    let limit = i64::try_from(p.limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(p.offset).unwrap_or(i64::MAX);
    format!(" LIMIT {limit} OFFSET {offset}")
}

pub(super) fn list(
    conn: &Connection,
    f: &ListFilter,
    p: Paging,
) -> Result<Page<DocSummary>, StoreError> {
    let mut w = Where::default();
    if let Some(i) = &f.issuer {
        w.and(
            "EXISTS (SELECT 1 FROM issuers i WHERE i.doc_id = d.id AND instr(i.name, ?_) > 0)",
            [Value::Text(i.clone())],
        );
    }
    if let Some(y) = f.year {
        w.and("d.year = ?_", [Value::Integer(i64::from(y))]);
    }
    if let Some(g) = &f.genre {
        w.and("d.genre = ?_", [Value::Text(g.clone())]);
    }
    if let Some(n) = &f.doc_number {
        w.and("d.doc_number = ?_", [Value::Text(n.clone())]);
    }
    if let Some(on) = f.in_force_on {
        let (c, a) = state_condition(State::InForce, on);
        w.and(&c, a);
    }
    // Files by name, then their documents by line: the listing's order
    // read from the indexes (CROSS JOIN fixes the join order), no sort.
    let from = LISTING;
    // Counted without the files and the order the page needs (and without
    // the status dates when no filter asks for them).
    let count_from = if f.in_force_on.is_some() {
        "FROM documents d JOIN status s ON s.doc_id = d.id"
    } else {
        "FROM documents d"
    };
    let total = count(conn, count_from, &w)?;
    let sql = format!(
        "SELECT {SUMMARY} {from}{} ORDER BY f.name, d.start_line{}",
        w.sql,
        limit_clause(p)
    );
    let mut st = conn.prepare_cached(&sql)?;
    let items = st
        .query_map(params_from_iter(w.args.iter()), summary_of)?
        .collect::<Result<_, _>>()?;
    Ok(page(total, p, items))
}

fn page<T>(total: usize, p: Paging, items: Vec<T>) -> Page<T> {
    Page {
        total,
        offset: p.offset,
        limit: p.limit,
        items,
    }
}

pub(super) fn statuses(
    conn: &Connection,
    f: &StatusFilter,
    p: Paging,
) -> Result<Page<StatusRow>, StoreError> {
    let mut w = Where::default();
    if let Some(s) = f.state {
        let (c, a) = state_condition(s, f.on);
        w.and(&c, a);
    }
    let order = if let Some(before) = f.expires_before {
        w.and(
            "s.last_day IS NOT NULL AND s.last_day < ?_ AND (s.repealed_on IS NULL OR s.repealed_on > ?_)",
            [Value::Text(before.to_string()), Value::Text(f.on.to_string())],
        );
        "s.last_day, f.name, d.start_line"
    } else {
        "f.name, d.start_line"
    };
    let from = LISTING;
    // The conditions are on the status dates only: counted on that table.
    let total = count(conn, "FROM status s", &w)?;
    let sql = format!(
        "SELECT d.id {from}{} ORDER BY {order}{}",
        w.sql,
        limit_clause(p)
    );
    let ids: Vec<String> = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(w.args.iter()), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut items = Vec::with_capacity(ids.len());
    for id in &ids {
        items.extend(status_row(conn, id, f.on)?);
    }
    Ok(page(total, p, items))
}

/// Counts of listings, remembered for one version of the store (a unit's
/// tasks are counted once, not on every page).
#[derive(Default)]
pub(super) struct Counts {
    version: i64,
    by_query: HashMap<String, usize>,
}

/// Entries kept before the counts are forgotten.
const COUNTS_CAP: usize = 64;

impl Counts {
    fn get_or(
        &mut self,
        conn: &Connection,
        key: String,
        count: impl FnOnce() -> Result<usize, StoreError>,
    ) -> Result<usize, StoreError> {
        let version: i64 = conn
            .prepare_cached("SELECT coalesce(max(seq), 0) FROM changes")?
            .query_row([], |r| r.get(0))?;
        if version != self.version || self.by_query.len() >= COUNTS_CAP {
            self.by_query.clear();
            self.version = version;
        }
        if let Some(&n) = self.by_query.get(&key) {
            return Ok(n);
        }
        let n = count()?;
        self.by_query.insert(key, n);
        Ok(n)
    }
}

/// Above this many matching task rows, the page is found by walking the
/// tasks in the listing's order (the first rows come early); below it, by
/// the unit's index and a sort of the few matches.
const DENSE: usize = 2_000;

pub(super) fn tasks(
    conn: &Connection,
    counts: &mut Counts,
    f: &TaskFilter,
    p: Paging,
) -> Result<Page<TaskRow>, StoreError> {
    let mut w = Where::default();
    if let Some(q) = &f.unit {
        // The query normalised in every scope documents are read in: a
        // unit matches when its normal form is the query's in its own
        // document's scope (`view::unit_matches`), or as printed.
        let scopes: Vec<Option<String>> = conn
            .prepare_cached("SELECT DISTINCT scope FROM documents")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut by_norm: std::collections::BTreeMap<String, Vec<Option<String>>> =
            Default::default();
        for s in scopes {
            let n = agencies::normalize(q, s.as_deref()).normalized;
            by_norm.entry(n).or_default().push(s);
        }
        let id = "(SELECT id FROM unit_names WHERE name = ?_)";
        // First what the unit row alone decides (so that a walk in the
        // listing's order reads a document only for a candidate row) …
        let names: Vec<Value> = std::iter::once(q.clone())
            .chain(by_norm.keys().cloned())
            .map(Value::Text)
            .collect();
        let marks = vec!["?_"; names.len()].join(", ");
        w.and(
            &format!(
                "(t.name_id = {id} OR t.normalized_id IN (SELECT id FROM unit_names WHERE name IN ({marks})))"
            ),
            std::iter::once(Value::Text(q.clone())).chain(names),
        );
        // … then the exact rule.
        let mut ors = vec![
            format!("t.name_id = {id}"),
            format!("t.normalized_id = {id}"),
        ];
        let mut args = vec![Value::Text(q.clone()), Value::Text(q.clone())];
        for (n, scopes) in by_norm {
            for s in scopes {
                ors.push(format!("(t.normalized_id = {id} AND d.scope IS ?_)"));
                args.push(Value::Text(n.clone()));
                args.push(s.map_or(Value::Null, Value::Text));
            }
        }
        w.and(&format!("({})", ors.join(" OR ")), args);
    }
    if let Some(r) = f.role {
        w.and("t.role = ?_", [Value::Text(r.name().to_string())]);
    }
    if let Some(b) = f.due_before {
        w.and(
            "a.due IS NOT NULL AND a.due < ?_",
            [Value::Text(b.to_string())],
        );
    }
    // Only what the filter and the order need: names and files are read
    // for the rows of the page.
    let from = "FROM task_units t JOIN assignments a ON a.id = t.assignment_id
        JOIN documents d ON d.id = a.doc_id";
    let key = format!("tasks{}{:?}", w.sql, w.args);
    let total = counts.get_or(conn, key, || count(conn, from, &w))?;
    let from = if total > DENSE {
        "FROM assignments a INDEXED BY assignments_order
         CROSS JOIN task_units t ON t.assignment_id = a.id CROSS JOIN documents d ON d.id = a.doc_id"
    } else {
        from
    };
    // The page's keys first (a sort of small rows), then its rows.
    let sql = format!(
        "SELECT t.assignment_id, t.ordinal
         {from}{} ORDER BY a.due IS NULL, a.due, a.doc_id, a.start_line, a.ordinal, t.ordinal{}",
        w.sql,
        limit_clause(p)
    );
    let keys: Vec<(i64, i64)> = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(w.args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut row = conn.prepare_cached(
        "SELECT d.id, d.doc_number, d.title, n.name, m.name, t.role, a.due, a.due_end,
                a.deadline, a.deadline_kind, a.task, a.outline_path, f.name, a.start_line
         FROM task_units t JOIN assignments a ON a.id = t.assignment_id
         JOIN unit_names n ON n.id = t.name_id JOIN unit_names m ON m.id = t.normalized_id
         JOIN documents d ON d.id = a.doc_id JOIN files f ON f.id = d.file_id
         WHERE t.assignment_id = ?1 AND t.ordinal = ?2",
    )?;
    let mut items = Vec::with_capacity(keys.len());
    for (aid, ordinal) in keys {
        items.push(row.query_row(params![aid, ordinal], |r| {
            let role: String = r.get(5)?;
            Ok(TaskRow {
                id: r.get(0)?,
                doc_number: r.get(1)?,
                title: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                unit: r.get(3)?,
                normalized: r.get(4)?,
                role: Role::from_name(&role).unwrap_or(Role::Responsible),
                due: r.get(6)?,
                due_end: r.get(7)?,
                deadline: r.get(8)?,
                deadline_kind: r.get(9)?,
                task: r.get(10)?,
                outline_path: serde_json::from_str::<Vec<String>>(&r.get::<_, String>(11)?)
                    .map(|p| p.join(" "))
                    .unwrap_or_default(),
                file: r.get(12)?,
                line: r.get::<_, i64>(13)? as usize,
            })
        })?);
    }
    Ok(page(total, p, items))
}

pub(super) fn units(conn: &Connection) -> Result<Vec<UnitCount>, StoreError> {
    let mut st =
        conn.prepare_cached("SELECT name, tasks, lead FROM units ORDER BY tasks DESC, name")?;
    let rows = st.query_map([], |r| {
        Ok(UnitCount {
            name: r.get(0)?,
            tasks: r.get::<_, i64>(1)? as usize,
            lead: r.get::<_, i64>(2)? as usize,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn targets(
    conn: &Connection,
    f: &TargetFilter,
    p: Paging,
) -> Result<Page<TargetRow>, StoreError> {
    let mut w = Where::default();
    if let Some(y) = f.year {
        w.and("t.year = ?_", [Value::Integer(i64::from(y))]);
    }
    let from =
        "FROM targets t JOIN documents d ON d.id = t.doc_id JOIN files f ON f.id = d.file_id";
    let total = count(conn, from, &w)?;
    let sql = format!(
        "SELECT d.id, d.doc_number, t.metric, t.comparator, t.comparator_text, t.value, t.unit,
                t.year, t.baseline, t.text, f.name, t.start_line
         {from}{} ORDER BY f.name, d.start_line, t.ordinal{}",
        w.sql,
        limit_clause(p)
    );
    let items = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(w.args.iter()), |r| {
            Ok(TargetRow {
                id: r.get(0)?,
                doc_number: r.get(1)?,
                metric: r.get(2)?,
                comparator: r.get(3)?,
                comparator_text: r.get(4)?,
                value: r.get(5)?,
                unit: r.get(6)?,
                year: r.get(7)?,
                baseline: r.get(8)?,
                text: r.get(9)?,
                file: r.get(10)?,
                line: r.get::<_, i64>(11)? as usize,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(page(total, p, items))
}
