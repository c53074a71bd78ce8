//! The legal status of a document on a date (效力状态).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Span;

/// Status of a document on a date (效力状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
