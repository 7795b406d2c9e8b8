//! Work deferred past the next frame (`browser::after_next_frame`) in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use dsomm::browser::after_next_frame;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let later = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(later).await.unwrap();
}

/// `f` deferred either way, then whether it ran within a second.
async fn runs(idle: bool) -> bool {
    let ran = Rc::new(Cell::new(false));
    let set = ran.clone();
    after_next_frame(move || set.set(true), idle);
    assert!(!ran.get(), "ran at once, not after the frame");
    for _ in 0..20 {
        sleep(50).await;
        if ran.get() {
            return true;
        }
    }
    false
}

#[wasm_bindgen_test]
async fn deferred_work_runs_after_the_frame_either_way() {
    assert!(runs(false).await);
    assert!(runs(true).await);
}

/// Safari has no requestIdleCallback: work left for an idle moment (the first module's load
/// of the pages module) still runs, in the next task.
#[wasm_bindgen_test]
async fn idle_work_runs_where_there_is_no_request_idle_callback() {
    let window: JsValue = web_sys::window().unwrap().into();
    let key = JsValue::from_str("requestIdleCallback");
    let original = js_sys::Reflect::get(&window, &key).unwrap();
    js_sys::Reflect::set(&window, &key, &JsValue::UNDEFINED).unwrap();
    let ran = runs(true).await;
    js_sys::Reflect::set(&window, &key, &original).unwrap();
    assert!(ran, "idle work never ran without requestIdleCallback");
}
