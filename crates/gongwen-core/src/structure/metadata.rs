//! Metadata lines (元数据): the `label：value` lines and rows a web page or
//! a compiled file prints about a document (索引号, 发文字号, 成文日期 …), in
//! every style the labels of [`patterns::PAGE_METADATA_LABELS`] are printed
//! in. One reader for the corpus's metadata block and for web pages.

use std::sync::LazyLock;

use crate::grammar::patterns;

/// The `label：value` pairs of a compact metadata line in any style
/// (`索引号:…`, `[索引号]…[发文字号]…`, `索引号|…|发文字号|…`, a label and its
/// value without a separator when the label is one of the strong ones).
/// Empty unless the line starts with a label (after a bullet or bracket).
pub fn metadata_pairs(c: &str) -> Vec<(&'static str, String)> {
    if !starts_with_label(c) {
        return Vec::new();
    }
    // A numbered list item (`6.[发文字号]…`) or a bullet.
    let digits = c.trim_start_matches(|ch: char| ch.is_ascii_digit());
    let lead = match digits.strip_prefix(['.', '、']) {
        Some(rest) if digits.len() < c.len() => rest,
        _ => c,
    };
    let lead = lead.trim_start_matches(patterns::PAGE_METADATA_BULLETS);
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut i = 0;
    while i < lead.len() {
        let rest = &lead[i..];
        let hit = patterns::PAGE_METADATA_LABELS
            .iter()
            .filter(|(l, _)| rest.starts_with(l))
            .max_by_key(|(l, _)| l.len());
        match hit {
            Some((l, _)) => {
                let mut end = i + l.len();
                let after = &lead[end..];
                let sep = after
                    .chars()
                    .next()
                    .filter(|ch| patterns::PAGE_METADATA_SEPARATORS.contains(ch));
                let strong = patterns::PAGE_METADATA_STRONG.contains(l);
                let open_before = lead[..i].ends_with(['[', '【', '|']) || i == 0;
                if let Some(ch) = sep {
                    end += ch.len_utf8();
                } else if !(after.is_empty() || strong && open_before) {
                    i += rest.chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                if i == 0 || !found.is_empty() {
                    found.push((i, end, l));
                }
                i = end;
            }
            None => {
                if found.is_empty() && i > 0 {
                    break;
                }
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
        if found.is_empty() {
            break;
        }
    }
    found
        .iter()
        .enumerate()
        .map(|(k, &(_, end, label))| {
            let stop = found.get(k + 1).map_or(lead.len(), |n| n.0);
            let v = lead.get(end..stop).unwrap_or("");
            let v = v.trim_start_matches(patterns::PAGE_METADATA_SEPARATORS);
            // A `|`-separated row: the value is its own cell.
            let v = v.split(['|', '｜']).next().unwrap_or("");
            let v = v.trim_end_matches(['[', '【', '·']);
            (label, v.to_string())
        })
        .collect()
}

/// The pairs of a metadata row whose cells are set apart by spaces in the
/// printed line (`索引号 014437529/2018-00693 主题分类 城乡建设`, labels
/// possibly letter-spaced: `索 引 号`): a cell that is a label (a colon
/// allowed) starts a pair, the cells after it are its value. Empty unless
/// the first cell is a label.
pub fn metadata_cells(raw: &str) -> Vec<(&'static str, String)> {
    // Letter-spaced labels: runs of one-char cells joined.
    let mut cells: Vec<String> = Vec::new();
    let mut single = false;
    for tok in raw
        .split(crate::source::text::is_space)
        .filter(|t| !t.is_empty())
    {
        let one = tok.chars().count() == 1 && !tok.is_ascii();
        match cells.last_mut() {
            Some(last) if one && single => last.push_str(tok),
            _ => cells.push(tok.to_string()),
        }
        single = one;
    }
    let label_of = |cell: &str| -> Option<&'static str> {
        let c = crate::source::text::compact(cell);
        let c = c.trim_start_matches(patterns::PAGE_METADATA_BULLETS);
        let c = c.trim_end_matches([':', '：']);
        patterns::PAGE_METADATA_LABELS
            .iter()
            .find(|(l, _)| *l == c)
            .map(|(l, _)| *l)
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (k, cell) in cells.iter().enumerate() {
        match label_of(cell) {
            Some(l) => out.push((l, String::new())),
            None if k == 0 => return Vec::new(),
            None => {
                if let Some((_, v)) = out.last_mut() {
                    v.push_str(&crate::source::text::compact(cell));
                }
            }
        }
    }
    out
}

/// Does the compact line open with a metadata label (after a list number,
/// bullet or bracket)?
pub(crate) fn starts_with_label(c: &str) -> bool {
    let lead = c.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '.' || ch == '、');
    let lead = lead.trim_start_matches(patterns::PAGE_METADATA_BULLETS);
    lead.chars()
        .next()
        .is_some_and(|ch| LABEL_FIRST_CHARS.contains(&ch))
        && patterns::PAGE_METADATA_LABELS
            .iter()
            .any(|(l, _)| lead.starts_with(l))
}

/// The first chars of [`patterns::PAGE_METADATA_LABELS`]: most lines start
/// with none of them.
static LABEL_FIRST_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut v: Vec<char> = patterns::PAGE_METADATA_LABELS
        .iter()
        .filter_map(|(l, _)| l.chars().next())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
});
