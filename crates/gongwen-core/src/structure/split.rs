//! Splitting a file into documents (分文): find every document start and
//! parse its header block (版头) — issuer lines, title lines, 文号 line,
//! date line, addressee — so that the boundary and the header come from the
//! same evidence.
//!
//! Start detectors, tried at each line in this order:
//! 1. website metadata block (索引号/发文机关/发文字号 … ≥ 3 labels);
//! 2. standard header: issuer line(s) → title lines ending in a genre →
//!    a 文号 line, a date line or an addressee line (issuer and title may
//!    share one line);
//! 3. promulgation sentence of a 规章 without header
//!    (`《X》已经…通过，现予公布…`);
//! 4. a law/regulation as published by a people's congress or the State
//!    Council (title line, then `（…会议通过…）` event lines).
//!
//! An issuer line followed by a date line is a signature, and an issuer
//! line followed by a title and then body text is the heading of an
//! enclosed text: neither starts a document.

use std::sync::LazyLock;

use regex::Regex;

use crate::grammar::dates::{self, find_date};
use crate::grammar::docnum;
use crate::grammar::patterns::{self, genre_of};
use crate::model::{DocDate, DocNumber, FieldSource};
use crate::source::pattern::regex;
use crate::source::text::{compact, is_space, Line, SourceText};

/// How a document start was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartKind {
    Standard,
    Metadata,
    Promulgation,
    Legislative,
    /// No header anywhere in the file: the whole file is one document.
    Fallback,
    /// A web copy: one document, its fields found from evidence (`page`).
    Page,
}

/// The parsed header block of one document (0-based line indices).
#[derive(Debug, Clone)]
pub struct HeaderBlock {
    pub kind: StartKind,
    /// First line of the document.
    pub start: usize,
    /// Issuer names (compact) with their line index and compact byte range.
    pub issuers: Vec<(usize, String, usize, usize)>,
    /// Lines holding the title (for one-line layouts, the issuer line too).
    pub title_lines: Vec<usize>,
    pub title: Option<String>,
    pub doc_number: Option<(usize, DocNumber, usize, usize)>,
    pub date: Option<(usize, DocDate, FieldSource)>,
    /// Addressee lines (first, last) and the joined compact text.
    pub addressee: Option<(usize, usize, String)>,
    /// Metadata block entries: line, label, value.
    pub metadata: Vec<(usize, String, String)>,
    /// Issuer inferred rather than printed.
    pub issuer_inferred: bool,
    /// Read as a web copy (`page`): the signature's date and organs take
    /// precedence over the header's, and signature dates may be loose.
    pub web_copy: bool,
    /// Lines taken as page clutter (a web copy's; 0-based).
    pub clutter: Vec<usize>,
    /// First line after the header block.
    pub body_start: usize,
}

impl HeaderBlock {
    pub(crate) fn new(kind: StartKind, start: usize) -> Self {
        HeaderBlock {
            kind,
            start,
            issuers: Vec::new(),
            title_lines: Vec::new(),
            title: None,
            doc_number: None,
            date: None,
            addressee: None,
            metadata: Vec::new(),
            issuer_inferred: false,
            web_copy: false,
            clutter: Vec::new(),
            body_start: start + 1,
        }
    }
}

/// Regexes of the split stage (one table).
struct Res {
    promulgation: Regex,
    legislative_event: Regex,
    metadata: Regex,
    toc_entry: Regex,
    addressee_end: Regex,
}

static RES: LazyLock<Res> = LazyLock::new(|| Res {
    promulgation: regex(
        r"^《(?P<t>[^》]{2,60})》(?:已经|已于|已由|经).{0,80}?(?:通过|同意).{0,40}?(?:现予|予以|现)(?:公布|发布)",
    ),
    legislative_event: regex(
        r"^[（(].{0,80}?(?:会议|常务委员会|国务院).{0,80}?(?:通过|修正|修订|公布|批准)",
    ),
    metadata: regex(&format!(
        r"^(?P<k>{})[：:](?P<v>.*)$",
        patterns::METADATA_LABELS
            .iter()
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
            .join("|")
    )),
    toc_entry: regex(r"^(?P<t>.{4,}?)[…\.·．]*[（(]?(?P<p>[0-9]{1,4})[）)]?$"),
    addressee_end: regex(r"[：:]$"),
});

/// Line classifier shared by the detectors.
pub struct Classifier<'s, 'a> {
    pub src: &'s SourceText<'a>,
    /// Lines that can never start or belong to a header (TOC, running heads).
    pub skip: Vec<bool>,
    pub running_head: Vec<bool>,
    /// TOC entry lines: (line index, compact title, page).
    pub toc: Vec<(usize, String, Option<u32>)>,
}

const MAX_TITLE_LINES: usize = 4;
const MAX_TITLE_LINE_CHARS: usize = 70;

impl<'s, 'a> Classifier<'s, 'a> {
    pub fn new(src: &'s SourceText<'a>) -> Self {
        let n = src.len();
        let mut running_head = vec![false; n];
        for (i, l) in src.lines.iter().enumerate() {
            running_head[i] = is_running_head(&l.compact);
        }
        let mut skip = running_head.clone();
        let toc = find_toc(src, &mut skip);
        Classifier {
            src,
            skip,
            running_head,
            toc,
        }
    }

    fn line(&self, i: usize) -> Option<&'s Line<'a>> {
        self.src.lines.get(i)
    }

    fn c(&self, i: usize) -> &'s str {
        self.src
            .lines
            .get(i)
            .map(|l| l.compact.as_str())
            .unwrap_or("")
    }

    /// Next line at or after `i` that is neither blank nor a running head.
    pub fn next_content(&self, i: usize) -> Option<usize> {
        (i..self.src.len()).find(|&k| {
            !self.src.lines[k].is_blank() && !self.running_head.get(k).copied().unwrap_or(false)
        })
    }

    /// Previous content line strictly before `i`.
    pub fn prev_content(&self, i: usize) -> Option<usize> {
        (0..i.min(self.src.len())).rev().find(|&k| {
            !self.src.lines[k].is_blank() && !self.running_head.get(k).copied().unwrap_or(false)
        })
    }

    /// The issuer names printed on line `i` with their compact byte
    /// ranges: one name, or several separated by spaces on one line
    /// (joint issuers, `中共某某市委办公室　某某市人民政府办公室`). `None` when
    /// the line is not an issuer line.
    pub fn issuer_parts(&self, i: usize) -> Option<Vec<(String, usize, usize)>> {
        let line = self.line(i)?;
        let c = line.compact.as_str();
        // Every issuer name ends in an agency suffix, so the line does
        // (one test instead of splitting and compacting every line).
        patterns::agency_suffix(c)?;
        let parts: Vec<String> = line
            .text
            .split(is_space)
            .map(compact)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() >= 2 && parts.iter().all(|p| issuer_name(p)) && parts.concat() == c {
            let mut out = Vec::with_capacity(parts.len());
            let mut off = 0;
            for p in parts {
                let end = off + p.len();
                out.push((p, off, end));
                off = end;
            }
            return Some(out);
        }
        issuer_name(c).then(|| vec![(c.to_string(), 0, c.len())])
    }

    /// Detect a document starting at line `i`.
    pub fn detect(&self, i: usize) -> Option<HeaderBlock> {
        if self.skip.get(i).copied().unwrap_or(true) {
            return None;
        }
        let l = self.line(i)?;
        if l.is_blank() || l.is_cell() {
            return None;
        }
        self.metadata_block(i)
            .or_else(|| self.standard(i))
            .or_else(|| self.promulgation(i))
            .or_else(|| self.legislative(i))
    }

    /// Standard header starting with an issuer line at `i`.
    fn standard(&self, i: usize) -> Option<HeaderBlock> {
        let c = self.c(i);
        let mut h = HeaderBlock::new(StartKind::Standard, i);
        let mut title = String::new();
        let mut j;
        let red_header = c.strip_suffix("文件").filter(|n| issuer_name(n));
        if let Some(name) = red_header {
            // 发文机关标志 of a 红头 document: `某某市人民政府文件`.
            h.issuers.push((i, name.to_string(), 0, name.len()));
            j = self.next_content(i + 1)?;
        } else if let Some(parts) = self.issuer_parts(i) {
            for (name, a, b) in parts {
                h.issuers.push((i, name, a, b));
            }
            j = self.next_content(i + 1)?;
            // Joint issuers (联合行文): further issuer lines.
            while h.issuers.len() < 8 {
                let Some(parts) = self.issuer_parts(j) else {
                    break;
                };
                for (name, a, b) in parts {
                    h.issuers.push((j, name, a, b));
                }
                j = self.next_content(j + 1)?;
            }
            if dates::date_line(self.c(j)).is_some() {
                return None; // a signature block
            }
        } else if let Some(p) = issuer_title_split(c) {
            h.issuers.push((i, c[..p].to_string(), 0, p));
            title.push_str(&c[p..]);
            h.title_lines.push(i);
            j = self.next_content(i + 1)?;
        } else {
            return None;
        }
        // GB/T 9704 layout: the 发文字号 (and 签发人) between the issuer and
        // the title, which may repeat the issuer in front.
        let mut number_first = false;
        if h.title_lines.is_empty() {
            let cj = self.c(j);
            if let Some((d, len)) = docnum::parse_prefix(cj) {
                let rest = cj.get(len..).unwrap_or("");
                if rest.is_empty() || rest.starts_with("签发人") {
                    h.doc_number = Some((j, d, 0, len));
                    number_first = true;
                    j = self.next_content(j + 1)?;
                    if self.c(j).starts_with("签发人") {
                        j = self.next_content(j + 1)?;
                    }
                    let cj = self.c(j);
                    if let Some(p) = issuer_title_split(cj) {
                        title.push_str(cj.get(p..).unwrap_or(""));
                        h.title_lines.push(j);
                        j = self.next_content(j + 1)?;
                    }
                }
            }
        }
        if red_header.is_some() && !number_first {
            return None;
        }
        // Title lines up to a terminator (with the 文号 already read, the
        // first body line ends the title too).
        let mut terminated = false;
        while h.title_lines.len() < MAX_TITLE_LINES + 1 {
            let cj = self.c(j);
            if self.is_terminator(j) {
                terminated = true;
                break;
            }
            if h.title_lines.len() >= MAX_TITLE_LINES
                || cj.chars().count() > MAX_TITLE_LINE_CHARS
                || cj.ends_with(['。', '；', ';', '：', ':', '，'])
                || self.line(j).is_some_and(|l| l.is_cell())
            {
                break;
            }
            title.push_str(cj);
            h.title_lines.push(j);
            j = match self.next_content(j + 1) {
                Some(k) => k,
                None => break,
            };
        }
        if !(terminated || number_first) || title.is_empty() || genre_of(&title).is_none() {
            return None;
        }
        h.title = Some(title);
        h.body_start = self.header_tail(&mut h, j);
        Some(h)
    }

    /// Lines after the title: 文号, date, addressee (any order).
    pub(crate) fn header_tail(&self, h: &mut HeaderBlock, mut j: usize) -> usize {
        let mut last = h.title_lines.last().copied().unwrap_or(h.start);
        for _ in 0..4 {
            let cj = self.c(j);
            if h.doc_number.is_none() {
                if let Some((d, len)) = docnum::parse_prefix(cj) {
                    let rest = &cj[len..];
                    if rest.is_empty() {
                        h.doc_number = Some((j, d, 0, len));
                    } else if let Some(dd) = dates::date_line(rest) {
                        h.doc_number = Some((j, d, 0, len));
                        h.date = Some((j, dd, FieldSource::DocNumberLine));
                    } else {
                        break;
                    }
                    last = j;
                    match self.next_content(j + 1) {
                        Some(k) => j = k,
                        None => break,
                    }
                    continue;
                }
            }
            if h.date.is_none() {
                if let Some(dd) = dates::date_line(cj) {
                    h.date = Some((j, dd, FieldSource::Header));
                    last = j;
                    match self.next_content(j + 1) {
                        Some(k) => j = k,
                        None => break,
                    }
                    continue;
                }
            }
            if h.addressee.is_none() {
                if let Some((a, b, text)) = self.addressee_at(j) {
                    h.addressee = Some((a, b, text));
                    last = b;
                    match self.next_content(b + 1) {
                        Some(k) => j = k,
                        None => break,
                    }
                    continue;
                }
            }
            break;
        }
        last + 1
    }

    /// Is line `j` the end of a title block: a 文号 line, a date line or an
    /// addressee line?
    fn is_terminator(&self, j: usize) -> bool {
        let cj = self.c(j);
        if let Some((_, len)) = docnum::parse_prefix(cj) {
            let rest = &cj[len..];
            if rest.is_empty() || dates::date_line(rest).is_some() {
                return true;
            }
        }
        dates::date_line(cj).is_some() || self.addressee_at(j).is_some()
    }

    /// Addressee (主送机关) block starting at `j`: up to 3 lines ending in `：`.
    fn addressee_at(&self, j: usize) -> Option<(usize, usize, String)> {
        let first = self.c(j);
        if !patterns::ADDRESSEE_HINTS.iter().any(|h| first.contains(h)) {
            return None;
        }
        // A block over several lines must start as a list of units.
        let multi_ok = first.contains(['，', '、', ',']) && genre_of(first).is_none();
        let mut text = String::new();
        let mut k = j;
        for n in 0..3 {
            let ck = self.c(k);
            if ck.contains('。') || ck.chars().count() > 160 {
                return None;
            }
            if n > 0 && (!multi_ok || docnum::parse_prefix(ck).is_some()) {
                return None;
            }
            text.push_str(ck);
            if RES.addressee_end.is_match(ck) {
                return Some((j, k, text));
            }
            k = self.next_content(k + 1)?;
        }
        None
    }

    /// Website metadata block (索引号：… 发文字号：… 成文日期：…).
    fn metadata_block(&self, i: usize) -> Option<HeaderBlock> {
        if !RES.metadata.is_match(self.c(i)) {
            return None;
        }
        if let Some(p) = self.prev_content(i) {
            if RES.metadata.is_match(self.c(p)) {
                return None; // not the first line of the block
            }
        }
        let mut h = HeaderBlock::new(StartKind::Metadata, i);
        let mut k = i;
        let mut last = i;
        loop {
            let pairs = crate::structure::metadata::metadata_pairs(self.c(k));
            if pairs.is_empty() {
                break;
            }
            for (key, val) in pairs {
                h.metadata.push((k, key.to_string(), val));
            }
            last = k;
            match self.next_content(k + 1) {
                Some(n) => k = n,
                None => break,
            }
        }
        if h.metadata.len() < 3 {
            return None;
        }
        // Title line after the block (possibly with the issuer in front).
        let mut body = last + 1;
        if let Some(t) = self.next_content(last + 1) {
            let ct = self.c(t);
            let ct_title = match issuer_title_split(ct) {
                Some(p) => &ct[p..],
                None => ct,
            };
            if genre_of(ct_title).is_some() && ct.chars().count() <= 120 && !ct.ends_with('。') {
                h.title = Some(ct_title.to_string());
                h.title_lines.push(t);
                body = t + 1;
                if let Some(n) = self.next_content(t + 1) {
                    body = self.header_tail(&mut h, n);
                }
            }
        }
        h.body_start = body;
        Some(h)
    }

    /// 规章 without a header: `《X》已经…通过，现予公布…`.
    fn promulgation(&self, i: usize) -> Option<HeaderBlock> {
        let c = self.c(i);
        let caps = RES.promulgation.captures(c)?;
        let t = caps.name("t")?.as_str();
        if !matches!(
            genre_of(t),
            Some("规定" | "办法" | "细则" | "条例" | "规则" | "实施细则" | "实施办法")
        ) {
            return None;
        }
        // Between the sentence and the repeated title: only the signatory
        // (`市长…`) and the date.
        let mut k = i + 1;
        let mut signed = false;
        for _ in 0..6 {
            k = self.next_content(k)?;
            let ck = self.c(k);
            if ck == t {
                if !signed {
                    return None;
                }
                let mut h = HeaderBlock::new(StartKind::Promulgation, i);
                h.title = Some(t.to_string());
                h.title_lines.push(k);
                h.issuer_inferred = true;
                h.body_start = k + 1;
                return Some(h);
            }
            if dates::date_line(ck).is_some() || is_signatory_line(ck) {
                signed = true;
            } else {
                return None;
            }
            k += 1;
        }
        None
    }

    /// A law/regulation: title line then `（…会议通过…）`.
    fn legislative(&self, i: usize) -> Option<HeaderBlock> {
        let c = self.c(i);
        if c.chars().count() > 40 || c.contains(['。', '，', '：']) {
            return None;
        }
        let g = genre_of(c)?;
        if !matches!(g, "条例" | "规定" | "办法" | "细则" | "规则" | "决定") && !c.ends_with('法')
        {
            return None;
        }
        let n = self.next_content(i + 1)?;
        if !RES.legislative_event.is_match(self.c(n)) {
            return None;
        }
        let mut h = HeaderBlock::new(StartKind::Legislative, i);
        h.title = Some(c.to_string());
        h.title_lines.push(i);
        let mut k = n;
        let mut last = n;
        // Inside a parenthesised event block that runs over several lines.
        let mut open = false;
        for _ in 0..12 {
            let ck = self.c(k);
            let continues = open
                && (ck.ends_with(['）', ')'])
                    || patterns::LEGISLATIVE_EVENTS.iter().any(|w| ck.contains(w)));
            if !(continues || RES.legislative_event.is_match(ck) || ck.starts_with(['（', '('])) {
                break;
            }
            if h.date.is_none() {
                if let Some(f) = find_date(ck) {
                    h.date = Some((k, f.date, FieldSource::Text));
                }
            }
            last = k;
            if ck.starts_with(['（', '(']) {
                open = true;
            }
            if ck.ends_with(['）', ')']) {
                open = false;
            }
            let Some(m) = self.next_content(k + 1) else {
                break;
            };
            // After a closed block only another `（…）` block continues it.
            if !open && !self.c(m).starts_with(['（', '(']) {
                break;
            }
            k = m;
        }
        h.body_start = last + 1;
        Some(h)
    }
}

/// The title a promulgation sentence names (`《X》已经…通过，现予公布…`).
pub fn promulgated_title(c: &str) -> Option<&str> {
    RES.promulgation
        .captures(c)
        .and_then(|caps| caps.name("t"))
        .map(|m| m.as_str())
}

/// `市长冯韶慧`: an official's title and name (signatory of a 规章).
pub fn is_signatory_line(c: &str) -> bool {
    let n = c.chars().count();
    (3..=12).contains(&n) && patterns::SIGNATORY_TITLES.iter().any(|t| c.starts_with(t))
}

/// Is the compact line a gazette running head (书眉)?
pub fn is_running_head(c: &str) -> bool {
    c.chars().count() <= 60
        && patterns::RUNNING_HEAD_MARKS
            .iter()
            .any(|marks| marks.iter().all(|m| c.contains(m)))
}

/// Is the whole compact line an agency name (发文机关标志)?
pub fn issuer_name(c: &str) -> bool {
    let n = c.chars().count();
    if !(3..=40).contains(&n) {
        return false;
    }
    if c.contains(|ch: char| {
        matches!(
            ch,
            '，' | '。'
                | '：'
                | ':'
                | '；'
                | '、'
                | '《'
                | '》'
                | '“'
                | '”'
                | ','
                | '.'
                | '〔'
                | '）'
                | '|'
                | '｜'
                | '>'
                | '»'
        ) || ch.is_ascii_digit()
    }) {
        return false;
    }
    if c.contains("关于") || c.starts_with('第') {
        return false;
    }
    patterns::agency_suffix(c).is_some() && has_place_or_party_head(c)
}

/// An agency name begins with a place name (…省/市/县/区/州/旗) or a party or
/// state-council prefix; bare department names (`市发改委`) are not issuers
/// of a header.
fn has_place_or_party_head(c: &str) -> bool {
    if patterns::AGENCY_PREFIXES.iter().any(|p| c.starts_with(p)) {
        return true;
    }
    // A place-name character within the first 8 chars, not at position 0.
    c.chars().take(9).skip(1).any(|ch| {
        matches!(
            ch,
            '省' | '市' | '县' | '区' | '州' | '旗' | '盟' | '镇' | '乡'
        )
    }) || c.ends_with("军分区")
        || c.ends_with("警备区")
}

/// `某某市人民政府关于…` on one line: byte position where the title begins.
pub fn issuer_title_split(c: &str) -> Option<usize> {
    for kw in ["关于", "印发", "转发"] {
        let mut from = 0;
        while let Some(p) = c.get(from..).and_then(|s| s.find(kw)).map(|p| p + from) {
            if p > 0 && issuer_name(&c[..p]) {
                return Some(p);
            }
            from = p + kw.len();
        }
    }
    None
}

/// Find a table of contents (目录) and mark its lines as skippable.
fn find_toc(src: &SourceText<'_>, skip: &mut [bool]) -> Vec<(usize, String, Option<u32>)> {
    let mut out = Vec::new();
    let Some(start) = src
        .lines
        .iter()
        .take(400)
        .position(|l| l.compact == "目录" || l.compact == "目次")
    else {
        return out;
    };
    if let Some(s) = skip.get_mut(start) {
        *s = true;
    }
    let mut misses = 0;
    for i in start + 1..src.len() {
        let l = &src.lines[i];
        if l.is_blank() {
            continue;
        }
        let c = l.compact.as_str();
        if c.starts_with('※') || c.eq_ignore_ascii_case("CONTENTS") {
            if let Some(s) = skip.get_mut(i) {
                *s = true;
            }
            continue;
        }
        if let Some(caps) = RES.toc_entry.captures(c) {
            if l.text.contains('\t') || l.text.contains("…") || c.ends_with(')') {
                let t = caps.name("t").map(|m| m.as_str()).unwrap_or("");
                let p = caps.name("p").and_then(|m| m.as_str().parse().ok());
                out.push((i, t.trim_end_matches(['(', '（']).to_string(), p));
                if let Some(s) = skip.get_mut(i) {
                    *s = true;
                }
                misses = 0;
                continue;
            }
        }
        misses += 1;
        if misses >= 1 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::source::pattern::force_patterns!(RES);

    #[test]
    fn issuer_lines() {
        assert!(issuer_name("廊坊市人民政府"));
        assert!(issuer_name("廊坊市人民政府办公室"));
        assert!(issuer_name("廊坊军分区"));
        assert!(issuer_name("中共廊坊市委"));
        assert!(!issuer_name("市发改委"));
        assert!(!issuer_name("关于加快发展养老服务业的实施意见"));
        assert!(!issuer_name("各县（市、区）人民政府"));
        assert_eq!(
            issuer_title_split("邯郸市人民政府关于加快发展现代职业教育的意见"),
            Some("邯郸市人民政府".len())
        );
    }

    #[test]
    fn running_heads() {
        assert!(is_running_head(
            "县政府文件《巨鹿县人民政府公报》2020年合订本"
        ));
        assert!(!is_running_head("廊坊市人民政府"));
    }
}
