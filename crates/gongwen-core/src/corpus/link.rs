//! The link graph over a set of documents (文件关系): citations and repeals
//! resolved to documents of the set, who cites whom, who repealed whom, and
//! the status of each document on a date.
//!
//! Pure: the caller (the store) supplies every stored document with its id.
//! A document never resolves a citation to itself (a cover notice names the
//! text it encloses); when a citation matches several other documents it
//! stays unresolved with the candidates listed (`ambiguous`).

use chrono::NaiveDate;

use crate::model::Document;
use crate::model::{Candidate, Reference};
use crate::model::{Clause, ClauseKind, Scope, Status};

use super::resolve::{resolve_repeals_with, Resolver};
use super::status::{effective_from, status_on};

/// A document of the set, resolved against the others.
#[derive(Debug, Clone)]
pub struct Linked {
    pub id: String,
    /// References with `target_id` / `ambiguous` filled.
    pub references: Vec<Reference>,
    /// Clauses with repealed documents resolved.
    pub clauses: Vec<Clause>,
    /// Documents of the set whose repeal clauses name this one, with the
    /// date the repeal takes effect.
    pub repealed_by: Vec<(String, NaiveDate)>,
    /// Documents of the set citing this one: (citing id, index of the
    /// reference in the citing document's `references`).
    pub cited_by: Vec<(String, usize)>,
}

/// Drop `self_id` from a resolution: a document does not cite itself.
fn without_self(target: &mut Option<String>, ambiguous: &mut Vec<String>, self_id: &str) {
    if target.as_deref() == Some(self_id) {
        *target = None;
    }
    if !ambiguous.is_empty() {
        ambiguous.retain(|a| a != self_id);
        if ambiguous.len() == 1 {
            *target = ambiguous.pop();
        }
    }
}

/// Resolve the references `refs` of document `self_id` with `resolver`
/// (whose candidates may include `self_id`; it is dropped): what
/// [`link`] does for each document, for a store that resolves one
/// document's citations at a time.
pub fn resolve_for(self_id: &str, refs: &mut [Reference], resolver: &Resolver<'_>) {
    resolver.resolve(refs);
    for r in refs.iter_mut() {
        without_self(&mut r.target_id, &mut r.ambiguous, self_id);
    }
}

/// Resolve every document of `docs` against the others.
pub fn link(docs: &[(String, &Document)]) -> Vec<Linked> {
    let candidates: Vec<Candidate> = docs
        .iter()
        .map(|(id, d)| Candidate::from_document(id, d))
        .collect();
    let resolver = Resolver::new(&candidates);
    let mut out: Vec<Linked> = docs
        .iter()
        .map(|(id, d)| {
            let mut refs = d.facts.references.clone();
            resolve_for(id, &mut refs, &resolver);
            let mut cls = d.facts.clauses.clone();
            resolve_repeals_with(&mut cls, &resolver);
            for c in &mut cls {
                for r in &mut c.repealed {
                    without_self(&mut r.target_id, &mut r.ambiguous, id);
                }
            }
            Linked {
                id: id.clone(),
                references: refs,
                clauses: cls,
                repealed_by: Vec::new(),
                cited_by: Vec::new(),
            }
        })
        .collect();
    // Reverse edges.
    let index: std::collections::HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(k, l)| (l.id.clone(), k))
        .collect();
    let mut cited: Vec<(usize, String, usize)> = Vec::new();
    let mut repealed: Vec<(usize, String, NaiveDate)> = Vec::new();
    for (k, l) in out.iter().enumerate() {
        for (ri, r) in l.references.iter().enumerate() {
            if let Some(&t) = r.target_id.as_ref().and_then(|t| index.get(t)) {
                cited.push((t, l.id.clone(), ri));
            }
        }
        let from = docs.get(k).and_then(|(_, d)| effective_from(d));
        for c in &l.clauses {
            if c.scope != Scope::Own
                || !matches!(c.kind, ClauseKind::Repeal | ClauseKind::Effective)
            {
                continue;
            }
            for r in &c.repealed {
                if let (Some(&t), Some(date)) =
                    (r.target_id.as_ref().and_then(|t| index.get(t)), from)
                {
                    repealed.push((t, l.id.clone(), date));
                }
            }
        }
    }
    for (t, from, ri) in cited {
        if let Some(l) = out.get_mut(t) {
            l.cited_by.push((from, ri));
        }
    }
    for (t, from, date) in repealed {
        if let Some(l) = out.get_mut(t) {
            l.repealed_by.push((from, date));
        }
    }
    out
}

/// Status of `doc` (linked as `l`) on `on`.
pub fn status(doc: &Document, l: &Linked, on: NaiveDate) -> Status {
    let doc_date = doc.header.date.as_ref().and_then(|d| d.value.date);
    status_on(doc_date, &l.clauses, &l.repealed_by, on)
}

/// The candidate view of a document: here, where documents are linked, so
/// that the model does not depend on the document it describes.
impl Candidate {
    /// The candidate view of a parsed document stored under `id`.
    pub fn from_document(id: &str, doc: &Document) -> Self {
        let h = &doc.header;
        let mut enclosed_titles = Vec::new();
        for e in &doc.enclosed {
            enclosed_titles.push(e.title.clone());
            if let Some(p) = &e.printed_title {
                if p != &e.title {
                    enclosed_titles.push(p.clone());
                }
            }
        }
        Candidate {
            id: id.to_string(),
            issuers: h.issuers.iter().map(|f| f.value.clone()).collect(),
            title: h.title.as_ref().map(|f| f.value.clone()),
            doc_number: h.doc_number.as_ref().map(|f| f.value.clone()),
            date: h.date.as_ref().and_then(|f| f.value.date),
            enclosed_titles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::State;

    const OLD: &str = "某市人民政府\n\n关于印发某市停车管理办法的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2018年6月1日\n\n某市停车管理办法\n\n第一条　为规范停车，制定本办法。\n\n第二条　本办法自2018年7月1日起施行，有效期5年。\n";
    const NEW: &str = "某市人民政府\n\n关于印发某市停车服务管理办法的通知\n\n某政〔2021〕3号\n\n各县（区）人民政府：\n\n现将《某市停车服务管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2021年3月1日\n\n某市停车服务管理办法\n\n第一条　为规范停车服务，根据《某市停车管理办法》（某政〔2018〕9号），制定本办法。\n\n第二条　本办法自2021年4月1日起施行。《某市停车管理办法》（某政〔2018〕9号）同时废止。\n";

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn repeal_and_citation_link_two_documents() {
        let a = crate::parse_text("a.txt", OLD);
        let b = crate::parse_text("b.txt", NEW);
        let docs = vec![
            ("old".to_string(), &a.documents[0]),
            ("new".to_string(), &b.documents[0]),
        ];
        let linked = link(&docs);
        let new = &linked[1];
        assert!(new
            .references
            .iter()
            .any(|r| r.target_id.as_deref() == Some("old")));
        // The cover notice's mention of its own enclosed text is not a
        // citation of itself.
        assert!(new
            .references
            .iter()
            .all(|r| r.target_id.as_deref() != Some("new")));
        let old = &linked[0];
        assert_eq!(old.repealed_by, vec![("new".to_string(), d(2021, 4, 1))]);
        assert!(old.cited_by.iter().any(|(f, _)| f == "new"));
        let st = |on| status(docs[0].1, old, on).state;
        assert_eq!(st(d(2018, 6, 15)), State::NotYetEffective);
        assert_eq!(st(d(2019, 1, 1)), State::InForce);
        assert_eq!(st(d(2021, 4, 1)), State::Repealed);
        let st_new = status(docs[1].1, new, d(2022, 1, 1));
        assert_eq!(st_new.state, State::InForce);
    }
}
