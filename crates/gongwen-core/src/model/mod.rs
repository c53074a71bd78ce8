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
mod reference;
mod status;
mod target;

pub use assignment::{AssignedUnit, Assignment, AssignmentForm, Role};
pub use clause::{Clause, ClauseKind, Effective, Repealed, Scope, Validity};
pub use deadline::{Deadline, DeadlineKind};
pub use document::{
    Attachment, Cell, Diagnostic, DocDate, DocNumber, Document, Enclosed, Facts, Field,
    FieldSource, Fingerprint, Header, OutlineKind, OutlineNode, ParsedFile, Row, Severity, Span,
    Table, TocEntry,
};
pub use reference::{Candidate, Reference, ReferenceKind};
pub use status::{State, Status};
pub use target::{Comparator, Target, TargetSource};
