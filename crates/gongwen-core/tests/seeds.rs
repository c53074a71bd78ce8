//! The five Hebei files of `../shared/corpus` against `../shared/gold`:
//! every document split at its exact start line and every field exact.
//! The folder must be present in CI; elsewhere a missing folder skips (see
//! `common`).

mod common;

use gongwen_core::eval::{evaluate, render, GoldFile};
use gongwen_core::export::ExportRecord;
use gongwen_core::parse_bytes;

#[test]
fn seeds_are_identified_exactly() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let Some(gold) = common::gold() else {
        return;
    };
    let mut golds = Vec::new();
    for e in std::fs::read_dir(gold).expect("gold folder") {
        let p = e.expect("entry").path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("gold file");
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        if v.get("documents").is_some() {
            golds.push(serde_json::from_value::<GoldFile>(v).expect("gold file"));
        }
    }
    assert_eq!(golds.len(), 5);
    let mut records = Vec::new();
    for g in &golds {
        let bytes = std::fs::read(corpus.join(&g.source)).expect("corpus file");
        let parsed = parse_bytes(&g.source, &bytes).expect("decodable");
        for (i, d) in parsed.documents.iter().enumerate() {
            records.push(ExportRecord::without_facts(&format!("{}-{i}", g.source), d));
        }
    }
    let report = evaluate(&golds, &records);
    let text = render(&report);
    assert_eq!(report.overall.gold_documents, 123);
    assert_eq!(report.overall.f1, 1.0, "{text}");
    for f in &report.overall.fields {
        assert_eq!(f.accuracy, 1.0, "{}: {text}", f.field);
    }
}

/// The rule of `common` for an absent folder: a note and `None`, or a panic
/// when the data is required (CI, `GONGWEN_CORPUS`).
#[test]
fn an_absent_folder_skips_or_fails_as_the_rule_says() {
    let absent = common::shared_dir().join("no-such-folder");
    assert_eq!(common::present_if(absent.clone(), false), None);
    let failed = std::panic::catch_unwind(|| common::present_if(absent, true));
    let msg = failed.expect_err("a required folder that is absent fails");
    let msg = msg.downcast_ref::<String>().expect("a message");
    assert!(
        msg.contains("no-such-folder is missing: it must be there"),
        "{msg}"
    );
    let here = common::shared_dir();
    if here.is_dir() {
        assert_eq!(common::present_if(here.clone(), true), Some(here));
    }
}
