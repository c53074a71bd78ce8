//! The search index of a store: the [`SearchIndex`] type, opening it (a
//! directory on disk, or in memory), and the manifest of its last commit.
//! Writing to it is in `sync.rs`, searching it in `search.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::error::SearchError;
use crate::query::{Bonus, TextField, TextParser, Tok};
use crate::schema::{Fields, SCHEMA_VERSION};
use crate::source::HitDoc;
use crate::tokenize::{self, index_tokenizers, BIGRAM, CHAR, JIEBA, NGRAM};

/// Bytes of decoded hit texts kept by [`SearchIndex`] (a page of hits is
/// 10–20 documents; paging and repeated queries hit the same ones): a few
/// hundred documents of median size.
const TEXT_CACHE_BYTES: usize = 16 << 20;

/// The search index of a store.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) doc_parser: TextParser,
    /// Texts of recent hits by document id (ids are content hashes, so an
    /// entry never goes stale).
    texts: Mutex<TextCache>,
    /// Directory of an on-disk index.
    dir: Option<PathBuf>,
}

/// Recent hit texts: (document id, text, bytes), most recent last.
#[derive(Default)]
pub(crate) struct TextCache {
    entries: Vec<(String, Arc<HitDoc>, usize)>,
    bytes: usize,
}

/// The manifest kept in the commit payload: what the index was built from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub version: u32,
    /// File name → SHA-256.
    pub files: BTreeMap<String, String>,
    /// Document id → [effective_from, last_day, repealed_on] (days).
    pub status: BTreeMap<String, [i64; 3]>,
    /// Day of the last sync (ISO), for information.
    #[serde(default)]
    pub synced_on: String,
}

fn register_tokenizers(index: &Index) {
    let m = index.tokenizers();
    let all = index_tokenizers();
    for name in [NGRAM, JIEBA, BIGRAM, CHAR] {
        if let Some(t) = all.get(name) {
            m.register(name, t);
        }
    }
}

fn dir_err(dir: &Path, e: impl std::fmt::Display) -> SearchError {
    SearchError::OpenDir {
        path: dir.display().to_string(),
        message: e.to_string(),
    }
}

/// Manifest of the last commit (`None`: no commit by this program).
pub(crate) fn manifest(index: &Index) -> Result<Option<Manifest>, SearchError> {
    let metas = index.load_metas()?;
    match metas.payload {
        Some(p) if !p.is_empty() => Ok(serde_json::from_str(&p).ok()),
        _ => Ok(None),
    }
}

fn remove_index_files(dir: &Path) -> Result<(), SearchError> {
    let rd = std::fs::read_dir(dir).map_err(|e| SearchError::Dir {
        path: dir.display().to_string(),
        source: e,
    })?;
    for e in rd.flatten() {
        let p = e.path();
        if p.is_file() {
            std::fs::remove_file(&p).map_err(|e| SearchError::Dir {
                path: p.display().to_string(),
                source: e,
            })?;
        }
    }
    Ok(())
}

impl SearchIndex {
    /// Open (creating if needed) the index in `dir` (the store passes
    /// `<store dir>/index`). An index written by another schema version is
    /// deleted and created again empty: the next [`SearchIndex::sync`]
    /// rebuilds it.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Dir {
            path: dir.display().to_string(),
            source: e,
        })?;
        let (schema, _) = Fields::schema();
        let mmap = MmapDirectory::open(dir).map_err(|e| dir_err(dir, e))?;
        let exists = Index::exists(&mmap).map_err(|e| dir_err(dir, e))?;
        let usable = exists
            && match Index::open(mmap.clone()) {
                Ok(ix) => {
                    let same_schema = Fields::from_schema(&ix.schema()).is_some()
                        && serde_json::to_string(&ix.schema()).ok()
                            == serde_json::to_string(&schema).ok();
                    let version_ok = manifest(&ix)?.is_none_or(|m| m.version == SCHEMA_VERSION);
                    same_schema && version_ok
                }
                Err(_) => false,
            };
        let index = if usable {
            Index::open(mmap)?
        } else {
            if exists {
                // Another version's index: remove its files (the directory is
                // the index's own) and start empty; sync rebuilds it.
                drop(mmap);
                remove_index_files(dir)?;
            }
            let mmap = MmapDirectory::open(dir).map_err(|e| dir_err(dir, e))?;
            Index::create(mmap, schema, tantivy::IndexSettings::default())?
        };
        Self::from_index(index, Some(dir.to_path_buf()))
    }

    /// An index in memory (tests, benchmarks).
    pub fn in_ram() -> Result<Self, SearchError> {
        let (schema, _) = Fields::schema();
        Self::from_index(Index::create_in_ram(schema), None)
    }

    fn from_index(index: Index, dir: Option<PathBuf>) -> Result<Self, SearchError> {
        register_tokenizers(&index);
        let fields = Fields::from_schema(&index.schema()).ok_or_else(|| {
            SearchError::Index(tantivy::TantivyError::SchemaError(
                "search index schema is missing fields".into(),
            ))
        })?;
        let policy = if dir.is_some() {
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        let tf = |field, tok, boost| TextField { field, tok, boost };
        let schema = index.schema();
        // The body bigrams (one-character words: the body characters)
        // decide; title and 文号 (any word, ×3) and jieba words add to the
        // score.
        let doc_parser = TextParser::new(
            &schema,
            tf(
                fields.body_ng,
                Tok::Bigram {
                    chars: fields.body_1,
                },
                1.0,
            ),
            vec![
                Bonus::Phrase(tf(fields.title_ng, Tok::Ngram, 3.0)),
                Bonus::Phrase(tf(fields.num_ng, Tok::Ngram, 3.0)),
                Bonus::Words(tf(fields.body_j, Tok::Jieba, 1.0)),
            ],
        );
        tokenize::warm_up();
        Ok(SearchIndex {
            index,
            reader,
            fields,
            doc_parser,
            texts: Mutex::new(TextCache::default()),
            dir,
        })
    }

    /// Number of documents in the index.
    pub fn num_documents(&self) -> Result<usize, SearchError> {
        Ok(self.reader.searcher().num_docs() as usize)
    }

    /// The cached text of document `id`.
    pub(crate) fn cached_text(&self, id: &str) -> Option<Arc<HitDoc>> {
        let mut c = self.texts.lock().unwrap_or_else(|e| e.into_inner());
        let k = c.entries.iter().position(|(i, _, _)| i == id)?;
        let e = c.entries.remove(k);
        let t = e.1.clone();
        c.entries.push(e);
        Some(t)
    }

    /// Keep the text of document `id` (the least recently used go).
    pub(crate) fn cache_text(&self, id: &str, t: Arc<HitDoc>) {
        let size = t.heap_bytes() + id.len() + 64;
        if size > TEXT_CACHE_BYTES / 4 {
            return;
        }
        let mut c = self.texts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = c.entries.iter().position(|(i, _, _)| i == id) {
            let e = c.entries.remove(k);
            c.bytes -= e.2;
        }
        while c.bytes + size > TEXT_CACHE_BYTES && !c.entries.is_empty() {
            let e = c.entries.remove(0);
            c.bytes -= e.2;
        }
        c.bytes += size;
        c.entries.push((id.to_string(), t, size));
    }

    /// Directory of an on-disk index.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}
