//! Text and CSV renderings of the linked view's answers (the queries
//! themselves live in `gongwen_store::view`).

use std::fmt::Write as _;

use anyhow::Result;
use gongwen_store::view::cut;
use gongwen_store::{Links, StatusRow, TargetRow, TaskRow};

/// `title`: the document's own title.
pub fn render_links(x: &Links, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", x.id, title);
    let _ = writeln!(out, "引用（{}）", x.cites.len());
    for c in &x.cites {
        let target = match (&c.id, c.ambiguous.is_empty()) {
            (Some(id), _) => format!("→ {id}"),
            (None, false) => format!("→ 多个候选：{}", c.ambiguous.join("、")),
            (None, true) => "（库外）".to_string(),
        };
        let _ = writeln!(
            out,
            "  行 {:<5} {}{} {target}",
            c.line,
            c.title
                .as_ref()
                .map(|t| format!("《{t}》"))
                .unwrap_or_default(),
            c.doc_number.as_deref().unwrap_or(""),
        );
    }
    let _ = writeln!(out, "被引用（{}）", x.cited_by.len());
    for c in &x.cited_by {
        let _ = writeln!(
            out,
            "  {} {} {}（行 {}）",
            c.id.as_deref().unwrap_or(""),
            c.doc_number.as_deref().unwrap_or(""),
            c.title.as_deref().unwrap_or(""),
            c.line
        );
    }
    if !x.repealed_by.is_empty() {
        let _ = writeln!(out, "被废止：{}", x.repealed_by.join("、"));
    }
    out
}

pub fn render_status_rows(rows: &[StatusRow]) -> String {
    let mut out = String::new();
    for r in rows {
        let _ = writeln!(
            out,
            "{} {:<10} {} {}  {}{}",
            r.id,
            r.label,
            r.doc_number.as_deref().unwrap_or("-"),
            r.title,
            r.reason,
            r.clause
                .as_ref()
                .map(|c| format!("（依据 {c}）"))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(out, "{} documents", rows.len());
    out
}

pub fn render_tasks(rows: &[TaskRow]) -> String {
    let mut out = String::new();
    for r in rows {
        let _ = writeln!(
            out,
            "{:<10} {:<12} {} [{}] {}  {} {}:{}",
            r.due.as_deref().unwrap_or("-"),
            r.role.name(),
            r.normalized,
            r.deadline.as_deref().unwrap_or(""),
            cut(&r.task, 40),
            r.doc_number.as_deref().unwrap_or(&r.id),
            r.file,
            r.line
        );
    }
    let _ = writeln!(out, "{} assignments", rows.len());
    out
}

/// CSV of tasks.
pub fn tasks_csv(rows: &[TaskRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

pub fn render_targets(rows: &[TargetRow]) -> String {
    let mut out = String::new();
    for r in rows {
        let _ = writeln!(
            out,
            "{:<6} {} {}{}{}  {} {}:{}",
            r.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into()),
            cut(&r.metric, 30),
            r.comparator_text,
            r.value,
            r.unit,
            r.doc_number.as_deref().unwrap_or(&r.id),
            r.file,
            r.line
        );
    }
    let _ = writeln!(out, "{} targets", rows.len());
    out
}

pub fn targets_csv(rows: &[TargetRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
