//! Reading the whole assessment at start-up: unreadable values set aside (or protected), a
//! store of a newer format opened read-only, one of an older format upgraded.

use super::keys::schema_legacy;
use super::read::default_ids;
use super::upgrade::upgrade_needed;
use super::{kind_of, schema_current, Backend, Gateway, Quarantined, StorageError, Stored};
use super::{SCHEMA_KEY, SCHEMA_VERSION, TEAMS_KEY};
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::Assessment;

/// Which unreadable values a load sets aside (the others are protected where they are).
#[derive(Clone, Copy)]
pub(super) enum Tidy {
    All,
    /// Those of kinds the first module does not read ([`KindDef::matrix`](super::kinds::KindDef::matrix)).
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
    pub(super) fn absorb(&mut self, stored: Stored) {
        match stored.into_assessment(&mut self.assessment) {
            Some(Stored::Settings(s)) => self.settings = s,
            Some(Stored::SelectedTeam(t)) => self.selected_team = t,
            Some(Stored::Names(n)) => self.names = n,
            _ => {}
        }
    }
}

impl<B: Backend> Gateway<B> {
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
    pub(super) fn take(&self, key: &str, raw: &str, tidy: Tidy, loaded: &mut Loaded) {
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
    pub(super) fn read_only_because(&self, loaded: &mut Loaded, why: String) {
        loaded
            .problems
            .push(format!("Storage is read-only: {why}."));
        self.set_read_only(why);
    }

    /// Teams with data join the list; groups lose members that are not teams.
    pub(super) fn finish(&self, mut loaded: Loaded) -> Result<Loaded, StorageError> {
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
}
