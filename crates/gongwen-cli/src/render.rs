//! Human-readable output: the `list` table, `show`, and the Markdown export.

use std::fmt::Write;

use gongwen_store::DocSummary;
use unicode_width::UnicodeWidthStr;

use gongwen_core::export::{ExportRecord as Record, OutlineOut};

/// Count outline nodes.
fn count_nodes(nodes: &[OutlineOut]) -> usize {
    nodes.iter().map(|n| 1 + count_nodes(&n.children)).sum()
}

/// Pad or cut `s` to `w` terminal columns (CJK characters are two wide).
fn fit(s: &str, w: usize) -> String {
    let mut out = String::new();
    if UnicodeWidthStr::width(s) <= w {
        out.push_str(s);
    } else {
        // Leave one column for the ellipsis.
        let mut width = 0;
        for c in s.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if width + cw + 1 > w {
                break;
            }
            out.push(c);
            width += cw;
        }
        out.push('…');
    }
    let pad = w.saturating_sub(UnicodeWidthStr::width(out.as_str()));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// The `list` table: id, date, 文号, genre, issuers, title.
pub fn list_table(rows: &[DocSummary]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} {} {} {} 标题",
        fit("id", 12),
        fit("日期", 10),
        fit("文号", 22),
        fit("文种", 8),
        fit("发文机关", 24)
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{} {} {} {} {} {}",
            fit(&r.id, 12),
            fit(r.date.as_deref().unwrap_or("-"), 10),
            fit(r.doc_number.as_deref().unwrap_or("-"), 22),
            fit(r.genre.as_deref().unwrap_or("-"), 8),
            fit(&r.issuers.join("、"), 24),
            r.title.as_deref().unwrap_or("（无标题）")
        );
    }
    let _ = writeln!(out, "{} documents", rows.len());
    out
}

fn outline_lines(out: &mut String, nodes: &[OutlineOut], depth: usize, md: bool) {
    for n in nodes {
        let indent = "  ".repeat(depth);
        let heading = n.heading.as_deref().unwrap_or("");
        if md {
            let _ = writeln!(out, "{indent}- {} {heading} (L{})", n.label, n.start_line);
        } else {
            let _ = writeln!(out, "{indent}{} {heading}  [行 {}]", n.label, n.start_line);
        }
        outline_lines(out, &n.children, depth + 1, md);
    }
}

/// `show`: the header card, attachments, outline and diagnostics.
pub fn show(r: &Record) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", r.title.as_deref().unwrap_or("（无标题）"));
    let _ = writeln!(out, "  id        {}", r.id);
    let _ = writeln!(
        out,
        "  出处      {} 行 {}–{}（字节 {}–{}）",
        r.source.file,
        r.source.start_line,
        r.source.end_line,
        r.source.start_byte,
        r.source.end_byte
    );
    let _ = writeln!(out, "  发文机关  {}", r.issuers.join("、"));
    let _ = writeln!(
        out,
        "  文号      {}",
        r.doc_number.as_ref().map(|d| d.raw.as_str()).unwrap_or("-")
    );
    let date = match (&r.date, &r.date_raw) {
        (Some(d), Some(raw)) if r.date_malformed => format!("{d}（原文“{raw}”，格式有误）"),
        (Some(d), _) => d.clone(),
        (None, Some(raw)) => format!("（无法识别：“{raw}”）"),
        (None, None) => "-".into(),
    };
    let _ = writeln!(out, "  成文日期  {date}");
    let _ = writeln!(out, "  文种      {}", r.genre.as_deref().unwrap_or("-"));
    if !r.addressees.is_empty() {
        let _ = writeln!(out, "  主送机关  {}", r.addressees.join("、"));
    }
    if let Some(d) = &r.disclosure {
        let _ = writeln!(out, "  附注      {d}");
    }
    for e in &r.enclosed {
        let _ = writeln!(
            out,
            "  印发文件  《{}》{}",
            e.title,
            e.start_line
                .map(|l| format!("（行 {l}）"))
                .unwrap_or_default()
        );
    }
    if !r.attachments.is_empty() {
        let _ = writeln!(out, "附件");
        for a in &r.attachments {
            let state = match (a.present, a.start_line) {
                (true, Some(l)) => format!("行 {l}"),
                (true, None) => "有".into(),
                (false, _) => "缺失（已在附件说明中列出，但正文中没有）".into(),
            };
            let _ = writeln!(
                out,
                "  {} {}  [{state}]",
                a.label,
                a.title.as_deref().unwrap_or("")
            );
        }
    }
    if !r.outline.is_empty() {
        let _ = writeln!(out, "结构（{} 个层次节点）", count_nodes(&r.outline));
        outline_lines(&mut out, &r.outline, 1, false);
    }
    if r.tables > 0 {
        let _ = writeln!(out, "表格  {} 个", r.tables);
    }
    if !r.diagnostics.is_empty() {
        let _ = writeln!(out, "提示");
        for d in &r.diagnostics {
            let _ = writeln!(out, "  行 {}: [{}] {}", d.line, d.code, d.message);
        }
    }
    out
}

/// Search results: hits with snippets (marks shown as 【】), then facets.
pub fn search(r: &gongwen_search::SearchResponse) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} 条结果", r.total);
    for h in &r.hits {
        let snippet = h
            .snippet
            .replace("<mark>", "【")
            .replace("</mark>", "】")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let _ = writeln!(
            out,
            "{:>6.2} {} {} {}{}  [{}:{}]",
            h.score,
            h.id,
            h.doc_number.as_deref().unwrap_or("-"),
            h.title.as_deref().unwrap_or(""),
            h.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default(),
            h.source.file,
            h.source.start_line
        );
        let _ = writeln!(out, "       {snippet}");
    }
    let facet = |out: &mut String, name: &str, v: &[gongwen_search::FacetCount]| {
        if !v.is_empty() {
            let items: Vec<String> = v
                .iter()
                .map(|f| format!("{} {}", f.value, f.count))
                .collect();
            let _ = writeln!(out, "{name}: {}", items.join("，"));
        }
    };
    facet(&mut out, "发文机关", &r.facets.issuer);
    facet(&mut out, "年份", &r.facets.year);
    facet(&mut out, "文种", &r.facets.genre);
    facet(&mut out, "状态", &r.facets.status);
    out
}

/// One document as Markdown (export --format markdown).
pub fn markdown(r: &Record) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", r.title.as_deref().unwrap_or("（无标题）"));
    let _ = writeln!(out, "| 字段 | 值 |\n|---|---|");
    let row = |out: &mut String, k: &str, v: &str| {
        let _ = writeln!(out, "| {k} | {} |", v.replace('|', "\\|"));
    };
    row(&mut out, "id", &r.id);
    row(&mut out, "发文机关", &r.issuers.join("、"));
    row(
        &mut out,
        "文号",
        r.doc_number.as_ref().map(|d| d.raw.as_str()).unwrap_or("-"),
    );
    row(&mut out, "成文日期", r.date.as_deref().unwrap_or("-"));
    row(&mut out, "文种", r.genre.as_deref().unwrap_or("-"));
    row(
        &mut out,
        "出处",
        &format!(
            "{} 行 {}–{}",
            r.source.file, r.source.start_line, r.source.end_line
        ),
    );
    for e in &r.enclosed {
        row(&mut out, "印发文件", &e.title);
    }
    for a in &r.attachments {
        row(
            &mut out,
            &a.label,
            &format!(
                "{}{}",
                a.title.as_deref().unwrap_or(""),
                if a.present { "" } else { "（缺失）" }
            ),
        );
    }
    if !r.outline.is_empty() {
        let _ = writeln!(out, "\n### 结构\n");
        outline_lines(&mut out, &r.outline, 0, true);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fit_counts_cjk_as_two_columns() {
        assert_eq!(fit("通知", 6), "通知  ");
        assert_eq!(fit("关于印发的通知", 6), "关于… ");
        assert_eq!(fit("ab", 3), "ab ");
    }
}
