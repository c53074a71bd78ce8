//! Literal scans: finding fixed chars and words in text in one pass, for
//! the gates every stage puts in front of its patterns ("does this
//! paragraph hold any of these words?") and for the chars paragraphs are
//! cut at.
//!
//! - [`CharScan`]: where the chars of a set occur (sentence ends, brackets).
//! - [`LiteralSet`]: which literals of a table occur ([`Present`], tested
//!   per literal or per group of literals, [`Mask`]), and where the first
//!   or last occurrence is.
//! - [`WordsByChar`]: which word of a table a text ends with.
//!
//! Each is built once per table, in a `LazyLock` next to the table.
//! Performance notes: `BENCHMARKS.md`, "Literal scans".

/// A set of chars to find in text without decoding it: the non-ASCII
/// chars by their UTF-8 encodings (aho-corasick's packed searcher), up to
/// three ASCII chars with `memchr` (more: a byte table), the two streams
/// merged. A whole encoding found in valid UTF-8 is a whole char. Built
/// once per set (a `LazyLock` next to the table it scans for).
#[derive(Debug, Clone)]
pub(crate) struct CharScan {
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
    pub(crate) fn new(chars: &[char]) -> Self {
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
    pub(crate) fn find_iter<'s>(&'s self, s: &'s str) -> impl Iterator<Item = (usize, char)> + 's {
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

    /// True when `s` holds a char of the set. A text without any first
    /// byte of the set's chars (`memchr`, when there are at most three
    /// besides at most three ASCII chars) is ruled out before the search.
    pub(crate) fn is_in(&self, s: &str) -> bool {
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

/// Words indexed by their last char: which word a text ends with compares
/// only the words that share its last char, and a text whose last char
/// ends no word is answered by one binary search. Within a char the words
/// keep the order given (the first that fits wins). For suffix tables
/// asked of every unit name.
#[derive(Debug, Clone)]
pub(crate) struct WordsByChar {
    /// By char (sorted): the words ending with it.
    by: Vec<(char, Vec<&'static str>)>,
}

impl WordsByChar {
    /// Index `words` by their last char, for [`WordsByChar::find`].
    pub(crate) fn trailing(words: impl IntoIterator<Item = &'static str>) -> Self {
        let mut by: Vec<(char, Vec<&'static str>)> = Vec::new();
        for w in words {
            let Some(c) = w.chars().next_back() else {
                continue;
            };
            match by.iter_mut().find(|(k, _)| *k == c) {
                Some((_, ws)) => ws.push(w),
                None => by.push((c, vec![w])),
            }
        }
        by.sort_by_key(|(c, _)| *c);
        WordsByChar { by }
    }

    /// The first word (in the order given) that `text` ends with.
    pub(crate) fn find(&self, text: &str) -> Option<&'static str> {
        let c = text.chars().next_back()?;
        let k = self.by.binary_search_by_key(&c, |(k, _)| *k).ok()?;
        self.by
            .get(k)?
            .1
            .iter()
            .copied()
            .find(|w| text.ends_with(w))
    }
}

/// Which of a fixed list of literals occur in a text, found in one pass
/// instead of one `contains` per literal: the gates in front of pattern
/// tables, and "where is the first / last of these words". Built once per
/// table (a `LazyLock` next to it).
///
/// Every occurrence is found, overlapping ones included (`每月` and `月`).
/// Three strategies: a substring searcher per literal for small sets
/// (presence); aho-corasick's packed searcher restarted one byte after each
/// match start, the literals that begin with the matched byte compared
/// there (one-byte literals: `memchr`); and, for sets the packed searcher
/// cannot take (over its 64-pattern limit, a CPU without SSSE3/AVX2), an
/// overlapping automaton.
#[derive(Debug, Clone)]
pub(crate) struct LiteralSet {
    /// Distinct literals, in first-seen order (bit `k` = `literals[k]`).
    literals: Vec<&'static str>,
    search: Option<LiteralSearch>,
    /// For small sets, one substring searcher per literal: presence
    /// ([`LiteralSet::scan`]) stops at each literal's first occurrence.
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// For larger sets, presence apart for the one-char literals (a
    /// substring search each, stopping at the first occurrence) and the
    /// longer ones (packed search over them alone).
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
pub(crate) struct Present(u128);

impl LiteralSet {
    /// The set of `literals` (duplicates allowed). [`LiteralSet::scan`]
    /// reports the first 128 distinct ones (a unit test checks each gate
    /// table fits); the other queries see them all.
    pub(crate) fn new<'a>(literals: impl IntoIterator<Item = &'a &'static str>) -> Self {
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

    /// True when the set is searched with the packed searcher (at most 64
    /// literals longer than a byte), not the overlapping automaton.
    #[cfg(test)]
    pub(crate) fn is_packed(&self) -> bool {
        matches!(self.search, Some(LiteralSearch::Packed { .. }))
    }

    /// Number of distinct literals.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.literals.len()
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
    pub(crate) fn scan(&self, text: &str) -> Present {
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
    pub(crate) fn is_in(&self, text: &str) -> bool {
        self.first_start(text).is_some()
    }

    /// Smallest start of an occurrence of a literal in `text` (what the
    /// minimum of `text.find(l)` over the literals gives).
    pub(crate) fn first_start(&self, text: &str) -> Option<usize> {
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
    pub(crate) fn last_end(&self, text: &str) -> Option<usize> {
        let mut last = None;
        self.each(text, |_, _, e| last = last.max(Some(e)));
        last
    }

    /// Bit of `literal` (None when it is not in the set or beyond the
    /// 128th).
    pub(crate) fn bit(&self, literal: &str) -> Option<u32> {
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
    pub(crate) fn mask(&self, words: &[&str]) -> Mask {
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
pub(crate) struct Mask {
    bits: u128,
    always: bool,
}

impl Present {
    /// True when one of the literals of `mask` is present.
    pub(crate) fn any_of(self, mask: Mask) -> bool {
        mask.always || self.0 & mask.bits != 0
    }

    /// True when the literal of `bit` (from [`LiteralSet::bit`]) is present;
    /// `None` (a literal not in the set) counts as present, so a missing
    /// table entry never hides a match.
    pub(crate) fn has(self, bit: Option<u32>) -> bool {
        bit.is_none_or(|b| b < 128 && self.0 & (1u128 << b) != 0)
    }

    /// How many of the set's literals are present.
    pub(crate) fn count(self) -> u32 {
        self.0.count_ones()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_by_char_find_the_first_fitting_word() {
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
            assert_eq!(p.count() == 0, !lits.iter().any(|l| t.contains(l)));
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
}
