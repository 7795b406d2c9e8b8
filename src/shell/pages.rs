//! Loading the second module (every page but the matrix), and what the shell shows in its
//! place meanwhile: a loading line, or why it could not be loaded with "Try again"; and
//! the "not found" page.

use std::cell::{Cell, RefCell};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::{by_id, hide, on};
use crate::browser::bus::FOCUS_ATTR;
use crate::browser::{after_next_frame, focus_page_heading, js_error_text};
use crate::domain::views::preview::{PAGES_ID, PAGES_STATUS_ID};
use crate::domain::views::route::Route;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Module {
    Idle,
    Loading,
    Ready,
    Failed(String),
}

thread_local! {
    static MODULE: RefCell<Module> = const { RefCell::new(Module::Idle) };
    /// Loads tried so far: a retry asks for other URLs, as a failed `import()` of a URL is
    /// remembered by the browser.
    static ATTEMPTS: Cell<u32> = const { Cell::new(0) };
}

// `import()` is syntax, not a function, so it needs a line of JS: a wasm-bindgen snippet (a
// file served beside the app), not `new Function`, which the Content-Security-Policy refuses.
// A file, not `inline_js`: inline snippets are numbered per build, and the two modules,
// built with different features, would write different files under one name.
#[wasm_bindgen(module = "/js/import-pages.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn import_pages(js: &str, wasm: &str) -> Result<js_sys::Promise, JsValue>;
}

fn set(m: Module) {
    MODULE.set(m);
    // What the shell shows for a page of the module follows.
    let on_its_page = super::with_state(|s| !s.route.on_first_screen());
    if let Some(status) = by_id(PAGES_STATUS_ID) {
        if on_its_page {
            show_status(&status);
        }
    }
    if on_its_page && matches!(MODULE.with_borrow(Clone::clone), Module::Failed(_)) {
        focus_page_heading(&format!("#{PAGES_STATUS_ID} h1"));
    }
}

/// Starts loading the second module unless it is loading or loaded (after a failure: again).
pub fn load() {
    if matches!(
        MODULE.with_borrow(Clone::clone),
        Module::Loading | Module::Ready
    ) {
        return;
    }
    set(Module::Loading);
    let attempt = ATTEMPTS.replace(ATTEMPTS.get() + 1);
    let promise = match import_module(attempt) {
        Ok(p) => p,
        Err(e) => return set(Module::Failed(e)),
    };
    // Promise callbacks, not an async executor (this module carries none).
    let ready = Closure::<dyn FnMut(JsValue)>::new(|_| {
        set(Module::Ready);
        // A cold load of one of its pages left the matrix for later: built once the page
        // is painted and the browser is idle (a task right after the frame held the page's
        // first input for 40-60 ms), so going to the matrix is quick.
        after_next_frame(super::matrix::build_if_stale, true);
    });
    let failed =
        Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| set(Module::Failed(js_error_text(&e))));
    let _ = promise.then2(&ready, &failed);
    ready.forget();
    failed.forget();
}

/// Loads the second module once the first screen has been shown and the browser is idle.
pub fn load_after_first_frame() {
    after_next_frame(load, true);
}

/// `import()` of the module's JS, then its start (which mounts it). Its files are named
/// after their content hash, which the build writes into `<meta name="dsomm-pages">`, so a
/// cached old copy is never paired with a new first module.
fn import_module(attempt: u32) -> Result<js_sys::Promise, String> {
    let document = super::document().ok_or("no document")?;
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

fn element(tag: &str, text: &str) -> Option<Element> {
    let e = super::document()?.create_element(tag).ok()?;
    e.set_text_content(Some(text));
    Some(e)
}

fn link(href: &str, text: &str) -> Option<Element> {
    let a = element("a", text)?;
    let _ = a.set_attribute("href", href);
    Some(a)
}

/// For a page of the second module: nothing once it shows the page, else a loading line or
/// why it could not be loaded.
pub fn show_status(status: &Element) {
    status.set_inner_html("");
    let _ = status.remove_attribute("role");
    let _ = status.set_attribute("class", "page");
    match MODULE.with_borrow(Clone::clone) {
        Module::Ready => hide(status, true),
        Module::Failed(e) => {
            hide(status, false);
            let _ = status.set_attribute("role", "alert");
            let parts = [
                element("h1", "This page could not be loaded"),
                element("p", &format!(
                    "The part of the app with this page did not load ({e}). Your assessment is not affected: it stays in this browser, and the matrix still works. Check that the app is still being served, then reload the page."
                )),
            ];
            for p in parts.into_iter().flatten() {
                let _ = status.append_child(&p);
            }
            if let Some(p) = element("p", "") {
                if let Some(b) = element("button", "Try again") {
                    let _ = b.set_attribute("type", "button");
                    let _ = b.set_attribute("class", "button");
                    on(&b, "click", |_| load());
                    let _ = p.append_child(&b);
                }
                let _ = p.append_with_str_1(" ");
                if let Some(a) = link("#/", "Go to the matrix") {
                    let _ = p.append_child(&a);
                }
                let _ = status.append_child(&p);
            }
        }
        Module::Idle | Module::Loading => {
            hide(status, false);
            let _ = status.set_attribute("class", "page loading");
            let _ = status.set_attribute("role", "status");
            status.set_text_content(Some("Loading…"));
        }
    }
}

/// The page for a URL that names none.
pub fn show_not_found(status: &Element, path: &str) {
    status.set_inner_html("");
    let _ = status.remove_attribute("role");
    let _ = status.set_attribute("class", "page");
    hide(status, false);
    if let Some(h) = element("h1", "Page not found") {
        let _ = status.append_child(&h);
    }
    if let Some(p) = element("p", &format!("There is no page “{path}”. ")) {
        if let Some(a) = link(
            &Route::Matrix(Default::default()).to_hash(),
            "Go to the matrix",
        ) {
            let _ = p.append_child(&a);
        }
        let _ = status.append_child(&p);
    }
}

/// Asks the second module, not there yet, to focus the heading of the first page it shows
/// (one was asked for in the app, not opened from a link from outside).
pub fn focus_when_shown() {
    if MODULE.with_borrow(|m| *m == Module::Ready) {
        return;
    }
    if let Some(root) = by_id(PAGES_ID) {
        let _ = root.set_attribute(FOCUS_ATTR, "");
    }
}
