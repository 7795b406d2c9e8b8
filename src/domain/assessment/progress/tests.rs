use super::*;
use crate::domain::test_support::{jan_2025 as d, state as s};

fn names(p: &TeamProgress) -> Vec<(&str, String)> {
    p.dates()
        .iter()
        .map(|(k, v)| (k.as_str(), v.to_string()))
        .collect()
}

/// The done toggle clicked on `team`'s record of `p`, on day `day`.
fn click(p: &mut crate::domain::assessment::ActivityProgress, defs: &ProgressDefs, day: u8) {
    let to = toggled(p, "T", defs);
    set_for_teams(p, &["T".to_string()], defs, to, d(day));
}

#[test]
fn toggling_twice_returns_to_the_state_before_done() {
    let defs = ProgressDefs::default();
    let mut p = crate::domain::assessment::ActivityProgress::new();
    set_for_teams(&mut p, &["T".to_string()], &defs, Status::State(2), d(1));
    let partly = p["T"].dates().clone();
    click(&mut p, &defs, 5);
    assert_eq!(p["T"].status(&defs), Status::State(3));
    click(&mut p, &defs, 6);
    // Back to Partly implemented, reached on its own date: nothing thrown away.
    assert_eq!(p["T"].status(&defs), Status::State(2));
    assert_eq!(p["T"].dates(), &partly);
    // And again: done, then back to Partly (the last change to done decides).
    click(&mut p, &defs, 7);
    click(&mut p, &defs, 8);
    assert_eq!(p["T"].status(&defs), Status::State(2));
    // Nothing before: done, then not implemented.
    let mut q = crate::domain::assessment::ActivityProgress::new();
    click(&mut q, &defs, 1);
    assert_eq!(q["T"].status(&defs), Status::State(3));
    click(&mut q, &defs, 2);
    assert_eq!(q["T"].status(&defs), Status::State(0));
    // A file that records Started, then Fully implemented: back to Started.
    let mut f = crate::domain::assessment::ActivityProgress::new();
    f.insert(
        "T".into(),
        TeamProgress::from_dates(BTreeMap::from([
            ("Started".into(), d(1)),
            ("Fully implemented".into(), d(3)),
        ])),
    );
    assert_eq!(toggled(&f, "T", &defs), Status::State(1));
    // Marked done from not applicable: back to not applicable.
    let defs = ProgressDefs::new(
        ProgressDefs::default().states().to_vec(),
        Some(s("Not applicable", 0, "")),
    )
    .unwrap();
    let mut n = crate::domain::assessment::ActivityProgress::new();
    set_for_teams(
        &mut n,
        &["T".to_string()],
        &defs,
        Status::NotApplicable,
        d(1),
    );
    click(&mut n, &defs, 2);
    assert_eq!(n["T"].status(&defs), Status::State(3));
    assert_eq!(toggled(&n, "T", &defs), Status::NotApplicable);
}

#[test]
fn a_change_says_what_it_changed_and_plans_its_undo() {
    let defs = ProgressDefs::default();
    let t = ["T".to_string()];
    let mut start = crate::domain::assessment::ActivityProgress::new();
    set_for_teams(&mut start, &t, &defs, Status::State(2), d(1));
    let read = |_: &str| Ok::<_, ()>(start.clone());
    let (_, one) = plan_status(["u1"], &t, &defs, Status::State(3), d(2), read).unwrap();
    let name = |u: &str| format!("Activity {u}");
    assert_eq!(
        change_message(&defs, name, &one, Status::State(3)),
        "Activity u1, T: Partly implemented → Fully implemented."
    );
    let teams = ["T".to_string(), "U".to_string()];
    let (next, two) =
        plan_status(["u1", "u2"], &teams, &defs, Status::State(1), d(2), read).unwrap();
    assert_eq!(two.len(), 4);
    assert_eq!(
        change_message(&defs, name, &two, Status::State(1)),
        "4 team records set to Started."
    );
    // Undo from what is stored now: both activities back, or nothing when one changed.
    let after = |u: &str| Ok::<_, ()>(next[u].clone());
    let plan = plan_undo(&two, after).unwrap().unwrap();
    assert_eq!(plan.len(), 2);
    assert!(plan.values().all(|p| *p == start));
    assert_eq!(plan_undo(&two, read).unwrap(), None);
}

#[test]
fn undo_restores_exactly_what_was_before_unless_changed_since() {
    let defs = ProgressDefs::default();
    let teams = ["T".to_string(), "U".to_string()];
    let mut start = crate::domain::assessment::ActivityProgress::new();
    set_for_teams(&mut start, &teams[..1], &defs, Status::State(2), d(1));
    set_for_teams(
        &mut start,
        &["V".to_string()],
        &defs,
        Status::State(1),
        d(1),
    );
    let (next, changes) = plan_status(["u1"], &teams, &defs, Status::State(3), d(4), |_| {
        Ok::<_, ()>(start.clone())
    })
    .unwrap();
    assert_eq!(changes.len(), 2);
    let after = next["u1"].clone();
    let undo = |now: &crate::domain::assessment::ActivityProgress| {
        plan_undo(&changes, |_| Ok::<_, ()>(now.clone()))
            .unwrap()
            .map(|mut m| m.remove("u1").unwrap())
    };
    // Undone: T's record (with its history) and U's absence are back; V untouched.
    assert_eq!(undo(&after).unwrap(), start);
    // V changed meanwhile (another tab): kept.
    let mut later = after.clone();
    set_for_teams(
        &mut later,
        &["V".to_string()],
        &defs,
        Status::State(3),
        d(5),
    );
    let back = undo(&later).unwrap();
    assert_eq!(back["V"].status(&defs), Status::State(3));
    assert_eq!(back["T"], start["T"]);
    assert!(!back.contains_key("U"));
    // T changed meanwhile: nothing is undone.
    let mut moved = after.clone();
    set_for_teams(&mut moved, &teams[..1], &defs, Status::State(1), d(5));
    assert_eq!(undo(&moved), None);
}

#[test]
fn raise_fills_skipped_states_with_today() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::default();
    p.set_state(&defs, 3, d(5));
    assert_eq!(p.current(&defs), 3);
    assert_eq!(
        names(&p),
        vec![
            ("Fully implemented", "2025-01-05".into()),
            ("Partly implemented", "2025-01-05".into()),
            ("Started", "2025-01-05".into()),
        ]
    );
}

#[test]
fn raise_keeps_dates_already_reached() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::default();
    p.set_state(&defs, 1, d(1));
    p.set_state(&defs, 3, d(9));
    assert_eq!(p.dates()["Started"], d(1));
    assert_eq!(p.dates()["Partly implemented"], d(9));
    assert_eq!(p.dates()["Fully implemented"], d(9));
}

#[test]
fn lower_clears_higher_states_and_dates_the_target() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::from_dates(BTreeMap::from([("Fully implemented".into(), d(3))]));
    // A file may record only the final state; lowering to "Started" dates it today.
    p.set_state(&defs, 1, d(7));
    assert_eq!(names(&p), vec![("Started", "2025-01-07".into())]);
    p.set_state(&defs, 0, d(8));
    assert!(p.holds_nothing());
    assert_eq!(p.current(&defs), 0);
    // The history keeps every step: reached (from the file), then left twice.
    let steps: Vec<(bool, &str)> = p.log().iter().map(|c| (c.reached, &*c.state)).collect();
    assert_eq!(
        steps,
        [
            (true, "Fully implemented"),
            (false, "Fully implemented"),
            (true, "Started"),
            (false, "Started")
        ]
    );
}

#[test]
fn lowering_keeps_the_higher_state_in_the_history() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::default();
    p.set_state(&defs, 3, d(1));
    p.set_state(&defs, 1, d(9));
    assert_eq!(names(&p), vec![("Started", "2025-01-01".into())]);
    let rows = p.history(&defs);
    assert_eq!(
        rows,
        vec![
            HistoryRow {
                date: d(1),
                recorded: Some(d(1)),
                from: Status::State(0),
                to: Status::State(3)
            },
            HistoryRow {
                date: d(9),
                recorded: Some(d(9)),
                from: Status::State(3),
                to: Status::State(1)
            },
        ]
    );
    assert_eq!(p.last_change(), Some(d(9)));
    // Raised again: a new date for the states reached again, the old one still in the
    // history.
    p.set_state(&defs, 3, d(20));
    assert_eq!(p.dates()["Fully implemented"], d(20));
    assert_eq!(p.history(&defs).len(), 3);
    assert_eq!(
        p.log()
            .iter()
            .filter(|c| &*c.state == "Fully implemented")
            .count(),
        3
    );
}

#[test]
fn a_date_edit_corrects_its_entry_instead_of_adding_one() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::default();
    p.set_state(&defs, 2, d(20));
    let entries = p.log().len();
    p.set_date("Started", d(3)).unwrap();
    assert_eq!(p.log().len(), entries);
    let rows = p.history(&defs);
    assert_eq!(rows[0].date, d(3));
    assert_eq!(rows[0].recorded, Some(d(20)));
    assert_eq!(
        (rows[0].from, rows[0].to),
        (Status::State(0), Status::State(1))
    );
    assert_eq!(
        (rows[1].from, rows[1].to),
        (Status::State(1), Status::State(2))
    );
}

#[test]
fn a_file_without_history_and_moves_that_change_nothing_add_no_entries() {
    let defs = with_na();
    let mut p = TeamProgress::from_dates(BTreeMap::from([
        ("Partly implemented".to_string(), d(5)),
        ("Started".to_string(), d(2)),
    ]));
    assert!(p.log().iter().all(|c| c.recorded.is_none()));
    assert_eq!(&*p.log()[0].state, "Started", "oldest first");
    let before = p.clone();
    p.set_state(&defs, 2, d(9));
    assert_eq!(p, before);
    p.set_status(&defs, Status::NotApplicable, d(10));
    p.set_status(&defs, Status::NotApplicable, d(11));
    let rows = p.history(&defs);
    assert_eq!(rows.last().map(|r| r.to), Some(Status::NotApplicable));
    assert_eq!(p.log().len(), 3);
}

#[test]
fn dates_of_reached_states_can_be_back_filled() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::default();
    p.set_state(&defs, 2, d(20));
    p.set_date("Started", d(3)).unwrap();
    assert_eq!(p.dates()["Started"], d(3));
    assert_eq!(p.current(&defs), 2);
    assert!(p.set_date("Fully implemented", d(4)).is_err());
    assert_eq!(p.current(&defs), 2);
}

#[test]
fn unknown_state_names_survive_every_move() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::from_dates(BTreeMap::from([("Backlog".into(), d(2))]));
    p.set_state(&defs, 3, d(4));
    p.set_state(&defs, 0, d(5));
    assert_eq!(names(&p), vec![("Backlog", "2025-01-02".into())]);
}

#[test]
fn setting_the_current_state_changes_nothing() {
    let defs = ProgressDefs::default();
    let mut p = TeamProgress::default();
    p.set_state(&defs, 2, d(1));
    let before = p.clone();
    p.set_state(&defs, 2, d(9));
    assert_eq!(p, before);
    assert!(!p.is_completed(&defs));
    assert_eq!(p.current_date(&defs), Some(d(1)));
}

fn with_na() -> ProgressDefs {
    let d = ProgressDefs::default();
    ProgressDefs::new(
        d.states().to_vec(),
        Some(StateDef::new(NOT_APPLICABLE, 0, "Does not apply here")),
    )
    .unwrap()
}

#[test]
fn not_applicable_keeps_the_ladder_underneath() {
    let defs = with_na();
    let mut p = TeamProgress::default();
    p.set_state(&defs, 2, d(1));
    p.set_status(&defs, Status::NotApplicable, d(2));
    assert_eq!(p.status(&defs), Status::NotApplicable);
    assert!(!p.is_completed(&defs));
    // As read from storage: the history alone says so.
    let stored = TeamProgress::from_log(p.log().to_vec());
    assert_eq!(stored.status(&defs), Status::NotApplicable);
    assert!(stored.is_not_applicable(&defs) && stored.dates.get().is_none());
    assert_eq!(stored.current(&defs), 2);
    // Choosing a state of the ladder ends "not applicable"; the old dates are still there.
    p.set_status(&defs, Status::State(3), d(3));
    assert_eq!(p.status(&defs), Status::State(3));
    assert_eq!(p.dates()["Started"], d(1));
    assert!(!p.dates().contains_key(NOT_APPLICABLE));
    // Without the state in the definitions, the mark is an unknown name: kept, not shown.
    p.set_status(&defs, Status::NotApplicable, d(4));
    let plain = ProgressDefs::default();
    assert_eq!(p.status(&plain), Status::State(3));
    assert!(p.is_completed(&plain));
    assert_eq!(
        Status::from_value(&Status::NotApplicable.value()),
        Some(Status::NotApplicable)
    );
    assert_eq!(Status::from_value("2"), Some(Status::State(2)));
}

#[test]
fn definitions_are_checked_and_sorted() {
    let s = StateDef::new;
    let ok = ProgressDefs::new(
        vec![s("Done", 100, ""), s("Backlog", 0, ""), s("Half", 50, "")],
        None,
    )
    .unwrap();
    assert_eq!(ok.name(0), "Backlog");
    assert_eq!(ok.completed(), 2);
    let bad = [
        vec![s("A", 0, ""), s("B", 50, "")],
        vec![s("A", 10, ""), s("B", 100, "")],
        vec![s("A", 0, ""), s("B", 0, ""), s("C", 100, "")],
        vec![s("A", 0, ""), s("A", 100, "")],
        vec![s(" ", 0, ""), s("B", 100, "")],
        vec![s(" A", 0, ""), s("B", 100, "")],
        vec![s("A", 0, ""), s("B", 101, "")],
        vec![s("A", 0, "")],
    ];
    for states in bad {
        assert!(
            ProgressDefs::new(states.clone(), None).is_err(),
            "{states:?}"
        );
    }
    let clash = ProgressDefs::new(vec![s("A", 0, ""), s("B", 100, "")], Some(s("B", 0, "")));
    assert!(clash.is_err());
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn after_any_move_the_current_state_is_the_target(
            moves in proptest::collection::vec((0usize..4, 1u8..28), 1..20),
            in_order in any::<bool>(),
        ) {
            let mut moves = moves;
            if in_order {
                // As clicks come: days never go back.
                let mut days: Vec<u8> = moves.iter().map(|m| m.1).collect();
                days.sort();
                for (m, day) in moves.iter_mut().zip(days) {
                    m.1 = day;
                }
            }
            let defs = ProgressDefs::default();
            let mut p = TeamProgress::default();
            for (target, day) in moves {
                p.set_state(&defs, target, d(day));
                prop_assert_eq!(p.current(&defs), target);
                // The dates are what the history leads to, and it ends at the target.
                prop_assert_eq!(&TeamProgress::from_log(p.log().to_vec()), &p);
                let in_order = p.log().windows(2).all(|w| w[0].date <= w[1].date);
                let end = p.history(&defs).last().map_or(Status::State(0), |r| r.to);
                prop_assert!(!in_order || end == Status::State(target));
                // Every state up to the current one has a date, none above it.
                for i in 1..defs.len() {
                    prop_assert_eq!(p.dates().contains_key(defs.name(i)), i <= target);
                }
                // Read from the history alone (no dates worked out), the same.
                let fresh = TeamProgress::from_log(p.log().to_vec());
                for i in 0..defs.len() {
                    prop_assert_eq!(fresh.holds(defs.name(i)), p.dates().contains_key(defs.name(i)));
                }
                prop_assert_eq!(fresh.current(&defs), target);
                prop_assert!(fresh.dates.get().is_none());
            }
        }
    }
}

/// Names the editor must refuse, with a message, because a reader would refuse them
/// (issue 8: a U+2028 in a renamed state set an activity's whole progress aside).
#[test]
fn state_names_follow_the_one_name_rule() {
    for bad in [
        "Begun\u{2028}now",
        "Begun\u{2029}now",
        "odd\u{ffff}",
        "odd\u{fffe}",
        "bell\u{7}",
        "tab\tname",
        "line\nbreak",
        &"x".repeat(crate::domain::assessment::MAX_NAME_CHARS + 1),
    ] {
        let err = ProgressDefs::new(vec![s(bad, 0, ""), s("Done", 100, "")], None)
            .expect_err(bad)
            .to_string();
        assert!(err.starts_with("State name refused: "), "{err}");
        let na = ProgressDefs::new(
            vec![s("New", 0, ""), s("Done", 100, "")],
            Some(s(bad, 0, "")),
        );
        assert!(na.is_err(), "not-applicable name {bad:?}");
    }
    let longest = "x".repeat(crate::domain::assessment::MAX_NAME_CHARS);
    assert!(ProgressDefs::new(vec![s(&longest, 0, ""), s("Done", 100, "")], None).is_ok());
}

#[test]
fn picker_options_escape_state_names_and_mark_the_choice() {
    let defs = ProgressDefs::default();
    let options = status_options(&defs);
    assert_eq!(options.len(), defs.states().len());
    let html = options_html(&options, Some(Status::State(1)));
    assert_eq!(html.matches("<option ").count(), options.len());
    assert_eq!(html.matches(" selected").count(), 1);
    assert!(html.contains(&format!(
        "<option value=\"1\" selected>{}</option>",
        options[1].1
    )));
    assert_eq!(options_html(&options, None).matches(" selected").count(), 0);
    let evil = vec![(
        Status::State(0),
        "<img src=x onerror=alert(1)> & \"q\"".to_string(),
    )];
    assert_eq!(
        options_html(&evil, None),
        "<option value=\"0\">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;</option>"
    );
}
