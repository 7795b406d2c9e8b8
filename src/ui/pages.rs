//! The second wasm module (every page but the matrix) and how the first one loads it.
//!
//! Each module has its own copy of the app state, loaded from localStorage; what one writes
//! reaches the other through `super::sync`, as another tab's writes do. The second module
//! renders into `#pages`, which the shell keeps in `<main>`.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::activity::ActivityPage;
use super::browser::{focus_page_heading, js_error_text, location_hash};
use super::data::DataPage;
use super::heatmap::HeatmapPage;
use super::notices::Notices;
use super::settings::SettingsPage;
use super::state::AppState;
use super::teams::TeamsPage;
use crate::domain::route::Route;

/// Where the second module is, from the first one's point of view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Module {
    Idle,
    Loading,
    Ready,
    Failed(String),
}

thread_local! {
    /// Loads tried so far: a retry asks for other URLs, as a failed `import()` of a URL
    /// is remembered by the browser.
    static ATTEMPTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The attribute that asks the second module to focus its first page's heading.
const FOCUS_ATTR: &str = "data-focus-heading";

/// Starts loading the second module unless it is loading or loaded (after a failure: again).
pub fn load(module: RwSignal<Module>) {
    if matches!(module.get_untracked(), Module::Loading | Module::Ready) {
        return;
    }
    module.set(Module::Loading);
    let attempt = ATTEMPTS.replace(ATTEMPTS.get() + 1);
    let promise = match import_module(attempt) {
        Ok(p) => p,
        Err(e) => return module.set(Module::Failed(e)),
    };
    wasm_bindgen_futures::spawn_local(async move {
        let done = wasm_bindgen_futures::JsFuture::from(promise).await;
        module.set(match done {
            Ok(_) => Module::Ready,
            Err(e) => Module::Failed(js_error_text(&e)),
        });
    });
}

/// `import()` of the module's JS, then its start (which mounts it). Its files are named after
/// their content hash, which the build writes into `<meta name="dsomm-pages">`, so a cached
/// old copy is never paired with a new first module.
fn import_module(attempt: u32) -> Result<js_sys::Promise, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let version = document
        .query_selector("meta[name=dsomm-pages]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or(
            "this index.html does not name the pages module (built without scripts/post-build)",
        )?;
    let base = document.base_uri().ok().flatten().ok_or("no base URL")?;
    let url = |file: String| {
        web_sys::Url::new_with_base(&file, &base)
            .map(|u| u.href())
            .map_err(|e| js_error_text(&e))
    };
    let retry = if attempt == 0 {
        String::new()
    } else {
        format!("?attempt={attempt}")
    };
    let js = url(format!("dsomm-pages-{version}.js{retry}"))?;
    let wasm = url(format!("dsomm-pages-{version}_bg.wasm{retry}"))?;
    import_pages(&js, &wasm).map_err(|e| js_error_text(&e))
}

// `import()` is syntax, not a function, so it needs a line of JS: a wasm-bindgen snippet (a
// file served beside the app), not `new Function`, which the Content-Security-Policy refuses.
#[wasm_bindgen::prelude::wasm_bindgen(
    inline_js = "export function import_pages(js, wasm) { return import(js).then((m) => m.default({ module_or_path: wasm })); }"
)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn import_pages(js: &str, wasm: &str) -> Result<js_sys::Promise, JsValue>;
}

/// What the shell shows for a page of the second module: a loading line, nothing once the
/// module shows the page, or why it could not be loaded.
#[component]
pub fn Loading(module: RwSignal<Module>) -> impl IntoView {
    move || {
        match module.get() {
        Module::Ready => ().into_any(),
        Module::Failed(e) => view! {
            <section class="page" role="alert">
                <h1>"This page could not be loaded"</h1>
                <p>{format!("The part of the app with this page did not load ({e}). ")}
                    "Your assessment is not affected: it stays in this browser, and the matrix still works. "
                    "Check that the app is still being served, then reload the page."
                </p>
                <p>
                    <button type="button" class="button" on:click=move |_| load(module)>"Try again"</button>
                    " "
                    <a href="#/">"Go to the matrix"</a>
                </p>
            </section>
        }
        .into_any(),
        _ => view! { <p class="page loading" role="status">"Loading…"</p> }.into_any(),
    }
    }
}

/// Asks the second module, not there yet, to focus the heading of the first page it shows
/// (one was asked for in the app, not opened from a link from outside).
pub fn focus_when_shown() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("pages"))
    {
        let _ = root.set_attribute(FOCUS_ATTR, "");
    }
}

/// The second module's root: its own state, router and messages.
#[component]
pub fn Pages() -> impl IntoView {
    let app = AppState::load(false);
    provide_context(app);
    app.route.set(Route::parse(&location_hash()));
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        app.route.set(Route::parse(&location_hash()));
    });
    on_cleanup(move || on_hash.remove());
    super::sync::listen(app);

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
        <Notices />
        {move || match page.get() {
            Route::Activity(key) => view! { <ActivityPage key=key /> }.into_any(),
            Route::Data => view! { <DataPage /> }.into_any(),
            Route::Teams => view! { <TeamsPage /> }.into_any(),
            Route::Heatmap => view! { <HeatmapPage /> }.into_any(),
            Route::Settings => view! { <SettingsPage /> }.into_any(),
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
