//! `teams.yaml`, the reference app's team setup: `teams: [names]` and
//! `teamGroups: {group: [members]}`.

use std::fmt::Write as _;

use crate::domain::assessment::teams::TeamChange;
use crate::domain::assessment::{check_read_name, Group, MAX_TEAMS};
use crate::domain::formats::progress_yaml::MAX_FILE_BYTES;
use crate::domain::formats::yaml_lite;
use crate::domain::tree::quote;
use crate::domain::tree::Value;

file_error!(
    /// Why a `teams.yaml` cannot be read (worded as a progress file is, as before).
    TeamsFileError
);

pub const FILE_NAME: &str = "teams.yaml";

/// A parsed team setup.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamsFile {
    pub teams: Vec<String>,
    pub groups: Vec<Group>,
}

fn names(v: &Value, path: &str) -> Result<Vec<String>, TeamsFileError> {
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Seq(items) => items,
        other => {
            return Err(TeamsFileError::Shape(format!(
                "{path}: expected a list of team names, found {}",
                other.kind()
            )))
        }
    };
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let Value::Scalar(name) = item else {
            return Err(TeamsFileError::Shape(format!(
                "{path}: expected a team name, found {}",
                item.kind()
            )));
        };
        check_read_name(name).map_err(|e| TeamsFileError::Shape(format!("{path}: {e}")))?;
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    Ok(out)
}

pub fn parse(text: &str) -> Result<TeamsFile, TeamsFileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(TeamsFileError::TooLarge { bytes: text.len() });
    }
    let root = yaml_lite::parse(text).map_err(|e| TeamsFileError::Yaml(e.to_string()))?;
    read(&root)
}

/// Reads `teams:` and `teamGroups:` from a parsed document.
pub fn read(root: &Value) -> Result<TeamsFile, TeamsFileError> {
    let Value::Map(_) = root else {
        return Err(TeamsFileError::Shape(format!(
            "expected a mapping with `teams:` and `teamGroups:`, found {}",
            root.kind()
        )));
    };
    // Groups alone (the reference app keeps them apart) are groups of teams we have.
    let teams = match (root.get("teams"), root.get("teamGroups")) {
        (Some(t), _) => names(t, "teams")?,
        (None, Some(_)) => Vec::new(),
        (None, None) => {
            return Err(TeamsFileError::Shape(
                "it has no top-level `teams:` key".into(),
            ))
        }
    };
    let mut file = TeamsFile {
        teams,
        groups: Vec::new(),
    };
    match root.get("teamGroups") {
        None | Some(Value::Null) => {}
        Some(Value::Map(groups)) => {
            for (name, members) in groups {
                let path = format!("teamGroups → {name}");
                check_read_name(name).map_err(|e| TeamsFileError::Shape(format!("{path}: {e}")))?;
                file.groups.push(Group {
                    name: name.clone(),
                    members: names(members, &path)?,
                });
            }
        }
        Some(other) => {
            return Err(TeamsFileError::Shape(format!(
                "teamGroups: expected a mapping of groups, found {}",
                other.kind()
            )))
        }
    }
    if file.teams.len() > MAX_TEAMS {
        return Err(TeamsFileError::Shape(format!(
            "more than {MAX_TEAMS} teams"
        )));
    }
    Ok(file)
}

pub fn write(teams: &[String], groups: &[Group]) -> String {
    let mut out = String::from("# DSOMM teams and team groups\nteams:\n");
    for t in teams {
        let _ = writeln!(out, "  - {}", quote(t));
    }
    if groups.is_empty() {
        out.push_str("teamGroups: {}\n");
        return out;
    }
    out.push_str("teamGroups:\n");
    for g in groups {
        if g.members.is_empty() {
            let _ = writeln!(out, "  {}: []", quote(&g.name));
        } else {
            let _ = writeln!(out, "  {}:", quote(&g.name));
            for m in &g.members {
                let _ = writeln!(out, "    - {}", quote(m));
            }
        }
    }
    out
}

/// Merges a team setup into ours: teams the file adds are appended; the file's groups
/// replace ours of the same name, new ones are appended; group members that are not teams
/// after the merge are left out. No progress changes.
pub fn merge(teams: &[String], groups: &[Group], file: &TeamsFile) -> TeamChange {
    let mut c = TeamChange {
        teams: teams.to_vec(),
        groups: groups.to_vec(),
        ..Default::default()
    };
    for t in &file.teams {
        if !c.teams.contains(t) {
            c.teams.push(t.clone());
        }
    }
    for g in &file.groups {
        let members: Vec<String> = g
            .members
            .iter()
            .filter(|m| c.teams.contains(m))
            .cloned()
            .collect();
        match c.groups.iter_mut().find(|x| x.name == g.name) {
            Some(x) => x.members = members,
            None => c.groups.push(Group {
                name: g.name.clone(),
                members,
            }),
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::{default_groups, default_teams};

    const REFERENCE: &str = "#\n# Teams\n#\nteams:\n  - Team A\n  - Team B\n  - Team C\n  - Team D\n\nteamGroups:\n  Customer:\n    - Team A\n    - Team B\n  Internal:\n    - Team C\n    - Team D\n  Cloud:\n    - Team A\n    - Team D\n  On-premise:\n    - Team B\n    - Team C\n";

    #[test]
    fn reads_the_reference_file() {
        let f = parse(REFERENCE).unwrap();
        assert_eq!(f.teams, default_teams());
        assert_eq!(f.groups, default_groups());
        let flow = parse("teams: [A, 'B']\nteamGroups:\n  G: [A]\n").unwrap();
        assert_eq!(flow.teams, ["A", "B"]);
        assert_eq!(flow.groups[0].members, ["A"]);
    }

    #[test]
    fn round_trips_odd_names() {
        let teams = vec!["O'Brien: \"ops\"".to_string(), "#1 - team".into()];
        let groups = vec![
            Group {
                name: "[all]".into(),
                members: teams.clone(),
            },
            Group {
                name: "empty".into(),
                members: vec![],
            },
        ];
        let f = parse(&write(&teams, &groups)).unwrap();
        assert_eq!((f.teams, f.groups), (teams, groups));
    }

    #[test]
    fn merge_adds_teams_and_replaces_groups_by_name() {
        let file =
            parse("teams: [Team A, Ops]\nteamGroups:\n  Cloud: [Ops, Ghost]\n  New: [Ops]\n")
                .unwrap();
        let c = merge(&default_teams(), &default_groups(), &file);
        assert_eq!(c.teams.len(), 5);
        let cloud = c.groups.iter().find(|g| g.name == "Cloud").unwrap();
        assert_eq!(cloud.members, ["Ops"]);
        assert_eq!(c.groups.last().unwrap().name, "New");
        assert!(c.events.is_empty());
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(parse("progress: {}\n")
            .unwrap_err()
            .to_string()
            .contains("no top-level `teams:`"));
        assert!(parse("teams: {a: 1}\n").is_err());
        assert!(parse("teams: [a]\nteamGroups: [x]\n").is_err());
        assert!(parse("teams: ['']\n").is_err());
        assert!(parse("teams: [&a x]\n").is_err());
    }
}

#[cfg(test)]
mod groups_alone {
    use super::*;

    #[test]
    fn a_file_of_groups_alone_groups_the_teams_we_have() {
        let f = parse("teamGroups:\n  Ops: [A, Z]\n").unwrap();
        assert!(f.teams.is_empty());
        let c = merge(&["A".to_string()], &[], &f);
        assert_eq!(c.teams, ["A"]);
        assert_eq!(
            c.groups[0].members,
            ["A"],
            "a member that is no team is left out"
        );
        assert!(parse("other: 1\n").is_err());
    }
}
