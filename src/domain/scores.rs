//! Scores: how far a team (or teams) got on an activity and on a heatmap sector. One place,
//! used by the heatmap and anything else that shows percentages.

use super::assessment::ActivityProgress;
use super::progress::ProgressDefs;

/// Score 0.0..=1.0 of `team`'s current state on one activity (no record = 0).
pub fn team_score(p: &ActivityProgress, team: &str, defs: &ProgressDefs) -> f64 {
    p.get(team)
        .map(|r| defs.states()[r.current(defs)].score)
        .unwrap_or(0.0)
}

/// Mean over `teams` of their scores on one activity; 0 when no team is given.
pub fn activity_score(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> f64 {
    if teams.is_empty() {
        return 0.0;
    }
    teams.iter().map(|t| team_score(p, t, defs)).sum::<f64>() / teams.len() as f64
}

/// Whether every team in `teams` has completed the activity.
pub fn completed_by_all(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> bool {
    !teams.is_empty()
        && teams
            .iter()
            .all(|t| p.get(t).is_some_and(|r| r.is_completed(defs)))
}

/// A heatmap sector's summary: activities, how many all selected teams completed, and the
/// mean activity score (None for a sector without activities).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SectorScore {
    pub activities: usize,
    pub completed: usize,
    pub score: Option<f64>,
}

pub fn sector_score<'a>(
    activities: impl IntoIterator<Item = &'a ActivityProgress>,
    teams: &[String],
    defs: &ProgressDefs,
) -> SectorScore {
    let (mut n, mut completed, mut sum) = (0, 0, 0.0);
    for p in activities {
        n += 1;
        sum += activity_score(p, teams, defs);
        completed += usize::from(completed_by_all(p, teams, defs));
    }
    SectorScore {
        activities: n,
        completed,
        score: (n > 0).then(|| sum / n as f64),
    }
}

/// The reference app's display value: 0 and 1 stay, anything between is lifted into
/// 0.08..0.8 so partial progress always looks different from none and from complete.
pub fn pinch(score: f64) -> f64 {
    if score <= 0.0 {
        0.0
    } else if score >= 1.0 {
        1.0
    } else {
        0.08 + 0.72 * score
    }
}

/// Whole percent, rounded.
pub fn percent(score: f64) -> u32 {
    (score * 100.0).round().clamp(0.0, 100.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;

    fn p(states: &[(&str, usize)]) -> ActivityProgress {
        let defs = ProgressDefs::default();
        let mut out = ActivityProgress::new();
        for (team, s) in states {
            let mut r = crate::domain::progress::TeamProgress::default();
            r.set_state(&defs, *s, Date::new(2025, 1, 1).unwrap());
            out.insert(team.to_string(), r);
        }
        out
    }

    fn teams(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn scores_follow_the_reference_definition() {
        let defs = ProgressDefs::default();
        let a = p(&[("A", 3), ("B", 1)]);
        assert_eq!(team_score(&a, "A", &defs), 1.0);
        assert_eq!(team_score(&a, "C", &defs), 0.0);
        // Mean over the selected teams; a team without a record counts 0.
        assert!((activity_score(&a, &teams(&["A", "B", "C", "D"]), &defs) - 0.3).abs() < 1e-9);
        assert!(completed_by_all(&a, &teams(&["A"]), &defs));
        assert!(!completed_by_all(&a, &teams(&["A", "B"]), &defs));
        assert!(!completed_by_all(&a, &[], &defs));
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
    fn pinch_separates_partial_from_none_and_all() {
        assert_eq!(pinch(0.0), 0.0);
        assert_eq!(pinch(1.0), 1.0);
        assert!((pinch(0.01) - 0.0872).abs() < 1e-9);
        assert!(pinch(0.99) < 0.8 + 1e-9);
    }
}
