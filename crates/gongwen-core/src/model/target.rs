//! Quantitative targets (目标指标).

use serde::{Deserialize, Serialize};

use super::Span;

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
