//! Keeps every copy of the app state in step with localStorage: other tabs through the
//! browser's `storage` event, and the other wasm module of this tab (see `super::start`)
//! through an in-page event naming the keys written. Both arrive at
//! [`AppState::on_storage_event`], so one rule handles another tab and the other module.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::state::{with_gateway, AppState};
use crate::domain::storage::{Backend, SELECTED_TEAM_KEY};

/// The in-page event: `detail` is `{ origin, keys, scope? }`.
const EVENT: &str = "dsomm-stored";

thread_local! {
    /// Tells this module's own events from the other module's.
    static ORIGIN: f64 = js_sys::Math::random();
    /// Keys written since the last event was sent.
    static PENDING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
    /// The top bar's choice when it could not be stored (read-only, storage full).
    static SCOPE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Records that `key` was written or removed. The other module hears of it once the code
/// that wrote it has returned (a microtask later: never in the middle of a batch or of its
/// rollback), and then reads the value stored at that time.
pub fn changed(key: &str) {
    PENDING.with_borrow_mut(|p| {
        if !p.iter().any(|k| k == key) {
            p.push(key.to_string());
        }
    });
    schedule();
}

/// Tells the other module the top bar's choice (`Scope::to_value`) that could not be stored.
pub fn announce_scope(value: &str) {
    SCOPE.set(Some(value.to_string()));
    schedule();
}

fn schedule() {
    if !SCHEDULED.replace(true) {
        wasm_bindgen_futures::spawn_local(async { send() });
    }
}

fn send() {
    SCHEDULED.set(false);
    let keys = PENDING.take();
    let scope = SCOPE.take();
    if keys.is_empty() && scope.is_none() {
        return;
    }
    let detail = js_sys::Object::new();
    let list: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    let _ = js_sys::Reflect::set(&detail, &"origin".into(), &ORIGIN.with(|o| (*o).into()));
    let _ = js_sys::Reflect::set(&detail, &"keys".into(), &list);
    if let Some(scope) = scope {
        let _ = js_sys::Reflect::set(&detail, &"scope".into(), &scope.into());
    }
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let (Some(w), Ok(ev)) = (
        web_sys::window(),
        web_sys::CustomEvent::new_with_event_init_dict(EVENT, &init),
    ) {
        let _ = w.dispatch_event(&ev);
    }
}

/// Applies other tabs' and the other module's writes to `app` for as long as the current
/// reactive owner lives.
pub fn listen(app: AppState) {
    let other_tab = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        app.on_storage_event(ev.key(), ev.new_value());
    });
    let other_module = window_event_listener_untyped(EVENT, move |ev: web_sys::Event| {
        let Some(ev) = ev.dyn_ref::<web_sys::CustomEvent>() else {
            return;
        };
        let detail = ev.detail();
        let origin = js_sys::Reflect::get(&detail, &"origin".into()).ok();
        if origin.and_then(|o| o.as_f64()) == Some(ORIGIN.with(|o| *o)) {
            return;
        }
        let Ok(keys) = js_sys::Reflect::get(&detail, &"keys".into()) else {
            return;
        };
        for key in js_sys::Array::from(&keys)
            .iter()
            .filter_map(|k| k.as_string())
        {
            // A key that cannot be read now is left as shown, not taken as removed.
            if let Ok(value) = with_gateway(|g| g.backend().get(&key)) {
                app.on_sibling_change(&key, value);
            }
        }
        let scope = js_sys::Reflect::get(&detail, &"scope".into()).ok();
        if let Some(scope) = scope.and_then(|s| s.as_string()) {
            app.on_sibling_change(SELECTED_TEAM_KEY, Some(scope));
        }
    });
    on_cleanup(move || {
        other_tab.remove();
        other_module.remove();
    });
}
