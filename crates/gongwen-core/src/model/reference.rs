//! A citation (引用) of another document or of the document's own parts,
//! and the view of a stored document a citation may resolve to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DocNumber, Span};

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
    /// Id of the document this citation resolves to ([`resolve`]).
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
