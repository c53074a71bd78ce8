//! Title candidates of a web copy: a line (or up to three) ending in a genre
//! word, cleaned of site tags, annotations and a 文号 in front, in brackets or
//! glued after; issuers split from its front; scored by the evidence around
//! it.

use std::sync::LazyLock;

use crate::grammar::dates;
use crate::grammar::docnum;
use crate::grammar::patterns::{self, genre_of};
use crate::source::scan::LiteralSet;
use crate::structure::split::{issuer_title_split, Classifier};

/// [`patterns::GENRES`]: a title candidate holds one.
static GENRE_WORDS: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(patterns::GENRES));

/// Longest line that can be (part of) a title.
pub(super) const MAX_TITLE_LINE_CHARS: usize = 90;

/// A title read off one or more lines: the title text, the issuer prefix
/// (compact) and a 文号 printed with it.
#[derive(Debug, Clone)]
pub(super) struct Title {
    pub(super) text: String,
    pub(super) issuer: Option<String>,
    /// The line the issuer is printed on, when not the title's first.
    pub(super) issuer_line: Option<usize>,
    pub(super) doc_number: Option<(crate::model::DocNumber, usize, usize)>,
    /// A date printed with the 文号 in brackets (`（某政发〔2010〕9号 2010年1月14日）`).
    pub(super) date: Option<crate::model::DocDate>,
}

/// Can `t` end a title once cleaned: a genre word at its end, or a mark
/// that a site tag, an annotation, a 文号 or a site name closes it with?
/// (A cheap test before [`clean_title`] on every head line.)
pub(super) fn may_end_title(t: &str) -> bool {
    t.ends_with([')', '）', '】', '》', '|', '｜', '号', '號'])
        || t.contains(['-', '_', '—', '|'])
        || (GENRE_WORDS.is_in(t) && genre_of(t).is_some())
}

/// Clean a candidate title: site tags and annotations off, an issuer prefix
/// and a 文号 split off; `None` unless what remains ends in a genre word.
pub(super) fn clean_title(joined: &str) -> Option<Title> {
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
pub(super) fn trailing_paren(t: &str) -> Option<usize> {
    let stripped = t.strip_suffix(['）', ')'])?;
    stripped.rfind(['（', '('])
}

/// `…的通知宁政办发[2010]9号…` → (`…的通知`, the 文号).
pub(super) fn split_glued_number(t: &str) -> Option<(&str, crate::model::DocNumber)> {
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
pub(super) fn split_issuer(t: &str) -> Option<usize> {
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
pub(super) fn strip_session(s: &str) -> String {
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
pub(super) fn split_joint(s: &str) -> Vec<(String, usize, usize)> {
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
pub(super) fn joint_cuts(s: &str) -> Option<Vec<usize>> {
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
pub(super) fn inside_suffix(s: &str, p: usize) -> bool {
    patterns::AGENCY_SUFFIXES
        .iter()
        .any(|x| s.match_indices(x).any(|(q, m)| q < p && p < q + m.len()))
}

/// A line that is a whole title by itself (`…关于…的通知`), which a title
/// broken over lines never continues with.
pub(super) fn is_whole_title(c: &str) -> bool {
    may_end_title(c)
        && (c.contains("关于") || split_issuer(c).is_some())
        && clean_title(c).is_some()
}

/// The title at the start of a flattened line (`…的实施意见武政发[2017]52号各县…`):
/// the shortest head ending in a genre word that a 文号 or an addressee
/// follows.
pub(super) fn flattened_title(c: &str) -> Option<Title> {
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
pub(super) fn score_title(
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

/// The next content line at or after `i` that is the document's, not the
/// page's (`page_line`: clutter and metadata).
pub(super) fn next_doc_line(
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
pub(super) fn prev_doc_line(
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

/// A 文号 in brackets on its own line (`（津发改双碳〔2023〕144号）`).
pub(super) fn bracketed_number(c: &str) -> Option<(crate::model::DocNumber, usize, usize)> {
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
