//! How both wasm modules keep what they show in step with storage: the load they start
//! with ([`load`]), the one rule for a write made elsewhere ([`hear`]: another tab's, by
//! the browser's `storage` event, or this tab's other module's, by `browser::bus`), and when
//! to warn that storage is full ([`usage_crossed`](super::usage_crossed)). Each module only
//! renders the [`Change`] it is given (`shell::state`, `ui::state`).
//!
//! The gateway's methods that take in another tab's write (`accept`, `protect`,
//! `unprotect`, `note_size`, `set_read_only`) are private to `storage`, so no module can
//! apply a write but through [`hear`]:
//!
//! ```compile_fail
//! use dsomm::domain::storage::{Gateway, MemoryBackend};
//! let g = Gateway::new(MemoryBackend::default());
//! g.accept("dsomm.v1.groups", Some("[]"));
//! ```
//!
//! ```
//! use dsomm::domain::assessment::teams::Scope;
//! use dsomm::domain::storage::sync::{hear, Shown};
//! use dsomm::domain::storage::{Gateway, MemoryBackend};
//! let g = Gateway::new(MemoryBackend::default());
//! let shown = Shown { teams: &[], groups: &[], scope: &Scope::All };
//! hear(&g, shown, Some("dsomm.v1.groups"), Some("[]"), false);
//! ```

use super::{kind_of, schema_current, Backend, Gateway, Loaded, Stored};
use super::{QUARANTINE_PREFIX, SCHEMA_KEY};
use crate::domain::assessment::evidence::ActivityEvidence;
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::teams::Scope;
use crate::domain::assessment::{default_groups, default_teams, ActivityProgress, Group};

/// What a module shows of the lists: a change of one list elsewhere changes the others here
/// (the groups' members, the top bar's choice).
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub teams: &'a [String],
    pub groups: &'a [Group],
    /// The top bar's choice.
    pub scope: &'a Scope,
}

/// What a write made elsewhere changes in what a module shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Nothing a module shows (a key of no kind or of a kind it does not read, a stale
    /// event, another tab's choice in the top bar).
    Nothing,
    /// Storage was cleared outside this tab: this tab keeps what it shows (the pages module
    /// offers to write it back).
    Cleared,
    /// Another tab stored the assessment in another format: nothing is written here now.
    ReadOnly,
    /// The team and group lists and the top bar's choice, all three as they are now: group
    /// members that are not teams left out (as a load does), a choice that is gone fallen
    /// back ([`Scope::resolve`]).
    Lists {
        teams: Vec<String>,
        groups: Vec<Group>,
        scope: Scope,
    },
    Settings(Settings),
    Progress(String, ActivityProgress),
    Evidence(String, ActivityEvidence),
    /// `assessment::names`, as stored.
    Names(Option<String>),
    /// The top bar's choice of this tab's other module (the tab is one page).
    Scope(Scope),
    /// Another tab changed the model (a custom activity file): used from this tab's next
    /// load (writes go by uuid, so both stay correct meanwhile).
    Model,
    /// Another tab stored a value that cannot be read: protected here (never overwritten)
    /// while it is stored.
    Unreadable {
        key: String,
        what: &'static str,
        error: String,
    },
}

/// What [`hear`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct Heard {
    pub change: Change,
    /// The values set aside or protected changed (the Import / export page lists them).
    pub quarantine: bool,
}

impl Heard {
    fn of(change: Change) -> Heard {
        Heard {
            change,
            quarantine: false,
        }
    }
}

/// Another tab (or, with `sibling`, this tab's other module) wrote `key`, which now holds
/// `value` (None: removed; `key` None: storage was cleared). The gateway notes it (the size
/// stored, the team ids, whether the key may be written) and says what changes for a module
/// showing `shown`. What cannot be read is never overwritten here.
pub fn hear<B: Backend>(
    g: &Gateway<B>,
    shown: Shown,
    key: Option<&str>,
    value: Option<&str>,
    sibling: bool,
) -> Heard {
    let Some(key) = key else {
        return Heard::of(Change::Cleared);
    };
    if key.starts_with(QUARANTINE_PREFIX) {
        // Set aside or discarded elsewhere: it takes room all the same.
        g.note_size(key, value);
        return Heard {
            change: Change::Nothing,
            quarantine: true,
        };
    }
    if key == SCHEMA_KEY {
        if value.is_some_and(|v| !schema_current(v)) {
            g.set_read_only("another tab stored the assessment in another format");
            return Heard::of(Change::ReadOnly);
        }
        return Heard::of(Change::Nothing);
    }
    let Some(read) = g.accept(key, value) else {
        return Heard::of(Change::Nothing);
    };
    match read {
        Ok(stored) => Heard {
            change: follow(shown, stored, sibling),
            // Readable now: if it was protected, it is writable again.
            quarantine: g.unprotect(key),
        },
        // Protected only while it still holds what was read: a stale event (the value
        // was set aside already, by that tab's own start-up say) needs nothing.
        Err(error) if g.backend().get(key).ok().flatten().as_deref() == value => {
            g.protect(key);
            Heard {
                change: Change::Unreadable {
                    key: key.to_string(),
                    what: kind_of(key).map_or("data", |(k, _)| k.what),
                    error,
                },
                quarantine: true,
            }
        }
        Err(_) => Heard::of(Change::Nothing),
    }
}

/// What a readable value written elsewhere changes for a module showing `shown`.
pub fn follow(shown: Shown, stored: Stored, sibling: bool) -> Change {
    match stored {
        Stored::Teams(ids) => lists(ids.names(), shown.groups.to_vec(), shown.scope),
        Stored::Groups(groups) => lists(shown.teams.to_vec(), groups, shown.scope),
        Stored::Settings(s) => Change::Settings(s),
        Stored::Progress(uuid, p) => Change::Progress(uuid, p),
        Stored::Evidence(uuid, e) => Change::Evidence(uuid, e),
        Stored::Names(raw) => Change::Names(raw),
        // Only this tab's other module shares the choice: another tab has its own.
        Stored::SelectedTeam(Some(v)) if sibling => sibling_scope(shown, &v),
        Stored::SelectedTeam(_) => Change::Nothing,
        // This tab's pages module reloads the page after changing the model.
        Stored::CustomModel(_) if sibling => Change::Nothing,
        Stored::CustomModel(_) => Change::Model,
    }
}

/// The choice in the top bar (`Scope::to_value`) of this tab's other module, stored or not:
/// taken when this module has the team or group it names.
pub fn sibling_scope(shown: Shown, value: &str) -> Change {
    let scope = Scope::from_stored(value);
    match scope.exists(shown.teams, shown.groups) {
        true => Change::Scope(scope),
        false => Change::Nothing,
    }
}

/// New lists: members that are not teams (any more) are left out, and the choice follows.
fn lists(teams: Vec<String>, mut groups: Vec<Group>, scope: &Scope) -> Change {
    for g in &mut groups {
        g.members.retain(|m| teams.contains(m));
    }
    let scope = scope.clone().resolve(&teams, &groups);
    Change::Lists {
        teams,
        groups,
        scope,
    }
}

/// What a module starts with ([`load`]).
pub struct Start {
    /// As read (the team list never empty); settings, quarantine and names in it.
    pub loaded: Loaded,
    /// The top bar's choice: as stored, fallen back if gone; nothing stored yet: the first
    /// team, as the reference app.
    pub scope: Scope,
    /// What this module tells the user of what it found.
    pub problems: Vec<String>,
    /// Whether storage could be read (if not, the empty assessment is shown read-only).
    pub read: bool,
}

impl Start {
    /// Still the example teams and groups and nothing marked (nothing stored reads as
    /// them): a first visit.
    pub fn first_visit(&self) -> bool {
        let a = &self.loaded.assessment;
        self.read
            && !self.loaded.upgrading
            && a.progress.is_empty()
            && a.teams == default_teams()
            && a.groups == default_groups()
    }
}

/// Loads everything, as each module starts. With `tidy` (the first module of the tab, or
/// the one that upgrades the store) storage is tidied and what was found is reported;
/// without, only what the first module does not read (it reported the rest).
pub fn load<B: Backend>(g: &Gateway<B>, tidy: bool) -> Start {
    let (mut loaded, mut problems, read) = match g.load_with(tidy) {
        Ok(l) => {
            let problems = match tidy {
                true => l.problems.clone(),
                false => l.problems_not_matrix.clone(),
            };
            (l, problems, true)
        }
        Err(e) => {
            // Showing an empty assessment is fine; writing it over what is stored is not.
            g.set_read_only("the stored assessment could not be read");
            let text = format!("{e} The app is read-only until it can read the storage.");
            (Loaded::default(), vec![text], false)
        }
    };
    if tidy && problems.is_empty() && !loaded.quarantined.is_empty() {
        problems.push(format!(
            "{} stored values could not be read and are set aside; see the Import / export page.",
            loaded.quarantined.len()
        ));
    }
    let a = &mut loaded.assessment;
    if a.teams.is_empty() {
        a.teams = default_teams();
    }
    let scope = match loaded.selected_team.as_deref() {
        Some(v) => Scope::from_stored(v).resolve(&a.teams, &a.groups),
        None => Scope::Team(a.teams[0].clone()),
    };
    Start {
        loaded,
        scope,
        problems,
        read,
    }
}
