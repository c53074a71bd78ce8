//! The grammar of official documents as declarative tables: genre words,
//! agency suffixes, metadata labels ([`patterns`]), outline labels
//! ([`labels`]), numerals
//! and dates ([`dates`]), 文号 ([`docnum`]) and unit names ([`agencies`]).
//! Every later stage reads these; none re-codes a form found here.
//!
//! Architecture invariant: a textual form (a label, a date, a 文号, a genre
//! word, a unit name) has exactly one home, in this folder.

pub mod agencies;
pub mod dates;
pub mod docnum;
pub mod labels;
pub mod patterns;

pub use patterns::genre_of;
