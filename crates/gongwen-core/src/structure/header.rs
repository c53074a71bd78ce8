//! Header (GB/T 9704 elements) of one document: issuers, 文号, title,
//! genre, addressees, signature, 成文日期, disclosure note, metadata.
//! Consumes the [`HeaderBlock`] found by the splitter and the document's
//! lines; never re-reads raw text.
//!
//! Values (issuers, title, 文号, addressees, signature) are taken from the
//! compact view: spaces removed, full-width digits and letters folded, and
//! the traditional characters listed in `patterns` folded to simplified
//! ones. So a traditional copy (`關於印發…的通知`) yields the simplified
//! title `关于印发…的通知`, which compares equal to other copies; the printed
//! text is never rewritten and stays at each field's span in the source.

use std::sync::LazyLock;

use regex::Regex;

use crate::grammar::dates;
use crate::grammar::patterns::{self, genre_of};
use crate::model::{Diagnostic, DocDate, Field, FieldSource, Header, Span};
use crate::source::pattern::regex;
use crate::source::text::SourceText;
use crate::structure::split::{Classifier, HeaderBlock, StartKind};

static SPLIT_UNITS: LazyLock<Regex> = LazyLock::new(|| regex(r"[，,、；;]"));

/// The enacting body named in the event line of a law or regulation
/// (`（2010年1月1日某某省第十一届人民代表大会常务委员会第十三次会议通过…）`,
/// `（…国务院令第300号公布…）`, `（…某某市人民政府第31次常务会议通过…）`).
/// The name is `place` + `org`.
static ENACTING_BODY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"日(?P<place>\p{Han}{0,12}?)(?:第[一二三四五六七八九十]{1,4}届)?(?P<org>全国人民代表大会常务委员会|全国人民代表大会|人民代表大会常务委员会|人民代表大会|国务院|人民政府)(?:第|令|常务会议|会议|全体会议)",
    )
});

/// Build the header of the document spanning lines `first..=last`
/// (0-based indices).
pub fn build(
    cls: &Classifier<'_, '_>,
    h: &HeaderBlock,
    first: usize,
    last: usize,
    default_issuer: Option<&str>,
    conflicts: &mut Vec<Diagnostic>,
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
        let canon = patterns::PAGE_METADATA_LABELS
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
            // A 文号 printed malformed (`某政办〔202215`) and given whole by
            // the metadata with the same agency code: the metadata's, the
            // printed one being a slip of the page.
            // A bare serial (`第293號`) completed by the metadata's whole
            // number with the same serial (`政府令〔2020〕293號`).
            "doc_number"
                if out.doc_number.as_ref().is_some_and(|f| {
                    f.value.serial.is_none()
                        || !f.value.raw.ends_with(['号', '號'])
                        || (f.value.prefix.is_none() && f.value.year.is_none())
                }) =>
            {
                // The value may run on into a cut label (`…15号性:有效`).
                let whole = crate::grammar::docnum::parse_exact(val)
                    .or_else(|| crate::grammar::docnum::parse_prefix(val).map(|(d, _)| d));
                if let Some(d) = whole {
                    let same_code = out.doc_number.as_ref().is_some_and(|f| {
                        (f.value.prefix.is_some() && f.value.prefix == d.prefix)
                            || (f.value.prefix.is_none()
                                && f.value.year.is_none()
                                && f.value.serial.is_some()
                                && f.value.serial == d.serial)
                    });
                    if same_code && d.serial.is_some() && d.raw.ends_with(['号', '號']) {
                        if let Some(printed) = &out.doc_number {
                            conflicts.push(Diagnostic::info(
                                "docnum-sources-differ",
                                printed.span.start_line,
                                format!("文号“{}”不完整，取元数据“{}”", printed.value.raw, d.raw),
                            ));
                        }
                        out.doc_number = Some(Field {
                            value: d,
                            span: span.clone(),
                            source: FieldSource::Metadata,
                        });
                    }
                }
            }
            "doc_number" if out.doc_number.is_none() => {
                let d = crate::grammar::docnum::parse_exact(val)
                    .or_else(|| crate::grammar::docnum::parse_prefix(val).map(|(d, _)| d));
                if let Some(d) = d {
                    out.doc_number = Some(Field {
                        value: d,
                        span: span.clone(),
                        source: FieldSource::Metadata,
                    });
                }
            }
            "date" if out.date.is_none() => {
                // `2024年04月06日16:40`: the date opening the value.
                let opening = dates::find_date(val)
                    .filter(|f| f.start == 0)
                    .map(|f| f.date);
                if let Some(d) = opening.or_else(|| iso_date(val)) {
                    out.date = Some(Field {
                        value: d,
                        span: span.clone(),
                        source: FieldSource::Metadata,
                    });
                }
            }
            "title" if out.title.is_none() && !val.is_empty() => {
                let t = match crate::structure::split::issuer_title_split(val) {
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
    if h.web_copy {
        if let Some(sig) = &sig {
            // GB/T 9704: the 成文日期 is the date under the signature; a web
            // copy's header and metadata dates are often the publication's.
            if let Some((d, li)) = &sig.date {
                if let Some(other) = out.date.as_ref().filter(|f| f.value.date != d.date) {
                    conflicts.push(Diagnostic::info(
                        "date-sources-differ",
                        li + 1,
                        format!(
                            "成文日期取落款日期“{}”；{}（第{}行）为“{}”",
                            d.raw,
                            source_name(other.source),
                            other.span.start_line,
                            other.value.raw
                        ),
                    ));
                }
                out.date = Some(Field {
                    value: d.clone(),
                    span: span_line(*li),
                    source: FieldSource::Signature,
                });
            }
            // The organs signed in full win over a short title prefix
            // (`市政府关于…` signed `某某市人民政府`).
            let organs: Vec<&(usize, String)> = sig
                .names
                .iter()
                .filter(|(_, n)| crate::structure::split::issuer_name(n) || is_organ(n))
                .collect();
            let same = organs.len() == out.issuers.len()
                && organs.iter().zip(&out.issuers).all(|(a, b)| a.1 == b.value);
            if !organs.is_empty() && organs.len() == sig.names.len() && !same {
                if let Some(first) = out.issuers.first() {
                    conflicts.push(Diagnostic::info(
                        "issuer-sources-differ",
                        first.span.start_line,
                        format!(
                            "发文机关取落款“{}”；{}为“{}”",
                            organs
                                .iter()
                                .map(|(_, n)| n.as_str())
                                .collect::<Vec<_>>()
                                .join("、"),
                            source_name(first.source),
                            out.issuers
                                .iter()
                                .map(|f| f.value.as_str())
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                    ));
                }
                out.issuers = organs
                    .iter()
                    .map(|(li, n)| Field {
                        value: n.clone(),
                        span: span_line(*li),
                        source: FieldSource::Signature,
                    })
                    .collect();
            }
        }
    }
    if h.web_copy && sig.as_ref().is_none_or(|s| s.date.is_none()) {
        if let Some((d, li)) = flattened_signature_date(cls, &out, h.start, last) {
            out.date = Some(Field {
                value: d,
                span: span_line(li),
                source: FieldSource::Signature,
            });
        }
    }
    if let Some(sig) = &sig {
        for (li, name) in &sig.names {
            out.signature.push(Field {
                value: name.clone(),
                span: span_line(*li),
                source: FieldSource::Signature,
            });
        }
        if let (None, Some((d, li))) = (&out.date, &sig.date) {
            out.date = Some(Field {
                value: d.clone(),
                span: span_line(*li),
                source: FieldSource::Signature,
            });
        }
    }

    // A law or regulation: the body named in its first event line.
    if out.issuers.is_empty() && h.kind == StartKind::Legislative {
        let from = h.title_lines.last().map(|t| t + 1).unwrap_or(h.start);
        for i in from..h.body_start.min(src.len()) {
            if let Some(name) = enacting_body(cls_compact(src, i)) {
                out.issuers.push(Field {
                    value: name,
                    span: span_line(i),
                    source: FieldSource::Inferred,
                });
                break;
            }
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

    // Genre from the text's formulas when no title names it.
    if out.genre.is_none() {
        'lines: for i in h.body_start..=last.min(src.len().saturating_sub(1)) {
            let c = cls_compact(src, i);
            for (formula, genre) in patterns::GENRE_FORMULAS {
                if c.contains(formula) {
                    out.genre = Some(genre.to_string());
                    break 'lines;
                }
            }
        }
    }

    // Disclosure note (附注).
    for i in h.body_start..=last.min(src.len().saturating_sub(1)) {
        if let Some(inner) = disclosure_note(cls_compact(src, i)) {
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

/// Values as printed: a traditional-character copy keeps its script in its
/// fields (issuers, title, 文号, signature), while matching reads the
/// compact view, which folds it. Run after every stage that matches the
/// header's values against the text.
pub fn print_fields(src: &SourceText<'_>, out: &mut Header) {
    // The value's own lines, else a few lines around them (a value joined
    // from a neighbouring line, a cleaned title).
    let printed = |f: &Span, v: &str| {
        src.printed(f.start_line, f.end_line, v).or_else(|| {
            (f.start_line.saturating_sub(2).max(1)..=f.end_line + 2)
                .find_map(|l| src.printed(l, (l + 2).min(f.end_line + 2), v))
        })
    };
    for f in out.issuers.iter_mut().chain(out.signature.iter_mut()) {
        if let Some(p) = printed(&f.span, &f.value) {
            f.value = p;
        }
    }
    if let Some(f) = out.title.as_mut() {
        if let Some(p) = printed(&f.span, &f.value) {
            f.value = p;
        }
    }
    if let Some(f) = out.doc_number.as_mut() {
        if let Some(p) = printed(&f.span, &f.value.raw) {
            f.value.raw = p;
        }
    }
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
    /// The date line under the names and its line; `None` for a signature
    /// printed without a date (the date then comes from the header).
    date: Option<(DocDate, usize)>,
}

/// Find the signature: the first date line preceded by an issuer name (or a
/// signatory such as `市长冯韶慧`); failing that, issuer lines printed
/// without a date at the end of the text (before a disclosure note,
/// attachments or 抄送), with the first bare date line, if any, as the date.
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
    let mut fallback: Option<(DocDate, usize)> = None;
    let date_line = if h.web_copy {
        web_signature_date
    } else {
        dates::date_line
    };
    for i in from..=last {
        let c = cls_compact(src, i);
        let Some(d) = date_line(c) else {
            continue;
        };
        let mut names = signature_names_above(cls, i, from, header);
        if let Some(cols) = column_signature(cls, i, from) {
            names = cols;
        }
        if !names.is_empty() {
            return Some(Signature {
                names,
                date: Some((d, i)),
            });
        }
        if fallback.is_none() {
            fallback = Some((d, i));
        }
    }
    // A signature without a date: issuer lines closing the text.
    for i in from..=last {
        let c = cls_compact(src, i);
        if !is_signature_line(cls, i, header) {
            continue;
        }
        let closes = match cls.next_content(i + 1).filter(|&n| n <= last) {
            None => true,
            Some(n) => {
                let cn = cls_compact(src, n);
                is_disclosure_line(cn)
                    || cn.starts_with("附件")
                    || cn.starts_with("抄送")
                    || (c != cn && is_signature_line(cls, n, header))
            }
        };
        if !closes {
            continue;
        }
        let mut names = signature_names_above(cls, i, from, header);
        names.extend(signature_names(cls, i));
        // Joint signatures: take the following issuer lines too.
        let mut k = i;
        while let Some(n) = cls.next_content(k + 1).filter(|&n| n <= last) {
            if names.len() >= 8 || !is_signature_line(cls, n, header) {
                break;
            }
            names.extend(signature_names(cls, n));
            k = n;
        }
        return Some(Signature {
            names,
            date: fallback,
        });
    }
    fallback.map(|d| Signature {
        names: Vec::new(),
        date: Some(d),
    })
}

/// The signature date of a flattened copy (the whole text on a few long
/// lines): the first date printed right after an organ's name — one of
/// the header's issuers or a name ending in an agency suffix
/// (`…某某市人民政府二〇〇六年四月二十日…`).
fn flattened_signature_date(
    cls: &Classifier<'_, '_>,
    header: &Header,
    from: usize,
    last: usize,
) -> Option<(DocDate, usize)> {
    let src = cls.src;
    for i in from..=last.min(src.len().saturating_sub(1)) {
        let c = cls_compact(src, i);
        if !(c.contains('年') && c.contains('日')) {
            continue;
        }
        for f in dates::find_dates(c) {
            let before = &c[..f.start];
            let after = &c[f.end..];
            let signed = header
                .issuers
                .iter()
                .any(|x| before.ends_with(x.value.as_str()))
                || ends_with_organ(before)
                || ends_with_signatory(before)
                // `…请认真贯彻执行。二〇〇六年四月二十日`: a date in Chinese
                // numerals closing a sentence is the signature's; in Arabic
                // digits, when nothing follows it.
                || (before.ends_with('。')
                    && (!f.date.raw.starts_with(|ch: char| ch.is_ascii_digit())
                        || after.is_empty()));
            let continues = patterns::DATE_IN_SENTENCE_FOLLOWERS
                .iter()
                .any(|w| after.starts_with(w));
            if signed && !continues {
                return Some((f.date, i));
            }
        }
    }
    None
}

/// Does the text end with an organ's name (`…名单常州市第十六届运动会组委会`)?
fn ends_with_organ(before: &str) -> bool {
    patterns::agency_suffix(before).is_some()
        && before
            .char_indices()
            .rev()
            .skip(2)
            .take(24)
            .any(|(p, _)| crate::structure::split::issuer_name(&before[p..]))
}

/// Does the text end with a signatory and their name (`…部长李盛霖`)?
fn ends_with_signatory(before: &str) -> bool {
    before
        .char_indices()
        .rev()
        .skip(3)
        .take(3)
        .any(|(p, _)| crate::structure::split::is_signatory_line(&before[p..]))
}

/// A joint signature printed in columns over two lines
/// (`广西壮族自治区　　广西壮族自治区` / `发展和改革委员会　　文化和旅游厅`):
/// each column read top to bottom is one organ. Line `i` is the date line.
fn column_signature(
    cls: &Classifier<'_, '_>,
    i: usize,
    from: usize,
) -> Option<Vec<(usize, String)>> {
    let lower = cls.prev_content(i)?;
    let upper = cls.prev_content(lower)?;
    if upper < from {
        return None;
    }
    let cols = |k: usize| -> Vec<String> {
        cls.src.lines.get(k).map_or(Vec::new(), |l| {
            l.text
                .split("  ")
                .map(crate::source::text::compact)
                .filter(|p| !p.is_empty())
                .collect()
        })
    };
    let (a, b) = (cols(upper), cols(lower));
    if a.len() < 2 || a.len() != b.len() {
        return None;
    }
    let names: Vec<(usize, String)> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (lower, format!("{x}{y}")))
        .collect();
    names
        .iter()
        .all(|(_, n)| crate::structure::split::issuer_name(n))
        .then_some(names)
}

/// The name of a field's source in a diagnostic.
fn source_name(s: FieldSource) -> &'static str {
    match s {
        FieldSource::Metadata => "网页元数据",
        FieldSource::Signature => "落款",
        FieldSource::Inferred => "推断",
        _ => "版头",
    }
}

/// A web copy's signature date line: a loose date, possibly after the
/// disclosure note on the same line (`（此件发至乡）　　2017年6月13日`).
fn web_signature_date(c: &str) -> Option<DocDate> {
    if let Some(inner) = c.strip_prefix(['（', '(']) {
        if let Some(close) = inner.find(['）', ')']) {
            if inner[..close].contains("此件") {
                let rest = &inner[close..];
                let rest = rest.trim_start_matches(['）', ')']);
                return dates::loose_date_line(rest);
            }
        }
    }
    dates::loose_date_line(c)
}

/// A department name signed without a place (`民政部`, `国家文物局`,
/// `生态环境部办公厅`): an agency suffix, a short name, no punctuation.
fn is_organ(n: &str) -> bool {
    let len = n.chars().count();
    let internal_unit = patterns::SIGNING_UNIT_SUFFIXES
        .iter()
        .any(|x| n.ends_with(x))
        && !n.ends_with("公司");
    (3..=30).contains(&len)
        && (patterns::agency_suffix(n).is_some() || internal_unit)
        && !n.contains(|c: char| "，。：:；、《》“”,.()（）|".contains(c) || c.is_ascii_digit())
        && !crate::structure::split::is_signatory_line(n)
}

/// Is line `i` a signature name: an issuer name, one of the header's
/// issuers, or a signatory (`市长冯韶慧`)?
fn is_signature_line(cls: &Classifier<'_, '_>, i: usize, header: &Header) -> bool {
    let c = cls_compact(cls.src, i);
    !c.is_empty()
        && (cls.issuer_parts(i).is_some()
            || header.issuers.iter().any(|f| f.value == c)
            || crate::structure::split::is_signatory_line(c)
            || (is_organ(c)
                && cls.next_content(i + 1).is_some_and(|n| {
                    dates::loose_date_line(cls_compact(cls.src, n)).is_some()
                        || is_organ(cls_compact(cls.src, n))
                })))
}

/// Signature names on the content lines just above line `i` (not before
/// `from - 1`), top to bottom.
fn signature_names_above(
    cls: &Classifier<'_, '_>,
    i: usize,
    from: usize,
    header: &Header,
) -> Vec<(usize, String)> {
    let mut names = Vec::new();
    let mut k = i;
    // `（此件发至乡）` printed between the organs and the date.
    if let Some(p) = cls.prev_content(k) {
        let cp = cls_compact(cls.src, p);
        if cp.starts_with(['（', '(']) && cp.contains("此件") && cp.chars().count() <= 30 {
            k = p;
        }
    }
    while let Some(p) = cls.prev_content(k) {
        if p < from.saturating_sub(1) || names.len() >= 8 || !is_signature_line(cls, p, header) {
            break;
        }
        names.splice(0..0, signature_names(cls, p));
        k = p;
    }
    names
}

/// The names signed on line `i`: several for a joint signature printed on
/// one line, else the whole line.
fn signature_names(cls: &Classifier<'_, '_>, i: usize) -> Vec<(usize, String)> {
    match cls.issuer_parts(i) {
        Some(parts) => parts.into_iter().map(|(n, _, _)| (i, n)).collect(),
        None => vec![(i, cls_compact(cls.src, i).to_string())],
    }
}

/// `（此件公开发布）` and the other disclosure notes (附注).
fn disclosure_note(c: &str) -> Option<&str> {
    let inner = c
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    (c.len() < 40 && patterns::DISCLOSURE_NOTES.contains(&inner)).then_some(inner)
}

fn is_disclosure_line(c: &str) -> bool {
    disclosure_note(c).is_some()
}

/// The enacting body of the first event in a law's event line.
fn enacting_body(c: &str) -> Option<String> {
    let caps = ENACTING_BODY.captures(c)?;
    let org = caps.name("org")?.as_str();
    let place = caps.name("place").map(|m| m.as_str()).unwrap_or("");
    let place = place.strip_prefix("中华人民共和国").unwrap_or(place);
    if org.starts_with("全国") || org == "国务院" {
        return Some(org.to_string());
    }
    if place.is_empty() {
        return None;
    }
    Some(format!("{place}{org}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    crate::source::pattern::force_patterns!(SPLIT_UNITS, ENACTING_BODY);

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
