//! Structure: a file split into documents ([`split`], [`page`] for web
//! copies), each document's header ([`header`]), body parts ([`body`]:
//! enclosed text, attachments, 政策解读), outline ([`outline`]), tables
//! ([`tables`]) and paragraphs ([`paragraphs`], the unit every fact
//! extractor reads).
//!
//! Architecture invariant: parsing never fails — every function here returns
//! a value and diagnostics, whatever the input.

pub mod body;
pub mod header;
pub mod metadata;
pub mod outline;
pub mod page;
pub mod paragraphs;
pub mod split;
pub mod tables;
