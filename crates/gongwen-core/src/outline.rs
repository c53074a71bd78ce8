//! Outline (结构层次): 编/章/节/条/款/项/目 for rules and 一、/（一）/1./（1）/①
//! for plans. (Stub: being implemented.)

use crate::model::{Diagnostic, OutlineNode};
use crate::text::SourceText;

/// Build the outline tree of lines `first..=last` (1-based, inclusive).
/// Table cell lines (TAB-prefixed) are skipped. Never panics.
pub fn parse_outline(
    _src: &SourceText<'_>,
    _first: usize,
    _last: usize,
) -> (Vec<OutlineNode>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}
