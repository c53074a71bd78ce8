//! gongwen-core: the pure parser. Raw 公文 text in, identified and
//! structured documents out. No I/O, no global mutable state, deterministic,
//! never panics on any input.
//!
//! The modules are layers; a file imports only from its own layer and the
//! ones below (`tests/layering.rs` checks it), lowest first:
//! [`model`] (data types) → [`source`] (bytes → lines with a compact view)
//! → [`grammar`] (the forms of official documents, as tables) →
//! [`structure`] (documents split out: header, body, outline, tables,
//! paragraphs) → [`facts`] (citations, clauses, assignments, deadlines,
//! targets) → [`corpus`] (documents linked; status on a date) → [`checks`]
//! (the table of checks; parse-time source checks) → [`pipeline`] (one
//! file's whole parse) → [`lint`], [`export`] → [`eval`].

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
