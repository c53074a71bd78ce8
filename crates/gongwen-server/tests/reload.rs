//! The server follows the store: an `ingest` while it runs shows on the
//! next request, in the linked view and in the search index.

mod common;

use axum::http::StatusCode;
use common::*;
use gongwen_server::{router, AppState, ServeOptions};
use gongwen_store::{FileInput, SqliteStore, Store};

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

#[tokio::test]
async fn ingest_while_serving_is_picked_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    ingest(dir.path(), "sample-gazette.txt", SAMPLE);
    let state = AppState::open(
        dir.path(),
        ServeOptions {
            today: Some(today()),
        },
    )
    .expect("open");
    assert!(dir.path().join("index").is_dir(), "index created at start");
    let app = router(state);
    let q = format!("/api/search?q={}", enc("示例工作"));
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 2);
    let r = get(&app, &q).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["total"], 0);

    ingest(dir.path(), "xss.txt", XSS);
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 3);
    assert_eq!(get(&app, &q).await.json()["total"], 1);
    let id = id_of(&app, "做好示例工作的通知").await;
    assert_eq!(
        get(&app, &format!("/doc/{id}")).await.status,
        StatusCode::OK
    );
}
