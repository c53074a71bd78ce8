//! Traditional → simplified characters for the compact view (繁简折叠).
//!
//! Mirror sites publish machine conversions of mainland documents into
//! traditional characters (`關於印發…的通知`, `鄂政發〔2017〕63號`). The
//! compact view of a line ([`crate::source::text`]) folds each traditional char to
//! its simplified form so that such copies match the same patterns; the
//! stored text is never rewritten.
//!
//! # The table
//!
//! OpenCC's `TSCharacters.txt` (Apache-2.0), kept as one data file in the
//! repository, `crates/gongwen-core/data/TSCharacters.txt` (its header cites
//! the source and the copy it was taken from), read at first use. Why not a
//! crate: of the permissively licensed ones, `ferrous-opencc` (Apache-2.0)
//! ships this very file but exposes only whole-string conversion through its
//! own FST dictionaries, with a build script and a dozen dependencies
//! (rkyv, fst, phf, a dictionary compiler); `fast2s` (MIT) exposes a
//! context-dependent string conversion over its own unattributed table;
//! `character_converter` (MIT) works on strings over bincode/FST profiles;
//! `zhconv` is GPL-2.0-or-later. None exposes OpenCC's char table, and the
//! fold needs only that table, char by char; a text file is updated by
//! replacing it with a newer `TSCharacters.txt`.
//!
//! Each entry is one traditional char and its simplified forms; the fold
//! keeps the first form (OpenCC's default), so it stays one char → one char
//! (the compact view keeps a byte map per char; a target may be longer in
//! UTF-8, e.g. a simplified form outside the BMP, which the map handles).
//!
//! # Which pairs are dropped
//!
//! Some traditional code points are also ordinary simplified characters
//! (`乾` in 乾坤 and the county 乾县, `麽` in 幺麽): folding them would change
//! how simplified documents match. An entry `t → s …` is left out when
//! - `s` is `t` itself (OpenCC's default keeps the char: 覆, 瞭, 藉 …): a
//!   no-op, not counted as dropped;
//! - `t` is among its own forms (`乾 → 干 乾`, `徵 → 征 徵`): OpenCC keeps it
//!   unchanged in some simplified words, so it is a simplified character;
//! - `t` is the simplified form of another entry (`薴 → 苧`);
//! - `t` is a key of OpenCC's `STCharacters.txt` (a simplified character
//!   that OpenCC converts to traditional: [`SIMPLIFIED_KEYS`]).
//!
//! One exception is kept on purpose: `於 → 于 於` (the second rule would drop
//! it). In mainland text `於` is only a rare surname, while `關於` opens most
//! traditional titles. [`dropped`] lists the pairs left out.
//!
//! `著` (显著) has no entry in `TSCharacters.txt` (OpenCC converts it by
//! phrase), so it never folds.
//!
//! # Cost
//!
//! Almost every char of a mainland document is simplified, and the parse
//! folds every char of every line: one bit per code point of CJK Unified
//! Ideographs and Extension A (U+3400–U+9FFF, 3.4 KB) says whether the char
//! has an entry, so the common char costs one bit test; a set bit finds its
//! target by rank (a prefix count per 64-bit word and a popcount). Chars
//! below U+3400 (ASCII, punctuation) return at once, and so do the others up
//! to the first key outside the bitset (all such keys are in the
//! supplementary planes), which are binary-searched.

use std::sync::LazyLock;

/// OpenCC's `TSCharacters.txt` (see the module doc and the file's header).
const TS_CHARACTERS: &str = include_str!("../../data/TSCharacters.txt");

/// The keys of OpenCC's `STCharacters.txt` (simplified → traditional, same
/// OpenCC copy) that are also keys of `TSCharacters.txt`: simplified
/// characters that also have a traditional entry. That file is not shipped;
/// this is the whole intersection (緼 藴 輼 醖 苧 麽).
pub const SIMPLIFIED_KEYS: &[char] = &['緼', '苧', '藴', '輼', '醖', '麽'];

/// Pairs kept although a rule drops them (see the module doc).
pub const KEPT_ANYWAY: &[char] = &['於'];

/// First code point covered by the bitset (CJK Extension A).
const FIRST: u32 = 0x3400;
/// Last code point covered by the bitset (end of CJK Unified Ideographs).
const LAST: u32 = 0x9FFF;
const WORDS: usize = ((LAST - FIRST) as usize >> 6) + 1;

/// Why a pair of the table is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// The traditional char is among its own simplified forms (`乾 → 干 乾`).
    OwnForm,
    /// The traditional char is the simplified form of another entry.
    Target,
    /// The traditional char is a key of `STCharacters.txt`.
    SimplifiedKey,
}

struct Table {
    /// One bit per code point in `FIRST..=LAST`: it has a pair.
    bits: [u64; WORDS],
    /// Number of set bits in the words before each word.
    rank: [u16; WORDS],
    /// Targets of the keys in `FIRST..=LAST`, in code point order.
    targets: Vec<char>,
    /// Pairs whose key is outside `FIRST..=LAST`, sorted by key.
    outside: Vec<(char, char)>,
    /// First key of `outside` (`char::MAX` when there is none).
    outside_first: u32,
    /// All kept pairs, sorted by key.
    pairs: Vec<(char, char)>,
    /// The pairs left out, sorted by key.
    dropped: Vec<(char, char, Dropped)>,
}

/// The entries of the data file: key and forms, in file order. Lines that
/// are not one char, a TAB and at least one one-char form are skipped.
fn entries() -> Vec<(char, Vec<char>)> {
    let one = |s: &str| {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    TS_CHARACTERS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (k, v) = l.split_once('\t')?;
            let k = one(k)?;
            let forms: Vec<char> = v.split(' ').filter_map(one).collect();
            (!forms.is_empty()).then_some((k, forms))
        })
        .collect()
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let entries = entries();
    let mut first_forms: Vec<char> = entries
        .iter()
        .filter(|(k, f)| f.first() != Some(k))
        .filter_map(|(_, f)| f.first().copied())
        .collect();
    first_forms.sort_unstable();
    let mut pairs: Vec<(char, char)> = Vec::new();
    let mut dropped: Vec<(char, char, Dropped)> = Vec::new();
    for (k, forms) in &entries {
        let Some(&s) = forms.first() else { continue };
        if s == *k {
            continue;
        }
        let why = if forms.contains(k) {
            Some(Dropped::OwnForm)
        } else if first_forms.binary_search(k).is_ok() {
            Some(Dropped::Target)
        } else if SIMPLIFIED_KEYS.contains(k) {
            Some(Dropped::SimplifiedKey)
        } else {
            None
        };
        match why {
            Some(w) if !KEPT_ANYWAY.contains(k) => dropped.push((*k, s, w)),
            _ => pairs.push((*k, s)),
        }
    }
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    dropped.sort_unstable_by_key(|d| d.0);

    let mut bits = [0u64; WORDS];
    let mut targets = Vec::new();
    let mut outside = Vec::new();
    for &(k, s) in &pairs {
        let cp = k as u32;
        if (FIRST..=LAST).contains(&cp) {
            let i = (cp - FIRST) as usize;
            if let Some(w) = bits.get_mut(i >> 6) {
                *w |= 1 << (i & 63);
            }
            targets.push(s);
        } else {
            outside.push((k, s));
        }
    }
    let mut rank = [0u16; WORDS];
    let mut n = 0u16;
    for (r, w) in rank.iter_mut().zip(&bits) {
        *r = n;
        n += w.count_ones() as u16;
    }
    let outside_first = outside.first().map_or(char::MAX as u32, |p| p.0 as u32);
    Table {
        bits,
        rank,
        targets,
        outside,
        outside_first,
        pairs,
        dropped,
    }
});

/// Simplified form of `c` when it is a traditional char of the table, else
/// `c`.
#[inline]
pub fn simplify_char(c: char) -> char {
    let cp = c as u32;
    if cp < FIRST {
        return c;
    }
    let t = &*TABLE;
    if cp <= LAST {
        let i = (cp - FIRST) as usize;
        let w = i >> 6;
        let (Some(&word), Some(&rank)) = (t.bits.get(w), t.rank.get(w)) else {
            return c;
        };
        let bit = 1u64 << (i & 63);
        if word & bit == 0 {
            return c;
        }
        let k = rank as usize + (word & (bit - 1)).count_ones() as usize;
        return t.targets.get(k).copied().unwrap_or(c);
    }
    if cp < t.outside_first {
        return c;
    }
    match t.outside.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => t.outside.get(i).map_or(c, |p| p.1),
        Err(_) => c,
    }
}

/// The pairs the fold applies, sorted by traditional char.
pub fn pairs() -> &'static [(char, char)] {
    &TABLE.pairs
}

/// The pairs of the table left out, with the rule that dropped each.
pub fn dropped() -> &'static [(char, char, Dropped)] {
    &TABLE.dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_chars_fold() {
        for (t, s) in [
            ('關', '关'),
            ('於', '于'),
            ('號', '号'),
            ('條', '条'),
            ('會', '会'),
            ('辦', '办'),
            ('發', '发'),
            ('區', '区'),
            ('縣', '县'),
            ('廳', '厅'),
            ('門', '门'),
            ('決', '决'),
            ('後', '后'),
            ('隻', '只'),
        ] {
            assert_eq!(simplify_char(t), s, "{t}");
        }
        let folded: String = "關於印發人民代表大會常務委員會條例辦法決定的通知鄂政發〔2017〕63號"
            .chars()
            .map(simplify_char)
            .collect();
        assert_eq!(
            folded,
            "关于印发人民代表大会常务委员会条例办法决定的通知鄂政发〔2017〕63号"
        );
    }

    #[test]
    fn simplified_chars_stay() {
        // 著 (显著) has no entry; 乾 (乾坤, 乾县), 麽, 苧 and 覆 (覆盖) are
        // simplified characters with one.
        for c in [
            '著', '乾', '麽', '苧', '覆', '徵', '关', '于', '干', 'a', '，', '𠀀',
        ] {
            assert_eq!(simplify_char(c), c, "{c}");
        }
        let d = dropped();
        let why = |c: char| d.iter().find(|x| x.0 == c).map(|x| x.2);
        assert_eq!(why('乾'), Some(Dropped::OwnForm));
        assert_eq!(why('麽'), Some(Dropped::OwnForm));
        assert_eq!(why('苧'), Some(Dropped::Target));
        assert_eq!(why('緼'), Some(Dropped::SimplifiedKey));
        assert_eq!(why('於'), None);
    }

    #[test]
    fn the_rule_holds_on_the_whole_table() {
        let p = pairs();
        assert!(p.len() > 4000, "{}", p.len());
        assert!(p.windows(2).all(|w| w[0].0 < w[1].0));
        // No key of a kept pair is a target: folding is idempotent.
        for &(t, s) in p {
            assert_ne!(t, s);
            assert_eq!(simplify_char(s), s, "{t} → {s}");
            assert_eq!(simplify_char(t), s, "{t}");
        }
        for &(t, _, _) in dropped() {
            assert_eq!(simplify_char(t), t, "{t}");
        }
        assert_eq!(dropped().len(), 11);
    }

    #[test]
    fn outside_the_bitset() {
        // Extension A and the supplementary planes go through the other path.
        assert_eq!(simplify_char('㑯'), '㑔');
        assert_eq!(simplify_char('𪉸'), '𫜊');
        assert_eq!(simplify_char('𫜊'), '𫜊');
    }
}
