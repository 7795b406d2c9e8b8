//! Spreadsheet exports from the pages: the sheets are built here (`domain::formats::exports`)
//! and written by the export module (`src/export_main.rs`), which is imported the first time
//! a user exports, so no page's first load carries the workbook writer.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{download_bytes, js_error_text};
use crate::domain::formats::sheet::{encode_sheets, Sheet};

// `import()` is syntax, so it takes a line of JS (a snippet file, which the CSP allows).
// A file, not `inline_js` (see src/shell/pages.rs).
#[wasm_bindgen(module = "/js/run-export.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn run_export(js: &str, wasm: &str, kind: &str, data: &str)
        -> Result<js_sys::Promise, JsValue>;
}

/// A file format the export module writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    fn kind(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv;charset=utf-8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel (XLSX)",
            Format::Csv => "CSV",
        }
    }
}

/// The export module's URLs, from `<meta name="dsomm-export">` (its content hash, written
/// by scripts/post-build).
fn module_urls() -> Result<(String, String), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let version = document
        .query_selector("meta[name=dsomm-export]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or("this index.html does not name the export module")?;
    let base = document.base_uri().ok().flatten().ok_or("no base URL")?;
    let url = |file: String| {
        web_sys::Url::new_with_base(&file, &base)
            .map(|u| u.href())
            .map_err(|e| js_error_text(&e))
    };
    Ok((
        url(format!("dsomm-export-{version}.js"))?,
        url(format!("dsomm-export-{version}_bg.wasm"))?,
    ))
}

/// From now on: whether the browser has drawn a frame since (a line set just before is
/// then on screen, and the work after a file read needs no [`next_frame`] of its own).
pub fn painted_since() -> impl Fn() -> bool {
    let flag = std::rc::Rc::new(std::cell::Cell::new(false));
    let set = flag.clone();
    let mark = wasm_bindgen::closure::Closure::once_into_js(move || set.set(true));
    if let Some(w) = web_sys::window() {
        // The callback runs in a frame's rendering steps, which end with the paint before
        // any later task (a finished read) runs. Without it the flag stays false.
        let _ = w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&mark));
    }
    move || flag.get()
}

/// Lets the browser paint (a "preparing" line) before the work that follows.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Writes `sheets` as `format` (CSV: the first sheet) and offers the file as `<base>.<ext>`.
pub async fn export(sheets: Vec<Sheet>, format: Format, base: &str) -> Result<(), String> {
    let (js, wasm) = module_urls()?;
    let data = encode_sheets(&sheets);
    drop(sheets);
    let promise = run_export(&js, &wasm, format.kind(), &data).map_err(|e| js_error_text(&e))?;
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| format!("the export could not be written ({})", js_error_text(&e)))?;
    let bytes = js_sys::Uint8Array::new(&value).to_vec();
    download_bytes(&format!("{base}.{}", format.kind()), format.mime(), &bytes)
}
