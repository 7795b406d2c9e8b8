//! The storage gateway: the only code that knows how the assessment is laid out in
//! key-value storage (the browser's localStorage, or memory in tests).
//!
//! Layout (schema 2), one key per activity so a click writes one small value:
//! - `dsomm.schema` = `2` (`1` is read as well and raised to `2`)
//! - `dsomm.v1.teams` = JSON list of team names
//! - `dsomm.v1.groups` = JSON list of `{name, members}`
//! - `dsomm.v1.settings` = JSON `{maxLevel, dateFormat, theme, progressStates, notApplicable}`
//! - `dsomm.v1.progress.<uuid>` = JSON `{team: {state: "YYYY-MM-DD"}}`
//! - `dsomm.v1.evidence.<uuid>` = JSON list of evidence entries (as in team-evidence.yaml)
//! - `dsomm.v1.team` = the team, group (`g:name`) or all teams (empty) last selected (a
//!   preference, plain text; earlier versions stored a plain team name)
//! - `dsomm.quarantine.<original key>` = a stored value that could not be read, kept aside
//!   byte for byte so the user can download it.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::assessment::{
    check_read_name, default_groups, default_teams, ActivityProgress, Assessment, Group,
};
use crate::domain::assessment::evidence::{
    decode_evidence, encode_evidence, ActivityEvidence, Evidence,
};
use crate::domain::assessment::settings::Settings;
use crate::domain::formats::json;

pub const SCHEMA_KEY: &str = "dsomm.schema";
/// 2: the settings hold the progress states, and evidence is stored. The keys stayed, but a
/// tab of a version that knows only schema 1 would drop both when it saves settings or
/// renames a team; such a version opens schema 2 read-only.
pub const SCHEMA_VERSION: u32 = 2;

/// Whether a stored schema marker is one this version reads (1 needs no change of data).
pub fn schema_known(v: &str) -> bool {
    matches!(v.trim(), "1" | "2")
}
pub const TEAMS_KEY: &str = "dsomm.v1.teams";
pub const GROUPS_KEY: &str = "dsomm.v1.groups";
pub const SETTINGS_KEY: &str = "dsomm.v1.settings";
pub const PROGRESS_PREFIX: &str = "dsomm.v1.progress.";
pub const EVIDENCE_PREFIX: &str = "dsomm.v1.evidence.";
pub const SELECTED_TEAM_KEY: &str = "dsomm.v1.team";
pub const QUARANTINE_PREFIX: &str = "dsomm.quarantine.";

/// Why storage could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all (disabled, private mode, sandboxed frame).
    Unavailable(String),
    /// The browser refused the write: storage is full.
    QuotaExceeded,
    /// The key holds data that could not be read nor set aside, or data from a newer version:
    /// writing would destroy it.
    Protected(String),
    Other(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(e) => write!(
                f,
                "Browser storage is not available ({e}); changes cannot be saved. Download your assessment to keep it."
            ),
            StorageError::QuotaExceeded => write!(
                f,
                "Browser storage is full, so the change was not saved. Download your assessment, then free some space (for example discard quarantined data)."
            ),
            StorageError::Protected(why) => write!(f, "Not saved: {why}"),
            StorageError::Other(e) => write!(f, "Saving failed: {e}"),
        }
    }
}

impl std::error::Error for StorageError {}

/// A key-value store with localStorage's semantics.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// In-memory backend with an optional size limit (characters of keys + values), for tests.
#[derive(Default)]
pub struct MemoryBackend {
    pub data: RefCell<BTreeMap<String, String>>,
    pub limit: Option<usize>,
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.data.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(limit) = self.limit {
            let used: usize = self
                .data
                .borrow()
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if used + key.len() + value.len() > limit {
                return Err(StorageError::QuotaExceeded);
            }
        }
        self.data.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.data.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.data.borrow().keys().cloned().collect())
    }
}

/// A stored value that could not be read and was set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quarantined {
    /// Where it is kept now.
    pub key: String,
    /// Where it was found.
    pub original_key: String,
    pub value: String,
    pub reason: String,
}

/// What [`Gateway::save_many`] writes together; `None` leaves that part alone.
#[derive(Clone, Copy, Default)]
pub struct Batch<'a> {
    pub progress: Option<&'a BTreeMap<String, ActivityProgress>>,
    pub evidence: Option<&'a BTreeMap<String, ActivityEvidence>>,
    pub teams: Option<&'a [String]>,
    pub groups: Option<&'a [Group]>,
    pub settings: Option<&'a Settings>,
}

/// Everything read at start-up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub assessment: Assessment,
    pub selected_team: Option<String>,
    pub settings: Settings,
    pub quarantined: Vec<Quarantined>,
    /// Messages for the user about what was found (and set aside) while loading.
    pub problems: Vec<String>,
}

pub fn progress_key(uuid: &str) -> String {
    format!("{PROGRESS_PREFIX}{uuid}")
}

pub fn evidence_key(uuid: &str) -> String {
    format!("{EVIDENCE_PREFIX}{uuid}")
}

pub fn encode_progress(p: &ActivityProgress) -> String {
    json::encode_progress(p)
}

/// Reads one activity's stored progress; names and dates are validated.
pub fn decode_progress(raw: &str) -> Result<ActivityProgress, String> {
    json::decode_progress(raw)
}

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

/// Reason a value under `key` cannot be read, if any (None for keys we do not own).
fn problem(key: &str, raw: &str) -> Option<String> {
    if key == TEAMS_KEY {
        decode_teams(raw).err()
    } else if key == GROUPS_KEY {
        decode_groups(raw).err()
    } else if key == SETTINGS_KEY {
        Settings::decode(raw).err()
    } else if key.starts_with(PROGRESS_PREFIX) {
        decode_progress(raw).err()
    } else if key.starts_with(EVIDENCE_PREFIX) {
        decode_evidence(raw).err()
    } else {
        None
    }
}

pub struct Gateway<B: Backend> {
    backend: B,
    /// Keys whose unreadable value could not be set aside: never overwritten.
    protected: RefCell<BTreeSet<String>>,
    /// Set when the data was written by a newer schema: nothing is written at all.
    read_only: RefCell<Option<String>>,
}

impl<B: Backend> Gateway<B> {
    pub fn new(backend: B) -> Self {
        Gateway {
            backend,
            protected: RefCell::default(),
            read_only: RefCell::default(),
        }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// Stops every write (data of a newer version, or storage that could not be read).
    pub fn set_read_only(&self, why: impl Into<String>) {
        *self.read_only.borrow_mut() = Some(why.into());
    }

    /// Never overwrite `key` (it holds a value this app cannot read).
    pub fn protect(&self, key: &str) {
        self.protected.borrow_mut().insert(key.to_string());
    }

    /// `key` no longer holds the unreadable value (another tab or module discarded or
    /// replaced it): writable again. Whether it was protected.
    pub fn unprotect(&self, key: &str) -> bool {
        self.protected.borrow_mut().remove(key)
    }

    /// Reads the whole assessment. Unreadable values are moved to quarantine and reported;
    /// nothing is ever dropped silently.
    pub fn load(&self) -> Result<Loaded, StorageError> {
        self.load_with(true)
    }

    /// As [`Gateway::load`]; with `tidy` false nothing is written (no format mark, nothing
    /// moved to quarantine: unreadable values are protected where they are). For the second
    /// module of a tab, which starts after the first one tidied: what is unreadable now was
    /// written since, and the first module hears of it as another tab's write.
    pub fn load_with(&self, tidy: bool) -> Result<Loaded, StorageError> {
        let mut loaded = Loaded {
            assessment: Assessment::with_default_teams(),
            ..Loaded::default()
        };
        let keys = self.backend.keys()?;
        match self.backend.get(SCHEMA_KEY)? {
            Some(v) if !tidy && schema_known(&v) => {}
            None if !tidy => {}
            None => {
                // A fresh store: mark it, but a full store must not stop the app from opening.
                if let Err(e) = self.backend.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()) {
                    loaded.problems.push(e.to_string());
                }
            }
            Some(v) if v.trim() == SCHEMA_VERSION.to_string() => {}
            Some(v) if schema_known(&v) => {
                // Raising the marker makes tabs of older versions read-only before they can
                // write data without the progress states or evidence.
                if let Err(e) = self.backend.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()) {
                    loaded.problems.push(e.to_string());
                }
            }
            Some(v) => {
                let why = format!(
                    "the stored assessment has format version \"{v}\", which this version of the app does not know; it is shown read-only so it cannot be damaged"
                );
                loaded
                    .problems
                    .push(format!("Storage is read-only: {why}."));
                *self.read_only.borrow_mut() = Some(why);
            }
        }
        for key in &keys {
            let Some(raw) = self.backend.get(key)? else {
                continue;
            };
            if key == TEAMS_KEY {
                match decode_teams(&raw) {
                    Ok(teams) => loaded.assessment.teams = teams,
                    Err(e) => self.set_aside(key, &raw, e, tidy, &mut loaded),
                }
            } else if key == SETTINGS_KEY {
                match Settings::decode(&raw) {
                    Ok(s) => loaded.settings = s,
                    Err(e) => self.set_aside(key, &raw, e, tidy, &mut loaded),
                }
            } else if key == GROUPS_KEY {
                match decode_groups(&raw) {
                    Ok(groups) => loaded.assessment.groups = groups,
                    Err(e) => self.set_aside(key, &raw, e, tidy, &mut loaded),
                }
            } else if let Some(uuid) = key.strip_prefix(PROGRESS_PREFIX) {
                match decode_progress(&raw) {
                    Ok(p) if p.is_empty() => {}
                    Ok(p) => {
                        loaded.assessment.progress.insert(uuid.to_string(), p);
                    }
                    Err(e) => self.set_aside(key, &raw, e, tidy, &mut loaded),
                }
            } else if let Some(uuid) = key.strip_prefix(EVIDENCE_PREFIX) {
                match decode_evidence(&raw) {
                    Ok(list) if list.is_empty() => {}
                    Ok(list) => {
                        loaded.assessment.evidence.insert(uuid.to_string(), list);
                    }
                    Err(e) => self.set_aside(key, &raw, e, tidy, &mut loaded),
                }
            } else if key == SELECTED_TEAM_KEY {
                loaded.selected_team = Some(raw);
            }
        }
        // Teams that have progress or evidence but are missing from the team list are added
        // back, so their data stays visible and editable.
        let a = &mut loaded.assessment;
        crate::domain::assessment::add_teams_with_data(&mut a.teams, &a.progress, &a.evidence);
        // Group members that are not teams (any more) mean nothing; the reference app drops
        // them on load too. What is stored changes with the next group edit.
        let teams = &loaded.assessment.teams;
        for g in &mut loaded.assessment.groups {
            g.members.retain(|m| teams.contains(m));
        }
        loaded.quarantined = self.quarantined()?;
        Ok(loaded)
    }

    fn set_aside(&self, key: &str, raw: &str, reason: String, tidy: bool, loaded: &mut Loaded) {
        let target = format!("{QUARANTINE_PREFIX}{key}");
        let moved = tidy
            && self.read_only.borrow().is_none()
            && self.backend.get(&target).ok().flatten().is_none()
            && self.backend.set(&target, raw).is_ok()
            && self.backend.remove(key).is_ok();
        if moved {
            loaded.problems.push(format!(
                "Stored data under \"{key}\" could not be read ({reason}). It was set aside unchanged; download it from the Data page."
            ));
        } else {
            self.protected.borrow_mut().insert(key.to_string());
            loaded.problems.push(format!(
                "Stored data under \"{key}\" could not be read ({reason}) and could not be set aside, so it is left untouched and will not be overwritten."
            ));
            loaded.quarantined.push(Quarantined {
                key: key.to_string(),
                original_key: key.to_string(),
                value: raw.to_string(),
                reason,
            });
        }
    }

    /// Values set aside by earlier loads, plus those that could not be moved.
    pub fn quarantined(&self) -> Result<Vec<Quarantined>, StorageError> {
        let mut out = Vec::new();
        for key in self.backend.keys()? {
            if let Some(original) = key.strip_prefix(QUARANTINE_PREFIX) {
                let value = self.backend.get(&key)?.unwrap_or_default();
                let reason = problem(original, &value).unwrap_or_else(|| "unreadable".into());
                out.push(Quarantined {
                    original_key: original.to_string(),
                    key,
                    value,
                    reason,
                });
            }
        }
        for key in self.protected.borrow().iter() {
            if let Some(value) = self.backend.get(key)? {
                let reason = problem(key, &value).unwrap_or_default();
                out.push(Quarantined {
                    key: key.clone(),
                    original_key: key.clone(),
                    value,
                    reason,
                });
            }
        }
        Ok(out)
    }

    /// Deletes a value from quarantine (after the user chose to).
    pub fn discard(&self, quarantine_key: &str) -> Result<(), StorageError> {
        // A protected key is exactly what the user may discard; only read-only mode forbids it.
        if let Some(why) = self.read_only.borrow().as_ref() {
            return Err(StorageError::Protected(why.clone()));
        }
        self.protected.borrow_mut().remove(quarantine_key);
        self.backend.remove(quarantine_key)
    }

    fn writable(&self, key: &str) -> Result<(), StorageError> {
        if let Some(why) = self.read_only.borrow().as_ref() {
            return Err(StorageError::Protected(why.clone()));
        }
        if self.protected.borrow().contains(key) {
            return Err(StorageError::Protected(format!(
                "\"{key}\" holds data that could not be read; download or discard it on the Data page first"
            )));
        }
        Ok(())
    }

    /// What is stored for one activity right now. An unreadable value is protected (never
    /// overwritten) and reported.
    pub fn read_activity(&self, uuid: &str) -> Result<ActivityProgress, StorageError> {
        let key = progress_key(uuid);
        match self.backend.get(&key)? {
            None => Ok(ActivityProgress::new()),
            Some(raw) => decode_progress(&raw).map_err(|e| {
                self.protect(&key);
                StorageError::Protected(format!(
                    "\"{key}\" holds data that could not be read ({e}); it is left untouched"
                ))
            }),
        }
    }

    pub fn save_activity(&self, uuid: &str, p: &ActivityProgress) -> Result<(), StorageError> {
        let key = progress_key(uuid);
        self.writable(&key)?;
        if p.values().all(|t| t.is_empty()) {
            self.backend.remove(&key)
        } else {
            self.backend.set(&key, &encode_progress(p))
        }
    }

    /// What is stored as evidence for one activity right now (unreadable: protected).
    pub fn read_evidence(&self, uuid: &str) -> Result<ActivityEvidence, StorageError> {
        let key = evidence_key(uuid);
        match self.backend.get(&key)? {
            None => Ok(Vec::new()),
            Some(raw) => decode_evidence(&raw).map_err(|e| {
                self.protect(&key);
                StorageError::Protected(format!(
                    "\"{key}\" holds evidence that could not be read ({e}); it is left untouched"
                ))
            }),
        }
    }

    pub fn save_evidence(&self, uuid: &str, list: &[Evidence]) -> Result<(), StorageError> {
        let key = evidence_key(uuid);
        self.writable(&key)?;
        if list.is_empty() {
            self.backend.remove(&key)
        } else {
            self.backend.set(&key, &encode_evidence(list))
        }
    }

    pub fn save_teams(&self, teams: &[String]) -> Result<(), StorageError> {
        self.writable(TEAMS_KEY)?;
        let default = default_teams();
        if teams == default.as_slice() && self.backend.get(TEAMS_KEY)?.is_none() {
            return Ok(());
        }
        self.backend.set(TEAMS_KEY, &json::encode_teams(teams))
    }

    pub fn save_groups(&self, groups: &[Group]) -> Result<(), StorageError> {
        self.writable(GROUPS_KEY)?;
        if groups == default_groups().as_slice() && self.backend.get(GROUPS_KEY)?.is_none() {
            return Ok(());
        }
        self.backend.set(GROUPS_KEY, &json::encode_groups(groups))
    }

    pub fn save_settings(&self, s: &Settings) -> Result<(), StorageError> {
        self.writable(SETTINGS_KEY)?;
        self.backend.set(SETTINGS_KEY, &s.encode())
    }

    pub fn save_selected_team(&self, team: &str) -> Result<(), StorageError> {
        self.writable(SELECTED_TEAM_KEY)?;
        self.backend.set(SELECTED_TEAM_KEY, team)
    }

    /// Writes a batch (an import, a team change, a restore) all or nothing: on any failure
    /// every key written so far is put back as it was.
    pub fn save_many(&self, b: &Batch) -> Result<(), StorageError> {
        let progress = b.progress.into_iter().flatten();
        let evidence = b.evidence.into_iter().flatten();
        let keys = progress
            .clone()
            .map(|(u, _)| progress_key(u))
            .chain(evidence.clone().map(|(u, _)| evidence_key(u)))
            .chain(b.teams.map(|_| TEAMS_KEY.to_string()))
            .chain(b.groups.map(|_| GROUPS_KEY.to_string()))
            .chain(b.settings.map(|_| SETTINGS_KEY.to_string()));
        // Every key is read once: to refuse overwriting an unreadable value (a batch is
        // planned from what the tab shows, and a value written by other means than this app
        // is kept), and to put the old values back if a write fails.
        let mut before: Vec<(String, Option<String>)> = Vec::new();
        for key in keys {
            self.writable(&key)?;
            let raw = self.backend.get(&key)?;
            if let Some(e) = raw.as_deref().and_then(|raw| problem(&key, raw)) {
                self.protect(&key);
                return Err(StorageError::Protected(format!(
                    "\"{key}\" holds data that could not be read ({e}); nothing was saved"
                )));
            }
            before.push((key, raw));
        }
        // Written in the order read above; `tried` counts the keys that may have changed.
        let mut tried = 0;
        let result = (|| {
            for (uuid, p) in progress {
                tried += 1;
                self.save_activity(uuid, p)?;
            }
            for (uuid, list) in evidence {
                tried += 1;
                self.save_evidence(uuid, list)?;
            }
            if let Some(teams) = b.teams {
                tried += 1;
                self.save_teams(teams)?;
            }
            if let Some(groups) = b.groups {
                tried += 1;
                self.save_groups(groups)?;
            }
            if let Some(settings) = b.settings {
                tried += 1;
                self.save_settings(settings)?;
            }
            Ok(())
        })();
        before.truncate(tried);
        if let Err(e) = &result {
            let mut restored = true;
            for (key, value) in before.into_iter().rev() {
                restored &= match value {
                    Some(v) => self.backend.set(&key, &v),
                    None => self.backend.remove(&key),
                }
                .is_ok();
            }
            if !restored {
                return Err(StorageError::Other(format!(
                    "{e}; putting back the values written before the failure also failed, so storage may hold part of the change — reload the page and check"
                )));
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::date::Date;
    use crate::domain::assessment::progress::TeamProgress;

    fn record(day: u8) -> ActivityProgress {
        let mut r = TeamProgress::default();
        r.dates
            .insert("Started".into(), Date::new(2025, 5, day).unwrap());
        let mut p = ActivityProgress::new();
        p.insert("Team A".into(), r);
        p
    }

    #[test]
    fn a_fresh_store_loads_default_teams_and_is_marked() {
        let g = Gateway::new(MemoryBackend::default());
        let l = g.load().unwrap();
        assert_eq!(l.assessment.teams, default_teams());
        assert!(l.problems.is_empty());
        assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("2"));
    }

    #[test]
    fn saved_progress_loads_back() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        g.save_activity("u-1", &record(3)).unwrap();
        g.save_teams(&["O'Brien: \"ops\"".to_string()]).unwrap();
        let l = g.load().unwrap();
        assert_eq!(l.assessment.progress["u-1"], record(3));
        assert_eq!(
            l.assessment.teams,
            vec!["O'Brien: \"ops\"".to_string(), "Team A".to_string()]
        );
        g.save_activity("u-1", &ActivityProgress::new()).unwrap();
        assert_eq!(g.backend().get(&progress_key("u-1")).unwrap(), None);
    }

    #[test]
    fn groups_round_trip_and_bad_groups_are_set_aside() {
        let g = Gateway::new(MemoryBackend::default());
        assert_eq!(g.load().unwrap().assessment.groups, default_groups());
        let groups = vec![Group {
            name: "Ops: \"x\"".into(),
            members: vec!["Team A".into()],
        }];
        g.save_groups(&groups).unwrap();
        assert_eq!(g.load().unwrap().assessment.groups, groups);
        g.backend()
            .set(GROUPS_KEY, "[{\"name\": \"\", \"members\": []}]")
            .unwrap();
        let l = g.load().unwrap();
        assert_eq!(l.assessment.groups, default_groups());
        assert_eq!(l.quarantined.len(), 1);
    }

    #[test]
    fn corrupt_values_are_set_aside_byte_for_byte_and_reported() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        g.save_activity("good", &record(1)).unwrap();
        g.backend().set(&progress_key("bad"), "{not json").unwrap();
        g.backend().set(TEAMS_KEY, "[\"A\", \"A\"]").unwrap();
        let l = g.load().unwrap();
        assert_eq!(l.assessment.progress.len(), 1);
        assert_eq!(l.assessment.teams, default_teams());
        assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
        let q: BTreeMap<String, String> = l
            .quarantined
            .iter()
            .map(|q| (q.original_key.clone(), q.value.clone()))
            .collect();
        assert_eq!(q[&progress_key("bad")], "{not json");
        assert_eq!(q[TEAMS_KEY], "[\"A\", \"A\"]");
        assert_eq!(g.backend().get(&progress_key("bad")).unwrap(), None);
        // A later load still lists them, without new problems.
        let again = g.load().unwrap();
        assert_eq!(again.quarantined.len(), 2);
        assert!(again.problems.is_empty());
        g.discard(&format!("{QUARANTINE_PREFIX}{TEAMS_KEY}"))
            .unwrap();
        assert_eq!(g.load().unwrap().quarantined.len(), 1);
    }

    #[test]
    fn a_value_that_cannot_be_set_aside_is_never_overwritten() {
        let backend = MemoryBackend::default();
        backend.set(SCHEMA_KEY, "1").unwrap();
        backend
            .set(&progress_key("bad"), "garbage that is long enough")
            .unwrap();
        let backend = MemoryBackend {
            limit: Some(80),
            ..backend
        };
        let g = Gateway::new(backend);
        let l = g.load().unwrap();
        assert_eq!(l.quarantined.len(), 1);
        assert!(matches!(
            g.save_activity("bad", &record(1)),
            Err(StorageError::Protected(_))
        ));
        assert_eq!(
            g.backend().get(&progress_key("bad")).unwrap().as_deref(),
            Some("garbage that is long enough")
        );
        // Another gateway (tab or module) replacing it makes it writable here too.
        let other = Gateway::new(MemoryBackend::default());
        other.protect(&progress_key("p"));
        assert!(other.save_activity("p", &record(1)).is_err());
        assert!(other.unprotect(&progress_key("p")));
        assert!(!other.unprotect(&progress_key("p")));
        assert!(other.save_activity("p", &record(1)).is_ok());
        // The user can discard it, and then write again.
        g.discard(&progress_key("bad")).unwrap();
        g.save_activity("bad", &record(1)).unwrap();
        assert!(g.load().unwrap().quarantined.is_empty());
    }

    #[test]
    fn a_load_without_tidying_writes_nothing_and_protects_unreadable_values() {
        let backend = MemoryBackend::default();
        backend.set(SCHEMA_KEY, "1").unwrap();
        backend
            .set(&progress_key("good"), &encode_progress(&record(2)))
            .unwrap();
        backend.set(&progress_key("bad"), "{not json").unwrap();
        let before = backend.data.borrow().clone();
        let g = Gateway::new(backend);
        let l = g.load_with(false).unwrap();
        assert_eq!(*g.backend().data.borrow(), before, "nothing written");
        assert_eq!(l.assessment.progress["good"], record(2));
        assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
        assert_eq!(l.quarantined.len(), 1);
        assert_eq!(l.quarantined[0].key, progress_key("bad"));
        assert!(matches!(
            g.save_activity("bad", &record(1)),
            Err(StorageError::Protected(_))
        ));
        assert!(g.save_activity("good", &record(3)).is_ok());
        // An empty store is not marked either, and a newer format still means read-only.
        let g = Gateway::new(MemoryBackend::default());
        g.load_with(false).unwrap();
        assert_eq!(g.backend().get(SCHEMA_KEY).unwrap(), None);
        g.backend().set(SCHEMA_KEY, "99").unwrap();
        g.load_with(false).unwrap();
        assert!(g.save_activity("x", &record(1)).is_err());
    }

    #[test]
    fn schema_1_is_read_and_marked_2() {
        let backend = MemoryBackend::default();
        backend.set(SCHEMA_KEY, "1").unwrap();
        backend
            .set(&progress_key("u"), &encode_progress(&record(1)))
            .unwrap();
        let g = Gateway::new(backend);
        let l = g.load().unwrap();
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(l.assessment.progress["u"], record(1));
        assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("2"));
        assert!(g.save_activity("x", &record(2)).is_ok());
    }

    #[test]
    fn a_newer_schema_is_read_only() {
        let backend = MemoryBackend::default();
        backend.set(SCHEMA_KEY, "3").unwrap();
        backend.set(&progress_key("u"), "{\"future\": 1}").unwrap();
        let g = Gateway::new(backend);
        let l = g.load().unwrap();
        assert!(l.problems[0].contains("read-only"));
        assert!(g.save_activity("x", &record(1)).is_err());
        assert_eq!(
            g.backend().get(&progress_key("u")).unwrap().as_deref(),
            Some("{\"future\": 1}")
        );
    }

    #[test]
    fn a_full_store_refuses_the_write_and_keeps_the_old_value() {
        let g = Gateway::new(MemoryBackend {
            limit: Some(120),
            ..Default::default()
        });
        g.load().unwrap();
        g.save_activity("u-1", &record(1)).unwrap();
        let mut big = record(2);
        for i in 0..10 {
            big.insert(format!("Team {i}"), record(2)["Team A"].clone());
        }
        assert_eq!(
            g.save_activity("u-1", &big),
            Err(StorageError::QuotaExceeded)
        );
        assert_eq!(g.load().unwrap().assessment.progress["u-1"], record(1));
    }

    #[test]
    fn save_many_is_all_or_nothing() {
        let g = Gateway::new(MemoryBackend {
            limit: Some(200),
            ..Default::default()
        });
        g.load().unwrap();
        g.save_activity("a", &record(1)).unwrap();
        let mut changes = BTreeMap::new();
        changes.insert("a".to_string(), record(9));
        changes.insert("b".to_string(), record(9));
        let mut big = record(9);
        for i in 0..10 {
            big.insert(format!("Team {i}"), record(9)["Team A"].clone());
        }
        changes.insert("c".to_string(), big);
        let batch = Batch {
            progress: Some(&changes),
            ..Batch::default()
        };
        assert!(g.save_many(&batch).is_err());
        let l = g.load().unwrap();
        assert_eq!(l.assessment.progress.len(), 1);
        assert_eq!(l.assessment.progress["a"], record(1));
    }

    #[test]
    fn evidence_round_trips_and_corrupt_evidence_is_set_aside() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        let e = Evidence {
            id: "e-1".into(),
            teams: vec!["Team A".into()],
            title: "Pipeline reviewed".into(),
            description: "Line 1\nLine \"2\"".into(),
            recorded: Date::new(2025, 5, 1).unwrap(),
            reviewer: "Jane".into(),
            attachments: Vec::new(),
        };
        g.save_evidence("u-1", std::slice::from_ref(&e)).unwrap();
        assert_eq!(g.read_evidence("u-1").unwrap(), vec![e.clone()]);
        assert_eq!(g.load().unwrap().assessment.evidence["u-1"], vec![e]);
        g.save_evidence("u-1", &[]).unwrap();
        assert_eq!(g.backend().get(&evidence_key("u-1")).unwrap(), None);

        g.backend().set(&evidence_key("u-2"), "[{\"id\":").unwrap();
        let l = g.load().unwrap();
        assert!(l.assessment.evidence.is_empty());
        assert_eq!(l.quarantined.len(), 1);
        assert_eq!(l.quarantined[0].original_key, evidence_key("u-2"));
        assert_eq!(l.quarantined[0].value, "[{\"id\":");
    }

    #[test]
    fn teams_named_only_in_evidence_join_the_team_list() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        let e = Evidence {
            id: "e-1".into(),
            teams: vec!["Ghost".into()],
            title: "t".into(),
            description: String::new(),
            recorded: Date::new(2025, 5, 1).unwrap(),
            reviewer: String::new(),
            attachments: Vec::new(),
        };
        g.save_evidence("u-1", &[e]).unwrap();
        assert!(g
            .load()
            .unwrap()
            .assessment
            .teams
            .contains(&"Ghost".to_string()));
    }

    #[test]
    fn a_batch_never_overwrites_an_unreadable_value() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        g.backend().set(&progress_key("b"), "{broken").unwrap();
        let changes = BTreeMap::from([("a".to_string(), record(1)), ("b".to_string(), record(2))]);
        let batch = Batch {
            progress: Some(&changes),
            ..Batch::default()
        };
        assert!(matches!(
            g.save_many(&batch),
            Err(StorageError::Protected(_))
        ));
        assert_eq!(
            g.backend().get(&progress_key("b")).unwrap().as_deref(),
            Some("{broken")
        );
        assert_eq!(
            g.backend().get(&progress_key("a")).unwrap(),
            None,
            "nothing written"
        );
    }

    #[test]
    fn group_members_that_are_not_teams_are_left_out() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        g.save_teams(&["A".to_string()]).unwrap();
        g.save_groups(&[Group {
            name: "G".into(),
            members: vec!["A".into(), "Gone".into()],
        }])
        .unwrap();
        assert_eq!(g.load().unwrap().assessment.groups[0].members, ["A"]);
    }
}
