//! Progress states and the one rule that moves a team between them.
//!
//! A team's record for an activity is the date each state was reached (the reference app's
//! "state history"). The current state is the highest-scoring state that has a date.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::domain::assessment::check_name;
use crate::domain::assessment::date::Date;
use crate::domain::views::html::escape;

message_error!(
    /// Why progress states (their definitions) are refused.
    StatesError
);

message_error!(
    /// Why a change of a team's progress record is refused.
    ProgressError
);

/// One progress state ("Started", 20 %).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateDef {
    pub name: String,
    /// 0 ..= 100 (unused for the "not applicable" state).
    pub percent: u8,
    pub definition: String,
}

impl StateDef {
    pub fn new(name: &str, percent: u8, definition: &str) -> StateDef {
        StateDef {
            name: name.into(),
            percent,
            definition: definition.into(),
        }
    }

    /// 0.0 ..= 1.0
    pub fn score(&self) -> f64 {
        f64::from(self.percent) / 100.0
    }
}

/// The ordered progress states: index 0 is the 0 % state, the last is the 100 % state.
/// Optionally a "not applicable" state outside that ladder: a team that marks an activity
/// not applicable leaves it out of its scores and completion counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressDefs {
    states: Vec<StateDef>,
    not_applicable: Option<StateDef>,
}

/// The name offered for the optional state outside the ladder.
pub const NOT_APPLICABLE: &str = "Not applicable";

impl Default for ProgressDefs {
    /// The reference app's meta.yaml defaults.
    fn default() -> Self {
        let s = StateDef::new;
        ProgressDefs {
            states: vec![
                s("Not implemented", 0, "Activity not started and not planned"),
                s(
                    "Started",
                    20,
                    "Activity has been started, or completed for a few applications",
                ),
                s(
                    "Partly implemented",
                    50,
                    "Activity has been implemented for at least half of the applications",
                ),
                s(
                    "Fully implemented",
                    100,
                    "Fully implemented for (almost) all applications",
                ),
            ],
            not_applicable: None,
        }
    }
}

impl ProgressDefs {
    /// Checks the rules every set of states must follow and sorts the states by score:
    /// names present, trimmed and unique (also against the not-applicable state), scores
    /// 0-100 and unique, exactly one 0 % and one 100 % state.
    pub fn new(
        mut states: Vec<StateDef>,
        not_applicable: Option<StateDef>,
    ) -> Result<ProgressDefs, StatesError> {
        let mut names: Vec<&str> = Vec::new();
        for s in states.iter().chain(&not_applicable) {
            let name = s.name.as_str();
            if name.trim().is_empty() {
                return Err("Every progress state needs a name.".into());
            }
            // The one rule for new names (also teams and groups): whatever passes it, every
            // reader of storage and files accepts back.
            check_name(name).map_err(|e| format!("State name refused: {e}."))?;
            if names.contains(&name) {
                return Err(format!("Two progress states are called “{name}”.").into());
            }
            names.push(name);
        }
        for s in &states {
            if s.percent > 100 {
                return Err(
                    format!("The score of “{}” must be between 0 % and 100 %.", s.name).into(),
                );
            }
        }
        sort_small(&mut states, |s| s.percent);
        if let Some(w) = states.windows(2).find(|w| w[0].percent == w[1].percent) {
            return Err(format!(
                "“{}” and “{}” have the same score ({} %); scores must differ.",
                w[0].name, w[1].name, w[0].percent
            )
            .into());
        }
        if states.first().map(|s| s.percent) != Some(0) {
            return Err("Exactly one state must score 0 % (not started).".into());
        }
        if states.len() < 2 || states.last().map(|s| s.percent) != Some(100) {
            return Err("Exactly one state must score 100 % (completed).".into());
        }
        Ok(ProgressDefs {
            states,
            not_applicable,
        })
    }

    pub fn states(&self) -> &[StateDef] {
        &self.states
    }

    pub fn not_applicable(&self) -> Option<&StateDef> {
        self.not_applicable.as_ref()
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

    /// Whether `name` is a state of these definitions (including not applicable).
    pub fn knows(&self, name: &str) -> bool {
        self.index_of(name).is_some() || self.na_name() == Some(name)
    }

    pub fn name(&self, index: usize) -> &str {
        &self.states[index].name
    }

    /// What "applies to none of the teams" is called: the not-applicable state's name, or
    /// "Not applicable" when that state is off.
    pub fn na_label(&self) -> &str {
        self.na_name().unwrap_or("Not applicable")
    }

    pub fn na_name(&self) -> Option<&str> {
        self.not_applicable.as_ref().map(|s| s.name.as_str())
    }

    /// Where a state name sorts in files and lists: by score, not applicable last, then
    /// names these definitions do not know.
    pub fn order(&self, name: &str) -> usize {
        match self.index_of(name) {
            Some(i) => i,
            None if self.na_name() == Some(name) => self.len(),
            None => usize::MAX,
        }
    }
}

/// What a team's record shows for an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Index into the ladder of states.
    State(usize),
    NotApplicable,
}

impl Status {
    /// The value of a `<select>` option: the state index, or `na`.
    pub fn value(self) -> String {
        match self {
            Status::State(i) => i.to_string(),
            Status::NotApplicable => "na".into(),
        }
    }

    pub fn from_value(v: &str) -> Option<Status> {
        match v {
            "na" => Some(Status::NotApplicable),
            v => v.parse().ok().map(Status::State),
        }
    }
}

/// One entry of a team's history on one activity: a state reached or left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Shared by every entry of a stored value that names it (reading 1000 teams' progress
    /// makes 388,000 entries).
    pub state: Arc<str>,
    /// Reached (true) or left (false).
    pub reached: bool,
    /// The date it applies from.
    pub date: Date,
    /// The day it was recorded in this app; None when not known (records from a schema-2
    /// store or a file without history).
    pub recorded: Option<Date>,
    /// Part of the same change as the entry before (one click that fills skipped states,
    /// or leaves several): only ever with the same date and recording as that entry.
    pub joined: bool,
}

/// Sorts entries by date, keeping the order of entries of one date.
fn by_date(log: &mut [Change]) {
    sort_small(log, |c| c.date);
}

/// A stable insertion sort, for the few entries of a record or the few progress states:
/// the standard stable sort is 3 KB of code the first module needs nowhere else.
pub fn sort_small<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Clears `joined` where the entry before has another date or recording (after a date was
/// corrected), so that it only ever means "the same change".
fn normalize(log: &mut [Change]) {
    for i in 0..log.len() {
        let same =
            i > 0 && log[i - 1].date == log[i].date && log[i - 1].recorded == log[i].recorded;
        log[i].joined &= same;
    }
}

/// One team's record for one activity: its history, and the date each state was reached
/// (the reference format), which is derived from the history and kept beside it.
///
/// The history only grows: every state reached or left is an entry, so lowering a state
/// keeps the date the higher state was reached. Changing the date a state was reached (to
/// back-fill an assessment) corrects the entry that reached it rather than adding one: the
/// history says when a state applied from, not each correction of it.
/// (serde: only for the tests' JSON oracle; the app reads and writes it by hand, `formats::json`.)
#[derive(Clone, Debug, Default)]
pub struct TeamProgress {
    log: Vec<Change>,
    /// Derived from `log` (see [`fold`]) when first asked for: loading 1000 teams' progress
    /// computes it only for the teams a page shows.
    dates: OnceLock<BTreeMap<String, Date>>,
}

/// Records are equal when their histories are (the dates follow from them).
impl PartialEq for TeamProgress {
    fn eq(&self, other: &Self) -> bool {
        self.log == other.log
    }
}

impl Eq for TeamProgress {}

/// As schema 2 and the reference format write it: the dates.
#[cfg(test)]
impl serde::Serialize for TeamProgress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.dates().serialize(s)
    }
}

/// The dates a history leaves: a state reached keeps the date it was reached until it is
/// left.
fn fold(log: &[Change]) -> BTreeMap<String, Date> {
    let mut dates = BTreeMap::new();
    for c in log {
        if c.reached {
            if !dates.contains_key(&*c.state) {
                dates.insert(c.state.to_string(), c.date);
            }
        } else {
            dates.remove(&*c.state);
        }
    }
    dates
}

/// A change of a team's state on one activity, as the activity page lists it: what the
/// state was before and after the entries of one day and one recording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    pub date: Date,
    pub recorded: Option<Date>,
    pub from: Status,
    pub to: Status,
}

fn status_of<K: Borrow<str> + Ord>(dates: &BTreeMap<K, Date>, defs: &ProgressDefs) -> Status {
    status_with(|s| dates.contains_key(s), defs)
}

/// The state shown for a record that holds the states `holds` says it does.
fn status_with(holds: impl Fn(&str) -> bool, defs: &ProgressDefs) -> Status {
    if defs.na_name().is_some_and(&holds) {
        return Status::NotApplicable;
    }
    Status::State(ladder(holds, defs))
}

/// The highest state of the ladder held (0: none).
fn ladder(holds: impl Fn(&str) -> bool, defs: &ProgressDefs) -> usize {
    (1..defs.len())
        .rev()
        .find(|&i| holds(defs.name(i)))
        .unwrap_or(0)
}

impl TeamProgress {
    /// A record with these dates and no known history (a reference file, a schema-2 store):
    /// each state is an entry reached on its date, recorded on a day not known.
    pub fn from_dates(dates: BTreeMap<String, Date>) -> TeamProgress {
        TeamProgress::from_dates_sharing(dates, &mut Vec::new())
    }

    /// As [`TeamProgress::from_dates`], sharing the state names of `names` (and adding
    /// new ones to it): a file of 50 teams names a handful of states 19,400 times.
    pub fn from_dates_sharing(
        dates: BTreeMap<String, Date>,
        names: &mut Vec<Arc<str>>,
    ) -> TeamProgress {
        let mut shared = |state: &str| match names.iter().find(|n| &***n == state) {
            Some(n) => n.clone(),
            None => {
                let n = Arc::<str>::from(state);
                names.push(n.clone());
                n
            }
        };
        let mut log: Vec<Change> = dates
            .iter()
            .map(|(state, &date)| Change {
                state: shared(state),
                reached: true,
                date,
                recorded: None,
                joined: true,
            })
            .collect();
        by_date(&mut log);
        // States reached on one day count as one change.
        normalize(&mut log);
        TeamProgress {
            log,
            dates: OnceLock::from(dates),
        }
    }

    /// A new record holding this one's dates, each state reached as recorded `today`: what
    /// [`TeamProgress::change_to`] makes of an empty record, without looking anything up
    /// (an import of 50 teams makes 9,700 of them).
    pub fn reached_on(&self, today: Date) -> TeamProgress {
        let dates = self.dates();
        let mut log: Vec<Change> = dates
            .iter()
            .map(|(state, &date)| Change {
                // The name this record already shares.
                state: self
                    .log
                    .iter()
                    .find(|c| *c.state == **state)
                    .map_or_else(|| Arc::from(state.as_str()), |c| c.state.clone()),
                reached: true,
                date,
                recorded: Some(today),
                joined: true,
            })
            .collect();
        by_date(&mut log);
        normalize(&mut log);
        let r = TeamProgress {
            log,
            dates: OnceLock::from(dates.clone()),
        };
        debug_assert_eq!(r, {
            let mut fresh = TeamProgress::default();
            fresh.change_to(dates, today);
            fresh
        });
        r
    }

    /// A record with this history (from storage or a file); the dates follow from it.
    pub fn from_log(mut log: Vec<Change>) -> TeamProgress {
        normalize(&mut log);
        TeamProgress {
            log,
            dates: OnceLock::new(),
        }
    }

    /// Adds a state reached on `date`, recorded on a day not known (tests build records so).
    #[cfg(test)]
    pub fn insert(&mut self, state: String, date: Date) {
        let mut dates = self.dates().clone();
        dates.insert(state, date);
        *self = TeamProgress::from_dates(dates);
    }

    /// The date each state was reached (states left since are not in it).
    pub fn dates(&self) -> &BTreeMap<String, Date> {
        self.dates.get_or_init(|| fold(&self.log))
    }

    /// Every change, oldest first.
    pub fn log(&self) -> &[Change] {
        &self.log
    }

    /// No state and no history.
    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }

    /// Holds no state now (its history may still say what it held before).
    pub fn holds_nothing(&self) -> bool {
        self.dates().is_empty()
    }

    /// Moves the record to `next` (the date each state is reached), recording on `today`:
    /// a state no longer held is left today, a new one reached on its date, and a state
    /// whose date differs has that date corrected in the entry that reached it.
    pub fn change_to(&mut self, next: &BTreeMap<String, Date>, today: Date) {
        let now = self.dates().clone();
        if *next == now {
            return;
        }
        for (state, &date) in next {
            if now.get(state).is_some_and(|&d| d != date) {
                if let Some(c) = self
                    .log
                    .iter_mut()
                    .rev()
                    .find(|c| c.reached && *c.state == **state)
                {
                    c.date = date;
                }
            }
        }
        // Everything this call adds is one change.
        let first = self.log.len();
        for state in now.keys().filter(|s| !next.contains_key(*s)) {
            self.log.push(Change {
                state: Arc::from(state.as_str()),
                reached: false,
                date: today,
                recorded: Some(today),
                joined: self.log.len() > first,
            });
        }
        let mut reached: Vec<Change> = next
            .iter()
            .filter(|(s, _)| !now.contains_key(*s))
            .map(|(state, &date)| Change {
                state: Arc::from(state.as_str()),
                reached: true,
                date,
                recorded: Some(today),
                joined: true,
            })
            .collect();
        by_date(&mut reached);
        for mut c in reached {
            c.joined = self.log.len() > first;
            self.log.push(c);
        }
        normalize(&mut self.log);
        self.dates = OnceLock::from(fold(&self.log));
        debug_assert_eq!(self.dates(), next);
    }

    /// The history as changes of state under `defs`, oldest first: the entries of one
    /// change together (see [`Change::joined`]), each with the state before and after;
    /// entries that change nothing shown (an unknown state name) are left out. (A date
    /// corrected after the entry was recorded moves it to its place in time.)
    pub fn history(&self, defs: &ProgressDefs) -> Vec<HistoryRow> {
        // Changes in time order; the entries of one change stay together.
        let mut groups: Vec<&[Change]> = Vec::new();
        let mut start = 0;
        for i in 1..=self.log.len() {
            if i == self.log.len() || !self.log[i].joined {
                groups.push(&self.log[start..i]);
                start = i;
            }
        }
        sort_small(&mut groups, |g| g[0].date);
        let mut rows = Vec::new();
        let mut dates: BTreeMap<Arc<str>, Date> = BTreeMap::new();
        for group in groups {
            let from = status_of(&dates, defs);
            for c in group {
                if c.reached {
                    dates.entry(c.state.clone()).or_insert(c.date);
                } else {
                    dates.remove(&c.state);
                }
            }
            let to = status_of(&dates, defs);
            if from != to {
                rows.push(HistoryRow {
                    date: group[0].date,
                    recorded: group[0].recorded,
                    from,
                    to,
                });
            }
        }
        rows
    }

    /// The latest day this record changed: a date in its history, or the day a change was
    /// recorded (the dates it holds are dates of its history).
    pub fn last_change(&self) -> Option<Date> {
        self.log
            .iter()
            .map(|c| c.recorded.unwrap_or(c.date).max(c.date))
            .max()
    }

    /// Renames and drops state names in the whole history (a change of the progress
    /// states' definitions, not of the team's progress). `expected` is what the dates must
    /// become; should the renamed history not lead there (a state moved onto one that was
    /// left and reached again), the record starts over from `expected`.
    pub fn rewrite_states(
        &self,
        rename: impl Fn(&str) -> Option<String>,
        expected: BTreeMap<String, Date>,
    ) -> TeamProgress {
        let log: Vec<Change> = self
            .log
            .iter()
            .filter_map(|c| {
                rename(&c.state).map(|state| Change {
                    state: Arc::from(state),
                    ..c.clone()
                })
            })
            .collect();
        let r = TeamProgress::from_log(log);
        if *r.dates() == expected {
            r
        } else {
            TeamProgress::from_dates(expected)
        }
    }

    /// Index of the current state: the highest known state with a date, or 0.
    pub fn current(&self, defs: &ProgressDefs) -> usize {
        ladder(|s| self.holds(s), defs)
    }

    /// Whether the record holds `state` now (a key of [`TeamProgress::dates`]), read from
    /// the history when the dates have not been worked out: an overview of 1000 teams asks
    /// this of 194,000 records, and building their dates took most of its time.
    pub fn holds(&self, state: &str) -> bool {
        match self.dates.get() {
            Some(dates) => dates.contains_key(state),
            // `fold`: the last entry of a state says whether it is held.
            None => self
                .log
                .iter()
                .rev()
                .find(|c| &*c.state == state)
                .is_some_and(|c| c.reached),
        }
    }

    pub fn is_completed(&self, defs: &ProgressDefs) -> bool {
        !self.is_not_applicable(defs) && self.current(defs) == defs.completed()
    }

    /// Marked not applicable (the states reached before are kept underneath).
    pub fn is_not_applicable(&self, defs: &ProgressDefs) -> bool {
        defs.na_name().is_some_and(|n| self.holds(n))
    }

    /// The state to show: not applicable, or the current state of the ladder.
    pub fn status(&self, defs: &ProgressDefs) -> Status {
        status_with(|s| self.holds(s), defs)
    }

    /// Moves to `status`: a state of the ladder (see [`TeamProgress::set_state`]) or not
    /// applicable, which keeps the dates reached so far so that undoing it loses nothing.
    pub fn set_status(&mut self, defs: &ProgressDefs, status: Status, today: Date) {
        match (status, defs.na_name()) {
            (Status::State(i), _) => self.set_state(defs, i, today),
            (Status::NotApplicable, Some(na)) => {
                let mut next = self.dates().clone();
                next.entry(na.to_owned()).or_insert(today);
                self.change_to(&next, today);
            }
            (Status::NotApplicable, None) => {}
        }
    }

    /// The status this record had before it was last marked completed: the state the last
    /// change to the completed state came from (0 % when its history does not say).
    /// (Read from the log in the order changes were made, not through [`Self::history`],
    /// whose sort and grouping cost the first module 2.8 KB.)
    pub fn before_completed(&self, defs: &ProgressDefs) -> Status {
        let done = defs.name(defs.completed());
        let Some(last) = self
            .log
            .iter()
            .rposition(|c| c.reached && *c.state == *done)
        else {
            return Status::State(0);
        };
        // The first entry of the change that reached it.
        let start = (0..=last).rev().find(|&k| !self.log[k].joined).unwrap_or(0);
        let before = fold(&self.log[..start]);
        status_of(&before, defs)
    }

    /// The date the current state was reached (None for the 0 % state).
    pub fn current_date(&self, defs: &ProgressDefs) -> Option<Date> {
        self.dates().get(defs.name(self.current(defs))).copied()
    }

    /// Changes the date a reached state was reached (to back-fill an assessment): corrects
    /// the entry that reached it. States not reached cannot get a date this way: that would
    /// change the current state.
    pub fn set_date(&mut self, state: &str, date: Date) -> Result<(), ProgressError> {
        if !self.dates().contains_key(state) {
            return Err(
                format!("“{state}” has not been reached, so it has no date to change").into(),
            );
        }
        let mut next = self.dates().clone();
        next.insert(state.to_owned(), date);
        // A correction adds no entry, so the day it is made does not matter.
        self.change_to(&next, date);
        Ok(())
    }

    /// Moves the team to state `target` of the ladder (which also ends "not applicable").
    ///
    /// Raising fills every skipped state with `today` (a state that already has a date keeps
    /// it). Lowering removes the dates of all higher states (the history keeps them) and
    /// gives the target state today's date if it had none. The 0 % state never carries a
    /// date.
    pub fn set_state(&mut self, defs: &ProgressDefs, target: usize, today: Date) {
        let target = target.min(defs.completed());
        let mut next = self.dates().clone();
        if let Some(na) = defs.na_name() {
            next.remove(na);
        }
        let current = self.current(defs);
        if target > current {
            for i in current + 1..=target {
                next.entry(defs.name(i).to_owned()).or_insert(today);
            }
        } else if target < current {
            for i in target + 1..defs.len() {
                next.remove(defs.name(i));
            }
            if target > 0 {
                next.entry(defs.name(target).to_owned()).or_insert(today);
            }
        }
        next.remove(defs.name(0));
        self.change_to(&next, today);
    }
}

/// Icon for a status: ○ none, ◔ started, ◑ partly, ● done, ⊘ not applicable.
/// Moves each of `teams` to `status` on one activity's records (a team left with nothing
/// loses its record). Returns how many records changed. The one rule for a click in the
/// matrix, a picker on any page and "set all".
pub fn set_for_teams(
    p: &mut crate::domain::assessment::ActivityProgress,
    teams: &[String],
    defs: &ProgressDefs,
    status: Status,
    today: Date,
) -> usize {
    let mut changed = 0;
    for team in teams {
        let record = p.entry(team.clone()).or_default();
        let old = record.clone();
        record.set_status(defs, status, today);
        changed += usize::from(*record != old);
        if record.is_empty() {
            p.remove(team);
        }
    }
    changed
}

/// What one action changed of one team's record of one activity: the record before and
/// after (None: no record). What an Undo takes back ([`plan_undo`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub uuid: String,
    pub team: String,
    pub before: Option<TeamProgress>,
    pub after: Option<TeamProgress>,
}

/// Every team record one action changed. (A list, not a map: a second map type cost the
/// first module 1.5 KB.)
pub type Changes = Vec<Changed>;

/// What moving each of `teams` to `status` on each activity of `uuids` changes, starting from
/// what `stored` reads for it now (so another tab's change a moment ago is kept): the new
/// records of the activities that change (to write), and each team record changed.
pub fn plan_status<'a, E>(
    uuids: impl IntoIterator<Item = &'a str>,
    teams: &[String],
    defs: &ProgressDefs,
    status: Status,
    today: Date,
    mut stored: impl FnMut(&str) -> Result<super::ActivityProgress, E>,
) -> Result<(BTreeMap<String, super::ActivityProgress>, Changes), E> {
    let mut next = BTreeMap::new();
    let mut changes = Vec::new();
    for uuid in uuids {
        let before = stored(uuid)?;
        let mut after = before.clone();
        if set_for_teams(&mut after, teams, defs, status, today) == 0 {
            continue;
        }
        for team in teams {
            let (b, a) = (before.get(team), after.get(team));
            if b != a {
                changes.push(Changed {
                    uuid: uuid.to_string(),
                    team: team.clone(),
                    before: b.cloned(),
                    after: a.cloned(),
                });
            }
        }
        next.insert(uuid.to_string(), after);
    }
    Ok((next, changes))
}

/// Why an Undo did nothing ([`plan_undo`] found a record changed since).
pub const UNDO_STALE: &str =
    "the activity was changed again since (perhaps in another tab), so nothing was taken back.";

/// The records to write to take `changes` back, from what `stored` reads now: every team
/// record they touched returns to what it was before, exactly (history included: an undone
/// click leaves no trace). None when one of them is no longer what the change left
/// (changed since, e.g. in another tab): nothing is undone then, rather than a newer change
/// lost.
pub fn plan_undo<E>(
    changes: &[Changed],
    mut stored: impl FnMut(&str) -> Result<super::ActivityProgress, E>,
) -> Result<Option<BTreeMap<String, super::ActivityProgress>>, E> {
    let mut out: BTreeMap<String, super::ActivityProgress> = BTreeMap::new();
    for c in changes {
        if !out.contains_key(&c.uuid) {
            out.insert(c.uuid.clone(), stored(&c.uuid)?);
        }
        let Some(now) = out.get_mut(&c.uuid) else {
            continue;
        };
        if now.get(&c.team) != c.after.as_ref() {
            return Ok(None);
        }
        match &c.before {
            Some(r) => now.insert(c.team.clone(), r.clone()),
            None => now.remove(&c.team),
        };
    }
    Ok(Some(out))
}

/// The message after a change of progress (with its Undo): one team on one activity names
/// both states ("Defined build process, Team A: Partly implemented → Fully implemented"),
/// more say how many records changed.
pub fn change_message(
    defs: &ProgressDefs,
    name_of: impl Fn(&str) -> String,
    changes: &[Changed],
    to: Status,
) -> String {
    let to_name = status_name(defs, to);
    match changes {
        [c] => {
            let from = c
                .before
                .as_ref()
                .map_or(Status::State(0), |r| r.status(defs));
            format!(
                "{}, {}: {} → {to_name}.",
                name_of(&c.uuid),
                c.team,
                status_name(defs, from)
            )
        }
        _ => format!("{} team records set to {to_name}.", changes.len()),
    }
}

/// The status a click on the done toggle moves `team` to: done; when already done, back
/// to the status it had before it was marked done (the history knows it: a double click
/// on "Partly implemented" returns to it), or the 0 % state when nothing is known.
pub fn toggled(
    p: &crate::domain::assessment::ActivityProgress,
    team: &str,
    defs: &ProgressDefs,
) -> Status {
    match p.get(team) {
        Some(r) if r.is_completed(defs) => r.before_completed(defs),
        _ => Status::State(defs.completed()),
    }
}

/// The name of a status under `defs` (a state's name, or the not-applicable state's).
pub fn status_name(defs: &ProgressDefs, status: Status) -> String {
    status_options(defs)
        .into_iter()
        .find(|(s, _)| *s == status)
        .map(|(_, n)| n)
        .unwrap_or_default()
}

pub fn icon(defs: &ProgressDefs, status: Status) -> &'static str {
    let Status::State(index) = status else {
        return "⊘";
    };
    match defs.states()[index].percent {
        0 => "○",
        1..=49 => "◔",
        50..=99 => "◑",
        _ => "●",
    }
}

/// How far several teams are on one activity, as (icon, kind for styling): from how many of
/// the teams it applies to completed it and how many are in progress; it applies to none →
/// not applicable; none done but some in progress is partial (○ said "nothing" for two teams
/// at Partly). The one rule for the matrix's and the activity page's group counts and the
/// graphs' boxes.
pub fn group_progress(
    c: crate::domain::assessment::scores::GroupCounts,
) -> (&'static str, &'static str) {
    match (c.done, c.of) {
        (_, 0) => ("⊘", "na"),
        (d, o) if d == o => ("●", "done"),
        (0, _) if c.going == 0 => ("○", "none"),
        _ => ("◑", "partial"),
    }
}

/// How far a status is, for styling: none, partial, done or na.
pub fn progress_kind(defs: &ProgressDefs, status: Status) -> &'static str {
    match status {
        Status::NotApplicable => "na",
        Status::State(0) => "none",
        Status::State(i) if i == defs.completed() => "done",
        Status::State(_) => "partial",
    }
}

/// The options of a state picker: every state by score, then "not applicable" if offered.
pub fn status_options(defs: &ProgressDefs) -> Vec<(Status, String)> {
    let states = defs.states().iter().enumerate();
    states
        .map(|(i, s)| (Status::State(i), s.name.clone()))
        .chain(
            defs.na_name()
                .map(|n| (Status::NotApplicable, n.to_string())),
        )
        .collect()
}

/// The options of a state picker as markup, `now` (if any) selected: one DOM call builds them all,
/// which counts with 194 pickers in the matrix. Built once: every page that shows a picker
/// builds it again when the progress states change.
pub fn options_html(options: &[(Status, String)], now: Option<Status>) -> String {
    options
        .iter()
        .map(|(s, name)| {
            let selected = if Some(*s) == now { " selected" } else { "" };
            format!(
                "<option value=\"{}\"{selected}>{}</option>",
                escape(&s.value()),
                escape(name)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
