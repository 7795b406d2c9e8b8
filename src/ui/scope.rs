//! The one scope of every page: the top bar's choice (all teams, a group or one team) and the
//! teams it stands for, provided once as a context of signals (a `Copy` struct, as thaw's
//! `ConfigInjection`). Pages derive what they show from it and keep no copy of their own;
//! choosing on a page changes the top bar's choice (stored, shown in the top bar and named
//! in the URL), never a second one. [`ScopePicker`] offers the choice again on a page.

use leptos::prelude::*;

use super::state::AppState;
use crate::domain::assessment::teams::Scope;
use crate::domain::assessment::Group;

#[derive(Clone, Copy)]
pub struct ScopeContext {
    /// The top bar's choice.
    pub chosen: Signal<Scope>,
    /// The teams it stands for now, in team-list order (follows team and group edits).
    pub teams: Memo<Vec<String>>,
    /// Makes a choice the top bar's ([`AppState::select`]).
    pub choose: Callback<Scope>,
}

impl ScopeContext {
    /// The scope of `app`, provided to the pages below the current owner.
    pub fn provide(app: AppState) -> ScopeContext {
        let scope = app.scope;
        let teams = Memo::new(move |_| {
            app.teams
                .with(|t| app.groups.with(|g| scope.with(|s| s.teams(t, g))))
        });
        let context = ScopeContext {
            chosen: scope.into(),
            teams,
            choose: Callback::new(move |s| app.select(s)),
        };
        provide_context(context);
        context
    }
}

pub fn use_scope() -> ScopeContext {
    expect_context::<ScopeContext>()
}

/// A select of "All teams", every group of `groups` and every team of `teams`, showing
/// `value` and reporting a choice to `on_change`.
#[component]
pub fn ScopePicker(
    /// The visible label.
    label: &'static str,
    #[prop(into)] value: Signal<Scope>,
    on_change: Callback<Scope>,
    teams: RwSignal<Vec<String>>,
    groups: RwSignal<Vec<Group>>,
) -> impl IntoView {
    view! {
        <label class="filters__field">
            <span>{label}</span>
            <select
                on:change=move |ev| on_change.run(Scope::from_value(&event_target_value(&ev)))
                prop:value=move || {
                    // Read the lists too: the options are rebuilt when they change.
                    groups.track();
                    teams.track();
                    value.get().to_value()
                }
            >
                // Each option also says whether it is chosen: the select's value is set
                // before its options exist.
                <option value="" selected=move || value.with(|s| *s == Scope::All)>"All teams"</option>
                <optgroup label="Groups">
                    {move || groups.get().into_iter().map(move |g| {
                        let s = Scope::Group(g.name.clone());
                        let v = s.to_value();
                        view! { <option value=v selected=move || value.with(|x| *x == s)>{format!("{} ({})", g.name, g.members.join(", "))}</option> }
                    }).collect_view()}
                </optgroup>
                <optgroup label="Teams">
                    {move || teams.get().into_iter().map(move |t| {
                        let s = Scope::Team(t.clone());
                        let v = s.to_value();
                        view! { <option value=v selected=move || value.with(|x| *x == s)>{t}</option> }
                    }).collect_view()}
                </optgroup>
            </select>
        </label>
    }
}
