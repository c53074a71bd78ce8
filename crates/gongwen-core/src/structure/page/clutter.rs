//! Page clutter (网页杂项): breadcrumbs, source / date / view-count lines,
//! share bars, site tags and mirror-site junk — the lines of a copied web page
//! that are not the document's.

use std::sync::LazyLock;

use crate::grammar::dates;
use crate::grammar::patterns::{self, genre_of};
use crate::source::scan::LiteralSet;

/// [`patterns::PAGE_CLUTTER_WORDS`], found in one pass.
static CLUTTER_WORDS: LazyLock<LiteralSet> =
    LazyLock::new(|| LiteralSet::new(patterns::PAGE_CLUTTER_WORDS));

/// [`patterns::PAGE_BREADCRUMBS`], found in one pass.
static BREADCRUMBS: LazyLock<LiteralSet> =
    LazyLock::new(|| LiteralSet::new(patterns::PAGE_BREADCRUMBS));

/// Is the compact line page clutter?
pub(super) fn is_clutter(c: &str) -> bool {
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
pub(super) fn is_junk(c: &str) -> bool {
    c.starts_with("http")
        || (!c.chars().any(crate::source::text::is_han)
            && c.chars().filter(|ch| ch.is_ascii_punctuation()).count() >= 3
            && dates::loose_date_line(c).is_none())
}

/// Does the compact line begin the text (an addressee line `…：`, or a
/// sentence)? Title candidates stand above it.
pub(super) fn ends_head(c: &str) -> bool {
    let n = c.chars().count();
    (c.ends_with(['：', ':'])
        && n <= 120
        && patterns::ADDRESSEE_HINTS.iter().any(|h| c.contains(h)))
        || (n >= 40 && c.contains('。') && !c.starts_with(['（', '(']))
}

/// A whole line that is a site tag: `【本级政策】`, `「通告」`, `[通知]`.
pub(super) fn is_site_tag(c: &str) -> bool {
    let n = c.chars().count();
    n <= 20
        && [('【', '】'), ('「', '」'), ('[', ']'), ('〖', '〗')]
            .iter()
            .any(|(a, b)| c.starts_with(*a) && c.ends_with(*b) && c.matches(*a).count() == 1)
}
