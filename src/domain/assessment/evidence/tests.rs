use super::*;
use crate::domain::assessment::default_teams;
use crate::domain::test_support::{entry, link, rich};

fn store(rows: &[(&str, Vec<Evidence>)]) -> EvidenceStore {
    rows.iter()
        .map(|(u, l)| (u.to_string(), l.clone()))
        .collect()
}

fn check_err(e: &Evidence) -> String {
    e.check(Some(&default_teams())).unwrap_err().to_string()
}

#[test]
fn a_valid_entry_passes() {
    let mut e = rich();
    e.teams = vec!["Team A".into(), "Team C".into()];
    e.description = "a".repeat(MAX_DESCRIPTION_CHARS);
    e.title = "t".repeat(MAX_TITLE_CHARS);
    e.attachments = vec![link("http://x"); MAX_ATTACHMENTS];
    assert_eq!(e.check(Some(&default_teams())), Ok(()));
}

#[test]
fn entries_are_validated_with_messages_naming_the_field() {
    let base = entry("e1", &["Team A"]);
    let with = |f: &dyn Fn(&mut Evidence)| {
        let mut e = base.clone();
        f(&mut e);
        check_err(&e)
    };
    assert!(with(&|e| e.id.clear()).contains("id"));
    assert!(with(&|e| e.id = "a b".into()).contains("id"));
    assert!(with(&|e| e.id = "x".repeat(201)).contains("id"));
    assert!(with(&|e| e.teams.clear()).contains("at least one team"));
    assert!(with(&|e| e.teams.push("Ghost".into())).contains("no team called “Ghost”"));
    assert!(with(&|e| e.teams.push("Team A".into())).contains("listed twice"));
    assert!(with(&|e| e.teams = vec!["".into()]).contains("team name"));
    assert!(with(&|e| e.title = "  ".into()).contains("title must not be empty"));
    assert!(with(&|e| e.title = "x".repeat(301)).contains("title is longer than 300"));
    assert!(with(&|e| e.title = "a\nb".into()).contains("title contains a control"));
    assert!(with(&|e| e.description = "x".repeat(20_001)).contains("description"));
    assert!(with(&|e| e.description = "bell\u{7}".into()).contains("description"));
    assert!(with(&|e| e.reviewer = "x".repeat(201)).contains("reviewer"));
    assert!(with(&|e| e.attachments = vec![link("https://x"); 51]).contains("attachments"));
    assert!(
        with(&|e| e.attachments = vec![link("https://ok"), link("ftp://x")])
            .starts_with("attachment 2: the URL must start with")
    );
    // Without a team list (files, storage), unknown teams are fine.
    let mut ghost = base.clone();
    ghost.teams = vec!["Ghost".into()];
    assert_eq!(ghost.check(None), Ok(()));
}

#[test]
fn add_update_delete_by_id() {
    let teams = default_teams();
    let list = add_entry(&[], entry("a", &["Team A"]), &teams).unwrap();
    let list = add_entry(&list, entry("b", &["Team B"]), &teams).unwrap();
    assert!(add_entry(&list, entry("a", &["Team A"]), &teams)
        .unwrap_err()
        .to_string()
        .contains("already exists"));
    assert!(add_entry(&list, entry("c", &["Ghost"]), &teams).is_err());
    let mut a2 = entry("a", &["Team A", "Team D"]);
    a2.title = "Changed".into();
    let a1 = entry("a", &["Team A"]);
    let list = update_entry(&list, &a1, a2.clone(), &teams).unwrap();
    assert_eq!(
        list,
        vec![a2.clone(), entry("b", &["Team B"])],
        "kept in place"
    );
    let zz = entry("zz", &["Team A"]);
    assert!(update_entry(&list, &zz, zz.clone(), &teams)
        .unwrap_err()
        .to_string()
        .contains("no longer exists"));
    let mut bad = a2.clone();
    bad.title.clear();
    assert!(update_entry(&list, &a2, bad, &teams).is_err());
    // Edited elsewhere since this edit began (the list holds a2, not a1): refused.
    let mut a3 = a2.clone();
    a3.title = "Mine".into();
    assert!(update_entry(&list, &a1, a3, &teams)
        .unwrap_err()
        .to_string()
        .contains("another tab"));
    let list = delete_entry(&list, "a").unwrap();
    assert_eq!(list, vec![entry("b", &["Team B"])]);
    assert!(delete_entry(&list, "a").is_err());
}

#[test]
fn renaming_a_team_renames_it_in_every_entry() {
    let mut s = store(&[
        (
            "u1",
            vec![entry("a", &["Team A", "Team B"]), entry("b", &["Team C"])],
        ),
        ("u2", vec![entry("c", &["Team C"])]),
        ("u3", vec![entry("d", &["Team B", "New"])]),
    ]);
    let c = rename_team(&s, "Team B", "New");
    assert_eq!(c.entries, 2);
    assert_eq!(c.removed, 0);
    assert_eq!(c.changed.keys().collect::<Vec<_>>(), ["u1", "u3"]);
    apply(&mut s, &c.changed);
    assert_eq!(s["u1"][0].teams, ["Team A", "New"], "keeps its place");
    assert_eq!(s["u1"][1], entry("b", &["Team C"]));
    assert_eq!(
        s["u3"][0].teams,
        ["New"],
        "no duplicate when both were named"
    );
    assert_eq!(
        rename_team(&s, "Team C", "Team C"),
        EvidenceChange::default()
    );
    assert!(rename_team(&s, "Nobody", "X").changed.is_empty());
}

#[test]
fn deleting_a_team_drops_entries_left_without_a_team() {
    let mut s = store(&[
        (
            "u1",
            vec![entry("a", &["Team A", "Team B"]), entry("b", &["Team B"])],
        ),
        ("u2", vec![entry("c", &["Team B"])]),
        ("u3", vec![entry("d", &["Team C"])]),
    ]);
    let c = delete_team(&s, "Team B");
    assert_eq!((c.entries, c.removed), (3, 2));
    assert_eq!(c.changed.keys().collect::<Vec<_>>(), ["u1", "u2"]);
    apply(&mut s, &c.changed);
    assert_eq!(
        s,
        store(&[
            ("u1", vec![entry("a", &["Team A"])]),
            ("u3", vec![entry("d", &["Team C"])]),
        ])
    );
}

#[test]
fn import_merges_by_id() {
    let current = store(&[
        ("u1", vec![entry("a", &["Team A"]), entry("b", &["Team B"])]),
        ("u2", vec![entry("c", &["Team C"])]),
    ]);
    let mut b2 = entry("b", &["Team B", "Ops"]);
    b2.reviewer = "Jane".into();
    let incoming = store(&[
        (
            "u1",
            vec![b2.clone(), entry("n", &["Team A"]), entry("a", &["Team A"])],
        ),
        ("u9", vec![entry("m", &["Zed"])]),
    ]);
    let plan = plan_evidence_import(&current, &incoming, &default_teams());
    assert_eq!((plan.added, plan.updated, plan.unchanged), (2, 1, 1));
    assert_eq!(plan.unknown_teams, ["Ops", "Zed"]);
    assert_eq!(
        plan.changed,
        store(&[
            (
                "u1",
                vec![entry("a", &["Team A"]), b2, entry("n", &["Team A"])]
            ),
            ("u9", vec![entry("m", &["Zed"])]),
        ]),
        "u2 untouched; order kept, new ids appended"
    );
    let again = plan_evidence_import(&current, &current, &default_teams());
    assert!(again.is_noop());
    assert_eq!(again.unchanged, 3);
}

#[test]
fn an_id_filed_under_another_activity_moves_there() {
    let current = store(&[
        ("u1", vec![entry("a", &["Team A"]), entry("b", &["Team A"])]),
        ("u2", vec![entry("c", &["Team A"])]),
    ]);
    let incoming = store(&[("u2", vec![entry("a", &["Team A"])])]);
    let plan = plan_evidence_import(&current, &incoming, &default_teams());
    assert_eq!((plan.added, plan.updated, plan.unchanged), (0, 1, 0));
    let mut s = current.clone();
    apply(&mut s, &plan.changed);
    assert_eq!(
        s,
        store(&[
            ("u1", vec![entry("b", &["Team A"])]),
            ("u2", vec![entry("c", &["Team A"]), entry("a", &["Team A"])]),
        ])
    );
    // Moving the only entry out of an activity empties it.
    let only = store(&[("u1", vec![entry("a", &["Team A"])])]);
    let plan = plan_evidence_import(&only, &incoming, &default_teams());
    assert_eq!(plan.changed["u1"], vec![]);
    let mut s = only;
    apply(&mut s, &plan.changed);
    assert_eq!(s.keys().collect::<Vec<_>>(), ["u2"]);
}

#[test]
fn replace_all_changes_exactly_what_differs() {
    let e = |id: &str| entry(id, &["Team A"]);
    let current = EvidenceStore::from([
        ("u1".to_string(), vec![e("a")]),
        ("u2".to_string(), vec![e("b")]),
    ]);
    let incoming = EvidenceStore::from([
        ("u2".to_string(), vec![e("b")]),
        ("u3".to_string(), vec![e("c")]),
    ]);
    let c = replace_all(&current, &incoming);
    assert_eq!(c.keys().collect::<Vec<_>>(), ["u1", "u3"]);
    assert!(c["u1"].is_empty());
    let mut after = current.clone();
    apply(&mut after, &c);
    assert_eq!(after, incoming);
}

#[test]
fn entries_are_listed_once_under_all_their_teams_in_team_order() {
    let list = vec![
        entry("a", &["Team C", "Team A"]),
        entry("b", &["Zed"]),
        entry("c", &["Team A"]),
        entry("d", &["Team A", "Team C"]),
        entry("e", &["Team B"]),
    ];
    let order = ["Team A".to_string(), "Team B".into(), "Team C".into()];
    let groups: Vec<(String, Vec<&str>)> = by_teams(&list, &order)
        .into_iter()
        .map(|(t, es)| (t.join(", "), es.iter().map(|e| e.id.as_str()).collect()))
        .collect();
    assert_eq!(
        groups,
        [
            ("Team A".to_string(), vec!["c"]),
            ("Team A, Team C".to_string(), vec!["a", "d"]),
            ("Team B".to_string(), vec!["e"]),
            ("Zed".to_string(), vec!["b"]),
        ]
    );
}

#[test]
fn an_import_naming_too_many_new_teams_is_refused() {
    let names: Vec<String> = (0..=crate::domain::assessment::MAX_TEAMS)
        .map(|i| format!("T{i}"))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let incoming = EvidenceStore::from([("u".to_string(), vec![entry("a", &refs)])]);
    let plan = plan_evidence_import(&EvidenceStore::new(), &incoming, &[]);
    assert!(plan.check(0).is_err());
    let small = EvidenceStore::from([("u".to_string(), vec![entry("a", &["X"])])]);
    assert!(plan_evidence_import(&EvidenceStore::new(), &small, &[])
        .check(crate::domain::assessment::MAX_TEAMS - 1)
        .is_ok());
}
