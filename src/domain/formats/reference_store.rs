//! The reference DSOMM app's own browser data (reference-app.md §4.10): when this app is
//! served from the same origin, what that app kept in localStorage can be imported like
//! the files it downloads. Its `progress` key holds team-progress.yaml text, `evidence` the
//! team-evidence.yaml text, `meta.teams` and `meta.teamGroups` the two halves of a
//! teams.yaml.

/// The reference app's keys this app reads.
pub const KEYS: [&str; 4] = ["progress", "evidence", "meta.teams", "meta.teamGroups"];

/// The files the stored values stand for, named for the previews: (name, text). `get`
/// reads a key of the browser's storage.
pub fn files(get: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let present = |k: &str| get(k).filter(|v| !v.trim().is_empty());
    if let Some(p) = present("progress") {
        out.push(("the reference app's stored progress".to_string(), p));
    }
    if let Some(e) = present("evidence") {
        out.push(("the reference app's stored evidence".to_string(), e));
    }
    let teams = present("meta.teams");
    let groups = present("meta.teamGroups");
    if teams.is_some() || groups.is_some() {
        // Two YAML mappings with different keys: one teams.yaml when put together.
        let mut text = teams.unwrap_or_else(|| "teams: []".into());
        text.push('\n');
        text.push_str(&groups.unwrap_or_default());
        out.push(("the reference app's stored teams".to_string(), text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::formats::recognize::{recognize, FileKind};
    use crate::domain::formats::teams_yaml;

    #[test]
    fn stored_values_become_files_the_intake_recognises() {
        let store = [
            (
                "progress",
                "progress:\n  u-1:\n    A:\n      Started: 2025-01-01\n",
            ),
            ("meta.teams", "teams:\n  - A\n  - B"),
            ("meta.teamGroups", "teamGroups:\n  G:\n    - B\n"),
            ("theme", "dark"),
        ];
        let get = |k: &str| {
            store
                .iter()
                .find(|(x, _)| *x == k)
                .map(|(_, v)| v.to_string())
        };
        let files = files(get);
        assert_eq!(files.len(), 2);
        assert_eq!(recognize(&files[0].1), Ok(FileKind::Progress));
        assert_eq!(recognize(&files[1].1), Ok(FileKind::Teams));
        let t = teams_yaml::parse(&files[1].1).unwrap();
        assert_eq!(t.teams, ["A", "B"]);
        assert_eq!(t.groups[0].members, ["B"]);
        assert!(super::files(|_| None).is_empty());
        assert!(super::files(|_| Some("  ".into())).is_empty());
    }
}
