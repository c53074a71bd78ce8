//! Import cycles and layers of the workspace's crates, read from their
//! source (std only, no parser crate).
//!
//! For each crate under `crates/`, every `.rs` file of `src/` is a node
//! named by its module (`lib.rs`/`main.rs`: the crate root; `foo.rs` and
//! `foo/mod.rs`: `foo`; `foo/bar.rs`: `foo::bar`). An edge goes from a
//! file to each file it imports from, read off the paths it writes:
//! `use crate::…` (with `{…}` groups, nested), `crate::a::f(x)` inline,
//! `super::…` and `self::…` (relative to the file's module, or to the inline
//! `mod` they stand in), and `child::…` for a module the file declares with
//! `mod child;`. A path goes to the longest prefix that is a file's module
//! (`crate::model::Span` → `model.rs` or `model/mod.rs` unless
//! `model/span.rs` exists), and then through the imports of that file to
//! the file that defines the name: `crate::model::Span` with
//! `pub use span::Span;` (or `pub use self::span::*;` alone providing it)
//! in `model/mod.rs` is an edge to `model/span.rs`. A glob that leaves it
//! ambiguous keeps the edge to the re-exporting file. A glob import of such
//! a file (`use super::*;`) is an edge to it and to the files of the names
//! it re-exports that the importing file writes.
//!
//! Not edges: `mod x;` declarations, and the `pub use …` lines of a file
//! that declares modules (`lib.rs`, `mod.rs`, `foo.rs` beside `foo/`): a
//! re-export face is a door, not a dependency. When the face's own code
//! uses a name it imports that way, that use is an edge; so is its code
//! calling into a child (`index::open_dir(dir)` in `lib.rs`): a child that
//! imports an item defined in `lib.rs` while `lib.rs` calls into it is a
//! cycle.
//!
//! Skipped: comments, string and char literals (roughly), and every item
//! under `#[cfg(test)]` (a `mod tests { … }` block, with its braces
//! matched; a `#[cfg(test)] mod tests;` file): unit tests may build their
//! inputs with the whole pipeline, above the module they test.
//!
//! Checks: no crate has an import cycle (a strongly connected component of
//! more than one file; a file's paths to itself are not edges), and the
//! files of gongwen-core import only from their own layer or those below it
//! ([`CORE_LAYERS`]). The core's check is its own test so that the other
//! crates' stays meaningful while the core is being sorted out; cycles of
//! the other crates not undone yet are listed, exactly, in
//! [`KNOWN_CYCLES`].
//!
//! `LAYERING_EDGES=1 cargo test -p gongwen-core --test layering --
//! --nocapture` prints every edge found, with its line.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The top-level modules of gongwen-core, by layer, lowest first. A file
/// may import from its own layer (without a cycle) and those before it,
/// never from a later one. The crate root (`lib.rs`) is above them all.
/// Every top-level module must be listed, and only those.
const CORE_LAYERS: &[&[&str]] = &[
    &["model"],
    &["source"],
    &["grammar"],
    &["structure"],
    &["facts"],
    &["corpus"],
    &["checks"],
    &["pipeline"],
    &["lint", "export"],
    &["eval"],
];

/// Import cycles of the other crates that are known and not undone yet:
/// (crate, the files of the cycle under `src/`, sorted). Any other cycle
/// fails, and so does one of these when it changes or is gone (then take it
/// out of this list).
const KNOWN_CYCLES: &[(&str, &[&str])] = &[];

/// Name of the crate root's layer in messages.
const ROOT_LAYER: &str = "lib";

// ---------------------------------------------------------------------------
// The tests on the workspace.
// ---------------------------------------------------------------------------

const CORE: &str = "gongwen-core";

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The crates under `crates/` (those with a `src/`), by folder name.
fn workspace_crates() -> Vec<(String, PathBuf)> {
    let dir = crates_dir();
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = e.expect("read crates/").path();
        let src = path.join("src");
        if src.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, src));
        }
    }
    out.sort();
    out
}

/// Every `.rs` file under `src`, as (path relative to `src` with `/`, text).
fn read_sources(src: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("read src/").path())
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let r = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if p.is_dir() {
                walk(&p, &r, out);
            } else if name.ends_with(".rs") {
                let text =
                    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                out.push((r, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(src, "", &mut out);
    out
}

fn analyze_on_disk(name: &str, src: &Path) -> Crate {
    let files = read_sources(src);
    assert!(
        !files.is_empty(),
        "{name}: no .rs file in {}",
        src.display()
    );
    let krate = Crate::new(name, &files);
    if std::env::var_os("LAYERING_EDGES").is_some_and(|v| !v.is_empty()) {
        println!("{name}:\n{}", krate.edge_list());
    }
    assert!(
        krate.root.is_some(),
        "{name}: no lib.rs or main.rs in {}",
        src.display()
    );
    krate
}

#[test]
fn other_crates_have_no_import_cycles() {
    let crates = workspace_crates();
    let others: Vec<_> = crates.iter().filter(|(n, _)| n != CORE).collect();
    assert!(
        others.len() >= 4,
        "expected the four other crates under {}, found {:?}",
        crates_dir().display(),
        others.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    let mut report = String::new();
    let mut edges = 0;
    for (name, src) in others {
        let krate = analyze_on_disk(name, src);
        edges += krate.edges.len();
        let known: Vec<&[&str]> = KNOWN_CYCLES
            .iter()
            .filter(|(c, _)| c == name)
            .map(|(_, f)| *f)
            .collect();
        report.push_str(&krate.cycle_report(&known));
    }
    // Each of these crates has several files importing from one another: no
    // edge at all would mean the reader is broken, not that all is well.
    assert!(
        edges >= 10,
        "only {edges} import edges found in the other crates"
    );
    assert!(report.is_empty(), "\n{report}");
}

#[test]
fn core_has_no_import_cycles_and_respects_layers() {
    let (_, src) = workspace_crates()
        .into_iter()
        .find(|(n, _)| n == CORE)
        .expect("crates/gongwen-core");
    let krate = analyze_on_disk(CORE, &src);
    assert!(
        krate.edges.len() >= 10,
        "only {} import edges found in {CORE}",
        krate.edges.len()
    );
    let mut report = krate.cycle_report(&[]);
    report.push_str(&krate.layer_report(CORE_LAYERS));
    assert!(report.is_empty(), "\n{report}");
}

// ---------------------------------------------------------------------------
// Source text to tokens.
// ---------------------------------------------------------------------------

/// `src` with comments and string/char literals replaced by spaces; line
/// breaks are kept, so line numbers still hold.
fn blank_comments_and_strings(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        // Line comment (also `///`, `//!`).
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                blank(&mut out, c[i]);
                i += 1;
            }
            continue;
        }
        // Block comment, nested.
        if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            continue;
        }
        // Raw string: r"…", r#"…"#, br"…".
        if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) == Some(&'"') {
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                for &ch in &c[i..j.min(c.len())] {
                    blank(&mut out, ch);
                }
                i = j;
                continue;
            }
        }
        // String (also b"…").
        if c[i] == '"' {
            blank(&mut out, c[i]);
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' && i + 1 < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                blank(&mut out, c[i]);
                i += 1;
            }
            if i < c.len() {
                blank(&mut out, c[i]);
                i += 1;
            }
            continue;
        }
        // Char literal ('x', '\n', '\u{..}', '{'); a lifetime ('a) stays.
        if c[i] == '\'' {
            let end = if c.get(i + 1) == Some(&'\\') {
                (i + 2..c.len()).find(|&j| c[j] == '\'')
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            if let Some(end) = end {
                for &ch in &c[i..=end] {
                    blank(&mut out, ch);
                }
                i = end + 1;
                continue;
            }
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Tok {
    s: String,
    line: usize,
}

impl Tok {
    fn is(&self, s: &str) -> bool {
        self.s == s
    }

    fn is_ident(&self) -> bool {
        self.s
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    }
}

/// Identifiers (and numbers) and punctuation, `::` as one token; lines
/// from 1.
fn tokenize(blanked: &str) -> Vec<Tok> {
    let c: Vec<char> = blanked.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(Tok {
                s: c[start..i].iter().collect(),
                line,
            });
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(Tok {
                s: "::".into(),
                line,
            });
            i += 2;
        } else {
            out.push(Tok {
                s: ch.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

/// Index of the token closing the bracket opened at `open`.
fn matching(toks: &[Tok], open: usize) -> usize {
    let (o, c) = match toks[open].s.as_str() {
        "{" => ("{", "}"),
        "(" => ("(", ")"),
        "[" => ("[", "]"),
        _ => return open,
    };
    let mut depth = 0;
    for (j, t) in toks.iter().enumerate().skip(open) {
        if t.is(o) {
            depth += 1;
        } else if t.is(c) {
            depth -= 1;
            if depth == 0 {
                return j;
            }
        }
    }
    toks.len() - 1
}

/// The tokens without the items under `#[cfg(test)]`, and the names of
/// the out-of-line modules so gated (`#[cfg(test)] mod tests;`).
fn drop_cfg_test(toks: Vec<Tok>) -> (Vec<Tok>, Vec<String>) {
    let mut out = Vec::with_capacity(toks.len());
    let mut test_mods = Vec::new();
    let at = |i: usize, s: &[&str]| {
        s.iter()
            .enumerate()
            .all(|(k, s)| toks.get(i + k).is_some_and(|t| t.is(s)))
    };
    let mut i = 0;
    while i < toks.len() {
        if !at(i, &["#", "[", "cfg", "(", "test", ")", "]"]) {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        // Past this and any further attributes, the visibility, up to the
        // end of the item: its first `;` or its first `{…}` block.
        let mut j = i + 7;
        while at(j, &["#", "["]) {
            j = matching(&toks, j + 1) + 1;
        }
        if at(j, &["pub"]) {
            j += 1;
            if at(j, &["("]) {
                j = matching(&toks, j) + 1;
            }
        }
        if at(j, &["mod"]) && at(j + 2, &[";"]) {
            test_mods.push(toks[j + 1].s.clone());
        }
        let mut k = j;
        while k < toks.len() {
            if toks[k].is(";") {
                break;
            }
            if toks[k].is("{") {
                k = matching(&toks, k);
                break;
            }
            if toks[k].is("(") || toks[k].is("[") {
                k = matching(&toks, k);
            }
            k += 1;
        }
        i = k + 1;
    }
    (out, test_mods)
}

// ---------------------------------------------------------------------------
// One file: the paths it names.
// ---------------------------------------------------------------------------

/// A path the file names, made absolute within the crate.
#[derive(Debug, Clone)]
struct PathRef {
    path: Vec<String>,
    /// Line of the path (of its last name in a `use` group).
    line: usize,
    /// Line of the `use` keyword, for a path in a `use` item.
    use_line: Option<usize>,
}

/// What one `use` brings in under a name, or with `*`.
#[derive(Debug, Clone)]
struct Import {
    /// Absolute path (of the module, for a glob).
    path: Vec<String>,
    public: bool,
}

#[derive(Debug)]
struct FileInfo {
    rel: String,
    module: Vec<String>,
    lines: Vec<String>,
    /// Declares out-of-line modules (`mod x;`), or is the crate root or a
    /// `mod.rs`: its `pub use` lines are re-exports, not edges.
    face: bool,
    /// Only built for tests (`#[cfg(test)] mod x;` in its parent).
    test_only: bool,
    /// Names this file brings in with `use`, by the name they go by here.
    imports: BTreeMap<String, Import>,
    /// Glob imports (paths without the `*`).
    globs: Vec<Import>,
    /// Names of items defined in the file (rough: any `fn`, `struct`, …).
    defines: BTreeSet<String>,
    /// Those defined outside any braces (not in an `impl`, …).
    top_defines: BTreeSet<String>,
    /// Every identifier of its code outside `use` items.
    idents: BTreeSet<String>,
    /// Paths that are edges.
    refs: Vec<PathRef>,
    /// Out-of-line child modules gated by `#[cfg(test)]`.
    test_children: Vec<String>,
}

/// The module of a file by its path under `src/`; `None` for files that are
/// not part of the library/binary's module tree read here (`bin/…`).
fn module_of(rel: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if parts.len() > 1 && parts[0] == "bin" {
        return None;
    }
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?.to_string();
    if parts.is_empty() && (stem == "lib" || stem == "main") {
        return Some(Vec::new());
    }
    if stem != "mod" {
        parts.push(stem);
    }
    Some(parts)
}

/// Tokens after which a name is declared, not used.
const NOT_A_USE_AFTER: &[&str] = &[
    "fn",
    "struct",
    "enum",
    "const",
    "static",
    "type",
    "trait",
    "union",
    "mod",
    "let",
    "as",
    "macro_rules",
];

const ITEM_KEYWORDS: &[&str] = &[
    "fn", "struct", "enum", "const", "static", "type", "trait", "union", "mod",
];

impl FileInfo {
    fn parse(rel: &str, module: Vec<String>, text: &str) -> FileInfo {
        let (toks, test_children) = drop_cfg_test(tokenize(&blank_comments_and_strings(text)));
        let root_or_mod = module.is_empty() || rel.ends_with("mod.rs");

        // Out-of-line child modules and defined names, at any depth (rough).
        let mut children = BTreeSet::new();
        let mut defines = BTreeSet::new();
        let mut top_defines = BTreeSet::new();
        let mut depth = 0usize;
        for (i, t) in toks.iter().enumerate() {
            match t.s.as_str() {
                "{" => depth += 1,
                "}" => depth = depth.saturating_sub(1),
                _ => {}
            }
            let next = toks.get(i + 1);
            if ITEM_KEYWORDS.contains(&t.s.as_str()) && next.is_some_and(Tok::is_ident) {
                defines.insert(next.unwrap().s.clone());
                if depth == 0 {
                    top_defines.insert(next.unwrap().s.clone());
                }
                if t.is("mod") && depth == 0 && toks.get(i + 2).is_some_and(|t| t.is(";")) {
                    children.insert(next.unwrap().s.clone());
                }
            }
            if t.is("macro_rules") && next.is_some_and(|t| t.is("!")) {
                if let Some(n) = toks.get(i + 2) {
                    defines.insert(n.s.clone());
                    if depth == 0 {
                        top_defines.insert(n.s.clone());
                    }
                }
            }
        }
        let face = root_or_mod || !children.is_empty();

        let mut info = FileInfo {
            rel: rel.to_string(),
            module,
            lines: text.lines().map(str::to_string).collect(),
            face,
            test_only: false,
            imports: BTreeMap::new(),
            globs: Vec::new(),
            defines,
            top_defines,
            idents: BTreeSet::new(),
            refs: Vec::new(),
            test_children,
        };

        // Inline modules open at a brace depth: `mod inner { … }`.
        let mut inline: Vec<(usize, String)> = Vec::new();
        let mut depth = 0usize;
        // Names the face re-exports, to count their uses in its own code.
        let mut reexported: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut plain = Vec::new(); // token indices outside `use` items
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            match t.s.as_str() {
                "{" => {
                    depth += 1;
                    i += 1;
                    continue;
                }
                "}" => {
                    if inline.last().is_some_and(|(d, _)| *d == depth) {
                        inline.pop();
                    }
                    depth = depth.saturating_sub(1);
                    i += 1;
                    continue;
                }
                _ => {}
            }
            if t.is("mod")
                && toks.get(i + 1).is_some_and(Tok::is_ident)
                && toks.get(i + 2).is_some_and(|t| t.is("{"))
            {
                inline.push((depth + 1, toks[i + 1].s.clone()));
                plain.push(i);
                plain.push(i + 1);
                i += 2;
                continue;
            }
            // `use` item (not `use<'a>` of an `impl Trait`).
            if t.is("use") && !toks.get(i + 1).is_some_and(|t| t.is("<")) {
                let public = is_public(&toks, i);
                let scope = scope(&info.module, &inline);
                let kids = if inline.is_empty() {
                    Some(&children)
                } else {
                    None
                };
                let mut leaves = Vec::new();
                let mut j = i + 1;
                parse_use_tree(&toks, &mut j, Vec::new(), &mut leaves);
                while j < toks.len() && !toks[j].is(";") {
                    j += 1;
                }
                for leaf in leaves {
                    let Some(mut abs) = absolutize(&leaf.path, &scope, kids) else {
                        continue;
                    };
                    if abs.last().is_some_and(|s| s == "self") {
                        abs.pop();
                    }
                    if abs.last().is_some_and(|s| s == "*") {
                        info.globs.push(Import {
                            path: abs[..abs.len() - 1].to_vec(),
                            public,
                        });
                    } else if let Some(name) = leaf.alias.clone().or_else(|| abs.last().cloned()) {
                        if name != "_" {
                            info.imports.insert(
                                name.clone(),
                                Import {
                                    path: abs.clone(),
                                    public,
                                },
                            );
                            if public && face {
                                reexported.insert(name, abs.clone());
                            }
                        }
                    }
                    if !(public && face) {
                        info.refs.push(PathRef {
                            path: abs,
                            line: leaf.line,
                            use_line: Some(t.line),
                        });
                    }
                }
                i = j + 1;
                continue;
            }
            plain.push(i);
            i += 1;
        }

        // Inline paths: crate::…, $crate::…, self::…, super::…, child::…,
        // and names the face re-exports used in its own code. The inline
        // module stack is replayed over the plain tokens.
        let mut inline: Vec<(usize, String)> = Vec::new();
        let mut depth = 0usize;
        info.idents = plain
            .iter()
            .map(|&i| &toks[i])
            .filter(|t| t.is_ident())
            .map(|t| t.s.clone())
            .collect();
        let mut k = 0;
        while k < plain.len() {
            let i = plain[k];
            let t = &toks[i];
            match t.s.as_str() {
                "{" => depth += 1,
                "}" => {
                    if inline.last().is_some_and(|(d, _)| *d == depth) {
                        inline.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
            if t.is("mod") && toks.get(i + 2).is_some_and(|t| t.is("{")) {
                inline.push((depth + 1, toks[i + 1].s.clone()));
                k += 2;
                continue;
            }
            let prev = if i > 0 { Some(&toks[i - 1]) } else { None };
            // `pub(in crate::a)` names a visibility, not an import; `for x in
            // crate::a::f()` is an import.
            let visibility = prev.is_some_and(|p| p.is("in"))
                && i >= 3
                && toks[i - 2].is("(")
                && toks[i - 3].is("pub");
            let path_start = !visibility && !prev.is_some_and(|p| p.is("::") || p.is("."));
            if path_start && t.is_ident() && toks.get(i + 1).is_some_and(|t| t.is("::")) {
                // Collect ident (:: ident)*.
                let mut segs = vec![t.s.clone()];
                let mut j = i + 1;
                while toks.get(j).is_some_and(|t| t.is("::"))
                    && toks.get(j + 1).is_some_and(Tok::is_ident)
                {
                    segs.push(toks[j + 1].s.clone());
                    j += 2;
                }
                let scope = scope(&info.module, &inline);
                let kids = if inline.is_empty() {
                    Some(&children)
                } else {
                    None
                };
                if let Some(abs) = absolutize(&segs, &scope, kids) {
                    info.refs.push(PathRef {
                        path: abs,
                        line: t.line,
                        use_line: None,
                    });
                } else if let Some(abs) = reexported.get(&t.s) {
                    let abs = [abs.clone(), segs[1..].to_vec()].concat();
                    info.refs.push(PathRef {
                        path: abs,
                        line: t.line,
                        use_line: None,
                    });
                }
                // Skip the rest of the path.
                while k < plain.len() && plain[k] < j {
                    k += 1;
                }
                continue;
            }
            // A re-exported name used as such, not one declared or a field.
            let declares = prev.is_some_and(|p| NOT_A_USE_AFTER.contains(&p.s.as_str()));
            let field = toks.get(i + 1).is_some_and(|t| t.is(":"));
            if path_start && t.is_ident() && !declares && !field {
                if let Some(abs) = reexported.get(&t.s) {
                    info.refs.push(PathRef {
                        path: abs.clone(),
                        line: t.line,
                        use_line: None,
                    });
                }
            }
            k += 1;
        }
        info
    }
}

/// The module a path is relative to: the file's, inside its inline `mod`s.
fn scope(module: &[String], inline: &[(usize, String)]) -> Vec<String> {
    let mut s = module.to_vec();
    s.extend(inline.iter().map(|(_, n)| n.clone()));
    s
}

/// Whether the `use` at `i` has a visibility (`pub`, `pub(crate)`, …).
fn is_public(toks: &[Tok], i: usize) -> bool {
    if i >= 1 && toks[i - 1].is("pub") {
        return true;
    }
    if i >= 1 && toks[i - 1].is(")") {
        // Back to the matching `(`.
        let mut depth = 0;
        let mut j = i - 1;
        loop {
            if toks[j].is(")") {
                depth += 1;
            } else if toks[j].is("(") {
                depth -= 1;
                if depth == 0 {
                    return j >= 1 && toks[j - 1].is("pub");
                }
            }
            if j == 0 {
                return false;
            }
            j -= 1;
        }
    }
    false
}

#[derive(Debug)]
struct UseLeaf {
    path: Vec<String>,
    alias: Option<String>,
    line: usize,
}

/// One use tree from `*i`: `a::b`, `a::b as c`, `a::*`, `a::{tree, …}`.
fn parse_use_tree(toks: &[Tok], i: &mut usize, prefix: Vec<String>, out: &mut Vec<UseLeaf>) {
    let mut segs = prefix;
    loop {
        let Some(t) = toks.get(*i) else { return };
        if t.is("::") {
            *i += 1;
        } else if t.is("$") {
            // `$crate` in a macro.
            *i += 1;
        } else if t.is("*") {
            segs.push("*".into());
            out.push(UseLeaf {
                path: segs,
                alias: None,
                line: t.line,
            });
            *i += 1;
            return;
        } else if t.is("{") {
            *i += 1;
            while let Some(t) = toks.get(*i) {
                if t.is("}") {
                    *i += 1;
                    break;
                }
                if t.is(",") {
                    *i += 1;
                    continue;
                }
                let before = *i;
                parse_use_tree(toks, i, segs.clone(), out);
                if *i == before {
                    *i += 1; // not a tree: step over it
                }
            }
            return;
        } else if t.is_ident() {
            segs.push(t.s.clone());
            let line = t.line;
            *i += 1;
            if toks.get(*i).is_some_and(|t| t.is("::")) {
                continue;
            }
            let mut alias = None;
            if toks.get(*i).is_some_and(|t| t.is("as")) {
                alias = toks.get(*i + 1).map(|t| t.s.clone());
                *i += 2;
            }
            out.push(UseLeaf {
                path: segs,
                alias,
                line,
            });
            return;
        } else {
            return;
        }
    }
}

/// `path` as written in a file whose scope is `scope`, made absolute within
/// the crate; `None` for other crates, std, locals. `children`: the
/// out-of-line modules declared at the file's top level (bare `child::x`).
fn absolutize(
    path: &[String],
    scope: &[String],
    children: Option<&BTreeSet<String>>,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut base: Vec<String>;
    let mut k = 0;
    if first == "crate" {
        base = Vec::new();
        k = 1;
    } else if first == "self" || first == "super" {
        base = scope.to_vec();
        if first == "self" {
            k = 1;
        }
    } else if children.is_some_and(|c| c.contains(first)) {
        base = scope.to_vec();
    } else {
        return None;
    }
    while path.get(k).is_some_and(|s| s == "super") {
        base.pop()?;
        k += 1;
    }
    base.extend(path[k..].iter().cloned());
    Some(base)
}

// ---------------------------------------------------------------------------
// One crate: files, edges, cycles, layers.
// ---------------------------------------------------------------------------

struct Crate {
    name: String,
    files: Vec<FileInfo>,
    by_module: BTreeMap<Vec<String>, usize>,
    root: Option<usize>,
    /// One edge per pair of files: its first line, and that of its `use`.
    edges: BTreeMap<(usize, usize), (usize, Option<usize>)>,
}

/// Hops followed through imports before giving up (re-export loops).
const MAX_HOPS: usize = 16;

impl Crate {
    /// `files`: (path under `src/`, text).
    fn new(name: &str, files: &[(String, String)]) -> Crate {
        // A main.rs beside lib.rs is another crate (it reaches the library by
        // its name), as is anything under bin/.
        let has_lib = files.iter().any(|(r, _)| r == "lib.rs");
        let mut infos = Vec::new();
        for (rel, text) in files {
            if has_lib && rel == "main.rs" {
                continue;
            }
            if let Some(module) = module_of(rel) {
                infos.push(FileInfo::parse(rel, module, text));
            }
        }
        let mut by_module = BTreeMap::new();
        for (i, f) in infos.iter().enumerate() {
            if let Some(prev) = by_module.insert(f.module.clone(), i) {
                panic!(
                    "{name}: {} and {} are the same module",
                    infos[prev].rel, f.rel
                );
            }
        }
        let test_mods: Vec<Vec<String>> = infos
            .iter()
            .flat_map(|f| {
                f.test_children
                    .iter()
                    .map(|c| [f.module.clone(), vec![c.clone()]].concat())
            })
            .collect();
        for f in &mut infos {
            f.test_only = test_mods.iter().any(|t| f.module.starts_with(t));
        }
        let root = by_module.get(&Vec::new()).copied();
        let mut krate = Crate {
            name: name.to_string(),
            files: infos,
            by_module,
            root,
            edges: BTreeMap::new(),
        };
        let mut edges = BTreeMap::new();
        for (from, f) in krate.files.iter().enumerate() {
            if f.test_only {
                continue;
            }
            for r in &f.refs {
                let targets = match r.path.split_last() {
                    Some((last, module)) if last == "*" => krate.glob_targets(module, f),
                    _ => krate.resolve(&r.path),
                };
                for to in targets {
                    if to != from && !krate.files[to].test_only {
                        let at = (r.line, r.use_line);
                        let e = edges.entry((from, to)).or_insert(at);
                        *e = (*e).min(at);
                    }
                }
            }
        }
        krate.edges = edges;
        krate
    }

    /// The file with the longest module that starts `path`, and its length.
    fn longest_prefix(&self, path: &[String]) -> Option<(usize, usize)> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.by_module.get(&path[..n]).map(|&f| (f, n)))
    }

    /// The files a glob import `module::*` in `user` leads to: the module's
    /// file and, for a face, the files of the names it re-exports that
    /// `user` writes (by name, or any top-level item of a re-exported glob).
    fn glob_targets(&self, module: &[String], user: &FileInfo) -> BTreeSet<usize> {
        let mut out = self.resolve(module);
        for f in out.clone() {
            let face = &self.files[f];
            if !face.face {
                continue;
            }
            for (name, imp) in face.imports.iter().filter(|(_, i)| i.public) {
                if user.idents.contains(name) {
                    out.extend(self.resolve(&imp.path));
                }
            }
            for g in face.globs.iter().filter(|g| g.public) {
                for t in self.resolve(&g.path) {
                    if !self.files[t].top_defines.is_disjoint(&user.idents) {
                        out.insert(t);
                    }
                }
            }
        }
        out
    }

    /// The file an absolute path leads to (none when it leads nowhere in
    /// the crate).
    fn resolve(&self, path: &[String]) -> BTreeSet<usize> {
        self.resolve_in(path, &mut Vec::new())
    }

    /// `stack`: the paths being resolved, to stop on import loops.
    fn resolve_in(&self, path: &[String], stack: &mut Vec<Vec<String>>) -> BTreeSet<usize> {
        if stack.len() >= MAX_HOPS || stack.iter().any(|p| p == path) {
            return BTreeSet::new();
        }
        let Some((f, n)) = self.longest_prefix(path) else {
            return BTreeSet::new();
        };
        let rest = &path[n..];
        if rest.is_empty() {
            return BTreeSet::from([f]);
        }
        stack.push(path.to_vec());
        let out = self.resolve_item(f, rest, stack);
        stack.pop();
        out
    }

    /// `rest` (an item and what follows it) inside file `f`.
    fn resolve_item(
        &self,
        f: usize,
        rest: &[String],
        stack: &mut Vec<Vec<String>>,
    ) -> BTreeSet<usize> {
        let here = BTreeSet::from([f]);
        let file = &self.files[f];
        let name = &rest[0];
        if name == "*" {
            return here; // see `glob_targets`
        }
        if file.defines.contains(name) {
            return here;
        }
        if let Some(imp) = file.imports.get(name) {
            let to = self.resolve_in(&[imp.path.clone(), rest[1..].to_vec()].concat(), stack);
            return if to.is_empty() { here } else { to };
        }
        // Through glob imports: only when exactly one file defines it.
        let mut found = BTreeSet::new();
        for g in &file.globs {
            for t in self.resolve_in(&[g.path.clone(), rest.to_vec()].concat(), stack) {
                if t != f && self.files[t].defines.contains(name) {
                    found.insert(t);
                }
            }
        }
        if found.len() == 1 {
            found
        } else {
            here
        }
    }

    fn src(&self, f: usize) -> String {
        format!("{}/src/{}", self.name, self.files[f].rel)
    }

    /// `file:line: text` of an edge (`file:first-last: … … …` for a name on
    /// a later line of a `use` group).
    fn cite(&self, from: usize, (line, use_line): (usize, Option<usize>)) -> String {
        let text = |n: usize| {
            self.files[from]
                .lines
                .get(n - 1)
                .map(|l| l.trim())
                .unwrap_or("")
        };
        match use_line {
            Some(u) if u != line => format!(
                "{}:{u}-{line}: {} … {}",
                self.src(from),
                text(u),
                text(line)
            ),
            _ => format!("{}:{line}: {}", self.src(from), text(line)),
        }
    }

    /// Every edge, one line each (for `LAYERING_EDGES=1`).
    fn edge_list(&self) -> String {
        let mut r = String::new();
        for (&(a, b), &at) in &self.edges {
            let _ = writeln!(
                r,
                "{} -> {}    {}",
                self.files[a].rel,
                self.files[b].rel,
                self.cite(a, at)
            );
        }
        r
    }

    /// Strongly connected components of more than one file, each sorted.
    fn cycles(&self) -> Vec<Vec<usize>> {
        let n = self.files.len();
        let mut adj = vec![Vec::new(); n];
        for &(a, b) in self.edges.keys() {
            adj[a].push(b);
        }
        // Tarjan.
        struct St<'a> {
            adj: &'a [Vec<usize>],
            index: Vec<Option<usize>>,
            low: Vec<usize>,
            on: Vec<bool>,
            stack: Vec<usize>,
            next: usize,
            out: Vec<Vec<usize>>,
        }
        fn visit(s: &mut St, v: usize) {
            s.index[v] = Some(s.next);
            s.low[v] = s.next;
            s.next += 1;
            s.stack.push(v);
            s.on[v] = true;
            for &w in &s.adj[v] {
                match s.index[w] {
                    None => {
                        visit(s, w);
                        s.low[v] = s.low[v].min(s.low[w]);
                    }
                    Some(iw) if s.on[w] => s.low[v] = s.low[v].min(iw),
                    _ => {}
                }
            }
            if Some(s.low[v]) == s.index[v] {
                let mut comp = Vec::new();
                loop {
                    let w = s.stack.pop().unwrap();
                    s.on[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    s.out.push(comp);
                }
            }
        }
        let mut s = St {
            adj: &adj,
            index: vec![None; n],
            low: vec![0; n],
            on: vec![false; n],
            stack: Vec::new(),
            next: 0,
            out: Vec::new(),
        };
        for v in 0..n {
            if s.index[v].is_none() {
                visit(&mut s, v);
            }
        }
        s.out.sort();
        s.out
    }

    /// A shortest cycle through `start` within `comp`.
    fn short_cycle(&self, comp: &[usize], start: usize) -> Vec<usize> {
        let inside: BTreeSet<usize> = comp.iter().copied().collect();
        let mut prev: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(v) = queue.pop_front() {
            for (&(a, b), _) in self.edges.range((v, 0)..=(v, usize::MAX)) {
                debug_assert_eq!(a, v);
                if b == start {
                    let mut chain = vec![v];
                    let mut x = v;
                    while x != start {
                        x = prev[&x];
                        chain.push(x);
                    }
                    chain.reverse();
                    chain.push(start);
                    return chain;
                }
                if inside.contains(&b) && !prev.contains_key(&b) {
                    prev.insert(b, v);
                    queue.push_back(b);
                }
            }
        }
        vec![start]
    }

    /// Empty when there is no cycle but those in `known` (each the files of
    /// one cycle, under `src/`, sorted), and each of those is still there.
    fn cycle_report(&self, known: &[&[&str]]) -> String {
        let mut r = String::new();
        let mut seen = vec![false; known.len()];
        for comp in self.cycles() {
            let names: Vec<String> = comp.iter().map(|&f| self.files[f].rel.clone()).collect();
            if let Some(k) = known.iter().position(|k| *k == names) {
                seen[k] = true;
                continue;
            }
            let _ = writeln!(
                r,
                "{}: import cycle among {} files: {}",
                self.name,
                comp.len(),
                names.join(", ")
            );
            let short: Vec<String> = self
                .short_cycle(&comp, comp[0])
                .iter()
                .map(|&f| self.files[f].rel.clone())
                .collect();
            let _ = writeln!(r, "  shortest through {}: {}", names[0], short.join(" -> "));
            let _ = writeln!(r, "  its edges (one line each):");
            for (&(a, b), &at) in &self.edges {
                if comp.binary_search(&a).is_ok() && comp.binary_search(&b).is_ok() {
                    let _ = writeln!(
                        r,
                        "    {} -> {}    {}",
                        self.files[a].rel,
                        self.files[b].rel,
                        self.cite(a, at)
                    );
                }
            }
        }
        for (k, _) in seen.iter().enumerate().filter(|(_, s)| !**s) {
            let _ = writeln!(
                r,
                "{}: the known cycle among {} is gone (or changed): remove it from KNOWN_CYCLES",
                self.name,
                known[k].join(", ")
            );
        }
        r
    }

    /// The layer name (top-level module, or `lib`) of a file.
    fn top(&self, f: usize) -> String {
        self.files[f]
            .module
            .first()
            .cloned()
            .unwrap_or_else(|| ROOT_LAYER.to_string())
    }

    /// Empty when every edge goes to the same or a lower layer and the layer
    /// list names exactly the crate's top-level modules.
    fn layer_report(&self, layers: &[&[&str]]) -> String {
        let mut rank: BTreeMap<&str, usize> = BTreeMap::new();
        let mut r = String::new();
        for (i, layer) in layers.iter().enumerate() {
            for m in *layer {
                if rank.insert(m, i).is_some() {
                    let _ = writeln!(r, "{}: `{m}` is in CORE_LAYERS twice", self.name);
                }
            }
        }
        rank.insert(ROOT_LAYER, layers.len());
        let tops: BTreeSet<String> = (0..self.files.len()).map(|f| self.top(f)).collect();
        for t in &tops {
            if !rank.contains_key(t.as_str()) {
                let _ = writeln!(
                    r,
                    "{}: module `{t}` is in no layer: add it to CORE_LAYERS",
                    self.name
                );
            }
        }
        for m in rank.keys() {
            if !tops.contains(*m) {
                let _ = writeln!(
                    r,
                    "{}: CORE_LAYERS names `{m}`, which is no module of the crate: remove it",
                    self.name
                );
            }
        }
        for (&(a, b), &at) in &self.edges {
            let (ta, tb) = (self.top(a), self.top(b));
            if let (Some(&ra), Some(&rb)) = (rank.get(ta.as_str()), rank.get(tb.as_str())) {
                if ra < rb {
                    let _ = writeln!(
                        r,
                        "{}: layer `{ta}` imports from the higher layer `{tb}` ({}): {}",
                        self.name,
                        self.files[b].rel,
                        self.cite(a, at)
                    );
                }
            }
        }
        r
    }
}

// ---------------------------------------------------------------------------
// The checker's own tests, on small made-up crates.
// ---------------------------------------------------------------------------

fn toy(files: &[(&str, &str)]) -> Crate {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    Crate::new("toy", &files)
}

/// The edges as `from -> to` with paths under `src/`.
fn edge_names(k: &Crate) -> BTreeSet<String> {
    k.edges
        .keys()
        .map(|&(a, b)| format!("{} -> {}", k.files[a].rel, k.files[b].rel))
        .collect()
}

fn set(edges: &[&str]) -> BTreeSet<String> {
    edges.iter().map(|s| s.to_string()).collect()
}

#[test]
fn checker_finds_a_cycle_and_cites_its_lines() {
    let k = toy(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
        ("a.rs", "use crate::b::B;\npub struct A;\n"),
        ("b.rs", "pub struct B;\nfn f() -> crate::c::C { todo!() }\n"),
        ("c.rs", "pub struct C;\nfn g() { let _ = crate::a::A; }\n"),
    ]);
    assert_eq!(
        edge_names(&k),
        set(&["a.rs -> b.rs", "b.rs -> c.rs", "c.rs -> a.rs"])
    );
    assert_eq!(k.cycles().len(), 1);
    let report = k.cycle_report(&[]);
    assert!(
        report.contains("import cycle among 3 files: a.rs, b.rs, c.rs"),
        "{report}"
    );
    assert!(report.contains("a.rs -> b.rs -> c.rs -> a.rs"), "{report}");
    assert!(
        report.contains("toy/src/b.rs:2: fn f() -> crate::c::C { todo!() }"),
        "{report}"
    );
    // Without the closing edge there is none.
    let k = toy(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
        ("a.rs", "use crate::b::B;\npub struct A;\n"),
        ("b.rs", "pub struct B;\nfn f() -> crate::c::C { todo!() }\n"),
        ("c.rs", "pub struct C;\n"),
    ]);
    assert!(k.cycles().is_empty());
    assert_eq!(k.cycle_report(&[]), "");
}

#[test]
fn checker_accepts_a_known_cycle_only_as_it_is() {
    let k = toy(&[
        (
            "lib.rs",
            "mod a;
mod b;
mod c;
mod d;
",
        ),
        (
            "a.rs",
            "use crate::b::B;
pub struct A;
",
        ),
        (
            "b.rs",
            "use crate::a::A;
pub struct B;
",
        ),
        (
            "c.rs",
            "use crate::d::D;
pub struct C;
",
        ),
        (
            "d.rs",
            "use crate::c::C;
pub struct D;
",
        ),
    ]);
    assert_eq!(k.cycles().len(), 2);
    let report = k.cycle_report(&[&["a.rs", "b.rs"]]);
    assert!(!report.contains("a.rs, b.rs"), "{report}");
    assert!(
        report.contains("import cycle among 2 files: c.rs, d.rs"),
        "{report}"
    );
    assert_eq!(k.cycle_report(&[&["a.rs", "b.rs"], &["c.rs", "d.rs"]]), "");
    let report = k.cycle_report(&[&["a.rs", "b.rs"], &["c.rs", "d.rs"], &["a.rs", "c.rs"]]);
    assert!(
        report.contains("the known cycle among a.rs, c.rs is gone (or changed)"),
        "{report}"
    );
}

#[test]
fn checker_reads_nested_use_groups() {
    let k = toy(&[
        ("lib.rs", "pub mod a;\npub mod d;\n"),
        ("a/mod.rs", "pub mod b;\npub mod c;\n"),
        ("a/b.rs", "pub struct B;"),
        ("a/c.rs", "pub struct C;"),
        ("d.rs", "pub struct D;"),
        ("e.rs", ""),
        ("x.rs", "use crate::{\n    a::{b::B, c::{self as cc}},\n    d,\n};\nuse std::{fmt, io::{self, Read}};\n"),
    ]);
    assert_eq!(
        edge_names(&k),
        set(&["x.rs -> a/b.rs", "x.rs -> a/c.rs", "x.rs -> d.rs"])
    );
    let x = &k.files[k.by_module[&vec!["x".to_string()]]];
    assert_eq!(x.imports["cc"].path, vec!["a", "c"]);
    // The line cited is that of the leaf.
    let at = k.edges[&(
        k.by_module[&vec!["x".to_string()]],
        k.by_module[&vec!["d".to_string()]],
    )];
    assert_eq!(at, (3, Some(1)));
    let x = k.by_module[&vec!["x".to_string()]];
    assert_eq!(k.cite(x, at), "toy/src/x.rs:1-3: use crate::{ … d,");
}

#[test]
fn checker_resolves_super_self_and_child_paths() {
    let k = toy(&[
        ("lib.rs", "mod a;\nmod d;\n"),
        ("d.rs", "pub fn top() {}"),
        (
            "a/mod.rs",
            "mod b;\nmod c;\nmod k;\nfn f() { self::c::g(); k::h(); }\n",
        ),
        ("a/b/mod.rs", "mod e;\n"),
        (
            "a/b/e.rs",
            "use super::super::c::g;\nfn x() { super::super::super::d::top(); }\n",
        ),
        (
            "a/c.rs",
            "pub fn g() {}\nmod inner { use super::Z; }\npub struct Z;\n",
        ),
        ("a/k.rs", "pub fn h() { super::c::g() }\n"),
    ]);
    assert_eq!(
        edge_names(&k),
        set(&[
            "a/mod.rs -> a/c.rs",
            "a/mod.rs -> a/k.rs",
            "a/b/e.rs -> a/c.rs",
            "a/b/e.rs -> d.rs",
            "a/k.rs -> a/c.rs",
        ])
    );
    assert!(k.cycles().is_empty());
}

#[test]
fn checker_reads_a_path_after_in_but_not_a_visibility() {
    let k = toy(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
        ("a.rs", "pub fn f() -> Vec<u8> { Vec::new() }"),
        ("b.rs", "fn g() { for x in crate::a::f() { let _ = x; } }"),
        ("c.rs", "pub(in crate::a) fn h() {}"),
    ]);
    assert_eq!(edge_names(&k), set(&["b.rs -> a.rs"]));
}

#[test]
fn checker_takes_the_longest_module_prefix() {
    let k = toy(&[
        ("lib.rs", "mod model;\nmod x;\nmod y;\n"),
        ("model/mod.rs", "mod span;\npub struct Doc;\n"),
        ("model/span.rs", "pub struct Span;"),
        (
            "x.rs",
            "fn f(_: crate::model::Doc, _: crate::model::span::Span) {}",
        ),
        ("y.rs", "fn f(_: crate::model::Doc) {}"),
    ]);
    assert_eq!(
        edge_names(&k),
        set(&[
            "x.rs -> model/mod.rs",
            "x.rs -> model/span.rs",
            "y.rs -> model/mod.rs"
        ])
    );
}

#[test]
fn checker_skips_comments_strings_and_cfg_test() {
    let k = toy(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
        ("b.rs", "pub fn b() {}"),
        ("c.rs", "pub fn c() {}"),
        (
            "a.rs",
            r###"//! Uses crate::b::b in docs only.
/// See [`crate::b::b`].
/* crate::b::b /* nested */ crate::b::b */
const S: &str = "crate::b::b \" crate::b::b";
const R: &str = r#"crate::b::b " crate::b::b"#;
const C: char = '{';
const D: char = '"';
fn f<'a>(x: &'a str) -> &'a str { x }

#[cfg(test)]
mod tests {
    use crate::b::b;
    fn t() { if true { crate::b::b(); } }
}

#[cfg(test)]
fn helper() { crate::b::b() }

pub fn a() { crate::c::c() }
"###,
        ),
    ]);
    assert_eq!(edge_names(&k), set(&["a.rs -> c.rs"]));
}

#[test]
fn checker_skips_test_only_module_files() {
    let k = toy(&[
        ("lib.rs", "mod a;\nmod b;\n"),
        ("a/mod.rs", "#[cfg(test)]\nmod tests;\npub fn a() {}\n"),
        ("a/tests.rs", "use crate::b::b;"),
        ("b.rs", "pub fn b() { crate::a::a() }"),
    ]);
    assert_eq!(edge_names(&k), set(&["b.rs -> a/mod.rs"]));
}

#[test]
fn checker_follows_reexports_but_counts_no_face_line() {
    let files = |face: &str| {
        toy(&[
            (
                "lib.rs",
                "pub mod model;\npub mod user;\npub use model::*;\n",
            ),
            ("model/mod.rs", face),
            ("model/span.rs", "pub struct Span;\npub fn width() {}\n"),
            (
                "model/doc.rs",
                "use super::Span;\npub struct Doc { s: Span }\n",
            ),
            (
                "user.rs",
                "use crate::model::Span;\nfn f() { crate::model::width(); let _ = crate::Doc; }\n",
            ),
        ])
    };
    // Named, `self::`, and `pub(crate)` re-exports: the users reach the files
    // that define the names; the face's lines are no edges, so no cycle.
    for face in [
        "mod span;\nmod doc;\npub use span::{Span, width};\npub use doc::Doc;\n",
        "mod span;\nmod doc;\npub use self::span::{width, Span};\npub(crate) use self::doc::Doc;\n",
        "mod span;\nmod doc;\npub use span::*;\npub use doc::*;\n",
    ] {
        let k = files(face);
        assert_eq!(
            edge_names(&k),
            set(&[
                "model/doc.rs -> model/span.rs",
                "user.rs -> model/span.rs",
                "user.rs -> model/doc.rs"
            ]),
            "{face}"
        );
        assert!(k.cycles().is_empty(), "{face}");
    }
    // A name two globs could provide (or none does) stays at the face.
    let k = toy(&[
        ("lib.rs", "mod m;\nmod u;\n"),
        ("m/mod.rs", "mod p;\nmod q;\npub use p::*;\npub use q::*;\n"),
        ("m/p.rs", "pub struct X;"),
        ("m/q.rs", "pub struct X;"),
        ("u.rs", "use crate::m::X;"),
    ]);
    assert_eq!(edge_names(&k), set(&["u.rs -> m/mod.rs"]));
    // The face's own code using what it re-exports is an edge, and with a
    // child that imports from the face it makes a cycle.
    let k = toy(&[
        ("lib.rs", "mod m;\n"),
        (
            "m/mod.rs",
            "mod p;\npub use p::Thing;\npub struct Base;\nfn f(t: Thing) {}\n",
        ),
        ("m/p.rs", "pub struct Thing(super::Base);"),
    ]);
    assert_eq!(
        edge_names(&k),
        set(&["m/mod.rs -> m/p.rs", "m/p.rs -> m/mod.rs"])
    );
    assert_eq!(k.cycles().len(), 1);
}

#[test]
fn checker_counts_a_plain_use_in_a_face_and_a_reexport_elsewhere() {
    let k = toy(&[
        ("lib.rs", "mod a;\nmod b;\nuse a::helper;\n"),
        ("a.rs", "pub fn helper() {}\npub use crate::b::B;\n"),
        ("b.rs", "pub struct B;"),
        ("c.rs", "use crate::a::B;"),
    ]);
    assert_eq!(
        edge_names(&k),
        set(&["lib.rs -> a.rs", "a.rs -> b.rs", "c.rs -> b.rs"])
    );
}

#[test]
fn checker_reports_layers() {
    let k = toy(&[
        (
            "lib.rs",
            "mod low;\nmod high;\nmod stray;\npub use high::H;\n",
        ),
        ("low.rs", "pub struct L;\nfn f() { crate::high::go() }\n"),
        (
            "high.rs",
            "use crate::low::L;\npub struct H;\npub fn go() {}\n",
        ),
        ("stray.rs", "use crate::H;"),
    ]);
    // stray → lib → high: the re-export is followed.
    assert_eq!(
        edge_names(&k),
        set(&[
            "low.rs -> high.rs",
            "high.rs -> low.rs",
            "stray.rs -> high.rs"
        ])
    );
    let report = k.layer_report(&[&["low"], &["high"], &["gone"]]);
    assert!(
        report.contains("layer `low` imports from the higher layer `high` (high.rs): toy/src/low.rs:2: fn f() { crate::high::go() }"),
        "{report}"
    );
    assert!(
        report.contains("module `stray` is in no layer: add it to CORE_LAYERS"),
        "{report}"
    );
    assert!(report.contains("CORE_LAYERS names `gone`"), "{report}");
    assert!(!report.contains("`high` imports"), "{report}");
    assert_eq!(report.lines().count(), 3, "{report}");
    let report = k.layer_report(&[&["high"], &["low", "stray"]]);
    assert!(
        report.contains("layer `high` imports from the higher layer `low`"),
        "{report}"
    );
    // A module that reaches the root's own items is below `lib`.
    let k = toy(&[
        ("lib.rs", "mod a;\npub fn root() {}\n"),
        ("a.rs", "fn f() { crate::root() }"),
    ]);
    let report = k.layer_report(&[&["a"]]);
    assert!(
        report.contains("layer `a` imports from the higher layer `lib`"),
        "{report}"
    );
}

#[test]
fn checker_follows_a_glob_import_of_a_face_to_the_names_used() {
    let k = toy(&[
        ("lib.rs", "mod m;\nmod u;\nmod w;\n"),
        ("m/mod.rs", "mod p;\nmod q;\npub use p::P;\npub use q::*;\n"),
        ("m/p.rs", "use super::*;\npub struct P(Q);\n"),
        (
            "m/q.rs",
            "pub struct Q;\nimpl Q {\n    pub fn new() -> Q { Q }\n}\n",
        ),
        ("u.rs", "use crate::m::*;\nfn f(_: P) {}\n"),
        ("w.rs", "use crate::m::*;\nfn g() { Q::new(); }\n"),
    ]);
    assert_eq!(
        edge_names(&k),
        set(&[
            "m/p.rs -> m/mod.rs",
            "m/p.rs -> m/q.rs",
            "u.rs -> m/mod.rs",
            "u.rs -> m/p.rs",
            "w.rs -> m/mod.rs",
            "w.rs -> m/q.rs",
        ])
    );
    assert!(k.cycles().is_empty());
}
