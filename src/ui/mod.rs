//! The thin Leptos UI: renders state and calls into `crate::domain`.

mod activity;
mod app;
mod browser;
mod data;
mod evidence;
mod heatmap;
mod matrix;
mod progress_states;
mod scope;
mod settings;
mod state;
mod status;
mod teams;

pub use browser::LocalStorageBackend;

/// Mounts the app on `<body>`.
pub fn start() {
    mark("dsomm:start");
    leptos::mount::mount_to_body(app::App);
    mark("dsomm:mounted");
}

/// A performance mark, read by scripts/bench to split load time into fetch+compile and render.
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
