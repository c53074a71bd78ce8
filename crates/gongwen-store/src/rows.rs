//! What the store's listings return and take: rows, filters, pages. Data
//! types only; the backends fill them.

use chrono::NaiveDate;
use gongwen_core::corpus::Linked;
use gongwen_core::model::{Role, State};
use gongwen_core::Document;
use serde::{Deserialize, Serialize};

/// Which rows of a listing: skip `offset`, at most `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub offset: usize,
    pub limit: usize,
}

impl Paging {
    /// Every row.
    pub const ALL: Paging = Paging {
        offset: 0,
        limit: usize::MAX,
    };

    pub fn new(offset: usize, limit: usize) -> Self {
        Paging { offset, limit }
    }
}

/// One page of a listing: the rows asked for and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// Rows matching the filter, on every page.
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub items: Vec<T>,
}

impl<T> Page<T> {
    /// The page `p` of `all` (rows already filtered and ordered).
    pub fn of(all: Vec<T>, p: Paging) -> Self {
        let total = all.len();
        let items = all.into_iter().skip(p.offset).take(p.limit).collect();
        Page {
            total,
            offset: p.offset,
            limit: p.limit,
            items,
        }
    }
}

/// Filters of `list`.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Substring of any issuer.
    pub issuer: Option<String>,
    /// Year of the 成文日期.
    pub year: Option<i32>,
    /// Genre (文种), exact.
    pub genre: Option<String>,
    /// Exact 文号 (spaces removed).
    pub doc_number: Option<String>,
    /// Only documents in force (现行有效) on this date.
    pub in_force_on: Option<NaiveDate>,
}

/// A row of `list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocSummary {
    pub id: String,
    pub file: String,
    pub start_line: usize,
    pub end_line: usize,
    pub issuers: Vec<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub date: Option<String>,
    pub genre: Option<String>,
}

/// A stored document with its citations and repeals resolved against the
/// store, as `gongwen_core::corpus::link` would resolve it over the whole
/// store.
#[derive(Debug, Clone)]
pub struct LinkedDocument {
    pub id: String,
    pub file: String,
    pub document: Document,
    pub linked: Linked,
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreStats {
    pub files: usize,
    pub documents: usize,
}

/// `links ID`: what the document cites and what cites it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Links {
    pub id: String,
    pub cites: Vec<LinkOut>,
    pub cited_by: Vec<LinkOut>,
    pub repealed_by: Vec<String>,
}

/// One citation, seen from either end.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkOut {
    /// The other document, when it is in the store.
    pub id: Option<String>,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub kind: String,
    pub text: String,
    /// Line of the citation in the citing document.
    pub line: usize,
    pub ambiguous: Vec<String>,
}

/// Filters of the status listing (`/api/status`, `expiring`).
#[derive(Debug, Clone)]
pub struct StatusFilter {
    /// The day the status is evaluated on.
    pub on: NaiveDate,
    /// Only documents in this state on `on`.
    pub state: Option<State>,
    /// Only documents whose validity ends before this day (the 清理 list),
    /// repealed ones left out; ordered by last day.
    pub expires_before: Option<NaiveDate>,
}

/// One row of `status`, `/api/status` and `expiring`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusRow {
    pub id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub on: String,
    pub state: State,
    /// `state.label()`.
    pub label: String,
    pub reason: String,
    pub effective_from: Option<String>,
    pub last_day: Option<String>,
    pub repealed_by: Option<String>,
    /// The clause the status rests on: file and line.
    pub clause: Option<String>,
}

/// Filters of `tasks`.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// A unit as a user writes it (any alias; matched after normalisation
    /// within each document's scope).
    pub unit: Option<String>,
    pub role: Option<Role>,
    pub due_before: Option<NaiveDate>,
}

/// One row of `tasks`: a unit charged with a task.
#[derive(Debug, Serialize, Clone)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskRow {
    pub id: String,
    pub doc_number: Option<String>,
    pub title: String,
    pub unit: String,
    pub normalized: String,
    pub role: Role,
    pub due: Option<String>,
    pub due_end: Option<String>,
    pub deadline: Option<String>,
    pub deadline_kind: Option<String>,
    pub task: String,
    pub outline_path: String,
    pub file: String,
    pub line: usize,
}

/// A unit named in tasks, with how many tasks it has and leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCount {
    /// The normalised name.
    pub name: String,
    pub tasks: usize,
    pub lead: usize,
}

/// Filters of `targets`.
#[derive(Debug, Clone, Default)]
pub struct TargetFilter {
    /// Target year.
    pub year: Option<i32>,
}

/// One row of `targets`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    pub text: String,
    pub file: String,
    pub line: usize,
}
