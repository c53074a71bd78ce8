//! Every listing is a SQL query; each must give what computing it from
//! every document would give (the per-document view of `view.rs`): tasks
//! by unit, role and due date, targets by year, statuses by state and date,
//! the expiring list, `list --in-force-on`.

#[path = "../../gongwen-core/tests/common/mod.rs"]
mod common;

use chrono::NaiveDate;
use gongwen_core::model::{Role, State};
use gongwen_store::view;
use gongwen_store::{
    FileInput, LinkedDocument, ListFilter, Paging, SqliteStore, StatusFilter, Store, TargetFilter,
    TaskFilter,
};

fn corpus_store() -> Option<SqliteStore> {
    let dir = common::present(common::corpus_dir())?;
    let mut s = SqliteStore::in_memory().unwrap();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(p).unwrap();
        let parsed = gongwen_core::parse_bytes(&name, &bytes).unwrap();
        s.ingest(&FileInput {
            path: &name,
            name: &name,
            bytes: &bytes,
            parsed: &parsed,
        })
        .unwrap();
    }
    Some(s)
}

fn all(s: &SqliteStore) -> Vec<LinkedDocument> {
    let mut out = Vec::new();
    s.for_each_linked(&mut |l| {
        out.push(l);
        Ok(())
    })
    .unwrap();
    out
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn task_listings_equal_the_per_document_view() {
    let Some(s) = corpus_store() else { return };
    let docs = all(&s);
    let filters = [
        TaskFilter::default(),
        TaskFilter {
            unit: Some("市发改委".into()),
            ..Default::default()
        },
        TaskFilter {
            unit: Some("市财政局".into()),
            role: Some(Role::Lead),
            ..Default::default()
        },
        TaskFilter {
            role: Some(Role::Cooperating),
            ..Default::default()
        },
        TaskFilter {
            due_before: Some(d(2021, 1, 1)),
            ..Default::default()
        },
        TaskFilter {
            unit: Some("各县（市、区）人民政府".into()),
            ..Default::default()
        },
    ];
    let mut seen = 0;
    for f in &filters {
        let mut want = Vec::new();
        for l in &docs {
            let scope = gongwen_core::grammar::agencies::document_scope(&l.document);
            for (row, due) in view::task_rows(l) {
                let unit_ok = f.unit.as_ref().is_none_or(|q| {
                    view::unit_matches(q, scope.as_deref(), &row.unit, &row.normalized)
                });
                let role_ok = f.role.is_none_or(|r| r == row.role);
                let due_ok = f.due_before.is_none_or(|b| due.is_some_and(|x| x < b));
                if unit_ok && role_ok && due_ok {
                    want.push(row);
                }
            }
        }
        want.sort_by(view::task_order);
        let got = s.tasks(f, Paging::ALL).unwrap();
        assert_eq!(got.total, want.len(), "{f:?}");
        assert_eq!(
            serde_json::to_value(&got.items).unwrap(),
            serde_json::to_value(&want).unwrap(),
            "{f:?}"
        );
        // A page is the slice of the whole listing.
        let page = s.tasks(f, Paging::new(3, 5)).unwrap();
        assert_eq!(
            serde_json::to_value(&page.items).unwrap(),
            serde_json::to_value(want.iter().skip(3).take(5).collect::<Vec<_>>()).unwrap()
        );
        seen += want.len();
    }
    assert!(seen > 500, "{seen} task rows");
    let units = s.units().unwrap();
    assert!(units.iter().any(|u| u.lead > 0) && units.len() > 20);
}

#[test]
fn target_and_status_listings_equal_the_per_document_view() {
    let Some(s) = corpus_store() else { return };
    let docs = all(&s);
    for year in [None, Some(2020), Some(2025)] {
        let want: Vec<_> = docs
            .iter()
            .flat_map(view::target_rows)
            .filter(|t| year.is_none() || t.year == year)
            .collect();
        let got = s.targets(&TargetFilter { year }, Paging::ALL).unwrap();
        assert_eq!(
            serde_json::to_value(&got.items).unwrap(),
            serde_json::to_value(&want).unwrap(),
            "{year:?}"
        );
    }
    for on in [d(2015, 1, 1), d(2020, 6, 1), d(2024, 1, 1), d(2030, 1, 1)] {
        let rows: Vec<_> = docs.iter().map(|l| view::status_row(l, on)).collect();
        for state in [None].into_iter().chain(State::ALL.map(Some)) {
            let want: Vec<_> = rows
                .iter()
                .filter(|r| state.is_none_or(|x| x == r.state))
                .collect();
            let f = StatusFilter {
                on,
                state,
                expires_before: None,
            };
            let got = s.statuses(&f, Paging::ALL).unwrap();
            assert_eq!(
                serde_json::to_value(&got.items).unwrap(),
                serde_json::to_value(&want).unwrap(),
                "{state:?} on {on}"
            );
        }
        let in_force = s
            .list(
                &ListFilter {
                    in_force_on: Some(on),
                    ..Default::default()
                },
                Paging::ALL,
            )
            .unwrap();
        let want: Vec<&str> = rows
            .iter()
            .filter(|r| r.state == State::InForce)
            .map(|r| r.id.as_str())
            .collect();
        let got: Vec<&str> = in_force.items.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(got, want, "in force on {on}");
        // Expiring before 2030, as of `on`.
        let before = d(2030, 1, 1);
        let mut want: Vec<_> = rows
            .iter()
            .filter(|r| {
                r.state != State::Repealed
                    && r.last_day
                        .as_deref()
                        .and_then(|x| x.parse::<NaiveDate>().ok())
                        .is_some_and(|x| x < before)
            })
            .collect();
        want.sort_by(|a, b| a.last_day.cmp(&b.last_day));
        let f = StatusFilter {
            on,
            state: None,
            expires_before: Some(before),
        };
        let got = s.statuses(&f, Paging::ALL).unwrap();
        assert_eq!(
            serde_json::to_value(&got.items).unwrap(),
            serde_json::to_value(&want).unwrap(),
            "expiring as of {on}"
        );
    }
}
