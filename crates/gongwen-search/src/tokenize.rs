//! Tokenizers (分词) registered with tantivy.
//!
//! Both tokenizers read the text through the same *kept-character* view:
//! whitespace (including U+3000 and line breaks), punctuation, symbols and
//! private-use characters are transparent — they are skipped and do not
//! count as positions — traditional characters are folded to simplified
//! ones as the parser's compact view folds them, full-width ASCII is folded
//! to half-width and ASCII letters are lower-cased. A sentence broken over two lines by a PDF or
//! Word export, or printed with spaces between its characters, is therefore
//! found by the query typed without them, and positions (the index of the
//! kept character where a token starts) are the same in the index and in a
//! query, which makes tantivy's phrase queries substring matches.
//!
//! - [`NgramTokenizer`] (`gw_ngram`, titles and 文号): overlapping character
//!   bigrams, and at index time every character too. A query is its bigrams
//!   (one character: that character), so any query text matches as a
//!   substring, like SQLite's trigram tokenizer but down to one character.
//! - The body splits the same job over two fields so that each character is
//!   indexed with a position once: `gw_bigram` (bigrams only, with
//!   positions: phrases of two characters or more) and `gw_char` (each
//!   distinct character, doc ids only: one-character words). A query text
//!   gives tokens for exactly one of the two (see [`BigramTokenizer`]).
//! - [`JiebaTokenizer`] (`gw_jieba`): jieba-rs over the kept text,
//!   `cut_for_search` (words and the dictionary words inside them) at index
//!   time and `cut` for queries; gives word-level BM25 scores.
//!
//! Index and query sides differ, so the query parsers get their own
//! tokenizer manager ([`query_tokenizers`]).
//!
//! Why not the `tantivy-jieba` crate (0.21, built for the same
//! tantivy-tokenizer-api 0.7): it tokenizes the text as given, so line
//! breaks, spaces and punctuation become tokens and shift positions; the
//! phrase `按职责分工负责` would not match `按职责\n分工负责`. The adapter
//! here is 60 lines over `Jieba::cut_for_search`.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

/// Name of the bigram tokenizer in the tokenizer manager.
pub const NGRAM: &str = "gw_ngram";
/// Name of the jieba tokenizer in the tokenizer manager.
pub const JIEBA: &str = "gw_jieba";
/// Name of the body's bigram-only tokenizer.
pub const BIGRAM: &str = "gw_bigram";
/// Name of the body's one-character tokenizer.
pub const CHAR: &str = "gw_char";

/// The jieba instance with its default dictionary, loaded once per process.
static JIEBA_DICT: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Load the jieba dictionary now (it is otherwise loaded on first use).
pub fn warm_up() {
    LazyLock::force(&JIEBA_DICT);
    LazyLock::force(&FOLD_BMP);
    LazyLock::force(&UNFOLD_BMP);
}

/// The tokenizers of the index (registered on the index).
pub fn index_tokenizers() -> TokenizerManager {
    let m = TokenizerManager::default();
    m.register(NGRAM, NgramTokenizer { unigrams: true });
    m.register(JIEBA, JiebaTokenizer { search: true });
    m.register(BIGRAM, BigramTokenizer { compact: true });
    m.register(CHAR, CharTokenizer { query: false });
    m
}

/// The tokenizers of queries (given to the query parsers).
pub fn query_tokenizers() -> TokenizerManager {
    let m = TokenizerManager::default();
    m.register(NGRAM, NgramTokenizer { unigrams: false });
    m.register(JIEBA, JiebaTokenizer { search: false });
    m.register(BIGRAM, BigramTokenizer { compact: false });
    m.register(CHAR, CharTokenizer { query: true });
    m
}

/// A kept character: its byte range in the original text and its folded
/// form.
#[derive(Debug, Clone, Copy)]
struct Kept {
    from: usize,
    to: usize,
    c: char,
}

/// Fold one character: `None` when it is transparent.
///
/// Chars go first through the parser's own fold of the compact view
/// ([`gongwen_core::source::text::fold_char`]: traditional → simplified, full-width
/// digits and letters → half-width). The indexed lines are the compact view
/// (`source.rs`), already folded; the same fold here makes queries and the
/// snippet matcher read one normalised script: a traditional query such as
/// `關於` finds the simplified `关于`, and `关于` a traditional copy.
pub(crate) fn fold(c: char) -> Option<char> {
    let c = gongwen_core::source::text::fold_char(c);
    // Fast path: CJK unified ideographs (most of the text).
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(c);
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if !c.is_alphanumeric() || ('\u{E000}'..='\u{F8FF}').contains(&c) {
        return None;
    }
    Some(c.to_ascii_lowercase())
}

/// [`fold`] for text that is already in the parser's compact view (the
/// indexed lines, the text of hits): the compact view applied
/// `fold_char`, which is idempotent (no simplified target is itself folded,
/// see `gongwen_core::source::simplify`), so only the rest of [`fold`] is
/// left to do.
pub(crate) fn fold_compact(c: char) -> Option<char> {
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(c);
    }
    fold(c)
}

/// [`fold`] of every BMP character (`u32::MAX`: transparent), for
/// [`kept_line`].
static FOLD_BMP: LazyLock<Box<[u32]>> = LazyLock::new(|| {
    (0..=0xFFFFu32)
        .map(|u| {
            char::from_u32(u)
                .and_then(fold)
                .map_or(u32::MAX, |c| c as u32)
        })
        .collect()
});

/// The characters that [`fold`] to `k` other than `k` itself, in the
/// BMP (traditional forms, full-width and upper-case letters).
static UNFOLD_BMP: LazyLock<std::collections::HashMap<char, Vec<char>>> = LazyLock::new(|| {
    let mut m: std::collections::HashMap<char, Vec<char>> = std::collections::HashMap::new();
    for (u, &f) in FOLD_BMP.iter().enumerate() {
        if f != u as u32 {
            if let (Some(c), Some(k)) = (char::from_u32(u as u32), char::from_u32(f)) {
                m.entry(k).or_default().push(c);
            }
        }
    }
    m
});

/// Every BMP character whose kept form is `k` (`k` first): a text holds
/// the kept character `k` only where it holds one of them (or a character
/// outside the BMP).
pub fn raw_forms(k: char) -> Vec<char> {
    let mut out = vec![k];
    if let Some(v) = UNFOLD_BMP.get(&k) {
        out.extend(v.iter().copied().filter(|&c| c != k));
    }
    out
}

/// Append the kept characters of a line of raw text (not yet in the
/// parser's compact view) to `out`: the same characters as
/// `compact(line)` read through `fold_compact`, i.e. as the index read
/// them (the compact view only drops whitespace and private-use
/// characters, which `fold` drops anyway, and folds with `fold_char`,
/// which `fold` applies; a line with `[` or `(`, where it also drops
/// Word bookmarks and pinyin annotations, goes through it).
pub fn kept_line(line: &str, out: &mut Vec<char>) {
    if line.bytes().any(|b| b == b'[' || b == b'(') {
        out.extend(
            gongwen_core::source::text::compact(line)
                .chars()
                .filter_map(fold_compact),
        );
        return;
    }
    let table = &**FOLD_BMP;
    for c in line.chars() {
        let k = match table.get(c as usize) {
            Some(&u) => char::from_u32(u),
            None => fold(c),
        };
        if let Some(k) = k {
            out.push(k);
        }
    }
}

fn kept_chars(text: &str) -> Vec<Kept> {
    kept_chars_with(text, fold)
}

fn kept_chars_with(text: &str, fold: fn(char) -> Option<char>) -> Vec<Kept> {
    text.char_indices()
        .filter_map(|(i, c)| {
            fold(c).map(|f| Kept {
                from: i,
                to: i + c.len_utf8(),
                c: f,
            })
        })
        .collect()
}

/// Tokens of `width` kept characters starting at each kept character, one
/// buffer reused (no allocation per token).
pub struct CharsStream {
    kept: Vec<Kept>,
    width: usize,
    /// Start of the next token.
    next: usize,
    token: Token,
}

impl CharsStream {
    fn new(kept: Vec<Kept>, width: usize) -> Self {
        CharsStream {
            kept,
            width,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for CharsStream {
    fn advance(&mut self) -> bool {
        let i = self.next;
        let Some(run) = self.kept.get(i..i + self.width) else {
            return false;
        };
        let (Some(a), Some(b)) = (run.first(), run.last()) else {
            return false;
        };
        let t = &mut self.token;
        t.text.clear();
        t.text.extend(run.iter().map(|k| k.c));
        t.offset_from = a.from;
        t.offset_to = b.to;
        t.position = i;
        t.position_length = 1;
        self.next = i + 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The kept text of `text` (what both tokenizers see), e.g. for tests and
/// for building queries.
pub fn kept_text(text: &str) -> String {
    text.chars().filter_map(fold).collect()
}

/// A token stream over a vector of tokens.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    /// Index of the current token + 1 (0 before the first `advance`).
    next: usize,
    empty: Token,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream {
            tokens,
            next: 0,
            empty: Token::default(),
        }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        match self.next.checked_sub(1).and_then(|k| self.tokens.get(k)) {
            Some(t) => t,
            None => &self.empty,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(k) if k < self.tokens.len() => &mut self.tokens[k],
            _ => &mut self.empty,
        }
    }
}

/// Character bigrams over the kept characters; at index time also every
/// character on its own (at the position of the bigram it starts), so that
/// a one-character query is a term lookup.
#[derive(Debug, Clone, Default)]
pub struct NgramTokenizer {
    /// Index side: unigrams and bigrams. Query side (false): bigrams only,
    /// or the character itself for a one-character text.
    pub unigrams: bool,
}

/// The bigram tokens of `text` (see [`NgramTokenizer`]; query side).
pub fn ngram_tokens(text: &str) -> Vec<Token> {
    ngrams(text, false)
}

fn ngrams(text: &str, unigrams: bool) -> Vec<Token> {
    let kept = kept_chars(text);
    let unigram = |i: usize, k: &Kept| Token {
        offset_from: k.from,
        offset_to: k.to,
        position: i,
        text: k.c.to_string(),
        position_length: 1,
    };
    if kept.len() == 1 {
        return vec![unigram(0, &kept[0])];
    }
    let mut out = Vec::with_capacity(kept.len() * if unigrams { 2 } else { 1 });
    for (i, k) in kept.iter().enumerate() {
        if unigrams {
            out.push(unigram(i, k));
        }
        if let Some(n) = kept.get(i + 1) {
            let mut s = String::with_capacity(8);
            s.push(k.c);
            s.push(n.c);
            out.push(Token {
                offset_from: k.from,
                offset_to: n.to,
                position: i,
                text: s,
                position_length: 1,
            });
        }
    }
    out
}

impl Tokenizer for NgramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(ngrams(text, self.unigrams))
    }
}

/// The body's bigrams (`gw_bigram`), the same at index and query time: a
/// text of one kept character gives no token (the `gw_char` field answers
/// it), so a query word is looked up in one field only.
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer {
    /// Index side: the text is the compact view (no second fold).
    pub compact: bool,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = CharsStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CharsStream {
        let f = if self.compact { fold_compact } else { fold };
        CharsStream::new(kept_chars_with(text, f), 2)
    }
}

/// The body's characters (`gw_char`, indexed without positions): every kept
/// character at index time; at query time the character of a one-character
/// text, nothing for longer texts (those are bigram phrases).
#[derive(Debug, Clone, Default)]
pub struct CharTokenizer {
    pub query: bool,
}

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = CharsStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CharsStream {
        if self.query {
            let kept = kept_chars(text);
            let kept = if kept.len() == 1 { kept } else { Vec::new() };
            return CharsStream::new(kept, 1);
        }
        CharsStream::new(kept_chars_with(text, fold_compact), 1)
    }
}

/// jieba over the kept characters: `cut_for_search` (words and the
/// dictionary words inside them) at index time, `cut` (words only) for
/// queries, so a query word is one term wherever the index has it.
#[derive(Debug, Clone, Default)]
pub struct JiebaTokenizer {
    /// Index side (`cut_for_search`); false: query side (`cut`).
    pub search: bool,
}

/// The index-side jieba tokens of `text`, ordered by position.
pub fn jieba_tokens(text: &str) -> Vec<Token> {
    jieba(text, true)
}

/// The query-side jieba tokens of `text` (`cut`).
pub fn jieba_query_tokens(text: &str) -> Vec<Token> {
    jieba(text, false)
}

fn jieba(text: &str, search: bool) -> Vec<Token> {
    let kept = kept_chars(text);
    if kept.is_empty() {
        return Vec::new();
    }
    let s: String = kept.iter().map(|k| k.c).collect();
    let words = if search {
        JIEBA_DICT.cut_for_search(&s, true)
    } else {
        JIEBA_DICT.cut(&s, true)
    };
    let mut out: Vec<Token> = words
        .into_iter()
        .filter(|t| t.end > t.start)
        .filter_map(|t| {
            let first = kept.get(t.start)?;
            let last = kept.get(t.end - 1)?;
            Some(Token {
                offset_from: first.from,
                offset_to: last.to,
                position: t.start,
                text: t.word.to_string(),
                position_length: t.end - t.start,
            })
        })
        .collect();
    // Positions of one term must not decrease within a document.
    out.sort_by_key(|t| (t.position, t.position_length));
    out
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(jieba(text, self.search))
    }
}

/// jieba's plain segmentation (`cut`, no sub-words) of the kept text: the
/// words a person would see in `text`. Used to relax a phrase into words.
pub fn words(text: &str) -> Vec<String> {
    let s = kept_text(text);
    JIEBA_DICT
        .cut(&s, true)
        .into_iter()
        .map(|t| t.word.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &[Token]) -> Vec<(&str, usize)> {
        t.iter().map(|t| (t.text.as_str(), t.position)).collect()
    }

    #[test]
    fn bigrams_skip_whitespace_and_punctuation() {
        let a = ngram_tokens("按职　责\n分工，负责");
        let b = ngram_tokens("按职责分工负责");
        assert_eq!(texts(&a), texts(&b));
        assert_eq!(texts(&b)[0], ("按职", 0));
        assert_eq!(texts(&ngram_tokens("税")), vec![("税", 0)]);
        let idx = ngrams("税收", true);
        assert_eq!(texts(&idx), vec![("税", 0), ("税收", 0), ("收", 1)]);
        assert!(ngram_tokens("，。 ").is_empty());
        // Full-width digits and letters fold.
        assert_eq!(texts(&ngram_tokens("２０Ａ")), texts(&ngram_tokens("20a")));
    }

    #[test]
    fn traditional_folds_as_in_the_parser() {
        let t = "關於印發人民代表大會常務委員會條例的通知";
        let s = "关于印发人民代表大会常务委员会条例的通知";
        assert_eq!(kept_text(t), s);
        assert_eq!(texts(&ngram_tokens(t)), texts(&ngram_tokens(s)));
        assert_eq!(texts(&jieba_tokens(t)), texts(&jieba_tokens(s)));
        // One normaliser: the parser's compact-view fold.
        for c in t.chars() {
            assert_eq!(fold(c), Some(gongwen_core::source::text::fold_char(c)));
        }
        // Traditional code points that are simplified characters stay.
        assert_eq!(kept_text("乾坤显著"), "乾坤显著");
    }

    #[test]
    fn body_tokenizers() {
        let toks = |t: &mut dyn FnMut(&str) -> CharsStream, s: &str| {
            let mut st = t(s);
            let mut out = Vec::new();
            while st.advance() {
                out.push((st.token().text.clone(), st.token().position));
            }
            out
        };
        let mut bi = BigramTokenizer { compact: false };
        let got = toks(&mut |s| bi.token_stream(s), "按职　责\n分");
        let want: Vec<(String, usize)> = texts(&ngram_tokens("按职责分"))
            .into_iter()
            .map(|(t, p)| (t.to_string(), p))
            .collect();
        assert_eq!(got, want);
        assert!(toks(&mut |s| bi.token_stream(s), "税。").is_empty());
        let mut q = CharTokenizer { query: true };
        assert_eq!(toks(&mut |s| q.token_stream(s), "税。"), [("税".into(), 0)]);
        assert!(toks(&mut |s| q.token_stream(s), "税收").is_empty());
        let mut ix = CharTokenizer { query: false };
        assert_eq!(toks(&mut |s| ix.token_stream(s), "税收").len(), 2);
    }

    #[test]
    fn compact_text_needs_no_second_fold() {
        for c in '\u{3000}'..='\u{FFFF}' {
            let once = gongwen_core::source::text::fold_char(c);
            assert_eq!(fold_compact(once), fold(once), "{c}");
        }
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let s = "分工\n负责";
        let t = ngram_tokens(s);
        assert_eq!(&s[t[1].offset_from..t[1].offset_to], "工\n负");
    }

    #[test]
    fn jieba_positions_are_kept_char_indices() {
        let t = jieba_tokens("各县（市、区）人民政府");
        assert!(t.iter().any(|t| t.text == "人民政府"));
        let p = t.iter().find(|t| t.text == "人民").map(|t| t.position);
        // 各县市区 are four kept chars before 人民.
        assert_eq!(p, Some(4));
        let mut last: std::collections::HashMap<&str, usize> = Default::default();
        for tok in &t {
            if let Some(&p) = last.get(tok.text.as_str()) {
                assert!(tok.position >= p);
            }
            last.insert(&tok.text, tok.position);
        }
    }
}
