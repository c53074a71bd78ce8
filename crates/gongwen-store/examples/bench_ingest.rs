//! Ingest throughput with facts on and off, in the same run.
//!
//! ```text
//! cargo run --release -p gongwen-store --example bench_ingest -- [--copies 4] [--runs 3] [CORPUS_DIR]
//! ```
//!
//! What `gongwen ingest` does per file, minus the file system walk and the
//! search index: decode + parse (with or without facts) + one SQLite
//! transaction in a fresh on-disk store (WAL) in the temp directory. The
//! corpus (`*.txt`, default `../shared/corpus`) is ingested `--copies` times;
//! each copy gets a distinct name and one extra trailing newline so that its
//! SHA-256 differs and the store really writes it. Facts off and facts on
//! alternate within every run (order swapped each run); the median of
//! `--runs` is printed, with
//!
//! - facts cost = (on − off) / off: the time facts add, relative to an
//!   ingest without them;
//! - facts share = (on − off) / on: the part of a full ingest spent on them;
//!
//! and the same cost from the thread's CPU time (Linux), which other
//! processes on a shared machine disturb far less than wall time. Last,
//! paired minima: each corpus file ingested into a fresh store without and
//! with facts, back to back, `4 × --runs` times, the fastest time per file
//! and mode summed — the cost a busy machine moves least.

#[path = "../../gongwen-core/examples/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gongwen_core::ParseOptions;
use gongwen_store::{FileInput, SqliteStore, Store};

struct Args {
    copies: usize,
    runs: usize,
    dir: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        copies: 4,
        runs: 3,
        dir: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus"
        )),
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut num = |name: &str| -> Result<usize, String> {
            let v = it.next().ok_or(format!("{name} needs a value"))?;
            v.parse::<usize>()
                .map(|n| n.max(1))
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match x.as_str() {
            "--copies" => a.copies = num("--copies")?,
            "--runs" => a.runs = num("--runs")?,
            "-h" | "--help" => {
                return Err("usage: bench_ingest [--copies N] [--runs N] [CORPUS_DIR]".into())
            }
            _ if x.starts_with('-') => return Err(format!("unknown option {x}")),
            _ => a.dir = PathBuf::from(x),
        }
    }
    Ok(a)
}

/// Ingest every (name, bytes) into a fresh store under `dir`; the wall and
/// CPU time of parse + store, not of opening the store.
fn ingest_all(
    dir: &Path,
    inputs: &[(String, Vec<u8>)],
    facts: bool,
) -> Result<(Duration, Option<Duration>), String> {
    let _ = std::fs::remove_dir_all(dir);
    let mut store = SqliteStore::open(dir).map_err(|e| e.to_string())?;
    let opts = ParseOptions { facts };
    let c = support::thread_cpu();
    let t = Instant::now();
    for (name, bytes) in inputs {
        let parsed =
            gongwen_core::parse_bytes_with(name, bytes, opts).map_err(|e| e.to_string())?;
        store
            .ingest(&FileInput {
                path: name,
                name,
                bytes,
                parsed: &parsed,
            })
            .map_err(|e| e.to_string())?;
    }
    let d = t.elapsed();
    let cpu = support::thread_cpu()
        .zip(c)
        .map(|(b, a)| b.saturating_sub(a));
    drop(store);
    let _ = std::fs::remove_dir_all(dir);
    Ok((d, cpu))
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench_ingest: {e}");
            std::process::exit(2);
        }
    };
    let files = match support::read_txt_files(&args.dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("bench_ingest: {}: {e}", args.dir.display());
            std::process::exit(1);
        }
    };
    if files.is_empty() {
        eprintln!("bench_ingest: no .txt files in {}", args.dir.display());
        std::process::exit(1);
    }
    let mut inputs = Vec::new();
    for c in 0..args.copies {
        for (name, bytes) in &files {
            let mut b = bytes.clone();
            b.extend(std::iter::repeat_n(b'\n', c + 1));
            inputs.push((format!("{c:03}_{name}"), b));
        }
    }
    let mb = inputs.iter().map(|i| i.1.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "corpus: {} files x{} copies = {mb:.1} MB, fresh on-disk store per pass",
        files.len(),
        args.copies
    );
    let dir = std::env::temp_dir().join(format!("gongwen-bench-ingest-{}", std::process::id()));
    let (mut off, mut on) = (Vec::new(), Vec::new());
    let (mut off_cpu, mut on_cpu) = (Vec::new(), Vec::new());
    for run in 0..args.runs {
        for facts in if run % 2 == 0 {
            [false, true]
        } else {
            [true, false]
        } {
            match ingest_all(&dir, &inputs, facts) {
                Ok((d, c)) if facts => {
                    on.push(d);
                    on_cpu.extend(c);
                }
                Ok((d, c)) => {
                    off.push(d);
                    off_cpu.extend(c);
                }
                Err(e) => {
                    eprintln!("bench_ingest: {e}");
                    std::process::exit(1);
                }
            }
        }
    }
    let fmt = |v: &[Duration]| {
        v.iter()
            .map(|d| format!("{:.3}", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (o, n) = (support::median(off.clone()), support::median(on.clone()));
    println!("{:<11} {:>9} {:>9}   runs (s)", "", "time (s)", "MB/s");
    for (label, d, v) in [("facts off", o, &off), ("facts on", n, &on)] {
        println!(
            "{label:<11} {:>9.3} {:>9.1}   {}",
            d.as_secs_f64(),
            mb / d.as_secs_f64().max(1e-9),
            fmt(v)
        );
    }
    let extra = n.as_secs_f64() - o.as_secs_f64();
    println!(
        "facts cost (on - off) / off: {:.2}; facts share (on - off) / on: {:.2}",
        extra / o.as_secs_f64().max(1e-9),
        extra / n.as_secs_f64().max(1e-9)
    );
    // Paired minima: each corpus file ingested into a fresh store without
    // and with facts, back to back, `4 × --runs` times; per file and mode
    // the fastest time is kept (see bench_parse: the ratio a busy machine
    // moves least).
    let reps = args.runs * 4;
    let (mut min_off, mut min_on) = (Duration::ZERO, Duration::ZERO);
    for (name, bytes) in &files {
        let one = [(name.clone(), bytes.clone())];
        let (mut a, mut b) = (Duration::MAX, Duration::MAX);
        for _ in 0..reps {
            for facts in [false, true] {
                match ingest_all(&dir, &one, facts) {
                    Ok((d, _)) if facts => b = b.min(d),
                    Ok((d, _)) => a = a.min(d),
                    Err(e) => {
                        eprintln!("bench_ingest: {e}");
                        std::process::exit(1);
                    }
                }
            }
        }
        min_off += a;
        min_on += b;
    }
    println!(
        "paired minima ({reps} repetitions per corpus file): facts off {:.1} ms | facts on {:.1} ms | facts cost (on - off) / off: {:.2}",
        min_off.as_secs_f64() * 1e3,
        min_on.as_secs_f64() * 1e3,
        (min_on.as_secs_f64() - min_off.as_secs_f64()) / min_off.as_secs_f64().max(1e-9)
    );
    if !off_cpu.is_empty() && off_cpu.len() == on_cpu.len() {
        let (o, n) = (
            support::median(off_cpu.clone()),
            support::median(on_cpu.clone()),
        );
        println!(
            "cpu time (thread, median): facts off {:.3} s | facts on {:.3} s | facts cost (on - off) / off: {:.2}",
            o.as_secs_f64(),
            n.as_secs_f64(),
            (n.as_secs_f64() - o.as_secs_f64()) / o.as_secs_f64().max(1e-9)
        );
    }
}
