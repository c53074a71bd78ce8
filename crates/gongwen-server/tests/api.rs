//! The JSON API: shapes, status codes, error bodies, limits, pagination.

mod common;

use axum::http::StatusCode;
use common::*;

fn assert_error(r: &Resp, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.content_type().starts_with("application/json"),
        "{}",
        r.content_type()
    );
    let j = r.json();
    assert_eq!(j["error"]["code"], code, "{}", r.body);
    assert!(
        j["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn documents_list_filters_and_paginates() {
    let app = app();
    let r = get(&app, "/api/documents").await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    let total = j["total"].as_u64().unwrap_or(0);
    assert!(total >= 3, "{}", r.body);
    assert_eq!(j["offset"], 0);
    assert_eq!(j["limit"], 20);
    let first = &j["items"][0];
    for key in [
        "id",
        "file",
        "start_line",
        "end_line",
        "issuers",
        "title",
        "doc_number",
        "date",
        "genre",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }

    // Filters.
    let r = get(
        &app,
        &format!("/api/documents?doc_number={}", enc("青政〔2024〕3号")),
    )
    .await;
    let j = r.json();
    assert_eq!(j["total"], 1, "{}", r.body);
    assert_eq!(j["items"][0]["doc_number"], "青政〔2024〕3号");
    let r = get(
        &app,
        &format!(
            "/api/documents?issuer={}&year=2024",
            enc("青川市人民政府办公室")
        ),
    )
    .await;
    assert!(r.json()["items"].as_array().is_some_and(|a| !a.is_empty()
        && a.iter()
            .all(|d| d["date"].as_str().is_some_and(|x| x.starts_with("2024")))));
    let r = get(&app, "/api/documents?year=1999").await;
    assert_eq!(r.json()["total"], 0);
    let r = get(&app, "/api/documents?in_force_on=2024-06-01").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json()["total"].as_u64().unwrap_or(0) >= 1);

    // Pages of one cover the whole list, in the same order, twice.
    let mut ids = Vec::new();
    for off in 0..total {
        let r = get(&app, &format!("/api/documents?offset={off}&limit=1")).await;
        let j = r.json();
        assert_eq!(j["total"].as_u64(), Some(total));
        ids.push(j["items"][0]["id"].as_str().unwrap_or_default().to_string());
    }
    let all = get(&app, "/api/documents?limit=100").await.json();
    let all_ids: Vec<String> = all["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, all_ids);
    let r = get(&app, &format!("/api/documents?offset={}", total + 5)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn bad_parameters_answer_400_with_error_body() {
    let app = app();
    assert_error(
        &get(&app, "/api/documents?limit=101").await,
        StatusCode::BAD_REQUEST,
        "limit_too_large",
    );
    assert_error(
        &get(&app, "/api/documents?limit=0").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert_error(
        &get(&app, "/api/documents?limit=abc").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert_error(
        &get(&app, "/api/documents?offset=-1").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert_error(
        &get(&app, "/api/documents?in_force_on=2024-13-01").await,
        StatusCode::BAD_REQUEST,
        "invalid_date",
    );
    assert_error(
        &get(&app, "/api/status?on=yesterday").await,
        StatusCode::BAD_REQUEST,
        "invalid_date",
    );
    assert_error(
        &get(&app, "/api/tasks?due_before=2024/01/01").await,
        StatusCode::BAD_REQUEST,
        "invalid_date",
    );
    assert_error(
        &get(&app, "/api/search?q=x&date_from=notadate").await,
        StatusCode::BAD_REQUEST,
        "invalid_date",
    );
    let long = "字".repeat(501);
    assert_error(
        &get(&app, &format!("/api/search?q={}", enc(&long))).await,
        StatusCode::BAD_REQUEST,
        "query_too_long",
    );
    assert_error(
        &get(&app, &format!("/api/documents?issuer={}", enc(&long))).await,
        StatusCode::BAD_REQUEST,
        "query_too_long",
    );
    let huge = "a".repeat(9000);
    assert_error(
        &get(&app, &format!("/api/search?q={huge}")).await,
        StatusCode::URI_TOO_LONG,
        "uri_too_long",
    );
    assert_error(
        &get(&app, "/api/search?limit=1000").await,
        StatusCode::BAD_REQUEST,
        "limit_too_large",
    );
}

#[tokio::test]
async fn unknown_ids_and_paths_answer_404_with_error_body() {
    let app = app();
    for uri in [
        "/api/documents/nope-001",
        "/api/documents/nope-001/links",
        "/api/documents/nope-001/source",
        "/api/nothing-here",
        "/api",
        &format!("/api/units/{}/calendar.ics", enc("不存在的单位")),
    ] {
        assert_error(&get(&app, uri).await, StatusCode::NOT_FOUND, "not_found");
    }
    let r = request(&app, "POST", "/api/documents").await;
    assert_error(&r, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let r = request(&app, "DELETE", "/api/documents/x").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn document_record_links_and_source() {
    let app = app();
    let id = id_of(&app, "城区停车管理办法的通知").await;
    let r = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["id"], id.as_str());
    assert_eq!(j["doc_number"]["raw"], "青政〔2024〕3号");
    assert!(j["outline"].as_array().is_some_and(|o| !o.is_empty()));
    assert_eq!(j["status_today"]["on"], "2024-06-01");
    assert_eq!(
        j["status_today"]["state"], "in_force",
        "{}",
        j["status_today"]
    );
    assert!(j["validity"]["years"] == 5);

    let r = get(&app, &format!("/api/documents/{id}/links")).await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["id"], id.as_str());
    for key in ["cites", "cited_by", "repealed_by"] {
        assert!(j[key].is_array(), "{key}: {j}");
    }
    assert!(
        j["cites"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["id"].is_null())),
        "the cited national law is 库外: {j}"
    );

    // Source: the whole document by default, then a byte range.
    let r = get(&app, &format!("/api/documents/{id}/source")).await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["file"], "sample-gazette.txt");
    let text = j["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("青川市人民政府"), "{text}");
    let start = j["start"].as_u64().unwrap_or(0) as usize;
    let raw = SAMPLE.as_bytes();
    let r = get(
        &app,
        &format!("/api/documents/{id}/source?start={start}&end={}", start + 6),
    )
    .await;
    let j = r.json();
    assert_eq!(
        j["text"],
        String::from_utf8_lossy(&raw[start..start + 6]).as_ref()
    );
    assert_eq!(j["start_line"], j["end_line"]);
    // Cutting a character: decoded lossily, not an error.
    let r = get(
        &app,
        &format!("/api/documents/{id}/source?start={start}&end={}", start + 4),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json()["text"]
        .as_str()
        .is_some_and(|t| t.contains('\u{fffd}')));
    for q in [
        format!("start={}&end={}", start + 10, start),
        format!("start=0&end={}", raw.len() + 1),
        "start=-1".to_string(),
    ] {
        let r = get(&app, &format!("/api/documents/{id}/source?{q}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.body);
    }
}

#[tokio::test]
async fn status_tasks_targets_lint_calendar() {
    let app = app();
    let r = get(&app, "/api/status?on=2024-06-01&limit=100").await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["on"], "2024-06-01");
    let items = j["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(j["total"].as_u64(), Some(items.len() as u64));
    for key in ["id", "title", "state", "label", "reason", "clause"] {
        assert!(items[0].get(key).is_some(), "{key}");
    }
    // Before the 办法 takes effect.
    let r = get(&app, "/api/status?on=2024-04-01&state=not_yet_effective").await;
    assert!(r.json()["total"].as_u64().unwrap_or(0) >= 1, "{}", r.body);
    // Default date: today of the options.
    assert_eq!(get(&app, "/api/status").await.json()["on"], "2024-06-01");

    let r = get(&app, &format!("/api/tasks?unit={}", enc("市市场监管局"))).await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert!(j["total"].as_u64().unwrap_or(0) >= 1, "{}", r.body);
    let t = &j["items"][0];
    for key in [
        "id",
        "unit",
        "normalized",
        "role",
        "due",
        "deadline",
        "task",
        "file",
        "line",
    ] {
        assert!(t.get(key).is_some(), "{key}: {t}");
    }
    let r = get(
        &app,
        &format!(
            "/api/tasks?unit={}&role=lead&due_before=2024-07-01",
            enc("市市场监管局")
        ),
    )
    .await;
    assert!(r.json()["items"]
        .as_array()
        .is_some_and(|a| a.iter().all(|t| t["role"] == "lead")));
    let all = get(&app, "/api/tasks?limit=100").await.json();
    let n = all["total"].as_u64().unwrap_or(0);
    let mut paged = Vec::new();
    let mut off = 0;
    while off < n {
        let p = get(&app, &format!("/api/tasks?offset={off}&limit=3"))
            .await
            .json();
        paged.extend(p["items"].as_array().cloned().unwrap_or_default());
        off += 3;
    }
    assert_eq!(
        Some(&paged),
        all["items"].as_array(),
        "pagination is stable"
    );

    let r = get(&app, "/api/targets?year=2024").await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert!(
        j["items"]
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|t| t["year"] == 2024)),
        "{}",
        r.body
    );

    let r = get(&app, "/api/lint?limit=100").await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert!(j["items"].is_array() && j["total"].is_u64(), "{}", r.body);
    if let Some(f) = j["items"].as_array().and_then(|a| a.first()) {
        for key in ["code", "severity", "message", "doc_id", "span", "related"] {
            assert!(f.get(key).is_some(), "{key}: {f}");
        }
    }

    let r = get(
        &app,
        &format!("/api/units/{}/calendar.ics", enc("市市场监管局")),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/calendar"));
    assert!(r.body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(r.body.contains("BEGIN:VEVENT"));
}

#[tokio::test]
async fn openapi_document_lists_every_route() {
    let app = app();
    let r = get(&app, "/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert!(j["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for p in [
        "/api/documents",
        "/api/documents/{id}",
        "/api/documents/{id}/links",
        "/api/documents/{id}/source",
        "/api/search",
        "/api/status",
        "/api/tasks",
        "/api/targets",
        "/api/lint",
        "/api/stats",
        "/api/units/{name}/calendar.ics",
    ] {
        assert!(j["paths"][p]["get"].is_object(), "{p} missing");
    }
    assert!(j["components"]["schemas"]["ErrorBody"].is_object());
}

/// The properties of `schema` in `doc`: `$ref`s followed, `allOf` merged
/// (a page with extra fields is `allOf` a `Page_…` and an object).
fn properties(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
) -> serde_json::Map<String, serde_json::Value> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        assert!(target.is_object(), "dangling $ref {r}");
        return properties(doc, target);
    }
    let mut out = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        out.extend(properties(doc, part));
    }
    out
}

/// Every property the OpenAPI document names for a response is in the
/// real response, and nothing else: the schemas are derived from the
/// serialised types, this checks the derive and the serde attributes
/// agree.
#[tokio::test]
async fn schemas_match_responses() {
    let app = app();
    let doc = get(&app, "/api/openapi.json").await.json();
    let id = id_of(&app, "营商环境优化工作方案的通知").await;
    let unit = enc("市市场监管局");
    // (uri, path in the document, is a page)
    let cases: Vec<(String, &str, bool)> = vec![
        ("/api/documents".into(), "/api/documents", true),
        (format!("/api/documents/{id}"), "/api/documents/{id}", false),
        (
            format!("/api/documents/{id}/links"),
            "/api/documents/{id}/links",
            false,
        ),
        (
            format!("/api/documents/{id}/source"),
            "/api/documents/{id}/source",
            false,
        ),
        ("/api/status".into(), "/api/status", true),
        (format!("/api/tasks?unit={unit}"), "/api/tasks", true),
        ("/api/targets".into(), "/api/targets", true),
        ("/api/lint".into(), "/api/lint", true),
        ("/api/stats".into(), "/api/stats", false),
    ];
    let check =
        |uri: &str, props: &serde_json::Map<String, serde_json::Value>, v: &serde_json::Value| {
            assert!(!props.is_empty(), "{uri}: no properties in the schema");
            for k in props.keys() {
                assert!(v.get(k).is_some(), "{uri}: {k} missing in {v}");
            }
            let obj = v
                .as_object()
                .unwrap_or_else(|| panic!("{uri}: not an object"));
            for k in obj.keys() {
                assert!(props.contains_key(k), "{uri}: {k} not in the schema");
            }
        };
    for (uri, path, is_page) in cases {
        let body = get(&app, &uri).await.json();
        let schema =
            &doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert!(
            schema["$ref"].is_string(),
            "{path}: the response is not a named schema"
        );
        let props = properties(&doc, schema);
        check(&uri, &props, &body);
        if is_page {
            for k in ["total", "offset", "limit", "items"] {
                assert!(props.contains_key(k), "{path}: not a page");
            }
            let first = &body["items"][0];
            if uri == "/api/lint" && first.is_null() {
                continue;
            }
            assert!(first.is_object(), "{uri}: no item");
            check(&uri, &properties(&doc, &props["items"]["items"]), first);
        }
    }
}

/// The OpenAPI document: every `$ref` resolves, and every JSON answer of
/// every path is a named schema (what schemathesis checks responses
/// against).
#[tokio::test]
async fn openapi_refs_resolve() {
    fn refs<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x.as_str()) {
                        ("$ref", Some(r)) => out.push(r),
                        _ => refs(x, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let app = app();
    let doc = get(&app, "/api/openapi.json").await.json();
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in &all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected $ref {r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "dangling {r}"
        );
    }
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (status, resp) in ops["get"]["responses"].as_object().into_iter().flatten() {
            if let Some(s) = resp["content"].get("application/json") {
                assert!(s["schema"]["$ref"].is_string(), "{path} {status}: {s}");
            }
        }
    }
    // The enums travel by name.
    for (name, values) in [
        (
            "State",
            vec![
                "not_yet_effective",
                "in_force",
                "expired",
                "repealed",
                "unknown",
            ],
        ),
        (
            "Role",
            vec![
                "lead",
                "responsible",
                "cooperating",
                "supervising",
                "implementing",
                "member",
            ],
        ),
    ] {
        let e = &doc["components"]["schemas"][name]["enum"];
        assert_eq!(e, &serde_json::json!(values), "{name}");
    }
}

/// Unknown state and role names are a 400, known ones filter.
#[tokio::test]
async fn state_and_role_parameters_are_checked() {
    let app = app();
    for uri in ["/api/status?state=valid", "/api/tasks?role=boss"] {
        assert_error(
            &get(&app, uri).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
    }
    let j = get(&app, "/api/status?state=in_force&limit=100")
        .await
        .json();
    assert!(j["items"].as_array().is_some_and(|a| !a.is_empty()
        && a.iter()
            .all(|r| r["state"] == "in_force" && r["label"] == "现行有效")));
    let j = get(&app, "/api/tasks?role=lead&limit=100").await.json();
    assert!(j["items"]
        .as_array()
        .is_some_and(|a| !a.is_empty() && a.iter().all(|r| r["role"] == "lead")));
}

#[tokio::test]
async fn search_without_index_is_unavailable() {
    let app = app();
    let r = get(&app, &format!("/api/search?q={}", enc("停车"))).await;
    assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "search_unavailable");
}

#[tokio::test]
async fn search_answers_hits_and_facets() {
    let (app, _dir) = app_indexed();
    let r = get(&app, &format!("/api/search?q={}", enc("停车"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert!(j["total"].as_u64().unwrap_or(0) >= 1, "{}", r.body);
    let h = &j["hits"][0];
    for key in [
        "id",
        "title",
        "doc_number",
        "date",
        "score",
        "snippet",
        "unit",
        "source",
    ] {
        assert!(h.get(key).is_some(), "{key}: {h}");
    }
    assert!(
        h["snippet"].as_str().is_some_and(|s| s.contains("<mark>")),
        "{h}"
    );
    assert!(h["source"]["file"].is_string() && h["source"]["start_line"].is_u64());
    for f in ["issuer", "year", "genre", "status"] {
        assert!(j["facets"][f].is_array(), "facet {f}: {}", j["facets"]);
    }
    // A 文号 goes straight to its document.
    let r = get(&app, &format!("/api/search?q={}", enc("青政〔2024〕3号"))).await;
    let j = r.json();
    assert_eq!(j["hits"][0]["doc_number"], "青政〔2024〕3号", "{}", r.body);
    // Filters and pagination.
    let r = get(
        &app,
        &format!(
            "/api/search?q={}&year=2024&status=in_force&limit=1",
            enc("办法")
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["hits"].as_array().is_some_and(|a| a.len() <= 1));
    // Markup in documents comes back escaped inside the snippet.
    // (JSON carries the title as it is; the snippet is HTML.)
    let r = get(&app, &format!("/api/search?q={}", enc("示例工作"))).await;
    for h in r.json()["hits"].as_array().into_iter().flatten() {
        let s = h["snippet"].as_str().unwrap_or_default().to_lowercase();
        assert!(!s.contains("<script") && !s.contains("<b>"), "{s}");
    }
}

#[tokio::test]
async fn empty_dates_are_rejected() {
    let app = app();
    for uri in [
        "/api/status?on=",
        "/api/documents?in_force_on=",
        "/api/tasks?due_before=",
    ] {
        assert_error(
            &get(&app, uri).await,
            StatusCode::BAD_REQUEST,
            "invalid_date",
        );
    }
}

/// `offset` has the bound the OpenAPI document states: at the bound an
/// empty page, above it (or beyond 64 bits) a 400 — found by schemathesis,
/// which sent an offset of 10^37 that the schema allowed.
#[tokio::test]
async fn offsets_are_bounded_as_the_schema_says() {
    use gongwen_server::api::{MAX_BYTE_OFFSET, MAX_OFFSET};
    let app = app();
    let doc = get(&app, "/api/openapi.json").await.json();
    let mut seen = 0;
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for p in ops["get"]["parameters"].as_array().into_iter().flatten() {
            let max = &p["schema"]["maximum"];
            match p["name"].as_str() {
                Some("offset") => {
                    seen += 1;
                    assert_eq!(max.as_u64(), Some(MAX_OFFSET as u64), "{path}");
                }
                Some("start" | "end") => {
                    assert_eq!(max.as_u64(), Some(MAX_BYTE_OFFSET as u64), "{path}")
                }
                _ => {}
            }
        }
    }
    assert!(seen >= 6, "{seen} offset parameters");
    for path in ["/api/documents", "/api/tasks", "/api/status", "/api/lint"] {
        let r = get(&app, &format!("{path}?offset={MAX_OFFSET}")).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert_eq!(r.json()["items"].as_array().map(Vec::len), Some(0));
        for big in [
            (MAX_OFFSET + 1).to_string(),
            "14470463543078671076202298641395744768".to_string(),
        ] {
            let r = get(&app, &format!("{path}?offset={big}")).await;
            assert_error(&r, StatusCode::BAD_REQUEST, "invalid_parameter");
        }
    }
    let r = get(&app, &format!("/search?offset={}", MAX_OFFSET + 1)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
