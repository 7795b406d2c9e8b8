//! What an uploaded file is, from its text: the one drop zone of the Import / export page
//! sends each file to the reader and preview of its kind.
//!
//! Decided from the top-level keys (one pass over the lines, no YAML parse: a 50-team
//! progress file is read once, by its own reader) and, for files shaped like the model
//! (dimension → sub-dimension → activity), from the activities' keys.

use crate::domain::formats::yaml_lite;
use crate::domain::tree::Value;

/// A kind of file the app reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `dsomm-assessment.yaml` (`format: dsomm-assessment`).
    Assessment,
    /// `team-progress.yaml` (`progress:`), also the reference app's stored progress.
    Progress,
    /// `team-evidence.yaml` (`evidence:`).
    Evidence,
    /// `teams.yaml` (`teams:` and `teamGroups:`).
    Teams,
    /// A custom activity file (the model's shape, activities with `uuid`, `level`,
    /// `ignore`, …).
    CustomActivities,
    /// A DSOMM 1.x `generated.yaml`: the model's shape with `teamsImplemented` on activities.
    LegacyGenerated,
}

impl FileKind {
    /// What it is called in messages.
    pub fn what(self) -> &'static str {
        match self {
            FileKind::Assessment => "a whole assessment (dsomm-assessment.yaml)",
            FileKind::Progress => "team progress (team-progress.yaml)",
            FileKind::Evidence => "team evidence (team-evidence.yaml)",
            FileKind::Teams => "a team setup (teams.yaml)",
            FileKind::CustomActivities => "a custom activity file",
            FileKind::LegacyGenerated => "a DSOMM 1.x generated.yaml with teamsImplemented",
        }
    }
}

/// What the app reads, for the message about a file it does not.
pub const EXPECTED: &str = "team-progress.yaml (“progress:”), team-evidence.yaml (“evidence:”), teams.yaml (“teams:”), dsomm-assessment.yaml (“format: dsomm-assessment”), a custom activity file or a DSOMM 1.x generated.yaml (dimension → sub-dimension → activity)";

/// The key of a mapping line (`key:` or `"key":`), if the line is one.
fn key_of(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let (key, rest) = if let Some(q) = line.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else if let Some(q) = line.strip_prefix('\'') {
        let end = q.find('\'')?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = line
            .find(": ")
            .or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
        (&line[..end], &line[end..])
    };
    (rest.starts_with(':')).then_some(key.trim())
}

/// The value of a top-level `key: value` line as YAML reads it (quotes and a comment
/// taken off), by the app's own reader.
fn scalar_of(line: &str) -> Option<String> {
    match yaml_lite::parse(line).ok()? {
        Value::Map(m) => match m.into_iter().next()?.1 {
            Value::Scalar(v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

/// The lines of `text` that start with neither a space, a tab, a comment nor a dash: one
/// loop over the bytes looking only at the byte after each newline (`str::lines` took 5-7 ms
/// of a 50-team file's preview in WebAssembly).
fn top_level_lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let starts = std::iter::once(0).chain(
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i + 1),
    );
    let at_margin = move |i: &usize| {
        !matches!(
            bytes.get(*i),
            None | Some(b' ' | b'\t' | b'#' | b'-' | b'\n' | b'\r')
        )
    };
    starts.filter(at_margin).map(move |i| {
        let len = bytes[i..].iter().position(|&b| b == b'\n');
        let end = len.map_or(bytes.len(), |n| i + n);
        // Both ends are at ASCII bytes (a newline, or the start and end of the text).
        text[i..end].trim_end_matches('\r')
    })
}

message_error!(
    /// What an unrecognized file looks like and what the app reads instead.
    RecognizeError
);

/// What `text` is, or a message saying what it looks like and what the app reads.
pub fn recognize(text: &str) -> Result<FileKind, RecognizeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A document on one line in flow style (`{"progress": …}`, JSON): its keys.
    if text.trim_start().starts_with('{') {
        if let Ok(Value::Map(m)) = yaml_lite::parse(text) {
            let keys: String = m.iter().map(|(k, _)| format!("{k}:\n")).collect();
            return recognize(&keys);
        }
    }
    // The top-level keys: lines that start with neither a space nor a comment (the first
    // byte decides; a 50-team file is 19,000 indented lines).
    let mut top: Vec<&str> = Vec::new();
    // The first key that says what the file is decides (`format:` comes first in the
    // one-file assessment): a 50-team progress file is decided on its first line, where a
    // scan of all its 800 KB took 5-7 ms in WebAssembly (built for size).
    for line in top_level_lines(text) {
        let Some(key) = key_of(line) else {
            continue;
        };
        let kind = match key {
            "format" if scalar_of(line).as_deref() == Some("dsomm-assessment") => {
                Some(FileKind::Assessment)
            }
            "progress" => Some(FileKind::Progress),
            "evidence" => Some(FileKind::Evidence),
            "teams" | "teamGroups" => Some(FileKind::Teams),
            _ => None,
        };
        if let Some(kind) = kind {
            return Ok(kind);
        }
        if top.len() < 50 {
            top.push(key);
        }
    }
    // None of those: the model's shape? Keys named as only activities' are.
    let (mut legacy, mut activity) = (false, false);
    for line in text.lines() {
        let content = line.trim_start();
        if content.len() == line.len() || content.starts_with('#') {
            continue;
        }
        let Some(key) = key_of(content) else {
            continue;
        };
        if matches!(key, "teamsImplemented" | "teamsEvidence")
            // The current model has `isImplemented: false` on every activity.
            || (key == "isImplemented" && scalar_of(content).as_deref() == Some("true"))
        {
            legacy = true;
        } else if matches!(key, "uuid" | "level" | "ignore" | "dependsOn") {
            activity = true;
        }
    }
    if legacy {
        return Ok(FileKind::LegacyGenerated);
    }
    if activity {
        return Ok(FileKind::CustomActivities);
    }
    let seen = if top.is_empty() {
        "no top-level keys".to_string()
    } else {
        let mut keys: Vec<String> = top.iter().take(5).map(|k| format!("“{k}”")).collect();
        if top.len() > 5 {
            keys.push("…".into());
        }
        format!("the top-level keys {}", keys.join(", "))
    };
    Err(format!("It is not a file this app reads: it has {seen}. Expected {EXPECTED}.").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_recognised_by_its_keys() {
        let cases = [
            ("# x\nformat: dsomm-assessment\nformatVersion: 3\nprogress:\n", FileKind::Assessment),
            ("progress:\n  u-1:\n    \"A\": {\"Started\": 2025-01-01}\n", FileKind::Progress),
            ("\u{feff}---\nprogress: {}\n", FileKind::Progress),
            ("\u{feff}progress:\r\n  u-1: {}\r\n", FileKind::Progress),
            ("{\"progress\": {\"u-1\": {}}}", FileKind::Progress),
            ("format: 'dsomm-assessment' # a backup\nprogress: {}\n", FileKind::Assessment),
            ("\u{feff}format: \"dsomm-assessment\"\r\nformatVersion: 3\r\nprogress: {}\r\n", FileKind::Assessment),
            ("format: other\nprogress: {}\n", FileKind::Progress),
            ("Dim:\n  Sub:\n    A:\n      uuid: u\n      level: 1\n      isImplemented: false\n", FileKind::CustomActivities),
            ("Dim:\n  Sub:\n    A:\n      uuid: u\n      isImplemented: true\n", FileKind::LegacyGenerated),
            ("evidence:\n  u-1:\n    - id: e\n", FileKind::Evidence),
            ("teams:\n  - A\nteamGroups: {}\n", FileKind::Teams),
            ("\"teamGroups\":\n  G: [A]\n", FileKind::Teams),
            ("Build and Deployment:\n  Build:\n    Ours:\n      uuid: u\n      level: 1\n", FileKind::CustomActivities),
            ("Dim:\n  Sub:\n    Gone:\n      ignore: true\n", FileKind::CustomActivities),
            ("---\nBuild and Deployment:\n  Build:\n    A:\n      uuid: u\n      teamsImplemented:\n        Default: true\n", FileKind::LegacyGenerated),
        ];
        for (text, kind) in cases {
            assert_eq!(recognize(text), Ok(kind), "{text}");
        }
    }

    #[test]
    fn anything_else_says_what_it_has_and_what_is_expected() {
        let e = recognize("name: x\nversion: 2\n").unwrap_err().to_string();
        assert!(
            e.contains("it has the top-level keys “name”, “version”"),
            "{e}"
        );
        assert!(e.contains("Expected team-progress.yaml"), "{e}");
        let e = recognize("just text\n").unwrap_err().to_string();
        assert!(e.contains("no top-level keys"), "{e}");
        assert!(recognize("").is_err());
        assert!(recognize("\u{0}\u{1}binary").is_err());
    }

    #[test]
    fn the_reference_files_are_recognised() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dsomm-data");
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
        assert_eq!(
            recognize(&read("custom-activities.yaml")),
            Ok(FileKind::CustomActivities)
        );
        assert_eq!(
            recognize(&read("legacy-generated-v1.9.0.yaml")),
            Ok(FileKind::LegacyGenerated)
        );
        assert_eq!(recognize(&read("teams.yaml")), Ok(FileKind::Teams));
        // The current model is no 1.x file (`isImplemented: false` everywhere).
        assert_eq!(
            recognize(&read("model.yaml")),
            Ok(FileKind::CustomActivities)
        );
    }
}

#[cfg(test)]
mod top_lines {
    use super::top_level_lines;

    #[test]
    fn only_lines_at_the_margin_are_read() {
        let t = "a: 1\r\n  b: 2\n# c\n- d\n\ne:\n\tf\ng";
        assert_eq!(top_level_lines(t).collect::<Vec<_>>(), ["a: 1", "e:", "g"]);
        assert_eq!(top_level_lines("").count(), 0);
        assert_eq!(top_level_lines("\n\n").count(), 0);
        assert_eq!(
            top_level_lines("é: x\nü").collect::<Vec<_>>(),
            ["é: x", "ü"]
        );
    }

    #[test]
    #[ignore = "a timing, run by hand: cargo test --release --lib recognize -- --ignored --nocapture"]
    fn time_a_50_team_file() {
        let mut t = String::from("progress:\n");
        for u in 0..194 {
            t += &format!("  u-{u}:\n");
            for i in 0..50 {
                t += &format!("    'Team {i}':\n      'Started': 2025-01-10\n      'Partly implemented': 2025-02-01\n");
            }
        }
        let t0 = std::time::Instant::now();
        for _ in 0..10 {
            assert!(super::recognize(&t).is_ok());
        }
        eprintln!("recognize {} bytes: {:?} each", t.len(), t0.elapsed() / 10);
    }
}
