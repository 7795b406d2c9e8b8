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
//! use dsomm::domain::storage::sync::{hear, Held};
//! use dsomm::domain::storage::{Gateway, MemoryBackend};
//! let g = Gateway::new(MemoryBackend::default());
//! let (mut teams, mut groups, mut scope) = (Vec::new(), Vec::new(), Scope::All);
//! let held = Held { teams: &mut teams, groups: &mut groups, scope: &mut scope };
//! hear(&g, held, Some("dsomm.v1.groups"), Some("[]"), false);
//! ```

use super::{schema_current, Backend, Gateway, Loaded, Stored};
use super::{QUARANTINE_PREFIX, SCHEMA_KEY};
use crate::domain::assessment::teams::Scope;
use crate::domain::assessment::{default_groups, default_teams, Group};

/// What a module holds of the lists, changed in place by [`hear`]: a change of one list
/// elsewhere changes the others here (the groups' members, the top bar's choice).
pub struct Held<'a> {
    pub teams: &'a mut Vec<String>,
    pub groups: &'a mut Vec<Group>,
    /// The top bar's choice.
    pub scope: &'a mut Scope,
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
    /// The team and group lists and the top bar's choice changed (in [`Held`]): group
    /// members that are not teams left out (as a load does), a choice that is gone fallen
    /// back ([`Scope::resolve`]).
    Lists,
    /// A value of the other kinds a module shows (settings, progress, evidence, the names),
    /// as stored: each module shows it as it shows its own writes.
    Value(Stored),
    /// The top bar's choice changed (in [`Held`]) to the other module's (the tab is one
    /// page).
    Scope,
    /// Another tab changed the model (a custom activity file): used from this tab's next
    /// load (writes go by uuid, so both stay correct meanwhile).
    Model,
    /// Another tab stored a value that cannot be read (why): protected here (never
    /// overwritten) while it is stored.
    Unreadable(String),
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
/// stored, the team ids, whether the key may be written), the lists `held` follow, and it
/// says what changed. What cannot be read is never overwritten here.
pub fn hear<B: Backend>(
    g: &Gateway<B>,
    held: Held,
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
            change: follow(held, stored, sibling),
            // Readable now: if it was protected, it is writable again.
            quarantine: g.unprotect(key),
        },
        // Protected only while it still holds what was read: a stale event (the value
        // was set aside already, by that tab's own start-up say) needs nothing.
        Err(error) if g.backend().get(key).ok().flatten().as_deref() == value => {
            g.protect(key);
            Heard {
                change: Change::Unreadable(error),
                quarantine: true,
            }
        }
        Err(_) => Heard::of(Change::Nothing),
    }
}

/// What a readable value written elsewhere changes in what a module holds.
pub fn follow(held: Held, stored: Stored, sibling: bool) -> Change {
    match stored {
        Stored::Teams(ids) => {
            *held.teams = ids.names();
            lists(held)
        }
        Stored::Groups(groups) => {
            *held.groups = groups;
            lists(held)
        }
        // Only this tab's other module shares the choice: another tab has its own.
        Stored::SelectedTeam(Some(v)) if sibling => sibling_scope(held, &v),
        Stored::SelectedTeam(_) => Change::Nothing,
        // This tab's pages module reloads the page after changing the model.
        Stored::CustomModel(_) if sibling => Change::Nothing,
        Stored::CustomModel(_) => Change::Model,
        other @ (Stored::Settings(_)
        | Stored::Progress(..)
        | Stored::Evidence(..)
        | Stored::Names(_)
        | Stored::Targets(_)) => Change::Value(other),
    }
}

/// The choice in the top bar (`Scope::to_value`) of this tab's other module, stored or not:
/// taken when this module has the team or group it names.
pub fn sibling_scope(held: Held, value: &str) -> Change {
    let scope = Scope::from_stored(value);
    if !scope.exists(held.teams, held.groups) {
        return Change::Nothing;
    }
    *held.scope = scope;
    Change::Scope
}

/// New lists: members that are not teams (any more) are left out, and the choice follows.
fn lists(held: Held) -> Change {
    let teams = &*held.teams;
    for g in held.groups.iter_mut() {
        g.members.retain(|m| teams.contains(m));
    }
    *held.scope = std::mem::replace(held.scope, Scope::All).resolve(teams, held.groups);
    Change::Lists
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
    let mut start = Start {
        loaded: Loaded::default(),
        scope: Scope::All,
        problems: Vec::new(),
        read: true,
    };
    match g.load_with(tidy) {
        Ok(l) => start.loaded = l,
        Err(e) => {
            // Showing an empty assessment is fine; writing it over what is stored is not.
            g.set_read_only("the stored assessment could not be read");
            start.read = false;
            start.problems.push(format!(
                "{e} The app is read-only until it can read the storage."
            ));
        }
    }
    let l = &mut start.loaded;
    start.problems.append(match tidy {
        true => &mut l.problems,
        false => &mut l.problems_not_matrix,
    });
    if tidy && start.problems.is_empty() && !l.quarantined.is_empty() {
        start.problems.push(format!(
            "{} stored values could not be read and are set aside; see the Import / export page.",
            l.quarantined.len()
        ));
    }
    let a = &mut l.assessment;
    if a.teams.is_empty() {
        a.teams = default_teams();
    }
    start.scope = match l.selected_team.as_deref() {
        Some(v) => Scope::from_stored(v).resolve(&a.teams, &a.groups),
        None => a
            .teams
            .first()
            .map_or(Scope::All, |t| Scope::Team(t.clone())),
    };
    start
}
