//! The thin Leptos UI: renders state and calls into `crate::domain`.

mod activity;
mod app;
mod browser;
mod data;
mod evidence;
mod heatmap;
mod markdown;
mod matrix;
mod matrix_table;
mod notices;
mod pages;
mod progress_states;
mod scope;
mod settings;
mod state;
mod status;
mod sync;
mod teams;

pub use browser::LocalStorageBackend;

/// Starts the first wasm module: mounts the shell and the matrix on `<body>`.
///
/// The app comes as two wasm modules so that the first screen needs only a part of the
/// code: this one, and `dsomm-pages` (every other page), which the shell loads right after
/// (see `pages`). The two keep their state in step through localStorage (see `sync`).
pub fn start() {
    mark("dsomm:start");
    // The pre-rendered matrix the build wrote into index.html (`domain::preview`) goes in
    // the same task as the live page comes, so no frame shows both or neither; a link
    // focused in it stays focused in the live page. The start-up error line goes too.
    let document = web_sys::window().and_then(|w| w.document());
    let by_id = |id: &str| document.as_ref().and_then(|d| d.get_element_by_id(id));
    let preview = by_id(crate::domain::preview::PREVIEW_ID);
    let focused = preview.as_ref().and_then(|p| {
        let active = document.as_ref()?.active_element()?;
        p.contains(Some(&active))
            .then(|| active.get_attribute("href"))?
    });
    leptos::mount::mount_to_body(app::App);
    for leftover in [preview, by_id("boot-error")].into_iter().flatten() {
        leftover.remove();
    }
    if let Some(href) = focused {
        browser::focus_first(&format!("a[href={}]", browser::css_string(&href)));
    }
    mark("dsomm:mounted");
}

/// Starts the second wasm module: mounts the other pages into the shell's `#pages`.
pub fn start_pages() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("pages"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    match root {
        Some(root) => leptos::mount::mount_to(root, pages::Pages).forget(),
        None => wasm_bindgen::throw_str("the page has no #pages element"),
    }
}

/// A performance mark, read by scripts/bench to split load time into fetch+compile and render.
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
