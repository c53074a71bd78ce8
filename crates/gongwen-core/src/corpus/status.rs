//! The legal status of a document on a date (效力状态): from its own
//! effective-date and validity clauses and the documents that repeal it.

use chrono::{Datelike, NaiveDate};

use crate::model::{Clause, Document, Effective, Scope, State, Status};

/// Date from which a document's own clauses take effect (its 施行 date,
/// else its 成文日期).
pub fn effective_from(doc: &Document) -> Option<NaiveDate> {
    let doc_date = doc.header.date.as_ref().and_then(|d| d.value.date);
    doc.facts
        .clauses
        .iter()
        .filter(|c| c.scope == Scope::Own)
        .find_map(|c| c.effective.as_ref())
        .map_or(doc_date, |e| e.date(doc_date).or(doc_date))
}

/// The status of a document on `on`.
///
/// - `doc_date`: its 成文日期 (resolves `on_issue`);
/// - `clauses`: its clauses ([`crate::facts::clauses::extract`]); only own-scope ones count;
/// - `repealed_by`: documents that repeal it, with the day their repeal
///   takes effect (the repealing document's effective date).
///
/// Order: repealed (earliest repeal in effect on `on`) → not yet effective →
/// expired (on a day after the last day of the validity period) → in force.
/// A document without an effective clause is taken to be in force from its
/// 成文日期 (the reason says so); with neither, the status is unknown.
pub fn status_on(
    doc_date: Option<NaiveDate>,
    clauses: &[Clause],
    repealed_by: &[(String, NaiveDate)],
    on: NaiveDate,
) -> Status {
    let own = || clauses.iter().filter(|c| c.scope == Scope::Own);
    let eff_clause = own().find(|c| c.effective.is_some());
    let val_clause = own().find(|c| c.validity.is_some());
    let effective = eff_clause.and_then(|c| c.effective.as_ref());
    let effective_from = match effective {
        Some(e) => e.date(doc_date),
        None => doc_date,
    };
    let last_day = val_clause
        .and_then(|c| c.validity.as_ref())
        .and_then(|v| v.last_day(effective_from));
    let mut st = Status {
        state: State::Unknown,
        reason: String::new(),
        clause: None,
        repealed_by: None,
        effective_from,
        last_day,
    };
    if let Some((id, d)) = repealed_by
        .iter()
        .filter(|(_, d)| *d <= on)
        .min_by_key(|(_, d)| *d)
    {
        st.state = State::Repealed;
        st.reason = format!("已被 {id} 废止，自{}起失效", cn_date(*d));
        st.repealed_by = Some(id.clone());
        return st;
    }
    let Some(from) = effective_from else {
        st.clause = eff_clause.map(|c| c.span.clone());
        st.reason = match effective {
            Some(Effective::ByReference { title, doc_number }) => {
                let what = title
                    .as_ref()
                    .map(|t| format!("《{t}》"))
                    .or_else(|| doc_number.as_ref().map(|n| n.raw.clone()))
                    .unwrap_or_default();
                format!("施行时间按{what}规定，日期未知")
            }
            _ => "未载明施行日期，也无成文日期".to_string(),
        };
        return st;
    };
    if on < from {
        st.state = State::NotYetEffective;
        st.reason = format!("自{}起施行", cn_date(from));
        st.clause = eff_clause.map(|c| c.span.clone());
        return st;
    }
    if let Some(last) = last_day {
        if on > last {
            st.state = State::Expired;
            st.reason = format!("有效期至{}届满", cn_date(last));
            st.clause = val_clause.map(|c| c.span.clone());
            return st;
        }
    }
    st.state = State::InForce;
    st.clause = val_clause.or(eff_clause).map(|c| c.span.clone());
    st.reason = match (eff_clause, last_day) {
        (Some(_), Some(last)) => format!("自{}起施行，有效期至{}", cn_date(from), cn_date(last)),
        (Some(_), None) if val_clause.is_some() => {
            format!("自{}起施行，有效期终止日无法确定", cn_date(from))
        }
        (Some(_), None) => format!("自{}起施行，未规定有效期", cn_date(from)),
        (None, Some(last)) => format!(
            "按成文日期推定自{}起施行，有效期至{}",
            cn_date(from),
            cn_date(last)
        ),
        (None, None) => format!("未载明施行日期，按成文日期推定自{}起施行", cn_date(from)),
    };
    st
}

fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClauseKind, Span, Validity};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn clause(kind: ClauseKind, eff: Option<Effective>, val: Option<Validity>) -> Clause {
        Clause {
            kind,
            text: String::new(),
            effective: eff,
            validity: val,
            repealed: Vec::new(),
            scope: Scope::Own,
            span: Span {
                file: "t".into(),
                start_byte: 0,
                end_byte: 0,
                start_line: 7,
                end_line: 7,
            },
        }
    }

    #[test]
    fn status_on_dates() {
        let cs = vec![clause(
            ClauseKind::Effective,
            Some(Effective::Date {
                date: d(2015, 3, 15),
            }),
            Some(Validity::Years { years: 5 }),
        )];
        let s = status_on(Some(d(2015, 3, 1)), &cs, &[], d(2015, 3, 14));
        assert_eq!(s.state, State::NotYetEffective);
        assert_eq!(s.state.label(), "尚未生效");
        let s = status_on(Some(d(2015, 3, 1)), &cs, &[], d(2020, 3, 14));
        assert_eq!(s.state, State::InForce);
        assert_eq!(s.last_day, Some(d(2020, 3, 14)));
        assert_eq!(s.clause.as_ref().map(|c| c.start_line), Some(7));
        let s = status_on(Some(d(2015, 3, 1)), &cs, &[], d(2020, 3, 15));
        assert_eq!(s.state, State::Expired);
        assert_eq!(s.state.label(), "已失效（有效期届满）");
        let rep = vec![("doc-9".to_string(), d(2018, 1, 1))];
        let s = status_on(Some(d(2015, 3, 1)), &cs, &rep, d(2019, 1, 1));
        assert_eq!(s.state, State::Repealed);
        assert_eq!(s.repealed_by.as_deref(), Some("doc-9"));
        assert_eq!(
            status_on(Some(d(2015, 3, 1)), &cs, &rep, d(2017, 1, 1)).state,
            State::InForce
        );

        let until = vec![clause(
            ClauseKind::Effective,
            Some(Effective::OnIssue),
            Some(Validity::Until {
                date: d(2025, 12, 31),
            }),
        )];
        assert_eq!(
            status_on(Some(d(2023, 2, 1)), &until, &[], d(2025, 12, 31)).state,
            State::InForce
        );
        assert_eq!(
            status_on(Some(d(2023, 2, 1)), &until, &[], d(2026, 1, 1)).state,
            State::Expired
        );
        assert_eq!(
            status_on(None, &until, &[], d(2024, 1, 1)).state,
            State::Unknown
        );
        let byref = vec![clause(
            ClauseKind::Effective,
            Some(Effective::ByReference {
                title: Some("甲".into()),
                doc_number: None,
            }),
            None,
        )];
        assert_eq!(
            status_on(Some(d(2017, 1, 1)), &byref, &[], d(2018, 1, 1)).state,
            State::Unknown
        );
        assert_eq!(
            status_on(Some(d(2017, 1, 1)), &[], &[], d(2018, 1, 1)).state,
            State::InForce
        );
        assert_eq!(
            status_on(None, &[], &[], d(2018, 1, 1)).state,
            State::Unknown
        );
        // Leap day: five years from 2020-02-29.
        let leap = vec![clause(
            ClauseKind::Effective,
            Some(Effective::Date {
                date: d(2020, 2, 29),
            }),
            Some(Validity::Years { years: 5 }),
        )];
        assert_eq!(
            status_on(None, &leap, &[], d(2025, 3, 1)).state,
            State::Expired
        );
    }
}
