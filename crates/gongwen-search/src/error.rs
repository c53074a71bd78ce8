//! The error type of the crate.

/// Errors of the search index. User query text never causes one.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot open search index directory {path}: {source}")]
    Dir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open search index directory {path}: {message}")]
    OpenDir { path: String, message: String },
    #[error(transparent)]
    Store(#[from] gongwen_store::StoreError),
    #[error(
        "search index is busy: waited {waited_secs} s for another process writing to it \
         (lock {dir}/.tantivy-writer.lock); try again later"
    )]
    WriterBusy { dir: String, waited_secs: u64 },
    #[error("corrupt search index manifest: {0}")]
    Manifest(#[from] serde_json::Error),
}
