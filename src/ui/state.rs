//! App state shared through context: fine-grained signals (one per activity), and the actions
//! that change them. Every change goes through the storage gateway first; the signal is only
//! updated when the write succeeded, so what is shown is what is stored.

use std::collections::BTreeMap;

use leptos::prelude::*;

pub use crate::browser::with_gateway;
use crate::browser::{location_hash, today};
use crate::domain::assessment::evidence::{self, Evidence, EvidenceStore};
use crate::domain::assessment::names;
use crate::domain::assessment::progress::{
    change_message, plan_status, plan_undo, toggled, Changes, ProgressDefs, Status, UNDO_STALE,
};
use crate::domain::assessment::progress_defs::StateChange;
use crate::domain::assessment::settings::Settings;
use crate::domain::assessment::teams::{Roster, Scope, TeamChange};
use crate::domain::assessment::{ActivityProgress, Assessment, Group, ImportPlan};
use crate::domain::formats::json;
use crate::domain::model::MODEL;
use crate::domain::storage::sync::{self, Change, Held};
use crate::domain::storage::{
    follow_states, follow_team, kind_of, usage_crossed, Batch, Quarantined, Stored, TeamWrite,
    SCHEMA_KEY,
};
use crate::domain::views::notice;
use crate::domain::views::preview::SHELL_NOTICES_ID;
use crate::domain::views::route::{scope_in, with_scope, Route, CHOSEN_ATTR};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Error,
    Info,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub id: u32,
    pub kind: NoticeKind,
    pub text: String,
    /// Offer to write this tab's assessment back to storage.
    pub offer_restore: bool,
    /// The changes its Undo button takes back.
    pub undo: Option<Changes>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub teams: RwSignal<Vec<String>>,
    pub groups: RwSignal<Vec<Group>>,
    pub settings: RwSignal<Settings>,
    /// The progress states, from the settings (a separate memo so that changing the theme
    /// does not touch every status control).
    pub defs: Memo<ProgressDefs>,
    /// The team, group or all teams being assessed (the top bar's choice): the source of the
    /// pages' one scope (`super::scope::ScopeContext`), set here only.
    pub scope: RwSignal<Scope>,
    /// One signal per model activity, indexed like `MODEL.activities`.
    pub progress: &'static [RwSignal<ActivityProgress>],
    /// Evidence entries by activity uuid (also for uuids the model does not know).
    pub evidence: RwSignal<EvidenceStore>,
    /// Each team's and group's target.
    pub targets: RwSignal<crate::domain::assessment::targets::Targets>,
    /// Progress for uuids the embedded model does not know: kept and exported, not shown.
    pub unknown: RwSignal<BTreeMap<String, ActivityProgress>>,
    /// The last known name of activities with progress or evidence.
    pub names: RwSignal<names::Names>,
    pub quarantined: RwSignal<Vec<Quarantined>>,
    /// Characters the assessment takes in storage (see `Gateway::used`).
    pub used: RwSignal<usize>,
    pub notices: RwSignal<Vec<Notice>>,
    pub route: RwSignal<Route>,
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    /// Loads everything from storage (at the module's start-up). With `tidy`, storage is
    /// tidied (format mark, unreadable values set aside) and what was found is reported; the
    /// first module (`crate::shell`) does that before this one starts, so this one reports
    /// only what happens afterwards (other tabs' unreadable writes, storage cleared).
    pub fn load(tidy: bool) -> AppState {
        // A store of schema 1 or 2: the first module leaves its upgrade to this one
        // (`Gateway::upgrade`), which upgrades it here, then reloads the page for both.
        let upgrade = !tidy && with_gateway(|g| g.upgrade_needed()).unwrap_or(false);
        let start = with_gateway(|g| sync::load(g, tidy || upgrade));
        // The first module shows the old store read-only: once it is current (upgraded here
        // or by another tab a moment ago), the page starts again on it.
        let shown_old = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .is_some_and(|h| h.has_attribute(crate::domain::storage::UPGRADING_ATTR));
        let current = with_gateway(|g| g.upgrade_needed()) == Ok(false);
        if (upgrade || shown_old) && start.read && current {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
        let loaded = start.loaded;
        let mut assessment = loaded.assessment;
        let progress: Vec<RwSignal<ActivityProgress>> = MODEL
            .activities
            .iter()
            .map(|a| RwSignal::new(assessment.progress.remove(a.uuid).unwrap_or_default()))
            .collect();
        let settings = RwSignal::new(loaded.settings);
        let state = AppState {
            teams: RwSignal::new(assessment.teams),
            groups: RwSignal::new(assessment.groups),
            settings,
            defs: Memo::new(move |_| settings.with(|s| s.progress.clone())),
            scope: RwSignal::new(start.scope),
            progress: Box::leak(progress.into_boxed_slice()),
            evidence: RwSignal::new(std::mem::take(&mut assessment.evidence)),
            targets: RwSignal::new(std::mem::take(&mut assessment.targets)),
            unknown: RwSignal::new(assessment.progress),
            names: RwSignal::new(json::decode_names(loaded.names.as_deref())),
            quarantined: RwSignal::new(loaded.quarantined),
            used: RwSignal::new(with_gateway(|g| g.used())),
            notices: RwSignal::new(Vec::new()),
            route: RwSignal::new(Route::Matrix(Default::default())),
        };
        // The first module reports what it tidied; this one what only it reads, and its own
        // failure to read.
        for p in start.problems {
            state.report(p);
        }
        state
    }

    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        self.show_notice(kind, text.into(), false, None);
    }

    /// A success that offers to take `changes` back.
    pub fn notify_undo(&self, text: String, changes: Changes) {
        self.show_notice(NoticeKind::Info, text, false, Some(changes));
    }

    /// Shows a message by the rules of `views::notice`: it replaces a copy of itself (and a
    /// success the success before); a success leaves by itself (style/app.css).
    fn show_notice(
        &self,
        kind: NoticeKind,
        text: String,
        offer_restore: bool,
        undo: Option<Changes>,
    ) {
        let info = kind == NoticeKind::Info;
        // The first module's messages it replaces, too (its own DOM, plain elements).
        if let Some(shell) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(SHELL_NOTICES_ID))
        {
            let list = shell.children();
            // Collected first: the collection is live, and shrinks as they go.
            let olds: Vec<_> = (0..list.length()).filter_map(|i| list.item(i)).collect();
            for old in olds {
                let old_info = old.class_list().contains("notice--info");
                let old_text = old.get_attribute("data-text").unwrap_or_default();
                if notice::replaces(info, &text, old_info, &old_text) {
                    old.remove();
                }
            }
        }
        self.notices.update(|n| {
            let id = n.iter().map(|x| x.id).max().unwrap_or(0) + 1;
            n.retain(|x| !notice::replaces(info, &text, x.kind == NoticeKind::Info, &x.text));
            n.push(Notice {
                id,
                kind,
                text,
                offer_restore,
                undo,
            });
        });
    }

    /// An error about what is stored.
    fn report(&self, text: impl Into<String>) {
        self.notify(NoticeKind::Error, text);
    }

    pub fn dismiss(&self, id: u32) {
        self.notices.update(|n| n.retain(|x| x.id != id));
    }

    /// Moves `team` to `target` on activity `index`, saving first, and says so (with an
    /// Undo). It starts from what is stored now, so a change another tab made a moment ago
    /// is not overwritten.
    pub fn set_state(&self, index: usize, team: &str, target: Status) {
        self.set_and_say(&[index], &[team.to_string()], target);
    }

    /// [`AppState::set_state_many`], then the message that says what it did, with its Undo.
    pub fn set_and_say(&self, indices: &[usize], teams: &[String], target: Status) {
        match self.set_state_many(indices, teams, target) {
            Ok(changes) if !changes.is_empty() => {
                let name = |u: &str| {
                    MODEL
                        .activity_index(u)
                        .map_or_else(String::new, |i| MODEL.activities[i].name.to_string())
                };
                let text = self
                    .defs
                    .with_untracked(|d| change_message(d, name, &changes, target));
                self.notify_undo(text, changes);
            }
            Ok(_) => {}
            Err(e) => self.notify(NoticeKind::Error, format!("Nothing was changed: {e}")),
        }
    }

    /// Takes `changes` back (an Undo), unless one of their records was changed since.
    pub fn undo(&self, changes: &Changes) {
        let read = |uuid: &str| with_gateway(|g| g.read_activity(uuid)).map_err(|e| e.to_string());
        let plan = plan_undo(changes, read).and_then(|p| p.ok_or_else(|| UNDO_STALE.to_string()));
        let written = plan.and_then(|next| {
            with_gateway(|g| g.save_progress(&next)).map_err(|e| e.to_string())?;
            Ok(next)
        });
        match written {
            Ok(next) => {
                for (uuid, p) in next {
                    self.show_progress(&uuid, p);
                }
                self.storage_changed();
                self.notify(NoticeKind::Info, "Undone.");
            }
            Err(e) => self.notify(NoticeKind::Error, format!("Not undone: {e}")),
        }
    }

    /// Changes the date `team` reached `state` on activity `index` (read, change, save).
    pub fn set_date(
        &self,
        index: usize,
        team: &str,
        state: &str,
        date: crate::domain::assessment::date::Date,
    ) -> Result<(), String> {
        let uuid = MODEL.activities[index].uuid;
        let mut next = with_gateway(|g| g.read_activity(uuid)).map_err(|e| e.to_string())?;
        next.get_mut(team)
            .ok_or_else(|| format!("{team} has no progress on this activity"))?
            .set_date(state, date)?;
        with_gateway(|g| g.save_activity(uuid, &next)).map_err(|e| e.to_string())?;
        self.progress[index].set(next);
        self.storage_changed();
        Ok(())
    }

    /// Moves every team in `teams` to `target` on each activity in `indices`, from what is
    /// stored now, written all or nothing. Returns what changed (for an Undo).
    pub fn set_state_many(
        &self,
        indices: &[usize],
        teams: &[String],
        target: Status,
    ) -> Result<Changes, String> {
        let defs = self.defs.get_untracked();
        let uuids = indices.iter().map(|&i| MODEL.activities[i].uuid);
        let (next, changes) = plan_status(uuids, teams, &defs, target, today(), |uuid| {
            with_gateway(|g| g.read_activity(uuid)).map_err(|e| e.to_string())
        })?;
        with_gateway(|g| g.save_progress(&next)).map_err(|e| e.to_string())?;
        for (uuid, next) in next {
            self.show_progress(&uuid, next);
        }
        self.storage_changed();
        Ok(changes)
    }

    /// Marks done, or back to the state before it was marked done.
    pub fn toggle(&self, index: usize, team: &str) {
        let target = self
            .defs
            .with_untracked(|d| self.progress[index].with_untracked(|p| toggled(p, team, d)));
        self.set_state(index, team, target);
    }

    /// Saves settings first; only shown once stored.
    pub fn save_settings(&self, s: Settings) {
        match with_gateway(|g| g.save_settings(&s)) {
            Ok(()) => self.settings.set(s),
            Err(e) => self.notify(NoticeKind::Error, e.to_string()),
        }
    }

    /// Writes every target as `next` (one team's or group's changed), then shows it; on
    /// failure (storage full, read-only) nothing changes and the error is given back.
    pub fn save_targets(
        &self,
        next: crate::domain::assessment::targets::Targets,
    ) -> Result<(), String> {
        let values = [Stored::Targets(next)];
        let batch = Batch {
            teams: None,
            values: &values,
        };
        with_gateway(|g| g.save_many(&batch)).map_err(|e| e.to_string())?;
        let [shown] = values;
        self.show(shown);
        self.storage_changed();
        Ok(())
    }

    pub fn select(&self, scope: Scope) {
        if let Err(e) = with_gateway(|g| g.save_selected_team(&scope.to_value())) {
            self.notify(NoticeKind::Error, e.to_string());
            // Not stored (read-only, storage full), but still this page's choice: the other
            // module must not go on showing or changing another team.
            crate::browser::bus::announce_scope(&scope.to_value());
        }
        self.scope.set(scope);
    }

    /// A URL that names a team, group or all teams (a shared link, an edited URL) makes it
    /// the top bar's choice; one this browser does not have is said. Then the URL names
    /// the choice. (This module owns the scope's place in the URL: the first module only
    /// keeps it through filter changes.)
    /// `start`: this module is starting, so the URL is the one the page loaded with; if the
    /// top bar's choice changed since (the first module says so), the URL is out of date.
    pub fn scope_from_url(&self, start: bool) {
        let chosen = start
            && web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .is_some_and(|h| h.has_attribute(CHOSEN_ATTR));
        if let Some(scope) = scope_in(&location_hash()).filter(|_| !chosen) {
            let now = self.scope.get_untracked();
            let known = self
                .teams
                .with_untracked(|ts| self.groups.with_untracked(|gs| scope.exists(ts, gs)));
            if scope != now && known {
                self.select(scope);
            } else if !known {
                self.notify(
                    NoticeKind::Error,
                    format!(
                        "The link shows {}, which is not in this browser's assessment; showing {}.",
                        scope.label(),
                        now.label()
                    ),
                );
            }
        }
        self.replace_hash(&location_hash());
    }

    /// Replaces the URL fragment with `hash` naming the top bar's choice
    /// (`views::route::with_scope`), so a link shows what this page shows.
    pub fn replace_hash(&self, hash: &str) {
        let want = self.scope.with_untracked(|s| with_scope(hash, s));
        if want != location_hash() {
            crate::browser::replace_hash(&want);
        }
    }

    /// Runs `f` on every activity's records in model order, read in place and tracked: a
    /// copy of 1000 teams' 194,000 records took longer than what pages then do with them.
    pub fn with_progress<R>(&self, f: impl FnOnce(&[&ActivityProgress]) -> R) -> R {
        let guards: Vec<_> = self.progress.iter().map(|p| p.read()).collect();
        let all: Vec<&ActivityProgress> = guards.iter().map(|g| &**g).collect();
        f(&all)
    }

    /// Runs `f` on the team and group lists as they are now (untracked, not copied): all
    /// that a change of the lists alone reads.
    pub fn with_roster<R>(&self, f: impl FnOnce(Roster) -> R) -> R {
        self.teams.with_untracked(|teams| {
            self.groups
                .with_untracked(|groups| f(Roster { teams, groups }))
        })
    }

    /// The whole assessment as it is now (for export and import planning).
    pub fn snapshot(&self) -> Assessment {
        let evidence = self.evidence.get_untracked();
        let mut progress = self.unknown.get_untracked();
        for (a, p) in MODEL.activities.iter().zip(self.progress) {
            let p = p.get_untracked();
            if !p.is_empty() {
                progress.insert(a.uuid.to_string(), p);
            }
        }
        Assessment {
            teams: self.teams.get_untracked(),
            groups: self.groups.get_untracked(),
            progress,
            evidence,
            targets: self.targets.get_untracked(),
        }
    }

    /// Writes an import plan, with the evidence of the same file if any (all or nothing),
    /// then shows it.
    pub fn apply(
        &self,
        plan: &ImportPlan,
        with_evidence: Option<&evidence::EvidencePlan>,
    ) -> Result<(), String> {
        self.snapshot().check_plan(plan)?;
        let mut teams = self.teams.get_untracked();
        teams.extend(plan.new_teams.iter().cloned());
        if let Some(e) = with_evidence {
            for t in &e.unknown_teams {
                if !teams.contains(t) {
                    teams.push(t.clone());
                }
            }
            e.check(self.teams.with_untracked(Vec::len))?;
            // Each plan was checked against its own new teams; both together too.
            if teams.len() > crate::domain::assessment::MAX_TEAMS {
                return Err(format!(
                    "At most {} teams are supported; the file's progress and evidence together would make {}.",
                    crate::domain::assessment::MAX_TEAMS,
                    teams.len()
                ));
            }
        }
        let grown = teams.len() > self.teams.with_untracked(Vec::len);
        let new_teams = grown.then_some(teams.as_slice());
        match with_evidence {
            // The progress alone: written from the plan's references (an import of 50
            // teams is 9,700 records).
            None => with_gateway(|g| g.save_teams_progress(new_teams, &plan.changed)),
            Some(e) => {
                let progress = plan.changed.iter();
                let mut values: Vec<Stored> = progress
                    .map(|(u, p)| Stored::Progress(u.clone(), p.clone()))
                    .collect();
                let changed = e.changed.iter();
                values.extend(changed.map(|(u, list)| Stored::Evidence(u.clone(), list.clone())));
                with_gateway(|g| {
                    g.save_many(&Batch {
                        teams: new_teams,
                        values: &values,
                    })
                })
            }
        }
        .map_err(|e| e.to_string())?;
        if let Some(e) = with_evidence {
            self.evidence
                .update(|store| evidence::apply(store, &e.changed));
        }
        for (uuid, next) in &plan.changed {
            self.show_progress(uuid, next.clone());
        }
        if grown {
            self.teams.set(teams);
        }
        self.storage_changed();
        Ok(())
    }

    /// Writes a team change (all or nothing), with what follows a rename or delete (the
    /// registry's [`follow_team`]), then shows it as [`Self::apply_team_write`] does.
    pub fn apply_team_change(&self, change: TeamChange) -> Result<(), String> {
        // What follows a rename or delete is read from the assessment as it is now.
        let write = if change.events.is_empty() {
            TeamWrite {
                change,
                values: Vec::new(),
            }
        } else {
            follow_team(&self.snapshot(), change)
        };
        self.apply_team_write(write)
    }

    /// Writes a team change with the values that follow it (a restore's, or
    /// [`Self::apply_team_change`]'s), then shows it; the top bar's choice follows a rename
    /// and falls back when its team or group is gone. Only the lists it changes are set (a
    /// reorder sets the team list alone: the groups' lists are not drawn again).
    pub fn apply_team_write(&self, write: TeamWrite) -> Result<(), String> {
        let TeamWrite { change, mut values } = write;
        values.push(Stored::Groups(change.groups.clone()));
        let batch = Batch {
            teams: Some(&change.teams),
            values: &values,
        };
        with_gateway(|g| g.save_many(&batch)).map_err(|e| e.to_string())?;
        let selected = self.scope.get_untracked();
        let next = selected.after_change(&change);
        let groups = values.pop();
        for v in values {
            self.show(v);
        }
        if let Some(Stored::Groups(groups)) = groups {
            if self.groups.with_untracked(|g| *g != groups) {
                self.groups.set(groups);
            }
        }
        if self.teams.with_untracked(|t| *t != change.teams) {
            self.teams.set(change.teams);
        }
        if next != selected {
            self.select(next);
        }
        self.storage_changed();
        Ok(())
    }

    /// Writes a change of the progress states with every value it rewrites (the
    /// registry's [`follow_states`]), all or nothing, then shows them. Returns how many
    /// activities' records changed.
    /// `progress`: every activity's records as the change was checked against.
    pub fn apply_states(
        &self,
        change: &StateChange,
        progress: &BTreeMap<String, ActivityProgress>,
    ) -> Result<usize, String> {
        let settings = self.settings.get_untracked();
        let values = follow_states(change, &settings, progress);
        let batch = Batch {
            teams: None,
            values: &values,
        };
        with_gateway(|g| g.save_many(&batch)).map_err(|e| e.to_string())?;
        let records = values
            .iter()
            .filter(|v| matches!(v, Stored::Progress(..)))
            .count();
        for v in values {
            self.show(v);
        }
        self.storage_changed();
        Ok(records)
    }

    /// Writes an evidence import (entries and any new teams, all or nothing), then shows it.
    pub fn apply_evidence(&self, plan: &evidence::EvidencePlan) -> Result<(), String> {
        let mut teams = self.teams.get_untracked();
        plan.check(teams.len())?;
        teams.extend(plan.unknown_teams.iter().cloned());
        let changed = plan.changed.iter();
        let values: Vec<Stored> = changed
            .map(|(uuid, list)| Stored::Evidence(uuid.clone(), list.clone()))
            .collect();
        let batch = Batch {
            teams: (!plan.unknown_teams.is_empty()).then_some(teams.as_slice()),
            values: &values,
        };
        with_gateway(|g| g.save_many(&batch)).map_err(|e| e.to_string())?;
        self.evidence.update(|e| evidence::apply(e, &plan.changed));
        if !plan.unknown_teams.is_empty() {
            self.teams.set(teams);
        }
        self.storage_changed();
        Ok(())
    }

    fn show_evidence(&self, uuid: &str, list: Vec<Evidence>) {
        self.evidence.update(|e| {
            evidence::apply(e, &BTreeMap::from([(uuid.to_string(), list)]));
        });
    }

    /// Changes the evidence of one activity: `edit` gets what is stored now (so another
    /// tab's entries are kept) and returns the new list, which is saved, then shown.
    pub fn edit_evidence(
        &self,
        uuid: &str,
        edit: impl FnOnce(&[Evidence]) -> Result<Vec<Evidence>, String>,
    ) -> Result<(), String> {
        let stored = with_gateway(|g| g.read_evidence(uuid)).map_err(|e| e.to_string())?;
        let next = edit(&stored)?;
        with_gateway(|g| g.save_evidence(uuid, &next)).map_err(|e| e.to_string())?;
        self.show_evidence(uuid, next);
        self.storage_changed();
        Ok(())
    }

    fn show_progress(&self, uuid: &str, next: ActivityProgress) {
        match MODEL.activity_index(uuid) {
            Some(i) => self.progress[i].set(next),
            None => self.unknown.update(|u| {
                if next.is_empty() {
                    u.remove(uuid);
                } else {
                    u.insert(uuid.to_string(), next);
                }
            }),
        }
    }

    /// What this module holds of the lists, for `storage::sync` to change in place
    /// (untracked: `show_change` tells the signals that changed).
    fn held<R>(&self, f: impl FnOnce(Held) -> R) -> Option<R> {
        let held = self.teams.try_update_untracked(|teams| {
            self.groups.try_update_untracked(|groups| {
                self.scope.try_update_untracked(|scope| {
                    f(Held {
                        teams,
                        groups,
                        scope,
                    })
                })
            })
        });
        held.flatten().flatten()
    }

    /// The other module of this tab wrote `key` (now holding `value`, None: removed).
    pub fn on_sibling_change(&self, key: &str, value: Option<String>) {
        self.on_write(Some(key), value.as_deref(), true);
    }

    /// The other module's choice in the top bar that could not be stored.
    pub fn on_sibling_scope(&self, value: &str) {
        if let Some(change) = self.held(|h| sync::sibling_scope(h, value)) {
            self.show_change(change, None);
        }
    }

    /// Another tab changed `key` (None: storage was cleared).
    pub fn on_storage_event(&self, key: Option<String>, value: Option<String>) {
        self.on_write(key.as_deref(), value.as_deref(), false);
    }

    /// A write made elsewhere, shown by the rule both modules follow
    /// (`storage::sync::hear`).
    fn on_write(&self, key: Option<&str>, value: Option<&str>, sibling: bool) {
        let Some(heard) = self.held(|h| with_gateway(|g| sync::hear(g, h, key, value, sibling)))
        else {
            return;
        };
        if heard.quarantine {
            self.refresh_quarantine();
        }
        self.storage_changed();
        self.show_change(heard.change, key);
    }

    /// Shows what changed elsewhere (a write of `key`): this module's one arm per change.
    fn show_change(&self, change: Change, key: Option<&str>) {
        match change {
            Change::Nothing => {}
            Change::Cleared => {
                // Keep what this tab shows, and offer to save it again.
                let text = "Browser storage was cleared outside this tab. This tab still shows your assessment: save it back to storage, or download it from the Import / export page.";
                self.show_notice(NoticeKind::Error, text.into(), true, None);
            }
            Change::ReadOnly => self.report(
                "Another tab stored the assessment in another format. This tab is now read-only; reload it.",
            ),
            Change::Lists => {
                self.groups.notify();
                self.scope.notify();
                self.teams.notify();
            }
            Change::Scope => self.scope.notify(),
            Change::Value(v) => self.show(v),
            // The first module says it (once for the tab).
            Change::Model => {}
            Change::Unreadable(error) => {
                let key = key.unwrap_or_default();
                let what = kind_of(key).map_or("data", |(k, _)| k.what);
                self.report(format!("Another tab stored unreadable {what} under \"{key}\" ({error}); it is left untouched and not overwritten."));
            }
        }
    }

    /// Shows a value of a stored kind as it is stored now (written here or elsewhere): this
    /// module's one arm per kind.
    fn show(&self, stored: Stored) {
        match stored {
            Stored::Groups(groups) => {
                self.groups.set(groups);
                // A group deleted or renamed: the choice falls back.
                self.show_teams(self.teams.get_untracked());
            }
            Stored::Settings(s) => self.settings.set(s),
            Stored::Targets(t) => self.targets.set(t),
            Stored::Evidence(uuid, list) => self.show_evidence(&uuid, list),
            Stored::Progress(uuid, p) => self.show_progress(&uuid, p),
            Stored::Names(raw) => self.names.set(json::decode_names(raw.as_deref())),
            Stored::Teams(ids) => self.show_teams(ids.names()),
            // Shown by `select`; the custom model's page reloads the page.
            Stored::SelectedTeam(_) | Stored::CustomModel(_) => {}
        }
    }

    /// Shows a new team list; the top bar's choice follows (`Scope::resolve`).
    fn show_teams(&self, teams: Vec<String>) {
        let now = self.scope.get_untracked();
        let next = self
            .groups
            .with_untracked(|g| now.clone().resolve(&teams, g));
        if next != now {
            self.scope.set(next);
        }
        self.teams.set(teams);
    }

    /// Writes everything this tab shows back to storage (after storage was cleared elsewhere).
    pub fn restore_to_storage(&self) {
        let a = self.snapshot();
        let settings = self.settings.get_untracked();
        let mut values: Vec<Stored> = Vec::new();
        values.extend(a.progress.into_iter().map(|(u, p)| Stored::Progress(u, p)));
        values.extend(a.evidence.into_iter().map(|(u, e)| Stored::Evidence(u, e)));
        values.push(Stored::Groups(a.groups));
        values.push(Stored::Targets(a.targets));
        values.push(Stored::Settings(settings));
        let saved = with_gateway(|g| {
            g.save_many(&Batch {
                teams: Some(&a.teams),
                values: &values,
            })?;
            g.save_selected_team(&self.scope.get_untracked().to_value())
        });
        match saved {
            Ok(()) => self.notify(
                NoticeKind::Info,
                "The assessment shown in this tab was saved to storage again.",
            ),
            Err(e) => self.notify(NoticeKind::Error, e.to_string()),
        }
    }

    /// Storage changed: the count follows, with a warning each time it goes over the mark
    /// (the first module warns at start-up).
    pub fn storage_changed(&self) {
        let (before, now) = (self.used.get_untracked(), with_gateway(|g| g.used()));
        if now == before {
            return;
        }
        self.used.set(now);
        if let Some(w) = usage_crossed(before, now) {
            self.report(w);
        }
    }

    /// Stores the name of every activity of the model that has progress or evidence, if one
    /// is not stored yet (or has another): called when the module starts and when the page is
    /// hidden, so a newer model that drops an activity still finds its name. A hint only: a
    /// write that fails (storage full) changes nothing and is not worth a message.
    pub fn remember_names(&self) {
        // Nothing stored (a new browser, or storage cleared outside the tab, which the page
        // offers to write back): no name to keep, and no key to write behind the user's back.
        let holds = with_gateway(|g| {
            use crate::domain::storage::Backend;
            g.backend().get(SCHEMA_KEY)
        });
        if !matches!(holds, Ok(Some(_))) {
            return;
        }
        let stored = self.names.get_untracked();
        let evidence = self.evidence.get_untracked();
        let with_data: Vec<&'static str> = MODEL
            .activities
            .iter()
            .filter(|a| {
                evidence.contains_key(a.uuid)
                    || self.progress[a.index as usize].with_untracked(|p| !p.is_empty())
            })
            .map(|a| a.uuid)
            .collect();
        let name_of = |u: &str| MODEL.activity_index(u).map(|i| MODEL.activities[i].name);
        let Some(next) = names::remember(&stored, with_data, name_of) else {
            return;
        };
        let values = [Stored::Names(Some(json::encode_names(&next)))];
        let written = with_gateway(|g| {
            g.save_many(&Batch {
                teams: None,
                values: &values,
            })
        });
        if written.is_ok() {
            self.names.set(next);
        }
    }

    pub fn refresh_quarantine(&self) {
        self.storage_changed();
        match with_gateway(|g| g.quarantined()) {
            Ok(q) => self.quarantined.set(q),
            Err(e) => self.notify(NoticeKind::Error, e.to_string()),
        }
    }
}
