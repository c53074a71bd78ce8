//! Full-text search (`/api/search`, the search page) through crate
//! `gongwen-search` (tantivy + jieba). The index lives in
//! `<store dir>/index` and is synced with the store whenever the server's
//! snapshot is rebuilt (at start and after every change of the store).
//!
//! The index keeps no text: the snippets and units of the hits are read
//! from the raw files of the store ([`Texts`]).
//!
//! The API answers `gongwen_search::SearchResponse` as is (the same body as
//! `gongwen search --json`); the structs at the end of this module only
//! describe it for OpenAPI.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::NaiveDate;
use gongwen_search::source::RawFiles;
use gongwen_search::{SearchIndex, SearchQuery, SearchResponse};
use gongwen_store::{SqliteStore, Store, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::error::{ApiError, ServerError};
use crate::paging::DEFAULT_LIMIT;

/// Query parameters of `/api/search` (the flags of `gongwen search`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Query: words, `"phrases"`, AND/OR/NOT, or a 文号. At most 500 chars.
    /// Empty: every document matching the filters, newest first.
    pub q: Option<String>,
    /// Issuer (发文机关): exact, or else any issuer containing it.
    pub issuer: Option<String>,
    /// Genre (文种), exact, e.g. 通知.
    pub genre: Option<String>,
    /// Year of the 成文日期.
    pub year: Option<i32>,
    /// 成文日期 on or after (YYYY-MM-DD).
    #[param(format = Date)]
    pub date_from: Option<String>,
    /// 成文日期 on or before (YYYY-MM-DD).
    #[param(format = Date)]
    pub date_to: Option<String>,
    /// Status: in_force | expired | repealed | not_yet_effective | unknown.
    pub status: Option<String>,
    /// Date the status refers to (YYYY-MM-DD, default today).
    #[param(format = Date)]
    pub status_on: Option<String>,
    /// Only documents assigning work to this unit (any alias).
    pub unit: Option<String>,
    /// `relevance` (default) or `date` (newest first).
    pub sort: Option<String>,
    /// Hits to skip (at most 1000000000).
    #[param(minimum = 0, maximum = 1_000_000_000)]
    pub offset: Option<usize>,
    /// Page size, at most 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

/// The search index, when one is open.
pub struct Search {
    index: Option<RwLock<SearchIndex>>,
    texts: Texts,
}

/// Where the text of hits is read from. The store's connection is the
/// state's (behind its own lock), so the index reads the raw files through
/// its own: handles on the store's database (a pool: searches run
/// concurrently, each reading through a handle of its own) when the index
/// lives in a store directory, else (a store in memory: tests, embedding)
/// copies of the raw files taken at each sync.
enum Texts {
    Db(DbPool),
    /// File name → (SHA-256, raw bytes).
    Copies(RwLock<BTreeMap<String, (String, Vec<u8>)>>),
}

/// Handles on the store's database in `dir`, opened when no idle one is
/// left (opening one is cheap), at most [`IDLE_HANDLES`] kept.
struct DbPool {
    dir: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
}

/// Idle store handles kept for searches.
const IDLE_HANDLES: usize = 8;

impl DbPool {
    fn with<T>(
        &self,
        f: impl FnOnce(&SqliteStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let s = match idle {
            Some(s) => s,
            None => SqliteStore::open(&self.dir)?,
        };
        let out = f(&s);
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < IDLE_HANDLES {
            idle.push(s);
        }
        out
    }
}

impl RawFiles for Texts {
    fn raw_file(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Texts::Db(p) => p.with(|s| s.raw(name)),
            Texts::Copies(m) => Ok(m
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .get(name)
                .map(|(_, b)| b.clone())),
        }
    }

    fn raw_range(
        &self,
        name: &str,
        start: usize,
        end: usize,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Texts::Db(p) => p.with(|s| Store::raw_range(s, name, start, end)),
            Texts::Copies(m) => Ok(m
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .get(name)
                .and_then(|(_, b)| b.get(start..end).map(<[u8]>::to_vec))),
        }
    }
}

impl Texts {
    /// The texts of the store whose index is `index_dir`.
    fn open(index_dir: &Path) -> Result<Self, ServerError> {
        match index_dir.parent() {
            Some(store_dir) if store_dir.join("gongwen.db").is_file() => {
                let s =
                    SqliteStore::open(store_dir).map_err(|e| ServerError::Search(e.to_string()))?;
                Ok(Texts::Db(DbPool {
                    dir: store_dir.to_path_buf(),
                    idle: Mutex::new(vec![s]),
                }))
            }
            _ => Ok(Texts::Copies(RwLock::new(BTreeMap::new()))),
        }
    }

    /// Copies: follow the files of `store`.
    fn sync(&self, store: &dyn Store) -> Result<(), StoreError> {
        let Texts::Copies(m) = self else {
            return Ok(());
        };
        let files = store.files()?;
        let mut m = m.write().unwrap_or_else(|e| e.into_inner());
        m.retain(|name, (hash, _)| files.iter().any(|(n, h)| n == name && h == hash));
        for (name, hash) in files {
            if let std::collections::btree_map::Entry::Vacant(e) = m.entry(name) {
                if let Some(b) = store.raw(e.key())? {
                    e.insert((hash, b));
                }
            }
        }
        Ok(())
    }
}

fn search_error(e: gongwen_search::SearchError) -> ApiError {
    ApiError::internal(format!("search index: {e}"))
}

fn day(v: Option<&str>) -> Option<NaiveDate> {
    v.and_then(|s| s.parse().ok())
}

impl Search {
    /// Open (or create) the index in `dir`.
    pub fn open(dir: &Path) -> Result<Self, ServerError> {
        let ix = SearchIndex::open(dir).map_err(|e| ServerError::Search(e.to_string()))?;
        Ok(Search {
            index: Some(RwLock::new(ix)),
            texts: Texts::open(dir)?,
        })
    }

    /// No index: searches answer 503 `search_unavailable`.
    pub fn none() -> Self {
        Search {
            index: None,
            texts: Texts::Copies(RwLock::new(BTreeMap::new())),
        }
    }

    pub fn is_available(&self) -> bool {
        self.index.is_some()
    }

    fn write(&self) -> Option<RwLockWriteGuard<'_, SearchIndex>> {
        self.index
            .as_ref()
            .map(|l| l.write().unwrap_or_else(|e| e.into_inner()))
    }

    fn read(&self) -> Option<RwLockReadGuard<'_, SearchIndex>> {
        self.index
            .as_ref()
            .map(|l| l.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Bring the index up to date with `store`. Blocks.
    pub fn sync(&self, store: &dyn Store, today: NaiveDate) -> Result<(), ApiError> {
        if let Some(mut ix) = self.write() {
            ix.sync(store, today).map_err(search_error)?;
            self.texts
                .sync(store)
                .map_err(|e| ApiError::internal(format!("store: {e}")))?;
        }
        Ok(())
    }

    /// Run a search with checked parameters (see `api::check_search`).
    /// Blocks.
    pub fn search(&self, p: &SearchParams, today: NaiveDate) -> Result<SearchResponse, ApiError> {
        let Some(ix) = self.read() else {
            return Err(ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "search_unavailable",
                "全文检索索引不可用",
            ));
        };
        let q = SearchQuery {
            q: p.q.clone().unwrap_or_default(),
            issuer: p.issuer.clone(),
            genre: p.genre.clone(),
            year: p.year,
            date_from: day(p.date_from.as_deref()),
            date_to: day(p.date_to.as_deref()),
            status: p.status.clone(),
            status_on: day(p.status_on.as_deref()),
            unit: p.unit.clone(),
            sort: p.sort.clone(),
            offset: p.offset.unwrap_or(0),
            limit: p.limit.unwrap_or(DEFAULT_LIMIT),
        };
        ix.search(&q, today, &self.texts).map_err(search_error)
    }
}
