//! The progress control of one activity for one team: a done toggle plus a state picker,
//! both native controls, with the state shown as text and icon (never colour alone).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{defs, use_app};
use crate::domain::model::MODEL;

/// Icon for a state by its score: ○ none, ◔ started, ◑ partly, ● done.
pub fn icon(index: usize) -> &'static str {
    let score = defs().states()[index].score;
    if score <= 0.0 {
        "○"
    } else if score < 0.5 {
        "◔"
    } else if score < 1.0 {
        "◑"
    } else {
        "●"
    }
}

/// Done toggle and state select for activity `index` and the given team.
#[component]
pub fn StatusControl(
    /// Index into `MODEL.activities`.
    index: usize,
    /// The team whose state is shown and changed.
    #[prop(into)]
    team: Signal<String>,
) -> impl IntoView {
    let app = use_app();
    let activity = &MODEL.activities[index];
    let current = Memo::new(move |_| {
        let team = team.get();
        app.progress[index].with(|p| p.get(&team).map(|r| r.current(defs())).unwrap_or(0))
    });
    let done = defs().completed();
    let initial = current.get_untracked();
    let on_change = move |ev: leptos::ev::Event| {
        let target: Option<web_sys::HtmlSelectElement> =
            ev.target().and_then(|t| t.dyn_into().ok());
        let Some(select) = target else { return };
        let chosen = select.value().parse().unwrap_or(0);
        app.set_state(index, &team.get_untracked(), chosen);
        // When saving failed the state did not change: show the stored state again.
        select.set_value(&current.get_untracked().to_string());
    };
    view! {
        <span class="status" data-state=move || current.get().to_string()>
            <button
                type="button"
                class="status__toggle"
                aria-pressed=move || (current.get() == done).to_string()
                aria-label=move || format!("Done: {} ({})", activity.name, team.get())
                on:click=move |_| app.toggle(index, &team.get_untracked())
            >
                <span aria-hidden="true">{move || icon(current.get())}</span>
            </button>
            <select
                class="status__select"
                aria-label=move || format!("Progress of {} for {}", activity.name, team.get())
                on:change=on_change
                prop:value=move || current.get().to_string()
            >
                {defs()
                    .states()
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        // The initial choice is a static attribute (the select's value is set
                        // before its options exist); later changes go through `prop:value`.
                        view! {
                            <option value=i.to_string() selected=i == initial>
                                {s.name.clone()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </span>
    }
}
