//! Paragraphs and sentences (段落与句子): the unit every fact extractor
//! (references, clauses, assignments, deadlines, targets) reads.
//!
//! A paragraph is one source line's compact view, joined with the following
//! non-blank lines when the line was broken mid-sentence (a long line that
//! does not end in closing punctuation, as PDF column breaks leave them —
//! blank lines between the pieces are skipped). Table cell lines are not
//! paragraphs. Every byte of a paragraph's text maps back to the raw file,
//! so any match inside it becomes a [`Span`].

use crate::model::{OutlineNode, Span};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::LazyLock;

use crate::grammar::labels::opens_label;
use crate::grammar::patterns::BRACKET_PAIRS;
use crate::source::scan::CharScan;
use crate::source::text::SourceText;

/// Characters that end a paragraph line for good.
const LINE_END_PUNCT: &[char] = &[
    '。', '；', ';', '：', ':', '！', '!', '？', '?', '）', ')', '”', '」', '》',
];

/// Characters that end a sentence inside a paragraph.
pub const SENTENCE_END: &[char] = &['。', '！', '!', '？', '?'];

/// Finds [`SENTENCE_END`] chars.
static SENTENCE_END_SCAN: LazyLock<CharScan> = LazyLock::new(|| CharScan::new(SENTENCE_END));

/// Finds every char of [`BRACKET_PAIRS`] (also a paragraph's marks,
/// [`crate::structure::paragraphs::Paragraph::marks`]).
pub(crate) static BRACKET_SCAN: LazyLock<CharScan> = LazyLock::new(|| {
    let chars: Vec<char> = BRACKET_PAIRS
        .iter()
        .flat_map(|(o, c, _, _)| o.iter().chain(c.iter()).copied())
        .collect();
    CharScan::new(&chars)
});

/// A line shorter than this (in chars) is never joined to the next: it is a
/// heading, a signature or a short item, not a broken sentence.
const MIN_BROKEN_LINE_CHARS: usize = 30;

/// One piece of a paragraph: a line's compact text.
#[derive(Debug, Clone)]
struct Piece {
    /// Offset of this piece in the paragraph text.
    at: usize,
    /// 0-based line index in the source.
    line: usize,
}

/// The lines of a document covered by some spans (its tables, its table
/// cells), marked once: "is this paragraph inside one" is asked of every
/// paragraph, and a document can hold a hundred tables.
pub(crate) struct LineMask {
    first: usize,
    marked: Vec<bool>,
}

impl LineMask {
    /// Mark the lines of `spans` within `doc` (1-based, inclusive).
    pub(crate) fn new<'a>(doc: &Span, spans: impl IntoIterator<Item = &'a Span>) -> Self {
        let first = doc.start_line;
        let mut marked = vec![false; doc.end_line.saturating_sub(first) + 1];
        for s in spans {
            for l in s.start_line..=s.end_line {
                if let Some(x) = l.checked_sub(first).and_then(|k| marked.get_mut(k)) {
                    *x = true;
                }
            }
        }
        LineMask { first, marked }
    }

    /// Whether `line` is covered; `None` outside the document's lines.
    pub(crate) fn get(&self, line: usize) -> Option<bool> {
        line.checked_sub(self.first)
            .and_then(|k| self.marked.get(k))
            .copied()
    }
}

/// A paragraph of body text with its map back to the source.
#[derive(Debug, Clone)]
pub struct Paragraph<'s> {
    /// Compact text (whitespace removed, digits folded) of the joined lines:
    /// borrowed from the line when the paragraph is one line.
    pub text: Cow<'s, str>,
    /// 1-based first and last line.
    pub start_line: usize,
    pub end_line: usize,
    pieces: Vec<Piece>,
    /// The paragraph's bracket marks, found on first use ([`Paragraph::marks`]).
    marks: OnceCell<Vec<(usize, char)>>,
}

impl Paragraph<'_> {
    /// Byte offsets (in `text`) and chars of the bracket and quotation
    /// marks of [`BRACKET_PAIRS`], in text order: found once,
    /// read by the lint's balance check, the assignment brackets and the
    /// citation titles (each scanned the paragraph for its own before).
    pub fn marks(&self) -> &[(usize, char)] {
        self.marks
            .get_or_init(|| BRACKET_SCAN.find_iter(&self.text).collect())
    }

    /// Span of the paragraph text bytes `a..b` (offsets into `text`).
    pub fn span(&self, src: &SourceText<'_>, a: usize, b: usize) -> Span {
        let b = b.max(a);
        let (la, ca) = self.locate(a, false);
        let (lb, cb) = self.locate(b, true);
        let (Some(l1), Some(l2)) = (src.lines.get(la), src.lines.get(lb)) else {
            return src.span_lines(self.start_line, self.end_line);
        };
        let s = l1.text_offset_of_compact(ca);
        // End just after the last char of the range, not at the next char
        // (which may lie after skipped whitespace).
        let e = match l2.compact.get(..cb).and_then(|c| c.chars().last()) {
            Some(last) => {
                let t = l2.text_offset_of_compact(cb - last.len_utf8());
                let width = src
                    .text
                    .get(t..)
                    .and_then(|r| r.chars().next())
                    .map_or(0, char::len_utf8);
                t + width
            }
            None => l2.text_offset_of_compact(cb),
        }
        .max(s);
        src.span_text(s, e, la + 1, lb + 1)
    }

    /// (line index, compact offset in that line) of paragraph offset `off`.
    /// With `end`, an offset at a piece boundary belongs to the earlier piece.
    fn locate(&self, off: usize, end: bool) -> (usize, usize) {
        let mut chosen = self.pieces.first().map(|p| (p.line, 0)).unwrap_or((0, 0));
        for p in &self.pieces {
            if p.at < off || (!end && p.at == off) || (p.at == off && off == 0) {
                chosen = (p.line, off - p.at);
            }
        }
        chosen
    }

    /// 1-based line of paragraph offset `off`.
    pub fn line_of(&self, off: usize) -> usize {
        self.locate(off, false).0 + 1
    }

    /// Sentence ranges `(start, end)` in `text`; the terminator belongs to
    /// the sentence. A bracket right after a terminator (`。（牵头单位：…）`)
    /// starts a new sentence.
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in SENTENCE_END_SCAN.find_iter(&self.text) {
            let end = i + c.len_utf8();
            if end > start {
                out.push((start, end));
            }
            start = end;
        }
        if start < self.text.len() {
            out.push((start, self.text.len()));
        }
        out
    }
}

fn ends_line(s: &str) -> bool {
    s.chars()
        .last()
        .is_some_and(|c| LINE_END_PUNCT.contains(&c))
}

/// Paragraphs of lines `first..=last` (1-based, inclusive). Never panics.
pub fn paragraphs<'s>(src: &'s SourceText<'_>, first: usize, last: usize) -> Vec<Paragraph<'s>> {
    let mut out = Vec::new();
    let n = src.lines.len();
    let last = last.min(n);
    let mut i = first.max(1) - 1;
    while i < last {
        let Some(line) = src.lines.get(i) else { break };
        if line.is_blank() || line.is_cell() {
            i += 1;
            continue;
        }
        let mut p = Paragraph {
            text: Cow::Borrowed(line.compact.as_str()),
            start_line: i + 1,
            end_line: i + 1,
            pieces: vec![Piece { at: 0, line: i }],
            marks: OnceCell::new(),
        };
        let mut cur = i;
        loop {
            let cl = &src.lines[cur];
            if ends_line(&cl.compact) || cl.compact_chars() < MIN_BROKEN_LINE_CHARS {
                break;
            }
            // Next non-blank line (at most two blank lines away).
            let mut j = cur + 1;
            while j < last && j <= cur + 3 && src.lines[j].is_blank() && !src.lines[j].is_cell() {
                j += 1;
            }
            if j >= last || j > cur + 3 {
                break;
            }
            let nl = &src.lines[j];
            if nl.is_blank() || nl.is_cell() || opens_label(&nl.compact) {
                break;
            }
            p.pieces.push(Piece {
                at: p.text.len(),
                line: j,
            });
            p.text.to_mut().push_str(&nl.compact);
            p.end_line = j + 1;
            cur = j;
        }
        i = cur + 1;
        out.push(p);
    }
    out
}

/// The paragraphs of one document, computed once for every extractor: of
/// all its lines (`first..=last`, what the clause extractor reads) and of its
/// body (`body_start..=last`, what the others read).
#[derive(Debug, Clone)]
pub struct DocParagraphs<'s> {
    whole: Vec<Paragraph<'s>>,
    body: BodyParagraphs<'s>,
}

#[derive(Debug, Clone)]
enum BodyParagraphs<'s> {
    /// `whole[k..]`.
    Suffix(usize),
    /// Computed apart: a paragraph of `whole` runs over the body start.
    Own(Vec<Paragraph<'s>>),
}

impl<'s> DocParagraphs<'s> {
    /// Paragraphs of lines `first..=last` and of `body_start..=last`
    /// (1-based). The body's are a suffix of the whole's unless a paragraph
    /// runs from before `body_start` into it; then they are computed apart.
    pub fn new(src: &'s SourceText<'_>, first: usize, body_start: usize, last: usize) -> Self {
        let whole = paragraphs(src, first, last);
        let suffix = if body_start < first {
            None
        } else {
            suffix_from(&whole, body_start)
        };
        let body = match suffix {
            Some(k) => BodyParagraphs::Suffix(k),
            None => BodyParagraphs::Own(paragraphs(src, body_start, last)),
        };
        DocParagraphs { whole, body }
    }

    /// What `paragraphs(src, first, last)` gives.
    pub fn whole(&self) -> &[Paragraph<'s>] {
        &self.whole
    }

    /// What `paragraphs(src, body_start, last)` gives.
    pub fn body(&self) -> &[Paragraph<'s>] {
        match &self.body {
            BodyParagraphs::Suffix(k) => self.whole.get(*k..).unwrap_or(&[]),
            BodyParagraphs::Own(v) => v,
        }
    }
}

/// Index of the first paragraph of `ps` (those of `paragraphs(src, a, b)`)
/// starting at or after line `from`, when `ps[k..]` is what
/// `paragraphs(src, from, b)` gives: no paragraph starts before `from` and
/// ends at or after it (one that does would be cut there).
pub fn suffix_from(ps: &[Paragraph<'_>], from: usize) -> Option<usize> {
    if ps.iter().any(|p| p.start_line < from && p.end_line >= from) {
        return None;
    }
    Some(
        ps.iter()
            .position(|p| p.start_line >= from)
            .unwrap_or(ps.len()),
    )
}

/// Number of paragraphs of `ps` (those of `paragraphs(src, a, b)`) ending at
/// or before line `to`, when `ps[..k]` is what `paragraphs(src, a, to)`
/// gives: no paragraph starts at or before `to` and ends after it.
pub fn prefix_to(ps: &[Paragraph<'_>], to: usize) -> Option<usize> {
    if ps.iter().any(|p| p.start_line <= to && p.end_line > to) {
        return None;
    }
    Some(
        ps.iter()
            .position(|p| p.start_line > to)
            .unwrap_or(ps.len()),
    )
}

/// Labels of the outline nodes containing 1-based `line`, outermost first
/// (`["第二章", "第十条"]`, `["二、", "（三）"]`).
pub fn outline_path(outline: &[OutlineNode], line: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut level = outline;
    loop {
        let next = level
            .iter()
            .find(|n| n.span.start_line <= line && line <= n.span.end_line);
        match next {
            Some(n) => {
                path.push(n.label.clone());
                level = &n.children;
            }
            None => return path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::text::OffsetMap;

    #[test]
    fn joins_broken_lines_and_maps_back() {
        let text = "调整后邯郸市城区城镇土地使用税的地段等级和每平方米年税额标准为：一级地段 25 元，四级地段 6\n\n元，五级地段 3 元。\n二、税额标准\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let ps = paragraphs(&src, 1, 4);
        assert_eq!(ps.len(), 2);
        assert_eq!((ps[0].start_line, ps[0].end_line), (1, 3));
        assert!(ps[0].text.ends_with("四级地段6元，五级地段3元。"));
        let at = ps[0].text.find("五级").unwrap();
        let sp = ps[0].span(&src, at, at + "五级地段".len());
        assert_eq!(sp.start_line, 3);
        assert_eq!(&text[sp.start_byte..sp.end_byte], "五级地段");
        assert_eq!(ps[1].text, "二、税额标准");
    }

    fn lines_of(ps: &[Paragraph]) -> Vec<(usize, usize, String)> {
        ps.iter()
            .map(|p| (p.start_line, p.end_line, p.text.to_string()))
            .collect()
    }

    /// The body and clause paragraphs taken from the whole document's are
    /// what computing them from their own first / last line gives, for
    /// every range of a text whose paragraphs run over lines and blanks.
    #[test]
    fn document_paragraphs_match_direct_ones() {
        let long = "调整后城区城镇土地使用税的地段等级和每平方米年税额标准为一级地段二十五元四级";
        let text = format!(
            "关于调整城镇土地使用税税额标准的通知\n{long}\n\n地段六元。\n二、税额标准\n{long}\n{long}\n\n\n\n{long}\n短行\n\t表格\n{long}\n末行。\n"
        );
        let src = SourceText::new("t.txt", &text, OffsetMap::Identity);
        let n = src.len();
        let (mut suffixes, mut fallbacks) = (0, 0);
        for first in 1..=n {
            for last in first..=n + 1 {
                let whole = paragraphs(&src, first, last);
                for body_start in first..=last {
                    let dp = DocParagraphs::new(&src, first, body_start, last);
                    assert_eq!(lines_of(dp.whole()), lines_of(&whole));
                    let direct = paragraphs(&src, body_start, last);
                    assert_eq!(
                        lines_of(dp.body()),
                        lines_of(&direct),
                        "{first} {body_start} {last}"
                    );
                    match suffix_from(&whole, body_start) {
                        Some(_) => suffixes += 1,
                        None => fallbacks += 1,
                    }
                }
                for to in first..=last {
                    if let Some(k) = prefix_to(&whole, to) {
                        assert_eq!(
                            lines_of(&whole[..k]),
                            lines_of(&paragraphs(&src, first, to)),
                            "{first} {to} {last}"
                        );
                    }
                }
            }
        }
        // Both paths ran.
        assert!(suffixes > 0 && fallbacks > 0, "{suffixes} {fallbacks}");
    }

    #[test]
    fn a_line_opening_like_a_label_is_never_a_continuation() {
        let long = "根据有关规定，现将本市第一批行政许可事项目录予以公布，涉及以下部门和单位";
        for next in [
            "十五、市文化广电和旅游局（共8项）",
            "二、市发展改革委",
            "(津发改双碳〔2023〕144号)",
            "第三季度完成",
            "12.市体育局",
            "①市教育局",
        ] {
            let text = format!("{long}\n{next}\n");
            let src = SourceText::new("t.txt", &text, OffsetMap::Identity);
            assert_eq!(paragraphs(&src, 1, 2).len(), 2, "{next}");
        }
        let text = format!("{long}\n市体育局（共1项）\n");
        let src = SourceText::new("t.txt", &text, OffsetMap::Identity);
        assert_eq!(paragraphs(&src, 1, 2).len(), 1);
    }

    #[test]
    fn sentences_split_at_terminators() {
        let text = "推行企业开办“一网通办”。（牵头单位：市市场监管局）\n";
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let p = &paragraphs(&src, 1, 1)[0];
        let s = p.sentences();
        assert_eq!(s.len(), 2);
        assert!(p.text[s[1].0..s[1].1].starts_with("（牵头单位"));
    }

    #[test]
    fn never_panics_on_odd_ranges() {
        let src = SourceText::new("t.txt", "甲\n\t乙\n", OffsetMap::Identity);
        assert!(paragraphs(&src, 0, 99).len() == 1);
        assert!(paragraphs(&src, 5, 2).is_empty());
        let p = &paragraphs(&src, 1, 1)[0];
        let _ = p.span(&src, 99, 3);
    }
}
