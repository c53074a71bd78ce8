//! gongwen-server: the HTTP API (JSON, OpenAPI 3 at `/api/openapi.json`)
//! and the web interface (server-rendered Chinese HTML, no JavaScript
//! needed) over a gongwen store. Read-only: nothing here writes to the
//! store; `gongwen ingest` may run while the server is up and the server
//! picks the change up on the next request: nothing is loaded at start,
//! every request reads the store (see `state`).
//!
//! ```text
//! GET /api/documents            list (issuer, year, genre, doc_number, in_force_on)
//! GET /api/documents/{id}       export record with facts and status today
//! GET /api/documents/{id}/links cites / cited by / repealed by
//! GET /api/documents/{id}/source?start=&end=   raw text of a byte range
//! GET /api/search               full-text search (gongwen-search)
//! GET /api/status?on=D          status of every document on D
//! GET /api/tasks                assignments (unit, role, due_before)
//! GET /api/targets              quantitative targets (year)
//! GET /api/lint                 lint findings
//! GET /api/stats                counts
//! GET /api/units/{name}/calendar.ics
//! GET /api/openapi.json
//! GET /  /search  /doc/{id}  /doc/{id}/source  /unit/{name}  /units  /targets  /lint
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::routing::get;
use axum::Router;

// The modules import one another in one direction only, lowest first:
// error, paging (error), source; render (source); search (error, paging);
// state (search, source); api (search, state); web (api, render, search,
// state); this file on top. `crates/gongwen-core/tests/layering.rs` fails
// on any import cycle.
pub mod api;
mod error;
mod paging;
mod render;
mod search;
mod source;
mod state;
mod web;

pub use error::{ApiError, ErrorBody, ErrorDetail, ServerError};
pub use search::SearchParams;
pub use state::{AppState, ServeOptions, StoreFactory, POOL_SIZE};

/// The whole application: API, web pages and the stylesheet.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/documents", get(api::list_documents))
        .route("/api/documents/{id}", get(api::get_document))
        .route("/api/documents/{id}/links", get(api::get_links))
        .route("/api/documents/{id}/source", get(api::get_source))
        .route("/api/search", get(api::search))
        .route("/api/status", get(api::status))
        .route("/api/tasks", get(api::tasks))
        .route("/api/targets", get(api::targets))
        .route("/api/lint", get(api::lint))
        .route("/api/stats", get(api::stats))
        .route("/api/units/{name}/calendar.ics", get(api::calendar))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api", get(api::not_found))
        .route("/api/{*rest}", get(api::not_found))
        .route("/", get(web::search_page))
        .route("/search", get(web::search_page))
        .route("/doc/{id}", get(web::doc_page))
        .route("/doc/{id}/source", get(web::source_page))
        .route("/unit/{name}", get(web::unit_page))
        .route("/units", get(web::units_page))
        .route("/targets", get(web::targets_page))
        .route("/lint", get(web::lint_page))
        .route("/static/style.css", get(web::style))
        .fallback(web::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn(web::decorate))
        .with_state(state)
}

/// Serve the store in `store_dir` on `addr` until Ctrl-C.
pub async fn serve(
    addr: SocketAddr,
    store_dir: PathBuf,
    opts: ServeOptions,
) -> Result<(), ServerError> {
    let dir = store_dir.clone();
    let state = tokio::task::spawn_blocking(move || AppState::open(&dir, opts))
        .await
        .map_err(|e| ServerError::Load(e.to_string()))??;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    let local = listener.local_addr()?;
    eprintln!(
        "gongwen: serving {} on http://{local}/",
        store_dir.display()
    );
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// [`serve`] on a new multi-threaded tokio runtime, for callers that are
/// not async (the CLI).
pub fn serve_blocking(
    addr: SocketAddr,
    store_dir: PathBuf,
    opts: ServeOptions,
) -> Result<(), ServerError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(addr, store_dir, opts))
}
