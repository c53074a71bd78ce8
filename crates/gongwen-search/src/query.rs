//! From the user's query string to tantivy queries.
//!
//! Syntax (tantivy's `QueryParser`, conjunction by default): words separated
//! by spaces must all match (`停车 收费`); `OR`, `AND`, `NOT`/`-`, `+`,
//! parentheses and `"quoted phrases"` work as usual. A run of characters
//! without spaces is a phrase: with the bigram fields it matches as a
//! substring of the text, punctuation and line breaks ignored. Input the
//! parser rejects (unbalanced quotes, stray brackets …) is searched as plain
//! words instead: a query never fails.
//!
//! A query that *is* a 文号 (`廊政办〔2015〕11号`, typed with `[]`, `【】`,
//! `()` or spaces, or without brackets) is also looked up in the normalised
//! 文号 keys (see [`doc_number_key`]).

use std::sync::LazyLock;

use regex::Regex;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::tokenize;

/// Longest query text looked at (chars); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 256;

/// Which tokenizer a text field uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Ngram,
    Jieba,
}

/// A text field searched by default, with its tokenizer and boost.
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    pub field: Field,
    pub tok: Tok,
    pub boost: f32,
}

/// A query parser over a set of default fields, with the fallback.
pub struct TextParser {
    parser: QueryParser,
    fields: Vec<TextField>,
}

/// ASCII characters of the query syntax that have no use in a search for
/// Chinese text; removed before parsing (they are transparent to the
/// tokenizers anyway, so `廊政办[2015]11号` still finds `廊政办〔2015〕11号`).
const DROPPED: &[char] = &[
    '[', ']', '{', '}', '^', '~', '*', '?', ':', '\\', '/', '!', '<', '>', '=', '|', '&', '\'',
];

/// Characters of the syntax kept for the parser.
const SYNTAX: &[char] = &['"', '(', ')', '+', '-'];

impl TextParser {
    pub fn new(parser: QueryParser, fields: Vec<TextField>) -> Self {
        TextParser { parser, fields }
    }

    /// The query for `q` (already trimmed and cut to [`MAX_QUERY_CHARS`]).
    /// `None` when `q` has nothing to search for.
    pub fn parse(&self, q: &str) -> Option<Box<dyn Query>> {
        if tokenize::kept_text(q).is_empty() {
            return None;
        }
        let cleaned: String = q.chars().filter(|c| !DROPPED.contains(c)).collect();
        if !tokenize::kept_text(&cleaned).is_empty() {
            if let Ok(query) = self.parser.parse_query(&cleaned) {
                return Some(query);
            }
        }
        self.words_query(q)
    }

    /// Plain words: every whitespace-separated word (syntax characters
    /// removed) must match one of the fields.
    pub fn words_query(&self, q: &str) -> Option<Box<dyn Query>> {
        let plain: String = q
            .chars()
            .map(|c| {
                if DROPPED.contains(&c) || SYNTAX.contains(&c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in plain.split_whitespace() {
            if matches!(w, "AND" | "OR" | "NOT") {
                continue;
            }
            let shoulds: Vec<(Occur, Box<dyn Query>)> = self
                .fields
                .iter()
                .filter_map(|f| field_query(f, w))
                .map(|q| (Occur::Should, q))
                .collect();
            if !shoulds.is_empty() {
                musts.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
            }
        }
        if musts.is_empty() {
            None
        } else {
            Some(Box::new(BooleanQuery::new(musts)))
        }
    }

    /// The relaxed form of a plain query: each run of text split into its
    /// jieba words (words of one character dropped unless nothing else is
    /// left), all required, in any order. `None` when `q` uses query syntax
    /// or relaxing changes nothing.
    pub fn relaxed(&self, q: &str) -> Option<Box<dyn Query>> {
        if q.contains(SYNTAX) || q.contains(DROPPED) {
            return None;
        }
        let mut words: Vec<String> = Vec::new();
        let mut changed = false;
        for w in q.split_whitespace() {
            if matches!(w, "AND" | "OR" | "NOT") {
                return None;
            }
            let all = tokenize::words(w);
            let long: Vec<String> = all
                .iter()
                .filter(|s| s.chars().count() > 1)
                .cloned()
                .collect();
            let parts = if long.is_empty() { all } else { long };
            changed |= parts.len() > 1;
            words.extend(parts);
        }
        if !changed {
            return None;
        }
        self.words_query(&words.join(" "))
    }
}

/// The query of one word on one field (a term or a phrase of its tokens).
fn field_query(f: &TextField, word: &str) -> Option<Box<dyn Query>> {
    let toks = match f.tok {
        Tok::Ngram => tokenize::ngram_tokens(word),
        Tok::Jieba => tokenize::jieba_tokens(word),
    };
    let mut terms: Vec<(usize, Term)> = toks
        .into_iter()
        .map(|t| (t.position, Term::from_field_text(f.field, &t.text)))
        .collect();
    let q: Box<dyn Query> = match terms.len() {
        0 => return None,
        1 => {
            let (_, t) = terms.remove(0);
            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
        }
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    };
    if (f.boost - 1.0).abs() > f32::EPSILON {
        Some(Box::new(BoostQuery::new(q, f.boost)))
    } else {
        Some(q)
    }
}

static DOC_NUMBER_QUERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<prefix>[\p{Han}A-Za-z]{0,16}?)\s*[〔\[【(（﹝]?\s*(?P<year>(?:19|20)[0-9]{2})\s*[〕\]】)）﹞]?\s*第?\s*(?P<serial>[0-9]{1,5})\s*号$",
    )
    .expect("constant regex")
});

/// The normalised 文号 key of a query that is a 文号, else `None`.
///
/// `廊政办〔2015〕11号`, `廊政办[2015]11号`, `廊政办【2015】11号`,
/// `廊政办 2015 11号` and `廊政办（2015）第11号` all give the key
/// `廊政办〔2015〕11号` (`gongwen_core::docnum::canonical`); a number
/// without agency code (`〔2015〕16号`) gives `〔2015〕16号`, which every
/// document numbered 16 of 2015 carries as a second key. Decree numbers
/// (`国务院令第649号`) are recognised too.
pub fn doc_number_key(q: &str) -> Option<String> {
    // Full-width digits and letters to ASCII.
    let q: String = q
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    if let Some(c) = DOC_NUMBER_QUERY.captures(&q) {
        let prefix = c.name("prefix").map_or("", |m| m.as_str());
        let year = c.name("year").map_or("", |m| m.as_str());
        let serial = c.name("serial").map_or("", |m| m.as_str());
        let n = gongwen_core::docnum::parse_exact(&format!("{prefix}〔{year}〕{serial}号"))?;
        return Some(gongwen_core::docnum::canonical(&n));
    }
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    let n = gongwen_core::docnum::parse_exact(&compact)?;
    Some(gongwen_core::docnum::canonical(&n))
}

/// The keys a document with 文号 `n` is found by: the canonical form and,
/// when it has an agency code, the form without it.
pub fn doc_number_keys(n: &gongwen_core::DocNumber) -> Vec<String> {
    let mut keys = vec![gongwen_core::docnum::canonical(n)];
    if n.prefix.is_some() && n.year.is_some() {
        let bare = gongwen_core::DocNumber {
            prefix: None,
            ..n.clone()
        };
        keys.push(gongwen_core::docnum::canonical(&bare));
    }
    keys.dedup();
    keys
}

/// Cut the query to [`MAX_QUERY_CHARS`] characters and trim it.
pub fn clip(q: &str) -> &str {
    let q = q.trim();
    match q.char_indices().nth(MAX_QUERY_CHARS) {
        Some((i, _)) => q[..i].trim_end(),
        None => q,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_number_forms() {
        let k = Some("廊政办〔2015〕11号".to_string());
        assert_eq!(doc_number_key("廊政办〔2015〕11号"), k);
        assert_eq!(doc_number_key("廊政办[2015]11号"), k);
        assert_eq!(doc_number_key("廊政办【2015】11号"), k);
        assert_eq!(doc_number_key("廊政办 2015 11号"), k);
        assert_eq!(doc_number_key(" 廊政办（２０１５）第11号 "), k);
        assert_eq!(doc_number_key("廊政办201511号"), k);
        assert_eq!(
            doc_number_key("〔2015〕16号").as_deref(),
            Some("〔2015〕16号")
        );
        assert_eq!(
            doc_number_key("国务院令第649号").as_deref(),
            Some("国务院令第649号")
        );
        assert_eq!(doc_number_key("停车管理办法"), None);
        assert_eq!(doc_number_key("2015年11号文件"), None);
    }

    #[test]
    fn clip_cuts_long_queries() {
        let long = "字".repeat(1000);
        assert_eq!(clip(&long).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(clip("  a b "), "a b");
    }
}
