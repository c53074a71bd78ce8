//! Structure: a file split into documents ([`split`], [`page`] for web
//! copies), each document's header ([`header`]), body parts ([`body`]:
//! enclosed text, attachments, 政策解读), outline ([`outline`]), tables
//! ([`tables`]) and paragraphs ([`paragraphs`], the unit every fact
//! extractor reads).
//!
//! Architecture invariant: parsing never fails — every function here returns
//! a value and diagnostics, whatever the input.

pub(crate) mod body;
pub(crate) mod header;
pub(crate) mod metadata;
pub(crate) mod outline;
pub(crate) mod page;
pub(crate) mod paragraphs;
pub(crate) mod split;
pub(crate) mod tables;

pub use paragraphs::{paragraphs, Paragraph};
