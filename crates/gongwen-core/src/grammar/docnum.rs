//! 发文字号 (文号): `廊政办〔2015〕11号`, tolerant of 〔〕/[]/【】/()/（）/﹝﹞
//! brackets, of spaces (removed by the compact view), of a missing agency
//! code (`〔2015〕16号`), of `號` for `号` and of the slips real web copies
//! print (a masked year, a missing serial, a missing `号` or closing
//! bracket). Decree numbers (`廊坊市人民政府令〔2009〕第1号`,
//! `国务院令第649号`, `商务部令2007年第15号`), announcement numbers
//! (`…公告第52号`) and issue numbers of a bulletin series (`督察通报第十七期`)
//! parse to the same shape.
//!
//! Every form lives in one table, [`DOC_NUMBER_PATTERNS`]. A form is read
//! either at the start of a text ([`parse_prefix`], and so also as a whole
//! by [`parse_exact`]) or, for the slips too loose to trust in running
//! text, only as a whole text ([`parse_exact`]).

use regex::Regex;
use std::sync::LazyLock;

use crate::grammar::dates::parse_number;
use crate::model::DocNumber;
use crate::source::pattern::regex;

/// One 文号 form: its regex over compact text, the literals that gate it
/// and where it may be read.
///
/// Named groups: `prefix` (the agency code or the issuer, kept as
/// printed), `year` (four digits; unreadable digits such as `20**` give no
/// year) and `serial` (Arabic or Chinese digits).
#[derive(Debug, Clone, Copy)]
pub struct DocNumberForm {
    /// What the form is.
    pub name: &'static str,
    /// The regex, unanchored (the parsers anchor it).
    pub pattern: &'static str,
    /// Literals one of which every match holds within [`MAX_LEN`] bytes: a
    /// text is tried only against the forms it could be.
    pub needs: &'static [&'static str],
    /// Read only when the form is the whole text ([`parse_exact`]), never
    /// at the start of running text ([`parse_prefix`]).
    pub exact_only: bool,
    /// Texts the form reads as a whole (checked by the tests).
    pub examples: &'static [&'static str],
}

/// The brackets around a 文号's year, opening (any width).
const OPEN: &[&str] = &["〔", "[", "【", "(", "（", "﹝"];

/// The brackets around a 文号's year, closing, in the order of [`OPEN`].
const CLOSE: &[&str] = &["〕", "]", "】", ")", "）", "﹞"];

/// [`OPEN`] as a regex class (the forms and [`BRACKETED_CORE`] spell the
/// brackets with these two; a test checks them against the lists).
macro_rules! open_class {
    () => {
        r"[〔\[【(（﹝]"
    };
}

/// [`CLOSE`] as a regex class.
macro_rules! close_class {
    () => {
        r"[〕\]】)）﹞]"
    };
}

/// The 文号 forms over compact text (the one table of them), tried in
/// order: the first form that reads a text gives its number.
pub const DOC_NUMBER_PATTERNS: &[DocNumberForm] = &[
    // 机关代字〔年份〕序号号 — brackets of any width, an optional 第, an
    // optional agency code, a masked year (`20**`) and a missing serial.
    DocNumberForm {
        name: "bracketed year: 豫政〔2011〕95号",
        pattern: concat!(
            r"(?P<prefix>[\p{Han}A-Za-z]{0,12}?)",
            open_class!(),
            r"(?P<year>(?:19|20)[0-9*＊]{2})",
            close_class!(),
            r"(?:第?(?P<serial>[0-9]{1,5}))?[号號]"
        ),
        needs: OPEN,
        exact_only: false,
        examples: &[
            "豫政〔2011〕95号",
            "廊政办[2015]11号",
            "冀政【2014】67号",
            "廊政办(2015)11号",
            "廊政办（2015）第11号",
            "廊坊市人民政府令﹝2009﹞第1号",
            "〔2019〕第4号",
            "[2007]64号",
            "[2025]5号",
            "政府令〔2020〕293號",
            "内政办字[20**]268号",
            "月政发〔2017〕号",
        ],
    },
    // 机关令第N号, with the year before 第 when printed (`令2007年第15号`).
    DocNumberForm {
        name: "decree: 国务院令第649号, 商务部令2007年第15号",
        pattern: r"(?P<prefix>\p{Han}{1,16}令)(?:(?P<year>(?:19|20)[0-9]{2})年)?第(?P<serial>[0-9]{1,5})[号號]",
        needs: &["令第", "年第"],
        exact_only: false,
        examples: &[
            "国务院令第649号",
            "商务部令2007年第15号",
            "青海省人民政府令2024年第141号",
        ],
    },
    // 机关公告第N号 (a standing committee's or a ministry's announcement).
    DocNumberForm {
        name: "announcement: 甘肃省人民代表大会常务委员会公告第52号",
        pattern: r"(?P<prefix>\p{Han}{1,14}公告)(?:(?P<year>(?:19|20)[0-9]{2})年)?第(?P<serial>[0-9]{1,5})[号號]",
        needs: &["公告第", "年第"],
        exact_only: false,
        examples: &[
            "甘肃省人民代表大会常务委员会公告第52号",
            "商务部公告2006年第8号",
        ],
    },
    // 年份年第N号 without an issuer (the issuer printed on the line above).
    DocNumberForm {
        name: "year number: 2006年第8号",
        pattern: r"(?P<year>(?:19|20)[0-9]{2})年第(?P<serial>[0-9]{1,5})[号號]",
        needs: &["年第"],
        exact_only: false,
        examples: &["2006年第8号"],
    },
    // 第N号 alone: a decree number printed on its own line under the 令.
    DocNumberForm {
        name: "bare serial: 第570号",
        pattern: r"第(?P<serial>[0-9]{1,5})[号號]",
        needs: &["第"],
        exact_only: false,
        examples: &["第570号", "第31號"],
    },
    // 某某通报第十七期: an issue of a 通报/简报/快报 series.
    DocNumberForm {
        name: "bulletin issue: 督察通报第十七期",
        pattern: r"(?P<prefix>\p{Han}{0,12}(?:通报|简报|快报))第(?P<serial>[0-9]{1,5}|[〇零一二三四五六七八九十百两]{1,8})期",
        needs: &["报第"],
        exact_only: true,
        examples: &["督察通报第十七期", "工作简报第3期"],
    },
    // 机关代字〔年份〕序号 with the 号 left off.
    DocNumberForm {
        name: "missing 号: 南发〔2020〕43",
        pattern: concat!(
            r"(?P<prefix>[\p{Han}A-Za-z]{0,12}?)",
            open_class!(),
            r"(?P<year>(?:19|20)[0-9]{2})",
            close_class!(),
            r"第?(?P<serial>[0-9]{1,5})"
        ),
        needs: OPEN,
        exact_only: true,
        examples: &["南发〔2020〕43", "南发[2020]第43"],
    },
    // 机关代字〔年份序号 with the closing bracket lost, year and serial run
    // together: the year is the first four digits, the serial the rest.
    // Round brackets are left out (`附件（2017` is no 文号).
    DocNumberForm {
        name: "missing closing bracket: 六政〔201760",
        pattern: r"(?P<prefix>[\p{Han}A-Za-z]{1,12}?)[〔\[【﹝](?P<year>(?:19|20)[0-9]{2})(?P<serial>[0-9]{1,5})?",
        needs: &["〔", "[", "【", "﹝"],
        exact_only: true,
        examples: &["六政〔201760", "牟政办发〔201746", "赣市府办字〔2015118"],
    },
];

/// Bytes a [`DOC_NUMBER_PATTERNS`] match can span at most: 16 four-byte
/// Han chars, `令`, a year, `年第`, five digits and `号` (85 bytes); 12, a
/// bracketed year, `第`, five digits and `号` (69); 12, `通报第`, eight
/// Chinese digits and `期` (84). A test checks the longest forms parse.
const MAX_LEN: usize = 96;

/// Each form anchored at the start (`None` for the exact-only forms).
static ANCHORED: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| {
    DOC_NUMBER_PATTERNS
        .iter()
        .map(|f| (!f.exact_only).then(|| regex(&format!("^(?:{})", f.pattern))))
        .collect()
});

/// Each form anchored at both ends.
static WHOLE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    DOC_NUMBER_PATTERNS
        .iter()
        .map(|f| regex(&format!("^(?:{})$", f.pattern)))
        .collect()
});

/// The core of a 文号 in running text, its agency code left out
/// (`〔2014〕26号`, `[2015]3号`, `〔2009〕第1号`): a reader of running text
/// finds the core, then reads the agency code back from the bracket. Over
/// compact text, where `號` reads `号`.
const BRACKETED_CORE: &str = concat!(
    open_class!(),
    r"(?:19|20)[0-9]{2}",
    close_class!(),
    r"第?[0-9]{1,5}号"
);

/// The core of a decree number without a year (`令第649号`): the issuer is
/// read back from `令`.
const DECREE_CORE: &str = r"令第[0-9]{1,5}号";

/// The literal every core ([`cores`]) ends with: a text without it holds
/// none.
pub const CORE_MARK: &str = "号";

static CORE_RES: LazyLock<[Regex; 2]> = LazyLock::new(|| [BRACKETED_CORE, DECREE_CORE].map(regex));

/// The 文号 cores in a compact text: the bracketed ones (`〔2014〕26号`),
/// then the decree ones (`令第649号`), each in text order. A decree core
/// starts with `令`.
pub fn cores(compact: &str) -> impl Iterator<Item = regex::Match<'_>> {
    CORE_RES.iter().flat_map(move |re| re.find_iter(compact))
}

/// A decree number of joint issuers ([`parse_joint_decree`]).
static JOINT_DECREE_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?P<prefix>\p{Han}{1,48}令)第(?P<serial>[0-9]{1,5})号"));

/// Parse a compact text that starts with a decree number of joint issuers
/// (`公安部国家工商行政管理总局国家质量监督检验检疫总局令第122号`, an issuer
/// of up to 48 Han chars: longer than the table's decree form reads, so
/// read only where the caller bounds the text, a bracket's inside); the
/// number and the compact byte length it covers.
pub fn parse_joint_decree(compact: &str) -> Option<(DocNumber, usize)> {
    let c = JOINT_DECREE_RE.captures(compact)?;
    let len = c.get(0)?.end();
    from_caps(&c).map(|d| (d, len))
}

fn from_caps(c: &regex::Captures<'_>) -> Option<DocNumber> {
    let whole = c.get(0)?.as_str();
    let prefix = c
        .name("prefix")
        .map(|m| m.as_str())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let year = c.name("year").and_then(|m| m.as_str().parse().ok());
    let serial = c.name("serial").and_then(|m| parse_number(m.as_str()));
    Some(DocNumber {
        raw: whole.to_string(),
        prefix,
        year,
        serial,
    })
}

/// Does `head` hold one of the form's needed literals?
fn holds_need(form: &DocNumberForm, head: &[u8]) -> bool {
    form.needs
        .iter()
        .any(|w| memchr::memmem::find(head, w.as_bytes()).is_some())
}

/// Parse a compact string that *starts* with a 文号. Returns the number and
/// the compact byte length it covers. The exact-only forms (a missing `号`
/// or closing bracket, a bulletin issue) are never read here.
pub fn parse_prefix(compact: &str) -> Option<(DocNumber, usize)> {
    // Every form read here ends in 号 within its first MAX_LEN bytes: most
    // texts (what follows a title, a bracket's inside) are no 文号, and a
    // substring search says so sooner than the regexes.
    let head = compact.as_bytes();
    let head = head.get(..MAX_LEN).unwrap_or(head);
    if memchr::memmem::find(head, "号".as_bytes()).is_none()
        && memchr::memmem::find(head, "號".as_bytes()).is_none()
    {
        return None;
    }
    for (re, form) in ANCHORED.iter().zip(DOC_NUMBER_PATTERNS) {
        let Some(re) = re else { continue };
        if !holds_need(form, head) {
            continue;
        }
        if let Some(c) = re.captures(compact) {
            let len = c.get(0)?.end();
            return from_caps(&c).map(|d| (d, len));
        }
    }
    None
}

/// Parse a compact string that is exactly one 文号 (any form of the table,
/// the exact-only ones included).
pub fn parse_exact(compact: &str) -> Option<DocNumber> {
    if compact.len() > MAX_LEN {
        return None;
    }
    // Every form holds a digit, or is an issue number (`第十七期`).
    if !compact.bytes().any(|b| b.is_ascii_digit()) && !compact.contains('期') {
        return None;
    }
    let head = compact.as_bytes();
    for (re, form) in WHOLE.iter().zip(DOC_NUMBER_PATTERNS) {
        if !holds_need(form, head) {
            continue;
        }
        if let Some(c) = re.captures(compact) {
            return from_caps(&c);
        }
    }
    None
}

/// Canonical key for comparing 文号 (the one 文号 normaliser: the links,
/// the lint checks and the search index compare these): with a year and a
/// serial, brackets unified to 〔〕 and `第` before the serial dropped
/// (`商务部令2007年第15号` → `商务部令〔2007〕15号`); otherwise (a decree
/// number without year, a masked year, a missing serial, a bulletin issue)
/// the number as printed, its brackets unified to 〔〕 and `號` read as `号`
/// (`内政办字[20**]268号` → `内政办字〔20**〕268号`).
pub fn canonical(d: &DocNumber) -> String {
    match (d.year, d.serial) {
        (Some(y), Some(s)) => format!("{}〔{}〕{}号", d.prefix.as_deref().unwrap_or(""), y, s),
        _ => d.raw.chars().map(canonical_char).collect(),
    }
}

/// A char of a printed 文号 as [`canonical`] writes it.
fn canonical_char(c: char) -> char {
    let is = |list: &[&str]| list.iter().any(|b| b.starts_with(c));
    match c {
        '號' => '号',
        _ if is(OPEN) => '〔',
        _ if is(CLOSE) => '〕',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::source::pattern::force_patterns!(ANCHORED, WHOLE, CORE_RES, JOINT_DECREE_RE);

    fn exact(s: &str) -> DocNumber {
        parse_exact(s).unwrap_or_else(|| panic!("{s} is a 文号"))
    }

    fn fields(d: &DocNumber) -> (Option<&str>, Option<i32>, Option<u32>) {
        (d.prefix.as_deref(), d.year, d.serial)
    }

    #[test]
    fn forms() {
        let d = exact("廊政办〔2015〕11号");
        assert_eq!(fields(&d), (Some("廊政办"), Some(2015), Some(11)));
        let d = exact("〔2015〕16号");
        assert_eq!(d.prefix, None);
        let d = exact("廊政办[2015]11号");
        assert_eq!(canonical(&d), "廊政办〔2015〕11号");
        assert!(parse_exact("冀政【2014】67号").is_some());
        let d = exact("廊坊市人民政府令〔2009〕第1号");
        assert_eq!(d.prefix.as_deref(), Some("廊坊市人民政府令"));
        assert_eq!(d.serial, Some(1));
        let d = exact("国务院令第649号");
        assert_eq!((d.year, d.serial), (None, Some(649)));
        let (d, n) = parse_prefix("巨政发〔2020〕1号2020年9月10日").unwrap();
        assert_eq!(d.raw, "巨政发〔2020〕1号");
        assert_eq!(n, "巨政发〔2020〕1号".len());
        assert!(parse_exact("各县人民政府").is_none());
    }

    #[test]
    fn standard_numbers_in_every_bracket() {
        for s in [
            "豫政〔2011〕95号",
            "豫政[2011]95号",
            "豫政【2011】95号",
            "豫政(2011)95号",
            "豫政（2011）95号",
            "豫政﹝2011﹞95号",
            "豫政〔2011〕第95号",
            "豫政〔2011〕95號",
        ] {
            let d = exact(s);
            assert_eq!(fields(&d), (Some("豫政"), Some(2011), Some(95)), "{s}");
            assert_eq!(d.raw, s);
            assert_eq!(canonical(&d), "豫政〔2011〕95号", "{s}");
            assert_eq!(parse_prefix(s).map(|(_, n)| n), Some(s.len()), "{s}");
        }
    }

    #[test]
    fn numbers_without_agency_code() {
        let d = exact("〔2019〕第4号");
        assert_eq!(fields(&d), (None, Some(2019), Some(4)));
        assert_eq!(canonical(&d), "〔2019〕4号");
        assert_eq!(fields(&exact("[2007]64号")), (None, Some(2007), Some(64)));
        assert_eq!(fields(&exact("[2025]5号")), (None, Some(2025), Some(5)));
    }

    #[test]
    fn decree_and_announcement_numbers() {
        let d = exact("第31號");
        assert_eq!(fields(&d), (None, None, Some(31)));
        assert_eq!(canonical(&d), "第31号");
        let d = exact("第570号");
        assert_eq!(fields(&d), (None, None, Some(570)));
        let d = exact("商务部令2007年第15号");
        assert_eq!(fields(&d), (Some("商务部令"), Some(2007), Some(15)));
        assert_eq!(canonical(&d), "商务部令〔2007〕15号");
        let d = exact("青海省人民政府令2024年第141号");
        assert_eq!(
            fields(&d),
            (Some("青海省人民政府令"), Some(2024), Some(141))
        );
        let d = exact("2006年第8号");
        assert_eq!(fields(&d), (None, Some(2006), Some(8)));
        let d = exact("政府令〔2020〕293號");
        assert_eq!(fields(&d), (Some("政府令"), Some(2020), Some(293)));
        assert_eq!(canonical(&d), "政府令〔2020〕293号");
        let d = exact("甘肃省人民代表大会常务委员会公告第52号");
        assert_eq!(
            fields(&d),
            (Some("甘肃省人民代表大会常务委员会公告"), None, Some(52))
        );
        assert_eq!(canonical(&d), "甘肃省人民代表大会常务委员会公告第52号");
        // Each read at the start of a text too (a header line followed by
        // its date, a number after a title).
        for s in [
            "第570号",
            "商务部令2007年第15号",
            "2006年第8号",
            "甘肃省人民代表大会常务委员会公告第52号",
        ] {
            let text = format!("{s}2020年1月1日");
            assert_eq!(
                parse_prefix(&text).map(|(d, n)| (d.raw, n)),
                Some((s.to_string(), s.len()))
            );
        }
    }

    #[test]
    fn masked_year_and_missing_serial() {
        let d = exact("内政办字[20**]268号");
        assert_eq!(fields(&d), (Some("内政办字"), None, Some(268)));
        assert_eq!(d.raw, "内政办字[20**]268号");
        assert_eq!(canonical(&d), "内政办字〔20**〕268号");
        let d = exact("月政发〔2017〕号");
        assert_eq!(fields(&d), (Some("月政发"), Some(2017), None));
        assert_eq!(canonical(&d), "月政发〔2017〕号");
        // Printed alike whatever the brackets and 號.
        for s in [
            "月政发[2017]号",
            "月政发【2017】號",
            "月政发(2017)号",
            "月政发（2017）号",
            "月政发﹝2017﹞号",
        ] {
            assert_eq!(canonical(&exact(s)), "月政发〔2017〕号", "{s}");
        }
    }

    #[test]
    fn bracket_lists_and_classes_agree() {
        assert_eq!(OPEN.len(), CLOSE.len());
        let class = |c: &str| {
            c.trim_start_matches('[')
                .trim_end_matches(']')
                .replace('\\', "")
        };
        assert_eq!(class(open_class!()), OPEN.concat());
        assert_eq!(class(close_class!()), CLOSE.concat());
        for (o, c) in OPEN.iter().zip(CLOSE) {
            assert_eq!(canonical_char(o.chars().next().unwrap()), '〔', "{o}");
            assert_eq!(canonical_char(c.chars().next().unwrap()), '〕', "{c}");
        }
    }

    #[test]
    fn cores_in_running_text() {
        let t = "按照国发〔2013〕35号和[2015]第3号及国务院令第649号、冀政（2014）67号";
        let found: Vec<&str> = cores(t).map(|m| m.as_str()).collect();
        assert_eq!(
            found,
            ["〔2013〕35号", "[2015]第3号", "（2014）67号", "令第649号"]
        );
        assert!(BRACKETED_CORE.ends_with(CORE_MARK) && DECREE_CORE.ends_with(CORE_MARK));
        for m in cores(t) {
            assert!(m.as_str().ends_with(CORE_MARK));
        }
        // No masked year, no 号 left off, no year out of range.
        assert_eq!(cores("〔20**〕3号〔2013〕35〔1899〕1号令第号").count(), 0);
        // Each bracketed core is a 文号 of the table.
        for m in cores(t).filter(|m| !m.as_str().starts_with('令')) {
            assert_eq!(
                parse_exact(m.as_str()).map(|d| d.raw),
                Some(m.as_str().to_string())
            );
        }
    }

    #[test]
    fn joint_decrees() {
        let s = "公安部国家工商行政管理总局国家质量监督检验检疫总局令第122号";
        let (d, n) = parse_joint_decree(&format!("{s}）")).unwrap();
        assert_eq!(n, s.len());
        assert_eq!(d.raw, s);
        assert_eq!(
            fields(&d),
            (
                Some("公安部国家工商行政管理总局国家质量监督检验检疫总局令"),
                None,
                Some(122)
            )
        );
        assert_eq!(canonical(&d), s);
        // Too long for the table's decree form.
        assert!(parse_prefix(s).is_none());
        assert!(parse_joint_decree("令第122号").is_none());
        assert!(parse_joint_decree("按国务院令第493号")
            .is_some_and(|(d, _)| d.prefix.as_deref() == Some("按国务院令")));
    }

    #[test]
    fn slips_read_only_as_a_whole_line() {
        let d = exact("南发〔2020〕43");
        assert_eq!(fields(&d), (Some("南发"), Some(2020), Some(43)));
        assert_eq!(canonical(&d), "南发〔2020〕43号");
        let d = exact("六政〔201760");
        assert_eq!(d.raw, "六政〔201760");
        assert_eq!(fields(&d), (Some("六政"), Some(2017), Some(60)));
        let d = exact("牟政办发〔201746");
        assert_eq!(fields(&d), (Some("牟政办发"), Some(2017), Some(46)));
        let d = exact("督察通报第十七期");
        assert_eq!(fields(&d), (Some("督察通报"), None, Some(17)));
        assert_eq!(canonical(&d), "督察通报第十七期");
        assert_eq!(exact("工作简报第3期").serial, Some(3));
        // Never at the start of running text.
        for s in [
            "南发〔2020〕43",
            "南发〔2020〕43个项目",
            "六政〔201760",
            "牟政办发〔201746号文件",
            "督察通报第十七期",
            "督察通报第十七期指出",
        ] {
            assert!(parse_prefix(s).is_none(), "{s}");
        }
        // Nor loose enough to take what is no 文号.
        for s in [
            "附件（2017",
            "（2017）",
            "〔2017",
            "第十七期",
            "通报第",
            "南发〔2020〕43个",
        ] {
            assert!(parse_exact(s).is_none(), "{s}");
        }
    }

    #[test]
    fn every_example_reads_where_its_form_allows() {
        for (i, form) in DOC_NUMBER_PATTERNS.iter().enumerate() {
            assert!(!form.examples.is_empty(), "{}", form.name);
            for &ex in form.examples {
                let d = exact(ex);
                assert_eq!(d.raw, ex, "{}", form.name);
                // The example is read by its own form (no earlier one).
                let first = WHOLE
                    .iter()
                    .position(|re| re.is_match(ex))
                    .expect("some form");
                assert_eq!(first, i, "{ex}");
                assert!(canonical(&d).chars().count() >= 3, "{ex}");
                let prefix = parse_prefix(ex);
                if form.exact_only {
                    assert!(prefix.is_none(), "{ex} is exact-only");
                } else {
                    assert_eq!(prefix.map(|(_, n)| n), Some(ex.len()), "{ex}");
                }
            }
        }
    }

    #[test]
    fn each_form_holds_its_needed_literal() {
        // The bracket forms open their year with one of the brackets.
        for form in DOC_NUMBER_PATTERNS {
            if let Some(class) = form.pattern.split("}?)[").nth(1) {
                let open = class.split(']').next().unwrap_or("");
                assert!(!form.needs.is_empty(), "{}", form.name);
                for w in form.needs {
                    // `\[` in the class stands for `[`.
                    assert!(open.replace("\\[", "[").contains(w), "{}: {w}", form.name);
                }
            }
        }
        // Every form read at the start of a text ends in 号 (the gate of
        // parse_prefix); the literal needs are in every example.
        for form in DOC_NUMBER_PATTERNS {
            if !form.exact_only {
                assert!(form.pattern.ends_with("[号號]"), "{}", form.name);
            }
            for ex in form.examples {
                assert!(holds_need(form, ex.as_bytes()), "{}: {ex}", form.name);
            }
        }
    }

    #[test]
    fn the_longest_forms_fit_the_gate_window() {
        // 𠀀 (U+20000) is Han and four bytes long.
        let han = |n: usize| "𠀀".repeat(n);
        let longest = [
            format!("{}﹝2015﹞第12345号", han(12)),
            format!("{}令第12345号", han(16)),
            format!("{}令2015年第12345号", han(16)),
            format!("{}公告2015年第12345号", han(14)),
            format!("{}通报第九百九十九九九九期", han(12)),
            format!("{}﹝2015﹞第12345", han(12)),
            format!("{}﹝201512345", han(12)),
        ];
        for n in longest {
            assert!(n.len() <= MAX_LEN, "{n}");
            let d = parse_exact(&n);
            assert_eq!(d.map(|d| d.raw), Some(n.clone()));
            // A longer prefix than the table allows is no 文号 at all: no
            // match ever needs more than the window.
            let longer = format!("𠀀𠀀{n}");
            assert!(parse_prefix(&longer).is_none_or(|(_, len)| len <= MAX_LEN));
            assert!(parse_exact(&longer).is_none(), "{longer}");
        }
    }

    #[test]
    fn odd_inputs_never_panic() {
        for s in [
            "",
            "号",
            "號",
            "〔",
            "〔20",
            "第号",
            "令第号",
            "通报第期",
            "〔2017〕",
            "𠀀〔2017",
        ] {
            let _ = parse_prefix(s);
            let _ = parse_exact(s);
        }
    }
}
