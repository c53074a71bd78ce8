//! Unbalanced brackets (括号不配对) in a paragraph, checked at parse time on
//! the paragraph's bracket marks; a cut paragraph's open brackets and a lone
//! closing bracket of an enumeration label (`1）`) are not reported.

use std::sync::LazyLock;

use crate::grammar::labels::closes_lone_label;
use crate::grammar::patterns::BRACKET_PAIRS;
use crate::model::{Diagnostic, Document};
use crate::structure::paragraphs::{LineMask, Paragraph, BRACKET_SCAN};

use super::table::{message, UNBALANCED_BRACKETS};

const BRACKET_FAMILIES: usize = BRACKET_PAIRS.len();

/// A paragraph whose last char is not one of these was cut (a page break
/// the paragraph joiner could not mend): its open brackets are not reported.
const PARAGRAPH_END: &[char] = &[
    '。', '；', ';', '：', ':', '！', '!', '？', '?', '）', ')', '”', '》', '〕', '】', '，', '、',
];
/// Chars of context on each side of a bracket problem.
const EXCERPT_CHARS: usize = 12;

/// Bracket problems of one text, per family: offsets of unclosed openings
/// and of unmatched closings.
#[derive(Default, Clone)]
struct Balance {
    open: Vec<usize>,
    close: Vec<usize>,
}

/// The bracket family of `c` (index into [`BRACKET_PAIRS`]) and whether it
/// opens.
fn bracket_family(c: char) -> Option<(usize, bool)> {
    let t = &*BRACKET_INDEX;
    t.binary_search_by_key(&c, |e| e.0)
        .ok()
        .map(|k| (t[k].1, t[k].2))
}

/// Every char of [`BRACKET_PAIRS`] → (family, opens), sorted by char.
static BRACKET_INDEX: LazyLock<Vec<(char, usize, bool)>> = LazyLock::new(|| {
    let mut v: Vec<(char, usize, bool)> = BRACKET_PAIRS
        .iter()
        .enumerate()
        .flat_map(|(f, (opens, closes, _, _))| {
            opens
                .iter()
                .map(move |&c| (c, f, true))
                .chain(closes.iter().map(move |&c| (c, f, false)))
        })
        .collect();
    v.sort_by_key(|e| e.0);
    v
});

/// Per family of [`BRACKET_PAIRS`], the unclosed openings and unmatched
/// closings of `text`; empty when every bracket balances (most texts: they
/// are checked first without keeping positions, so they cost no allocation).
/// `marks`: the bracket chars of `text` with their offsets, in order (what
/// [`BRACKET_SCAN`] finds; a paragraph keeps them, [`Paragraph::marks`]).
fn balance(text: &str, marks: &[(usize, char)]) -> Vec<Balance> {
    let mut depth = [0usize; BRACKET_FAMILIES];
    let mut unmatched = false;
    for &(i, c) in marks {
        let Some((f, opens)) = bracket_family(c) else {
            continue;
        };
        let Some(d) = depth.get_mut(f) else { continue };
        if opens {
            *d += 1;
        } else if *d > 0 {
            *d -= 1;
        } else if !(f == 0 && closes_lone_label(text, i)) {
            unmatched = true;
            break;
        }
    }
    if !unmatched && depth.iter().all(|&d| d == 0) {
        return Vec::new();
    }
    let mut out = vec![Balance::default(); BRACKET_PAIRS.len()];
    for &(i, c) in marks {
        let Some((f, opens)) = bracket_family(c) else {
            continue;
        };
        let Some(b) = out.get_mut(f) else { continue };
        if opens {
            b.open.push(i);
        } else if b.open.pop().is_none() && !(f == 0 && closes_lone_label(text, i)) {
            b.close.push(i);
        }
    }
    out
}

fn earliest(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// `EXCERPT_CHARS` chars either side of byte `at` of `text`.
fn excerpt(text: &str, at: usize) -> String {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(0);
    let (a, b) = text.split_at(at);
    let head: Vec<char> = a.chars().rev().take(EXCERPT_CHARS).collect();
    let head: String = head.into_iter().rev().collect();
    let tail: String = b.chars().take(EXCERPT_CHARS + 1).collect();
    format!("{head}{tail}")
}

/// The diagnostic for `text` (a paragraph or a cell) starting on `line`,
/// if its brackets do not balance.
fn bracket_diagnostic(text: &str, b: &[Balance], line: usize) -> Option<Diagnostic> {
    let code = UNBALANCED_BRACKETS;
    let cut = !text.ends_with(PARAGRAPH_END);
    if b.iter()
        .all(|x| x.close.is_empty() && (x.open.is_empty() || cut))
    {
        return None;
    }
    let mut problems: Vec<String> = Vec::new();
    let mut first: Option<usize> = None;
    for ((_, _, open, close), x) in BRACKET_PAIRS.iter().zip(b) {
        let args = [
            ("open", (*open).to_string()),
            ("close", (*close).to_string()),
        ];
        let count = |n: usize| {
            if n > 1 {
                message(code, "count", &[("n", n.to_string())])
            } else {
                String::new()
            }
        };
        if !x.open.is_empty() && !cut {
            problems.push(message(code, "open", &args) + &count(x.open.len()));
            first = earliest(first, x.open.first().copied());
        }
        if !x.close.is_empty() {
            problems.push(message(code, "close", &args) + &count(x.close.len()));
            first = earliest(first, x.close.first().copied());
        }
    }
    if problems.is_empty() {
        return None;
    }
    let msg = message(
        code,
        "paragraph",
        &[
            ("problems", problems.join("，")),
            ("excerpt", excerpt(text, first.unwrap_or(0))),
        ],
    );
    Some(Diagnostic::warn(code, line, msg))
}

/// Paragraphs and table cells of `doc`'s body with unbalanced
/// （）/()/《》/“”/〔〕/【】, as `unbalanced-brackets` diagnostics at their
/// first line. Paragraphs are checked as [`crate::structure::paragraphs`] joins them,
/// cells whole (with their continuation lines), never a cell line on its
/// own. Not reported: a bracket left open at the end of a paragraph and
/// closed at the start of the next (a break the joiner left), the open
/// brackets of a text cut without final punctuation, a lone `）` closing a
/// label (`1）`). `paras` are the body paragraphs of `doc`.
pub fn bracket_findings(doc: &Document, paras: &[Paragraph]) -> Vec<Diagnostic> {
    // Lines covered by table cells (continuation lines included).
    let cells = LineMask::new(
        &doc.span,
        doc.tables
            .iter()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter().map(|c| &c.span))),
    );
    let covered = |l: usize| cells.get(l).unwrap_or(false);
    let ps: Vec<&Paragraph> = paras.iter().filter(|p| !covered(p.start_line)).collect();
    let mut bal: Vec<Vec<Balance>> = ps.iter().map(|p| balance(&p.text, p.marks())).collect();
    // A bracket left open at the end of a paragraph and closed at the start
    // of the next one: one bracket over a break.
    for k in 1..ps.len() {
        let (Some(p), Some(q)) = (ps.get(k - 1), ps.get(k)) else {
            continue;
        };
        if q.start_line > p.end_line + 4 {
            continue;
        }
        let (left, right) = bal.split_at_mut(k);
        let (Some(bp), Some(bq)) = (left.last_mut(), right.first_mut()) else {
            continue;
        };
        for (x, y) in bp.iter_mut().zip(bq.iter_mut()) {
            let m = x.open.len().min(y.close.len());
            x.open.truncate(x.open.len() - m);
            y.close.drain(..m);
        }
    }
    let mut out: Vec<Diagnostic> = ps
        .iter()
        .zip(&bal)
        .filter_map(|(p, b)| bracket_diagnostic(&p.text, b, p.start_line))
        .collect();
    for t in &doc.tables {
        for c in t.rows.iter().flat_map(|r| r.cells.iter()) {
            if !BRACKET_SCAN.is_in(&c.text) {
                continue;
            }
            let text: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
            let marks: Vec<(usize, char)> = BRACKET_SCAN.find_iter(&text).collect();
            if let Some(d) = bracket_diagnostic(&text, &balance(&text, &marks), c.span.start_line) {
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| d.line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_bracket_input() {
        assert_eq!(excerpt("甲乙", 1), "甲乙");
        assert_eq!(excerpt("", 9), "");
        assert!(closes_lone_label("1）", "1".len()));
        assert!(!closes_lone_label("（注1）", "（注1".len()));
    }
}
