//! Deadlines (期限) as read from text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Kind of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
