//! The whole parse: bytes → documents. Pure and panic-free.

use std::collections::HashMap;

use crate::grammar::titles::normalize_title;
use crate::model::{Diagnostic, Document, Facts, Fingerprint, ParsedFile, TocEntry};
use crate::source::decode::{decode, DecodeError};
use crate::source::text::{OffsetMap, SourceText};
use crate::structure::body;
use crate::structure::header;
use crate::structure::outline::parse_outline_with_tables;
use crate::structure::paragraphs::{DocParagraphs, Paragraph};
use crate::structure::split::{Classifier, HeaderBlock, StartKind};
use crate::structure::tables::parse_tables;

/// What a parse computes beyond the document structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Extract facts (references, clauses, assignments, targets).
    pub facts: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { facts: true }
    }
}

/// Decode and parse one file's bytes (structure and facts).
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<ParsedFile, DecodeError> {
    parse_bytes_with(file, bytes, ParseOptions::default())
}

/// Decode and parse one file's bytes with `opts`.
pub fn parse_bytes_with(
    file: &str,
    bytes: &[u8],
    opts: ParseOptions,
) -> Result<ParsedFile, DecodeError> {
    let d = decode(bytes)?;
    let mut p = parse_with_offsets(file, &d.text, d.offsets, opts);
    p.encoding = d.encoding.to_string();
    Ok(p)
}

/// Parse already-decoded UTF-8 text (offsets are text offsets).
pub fn parse_text(file: &str, text: &str) -> ParsedFile {
    parse_with_offsets(file, text, OffsetMap::Identity, ParseOptions::default())
}

/// The facts of one document (a stage after structure: it reads the
/// document's paragraphs, outline and tables).
pub fn extract_facts(src: &SourceText<'_>, doc: &Document) -> Facts {
    extract_facts_from(src, doc, &document_paragraphs(src, doc))
}

/// The paragraphs of `doc`, whole and body.
pub fn document_paragraphs<'s>(src: &'s SourceText<'_>, doc: &Document) -> DocParagraphs<'s> {
    DocParagraphs::new(
        src,
        doc.span.start_line,
        doc.body_start_line,
        doc.span.end_line,
    )
}

/// [`extract_facts`] over the document's paragraphs `ps` (from
/// [`document_paragraphs`]): they are joined once and read by every
/// extractor (the clauses read the whole document, the others its body).
pub fn extract_facts_from(src: &SourceText<'_>, doc: &Document, ps: &DocParagraphs<'_>) -> Facts {
    let body = ps.body();
    Facts {
        references: crate::facts::references::extract_from(src, doc, body),
        clauses: crate::facts::clauses::extract_from(src, doc, ps.whole()),
        assignments: crate::facts::assignments::extract_from(src, doc, body),
        targets: crate::facts::targets::extract_from(src, doc, body),
        fingerprints: fingerprints(src, body),
    }
}

/// Paragraphs shorter than this (chars) get no fingerprint: short lines
/// (headings, 请认真贯彻执行。) repeat everywhere and mean nothing.
pub const FINGERPRINT_MIN_CHARS: usize = 20;

/// XXH3, 64 bit, seed 0 (`xxhash-rust`): a specified, stable hash (std's
/// SipHash is keyed per process, and fingerprints are stored), and one that
/// reads 8+ bytes at a time — the byte-serial FNV-1a used before cost as
/// much as a whole extractor.
fn paragraph_hash(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

fn fingerprints(src: &SourceText<'_>, body: &[Paragraph]) -> Vec<Fingerprint> {
    body.iter()
        .filter_map(|p| {
            // Fewer bytes than the minimum is fewer chars: not counted.
            if p.text.len() < FINGERPRINT_MIN_CHARS {
                return None;
            }
            let chars = p.text.chars().count();
            (chars >= FINGERPRINT_MIN_CHARS).then(|| {
                let span = p.span(src, 0, p.text.len());
                Fingerprint {
                    hash: paragraph_hash(&p.text),
                    chars,
                    start_byte: span.start_byte,
                    end_byte: span.end_byte,
                    start_line: span.start_line,
                    end_line: span.end_line,
                }
            })
        })
        .collect()
}

/// Find all document starts with their header blocks.
fn find_blocks(cls: &Classifier<'_, '_>) -> Vec<HeaderBlock> {
    let n = cls.src.len();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < n {
        match cls.detect(i) {
            Some(h) => {
                i = h.body_start.max(i + 1);
                blocks.push(h);
            }
            None => i += 1,
        }
    }
    if !crate::structure::page::holds_several(&blocks) {
        if let Some(h) = crate::structure::page::identify(cls, blocks.first()) {
            return vec![h];
        }
    }
    if blocks.is_empty() {
        if let Some(first) = cls.next_content(0) {
            let mut h = fallback_block(cls, first);
            h.kind = StartKind::Fallback;
            blocks.push(h);
        }
    }
    blocks
}

/// A file with no recognisable header: one document, its first content line
/// taken as the title (issuer prefix removed when present).
fn fallback_block(cls: &Classifier<'_, '_>, first: usize) -> HeaderBlock {
    let c = cls
        .src
        .lines
        .get(first)
        .map(|l| l.compact.clone())
        .unwrap_or_default();
    let mut h = HeaderBlock::new(StartKind::Fallback, first);
    h.title_lines = vec![first];
    let title = match crate::structure::split::issuer_title_split(&c) {
        Some(p) => {
            h.issuers.push((first, c[..p].to_string(), 0, p));
            c[p..].to_string()
        }
        None => c,
    };
    if title.chars().count() <= 80 && !title.ends_with('。') {
        h.title = Some(title);
    } else {
        h.title_lines.clear();
        h.body_start = first;
    }
    h
}

fn parse_with_offsets(
    file: &str,
    text: &str,
    offsets: OffsetMap,
    opts: ParseOptions,
) -> ParsedFile {
    let src = SourceText::new(file, text, offsets);
    let cls = Classifier::new(&src);
    let blocks = find_blocks(&cls);
    let n = src.len();

    // Most common printed issuer: default for documents that print none.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for b in &blocks {
        if let Some((_, name, _, _)) = b.issuers.first() {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    let default_issuer = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.to_string());

    let mut documents = Vec::with_capacity(blocks.len());
    for (k, h) in blocks.iter().enumerate() {
        let end_excl = blocks.get(k + 1).map(|b| b.start).unwrap_or(n);
        let first = h.start;
        let last = (first..end_excl)
            .rev()
            .find(|&i| !src.lines[i].is_blank() && !cls.running_head[i])
            .unwrap_or(first);
        let mut d = build_document(&cls, h, k, first, last, default_issuer.as_deref());
        // Facts right after the document's structure, while its lines are
        // still in cache.
        if opts.facts {
            let ps = document_paragraphs(&src, &d);
            d.facts = extract_facts_from(&src, &d, &ps);
            // Editor's checks that need the text (brackets, attachments).
            let extra = crate::checks::source_diagnostics_from(&src, &d, ps.body());
            d.diagnostics.extend(extra);
        }
        documents.push(d);
    }

    let mut diagnostics = Vec::new();
    let toc = reconcile_toc(&cls, &documents, &mut diagnostics);
    let running_heads = (0..n)
        .filter(|&i| cls.running_head[i])
        .map(|i| src.span_lines(i + 1, i + 1))
        .collect();
    ParsedFile {
        file: src.file.clone(),
        encoding: "UTF-8".to_string(),
        line_count: n,
        documents,
        toc,
        running_heads,
        diagnostics,
    }
}

fn build_document(
    cls: &Classifier<'_, '_>,
    h: &HeaderBlock,
    ordinal: usize,
    first: usize,
    last: usize,
    default_issuer: Option<&str>,
) -> Document {
    let src = cls.src;
    let mut diagnostics = Vec::new();
    let header = header::build(cls, h, first, last, default_issuer, &mut diagnostics);
    if !h.clutter.is_empty() {
        let lines: Vec<String> = h.clutter.iter().map(|i| (i + 1).to_string()).collect();
        diagnostics.push(Diagnostic::info(
            "page-clutter",
            h.clutter[0] + 1,
            format!("网页杂项（不计入字段）：第{}行", lines.join("、")),
        ));
    }
    if let Some(d) = &header.date {
        if d.value.malformed {
            diagnostics.push(Diagnostic::warn(
                "date-malformed",
                d.span.start_line,
                format!("成文日期“{}”格式有误，按最可能的读法处理", d.value.raw),
            ));
        }
    } else {
        diagnostics.push(Diagnostic::info(
            "date-missing",
            first + 1,
            "未找到成文日期",
        ));
    }
    if h.kind == StartKind::Fallback {
        diagnostics.push(Diagnostic::info(
            "header-not-found",
            first + 1,
            "未识别出版头，整份文件作为一篇文档处理",
        ));
    }
    let body_start = h.body_start.min(last + 1).max(first);
    let interp = body::interpretations(cls, body_start, last);
    let main_last = interp
        .first()
        .map(|&i| i.saturating_sub(1))
        .unwrap_or(last)
        .max(body_start);
    let mut enclosed = body::enclosed(cls, &header, body_start, main_last, h.web_copy);
    // Printed forms: the enclosed title where its text prints it, else
    // where the cover title names it.
    for e in &mut enclosed {
        let spans = e
            .title_span
            .iter()
            .chain(header.title.as_ref().map(|f| &f.span));
        if let Some(p) = spans
            .filter_map(|s| src.printed(s.start_line, s.end_line, &e.title))
            .next()
        {
            e.title = p;
        }
    }
    let mut header = header;
    header::print_fields(src, &mut header);
    let attachments = body::attachments(cls, body_start, main_last, &mut diagnostics);
    let (tables, td) = if body_start <= last {
        parse_tables(src, body_start + 1, last + 1)
    } else {
        (Vec::new(), Vec::new())
    };
    let (outline, od) = if body_start <= main_last {
        parse_outline_with_tables(src, body_start + 1, main_last + 1, &tables)
    } else {
        (Vec::new(), Vec::new())
    };
    diagnostics.extend(od);
    diagnostics.extend(td);
    let interpretations = interp
        .iter()
        .map(|&i| src.span_lines(i + 1, i + 1))
        .collect();
    Document {
        ordinal,
        span: src.span_lines(first + 1, last + 1),
        header,
        enclosed,
        attachments,
        outline,
        tables,
        interpretations,
        body_start_line: body_start + 1,
        diagnostics,
        facts: Facts::default(),
    }
}

/// Match table-of-contents entries to documents (issuer + title).
fn reconcile_toc(
    cls: &Classifier<'_, '_>,
    docs: &[Document],
    diags: &mut Vec<Diagnostic>,
) -> Vec<TocEntry> {
    let src = cls.src;
    let keys: Vec<(String, String)> = docs
        .iter()
        .map(|d| {
            let iss: String = d.header.issuers.iter().map(|f| f.value.as_str()).collect();
            let t = d
                .header
                .title
                .as_ref()
                .map(|f| normalize_title(&f.value))
                .unwrap_or_default();
            (iss, t)
        })
        .collect();
    let mut out = Vec::new();
    for (line, text, page) in &cls.toc {
        let t = normalize_title(text);
        let matched = keys.iter().position(|(iss, title)| {
            !title.is_empty() && (t == format!("{iss}{title}") || t.ends_with(title.as_str()))
        });
        if matched.is_none() {
            diags.push(Diagnostic::warn(
                "toc-unmatched",
                line + 1,
                format!("目录条目“{text}”在正文中没有对应的文档"),
            ));
        }
        out.push(TocEntry {
            text: text.clone(),
            page: *page,
            span: src.span_lines(line + 1, line + 1),
            matched: matched.map(|k| docs[k].ordinal),
        });
    }
    if !cls.toc.is_empty() {
        for (k, d) in docs.iter().enumerate() {
            if !out.iter().any(|e| e.matched == Some(k)) {
                diags.push(Diagnostic::warn(
                    "toc-missing-entry",
                    d.span.start_line,
                    "此文档未列入目录",
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fingerprints are stored: the hash must stay the specified XXH3-64
    /// (seed 0), whose value for the empty input is published.
    #[test]
    fn paragraph_hash_is_xxh3_64() {
        assert_eq!(paragraph_hash(""), 0x2D06_8005_38D3_94C2);
        let a = "各县（市、区）人民政府，廊坊开发区管委会，市政府各部门：";
        let copy = String::from(a);
        assert_eq!(paragraph_hash(a), paragraph_hash(copy.as_str()));
        assert_ne!(paragraph_hash(a), paragraph_hash(&a.replace("各", "每")));
    }
}
