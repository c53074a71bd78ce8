//! Attachments (附件) announced in the body but not printed under their
//! heading, and items printed but not announced, checked at parse time on
//! the source lines.

use crate::grammar::labels::leading_label;
use crate::grammar::titles::{dice, folds_into, normalize_title};
use crate::model::{Diagnostic, Document};
use crate::source::text::SourceText;

use super::table::{
    attachment_name, message, quote, ATTACHMENT_ABSENT, ATTACHMENT_UNLABELLED, QUOTE_CHARS,
};

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
}
