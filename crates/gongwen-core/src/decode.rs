//! Reading input bytes: encoding detection and decoding (encoding_rs).
//!
//! Accepted: UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK. CRLF is
//! handled later, at line splitting. Binary, empty and undecodable input is
//! rejected with a [`DecodeError`].

use std::borrow::Cow;

use thiserror::Error;

use crate::text::OffsetMap;

/// Why a file could not be read as text.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("file is empty")]
    Empty,
    #[error("file looks binary (NUL byte at offset {offset})")]
    Binary { offset: usize },
    #[error("file is neither valid UTF-8 nor GB18030 text (first bad byte at offset {offset})")]
    Undecodable { offset: usize },
    #[error("file holds only whitespace")]
    Blank,
}

/// Decoded text and the map from text offsets back to raw bytes.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// `UTF-8`, `UTF-8 BOM`, `UTF-16LE`, `UTF-16BE` or `GB18030`.
    pub encoding: &'static str,
    pub offsets: OffsetMap,
}

/// Decode raw bytes. Never panics.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    // UTF-16 with BOM.
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            let body = &bytes[bom_len..];
            return match std::str::from_utf8(body) {
                Ok(s) => finish(Cow::Borrowed(s), "UTF-8 BOM", OffsetMap::Shift(bom_len)),
                Err(e) => Err(DecodeError::Undecodable {
                    offset: bom_len + e.valid_up_to(),
                }),
            };
        }
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::Undecodable { offset: bom_len });
        }
        let name = if enc == encoding_rs::UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        let map = table_map(&text, |c| c.len_utf16() * 2, bom_len);
        return finish(Cow::Owned(text.into_owned()), name, map);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => finish(Cow::Borrowed(s), "UTF-8", OffsetMap::Identity),
        Err(utf8_err) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(DecodeError::Undecodable {
                    offset: utf8_err.valid_up_to(),
                });
            }
            if looks_binary(&text) {
                return Err(DecodeError::Binary {
                    offset: utf8_err.valid_up_to(),
                });
            }
            let map = table_map(&text, gb18030_len, 0);
            finish(Cow::Owned(text.into_owned()), "GB18030", map)
        }
    }
}

fn finish<'a>(
    text: Cow<'a, str>,
    encoding: &'static str,
    offsets: OffsetMap,
) -> Result<Decoded<'a>, DecodeError> {
    if looks_binary(&text) {
        return Err(DecodeError::Binary { offset: 0 });
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Blank);
    }
    Ok(Decoded {
        text,
        encoding,
        offsets,
    })
}

/// Too many control characters for a text file.
fn looks_binary(text: &str) -> bool {
    let mut n = 0usize;
    let mut ctrl = 0usize;
    for c in text.chars().take(65_536) {
        n += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            ctrl += 1;
        }
    }
    n > 0 && ctrl * 100 > n * 2
}

/// Bytes a char takes in GB18030.
fn gb18030_len(c: char) -> usize {
    let cp = c as u32;
    if cp < 0x80 {
        1
    } else if cp == 0x20AC {
        // € is one byte (0x80) in GBK but two (A2E3) in GB18030's encoder.
        2
    } else {
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        let (bytes, _, _) = encoding_rs::GB18030.encode(s);
        bytes.len()
    }
}

fn table_map(text: &str, width: impl Fn(char) -> usize, base: usize) -> OffsetMap {
    let mut t = Vec::with_capacity(text.len() / 2 + 1);
    let mut raw = base;
    for (i, c) in text.char_indices() {
        t.push((i as u32, raw as u32));
        raw += width(c);
    }
    t.push((text.len() as u32, raw as u32));
    OffsetMap::Table(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain_and_bom() {
        let d = decode("通知".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("通知".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8 BOM");
        assert_eq!(d.text, "通知");
        assert_eq!(d.offsets.to_raw(3), 6);
    }

    #[test]
    fn gbk_is_detected_and_mapped() {
        let (gbk, _, _) = encoding_rs::GBK.encode("廊坊市人民政府\n通知");
        let d = decode(&gbk).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, "廊坊市人民政府\n通知");
        // "廊坊市人民政府\n" is 7*2+1 = 15 raw bytes, 7*3+1 = 22 text bytes.
        assert_eq!(d.offsets.to_raw(22), 15);
    }

    #[test]
    fn rejects_empty_binary_and_blank() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert!(matches!(decode(b"ab\0cd"), Err(DecodeError::Binary { .. })));
        assert_eq!(decode(b" \n\t\n").unwrap_err(), DecodeError::Blank);
    }
}
