use super::*;
use crate::domain::assessment::progress::{StateDef, Status, TeamProgress};
use crate::domain::model::{Dimension, Origin, SubDimension};
use crate::domain::test_support::jan_2025;

/// Two dimensions: "Build" with sub-dimensions "Pipeline" (activities p1..p3 at levels
/// 1, 2, 3) and "Images" (i1, i2 at levels 1, 2); "Test" with "Coverage" (c1 at 1, c4 at 4).
fn model() -> &'static Model {
    fn act(uuid: &'static str, sub: u16, dimension: u16, level: u8, index: u16) -> Activity {
        Activity {
            uuid,
            name: uuid,
            dimension,
            subdimension: sub,
            level,
            depends_on: &[],
            required_by: &[],
            tags: &[],
            index,
            origin: Origin::Official,
        }
    }
    let activities = vec![
        act("p1", 0, 0, 1, 0),
        act("p2", 0, 0, 2, 1),
        act("p3", 0, 0, 3, 2),
        act("i1", 1, 0, 1, 3),
        act("i2", 1, 0, 2, 4),
        act("c1", 2, 1, 1, 5),
        act("c4", 2, 1, 4, 6),
    ];
    let mut by_uuid: Vec<(&'static str, u16)> =
        activities.iter().map(|a| (a.uuid, a.index)).collect();
    by_uuid.sort();
    Box::leak(Box::new(Model {
        version: "test",
        released: "",
        publisher: "",
        dimensions: Box::leak(Box::new([
            Dimension {
                name: "Build",
                subdimensions: &[0, 1],
            },
            Dimension {
                name: "Test",
                subdimensions: &[2],
            },
        ])),
        subdimensions: Box::leak(Box::new([
            SubDimension {
                name: "Pipeline",
                dimension: 0,
                activities: &[0, 1, 2],
            },
            SubDimension {
                name: "Images",
                dimension: 0,
                activities: &[3, 4],
            },
            SubDimension {
                name: "Coverage",
                dimension: 1,
                activities: &[5, 6],
            },
        ])),
        activities: Box::leak(activities.into_boxed_slice()),
        tags: &[],
        by_uuid: Box::leak(by_uuid.into_boxed_slice()),
    }))
}

fn uuids(m: &Model, r: &Resolved) -> Vec<&'static str> {
    r.indices().map(|i| m.activities[i].uuid).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn levels(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn group(name: &str, members: &[&str]) -> Group {
    Group {
        name: name.into(),
        members: members.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn levels_per_dimension_overrides_added_and_left_out_decide_the_activities() {
    let m = model();
    let t = Target {
        dimensions: levels(&[("Build", 2), ("Test", 1)]),
        subdimensions: levels(&[("Images", 1)]),
        added: set(&["c4"]),
        left_out: set(&["p2"]),
        due: None,
    };
    let mut targets = Targets::default();
    targets.teams.insert("A".into(), t);
    let r = resolve(m, &targets, &[], "A").unwrap();
    assert_eq!(r.source, Source::Own);
    assert_eq!(r.levels, vec![2, 1, 1]);
    assert_eq!(uuids(m, &r), ["p1", "i1", "c1", "c4"]);
    // A team with no target of its own and in no group with one has none.
    assert_eq!(resolve(m, &targets, &[], "B"), None);
}

#[test]
fn a_dimension_left_unset_asks_nothing_and_levels_are_capped() {
    let m = model();
    let t = Target {
        dimensions: levels(&[("Build", 9)]),
        ..Target::default()
    };
    assert_eq!(t.level(m, 0), MAX_LEVEL);
    assert_eq!(t.level(m, 2), 0);
    assert!(Target::uniform(m, 1).includes(m, &m.activities[5]));
    assert!(!Target::uniform(m, 1).includes(m, &m.activities[6]));
}

#[test]
fn a_teams_own_target_wins_over_its_groups() {
    let m = model();
    let mut targets = Targets::default();
    targets.teams.insert("A".into(), Target::uniform(m, 1));
    targets.groups.insert("G".into(), Target::uniform(m, 3));
    let groups = [group("G", &["A", "B"])];
    let a = resolve(m, &targets, &groups, "A").unwrap();
    assert_eq!(a.source, Source::Own);
    assert_eq!(a.levels, vec![1, 1, 1]);
    let b = resolve(m, &targets, &groups, "B").unwrap();
    assert_eq!(b.source, Source::Groups(vec!["G".into()]));
    assert_eq!(b.levels, vec![3, 3, 3]);
    assert!(b.source_text().contains("“G”"));
}

#[test]
fn several_groups_combine_highest_level_any_activity_earliest_due_date() {
    let m = model();
    let mut targets = Targets::default();
    targets.groups.insert(
        "Web".into(),
        Target {
            dimensions: levels(&[("Build", 1)]),
            added: set(&["c4"]),
            due: Some(jan_2025(20)),
            ..Target::default()
        },
    );
    targets.groups.insert(
        "Cloud".into(),
        Target {
            dimensions: levels(&[("Build", 2), ("Test", 1)]),
            left_out: set(&["p2"]),
            due: Some(jan_2025(10)),
            ..Target::default()
        },
    );
    // A group without a target counts for nothing.
    let groups = [
        group("Web", &["A"]),
        group("Cloud", &["A", "B"]),
        group("Empty", &["A"]),
    ];
    let r = resolve(m, &targets, &groups, "A").unwrap();
    assert_eq!(r.source, Source::Groups(vec!["Web".into(), "Cloud".into()]));
    assert_eq!(r.levels, vec![2, 2, 1]);
    // p2 is left out by Cloud, and Web's level 1 does not include it either.
    assert_eq!(uuids(m, &r), ["p1", "i1", "i2", "c1", "c4"]);
    assert_eq!(r.due, Some(jan_2025(10)));
    assert!(r.source_text().contains("highest level"));
}

/// Default states plus a not-applicable one.
fn defs() -> ProgressDefs {
    let d = ProgressDefs::default();
    ProgressDefs::new(
        d.states().to_vec(),
        Some(StateDef::new("Not applicable", 0, "Does not apply")),
    )
    .unwrap()
}

fn progress(m: &Model, team: &str, marks: &[(&str, Status)]) -> Vec<ActivityProgress> {
    let defs = defs();
    let mut all = vec![ActivityProgress::new(); m.activities.len()];
    for (uuid, status) in marks {
        let i = m.activity_index(uuid).unwrap();
        let mut r = TeamProgress::default();
        r.set_status(&defs, *status, jan_2025(2));
        all[i].insert(team.into(), r);
    }
    all
}

#[test]
fn progress_to_target_counts_done_leaves_out_not_applicable_and_scores_like_samm() {
    let m = model();
    let defs = defs();
    let done = Status::State(defs.completed());
    let mut targets = Targets::default();
    targets.teams.insert(
        "A".into(),
        Target {
            dimensions: levels(&[("Build", 2), ("Test", 1)]),
            due: Some(jan_2025(15)),
            ..Target::default()
        },
    );
    let r = resolve(m, &targets, &[], "A").unwrap();
    // Pipeline: p1 done, p2 open (1 of its 2 levels); Images: i1 not applicable, i2 done
    // (its one level left, done); Coverage: nothing done (0 of 1).
    let p = progress(
        m,
        "A",
        &[
            ("p1", done),
            ("p2", Status::State(1)),
            ("i1", Status::NotApplicable),
            ("i2", done),
        ],
    );
    let refs: Vec<&ActivityProgress> = p.iter().collect();
    let before_due = to_target(m, &r, &refs, "A", &defs, jan_2025(15));
    assert_eq!((before_due.done, before_due.of), (2, 4));
    assert!((before_due.share() - 0.5).abs() < 1e-9);
    // 1 − (1 + 0 + 1) / (2 + 1 + 1)
    assert!(
        (before_due.relative - 0.5).abs() < 1e-9,
        "{}",
        before_due.relative
    );
    assert!(!before_due.behind);
    assert!(to_target(m, &r, &refs, "A", &defs, jan_2025(16)).behind);
    // Another team's records count for nothing.
    let other = to_target(m, &r, &refs, "B", &defs, jan_2025(1));
    assert_eq!((other.done, other.of), (0, 5));
    assert!(other.relative.abs() < 1e-9);
}

#[test]
fn a_reached_target_is_never_behind_and_scores_one() {
    let m = model();
    let defs = defs();
    let done = Status::State(defs.completed());
    let mut targets = Targets::default();
    targets.teams.insert(
        "A".into(),
        Target {
            dimensions: levels(&[("Test", 1)]),
            due: Some(jan_2025(1)),
            ..Target::default()
        },
    );
    let r = resolve(m, &targets, &[], "A").unwrap();
    let p = progress(m, "A", &[("c1", done)]);
    let refs: Vec<&ActivityProgress> = p.iter().collect();
    let t = to_target(m, &r, &refs, "A", &defs, jan_2025(30));
    assert_eq!((t.done, t.of), (1, 1));
    assert!((t.relative - 1.0).abs() < 1e-9);
    assert!(!t.behind);
    // An empty target: nothing to do, fully reached.
    targets.teams.insert("E".into(), Target::default());
    let e = resolve(m, &targets, &[], "E").unwrap();
    let t = to_target(m, &e, &refs, "E", &defs, jan_2025(30));
    assert_eq!((t.done, t.of, t.share()), (0, 0, 1.0));
    assert!((t.relative - 1.0).abs() < 1e-9);
}

#[test]
fn targets_follow_renames_and_deletes_of_teams_and_groups() {
    let m = model();
    let mut targets = Targets::default();
    targets.teams.insert("A".into(), Target::uniform(m, 1));
    targets.groups.insert("G".into(), Target::uniform(m, 2));
    let renamed = targets
        .after(&TeamEvent::Renamed {
            old: "A".into(),
            new: "Alpha".into(),
        })
        .unwrap();
    assert_eq!(renamed.teams.keys().collect::<Vec<_>>(), ["Alpha"]);
    assert_eq!(renamed.teams["Alpha"], targets.teams["A"]);
    let group = targets
        .after(&TeamEvent::GroupRenamed {
            old: "G".into(),
            new: "Web".into(),
        })
        .unwrap();
    assert_eq!(group.groups.keys().collect::<Vec<_>>(), ["Web"]);
    assert!(targets
        .after(&TeamEvent::Deleted("A".into()))
        .unwrap()
        .teams
        .is_empty());
    assert!(targets
        .after(&TeamEvent::GroupDeleted("G".into()))
        .unwrap()
        .groups
        .is_empty());
    // A team and a group of one name are told apart; events that name no target change nothing.
    assert_eq!(targets.after(&TeamEvent::Deleted("G".into())), None);
    assert_eq!(targets.after(&TeamEvent::GroupDeleted("A".into())), None);
}

#[test]
fn activities_added_by_hand_and_left_out_by_hand_undo_each_other() {
    let m = model();
    let mut t = Target {
        dimensions: levels(&[("Build", 1)]),
        ..Target::default()
    };
    let (p1, p3) = (&m.activities[0], &m.activities[2]);
    t.set_activity(m, p3, true);
    assert_eq!(t.added, set(&["p3"]));
    t.set_activity(m, p1, false);
    assert_eq!(t.left_out, set(&["p1"]));
    assert!(!t.includes(m, p1) && t.includes(m, p3));
    // Back as the levels have them: both lists empty again.
    t.set_activity(m, p3, false);
    t.set_activity(m, p1, true);
    assert_eq!(
        t,
        Target {
            dimensions: levels(&[("Build", 1)]),
            ..Target::default()
        }
    );
}

#[test]
fn a_target_is_set_and_removed_by_owner() {
    let m = model();
    let team = Owner::Team("X".into());
    let group = Owner::Group("X".into());
    let t = Targets::default().with(&team, Some(Target::uniform(m, 2)));
    assert_eq!(t.get(&team), Some(&Target::uniform(m, 2)));
    assert_eq!(
        t.get(&group),
        None,
        "a group of the same name is another owner"
    );
    assert!(t.with(&team, None).is_empty());
    assert_eq!(group.label(), "group “X”");
}

#[test]
fn a_level_without_activities_of_the_target_is_not_counted_as_reached() {
    let m = model();
    let defs = defs();
    let done = Status::State(defs.completed());
    let mut targets = Targets::default();
    // Coverage at level 4: its activities are at levels 1 and 4 (none at 2 and 3).
    targets.teams.insert(
        "A".into(),
        Target {
            dimensions: levels(&[("Test", 4)]),
            ..Target::default()
        },
    );
    let r = resolve(m, &targets, &[], "A").unwrap();
    let none = progress(m, "A", &[]);
    let refs: Vec<&ActivityProgress> = none.iter().collect();
    assert!(
        to_target(m, &r, &refs, "A", &defs, jan_2025(1))
            .relative
            .abs()
            < 1e-9
    );
    let half = progress(m, "A", &[("c1", done)]);
    let refs: Vec<&ActivityProgress> = half.iter().collect();
    let t = to_target(m, &r, &refs, "A", &defs, jan_2025(1));
    assert!((t.relative - 0.5).abs() < 1e-9, "{}", t.relative);
    // Only the higher level done: the lower one still holds the step back.
    let top = progress(m, "A", &[("c4", done)]);
    let refs: Vec<&ActivityProgress> = top.iter().collect();
    assert!(
        to_target(m, &r, &refs, "A", &defs, jan_2025(1))
            .relative
            .abs()
            < 1e-9
    );
}

#[test]
fn a_rename_onto_a_name_with_a_left_over_target_does_not_take_it_over() {
    let m = model();
    let mut targets = Targets::default();
    targets.teams.insert("Old".into(), Target::uniform(m, 3));
    // "B" has no target; one is left under "New" (a team deleted elsewhere, say).
    let moved = targets
        .after(&TeamEvent::Renamed {
            old: "B".into(),
            new: "Old".into(),
        })
        .unwrap();
    assert!(
        moved.teams.is_empty(),
        "the renamed team had no target: it gets none"
    );
    targets.groups.insert("G".into(), Target::uniform(m, 1));
    targets.groups.insert("H".into(), Target::uniform(m, 2));
    let g = targets
        .after(&TeamEvent::GroupRenamed {
            old: "G".into(),
            new: "H".into(),
        })
        .unwrap();
    assert_eq!(g.groups.len(), 1);
    assert_eq!(
        g.groups["H"],
        Target::uniform(m, 1),
        "its own target, not the one left"
    );
}

#[test]
fn only_targets_of_listed_teams_and_groups_are_kept() {
    let m = model();
    let mut targets = Targets::default();
    targets.teams.insert("A".into(), Target::uniform(m, 1));
    targets.teams.insert("Gone".into(), Target::uniform(m, 1));
    targets.groups.insert("G".into(), Target::uniform(m, 1));
    targets.groups.insert("A".into(), Target::uniform(m, 1));
    let kept = targets.of(&["A".to_string()], &[group("G", &[])]);
    assert_eq!(kept.teams.keys().collect::<Vec<_>>(), ["A"]);
    assert_eq!(kept.groups.keys().collect::<Vec<_>>(), ["G"]);
    assert_eq!(kept.len(), 2);
}

#[test]
fn open_activities_are_the_targets_not_done_nor_not_applicable_by_level() {
    let m = model();
    let defs = defs();
    let done = Status::State(defs.completed());
    let mut targets = Targets::default();
    let mut t = Target {
        dimensions: levels(&[("Build", 2), ("Test", 1)]),
        ..Target::default()
    };
    t.set_activity(m, &m.activities[6], true); // c4, level 4, by hand
    targets.teams.insert("A".into(), t);
    let r = resolve(m, &targets, &[], "A").unwrap();
    let p = progress(
        m,
        "A",
        &[
            ("p1", done),
            ("i1", Status::NotApplicable),
            ("i2", Status::State(1)),
        ],
    );
    let refs: Vec<&ActivityProgress> = p.iter().collect();
    let open: Vec<&str> = open_activities(m, &r, &refs, "A", &defs)
        .into_iter()
        .map(|i| m.activities[i].uuid)
        .collect();
    assert_eq!(open, ["c1", "p2", "i2", "c4"]);
    assert!(!to_target(m, &r, &refs, "A", &defs, jan_2025(1)).reached());
}

#[test]
fn the_header_choice_names_whose_target_and_open_means_neither_done_nor_not_applicable() {
    use crate::domain::assessment::teams::Scope;
    assert_eq!(
        Owner::of_scope(&Scope::Team("A".into())),
        Some(Owner::Team("A".into()))
    );
    assert_eq!(
        Owner::of_scope(&Scope::Group("G".into())),
        Some(Owner::Group("G".into()))
    );
    assert_eq!(Owner::of_scope(&Scope::All), None);
    let m = model();
    let defs = defs();
    let p = progress(
        m,
        "A",
        &[
            ("p1", Status::State(defs.completed())),
            ("p2", Status::NotApplicable),
            ("p3", Status::State(1)),
        ],
    );
    assert!(!is_open(&p[0], "A", &defs));
    assert!(!is_open(&p[1], "A", &defs));
    assert!(is_open(&p[2], "A", &defs));
    assert!(is_open(&p[0], "B", &defs), "no record: not started");
}
