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
/// A set of chars to find in text without decoding it. The non-ASCII chars
/// go to aho-corasick's packed SIMD searcher ("Teddy") over their UTF-8
/// encodings: it fingerprints up to three bytes, so the commonest
/// punctuation, which shares a first byte with the set (，：； and （）
/// all begin with 0xEF), is not stopped at — a first-byte search was 1.3–2.6×
/// slower on the corpus paragraphs. Up to three ASCII chars go to `memchr`
/// (one-byte patterns would cut Teddy's fingerprint to one byte); the two
/// streams are merged. A whole encoding found in valid UTF-8 is a whole
/// char. Built once per set (a `LazyLock` next to the table it scans for).
#[derive(Debug, Clone)]
pub struct CharScan {
    /// Pattern id → char, for the non-ASCII chars.
    chars: Vec<char>,
    /// Searcher for the non-ASCII chars.
    multi: Option<Multi>,
    /// The ASCII chars (memchr, at most three), or, when there are more,
    /// a byte table.
    ascii: Vec<u8>,
    ascii_table: Option<[bool; 128]>,
    /// Distinct first bytes of the non-ASCII chars.
    leads: Vec<u8>,
}

/// The packed searcher when the CPU has it, else a general automaton.
#[derive(Debug, Clone)]
enum Multi {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl CharScan {
    pub fn new(chars: &[char]) -> Self {
        let ascii: Vec<u8> = chars
            .iter()
            .filter(|c| c.is_ascii())
            .map(|&c| c as u8)
            .collect();
        let other: Vec<char> = chars.iter().copied().filter(|c| !c.is_ascii()).collect();
        let encodings: Vec<String> = other.iter().map(|c| c.to_string()).collect();
        let multi = if encodings.is_empty() {
            None
        } else {
            aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(&encodings)
                .build()
                .map(Multi::Packed)
                .or_else(|| {
                    // Building fails only on size limits, far above a char
                    // set; an unbuilt scanner finds nothing (and the tests
                    // would show it).
                    aho_corasick::AhoCorasick::new(&encodings)
                        .ok()
                        .map(Multi::Automaton)
                })
        };
        let ascii_table = (ascii.len() > 3).then(|| {
            let mut t = [false; 128];
            for &b in &ascii {
                t[usize::from(b)] = true;
            }
            t
        });
        let mut leads: Vec<u8> = encodings
            .iter()
            .filter_map(|e| e.as_bytes().first().copied())
            .collect();
        leads.sort_unstable();
        leads.dedup();
        CharScan {
            chars: other,
            multi,
            ascii,
            ascii_table,
            leads,
        }
    }

    /// Byte offsets and chars of the occurrences of the set in `s`, in order.
    pub fn find_iter<'s>(&'s self, s: &'s str) -> impl Iterator<Item = (usize, char)> + 's {
        let hay = s.as_bytes();
        let mut three = match (self.ascii_table, self.ascii.as_slice()) {
            (None, &[x]) => Some(memchr::memchr3_iter(x, x, x, hay)),
            (None, &[x, y]) => Some(memchr::memchr3_iter(x, y, y, hay)),
            (None, &[x, y, z]) => Some(memchr::memchr3_iter(x, y, z, hay)),
            _ => None,
        };
        let mut i = 0usize;
        let mut next_ascii = move || {
            let k = match (&mut three, &self.ascii_table) {
                (Some(it), _) => it.next()?,
                (None, Some(t)) => loop {
                    let b = *hay.get(i)?;
                    i += 1;
                    if t.get(usize::from(b)).copied().unwrap_or(false) {
                        break i - 1;
                    }
                },
                (None, None) => return None,
            };
            Some((k, char::from(*hay.get(k)?)))
        };
        let (mut packed, mut automaton) = match &self.multi {
            Some(Multi::Packed(p)) => (Some(p.find_iter(s)), None),
            Some(Multi::Automaton(a)) => (None, Some(a.find_iter(s))),
            None => (None, None),
        };
        let mut next_other = move || {
            let m = match (&mut packed, &mut automaton) {
                (Some(it), _) => it.next()?,
                (None, Some(it)) => it.next()?,
                (None, None) => return None,
            };
            Some((m.start(), *self.chars.get(m.pattern().as_usize())?))
        };
        // Merge the two ascending streams.
        let mut ha = next_ascii();
        let mut ho = next_other();
        std::iter::from_fn(move || match (ha, ho) {
            (Some(x), Some(y)) if x.0 <= y.0 => {
                ha = next_ascii();
                Some(x)
            }
            (_, Some(y)) => {
                ho = next_other();
                Some(y)
            }
            (Some(x), None) => {
                ha = next_ascii();
                Some(x)
            }
            (None, None) => None,
        })
    }

    /// True when `s` holds a char of the set. Texts without any first
    /// byte of the set's chars (found with `memchr`, when there are at most
    /// three besides at most three ASCII chars) are ruled out before the
    /// packed searcher, which on short texts (table cells) falls back to a
    /// slower rolling hash.
    pub fn is_in(&self, s: &str) -> bool {
        let hay = s.as_bytes();
        let any = |bytes: &[u8]| match *bytes {
            [] => Some(false),
            [a] => Some(memchr::memchr(a, hay).is_some()),
            [a, b] => Some(memchr::memchr2(a, b, hay).is_some()),
            [a, b, c] => Some(memchr::memchr3(a, b, c, hay).is_some()),
            _ => None,
        };
        let maybe = match (any(&self.ascii), any(&self.leads)) {
            (Some(a), Some(l)) => a || l,
            _ => true,
        };
        maybe && self.find_iter(s).next().is_some()
    }
}

/// Words indexed by their first (or last) char: which word a text starts
/// (ends) with compares only the words that share its first (last) char,
/// and a text whose char begins (ends) no word is answered by one binary
/// search. Within a char the words keep the order given (the first that
/// fits wins). For word tables asked of every value or unit name, where a
/// comparison per word, or an anchored regex, cost more.
#[derive(Debug, Clone)]
pub struct WordsByChar {
    at_end: bool,
    /// By char (sorted): the words starting (ending) with it.
    by: Vec<(char, Vec<&'static str>)>,
}

impl WordsByChar {
    /// Index `words` by their first char, for [`WordsByChar::find`] at the
    /// start of a text.
    pub fn leading(words: impl IntoIterator<Item = &'static str>) -> Self {
        Self::new(words, false)
    }

    /// Index `words` by their last char, for [`WordsByChar::find`] at the
    /// end of a text.
    pub fn trailing(words: impl IntoIterator<Item = &'static str>) -> Self {
        Self::new(words, true)
    }

    fn new(words: impl IntoIterator<Item = &'static str>, at_end: bool) -> Self {
        let mut by: Vec<(char, Vec<&'static str>)> = Vec::new();
        for w in words {
            let c = if at_end {
                w.chars().next_back()
            } else {
                w.chars().next()
            };
            let Some(c) = c else { continue };
            match by.iter_mut().find(|(k, _)| *k == c) {
                Some((_, ws)) => ws.push(w),
                None => by.push((c, vec![w])),
            }
        }
        by.sort_by_key(|(c, _)| *c);
        WordsByChar { at_end, by }
    }

    /// The first word (in the order given) that `text` starts with
    /// ([`WordsByChar::leading`]) or ends with ([`WordsByChar::trailing`]).
    pub fn find(&self, text: &str) -> Option<&'static str> {
        let c = if self.at_end {
            text.chars().next_back()
        } else {
            text.chars().next()
        }?;
        let k = self.by.binary_search_by_key(&c, |(k, _)| *k).ok()?;
        self.by.get(k)?.1.iter().copied().find(|w| {
            if self.at_end {
                text.ends_with(w)
            } else {
                text.starts_with(w)
            }
        })
    }
}

/// Which of a fixed list of literals occur in a text, found in one pass
/// instead of one `contains` per literal: the gates in front of pattern
/// tables, and "where is the first / last of these words". Built once per
/// table (a `LazyLock` next to it).
///
/// Every occurrence is found, overlapping ones included (`每月` and `月`).
/// The search is aho-corasick's packed SIMD searcher (Teddy), restarted
/// one byte after each match start, with the literals that begin with the
/// matched byte compared at that start (one-byte literals: `memchr`); an
/// overlapping automaton search steps its DFA byte by byte and was the
/// slower half of the deadline gates. Sets the packed searcher cannot take
/// (over its 64-pattern limit, a CPU without SSSE3/AVX2) use the
/// overlapping automaton.
#[derive(Debug, Clone)]
pub struct LiteralSet {
    /// Distinct literals, in first-seen order (bit `k` = `literals[k]`).
    literals: Vec<&'static str>,
    search: Option<LiteralSearch>,
    /// For small sets, one substring searcher per literal: presence
    /// ([`LiteralSet::scan`]) stops at each literal's first occurrence,
    /// where the multi-literal search visits every occurrence (`条`, `负责`
    /// recur in a paragraph).
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// For larger sets, presence apart for the one-char literals (frequent
    /// chars such as `年`, `月`: a substring search each, stopping at the
    /// first occurrence) and the longer ones (packed search over them
    /// alone, whose fingerprints then reach into the second char).
    presence: Option<Presence>,
}

/// Largest set whose presence scan uses one substring searcher per literal.
const PER_LITERAL_MAX: usize = 6;

#[derive(Debug, Clone)]
struct Presence {
    single: Vec<(usize, memchr::memmem::Finder<'static>)>,
    multi: Option<aho_corasick::packed::Searcher>,
    multi_by_first: Box<[Vec<usize>; 256]>,
}

/// For each first byte, the indices of the `literals` that `keep` keeps and
/// that start with it ([`packed_each`] compares those at a match).
fn by_first_byte(literals: &[&str], keep: impl Fn(&str) -> bool) -> Box<[Vec<usize>; 256]> {
    let mut by_first: Box<[Vec<usize>; 256]> = Box::new(std::array::from_fn(|_| Vec::new()));
    for (k, l) in literals.iter().enumerate().filter(|(_, l)| keep(l)) {
        if let Some(&b) = l.as_bytes().first() {
            by_first[usize::from(b)].push(k);
        }
    }
    by_first
}

/// Calls `f(k, start, end)` for every occurrence in `hay` of the literals
/// `searcher` was built over: the packed search restarted one byte after
/// each match start, the literals listed under the first byte there
/// compared (`by_first`: indices into `literals`).
fn packed_each(
    searcher: &aho_corasick::packed::Searcher,
    by_first: &[Vec<usize>; 256],
    literals: &[&'static str],
    hay: &[u8],
    f: &mut impl FnMut(usize, usize, usize),
) {
    let mut at = 0;
    while at < hay.len() {
        let span = aho_corasick::Span::from(at..hay.len());
        let Some(m) = searcher.find_in(hay, span) else {
            break;
        };
        let s = m.start();
        let rest = hay.get(s..).unwrap_or(&[]);
        let first = rest.first().map_or(0, |&b| usize::from(b));
        for &k in &by_first[first] {
            if let Some(l) = literals.get(k) {
                if rest.starts_with(l.as_bytes()) {
                    f(k, s, s + l.len());
                }
            }
        }
        at = s + 1;
    }
}

#[derive(Debug, Clone)]
enum LiteralSearch {
    /// Packed searcher over the literals longer than one byte, plus for
    /// each first byte the literals (indices) that start with it; the
    /// one-byte (ASCII) literals, found with `memchr`, apart: with them the
    /// packed searcher would take one-byte fingerprints and refuse sets of
    /// more than 16.
    Packed {
        searcher: Option<aho_corasick::packed::Searcher>,
        by_first: Box<[Vec<usize>; 256]>,
        bytes: Vec<(u8, usize)>,
    },
    Automaton(aho_corasick::AhoCorasick),
}

/// The literals of a [`LiteralSet`] found in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Present(u128);

impl LiteralSet {
    /// The set of `literals` (duplicates allowed). [`LiteralSet::scan`]
    /// reports the first 128 distinct ones (a unit test checks each gate
    /// table fits); the other queries see them all.
    pub fn new<'a>(literals: impl IntoIterator<Item = &'a &'static str>) -> Self {
        let mut distinct: Vec<&'static str> = Vec::new();
        for l in literals {
            if !distinct.contains(l) && !l.is_empty() {
                distinct.push(l);
            }
        }
        let long: Vec<&str> = distinct.iter().copied().filter(|l| l.len() > 1).collect();
        let bytes: Vec<(u8, usize)> = distinct
            .iter()
            .enumerate()
            .filter_map(|(k, l)| match l.as_bytes() {
                &[b] => Some((b, k)),
                _ => None,
            })
            .collect();
        let searcher = if long.is_empty() {
            None
        } else {
            aho_corasick::packed::Searcher::new(long.iter())
        };
        let search = if searcher.is_some() || long.is_empty() {
            Some(LiteralSearch::Packed {
                searcher,
                by_first: by_first_byte(&distinct, |l| l.len() > 1),
                bytes,
            })
        } else {
            // Too many literals for the packed searcher. Building the
            // automaton fails only on size limits, far above a gate table;
            // an unbuilt set reports nothing present (and the tests would
            // show it).
            aho_corasick::AhoCorasick::new(&distinct)
                .ok()
                .map(LiteralSearch::Automaton)
        };
        let finders = if distinct.len() <= PER_LITERAL_MAX {
            distinct
                .iter()
                .map(|l| memchr::memmem::Finder::new(l.as_bytes()))
                .collect()
        } else {
            Vec::new()
        };
        let presence = (distinct.len() > PER_LITERAL_MAX)
            .then(|| {
                let one_char = |l: &str| l.chars().nth(1).is_none();
                let single = distinct
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| one_char(l))
                    .map(|(k, l)| (k, memchr::memmem::Finder::new(l.as_bytes())))
                    .collect();
                let multi: Vec<&str> = distinct.iter().copied().filter(|l| !one_char(l)).collect();
                let searcher = if multi.is_empty() {
                    None
                } else {
                    // Not built (over the limit): no presence split, the
                    // whole set's search answers.
                    Some(aho_corasick::packed::Searcher::new(multi.iter())?)
                };
                Some(Presence {
                    single,
                    multi: searcher,
                    multi_by_first: by_first_byte(&distinct, |l| !one_char(l)),
                })
            })
            .flatten();
        LiteralSet {
            literals: distinct,
            search,
            finders,
            presence,
        }
    }

    /// True when the set is searched with the packed SIMD searcher (at
    /// most 64 literals longer than a byte), not the slower overlapping
    /// automaton.
    pub fn is_packed(&self) -> bool {
        matches!(self.search, Some(LiteralSearch::Packed { .. }))
    }

    /// Number of distinct literals.
    pub fn len(&self) -> usize {
        self.literals.len()
    }

    /// True when the set has no literal.
    pub fn is_empty(&self) -> bool {
        self.literals.is_empty()
    }

    /// Calls `f(k, start, end)` for every occurrence of every literal `k`
    /// in `text` (overlapping ones included; not in text order).
    fn each(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        match &self.search {
            Some(LiteralSearch::Packed {
                searcher,
                by_first,
                bytes,
            }) => {
                let hay = text.as_bytes();
                if let Some(searcher) = searcher {
                    packed_each(searcher, by_first, &self.literals, hay, &mut f);
                }
                for &(b, k) in bytes {
                    for s in memchr::memchr_iter(b, hay) {
                        f(k, s, s + 1);
                    }
                }
            }
            Some(LiteralSearch::Automaton(ac)) => {
                for m in ac.find_overlapping_iter(text) {
                    f(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            None => {}
        }
    }

    /// The literals of the set that occur in `text`.
    pub fn scan(&self, text: &str) -> Present {
        let mut bits = 0u128;
        if !self.finders.is_empty() {
            for (k, f) in self.finders.iter().enumerate() {
                if k < 128 && f.find(text.as_bytes()).is_some() {
                    bits |= 1u128 << k;
                }
            }
            return Present(bits);
        }
        let mut set = |k: usize, _: usize, _: usize| {
            if k < 128 {
                bits |= 1u128 << k;
            }
        };
        if let Some(p) = &self.presence {
            let hay = text.as_bytes();
            for (k, f) in &p.single {
                if f.find(hay).is_some() {
                    set(*k, 0, 0);
                }
            }
            if let Some(searcher) = &p.multi {
                packed_each(searcher, &p.multi_by_first, &self.literals, hay, &mut set);
            }
            return Present(bits);
        }
        self.each(text, |k, _, _| {
            if k < 128 {
                bits |= 1u128 << k;
            }
        });
        Present(bits)
    }

    /// True when some literal of the set occurs in `text`.
    pub fn is_in(&self, text: &str) -> bool {
        self.first_start(text).is_some()
    }

    /// Smallest start of an occurrence of a literal in `text` (what the
    /// minimum of `text.find(l)` over the literals gives).
    pub fn first_start(&self, text: &str) -> Option<usize> {
        match &self.search {
            Some(LiteralSearch::Packed {
                searcher, bytes, ..
            }) => {
                let hay = text.as_bytes();
                let long = searcher
                    .as_ref()
                    .and_then(|s| s.find(hay))
                    .map(|m| m.start());
                let short = bytes
                    .iter()
                    .filter_map(|&(b, _)| memchr::memchr(b, hay))
                    .min();
                match (long, short) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
            Some(LiteralSearch::Automaton(ac)) => {
                ac.find_overlapping_iter(text).map(|m| m.start()).min()
            }
            None => None,
        }
    }

    /// Largest end of an occurrence of a literal in `text` (what the
    /// maximum of `text.rfind(l) + l.len()` over the literals gives).
    pub fn last_end(&self, text: &str) -> Option<usize> {
        let mut last = None;
        self.each(text, |_, _, e| last = last.max(Some(e)));
        last
    }

    /// Bit of `literal` (None when it is not in the set or beyond the
    /// 128th).
    pub fn bit(&self, literal: &str) -> Option<u32> {
        // Callers pass the table's own constants: the same pointer, found
        // without comparing text.
        let k = self
            .literals
            .iter()
            .position(|l| std::ptr::eq(l.as_ptr(), literal.as_ptr()) && l.len() == literal.len())
            .or_else(|| self.literals.iter().position(|l| *l == literal))?;
        u32::try_from(k).ok().filter(|&k| k < 128)
    }

    /// The bits of `words`, to test a scan against all of them at once
    /// ([`Present::any_of`]); a word the set lacks (or beyond the 128th)
    /// makes the mask match every text, as [`Present::has`] does.
    pub fn mask(&self, words: &[&str]) -> Mask {
        let mut bits = 0u128;
        for w in words {
            match self.bit(w) {
                Some(b) => bits |= 1u128 << b,
                None => return Mask { bits, always: true },
            }
        }
        Mask {
            bits,
            always: false,
        }
    }
}

/// Several literals of a [`LiteralSet`] ([`LiteralSet::mask`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask {
    bits: u128,
    always: bool,
}

impl Present {
    /// True when one of the literals of `mask` is present.
    pub fn any_of(self, mask: Mask) -> bool {
        mask.always || self.0 & mask.bits != 0
    }

    /// True when the literal of `bit` (from [`LiteralSet::bit`]) is present;
    /// `None` (a literal not in the set) counts as present, so a missing
    /// table entry never hides a match.
    pub fn has(self, bit: Option<u32>) -> bool {
        bit.is_none_or(|b| b < 128 && self.0 & (1u128 << b) != 0)
    }

    /// True when no literal of the set is present.
    /// How many of the set's literals are present.
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    pub fn none(self) -> bool {
        self.0 == 0
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
        // 乾 (乾坤, 乾县) and 麽 are simplified characters too; 著 has no
        // entry in OpenCC's character table.
        assert_eq!(compact("乾县显著幺麽"), "乾县显著幺麽");
        assert_eq!(compact("關於鄂政發〔2017〕63號"), "关于鄂政发〔2017〕63号");
    }

    #[test]
    fn words_by_char_find_the_first_fitting_word() {
        let lead = WordsByChar::leading(["万元", "万", "亿元", "%"]);
        assert_eq!(lead.find("万元以上"), Some("万元"));
        assert_eq!(lead.find("万人"), Some("万"));
        assert_eq!(lead.find("%，"), Some("%"));
        assert_eq!(lead.find("元"), None);
        assert_eq!(lead.find(""), None);
        let trail = WordsByChar::trailing(["委员会", "局", "办公室"]);
        assert_eq!(trail.find("廊坊市发展和改革委员会"), Some("委员会"));
        assert_eq!(trail.find("市公安局"), Some("局"));
        assert_eq!(trail.find("局长"), None);
        assert_eq!(trail.find(""), None);
    }

    #[test]
    fn masks_test_several_literals_at_once() {
        const WORDS: &[&str] = &["施行", "实施", "有效期", "废止", "号", "条", "不一致"];
        let set = LiteralSet::new(WORDS);
        let p = set.scan("本办法自印发之日起施行，有效期5年。");
        assert!(p.any_of(set.mask(&["废止", "施行"])));
        assert!(p.any_of(set.mask(&["有效期"])));
        assert!(!p.any_of(set.mask(&["废止", "号", "条"])));
        assert!(!p.any_of(set.mask(&[])));
        // A word the set lacks never hides a text.
        assert!(p.any_of(set.mask(&["废止", "失效"])));
        assert!(set.scan("").any_of(set.mask(&["失效"])));
    }

    #[test]
    fn literal_set_reports_what_contains_reports() {
        let lits: &[&'static str] = &["每月", "月", "日", "工作日", "底", "月", "末前", "-", "~"];
        let set = LiteralSet::new(lits);
        assert_eq!(set.len(), 8);
        assert!(set.is_packed());
        for t in ["", "每月5日前", "每季度末前", "月底", "10个工作日内", "无"] {
            let p = set.scan(t);
            for l in lits {
                assert_eq!(p.has(set.bit(l)), t.contains(l), "{t} {l}");
            }
            assert_eq!(p.none(), !lits.iter().any(|l| t.contains(l)));
        }
        assert!(set.scan("无").has(set.bit("不在表中")));
        // Short texts and long ones (the packed searcher has a minimum
        // length below which it falls back to Rabin-Karp).
        let long = "各县（市、区）政府每月5日前报送上月工作日志，年底前完成。".repeat(6);
        let dashed = format!("{long}2021-2025年~");
        // A small set too: one substring searcher per literal.
        let few: &[&'static str] = &["每月", "月", "-"];
        let small = LiteralSet::new(few);
        let presence = |set: &LiteralSet, lits: &[&'static str], t: &str| {
            let p = set.scan(t);
            for l in lits {
                assert_eq!(p.has(set.bit(l)), t.contains(l), "{t} {l}");
            }
        };
        for t in [
            "",
            "每月底前每月",
            "工作日月",
            "末前月底",
            "-月",
            "日~",
            long.as_str(),
            dashed.as_str(),
        ] {
            presence(&small, few, t);
            presence(&set, lits, t);
            let first = lits.iter().filter_map(|l| t.find(l)).min();
            let last = lits
                .iter()
                .filter_map(|l| t.rfind(l).map(|k| k + l.len()))
                .max();
            assert_eq!(set.first_start(t), first, "{t}");
            assert_eq!(set.last_end(t), last, "{t}");
            assert_eq!(set.is_in(t), first.is_some(), "{t}");
        }
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
        // Longer than the packed searcher's minimum, matches at both ends.
        let long = format!("（{}）。", "各县、市，区：政府！".repeat(12));
        let mixed = "a（b）c《d》e“f”g〔h〕i【j】k(l)m!n?".repeat(4);
        let texts: Vec<&str> = texts
            .iter()
            .copied()
            .chain([long.as_str(), mixed.as_str()])
            .collect();
        // Mixed ASCII (memchr) and CJK (packed search) sets, a single
        // char, and more than three ASCII chars (byte table).
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
            for &t in &texts {
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
