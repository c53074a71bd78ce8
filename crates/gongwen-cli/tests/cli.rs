//! End-to-end tests of the `gongwen` binary on the real corpus
//! (`../shared/corpus`, skipped with a message when absent) and on small
//! fixtures written here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gongwen_store::{ListFilter, SqliteStore, Store};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("corpus").is_dir() && p.join("gold").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "SKIP: {} not found (the corpus and gold live beside the repository)",
            p.display()
        );
        None
    }
}

fn run(store: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("GONGWEN_STORE")
        .output()
        .expect("run gongwen")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const DOC: &str = "某市人民政府\n\n关于做好示例工作的通知\n\n某政〔2020〕3号\n\n各县（市、区）人民政府：\n\n　　请认真做好示例工作。\n\n某市人民政府\n\n2020年3月1日\n";

/// The bar of the foundation issue: every corpus document split with the
/// exact start line, every field ≥ 98 % exact.
#[test]
fn corpus_meets_the_accuracy_bar() {
    let Some(sh) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["ingest", sh.join("corpus").to_str().unwrap()]);
    assert!(o.status.success(), "ingest failed: {o:?}");
    let o = run(
        dir.path(),
        &[
            "eval",
            "--gold",
            sh.join("gold").to_str().unwrap(),
            "--json",
        ],
    );
    assert!(o.status.success(), "eval failed: {o:?}");
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let overall = &rep["overall"];
    assert_eq!(overall["gold_documents"], 123);
    assert_eq!(overall["f1"].as_f64(), Some(1.0), "{}", rep["mismatches"]);
    for f in overall["fields"].as_array().unwrap() {
        let acc = f["accuracy"].as_f64().unwrap();
        assert!(
            acc >= 0.98,
            "field {} accuracy {acc} < 0.98; mismatches: {}",
            f["field"],
            rep["mismatches"]
        );
    }
    // The text report names every file and the overall line.
    let o = run(
        dir.path(),
        &["eval", "--gold", sh.join("gold").to_str().unwrap()],
    );
    let text = stdout(&o);
    assert!(text.contains("000_2f0e40ca068e429d.txt"));
    assert!(text.contains("overall"));
}

#[test]
fn reingest_changes_nothing_and_export_is_stable() {
    let Some(sh) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let corpus = sh.join("corpus");
    assert!(run(dir.path(), &["ingest", corpus.to_str().unwrap()])
        .status
        .success());
    let first = stdout(&run(dir.path(), &["export", "--format", "jsonl"]));
    // --store after the subcommand works too.
    let o = bin()
        .args(["ingest", corpus.to_str().unwrap(), "--store"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).contains("0 files (0 documents), 5 unchanged"));
    let second = stdout(&run(dir.path(), &["export", "--format", "jsonl"]));
    assert_eq!(first, second);
    assert_eq!(first.lines().count(), 123);
    // The export contract fields.
    let rec: serde_json::Value = serde_json::from_str(first.lines().nth(2).unwrap()).unwrap();
    for key in [
        "id",
        "source",
        "issuers",
        "title",
        "doc_number",
        "date",
        "date_raw",
        "genre",
        "addressees",
        "disclosure",
        "enclosed",
        "attachments",
        "outline",
        "diagnostics",
    ] {
        assert!(rec.get(key).is_some(), "export lacks {key}");
    }
    for key in ["file", "start_line", "end_line", "start_byte", "end_byte"] {
        assert!(rec["source"].get(key).is_some(), "source lacks {key}");
    }
    assert_eq!(rec["doc_number"]["raw"], "廊政〔2015〕12号");
    assert_eq!(rec["doc_number"]["year"], 2015);
    assert_eq!(rec["doc_number"]["serial"], 12);
    assert_eq!(rec["enclosed"][0]["start_line"], 620);
    // The source bytes of the record are the document's text.
    let raw = std::fs::read(corpus.join("000_2f0e40ca068e429d.txt")).unwrap();
    let s = rec["source"]["start_byte"].as_u64().unwrap() as usize;
    let e = rec["source"]["end_byte"].as_u64().unwrap() as usize;
    let text = String::from_utf8_lossy(&raw[s..e]);
    assert!(text.starts_with("廊坊市人民政府"), "{}", &text[..60]);
}

#[test]
fn list_filters_show_and_markdown() {
    let Some(sh) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(dir.path(), &["ingest", sh.join("corpus").to_str().unwrap()])
            .status
            .success()
    );
    let o = run(
        dir.path(),
        &["list", "--issuer", "办公室", "--year", "2021", "--json"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert!(r["date"].as_str().unwrap().starts_with("2021"));
        assert!(r["issuers"][0].as_str().unwrap().contains("办公室"));
    }
    let o = run(dir.path(), &["list", "--genre", "实施意见"]);
    let t = stdout(&o);
    assert!(t.contains("实施意见"));
    assert!(!t.contains(" 决定 "));
    let id = rows[0]["id"].as_str().unwrap();
    let o = run(dir.path(), &["show", id]);
    assert!(o.status.success());
    assert!(stdout(&o).contains(rows[0]["title"].as_str().unwrap()));
    let o = run(dir.path(), &["show", "no-such-id"]);
    assert_eq!(o.status.code(), Some(1));
    let md = stdout(&run(dir.path(), &["export", "--format", "markdown"]));
    assert_eq!(
        md.matches("\n## ").count() + usize::from(md.starts_with("## ")),
        123
    );
}

#[test]
fn bad_files_are_named_and_the_rest_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("binary.txt"), b"\x00\x01\x02ELF\x00\x00").unwrap();
    std::fs::write(input.join("sub/good.txt"), DOC).unwrap();
    // GBK input goes in too.
    let (gbk, _, _) = encoding_rs::GBK.encode(DOC);
    std::fs::write(input.join("gbk.txt"), &gbk).unwrap();
    std::fs::write(input.join("ignored.json"), b"{}").unwrap();
    let store = dir.path().join("store");
    let o = run(&store, &["ingest", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    assert!(
        err.contains("binary.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(stdout(&o).contains("2 failed"));
    let s = SqliteStore::open(&store).unwrap();
    let rows = s
        .list(&ListFilter::default(), gongwen_store::Paging::ALL)
        .unwrap()
        .items;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows
        .iter()
        .all(|r| r.doc_number.as_deref() == Some("某政〔2020〕3号")));
    // The GBK file's raw bytes are kept unchanged.
    assert_eq!(s.raw("gbk.txt").unwrap().unwrap(), gbk.as_ref());
    // A missing path is an error naming it.
    let o = run(&store, &["ingest", "/no/such/path.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/path.txt"));
}

#[test]
fn store_from_environment() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, DOC).unwrap();
    let store = dir.path().join("envstore");
    let o = bin()
        .env("GONGWEN_STORE", &store)
        .args(["ingest", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(store.join("gongwen.db").exists());
}

/// Kill ingest at several moments; each time every stored file must hold
/// exactly the documents its parse yields (no half-ingested file), and a
/// later ingest completes the batch.
#[test]
fn killed_ingest_leaves_whole_files_only() {
    let Some(sh) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut expected = std::collections::HashMap::new();
    let corpus: Vec<_> = std::fs::read_dir(sh.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for k in 0..30 {
        let src = &corpus[k % corpus.len()];
        let mut bytes = std::fs::read(src).unwrap();
        bytes.extend_from_slice(format!("\n（副本 {k}）\n").as_bytes());
        let name = format!("copy{k:02}.txt");
        let n = gongwen_core::parse_bytes(&name, &bytes)
            .unwrap()
            .documents
            .len();
        expected.insert(name.clone(), n);
        std::fs::write(input.join(&name), bytes).unwrap();
    }
    let store = dir.path().join("store");
    for delay_ms in [30u64, 80, 150] {
        let mut child = bin()
            .arg("--store")
            .arg(&store)
            .args(["ingest", input.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let s = SqliteStore::open(&store).unwrap();
        let mut per_file = std::collections::HashMap::<String, usize>::new();
        for r in s
            .list(&ListFilter::default(), gongwen_store::Paging::ALL)
            .unwrap()
            .items
        {
            *per_file.entry(r.file).or_default() += 1;
        }
        for (f, n) in &per_file {
            assert_eq!(Some(n), expected.get(f), "file {f} half-ingested");
        }
        assert_eq!(per_file.len(), s.stats().unwrap().files);
    }
    let o = run(&store, &["ingest", input.to_str().unwrap()]);
    assert!(o.status.success());
    let s = SqliteStore::open(&store).unwrap();
    assert_eq!(s.stats().unwrap().files, 30);
    assert_eq!(
        s.stats().unwrap().documents,
        expected.values().sum::<usize>()
    );
}
