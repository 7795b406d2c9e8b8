//! The second wasm module's root: its state and the page of the URL.
//!
//! Each module has its own copy of the app state, loaded from localStorage; what one writes
//! reaches the other through `super::sync`, as another tab's writes do. The pages render
//! into `#pages`, which the shell keeps in `<main>`.

use leptos::prelude::*;

use super::activity::ActivityPage;
use super::data::DataPage;
use super::graph::DependenciesPage;
use super::heatmap::HeatmapPage;
use super::mapping::MappingPage;
use super::report::ReportPage;
use super::scope::ScopeContext;
use super::settings::SettingsPage;
use super::state::{use_app, AppState};
use super::teams::TeamsPage;
use crate::browser::bus::FOCUS_ATTR;
use crate::browser::{focus_page_heading, location_hash};
use crate::domain::views::route::Route;

/// The second module's state (its own copy, loaded from localStorage), following the URL
/// and the other module's and other tabs' writes for the life of the page.
pub fn provide_state() -> AppState {
    let app = AppState::load(false);
    app.route.set(Route::parse(&location_hash()));
    app.scope_from_url(true);
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        app.route.set(Route::parse(&location_hash()));
        app.scope_from_url(false);
    });

    on_cleanup(move || on_hash.remove());
    super::sync::listen(app);
    app
}

/// The second module's pages (the shell shows the matrix and "not found").
#[component]
pub fn Pages() -> impl IntoView {
    let app = use_app();
    // The one scope every page reads.
    let scope = ScopeContext::provide(app);
    // The theme follows the settings (changed here, or in another tab).
    Effect::new(move |_| crate::browser::apply_theme(app.settings.with(|s| s.theme)));
    // The URL names the top bar's choice, whichever module changed it. (An Effect runs
    // once the executor does, which mounting starts: so here, not in `provide_state`.)
    Effect::new(move |_| {
        scope.chosen.track();
        app.replace_hash(&location_hash());
    });
    let page = Memo::new(move |_| app.route.with(Route::page));
    Effect::new(move |prev: Option<Route>| {
        let now = page.get();
        let asked = prev.is_none() && take_focus_request();
        if (asked || prev.is_some_and(|p| p != now)) && !now.on_first_screen() {
            focus_page_heading("#pages h1");
        }
        now
    });
    view! {
        {move || match page.get() {
            Route::Activity(key) => view! { <ActivityPage key=key /> }.into_any(),
            Route::Data => view! { <DataPage /> }.into_any(),
            Route::Teams => view! { <TeamsPage /> }.into_any(),
            Route::Heatmap => view! { <HeatmapPage /> }.into_any(),
            Route::Mapping(_) => view! { <MappingPage /> }.into_any(),
            Route::Dependencies(_) => view! { <DependenciesPage /> }.into_any(),
            Route::Report => view! { <ReportPage /> }.into_any(),
            Route::Settings => view! { <SettingsPage /> }.into_any(),
            Route::Plan => view! { <super::plan::PlanPage /> }.into_any(),
            Route::Matrix(_) | Route::NotFound(_) => ().into_any(),
        }}
    }
}

/// Whether the first module asked for focus on the first page shown (and forgets it).
fn take_focus_request() -> bool {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("pages"));
    root.is_some_and(|r| {
        let asked = r.has_attribute(FOCUS_ATTR);
        let _ = r.remove_attribute(FOCUS_ATTR);
        asked
    })
}
