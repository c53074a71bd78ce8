//! Checks of the source text, run at parse time: unbalanced brackets in a
//! paragraph ([`bracket_findings`]) and attachments announced but not found
//! under their heading ([`attachment_findings`]).

use std::sync::LazyLock;

use crate::grammar::labels::{closes_lone_label, leading_label};
use crate::grammar::patterns::BRACKET_PAIRS;
use crate::grammar::titles::{dice, folds_into, normalize_title};
use crate::model::{Diagnostic, Document};
use crate::source::text::SourceText;
use crate::structure::paragraphs::{paragraphs, LineMask, Paragraph, BRACKET_SCAN};

use super::table::{message, ATTACHMENT_ABSENT, ATTACHMENT_UNLABELLED, UNBALANCED_BRACKETS};

const BRACKET_FAMILIES: usize = BRACKET_PAIRS.len();

/// A paragraph whose last char is not one of these was cut (a page break
/// the paragraph joiner could not mend): its open brackets are not reported.
const PARAGRAPH_END: &[char] = &[
    '。', '；', ';', '：', ':', '！', '!', '？', '?', '）', ')', '”', '》', '〕', '】', '，', '、',
];
/// Chars of context on each side of a bracket problem.
const EXCERPT_CHARS: usize = 12;
/// Longest task / clause text quoted in a message.
pub(crate) const QUOTE_CHARS: usize = 40;
/// Lines after an attachment label searched for its heading.
const ATTACHMENT_HEADING_LINES: usize = 3;
/// Longest line (chars) read as an attachment heading.
const ATTACHMENT_HEADING_MAX_CHARS: usize = 80;
/// Lines after the last announced item searched for further items.
const ATTACHMENT_LIST_LOOKAHEAD: usize = 8;
/// Unnumbered lines (an item broken over lines) allowed inside the list.
const ATTACHMENT_LIST_BREAKS: usize = 2;
/// Bigram similarity at or above which an attachment heading matches the
/// announced title.
const ATTACHMENT_TITLE_SIMILARITY: f64 = 0.5;

// ---------------------------------------------------------------------------
// Source checks (run at parse time; leave diagnostics on the document).
// ---------------------------------------------------------------------------

/// Every source-text check of `doc`: [`bracket_findings`] and
/// [`attachment_findings`]. The pipeline appends these to
/// `Document::diagnostics`; [`crate::lint`] re-emits them.
pub fn source_diagnostics(src: &SourceText<'_>, doc: &Document) -> Vec<Diagnostic> {
    source_diagnostics_from(
        src,
        doc,
        &paragraphs(src, doc.body_start_line, doc.span.end_line),
    )
}

/// [`source_diagnostics`] over the body paragraphs `paras` (those of
/// `paragraphs(src, doc.body_start_line, doc.span.end_line)`).
pub fn source_diagnostics_from(
    src: &SourceText<'_>,
    doc: &Document,
    paras: &[Paragraph],
) -> Vec<Diagnostic> {
    let mut out = attachment_findings(src, doc);
    out.extend(bracket_findings(doc, paras));
    out
}

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

/// A title as compared ([`normalize_title`]), a leading list number
/// removed.
fn title_key(s: &str) -> String {
    let s = normalize_title(s);
    let t = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let t = t.trim_start_matches(['.', '．', '、', ':', '：']);
    t.to_string()
}

/// `附件N` at the start of a compact line: (`附件N`, the rest).
fn label_prefix(c: &str) -> Option<(String, &str)> {
    let rest = c.strip_prefix("附件")?;
    let end = rest
        .char_indices()
        .find(|(_, ch)| !ch.is_ascii_digit())
        .map_or(rest.len(), |(k, _)| k);
    let (digits, tail) = rest.split_at(end);
    Some((format!("附件{digits}"), tail))
}

/// `N.title` (a numbered item of an attachment list): (N, title).
fn list_item(c: &str) -> Option<(u32, &str)> {
    let end = c
        .char_indices()
        .find(|(_, ch)| !ch.is_ascii_digit())
        .map_or(c.len(), |(k, _)| k);
    let n: u32 = c.get(..end)?.parse().ok()?;
    let tail = c.get(end..)?;
    let title = tail.strip_prefix(['.', '．', '、'])?;
    (!title.is_empty()).then_some((n, title))
}

/// [`prints_title_with`], its searchers built here.
#[cfg(test)]
fn prints_title(line: &str, want: &str) -> bool {
    prints_title_with(line, want, &last_two_chars(want))
}

/// Searchers for the last two chars of `want` (each of its [`title_tail`]),
/// but for a char the key may have put in place of another (`（` for `(`,
/// [`folds_into`]): the line need not print that one.
fn last_two_chars(want: &str) -> Vec<memchr::memmem::Finder<'_>> {
    let tail = title_tail(want);
    tail.char_indices()
        .filter(|&(_, c)| !folds_into(c))
        .filter_map(|(k, c)| tail.get(k..k + c.len_utf8()))
        .map(memchr::memmem::Finder::new)
        .collect()
}

/// Does `line` print the title `want` (an attachment heading without its
/// `附件N` label, or with the label on the same line)? `tail`: searchers
/// for the title's last two chars ([`last_two_chars`], built once per
/// title, not per line): either test below needs both in the line (the key
/// keeps the chars of the line, or drops them, or folds them into the
/// chars left out of `tail`), which rules out nearly every line before a
/// key is built.
fn prints_title_with(line: &str, want: &str, tail: &[memchr::memmem::Finder<'_>]) -> bool {
    if tail.iter().any(|f| f.find(line.as_bytes()).is_none()) {
        return false;
    }
    let key = title_key(label_prefix(line).map_or(line, |(_, rest)| rest));
    let n = key.chars().count();
    (2..=ATTACHMENT_HEADING_MAX_CHARS).contains(&n)
        && (key.contains(want)
            || (dice(want, &key) >= ATTACHMENT_TITLE_SIMILARITY && key.contains(title_tail(want))))
}

/// The last two chars of a title: what kind of thing it is (`名单`, `统计表`
/// → `计表`). A line alike only in a long shared prefix
/// (`廊坊市重污染天气应急…`) but naming another kind of thing is another
/// title.
fn title_tail(want: &str) -> &str {
    let k = want.char_indices().rev().nth(1).map_or(0, |(k, _)| k);
    want.get(k..).unwrap_or(want)
}

/// First line after `after` (1-based) up to the document end that prints
/// title `want`.
/// `taken`: lines never read as a title ([`headings_of_present`]).
fn find_title(
    src: &SourceText<'_>,
    doc: &Document,
    taken: &[usize],
    after: usize,
    want: &str,
) -> Option<usize> {
    let tail = last_two_chars(want);
    // Outline headings (`一、廊坊市重污染天气应急指挥部`) are sections, not
    // attachment titles, however alike.
    (after + 1..=doc.span.end_line).find(|&no| {
        !taken.contains(&no)
            && src.line(no).is_some_and(|l| {
                !l.is_cell()
                    && prints_title_with(&l.compact, want, &tail)
                    && leading_label(&l.compact).is_none()
            })
    })
}

/// Lines (1-based) of the headings of the attachments found present: each
/// `附件N` label line and the first non-blank line after it. They print
/// their own attachment's title, never another's (`…隐患排查治理记录` is not
/// `…隐患排查治理台账及统计汇总表`, however alike).
fn headings_of_present(src: &SourceText<'_>, doc: &Document) -> Vec<usize> {
    let mut out = Vec::new();
    for p in doc.attachments.iter().filter_map(|a| a.present.as_ref()) {
        out.push(p.start_line);
        if let Some(next) = (p.start_line + 1..=doc.span.end_line)
            .find(|&no| src.line(no).is_some_and(|l| !l.is_blank()))
        {
            out.push(next);
        }
    }
    out
}

/// Attachment checks that need the text:
/// - an announced attachment the model holds as absent but whose title is
///   printed without its `附件N` label (`attachment-unlabelled`, info: the
///   `attachment-missing` finding is dropped);
/// - an attachment matched to a present `附件N` whose heading is another
///   text (附件说明 `附件：重点任务分工`, printed `附件1 考核指标`), and
///   items of a numbered 附件说明 list after an item broken over two lines
///   (`1.…响应` / `规定` / `2.…`) that are not printed (`attachment-absent`).
pub fn attachment_findings(src: &SourceText<'_>, doc: &Document) -> Vec<Diagnostic> {
    let code = "attachment-missing";
    let mut out = Vec::new();
    let taken = headings_of_present(src, doc);
    for a in &doc.attachments {
        let Some(ann) = &a.announced else { continue };
        let want = title_key(a.title.as_deref().unwrap_or(""));
        if want.chars().count() < 2 {
            continue;
        }
        // After the announcement (and its wrapped tail: the list's own
        // lines print the title too).
        let found = find_title(src, doc, &taken, ann.end_line, &want);
        let Some(pres) = &a.present else {
            if let Some(at) = found {
                let msg = message(
                    code,
                    "unlabelled",
                    &[
                        ("attachment", attachment_name(&a.label, a.title.as_deref())),
                        ("present_line", at.to_string()),
                    ],
                );
                out.push(Diagnostic::info(ATTACHMENT_UNLABELLED, ann.start_line, msg));
            }
            continue;
        };
        if found.is_some() {
            continue;
        }
        // The heading: the rest of the label line, then the next lines.
        let label_line = src.line(pres.start_line).map(|l| l.compact.as_str());
        let mut heading: Vec<String> = Vec::new();
        if let Some((_, rest)) = label_line.and_then(label_prefix) {
            let rest = title_key(rest);
            if !rest.is_empty() {
                heading.push(rest);
            }
        }
        let mut no = pres.start_line + 1;
        while heading.len() < ATTACHMENT_HEADING_LINES && no <= doc.span.end_line {
            let Some(l) = src.line(no) else { break };
            if !l.is_blank() {
                heading.push(title_key(&l.compact));
            }
            no += 1;
        }
        let Some(first) = heading.first() else {
            continue;
        };
        let joined: String = heading.concat();
        let matches = joined.contains(&want)
            || (first.chars().count() >= 2 && want.contains(first.as_str()))
            || dice(&want, first) >= ATTACHMENT_TITLE_SIMILARITY;
        if matches {
            continue;
        }
        let msg = message(
            code,
            "mismatch",
            &[
                ("line", ann.start_line.to_string()),
                ("attachment", attachment_name(&a.label, a.title.as_deref())),
                ("present_line", pres.start_line.to_string()),
                (
                    "present_label",
                    label_line
                        .and_then(label_prefix)
                        .map_or("附件".to_string(), |(l, _)| l),
                ),
                ("present_title", quote(first, QUOTE_CHARS)),
            ],
        );
        out.push(Diagnostic::warn(ATTACHMENT_ABSENT, ann.start_line, msg));
    }
    out.extend(unlisted_items(src, doc, &taken));
    out
}

/// Items of a numbered 附件说明 list that the model missed (the list
/// continues after an item broken over two lines) and that are printed
/// neither with their label nor by title.
fn unlisted_items(src: &SourceText<'_>, doc: &Document, taken: &[usize]) -> Vec<Diagnostic> {
    let code = "attachment-missing";
    let numbered: Vec<(u32, usize)> = doc
        .attachments
        .iter()
        .filter_map(|a| {
            let n: u32 = a.label.strip_prefix("附件")?.parse().ok()?;
            Some((n, a.announced.as_ref()?.start_line))
        })
        .collect();
    let Some(&(mut next, mut at)) = numbered.iter().max_by_key(|(_, l)| *l) else {
        return Vec::new();
    };
    if numbered.iter().any(|&(n, _)| n > next) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut other = 0;
    let mut no = at + 1;
    while no <= doc.span.end_line && no <= at + ATTACHMENT_LIST_LOOKAHEAD {
        let Some(l) = src.line(no) else { break };
        no += 1;
        if l.is_blank() {
            continue;
        }
        let c = l.compact.as_str();
        if l.is_cell() || c.starts_with("附件") {
            break;
        }
        match list_item(c) {
            Some((n, title)) if n == next + 1 => {
                next = n;
                at = l.no;
                let label = format!("附件{n}");
                let labelled = (l.no + 1..=doc.span.end_line).any(|k| {
                    src.line(k)
                        .and_then(|x| label_prefix(&x.compact))
                        .is_some_and(|(lab, _)| lab == label)
                });
                let want = title_key(title);
                if labelled || find_title(src, doc, taken, l.no, &want).is_some() {
                    continue;
                }
                let msg = message(
                    code,
                    "absent",
                    &[
                        ("line", l.no.to_string()),
                        ("attachment", attachment_name(&label, Some(title))),
                    ],
                );
                out.push(Diagnostic::warn(ATTACHMENT_ABSENT, l.no, msg));
            }
            _ if other < ATTACHMENT_LIST_BREAKS
                && c.chars().count() <= ATTACHMENT_HEADING_MAX_CHARS / 4
                && !c.ends_with('。') =>
            {
                other += 1;
            }
            _ => break,
        }
    }
    out
}

pub(crate) fn attachment_name(label: &str, title: Option<&str>) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if label == "附件" => format!("附件：{t}"),
        Some(t) => format!("{label} {t}"),
        None => label.to_string(),
    }
}

/// First `n` chars of `s`, with `…` when cut.
pub(crate) fn quote(s: &str, n: usize) -> String {
    let mut it = s.chars();
    let head: String = it.by_ref().take(n).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_printed_only_with_its_own_tail() {
        let want = "廊坊市重污染天气应急响应减排名单";
        assert!(prints_title("廊坊市重污染天气应急响应减排名单", want));
        assert!(prints_title("附件5廊坊市重污染天气应急响应减排名单", want));
        // Alike in the long shared prefix only.
        assert!(!prints_title(
            "廊坊市重污染天气应急指挥部办公室签发人：",
            want
        ));
        assert!(!prints_title("廊坊市重污染天气应急指挥部组织机构", want));
        assert_eq!(title_tail(want), "名单");
        assert_eq!(title_tail("表"), "表");
        assert_eq!(title_tail(""), "");
    }
    #[test]
    fn odd_bracket_input() {
        assert_eq!(excerpt("甲乙", 1), "甲乙");
        assert_eq!(excerpt("", 9), "");
        assert!(closes_lone_label("1）", "1".len()));
        assert!(!closes_lone_label("（注1）", "（注1".len()));
    }
}
