//! The shell: header with navigation and team picker, messages, the current page, footer.

use leptos::prelude::*;

use super::activity::ActivityPage;
use super::browser::{location_hash, replace_hash};
use super::data::DataPage;
use super::heatmap::HeatmapPage;
use super::matrix::MatrixPage;
use super::settings::SettingsPage;
use super::state::{use_app, AppState, NoticeKind};
use super::teams::TeamsPage;
use crate::domain::model::MODEL;
use crate::domain::route::Route;

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::load();
    super::mark("dsomm:loaded");
    provide_context(app);

    // Reference-app links (`activity-description?uuid=…`) arrive as a query string.
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let initial = match Route::from_legacy_query(&search) {
        Some(r) if location_hash().is_empty() => {
            let path = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default();
            let base = path.trim_end_matches("activity-description").to_string();
            replace_hash(&format!("{base}{}", r.to_hash()));
            r
        }
        _ => Route::parse(&location_hash()),
    };
    app.route.set(initial);

    // The theme follows the settings (and another tab's change of them).
    Effect::new(move |_| super::browser::apply_theme(app.settings.with(|s| s.theme)));

    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        app.route.set(Route::parse(&location_hash()));
    });
    let on_storage =
        window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
            app.on_storage_event(ev.key(), ev.new_value());
        });
    on_cleanup(move || {
        on_hash.remove();
        on_storage.remove();
    });

    // The page shown: the route with the matrix filters left out, so typing a filter never
    // rebuilds the page.
    let single = Memo::new(move |_| app.scope.with(|s| s.team().is_some()));
    let page = Memo::new(move |_| match app.route.get() {
        Route::Matrix(_) => Route::Matrix(Default::default()),
        other => other,
    });
    // Move focus to the new page's heading so keyboard and screen-reader users land there.
    Effect::new(move |prev: Option<Route>| {
        let now = page.get();
        if prev.is_some_and(|p| p != now) {
            if let Some(h) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("main h1").ok().flatten())
            {
                let _ = h.set_attribute("tabindex", "-1");
                if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h) {
                    let _ = h.focus();
                }
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
        }
        now
    });

    view! {
        <a class="skip" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(m) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main")) {
                if let Ok(m) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m) { let _ = m.focus(); }
            }
        }>"Skip to content"</a>
        <header class="topbar">
            <a class="topbar__brand" href="#/">"DSOMM"<span class="topbar__sub">" DevSecOps Maturity Model"</span></a>
            <nav aria-label="Main">
                <ul class="topbar__nav">
                    <li><a href="#/" aria-current=move || (matches!(page.get(), Route::Matrix(_))).then_some("page")>"Matrix"</a></li>
                    <li><a href="#/heatmap" aria-current=move || (page.get() == Route::Heatmap).then_some("page")>"Heatmap"</a></li>
                    <li><a href="#/teams" aria-current=move || (page.get() == Route::Teams).then_some("page")>"Teams"</a></li>
                    <li><a href="#/settings" aria-current=move || (page.get() == Route::Settings).then_some("page")>"Settings"</a></li>
                    <li><a href="#/data" aria-current=move || (page.get() == Route::Data).then_some("page")>"Import / export"</a></li>
                </ul>
            </nav>
            <TeamPicker />
        </header>
        <Notices />
        <main id="main" tabindex="-1">
            {move || match page.get() {
                Route::Matrix(_) => {
                    // The matrix is built for one team or several, and for the progress states.
                    // (Read, not just tracked: tracking a memo never computed re-runs this once
                    // right after start-up, building the whole matrix twice.)
                    app.defs.with(|_| ());
                    single.get();
                    view! { <MatrixPage /> }.into_any()
                }
                Route::Activity(key) => view! { <ActivityPage key=key /> }.into_any(),
                Route::Data => view! { <DataPage /> }.into_any(),
                Route::Teams => view! { <TeamsPage /> }.into_any(),
                Route::Heatmap => view! { <HeatmapPage /> }.into_any(),
                Route::Settings => view! { <SettingsPage /> }.into_any(),
                Route::NotFound(p) => view! {
                    <section class="page">
                        <h1>"Page not found"</h1>
                        <p>{format!("There is no page “{p}”. ")}<a href="#/">"Go to the matrix"</a></p>
                    </section>
                }.into_any(),
            }}
        </main>
        <footer class="footer">
            <p>
                "Model: "
                <a
                    href=if crate::domain::markdown::safe_url(MODEL.publisher) { MODEL.publisher } else { "#/" }
                    rel="noopener noreferrer"
                    target="_blank"
                >"OWASP DevSecOps Maturity Model"</a>
                {format!(" v{} (released {}), {} activities; content by OWASP under CC BY-SA 4.0. ", MODEL.version, MODEL.released, MODEL.activities.len())}
                "Your assessment stays in this browser; nothing is sent anywhere."
            </p>
        </footer>
    }
}

#[component]
fn TeamPicker() -> impl IntoView {
    let app = use_app();
    view! {
        <super::scope::ScopePicker label="Team" scope=app.scope on_pick=Callback::new(move |s| app.select(s)) class="teampicker" />
    }
}

#[component]
fn Notices() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="notices">
            {move || app.notices.get().into_iter().map(move |n| {
                    let id = n.id;
                    let class = match n.kind {
                        NoticeKind::Error => "notice notice--error",
                        NoticeKind::Info => "notice notice--info",
                    };
                    let prefix = match n.kind {
                        NoticeKind::Error => "Problem: ",
                        NoticeKind::Info => "Done: ",
                    };
                    let restore = n.offer_restore;
                    let role = if n.kind == NoticeKind::Error { "alert" } else { "status" };
                    view! {
                        <div class=class role=role>
                            <strong>{prefix}</strong>
                            <span>{n.text.clone()}</span>
                            {restore.then(|| view! {
                                <button type="button" class="button" on:click=move |_| {
                                    app.restore_to_storage();
                                    app.dismiss(id);
                                }>"Save to storage again"</button>
                            })}
                            <button type="button" class="notice__close" aria-label="Dismiss message" on:click=move |_| app.dismiss(id)>"×"</button>
                        </div>
                    }
                }).collect_view()}
        </div>
    }
}
