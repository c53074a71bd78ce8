//! Set-up shared by the integration tests that read `../shared` (the
//! folder beside the repository): where the corpus, the web copies and the
//! answer keys are, and how a test loads them.
//!
//! One rule for every such test: when the folder it needs is absent, the
//! test prints a note and passes, unless `CI=true` or `GONGWEN_CORPUS` is
//! set (to anything non-empty), where it panics: the folder must be there.
//! A folder that is there but lacks a file a test names always fails.
#![allow(dead_code)] // each test uses part of it

use std::path::{Path, PathBuf};

use gongwen_core::source::text::SourceText;
use gongwen_core::{decode, parse_bytes, ParsedFile};

/// `../shared`, beside the repository.
pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The five Hebei files (`*.txt`).
pub fn corpus_dir() -> PathBuf {
    shared_dir().join("corpus")
}

/// Web copies: `docs/*.txt` and their answer key `gold.json`.
pub fn realdocs_dir() -> PathBuf {
    shared_dir().join("realdocs")
}

/// Answer keys of the corpus (`*.json`).
pub fn gold_dir() -> PathBuf {
    shared_dir().join("gold")
}

/// Whether an absent folder fails the test (CI, or `GONGWEN_CORPUS` set)
/// rather than skipping it.
pub fn data_required() -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    let asked = std::env::var_os("GONGWEN_CORPUS").is_some_and(|v| !v.is_empty());
    ci || asked
}

/// `dir` when it is a folder; otherwise `None` after a note, or a panic when
/// the data is required ([`data_required`]).
pub fn present(dir: PathBuf) -> Option<PathBuf> {
    present_if(dir, data_required())
}

/// [`present`] with the rule's answer given.
pub fn present_if(dir: PathBuf, required: bool) -> Option<PathBuf> {
    if dir.is_dir() {
        return Some(dir);
    }
    let test = env!("CARGO_CRATE_NAME");
    assert!(
        !required,
        "{test}: {} is missing: it must be there when CI=true or GONGWEN_CORPUS is set",
        dir.display()
    );
    eprintln!(
        "{test}: skipping, {} not found (with CI=true or GONGWEN_CORPUS=1 this fails)",
        dir.display()
    );
    None
}

/// The corpus folder, per the rule above.
pub fn corpus() -> Option<PathBuf> {
    present(corpus_dir())
}

/// The realdocs folder, per the rule above.
pub fn realdocs() -> Option<PathBuf> {
    present(realdocs_dir())
}

/// The gold folder, per the rule above.
pub fn gold() -> Option<PathBuf> {
    present(gold_dir())
}

/// The `*.txt` files of `dir` as (file name, bytes), sorted by name; a
/// folder without any fails.
pub fn txt_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<(String, Vec<u8>)> = entries
        .map(|e| {
            e.unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path()
        })
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .txt file in {}", dir.display());
    files
}

/// Every corpus file as (file name, bytes), sorted by name.
pub fn corpus_files() -> Option<Vec<(String, Vec<u8>)>> {
    Some(txt_files(&corpus()?))
}

/// Every web copy (`realdocs/docs/*.txt`) as (file name, bytes).
pub fn realdocs_files() -> Option<Vec<(String, Vec<u8>)>> {
    Some(txt_files(&realdocs()?.join("docs")))
}

/// The corpus file whose name starts with `prefix` (the first by name):
/// (file name, bytes).
pub fn corpus_file(prefix: &str) -> Option<(String, Vec<u8>)> {
    let dir = corpus()?;
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    names.sort();
    let name = names
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no corpus file {prefix}*.txt in {}", dir.display()));
    let bytes = std::fs::read(dir.join(&name)).expect("read corpus file");
    Some((name, bytes))
}

/// A corpus file with its parse.
pub struct Parsed {
    pub name: String,
    pub bytes: Vec<u8>,
    pub parsed: ParsedFile,
}

/// The corpus file whose name starts with `prefix`, parsed with
/// [`parse_bytes`].
pub fn parse_corpus_file(prefix: &str) -> Option<Parsed> {
    let (name, bytes) = corpus_file(prefix)?;
    let parsed = parse_bytes(&name, &bytes).expect("corpus file decodes");
    Some(Parsed {
        name,
        bytes,
        parsed,
    })
}

/// Run `f` on the source text of a file (its bytes decoded as the parser
/// decodes them), for the extractors that read it beside the parse.
pub fn with_source<T>(name: &str, bytes: &[u8], f: impl FnOnce(&SourceText<'_>) -> T) -> T {
    let d = decode(bytes).expect("corpus file decodes");
    f(&SourceText::new(name, &d.text, d.offsets))
}
