//! Every lazily compiled pattern of the core is forced by a unit test.
//!
//! A constant pattern compiles through `source::pattern::regex`, which
//! panics naming the pattern; a `static` that builds one is only compiled
//! when first used, so a bad pattern in a rarely used rule would surface in
//! front of a user. This test reads the core's sources and requires, for
//! every `static X: LazyLock<…>` whose initialiser calls `regex(`, that `X`
//! is named in a `force_patterns!(…)` in the test code of the same file.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `(name, compiles a pattern)` of every `static NAME: LazyLock<…>` of
/// `code` (the part of a file before its tests).
fn lazy_statics(code: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("static ") {
        let after = &rest[i + "static ".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let decl = after[name.len()..].trim_start();
        if decl.starts_with(':') && decl[1..].trim_start().starts_with("LazyLock<") {
            // The initialiser runs to the first `});` or `);` ending a line.
            let end = [decl.find("\n});"), decl.find(");\n")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(decl.len());
            out.push((name.clone(), decl[..end].contains("regex(")));
        }
        rest = &after[name.len()..];
    }
    out
}

/// The names given to `force_patterns!(…)` in `tests`.
fn forced(tests: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (i, _) in tests.match_indices("force_patterns!(") {
        let args = &tests[i + "force_patterns!(".len()..];
        let args = &args[..args.find(')').unwrap_or(args.len())];
        out.extend(args.split(',').map(str::trim).filter(|a| !a.is_empty()));
    }
    out
}

#[test]
fn every_lazy_pattern_is_forced_by_a_unit_test() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut missing = Vec::new();
    let mut seen = 0;
    for f in &files {
        let text = fs::read_to_string(f).unwrap_or_default();
        let (code, tests) = text.split_at(text.find("#[cfg(test)]").unwrap_or(text.len()));
        for (name, compiles) in lazy_statics(code) {
            if !compiles {
                continue;
            }
            seen += 1;
            if !forced(tests).iter().any(|f| *f == name) {
                missing.push(format!("{}: {name}", f.display()));
            }
        }
    }
    assert!(
        seen > 10,
        "found only {seen} lazily compiled patterns: is the scan broken?"
    );
    assert!(
        missing.is_empty(),
        "lazily compiled patterns no unit test forces (name them in the module's \
         `force_patterns!(…)`):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_forced_names_are_read() {
    let tests = "crate::source::pattern::force_patterns!(A_RE, B,\n    C);\n";
    assert_eq!(forced(tests), vec!["A_RE", "B", "C"]);
    assert!(forced("LazyLock::force(&A_RE);").is_empty());
}

#[test]
fn the_scan_finds_statics_and_their_patterns() {
    let code = "static A: LazyLock<Regex> = LazyLock::new(|| regex(\"a\"));\n\
                static B: LazyLock<Vec<char>> = LazyLock::new(|| {\n    vec![]\n});\n\
                static C: LazyLock<W> = LazyLock::new(|| W::new(\"x\"));\n\
                static D: LazyLock<Regex> = LazyLock::new(|| {\n    regex(\"d\")\n});\n";
    assert_eq!(
        lazy_statics(code),
        vec![
            ("A".to_string(), true),
            ("B".to_string(), false),
            ("C".to_string(), false),
            ("D".to_string(), true)
        ]
    );
}
