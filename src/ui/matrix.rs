//! The dimension × level matrix with its filters (kept in the URL).

use leptos::prelude::*;

use super::browser::replace_hash;
use super::matrix_table::{bind_table, Binding};
use super::state::use_app;
use crate::domain::filters::Filters;
use crate::domain::matrix_html::filter_options;
use crate::domain::model::MODEL;
use crate::domain::route::Route;

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
                        && f.shows_activity(&MODEL, a)
                })
                .count()
        })
    });
    let teams = Memo::new(move |_| app.scope_teams());
    // One team: its own controls; several: a count and "set all" per activity.
    let team = Memo::new(move |_| app.scope.with(|s| s.team().map(str::to_string)));
    // The router builds this page again when the top bar's choice or the progress states
    // change, so the table needs no reactive switch between one team and several.

    let binding = Binding {
        app,
        filters,
        max,
        teams,
        team: team.get_untracked(),
    };
    view! {
        <section class="matrix-page" aria-labelledby="matrix-title">
            <h1 id="matrix-title">"Maturity matrix"</h1>
            <FilterBar filters=filters set_filters=set_filters visible=visible />
            <div class="matrix-holder" use:bind_table=binding></div>
            <p class="matrix__empty" role="status" hidden=move || visible.get() != 0>
                "No activities match the selected filters."
            </p>
        </section>
    }
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
                <select
                    on:change=on_scope
                    inner_html=filter_options(&MODEL)
                    prop:value=scope_value
                ></select>
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
