//! Provenance (出处): where an element sits in the raw source file.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Provenance (出处): where an element sits in the raw source file.
/// Bytes are offsets into the raw file as stored (before decoding),
/// `[start_byte, end_byte)`; lines are 1-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub file: Arc<str>,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_line: usize,
    pub end_line: usize,
}
