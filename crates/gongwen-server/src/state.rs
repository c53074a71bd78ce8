//! Shared server state: the store behind a mutex (a SQLite connection is
//! not `Sync`), and a cached [`Snapshot`] of the linked view, rebuilt when
//! the store changes (SQLite `PRAGMA data_version` on a second, read-only
//! connection moves whenever another connection — an `ingest` — commits).
//!
//! Every method here blocks: handlers call them inside
//! `tokio::task::spawn_blocking` (see [`blocking`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gongwen_core::lint::Finding;
use gongwen_core::Document;
use gongwen_store::view::Loaded;
use gongwen_store::{SqliteStore, Store, StoreStats};
use rusqlite::{Connection, OpenFlags};

use crate::error::{ApiError, ServerError};
use crate::search::Search;
use crate::source::SourceFile;

/// Wait before retrying a failed search-index sync.
const SYNC_RETRY: Duration = Duration::from_secs(5);

/// How many decoded source files a snapshot keeps.
const FILE_CACHE: usize = 8;

/// Options of [`crate::serve`].
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// The date taken as today for status and deadlines (default: the
    /// system date, read per request). For reproducible pages and tests.
    pub today: Option<NaiveDate>,
}

/// State shared by every request. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    slot: Mutex<Slot>,
    opts: ServeOptions,
    search: Search,
}

struct Slot {
    store: Box<dyn Store + Send>,
    /// Read-only connection used only to read `PRAGMA data_version`.
    watch: Option<Connection>,
    version: Option<i64>,
    snapshot: Option<Arc<Snapshot>>,
    /// When the last search-index sync failed (retried later).
    sync_failed: Option<Instant>,
}

/// Everything stored, linked, as of one version of the store.
pub struct Snapshot {
    pub loaded: Loaded,
    by_id: HashMap<String, usize>,
    pub stats: StoreStats,
    lint: OnceLock<Vec<Finding>>,
    files: Mutex<Vec<Arc<SourceFile>>>,
}

impl Snapshot {
    fn new(loaded: Loaded, stats: StoreStats) -> Self {
        let by_id = loaded
            .docs
            .iter()
            .enumerate()
            .map(|(k, (id, _))| (id.clone(), k))
            .collect();
        Snapshot {
            loaded,
            by_id,
            stats,
            lint: OnceLock::new(),
            files: Mutex::new(Vec::new()),
        }
    }

    /// Index of document `id` in `loaded`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Index of `id`, or a 404.
    pub fn find(&self, id: &str) -> Result<usize, ApiError> {
        self.index(id).ok_or_else(|| ApiError::no_document(id))
    }

    pub fn doc(&self, doc_index: usize) -> Option<&(String, Document)> {
        self.loaded.docs.get(doc_index)
    }

    /// Lint findings over the whole store (computed once per snapshot).
    pub fn lint(&self) -> &[Finding] {
        self.lint.get_or_init(|| {
            let docs: Vec<(String, &Document)> = self
                .loaded
                .docs
                .iter()
                .map(|(i, d)| (i.clone(), d))
                .collect();
            lint_findings(&docs, &self.loaded.linked)
        })
    }

    fn cached_file(&self, name: &str) -> Option<Arc<SourceFile>> {
        lock(&self.files).iter().find(|f| f.name == name).cloned()
    }

    fn cache_file(&self, f: Arc<SourceFile>) {
        let mut files = lock(&self.files);
        files.retain(|g| g.name != f.name);
        if files.len() >= FILE_CACHE {
            files.remove(0);
        }
        files.push(f);
    }
}

/// Lint findings of `docs` (see `gongwen_core::lint`).
fn lint_findings(
    docs: &[(String, &Document)],
    linked: &[gongwen_core::corpus::Linked],
) -> Vec<Finding> {
    gongwen_core::lint::lint(docs, linked)
}

/// File name (no directories) of a document's source, as the store keys it.
pub fn file_name(d: &Document) -> &str {
    d.span
        .file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&d.span.file)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// Open the store in `store_dir` (created if missing) and the search
    /// index in `<store_dir>/index`, brought up to date with the store.
    pub fn open(store_dir: &Path, opts: ServeOptions) -> Result<Self, ServerError> {
        let store = SqliteStore::open(store_dir)?;
        let db = store_dir.join("gongwen.db");
        let watch = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| ServerError::Watch {
            path: db.display().to_string(),
            source,
        })?;
        let search = Search::open(&store_dir.join("index"))?;
        let state = Self::build(Box::new(store), Some(watch), opts, search);
        // Load the linked view and sync the index now, not on the first
        // request.
        state.snapshot().map_err(|e| ServerError::Load(e.message))?;
        Ok(state)
    }

    /// State over an already open store that nothing else writes to
    /// (tests, embedding). No search index unless `index_dir` is given.
    pub fn with_store(
        store: Box<dyn Store + Send>,
        index_dir: Option<PathBuf>,
        opts: ServeOptions,
    ) -> Result<Self, ServerError> {
        let search = match index_dir {
            Some(d) => Search::open(&d)?,
            None => Search::none(),
        };
        Ok(Self::build(store, None, opts, search))
    }

    fn build(
        store: Box<dyn Store + Send>,
        watch: Option<Connection>,
        opts: ServeOptions,
        search: Search,
    ) -> Self {
        AppState {
            inner: Arc::new(Shared {
                slot: Mutex::new(Slot {
                    store,
                    watch,
                    version: None,
                    snapshot: None,
                    sync_failed: None,
                }),
                opts,
                search,
            }),
        }
    }

    /// Today: the fixed date of the options, else the system date.
    pub fn today(&self) -> NaiveDate {
        self.inner
            .opts
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub(crate) fn search(&self) -> &Search {
        &self.inner.search
    }

    /// The current snapshot, rebuilt (and the search index synced) when the
    /// store changed since the last one. Blocks.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        let mut slot = lock(&self.inner.slot);
        let version = match &slot.watch {
            Some(c) => Some(
                c.pragma_query_value(None, "data_version", |r| r.get::<_, i64>(0))
                    .map_err(|e| ApiError::internal(format!("store: {e}")))?,
            ),
            None => None,
        };
        if let Some(s) = slot.snapshot.clone() {
            if version == slot.version {
                if slot.sync_failed.is_some_and(|t| t.elapsed() >= SYNC_RETRY) {
                    self.sync_index(&mut slot);
                }
                return Ok(s);
            }
        }
        let loaded = Loaded::load(slot.store.as_ref())?;
        let stats = slot.store.stats()?;
        let snap = Arc::new(Snapshot::new(loaded, stats));
        slot.snapshot = Some(snap.clone());
        slot.version = version;
        self.sync_index(&mut slot);
        Ok(snap)
    }

    /// Sync the search index with the store. A failure (say, an `ingest`
    /// holding the index writer) leaves the index as it was and is retried
    /// after [`SYNC_RETRY`]: pages and the rest of the API keep working.
    fn sync_index(&self, slot: &mut Slot) {
        match self.inner.search.sync(slot.store.as_ref(), self.today()) {
            Ok(()) => slot.sync_failed = None,
            Err(e) => {
                eprintln!(
                    "gongwen-server: search index not synced (retrying): {}",
                    e.message
                );
                slot.sync_failed = Some(Instant::now());
            }
        }
    }

    /// Run `f` on the store. Blocks.
    pub fn with_store_ref<R>(&self, f: impl FnOnce(&dyn Store) -> R) -> R {
        let slot = lock(&self.inner.slot);
        f(slot.store.as_ref())
    }

    /// The decoded source file of document `doc_index` of `snap`. Blocks.
    pub fn source_file(
        &self,
        snap: &Snapshot,
        doc_index: usize,
    ) -> Result<Arc<SourceFile>, ApiError> {
        let (id, d) = snap
            .doc(doc_index)
            .ok_or_else(|| ApiError::not_found("no such document"))?;
        let name = file_name(d);
        if let Some(f) = snap.cached_file(name) {
            return Ok(f);
        }
        let raw = self.with_store_ref(|s| s.raw(name))?.ok_or_else(|| {
            ApiError::internal(format!(
                "the source file of {id} ({name}) is missing from the store"
            ))
        })?;
        let f = Arc::new(SourceFile::new(name, raw));
        snap.cache_file(f.clone());
        Ok(f)
    }
}

/// Run blocking store work off the async runtime.
pub async fn blocking<R, F>(f: F) -> Result<R, ApiError>
where
    R: Send + 'static,
    F: FnOnce() -> Result<R, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}
