//! Start-up: what is read, what is set aside or protected, and by which module.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::Evidence;
use crate::domain::assessment::{default_groups, default_teams, Group};
use crate::domain::storage::*;
use crate::domain::test_support::*;

#[test]
fn a_fresh_store_loads_default_teams_and_is_marked() {
    let g = Gateway::new(MemoryBackend::default());
    let l = g.load().unwrap();
    assert_eq!(l.assessment.teams, default_teams());
    assert!(l.problems.is_empty());
    assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
}

#[test]
fn groups_round_trip_and_bad_groups_are_set_aside() {
    let g = Gateway::new(MemoryBackend::default());
    assert_eq!(g.load().unwrap().assessment.groups, default_groups());
    let groups = vec![Group {
        name: "Ops: \"x\"".into(),
        members: vec!["Team A".into()],
    }];
    g.save_groups(&groups).unwrap();
    assert_eq!(g.load().unwrap().assessment.groups, groups);
    g.backend()
        .set(GROUPS_KEY, "[{\"name\": \"\", \"members\": []}]")
        .unwrap();
    let l = g.load().unwrap();
    assert_eq!(l.assessment.groups, default_groups());
    assert_eq!(l.quarantined.len(), 1);
}

#[test]
fn corrupt_values_are_set_aside_byte_for_byte_and_reported() {
    let g = gateway();
    g.save_activity("good", &record(1)).unwrap();
    g.backend().set(&progress_key("bad"), "{not json").unwrap();
    g.backend().set(TEAMS_KEY, "[\"A\", \"A\"]").unwrap();
    let l = g.load().unwrap();
    assert_eq!(l.assessment.progress.len(), 1);
    assert_eq!(l.assessment.teams, default_teams());
    assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
    let q: BTreeMap<String, String> = l
        .quarantined
        .iter()
        .map(|q| (q.original_key.clone(), q.value.clone()))
        .collect();
    assert_eq!(q[&progress_key("bad")], "{not json");
    assert_eq!(q[TEAMS_KEY], "[\"A\", \"A\"]");
    assert_eq!(g.backend().get(&progress_key("bad")).unwrap(), None);
    // A later load still lists them, without new problems.
    let again = g.load().unwrap();
    assert_eq!(again.quarantined.len(), 2);
    assert!(again.problems.is_empty());
    g.discard(&format!("{QUARANTINE_PREFIX}{TEAMS_KEY}"))
        .unwrap();
    assert_eq!(g.load().unwrap().quarantined.len(), 1);
}

#[test]
fn a_value_that_cannot_be_set_aside_is_never_overwritten() {
    let backend = MemoryBackend::default();
    backend.set(SCHEMA_KEY, "3").unwrap();
    backend
        .set(&progress_key("bad"), "garbage that is long enough")
        .unwrap();
    let backend = MemoryBackend {
        limit: Some(80),
        ..backend
    };
    let g = Gateway::new(backend);
    let l = g.load().unwrap();
    assert_eq!(l.quarantined.len(), 1);
    assert!(matches!(
        g.save_activity("bad", &record(1)),
        Err(StorageError::Protected(_))
    ));
    assert_eq!(
        g.backend().get(&progress_key("bad")).unwrap().as_deref(),
        Some("garbage that is long enough")
    );
    // Another gateway (tab or module) replacing it makes it writable here too.
    let other = Gateway::new(MemoryBackend::default());
    other.protect(&progress_key("p"));
    assert!(other.save_activity("p", &record(1)).is_err());
    assert!(other.unprotect(&progress_key("p")));
    assert!(!other.unprotect(&progress_key("p")));
    assert!(other.save_activity("p", &record(1)).is_ok());
    // The user can discard it, and then write again.
    g.discard(&progress_key("bad")).unwrap();
    g.save_activity("bad", &record(1)).unwrap();
    assert!(g.load().unwrap().quarantined.is_empty());
}

#[test]
fn a_load_without_tidying_writes_nothing_and_protects_unreadable_values() {
    let backend = MemoryBackend::default();
    backend.set(SCHEMA_KEY, "3").unwrap();
    backend.set(&progress_key("good"), &v3(&record(2))).unwrap();
    backend.set(&progress_key("bad"), "{not json").unwrap();
    let before = backend.data.borrow().clone();
    let g = Gateway::new(backend);
    let l = g.load_with(false).unwrap();
    assert_eq!(*g.backend().data.borrow(), before, "nothing written");
    assert_eq!(l.assessment.progress["good"], record(2));
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.quarantined.len(), 1);
    assert_eq!(l.quarantined[0].key, progress_key("bad"));
    assert!(matches!(
        g.save_activity("bad", &record(1)),
        Err(StorageError::Protected(_))
    ));
    assert!(g.save_activity("good", &record(3)).is_ok());
    // An empty store is not marked either, and a newer format still means read-only.
    let g = Gateway::new(MemoryBackend::default());
    g.load_with(false).unwrap();
    assert_eq!(g.backend().get(SCHEMA_KEY).unwrap(), None);
    g.backend().set(SCHEMA_KEY, "99").unwrap();
    g.load_with(false).unwrap();
    assert!(g.save_activity("x", &record(1)).is_err());
}

#[test]
fn a_newer_schema_is_read_only() {
    let backend = MemoryBackend::default();
    backend.set(SCHEMA_KEY, "4").unwrap();
    backend.set(&progress_key("u"), "{\"future\": 1}").unwrap();
    let g = Gateway::new(backend);
    let l = g.load().unwrap();
    assert!(l.problems[0].contains("read-only"));
    assert!(g.save_activity("x", &record(1)).is_err());
    assert_eq!(
        g.backend().get(&progress_key("u")).unwrap().as_deref(),
        Some("{\"future\": 1}")
    );
}

#[test]
fn the_first_module_leaves_evidence_to_the_pages_module_which_sets_bad_values_aside() {
    let backend = MemoryBackend::default();
    backend.set(&evidence_key("u-2"), "[{\"id\":").unwrap();
    backend.set(&progress_key("u-1"), &v3(&record(3))).unwrap();
    // The first module: reads progress, leaves evidence alone (read or not).
    let first = Gateway::for_matrix(backend);
    let l = first.load().unwrap();
    assert!(
        l.problems.is_empty() && l.quarantined.is_empty(),
        "{:?}",
        l.problems
    );
    assert_eq!(l.assessment.progress.len(), 1);
    assert!(first.read(&evidence_key("u-2"), Some("[]")).is_none());
    assert_eq!(
        first
            .backend()
            .get(&evidence_key("u-2"))
            .unwrap()
            .as_deref(),
        Some("[{\"id\":")
    );
    // The pages module, which never tidies the first module's kinds, sets it aside.
    let pages = Gateway::new(MemoryBackend {
        data: RefCell::new(first.backend().data.borrow().clone()),
        ..MemoryBackend::default()
    });
    let l = pages.load_with(false).unwrap();
    assert!(
        l.problems[0].contains("It was set aside unchanged"),
        "{:?}",
        l.problems
    );
    // Reported by the pages module, as nobody else saw it.
    assert_eq!(l.problems_not_matrix, l.problems);
    assert_eq!(pages.backend().get(&evidence_key("u-2")).unwrap(), None);
    assert_eq!(
        pages
            .backend()
            .get(&format!("{QUARANTINE_PREFIX}{}", evidence_key("u-2")))
            .unwrap()
            .as_deref(),
        Some("[{\"id\":")
    );
    // Evidence the pages module writes later counts in the first module's size.
    let used = first.used();
    assert!(first.accept(&evidence_key("u-3"), Some("[]")).is_none());
    assert_eq!(first.used(), used + evidence_key("u-3").len() + 2);
}

#[test]
fn evidence_round_trips_and_corrupt_evidence_is_set_aside() {
    let g = gateway();
    let e = Evidence {
        id: "e-1".into(),
        teams: vec!["Team A".into()],
        title: "Pipeline reviewed".into(),
        description: "Line 1\nLine \"2\"".into(),
        recorded: Date::new(2025, 5, 1).unwrap(),
        reviewer: "Jane".into(),
        attachments: Vec::new(),
    };
    g.save_evidence("u-1", std::slice::from_ref(&e)).unwrap();
    assert_eq!(g.read_evidence("u-1").unwrap(), vec![e.clone()]);
    assert_eq!(g.load().unwrap().assessment.evidence["u-1"], vec![e]);
    g.save_evidence("u-1", &[]).unwrap();
    assert_eq!(g.backend().get(&evidence_key("u-1")).unwrap(), None);

    g.backend().set(&evidence_key("u-2"), "[{\"id\":").unwrap();
    let l = g.load().unwrap();
    assert!(l.assessment.evidence.is_empty());
    assert_eq!(l.quarantined.len(), 1);
    assert_eq!(l.quarantined[0].original_key, evidence_key("u-2"));
    assert_eq!(l.quarantined[0].value, "[{\"id\":");
}

#[test]
fn teams_named_only_in_evidence_join_the_team_list() {
    let g = gateway();
    let e = entry("e-1", &["Ghost"]);
    g.save_evidence("u-1", &[e]).unwrap();
    assert!(g
        .load()
        .unwrap()
        .assessment
        .teams
        .contains(&"Ghost".to_string()));
}

#[test]
fn group_members_that_are_not_teams_are_left_out() {
    let g = gateway();
    g.save_teams(&["A".to_string()]).unwrap();
    g.save_groups(&[Group {
        name: "G".into(),
        members: vec!["A".into(), "Gone".into()],
    }])
    .unwrap();
    assert_eq!(g.load().unwrap().assessment.groups[0].members, ["A"]);
}
