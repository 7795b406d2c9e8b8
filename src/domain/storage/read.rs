//! Reading a stored value as its kind, with its checks: at start-up, for a write another tab
//! or module made, and before a batch overwrites a key.

use std::collections::BTreeSet;

use super::codec::{self, TeamIds};
use super::upgrade::is_legacy;
use super::{kind_of, Backend, Gateway, Kind, Stored, TEAMS_KEY};
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::{
    check_read_name, default_groups, default_teams, ActivityProgress, Group,
};
use crate::domain::formats::json;

/// Reads a list of team names (schema 2's team key, teams.yaml's list): names checked,
/// none twice.
pub fn decode_teams(raw: &str) -> Result<Vec<String>, String> {
    let teams = json::decode_teams(raw)?;
    let mut seen = BTreeSet::new();
    for t in &teams {
        check_read_name(t).map_err(|e| format!("team name: {e}"))?;
        if !seen.insert(t) {
            return Err(format!("team \"{t}\" is listed twice"));
        }
    }
    Ok(teams)
}

pub fn decode_groups(raw: &str) -> Result<Vec<Group>, String> {
    let groups = json::decode_groups(raw)?;
    let mut seen = BTreeSet::new();
    for g in &groups {
        check_read_name(&g.name).map_err(|e| format!("group name: {e}"))?;
        if !seen.insert(&g.name) {
            return Err(format!("group \"{}\" is listed twice", g.name));
        }
    }
    Ok(groups)
}

/// The table for the default teams (nothing stored yet).
pub(super) fn default_ids() -> TeamIds {
    TeamIds::default().for_list(&default_teams())
}

impl<B: Backend> Gateway<B> {
    /// Reads the value `raw` (None: nothing stored) of `key` as its kind; None for keys that
    /// are not a stored kind.
    pub fn read(&self, key: &str, raw: Option<&str>) -> Option<Result<Stored, String>> {
        let (def, uuid) = kind_of(key)?;
        if !def.matrix && self.pages.is_none() {
            return None;
        }
        let uuid = uuid.to_string();
        Some(match (def.kind, raw) {
            (Kind::Teams, None) => Ok(Stored::Teams(default_ids())),
            (Kind::Teams, Some(raw)) => TeamIds::decode(raw).and_then(|ids| {
                if ids.is_empty() {
                    Err("the team list is empty".into())
                } else {
                    Ok(Stored::Teams(ids))
                }
            }),
            (Kind::Groups, None) => Ok(Stored::Groups(default_groups())),
            (Kind::Groups, Some(raw)) => decode_groups(raw).map(Stored::Groups),
            (Kind::Settings, None) => Ok(Stored::Settings(Settings::default())),
            (Kind::Settings, Some(raw)) => Settings::decode(raw).map(Stored::Settings),
            (Kind::Progress, None) => Ok(Stored::Progress(uuid, ActivityProgress::new())),
            (Kind::Progress, Some(raw)) => {
                self.decode_progress(raw).map(|p| Stored::Progress(uuid, p))
            }
            (Kind::Evidence, None) => Ok(Stored::Evidence(uuid, Vec::new())),
            (Kind::Evidence, Some(raw)) => {
                (self.pages?.evidence)(raw).map(|e| Stored::Evidence(uuid, e))
            }
            (Kind::SelectedTeam, raw) => Ok(Stored::SelectedTeam(raw.map(str::to_string))),
            (Kind::CustomModel, raw) => Ok(Stored::CustomModel(raw.map(str::to_string))),
            (Kind::Names, raw) => Ok(Stored::Names(raw.map(str::to_string))),
            (Kind::Targets, None) => Ok(Stored::Targets(Default::default())),
            (Kind::Targets, Some(raw)) => (self.pages?.targets)(raw).map(Stored::Targets),
        })
    }

    /// A team table read from storage is the one progress is read and written with.
    pub(super) fn adopt(&self, stored: &Stored) {
        if let Stored::Teams(ids) = stored {
            *self.ids.borrow_mut() = ids.clone();
        }
    }

    /// Another tab or module wrote `key` (now `value`): read as its kind, its size noted.
    pub(super) fn accept(&self, key: &str, value: Option<&str>) -> Option<Result<Stored, String>> {
        kind_of(key)?;
        // Also for kinds this gateway does not read: they take room all the same.
        self.note_size(key, value);
        let read = self.read(key, value)?;
        if let Ok(stored) = &read {
            self.adopt(stored);
        }
        Some(read)
    }

    /// Progress, with the team ids as stored: a team another tab added a moment ago (its
    /// table not heard of yet) is looked up again.
    pub(super) fn decode_progress(&self, raw: &str) -> Result<ActivityProgress, String> {
        let first = codec::decode_progress(raw, &self.ids.borrow());
        match first {
            Err(e) if e.starts_with("team id") => {
                let stored = self.backend.get(TEAMS_KEY).ok().flatten();
                match stored.as_deref().map(TeamIds::decode) {
                    Some(Ok(ids)) if ids != *self.ids.borrow() => {
                        *self.ids.borrow_mut() = ids;
                        codec::decode_progress(raw, &self.ids.borrow())
                    }
                    _ => Err(e),
                }
            }
            r => r,
        }
    }

    /// Reason a value under `key` cannot be read, if any (None for keys we do not own).
    pub(super) fn problem(&self, key: &str, raw: &str) -> Option<String> {
        if is_legacy(key) {
            return self.upgrade.as_ref().and_then(|u| (u.problem)(key, raw));
        }
        self.read(key, Some(raw))?.err()
    }
}
