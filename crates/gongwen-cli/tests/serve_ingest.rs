//! Ingest while serving: two `gongwen serve` processes on one store answer
//! requests the whole time while a third process ingests the web copies;
//! the ingest exits 0, no request fails, and within 10 s both servers list
//! the new documents and find them by search. Repeated, because the
//! failure it guards against (the search index's writer lock) came every
//! other time.

#[path = "../../gongwen-core/tests/common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    c.env_remove("GONGWEN_STORE");
    c
}

/// A free loopback port.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

/// GET `path`: (status, body).
fn get(addr: SocketAddr, path: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    Ok((status, body))
}

fn json(body: &str) -> serde_json::Value {
    // Bodies are chunked or not; the JSON object is between the outer braces.
    let (Some(a), Some(b)) = (body.find('{'), body.rfind('}')) else {
        return serde_json::Value::Null;
    };
    serde_json::from_str(&body[a..=b]).unwrap_or(serde_json::Value::Null)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(store: &Path, port: u16) -> (Server, SocketAddr) {
    let child = bin()
        .arg("--store")
        .arg(store)
        .args(["--today", "2024-06-01", "serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let t = Instant::now();
    while get(addr, "/api/stats").map(|r| r.0).ok() != Some(200) {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (Server(child), addr)
}

fn documents(addr: SocketAddr) -> i64 {
    get(addr, "/api/stats")
        .map(|(_, b)| json(&b)["documents"].as_i64().unwrap_or(-1))
        .unwrap_or(-1)
}

fn search_total(addr: SocketAddr, q: &str) -> i64 {
    let q: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
    get(addr, &format!("/api/search?q={q}"))
        .map(|(_, b)| json(&b)["total"].as_i64().unwrap_or(-1))
        .unwrap_or(-1)
}

#[test]
fn ingest_while_two_servers_answer() {
    let Some(corpus) = common::present(common::corpus_dir()) else {
        return;
    };
    let Some(web) = common::present(common::realdocs_dir().join("docs")) else {
        return;
    };
    // A phrase only the web copies hold (checked below: absent before).
    let probe = "新疆";
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let o = bin()
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(o.status.success(), "{o:?}");
        let (_a, a) = serve(&store, free_port());
        let (_b, b) = serve(&store, free_port());
        let before = documents(a);
        assert!(before > 100);
        let probe_before = search_total(a, probe);

        let stop = Arc::new(AtomicBool::new(false));
        let (sent, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let paths = [
            "/api/search?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7",
            "/api/tasks?unit=%E5%B8%82%E5%8F%91%E6%94%B9%E5%A7%94",
            "/api/status",
            "/api/documents?limit=5",
        ];
        let workers: Vec<_> = [a, b, a, b]
            .into_iter()
            .enumerate()
            .map(|(k, addr)| {
                let (stop, sent, failed) = (stop.clone(), sent.clone(), failed.clone());
                std::thread::spawn(move || {
                    let mut i = k;
                    while !stop.load(Ordering::Relaxed) {
                        let p = paths[i % paths.len()];
                        i += 1;
                        sent.fetch_add(1, Ordering::Relaxed);
                        match get(addr, p) {
                            Ok((200, _)) => {}
                            other => {
                                failed.fetch_add(1, Ordering::Relaxed);
                                eprintln!("{addr}{p}: {:?}", other.map(|r| r.0));
                            }
                        }
                    }
                })
            })
            .collect();

        let o = bin()
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .arg(&web)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "round {round}: ingest while serving failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let total = bin()
            .arg("--store")
            .arg(&store)
            .args(["list", "--json"])
            .output()
            .map(|o| {
                serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout)
                    .map(|v| v.len() as i64)
                    .unwrap_or(-1)
            })
            .unwrap();
        assert!(total > before);
        // Both servers show the new documents, in search too, within 10 s.
        let t = Instant::now();
        loop {
            let ok = [a, b]
                .iter()
                .all(|&s| documents(s) == total && search_total(s, probe) > probe_before.max(0));
            if ok {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "round {round}: after 10 s: documents {} / {} of {total}, search {} / {}",
                documents(a),
                documents(b),
                search_total(a, probe),
                search_total(b, probe)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.join().unwrap();
        }
        let (sent, failed) = (sent.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
        eprintln!("round {round}: {sent} requests during the ingest, {failed} failed; {before} → {total} documents");
        assert!(sent > 20, "requests must run during the ingest");
        assert_eq!(failed, 0);
    }
}
