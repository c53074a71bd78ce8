//! Searching the index: the request and its answer, the filters, the
//! ranking passes (文号 first, then relevance or date), the hits with their
//! best unit and snippet, and the facets.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use gongwen_core::grammar::agencies;
use serde::{Deserialize, Serialize};
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocId, Searcher, SegmentReader, TantivyDocument, Term};

use crate::collect::{self, state_at, MainCollector, STATES};
use crate::error::SearchError;
use crate::index::SearchIndex;
use crate::locate::{locate, Reading};
use crate::query::{self, Matcher};
use crate::schema::{days, NEVER, NO_DATE};
use crate::snippet;
use crate::source::{HitDoc, HitText, RawFiles, UnitRef};

/// A search request (the body of `GET /api/search`, the flags of
/// `gongwen search`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub q: String,
    /// Issuer (发文机关): exact, or else any issuer containing it.
    pub issuer: Option<String>,
    /// Genre (文种), exact.
    pub genre: Option<String>,
    /// Year of the 成文日期.
    pub year: Option<i32>,
    /// 成文日期 on or after.
    pub date_from: Option<NaiveDate>,
    /// 成文日期 on or before.
    pub date_to: Option<NaiveDate>,
    /// in_force | expired | repealed | not_yet_effective | unknown, evaluated
    /// on `status_on` (default: today passed to search). The Chinese labels
    /// (现行有效, 已失效, 已废止, 尚未生效, 未知) are accepted too.
    pub status: Option<String>,
    pub status_on: Option<NaiveDate>,
    /// Documents with an assignment for this unit (alias-normalised like
    /// `gongwen_core::grammar::agencies::normalize`).
    pub unit: Option<String>,
    /// "relevance" (default; "date" when `q` is empty) | "date" (newest
    /// first).
    pub sort: Option<String>,
    pub offset: usize,
    /// 0 → 10; at most 100.
    pub limit: usize,
}

/// The answer to a [`SearchQuery`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SearchResults))]
pub struct SearchResponse {
    /// Matching documents (not counting units).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// The query is a 文号 and documents with that number lead the hits.
    pub doc_number_match: bool,
    /// No document contained the text as typed, so its words were searched
    /// in any order (the hits contain every word).
    pub relaxed: bool,
    /// The date status was evaluated on (ISO).
    pub status_on: String,
    pub offset: usize,
    pub limit: usize,
}

/// One hit: a document, with its best-matching outline unit if any.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SearchHit))]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    pub doc_number: Option<String>,
    /// 成文日期, ISO.
    pub date: Option<String>,
    pub score: f32,
    /// HTML: text escaped, matches wrapped in `<mark>`.
    pub snippet: String,
    /// Label of the outline unit the snippet comes from (`第十二条`,
    /// `（三）`), else null.
    pub unit: Option<String>,
    /// Labels from the outermost unit down (`第二章 第十二条`).
    pub unit_path: Option<String>,
    pub source: HitSource,
    /// Status on `status_on` (in_force | expired | repealed |
    /// not_yet_effective | unknown).
    pub status: Option<String>,
    pub issuers: Vec<String>,
    pub genre: Option<String>,
    /// True when the document's 文号 is the query.
    pub doc_number_match: bool,
}

/// Where the hit is in the source.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HitSource {
    pub file: String,
    /// First line of the unit, else of the document.
    pub start_line: usize,
    pub end_line: usize,
}

/// Facet counts over the whole matching set.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Most frequent first (at most 50).
    pub issuer: Vec<FacetCount>,
    /// Newest first.
    pub year: Vec<FacetCount>,
    /// Most frequent first.
    pub genre: Vec<FacetCount>,
    /// in_force, expired, repealed, not_yet_effective, unknown (non-zero
    /// only).
    pub status: Vec<FacetCount>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

/// Largest `offset + limit` served.
const MAX_WINDOW: usize = 10_000;
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 120;
const MAX_FACET_VALUES: usize = 50;

/// The status name for `s` (English or Chinese), `None` when unknown.
fn status_index(s: &str) -> Option<usize> {
    let s = s.trim();
    let k = match s {
        "in_force" | "现行有效" | "有效" => 0,
        "expired" | "已失效" | "失效" | "已失效（有效期届满）" => 1,
        "repealed" | "已废止" | "废止" => 2,
        "not_yet_effective" | "尚未生效" => 3,
        "unknown" | "未知" => 4,
        _ => return None,
    };
    Some(k)
}

impl SearchIndex {
    /// Run a search. Status is evaluated on `q.status_on`, else `today`.
    /// The text of the hits on the page (snippet, unit) is read from
    /// `files`, the store the index was synced with.
    pub fn search<F: RawFiles + ?Sized>(
        &self,
        q: &SearchQuery,
        today: NaiveDate,
        files: &F,
    ) -> Result<SearchResponse, SearchError> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let limit = match q.limit {
            0 => 10,
            n => n.min(100),
        };
        let offset = q.offset.min(MAX_WINDOW);
        let on_date = q.status_on.unwrap_or(today);
        let on = days(on_date);
        let text = query::clip(&q.q);
        let by_date = match q.sort.as_deref().map(str::trim) {
            Some("date") => true,
            Some("relevance") => false,
            _ => text.is_empty(),
        };

        let filters = self.filters(&searcher, q, on)?;
        let num_key = query::doc_number_key(text);
        let num_query: Option<Box<dyn Query>> = num_key.as_ref().map(|k| {
            Box::new(TermQuery::new(
                Term::from_field_text(f.num_key, k),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        });

        // Documents whose 文号 is the query: first, newest first.
        let mut pinned: Vec<collect::Ranked> = Vec::new();
        if let Some(nq) = &num_query {
            let pq = with_filters(nq.box_clone(), &filters, None);
            let fruit = searcher.search(
                &pq,
                &MainCollector {
                    on,
                    by_date: true,
                    k: 100,
                },
            )?;
            pinned = fruit.top;
        }

        let mut relaxed = false;
        let mut text_query = self.doc_parser.parse(text);
        let run = |tq: &Option<Box<dyn Query>>, k: usize| -> Result<_, SearchError> {
            // Matching set: text or 文号; the pinned ones are excluded from
            // the ranked list but counted in total and facets.
            let matching: Box<dyn Query> = match (tq, &num_query) {
                (Some(t), Some(n)) => Box::new(BooleanQuery::new(vec![
                    (Occur::Should, t.box_clone()),
                    (Occur::Should, n.box_clone()),
                ])),
                (Some(t), None) => t.box_clone(),
                (None, Some(n)) => n.box_clone(),
                (None, None) => Box::new(AllQuery),
            };
            let full = with_filters(matching, &filters, None);
            if num_query.is_none() {
                // One pass: the matching set is the ranked set.
                let mut fruit = searcher.search(&full, &MainCollector { on, by_date, k })?;
                let top = std::mem::take(&mut fruit.top);
                return Ok((fruit, top));
            }
            let counted = searcher.search(&full, &MainCollector { on, by_date, k: 0 })?;
            let ranked = if k == 0 {
                Vec::new()
            } else {
                let rq = with_filters(
                    tq.as_ref()
                        .map_or_else(|| Box::new(AllQuery) as Box<dyn Query>, |t| t.box_clone()),
                    &filters,
                    num_query.as_ref().map(|n| n.box_clone()),
                );
                searcher.search(&rq, &MainCollector { on, by_date, k })?.top
            };
            Ok((counted, ranked))
        };
        let window = (offset + limit).saturating_sub(pinned.len());
        let (mut counted, mut ranked) = if num_query.is_some() && text_query.is_none() {
            run(&None, 0)?
        } else {
            run(&text_query, window)?
        };
        if counted.total == 0 && num_query.is_none() {
            if let Some(rq) = self.doc_parser.relaxed(text) {
                text_query = Some(rq);
                relaxed = true;
                (counted, ranked) = run(&text_query, window)?;
            }
        }

        let n_pinned = pinned.len();
        let all: Vec<(collect::Ranked, bool)> = pinned
            .into_iter()
            .map(|r| (r, true))
            .chain(ranked.into_iter().map(|r| (r, false)))
            .skip(offset)
            .take(limit)
            .collect();

        // Phrases to highlight; the query read on a unit's text.
        let terms = snippet::Terms::from_query(text, relaxed);
        let matcher = Matcher::new(text, relaxed);
        // A phrase's anchor in the hits' text: its rarest character.
        let rarity = |c: char| {
            let mut b = [0u8; 4];
            let term = Term::from_field_text(f.body_1, c.encode_utf8(&mut b));
            searcher.doc_freq(&term).unwrap_or(u64::MAX)
        };
        let reading = Reading::new(&matcher, &terms, &rarity);
        let mut hits = Vec::with_capacity(all.len());
        for (r, is_num) in all {
            let doc: TantivyDocument = searcher.doc(r.addr)?;
            hits.push(self.hit(files, (r, is_num), doc, &reading)?);
        }

        Ok(SearchResponse {
            total: counted.total.max(n_pinned),
            hits,
            facets: facets(&counted),
            doc_number_match: n_pinned > 0,
            relaxed,
            status_on: on_date.to_string(),
            offset,
            limit,
        })
    }

    /// The filter clauses of `q`.
    fn filters(
        &self,
        searcher: &Searcher,
        q: &SearchQuery,
        on: i64,
    ) -> Result<Vec<Box<dyn Query>>, SearchError> {
        let f = &self.fields;
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        let nonempty = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if let Some(issuer) = nonempty(&q.issuer) {
            let terms = issuer_terms(searcher, f.issuer, &issuer)?;
            if terms.is_empty() {
                out.push(Box::new(EmptyQuery));
            } else {
                let terms: Vec<Term> = terms
                    .into_iter()
                    .map(|t| Term::from_field_text(f.issuer, &t))
                    .collect();
                if terms.len() <= 32 {
                    out.push(any_term(terms));
                } else {
                    out.push(Box::new(TermSetQuery::new(terms)));
                }
            }
        }
        if let Some(g) = nonempty(&q.genre) {
            out.push(Box::new(TermQuery::new(
                Term::from_field_text(f.genre, &g),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(u) = nonempty(&q.unit) {
            let keys = unit_keys(&u);
            out.push(any_term(
                keys.into_iter()
                    .map(|k| Term::from_field_text(f.unit_key, &k))
                    .collect(),
            ));
        }
        let status = match nonempty(&q.status) {
            Some(s) => match status_index(&s) {
                Some(k) => Some(k),
                None => {
                    out.push(Box::new(EmptyQuery));
                    None
                }
            },
            None => None,
        };
        let year = q.year.map(i64::from);
        let from = q.date_from.map(days);
        let to = q.date_to.map(days);
        if year.is_some() || from.is_some() || to.is_some() || status.is_some() {
            out.push(Box::new(predicate_query(year, from, to, status, on)));
        }
        Ok(out)
    }

    /// The text and units of the document stored as `doc` (id `id`), read
    /// from `files` (`None` when the file is gone or does not decode).
    fn hit_doc<F: RawFiles + ?Sized>(
        &self,
        files: &F,
        id: &str,
        doc: &TantivyDocument,
    ) -> Result<Option<Arc<HitDoc>>, SearchError> {
        if let Some(t) = self.cached_text(id) {
            return Ok(Some(t));
        }
        let f = &self.fields;
        let s = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
        let n = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let Some(bytes) = files.raw_range(s(f.file), n(f.start_byte), n(f.end_byte))? else {
            return Ok(None);
        };
        let Some(text) = HitText::decode(bytes, s(f.encoding), n(f.start_line)) else {
            return Ok(None);
        };
        let units: Vec<UnitRef> = match doc.get_first(f.units).and_then(|v| v.as_str()) {
            Some(j) => serde_json::from_str(j)?,
            None => Vec::new(),
        };
        let t = Arc::new(HitDoc { text, units });
        self.cache_text(id, t.clone());
        Ok(Some(t))
    }

    fn hit<F: RawFiles + ?Sized>(
        &self,
        files: &F,
        (r, is_num): (collect::Ranked, bool),
        doc: TantivyDocument,
        reading: &Reading<'_>,
    ) -> Result<Hit, SearchError> {
        let f = &self.fields;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(String::from)
        };
        let n = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let id = s(f.id).unwrap_or_default();
        let mut source = HitSource {
            file: s(f.file).unwrap_or_default(),
            start_line: n(f.start_line),
            end_line: n(f.end_line),
        };
        // The best unit: the one whose own text satisfies the query with
        // the best score (the earlier among equals); none for a 文号 match.
        let (mut unit, mut unit_path, mut snippet) = (None, None, String::new());
        if let Some(d) = self.hit_doc(files, &id, &doc)? {
            let (best, sn) = locate(&d.text, &d.units, reading, !is_num, SNIPPET_CHARS);
            snippet = sn;
            if let Some(u) = best.and_then(|k| d.units.get(k)) {
                source.start_line = u.2;
                source.end_line = u.3;
                unit = Some(u.0.clone());
                unit_path = Some(unit_path_of(&d.units, best.unwrap_or(0)));
            }
        }
        Ok(Hit {
            id,
            title: s(f.title),
            doc_number: s(f.doc_number),
            date: s(f.date_iso),
            score: r.score,
            snippet,
            unit,
            unit_path,
            source,
            status: STATES.get(r.state).map(|s| s.to_string()),
            issuers: doc
                .get_all(f.issuer)
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            genre: s(f.genre),
            doc_number_match: is_num,
        })
    }
}

/// Labels from the outermost unit down to unit `k`, space-separated.
fn unit_path_of(units: &[UnitRef], k: usize) -> String {
    let mut labels: Vec<&str> = Vec::new();
    let mut at = Some(k);
    while let Some(i) = at {
        let Some(u) = units.get(i) else { break };
        labels.push(&u.0);
        // Parents come before their children (pre-order).
        at = usize::try_from(u.1).ok().filter(|&p| p < i);
    }
    labels.reverse();
    labels.join(" ")
}

/// Documents with any of `terms` (a few: cheaper to build than a
/// `TermSetQuery`, which compiles an automaton).
fn any_term(terms: Vec<Term>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        terms
            .into_iter()
            .map(|t| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect(),
    ))
}

/// `q` restricted by `filters` (non-scoring), minus `exclude`.
fn with_filters(
    q: Box<dyn Query>,
    filters: &[Box<dyn Query>],
    exclude: Option<Box<dyn Query>>,
) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, q)];
    for fq in filters {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(fq.box_clone(), 0.0)),
        ));
    }
    if let Some(e) = exclude {
        clauses.push((Occur::MustNot, e));
    }
    BooleanQuery::new(clauses)
}

fn facets(c: &collect::MainFruit) -> Facets {
    let by_count = |m: &HashMap<String, usize>| {
        let mut v: Vec<FacetCount> = m
            .iter()
            .map(|(k, &n)| FacetCount {
                value: k.clone(),
                count: n,
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v.truncate(MAX_FACET_VALUES);
        v
    };
    let mut year: Vec<(i64, usize)> = c
        .year
        .iter()
        .filter(|(&y, _)| y != NO_DATE)
        .map(|(&y, &n)| (y, n))
        .collect();
    year.sort_by_key(|y| std::cmp::Reverse(y.0));
    Facets {
        issuer: by_count(&c.issuer),
        year: year
            .into_iter()
            .map(|(y, n)| FacetCount {
                value: y.to_string(),
                count: n,
            })
            .collect(),
        genre: by_count(&c.genre),
        status: STATES
            .iter()
            .zip(c.status)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| FacetCount {
                value: s.to_string(),
                count: n,
            })
            .collect(),
    }
}

/// The keys a unit filter value is looked up by.
pub(crate) fn unit_keys(q: &str) -> Vec<String> {
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    let mut keys = vec![
        compact.clone(),
        agencies::normalize(&compact, None).normalized,
    ];
    keys.sort();
    keys.dedup();
    keys.retain(|k| !k.is_empty());
    keys
}

/// Issuer terms matching `q`: the exact issuer when there is one, else
/// every issuer containing `q`.
pub(crate) fn issuer_terms(
    searcher: &tantivy::Searcher,
    field: Field,
    q: &str,
) -> Result<Vec<String>, SearchError> {
    let mut all = BTreeSet::new();
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(field)?;
        let mut st = inv.terms().stream().map_err(tantivy::TantivyError::from)?;
        while st.advance() {
            if let Ok(s) = std::str::from_utf8(st.key()) {
                all.insert(s.to_string());
            }
        }
    }
    if all.contains(q) {
        return Ok(vec![q.to_string()]);
    }
    Ok(all.into_iter().filter(|s| s.contains(q)).collect())
}

/// Filter on the date fast fields: year, 成文日期 range, status on `on`.
pub(crate) fn predicate_query(
    year: Option<i64>,
    from: Option<i64>,
    to: Option<i64>,
    status: Option<usize>,
    on: i64,
) -> DocPredicateQuery {
    let pred = FunctionPredicate::from(move |seg: &SegmentReader| {
        let ff = seg.fast_fields();
        let date = ff.i64("date")?;
        let y = ff.i64("year")?;
        let eff = ff.i64("effective_from")?;
        let last = ff.i64("last_day")?;
        let rep = ff.i64("repealed_on")?;
        Ok(move |doc: DocId| {
            if let Some(want) = year {
                if y.first(doc) != Some(want) {
                    return false;
                }
            }
            if from.is_some() || to.is_some() {
                let d = date.first(doc).unwrap_or(NO_DATE);
                if d == NO_DATE || from.is_some_and(|f| d < f) || to.is_some_and(|t| d > t) {
                    return false;
                }
            }
            if let Some(s) = status {
                let k = state_at(
                    eff.first(doc).unwrap_or(NEVER),
                    last.first(doc).unwrap_or(NEVER),
                    rep.first(doc).unwrap_or(NEVER),
                    on,
                );
                if k != s {
                    return false;
                }
            }
            true
        })
    });
    pred.into()
}
