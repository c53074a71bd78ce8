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
use tantivy::schema::{Field, IndexRecordOption, Schema};
use tantivy::Term;

use crate::tokenize;

/// Longest query text looked at (chars); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 256;

/// Which tokenizer a text field uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Ngram,
    Jieba,
    /// The body bigrams; a one-character word is looked up in `chars`.
    Bigram {
        chars: Field,
    },
}

/// A text field searched by default, with its tokenizer and boost.
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    pub field: Field,
    pub tok: Tok,
    pub boost: f32,
}

/// Parses the user's text into a query: a *required* part on one bigram
/// field, which decides what matches, and *bonus* parts on other fields,
/// which only add to the score (title and 文号 ×3, jieba words).
///
/// One field decides the match because tantivy evaluates a conjunction of
/// per-word disjunctions (word in title OR in body OR …) by scanning
/// windows of 4096 documents of every disjunction: with common words that
/// cost 100 ms on 20 k documents. The title and the 文号 line are part of
/// the body text, so nothing is lost. The bonus parts are built from the
/// positive words of the query (see [`positive_phrases`]) and are only
/// evaluated on documents that match.
pub struct TextParser {
    required: QueryParser,
    required_field: TextField,
    bonus: Vec<Bonus>,
}

/// A scoring-only part of a query.
#[derive(Debug, Clone, Copy)]
pub enum Bonus {
    /// Each query word as a phrase on this field (any word scores).
    Phrase(TextField),
    /// Each jieba word of the query as a term on this field (any word
    /// scores): word-level BM25 without position checks.
    Words(TextField),
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
    /// `required`: the field that decides the match; `bonus`: the scoring
    /// parts.
    pub fn new(schema: &Schema, required: TextField, bonus: Vec<Bonus>) -> Self {
        // With the body, each word gives tokens in one of the two fields
        // only (see `tokenize::BigramTokenizer`), so the parser makes no
        // disjunction of fields.
        let mut fields = vec![required.field];
        if let Tok::Bigram { chars } = required.tok {
            fields.push(chars);
        }
        let mut p = QueryParser::new(schema.clone(), fields, tokenize::query_tokenizers());
        p.set_conjunction_by_default();
        TextParser {
            required: p,
            required_field: required,
            bonus,
        }
    }

    /// The query for `q` (already trimmed and cut to [`MAX_QUERY_CHARS`]).
    /// `None` when `q` has nothing to search for.
    pub fn parse(&self, q: &str) -> Option<Box<dyn Query>> {
        if tokenize::kept_text(q).is_empty() {
            return None;
        }
        let cleaned: String = q.chars().filter(|c| !DROPPED.contains(c)).collect();
        let parsed = if tokenize::kept_text(&cleaned).is_empty() {
            None
        } else {
            self.required.parse_query(&cleaned).ok()
        };
        // Not valid syntax: plain words.
        let required = match parsed {
            Some(r) => r,
            None => words_query(q, &self.required_field, true)?,
        };
        let mut clauses = vec![(Occur::Must, required)];
        clauses.extend(self.bonus_clauses(&positive_phrases(&cleaned)));
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    fn bonus_clauses(&self, phrases: &[String]) -> Vec<(Occur, Box<dyn Query>)> {
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for b in &self.bonus {
            match b {
                Bonus::Phrase(f) => {
                    for p in phrases {
                        if let Some(q) = field_query(f, p) {
                            out.push((Occur::Should, boost(q, f.boost)));
                        }
                    }
                }
                Bonus::Words(f) => {
                    let mut seen = std::collections::HashSet::new();
                    for p in phrases {
                        for t in tokenize::jieba_query_tokens(p) {
                            if seen.insert(t.text.clone()) {
                                let term = Term::from_field_text(f.field, &t.text);
                                let q =
                                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                                out.push((Occur::Should, boost(q, f.boost)));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// The relaxed form of a plain query: each run of text split into its
    /// jieba words (words of one character dropped unless nothing else is
    /// left), all required, in any order. `None` when `q` uses query syntax
    /// or relaxing changes nothing.
    pub fn relaxed(&self, q: &str) -> Option<Box<dyn Query>> {
        let words = relaxed_words(q)?;
        let mut clauses = vec![(
            Occur::Must,
            words_query(&words.join(" "), &self.required_field, true)?,
        )];
        clauses.extend(self.bonus_clauses(&words));
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

/// The words of the relaxed form of `q` (see [`TextParser::relaxed`]).
fn relaxed_words(q: &str) -> Option<Vec<String>> {
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
    changed.then_some(words)
}

/// The query evaluated on a short text (an outline unit of a hit): does the
/// text satisfy it, and how well. Same reading as the index query: a word
/// or quoted phrase is a substring of the kept characters, words are all
/// required unless joined by `OR`, `-`/`NOT` excludes.
#[derive(Debug, Clone)]
pub struct Matcher {
    expr: Option<Expr>,
}

#[derive(Debug, Clone)]
enum Expr {
    Phrase(Vec<char>),
    Bool {
        must: Vec<Expr>,
        should: Vec<Expr>,
        not: Vec<Expr>,
    },
}

impl Matcher {
    /// The matcher of query text `q` (already clipped), in its relaxed
    /// form when `relaxed`.
    pub fn new(q: &str, relaxed: bool) -> Matcher {
        let all = |words: Vec<String>| {
            let must: Vec<Expr> = words.iter().filter_map(|w| phrase(w)).collect();
            (!must.is_empty()).then_some(Expr::Bool {
                must,
                should: Vec::new(),
                not: Vec::new(),
            })
        };
        if relaxed {
            return Matcher {
                expr: relaxed_words(q).and_then(all),
            };
        }
        let cleaned: String = q.chars().filter(|c| !DROPPED.contains(c)).collect();
        let expr = match tantivy::query_grammar::parse_query(&cleaned) {
            Ok(ast) if !tokenize::kept_text(&cleaned).is_empty() => from_ast(ast),
            _ => {
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
                all(plain
                    .split_whitespace()
                    .filter(|w| !matches!(*w, "AND" | "OR" | "NOT"))
                    .map(String::from)
                    .collect())
            }
        };
        Matcher { expr }
    }

    /// The score of `text` (in the parser's compact view) when it
    /// satisfies the query, else `None`: BM25
    /// of the phrases' occurrences, `avg_chars` the mean length of the
    /// texts compared.
    pub fn score(&self, text: &str, avg_chars: f32) -> Option<f32> {
        let kept: Vec<char> = text.chars().filter_map(tokenize::fold_compact).collect();
        self.score_with(kept.len(), avg_chars, &mut |p| {
            if p.is_empty() || p.len() > kept.len() {
                0
            } else {
                kept.windows(p.len()).filter(|w| *w == p).count()
            }
        })
    }

    /// [`Matcher::score`] of a text of `kept_len` kept characters in which
    /// phrase `p` occurs `tf(p)` times (`p` one of [`Matcher::phrases`]).
    pub fn score_with(
        &self,
        kept_len: usize,
        avg_chars: f32,
        tf: &mut dyn FnMut(&[char]) -> usize,
    ) -> Option<f32> {
        let norm = 0.25 + 0.75 * kept_len as f32 / avg_chars.max(1.0);
        eval(self.expr.as_ref()?, norm, tf)
    }

    /// Every phrase the query reads (negated ones too), in kept
    /// characters.
    pub fn phrases(&self) -> Vec<&[char]> {
        fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a [char]>) {
            match e {
                Expr::Phrase(p) => {
                    if !out.contains(&p.as_slice()) {
                        out.push(p);
                    }
                }
                Expr::Bool { must, should, not } => {
                    for x in must.iter().chain(should).chain(not) {
                        walk(x, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        if let Some(e) = &self.expr {
            walk(e, &mut out);
        }
        out
    }
}

fn phrase(w: &str) -> Option<Expr> {
    let k: Vec<char> = tokenize::kept_text(w).chars().collect();
    (!k.is_empty()).then_some(Expr::Phrase(k))
}

/// The query grammar's tree as the parser reads it (no occur: required).
fn from_ast(ast: tantivy::query_grammar::UserInputAst) -> Option<Expr> {
    use tantivy::query_grammar::{Occur as O, UserInputAst, UserInputLeaf};
    match ast {
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(l) => phrase(&l.phrase),
            _ => None,
        },
        UserInputAst::Boost(inner, _) => from_ast(*inner),
        UserInputAst::Clause(children) => {
            let (mut must, mut should, mut not) = (Vec::new(), Vec::new(), Vec::new());
            for (occur, child) in children {
                let Some(e) = from_ast(child) else { continue };
                match occur {
                    None | Some(O::Must) => must.push(e),
                    Some(O::Should) => should.push(e),
                    Some(O::MustNot) => not.push(e),
                }
            }
            (!must.is_empty() || !should.is_empty()).then_some(Expr::Bool { must, should, not })
        }
    }
}

fn eval(e: &Expr, norm: f32, tf: &mut dyn FnMut(&[char]) -> usize) -> Option<f32> {
    match e {
        Expr::Phrase(p) => {
            let tf = tf(p);
            (tf > 0).then(|| {
                let tf = tf as f32;
                tf * 2.2 / (tf + 1.2 * norm)
            })
        }
        Expr::Bool { must, should, not } => {
            if not.iter().any(|x| eval(x, norm, tf).is_some()) {
                return None;
            }
            let mut score = 0.0;
            for m in must {
                score += eval(m, norm, tf)?;
            }
            let mut any = false;
            for s in should {
                if let Some(x) = eval(s, norm, tf) {
                    score += x;
                    any = true;
                }
            }
            (!must.is_empty() || any).then_some(score)
        }
    }
}

/// The words and quoted phrases of a query that must or may match (those
/// after `-` or `NOT` left out; `AND`, `OR`, `+` and parentheses dropped).
pub fn positive_phrases(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = q;
    let mut negate_next = false;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let negated = std::mem::take(&mut negate_next);
        let (word, tail, quoted) = if let Some(r) = rest.strip_prefix('"') {
            match r.find('"') {
                Some(i) => (&r[..i], &r[i + 1..], true),
                None => (r, "", true),
            }
        } else {
            let i = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..i], &rest[i..], false)
        };
        rest = tail;
        if !quoted && word == "NOT" {
            negate_next = true;
            continue;
        }
        if !quoted && matches!(word, "AND" | "OR") {
            continue;
        }
        if negated || (!quoted && word.starts_with('-')) {
            continue;
        }
        let w: String = word
            .chars()
            .filter(|c| !matches!(c, '(' | ')' | '+' | '"'))
            .collect();
        if !tokenize::kept_text(&w).is_empty() && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

fn boost(q: Box<dyn Query>, b: f32) -> Box<dyn Query> {
    if (b - 1.0).abs() > f32::EPSILON {
        Box::new(BoostQuery::new(q, b))
    } else {
        q
    }
}

/// Plain words on one field: every (or any) whitespace-separated word,
/// syntax characters removed.
fn words_query(q: &str, f: &TextField, all: bool) -> Option<Box<dyn Query>> {
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
    let occur = if all { Occur::Must } else { Occur::Should };
    let clauses: Vec<(Occur, Box<dyn Query>)> = plain
        .split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT"))
        .filter_map(|w| field_query(f, w))
        .map(|q| (occur, q))
        .collect();
    if clauses.is_empty() {
        None
    } else {
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

/// The query of one word on one field (a term or a phrase of its tokens).
fn field_query(f: &TextField, word: &str) -> Option<Box<dyn Query>> {
    let toks = match f.tok {
        Tok::Ngram => tokenize::ngram_tokens(word),
        Tok::Jieba => tokenize::jieba_query_tokens(word),
        Tok::Bigram { chars } => {
            let t = tokenize::ngram_tokens(word);
            if let [one] = t.as_slice() {
                if one.text.chars().count() == 1 {
                    let term = Term::from_field_text(chars, &one.text);
                    return Some(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
                }
            }
            t
        }
    };
    let mut terms: Vec<(usize, Term)> = toks
        .into_iter()
        .map(|t| (t.position, Term::from_field_text(f.field, &t.text)))
        .collect();
    match terms.len() {
        0 => None,
        1 => {
            let (_, t) = terms.remove(0);
            Some(Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)))
        }
        _ => Some(Box::new(PhraseQuery::new_with_offset(terms))),
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
/// `廊政办〔2015〕11号` (`gongwen_core::grammar::docnum::canonical`); a number
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
        let n =
            gongwen_core::grammar::docnum::parse_exact(&format!("{prefix}〔{year}〕{serial}号"))?;
        return Some(gongwen_core::grammar::docnum::canonical(&n));
    }
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    let n = gongwen_core::grammar::docnum::parse_exact(&compact)?;
    Some(gongwen_core::grammar::docnum::canonical(&n))
}

/// The keys a document with 文号 `n` is found by: the canonical form and,
/// when it has an agency code, the form without it.
pub fn doc_number_keys(n: &gongwen_core::DocNumber) -> Vec<String> {
    let mut keys = vec![gongwen_core::grammar::docnum::canonical(n)];
    if n.prefix.is_some() && n.year.is_some() {
        let bare = gongwen_core::DocNumber {
            prefix: None,
            ..n.clone()
        };
        keys.push(gongwen_core::grammar::docnum::canonical(&bare));
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
    fn matcher_reads_the_query_like_the_index() {
        let m = |q: &str, t: &str| Matcher::new(q, false).score(t, 10.0).is_some();
        assert!(m("按职责分工负责", "各部门按职责\n分工，负责"));
        assert!(!m("停车秩序 公示收费标准", "公示收费标准"));
        assert!(m("停车 OR 收费", "收费标准"));
        assert!(!m("停车 -收费", "停车收费"));
        assert!(!m("停车 NOT 收费", "停车收费"));
        assert!(m("\"收费 标准\"", "收费标准"));
        assert!(m("(停车 收费", "停车收费"));
        assert!(!m("，。", "停车"));
        // Relaxed: the words in any order.
        let r = Matcher::new("公示收费标准的停车场", true);
        assert!(r.score("停车场应当公示收费标准", 10.0).is_some());
    }

    #[test]
    fn clip_cuts_long_queries() {
        let long = "字".repeat(1000);
        assert_eq!(clip(&long).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(clip("  a b "), "a b");
    }
}
