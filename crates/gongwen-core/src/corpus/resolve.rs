//! Resolution (引用解析): citations and repealed documents matched to the
//! documents of a set — by 文号, issuer and year, normalised title, enclosed
//! title — never silently when several match.

use std::collections::HashMap;

use crate::grammar::docnum;
use crate::grammar::titles::normalize_title;
use crate::model::{Candidate, Clause, Reference};

/// Resolve citations to candidate documents (in place). The caller should
/// leave the citing document itself out of `candidates`.
///
/// Order: by 文号 (canonical prefix + year + serial; a number printed
/// without agency code must be confirmed by title or issuer), narrowed by
/// issuer, date and title when several share it; then by normalised title
/// (with or without an issuer prefixed); then by the enclosed title of a
/// cover notice. When more than one candidate remains, `target_id` is left
/// `None` and `ambiguous` lists them. Internal and standard references are
/// not resolved.
pub fn resolve(refs: &mut [Reference], candidates: &[Candidate]) {
    Resolver::new(candidates).resolve(refs);
}

/// The candidates of [`resolve`] indexed once by 文号, year + serial,
/// normalised title and enclosed title, so that resolving a reference costs
/// the candidates that share one of its keys, not all of them (a store of
/// N documents resolves in O(N), not O(N²)).
pub struct Resolver<'c> {
    cands: &'c [Candidate],
    keys: Vec<CandKeys>,
    by_number: HashMap<String, Vec<usize>>,
    by_year_serial: HashMap<(i32, Option<u32>), Vec<usize>>,
    by_title: HashMap<String, Vec<usize>>,
    by_enclosed: HashMap<String, Vec<usize>>,
}

impl<'c> Resolver<'c> {
    pub fn new(cands: &'c [Candidate]) -> Self {
        let keys: Vec<CandKeys> = cands.iter().map(CandKeys::new).collect();
        let mut r = Resolver {
            cands,
            keys: Vec::new(),
            by_number: HashMap::new(),
            by_year_serial: HashMap::new(),
            by_title: HashMap::new(),
            by_enclosed: HashMap::new(),
        };
        // Lists in ascending candidate order, each candidate once per key.
        let push = |m: &mut HashMap<String, Vec<usize>>, key: &str, k: usize| {
            let v = m.entry(key.to_string()).or_default();
            if v.last() != Some(&k) {
                v.push(k);
            }
        };
        for (k, (c, ck)) in cands.iter().zip(&keys).enumerate() {
            if let Some(n) = &ck.number {
                push(&mut r.by_number, n, k);
            }
            if let Some(y) = c.doc_number.as_ref().and_then(|d| d.year) {
                let serial = c.doc_number.as_ref().and_then(|d| d.serial);
                r.by_year_serial.entry((y, serial)).or_default().push(k);
            }
            for t in &ck.titles {
                push(&mut r.by_title, t, k);
            }
            for t in &ck.enclosed {
                push(&mut r.by_enclosed, t, k);
            }
        }
        r.keys = keys;
        r
    }

    /// Resolve `refs` in place (see [`resolve`]).
    pub fn resolve(&self, refs: &mut [Reference]) {
        for r in refs.iter_mut() {
            r.target_id = None;
            r.ambiguous.clear();
            if !r.kind.is_external() {
                continue;
            }
            let hits = self.resolve_one(r);
            match hits.as_slice() {
                [] => {}
                [one] => r.target_id = self.cands.get(*one).map(|c| c.id.clone()),
                many => {
                    r.ambiguous = many
                        .iter()
                        .filter_map(|&k| self.cands.get(k).map(|c| c.id.clone()))
                        .collect();
                }
            }
        }
    }

    fn resolve_one(&self, r: &Reference) -> Vec<usize> {
        let (cands, keys) = (self.cands, &self.keys);
        let title = r.title.as_deref().map(normalize_title);
        let title_hit = |k: usize| title.as_ref().is_some_and(|t| keys[k].titles.contains(t));
        let enclosed_hit = |k: usize| title.as_ref().is_some_and(|t| keys[k].enclosed.contains(t));
        let issuer_hit = |k: usize| {
            r.issuer
                .as_deref()
                .is_some_and(|i| cands[k].issuers.iter().any(|c| same_issuer(i, c)))
        };
        let listed = |m: &HashMap<String, Vec<usize>>, key: &str| -> Vec<usize> {
            m.get(key).cloned().unwrap_or_default()
        };

        // 1. By 文号.
        if let Some(n) = &r.doc_number {
            let hits: Vec<usize> = if n.prefix.is_some() {
                listed(&self.by_number, &docnum::canonical(n))
            } else {
                // No agency code: year + serial, confirmed by title or issuer.
                n.year
                    .and_then(|y| self.by_year_serial.get(&(y, n.serial)))
                    .map(|v| {
                        v.iter()
                            .copied()
                            .filter(|&k| title_hit(k) || enclosed_hit(k) || issuer_hit(k))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let hits = narrow(hits, r, cands, &title_hit, &issuer_hit);
            if !hits.is_empty() {
                return hits;
            }
        }
        // 2. By title, 3. by enclosed title.
        if let Some(t) = title.as_ref().filter(|t| !t.is_empty()) {
            for index in [&self.by_title, &self.by_enclosed] {
                let hits = narrow(listed(index, t), r, cands, &title_hit, &issuer_hit);
                if !hits.is_empty() {
                    return hits;
                }
            }
        }
        Vec::new()
    }
}

/// The lookup keys of a candidate: every key under which [`Resolver`]
/// files it (`n:` 文号, `y:` year and serial, `t:` title, `e:` enclosed
/// title).
///
/// Architecture invariant: a reference can only resolve to candidates that
/// share one of its [`reference_keys`], and what it resolves to depends on
/// those candidates only (and their order). So a store resolves a citation
/// against the few documents found by key, and re-resolves a stored
/// citation only when a document with one of its keys comes or goes — and
/// gets what [`super::link`] over the whole set would give.
pub fn candidate_keys(c: &Candidate) -> Vec<String> {
    let ck = CandKeys::new(c);
    let mut keys = Vec::new();
    if let Some(n) = ck.number {
        keys.push(format!("n:{n}"));
    }
    if let Some(y) = c.doc_number.as_ref().and_then(|d| d.year) {
        keys.push(year_serial_key(
            y,
            c.doc_number.as_ref().and_then(|d| d.serial),
        ));
    }
    keys.extend(ck.titles.iter().map(|t| format!("t:{t}")));
    keys.extend(ck.enclosed.iter().map(|t| format!("e:{t}")));
    keys.sort();
    keys.dedup();
    keys
}

/// The lookup keys of a reference (see [`candidate_keys`]); none for
/// internal and standard references, which are not resolved.
pub fn reference_keys(r: &Reference) -> Vec<String> {
    let mut keys = Vec::new();
    if !r.kind.is_external() {
        return keys;
    }
    if let Some(n) = &r.doc_number {
        if n.prefix.is_some() {
            keys.push(format!("n:{}", docnum::canonical(n)));
        } else if let Some(y) = n.year {
            keys.push(year_serial_key(y, n.serial));
        }
    }
    if let Some(t) = r.title.as_deref().map(normalize_title) {
        if !t.is_empty() {
            keys.push(format!("t:{t}"));
            keys.push(format!("e:{t}"));
        }
    }
    keys
}

fn year_serial_key(year: i32, serial: Option<u32>) -> String {
    match serial {
        Some(s) => format!("y:{year}:{s}"),
        None => format!("y:{year}:-"),
    }
}

struct CandKeys {
    number: Option<String>,
    titles: Vec<String>,
    enclosed: Vec<String>,
}

impl CandKeys {
    fn new(c: &Candidate) -> Self {
        let mut titles = Vec::new();
        if let Some(t) = &c.title {
            titles.push(normalize_title(t));
            for i in &c.issuers {
                titles.push(normalize_title(&format!("{i}{t}")));
            }
            if c.issuers.len() > 1 {
                titles.push(normalize_title(&format!("{}{t}", c.issuers.concat())));
            }
        }
        titles.retain(|s| !s.is_empty());
        let enclosed = c
            .enclosed_titles
            .iter()
            .map(|t| normalize_title(t))
            .filter(|s| !s.is_empty())
            .collect();
        CandKeys {
            number: c.doc_number.as_ref().map(docnum::canonical),
            titles,
            enclosed,
        }
    }
}

/// Narrow several hits by issuer, date and title; each filter applies only
/// when it keeps at least one hit.
fn narrow(
    hits: Vec<usize>,
    r: &Reference,
    cands: &[Candidate],
    title_hit: &dyn Fn(usize) -> bool,
    issuer_hit: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    if hits.len() <= 1 {
        return hits;
    }
    let mut hits = hits;
    let filters: [&dyn Fn(usize) -> bool; 3] = [
        issuer_hit,
        &|k: usize| r.date.is_some() && cands[k].date == r.date,
        title_hit,
    ];
    for f in filters {
        if hits.len() <= 1 {
            break;
        }
        let kept: Vec<usize> = hits.iter().copied().filter(|&k| f(k)).collect();
        if !kept.is_empty() {
            hits = kept;
        }
    }
    hits
}

/// Issuer names compared loosely: `人民政府` ≡ `政府`, and a short form matches
/// the end of a long one (`省政府` ~ `河北省人民政府`).
fn same_issuer(a: &str, b: &str) -> bool {
    let f = |s: &str| crate::source::text::compact(s).replace("人民政府", "政府");
    let (a, b) = (f(a), f(b));
    !a.is_empty() && !b.is_empty() && (a == b || a.ends_with(&b) || b.ends_with(&a))
}

/// Resolve the repealed documents of `clauses` to candidates (in place),
/// with the rules of [`resolve`]: `target_id` when exactly one
/// candidate matches, `ambiguous` when several do. The caller should leave
/// the repealing document itself out of `candidates`.
pub fn resolve_repeals(clauses: &mut [Clause], candidates: &[Candidate]) {
    resolve_repeals_with(clauses, &Resolver::new(candidates));
}

/// [`resolve_repeals`] against candidates already indexed.
pub fn resolve_repeals_with(clauses: &mut [Clause], resolver: &Resolver<'_>) {
    for c in clauses.iter_mut() {
        for r in c.repealed.iter_mut() {
            let mut one = [r.as_reference()];
            resolver.resolve(&mut one);
            let [done] = one;
            r.target_id = done.target_id;
            r.ambiguous = done.ambiguous;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resolving against only the candidates that share a key with the
    /// reference gives what resolving against all of them gives.
    #[test]
    fn resolving_by_keys_equals_resolving_against_all() {
        let a = crate::parse_text("a.txt", "某市人民政府\n\n关于印发某市停车管理办法的通知\n\n某政〔2018〕9号\n\n各县（区）人民政府：\n\n现将《某市停车管理办法》印发给你们，请认真遵照执行。\n\n某市人民政府\n\n2018年6月1日\n");
        let b = crate::parse_text("b.txt", "某市人民政府办公室\n\n关于做好停车工作的通知\n\n某政办〔2019〕2号\n\n各县（区）人民政府：\n\n根据《某市停车管理办法》（某政〔2018〕9号）和〔2018〕9号文件，请做好停车工作。\n\n某市人民政府办公室\n\n2019年1月1日\n");
        let docs = [&a.documents[0], &b.documents[0]];
        let cands: Vec<Candidate> = docs
            .iter()
            .enumerate()
            .map(|(k, d)| Candidate::from_document(&format!("d{k}"), d))
            .collect();
        let mut all = b.documents[0].facts.references.clone();
        assert!(all.iter().any(|r| r.doc_number.is_some()));
        Resolver::new(&cands).resolve(&mut all);
        for r in &all {
            let keys = reference_keys(r);
            let subset: Vec<Candidate> = cands
                .iter()
                .filter(|c| candidate_keys(c).iter().any(|k| keys.contains(k)))
                .cloned()
                .collect();
            let mut one = [r.clone()];
            Resolver::new(&subset).resolve(&mut one);
            assert_eq!(one[0].target_id, r.target_id, "{}", r.text);
            assert_eq!(one[0].ambiguous, r.ambiguous, "{}", r.text);
        }
        assert!(all.iter().any(|r| r.target_id.as_deref() == Some("d0")));
    }
}
