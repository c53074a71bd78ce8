//! Numerals and dates: Arabic and full-width digits (folded by the compact
//! view), Chinese numerals with 〇, and malformed dates kept and flagged.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

use crate::model::DocDate;

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
        '〇' | '○' | '零' | 'О' | 'o' | 'O' | '0' => 0,
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

const NUM: &str = "[0-9〇○零一二三四五六七八九十两]";

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<y>{NUM}{{4}})年(?P<bad>月)?(?P<m>{NUM}{{1,3}})月(?P<d>{NUM}{{1,3}})日"
    ))
    .expect("constant date pattern")
});

/// A date found in a compact string: value plus compact byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: DocDate,
    pub start: usize,
    pub end: usize,
}

/// Find the first `YYYY年M月D日` date (any numeral style) in a compact string.
pub fn find_date(compact: &str) -> Option<FoundDate> {
    let caps = DATE_RE.captures(compact)?;
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
    let f = find_date(compact)?;
    if f.start == 0 && f.end == compact.len() {
        Some(f.date)
    } else {
        None
    }
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

/// Junk a mirror site puts in front of a line (`??2018年5月14日`, `{ 2017`).
const LINE_JUNK: &[char] = &['?', '？', '{', '}', '|', '｜', '·'];

/// A signature date line as web copies print it: a `YYYY年M月D日` line
/// (after junk such as `??`), an ISO-like `2019-10-22` / `2019.10.22` /
/// `2019/10/22`, or the digits alone (`20171116`, `2015917` — the one
/// reading that is a valid date; flagged malformed). Raw as printed.
pub fn loose_date_line(compact: &str) -> Option<DocDate> {
    let c = compact.trim_matches(LINE_JUNK);
    if c.is_empty() {
        return None;
    }
    if let Some(d) = date_line(c) {
        return Some(d);
    }
    let parts: Vec<&str> = c.split(['-', '.', '/']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let y = parts[0]
            .parse()
            .ok()
            .filter(|y| (1949..=2100).contains(y))?;
        let m = parts[1].parse().ok()?;
        let d = parts[2].parse().ok()?;
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        return Some(DocDate {
            raw: c.to_string(),
            date: Some(date),
            malformed: false,
        });
    }
    digit_run_date(c)
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
}
