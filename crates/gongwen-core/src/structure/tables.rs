//! Tables (表格) exported one cell per line.
//!
//! The sources print a table as a run of *cell lines*: each cell starts on a
//! line that begins with a TAB (sometimes after a few ASCII spaces). What the
//! exporter does around them, as observed in the corpus:
//!
//! - A TAB-only line is an **empty cell** (merged cells come out this way); a
//!   line that is truly empty (or whitespace without a TAB) is a **blank**.
//! - Cells of one row follow each other directly; a blank line before a cell
//!   line starts a **new row**.
//! - A cell continues on following lines without a TAB (**continuation
//!   lines**), possibly with single blank lines in between (cells holding
//!   several paragraphs, form cells such as `单位公章：` … `年 月 日`).
//! - Header rows are repeated after page breaks, sometimes after two blank
//!   lines.
//! - The table ends at two blank lines followed by ordinary text.
//!
//! Rows and cells are rebuilt from these rules only. The column count is
//! trusted ([`Table::faithful`]) only when every row has the same number of
//! cells, or a single full-width cell; otherwise the rows are kept exactly
//! as printed, with `columns = None` and a `table-unfaithful` diagnostic.
//!
//! All thresholds live in [`RULES`].

use std::collections::HashMap;

use crate::model::{Cell, Diagnostic, Row, Span, Table};
use crate::source::text::{compact, Line, SourceText};

/// How a table is laid out in the source: the declarative part of table
/// reconstruction.
#[derive(Debug, Clone, Copy)]
pub struct TableRules {
    /// The char that opens a cell line.
    pub cell_marker: char,
    /// Chars that may precede the marker on a cell line.
    pub cell_indent: &'static [char],
    /// Most blank lines allowed between two cell lines of the same table
    /// (two occur before headers repeated after a page break).
    pub max_blank_gap: usize,
    /// Most non-blank lines in a run of paragraphs that continue a cell after
    /// a blank line (multi-paragraph cells, boxes such as `专栏`). A longer
    /// run is ordinary text after the table.
    pub max_cell_paragraphs: usize,
}

/// The table layout of the corpus.
pub const RULES: TableRules = TableRules {
    cell_marker: '\t',
    cell_indent: &[' '],
    max_blank_gap: 2,
    max_cell_paragraphs: 20,
};

impl TableRules {
    /// If `text` is a cell line, the cell content after the marker.
    pub fn cell_content<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.trim_start_matches(self.cell_indent)
            .strip_prefix(self.cell_marker)
    }
}

/// A cell as found: the cell line and its continuation lines (0-based).
#[derive(Debug, Default)]
struct RawCell {
    line: usize,
    continuation: Vec<usize>,
}

/// A table as found: rows of raw cells and the last line it covers.
#[derive(Debug)]
struct RawTable {
    rows: Vec<Vec<RawCell>>,
    first: usize,
    last: usize,
}

/// Rebuild the tables found in lines `first..=last` (1-based, inclusive).
/// Never panics.
///
/// A table still open at `last` also takes the TAB-only lines (empty form
/// cells) that directly follow it: the caller's range ends at the last
/// non-blank line and would otherwise cut off trailing empty rows.
pub fn parse_tables(
    src: &SourceText<'_>,
    first: usize,
    last: usize,
) -> (Vec<Table>, Vec<Diagnostic>) {
    let mut tables = Vec::new();
    let mut diags = Vec::new();
    let lo = first.max(1) - 1;
    let hi = last.min(src.len());
    let mut i = lo;
    while i < hi {
        let is_cell = src
            .lines
            .get(i)
            .is_some_and(|l| RULES.cell_content(l.text).is_some());
        if !is_cell {
            i += 1;
            continue;
        }
        let (raw, next) = scan_table(src, i, hi);
        let (table, diag) = build_table(src, &raw);
        tables.push(table);
        diags.extend(diag);
        i = next.max(i + 1);
    }
    (tables, diags)
}

/// Scan one table starting at cell line `start` (0-based), within `..hi`.
/// Returns the table and the index where scanning should resume.
fn scan_table(src: &SourceText<'_>, start: usize, hi: usize) -> (RawTable, usize) {
    let mut t = RawTable {
        rows: Vec::new(),
        first: start,
        last: start,
    };
    // Blank lines since the last line of the table.
    let mut blanks = 0usize;
    // Text lines before this index continue the current cell.
    let mut accepted_until = start;
    let mut j = start;
    while j < hi {
        let Some(line) = src.lines.get(j) else { break };
        if RULES.cell_content(line.text).is_some() {
            if blanks > RULES.max_blank_gap {
                break;
            }
            push_cell(&mut t, j, blanks);
            blanks = 0;
        } else if line.is_blank() {
            blanks += 1;
        } else if blanks == 0 || j < accepted_until {
            push_continuation(&mut t, j);
            blanks = 0;
        } else if blanks >= 2 {
            break;
        } else {
            match paragraph_run(src, j, hi) {
                Some(end) => {
                    accepted_until = end;
                    push_continuation(&mut t, j);
                    blanks = 0;
                }
                None => break,
            }
        }
        j += 1;
    }
    if j >= hi {
        // Range end reached with the table open: take the empty cells that
        // follow (TAB-only lines, blank for the document span).
        let mut k = hi;
        while let Some(line) = src.lines.get(k) {
            match RULES.cell_content(line.text) {
                Some(c) if c.trim().is_empty() && blanks <= RULES.max_blank_gap => {
                    push_cell(&mut t, k, blanks);
                    blanks = 0;
                }
                None if line.is_blank() => blanks += 1,
                _ => break,
            }
            k += 1;
        }
        j = j.max(k);
    }
    (t, j)
}

/// Add the cell starting on line `j`; a blank line before it opens a row.
fn push_cell(t: &mut RawTable, j: usize, blanks_before: usize) {
    let cell = RawCell {
        line: j,
        continuation: Vec::new(),
    };
    match t.rows.last_mut() {
        Some(row) if blanks_before == 0 => row.push(cell),
        _ => t.rows.push(vec![cell]),
    }
    t.last = j;
}

/// Add continuation line `j` to the current cell.
fn push_continuation(t: &mut RawTable, j: usize) {
    if let Some(cell) = t.rows.last_mut().and_then(|r| r.last_mut()) {
        cell.continuation.push(j);
        t.last = j;
    }
}

/// A run of paragraphs starting at text line `j` after one blank line: does
/// it continue the current cell? `Some(end)` (exclusive) when the run is
/// short and either leads to the next cell line or is closed by two blank
/// lines (or the range end); `None` when it is ordinary text.
fn paragraph_run(src: &SourceText<'_>, j: usize, hi: usize) -> Option<usize> {
    let mut texts = 0usize;
    let mut blanks = 0usize;
    let mut last_text = j;
    for k in j..hi {
        let line = src.lines.get(k)?;
        if RULES.cell_content(line.text).is_some() {
            return Some(if blanks <= RULES.max_blank_gap {
                k
            } else {
                last_text + 1
            });
        }
        if line.is_blank() {
            blanks += 1;
            continue;
        }
        if blanks >= 2 {
            return Some(k);
        }
        texts += 1;
        if texts > RULES.max_cell_paragraphs {
            return None;
        }
        blanks = 0;
        last_text = k;
    }
    Some(hi)
}

/// Trimmed content of a line as a decoded-text byte range, or `None` when
/// empty. For a cell line the content starts after the marker.
fn content_range(line: &Line<'_>, cell_line: bool) -> Option<(usize, usize)> {
    let body = if cell_line {
        RULES.cell_content(line.text)?
    } else {
        line.text
    };
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lead = body.len() - body.trim_start().len();
    let body_start = line.text.len() - body.len();
    let s = line.start + body_start + lead;
    Some((s, s + trimmed.len()))
}

fn build_cell(src: &SourceText<'_>, raw: &RawCell) -> Cell {
    let mut parts: Vec<(&str, usize, usize, usize)> = Vec::new(); // text, s, e, line no
    let mut push = |idx: usize, cell_line: bool| {
        if let Some(line) = src.lines.get(idx) {
            if let Some((s, e)) = content_range(line, cell_line) {
                if let Some(t) = src.text.get(s..e) {
                    parts.push((t, s, e, line.no));
                }
            }
        }
    };
    push(raw.line, true);
    for &c in &raw.continuation {
        push(c, false);
    }
    let text = parts.iter().map(|p| p.0).collect::<Vec<_>>().join("\n");
    let head = src.lines.get(raw.line);
    let head_no = raw.line + 1;
    let span = match (parts.first(), parts.last()) {
        (Some(a), Some(b)) => {
            // Start on the cell line itself, even when it is empty.
            let s = if a.3 == head_no {
                a.1
            } else {
                head.map(|l| l.end()).unwrap_or(a.1)
            };
            src.span_text(s.min(b.2), b.2, head_no, b.3)
        }
        _ => src.span_lines(head_no, head_no),
    };
    Cell { text, span }
}

fn build_table(src: &SourceText<'_>, raw: &RawTable) -> (Table, Option<Diagnostic>) {
    let mut rows: Vec<Row> = raw
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<Cell> = r.iter().map(|c| build_cell(src, c)).collect();
            let a = cells.first().map(|c| c.span.start_line).unwrap_or(1);
            let b = cells.last().map(|c| c.span.end_line).unwrap_or(a);
            Row {
                span: src.span_lines(a, b),
                cells,
                repeated_header: false,
            }
        })
        .collect();

    // Column count: the most frequent length of multi-cell rows (ties: the
    // wider); single-cell rows span the full width.
    let mut freq: HashMap<usize, usize> = HashMap::new();
    for r in rows.iter().filter(|r| r.cells.len() >= 2) {
        *freq.entry(r.cells.len()).or_default() += 1;
    }
    let n = freq
        .iter()
        .max_by_key(|(len, count)| (**count, **len))
        .map(|(len, _)| *len)
        .unwrap_or(1);
    let faithful = rows
        .iter()
        .all(|r| r.cells.len() == n || r.cells.len() == 1);

    let header_row = find_header(&rows);
    if let Some(h) = header_row {
        let key = row_key(&rows[h]);
        for r in rows.iter_mut().skip(h + 1) {
            if r.cells.len() == key.len() && row_key(r) == key {
                r.repeated_header = true;
            }
        }
    }

    let start_line = raw.first + 1;
    let span: Span = src.span_lines(start_line, raw.last + 1);
    let diag = (!faithful).then(|| {
        let mut lens: Vec<(usize, usize)> = Vec::new();
        for r in &rows {
            let len = r.cells.len();
            match lens.iter_mut().find(|(l, _)| *l == len) {
                Some(e) => e.1 += 1,
                None => lens.push((len, 1)),
            }
        }
        let dist = lens
            .iter()
            .map(|(l, c)| format!("{c}行{l}格"))
            .collect::<Vec<_>>()
            .join("、");
        Diagnostic::info(
            "table-unfaithful",
            start_line,
            format!("表格各行单元格数不一致（{dist}），无法可靠还原列；单元格按原顺序保留"),
        )
    });
    (
        Table {
            span,
            rows,
            columns: faithful.then_some(n),
            faithful,
            header_row,
        },
        diag,
    )
}

/// The column-header row: the first row with two or more cells, when more
/// than half of its cells are filled, none is a bare number and none holds a
/// colon (a form label such as `签字：`).
fn find_header(rows: &[Row]) -> Option<usize> {
    let h = rows.iter().position(|r| r.cells.len() >= 2)?;
    let cells = &rows.get(h)?.cells;
    let filled = cells.iter().filter(|c| !c.text.trim().is_empty()).count();
    let bare_number = cells.iter().any(|c| {
        let t = c.text.trim();
        !t.is_empty()
            && t.chars()
                .all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | '%' | '-' | '—'))
    });
    let form_label = cells.iter().any(|c| c.text.contains(['：', ':']));
    (filled * 2 > cells.len() && !bare_number && !form_label).then_some(h)
}

/// A row's cells compared without spacing (letter-spaced headers).
fn row_key(r: &Row) -> Vec<String> {
    r.cells.iter().map(|c| compact(&c.text)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::text::OffsetMap;

    fn parse(text: &str) -> Vec<Table> {
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        parse_tables(&src, 1, src.len()).0
    }

    fn texts(t: &Table) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn simple_three_by_three() {
        let text = "前文\n\t名称\n\t数量\n\t单位\n\n\t甲\n\t1\n\t个\n\n\t乙\n\t2\n\t件\n\n\n后文";
        let tables = parse(text);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert!(t.faithful);
        assert_eq!(t.columns, Some(3));
        assert_eq!(t.header_row, Some(0));
        assert_eq!(
            texts(t),
            vec![
                vec!["名称", "数量", "单位"],
                vec!["甲", "1", "个"],
                vec!["乙", "2", "件"]
            ]
        );
        assert_eq!((t.span.start_line, t.span.end_line), (2, 12));
        assert_eq!((t.rows[1].span.start_line, t.rows[1].span.end_line), (6, 8));
        let c = &t.rows[2].cells[2];
        assert_eq!(&text[c.span.start_byte..c.span.end_byte], "件");
        assert_eq!(c.span.start_line, 12);
    }

    #[test]
    fn continuation_lines_join_into_one_cell() {
        let text = "\t序号\n\t名称\n\n\t1\n\t产业结构调整\n与布局优化\n\n\t2\n\t市委\n\n宣传部\n\n\t3\n\t市政府\n\n\n注：";
        let t = &parse(text)[0];
        assert!(t.faithful, "{:?}", texts(t));
        assert_eq!(t.columns, Some(2));
        assert_eq!(t.rows[1].cells[1].text, "产业结构调整\n与布局优化");
        // A paragraph after one blank line stays in the cell when the row
        // goes on.
        assert_eq!(t.rows[2].cells[1].text, "市委\n宣传部");
        assert_eq!(t.rows[2].cells.len(), 2);
        let c = &t.rows[1].cells[1];
        assert_eq!(
            &text[c.span.start_byte..c.span.end_byte],
            "产业结构调整\n与布局优化"
        );
        assert_eq!((c.span.start_line, c.span.end_line), (5, 6));
        assert_eq!(texts(t)[3], vec!["3", "市政府"]);
        // The note after two blank lines is not part of the table.
        assert_eq!(t.span.end_line, 14);
    }

    #[test]
    fn lone_tab_is_an_empty_cell_not_a_separator() {
        let text = "\t指标分值\n\t序号\n\t名称\n\n\t100\n\t1\n\t甲\n\n\t\n\t2\n\t乙\n";
        let t = &parse(text)[0];
        assert!(t.faithful);
        assert_eq!(t.columns, Some(3));
        assert_eq!(t.rows.len(), 3);
        assert_eq!(texts(t)[2], vec!["", "2", "乙"]);
        let c = &t.rows[2].cells[0];
        assert_eq!(&text[c.span.start_byte..c.span.end_byte], "\t");
        assert_eq!(c.span.start_line, 9);
    }

    #[test]
    fn repeated_header_is_flagged() {
        let text = "\t序号\n\t单位名称\n\t主  要  职  责\n\n\t1\n\t市委\n\t甲\n\n\n\t序号\n\t单位名称\n\t主要职责\n\n\t2\n\t市政府\n\t乙\n\n\n附件2";
        let t = &parse(text)[0];
        assert!(t.faithful);
        assert_eq!(t.rows.len(), 4);
        let flags: Vec<bool> = t.rows.iter().map(|r| r.repeated_header).collect();
        assert_eq!(flags, vec![false, false, true, false]);
        assert_eq!(t.header_row, Some(0));
    }

    #[test]
    fn inconsistent_rows_are_kept_and_flagged() {
        let text = "\t企业名称\n\t\n\t法定代表人\n\t\n\n\t违法违规处罚\n情况概述\n\t\n\n\t意见\n\t单位公章：\n\n年 月 日\n\n\n注：";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let (tables, diags) = parse_tables(&src, 1, src.len());
        let t = &tables[0];
        assert!(!t.faithful);
        assert_eq!(t.columns, None);
        assert_eq!(t.header_row, None);
        assert_eq!(
            texts(t),
            vec![
                vec!["企业名称", "", "法定代表人", ""],
                vec!["违法违规处罚\n情况概述", ""],
                vec!["意见", "单位公章：\n年 月 日"],
            ]
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "table-unfaithful");
        assert_eq!(diags[0].line, 1);
    }

    #[test]
    fn single_cell_rows_span_the_width() {
        let text = "\t专栏1  主要指标\n\n\t序号\n\t指标\n\n\t1\n\t覆盖率\n\n\t备注：略\n\n\n正文";
        let t = &parse(text)[0];
        assert!(t.faithful);
        assert_eq!(t.columns, Some(2));
        assert_eq!(t.header_row, Some(1));
    }

    #[test]
    fn box_with_paragraphs_ends_at_two_blank_lines() {
        let text = "\t专栏2  工程\n\n1.甲工程。\n\n2.乙工程。\n\n\n五、下一节\n\n正文。";
        let tables = parse(text);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.columns, Some(1));
        assert_eq!(
            t.rows[0].cells[0].text,
            "专栏2  工程\n1.甲工程。\n2.乙工程。"
        );
        assert_eq!(t.span.end_line, 5);
    }

    #[test]
    fn long_text_after_a_table_is_not_swallowed() {
        let mut text = String::from("\t甲\n\t乙\n\n负责人：\n");
        for k in 0..30 {
            text.push_str(&format!("\n第{k}段。\n"));
        }
        let t = &parse(&text)[0];
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.span.end_line, 2);
        assert_eq!(t.rows[0].cells[1].text, "乙");
    }

    #[test]
    fn tables_apart_are_two_tables() {
        let text = "\t甲\n\t乙\n\n\n一、标题\n\n\t丙\n\t丁\n";
        let tables = parse(text);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[1].span.start_line, 7);
        // A wide gap of blank lines also separates tables.
        assert_eq!(parse("\t甲\n\n\n\n\t乙\n").len(), 2);
    }

    #[test]
    fn trailing_empty_cells_past_the_range_are_kept() {
        let text = "\t姓名\n\t电话\n\n\t主管领导\n\t\n\n\t\n\t\n\n\n下一篇";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        // The caller's range ends at the last non-blank line (4).
        let (tables, _) = parse_tables(&src, 1, 4);
        let t = &tables[0];
        assert_eq!(t.rows.len(), 3);
        assert!(t.faithful);
        assert_eq!(t.span.end_line, 8);
    }

    #[test]
    fn indented_marker_and_range_limits() {
        let t = &parse(" \t甲\n\t乙\n")[0];
        assert_eq!(t.rows[0].cells.len(), 2);
        let src = SourceText::new("t", "\t甲\n\t乙\n\n正文", OffsetMap::Identity);
        assert!(parse_tables(&src, 3, 4).0.is_empty());
        assert!(parse_tables(&src, 0, 0).0.is_empty());
        assert!(parse_tables(&src, 9, 3).0.is_empty());
        assert_eq!(parse_tables(&src, 2, 99).0.len(), 1);
    }

    #[test]
    fn offsets_map_to_raw_bytes_after_bom() {
        let text = "\t名称\n\t数量\n";
        let src = SourceText::new("t", text, OffsetMap::Shift(3));
        let (tables, _) = parse_tables(&src, 1, 2);
        let c = &tables[0].rows[0].cells[1];
        assert_eq!(c.span.start_byte, text.find("数量").unwrap_or(0) + 3);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[\t \n\u{3000}a甲]{0,80}", a in 0usize..30, b in 0usize..30) {
            let src = SourceText::new("p", &s, OffsetMap::Identity);
            let (tables, _) = parse_tables(&src, a, b);
            for t in &tables {
                proptest::prop_assert!(t.span.start_line <= t.span.end_line);
                for r in &t.rows {
                    for c in &r.cells {
                        proptest::prop_assert!(c.span.start_byte <= c.span.end_byte);
                        proptest::prop_assert!(s.get(c.span.start_byte..c.span.end_byte).is_some());
                    }
                }
            }
        }
    }
}
