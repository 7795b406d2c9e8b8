//! Assessment files in and out, and stored data that was set aside: the page and its drop
//! zone here, each kind of file in its own module, all through one [`section::FileSection`].

mod backup;
mod custom;
mod evidence;
mod intake;
mod kept;
mod legacy;
mod progress;
mod section;
mod teams;

use leptos::prelude::*;

use self::intake::{Intake, Queued};
use self::progress::ProgressFilePreview;
use self::section::{files_of, picked_files, read_file_then, FileSection, Status, YAML_FILES};
use super::state::{use_app, AppState};
use crate::browser::today;
use crate::domain::assessment::date::Date;
use crate::domain::formats::recognize::recognize;
use crate::domain::model::MODEL;
use crate::domain::views::words::count;

/// Dates as the user chose to see them (Settings → date format), for the previews.
fn show_date(app: &AppState) -> impl Fn(Date) -> String {
    let format = app.settings.with_untracked(|s| s.date_format.clone());
    move |d| crate::browser::format_date(d, &format)
}

/// Where an activity sorts in a written file, and its name (for the `# name` comments).
fn activity_of(uuid: &str) -> Option<(usize, &'static str)> {
    MODEL
        .activity_index(uuid)
        .map(|i| (i, MODEL.activities[i].name))
}

#[component]
pub fn DataPage() -> impl IntoView {
    let app = use_app();
    let intake = Intake::new();
    provide_context(intake);

    // A preview done (applied or cancelled): the next queued file of its kind is shown.
    Effect::new(move |_| {
        intake.track_previews();
        if intake.queue.with_untracked(|q| !q.is_empty()) {
            intake.next(&app);
        }
    });

    view! {
        <section class="page" aria-labelledby="data-title">
            <h1 id="data-title">"Assessment data"</h1>
            <p>
                "Your assessment is kept only in this browser. Download it now and then to keep a copy, to move it to another browser or to share it."
            </p>
            <p class="hint" id="storage-usage" title=move || crate::domain::storage::usage_detail(app.used.get())>
                {move || crate::domain::storage::usage_text(app.used.get())}
            </p>
            <p class="alert alert--error" role="alert" hidden=move || crate::domain::storage::usage_warning(app.used.get()).is_none()>
                {move || crate::domain::storage::usage_warning(app.used.get()).unwrap_or_default()}
            </p>
            <backup::WholeAssessment />
            <UploadFiles />
            <h2 id="reference-formats-title">"Files for the reference DSOMM app"</h2>
            <p>
                "These files are in the formats of the reference OWASP DSOMM app, for exchange with it: each holds one part of the assessment. The whole assessment above holds all of them and more."
            </p>
            <progress::ProgressFiles />
            <teams::TeamSetup />
            <evidence::EvidenceFiles />
            <custom::YourModel />
            <kept::NotInModel />
            <kept::Quarantine />
        </section>
    }
}

/// The one drop zone (also a picker of several files, pasted text and the reference app's
/// stored data): each file is recognised by its content and sent to its kind's preview.
#[component]
fn UploadFiles() -> impl IntoView {
    let app = use_app();
    let intake = intake::use_intake();
    let status = Status::new();
    let Status { busy, error } = status;
    // How many of the zone and its children a drag is over: entering a child fires
    // dragenter on it before dragleave on the one left, so a flag would flicker off.
    let over = RwSignal::new(0u32);
    let active = Memo::new(move |_| over.get() > 0);
    // What the drop zone did with each file of the last drop or choice, and the files it
    // refused (a line each).
    let taken = RwSignal::new(Vec::<String>::new());
    let refused = RwSignal::new(Vec::<String>::new());

    // A text recognised and sent to its kind's preview; one that is none of them is
    // refused with what it looked like.
    let take_text = move |name: &str, text: String, modified: Date, several: bool| {
        let kind = recognize(&text)?;
        let q = Queued {
            name: name.to_string(),
            text,
            modified,
            kind,
        };
        // Taken alone, it replaces an open preview of its kind; files taken together wait
        // for each other.
        let what = intake.take(&app, q, !several)?;
        if several {
            taken.update(|t| t.push(format!("“{name}”: {what}")));
        }
        Ok(())
    };
    // Files still queued from before stay queued.
    let start = move || {
        error.set(None);
        taken.set(Vec::new());
        refused.set(Vec::new());
    };
    let take_files = move |files: Vec<web_sys::File>| {
        start();
        let several = files.len() > 1;
        for file in files {
            read_file_then(
                file,
                move |e| refused.update(|r| r.push(e)),
                busy,
                move |name, text, modified| take_text(name, text, modified, several),
            );
        }
    };
    let take_reference = move |files: Vec<(String, String)>| {
        start();
        let several = files.len() > 1;
        for (name, text) in files {
            if let Err(e) = take_text(&name, text, today(), several) {
                refused
                    .update(|r| r.push(format!("{name}: not imported. {e} Nothing was changed.")));
            }
        }
    };
    let pasted = RwSignal::new(String::new());
    let take_pasted = move |_| {
        start();
        let text = pasted.get_untracked();
        if let Err(e) = take_text("the pasted text", text, today(), false) {
            refused.update(|r| {
                r.push(format!(
                    "The pasted text was not imported. {e} Nothing was changed."
                ))
            });
        }
    };

    let on_pick = move |ev: leptos::ev::Event| take_files(picked_files(&ev));
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(0);
        let files = ev
            .data_transfer()
            .and_then(|d| d.files())
            .map(|l| files_of(&l))
            .unwrap_or_default();
        take_files(files);
    };

    let zone = view! {
        <div
            class="dropzone"
            class:dropzone--active=move || active.get()
            on:dragenter=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.update(|n| *n += 1);
            }
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:dragleave=move |_| over.update(|n| *n = n.saturating_sub(1))
            on:drop=on_drop
        >
            <label class="button">
                "Choose files…"
                <input
                    type="file"
                    multiple=true
                    class="visually-hidden"
                    accept=YAML_FILES
                    on:change=on_pick
                    data-testid="import-file"
                />
            </label>
            <span>" or drop them here: team progress, team evidence, a team setup, a whole assessment (dsomm-assessment.yaml), a custom activity file or a DSOMM 1.x generated.yaml, several at once. Each is recognised by its content, and you see what it changes before anything is saved."</span>
            <details class="paste">
                <summary>"Paste a file's text instead"</summary>
                <textarea
                    aria-label="Text of a file"
                    rows="6"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
                <button type="button" class="button" on:click=take_pasted disabled=move || pasted.with(|t| t.trim().is_empty())>
                    "Read the pasted text"
                </button>
            </details>
        </div>
        {legacy::reference_data(take_reference)}
    };
    let preview = view! {
        <div role="alert" class="alert alert--error" hidden=move || refused.with(Vec::is_empty)>
            <ul class="refused">
                {move || refused.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
        </div>
        <ul class="hint" aria-label="Files recognised" hidden=move || taken.with(Vec::is_empty)>
            {move || taken.get().into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
        </ul>
        <p class="hint" hidden=move || intake.queue.with(Vec::is_empty)>
            {move || format!("Waiting for the open preview of the same kind to be done: {}.", count(intake.queue.with(Vec::len), "more file", "more files"))}
        </p>
        {move || intake.progress.get().map(|p| view! { <ProgressFilePreview p=p status=status /> })}
    };
    view! {
        <FileSection title="Upload files" id="upload-title" lead=zone.into_any() status=status preview=preview.into_any() />
    }
}
