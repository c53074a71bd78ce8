//! Clauses and references on the real corpus (`../shared/corpus`), scored
//! against the answer key `../shared/gold/clauses.json`.
//!
//! A found clause matches a gold clause when it has the same source file,
//! the same line (gold `line`; for the gold clause with `end_line`, any line
//! in `line..=end_line`), the same kind, and equal `effective_date`,
//! `validity` and repealed 文号. Supersession clauses are left out: the gold
//! deliberately does not list them. Precision and recall must both be at
//! least 0.97; every miss and false positive is printed.
//!
//! Run with `cargo test -p gongwen-core --test clauses_gold -- --nocapture`
//! to see the figures. When the corpus or the gold is absent the tests
//! print a note and pass (outside CI: see `common`).

mod common;

use std::collections::BTreeMap;

use gongwen_core::facts::clauses::{self};
use gongwen_core::facts::references::{self};
use gongwen_core::grammar::docnum;
use gongwen_core::model::{Candidate, Clause, ClauseKind, Reference, ReferenceKind, Scope};
use gongwen_core::source::text::SourceText;
use gongwen_core::{parse_bytes, ParsedFile};
use serde::Deserialize;

/// The answer key, in the gold folder.
const GOLD: &str = "clauses.json";

#[derive(Debug, Deserialize)]
struct GoldRepealed {
    title: Option<String>,
    doc_number: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldClause {
    source: String,
    line: usize,
    end_line: Option<usize>,
    kind: String,
    text: String,
    effective_date: Option<String>,
    validity: Option<String>,
    repealed: Vec<GoldRepealed>,
    scope: String,
}

/// The corpus files: name, raw bytes.
fn corpus() -> Option<Vec<(String, Vec<u8>)>> {
    common::corpus_files()
}

/// Parse a file and run `f` with its source text and parse.
fn with_parsed<T>(
    name: &str,
    bytes: &[u8],
    f: impl FnOnce(&SourceText<'_>, &ParsedFile) -> T,
) -> T {
    let parsed = parse_bytes(name, bytes).expect("corpus file decodes");
    common::with_source(name, bytes, |src| f(src, &parsed))
}

/// Comparable key of a clause: (kind, effective_date, validity, sorted 文号).
type Key = (String, Option<String>, Option<String>, Vec<String>);

fn canon(n: &str) -> String {
    let c: String = n.chars().filter(|c| !c.is_whitespace()).collect();
    docnum::parse_exact(&c).map_or(c, |d| docnum::canonical(&d))
}

fn found_key(c: &Clause) -> Key {
    let mut nums: Vec<String> = c
        .repealed
        .iter()
        .filter_map(|r| r.doc_number.as_ref().map(docnum::canonical))
        .collect();
    nums.sort();
    (
        c.kind.as_str().to_string(),
        c.effective.as_ref().and_then(|e| e.as_export()),
        c.validity.as_ref().map(|v| v.as_export()),
        nums,
    )
}

fn gold_key(g: &GoldClause) -> Key {
    let mut nums: Vec<String> = g
        .repealed
        .iter()
        .filter_map(|r| r.doc_number.as_deref().map(canon))
        .collect();
    nums.sort();
    (
        g.kind.clone(),
        g.effective_date.clone(),
        g.validity.clone(),
        nums,
    )
}

#[test]
fn clauses_match_gold() {
    let Some(files) = corpus() else { return };
    let Some(gold_dir) = common::gold() else {
        return;
    };
    let gold_text = std::fs::read_to_string(gold_dir.join(GOLD)).expect("gold/clauses.json");
    let gold: Vec<GoldClause> = serde_json::from_str(&gold_text).expect("clauses.json parses");

    // Found clauses per file: (line, clause).
    let mut found: BTreeMap<String, Vec<Clause>> = BTreeMap::new();
    for (name, bytes) in &files {
        let v = with_parsed(name, bytes, |src, parsed| {
            parsed
                .documents
                .iter()
                .flat_map(|d| clauses::extract(src, d))
                .filter(|c| c.kind != ClauseKind::Supersession)
                .collect::<Vec<_>>()
        });
        found.insert(name.clone(), v);
    }

    let mut used = vec![false; gold.len()];
    let mut tp = 0usize;
    let mut false_pos = Vec::new();
    let mut text_diffs = Vec::new();
    let mut scope_diffs = Vec::new();
    for (name, cs) in &found {
        for c in cs {
            let key = found_key(c);
            let hit = gold.iter().enumerate().position(|(k, g)| {
                !used[k]
                    && &g.source == name
                    && (g.line..=g.end_line.unwrap_or(g.line)).contains(&c.span.start_line)
                    && gold_key(g) == key
            });
            match hit {
                Some(k) => {
                    used[k] = true;
                    tp += 1;
                    let g = &gold[k];
                    if g.text != c.text {
                        text_diffs.push(format!(
                            "{name}:{} text\n  gold:  {}\n  found: {}",
                            g.line, g.text, c.text
                        ));
                    }
                    let scope = match c.scope {
                        Scope::Own => "own",
                        Scope::Embedded => "embedded",
                    };
                    if g.scope != scope {
                        scope_diffs.push(format!(
                            "{name}:{} scope gold {} found {scope}",
                            g.line, g.scope
                        ));
                    }
                    let gt: Vec<Option<&str>> =
                        g.repealed.iter().map(|r| r.title.as_deref()).collect();
                    let ft: Vec<Option<&str>> =
                        c.repealed.iter().map(|r| r.title.as_deref()).collect();
                    if gt != ft {
                        text_diffs.push(format!(
                            "{name}:{} repealed titles gold {gt:?} found {ft:?}",
                            g.line
                        ));
                    }
                }
                None => false_pos.push(format!(
                    "{name}:{} {:?} «{}»",
                    c.span.start_line, key, c.text
                )),
            }
        }
    }
    let misses: Vec<String> = gold
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| format!("{}:{} {:?} «{}»", g.source, g.line, gold_key(g), g.text))
        .collect();

    let n_found = tp + false_pos.len();
    let precision = if n_found == 0 {
        0.0
    } else {
        tp as f64 / n_found as f64
    };
    let recall = tp as f64 / gold.len().max(1) as f64;
    println!(
        "clauses vs gold: {tp} matched, {} found, {} gold — precision {precision:.3}, recall {recall:.3}",
        n_found,
        gold.len()
    );
    for m in &misses {
        println!("MISS {m}");
    }
    for f in &false_pos {
        println!("FALSE POSITIVE {f}");
    }
    for t in text_diffs.iter().chain(&scope_diffs) {
        println!("NOTE {t}");
    }
    assert!(precision >= 0.97, "clause precision {precision:.3} < 0.97");
    assert!(recall >= 0.97, "clause recall {recall:.3} < 0.97");
}

/// References of every document of a file, with the document's ordinal.
fn file_refs(name: &str, bytes: &[u8]) -> (ParsedFile, Vec<(usize, Reference)>) {
    let parsed = parse_bytes(name, bytes).expect("corpus file decodes");
    let refs = with_parsed(name, bytes, |src, p| {
        p.documents
            .iter()
            .flat_map(|d| {
                references::extract(src, d)
                    .into_iter()
                    .map(move |r| (d.ordinal, r))
            })
            .collect::<Vec<_>>()
    });
    (parsed, refs)
}

fn at_line(
    refs: &[(usize, Reference)],
    line: usize,
    pred: impl Fn(&Reference) -> bool,
) -> &Reference {
    refs.iter()
        .map(|(_, r)| r)
        .find(|r| r.span.start_line <= line && line <= r.span.end_line && pred(r))
        .unwrap_or_else(|| {
            let near: Vec<_> = refs
                .iter()
                .filter(|(_, r)| r.span.start_line.abs_diff(line) <= 1)
                .map(|(_, r)| (r.span.start_line, r.kind, r.text.clone()))
                .collect();
            panic!("no matching reference at line {line}; nearby: {near:#?}")
        })
}

#[test]
fn references_on_corpus() {
    let Some(files) = corpus() else { return };
    let mut per_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut all = BTreeMap::new();
    for (name, bytes) in &files {
        let (parsed, refs) = file_refs(name, bytes);
        for (_, r) in &refs {
            *per_kind.entry(r.kind.as_str()).or_default() += 1;
            // Provenance: the span lies inside the file and its text is printed there.
            assert!(r.span.start_byte <= r.span.end_byte && r.span.end_byte <= bytes.len());
        }
        all.insert(name[..3].to_string(), (parsed, refs, bytes.clone()));
    }
    println!("references per kind: {per_kind:?}");

    // 000 l.219: the dog regulation repeals its 2009 predecessor, a decree.
    let (_, r000, b000) = &all["000"];
    let r = at_line(r000, 219, |r| r.kind == ReferenceKind::Decree);
    assert_eq!(r.title.as_deref(), Some("廊坊市区养犬管理规定"));
    assert_eq!(
        r.doc_number.as_ref().unwrap().raw,
        "廊坊市人民政府令〔2009〕第1号"
    );
    assert_eq!(
        std::str::from_utf8(&b000[r.span.start_byte..r.span.end_byte]).unwrap(),
        "《廊坊市区养犬管理规定》（廊坊市人民政府令〔2009〕第1号）"
    );
    // 000 l.228: 《国务院关于…》（国发〔2013〕35号） and 省政府《…》（冀政〔2014〕67号）.
    let r = at_line(r000, 228, |r| {
        r.doc_number
            .as_ref()
            .is_some_and(|n| n.raw == "冀政〔2014〕67号")
    });
    assert_eq!(r.kind, ReferenceKind::TitleAndNumber);
    assert_eq!(r.issuer.as_deref(), Some("省政府"));
    assert_eq!(r.title.as_deref(), Some("关于加快发展养老服务业的实施意见"));
    // 000 l.275: a bare 文号 in prose.
    let r = at_line(r000, 275, |r| r.kind == ReferenceKind::Number);
    assert_eq!(r.doc_number.as_ref().unwrap().raw, "国发〔2013〕35号");
    // 000 l.1439: issuer outside the title, decree without a year.
    let r = at_line(r000, 1439, |r| r.kind == ReferenceKind::Decree);
    assert_eq!(r.issuer.as_deref(), Some("国务院"));
    assert_eq!(r.doc_number.as_ref().unwrap().raw, "国务院令第649号");
    // 000 l.751: 本办法第十一条第一款.
    let r = at_line(r000, 751, |r| r.kind == ReferenceKind::Internal);
    assert_eq!(r.target_label.as_deref(), Some("第十一条第一款"));
    // 000 l.2544: 研究制定《A》、《B》: both still to be drafted.
    let drafted = r000
        .iter()
        .filter(|(_, r)| r.span.start_line == 2544 && r.kind == ReferenceKind::ToBeDrafted)
        .count();
    assert!(drafted >= 2, "000 l.2544 to_be_drafted: {drafted}");

    // 001 l.3213: technical standard GB50016—2014; l.3899 cited by issuer and date.
    let (_, r001, _) = &all["001"];
    let r = at_line(r001, 3213, |r| r.kind == ReferenceKind::Standard);
    assert_eq!(r.standard.as_deref(), Some("GB50016-2014"));
    let r = at_line(r001, 3899, |r| r.kind == ReferenceKind::Title);
    assert_eq!(r.issuer.as_deref(), Some("廊坊市人民政府办公室"));
    assert_eq!(r.date, chrono::NaiveDate::from_ymd_opt(2019, 12, 4));
    assert_eq!(
        r.title.as_deref(),
        Some("廊坊市国家级农产品质量安全市创建工作实施方案")
    );

    // 003 l.2205: 《用水定额》（DB13/T 1161-2016）.
    let (_, r003, _) = &all["003"];
    let r = at_line(r003, 2205, |r| r.kind == ReferenceKind::Standard);
    assert_eq!(r.title.as_deref(), Some("用水定额"));
    assert_eq!(r.standard.as_deref(), Some("DB13/T1161-2016"));
    assert!(r.text.ends_with("（DB13/T 1161-2016）"), "{}", r.text);

    // 004 l.293: （〔2014〕91号） without agency code; l.735–737 split over a column break.
    let (_, r004, _) = &all["004"];
    let r = at_line(r004, 293, |r| r.kind == ReferenceKind::TitleAndNumber);
    let n = r.doc_number.as_ref().unwrap();
    assert_eq!(
        (n.prefix.as_deref(), n.year, n.serial),
        (None, Some(2014), Some(91))
    );
    let r = at_line(r004, 735, |r| {
        r.doc_number
            .as_ref()
            .is_some_and(|n| n.raw == "冀财税〔2017〕11号")
    });
    assert_eq!((r.span.start_line, r.span.end_line), (735, 737));
    assert_eq!(
        r.title.as_deref(),
        Some("河北省财政厅河北省地方税务局关于增加邯郸市城镇土地使用税地段等级的通知")
    );
}

/// Citations resolved to documents printed in the corpus (found by searching
/// the corpus for titles of one document cited in another):
/// - 000 l.1152 cites 《廊坊市政府投资建设项目审计监督办法》, the text enclosed by
///   the cover notice 廊政〔2015〕12号 (000 l.604) — resolved by enclosed title;
/// - 003 l.2495 cites 《关于应对疫情支持企业健康发展的二十一条措施》 (enclosed by
///   巨政字〔2020〕5号, l.419) and 《关于新冠肺炎疫情期间…有序复业营业工作的通知》
///   (巨政字〔2020〕6号, l.472, by title);
/// - 003 l.2496 cites 《巨鹿县2020年土壤污染防治工作实施方案》 (巨政字〔2020〕15号).
#[test]
fn resolution_inside_corpus() {
    let Some(files) = corpus() else { return };
    let cases: &[(&str, usize, &str, &str)] = &[
        (
            "000",
            1152,
            "廊坊市政府投资建设项目审计监督办法",
            "廊政〔2015〕12号",
        ),
        (
            "003",
            2495,
            "关于应对疫情支持企业健康发展的二十一条措施",
            "巨政字〔2020〕5号",
        ),
        (
            "003",
            2495,
            "关于新冠肺炎疫情期间全县商贸流通服务企业有序复业营业工作的通知",
            "巨政字〔2020〕6号",
        ),
        (
            "003",
            2496,
            "巨鹿县2020年土壤污染防治工作实施方案",
            "巨政字〔2020〕15号",
        ),
    ];
    for (name, bytes) in &files {
        let prefix = &name[..3];
        let (parsed, refs) = file_refs(name, bytes);
        let cands: Vec<Candidate> = parsed
            .documents
            .iter()
            .map(|d| Candidate::from_document(&format!("{prefix}#{}", d.ordinal), d))
            .collect();
        for (_, line, title, number) in cases.iter().filter(|c| c.0 == prefix) {
            let (citing, r) = refs
                .iter()
                .find(|(_, r)| r.span.start_line == *line && r.title.as_deref() == Some(*title))
                .unwrap_or_else(|| panic!("citation of 《{title}》 at {prefix} l.{line}"));
            // The citing document itself is left out of the candidates.
            let others: Vec<Candidate> = cands
                .iter()
                .filter(|c| c.id != format!("{prefix}#{citing}"))
                .cloned()
                .collect();
            let mut one = vec![r.clone()];
            gongwen_core::corpus::resolve(&mut one, &others);
            let target = one[0]
                .target_id
                .clone()
                .unwrap_or_else(|| panic!("《{title}》 unresolved: {:?}", one[0].ambiguous));
            let doc = parsed
                .documents
                .iter()
                .find(|d| format!("{prefix}#{}", d.ordinal) == target)
                .expect("target in file");
            assert_eq!(
                doc.header.doc_number.as_ref().map(|n| n.value.raw.as_str()),
                Some(*number),
                "《{title}》"
            );
        }

        // Every citation of the file resolved against the file's other
        // documents: an ambiguous citation never carries a target.
        let mut all: Vec<Reference> = Vec::new();
        for d in &parsed.documents {
            let own_id = format!("{prefix}#{}", d.ordinal);
            let others: Vec<Candidate> = cands.iter().filter(|c| c.id != own_id).cloned().collect();
            let mut mine: Vec<Reference> = refs
                .iter()
                .filter(|(o, _)| *o == d.ordinal)
                .map(|(_, r)| r.clone())
                .collect();
            gongwen_core::corpus::resolve(&mut mine, &others);
            all.extend(mine);
        }
        let resolved = all.iter().filter(|r| r.target_id.is_some()).count();
        let ambiguous = all.iter().filter(|r| !r.ambiguous.is_empty()).count();
        println!(
            "{prefix}: {} citations, {resolved} resolved inside the file, {ambiguous} ambiguous",
            all.len()
        );
        assert!(all
            .iter()
            .all(|r| r.target_id.is_none() || r.ambiguous.is_empty()));
    }
}

/// Tokens that drive the clause and reference patterns, for random texts.
const TOKENS: &[&str] = &[
    "《",
    "》",
    "〈",
    "〉",
    "<",
    ">",
    "（",
    "）",
    "(",
    ")",
    "〔",
    "〕",
    "[",
    "]",
    "，",
    "。",
    "；",
    "、",
    "\n",
    "\n\n",
    "\t",
    "　",
    " ",
    "2015",
    "２０１５",
    "年",
    "月",
    "日",
    "底",
    "8",
    "１",
    "三",
    "十",
    "号",
    "第",
    "令",
    "条",
    "款",
    "本办法",
    "自",
    "印发",
    "发布",
    "之日起",
    "起",
    "施行",
    "实施",
    "执行",
    "有效期",
    "至",
    "止",
    "为",
    "个月",
    "实施期限截至",
    "同时废止",
    "宣布失效",
    "停止执行",
    "不一致的",
    "以本办法为准",
    "件",
    "按照",
    "规定的时间执行",
    "廊政办",
    "国务院令",
    "廊坊市人民政府令",
    "GB",
    "DB13/T",
    "—",
    "-",
    "1161",
    "详见附件",
    "制定",
    "以下简称",
    "省政府",
    "国务院办公厅",
    "印发的",
    "第一条　",
    "（一）",
    "三、",
    "1.",
    "文件",
    "甲乙丙丁戊己庚辛壬癸",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn extractors_never_panic(picks in proptest::collection::vec(0..TOKENS.len(), 0..120),
                              day in 0i64..40000) {
        let text: String = picks.iter().map(|&i| TOKENS[i]).collect();
        let parsed = gongwen_core::parse_text("fuzz.txt", &text);
        let src = SourceText::new("fuzz.txt", &text, gongwen_core::source::text::OffsetMap::Identity);
        let cands: Vec<Candidate> = parsed
            .documents
            .iter()
            .map(|d| Candidate::from_document(&d.ordinal.to_string(), d))
            .collect();
        let on = chrono::NaiveDate::from_ymd_opt(1950, 1, 1)
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(day)))
            .unwrap();
        for d in &parsed.documents {
            let mut refs = references::extract(&src, d);
            gongwen_core::corpus::resolve(&mut refs, &cands);
            for r in &refs {
                proptest::prop_assert!(r.span.start_byte <= r.span.end_byte);
                proptest::prop_assert!(r.span.end_byte <= text.len());
            }
            let cs = clauses::extract(&src, d);
            for c in &cs {
                proptest::prop_assert!(c.span.end_byte <= text.len());
            }
            let _ = gongwen_core::corpus::status_on(d.header.date.as_ref().and_then(|f| f.value.date), &cs, &[], on);
        }
    }
}
