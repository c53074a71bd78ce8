//! Facts read from a document's paragraphs and tables: citations
//! ([`references`]), effective-date / validity / repeal clauses
//! ([`clauses`]), assignments of work ([`assignments`]) with their
//! [`deadlines`], and quantitative [`targets`]. Each extractor reads one
//! document; linking documents to each other is [`crate::corpus`]'s job.

pub mod assignments;
pub mod clauses;
pub mod deadlines;
pub mod references;
pub mod targets;
