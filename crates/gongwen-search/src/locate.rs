//! The best unit and the snippet of a hit, found in its text
//! ([`HitText`]) with work in proportion to what the hit shows: the
//! phrases of the query are looked up once in the kept characters of the
//! document; the query is evaluated only on the units that hold an
//! occurrence, by counting occurrences (no text rebuilt per unit); only
//! the lines around the densest run of matches are put into the compact
//! view for the snippet.
//!
//! A unit's own text is its lines that no child unit claims (see
//! [`crate::source::DocText::build`]): in kept characters, a few ranges
//! of the document's sequence ("segments"), usually one. An occurrence
//! inside a segment is one of the document; one that runs across the gap
//! between two segments is counted at the gap.

use crate::query::Matcher;
use crate::snippet::{snippet_of_part, Terms};
use crate::source::{HitText, UnitRef};

/// The query as the hits read it: the matcher, the phrases to highlight,
/// and every phrase of either in kept characters.
pub(crate) struct Reading<'a> {
    matcher: &'a Matcher,
    terms: &'a Terms,
    phrases: Vec<Vec<char>>,
    /// Indices in `phrases` of the phrases of `terms`.
    highlighted: Vec<usize>,
}

impl<'a> Reading<'a> {
    pub(crate) fn new(matcher: &'a Matcher, terms: &'a Terms) -> Self {
        let mut phrases: Vec<Vec<char>> = matcher.phrases().iter().map(|p| p.to_vec()).collect();
        let mut highlighted = Vec::new();
        for p in &terms.phrases {
            let k = match phrases.iter().position(|q| q == p) {
                Some(k) => k,
                None => {
                    phrases.push(p.clone());
                    phrases.len() - 1
                }
            };
            highlighted.push(k);
        }
        phrases.retain(|p| !p.is_empty());
        Reading {
            matcher,
            terms,
            phrases,
            highlighted,
        }
    }
}

/// Sorted start positions of `p` in `kept`.
fn occurrences(kept: &[char], p: &[char]) -> Vec<u32> {
    let n = p.len();
    let mut out = Vec::new();
    let Some(&first) = p.first() else {
        return out;
    };
    if n > kept.len() {
        return out;
    }
    for i in 0..=kept.len() - n {
        if kept[i] == first && kept[i + 1..i + n] == p[1..] {
            out.push(i as u32);
        }
    }
    out
}

/// Occurrences in `occ` (starts of a phrase of `n` chars) lying inside
/// `[a, b)`.
fn inside(occ: &[u32], n: usize, a: usize, b: usize) -> usize {
    if b < a + n {
        return 0;
    }
    let lo = occ.partition_point(|&s| (s as usize) < a);
    let hi = occ.partition_point(|&s| (s as usize) + n <= b);
    hi.saturating_sub(lo)
}

/// Occurrences of `p` in the concatenation of `segs` (ranges of `kept`)
/// that run across a gap between two segments; each is counted at the
/// first gap it crosses.
fn across(kept: &[char], segs: &[(u32, u32)], p: &[char]) -> usize {
    let n = p.len();
    if n < 2 || segs.len() < 2 {
        return 0;
    }
    // Characters of the concatenation at virtual positions [from, to).
    let chars = |from: usize, to: usize| -> Vec<char> {
        let mut out = Vec::with_capacity(to - from);
        let mut at = 0usize;
        for &(a, b) in segs {
            let (a, b) = (a as usize, b as usize);
            let len = b - a;
            let (lo, hi) = (from.max(at), to.min(at + len));
            if lo < hi {
                out.extend_from_slice(&kept[a + lo - at..a + hi - at]);
            }
            at += len;
            if at >= to {
                break;
            }
        }
        out
    };
    let total: usize = segs.iter().map(|&(a, b)| (b - a) as usize).sum();
    let mut count = 0;
    let mut prev_gap = 0usize;
    let mut gap = 0usize;
    for &(a, b) in &segs[..segs.len() - 1] {
        gap += (b - a) as usize;
        // Starts in the segment before the gap, ending after it.
        let from = prev_gap.max(gap.saturating_sub(n - 1));
        let to = (gap + n - 1).min(total);
        if from < gap && to > gap {
            let w = chars(from, to);
            for s in 0..(gap - from) {
                if s + n <= w.len() && w[s..s + n] == *p {
                    count += 1;
                }
            }
        }
        prev_gap = gap;
    }
    count
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
    let kept = &t.kept;
    let occ: Vec<Vec<u32>> = q.phrases.iter().map(|p| occurrences(kept, p)).collect();
    let nl = t.len();
    let first = t.first_line();

    // Owner of each line: the last unit (in pre-order) containing it.
    let mut owner: Vec<u32> = Vec::new();
    // Segments of the units: (unit, start, end) in kept chars, grouped by
    // unit, in order; `seg_of[u]` = range in `segs`.
    let mut segs: Vec<(u32, u32, u32)> = Vec::new();
    let mut seg_of: Vec<(u32, u32)> = Vec::new();
    let mut best: Option<(f32, usize)> = None;
    if want_unit && !units.is_empty() && nl > 0 {
        let last = first + nl - 1;
        owner = vec![u32::MAX; nl];
        for (k, u) in units.iter().enumerate() {
            for no in u.2.max(first)..=u.3.min(last) {
                owner[no - first] = k as u32;
            }
        }
        let mut last_seg = vec![u32::MAX; units.len()];
        for (i, &o) in owner.iter().enumerate() {
            let (a, b) = t.kept_range(i);
            if o == u32::MAX || a == b {
                continue;
            }
            let (a, b) = (a as u32, b as u32);
            match last_seg[o as usize] {
                s if s != u32::MAX && segs[s as usize].2 == a => segs[s as usize].2 = b,
                _ => {
                    last_seg[o as usize] = segs.len() as u32;
                    segs.push((o, a, b));
                }
            }
        }
        segs.sort_by_key(|s| s.0);
        seg_of = vec![(0, 0); units.len()];
        let mut i = 0usize;
        while i < segs.len() {
            let u = segs[i].0;
            let j = i + segs[i..].iter().take_while(|s| s.0 == u).count();
            seg_of[u as usize] = (i as u32, j as u32);
            i = j;
        }
        let unit_segs = |u: usize| -> Vec<(u32, u32)> {
            let (i, j) = seg_of[u];
            segs[i as usize..j as usize]
                .iter()
                .map(|s| (s.1, s.2))
                .collect()
        };
        let kept_len = |u: usize| -> usize {
            let (i, j) = seg_of[u];
            segs[i as usize..j as usize]
                .iter()
                .map(|s| (s.2 - s.1) as usize)
                .sum()
        };
        let (mut sum, mut nonempty) = (0usize, 0usize);
        for u in 0..units.len() {
            let n = kept_len(u);
            if n > 0 {
                sum += n;
                nonempty += 1;
            }
        }
        let avg = sum as f32 / nonempty.max(1) as f32;

        // Units holding an occurrence; occurrences across gaps.
        let mut candidate = vec![false; units.len()];
        for (k, p) in q.phrases.iter().enumerate() {
            let n = p.len();
            for &s in &occ[k] {
                let s = s as usize;
                for line in t.line_of(s)..=t.line_of(s + n - 1) {
                    if let Some(&o) = owner.get(line) {
                        if o != u32::MAX {
                            candidate[o as usize] = true;
                        }
                    }
                }
            }
        }
        let mut gaps: Vec<(usize, usize, usize)> = Vec::new(); // (unit, phrase, count)
        for (u, &(i, j)) in seg_of.iter().enumerate() {
            if j - i < 2 {
                continue;
            }
            let us = unit_segs(u);
            for (k, p) in q.phrases.iter().enumerate() {
                let c = across(kept, &us, p);
                if c > 0 {
                    gaps.push((u, k, c));
                    candidate[u] = true;
                }
            }
        }
        for (u, _) in candidate.iter().enumerate().filter(|(_, c)| **c) {
            let (i, j) = seg_of[u];
            let useg = &segs[i as usize..j as usize];
            let mut tf = |p: &[char]| -> usize {
                let Some(k) = q.phrases.iter().position(|x| x.as_slice() == p) else {
                    return 0;
                };
                let n = p.len();
                let mut c: usize = useg
                    .iter()
                    .map(|s| inside(&occ[k], n, s.1 as usize, s.2 as usize))
                    .sum();
                c += gaps
                    .iter()
                    .filter(|g| g.0 == u && g.1 == k)
                    .map(|g| g.2)
                    .sum::<usize>();
                c
            };
            if let Some(sc) = q.matcher.score_with(kept_len(u), avg, &mut tf) {
                if best.is_none_or(|(b, _)| sc > b) {
                    best = Some((sc, u));
                }
            }
        }
    }
    let unit = best.map(|(_, u)| u);

    // The snippet's scope: the unit's lines and segments, else the
    // document's.
    let (scope_lines, scope_segs): (Vec<usize>, Vec<(usize, usize)>) = match unit {
        Some(u) => {
            let (i, j) = seg_of[u];
            (
                (0..nl).filter(|&l| owner[l] == u as u32).collect(),
                segs[i as usize..j as usize]
                    .iter()
                    .map(|s| (s.1 as usize, s.2 as usize))
                    .collect(),
            )
        }
        None => ((0..nl).collect(), vec![(0, kept.len())]),
    };
    // Highlighted occurrences in the scope, and the start of the densest
    // run of them.
    let mut hl: Vec<(usize, usize)> = Vec::new();
    for &k in &q.highlighted {
        let Some(p) = q.phrases.get(k) else { continue };
        let n = p.len();
        for &(a, b) in &scope_segs {
            let lo = occ[k].partition_point(|&s| (s as usize) < a);
            for &s in &occ[k][lo..] {
                let s = s as usize;
                if s + n > b {
                    break;
                }
                hl.push((s, s + n));
            }
        }
    }
    hl.sort_unstable();
    let mut dense: Option<usize> = None;
    let mut best_cover = 0usize;
    let mut j = 0usize;
    let mut covered = 0usize;
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
            dense = Some(hl[i].0);
        }
        if j > i {
            covered -= hl[i].1 - hl[i].0;
        }
    }
    // Lines of the snippet: from the scope line before the one holding the
    // run (context) to enough lines after it.
    let kept_of = |l: usize| {
        let (a, b) = t.kept_range(l);
        b - a
    };
    let at = match dense {
        Some(s) => {
            let l = t.line_of(s);
            scope_lines.partition_point(|&x| x < l)
        }
        None => 0,
    };
    let mut from = at;
    if let Some(p) = scope_lines[..at].iter().rposition(|&l| kept_of(l) > 0) {
        if dense.is_some() {
            from = p;
        }
    }
    let skip = match (dense, scope_lines.get(at)) {
        (Some(s), Some(&l)) => s.saturating_sub(t.kept_range(l).0),
        _ => 0,
    };
    let want = skip + 2 * max_chars;
    let mut to = at;
    let mut got = 0usize;
    while to < scope_lines.len() && got < want {
        got += kept_of(scope_lines[to]);
        to += 1;
    }
    let more_before = scope_lines[..from].iter().any(|&l| kept_of(l) > 0);
    let more_after = scope_lines[to..].iter().any(|&l| kept_of(l) > 0);
    let mut text = String::new();
    for &l in &scope_lines[from..to] {
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

    #[test]
    fn occurrences_across_gaps_are_counted_once() {
        let kept: Vec<char> = "甲乙丙丁戊己".chars().collect();
        let p: Vec<char> = "乙戊".chars().collect();
        // Segments 甲乙 | 戊己: 乙戊 across the gap.
        assert_eq!(across(&kept, &[(0, 2), (4, 6)], &p), 1);
        assert_eq!(across(&kept, &[(0, 2), (3, 6)], &p), 0);
        // A phrase over three segments is counted at its first gap.
        let q: Vec<char> = "乙丁己".chars().collect();
        assert_eq!(across(&kept, &[(0, 2), (3, 4), (5, 6)], &q), 1);
        let occ = occurrences(&kept, &"丙丁".chars().collect::<Vec<_>>());
        assert_eq!(occ, vec![2]);
        assert_eq!(inside(&occ, 2, 0, 4), 1);
        assert_eq!(inside(&occ, 2, 0, 3), 0);
        assert_eq!(inside(&occ, 2, 3, 6), 0);
    }
}
