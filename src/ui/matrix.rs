//! The dimension × level matrix with its filters (kept in the URL).

use leptos::prelude::*;

use super::browser::replace_hash;
use super::state::{use_app, AppState};
use super::status::{GroupStatus, StatusControl};
use crate::domain::filters::Filters;
use crate::domain::model::{LEVEL_TITLES, MODEL};
use crate::domain::preview::acts_height;
use crate::domain::route::{activity_href, Route};
use crate::domain::scores::{applies, completed_by_all};
use crate::domain::teams::Scope;

#[component]
pub fn MatrixPage() -> impl IntoView {
    let app = use_app();
    let filters = Memo::new(move |_| match app.route.get() {
        Route::Matrix(f) => f,
        _ => Filters::default(),
    });
    let set_filters = move |f: Filters| {
        let route = Route::Matrix(f);
        replace_hash(&route.to_hash());
        app.route.set(route);
    };
    let max = Memo::new(move |_| app.settings.with(|s| s.max_level));
    let visible = Memo::new(move |_| {
        let max = max.get();
        filters.with(|f| {
            MODEL
                .activities
                .iter()
                .filter(|a| {
                    a.level <= max
                        && f.shows_row(&MODEL, a.subdimension as usize)
                        && f.shows_activity(a)
                })
                .count()
        })
    });
    let teams = Memo::new(move |_| app.scope_teams());
    // One team: its own controls; several: a count and "set all" per activity.
    let team = Memo::new(move |_| app.scope.with(|s| s.team().map(str::to_string)));
    // The router builds this page again when the top bar's choice or the progress states
    // change, so no activity needs its own reactive switch or labels.
    let single = app.scope.with_untracked(|s| s.team().is_some());

    view! {
        <section class="matrix-page" aria-labelledby="matrix-title">
            <h1 id="matrix-title">"Maturity matrix"</h1>
            <FilterBar filters=filters set_filters=set_filters visible=visible />
            <table class="matrix">
                <caption class="visually-hidden">
                    {move || format!("DSOMM activities by sub-dimension and level, progress of {}", app.scope.with(Scope::label))}
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="matrix__sub">"Sub-dimension"</th>
                        {LEVEL_TITLES
                            .iter()
                            .enumerate()
                            .map(|(i, t)| view! { <th scope="col" hidden=move || { i as u8 >= max.get() }>{*t}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                {MODEL
                    .dimensions
                    .iter()
                    .map(|d| {
                        let subs = d.subdimensions;
                        let shown = move || {
                            filters.with(|f| subs.iter().any(|&s| row_visible(f, s as usize, max.get())))
                        };
                        view! {
                            <tbody hidden=move || !shown()>
                                <tr class="matrix__dim">
                                    <th scope="rowgroup" colspan="6">{d.name}</th>
                                </tr>
                                {subs
                                    .iter()
                                    .map(|&s| view! { <MatrixRow sub=s as usize filters=filters teams=teams team=team single=single max=max /> })
                                    .collect_view()}
                            </tbody>
                        }
                    })
                    .collect_view()}
            </table>
            <p class="matrix__empty" role="status" hidden=move || visible.get() != 0>
                "No activities match the selected filters."
            </p>
        </section>
    }
}

fn row_visible(f: &Filters, sub: usize, max: u8) -> bool {
    f.shows_row(&MODEL, sub)
        && MODEL.subdimensions[sub].activities.iter().any(|&i| {
            let a = &MODEL.activities[i as usize];
            a.level <= max && f.shows_activity(a)
        })
}

/// (completed by every team, applicable to some team) over `acts`: activities all the teams
/// marked not applicable count in neither.
fn done_of(app: &AppState, acts: impl Iterator<Item = usize>, teams: &[String]) -> (usize, usize) {
    app.defs.with(|d| {
        acts.fold((0, 0), |(done, total), i| {
            app.progress[i].with(|p| {
                (
                    done + usize::from(completed_by_all(p, teams, d)),
                    total + usize::from(applies(p, teams, d)),
                )
            })
        })
    })
}

#[component]
fn FilterBar(
    filters: Memo<Filters>,
    set_filters: impl Fn(Filters) + Copy + Send + Sync + 'static,
    visible: Memo<usize>,
) -> impl IntoView {
    let on_scope = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let mut f = filters.get_untracked();
        f.dimension.clear();
        f.subdimension.clear();
        if let Some(d) = v.strip_prefix("d:") {
            f.dimension = d.to_string();
        } else if let Some(s) = v.strip_prefix("s:") {
            f.subdimension = s.to_string();
        }
        set_filters(f);
    };
    let scope_value = move || {
        filters.with(|f| {
            if !f.subdimension.is_empty() {
                format!("s:{}", f.subdimension)
            } else if !f.dimension.is_empty() {
                format!("d:{}", f.dimension)
            } else {
                String::new()
            }
        })
    };
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="filters__field">
                <span>"Dimension"</span>
                <select on:change=on_scope prop:value=scope_value>
                    <option value="" prop:selected=move || scope_value().is_empty()>"All dimensions"</option>
                    {MODEL
                        .dimensions
                        .iter()
                        .map(|d| {
                            let dv = format!("d:{}", d.name);
                            let dv2 = dv.clone();
                            view! {
                                <optgroup label=d.name>
                                    <option value=dv prop:selected=move || scope_value() == dv2>
                                        {format!("All of {}", d.name)}
                                    </option>
                                    {d
                                        .subdimensions
                                        .iter()
                                        .map(|&s| {
                                            let name = MODEL.subdimensions[s as usize].name;
                                            let sv = format!("s:{name}");
                                            let sv2 = sv.clone();
                                            view! {
                                                <option value=sv prop:selected=move || scope_value() == sv2>
                                                    {name}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </optgroup>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="filters__field filters__search">
                <span>"Search"</span>
                <input
                    type="search"
                    placeholder="Name or description"
                    prop:value=move || filters.with(|f| f.query.clone())
                    on:input=move |ev| {
                        let mut f = filters.get_untracked();
                        f.query = event_target_value(&ev);
                        set_filters(f);
                    }
                />
            </label>
            <fieldset class="filters__tags">
                <legend>"Tags"</legend>
                {MODEL
                    .tags
                    .iter()
                    .map(|&tag| {
                        let pressed = move || filters.with(|f| f.tags.iter().any(|t| t == tag));
                        view! {
                            <button
                                type="button"
                                class="chip"
                                aria-pressed=move || pressed().to_string()
                                on:click=move |_| {
                                    let mut f = filters.get_untracked();
                                    if f.tags.iter().any(|t| t == tag) {
                                        f.tags.retain(|t| t != tag);
                                    } else {
                                        f.tags.push(tag.to_string());
                                    }
                                    set_filters(f);
                                }
                            >
                                <span aria-hidden="true">{move || if pressed() { "✓ " } else { "" }}</span>
                                {tag}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="filters__summary">
                <span role="status">
                    {move || format!("Showing {} of {} activities", visible.get(), MODEL.activities.len())}
                </span>
                <button
                    type="button"
                    class="button"
                    disabled=move || !filters.with(Filters::is_active)
                    on:click=move |_| set_filters(Filters::default())
                >
                    "Reset filters"
                </button>
            </div>
        </form>
    }
}

#[component]
fn MatrixRow(
    sub: usize,
    filters: Memo<Filters>,
    teams: Memo<Vec<String>>,
    team: Memo<Option<String>>,
    single: bool,
    max: Memo<u8>,
) -> impl IntoView {
    let app = use_app();
    let s = &MODEL.subdimensions[sub];
    // (done, total) over the levels shown.
    let counts = Memo::new(move |_| {
        let max = max.get();
        let shown = s
            .activities
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| MODEL.activities[i].level <= max);
        teams.with(|t| done_of(&app, shown, t))
    });
    view! {
        <tr hidden=move || !filters.with(|f| row_visible(f, sub, max.get()))>
            <th scope="row" class="matrix__sub">
                <span class="matrix__subname">{s.name}</span>
                <span class="matrix__count">{move || { let (d, t) = counts.get(); format!("{d} of {t} done") }}</span>
            </th>
            {(1..=5u8)
                .map(|level| {
                    let acts = MODEL.cell(sub, level);
                    view! { <MatrixCell acts=acts teams=teams team=team single=single filters=filters hidden=Signal::derive(move || { level > max.get() }) /> }
                })
                .collect_view()}
        </tr>
    }
}

#[component]
fn MatrixCell(
    acts: Vec<usize>,
    teams: Memo<Vec<String>>,
    team: Memo<Option<String>>,
    /// One team chosen (its controls) or several (counts and "set all").
    single: bool,
    filters: Memo<Filters>,
    /// True when the cell's level is above the highest level shown.
    hidden: Signal<bool>,
) -> impl IntoView {
    let app = use_app();
    if acts.is_empty() {
        return view! { <td class="matrix__cell matrix__cell--empty" hidden=hidden><span class="visually-hidden">"No activities"</span></td> }
            .into_any();
    }
    let ids = acts.clone();
    let done = Memo::new(move |_| teams.with(|t| done_of(&app, ids.iter().copied(), t)));
    // The page is built again when the chosen team changes (see `ui::app`).
    let team = team.get_untracked().unwrap_or_default();
    let shown = acts.clone();
    let height = acts_height(acts.len());
    // A count over activities the filters hide entirely would describe nothing on screen.
    let none_shown = move || {
        filters.with(|f| {
            f.is_active()
                && !shown
                    .iter()
                    .any(|&i| f.shows_activity(&MODEL.activities[i]))
        })
    };
    view! {
        <td class="matrix__cell" hidden=hidden>
            <span class="matrix__cellcount" hidden=none_shown>{move || { let (d, t) = done.get(); format!("{d}/{t} done") }}</span>
            <ul class="acts" style=height>
                {acts
                    .into_iter()
                    .map(|i| {
                        let a = &MODEL.activities[i];
                        view! {
                            <li class="act" hidden=move || !filters.with(|f| f.shows_activity(a))>
                                {if single {
                                    view! { <StatusControl index=i team=team.clone() /> }.into_any()
                                } else {
                                    view! { <GroupStatus index=i teams=teams /> }.into_any()
                                }}
                                <a class="act__name" href=activity_href(a.uuid)>{a.name}</a>
                                {(!a.tags.is_empty())
                                    .then(|| {
                                        view! {
                                            <span class="act__tags">
                                                {a.tags.iter().map(|t| view! { <span class="tag">{*t}</span> }).collect_view()}
                                            </span>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </td>
    }
    .into_any()
}
