//! Links kept at ingest equal `corpus::link` over the whole store: for the
//! corpus and the web copies ingested in several orders, and after files
//! are removed and replaced.

#[path = "../../gongwen-core/tests/common/mod.rs"]
mod common;

use std::collections::HashMap;

use gongwen_core::corpus;
use gongwen_core::{Document, ParsedFile};
use gongwen_store::{content_hash, document_id, FileInput, SqliteStore, StatusDates, Store};

struct Input {
    name: String,
    bytes: Vec<u8>,
    parsed: ParsedFile,
}

fn inputs() -> Option<Vec<Input>> {
    let corpus = common::present(common::corpus_dir())?;
    let web = common::present(common::realdocs_dir().join("docs"))?;
    let mut out = Vec::new();
    for dir in [corpus, web] {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(&p).unwrap();
            let parsed = gongwen_core::parse_bytes(&name, &bytes).unwrap();
            out.push(Input {
                name,
                bytes,
                parsed,
            });
        }
    }
    assert!(
        out.len() > 100,
        "corpus and web copies: {} files",
        out.len()
    );
    Some(out)
}

fn ingest(s: &mut SqliteStore, i: &Input) {
    s.ingest(&FileInput {
        path: &i.name,
        name: &i.name,
        bytes: &i.bytes,
        parsed: &i.parsed,
    })
    .unwrap();
}

/// What `corpus::link` gives for the files `files`, per document id:
/// (references' targets and candidates, repeals' targets and candidates,
/// cited-by, repealed-by, status dates).
type Links = (
    Vec<(Option<String>, Vec<String>)>,
    Vec<(Option<String>, Vec<String>)>,
    Vec<(String, usize)>,
    Vec<(String, chrono::NaiveDate)>,
);

fn links_of(l: &corpus::Linked) -> Links {
    (
        l.references
            .iter()
            .map(|r| (r.target_id.clone(), r.ambiguous.clone()))
            .collect(),
        l.clauses
            .iter()
            .flat_map(|c| c.repealed.iter())
            .map(|r| (r.target_id.clone(), r.ambiguous.clone()))
            .collect(),
        l.cited_by.clone(),
        l.repealed_by.clone(),
    )
}

fn expected(files: &[&Input]) -> HashMap<String, (Links, StatusDates)> {
    let mut sorted: Vec<&&Input> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut docs: Vec<(String, &Document)> = Vec::new();
    for i in sorted {
        let hash = content_hash(&i.bytes);
        let mut ds: Vec<&Document> = i.parsed.documents.iter().collect();
        ds.sort_by_key(|d| d.span.start_line);
        for d in ds {
            docs.push((document_id(&hash, d.ordinal), d));
        }
    }
    let linked = corpus::link(&docs);
    docs.iter()
        .zip(&linked)
        .map(|((id, d), l)| {
            let doc_date = d.header.date.as_ref().and_then(|x| x.value.date);
            let own = corpus::status_on(doc_date, &d.facts.clauses, &[], chrono::NaiveDate::MIN);
            let dates = StatusDates {
                effective_from: own.effective_from,
                last_day: own.last_day,
                repealed_on: l.repealed_by.iter().map(|(_, d)| *d).min(),
            };
            (id.clone(), (links_of(l), dates))
        })
        .collect()
}

fn check(s: &SqliteStore, files: &[&Input], what: &str) -> (usize, usize) {
    let want = expected(files);
    let dates: HashMap<String, StatusDates> = s.status_dates().unwrap().into_iter().collect();
    assert_eq!(dates.len(), want.len(), "{what}: documents");
    let (mut resolved, mut repealed) = (0, 0);
    for (id, (links, d)) in &want {
        let got = s
            .linked(id)
            .unwrap()
            .unwrap_or_else(|| panic!("{what}: {id} missing"));
        assert_eq!(&links_of(&got.linked), links, "{what}: links of {id}");
        assert_eq!(dates.get(id), Some(d), "{what}: status dates of {id}");
        resolved += links.0.iter().filter(|(t, _)| t.is_some()).count();
        repealed += usize::from(!links.3.is_empty());
    }
    (resolved, repealed)
}

#[test]
fn links_at_ingest_equal_linking_the_whole_store_in_any_order() {
    let Some(all) = inputs() else { return };
    let forward: Vec<&Input> = all.iter().collect();
    let mut s = SqliteStore::in_memory().unwrap();
    for i in &forward {
        ingest(&mut s, i);
    }
    let (resolved, repealed) = check(&s, &forward, "forward");
    eprintln!(
        "{} files: {resolved} citations resolved, {repealed} documents repealed",
        all.len()
    );
    // The corpus cites mostly national documents it does not hold: 5
    // citations resolve (checked: the same with `corpus::link`).
    assert!(
        resolved >= 5,
        "the test must see links: {resolved} resolved, {repealed} repealed"
    );

    // Reverse order, and an interleaving (every third file first).
    for (what, order) in [
        ("reverse", forward.iter().rev().copied().collect::<Vec<_>>()),
        (
            "interleaved",
            (0..3)
                .flat_map(|k| forward.iter().skip(k).step_by(3).copied())
                .collect(),
        ),
    ] {
        let mut s = SqliteStore::in_memory().unwrap();
        for i in &order {
            ingest(&mut s, i);
        }
        check(&s, &order, what);
    }

    // Remove the corpus gazettes (most cited, and repealing), then put
    // them back under a new version of one of them.
    let gazettes: Vec<&Input> = forward.iter().take(5).copied().collect();
    for g in &gazettes[..3] {
        assert!(s.remove(&g.name).unwrap().is_some());
    }
    let rest: Vec<&Input> = forward.iter().skip(3).copied().collect();
    check(&s, &rest, "after removing three gazettes");
    for g in &gazettes[..3] {
        ingest(&mut s, g);
    }
    check(&s, &forward, "after putting them back");
}

/// Forms of documents that repeal, replace and share titles: a repeal, a
/// citation by 文号, one by title that two documents share (ambiguous
/// until one of them goes), in every order of ingest and after removals.
#[test]
fn repeals_and_ambiguous_titles_in_every_order() {
    const OLD: &str = "某市人民政府\n\n关于印发某市停车管理办法的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2018年6月1日\n\n某市停车管理办法\n\n第一条　为规范停车，制定本办法。\n\n第二条　本办法自2018年7月1日起施行，有效期5年。\n";
    const NEW: &str = "某市人民政府\n\n关于印发某市停车服务管理办法的通知\n\n某政〔2021〕3号\n\n各县（区）人民政府：\n\n现将《某市停车服务管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2021年3月1日\n\n某市停车服务管理办法\n\n第一条　为规范停车服务，根据《某市停车管理办法》（某政〔2018〕9号），制定本办法。\n\n第二条　本办法自2021年4月1日起施行。《某市停车管理办法》（某政〔2018〕9号）同时废止。\n";
    // The same title, issued again under another number.
    let twin = OLD
        .replace("某政〔2018〕9号", "某政〔2018〕19号")
        .replace("2018年6月1日", "2018年8月1日");
    const TWIN_NAME: &str = "c.txt";
    const CITER: &str = "某市人民政府办公室\n\n关于做好停车工作的通知\n\n某政办〔2022〕2号\n\n各县（区）人民政府：\n\n请按照《某市停车管理办法》和《某市停车服务管理办法》（某政〔2021〕3号）做好停车工作。\n\n某市人民政府办公室\n\n2022年1月1日\n";
    let all: Vec<Input> = [
        ("a.txt", OLD),
        ("b.txt", NEW),
        (TWIN_NAME, twin.as_str()),
        ("d.txt", CITER),
    ]
    .iter()
    .map(|(n, t)| Input {
        name: n.to_string(),
        bytes: t.as_bytes().to_vec(),
        parsed: gongwen_core::parse_text(n, t),
    })
    .collect();
    // Every order of the four files.
    let mut orders = vec![vec![0usize, 1, 2, 3]];
    while let Some(next) = next_permutation(orders.last().unwrap()) {
        orders.push(next);
    }
    assert_eq!(orders.len(), 24);
    let mut repealed_seen = false;
    for order in &orders {
        let files: Vec<&Input> = order.iter().map(|&k| &all[k]).collect();
        let mut s = SqliteStore::in_memory().unwrap();
        for (n, i) in files.iter().enumerate() {
            ingest(&mut s, i);
            let (_, repealed) = check(&s, &files[..=n], &format!("{order:?} after {}", n + 1));
            repealed_seen |= repealed > 0;
        }
        // Remove each file in turn, and put it back.
        for k in 0..files.len() {
            s.remove(&files[k].name).unwrap();
            let rest: Vec<&Input> = files
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, i)| *i)
                .collect();
            check(&s, &rest, &format!("{order:?} without {}", files[k].name));
            ingest(&mut s, files[k]);
        }
    }
    assert!(repealed_seen, "the fixture must repeal");
    // The twin title is ambiguous for the citing notice while both exist.
    let mut s = SqliteStore::in_memory().unwrap();
    for i in &all {
        ingest(&mut s, i);
    }
    let hash = content_hash(CITER.as_bytes());
    let l = s.linked(&document_id(&hash, 0)).unwrap().unwrap();
    assert!(
        l.linked.references.iter().any(|r| r.ambiguous.len() == 2),
        "{:?}",
        l.linked.references
    );
}

fn next_permutation(v: &[usize]) -> Option<Vec<usize>> {
    let mut v = v.to_vec();
    let i = (1..v.len()).rev().find(|&i| v[i - 1] < v[i])?;
    let j = (i..v.len()).rev().find(|&j| v[j] > v[i - 1])?;
    v.swap(i - 1, j);
    v[i..].reverse();
    Some(v)
}

/// A document read back (its JSON and its rows) is the document parsed:
/// nothing the rows hold is lost on the way (compared as JSON, which is
/// what the store keeps).
#[test]
fn stored_documents_read_back_as_parsed() {
    let Some(all) = inputs() else { return };
    let mut s = SqliteStore::in_memory().unwrap();
    let mut n = 0;
    for i in &all {
        ingest(&mut s, i);
        let hash = content_hash(&i.bytes);
        for d in &i.parsed.documents {
            let got = s.get(&document_id(&hash, d.ordinal)).unwrap().unwrap();
            assert_eq!(
                serde_json::to_value(&got.document).unwrap(),
                serde_json::to_value(d).unwrap(),
                "{} document {}",
                i.name,
                d.ordinal
            );
            n += 1;
        }
    }
    assert!(n > 200, "{n} documents");
}
