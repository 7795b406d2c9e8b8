//! The teams overview: key figures and the activities in progress for a set of teams.

use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::{icon, status_name, HistoryRow, ProgressDefs};
use crate::domain::assessment::scores::{applying, completed_by_all};
use crate::domain::assessment::ActivityProgress;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    /// Activities every selected team has completed.
    pub completed: usize,
    /// Activities some selected team has started and not every one completed.
    pub in_progress: usize,
    /// The latest date any selected team reached any state.
    pub last_updated: Option<Date>,
    /// (activity index, team, the date of each intermediate state) for every team whose
    /// current state is between the 0 % and the 100 % state.
    pub rows: Vec<(usize, String, Vec<Option<Date>>)>,
}

/// `activities` is every activity's progress, in model order (the index is kept in rows).
pub fn overview<'a>(
    activities: impl IntoIterator<Item = &'a ActivityProgress>,
    teams: &[String],
    defs: &ProgressDefs,
) -> Overview {
    let mut o = Overview::default();
    let done = defs.completed();
    for (i, p) in activities.into_iter().enumerate() {
        // Teams that marked the activity not applicable do not count for it.
        let states: Vec<(&String, usize)> = applying(p, teams, defs)
            .map(|t| (t, p.get(t).map(|r| r.current(defs)).unwrap_or(0)))
            .collect();
        if completed_by_all(p, teams, defs) {
            o.completed += 1;
        } else if states.iter().any(|&(_, s)| s > 0) {
            o.in_progress += 1;
        }
        for team in teams {
            if let Some(r) = p.get(team) {
                o.last_updated = o.last_updated.max(r.last_change());
            }
        }
        for (team, state) in states {
            let Some(r) = p.get(team) else { continue };
            if state > 0 && state < done {
                let dates = (1..done)
                    .map(|s| r.dates().get(defs.name(s)).copied())
                    .collect();
                o.rows.push((i, team.clone(), dates));
            }
        }
    }
    o
}

/// One change of one team's state on one activity, for the lists of changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeRow {
    /// Index of the activity (as given to [`changes`]).
    pub activity: usize,
    pub team: String,
    pub change: HistoryRow,
    /// Its place in the team's history (later changes of one day come first).
    pub seq: usize,
}

/// The changes of `teams` on `activities` (index, records), newest first; with `since`,
/// only those that apply from that day on or were recorded since (a change back-dated
/// after a review is news too). The one rule for the activity page's history and the
/// overview's "changed since".
pub fn changes<'a>(
    activities: impl IntoIterator<Item = (usize, &'a ActivityProgress)>,
    teams: &[String],
    defs: &ProgressDefs,
    since: Option<Date>,
) -> Vec<ChangeRow> {
    let mut out = Vec::new();
    for (activity, p) in activities {
        for team in teams {
            let Some(r) = p.get(team) else { continue };
            for (seq, change) in r.history(defs).into_iter().enumerate() {
                let new = since
                    .is_none_or(|s| change.date >= s || change.recorded.is_some_and(|r| r >= s));
                if new {
                    out.push(ChangeRow {
                        activity,
                        team: team.clone(),
                        change,
                        seq,
                    });
                }
            }
        }
    }
    newest_first(&mut out);
    out
}

/// The order of lists of changes: newest first, then by activity and team, a team's later
/// change of one day first.
pub fn newest_first(rows: &mut [ChangeRow]) {
    rows.sort_by(|a, b| {
        (b.change.date, b.change.recorded, a.activity, &a.team, b.seq).cmp(&(
            a.change.date,
            a.change.recorded,
            b.activity,
            &b.team,
            a.seq,
        ))
    });
}

/// "Started → Partly implemented", with the states' icons: a change as text.
pub fn change_text(defs: &ProgressDefs, row: &HistoryRow) -> String {
    let name = |s| format!("{} {}", icon(defs, s), status_name(defs, s));
    format!("{} → {}", name(row.from), name(row.to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::progress::TeamProgress;

    fn rec(target: usize, day: u8) -> TeamProgress {
        let mut r = TeamProgress::default();
        r.set_state(
            &ProgressDefs::default(),
            target,
            Date::new(2025, 4, day).unwrap(),
        );
        r
    }

    #[test]
    fn counts_and_rows() {
        let defs = ProgressDefs::default();
        let teams: Vec<String> = vec!["A".into(), "B".into()];
        let mut a0 = ActivityProgress::new(); // done by both
        a0.insert("A".into(), rec(3, 1));
        a0.insert("B".into(), rec(3, 2));
        let mut a1 = ActivityProgress::new(); // A done, B partly
        a1.insert("A".into(), rec(3, 3));
        a1.insert("B".into(), rec(2, 9));
        let mut a2 = ActivityProgress::new(); // only C, not selected
        a2.insert("C".into(), rec(1, 20));
        let o = overview([&a0, &a1, &a2], &teams, &defs);
        assert_eq!((o.completed, o.in_progress), (1, 1));
        assert_eq!(o.last_updated, Date::new(2025, 4, 9));
        assert_eq!(o.rows.len(), 1);
        let (i, team, dates) = &o.rows[0];
        assert_eq!((*i, team.as_str()), (1, "B"));
        assert_eq!(dates, &vec![Date::new(2025, 4, 9), Date::new(2025, 4, 9)]);
        // A file that records only the final state counts as completed (the reference needs
        // a "Started" date for that).
        let mut only_final = ActivityProgress::new();
        let mut r = TeamProgress::default();
        r.insert("Fully implemented".into(), Date::new(2025, 1, 1).unwrap());
        only_final.insert("A".into(), r);
        assert_eq!(overview([&only_final], &teams[..1], &defs).completed, 1);
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use crate::domain::assessment::progress::{Status, TeamProgress};

    fn d(day: u8) -> Date {
        Date::new(2025, 6, day).unwrap()
    }

    #[test]
    fn changes_are_listed_newest_first_and_since_a_day() {
        let defs = ProgressDefs::default();
        let mut a = TeamProgress::default();
        a.set_state(&defs, 3, d(1));
        a.set_state(&defs, 1, d(10));
        let mut b = TeamProgress::default();
        b.set_state(&defs, 2, d(5));
        // Started back-dated to the 2nd (recorded on the 5th).
        b.set_date("Started", d(2)).unwrap();
        let p = ActivityProgress::from([
            ("A".into(), a),
            ("B".into(), b),
            ("C".into(), TeamProgress::default()),
        ]);
        let teams = ["A".to_string(), "B".to_string()];
        let all = changes([(7, &p)], &teams, &defs, None);
        let seen: Vec<(&str, Date)> = all
            .iter()
            .map(|c| (c.team.as_str(), c.change.date))
            .collect();
        assert_eq!(seen, [("A", d(10)), ("B", d(5)), ("B", d(2)), ("A", d(1))]);
        assert!(all.iter().all(|c| c.activity == 7));
        assert_eq!(
            change_text(&defs, &all[0].change),
            "● Fully implemented → ◔ Started"
        );
        // Since the 5th: also the back-dated change, recorded then.
        assert_eq!(changes([(7, &p)], &teams, &defs, Some(d(5))).len(), 3);
        assert_eq!(changes([(7, &p)], &teams, &defs, Some(d(6))).len(), 1);
        // Only team A asked for.
        assert_eq!(changes([(7, &p)], &teams[..1], &defs, None).len(), 2);
        assert_eq!(all[1].change.to, Status::State(2));
        // Two changes of one day: the later first.
        let mut c = TeamProgress::default();
        c.set_state(&defs, 3, d(7));
        c.set_state(&defs, 1, d(7));
        let p = ActivityProgress::from([("C".into(), c)]);
        let same_day = changes([(0, &p)], &["C".to_string()], &defs, None);
        let texts: Vec<String> = same_day
            .iter()
            .map(|r| change_text(&defs, &r.change))
            .collect();
        assert_eq!(
            texts,
            [
                "● Fully implemented → ◔ Started",
                "○ Not implemented → ● Fully implemented"
            ]
        );
    }
}
