//! Table reconstruction on the real corpus (`../shared/corpus`).
//!
//! Every expectation below was checked by hand against the raw files.
//! Tables are looked up by the line they start on, so the assertions do not
//! depend on how the file is split into documents. When the corpus folder
//! is absent the tests print a note and pass, except in CI (see `common`).

mod common;

use gongwen_core::{ParsedFile, Table};

/// Parse the corpus file whose name starts with `prefix`, or `None` when
/// the corpus is not there (see `common`).
fn load(prefix: &str) -> Option<(ParsedFile, Vec<u8>)> {
    let f = common::parse_corpus_file(prefix)?;
    Some((f.parsed, f.bytes))
}

fn tables(p: &ParsedFile) -> Vec<&Table> {
    p.documents.iter().flat_map(|d| d.tables.iter()).collect()
}

/// The table starting on `line` (1-based).
fn table_at(p: &ParsedFile, line: usize) -> &Table {
    let all = tables(p);
    let starts: Vec<usize> = all.iter().map(|t| t.span.start_line).collect();
    all.into_iter()
        .find(|t| t.span.start_line == line)
        .unwrap_or_else(|| panic!("no table starts on line {line}; tables start on {starts:?}"))
}

fn row_texts(t: &Table, row: usize) -> Vec<&str> {
    t.rows[row].cells.iter().map(|c| c.text.as_str()).collect()
}

fn lengths(t: &Table) -> Vec<usize> {
    t.rows.iter().map(|r| r.cells.len()).collect()
}

/// Spans of every table, row and cell lie inside the file, and each cell's
/// raw bytes hold the cell's first text line.
fn check_spans(p: &ParsedFile, bytes: &[u8]) {
    let raw = String::from_utf8_lossy(bytes);
    for t in tables(p) {
        assert!(t.span.start_line <= t.span.end_line);
        assert!(t.span.end_byte <= bytes.len());
        for r in &t.rows {
            assert!(r.span.start_line >= t.span.start_line && r.span.end_line <= t.span.end_line);
            for c in &r.cells {
                let s = raw
                    .get(c.span.start_byte..c.span.end_byte)
                    .unwrap_or_else(|| panic!("cell span off char boundary: {:?}", c.span));
                let head = c.text.lines().next().unwrap_or("");
                assert!(
                    s.contains(head),
                    "cell {:?} not found at its span {:?}",
                    c.text,
                    c.span
                );
            }
        }
        if t.faithful {
            let n = t.columns.expect("faithful tables have a column count");
            assert!(t
                .rows
                .iter()
                .all(|r| r.cells.len() == n || r.cells.len() == 1));
        } else {
            assert_eq!(t.columns, None);
        }
    }
}

#[test]
fn indicator_table_2015() {
    let Some((p, bytes)) = load("000_") else {
        return;
    };
    check_spans(&p, &bytes);

    // 附件1 考核指标: 空气质量改善绩效指标, 3 rows of 4 cells.
    let t = table_at(&p, 308);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(4));
    assert_eq!(t.rows.len(), 3);
    assert_eq!(
        row_texts(t, 0),
        vec!["指标分值", "序号", "单项指标名称", "单项指标分值"]
    );
    // Merged 指标分值 cell printed as a lone TAB.
    assert_eq!(
        row_texts(t, 2),
        vec!["", "2", "重污染天数减少值", "10（0）a"]
    );

    // 大气污染防治重点工作完成情况指标: 38 rows of 6 cells, ending at line 598.
    let t = table_at(&p, 328);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(6));
    assert_eq!(t.rows.len(), 38);
    assert_eq!(t.span.end_line, 598);
    assert_eq!(t.header_row, Some(0));
    assert_eq!(t.rows[0].cells[4].text, "子指标名称");
    // A continuation line without TAB joins its cell.
    assert_eq!(t.rows[1].cells[2].text, "产业结构调整\n与布局优化");
    assert_eq!(
        (
            t.rows[1].cells[2].span.start_line,
            t.rows[1].cells[2].span.end_line
        ),
        (337, 338)
    );
    assert_eq!(row_texts(t, 37)[4], "大气综合协调机构的建立与保障");
}

#[test]
fn header_cell_with_blank_line_and_repeated_headers_2015() {
    let Some((p, _)) = load("000_") else {
        return;
    };
    // 2015年无偿献血供血计划表: the corner cell holds a blank line.
    let t = table_at(&p, 4546);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(6));
    assert_eq!(t.rows.len(), 14);
    assert_eq!(t.rows[0].cells[0].text, "血型（U）\n月份");
    assert_eq!(
        row_texts(t, 1),
        vec!["一月", "1294", "1419", "1606", "478", "4797"]
    );

    // 成员单位职责分工: header 序号/单位名称/主要职责 repeated three times
    // after page breaks; row 21 is broken by two blank lines, so the grid is
    // not trusted.
    let t = table_at(&p, 6071);
    assert_eq!(t.rows.len(), 26);
    let repeated: Vec<usize> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.repeated_header)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(repeated.len(), 3);
    assert_eq!(t.rows[repeated[0]].span.start_line, 6125);
    assert_eq!(t.rows[1].cells[1].text, "市委\n宣传部");
    assert!(t.rows[1].cells[2]
        .text
        .ends_with("完成应急指挥部交办的其他事项。"));
    assert!(!t.faithful);
    assert_eq!(lengths(t).iter().filter(|&&n| n == 3).count(), 24);
}

#[test]
fn form_table_is_kept_in_order_and_flagged_2015() {
    let Some((p, _)) = load("000_") else {
        return;
    };
    // 食品安全“黑名单”企业（单位）申报表: 4-cell rows then 2-cell rows.
    let t = table_at(&p, 2356);
    assert!(!t.faithful);
    assert_eq!(t.columns, None);
    assert_eq!(lengths(t), vec![4, 4, 4, 2, 2, 2]);
    assert_eq!(row_texts(t, 0)[0], "企业（单位）名称");
    assert_eq!(t.rows[3].cells[0].text, "违法违规处罚\n情况概述");
    // 单位公章： … 年 月 日, with a blank line inside the cell.
    let seal = &t.rows[4].cells[1].text;
    assert!(seal.starts_with("单位公章：\n年"), "{seal:?}");
    let doc = p
        .documents
        .iter()
        .find(|d| d.tables.iter().any(|x| x.span.start_line == 2356))
        .expect("document holding the table");
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.code == "table-unfaithful" && d.line == 2356));
}

#[test]
fn multi_paragraph_cells_and_trailing_empty_cells_2021() {
    let Some((p, bytes)) = load("001_") else {
        return;
    };
    check_spans(&p, &bytes);

    // 药品安全突发事件分级标准和响应规定: 13 rows of 4; the last cell is a
    // lone TAB on line 1025, after the document's last non-blank line.
    let t = table_at(&p, 894);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(4));
    assert_eq!(t.rows.len(), 13);
    assert_eq!(
        row_texts(t, 0),
        vec!["级  别", "类  别", "标  准", "响应级别"]
    );
    assert_eq!(t.rows[1].cells[0].text, "特别重大药品安全突发事件\n（Ⅰ级）");
    assert!(t.rows[1].cells[2]
        .text
        .ends_with("4.其他危害特别严重的药品质量安全事件。"));
    assert_eq!(t.span.end_line, 1025);
    assert_eq!(row_texts(t, 12)[3], "");

    // 清理工作联络表: header and three rows of empty form cells.
    let t = table_at(&p, 3164);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(4));
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[0].cells[3].text, "联系方式\n（手机、座机及传真）");
    assert!(t.rows[1..]
        .iter()
        .all(|r| r.cells.iter().all(|c| c.text.is_empty())));
    assert_eq!(t.span.end_line, 3186);

    // 市指挥部成员单位应急职责分工: 3-cell header over 4-cell rows (merged
    // 组成单位 header): not faithful; the header recurs on line 1718.
    let t = table_at(&p, 1609);
    assert!(!t.faithful);
    assert!(t
        .rows
        .iter()
        .any(|r| r.repeated_header && r.span.start_line == 1718));
}

#[test]
fn boxes_and_repeated_header_2023() {
    let Some((p, bytes)) = load("002_") else {
        return;
    };
    check_spans(&p, &bytes);

    // 专栏1: a one-cell box whose paragraphs continue the cell.
    let t = table_at(&p, 1232);
    assert_eq!(t.columns, Some(1));
    assert_eq!(t.rows.len(), 1);
    let text = &t.rows[0].cells[0].text;
    assert!(text.starts_with("专栏1  构建强大公共卫生体系工程\n1.疾病预防控制体系建设。"));
    assert_eq!(text.lines().count(), 3);
    assert_eq!(t.span.end_line, 1236);

    // 专栏1 “十四五”城乡社区服务体系建设主要指标: caption row, 5 columns,
    // header repeated on line 3448.
    let t = table_at(&p, 3410);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(5));
    assert_eq!(t.header_row, Some(1));
    assert_eq!(t.rows[1].cells[2].text, "2020年\n基期值");
    assert!(t.rows[6].repeated_header);
    assert_eq!(t.rows[6].span.start_line, 3448);
    assert_eq!(t.rows.iter().filter(|r| r.repeated_header).count(), 1);

    // 撰稿人联系方式表: trailing empty cells up to line 6752.
    let t = table_at(&p, 6730);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(5));
    assert_eq!(t.rows.len(), 4);
    assert_eq!(row_texts(t, 3), vec!["撰 稿 人", "", "", "", ""]);
    assert_eq!(t.span.end_line, 6752);

    // 权力事项 lists: many small 3-column tables, one per department.
    let t = table_at(&p, 2898);
    assert!(t.faithful);
    assert_eq!((t.rows.len(), t.columns), (49, Some(3)));
}

#[test]
fn word_derived_gazette_2020() {
    let Some((p, bytes)) = load("003_") else {
        return;
    };
    check_spans(&p, &bytes);

    // 巨鹿县贯彻健康中国行动考核指标框架: 28 rows of 5.
    let t = table_at(&p, 224);
    assert!(t.faithful);
    assert_eq!(t.columns, Some(5));
    assert_eq!(t.rows.len(), 28);
    assert_eq!(t.rows[0].cells[4].text, "2022年\n目标值");
    assert_eq!(t.span.end_line, 415);

    // 安全生产监管责任清单: rows lose their blank separators part-way
    // through (lines such as ` \t五、县交通运输局`): kept, not trusted.
    let t = table_at(&p, 843);
    assert!(!t.faithful);
    assert_eq!(row_texts(t, 0)[0], "序号");
    assert_eq!(t.rows[0].cells.len(), 7);
}

#[test]
fn file_without_tables_2017() {
    let Some((p, _)) = load("004_") else {
        return;
    };
    assert!(tables(&p).is_empty());
}
