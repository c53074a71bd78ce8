//! Helpers shared by the benchmark examples (`bench_parse`, `bench_facts`,
//! and `bench_ingest` of gongwen-store, which includes this file by path):
//! reading the corpus, medians, the thread's CPU time. Not an example
//! itself (no `main`); gongwen-core does no I/O, so this lives here.
#![allow(dead_code)] // each example uses part of it

use std::path::Path;
use std::time::Duration;

/// The `*.txt` files of `dir` as (file name, bytes), sorted by name.
pub fn read_txt_files(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(&p).ok()?))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Median of `v` (the upper one of an even count); zero when empty.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// CPU time this thread has run (Linux `/proc/thread-self/schedstat`,
/// nanoseconds; `None` elsewhere). Unlike wall time it does not grow while
/// other processes on the shared machine hold the CPU.
pub fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}
