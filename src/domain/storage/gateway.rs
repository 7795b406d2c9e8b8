//! The gateway: every read and write of the assessment goes through it. Values are written
//! all or nothing, never over a value that could not be read, and never in a store of a
//! newer format.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use super::codec::{self, TeamIds};
use super::kinds::progress_value;
use super::read::default_ids;
use super::upgrade::{legacy_decode, Upgrade};
use super::{evidence_key, progress_key, Backend, StorageError, Stored};
use super::{GROUPS_KEY, SELECTED_TEAM_KEY, SETTINGS_KEY, TEAMS_KEY};
use crate::domain::assessment::evidence::{ActivityEvidence, Evidence};
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::targets::Targets;
use crate::domain::assessment::{default_groups, ActivityProgress, Group};
use crate::domain::formats::json::{decode_evidence, encode_evidence};

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

/// The readers of the kinds only the pages module reads ([`KindDef::matrix`](super::kinds::KindDef::matrix)
/// false): the first module's gateway has none, so it carries none of their codecs (the
/// evidence reader is 2.9 KB brotli, the targets reader 5.7 KB).
#[derive(Clone, Copy)]
pub(super) struct PagesReaders {
    pub(super) evidence: fn(&str) -> Result<ActivityEvidence, String>,
    pub(super) targets: fn(&str) -> Result<Targets, String>,
}

pub struct Gateway<B: Backend> {
    pub(super) backend: B,
    /// None in the first module, which reads only the kinds of the matrix.
    pub(super) pages: Option<PagesReaders>,
    /// Keys whose unreadable value could not be set aside: never overwritten.
    pub(super) protected: RefCell<BTreeSet<String>>,
    /// Set when the data was written by a newer schema: nothing is written at all.
    pub(super) read_only: RefCell<Option<String>>,
    /// The team ids progress is written with (as stored).
    pub(super) ids: RefCell<TeamIds>,
    /// Characters stored under the app's keys, as far as this gateway has seen them.
    pub(super) sizes: RefCell<BTreeMap<String, usize>>,
    pub(super) used: Cell<usize>,
    /// The upgrade of a schema 1 or 2 store and its reader (`load_legacy`, `legacy_decode`):
    /// only the pages module's gateway has them. The first module leaves an old store to it
    /// (2.4 KB brotli that no first screen of a current store needs): it opens read-only,
    /// and the pages module upgrades the store and reloads the page.
    pub(super) upgrade: Option<Upgrade<B>>,
}

impl<B: Backend> Gateway<B> {
    /// A gateway for every kind (the pages module).
    pub fn new(backend: B) -> Self {
        Gateway {
            pages: Some(PagesReaders {
                evidence: decode_evidence,
                targets: |raw| {
                    crate::domain::formats::targets::decode(raw).map_err(|e| e.to_string())
                },
            }),
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
            pages: None,
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
    pub(super) fn note_size(&self, key: &str, value: Option<&str>) {
        let mut sizes = self.sizes.borrow_mut();
        let old = match value {
            Some(v) => sizes.insert(key.to_string(), key.len() + v.len()),
            None => sizes.remove(key),
        };
        let new = value.map_or(0, |v| key.len() + v.len());
        // `used` is the sum of `sizes`, so it holds `old`.
        self.used.set(self.used.get() + new - old.unwrap_or(0));
    }

    pub(super) fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.backend.set(key, value)?;
        self.note_size(key, Some(value));
        Ok(())
    }

    pub(super) fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.backend.remove(key)?;
        self.note_size(key, None);
        Ok(())
    }

    /// Stops every write (data of a newer version, or storage that could not be read).
    pub(super) fn set_read_only(&self, why: impl Into<String>) {
        *self.read_only.borrow_mut() = Some(why.into());
    }

    pub fn read_only(&self) -> Option<String> {
        self.read_only.borrow().clone()
    }

    /// Never overwrite `key` (it holds a value this app cannot read).
    pub(super) fn protect(&self, key: &str) {
        self.protected.borrow_mut().insert(key.to_string());
    }

    /// `key` no longer holds the unreadable value (another tab or module discarded or
    /// replaced it): writable again. Whether it was protected.
    pub(super) fn unprotect(&self, key: &str) -> bool {
        self.protected.borrow_mut().remove(key)
    }

    pub(super) fn writable(&self, key: &str) -> Result<(), StorageError> {
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
    pub(super) fn ids_for<'a>(
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
    pub(super) fn plan_progress<'p>(
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
    pub(super) fn write_all(
        &self,
        planned: Vec<(String, Option<String>)>,
    ) -> Result<(), StorageError> {
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
