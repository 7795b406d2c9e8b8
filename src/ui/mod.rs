//! The thin Leptos UI: renders state and calls into `crate::domain`.

mod activity;
mod app;
mod browser;
mod data;
mod matrix;
mod state;
mod status;

pub use browser::LocalStorageBackend;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
