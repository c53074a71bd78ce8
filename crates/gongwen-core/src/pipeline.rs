//! The whole parse: bytes → documents. Pure and panic-free.

use crate::decode::{decode, DecodeError};
use crate::model::ParsedFile;
use crate::text::{OffsetMap, SourceText};

/// Decode and parse one file's bytes.
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<ParsedFile, DecodeError> {
    let d = decode(bytes)?;
    let mut p = parse_with_offsets(file, &d.text, d.offsets);
    p.encoding = d.encoding.to_string();
    Ok(p)
}

/// Parse already-decoded UTF-8 text (offsets are text offsets).
pub fn parse_text(file: &str, text: &str) -> ParsedFile {
    parse_with_offsets(file, text, OffsetMap::Identity)
}

fn parse_with_offsets(file: &str, text: &str, offsets: OffsetMap) -> ParsedFile {
    let src = SourceText::new(file, text, offsets);
    ParsedFile {
        file: src.file.clone(),
        encoding: "UTF-8".to_string(),
        line_count: src.len(),
        documents: Vec::new(),
        toc: Vec::new(),
        running_heads: Vec::new(),
        diagnostics: Vec::new(),
    }
}
