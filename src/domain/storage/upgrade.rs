//! The upgrade of a schema 1 or 2 store to schema 3 (done by the pages module only).

use super::codec;
use super::keys::schema_legacy;
use super::load::{Loaded, Tidy};
use super::{decode_teams, progress_key, Backend, Gateway, StorageError};
use super::{
    LEGACY_PROGRESS_PREFIX, LEGACY_TEAMS_KEY, PROGRESS_PREFIX, SCHEMA_KEY, SCHEMA_VERSION,
    TEAMS_KEY,
};
use crate::domain::assessment::{ActivityProgress, Assessment};

/// Whether `key` is one of schema 1 and 2's keys (read only to migrate them).
pub(super) fn is_legacy(key: &str) -> bool {
    key == LEGACY_TEAMS_KEY || key.starts_with(LEGACY_PROGRESS_PREFIX)
}

/// Whether a store with these keys and this format mark is of schema 1 or 2.
pub(super) fn upgrade_needed(keys: &[String], schema: Option<&str>) -> bool {
    match schema {
        Some(v) => schema_legacy(v),
        None => keys.iter().any(|k| is_legacy(k)),
    }
}

/// A value of schema 1 or 2.
pub(super) enum Legacy {
    Teams(Vec<String>),
    Progress(String, ActivityProgress),
}

/// Reads a value under a key of [`is_legacy`].
pub(super) fn legacy_decode(key: &str, raw: &str) -> Result<Legacy, String> {
    match key.strip_prefix(LEGACY_PROGRESS_PREFIX) {
        Some(uuid) => codec::decode_legacy_progress(raw).map(|p| Legacy::Progress(uuid.into(), p)),
        None => match decode_teams(raw)? {
            t if t.is_empty() => Err("the team list is empty".into()),
            t => Ok(Legacy::Teams(t)),
        },
    }
}

/// Set on `<html>` by the first module while it shows a store it leaves to the pages module
/// to upgrade ([`Gateway::upgrade`]): the pages module reloads the page once the store is
/// current, whichever tab upgraded it.
pub const UPGRADING_ATTR: &str = "data-upgrading";

/// See [`Gateway::upgrade`].
pub(super) struct Upgrade<B: Backend> {
    pub(super) load: LoadLegacy<B>,
    pub(super) problem: fn(&str, &str) -> Option<String>,
}

pub(super) type LoadLegacy<B> =
    fn(&Gateway<B>, &[String], bool, Loaded) -> Result<Loaded, StorageError>;

impl<B: Backend> Gateway<B> {
    /// A schema 1 or 2 store: read as it is, then (with `tidy`) written as schema 3 all or
    /// nothing. The old values stay where they are until every new one is written and the
    /// format mark says 3 (which makes tabs of older versions read-only); then they are
    /// removed. If the new values cannot all be written (storage full), those written are
    /// removed again and the app opens read-only on the old ones, saying why.
    pub(super) fn load_legacy(
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
    pub(super) fn undo_migration(&self, a: &Assessment) {
        let _ = self.remove(TEAMS_KEY);
        for uuid in a.progress.keys() {
            let _ = self.remove(&progress_key(uuid));
        }
    }
}
