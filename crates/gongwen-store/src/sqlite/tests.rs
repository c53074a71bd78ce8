use super::migrate::SCHEMA_VERSION;
use super::*;
use crate::content_hash;
use gongwen_core::export::ExportRecord;

const DOC: &str = "某市人民政府\n关于做好示例工作的通知\n某政〔2020〕3号\n\n各县（市、区）人民政府：\n　　请认真做好示例工作。\n\n某市人民政府\n2020年3月1日\n";

fn ingest(s: &mut SqliteStore, name: &str, text: &str) -> IngestOutcome {
    let parsed = gongwen_core::parse_bytes(name, text.as_bytes()).unwrap();
    s.ingest(&FileInput {
        path: name,
        name,
        bytes: text.as_bytes(),
        parsed: &parsed,
    })
    .unwrap()
}

#[test]
fn ingest_is_idempotent_and_replaces_versions() {
    let mut s = SqliteStore::in_memory().unwrap();
    assert_eq!(
        ingest(&mut s, "a.txt", DOC),
        IngestOutcome::Added {
            documents: 1,
            replaced: 0
        }
    );
    assert_eq!(
        ingest(&mut s, "a.txt", DOC),
        IngestOutcome::Unchanged { documents: 1 }
    );
    assert_eq!(s.stats().unwrap().documents, 1);
    let v2 = DOC.replace("3号", "4号");
    assert_eq!(
        ingest(&mut s, "a.txt", &v2),
        IngestOutcome::Added {
            documents: 1,
            replaced: 1
        }
    );
    let st = s.stats().unwrap();
    assert_eq!((st.files, st.documents), (1, 1));
    let all = s.list(&ListFilter::default(), Paging::ALL).unwrap();
    assert_eq!(all.items[0].doc_number.as_deref(), Some("某政〔2020〕4号"));
    assert_eq!(s.raw("a.txt").unwrap().unwrap(), v2.as_bytes());
}

#[test]
fn filters_and_get() {
    let mut s = SqliteStore::in_memory().unwrap();
    ingest(&mut s, "a.txt", DOC);
    let f = |issuer: Option<&str>, year: Option<i32>, genre: Option<&str>| ListFilter {
        issuer: issuer.map(String::from),
        year,
        genre: genre.map(String::from),
        doc_number: None,
        in_force_on: None,
    };
    assert_eq!(
        s.list(&f(Some("某市"), None, None), Paging::ALL)
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        s.list(&f(Some("别的"), None, None), Paging::ALL)
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        s.list(&f(None, Some(2020), Some("通知")), Paging::ALL)
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        s.list(&f(None, Some(2019), None), Paging::ALL)
            .unwrap()
            .total,
        0
    );
    let id = &s.list(&ListFilter::default(), Paging::ALL).unwrap().items[0].id;
    let d = s.get(id).unwrap().unwrap();
    assert_eq!(d.record.title.as_deref(), Some("关于做好示例工作的通知"));
    assert_eq!(d.document.span.start_line, 1);
    assert!(s.get("nope").unwrap().is_none());
}

#[test]
fn records_are_derived_from_the_stored_document() {
    let mut s = SqliteStore::in_memory().unwrap();
    ingest(&mut s, "a.txt", DOC);
    let id = s.list(&ListFilter::default(), Paging::ALL).unwrap().items[0]
        .id
        .clone();
    let parsed = gongwen_core::parse_bytes("a.txt", DOC.as_bytes()).unwrap();
    let expected = ExportRecord::from_document(&id, &parsed.documents[0]);
    let got = s.get(&id).unwrap().unwrap().record;
    assert_eq!(
        serde_json::to_value(&got).unwrap(),
        serde_json::to_value(&expected).unwrap()
    );
    assert_eq!(got.source.file, "a.txt");
    // The document is stored compressed.
    let blob: Vec<u8> = s
        .conn
        .query_row("SELECT json FROM document_json", [], |r| r.get(0))
        .unwrap();
    let json = super::compress::unpack(&blob).unwrap();
    assert!(json.starts_with(b"{"));
}

#[test]
fn a_schema_2_store_is_reparsed_and_a_newer_one_is_refused() {
    // A schema-2 store: one row per document, the parse as a blob.
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE files (hash TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL,
            encoding TEXT NOT NULL, bytes BLOB NOT NULL, lines INTEGER NOT NULL, parsed TEXT NOT NULL);
         CREATE TABLE documents (id TEXT PRIMARY KEY, file_hash TEXT NOT NULL, document BLOB NOT NULL);",
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    let hash = content_hash(DOC.as_bytes());
    conn.execute(
        "INSERT INTO files VALUES (?1, 'a.txt', 'in/a.txt', 'UTF-8', ?2, 9, '{}')",
        params![hash, DOC.as_bytes()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO documents VALUES ('old', ?1, x'00')",
        params![hash],
    )
    .unwrap();
    let s = SqliteStore::init(conn).unwrap();
    let v: i64 = s
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let all = s.list(&ListFilter::default(), Paging::ALL).unwrap();
    assert_eq!(all.total, 1);
    assert_eq!(all.items[0].id, crate::document_id(&hash, 0));
    assert_eq!(
        all.items[0].title.as_deref(),
        Some("关于做好示例工作的通知")
    );
    assert_eq!(s.raw("a.txt").unwrap().unwrap(), DOC.as_bytes());

    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(
        SqliteStore::init(conn),
        Err(StoreError::Schema { .. })
    ));
}

#[test]
fn store_persists_on_disk() {
    let dir = std::env::temp_dir().join(format!("gongwen-store-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let mut s = SqliteStore::open(&dir).unwrap();
        ingest(&mut s, "a.txt", DOC);
    }
    let s = SqliteStore::open(&dir).unwrap();
    assert_eq!(s.stats().unwrap().documents, 1);
    let _ = std::fs::remove_dir_all(&dir);
}
