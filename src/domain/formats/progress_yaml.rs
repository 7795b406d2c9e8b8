//! `team-progress.yaml`, the reference app's progress file:
//! `progress` → activity uuid (`# name` comment) → team → state → date reached.
//!
//! Reading walks a parsed YAML tree by hand so every error names where in the file it is.
//! Writing quotes every name as a YAML double-quoted scalar, so any name survives.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::domain::formats::yaml_lite::{self, Value};

use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::{ProgressDefs, TeamProgress};
use crate::domain::assessment::{check_read_name, ActivityProgress};

/// Files larger than this are refused before parsing. What the app writes must load back:
/// storage holds up to 1000 teams with a history, whose `dsomm-assessment.yaml` (history
/// included) is about 42 MB (the 1000-team flow in `tests/e2e/storage.spec.ts`).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// The file name the reference app uses.
pub const FILE_NAME: &str = "team-progress.yaml";

/// A parsed progress file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressFile {
    pub progress: BTreeMap<String, ActivityProgress>,
    /// Things skipped while reading that did not make the file unusable.
    pub warnings: Vec<String>,
}

/// Why a file cannot be read. The message is meant for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    TooLarge { bytes: usize },
    Yaml(String),
    Shape(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::TooLarge { bytes } => write!(
                f,
                "The file is {} MB; progress files larger than {} MB are refused.",
                bytes.div_ceil(1_000_000),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            FormatError::Yaml(e) => write!(f, "The file could not be read as YAML: {e}"),
            FormatError::Shape(e) => write!(f, "The file is not a DSOMM team-progress file: {e}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// The entries of a mapping (null counts as empty), or a shape error at `path`.
fn entries<'a>(
    v: &'a Value,
    path: &str,
    what: &str,
) -> Result<Vec<(String, &'a Value)>, FormatError> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Map(m) => Ok(m.iter().map(|(k, v)| (k.clone(), v)).collect()),
        other => Err(FormatError::Shape(format!(
            "{path}: expected a mapping of {what}, found {}",
            other.kind()
        ))),
    }
}

/// Parses a `team-progress.yaml` text.
pub fn parse(text: &str) -> Result<ProgressFile, FormatError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge { bytes: text.len() });
    }
    let root = yaml_lite::parse(text).map_err(|e| FormatError::Yaml(e.to_string()))?;
    let top = match &root {
        Value::Map(m) => m,
        Value::Null => return Err(FormatError::Shape("the file is empty".into())),
        other => {
            return Err(FormatError::Shape(format!(
                "expected a mapping with a `progress:` key, found {}",
                other.kind()
            )))
        }
    };
    let Some(progress) = root.get("progress") else {
        let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).take(5).collect();
        return Err(FormatError::Shape(format!(
            "it has no top-level `progress:` key (it has: {})",
            keys.join(", ")
        )));
    };
    read_progress(progress)
}

/// Reads the value of a `progress:` key (uuid → team → state → date).
pub fn read_progress(progress: &Value) -> Result<ProgressFile, FormatError> {
    let mut file = ProgressFile::default();
    for (uuid, activity) in entries(progress, "progress", "activity uuids")? {
        let path = format!("progress → {uuid}");
        if uuid.trim().is_empty()
            || uuid.chars().count() > 200
            || uuid.chars().any(char::is_control)
        {
            return Err(FormatError::Shape(format!(
                "{path}: an activity uuid must be 1 to 200 characters without control characters"
            )));
        }
        let mut teams = ActivityProgress::new();
        for (team, record) in entries(activity, &path, "team names")? {
            let path = format!("{path} → {team}");
            check_read_name(&team)
                .map_err(|e| FormatError::Shape(format!("{path}: team name: {e}")))?;
            let mut dates = BTreeMap::new();
            for (state, date) in entries(record, &path, "progress states")? {
                let path = format!("{path} → {state}");
                check_read_name(&state)
                    .map_err(|e| FormatError::Shape(format!("{path}: state name: {e}")))?;
                match date {
                    Value::Null => {
                        file.warnings
                            .push(format!("{path}: no date given, skipped"));
                        continue;
                    }
                    Value::Scalar(text) => {
                        let date = Date::parse(text).ok_or_else(|| {
                            FormatError::Shape(format!(
                                "{path}: `{text}` is not a date (YYYY-MM-DD)"
                            ))
                        })?;
                        dates.insert(state, date);
                    }
                    other => {
                        return Err(FormatError::Shape(format!(
                            "{path}: expected a date, found {}",
                            other.kind()
                        )))
                    }
                }
            }
            if !dates.is_empty() {
                teams.insert(team, TeamProgress::from_dates(dates));
            }
        }
        if !teams.is_empty() {
            file.progress.insert(uuid, teams);
        }
    }
    Ok(file)
}

/// Writes `s` as a YAML double-quoted scalar (JSON-compatible escapes, plus YAML's own line
/// separators).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A uuid is written bare when it is plainly a uuid (as the reference app does).
pub fn key(uuid: &str) -> String {
    // Only the canonical 8-4-4-4-12 form: other hex-and-dash strings (`2025-01-10`, `1e-5`)
    // would be read back as dates or numbers by YAML 1.1 parsers.
    let b = uuid.as_bytes();
    let plain = b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if plain {
        uuid.to_owned()
    } else {
        quote(uuid)
    }
}

/// One line of comment text: no line breaks can end the comment early.
pub fn comment(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The entries of `map` that `keep` keeps, ordered for a written file: known activities in
/// model order (`activity` gives each uuid's position and name), unknown uuids after them.
pub(crate) fn in_model_order<T>(
    map: &BTreeMap<String, T>,
    keep: impl Fn(&T) -> bool,
    activity: impl Fn(&str) -> Option<(usize, &'static str)>,
) -> Vec<(usize, &String, Option<&'static str>, &T)> {
    let mut rows: Vec<_> = map
        .iter()
        .filter(|(_, v)| keep(v))
        .map(|(uuid, v)| match activity(uuid) {
            Some((i, name)) => (i, uuid, Some(name), v),
            None => (usize::MAX, uuid, None, v),
        })
        .collect();
    rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    rows
}

/// Writes progress in the reference format. `order` gives each uuid's sort key and name:
/// known activities in model order, unknown ones after them.
pub fn write(
    progress: &BTreeMap<String, ActivityProgress>,
    defs: &ProgressDefs,
    activity: impl Fn(&str) -> Option<(usize, &'static str)>,
) -> String {
    let rows = in_model_order(
        progress,
        |teams| teams.values().any(|t| !t.holds_nothing()),
        activity,
    );
    let mut out = String::from(
        "# DSOMM team progress: activity uuid → team → progress state → date the state was reached\n",
    );
    if rows.is_empty() {
        out.push_str("progress: {}\n");
        return out;
    }
    out.push_str("progress:\n");
    for (_, uuid, name, teams) in rows {
        match name {
            Some(name) => {
                let _ = writeln!(out, "  {}:  # {}", key(uuid), comment(name));
            }
            None => {
                let _ = writeln!(out, "  {}:  # not in the embedded model", key(uuid));
            }
        }
        for (team, record) in teams.iter().filter(|(_, r)| !r.holds_nothing()) {
            let _ = writeln!(out, "    {}:", quote(team));
            let mut states: Vec<(usize, &String, &Date)> = record
                .dates()
                .iter()
                .map(|(s, d)| (defs.order(s), s, d))
                .collect();
            states.sort();
            for (_, state, date) in states {
                let _ = writeln!(out, "      {}: {date}", quote(state));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: &str = "progress:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:  # Defined build process
    'Team A':
      'Started': 2025-01-10
      'Partly implemented': 2025-02-01
      'Fully implemented': 2025-03-01
    'Team B':
      'Started': 2025-04-02
";

    fn no_names(_: &str) -> Option<(usize, &'static str)> {
        None
    }

    #[test]
    fn reads_the_reference_example() {
        let f = parse(REFERENCE).unwrap();
        let a = &f.progress["f6f7737f-25a9-4317-8de2-09bf59f29b5b"];
        assert_eq!(a["Team A"].dates().len(), 3);
        assert_eq!(
            a["Team A"].dates()["Partly implemented"].to_string(),
            "2025-02-01"
        );
        assert_eq!(a["Team B"].dates()["Started"].to_string(), "2025-04-02");
        assert!(f.warnings.is_empty());
    }

    #[test]
    fn reads_reference_names_with_unescaped_apostrophes() {
        // The reference app writes `'…'` without escaping, so an apostrophe is left bare.
        let f =
            parse("progress:\n  u-1:  # x\n    'O'Brien's team':\n      'Started': 2025-01-10\n")
                .unwrap();
        assert_eq!(
            f.progress["u-1"]["O'Brien's team"].dates()["Started"].to_string(),
            "2025-01-10"
        );
    }

    #[test]
    fn round_trips_hostile_names_and_unknown_uuids() {
        let mut progress = BTreeMap::new();
        let mut teams = ActivityProgress::new();
        for team in [
            "O'Brien: \"ops\"",
            "back\\slash # not a comment",
            "- dash",
            "{flow}, [list] & *star !tag %pct @at `tick`",
            "2024",
            "true",
            "null",
            "émoji 🚀 ünïcödé",
            "trailing:",
        ] {
            let mut r = TeamProgress::default();
            r.insert("Started".into(), Date::new(2025, 1, 2).unwrap());
            r.insert("Custom 'state'".into(), Date::new(2024, 12, 31).unwrap());
            teams.insert(team.to_string(), r);
        }
        progress.insert(
            "f6f7737f-25a9-4317-8de2-09bf59f29b5b".to_string(),
            teams.clone(),
        );
        progress.insert("not a uuid: #1".to_string(), teams.clone());
        progress.insert("12345".to_string(), teams.clone());
        progress.insert("2025-01-10".to_string(), teams.clone());
        progress.insert("1e-5".to_string(), teams);
        let text = write(&progress, &ProgressDefs::default(), no_names);
        let back = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back.progress, progress, "{text}");
        // A full YAML parser (as other tools use) reads the same names and dates.
        type Full = BTreeMap<String, BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>>;
        let full: Full = serde_yaml::from_str(&text).unwrap();
        for (uuid, teams) in &progress {
            for (team, record) in teams {
                for (state, date) in record.dates() {
                    assert_eq!(full["progress"][uuid][team][state], date.to_string());
                }
            }
        }
    }

    #[test]
    fn writes_the_reference_shape_with_name_comments_in_state_order() {
        let f = parse(REFERENCE).unwrap();
        let text = write(&f.progress, &ProgressDefs::default(), |_| {
            Some((0, "Defined build process"))
        });
        let expected = "progress:
  f6f7737f-25a9-4317-8de2-09bf59f29b5b:  # Defined build process
    \"Team A\":
      \"Started\": 2025-01-10
      \"Partly implemented\": 2025-02-01
      \"Fully implemented\": 2025-03-01
    \"Team B\":
      \"Started\": 2025-04-02
";
        assert!(text.ends_with(expected), "{text}");
    }

    #[test]
    fn a_newline_in_a_name_cannot_break_the_comment() {
        let mut progress = BTreeMap::new();
        let mut teams = ActivityProgress::new();
        let mut r = TeamProgress::default();
        r.insert("Started".into(), Date::new(2025, 1, 2).unwrap());
        teams.insert("Team A".to_string(), r);
        progress.insert("u-1".to_string(), teams);
        let text = write(&progress, &ProgressDefs::default(), |_| {
            Some((0, "evil\nprogress: {}"))
        });
        assert_eq!(parse(&text).unwrap().progress, progress);
    }

    #[test]
    fn empty_and_null_progress_are_valid() {
        assert!(parse("progress:\n").unwrap().progress.is_empty());
        assert!(parse("progress: {}\n").unwrap().progress.is_empty());
        let empty = write(&BTreeMap::new(), &ProgressDefs::default(), no_names);
        assert!(parse(&empty).unwrap().progress.is_empty());
    }

    #[test]
    fn null_dates_are_skipped_with_a_warning() {
        let f = parse("progress:\n  u-1:\n    A:\n      Started:\n").unwrap();
        assert!(f.progress.is_empty());
        assert_eq!(f.warnings.len(), 1);
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn bad_inputs_give_clear_errors() {
        assert!(err("").contains("empty"));
        assert!(err("evidence:\n  x: []\n").contains("no top-level `progress:`"));
        assert!(err("- a\n- b\n").contains("found a list"));
        assert!(err("progress: [1, 2]\n").contains("expected a mapping"));
        assert!(
            err("progress:\n  u-1:\n    A:\n      Started: 2025-13-01\n")
                .contains("progress → u-1 → A → Started: `2025-13-01` is not a date")
        );
        assert!(err("progress:\n  u-1:\n    A:\n      Started: [2025]\n").contains("found a list"));
        assert!(
            err("progress:\n  u-1:\n    \"\":\n      Started: 2025-01-01\n").contains("team name")
        );
        assert!(err("progress: {a: 1\n").contains("could not be read as YAML"));
        assert!(err("\u{0}\u{1}binary").contains("could not be read as YAML"));
        assert!(err("progress: {}\n---\nprogress: {}\n").contains("could not be read as YAML"));
    }

    #[test]
    fn refuses_huge_files_before_parsing() {
        let big = format!("progress:\n# {}\n", "x".repeat(MAX_FILE_BYTES));
        assert!(matches!(parse(&big), Err(FormatError::TooLarge { .. })));
    }

    #[test]
    fn survives_an_alias_bomb() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            let _ = writeln!(
                text,
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
            );
        }
        text.push_str("progress:\n  u-1: *a11\n");
        assert!(parse(&text).is_err());
    }

    #[test]
    fn survives_deep_nesting() {
        let text = format!("progress: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&text).is_err());
    }
}
