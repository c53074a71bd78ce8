//! Highlighted snippets (摘要): the window of a hit's text with the most
//! matched characters, HTML-escaped, matches wrapped in `<mark>`.
//!
//! Written here rather than with tantivy's `SnippetGenerator`: that one
//! highlights every query token on its own (each bigram of a phrase, so a
//! `2015` inside a date lights up for `廊政办〔2015〕11号`), cuts the text
//! into fixed byte windows from the first token (a match can be split
//! between two windows) and re-tokenizes the whole text. Here only whole
//! phrases of the query are highlighted, found by comparing kept characters
//! (see [`crate::tokenize`]), and the window is placed around the densest
//! run of matches.

use crate::tokenize;

/// What to highlight: the phrases of the query (each word, or quoted
/// phrase, of the query in its kept form, see [`tokenize`]); an occurrence
/// is highlighted only when the whole phrase matches.
#[derive(Debug, Default, Clone)]
pub struct Terms {
    pub phrases: Vec<Vec<char>>,
}

impl Terms {
    /// The phrases of the query text `q` (negated words left out). With
    /// `relaxed`, each phrase is split into its jieba words.
    pub fn from_query(q: &str, relaxed: bool) -> Terms {
        let mut out = Terms::default();
        for p in crate::query::positive_phrases(q) {
            if relaxed {
                for w in tokenize::words(&p) {
                    out.add(&w);
                }
            } else {
                out.add(&p);
            }
        }
        out
    }

    fn add(&mut self, p: &str) {
        let k: Vec<char> = tokenize::kept_text(p).chars().collect();
        if !k.is_empty() && !self.phrases.contains(&k) {
            self.phrases.push(k);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Byte ranges of `text` matched by `terms`, merged, in order.
fn matches(text: &str, terms: &Terms) -> Vec<(usize, usize)> {
    // Kept characters with their byte ranges.
    let kept: Vec<(usize, usize, char)> = text
        .char_indices()
        .filter_map(|(i, c)| tokenize::fold_compact(c).map(|f| (i, i + c.len_utf8(), f)))
        .collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for p in &terms.phrases {
        let n = p.len();
        if n == 0 || n > kept.len() {
            continue;
        }
        for s in 0..=kept.len() - n {
            if kept[s].2 == p[0] && kept[s..s + n].iter().zip(p).all(|(k, c)| k.2 == *c) {
                found.push((kept[s].0, kept[s + n - 1].1));
            }
        }
    }
    found.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in found {
        push(&mut out, a, b);
    }
    out
}

/// Append `[a, b)` to sorted ranges, merging with the last when they
/// overlap.
fn push(out: &mut Vec<(usize, usize)>, a: usize, b: usize) {
    if let Some(last) = out.last_mut() {
        if a < last.1 {
            last.1 = last.1.max(b);
            return;
        }
    }
    out.push((a, b));
}

/// The snippet of `text` (in the parser's compact view, as the hits' texts
/// are) for `terms`, at most about `max_chars` characters.
pub fn snippet(text: &str, terms: &Terms, max_chars: usize) -> String {
    snippet_of_part(text, terms, max_chars, false, false)
}

/// [`snippet`] of `text`, a part of a longer text: `…` marks where the
/// longer text goes on before (`more_before`) and after (`more_after`)
/// the snippet even when the snippet starts or ends with the part.
pub fn snippet_of_part(
    text: &str,
    terms: &Terms,
    max_chars: usize,
    more_before: bool,
    more_after: bool,
) -> String {
    // Char boundaries: bounds[k] = byte offset of char k; last = len.
    let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bounds.push(text.len());
    let nchars = bounds.len() - 1;
    let char_of = |byte: usize| bounds.partition_point(|&b| b < byte);
    let ms = if terms.is_empty() {
        Vec::new()
    } else {
        matches(text, terms)
    };
    let (ws, we) = if ms.is_empty() {
        (0, nchars.min(max_chars))
    } else {
        // Matched ranges in chars.
        let cm: Vec<(usize, usize)> = ms.iter().map(|&(a, b)| (char_of(a), char_of(b))).collect();
        // Window starting at each match: matched chars inside it.
        let mut best = (0usize, 0usize); // (covered, index)
        let mut j = 0usize;
        let mut covered = 0usize;
        for i in 0..cm.len() {
            if j < i {
                j = i;
                covered = 0;
            }
            let limit = cm[i].0 + max_chars;
            while j < cm.len() && cm[j].1 <= limit {
                covered += cm[j].1 - cm[j].0;
                j += 1;
            }
            if covered > best.0 {
                best = (covered, i);
            }
            if j > i {
                covered -= cm[i].1 - cm[i].0;
            }
        }
        let first = cm[best.1].0;
        // Last match that fits in the window.
        let last = cm[best.1..]
            .iter()
            .take_while(|m| m.1 <= first + max_chars)
            .last()
            .map_or(cm[best.1].1, |m| m.1)
            .max(cm[best.1].1);
        let slack = max_chars.saturating_sub(last - first);
        let before = (slack / 2).min(30).min(first);
        let mut ws = first - before;
        let we = (ws + max_chars).max(last).min(nchars);
        // Near the end: use the room before the match instead.
        if we - ws < max_chars {
            ws = we.saturating_sub(max_chars).min(first);
        }
        (ws, we)
    };
    let (bs, be) = (bounds[ws], bounds[we]);
    let mut out = String::with_capacity((be - bs) + 64);
    if ws > 0 || more_before {
        out.push('…');
    }
    let mut pos = bs;
    for &(a, b) in &ms {
        let (a, b) = (a.max(bs), b.min(be));
        if a >= b || a < pos {
            continue;
        }
        render(&text[pos..a], &mut out);
        out.push_str("<mark>");
        render(&text[a..b], &mut out);
        out.push_str("</mark>");
        pos = b;
    }
    render(&text[pos..be], &mut out);
    if we < nchars || more_after {
        out.push('…');
    }
    out
}

/// Escaped text with line breaks dropped (the indexed text keeps one line
/// of the source per line; a snippet reads as running text).
fn render(s: &str, out: &mut String) {
    for (k, part) in s.split('\n').enumerate() {
        if k > 0 {
            let prev_ascii = out
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let next_ascii = part
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            if prev_ascii && next_ascii {
                out.push(' ');
            }
        }
        escape_html(part, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> Terms {
        Terms::from_query(q, false)
    }

    #[test]
    fn query_phrases() {
        let t = Terms::from_query("停车 \"分工 负责\" -收费 NOT 巡查 OR +公示", false);
        let p: Vec<String> = t.phrases.iter().map(|p| p.iter().collect()).collect();
        assert_eq!(p, ["停车", "分工负责", "公示"]);
    }

    #[test]
    fn whole_phrases_only() {
        let s = "2015年3月2日，廊政办〔2015〕11号";
        let h = snippet(s, &terms("廊政办[2015]11号"), 100);
        assert_eq!(h, "2015年3月2日，<mark>廊政办〔2015〕11号</mark>");
    }

    #[test]
    fn marks_the_phrase_across_a_line_break() {
        let s = "第一条　总则。\n各部门要按职责\n分工负责，做好工作。";
        let h = snippet(s, &terms("按职责分工负责"), 100);
        assert!(h.contains("<mark>按职责分工负责</mark>"), "{h}");
    }

    #[test]
    fn escapes_everything_but_mark() {
        let s = "<script>alert('x')</script>&按职责分工负责";
        let h = snippet(s, &terms("分工负责"), 100);
        assert!(!h.contains("<script>"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"));
        let stripped = h.replace("<mark>", "").replace("</mark>", "");
        assert!(!stripped.contains('<') && !stripped.contains('>'));
    }

    #[test]
    fn window_goes_to_the_densest_matches() {
        let filler = "甲".repeat(300);
        let s = format!("开头分工{filler}中间按职责分工负责{filler}结尾");
        let h = snippet(&s, &terms("按职责分工负责"), 60);
        assert!(h.starts_with('…') && h.ends_with('…'));
        assert!(h.contains("<mark>按职责分工负责</mark>"), "{h}");
    }

    #[test]
    fn no_match_gives_the_beginning() {
        let h = snippet("一二三四五六", &terms("七八"), 3);
        assert_eq!(h, "一二三…");
    }
}
