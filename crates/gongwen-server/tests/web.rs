//! The web pages: 200 on the sample and the corpus, document text escaped,
//! citations linked, unit page, HTML errors.

mod common;

use axum::http::StatusCode;
use common::*;

const OLD: &str = "某市人民政府\n\n关于印发某市停车管理办法的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2018年6月1日\n\n某市停车管理办法\n\n第一条　为规范停车，制定本办法。\n\n第二条　本办法自2018年7月1日起施行，有效期5年。\n";
const NEW: &str = "某市人民政府\n\n关于印发某市停车服务管理办法的通知\n\n某政〔2021〕3号\n\n各县（区）人民政府：\n\n现将《某市停车服务管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2021年3月1日\n\n某市停车服务管理办法\n\n第一条　为规范停车服务，根据《某市停车管理办法》（某政〔2018〕9号），制定本办法。\n\n第二条　本办法自2021年4月1日起施行。《某市停车管理办法》（某政〔2018〕9号）同时废止。\n";

fn assert_html(r: &Resp, uri: &str) {
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
    assert!(r.content_type().starts_with("text/html"), "{uri}");
    assert!(r.body.starts_with("<!doctype html>"), "{uri}");
    assert!(
        r.headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("default-src 'none'")),
        "{uri}: no CSP"
    );
}

/// No markup from the document survives: no script, no injected tags.
fn assert_inert(body: &str, uri: &str) {
    let lower = body.to_lowercase();
    assert!(!lower.contains("<script"), "{uri}: raw <script>");
    assert!(!lower.contains("<img"), "{uri}: raw <img>");
    assert!(!lower.contains("<b>"), "{uri}: raw <b>");
}

async fn ids(app: &axum::Router) -> Vec<String> {
    let mut out = Vec::new();
    let mut off = 0;
    loop {
        let j = get(app, &format!("/api/documents?limit=100&offset={off}"))
            .await
            .json();
        let items = j["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        off += items.len();
        out.extend(
            items
                .iter()
                .filter_map(|d| d["id"].as_str().map(String::from)),
        );
    }
    out
}

/// Every page of every document of `app` answers 200 with HTML.
async fn all_pages_ok(app: &axum::Router) {
    for uri in ["/", "/search", "/units", "/targets", "/lint"] {
        assert_html(&get(app, uri).await, uri);
    }
    let ids = ids(app).await;
    assert!(!ids.is_empty());
    for id in &ids {
        for uri in [format!("/doc/{id}"), format!("/doc/{id}/source")] {
            assert_html(&get(app, &uri).await, &uri);
        }
    }
    let tasks = get(app, "/api/tasks?limit=100").await.json();
    for t in tasks["items"].as_array().into_iter().flatten().take(20) {
        let unit = t["normalized"].as_str().unwrap_or_default();
        let uri = format!("/unit/{}", enc(unit));
        let r = get(app, &uri).await;
        assert_html(&r, &uri);
        assert!(r.body.contains("calendar.ics"), "{uri}");
    }
}

#[tokio::test]
async fn sample_pages_render() {
    let app = app();
    all_pages_ok(&app).await;
    let r = get(&app, "/static/style.css").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/css"));
}

#[tokio::test]
async fn reader_shows_card_outline_tables_and_facts() {
    let app = app();
    let id = id_of(&app, "营商环境优化工作方案的通知").await;
    let r = get(&app, &format!("/doc/{id}")).await;
    assert_html(&r, "reader");
    let b = &r.body;
    for needle in [
        "青政办〔2024〕11号",
        "发文字号",
        "效力状态（2024-06-01）",
        "现行有效",
        "<table",
        "<th>序号</th>",
        "企业开办“一网通办”",
        "市市场监管局",
        "/unit/",
        "附件1",
        "出处",
        "/source?start=",
    ] {
        assert!(b.contains(needle), "reader lacks {needle}");
    }
    // Outline headings with anchors, linked from the sidebar.
    assert!(b.contains("<h2 id=\"L"), "no h2 heading");
    assert!(b.contains("href=\"#L"), "no outline anchors");

    let id = id_of(&app, "城区停车管理办法的通知").await;
    let r = get(&app, &format!("/doc/{id}")).await;
    // Chapters are headings; the cited national law is outside the store.
    assert!(r.body.contains("第一章"));
    assert!(r.body.contains("库外"), "external citation not marked");
    assert!(r.body.contains("有效期"));
}

#[tokio::test]
async fn citations_link_to_the_cited_document() {
    let app = app_with(&[("old.txt", OLD.as_bytes()), ("new.txt", NEW.as_bytes())]);
    let old = id_of(&app, "某市停车管理办法的通知").await;
    let new = id_of(&app, "停车服务管理办法的通知").await;
    let r = get(&app, &format!("/doc/{new}")).await;
    assert_html(&r, "new");
    assert!(
        r.body
            .contains(&format!("class=\"cite\" href=\"/doc/{old}\"")),
        "citation not linked"
    );
    let r = get(&app, &format!("/doc/{old}")).await;
    assert_html(&r, "old");
    assert!(r.body.contains("已废止"), "repealed status not shown");
    assert!(
        r.body.contains(&format!("href=\"/doc/{new}#L")),
        "cited-by not linked"
    );
    assert!(r.body.contains("依据条款"));
}

#[tokio::test]
async fn document_markup_renders_as_text() {
    let app = app();
    let id = id_of(&app, "做好示例工作的通知").await;
    for uri in [
        format!("/doc/{id}"),
        format!("/doc/{id}/source"),
        format!("/doc/{id}/source?line=3"),
        "/".to_string(),
        "/units".to_string(),
        "/lint".to_string(),
        "/targets".to_string(),
    ] {
        let r = get(&app, &uri).await;
        assert_html(&r, &uri);
        assert_inert(&r.body, &uri);
    }
    let r = get(&app, &format!("/doc/{id}")).await;
    // askama escapes `<` `>` as numeric references.
    assert!(
        r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "escaped title missing"
    );
    assert!(r.body.contains("&#60;img src=x onerror=alert(1)&#62;"));
    // The query is echoed escaped, on the search page and on errors.
    let probe = enc("<script>alert(1)</script>");
    for uri in [
        format!("/search?q={probe}"),
        format!("/search?issuer={probe}"),
        format!("/unit/{probe}"),
        format!("/doc/{probe}"),
        format!("/doc/{id}/source?start={probe}"),
    ] {
        let r = get(&app, &uri).await;
        assert!(r.content_type().starts_with("text/html"), "{uri}");
        assert_inert(&r.body, &uri);
    }
}

#[tokio::test]
async fn source_view_highlights_the_span() {
    let app = app();
    let id = id_of(&app, "城区停车管理办法的通知").await;
    let j = get(&app, &format!("/api/documents/{id}")).await.json();
    let start = j["source"]["start_byte"].as_u64().unwrap_or(0);
    let r = get(
        &app,
        &format!("/doc/{id}/source?start={start}&end={}", start + 21),
    )
    .await;
    assert_html(&r, "source");
    assert!(
        r.body.contains("<span class=\"hl\">青川市人民政府</span>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"hl\""));
    let r = get(&app, &format!("/doc/{id}/source?start=5&end=1")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn unit_page_lists_tasks_by_role() {
    let app = app();
    let r = get(&app, &format!("/unit/{}", enc("市市场监管局"))).await;
    assert_html(&r, "unit");
    assert!(r.body.contains("牵头单位"), "{}", r.body);
    assert!(r.body.contains("企业开办"));
    assert!(r.body.contains("2024-06-30"));
    assert!(r.body.contains("/api/units/"));
    let r = get(&app, "/units").await;
    assert!(
        r.body.contains("市场监督管理局"),
        "normalised unit names listed"
    );
}

#[tokio::test]
async fn html_errors() {
    let app = app();
    for (uri, status) in [
        ("/doc/nope-001", StatusCode::NOT_FOUND),
        ("/no/such/page", StatusCode::NOT_FOUND),
        ("/search?limit=500", StatusCode::BAD_REQUEST),
        ("/targets?year=abc", StatusCode::BAD_REQUEST),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, status, "{uri}");
        assert!(r.content_type().starts_with("text/html"), "{uri}");
        assert!(r.body.contains("错误代码"), "{uri}");
    }
}

#[tokio::test]
async fn corpus_pages_render() {
    let Some(files) = corpus_files() else {
        eprintln!("shared/corpus absent: skipped");
        return;
    };
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    // Without a search index (indexing the corpus in a debug build takes
    // long; gongwen-search tests search on the corpus).
    let app = app_with(&refs);
    all_pages_ok(&app).await;
}

#[tokio::test]
async fn search_page_with_index() {
    let (app, _dir) = app_indexed();
    let r = get(&app, &format!("/search?q={}", enc("停车"))).await;
    assert_html(&r, "search");
    assert!(r.body.contains("<mark>"), "no highlighted snippet");
    assert!(r.body.contains("class=\"badge st-"), "no status badge");
    assert!(r.body.contains("发文机关"), "no facets");
    // Home page: browse with facets.
    let r = get(&app, "/").await;
    assert_html(&r, "home");
    assert!(r.body.contains("年份"));
    // Facet links keep the query and filter.
    let r = get(&app, &format!("/search?q={}&year=2024", enc("办法"))).await;
    assert_html(&r, "facet");
    assert!(r.body.contains("年份：2024"));
    // Markup in documents stays text in titles and snippets.
    for q in ["示例工作", "<script>alert(1)</script>", "script"] {
        let uri = format!("/search?q={}", enc(q));
        let r = get(&app, &uri).await;
        assert_html(&r, &uri);
        assert_inert(&r.body, &uri);
    }
    let r = get(&app, &format!("/search?q={}", enc("示例工作"))).await;
    assert!(
        r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{}",
        r.body
    );
    // Search → open the hit → the reader.
    let href = r
        .body
        .split("<div class=\"hit-title\"><a href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert!(href.starts_with("/doc/"), "{href}");
    let r = get(&app, href.split('#').next().unwrap_or_default()).await;
    assert_html(&r, &href);
}
