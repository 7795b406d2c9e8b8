//! The whole assessment in one file, `dsomm-assessment.yaml`, with a format version:
//! settings (with the progress states), teams and groups (as in `teams.yaml`), progress (as
//! in `team-progress.yaml`) and evidence (as in `team-evidence.yaml`), so it is also
//! readable as any of those reference files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::EvidenceStore;
use crate::domain::assessment::progress::{Change, TeamProgress};
use crate::domain::assessment::settings::{Field, Settings};
use crate::domain::assessment::targets::Targets;
use crate::domain::assessment::{check_read_name, ActivityProgress, Group, MAX_TEAMS};
use crate::domain::formats::progress_yaml::{self, MAX_FILE_BYTES};
use crate::domain::formats::teams_yaml::TeamsFileError;
use crate::domain::formats::yaml_lite;
use crate::domain::tree::quote;
use crate::domain::tree::Value;

file_error!(
    /// Why `dsomm-assessment.yaml` cannot be read; its progress and teams parts's errors are
    /// worded as those files' are.
    BackupError
);

/// The progress part is read as `team-progress.yaml` is, and says what that says.
impl From<progress_yaml::ProgressFileError> for BackupError {
    fn from(e: progress_yaml::ProgressFileError) -> BackupError {
        use progress_yaml::ProgressFileError as P;
        match e {
            P::TooLarge { bytes } => BackupError::TooLarge { bytes },
            P::Yaml(m) => BackupError::Yaml(m),
            P::Shape(m) => BackupError::Shape(m),
        }
    }
}

/// The teams part is read as `teams.yaml` is, and says what that says.
impl From<TeamsFileError> for BackupError {
    fn from(e: TeamsFileError) -> BackupError {
        match e {
            TeamsFileError::TooLarge { bytes } => BackupError::TooLarge { bytes },
            TeamsFileError::Yaml(m) => BackupError::Yaml(m),
            TeamsFileError::Shape(m) => BackupError::Shape(m),
        }
    }
}

pub const FILE_NAME: &str = "dsomm-assessment.yaml";
pub const FORMAT: &str = "dsomm-assessment";
/// 2 added the progress states and evidence, 3 the history: an app that reads only an
/// older version refuses the file instead of restoring it without them.
pub const FORMAT_VERSION: u32 = 4;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backup {
    pub model_version: String,
    pub settings: Settings,
    pub teams: Vec<String>,
    pub groups: Vec<Group>,
    pub progress: BTreeMap<String, ActivityProgress>,
    pub evidence: EvidenceStore,
    /// Whether the file holds evidence and progress states at all (format 1 has neither):
    /// a restore keeps the current ones where the file says nothing.
    pub has_evidence: bool,
    pub has_states: bool,
    /// The `targets:` part (None: a file from before targets, which a restore leaves as
    /// they are).
    pub targets: Option<Targets>,
    /// The custom activity file the assessment was made with, compiled over this app's
    /// model (`customActivities:`).
    pub custom: Option<CustomPart>,
    pub warnings: Vec<String>,
}

/// The `customActivities:` part: the file a custom model was made of.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomPart {
    pub file: String,
    pub applied: String,
    /// How many activities the model it makes has.
    pub activities: usize,
    /// Compiled, as stored (`model::custom::compile`).
    pub stored: String,
}

pub const CUSTOM_KEY: &str = "customActivities";

/// The `customActivities:` part: the custom activity file's name, the day it was applied and
/// its text (one quoted line: comments and layout kept exactly).
pub fn write_custom(file: &str, applied: &str, text: &str) -> String {
    format!(
        "{CUSTOM_KEY}:\n  file: {}\n  applied: {}\n  text: {}\n",
        quote(file),
        quote(applied),
        quote(text)
    )
}

message_error!(
    /// Why the `customActivities:` part is not restored (a sentence for the preview).
    CustomPartError
);

/// Reads the `customActivities:` part and applies its file over this app's model; a file
/// that does not apply (another model version, an error in it) is refused with its
/// problems (a sentence for the restore's preview), before anything changes.
pub fn read_custom(v: &Value) -> Result<CustomPart, CustomPartError> {
    let get = |k: &str| match v.get(k) {
        Some(Value::Scalar(s)) => Ok(s.clone()),
        _ => Err(format!("Its {CUSTOM_KEY} part has no `{k}`")),
    };
    let (file, applied, text) = (get("file")?, get("applied")?, get("text")?);
    match crate::domain::model::custom::compile(&file, &text, &applied) {
        Ok(c) => Ok(CustomPart {
            file,
            applied,
            activities: c.activities,
            stored: c.stored,
        }),
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            Err(format!(
                "Its custom activity file {file} does not apply to this app's model: {}",
                list.join("; ")
            )
            .into())
        }
    }
}

/// The file's first lines: what it is, its format version and the model it was made with.
/// Every stored kind's part follows (`storage::write_backup`).
pub fn header(model_version: &str) -> String {
    let mut out = String::from("# DSOMM assessment: everything this app stores\n");
    let _ = writeln!(
        out,
        "format: {FORMAT}\nformatVersion: {FORMAT_VERSION}\nmodel: {}",
        quote(model_version)
    );
    out
}

/// The `settings:` part.
pub fn write_settings(settings: &Settings) -> String {
    let mut out = String::from("settings:\n");
    for (key, value) in settings.fields() {
        match value {
            Field::One(v) => {
                let _ = writeln!(out, "  {key}: {v}");
            }
            Field::List(items) => {
                let _ = writeln!(out, "  {key}:");
                for item in items {
                    let _ = writeln!(out, "    - {item}");
                }
            }
        }
    }
    out
}

/// The `history:` part: for each activity and team whose history says more than its dates
/// (see [`TeamProgress::from_dates`]), every entry oldest first as
/// `[reached|left, state, date it applies from, day recorded or null]` (`and reached`,
/// `and left`: part of the same change as the entry before).
pub fn write_history(
    progress: &BTreeMap<String, ActivityProgress>,
    activity: &dyn Fn(&str) -> Option<(usize, &'static str)>,
) -> String {
    let told = |r: &TeamProgress| r.log() != TeamProgress::from_dates(r.dates().clone()).log();
    let rows = progress_yaml::in_model_order(progress, |p| p.values().any(told), activity);
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "# every change: [reached or left (\"and\": the same change as the line before), state, date it applies from, day recorded]\nhistory:\n",
    );
    for (_, uuid, name, teams) in rows {
        let comment = name.map_or(
            "not in the embedded model".to_string(),
            progress_yaml::comment,
        );
        let _ = writeln!(out, "  {}:  # {comment}", progress_yaml::key(uuid));
        for (team, record) in teams.iter().filter(|(_, r)| told(r)) {
            let _ = writeln!(out, "    {}:", quote(team));
            for c in record.log() {
                let recorded = c.recorded.map_or("null".to_string(), |d| d.to_string());
                let _ = writeln!(
                    out,
                    "      - [{}, {}, {}, {recorded}]",
                    match (c.joined, c.reached) {
                        (false, true) => "reached",
                        (false, false) => "left",
                        (true, true) => "and reached",
                        (true, false) => "and left",
                    },
                    quote(&c.state),
                    c.date
                );
            }
        }
    }
    out
}

/// Reads the `history:` part into `progress`: a team's history replaces its record when it
/// leads to the same dates; otherwise the dates win and the history is reported and left
/// out (a file edited by hand).
pub fn read_history(
    history: &Value,
    progress: &mut BTreeMap<String, ActivityProgress>,
    warnings: &mut Vec<String>,
) -> Result<(), BackupError> {
    let shape = |m: String| BackupError::Shape(format!("history → {m}"));
    let Value::Map(activities) = history else {
        return match history {
            Value::Null => Ok(()),
            _ => Err(shape("expected a mapping of activities".into())),
        };
    };
    for (uuid, teams) in activities {
        let Value::Map(teams) = teams else {
            return Err(shape(format!("{uuid}: expected a mapping of teams")));
        };
        for (team, entries) in teams {
            check_read_name(team).map_err(|e| shape(format!("{uuid} → team name: {e}")))?;
            let Value::Seq(entries) = entries else {
                return Err(shape(format!(
                    "{uuid} → {team}: expected a list of changes"
                )));
            };
            let mut log = Vec::with_capacity(entries.len());
            for (i, e) in entries.iter().enumerate() {
                let place = || format!("{uuid} → {team} → change {}", i + 1);
                let bad = || {
                    shape(format!(
                        "{}: expected [reached or left, state, date, day recorded]",
                        place()
                    ))
                };
                let Value::Seq(parts) = e else {
                    return Err(bad());
                };
                let [Value::Scalar(step), Value::Scalar(state), Value::Scalar(date), recorded] =
                    parts.as_slice()
                else {
                    return Err(bad());
                };
                let (joined, reached) = match step.as_str() {
                    "reached" => (false, true),
                    "left" => (false, false),
                    "and reached" => (true, true),
                    "and left" => (true, false),
                    _ => return Err(bad()),
                };
                check_read_name(state)
                    .map_err(|e| shape(format!("{}: state name: {e}", place())))?;
                let day = |t: &str| {
                    Date::parse(t).ok_or_else(|| shape(format!("{}: `{t}` is not a date", place())))
                };
                let recorded = match recorded {
                    Value::Null => None,
                    Value::Scalar(t) => Some(day(t)?),
                    _ => return Err(bad()),
                };
                log.push(Change {
                    state: state.as_str().into(),
                    reached,
                    date: day(date)?,
                    recorded,
                    joined,
                });
            }
            let record = TeamProgress::from_log(log);
            let activity = progress.entry(uuid.clone()).or_default();
            let dates = activity
                .get(team)
                .map(|r| r.dates().clone())
                .unwrap_or_default();
            if record.dates() == &dates {
                activity.insert(team.clone(), record);
            } else {
                warnings.push(format!(
                    "The history of {team} on {uuid} does not lead to the dates the file gives; the dates are kept, that history is left out."
                ));
            }
            if activity.is_empty() {
                progress.remove(uuid);
            }
        }
    }
    Ok(())
}

/// Reads the file's header: the parsed file and a backup with nothing but its model
/// version; every stored kind's part is read from the root (`storage::read_backup`).
pub fn read_header(text: &str) -> Result<(Value, Backup), BackupError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(BackupError::TooLarge { bytes: text.len() });
    }
    let root = yaml_lite::parse(text).map_err(|e| BackupError::Yaml(e.to_string()))?;
    let shape = |m: String| BackupError::Shape(m);
    match root.get("format") {
        Some(Value::Scalar(f)) if f == FORMAT => {}
        _ => return Err(shape(format!("it has no `format: {FORMAT}` line"))),
    }
    let version: u32 = match root.get("formatVersion") {
        Some(Value::Scalar(v)) => v
            .parse()
            .map_err(|_| shape(format!("formatVersion `{v}` is not a number")))?,
        _ => return Err(shape("it has no formatVersion".into())),
    };
    if version > FORMAT_VERSION {
        return Err(shape(format!(
            "it was written in format version {version} by a newer version of this app; this one reads version {FORMAT_VERSION}"
        )));
    }
    let b = Backup {
        model_version: match root.get("model") {
            Some(Value::Scalar(m)) => m.clone(),
            _ => String::new(),
        },
        ..Backup::default()
    };
    Ok((root, b))
}

/// The checks of a whole file, once every part is read (`storage::read_backup`).
pub fn check_teams(b: &mut Backup) -> Result<(), BackupError> {
    let shape = BackupError::Shape;
    // Teams that hold progress or evidence are kept even if the team list forgot them.
    crate::domain::assessment::add_teams_with_data(&mut b.teams, &b.progress, &b.evidence);
    if b.teams.is_empty() {
        return Err(shape("it lists no teams".into()));
    }
    if b.teams.len() > MAX_TEAMS {
        return Err(shape(format!("it has more than {MAX_TEAMS} teams")));
    }
    Ok(())
}
