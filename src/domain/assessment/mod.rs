//! The assessment: the teams and, per activity uuid, each team's progress record.
//! It never holds model data, only uuids, so progress for activities the model does not know
//! is kept as it is.

pub mod date;
pub mod evidence;
pub mod names;
pub mod overview;
pub mod progress;
pub mod progress_defs;
pub mod report;
pub mod scores;
pub mod settings;
pub mod targets;
pub mod teams;

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::EvidenceStore;
use crate::domain::assessment::progress::TeamProgress;

/// team name → that team's record for one activity.
pub type ActivityProgress = BTreeMap<String, TeamProgress>;

/// The reference app's default teams.
pub fn default_teams() -> Vec<String> {
    ["Team A", "Team B", "Team C", "Team D"]
        .map(String::from)
        .to_vec()
}

/// Longest team or state name accepted.
pub const MAX_NAME_CHARS: usize = 120;

/// Most teams an assessment may hold: 1000 teams (and the four default ones, and some more)
/// with two states reached on every activity take about 70 % of the browser's storage quota
/// (`storage::codec`); a hostile file must not add thousands.
pub const MAX_TEAMS: usize = 1100;

/// Characters that no name may hold: control characters and the non-characters that YAML
/// parsers refuse.
pub fn bad_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}')
}

message_error!(
    /// Why a team, group or state name is refused (the callers say whose).
    NameError
);

message_error!(
    /// Why an import plan cannot be applied.
    PlanError
);

/// Why a name read from a file or from storage is refused. More lenient than
/// [`check_name`], so that names the reference app accepted still load.
pub fn check_read_name(name: &str) -> Result<(), NameError> {
    if !name.is_ascii() {
        return check_read_name_chars(name);
    }
    // The same rules on bytes: a 50-team file has 29,000 names (4 of an import preview's
    // ~80 ms in Chromium went to the char-by-char checks). ASCII white space is b' ' and
    // 9..=13; every ASCII control character is below 0x20 or 0x7f.
    let bytes = name.as_bytes();
    if bytes.iter().all(|&b| b == b' ' || (9..=13).contains(&b)) {
        return Err("a name must not be empty".into());
    }
    if bytes.len() > 4 * MAX_NAME_CHARS {
        return Err(format!(
            "a name must be at most {} characters long",
            4 * MAX_NAME_CHARS
        )
        .into());
    }
    if bytes.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Err(format!("the name \"{}\" contains a control character", shown(name)).into());
    }
    Ok(())
}

/// [`check_read_name`] for any text.
fn check_read_name_chars(name: &str) -> Result<(), NameError> {
    if name.trim().is_empty() {
        return Err("a name must not be empty".into());
    }
    if name.chars().count() > 4 * MAX_NAME_CHARS {
        return Err(format!(
            "a name must be at most {} characters long",
            4 * MAX_NAME_CHARS
        )
        .into());
    }
    if name.chars().any(bad_char) {
        return Err(format!("the name \"{}\" contains a control character", shown(name)).into());
    }
    Ok(())
}

/// `name` with its control characters written as `\u{..}` (they would not show), for
/// messages; `{:?}` would also do, with 2 KB more in the first module.
fn shown(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if bad_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Why a new team or state name is refused.
pub fn check_name(name: &str) -> Result<(), NameError> {
    if name.trim().is_empty() {
        return Err("a name must not be empty".into());
    }
    if name.trim() != name {
        return Err(format!("the name \"{name}\" starts or ends with spaces").into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("a name must be at most {MAX_NAME_CHARS} characters long").into());
    }
    check_read_name(name)
}

/// What is kept for activities the model does not have (a custom activity file removed
/// them, or the model in use is older or newer): for each such uuid, in order, the number
/// of teams with a record and of evidence entries. `known` says whether the model has a uuid.
pub fn not_in_model(
    progress: &BTreeMap<String, ActivityProgress>,
    evidence: &EvidenceStore,
    known: impl Fn(&str) -> bool,
) -> Vec<(String, usize, usize)> {
    let mut rows: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (uuid, p) in progress.iter().filter(|(u, _)| !known(u)) {
        rows.entry(uuid).or_default().0 = p.values().filter(|r| !r.is_empty()).count();
    }
    for (uuid, list) in evidence.iter().filter(|(u, _)| !known(u)) {
        rows.entry(uuid).or_default().1 = list.len();
    }
    let rows = rows.into_iter().filter(|(_, (p, e))| p + e > 0);
    rows.map(|(u, (p, e))| (u.to_string(), p, e)).collect()
}

/// The one rule for teams that hold data: a team named in progress or evidence but missing
/// from the team list joins it (at the end, in the order first named: progress by activity
/// uuid, then evidence), so its data stays visible and editable.
pub fn add_teams_with_data(
    teams: &mut Vec<String>,
    progress: &BTreeMap<String, ActivityProgress>,
    evidence: &EvidenceStore,
) {
    let named = evidence.values().flatten().flat_map(|e| &e.teams);
    // A set: 1000 teams' progress names 194,000 records. (Filled by inserts: collecting
    // into a set would add a sort's code to the first module.)
    let mut known: BTreeSet<String> = BTreeSet::new();
    for t in teams.iter() {
        known.insert(t.clone());
    }
    for team in progress.values().flat_map(|p| p.keys()).chain(named) {
        if !known.contains(team) {
            known.insert(team.clone());
            teams.push(team.clone());
        }
    }
}

/// A named set of teams (e.g. "Customer"), chosen to mean its members.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub members: Vec<String>,
}

/// The reference app's default team groups.
pub fn default_groups() -> Vec<Group> {
    let g = |name: &str, members: [&str; 2]| Group {
        name: name.into(),
        members: members.map(String::from).to_vec(),
    };
    vec![
        g("Customer", ["Team A", "Team B"]),
        g("Internal", ["Team C", "Team D"]),
        g("Cloud", ["Team A", "Team D"]),
        g("On-premise", ["Team B", "Team C"]),
    ]
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assessment {
    pub teams: Vec<String>,
    pub groups: Vec<Group>,
    /// activity uuid → progress; activities without any progress are absent.
    pub progress: BTreeMap<String, ActivityProgress>,
    /// activity uuid → evidence entries; activities without entries are absent.
    pub evidence: EvidenceStore,
    /// Each team's and group's target (`targets`).
    pub targets: targets::Targets,
}

/// Counts what importing `theirs` over `ours` (one activity) does, into `plan`.
fn count(
    plan: &mut ImportPlan,
    ours: &ActivityProgress,
    theirs: &ActivityProgress,
    mode: ImportMode,
) {
    for (team, record) in theirs.iter().filter(|(_, r)| !r.holds_nothing()) {
        match ours.get(team).filter(|r| !r.holds_nothing()) {
            None => plan.added += 1,
            Some(old) if old.dates() == record.dates() => plan.unchanged += 1,
            Some(_) => plan.updated += 1,
        }
    }
    if mode != ImportMode::Merge {
        plan.removed += ours
            .iter()
            .filter(|(t, r)| {
                !r.holds_nothing() && theirs.get(*t).is_none_or(TeamProgress::holds_nothing)
            })
            .count();
    }
}

/// How an uploaded progress file is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    /// The file's record replaces ours for each activity × team it holds; the rest stays.
    /// Our history keeps what the file changed (states left and reached on the day of the
    /// import).
    Merge,
    /// The file's progress becomes the whole progress (teams are kept and extended); a
    /// record the file lacks is left, its history kept.
    Replace,
    /// As `Replace`, history included: the file's records (with their history, if it has
    /// one) become ours as they are (restoring `dsomm-assessment.yaml`).
    Restore,
}

/// What applying an import would change, computed before anything is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    /// The activities whose stored progress changes, with their new value (empty = removed).
    pub changed: BTreeMap<String, ActivityProgress>,
    /// Teams the file names that the assessment does not have yet.
    pub new_teams: Vec<String>,
    /// Teams the file names.
    pub teams_in_file: usize,
    /// activity × team records that are new, changed, removed, or identical.
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
}

impl ImportPlan {
    pub fn is_noop(&self) -> bool {
        self.changed.is_empty() && self.new_teams.is_empty()
    }

    /// As [`ImportPlan::is_noop`], from the counts (also of [`Assessment::count_import`]).
    pub fn changes_nothing(&self) -> bool {
        self.added + self.updated + self.removed == 0 && self.new_teams.is_empty()
    }
}

impl Assessment {
    pub fn with_default_teams() -> Assessment {
        Assessment {
            teams: default_teams(),
            groups: default_groups(),
            ..Assessment::default()
        }
    }

    /// Plans applying `incoming` (uuid → team → record) in `mode`, changes recorded on
    /// `today`. Records are compared by their dates: a file without history that agrees
    /// with ours changes nothing.
    pub fn plan_import(
        &self,
        incoming: &BTreeMap<String, ActivityProgress>,
        mode: ImportMode,
        today: Date,
    ) -> ImportPlan {
        self.plan(incoming, mode, Some(today))
    }

    /// What [`Assessment::plan_import`] would count, without building the new records (a
    /// preview shows the counts of two modes; only the one chosen is built).
    pub fn count_import(
        &self,
        incoming: &BTreeMap<String, ActivityProgress>,
        mode: ImportMode,
    ) -> ImportPlan {
        self.plan(incoming, mode, None)
    }

    /// With `today`, the plan; without, its counts only (`changed` stays empty).
    fn plan(
        &self,
        incoming: &BTreeMap<String, ActivityProgress>,
        mode: ImportMode,
        today: Option<Date>,
    ) -> ImportPlan {
        let mut plan = ImportPlan::default();
        let empty = ActivityProgress::new();
        let uuids: BTreeSet<&String> = match mode {
            ImportMode::Merge => incoming.keys().collect(),
            _ => incoming.keys().chain(self.progress.keys()).collect(),
        };
        for uuid in uuids {
            let ours = self.progress.get(uuid).unwrap_or(&empty);
            let theirs = incoming.get(uuid).unwrap_or(&empty);
            count(&mut plan, ours, theirs, mode);
            let Some(today) = today else {
                continue;
            };
            let mut next = match mode {
                ImportMode::Restore => ActivityProgress::new(),
                _ => ours.clone(),
            };
            // A restore takes every record with its history, also one that holds nothing
            // now (a state set and taken back); other imports take what a file holds.
            let taken = |r: &TeamProgress| match mode {
                ImportMode::Restore => !r.is_empty(),
                _ => !r.holds_nothing(),
            };
            for (team, record) in theirs.iter().filter(|(_, r)| taken(r)) {
                if mode == ImportMode::Restore {
                    next.insert(team.clone(), record.clone());
                } else {
                    match next.get_mut(team) {
                        Some(r) => r.change_to(record.dates(), today),
                        None => {
                            next.insert(team.clone(), record.reached_on(today));
                        }
                    }
                }
            }
            if mode != ImportMode::Merge {
                let gone = |t: &&String| theirs.get(*t).is_none_or(TeamProgress::holds_nothing);
                let held = ours.iter().filter(|(_, r)| !r.holds_nothing());
                for (team, _) in held.filter(|(t, _)| gone(t)) {
                    if mode == ImportMode::Replace {
                        if let Some(r) = next.get_mut(team) {
                            r.change_to(&BTreeMap::new(), today);
                        }
                    }
                }
            }
            if &next != ours {
                plan.changed.insert(uuid.clone(), next);
            }
        }
        let known: BTreeSet<&String> = self.teams.iter().collect();
        let mut named = BTreeSet::new();
        for record in incoming.values() {
            named.extend(record.keys());
        }
        plan.teams_in_file = named.len();
        plan.new_teams = named
            .into_iter()
            .filter(|t| !known.contains(t))
            .cloned()
            .collect();
        plan
    }

    /// Why a plan cannot be applied (too many teams), if so.
    pub fn check_plan(&self, plan: &ImportPlan) -> Result<(), PlanError> {
        let total = self.teams.len() + plan.new_teams.len();
        if total > MAX_TEAMS {
            return Err(format!(
                "the file would bring the number of teams to {total}; at most {MAX_TEAMS} are supported"
            ).into());
        }
        Ok(())
    }

    /// Applies a plan made by [`Assessment::plan_import`] on this same assessment.
    pub fn apply(&mut self, plan: &ImportPlan) {
        for (uuid, next) in &plan.changed {
            if next.is_empty() {
                self.progress.remove(uuid);
            } else {
                self.progress.insert(uuid.clone(), next.clone());
            }
        }
        self.teams.extend(plan.new_teams.iter().cloned());
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn what_is_kept_for_activities_not_in_the_model_is_counted() {
        let mut progress = BTreeMap::new();
        let mut p = ActivityProgress::new();
        p.insert("A".into(), rec(&[("Started", 1)]));
        p.insert("B".into(), rec(&[("Started", 2)]));
        progress.insert("gone".to_string(), p.clone());
        progress.insert("known".to_string(), p);
        let mut evidence = EvidenceStore::new();
        evidence.insert(
            "other".to_string(),
            vec![crate::domain::test_support::entry("e", &["A"])],
        );
        evidence.insert("empty".to_string(), Vec::new());
        let rows = not_in_model(&progress, &evidence, |u| u == "known");
        assert_eq!(
            rows,
            [("gone".to_string(), 2, 0), ("other".to_string(), 0, 1)]
        );
    }

    use super::*;
    use crate::domain::assessment::date::Date;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn names_are_checked_alike_on_bytes_and_on_chars(name in "[\\x00-\\x7f]{0,300}") {
            proptest::prop_assert_eq!(check_read_name(&name), check_read_name_chars(&name));
        }
    }

    #[test]
    fn the_byte_checks_of_names_cover_each_rule() {
        for name in [
            "",
            " \t\r\n\x0b\x0c",
            "Team\x7f",
            "a\x00b",
            &"x".repeat(4 * MAX_NAME_CHARS + 1),
            "Team A",
            &"x".repeat(4 * MAX_NAME_CHARS),
        ] {
            assert_eq!(
                check_read_name(name),
                check_read_name_chars(name),
                "{name:?}"
            );
        }
        assert!(check_read_name("  ").is_err() && check_read_name("Team A").is_ok());
        assert_eq!(
            check_read_name("a\u{7}b\u{2028}"),
            Err("the name \"a\\u{7}b\\u{2028}\" contains a control character".into())
        );
    }

    const TODAY: Date = Date {
        year: 2026,
        month: 1,
        day: 1,
    };

    fn rec(pairs: &[(&str, u8)]) -> TeamProgress {
        TeamProgress::from_dates(
            pairs
                .iter()
                .map(|(s, d)| (s.to_string(), Date::new(2025, 3, *d).unwrap()))
                .collect(),
        )
    }

    fn progress(rows: &[(&str, &str, TeamProgress)]) -> BTreeMap<String, ActivityProgress> {
        let mut map: BTreeMap<String, ActivityProgress> = BTreeMap::new();
        for (uuid, team, r) in rows {
            map.entry(uuid.to_string())
                .or_default()
                .insert(team.to_string(), r.clone());
        }
        map
    }

    fn current() -> Assessment {
        Assessment {
            teams: default_teams(),
            groups: default_groups(),
            progress: progress(&[
                ("u1", "Team A", rec(&[("Started", 1)])),
                ("u1", "Team B", rec(&[("Started", 2)])),
                (
                    "u2",
                    "Team A",
                    rec(&[("Started", 3), ("Fully implemented", 4)]),
                ),
            ]),
            ..Assessment::default()
        }
    }

    #[test]
    fn merge_replaces_only_the_records_the_file_holds() {
        let mut a = current();
        let file = progress(&[
            ("u1", "Team A", rec(&[("Started", 9)])),
            ("u1", "Team B", rec(&[("Started", 2)])),
            ("u3", "Ops \"x\"", rec(&[("Started", 5)])),
        ]);
        let plan = a.plan_import(&file, ImportMode::Merge, TODAY);
        assert_eq!(
            (plan.added, plan.updated, plan.removed, plan.unchanged),
            (1, 1, 0, 1)
        );
        assert_eq!(plan.new_teams, vec!["Ops \"x\"".to_string()]);
        a.apply(&plan);
        assert_eq!(
            a.progress["u1"]["Team A"].dates(),
            rec(&[("Started", 9)]).dates()
        );
        assert_eq!(a.progress["u2"]["Team A"].dates().len(), 2, "untouched");
        assert!(a.teams.contains(&"Ops \"x\"".to_string()));
    }

    #[test]
    fn merge_can_lower_progress_unlike_the_reference_union() {
        let mut a = current();
        let file = progress(&[("u2", "Team A", rec(&[("Started", 3)]))]);
        a.apply(&a.plan_import(&file, ImportMode::Merge, TODAY));
        assert_eq!(
            a.progress["u2"]["Team A"].dates(),
            rec(&[("Started", 3)]).dates()
        );
        // The history keeps the state the file left.
        let left: Vec<&str> = a.progress["u2"]["Team A"]
            .log()
            .iter()
            .filter(|c| !c.reached)
            .map(|c| &*c.state)
            .collect();
        assert_eq!(left, ["Fully implemented"]);
    }

    #[test]
    fn replace_removes_what_the_file_lacks_but_keeps_teams() {
        let mut a = current();
        let file = progress(&[("u1", "Team A", rec(&[("Started", 1)]))]);
        let plan = a.plan_import(&file, ImportMode::Replace, TODAY);
        assert_eq!(
            (plan.added, plan.updated, plan.removed, plan.unchanged),
            (0, 0, 2, 1)
        );
        a.apply(&plan);
        let holding: BTreeMap<&String, Vec<&String>> = a
            .progress
            .iter()
            .map(|(u, p)| {
                (
                    u,
                    p.iter()
                        .filter(|(_, r)| !r.holds_nothing())
                        .map(|(t, _)| t)
                        .collect(),
                )
            })
            .collect();
        assert_eq!(holding.len(), 2, "records left keep their history");
        assert_eq!(holding[&"u1".to_string()], ["Team A"]);
        assert!(holding[&"u2".to_string()].is_empty());
        assert_eq!(a.teams, default_teams());
        // A restore takes the file as it is, history and all.
        let mut b = current();
        b.apply(&b.plan_import(&file, ImportMode::Restore, TODAY));
        assert_eq!(b.progress, file);
    }

    #[test]
    fn counting_an_import_counts_as_planning_it() {
        let a = current();
        let file = progress(&[
            ("u1", "Team A", rec(&[("Started", 9)])),
            ("u1", "Team B", rec(&[("Started", 2)])),
            ("u3", "New", rec(&[("Started", 5)])),
        ]);
        for mode in [ImportMode::Merge, ImportMode::Replace, ImportMode::Restore] {
            let plan = a.plan_import(&file, mode, TODAY);
            let count = a.count_import(&file, mode);
            assert_eq!(
                (
                    count.added,
                    count.updated,
                    count.removed,
                    count.unchanged,
                    &count.new_teams
                ),
                (
                    plan.added,
                    plan.updated,
                    plan.removed,
                    plan.unchanged,
                    &plan.new_teams
                ),
                "{mode:?}"
            );
            assert!(count.changed.is_empty());
            assert_eq!(count.changes_nothing(), plan.is_noop());
            let same = a.count_import(&a.progress, mode);
            assert!(same.changes_nothing() && a.plan_import(&a.progress, mode, TODAY).is_noop());
        }
    }

    #[test]
    fn importing_the_same_progress_is_a_noop() {
        let a = current();
        for mode in [ImportMode::Merge, ImportMode::Replace, ImportMode::Restore] {
            let plan = a.plan_import(&a.progress, mode, TODAY);
            assert!(plan.is_noop(), "{mode:?}");
            assert_eq!(plan.unchanged, 3);
        }
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("O'Brien: \"ops\"").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("  ").is_err());
        assert!(check_name(" lead").is_err());
        assert!(check_name("a\nb").is_err());
        assert!(check_name(&"x".repeat(121)).is_err());
        assert!(check_name("bad\u{fffe}").is_err());
        // Names from files may have outer spaces (the reference app allows them).
        assert!(check_read_name(" Team A ").is_ok());
        assert!(check_read_name(" ").is_err());
    }
}
