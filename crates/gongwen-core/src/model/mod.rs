//! The data model: what gongwen knows about a document — GB/T 9704-2012
//! header elements, outline, tables, attachments, diagnostics, and the facts
//! read from its text (citations, clauses, assignments, deadlines, targets).
//! Data types only: nothing here imports the code that fills them.
//!
//! Architecture invariant: every element carries a [`Span`] (provenance);
//! `model` imports nothing else of the crate.

mod document;
mod facts;
mod header;
mod span;

pub use document::{
    Attachment, Cell, Diagnostic, Document, Enclosed, OutlineKind, OutlineNode, ParsedFile, Row,
    Severity, Table, TocEntry,
};
pub use facts::{
    AssignedUnit, Assignment, AssignmentForm, Candidate, Clause, ClauseKind, Comparator, Deadline,
    DeadlineKind, Effective, Facts, Fingerprint, Reference, ReferenceKind, Repealed, Role, Scope,
    State, Status, Target, TargetSource, Validity,
};
pub use header::{DocDate, DocNumber, Field, FieldSource, Header};
pub use span::Span;
