//! The data model: what gongwen knows about a document — GB/T 9704-2012
//! header elements, outline, tables, attachments, diagnostics, and the facts
//! read from its text (citations, clauses, assignments, deadlines, targets).
//! Data types only: nothing here imports the code that fills them.
//!
//! Architecture invariant: every element carries a [`Span`] (provenance);
//! `model` imports nothing else of the crate.

mod assignment;
mod clause;
mod deadline;
mod document;
mod facts;
mod header;
mod reference;
mod span;
mod status;
mod target;

pub use assignment::{AssignedUnit, Assignment, AssignmentForm, Role};
pub use clause::{Clause, ClauseKind, Effective, Repealed, Scope, Validity};
pub use deadline::{Deadline, DeadlineKind};
pub use document::{
    Attachment, Cell, Diagnostic, Document, Enclosed, OutlineKind, OutlineNode, ParsedFile, Row,
    Severity, Table, TocEntry,
};
pub use facts::{Facts, Fingerprint};
pub use header::{DocDate, DocNumber, Field, FieldSource, Header};
pub use reference::{Candidate, Reference, ReferenceKind};
pub use span::Span;
pub use status::{State, Status};
pub use target::{Comparator, Target, TargetSource};
