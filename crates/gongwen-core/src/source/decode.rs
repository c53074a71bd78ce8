//! Reading input bytes: encoding detection and decoding (encoding_rs).
//!
//! Accepted: UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK. CRLF is
//! handled later, at line splitting. Binary, empty and undecodable input is
//! rejected with a [`DecodeError`].

use std::borrow::Cow;

use thiserror::Error;

use crate::source::text::OffsetMap;

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
    #[error("file is too large ({len} bytes; at most {max} bytes can be parsed)")]
    TooLarge { len: usize, max: usize },
}

/// Largest input accepted: byte offsets of non-UTF-8 input are mapped back
/// through a table of `u32` offsets.
pub const MAX_INPUT_BYTES: usize = u32::MAX as usize;

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
    check_size(bytes.len())?;
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
                // Report the reading that got further: a GBK file with one
                // corrupt byte fails UTF-8 at its first Chinese character.
                let gb = gb18030_error_offset(bytes).unwrap_or(0);
                return Err(DecodeError::Undecodable {
                    offset: gb.max(utf8_err.valid_up_to()),
                });
            }
            if looks_binary(&text) {
                return Err(DecodeError::Binary {
                    offset: utf8_err.valid_up_to(),
                });
            }
            let map = gb18030_map(&text, bytes);
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

fn check_size(len: usize) -> Result<(), DecodeError> {
    if len > MAX_INPUT_BYTES {
        return Err(DecodeError::TooLarge {
            len,
            max: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}

/// Offset of the first byte that is not valid GB18030 (`None` when all is).
fn gb18030_error_offset(bytes: &[u8]) -> Option<usize> {
    let mut dec = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut buf = String::with_capacity(8192);
    let mut pos = 0usize;
    loop {
        buf.clear();
        let input = bytes.get(pos..).unwrap_or(&[]);
        let (res, read) = dec.decode_to_string_without_replacement(input, &mut buf, true);
        match res {
            encoding_rs::DecoderResult::InputEmpty => return None,
            encoding_rs::DecoderResult::OutputFull => {
                if read == 0 {
                    return None;
                }
                pos += read;
            }
            encoding_rs::DecoderResult::Malformed(bad, extra) => {
                return Some((pos + read).saturating_sub(usize::from(bad) + usize::from(extra)));
            }
        }
    }
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

/// Length of the GB18030 byte sequence starting at `i` of input that
/// decoded without errors: read from the bytes themselves, because
/// re-encoding a decoded char is ambiguous (`0x80` and `A2 E3` both decode
/// to €).
fn gb18030_seq_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(0x81..=0xFE) => match bytes.get(i + 1) {
            Some(0x30..=0x39) => 4,
            _ => 2,
        },
        _ => 1,
    }
}

/// Offset map of GB18030 input: walk the raw bytes in step with the chars.
fn gb18030_map(text: &str, bytes: &[u8]) -> OffsetMap {
    let mut t = Vec::with_capacity(text.len() / 2 + 1);
    let mut raw = 0usize;
    for (i, _) in text.char_indices() {
        t.push((i as u32, raw.min(bytes.len()) as u32));
        raw += gb18030_seq_len(bytes, raw);
    }
    t.push((text.len() as u32, raw.min(bytes.len()) as u32));
    OffsetMap::Table(t)
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

    #[test]
    fn gb18030_offsets_follow_the_raw_bytes() {
        // 0x80 is a one-byte €; A2E3 is the two-byte €; 8139EF30 is 4 bytes.
        let mut b = vec![b'a', 0x80, b'b', 0xA2, 0xE3, b'c'];
        b.extend_from_slice(&[0x81, 0x39, 0xEF, 0x30, b'd', 0xC4, 0xE3]);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "GB18030");
        let pos: Vec<usize> = d
            .text
            .char_indices()
            .map(|(i, _)| d.offsets.to_raw(i))
            .collect();
        assert_eq!(pos, [0, 1, 2, 3, 5, 6, 10, 11]);
        assert_eq!(d.offsets.to_raw(d.text.len()), b.len());
    }

    #[test]
    fn size_limit() {
        assert!(check_size(MAX_INPUT_BYTES).is_ok());
        let e = check_size(MAX_INPUT_BYTES + 1).unwrap_err();
        assert!(matches!(e, DecodeError::TooLarge { .. }));
        assert!(e.to_string().contains("too large"));
    }

    #[test]
    fn undecodable_offset_points_at_the_bad_byte() {
        let (gbk, _, _) = encoding_rs::GBK.encode("某某市人民政府关于做好防汛工作的通知");
        let mut b = gbk.into_owned();
        b.insert(10, 0xFF);
        assert_eq!(
            decode(&b).unwrap_err(),
            DecodeError::Undecodable { offset: 10 }
        );
        assert_eq!(gb18030_error_offset(&b), Some(10));
        assert_eq!(gb18030_error_offset(&b[..10]), None);
    }
}
