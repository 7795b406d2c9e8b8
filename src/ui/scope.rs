//! The top bar's choice (all teams, a group or one team) offered again on a page. It is the
//! one scope of every page: choosing here changes the top bar's choice (stored, shown in
//! the top bar and named in the URL), never a second, page-own one.

use leptos::prelude::*;

use super::state::use_app;
use crate::domain::assessment::teams::Scope;

/// A select of "All teams", every group and every team, showing and changing the top
/// bar's choice.
#[component]
pub fn ScopePicker(
    /// The visible label.
    label: &'static str,
) -> impl IntoView {
    let app = use_app();
    let scope = app.scope;
    view! {
        <label class="filters__field">
            <span>{label}</span>
            <select
                on:change=move |ev| app.select(Scope::from_value(&event_target_value(&ev)))
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
