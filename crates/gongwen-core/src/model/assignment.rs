//! Assignments of work (责任分工): tasks, the units charged with them and
//! their roles.

use serde::{Deserialize, Serialize};

use super::{Deadline, Span};

/// Role of a unit in an assignment (职责角色).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
