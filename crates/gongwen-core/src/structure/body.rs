//! The body of a document: the enclosed text of a cover notice (印发/转发),
//! attachments announced and present (附件), and appended 政策解读.

use std::sync::LazyLock;

use regex::Regex;

use crate::grammar::patterns::{self, genre_of};
use crate::grammar::titles::{dice, normalize_title};
use crate::model::{Attachment, Diagnostic, Enclosed, Header, Span};
use crate::source::pattern::regex;
use crate::structure::split::Classifier;

struct Res {
    enclosed: Regex,
    enclosed_bare: Regex,
    enclosed_sentence: Regex,
    announced: Regex,
    announced_item: Regex,
    present: Regex,
    present_titled: Regex,
}

static RES: LazyLock<Res> = LazyLock::new(|| Res {
    // (关于)印发/转发 X 的通知 (X may itself contain 的); the verb opens
    // the title (`关于严肃新闻发布纪律的通知` encloses nothing).
    enclosed: regex(&format!(
        r"^(?:关于)?(?:{})(?P<x>.+)的(?P<g>{})$",
        patterns::ENCLOSING_VERBS.join("|"),
        patterns::COVER_GENRES.join("|")
    )),
    // (关于)转发《X》 — a cover title without its genre word.
    enclosed_bare: regex(&format!(
        r"^(?:关于)?(?:{})(?P<x>《.+》)$",
        patterns::ENCLOSING_VERBS.join("|"),
    )),
    // 现将《X》印发给你们 / 《X》已经…同意，现印发给你们 — the cover sentence
    // of a notice whose title is not printed.
    // (现将)《X》(已经…同意，现)印发给你们: the same sentence.
    enclosed_sentence: regex(&format!(
        r"(?P<x>《[^。《]+?》)[^。《]{{0,80}}?(?:{})给你们",
        patterns::ENCLOSING_VERBS.join("|"),
    )),
    // 附件：1.XXX  /  附件：XXX  /  附件1：XXX
    announced: regex(r"^附件(?P<n>[0-9]{0,2})[：:](?P<rest>.+)$"),
    announced_item: regex(r"^(?P<n>[0-9]{1,2})[\.．、，,](?P<t>.+)$"),
    // 附件 / 附件1 / 附件1： standing alone (optionally followed by a title)
    // 附件3—1 / 附件3-2: the parts of attachment 3
    present: regex(r"^附件(?P<n>[0-9]{0,2})(?P<part>[—－\-–][0-9]{1,2})?[：:]?$"),
    // 附件3          标题 — label and title on one line, set apart by a wide
    // gap in the raw line (checked by `wide_gap_after_label`)
    present_titled: regex(r"^附件(?P<n>[0-9]{1,2})(?P<t>[^：:0-9].*)$"),
});

/// Enclosed document named by a cover title, and where its own title is
/// printed (searched from `from` to `last`, 0-based).
pub fn enclosed(
    cls: &Classifier<'_, '_>,
    header: &Header,
    from: usize,
    last: usize,
    web_copy: bool,
) -> Vec<Enclosed> {
    let src = cls.src;
    let named: Option<String> = match header.title.as_ref().map(|f| f.value.as_str()) {
        Some(title) => RES
            .enclosed
            .captures(title)
            .or_else(|| RES.enclosed_bare.captures(title))
            .and_then(|c| c.name("x"))
            .map(|m| m.as_str().to_string()),
        // No title printed: the cover sentence names the enclosed text.
        None => (from..=last.min(src.len().saturating_sub(1)))
            .take(8)
            .find_map(|i| {
                let c = src.lines.get(i).map(|l| l.compact.as_str()).unwrap_or("");
                RES.enclosed_sentence
                    .captures(c)
                    .and_then(|c| c.name("x"))
                    .map(|m| m.as_str().to_string())
            }),
    };
    let Some(named) = named else {
        return Vec::new();
    };
    let x = strip_one_pair(&named);
    let quoted = x.len() < named.len();
    // `印发A和B的通知`: two texts, each named with its genre word.
    let parts: Vec<&str> = match x.split_once('和') {
        Some((a, b)) if genre_of(a).is_some() && genre_of(b).is_some() && !a.contains('《') => {
            vec![a, b]
        }
        _ => vec![x],
    };
    parts
        .into_iter()
        .map(|x| {
            let (title_span, printed, span) = match find_title_lines(cls, x, from, last) {
                Some((a, b, printed)) => (
                    Some(src.span_lines(a + 1, b + 1)),
                    printed,
                    Some(src.span_lines(a + 1, last + 1)),
                ),
                None => (None, None, None),
            };
            // A web copy names the enclosed text as that text prints its
            // title; a 转发 of another organ's document drops its prefix.
            let printed = printed.map(|p| p.trim_matches(['?', '？']).to_string());
            let title = match (&printed, web_copy) {
                // A name quoted in 《》 is exact; an unquoted one may be
                // shortened (`印发土壤污染防治工作实施方案` for `商洛市…`).
                (Some(p), true) if !quoted && prints_the_same(p, x) => p.clone(),
                (_, true) if !quoted => without_issuer(x).to_string(),
                _ => x.to_string(),
            };
            Enclosed {
                genre: genre_of(&title).map(str::to_string),
                title,
                printed_title: printed,
                title_span,
                span,
            }
        })
        .collect()
}

/// Is `printed` the enclosed text's own title for the cover's name `x`
/// (`商洛市` + x, or x with a `的` more), not a neighbouring line that
/// merely resembles it (an attachment label, another plan)?
fn prints_the_same(printed: &str, x: &str) -> bool {
    !printed.starts_with("附件")
        && !printed.contains([':', '：'])
        && genre_of(printed) == genre_of(x)
        && (printed.ends_with(x) || dice(&normalize_title(printed), &normalize_title(x)) >= 0.9)
}

/// `省人力资源社会保障厅等部门关于做好…的意见` → `关于做好…的意见`.
fn without_issuer(x: &str) -> &str {
    match x.find("关于") {
        Some(p) if p > 0 => {
            let prefix = &x[..p];
            let bare = crate::grammar::agencies::split_open_list(prefix).0;
            if patterns::agency_suffix(bare).is_some() && !bare.contains(['《', '“', '，']) {
                &x[p..]
            } else {
                x
            }
        }
        _ => x,
    }
}

/// Remove one surrounding pair of 《》.
fn strip_one_pair(s: &str) -> &str {
    match s.strip_prefix('《').and_then(|t| t.strip_suffix('》')) {
        Some(t) if !t.contains('》') => t,
        _ => s,
    }
}

/// Find where the enclosed text prints its title: 1–3 consecutive content
/// lines whose joined compact text equals `x` (《》 ignored); else the most
/// similar short title-like line. Returns (first, last, printed title when
/// it differs from `x`).
fn find_title_lines(
    cls: &Classifier<'_, '_>,
    x: &str,
    from: usize,
    last: usize,
) -> Option<(usize, usize, Option<String>)> {
    let src = cls.src;
    let target = normalize_title(x);
    let last = last.min(src.len().saturating_sub(1));
    let mut best: Option<(f64, usize, usize, String)> = None;
    let mut i = from;
    while i <= last {
        let Some(a) = cls.next_content(i) else { break };
        if a > last {
            break;
        }
        let mut joined = String::new();
        let mut b = a;
        for _ in 0..3 {
            let c = src.lines.get(b).map(|l| l.compact.as_str()).unwrap_or("");
            if c.ends_with(['。', '：', ':', '；']) || c.chars().count() > 80 {
                break;
            }
            joined.push_str(c);
            let norm = normalize_title(&joined);
            if norm == target {
                return Some((a, b, None));
            }
            if !target.starts_with(&norm) {
                let sim = dice(&norm, &target);
                if sim >= 0.75
                    && genre_of(&joined).is_some()
                    && best.as_ref().is_none_or(|(s, ..)| sim > *s)
                {
                    best = Some((sim, a, b, joined.clone()));
                }
                break;
            }
            match cls.next_content(b + 1) {
                Some(n) if n <= last => b = n,
                _ => break,
            }
        }
        i = a + 1;
    }
    best.map(|(_, a, b, t)| (a, b, Some(t)))
}

/// Longest line (chars) read as the wrapped end of an announced item.
const WRAPPED_TAIL_MAX_CHARS: usize = 20;

/// A short line that can end an announced attachment title wrapped from
/// the line before: no sentence end, no label of its own.
fn is_wrapped_item_tail(line: &str) -> bool {
    let n = line.chars().count();
    (1..=WRAPPED_TAIL_MAX_CHARS).contains(&n)
        && !line.ends_with(['。', '；', ';', '：', ':'])
        && !line.starts_with("附件")
        && RES.announced_item.captures(line).is_none()
}

/// The number of an announced list item (`2.…` → 2).
fn item_number(line: &str) -> Option<u32> {
    RES.announced_item
        .captures(line)?
        .name("n")?
        .as_str()
        .parse()
        .ok()
}

/// Whitespace chars that set an attachment label apart from a title printed
/// on the same line (`附件3` + padding + title).
const LABEL_GAP_MIN: usize = 2;

/// True when, in the raw line, the `附件N` label is followed by at least
/// [`LABEL_GAP_MIN`] whitespace chars (a heading laid out on one line, not
/// prose such as `附件3所列`).
fn wide_gap_after_label(raw: &str) -> bool {
    let Some(k) = raw.find("附件") else {
        return false;
    };
    let rest = raw.get(k + "附件".len()..).unwrap_or("");
    let rest = rest.trim_start_matches(crate::source::text::is_space);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    rest.chars()
        .take_while(|&c| crate::source::text::is_space(c))
        .count()
        >= LABEL_GAP_MIN
}

/// Attachments: announced in 附件说明 (`附件：1.… 2.…`) and present
/// (`附件1` heading lines). Missing ones are reported.
pub fn attachments(
    cls: &Classifier<'_, '_>,
    from: usize,
    last: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Attachment> {
    let src = cls.src;
    let last = last.min(src.len().saturating_sub(1));
    let mut announced: Vec<(String, Option<String>, Span)> = Vec::new();
    let mut present: Vec<(String, Option<String>, Span)> = Vec::new();
    let c = |i: usize| src.lines.get(i).map(|l| l.compact.as_str()).unwrap_or("");
    let mut i = from;
    while i <= last {
        let ci = c(i);
        if let Some(caps) = RES.announced.captures(ci) {
            let n = caps.name("n").map(|m| m.as_str()).unwrap_or("");
            let rest = caps.name("rest").map(|m| m.as_str()).unwrap_or("");
            if let Some(item) = RES.announced_item.captures(rest) {
                // Numbered list, continuing on the following lines.
                let num = item.name("n").map(|m| m.as_str()).unwrap_or("1");
                let t = item.name("t").map(|m| m.as_str().to_string());
                announced.push((format!("附件{num}"), t, src.span_lines(i + 1, i + 1)));
                let mut k = i + 1;
                let mut expected = num.parse::<u32>().unwrap_or(1) + 1;
                while let Some(nx) = cls.next_content(k) {
                    if nx > last {
                        break;
                    }
                    match RES.announced_item.captures(c(nx)) {
                        Some(it) if c(nx).chars().count() < 80 && !c(nx).ends_with('。') => {
                            let num = it.name("n").map(|m| m.as_str()).unwrap_or("");
                            let t = it.name("t").map(|m| m.as_str().to_string());
                            expected = num.parse::<u32>().map_or(expected, |v| v + 1);
                            announced.push((
                                format!("附件{num}"),
                                t,
                                src.span_lines(nx + 1, nx + 1),
                            ));
                            k = nx + 1;
                        }
                        // An item's title wrapped onto the next line
                        // (`1.…分级标准和响应` / `规定` / `2.…`): a short
                        // line followed by the next item, or by the first
                        // attachment's label (after the last item).
                        _ if is_wrapped_item_tail(c(nx))
                            && cls.next_content(nx + 1).is_some_and(|m| {
                                m <= last
                                    && (item_number(c(m)) == Some(expected)
                                        || RES.present.is_match(c(m)))
                            }) =>
                        {
                            if let Some((_, title, span)) = announced.last_mut() {
                                if let Some(t) = title {
                                    t.push_str(c(nx));
                                }
                                // The item's span covers its wrapped tail.
                                *span = src.span_lines(span.start_line, nx + 1);
                            }
                            k = nx + 1;
                        }
                        _ => break,
                    }
                }
                i = k;
                continue;
            } else if rest.chars().count() < 100 {
                announced.push((
                    format!("附件{n}"),
                    Some(rest.to_string()),
                    src.span_lines(i + 1, i + 1),
                ));
            }
        } else if let Some(caps) = RES.present.captures(ci) {
            let n = caps.name("n").map(|m| m.as_str()).unwrap_or("");
            // A later part of an attachment already present adds nothing.
            let label = format!("附件{n}");
            if caps.name("part").is_some() && present.iter().any(|(l, _, _)| *l == label) {
                i += 1;
                continue;
            }
            let title = cls
                .next_content(i + 1)
                .filter(|&k| k <= last)
                .map(|k| c(k).to_string())
                .filter(|t| t.chars().count() <= 80 && !t.ends_with('。'));
            present.push((format!("附件{n}"), title, src.span_lines(i + 1, i + 1)));
        } else if let Some(caps) = RES.present_titled.captures(ci) {
            let raw = src.lines.get(i).map_or("", |l| l.text);
            let n = caps.name("n").map_or("", |m| m.as_str());
            let t = caps.name("t").map_or("", |m| m.as_str());
            if wide_gap_after_label(raw) && t.chars().count() <= 80 && !t.ends_with('。') {
                let span = src.span_lines(i + 1, i + 1);
                present.push((format!("附件{n}"), Some(t.to_string()), span));
            }
        }
        i += 1;
    }
    // A single announced attachment is labelled 附件; a lone present 附件 or
    // 附件1 matches it.
    let mut out: Vec<Attachment> = Vec::new();
    let mut used = vec![false; present.len()];
    for (label, title, span) in &announced {
        let idx = present.iter().enumerate().position(|(k, (pl, _, _))| {
            !used[k]
                && (pl == label
                    || (announced.len() == 1 && (pl == "附件" || pl == "附件1"))
                    || (label == "附件" && pl == "附件1"))
        });
        let p = idx.map(|k| {
            used[k] = true;
            present[k].2.clone()
        });
        // A title cut by a line break we could not join (`…体系示` / `范区…`
        // / `名单` before the signature) is completed from the heading
        // printed on the attachment itself.
        let title = match (title, idx.and_then(|k| present[k].1.as_ref())) {
            (Some(a), Some(h)) if h.len() > a.len() && h.starts_with(a.as_str()) => Some(h.clone()),
            (t, _) => t.clone(),
        };
        if p.is_none() {
            diags.push(Diagnostic::warn(
                "attachment-missing",
                span.start_line,
                format!(
                    "{label}（{}）已在附件说明中列出，但正文中没有",
                    title.as_deref().unwrap_or("")
                ),
            ));
        }
        out.push(Attachment {
            label: label.clone(),
            title,
            announced: Some(span.clone()),
            present: p,
        });
    }
    for (k, (label, title, span)) in present.into_iter().enumerate() {
        if !used[k] {
            out.push(Attachment {
                label,
                title,
                announced: None,
                present: Some(span),
            });
        }
    }
    out
}

/// Appended 政策解读 sections: a `《X》` line (possibly split over two lines)
/// followed by or ending in `政策解读`. Returns their first lines (0-based).
pub fn interpretations(cls: &Classifier<'_, '_>, from: usize, last: usize) -> Vec<usize> {
    let src = cls.src;
    let mut out = Vec::new();
    let c = |i: usize| src.lines.get(i).map(|l| l.compact.as_str()).unwrap_or("");
    for i in from..=last.min(src.len().saturating_sub(1)) {
        let ci = c(i);
        if ci.chars().count() > 80 || !ci.ends_with("政策解读") {
            continue;
        }
        // Walk back to the line that opens the 《…》 title.
        let mut k = i;
        if ci == "政策解读" || !ci.starts_with('《') {
            for _ in 0..3 {
                match cls.prev_content(k) {
                    Some(p) if p >= from => {
                        k = p;
                        if c(p).starts_with('《') {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            if !c(k).starts_with('《') {
                k = i;
            }
        }
        out.push(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::source::pattern::force_patterns!(RES);
}
