//! One pass over the matching documents: the total, the facet counts
//! (issuer, year, genre, status on a date) over the whole matching set, and
//! the top `k` by relevance or by date.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{NEVER, NO_DATE};

/// Status names, as `gongwen_core::model::State` serialises them.
pub const STATES: [&str; 5] = [
    "in_force",
    "expired",
    "repealed",
    "not_yet_effective",
    "unknown",
];

/// Index in [`STATES`] of the status on day `on` of a document with these
/// status dates (see `gongwen_core::corpus::status_on`: repealed, else
/// unknown without an effective date, else not yet effective, expired, in
/// force).
pub fn state_at(effective_from: i64, last_day: i64, repealed_on: i64, on: i64) -> usize {
    if repealed_on != NEVER && repealed_on <= on {
        2
    } else if effective_from == NEVER {
        4
    } else if on < effective_from {
        3
    } else if last_day != NEVER && on > last_day {
        1
    } else {
        0
    }
}

/// A ranked hit.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub score: Score,
    pub date: i64,
    pub addr: DocAddress,
    /// Index in [`STATES`] of its status on the day asked.
    pub state: usize,
}

/// Total order of hits, greatest first when sorted descending.
#[derive(Debug, Clone, Copy)]
struct Key {
    by_date: bool,
    r: Ranked,
}

impl Key {
    fn cmp_key(&self, o: &Key) -> Ordering {
        let s = self.r.score.total_cmp(&o.r.score);
        let d = self.r.date.cmp(&o.r.date);
        let primary = if self.by_date { d.then(s) } else { s.then(d) };
        // Earlier documents first among equals.
        primary.then_with(|| {
            (o.r.addr.segment_ord, o.r.addr.doc_id)
                .cmp(&(self.r.addr.segment_ord, self.r.addr.doc_id))
        })
    }
}

impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        self.cmp_key(o) == Ordering::Equal
    }
}
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Key {
    fn cmp(&self, o: &Self) -> Ordering {
        self.cmp_key(o)
    }
}

/// What [`MainCollector`] found.
#[derive(Debug, Default)]
pub struct MainFruit {
    pub total: usize,
    /// Best first.
    pub top: Vec<Ranked>,
    pub issuer: HashMap<String, usize>,
    pub genre: HashMap<String, usize>,
    pub year: HashMap<i64, usize>,
    /// Counts by index in [`STATES`].
    pub status: [usize; 5],
}

/// Collects total, facets and the top `k` (see module docs).
pub struct MainCollector {
    /// Day (days from CE) the status facet is evaluated on.
    pub on: i64,
    pub by_date: bool,
    pub k: usize,
}

pub struct MainSegment {
    seg: SegmentOrdinal,
    on: i64,
    by_date: bool,
    k: usize,
    heap: BinaryHeap<Reverse<Key>>,
    total: usize,
    date: Column<i64>,
    year: Column<i64>,
    eff: Column<i64>,
    last: Column<i64>,
    rep: Column<i64>,
    issuer: Option<StrColumn>,
    genre: Option<StrColumn>,
    issuer_n: Vec<usize>,
    genre_n: Vec<usize>,
    year_n: HashMap<i64, usize>,
    status: [usize; 5],
}

fn bump(v: &mut Vec<usize>, ord: u64) {
    let i = ord as usize;
    if v.len() <= i {
        v.resize(i + 1, 0);
    }
    v[i] += 1;
}

fn resolve(col: Option<&StrColumn>, counts: &[usize]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let Some(col) = col else { return out };
    let mut s = String::new();
    for (ord, &n) in counts.iter().enumerate() {
        if n == 0 {
            continue;
        }
        s.clear();
        if col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
            *out.entry(s.clone()).or_insert(0) += n;
        }
    }
    out
}

impl Collector for MainCollector {
    type Fruit = MainFruit;
    type Child = MainSegment;

    fn for_segment(
        &self,
        seg: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MainSegment> {
        let ff = reader.fast_fields();
        Ok(MainSegment {
            seg,
            on: self.on,
            by_date: self.by_date,
            k: self.k,
            heap: BinaryHeap::with_capacity(self.k + 1),
            total: 0,
            date: ff.i64("date")?,
            year: ff.i64("year")?,
            eff: ff.i64("effective_from")?,
            last: ff.i64("last_day")?,
            rep: ff.i64("repealed_on")?,
            issuer: ff.str("issuer")?,
            genre: ff.str("genre")?,
            issuer_n: Vec::new(),
            genre_n: Vec::new(),
            year_n: HashMap::new(),
            status: [0; 5],
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<MainFruit>) -> tantivy::Result<MainFruit> {
        let mut out = MainFruit::default();
        let mut top: Vec<Key> = Vec::new();
        for f in fruits {
            out.total += f.total;
            for (k, n) in f.issuer {
                *out.issuer.entry(k).or_insert(0) += n;
            }
            for (k, n) in f.genre {
                *out.genre.entry(k).or_insert(0) += n;
            }
            for (k, n) in f.year {
                *out.year.entry(k).or_insert(0) += n;
            }
            for (a, b) in out.status.iter_mut().zip(f.status) {
                *a += b;
            }
            top.extend(f.top.into_iter().map(|r| Key {
                by_date: self.by_date,
                r,
            }));
        }
        top.sort_by(|a, b| b.cmp(a));
        top.truncate(self.k);
        out.top = top.into_iter().map(|k| k.r).collect();
        Ok(out)
    }
}

impl SegmentCollector for MainSegment {
    type Fruit = MainFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        let date = self.date.first(doc).unwrap_or(NO_DATE);
        if let Some(y) = self.year.first(doc).filter(|&y| y != NO_DATE) {
            *self.year_n.entry(y).or_insert(0) += 1;
        }
        let st = state_at(
            self.eff.first(doc).unwrap_or(NEVER),
            self.last.first(doc).unwrap_or(NEVER),
            self.rep.first(doc).unwrap_or(NEVER),
            self.on,
        );
        self.status[st] += 1;
        if let Some(c) = &self.issuer {
            for o in c.term_ords(doc) {
                bump(&mut self.issuer_n, o);
            }
        }
        if let Some(c) = &self.genre {
            for o in c.term_ords(doc) {
                bump(&mut self.genre_n, o);
            }
        }
        if self.k == 0 {
            return;
        }
        let key = Key {
            by_date: self.by_date,
            r: Ranked {
                score,
                date,
                addr: DocAddress::new(self.seg, doc),
                state: st,
            },
        };
        if self.heap.len() < self.k {
            self.heap.push(Reverse(key));
        } else if let Some(Reverse(worst)) = self.heap.peek() {
            if key > *worst {
                self.heap.pop();
                self.heap.push(Reverse(key));
            }
        }
    }

    fn harvest(self) -> MainFruit {
        MainFruit {
            total: self.total,
            top: self.heap.into_iter().map(|Reverse(k)| k.r).collect(),
            issuer: resolve(self.issuer.as_ref(), &self.issuer_n),
            genre: resolve(self.genre.as_ref(), &self.genre_n),
            year: self.year_n,
            status: self.status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_order_follows_status_on() {
        let (eff, last, rep) = (100, 200, NEVER);
        assert_eq!(STATES[state_at(eff, last, rep, 50)], "not_yet_effective");
        assert_eq!(STATES[state_at(eff, last, rep, 100)], "in_force");
        assert_eq!(STATES[state_at(eff, last, rep, 200)], "in_force");
        assert_eq!(STATES[state_at(eff, last, rep, 201)], "expired");
        assert_eq!(STATES[state_at(eff, last, 150, 150)], "repealed");
        assert_eq!(STATES[state_at(eff, last, 150, 149)], "in_force");
        assert_eq!(STATES[state_at(NEVER, NEVER, NEVER, 1)], "unknown");
        assert_eq!(STATES[state_at(NEVER, NEVER, 5, 10)], "repealed");
    }
}
