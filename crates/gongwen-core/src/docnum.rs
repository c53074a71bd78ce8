//! 发文字号 (文号): `廊政办〔2015〕11号`, tolerant of 〔〕/[]/【】/() brackets,
//! of spaces (removed by the compact view) and of a missing agency code
//! (`〔2015〕16号`). Decree numbers (`廊坊市人民政府令〔2009〕第1号`,
//! `国务院令第649号`) parse to the same shape.

use regex::Regex;
use std::sync::LazyLock;

use crate::model::DocNumber;

/// The 文号 forms, as regexes over compact text (one table, one place).
pub const DOC_NUMBER_PATTERNS: &[&str] = &[
    // 机关代字〔年份〕序号号 — brackets of any width, optional 第
    r"(?P<prefix>[\p{Han}A-Za-z]{0,12}?)[〔\[【(（﹝](?P<year>(?:19|20)[0-9]{2})[〕\]】)）﹞]第?(?P<serial>[0-9]{1,5})号",
    // 国务院令第649号 (decree without a year)
    r"(?P<prefix>[\p{Han}]{1,16}令)第(?P<serial>[0-9]{1,5})号",
];

/// Per [`DOC_NUMBER_PATTERNS`] form, literals one of which its every match
/// holds within [`MAX_LEN`] bytes (the year's brackets, `令第`): a text is
/// tried only against the forms it could be.
const FORM_NEEDS: [&[&str]; 2] = [&["〔", "[", "【", "(", "（", "﹝"], &["令第"]];

/// Bytes a [`DOC_NUMBER_PATTERNS`] match can span at most: 16 four-byte
/// Han chars and 令, or 12 and a bracketed year, then `第`, five digits and
/// `号` (79 bytes; a test checks the longest forms parse).
const MAX_LEN: usize = 96;

static ANCHORED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    DOC_NUMBER_PATTERNS
        .iter()
        .map(|p| Regex::new(&format!("^(?:{p})")).expect("constant 文号 pattern"))
        .collect()
});

fn from_caps(c: &regex::Captures<'_>) -> Option<DocNumber> {
    let whole = c.get(0)?.as_str();
    let prefix = c
        .name("prefix")
        .map(|m| m.as_str())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let year = c.name("year").and_then(|m| m.as_str().parse().ok());
    let serial = c.name("serial").and_then(|m| m.as_str().parse().ok());
    Some(DocNumber {
        raw: whole.to_string(),
        prefix,
        year,
        serial,
    })
}

/// Parse a compact string that *starts* with a 文号. Returns the number and
/// the compact byte length it covers.
pub fn parse_prefix(compact: &str) -> Option<(DocNumber, usize)> {
    // Every form ends in 号 within its first MAX_LEN bytes: most texts
    // (what follows a title, a bracket's inside) are no 文号, and a
    // substring search says so sooner than the regexes.
    let head = compact.as_bytes();
    let head = head.get(..MAX_LEN).unwrap_or(head);
    memchr::memmem::find(head, "号".as_bytes())?;
    for (re, needs) in ANCHORED.iter().zip(FORM_NEEDS) {
        if !needs
            .iter()
            .any(|w| memchr::memmem::find(head, w.as_bytes()).is_some())
        {
            continue;
        }
        if let Some(c) = re.captures(compact) {
            let len = c.get(0)?.end();
            return from_caps(&c).map(|d| (d, len));
        }
    }
    None
}

/// Parse a compact string that is exactly one 文号.
pub fn parse_exact(compact: &str) -> Option<DocNumber> {
    match parse_prefix(compact) {
        Some((d, len)) if len == compact.len() => Some(d),
        _ => None,
    }
}

/// Canonical key for comparing 文号: brackets unified to 〔〕, `第` before
/// the serial dropped.
pub fn canonical(d: &DocNumber) -> String {
    match (d.year, d.serial) {
        (Some(y), Some(s)) => format!("{}〔{}〕{}号", d.prefix.as_deref().unwrap_or(""), y, s),
        (None, Some(s)) => format!("{}第{}号", d.prefix.as_deref().unwrap_or(""), s),
        _ => d.raw.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let d = parse_exact("廊政办〔2015〕11号").unwrap();
        assert_eq!(d.prefix.as_deref(), Some("廊政办"));
        assert_eq!((d.year, d.serial), (Some(2015), Some(11)));
        let d = parse_exact("〔2015〕16号").unwrap();
        assert_eq!(d.prefix, None);
        let d = parse_exact("廊政办[2015]11号").unwrap();
        assert_eq!(canonical(&d), "廊政办〔2015〕11号");
        assert!(parse_exact("冀政【2014】67号").is_some());
        let d = parse_exact("廊坊市人民政府令〔2009〕第1号").unwrap();
        assert_eq!(d.prefix.as_deref(), Some("廊坊市人民政府令"));
        assert_eq!(d.serial, Some(1));
        let d = parse_exact("国务院令第649号").unwrap();
        assert_eq!((d.year, d.serial), (None, Some(649)));
        let (d, n) = parse_prefix("巨政发〔2020〕1号2020年9月10日").unwrap();
        assert_eq!(d.raw, "巨政发〔2020〕1号");
        assert_eq!(n, "巨政发〔2020〕1号".len());
        assert!(parse_exact("各县人民政府").is_none());
    }

    #[test]
    fn each_form_holds_its_needed_literal() {
        assert_eq!(FORM_NEEDS.len(), DOC_NUMBER_PATTERNS.len());
        // The year form opens its year with one of these brackets.
        let open = DOC_NUMBER_PATTERNS[0]
            .split("[〔")
            .nth(1)
            .and_then(|r| r.split(']').next())
            .unwrap_or("");
        for w in FORM_NEEDS[0] {
            assert!(format!("〔{open}").contains(w), "{w}");
        }
        assert!(DOC_NUMBER_PATTERNS[1].contains("令)第"));
        for (text, form) in [
            ("廊政办〔2015〕11号", 0),
            ("冀政[2014]67号", 0),
            ("国务院令第649号", 1),
        ] {
            let head = text.as_bytes();
            assert!(FORM_NEEDS[form]
                .iter()
                .any(|w| memchr::memmem::find(head, w.as_bytes()).is_some()));
            assert!(parse_exact(text).is_some(), "{text}");
        }
    }

    #[test]
    fn the_longest_forms_fit_the_gate_window() {
        // 𠀀 (U+20000) is Han and four bytes long.
        let year = format!("{}﹝2015﹞第12345号", "𠀀".repeat(12));
        let decree = format!("{}令第12345号", "𠀀".repeat(16));
        for n in [year, decree] {
            assert!(n.len() <= MAX_LEN, "{n}");
            let d = parse_exact(&n);
            assert_eq!(d.map(|d| d.raw), Some(n.clone()));
            // A longer prefix than the table allows is no 文号 at all: no
            // match ever needs more than the window.
            let longer = format!("𠀀𠀀{n}");
            assert!(parse_prefix(&longer).is_none_or(|(_, len)| len <= MAX_LEN));
        }
    }
}
