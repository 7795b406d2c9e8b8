//! The registry of stored kinds. Each kind is one entry of [`KINDS`] (its key, what it is
//! called, which module reads it) and one variant of [`Stored`]; everything a kind does is an
//! arm of a `match` in this file, so a new kind (targets come next) is an entry here, its
//! codec and its tests, and the compiler names every arm still to write:
//! - its key ([`Stored::key`]), encoding ([`Stored::encode`]) and reading
//!   ([`super::Gateway::read`], with its validation);
//! - how it follows a team's rename or delete ([`Kind::follow_team`]) and a change of the
//!   progress states ([`Kind::follow_states`]);
//! - its part of `dsomm-assessment.yaml` ([`Kind::write_backup`], [`Kind::read_backup`]) and
//!   what a restore writes of it ([`Kind::restore`]).
//!
//! How a kind is shown is each module's own `match` on [`Stored`] (the pages module's
//! `AppState::show`, the first module's `shell::state`).

use super::codec::{self, TeamIds};
use super::*;
use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence;
use crate::domain::assessment::progress_defs::StateChange;
use crate::domain::assessment::teams::TeamChange;
use crate::domain::assessment::ImportMode;
use crate::domain::formats::backup::{self, Backup};
use crate::domain::formats::progress_yaml::{self, FormatError};
use crate::domain::formats::yaml_lite::Value;
use crate::domain::formats::{evidence_yaml, teams_yaml};

/// A stored kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Teams,
    Groups,
    Settings,
    Progress,
    Evidence,
    SelectedTeam,
    /// This browser's custom activity file, compiled (`model::custom`).
    CustomModel,
    /// The last known name of activities with progress or evidence (`assessment::names`).
    Names,
}

/// One entry of the registry: where a kind lives and what it is called in messages.
pub struct KindDef {
    pub kind: Kind,
    /// The key, or with `per_activity` the prefix before an activity uuid.
    pub key: &'static str,
    pub per_activity: bool,
    pub what: &'static str,
    /// Read (and set aside when unreadable) by the first module, which shows the matrix;
    /// the others are the pages module's alone (see [`Gateway::for_matrix`]).
    pub matrix: bool,
}

/// The registry of stored kinds, in the order of their parts in `dsomm-assessment.yaml`.
/// Reading, writing, setting aside, team changes, the one-file assessment and the two
/// modules' handling of other tabs' writes all go through it (see the module's comment).
pub const KINDS: &[KindDef] = &[
    KindDef {
        kind: Kind::Settings,
        key: SETTINGS_KEY,
        per_activity: false,
        what: "the settings",
        matrix: true,
    },
    KindDef {
        kind: Kind::Teams,
        key: TEAMS_KEY,
        per_activity: false,
        what: "the team list",
        matrix: true,
    },
    KindDef {
        kind: Kind::Groups,
        key: GROUPS_KEY,
        per_activity: false,
        what: "the team groups",
        matrix: true,
    },
    KindDef {
        kind: Kind::Progress,
        key: PROGRESS_PREFIX,
        per_activity: true,
        what: "progress",
        matrix: true,
    },
    KindDef {
        kind: Kind::Evidence,
        key: EVIDENCE_PREFIX,
        per_activity: true,
        what: "evidence",
        matrix: false,
    },
    KindDef {
        kind: Kind::SelectedTeam,
        key: SELECTED_TEAM_KEY,
        per_activity: false,
        what: "the team chosen in the header",
        matrix: true,
    },
    KindDef {
        kind: Kind::CustomModel,
        key: crate::domain::model::CUSTOM_MODEL_KEY,
        per_activity: false,
        what: "the custom activity file",
        matrix: true,
    },
    KindDef {
        kind: Kind::Names,
        key: NAMES_KEY,
        per_activity: false,
        what: "the names of activities with progress",
        matrix: false,
    },
];

/// The kind stored under `key`, and the activity uuid for per-activity kinds.
pub fn kind_of(key: &str) -> Option<(&'static KindDef, &str)> {
    KINDS.iter().find_map(|k| {
        if k.per_activity {
            key.strip_prefix(k.key)
                .filter(|u| !u.is_empty())
                .map(|u| (k, u))
        } else {
            (key == k.key).then_some((k, ""))
        }
    })
}

/// A value of a stored kind, read or to be written.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    Teams(TeamIds),
    Groups(Vec<Group>),
    Settings(Settings),
    Progress(String, ActivityProgress),
    Evidence(String, ActivityEvidence),
    /// `None`: nothing stored.
    SelectedTeam(Option<String>),
    /// The compiled custom model as stored (`model::custom::compile`); `None`: the embedded
    /// model. Read as it is: each module installs it when it starts (`model::active`).
    CustomModel(Option<String>),
    /// As stored (read where it is used: `assessment::names::decode`).
    Names(Option<String>),
}

impl Stored {
    pub fn key(&self) -> String {
        let (kind, uuid) = match self {
            Stored::Teams(_) => (Kind::Teams, ""),
            Stored::Groups(_) => (Kind::Groups, ""),
            Stored::Settings(_) => (Kind::Settings, ""),
            Stored::Progress(u, _) => (Kind::Progress, u.as_str()),
            Stored::Evidence(u, _) => (Kind::Evidence, u.as_str()),
            Stored::SelectedTeam(_) => (Kind::SelectedTeam, ""),
            Stored::CustomModel(_) => (Kind::CustomModel, ""),
            Stored::Names(_) => (Kind::Names, ""),
        };
        let def = KINDS.iter().find(|k| k.kind == kind).expect("every kind");
        format!("{}{uuid}", def.key)
    }

    /// The value to store (`None`: the key is removed: nothing to keep). Progress needs the
    /// team ids (see [`codec::ensure_ids`]).
    pub fn encode(&self, ids: &TeamIds) -> Result<Option<String>, String> {
        Ok(match self {
            Stored::Teams(t) => Some(t.encode()),
            Stored::Groups(g) => Some(json::encode_groups(g)),
            Stored::Settings(s) => Some(s.encode()),
            Stored::Progress(_, p) => progress_value(p, ids)?,
            Stored::Evidence(_, e) => evidence_value(e),
            Stored::SelectedTeam(t) | Stored::CustomModel(t) | Stored::Names(t) => t.clone(),
        })
    }
}

impl Stored {
    /// Shows this value in `a`; settings and the chosen team, which are not part of an
    /// assessment, are given back.
    pub fn into_assessment(self, a: &mut Assessment) -> Option<Stored> {
        match self {
            Stored::Teams(ids) => a.teams = ids.names(),
            Stored::Groups(g) => a.groups = g,
            Stored::Progress(uuid, p) => {
                if p.is_empty() {
                    a.progress.remove(&uuid);
                } else {
                    a.progress.insert(uuid, p);
                }
            }
            Stored::Evidence(uuid, e) => {
                if e.is_empty() {
                    a.evidence.remove(&uuid);
                } else {
                    a.evidence.insert(uuid, e);
                }
            }
            other @ (Stored::Settings(_)
            | Stored::SelectedTeam(_)
            | Stored::CustomModel(_)
            | Stored::Names(_)) => return Some(other),
        }
        None
    }
}

/// One activity's stored progress (None: nothing to keep).
pub(super) fn progress_value(
    p: &ActivityProgress,
    ids: &TeamIds,
) -> Result<Option<String>, String> {
    if p.values().all(|t| t.is_empty()) {
        Ok(None)
    } else {
        codec::encode_progress(p, ids).map(Some)
    }
}

/// One activity's stored evidence (None: nothing to keep).
fn evidence_value(list: &[Evidence]) -> Option<String> {
    (!list.is_empty()).then(|| encode_evidence(list))
}

/// A change of one team's name: how every kind's values follow it.
#[derive(Clone, Copy, Debug)]
pub enum TeamEvent<'a> {
    Renamed { old: &'a str, new: &'a str },
    Deleted(&'a str),
}

/// The activity's records after `e` (None: `e` does not touch them).
fn records_after(p: &ActivityProgress, e: TeamEvent) -> Option<ActivityProgress> {
    match e {
        TeamEvent::Renamed { old, new } => p.get(old).map(|record| {
            let mut next = p.clone();
            next.remove(old);
            next.insert(new.to_string(), record.clone());
            next
        }),
        TeamEvent::Deleted(name) => p.contains_key(name).then(|| {
            let mut next = p.clone();
            next.remove(name);
            next
        }),
    }
}

impl Kind {
    /// Adds to `c` what this kind's values become after `e`, from `a` as it is now.
    pub fn follow_team(self, a: &Assessment, e: TeamEvent, c: &mut TeamChange) {
        match self {
            // The list itself is the change (`teams::rename`, `teams::delete`).
            Kind::Teams => {}
            Kind::Groups => {
                for g in &mut c.groups {
                    match e {
                        TeamEvent::Renamed { old, new } => {
                            for m in g.members.iter_mut().filter(|m| *m == old) {
                                *m = new.to_string();
                            }
                        }
                        TeamEvent::Deleted(name) => g.members.retain(|m| m != name),
                    }
                }
            }
            // Name no team: the report's teams are the header's choice, this tab's own.
            Kind::Settings => {}
            Kind::Progress => {
                for (uuid, p) in &a.progress {
                    if let Some(next) = records_after(p, e) {
                        c.values.push(Stored::Progress(uuid.clone(), next));
                    }
                }
            }
            Kind::Evidence => {
                let changed = match e {
                    TeamEvent::Renamed { old, new } => evidence::rename_team(&a.evidence, old, new),
                    TeamEvent::Deleted(name) => evidence::delete_team(&a.evidence, name),
                };
                let changed = changed.changed.into_iter();
                c.values
                    .extend(changed.map(|(uuid, list)| Stored::Evidence(uuid, list)));
            }
            // This tab's own choice, not written with the change: the page follows it
            // (`Scope::after_change`), and other tabs keep theirs.
            Kind::SelectedTeam => {}
            // Names no team.
            Kind::CustomModel | Kind::Names => {}
        }
    }

    /// The values of this kind that a change of the progress states rewrites (`settings`
    /// and `progress` as stored now) into `out`.
    pub fn follow_states(
        self,
        change: &StateChange,
        settings: &Settings,
        progress: &BTreeMap<String, ActivityProgress>,
        out: &mut Vec<Stored>,
    ) {
        match self {
            Kind::Settings => {
                let mut s = settings.clone();
                s.progress = change.defs.clone();
                out.push(Stored::Settings(s));
            }
            Kind::Progress => {
                for (uuid, p) in progress {
                    if let Some(next) = change.rewrite_activity(p) {
                        out.push(Stored::Progress(uuid.clone(), next));
                    }
                }
            }
            // Name no progress state.
            Kind::Teams | Kind::Groups | Kind::Evidence | Kind::SelectedTeam => {}
            Kind::CustomModel | Kind::Names => {}
        }
    }

    /// Writes this kind's part of `dsomm-assessment.yaml` ([`backup::write`]).
    pub fn write_backup(
        self,
        a: &Assessment,
        settings: &Settings,
        activity: &dyn Fn(&str) -> Option<(usize, &'static str)>,
        out: &mut String,
    ) {
        match self {
            Kind::Settings => out.push_str(&backup::write_settings(settings)),
            // teams.yaml's shape: the teams, then the groups.
            Kind::Teams => out.push_str(&teams_yaml::write(&a.teams, &a.groups)),
            Kind::Groups => {}
            Kind::Progress => {
                out.push_str(&progress_yaml::write(
                    &a.progress,
                    &settings.progress,
                    activity,
                ));
                out.push_str(&backup::write_history(&a.progress, activity));
            }
            Kind::Evidence => out.push_str(&evidence_yaml::write(&a.evidence, activity)),
            // The choice of one tab, not part of the assessment.
            Kind::SelectedTeam => {}
            // A hint kept beside the data, not part of the file (its progress has each
            // activity's name as a comment).
            Kind::Names => {}
            // The file the model in use was made of (or stored and not used: kept).
            Kind::CustomModel => {
                if let Some((file, applied, text)) = crate::domain::model::stored_file() {
                    out.push_str(&backup::write_custom(file, applied, text));
                }
            }
        }
    }

    /// Reads this kind's part of a parsed `dsomm-assessment.yaml` into `b`.
    pub fn read_backup(self, root: &Value, b: &mut Backup) -> Result<(), FormatError> {
        let shape = FormatError::Shape;
        match self {
            Kind::Settings => {
                if let Some(s) = root.get("settings") {
                    b.settings =
                        Settings::from_value(s).map_err(|e| shape(format!("settings → {e}")))?;
                    b.has_states = s.get("progressStates").is_some();
                }
            }
            Kind::Teams => {
                let file = teams_yaml::read(root)?;
                b.teams = file.teams;
                b.groups = file.groups;
            }
            // Read with the teams.
            Kind::Groups => {}
            Kind::Progress => {
                let Some(p) = root.get("progress") else {
                    return Err(shape("it has no `progress:` key".into()));
                };
                let mut read = progress_yaml::read_progress(p)?;
                if let Some(h) = root.get("history") {
                    backup::read_history(h, &mut read.progress, &mut read.warnings)?;
                }
                b.progress = read.progress;
                b.warnings.extend(read.warnings);
            }
            // Files from before evidence was added have no `evidence:` key.
            Kind::Evidence => {
                if let Some(e) = root.get("evidence") {
                    let read = evidence_yaml::read_evidence(e).map_err(shape)?;
                    b.evidence = read.evidence;
                    b.warnings.extend(read.warnings);
                    b.has_evidence = true;
                }
            }
            Kind::SelectedTeam => {}
            // A file that does not apply here (another model version) does not stop the
            // rest: restored without it, said in the preview (progress of its activities is
            // kept aside).
            Kind::Names => {}
            Kind::CustomModel => match root.get(backup::CUSTOM_KEY).map(backup::read_custom) {
                Some(Ok(part)) => b.custom = Some(part),
                Some(Err(e)) => b.warnings.push(format!(
                    "{e}. It is restored without it: your model stays, and progress of activities it does not have is kept aside."
                )),
                None => {}
            },
        }
        Ok(())
    }

    /// Adds to `c` what restoring `b` over `current` (with `settings`) writes of this kind:
    /// the file's values, except that a file without evidence or progress states (format
    /// 1) keeps the current ones.
    pub fn restore(
        self,
        b: &Backup,
        current: &Assessment,
        settings: &Settings,
        today: Date,
        c: &mut TeamChange,
    ) {
        match self {
            Kind::Teams => c.teams = b.teams.clone(),
            Kind::Groups => c.groups = b.groups.clone(),
            Kind::Settings => {
                let mut restored = b.settings.clone();
                if !b.has_states {
                    restored.progress = settings.progress.clone();
                }
                c.values.push(Stored::Settings(restored));
            }
            Kind::Progress => {
                let plan = current.plan_import(&b.progress, ImportMode::Restore, today);
                let changed = plan.changed.into_iter();
                c.values
                    .extend(changed.map(|(uuid, p)| Stored::Progress(uuid, p)));
            }
            Kind::Evidence => {
                if b.has_evidence {
                    let changed = evidence::replace_all(&current.evidence, &b.evidence);
                    c.values
                        .extend(changed.into_iter().map(|(u, e)| Stored::Evidence(u, e)));
                }
            }
            Kind::SelectedTeam => {}
            Kind::Names => {}
            // A file without one keeps the model in use (files of other app versions, or
            // written with the embedded model: the model is this deployment's as much as
            // the assessment's).
            Kind::CustomModel => {
                if let Some(part) = &b.custom {
                    c.values
                        .push(Stored::CustomModel(Some(part.stored.clone())));
                }
            }
        }
    }
}

/// Adds to `c` what every kind's values become after `e` ([`Kind::follow_team`]).
pub fn follow_team(a: &Assessment, e: TeamEvent, c: &mut TeamChange) {
    for k in KINDS {
        k.kind.follow_team(a, e, c);
    }
}

/// What a change of the progress states writes: every kind's values that name a state
/// ([`Kind::follow_states`]).
pub fn follow_states(
    change: &StateChange,
    settings: &Settings,
    progress: &BTreeMap<String, ActivityProgress>,
) -> Vec<Stored> {
    let mut out = Vec::new();
    for k in KINDS {
        k.kind.follow_states(change, settings, progress, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::evidence::tests::entry;
    use crate::domain::assessment::progress::TeamProgress;
    use crate::domain::assessment::teams;

    const OLD: &str = "Zeta old";

    /// The settings a change writes, if it writes them.
    fn settings_in(values: &[Stored]) -> Option<&Settings> {
        values.iter().rev().find_map(|v| match v {
            Stored::Settings(s) => Some(s),
            _ => None,
        })
    }

    /// `OLD` is in every kind that can name a team: the list, a group, progress (with a
    /// history) and evidence.
    fn everywhere() -> (Assessment, Settings) {
        let mut a = Assessment::with_default_teams();
        a.teams.push(OLD.into());
        a.groups[0].members.push(OLD.into());
        let day = |d| Date::new(2025, 1, d).unwrap();
        let reached = BTreeMap::from([
            ("Started".into(), day(2)),
            ("Partly implemented".into(), day(3)),
        ]);
        let mut r = TeamProgress::from_dates(reached);
        // Lowered: the history keeps the higher state.
        r.change_to(&BTreeMap::from([("Started".into(), day(2))]), day(4));
        let mut p = ActivityProgress::new();
        p.insert(OLD.into(), r);
        let started = BTreeMap::from([("Started".into(), day(5))]);
        p.insert("Team A".into(), TeamProgress::from_dates(started));
        a.progress.insert("u-1".into(), p);
        // Set and taken back: it holds nothing now, its history says so.
        let mut r = TeamProgress::from_dates(BTreeMap::from([("Started".into(), day(2))]));
        r.change_to(&BTreeMap::new(), day(3));
        a.progress
            .insert("u-2".into(), BTreeMap::from([(OLD.into(), r)]));
        a.evidence
            .insert("u-1".into(), vec![entry("e-1", &[OLD, "Team A"])]);
        (a, Settings::default())
    }

    /// The assessment and settings after `c`, as the app writes them.
    fn after(a: &Assessment, s: &Settings, c: TeamChange) -> (Assessment, Settings) {
        let mut a = a.clone();
        a.apply_team_change(&c);
        let s = settings_in(&c.values).cloned().unwrap_or_else(|| s.clone());
        (a, s)
    }

    fn file(a: &Assessment, s: &Settings) -> String {
        backup::write(a, s, "4.3.1", |_| None)
    }

    #[test]
    fn every_kind_follows_a_rename_and_a_delete() {
        let (a, s) = everywhere();
        let before = file(&a, &s);
        assert!(before.matches(OLD).count() >= 5, "{before}");

        let (renamed, rs) = after(&a, &s, teams::rename(&a, OLD, "Zeta new").unwrap());
        let text = file(&renamed, &rs);
        assert!(!text.contains(OLD), "a part kept the old name:\n{text}");
        assert_eq!(
            text.matches("Zeta new").count(),
            before.matches(OLD).count(),
            "every mention renamed:\n{text}"
        );
        assert_eq!(
            renamed.progress["u-1"]["Zeta new"].log().len(),
            3,
            "history kept"
        );
        assert!(renamed.progress["u-2"]["Zeta new"].holds_nothing());

        let (deleted, ds) = after(&a, &s, teams::delete(&a, OLD).unwrap());
        let text = file(&deleted, &ds);
        assert!(!text.contains(OLD), "a part kept the deleted team:\n{text}");
        assert_eq!(
            deleted.evidence["u-1"][0].teams,
            ["Team A"],
            "shared entry kept"
        );
        assert!(deleted.progress["u-1"].contains_key("Team A"));
    }

    #[test]
    fn every_kind_follows_a_renamed_progress_state() {
        use crate::domain::assessment::progress_defs::{self, Draft};
        let (a, s) = everywhere();
        let before = file(&a, &s);
        let mut draft = Draft::from_defs(&s.progress);
        let key = draft
            .rows()
            .find(|r| r.def.name == "Partly implemented")
            .unwrap()
            .key;
        draft.row_mut(key).unwrap().def.name = "Half way".into();
        let change =
            progress_defs::apply(&a.progress, &s.progress, &draft, &BTreeMap::new()).unwrap();
        let values = follow_states(&change, &s, &a.progress);
        let mut next = a.clone();
        for v in values.iter().cloned() {
            v.into_assessment(&mut next);
        }
        let text = file(&next, settings_in(&values).unwrap());
        assert!(!text.contains("Partly implemented"), "{text}");
        assert_eq!(
            text.matches("Half way").count(),
            before.matches("Partly implemented").count(),
            "settings and history renamed:\n{text}"
        );
        assert_eq!(next.progress["u-1"][OLD].log().len(), 3, "history kept");
    }

    #[test]
    fn every_kind_round_trips_through_the_file_and_a_restore() {
        let (a, s) = everywhere();
        let text = file(&a, &s);
        let b = backup::parse(&text).unwrap();
        let mut restored = Assessment::with_default_teams();
        let c = b.restore_plan(
            &restored,
            &Settings::default(),
            Date::new(2026, 1, 1).unwrap(),
        );
        let (got, gs) = after(&restored, &Settings::default(), c);
        restored = got;
        assert_eq!(restored, a);
        assert_eq!(gs, s);
        assert_eq!(file(&restored, &gs), text);
    }
}
