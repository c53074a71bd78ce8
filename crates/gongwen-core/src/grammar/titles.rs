//! Titles compared: the one title normaliser ([`normalize_title`]) and the
//! one similarity of two titles ([`dice`]). Every stage that matches a
//! title (a citation to its document, an enclosed text to its cover, a
//! table-of-contents entry to its document, an attachment to its heading)
//! compares the normalised forms.

use crate::source::text::compact;

/// Marks a title comparison ignores: title marks of both levels (`《》`,
/// `〈〉`, `<>` for them) and quotes.
fn ignored(c: char) -> bool {
    matches!(
        c,
        '《' | '》' | '〈' | '〉' | '<' | '>' | '“' | '”' | '"' | '‘' | '’' | '\''
    )
}

/// The one form of a char a title comparison sees: round brackets full
/// width, dashes and tildes `-`.
fn fold(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        '—' | '–' | '－' | '‐' | '―' | '~' | '～' => '-',
        _ => c,
    }
}

/// Is `c` a char [`normalize_title`] may put in place of another? A
/// normalised title holding it says nothing of which char the text holds.
pub fn folds_into(c: char) -> bool {
    fold(c) != c || matches!(c, '（' | '）' | '-')
}

/// Normalised title for comparison (规范化标题): the compact view (spaces
/// removed, full-width digits and traditional chars folded), title marks
/// and quotes dropped, round brackets and dashes unified.
pub fn normalize_title(s: &str) -> String {
    normalized(s)
}

/// The compact view of `s`, the chars `drop` says dropped, the rest folded.
fn normalized(s: &str) -> String {
    compact(s)
        .chars()
        .filter(|&c| !ignored(c))
        .map(fold)
        .collect()
}

/// Dice coefficient over the char bigrams of `a` and `b` (each bigram of
/// `a` pairs with at most one of `b`): 1 for the same text, 0 when they
/// share no bigram or either has none.
pub fn dice(a: &str, b: &str) -> f64 {
    let x = bigrams(a);
    let mut y = bigrams(b);
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let total = x.len() + y.len();
    let mut common = 0;
    for p in &x {
        if let Some(k) = y.iter().position(|q| q == p) {
            y.swap_remove(k);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let v: Vec<char> = s.chars().collect();
    v.windows(2).map(|w| (w[0], w[1])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalise() {
        assert_eq!(
            normalize_title("关于印发《某市 办法(试行)》的通知"),
            "关于印发某市办法（试行）的通知"
        );
        assert_eq!(
            normalize_title("关于转发〈“十四五”规划〉的通知"),
            "关于转发十四五规划的通知"
        );
        assert_eq!(normalize_title("<甲>‘乙’\"丙\"'丁'"), "甲乙丙丁");
        for dash in ["—", "–", "－", "‐", "―", "~", "～", "-"] {
            assert_eq!(normalize_title(&format!("2021{dash}2025年")), "2021-2025年");
        }
        // The compact view: full-width digits, traditional chars.
        assert_eq!(normalize_title("關於２０２０年工作"), "关于2020年工作");
        assert_eq!(normalize_title(""), "");
        // Normalising twice changes nothing.
        let once = normalize_title("《关于（试行）—办法》");
        assert_eq!(normalize_title(&once), once);
    }

    #[test]
    fn inner_title_marks_are_ignored_like_outer_ones() {
        // A cover notice prints the enclosed title's inner marks 〈〉, the
        // enclosed text's heading prints them 《》 (realdocs 022.txt).
        assert_eq!(
            normalize_title("自治区〈某“十三五”方案(2018—2020年)〉的实施方案"),
            normalize_title("自治区《某十三五方案（2018-2020年）》的实施方案")
        );
    }

    #[test]
    fn folded_chars_are_known() {
        for c in ['(', ')', '（', '）', '—', '～', '-'] {
            assert!(folds_into(c), "{c}");
        }
        for c in ['关', '于', '1', '《', '”'] {
            assert!(!folds_into(c), "{c}");
        }
        // Every char a normalised title holds that is not in its source
        // is one of them.
        let src = "办法(试行)—2021";
        let n = normalize_title(src);
        for c in n.chars().filter(|c| !src.contains(*c)) {
            assert!(folds_into(c), "{c}");
        }
    }

    #[test]
    fn dice_on_bigrams() {
        assert_eq!(dice("关于印发办法", "关于印发办法"), 1.0);
        assert_eq!(dice("甲乙丙", "丁戊己"), 0.0);
        // 甲乙 乙丙 丙丁 / 甲乙 乙丙 丙戊: two of six shared bigrams each.
        assert!((dice("甲乙丙丁", "甲乙丙戊") - 4.0 / 6.0).abs() < 1e-12);
        // A repeated bigram pairs once.
        assert!((dice("甲甲甲", "甲甲") - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(dice("甲乙", "乙甲"), 0.0);
        // Symmetric.
        assert_eq!(dice("关于印发", "印发关于"), dice("印发关于", "关于印发"));
        // No bigram on either side: nothing shared.
        for (a, b) in [("", ""), ("甲", "甲"), ("", "甲乙"), ("甲乙", "")] {
            assert_eq!(dice(a, b), 0.0, "{a} {b}");
        }
    }
}
