//! Time of each fact extractor over the corpus (developer aid):
//! `cargo run --release -p gongwen-core --example bench_facts -- [CORPUS_DIR]`
use std::time::{Duration, Instant};

use gongwen_core::text::{OffsetMap, SourceText};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus".to_string());
    let mut t = [Duration::ZERO; 6];
    let names = [
        "paragraphs",
        "references",
        "clauses",
        "assignments",
        "targets",
        "structure",
    ];
    for _ in 0..5 {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            return;
        };
        for e in rd.flatten() {
            let Ok(bytes) = std::fs::read(e.path()) else {
                continue;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            let s = Instant::now();
            let p = gongwen_core::parse_bytes_with(
                "f",
                text.as_bytes(),
                gongwen_core::ParseOptions { facts: false },
            );
            t[5] += s.elapsed();
            let Ok(p) = p else { continue };
            let src = SourceText::new("f", &text, OffsetMap::Identity);
            for d in &p.documents {
                let s = Instant::now();
                std::hint::black_box(gongwen_core::paragraphs::paragraphs(
                    &src,
                    d.body_start_line,
                    d.span.end_line,
                ));
                t[0] += s.elapsed();
                let s = Instant::now();
                std::hint::black_box(gongwen_core::references::extract(&src, d));
                t[1] += s.elapsed();
                let s = Instant::now();
                std::hint::black_box(gongwen_core::clauses::extract(&src, d));
                t[2] += s.elapsed();
                let s = Instant::now();
                std::hint::black_box(gongwen_core::assignments::extract(&src, d));
                t[3] += s.elapsed();
                let s = Instant::now();
                std::hint::black_box(gongwen_core::targets::extract(&src, d));
                t[4] += s.elapsed();
            }
        }
    }
    for (n, d) in names.iter().zip(t) {
        println!("{n:<12} {:>8.1} ms", d.as_secs_f64() * 1000.0);
    }
}
