//! Writes: all or nothing, never over an unreadable value, only what changes.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::assessment::date::Date;
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::{default_groups, ActivityProgress};
use crate::domain::storage::codec::{self, TeamIds};
use crate::domain::storage::*;
use crate::domain::test_support::*;

#[test]
fn an_undo_through_storage_puts_back_the_stored_value_byte_for_byte() {
    use crate::domain::assessment::progress::{plan_status, plan_undo, ProgressDefs, Status};
    let g = gateway();
    let defs = ProgressDefs::default();
    let today = Date::new(2025, 6, 1).unwrap();
    let teams = ["Team A".to_string(), "Team B".to_string()];
    // A record with a history (reached, left, recorded on a day not known).
    let mut start = record(3);
    start.get_mut("Team A").unwrap().set_state(&defs, 2, today);
    g.save_activity("u-1", &start).unwrap();
    let before = g.backend().get(&progress_key("u-1")).unwrap();
    let read = |u: &str| g.read_activity(u);
    let (next, changes) =
        plan_status(["u-1"], &teams, &defs, Status::State(3), today, read).unwrap();
    g.save_progress(&next).unwrap();
    assert_ne!(g.backend().get(&progress_key("u-1")).unwrap(), before);
    let undo = plan_undo(&changes, |u| g.read_activity(u))
        .unwrap()
        .unwrap();
    g.save_progress(&undo).unwrap();
    assert_eq!(g.backend().get(&progress_key("u-1")).unwrap(), before);
}

#[test]
fn saved_progress_loads_back() {
    let g = gateway();
    g.save_activity("u-1", &record(3)).unwrap();
    g.save_teams(&["O'Brien: \"ops\"".to_string()]).unwrap();
    let l = g.load().unwrap();
    assert_eq!(l.assessment.progress["u-1"], record(3));
    assert_eq!(
        l.assessment.teams,
        vec!["O'Brien: \"ops\"".to_string(), "Team A".to_string()]
    );
    g.save_activity("u-1", &ActivityProgress::new()).unwrap();
    assert_eq!(g.backend().get(&progress_key("u-1")).unwrap(), None);
}

#[test]
fn a_full_store_refuses_the_write_and_keeps_the_old_value() {
    let g = Gateway::new(MemoryBackend {
        limit: Some(120),
        ..Default::default()
    });
    g.load().unwrap();
    g.save_activity("u-1", &record(1)).unwrap();
    let mut big = record(2);
    for i in 0..10 {
        big.insert(format!("Team {i}"), record(2)["Team A"].clone());
    }
    assert_eq!(
        g.save_activity("u-1", &big),
        Err(StorageError::QuotaExceeded)
    );
    assert_eq!(g.load().unwrap().assessment.progress["u-1"], record(1));
}

#[test]
fn save_many_is_all_or_nothing() {
    let g = Gateway::new(MemoryBackend {
        limit: Some(200),
        ..Default::default()
    });
    g.load().unwrap();
    g.save_activity("a", &record(1)).unwrap();
    let mut changes = BTreeMap::new();
    changes.insert("a".to_string(), record(9));
    changes.insert("b".to_string(), record(9));
    let mut big = record(9);
    for i in 0..10 {
        big.insert(format!("Team {i}"), record(9)["Team A"].clone());
    }
    changes.insert("c".to_string(), big);
    let values: Vec<Stored> = changes
        .into_iter()
        .map(|(u, p)| Stored::Progress(u, p))
        .collect();
    let batch = Batch {
        teams: None,
        values: &values,
    };
    assert!(g.save_many(&batch).is_err());
    let l = g.load().unwrap();
    assert_eq!(l.assessment.progress.len(), 1);
    assert_eq!(l.assessment.progress["a"], record(1));
}

#[test]
fn a_batch_never_overwrites_an_unreadable_value() {
    let g = gateway();
    g.backend().set(&progress_key("b"), "{broken").unwrap();
    let changes = BTreeMap::from([("a".to_string(), record(1)), ("b".to_string(), record(2))]);
    let values: Vec<Stored> = changes
        .into_iter()
        .map(|(u, p)| Stored::Progress(u, p))
        .collect();
    let batch = Batch {
        teams: None,
        values: &values,
    };
    assert!(matches!(
        g.save_many(&batch),
        Err(StorageError::Protected(_))
    ));
    assert_eq!(
        g.backend().get(&progress_key("b")).unwrap().as_deref(),
        Some("{broken")
    );
    assert_eq!(
        g.backend().get(&progress_key("a")).unwrap(),
        None,
        "nothing written"
    );
}

#[test]
fn every_kind_round_trips_through_the_registry() {
    let mut keys = BTreeSet::new();
    for k in KINDS {
        assert!(keys.insert(k.key), "{} twice", k.key);
    }
    let ids = TeamIds::default().for_list(&["Team A".into(), "O'Brien: \"ops\"".into()]);
    let mut p = record(3);
    p.insert("O'Brien: \"ops\"".into(), record(4)["Team A"].clone());
    let e = entry("e-1", &["Team A"]);
    let values = [
        Stored::Teams(ids.clone()),
        Stored::Groups(default_groups()),
        Stored::Settings(Settings::default()),
        Stored::Progress("u-1".into(), p),
        Stored::Evidence("u-1".into(), vec![e]),
        Stored::SelectedTeam(Some("g:Customer".into())),
        Stored::CustomModel(Some("{\"format\":1}".into())),
        Stored::Names(Some("{\"u-1\":\"First\"}".into())),
        Stored::Targets({
            let mut t = crate::domain::assessment::targets::Targets::default();
            t.groups.insert("Customer".into(), Default::default());
            t
        }),
    ];
    assert_eq!(values.len(), KINDS.len(), "one value per kind");
    let g = Gateway::new(MemoryBackend::default());
    g.accept(TEAMS_KEY, Some(&ids.encode())).unwrap().unwrap();
    for v in values {
        let key = v.key();
        let (def, _) = kind_of(&key).unwrap();
        let raw = v.encode(&ids).unwrap().unwrap();
        let back = g.read(&key, Some(&raw)).unwrap();
        assert_eq!(back.as_ref(), Ok(&v), "{}", def.what);
    }
    // Nothing stored reads as each kind's empty value; keys of no kind are not read.
    assert_eq!(
        g.read(&progress_key("u"), None),
        Some(Ok(Stored::Progress("u".into(), ActivityProgress::new())))
    );
    assert!(g.read("dsomm.other", Some("x")).is_none());
    assert!(g.read(PROGRESS_PREFIX, Some("x")).is_none(), "no uuid");
}

#[test]
fn a_team_another_tab_added_is_looked_up_when_its_progress_is_read() {
    let g = gateway();
    // Another tab: a new team (id 4) and progress for it, this gateway not told yet.
    let ids = default_ids().for_list(&["Team A".into(), "New".into()]);
    g.backend().set(TEAMS_KEY, &ids.encode()).unwrap();
    let mut p = record(2);
    p.insert("New".into(), record(3)["Team A"].clone());
    g.backend()
        .set(
            &progress_key("u"),
            &codec::encode_progress(&p, &ids).unwrap(),
        )
        .unwrap();
    assert_eq!(g.read_activity("u").unwrap(), p);
}

#[test]
fn renaming_a_team_rewrites_only_what_changes() {
    let g = gateway();
    g.save_activity("u", &record(1)).unwrap();
    g.save_teams(&["Team A".into(), "Team B".into()]).unwrap();
    let stored = g.backend().get(&progress_key("u")).unwrap();
    // Team B deleted, then added again: its old id comes back.
    g.save_teams(&["Team A".into()]).unwrap();
    g.save_teams(&["Team A".into(), "Team B".into()]).unwrap();
    let ids = TeamIds::decode(&g.backend().get(TEAMS_KEY).unwrap().unwrap()).unwrap();
    assert_eq!(ids.id_of("Team B"), Some(1));
    assert_eq!(g.backend().get(&progress_key("u")).unwrap(), stored);
}
