//! End-to-end tests of the fact commands (links, status, expiring, tasks,
//! calendar, targets) on the real corpus (skipped with a message when
//! `../shared/corpus` is absent) and on the shipped sample gazette.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("SKIP: {} not found", p.display());
        None
    }
}

fn run(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("--store")
        .arg(store)
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("GONGWEN_STORE")
        .output()
        .expect("run gongwen")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{o:?}");
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

fn corpus_store() -> Option<tempfile::TempDir> {
    let c = shared()?;
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["ingest", c.to_str().unwrap()])
        .status
        .success());
    Some(dir)
}

fn id_of(store: &Path, doc_number: &str) -> String {
    let rows = json(&run(store, &["list", "--doc-number", doc_number, "--json"]));
    rows[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn status_on_dates_rests_on_the_clause() {
    let Some(dir) = corpus_store() else { return };
    let s = dir.path();
    // 廊政〔2015〕12号: 本办法自2015年3月15日起施行，有效期5年 (000 l.797).
    let id = id_of(s, "廊政〔2015〕12号");
    let st = |on: &str| json(&run(s, &["status", &id, "--on", on, "--json"]));
    assert_eq!(st("2015-03-01")["state"], "not_yet_effective");
    let v = st("2016-01-01");
    assert_eq!(v["state"], "in_force");
    assert_eq!(v["label"], "现行有效");
    assert_eq!(v["clause"], "000_2f0e40ca068e429d.txt:797");
    let v = st("2020-03-15");
    assert_eq!(v["state"], "expired");
    assert_eq!(v["last_day"], "2020-03-14");
    // list --in-force-on keeps it in 2016 and drops it in 2021.
    let ids = |on: &str| {
        json(&run(s, &["list", "--in-force-on", on, "--json"]))
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(ids("2016-01-01").contains(&id));
    assert!(!ids("2021-01-01").contains(&id));
    // expiring: the clean-up list holds it, ordered by last day.
    let rows = json(&run(s, &["expiring", "--before", "2021-01-01", "--json"]));
    let rows = rows.as_array().unwrap();
    assert!(rows.iter().any(|r| r["id"] == id.as_str()));
    let days: Vec<&str> = rows
        .iter()
        .map(|r| r["last_day"].as_str().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]));
    assert!(days.iter().all(|d| *d < "2021-01-01"));
}

#[test]
fn export_carries_facts_with_provenance() {
    let Some(dir) = corpus_store() else { return };
    let out = run(dir.path(), &["export", "--format", "jsonl"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let recs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dog = &recs
        .iter()
        .find(|r| {
            r["source"]["file"] == "000_2f0e40ca068e429d.txt" && r["source"]["start_line"] == 1
        })
        .unwrap();
    assert_eq!(dog["effective"]["date"], "2015-08-01");
    assert_eq!(dog["validity"]["years"], 3);
    assert_eq!(
        dog["repeals"][0]["doc_number"],
        "廊坊市人民政府令〔2009〕第1号"
    );
    assert_eq!(dog["status_today"]["state"], "expired");
    let mut n_facts = 0;
    for r in &recs {
        let (s, e) = (
            r["source"]["start_line"].as_u64().unwrap(),
            r["source"]["end_line"].as_u64().unwrap(),
        );
        for key in ["references", "assignments", "targets"] {
            for f in r[key].as_array().unwrap() {
                n_facts += 1;
                let l = f["start_line"].as_u64().unwrap();
                assert!(s <= l && l <= e + 5, "{key} at line {l} outside {s}-{e}");
                assert!(f["start_byte"].as_u64() <= f["end_byte"].as_u64());
            }
        }
    }
    assert!(n_facts > 1000, "{n_facts}");
}

#[test]
fn tasks_by_unit_alias_role_and_due_date() {
    let Some(dir) = corpus_store() else { return };
    let s = dir.path();
    let all = json(&run(
        s,
        &["tasks", "--unit", "市发改委", "--format", "json"],
    ));
    let all = all.as_array().unwrap();
    assert!(all.len() > 50, "{}", all.len());
    // Aliases resolve to the same unit.
    let full = json(&run(
        s,
        &["tasks", "--unit", "市发展和改革委员会", "--format", "json"],
    ));
    assert_eq!(full.as_array().unwrap().len(), all.len());
    assert!(all
        .iter()
        .all(|r| r["normalized"] == "廊坊市发展和改革委员会"
            || r["normalized"].as_str().unwrap().contains("发展和改革")));
    let lead = json(&run(
        s,
        &[
            "tasks",
            "--unit",
            "市发改委",
            "--role",
            "lead",
            "--format",
            "json",
        ],
    ));
    let lead = lead.as_array().unwrap();
    assert!(!lead.is_empty() && lead.len() < all.len());
    assert!(lead.iter().all(|r| r["role"] == "lead"));
    let due = json(&run(
        s,
        &["tasks", "--due-before", "2021-12-31", "--format", "json"],
    ));
    for r in due.as_array().unwrap() {
        assert!(r["due"].as_str().unwrap() < "2021-12-31");
    }
    let csv = run(s, &["tasks", "--unit", "市发改委", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("id,doc_number,title,unit,normalized,role,due"));
    assert_eq!(csv.lines().count(), all.len() + 1);
}

#[test]
fn calendar_is_valid_icalendar() {
    let Some(dir) = corpus_store() else { return };
    let out = run(
        dir.path(),
        &["calendar", "--unit", "市发改委", "--format", "ics"],
    );
    assert!(out.status.success());
    let ics = String::from_utf8(out.stdout).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    let events = ics.matches("BEGIN:VEVENT").count();
    assert!(events > 0);
    assert_eq!(events, ics.matches("END:VEVENT").count());
    assert_eq!(events, ics.matches("DTSTART;VALUE=DATE:").count());
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line: {line}");
    }
}

#[test]
fn links_and_targets_on_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    assert!(run(dir.path(), &["ingest", sample.to_str().unwrap()])
        .status
        .success());
    let s = dir.path();
    let id = id_of(s, "青政〔2024〕3号");
    let v = json(&run(s, &["status", &id, "--on", "2024-04-01", "--json"]));
    assert_eq!(v["state"], "not_yet_effective");
    let v = json(&run(s, &["status", &id, "--on", "2029-05-01", "--json"]));
    assert_eq!(v["state"], "expired");
    let x = json(&run(s, &["links", &id, "--json"]));
    // The repealed 青政〔2018〕9号 is not stored: an external reference.
    assert!(x["cites"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["doc_number"] == "青政〔2018〕9号" && c["id"].is_null()));
    let t = json(&run(s, &["targets", "--year", "2024", "--format", "json"]));
    assert!(t
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["value"] == 98.0 && r["unit"] == "%"));
    let tasks = json(&run(
        s,
        &["tasks", "--unit", "市市场监督管理局", "--format", "json"],
    ));
    let tasks = tasks.as_array().unwrap();
    assert!(
        tasks
            .iter()
            .any(|r| r["role"] == "lead" && r["due"] == "2024-06-30"),
        "{tasks:?}"
    );
}
