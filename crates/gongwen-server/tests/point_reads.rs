//! The server reads what it shows through the store's point reads and paged
//! listings: no handler but lint reads every document. A wrapper store
//! counts `Store::documents` (lint's input) and panics on
//! `for_each_linked`; every page and endpoint is requested over a store of
//! many documents, through a pool of handles opened by a factory. (Search
//! is left out: the index is gongwen-search's, and its sync reads the
//! store as that crate decides.)

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::*;
use gongwen_core::export::ExportRecord;
use gongwen_core::Document;
use gongwen_server::{router, AppState, ServeOptions};
use gongwen_store::{
    DocSummary, FileInput, IngestOutcome, LinkOut, LinkedDocument, ListFilter, Page, Paging,
    SqliteStore, StatusDates, StatusFilter, StatusRow, Store, StoreError, StoreStats,
    StoredDocument, TargetFilter, TargetRow, TaskFilter, TaskRow, UnitCount,
};

/// A store that counts whole-store reads and refuses `for_each_linked`.
struct NoScan {
    inner: SqliteStore,
    documents: Arc<AtomicUsize>,
}

impl Store for NoScan {
    fn ingest(&mut self, input: &FileInput<'_>) -> Result<IngestOutcome, StoreError> {
        self.inner.ingest(input)
    }
    fn remove(&mut self, file: &str) -> Result<Option<usize>, StoreError> {
        self.inner.remove(file)
    }
    fn get(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        self.inner.get(id)
    }
    fn linked(&self, id: &str) -> Result<Option<LinkedDocument>, StoreError> {
        self.inner.linked(id)
    }
    fn cited_by(&self, id: &str) -> Result<Vec<LinkOut>, StoreError> {
        self.inner.cited_by(id)
    }
    fn summaries(&self, ids: &[String]) -> Result<Vec<DocSummary>, StoreError> {
        self.inner.summaries(ids)
    }
    fn list(&self, filter: &ListFilter, page: Paging) -> Result<Page<DocSummary>, StoreError> {
        self.inner.list(filter, page)
    }
    fn statuses(&self, filter: &StatusFilter, page: Paging) -> Result<Page<StatusRow>, StoreError> {
        self.inner.statuses(filter, page)
    }
    fn tasks(&self, filter: &TaskFilter, page: Paging) -> Result<Page<TaskRow>, StoreError> {
        self.inner.tasks(filter, page)
    }
    fn units(&self) -> Result<Vec<UnitCount>, StoreError> {
        self.inner.units()
    }
    fn targets(&self, filter: &TargetFilter, page: Paging) -> Result<Page<TargetRow>, StoreError> {
        self.inner.targets(filter, page)
    }
    fn for_each_linked(
        &self,
        _f: &mut dyn FnMut(LinkedDocument) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        panic!(
            "for_each_linked: the server reads the whole store only for lint, through documents()"
        )
    }
    fn raw(&self, file: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.inner.raw(file)
    }
    fn stats(&self) -> Result<StoreStats, StoreError> {
        self.inner.stats()
    }
    fn files(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.inner.files()
    }
    fn file_documents(&self, file: &str) -> Result<Vec<(String, Document)>, StoreError> {
        self.inner.file_documents(file)
    }
    fn status_dates(&self) -> Result<Vec<(String, StatusDates)>, StoreError> {
        self.inner.status_dates()
    }
    fn version(&self) -> Result<i64, StoreError> {
        self.inner.version()
    }
    fn record(&self, id: &str, today: NaiveDate) -> Result<Option<ExportRecord>, StoreError> {
        self.inner.record(id, today)
    }
    fn documents(&self) -> Result<Vec<(String, Document)>, StoreError> {
        self.documents.fetch_add(1, Ordering::SeqCst);
        self.inner.documents()
    }
}

/// Document `i` of the generated store: it cites document `i - 1` and
/// charges 市发改委 with a task.
fn generated(i: usize) -> String {
    let cite = if i > 1 {
        format!(
            "根据《某市第{}号示例管理办法》（某政〔2020〕{}号），",
            i - 1,
            i - 1
        )
    } else {
        String::new()
    };
    format!(
        "某市人民政府\n\n关于印发某市第{i}号示例管理办法的通知\n\n某政〔2020〕{i}号\n\n各县（区）人民政府：\n\n\
         现将《某市第{i}号示例管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2020年3月1日\n\n\
         某市第{i}号示例管理办法\n\n第一条　{cite}为规范示例工作，制定本办法。\n\n\
         第二条　推进示例工作。（牵头单位：市发改委；责任单位：市财政局，完成时限：2020年12月底前）\n\n\
         第三条　到2025年，示例覆盖率达到90%以上。\n\n第四条　本办法自2020年4月1日起施行，有效期5年。\n"
    )
}

fn ingest(dir: &std::path::Path, name: &str, text: &str) {
    let mut s = SqliteStore::open(dir).expect("store");
    let parsed = gongwen_core::parse_bytes(name, text.as_bytes()).expect("parse");
    s.ingest(&FileInput {
        path: name,
        name,
        bytes: text.as_bytes(),
        parsed: &parsed,
    })
    .expect("ingest");
}

/// The tests of this file one at a time: the second measures time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How many documents the generated store holds.
const MANY: usize = 120;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn handlers_read_points_and_pages_not_the_whole_store() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store_dir = dir.path().to_path_buf();
    let docs = (1..=MANY).map(generated).collect::<Vec<_>>();
    {
        let mut s = SqliteStore::open(&store_dir).expect("store");
        for (k, text) in docs.iter().enumerate() {
            let name = format!("gen-{k:04}.txt");
            let parsed = gongwen_core::parse_bytes(&name, text.as_bytes()).expect("parse");
            s.ingest(&FileInput {
                path: &name,
                name: &name,
                bytes: text.as_bytes(),
                parsed: &parsed,
            })
            .expect("ingest");
        }
    }
    let documents = Arc::new(AtomicUsize::new(0));
    let (counter, open_dir) = (documents.clone(), store_dir.clone());
    let state = AppState::with_factory(
        Box::new(move || {
            Ok(Box::new(NoScan {
                inner: SqliteStore::open(&open_dir)?,
                documents: counter.clone(),
            }) as Box<dyn Store + Send>)
        }),
        gongwen_server::POOL_SIZE,
        // No search index: syncing one is gongwen-search's business (its
        // sync reads every document today).
        None,
        ServeOptions {
            today: Some(today()),
        },
    )
    .expect("state");
    let app = router(state);

    let stats = get(&app, "/api/stats").await.json();
    assert_eq!(stats["documents"].as_u64(), Some(MANY as u64), "{stats}");
    let list = get(&app, "/api/documents?limit=100").await.json();
    assert_eq!(list["total"].as_u64(), Some(MANY as u64));
    let id = id_of(&app, "第7号示例管理办法").await;
    let unit = enc("市发改委");
    // Requests side by side: the pool lends one handle to each.
    let uris = vec![
        "/".to_string(),
        "/search".to_string(),
        "/api/documents?offset=50&limit=5".to_string(),
        format!(
            "/api/documents?in_force_on=2024-06-01&doc_number={}",
            enc("某政〔2020〕7号")
        ),
        format!("/api/documents/{id}"),
        format!("/api/documents/{id}/links"),
        format!("/api/documents/{id}/source"),
        "/api/status?on=2024-06-01".to_string(),
        "/api/status?state=in_force".to_string(),
        format!("/api/tasks?unit={unit}&role=lead"),
        "/api/targets?year=2025".to_string(),
        format!("/api/units/{unit}/calendar.ics"),
        format!("/doc/{id}"),
        format!("/doc/{id}/source?line=3"),
        format!("/unit/{unit}"),
        "/units".to_string(),
        "/targets?year=2025".to_string(),
    ];
    let answers = futures_join(&app, &uris).await;
    for (uri, status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{uri}: {body}");
    }
    // The reader links the cited and the citing document.
    let doc = &answers
        .iter()
        .find(|(u, _, _)| u == &format!("/doc/{id}"))
        .map(|a| a.2.clone())
        .unwrap_or_default();
    assert!(
        doc.contains("某政〔2020〕6号"),
        "cited document not labelled"
    );
    assert!(
        doc.contains("某政〔2020〕8号"),
        "citing document not labelled"
    );
    assert_eq!(
        documents.load(Ordering::SeqCst),
        0,
        "a handler read the whole store"
    );

    // Lint reads it once per version of the store.
    let r = get(&app, "/api/lint?limit=1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(get(&app, "/lint").await.status, StatusCode::OK);
    assert_eq!(documents.load(Ordering::SeqCst), 1, "lint not cached");
    ingest(&store_dir, "xss.txt", XSS);
    assert_eq!(
        get(&app, "/api/stats").await.json()["documents"].as_u64(),
        Some(MANY as u64 + 1)
    );
    assert_eq!(get(&app, "/api/lint").await.status, StatusCode::OK);
    assert_eq!(documents.load(Ordering::SeqCst), 2, "lint not recomputed");
}

/// GET every uri at once; (uri, status, body) in order.
async fn futures_join(app: &axum::Router, uris: &[String]) -> Vec<(String, StatusCode, String)> {
    let tasks: Vec<_> = uris
        .iter()
        .map(|u| {
            let (app, u) = (app.clone(), u.clone());
            tokio::spawn(async move {
                let r = get(&app, &u).await;
                (u, r.status, r.body)
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("request task"));
    }
    out
}

/// `AppState::open` loads nothing: it answers at once.
#[tokio::test]
async fn open_loads_nothing() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 1..=20 {
        ingest(dir.path(), &format!("gen-{i:03}.txt"), &generated(i));
    }
    let t = std::time::Instant::now();
    let state = AppState::open(
        dir.path(),
        ServeOptions {
            today: Some(today()),
        },
    )
    .expect("open");
    let app = router(state);
    let r = get(&app, "/api/documents?limit=1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["total"], 20);
    let took = t.elapsed();
    assert!(took.as_secs_f64() < 1.0, "first answer after {took:?}");
    // The index is synced in the background; a search waits for it.
    let r = get(&app, &format!("/api/search?q={}", enc("示例"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["total"], 20);
}
