//! Source text: bytes decoded to text ([`decode`]), the text split into
//! lines each with a compact normalised view that maps back to the raw
//! bytes ([`SourceText`]), and the literal scans every stage gates on
//! ([`scan`]).
//!
//! Architecture invariant: every offset the parser hands out maps back to
//! the raw file through [`OffsetMap`]; nothing above this layer touches raw
//! bytes.

pub mod decode;
pub(crate) mod pattern;
pub(crate) mod scan;
pub mod simplify;
pub mod text;

pub use decode::{decode, DecodeError};
pub use text::{compact, fold_char, OffsetMap, SourceText};
