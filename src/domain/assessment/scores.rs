//! Scores: how far a team (or teams) got on an activity and on a heatmap sector. One place,
//! used by the heatmap and anything else that shows percentages.

use crate::domain::assessment::progress::{ProgressDefs, Status, TeamProgress};
use crate::domain::assessment::ActivityProgress;

/// Score 0.0..=1.0 of `team`'s current state on one activity (no record = 0); None when the
/// team marked it not applicable.
pub fn team_score(p: &ActivityProgress, team: &str, defs: &ProgressDefs) -> Option<f64> {
    match p.get(team) {
        Some(r) if r.is_not_applicable(defs) => None,
        Some(r) => Some(defs.states()[r.current(defs)].score()),
        None => Some(0.0),
    }
}

/// Mean over the `teams` it applies to of their scores on one activity; None when it
/// applies to none of them (or no team is given).
pub fn activity_score(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> Option<f64> {
    let t = tally(p, teams, defs);
    (t.of > 0).then(|| t.sum / t.of as f64)
}

/// What one walk over `teams`' records of an activity finds (one look-up per team: a
/// heatmap of 1000 teams makes 194,000).
struct Tally {
    /// Teams it applies to ([`applying`]), of them those that completed it, and the sum
    /// of their scores ([`team_score`]).
    of: usize,
    done: usize,
    /// Of them, those at a state between the 0 % and the completed one.
    going: usize,
    sum: f64,
}

fn tally(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> Tally {
    let mut t = Tally {
        of: 0,
        done: 0,
        going: 0,
        sum: 0.0,
    };
    for team in teams {
        let status = p.get(team).map_or(Status::State(0), |r| r.status(defs));
        if let Status::State(i) = status {
            t.of += 1;
            t.done += usize::from(i == defs.completed());
            t.going += usize::from(i > 0 && i < defs.completed());
            t.sum += defs.states()[i].score();
        }
    }
    t
}

/// The one not-applicable rule: the `teams` an activity applies to (those that did not
/// mark it not applicable). Only they count in scores, completion counts and overviews.
pub fn applying<'a>(
    p: &'a ActivityProgress,
    teams: &'a [String],
    defs: &'a ProgressDefs,
) -> impl Iterator<Item = &'a String> + 'a {
    teams.iter().filter(move |t| applies_to(p.get(*t), defs))
}

/// [`applying`] for one team's record (None: the team has none).
pub fn applies_to(record: Option<&TeamProgress>, defs: &ProgressDefs) -> bool {
    !record.is_some_and(|r| r.is_not_applicable(defs))
}

/// Whether the activity applies to any of `teams`.
pub fn applies(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> bool {
    applying(p, teams, defs).next().is_some()
}

/// (teams that completed the activity, teams it applies to) among `teams`.
pub fn teams_done(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> (usize, usize) {
    let t = tally(p, teams, defs);
    (t.done, t.of)
}

/// How far several teams are on one activity: how many completed it, how many are in
/// progress (a state between 0 % and completed), of how many it applies to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub done: usize,
    pub going: usize,
    pub of: usize,
}

pub fn group_counts(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> GroupCounts {
    let t = tally(p, teams, defs);
    GroupCounts {
        done: t.done,
        going: t.going,
        of: t.of,
    }
}

/// Whether the activity applies to some of `teams` and all of those completed it.
pub fn completed_by_all(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> bool {
    let (done, of) = teams_done(p, teams, defs);
    all_done(done, of)
}

/// [`completed_by_all`] from the counts of [`teams_done`].
pub fn all_done(done: usize, of: usize) -> bool {
    of > 0 && done == of
}

/// The date of the latest change among `teams`' records of the activities `progress` gives
/// (the report's "latest change", the Statement of Applicability's per team).
pub fn latest_change<'a>(
    progress: impl IntoIterator<Item = &'a ActivityProgress>,
    teams: &[String],
) -> Option<crate::domain::assessment::date::Date> {
    progress
        .into_iter()
        .flat_map(|p| teams.iter().filter_map(|t| p.get(t)))
        .filter_map(|r| r.last_change())
        .max()
}

/// What a page or an export says of the chosen teams' progress on one activity: `text` for
/// people (state names, never colour alone) and `rank` to sort by (higher = further).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopeState {
    pub text: String,
    pub rank: u32,
}

/// The one rule for [`ScopeState`]: one team → its state's name (ranked by the state's place
/// on the ladder, not applicable after the rest); several → "k of n teams done" over the
/// teams it applies to (ranked by that share, on the same scale), or "Not applicable" when it applies to none.
pub fn scope_state(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> ScopeState {
    use crate::domain::assessment::progress::{status_name, Status};
    match teams {
        [] => ScopeState {
            text: "No team chosen".into(),
            rank: 0,
        },
        [team] => {
            let status = p.get(team).map_or(Status::State(0), |r| r.status(defs));
            let rank = match status {
                // On the same scale as several teams' share done.
                Status::State(i) => (i * 10_000 / defs.completed().max(1)) as u32,
                Status::NotApplicable => u32::MAX,
            };
            ScopeState {
                text: status_name(defs, status),
                rank,
            }
        }
        _ => match teams_done(p, teams, defs) {
            (_, 0) => ScopeState {
                text: defs.na_label().to_string(),
                rank: u32::MAX,
            },
            (done, of) => ScopeState {
                text: format!("{done} of {of} teams done"),
                rank: (done * 10_000 / of) as u32,
            },
        },
    }
}

/// A heatmap sector's (or matrix cell's) summary: activities, how many of them apply to the
/// selected teams, how many all of those teams completed, and the mean score over the
/// activities that apply (None when none does).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SectorScore {
    pub activities: usize,
    pub applicable: usize,
    pub completed: usize,
    pub score: Option<f64>,
}

pub fn sector_score<'a>(
    activities: impl IntoIterator<Item = &'a ActivityProgress>,
    teams: &[String],
    defs: &ProgressDefs,
) -> SectorScore {
    let (mut n, mut applicable, mut completed, mut sum) = (0, 0, 0, 0.0);
    for p in activities {
        n += 1;
        let t = tally(p, teams, defs);
        if t.of > 0 {
            applicable += 1;
            sum += t.sum / t.of as f64;
            completed += usize::from(all_done(t.done, t.of));
        }
    }
    SectorScore {
        activities: n,
        applicable,
        completed,
        score: (applicable > 0).then(|| sum / applicable as f64),
    }
}

/// The heatmap's shade of a score: 0 and 1 stay, anything between is lifted into 0.3..0.8
/// so that partial progress always looks different from none and from complete. (The
/// reference app lifts into 0.08..0.8: "Started", 20 %, was hardly told from 0 %; with the
/// palette of style/app.css the step from 0 % to 20 % is now 1.9:1 in light and 2.3:1 in
/// dark, each further legend step at least 1.2:1.)
pub fn pinch(score: f64) -> f64 {
    if score <= 0.0 {
        0.0
    } else if score >= 1.0 {
        1.0
    } else {
        0.3 + 0.5 * score
    }
}

/// Whole percent, rounded.
pub fn percent(score: f64) -> u32 {
    (score * 100.0).round().clamp(0.0, 100.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::test_support::teams;

    fn p(states: &[(&str, usize)]) -> ActivityProgress {
        let defs = ProgressDefs::default();
        let mut out = ActivityProgress::new();
        for (team, s) in states {
            let mut r = crate::domain::assessment::progress::TeamProgress::default();
            r.set_state(&defs, *s, Date::new(2025, 1, 1).unwrap());
            out.insert(team.to_string(), r);
        }
        out
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The one walk over the teams gives what each team's score and state say.
        #[test]
        fn one_walk_agrees_with_the_rules_team_by_team(
            states in proptest::collection::vec(proptest::option::of(0usize..5), 0..6),
        ) {
            use crate::domain::assessment::progress::{StateDef, NOT_APPLICABLE};
            let plain = ProgressDefs::default();
            let defs = ProgressDefs::new(plain.states().to_vec(), Some(StateDef::new(NOT_APPLICABLE, 0, ""))).unwrap();
            let names: Vec<String> = (0..states.len()).map(|i| format!("T{i}")).collect();
            let mut a = ActivityProgress::new();
            for (team, s) in names.iter().zip(&states) {
                let Some(s) = *s else { continue };
                let mut r = TeamProgress::default();
                let status = if s == 4 { Status::NotApplicable } else { Status::State(s) };
                r.set_status(&defs, status, Date::new(2025, 1, 1).unwrap());
                a.insert(team.clone(), r);
            }
            let scores: Vec<f64> = names.iter().filter_map(|t| team_score(&a, t, &defs)).collect();
            let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            proptest::prop_assert_eq!(activity_score(&a, &names, &defs), mean);
            let of = applying(&a, &names, &defs).count();
            let done = applying(&a, &names, &defs).filter(|t| a.get(*t).is_some_and(|r| r.is_completed(&defs))).count();
            proptest::prop_assert_eq!(teams_done(&a, &names, &defs), (done, of));
        }
    }

    #[test]
    fn scores_follow_the_reference_definition() {
        let defs = ProgressDefs::default();
        let a = p(&[("A", 3), ("B", 1)]);
        assert_eq!(team_score(&a, "A", &defs), Some(1.0));
        assert_eq!(team_score(&a, "C", &defs), Some(0.0));
        // Mean over the selected teams; a team without a record counts 0.
        let mean = activity_score(&a, &teams(&["A", "B", "C", "D"]), &defs).unwrap();
        assert!((mean - 0.3).abs() < 1e-9);
        assert_eq!(activity_score(&a, &[], &defs), None);
        assert!(completed_by_all(&a, &teams(&["A"]), &defs));
        assert!(!completed_by_all(&a, &teams(&["A", "B"]), &defs));
        assert!(!completed_by_all(&a, &[], &defs));
    }

    #[test]
    fn scope_state_names_the_state_or_counts_the_teams_done() {
        let defs = ProgressDefs::default();
        let a = p(&[("A", 3), ("B", 1)]);
        let one = scope_state(&a, &teams(&["B"]), &defs);
        assert_eq!(one.text, defs.name(1));
        assert!(one.rank > 0 && one.rank < 10_000);
        assert_eq!(scope_state(&a, &teams(&["C"]), &defs).text, defs.name(0));
        let group = scope_state(&a, &teams(&["A", "B", "C", "D"]), &defs);
        assert_eq!(group.text, "1 of 4 teams done");
        let all = scope_state(&a, &teams(&["A"]), &defs);
        assert!(all.rank > group.rank);
        assert_eq!(scope_state(&a, &[], &defs).text, "No team chosen");
    }

    #[test]
    fn sector_score_is_the_mean_over_its_activities() {
        let defs = ProgressDefs::default();
        let acts = [p(&[("A", 3)]), p(&[("A", 2)]), p(&[])];
        let s = sector_score(acts.iter(), &teams(&["A"]), &defs);
        assert_eq!((s.activities, s.completed), (3, 1));
        assert!((s.score.unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(percent(s.score.unwrap()), 50);
        let empty = sector_score(std::iter::empty(), &teams(&["A"]), &defs);
        assert_eq!(empty.score, None);
    }

    #[test]
    fn not_applicable_is_left_out_of_scores_and_counts() {
        use crate::domain::assessment::progress::{StateDef, Status, NOT_APPLICABLE};
        let plain = ProgressDefs::default();
        let defs = ProgressDefs::new(
            plain.states().to_vec(),
            Some(StateDef::new(NOT_APPLICABLE, 0, "")),
        )
        .unwrap();
        let today = Date::new(2025, 1, 1).unwrap();
        let mut a = p(&[("A", 3), ("B", 0)]);
        a.entry("B".into())
            .or_default()
            .set_status(&defs, Status::NotApplicable, today);
        let ab = teams(&["A", "B"]);
        // B does not count: A alone decides.
        assert_eq!(team_score(&a, "B", &defs), None);
        assert_eq!(activity_score(&a, &ab, &defs), Some(1.0));
        assert!(completed_by_all(&a, &ab, &defs));
        assert!(!completed_by_all(&a, &teams(&["B"]), &defs));
        assert!(applies(&a, &ab, &defs) && !applies(&a, &teams(&["B"]), &defs));
        assert_eq!(teams_done(&a, &teams(&["A", "B", "C"]), &defs), (1, 2));
        // A sector where one activity does not apply at all.
        let mut b = ActivityProgress::new();
        b.entry("A".into())
            .or_default()
            .set_status(&defs, Status::NotApplicable, today);
        let s = sector_score([&a, &b], &teams(&["A"]), &defs);
        assert_eq!((s.activities, s.applicable, s.completed), (2, 1, 1));
        assert_eq!(s.score, Some(1.0));
        let none = sector_score([&b], &teams(&["A"]), &defs);
        assert_eq!((none.applicable, none.score), (0, None));
    }

    #[test]
    fn pinch_separates_partial_from_none_and_all() {
        assert_eq!(pinch(0.0), 0.0);
        assert_eq!(pinch(1.0), 1.0);
        assert!((pinch(0.01) - 0.305).abs() < 1e-9);
        assert!((pinch(0.2) - 0.4).abs() < 1e-9);
        assert!(pinch(0.99) < 0.8 + 1e-9);
    }
}
