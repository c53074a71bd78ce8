//! Checks: the one table of every quality check gongwen reports
//! ([`CHECKS`]: code, severity, report heading, message templates) and the
//! checks that need the source text, run at parse time
//! ([`source_diagnostics`]: unbalanced brackets, attachment headings); they
//! leave [`crate::model::Diagnostic`]s on the document, which
//! [`crate::lint`] re-emits with the checks across documents.

mod attachments;
mod brackets;
mod table;

use crate::model::{Diagnostic, Document};
use crate::source::text::SourceText;
use crate::structure::paragraphs::{paragraphs, Paragraph};

pub use attachments::attachment_findings;
pub use brackets::bracket_findings;
pub(crate) use table::{attachment_name, check, message, quote, QUOTE_CHARS};
pub use table::{Check, ATTACHMENT_ABSENT, ATTACHMENT_UNLABELLED, CHECKS, UNBALANCED_BRACKETS};

/// Every source-text check of `doc`: [`bracket_findings`] and
/// [`attachment_findings`]. The pipeline appends these to
/// `Document::diagnostics`; [`crate::lint`] re-emits them.
pub fn source_diagnostics(src: &SourceText<'_>, doc: &Document) -> Vec<Diagnostic> {
    source_diagnostics_from(
        src,
        doc,
        &paragraphs(src, doc.body_start_line, doc.span.end_line),
    )
}

/// [`source_diagnostics`] over the body paragraphs `paras` (those of
/// `paragraphs(src, doc.body_start_line, doc.span.end_line)`).
pub fn source_diagnostics_from(
    src: &SourceText<'_>,
    doc: &Document,
    paras: &[Paragraph],
) -> Vec<Diagnostic> {
    let mut out = attachment_findings(src, doc);
    out.extend(bracket_findings(doc, paras));
    out
}
