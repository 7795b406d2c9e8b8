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
use crate::domain::assessment::teams::TeamChange;
use crate::domain::assessment::{check_read_name, ActivityProgress, Assessment, Group, MAX_TEAMS};
use crate::domain::formats::progress_yaml::{self, quote, FormatError, MAX_FILE_BYTES};
use crate::domain::formats::yaml_lite::{self, Value};
use crate::domain::storage::KINDS;

pub const FILE_NAME: &str = "dsomm-assessment.yaml";
pub const FORMAT: &str = "dsomm-assessment";
/// 2 added the progress states and evidence, 3 the history: an app that reads only an
/// older version refuses the file instead of restoring it without them.
pub const FORMAT_VERSION: u32 = 3;

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

/// Reads the `customActivities:` part and applies its file over this app's model; a file
/// that does not apply (another model version, an error in it) is refused with its
/// problems (a sentence for the restore's preview), before anything changes.
pub fn read_custom(v: &Value) -> Result<CustomPart, String> {
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
            ))
        }
    }
}

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
    ) -> TeamChange {
        let mut c = TeamChange::default();
        for k in KINDS {
            k.kind.restore(self, current, settings, today, &mut c);
        }
        c
    }
}

/// The file: a header, then every stored kind's part ([`Kind::write_backup`]).
pub fn write(
    a: &Assessment,
    settings: &Settings,
    model_version: &str,
    activity: impl Fn(&str) -> Option<(usize, &'static str)>,
) -> String {
    let mut out = String::from("# DSOMM assessment: everything this app stores\n");
    let _ = writeln!(
        out,
        "format: {FORMAT}\nformatVersion: {FORMAT_VERSION}\nmodel: {}",
        quote(model_version)
    );
    for k in KINDS {
        k.kind.write_backup(a, settings, &activity, &mut out);
    }
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
) -> Result<(), FormatError> {
    let shape = |m: String| FormatError::Shape(format!("history → {m}"));
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

pub fn parse(text: &str) -> Result<Backup, FormatError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge { bytes: text.len() });
    }
    let root = yaml_lite::parse(text).map_err(|e| FormatError::Yaml(e.to_string()))?;
    let shape = |m: String| FormatError::Shape(m);
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
    let mut b = Backup {
        model_version: match root.get("model") {
            Some(Value::Scalar(m)) => m.clone(),
            _ => String::new(),
        },
        ..Backup::default()
    };
    for k in KINDS {
        k.kind.read_backup(&root, &mut b)?;
    }
    // Teams that hold progress or evidence are kept even if the team list forgot them.
    crate::domain::assessment::add_teams_with_data(&mut b.teams, &b.progress, &b.evidence);
    if b.teams.is_empty() {
        return Err(shape("it lists no teams".into()));
    }
    if b.teams.len() > MAX_TEAMS {
        return Err(shape(format!("it has more than {MAX_TEAMS} teams")));
    }
    Ok(b)
}

#[cfg(test)]
mod restore_tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::progress::{ProgressDefs, StateDef};

    use crate::domain::storage::Stored;

    /// The settings a restore writes.
    fn settings_of(c: &TeamChange) -> &Settings {
        let mut found = c.values.iter().filter_map(|v| match v {
            Stored::Settings(s) => Some(s),
            _ => None,
        });
        let s = found.next().expect("a restore writes the settings");
        assert!(found.next().is_none(), "once");
        s
    }

    const V1: &str = "format: dsomm-assessment\nformatVersion: 1\nsettings:\n  maxLevel: 3\nteams: [\"T\"]\nprogress:\n  u-1:\n    \"T\": {\"Started\": 2025-01-02}\n";

    #[test]
    fn a_format_1_file_keeps_the_current_states_and_evidence() {
        let b = parse(V1).unwrap();
        assert!(!b.has_evidence && !b.has_states);
        let mut current = Assessment::with_default_teams();
        current.evidence.insert("u-9".into(), Vec::new());
        current
            .progress
            .insert("u-2".into(), ActivityProgress::new());
        let states = ProgressDefs::new(
            vec![StateDef::new("New", 0, ""), StateDef::new("Done", 100, "")],
            None,
        )
        .unwrap();
        let settings = Settings {
            progress: states.clone(),
            ..Settings::default()
        };
        let change = b.restore_plan(&current, &settings, Date::new(2026, 1, 1).unwrap());
        let restored = settings_of(&change);
        assert_eq!(restored.progress, states, "the file has no progress states");
        assert_eq!(restored.max_level, 3, "its other settings are restored");
        assert!(
            !change
                .values
                .iter()
                .any(|v| matches!(v, Stored::Evidence(..))),
            "the file has no evidence: nothing changes"
        );
        assert_eq!(change.teams, ["T"]);
        assert!(change
            .values
            .iter()
            .any(|v| matches!(v, Stored::Progress(u, _) if u == "u-1")));
    }

    #[test]
    fn a_report_choice_of_teams_from_an_earlier_version_is_read_and_left_out() {
        let earlier = V1.replace(
            "  maxLevel: 3\n",
            "  maxLevel: 3\n  report: {\"scope\": \"t:T\", \"maxLevel\": 4}\n",
        );
        let b = parse(&earlier).unwrap();
        assert_eq!((b.settings.max_level, b.settings.report.max_level), (3, 4));
        assert!(!write_settings(&b.settings).contains("scope"));
    }

    #[test]
    fn a_format_2_file_replaces_states_and_evidence() {
        let text = write(
            &Assessment::with_default_teams(),
            &Settings::default(),
            "4.3.1",
            |_| None,
        );
        let b = parse(&text).unwrap();
        assert!(b.has_evidence && b.has_states);
        let mut current = Assessment::with_default_teams();
        let e = crate::domain::assessment::evidence::tests::entry("e-1", &["Team A"]);
        current.evidence.insert("u-9".into(), vec![e]);
        let odd = Settings {
            progress: ProgressDefs::new(
                vec![StateDef::new("New", 0, ""), StateDef::new("Done", 100, "")],
                None,
            )
            .unwrap(),
            ..Settings::default()
        };
        let change = b.restore_plan(&current, &odd, Date::new(2026, 1, 1).unwrap());
        assert_eq!(settings_of(&change).progress, ProgressDefs::default());
        assert!(
            change
                .values
                .contains(&Stored::Evidence("u-9".into(), Vec::new())),
            "replaced by the file's none"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::default_groups;
    use crate::domain::assessment::evidence::{Attachment, AttachmentKind, Evidence};
    use crate::domain::assessment::progress::{ProgressDefs, StateDef, TeamProgress};

    fn sample() -> (Assessment, Settings) {
        let mut a = Assessment::with_default_teams();
        a.teams.push("O'Brien: \"ops\"".into());
        let mut r = TeamProgress::default();
        r.insert("Started".into(), Date::new(2025, 1, 2).unwrap());
        let mut p = ActivityProgress::new();
        p.insert("O'Brien: \"ops\"".into(), r);
        // A history: done, lowered, then lowered to nothing (its record holds no state).
        let defs = ProgressDefs::default();
        let mut h = TeamProgress::default();
        h.set_state(&defs, 3, Date::new(2025, 3, 1).unwrap());
        h.set_state(&defs, 1, Date::new(2025, 4, 1).unwrap());
        h.set_date("Started", Date::new(2024, 12, 24).unwrap())
            .unwrap();
        p.insert("Team A".into(), h.clone());
        h.set_state(&defs, 0, Date::new(2025, 5, 1).unwrap());
        p.insert("Team B".into(), h);
        a.progress
            .insert("f6f7737f-25a9-4317-8de2-09bf59f29b5b".into(), p);
        a.evidence.insert(
            "f6f7737f-25a9-4317-8de2-09bf59f29b5b".into(),
            vec![Evidence {
                id: "0b8f7c1e-4d5a-4e7b-9d2e-1f3a5c7e9b11".into(),
                teams: vec!["O'Brien: \"ops\"".into(), "Team A".into()],
                title: "Pipeline: reviewed".into(),
                description: "Line one\n\n- a *list*".into(),
                recorded: Date::new(2025, 2, 3).unwrap(),
                reviewer: "Jane".into(),
                attachments: vec![Attachment {
                    kind: AttachmentKind::Link,
                    url: "https://jira.example.com/ABC-1".into(),
                }],
            }],
        );
        let s = Settings {
            max_level: 3,
            date_format: "de".into(),
            theme: crate::domain::assessment::settings::Theme::Dark,
            progress: ProgressDefs::new(
                vec![
                    StateDef::new("Not implemented", 0, "Nothing: \"yet\""),
                    StateDef::new("Started", 20, "Multi\nline"),
                    StateDef::new("Done", 100, ""),
                ],
                Some(StateDef::new("Not applicable", 0, "Out of scope")),
            )
            .unwrap(),
            report: crate::domain::assessment::report::ReportConfig {
                hidden_dimensions: vec!["Culture and Organization".into()],
                max_level: 4,
                fields: vec![crate::domain::assessment::report::ReportField::Tools],
                which: crate::domain::assessment::report::Which::Implemented,
            },
        };
        (a, s)
    }

    #[test]
    fn round_trips_everything() {
        let (a, s) = sample();
        let text = write(&a, &s, "4.3.1", |_| Some((0, "Defined build process")));
        let b = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(
            (b.teams, b.groups, b.progress, b.settings, b.evidence),
            (a.teams, default_groups(), a.progress, s, a.evidence)
        );
        assert_eq!(b.model_version, "4.3.1");
        assert!(b.has_evidence && b.has_states);
        // The same file is a reference team-progress.yaml, teams.yaml and team-evidence.yaml.
        assert_eq!(progress_yaml::parse(&text).unwrap().progress.len(), 1);
        assert!(text.contains("history:\n"), "{text}");
        assert!(
            text.contains("- [left, \"Fully implemented\", 2025-04-01, 2025-04-01]"),
            "{text}"
        );
        assert_eq!(
            super::super::evidence_yaml::parse(&text)
                .unwrap()
                .evidence
                .len(),
            1
        );
        assert_eq!(
            super::super::teams_yaml::parse(&text).unwrap().teams.len(),
            5
        );
    }

    #[test]
    fn a_history_that_contradicts_the_dates_is_left_out_with_a_warning() {
        let (a, s) = sample();
        let text = write(&a, &s, "4.3.1", |_| None);
        let edited = text.replace("\"Started\": 2024-12-24", "\"Started\": 2024-12-25");
        let b = parse(&edited).unwrap();
        let r = &b.progress["f6f7737f-25a9-4317-8de2-09bf59f29b5b"]["Team A"];
        assert_eq!(r.dates()["Started"], Date::new(2024, 12, 25).unwrap());
        assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
        for bad in [
            "[reached, \"Started\", 2025-13-01, null]",
            "[moved, \"Started\", 2025-01-01, null]",
            "[reached, \"\", 2025-01-01, null]",
            "{a: 1}",
        ] {
            let broken = text.replacen(
                "- [and reached, \"Partly implemented\", 2025-03-01, 2025-03-01]",
                &format!("- {bad}"),
                1,
            );
            assert!(broken != text);
            assert!(parse(&broken).is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_other_files_and_newer_versions() {
        assert!(parse("progress: {}\n")
            .unwrap_err()
            .to_string()
            .contains("format: dsomm-assessment"));
        let newer = "format: dsomm-assessment\nformatVersion: 4\nteams: [A]\nprogress: {}\n";
        assert!(parse(newer)
            .unwrap_err()
            .to_string()
            .contains("newer version"));
        let bad_level = "format: dsomm-assessment\nformatVersion: 1\nsettings:\n  maxLevel: 9\nteams: [A]\nprogress: {}\n";
        assert!(parse(bad_level).is_err());
        let v1 = parse("format: dsomm-assessment\nformatVersion: 1\nteams: [A]\nprogress: {}\n")
            .unwrap();
        assert!(!v1.has_evidence && !v1.has_states);
        let no_teams = "format: dsomm-assessment\nformatVersion: 1\nteams: []\nprogress: {}\n";
        assert!(parse(no_teams).is_err());
    }
}
