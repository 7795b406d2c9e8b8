use super::*;
use crate::domain::assessment::progress::TeamProgress;
use crate::domain::assessment::teams;
use crate::domain::test_support::entry;

const OLD: &str = "Zeta old";

/// The settings a change writes, if it writes them.
fn settings_in(values: &[Stored]) -> Option<&Settings> {
    values.iter().rev().find_map(|v| match v {
        Stored::Settings(s) => Some(s),
        _ => None,
    })
}

/// `OLD` is in every kind that can name a team: the list, a group, progress (with a
/// history), evidence and targets.
fn everywhere() -> (Assessment, Settings) {
    let mut a = Assessment::with_default_teams();
    a.teams.push(OLD.into());
    a.groups[0].members.push(OLD.into());
    let day = |d| Date::new(2025, 1, d).unwrap();
    let reached = BTreeMap::from([
        ("Started".into(), day(2)),
        ("Partly implemented".into(), day(3)),
    ]);
    let mut r = TeamProgress::from_dates(reached);
    // Lowered: the history keeps the higher state.
    r.change_to(&BTreeMap::from([("Started".into(), day(2))]), day(4));
    let mut p = ActivityProgress::new();
    p.insert(OLD.into(), r);
    let started = BTreeMap::from([("Started".into(), day(5))]);
    p.insert("Team A".into(), TeamProgress::from_dates(started));
    a.progress.insert("u-1".into(), p);
    // Set and taken back: it holds nothing now, its history says so.
    let mut r = TeamProgress::from_dates(BTreeMap::from([("Started".into(), day(2))]));
    r.change_to(&BTreeMap::new(), day(3));
    a.progress
        .insert("u-2".into(), BTreeMap::from([(OLD.into(), r)]));
    a.evidence
        .insert("u-1".into(), vec![entry("e-1", &[OLD, "Team A"])]);
    a.targets.teams.insert(OLD.into(), Default::default());
    (a, Settings::default())
}

/// The assessment and settings after `c`, made on `a`, as the app writes them.
fn after(a: &Assessment, s: &Settings, c: TeamChange) -> (Assessment, Settings) {
    after_write(a, s, follow_team(a, c))
}

fn after_write(a: &Assessment, s: &Settings, w: TeamWrite) -> (Assessment, Settings) {
    let mut a = a.clone();
    w.apply_to(&mut a);
    let s = settings_in(&w.values).cloned().unwrap_or_else(|| s.clone());
    (a, s)
}

fn file(a: &Assessment, s: &Settings) -> String {
    write_backup(a, s, "4.3.1", |_| None)
}

#[test]
fn every_kind_follows_a_rename_and_a_delete() {
    let (a, s) = everywhere();
    let before = file(&a, &s);
    assert!(before.matches(OLD).count() >= 5, "{before}");

    let (renamed, rs) = after(&a, &s, teams::rename(&a, OLD, "Zeta new").unwrap());
    let text = file(&renamed, &rs);
    assert!(!text.contains(OLD), "a part kept the old name:\n{text}");
    assert_eq!(
        text.matches("Zeta new").count(),
        before.matches(OLD).count(),
        "every mention renamed:\n{text}"
    );
    assert_eq!(
        renamed.progress["u-1"]["Zeta new"].log().len(),
        3,
        "history kept"
    );
    assert!(renamed.progress["u-2"]["Zeta new"].holds_nothing());

    let (deleted, ds) = after(&a, &s, teams::delete(&a, OLD).unwrap());
    let text = file(&deleted, &ds);
    assert!(!text.contains(OLD), "a part kept the deleted team:\n{text}");
    assert_eq!(
        deleted.evidence["u-1"][0].teams,
        ["Team A"],
        "shared entry kept"
    );
    assert!(deleted.progress["u-1"].contains_key("Team A"));
}

#[test]
fn every_kind_follows_a_renamed_progress_state() {
    use crate::domain::assessment::progress_defs::{self, Draft};
    let (a, s) = everywhere();
    let before = file(&a, &s);
    let mut draft = Draft::from_defs(&s.progress);
    let key = draft
        .rows()
        .find(|r| r.def.name == "Partly implemented")
        .unwrap()
        .key;
    draft.row_mut(key).unwrap().def.name = "Half way".into();
    let change = progress_defs::apply(&a.progress, &s.progress, &draft, &BTreeMap::new()).unwrap();
    let values = follow_states(&change, &s, &a.progress);
    let mut next = a.clone();
    for v in values.iter().cloned() {
        v.into_assessment(&mut next);
    }
    let text = file(&next, settings_in(&values).unwrap());
    assert!(!text.contains("Partly implemented"), "{text}");
    assert_eq!(
        text.matches("Half way").count(),
        before.matches("Partly implemented").count(),
        "settings and history renamed:\n{text}"
    );
    assert_eq!(next.progress["u-1"][OLD].log().len(), 3, "history kept");
}

#[test]
fn every_kind_round_trips_through_the_file_and_a_restore() {
    let (a, s) = everywhere();
    let text = file(&a, &s);
    let b = read_backup(&text).unwrap();
    let mut restored = Assessment::with_default_teams();
    let c = b.restore_plan(
        &restored,
        &Settings::default(),
        Date::new(2026, 1, 1).unwrap(),
    );
    let (got, gs) = after_write(&restored, &Settings::default(), c);
    restored = got;
    assert_eq!(restored, a);
    assert_eq!(gs, s);
    assert_eq!(file(&restored, &gs), text);
}

#[cfg(not(target_arch = "wasm32"))]
mod state_names {
    use super::*;
    use crate::domain::assessment::progress::ProgressDefs;
    use crate::domain::storage;
    use crate::domain::test_support::{jan_2025 as d, state as s};
    use proptest::prelude::*;

    proptest! {
        /// Whatever name the editor accepts is read back by storage (settings and
        /// progress) and by the team-progress.yaml reader.
        #[test]
        fn a_name_the_editor_accepts_is_always_readable_back(
            name in "(\\PC|[\u{2028}\u{2029}\u{fffe}\u{ffff}\u{85}\t ]){1,130}"
        ) {
            let Ok(defs) = ProgressDefs::new(
                vec![s("Zero", 0, ""), s(&name, 50, ""), s("Done", 100, "")],
                None,
            ) else {
                return Ok(());
            };
            let settings = Settings { progress: defs.clone(), ..Settings::default() };
            let back = Settings::decode(&settings.encode());
            prop_assert_eq!(back.as_ref().map(|b| &b.progress), Ok(&defs));
            let mut p = TeamProgress::default();
            p.set_state(&defs, 1, d(3));
            let mut activity = crate::domain::assessment::ActivityProgress::new();
            activity.insert("Team A".into(), p);
            let g = storage::Gateway::new(storage::MemoryBackend::default());
            g.load().unwrap();
            g.save_activity("u-1", &activity).unwrap();
            let stored = g.read_activity("u-1");
            prop_assert_eq!(stored.as_ref(), Ok(&activity));
            let mut all = BTreeMap::new();
            all.insert("u-1".to_string(), activity.clone());
            let file = progress_yaml::write(&all, &defs, |_| None);
            // The reference format carries the dates, not the history.
            let dates = |p: &BTreeMap<String, crate::domain::assessment::ActivityProgress>| {
                p.iter()
                    .map(|(u, a)| {
                        let teams: BTreeMap<String, BTreeMap<String, Date>> =
                            a.iter().map(|(t, r)| (t.clone(), r.dates().clone())).collect();
                        (u.clone(), teams)
                    })
                    .collect::<BTreeMap<_, _>>()
            };
            let read = progress_yaml::parse(&file).map(|f| dates(&f.progress));
            prop_assert_eq!(read.ok(), Some(dates(&all)));
        }
    }
}

#[test]
fn a_group_target_follows_the_group_renamed_and_deleted() {
    let mut a = Assessment::with_default_teams();
    a.targets
        .groups
        .insert("Customer".into(), Default::default());
    a.targets
        .teams
        .insert("Customer".into(), Default::default());
    let s = Settings::default();
    let (renamed, _) = after(
        &a,
        &s,
        teams::rename_group(&a, "Customer", "Buyers").unwrap(),
    );
    assert_eq!(
        renamed.targets.groups.keys().collect::<Vec<_>>(),
        ["Buyers"]
    );
    assert!(
        renamed.targets.teams.contains_key("Customer"),
        "a team's target of that name stays"
    );
    let (deleted, _) = after(
        &renamed,
        &s,
        teams::delete_group(&renamed, "Buyers").unwrap(),
    );
    assert!(deleted.targets.groups.is_empty());
    assert!(file(&deleted, &s).contains("targets:\n  teams:\n    \"Customer\""));
}
