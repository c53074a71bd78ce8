//! Numerals and dates: Arabic and full-width digits (folded by the compact
//! view), Chinese numerals with 〇 (or a letter O printed for it), and
//! malformed dates kept and flagged; [`loose_date_line`] also reads numeric
//! dates (`2017-06-23`).

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

use crate::model::DocDate;
use crate::source::pattern::regex;

/// Value of a Chinese numeral (`十二` → 12, `二十` → 20, `一百零五` → 105,
/// `两` → 2) or of ASCII digits. `None` when `s` is not a numeral.
pub fn parse_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let mut total: u32 = 0;
    let mut section: u32 = 0;
    let mut digit: Option<u32> = None;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            section = section.checked_add(digit.take().unwrap_or(0))?;
            total = total.checked_add(section.checked_mul(10_000)?)?;
            section = 0;
        } else {
            let d = digit.take().unwrap_or(1);
            section = section.checked_add(d.checked_mul(unit)?)?;
        }
    }
    section = section.checked_add(digit.unwrap_or(0))?;
    total.checked_add(section)
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'О' | 'o' | 'O' | 'Ｏ' | '0' => 0,
        '一' | '壹' | '1' => 1,
        '二' | '两' | '贰' | '2' => 2,
        '三' | '叁' | '3' => 3,
        '四' | '肆' | '4' => 4,
        '五' | '伍' | '5' => 5,
        '六' | '陆' | '6' => 6,
        '七' | '柒' | '7' => 7,
        '八' | '捌' | '8' => 8,
        '九' | '玖' | '9' => 9,
        _ => return None,
    })
}

/// A year written digit by digit (`二〇一七` → 2017, `2017` → 2017).
pub fn parse_year(s: &str) -> Option<i32> {
    if s.chars().count() != 4 {
        return None;
    }
    let mut y = 0i32;
    for c in s.chars() {
        y = y * 10 + cn_digit(c)? as i32;
    }
    Some(y)
}

/// A `YYYY年M月D日` date over compact text, any numeral style, as a regex
/// source: the one date pattern, read by [`find_date`] and the anchored
/// readers here, and embedded by the phrasings that name a date
/// (`自{DATE}起施行`). Groups: `y`, four digits of a year written digit by
/// digit, in any numeral style or with the letters web copies print for 〇
/// (`二OO九年`, `二O一七年`: Latin `O`/`o`, full-width `Ｏ`, Cyrillic `О`);
/// `bad`, a doubled 月 (`2021年月3月18日`, kept and flagged); `m` and `d`,
/// one to three numerals of any style.
pub const DATE: &str = r"(?P<y>[0-9〇○零一二三四五六七八九十两OoＯО]{4})年(?P<bad>月)?(?P<m>[0-9〇○零一二三四五六七八九十两]{1,3})月(?P<d>[0-9〇○零一二三四五六七八九十两]{1,3})日";

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| regex(DATE));
static DATE_START_RE: LazyLock<Regex> = LazyLock::new(|| regex(&format!("^(?:{DATE})")));
static DATE_END_RE: LazyLock<Regex> = LazyLock::new(|| regex(&format!("(?:{DATE})$")));

/// A year opening a text (`2021年`), of a date printed without its day.
static YEAR_START_RE: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:19|20)[0-9]{2}年"));

/// The numeric dates [`loose_date_line`] accepts, one separator throughout
/// (checked in code): `2017-06-23`, `2017.06.23`, `2017/6/23` (either
/// width of `-`, `.`, `/`).
const LOOSE_DATE: &str = r"^(?P<y>(?:19|20)[0-9]{2})(?P<s1>[-－.．/／])(?P<m>[0-9]{1,2})(?P<s2>[-－.．/／])(?P<d>[0-9]{1,2})$";

static LOOSE_DATE_RE: LazyLock<Regex> = LazyLock::new(|| regex(LOOSE_DATE));

/// A date found in a compact string: value plus compact byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: DocDate,
    pub start: usize,
    pub end: usize,
}

/// Find the first `YYYY年M月D日` date (any numeral style) in a compact string.
pub fn find_date(compact: &str) -> Option<FoundDate> {
    found(&DATE_RE.captures(compact)?)
}

/// The date a compact string starts with.
pub fn date_at_start(compact: &str) -> Option<FoundDate> {
    found(&DATE_START_RE.captures(compact)?)
}

/// The date a compact string ends with (the leftmost one that runs to the
/// end).
pub fn date_at_end(compact: &str) -> Option<FoundDate> {
    found(&DATE_END_RE.captures(compact)?)
}

/// Bytes of the year (`2021年`) a compact string starts with.
pub fn year_at_start(compact: &str) -> Option<usize> {
    YEAR_START_RE.find(compact).map(|m| m.end())
}

/// The date a match of [`DATE`] reads.
fn found(caps: &regex::Captures<'_>) -> Option<FoundDate> {
    let whole = caps.get(0)?;
    let y = parse_year(caps.name("y")?.as_str());
    let m = parse_number(caps.name("m")?.as_str());
    let d = parse_number(caps.name("d")?.as_str());
    let bad = caps.name("bad").is_some();
    let date = match (y, m, d) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    Some(FoundDate {
        date: DocDate {
            raw: whole.as_str().to_string(),
            malformed: bad || date.is_none(),
            date,
        },
        start: whole.start(),
        end: whole.end(),
    })
}

/// The whole compact line is a date (a 成文日期 line), possibly followed by
/// nothing else. Returns the date when the line is *only* a date.
pub fn date_line(compact: &str) -> Option<DocDate> {
    // The longest date is 13 chars of at most 3 bytes (`二〇二二年十二月三十一日`).
    if compact.len() > MAX_DATE_BYTES {
        return None;
    }
    let f = find_date(compact)?;
    if f.start == 0 && f.end == compact.len() {
        Some(f.date)
    } else {
        None
    }
}

/// Numeric dates as web pages print them (`2017-06-23`, `2017.06.23`,
/// `2017/6/23`; the same separator twice). `raw` is the line as printed;
/// an impossible day (`2017-02-30`) is kept and flagged malformed.
fn numeric_date_line(compact: &str) -> Option<DocDate> {
    let c = LOOSE_DATE_RE.captures(compact)?;
    if c.name("s1")?.as_str() != c.name("s2")?.as_str() {
        return None;
    }
    let y = c.name("y")?.as_str().parse().ok()?;
    let m = c.name("m")?.as_str().parse().ok()?;
    let d = c.name("d")?.as_str().parse().ok()?;
    let date = NaiveDate::from_ymd_opt(y, m, d);
    Some(DocDate {
        raw: compact.to_string(),
        malformed: date.is_none(),
        date,
    })
}

/// All dates in a compact string.
pub fn find_dates(compact: &str) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let mut off = 0;
    while off < compact.len() {
        let Some(rest) = compact.get(off..) else {
            break;
        };
        let Some(mut f) = find_date(rest) else { break };
        f.start += off;
        f.end += off;
        off = f.end.max(off + 1);
        out.push(f);
    }
    out
}

/// Bytes a whole-line date can take at most: a four-digit year, a month
/// and a day of up to three numerals each, 年 月 日 and a doubled 月, three
/// bytes a char.
const MAX_DATE_BYTES: usize = 14 * 3;

/// Junk a mirror site puts in front of a line (`??2018年5月14日`, `{ 2017`).
const LINE_JUNK: &[char] = &['?', '？', '{', '}', '|', '｜', '·'];

/// A line that is only a date, read more loosely than [`date_line`] (whose
/// strictness the corpus header and signature logic relies on), as web
/// copies print signature dates: every form [`date_line`] reads (after
/// junk such as `??`), numeric dates (`2019-10-22`, `2019.10.22`,
/// `2019/10/22`), or the digits alone (`20171116`, `2015917` — the one
/// reading that is a valid date; flagged malformed). Raw as printed.
pub fn loose_date_line(compact: &str) -> Option<DocDate> {
    let c = compact.trim_matches(LINE_JUNK);
    if c.is_empty() || c.len() > MAX_DATE_BYTES {
        return None;
    }
    date_line(c)
        .or_else(|| numeric_date_line(c))
        .or_else(|| digit_run_date(c))
}

/// `20171116` / `2015917` / `202465`: a year and a month and day run
/// together; accepted when exactly one split is a valid date.
fn digit_run_date(c: &str) -> Option<DocDate> {
    if !(6..=8).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = c
        .get(..4)?
        .parse()
        .ok()
        .filter(|y| (1949..=2100).contains(y))?;
    let rest = c.get(4..)?;
    let mut readings = Vec::new();
    for k in 1..rest.len() {
        let (m, d) = (rest.get(..k)?, rest.get(k..)?);
        if m.len() > 2 || d.len() > 2 {
            continue;
        }
        if let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                readings.push(date);
            }
        }
    }
    readings.dedup();
    match readings.as_slice() {
        [date] => Some(DocDate {
            raw: c.to_string(),
            date: Some(*date),
            malformed: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::source::pattern::force_patterns!(
        DATE_RE,
        DATE_START_RE,
        DATE_END_RE,
        YEAR_START_RE,
        LOOSE_DATE_RE
    );

    #[test]
    fn numerals() {
        assert_eq!(parse_number("十二"), Some(12));
        assert_eq!(parse_number("二十"), Some(20));
        assert_eq!(parse_number("四十二"), Some(42));
        assert_eq!(parse_number("一百零五"), Some(105));
        assert_eq!(parse_number("15"), Some(15));
        assert_eq!(parse_number("甲"), None);
        assert_eq!(parse_year("二〇一七"), Some(2017));
    }

    #[test]
    fn dates_in_all_styles() {
        let d = date_line("二〇一七年六月九日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2017, 6, 9));
        let d = date_line("2015年8月1日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2015, 8, 1));
        let d = date_line("二〇一七年八月二十二日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2017, 8, 22));
        let d = date_line("2021年月3月18日").unwrap();
        assert!(d.malformed);
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2021, 3, 18));
        assert_eq!(d.raw, "2021年月3月18日");
        let d = date_line("2021年2月30日").unwrap();
        assert!(d.malformed && d.date.is_none());
        assert!(date_line("自2015年8月1日起施行").is_none());
        assert_eq!(find_dates("2015年1月1日至2016年2月3日").len(), 2);
    }

    #[test]
    fn anchored_dates() {
        let f = date_at_end("某市人民政府办公室2019年12月4日").unwrap();
        assert_eq!(f.date.date, NaiveDate::from_ymd_opt(2019, 12, 4));
        assert_eq!(
            (f.start, f.end),
            (
                "某市人民政府办公室".len(),
                "某市人民政府办公室2019年12月4日".len()
            )
        );
        assert!(date_at_end("2019年12月4日印发").is_none());
        let f = date_at_start("二〇一八年七月二十二日县政府").unwrap();
        assert_eq!(f.date.date, NaiveDate::from_ymd_opt(2018, 7, 22));
        assert_eq!((f.start, f.end), (0, "二〇一八年七月二十二日".len()));
        assert!(date_at_start("于2018年7月22日").is_none());
        // Every form of the one pattern, in either place.
        for s in ["2021年月3月18日", "二OO九年一月五日", "２０２０年７月７日"] {
            let s = crate::source::text::compact(s);
            assert!(date_at_start(&s).is_some_and(|f| f.end == s.len()), "{s}");
            assert!(date_at_end(&s).is_some_and(|f| f.start == 0), "{s}");
        }
        assert_eq!(year_at_start("2021年某市"), Some("2021年".len()));
        assert_eq!(year_at_start("1821年"), None);
        assert_eq!(year_at_start("某2021年"), None);
    }

    #[test]
    fn the_date_pattern_embeds() {
        // A phrasing naming a date embeds the pattern as a group of its own.
        let re = Regex::new(&format!("自(?P<date>{DATE})起施行")).unwrap();
        let c = re.captures("本办法自2015年8月1日起施行").unwrap();
        let d = find_date(c.name("date").unwrap().as_str()).unwrap();
        assert_eq!(d.date.date, NaiveDate::from_ymd_opt(2015, 8, 1));
        assert!(!re.is_match("本办法自2015年8月起施行"));
    }

    #[test]
    fn loose_signature_dates() {
        let day = |s: &str| loose_date_line(s).and_then(|d| d.date);
        assert_eq!(day("??2018年5月14日"), NaiveDate::from_ymd_opt(2018, 5, 14));
        assert_eq!(day("2019-10-22"), NaiveDate::from_ymd_opt(2019, 10, 22));
        assert_eq!(day("2019.10.22"), NaiveDate::from_ymd_opt(2019, 10, 22));
        assert_eq!(day("20171116"), NaiveDate::from_ymd_opt(2017, 11, 16));
        assert_eq!(day("2015917"), NaiveDate::from_ymd_opt(2015, 9, 17));
        assert!(loose_date_line("20171116").is_some_and(|d| d.malformed));
        // Two readings (2020-1-11 / 2020-11-1): none chosen.
        assert_eq!(day("2020111"), None);
        assert_eq!(day("13391234567"), None);
    }

    #[test]
    fn letter_o_for_zero_in_years() {
        let d = date_line("二OO九年十二月二十三日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2009, 12, 23));
        assert!(!d.malformed);
        assert_eq!(d.raw, "二OO九年十二月二十三日");
        let d = date_line("二O一七年六月九日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2017, 6, 9));
        let d = date_line("二oo九年一月五日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2009, 1, 5));
        let d = date_line("二ＯＯ九年一月五日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2009, 1, 5));
        let d = date_line("二〇一七年六月九日").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2017, 6, 9));
        assert_eq!(parse_year("二O一七"), Some(2017));
        // Spaced digits: the compact view removes the spaces.
        let d = date_line(&crate::source::text::compact("2020 年 7 月 7 日")).unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2020, 7, 7));
        let d = date_line(&crate::source::text::compact("２０２０年　７月７日")).unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2020, 7, 7));
    }

    #[test]
    fn loose_numeric_date_lines() {
        for (s, (y, m, d)) in [
            ("2017-06-23", (2017, 6, 23)),
            ("2017.06.23", (2017, 6, 23)),
            ("2017/6/23", (2017, 6, 23)),
            ("2017－6－23", (2017, 6, 23)),
            ("2017年6月23日", (2017, 6, 23)),
        ] {
            let got = loose_date_line(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(got.date, NaiveDate::from_ymd_opt(y, m, d), "{s}");
            assert_eq!(got.raw, s);
            assert!(!got.malformed, "{s}");
        }
        let d = loose_date_line("2017-02-30").unwrap();
        assert!(d.malformed && d.date.is_none());
        for s in [
            "2017-06/23",
            "2017-06-23日",
            "发布日期2017-06-23",
            "17-06-23",
            "",
        ] {
            assert!(loose_date_line(s).is_none(), "{s}");
        }
        // date_line itself stays strict.
        assert!(date_line("2017-06-23").is_none());
    }
}
