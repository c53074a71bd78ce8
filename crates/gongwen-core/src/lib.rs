//! gongwen-core: the pure parser. Raw 公文 text in, identified and
//! structured documents out. No I/O, no global mutable state, deterministic,
//! never panics on any input.
//!
//! Pipeline (each stage consumes the previous stage's output):
//! `decode` → `text` (lines + compact view) → `split` (document boundaries,
//! header candidates) → `header` (GB/T 9704 elements) → `body`
//! (enclosed text, attachments, 政策解读) → `outline` and `tables`.

pub mod agencies;
pub mod assignments;
pub mod body;
pub mod clauses;
pub mod corpus;
pub mod dates;
pub mod deadlines;
pub mod decode;
pub mod docnum;
pub mod eval;
pub mod export;
pub mod header;
pub mod lint;
pub mod model;
pub mod outline;
pub mod page;
pub mod paragraphs;
pub mod patterns;
pub mod pipeline;
pub mod references;
pub mod simplify;
pub mod split;
pub mod tables;
pub mod targets;
pub mod text;

pub use decode::{decode, DecodeError};
pub use model::*;
pub use pipeline::{parse_bytes, parse_bytes_with, parse_text, ParseOptions};
