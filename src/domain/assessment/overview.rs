//! The teams overview: key figures and the activities in progress for a set of teams.

use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::{
    icon, status_name, HistoryRow, ProgressDefs, Status, TeamProgress,
};
use crate::domain::assessment::scores::all_done;
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
    /// current state is between the 0 % and the 100 % state, in activity and team order:
    /// the first `limit` of them.
    pub rows: Vec<(usize, String, Vec<Option<Date>>)>,
    /// Such records beyond the first `limit` (counted, not listed: 1000 teams can have
    /// 194,000 of them).
    pub more_rows: usize,
}

/// `teams` by name, each with its place in `teams`: to walk an activity's records and the
/// teams together (see [`records_of`]).
fn by_name(teams: &[String]) -> Vec<(&str, usize)> {
    let mut sorted: Vec<(&str, usize)> = teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    sorted.sort_unstable();
    sorted
}

/// The records `p` holds for the teams of `sorted` ([`by_name`]), with each team's place:
/// one walk of both in name order instead of a look-up per team (1000 teams on 194
/// activities: 194,000 look-ups of ten comparisons each).
fn records_of<'p, 's>(
    p: &'p ActivityProgress,
    sorted: &'s [(&'s str, usize)],
) -> impl Iterator<Item = (usize, &'p String, &'p TeamProgress)> + use<'p, 's> {
    let mut j = 0;
    p.iter().filter_map(move |(team, r)| {
        // Mostly the next team is the record's (every team has one): one equality test,
        // which differing lengths settle without comparing bytes.
        if sorted.get(j).is_some_and(|s| s.0 == team.as_str()) {
            j += 1;
            return Some((sorted[j - 1].1, team, r));
        }
        while j < sorted.len() && sorted[j].0 < team.as_str() {
            j += 1;
        }
        (j < sorted.len() && sorted[j].0 == team.as_str()).then(|| (sorted[j].1, team, r))
    })
}

/// `activities` is every activity's progress, in model order (the index is kept in rows).
/// Lists at most `limit` rows.
pub fn overview<'a>(
    activities: impl IntoIterator<Item = &'a ActivityProgress>,
    teams: &[String],
    defs: &ProgressDefs,
    limit: usize,
) -> Overview {
    let mut o = Overview::default();
    let done = defs.completed();
    let sorted = by_name(teams);
    for (i, p) in activities.into_iter().enumerate() {
        // Teams without a record count as applying and not started.
        let (mut of, mut finished, mut started) = (teams.len(), 0, false);
        let mut rows: Vec<(usize, &String, &TeamProgress)> = Vec::new();
        for (place, team, r) in records_of(p, &sorted) {
            o.last_updated = o.last_updated.max(r.last_change());
            // Worked out once per record (`scores::applying`: not applicable does not count).
            let Status::State(state) = r.status(defs) else {
                of -= 1;
                continue;
            };
            finished += usize::from(state == done);
            started |= state > 0;
            if state > 0 && state < done {
                rows.push((place, team, r));
            }
        }
        // In the order of `teams`: the first rows up to `limit` are listed, the rest counted.
        rows.sort_unstable_by_key(|&(place, ..)| place);
        for (_, team, r) in rows {
            if o.rows.len() == limit {
                o.more_rows += 1;
                continue;
            }
            let dates = (1..done)
                .map(|s| r.dates().get(defs.name(s)).copied())
                .collect();
            o.rows.push((i, team.clone(), dates));
        }
        if all_done(finished, of) {
            o.completed += 1;
        } else if started {
            o.in_progress += 1;
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

/// The newest changes, and whether there are older ones not listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub rows: Vec<ChangeRow>,
    pub more: bool,
}

/// The newest `limit` changes of `teams` on `activities` (index, records), newest first;
/// with `since`, only those that apply from that day on or were recorded since (a change
/// back-dated after a review is news too). The one rule for the activity page's history
/// and the overview's "changed since".
///
/// A record's history is worked out only when it could hold one of the newest `limit`
/// (its latest day against the last row kept): 1000 teams hold 194,000 records.
pub fn changes<'a>(
    activities: impl IntoIterator<Item = (usize, &'a ActivityProgress)>,
    teams: &[String],
    defs: &ProgressDefs,
    since: Option<Date>,
    limit: usize,
) -> Changes {
    let in_range = |date: Date, recorded: Option<Date>| {
        since.is_none_or(|s| date >= s || recorded.is_some_and(|r| r >= s))
    };
    let mut out = Changes::default();
    if limit == 0 {
        return out;
    }
    // Rows kept; when twice `limit`, cut to the newest `limit`, the last of which then is
    // the bar a record must pass to be looked at.
    let mut kept: Vec<ChangeRow> = Vec::new();
    let mut bar: Option<ChangeRow> = None;
    let sorted = by_name(teams);
    for (activity, p) in activities {
        for (_, team, r) in records_of(p, &sorted) {
            let log = r.log();
            if !log.iter().any(|c| in_range(c.date, c.recorded)) {
                continue;
            }
            // No row of this record comes before its latest date and day recorded.
            let (Some(date), recorded) = (
                log.iter().map(|c| c.date).max(),
                log.iter().map(|c| c.recorded).max().flatten(),
            ) else {
                continue;
            };
            if let Some(bar) = &bar {
                if before((date, recorded, activity, team, usize::MAX), key(bar)).is_gt() {
                    out.more = true;
                    continue;
                }
            }
            for (seq, change) in r.history(defs).into_iter().enumerate() {
                if in_range(change.date, change.recorded) {
                    kept.push(ChangeRow {
                        activity,
                        team: team.clone(),
                        change,
                        seq,
                    });
                }
            }
            if kept.len() >= limit.saturating_mul(2) {
                kept.select_nth_unstable_by(limit - 1, order);
                kept.truncate(limit);
                bar = kept.last().cloned();
                out.more = true;
            }
        }
    }
    newest_first(&mut kept);
    out.more |= kept.len() > limit;
    kept.truncate(limit);
    out.rows = kept;
    out
}

/// What lists of changes are ordered by: (date, day recorded, activity, team, place in
/// the team's history).
type Key<'a> = (Date, Option<Date>, usize, &'a str, usize);

fn key(r: &ChangeRow) -> Key<'_> {
    (r.change.date, r.change.recorded, r.activity, &r.team, r.seq)
}

/// The order of lists of changes: newest first, then by activity and team, a team's later
/// change of one day first (`Less`: `a` is listed before `b`).
fn before(a: Key, b: Key) -> std::cmp::Ordering {
    (b.0, b.1, a.2, a.3, b.4).cmp(&(a.0, a.1, b.2, b.3, a.4))
}

fn order(a: &ChangeRow, b: &ChangeRow) -> std::cmp::Ordering {
    before(key(a), key(b))
}

/// Sorts `rows` in the order of lists of changes (see [`order`]).
pub fn newest_first(rows: &mut [ChangeRow]) {
    rows.sort_by(order);
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
        let o = overview([&a0, &a1, &a2], &teams, &defs, 100);
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
        assert_eq!(
            overview([&only_final], &teams[..1], &defs, 100).completed,
            1
        );
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
        let all = changes([(7, &p)], &teams, &defs, None, 100).rows;
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
        assert_eq!(
            changes([(7, &p)], &teams, &defs, Some(d(5)), 100)
                .rows
                .len(),
            3
        );
        assert_eq!(
            changes([(7, &p)], &teams, &defs, Some(d(6)), 100)
                .rows
                .len(),
            1
        );
        // Only team A asked for.
        assert_eq!(
            changes([(7, &p)], &teams[..1], &defs, None, 100).rows.len(),
            2
        );
        assert_eq!(all[1].change.to, Status::State(2));
        // Two changes of one day: the later first.
        let mut c = TeamProgress::default();
        c.set_state(&defs, 3, d(7));
        c.set_state(&defs, 1, d(7));
        let p = ActivityProgress::from([("C".into(), c)]);
        let same_day = changes([(0, &p)], &["C".to_string()], &defs, None, 100).rows;
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod limit_tests {
    use super::*;
    use crate::domain::assessment::progress::TeamProgress;
    use proptest::prelude::*;

    /// Activities × teams with random changes of state (target state, day).
    fn assessment(moves: &[Vec<(usize, u8)>]) -> (Vec<ActivityProgress>, Vec<String>) {
        let defs = ProgressDefs::default();
        // Not in name order: rows follow the order of the list.
        let teams: Vec<String> = [2, 0, 3, 1].iter().map(|t| format!("T{t}")).collect();
        let mut acts = vec![ActivityProgress::new(); 5];
        for (k, list) in moves.iter().enumerate() {
            let mut r = TeamProgress::default();
            for &(state, day) in list {
                r.set_state(&defs, state, Date::new(2025, 3, day).unwrap());
            }
            acts[k % 5].insert(teams[k / 5 % 4].clone(), r);
        }
        (acts, teams)
    }

    proptest! {
        #[test]
        fn the_newest_changes_are_the_first_of_all_changes(
            moves in proptest::collection::vec(proptest::collection::vec((0usize..4, 1u8..28), 0..6), 0..20),
            limit in 1usize..12,
            since in proptest::option::of(1u8..28),
        ) {
            let (acts, teams) = assessment(&moves);
            let defs = ProgressDefs::default();
            let since = since.map(|d| Date::new(2025, 3, d).unwrap());
            let all = changes(acts.iter().enumerate(), &teams, &defs, since, usize::MAX).rows;
            let some = changes(acts.iter().enumerate(), &teams, &defs, since, limit);
            prop_assert_eq!(&some.rows[..], &all[..all.len().min(limit)]);
            prop_assert_eq!(some.more, all.len() > limit);
        }

        #[test]
        fn the_overview_lists_the_first_rows_and_counts_the_rest(
            moves in proptest::collection::vec(proptest::collection::vec((0usize..4, 1u8..28), 0..4), 0..20),
            limit in 0usize..8,
        ) {
            let (acts, teams) = assessment(&moves);
            let defs = ProgressDefs::default();
            let all = overview(acts.iter(), &teams, &defs, usize::MAX);
            let some = overview(acts.iter(), &teams, &defs, limit);
            prop_assert_eq!(&some.rows[..], &all.rows[..all.rows.len().min(limit)]);
            prop_assert_eq!(some.rows.len() + some.more_rows, all.rows.len());
            prop_assert_eq!((some.completed, some.in_progress, some.last_updated), (all.completed, all.in_progress, all.last_updated));
            // The rules of `scores`, team by team.
            use crate::domain::assessment::scores::{applying, completed_by_all};
            let completed = acts.iter().filter(|p| completed_by_all(p, &teams, &defs)).count();
            prop_assert_eq!(all.completed, completed);
            let mut rows = Vec::new();
            for (i, p) in acts.iter().enumerate() {
                for t in applying(p, &teams, &defs) {
                    let state = p.get(t).map_or(0, |r| r.current(&defs));
                    if state > 0 && state < defs.completed() {
                        rows.push((i, t.clone()));
                    }
                }
            }
            let listed: Vec<(usize, String)> = all.rows.iter().map(|(i, t, _)| (*i, t.clone())).collect();
            prop_assert_eq!(listed, rows);
        }
    }
}
