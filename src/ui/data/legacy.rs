//! What the reference DSOMM app leaves: a DSOMM 1.x `generated.yaml` (its teams' progress on
//! a date the user picks, and its evidence texts) and its data stored in this browser.

use std::sync::Arc;

use leptos::prelude::*;

use super::evidence::plan_evidence;
use super::intake::{use_intake, Intake};
use super::progress::{plan_progress, EvidenceCounts, ProgressPreview};
use crate::browser::focus_later;
use crate::domain::assessment::date::Date;
use crate::domain::formats::{legacy, reference_store, summary};
use crate::domain::model::MODEL;
use crate::ui::state::{with_gateway, AppState, NoticeKind};

/// A DSOMM 1.x file: what it says, and the date its teams' progress gets (the file holds
/// none; the preview lets the user pick it).
#[derive(Clone, Debug, PartialEq)]
pub struct LegacySource {
    pub file: Arc<legacy::LegacyFile>,
    pub date: Date,
}

/// A DSOMM 1.x generated.yaml (`modified`: the file's date, the first choice): its preview.
pub fn take_legacy(
    app: &AppState,
    intake: Intake,
    name: String,
    text: &str,
    modified: Date,
) -> Result<(), String> {
    let file = legacy::parse(text, |n| {
        MODEL.activity_by_name(n).map(|i| MODEL.activities[i].uuid)
    })
    .map_err(|e| e.to_string())?;
    intake
        .progress
        .set(Some(plan_legacy(app, name, Arc::new(file), modified)?));
    focus_later("#preview-title".into());
    Ok(())
}

/// The preview of a DSOMM 1.x file whose teams' progress is dated `date`.
fn plan_legacy(
    app: &AppState,
    name: String,
    file: Arc<legacy::LegacyFile>,
    date: Date,
) -> Result<ProgressPreview, String> {
    let done = app
        .defs
        .with_untracked(|d| d.name(d.completed()).to_string());
    let progress = file.progress(&done, date);
    let evidence = plan_evidence(app, &file.evidence(date));
    let mut p = plan_progress(app, name, progress, Some(LegacySource { file, date }))?;
    p.evidence = EvidenceCounts {
        added: evidence.added,
        updated: evidence.updated,
    };
    Ok(p)
}

/// The part of a 1.x file's preview that says what it holds and picks the date (the preview
/// is planned again on a change).
pub fn legacy_date(
    app: &AppState,
    name: String,
    source: LegacySource,
    show: &impl Fn(Date) -> String,
) -> impl IntoView {
    let app = *app;
    let pending = use_intake().progress;
    let LegacySource { file, date: on } = source;
    let text = summary::legacy_file(file.evidence.len(), on, show);
    let on_date = move |ev: leptos::ev::Event| {
        let Some(d) = Date::parse(&event_target_value(&ev)) else {
            return;
        };
        match plan_legacy(&app, name.clone(), file.clone(), d) {
            Ok(next) => pending.set(Some(next)),
            Err(e) => app.notify(NoticeKind::Error, e),
        }
    };
    view! {
        <p>{text}</p>
        <label class="filters__field preview__date">
            <span>"Date the progress applies from"</span>
            <input type="date" prop:value=on.to_string() on:change=on_date />
        </label>
    }
}

/// The reference app's own data, when this app is served from its address: its section,
/// whose button hands each part (name, text) to `import`; none when there is none. The
/// reference app's data is left as it is.
pub fn reference_data(import: impl Fn(Vec<(String, String)>) + 'static) -> Option<impl IntoView> {
    let files = reference_store::files(|k| {
        with_gateway(|g| {
            use crate::domain::storage::Backend;
            g.backend().get(k).ok().flatten()
        })
    });
    if files.is_empty() {
        return None;
    }
    let parts = files
        .iter()
        .map(|(n, _)| {
            n.trim_start_matches("the reference app's stored ")
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ");
    let files = StoredValue::new(files);
    Some(view! {
        <section class="reference-data" aria-labelledby="reference-title">
            <h3 id="reference-title">"The reference DSOMM app's data in this browser"</h3>
            <p>{format!("This browser holds data the reference DSOMM app stored at this address ({parts}). Import it like its files: each part gets its preview below. The reference app's data is left as it is.")}</p>
            <button type="button" class="button" on:click=move |_| import(files.get_value())>"Import the reference app's data"</button>
        </section>
    })
}
