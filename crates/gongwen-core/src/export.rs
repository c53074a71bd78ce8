//! The export contract: one JSON object per document
//! (`gongwen export --format jsonl`). Fields may be added, never renamed.

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::corpus::Linked;
use crate::model::Deadline;
use crate::model::Reference;
use crate::model::Target;
use crate::model::{AssignedUnit, Assignment, AssignmentForm};
use crate::model::{ClauseKind, Scope, Validity};
use crate::model::{Diagnostic, Document, OutlineKind, OutlineNode, Span};

/// `source` of an exported document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceRef {
    /// File name (no directory).
    pub file: String,
    pub start_line: usize,
    pub end_line: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocNumberOut {
    pub raw: String,
    pub prefix: Option<String>,
    pub year: Option<i32>,
    pub serial: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnclosedOut {
    pub title: String,
    pub genre: Option<String>,
    pub start_line: Option<usize>,
    pub printed_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentOut {
    pub label: String,
    pub title: Option<String>,
    pub present: bool,
    pub start_line: Option<usize>,
    pub announced_line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutlineOut {
    pub kind: OutlineKind,
    pub label: String,
    pub heading: Option<String>,
    pub start_line: usize,
    pub end_line: usize,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<OutlineOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosticOut {
    pub code: String,
    pub message: String,
    pub line: usize,
}

/// A citation (`references`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceOut {
    pub text: String,
    /// title_and_number | number | title | decree | standard | internal | to_be_drafted
    pub kind: String,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    /// The cited document in the store, when exactly one matches.
    pub target_id: Option<String>,
    /// Several stored documents match: none picked.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    pub start_line: usize,
    pub end_line: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

/// `effective`: `date` is an ISO date or `on_issue` (自印发之日起).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectiveOut {
    pub date: Option<String>,
    /// The resolved date (the 成文日期 for `on_issue`).
    pub resolved: Option<String>,
    pub start_line: usize,
}

/// `validity`: `years` (有效期5年) or `until` (有效期至…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidityOut {
    pub years: Option<u32>,
    pub months: Option<u32>,
    pub until: Option<String>,
    pub start_line: usize,
}

/// A repealed document (`repeals`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepealOut {
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub target_id: Option<String>,
    pub start_line: usize,
}

/// Status on a date (`status_today`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusOut {
    pub on: String,
    /// not_yet_effective | in_force | expired | repealed | unknown
    #[cfg_attr(feature = "openapi", schema(value_type = crate::model::State))]
    pub state: String,
    /// 尚未生效 / 现行有效 / 已失效（有效期届满） / 已废止 / 未知
    pub label: String,
    pub reason: String,
    pub repealed_by: Option<String>,
    pub clause_line: Option<usize>,
}

/// A unit in an assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitOut {
    pub name: String,
    pub normalized: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::model::Role))]
    pub role: String,
    #[serde(default)]
    pub collective: bool,
    /// `等` was printed after the unit: the list it ends is open.
    #[serde(default)]
    pub open_list: bool,
}

/// An assignment of work (`assignments`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentOut {
    pub task: String,
    pub outline_path: Vec<String>,
    pub units: Vec<UnitOut>,
    pub deadline: Option<Deadline>,
    /// The printed form it was read from (`bracket`, `table_row`, …).
    #[serde(default)]
    pub form: Option<AssignmentForm>,
    pub start_line: usize,
    pub end_line: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

/// A quantitative target (`targets`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetOut {
    pub metric: String,
    pub comparator: String,
    pub comparator_text: String,
    pub value: f64,
    pub unit: String,
    pub year: Option<i32>,
    pub baseline: Option<String>,
    pub text: String,
    pub outline_path: Vec<String>,
    pub start_line: usize,
    pub end_line: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn reference_out(r: &Reference) -> ReferenceOut {
    ReferenceOut {
        text: r.text.clone(),
        kind: r.kind.as_str().to_string(),
        title: r.title.clone(),
        doc_number: r.doc_number.as_ref().map(|n| n.raw.clone()),
        issuer: r.issuer.clone(),
        target_id: r.target_id.clone(),
        ambiguous: r.ambiguous.clone(),
        start_line: r.span.start_line,
        end_line: r.span.end_line,
        start_byte: r.span.start_byte,
        end_byte: r.span.end_byte,
    }
}

fn unit_out(u: &AssignedUnit) -> UnitOut {
    let role = serde_json::to_value(u.role)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    UnitOut {
        name: u.name.clone(),
        normalized: u.normalized.clone(),
        role,
        collective: u.collective,
        open_list: u.open_list,
    }
}

fn assignment_out(a: &Assignment) -> AssignmentOut {
    AssignmentOut {
        task: a.task.clone(),
        outline_path: a.outline_path.clone(),
        units: a.units.iter().map(unit_out).collect(),
        deadline: a.deadline.clone(),
        form: Some(a.form),
        start_line: a.span.start_line,
        end_line: a.span.end_line,
        start_byte: a.span.start_byte,
        end_byte: a.span.end_byte,
    }
}

fn target_out(t: &Target) -> TargetOut {
    TargetOut {
        metric: t.metric.clone(),
        comparator: t.comparator.as_str().to_string(),
        comparator_text: t.comparator_text.clone(),
        value: t.value,
        unit: t.unit.clone(),
        year: t.year,
        baseline: t.baseline.clone(),
        text: t.text.clone(),
        outline_path: t.outline_path.clone(),
        start_line: t.span.start_line,
        end_line: t.span.end_line,
        start_byte: t.span.start_byte,
        end_byte: t.span.end_byte,
    }
}

fn first_line(s: &Span) -> usize {
    s.start_line
}

/// One exported document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportRecord {
    pub id: String,
    pub source: SourceRef,
    pub issuers: Vec<String>,
    pub title: Option<String>,
    pub doc_number: Option<DocNumberOut>,
    /// ISO 8601 date.
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub date_malformed: bool,
    pub genre: Option<String>,
    pub addressees: Vec<String>,
    pub signature: Vec<String>,
    pub disclosure: Option<String>,
    pub enclosed: Vec<EnclosedOut>,
    pub attachments: Vec<AttachmentOut>,
    pub outline: Vec<OutlineOut>,
    pub tables: usize,
    pub interpretations: Vec<usize>,
    pub diagnostics: Vec<DiagnosticOut>,
    #[serde(default)]
    pub references: Vec<ReferenceOut>,
    #[serde(default)]
    pub effective: Option<EffectiveOut>,
    #[serde(default)]
    pub validity: Option<ValidityOut>,
    #[serde(default)]
    pub repeals: Vec<RepealOut>,
    /// Filled when exported from a store (needs the other documents).
    #[serde(default)]
    pub status_today: Option<StatusOut>,
    #[serde(default)]
    pub assignments: Vec<AssignmentOut>,
    #[serde(default)]
    pub targets: Vec<TargetOut>,
}

fn outline_out(n: &OutlineNode) -> OutlineOut {
    OutlineOut {
        kind: n.kind,
        label: n.label.clone(),
        heading: n.heading.clone(),
        start_line: n.span.start_line,
        end_line: n.span.end_line,
        children: n.children.iter().map(outline_out).collect(),
    }
}

fn diag_out(d: &Diagnostic) -> DiagnosticOut {
    DiagnosticOut {
        code: d.code.clone(),
        message: d.message.clone(),
        line: d.line,
    }
}

impl ExportRecord {
    /// Build the export record of `doc`, stored under `id`.
    pub fn from_document(id: &str, doc: &Document) -> Self {
        Self::without_facts(id, doc).with_facts(doc, None)
    }

    /// The record without its fact fields (references, clauses, assignments,
    /// targets stay empty): header, source, outline, attachments,
    /// diagnostics. What a store needs for its filter columns.
    pub fn without_facts(id: &str, doc: &Document) -> Self {
        let h = &doc.header;
        let file = doc
            .span
            .file
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&doc.span.file)
            .to_string();
        ExportRecord {
            id: id.to_string(),
            source: SourceRef {
                file,
                start_line: doc.span.start_line,
                end_line: doc.span.end_line,
                start_byte: doc.span.start_byte,
                end_byte: doc.span.end_byte,
            },
            issuers: h.issuers.iter().map(|f| f.value.clone()).collect(),
            title: h.title.as_ref().map(|f| f.value.clone()),
            doc_number: h.doc_number.as_ref().map(|f| DocNumberOut {
                raw: f.value.raw.clone(),
                prefix: f.value.prefix.clone(),
                year: f.value.year,
                serial: f.value.serial,
            }),
            date: h
                .date
                .as_ref()
                .and_then(|f| f.value.date)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            date_raw: h.date.as_ref().map(|f| f.value.raw.clone()),
            date_malformed: h.date.as_ref().is_some_and(|f| f.value.malformed),
            genre: h.genre.clone(),
            addressees: h.addressees.iter().map(|f| f.value.clone()).collect(),
            signature: h.signature.iter().map(|f| f.value.clone()).collect(),
            disclosure: h.disclosure.as_ref().map(|f| f.value.clone()),
            enclosed: doc
                .enclosed
                .iter()
                .map(|e| EnclosedOut {
                    title: e.title.clone(),
                    genre: e.genre.clone(),
                    start_line: e.title_span.as_ref().map(|s| s.start_line),
                    printed_title: e.printed_title.clone(),
                })
                .collect(),
            attachments: doc
                .attachments
                .iter()
                .map(|a| AttachmentOut {
                    label: a.label.clone(),
                    title: a.title.clone(),
                    present: a.present.is_some(),
                    start_line: a.present.as_ref().map(|s| s.start_line),
                    announced_line: a.announced.as_ref().map(|s| s.start_line),
                })
                .collect(),
            outline: doc.outline.iter().map(outline_out).collect(),
            tables: doc.tables.len(),
            interpretations: doc.interpretations.iter().map(|s| s.start_line).collect(),
            diagnostics: doc.diagnostics.iter().map(diag_out).collect(),
            references: Vec::new(),
            effective: None,
            validity: None,
            repeals: Vec::new(),
            status_today: None,
            assignments: Vec::new(),
            targets: Vec::new(),
        }
    }

    /// Fill the fact fields from `doc.facts`, or from `linked` (citations
    /// and repeals resolved against the store) when given.
    pub fn with_facts(mut self, doc: &Document, linked: Option<&Linked>) -> Self {
        let f = &doc.facts;
        let refs = linked.map_or(&f.references, |l| &l.references);
        let clauses = linked.map_or(&f.clauses, |l| &l.clauses);
        self.references = refs.iter().map(reference_out).collect();
        let doc_date = doc.header.date.as_ref().and_then(|d| d.value.date);
        let own = || {
            clauses
                .iter()
                .filter(|c| c.scope == Scope::Own && c.kind != ClauseKind::Supersession)
        };
        self.effective = own().find_map(|c| {
            c.effective.as_ref().map(|e| EffectiveOut {
                date: e.as_export(),
                resolved: e.date(doc_date).map(iso),
                start_line: first_line(&c.span),
            })
        });
        self.validity = own().find_map(|c| {
            c.validity.as_ref().map(|v| {
                let (years, months, until) = match v {
                    Validity::Years { years } => (Some(*years), None, None),
                    Validity::Months { months } => (None, Some(*months), None),
                    Validity::Until { date } => (None, None, Some(iso(*date))),
                };
                ValidityOut {
                    years,
                    months,
                    until,
                    start_line: first_line(&c.span),
                }
            })
        });
        self.repeals = own()
            .flat_map(|c| c.repealed.iter())
            .map(|r| RepealOut {
                title: r.title.clone(),
                doc_number: r.doc_number.as_ref().map(|n| n.raw.clone()),
                target_id: r.target_id.clone(),
                start_line: r.span.start_line,
            })
            .collect();
        self.assignments = f.assignments.iter().map(assignment_out).collect();
        self.targets = f.targets.iter().map(target_out).collect();
        self
    }

    /// Set `status_today` from a computed status.
    pub fn with_status(mut self, on: NaiveDate, st: &crate::model::Status) -> Self {
        let state = serde_json::to_value(st.state)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        self.status_today = Some(StatusOut {
            on: iso(on),
            state,
            label: st.state.label().to_string(),
            reason: st.reason.clone(),
            repealed_by: st.repealed_by.clone(),
            clause_line: st.clause.as_ref().map(|s| s.start_line),
        });
        self
    }
}
