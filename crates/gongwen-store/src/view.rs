//! The linked view of a store (查询视图): every stored document with its
//! citations and repeals resolved, and the queries the CLI and the server
//! share — links, status, expiring, tasks, calendar (iCalendar), targets.
//! Linking happens at read time, so answers always reflect everything
//! stored.

use crate::{StatusDates, Store, StoreError};
use chrono::NaiveDate;
use gongwen_core::corpus::{self, Linked};
use gongwen_core::export::{AssignmentOut, ExportRecord};
use gongwen_core::grammar::agencies;
use gongwen_core::model::{Candidate, ClauseKind, Scope};
use gongwen_core::model::{State, Status};
use gongwen_core::Document;
use serde::Serialize;
use std::collections::HashMap;

/// Every stored document, linked.
pub struct Loaded {
    pub docs: Vec<(String, Document)>,
    pub linked: Vec<Linked>,
}

impl Loaded {
    pub fn load(store: &dyn Store) -> Result<Self, StoreError> {
        let docs = store.documents()?;
        let refs: Vec<(String, &Document)> = docs.iter().map(|(i, d)| (i.clone(), d)).collect();
        let linked = corpus::link(&refs);
        Ok(Loaded { docs, linked })
    }

    /// The editor's quality report over every stored document.
    pub fn lint(&self) -> Vec<gongwen_core::lint::Finding> {
        let refs: Vec<(String, &Document)> =
            self.docs.iter().map(|(i, d)| (i.clone(), d)).collect();
        gongwen_core::lint::lint(&refs, &self.linked)
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.docs.iter().position(|(i, _)| i == id)
    }

    pub fn status(&self, doc_index: usize, on: NaiveDate) -> Option<Status> {
        let (_, d) = self.docs.get(doc_index)?;
        let l = self.linked.get(doc_index)?;
        Some(corpus::status(d, l, on))
    }

    /// The export record of document `doc_index`: facts resolved, status on `today`.
    pub fn record(&self, doc_index: usize, today: NaiveDate) -> Option<ExportRecord> {
        let (id, d) = self.docs.get(doc_index)?;
        let l = self.linked.get(doc_index)?;
        let st = corpus::status(d, l, today);
        Some(
            ExportRecord::from_document(id, d)
                .with_facts(d, Some(l))
                .with_status(today, &st),
        )
    }

    pub fn title(&self, doc_index: usize) -> String {
        self.docs
            .get(doc_index)
            .and_then(|(_, d)| d.header.title.as_ref().map(|t| t.value.clone()))
            .unwrap_or_default()
    }

    pub fn doc_number(&self, doc_index: usize) -> String {
        self.docs
            .get(doc_index)
            .and_then(|(_, d)| d.header.doc_number.as_ref().map(|t| t.value.raw.clone()))
            .unwrap_or_default()
    }
}

pub fn state_name(s: State) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// `links ID`: what the document cites and what cites it.
#[derive(Serialize)]
pub struct Links {
    pub id: String,
    pub cites: Vec<LinkOut>,
    pub cited_by: Vec<LinkOut>,
    pub repealed_by: Vec<String>,
}

#[derive(Serialize)]
pub struct LinkOut {
    /// The other document, when it is in the store.
    pub id: Option<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub kind: String,
    pub text: String,
    /// Line of the citation in the citing document.
    pub line: usize,
    pub ambiguous: Vec<String>,
}

pub fn links(l: &Loaded, doc_index: usize) -> Links {
    let me = &l.linked[doc_index];
    let cites = me
        .references
        .iter()
        .filter(|r| r.kind.is_external() || r.kind.as_str() == "standard")
        .map(|r| LinkOut {
            id: r.target_id.clone(),
            title: r.title.clone(),
            doc_number: r.doc_number.as_ref().map(|n| n.raw.clone()),
            kind: r.kind.as_str().to_string(),
            text: r.text.clone(),
            line: r.span.start_line,
            ambiguous: r.ambiguous.clone(),
        })
        .collect();
    let cited_by = me
        .cited_by
        .iter()
        .filter_map(|(from, ri)| {
            let j = l.index(from)?;
            let r = l.linked.get(j)?.references.get(*ri)?;
            Some(LinkOut {
                id: Some(from.clone()),
                title: Some(l.title(j)),
                doc_number: Some(l.doc_number(j)).filter(|s| !s.is_empty()),
                kind: r.kind.as_str().to_string(),
                text: r.text.clone(),
                line: r.span.start_line,
                ambiguous: Vec::new(),
            })
        })
        .collect();
    Links {
        id: me.id.clone(),
        cites,
        cited_by,
        repealed_by: me.repealed_by.iter().map(|(i, _)| i.clone()).collect(),
    }
}

/// One row of `status`, `list --in-force-on` and `expiring`.
#[derive(Serialize)]
pub struct StatusRow {
    pub id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub on: String,
    pub state: String,
    pub label: String,
    pub reason: String,
    pub effective_from: Option<String>,
    pub last_day: Option<String>,
    pub repealed_by: Option<String>,
    /// The clause the status rests on: file and line.
    pub clause: Option<String>,
}

pub fn status_row(l: &Loaded, doc_index: usize, on: NaiveDate) -> Option<StatusRow> {
    let st = l.status(doc_index, on)?;
    Some(StatusRow {
        id: l.docs[doc_index].0.clone(),
        title: l.title(doc_index),
        doc_number: Some(l.doc_number(doc_index)).filter(|s| !s.is_empty()),
        on: on.to_string(),
        state: state_name(st.state),
        label: st.state.label().to_string(),
        reason: st.reason.clone(),
        effective_from: st.effective_from.map(|d| d.to_string()),
        last_day: st.last_day.map(|d| d.to_string()),
        repealed_by: st.repealed_by.clone(),
        clause: st.clause.map(|s| format!("{}:{}", s.file, s.start_line)),
    })
}

/// Documents whose validity ends before `before` (the 清理 list): every
/// document with a known last day earlier than `before`, whether already
/// expired or still in force on `today`.
pub fn expiring(l: &Loaded, before: NaiveDate, today: NaiveDate) -> Vec<StatusRow> {
    let mut rows: Vec<StatusRow> = (0..l.docs.len())
        .filter_map(|k| status_row(l, k, today))
        .filter(|r| {
            r.state != "repealed"
                && r.last_day
                    .as_deref()
                    .and_then(|d| d.parse::<NaiveDate>().ok())
                    .is_some_and(|d| d < before)
        })
        .collect();
    rows.sort_by(|a, b| a.last_day.cmp(&b.last_day));
    rows
}

/// One row of `tasks`.
#[derive(Serialize, Clone)]
pub struct TaskRow {
    pub id: String,
    pub doc_number: Option<String>,
    pub title: String,
    pub unit: String,
    pub normalized: String,
    pub role: String,
    pub due: Option<String>,
    pub due_end: Option<String>,
    pub deadline: Option<String>,
    pub deadline_kind: Option<String>,
    pub task: String,
    pub outline_path: String,
    pub file: String,
    pub line: usize,
}

/// Filters of `tasks`.
pub struct TaskFilter {
    pub unit: Option<String>,
    pub role: Option<String>,
    pub due_before: Option<NaiveDate>,
}

fn unit_matches(query: &str, scope: Option<&str>, name: &str, normalized: &str) -> bool {
    let q = agencies::normalize(query, scope);
    normalized == q.normalized || name == query || normalized == query
}

pub fn tasks(l: &Loaded, f: &TaskFilter, today: NaiveDate) -> Vec<TaskRow> {
    let mut out = Vec::new();
    for k in 0..l.docs.len() {
        let Some(rec) = l.record(k, today) else {
            continue;
        };
        let scope = agencies::document_scope(&l.docs[k].1);
        for a in &rec.assignments {
            for u in &a.units {
                if let Some(q) = &f.unit {
                    if !unit_matches(q, scope.as_deref(), &u.name, &u.normalized) {
                        continue;
                    }
                }
                if f.role.as_ref().is_some_and(|r| r != &u.role) {
                    continue;
                }
                let due = a.deadline.as_ref().and_then(due_date);
                if let Some(b) = f.due_before {
                    if due.is_none_or(|d| d >= b) {
                        continue;
                    }
                }
                out.push(task_row(&rec, a, u, &l.docs[k].1));
            }
        }
    }
    out.sort_by(|a, b| {
        (a.due.is_none(), &a.due, &a.id, a.line).cmp(&(b.due.is_none(), &b.due, &b.id, b.line))
    });
    out
}

/// The date a task is due: the end of a range (阶段), else the date.
fn due_date(d: &gongwen_core::model::Deadline) -> Option<NaiveDate> {
    d.end_date.or(d.date)
}

fn task_row(
    rec: &ExportRecord,
    a: &AssignmentOut,
    u: &gongwen_core::export::UnitOut,
    d: &Document,
) -> TaskRow {
    let kind = a.deadline.as_ref().and_then(|d| {
        serde_json::to_value(d.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
    });
    TaskRow {
        id: rec.id.clone(),
        doc_number: rec.doc_number.as_ref().map(|n| n.raw.clone()),
        title: rec.title.clone().unwrap_or_default(),
        unit: u.name.clone(),
        normalized: u.normalized.clone(),
        role: u.role.clone(),
        due: a
            .deadline
            .as_ref()
            .and_then(due_date)
            .map(|d| d.to_string()),
        due_end: a
            .deadline
            .as_ref()
            .and_then(|d| d.end_date)
            .map(|d| d.to_string()),
        deadline: a.deadline.as_ref().map(|d| d.text.clone()),
        deadline_kind: kind,
        task: a.task.clone(),
        outline_path: a.outline_path.join(" "),
        file: d.span.file.to_string(),
        line: a.start_line,
    }
}

/// Cut `s` to `n` chars, with an ellipsis.
pub fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// iCalendar (RFC 5545) text of the dated tasks: one all-day VEVENT per
/// task. Written by hand: the format needed is a dozen fixed lines, and
/// escaping and 75-octet line folding are the only rules that matter.
pub fn ics(rows: &[TaskRow], unit: &str, stamp: &str) -> String {
    let mut out = String::new();
    let mut line = |s: String| fold(&mut out, &s);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//gongwen//tasks//ZH".into());
    line("CALSCALE:GREGORIAN".into());
    line(format!("X-WR-CALNAME:{}", esc(&format!("{unit} 任务期限"))));
    for r in rows {
        let Some(due) = r.due.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) else {
            continue;
        };
        let end = due.succ_opt().unwrap_or(due);
        line("BEGIN:VEVENT".into());
        line(format!(
            "UID:{}-{}-{}-{}@gongwen",
            r.id,
            r.line,
            r.role,
            esc(&r.normalized)
        ));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", due.format("%Y%m%d")));
        line(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(format!(
            "SUMMARY:{}",
            esc(&format!("【{}】{}", role_cn(&r.role), cut(&r.task, 60)))
        ));
        line(format!(
            "DESCRIPTION:{}",
            esc(&format!(
                "{}\n{}《{}》\n期限：{}\n出处：{} 第{}行",
                r.task,
                r.doc_number.as_deref().unwrap_or(""),
                r.title,
                r.deadline.as_deref().unwrap_or(""),
                r.file,
                r.line
            ))
        ));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn role_cn(r: &str) -> &'static str {
    match r {
        "lead" => "牵头",
        "responsible" => "责任",
        "cooperating" => "配合",
        "supervising" => "监督指导",
        "implementing" => "落实",
        "member" => "成员",
        _ => "任务",
    }
}

/// RFC 5545 TEXT escaping.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// Fold a content line at 75 octets (never inside a UTF-8 char), CRLF ends.
fn fold(out: &mut String, s: &str) {
    let mut width = 0;
    for c in s.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// One row of `targets`.
#[derive(Serialize)]
pub struct TargetRow {
    pub id: String,
    pub doc_number: Option<String>,
    pub metric: String,
    pub comparator: String,
    pub comparator_text: String,
    pub value: f64,
    pub unit: String,
    pub year: Option<i32>,
    pub baseline: Option<String>,
    pub text: String,
    pub file: String,
    pub line: usize,
}

pub fn targets(l: &Loaded, year: Option<i32>, today: NaiveDate) -> Vec<TargetRow> {
    let mut out = Vec::new();
    for k in 0..l.docs.len() {
        let Some(rec) = l.record(k, today) else {
            continue;
        };
        for t in &rec.targets {
            if year.is_some() && t.year != year {
                continue;
            }
            out.push(TargetRow {
                id: rec.id.clone(),
                doc_number: rec.doc_number.as_ref().map(|n| n.raw.clone()),
                metric: t.metric.clone(),
                comparator: t.comparator.clone(),
                comparator_text: t.comparator_text.clone(),
                value: t.value,
                unit: t.unit.clone(),
                year: t.year,
                baseline: t.baseline.clone(),
                text: t.text.clone(),
                file: rec.source.file.clone(),
                line: t.start_line,
            });
        }
    }
    out
}

/// The status dates of every document of `docs` (ids and documents, as
/// `Store::documents` gives them).
///
/// The same rules as `gongwen_core::corpus::link` followed by
/// `corpus::status` (the test `status_dates_match_the_linked_view` checks
/// this on the corpus), but cheaper: status needs only the repeal clauses
/// resolved, and they are resolved in one call against one candidate list,
/// where `corpus::link` also resolves every document's citations and builds
/// the reverse edges.
pub(crate) fn status_dates_of(docs: &[(String, Document)]) -> Vec<StatusDates> {
    let candidates: Vec<Candidate> = docs
        .iter()
        .map(|(id, d)| Candidate::from_document(id, d))
        .collect();
    let mut out: Vec<StatusDates> = docs
        .iter()
        .map(|(_, d)| {
            let doc_date = d.header.date.as_ref().and_then(|x| x.value.date);
            // Effective date and last day do not depend on the day asked.
            let st = corpus::status_on(doc_date, &d.facts.clauses, &[], NaiveDate::MIN);
            StatusDates {
                effective_from: st.effective_from,
                last_day: st.last_day,
                repealed_on: None,
            }
        })
        .collect();
    // Repeals: own-scope repeal (and effective) clauses of each document.
    let mut refs = Vec::new();
    let mut owners = Vec::new();
    for (k, (_, d)) in docs.iter().enumerate() {
        for c in d.facts.clauses.iter().filter(|c| {
            c.scope == Scope::Own && matches!(c.kind, ClauseKind::Repeal | ClauseKind::Effective)
        }) {
            for r in &c.repealed {
                refs.push(r.as_reference());
                owners.push(k);
            }
        }
    }
    if refs.is_empty() {
        return out;
    }
    gongwen_core::corpus::resolve(&mut refs, &candidates);
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(k, (id, _))| (id.as_str(), k))
        .collect();
    for (r, &k) in refs.iter_mut().zip(&owners) {
        let (self_id, doc) = (&docs[k].0, &docs[k].1);
        // A document does not repeal itself (corpus::link's `without_self`).
        if r.target_id.as_deref() == Some(self_id.as_str()) {
            r.target_id = None;
        }
        if !r.ambiguous.is_empty() {
            r.ambiguous.retain(|a| a != self_id);
            if r.ambiguous.len() == 1 {
                r.target_id = r.ambiguous.pop();
            }
        }
        let (Some(t), Some(date)) = (
            r.target_id.as_deref().and_then(|t| index.get(t)),
            corpus::effective_from(doc),
        ) else {
            continue;
        };
        if let Some(o) = out.get_mut(*t) {
            o.repealed_on = Some(o.repealed_on.map_or(date, |x| x.min(date)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_lines_are_folded_and_escaped() {
        let mut out = String::new();
        fold(&mut out, &format!("SUMMARY:{}", "长".repeat(40)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(esc("a,b;c\nd"), "a\\,b\\;c\\nd");
    }
}
