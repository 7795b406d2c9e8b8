//! The model in use: the embedded one or this browser's custom activity file (upload,
//! preview, apply, download, remove).

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::intake::{use_intake, Intake};
use super::section::{FileSection, Status, Upload};
use super::show_date;
use crate::browser::{download, focus_later, today};
use crate::domain::assessment::date::Date;
use crate::domain::model::{self as model, custom, MODEL};
use crate::domain::views::words::count;
use crate::ui::state::{use_app, with_gateway};
use crate::ui::table::ScrollTable;

/// A custom activity file and what applying it would do (or every problem in it).
#[derive(Clone)]
pub struct CustomPreview {
    pub name: String,
    pub result: Result<Arc<custom::Compiled>, Vec<String>>,
}

/// A custom activity file (dropped or chosen here): its preview, the model it makes or its
/// problems.
pub fn take_custom(intake: Intake, name: String, text: &str) {
    let day = today().to_string();
    let result = custom::compile(&name, text, &day)
        .map(Arc::new)
        .map_err(|problems| problems.iter().map(|p| p.to_string()).collect());
    intake.custom.set(Some(CustomPreview { name, result }));
    focus_later("#custom-title".into());
}

/// Writes the custom model (None: the embedded one again) and loads the page again, which
/// every module needs to use it; an error if it could not be stored (nothing changed).
fn store_model(stored: Option<String>) -> Result<(), String> {
    let values = [crate::domain::storage::Stored::CustomModel(stored)];
    with_gateway(|g| {
        g.save_many(&crate::domain::storage::Batch {
            teams: None,
            values: &values,
        })
    })
    .map_err(|e| e.to_string())?;
    crate::browser::reload();
    Ok(())
}

#[component]
pub fn YourModel() -> impl IntoView {
    let intake = use_intake();
    let pending = intake.custom;
    let status = Status::new();
    let error = status.error;
    let upload = Upload {
        label: "Upload a custom activity file…",
        testid: "import-custom",
        take: Rc::new(move |name, text| {
            take_custom(intake, name.to_string(), &text);
            Ok(())
        }),
    };
    let counts = |origin: model::Origin| {
        MODEL
            .activities
            .iter()
            .filter(|a| a.origin == origin)
            .count()
    };
    let in_use = model::custom();
    let date = show_date(&use_app());
    let status_line = match in_use {
        Some(c) => format!(
            "Your organisation's model: the custom activity file “{}”, applied {}, over DSOMM v{}: {} ({} custom, {} customised; {} removed).",
            c.file,
            Date::parse(c.applied).map_or_else(|| c.applied.to_string(), &date),
            model::OFFICIAL.version,
            count(MODEL.activities.len(), "activity", "activities"),
            counts(model::Origin::Added),
            counts(model::Origin::Changed),
            c.removed.len()
        ),
        None => format!(
            "The DSOMM model v{} ({}){}.",
            MODEL.version,
            count(MODEL.activities.len(), "activity", "activities"),
            if counts(model::Origin::Official) == MODEL.activities.len() { "" } else { " with the custom activity files this app was built with" }
        ),
    };
    let unused = model::unused().map(|why| format!(
        "A custom activity file is stored in this browser but not used: {why}. The model above is shown instead; your file is kept. Remove it, or upload a corrected one."
    ));
    let stored_file = model::stored_file().map(|(file, _, text)| (file, text));
    let has_stored = in_use.is_some() || unused.is_some();
    let remove = move |_| {
        let sure = crate::browser::confirm("Remove the custom activity file and go back to the official model? Progress and evidence of its activities are kept and come back if you apply it again.");
        if sure {
            if let Err(e) = store_model(None) {
                error.set(Some(format!("Nothing was changed: {e}")));
            }
        }
    };
    let apply = move |stored: String| {
        if let Err(e) = store_model(Some(stored)) {
            error.set(Some(format!("Nothing was changed: {e}")));
        }
    };
    let lead = view! {
        <p id="model-status">{status_line}</p>
        {unused.map(|u| view! { <p class="alert alert--error" role="alert">{u}</p> })}
    };
    let preview = move || {
        pending.get().map(
            |p| view! { <CustomFilePreview p=p pending=pending apply=apply replaces=has_stored /> },
        )
    };
    view! {
        <FileSection
            title="Your model"
            id="model-title"
            lead=lead.into_any()
            upload=upload
            hint="Add your organisation's own activities, change official ones (a partial entry changes only the fields it names), move them or leave them out with ignore: true, in the reference app's custom activity format. You see what a file changes before anything is saved. Applied here, it is kept in this browser and in dsomm-assessment.yaml; to build it into the app for everyone, put it in data/custom/ (see the README)."
            status=status
            preview=preview.into_any()
        >
            {stored_file.map(|(file, text)| view! {
                <button type="button" class="button" on:click=move |_| {
                    if let Err(e) = download(file, "application/yaml", text) {
                        error.set(Some(format!("Download failed: {e}")));
                    }
                }>"Download the custom activity file"</button>
                " "
            })}
            {has_stored.then(|| view! {
                <button type="button" class="button button--danger" on:click=remove>"Remove the custom activity file"</button>
                " "
            })}
        </FileSection>
    }
}

#[component]
fn CustomFilePreview(
    p: CustomPreview,
    pending: RwSignal<Option<CustomPreview>>,
    apply: impl Fn(String) + Copy + Send + Sync + 'static,
    replaces: bool,
) -> impl IntoView {
    let name = p.name.clone();
    let body = match p.result {
        Err(problems) => view! {
            <p class="alert alert--error" role="alert">{format!(
                "“{name}” cannot be applied: {} found. Nothing was changed.",
                count(problems.len(), "problem", "problems")
            )}</p>
            <ul class="custom-changes" aria-label="Problems">
                {problems.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
            </ul>
            <p class="preview__actions">
                <button type="button" class="button" on:click=move |_| pending.set(None)>"Close"</button>
            </p>
        }
        .into_any(),
        Ok(c) => {
            let summary = format!(
                "Applying it makes a model of {}: {} added, {} changed, {} removed from the official model v{}.",
                count(c.activities, "activity", "activities"),
                c.added,
                c.changed,
                c.removed.len(),
                model::OFFICIAL.version
            );
            // Looked up per removed activity (a snapshot copied every team's records).
            let app = use_app();
            let has_data = |u: &str| {
                let progress = match MODEL.activity_index(u) {
                    Some(i) => app.progress[i].with_untracked(|p| !p.is_empty()),
                    None => app.unknown.with_untracked(|m| m.get(u).is_some_and(|p| !p.is_empty())),
                };
                progress || app.evidence.with_untracked(|e| e.get(u).is_some_and(|l| !l.is_empty()))
            };
            let with_data = c.removed.iter().filter(|(u, _)| has_data(u)).count();
            let kept_note = (with_data > 0).then(|| format!(
                "The progress and evidence of {} it removes are kept, listed under “Kept for activities not in this model”, and come back when the activity does.",
                count(with_data, "activity", "activities")
            ));
            let changes: Vec<String> = c.report.changes.iter().map(|x| x.to_string()).collect();
            let notes: Vec<String> = c.report.notes.iter().map(|x| format!("Note: {x}")).collect();
            let stored = StoredValue::new(c.stored.clone());
            view! {
                <p>{summary}</p>
                {kept_note.map(|k| view! { <p>{k}</p> })}
                <ScrollTable label="What the file changes" class="custom-changes">
                    <tbody>
                        {changes.into_iter().chain(notes).map(|t| view! { <tr><td>{t}</td></tr> }).collect_view()}
                    </tbody>
                </ScrollTable>
                <p class="preview__actions">
                    <button type="button" class="button button--primary" on:click=move |_| apply(stored.get_value())>
                        {if replaces { "Replace your custom activity file with this one" } else { "Apply this model" }}
                    </button>
                    <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                </p>
                <p class="hint">"Applying it reloads the page."</p>
            }
            .into_any()
        }
    };
    view! {
        <section class="preview" aria-labelledby="custom-title">
            <h3 id="custom-title" tabindex="-1">{format!("Preview of “{}”", p.name)}</h3>
            {body}
        </section>
    }
}
