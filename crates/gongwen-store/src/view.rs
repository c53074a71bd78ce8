//! The linked view of one document (查询视图), shared by every backend and
//! by the CLI and the server: its links, its status on a date, its export
//! record, its task and target rows, and the iCalendar text of tasks.

use crate::rows::{LinkOut, LinkedDocument, Links, StatusRow, TargetRow, TaskRow};
use chrono::NaiveDate;
use gongwen_core::corpus;
use gongwen_core::export::{AssignmentOut, ExportRecord, UnitOut};
use gongwen_core::grammar::agencies;
use gongwen_core::model::{Role, Status};
use gongwen_core::Document;

/// Status of a linked document on `on`.
pub fn status(l: &LinkedDocument, on: NaiveDate) -> Status {
    corpus::status(&l.document, &l.linked, on)
}

/// The export record of a linked document: facts resolved, status on `today`.
pub fn record(l: &LinkedDocument, today: NaiveDate) -> ExportRecord {
    let st = status(l, today);
    ExportRecord::from_document(&l.id, &l.document)
        .with_facts(&l.document, Some(&l.linked))
        .with_status(today, &st)
}

fn title(d: &Document) -> String {
    d.header
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_default()
}

fn doc_number(d: &Document) -> Option<String> {
    d.header.doc_number.as_ref().map(|t| t.value.raw.clone())
}

/// What `l` cites, with `cited_by` (from [`crate::Store::cited_by`]).
pub fn links(l: &LinkedDocument, cited_by: Vec<LinkOut>) -> Links {
    let me = &l.linked;
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
    Links {
        id: me.id.clone(),
        cites,
        cited_by,
        repealed_by: me.repealed_by.iter().map(|(i, _)| i.clone()).collect(),
    }
}

/// The citation `ri` of citing document `from`, seen from the cited one.
pub fn cited_by_row(from: &LinkedDocument, ri: usize) -> Option<LinkOut> {
    let r = from.linked.references.get(ri)?;
    Some(LinkOut {
        id: Some(from.id.clone()),
        title: Some(title(&from.document)),
        doc_number: doc_number(&from.document),
        kind: r.kind.as_str().to_string(),
        text: r.text.clone(),
        line: r.span.start_line,
        ambiguous: Vec::new(),
    })
}

/// The status row of a linked document on `on`.
pub fn status_row(l: &LinkedDocument, on: NaiveDate) -> StatusRow {
    let st = status(l, on);
    status_row_of(&l.id, title(&l.document), doc_number(&l.document), st, on)
}

/// The status row of document `id` (its title and 文号) from its status.
pub fn status_row_of(
    id: &str,
    title: String,
    doc_number: Option<String>,
    st: Status,
    on: NaiveDate,
) -> StatusRow {
    StatusRow {
        id: id.to_string(),
        title,
        doc_number,
        on: on.to_string(),
        state: st.state,
        label: st.state.label().to_string(),
        reason: st.reason.clone(),
        effective_from: st.effective_from.map(|d| d.to_string()),
        last_day: st.last_day.map(|d| d.to_string()),
        repealed_by: st.repealed_by.clone(),
        clause: st.clause.map(|s| format!("{}:{}", s.file, s.start_line)),
    }
}

/// Does unit `name` (normalised `normalized`) of a document with scope
/// `scope` answer the user's query `query`?
pub fn unit_matches(query: &str, scope: Option<&str>, name: &str, normalized: &str) -> bool {
    let q = agencies::normalize(query, scope);
    normalized == q.normalized || name == query || normalized == query
}

/// Every task row of a document (one per unit of each assignment), in
/// the order of the assignments.
pub fn task_rows(l: &LinkedDocument) -> Vec<(TaskRow, Option<NaiveDate>)> {
    let rec = ExportRecord::from_document(&l.id, &l.document).with_facts(&l.document, None);
    let mut out = Vec::new();
    for a in &rec.assignments {
        for u in &a.units {
            let due = a.deadline.as_ref().and_then(due_date);
            out.push((task_row(&rec, a, u, &l.document), due));
        }
    }
    out
}

/// Order of task rows: due date (undated last), document, line.
pub fn task_order(a: &TaskRow, b: &TaskRow) -> std::cmp::Ordering {
    (a.due.is_none(), &a.due, &a.id, a.line).cmp(&(b.due.is_none(), &b.due, &b.id, b.line))
}

/// The date a task is due: the end of a range (阶段), else the date.
fn due_date(d: &gongwen_core::model::Deadline) -> Option<NaiveDate> {
    d.end_date.or(d.date)
}

fn task_row(rec: &ExportRecord, a: &AssignmentOut, u: &UnitOut, d: &Document) -> TaskRow {
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
        role: Role::from_name(&u.role).unwrap_or(Role::Responsible),
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

/// Every target row of a document.
pub fn target_rows(l: &LinkedDocument) -> Vec<TargetRow> {
    let rec = ExportRecord::from_document(&l.id, &l.document).with_facts(&l.document, None);
    rec.targets
        .iter()
        .map(|t| TargetRow {
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
        })
        .collect()
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
            r.role.name(),
            esc(&r.normalized)
        ));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", due.format("%Y%m%d")));
        line(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(format!(
            "SUMMARY:{}",
            esc(&format!("【{}】{}", r.role.label(), cut(&r.task, 60)))
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
