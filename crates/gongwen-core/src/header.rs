//! Header (GB/T 9704 elements) of one document: issuers, 文号, title,
//! genre, addressees, signature, 成文日期, disclosure note, metadata.
//! Consumes the [`HeaderBlock`] found by the splitter and the document's
//! lines; never re-reads raw text.

use std::sync::LazyLock;

use regex::Regex;

use crate::dates;
use crate::model::{DocDate, DocNumber, Field, FieldSource, Header, Span};
use crate::patterns::{self, genre_of};
use crate::split::{issuer_name, Classifier, HeaderBlock, StartKind};
use crate::text::SourceText;

static SPLIT_UNITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[，,、；;]").expect("constant pattern"));

/// Build the header of the document spanning lines `first..=last`
/// (0-based indices).
pub fn build(
    cls: &Classifier<'_, '_>,
    h: &HeaderBlock,
    first: usize,
    last: usize,
    default_issuer: Option<&str>,
) -> Header {
    let src = cls.src;
    let mut out = Header::default();
    let span_line = |i: usize| src.span_lines(i + 1, i + 1);

    // Issuers.
    for (li, name, cs, ce) in &h.issuers {
        let span = match src.lines.get(*li) {
            Some(l) => src.span_compact(l, *cs, *ce),
            None => span_line(*li),
        };
        out.issuers.push(Field {
            value: name.clone(),
            span,
            source: FieldSource::Header,
        });
    }

    // Title and genre.
    if let Some(t) = &h.title {
        let span = match (h.title_lines.first(), h.title_lines.last()) {
            (Some(a), Some(b)) => src.span_lines(a + 1, b + 1),
            _ => span_line(h.start),
        };
        out.title = Some(Field {
            value: t.clone(),
            span,
            source: if h.kind == StartKind::Metadata {
                FieldSource::Metadata
            } else {
                FieldSource::Header
            },
        });
        out.genre = genre_of(t).map(str::to_string);
    }

    // 文号.
    if let Some((li, d, cs, ce)) = &h.doc_number {
        let span = match src.lines.get(*li) {
            Some(l) => src.span_compact(l, *cs, *ce),
            None => span_line(*li),
        };
        out.doc_number = Some(Field {
            value: d.clone(),
            span,
            source: FieldSource::Header,
        });
    }

    // Header date (文号 line or date line of the header).
    if let Some((li, d, s)) = &h.date {
        out.date = Some(Field {
            value: d.clone(),
            span: span_line(*li),
            source: *s,
        });
    }

    // Addressees.
    if let Some((a, b, text)) = &h.addressee {
        let span = src.span_lines(a + 1, b + 1);
        let body = text.trim_end_matches(['：', ':']);
        for unit in split_units(body) {
            out.addressees.push(Field {
                value: unit,
                span: span.clone(),
                source: FieldSource::Header,
            });
        }
    }

    // Metadata block fills what the header did not print.
    for (li, key, val) in &h.metadata {
        let span = span_line(*li);
        out.metadata.push(Field {
            value: (key.clone(), val.clone()),
            span: span.clone(),
            source: FieldSource::Metadata,
        });
        let canon = patterns::METADATA_LABELS
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, c)| *c)
            .unwrap_or("");
        match canon {
            "issuer" if out.issuers.is_empty() && !val.is_empty() => {
                for unit in split_units(val) {
                    out.issuers.push(Field {
                        value: unit,
                        span: span.clone(),
                        source: FieldSource::Metadata,
                    });
                }
            }
            "doc_number" if out.doc_number.is_none() => {
                if let Some(d) = crate::docnum::parse_exact(val) {
                    out.doc_number = Some(Field {
                        value: d,
                        span: span.clone(),
                        source: FieldSource::Metadata,
                    });
                }
            }
            "date" if out.date.is_none() => {
                if let Some(d) = dates::date_line(val).or_else(|| iso_date(val)) {
                    out.date = Some(Field {
                        value: d,
                        span: span.clone(),
                        source: FieldSource::Metadata,
                    });
                }
            }
            "title" if out.title.is_none() && !val.is_empty() => {
                let t = match crate::split::issuer_title_split(val) {
                    Some(p) => val[p..].to_string(),
                    None => val.clone(),
                };
                out.genre = genre_of(&t).map(str::to_string);
                out.title = Some(Field {
                    value: t,
                    span: span.clone(),
                    source: FieldSource::Metadata,
                });
            }
            _ => {}
        }
    }

    // Signature block and 成文日期 in the text.
    let sig = find_signature(cls, h, first, last, &out);
    if let Some(sig) = &sig {
        for (li, name) in &sig.names {
            out.signature.push(Field {
                value: name.clone(),
                span: span_line(*li),
                source: FieldSource::Signature,
            });
        }
        if out.date.is_none() {
            out.date = Some(Field {
                value: sig.date.clone(),
                span: span_line(sig.date_line),
                source: FieldSource::Signature,
            });
        }
    }

    // Inferred issuer (规章 promulgated by the mayor; laws).
    if out.issuers.is_empty() {
        if let Some(name) =
            infer_issuer(out.title.as_ref().map(|f| f.value.as_str()), default_issuer)
        {
            out.issuers.push(Field {
                value: name,
                span: span_line(h.start),
                source: FieldSource::Inferred,
            });
        }
    }

    // Disclosure note (附注).
    for i in h.body_start..=last.min(src.len().saturating_sub(1)) {
        let c = cls_compact(src, i);
        let inner = c
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        if c.len() < 40 && patterns::DISCLOSURE_NOTES.contains(&inner) {
            out.disclosure = Some(Field {
                value: inner.to_string(),
                span: span_line(i),
                source: FieldSource::Signature,
            });
            break;
        }
    }
    out
}

fn cls_compact<'a>(src: &'a SourceText<'_>, i: usize) -> &'a str {
    src.lines.get(i).map(|l| l.compact.as_str()).unwrap_or("")
}

/// Split an addressee or issuer list into units (top-level separators only:
/// `各县（市、区）人民政府` stays one unit).
pub fn split_units(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for ch in s.chars() {
        match ch {
            '（' | '(' | '《' | '〔' | '[' => depth += 1,
            '）' | ')' | '》' | '〕' | ']' => depth -= 1,
            _ => {}
        }
        let mut buf = [0u8; 4];
        if depth <= 0 && SPLIT_UNITS.is_match(ch.encode_utf8(&mut buf)) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push(ch);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn iso_date(s: &str) -> Option<DocDate> {
    let d = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(DocDate {
        raw: s.to_string(),
        date: Some(d),
        malformed: false,
    })
}

/// The signature block (发文机关署名 + 成文日期).
struct Signature {
    names: Vec<(usize, String)>,
    date: DocDate,
    date_line: usize,
}

/// Find the signature: the first date line preceded by an issuer name (or a
/// signatory such as `市长冯韶慧`); failing that, the first date line.
fn find_signature(
    cls: &Classifier<'_, '_>,
    h: &HeaderBlock,
    first: usize,
    last: usize,
    header: &Header,
) -> Option<Signature> {
    let src = cls.src;
    let from = if h.kind == StartKind::Promulgation {
        first
    } else {
        h.body_start
    };
    let last = last.min(src.len().saturating_sub(1));
    let mut fallback: Option<Signature> = None;
    for i in from..=last {
        let c = cls_compact(src, i);
        let Some(d) = dates::date_line(c) else {
            continue;
        };
        let mut names = Vec::new();
        let mut k = i;
        while let Some(p) = cls.prev_content(k) {
            if p < from.saturating_sub(1) || names.len() >= 4 {
                break;
            }
            let cp = cls_compact(src, p);
            let is_sig = issuer_name(cp)
                || header.issuers.iter().any(|f| f.value == cp)
                || crate::split::is_signatory_line(cp);
            if !is_sig {
                break;
            }
            names.insert(0, (p, cp.to_string()));
            k = p;
        }
        let sig = Signature {
            names,
            date: d,
            date_line: i,
        };
        if !sig.names.is_empty() {
            return Some(sig);
        }
        if fallback.is_none() {
            fallback = Some(sig);
        }
    }
    fallback
}

/// Issuer of a document that prints none: the government of the place its
/// title names (`廊坊市区养犬管理规定` → 廊坊市人民政府), else the file's most
/// common top-level issuer.
fn infer_issuer(title: Option<&str>, default_issuer: Option<&str>) -> Option<String> {
    if let Some(t) = title {
        for (i, ch) in t.char_indices() {
            if matches!(ch, '省' | '市' | '县') && (3..=15).contains(&i) {
                return Some(format!("{}人民政府", &t[..i + ch.len_utf8()]));
            }
        }
    }
    default_issuer.map(str::to_string)
}

/// A doc number's span is a whole-line span; helper for callers.
pub fn doc_number_of(h: &Header) -> Option<&DocNumber> {
    h.doc_number.as_ref().map(|f| &f.value)
}

/// Span helper kept for API symmetry.
pub fn title_span(h: &Header) -> Option<&Span> {
    h.title.as_ref().map(|f| &f.span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_split_at_top_level_only() {
        assert_eq!(
            split_units("各县（市、区）人民政府，廊坊开发区管委会，市政府各部门"),
            vec!["各县（市、区）人民政府", "廊坊开发区管委会", "市政府各部门"]
        );
    }

    #[test]
    fn infer_from_title() {
        assert_eq!(
            infer_issuer(Some("廊坊市区养犬管理规定"), None).as_deref(),
            Some("廊坊市人民政府")
        );
    }
}
