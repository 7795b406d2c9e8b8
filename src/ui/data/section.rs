//! What every file flow of the page shares: its section (heading, download and upload
//! buttons, "Reading …", the error, the preview) and the reading of a chosen file.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::read_text;
use crate::domain::assessment::date::Date;
use crate::domain::formats::progress_yaml::MAX_FILE_BYTES;

/// What a section says while it reads or writes a file ("Reading “x”…", painted before the
/// work starts) and why a file was not taken.
#[derive(Clone, Copy)]
pub struct Status {
    pub busy: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
}

impl Status {
    pub fn new() -> Status {
        Status {
            busy: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }
}

/// What takes a chosen file's name and text: its preview, or why not.
pub type Take = Rc<dyn Fn(&str, String) -> Result<(), String>>;

/// A kind's own upload button: its label, its test id, and what takes the chosen file.
pub struct Upload {
    pub label: &'static str,
    pub testid: &'static str,
    pub take: Take,
}

/// What the file pickers offer.
pub const YAML_FILES: &str = ".yaml,.yml,application/yaml,text/yaml,text/plain";

/// One flow's section: its heading (an `h2` with `id`, a part of the page; an `h3` without,
/// one file of the reference formats), `lead` under it, a line of buttons (the `children`,
/// then the upload, then `note`), `hint` under them, its status and its preview.
#[component]
pub fn FileSection(
    title: &'static str,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] lead: Option<AnyView>,
    #[prop(optional)] children: Option<Children>,
    /// Needs a `status`: the file's reading reports to it.
    #[prop(optional)]
    upload: Option<Upload>,
    #[prop(optional)] note: Option<&'static str>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] status: Option<Status>,
    #[prop(optional)] preview: Option<AnyView>,
) -> impl IntoView {
    let heading = match id {
        Some(id) => view! { <h2 id=id>{title}</h2> }.into_any(),
        None => view! { <h3>{title}</h3> }.into_any(),
    };
    let has_actions = children.is_some() || upload.is_some() || note.is_some();
    let pick = upload.map(|Upload { label, testid, take }| {
        let status = status.expect("a section with an upload has a status");
        let on_pick = move |ev: leptos::ev::Event| {
            let Some(file) = picked_file(&ev) else { return };
            let take = take.clone();
            read_file(file, status, move |name, text| take(name, text));
        };
        view! {
            <label class="button">
                {label}
                <input type="file" class="visually-hidden" accept=YAML_FILES on:change=on_pick data-testid=testid />
            </label>
        }
    });
    let actions = has_actions.then(|| {
        view! {
            <p class="data__actions">
                {children.map(|c| c())}
                {pick}
                {note.map(|n| view! { " "<span class="hint">{n}</span> })}
            </p>
        }
    });
    let status = status.map(|Status { busy, error }| {
        view! {
            <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <crate::ui::alert::ErrorAlert error=error />
        }
    });
    view! {
        {heading}
        {lead}
        {actions}
        {hint.map(|h| view! { <p class="hint">{h}</p> })}
        {status}
        {preview}
    }
}

/// The file chosen in an `<input type=file>` change event (the input is cleared so the same
/// file can be chosen again).
fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// Files chosen in an `<input type=file multiple>` change event (the input is cleared so
/// the same files can be chosen again).
pub fn picked_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input.files().map(|l| files_of(&l)).unwrap_or_default();
    input.set_value("");
    files
}

pub fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads `file` as text, refusing files over the size limit first, and hands the text to
/// `then`; every failure goes to the status's error with the file's name and "Nothing was
/// changed."
fn read_file(
    file: web_sys::File,
    status: Status,
    then: impl FnOnce(&str, String) -> Result<(), String> + 'static,
) {
    status.error.set(None);
    read_file_then(
        file,
        move |e| status.error.set(Some(e)),
        status.busy,
        move |name, text, _| then(name, text),
    );
}

/// [`read_file`], reporting to `fail` and handing `then` the file's date too.
///
/// `busy` says "Reading …" from the choice until the preview (a 50-team file takes longer
/// than a frame): painted before the work starts.
pub fn read_file_then(
    file: web_sys::File,
    fail: impl Fn(String) + 'static,
    busy: RwSignal<Option<String>>,
    then: impl FnOnce(&str, String, Date) -> Result<(), String> + 'static,
) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES as f64 {
        fail(format!(
            "“{name}” is {} MB; files larger than {} MB are refused. Nothing was changed.",
            (file.size() / 1e6).ceil() as u64,
            MAX_FILE_BYTES / (1024 * 1024)
        ));
        return;
    }
    let modified = crate::browser::date_of_ms(file.last_modified());
    busy.set(Some(format!("Reading “{name}”…")));
    let painted = crate::ui::export::painted_since();
    leptos::task::spawn_local(async move {
        let result = match read_text(&file).await {
            Ok(text) => {
                // The line is on screen before the work on the text starts.
                if !painted() {
                    crate::ui::export::next_frame().await;
                }
                then(&name, text, modified)
            }
            Err(e) => Err(format!("The file could not be read: {e}")),
        };
        busy.set(None);
        if let Err(e) = result {
            fail(format!(
                "“{name}” was not imported. {e} Nothing was changed."
            ));
        }
    });
}
