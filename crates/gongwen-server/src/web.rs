//! The web interface (Chinese, server-rendered with askama, no
//! JavaScript). Templates live in `templates/` with autoescaping on: every
//! piece of document text goes through a template variable and is escaped.
//! The one `|safe` is the search snippet, which `gongwen-search` builds
//! escaped (only its `<mark>` tags are markup).

use std::collections::{BTreeMap, HashMap, HashSet};

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use gongwen_core::checks::CHECKS;
use gongwen_core::export::ExportRecord;
use gongwen_core::lint::Finding;
use gongwen_core::model::{ReferenceKind, Role, State as DocState};
use gongwen_core::{Document, Severity, Span};
use gongwen_store::view;
use gongwen_store::{LinkedDocument, ListFilter, Paging, Store, TargetFilter};
use serde::Deserialize;

use crate::api::{self, SourceQuery, P, Q};
use crate::error::{ApiError, ErrorDetail};
use crate::render::{self, path_seg, source_href, Block, OutlineItem, SourceLine};
use crate::search::SearchParams;
use crate::state::{blocking, file_name, AppState};
use gongwen_search::SearchResponse;

/// Longest query string accepted (bytes); longer answers 414.
pub const MAX_QUERY_STRING: usize = 8192;

/// The stylesheet, embedded.
pub const STYLE_CSS: &str = include_str!("../static/style.css");

/// Content-Security-Policy of every HTML page: no script at all, styles
/// only from the embedded stylesheet.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

fn html<T: Template>(t: &T) -> Result<Html<String>, ApiError> {
    t.render()
        .map(Html)
        .map_err(|e| ApiError::internal(format!("template: {e}")))
}

// ---------------------------------------------------------------------------
// Middleware: URI length, HTML errors, security headers.
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    status: u16,
    message: &'a str,
    code: &'a str,
}

fn error_page(status: StatusCode, d: &ErrorDetail) -> Response {
    let title = status.canonical_reason().unwrap_or("错误");
    let title = match status.as_u16() {
        400 => "请求有误",
        404 => "未找到",
        405 => "不支持的方法",
        414 => "地址过长",
        503 => "暂不可用",
        500 => "服务器错误",
        _ => title,
    };
    let page = ErrorPage {
        title,
        status: status.as_u16(),
        message: &d.message,
        code: &d.code,
    };
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => (status, d.message.clone()).into_response(),
    }
}

/// Around every request: reject over-long query strings (414), turn error
/// answers of web pages into HTML pages, add security headers.
pub async fn decorate(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_api = path == "/api" || path.starts_with("/api/");
    let too_long = req.uri().query().map_or(0, str::len) > MAX_QUERY_STRING;
    let mut resp = if too_long {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("查询字符串最长 {MAX_QUERY_STRING} 字节"),
        )
        .into_response()
    } else {
        next.run(req).await
    };
    if !is_api {
        if let Some(d) = resp.extensions().get::<ErrorDetail>().cloned() {
            resp = error_page(resp.status(), &d);
        }
    }
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    resp
}

pub async fn style() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        STYLE_CSS,
    )
        .into_response()
}

/// Unknown page.
pub async fn not_found() -> ApiError {
    ApiError::not_found("没有这个页面")
}

// ---------------------------------------------------------------------------
// Shared bits.
// ---------------------------------------------------------------------------

/// Label and CSS class of the status badge of a state named `name` (a
/// search hit's status); the name itself when it is not a state.
fn badge_of(name: &str) -> (String, String) {
    match DocState::from_name(name) {
        Some(s) => (s.label().to_string(), s.name().to_string()),
        None => (name.to_string(), DocState::Unknown.name().to_string()),
    }
}

/// The label of a state named `name` (facets and filter chips).
fn state_label(name: &str) -> String {
    badge_of(name).0
}

fn doc_href(id: &str) -> String {
    format!("/doc/{}", path_seg(id))
}

fn line_href(id: &str, line: usize) -> String {
    format!("/doc/{}#L{line}", path_seg(id))
}

fn source_line_href(id: &str, line: usize) -> String {
    format!("/doc/{}/source?line={line}#hl", path_seg(id))
}

/// A short label of a document: 文号 and title, else its id.
fn label_of(id: &str, doc_number: Option<&str>, title: Option<&str>) -> String {
    let n = doc_number.unwrap_or_default();
    let t = title.unwrap_or_default();
    match (n.is_empty(), t.is_empty()) {
        (false, false) => format!("{n} {t}"),
        (false, true) => n.to_string(),
        (true, false) => t.to_string(),
        (true, true) => id.to_string(),
    }
}

/// Labels of the documents named by the page, by id: one
/// `Store::summaries` read; ids not in the store are left out (their
/// label is the id, see [`Labels::get`]).
struct Labels(HashMap<String, String>);

impl Labels {
    fn read<'a>(
        store: &dyn Store,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, ApiError> {
        let mut seen: HashSet<&str> = HashSet::new();
        let wanted: Vec<String> = ids
            .into_iter()
            .filter(|id| seen.insert(id))
            .map(String::from)
            .collect();
        let map = store
            .summaries(&wanted)?
            .into_iter()
            .map(|s| {
                let label = label_of(&s.id, s.doc_number.as_deref(), s.title.as_deref());
                (s.id, label)
            })
            .collect();
        Ok(Labels(map))
    }

    fn get(&self, id: &str) -> String {
        self.0.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// Does `span` fall in document `d` (same file, within its lines)?
fn holds(d: &Document, span: &Span) -> bool {
    let file = span.file.rsplit(['/', '\\']).next().unwrap_or(&span.file);
    file_name(d) == file
        && d.span.start_line <= span.start_line
        && span.start_line <= d.span.end_line
}

/// Link to the clause of document `by` that repeals document `id`: one
/// point read of `by`.
fn repeal_clause_href(store: &dyn Store, id: &str, by: &str) -> Result<Option<String>, ApiError> {
    let Some(l) = store.linked(by)? else {
        return Ok(None);
    };
    Ok(l.linked
        .clauses
        .iter()
        .find(|c| {
            c.repealed
                .iter()
                .any(|r| r.target_id.as_deref() == Some(id))
        })
        .map(|c| source_href(by, &c.span)))
}

// ---------------------------------------------------------------------------
// Search page.
// ---------------------------------------------------------------------------

struct HitView {
    href: String,
    title: String,
    doc_number: String,
    date: String,
    unit: String,
    issuers: String,
    genre: String,
    /// Safe HTML from gongwen-search (or empty).
    snippet: String,
    status_label: String,
    status_class: String,
}

struct FacetLink {
    label: String,
    count: usize,
    href: String,
    on: bool,
}

struct FacetGroup {
    name: &'static str,
    values: Vec<FacetLink>,
}

struct Chip {
    label: String,
    href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    title: String,
    q: String,
    hidden: Vec<(&'static str, String)>,
    filters: Vec<Chip>,
    error: Option<String>,
    facets: Vec<FacetGroup>,
    total: Option<usize>,
    summary: String,
    first_number: usize,
    hits: Vec<HitView>,
    prev: Option<String>,
    next: Option<String>,
}

/// The query-string pairs of `p` (non-empty fields).
fn search_pairs(p: &SearchParams) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = Vec::new();
    let mut push = |k: &'static str, x: &Option<String>| {
        if let Some(x) = x {
            v.push((k, x.clone()));
        }
    };
    push("q", &p.q);
    push("issuer", &p.issuer);
    push("genre", &p.genre);
    push("year", &p.year.map(|y| y.to_string()));
    push("date_from", &p.date_from);
    push("date_to", &p.date_to);
    push("status", &p.status);
    push("status_on", &p.status_on);
    push("unit", &p.unit);
    push("sort", &p.sort);
    if let Some(o) = p.offset.filter(|o| *o > 0) {
        v.push(("offset", o.to_string()));
    }
    if let Some(l) = p.limit.filter(|l| *l != api::DEFAULT_LIMIT) {
        v.push(("limit", l.to_string()));
    }
    v
}

fn search_href(p: &SearchParams) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in search_pairs(p) {
        s.append_pair(k, &v);
    }
    let qs = s.finish();
    if qs.is_empty() {
        "/search".to_string()
    } else {
        format!("/search?{qs}")
    }
}

/// The filter chips of `p`, each linking to the search without it.
fn chips(p: &SearchParams) -> Vec<Chip> {
    let mut out = Vec::new();
    let mut add = |label: String, clear: &dyn Fn(&mut SearchParams)| {
        let mut q = p.clone();
        clear(&mut q);
        q.offset = None;
        out.push(Chip {
            label,
            href: search_href(&q),
        });
    };
    if let Some(v) = &p.issuer {
        add(format!("发文机关：{v}"), &|q| q.issuer = None);
    }
    if let Some(v) = &p.genre {
        add(format!("文种：{v}"), &|q| q.genre = None);
    }
    if let Some(v) = p.year {
        add(format!("年份：{v}"), &|q| q.year = None);
    }
    if let Some(v) = &p.status {
        add(format!("效力：{}", state_label(v)), &|q| q.status = None);
    }
    if let Some(v) = &p.unit {
        add(format!("单位：{v}"), &|q| q.unit = None);
    }
    if let Some(v) = &p.date_from {
        add(format!("起：{v}"), &|q| q.date_from = None);
    }
    if let Some(v) = &p.date_to {
        add(format!("止：{v}"), &|q| q.date_to = None);
    }
    out
}

fn facet_groups(p: &SearchParams, r: &SearchResponse) -> Vec<FacetGroup> {
    type Set = fn(&mut SearchParams, Option<String>);
    let groups: [(&'static str, &Vec<gongwen_search::FacetCount>, Set); 4] = [
        ("效力状态", &r.facets.status, |q, v| q.status = v),
        ("发文机关", &r.facets.issuer, |q, v| q.issuer = v),
        ("年份", &r.facets.year, |q, v| {
            q.year = v.and_then(|y| y.parse().ok())
        }),
        ("文种", &r.facets.genre, |q, v| q.genre = v),
    ];
    groups
        .into_iter()
        .filter(|(_, values, _)| !values.is_empty())
        .map(|(name, values, set)| FacetGroup {
            name,
            values: values
                .iter()
                .map(|f| {
                    let current = search_pairs(p);
                    let key = match name {
                        "效力状态" => "status",
                        "发文机关" => "issuer",
                        "年份" => "year",
                        _ => "genre",
                    };
                    let on = current.iter().any(|(k, v)| *k == key && *v == f.value);
                    let mut q = p.clone();
                    set(&mut q, if on { None } else { Some(f.value.clone()) });
                    q.offset = None;
                    FacetLink {
                        label: if key == "status" {
                            state_label(&f.value).to_string()
                        } else {
                            f.value.clone()
                        },
                        count: f.count,
                        href: search_href(&q),
                        on,
                    }
                })
                .collect(),
        })
        .collect()
}

/// `/` and `/search`: the search page; without a query, the documents
/// (filtered by issuer, year, genre) in store order.
pub async fn search_page(
    State(st): State<AppState>,
    Q(raw): Q<SearchParams>,
) -> Result<Response, ApiError> {
    let p = api::check_search(&raw)?;
    blocking(move || {
        let store = st.store()?;
        let today = st.today();
        let (offset, limit) = (p.offset.unwrap_or(0), p.limit.unwrap_or(api::DEFAULT_LIMIT));
        let mut page = SearchPage {
            title: p.q.clone().unwrap_or_else(|| "检索".to_string()),
            q: p.q.clone().unwrap_or_default(),
            hidden: search_pairs(&p)
                .into_iter()
                .filter(|(k, _)| !matches!(*k, "q" | "offset"))
                .collect(),
            filters: chips(&p),
            error: None,
            facets: Vec::new(),
            total: None,
            summary: String::new(),
            first_number: offset + 1,
            hits: Vec::new(),
            prev: None,
            next: None,
        };
        let mut status = StatusCode::OK;
        let total;
        let counts = store.stats()?;
        let stats = format!(
            "库中共 {} 个来源文件、{} 份公文",
            counts.files, counts.documents
        );
        let search_only = p.q.is_some()
            || p.status.is_some()
            || p.unit.is_some()
            || p.date_from.is_some()
            || p.date_to.is_some();
        // Without a query the store lists the documents itself while the
        // index is being synced (say, the first sync after start).
        let use_index = if search_only {
            st.refresh_search(&*store);
            true
        } else {
            st.try_refresh_search(&*store)?
        };
        if use_index {
            match st.search().search(&p, today) {
                Ok(r) => {
                    total = r.total;
                    page.facets = facet_groups(&p, &r);
                    page.summary = match &p.q {
                        Some(q) if r.doc_number_match => format!("文号“{q}”"),
                        Some(q) if r.relaxed => {
                            format!("检索“{q}”：没有完整匹配，以下文件包含其中每个词")
                        }
                        Some(q) => format!("检索“{q}”"),
                        None => format!("{stats}；按成文日期排列"),
                    };
                    page.hits = r
                        .hits
                        .iter()
                        .map(|h| {
                            // The status the index holds, on the date searched.
                            let (status_label, status_class) =
                                h.status.as_deref().map(badge_of).unwrap_or_default();
                            HitView {
                                href: if h.unit.is_some() {
                                    line_href(&h.id, h.source.start_line)
                                } else {
                                    doc_href(&h.id)
                                },
                                title: h.title.clone().unwrap_or_else(|| h.id.clone()),
                                doc_number: h.doc_number.clone().unwrap_or_default(),
                                date: h.date.clone().unwrap_or_default(),
                                unit: h
                                    .unit_path
                                    .clone()
                                    .or_else(|| h.unit.clone())
                                    .unwrap_or_default(),
                                issuers: h.issuers.join("、"),
                                genre: h.genre.clone().unwrap_or_default(),
                                snippet: h.snippet.clone(),
                                status_label,
                                status_class,
                            }
                        })
                        .collect();
                }
                Err(e) => {
                    status = e.status;
                    page.error = Some(e.message);
                    total = 0;
                }
            }
        } else {
            let filter = ListFilter {
                issuer: p.issuer.clone(),
                year: p.year,
                genre: p.genre.clone(),
                ..ListFilter::default()
            };
            let rows = store.list(&filter, Paging::new(offset, limit))?;
            total = rows.total;
            page.summary = format!("{stats}；按来源文件顺序列出");
            page.hits = rows
                .items
                .iter()
                .map(|d| {
                    // One point read per row of the page.
                    let (status_label, status_class) = store
                        .status(&d.id, today)?
                        .map(|s| (s.state.label().to_string(), s.state.name().to_string()))
                        .unwrap_or_default();
                    Ok(HitView {
                        href: doc_href(&d.id),
                        title: d.title.clone().unwrap_or_else(|| d.id.clone()),
                        doc_number: d.doc_number.clone().unwrap_or_default(),
                        date: d.date.clone().unwrap_or_default(),
                        unit: String::new(),
                        issuers: d.issuers.join("、"),
                        genre: d.genre.clone().unwrap_or_default(),
                        snippet: String::new(),
                        status_label,
                        status_class,
                    })
                })
                .collect::<Result<_, ApiError>>()?;
        }
        page.total = Some(total);
        if offset > 0 {
            let mut q = p.clone();
            q.offset = Some(offset.saturating_sub(limit));
            page.prev = Some(search_href(&q));
        }
        if offset + limit < total {
            let mut q = p.clone();
            q.offset = Some(offset + limit);
            page.next = Some(search_href(&q));
        }
        Ok((status, html(&page)?).into_response())
    })
    .await
}

// ---------------------------------------------------------------------------
// Document reader.
// ---------------------------------------------------------------------------

struct FieldView {
    name: &'static str,
    value: String,
    href: String,
    note: String,
}

struct AttachmentView {
    label: String,
    present: bool,
    line: usize,
}

struct LinkView {
    label: String,
    href: String,
    note: String,
    line: usize,
}

struct UnitView {
    name: String,
    role: String,
    href: String,
}

struct AssignmentView {
    path: String,
    task: String,
    units: Vec<UnitView>,
    deadline: String,
    due: String,
    href: String,
}

struct TargetView {
    year: String,
    metric: String,
    value: String,
    href: String,
}

struct FindingView {
    code: String,
    message: String,
    href: String,
}

#[derive(Template)]
#[template(path = "doc.html")]
struct DocPage {
    title: String,
    doc_title: String,
    id: String,
    id_path: String,
    file: String,
    start_line: usize,
    end_line: usize,
    source_href: String,
    today: String,
    fields: Vec<FieldView>,
    status_label: String,
    status_class: String,
    status_reason: String,
    status_href: String,
    outline: Vec<OutlineItem>,
    attachments: Vec<AttachmentView>,
    blocks: Vec<Block>,
    cites: Vec<LinkView>,
    cited_by: Vec<LinkView>,
    repealed_by: Vec<LinkView>,
    assignments: Vec<AssignmentView>,
    targets: Vec<TargetView>,
    findings: Vec<FindingView>,
}

fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn header_fields(id: &str, d: &Document, rec: &ExportRecord, labels: &Labels) -> Vec<FieldView> {
    let h = &d.header;
    let href = |s: &Span| source_href(id, s);
    let mut out = Vec::new();
    let mut push = |name, value: String, href: String, note: String| {
        if !value.is_empty() {
            out.push(FieldView {
                name,
                value,
                href,
                note,
            });
        }
    };
    push(
        "发文机关",
        rec.issuers.join("、"),
        h.issuers.first().map(|f| href(&f.span)).unwrap_or_default(),
        String::new(),
    );
    push(
        "发文字号",
        rec.doc_number
            .as_ref()
            .map(|n| n.raw.clone())
            .unwrap_or_default(),
        h.doc_number
            .as_ref()
            .map(|f| href(&f.span))
            .unwrap_or_default(),
        String::new(),
    );
    push(
        "成文日期",
        match (&rec.date, &rec.date_raw) {
            (Some(d), Some(r)) if r != d => format!("{r}（{d}）"),
            (Some(d), _) => d.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => String::new(),
        },
        h.date.as_ref().map(|f| href(&f.span)).unwrap_or_default(),
        if rec.date_malformed {
            "日期印刷有误".to_string()
        } else {
            String::new()
        },
    );
    push(
        "文种",
        rec.genre.clone().unwrap_or_default(),
        String::new(),
        String::new(),
    );
    push(
        "主送机关",
        rec.addressees.join("、"),
        h.addressees
            .first()
            .map(|f| href(&f.span))
            .unwrap_or_default(),
        String::new(),
    );
    push(
        "公开属性",
        rec.disclosure.clone().unwrap_or_default(),
        h.disclosure
            .as_ref()
            .map(|f| href(&f.span))
            .unwrap_or_default(),
        String::new(),
    );
    if let Some(e) = &rec.effective {
        let v = match (&e.date, &e.resolved) {
            (Some(d), Some(r)) if d == "on_issue" => format!("自印发之日起（{r}）"),
            (Some(d), _) if d == "on_issue" => "自印发之日起".to_string(),
            (Some(d), _) => d.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => "见条款".to_string(),
        };
        push(
            "施行日期",
            v,
            source_line_href(id, e.start_line),
            String::new(),
        );
    }
    if let Some(v) = &rec.validity {
        let text = match (v.years, v.months, &v.until) {
            (Some(y), _, _) => format!("{y}年"),
            (_, Some(m), _) => format!("{m}个月"),
            (_, _, Some(u)) => format!("至{u}"),
            _ => "见条款".to_string(),
        };
        push(
            "有效期",
            text,
            source_line_href(id, v.start_line),
            String::new(),
        );
    }
    for r in &rec.repeals {
        let label = match (&r.title, &r.doc_number) {
            (Some(t), Some(n)) => format!("《{t}》（{n}）"),
            (Some(t), None) => format!("《{t}》"),
            (None, Some(n)) => n.clone(),
            (None, None) => "（未识别）".to_string(),
        };
        push(
            "废止文件",
            label,
            source_line_href(id, r.start_line),
            match &r.target_id {
                Some(t) => format!("库内：{}", labels.get(t)),
                None => "库外".to_string(),
            },
        );
    }
    for e in &rec.enclosed {
        push(
            "印发文件",
            format!("《{}》", e.title),
            e.start_line.map(|l| line_href(id, l)).unwrap_or_default(),
            String::new(),
        );
    }
    out
}

/// Lint findings about document `l` that its own text and the documents
/// it cites show (per-document checks, 文号 collisions and duplicated text
/// with the cited documents, cited numbers that differ): the cited
/// documents are point reads. The whole-store report is `/lint`.
fn doc_findings(store: &dyn Store, l: &LinkedDocument) -> Result<Vec<Finding>, ApiError> {
    let mut cited: Vec<&str> = Vec::new();
    let targets = l.linked.references.iter().map(|r| &r.target_id).chain(
        l.linked
            .clauses
            .iter()
            .flat_map(|c| c.repealed.iter().map(|r| &r.target_id)),
    );
    for t in targets.flatten() {
        if t != &l.id && !cited.contains(&t.as_str()) {
            cited.push(t);
        }
    }
    let mut docs: Vec<(String, Document)> = vec![(l.id.clone(), l.document.clone())];
    for t in cited {
        if let Some(s) = store.get(t)? {
            docs.push((t.to_string(), s.document));
        }
    }
    let refs: Vec<(String, &Document)> = docs.iter().map(|(i, d)| (i.clone(), d)).collect();
    let mut out = gongwen_core::lint::lint(&refs, std::slice::from_ref(&l.linked));
    out.retain(|f| f.doc_id == l.id);
    Ok(out)
}

/// `/doc/{id}`: the document reader. Point reads only: the document
/// linked, what cites it, the labels of the documents it names.
pub async fn doc_page(
    State(st): State<AppState>,
    P(id): P<String>,
) -> Result<Html<String>, ApiError> {
    blocking(move || {
        let store = st.store()?;
        let l = store
            .linked(&id)?
            .ok_or_else(|| ApiError::no_document(&id))?;
        let (id, d) = (&l.id, &l.document);
        let f = st.source_file(&*store, file_name(d))?;
        let today = st.today();
        let rec = view::record(&l, today);
        let links = view::links(&l, store.cited_by(id)?);
        let status = view::status(&l, today);
        let labels = Labels::read(
            &*store,
            l.linked
                .references
                .iter()
                .filter_map(|r| r.target_id.as_deref())
                .chain(links.cited_by.iter().filter_map(|c| c.id.as_deref()))
                .chain(links.repealed_by.iter().map(String::as_str))
                .chain(rec.repeals.iter().filter_map(|r| r.target_id.as_deref())),
        )?;
        let title_of = |t: &str| labels.get(t);
        let blocks = render::document_blocks(d, &l.linked.references, &f, &title_of);
        // The clause the status rests on sits in this document or, for a
        // repeal, in the repealing one.
        let status_href = match (&status.clause, status.repealed_by.as_deref()) {
            (Some(c), by) => {
                let holder = if holds(d, c) {
                    id.as_str()
                } else {
                    by.unwrap_or(id)
                };
                source_href(holder, c)
            }
            (None, Some(by)) => repeal_clause_href(&*store, id, by)?.unwrap_or_default(),
            (None, None) => String::new(),
        };
        let cites = links
            .cites
            .iter()
            .map(|c| {
                let label = match (&c.title, &c.doc_number) {
                    (Some(t), Some(n)) => format!("《{t}》（{n}）"),
                    (Some(t), None) => format!("《{t}》"),
                    (None, Some(n)) => n.clone(),
                    (None, None) => c.text.clone(),
                };
                let note = if !c.ambiguous.is_empty() {
                    format!("多个候选：{}", c.ambiguous.join("、"))
                } else if c.kind == ReferenceKind::ToBeDrafted.as_str() {
                    "待制定".to_string()
                } else if c.kind == ReferenceKind::Standard.as_str() {
                    "标准".to_string()
                } else {
                    "库外".to_string()
                };
                LinkView {
                    label,
                    href: c.id.as_deref().map(doc_href).unwrap_or_default(),
                    note,
                    line: c.line,
                }
            })
            .collect();
        let cited_by = links
            .cited_by
            .iter()
            .map(|c| {
                let from = c.id.clone().unwrap_or_default();
                LinkView {
                    label: labels.get(&from),
                    href: line_href(&from, c.line),
                    note: c.text.clone(),
                    line: c.line,
                }
            })
            .collect();
        let repealed_by = links
            .repealed_by
            .iter()
            .map(|r| LinkView {
                label: labels.get(r),
                href: doc_href(r),
                note: String::new(),
                line: 0,
            })
            .collect();
        let byte_span = |start_byte, end_byte, start_line, end_line| Span {
            file: d.span.file.clone(),
            start_byte,
            end_byte,
            start_line,
            end_line,
        };
        let assignments = rec
            .assignments
            .iter()
            .map(|a| AssignmentView {
                path: a.outline_path.join(" "),
                task: a.task.clone(),
                units: a
                    .units
                    .iter()
                    .map(|u| UnitView {
                        name: u.name.clone(),
                        role: Role::from_name(&u.role)
                            .map_or_else(|| u.role.clone(), |r| r.label().to_string()),
                        href: format!("/unit/{}", path_seg(&u.normalized)),
                    })
                    .collect(),
                deadline: a
                    .deadline
                    .as_ref()
                    .map(|x| x.text.clone())
                    .unwrap_or_default(),
                due: a
                    .deadline
                    .as_ref()
                    .and_then(|x| x.end_date.or(x.date))
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                href: source_href(
                    id,
                    &byte_span(a.start_byte, a.end_byte, a.start_line, a.end_line),
                ),
            })
            .collect();
        let targets = rec
            .targets
            .iter()
            .map(|t| TargetView {
                year: t.year.map(|y| y.to_string()).unwrap_or_default(),
                metric: t.metric.clone(),
                value: format!("{}{}{}", t.comparator_text, fmt_value(t.value), t.unit),
                href: source_href(
                    id,
                    &byte_span(t.start_byte, t.end_byte, t.start_line, t.end_line),
                ),
            })
            .collect();
        let findings = doc_findings(&*store, &l)?
            .into_iter()
            .map(|x| FindingView {
                href: source_href(id, &x.span),
                code: x.code,
                message: x.message,
            })
            .collect();
        let page = DocPage {
            title: rec.title.clone().unwrap_or_else(|| id.clone()),
            doc_title: rec
                .title
                .clone()
                .unwrap_or_else(|| "（无标题）".to_string()),
            id: id.clone(),
            id_path: path_seg(id),
            file: rec.source.file.clone(),
            start_line: rec.source.start_line,
            end_line: rec.source.end_line,
            source_href: source_href(id, &d.span),
            today: today.to_string(),
            fields: header_fields(id, d, &rec, &labels),
            status_label: status.state.label().to_string(),
            status_class: status.state.name().to_string(),
            status_reason: status.reason.clone(),
            status_href,
            outline: render::outline_items(&d.outline),
            attachments: rec
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    label: match &a.title {
                        Some(t) => format!("{} {t}", a.label),
                        None => a.label.clone(),
                    },
                    present: a.present,
                    line: a.start_line.or(a.announced_line).unwrap_or(0),
                })
                .collect(),
            blocks,
            cites,
            cited_by,
            repealed_by,
            assignments,
            targets,
            findings,
        };
        html(&page)
    })
    .await
}

// ---------------------------------------------------------------------------
// Source view.
// ---------------------------------------------------------------------------

/// `start`/`end` (raw bytes) or `line` of the source view.
#[derive(Debug, Default, Deserialize)]
pub struct SourcePageQuery {
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// Highlight this whole line instead.
    pub line: Option<usize>,
}

#[derive(Template)]
#[template(path = "source.html")]
struct SourcePage {
    title: String,
    doc_title: String,
    id_path: String,
    file: String,
    start: usize,
    end: usize,
    start_line: usize,
    end_line: usize,
    lines: Vec<SourceLine>,
}

/// Most lines the source view shows around a span outside the document.
const SOURCE_CONTEXT: usize = 8;

/// `/doc/{id}/source?start=&end=`: the raw text with the span highlighted.
pub async fn source_page(
    State(st): State<AppState>,
    P(id): P<String>,
    Q(q): Q<SourcePageQuery>,
) -> Result<Html<String>, ApiError> {
    blocking(move || {
        let store = st.store()?;
        let d = store
            .get(&id)?
            .ok_or_else(|| ApiError::no_document(&id))?
            .document;
        let f = st.source_file(&*store, file_name(&d))?;
        let (start, end) = match q.line {
            Some(n) => f.line_raw_range(n).ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_range",
                    format!("行号须在 1 到 {} 之间", f.line_count()),
                )
            })?,
            None => {
                let s = SourceQuery {
                    start: q.start,
                    end: q.end,
                };
                api::source_range(
                    s.start,
                    s.end,
                    (d.span.start_byte, d.span.end_byte),
                    f.raw_len,
                )?
            }
        };
        let start_line = f.line_of_raw(start);
        let end_line = f.line_of_raw(end.saturating_sub(1).max(start));
        let inside = start_line <= d.span.end_line && end_line >= d.span.start_line;
        let (first, last) = if inside {
            (
                d.span.start_line.min(start_line),
                d.span.end_line.max(end_line),
            )
        } else {
            (
                start_line.saturating_sub(SOURCE_CONTEXT),
                end_line + SOURCE_CONTEXT,
            )
        };
        let lines = render::source_lines(&f, first, last, (start, end));
        let title = d.header.title.as_ref().map(|t| t.value.as_str());
        let number = d.header.doc_number.as_ref().map(|n| n.value.raw.as_str());
        let page = SourcePage {
            title: format!("原文 {}", title.unwrap_or_default()),
            doc_title: label_of(&id, number, title),
            id_path: path_seg(&id),
            file: f.name.clone(),
            start,
            end,
            start_line,
            end_line,
            lines,
        };
        html(&page)
    })
    .await
}

// ---------------------------------------------------------------------------
// Units.
// ---------------------------------------------------------------------------

struct TaskView {
    due: String,
    deadline: String,
    task: String,
    doc_href: String,
    doc_label: String,
    href: String,
}

struct RoleGroup {
    name: String,
    tasks: Vec<TaskView>,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    title: String,
    unit: String,
    total: usize,
    ics_href: String,
    json_href: String,
    groups: Vec<RoleGroup>,
}

/// `/unit/{name}`: every assignment of a unit, grouped by role, by deadline.
pub async fn unit_page(
    State(st): State<AppState>,
    P(name): P<String>,
) -> Result<Html<String>, ApiError> {
    let unit = api::text("name", Some(&name))?
        .ok_or_else(|| ApiError::bad_request("invalid_parameter", "单位名称为空"))?;
    blocking(move || {
        let rows = api::unit_tasks(&st, &unit)?;
        // Groups in the order of `Role::ALL` (lead first).
        let mut by_role: BTreeMap<Role, RoleGroup> = BTreeMap::new();
        for r in &rows {
            let g = by_role.entry(r.role).or_insert_with(|| RoleGroup {
                name: format!("{}单位", r.role.label()),
                tasks: Vec::new(),
            });
            g.tasks.push(TaskView {
                due: r.due.clone().unwrap_or_default(),
                deadline: r.deadline.clone().unwrap_or_default(),
                task: r.task.clone(),
                doc_href: line_href(&r.id, r.line),
                doc_label: label_of(&r.id, r.doc_number.as_deref(), Some(&r.title)),
                href: source_line_href(&r.id, r.line),
            });
        }
        let q = form_urlencoded::Serializer::new(String::new())
            .append_pair("unit", &unit)
            .append_pair("limit", "100")
            .finish();
        let page = UnitPage {
            title: format!("{unit} 任务"),
            total: rows.len(),
            ics_href: format!("/api/units/{}/calendar.ics", path_seg(&unit)),
            json_href: format!("/api/tasks?{q}"),
            unit,
            groups: by_role.into_values().collect(),
        };
        html(&page)
    })
    .await
}

struct UnitRow {
    name: String,
    href: String,
    count: usize,
    lead: usize,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    title: String,
    units: Vec<UnitRow>,
}

/// `/units`: every unit with tasks.
pub async fn units_page(State(st): State<AppState>) -> Result<Html<String>, ApiError> {
    blocking(move || {
        let list: Vec<UnitRow> = st
            .store()?
            .units()?
            .into_iter()
            .map(|u| UnitRow {
                href: format!("/unit/{}", path_seg(&u.name)),
                name: u.name,
                count: u.tasks,
                lead: u.lead,
            })
            .collect();
        html(&UnitsPage {
            title: "单位任务".to_string(),
            units: list,
        })
    })
    .await
}

// ---------------------------------------------------------------------------
// Targets and lint.
// ---------------------------------------------------------------------------

struct TargetRowView {
    year: String,
    metric: String,
    value: String,
    text: String,
    doc_href: String,
    doc_label: String,
    href: String,
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    title: String,
    year: String,
    total: usize,
    /// 第 a–b 项, empty for no row.
    range: String,
    json_href: String,
    rows: Vec<TargetRowView>,
    prev: Option<String>,
    next: Option<String>,
}

/// Filter and page of `/targets`.
#[derive(Debug, Default, Deserialize)]
pub struct TargetsPageQuery {
    pub year: Option<i32>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

/// `/targets?year=&offset=&limit=`: quantitative targets, a page at a
/// time (100 by default), by document and line.
pub async fn targets_page(
    State(st): State<AppState>,
    Q(q): Q<TargetsPageQuery>,
) -> Result<Html<String>, ApiError> {
    let (offset, limit) = api::page(q.offset, Some(q.limit.unwrap_or(api::MAX_LIMIT)))?;
    blocking(move || {
        let store = st.store()?;
        let found = store.targets(&TargetFilter { year: q.year }, Paging::new(offset, limit))?;
        let labels = Labels::read(&*store, found.items.iter().map(|t| t.id.as_str()))?;
        let rows = found
            .items
            .iter()
            .map(|t| TargetRowView {
                year: t.year.map(|y| y.to_string()).unwrap_or_default(),
                metric: t.metric.clone(),
                value: format!("{}{}{}", t.comparator_text, fmt_value(t.value), t.unit),
                text: t.text.clone(),
                doc_href: line_href(&t.id, t.line),
                doc_label: labels.get(&t.id),
                href: source_line_href(&t.id, t.line),
            })
            .collect();
        let href = |offset: usize| {
            let mut s = form_urlencoded::Serializer::new(String::new());
            if let Some(y) = q.year {
                s.append_pair("year", &y.to_string());
            }
            if offset > 0 {
                s.append_pair("offset", &offset.to_string());
            }
            if limit != api::MAX_LIMIT {
                s.append_pair("limit", &limit.to_string());
            }
            format!("/targets?{}", s.finish())
        };
        let page = TargetsPage {
            title: "目标指标".to_string(),
            year: q.year.map(|y| y.to_string()).unwrap_or_default(),
            total: found.total,
            range: match found.items.len() {
                0 => String::new(),
                n => format!("第 {}–{} 项", offset + 1, offset + n),
            },
            json_href: match q.year {
                Some(y) => format!("/api/targets?year={y}&offset={offset}&limit={limit}"),
                None => format!("/api/targets?offset={offset}&limit={limit}"),
            },
            rows,
            prev: (offset > 0).then(|| href(offset.saturating_sub(limit))),
            next: (offset + limit < found.total).then(|| href(offset + limit)),
        };
        html(&page)
    })
    .await
}

struct RelatedView {
    label: String,
    href: String,
}

struct LintItemView {
    severity: &'static str,
    severity_label: &'static str,
    message: String,
    doc_href: String,
    doc_label: String,
    href: String,
    related: Vec<RelatedView>,
}

struct LintGroup {
    code: String,
    heading: String,
    items: Vec<LintItemView>,
}

#[derive(Template)]
#[template(path = "lint.html")]
struct LintPage {
    title: String,
    total: usize,
    groups: Vec<LintGroup>,
}

/// `/lint`: the lint report, grouped by check.
pub async fn lint_page(State(st): State<AppState>) -> Result<Html<String>, ApiError> {
    blocking(move || {
        let store = st.store()?;
        let findings = st.lint(&*store)?;
        let labels = Labels::read(
            &*store,
            findings.iter().flat_map(|f| {
                std::iter::once(f.doc_id.as_str()).chain(f.related.iter().map(|(r, _)| r.as_str()))
            }),
        )?;
        let mut groups: Vec<LintGroup> = Vec::new();
        for f in findings.iter() {
            if groups.last().is_none_or(|g| g.code != f.code) {
                let heading = CHECKS
                    .iter()
                    .find(|c| c.code == f.code)
                    .map_or_else(|| f.code.clone(), |c| c.heading.to_string());
                groups.push(LintGroup {
                    code: f.code.clone(),
                    heading,
                    items: Vec::new(),
                });
            }
            let (severity, severity_label) = match f.severity {
                Severity::Error => ("error", "错误"),
                Severity::Warning => ("warning", "警告"),
                Severity::Info => ("info", "提示"),
            };
            let item = LintItemView {
                severity,
                severity_label,
                message: f.message.clone(),
                doc_href: doc_href(&f.doc_id),
                doc_label: labels.get(&f.doc_id),
                href: source_href(&f.doc_id, &f.span),
                related: f
                    .related
                    .iter()
                    .map(|(rid, span)| RelatedView {
                        label: format!("相关：{}", view::cut(&labels.get(rid), 24)),
                        href: source_href(rid, span),
                    })
                    .collect(),
            };
            if let Some(g) = groups.last_mut() {
                g.items.push(item);
            }
        }
        html(&LintPage {
            title: "质量检查".to_string(),
            total: findings.len(),
            groups,
        })
    })
    .await
}
