//! The storage gateway: the only code that knows how the assessment is laid out in
//! key-value storage (the browser's localStorage, or memory in tests).
//!
//! Layout (schema 3). What each key holds is one entry of [`KINDS`], the registry of stored
//! kinds ([`kinds`]: its key, codec, checks, how it follows team changes, its part of the
//! one-file assessment); every module shows a kind by matching on [`Stored`].
//! - `dsomm.schema` = `3` (`1` and `2` are migrated on first load, see [`Gateway::load`])
//! - `dsomm.v3.teams` = the team list with stable short ids ([`codec::TeamIds`])
//! - `dsomm.v3.progress.<uuid>` = one activity's progress with its history ([`codec`])
//! - `dsomm.v1.groups` = JSON list of `{name, members}`
//! - `dsomm.v1.settings` = JSON `{maxLevel, dateFormat, theme, progressStates, …}`
//! - `dsomm.v1.evidence.<uuid>` = JSON list of evidence entries (as in team-evidence.yaml)
//! - `dsomm.v1.team` = the team, group (`g:name`) or all teams (empty) last selected
//! - `dsomm.quarantine.<original key>` = a stored value that could not be read, kept aside
//!   byte for byte so the user can download it.
//!
//! Schema 2 kept teams in `dsomm.v1.teams` (a JSON list of names) and progress in
//! `dsomm.v1.progress.<uuid>` (`{team: {state: "YYYY-MM-DD"}}`, no history).

pub mod codec;
pub mod kinds;

use kinds::progress_value;
pub use kinds::{
    follow_states, follow_team, kind_of, read_backup, write_backup, Kind, KindDef, Stored,
    TeamWrite, KINDS,
};

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::assessment::{
    check_read_name, default_groups, default_teams, ActivityProgress, Assessment, Group,
};
use crate::domain::assessment::evidence::{ActivityEvidence, Evidence};
use crate::domain::assessment::settings::Settings;
use crate::domain::formats::json::{self, decode_evidence, encode_evidence};
use codec::TeamIds;

pub const SCHEMA_KEY: &str = "dsomm.schema";
/// 3: progress keeps its history, teams have ids. 2: the settings hold the progress
/// states, and evidence is stored. A version that knows only an older schema opens a newer
/// store read-only.
pub const SCHEMA_VERSION: u32 = 3;

/// Whether another tab's schema marker is the one this version writes.
pub fn schema_current(v: &str) -> bool {
    v.trim() == SCHEMA_VERSION.to_string()
}

/// Stored schemas this version migrates from.
fn schema_legacy(v: &str) -> bool {
    matches!(v.trim(), "1" | "2")
}

pub const TEAMS_KEY: &str = "dsomm.v3.teams";
pub const PROGRESS_PREFIX: &str = "dsomm.v3.progress.";
pub const GROUPS_KEY: &str = "dsomm.v1.groups";
pub const SETTINGS_KEY: &str = "dsomm.v1.settings";
pub const EVIDENCE_PREFIX: &str = "dsomm.v1.evidence.";
pub const SELECTED_TEAM_KEY: &str = "dsomm.v1.team";
pub const NAMES_KEY: &str = "dsomm.v1.names";
pub const QUARANTINE_PREFIX: &str = "dsomm.quarantine.";
/// Schema 1 and 2's keys, read only to migrate them.
pub const LEGACY_TEAMS_KEY: &str = "dsomm.v1.teams";
pub const LEGACY_PROGRESS_PREFIX: &str = "dsomm.v1.progress.";

/// What Chromium gives one origin's localStorage, in UTF-16 code units (keys and values).
pub const QUOTA: usize = 5_242_880;
/// Above this share of [`QUOTA`] the app warns before a write can fail.
pub const WARN_PERCENT: usize = 80;

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

impl MemoryBackend {
    /// Characters of every key and value, as `limit` counts them.
    pub fn used(&self) -> usize {
        self.data
            .borrow()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.data.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(limit) = self.limit {
            let old = self
                .data
                .borrow()
                .get(key)
                .map_or(0, |v| key.len() + v.len());
            if self.used() - old + key.len() + value.len() > limit {
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

/// What [`Gateway::save_many`] writes together.
#[derive(Clone, Copy, Default)]
pub struct Batch<'a> {
    /// The team list (None: it stays as stored): the team table is written from it and the
    /// progress values (a team they name gets an id).
    pub teams: Option<&'a [String]>,
    /// Values of the other kinds (a [`Stored::Teams`] here is refused: the table is the
    /// gateway's to write).
    pub values: &'a [Stored],
}

/// Which unreadable values a load sets aside (the others are protected where they are).
#[derive(Clone, Copy)]
enum Tidy {
    All,
    /// Those of kinds the first module does not read ([`KindDef::matrix`]).
    NotMatrix,
    Nothing,
}

/// Everything read at start-up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub assessment: Assessment,
    pub selected_team: Option<String>,
    pub settings: Settings,
    /// `assessment::names`, as stored.
    pub names: Option<String>,
    pub quarantined: Vec<Quarantined>,
    /// Messages for the user about what was found (and set aside) while loading.
    pub problems: Vec<String>,
    /// Of `problems`, those about kinds the first module does not read: the pages module,
    /// which loads without tidying, reports these (nobody else sees them).
    pub problems_not_matrix: Vec<String>,
    /// A schema 1 or 2 store that this gateway leaves to the pages module to upgrade
    /// ([`Gateway::upgrade`]): nothing was read, and the gateway is read-only.
    pub upgrading: bool,
}

impl Loaded {
    /// Takes in one value read at start-up.
    fn absorb(&mut self, stored: Stored) {
        match stored.into_assessment(&mut self.assessment) {
            Some(Stored::Settings(s)) => self.settings = s,
            Some(Stored::SelectedTeam(t)) => self.selected_team = t,
            Some(Stored::Names(n)) => self.names = n,
            _ => {}
        }
    }
}

pub fn progress_key(uuid: &str) -> String {
    format!("{PROGRESS_PREFIX}{uuid}")
}

pub fn evidence_key(uuid: &str) -> String {
    format!("{EVIDENCE_PREFIX}{uuid}")
}

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

/// Whether `key` is one of schema 1 and 2's keys (read only to migrate them).
fn is_legacy(key: &str) -> bool {
    key == LEGACY_TEAMS_KEY || key.starts_with(LEGACY_PROGRESS_PREFIX)
}

/// Whether a store with these keys and this format mark is of schema 1 or 2.
fn upgrade_needed(keys: &[String], schema: Option<&str>) -> bool {
    match schema {
        Some(v) => schema_legacy(v),
        None => keys.iter().any(|k| is_legacy(k)),
    }
}

/// A value of schema 1 or 2.
enum Legacy {
    Teams(Vec<String>),
    Progress(String, ActivityProgress),
}

/// Reads a value under a key of [`is_legacy`].
fn legacy_decode(key: &str, raw: &str) -> Result<Legacy, String> {
    match key.strip_prefix(LEGACY_PROGRESS_PREFIX) {
        Some(uuid) => codec::decode_legacy_progress(raw).map(|p| Legacy::Progress(uuid.into(), p)),
        None => match decode_teams(raw)? {
            t if t.is_empty() => Err("the team list is empty".into()),
            t => Ok(Legacy::Teams(t)),
        },
    }
}

/// The table for the default teams (nothing stored yet).
fn default_ids() -> TeamIds {
    TeamIds::default().for_list(&default_teams())
}

/// How much of storage the assessment takes, for the Import / export page: a share, which
/// people read at a glance ([`usage_detail`] has the count behind it).
pub fn usage_text(used: usize) -> String {
    format!(
        "Your assessment uses {} of the space this browser gives the app.",
        share(used)
    )
}

/// `used` as a share of [`QUOTA`] to a tenth of a percent, rounded down as
/// [`usage_warning`] rounds ("79.9 %" never comes with the 80 % warning). In integers (a
/// float's formatting adds 4 KB to a module); u64, as `used * 1000` overflows 32 bits.
fn share(used: usize) -> String {
    let tenths = used as u64 * 1000 / QUOTA as u64;
    match (used, tenths) {
        (0, _) => "none".to_string(),
        (_, 0) => "less than 0.1 %".to_string(),
        _ => format!("{}.{} %", tenths / 10, tenths % 10),
    }
}

/// The exact count behind [`usage_text`] ("12,345 of 5,242,880 characters").
pub fn usage_detail(used: usize) -> String {
    format!("{} of {} characters", grouped(used), grouped(QUOTA))
}

/// `n` with thousands separators ("193,800").
pub fn grouped(n: usize) -> String {
    let mut digits = n.to_string();
    let len = digits.len();
    for i in (1..len).rev().filter(|i| (len - i).is_multiple_of(3)) {
        digits.insert(i, ',');
    }
    digits
}

/// `n` in millions with two decimals ("3.71"), in integers: formatting a float would add
/// 4 KB to the first module.
fn millions(n: usize) -> String {
    let hundredths = (n + 5_000) / 10_000;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// How full storage is, as the app says it above [`WARN_PERCENT`] (None below).
pub fn usage_warning(used: usize) -> Option<String> {
    let percent = used * 100 / QUOTA;
    (percent >= WARN_PERCENT).then(|| {
        format!(
            "Browser storage is {percent} % full (about {} of {} million characters). Download your assessment now (Import / export), then make room: discard values set aside there, or remove teams you no longer assess. When it is full, changes cannot be saved.",
            millions(used),
            millions(QUOTA)
        )
    })
}

/// Reads one activity's stored evidence.
type EvidenceReader = fn(&str) -> Result<ActivityEvidence, String>;

pub struct Gateway<B: Backend> {
    backend: B,
    /// The evidence reader; None in the first module, which reads only the kinds of the
    /// matrix ([`KindDef::matrix`]) and so carries no evidence codec (2.9 KB of it).
    evidence: Option<EvidenceReader>,
    /// Keys whose unreadable value could not be set aside: never overwritten.
    protected: RefCell<BTreeSet<String>>,
    /// Set when the data was written by a newer schema: nothing is written at all.
    read_only: RefCell<Option<String>>,
    /// The team ids progress is written with (as stored).
    ids: RefCell<TeamIds>,
    /// Characters stored under the app's keys, as far as this gateway has seen them.
    sizes: RefCell<BTreeMap<String, usize>>,
    used: Cell<usize>,
    /// The upgrade of a schema 1 or 2 store and its reader (`load_legacy`, `legacy_decode`):
    /// only the pages module's gateway has them. The first module leaves an old store to it
    /// (2.4 KB brotli that no first screen of a current store needs): it opens read-only,
    /// and the pages module upgrades the store and reloads the page.
    upgrade: Option<Upgrade<B>>,
}

/// Set on `<html>` by the first module while it shows a store it leaves to the pages module
/// to upgrade ([`Gateway::upgrade`]): the pages module reloads the page once the store is
/// current, whichever tab upgraded it.
pub const UPGRADING_ATTR: &str = "data-upgrading";

/// See [`Gateway::upgrade`].
struct Upgrade<B: Backend> {
    load: LoadLegacy<B>,
    problem: fn(&str, &str) -> Option<String>,
}

type LoadLegacy<B> = fn(&Gateway<B>, &[String], bool, Loaded) -> Result<Loaded, StorageError>;

impl<B: Backend> Gateway<B> {
    /// A gateway for every kind (the pages module).
    pub fn new(backend: B) -> Self {
        Gateway {
            evidence: Some(decode_evidence),
            upgrade: Some(Upgrade {
                load: Gateway::load_legacy,
                problem: |key, raw| legacy_decode(key, raw).err(),
            }),
            ..Gateway::for_matrix(backend)
        }
    }

    /// A gateway for the kinds of the matrix only (the first module): other keys are left
    /// alone, as keys of no kind are; the pages module reads them and sets aside what it
    /// cannot read.
    pub fn for_matrix(backend: B) -> Self {
        Gateway {
            backend,
            evidence: None,
            protected: RefCell::default(),
            read_only: RefCell::default(),
            ids: RefCell::new(default_ids()),
            sizes: RefCell::default(),
            used: Cell::new(0),
            upgrade: None,
        }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// Characters the app's data takes in storage (keys and values; an upper bound: UTF-8
    /// bytes, which are never fewer than the UTF-16 units browsers count).
    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// Notes that `key` now holds `value` (None: removed), for [`Gateway::used`].
    pub fn note_size(&self, key: &str, value: Option<&str>) {
        let mut sizes = self.sizes.borrow_mut();
        let old = match value {
            Some(v) => sizes.insert(key.to_string(), key.len() + v.len()),
            None => sizes.remove(key),
        };
        let new = value.map_or(0, |v| key.len() + v.len());
        // `used` is the sum of `sizes`, so it holds `old`.
        self.used.set(self.used.get() + new - old.unwrap_or(0));
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.backend.set(key, value)?;
        self.note_size(key, Some(value));
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.backend.remove(key)?;
        self.note_size(key, None);
        Ok(())
    }

    /// Stops every write (data of a newer version, or storage that could not be read).
    pub fn set_read_only(&self, why: impl Into<String>) {
        *self.read_only.borrow_mut() = Some(why.into());
    }

    pub fn read_only(&self) -> Option<String> {
        self.read_only.borrow().clone()
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

    /// Reads the value `raw` (None: nothing stored) of `key` as its kind; None for keys that
    /// are not a stored kind.
    pub fn read(&self, key: &str, raw: Option<&str>) -> Option<Result<Stored, String>> {
        let (def, uuid) = kind_of(key)?;
        if !def.matrix && self.evidence.is_none() {
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
            (Kind::Evidence, Some(raw)) => (self.evidence?)(raw).map(|e| Stored::Evidence(uuid, e)),
            (Kind::SelectedTeam, raw) => Ok(Stored::SelectedTeam(raw.map(str::to_string))),
            (Kind::CustomModel, raw) => Ok(Stored::CustomModel(raw.map(str::to_string))),
            (Kind::Names, raw) => Ok(Stored::Names(raw.map(str::to_string))),
        })
    }

    /// A team table read from storage is the one progress is read and written with.
    fn adopt(&self, stored: &Stored) {
        if let Stored::Teams(ids) = stored {
            *self.ids.borrow_mut() = ids.clone();
        }
    }

    /// Another tab or module wrote `key` (now `value`): read as its kind, its size noted.
    pub fn accept(&self, key: &str, value: Option<&str>) -> Option<Result<Stored, String>> {
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
    fn decode_progress(&self, raw: &str) -> Result<ActivityProgress, String> {
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
    fn problem(&self, key: &str, raw: &str) -> Option<String> {
        if is_legacy(key) {
            return self.upgrade.as_ref().and_then(|u| (u.problem)(key, raw));
        }
        self.read(key, Some(raw))?.err()
    }

    /// Reads the whole assessment. Unreadable values are moved to quarantine and reported;
    /// nothing is ever dropped silently. A schema 1 or 2 store is migrated first.
    pub fn load(&self) -> Result<Loaded, StorageError> {
        self.load_with(true)
    }

    /// As [`Gateway::load`]; with `tidy` false nothing is written (no format mark, no
    /// migration, nothing moved to quarantine: unreadable values are protected where they
    /// are) but for unreadable values of the kinds the first module does not read, which
    /// are set aside here (when the store is writable). For the second module of a tab,
    /// which starts after the first one tidied: what is unreadable now was written since,
    /// and the first module hears of it as another tab's write. A store the first module
    /// could not migrate is read as it is, read-only, and nothing is written.
    pub fn load_with(&self, tidy: bool) -> Result<Loaded, StorageError> {
        let mut loaded = Loaded {
            assessment: Assessment::with_default_teams(),
            ..Loaded::default()
        };
        self.sizes.borrow_mut().clear();
        self.used.set(0);
        *self.ids.borrow_mut() = default_ids();
        let keys = self.backend.keys()?;
        let schema = self.backend.get(SCHEMA_KEY)?;
        self.note_size(SCHEMA_KEY, schema.as_deref());
        let migrate = match schema.as_deref() {
            Some(v) if !schema_current(v) && !schema_legacy(v) => {
                self.read_only_because(&mut loaded, format!(
                    "the stored assessment has format version \"{v}\", which this version of the app does not know; it is shown read-only so it cannot be damaged"
                ));
                false
            }
            schema => upgrade_needed(&keys, schema),
        };
        if migrate {
            let Some(u) = &self.upgrade else {
                // The first module: the pages module upgrades it (see `upgrade`).
                self.set_read_only(
                    "the stored assessment is being upgraded to this version's format",
                );
                loaded.upgrading = true;
                return Ok(loaded);
            };
            return (u.load)(self, &keys, tidy, loaded);
        }
        if schema.is_none() && tidy {
            // A fresh store: mark it, but a full store must not stop the app from opening.
            if let Err(e) = self.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string()) {
                loaded.problems.push(e.to_string());
            }
        }
        // The team table first: progress is read with it.
        let teams_first = keys.iter().filter(|k| *k == TEAMS_KEY);
        let tidy = match tidy {
            true => Tidy::All,
            false if self.read_only.borrow().is_none() => Tidy::NotMatrix,
            false => Tidy::Nothing,
        };
        for key in teams_first.chain(keys.iter().filter(|k| *k != TEAMS_KEY)) {
            if let Some(raw) = self.backend.get(key)? {
                self.take(key, &raw, tidy, &mut loaded);
            }
        }
        self.finish(loaded)
    }

    /// Takes in one stored value at start-up: read as its kind (a team table is adopted
    /// for the progress read after it), or set aside; keys of no kind are left alone.
    fn take(&self, key: &str, raw: &str, tidy: Tidy, loaded: &mut Loaded) {
        let Some((def, _)) = kind_of(key) else { return };
        self.note_size(key, Some(raw));
        let tidy = match tidy {
            Tidy::All => true,
            // A kind the first module does not read is tidied by the module that reads it.
            Tidy::NotMatrix => !def.matrix,
            Tidy::Nothing => false,
        };
        match self.read(key, Some(raw)) {
            None => {}
            Some(Ok(stored)) => {
                self.adopt(&stored);
                loaded.absorb(stored)
            }
            Some(Err(e)) => self.set_aside(key, raw, e, tidy, loaded),
        }
    }

    /// Stops every write, and tells the user why.
    fn read_only_because(&self, loaded: &mut Loaded, why: String) {
        loaded
            .problems
            .push(format!("Storage is read-only: {why}."));
        self.set_read_only(why);
    }

    /// Teams with data join the list; groups lose members that are not teams.
    fn finish(&self, mut loaded: Loaded) -> Result<Loaded, StorageError> {
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
        for q in &loaded.quarantined {
            self.note_size(&q.key, Some(&q.value));
        }
        Ok(loaded)
    }

    /// A schema 1 or 2 store: read as it is, then (with `tidy`) written as schema 3 all or
    /// nothing. The old values stay where they are until every new one is written and the
    /// format mark says 3 (which makes tabs of older versions read-only); then they are
    /// removed. If the new values cannot all be written (storage full), those written are
    /// removed again and the app opens read-only on the old ones, saying why.
    fn load_legacy(
        &self,
        keys: &[String],
        tidy: bool,
        mut loaded: Loaded,
    ) -> Result<Loaded, StorageError> {
        let mut old_keys = Vec::new();
        for key in keys {
            let Some(raw) = self.backend.get(key)? else {
                continue;
            };
            if is_legacy(key) {
                match legacy_decode(key, &raw) {
                    Ok(Legacy::Teams(teams)) => loaded.assessment.teams = teams,
                    Ok(Legacy::Progress(uuid, p)) => {
                        if !p.is_empty() {
                            loaded.assessment.progress.insert(uuid, p);
                        }
                    }
                    Err(e) => self.set_aside(key, &raw, e, tidy, &mut loaded),
                }
                old_keys.push(key.clone());
            } else if key.starts_with(PROGRESS_PREFIX) || key == TEAMS_KEY {
                // Left by a migration that could not finish: written again below.
            } else {
                // Not migrating (the other module's job) writes nothing at all.
                let tidy = if tidy { Tidy::All } else { Tidy::Nothing };
                self.take(key, &raw, tidy, &mut loaded);
            }
        }
        let mut loaded = self.finish(loaded)?;
        if self.read_only.borrow().is_some() {
            return Ok(loaded);
        }
        if !tidy {
            self.set_read_only("the stored assessment has not been upgraded to this version's format yet; reload the page");
            return Ok(loaded);
        }
        let a = &loaded.assessment;
        let written = self
            .save_teams_progress(Some(&a.teams), &a.progress)
            .and_then(|()| {
                self.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string())
                    .inspect_err(|_| self.undo_migration(a))
            });
        match written {
            Ok(()) => {
                for key in old_keys {
                    // Moved or set aside already if unreadable; a value that could not be
                    // set aside is protected and stays.
                    if !self.protected.borrow().contains(&key) {
                        let _ = self.remove(&key);
                    }
                }
            }
            Err(e) => {
                self.read_only_because(&mut loaded, format!(
                    "the stored assessment could not be upgraded to this version's format ({e}); nothing was changed, and it is shown read-only. Download it from the Import / export page, free some space, and reload"
                ));
            }
        }
        Ok(loaded)
    }

    /// Whether the store is of schema 1 or 2 (to be upgraded before anything else).
    pub fn upgrade_needed(&self) -> Result<bool, StorageError> {
        let schema = self.backend.get(SCHEMA_KEY)?;
        Ok(upgrade_needed(&self.backend.keys()?, schema.as_deref()))
    }

    /// Removes the schema-3 values a migration wrote (its format mark could not be set).
    fn undo_migration(&self, a: &Assessment) {
        let _ = self.remove(TEAMS_KEY);
        for uuid in a.progress.keys() {
            let _ = self.remove(&progress_key(uuid));
        }
    }

    fn set_aside(&self, key: &str, raw: &str, reason: String, tidy: bool, loaded: &mut Loaded) {
        let before = loaded.problems.len();
        self.move_aside(key, raw, reason, tidy, loaded);
        if kind_of(key).is_some_and(|(def, _)| !def.matrix) {
            let new = loaded.problems[before..].to_vec();
            loaded.problems_not_matrix.extend(new);
        }
    }

    fn move_aside(&self, key: &str, raw: &str, reason: String, tidy: bool, loaded: &mut Loaded) {
        let target = format!("{QUARANTINE_PREFIX}{key}");
        let moved = tidy
            && self.read_only.borrow().is_none()
            && self.backend.get(&target).ok().flatten().is_none()
            && self.set(&target, raw).is_ok()
            && self.remove(key).is_ok();
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
                let reason = self
                    .problem(original, &value)
                    .unwrap_or_else(|| "unreadable".into());
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
                let reason = self.problem(key, &value).unwrap_or_default();
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
        self.remove(quarantine_key)
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
            Some(raw) => self.decode_progress(&raw).map_err(|e| {
                self.protect(&key);
                StorageError::Protected(format!(
                    "\"{key}\" holds data that could not be read ({e}); it is left untouched"
                ))
            }),
        }
    }

    /// The team table to write progress for `teams` (None: the list stays) and the teams
    /// of `progress`, from the one stored now; None when it is unchanged.
    fn ids_for<'a>(
        &self,
        teams: Option<&[String]>,
        progress: impl IntoIterator<Item = &'a ActivityProgress>,
    ) -> Result<Option<TeamIds>, StorageError> {
        // Nothing stored: the default teams, with ids from 0 (progress may use them).
        let stored = match self.backend.get(TEAMS_KEY)? {
            Some(raw) => TeamIds::decode(&raw).map_err(|e| {
                self.protect(TEAMS_KEY);
                StorageError::Protected(format!(
                    "\"{TEAMS_KEY}\" holds data that could not be read ({e}); nothing was saved"
                ))
            })?,
            None => default_ids(),
        };
        let names = stored.names();
        let mut ids = stored.for_list(teams.unwrap_or(&names));
        codec::ensure_ids(&mut ids, progress);
        *self.ids.borrow_mut() = stored.clone();
        Ok((ids != stored).then_some(ids))
    }

    pub fn save_activity(&self, uuid: &str, p: &ActivityProgress) -> Result<(), StorageError> {
        let key = progress_key(uuid);
        self.writable(&key)?;
        // Ids are never given to another name, so a team the table held has that id still:
        // a click reads the stored table only for a team it does not know (it grows with
        // the number of teams).
        let known = p.keys().all(|t| self.ids.borrow().id_of(t).is_some());
        if !known && self.ids_for(None, [p])?.is_some() {
            // A team without an id yet: the table is written first, together.
            let batch = BTreeMap::from([(uuid.to_string(), p.clone())]);
            return self.save_progress(&batch);
        }
        match progress_value(p, &self.ids.borrow()).map_err(StorageError::Other)? {
            None => self.remove(&key),
            Some(v) => self.set(&key, &v),
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
            self.remove(&key)
        } else {
            self.set(&key, &encode_evidence(list))
        }
    }

    pub fn save_teams(&self, teams: &[String]) -> Result<(), StorageError> {
        self.save_many(&Batch {
            teams: Some(teams),
            ..Batch::default()
        })
    }

    pub fn save_groups(&self, groups: &[Group]) -> Result<(), StorageError> {
        self.save_many(&Batch {
            teams: None,
            values: &[Stored::Groups(groups.to_vec())],
        })
    }

    pub fn save_settings(&self, s: &Settings) -> Result<(), StorageError> {
        self.writable(SETTINGS_KEY)?;
        self.set(SETTINGS_KEY, &s.encode())
    }

    pub fn save_selected_team(&self, team: &str) -> Result<(), StorageError> {
        self.writable(SELECTED_TEAM_KEY)?;
        self.set(SELECTED_TEAM_KEY, team)
    }

    /// Writes a batch (an import, a team change, a restore) all or nothing: on any failure
    /// every key written so far is put back as it was. The team table is written first
    /// (another tab reading progress then knows every team id in it).
    pub fn save_many(&self, b: &Batch) -> Result<(), StorageError> {
        let progress: Vec<(&String, &ActivityProgress)> = b
            .values
            .iter()
            .filter_map(|v| match v {
                Stored::Progress(uuid, p) => Some((uuid, p)),
                _ => None,
            })
            .collect();
        let (mut planned, ids) = self.plan_progress(b.teams, progress)?;
        for v in b.values {
            match v {
                Stored::Progress(..) => {}
                Stored::Teams(_) => {
                    return Err(StorageError::Other(
                        "the team table is written from the batch's team list".into(),
                    ))
                }
                // Defaults not stored yet stay unstored (as on a fresh store).
                Stored::Groups(g)
                    if g.as_slice() == default_groups().as_slice()
                        && self.backend.get(GROUPS_KEY)?.is_none() => {}
                v => planned.push((v.key(), v.encode(&ids).map_err(StorageError::Other)?)),
            }
        }
        self.write_all(planned)?;
        *self.ids.borrow_mut() = ids;
        Ok(())
    }

    /// [`Gateway::save_many`] of progress only (the matrix's "set all"): its own function
    /// so the first module, which writes nothing else, carries no other kind's codec (the
    /// batch writer with every codec was 9 KB of it).
    pub fn save_progress(
        &self,
        progress: &BTreeMap<String, ActivityProgress>,
    ) -> Result<(), StorageError> {
        self.save_teams_progress(None, progress)
    }

    /// [`Gateway::save_progress`], with the team list (None: it stays): an import, whose
    /// thousands of records are encoded from the plan's references (no copy).
    pub fn save_teams_progress(
        &self,
        teams: Option<&[String]>,
        progress: &BTreeMap<String, ActivityProgress>,
    ) -> Result<(), StorageError> {
        let (planned, ids) = self.plan_progress(teams, progress.iter())?;
        self.write_all(planned)?;
        *self.ids.borrow_mut() = ids;
        Ok(())
    }

    /// The team table (when it changes) and the progress values of a batch, in write order,
    /// encoded from the batch's references (an import of 50 teams writes 9,700 records);
    /// and the table they are written with.
    #[allow(clippy::type_complexity)]
    fn plan_progress<'p>(
        &self,
        teams: Option<&[String]>,
        progress: impl IntoIterator<Item = (&'p String, &'p ActivityProgress)> + Clone,
    ) -> Result<(Vec<(String, Option<String>)>, TeamIds), StorageError> {
        let ids = self.ids_for(teams, progress.clone().into_iter().map(|(_, p)| p))?;
        let changed = ids.is_some();
        let ids = ids.unwrap_or_else(|| self.ids.borrow().clone());
        let mut planned: Vec<(String, Option<String>)> = Vec::new();
        if changed {
            planned.push((TEAMS_KEY.to_string(), Some(ids.encode())));
        }
        for (uuid, p) in progress {
            let value = progress_value(p, &ids).map_err(StorageError::Other)?;
            planned.push((progress_key(uuid), value));
        }
        Ok((planned, ids))
    }

    /// Writes `(key, value or removal)` pairs in order, all or nothing.
    fn write_all(&self, planned: Vec<(String, Option<String>)>) -> Result<(), StorageError> {
        // Every key is read once: to refuse overwriting an unreadable value (a batch is
        // planned from what the tab shows, and a value written by other means than this app
        // is kept), and to put the old values back if a write fails.
        let mut before: Vec<(String, Option<String>)> = Vec::new();
        for (key, _) in &planned {
            self.writable(key)?;
            let raw = self.backend.get(key)?;
            if let Some(e) = raw.as_deref().and_then(|raw| self.problem(key, raw)) {
                self.protect(key);
                return Err(StorageError::Protected(format!(
                    "\"{key}\" holds data that could not be read ({e}); nothing was saved"
                )));
            }
            before.push((key.clone(), raw));
        }
        // Written in the order read above; `tried` counts the keys that may have changed.
        let mut tried = 0;
        let mut result = Ok(());
        for ((key, value), (_, old)) in planned.iter().zip(&before) {
            if value == old {
                continue;
            }
            tried += 1;
            result = match value {
                Some(v) => self.set(key, v),
                None => self.remove(key),
            };
            if result.is_err() {
                break;
            }
        }
        if let Err(e) = &result {
            let mut restored = true;
            let changed = before
                .into_iter()
                .zip(&planned)
                .filter(|((_, old), (_, new))| old != new)
                .map(|(b, _)| b);
            let changed: Vec<_> = changed.take(tried).collect();
            for (key, value) in changed.into_iter().rev() {
                restored &= match value {
                    Some(v) => self.set(&key, &v),
                    None => self.remove(&key),
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

    /// A schema-3 value for the default teams.
    fn v3(p: &ActivityProgress) -> String {
        codec::encode_progress(p, &default_ids()).unwrap()
    }

    fn record(day: u8) -> ActivityProgress {
        let mut r = TeamProgress::default();
        r.insert("Started".into(), Date::new(2025, 5, day).unwrap());
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
        assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
    }

    #[test]
    fn an_undo_through_storage_puts_back_the_stored_value_byte_for_byte() {
        use crate::domain::assessment::progress::{plan_status, plan_undo, ProgressDefs, Status};
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        let defs = ProgressDefs::default();
        let today = Date::new(2025, 6, 1).unwrap();
        let teams = ["Team A".to_string(), "Team B".to_string()];
        // A record with a history (reached, left, recorded on a day not known).
        let mut start = record(3);
        start.get_mut("Team A").unwrap().set_state(&defs, 2, today);
        g.save_activity("u-1", &start).unwrap();
        let before = g.backend().get(&progress_key("u-1")).unwrap();
        let read = |u: &str| g.read_activity(u);
        let (next, changes) =
            plan_status(["u-1"], &teams, &defs, Status::State(3), today, read).unwrap();
        g.save_progress(&next).unwrap();
        assert_ne!(g.backend().get(&progress_key("u-1")).unwrap(), before);
        let undo = plan_undo(&changes, |u| g.read_activity(u))
            .unwrap()
            .unwrap();
        g.save_progress(&undo).unwrap();
        assert_eq!(g.backend().get(&progress_key("u-1")).unwrap(), before);
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
        backend.set(SCHEMA_KEY, "3").unwrap();
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
        backend.set(SCHEMA_KEY, "3").unwrap();
        backend.set(&progress_key("good"), &v3(&record(2))).unwrap();
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
    fn a_newer_schema_is_read_only() {
        let backend = MemoryBackend::default();
        backend.set(SCHEMA_KEY, "4").unwrap();
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
        let values: Vec<Stored> = changes
            .into_iter()
            .map(|(u, p)| Stored::Progress(u, p))
            .collect();
        let batch = Batch {
            teams: None,
            values: &values,
        };
        assert!(g.save_many(&batch).is_err());
        let l = g.load().unwrap();
        assert_eq!(l.assessment.progress.len(), 1);
        assert_eq!(l.assessment.progress["a"], record(1));
    }

    #[test]
    fn the_first_module_leaves_evidence_to_the_pages_module_which_sets_bad_values_aside() {
        let backend = MemoryBackend::default();
        backend.set(&evidence_key("u-2"), "[{\"id\":").unwrap();
        backend.set(&progress_key("u-1"), &v3(&record(3))).unwrap();
        // The first module: reads progress, leaves evidence alone (read or not).
        let first = Gateway::for_matrix(backend);
        let l = first.load().unwrap();
        assert!(
            l.problems.is_empty() && l.quarantined.is_empty(),
            "{:?}",
            l.problems
        );
        assert_eq!(l.assessment.progress.len(), 1);
        assert!(first.read(&evidence_key("u-2"), Some("[]")).is_none());
        assert_eq!(
            first
                .backend()
                .get(&evidence_key("u-2"))
                .unwrap()
                .as_deref(),
            Some("[{\"id\":")
        );
        // The pages module, which never tidies the first module's kinds, sets it aside.
        let pages = Gateway::new(MemoryBackend {
            data: RefCell::new(first.backend().data.borrow().clone()),
            ..MemoryBackend::default()
        });
        let l = pages.load_with(false).unwrap();
        assert!(
            l.problems[0].contains("It was set aside unchanged"),
            "{:?}",
            l.problems
        );
        // Reported by the pages module, as nobody else saw it.
        assert_eq!(l.problems_not_matrix, l.problems);
        assert_eq!(pages.backend().get(&evidence_key("u-2")).unwrap(), None);
        assert_eq!(
            pages
                .backend()
                .get(&format!("{QUARANTINE_PREFIX}{}", evidence_key("u-2")))
                .unwrap()
                .as_deref(),
            Some("[{\"id\":")
        );
        // Evidence the pages module writes later counts in the first module's size.
        let used = first.used();
        assert!(first.accept(&evidence_key("u-3"), Some("[]")).is_none());
        assert_eq!(first.used(), used + evidence_key("u-3").len() + 2);
    }

    #[test]
    fn the_second_module_sets_nothing_aside_in_a_store_not_upgraded_yet() {
        let (backend, _) = legacy_store(2, 3);
        backend.set(&evidence_key("u-9"), "not json").unwrap();
        let before = backend.data.borrow().clone();
        let g = Gateway::new(backend);
        g.load_with(false).unwrap();
        assert_eq!(*g.backend().data.borrow(), before);
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
        let values: Vec<Stored> = changes
            .into_iter()
            .map(|(u, p)| Stored::Progress(u, p))
            .collect();
        let batch = Batch {
            teams: None,
            values: &values,
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

    /// A schema-2 store as the landed versions wrote it: `n` teams, `acts` activities with
    /// two states reached by every team, evidence, settings and groups.
    fn legacy_store(n: usize, acts: usize) -> (MemoryBackend, BTreeMap<String, ActivityProgress>) {
        let backend = MemoryBackend::default();
        backend.set(SCHEMA_KEY, "2").unwrap();
        let teams: Vec<String> = (0..n).map(|i| format!("Team \"{i}\"")).collect();
        backend
            .set(LEGACY_TEAMS_KEY, &json::encode_teams(&teams))
            .unwrap();
        let mut progress = BTreeMap::new();
        for a in crate::domain::model::MODEL.activities.iter().take(acts) {
            let mut p = ActivityProgress::new();
            for (i, t) in teams.iter().enumerate() {
                let mut r = crate::domain::assessment::progress::TeamProgress::default();
                r.insert(
                    "Started".into(),
                    Date::new(2025, 1, 1 + (i % 28) as u8).unwrap(),
                );
                r.insert("Partly implemented".into(), Date::new(2025, 3, 1).unwrap());
                p.insert(t.clone(), r);
            }
            backend
                .set(
                    &format!("{LEGACY_PROGRESS_PREFIX}{}", a.uuid),
                    &json::encode_progress(&p),
                )
                .unwrap();
            progress.insert(a.uuid.to_string(), p);
        }
        let e = Evidence {
            id: "e-1".into(),
            teams: vec![teams[0].clone()],
            title: "Reviewed".into(),
            description: String::new(),
            recorded: Date::new(2025, 5, 1).unwrap(),
            reviewer: String::new(),
            attachments: Vec::new(),
        };
        backend
            .set(&evidence_key("u-e"), &encode_evidence(&[e]))
            .unwrap();
        backend
            .set(
                GROUPS_KEY,
                &json::encode_groups(&[Group {
                    name: "G".into(),
                    members: vec![teams[0].clone()],
                }]),
            )
            .unwrap();
        backend
            .set(SELECTED_TEAM_KEY, &format!("t:{}", teams[1]))
            .unwrap();
        (backend, progress)
    }

    fn reference_export(p: &BTreeMap<String, ActivityProgress>) -> String {
        crate::domain::formats::progress_yaml::write(p, &Default::default(), |_| None)
    }

    #[test]
    fn every_kind_round_trips_through_the_registry() {
        let mut keys = BTreeSet::new();
        for k in KINDS {
            assert!(keys.insert(k.key), "{} twice", k.key);
        }
        let ids = TeamIds::default().for_list(&["Team A".into(), "O'Brien: \"ops\"".into()]);
        let mut p = record(3);
        p.insert("O'Brien: \"ops\"".into(), record(4)["Team A"].clone());
        let e = Evidence {
            id: "e-1".into(),
            teams: vec!["Team A".into()],
            title: "t".into(),
            description: "d".into(),
            recorded: Date::new(2025, 5, 1).unwrap(),
            reviewer: String::new(),
            attachments: Vec::new(),
        };
        let values = [
            Stored::Teams(ids.clone()),
            Stored::Groups(default_groups()),
            Stored::Settings(Settings::default()),
            Stored::Progress("u-1".into(), p),
            Stored::Evidence("u-1".into(), vec![e]),
            Stored::SelectedTeam(Some("g:Customer".into())),
            Stored::CustomModel(Some("{\"format\":1}".into())),
            Stored::Names(Some("{\"u-1\":\"First\"}".into())),
        ];
        assert_eq!(values.len(), KINDS.len(), "one value per kind");
        let g = Gateway::new(MemoryBackend::default());
        g.accept(TEAMS_KEY, Some(&ids.encode())).unwrap().unwrap();
        for v in values {
            let key = v.key();
            let (def, _) = kind_of(&key).unwrap();
            let raw = v.encode(&ids).unwrap().unwrap();
            let back = g.read(&key, Some(&raw)).unwrap();
            assert_eq!(back.as_ref(), Ok(&v), "{}", def.what);
        }
        // Nothing stored reads as each kind's empty value; keys of no kind are not read.
        assert_eq!(
            g.read(&progress_key("u"), None),
            Some(Ok(Stored::Progress("u".into(), ActivityProgress::new())))
        );
        assert!(g.read("dsomm.other", Some("x")).is_none());
        assert!(g.read(PROGRESS_PREFIX, Some("x")).is_none(), "no uuid");
    }

    #[test]
    fn a_schema_2_store_of_50_teams_migrates_and_exports_unchanged() {
        let (backend, progress) = legacy_store(50, 194);
        let before = reference_export(&progress);
        let g = Gateway::new(backend);
        let l = g.load().unwrap();
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(reference_export(&l.assessment.progress), before);
        assert_eq!(l.assessment.teams.len(), 50);
        assert_eq!(l.assessment.evidence.len(), 1);
        assert_eq!(l.assessment.groups[0].members, ["Team \"0\""]);
        assert_eq!(l.selected_team.as_deref(), Some("t:Team \"1\""));
        let data = g.backend().data.borrow().clone();
        assert_eq!(data[SCHEMA_KEY], "3");
        assert!(data
            .keys()
            .all(|k| k != LEGACY_TEAMS_KEY && !k.starts_with(LEGACY_PROGRESS_PREFIX)));
        assert_eq!(
            data.keys()
                .filter(|k| k.starts_with(PROGRESS_PREFIX))
                .count(),
            194
        );
        // Read again as schema 3, by another gateway (a reload): the same assessment.
        let again = Gateway::new(MemoryBackend {
            data: RefCell::new(data),
            limit: None,
        });
        let l2 = again.load().unwrap();
        assert_eq!(l2.assessment, l.assessment);
        assert!(l2.problems.is_empty());
        // The history says what is known: reached on its date, recorded when is not known.
        let r =
            &l2.assessment.progress[crate::domain::model::MODEL.activities[0].uuid]["Team \"0\""];
        assert!(r.log().iter().all(|c| c.reached && c.recorded.is_none()));
    }

    #[test]
    fn a_schema_1_store_and_one_without_a_mark_migrate_too() {
        for mark in [Some("1"), None] {
            let (backend, progress) = legacy_store(3, 2);
            match mark {
                Some(m) => backend.set(SCHEMA_KEY, m).unwrap(),
                None => backend.remove(SCHEMA_KEY).unwrap(),
            }
            let g = Gateway::new(backend);
            let l = g.load().unwrap();
            assert!(l.problems.is_empty(), "{:?}", l.problems);
            assert_eq!(
                reference_export(&l.assessment.progress),
                reference_export(&progress)
            );
            assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
            assert!(g.save_activity("x", &record(1)).is_ok());
        }
    }

    #[test]
    fn a_migration_that_hits_the_quota_changes_nothing_and_opens_read_only() {
        let (backend, progress) = legacy_store(20, 40);
        let used = backend.used();
        let before = backend.data.borrow().clone();
        // Room for part of the new values only.
        let g = Gateway::new(MemoryBackend {
            limit: Some(used + 2_000),
            ..backend
        });
        let l = g.load().unwrap();
        assert_eq!(*g.backend().data.borrow(), before, "storage as it was");
        assert_eq!(
            reference_export(&l.assessment.progress),
            reference_export(&progress)
        );
        assert!(
            l.problems
                .iter()
                .any(|p| p.contains("could not be upgraded")),
            "{:?}",
            l.problems
        );
        assert!(matches!(
            g.save_activity("x", &record(1)),
            Err(StorageError::Protected(_))
        ));
        // With room, the next load migrates.
        let g = Gateway::new(MemoryBackend {
            data: RefCell::new(before),
            limit: None,
        });
        assert!(g.load().unwrap().problems.is_empty());
        assert_eq!(g.backend().get(SCHEMA_KEY).unwrap().as_deref(), Some("3"));
    }

    #[test]
    fn the_second_module_reads_an_unmigrated_store_read_only() {
        let (backend, progress) = legacy_store(2, 3);
        let before = backend.data.borrow().clone();
        let g = Gateway::new(backend);
        let l = g.load_with(false).unwrap();
        assert_eq!(*g.backend().data.borrow(), before);
        assert_eq!(
            reference_export(&l.assessment.progress),
            reference_export(&progress)
        );
        assert!(g.save_activity("x", &record(1)).is_err());
    }

    #[test]
    fn a_team_another_tab_added_is_looked_up_when_its_progress_is_read() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        // Another tab: a new team (id 4) and progress for it, this gateway not told yet.
        let ids = default_ids().for_list(&["Team A".into(), "New".into()]);
        g.backend().set(TEAMS_KEY, &ids.encode()).unwrap();
        let mut p = record(2);
        p.insert("New".into(), record(3)["Team A"].clone());
        g.backend()
            .set(
                &progress_key("u"),
                &codec::encode_progress(&p, &ids).unwrap(),
            )
            .unwrap();
        assert_eq!(g.read_activity("u").unwrap(), p);
    }

    #[test]
    fn renaming_a_team_rewrites_only_what_changes() {
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        g.save_activity("u", &record(1)).unwrap();
        g.save_teams(&["Team A".into(), "Team B".into()]).unwrap();
        let stored = g.backend().get(&progress_key("u")).unwrap();
        // Team B deleted, then added again: its old id comes back.
        g.save_teams(&["Team A".into()]).unwrap();
        g.save_teams(&["Team A".into(), "Team B".into()]).unwrap();
        let ids = TeamIds::decode(&g.backend().get(TEAMS_KEY).unwrap().unwrap()).unwrap();
        assert_eq!(ids.id_of("Team B"), Some(1));
        assert_eq!(g.backend().get(&progress_key("u")).unwrap(), stored);
    }

    /// Issue 10's bar: 1000 teams × 194 activities, each team having reached two states
    /// (uploaded on another day than they were reached), stored in at most 80 % of the quota.
    #[test]
    fn a_thousand_teams_with_two_states_each_fit_in_80_percent() {
        let teams: Vec<String> = (0..1000).map(|i| format!("Team {i:04}")).collect();
        let g = Gateway::new(MemoryBackend {
            limit: Some(QUOTA * WARN_PERCENT / 100),
            ..Default::default()
        });
        g.load().unwrap();
        g.save_teams(&teams).unwrap();
        let upload = Date::new(2026, 11, 30).unwrap();
        let mut progress = BTreeMap::new();
        for a in crate::domain::model::MODEL.activities {
            let mut p = ActivityProgress::new();
            for t in &teams {
                let mut r = crate::domain::assessment::progress::TeamProgress::default();
                let dates = BTreeMap::from([
                    ("Started".to_string(), Date::new(2025, 1, 10).unwrap()),
                    (
                        "Partly implemented".to_string(),
                        Date::new(2025, 6, 1).unwrap(),
                    ),
                ]);
                r.change_to(&dates, upload);
                p.insert(t.clone(), r);
            }
            progress.insert(a.uuid.to_string(), p);
        }
        g.save_progress(&progress).unwrap();
        let used = g.backend().used();
        assert_eq!(g.used(), used, "the gateway's count is what is stored");
        assert!(used <= QUOTA * 80 / 100, "{used}");
        eprintln!(
            "1000 teams × 194 activities × 2 states: {used} characters ({} % of the quota)",
            used * 100 / QUOTA
        );
        assert_eq!(g.load().unwrap().assessment.progress, progress);
    }

    #[test]
    fn storage_over_80_percent_is_warned_of() {
        assert_eq!(
            usage_text(3_714_482),
            "Your assessment uses 70.8 % of the space this browser gives the app."
        );
        assert_eq!(usage_detail(12), "12 of 5,242,880 characters");
        assert!(usage_text(12).contains("uses less than 0.1 % of"));
        assert!(usage_text(0).contains("uses none of"));
        assert!(usage_text(QUOTA / 1000 + 1).contains("uses 0.1 % of"));
        // Rounded down, as the warning's percent: no "80.0 %" without the warning.
        assert!(usage_text(QUOTA * 80 / 100 - 1).contains("79.9 %"));
        assert!(usage_text(QUOTA).contains("100.0 %"));
        assert_eq!(usage_warning(QUOTA * 79 / 100), None);
        let w = usage_warning(QUOTA * 80 / 100 + 1).unwrap();
        assert!(
            w.contains("80 % full") && w.contains("Download your assessment"),
            "{w}"
        );
        assert!(usage_warning(QUOTA).unwrap().contains("100 % full"));
        // The count follows writes, removals and other tabs' writes.
        let g = Gateway::new(MemoryBackend::default());
        g.load().unwrap();
        g.save_activity("u", &record(1)).unwrap();
        g.accept(&progress_key("v"), Some("[]")).unwrap().unwrap();
        assert_eq!(g.used(), g.backend().used() + progress_key("v").len() + 2);
        g.save_activity("u", &ActivityProgress::new()).unwrap();
        g.accept(&progress_key("v"), None);
        assert_eq!(g.used(), "dsomm.schema".len() + 1);
    }
}
