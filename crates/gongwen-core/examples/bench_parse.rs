//! Throughput of the core parse against a line-counting baseline.
//!
//! ```text
//! cargo run --release -p gongwen-core --example bench_parse -- [--mb 50] [--runs 3] [CORPUS_DIR]
//! ```
//!
//! Reads the corpus (`*.txt` in CORPUS_DIR, default `../shared/corpus`),
//! replicates every file in memory until the total reaches `--mb` megabytes
//! (10^6 bytes), then measures, single-threaded, in the same process:
//!
//! - baseline: one pass over the same bytes counting `\n`;
//! - parse: `gongwen_core::parse_bytes` on every replicated file copy
//!   (decode, lines, split, header, body, outline, tables; the result is
//!   dropped inside the timed region).
//!
//! Each measurement runs `--runs` times (default 5; structure and parse
//! alternate); the median is printed (wall time, and the thread's CPU
//! time on Linux, which the shared machine's other load disturbs less),
//! as MB/s and documents/s, with the ratio parse/baseline. Then each corpus
//! file is parsed without and with facts back to back, `4 × --runs` times,
//! and the sums of the per-file minima give a facts cost that a busy
//! machine moves least.

mod support;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

struct Args {
    mb: f64,
    runs: usize,
    dir: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        mb: 50.0,
        runs: 5,
        dir: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus"
        )),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--mb" => {
                let v = it.next().ok_or("--mb needs a value")?;
                args.mb = v.parse().map_err(|_| format!("--mb: not a number: {v}"))?;
            }
            "--runs" => {
                let v = it.next().ok_or("--runs needs a value")?;
                args.runs = v
                    .parse::<usize>()
                    .map_err(|_| format!("--runs: not a number: {v}"))?
                    .max(1);
            }
            "-h" | "--help" => {
                return Err(
                    "usage: bench_parse [--mb MEGABYTES] [--runs N] [CORPUS_DIR]".to_string(),
                )
            }
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ => args.dir = PathBuf::from(a),
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench_parse: {e}");
            std::process::exit(2);
        }
    };

    // Read the corpus.
    let files = match support::read_txt_files(&args.dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("bench_parse: {}: {e}", args.dir.display());
            std::process::exit(1);
        }
    };
    let corpus_bytes: usize = files.iter().map(|f| f.1.len()).sum();
    if corpus_bytes == 0 {
        eprintln!("bench_parse: no .txt files in {}", args.dir.display());
        std::process::exit(1);
    }

    // Replicate per file: copies * (all files) >= target.
    let target = (args.mb * 1e6) as usize;
    let copies = target.div_ceil(corpus_bytes).max(1);
    let mut buf: Vec<u8> = Vec::with_capacity(copies * corpus_bytes);
    let mut chunks: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for _ in 0..copies {
        for (k, (_, b)) in files.iter().enumerate() {
            let s = buf.len();
            buf.extend_from_slice(b);
            chunks.push((k, s..buf.len()));
        }
    }
    let total = buf.len();
    let mb = total as f64 / 1e6;
    println!(
        "corpus: {} files, {:.2} MB, replicated x{copies} = {mb:.1} MB ({} file copies)",
        files.len(),
        corpus_bytes as f64 / 1e6,
        chunks.len()
    );

    // Baseline: count lines over the same bytes.
    let mut base_times = Vec::new();
    let mut lines = 0usize;
    for _ in 0..args.runs {
        let t = Instant::now();
        lines = black_box(&buf).iter().filter(|&&b| b == b'\n').count();
        base_times.push(t.elapsed());
        black_box(lines);
    }

    // Structure only (facts off: split + header + body + outline + tables)
    // and the full parse (structure + facts), single-threaded, file copy by
    // file copy. The two alternate run by run, so that a change in the
    // machine's load hits both alike.
    let mut struct_times = Vec::new();
    let mut parse_times = Vec::new();
    let (mut struct_cpu, mut parse_cpu) = (Vec::new(), Vec::new());
    let mut per_file_runs: Vec<Vec<Duration>> = Vec::new();
    let mut docs = 0usize;
    let mut errors = 0usize;
    for _ in 0..args.runs {
        let c = support::thread_cpu();
        let t = Instant::now();
        for (k, r) in &chunks {
            let opts = gongwen_core::ParseOptions { facts: false };
            let p = gongwen_core::parse_bytes_with(&files[*k].0, black_box(&buf[r.clone()]), opts);
            black_box(p.map(|p| p.documents.len()).unwrap_or(0));
        }
        struct_times.push(t.elapsed());
        struct_cpu.extend(
            support::thread_cpu()
                .zip(c)
                .map(|(b, a)| b.saturating_sub(a)),
        );

        let mut per_file = vec![Duration::ZERO; files.len()];
        docs = 0;
        errors = 0;
        let c = support::thread_cpu();
        let t = Instant::now();
        for (k, r) in &chunks {
            let tf = Instant::now();
            match gongwen_core::parse_bytes(&files[*k].0, black_box(&buf[r.clone()])) {
                Ok(p) => docs += p.documents.len(),
                Err(_) => errors += 1,
            }
            per_file[*k] += tf.elapsed();
        }
        parse_times.push(t.elapsed());
        parse_cpu.extend(
            support::thread_cpu()
                .zip(c)
                .map(|(b, a)| b.saturating_sub(a)),
        );
        per_file_runs.push(per_file);
    }

    let base = support::median(base_times.clone());
    let structure = support::median(struct_times.clone());
    let parse = support::median(parse_times.clone());
    let rate = |d: Duration, n: f64| n / d.as_secs_f64().max(1e-9);
    println!(
        "{} lines, {docs} documents, {errors} decode errors; {} runs, median shown",
        lines, args.runs
    );
    println!(
        "{:<10} {:>10} {:>12} {:>14}   runs (s)",
        "", "time (s)", "MB/s", "documents/s"
    );
    let fmt_runs = |v: &[Duration]| {
        v.iter()
            .map(|d| format!("{:.3}", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "{:<10} {:>10.4} {:>12.1} {:>14.0}   {}",
        "baseline",
        base.as_secs_f64(),
        rate(base, mb),
        rate(base, docs as f64),
        fmt_runs(&base_times)
    );
    println!(
        "{:<10} {:>10.4} {:>12.1} {:>14.0}   {}",
        "structure",
        structure.as_secs_f64(),
        rate(structure, mb),
        rate(structure, docs as f64),
        fmt_runs(&struct_times)
    );
    println!(
        "{:<10} {:>10.4} {:>12.1} {:>14.0}   {}",
        "parse",
        parse.as_secs_f64(),
        rate(parse, mb),
        rate(parse, docs as f64),
        fmt_runs(&parse_times)
    );
    println!(
        "ratio parse/baseline (time): {:.0}x",
        parse.as_secs_f64() / base.as_secs_f64().max(1e-9)
    );
    println!(
        "facts cost (parse - structure) / structure: {:.2}",
        (parse.as_secs_f64() - structure.as_secs_f64()) / structure.as_secs_f64().max(1e-9)
    );
    if !struct_cpu.is_empty() && struct_cpu.len() == parse_cpu.len() {
        let (sc, pc) = (support::median(struct_cpu), support::median(parse_cpu));
        println!(
            "cpu time (thread, median): structure {:.4} s | parse {:.4} s | facts cost: {:.2}",
            sc.as_secs_f64(),
            pc.as_secs_f64(),
            (pc.as_secs_f64() - sc.as_secs_f64()) / sc.as_secs_f64().max(1e-9)
        );
    }

    // Paired minima: each corpus file parsed without and with facts, back
    // to back, `4 × --runs` times; per file and mode the fastest time is
    // kept. A burst of load from elsewhere slows some repetitions, rarely
    // the fastest one, so this ratio moves much less than the medians
    // above when the shared machine is busy.
    let reps = args.runs * 4;
    let mut min_s = vec![Duration::MAX; files.len()];
    let mut min_p = vec![Duration::MAX; files.len()];
    for _ in 0..reps {
        for (k, (name, b)) in files.iter().enumerate() {
            let opts = gongwen_core::ParseOptions { facts: false };
            let t = Instant::now();
            black_box(gongwen_core::parse_bytes_with(name, black_box(b), opts).ok());
            min_s[k] = min_s[k].min(t.elapsed());
            let t = Instant::now();
            black_box(gongwen_core::parse_bytes(name, black_box(b)).ok());
            min_p[k] = min_p[k].min(t.elapsed());
        }
    }
    let (ms, mp): (Duration, Duration) = (min_s.iter().sum(), min_p.iter().sum());
    println!(
        "paired minima ({reps} repetitions per corpus file): structure {:.1} ms | parse {:.1} ms | facts cost: {:.2}",
        ms.as_secs_f64() * 1e3,
        mp.as_secs_f64() * 1e3,
        (mp.as_secs_f64() - ms.as_secs_f64()) / ms.as_secs_f64().max(1e-9)
    );

    // Per-file throughput of the median parse run.
    let mut order: Vec<usize> = (0..parse_times.len()).collect();
    order.sort_by_key(|&i| parse_times[i]);
    if let Some(per_file) = order
        .get(order.len() / 2)
        .and_then(|&i| per_file_runs.get(i))
    {
        println!("per file (median run):");
        for (k, (name, b)) in files.iter().enumerate() {
            let fmb = (b.len() * copies) as f64 / 1e6;
            println!(
                "  {name:<28} {:>8.2} MB {:>8.1} MB/s",
                fmb,
                rate(per_file[k], fmb)
            );
        }
    }
}
