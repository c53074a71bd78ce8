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

mod clutter;
mod title;

use crate::grammar::dates;
use crate::grammar::docnum;

use crate::grammar::patterns::{self, genre_of};
use crate::structure::metadata::{metadata_cells, metadata_pairs, starts_with_label};
use crate::structure::split::{Classifier, HeaderBlock, StartKind};

use clutter::{ends_head, is_clutter, is_junk};
use title::{
    bracketed_number, clean_title, flattened_title, is_whole_title, may_end_title, next_doc_line,
    prev_doc_line, score_title, split_joint, Title, MAX_TITLE_LINE_CHARS,
};

/// Lines read for a title: a page's document starts near its top.
const HEAD_LINES: usize = 60;
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
