//! Checks: the one table of every quality check gongwen reports
//! ([`CHECKS`]: code, severity, report heading, message templates) and the
//! checks that need the source text, run at parse time
//! ([`source_diagnostics`]: unbalanced brackets, attachment headings); they
//! leave [`crate::model::Diagnostic`]s on the document, which
//! [`crate::lint`] re-emits with the checks across documents.

mod source;
mod table;

pub use source::{
    attachment_findings, bracket_findings, source_diagnostics, source_diagnostics_from,
};
pub(crate) use source::{attachment_name, quote, QUOTE_CHARS};
pub(crate) use table::{check, message};
pub use table::{Check, ATTACHMENT_ABSENT, ATTACHMENT_UNLABELLED, CHECKS, UNBALANCED_BRACKETS};
