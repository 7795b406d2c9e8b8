//! How the two wasm modules of a tab tell each other what they wrote: an in-page event
//! naming the keys (another tab's writes arrive as the browser's `storage` event). Each
//! module reads the named keys back, with the code that handles another tab's writes.

use std::cell::{Cell, RefCell};

use wasm_bindgen::{JsCast, JsValue};

/// The attribute on `#pages` by which the first module asks the second, not there yet, to
/// focus the heading of the first page it shows.
pub const FOCUS_ATTR: &str = "data-focus-heading";

/// The in-page event: `detail` is `{ origin, keys, scope? }`.
pub const EVENT: &str = "dsomm-stored";

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
        // A microtask (not an async executor: the first module carries none).
        let send = wasm_bindgen::closure::Closure::once_into_js(send);
        if let Some(w) = web_sys::window() {
            w.queue_microtask(send.unchecked_ref());
        }
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

/// The keys (and the top bar's choice that could not be stored) of an event `ev` the other
/// module sent; `None` for this module's own events or anything else.
pub fn received(ev: &web_sys::Event) -> Option<(Vec<String>, Option<String>)> {
    let ev = ev.dyn_ref::<web_sys::CustomEvent>()?;
    let detail = ev.detail();
    let origin = js_sys::Reflect::get(&detail, &"origin".into()).ok();
    if origin.and_then(|o| o.as_f64()) == Some(ORIGIN.with(|o| *o)) {
        return None;
    }
    let keys = js_sys::Reflect::get(&detail, &"keys".into()).ok()?;
    let keys = js_sys::Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    let scope = js_sys::Reflect::get(&detail, &"scope".into())
        .ok()
        .and_then(|s| s.as_string());
    Some((keys, scope))
}
