//! One activity: every field of the model, and each team's state.

use leptos::prelude::*;

use super::state::use_app;
use super::status::{GroupStatus, StatusControl};
use crate::domain::model::MODEL;

/// Finds the activity by uuid, or by name for old links.
fn find(key: &str) -> Option<usize> {
    MODEL
        .activity_index(key)
        .or_else(|| MODEL.activity_by_name(key))
}

#[component]
pub fn ActivityPage(key: String) -> impl IntoView {
    let Some(index) = find(&key) else {
        return view! {
            <section class="page">
                <h1>"Activity not found"</h1>
                <p>{format!("No activity of model v{} has the id or name “{key}”.", MODEL.version)}</p>
                <p><a href="#/">"Back to the matrix"</a></p>
            </section>
        }
        .into_any();
    };
    let a = &MODEL.activities[index];
    let sub = MODEL.subdimension_of(a).name;
    let dim = MODEL.dimension_of(a).name;
    view! {
        <article class="page activity" aria-labelledby="activity-title">
            <p class="activity__crumbs">
                <a href="#/">"Matrix"</a>" › "
                <a href=format!("#/?dim={}", crate::domain::url::encode(dim))>{dim}</a>" › "
                <a href=format!("#/?sub={}", crate::domain::url::encode(sub))>{sub}</a>
            </p>
            <h1 id="activity-title">{a.name}</h1>
            <p class="activity__meta">
                {format!("Level {}", a.level)}
                " · id: "<code>{a.uuid}</code>
            </p>
            <TeamStates index=index />
            <super::evidence::EvidencePanel index=index />
            <div inner_html=a.page></div>
        </article>
    }
    .into_any()
}

#[component]
fn TeamStates(index: usize) -> impl IntoView {
    let app = use_app();
    // A group or "all teams" narrows the table; one chosen team does not: this page is where
    // every team's state of one activity is seen side by side.
    let teams = Memo::new(move |_| match app.scope.with(|s| s.team().is_some()) {
        true => app.teams.get(),
        false => app.scope_teams(),
    });
    let several = move || app.scope.with(|s| s.team().is_none());
    view! {
        <section class="activity__section">
            <h2>"Team progress"</h2>
            <p class="hint">
                {move || {
                    let shown = teams.with(Vec::len);
                    let all = app.teams.with(Vec::len);
                    if shown == all {
                        format!("All {all} teams.")
                    } else {
                        format!("{shown} of {all} teams: {} (chosen in the top bar).", app.scope.with(|s| s.label()))
                    }
                }}
            </p>
            <Show when=several>
                <p class="activity__setall">
                    {move || { app.defs.with(|_| ()); view! { <GroupStatus index=index teams=teams /> } }}
                </p>
            </Show>
            <table class="teams">
                <thead>
                    <tr>
                        <th scope="col">"Team"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Dates reached"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || { app.defs.with(|_| ()); teams.get() }.into_iter().map(move |team| {
                            let t = team.clone();
                            let history = move || {
                                app.progress[index].with(|p| {
                                    let Some(r) = p.get(&t) else { return "—".to_string() };
                                    let mut parts: Vec<(usize, String)> = r
                                        .dates
                                        .iter()
                                        .map(|(s, d)| {
                                            let shown = app.settings.with(|x| super::browser::format_date(*d, &x.date_format));
                                            (app.defs.with(|x| x.order(s)), format!("{s}: {shown}"))
                                        })
                                        .collect();
                                    parts.sort();
                                    parts.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(" · ")
                                })
                            };
                            let name = team.clone();
                            let team_for_dates = team.clone();
                            view! {
                                <tr>
                                    <th scope="row">{team}</th>
                                    <td><StatusControl index=index team=name /></td>
                                    <td>
                                        {history}
                                        <DateEditor index=index team=team_for_dates.clone() />
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Date inputs for the states a team has reached, to back-fill an assessment.
#[component]
fn DateEditor(index: usize, team: String) -> impl IntoView {
    let app = use_app();
    let team = StoredValue::new(team);
    let error = RwSignal::new(None::<String>);
    let reached = move || {
        let mut states: Vec<(usize, String, crate::domain::date::Date)> =
            app.progress[index].with(|p| {
                p.get(&team.get_value())
                    .map(|r| {
                        r.dates
                            .iter()
                            .map(|(s, d)| (app.defs.with(|x| x.order(s)), s.clone(), *d))
                            .collect()
                    })
                    .unwrap_or_default()
            });
        states.sort();
        states
    };
    view! {
        <details class="dates" hidden=move || reached().is_empty()>
            <summary>{move || format!("Edit dates of {}", team.get_value())}</summary>
            {move || {
                reached()
                    .into_iter()
                    .map(|(_, state, date)| {
                        let label = state.clone();
                        view! {
                            <label class="dates__field">
                                <span>{label}</span>
                                <input
                                    type="date"
                                    prop:value=date.to_string()
                                    // Saved when the field is left (or Enter), not on every `change`,
                                    // which fires while a year is still being typed.
                                    on:keydown=move |ev| {
                                        if ev.key() == "Enter" {
                                            if let Some(t) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok()) {
                                                let _ = t.blur();
                                            }
                                        }
                                    }
                                    on:blur=move |ev| {
                                        let v = event_target_value(&ev);
                                        if v == date.to_string() {
                                            return;
                                        }
                                        let result = crate::domain::date::Date::parse(&v)
                                            .ok_or_else(|| format!("“{v}” is not a date"))
                                            .and_then(|d| app.set_date(index, &team.get_value(), &state, d));
                                        match result {
                                            Ok(()) => error.set(None),
                                            Err(e) => {
                                                error.set(Some(format!("{e}. Nothing was changed.")));
                                                // Show the stored date again.
                                                if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                                                    input.set_value(&date.to_string());
                                                }
                                            }
                                        }
                                    }
                                />
                            </label>
                        }
                    })
                    .collect_view()
            }}
            <p role="alert" class="alert alert--error" hidden=move || error.get().is_none()>{move || error.get().unwrap_or_default()}</p>
        </details>
    }
}
