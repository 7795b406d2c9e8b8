//! The progress control of one activity for one team: a done toggle plus a state picker,
//! both native controls, with the state shown as text and icon (never colour alone).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{use_app, AppState};
use crate::browser::confirm;
use crate::domain::assessment::progress::{
    icon, options_html, progress_kind, status_options, toggled, Status,
};
use crate::domain::assessment::scores::group_counts;
use crate::domain::model::MODEL;
use crate::domain::views::matrix_html::{
    done_label, group_count, group_going, group_label, picker_label, toggle_title,
};

pub use crate::domain::assessment::progress::status_name;

/// Sets `status` for every team in `teams` on every activity in `indices`, after asking
/// `question` (which names what is changed); reports how it went.
pub fn set_all_after_asking(
    app: &AppState,
    indices: &[usize],
    teams: &[String],
    status: Status,
    question: &str,
) {
    if !confirm(question) {
        return;
    }
    app.set_and_say(indices, teams, status);
}

/// Done toggle and state select for activity `index` and the given team.
///
/// The team is fixed: a page shows other teams by building its controls again, so the
/// labels need no reactive updates. (The matrix has its own, in the first module, from the
/// same markup rules: [`crate::domain::views::matrix_html`].)
#[component]
pub fn StatusControl(
    /// Index into `MODEL.activities`.
    index: usize,
    /// The team whose state is shown and changed.
    team: String,
) -> impl IntoView {
    let app = use_app();
    let defs = app.defs;
    let activity = &MODEL.activities[index];
    let done_label = done_label(activity, &team);
    let select_label = picker_label(activity, &team);
    let team = StoredValue::new(team);
    let current = Memo::new(move |_| {
        team.with_value(|team| {
            defs.with(|d| {
                app.progress[index]
                    .with(|p| p.get(team).map(|r| r.status(d)).unwrap_or(Status::State(0)))
            })
        })
    });
    let done = move || defs.with(|d| current.get() == Status::State(d.completed()));
    // What a click on the toggle does, said in its tooltip.
    let title = move || {
        let to = team.with_value(|t| defs.with(|d| app.progress[index].with(|p| toggled(p, t, d))));
        defs.with(|d| toggle_title(d, to))
    };
    let on_change = move |ev: leptos::ev::Event| {
        let target: Option<web_sys::HtmlSelectElement> =
            ev.target().and_then(|t| t.dyn_into().ok());
        let Some(select) = target else { return };
        if let Some(chosen) = Status::from_value(&select.value()) {
            team.with_value(|team| app.set_state(index, team, chosen));
        }
        // When saving failed the state did not change: show the stored state again.
        select.set_value(&current.get_untracked().value());
    };
    view! {
        // `data-progress` is what the styles use: the index of a state means nothing once
        // the states are edited.
        <span
            class="status"
            data-state=move || current.get().value()
            data-progress=move || defs.with(|d| progress_kind(d, current.get()))
        >
            <button
                type="button"
                class="status__toggle"
                aria-pressed=move || done().to_string()
                aria-label=done_label
                title=title
                on:click=move |_| team.with_value(|team| app.toggle(index, team))
            >
                <span aria-hidden="true">{move || defs.with(|d| icon(d, current.get()))}</span>
            </button>
            <select
                class="status__select"
                aria-label=select_label
                on:change=on_change
                inner_html=options_html(&defs.with_untracked(status_options), Some(current.get_untracked()))
                prop:value=move || current.get().value()
            ></select>
        </span>
    }
}

/// The control of one activity when several teams are chosen: how many of them completed
/// it, and a picker that sets a state for all of them (after asking).
#[component]
pub fn GroupStatus(
    /// Index into `MODEL.activities`.
    index: usize,
    /// The teams chosen.
    teams: Memo<Vec<String>>,
) -> impl IntoView {
    let app = use_app();
    let defs = app.defs;
    let activity = &MODEL.activities[index];
    let counts = Memo::new(move |_| {
        defs.with(|d| teams.with(|t| app.progress[index].with(|p| group_counts(p, t, d))))
    });
    let on_change = move |ev: leptos::ev::Event| {
        let target: Option<web_sys::HtmlSelectElement> =
            ev.target().and_then(|t| t.dyn_into().ok());
        let Some(select) = target else { return };
        let chosen = Status::from_value(&select.value());
        select.set_value("");
        let Some(status) = chosen else { return };
        let teams = teams.get_untracked();
        let question = format!(
            "Set “{}” to “{}” for {} ({})? States above it are cleared.",
            activity.name,
            defs.with_untracked(|d| status_name(d, status)),
            crate::domain::views::words::count(teams.len(), "team", "teams"),
            teams.join(", ")
        );
        set_all_after_asking(&app, &[index], &teams, status, &question);
    };
    view! {
        <span class="status status--group">
            // The matrix's markup (`matrix_html::group_count`): numbers and escaped text only.
            <span class="status__count" inner_html=move || group_count(counts.get())></span>
            <select
                class="status__select"
                aria-label=move || group_label(activity, teams.with(Vec::len))
                on:change=on_change
                disabled=move || teams.with(Vec::is_empty)
                inner_html=format!(
                    "<option value=\"\" selected>Set all…</option>{}",
                    options_html(&defs.with_untracked(status_options), None)
                )
            ></select>
            <span class="status__going" aria-hidden="true">{move || group_going(counts.get())}</span>
        </span>
    }
}
