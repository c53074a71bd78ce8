//! Test helpers: a store built in memory from files, and requests through
//! the router without a socket (`tower::ServiceExt::oneshot`).

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use gongwen_server::{router, AppState, ServeOptions};
use gongwen_store::{FileInput, SqliteStore, Store};
use tower::ServiceExt;

pub const SAMPLE: &str = include_str!("../../../../samples/sample-gazette.txt");

/// A document whose title, body, citation and unit carry markup.
pub const XSS: &str = "某市人民政府\n\n关于<script>alert(1)</script>做好示例工作的通知\n\n某政〔2020〕3号\n\n各县（市、区）人民政府：\n\n　　请认真做好<script>alert(\"x\")</script>示例工作。参照《<img src=x onerror=alert(1)>管理办法》（某政〔2019〕1号）执行。\n\n一、推进示例工作。（牵头单位：市<b>发改委</b>；责任单位：市财政局，完成时限：2020年12月底前）\n\n某市人民政府\n\n2020年3月1日\n";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default()
}

/// A store holding `files` (name, bytes).
pub fn store_with(files: &[(&str, &[u8])]) -> SqliteStore {
    let mut s = SqliteStore::in_memory().expect("in-memory store");
    for (name, bytes) in files {
        let parsed = gongwen_core::parse_bytes(name, bytes).expect("parse");
        s.ingest(&FileInput {
            path: name,
            name,
            bytes,
            parsed: &parsed,
        })
        .expect("ingest");
    }
    s
}

/// A router over `files`, without a search index.
pub fn app_with(files: &[(&str, &[u8])]) -> Router {
    let state = AppState::with_store(
        Box::new(store_with(files)),
        None,
        ServeOptions {
            today: Some(today()),
        },
    )
    .expect("state");
    router(state)
}

/// A router over `files` with a search index in a temporary directory
/// (kept alive by the returned guard).
pub fn app_with_index(files: &[(&str, &[u8])]) -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = AppState::with_store(
        Box::new(store_with(files)),
        Some(dir.path().join("index")),
        ServeOptions {
            today: Some(today()),
        },
    )
    .expect("state");
    (router(state), dir)
}

/// The sample gazette and the XSS probe, with a search index.
pub fn app_indexed() -> (Router, tempfile::TempDir) {
    app_with_index(&[
        ("sample-gazette.txt", SAMPLE.as_bytes()),
        ("xss.txt", XSS.as_bytes()),
    ])
}

/// The sample gazette and the XSS probe.
pub fn app() -> Router {
    app_with(&[
        ("sample-gazette.txt", SAMPLE.as_bytes()),
        ("xss.txt", XSS.as_bytes()),
    ])
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", &self.body))
    }
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub async fn request(app: &Router, method: &str, uri: &str) -> Resp {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .expect("request");
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 64 << 20)
        .await
        .expect("body");
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn get(app: &Router, uri: &str) -> Resp {
    request(app, "GET", uri).await
}

/// Percent-encode a query value or path segment.
pub fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Id of the first document whose title contains `needle`.
pub async fn id_of(app: &Router, needle: &str) -> String {
    let r = get(app, "/api/documents?limit=100").await;
    r.json()["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["title"].as_str().is_some_and(|t| t.contains(needle)))
        .and_then(|d| d["id"].as_str())
        .map(String::from)
        .unwrap_or_else(|| panic!("no document titled *{needle}*: {}", r.body))
}

/// The shared corpus, when present.
pub fn corpus_files() -> Option<Vec<(String, Vec<u8>)>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).ok()? {
        let p = e.ok()?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let name = p.file_name()?.to_string_lossy().into_owned();
            out.push((name, std::fs::read(&p).ok()?));
        }
    }
    out.sort();
    (!out.is_empty()).then_some(out)
}
