//! Editing the progress states: a draft of rows, each remembering which stored state it
//! started from, so renames are found by identity (the reference app goes by position and
//! mixes up dates when a row is deleted). Saving rewrites every stored record at once.

use std::collections::BTreeMap;

use crate::domain::assessment::progress::{
    ProgressDefs, StateDef, StatesError, TeamProgress, NOT_APPLICABLE,
};
use crate::domain::assessment::ActivityProgress;

/// One row of the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Identity of the row in the editor's list (stays while its fields are edited).
    pub key: u32,
    /// The stored state this row edits (None for a new row).
    pub original: Option<String>,
    pub def: StateDef,
}

/// What the editor holds: the ladder of states and the optional not-applicable state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub states: Vec<Row>,
    pub not_applicable: Option<Row>,
    next_key: u32,
    /// The stored states the draft started from: saving is refused if they changed since.
    base: ProgressDefs,
}

/// What happens to the dates of a state that is deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// Remove them.
    Delete,
    /// Give them to this state (by its new name); a date it already has wins.
    MoveTo(String),
}

impl Draft {
    fn row(&mut self, original: Option<&StateDef>, def: StateDef) -> Row {
        self.next_key += 1;
        Row {
            key: self.next_key,
            original: original.map(|o| o.name.clone()),
            def,
        }
    }

    /// The editor's starting point: the stored definitions, each row tied to itself.
    pub fn from_defs(defs: &ProgressDefs) -> Draft {
        let mut d = Draft {
            states: Vec::new(),
            not_applicable: None,
            next_key: 0,
            base: defs.clone(),
        };
        for s in defs.states() {
            let r = d.row(Some(s), s.clone());
            d.states.push(r);
        }
        d.not_applicable = defs.not_applicable().map(|s| d.row(Some(s), s.clone()));
        d
    }

    /// Replaces the rows with the defaults, each tied to the stored state of the same name if
    /// there is one, so resetting keeps the dates of states that keep their name. New keys:
    /// no row on screen is mistaken for another.
    pub fn reset_to_defaults(&mut self) {
        let base = self.base.clone();
        self.states.clear();
        self.not_applicable = None;
        for s in ProgressDefs::default().states() {
            let same = base
                .states()
                .iter()
                .chain(base.not_applicable())
                .find(|c| c.name == s.name);
            let r = self.row(same, s.clone());
            self.states.push(r);
        }
    }

    /// A new row before the last one, scored halfway between its neighbours (as the
    /// reference app does).
    pub fn add_row(&mut self) {
        let n = self.states.len();
        let (lo, hi) = match n {
            0 => (0, 100),
            1 => (self.states[0].def.percent, 100),
            _ => (
                self.states[n - 2].def.percent,
                self.states[n - 1].def.percent,
            ),
        };
        let percent = ((u16::from(lo) + u16::from(hi)) / 2) as u8;
        let r = self.row(None, StateDef::new("", percent, ""));
        self.states.insert(n.saturating_sub(1), r);
    }

    /// Turns the optional not-applicable state on or off.
    pub fn set_not_applicable(&mut self, on: bool, current: &ProgressDefs) {
        self.not_applicable = on.then(|| match current.not_applicable() {
            Some(s) => self.row(Some(s), s.clone()),
            None => self.row(
                None,
                StateDef::new(
                    NOT_APPLICABLE,
                    0,
                    "The activity does not apply to this team",
                ),
            ),
        });
    }

    /// The row with `key` (a state or the not-applicable one).
    pub fn row_mut(&mut self, key: u32) -> Option<&mut Row> {
        self.states
            .iter_mut()
            .chain(self.not_applicable.as_mut())
            .find(|r| r.key == key)
    }

    pub fn remove_row(&mut self, key: u32) {
        self.states.retain(|r| r.key != key);
    }

    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.states.iter().chain(&self.not_applicable)
    }

    /// The definitions this draft describes (checked and sorted), or why it cannot be saved.
    pub fn to_defs(&self) -> Result<ProgressDefs, StatesError> {
        ProgressDefs::new(
            self.states.iter().map(|r| r.def.clone()).collect(),
            self.not_applicable.as_ref().map(|r| r.def.clone()),
        )
    }

    /// Stored states whose dates would go: those no row continues, and one that becomes the
    /// 0 % state (which never holds a date). Their dates need a [`Disposition`].
    pub fn removed(&self, current: &ProgressDefs) -> Vec<String> {
        let new_zero = self
            .states
            .iter()
            .find(|r| r.def.percent == 0)
            .and_then(|r| r.original.as_deref())
            .filter(|o| current.index_of(o).is_some_and(|i| i > 0));
        current
            .states()
            .iter()
            .chain(current.not_applicable())
            .map(|s| s.name.clone())
            .filter(|n| {
                Some(n.as_str()) == new_zero
                    || !self.rows().any(|r| r.original.as_deref() == Some(n))
            })
            .collect()
    }
}

/// How many team records hold a date for `state`.
pub fn dates_held<'a>(
    progress: impl IntoIterator<Item = &'a ActivityProgress>,
    state: &str,
) -> usize {
    progress
        .into_iter()
        .flat_map(|p| p.values())
        .filter(|r| r.dates().contains_key(state))
        .count()
}

/// A checked change of the progress states: the new definitions, and how the old states
/// map to them. What it does to stored values is each stored kind's
/// ([`crate::domain::storage::follow_states`]): records through [`StateChange::rewrite`].
#[derive(Debug, PartialEq)]
pub struct StateChange {
    pub defs: ProgressDefs,
    current: ProgressDefs,
    /// Old name → new name.
    renames: BTreeMap<String, String>,
    /// A removed state → the state its dates move to (None: deleted).
    moves: BTreeMap<String, Option<String>>,
}

impl StateChange {
    /// A team's record after the change: renamed states carry their dates, removed ones
    /// follow their disposition, names the definitions never knew are kept; the history
    /// follows likewise.
    pub fn rewrite(&self, record: &TeamProgress) -> TeamProgress {
        let (current, defs) = (&self.current, &self.defs);
        let mut dates = BTreeMap::new();
        // Renamed states first, then moved dates, then names never defined: a date
        // already placed wins, so nothing known is overwritten by a guess.
        for (k, d) in record.dates() {
            if let Some(n) = self.renames.get(k) {
                dates.insert(n.clone(), *d);
            }
        }
        for (k, d) in record.dates() {
            if let Some(Some(to)) = self.moves.get(k) {
                dates.entry(to.clone()).or_insert(*d);
            }
        }
        for (k, d) in record.dates() {
            if !current.knows(k) {
                dates.entry(k.clone()).or_insert(*d);
            }
        }
        // The 0 % state never carries a date.
        dates.remove(defs.name(0));
        // The history follows: a renamed state is renamed in it, a moved one moved, a
        // deleted one (its dates deleted) gone from it.
        let zero = defs.name(0);
        record.rewrite_states(
            |k| {
                let name = if let Some(n) = self.renames.get(k) {
                    n.clone()
                } else if let Some(to) = self.moves.get(k) {
                    to.clone()?
                } else if !current.knows(k) {
                    k.to_string()
                } else {
                    return None;
                };
                (name != zero).then_some(name)
            },
            dates,
        )
    }

    /// An activity's records after the change; None when they stay as they are.
    pub fn rewrite_activity(&self, p: &ActivityProgress) -> Option<ActivityProgress> {
        let mut next = ActivityProgress::new();
        for (team, record) in p {
            let r = self.rewrite(record);
            if !r.is_empty() {
                next.insert(team.clone(), r);
            }
        }
        (&next != p).then_some(next)
    }
}

/// Checks `draft` against `progress`: renamed states carry their dates, removed states
/// follow `dispositions` (required for each removed state that holds dates), and state
/// names the definitions never knew are kept untouched ([`StateChange::rewrite`]).
pub fn apply(
    progress: &BTreeMap<String, ActivityProgress>,
    current: &ProgressDefs,
    draft: &Draft,
    dispositions: &BTreeMap<String, Disposition>,
) -> Result<StateChange, StatesError> {
    if current != &draft.base {
        return Err(
            "The progress states were changed in another tab while you edited them; cancel and start again."
                .into(),
        );
    }
    let defs = draft.to_defs()?;
    // Owned keys from the start (a collect into a map of another key type would link one
    // more stable sort into the pages module).
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for r in draft.rows() {
        if let Some(o) = &r.original {
            if !current.knows(o) || renames.insert(o.clone(), r.def.name.clone()).is_some() {
                return Err(
                    format!("The state “{o}” changed while you edited it; start again.").into(),
                );
            }
            // Dates already stored under the new name (from an imported file) would be
            // mixed up with the renamed state's.
            let new = r.def.name.as_str();
            if new != o
                && !current.knows(new)
                && progress
                    .values()
                    .flat_map(|p| p.values())
                    .any(|rec| rec.dates().contains_key(new))
            {
                return Err(format!(
                    "Stored progress already has dates under “{new}” (a state name from an imported file). Choose another name, or add “{new}” as a new state to adopt those dates."
                ).into());
            }
        }
    }
    let mut moves: BTreeMap<String, Option<String>> = BTreeMap::new();
    for name in draft.removed(current) {
        let held = dates_held(progress.values(), &name);
        let to = match dispositions.get(&name) {
            Some(Disposition::Delete) => None,
            Some(Disposition::MoveTo(t)) if defs.knows(t) => Some(t.as_str()),
            Some(Disposition::MoveTo(t)) => {
                return Err(format!("“{t}” is not one of the new states.").into())
            }
            None if held == 0 => None,
            None => {
                return Err(
                    format!("Choose what happens to the {held} dates held by “{name}”.").into(),
                )
            }
        };
        let key = current
            .states()
            .iter()
            .chain(current.not_applicable())
            .find(|s| s.name == name)
            .map(|s| s.name.as_str())
            .unwrap_or_default();
        moves.insert(key.to_string(), to.map(str::to_string));
    }
    Ok(StateChange {
        defs,
        current: current.clone(),
        renames,
        moves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::progress::Status;

    /// What saving `draft` writes of the progress, as the registry's progress arm does.
    #[derive(Debug)]
    struct DefsChange {
        defs: ProgressDefs,
        changed: BTreeMap<String, ActivityProgress>,
    }

    fn apply(
        progress: &BTreeMap<String, ActivityProgress>,
        current: &ProgressDefs,
        draft: &Draft,
        dispositions: &BTreeMap<String, Disposition>,
    ) -> Result<DefsChange, StatesError> {
        let c = super::apply(progress, current, draft, dispositions)?;
        let changed = progress
            .iter()
            .filter_map(|(u, p)| c.rewrite_activity(p).map(|n| (u.clone(), n)))
            .collect();
        Ok(DefsChange {
            defs: c.defs,
            changed,
        })
    }

    fn d(day: u8) -> Date {
        Date::new(2025, 2, day).unwrap()
    }

    /// Team A fully implemented, team B started, on activity "u1".
    fn stored() -> BTreeMap<String, ActivityProgress> {
        let defs = ProgressDefs::default();
        let mut a = TeamProgress::default();
        a.set_state(&defs, 1, d(1));
        a.set_state(&defs, 3, d(5));
        let mut b = TeamProgress::default();
        b.set_state(&defs, 1, d(2));
        let mut dates = b.dates().clone();
        dates.insert("Backlog".into(), d(9));
        b.change_to(&dates, d(9));
        let mut p = ActivityProgress::new();
        p.insert("A".into(), a);
        p.insert("B".into(), b);
        BTreeMap::from([("u1".to_string(), p)])
    }

    fn dates(c: &DefsChange, team: &str) -> Vec<(String, String)> {
        c.changed["u1"][team]
            .dates()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect()
    }

    #[test]
    fn rename_follows_the_row_not_its_position() {
        let current = ProgressDefs::default();
        let mut draft = Draft::from_defs(&current);
        draft.states[1].def.name = "Begun".into();
        // Reordering the rows changes nothing: identity decides.
        draft.states.swap(1, 2);
        let c = apply(&stored(), &current, &draft, &BTreeMap::new()).unwrap();
        assert_eq!(c.defs.name(1), "Begun");
        assert_eq!(
            dates(&c, "B"),
            vec![
                ("Backlog".into(), "2025-02-09".into()),
                ("Begun".into(), "2025-02-02".into())
            ]
        );
        assert_eq!(c.changed["u1"]["A"].current(&c.defs), 3);
    }

    #[test]
    fn swapping_two_names_swaps_their_dates() {
        let current = ProgressDefs::default();
        let mut draft = Draft::from_defs(&current);
        draft.states[1].def.name = "Partly implemented".into();
        draft.states[2].def.name = "Started".into();
        let c = apply(&stored(), &current, &draft, &BTreeMap::new()).unwrap();
        // B reached the old "Started" (20 %), now called "Partly implemented".
        assert_eq!(c.changed["u1"]["B"].dates()["Partly implemented"], d(2));
    }

    #[test]
    fn a_deleted_state_with_dates_needs_a_decision() {
        let current = ProgressDefs::default();
        let mut draft = Draft::from_defs(&current);
        draft.states.remove(1); // Started
        assert_eq!(draft.removed(&current), vec!["Started".to_string()]);
        let err = apply(&stored(), &current, &draft, &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 dates"), "{err}");

        let delete = BTreeMap::from([("Started".to_string(), Disposition::Delete)]);
        let c = apply(&stored(), &current, &draft, &delete).unwrap();
        assert!(!c.changed["u1"]["A"].dates().contains_key("Started"));
        assert_eq!(c.changed["u1"]["A"].current(&c.defs), 2);
        // B keeps its unknown "Backlog" date, so its record stays.
        assert_eq!(
            dates(&c, "B"),
            vec![("Backlog".into(), "2025-02-09".into())]
        );

        let to_partly = BTreeMap::from([(
            "Started".to_string(),
            Disposition::MoveTo("Partly implemented".into()),
        )]);
        let c = apply(&stored(), &current, &draft, &to_partly).unwrap();
        // A already had a date for the target: it wins.
        assert_eq!(c.changed["u1"]["A"].dates()["Partly implemented"], d(5));
        assert_eq!(c.changed["u1"]["B"].dates()["Partly implemented"], d(2));

        let nowhere = BTreeMap::from([("Started".to_string(), Disposition::MoveTo("Gone".into()))]);
        assert!(apply(&stored(), &current, &draft, &nowhere).is_err());
    }

    #[test]
    fn reset_to_defaults_really_resets() {
        let s = StateDef::new;
        let custom = ProgressDefs::new(
            vec![
                s("Not implemented", 0, ""),
                s("Begun", 30, ""),
                s("Done", 100, ""),
            ],
            Some(s(NOT_APPLICABLE, 0, "")),
        )
        .unwrap();
        let mut draft = Draft::from_defs(&custom);
        let before: Vec<u32> = draft.states.iter().map(|r| r.key).collect();
        draft.reset_to_defaults();
        assert!(
            draft.states.iter().all(|r| !before.contains(&r.key)),
            "reset rows get new keys"
        );
        let mut removed = draft.removed(&custom);
        removed.sort();
        assert_eq!(removed, vec!["Begun", "Done", NOT_APPLICABLE]);
        let decide: BTreeMap<_, _> = removed
            .iter()
            .map(|n| (n.clone(), Disposition::Delete))
            .collect();
        let c = apply(&BTreeMap::new(), &custom, &draft, &decide).unwrap();
        assert_eq!(c.defs, ProgressDefs::default());
    }

    #[test]
    fn not_applicable_can_be_added_renamed_and_removed() {
        let current = ProgressDefs::default();
        let mut draft = Draft::from_defs(&current);
        draft.set_not_applicable(true, &current);
        let c = apply(&stored(), &current, &draft, &BTreeMap::new()).unwrap();
        assert!(c.changed.is_empty());
        let with_na = c.defs;
        assert_eq!(with_na.na_name(), Some(NOT_APPLICABLE));

        let mut p = stored();
        let rec = p.get_mut("u1").unwrap().get_mut("A").unwrap();
        rec.set_status(&with_na, Status::NotApplicable, d(7));
        let mut draft = Draft::from_defs(&with_na);
        draft.not_applicable.as_mut().unwrap().def.name = "N/A".into();
        let c = apply(&p, &with_na, &draft, &BTreeMap::new()).unwrap();
        assert_eq!(c.changed["u1"]["A"].status(&c.defs), Status::NotApplicable);
        assert_eq!(c.changed["u1"]["A"].dates()["N/A"], d(7));
    }

    #[test]
    fn add_row_scores_between_neighbours() {
        let mut draft = Draft::from_defs(&ProgressDefs::default());
        draft.add_row();
        assert_eq!(draft.states.len(), 5);
        assert_eq!(draft.states[3].def.percent, 75);
        assert!(draft.to_defs().is_err(), "a new row needs a name");
        draft.states[3].def.name = "Mostly".into();
        assert_eq!(draft.to_defs().unwrap().index_of("Mostly"), Some(3));
    }

    #[test]
    fn a_state_that_becomes_the_zero_state_needs_a_decision_for_its_dates() {
        let s = StateDef::new;
        // "Not implemented" is a 30 % state here; the defaults make it the 0 % state.
        let custom = ProgressDefs::new(
            vec![
                s("Open", 0, ""),
                s("Not implemented", 30, ""),
                s("Done", 100, ""),
            ],
            None,
        )
        .unwrap();
        let mut rec = TeamProgress::default();
        rec.set_state(&custom, 1, d(3));
        let stored = BTreeMap::from([(
            "u".to_string(),
            ActivityProgress::from([("A".to_string(), rec)]),
        )]);
        let mut draft = Draft::from_defs(&custom);
        draft.reset_to_defaults();
        assert!(draft
            .removed(&custom)
            .contains(&"Not implemented".to_string()));
        let mut decide: BTreeMap<_, _> = draft
            .removed(&custom)
            .into_iter()
            .map(|n| (n, Disposition::Delete))
            .collect();
        decide.insert(
            "Not implemented".into(),
            Disposition::MoveTo("Started".into()),
        );
        let c = apply(&stored, &custom, &draft, &decide).unwrap();
        assert_eq!(c.changed["u"]["A"].dates()["Started"], d(3));
    }

    #[test]
    fn renaming_onto_a_name_records_already_use_is_refused() {
        let current = ProgressDefs::default();
        let mut draft = Draft::from_defs(&current);
        draft.states[1].def.name = "Backlog".into(); // team B holds an unknown "Backlog" date
        let err = apply(&stored(), &current, &draft, &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("already has dates under “Backlog”"), "{err}");
    }

    #[test]
    fn a_draft_from_states_changed_since_is_refused() {
        let current = ProgressDefs::default();
        let draft = Draft::from_defs(&current);
        let mut other = Draft::from_defs(&current);
        other.states[1].def.definition = "changed elsewhere".into();
        let changed = other.to_defs().unwrap();
        let err = apply(&stored(), &changed, &draft, &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("another tab"), "{err}");
    }
}
