//! The facts read from one document's text — citations, clauses and the
//! status they give, assignments of work with their deadlines, quantitative
//! targets — and the fingerprints of its paragraphs.

use std::sync::Arc;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{DocNumber, Span};

/// Facts (事实) read from a document's text; each carries its [`Span`].
/// Citations and repeals are resolved to stored documents at read time
/// (the store knows the other documents; the parser does not).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Citations of other documents, standards and of its own parts.
    pub references: Vec<Reference>,
    /// Effective-date, validity, repeal and supersession clauses.
    pub clauses: Vec<Clause>,
    /// Assignments of work (责任分工) with deadlines.
    pub assignments: Vec<Assignment>,
    /// Quantitative targets (目标指标).
    pub targets: Vec<Target>,
    /// Fingerprints of the body paragraphs (for finding text duplicated
    /// across documents): paragraphs of at least
    /// [`crate::pipeline::FINGERPRINT_MIN_CHARS`] chars.
    #[serde(default)]
    pub fingerprints: Vec<Fingerprint>,
}

/// A paragraph's fingerprint: XXH3-64 of its compact text, its length and
/// where the paragraph is in the document's file ([`Fingerprint::span`]).
///
/// Stored as one array per paragraph, `[hash, chars, start_byte, end_byte,
/// start_line, end_line]`: a gazette has thousands, and written as a
/// [`Span`] object each repeated the file path (172 bytes a fingerprint,
/// a third of the facts' JSON). The object form earlier stores hold
/// (`{"hash", "chars", "span": {…}}`) still reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub chars: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_line: usize,
    pub end_line: usize,
}

impl Fingerprint {
    /// The paragraph's span in `file` (the document's).
    pub fn span(&self, file: &Arc<str>) -> Span {
        Span {
            file: file.clone(),
            start_byte: self.start_byte,
            end_byte: self.end_byte,
            start_line: self.start_line,
            end_line: self.end_line,
        }
    }

    fn to_array(self) -> [u64; 6] {
        [
            self.hash,
            self.chars as u64,
            self.start_byte as u64,
            self.end_byte as u64,
            self.start_line as u64,
            self.end_line as u64,
        ]
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_array().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, SeqAccess, Visitor};

        fn size<E: Error>(v: u64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::custom(format!("fingerprint value {v} too large")))
        }

        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fingerprint;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a fingerprint: [hash, chars, start_byte, end_byte, start_line, end_line]",
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Fingerprint, A::Error> {
                let mut v = [0u64; 6];
                for (k, x) in v.iter_mut().enumerate() {
                    *x = seq
                        .next_element()?
                        .ok_or_else(|| A::Error::invalid_length(k, &self))?;
                }
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(7, &self));
                }
                Ok(Fingerprint {
                    hash: v[0],
                    chars: size(v[1])?,
                    start_byte: size(v[2])?,
                    end_byte: size(v[3])?,
                    start_line: size(v[4])?,
                    end_line: size(v[5])?,
                })
            }

            /// The object form of stores written before the array form.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fingerprint, A::Error> {
                let (mut hash, mut chars, mut span) = (None, None, None::<Span>);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "hash" => hash = Some(map.next_value()?),
                        "chars" => chars = Some(map.next_value()?),
                        "span" => span = Some(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let span = span.ok_or_else(|| A::Error::missing_field("span"))?;
                Ok(Fingerprint {
                    hash: hash.ok_or_else(|| A::Error::missing_field("hash"))?,
                    chars: chars.ok_or_else(|| A::Error::missing_field("chars"))?,
                    start_byte: span.start_byte,
                    end_byte: span.end_byte,
                    start_line: span.start_line,
                    end_line: span.end_line,
                })
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------
// Citations (引用) of other documents or of the document's own parts, and
// the view of a stored document a citation may resolve to.
// ---------------------------------------------------------------------------

/// What a citation (引用) refers to and how it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// `《title》（文号）`: title and 发文字号.
    TitleAndNumber,
    /// A bare 文号 (`国发〔2013〕35号文件`).
    Number,
    /// `《title》` alone (possibly with issuer or date outside the title).
    Title,
    /// A decree number (令号), with or without a title.
    Decree,
    /// A technical standard (`GB50016—2014`), with or without a title.
    Standard,
    /// A reference inside the document itself (`本办法第二十一条`,
    /// `（详见附件2）`, or the document's own / enclosed title).
    Internal,
    /// A document still to be drafted (`制定《…办法》`).
    ToBeDrafted,
}

impl ReferenceKind {
    /// Stable snake_case name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::TitleAndNumber => "title_and_number",
            ReferenceKind::Number => "number",
            ReferenceKind::Title => "title",
            ReferenceKind::Decree => "decree",
            ReferenceKind::Standard => "standard",
            ReferenceKind::Internal => "internal",
            ReferenceKind::ToBeDrafted => "to_be_drafted",
        }
    }

    /// True for kinds that name another document and can be resolved.
    pub fn is_external(self) -> bool {
        matches!(
            self,
            ReferenceKind::TitleAndNumber
                | ReferenceKind::Number
                | ReferenceKind::Title
                | ReferenceKind::Decree
                | ReferenceKind::ToBeDrafted
        )
    }
}

/// A citation (引用) found in a document body, with its provenance.
///
/// Export mapping (issue 3 §1): `text`, `kind`, `title`,
/// `doc_number` (`doc_number.raw`), `target_id`, `start_line`
/// (`span.start_line`), `start_byte`, `end_byte` (`span`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The citation as printed (raw source text, internal spaces kept, line
    /// breaks of a split citation removed).
    pub text: String,
    /// Cited title, 《》 removed, nested marks normalised to 〈〉.
    pub title: Option<String>,
    /// Parsed 发文字号 or 令号.
    pub doc_number: Option<DocNumber>,
    /// Issuer printed outside the title (`国务院办公厅《…》`, `省政府《…》`).
    pub issuer: Option<String>,
    /// Date the cited document was issued, when cited by date
    /// (`2019年12月4日印发的《…》`).
    pub date: Option<NaiveDate>,
    /// Standard code (kind `standard`), compact with the dash folded to `-`
    /// (`GB50016-2014`, `DB13/T1161-2016`).
    pub standard: Option<String>,
    /// For kind `internal`: what is referred to (`第二十一条`, `附件2`, or the
    /// title).
    pub target_label: Option<String>,
    /// Id of the document this citation resolves to ([`crate::corpus::resolve`]).
    pub target_id: Option<String>,
    /// Ids of the candidates when several matched and none was chosen.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    pub span: Span,
}

/// A document of the store a citation may resolve to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    /// 发文机关 as printed.
    pub issuers: Vec<String>,
    /// Title without issuer prefix.
    pub title: Option<String>,
    /// 文号: raw and parsed parts.
    pub doc_number: Option<DocNumber>,
    /// 成文日期.
    pub date: Option<NaiveDate>,
    /// Titles of enclosed texts (cover notices), as named and as printed.
    pub enclosed_titles: Vec<String>,
}

// ---------------------------------------------------------------------------
// Effective-date, validity, repeal and supersession clauses (施行、有效期、
// 废止条款).
// ---------------------------------------------------------------------------

/// Kind of a clause (条款类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    /// 施行条款: when the document takes effect (may also carry validity and
    /// repeals stated in the same sentence).
    Effective,
    /// 有效期条款 without an effective date.
    Validity,
    /// 废止条款: repeals (or declares invalid, 宣布失效) named documents.
    Repeal,
    /// Precedence over earlier rules that names no document (`以本办法为准`).
    Supersession,
}

impl ClauseKind {
    /// Stable snake_case name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            ClauseKind::Effective => "effective",
            ClauseKind::Validity => "validity",
            ClauseKind::Repeal => "repeal",
            ClauseKind::Supersession => "supersession",
        }
    }
}

/// When a document takes effect (施行日期).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Effective {
    /// A fixed date (`自2015年8月1日起施行`).
    Date { date: NaiveDate },
    /// On the day of issue (`自印发/发布/公布之日起`): the 成文日期.
    OnIssue,
    /// At the time another document fixes (`按照《…》规定的时间执行`).
    ByReference {
        title: Option<String>,
        doc_number: Option<DocNumber>,
    },
}

impl Effective {
    /// Export form: ISO date, `on_issue`, or `None` when fixed by reference.
    pub fn as_export(&self) -> Option<String> {
        match self {
            Effective::Date { date } => Some(date.format("%Y-%m-%d").to_string()),
            Effective::OnIssue => Some("on_issue".to_string()),
            Effective::ByReference { .. } => None,
        }
    }

    /// The date this resolves to, given the document's own date.
    pub fn date(&self, doc_date: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            Effective::Date { date } => Some(*date),
            Effective::OnIssue => doc_date,
            Effective::ByReference { .. } => None,
        }
    }
}

/// Validity period (有效期).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Validity {
    /// `有效期5年`.
    Years { years: u32 },
    /// `有效期6个月`.
    Months { months: u32 },
    /// `有效期至2025年12月31日止`, `实施期限截至2020年底` (inclusive).
    Until { date: NaiveDate },
}

impl Validity {
    /// ISO-8601-style form used by clauses.json: `P5Y`, `P6M`,
    /// `until 2025-12-31`.
    pub fn as_export(&self) -> String {
        match self {
            Validity::Years { years } => format!("P{years}Y"),
            Validity::Months { months } => format!("P{months}M"),
            Validity::Until { date } => format!("until {}", date.format("%Y-%m-%d")),
        }
    }

    /// Last day in force, given the effective date (inclusive).
    pub fn last_day(&self, effective: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            Validity::Until { date } => Some(*date),
            Validity::Years { years } => effective?
                .checked_add_months(Months::new(years.checked_mul(12)?))?
                .pred_opt(),
            Validity::Months { months } => effective?
                .checked_add_months(Months::new(*months))?
                .pred_opt(),
        }
    }
}

/// A document repealed by a clause (被废止文件). Either part may be absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repealed {
    pub title: Option<String>,
    pub doc_number: Option<DocNumber>,
    /// Issuer printed outside the title (`县政府办公室印发的《…》`).
    pub issuer: Option<String>,
    /// Date printed with it (`2019年12月4日印发的《…》`).
    pub date: Option<NaiveDate>,
    /// Where it is named (the sentence, or the attachment table row).
    pub span: Span,
    /// Id of the repealed document in the store ([`crate::corpus::resolve_repeals`]).
    #[serde(default)]
    pub target_id: Option<String>,
    /// Candidate ids when several matched and none was chosen.
    #[serde(default)]
    pub ambiguous: Vec<String>,
}

impl Repealed {
    /// The repealed document as a citation, for [`crate::corpus::resolve`].
    pub fn as_reference(&self) -> Reference {
        let kind = match (&self.title, &self.doc_number) {
            (_, Some(n)) if n.prefix.as_deref().is_some_and(|p| p.ends_with('令')) => {
                ReferenceKind::Decree
            }
            (Some(_), Some(_)) => ReferenceKind::TitleAndNumber,
            (None, Some(_)) => ReferenceKind::Number,
            _ => ReferenceKind::Title,
        };
        Reference {
            kind,
            text: String::new(),
            title: self.title.clone(),
            doc_number: self.doc_number.clone(),
            issuer: self.issuer.clone(),
            date: self.date,
            standard: None,
            target_label: None,
            target_id: None,
            ambiguous: Vec::new(),
            span: self.span.clone(),
        }
    }
}

/// Whom a clause governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The document it sits in, or that document's enclosed text.
    Own,
    /// A third-party text reproduced inside the document (a notice 学习贯彻
    /// a provincial 办法 and printing it).
    Embedded,
}

/// An effective-date, validity, repeal or supersession clause.
///
/// Export mapping (issue 3 §2): `effective` {`date` or `on_issue`,
/// `start_line`} from the first own-scope clause with `effective`;
/// `validity` {`years` or `until`}; `repeals` [{`title`, `doc_number`,
/// `target_id`}] from `repealed` of every own-scope clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clause {
    pub kind: ClauseKind,
    /// The sentence as printed, leading label removed.
    pub text: String,
    pub effective: Option<Effective>,
    pub validity: Option<Validity>,
    pub repealed: Vec<Repealed>,
    pub scope: Scope,
    pub span: Span,
}

// ---------------------------------------------------------------------------
// The legal status of a document on a date (效力状态).
// ---------------------------------------------------------------------------

/// Status of a document on a date (效力状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum State {
    /// 尚未生效
    NotYetEffective,
    /// 现行有效
    InForce,
    /// 已失效（有效期届满）
    Expired,
    /// 已废止
    Repealed,
    /// 未知
    Unknown,
}

impl State {
    /// Chinese label for display.
    pub fn label(self) -> &'static str {
        match self {
            State::NotYetEffective => "尚未生效",
            State::InForce => "现行有效",
            State::Expired => "已失效（有效期届满）",
            State::Repealed => "已废止",
            State::Unknown => "未知",
        }
    }

    /// The state's name in JSON and query parameters (`in_force` …).
    pub fn name(self) -> &'static str {
        match self {
            State::NotYetEffective => "not_yet_effective",
            State::InForce => "in_force",
            State::Expired => "expired",
            State::Repealed => "repealed",
            State::Unknown => "unknown",
        }
    }

    /// Every state, in order.
    pub const ALL: [State; 5] = [
        State::NotYetEffective,
        State::InForce,
        State::Expired,
        State::Repealed,
        State::Unknown,
    ];

    /// The state named `name` (as [`State::name`] gives it).
    pub fn from_name(name: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The status of a document on a date, with the reason and the clause it
/// rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub state: State,
    /// Why, in Chinese, for display.
    pub reason: String,
    /// The clause the status rests on (effective or validity clause), if any.
    pub clause: Option<Span>,
    /// For `repealed`: id of the repealing document.
    pub repealed_by: Option<String>,
    /// Effective date, when known.
    pub effective_from: Option<NaiveDate>,
    /// Last day in force under the validity clause, when known.
    pub last_day: Option<NaiveDate>,
}

// ---------------------------------------------------------------------------
// Assignments of work (责任分工): tasks, the units charged with them and
// their roles.
// ---------------------------------------------------------------------------

/// Role of a unit in an assignment (职责角色).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// 牵头单位: leads.
    Lead,
    /// 责任单位 / 责任部门 / `…负责`: responsible.
    Responsible,
    /// 配合单位 / `…参与`, `…配合`, `…参加`: co-operates.
    Cooperating,
    /// 监督指导单位: supervises and guides.
    Supervising,
    /// `…落实`: implements.
    Implementing,
    /// 成员单位 / 组成人员: member of a group.
    Member,
}

impl Role {
    /// Chinese label for display.
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Responsible => "责任",
            Role::Cooperating => "配合",
            Role::Supervising => "监督指导",
            Role::Implementing => "落实",
            Role::Member => "成员",
        }
    }

    /// The role's name in JSON and query parameters (`lead`, `responsible` …).
    pub fn name(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Responsible => "responsible",
            Role::Cooperating => "cooperating",
            Role::Supervising => "supervising",
            Role::Implementing => "implementing",
            Role::Member => "member",
        }
    }

    /// Every role, in order.
    pub const ALL: [Role; 6] = [
        Role::Lead,
        Role::Responsible,
        Role::Cooperating,
        Role::Supervising,
        Role::Implementing,
        Role::Member,
    ];

    /// The role named `name` (as [`Role::name`] gives it).
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// A unit named in an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedUnit {
    /// As printed (spaces removed).
    pub name: String,
    /// Canonical name (see [`crate::grammar::agencies::normalize`]).
    pub normalized: String,
    pub role: Role,
    /// True for a collective such as `各县（市、区）政府`.
    #[serde(default)]
    pub collective: bool,
    /// The list this unit ends is open: `等` (`B等`, `B等部门`,
    /// `B等有关单位`) was printed after it; `name` is B without the tail.
    #[serde(default)]
    pub open_list: bool,
}

/// Which printed form an assignment was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AssignmentForm {
    /// `（牵头单位：…；责任单位：…）` after the task.
    Bracket,
    /// `由A牵头，B等参加`.
    Sentence,
    /// Consecutive `牵头单位：` / `成员单位：` lines.
    LabelledBlock,
    /// `X：负责…`.
    DutyParagraph,
    /// `组长：… 副组长：… 成员：…`.
    Roster,
    /// `办公室设在X`.
    Office,
    /// A row of a table with a responsibility column.
    TableRow,
}

/// An assignment of work (任务分工): a task, the units charged with it and
/// their roles, a deadline, and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The item or sentence the assignment belongs to (compact text).
    pub task: String,
    /// Outline labels containing the assignment, outermost first.
    pub outline_path: Vec<String>,
    pub units: Vec<AssignedUnit>,
    pub deadline: Option<Deadline>,
    /// Provenance: from the task to the end of the assigning text.
    pub span: Span,
    pub form: AssignmentForm,
}

// ---------------------------------------------------------------------------
// Deadlines (期限) as read from text.
// ---------------------------------------------------------------------------

/// Kind of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeadlineKind {
    /// A fixed date (`2015年6月底前`, `年底前`, `第一季度`).
    Absolute,
    /// A period with a start and an end (`2021年7月—2021年9月`).
    Range,
    /// Counted from the issue of the document (`本通知印发之日起15日内`).
    Relative,
    /// Counted from an event (`事发2小时内`): a rule, no date.
    Event,
    /// Repeats (`每月5日前`): an RRULE plus the first occurrence.
    Recurring,
}

/// A deadline (期限) found in text.
///
/// JSON: `{text, kind, date, end_date, rule}` (dates ISO 8601). `start` and
/// `end` are the byte range of `text` in the string it was found in; they
/// are not serialised (they only mean something next to that string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    /// The phrase as printed (compact view).
    pub text: String,
    pub kind: DeadlineKind,
    /// The resolved date: the deadline itself, the start of a range, the
    /// first occurrence of a recurring deadline. `None` when the text does
    /// not allow it (no document date, event-relative).
    pub date: Option<NaiveDate>,
    /// The end of a range.
    pub end_date: Option<NaiveDate>,
    /// Event-relative: the printed phrase; recurring: an RRULE such as
    /// `FREQ=MONTHLY;BYMONTHDAY=5`.
    pub rule: Option<String>,
    /// Byte offset of `text` in the searched string (not serialised).
    #[serde(skip)]
    pub start: usize,
    /// End byte offset of `text` in the searched string (not serialised).
    #[serde(skip)]
    pub end: usize,
}

// ---------------------------------------------------------------------------
// Quantitative targets (目标指标).
// ---------------------------------------------------------------------------

/// How a target compares its metric with its value (比较方式), normalised.
///
/// | value        | printed as                                               |
/// |--------------|----------------------------------------------------------|
/// | `at_least`   | 不低于, 不少于, 至少, …以上, ≥, 达到…以上                 |
/// | `at_most`    | 不超过, 不高于, 控制在, …以内, …以下, ≤                   |
/// | `more_than`  | 超过, 高于, 突破, >                                      |
/// | `less_than`  | 低于, 少于, <                                            |
/// | `reach`      | 达到, 达, 提高到, 下降至 …; a bare value in a target column |
/// | `about`      | …左右, 稳定在, 保持在                                    |
/// | `increase`   | 提高, 提升, 增长, 增加 (by the value)                    |
/// | `decrease`   | 下降, 降低, 减少, 压减 (by the value)                    |
///
/// 力争/争取 do not change the comparator; they set [`Target::aspirational`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
    Reach,
    About,
    Increase,
    Decrease,
}

impl Comparator {
    /// The serialised name (`at_least` …), for CSV output.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::AtLeast => "at_least",
            Comparator::AtMost => "at_most",
            Comparator::MoreThan => "more_than",
            Comparator::LessThan => "less_than",
            Comparator::Reach => "reach",
            Comparator::About => "about",
            Comparator::Increase => "increase",
            Comparator::Decrease => "decrease",
        }
    }

    /// True for a change by the value (提高 / 下降), which a baseline qualifies.
    pub fn is_change(self) -> bool {
        matches!(self, Comparator::Increase | Comparator::Decrease)
    }
}

/// Where a target was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetSource {
    /// A sentence of running text.
    Text,
    /// A row of an indicator table (主要指标表).
    Table,
}

/// A quantitative target (量化目标).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// 指标: the noun phrase before the comparator, as printed (compact),
    /// leading years, outline labels and 全市/确保 … trimmed; in a table the
    /// indicator cell with its unit parenthetical removed.
    pub metric: String,
    pub comparator: Comparator,
    /// The comparator words as printed, modifiers and bound included
    /// (`力争达到…以上`, `分别不低于`, `<`).
    pub comparator_text: String,
    /// Printed with 力争 / 争取 / 努力.
    pub aspirational: bool,
    pub value: f64,
    /// Unit as printed (`%`, `个百分点`, `/10万`, `万元`); empty when none.
    pub unit: String,
    /// Target year (`到2025年`, `2022年底前`, `“十四五”期末` → 2025).
    pub year: Option<i32>,
    /// Baseline as printed (`比2015年`, `在2013年基础上`, `2020年：0.66`).
    pub baseline: Option<String>,
    /// 指标属性 of a table row: 约束性 or 预期性.
    pub nature: Option<String>,
    pub source: TargetSource,
    /// The sentence (compact) or the table row (cells joined by ` | `).
    pub text: String,
    /// Provenance: for running text the phrase from the metric to the last
    /// value; for a table the whole row.
    pub span: Span,
    /// Outline labels containing the target (`["二、", "（一）"]`).
    pub outline_path: Vec<String>,
}

impl Target {
    /// 1-based line the target starts on.
    pub fn line(&self) -> usize {
        self.span.start_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_and_role_names_are_their_json() {
        for s in State::ALL {
            assert_eq!(serde_json::to_value(s).ok(), Some(s.name().into()));
            assert_eq!(State::from_name(s.name()), Some(s));
        }
        for r in Role::ALL {
            assert_eq!(serde_json::to_value(r).ok(), Some(r.name().into()));
            assert_eq!(Role::from_name(r.name()), Some(r));
        }
    }

    fn fp() -> Fingerprint {
        Fingerprint {
            hash: u64::MAX - 7,
            chars: 50,
            start_byte: 44791,
            end_byte: 44941,
            start_line: 379,
            end_line: 380,
        }
    }

    #[test]
    fn fingerprints_are_stored_as_arrays_and_read_back() {
        let json = serde_json::to_string(&vec![fp()]).unwrap_or_default();
        assert_eq!(json, "[[18446744073709551608,50,44791,44941,379,380]]");
        let back: Vec<Fingerprint> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, vec![fp()]);
        let file: Arc<str> = Arc::from("a.txt");
        let s = fp().span(&file);
        assert_eq!(
            (&*s.file, s.start_byte, s.end_byte, s.start_line, s.end_line),
            ("a.txt", 44791, 44941, 379, 380)
        );
    }

    #[test]
    fn fingerprints_of_earlier_stores_still_read() {
        let old = r#"{"hash":18446744073709551608,"chars":50,"span":{"file":"x.txt","start_byte":44791,"end_byte":44941,"start_line":379,"end_line":380}}"#;
        let got: Result<Fingerprint, _> = serde_json::from_str(old);
        assert_eq!(got.ok(), Some(fp()));
        for bad in [
            "[1,2,3,4,5]",
            "[1,2,3,4,5,6,7]",
            "[1,2,3,4,5,-6]",
            r#"{"hash":1,"chars":2}"#,
            "\"x\"",
        ] {
            assert!(serde_json::from_str::<Fingerprint>(bad).is_err(), "{bad}");
        }
    }
}
