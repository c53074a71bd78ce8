//! The JSON API under `/api` (read-only). Every list is paginated with
//! `offset`/`limit` ([`PageQuery`], limit at most [`MAX_LIMIT`]) over a
//! deterministic order and answers one [`Page`] `{total, offset, limit,
//! items}`; every error is `{"error": {"code", "message"}}`. The response
//! types are the store's and the core's own (their `openapi` feature
//! derives the schemas), so the OpenAPI document describes what is sent.

use std::sync::OnceLock;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use gongwen_core::export::ExportRecord;
use gongwen_core::lint::Finding;
use gongwen_core::model::{Role, State as DocState};
use gongwen_search::SearchResponse;
use gongwen_store::view;
use gongwen_store::{
    DocSummary, LinkOut, Links, ListFilter, Page, Paging, StatusFilter, StatusRow, StoreStats,
    TargetFilter, TargetRow, TaskFilter, TaskRow,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::{ApiError, ErrorBody, ErrorDetail};
use crate::search::SearchParams;
use crate::state::{blocking, file_name, AppState};
use gongwen_search::{FacetCount, Facets, Hit, HitSource};

// The bounds of a page and its query, kept in `paging` (below the search,
// which fills in the default too) and named here as before.
pub use crate::paging::{page, PageQuery, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET};

/// Longest text parameter (query, issuer, unit …), in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Longest raw range `/api/documents/{id}/source` returns, in bytes.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;
/// Largest byte offset `start`/`end` of `/api/documents/{id}/source` may
/// name (OpenAPI `maximum`); beyond the file it is a 400 anyway.
pub const MAX_BYTE_OFFSET: usize = 2_147_483_647;

// ---------------------------------------------------------------------------
// Extractors with JSON errors.
// ---------------------------------------------------------------------------

/// `Query<T>` whose rejection is a 400 [`ApiError`]. Parameters `T` does
/// not name are ignored, so a handler may read its filters and the
/// [`PageQuery`] from the same query string.
pub struct Q<T>(pub T);

impl<T, S> FromRequestParts<S> for Q<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(t)| Q(t))
            .map_err(|e| ApiError::bad_request("invalid_parameter", e.body_text()))
    }
}

/// `Path<T>` whose rejection is a 400 [`ApiError`].
pub struct P<T>(pub T);

impl<T, S> FromRequestParts<S> for P<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| P(t))
            .map_err(|e| ApiError::bad_request("invalid_parameter", e.body_text()))
    }
}

// ---------------------------------------------------------------------------
// Parameter checks (shared with the web pages).
// ---------------------------------------------------------------------------

/// A text parameter: trimmed, empty → `None`, at most [`MAX_QUERY_CHARS`].
pub fn text(name: &str, v: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let n = v.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(
            "query_too_long",
            format!("参数 {name} 最长 {MAX_QUERY_CHARS} 字（收到 {n} 字）"),
        ));
    }
    Ok(Some(v.to_string()))
}

/// A date parameter (YYYY-MM-DD); given but empty is an error.
pub fn date(name: &str, v: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match v.map(str::trim) {
        None => Ok(None),
        Some(s) => s.parse::<NaiveDate>().map(Some).map_err(|_| {
            ApiError::bad_request(
                "invalid_date",
                format!("参数 {name} 须为 YYYY-MM-DD 格式的日期（收到 {s:?}）"),
            )
        }),
    }
}

/// A name parameter read by `from_name` (a state, a role), exactly as the
/// OpenAPI enum lists them: any other value, empty included, is a 400
/// listing the known ones.
fn named<T: Copy>(
    name: &str,
    v: Option<&str>,
    from_name: fn(&str) -> Option<T>,
    all: &[T],
    to_name: fn(T) -> &'static str,
) -> Result<Option<T>, ApiError> {
    let Some(v) = v else {
        return Ok(None);
    };
    from_name(v).map(Some).ok_or_else(|| {
        let known: Vec<&str> = all.iter().map(|x| to_name(*x)).collect();
        let shown: String = v.chars().take(MAX_QUERY_CHARS).collect();
        ApiError::bad_request(
            "invalid_parameter",
            format!(
                "参数 {name} 须为 {} 之一（收到 {shown:?}）",
                known.join("、")
            ),
        )
    })
}

/// A state parameter (`in_force` …), see [`DocState::from_name`].
pub fn state_param(name: &str, v: Option<&str>) -> Result<Option<DocState>, ApiError> {
    named(name, v, DocState::from_name, &DocState::ALL, DocState::name)
}

/// A role parameter (`lead` …), see [`Role::from_name`].
pub fn role_param(name: &str, v: Option<&str>) -> Result<Option<Role>, ApiError> {
    named(name, v, Role::from_name, &Role::ALL, Role::name)
}

// ---------------------------------------------------------------------------
// /api/documents
// ---------------------------------------------------------------------------

/// Filters of `/api/documents`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentsQuery {
    /// Documents with an issuer containing this text.
    pub issuer: Option<String>,
    /// Year of the 成文日期.
    pub year: Option<i32>,
    /// Genre (文种), exact, e.g. 通知.
    pub genre: Option<String>,
    /// 文号, exact (spaces ignored), e.g. 廊政〔2015〕12号.
    pub doc_number: Option<String>,
    /// Only documents in force (现行有效) on this date (YYYY-MM-DD).
    #[param(format = Date)]
    pub in_force_on: Option<String>,
}

impl DocumentsQuery {
    /// The store's filter, parameters checked.
    pub fn filter(&self) -> Result<ListFilter, ApiError> {
        Ok(ListFilter {
            issuer: text("issuer", self.issuer.as_deref())?,
            year: self.year,
            genre: text("genre", self.genre.as_deref())?,
            doc_number: text("doc_number", self.doc_number.as_deref())?
                .map(|n| n.chars().filter(|c| !c.is_whitespace()).collect()),
            in_force_on: date("in_force_on", self.in_force_on.as_deref())?,
        })
    }
}

#[utoipa::path(get, path = "/api/documents", tag = "documents",
    params(DocumentsQuery, PageQuery),
    responses(
        (status = 200, description = "A page of documents, ordered by file and start line", body = Page<DocSummary>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    ))]
pub async fn list_documents(
    State(st): State<AppState>,
    Q(q): Q<DocumentsQuery>,
    Q(p): Q<PageQuery>,
) -> Result<Json<Page<DocSummary>>, ApiError> {
    let filter = q.filter()?;
    let paging = p.paging()?;
    blocking(move || Ok(Json(st.store()?.list(&filter, paging)?))).await
}

#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "The export record with facts resolved and status today", body = ExportRecord),
        (status = 404, description = "Unknown id", body = ErrorBody),
    ))]
pub async fn get_document(
    State(st): State<AppState>,
    P(id): P<String>,
) -> Result<Json<ExportRecord>, ApiError> {
    blocking(move || {
        st.store()?
            .record(&id, st.today())?
            .map(Json)
            .ok_or_else(|| ApiError::no_document(&id))
    })
    .await
}

#[utoipa::path(get, path = "/api/documents/{id}/links", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 200, description = "Citations both ways and repeals", body = Links),
        (status = 404, description = "Unknown id", body = ErrorBody),
    ))]
pub async fn get_links(
    State(st): State<AppState>,
    P(id): P<String>,
) -> Result<Json<Links>, ApiError> {
    blocking(move || {
        st.store()?
            .links(&id)?
            .map(Json)
            .ok_or_else(|| ApiError::no_document(&id))
    })
    .await
}

/// Byte range of `/api/documents/{id}/source` (default: the document).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SourceQuery {
    /// First byte (inclusive) in the raw file.
    #[param(minimum = 0, maximum = 2_147_483_647)]
    pub start: Option<usize>,
    /// End byte (exclusive) in the raw file.
    #[param(minimum = 0, maximum = 2_147_483_647)]
    pub end: Option<usize>,
}

/// Raw source text of a byte range.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceSlice {
    pub id: String,
    /// Source file name.
    pub file: String,
    pub start: usize,
    pub end: usize,
    /// Lines of `start` and of the last byte (1-based).
    pub start_line: usize,
    pub end_line: usize,
    /// The bytes decoded (lossily where the range cuts a character).
    pub text: String,
}

/// Check a raw byte range of a document's file: defaults to the
/// document's span; `start <= end <= file length`, at most
/// [`MAX_SOURCE_BYTES`].
pub fn source_range(
    start: Option<usize>,
    end: Option<usize>,
    doc: (usize, usize),
    file_len: usize,
) -> Result<(usize, usize), ApiError> {
    let start = start.unwrap_or(doc.0);
    let end = end.unwrap_or(if start == doc.0 { doc.1 } else { start });
    if start > end || end > file_len {
        return Err(ApiError::bad_request(
            "invalid_range",
            format!("字节范围须满足 0 ≤ start ≤ end ≤ {file_len}（收到 {start}..{end}）"),
        ));
    }
    if end - start > MAX_SOURCE_BYTES {
        return Err(ApiError::bad_request(
            "invalid_range",
            format!("字节范围最长 {MAX_SOURCE_BYTES} 字节"),
        ));
    }
    Ok((start, end))
}

#[utoipa::path(get, path = "/api/documents/{id}/source", tag = "documents",
    params(("id" = String, Path, description = "Document id"), SourceQuery),
    responses(
        (status = 200, description = "Raw text of the range", body = SourceSlice),
        (status = 400, description = "Bad range", body = ErrorBody),
        (status = 404, description = "Unknown id", body = ErrorBody),
    ))]
pub async fn get_source(
    State(st): State<AppState>,
    P(id): P<String>,
    Q(q): Q<SourceQuery>,
) -> Result<Json<SourceSlice>, ApiError> {
    blocking(move || {
        let store = st.store()?;
        let d = store
            .get(&id)?
            .ok_or_else(|| ApiError::no_document(&id))?
            .document;
        let file = file_name(&d).to_string();
        let f = st.source_file(&*store, &file)?;
        let (start, end) = source_range(
            q.start,
            q.end,
            (d.span.start_byte, d.span.end_byte),
            f.raw_len,
        )?;
        Ok(Json(SourceSlice {
            id,
            file,
            start,
            end,
            start_line: f.line_of_raw(start),
            end_line: f.line_of_raw(end.saturating_sub(1).max(start)),
            text: f.slice_raw(start, end),
        }))
    })
    .await
}

// ---------------------------------------------------------------------------
// /api/search
// ---------------------------------------------------------------------------

/// Check the search parameters (lengths, dates, page).
pub fn check_search(p: &SearchParams) -> Result<SearchParams, ApiError> {
    let (offset, limit) = page(p.offset, p.limit)?;
    for (name, v) in [
        ("date_from", &p.date_from),
        ("date_to", &p.date_to),
        ("status_on", &p.status_on),
    ] {
        date(name, v.as_deref())?;
    }
    Ok(SearchParams {
        q: text("q", p.q.as_deref())?,
        issuer: text("issuer", p.issuer.as_deref())?,
        genre: text("genre", p.genre.as_deref())?,
        year: p.year,
        date_from: text("date_from", p.date_from.as_deref())?,
        date_to: text("date_to", p.date_to.as_deref())?,
        // gongwen-search reads the status (names and Chinese labels; an
        // unknown one matches nothing), as its OpenAPI parameter says.
        status: text("status", p.status.as_deref())?,
        status_on: text("status_on", p.status_on.as_deref())?,
        unit: text("unit", p.unit.as_deref())?,
        sort: text("sort", p.sort.as_deref())?,
        offset: Some(offset),
        limit: Some(limit),
    })
}

#[utoipa::path(get, path = "/api/search", tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Hits, total and facets", body = SearchResponse),
        (status = 400, description = "Bad parameter or query too long", body = ErrorBody),
        (status = 503, description = "No search index", body = ErrorBody),
    ))]
pub async fn search(
    State(st): State<AppState>,
    Q(p): Q<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let p = check_search(&p)?;
    blocking(move || {
        let store = st.store()?;
        st.refresh_search(&*store);
        st.search().search(&p, st.today()).map(Json)
    })
    .await
}

// ---------------------------------------------------------------------------
// /api/status, /api/tasks, /api/targets, /api/lint, /api/stats
// ---------------------------------------------------------------------------

/// Filters of `/api/status`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// The date (YYYY-MM-DD; default today).
    #[param(format = Date)]
    pub on: Option<String>,
    /// Only this state.
    #[param(value_type = Option<DocState>)]
    pub state: Option<String>,
}

/// The status of documents on a date: the date asked about and a page of
/// rows, ordered by file and start line.
#[derive(Serialize, ToSchema)]
pub struct StatusPage {
    /// The date the status is evaluated on (ISO).
    pub on: String,
    #[serde(flatten)]
    pub page: Page<StatusRow>,
}

#[utoipa::path(get, path = "/api/status", tag = "facts",
    params(StatusQuery, PageQuery),
    responses(
        (status = 200, description = "Status of documents on the date", body = StatusPage),
        (status = 400, description = "Bad date or state", body = ErrorBody),
    ))]
pub async fn status(
    State(st): State<AppState>,
    Q(q): Q<StatusQuery>,
    Q(p): Q<PageQuery>,
) -> Result<Json<StatusPage>, ApiError> {
    let paging = p.paging()?;
    let on = date("on", q.on.as_deref())?;
    let state = state_param("state", q.state.as_deref())?;
    blocking(move || {
        let on = on.unwrap_or_else(|| st.today());
        let filter = StatusFilter {
            on,
            state,
            expires_before: None,
        };
        Ok(Json(StatusPage {
            on: on.to_string(),
            page: st.store()?.statuses(&filter, paging)?,
        }))
    })
    .await
}

/// Filters of `/api/tasks`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TasksQuery {
    /// Unit (any alias; matched after normalisation), e.g. 市发改委.
    pub unit: Option<String>,
    /// Only this role.
    #[param(value_type = Option<Role>)]
    pub role: Option<String>,
    /// Only tasks due before this date (YYYY-MM-DD).
    #[param(format = Date)]
    pub due_before: Option<String>,
}

impl TasksQuery {
    /// The store's filter, parameters checked.
    pub fn filter(&self) -> Result<TaskFilter, ApiError> {
        Ok(TaskFilter {
            unit: text("unit", self.unit.as_deref())?,
            role: role_param("role", self.role.as_deref())?,
            due_before: date("due_before", self.due_before.as_deref())?,
        })
    }
}

#[utoipa::path(get, path = "/api/tasks", tag = "facts",
    params(TasksQuery, PageQuery),
    responses(
        (status = 200, description = "Assignments of work, by due date (undated last), document, line", body = Page<TaskRow>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    ))]
pub async fn tasks(
    State(st): State<AppState>,
    Q(q): Q<TasksQuery>,
    Q(p): Q<PageQuery>,
) -> Result<Json<Page<TaskRow>>, ApiError> {
    let filter = q.filter()?;
    let paging = p.paging()?;
    blocking(move || Ok(Json(st.store()?.tasks(&filter, paging)?))).await
}

/// Filters of `/api/targets`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetsQuery {
    /// Target year, e.g. 2025.
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/targets", tag = "facts",
    params(TargetsQuery, PageQuery),
    responses(
        (status = 200, description = "Quantitative targets, by document and line", body = Page<TargetRow>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    ))]
pub async fn targets(
    State(st): State<AppState>,
    Q(q): Q<TargetsQuery>,
    Q(p): Q<PageQuery>,
) -> Result<Json<Page<TargetRow>>, ApiError> {
    let paging = p.paging()?;
    let filter = TargetFilter { year: q.year };
    blocking(move || Ok(Json(st.store()?.targets(&filter, paging)?))).await
}

/// Filters of `/api/lint`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LintQuery {
    /// Only findings of this check, e.g. attachment-missing.
    pub code: Option<String>,
    /// Only findings about this document.
    pub doc: Option<String>,
}

#[utoipa::path(get, path = "/api/lint", tag = "facts",
    params(LintQuery, PageQuery),
    responses(
        (status = 200, description = "Lint findings over the whole store, by check, document and position", body = Page<Finding>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
    ))]
pub async fn lint(
    State(st): State<AppState>,
    Q(q): Q<LintQuery>,
    Q(p): Q<PageQuery>,
) -> Result<Json<Page<Finding>>, ApiError> {
    let paging = p.paging()?;
    let code = text("code", q.code.as_deref())?;
    let doc = text("doc", q.doc.as_deref())?;
    blocking(move || {
        let findings = st.lint(&*st.store()?)?;
        let rows: Vec<Finding> = findings
            .iter()
            .filter(|f| code.as_ref().is_none_or(|c| &f.code == c))
            .filter(|f| doc.as_ref().is_none_or(|d| &f.doc_id == d))
            .cloned()
            .collect();
        Ok(Json(Page::of(rows, paging)))
    })
    .await
}

#[utoipa::path(get, path = "/api/stats", tag = "documents",
    responses((status = 200, description = "What the store holds", body = StoreStats)))]
pub async fn stats(State(st): State<AppState>) -> Result<Json<StoreStats>, ApiError> {
    blocking(move || Ok(Json(st.store()?.stats()?))).await
}

// ---------------------------------------------------------------------------
// /api/units/{name}/calendar.ics
// ---------------------------------------------------------------------------

/// Every task of `unit` (any alias), in the store's task order.
pub fn unit_tasks(st: &AppState, unit: &str) -> Result<Vec<TaskRow>, ApiError> {
    let filter = TaskFilter {
        unit: Some(unit.to_string()),
        role: None,
        due_before: None,
    };
    Ok(st.store()?.tasks(&filter, Paging::ALL)?.items)
}

#[utoipa::path(get, path = "/api/units/{name}/calendar.ics", tag = "facts",
    params(("name" = String, Path, description = "Unit name (any alias)", example = "市发改委")),
    responses(
        (status = 200, description = "iCalendar of the unit's dated tasks", content_type = "text/calendar", body = String),
        (status = 404, description = "No task for this unit", body = ErrorBody),
    ))]
pub async fn calendar(
    State(st): State<AppState>,
    P(name): P<String>,
) -> Result<Response, ApiError> {
    let unit = text("name", Some(&name))?.ok_or_else(|| ApiError::not_found("单位名称为空"))?;
    blocking(move || {
        let rows = unit_tasks(&st, &unit)?;
        if rows.is_empty() {
            return Err(ApiError::not_found(format!("单位“{unit}”没有任务")));
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let body = view::ics(&rows, &unit, &stamp);
        Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/calendar; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("inline; filename=\"gongwen-tasks.ics\""),
                ),
            ],
            body,
        )
            .into_response())
    })
    .await
}

// ---------------------------------------------------------------------------
// OpenAPI.
// ---------------------------------------------------------------------------

#[derive(OpenApi)]
#[openapi(
    info(
        title = "gongwen API",
        description = "公文库只读接口：文件、引用关系、原文、检索、效力状态、任务分工、目标指标、质量检查。Every error is `{\"error\": {\"code\", \"message\"}}`.",
    ),
    paths(
        list_documents, get_document, get_links, get_source, search, status, tasks, targets,
        lint, stats, calendar
    ),
    components(schemas(
        ErrorBody, ErrorDetail, SourceSlice, StatusPage, SearchResponse, Hit, HitSource,
        Facets, FacetCount, Page<DocSummary>, Page<StatusRow>, Page<TaskRow>, Page<TargetRow>,
        Page<Finding>, DocSummary, Links, LinkOut, StatusRow, TaskRow, TargetRow, Finding,
        ExportRecord, StoreStats, DocState, Role
    )),
    tags(
        (name = "documents", description = "Stored documents and their source text"),
        (name = "search", description = "Full-text search"),
        (name = "facts", description = "Status, tasks, targets, lint"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as JSON (built once).
pub fn openapi_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| "{}".to_string())
    })
}

pub async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        openapi_json(),
    )
        .into_response()
}

/// Unknown path under `/api`.
pub async fn not_found() -> ApiError {
    ApiError::not_found("没有这个接口（见 /api/openapi.json）")
}

/// Known path, other method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "只支持 GET（只读服务）",
    )
}
