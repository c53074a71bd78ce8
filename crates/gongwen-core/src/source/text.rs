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
//! - folds traditional characters to simplified ones ([`crate::source::simplify`]:
//!   OpenCC's character table, less the traditional code points that are
//!   also simplified characters), so that traditional copies of mainland
//!   documents match the same patterns.
//!
//! Punctuation keeps its width in `compact`; patterns accept both widths.

use std::sync::Arc;

use crate::model::Span;
use crate::source::simplify;

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

    /// The printed form of the compact range `cs..ce`: the line's own
    /// characters (traditional ones kept, as fields must be), with
    /// whitespace and private-use chars dropped and full-width digits and
    /// letters folded, as in the compact view.
    pub fn printed(&self, cs: usize, ce: usize) -> String {
        let at = |c: usize| {
            let i = c.min(self.cmap.len().saturating_sub(1));
            self.cmap.get(i).copied().unwrap_or(0) as usize
        };
        let (a, b) = (at(cs), at(ce));
        self.text
            .get(a..b.max(a))
            .unwrap_or("")
            .chars()
            .filter(|&c| !is_space(c) && !is_private_use(c))
            .map(fold_width)
            .collect()
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

    /// The printed form of `value`, a compact text read off lines
    /// `first..=last` (1-based): the document's own characters (a
    /// traditional copy keeps its script) where `value` occurs in the
    /// lines' compact views joined; `None` when it does not.
    pub fn printed(&self, first: usize, last: usize, value: &str) -> Option<String> {
        if value.is_empty() || last < first || last - first > 8 {
            return None;
        }
        let lines: Vec<&Line<'a>> = (first..=last).filter_map(|n| self.line(n)).collect();
        let joined: String = lines.iter().map(|l| l.compact.as_str()).collect();
        let at = joined.find(value)?;
        let end = at + value.len();
        let mut out = String::with_capacity(value.len());
        let mut off = 0;
        for l in lines {
            let (a, b) = (off, off + l.compact.len());
            off = b;
            if b <= at || a >= end {
                continue;
            }
            out.push_str(&l.printed(at.max(a) - a, end.min(b) - a));
        }
        Some(out)
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

/// Is `c` a Chinese character (CJK Unified Ideographs and Extension A)?
pub fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c)
}

/// Is `c` a private-use character (Word/PDF artefact)?
pub fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Fold one char for the compact view: full-width ASCII digits/letters to
/// half-width; traditional to simplified ([`simplify::simplify_char`]).
/// The search tokenizers fold with this too.
pub fn fold_char(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => fold_width(c),
        _ => simplify::simplify_char(c),
    }
}

/// Full-width ASCII digits and letters to half-width; other chars as they are.
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
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
        // `??一、規劃背景`: question marks a mirror site put where it lost
        // characters, opening the line (two or more).
        if c == '?' && out.is_empty() {
            let run = line[i..].len() - line[i..].trim_start_matches('?').len();
            if run >= 2 {
                skip_until = i + run;
                continue;
            }
        }
        if c == '(' {
            if let Some(len) = pinyin_annotation(line.get(i..).unwrap_or(""), out.chars().last()) {
                skip_until = i + len;
                continue;
            }
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

/// A mirror site's pinyin annotation after a character (`發(fā)`, `關(guan)`):
/// its byte length when `s` starts with one and the char before it is Chinese.
fn pinyin_annotation(s: &str, before: Option<char>) -> Option<usize> {
    if !before.is_some_and(is_han) {
        return None;
    }
    let inner = s.strip_prefix('(')?;
    let close = inner.find(')')?;
    let syllable = &inner[..close];
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü";
    let n = syllable.chars().count();
    let toned = syllable.chars().any(|ch| TONED.contains(ch));
    // `(a)`, `(ii)`: list markers, not pinyin.
    let marker = n == 1 || syllable.chars().all(|ch| "ivxlcdm".contains(ch));
    ((1..=6).contains(&n)
        && (toned || !marker)
        && syllable
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || TONED.contains(ch)))
    .then_some(close + 2)
}

/// Compact a free string (same rules as a line's compact view).
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
        // 乾 (乾坤, 乾县) and 麽 are simplified characters too; 著 has no
        // entry in OpenCC's character table.
        assert_eq!(compact("乾县显著幺麽"), "乾县显著幺麽");
        assert_eq!(compact("關於鄂政發〔2017〕63號"), "关于鄂政发〔2017〕63号");
    }

    #[test]
    fn compact_removes_letter_spacing_and_folds_digits() {
        assert_eq!(compact("通\u{3000}\u{3000}知"), "通知");
        assert_eq!(compact("2015年８月１日"), "2015年8月1日");
        assert_eq!(compact("a\u{E004}b\u{a0}c"), "abc");
        assert_eq!(compact("[bookmark: _Hlk123]第一条"), "第一条");
        // Pinyin a mirror site put after a character; list markers stay.
        assert_eq!(compact("印發(fā)關(guan)於"), "印发关于");
        assert_eq!(compact("(a)项"), "(a)项");
        assert_eq!(compact("第(a)项"), "第(a)项");
        assert_eq!(compact("第(ii)项"), "第(ii)项");
        // Lost characters a mirror site printed as `??` opening a line.
        assert_eq!(compact("??一、规划背景"), "一、规划背景");
        assert_eq!(compact("是否?"), "是否?");
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
