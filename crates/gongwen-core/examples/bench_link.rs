//! Time of `corpus::link` (citation and repeal resolution over a whole
//! store) as the store grows:
//!
//! ```text
//! cargo run --release -p gongwen-core --example bench_link -- [--sizes 1000,4000,16000] [CORPUS_DIR]
//! ```
//!
//! The corpus documents (123) are parsed once and repeated, each copy under
//! its own id, up to each size; the time of one `link` over that many
//! documents is printed with the time per document. Copies share their
//! 文号 and titles, so most citations of the corpus's own documents become
//! ambiguous across copies: the worst case for the candidate lists.
use std::time::Instant;

use gongwen_core::corpus;
use gongwen_core::model::Document;

fn main() {
    let mut sizes = vec![1000usize, 4000, 16000];
    let mut dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus").to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sizes" => {
                if let Some(v) = args.next() {
                    sizes = v.split(',').filter_map(|s| s.trim().parse().ok()).collect();
                }
            }
            _ => dir = a,
        }
    }
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("bench_link: cannot read {dir}");
        std::process::exit(1);
    };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut base: Vec<Document> = Vec::new();
    for p in paths {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Ok(parsed) = gongwen_core::parse_bytes(&name, &bytes) {
            base.extend(parsed.documents);
        }
    }
    if base.is_empty() {
        eprintln!("bench_link: no documents in {dir}");
        std::process::exit(1);
    }
    println!("{} corpus documents, repeated to each size", base.len());
    println!("{:>8} {:>10} {:>12}", "docs", "link (s)", "µs/doc");
    for n in sizes {
        let docs: Vec<(String, &Document)> = (0..n)
            .map(|k| (format!("d{k:06}"), &base[k % base.len()]))
            .collect();
        let t = Instant::now();
        let linked = corpus::link(&docs);
        let s = t.elapsed().as_secs_f64();
        std::hint::black_box(linked.len());
        println!("{n:>8} {s:>10.3} {:>12.1}", s * 1e6 / n as f64);
    }
}
