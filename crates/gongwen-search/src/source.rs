//! The text that is indexed, and the text of a hit: a document's lines and
//! its outline units, read from the raw bytes of the stored file.
//!
//! At sync time the file is decoded whole (`gongwen_core::decode`, so GBK
//! and UTF-16 files work) and split into lines by
//! `gongwen_core::source::text::SourceText`; a document is the lines of its
//! span. Each line is taken in its *compact* view (whitespace, Word
//! bookmarks and private-use characters dropped, full-width digits folded),
//! blank and TAB-only lines are skipped, and lines are joined with `\n`.
//!
//! The index keeps no text. It keeps, per document, the raw byte range of
//! its lines, the file's encoding and its outline units ([`UnitRef`]); at
//! query time [`HitText`] decodes only that range of the raw bytes, and
//! only the lines a hit looks at are read as the index read them
//! ([`decode_lines`] and [`DocText::build`] give the whole document's
//! compact lines and units, as at sync time).

use gongwen_core::model::{OutlineKind, OutlineNode};
use gongwen_core::source::text::{compact, SourceText};
use gongwen_core::Document;
use serde::{Deserialize, Serialize};

/// Where the text of hits is read from at query time: the raw bytes of the
/// stored files. Every [`gongwen_store::Store`] is one.
pub trait RawFiles {
    /// The raw bytes of stored file `name` (`None`: no such file).
    fn raw_file(&self, name: &str) -> Result<Option<Vec<u8>>, gongwen_store::StoreError>;

    /// Bytes `start..end` of stored file `name` (`None`: no such file or
    /// range). A hit needs its document's bytes only; this default reads
    /// the whole file, which is most of a search's time when files hold
    /// many documents (BENCHMARKS.md): a store that can read a range of a
    /// file (SQLite's incremental blob I/O) should.
    fn raw_range(
        &self,
        name: &str,
        start: usize,
        end: usize,
    ) -> Result<Option<Vec<u8>>, gongwen_store::StoreError> {
        Ok(self
            .raw_file(name)?
            .and_then(|b| b.get(start..end).map(<[u8]>::to_vec)))
    }
}

impl<S: gongwen_store::Store + ?Sized> RawFiles for S {
    fn raw_file(&self, name: &str) -> Result<Option<Vec<u8>>, gongwen_store::StoreError> {
        self.raw(name)
    }

    fn raw_range(
        &self,
        name: &str,
        start: usize,
        end: usize,
    ) -> Result<Option<Vec<u8>>, gongwen_store::StoreError> {
        gongwen_store::Store::raw_range(self, name, start, end)
    }
}

/// A decoded stored file: its lines in compact view (index 0 = line 1).
pub struct FileText {
    lines: Vec<String>,
    /// Raw byte range `[start, end)` of each line, terminator excluded.
    raw: Vec<(usize, usize)>,
    encoding: &'static str,
}

/// The text of one document and of its outline units.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    /// Every non-blank line of the document span, joined with `\n`.
    pub body: String,
    pub units: Vec<UnitText>,
}

/// An outline unit (条, 项, 一、, （一） …) and its own text: the lines it
/// owns, i.e. not those of a child unit. 款 (unnumbered paragraphs) are not
/// units of their own; their lines belong to their article.
#[derive(Debug, Clone)]
pub struct UnitText {
    /// Label as printed: `第十二条`, `（三）`.
    pub label: String,
    /// Labels from the outermost unit down to this one, space-separated:
    /// `第二章 第十二条`, `二、 （三）`.
    pub path: String,
    pub start_line: usize,
    pub end_line: usize,
    pub text: String,
}

/// An outline unit as the index keeps it (in pre-order): label, the index
/// of its parent unit in the list, its lines. Serialised as a JSON array
/// `[label, parent or -1, start_line, end_line]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef(pub String, pub i32, pub usize, pub usize);

/// The units of `doc` in pre-order; 款 are skipped (their children go to
/// the 款's parent).
pub fn units_of(doc: &Document) -> Vec<UnitRef> {
    fn walk(n: &OutlineNode, parent: i32, out: &mut Vec<UnitRef>) {
        if n.kind == OutlineKind::Paragraph {
            for c in &n.children {
                walk(c, parent, out);
            }
            return;
        }
        let k = out.len() as i32;
        out.push(UnitRef(
            n.label.clone(),
            parent,
            n.span.start_line,
            n.span.end_line,
        ));
        for c in &n.children {
            walk(c, k, out);
        }
    }
    let mut out = Vec::new();
    for n in &doc.outline {
        walk(n, -1, &mut out);
    }
    out
}

impl FileText {
    /// Decode a stored file. `None` when the bytes cannot be decoded (they
    /// were decoded at ingest, so this does not happen for stored files).
    pub fn decode(raw: &[u8]) -> Option<FileText> {
        let d = gongwen_core::decode(raw).ok()?;
        let src = SourceText::new("", &d.text, d.offsets);
        let raw = src
            .lines
            .iter()
            .map(|l| (src.offsets.to_raw(l.start), src.offsets.to_raw(l.end())))
            .collect();
        Some(FileText {
            lines: src.lines.into_iter().map(|l| l.compact).collect(),
            raw,
            encoding: d.encoding,
        })
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the file has no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The encoding the file was decoded from (`gongwen_core::Decoded`).
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Compact text of 1-based line `no` (empty when out of range).
    pub fn line(&self, no: usize) -> &str {
        no.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or("", String::as_str)
    }

    /// The lines of `doc`'s span that exist: `(first, last)`, 1-based.
    fn span(&self, doc: &Document) -> Option<(usize, usize)> {
        let first = doc.span.start_line.max(1);
        let last = doc.span.end_line.min(self.lines.len());
        (first <= last).then_some((first, last))
    }

    /// Raw byte range of `doc`'s lines (from the start of its first line to
    /// the end of its last), the input of [`decode_lines`].
    pub fn raw_range(&self, doc: &Document) -> Option<(usize, usize)> {
        let (first, last) = self.span(doc)?;
        Some((self.raw.get(first - 1)?.0, self.raw.get(last - 1)?.1))
    }

    /// The body text of `doc` (see [`DocText::body`]).
    pub fn body(&self, doc: &Document) -> String {
        let Some((first, last)) = self.span(doc) else {
            return String::new();
        };
        let mut body = String::new();
        for l in &self.lines[first - 1..last] {
            if l.is_empty() {
                continue;
            }
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(l);
        }
        body
    }

    /// The text of `doc` and of its outline units.
    pub fn document(&self, doc: &Document) -> DocText {
        match self.span(doc) {
            Some((first, last)) => {
                DocText::build(first, &self.lines[first - 1..last], &units_of(doc))
            }
            None => DocText::default(),
        }
    }
}

/// Decode `bytes` (a range of whole lines of a file in `encoding`) into
/// compact lines, as [`FileText::decode`] reads them. `None` when the bytes
/// do not decode.
pub fn decode_lines(bytes: &[u8], encoding: &str) -> Option<Vec<String>> {
    let text: std::borrow::Cow<'_, str> = match encoding {
        "UTF-8" | "UTF-8 BOM" => std::str::from_utf8(bytes).ok()?.into(),
        other => {
            let enc = match other {
                "UTF-16LE" => encoding_rs::UTF_16LE,
                "UTF-16BE" => encoding_rs::UTF_16BE,
                _ => encoding_rs::GB18030,
            };
            let (t, bad) = enc.decode_without_bom_handling(bytes);
            if bad {
                return None;
            }
            t
        }
    };
    Some(
        text.split('\n')
            .map(|l| compact(l.strip_suffix('\r').unwrap_or(l)))
            .collect(),
    )
}

/// A document's lines as a hit reads them: the decoded text of its raw
/// byte range, split into lines, with the number of characters of each.
/// The kept characters (what the index read, see [`crate::tokenize`]) and
/// the compact view are computed for the lines a hit looks at only
/// ([`crate::tokenize::kept_line`], [`HitText::compact_line`]); the lines
/// that may hold a character are found by searching the text for its raw
/// forms ([`HitText::lines_with`]).
#[derive(Debug, Clone)]
pub struct HitText {
    /// Line number of the first line.
    first: usize,
    text: String,
    /// Byte range of each line in `text` (terminator excluded).
    lines: Vec<(u32, u32)>,
    /// Characters before each line (one more entry: the total).
    chars: Vec<u32>,
    /// The text holds characters outside the BMP (whose kept forms
    /// [`crate::tokenize::raw_forms`] does not list).
    wide: bool,
}

impl HitText {
    /// Decode `bytes` (a range of whole lines of a file in `encoding`, the
    /// first being line `first`). `None` when the bytes do not decode.
    pub fn decode(bytes: Vec<u8>, encoding: &str, first: usize) -> Option<HitText> {
        let text: String = match encoding {
            "UTF-8" | "UTF-8 BOM" => String::from_utf8(bytes).ok()?,
            other => {
                let enc = match other {
                    "UTF-16LE" => encoding_rs::UTF_16LE,
                    "UTF-16BE" => encoding_rs::UTF_16BE,
                    _ => encoding_rs::GB18030,
                };
                let (t, bad) = enc.decode_without_bom_handling(&bytes);
                if bad {
                    return None;
                }
                t.into_owned()
            }
        };
        let mut lines = Vec::new();
        let mut chars = vec![0u32];
        let mut n = 0u32;
        let mut at = 0usize;
        for l in text.split('\n') {
            let end = at + l.len();
            let l = l.strip_suffix('\r').unwrap_or(l);
            lines.push((at as u32, (at + l.len()) as u32));
            n += l.bytes().filter(|&b| (b & 0xC0) != 0x80).count() as u32;
            chars.push(n);
            at = end + 1;
        }
        let wide = text.bytes().any(|b| b >= 0xF0);
        Some(HitText {
            first,
            text,
            lines,
            chars,
            wide,
        })
    }

    /// Line number of the first line.
    pub fn first_line(&self) -> usize {
        self.first
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Characters of line `i` (0-based).
    pub fn chars_of(&self, i: usize) -> usize {
        match (self.chars.get(i), self.chars.get(i + 1)) {
            (Some(&a), Some(&b)) => (b - a) as usize,
            _ => 0,
        }
    }

    /// Characters before line `i`.
    pub fn chars_before(&self, i: usize) -> usize {
        self.chars.get(i).map_or(0, |&c| c as usize)
    }

    /// The lines (0-based, ascending) that may hold kept character `k`:
    /// those holding one of its raw forms, every line when the text has
    /// characters outside the BMP.
    pub fn lines_with(&self, k: char) -> Vec<usize> {
        if self.wide {
            return (0..self.lines.len()).collect();
        }
        let mut out = Vec::new();
        for c in crate::tokenize::raw_forms(k) {
            let mut last = usize::MAX;
            for (at, _) in self.text.match_indices(c) {
                let l = self
                    .lines
                    .partition_point(|&(a, _)| a as usize <= at)
                    .saturating_sub(1);
                if l != last {
                    out.push(l);
                    last = l;
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The raw text of line `i` (0-based).
    pub fn raw_line(&self, i: usize) -> &str {
        self.lines
            .get(i)
            .and_then(|&(a, b)| self.text.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// The compact view of line `i` (0-based), as the parser reads it.
    pub fn compact_line(&self, i: usize) -> String {
        compact(self.raw_line(i))
    }

    /// Heap bytes held (for the cache's budget).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.lines.capacity() * 8 + self.chars.capacity() * 4
    }
}

/// What a hit reads of its document: its text and its outline units.
#[derive(Debug, Clone)]
pub struct HitDoc {
    pub text: HitText,
    pub units: Vec<UnitRef>,
}

impl HitDoc {
    /// Heap bytes held (for the cache's budget).
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self
                .units
                .iter()
                .map(|u| u.0.capacity() + 40)
                .sum::<usize>()
    }
}

impl DocText {
    /// Cut the compact `lines` of a document (line `first` first) into its
    /// body and its units: each unit claims its lines in pre-order, so a
    /// child takes its lines from its parent.
    pub fn build<S: AsRef<str>>(first: usize, lines: &[S], units: &[UnitRef]) -> DocText {
        let line = |no: usize| -> &str {
            no.checked_sub(first)
                .and_then(|i| lines.get(i))
                .map_or("", |s| s.as_ref())
        };
        let last = first + lines.len().saturating_sub(1);
        let mut body = String::new();
        for no in first..first + lines.len() {
            let l = line(no);
            if l.is_empty() {
                continue;
            }
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(l);
        }
        // Owner of each line: the last unit (in pre-order) containing it.
        let mut owner: Vec<Option<usize>> = vec![None; lines.len()];
        for (k, u) in units.iter().enumerate() {
            for no in u.2.max(first)..=u.3.min(last) {
                if let Some(o) = owner.get_mut(no - first) {
                    *o = Some(k);
                }
            }
        }
        let mut texts: Vec<String> = vec![String::new(); units.len()];
        for (i, o) in owner.iter().enumerate() {
            let Some(u) = *o else { continue };
            let l = line(first + i);
            if l.is_empty() {
                continue;
            }
            if let Some(t) = texts.get_mut(u) {
                if !t.is_empty() {
                    t.push('\n');
                }
                t.push_str(l);
            }
        }
        let mut paths: Vec<String> = Vec::with_capacity(units.len());
        for u in units {
            let parent = usize::try_from(u.1).ok().and_then(|p| paths.get(p));
            paths.push(match parent {
                Some(p) => format!("{p} {}", u.0),
                None => u.0.clone(),
            });
        }
        let units = units
            .iter()
            .zip(paths)
            .zip(texts)
            .filter(|(_, t)| !t.is_empty())
            .map(|((u, path), text)| UnitText {
                label: u.0.clone(),
                path,
                start_line: u.2,
                end_line: u.3,
                text,
            })
            .collect();
        DocText { body, units }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "某市人民政府\n\n关于印发某市停车管理办法的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车管理办法》印发给你们。\n\n某市人民政府\n\n2018年6月1日\n\n某市停车管理办法\n\n第一条　为规范停车，\n制定本办法。\n\n第二条　停车场应当：\n（一）公示收费标准；\n（二）保持设施完好。\n\n第三条　本办法自2018年7月1日起施行。\n";

    #[test]
    fn units_own_their_lines() {
        let p = gongwen_core::parse_bytes("a.txt", RULE.as_bytes()).unwrap();
        let f = FileText::decode(RULE.as_bytes()).unwrap();
        let d = f.document(&p.documents[0]);
        assert!(d.body.contains("为规范停车，\n制定本办法。"));
        // TAB-only lines are blank.
        let t = FileText::decode("甲\n\t\n\t乙".as_bytes()).unwrap();
        assert_eq!((t.line(2), t.line(3), t.len()), ("", "乙", 3));
        let labels: Vec<&str> = d.units.iter().map(|u| u.path.as_str()).collect();
        assert!(labels.contains(&"第一条"), "{labels:?}");
        let item = d.units.iter().find(|u| u.label == "（二）").unwrap();
        assert_eq!(item.text, "（二）保持设施完好。");
        assert!(item.path.starts_with("第二条"));
        let art = d.units.iter().find(|u| u.label == "第二条").unwrap();
        assert!(!art.text.contains("公示"), "{}", art.text);
    }

    /// The byte range of a document decodes back into the same lines, in
    /// every encoding.
    #[test]
    fn raw_range_decodes_to_the_same_text() {
        let p = gongwen_core::parse_bytes("a.txt", RULE.as_bytes()).unwrap();
        let crlf = RULE.replace('\n', "\r\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&crlf);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(RULE.as_bytes());
        let mut u16le = vec![0xFF, 0xFE];
        for c in RULE.encode_utf16() {
            u16le.extend_from_slice(&c.to_le_bytes());
        }
        for raw in [RULE.as_bytes().to_vec(), gbk.into_owned(), bom, u16le] {
            let f = FileText::decode(&raw).unwrap();
            for doc in &p.documents {
                let want = f.document(doc);
                let (a, b) = f.raw_range(doc).unwrap();
                let lines = decode_lines(&raw[a..b], f.encoding()).unwrap();
                let got = DocText::build(doc.span.start_line, &lines, &units_of(doc));
                assert_eq!(got.body, want.body, "{}", f.encoding());
                assert_eq!(f.body(doc), want.body);
                let u = |d: &DocText| -> Vec<(String, String)> {
                    d.units
                        .iter()
                        .map(|u| (u.path.clone(), u.text.clone()))
                        .collect()
                };
                assert_eq!(u(&got), u(&want));
            }
        }
    }
}
