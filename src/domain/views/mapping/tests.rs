use super::*;
use crate::domain::model::MODEL;

fn none(_: usize) -> ScopeState {
    ScopeState::default()
}

#[test]
fn the_query_round_trips_through_the_url() {
    let q = MappingQuery {
        view: View::ByControl(Standard::Iso2017),
        sort: Column::Refs(Standard::Iso2022),
        desc: true,
        text: "build & test".into(),
        mapped: Some(Standard::Samm2),
    };
    assert_eq!(MappingQuery::from_query(&q.to_query()), q);
    assert_eq!(MappingQuery::default().to_query(), "");
    // Unknown values fall back to the defaults; OpenCRE has no pivot.
    let odd = MappingQuery::from_query("view=opencre&sort=nope&std=x&desc=yes");
    assert_eq!(odd, MappingQuery::default());
    let again = q.sorted_by(Column::Refs(Standard::Iso2022));
    assert!(!again.desc);
    assert!(!q.sorted_by(Column::Level).desc);
}

#[test]
fn control_ids_are_told_from_notes() {
    assert!(Standard::Iso2022.is_control("8.31"));
    assert!(Standard::Iso2017.is_control("12.6.1"));
    assert!(!Standard::Iso2017.is_control("Not explicitly covered by ISO 27001 - too specific"));
    assert!(!Standard::Iso2022.is_control("8."));
    assert!(!Standard::Iso2022.is_control("8"));
    assert!(Standard::Samm2.is_control("I-SB-A-1"));
    assert!(!Standard::Samm2.is_control("May be part of risk assessment"));
}

#[test]
fn every_activity_up_to_the_level_shown_has_a_row() {
    let all = activity_rows(&MODEL, 5, &MappingQuery::default(), &none);
    assert_eq!(all.len(), MODEL.activities.len());
    let low = activity_rows(&MODEL, 2, &MappingQuery::default(), &none);
    assert!(low.iter().all(|&i| MODEL.activities[i].level <= 2));
    let expected = MODEL.activities.iter().filter(|a| a.level <= 2).count();
    assert_eq!(low.len(), expected);
}

#[test]
fn iso_columns_sort_in_natural_order_both_ways_with_unmapped_last() {
    for desc in [false, true] {
        let q = MappingQuery {
            sort: Column::Refs(Standard::Iso2022),
            desc,
            ..MappingQuery::default()
        };
        let rows = activity_rows(&MODEL, 5, &q, &none);
        let ids: Vec<&[&str]> = rows
            .iter()
            .map(|&i| details(i).references.iso27001_2022)
            .collect();
        let first_empty = ids.iter().position(|l| l.is_empty()).unwrap_or(ids.len());
        assert!(ids[first_empty..].iter().all(|l| l.is_empty()));
        for w in ids[..first_empty].windows(2) {
            let o = natural_cmp_lists(w[0], w[1]);
            assert!(
                if desc {
                    o != Ordering::Less
                } else {
                    o != Ordering::Greater
                },
                "{w:?}"
            );
        }
    }
}

#[test]
fn search_needs_every_word_somewhere_in_the_row() {
    let q = |text: &str| MappingQuery {
        text: text.into(),
        ..MappingQuery::default()
    };
    let state = |i: usize| ScopeState {
        text: if i == 3 {
            "Partly implemented".into()
        } else {
            String::new()
        },
        rank: 0,
    };
    // An ISO 2017 id and a dimension name, in different columns.
    let rows = activity_rows(&MODEL, 5, &q("12.6.1 TEST"), &state);
    assert!(!rows.is_empty());
    for &i in &rows {
        let a = &MODEL.activities[i];
        assert!(details(i)
            .references
            .iso27001_2017
            .iter()
            .any(|x| x.contains("12.6.1")));
        assert!(row_text(&MODEL, a, "").contains("test"));
    }
    assert_eq!(
        activity_rows(&MODEL, 5, &q("partly IMPLEMENTED"), &state),
        [3]
    );
    assert!(activity_rows(&MODEL, 5, &q("no-such-word-anywhere"), &state).is_empty());
}

#[test]
fn mapped_to_keeps_only_activities_with_an_entry() {
    let q = MappingQuery {
        mapped: Some(Standard::Iso2022),
        ..MappingQuery::default()
    };
    let rows = activity_rows(&MODEL, 5, &q, &none);
    assert!(!rows.is_empty() && rows.len() < MODEL.activities.len());
    assert!(rows
        .iter()
        .all(|&i| !details(i).references.iso27001_2022.is_empty()));
}

#[test]
fn the_pivot_lists_each_control_once_with_all_its_activities() {
    let q = MappingQuery::default();
    let rows = control_rows(&MODEL, 5, Standard::Iso2022, &q, &none);
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r.id)
        .filter(|id| !id.is_empty())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| natural_cmp(a, b));
    sorted.dedup();
    assert_eq!(ids, sorted, "unique, natural order");
    assert!(ids.iter().all(|id| Standard::Iso2022.is_control(id)));
    // Every activity with control ids is under each of them; the rest are in the last row.
    for a in MODEL.activities {
        let i = a.index as usize;
        let controls: Vec<&str> = Standard::Iso2022.controls(&details(i).references).collect();
        for c in &controls {
            let row = rows.iter().find(|r| r.id == *c).unwrap();
            assert!(row.activities.contains(&i));
        }
        if controls.is_empty() {
            assert!(rows.last().unwrap().id.is_empty());
            assert!(rows.last().unwrap().activities.contains(&i));
        }
    }
    // "Mapped to" applies here too: SAMM-mapped activities only.
    let samm = MappingQuery {
        mapped: Some(Standard::Samm2),
        ..MappingQuery::default()
    };
    let only = control_rows(&MODEL, 5, Standard::Iso2022, &samm, &none);
    for r in &only {
        assert!(r
            .activities
            .iter()
            .all(|&i| !details(i).references.samm2.is_empty()));
    }
    // Searching a control id keeps that control's row.
    let q = MappingQuery {
        text: "8.31".into(),
        ..MappingQuery::default()
    };
    let found = control_rows(&MODEL, 5, Standard::Iso2022, &q, &none);
    assert!(found.iter().any(|r| r.id == "8.31"));
    assert!(found.len() < rows.len());
}

#[test]
fn markup_escapes_text_and_links_only_safe_urls() {
    let state = |_: usize| ScopeState {
        text: "<img src=x onerror=alert(1)>".into(),
        rank: 0,
    };
    let h = activity_rows_html(&MODEL, &[0, 1], &state);
    assert!(!h.contains("<img"));
    assert!(h.contains("&lt;img"));
    assert!(h.contains(&format!("href=\"#/activity/{}\"", MODEL.activities[0].uuid)));
    let mut list = String::new();
    id_list(&mut list, Standard::OpenCre, &["javascript:alert(1)"]);
    assert!(!list.contains("href"));
}
