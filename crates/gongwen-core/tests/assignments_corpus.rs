//! Assignments of work and deadlines on the real corpus (`../shared/corpus`).
//!
//! Every count below was verified by reading the raw text (a bracket-depth
//! scan of each document's lines, see the notes on each test). Where the
//! issue's number differs from the text, the test asserts the text and the
//! note says why. Documents are found through `parse_bytes` and their 文号.
//! When the corpus folder is absent the tests print a note and pass, except
//! in CI (see `common`).

mod common;

use chrono::{Datelike, NaiveDate};
use gongwen_core::facts::assignments::{self};
use gongwen_core::facts::deadlines::{self};
use gongwen_core::model::{Assignment, AssignmentForm, DeadlineKind, Role};
use gongwen_core::source::text::SourceText;
use gongwen_core::structure::paragraphs;
use gongwen_core::{decode, Document};

/// A corpus file: decoded text and parsed documents.
struct Loaded {
    name: String,
    text: String,
    offsets: gongwen_core::source::text::OffsetMap,
    docs: Vec<Document>,
    bytes: Vec<u8>,
}

impl Loaded {
    fn src(&self) -> SourceText<'_> {
        SourceText::new(&self.name, &self.text, self.offsets.clone())
    }

    fn doc(&self, doc_number: &str) -> &Document {
        let found: Vec<&Document> = self
            .docs
            .iter()
            .filter(|d| {
                d.header
                    .doc_number
                    .as_ref()
                    .is_some_and(|n| n.value.raw == doc_number)
            })
            .collect();
        assert_eq!(found.len(), 1, "document {doc_number} in {}", self.name);
        found[0]
    }

    /// Raw text an assignment's span covers.
    fn raw(&self, a: &Assignment) -> String {
        String::from_utf8_lossy(&self.bytes[a.span.start_byte..a.span.end_byte]).into_owned()
    }
}

/// The corpus file whose name starts with `prefix`, or `None` when the
/// corpus is not there (see `common`).
fn load(prefix: &str) -> Option<Loaded> {
    let f = common::parse_corpus_file(prefix)?;
    let decoded = decode(&f.bytes).expect("corpus file decodes");
    Some(Loaded {
        text: decoded.text.to_string(),
        offsets: decoded.offsets,
        name: f.name,
        docs: f.parsed.documents,
        bytes: f.bytes,
    })
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// 001 廊政字〔2021〕5号 (lines 1–99). The issue says "15 lead/responsible
/// brackets": 15 is the number of brackets that name a 牵头单位 (all of them
/// also name 责任单位). The document has 24 responsibility brackets in all:
/// the other 9 name only 责任单位 (items 1, 5, 16–20 and 三(一), 三(四)).
#[test]
fn langzhengzi_2021_5_has_24_brackets_15_with_lead() {
    let Some(f) = load("001") else { return };
    let src = f.src();
    let doc = f.doc("廊政字〔2021〕5号");
    let a = assignments::extract(&src, doc);
    assert_eq!(a.len(), 24);
    assert!(a.iter().all(|x| x.form == AssignmentForm::Bracket));
    let with_lead = a
        .iter()
        .filter(|x| x.units.iter().any(|u| u.role == Role::Lead))
        .count();
    assert_eq!(with_lead, 15);
    // Item 3: 牵头单位：市科技局、市发改委；责任单位：有关县（市、区）政府.
    let item3 = a
        .iter()
        .find(|x| x.task.starts_with("3.加强关键核心技术攻关"))
        .unwrap();
    let got: Vec<(&str, &str, Role, bool)> = item3
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.normalized.as_str(), u.role, u.collective))
        .collect();
    assert_eq!(
        got,
        [
            ("市科技局", "廊坊市科学技术局", Role::Lead, false),
            ("市发改委", "廊坊市发展和改革委员会", Role::Lead, false),
            (
                "有关县（市、区）政府",
                "有关县（市、区）人民政府",
                Role::Responsible,
                true
            ),
        ]
    );
    // Every bracket's span ends with its closing bracket.
    for x in &a {
        assert!(f.raw(x).trim_end().ends_with('）'), "{}", f.raw(x));
    }
}

/// 001 廊政办字〔2021〕37号 (lines 2094–2170): 17 brackets with 完成时限, as
/// the issue says, but 20 responsibility brackets in all: the three
/// brackets of 三(三) 加强要素保障 (line 2170) carry no 完成时限.
#[test]
fn langzhengbanzi_2021_37_has_17_with_due_date() {
    let Some(f) = load("001") else { return };
    let src = f.src();
    let doc = f.doc("廊政办字〔2021〕37号");
    let a = assignments::extract(&src, doc);
    assert_eq!(a.len(), 20);
    let due: Vec<&Assignment> = a.iter().filter(|x| f.raw(x).contains("完成时限")).collect();
    assert_eq!(due.len(), 17);
    // 16 give a year (→ 31 December), one says 持续推进 (no date from it).
    let years: Vec<i32> = due
        .iter()
        .filter(|x| !f.raw(x).contains("持续推进"))
        .map(|x| {
            let d = x.deadline.as_ref().expect("完成时限 gives a deadline");
            assert_eq!(d.kind, DeadlineKind::Absolute);
            let date = d.date.expect("dated");
            assert_eq!((date.month(), date.day()), (12, 31));
            date.year()
        })
        .collect();
    assert_eq!(years.len(), 16);
    assert_eq!(years[0], 2021);
    assert!(years.iter().all(|y| (2021..=2025).contains(y)));
    // Normalised units: 市文广旅局 and the county governments.
    let first = &due[0].units;
    assert!(first
        .iter()
        .any(|u| u.name == "市发改委" && u.normalized == "廊坊市发展和改革委员会"));
    assert!(first.iter().any(|u| u.normalized == "香河县人民政府"));
    let all: Vec<&str> = a
        .iter()
        .flat_map(|x| x.units.iter().map(|u| u.normalized.as_str()))
        .collect();
    assert!(all.contains(&"廊坊市文化广电和旅游局"));
}

/// 001 廊政办字〔2021〕43号 (lines 2172–2259): 19 brackets with
/// 按职责分工负责, as the issue says, and one more, `（各县（市、区）政府、
/// 廊坊开发区管委会、临空经济区（廊坊）管委会负责）`: 20 in all.
#[test]
fn langzhengbanzi_2021_43_has_19_by_division_of_duties() {
    let Some(f) = load("001") else { return };
    let src = f.src();
    let doc = f.doc("廊政办字〔2021〕43号");
    let a = assignments::extract(&src, doc);
    assert_eq!(a.len(), 20);
    let by_duty = a
        .iter()
        .filter(|x| f.raw(x).contains("按职责分工负责"))
        .count();
    assert_eq!(by_duty, 19);
    // （市发改委、市住建局牵头，市财政局按职责分工负责，各县（市、区）政府、…负责）
    let mixed = a
        .iter()
        .find(|x| f.raw(x).contains("市发改委、市住建局牵头"))
        .unwrap();
    let roles: Vec<(&str, Role)> = mixed
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("市发改委", Role::Lead),
            ("市住建局", Role::Lead),
            ("市财政局", Role::Responsible),
            ("各县（市、区）政府", Role::Responsible),
            ("廊坊开发区管委会", Role::Responsible),
            ("临空经济区（廊坊）管委会", Role::Responsible),
        ]
    );
    assert_eq!(mixed.units[1].normalized, "廊坊市住房和城乡建设局");
    let market: Vec<&str> = a
        .iter()
        .flat_map(|x| x.units.iter())
        .filter(|u| u.name == "市市场监督管理局")
        .map(|u| u.normalized.as_str())
        .collect();
    assert!(!market.is_empty());
    assert!(market.iter().all(|n| *n == "廊坊市市场监督管理局"));
}

/// 000 〔2015〕9号 (lines 4248–4476): 63 `（责任部门：…）` brackets, as the
/// issue says (the 64th occurrence of 责任部门 is in prose: 各责任部门主要负责同志).
#[test]
fn langzhengban_2015_9_has_63_responsible_departments() {
    let Some(f) = load("000") else { return };
    let src = f.src();
    let doc = f.doc("〔2015〕9号");
    let a = assignments::extract(&src, doc);
    assert_eq!(a.len(), 63);
    for x in &a {
        assert_eq!(x.form, AssignmentForm::Bracket);
        assert!(f.raw(x).contains("责任部门"), "{}", f.raw(x));
        assert!(x.units.iter().all(|u| u.role == Role::Responsible));
    }
    // `市发展改革委` and `市发改委` are one unit.
    let dev: Vec<&str> = a
        .iter()
        .flat_map(|x| x.units.iter())
        .filter(|u| u.name.starts_with("市发展改革委") || u.name == "市发改委")
        .map(|u| u.normalized.as_str())
        .collect();
    assert!(!dev.is_empty());
    assert!(dev.iter().all(|n| *n == "廊坊市发展和改革委员会"));
}

/// 巨鹿 (003): the convention stated once at line 20 (排第一位的为牵头单位…
/// 下同) makes the first unit of each later bracket the lead, and county
/// units are scoped to 巨鹿县.
#[test]
fn julu_first_listed_unit_leads() {
    let Some(f) = load("003") else { return };
    let src = f.src();
    let doc = f.doc("巨政发〔2020〕1号");
    let a = assignments::extract(&src, doc);
    let line21 = a
        .iter()
        .find(|x| x.form == AssignmentForm::Bracket && x.span.start_line == 21)
        .unwrap();
    assert_eq!(line21.units[0].role, Role::Lead);
    assert_eq!(line21.units[0].normalized, "巨鹿县卫生健康局");
    assert!(line21.units[1..]
        .iter()
        .all(|u| u.role == Role::Cooperating));
    // 巨政字〔2020〕15号: `以下均需各乡镇人民政府、经济开发区管委会落实，不再列出`.
    let doc = f.doc("巨政字〔2020〕15号");
    let a = assignments::extract(&src, doc);
    assert_eq!(a.len(), 62);
    assert!(a.iter().all(|x| x
        .units
        .iter()
        .any(|u| u.name == "各乡镇人民政府" && u.role == Role::Implementing)));
}

/// Deadlines resolved against a corpus document's date: calendar days
/// ending on a weekend move to the next working day; working days skip the
/// Dragon Boat holiday of 2021 (12–14 June).
#[test]
fn deadlines_resolve_against_document_dates() {
    let Some(f) = load("000") else { return };
    let src = f.src();
    let doc = f.doc("廊政办〔2015〕37号");
    let date = doc.header.date.as_ref().and_then(|d| d.value.date);
    assert_eq!(date, ymd(2015, 6, 29));
    let found: Vec<_> = paragraphs(&src, doc.body_start_line, doc.span.end_line)
        .iter()
        .flat_map(|p| deadlines::find(&p.text, date))
        .filter(|d| d.kind == DeadlineKind::Relative)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, "本通知下发后5日内");
    // 2015-07-04 is a Saturday: the period ends on Monday 6 July.
    assert_eq!(found[0].date, ymd(2015, 7, 6));

    let Some(g) = load("001") else { return };
    let doc = g.doc("廊政办字〔2021〕37号");
    let date = doc.header.date.as_ref().and_then(|d| d.value.date);
    assert_eq!(date, ymd(2021, 5, 19));
    let d = deadlines::find("自本通知印发之日起20个工作日内", date);
    // 20 working days after 19 May 2021, 14 June (端午) not counted.
    assert_eq!(d[0].date, ymd(2021, 6, 17));
}

/// Every document of every corpus file: extraction never panics, spans lie
/// inside the document, units are never empty.
#[test]
fn whole_corpus_is_sane() {
    let mut total = 0;
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some(f) = load(prefix) else { return };
        let src = f.src();
        for doc in &f.docs {
            for a in assignments::extract(&src, doc) {
                assert!(!a.units.is_empty());
                assert!(a.span.start_line >= doc.span.start_line);
                assert!(a.span.end_line <= doc.span.end_line);
                assert!(a.span.start_byte <= a.span.end_byte && a.span.end_byte <= f.bytes.len());
                total += 1;
            }
        }
    }
    eprintln!("assignments in the corpus: {total}");
    assert!(total > 500);
}
