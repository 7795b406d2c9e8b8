//! The first module's copy of the state: what the matrix and the top bar show. Every change
//! is written through the storage gateway first and shown only once stored.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::bars::{notify, notify_with, Notice};
use crate::browser::{bus, today, with_gateway};
use crate::domain::assessment::progress::{
    change_message, plan_status, plan_undo, Changes, Status, UNDO_STALE,
};
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::teams::Scope;
use crate::domain::assessment::{ActivityProgress, Group};
use crate::domain::model::MODEL;
use crate::domain::storage::sync::{self, Change, Held};
use crate::domain::storage::{usage_crossed, Backend, Stored};
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
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Runs `f` on the state (loaded by [`load`] before anything else runs).
pub fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with_borrow_mut(|s| f(s.as_mut().expect("the state is loaded at start-up")))
}

/// Loads everything from storage. This module is the first of the tab: it tidies storage
/// (format mark, unreadable values set aside); returns what it found, for the user, and
/// whether nothing is assessed yet (the example teams and groups, no progress: a first visit).
pub fn load() -> (Vec<String>, bool) {
    let mut start = with_gateway(|g| sync::load(g, true));
    let first_visit = start.first_visit();
    let l = &mut start.loaded;
    if l.upgrading {
        start.problems.push(UPGRADING.into());
    }
    let a = &mut l.assessment;
    let progress = MODEL
        .activities
        .iter()
        .map(|x| a.progress.remove(x.uuid).unwrap_or_default())
        .collect();
    STATE.set(Some(State {
        teams: std::mem::take(&mut a.teams),
        groups: std::mem::take(&mut a.groups),
        settings: std::mem::take(&mut l.settings),
        scope: start.scope,
        progress,
        route: Route::Matrix(Default::default()),
    }));
    (start.problems, first_visit)
}

/// Said while the pages module upgrades a store of an older format (`Gateway::upgrade`).
pub const UPGRADING: &str = "Your stored assessment is being upgraded to this version's format; the page reloads when that is done.";

/// The stored value of `key` now (None: it cannot be read now).
pub fn stored(key: &str) -> Option<Option<String>> {
    with_gateway(|g| g.backend().get(key)).ok()
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
    let change = with_state(|s| sync::sibling_scope(held(s), value));
    show(change);
}

/// What the matrix shows of the lists, for `storage::sync` to change.
fn held(s: &mut State) -> Held<'_> {
    Held {
        teams: &mut s.teams,
        groups: &mut s.groups,
        scope: &mut s.scope,
    }
}

/// Another tab (or, with `sibling`, the other module) wrote `key` (`None`: storage was
/// cleared; the other module offers to write this tab's assessment back): shown by the rule
/// both modules follow (`storage::sync::hear`). The other module reports what cannot be read.
pub fn on_write(key: Option<String>, value: Option<String>, sibling: bool) {
    let heard = with_state(|s| {
        with_gateway(|g| sync::hear(g, held(s), key.as_deref(), value.as_deref(), sibling))
    });
    show(heard.change);
    warn_if_full();
}

/// Shows what changed elsewhere: this module's one arm per change.
fn show(change: Change) {
    match change {
        Change::Lists | Change::Scope => scope_shown(),
        Change::Value(Stored::Settings(settings)) => {
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
        Change::Value(Stored::Progress(uuid, p)) => {
            if let Some(i) = MODEL.activity_index(&uuid) {
                with_state(|s| s.progress[i] = p);
                super::matrix::show_activity(i);
            }
        }
        Change::Model => notify(
            Notice::Info,
            "Another tab changed the model (a custom activity file): reload this page to use it.",
        ),
        // The pages module shows and says the rest (the first module reads no other kind).
        Change::Value(_)
        | Change::Nothing
        | Change::Cleared
        | Change::ReadOnly
        | Change::Unreadable(_) => {}
    }
}

/// How full storage is, once it is over the warning mark (each time it crosses it, whoever
/// wrote: `storage::usage_crossed`).
#[inline(never)]
pub fn warn_if_full() {
    thread_local! {
        static SEEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let used = with_gateway(|g| g.used());
    if let Some(w) = usage_crossed(SEEN.replace(used), used) {
        notify(Notice::Error, &w);
    }
}
