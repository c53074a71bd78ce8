//! The parser never panics, on any bytes, and its output is well formed:
//! every span lies inside the input, documents come in order and do not
//! overlap.
//!
//! Inputs: arbitrary bytes; random text built from the tokens that drive
//! the parser (brackets, heading labels, dates, 文号 …); and mutations (byte
//! flips, truncation, token insertion, line duplication/deletion/swaps) of
//! windows of the real corpus, plus a few whole corpus files. The corpus
//! cases are skipped with a message when `../shared/corpus` is absent
//! (outside CI: see `common`).

mod common;

use std::sync::LazyLock;

use gongwen_core::{parse_bytes, parse_text, OutlineNode, ParsedFile, Span};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// A corpus file: name and bytes.
type CorpusFile = (String, Vec<u8>);

/// The corpus files, read once.
static CORPUS: LazyLock<Option<Vec<CorpusFile>>> = LazyLock::new(common::corpus_files);

/// The corpus files, `None` when the directory is absent (see `common`: the
/// rule is applied on each call, before the files are read).
fn corpus() -> Option<&'static [CorpusFile]> {
    common::corpus()?;
    CORPUS.as_deref()
}

/// Tokens inserted by the mutator and used to build random text.
const TOKENS: &[&str] = &[
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\n\n",
    "\u{3000}",
    " ",
    "〔",
    "〕",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "[",
    "]",
    "第",
    "条",
    "章",
    "节",
    "款",
    "一、",
    "二、",
    "（一）",
    "(二)",
    "1.",
    "2．",
    "（1）",
    "①",
    "第一章",
    "第十二条",
    "附件",
    "附件：1.",
    "附件2",
    "：",
    ":",
    "。",
    "，",
    "、",
    "《",
    "》",
    "…",
    "目录\n",
    "某某市人民政府\n",
    "中共某某市委\n",
    "关于",
    "印发",
    "的通知\n",
    "实施意见",
    "办法",
    "条例\n",
    "各县（市、区）人民政府：\n",
    "某政发〔2015〕16号",
    "〔2015〕16号\n",
    "2021年月3月18日\n",
    "二〇一七年六月九日\n",
    "2015年８月１日",
    "年",
    "月",
    "日",
    "号",
    "0",
    "9",
    "９",
    "十",
    "〇",
    "（2010年1月1日某某省第十一届人民代表大会常务委员会第十三次会议通过）\n",
    "《某某办法》已经市政府第1次常务会议通过，现予公布。\n",
    "市长某某\n",
    "索引号：1\n发文机关：某某市人民政府\n成文日期：2020-01-01\n",
    "（此件公开发布）\n",
    "政策解读\n",
    "\u{E004}",
    "[bookmark: _Hlk1]",
    "[bookmark:",
    "\u{FEFF}",
    "\u{200B}",
    "關於",
    "é",
    "𠀀",
];

fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(TOKENS)
}

// ---------------------------------------------------------------------------
// Invariants

fn walk_outline<'a>(nodes: &'a [OutlineNode], out: &mut Vec<(&'static str, &'a Span)>) {
    for n in nodes {
        out.push(("outline", &n.span));
        walk_outline(&n.children, out);
    }
}

/// Every span of the parse, labelled with what it belongs to.
fn all_spans(p: &ParsedFile) -> Vec<(&'static str, &Span)> {
    let mut v: Vec<(&'static str, &Span)> = Vec::new();
    for d in &p.documents {
        v.push(("document", &d.span));
        let h = &d.header;
        v.extend(h.issuers.iter().map(|f| ("issuer", &f.span)));
        v.extend(h.title.iter().map(|f| ("title", &f.span)));
        v.extend(h.doc_number.iter().map(|f| ("doc_number", &f.span)));
        v.extend(h.addressees.iter().map(|f| ("addressee", &f.span)));
        v.extend(h.signature.iter().map(|f| ("signature", &f.span)));
        v.extend(h.date.iter().map(|f| ("date", &f.span)));
        v.extend(h.disclosure.iter().map(|f| ("disclosure", &f.span)));
        v.extend(h.metadata.iter().map(|f| ("metadata", &f.span)));
        for e in &d.enclosed {
            v.extend(e.title_span.iter().map(|s| ("enclosed.title", s)));
            v.extend(e.span.iter().map(|s| ("enclosed", s)));
        }
        for a in &d.attachments {
            v.extend(a.announced.iter().map(|s| ("attachment.announced", s)));
            v.extend(a.present.iter().map(|s| ("attachment.present", s)));
        }
        walk_outline(&d.outline, &mut v);
        for t in &d.tables {
            v.push(("table", &t.span));
            for r in &t.rows {
                v.push(("row", &r.span));
                v.extend(r.cells.iter().map(|c| ("cell", &c.span)));
            }
        }
        v.extend(d.interpretations.iter().map(|s| ("interpretation", s)));
    }
    v.extend(p.toc.iter().map(|e| ("toc", &e.span)));
    v.extend(p.running_heads.iter().map(|s| ("running_head", s)));
    v
}

/// Does `slice` decode cleanly in the file's encoding (so a span does not
/// cut a character in two)?
fn clean_cut(encoding: &str, slice: &[u8]) -> bool {
    match encoding {
        "UTF-8" | "UTF-8 BOM" => std::str::from_utf8(slice).is_ok(),
        "GB18030" => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(slice)
            .is_some(),
        _ => true,
    }
}

fn check(bytes: &[u8], p: &ParsedFile) -> Result<(), TestCaseError> {
    let n = p.line_count;
    let bytes_len = bytes.len();
    for (what, s) in all_spans(p) {
        prop_assert!(
            s.start_byte <= s.end_byte && s.end_byte <= bytes_len,
            "{what} span bytes {}..{} outside 0..{bytes_len}",
            s.start_byte,
            s.end_byte
        );
        prop_assert!(
            clean_cut(&p.encoding, &bytes[s.start_byte..s.end_byte]),
            "{what} span bytes {}..{} cut a {} character",
            s.start_byte,
            s.end_byte,
            p.encoding
        );
        prop_assert!(
            1 <= s.start_line && s.start_line <= s.end_line && s.end_line <= n,
            "{what} span lines {}..={} outside 1..={n}",
            s.start_line,
            s.end_line
        );
    }
    for (k, d) in p.documents.iter().enumerate() {
        prop_assert_eq!(d.ordinal, k);
        prop_assert!(d.body_start_line >= 1 && d.body_start_line <= n + 1);
        for x in &d.diagnostics {
            prop_assert!(
                x.line <= n,
                "diagnostic {} at line {} > {n}",
                x.code,
                x.line
            );
        }
        if let Some(next) = p.documents.get(k + 1) {
            prop_assert!(
                d.span.end_line < next.span.start_line,
                "document {k} (lines {}..={}) overlaps the next (from {})",
                d.span.start_line,
                d.span.end_line,
                next.span.start_line
            );
            prop_assert!(d.span.end_byte <= next.span.start_byte);
        }
    }
    for x in &p.diagnostics {
        prop_assert!(
            x.line <= n,
            "diagnostic {} at line {} > {n}",
            x.code,
            x.line
        );
    }
    for e in &p.toc {
        if let Some(m) = e.matched {
            prop_assert!(m < p.documents.len());
        }
    }
    Ok(())
}

/// Parse bytes; check invariants on success (errors are fine: binary,
/// undecodable …).
fn parse_and_check(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(p) = parse_bytes("fuzz.txt", bytes) {
        check(bytes, &p)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Mutations

#[derive(Debug, Clone)]
enum Mutation {
    Insert(Index, &'static str),
    DupLine(Index),
    DelLine(Index),
    SwapLines(Index, Index),
    Truncate(Index),
    FlipByte(Index, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<Index>(), token()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        2 => any::<Index>().prop_map(Mutation::DupLine),
        2 => any::<Index>().prop_map(Mutation::DelLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 1u8..=255).prop_map(|(i, m)| Mutation::FlipByte(i, m)),
    ]
}

/// Line ranges `[start, end)` including the `\n`.
fn line_ranges(b: &[u8]) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut s = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            v.push((s, i + 1));
            s = i + 1;
        }
    }
    if s < b.len() {
        v.push((s, b.len()));
    }
    v
}

/// A position at or after `i` that is not inside a UTF-8 sequence.
fn snap(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

fn apply(b: &mut Vec<u8>, m: &Mutation) {
    match m {
        Mutation::Insert(at, tok) => {
            let i = snap(b, at.index(b.len() + 1));
            b.splice(i..i, tok.bytes());
        }
        Mutation::DupLine(l) => {
            let lines = line_ranges(b);
            if !lines.is_empty() {
                let (s, e) = lines[l.index(lines.len())];
                let copy = b[s..e].to_vec();
                b.splice(e..e, copy);
            }
        }
        Mutation::DelLine(l) => {
            let lines = line_ranges(b);
            if !lines.is_empty() {
                let (s, e) = lines[l.index(lines.len())];
                b.drain(s..e);
            }
        }
        Mutation::SwapLines(x, y) => {
            let lines = line_ranges(b);
            if lines.len() >= 2 {
                let (p, q) = (x.index(lines.len()), y.index(lines.len()));
                let (p, q) = (p.min(q), p.max(q));
                if p != q {
                    let (ps, pe) = lines[p];
                    let (qs, qe) = lines[q];
                    let mut out = b[..ps].to_vec();
                    out.extend_from_slice(&b[qs..qe]);
                    out.extend_from_slice(&b[pe..qs]);
                    out.extend_from_slice(&b[ps..pe]);
                    out.extend_from_slice(&b[qe..]);
                    *b = out;
                }
            }
        }
        Mutation::Truncate(at) => {
            let i = at.index(b.len() + 1);
            b.truncate(i);
        }
        Mutation::FlipByte(at, mask) => {
            if !b.is_empty() {
                let i = at.index(b.len());
                b[i] ^= mask;
            }
        }
    }
}

/// Lines `start..start+len` of a file (by `\n`), as bytes.
fn window(file: &[u8], start: Index, len: usize) -> Vec<u8> {
    let lines = line_ranges(file);
    if lines.is_empty() {
        return Vec::new();
    }
    let a = start.index(lines.len());
    let b = (a + len).min(lines.len()) - 1;
    file[lines[a].0..lines[b].1].to_vec()
}

fn run(cases: u32, strategy: impl Strategy<Value = Vec<u8>>) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&strategy, |b| parse_and_check(&b)) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(Config { cases: 1024, ..Config::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        parse_and_check(&bytes)?;
    }

    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,400}") {
        parse_and_check(s.as_bytes())?;
        let p = parse_text("fuzz.txt", &s);
        check(s.as_bytes(), &p)?;
    }

    #[test]
    fn token_soup_never_panics(toks in prop::collection::vec(token(), 0..300)) {
        let s: String = toks.concat();
        parse_and_check(s.as_bytes())?;
        // GB18030 and UTF-8-with-BOM copies of the same text.
        let (gb, _, _) = encoding_rs::GB18030.encode(&s);
        parse_and_check(&gb)?;
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        parse_and_check(&bom)?;
    }
}

#[test]
fn mutated_corpus_windows_never_panic() {
    let Some(files) = corpus() else { return };
    let strategy = (
        0..files.len(),
        any::<Index>(),
        20usize..200,
        prop::collection::vec(mutation(), 0..12),
        any::<bool>(),
    )
        .prop_map(move |(f, start, len, muts, crlf)| {
            let mut b = window(&files[f].1, start, len);
            if crlf {
                b = String::from_utf8_lossy(&b)
                    .replace('\n', "\r\n")
                    .into_bytes();
            }
            for m in &muts {
                apply(&mut b, m);
            }
            b
        });
    run(1500, strategy);
}

#[test]
fn mutated_corpus_windows_in_gb18030_never_panic() {
    let Some(files) = corpus() else { return };
    let strategy = (
        0..files.len(),
        any::<Index>(),
        20usize..200,
        prop::collection::vec(mutation(), 0..6),
    )
        .prop_map(move |(f, start, len, muts)| {
            let w = window(&files[f].1, start, len);
            let text = String::from_utf8_lossy(&w).into_owned();
            let mut b = encoding_rs::GB18030.encode(&text).0.into_owned();
            for m in &muts {
                apply(&mut b, m);
            }
            b
        });
    run(300, strategy);
}

#[test]
fn mutated_whole_corpus_files_never_panic() {
    let Some(files) = corpus() else { return };
    let strategy =
        (0..files.len(), prop::collection::vec(mutation(), 1..40)).prop_map(move |(f, muts)| {
            let mut b = files[f].1.clone();
            for m in &muts {
                apply(&mut b, m);
            }
            b
        });
    run(10, strategy);
}

#[test]
fn unmutated_corpus_files_satisfy_the_invariants() {
    let Some(files) = corpus() else { return };
    for (name, bytes) in files {
        let p = parse_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Err(e) = check(bytes, &p) {
            panic!("{name}: {e}");
        }
        assert!(!p.documents.is_empty(), "{name}");
    }
}

// ---------------------------------------------------------------------------
// Web copies: the real pages of ../shared/realdocs with the mutations a
// copy from another site brings — page clutter, flattened text,
// traditional characters, half-width punctuation, mirror-site junk.

/// The pages of `realdocs/docs`, read once.
static REALDOCS: LazyLock<Option<Vec<CorpusFile>>> = LazyLock::new(common::realdocs_files);

/// Lines a site puts around a document.
const CLUTTER: &[&str] = &[
    "当前位置：首页 > 政务公开 > 政策文件\n",
    "发布时间：2021-06-02 来源：市政府办 浏览量：120\n",
    "【字号：大 中 小】 打印 关闭\n",
    "[索引号]000/2023-01[发文字号]某府发〔2023〕21号[成文日期]2023年3月1日\n",
    "索 引 号 000/2023 主题分类 综合政务 文  号 某政办〔2023〕4号\n",
    "【本级政策】\n",
    "6 ^$ {- Q H& {. {) q7 `' ?\n",
    "??",
    "(fā)",
    "(guan)",
    "第 570 號\n",
    "二OO九年一月九日\n",
    "20171116\n",
];

/// A few simplified → traditional pairs, enough to turn a page into a
/// mirror site's machine conversion for the parser's purposes.
const TO_TRADITIONAL: &[(char, char)] = &[
    ('关', '關'),
    ('于', '於'),
    ('发', '發'),
    ('办', '辦'),
    ('厅', '廳'),
    ('号', '號'),
    ('条', '條'),
    ('县', '縣'),
    ('区', '區'),
    ('会', '會'),
    ('门', '門'),
    ('实', '實'),
    ('见', '見'),
];

#[derive(Debug, Clone)]
enum WebMutation {
    Clutter(Index, &'static str),
    Flatten,
    Traditional,
    HalfWidth,
    Other(Mutation),
}

fn web_mutation() -> impl Strategy<Value = WebMutation> {
    prop_oneof![
        4 => (any::<Index>(), prop::sample::select(CLUTTER))
            .prop_map(|(i, t)| WebMutation::Clutter(i, t)),
        1 => Just(WebMutation::Flatten),
        1 => Just(WebMutation::Traditional),
        1 => Just(WebMutation::HalfWidth),
        4 => mutation().prop_map(WebMutation::Other),
    ]
}

fn apply_web(b: &mut Vec<u8>, m: &WebMutation) {
    let text = |b: &Vec<u8>| String::from_utf8_lossy(b).into_owned();
    match m {
        WebMutation::Clutter(at, line) => {
            let lines = line_ranges(b);
            let i = if lines.is_empty() {
                0
            } else {
                lines[at.index(lines.len())].0
            };
            b.splice(i..i, line.bytes());
        }
        WebMutation::Flatten => *b = text(b).replace(['\n', '\r'], "").into_bytes(),
        WebMutation::Traditional => {
            *b = text(b)
                .chars()
                .map(|c| {
                    TO_TRADITIONAL
                        .iter()
                        .find(|(s, _)| *s == c)
                        .map_or(c, |(_, t)| *t)
                })
                .collect::<String>()
                .into_bytes()
        }
        WebMutation::HalfWidth => {
            *b = text(b)
                .chars()
                .map(|c| match c {
                    '，' => ',',
                    '（' => '(',
                    '）' => ')',
                    '：' => ':',
                    '；' => ';',
                    '\u{3000}' => ' ',
                    _ => c,
                })
                .collect::<String>()
                .into_bytes()
        }
        WebMutation::Other(m) => apply(b, m),
    }
}

#[test]
fn mutated_web_copies_never_panic() {
    let Some(files) = common::realdocs().and_then(|_| REALDOCS.as_deref()) else {
        return;
    };
    let strategy = (0..files.len(), prop::collection::vec(web_mutation(), 0..10)).prop_map(
        move |(f, muts)| {
            let mut b = files[f].1.clone();
            for m in &muts {
                apply_web(&mut b, m);
            }
            b
        },
    );
    run(2000, strategy);
}
