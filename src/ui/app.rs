//! The shell (first wasm module): header with navigation and team picker, messages, the
//! matrix, footer, and the place where the second module shows the other pages.

use leptos::prelude::*;

use super::browser::{focus_page_heading, location_hash, replace_hash};
use super::matrix::MatrixPage;
use super::notices::Notices;
use super::pages::Module;
use super::state::{use_app, AppState};
use crate::domain::model::MODEL;
use crate::domain::preview::{model_note, NAV};
use crate::domain::route::Route;

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::load(true);
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
    on_cleanup(move || on_hash.remove());
    super::sync::listen(app);

    let scope = Memo::new(move |_| app.scope.get());
    let page = Memo::new(move |_| app.route.with(Route::page));
    // The other pages: at once when one of them is asked for, else right after the first
    // screen is shown, so that following a link does not wait for the download.
    let pages = RwSignal::new(Module::Idle);

    // Move focus to the new page's heading so keyboard and screen-reader users land there.
    // The pages module does so for its pages, also for the first it shows if it was asked
    // for before it was there; the message that it could not be loaded gets focus here.
    Effect::new(move |prev: Option<Route>| {
        let now = page.get();
        if prev.is_some_and(|p| p != now) {
            if now.on_first_screen() {
                focus_page_heading("main h1");
            } else if pages.get_untracked() != Module::Ready {
                super::pages::focus_when_shown();
            }
        }
        now
    });
    Effect::new(move |_| {
        if matches!(pages.get(), Module::Failed(_)) && !page.with_untracked(Route::on_first_screen)
        {
            focus_page_heading("main h1");
        }
    });

    Effect::new(move |_| {
        if !page.with(Route::on_first_screen) {
            super::pages::load(pages);
        }
    });
    request_animation_frame(move || {
        set_timeout(move || super::pages::load(pages), std::time::Duration::ZERO)
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
                    {NAV
                        .iter()
                        .map(|&(label, href)| {
                            let target = Route::parse(href);
                            view! { <li><a href=href aria-current=move || (page.get() == target).then_some("page")>{label}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <TeamPicker />
        </header>
        <Notices />
        <main id="main" tabindex="-1">
            {move || match page.get() {
                Route::Matrix(_) => {
                    // The matrix is built for the top bar's choice (one team's controls, or
                    // counts for several) and for the progress states. (Read, not just tracked:
                    // tracking a memo never computed re-runs this once right after start-up,
                    // building the whole matrix twice.) The table's effects read the states
                    // untracked and rely on this (`ui::matrix_table`).
                    app.defs.with(|_| ());
                    scope.with(|_| ());
                    view! { <MatrixPage /> }.into_any()
                }
                Route::NotFound(p) => view! {
                    <section class="page">
                        <h1>"Page not found"</h1>
                        <p>{format!("There is no page “{p}”. ")}<a href="#/">"Go to the matrix"</a></p>
                    </section>
                }.into_any(),
                _ => view! { <super::pages::Loading module=pages /> }.into_any(),
            }}
            // The pages module renders here (never rebuilt by this module).
            <div id="pages"></div>
        </main>
        <footer class="footer">
            <p>
                "Model: "
                <a
                    href=if crate::domain::url::safe_href(MODEL.publisher) { MODEL.publisher } else { "#/" }
                    rel="noopener noreferrer"
                    target="_blank"
                >"OWASP DevSecOps Maturity Model"</a>
                {model_note(&MODEL)}
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
