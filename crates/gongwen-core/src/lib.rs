//! gongwen-core: the pure parser. Raw 公文 text in, identified and
//! structured documents out. No I/O, no global mutable state, deterministic,
//! never panics on any input.
//!
//! Pipeline (each stage consumes the previous stage's output):
//! `decode` → `text` (lines + compact view) → `split` (document boundaries,
//! header candidates) → `header` (GB/T 9704 elements) → `body`
//! (enclosed text, attachments, 政策解读) → `outline` and `tables`.

pub mod checks;
pub mod corpus;
pub mod eval;
pub mod export;
pub mod facts;
pub mod grammar;
pub mod lint;
pub mod model;
pub mod pipeline;
pub mod source;
pub mod structure;

pub use model::*;
pub use pipeline::{parse_bytes, parse_bytes_with, parse_text, ParseOptions};
pub use source::{decode, DecodeError};
