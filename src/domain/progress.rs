//! Progress states and the one rule that moves a team between them.
//!
//! A team's record for an activity is the date each state was reached (the reference app's
//! "state history"). The current state is the highest-scoring state that has a date.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// One progress state ("Started", 20 %).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateDef {
    pub name: String,
    /// 0.0 ..= 1.0
    pub score: f64,
    pub definition: String,
}

/// The ordered progress states: index 0 is the 0 % state, the last is the 100 % state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressDefs {
    states: Vec<StateDef>,
}

impl Default for ProgressDefs {
    /// The reference app's meta.yaml defaults.
    fn default() -> Self {
        let s = |name: &str, score: f64, definition: &str| StateDef {
            name: name.into(),
            score,
            definition: definition.into(),
        };
        ProgressDefs {
            states: vec![
                s(
                    "Not implemented",
                    0.0,
                    "Activity not started and not planned",
                ),
                s(
                    "Started",
                    0.2,
                    "Activity has been started, or completed for a few applications",
                ),
                s(
                    "Partly implemented",
                    0.5,
                    "Activity has been implemented for at least half of the applications",
                ),
                s(
                    "Fully implemented",
                    1.0,
                    "Fully implemented for (almost) all applications",
                ),
            ],
        }
    }
}

impl ProgressDefs {
    pub fn states(&self) -> &[StateDef] {
        &self.states
    }

    pub fn len(&self) -> usize {
        self.states.len()
    }

    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Index of the 100 % state.
    pub fn completed(&self) -> usize {
        self.states.len() - 1
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.states.iter().position(|s| s.name == name)
    }

    pub fn name(&self, index: usize) -> &str {
        &self.states[index].name
    }
}

/// The dates one team reached each state of one activity. Keys are state names; names the
/// current definitions do not know are kept (and exported) untouched.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TeamProgress {
    pub dates: BTreeMap<String, Date>,
}

impl TeamProgress {
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// Index of the current state: the highest known state with a date, or 0.
    pub fn current(&self, defs: &ProgressDefs) -> usize {
        (1..defs.len())
            .rev()
            .find(|&i| self.dates.contains_key(defs.name(i)))
            .unwrap_or(0)
    }

    pub fn is_completed(&self, defs: &ProgressDefs) -> bool {
        self.current(defs) == defs.completed()
    }

    /// The date the current state was reached (None for the 0 % state).
    pub fn current_date(&self, defs: &ProgressDefs) -> Option<Date> {
        self.dates.get(defs.name(self.current(defs))).copied()
    }

    /// Changes the date a reached state was reached (to back-fill an assessment). States not
    /// reached cannot get a date this way: that would change the current state.
    pub fn set_date(&mut self, state: &str, date: Date) -> Result<(), String> {
        match self.dates.get_mut(state) {
            Some(d) => {
                *d = date;
                Ok(())
            }
            None => Err(format!(
                "“{state}” has not been reached, so it has no date to change"
            )),
        }
    }

    /// Moves the team to state `target`.
    ///
    /// Raising fills every skipped state with `today` (a state that already has a date keeps
    /// it). Lowering removes the dates of all higher states and gives the target state today's
    /// date if it had none. The 0 % state never carries a date.
    pub fn set_state(&mut self, defs: &ProgressDefs, target: usize, today: Date) {
        let target = target.min(defs.completed());
        let current = self.current(defs);
        if target > current {
            for i in current + 1..=target {
                self.dates.entry(defs.name(i).to_owned()).or_insert(today);
            }
        } else if target < current {
            for i in target + 1..defs.len() {
                self.dates.remove(defs.name(i));
            }
            if target > 0 {
                self.dates
                    .entry(defs.name(target).to_owned())
                    .or_insert(today);
            }
        }
        self.dates.remove(defs.name(0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u8) -> Date {
        Date::new(2025, 1, day).unwrap()
    }

    fn names(p: &TeamProgress) -> Vec<(&str, String)> {
        p.dates
            .iter()
            .map(|(k, v)| (k.as_str(), v.to_string()))
            .collect()
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
        assert_eq!(p.dates["Started"], d(1));
        assert_eq!(p.dates["Partly implemented"], d(9));
        assert_eq!(p.dates["Fully implemented"], d(9));
    }

    #[test]
    fn lower_clears_higher_states_and_dates_the_target() {
        let defs = ProgressDefs::default();
        let mut p = TeamProgress::default();
        p.dates.insert("Fully implemented".into(), d(3));
        // A file may record only the final state; lowering to "Started" dates it today.
        p.set_state(&defs, 1, d(7));
        assert_eq!(names(&p), vec![("Started", "2025-01-07".into())]);
        p.set_state(&defs, 0, d(8));
        assert!(p.is_empty());
        assert_eq!(p.current(&defs), 0);
    }

    #[test]
    fn dates_of_reached_states_can_be_back_filled() {
        let defs = ProgressDefs::default();
        let mut p = TeamProgress::default();
        p.set_state(&defs, 2, d(20));
        p.set_date("Started", d(3)).unwrap();
        assert_eq!(p.dates["Started"], d(3));
        assert_eq!(p.current(&defs), 2);
        assert!(p.set_date("Fully implemented", d(4)).is_err());
        assert_eq!(p.current(&defs), 2);
    }

    #[test]
    fn unknown_state_names_survive_every_move() {
        let defs = ProgressDefs::default();
        let mut p = TeamProgress::default();
        p.dates.insert("Backlog".into(), d(2));
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

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn after_any_move_the_current_state_is_the_target(
                moves in proptest::collection::vec((0usize..4, 1u8..28), 1..20)
            ) {
                let defs = ProgressDefs::default();
                let mut p = TeamProgress::default();
                for (target, day) in moves {
                    p.set_state(&defs, target, d(day));
                    prop_assert_eq!(p.current(&defs), target);
                    // Every state up to the current one has a date, none above it.
                    for i in 1..defs.len() {
                        prop_assert_eq!(p.dates.contains_key(defs.name(i)), i <= target);
                    }
                }
            }
        }
    }
}
