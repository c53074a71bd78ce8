//! Time of each fact extractor over the corpus (developer aid; the figure
//! of record is `bench_parse`):
//!
//! ```text
//! cargo run --release -p gongwen-core --example bench_facts -- [--passes 5] [--facts-only] [CORPUS_DIR]
//! ```
//!
//! Parses every corpus file without facts once, then for `--passes` passes
//! times, per document, what the pipeline runs: the body paragraphs (joined
//! once, shared by every extractor), `extract_facts_from` and the editor's
//! source checks; and, in a separate pass (the same text read twice in a row
//! runs faster: caches and branch predictors remember it), references,
//! clauses, assignments and targets each by itself. A structure-only parse of the same files
//! is timed in the same passes, for the ratio. Also a profiling harness:
//! `perf record … bench_facts --passes 30 --facts-only` (`--facts-only`
//! skips the timed structure parses, so the profile is the facts' own).
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use gongwen_core::facts::{assignments, clauses, references, targets};
use gongwen_core::source::text::{OffsetMap, SourceText};
use gongwen_core::{checks, pipeline};

fn main() {
    let mut passes = 5usize;
    let mut facts_only = false;
    let mut dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus").to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--passes" => {
                passes = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(passes)
                    .max(1)
            }
            "--facts-only" => facts_only = true,
            _ => dir = a,
        }
    }
    let Ok(corpus) = support::read_txt_files(std::path::Path::new(&dir)) else {
        eprintln!("bench_facts: cannot read {dir}");
        std::process::exit(1);
    };
    let files: Vec<String> = corpus
        .into_iter()
        .filter_map(|(_, b)| String::from_utf8(b).ok())
        .collect();
    let parsed: Vec<_> = files
        .iter()
        .filter_map(|t| {
            let opts = gongwen_core::ParseOptions { facts: false };
            gongwen_core::parse_bytes_with("f", t.as_bytes(), opts).ok()
        })
        .collect();
    let srcs: Vec<_> = files
        .iter()
        .map(|t| SourceText::new("f", t, OffsetMap::Identity))
        .collect();

    let names = [
        "paragraphs",
        "references",
        "clauses",
        "assignments",
        "targets",
        "facts (all)",
        "source lint",
    ];
    let mut t = [Duration::ZERO; 7];
    let mut structure = Duration::ZERO;
    for _ in 0..passes {
        let s = Instant::now();
        for f in files.iter().filter(|_| !facts_only) {
            let opts = gongwen_core::ParseOptions { facts: false };
            black_box(gongwen_core::parse_bytes_with("f", f.as_bytes(), opts).ok());
        }
        structure += s.elapsed();
        // The pipeline's calls, each document seen once per pass (a second
        // run over the same text is faster: caches and branch predictors
        // remember it).
        for (p, src) in parsed.iter().zip(&srcs) {
            for d in &p.documents {
                let s0 = Instant::now();
                let ps = pipeline::document_paragraphs(src, d);
                t[0] += s0.elapsed();
                let s = Instant::now();
                black_box(pipeline::extract_facts_from(src, d, &ps));
                t[5] += s.elapsed();
                let s = Instant::now();
                black_box(checks::source_diagnostics_from(src, d, ps.body()));
                t[6] += s.elapsed();
            }
        }
        // Each extractor by itself, in another pass.
        for (p, src) in parsed.iter().zip(&srcs) {
            for d in &p.documents {
                let ps = pipeline::document_paragraphs(src, d);
                let body = ps.body();
                let s = Instant::now();
                black_box(references::extract_from(src, d, body));
                t[1] += s.elapsed();
                let s = Instant::now();
                black_box(clauses::extract_from(src, d, ps.whole()));
                t[2] += s.elapsed();
                let s = Instant::now();
                black_box(assignments::extract_from(src, d, body));
                t[3] += s.elapsed();
                let s = Instant::now();
                black_box(targets::extract_from(src, d, body));
                t[4] += s.elapsed();
            }
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / passes as f64;
    println!("per corpus pass ({passes} passes):");
    println!("{:<14} {:>8.1} ms", "structure", per(structure));
    for (n, d) in names.iter().zip(t) {
        println!("{n:<14} {:>8.1} ms", per(d));
    }
    let pipeline_facts = t[0] + t[5] + t[6];
    println!(
        "facts as the pipeline runs them (paragraphs + facts (all) + source lint): {:.1} ms = {:.2} x structure",
        per(pipeline_facts),
        pipeline_facts.as_secs_f64() / structure.as_secs_f64().max(1e-9)
    );
}
