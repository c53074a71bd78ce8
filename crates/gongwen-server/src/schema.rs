//! OpenAPI schemas of the JSON the API returns whose Rust types live in
//! other crates (`gongwen_store::view`, `gongwen_core::lint`) and so cannot
//! derive `ToSchema` here. These structs only describe; they are never
//! built. A test (`schemas_match_responses`) checks that every property
//! named here is present in real responses, so a drift shows up.

#![allow(dead_code)]

use utoipa::ToSchema;

/// A stored document, as listed (`gongwen list --json`).
#[derive(ToSchema)]
pub struct DocSummary {
    /// `<8 hex of the file's SHA-256>-<ordinal>`.
    #[schema(example = "2f0e40ca-001")]
    pub id: String,
    /// Source file name.
    pub file: String,
    pub start_line: usize,
    pub end_line: usize,
    /// 发文机关.
    pub issuers: Vec<String>,
    pub title: Option<String>,
    /// 文号 as printed, spaces removed.
    pub doc_number: Option<String>,
    /// 成文日期, ISO 8601.
    pub date: Option<String>,
    /// 文种.
    pub genre: Option<String>,
}

/// A citation between two documents.
#[derive(ToSchema)]
pub struct LinkOut {
    /// The other document, when it is in the store (null: 库外).
    pub id: Option<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    /// title_and_number | number | title | decree | standard | to_be_drafted
    pub kind: String,
    /// The citation as printed.
    pub text: String,
    /// Line of the citation in the citing document.
    pub line: usize,
    /// Several stored documents match: none picked.
    pub ambiguous: Vec<String>,
}

/// What a document cites and what cites it.
#[derive(ToSchema)]
pub struct Links {
    pub id: String,
    pub cites: Vec<LinkOut>,
    pub cited_by: Vec<LinkOut>,
    /// Documents whose repeal clauses name this one.
    pub repealed_by: Vec<String>,
}

/// The status (效力状态) of one document on a date.
#[derive(ToSchema)]
pub struct StatusRow {
    pub id: String,
    pub title: String,
    pub doc_number: Option<String>,
    /// The date asked about.
    pub on: String,
    /// not_yet_effective | in_force | expired | repealed | unknown
    pub state: String,
    /// 尚未生效 / 现行有效 / 已失效（有效期届满） / 已废止 / 未知
    pub label: String,
    pub reason: String,
    pub effective_from: Option<String>,
    pub last_day: Option<String>,
    pub repealed_by: Option<String>,
    /// The clause the status rests on: `file:line`.
    pub clause: Option<String>,
}

/// One unit's part in an assignment of work (任务分工).
#[derive(ToSchema)]
pub struct TaskRow {
    /// Document id.
    pub id: String,
    pub doc_number: Option<String>,
    pub title: String,
    /// The unit as printed.
    pub unit: String,
    /// The unit's normalised name.
    pub normalized: String,
    /// lead | responsible | cooperating | supervising | implementing | member
    pub role: String,
    /// Due date (ISO), when the deadline resolves to one.
    pub due: Option<String>,
    pub due_end: Option<String>,
    /// The deadline as printed.
    pub deadline: Option<String>,
    pub deadline_kind: Option<String>,
    pub task: String,
    pub outline_path: String,
    pub file: String,
    pub line: usize,
}

/// A quantitative target (目标指标).
#[derive(ToSchema)]
pub struct TargetRow {
    pub id: String,
    pub doc_number: Option<String>,
    pub metric: String,
    pub comparator: String,
    pub comparator_text: String,
    pub value: f64,
    pub unit: String,
    pub year: Option<i32>,
    pub baseline: Option<String>,
    /// The sentence it comes from.
    pub text: String,
    pub file: String,
    pub line: usize,
}

/// Provenance: byte range `[start_byte, end_byte)` in the raw file and
/// 1-based inclusive lines.
#[derive(ToSchema)]
pub struct Span {
    pub file: String,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_line: usize,
    pub end_line: usize,
}

/// One lint finding (质量检查).
#[derive(ToSchema)]
pub struct Finding {
    /// Stable kebab-case code of the check.
    pub code: String,
    /// info | warning | error
    pub severity: String,
    pub message: String,
    pub doc_id: String,
    pub span: Span,
    /// The other side: `[document id, span]` pairs.
    #[schema(value_type = Vec<Vec<Value>>)]
    pub related: Vec<()>,
}

/// The export record of one document (`gongwen export`): header elements,
/// outline, attachments, facts with provenance, and `status_today`.
#[derive(ToSchema)]
pub struct ExportRecord {
    pub id: String,
    #[schema(value_type = Object)]
    pub source: (),
    pub issuers: Vec<String>,
    pub title: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub doc_number: Option<()>,
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub date_malformed: bool,
    pub genre: Option<String>,
    pub addressees: Vec<String>,
    pub signature: Vec<String>,
    pub disclosure: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub enclosed: Vec<()>,
    #[schema(value_type = Vec<Object>)]
    pub attachments: Vec<()>,
    #[schema(value_type = Vec<Object>)]
    pub outline: Vec<()>,
    pub tables: usize,
    pub interpretations: Vec<usize>,
    #[schema(value_type = Vec<Object>)]
    pub diagnostics: Vec<()>,
    #[schema(value_type = Vec<Object>)]
    pub references: Vec<()>,
    #[schema(value_type = Option<Object>)]
    pub effective: Option<()>,
    #[schema(value_type = Option<Object>)]
    pub validity: Option<()>,
    #[schema(value_type = Vec<Object>)]
    pub repeals: Vec<()>,
    #[schema(value_type = Option<Object>)]
    pub status_today: Option<()>,
    #[schema(value_type = Vec<Object>)]
    pub assignments: Vec<()>,
    #[schema(value_type = Vec<Object>)]
    pub targets: Vec<()>,
}

/// What the store holds.
#[derive(ToSchema)]
pub struct StoreStats {
    pub files: usize,
    pub documents: usize,
}
