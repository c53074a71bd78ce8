//! The bar of issue 4: known-item search on the real corpus. For 100
//! sentences sampled deterministically from the documents' bodies, a
//! 12-character substring of the sentence must return its document in the
//! top 3 for at least 95 % of them.

use std::path::Path;

use chrono::NaiveDate;
use gongwen_search::source::FileText;
use gongwen_search::{SearchIndex, SearchQuery};
use gongwen_store::{FileInput, SqliteStore, Store};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
const SAMPLES: usize = 100;
const QUERY_CHARS: usize = 12;
const MIN_SENTENCE_CHARS: usize = 20;

/// Fixed-seed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Every body sentence (≥ 20 chars, outside tables) with its document id.
fn sentences(store: &SqliteStore) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let files = store.files().unwrap();
    let summaries = store
        .list(&Default::default(), gongwen_store::Paging::ALL)
        .unwrap()
        .items;
    for (name, _) in &files {
        let raw = store.raw(name).unwrap().unwrap();
        let text = FileText::decode(&raw).unwrap();
        for s in summaries.iter().filter(|s| &s.file == name) {
            let doc = store.get(&s.id).unwrap().unwrap().document;
            let in_table = |no: usize| {
                doc.tables
                    .iter()
                    .any(|t| (t.span.start_line..=t.span.end_line).contains(&no))
            };
            let mut body = String::new();
            for no in doc.body_start_line.max(doc.span.start_line)..=doc.span.end_line {
                if !in_table(no) {
                    body.push_str(text.line(no));
                }
            }
            for sentence in body.split(['。', '！', '？', '；']) {
                if sentence.chars().count() >= MIN_SENTENCE_CHARS {
                    out.push((s.id.clone(), sentence.to_string()));
                }
            }
        }
    }
    out
}

/// The 12 characters from the middle of `s`.
fn middle(s: &str) -> String {
    let cs: Vec<char> = s.chars().collect();
    let start = (cs.len() - QUERY_CHARS) / 2;
    cs[start..start + QUERY_CHARS].iter().collect()
}

/// The corpus ingested into a store in memory (`None` without a corpus).
fn corpus_store() -> Option<SqliteStore> {
    let dir = Path::new(CORPUS);
    if !dir.is_dir() {
        eprintln!("SKIPPED: corpus not found at {CORPUS}");
        return None;
    }
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut store = SqliteStore::in_memory().unwrap();
    for p in &paths {
        let bytes = std::fs::read(p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let parsed = gongwen_core::parse_bytes(&name, &bytes).unwrap();
        store
            .ingest(&FileInput {
                path: &name,
                name: &name,
                bytes: &bytes,
                parsed: &parsed,
            })
            .unwrap();
    }
    Some(store)
}

#[test]
fn known_item_top3() {
    let Some(store) = corpus_store() else { return };
    let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut ix = SearchIndex::in_ram().unwrap();
    let report = ix.sync(&store, today).unwrap();
    eprintln!("indexed: {report:?}");

    let all = sentences(&store);
    assert!(all.len() > SAMPLES, "only {} sentences", all.len());
    let mut rng = Lcg(20_260_423);
    let mut picked = std::collections::BTreeSet::new();
    while picked.len() < SAMPLES {
        picked.insert((rng.next() % all.len() as u64) as usize);
    }
    let mut found = 0;
    let mut misses = Vec::new();
    for &k in &picked {
        let (id, sentence) = &all[k];
        let q = middle(sentence);
        let r = ix
            .search(
                &SearchQuery {
                    q: q.clone(),
                    limit: 3,
                    ..Default::default()
                },
                today,
                &store,
            )
            .unwrap();
        if r.hits.iter().any(|h| &h.id == id) {
            found += 1;
        } else {
            let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
            misses.push(format!(
                "  {q}  (doc {id}, total {}, top 3 {got:?})",
                r.total
            ));
        }
    }
    let pct = found as f64 * 100.0 / SAMPLES as f64;
    eprintln!(
        "known-item: {found}/{SAMPLES} = {pct:.0}% in the top 3 ({} sentences sampled from)",
        all.len()
    );
    if !misses.is_empty() {
        eprintln!("misses:\n{}", misses.join("\n"));
    }
    assert!(pct >= 95.0, "known-item top-3 rate {pct:.0}% < 95%");
}
