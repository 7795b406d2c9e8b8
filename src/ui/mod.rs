//! The second wasm module (Leptos): every page but the matrix, rendered into the shell's
//! `#pages`, and its messages into `#notices`. It is loaded by the first module
//! (`crate::shell`) right after the first screen; the two keep their state in step
//! through localStorage (see `sync`).

mod activity;
mod alert;
mod data;
mod evidence;
mod export;
mod graph;
mod heatmap;
mod history;
mod later;
mod mapping;
mod markdown;
mod notices;
mod pages;
mod plan;
mod progress_states;
mod report;
mod scope;
mod settings;
mod state;
mod status;
mod sync;
mod table;
mod teams;

use crate::domain::views::preview::{PAGES_ID, PAGES_NOTICES_ID};

/// Starts the second module: first its pages' stylesheet (named in `<meta
/// name="dsomm-pages-css">` by scripts/post-build, added by index.html on a cold load of one
/// of its pages), then, once that has loaded or failed, its pages into `#pages` and its messages into
/// `#notices`: its pages never show unstyled, and a missing stylesheet does not stop them.
pub fn start_pages() {
    use wasm_bindgen::JsCast;
    crate::browser::mark("dsomm:pages-start");
    if !custom_model_at_start() {
        return;
    }
    let document = web_sys::window().and_then(|w| w.document());
    let href = document
        .as_ref()
        .and_then(|d| {
            d.query_selector("meta[name=dsomm-pages-css]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"));
    // On a cold load of one of its pages index.html has already added them.
    let early = document
        .as_ref()
        .and_then(|d| d.query_selector("link[data-pages-css]").ok().flatten())
        .filter(|l| l.get_attribute("href") == href);
    if early
        .as_ref()
        .is_some_and(|l| l.has_attribute("data-settled"))
    {
        return mount_pages();
    }
    let link = match early {
        Some(link) => Some((None, link)),
        None => document.as_ref().zip(href).and_then(|(d, href)| {
            let link = d.create_element("link").ok()?;
            link.set_attribute("rel", "stylesheet").ok()?;
            link.set_attribute("href", &href).ok()?;
            Some((Some(d.head()?), link))
        }),
    };
    let Some((head, link)) = link else {
        return mount_pages();
    };
    // Whichever comes first, once.
    let started = std::rc::Rc::new(std::cell::Cell::new(false));
    let start = move || {
        if !started.replace(true) {
            mount_pages();
        }
    };
    let on_done = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(start);
    let _ = link.add_event_listener_with_callback("load", on_done.as_ref().unchecked_ref());
    let _ = link.add_event_listener_with_callback("error", on_done.as_ref().unchecked_ref());
    on_done.forget();
    if head.is_some_and(|h| h.append_child(&link).is_err()) {
        mount_pages();
    }
}

/// Installs this browser's custom model (as the first module did, with every activity's
/// details) before anything reads the model. One made over another embedded model (a new
/// version of the app) is applied again from its file and the page reloaded (false: the
/// page is reloading). One that cannot be used leaves the embedded model in both modules,
/// and the Import / export page says why.
fn custom_model_at_start() -> bool {
    use crate::domain::model::{self, CUSTOM_MODEL_KEY, MODEL};
    use crate::domain::storage::Backend;
    let storage = crate::browser::LocalStorageBackend::new();
    if let Some(raw) = storage.get(CUSTOM_MODEL_KEY).ok().flatten() {
        if let Err(e) = model::install_stored(&raw) {
            match repair(&raw, &e.to_string()) {
                Repair::Stored(fresh) if storage.set(CUSTOM_MODEL_KEY, &fresh).is_ok() => {
                    crate::browser::reload();
                    return false;
                }
                Repair::Stored(_) => model::set_unused(
                    "it was made for another model version and could not be stored again".into(),
                    model::source(&raw),
                ),
                Repair::Unused(why) => model::set_unused(why, model::source(&raw)),
                Repair::Installed => {}
            }
        }
    }
    // The first module installed what it read when the page loaded (its `data-model`): if
    // another tab changed the model since, both start again from the same one.
    let shown = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("data-model"));
    if shown.is_some_and(|v| v != MODEL.version) {
        crate::browser::reload();
        return false;
    }
    true
}

/// What to do with a stored custom model that could not be installed (`e`: why).
enum Repair {
    /// Applied again over this app's model: store this and reload.
    Stored(String),
    /// The embedded model is shown; why.
    Unused(String),
    /// Installed as the first module has it, without details.
    Installed,
}

fn repair(raw: &str, e: &str) -> Repair {
    use crate::domain::model::{self, custom, Custom};
    // The first module reads only the matrix's part: the two must show one model.
    if let Ok(m) = model::decode_matrix(raw) {
        let mut c = Custom::matrix_only(m);
        if let Some((file, applied, text)) = model::source(raw) {
            (c.file, c.applied, c.text) = (file.leak(), applied.leak(), text);
        }
        model::install(c);
        model::set_unused(
            format!("its activities' details cannot be read ({e})"),
            None,
        );
        return Repair::Installed;
    }
    let Some((file, applied, text)) = model::source(raw) else {
        return Repair::Unused(format!("it cannot be read ({e})"));
    };
    // Made over another embedded model (a new version of the app): applied again.
    match custom::compile(&file, &text, &applied) {
        Ok(c) if model::decode_matrix(&c.stored).is_ok() => Repair::Stored(c.stored),
        Ok(_) => Repair::Unused(format!("“{file}” cannot be applied again ({e})")),
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            Repair::Unused(format!(
                "“{file}” no longer applies to model v{}: {}",
                model::OFFICIAL.version,
                list.join("; ")
            ))
        }
    }
}

fn mount_pages() {
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
            crate::browser::mark("dsomm:pages-styled");
            let app = pages::provide_state();
            crate::browser::mark("dsomm:pages-loaded");
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
            crate::browser::mark("dsomm:pages-mounted");
        }
        _ => wasm_bindgen::throw_str("the page has no #pages or #notices element"),
    }
}
