//! Browser plumbing shared by both wasm modules: localStorage as a storage `Backend`, the
//! in-page event between the modules, today's date, file download/read, focus helpers.

pub mod bus;

use wasm_bindgen::{JsCast, JsValue};

use crate::domain::assessment::date::Date;
use crate::domain::storage::{Backend, Gateway, StorageError};

/// localStorage behind the storage gateway's `Backend` trait.
pub struct LocalStorageBackend {
    storage: Result<web_sys::Storage, String>,
}

impl Default for LocalStorageBackend {
    fn default() -> Self {
        Self::new()
    }
}

impl LocalStorageBackend {
    pub fn new() -> Self {
        let storage = match web_sys::window().map(|w| w.local_storage()) {
            Some(Ok(Some(s))) => Ok(s),
            Some(Ok(None)) => Err("the browser offers no localStorage".to_string()),
            Some(Err(e)) => Err(js_error_text(&e)),
            None => Err("no window".to_string()),
        };
        LocalStorageBackend { storage }
    }

    fn storage(&self) -> Result<&web_sys::Storage, StorageError> {
        self.storage
            .as_ref()
            .map_err(|e| StorageError::Unavailable(e.clone()))
    }
}

/// A performance mark, read by scripts/bench to split a load into fetch, compile and render
/// (`dsomm:*` by the first module, `dsomm:pages-*` by the pages module).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Runs `f` after the next frame is painted: in the next task, or (`idle`) once the browser
/// is idle (a task right after the frame held a cold load's first input 40-60 ms). Both
/// modules defer work with it: the first module's matrix and its load of the pages module
/// (idle: its JS and wasm arriving right after the matrix's first frame held the next
/// input 30-45 ms), the pages module's parts below the first screen (`ui::later`).
pub fn after_next_frame(f: impl FnOnce() + 'static, idle: bool) {
    let Some(w) = web_sys::window() else { return };
    let later = wasm_bindgen::closure::Closure::once_into_js(move || {
        let now = wasm_bindgen::closure::Closure::once_into_js(f);
        if let Some(w) = web_sys::window() {
            let f = now.unchecked_ref();
            // Idle, or after 2 s on a page that never is; where there is no
            // requestIdleCallback (Safari), in the next task.
            let options = web_sys::IdleRequestOptions::new();
            options.set_timeout(2000);
            if !idle || w.request_idle_callback_with_options(f, &options).is_err() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f, 0);
            }
        }
    });
    let _ = w.request_animation_frame(later.unchecked_ref());
}

/// Loads the page again (after the model changed: every module installs it at start-up).
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

pub fn js_error_text(e: &JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|v| v.as_string());
    let message = js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|v| v.as_string());
    match (name, message) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        (None, Some(m)) => m,
        _ => format!("{e:?}"),
    }
}

fn to_storage_error(e: JsValue) -> StorageError {
    let text = js_error_text(&e);
    // Bytes, not `str::contains`: its substring searcher is 2 KB of the first module.
    let has = |pat: &str| {
        text.as_bytes()
            .windows(pat.len())
            .any(|w| w == pat.as_bytes())
    };
    if has("QuotaExceeded") || has("quota") {
        StorageError::QuotaExceeded
    } else {
        StorageError::Other(text)
    }
}

impl Backend for LocalStorageBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.storage()?.get_item(key).map_err(to_storage_error)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.storage()?
            .set_item(key, value)
            .map_err(to_storage_error)?;
        bus::changed(key);
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.storage()?.remove_item(key).map_err(to_storage_error)?;
        bus::changed(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        let s = self.storage()?;
        let n = s.length().map_err(to_storage_error)?;
        let mut keys = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(k) = s.key(i).map_err(to_storage_error)? {
                keys.push(k);
            }
        }
        Ok(keys)
    }
}

thread_local! {
    /// The module's one storage gateway. The pages module's reads every kind; the first
    /// module's (built without the `pages` feature) only the matrix's, so that module links
    /// no evidence codec and no upgrade (`Gateway::for_matrix`).
    static GATEWAY: Gateway<LocalStorageBackend> = module_gateway();
}

#[cfg(feature = "pages")]
fn module_gateway() -> Gateway<LocalStorageBackend> {
    Gateway::new(LocalStorageBackend::new())
}

#[cfg(not(feature = "pages"))]
fn module_gateway() -> Gateway<LocalStorageBackend> {
    Gateway::for_matrix(LocalStorageBackend::new())
}

/// Runs `f` with the module's storage gateway.
pub fn with_gateway<R>(f: impl FnOnce(&Gateway<LocalStorageBackend>) -> R) -> R {
    GATEWAY.with(f)
}

/// Today in the user's time zone.
/// The local date of a time in milliseconds since 1970 (a file's `lastModified`); today
/// when it is not a date.
pub fn date_of_ms(ms: f64) -> Date {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    Date::new(
        d.get_full_year() as u16,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .unwrap_or_else(today)
}

pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as u16,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// Offers `text` as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_part(file_name, mime, &JsValue::from_str(text))
}

/// Offers `bytes` as a file download.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    download_part(file_name, mime, &js_sys::Uint8Array::from(bytes))
}

/// Offers a blob of one part (a string or a byte array) as a file download.
fn download_part(file_name: &str, mime: &str, part: &JsValue) -> Result<(), String> {
    let parts = js_sys::Array::of1(part);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| js_error_text(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error_text(&e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_error_text(&e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    // In the document while clicked, and the URL revoked later: some browsers otherwise
    // drop the download silently.
    let body = document.body().ok_or("no body")?;
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Reads a picked or dropped file as text: its bytes are copied into the app and decoded
/// there ([`crate::domain::formats::file_text`]).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(crate::domain::formats::file_text(
        js_sys::Uint8Array::new(&buffer).to_vec(),
    ))
}

pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the URL fragment without adding a history entry (used while typing a filter).
pub fn replace_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(hash));
        }
    }
}

/// After a page change: focus on the new page's heading (found by `selector`) and the
/// window scrolled to the top, so keyboard and screen-reader users land on the new page.
pub fn focus_page_heading(selector: &str) {
    if let Some(h) = html_element(selector) {
        let _ = h.set_attribute("tabindex", "-1");
        let _ = h.focus();
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// The first HTML element matching `selector`.
fn html_element(selector: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Focuses the first element matching `selector`, now.
pub fn focus_first(selector: &str) {
    if let Some(el) = html_element(selector) {
        let _ = el.focus();
    }
}

/// Asks the user (the browser's own dialog); false if it cannot be shown.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Moves focus to the first element matching `selector` once the current update has been
/// rendered (for elements that an update creates or replaces).
pub fn focus_later(selector: String) {
    focus_soon(move || html_element(&selector));
}

/// Moves focus to the element `find` gives once the current update has been rendered (the
/// reactive updates run first): a control drawn again, or moved by a keyed list, has lost
/// focus by then. An element that takes no focus of its own (a heading) is given it.
pub fn focus_soon(find: impl FnOnce() -> Option<web_sys::HtmlElement> + 'static) {
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(el) = find() {
            if el.tab_index() < 0 && !el.has_attribute("tabindex") {
                let _ = el.set_attribute("tabindex", "-1");
            }
            let _ = el.focus();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0);
    }
}

/// A CSS attribute-selector string literal for `value`.
pub fn css_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date as the user chose to see it (`iso`, `browser` or a locale such as `de`).
pub fn format_date(d: crate::domain::assessment::date::Date, format: &str) -> String {
    if format == "iso" {
        return d.to_string();
    }
    let js =
        js_sys::Date::new_with_year_month_day(d.year.into(), i32::from(d.month) - 1, d.day.into());
    let locale = if format == "browser" {
        "default"
    } else {
        format
    };
    let opts = js_sys::Object::new();
    for key in ["year", "month", "day"] {
        let style = if key == "year" { "numeric" } else { "2-digit" };
        let _ = js_sys::Reflect::set(&opts, &key.into(), &style.into());
    }
    js.to_locale_date_string(locale, &opts).into()
}

/// Puts the theme on `<html data-theme>` (`system` removes it, so CSS follows the system).
pub fn apply_theme(theme: crate::domain::assessment::settings::Theme) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(el) = root {
        let _ = match theme {
            crate::domain::assessment::settings::Theme::System => el.remove_attribute("data-theme"),
            t => el.set_attribute("data-theme", t.value()),
        };
    }
}
