//! `team-progress.yaml`, the reference app's progress file:
//! `progress` → activity uuid (`# name` comment) → team → state → date reached.
//!
//! Reading walks a parsed YAML tree by hand so every error names where in the file it is.
//! Writing quotes every name as a YAML double-quoted scalar, so any name survives.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::domain::formats::yaml_lite;
use crate::domain::tree::{quote, Value};

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

file_error!(
    /// Why a `team-progress.yaml` cannot be read. The message is meant for the user.
    ProgressFileError
);

/// The entries of a mapping (null counts as empty), or a shape error at `path`.
fn entries<'a>(
    v: &'a Value,
    path: impl Fn() -> String,
    what: &str,
) -> Result<Vec<(String, &'a Value)>, ProgressFileError> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Map(m) => Ok(m.iter().map(|(k, v)| (k.clone(), v)).collect()),
        other => Err(ProgressFileError::Shape(format!(
            "{}: expected a mapping of {what}, found {}",
            path(),
            other.kind()
        ))),
    }
}

/// Parses a `team-progress.yaml` text.
pub fn parse(text: &str) -> Result<ProgressFile, ProgressFileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ProgressFileError::TooLarge { bytes: text.len() });
    }
    // The shape the reference app and this app write takes a direct path; anything else,
    // and every error, goes through the general reader (which says what is wrong).
    if let Some(file) = fast::read(text) {
        return Ok(file);
    }
    parse_general(text)
}

/// [`parse`] without the direct path.
fn parse_general(text: &str) -> Result<ProgressFile, ProgressFileError> {
    let root = yaml_lite::parse(text).map_err(|e| ProgressFileError::Yaml(e.to_string()))?;
    let top = match &root {
        Value::Map(m) => m,
        Value::Null => return Err(ProgressFileError::Shape("the file is empty".into())),
        other => {
            return Err(ProgressFileError::Shape(format!(
                "expected a mapping with a `progress:` key, found {}",
                other.kind()
            )))
        }
    };
    let Some(progress) = root.get("progress") else {
        let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).take(5).collect();
        return Err(ProgressFileError::Shape(format!(
            "it has no top-level `progress:` key (it has: {})",
            keys.join(", ")
        )));
    };
    read_progress(progress)
}

/// Whether an activity uuid from a file is acceptable (1 to 200 characters, no control
/// characters).
pub(crate) fn uuid_ok(uuid: &str) -> bool {
    !(uuid.trim().is_empty() || uuid.chars().count() > 200 || uuid.chars().any(char::is_control))
}

/// A direct reader for the block-style files the reference app and this app write:
///
/// ```yaml
/// progress:
///   <uuid>:  # comment
///     'Team' or "Team" or Team:
///       'State': 2025-01-10
/// ```
///
/// It gives up (None) on anything else — flow style, anchors, other keys, escapes, odd
/// indentation, a missing or impossible date, a name or uuid the rules refuse, a key twice
/// — and the general reader decides. Measured on a 50-team file (801 KB, 19,400 dates):
/// 73-103 ms through `yaml_lite` in Chromium, the preview's largest part. Both readers
/// are checked against each other (`tests::the_direct_reader_agrees_with_the_general_one`).
mod fast {
    use super::*;

    /// A key: plain, 'single-quoted' (with '' for ') or "double-quoted" without escapes;
    /// then `:` and the rest of the line.
    fn key(line: &str) -> Option<(String, &str)> {
        let (key, rest) = match line.as_bytes().first()? {
            b'\'' => {
                let mut out = String::new();
                let mut rest = &line[1..];
                loop {
                    let end = rest.find('\'')?;
                    out.push_str(&rest[..end]);
                    rest = &rest[end + 1..];
                    if let Some(r) = rest.strip_prefix('\'') {
                        out.push('\'');
                        rest = r;
                    } else {
                        break;
                    }
                }
                (out, rest.strip_prefix(':')?)
            }
            b'"' => {
                let end = line[1..].find('"')? + 1;
                let inner = &line[1..end];
                if inner.contains('\\') {
                    return None;
                }
                (inner.to_string(), line[end + 1..].strip_prefix(':')?)
            }
            c if c.is_ascii_alphanumeric() => {
                let end = line.find(':')?;
                let k = &line[..end];
                if comment_at(k).is_some()
                    || k != k.trim_end()
                    || matches!(k, "null" | "Null" | "NULL")
                {
                    return None;
                }
                (k.to_string(), &line[end + 1..])
            }
            _ => return None,
        };
        // After the colon: nothing, spaces, or a value (a space first).
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        Some((key, rest))
    }

    /// Where a comment (` #`) starts. A search for the two-character pattern took 10 of an
    /// import preview's ~80 ms in Chromium (its searcher is set up on every call).
    fn comment_at(s: &str) -> Option<usize> {
        let bytes = s.as_bytes();
        (1..bytes.len())
            .find(|&i| bytes[i] == b'#' && bytes[i - 1] == b' ')
            .map(|i| i - 1)
    }

    /// Nothing but spaces and an optional comment.
    fn empty(rest: &str) -> bool {
        let t = rest.trim_start_matches(' ');
        t.is_empty() || (t.starts_with('#') && (rest.len() > t.len() || rest.is_empty()))
    }

    pub(super) fn read(text: &str) -> Option<ProgressFile> {
        let mut file = ProgressFile::default();
        let mut in_progress = false;
        let mut uuid: Option<String> = None;
        let mut team: Option<String> = None;
        let mut teams = ActivityProgress::new();
        let mut dates: BTreeMap<String, Date> = BTreeMap::new();
        let mut names = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Ends the team and activity being read (`level` 2: a new activity, 4: a new team).
        #[allow(clippy::too_many_arguments)]
        fn close(
            level: usize,
            file: &mut ProgressFile,
            uuid: &mut Option<String>,
            team: &mut Option<String>,
            teams: &mut ActivityProgress,
            dates: &mut BTreeMap<String, Date>,
            names: &mut Vec<std::sync::Arc<str>>,
        ) -> Option<()> {
            if let Some(t) = team.take() {
                if dates.is_empty() || teams.contains_key(&t) {
                    return None;
                }
                let record = TeamProgress::from_dates_sharing(std::mem::take(dates), names);
                teams.insert(t, record);
            }
            if level == 2 {
                if let Some(u) = uuid.take() {
                    if teams.is_empty() || file.progress.contains_key(&u) {
                        return None;
                    }
                    file.progress.insert(u, std::mem::take(teams));
                }
            }
            Some(())
        }
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let body = line.trim_start_matches(' ');
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            if body.contains('\t') {
                return None;
            }
            match line.len() - body.len() {
                0 => {
                    let (k, rest) = key(body)?;
                    if in_progress || k != "progress" || !empty(rest) {
                        return None;
                    }
                    in_progress = true;
                }
                2 if in_progress => {
                    close(
                        2, &mut file, &mut uuid, &mut team, &mut teams, &mut dates, &mut names,
                    )?;
                    let (k, rest) = key(body)?;
                    if !empty(rest) || !uuid_ok(&k) {
                        return None;
                    }
                    uuid = Some(k);
                }
                4 if uuid.is_some() => {
                    close(
                        4, &mut file, &mut uuid, &mut team, &mut teams, &mut dates, &mut names,
                    )?;
                    let (k, rest) = key(body)?;
                    if !empty(rest) || check_read_name(&k).is_err() {
                        return None;
                    }
                    team = Some(k);
                }
                6 if team.is_some() => {
                    let (k, rest) = key(body)?;
                    let value = rest.trim_start_matches(' ');
                    let value = match comment_at(value) {
                        Some(i) => &value[..i],
                        None => value,
                    }
                    .trim_end_matches(' ');
                    if check_read_name(&k).is_err() || value.starts_with(['\'', '"', '#']) {
                        return None;
                    }
                    let date = Date::parse(value)?;
                    if dates.insert(k, date).is_some() {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        close(
            2, &mut file, &mut uuid, &mut team, &mut teams, &mut dates, &mut names,
        )?;
        in_progress.then_some(file)
    }
}

/// Reads the value of a `progress:` key (uuid → team → state → date).
pub fn read_progress(progress: &Value) -> Result<ProgressFile, ProgressFileError> {
    let mut file = ProgressFile::default();
    for (uuid, activity) in entries(progress, || "progress".to_string(), "activity uuids")? {
        let path = format!("progress → {uuid}");
        if !uuid_ok(&uuid) {
            return Err(ProgressFileError::Shape(format!(
                "{path}: an activity uuid must be 1 to 200 characters without control characters"
            )));
        }
        let mut teams = ActivityProgress::new();
        for (team, record) in entries(activity, || path.clone(), "team names")? {
            // Places are written out only for messages: a 50-team file has 58,000 of them.
            let path = || format!("progress → {uuid} → {team}");
            check_read_name(&team)
                .map_err(|e| ProgressFileError::Shape(format!("{}: team name: {e}", path())))?;
            let mut dates = BTreeMap::new();
            for (state, date) in entries(record, path, "progress states")? {
                let path = || format!("{} → {state}", path());
                check_read_name(&state).map_err(|e| {
                    ProgressFileError::Shape(format!("{}: state name: {e}", path()))
                })?;
                match date {
                    Value::Null => {
                        file.warnings
                            .push(format!("{}: no date given, skipped", path()));
                        continue;
                    }
                    Value::Scalar(text) => {
                        let date = Date::parse(text).ok_or_else(|| {
                            ProgressFileError::Shape(format!(
                                "{}: `{text}` is not a date (YYYY-MM-DD)",
                                path()
                            ))
                        })?;
                        dates.insert(state, date);
                    }
                    other => {
                        return Err(ProgressFileError::Shape(format!(
                            "{}: expected a date, found {}",
                            path(),
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
mod tests;
