//! The grammar of official documents as declarative tables: genre words,
//! agency suffixes, metadata labels ([`patterns`]), outline labels
//! ([`labels`]), numerals and dates ([`dates`]), 文号 ([`docnum`]), unit
//! names ([`agencies`]) and title comparison ([`titles`]).
//! Every later stage reads these; none re-codes a form found here.
//!
//! Architecture invariant: a textual form (a label, a date, a 文号, a genre
//! word, a unit name, a title's normal form) has exactly one home, in this
//! folder.

pub mod agencies;
pub(crate) mod dates;
pub mod docnum;
pub(crate) mod labels;
pub(crate) mod patterns;
pub(crate) mod titles;

pub use patterns::genre_of;
