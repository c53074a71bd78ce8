//! Assignments of work (任务分工): who must do what, in which role, by
//! when.
//!
//! Forms recognised (all in the corpus), one [`Assignment`] each:
//! - **bracket** after a task: `（牵头单位：A、B；责任单位：C，D）`,
//!   `（责任单位：…，完成时限：2021年）`, `（责任部门：…）`,
//!   `（A牵头，B、C按职责分工负责）`, `（…分别牵头/分别落实）`,
//!   `（责任单位：…，监督指导单位：…）`, `（A牵头，B参与，C负责落实）`;
//!   brackets nest (`（责任单位：各县（市、区）政府）`) and are matched by
//!   depth, full- or half-width;
//! - the bracket forms of the State Council, ministries and other
//!   provinces: `（负责部门：A、B；适用范围：…）` (a label that names no role
//!   names no unit), `（A、B指导）` (supervising), `（A会同B负责）` (A lead,
//!   B the role of the verb after it), `（A牵头，B等按职责分工负责）` (unit
//!   B, [`AssignedUnit::open_list`]), `（A负责，B配合）`,
//!   `（A负责，2023年底前完成）` (the deadline in the bracket), a bare list
//!   `（A、B）` after the end of a sentence ([`BARE_LIST_ROLE`]), half-width
//!   `(牵头单位:A;配合单位:B)`, several brackets in a sentence or in
//!   numbered items run on one line (each bracket one assignment);
//! - conventions stated once and applied to the brackets after them:
//!   `排第一位的为牵头单位，其他为协助配合单位，下同` (first unit leads, the
//!   others co-operate) and `以下均需X落实，不再列出` (X is added to every
//!   later bracket);
//! - **sentence** `由A牵头，B、C等参加/参与/组成`;
//! - **labelled block** of lines `牵头单位：…` / `成员单位：…` /
//!   `责任单位：…`;
//! - **duty paragraph** `X：负责…`;
//! - **roster** (组成人员) `组长：姓名 职务` / `副组长：…` / `成员：…`, the
//!   units taken from the job titles; and `办公室设在X` (**office**);
//! - **table row** of a table with a responsibility column (`责任单位`,
//!   `牵头部门名称`, `承办科室`, a `职责分工` column holding `A牵头，B…负责`,
//!   or a unit column beside a duty column `职责`); a table with several
//!   (`牵头单位` | `配合单位` | `完成时限`) takes the units of each.
//!
//! The task is the text of the item or sentence the assignment belongs to;
//! units are normalised with [`crate::grammar::agencies::normalize`] scoped to the
//! issuing government; the deadline comes from a `完成时限` label, a
//! deadline column, or the task text ([`crate::facts::deadlines`]).
//!
//! Labels, verbs and conventions live in the tables at the top of this
//! module. Pure and panic-free.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::facts::deadlines::{self};
use crate::grammar::agencies::{self, is_unit_like};
use crate::grammar::labels::{paragraph_label, PLAN_LABEL};
use crate::model::{AssignedUnit, Assignment, AssignmentForm, Role};
use crate::model::{Deadline, DeadlineKind};
use crate::model::{Document, Span, Table};
use crate::source::pattern::regex;
use crate::source::scan::{LiteralSet, Present};
use crate::source::text::{compact, is_space, SourceText};
use crate::structure::paragraphs::{outline_path, paragraphs, LineMask, Paragraph};

// ---------------------------------------------------------------------------
// Declarative tables.
// ---------------------------------------------------------------------------

/// Role labels that introduce a list of units (`牵头单位：A、B`).
pub const ROLE_LABELS: &[(&str, Role)] = &[
    ("监督指导单位", Role::Supervising),
    ("监督单位", Role::Supervising),
    ("指导单位", Role::Supervising),
    ("督导单位", Role::Supervising),
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("主办单位", Role::Lead),
    ("责任单位", Role::Responsible),
    // OCR/typing slip in the corpus (002): 责任单住.
    ("责任单住", Role::Responsible),
    ("责任部门", Role::Responsible),
    ("承办单位", Role::Responsible),
    ("配合单位", Role::Cooperating),
    ("配合部门", Role::Cooperating),
    ("协办单位", Role::Cooperating),
    ("参与单位", Role::Cooperating),
    ("协助单位", Role::Cooperating),
    ("落实单位", Role::Implementing),
    ("实施单位", Role::Implementing),
    ("成员单位", Role::Member),
    // Forms of the State Council, ministries and other provinces.
    ("负责部门", Role::Responsible),
    ("负责单位", Role::Responsible),
    ("主责单位", Role::Responsible),
    ("主责部门", Role::Responsible),
    ("责任主体", Role::Responsible),
    ("责任处室", Role::Responsible),
    ("牵头处室", Role::Lead),
    ("参与部门", Role::Cooperating),
    ("协同单位", Role::Cooperating),
    ("协同部门", Role::Cooperating),
    ("指导部门", Role::Supervising),
];

/// Bare role words as labels, inside a clause only (`（牵头：A；配合：B）`):
/// a paragraph opening with one (`负责：…`) is no labelled block.
pub const CLAUSE_ROLE_LABELS: &[(&str, Role)] = &[
    ("牵头", Role::Lead),
    ("责任", Role::Responsible),
    ("负责", Role::Responsible),
    ("配合", Role::Cooperating),
];

/// Verbs printed after a list of units (`A、B牵头`); the longest match
/// wins.
pub const ROLE_VERBS: &[(&str, Role)] = &[
    ("按职责分工分别牵头", Role::Lead),
    ("分别牵头", Role::Lead),
    ("牵头负责", Role::Lead),
    ("牵头落实", Role::Lead),
    ("牵头", Role::Lead),
    ("按职责分工负责落实", Role::Implementing),
    ("负责落实", Role::Implementing),
    ("分别落实", Role::Implementing),
    ("具体落实", Role::Implementing),
    ("组织落实", Role::Implementing),
    ("落实", Role::Implementing),
    ("按职责分工负责", Role::Responsible),
    ("按照职责分工负责", Role::Responsible),
    ("按职责负责", Role::Responsible),
    ("分别负责", Role::Responsible),
    ("负责", Role::Responsible),
    ("协同配合", Role::Cooperating),
    ("配合", Role::Cooperating),
    ("参与", Role::Cooperating),
    ("参加", Role::Cooperating),
    ("协助", Role::Cooperating),
    ("监督指导", Role::Supervising),
    ("业务指导", Role::Supervising),
    ("指导", Role::Supervising),
    ("督导", Role::Supervising),
    ("组成", Role::Member),
];

/// Words joining a leading unit to the units it works with
/// (`A会同B负责`): the units before the word lead ([`Role::Lead`]); those
/// after it take the role of the verb or label that follows them, as in
/// `A牵头，B负责` (so `A会同B负责` gives A lead, B responsible).
pub const CO_LEAD_WORDS: &[&str] = &["会同", "联合"];

/// Verbs without which a bracket (that has no role label) assigns nothing:
/// the first test of a bracket ([`may_assign`]).
pub const ASSIGNING_VERBS: &[&str] = &[
    "牵头", "负责", "落实", "参与", "参加", "配合", "协助", "指导", "督导",
];

/// Chars that end a clause of a responsibility text: a role label's scope
/// runs on across them, a non-role label's stops at them.
pub const CLAUSE_SEPARATORS: &[char] = &['；', ';', '。'];

/// Chars that separate the segments of a clause (a role word applies to
/// the names of its segment and the unassigned names before it).
pub const SEGMENT_SEPARATORS: &[char] = &['，', ',', '、'];

/// Chars that separate the names of a unit list (`A、B，C；D`); outside
/// brackets only, so `各县（市、区）政府` stays whole.
pub const UNIT_SEPARATORS: &[char] = &['、', '，', ',', '；', ';'];

/// Conjunctions that join two units (`A和B`, `A及B`); a name is split at
/// one only when both sides are units, so `人力资源和社会保障局`,
/// `住房和城乡建设部` and `发展和改革委员会` stay whole.
pub const UNIT_CONJUNCTIONS: &[char] = &['和', '及', '与'];

/// `各市、县人民政府`, `各市、县（市、区）人民政府`: a list head (one
/// level of governments) joined by `、` to the name it shares; the `、`
/// after one of these does not split (unless a new `各…` name follows).
pub const AREA_LIST_HEADS: &[&str] = &["各市", "各县", "各区", "各省", "各州", "各乡"];

/// Longest label (chars) before a colon read as a label that names no role
/// (`适用范围：…`, `牵头领导：…`): its text names no unit. (A label is
/// looked for only as far as the longest role or roster label reaches, six
/// chars.)
pub const OTHER_LABEL_MAX_CHARS: usize = 6;

/// A bracket that only lists units (`（市工信委、市财政局）`) assigns the
/// task before it to them, in this role, when it follows the end of a
/// sentence (one of [`BARE_LIST_AFTER`]) or ends its paragraph.
pub const BARE_LIST_ROLE: Role = Role::Responsible;
/// Chars after which a bare list of units is a responsibility bracket.
pub const BARE_LIST_AFTER: &[char] = &['。', '；', ';', '！'];

/// Labels of a deadline inside an assignment (`完成时限：2021年`).
pub const DUE_LABELS: &[&str] = &[
    "完成时限",
    "完成时间",
    "完成期限",
    "时限要求",
    "时间节点",
    "时限",
];

/// The convention "the first unit leads, the others co-operate", stated
/// once and applied to every later bracket listing units with one verb.
pub const FIRST_IS_LEAD_MARKERS: &[&str] = &[
    "排第一位的为牵头单位",
    "排在第一位的为牵头单位",
    "排在首位的为牵头单位",
    "排名第一的为牵头单位",
    "第一个为牵头单位",
    "排在首位的部门牵头",
    "排在前位的为牵头",
    "排在前位为牵头",
    "排在第一位的为牵头",
    "排第一位的为牵头",
    "列第一位的为牵头",
];

/// Roster labels (组成人员); every person's unit is a member.
pub const ROSTER_LABELS: &[&str] = &[
    "常务副总指挥",
    "副总指挥",
    "总指挥",
    "常务副指挥长",
    "第一副指挥长",
    "副指挥长",
    "指挥长",
    "第一副组长",
    "常务副组长",
    "副组长",
    "组长",
    "常务副主任",
    "副主任",
    "主任",
    "副召集人",
    "召集人",
    "副秘书长",
    "秘书长",
    "成员",
];

/// Table header words → the role of a unit column.
pub const TABLE_UNIT_HEADERS: &[(&str, Role)] = &[
    ("监督指导单位", Role::Supervising),
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("主办单位", Role::Lead),
    ("责任单位", Role::Responsible),
    ("责任部门", Role::Responsible),
    ("承办单位", Role::Responsible),
    ("承办科室", Role::Responsible),
    ("承办部门", Role::Responsible),
    ("配合单位", Role::Cooperating),
    ("配合部门", Role::Cooperating),
    ("协办单位", Role::Cooperating),
];

/// Table header words of a unit column that assigns work only beside a
/// duty column (`成员单位 | 相关职责`): role responsible.
pub const TABLE_DUTY_UNIT_HEADERS: &[&str] = &["成员单位", "组成单位", "单位名称", "部门名称"];

/// Table rows that sum up the rows above and assign nothing.
pub const TABLE_TOTAL_WORDS: &[&str] = &["合计", "总计", "小计"];

/// Paragraphs that are gazette running heads (书眉), never a task.
pub const RUNNING_HEAD_MARKERS: &[&str] = &["合订本", "政府公报》", "公报》"];

/// Table header words of a column holding a whole responsibility clause
/// (`县卫生健康局牵头，县委宣传部…按职责分工负责`).
pub const TABLE_CLAUSE_HEADERS: &[&str] = &["职责分工", "责任分工", "任务分工"];

/// Table header words of the duty / task column.
pub const TABLE_TASK_HEADERS: &[&str] = &[
    "主要职责",
    "相关职责",
    "工作职责",
    "监管职责",
    "职责",
    "台账明目",
    "重点任务",
    "工作任务",
    "主要任务",
    "任务",
    "工作内容",
    "标题",
    "事项",
];

/// Table header words of a deadline column.
pub const TABLE_DUE_HEADERS: &[&str] = &["完成时限", "完成时间", "时间节点", "时限"];

/// `以下均需X落实，不再列出` / `以下各项任务均需X按职责分工负责，不再单独列出`.
static CARRY_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"以下(?:各项任务|各项工作|各项|任务)?(?:均(?:需|由)(?P<units>.+?)(?P<verb>按职责分工负责|负责落实|落实|负责)",
        r"|(?:责任单位|牵头单位)?均包含(?P<units2>.+?))",
        r"[，,]?不再(?:单独)?列出",
    ))
});

/// `办公室设在X`.
const OFFICE_MARKER: &str = "办公室设在";
/// The lead verb of `由A牵头` sentences.
const LEAD_VERB: &str = "牵头";
/// The verb a duty paragraph starts with (`X：负责…`).
const DUTY_VERB: &str = "负责";

/// The paragraph gates of [`sentences`] and [`duty_paragraph`]: part of
/// the paragraph gates, found in one pass per paragraph
/// ([`ASSIGNMENT_GATES`]).
pub(crate) const GATE_WORDS: &[&str] = &[LEAD_VERB, OFFICE_MARKER, DUTY_VERB];

/// The [`GATE_WORDS`], found in one pass per paragraph.
static ASSIGNMENT_GATES: LazyLock<LiteralSet> = LazyLock::new(|| LiteralSet::new(GATE_WORDS));
/// `办公室设在X`: the unit X.
static OFFICE_RE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"{OFFICE_MARKER}(?P<u>[^，。；,;（(]{{2,40}})")));

/// Byte length of the plan label at the start of a paragraph or cell text
/// (`1.`, `（一）`, `一、`, `①`; 0 when there is none).
fn leading_label_len(text: &str) -> usize {
    paragraph_label(text, PLAN_LABEL).map_or(0, |m| m.end)
}

// ---------------------------------------------------------------------------
// Entry point.
// ---------------------------------------------------------------------------

/// Everything the extractors share.
struct Ctx<'s, 'a> {
    src: &'s SourceText<'a>,
    doc: &'s Document,
    scope: Option<String>,
    date: Option<NaiveDate>,
}

impl Ctx<'_, '_> {
    /// [`agencies::normalize`] scoped to the document, memoised.
    fn normalize(&self, name: &str) -> agencies::Unit {
        agencies::normalize_cached(name, self.scope.as_deref())
    }

    /// [`agencies::unit_of_position`], memoised (across documents).
    fn unit_of_position(&self, position: &str) -> Option<String> {
        agencies::unit_of_position_cached(position)
    }
}

/// Conventions stated once and applied to the brackets after them.
#[derive(Default)]
struct Conventions {
    first_is_lead: bool,
    carry: Vec<(String, Role)>,
}

/// All assignments of work in `doc`, in text order.
pub fn extract(src: &SourceText<'_>, doc: &Document) -> Vec<Assignment> {
    extract_from(
        src,
        doc,
        &paragraphs(src, doc.body_start_line, doc.span.end_line),
    )
}

/// [`extract`] over the body paragraphs `all` (those of
/// `paragraphs(src, doc.body_start_line, doc.span.end_line)`), computed once
/// for every extractor.
pub fn extract_from(src: &SourceText<'_>, doc: &Document, all: &[Paragraph]) -> Vec<Assignment> {
    let ctx = Ctx {
        src,
        doc,
        scope: agencies::document_scope(doc),
        date: doc.header.date.as_ref().and_then(|d| d.value.date),
    };
    // Continuation lines of table cells are not body paragraphs.
    let tables = LineMask::new(&doc.span, doc.tables.iter().map(|t| &t.span));
    let paras: Vec<&Paragraph> = all
        .iter()
        .filter(|p| match tables.get(p.start_line) {
            Some(inside) => !inside,
            // Outside the document's lines (never, for its own
            // paragraphs): ask the tables.
            None => !doc
                .tables
                .iter()
                .any(|t| t.span.start_line <= p.start_line && p.start_line <= t.span.end_line),
        })
        .collect();
    let mut out = Vec::new();
    let mut conv = Conventions::default();
    let mut i = 0;
    while i < paras.len() {
        if let Some((a, next)) = block(&ctx, &paras, i) {
            out.extend(a);
            i = next.max(i + 1);
            continue;
        }
        let present = paras
            .get(i)
            .map(|p| ASSIGNMENT_GATES.scan(&p.text))
            .unwrap_or_default();
        if let Some(a) = duty_paragraph(&ctx, &paras, i, present) {
            out.push(a);
            i += 1;
            continue;
        }
        brackets(&ctx, &paras, i, &mut conv, &mut out);
        sentences(&ctx, &paras, i, present, &mut out);
        i += 1;
    }
    for t in &doc.tables {
        table_rows(&ctx, t, &mut out);
    }
    out.sort_by_key(|a| (a.span.start_byte, a.span.end_byte));
    out
}

// ---------------------------------------------------------------------------
// The clause grammar shared by brackets, sentences, blocks and table cells.
// ---------------------------------------------------------------------------

/// What a responsibility clause (`牵头单位：A；责任单位：B`, `由A牵头，B参加`)
/// says: the units and their roles, a due date, conventions it states.
#[derive(Debug, Default, Clone, PartialEq)]
struct Responsibility {
    /// Units as printed, with their roles, in text order.
    units: Vec<(String, Role)>,
    /// Roles given by verbs (`牵头`, `负责` …), one per verb occurrence.
    verbs: Vec<Role>,
    /// Value of a `完成时限：` label.
    due: Option<String>,
    /// The first-is-lead convention is stated here.
    first_is_lead: bool,
    /// `以下均需X落实，不再列出`: units for every later assignment.
    carry: Vec<(String, Role)>,
}

/// Parse a responsibility clause (the inside of a bracket, a sentence after
/// `由`, a label line, a table cell). Units not followed by a verb and not
/// under a label get `default_role`, or are dropped when it is `None`.
fn parse_clause(text: &str, default_role: Option<Role>) -> Responsibility {
    let mut c = Responsibility::default();
    let mut label_role: Option<Role> = None;
    let mut pending: Vec<String> = Vec::new();
    for (a, b) in split_top(text, CLAUSE_SEPARATORS) {
        let mut clause = &text[a..b];
        // Conventions end the clause: what precedes them still assigns.
        static FIRST_IS_LEAD: LazyLock<LiteralSet> =
            LazyLock::new(|| LiteralSet::new(FIRST_IS_LEAD_MARKERS));
        if let Some(k) = FIRST_IS_LEAD.first_start(clause) {
            c.first_is_lead = true;
            clause = &clause[..k];
        }
        if let Some(caps) = CARRY_RE.captures(clause) {
            let role = caps
                .name("verb")
                .and_then(|v| verb_role(v.as_str()))
                .unwrap_or(Role::Responsible);
            if let Some(u) = caps.name("units").or_else(|| caps.name("units2")) {
                for name in split_units(u.as_str()) {
                    c.carry.push((name, role));
                }
            }
            if let Some(m) = caps.get(0) {
                clause = &clause[..m.start()];
            }
        }
        // Under a label that names no role (`适用范围：…`) up to the next
        // label or the end of the clause.
        let mut other_label = false;
        for (sa, sb) in split_top(clause, SEGMENT_SEPARATORS) {
            let mut seg = clause[sa..sb].trim_matches(|ch: char| is_space(ch));
            if let Some(v) = strip_due_label(seg) {
                c.due = Some(v.to_string());
                other_label = false;
                continue;
            }
            if let Some((role, rest)) = strip_clause_role_label(seg) {
                label_role = Some(role);
                other_label = false;
                seg = rest;
            } else if is_other_label(seg) {
                label_role = None;
                other_label = true;
                continue;
            } else if other_label {
                continue;
            }
            let seg = seg.strip_prefix('由').unwrap_or(seg);
            if seg.is_empty() {
                continue;
            }
            let (unit_part, verb) = strip_verbs(seg);
            if let Some(v) = verb {
                c.verbs.push(v);
            }
            // `A会同B负责`: A leads, B takes the verb's role.
            let (leads, unit_part) = split_co_lead(unit_part);
            if let Some(leads) = leads {
                c.verbs.push(Role::Lead);
                for n in pending.drain(..) {
                    c.units.push((n, Role::Lead));
                }
                for n in split_conjoined(leads)
                    .into_iter()
                    .filter(|n| is_unit_like(n))
                {
                    c.units.push((n, Role::Lead));
                }
            }
            let names: Vec<String> = split_conjoined(unit_part)
                .into_iter()
                .filter(|n| is_unit_like(n))
                .collect();
            match verb.or(label_role) {
                Some(role) => {
                    for n in pending.drain(..) {
                        c.units.push((n, role));
                    }
                    for n in names {
                        c.units.push((n, role));
                    }
                }
                None => pending.extend(names),
            }
        }
    }
    if let Some(role) = default_role {
        for n in pending.drain(..) {
            c.units.push((n, role));
        }
    }
    c
}

/// `适用范围：…`: a segment opening with a short label that is neither a
/// role label nor a unit (role and due labels are tried first).
fn is_other_label(seg: &str) -> bool {
    match split_label(seg) {
        Some((label, _)) => {
            let n = label.chars().count();
            (1..=OTHER_LABEL_MAX_CHARS).contains(&n) && !is_unit_like(label)
        }
        None => false,
    }
}

/// `A会同B` → (Some(`A`), `B`) at the first [`CO_LEAD_WORDS`] word outside
/// brackets; `(None, s)` when there is none.
fn split_co_lead(s: &str) -> (Option<&str>, &str) {
    let hit = CO_LEAD_WORDS
        .iter()
        .filter_map(|w| s.find(w).map(|k| (k, w.len())))
        .filter(|&(k, _)| s.get(..k).is_some_and(|l| bracket_depth(l) == 0))
        .min();
    match hit {
        Some((k, len)) => match (s.get(..k), s.get(k + len..)) {
            (Some(l), Some(r)) => (Some(l), r),
            _ => (None, s),
        },
        None => (None, s),
    }
}

/// Depth of the round brackets left open at the end of `s`.
fn bracket_depth(s: &str) -> i32 {
    s.chars().fold(0, |d, ch| match ch {
        '（' | '(' => d + 1,
        '）' | ')' => (d - 1).max(0),
        _ => d,
    })
}

/// Role of a verb printed after units (longest table entry that is a
/// suffix of `v`).
fn verb_role(v: &str) -> Option<Role> {
    ROLE_VERBS
        .iter()
        .filter(|(w, _)| v.ends_with(w))
        .max_by_key(|(w, _)| w.len())
        .map(|(_, r)| *r)
}

/// Strip trailing role verbs (`市财政局按职责分工负责` → `市财政局`,
/// Responsible). The role is that of the last verb printed.
fn strip_verbs(seg: &str) -> (&str, Option<Role>) {
    let mut s = seg;
    let mut role = None;
    for _ in 0..4 {
        let Some((w, r)) = ROLE_VERBS
            .iter()
            .filter(|(w, _)| s.ends_with(w))
            .max_by_key(|(w, _)| w.len())
        else {
            break;
        };
        if role.is_none() {
            role = Some(*r);
        }
        s = &s[..s.len() - w.len()];
    }
    (s, role)
}

/// `责任单位：…` → (Responsible, `…`): a [`ROLE_LABELS`] label.
fn strip_role_label(seg: &str) -> Option<(Role, &str)> {
    let (label, rest) = split_label(seg)?;
    role_of_label(label).map(|role| (role, rest))
}

/// [`strip_role_label`], or a [`CLAUSE_ROLE_LABELS`] label (`牵头：…`).
fn strip_clause_role_label(seg: &str) -> Option<(Role, &str)> {
    let (label, rest) = split_label(seg)?;
    role_of_label(label)
        .or_else(|| {
            CLAUSE_ROLE_LABELS
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, role)| *role)
        })
        .map(|role| (role, rest))
}

/// The role a [`ROLE_LABELS`] label gives.
fn role_of_label(label: &str) -> Option<Role> {
    ROLE_LABELS
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, role)| *role)
}

/// Colons that end a role or roster label.
const LABEL_COLONS: [char; 2] = ['：', ':'];

/// Offset of the first [`LABEL_COLONS`] char in `s`: a SIMD search per
/// colon (the searchers built once; a char-set `find` decodes every char
/// of a long paragraph).
fn first_colon(s: &str) -> Option<usize> {
    static FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        LABEL_COLONS
            .iter()
            .map(|c| memchr::memmem::Finder::new(c.to_string().as_bytes()).into_owned())
            .collect()
    });
    FINDERS.iter().filter_map(|f| f.find(s.as_bytes())).min()
}

/// Longest label (bytes) in [`ROLE_LABELS`] and [`ROSTER_LABELS`].
const LABEL_MAX_BYTES: usize = {
    let mut m = 0;
    let mut k = 0;
    while k < ROLE_LABELS.len() {
        if ROLE_LABELS[k].0.len() > m {
            m = ROLE_LABELS[k].0.len();
        }
        k += 1;
    }
    k = 0;
    while k < ROSTER_LABELS.len() {
        if ROSTER_LABELS[k].len() > m {
            m = ROSTER_LABELS[k].len();
        }
        k += 1;
    }
    m
};

/// `X：rest` → (X, rest) at the first colon (labels hold no colon, so a
/// label followed by a colon is exactly the text before the first one).
fn split_label(t: &str) -> Option<(&str, &str)> {
    // A label's colon starts within the first LABEL_MAX_BYTES bytes.
    let head = (0..=t.len().min(LABEL_MAX_BYTES + '：'.len_utf8()))
        .rev()
        .find_map(|e| t.get(..e))?;
    // A few chars: a char-set search beats setting up two SIMD searches.
    let k = head.find(LABEL_COLONS)?;
    let label = t.get(..k)?;
    let rest = t.get(k..)?;
    let rest = rest.strip_prefix(LABEL_COLONS)?;
    Some((label, rest))
}

/// `完成时限：2021年` → `2021年`.
fn strip_due_label(seg: &str) -> Option<&str> {
    DUE_LABELS.iter().find_map(|label| {
        seg.strip_prefix(label)?
            .strip_prefix(['：', ':', '为'])
            .map(str::trim)
    })
}

/// Split a unit list on top-level `、，,` and conjunctions (see
/// [`split_conjoined`]).
fn split_units(list: &str) -> Vec<String> {
    split_top(list, UNIT_SEPARATORS)
        .into_iter()
        .flat_map(|(a, b)| split_conjoined(&list[a..b]))
        .map(|s| s.trim_matches(|c: char| is_space(c)).to_string())
        .filter(|s| is_unit_like(s))
        .collect()
}

/// Split `A等有关部门及B` / `A和B` at a top-level 及/和/与 when both sides
/// are units (`县发展和改革局` stays whole).
fn split_conjoined(s: &str) -> Vec<String> {
    let mut depth = 0i32;
    for (i, ch) in s.char_indices() {
        match ch {
            '（' | '(' | '〈' | '<' | '《' => depth += 1,
            '）' | ')' | '〉' | '>' | '》' => depth -= 1,
            _ if depth == 0 && UNIT_CONJUNCTIONS.contains(&ch) => {
                let (l, r) = (&s[..i], &s[i + ch.len_utf8()..]);
                if is_unit_like(l) && is_unit_like(r) {
                    let mut v = vec![l.to_string()];
                    v.extend(split_conjoined(r));
                    return v;
                }
            }
            _ => {}
        }
    }
    vec![s.to_string()]
}

/// Byte ranges of `s` split at top-level separators (outside any bracket
/// or quote). Empty pieces are dropped.
fn split_top(s: &str, seps: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        match ch {
            '（' | '(' | '〈' | '<' | '《' | '“' | '【' | '〔' | '[' => depth += 1,
            '）' | ')' | '〉' | '>' | '》' | '”' | '】' | '〕' | ']' => {
                depth = (depth - 1).max(0)
            }
            _ if depth == 0 && seps.contains(&ch) => {
                if ch == '、' && joins_area_head(s.get(start..i), s.get(i + ch.len_utf8()..)) {
                    continue;
                }
                if i > start {
                    out.push((start, i));
                }
                start = i + ch.len_utf8();
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

/// `各市` + `、` + `县人民政府`: the `、` joins a list head
/// ([`AREA_LIST_HEADS`]) to the name it shares.
fn joins_area_head(before: Option<&str>, after: Option<&str>) -> bool {
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    !after.starts_with('各') && AREA_LIST_HEADS.iter().any(|h| before.ends_with(h))
}

/// Top-level bracket pairs `（…）` / `(…)` of a paragraph text `s`: (open,
/// close-end) byte offsets, nesting respected. An unclosed bracket runs to
/// the end of the text. `marks`: the bracket marks of `s` (offsets and
/// chars, in order, [`Paragraph::marks`]; other marks are skipped).
fn top_brackets_of(s: &str, marks: &[(usize, char)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0usize;
    for &(i, ch) in marks {
        if !ROUND_OPEN.contains(&ch) && !ROUND_CLOSE.contains(&ch) {
            continue;
        }
        if ROUND_OPEN.contains(&ch) {
            if depth == 0 {
                open = i;
            }
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
            if depth == 0 {
                out.push((open, i + ch.len_utf8()));
            }
        }
    }
    if depth > 0 {
        out.push((open, s.len()));
    }
    out
}

/// Round brackets, both widths (among the marks of [`Paragraph::marks`]).
const ROUND_OPEN: &[char] = &['（', '('];
const ROUND_CLOSE: &[char] = &['）', ')'];

/// Inside of a bracket found by [`top_brackets_of`].
fn bracket_inner(s: &str, a: usize, b: usize) -> &str {
    let inner = s.get(a..b).unwrap_or("");
    let inner = inner.strip_prefix(ROUND_OPEN).unwrap_or(inner);
    inner.strip_suffix(ROUND_CLOSE).unwrap_or(inner)
}

// ---------------------------------------------------------------------------
// Forms.
// ---------------------------------------------------------------------------

/// Text of the nearest paragraph before `i` that is not a running head.
fn previous_text<'p>(paras: &[&'p Paragraph], i: usize) -> Option<&'p str> {
    (0..i)
        .rev()
        .take(3)
        .filter_map(|k| paras.get(k))
        .map(|q| q.text.as_ref())
        .find(|t| !RUNNING_HEAD_MARKERS.iter().any(|m| t.contains(m)))
}

/// Quick test: could this bracket assign work?
fn may_assign(inner: &str) -> bool {
    MAY_ASSIGN.is_in(inner)
}

/// [`ROLE_LABELS`] and [`ASSIGNING_VERBS`], searched in one pass.
static MAY_ASSIGN: LazyLock<LiteralSet> = LazyLock::new(|| {
    let words: Vec<&'static str> = ROLE_LABELS
        .iter()
        .map(|(l, _)| *l)
        .chain(ASSIGNING_VERBS.iter().copied())
        .collect();
    LiteralSet::new(&words)
});

fn brackets(
    ctx: &Ctx<'_, '_>,
    paras: &[&Paragraph],
    i: usize,
    conv: &mut Conventions,
    out: &mut Vec<Assignment>,
) {
    let Some(p) = paras.get(i) else { return };
    let text = &p.text;
    if !p.marks().iter().any(|(_, c)| ROUND_OPEN.contains(c)) {
        return;
    }
    let mut task_from = 0usize;
    for (a, b) in top_brackets_of(text, p.marks()) {
        let inner = bracket_inner(text, a, b);
        let clause = if may_assign(inner) {
            parse_clause(inner, None)
        } else if after_sentence_end(text, a) {
            bare_list(inner)
        } else {
            continue;
        };
        // Conventions stated here apply from here on.
        if clause.first_is_lead {
            conv.first_is_lead = true;
        }
        let carry_before = conv.carry.clone();
        if !clause.carry.is_empty() {
            conv.carry = clause.carry.clone();
        }
        if clause.units.is_empty() {
            continue;
        }
        let mut units = clause.units.clone();
        if conv.first_is_lead && is_plain_list(&clause) {
            for (k, u) in units.iter_mut().enumerate() {
                u.1 = if k == 0 {
                    Role::Lead
                } else {
                    Role::Cooperating
                };
            }
        }
        for (name, role) in &carry_before {
            if !units.iter().any(|(n, _)| n == name) {
                units.push((name.clone(), *role));
            }
        }
        let raw_task = text.get(task_from..a).unwrap_or("");
        let lead_trim = raw_task.len()
            - raw_task
                .trim_start_matches(['。', '；', '，', '：', ';', ','])
                .len();
        let task_start = task_from + lead_trim;
        let mut task = raw_task[lead_trim..].to_string();
        let span_start;
        if task.chars().count() < 2 {
            // Bracket on its own: the task is the paragraph before.
            task = previous_text(paras, i).unwrap_or_default().to_string();
            span_start = a;
        } else {
            span_start = task_start;
        }
        // A `完成时限` label, else a dated deadline printed in the bracket
        // (`（A负责，2023年底前完成）`), else one in the task, else an
        // undated one in the bracket (`持续推进`).
        let in_bracket = best_deadline(inner, ctx.date);
        let deadline = clause
            .due
            .as_deref()
            .and_then(|v| deadlines::parse_due(v, ctx.date))
            .or_else(|| {
                in_bracket
                    .clone()
                    .filter(|d| d.date.is_some() || d.end_date.is_some())
            })
            .or_else(|| best_deadline(&task, ctx.date))
            .or(in_bracket);
        let span = p.span(ctx.src, span_start, b);
        out.push(make(
            ctx,
            task,
            units,
            deadline,
            span,
            AssignmentForm::Bracket,
        ));
        task_from = b;
    }
}

/// A bracket listing several units in one role other than lead
/// (`（A、B、C负责）`, `（A、B）`, `（责任单位：A、B）`): the form the
/// first-is-lead convention rewrites.
fn is_plain_list(c: &Responsibility) -> bool {
    let mut roles = c.units.iter().map(|(_, r)| *r);
    let first = roles.next();
    c.units.len() > 1 && first != Some(Role::Lead) && roles.all(|r| Some(r) == first)
}

/// The bracket opening at `open` follows the end of a sentence
/// ([`BARE_LIST_AFTER`], spaces skipped).
fn after_sentence_end(text: &str, open: usize) -> bool {
    text.get(..open)
        .and_then(|t| t.trim_end_matches(is_space).chars().next_back())
        .is_some_and(|c| BARE_LIST_AFTER.contains(&c))
}

/// `（市工信委、市财政局）`: a bracket holding nothing but unit names, each
/// in [`BARE_LIST_ROLE`]; an empty clause otherwise.
fn bare_list(inner: &str) -> Responsibility {
    let pieces = split_top(inner, UNIT_SEPARATORS);
    let names = split_units(inner);
    let mut c = Responsibility::default();
    if !names.is_empty() && names.len() >= pieces.len() {
        c.units = names.into_iter().map(|n| (n, BARE_LIST_ROLE)).collect();
    }
    c
}

/// `由A牵头，B等参加` sentences and `办公室设在X` outside brackets.
/// `present`: [`ASSIGNMENT_GATES`] of paragraph `i`.
fn sentences(
    ctx: &Ctx<'_, '_>,
    paras: &[&Paragraph],
    i: usize,
    present: Present,
    out: &mut Vec<Assignment>,
) {
    let Some(p) = paras.get(i) else { return };
    let text = &p.text;
    // Both forms below need one of these words.
    let gates = &*ASSIGNMENT_GATES;
    if !present.has(gates.bit(LEAD_VERB)) && !present.has(gates.bit(OFFICE_MARKER)) {
        return;
    }
    let masked = top_brackets_of(text, p.marks());
    let inside = |pos: usize| masked.iter().any(|&(a, b)| a <= pos && pos < b);
    for (sa, sb) in p.sentences() {
        let sent = &text[sa..sb];
        // 由…牵头
        if sent.contains(LEAD_VERB) {
            if let Some(pos) = sent
                .match_indices('由')
                .map(|(k, _)| k)
                .find(|&k| !inside(sa + k) && first_segment_leads(&sent[k..]))
            {
                let body = sent[pos + '由'.len_utf8()..].trim_end_matches(['。', '！', '？']);
                let clause = parse_clause(body, None);
                if clause.units.iter().any(|(_, r)| *r == Role::Lead) {
                    let mut task = sent.to_string();
                    if pos == 0 {
                        // `1.污染处置组` / `由市生态环境局牵头，…`
                        if let Some(q) = previous_text(paras, i) {
                            if q.chars().count() <= 30 {
                                task = format!("{q}：{sent}");
                            }
                        }
                    }
                    let deadline = best_deadline(sent, ctx.date);
                    let span = p.span(ctx.src, sa, sb);
                    out.push(make(
                        ctx,
                        task,
                        clause.units,
                        deadline,
                        span,
                        AssignmentForm::Sentence,
                    ));
                }
            }
        }
        // 办公室设在X
        if !sent.contains(OFFICE_MARKER) {
            continue;
        }
        for (ua, u) in OFFICE_RE
            .captures_iter(sent)
            .filter_map(|c| c.name("u"))
            .map(|m| (m.start(), m.as_str()))
        {
            if inside(sa + ua) || !is_unit_like(u) {
                continue;
            }
            let span = p.span(ctx.src, sa, sb);
            out.push(make(
                ctx,
                sent.to_string(),
                vec![(u.to_string(), Role::Responsible)],
                None,
                span,
                AssignmentForm::Office,
            ));
        }
    }
}

/// `A、B牵头，…`: the first top-level segment after 由 ends in 牵头 and
/// names units.
fn first_segment_leads(after_you: &str) -> bool {
    let body = after_you.strip_prefix('由').unwrap_or(after_you);
    let first = split_top(body, &['，', ',', '。', '；'])
        .into_iter()
        .next()
        .map(|(a, b)| &body[a..b])
        .unwrap_or("");
    let (units, verb) = strip_verbs(first);
    verb == Some(Role::Lead)
        && split_units(units).len() == split_top(units, &['、']).len()
        && !units.is_empty()
}

/// `X：负责…` paragraphs (optionally after an outline label).
/// `present`: [`ASSIGNMENT_GATES`] of paragraph `i`.
fn duty_paragraph(
    ctx: &Ctx<'_, '_>,
    paras: &[&Paragraph],
    i: usize,
    present: Present,
) -> Option<Assignment> {
    let p = paras.get(i)?;
    let text = &p.text;
    // The duty after the colon starts with 负责.
    if !present.has(ASSIGNMENT_GATES.bit(DUTY_VERB)) {
        return None;
    }
    let label_len = leading_label_len(text);
    let body = &text[label_len..];
    let colon = first_colon(body)?;
    let head = &body[..colon];
    let rest = &body[colon..];
    let after = rest.get(rest.chars().next()?.len_utf8()..)?;
    if !(after.starts_with("负责") || after.starts_with("主要负责")) || head.chars().count() > 60
    {
        return None;
    }
    let names = split_units(head);
    if names.is_empty() || names.len() != split_top(head, SEGMENT_SEPARATORS).len() {
        return None;
    }
    let units = names.into_iter().map(|n| (n, Role::Responsible)).collect();
    let deadline = best_deadline(after, ctx.date);
    let span = p.span(ctx.src, 0, text.len());
    Some(make(
        ctx,
        after.to_string(),
        units,
        deadline,
        span,
        AssignmentForm::DutyParagraph,
    ))
}

/// Kind of a line in a labelled block or roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockLine {
    /// `牵头单位：…` (role label with units).
    Role(Role),
    /// `组长：…` (roster label).
    Roster,
    /// A roster line without a label (`张三  市发改委主任`, or a broken
    /// job title).
    Continuation,
}

fn classify_block_line(p: &Paragraph) -> Option<BlockLine> {
    if let Some(k) = labelled_block_line(p) {
        return k;
    }
    let t = p.text.as_ref();
    let n = t.chars().count();
    if n <= 40 && !t.contains(['。', '；', ';', '：', ':', '，']) && leading_label_len(t) == 0 {
        return Some(BlockLine::Continuation);
    }
    None
}

/// The kind of a line that opens with a role or roster label
/// (`Some(None)`: a role label followed by a duty, not a block line);
/// `None` when the line has no such label.
fn labelled_block_line(p: &Paragraph) -> Option<Option<BlockLine>> {
    let (label, rest) = split_label(p.text.as_ref())?;
    if let Some(role) = role_of_label(label) {
        if rest.starts_with(DUTY_VERB) || rest.starts_with("由") {
            return Some(None);
        }
        return Some(Some(BlockLine::Role(role)));
    }
    if ROSTER_LABELS.contains(&label) {
        return Some(Some(BlockLine::Roster));
    }
    None
}

/// A labelled block or roster starting at paragraph `i`: its assignment
/// and the index of the paragraph after it.
fn block(ctx: &Ctx<'_, '_>, paras: &[&Paragraph], i: usize) -> Option<(Vec<Assignment>, usize)> {
    let first = paras.get(i)?;
    // A block opens with a label (a continuation line opens none).
    labelled_block_line(first)??;
    let mut j = i;
    let mut roster = false;
    let mut lines: Vec<(BlockLine, usize)> = Vec::new();
    while let Some(p) = paras.get(j) {
        let Some(k) = classify_block_line(p) else {
            break;
        };
        if let Some((_, prev)) = lines.last() {
            let prev_end = paras.get(*prev).map_or(0, |q| q.end_line);
            if p.start_line > prev_end + 3 {
                break;
            }
        }
        if k == BlockLine::Continuation && !roster {
            break;
        }
        if k == BlockLine::Roster {
            roster = true;
        }
        lines.push((k, j));
        j += 1;
    }
    let mut units: Vec<(String, Role)> = Vec::new();
    let mut positions: Vec<String> = Vec::new();
    for &(k, idx) in &lines {
        let Some(p) = paras.get(idx) else { continue };
        match k {
            BlockLine::Role(role) => {
                let rest = strip_role_label(&p.text).map_or("", |(_, r)| r);
                for n in split_units(rest) {
                    units.push((n, role));
                }
            }
            BlockLine::Roster | BlockLine::Continuation => {
                roster_line(
                    ctx.src,
                    p,
                    k == BlockLine::Roster,
                    &mut positions,
                    &mut units,
                );
            }
        }
    }
    for pos in &positions {
        if let Some(u) = ctx.unit_of_position(pos) {
            units.push((u, Role::Member));
        }
    }
    let last = lines.last().and_then(|&(_, idx)| paras.get(idx))?;
    let next = j;
    if units.is_empty() {
        return Some((Vec::new(), next));
    }
    let task = previous_text(paras, i)
        .map(str::to_string)
        .or_else(|| ctx.doc.header.title.as_ref().map(|t| t.value.clone()))
        .unwrap_or_default();
    let span = ctx.src.span_lines(first.start_line, last.end_line);
    let form = if roster {
        AssignmentForm::Roster
    } else {
        AssignmentForm::LabelledBlock
    };
    Some((vec![make(ctx, task, units, None, span, form)], next))
}

/// Read one roster paragraph: after the label, either a unit list
/// (`成员：县委宣传部、县委统战部…`), or `姓名 职务` (the job title is the
/// last whitespace-separated token of the raw line, or the text in
/// brackets `姓名（单位）`); a line with a single token continues the
/// previous job title (titles broken over lines).
fn roster_line(
    src: &SourceText<'_>,
    p: &Paragraph,
    labelled: bool,
    positions: &mut Vec<String>,
    units: &mut Vec<(String, Role)>,
) {
    let raw: Vec<&str> = (p.start_line..=p.end_line)
        .filter_map(|n| src.line(n).map(|l| l.text))
        .collect();
    let raw = raw.join("");
    let after = if labelled {
        match first_colon(&raw) {
            Some(k) => {
                let ch = raw[k..].chars().next().map_or(1, char::len_utf8);
                &raw[k + ch..]
            }
            None => raw.as_str(),
        }
    } else {
        raw.as_str()
    };
    let c = compact(after);
    // `成员：县委宣传部、县委统战部、…`: a list of units.
    let listed = split_units(&c);
    if listed.len() >= 2 && listed.len() * 2 >= split_top(&c, SEGMENT_SEPARATORS).len() {
        for n in listed {
            units.push((n, Role::Member));
        }
        return;
    }
    // `刘孟杰（县应急管理局）`: name, then the unit in brackets.
    if let Some(open) = c.find(['（', '(']) {
        if c[..open].chars().count() <= 4 {
            let after_open = &c[open..];
            let inner = after_open
                .char_indices()
                .nth(1)
                .map_or("", |(k, _)| &after_open[k..]);
            let inner = inner.split(['）', ')']).next().unwrap_or("");
            positions.push(inner.to_string());
            return;
        }
    }
    let tokens: Vec<&str> = after.split(is_space).filter(|t| !t.is_empty()).collect();
    match tokens.as_slice() {
        [] => {}
        [only] if labelled => positions.push((*only).to_string()),
        [only] => match positions.last_mut() {
            Some(last) => last.push_str(only),
            None => positions.push((*only).to_string()),
        },
        [.., last] => positions.push((*last).to_string()),
    }
}

/// Assignments from the rows of a table with responsibility columns: every
/// column whose header is a [`TABLE_UNIT_HEADERS`] word (`牵头单位`,
/// `配合单位`, `责任单位` … side by side), else a unit column beside a
/// duty column, else a clause column (`职责分工`).
fn table_rows(ctx: &Ctx<'_, '_>, t: &Table, out: &mut Vec<Assignment>) {
    let hr = t
        .header_row
        .or_else(|| t.rows.iter().position(|r| r.cells.len() >= 2));
    let Some(hr) = hr else { return };
    let Some(header) = t.rows.get(hr) else { return };
    let heads: Vec<String> = header.cells.iter().map(|c| compact(&c.text)).collect();
    let find = |words: &[&str]| {
        heads
            .iter()
            .position(|h| words.iter().any(|w| h.contains(w)))
    };
    let clause_col = find(TABLE_CLAUSE_HEADERS);
    let task_col = heads.iter().position(|h| {
        TABLE_TASK_HEADERS.iter().any(|w| h.contains(w))
            && !TABLE_CLAUSE_HEADERS.iter().any(|w| h.contains(w))
    });
    // (column, role, holds a whole clause)
    let mut unit_cols: Vec<(usize, Role, bool)> = heads
        .iter()
        .enumerate()
        .filter_map(|(k, h)| {
            TABLE_UNIT_HEADERS
                .iter()
                .find(|(w, _)| h.contains(w))
                .map(|(_, r)| (k, *r, false))
        })
        .collect();
    if unit_cols.is_empty() {
        let duty_unit = task_col.and(heads.iter().position(|h| {
            TABLE_DUTY_UNIT_HEADERS
                .iter()
                .any(|w| h == w || h.ends_with(w))
        }));
        if let Some(k) = duty_unit {
            unit_cols.push((k, Role::Responsible, false));
        } else if let Some(k) = clause_col {
            unit_cols.push((k, Role::Responsible, true));
        }
    }
    if unit_cols.is_empty() {
        return;
    }
    let is_unit_col = |k: usize| unit_cols.iter().any(|&(c, _, _)| c == k);
    let due_col = find(TABLE_DUE_HEADERS);
    // Merged cells repeat the unit of the row above (per column).
    let mut carried: Vec<Option<String>> = vec![None; unit_cols.len()];
    for row in t.rows.iter().skip(hr + 1) {
        if row.repeated_header || row.cells.len() != header.cells.len() {
            continue;
        }
        if row
            .cells
            .iter()
            .any(|c| TABLE_TOTAL_WORDS.contains(&compact(&c.text).as_str()))
        {
            continue;
        }
        let mut units: Vec<(String, Role)> = Vec::new();
        for (&(ucol, role, is_clause), carry) in unit_cols.iter().zip(carried.iter_mut()) {
            // Units on separate lines of a cell are separate units.
            let cell = row
                .cells
                .get(ucol)
                .map(|c| join_cell_lines(&c.text))
                .unwrap_or_default();
            let cell = strip_leading_label(&cell).to_string();
            let cell = if cell.is_empty() && t.faithful {
                carry.clone().unwrap_or_default()
            } else {
                *carry = Some(cell.clone());
                cell
            };
            if cell.is_empty() {
                continue;
            }
            let clause = parse_clause(&cell, Some(role));
            if is_clause || !clause.verbs.is_empty() {
                units.extend(clause.units);
            } else {
                units.extend(split_units(&cell).into_iter().map(|n| (n, role)));
            }
        }
        if units.is_empty() {
            continue;
        }
        let task = match task_col {
            Some(k) if !is_unit_col(k) => row
                .cells
                .get(k)
                .map(|c| compact(&c.text))
                .unwrap_or_default(),
            _ => row
                .cells
                .iter()
                .enumerate()
                .filter(|(k, c)| {
                    !is_unit_col(*k) && Some(*k) != due_col && !compact(&c.text).is_empty()
                })
                .filter(|(k, _)| heads.get(*k).is_none_or(|h| !h.contains("序号")))
                .map(|(k, c)| {
                    format!(
                        "{}：{}",
                        heads.get(k).cloned().unwrap_or_default(),
                        compact(&c.text)
                    )
                })
                .collect::<Vec<_>>()
                .join("；"),
        };
        let deadline = due_col
            .and_then(|k| row.cells.get(k))
            .and_then(|c| deadlines::parse_due(&compact(&c.text), ctx.date))
            .or_else(|| best_deadline(&task, ctx.date));
        out.push(make(
            ctx,
            task,
            units,
            deadline,
            row.span.clone(),
            AssignmentForm::TableRow,
        ));
    }
}

/// Compact a cell's text; lines that are each a unit name are separate
/// units (`市科技局` / `市工信局` → `市科技局、市工信局`), other lines are
/// one text broken by the layout.
fn join_cell_lines(text: &str) -> String {
    let mut out = String::new();
    let mut prev_unit = false;
    for line in text.split('\n').map(compact).filter(|l| !l.is_empty()) {
        let unit = is_unit_like(&line);
        if prev_unit && unit {
            out.push('、');
        }
        out.push_str(&line);
        prev_unit = unit;
    }
    out
}

fn strip_leading_label(s: &str) -> &str {
    s.get(leading_label_len(s)..).unwrap_or(s)
}

/// The deadline of a task text: the latest dated one, else the first.
fn best_deadline(text: &str, date: Option<NaiveDate>) -> Option<Deadline> {
    let all = deadlines::find(text, date);
    let dated = all
        .iter()
        .filter(|d| d.kind != DeadlineKind::Event && d.kind != DeadlineKind::Recurring)
        .filter_map(|d| d.end_date.or(d.date).map(|x| (x, d)))
        .max_by_key(|(x, _)| *x)
        .map(|(_, d)| d.clone());
    dated.or_else(|| all.into_iter().next())
}

/// Build an assignment: normalise and de-duplicate units, attach the
/// outline path.
fn make(
    ctx: &Ctx<'_, '_>,
    task: String,
    units: Vec<(String, Role)>,
    deadline: Option<Deadline>,
    span: Span,
    form: AssignmentForm,
) -> Assignment {
    let mut out: Vec<AssignedUnit> = Vec::new();
    for (name, role) in units {
        let (core, open_list) = agencies::split_open_list(&name);
        let u = ctx.normalize(core);
        if let Some(x) = out
            .iter_mut()
            .find(|x| x.normalized == u.normalized && x.role == role)
        {
            x.open_list |= open_list;
            continue;
        }
        out.push(AssignedUnit {
            name: u.name,
            normalized: u.normalized,
            role,
            collective: u.collective,
            open_list,
        });
    }
    Assignment {
        task,
        outline_path: outline_path(&ctx.doc.outline, span.start_line),
        units: out,
        deadline,
        span,
        form,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocDate, Field, FieldSource, Header};
    use crate::source::text::OffsetMap;

    crate::source::pattern::force_patterns!(CARRY_RE, OFFICE_RE);

    #[test]
    fn plan_labels_are_stripped() {
        for (text, rest) in [
            ("（一）市发改委", "市发改委"),
            ("(十二)市发改委", "市发改委"),
            ("二十一、市发改委", "市发改委"),
            ("3．市发改委", "市发改委"),
            ("12、市发改委", "市发改委"),
            ("（2）市发改委", "市发改委"),
            ("⑳市发改委", "市发改委"),
            // Spacing lost: `9. 2022年…` may have been printed.
            ("9.2022年任务", "2022年任务"),
            // Not plan labels.
            ("第一条市发改委", "第一条市发改委"),
            ("一、二季度", "一、二季度"),
            ("市发改委", "市发改委"),
        ] {
            assert_eq!(strip_leading_label(text), rest, "{text}");
        }
    }

    /// A fictional document: issuer 甲乙市人民政府 (or `issuer`), dated
    /// `date`, body = the whole text.
    fn doc_for(src: &SourceText<'_>, issuer: &str, date: (i32, u32, u32)) -> Document {
        let n = src.len().max(1);
        let span = src.span_lines(1, n);
        let date = NaiveDate::from_ymd_opt(date.0, date.1, date.2);
        let (tables, _) = crate::structure::tables::parse_tables(src, 1, n);
        Document {
            ordinal: 0,
            facts: Default::default(),
            span: span.clone(),
            header: Header {
                issuers: vec![Field {
                    value: issuer.to_string(),
                    span: span.clone(),
                    source: FieldSource::Header,
                }],
                date: Some(Field {
                    value: DocDate {
                        raw: String::new(),
                        date,
                        malformed: false,
                    },
                    span,
                    source: FieldSource::Signature,
                }),
                ..Header::default()
            },
            enclosed: Vec::new(),
            attachments: Vec::new(),
            outline: Vec::new(),
            tables,
            interpretations: Vec::new(),
            body_start_line: 1,
            diagnostics: Vec::new(),
        }
    }

    fn run(text: &str) -> Vec<Assignment> {
        run_as(text, "甲乙市人民政府办公室", (2021, 5, 19))
    }

    fn run_as(text: &str, issuer: &str, date: (i32, u32, u32)) -> Vec<Assignment> {
        let src = SourceText::new("t.txt", text, OffsetMap::Identity);
        let doc = doc_for(&src, issuer, date);
        extract(&src, &doc)
    }

    fn roles(a: &Assignment) -> Vec<(&str, Role)> {
        a.units.iter().map(|u| (u.name.as_str(), u.role)).collect()
    }

    #[test]
    fn bracket_forms() {
        let text = "\
1.推进甲项工作。（牵头单位：市发改委、市科技局；责任单位：各县（市、区）政府，市财政局）
2.推进乙项工作。(责任单位:市市场监管局，完成时限:2021年)
3.推进丙项工作，2021年6月底前完成。（责任部门：市工信局）
4.推进丁项工作。（市发改委牵头，市住建局、市财政局按职责分工负责）
5.推进戊项工作。（市政府有关部门分别落实）
6.推进己项工作。（责任单位：各县（市、区）政府，监督指导单位：市住建局）
";
        let a = run(text);
        assert_eq!(a.len(), 6, "{a:#?}");
        assert!(a.iter().all(|x| x.form == AssignmentForm::Bracket));
        assert_eq!(
            roles(&a[0]),
            [
                ("市发改委", Role::Lead),
                ("市科技局", Role::Lead),
                ("各县（市、区）政府", Role::Responsible),
                ("市财政局", Role::Responsible),
            ]
        );
        assert_eq!(a[0].task, "1.推进甲项工作。");
        assert_eq!(a[0].units[0].normalized, "甲乙市发展和改革委员会");
        assert!(a[0].units[2].collective);
        assert_eq!(a[1].units[0].normalized, "甲乙市市场监督管理局");
        let d = a[1].deadline.as_ref().unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2021, 12, 31));
        let d = a[2].deadline.as_ref().unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2021, 6, 30));
        assert_eq!(
            roles(&a[3]),
            [
                ("市发改委", Role::Lead),
                ("市住建局", Role::Responsible),
                ("市财政局", Role::Responsible),
            ]
        );
        assert_eq!(roles(&a[4]), [("市政府有关部门", Role::Implementing)]);
        assert_eq!(
            roles(&a[5]),
            [
                ("各县（市、区）政府", Role::Responsible),
                ("市住建局", Role::Supervising),
            ]
        );
        // Provenance: the span covers the task and the bracket.
        let s = &a[0].span;
        assert_eq!(s.start_line, 1);
        assert_eq!(
            &text[s.start_byte..s.end_byte],
            "1.推进甲项工作。（牵头单位：市发改委、市科技局；责任单位：各县（市、区）政府，市财政局）"
        );
    }

    #[test]
    fn conventions_apply_afterwards() {
        let text = "\
1．推进甲项。（县卫生健康局、县教育局负责；排第一位的为牵头单位，其他为协助配合单位，下同）
2．推进乙项。（县教育局、县民政局负责）
3．推进丙项。（县林业局牵头，县水务局参与，各乡镇人民政府负责落实。以下均需各乡镇人民政府落实，不再列出）
4．推进丁项。（县农业农村局牵头）
";
        let a = run_as(text, "丙丁县人民政府", (2020, 4, 1));
        assert_eq!(a.len(), 4, "{a:#?}");
        assert_eq!(
            roles(&a[0]),
            [
                ("县卫生健康局", Role::Lead),
                ("县教育局", Role::Cooperating)
            ]
        );
        assert_eq!(
            roles(&a[1]),
            [("县教育局", Role::Lead), ("县民政局", Role::Cooperating)]
        );
        assert_eq!(
            roles(&a[2]),
            [
                ("县林业局", Role::Lead),
                ("县水务局", Role::Cooperating),
                ("各乡镇人民政府", Role::Implementing),
            ]
        );
        assert_eq!(
            roles(&a[3]),
            [
                ("县农业农村局", Role::Lead),
                ("各乡镇人民政府", Role::Implementing),
            ]
        );
        assert_eq!(a[3].units[0].normalized, "丙丁县农业农村局");
    }

    #[test]
    fn convention_inside_a_labelled_bracket() {
        let text = "\
1.推进甲项。（责任单位：某某市环保局、某某市财政局，各镇街区。以下均需各镇街区落实，不再列出。排在前位为牵头部门，下同。）
2.推进乙项。（责任单位：某某市农业局、某某市林业局）
";
        let a = run_as(text, "某某市人民政府", (2018, 1, 1));
        assert_eq!(a.len(), 2, "{a:#?}");
        assert_eq!(
            roles(&a[0]),
            [
                ("某某市环保局", Role::Lead),
                ("某某市财政局", Role::Cooperating),
                ("各镇街区", Role::Cooperating),
            ]
        );
        assert_eq!(
            roles(&a[1]),
            [
                ("某某市农业局", Role::Lead),
                ("某某市林业局", Role::Cooperating),
                ("各镇街区", Role::Implementing),
            ]
        );
    }

    #[test]
    fn several_brackets_in_one_paragraph() {
        let text = "推进甲项。（市科技局牵头）推进乙项。（市工信局牵头，市商务局参与）\n";
        let a = run(text);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].task, "推进甲项。");
        assert_eq!(a[1].task, "推进乙项。");
        assert_eq!(roles(&a[1])[1], ("市商务局", Role::Cooperating));
    }

    #[test]
    fn non_assigning_brackets_are_ignored() {
        let text = "\
加快推动全市高新技术产业开发区（以下简称“高新区”）发展。
将名单报送平台（征信管理部门负责将名单加载至信用平台）。
确定联络员一名（原则上为部门主要负责人）。
";
        assert!(run(text).is_empty());
    }

    #[test]
    fn sentence_block_duty_roster_office() {
        let text = "\
1.污染处置组

由市生态环境局牵头，市应急管理局、市公安局等参加。

（一）综合规划专责小组

牵头单位：市政府信用办

成员单位：市发改委、市人行

主要职责：

市公安局：负责维护事件处置中的治安秩序。

领导小组组成人员如下：

组  长：王某某  市政府副市长

副组长：李　某　市政府副秘书长

成  员：张某某  市发改委副主

任

赵　某　市公安局副局长

领导小组办公室设在市应急管理局，办公室主任由张某某同志兼任。
";
        let a = run(text);
        let forms: Vec<_> = a.iter().map(|x| x.form).collect();
        assert_eq!(
            forms,
            [
                AssignmentForm::Sentence,
                AssignmentForm::LabelledBlock,
                AssignmentForm::DutyParagraph,
                AssignmentForm::Roster,
                AssignmentForm::Office,
            ],
            "{a:#?}"
        );
        assert_eq!(
            roles(&a[0]),
            [
                ("市生态环境局", Role::Lead),
                ("市应急管理局", Role::Cooperating),
                ("市公安局", Role::Cooperating),
            ]
        );
        assert_eq!(a[0].units[2].normalized, "甲乙市公安局");
        // `市公安局等参加`: the list is open.
        assert!(a[0].units[2].open_list);
        assert!(!a[0].units[1].open_list);
        assert!(a[0].task.starts_with("1.污染处置组："));
        assert_eq!(
            roles(&a[1]),
            [
                ("市政府信用办", Role::Lead),
                ("市发改委", Role::Member),
                ("市人行", Role::Member),
            ]
        );
        assert_eq!(a[1].task, "（一）综合规划专责小组");
        assert_eq!(roles(&a[2]), [("市公安局", Role::Responsible)]);
        assert_eq!(a[2].task, "负责维护事件处置中的治安秩序。");
        let roster: Vec<_> = a[3].units.iter().map(|u| u.normalized.as_str()).collect();
        assert_eq!(
            roster,
            ["甲乙市人民政府", "甲乙市发展和改革委员会", "甲乙市公安局"]
        );
        assert!(a[3].units.iter().all(|u| u.role == Role::Member));
        assert_eq!(a[3].task, "领导小组组成人员如下：");
        assert_eq!(roles(&a[4]), [("市应急管理局", Role::Responsible)]);
    }

    #[test]
    fn table_with_responsibility_column() {
        let text = "\
附件

重点任务分工表
\t序号
\t重点任务
\t责任单位
\t完成时限

\t1
\t建设公共服务平台
\t市发改委
\t2021年底前

\t2
\t推广创新产品
\t市科技局

市工信局
\t2022年6月

\t3
\t实施健康知识普及行动
\t县卫生健康局牵头，县委宣传部、县教育局按职责分工负责。
\t
";
        let a = run(text);
        assert_eq!(a.len(), 3, "{a:#?}");
        assert!(a.iter().all(|x| x.form == AssignmentForm::TableRow));
        assert_eq!(a[0].task, "建设公共服务平台");
        assert_eq!(roles(&a[0]), [("市发改委", Role::Responsible)]);
        assert_eq!(
            a[0].deadline.as_ref().and_then(|d| d.date),
            NaiveDate::from_ymd_opt(2021, 12, 31)
        );
        assert_eq!(
            roles(&a[1]),
            [
                ("市科技局", Role::Responsible),
                ("市工信局", Role::Responsible)
            ]
        );
        assert_eq!(
            a[1].deadline.as_ref().and_then(|d| d.date),
            NaiveDate::from_ymd_opt(2022, 6, 30)
        );
        assert_eq!(
            roles(&a[2]),
            [
                ("县卫生健康局", Role::Lead),
                ("县委宣传部", Role::Responsible),
                ("县教育局", Role::Responsible),
            ]
        );
    }

    /// The bracket forms of the State Council, ministries and other
    /// provinces (fictional text).
    #[test]
    fn bracket_forms_of_other_issuers() {
        let text = "\
1.推进甲项工作。（负责部门：某某市发展改革委、某某市财政局；适用范围：全市各类园区，含各县（市、区）经济开发区）
2.推进乙项工作。（某某市教育局、某某市科协指导）
3.推进丙项工作。（某某市商务局会同某某市市场监管局负责）
4.推进丁项工作。（某某市卫生健康委牵头，某某市民政局、某某市医保局等按职责分工负责）
5.推进戊项工作。（某某市工信局牵头，某某市科技局等部门按职责分工负责）
6.推进己项工作。（某某市住房和城乡建设局负责，某某市人力资源和社会保障局配合）
7.加强庚项（某某市交通运输局负责）和辛项（某某市水利局负责）建设。
8.推进壬项。（某某市自然资源局牵头）9.推进癸项。（某某市林业局负责）
10.推进子项工作。(牵头单位:某某市发展改革委;配合单位:某某市财政局、各县(市、区)人民政府)
11.推进丑项工作。（某某市文化和旅游局、某某市公安局和某某市消防救援支队负责）
12.推进寅项工作。（某某市生态环境局负责，2022年底前完成）
13.推进卯项工作。（某某市工信委、某某市财政局）
14.推进辰项工作。（住房城乡建设部会同人力资源社会保障部、财政部等按职责分工负责）
15.推进巳项工作。(某某市发展改革委牵头,某某市财政局等有关单位配合)
16.推进午项工作。（牵头：某某市商务局；配合：某某市税务局）
17.推进未项工作。（某某省发展改革委牵头，省直有关部门和各市、县人民政府按职责分工负责）
18.推进申项工作。（某某市商务局负责，各县、各乡镇配合）
19.推进酉项工作。（国务院办公厅牵头，各地区、各有关部门按职责分工负责）
";
        let a = run_as(text, "某某市人民政府", (2021, 5, 19));
        assert!(a.iter().all(|x| x.form == AssignmentForm::Bracket));
        let tasks: Vec<&str> = a.iter().map(|x| x.task.as_str()).collect();
        assert_eq!(a.len(), 20, "{tasks:#?}");
        use Role::*;
        // A non-role label after `；` names no unit.
        assert_eq!(
            roles(&a[0]),
            [
                ("某某市发展改革委", Responsible),
                ("某某市财政局", Responsible)
            ]
        );
        assert_eq!(
            roles(&a[1]),
            [("某某市教育局", Supervising), ("某某市科协", Supervising)]
        );
        // `A会同B负责`: A leads, B is responsible; A first.
        assert_eq!(
            roles(&a[2]),
            [("某某市商务局", Lead), ("某某市市场监管局", Responsible)]
        );
        // `B等`: the unit is B, the list open.
        assert_eq!(
            roles(&a[3]),
            [
                ("某某市卫生健康委", Lead),
                ("某某市民政局", Responsible),
                ("某某市医保局", Responsible)
            ]
        );
        let open: Vec<bool> = a[3].units.iter().map(|u| u.open_list).collect();
        assert_eq!(open, [false, false, true]);
        assert_eq!(
            roles(&a[4]),
            [("某某市工信局", Lead), ("某某市科技局", Responsible)]
        );
        assert!(a[4].units[1].open_list);
        // `和` inside a unit name does not split it.
        assert_eq!(
            roles(&a[5]),
            [
                ("某某市住房和城乡建设局", Responsible),
                ("某某市人力资源和社会保障局", Cooperating)
            ]
        );
        // Two brackets in one sentence.
        assert_eq!(roles(&a[6]), [("某某市交通运输局", Responsible)]);
        assert_eq!(a[6].task, "7.加强庚项");
        assert_eq!(roles(&a[7]), [("某某市水利局", Responsible)]);
        // Numbered items run on one line.
        assert_eq!(a[8].task, "8.推进壬项。");
        assert_eq!(roles(&a[8]), [("某某市自然资源局", Lead)]);
        assert_eq!(a[9].task, "9.推进癸项。");
        assert_eq!(roles(&a[9]), [("某某市林业局", Responsible)]);
        // Half-width brackets, colons and semicolons.
        assert_eq!(
            roles(&a[10]),
            [
                ("某某市发展改革委", Lead),
                ("某某市财政局", Cooperating),
                ("各县(市、区)人民政府", Cooperating)
            ]
        );
        assert!(a[10].units[2].collective);
        assert_eq!(a[10].units[2].normalized, "各县（市、区）人民政府");
        // `和` between two units splits.
        assert_eq!(
            roles(&a[11]),
            [
                ("某某市文化和旅游局", Responsible),
                ("某某市公安局", Responsible),
                ("某某市消防救援支队", Responsible)
            ]
        );
        // A deadline printed in the bracket.
        assert_eq!(roles(&a[12]), [("某某市生态环境局", Responsible)]);
        assert_eq!(
            a[12].deadline.as_ref().and_then(|d| d.date),
            NaiveDate::from_ymd_opt(2022, 12, 31)
        );
        // A bare list of units after a sentence.
        assert_eq!(
            roles(&a[13]),
            [
                ("某某市工信委", BARE_LIST_ROLE),
                ("某某市财政局", BARE_LIST_ROLE)
            ]
        );
        assert_eq!(
            roles(&a[14]),
            [
                ("住房城乡建设部", Lead),
                ("人力资源社会保障部", Responsible),
                ("财政部", Responsible)
            ]
        );
        assert!(a[14].units[2].open_list);
        assert_eq!(
            roles(&a[15]),
            [("某某市发展改革委", Lead), ("某某市财政局", Cooperating)]
        );
        assert!(a[15].units[1].open_list);
        assert_eq!(
            roles(&a[16]),
            [("某某市商务局", Lead), ("某某市税务局", Cooperating)]
        );
        // `和` between two units; `各市、县…政府` is one collective.
        assert_eq!(
            roles(&a[17]),
            [
                ("某某省发展改革委", Lead),
                ("省直有关部门", Responsible),
                ("各市、县人民政府", Responsible)
            ]
        );
        assert!(a[17].units[2].collective);
        assert_eq!(
            roles(&a[18]),
            [
                ("某某市商务局", Responsible),
                ("各县", Cooperating),
                ("各乡镇", Cooperating)
            ]
        );
        assert_eq!(
            roles(&a[19]),
            [
                ("国务院办公厅", Lead),
                ("各地区", Responsible),
                ("各有关部门", Responsible)
            ]
        );
    }

    #[test]
    fn bare_role_words_label_only_inside_a_clause() {
        // `负责：` opening a paragraph is no labelled block: the bracket in
        // it still assigns.
        let text = "负责：统筹推进甲项工作。（某某市发展改革委牵头）\n";
        let a = run_as(text, "某某市人民政府", (2021, 5, 19));
        assert_eq!(a.len(), 1, "{a:#?}");
        assert_eq!(a[0].form, AssignmentForm::Bracket);
        assert_eq!(roles(&a[0]), [("某某市发展改革委", Role::Lead)]);
    }

    #[test]
    fn bare_lists_need_a_sentence_end() {
        // An abbreviation or a unit in brackets inside a sentence assigns
        // nothing.
        let text = "\
某某市发展和改革委员会（某某市发改委）要加强统筹。
推进某某市人民医院（某某市卫生健康委）建设。
";
        assert!(run(text).is_empty());
    }

    #[test]
    fn task_table_with_lead_and_cooperating_columns() {
        let text = "\
附件

重点任务分工表
\t序号
\t重点任务
\t牵头单位
\t配合单位
\t完成时限

\t1
\t建设公共服务平台
\t某某市发展改革委
\t某某市财政局、某某市工信局等
\t2022年底前

\t2
\t推广创新产品
\t某某市科技局
\t无
\t2023年6月
";
        // (An empty cell would be a merged one, repeating the cell above.)
        let a = run_as(text, "某某市人民政府", (2021, 5, 19));
        assert_eq!(a.len(), 2, "{a:#?}");
        assert!(a.iter().all(|x| x.form == AssignmentForm::TableRow));
        assert_eq!(a[0].task, "建设公共服务平台");
        assert_eq!(
            roles(&a[0]),
            [
                ("某某市发展改革委", Role::Lead),
                ("某某市财政局", Role::Cooperating),
                ("某某市工信局", Role::Cooperating),
            ]
        );
        assert!(a[0].units[2].open_list);
        assert_eq!(
            a[0].deadline.as_ref().and_then(|d| d.date),
            NaiveDate::from_ymd_opt(2022, 12, 31)
        );
        assert_eq!(roles(&a[1]), [("某某市科技局", Role::Lead)]);
        assert_eq!(
            a[1].deadline.as_ref().and_then(|d| d.date),
            NaiveDate::from_ymd_opt(2023, 6, 30)
        );
    }

    #[test]
    fn working_day_deadline_in_bracket() {
        let text = "开展清理工作。（责任单位：市财政局，完成时限：本通知印发之日起20个工作日内）\n";
        let a = run_as(text, "甲乙市人民政府办公室", (2021, 9, 23));
        let d = a[0].deadline.as_ref().unwrap();
        assert_eq!(d.kind, DeadlineKind::Relative);
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2021, 10, 26));
    }

    #[test]
    fn json_shape() {
        let a = run("推进甲项。（市科技局牵头）\n");
        let v = serde_json::to_value(&a[0]).unwrap();
        assert_eq!(v["units"][0]["role"], "lead");
        assert_eq!(v["units"][0]["name"], "市科技局");
        assert_eq!(v["units"][0]["normalized"], "甲乙市科学技术局");
        assert!(v["deadline"].is_null());
        assert_eq!(v["form"], "bracket");
        let back: Assignment = serde_json::from_value(v).unwrap();
        assert_eq!(back, a[0]);
    }

    #[test]
    fn never_panics() {
        for text in [
            "",
            "（",
            "）（（（责任单位：",
            "(牵头单位:)",
            "组长：\n成员：\n",
            "\t责任单位\n\n\t\n",
            "由牵头，等参加。",
            "：负责",
            "办公室设在",
            "（责任单位：市发改委，完成时限：9999年99月）",
        ] {
            let src = SourceText::new("t.txt", text, OffsetMap::Identity);
            let mut doc = doc_for(&src, "", (2021, 1, 1));
            let _ = extract(&src, &doc);
            doc.body_start_line = 99;
            let _ = extract(&src, &doc);
            doc.body_start_line = 0;
            doc.span.end_line = 0;
            let _ = extract(&src, &doc);
        }
    }
}

#[cfg(test)]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn extract_never_panics(s in "[（）()〈〉<>、，,：:；;。\n\t 由牵头负责落实参与责任单位部门成员组长市县局委各有关政府办公室设在2021年月日前张某0-9]{0,160}") {
            let p = crate::pipeline::parse_text("p.txt", &s);
            let src = SourceText::new("p.txt", &s, crate::source::text::OffsetMap::Identity);
            for d in &p.documents {
                for a in extract(&src, d) {
                    prop_assert!(a.span.start_byte <= a.span.end_byte);
                    prop_assert!(a.span.end_byte <= s.len());
                }
            }
            let _ = agencies::normalize(&s, Some(&s));
            let _ = agencies::unit_of_position(&s);
        }
    }
}
