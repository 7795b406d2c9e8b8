//! Team progress files (`team-progress.yaml`, the reference format): the download, and the
//! preview of one uploaded (or of a DSOMM 1.x file's progress) with its merge or replace.

use std::sync::Arc;

use leptos::prelude::*;

use super::intake::{use_intake, Intake};
use super::legacy::{legacy_date, LegacySource};
use super::section::{FileSection, Status};
use super::{activity_of, show_date};
use crate::browser::{download, focus_later, today};
use crate::domain::assessment::evidence;
use crate::domain::assessment::{ImportMode, ImportPlan};
use crate::domain::formats::progress_yaml::{self, ProgressFile, FILE_NAME};
use crate::domain::formats::summary;
use crate::domain::model::MODEL;
use crate::domain::views::words::count;
use crate::ui::state::{use_app, AppState, NoticeKind};

/// An uploaded file waiting for the user's choice. Shared, not copied, by the views that
/// show it (a 50-team file is 9,700 records: a copy cost 5-8 ms of the preview and again of
/// the merge).
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressPreview {
    pub name: String,
    pub file: Arc<ProgressFile>,
    /// The teams the file names.
    pub teams: usize,
    pub merge: ImportPlan,
    pub replace: ImportPlan,
    pub unknown_uuids: usize,
    pub unknown_states: Vec<String>,
    /// A DSOMM 1.x file: what it says, and the date its teams' progress gets.
    pub legacy: Option<LegacySource>,
    /// Its evidence entries (written with either choice).
    pub evidence: EvidenceCounts,
}

/// A file's evidence entries that are new, and those that change one kept here.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EvidenceCounts {
    pub added: usize,
    pub updated: usize,
}

pub fn export_progress(app: &AppState) {
    let a = app.snapshot();
    let defs = app.defs.get_untracked();
    let text = progress_yaml::write(&a.progress, &defs, activity_of);
    if let Err(e) = download(FILE_NAME, "application/yaml", &text) {
        app.notify(NoticeKind::Error, format!("Download failed: {e}"));
    }
}

/// A team-progress.yaml: its preview.
pub fn take_progress(
    app: &AppState,
    intake: Intake,
    name: String,
    text: &str,
) -> Result<(), String> {
    let file = progress_yaml::parse(text).map_err(|e| e.to_string())?;
    intake
        .progress
        .set(Some(plan_progress(app, name, file, None)?));
    focus_later("#preview-title".into());
    Ok(())
}

/// What merging or replacing with `file` would change (counts only: the records of the mode
/// chosen are made when it is applied); an error if the result would not fit.
pub fn plan_progress(
    app: &AppState,
    name: String,
    file: ProgressFile,
    legacy: Option<LegacySource>,
) -> Result<ProgressPreview, String> {
    let current = app.snapshot();
    let unknown_uuids = file
        .progress
        .keys()
        .filter(|u| MODEL.activity_index(u).is_none())
        .count();
    // Each distinct name once (a 50-team file names a handful of states 19,400 times).
    let mut names: Vec<&String> = Vec::new();
    for record in file.progress.values().flat_map(|teams| teams.values()) {
        for name in record.dates().keys() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.sort();
    let unknown_states: Vec<String> = app
        .defs
        .with_untracked(|d| names.into_iter().filter(|s| !d.knows(s)).cloned().collect());
    let merge = current.count_import(&file.progress, ImportMode::Merge);
    current.check_plan(&merge)?;
    let teams = merge.teams_in_file;
    Ok(ProgressPreview {
        name,
        merge,
        replace: current.count_import(&file.progress, ImportMode::Replace),
        teams,
        file: Arc::new(file),
        unknown_uuids,
        unknown_states,
        legacy,
        evidence: EvidenceCounts::default(),
    })
}

/// Writes the pending file in `mode`, planned again against the assessment as it is now
/// (another tab may have changed it), and says what it did.
fn write_import(
    app: &AppState,
    p: &ProgressPreview,
    mode: ImportMode,
    pending: RwSignal<Option<ProgressPreview>>,
    status: Status,
) {
    let now = app.snapshot();
    let plan = now.plan_import(&p.file.progress, mode, today());
    // A 1.x file's evidence texts, written with its progress.
    let evidence = p.legacy.as_ref().and_then(|l| {
        let incoming = l.file.evidence(l.date);
        (!incoming.is_empty())
            .then(|| evidence::plan_evidence_import(&now.evidence, &incoming, &now.teams))
    });
    match app.apply(&plan, evidence.as_ref()) {
        Ok(()) => {
            pending.set(None);
            focus_later("#upload-title".into());
            app.notify(
                NoticeKind::Info,
                format!(
                    "Imported “{}” ({}): {}, {} changed, {} removed{}.",
                    p.name,
                    if mode == ImportMode::Merge {
                        "merged"
                    } else {
                        "replaced"
                    },
                    count(plan.added, "record added", "records added"),
                    plan.updated,
                    plan.removed,
                    evidence.map_or(String::new(), |e| format!(
                        "; evidence: {} new, {} changed",
                        e.added, e.updated
                    ))
                ),
            );
        }
        Err(e) => status.error.set(Some(format!(
            "The import was not saved, nothing was changed: {e}"
        ))),
    }
}

/// The download of the team progress file (uploaded through the drop zone).
#[component]
pub fn ProgressFiles() -> impl IntoView {
    let app = use_app();
    view! {
        <FileSection title="Team progress" note="Progress only: the date each team reached each state, without its history. Upload it above.">
            <button type="button" class="button" on:click=move |_| export_progress(&app)>
                {format!("Download {FILE_NAME}")}
            </button>
        </FileSection>
    }
}

/// The preview of a progress file: what merging and replacing would do. What applying it
/// says goes to `status` (the drop zone's).
#[component]
pub fn ProgressFilePreview(p: ProgressPreview, status: Status) -> impl IntoView {
    let app = use_app();
    let pending = use_intake().progress;
    let apply = move |mode: ImportMode| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        status
            .busy
            .set(Some(format!("Writing “{}” into your assessment…", p.name)));
        leptos::task::spawn_local(async move {
            crate::ui::export::next_frame().await;
            status.busy.set(None);
            write_import(&app, &p, mode, pending, status);
        });
    };
    let m = &p.merge;
    let r = &p.replace;
    let EvidenceCounts {
        added: new_evidence,
        updated: changed_evidence,
    } = p.evidence;
    let no_evidence = new_evidence + changed_evidence == 0;
    let date = show_date(&app);
    let legacy = p
        .legacy
        .clone()
        .map(|source| legacy_date(&app, p.name.clone(), source, &date));
    view! {
        <section class="preview" aria-labelledby="preview-title">
            <h3 id="preview-title">{format!("Preview of “{}”", p.name)}</h3>
            {legacy}
            <p>{summary::progress_file(&p.file.progress, p.teams, &date)}</p>
            <ul>
                <li>
                    <strong>"Merge: "</strong>
                    {summary::merge_line(m)}
                </li>
                <li>
                    <strong>"Replace: "</strong>
                    {summary::replace_line(r)}
                </li>
                {(!m.new_teams.is_empty()).then(|| view! { <li>{format!("New teams: {}", m.new_teams.join(", "))}</li> })}
                {(!no_evidence).then(|| view! {
                    <li>{format!("Evidence (with either choice): {}, {changed_evidence} changed.", count(new_evidence, "new entry", "new entries"))}</li>
                })}
                {(p.unknown_uuids > 0).then(|| view! {
                    <li>{format!("Progress on {} not in the embedded model v{} is kept and exported again.", count(p.unknown_uuids, "activity", "activities"), MODEL.version)}</li>
                })}
                {(!p.unknown_states.is_empty()).then(|| view! {
                    <li>{format!("States this app does not define are kept but not shown: {}", p.unknown_states.join(", "))}</li>
                })}
                {p.file.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
            <p class="preview__actions">
                <button type="button" class="button button--primary" disabled=m.changes_nothing() && no_evidence on:click=move |_| apply(ImportMode::Merge)>
                    "Merge into my assessment"
                </button>
                <button type="button" class="button button--danger" disabled=r.changes_nothing() && no_evidence on:click=move |_| apply(ImportMode::Replace)>
                    "Replace my progress"
                </button>
                <button type="button" class="button" on:click=move |_| export_progress(&app)>
                    "Download my current progress first"
                </button>
                <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
            </p>
            {(m.changes_nothing() && r.changes_nothing() && no_evidence).then(|| view! { <p>"The file matches your assessment: nothing to import."</p> })}
        </section>
    }
}
