//! Effective-date, validity, repeal and supersession clauses (施行、有效期、
//! 废止条款).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{DocNumber, Reference, ReferenceKind, Span};

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
    /// Id of the repealed document in the store ([`resolve_repeals`]).
    #[serde(default)]
    pub target_id: Option<String>,
    /// Candidate ids when several matched and none was chosen.
    #[serde(default)]
    pub ambiguous: Vec<String>,
}

impl Repealed {
    /// The repealed document as a citation, for [`references::resolve`].
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
