//! The best unit and the snippet of a hit, found in its text
//! ([`HitText`]) with work in proportion to what the hit shows rather than
//! to the length of the document.
//!
//! Each phrase of the query has an *anchor*: its rarest character in the
//! index. Only the lines that hold a raw form of the anchor
//! ([`HitText::lines_with`]) are read in kept characters (and the lines
//! next to them when a phrase runs over a line break); each anchor there
//! is tried as the phrase's anchor, reading on along the lines of a unit
//! (a unit's own text: the lines no child unit claims, see
//! [`crate::source::DocText::build`]) or of the document. The query is
//! evaluated only on the units that hold an occurrence, from the counts
//! ([`Matcher::score_with`]); a unit's length is its characters. Only the
//! lines around the densest run of matches are put into the compact view
//! for the snippet.

use std::collections::BTreeMap;

use crate::query::Matcher;
use crate::snippet::{snippet_of_part, Terms};
use crate::source::{HitText, UnitRef};

/// A phrase of the query and its anchor.
struct Phrase {
    chars: Vec<char>,
    /// Index in `chars` of the anchor.
    anchor: usize,
}

/// The query as the hits read it: the matcher, the phrases to highlight,
/// and every phrase of either with its anchor.
pub(crate) struct Reading<'a> {
    matcher: &'a Matcher,
    terms: &'a Terms,
    phrases: Vec<Phrase>,
    /// Indices in `phrases` of the phrases of `terms`.
    highlighted: Vec<usize>,
}

impl<'a> Reading<'a> {
    /// `rarity(c)`: how common kept character `c` is (documents holding
    /// it); the rarest character of a phrase is its anchor.
    pub(crate) fn new(
        matcher: &'a Matcher,
        terms: &'a Terms,
        rarity: &dyn Fn(char) -> u64,
    ) -> Self {
        let mut all: Vec<Vec<char>> = matcher
            .phrases()
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.to_vec())
            .collect();
        let mut highlighted = Vec::new();
        for p in terms.phrases.iter().filter(|p| !p.is_empty()) {
            let k = match all.iter().position(|q| q == p) {
                Some(k) => k,
                None => {
                    all.push(p.clone());
                    all.len() - 1
                }
            };
            highlighted.push(k);
        }
        let phrases = all
            .into_iter()
            .map(|chars| {
                let anchor = (0..chars.len())
                    .min_by_key(|&i| rarity(chars[i]))
                    .unwrap_or(0);
                Phrase { chars, anchor }
            })
            .collect();
        Reading {
            matcher,
            terms,
            phrases,
            highlighted,
        }
    }
}

/// Kept characters of the lines of a text, read on demand.
struct Kept<'t> {
    t: &'t HitText,
    /// Range of each line in `buf`, `(u32::MAX, _)` while not read.
    at: Vec<(u32, u32)>,
    buf: Vec<char>,
}

impl<'t> Kept<'t> {
    fn new(t: &'t HitText) -> Self {
        Kept {
            t,
            at: vec![(u32::MAX, 0); t.len()],
            buf: Vec::new(),
        }
    }

    /// Range of line `i` in `buf`.
    fn line(&mut self, i: usize) -> (usize, usize) {
        let (a, b) = self.at[i];
        if a != u32::MAX {
            return (a as usize, b as usize);
        }
        let a = self.buf.len();
        crate::tokenize::kept_line(self.t.raw_line(i), &mut self.buf);
        let b = self.buf.len();
        self.at[i] = (a as u32, b as u32);
        (a, b)
    }
}

/// A place in a text: line, kept character in the line.
type Place = (usize, usize);

/// Does `p` occur with its anchor at `at`, reading along the lines `seq`
/// accepts? Its start and end (exclusive, as the place of its last char
/// plus one) when it does.
fn match_at(
    kept: &mut Kept<'_>,
    seq: &dyn Fn(usize) -> bool,
    p: &Phrase,
    at: Place,
) -> Option<(Place, Place)> {
    let n = kept.t.len();
    // Backwards from the anchor.
    let (mut line, mut pos) = at;
    let (mut la, _) = kept.line(line);
    for m in (0..p.anchor).rev() {
        while pos == 0 {
            line = (0..line).rev().find(|&l| {
                seq(l) && {
                    let (a, b) = kept.line(l);
                    a < b
                }
            })?;
            let (a, b) = kept.line(line);
            la = a;
            pos = b - a;
        }
        pos -= 1;
        if kept.buf[la + pos] != p.chars[m] {
            return None;
        }
    }
    let start = (line, pos);
    // Forwards.
    let (mut line, mut pos) = at;
    let (mut la, mut lb) = kept.line(line);
    for m in p.anchor + 1..p.chars.len() {
        pos += 1;
        while la + pos >= lb {
            line = (line + 1..n).find(|&l| {
                seq(l) && {
                    let (a, b) = kept.line(l);
                    a < b
                }
            })?;
            (la, lb) = kept.line(line);
            pos = 0;
        }
        if kept.buf[la + pos] != p.chars[m] {
            return None;
        }
    }
    Some((start, (line, pos + 1)))
}

/// The places of the anchors of `p` in the lines that `seq` accepts.
fn anchors(
    kept: &mut Kept<'_>,
    lines: &[usize],
    seq: &dyn Fn(usize) -> bool,
    p: &Phrase,
) -> Vec<Place> {
    let c = p.chars[p.anchor];
    let mut out = Vec::new();
    for &l in lines.iter().filter(|&&l| seq(l)) {
        let (a, b) = kept.line(l);
        for (i, &k) in kept.buf[a..b].iter().enumerate() {
            if k == c {
                out.push((l, i));
            }
        }
    }
    out
}

/// The best unit of a hit (an index in `units`), if one is wanted and
/// satisfies the query, and the snippet (unit text, else the document's)
/// of at most about `max_chars` characters.
pub(crate) fn locate(
    t: &HitText,
    units: &[UnitRef],
    q: &Reading<'_>,
    want_unit: bool,
    max_chars: usize,
) -> (Option<usize>, String) {
    let nl = t.len();
    if nl == 0 {
        return (None, String::new());
    }
    let first = t.first_line();
    let mut kept = Kept::new(t);
    // Lines that may hold each phrase's anchor.
    let anchor_lines: Vec<Vec<usize>> = q
        .phrases
        .iter()
        .map(|p| t.lines_with(p.chars[p.anchor]))
        .collect();

    // Owner of each line: the last unit (in pre-order) containing it.
    let mut owner: Vec<u32> = vec![u32::MAX; nl];
    let mut best: Option<(f32, usize)> = None;
    if want_unit && !units.is_empty() {
        let last = first + nl - 1;
        for (k, u) in units.iter().enumerate() {
            for no in u.2.max(first)..=u.3.min(last) {
                owner[no - first] = k as u32;
            }
        }
        // Occurrences of each phrase in each unit's own text.
        let mut counts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (k, p) in q.phrases.iter().enumerate() {
            for &l in &anchor_lines[k] {
                let u = owner[l];
                if u == u32::MAX {
                    continue;
                }
                let seq = |x: usize| owner[x] == u;
                for at in anchors(&mut kept, &[l], &seq, p) {
                    if match_at(&mut kept, &seq, p, at).is_some() {
                        counts
                            .entry(u as usize)
                            .or_insert_with(|| vec![0; q.phrases.len()])[k] += 1;
                    }
                }
            }
        }
        if !counts.is_empty() {
            // Units' lengths in characters, and their mean.
            let mut len = vec![0usize; units.len()];
            for (l, &o) in owner.iter().enumerate() {
                if o != u32::MAX {
                    len[o as usize] += t.chars_of(l);
                }
            }
            let nonempty = len.iter().filter(|&&n| n > 0).count();
            let avg = len.iter().sum::<usize>() as f32 / nonempty.max(1) as f32;
            for (&u, c) in &counts {
                let mut tf = |p: &[char]| -> usize {
                    q.phrases
                        .iter()
                        .position(|x| x.chars == p)
                        .map_or(0, |k| c[k])
                };
                if let Some(sc) = q.matcher.score_with(len[u], avg, &mut tf) {
                    if best.is_none_or(|(b, _)| sc > b) {
                        best = Some((sc, u));
                    }
                }
            }
        }
    }
    let unit = best.map(|(_, u)| u);

    // The snippet's scope: the unit's lines, else the document's.
    let in_scope = |l: usize| unit.is_none_or(|u| owner[l] == u as u32);
    let scope: Vec<usize> = (0..nl).filter(|&l| in_scope(l)).collect();
    // Highlighted occurrences in the scope (in characters from the start
    // of the text, roughly), and the start of the densest run of them.
    let pos = |(l, i): Place| t.chars_before(l) + i;
    let mut hl: Vec<(usize, usize, usize)> = Vec::new(); // (from, to, line)
    for &k in &q.highlighted {
        let p = &q.phrases[k];
        for at in anchors(&mut kept, &anchor_lines[k], &in_scope, p) {
            if let Some((s, e)) = match_at(&mut kept, &in_scope, p, at) {
                hl.push((pos(s), pos(e).max(pos(s) + 1), s.0));
            }
        }
    }
    hl.sort_unstable();
    let mut dense: Option<(usize, usize)> = None; // (line, chars into it)
    let (mut best_cover, mut j, mut covered) = (0usize, 0usize, 0usize);
    for i in 0..hl.len() {
        if j < i {
            j = i;
            covered = 0;
        }
        while j < hl.len() && hl[j].1 <= hl[i].0 + max_chars {
            covered += hl[j].1 - hl[j].0;
            j += 1;
        }
        if covered > best_cover {
            best_cover = covered;
            dense = Some((hl[i].2, hl[i].0 - t.chars_before(hl[i].2)));
        }
        if j > i {
            covered -= hl[i].1 - hl[i].0;
        }
    }
    // Lines of the snippet: from the scope line before the one holding the
    // run (context) to enough lines after it.
    let blank = |l: usize| t.raw_line(l).trim().is_empty();
    let at = dense.map_or(0, |(l, _)| scope.partition_point(|&x| x < l));
    let mut from = at;
    if dense.is_some() {
        if let Some(p) = scope[..at].iter().rposition(|&l| !blank(l)) {
            from = p;
        }
    }
    let want = dense.map_or(0, |(_, c)| c) + 2 * max_chars;
    let (mut to, mut got) = (at, 0usize);
    while to < scope.len() && got < want {
        got += t.chars_of(scope[to]);
        to += 1;
    }
    let more_before = scope[..from].iter().any(|&l| !blank(l));
    let more_after = scope[to..].iter().any(|&l| !blank(l));
    let mut text = String::new();
    for &l in &scope[from..to] {
        let c = t.compact_line(l);
        if c.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&c);
    }
    let snippet = snippet_of_part(&text, q.terms, max_chars, more_before, more_after);
    (unit, snippet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{units_of, FileText};

    const RULE: &str = "某市停车管理办法\n\n第一条　为规范停车，\n制定本办法。\n\n第二条　停车场应当：\n（一）公示收费\n标准；\n（二）保持設施完好。\n停车场应当公示收费标准。\n\n第三条　本办法自2018年7月1日起施行。\n";

    fn run(q: &str) -> (Option<String>, String) {
        let p = gongwen_core::parse_bytes("a.txt", RULE.as_bytes()).unwrap();
        let doc = &p.documents[0];
        let f = FileText::decode(RULE.as_bytes()).unwrap();
        let (a, b) = f.raw_range(doc).unwrap();
        let t =
            HitText::decode(RULE.as_bytes()[a..b].to_vec(), "UTF-8", doc.span.start_line).unwrap();
        let units = units_of(doc);
        let m = Matcher::new(q, false);
        let terms = Terms::from_query(q, false);
        let r = Reading::new(&m, &terms, &|_| 0);
        let (u, s) = locate(&t, &units, &r, true, 120);
        // The unit satisfies the query on its own text.
        if let Some(u) = u {
            let dt = f.document(doc);
            let ut = dt.units.iter().find(|x| x.label == units[u].0).unwrap();
            assert!(m.score(&ut.text, 10.0).is_some(), "{}", ut.text);
        }
        (u.map(|u| units[u].0.clone()), s)
    }

    #[test]
    fn units_and_snippets_from_occurrences() {
        // Over a line break, in the item that holds it.
        let (u, s) = run("公示收费标准");
        assert_eq!(u.as_deref(), Some("（一）"), "{s}");
        assert!(s.contains("<mark>公示收费标准</mark>"), "{s}");
        // Traditional text found by the simplified query.
        let (u, s) = run("设施完好");
        assert_eq!(u.as_deref(), Some("（二）"));
        assert!(s.contains("<mark>设施完好</mark>"), "{s}");
        // Words in two units: none holds both; the document's snippet.
        let (u, s) = run("规范停车 保持设施");
        assert_eq!(u, None);
        assert!(s.contains("<mark>规范停车</mark>"), "{s}");
        // Both words in the item's own text (its second line).
        let (u, _) = run("停车场应当 保持设施");
        assert_eq!(u.as_deref(), Some("（二）"));
        // Nothing: the start of the document.
        let (u, s) = run("不存在");
        assert_eq!(u, None);
        assert!(s.starts_with("某市停车管理办法"), "{s}");
    }
}
