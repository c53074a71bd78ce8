//! Web copies (网页转载): a file holding one document copied from a web
//! page, identified field by field from evidence rather than by a fixed
//! sequence of lines, so that a new site's layout needs no new rule.
//!
//! What a copied page holds besides the document, and how each is read:
//! - **clutter** (网页杂项): breadcrumbs (`当前位置：首页 > 政策`), page lines
//!   (`来源：… 发布时间：… 浏览量：`, `【字号：大 中 小】`, `打印 关闭`), share
//!   bars, site tags (`【本级政策】`, `「通告」`) — kept in the text, kept out
//!   of the fields, listed in [`HeaderBlock::clutter`];
//! - **metadata** in any style (`索引号：…`, `[索引号]…[发文字号]…`,
//!   `索 引 号` letter-spaced, `|`-separated cells, a label on one line and
//!   its value on the next) — [`metadata_pairs`](super::metadata::metadata_pairs);
//! - **title**: the line or lines (up to three) ending in a genre word,
//!   scored by the evidence around them (an issuer line above, a 文号,
//!   date or addressee line below, `关于`, the metadata title); a page
//!   title repeating the document title counts once;
//! - **文号**: its own line near the title, in brackets after the title,
//!   glued to it, or only in the metadata;
//! - the signature, date and issuer cross-checks are made by `header`
//!   from the block built here ([`StartKind::Page`]).

use std::sync::LazyLock;

use crate::grammar::dates;
use crate::grammar::docnum;
use crate::source::scan::LiteralSet;

/// [`patterns::PAGE_CLUTTER_WORDS`], found in one pass.
static CLUTTER_WORDS: LazyLock<LiteralSet> =
    LazyLock::new(|| LiteralSet::new(patterns::PAGE_CLUTTER_WORDS));
/// [`patterns::PAGE_BREADCRUMBS`], found in one pass.
static BREADCRUMBS: LazyLock<LiteralSet> =
    LazyLock::new(|| LiteralSet::new(patterns::PAGE_BREADCRUMBS));
/// [`patterns::GENRES`]: a title candidate holds one.
static GENRE_WORDS: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(patterns::GENRES));
use crate::grammar::patterns::{self, genre_of};
use crate::structure::metadata::{metadata_cells, metadata_pairs, starts_with_label};
use crate::structure::split::{issuer_title_split, Classifier, HeaderBlock, StartKind};

/// Lines read for a title: a page's document starts near its top.
const HEAD_LINES: usize = 60;
/// Longest line that can be (part of) a title.
const MAX_TITLE_LINE_CHARS: usize = 90;

/// Does the file hold several documents? Only when at least two of the
/// detected header blocks are complete headers of their own (a title and
/// a 文号, the 文号s differing): a web copy is one document, and a cited
/// title or a signature inside it does not start another.
pub fn holds_several(blocks: &[HeaderBlock]) -> bool {
    let mut numbers: Vec<&str> = blocks
        .iter()
        .filter(|b| b.title.is_some())
        .filter_map(|b| {
            b.doc_number
                .as_ref()
                .map(|(_, d, _, _)| d.raw.as_str())
                .or_else(|| {
                    b.metadata
                        .iter()
                        .find(|(_, k, _)| canonical_label(k) == "doc_number")
                        .map(|(_, _, v)| v.as_str())
                })
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers.len() >= 2 || blocks.len() >= 4
}

/// Is the compact line page clutter?
pub fn is_clutter(c: &str) -> bool {
    // Clutter lines are short (bytes: at most three per char).
    if c.is_empty() || c.len() > 360 {
        return false;
    }
    let n = c.chars().count();
    if n > 120 {
        return false;
    }
    if is_site_tag(c) || is_junk(c) {
        return true;
    }
    // Running text (a sentence, or a long line with commas) is no clutter.
    if c.ends_with('。') || (n > 60 && c.contains(['，', ',', '。'])) {
        return false;
    }
    if BREADCRUMBS.is_in(c)
        || (c.contains(['>', '»', '›']) && c.matches(['>', '»', '›']).count() >= 2)
    {
        return true;
    }
    // A title that happens to hold a clutter word (`关于…打印…的通知`).
    if genre_of(c).is_some() && c.contains("关于") {
        return false;
    }
    CLUTTER_WORDS.scan(c).count() >= if n <= 24 { 1 } else { 2 }
}

/// Junk a mirror site inserts (`6^${-QH&{.{)q7`'?`) or a bare address:
/// no Chinese character and several ASCII symbols, or a URL.
fn is_junk(c: &str) -> bool {
    c.starts_with("http")
        || (!c.chars().any(crate::source::text::is_han)
            && c.chars().filter(|ch| ch.is_ascii_punctuation()).count() >= 3
            && dates::loose_date_line(c).is_none())
}

/// Does the compact line begin the text (an addressee line `…：`, or a
/// sentence)? Title candidates stand above it.
fn ends_head(c: &str) -> bool {
    let n = c.chars().count();
    (c.ends_with(['：', ':'])
        && n <= 120
        && patterns::ADDRESSEE_HINTS.iter().any(|h| c.contains(h)))
        || (n >= 40 && c.contains('。') && !c.starts_with(['（', '(']))
}

/// A whole line that is a site tag: `【本级政策】`, `「通告」`, `[通知]`.
fn is_site_tag(c: &str) -> bool {
    let n = c.chars().count();
    n <= 20
        && [('【', '】'), ('「', '」'), ('[', ']'), ('〖', '〗')]
            .iter()
            .any(|(a, b)| c.starts_with(*a) && c.ends_with(*b) && c.matches(*a).count() == 1)
}

fn canonical_label(label: &str) -> &'static str {
    patterns::PAGE_METADATA_LABELS
        .iter()
        .find(|(l, _)| *l == label)
        .map_or("", |(_, k)| *k)
}

/// Identify the one document of a web copy. `classic` is the header the
/// layout detectors found (the first block, if any): when it is a complete
/// header standing at the top of the page (only clutter and metadata above
/// it), it is kept and the page's evidence only adds to it.
pub fn identify(cls: &Classifier<'_, '_>, classic: Option<&HeaderBlock>) -> Option<HeaderBlock> {
    let n = cls.src.len();
    let first = cls.next_content(0)?;
    let c = |i: usize| cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
    let mut h = HeaderBlock::new(StartKind::Page, first);
    h.web_copy = true;
    let mut clutter = Vec::new();
    let mut is_meta = vec![false; n];

    // Metadata, over the whole page (gov.cn prints its table above the
    // document, some sites below it).
    for i in 0..n {
        let ci = c(i);
        if ci.is_empty() {
            continue;
        }
        // Only a line that opens with a label (letter-spaced labels are
        // whole in the compact view) is metadata.
        if !starts_with_label(ci) {
            continue;
        }
        let mut pairs = metadata_pairs(ci);
        let cells = metadata_cells(cls.src.lines[i].text);
        if cells.len() > pairs.len() {
            pairs = cells;
        }
        if !pairs.is_empty() && ci.chars().count() <= 240 {
            is_meta[i] = true;
            let last_empty = pairs.last().is_some_and(|(_, v)| v.is_empty());
            let count = pairs.len();
            for (k, (key, val)) in pairs.into_iter().enumerate() {
                if val.is_empty() && k + 1 == count && last_empty {
                    // The value on the next line (`索 引 号：` / `640501…`).
                    if let Some(nx) = cls.next_content(i + 1) {
                        let cn = c(nx);
                        if metadata_pairs(cn).is_empty() && cn.chars().count() <= 60 {
                            is_meta[nx] = true;
                            h.metadata.push((nx, key.to_string(), cn.to_string()));
                            continue;
                        }
                    }
                }
                if !val.is_empty() {
                    h.metadata.push((i, key.to_string(), val));
                }
            }
        }
    }

    // The head ends at the addressee or the first sentence of the text;
    // clutter is looked for there and in the few lines after it.
    let mut head: Vec<usize> = Vec::new();
    let mut head_end = n;
    for (i, &meta) in is_meta.iter().enumerate().skip(first) {
        if head.len() >= HEAD_LINES {
            head_end = i;
            break;
        }
        let ci = c(i);
        if ci.is_empty() {
            continue;
        }
        if is_junk(ci) {
            clutter.push(i);
            continue;
        }
        head.push(i);
        let cl = !meta && is_clutter(ci);
        if cl {
            clutter.push(i);
        }
        if !meta && !cl && ends_head(ci) {
            head_end = i + 1;
            break;
        }
    }
    for i in (head_end..n)
        .filter(|&i| !cls.src.lines[i].is_blank())
        .take(12)
    {
        if !is_meta[i] && is_clutter(c(i)) {
            clutter.push(i);
        }
    }
    let is_clutter_line = |i: usize| clutter.binary_search(&i).is_ok();
    let page_line = |i: usize| is_clutter_line(i) || is_meta.get(i).copied().unwrap_or(false);
    if let Some(b) = classic.filter(|b| {
        matches!(
            b.kind,
            StartKind::Standard
                | StartKind::Legislative
                | StartKind::Promulgation
                | StartKind::Metadata
        ) && b.title.as_deref().and_then(clean_title).is_some()
            // A date line above it: the copy printed its signature (a
            // promulgation notice) before the text — not a header on top.
            && !(first..b.start).any(|i| {
                !is_meta[i] && !is_clutter_line(i) && dates::loose_date_line(c(i)).is_some()
            })
            && (first..b.start).all(|i| {
                is_meta[i]
                    || is_clutter_line(i)
                    || !may_end_title(c(i))
                    || clean_title(c(i)).is_none_or(|t| b.title.as_deref() == Some(t.text.as_str()))
            })
    }) {
        let mut kept = b.clone();
        if !h.metadata.is_empty() {
            kept.metadata = h.metadata;
        }
        let mut issuers = Vec::new();
        for (li, name, a, _) in kept.issuers.drain(..) {
            for (part, x, y) in split_joint(&name) {
                issuers.push((li, part, a + x, a + y));
            }
        }
        kept.issuers = issuers;
        kept.web_copy = true;
        // A title run on into a repeat of itself (`关于X` / `某市人民政府关于X`).
        if let Some(k) = kept
            .title_lines
            .iter()
            .skip(1)
            .position(|&l| is_whole_title(c(l)))
        {
            kept.title_lines.truncate(k + 1);
            let joined: String = kept.title_lines.iter().map(|&l| c(l)).collect();
            if let Some(t) = clean_title(&joined) {
                kept.title = Some(t.text);
            }
        }
        if let Some(t) = kept.title.as_deref().and_then(clean_title) {
            let line = kept.title_lines.last().copied().unwrap_or(kept.start);
            if let (None, Some((d, _, _))) = (&kept.doc_number, &t.doc_number) {
                kept.doc_number = Some((line, d.clone(), 0, 0));
            }
            if let (None, Some(d)) = (&kept.date, &t.date) {
                kept.date = Some((line, d.clone(), crate::model::FieldSource::Header));
            }
            // An issuer prefix left on the title: it names the issuer.
            if let Some(prefix) = &t.issuer {
                let line = kept.title_lines.first().copied().unwrap_or(kept.start);
                let a = c(line).find(prefix.as_str()).unwrap_or(0);
                kept.issuers = split_joint(prefix)
                    .into_iter()
                    .map(|(name, x, y)| (line, name, a + x, a + y))
                    .collect();
            }
            kept.title = Some(t.text);
        }
        if kept.doc_number.is_none() {
            let from = kept.title_lines.last().copied().unwrap_or(kept.start);
            kept.doc_number = number_below(cls, from, &page_line)
                .or_else(|| number_above(cls, kept.start, &page_line))
                .or_else(|| event_number(cls, &head, kept.title_lines.last().copied()));
        }
        if kept.kind == StartKind::Standard {
            prefer_decree_organ(cls, &mut kept);
        }
        if let Some(ev) = event_date(cls, &head, kept.title_lines.last().copied()) {
            if kept.kind == StartKind::Legislative || kept.date.is_none() {
                kept.date = Some(ev);
            }
        }
        if kept.date.is_none() {
            kept.date = date_with_number(cls, kept.doc_number.as_ref());
        }
        // (A law's enacting body is read off its event line by `header`.)
        let number_above_title = kept
            .doc_number
            .as_ref()
            .is_some_and(|(li, ..)| kept.title_lines.first().is_some_and(|t| li < t));
        if kept.issuers.is_empty() && (kept.kind != StartKind::Legislative || number_above_title) {
            kept.issuers = decree_issuer(cls, kept.doc_number.as_ref())
                .into_iter()
                .collect();
        }
        kept.clutter = clutter;
        return Some(kept);
    }

    // Title candidates in the head of the page.
    let meta_title: Option<String> = h
        .metadata
        .iter()
        .find(|(_, k, _)| canonical_label(k) == "title")
        .map(|(_, _, v)| v.clone());
    let mut best: Option<(i32, Vec<usize>, Title)> = None;
    for (p, &i) in head.iter().enumerate() {
        if is_meta[i] || is_clutter_line(i) {
            continue;
        }
        let mut joined = String::new();
        for k in 0..3 {
            let Some(&j) = head.get(p + k) else { break };
            let cj = c(j);
            if is_meta[j]
                || (k > 0 && is_clutter_line(j))
                || cj.chars().count() > MAX_TITLE_LINE_CHARS
                || cj.ends_with(['。', '；', ';', '：', ':', '，', ','])
                || (k > 0 && docnum::parse_prefix(cj).is_some())
                || (k > 0 && dates::date_line(cj).is_some())
                || (k > 0 && is_whole_title(cj))
            {
                break;
            }
            joined.push_str(cj);
            if !may_end_title(&joined) {
                continue;
            }
            let Some(t) = clean_title(&joined) else {
                continue;
            };
            let lines: Vec<usize> = head[p..=p + k].to_vec();
            let score = score_title(cls, &t, &lines, meta_title.as_deref(), &page_line);
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, lines, t));
            }
        }
    }
    // A title printed below the text's first lines (pages that put the
    // signature or a summary first): only a title that says so (`关于…`).
    let mut late = false;
    if best.is_none() {
        let after = head.last().copied().unwrap_or(first);
        let below: Vec<usize> = (after + 1..n)
            .filter(|&i| !cls.src.lines[i].is_blank())
            .take(HEAD_LINES)
            .collect();
        'late: for p in 0..below.len() {
            let mut joined = String::new();
            for k in 0..2 {
                let Some(&j) = below.get(p + k) else { break };
                let cj = c(j);
                if is_meta[j] || cj.len() > MAX_TITLE_LINE_CHARS * 3 || cj.ends_with('。') {
                    break;
                }
                joined.push_str(cj);
                if !(joined.contains("关于") && may_end_title(&joined)) || is_clutter(cj) {
                    continue;
                }
                if let Some(t) = clean_title(&joined)
                    .filter(|t| t.text.starts_with("关于") || t.issuer.is_some())
                {
                    best = Some((0, below[p..=p + k].to_vec(), t));
                    late = true;
                    break 'late;
                }
            }
        }
    }
    // Evidence against every candidate: the metadata's title wins.
    if best.as_ref().is_some_and(|(s, _, _)| *s < 0) && meta_title.is_some() {
        best = None;
    }
    // A flattened page: the title runs straight into the text.
    if best.is_none() && meta_title.is_none() {
        if let Some(&i) = head.iter().find(|&&i| !is_meta[i] && !is_clutter_line(i)) {
            if let Some(t) = flattened_title(c(i)) {
                best = Some((0, vec![i], t));
            }
        }
    }

    // A decree (`某某市人民政府令` / `第N号` / `《X》已经…通过，现予公布`):
    // the document is the rule it promulgates.
    if let Some((score, lines, t)) = best.take() {
        best = Some(decree(cls, &head, &lines, &t).unwrap_or((score, lines, t)));
    }

    let mut last = first;
    if let Some((_, lines, t)) = best {
        let top = lines.first().copied().unwrap_or(first);
        let bottom = lines.last().copied().unwrap_or(top);
        h.title_lines = lines;
        // Issuer lines just above the title.
        let mut k = top;
        let mut above = Vec::new();
        while let Some(p) = cls.prev_content(k) {
            match cls.issuer_parts(p) {
                Some(parts) if above.len() < 6 && !is_meta[p] => {
                    for (name, a, b) in parts.into_iter().rev() {
                        above.push((p, name, a, b));
                    }
                    k = p;
                }
                _ => break,
            }
        }
        above.reverse();
        h.issuers = above;
        // The issuer printed as the title's prefix wins over a line above
        // it (often the site's shortened or lengthened name of the organ).
        if t.issuer.is_some() {
            h.issuers.clear();
        }
        if h.issuers.is_empty() {
            if let Some(prefix) = &t.issuer {
                let line = t.issuer_line.unwrap_or(top);
                let a = c(line).find(prefix.as_str()).unwrap_or(0);
                for (name, x, y) in split_joint(prefix) {
                    h.issuers.push((line, name, a + x, a + y));
                }
            }
        }
        if let Some(d) = t.doc_number {
            h.doc_number = Some((bottom, d.0, d.1, d.2));
        }
        if let Some(d) = t.date {
            h.date = Some((bottom, d, crate::model::FieldSource::Header));
        }
        h.title = Some(t.text);
        // The metadata's title where the text's lost a mark at a line break
        // (`…公共服务` / `十四五”发展规划`).
        if let Some((li, mt)) = meta_title_line(&h) {
            let bare = |s: &str| -> String {
                s.chars()
                    .filter(|c| !"“”\"‘’《》〈〉".contains(*c))
                    .collect()
            };
            if h.title
                .as_deref()
                .is_some_and(|t| bare(t) == bare(&mt) && t.len() < mt.len())
            {
                h.title = Some(mt);
                h.title_lines = vec![li];
            }
        }
        last = bottom;
        // 文号 / date / addressee under the title (any order), or a 文号
        // line between the issuer and the title.
        if let Some(nx) = cls.next_content(bottom + 1) {
            let end = cls.header_tail(&mut h, nx);
            last = last.max(end.saturating_sub(1));
        }
        if h.doc_number.is_none() {
            h.doc_number = number_below(cls, bottom, &page_line);
            if let Some((li, ..)) = &h.doc_number {
                last = last.max(*li);
            }
        }
        if h.doc_number.is_none() {
            h.doc_number = number_above(cls, top, &page_line);
        }
    }
    if late {
        // The text began above the title: it does not start after it.
        last = first;
    }
    if h.doc_number.is_none() && (h.title.is_none() || late) {
        h.doc_number = head.iter().find_map(|&i| {
            let ci = c(i);
            docnum::parse_exact(ci).map(|d| (i, d, 0, ci.len()))
        });
    }
    if h.doc_number.is_none() {
        h.doc_number = event_number(cls, &head, h.title_lines.last().copied());
    }
    if h.date.is_none() {
        h.date = event_date(cls, &head, h.title_lines.last().copied());
    }
    if h.date.is_none() {
        h.date = date_with_number(cls, h.doc_number.as_ref());
    }
    prefer_decree_organ(cls, &mut h);
    if h.issuers.is_empty() {
        h.issuers = masthead(cls, &head).into_iter().collect();
    }
    if h.issuers.is_empty() {
        h.issuers = decree_issuer(cls, h.doc_number.as_ref())
            .into_iter()
            .collect();
    }
    h.body_start = (last + 1).max(first + 1).min(n.max(first + 1));
    h.clutter = clutter;
    Some(h)
}

/// The metadata's title (`名称：`, `标题：`) with its line, issuer prefix off.
fn meta_title_line(h: &HeaderBlock) -> Option<(usize, String)> {
    let (li, _, v) = h
        .metadata
        .iter()
        .find(|(_, k, _)| canonical_label(k) == "title")?;
    let t = clean_title(v)?;
    Some((*li, t.text))
}

/// A title read off one or more lines: the title text, the issuer prefix
/// (compact) and a 文号 printed with it.
#[derive(Debug, Clone)]
struct Title {
    text: String,
    issuer: Option<String>,
    /// The line the issuer is printed on, when not the title's first.
    issuer_line: Option<usize>,
    doc_number: Option<(crate::model::DocNumber, usize, usize)>,
    /// A date printed with the 文号 in brackets (`（某政发〔2010〕9号 2010年1月14日）`).
    date: Option<crate::model::DocDate>,
}

/// Can `t` end a title once cleaned: a genre word at its end, or a mark
/// that a site tag, an annotation, a 文号 or a site name closes it with?
/// (A cheap test before [`clean_title`] on every head line.)
fn may_end_title(t: &str) -> bool {
    t.ends_with([')', '）', '】', '》', '|', '｜', '号', '號'])
        || t.contains(['-', '_', '—', '|'])
        || (GENRE_WORDS.is_in(t) && genre_of(t).is_some())
}

/// Clean a candidate title: site tags and annotations off, an issuer prefix
/// and a 文号 split off; `None` unless what remains ends in a genre word.
fn clean_title(joined: &str) -> Option<Title> {
    // Every 文号 form holds a digit (or is an issue number, `第十七期`).
    let may_number = joined.contains(|ch: char| ch.is_ascii_digit()) || joined.contains('期');
    if may_number && docnum::parse_exact(joined).is_some() {
        return None;
    }
    let mut t = joined;
    // `意见|…` category prefixes, ` |` table remnants, `…条例|2022年修订版`
    // and `…的通知-某某区人民政府` site suffixes: the segment that ends in a
    // genre word.
    t = t.trim_matches(['|', '｜']);
    if let Some((a, b)) = t.split_once(['|', '｜']) {
        if genre_of(a).is_some() && genre_of(b).is_none() {
            t = a;
        } else if a.chars().count() <= 6 && !b.is_empty() {
            t = b;
        }
    }
    if let Some(p) = t.rfind(['-', '_', '—']) {
        let (a, b) = (&t[..p], &t[p..]);
        let site = b.trim_start_matches(['-', '_', '—']);
        if genre_of(a).is_some()
            && (crate::structure::split::issuer_name(site) || site.ends_with("网"))
        {
            t = a;
        }
    }
    // A 文号 printed in front (`梁政发【2023】7号关于…`).
    let mut doc_number = None;
    let mut date = None;
    if let Some((d, len)) = docnum::parse_prefix(t) {
        let rest = t[len..].trim_start_matches(['《', '|']);
        if genre_of(rest).is_some() && rest.chars().count() >= 6 {
            t = rest;
            doc_number = Some((d, 0, 0));
        }
    }
    // A date printed in front (`2019-08-17某某省人民政府关于…`).
    let lead_digits = t.len()
        - t.trim_start_matches(|ch: char| ch.is_ascii_digit() || "-./: ".contains(ch))
            .len();
    if lead_digits >= 8 {
        t = &t[lead_digits..];
    }
    // A title wrapped in 《》 (`豫政〔2011〕95号《…的通知》`).
    let wrapped = t.starts_with('《');
    t = t.trim_start_matches('《');
    // Tags and annotations at the end: 【有效期至…】, （已失效）, （文号）.
    loop {
        let before = t.len();
        if t.ends_with('】') {
            if let Some(o) = t.rfind('【') {
                t = &t[..o];
            }
        }
        if let Some(inner_start) = trailing_paren(t) {
            let inner = &t[inner_start..];
            let inner_text = inner
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            if let Some((d, len)) = docnum::parse_prefix(inner_text) {
                doc_number.get_or_insert((d, 0, 0));
                if let Some(dd) = dates::date_line(&inner_text[len..]) {
                    date.get_or_insert(dd);
                }
                t = &t[..inner_start];
            } else if patterns::TITLE_ANNOTATIONS
                .iter()
                .any(|a| inner_text.starts_with(a))
                || dates::find_date(inner_text).is_some_and(|f| f.start == 0)
            {
                t = &t[..inner_start];
            }
        }
        if t.len() == before {
            break;
        }
    }
    if wrapped {
        t = t.trim_end_matches('》');
    }
    // A 文号 glued after the genre word (`…的通知宁政办发[2010]9号`).
    if genre_of(t).is_none() {
        let (head, d) = split_glued_number(t)?;
        t = head;
        doc_number.get_or_insert((d, 0, 0));
    }
    genre_of(t)?;
    // An attachment line, or a label (`图文解读：《…》`), is no title.
    if t.chars().count() < 4 || t.contains('。') || t.starts_with("附件") || t.contains([':', '：'])
    {
        return None;
    }
    let (text, issuer) = match split_issuer(t) {
        Some(p) => (t[p..].to_string(), Some(t[..p].to_string())),
        None => (t.to_string(), None),
    };
    Some(Title {
        text,
        issuer,
        issuer_line: None,
        doc_number,
        date,
    })
}

/// Start of a trailing `（…）` in `t`, if any.
fn trailing_paren(t: &str) -> Option<usize> {
    let stripped = t.strip_suffix(['）', ')'])?;
    stripped.rfind(['（', '('])
}

/// `…的通知宁政办发[2010]9号…` → (`…的通知`, the 文号).
fn split_glued_number(t: &str) -> Option<(&str, crate::model::DocNumber)> {
    if !t.contains(['号', '號']) {
        return None;
    }
    // Only where a genre word ends.
    let mut ends: Vec<usize> = patterns::GENRES
        .iter()
        .flat_map(|g| t.match_indices(g).map(|(p, m)| p + m.len()))
        .collect();
    ends.sort_unstable();
    ends.dedup();
    ends.into_iter().find_map(|p| {
        let head = &t[..p];
        let (d, _) = docnum::parse_prefix(&t[p..])?;
        genre_of(head).is_some().then_some((head, d))
    })
}

/// Where the title starts after an issuer prefix, full
/// (`某某市人民政府关于…`, `中共X市委X市人民政府关于…`) or short (`省人民政府关于…`,
/// `市政府关于…`, `县人民政府办公室关于…`); `X等部门关于…` gives X.
fn split_issuer(t: &str) -> Option<usize> {
    if let Some(p) = issuer_title_split(t) {
        return Some(p);
    }
    // `市政府贯彻…`: an issuer named by its level, then the title's verb.
    for short in patterns::SHORT_ISSUERS {
        if let Some(rest) = t.strip_prefix(short) {
            if patterns::TITLE_VERBS.iter().any(|v| rest.starts_with(v)) {
                return Some(short.len());
            }
        }
    }
    // `某某市人民代表大会常务委员会公告`, `某某县人民政府令`: an organ and the
    // genre word alone.
    if let Some(g) = genre_of(t) {
        let p = t.len() - g.len();
        if t.ends_with(g) && p > 0 {
            let organ = strip_session(&t[..p]);
            if crate::structure::split::issuer_name(&organ)
                || patterns::agency_suffix(&organ).is_some()
            {
                return Some(p);
            }
        }
    }
    for kw in ["关于", "印发", "转发"] {
        let Some(p) = t.find(kw).filter(|&p| p > 0) else {
            continue;
        };
        let prefix = &t[..p];
        let bare = crate::grammar::agencies::split_open_list(prefix).0;
        if patterns::TITLE_VERBS.iter().any(|v| bare.contains(v)) {
            continue;
        }
        if patterns::SHORT_ISSUERS.contains(&bare)
            || (bare.len() < prefix.len() && patterns::agency_suffix(bare).is_some())
            || (patterns::agency_suffix(bare).is_some()
                && bare.chars().count() <= 30
                && !bare.contains(['，', '、', '《', '“', ':', '：']))
        {
            return Some(p);
        }
    }
    None
}

/// An organ name without its session (`某某省第十四届人民代表大会常务委员会`
/// → `某某省人民代表大会常务委员会`).
fn strip_session(s: &str) -> String {
    if let Some(a) = s.find('第') {
        if let Some(b) = s[a..].find('届') {
            let b = a + b + '届'.len_utf8();
            return format!("{}{}", &s[..a], &s[b..]);
        }
    }
    s.to_string()
}

/// Split joint issuers printed without a separator
/// (`中共某某市委某某市人民政府` → two) at points where both sides are
/// agency names; a name followed by `等部门`/`等` loses that tail. Byte
/// ranges are within `s`.
pub fn split_joint(s: &str) -> Vec<(String, usize, usize)> {
    let bare = crate::grammar::agencies::split_open_list(s).0;
    match joint_cuts(bare) {
        Some(cuts) if cuts.len() > 1 => {
            let mut out = Vec::new();
            let mut from = 0;
            for to in cuts {
                out.push((bare[from..to].to_string(), from, to));
                from = to;
            }
            out
        }
        _ => vec![(bare.to_string(), 0, bare.len())],
    }
}

/// End offsets of the agency names `s` is made of, shortest heads first;
/// `None` when it is not a run of agency names. A cut never falls inside
/// an agency suffix (`…委|员会` is not a cut of `…委员会`).
fn joint_cuts(s: &str) -> Option<Vec<usize>> {
    for (p, _) in s.char_indices().skip(3) {
        let head = &s[..p];
        let tail = &s[p..];
        if !crate::structure::split::issuer_name(head)
            || inside_suffix(s, p)
            || patterns::AGENCY_SUFFIXES
                .iter()
                .any(|x| tail.starts_with(x))
        {
            continue;
        }
        if let Some(rest) = joint_cuts(&s[p..]) {
            let mut v = vec![p];
            v.extend(rest.into_iter().map(|e| e + p));
            return Some(v);
        }
    }
    crate::structure::split::issuer_name(s).then(|| vec![s.len()])
}

/// Does byte position `p` fall strictly inside an agency suffix printed in `s`?
fn inside_suffix(s: &str, p: usize) -> bool {
    patterns::AGENCY_SUFFIXES
        .iter()
        .any(|x| s.match_indices(x).any(|(q, m)| q < p && p < q + m.len()))
}

/// A line that is a whole title by itself (`…关于…的通知`), which a title
/// broken over lines never continues with.
fn is_whole_title(c: &str) -> bool {
    may_end_title(c)
        && (c.contains("关于") || split_issuer(c).is_some())
        && clean_title(c).is_some()
}

/// The next content line at or after `i` that is the document's, not the
/// page's (`page_line`: clutter and metadata).
fn next_doc_line(
    cls: &Classifier<'_, '_>,
    mut i: usize,
    page_line: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    loop {
        let n = cls.next_content(i)?;
        if !page_line(n) {
            return Some(n);
        }
        i = n + 1;
    }
}

/// The previous content line before `i` that is the document's.
fn prev_doc_line(
    cls: &Classifier<'_, '_>,
    mut i: usize,
    page_line: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    loop {
        let p = cls.prev_content(i)?;
        if !page_line(p) {
            return Some(p);
        }
        i = p;
    }
}

/// The 文号 printed on its own line (or in brackets, or before a date)
/// within the few lines under the title, clutter and metadata skipped;
/// the addressee or the first sentence of the text ends the search.
fn number_below(
    cls: &Classifier<'_, '_>,
    title_last: usize,
    page_line: &dyn Fn(usize) -> bool,
) -> Option<(usize, crate::model::DocNumber, usize, usize)> {
    let mut i = title_last;
    for _ in 0..6 {
        i = next_doc_line(cls, i + 1, page_line)?;
        let ci = cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
        if let Some(d) = docnum::parse_exact(ci) {
            return Some((i, d, 0, ci.len()));
        }
        if let Some(d) = bracketed_number(ci) {
            return Some((i, d.0, d.1, d.2));
        }
        if let Some((d, len)) = docnum::parse_prefix(ci) {
            if dates::find_date(&ci[len..]).is_some_and(|f| f.start == 0) || ci.len() - len <= 45 {
                return Some((i, d, 0, len));
            }
        }
        if ci.ends_with(['：', ':', '。']) || ci.chars().count() > 60 {
            return None;
        }
    }
    None
}

/// The promulgated rule of a decree whose title line is `X令`: its title
/// read off the promulgation sentence within the next lines, X its issuer.
fn decree(
    cls: &Classifier<'_, '_>,
    head: &[usize],
    lines: &[usize],
    t: &Title,
) -> Option<(i32, Vec<usize>, Title)> {
    if !t.text.ends_with('令') {
        return None;
    }
    let last = *lines.last()?;
    let at = head.iter().position(|&i| i == last)?;
    for &i in head.iter().skip(at + 1).take(4) {
        let ci = cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
        if let Some(rule) = crate::structure::split::promulgated_title(ci) {
            genre_of(rule)?;
            let issuer = t.issuer.clone().or_else(|| {
                let organ = t.text.trim_end_matches('令');
                (!organ.is_empty()).then(|| organ.to_string())
            });
            return Some((
                0,
                vec![i],
                Title {
                    text: rule.to_string(),
                    issuer,
                    issuer_line: Some(last),
                    doc_number: None,
                    date: None,
                },
            ));
        }
    }
    None
}

/// The 文号 printed on its own line just above the header (a page that
/// prints it first), within two content lines, clutter and metadata skipped.
fn number_above(
    cls: &Classifier<'_, '_>,
    top: usize,
    page_line: &dyn Fn(usize) -> bool,
) -> Option<(usize, crate::model::DocNumber, usize, usize)> {
    let mut i = top;
    for _ in 0..2 {
        i = prev_doc_line(cls, i, page_line)?;
        let ci = cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
        if let Some(d) = docnum::parse_exact(ci) {
            return Some((i, d, 0, ci.len()));
        }
        // A page title made of the 文号 and the title (`某政办发[2020]35号…的通知`).
        if let Some((d, len)) = docnum::parse_prefix(ci) {
            if clean_title(&ci[len..]).is_some() {
                return Some((i, d, 0, len));
            }
        }
    }
    None
}

/// The number a law's event line gives its promulgation
/// (`（…2016年11月24日某某省人民代表大会常务委员会公告第52号公布…）`):
/// a 文号 of a decree or announcement inside the lines under the title.
fn event_number(
    cls: &Classifier<'_, '_>,
    head: &[usize],
    title_last: Option<usize>,
) -> Option<(usize, crate::model::DocNumber, usize, usize)> {
    let t = title_last?;
    let at = head.iter().position(|&i| i == t)?;
    for &i in head.iter().skip(at + 1).take(4) {
        let ci = cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
        if !ci.contains("公布") {
            continue;
        }
        // The number follows the date of the promulgation.
        for p in dates::find_dates(ci).into_iter().map(|f| f.end) {
            if let Some((d, len)) = docnum::parse_prefix(&ci[p..]) {
                let decree = d
                    .prefix
                    .as_deref()
                    .is_some_and(|x| x.ends_with('令') || x.ends_with("公告"));
                if decree && ci[p + len..].starts_with("公布") {
                    return Some((i, d, p, p + len));
                }
            }
        }
    }
    None
}

/// The date of a law's latest event, from the event lines under its title
/// (`（2000年1月26日…通过　…2022年5月26日…修订）`): the last date an event word
/// follows (adopted, amended, revised, promulgated); a higher body's
/// approval (`批准`) and `自…起施行` dates are not the law's own. The signature's date, when
/// the copy prints one, takes precedence (`header`).
fn event_date(
    cls: &Classifier<'_, '_>,
    head: &[usize],
    title_last: Option<usize>,
) -> Option<(usize, crate::model::DocDate, crate::model::FieldSource)> {
    let t = title_last?;
    let at = head.iter().position(|&i| i == t)?;
    let mut best: Option<(usize, crate::model::DocDate)> = None;
    let mut open = false;
    for &i in head.iter().skip(at + 1).take(4) {
        let ci = cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
        // A repeat of the title above its event lines.
        if !open && may_end_title(ci) && clean_title(ci).is_some() {
            continue;
        }
        if !(open || ci.starts_with(['（', '('])) {
            break;
        }
        open = !ci.ends_with(['）', ')']);
        for f in dates::find_dates(ci) {
            let after = &ci[f.end..];
            let event = patterns::LEGISLATIVE_EVENTS
                .iter()
                .filter(|w| !matches!(**w, "施行" | "批准"))
                .filter_map(|w| after.find(w))
                .min();
            let next_date = dates::find_date(after).map_or(after.len(), |d| d.start);
            if event.is_some_and(|e| e < next_date && e <= 90)
                && !after.starts_with('起')
                && best.as_ref().is_none_or(|(_, b)| b.date <= f.date.date)
            {
                best = Some((i, f.date));
            }
        }
        if !open {
            break;
        }
    }
    best.map(|(i, d)| (i, d, crate::model::FieldSource::Text))
}

/// A date printed right after the 文号 on its line
/// (`（某政办发[2009]191号　2009年8月18日）`).
fn date_with_number(
    cls: &Classifier<'_, '_>,
    number: Option<&(usize, crate::model::DocNumber, usize, usize)>,
) -> Option<(usize, crate::model::DocDate, crate::model::FieldSource)> {
    let (li, _, _, end) = number?;
    let c = cls.src.lines.get(*li)?.compact.as_str();
    let rest = c.get(*end..)?.trim_end_matches(['）', ')']);
    let d = dates::date_line(rest)?;
    Some((*li, d, crate::model::FieldSource::DocNumberLine))
}

/// The 发文机关标志 (版头) of a red-header copy: `某某市人民政府文件`, or the
/// organ's name with `文件` on the next line.
fn masthead(cls: &Classifier<'_, '_>, head: &[usize]) -> Option<(usize, String, usize, usize)> {
    let c = |i: usize| cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
    for (k, &i) in head.iter().enumerate() {
        let ci = c(i);
        if let Some(name) = ci
            .strip_suffix("文件")
            .filter(|n| crate::structure::split::issuer_name(n))
        {
            return Some((i, name.to_string(), 0, name.len()));
        }
        if crate::structure::split::issuer_name(ci)
            && head.get(k + 1).is_some_and(|&j| c(j) == "文件")
        {
            return Some((i, ci.to_string(), 0, ci.len()));
        }
    }
    None
}

/// A decree number names the organ that promulgates (`某某市人民政府令第136号`):
/// it wins over issuer lines above the title, which a site may have added.
fn prefer_decree_organ(cls: &Classifier<'_, '_>, h: &mut HeaderBlock) {
    let Some(organ) = decree_issuer(cls, h.doc_number.as_ref()) else {
        return;
    };
    let from_lines_above = h
        .issuers
        .iter()
        .all(|x| h.title_lines.first().is_some_and(|t| x.0 < *t));
    if from_lines_above && h.issuers.iter().all(|x| x.1 != organ.1) {
        h.issuers = vec![organ];
    }
}

/// The organ of a decree number (`商务部令2007年第15号` → 商务部).
fn decree_issuer(
    cls: &Classifier<'_, '_>,
    number: Option<&(usize, crate::model::DocNumber, usize, usize)>,
) -> Option<(usize, String, usize, usize)> {
    let (li, d, a, _) = number?;
    let organ = d.prefix.as_deref()?.strip_suffix('令')?;
    if patterns::agency_suffix(organ).is_none() || organ.chars().count() < 2 {
        return None;
    }
    let c = cls.src.lines.get(*li)?.compact.as_str();
    let at = c.get(*a..)?.find(organ).map_or(*a, |p| a + p);
    Some((*li, organ.to_string(), at, at + organ.len()))
}

/// A 文号 in brackets on its own line (`（津发改双碳〔2023〕144号）`).
fn bracketed_number(c: &str) -> Option<(crate::model::DocNumber, usize, usize)> {
    let inner = c.strip_prefix(['（', '('])?;
    let inner = inner.strip_suffix(['）', ')'])?;
    let a = c.len() - c.trim_start_matches(['（', '(']).len();
    if let Some(d) = docnum::parse_exact(inner) {
        return Some((d, a, a + inner.len()));
    }
    // `（宁政办发[2010]9号 2010年1月14日）`: the 文号 and the date.
    let (d, len) = docnum::parse_prefix(inner)?;
    dates::date_line(&inner[len..])?;
    Some((d, a, a + len))
}

/// The title at the start of a flattened line (`…的实施意见武政发[2017]52号各县…`):
/// the shortest head ending in a genre word that a 文号 or an addressee
/// follows.
fn flattened_title(c: &str) -> Option<Title> {
    for (p, _) in c.char_indices().skip(4).take(120) {
        let head = &c[..p];
        if genre_of(head).is_none() {
            continue;
        }
        let mut rest = &c[p..];
        // `…的承诺函 2018-01-12 鄂政字〔2017〕336号…`: a date first.
        let skip = rest.len()
            - rest
                .trim_start_matches(|ch: char| ch.is_ascii_digit() || "-./:".contains(ch))
                .len();
        if skip >= 8 {
            rest = &rest[skip..];
        } else if let Some(f) = dates::find_date(rest).filter(|f| f.start == 0) {
            rest = &rest[f.end..];
        }
        let number = docnum::parse_prefix(rest);
        if number.is_some() || rest.starts_with('各') {
            let mut t = clean_title(head)?;
            if let Some((d, _)) = number {
                t.doc_number.get_or_insert((d, 0, 0));
            }
            return Some(t);
        }
    }
    None
}

/// How much the evidence around a candidate says it is the title.
fn score_title(
    cls: &Classifier<'_, '_>,
    t: &Title,
    lines: &[usize],
    meta: Option<&str>,
    page_line: &dyn Fn(usize) -> bool,
) -> i32 {
    let mut s = 0;
    let first = lines.first().copied().unwrap_or(0);
    let last = lines.last().copied().unwrap_or(first);
    let c = |i: usize| cls.src.lines.get(i).map_or("", |l| l.compact.as_str());
    let next = |i: usize| next_doc_line(cls, i, page_line);
    let prev = |i: usize| prev_doc_line(cls, i, page_line);
    if t.text.contains("关于") || t.issuer.is_some() {
        s += 3;
    }
    // An issuer printed in front of the title is evidence of its own.
    if t.issuer.is_some() {
        s += 1;
    }
    let opening = t.text.strip_prefix("关于").unwrap_or(&t.text);
    if patterns::ENCLOSING_VERBS
        .iter()
        .any(|v| opening.starts_with(v))
    {
        s += 2;
    }
    if let Some(nx) = next(last + 1) {
        let cn = c(nx);
        if docnum::parse_prefix(cn).is_some() || bracketed_number(cn).is_some() {
            s += 4;
        } else if dates::date_line(cn).is_some() || cn.ends_with(['：', ':']) {
            s += 3;
        } else if cls.issuer_parts(nx).is_some() {
            s += 1;
        }
    }
    if let Some(p) = prev(first) {
        if cls.issuer_parts(p).is_some() || docnum::parse_exact(c(p)).is_some() {
            s += 3;
        }
    }
    if meta.is_some_and(|m| m.ends_with(t.text.as_str())) {
        s += 2;
    }
    if t.doc_number.is_some() {
        s += 1;
    }
    if t.text.contains([':', '：']) {
        s -= 4;
    }
    s -= lines.len() as i32 - 1;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_in_any_style() {
        let pairs = |c: &str| metadata_pairs(c);
        assert_eq!(
            pairs("索引号:014437529/2018-00693|主题分类:城乡建设"),
            vec![
                ("索引号", "014437529/2018-00693".to_string()),
                ("主题分类", "城乡建设".to_string())
            ]
        );
        assert_eq!(
            pairs("文号靖政发〔2018〕53号时效有效"),
            vec![("文号", "靖政发〔2018〕53号时效有效".to_string())]
        );
        assert_eq!(
            metadata_cells("索 引 号 010600106/2023-00071 发布机构 高昌区政府办公室"),
            vec![
                ("索引号", "010600106/2023-00071".to_string()),
                ("发布机构", "高昌区政府办公室".to_string())
            ]
        );
        assert!(metadata_cells("各乡镇人民政府 县直各部门：").is_empty());
    }
}
