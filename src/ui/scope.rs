//! Choosing which teams a view shows: all teams, a group (its members) or one team.

use leptos::prelude::*;

use super::state::use_app;
use crate::domain::teams::Scope;

/// A select of "All teams", every group and every team.
#[component]
pub fn ScopePicker(
    /// The visible label.
    label: &'static str,
    /// The chosen scope.
    scope: RwSignal<Scope>,
) -> impl IntoView {
    let app = use_app();
    // A group or team that was deleted (or renamed) falls back to all teams, so the picker
    // and the view never disagree.
    Effect::new(move |_| {
        let gone = match scope.get() {
            Scope::All => false,
            Scope::Group(g) => app.groups.with(|gs| !gs.iter().any(|x| x.name == g)),
            Scope::Team(t) => app.teams.with(|ts| !ts.contains(&t)),
        };
        if gone {
            scope.set(Scope::All);
        }
    });
    view! {
        <label class="filters__field">
            <span>{label}</span>
            <select
                on:change=move |ev| scope.set(Scope::from_value(&event_target_value(&ev)))
                prop:value=move || {
                    // Read the lists too: the options are rebuilt when they change.
                    app.groups.track();
                    app.teams.track();
                    scope.get().to_value()
                }
            >
                <option value="" selected=true>"All teams"</option>
                <optgroup label="Groups">
                    {move || app.groups.get().into_iter().map(move |g| {
                        let v = Scope::Group(g.name.clone()).to_value();
                        view! { <option value=v>{format!("{} ({})", g.name, g.members.join(", "))}</option> }
                    }).collect_view()}
                </optgroup>
                <optgroup label="Teams">
                    {move || app.teams.get().into_iter().map(move |t| {
                        let v = Scope::Team(t.clone()).to_value();
                        view! { <option value=v>{t}</option> }
                    }).collect_view()}
                </optgroup>
            </select>
        </label>
    }
}

/// The teams `scope` stands for, kept up to date with team and group edits.
pub fn scope_teams(scope: RwSignal<Scope>) -> Memo<Vec<String>> {
    let app = use_app();
    Memo::new(move |_| {
        let scope = scope.get();
        app.teams.with(|t| app.groups.with(|g| scope.teams(t, g)))
    })
}
