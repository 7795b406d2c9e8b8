use super::*;

#[test]
fn counts_of_all_teams_agree_with_each_teams_count() {
    let mut p1 = ActivityProgress::new();
    p1.insert(
        "A".into(),
        TeamProgress::from_dates(BTreeMap::from([(
            "Started".into(),
            Date::new(2025, 1, 1).unwrap(),
        )])),
    );
    p1.insert("B".into(), TeamProgress::default());
    let mut p2 = ActivityProgress::new();
    p2.insert(
        "A".into(),
        TeamProgress::from_dates(BTreeMap::from([(
            "Started".into(),
            Date::new(2025, 1, 2).unwrap(),
        )])),
    );
    let all = [p1, p2];
    let counts = progress_counts(all.iter(), &["A", "B", "C"]);
    for team in ["A", "B", "C"] {
        assert_eq!(
            counts.get(team).copied().unwrap_or(0),
            all.iter().filter(|p| has_progress(p, team)).count()
        );
    }
    assert_eq!(counts.get("A"), Some(&2));
}

#[test]
fn teams_are_found_by_part_of_their_name_and_counted_beyond_the_limit() {
    let teams: Vec<String> = ["Payments", "Pay-ins", "Search", "Überweisung"]
        .map(String::from)
        .to_vec();
    let (shown, more) = find(&teams, " PAY", 1);
    assert_eq!((shown, more), (vec![&teams[0]], 1));
    assert_eq!(find(&teams, "", 10).0.len(), 4);
    assert_eq!(find(&teams, "überw", 10).0, vec![&teams[3]]);
    assert_eq!(find(&teams, "nothing", 10), (vec![], 0));
}

#[test]
fn a_scope_that_is_gone_falls_back_to_the_first_team_or_all_teams() {
    let teams = vec!["A".to_string(), "B".to_string()];
    let groups = vec![Group {
        name: "G".into(),
        members: vec!["A".into()],
    }];
    assert_eq!(
        Scope::Team("B".into()).resolve(&teams, &groups),
        Scope::Team("B".into())
    );
    assert_eq!(
        Scope::Group("G".into()).resolve(&teams, &groups),
        Scope::Group("G".into())
    );
    assert_eq!(Scope::All.resolve(&teams, &groups), Scope::All);
    assert_eq!(
        Scope::Team("Z".into()).resolve(&teams, &groups),
        Scope::Team("A".into())
    );
    assert_eq!(
        Scope::Group("Z".into()).resolve(&teams, &groups),
        Scope::All
    );
    assert_eq!(Scope::Team("Z".into()).resolve(&[], &[]), Scope::All);
}
use crate::domain::assessment::date::Date;
use crate::domain::assessment::default_teams;
use crate::domain::assessment::evidence::Evidence;
use crate::domain::assessment::progress::TeamProgress;

fn rec(day: u8) -> TeamProgress {
    let mut r = TeamProgress::default();
    r.insert("Started".into(), Date::new(2025, 1, day).unwrap());
    r
}

/// A, B, C, D where each team has its own distinct record on u1, and A and D on u2.
fn sample() -> Assessment {
    let mut a = Assessment::with_default_teams();
    let mut u1 = ActivityProgress::new();
    for (i, t) in default_teams().iter().enumerate() {
        u1.insert(t.clone(), rec(i as u8 + 1));
    }
    let mut u2 = ActivityProgress::new();
    u2.insert("Team A".into(), rec(10));
    u2.insert("Team D".into(), rec(11));
    a.progress.insert("u1".into(), u1);
    a.progress.insert("u2".into(), u2);
    // Evidence: one entry for B and C, one for B alone.
    let entry = |id: &str, teams: &[&str]| Evidence {
        id: id.into(),
        teams: teams.iter().map(|t| t.to_string()).collect(),
        title: format!("Entry {id}"),
        description: String::new(),
        recorded: Date::new(2025, 3, 1).unwrap(),
        reviewer: String::new(),
        attachments: Vec::new(),
    };
    a.evidence.insert(
        "u1".into(),
        vec![entry("e1", &["Team B", "Team C"]), entry("e2", &["Team B"])],
    );
    a
}

#[test]
fn rename_carries_only_that_teams_progress() {
    let mut a = sample();
    let c = rename(&a, "Team B", "O'Brien: \"ops\"").unwrap();
    a.apply_team_change(&c);
    assert_eq!(a.teams, ["Team A", "O'Brien: \"ops\"", "Team C", "Team D"]);
    assert_eq!(
        a.groups[0].members,
        ["Team A", "O'Brien: \"ops\""],
        "groups follow the rename"
    );
    assert_eq!(a.progress["u1"]["O'Brien: \"ops\""], rec(2));
    assert!(!a.progress["u1"].contains_key("Team B"));
    assert_eq!(a.progress["u1"]["Team C"], rec(3));
    // What storage writes of progress (`storage::follow_team`): one value per
    // activity whose records the rename changes.
    let progress = (sample().progress.into_values())
        .filter(|p| c.events.iter().any(|e| e.records_after(p).is_some()));
    assert_eq!(
        progress.count(),
        1,
        "u2 has no Team B progress and is not rewritten"
    );
    // Evidence follows the rename too (the reference app forgets it).
    let teams: Vec<_> = a.evidence["u1"].iter().map(|e| e.teams.clone()).collect();
    assert_eq!(
        teams,
        [
            vec!["O'Brien: \"ops\"".to_string(), "Team C".into()],
            vec!["O'Brien: \"ops\"".to_string()]
        ]
    );
}

#[test]
fn deleting_a_team_removes_only_its_evidence() {
    let mut a = sample();
    assert_eq!(evidence_of(&a, "Team B"), (2, 1));
    assert_eq!(evidence_of(&a, "Team A"), (0, 0));
    let c = delete(&a, "Team B").unwrap();
    a.apply_team_change(&c);
    let left = &a.evidence["u1"];
    assert_eq!(left.len(), 1);
    assert_eq!(
        (left[0].id.as_str(), left[0].teams.clone()),
        ("e1", vec!["Team C".to_string()])
    );
    let c = delete(&a, "Team C").unwrap();
    a.apply_team_change(&c);
    assert!(
        !a.evidence.contains_key("u1"),
        "no entry left: the activity has none"
    );
}

#[test]
fn deleting_the_first_team_does_not_shift_the_others() {
    // The reference app renames by list position here and moves every team's data.
    let mut a = sample();
    assert_eq!(
        progress_counts(a.progress.values(), &["Team A"])["Team A"],
        2
    );
    let c = delete(&a, "Team A").unwrap();
    a.apply_team_change(&c);
    assert_eq!(a.teams, ["Team B", "Team C", "Team D"]);
    assert_eq!(a.progress["u1"]["Team B"], rec(2));
    assert_eq!(a.progress["u1"]["Team D"], rec(4));
    assert_eq!(a.progress["u2"]["Team D"], rec(11));
    assert!(!a.progress["u2"].contains_key("Team A"));
    assert_eq!(a.groups[0].members, ["Team B"]);
    assert_eq!(a.groups[2].members, ["Team D"]);
}

#[test]
fn groups_can_be_edited_and_mean_their_members() {
    let mut a = sample();
    a.apply_team_change(&add_group(&a, "Platform").unwrap());
    a.apply_team_change(&toggle_member(&a, "Platform", "Team D").unwrap());
    a.apply_team_change(&toggle_member(&a, "Platform", "Team A").unwrap());
    assert_eq!(a.groups[4].members, ["Team A", "Team D"], "team-list order");
    a.apply_team_change(&toggle_member(&a, "Platform", "Team A").unwrap());
    assert_eq!(a.groups[4].members, ["Team D"]);
    assert!(add_group(&a, "Platform")
        .unwrap_err()
        .to_string()
        .contains("already a group"));
    assert!(rename_group(&a, "Platform", "Cloud").is_err());
    a.apply_team_change(&rename_group(&a, "Platform", "Ops").unwrap());
    assert_eq!(
        Scope::Group("Ops".into()).teams(&a.teams, &a.groups),
        ["Team D"]
    );
    assert_eq!(Scope::All.teams(&a.teams, &a.groups).len(), 4);
    assert!(Scope::Team("Nobody".into())
        .teams(&a.teams, &a.groups)
        .is_empty());
    a.apply_team_change(&delete_group(&a, "Ops").unwrap());
    assert_eq!(a.groups.len(), 4);
    for s in [
        Scope::All,
        Scope::Group("x:y".into()),
        Scope::Team("t:z".into()),
    ] {
        assert_eq!(Scope::from_value(&s.to_value()), s);
    }
}

#[test]
fn deleting_a_teams_only_progress_removes_the_activity_entry() {
    let mut a = Assessment::with_default_teams();
    let mut p = ActivityProgress::new();
    p.insert("Team C".into(), rec(1));
    a.progress.insert("u".into(), p);
    let c = delete(&a, "Team C").unwrap();
    a.apply_team_change(&c);
    assert!(a.progress.is_empty());
}

#[test]
fn duplicate_empty_and_unknown_names_are_refused() {
    let a = sample();
    assert!(add(&a, "Team A")
        .unwrap_err()
        .to_string()
        .contains("already a team"));
    assert!(add(&a, "  ").is_err());
    assert!(rename(&a, "Team A", "Team B")
        .unwrap_err()
        .to_string()
        .contains("already"));
    assert!(rename(&a, "Nobody", "X").is_err());
    // Differing only in letter case or surrounding spaces is a duplicate too.
    for name in ["team a", " Team A ", "TEAM A", "Team a\t"] {
        let e = add(&a, name).unwrap_err().to_string();
        assert!(e.contains("already a team called “Team A”"), "{name}: {e}");
        assert!(rename(&a, "Team B", name).is_err(), "{name}");
    }
    let e = add_group(&a, " customer").unwrap_err().to_string();
    assert!(e.contains("already a group"), "{e}");
    // A team's own name in another case is a rename, not a duplicate; spaces are trimmed.
    assert_eq!(rename(&a, "Team A", "TEAM A").unwrap().teams[0], "TEAM A");
    assert_eq!(add(&a, "  Team E ").unwrap().teams[4], "Team E");
    assert_eq!(
        rename(&a, "Team A", "Team A ").unwrap(),
        TeamChange::roster(&a)
    );
    assert!(delete(&a, "Nobody").is_err());
    assert_eq!(add(&a, "Team E").unwrap().teams.len(), 5);
    let one = Assessment {
        teams: vec!["Solo".into()],
        groups: Vec::new(),
        ..Default::default()
    };
    assert!(delete(&one, "Solo")
        .unwrap_err()
        .to_string()
        .contains("last team"));
}

#[test]
fn reorder_moves_within_bounds() {
    let a = sample();
    assert_eq!(
        reorder(&a, "Team B", -1).unwrap().teams,
        ["Team B", "Team A", "Team C", "Team D"]
    );
    assert_eq!(reorder(&a, "Team A", -1).unwrap().teams, default_teams());
    assert_eq!(reorder(&a, "Team D", 1).unwrap().teams, default_teams());
    // The lists alone are enough, and nothing but the team list changes.
    let lists = Roster {
        teams: &a.teams,
        groups: &a.groups,
    };
    let c = reorder(lists, "Team C", 1).unwrap();
    assert_eq!(c, reorder(&a, "Team C", 1).unwrap());
    assert_eq!((c.groups, c.events, c.renamed), (a.groups, vec![], None));
}

#[test]
fn scope_is_stored_and_follows_team_changes() {
    for s in [
        Scope::All,
        Scope::Group("g:x".into()),
        Scope::Team("Team A".into()),
    ] {
        assert_eq!(Scope::from_stored(&s.to_value()), s);
    }
    // Earlier versions stored the plain team name.
    assert_eq!(Scope::from_stored("Team B"), Scope::Team("Team B".into()));
    let a = sample();
    let c = rename(&a, "Team B", "Ops").unwrap();
    let b = Scope::Team("Team B".into());
    assert_eq!(b.after_change(&c), Scope::Team("Ops".into()));
    let c = delete(&a, "Team B").unwrap();
    assert_eq!(b.after_change(&c), Scope::Team("Team A".into()));
    let c = delete_group(&a, "Customer").unwrap();
    assert_eq!(Scope::Group("Customer".into()).after_change(&c), Scope::All);
    assert_eq!(Scope::All.after_change(&c), Scope::All);
    let c = rename_group(&a, "Customer", "Clients").unwrap();
    assert_eq!(
        Scope::Group("Customer".into()).after_change(&c),
        Scope::Group("Clients".into())
    );
}
