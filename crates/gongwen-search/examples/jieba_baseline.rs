//! The ingest benchmark's yardstick: jieba-rs segmentation alone (`cut`
//! with HMM, the default dictionary) of the same text, in the same run.
//!
//!     cargo run --release -p gongwen-search --example jieba_baseline -- DIR...
//!
//! Reads every `*.txt` under the folders (recursively), decodes each file as
//! ingest does (`gongwen_core::decode`: UTF-8 or GB18030) and segments its
//! text line by line. Prints the input bytes, the seconds spent segmenting
//! (decoding excluded) and MB/s of input bytes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: jieba_baseline DIR...");
        std::process::exit(2);
    }
    let mut paths = Vec::new();
    for d in &dirs {
        files(d, &mut paths);
    }
    paths.sort();
    let jieba = jieba_rs::Jieba::new();
    let (mut bytes, mut words) = (0usize, 0usize);
    let mut spent = Duration::ZERO;
    for p in &paths {
        let Ok(raw) = std::fs::read(p) else { continue };
        let Ok(text) = gongwen_core::decode(&raw) else {
            continue;
        };
        bytes += raw.len();
        let t = Instant::now();
        match std::env::var("JIEBA_MODE").as_deref() {
            Ok("whole") => words += jieba.cut(&text.text, true).len(),
            Ok("search") => words += jieba.cut_for_search(&text.text, true).len(),
            Ok("nohmm") => words += jieba.cut(&text.text, false).len(),
            _ => {
                for line in text.text.lines() {
                    words += jieba.cut(line, true).len();
                }
            }
        }
        spent += t.elapsed();
    }
    let s = spent.as_secs_f64();
    println!(
        "jieba-rs cut: {} files, {:.1} MB input, {words} words, {s:.2} s, {:.2} MB/s",
        paths.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / s.max(1e-9)
    );
}
