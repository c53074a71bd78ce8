//! Search benchmark: gongwen-search (tantivy + jieba + bigrams) against
//! SQLite FTS5 with the trigram tokenizer, same documents, same queries,
//! one thread.
//!
//! ```sh
//! cargo run --release -p gongwen-search --example bench_search -- \
//!     [--docs 20000] [--queries 500] [--keep DIR [--reuse]] [CORPUS_DIR]
//! ```
//!
//! `--keep DIR` keeps the store, index and FTS5 database in `DIR`;
//! `--reuse` then measures again without rebuilding them, `--reuse-store`
//! rebuilds the index and the FTS5 table over the kept store. `--no-jieba`
//! skips timing jieba-rs alone over the text.
//!
//! The corpus files are ingested into an on-disk `SqliteStore` as many
//! times as needed to reach `--docs` documents; copy `c` of a file has `c`
//! extra trailing newlines, so its SHA-256 and hence its document ids
//! differ. The search index is built with `SearchIndex::rebuild` (reading
//! the store itself); the FTS5 table `fts(id, title, body)`
//! (`tokenize='trigram'`) gets the same title and body text (lines joined,
//! as the search index reads them), read from the store beforehand: its
//! build time is that of the inserts and the `optimize`. The text size is
//! the UTF-8 bytes of the bodies; jieba-rs alone (`cut_for_search` over
//! the same text, as the index reads it) is timed for comparison.
//!
//! Queries: 80 % are 12-character substrings from the middle of body
//! sentences (≥ 20 characters, outside tables), sampled with a fixed-seed
//! LCG; 20 % are 2–4 jieba words of three characters or more from another
//! sampled sentence, all required (FTS5's trigram tokenizer cannot match
//! terms of fewer than three characters). gongwen runs
//! `SearchIndex::search` (top 10 with total, facets, unit lookup and
//! snippets); FTS5 runs `count(*)` and the top 10 by `rank` with
//! `snippet()`. Every query runs once to warm up, then once measured.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use gongwen_search::source::FileText;
use gongwen_search::{SearchIndex, SearchQuery};
use gongwen_store::{FileInput, SqliteStore, Store};
use rusqlite::params;

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

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[k.min(sorted.len() - 1)]
}

fn dir_size(p: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(p) else {
        return 0;
    };
    rd.flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                dir_size(&p)
            } else {
                e.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

struct Stats {
    p50: f64,
    p99: f64,
    max: f64,
    qps: f64,
    mean_total: f64,
}

fn measure(queries: &[String], mut f: impl FnMut(&str) -> usize) -> Stats {
    for q in queries {
        f(q);
    }
    let mut lat = Vec::with_capacity(queries.len());
    let mut totals = 0usize;
    let start = Instant::now();
    for q in queries {
        let t = Instant::now();
        totals += f(q);
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let wall = start.elapsed().as_secs_f64();
    lat.sort_by(|a, b| a.total_cmp(b));
    Stats {
        p50: percentile(&lat, 0.50),
        p99: percentile(&lat, 0.99),
        max: lat.last().copied().unwrap_or(0.0),
        qps: queries.len() as f64 / wall,
        mean_total: totals as f64 / queries.len() as f64,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut want_docs = 20_000usize;
    let mut n_queries = 500usize;
    let mut keep: Option<PathBuf> = None;
    let mut reuse = false;
    let mut reuse_store = false;
    let mut time_jieba = true;
    // Measure gongwen only, 5 rounds (for perf).
    let mut profile = false;
    // Print the first hit of the first N queries.
    let mut show = 0usize;
    let mut corpus = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--docs" => want_docs = args.next().ok_or("--docs N")?.parse()?,
            "--queries" => n_queries = args.next().ok_or("--queries N")?.parse()?,
            "--keep" => keep = Some(PathBuf::from(args.next().ok_or("--keep DIR")?)),
            "--reuse" => reuse = true,
            "--reuse-store" => reuse_store = true,
            "--no-jieba" => time_jieba = false,
            "--profile-gongwen" => profile = true,
            "--show" => show = args.next().ok_or("--show N")?.parse()?,
            _ => corpus = PathBuf::from(a),
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for e in std::fs::read_dir(&corpus)?.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            files.push((name, std::fs::read(&p)?));
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!("no corpus files in {}", corpus.display()).into());
    }
    let tmp = tempfile::tempdir()?;
    let base = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&base)?;
    let today = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("date")?;

    // 1. Store: the corpus, copied until there are enough documents.
    let t = Instant::now();
    let store_dir = base.join("store");
    let index_dir = base.join("index");
    let fts_path = base.join("fts.db");
    let reuse = reuse && store_dir.is_dir() && index_dir.is_dir() && fts_path.is_file();
    let reuse_store = (reuse || reuse_store) && store_dir.is_dir();
    let mut store = SqliteStore::open(&store_dir)?;
    if !reuse_store {
        let mut docs = 0usize;
        let mut copies = 0usize;
        let mut bytes_in = 0usize;
        while docs < want_docs {
            for (name, bytes) in &files {
                let mut b = bytes.clone();
                b.extend(std::iter::repeat_n(b'\n', copies));
                let copy_name = format!("c{copies:04}_{name}");
                let parsed = gongwen_core::parse_bytes(&copy_name, &b)?;
                docs += parsed.documents.len();
                bytes_in += b.len();
                store.ingest(&FileInput {
                    path: &copy_name,
                    name: &copy_name,
                    bytes: &b,
                    parsed: &parsed,
                })?;
            }
            copies += 1;
        }
        println!(
            "store: {copies} copies of {} corpus files, {:.0} MB of text, {:.1} s",
            files.len(),
            bytes_in as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    let stats = store.stats()?;
    println!(
        "store: {} files, {} documents",
        stats.files, stats.documents
    );

    // 2. The text of every document (id, title, body), as the index reads
    // it; body sentences of the first copy for the queries.
    let t = Instant::now();
    let mut texts: Vec<(String, String, String)> = Vec::new();
    let mut sentences: Vec<String> = Vec::new();
    let mut input_bytes = 0usize;
    for (file, _) in store.files()? {
        let first_copy = file.starts_with("c0000_");
        // Reusing everything: only the queries' sentences are needed.
        if reuse && !first_copy {
            continue;
        }
        let raw = store.raw(&file)?.ok_or("raw file missing")?;
        input_bytes += raw.len();
        let text = FileText::decode(&raw).ok_or("undecodable")?;
        for (id, doc) in store.file_documents(&file)? {
            let title = doc.header.title.as_ref().map(|t| t.value.clone());
            texts.push((id, title.unwrap_or_default(), text.body(&doc)));
            if first_copy {
                // Body sentences outside tables, for the queries.
                let in_table = |no: usize| {
                    doc.tables
                        .iter()
                        .any(|t| (t.span.start_line..=t.span.end_line).contains(&no))
                };
                let mut b = String::new();
                for no in doc.body_start_line.max(doc.span.start_line)..=doc.span.end_line {
                    if !in_table(no) {
                        b.push_str(text.line(no));
                    }
                }
                for sentence in b.split(['。', '！', '？', '；']) {
                    if sentence.chars().count() >= 20 {
                        sentences.push(sentence.to_string());
                    }
                }
            }
        }
    }
    let text_bytes: usize = texts.iter().map(|t| t.2.len()).sum::<usize>().max(1);
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "text: {} documents, {:.1} MB of body text (UTF-8), {:.1} MB of input files; read in {:.1} s",
        texts.len(),
        mb(text_bytes as u64),
        mb(input_bytes as u64),
        t.elapsed().as_secs_f64()
    );

    // 3. Search index.
    let t = Instant::now();
    let mut ix = SearchIndex::open(&index_dir)?;
    // (An index of another schema version was emptied by `open`.)
    let mut index_secs = None;
    if !reuse || ix.num_documents()? == 0 {
        let report = ix.rebuild(&store, today)?;
        let secs = t.elapsed().as_secs_f64();
        index_secs = Some(secs);
        println!(
            "gongwen index: {} documents ({} outline units), {:.1} MB of body text, built in {secs:.1} s = {:.2} MB/s",
            report.documents,
            report.units_added,
            mb(report.text_bytes),
            mb(report.text_bytes) / secs
        );
    }
    let index_bytes = dir_size(&index_dir);
    let store_bytes = dir_size(&store_dir);
    println!(
        "gongwen index: {} documents, {:.1} MB = {:.2}× the body text",
        ix.num_documents()?,
        mb(index_bytes),
        index_bytes as f64 / text_bytes as f64
    );
    println!(
        "store directory: {:.1} MB (gongwen.db) + {:.1} MB (index) = {:.2}× the input files",
        mb(store_bytes),
        mb(index_bytes),
        (store_bytes + index_bytes) as f64 / input_bytes as f64
    );

    // 4. FTS5 over the same text.
    if !reuse {
        let _ = std::fs::remove_file(&fts_path);
    }
    let mut fts = rusqlite::Connection::open(&fts_path)?;
    let mut fts_secs = None;
    if !reuse {
        let t = Instant::now();
        let tx = fts.transaction()?;
        tx.execute_batch(
            "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, tokenize='trigram');",
        )?;
        {
            let mut ins = tx.prepare("INSERT INTO fts(id, title, body) VALUES (?1, ?2, ?3)")?;
            for (id, title, body) in &texts {
                ins.execute(params![id, title, body.replace('\n', "")])?;
            }
        }
        tx.commit()?;
        fts.execute_batch("INSERT INTO fts(fts) VALUES('optimize');")?;
        let secs = t.elapsed().as_secs_f64();
        fts_secs = Some(secs);
        println!(
            "fts5 trigram: built in {secs:.1} s = {:.2} MB/s",
            mb(text_bytes as u64) / secs
        );
    }
    let fts_bytes = std::fs::metadata(&fts_path)?.len();
    let idx: u64 = fts
        .query_row(
            "SELECT coalesce(sum(length(block)), 0) FROM fts_data",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n as u64)
        .unwrap_or(0);
    println!(
        "fts5 trigram: {:.1} MB database ({:.1} MB of it the index, fts_data) = {:.2}× / {:.2}× the body text",
        mb(fts_bytes),
        mb(idx),
        fts_bytes as f64 / text_bytes as f64,
        idx as f64 / text_bytes as f64
    );
    if let (Some(g), Some(f)) = (index_secs, fts_secs) {
        println!("build time gongwen / FTS5: {:.2}×", g / f);
    }

    // 5. jieba-rs alone over the same text.
    if time_jieba && !reuse {
        let jieba = jieba_rs::Jieba::new();
        let kept: Vec<String> = texts
            .iter()
            .map(|t| gongwen_search::tokenize::kept_text(&t.2))
            .collect();
        let t = Instant::now();
        let mut words = 0usize;
        for k in &kept {
            words += jieba.cut_for_search(k, true).len();
        }
        let secs = t.elapsed().as_secs_f64();
        let kept_mb = mb(kept.iter().map(|k| k.len() as u64).sum());
        println!(
            "jieba-rs alone (cut_for_search, HMM, one thread): {kept_mb:.1} MB of kept text, {words} words, {secs:.1} s = {:.2} MB/s",
            kept_mb / secs
        );
        if let Some(g) = index_secs {
            println!("index build / jieba alone: {:.2}× the time", g / secs);
        }
    }
    drop(texts);

    // 4. Queries.
    let mut rng = Lcg(20_261_123);
    let mut queries: Vec<(String, String)> = Vec::new(); // (gongwen, fts5)
    let n_sub = n_queries * 4 / 5;
    while queries.len() < n_sub {
        let s = &sentences[(rng.next() % sentences.len() as u64) as usize];
        let cs: Vec<char> = s.chars().collect();
        let start = (cs.len() - 12) / 2;
        let q: String = cs[start..start + 12].iter().collect();
        let f = format!("\"{}\"", q.replace('"', "\"\""));
        queries.push((q, f));
    }
    while queries.len() < n_queries {
        let s = &sentences[(rng.next() % sentences.len() as u64) as usize];
        let mut words: Vec<String> = gongwen_search::tokenize::words(s)
            .into_iter()
            .filter(|w| w.chars().count() >= 3 && w.chars().all(|c| c.is_alphanumeric()))
            .collect();
        words.dedup();
        if words.len() < 2 {
            continue;
        }
        let n = 2 + (rng.next() % 3) as usize;
        let mut pick = Vec::new();
        for _ in 0..n.min(words.len()) {
            let w = words.remove((rng.next() % words.len() as u64) as usize);
            pick.push(w);
        }
        let q = pick.join(" ");
        let f = pick
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" AND ");
        queries.push((q, f));
    }
    let gq: Vec<String> = queries.iter().map(|(g, _)| g.clone()).collect();
    let fq: Vec<String> = queries.iter().map(|(_, f)| f.clone()).collect();
    println!(
        "queries: {} ({} substrings of 12 chars, {} of 2–4 words), e.g. {:?}, {:?}",
        queries.len(),
        n_sub,
        queries.len() - n_sub,
        gq.first(),
        gq.last()
    );

    for q in gq.iter().take(show) {
        let r = ix.search(
            &SearchQuery {
                q: q.to_string(),
                ..Default::default()
            },
            today,
            &store,
        )?;
        if let Some(h) = r.hits.first() {
            println!(
                "{q}: {} hits; {} {:?} {:?} lines {}–{}: {}",
                r.total,
                h.id,
                h.unit_path,
                h.title,
                h.source.start_line,
                h.source.end_line,
                h.snippet
            );
        }
    }
    let mut slow: Vec<(f64, usize, String)> = Vec::new();
    let g = measure(&gq, |q| {
        let t = Instant::now();
        let r = ix.search(
            &SearchQuery {
                q: q.to_string(),
                ..Default::default()
            },
            today,
            &store,
        );
        let n = r.map(|r| r.total).unwrap_or(0);
        slow.push((t.elapsed().as_secs_f64() * 1000.0, n, q.to_string()));
        n
    });
    if profile {
        for _ in 0..4 {
            let _ = measure(&gq, |q| {
                ix.search(
                    &SearchQuery {
                        q: q.to_string(),
                        ..Default::default()
                    },
                    today,
                    &store,
                )
                .map(|r| r.total)
                .unwrap_or(0)
            });
        }
        return Ok(());
    }
    let mut count = fts.prepare("SELECT count(*) FROM fts WHERE fts MATCH ?1")?;
    let mut top = fts.prepare(
        "SELECT id, snippet(fts, 2, '<mark>', '</mark>', '…', 24) FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 10",
    )?;
    let f = measure(&fq, |q| {
        let n: i64 = count.query_row([q], |r| r.get(0)).unwrap_or(0);
        let rows: Vec<(String, String)> = top
            .query_map([q], |r| Ok((r.get(0)?, r.get(1)?)))
            .map(|it| it.flatten().collect())
            .unwrap_or_default();
        std::hint::black_box(rows);
        n as usize
    });
    println!();
    println!("| engine | p50 ms | p99 ms | max ms | QPS | mean total hits |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, s) in [
        ("gongwen (tantivy), hit text by `Store::raw_range`", &g),
        ("SQLite FTS5 trigram", &f),
    ] {
        println!(
            "| {name} | {:.2} | {:.2} | {:.1} | {:.0} | {:.1} |",
            s.p50, s.p99, s.max, s.qps, s.mean_total
        );
    }
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!();
    println!("slowest gongwen queries (ms, total, query):");
    for (ms, n, q) in slow.iter().take(8) {
        println!("  {ms:7.2} {n:6} {q}");
    }
    println!();
    println!(
        "QPS ratio gongwen / FTS5: {:.2}×; p99 target ≤ 10 ms: {}",
        g.qps / f.qps,
        if g.p99 <= 10.0 { "met" } else { "NOT met" }
    );
    Ok(())
}
