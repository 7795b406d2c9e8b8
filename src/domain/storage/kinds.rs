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
use crate::domain::assessment::targets::Targets;
use crate::domain::assessment::teams::{TeamChange, TeamEvent};
use crate::domain::assessment::ImportMode;
use crate::domain::formats::backup::{self, Backup, BackupError};
use crate::domain::formats::progress_yaml;
use crate::domain::formats::{evidence_yaml, targets, teams_yaml};
use crate::domain::tree::Value;

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
    /// Each team's and group's target (`assessment::targets`).
    Targets,
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
        kind: Kind::Targets,
        key: TARGETS_KEY,
        per_activity: false,
        what: "the targets",
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
    /// As stored (read where it is used: `formats::json::decode_names`).
    Names(Option<String>),
    Targets(Targets),
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
            Stored::Targets(_) => (Kind::Targets, ""),
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
            Stored::Targets(t) => (!t.is_empty()).then(|| targets::encode(t)),
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
            Stored::Targets(t) => a.targets = t,
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

/// A change of the team and group lists as the gateway writes it, all or nothing: the
/// lists, and every stored value that follows them (its events: [`follow_team`]; or a
/// restore: [`Backup::restore_plan`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamWrite {
    pub change: TeamChange,
    pub values: Vec<Stored>,
}

impl TeamWrite {
    /// Shows the written change in `a` (as a page does after writing it).
    pub fn apply_to(&self, a: &mut Assessment) {
        a.teams = self.change.teams.clone();
        a.groups = self.change.groups.clone();
        for v in &self.values {
            v.clone().into_assessment(a);
        }
    }
}

impl Kind {
    /// Adds to `values` what this kind's values become after `e`, from `a` as it is now.
    pub fn follow_team(self, a: &Assessment, e: &TeamEvent, values: &mut Vec<Stored>) {
        match self {
            // The lists themselves are the change (`teams::rename`, `teams::delete`: group
            // members follow there).
            Kind::Teams | Kind::Groups => {}
            // Name no team: the report's teams are the header's choice, this tab's own.
            Kind::Settings => {}
            Kind::Progress => {
                for (uuid, p) in &a.progress {
                    if let Some(next) = e.records_after(p) {
                        values.push(Stored::Progress(uuid.clone(), next));
                    }
                }
            }
            Kind::Evidence => {
                let changed = e.evidence_after(&a.evidence).changed.into_iter();
                values.extend(changed.map(|(uuid, list)| Stored::Evidence(uuid, list)));
            }
            // This tab's own choice, not written with the change: the page follows it
            // (`Scope::after_change`), and other tabs keep theirs.
            Kind::SelectedTeam => {}
            Kind::Targets => {
                if let Some(next) = a.targets.after(e) {
                    values.push(Stored::Targets(next));
                }
            }
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
            Kind::Teams | Kind::Groups | Kind::Evidence | Kind::SelectedTeam | Kind::Targets => {}
            Kind::CustomModel | Kind::Names => {}
        }
    }

    /// Writes this kind's part of `dsomm-assessment.yaml` ([`write_backup`]).
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
            Kind::Targets => out.push_str(&targets::write_yaml(&a.targets)),
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
    pub fn read_backup(self, root: &Value, b: &mut Backup) -> Result<(), BackupError> {
        let shape = BackupError::Shape;
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
                    let read = evidence_yaml::read_evidence(e).map_err(|e| shape(e.to_string()))?;
                    b.evidence = read.evidence;
                    b.warnings.extend(read.warnings);
                    b.has_evidence = true;
                }
            }
            // Files from before targets were added have no `targets:` key.
            Kind::Targets => {
                if let Some(t) = root.get(targets::KEY) {
                    let read = targets::from_value(t).map_err(|e| shape(format!("targets → {e}")))?;
                    b.targets = Some(read);
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

    /// Adds to `w` what restoring `b` over `current` (with `settings`) writes of this kind:
    /// the file's values, except that a file without evidence or progress states (format
    /// 1) keeps the current ones.
    pub fn restore(
        self,
        b: &Backup,
        current: &Assessment,
        settings: &Settings,
        today: Date,
        w: &mut TeamWrite,
    ) {
        match self {
            Kind::Teams => w.change.teams = b.teams.clone(),
            Kind::Groups => w.change.groups = b.groups.clone(),
            Kind::Settings => {
                let mut restored = b.settings.clone();
                if !b.has_states {
                    restored.progress = settings.progress.clone();
                }
                w.values.push(Stored::Settings(restored));
            }
            Kind::Progress => {
                let plan = current.plan_import(&b.progress, ImportMode::Restore, today);
                let changed = plan.changed.into_iter();
                w.values
                    .extend(changed.map(|(uuid, p)| Stored::Progress(uuid, p)));
            }
            Kind::Evidence => {
                if b.has_evidence {
                    let changed = evidence::replace_all(&current.evidence, &b.evidence);
                    w.values
                        .extend(changed.into_iter().map(|(u, e)| Stored::Evidence(u, e)));
                }
            }
            // The file's (or, from a file without them, the current ones), of the teams and
            // groups restored only; written either way (one value), so storage holds what
            // the restore shows.
            Kind::Targets => {
                let kept = b.targets.as_ref().unwrap_or(&current.targets);
                w.values.push(Stored::Targets(kept.of(&b.teams, &b.groups)));
            }
            Kind::SelectedTeam => {}
            Kind::Names => {}
            // A file without one keeps the model in use (files of other app versions, or
            // written with the embedded model: the model is this deployment's as much as
            // the assessment's).
            Kind::CustomModel => {
                if let Some(part) = &b.custom {
                    w.values
                        .push(Stored::CustomModel(Some(part.stored.clone())));
                }
            }
        }
    }
}

/// What `c`, made on `a` as it is now, writes: its lists and what every kind's values
/// become after its events ([`Kind::follow_team`]).
pub fn follow_team(a: &Assessment, c: TeamChange) -> TeamWrite {
    let mut values = Vec::new();
    for e in &c.events {
        for k in KINDS {
            k.kind.follow_team(a, e, &mut values);
        }
    }
    TeamWrite { change: c, values }
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

/// The one-file assessment, `dsomm-assessment.yaml` ([`backup`]): its header, then every
/// kind's part ([`Kind::write_backup`]).
pub fn write_backup(
    a: &Assessment,
    settings: &Settings,
    model_version: &str,
    activity: impl Fn(&str) -> Option<(usize, &'static str)>,
) -> String {
    let mut out = backup::header(model_version);
    for k in KINDS {
        k.kind.write_backup(a, settings, &activity, &mut out);
    }
    out
}

/// Reads `dsomm-assessment.yaml`: its header ([`backup::read_header`]), every kind's part
/// ([`Kind::read_backup`]), then the checks of the whole ([`backup::check_teams`]).
pub fn read_backup(text: &str) -> Result<Backup, BackupError> {
    let (root, mut b) = backup::read_header(text)?;
    for k in KINDS {
        k.kind.read_backup(&root, &mut b)?;
    }
    backup::check_teams(&mut b)?;
    Ok(b)
}

/// Here, beside the registry it walks, not in `formats::backup` (which knows no storage).
impl Backup {
    /// What restoring this file writes over `current` (whose settings are `settings`): every
    /// kind's part ([`Kind::restore`]): teams, groups, progress and settings replaced by the
    /// file's, evidence and progress states only if the file has them (format 1 has neither,
    /// so the current ones are kept).
    pub fn restore_plan(
        &self,
        current: &Assessment,
        settings: &Settings,
        today: Date,
    ) -> TeamWrite {
        let mut w = TeamWrite::default();
        for k in KINDS {
            k.kind.restore(self, current, settings, today, &mut w);
        }
        w
    }
}

#[cfg(test)]
mod backup_tests;
#[cfg(test)]
mod tests;
