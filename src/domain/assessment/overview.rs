//! The teams overview: key figures and the activities in progress for a set of teams.

use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::ProgressDefs;
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
                o.last_updated = o.last_updated.max(r.dates.values().max().copied());
            }
        }
        for (team, state) in states {
            let Some(r) = p.get(team) else { continue };
            if state > 0 && state < done {
                let dates = (1..done)
                    .map(|s| r.dates.get(defs.name(s)).copied())
                    .collect();
                o.rows.push((i, team.clone(), dates));
            }
        }
    }
    o
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
        r.dates
            .insert("Fully implemented".into(), Date::new(2025, 1, 1).unwrap());
        only_final.insert("A".into(), r);
        assert_eq!(overview([&only_final], &teams[..1], &defs).completed, 1);
    }
}
