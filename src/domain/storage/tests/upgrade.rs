//! The upgrade of schema 1 and 2 stores.

use std::cell::RefCell;

use crate::domain::storage::*;
use crate::domain::test_support::*;

#[test]
fn the_second_module_sets_nothing_aside_in_a_store_not_upgraded_yet() {
    let (backend, _) = legacy_store(2, 3);
    backend.set(&evidence_key("u-9"), "not json").unwrap();
    let before = backend.data.borrow().clone();
    let g = Gateway::new(backend);
    g.load_with(false).unwrap();
    assert_eq!(*g.backend().data.borrow(), before);
}

#[test]
fn a_schema_2_store_of_50_teams_migrates_and_exports_unchanged() {
    let (backend, progress) = legacy_store(50, 194);
    let before = reference_export(&progress);
    let g = Gateway::new(backend);
    let l = g.load().unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(reference_export(&l.assessment.progress), before);
    assert_eq!(l.assessment.teams.len(), 50);
    assert_eq!(l.assessment.evidence.len(), 1);
    assert_eq!(l.assessment.groups[0].members, ["Team \"0\""]);
    assert_eq!(l.selected_team.as_deref(), Some("t:Team \"1\""));
    let data = g.backend().data.borrow().clone();
    assert_eq!(data[SCHEMA_KEY], "3");
    assert!(data
        .keys()
        .all(|k| k != LEGACY_TEAMS_KEY && !k.starts_with(LEGACY_PROGRESS_PREFIX)));
    assert_eq!(
        data.keys()
            .filter(|k| k.starts_with(PROGRESS_PREFIX))
            .count(),
        194
    );
    // Read again as schema 3, by another gateway (a reload): the same assessment.
    let again = Gateway::new(MemoryBackend {
        data: RefCell::new(data),
        limit: None,
    });
    let l2 = again.load().unwrap();
    assert_eq!(l2.assessment, l.assessment);
    assert!(l2.problems.is_empty());
    // The history says what is known: reached on its date, recorded when is not known.
    let r = &l2.assessment.progress[crate::domain::model::MODEL.activities[0].uuid]["Team \"0\""];
    assert!(r.log().iter().all(|c| c.reached && c.recorded.is_none()));
}

#[test]
fn a_schema_1_store_and_one_without_a_mark_migrate_too() {
    for mark in [Some("1"), None] {
        let (backend, progress) = legacy_store(3, 2);
        match mark {
            Some(m) => backend.set(SCHEMA_KEY, m).unwrap(),
            None => backend.remove(SCHEMA_KEY).unwrap(),
        }
        let g = Gateway::new(backend);
        let l = g.load().unwrap();
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(
            reference_export(&l.assessment.progress),
            reference_export(&progress)
        );
        assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
        assert!(g.save_activity("x", &record(1)).is_ok());
    }
}

#[test]
fn a_migration_that_hits_the_quota_changes_nothing_and_opens_read_only() {
    let (backend, progress) = legacy_store(20, 40);
    let used = backend.used();
    let before = backend.data.borrow().clone();
    // Room for part of the new values only.
    let g = Gateway::new(MemoryBackend {
        limit: Some(used + 2_000),
        ..backend
    });
    let l = g.load().unwrap();
    assert_eq!(*g.backend().data.borrow(), before, "storage as it was");
    assert_eq!(
        reference_export(&l.assessment.progress),
        reference_export(&progress)
    );
    assert!(
        l.problems
            .iter()
            .any(|p| p.contains("could not be upgraded")),
        "{:?}",
        l.problems
    );
    assert!(matches!(
        g.save_activity("x", &record(1)),
        Err(StorageError::Protected(_))
    ));
    // With room, the next load migrates.
    let g = Gateway::new(MemoryBackend {
        data: RefCell::new(before),
        limit: None,
    });
    assert!(g.load().unwrap().problems.is_empty());
    assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
}

#[test]
fn the_second_module_reads_an_unmigrated_store_read_only() {
    let (backend, progress) = legacy_store(2, 3);
    let before = backend.data.borrow().clone();
    let g = Gateway::new(backend);
    let l = g.load_with(false).unwrap();
    assert_eq!(*g.backend().data.borrow(), before);
    assert_eq!(
        reference_export(&l.assessment.progress),
        reference_export(&progress)
    );
    assert!(g.save_activity("x", &record(1)).is_err());
}
