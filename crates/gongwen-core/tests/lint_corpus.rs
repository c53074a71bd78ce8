//! Lint on the real corpus (`../shared/corpus`): every document of the five
//! files linked and linted together. The defects asserted here are those
//! named in issue 3 §6 and in the `note` fields of `../shared/gold/*.json`.
//! When the corpus folder is absent the tests print a note and pass, except
//! in CI (see `common`).

mod common;

use gongwen_core::checks::source_diagnostics;
use gongwen_core::lint::{lint, render, Finding};
use gongwen_core::Document;

const FILES: &[&str] = &[
    "000_2f0e40ca068e429d.txt",
    "001_4da6c342ff6bc6a0.txt",
    "002_ef3246d90575c9db.txt",
    "003_6f287babfdb2d555.txt",
    "004_aac9fd59099b2853.txt",
];

/// All documents of the corpus as (`{file}#{ordinal}`, document), with the
/// source checks appended to their diagnostics (as the pipeline does once
/// wired; [`lint`] drops repeated diagnostics). `None` when the corpus is
/// absent (see `common`).
fn load() -> Option<Docs> {
    let mut out = Vec::new();
    for name in FILES {
        let f = common::parse_corpus_file(name)?;
        common::with_source(name, &f.bytes, |src| {
            for mut doc in f.parsed.documents {
                let extra = source_diagnostics(src, &doc);
                doc.diagnostics.extend(extra);
                out.push((format!("{name}#{}", doc.ordinal), doc));
            }
        });
    }
    Some(out)
}

/// Documents with their ids.
type Docs = Vec<(String, Document)>;

/// The corpus linted: (documents, findings).
fn run() -> Option<(Docs, Vec<Finding>)> {
    let owned = load()?;
    let docs: Vec<(String, &Document)> = owned.iter().map(|(id, d)| (id.clone(), d)).collect();
    let linked = gongwen_core::corpus::link(&docs);
    let fs = lint(&docs, &linked);
    Some((owned, fs))
}

/// Id of the document of `file` (name prefix) starting on `line`.
fn id_at(docs: &[(String, Document)], file: &str, line: usize) -> String {
    docs.iter()
        .find(|(_, d)| d.span.file.starts_with(file) && d.span.start_line == line)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no document of {file} starts on line {line}"))
}

fn of<'a>(fs: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    fs.iter().filter(|f| f.code == code).collect()
}

fn near(x: usize, want: usize, slack: usize) -> bool {
    x + slack >= want && x <= want + slack
}

#[test]
fn report_renders_every_finding() {
    let Some((_, fs)) = run() else { return };
    let r = render(&fs);
    println!("{r}");
    assert_eq!(
        r.lines().filter(|l| l.contains(": [")).count(),
        fs.len(),
        "one line per finding"
    );
}

/// 000 doc 廊政〔2015〕5号 (line 221): 附件说明 announces 附件：重点任务分工
/// (line 299), but the attachment printed (line 305) is 附件1 考核指标, copied
/// from 〔2015〕5号 (doc at 3602). 001 廊政办字〔2021〕21号 (line 498): its
/// 附件说明 list (lines 884–888, item 1 broken over two lines) announces
/// 附件2, which is not printed (gold note).
#[test]
fn missing_announced_attachments() {
    let Some((docs, fs)) = run() else { return };
    let missing = of(&fs, "attachment-missing");
    let d221 = id_at(&docs, "000_", 221);
    assert!(
        missing.iter().any(|f| f.doc_id == d221
            && f.span.start_line == 299
            && f.message.contains("附件：重点任务分工")),
        "{missing:#?}"
    );
    let d498 = id_at(&docs, "001_", 498);
    assert!(
        missing
            .iter()
            .any(|f| f.doc_id == d498 && f.message.contains("附件2")),
        "{missing:#?}"
    );
    // 000 〔2015〕28号 (doc at 5625) announces 附件5 减排名单 (line 6032) and
    // prints 附件1–4 only; no line there prints its title (lines sharing the
    // prefix 廊坊市重污染天气应急… name other things).
    let d5625 = id_at(&docs, "000_", 5625);
    assert!(
        missing
            .iter()
            .any(|f| f.doc_id == d5625 && f.span.start_line == 6032 && f.message.contains("附件5")),
        "{missing:#?}"
    );
    // Attachments printed with their label and title on one line (002
    // l.3811 `附件3  市人大代表建议…`) or by title only (004 l.321), and
    // the parts 附件3—1 / 附件3—2 of 001's 附件3 (l.3273, printed l.3461)
    // are not reported.
    for (file, line) in [
        ("002_", 3705),
        ("002_", 3707),
        ("004_", 319),
        ("001_", 3273),
    ] {
        assert!(
            !missing
                .iter()
                .any(|f| f.span.file.starts_with(file) && f.span.start_line == line),
            "{file} l.{line} reported: {missing:#?}"
        );
    }
}

/// 000 lines 305–603 (附件1 考核指标 inside 廊政〔2015〕5号) repeat lines
/// 3667–3965 of 〔2015〕5号 (doc at 3602). The spans start at the first
/// fingerprinted paragraph (the 注 line after the heading).
#[test]
fn duplicated_attachment() {
    let Some((docs, fs)) = run() else { return };
    let dup = of(&fs, "duplicate-text");
    let (a, b) = (id_at(&docs, "000_", 221), id_at(&docs, "000_", 3602));
    let f = dup
        .iter()
        .find(|f| f.doc_id == a && f.related.iter().any(|(id, _)| *id == b))
        .unwrap_or_else(|| panic!("duplicate not reported: {dup:#?}"));
    assert!(near(f.span.start_line, 305, 5), "{f:#?}");
    assert!(near(f.span.end_line, 603, 3), "{f:#?}");
    let other = &f.related[0].1;
    assert!(near(other.start_line, 3667, 5), "{f:#?}");
    assert!(near(other.end_line, 3965, 3), "{f:#?}");
    // Boilerplate does not flood the report.
    assert!(dup.len() <= 10, "{dup:#?}");
}

/// Bare 文号 printed on two documents each: 000 〔2015〕16号 (joint notice at
/// 1836 and the 办公室 notice at 5497; `廊政〔2015〕16号` at 880 is another
/// number), 002 〔2023〕1号 (通告 at 457, 办公室 notice at 5475).
#[test]
fn docnum_collisions() {
    let Some((docs, fs)) = run() else { return };
    let col = of(&fs, "docnum-collision");
    for (file, number, lines) in [
        ("000_", "〔2015〕16号", [1836, 5497]),
        ("002_", "〔2023〕1号", [457, 5475]),
    ] {
        let ids: Vec<String> = lines.iter().map(|&l| id_at(&docs, file, l)).collect();
        let f = col
            .iter()
            .find(|f| f.message.contains(&format!("“{number}”")))
            .unwrap_or_else(|| panic!("{number} not reported: {col:#?}"));
        let mut involved: Vec<&String> = vec![&f.doc_id];
        involved.extend(f.related.iter().map(|(id, _)| id));
        assert_eq!(involved.len(), 2, "{f:#?}");
        for id in &ids {
            assert!(involved.contains(&id), "{id} missing in {f:#?}");
        }
        assert!(f.message.contains("未印机关代字"), "{}", f.message);
    }
    assert!(!col.iter().any(|f| f.message.contains("“廊政〔2015〕16号”")));
}

/// 001 廊政办字〔2021〕21号: signature date printed 2021年月3月18日 (line 511).
#[test]
fn malformed_date() {
    let Some((docs, fs)) = run() else { return };
    let bad = of(&fs, "date-malformed");
    let d = id_at(&docs, "001_", 498);
    assert!(
        bad.iter().any(|f| f.doc_id == d
            && f.span.start_line == 511
            && f.message.contains("2021年月3月18日")
            && f.message.contains("2021年3月18日")),
        "{bad:#?}"
    );
}

/// Further defects read in the text: 完成时间：2022年12月 in a notice of
/// 2023-01-04 (002 l.617); 4月10日前 in a plan of 2020-04-24 (003 l.785);
/// 自2017年1月1日起执行 in an 意见 of 2017-08-27 (004 l.1013); 一、 then 三、
/// (004 l.785); （1） before （二） (003 l.2473); ”双随机、一公开” (002
/// l.194); a decree number without its closing ） in a table cell (003
/// l.1253, cell from l.1253).
#[test]
fn other_defects_read_in_the_text() {
    let Some((_, fs)) = run() else { return };
    let at = |code: &str, file: &str, line: usize| {
        fs.iter()
            .any(|f| f.code == code && f.span.file.starts_with(file) && f.span.start_line == line)
    };
    assert!(at("deadline-before-date", "002_", 617));
    assert!(at("deadline-before-date", "003_", 785));
    assert!(at("effective-before-signature", "004_", 1013));
    assert!(at("outline-gap", "004_", 785));
    assert!(at("outline-gap", "003_", 2473));
    assert!(at("unbalanced-brackets", "002_", 194));
    assert!(at("unbalanced-brackets", "003_", 1253));
    // A bracket split over a cell's continuation line (001 l.3427–3430,
    // 003 l.231–232) is balanced.
    assert!(!at("unbalanced-brackets", "001_", 3430));
    assert!(!at("unbalanced-brackets", "003_", 231));
}
