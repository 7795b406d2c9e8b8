//! Keeps every copy of the app state in step with localStorage: other tabs through the
//! browser's `storage` event, and the other wasm module of this tab (see [`crate::browser::bus`])
//! through an in-page event naming the keys written. Both are shown by the rule the first
//! module follows too ([`crate::domain::storage::sync::hear`]).

use leptos::prelude::*;

use super::state::{with_gateway, AppState};
use crate::browser::bus;
use crate::domain::storage::Backend;

/// Applies other tabs' and the other module's writes to `app` for as long as the current
/// reactive owner lives.
pub fn listen(app: AppState) {
    let other_tab = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        app.on_storage_event(ev.key(), ev.new_value());
    });
    let other_module = window_event_listener_untyped(bus::EVENT, move |ev: web_sys::Event| {
        let Some((keys, scope)) = bus::received(&ev) else {
            return;
        };
        for key in keys {
            // A key that cannot be read now is left as shown, not taken as removed.
            if let Ok(value) = with_gateway(|g| g.backend().get(&key)) {
                app.on_sibling_change(&key, value);
            }
        }
        if let Some(scope) = scope {
            app.on_sibling_scope(&scope);
        }
    });
    // Names of activities with progress, kept for when a newer model drops one: stored now
    // and whenever the page is hidden (before any reload into a new version).
    app.remember_names();
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if document().hidden() {
            app.remember_names();
        }
    });
    on_cleanup(move || {
        other_tab.remove();
        other_module.remove();
        hidden.remove();
    });
}
