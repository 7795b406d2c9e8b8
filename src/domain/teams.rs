//! Team operations on an assessment. Identity is the team's name, never its list position,
//! so a rename carries exactly that team's progress and a delete removes exactly its own.

use std::collections::BTreeMap;

use super::assessment::{check_name, ActivityProgress, Assessment};

/// What a team operation changes: the new team list and the activities whose stored progress
/// changes (empty value = no progress left). Written all or nothing by the storage gateway.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamChange {
    pub teams: Vec<String>,
    pub changed: BTreeMap<String, ActivityProgress>,
}

fn check_new(a: &Assessment, name: &str) -> Result<(), String> {
    check_name(name).map_err(|e| format!("Team name refused: {e}."))?;
    if a.teams.iter().any(|t| t == name) {
        return Err(format!("There is already a team called “{name}”."));
    }
    Ok(())
}

/// Number of activities on which `team` has any recorded progress.
pub fn activities_with_progress(a: &Assessment, team: &str) -> usize {
    a.progress
        .values()
        .filter(|p| p.get(team).is_some_and(|r| !r.is_empty()))
        .count()
}

pub fn add(a: &Assessment, name: &str) -> Result<TeamChange, String> {
    check_new(a, name)?;
    let mut teams = a.teams.clone();
    teams.push(name.to_string());
    Ok(TeamChange {
        teams,
        changed: BTreeMap::new(),
    })
}

pub fn rename(a: &Assessment, old: &str, new: &str) -> Result<TeamChange, String> {
    let Some(pos) = a.teams.iter().position(|t| t == old) else {
        return Err(format!("There is no team called “{old}”."));
    };
    if old == new {
        return Ok(TeamChange {
            teams: a.teams.clone(),
            changed: BTreeMap::new(),
        });
    }
    check_new(a, new)?;
    let mut teams = a.teams.clone();
    teams[pos] = new.to_string();
    let mut changed = BTreeMap::new();
    for (uuid, p) in &a.progress {
        if let Some(record) = p.get(old) {
            let mut next = p.clone();
            next.remove(old);
            next.insert(new.to_string(), record.clone());
            changed.insert(uuid.clone(), next);
        }
    }
    Ok(TeamChange { teams, changed })
}

pub fn delete(a: &Assessment, name: &str) -> Result<TeamChange, String> {
    if !a.teams.iter().any(|t| t == name) {
        return Err(format!("There is no team called “{name}”."));
    }
    if a.teams.len() == 1 {
        return Err("The last team cannot be deleted; add another team first.".into());
    }
    let teams = a.teams.iter().filter(|t| *t != name).cloned().collect();
    let changed = a
        .progress
        .iter()
        .filter(|(_, p)| p.contains_key(name))
        .map(|(uuid, p)| {
            let mut next = p.clone();
            next.remove(name);
            (uuid.clone(), next)
        })
        .collect();
    Ok(TeamChange { teams, changed })
}

/// Moves a team one place up (`-1`) or down (`1`) in the list.
pub fn reorder(a: &Assessment, name: &str, delta: isize) -> Result<TeamChange, String> {
    let pos = a
        .teams
        .iter()
        .position(|t| t == name)
        .ok_or_else(|| format!("There is no team called “{name}”."))?;
    let target = pos as isize + delta;
    let mut teams = a.teams.clone();
    if (0..teams.len() as isize).contains(&target) {
        teams.swap(pos, target as usize);
    }
    Ok(TeamChange {
        teams,
        changed: BTreeMap::new(),
    })
}

impl Assessment {
    pub fn apply_team_change(&mut self, c: &TeamChange) {
        self.teams = c.teams.clone();
        for (uuid, next) in &c.changed {
            if next.is_empty() {
                self.progress.remove(uuid);
            } else {
                self.progress.insert(uuid.clone(), next.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::default_teams;
    use crate::domain::date::Date;
    use crate::domain::progress::TeamProgress;

    fn rec(day: u8) -> TeamProgress {
        let mut r = TeamProgress::default();
        r.dates
            .insert("Started".into(), Date::new(2025, 1, day).unwrap());
        r
    }

    /// A, B, C, D where each team has its own distinct record on u1, and A and D on u2.
    fn sample() -> Assessment {
        let mut a = Assessment::with_default_teams();
        let mut u1 = ActivityProgress::new();
        for (i, t) in default_teams().iter().enumerate() {
            u1.insert(t.clone(), rec(i as u8 + 1));
        }
        let mut u2 = ActivityProgress::new();
        u2.insert("Team A".into(), rec(10));
        u2.insert("Team D".into(), rec(11));
        a.progress.insert("u1".into(), u1);
        a.progress.insert("u2".into(), u2);
        a
    }

    #[test]
    fn rename_carries_only_that_teams_progress() {
        let mut a = sample();
        let c = rename(&a, "Team B", "O'Brien: \"ops\"").unwrap();
        a.apply_team_change(&c);
        assert_eq!(a.teams, ["Team A", "O'Brien: \"ops\"", "Team C", "Team D"]);
        assert_eq!(a.progress["u1"]["O'Brien: \"ops\""], rec(2));
        assert!(!a.progress["u1"].contains_key("Team B"));
        assert_eq!(a.progress["u1"]["Team C"], rec(3));
        assert_eq!(
            c.changed.len(),
            1,
            "u2 has no Team B progress and is not rewritten"
        );
    }

    #[test]
    fn deleting_the_first_team_does_not_shift_the_others() {
        // The reference app renames by list position here and moves every team's data.
        let mut a = sample();
        assert_eq!(activities_with_progress(&a, "Team A"), 2);
        let c = delete(&a, "Team A").unwrap();
        a.apply_team_change(&c);
        assert_eq!(a.teams, ["Team B", "Team C", "Team D"]);
        assert_eq!(a.progress["u1"]["Team B"], rec(2));
        assert_eq!(a.progress["u1"]["Team D"], rec(4));
        assert_eq!(a.progress["u2"]["Team D"], rec(11));
        assert!(!a.progress["u2"].contains_key("Team A"));
    }

    #[test]
    fn deleting_a_teams_only_progress_removes_the_activity_entry() {
        let mut a = Assessment::with_default_teams();
        let mut p = ActivityProgress::new();
        p.insert("Team C".into(), rec(1));
        a.progress.insert("u".into(), p);
        let c = delete(&a, "Team C").unwrap();
        a.apply_team_change(&c);
        assert!(a.progress.is_empty());
    }

    #[test]
    fn duplicate_empty_and_unknown_names_are_refused() {
        let a = sample();
        assert!(add(&a, "Team A").unwrap_err().contains("already a team"));
        assert!(add(&a, "  ").is_err());
        assert!(rename(&a, "Team A", "Team B")
            .unwrap_err()
            .contains("already"));
        assert!(rename(&a, "Nobody", "X").is_err());
        assert!(delete(&a, "Nobody").is_err());
        assert_eq!(add(&a, "Team E").unwrap().teams.len(), 5);
        let one = Assessment {
            teams: vec!["Solo".into()],
            ..Default::default()
        };
        assert!(delete(&one, "Solo").unwrap_err().contains("last team"));
    }

    #[test]
    fn reorder_moves_within_bounds() {
        let a = sample();
        assert_eq!(
            reorder(&a, "Team B", -1).unwrap().teams,
            ["Team B", "Team A", "Team C", "Team D"]
        );
        assert_eq!(reorder(&a, "Team A", -1).unwrap().teams, default_teams());
        assert_eq!(reorder(&a, "Team D", 1).unwrap().teams, default_teams());
    }
}
