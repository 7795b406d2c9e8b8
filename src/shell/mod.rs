//! The first wasm module: the shell and the matrix, taken over from the pre-rendered first
//! screen (`domain::views::preview`) and bound by hand with web-sys, without Leptos, so the first
//! screen downloads and compiles only this (measured in the README: about a third of the
//! Leptos shell it replaces). Every rule stays in the core (`domain`: progress, scores,
//! filters, scope, routes, storage, markup); this only moves their results into the DOM.
//!
//! Every other page comes with the second module (`crate::ui`, Leptos), loaded right after
//! the first screen, or at once when a link opens one of its pages (`pages`). The two keep
//! their copies of the state in step through localStorage and an in-page event
//! (`browser::bus`), as other tabs do.

mod bars;
mod matrix;
mod pages;
mod state;

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::Element;

use crate::browser::{self, location_hash, replace_hash};
use crate::domain::storage::Backend;
use crate::domain::views::preview::{PAGES_ID, PAGES_STATUS_ID, PREVIEW_ID};
use crate::domain::views::route::Route;

pub(crate) use state::with_state;

use crate::browser::mark;

pub(crate) fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub(crate) fn by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

pub(crate) fn query(selector: &str) -> Option<Element> {
    document()?.query_selector(selector).ok().flatten()
}

pub(crate) fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|k| list.item(k)?.dyn_into::<Element>().ok())
        .collect()
}

/// The event's target as a `T` (a select, an input, an element).
pub(crate) fn target<T: JsCast>(ev: &web_sys::Event) -> Option<T> {
    ev.target()?.dyn_into::<T>().ok()
}

/// A number in one of the markup's `data-` attributes (`data-i`, `data-sub`, `data-level`).
pub(crate) fn data<T: std::str::FromStr>(el: &Element, name: &str) -> Option<T> {
    el.get_attribute(name)?.parse().ok()
}

/// Sets an element's text only when it changes: writing the same text again still makes
/// the browser lay it out again (every count of the matrix, on each filter change).
pub(crate) fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

pub(crate) fn hide(el: &Element, hidden: bool) {
    let _ = el.toggle_attribute_with_force("hidden", hidden);
}

/// Adds a listener for the life of the page.
pub(crate) fn on(target: &web_sys::EventTarget, event: &str, f: impl Fn(web_sys::Event) + 'static) {
    let f = Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
    f.forget();
}

/// Starts the first module: loads the state, takes the pre-rendered page over and binds it.
pub fn start() {
    mark("dsomm:start");
    let Some(root) = by_id(PREVIEW_ID) else {
        wasm_bindgen::throw_str(
            "the page has no pre-rendered first screen (built without scripts/post-build)",
        );
    };
    // This browser's custom model (a custom activity file, compiled by the pages module),
    // before anything reads the model. One that cannot be used leaves the embedded model;
    // the pages module says why on the Import / export page.
    let custom = browser::LocalStorageBackend::new()
        .get(crate::domain::model::CUSTOM_MODEL_KEY)
        .ok()
        .flatten();
    if custom.is_some_and(|raw| crate::domain::model::install_stored_matrix(&raw).is_ok()) {
        bars::filters_for_model();
    }
    // The search index travels in a file of its own, fetched while the page starts.
    matrix::load_search();
    let (problems, first_visit) = state::load();
    mark("dsomm:loaded");

    // Reference-app links (`activity-description?uuid=…`) arrive as a query string.
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if let Some(r) = Route::from_legacy_query(&search) {
        if location_hash().is_empty() {
            let path = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default();
            let base = path
                .strip_suffix("activity-description")
                .unwrap_or(&path)
                .to_string();
            replace_hash(&format!("{base}{}", r.to_hash()));
        }
    }

    // The same task takes the whole page over, so no frame shows it half live.
    let _ = root.remove_attribute("id");
    let _ = root.set_attribute("class", "app");
    if let Some(html) = document().and_then(|d| d.document_element()) {
        let _ = html.class_list().remove_1("no-preview");
        // Which model this module shows: the pages module installs the same (src/ui/mod.rs).
        let _ = html.set_attribute("data-model", crate::domain::model::MODEL.version);
    }
    if let Some(e) = by_id("boot-error") {
        e.remove();
    }
    bars::bind(&root);
    if first_visit {
        bars::welcome();
    }
    // A link to another page: its module starts loading now, while this one binds the
    // page, and the matrix is built once it is shown (`matrix::build`).
    let route = Route::parse(&location_hash());
    if !route.on_first_screen() {
        pages::load();
    }
    with_state(|s| s.route = route);
    matrix::build();
    show_route(false);
    for p in problems {
        let upgrading = p == state::UPGRADING;
        bars::notify(
            if upgrading {
                bars::Notice::Info
            } else {
                bars::Notice::Error
            },
            &p,
        );
        if upgrading {
            // The pages module upgrades the store, then reloads the page.
            if let Some(html) = document().and_then(|d| d.document_element()) {
                let _ = html.set_attribute(crate::domain::storage::UPGRADING_ATTR, "");
            }
            pages::load();
        }
    }
    state::warn_if_full();

    if let Some(w) = web_sys::window() {
        on(&w, "hashchange", |_| show_route(true));
        on(&w, "storage", |ev| {
            if let Some(ev) = ev.dyn_ref::<web_sys::StorageEvent>() {
                state::on_write(ev.key(), ev.new_value(), false);
            }
        });
        on(&w, browser::bus::EVENT, |ev| {
            let Some((keys, scope)) = browser::bus::received(&ev) else {
                return;
            };
            for key in keys {
                // A key that cannot be read now is left as shown, not taken as removed.
                if let Some(value) = state::stored(&key) {
                    state::on_write(Some(key), value, true);
                }
            }
            if let Some(scope) = scope {
                state::on_sibling_scope(&scope);
            }
        });
    }
    mark("dsomm:mounted");
    // The other pages right after the first screen is shown, so following a link does not
    // wait for the download.
    pages::load_after_first_frame();
}

/// Shows the page of the current URL: the matrix (with its filters), "not found", or the
/// pages module's page (loading it if needed). `moved`: the user went to another page, so
/// focus goes to its heading.
pub(crate) fn show_route(moved: bool) {
    let route = Route::parse(&location_hash());
    let before = with_state(|s| std::mem::replace(&mut s.route, route.clone()));
    let page_changed = before.page() != route.page();
    bars::show_current_nav(&route);
    let matrix = query("section.matrix-page");
    if let Some(m) = &matrix {
        hide(m, !matches!(route, Route::Matrix(_)));
    }
    // (At start-up the table was just built with the default filters.)
    if let Route::Matrix(f) = &route {
        matrix::build_if_stale();
        if before != route {
            matrix::show_filters(f);
        }
    }
    let status = by_id(PAGES_STATUS_ID);
    let pages = by_id(PAGES_ID);
    match &route {
        Route::Matrix(_) => {
            if let Some(s) = &status {
                hide(s, true);
            }
        }
        Route::NotFound(p) => {
            if let Some(s) = &status {
                pages::show_not_found(s, p);
            }
        }
        _ => {
            pages::load();
            if let Some(s) = &status {
                pages::show_status(s);
            }
        }
    }
    if let Some(p) = &pages {
        // The pages module shows nothing for the shell's pages; hidden, its last page
        // cannot flash while it catches up.
        hide(p, route.on_first_screen());
    }
    if moved && page_changed {
        match route {
            Route::Matrix(_) => browser::focus_page_heading("#matrix-title"),
            Route::NotFound(_) => browser::focus_page_heading(&format!("#{PAGES_STATUS_ID} h1")),
            _ => pages::focus_when_shown(),
        }
    }
}
