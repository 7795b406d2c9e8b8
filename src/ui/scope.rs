//! Choosing which teams a view shows: all teams, a group (its members) or one team.

use leptos::prelude::*;

use super::state::use_app;
use crate::domain::assessment::teams::Scope;

/// A select of "All teams", every group and every team.
#[component]
pub fn ScopePicker(
    /// The visible label.
    label: &'static str,
    /// The chosen scope.
    scope: RwSignal<Scope>,
    /// Called with a new choice instead of setting `scope` (e.g. to save it first).
    #[prop(optional)]
    on_pick: Option<Callback<Scope>>,
    /// The select's CSS class (the top bar's picker looks different).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let app = use_app();
    let pick = move |s: Scope| match on_pick {
        Some(cb) => cb.run(s),
        None => scope.set(s),
    };
    // A group or team that was deleted (or renamed elsewhere) falls back (`Scope::resolve`),
    // so the picker and the view never disagree.
    Effect::new(move |_| {
        let now = scope.get();
        let next = app
            .teams
            .with(|ts| app.groups.with(|gs| now.clone().resolve(ts, gs)));
        if next != now {
            pick(next);
        }
    });
    view! {
        <label class=if class.is_empty() { "filters__field" } else { class }>
            <span>{label}</span>
            <select
                on:change=move |ev| pick(Scope::from_value(&event_target_value(&ev)))
                prop:value=move || {
                    // Read the lists too: the options are rebuilt when they change.
                    app.groups.track();
                    app.teams.track();
                    scope.get().to_value()
                }
            >
                // Each option also says whether it is chosen: the select's value is set
                // before its options exist.
                <option value="" selected=move || scope.with(|s| *s == Scope::All)>"All teams"</option>
                <optgroup label="Groups">
                    {move || app.groups.get().into_iter().map(move |g| {
                        let s = Scope::Group(g.name.clone());
                        let v = s.to_value();
                        view! { <option value=v selected=move || scope.with(|x| *x == s)>{format!("{} ({})", g.name, g.members.join(", "))}</option> }
                    }).collect_view()}
                </optgroup>
                <optgroup label="Teams">
                    {move || app.teams.get().into_iter().map(move |t| {
                        let s = Scope::Team(t.clone());
                        let v = s.to_value();
                        view! { <option value=v selected=move || scope.with(|x| *x == s)>{t}</option> }
                    }).collect_view()}
                </optgroup>
            </select>
        </label>
    }
}

/// The teams `scope` stands for, kept up to date with team and group edits.
pub fn scope_teams(scope: RwSignal<Scope>) -> Memo<Vec<String>> {
    let app = use_app();
    Memo::new(move |_| app.teams_of(&scope.get()))
}
