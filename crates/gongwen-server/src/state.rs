//! Shared server state: a small pool of store handles, the search index,
//! and two bounded caches (the last decoded source files, the lint report).
//!
//! Nothing is loaded at start: every handler reads what it shows through
//! the [`Store`] trait (point reads and paged listings), so the server
//! answers at once whatever the store holds. A store handle is a SQLite
//! connection, which is `Send` but not `Sync`: handlers take one from the
//! pool for the length of a request, so requests run side by side instead
//! of waiting on one mutex.
//!
//! Every method here blocks: handlers call them inside
//! `tokio::task::spawn_blocking` (see [`blocking`]).

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gongwen_core::lint::Finding;
use gongwen_core::Document;
use gongwen_store::{SqliteStore, Store, StoreError};

use crate::error::{ApiError, ServerError};
use crate::search::Search;
use crate::source::SourceFile;

/// Wait before retrying a failed search-index sync.
const SYNC_RETRY: Duration = Duration::from_secs(5);

/// How many decoded source files are kept.
const FILE_CACHE: usize = 8;

/// Store handles opened at most (requests beyond wait for a free one).
pub const POOL_SIZE: usize = 4;

/// Opens one more handle on the same store.
pub type StoreFactory = Box<dyn Fn() -> Result<Box<dyn Store + Send>, StoreError> + Send + Sync>;

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
    pool: Pool,
    opts: ServeOptions,
    search: Search,
    /// The store version the search index was last synced at.
    sync: Mutex<SyncState>,
    /// The lint report and the store version it was computed at.
    lint: Mutex<Option<(i64, Arc<Vec<Finding>>)>>,
    /// The last decoded source files, with the store version they were read
    /// at (a file name may be replaced by other bytes).
    files: Mutex<Vec<(i64, Arc<SourceFile>)>>,
}

#[derive(Default)]
struct SyncState {
    version: Option<i64>,
    /// When the last sync failed (retried after [`SYNC_RETRY`]).
    failed: Option<Instant>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

// ---------------------------------------------------------------------------
// The pool of store handles.
// ---------------------------------------------------------------------------

/// At most `max` store handles, opened on first need by `open`.
struct Pool {
    slots: Mutex<Slots>,
    freed: Condvar,
    open: Option<StoreFactory>,
    max: usize,
}

struct Slots {
    idle: Vec<Box<dyn Store + Send>>,
    /// Handles in existence (idle or lent).
    opened: usize,
}

/// A store handle lent by the pool; returned when dropped.
pub struct Handle<'a> {
    pool: &'a Pool,
    store: Option<Box<dyn Store + Send>>,
}

impl Deref for Handle<'_> {
    type Target = dyn Store + Send;

    fn deref(&self) -> &Self::Target {
        match &self.store {
            Some(s) => s.as_ref(),
            // `store` is only taken in `drop`.
            None => unreachable!("store handle used after return"),
        }
    }
}

impl Drop for Handle<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.store.take() {
            lock(&self.pool.slots).idle.push(s);
            self.pool.freed.notify_one();
        }
    }
}

impl Pool {
    fn new(first: Option<Box<dyn Store + Send>>, open: Option<StoreFactory>, max: usize) -> Self {
        let opened = usize::from(first.is_some());
        Pool {
            slots: Mutex::new(Slots {
                idle: first.into_iter().collect(),
                opened,
            }),
            freed: Condvar::new(),
            open,
            max: max.max(opened),
        }
    }

    /// A free handle: an idle one, a new one while fewer than `max` exist,
    /// else the next one returned. Blocks.
    fn get(&self) -> Result<Handle<'_>, StoreError> {
        let mut slots = lock(&self.slots);
        loop {
            if let Some(s) = slots.idle.pop() {
                return Ok(Handle {
                    pool: self,
                    store: Some(s),
                });
            }
            if let Some(open) = self.open.as_ref().filter(|_| slots.opened < self.max) {
                slots.opened += 1;
                drop(slots);
                // Opened outside the lock: other requests keep going.
                return match open() {
                    Ok(s) => Ok(Handle {
                        pool: self,
                        store: Some(s),
                    }),
                    Err(e) => {
                        lock(&self.slots).opened -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            slots = self.freed.wait(slots).unwrap_or_else(|e| e.into_inner());
        }
    }
}

// ---------------------------------------------------------------------------
// AppState.
// ---------------------------------------------------------------------------

impl AppState {
    /// Serve the store in `store_dir` (created if missing) with a pool of
    /// [`POOL_SIZE`] connections, and the search index in
    /// `<store_dir>/index`. Returns at once: the index is brought up to date
    /// with the store on a background thread (searches wait for it).
    pub fn open(store_dir: &Path, opts: ServeOptions) -> Result<Self, ServerError> {
        // One connection now: creates the store and reports a bad one early.
        let first = SqliteStore::open(store_dir)?;
        let dir = store_dir.to_path_buf();
        let factory: StoreFactory =
            Box::new(move || SqliteStore::open(&dir).map(|s| Box::new(s) as Box<dyn Store + Send>));
        let search = Search::open(&store_dir.join("index"))?;
        let state = Self::build(
            Pool::new(Some(Box::new(first)), Some(factory), POOL_SIZE),
            opts,
            search,
        );
        let bg = state.clone();
        std::thread::spawn(move || {
            let synced = bg.store().and_then(|s| bg.sync_search(&*s));
            if let Err(e) = synced {
                eprintln!("gongwen-server: search index not synced: {}", e.message);
            }
        });
        Ok(state)
    }

    /// State over handles opened by `open` (at most `size` at once). No
    /// search index unless `index_dir` is given.
    pub fn with_factory(
        open: StoreFactory,
        size: usize,
        index_dir: Option<PathBuf>,
        opts: ServeOptions,
    ) -> Result<Self, ServerError> {
        let search = Self::search_at(index_dir)?;
        Ok(Self::build(Pool::new(None, Some(open), size), opts, search))
    }

    /// State over one already open store (an in-memory store cannot be
    /// opened twice): requests take turns on it. No search index unless
    /// `index_dir` is given.
    pub fn with_store(
        store: Box<dyn Store + Send>,
        index_dir: Option<PathBuf>,
        opts: ServeOptions,
    ) -> Result<Self, ServerError> {
        let search = Self::search_at(index_dir)?;
        Ok(Self::build(Pool::new(Some(store), None, 1), opts, search))
    }

    fn search_at(index_dir: Option<PathBuf>) -> Result<Search, ServerError> {
        match index_dir {
            Some(d) => Search::open(&d),
            None => Ok(Search::none()),
        }
    }

    fn build(pool: Pool, opts: ServeOptions, search: Search) -> Self {
        AppState {
            inner: Arc::new(Shared {
                pool,
                opts,
                search,
                sync: Mutex::new(SyncState::default()),
                lint: Mutex::new(None),
                files: Mutex::new(Vec::new()),
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

    /// A store handle for this request. Blocks while every handle is lent.
    pub fn store(&self) -> Result<Handle<'_>, ApiError> {
        Ok(self.inner.pool.get()?)
    }

    /// Bring the search index in line with the store when the store changed
    /// since the last sync (an `ingest` in another process). A failure —
    /// say, an `ingest` holding the index writer — leaves the index as it
    /// was and is retried after [`SYNC_RETRY`]; the error is returned so
    /// the caller may log it, but searching the index as it is still works.
    /// Waits for a sync another request (or the first sync, after
    /// [`AppState::open`]) is running. Blocks.
    pub fn sync_search(&self, store: &dyn Store) -> Result<(), ApiError> {
        if !self.inner.search.is_available() {
            return Ok(());
        }
        let version = store.version()?;
        let sync = lock(&self.inner.sync);
        self.sync_locked(sync, store, version)
    }

    fn sync_locked(
        &self,
        mut sync: MutexGuard<'_, SyncState>,
        store: &dyn Store,
        version: i64,
    ) -> Result<(), ApiError> {
        let current = sync.version == Some(version) && sync.failed.is_none();
        let wait = sync.failed.is_some_and(|t| t.elapsed() < SYNC_RETRY);
        if current || wait {
            return Ok(());
        }
        match self.inner.search.sync(store, self.today()) {
            Ok(()) => {
                *sync = SyncState {
                    version: Some(version),
                    failed: None,
                };
                Ok(())
            }
            Err(e) => {
                sync.failed = Some(Instant::now());
                Err(e)
            }
        }
    }

    /// [`AppState::sync_search`], a failure logged: searches then read the
    /// index as it is.
    pub fn refresh_search(&self, store: &dyn Store) {
        if let Err(e) = self.sync_search(store) {
            eprintln!(
                "gongwen-server: search index not synced (retrying): {}",
                e.message
            );
        }
    }

    /// Like [`AppState::refresh_search`] but without waiting: `false` when
    /// there is no index or a sync is running (the first one after start
    /// may take long on a large store), so the caller can show the store's
    /// own listing instead of waiting. Blocks while it syncs itself.
    pub fn try_refresh_search(&self, store: &dyn Store) -> Result<bool, ApiError> {
        if !self.inner.search.is_available() {
            return Ok(false);
        }
        let version = store.version()?;
        let sync = match self.inner.sync.try_lock() {
            Ok(g) => g,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return Ok(false),
        };
        if let Err(e) = self.sync_locked(sync, store, version) {
            eprintln!(
                "gongwen-server: search index not synced (retrying): {}",
                e.message
            );
        }
        Ok(true)
    }

    /// The lint report over the whole store.
    ///
    /// This is the one collection-wide computation of the server (`/lint`,
    /// `/api/lint`): lint compares documents with each other, so every
    /// document is read (`Store::documents`) and linked
    /// (`gongwen_core::corpus::link`). It is computed on the first request
    /// and kept until the store's version changes. Blocks.
    pub fn lint(&self, store: &dyn Store) -> Result<Arc<Vec<Finding>>, ApiError> {
        let version = store.version()?;
        // Held while computing: concurrent requests wait for one report.
        let mut cached = lock(&self.inner.lint);
        if let Some((v, findings)) = cached.as_ref() {
            if *v == version {
                return Ok(findings.clone());
            }
        }
        let docs = store.documents()?;
        let refs: Vec<(String, &Document)> = docs.iter().map(|(i, d)| (i.clone(), d)).collect();
        let linked = gongwen_core::corpus::link(&refs);
        let findings = Arc::new(gongwen_core::lint::lint(&refs, &linked));
        *cached = Some((version, findings.clone()));
        Ok(findings)
    }

    /// The decoded source file `name`, from the cache when the store has
    /// not changed since it was read. Blocks.
    pub fn source_file(&self, store: &dyn Store, name: &str) -> Result<Arc<SourceFile>, ApiError> {
        let version = store.version()?;
        {
            let files = lock(&self.inner.files);
            if let Some((_, f)) = files.iter().find(|(v, f)| *v == version && f.name == name) {
                return Ok(f.clone());
            }
        }
        let raw = store.raw(name)?.ok_or_else(|| {
            ApiError::internal(format!("the source file {name} is missing from the store"))
        })?;
        let f = Arc::new(SourceFile::new(name, raw));
        let mut files = lock(&self.inner.files);
        files.retain(|(v, g)| *v == version && g.name != name);
        if files.len() >= FILE_CACHE {
            files.remove(0);
        }
        files.push((version, f.clone()));
        Ok(f)
    }
}

/// File name (no directories) of a document's source, as the store keys it.
pub fn file_name(d: &Document) -> &str {
    d.span
        .file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(&d.span.file)
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
