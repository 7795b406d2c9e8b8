//! The first module's copy of the state: what the matrix and the top bar show. Every change
//! is written through the storage gateway first and shown only once stored.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::bars::{notify, notify_with, Notice};
use crate::browser::{bus, today, LocalStorageBackend};
use crate::domain::assessment::progress::{
    change_message, plan_status, plan_undo, Changes, Status, UNDO_STALE,
};
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::teams::Scope;
use crate::domain::assessment::{default_teams, ActivityProgress, Group};
use crate::domain::model::MODEL;
use crate::domain::storage::{schema_current, usage_warning, Backend, Gateway, Stored, SCHEMA_KEY};
use crate::domain::views::route::{Route, CHOSEN_ATTR};

pub struct State {
    pub teams: Vec<String>,
    pub groups: Vec<Group>,
    pub settings: Settings,
    /// The top bar's choice.
    pub scope: Scope,
    /// Each model activity's records, indexed like `MODEL.activities`.
    pub progress: Vec<ActivityProgress>,
    pub route: Route,
}

thread_local! {
    static GATEWAY: Gateway<LocalStorageBackend> = Gateway::for_matrix(LocalStorageBackend::new());
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

fn with_gateway<R>(f: impl FnOnce(&Gateway<LocalStorageBackend>) -> R) -> R {
    GATEWAY.with(f)
}

/// Runs `f` on the state (loaded by [`load`] before anything else runs).
pub fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with_borrow_mut(|s| f(s.as_mut().expect("the state is loaded at start-up")))
}

/// Loads everything from storage. This module is the first of the tab: it tidies storage
/// (format mark, unreadable values set aside); returns what it found, for the user, and
/// whether nothing is assessed yet (the example teams and groups, no progress: a first visit).
pub fn load() -> (Vec<String>, bool) {
    let (loaded, mut problems, read) = match with_gateway(|g| g.load_with(true)) {
        Ok(l) => {
            let p = l.problems.clone();
            (l, p, true)
        }
        Err(e) => {
            // Showing an empty assessment is fine; writing it over what is stored is not.
            with_gateway(|g| g.set_read_only("the stored assessment could not be read"));
            (
                Default::default(),
                vec![format!(
                    "{e} The app is read-only until it can read the storage."
                )],
                false,
            )
        }
    };
    if loaded.upgrading {
        problems.push(UPGRADING.into());
    }
    let mut a = loaded.assessment;
    // Still the example teams and groups, nothing marked (the loaded assessment starts as
    // the example one: nothing stored reads as it).
    let first_visit = a.progress.is_empty()
        && a.teams == default_teams()
        && a.groups == crate::domain::assessment::default_groups()
        && !loaded.upgrading
        && read;
    if a.teams.is_empty() {
        a.teams = default_teams();
    }
    let progress = MODEL
        .activities
        .iter()
        .map(|x| a.progress.remove(x.uuid).unwrap_or_default())
        .collect();
    // Nothing stored yet: the first team, as the reference app.
    let scope = match loaded.selected_team.as_deref() {
        Some(v) => Scope::from_stored(v).resolve(&a.teams, &a.groups),
        None => Scope::Team(a.teams[0].clone()),
    };
    if !loaded.quarantined.is_empty() && problems.is_empty() {
        problems.push(format!(
            "{} stored values could not be read and are set aside; see the Import / export page.",
            loaded.quarantined.len()
        ));
    }
    STATE.set(Some(State {
        teams: a.teams,
        groups: a.groups,
        settings: loaded.settings,
        scope,
        progress,
        route: Route::Matrix(Default::default()),
    }));
    (problems, first_visit)
}

/// Said while the pages module upgrades a store of an older format (`Gateway::upgrade`).
pub const UPGRADING: &str = "Your stored assessment is being upgraded to this version's format; the page reloads when that is done.";

/// The stored value of `key` now.
pub fn stored(key: &str) -> Result<Option<String>, String> {
    with_gateway(|g| g.backend().get(key)).map_err(|e| e.to_string())
}

/// The teams the top bar's choice stands for.
pub fn scope_teams(s: &State) -> Vec<String> {
    s.scope.teams(&s.teams, &s.groups)
}

/// Moves each of `teams` to `status` on each activity of `indices`, from what is stored
/// now (another tab's change a moment ago is kept), written all or nothing. Returns what
/// changed (for its Undo).
fn set_status(indices: &[usize], teams: &[String], status: Status) -> Result<Changes, String> {
    let defs = with_state(|s| s.settings.progress.clone());
    let uuids = indices.iter().map(|&i| MODEL.activities[i].uuid);
    let (next, changes) = plan_status(uuids, teams, &defs, status, today(), |uuid| {
        with_gateway(|g| g.read_activity(uuid)).map_err(|e| e.to_string())
    })?;
    write(next)?;
    Ok(changes)
}

/// Writes the records of `next` (one activity: a click) and shows them.
fn write(next: BTreeMap<String, ActivityProgress>) -> Result<(), String> {
    match next.len() {
        0 => {}
        // A click: the value was just read, so it is written without the batch's second
        // read and rollback.
        1 => {
            let (uuid, next) = next.iter().next().expect("one");
            with_gateway(|g| g.save_activity(uuid, next)).map_err(|e| e.to_string())?;
        }
        _ => with_gateway(|g| g.save_progress(&next)).map_err(|e| e.to_string())?,
    }
    for (uuid, next) in next {
        if let Some(i) = MODEL.activity_index(&uuid) {
            with_state(|s| s.progress[i] = next);
            super::matrix::show_activity(i);
        }
    }
    warn_if_full();
    Ok(())
}

/// A change set, then the message that says what it did, with its Undo.
pub fn set_and_say(indices: &[usize], teams: &[String], status: Status) {
    match set_status(indices, teams, status) {
        Ok(changes) if !changes.is_empty() => {
            let text = with_state(|s| {
                let name = |u: &str| {
                    MODEL
                        .activity_index(u)
                        .map_or_else(String::new, |i| MODEL.activities[i].name.to_string())
                };
                change_message(&s.settings.progress, name, &changes, status)
            });
            notify_with(Notice::Info, &text, Some(changes));
        }
        Ok(_) => {}
        Err(e) => notify(Notice::Error, &format!("Nothing was changed: {e}")),
    }
}

/// Takes `changes` back (an Undo), unless one of their records was changed since.
pub fn undo(changes: &Changes) {
    let plan = plan_undo(changes, |uuid| {
        with_gateway(|g| g.read_activity(uuid)).map_err(|e| e.to_string())
    });
    match plan.and_then(|p| p.ok_or_else(|| UNDO_STALE.to_string()).and_then(write)) {
        Ok(()) => notify(Notice::Info, "Undone."),
        Err(e) => notify(Notice::Error, &format!("Not undone: {e}")),
    }
}

/// The top bar's choice: stored, then shown. When it cannot be stored (read-only, storage
/// full) it is still this page's choice, and the other module hears of it (and names it in
/// the URL).
pub fn select(scope: Scope) {
    if let Err(e) = with_gateway(|g| g.save_selected_team(&scope.to_value())) {
        notify(Notice::Error, &e.to_string());
        bus::announce_scope(&scope.to_value());
    }
    with_state(|s| s.scope = scope);
    scope_shown();
    // Chosen since the page loaded: the pages module, if it starts later, must not take the
    // choice the URL named at load back (`ui::state::AppState::scope_from_url`).
    if let Some(html) = super::document().and_then(|d| d.document_element()) {
        let _ = html.set_attribute(CHOSEN_ATTR, "");
    }
}

/// The top bar's choice changed: the picker and the matrix follow.
fn scope_shown() {
    super::bars::show_picker();
    super::matrix::build();
}

/// The other module's choice in the top bar that could not be stored.
pub fn on_sibling_scope(value: &str) {
    let scope = Scope::from_stored(value);
    if with_state(|s| scope.exists(&s.teams, &s.groups)) {
        with_state(|s| s.scope = scope);
        scope_shown();
    }
}

/// Another tab (or, with `sibling`, the other module) wrote `key` (`None`: storage was
/// cleared; the other module offers to write this tab's assessment back). What cannot be
/// read is never overwritten here; the other module reports it.
pub fn on_write(key: Option<String>, value: Option<String>, sibling: bool) {
    let Some(key) = key else { return };
    if key == SCHEMA_KEY {
        if value.as_deref().is_some_and(|v| !schema_current(v)) {
            with_gateway(|g| {
                g.set_read_only("another tab stored the assessment in another format")
            });
        }
        return;
    }
    let Some(read) = with_gateway(|g| g.accept(&key, value.as_deref())) else {
        return;
    };
    let stored = match read {
        Ok(stored) => {
            with_gateway(|g| g.unprotect(&key));
            stored
        }
        Err(_) => {
            // Protected only while it still holds what was read (a stale event needs
            // nothing).
            if self::stored(&key).ok().flatten() == value {
                with_gateway(|g| g.protect(&key));
            }
            return;
        }
    };
    match stored {
        Stored::Teams(ids) => {
            with_state(|s| s.teams = ids.names());
            lists_changed();
        }
        Stored::Groups(groups) => {
            with_state(|s| s.groups = groups);
            lists_changed();
        }
        Stored::Settings(settings) => {
            let rebuild = with_state(|s| {
                let states = s.settings.progress != settings.progress;
                let level = s.settings.max_level != settings.max_level;
                s.settings = settings;
                (states, level)
            });
            if rebuild.0 {
                super::matrix::build();
            } else if rebuild.1 {
                super::matrix::show_levels();
            }
        }
        // Only this tab's other module shares the choice (another tab has its own).
        Stored::SelectedTeam(Some(v)) if sibling => on_sibling_scope(&v),
        Stored::SelectedTeam(_) | Stored::Evidence(..) | Stored::Names(_) => {}
        Stored::Progress(uuid, p) => {
            if let Some(i) = MODEL.activity_index(&uuid) {
                with_state(|s| s.progress[i] = p);
                super::matrix::show_activity(i);
            }
        }
        // This tab's pages module reloads the page after changing the model; another
        // tab's change is used from this tab's next load (its writes go by uuid, so both
        // stay correct meanwhile).
        Stored::CustomModel(_) if sibling => {}
        Stored::CustomModel(_) => notify(
            Notice::Info,
            "Another tab changed the model (a custom activity file): reload this page to use it.",
        ),
    }
}

/// How full storage is, once it is over the warning mark (each time it crosses it).
pub fn warn_if_full() {
    thread_local! {
        static WARNED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    let warning = with_gateway(|g| usage_warning(g.used()));
    let warned = WARNED.replace(warning.is_some());
    if let (Some(w), false) = (warning, warned) {
        notify(Notice::Error, &w);
    }
}

/// Teams or groups changed: the top bar's choice follows (a team or group that is gone
/// falls back to the first team) and the matrix shows the teams it now means.
fn lists_changed() {
    with_state(|s| {
        let teams = &s.teams;
        for g in &mut s.groups {
            g.members.retain(|m| teams.contains(m));
        }
        s.scope = s.scope.clone().resolve(&s.teams, &s.groups);
    });
    scope_shown();
}
