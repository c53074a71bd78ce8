//! Tables exported one cell per line (TAB-prefixed). (Stub: being implemented.)

use crate::model::{Diagnostic, Table};
use crate::text::SourceText;

/// Rebuild the tables found in lines `first..=last` (1-based, inclusive).
/// Never panics.
pub fn parse_tables(
    _src: &SourceText<'_>,
    _first: usize,
    _last: usize,
) -> (Vec<Table>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}
