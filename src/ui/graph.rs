//! Dependency graphs: an activity's prerequisites and dependents on its page, and a whole
//! dimension's graph (`#/dependencies`). Layout and markup come from the core
//! (`domain::views::graph`); here they are put in place and follow the top bar's teams.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::scope::use_scope;
use super::state::{use_app, AppState};
use crate::domain::model::MODEL;
use crate::domain::views::graph::{around, layout, node_state, of_dimension, svg, NodeState, Role};
use crate::domain::views::route::Route;

fn state_of(app: &AppState, teams: &[String], i: usize) -> NodeState {
    app.defs
        .with(|d| app.progress[i].with(|p| node_state(p, teams, d)))
}

/// The graph of `set` about `what`, with the states of `teams` (tracked).
fn draw(app: &AppState, set: &[(usize, Role)], id: &str, what: &str, teams: &[String]) -> String {
    let l = layout(&MODEL, set);
    let label = format!(
        "Dependency graph of {what}: {} activities, arrows from prerequisite to dependent",
        set.len()
    );
    svg(&MODEL, &l, id, &label, &|i| state_of(app, teams, i))
}

/// The depths offered on an activity's page (`None`: every step).
const DEPTHS: [(Option<usize>, &str); 4] = [
    (Some(1), "1 step"),
    (Some(2), "2 steps"),
    (Some(3), "3 steps"),
    (None, "All steps"),
];

/// An activity's prerequisites and dependents, with a depth control.
#[component]
pub fn ActivityGraph(index: usize) -> impl IntoView {
    let app = use_app();
    let a = &MODEL.activities[index];
    let depth = RwSignal::new(Some(2usize));
    let teams = use_scope().teams;
    let drawing = Memo::new(move |_| {
        let set = around(&MODEL, index, depth.get());
        teams.with(|t| {
            draw(
                &app,
                &set,
                "activity-graph",
                MODEL.activities[index].name,
                t,
            )
        })
    });
    let alone = a.depends_on.is_empty() && a.required_by.is_empty();
    view! {
        <section class="activity__section" aria-labelledby="graph-title">
            <h2 id="graph-title">"Dependency graph"</h2>
            {if alone {
                view! { <p>"This activity has no prerequisites and no activity depends on it."</p> }.into_any()
            } else {
                view! {
                    <div class="graph__bar">
                        <label class="filters__field">
                            <span>"Show dependencies"</span>
                            <select on:change=move |ev| {
                                let v = event_target_value(&ev);
                                depth.set(v.parse().ok());
                            }>
                                {DEPTHS
                                    .into_iter()
                                    .map(|(d, label)| {
                                        let value = d.map(|d| d.to_string()).unwrap_or_else(|| "all".into());
                                        view! { <option value=value selected=move || depth.get() == d>{label}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <p class="hint">
                            "Columns by level; arrows point from a prerequisite to what depends on it. Each box links to its activity and shows the state of the teams chosen at the top."
                        </p>
                    </div>
                    <div class="graph__holder" inner_html=move || drawing.get()></div>
                }
                .into_any()
            }}
        </section>
    }
}

#[wasm_bindgen]
extern "C" {
    /// An element measured on screen, and the part of `DOMRect` needed here (web-sys's
    /// types need features of their own).
    type Measured;
    type Rect;
    #[wasm_bindgen(method, js_name = getBoundingClientRect)]
    fn rect(this: &Measured) -> Rect;
    #[wasm_bindgen(method, getter)]
    fn top(this: &Rect) -> f64;
    #[wasm_bindgen(method, getter)]
    fn bottom(this: &Rect) -> f64;
}

/// Height of the column heads: what must be in view for the graph's start to be seen.
const HEADS_PX: f64 = 40.0;

/// After another dimension is picked: the new graph starts at its left edge, and the page
/// scrolls (only if needed) so that its column heads show below the sticky top bar. The
/// focus stays on the picker.
fn show_start(holder: &web_sys::Element) {
    holder.set_scroll_left(0);
    let Some(w) = web_sys::window() else { return };
    let bar = w
        .document()
        .and_then(|d| d.query_selector(".topbar").ok().flatten())
        .map_or(0.0, |b| b.unchecked_ref::<Measured>().rect().bottom());
    let room = w
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let top = holder.unchecked_ref::<Measured>().rect().top();
    if top < bar || top + HEADS_PX > room {
        w.scroll_by_with_x_and_y(0.0, top - bar - 8.0);
    }
}

/// The whole model's dependency graph, one dimension at a time.
#[component]
pub fn DependenciesPage() -> impl IntoView {
    let app = use_app();
    let dim = Memo::new(move |_| match app.route.get() {
        Route::Dependencies(name) => MODEL
            .dimensions
            .iter()
            .position(|d| d.name == name)
            .unwrap_or(0),
        _ => 0,
    });
    let scope = use_scope();
    let teams = scope.teams;
    let max = Memo::new(move |_| app.settings.with(|s| s.max_level));
    let drawing = Memo::new(move |_| {
        let d = dim.get();
        let set = of_dimension(&MODEL, d, max.get());
        teams.with(|t| draw(&app, &set, "dimension-graph", MODEL.dimensions[d].name, t))
    });
    let holder = NodeRef::<leptos::html::Div>::new();
    // Not on the first drawing: only a switch of dimension moves the view.
    Effect::watch(
        move || dim.get(),
        move |_, _, _| {
            if let Some(el) = holder.get_untracked() {
                show_start(&el);
            }
        },
        false,
    );
    view! {
        <section class="page page--wide" aria-labelledby="deps-title">
            <h1 id="deps-title">"Dependencies"</h1>
            <p>
                "Which activities build on which, one dimension at a time, up to the highest level shown in Settings. Columns are maturity levels (split where an activity needs another of the same level); arrows point from a prerequisite to what depends on it. Activities of other dimensions that are direct prerequisites or dependents are shown with a dashed border."
            </p>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <label class="filters__field">
                    <span>"Dimension"</span>
                    <select on:change=move |ev| {
                        let route = Route::Dependencies(event_target_value(&ev));
                        app.replace_hash(&route.to_hash());
                        app.route.set(route);
                    }>
                        {MODEL
                            .dimensions
                            .iter()
                            .enumerate()
                            .map(|(i, d)| view! { <option value=d.name selected=move || dim.get() == i>{d.name}</option> })
                            .collect_view()}
                    </select>
                </label>
            </form>
            <p class="hint">{move || format!("States of {}.", scope.chosen.with(|s| s.label()))}</p>
            <div node_ref=holder class="graph__holder graph__holder--page" inner_html=move || drawing.get()></div>
        </section>
    }
}
