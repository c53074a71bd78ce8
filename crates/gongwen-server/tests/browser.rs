//! The web interface in a real browser: headless Chromium driven through
//! chromedriver (WebDriver, `fantoccini`), against the server on a loopback
//! socket holding the shared corpus, the sample gazette and an XSS probe.
//!
//! Scenarios: search → open a result → follow a citation → land on the
//! cited document; the unit page of 市发改委 lists its tasks and links a
//! calendar that is `text/calendar`; the XSS probe stays inert (reader,
//! source view, search results); the reader shows the outline with working
//! anchors, tables as `<table>` and the status badge. A screenshot of every
//! page visited goes to `test-output/screenshots/` at the repository root.
//!
//! Without `/usr/bin/chromium` or `/usr/bin/chromedriver` the test is
//! skipped with a message — unless `CI` is set, where it fails
//! (`scripts/test.sh` installs both). Without `../shared/corpus` the corpus
//! scenarios are skipped with a message; the XSS probe still runs.

mod common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{corpus_files, enc, store_with, today, SAMPLE};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use gongwen_server::{router, AppState, ServeOptions};
use gongwen_store::{Paging, Store, TaskFilter, TaskRow};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A document whose title and body carry live markup. The title wraps over
/// two lines as printed titles do (a single title line of 80+ characters is
/// not taken for a title by the parser).
const PROBE: &str = "某市人民政府\n\n关于<script>window.__xss=1</script>做好\n浏览器探针<img src=x onerror=\"window.__xss=2\">工作的通知\n\n某政〔2020〕7号\n\n各县（市、区）人民政府：\n\n　　请认真做好<script>window.__xss=1</script>浏览器探针工作，<img src=x onerror=\"window.__xss=2\">不得遗漏。\n\n某市人民政府\n\n2020年3月1日\n";

type R<T = ()> = Result<T, String>;

fn err<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{what}: {e}")
}

fn ensure(cond: bool, msg: impl FnOnce() -> String) -> R {
    if cond {
        Ok(())
    } else {
        Err(msg())
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// chromedriver, killed (with its process group: the browser) on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(log: &Path) -> R<Self> {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let log = std::fs::File::create(log).map_err(err("chromedriver log"))?;
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(err("log"))?)
            .stderr(log)
            .process_group(0)
            .spawn()
            .map_err(err("start chromedriver"))?;
        Ok(Driver { child, port })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Wait until chromedriver answers `/status` with `ready`.
    async fn wait_ready(&mut self) -> R {
        let deadline = Instant::now() + Duration::from_secs(30);
        let addr: SocketAddr = ([127, 0, 0, 1], self.port).into();
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return Err(format!("chromedriver exited: {st}"));
            }
            if let Ok((_, _, body)) = http_get(addr, "/status").await {
                if body.contains("\"ready\":true") || body.contains("\"ready\": true") {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err("chromedriver not ready after 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any browser it left behind.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET over a fresh connection: (status, content-type, body).
async fn http_get(addr: SocketAddr, path: &str) -> R<(u16, String, String)> {
    let path = path.to_string();
    tokio::task::spawn_blocking(move || http_get_blocking(addr, &path))
        .await
        .map_err(err("http worker"))?
}

fn http_get_blocking(addr: SocketAddr, path: &str) -> R<(u16, String, String)> {
    use std::io::{Read, Write};
    let t = Duration::from_secs(10);
    let mut s = std::net::TcpStream::connect_timeout(&addr, t).map_err(err("connect"))?;
    s.set_read_timeout(Some(t)).map_err(err("timeout"))?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).map_err(err("write"))?;
    // Read until the body announced by Content-Length is in (chromedriver
    // keeps the connection open), or to the end of the stream.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 << 10];
    let (head, body_start) = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break (String::from_utf8_lossy(&buf[..i]).into_owned(), i + 4);
        }
        let n = s.read(&mut chunk).map_err(err("read"))?;
        if n == 0 {
            return Err(format!("{path}: connection closed before the headers"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let length = header("content-length").and_then(|v| v.parse::<usize>().ok());
    loop {
        if length.is_some_and(|n| buf.len() - body_start >= n) {
            break;
        }
        let n = s.read(&mut chunk).map_err(err("read"))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[body_start..]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let ctype = header("content-type").unwrap_or_default();
    Ok((status, ctype, body))
}

/// The server over `files` on 127.0.0.1:<free port>, with a search index;
/// `fgw_tasks` is what the unit page of 市发改委 should list, read from the
/// store directly.
struct Server {
    addr: SocketAddr,
    fgw_tasks: Vec<TaskRow>,
    _index: tempfile::TempDir,
}

async fn start_server(files: Vec<(String, Vec<u8>)>) -> Server {
    let index = tempfile::tempdir().expect("tempdir");
    let index_dir = index.path().join("index");
    let (state, fgw_tasks) = tokio::task::spawn_blocking(move || {
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let store = store_with(&refs);
        // Expected tasks straight from the store, not through HTTP.
        let tasks = store
            .tasks(
                &TaskFilter {
                    unit: Some("市发改委".into()),
                    role: None,
                    due_before: None,
                },
                Paging::ALL,
            )
            .expect("tasks")
            .items;
        let state = AppState::with_store(
            Box::new(store),
            Some(index_dir),
            ServeOptions {
                today: Some(today()),
            },
        )
        .expect("state");
        // Index now, not on the first search.
        let store = state.store().expect("store handle");
        state.sync_search(&*store).expect("sync the index");
        drop(store);
        (state, tasks)
    })
    .await
    .expect("load store");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(state)).await;
    });
    Server {
        addr,
        fgw_tasks,
        _index: index,
    }
}

/// A browser session on `server`, saving screenshots to `shots`.
struct Browser {
    c: Client,
    base: String,
    shots: PathBuf,
}

impl Browser {
    async fn goto(&self, path: &str) -> R {
        self.c
            .goto(&format!("{}{path}", self.base))
            .await
            .map_err(err(path))
    }

    async fn shot(&self, name: &str) -> R {
        let png = self.c.screenshot().await.map_err(err("screenshot"))?;
        std::fs::write(self.shots.join(format!("{name}.png")), png).map_err(err("save screenshot"))
    }

    async fn find(&self, css: &str) -> R<Element> {
        match self.c.find(Locator::Css(css)).await {
            Ok(e) => Ok(e),
            Err(e) => Err(format!("{css} on {}: {e}", self.path().await)),
        }
    }

    async fn find_all(&self, css: &str) -> R<Vec<Element>> {
        self.c.find_all(Locator::Css(css)).await.map_err(err(css))
    }

    async fn text(&self, css: &str) -> R<String> {
        self.wait_for(css).await?.text().await.map_err(err(css))
    }

    async fn js(&self, script: &str) -> R<Value> {
        self.c.execute(script, vec![]).await.map_err(err(script))
    }

    async fn path(&self) -> String {
        match self.c.current_url().await {
            Ok(u) => {
                let p = percent_encoding::percent_decode_str(u.path()).decode_utf8_lossy();
                match u.fragment() {
                    Some(f) => format!("{p}#{f}"),
                    None => p.into_owned(),
                }
            }
            Err(e) => format!("(url: {e})"),
        }
    }

    /// The first `css` element whose text contains `needle`.
    async fn element_with_text(&self, css: &str, needle: &str) -> R<Element> {
        for e in self.find_all(css).await? {
            if e.text().await.is_ok_and(|t| t.contains(needle)) {
                return Ok(e);
            }
        }
        Err(format!(
            "no {css} containing {needle:?} on {}",
            self.path().await
        ))
    }

    /// Type `q` into the search box of the current page and submit.
    async fn search(&self, q: &str) -> R {
        let input = self.find("form.search input[name=q]").await?;
        input.clear().await.map_err(err("clear"))?;
        input.send_keys(q).await.map_err(err("type query"))?;
        self.find("form.search button[type=submit]")
            .await?
            .click()
            .await
            .map_err(err("submit"))?;
        self.wait_for("section.results").await.map(|_| ())
    }

    /// `find`, retried until the page that a click or submit started has
    /// loaded (the old page is still there right after the click).
    async fn wait_for(&self, css: &str) -> R<Element> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match self.find(css).await {
                Ok(e) => return Ok(e),
                Err(e) if Instant::now() >= deadline => return Err(e),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// No document markup became live on the current page.
    async fn assert_inert(&self, page: &str) -> R {
        let v = self.js("return typeof window.__xss").await?;
        ensure(v == json!("undefined"), || {
            format!("{page}: window.__xss is {v} — the probe ran")
        })?;
        let n = self
            .js("return document.scripts.length + document.querySelectorAll('main img, main [onerror]').length")
            .await?;
        ensure(n == json!(0), || {
            format!("{page}: {n} script/img elements in the DOM")
        })?;
        let body = self.text("main").await?;
        ensure(body.contains("<script>window.__xss=1</script>"), || {
            format!("{page}: the literal <script> text is not visible")
        })?;
        // Title and snippet drop the spaces inside the tag (`<imgsrc=x…`).
        ensure(body.contains("onerror=\"window.__xss=2\">"), || {
            format!("{page}: the literal <img onerror> text is not visible")
        })
    }
}

/// (a) search → result → citation → the cited document.
async fn search_and_follow_citation(b: &Browser) -> R {
    b.goto("/").await?;
    b.search("加强审计工作").await?;
    b.shot("a1-search-results").await?;
    let hit = b
        .element_with_text(
            "li.hit .hit-title a",
            "关于深入贯彻落实河北省人民政府关于加强审计工作的实施意见的通知",
        )
        .await?;
    hit.click().await.map_err(err("open result"))?;
    let h1 = b.text("section.card h1").await?;
    ensure(h1.contains("加强审计工作的实施意见"), || {
        format!("opened {h1:?}")
    })?;
    ensure(
        b.text("section.card").await?.contains("廊政〔2015〕30号"),
        || "the reader's card lacks 廊政〔2015〕30号".into(),
    )?;
    b.shot("a2-reader-citing").await?;
    // The citation in the text (line 1152 of 000): 《廊坊市政府投资建设项目审计监督办法》.
    let cite = b
        .element_with_text("section.text a.cite", "廊坊市政府投资建设项目审计监督办法")
        .await?;
    let href = cite.attr("href").await.map_err(err("href"))?;
    ensure(
        href.as_deref().is_some_and(|h| h.starts_with("/doc/")),
        || format!("citation href {href:?}"),
    )?;
    cite.click().await.map_err(err("follow citation"))?;
    let path = b.path().await;
    ensure(href.as_deref().is_some_and(|h| path.starts_with(h)), || {
        format!("landed on {path}, expected {href:?}")
    })?;
    let h1 = b.text("section.card h1").await?;
    ensure(
        h1 == "关于印发廊坊市政府投资建设项目审计监督办法的通知",
        || format!("landed on {h1:?}"),
    )?;
    let card = b.text("section.card dl").await?;
    ensure(card.contains("廊政〔2015〕12号"), || {
        format!("landing card lacks 廊政〔2015〕12号: {card}")
    })?;
    // …and the landing page knows who cites it.
    let facts = b.text("section.facts").await?;
    ensure(facts.contains("廊政〔2015〕30号"), || {
        "the cited-by list lacks 廊政〔2015〕30号".into()
    })?;
    b.shot("a3-reader-cited").await
}

/// (b) the unit page of 市发改委 and its calendar.
async fn unit_page(b: &Browser, server: &Server) -> R {
    let expected = &server.fgw_tasks;
    ensure(expected.len() >= 50, || {
        format!("only {} tasks of 市发改委 in the store", expected.len())
    })?;
    b.goto(&format!("/unit/{}", enc("市发改委"))).await?;
    b.shot("b1-unit").await?;
    let h1 = b.text("main h1").await?;
    ensure(h1.contains("市发改委"), || {
        format!("unit page h1 {h1:?}")
    })?;
    let summary = b.text("main > p").await?;
    ensure(
        summary.contains(&format!("共 {} 项任务", expected.len())),
        || format!("summary {summary:?}, expected {} tasks", expected.len()),
    )?;
    // One row per task (header rows aside), grouped under role headings.
    let rows = b.find_all("table.rows tr:has(td)").await?.len();
    ensure(rows == expected.len(), || {
        format!("{rows} task rows, expected {}", expected.len())
    })?;
    let groups = b.find_all("main h2").await?.len();
    ensure(groups >= 2, || format!("{groups} role groups"))?;
    let main = b.text("main").await?;
    for needle in ["切实搞好顶层设计", "完善转供代输及配气价格机制"] {
        ensure(main.contains(needle), || {
            format!("unit page lacks the task {needle:?}")
        })?;
    }
    for t in expected.iter().take(200) {
        let head: String = t.task.chars().take(12).collect();
        ensure(main.contains(&head), || {
            format!("unit page lacks the task {head:?} of {}", t.id)
        })?;
    }
    let ics = b.element_with_text("main a", "ICS").await?;
    let href = ics
        .attr("href")
        .await
        .map_err(err("ics href"))?
        .ok_or("ICS link without href")?;
    let (status, ctype, body) = http_get(server.addr, &href).await?;
    ensure(status == 200, || format!("{href}: status {status}"))?;
    ensure(ctype.starts_with("text/calendar"), || {
        format!("{href}: content-type {ctype:?}")
    })?;
    ensure(body.starts_with("BEGIN:VCALENDAR"), || {
        format!("{href}: not a calendar")
    })?;
    ensure(body.contains("BEGIN:VEVENT"), || {
        format!("{href}: no events")
    })
}

/// (c) the XSS probe stays inert on the search page, the reader and the source view.
async fn xss_probe(b: &Browser) -> R {
    b.goto("/").await?;
    b.search("浏览器探针").await?;
    b.shot("c1-xss-search").await?;
    b.assert_inert("search results").await?;
    let hit = b
        .element_with_text("li.hit .hit-title a", "浏览器探针")
        .await?;
    hit.click().await.map_err(err("open probe"))?;
    let h1 = b.text("section.card h1").await?;
    ensure(h1.contains("<script>window.__xss=1</script>"), || {
        format!("probe title rendered as {h1:?}")
    })?;
    b.shot("c2-xss-reader").await?;
    b.assert_inert("reader").await?;
    b.element_with_text("section.card a", "原文")
        .await?
        .click()
        .await
        .map_err(err("open source view"))?;
    ensure(b.path().await.contains("/source"), || {
        "the 原文 link did not open the source view".into()
    })?;
    b.find("pre.source .hl").await?;
    b.shot("c3-xss-source").await?;
    b.assert_inert("source view").await
}

/// (d) the reader: outline sidebar with anchors, tables, status badge.
async fn reader_structure(b: &Browser) -> R {
    b.goto(&format!("/search?q={}", enc("预约无偿献血指导性计划")))
        .await?;
    b.element_with_text(
        "li.hit .hit-title a",
        "关于印发2015年廊坊市预约无偿献血指导性计划的通知",
    )
    .await?
    .click()
    .await
    .map_err(err("open reader"))?;
    b.shot("d1-reader-top").await?;
    let anchors = b.find_all("aside.outline a[href^='#L']").await?;
    ensure(anchors.len() >= 4, || {
        format!("{} outline anchors", anchors.len())
    })?;
    let missing = b
        .js("return [...document.querySelectorAll(\"aside.outline a[href^='#L']\")].filter(a => !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.getAttribute('href'))")
        .await?;
    ensure(missing == json!([]), || {
        format!("outline anchors without a target: {missing}")
    })?;
    let heading = anchors.last().ok_or("no outline anchor")?;
    let target = heading
        .attr("href")
        .await
        .map_err(err("anchor href"))?
        .unwrap_or_default();
    heading.click().await.map_err(err("click outline"))?;
    let now = b.path().await;
    ensure(now.ends_with(&target), || {
        format!("the outline link went to {now}, not {target}")
    })?;
    // The target is scrolled to the top of the viewport.
    let top = b
        .js(&format!(
            "return document.getElementById('{}').getBoundingClientRect().top",
            target.trim_start_matches('#')
        ))
        .await?;
    ensure(top.as_f64().is_some_and(|t| t.abs() < 200.0), || {
        format!("the outline target {target} is at {top}px, not in view")
    })?;
    b.shot("d2-reader-outline-jump").await?;
    let tables = b.find_all("section.text .table-wrap table").await?;
    ensure(!tables.is_empty(), || "no table rendered as <table>".into())?;
    let cells = b
        .js("const t = document.querySelector('section.text .table-wrap table'); return [t.rows.length, t.querySelectorAll('td,th').length]")
        .await?;
    let (rows, cells) = (
        cells[0].as_u64().unwrap_or(0),
        cells[1].as_u64().unwrap_or(0),
    );
    ensure(rows >= 2 && cells >= 4, || {
        format!("first table has {rows} rows, {cells} cells")
    })?;
    let badge = b.find("section.card .badge[class*='st-']").await?;
    let label = badge.text().await.map_err(err("badge"))?;
    ensure(label == "现行有效", || {
        format!("status badge {label:?}")
    })?;
    b.js("document.querySelector('section.text .table-wrap table').scrollIntoView()")
        .await?;
    b.shot("d3-reader-table").await
}

async fn run(b: &Browser, server: &Server, corpus: bool) -> R {
    let mut failures = Vec::new();
    if corpus {
        for (name, r) in [
            ("search → citation", search_and_follow_citation(b).await),
            ("unit page", unit_page(b, server).await),
            ("reader structure", reader_structure(b).await),
        ] {
            if let Err(e) = r {
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    if let Err(e) = xss_probe(b).await {
        failures.push(format!("xss probe: {e}"));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_scenarios() {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if !missing.is_empty() {
        let msg = format!(
            "browser tests need {} (bash scripts/install-test-deps.sh installs them)",
            missing.join(" and ")
        );
        if under_ci() {
            panic!("{msg}");
        }
        eprintln!("SKIPPED browser tests: {msg}");
        return;
    }
    let mut files = vec![
        ("sample-gazette.txt".to_string(), SAMPLE.as_bytes().to_vec()),
        ("xss-probe.txt".to_string(), PROBE.as_bytes().to_vec()),
    ];
    let corpus = match corpus_files() {
        Some(c) => {
            files.extend(c);
            true
        }
        None => {
            eprintln!("SKIPPED corpus browser scenarios: ../shared/corpus is absent");
            false
        }
    };
    let server = start_server(files).await;

    let out = repo_root().join("test-output");
    let shots = out.join("screenshots");
    std::fs::create_dir_all(&shots).expect("test-output/screenshots");
    let profile = tempfile::tempdir().expect("profile dir");
    let mut driver = Driver::start(&out.join("chromedriver.log")).expect("chromedriver");
    driver.wait_ready().await.expect("chromedriver ready");

    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--lang=zh-CN",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.path().display())])
    .collect::<Vec<_>>();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": CHROMIUM, "args": args }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url())
        .await
        .expect("WebDriver session");
    let b = Browser {
        c: client,
        base: format!("http://{}", server.addr),
        shots,
    };
    let result = run(&b, &server, corpus).await;
    let _ = b.c.close().await;
    drop(driver);
    if let Err(e) = result {
        panic!("browser scenarios failed (screenshots in test-output/screenshots):\n{e}");
    }
}
