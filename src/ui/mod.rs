//! The second wasm module (Leptos): every page but the matrix, rendered into the shell's
//! `#pages`, and its messages into `#notices`. It is loaded by the first module
//! (`crate::shell`) right after the first screen; the two keep their state in step
//! through localStorage (see `sync`).

mod activity;
mod data;
mod evidence;
mod export;
mod graph;
mod heatmap;
mod mapping;
mod markdown;
mod notices;
mod pages;
mod progress_states;
mod report;
mod scope;
mod settings;
mod state;
mod status;
mod sync;
mod teams;

use crate::domain::views::preview::{PAGES_ID, PAGES_NOTICES_ID};

/// Starts the second module: its pages into `#pages`, its messages into `#notices`.
pub fn start_pages() {
    let document = web_sys::window().and_then(|w| w.document());
    let by_id = |id: &str| {
        document
            .as_ref()
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    };
    match (by_id(PAGES_ID), by_id(PAGES_NOTICES_ID)) {
        (Some(pages), Some(notices)) => {
            // One owner for the state both roots show, kept for the life of the page.
            let owner = leptos::prelude::Owner::new();
            owner.set();
            let app = pages::provide_state();
            std::mem::forget(owner);
            leptos::mount::mount_to(notices, move || {
                leptos::prelude::provide_context(app);
                notices::Notices()
            })
            .forget();
            leptos::mount::mount_to(pages, move || {
                leptos::prelude::provide_context(app);
                pages::Pages()
            })
            .forget();
        }
        _ => wasm_bindgen::throw_str("the page has no #pages or #notices element"),
    }
}
