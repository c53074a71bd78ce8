//! Text normalisation: the decoded source split into lines, each with a
//! *compact* normalised view that maps back to source offsets.
//!
//! The original text is never altered. Every later stage reads [`Line`]s
//! (and their `compact` view) instead of re-parsing raw text.
//!
//! The compact view of a line (规范化视图):
//! - drops every whitespace character (ASCII space, TAB, U+3000 ideographic
//!   space, NBSP, zero-width spaces …) — this undoes letter-spacing
//!   (`通　　知` → `通知`, `邯 郸 市` → `邯郸市`);
//! - drops private-use characters (U+E000–U+F8FF, e.g. the Word artefact
//!   U+E004) and Word bookmark artefacts `[bookmark: _Hlk…]`;
//! - folds full-width ASCII digits and letters to half-width (`８` → `8`);
//! - folds the traditional characters listed in
//!   [`crate::patterns::TRADITIONAL_TO_SIMPLIFIED`] to simplified ones, so
//!   that traditional copies of mainland documents match the same patterns.
//!
//! Punctuation keeps its width in `compact`; patterns accept both widths.

use std::sync::Arc;

use crate::model::Span;
use crate::patterns;

/// How decoded-text offsets map back to raw file bytes.
#[derive(Debug, Clone, Default)]
pub enum OffsetMap {
    /// Raw offset = text offset + shift (UTF-8, with `shift` = 3 after a BOM).
    #[default]
    Identity,
    /// UTF-8 with a byte-order mark: raw = text + 3.
    Shift(usize),
    /// Non-UTF-8 input: for each char start in the text, its raw offset.
    /// Sorted pairs `(text_offset, raw_offset)`, plus a final end pair.
    Table(Vec<(u32, u32)>),
}

impl OffsetMap {
    /// Map an offset into the decoded text to an offset in the raw bytes.
    pub fn to_raw(&self, text_off: usize) -> usize {
        match self {
            OffsetMap::Identity => text_off,
            OffsetMap::Shift(s) => text_off + s,
            OffsetMap::Table(t) => {
                let key = text_off as u32;
                match t.binary_search_by_key(&key, |p| p.0) {
                    Ok(i) => t[i].1 as usize,
                    Err(0) => 0,
                    Err(i) => t[i - 1].1 as usize,
                }
            }
        }
    }
}

/// One line of the source (行). `text` excludes the line terminator
/// (`\n`, and a `\r` before it).
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    /// Byte offset of the line start in the decoded text.
    pub start: usize,
    /// The line as printed (no terminator).
    pub text: &'a str,
    /// Normalised compact view (see module docs).
    pub compact: String,
    /// For each byte of `compact`, the byte offset in `text` of the char it
    /// came from; one extra entry at the end = `text.len()`.
    cmap: Vec<u32>,
}

impl<'a> Line<'a> {
    /// True when the line is empty or whitespace only (TAB-only lines and
    /// lone U+3000 separators included).
    pub fn is_blank(&self) -> bool {
        self.compact.is_empty()
    }

    /// True when the raw line starts with a TAB (a table cell line).
    pub fn is_cell(&self) -> bool {
        self.text.starts_with('\t')
    }

    /// Byte offset in the decoded text of compact byte offset `c`.
    pub fn text_offset_of_compact(&self, c: usize) -> usize {
        let i = c.min(self.cmap.len().saturating_sub(1));
        self.start + self.cmap.get(i).copied().unwrap_or(0) as usize
    }

    /// End offset in the decoded text (exclusive, without terminator).
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Number of chars in the compact view.
    pub fn compact_chars(&self) -> usize {
        self.compact.chars().count()
    }
}

/// A decoded source file split into lines, with the map back to raw bytes.
#[derive(Debug)]
pub struct SourceText<'a> {
    pub file: Arc<str>,
    pub text: &'a str,
    pub lines: Vec<Line<'a>>,
    pub offsets: OffsetMap,
}

impl<'a> SourceText<'a> {
    /// Split `text` into lines and build each compact view.
    pub fn new(file: &str, text: &'a str, offsets: OffsetMap) -> Self {
        let mut lines = Vec::with_capacity(text.len() / 60 + 1);
        let mut start = 0usize;
        let mut no = 1usize;
        let bytes = text.as_bytes();
        loop {
            let rest = &text[start..];
            let (len, next) = match memchr_nl(&bytes[start..]) {
                Some(i) => (i, Some(start + i + 1)),
                None => (rest.len(), None),
            };
            let mut line = &text[start..start + len];
            if let Some(stripped) = line.strip_suffix('\r') {
                line = stripped;
            }
            // A final empty segment after a trailing newline is not a line.
            if next.is_none() && line.is_empty() && start > 0 {
                break;
            }
            let (compact, cmap) = compact_view(line);
            lines.push(Line {
                no,
                start,
                text: line,
                compact,
                cmap,
            });
            match next {
                Some(n) => {
                    start = n;
                    no += 1;
                }
                None => break,
            }
        }
        SourceText {
            file: Arc::from(file),
            text,
            lines,
            offsets,
        }
    }

    /// Line by 1-based number.
    pub fn line(&self, no: usize) -> Option<&Line<'a>> {
        no.checked_sub(1).and_then(|i| self.lines.get(i))
    }

    /// Provenance of the whole lines `first..=last` (1-based).
    pub fn span_lines(&self, first: usize, last: usize) -> Span {
        let (a, b) = (first.min(last), first.max(last));
        let s = self.line(a).map(|l| l.start).unwrap_or(0);
        let e = self.line(b).map(|l| l.end()).unwrap_or(s);
        self.span_text(s, e.max(s), a, b)
    }

    /// Provenance of a text byte range `[s, e)` lying on lines `a..=b`.
    pub fn span_text(&self, s: usize, e: usize, a: usize, b: usize) -> Span {
        Span {
            file: self.file.clone(),
            start_byte: self.offsets.to_raw(s),
            end_byte: self.offsets.to_raw(e),
            start_line: a,
            end_line: b,
        }
    }

    /// Provenance of compact bytes `[cs, ce)` of one line.
    pub fn span_compact(&self, line: &Line<'_>, cs: usize, ce: usize) -> Span {
        let s = line.text_offset_of_compact(cs);
        let e = if ce >= line.compact.len() {
            line.end()
        } else {
            line.text_offset_of_compact(ce)
        };
        self.span_text(s, e.max(s), line.no, line.no)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// Is `c` whitespace for the purposes of the compact view?
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

/// Is `c` a private-use character (Word/PDF artefact)?
pub fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Fold one char for the compact view: full-width ASCII digits/letters to
/// half-width; traditional to simplified where listed.
pub fn fold_char(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => patterns::simplify_char(c),
    }
}

/// Build the compact view of a line and its byte map.
fn compact_view(line: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(line.len());
    let mut map: Vec<u32> = Vec::with_capacity(line.len() + 1);
    let mut skip_until = 0usize;
    for (i, c) in line.char_indices() {
        if i < skip_until {
            continue;
        }
        if c == '[' {
            if let Some(rest) = line.get(i..) {
                if rest.starts_with("[bookmark:") {
                    if let Some(end) = rest.find(']') {
                        skip_until = i + end + 1;
                        continue;
                    }
                }
            }
        }
        if is_space(c) || is_private_use(c) {
            continue;
        }
        let f = fold_char(c);
        let before = out.len();
        out.push(f);
        for _ in before..out.len() {
            map.push(i as u32);
        }
    }
    map.push(line.len() as u32);
    (out, map)
}

/// Compact a free string (same rules as a line's compact view).
/// A set of chars to find in text without decoding it: SIMD byte search
/// (memchr) for the first bytes of their UTF-8 encodings, then a check of
/// each candidate. Built once per set (a `LazyLock` next to the table it
/// scans for).
#[derive(Debug, Clone)]
pub struct CharScan {
    chars: Vec<char>,
    /// Distinct first bytes that are ASCII / not ASCII.
    ascii: Vec<u8>,
    other: Vec<u8>,
    /// All first bytes, for the fallback byte loop.
    leads: [bool; 256],
}

impl CharScan {
    pub fn new(chars: &[char]) -> Self {
        let mut leads = [false; 256];
        let (mut ascii, mut other) = (Vec::new(), Vec::new());
        for c in chars {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes()[0];
            if !leads[b as usize] {
                leads[b as usize] = true;
                if b.is_ascii() {
                    ascii.push(b);
                } else {
                    other.push(b);
                }
            }
        }
        CharScan {
            chars: chars.to_vec(),
            ascii,
            other,
            leads,
        }
    }

    /// Byte offsets and chars of the occurrences of the set in `s`, in order.
    pub fn find_iter<'s>(&'s self, s: &'s str) -> impl Iterator<Item = (usize, char)> + 's {
        let hay = s.as_bytes();
        let three = |v: &[u8]| -> Option<memchr::Memchr3<'s>> {
            match *v {
                [] => None,
                [x] => Some(memchr::memchr3_iter(x, x, x, hay)),
                [x, y] => Some(memchr::memchr3_iter(x, y, y, hay)),
                [x, y, z] => Some(memchr::memchr3_iter(x, y, z, hay)),
                _ => None,
            }
        };
        let fast = self.ascii.len() <= 3 && self.other.len() <= 3;
        let mut ascii = if fast { three(&self.ascii) } else { None };
        let mut other = if fast { three(&self.other) } else { None };
        // Heads of the two ascending streams.
        let mut ha = ascii.as_mut().and_then(Iterator::next);
        let mut ho = other.as_mut().and_then(Iterator::next);
        let mut i = 0usize;
        let candidates = std::iter::from_fn(move || {
            if !fast {
                // More than three first bytes of a kind: test every byte.
                while i < hay.len() {
                    let k = i;
                    i += 1;
                    if self.leads[hay[k] as usize] {
                        return Some(k);
                    }
                }
                return None;
            }
            // Merge the two streams.
            match (ha, ho) {
                (Some(x), Some(y)) if x <= y => {
                    ha = ascii.as_mut().and_then(Iterator::next);
                    Some(x)
                }
                (_, Some(y)) => {
                    ho = other.as_mut().and_then(Iterator::next);
                    Some(y)
                }
                (Some(x), None) => {
                    ha = ascii.as_mut().and_then(Iterator::next);
                    Some(x)
                }
                (None, None) => None,
            }
        });
        candidates.filter_map(move |k| {
            let c = s.get(k..)?.chars().next()?;
            self.chars.contains(&c).then_some((k, c))
        })
    }

    /// True when `s` holds a char of the set.
    pub fn is_in(&self, s: &str) -> bool {
        self.find_iter(s).next().is_some()
    }
}

pub fn compact(s: &str) -> String {
    compact_view(s).0
}

/// Remove every whitespace character but keep everything else as printed
/// (used for values reported "as printed, spaces removed").
pub fn strip_spaces(s: &str) -> String {
    s.chars()
        .filter(|c| !is_space(*c) && !is_private_use(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_chars_that_look_traditional_are_kept() {
        // 覆 is a simplified character in its own right (覆盖率); 復 folds.
        assert_eq!(compact("网络覆盖率達到95%"), "网络覆盖率达到95%");
        assert_eq!(compact("恢復"), "恢复");
    }

    #[test]
    fn char_scan_finds_what_char_indices_finds() {
        let naive = |s: &str, set: &[char]| -> Vec<(usize, char)> {
            s.char_indices().filter(|(_, c)| set.contains(c)).collect()
        };
        let texts = [
            "",
            "甲（乙(丙)丁）。戊！己?庚!",
            "(((",
            "。。",
            "无",
            "a（b）c《d》e“f”g〔h〕i【j】k",
        ];
        // Two ASCII and two non-ASCII first bytes (merged memchr), one
        // first byte, and more than three (byte loop).
        let sets: [&[char]; 4] = [
            &['。', '！', '!', '？', '?'],
            &['（'],
            &['（', '(', '）', ')'],
            &[
                '（', '(', '）', ')', '《', '》', '“', '”', '〔', '〕', '【', '】', 'a', 'b', 'c',
                'd',
            ],
        ];
        for set in sets {
            let scan = CharScan::new(set);
            for t in texts {
                assert_eq!(
                    scan.find_iter(t).collect::<Vec<_>>(),
                    naive(t, set),
                    "{t} {set:?}"
                );
                assert_eq!(scan.is_in(t), !naive(t, set).is_empty());
            }
        }
    }

    #[test]
    fn compact_removes_letter_spacing_and_folds_digits() {
        assert_eq!(compact("通\u{3000}\u{3000}知"), "通知");
        assert_eq!(compact("2015年８月１日"), "2015年8月1日");
        assert_eq!(compact("a\u{E004}b\u{a0}c"), "abc");
        assert_eq!(compact("[bookmark: _Hlk123]第一条"), "第一条");
    }

    #[test]
    fn lines_and_crlf() {
        let t = "甲\r\n乙\n\n丙";
        let s = SourceText::new("f.txt", t, OffsetMap::Identity);
        assert_eq!(s.len(), 4);
        assert_eq!(s.lines[0].text, "甲");
        assert_eq!(s.lines[3].text, "丙");
        assert!(s.lines[2].is_blank());
        let sp = s.span_lines(2, 2);
        assert_eq!(&t[sp.start_byte..sp.end_byte], "乙");
    }

    #[test]
    fn trailing_newline_is_not_a_line() {
        let s = SourceText::new("f", "a\nb\n", OffsetMap::Identity);
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn compact_span_maps_back() {
        let t = "x\n通　知 书";
        let s = SourceText::new("f", t, OffsetMap::Identity);
        let l = &s.lines[1];
        assert_eq!(l.compact, "通知书");
        let sp = s.span_compact(l, 3, 6); // 知
        assert_eq!(&t[sp.start_byte..sp.end_byte], "知 ");
    }
}
