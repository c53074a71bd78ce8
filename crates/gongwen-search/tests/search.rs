//! Search over a small fixture store: phrases, boolean operators, filters,
//! facets, 文号 lookup, snippets, unit hits, sync.

mod common;

use chrono::NaiveDate;
use gongwen_search::{SearchIndex, SearchQuery, SearchResponse};
use gongwen_store::{SqliteStore, Store};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2024, 1, 1)
}

fn index(s: &SqliteStore) -> SearchIndex {
    let mut ix = SearchIndex::in_ram().unwrap();
    ix.sync(s, today()).unwrap();
    ix
}

fn q(text: &str) -> SearchQuery {
    SearchQuery {
        q: text.into(),
        ..Default::default()
    }
}

fn run(ix: &SearchIndex, s: &SqliteStore, query: &SearchQuery) -> SearchResponse {
    ix.search(query, today(), s).unwrap()
}

fn titles(r: &SearchResponse) -> Vec<String> {
    r.hits
        .iter()
        .map(|h| h.title.clone().unwrap_or_default())
        .collect()
}

fn has(r: &SearchResponse, needle: &str) -> bool {
    titles(r).iter().any(|t| t.contains(needle))
}

#[test]
fn phrase_matches_as_a_substring() {
    let s = common::store();
    let ix = index(&s);
    for text in ["按职责分工负责", "\"按职责分工负责\""] {
        let r = run(&ix, &s, &q(text));
        assert_eq!(r.total, 2, "{text}: {:?}", titles(&r));
        assert!(has(&r, "停车管理办法") && has(&r, "供水"));
        for h in &r.hits {
            assert!(
                h.snippet.contains("<mark>按职责分工负责</mark>"),
                "{}",
                h.snippet
            );
        }
    }
    // Not a substring anywhere: the words are not adjacent.
    let r = run(&ix, &s, &q("停车巡查"));
    assert!(r.relaxed || r.total == 0);
}

#[test]
fn a_simplified_query_finds_a_traditional_copy() {
    // A mirror site's machine conversion of OTHER into traditional characters.
    let trad = "廊坊市人民政府\n\n關於加強城市供水管理的通知\n\n廊政〔2015〕11號\n\n各縣（市、區）人民政府：\n\n為保障城市供水安全，現就有關事項通知如下：\n\n一、加強水源保護，嚴禁在水源保護區內新建排污口。\n\n二、各有關部門要按職責分工負責，抓好落實。\n\n廊坊市人民政府\n\n2015年5月8日\n";
    let mut s = SqliteStore::in_memory().unwrap();
    common::ingest(&mut s, "trad.txt", trad);
    let ix = index(&s);
    for text in [
        "各有关部门要按职责分工负责",
        "加强水源保护",
        "\"严禁在水源保护区内\"",
    ] {
        let r = run(&ix, &s, &q(text));
        assert_eq!(r.total, 1, "{text}");
    }
    // The indexed lines are the compact view, already folded by the parser.
    let r = run(&ix, &s, &q("按职责分工负责"));
    assert!(
        r.hits
            .iter()
            .any(|h| h.snippet.contains("<mark>按职责分工负责</mark>")),
        "{:?}",
        r.hits.iter().map(|h| &h.snippet).collect::<Vec<_>>()
    );
    // A traditional query is folded the same way: it finds the copy, and
    // the simplified original.
    assert_eq!(run(&ix, &s, &q("各有關部門要按職責分工負責")).total, 1);
    let s = common::store();
    let ix = index(&s);
    let r = run(&ix, &s, &q("關於加強城市供水管理"));
    assert_eq!(r.total, 1, "{:?}", titles(&r));
}

#[test]
fn and_or_not() {
    let s = common::store();
    let ix = index(&s);
    let r = run(&ix, &s, &q("停车 废止"));
    assert_eq!(titles(&r), ["关于印发某市停车服务管理办法的通知"]);
    let r = run(&ix, &s, &q("锅炉 OR 供水"));
    assert_eq!(r.total, 2);
    assert!(has(&r, "大气") && has(&r, "供水"));
    for text in ["停车 -废止", "停车 NOT 废止"] {
        let r = run(&ix, &s, &q(text));
        assert_eq!(titles(&r), ["关于印发某市停车管理办法的通知"], "{text}");
    }
    let r = run(&ix, &s, &q("停车 AND 收费标准"));
    assert_eq!(r.total, 1);
}

#[test]
fn bad_syntax_never_fails() {
    let s = common::store();
    let ix = index(&s);
    for text in [
        "\"按职责",
        "(停车",
        "停车)",
        "a:b",
        "[",
        "*",
        "AND",
        "NOT",
        "-",
        "\"\"",
        "停车 [2018",
        "title:停车",
        "廊政办[2015",
        "^~\\/",
        "  ",
        "，。",
        "((((",
        "停车 OR",
        "+",
        "IN [a b]",
    ] {
        let r = ix.search(&q(text), today(), &s);
        assert!(r.is_ok(), "{text}: {r:?}");
    }
    // A stray bracket is dropped, not fatal: the words are still found.
    let r = run(&ix, &s, &q("(停车 收费标准"));
    assert_eq!(r.total, 1);
}

#[test]
fn filters() {
    let s = common::store();
    let ix = index(&s);
    let with = |f: &dyn Fn(&mut SearchQuery)| {
        let mut x = q("");
        f(&mut x);
        run(&ix, &s, &x)
    };
    assert_eq!(with(&|_| {}).total, 4);
    // Exact issuer, else substring.
    let r = with(&|x| x.issuer = Some("廊坊市人民政府".into()));
    assert_eq!(titles(&r), ["关于加强城市供水管理的通知"]);
    assert_eq!(with(&|x| x.issuer = Some("廊坊".into())).total, 2);
    assert_eq!(with(&|x| x.issuer = Some("无此机关".into())).total, 0);
    assert_eq!(with(&|x| x.genre = Some("通知".into())).total, 4);
    assert_eq!(with(&|x| x.genre = Some("决定".into())).total, 0);
    assert_eq!(with(&|x| x.year = Some(2015)).total, 2);
    let r = with(&|x| {
        x.date_from = Some(d(2018, 1, 1));
        x.date_to = Some(d(2018, 12, 31));
    });
    assert_eq!(titles(&r), ["关于印发某市停车管理办法的通知"]);
    // Status on a date: the 2018 rules are repealed from 2021-04-01.
    let r = with(&|x| x.status = Some("repealed".into()));
    assert_eq!(titles(&r), ["关于印发某市停车管理办法的通知"]);
    let r = with(&|x| {
        x.status = Some("in_force".into());
        x.status_on = Some(d(2019, 1, 1));
    });
    assert!(has(&r, "停车管理办法"));
    assert!(!has(&r, "停车服务"));
    let r = with(&|x| {
        x.status = Some("尚未生效".into());
        x.status_on = Some(d(2018, 6, 15));
    });
    // Signed but not yet in force, and the 2021 rules not yet issued.
    assert_eq!(r.total, 2);
    assert!(has(&r, "停车管理办法") && has(&r, "停车服务"));
    assert_eq!(with(&|x| x.status = Some("bogus".into())).total, 0);
    // Unit with assignments, by alias.
    let r = with(&|x| x.unit = Some("市发改委".into()));
    assert_eq!(titles(&r), ["关于印发廊坊市大气污染防治工作方案的通知"]);
    let r = with(&|x| x.unit = Some("市住建局".into()));
    assert_eq!(r.total, 1);
    assert_eq!(with(&|x| x.unit = Some("市公安局".into())).total, 0);
    // Filters combine with text.
    let mut x = q("按职责分工负责");
    x.year = Some(2015);
    assert_eq!(titles(&run(&ix, &s, &x)), ["关于加强城市供水管理的通知"]);
}

#[test]
fn facets_count_the_whole_matching_set() {
    let s = common::store();
    let ix = index(&s);
    let mut x = q("");
    x.limit = 1;
    let r = run(&ix, &s, &x);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.total, 4);
    let years: Vec<(String, usize)> = r
        .facets
        .year
        .iter()
        .map(|f| (f.value.clone(), f.count))
        .collect();
    assert_eq!(
        years,
        [("2021".into(), 1), ("2018".into(), 1), ("2015".into(), 2)]
    );
    let count = |v: &[gongwen_search::FacetCount], k: &str| {
        v.iter().find(|f| f.value == k).map_or(0, |f| f.count)
    };
    assert_eq!(count(&r.facets.genre, "通知"), 4);
    assert_eq!(count(&r.facets.issuer, "某市人民政府"), 2);
    assert_eq!(count(&r.facets.status, "repealed"), 1);
    assert_eq!(count(&r.facets.status, "in_force"), 3);
    // On another day the status facet changes.
    x.status_on = Some(d(2019, 1, 1));
    let r = run(&ix, &s, &x);
    assert_eq!(count(&r.facets.status, "repealed"), 0);
    // Facets follow the query.
    let r = run(&ix, &s, &q("停车"));
    assert_eq!(r.total, 2);
    assert_eq!(count(&r.facets.year, "2015"), 0);
}

#[test]
fn doc_number_lookup() {
    let s = common::store();
    let ix = index(&s);
    for text in [
        "廊政办〔2015〕11号",
        "廊政办[2015]11号",
        "廊政办【2015】11号",
        "廊政办 2015 11号",
        "廊政办(2015)11号",
    ] {
        let r = run(&ix, &s, &q(text));
        assert!(r.doc_number_match, "{text}");
        assert_eq!(
            r.hits[0].doc_number.as_deref(),
            Some("廊政办〔2015〕11号"),
            "{text}"
        );
        assert!(r.hits[0].doc_number_match);
    }
    // Without agency code: both documents numbered 11 of 2015.
    let r = run(&ix, &s, &q("〔2015〕11号"));
    let pinned: Vec<&str> = r
        .hits
        .iter()
        .filter(|h| h.doc_number_match)
        .filter_map(|h| h.doc_number.as_deref())
        .collect();
    assert_eq!(pinned.len(), 2, "{pinned:?}");
    // A cited 文号 also finds the citing document, after the cited one.
    let r = run(&ix, &s, &q("某政〔2018〕9号"));
    assert_eq!(r.hits[0].doc_number.as_deref(), Some("某政〔2018〕9号"));
    assert_eq!(r.hits.len(), 2);
    assert_eq!(r.hits[1].doc_number.as_deref(), Some("某政〔2021〕3号"));
    // Sorting by date keeps the 文号 match first.
    let mut x = q("某政〔2018〕9号");
    x.sort = Some("date".into());
    let r = run(&ix, &s, &x);
    assert_eq!(r.hits[0].doc_number.as_deref(), Some("某政〔2018〕9号"));
}

#[test]
fn snippets_are_escaped() {
    let s = common::store();
    let ix = index(&s);
    let r = run(&ix, &s, &q("违规作业"));
    assert_eq!(r.total, 1);
    let sn = &r.hits[0].snippet;
    assert!(sn.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{sn}");
    assert!(sn.contains("<mark>违规作业</mark>"), "{sn}");
    let stripped = sn.replace("<mark>", "").replace("</mark>", "");
    assert!(!stripped.contains('<') && !stripped.contains('>'), "{sn}");
    // Searching the markup itself is harmless too.
    let r = run(&ix, &s, &q("<script>"));
    for h in &r.hits {
        assert!(!h.snippet.contains("<script"), "{}", h.snippet);
    }
}

#[test]
fn unit_hits_carry_the_label() {
    let s = common::store();
    let ix = index(&s);
    let r = run(&ix, &s, &q("公示收费标准"));
    assert_eq!(r.total, 1);
    let h = &r.hits[0];
    assert_eq!(h.unit.as_deref(), Some("（一）"));
    assert_eq!(h.unit_path.as_deref(), Some("第二条 （一）"));
    assert_eq!(h.source.file, "old.txt");
    assert!(h.snippet.contains("<mark>公示收费标准</mark>"));
    let line = common::OLD.lines().nth(h.source.start_line - 1).unwrap();
    assert!(line.contains("公示收费标准"), "{line}");
    let r = run(&ix, &s, &q("整治燃煤锅炉"));
    assert_eq!(r.hits[0].unit.as_deref(), Some("（一）"));
    assert_eq!(r.hits[0].unit_path.as_deref(), Some("二、 （一）"));
    // A title match only: no unit.
    let r = run(&ix, &s, &q("城市供水管理"));
    assert_eq!(r.hits[0].unit, None);
    // Words in two articles: the document matches, no single unit does.
    let r = run(&ix, &s, &q("停车秩序 公示收费标准"));
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].unit, None);
}

#[test]
fn sort_and_pagination() {
    let s = common::store();
    let ix = index(&s);
    let mut x = q("");
    x.sort = Some("date".into());
    let all = run(&ix, &s, &x);
    let dates: Vec<String> = all.hits.iter().filter_map(|h| h.date.clone()).collect();
    assert_eq!(
        dates,
        ["2021-03-01", "2018-06-01", "2015-05-08", "2015-03-02"]
    );
    x.offset = 1;
    x.limit = 2;
    let page = run(&ix, &s, &x);
    let ids: Vec<&str> = page.hits.iter().map(|h| h.id.as_str()).collect();
    let want: Vec<&str> = all.hits[1..3].iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, want);
    assert_eq!(page.total, 4);
    x.offset = 10;
    assert!(run(&ix, &s, &x).hits.is_empty());
    // Limits: 0 → 10, capped at 100.
    x.offset = 0;
    x.limit = 0;
    assert_eq!(run(&ix, &s, &x).limit, 10);
    x.limit = 1000;
    assert_eq!(run(&ix, &s, &x).limit, 100);
    // Relevance: a title match ranks above a body mention.
    let r = run(&ix, &s, &q("停车服务"));
    assert_eq!(
        r.hits[0].title.as_deref(),
        Some("关于印发某市停车服务管理办法的通知")
    );
}

#[test]
fn status_of_hits_matches_the_store_view() {
    let s = common::store();
    let ix = index(&s);
    for on in [d(2018, 6, 15), d(2019, 1, 1), d(2021, 4, 1), d(2030, 1, 1)] {
        let mut x = q("");
        x.status_on = Some(on);
        for h in run(&ix, &s, &x).hits {
            let want = s.status(&h.id, on).unwrap().unwrap().state;
            assert_eq!(h.status.as_deref(), Some(want.name()), "{} on {on}", h.id);
        }
    }
}

#[test]
fn sync_is_idempotent_and_follows_the_store() {
    let mut s = SqliteStore::in_memory().unwrap();
    common::ingest(&mut s, "old.txt", common::OLD);
    common::ingest(&mut s, "other.txt", common::OTHER);
    let mut ix = SearchIndex::in_ram().unwrap();
    let r = ix.sync(&s, today()).unwrap();
    assert!(r.rebuilt);
    assert_eq!((r.documents_added, r.documents), (2, 2));
    assert!(r.units_added > 0);
    let again = ix.sync(&s, today()).unwrap();
    assert!(again.unchanged, "{again:?}");
    assert_eq!(again.documents, 2);

    // A new document repeals an old one: the old one is re-indexed.
    common::ingest(&mut s, "new.txt", common::NEW);
    let r = ix.sync(&s, today()).unwrap();
    assert!(!r.rebuilt);
    assert_eq!(
        (r.files_added, r.documents_added, r.status_updated),
        (1, 1, 1)
    );
    let mut x = q("");
    x.status = Some("repealed".into());
    assert_eq!(run(&ix, &s, &x).total, 1);
    // The re-indexed document keeps its units.
    assert_eq!(
        run(&ix, &s, &q("公示收费标准")).hits[0].unit.as_deref(),
        Some("（一）")
    );

    // A replaced file: its old documents go, the new ones come.
    assert_eq!(run(&ix, &s, &q("水源保护区")).total, 1);
    let v2 = common::OTHER.replace("水源保护区", "饮用水源地");
    common::ingest(&mut s, "other.txt", &v2);
    let r = ix.sync(&s, today()).unwrap();
    assert_eq!((r.files_removed, r.files_added), (1, 1));
    assert_eq!(r.documents_removed, 1);
    assert_eq!(r.documents, 3);
    assert_eq!(run(&ix, &s, &q("水源保护区")).total, 0);
    assert_eq!(run(&ix, &s, &q("饮用水源地")).total, 1);
    assert!(ix.sync(&s, today()).unwrap().unchanged);
    assert_eq!(ix.num_documents().unwrap(), s.stats().unwrap().documents);

    // Rebuild gives the same answers.
    let r = ix.rebuild(&s, today()).unwrap();
    assert!(r.rebuilt);
    assert_eq!(r.documents, 3);
    assert_eq!(run(&ix, &s, &q("饮用水源地")).total, 1);
}

#[test]
fn on_disk_index_persists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let s = common::store();
    {
        let mut ix = SearchIndex::open(&path).unwrap();
        assert!(ix.sync(&s, today()).unwrap().rebuilt);
    }
    let mut ix = SearchIndex::open(&path).unwrap();
    assert_eq!(ix.num_documents().unwrap(), 4);
    assert!(ix.sync(&s, today()).unwrap().unchanged);
    assert_eq!(run(&ix, &s, &q("按职责分工负责")).total, 2);
}

#[test]
fn empty_store_and_sharing() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SearchIndex>();
    let s = SqliteStore::in_memory().unwrap();
    let mut ix = SearchIndex::in_ram().unwrap();
    let r = ix.sync(&s, today()).unwrap();
    assert_eq!(r.documents, 0);
    assert!(ix.sync(&s, today()).unwrap().unchanged);
    let r = run(&ix, &s, &q("任何内容"));
    assert_eq!((r.total, r.hits.len()), (0, 0));
    assert!(r.facets.status.is_empty());
}

/// Two handles on one index directory (two `gongwen serve` processes, or
/// an ingest and a server) syncing at once against two handles on one
/// store: the second waits for the first's writer, then finds the index up
/// to date; both succeed and no document is indexed twice.
#[test]
fn concurrent_syncs_wait_for_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    {
        let mut s = SqliteStore::open(&store_dir).unwrap();
        for (name, text) in [
            ("old.txt", common::OLD),
            ("new.txt", common::NEW),
            ("plan.txt", common::PLAN),
            ("other.txt", common::OTHER),
        ] {
            common::ingest(&mut s, name, text);
        }
    }
    let index_dir = store_dir.join("index");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let (store_dir, index_dir, barrier) =
                (store_dir.clone(), index_dir.clone(), barrier.clone());
            std::thread::spawn(move || {
                let s = SqliteStore::open(&store_dir).unwrap();
                let mut ix = SearchIndex::open(&index_dir).unwrap();
                barrier.wait();
                let r = ix.sync(&s, today());
                (r.map_err(|e| e.to_string()), ix, s)
            })
        })
        .collect();
    let mut done = Vec::new();
    for t in threads {
        let (r, ix, s) = t.join().unwrap();
        let r = r.unwrap();
        assert_eq!(r.documents, 4, "{r:?}");
        done.push((r, ix, s));
    }
    // One of them indexed, the other found the index up to date.
    assert_eq!(done.iter().filter(|(r, _, _)| r.unchanged).count(), 1);
    for (_, ix, s) in &done {
        assert_eq!(run(ix, s, &q("按职责分工负责")).total, 2);
    }
    // A store change synced by one handle is seen by the other after its
    // own (unchanged) sync.
    let (_, mut a, _) = done.remove(0);
    let (_, mut b, sb) = done.remove(0);
    let mut s = SqliteStore::open(&store_dir).unwrap();
    let v2 = common::OTHER.replace("水源保护区", "饮用水源地");
    common::ingest(&mut s, "other.txt", &v2);
    assert!(!a.sync(&s, today()).unwrap().unchanged);
    assert!(b.sync(&sb, today()).unwrap().unchanged);
    assert_eq!(run(&b, &sb, &q("饮用水源地")).total, 1);
}
