//! Assessment files in and out, and stored data that was set aside.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{use_app, with_gateway, AppState, NoticeKind};
use crate::browser::{download, focus_later, read_text, today};
use crate::domain::assessment::evidence::{self, EvidenceStore};
use crate::domain::assessment::{ImportMode, ImportPlan};
use crate::domain::formats::progress_yaml::{self, ProgressFile, FILE_NAME, MAX_FILE_BYTES};
use crate::domain::formats::{backup, evidence_yaml, teams_yaml};
use crate::domain::model::MODEL;

/// An uploaded file waiting for the user's choice. Shared, not copied, by the views that
/// show it (a 50-team file is 9,700 records: a copy cost 5-8 ms of the preview and again of
/// the merge).
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    name: String,
    file: std::sync::Arc<ProgressFile>,
    /// Team records in the file, and the teams they name.
    records: usize,
    teams: usize,
    merge: ImportPlan,
    replace: ImportPlan,
    unknown_uuids: usize,
    unknown_states: Vec<String>,
}

/// Where an activity sorts in a written file, and its name (for the `# name` comments).
fn activity_of(uuid: &str) -> Option<(usize, &'static str)> {
    MODEL
        .activity_index(uuid)
        .map(|i| (i, MODEL.activities[i].name))
}

pub fn export_progress(app: &AppState) {
    let a = app.snapshot();
    let defs = app.defs.get_untracked();
    let text = progress_yaml::write(&a.progress, &defs, activity_of);
    if let Err(e) = download(FILE_NAME, "application/yaml", &text) {
        app.notify(NoticeKind::Error, format!("Download failed: {e}"));
    }
}

fn plan_of(app: &AppState, name: String, text: &str) -> Result<Pending, String> {
    let file = progress_yaml::parse(text).map_err(|e| e.to_string())?;
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
    // Counts only: the records of the mode chosen are made when it is applied.
    let merge = current.count_import(&file.progress, ImportMode::Merge);
    current.check_plan(&merge)?;
    let teams = merge.teams_in_file;
    Ok(Pending {
        name,
        merge,
        replace: current.count_import(&file.progress, ImportMode::Replace),
        records: file.progress.values().map(|t| t.len()).sum(),
        teams,
        file: std::sync::Arc::new(file),
        unknown_uuids,
        unknown_states,
    })
}

/// The file chosen in an `<input type=file>` change event (the input is cleared so the same
/// file can be chosen again).
fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// Reads `file` as text, refusing files over the size limit first, and hands the text to
/// `then`; every failure goes to `error` with the file's name and "Nothing was changed."
///
/// `busy` says "Reading …" from the choice until the preview (a 50-team file takes longer
/// than a frame): painted before the work starts.
fn read_file(
    file: web_sys::File,
    error: RwSignal<Option<String>>,
    busy: RwSignal<Option<String>>,
    then: impl FnOnce(&str, String) -> Result<(), String> + 'static,
) {
    error.set(None);
    let name = file.name();
    if file.size() > MAX_FILE_BYTES as f64 {
        error.set(Some(format!(
            "“{name}” is {} MB; files larger than {} MB are refused. Nothing was changed.",
            (file.size() / 1e6).ceil() as u64,
            MAX_FILE_BYTES / (1024 * 1024)
        )));
        return;
    }
    busy.set(Some(format!("Reading “{name}”…")));
    let painted = super::export::painted_since();
    leptos::task::spawn_local(async move {
        let result = match read_text(&file).await {
            Ok(text) => {
                // The line is on screen before the work on the text starts.
                if !painted() {
                    super::export::next_frame().await;
                }
                then(&name, text)
            }
            Err(e) => Err(format!("The file could not be read: {e}")),
        };
        busy.set(None);
        if let Err(e) = result {
            error.set(Some(format!(
                "“{name}” was not imported. {e} Nothing was changed."
            )));
        }
    });
}

/// Writes the pending file in `mode`, planned again against the assessment as it is now
/// (another tab may have changed it), and says what it did.
fn write_import(
    app: &AppState,
    p: &Pending,
    mode: ImportMode,
    pending: RwSignal<Option<Pending>>,
    error: RwSignal<Option<String>>,
) {
    let plan = app.snapshot().plan_import(&p.file.progress, mode, today());
    match app.apply(&plan) {
        Ok(()) => {
            pending.set(None);
            focus_later("#upload-title".into());
            app.notify(
                NoticeKind::Info,
                format!(
                    "Imported “{}” ({}): {} records added, {} changed, {} removed.",
                    p.name,
                    if mode == ImportMode::Merge {
                        "merged"
                    } else {
                        "replaced"
                    },
                    plan.added,
                    plan.updated,
                    plan.removed
                ),
            );
        }
        Err(e) => error.set(Some(format!(
            "The import was not saved, nothing was changed: {e}"
        ))),
    }
}

#[component]
pub fn DataPage() -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(None::<Pending>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);

    let take_file = move |file: web_sys::File| {
        pending.set(None);
        read_file(file, error, busy, move |name, text| {
            pending.set(Some(plan_of(&app, name.to_string(), &text)?));
            focus_later("#preview-title".into());
            Ok(())
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        if let Some(file) = picked_file(&ev) {
            take_file(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(file);
        }
    };

    let apply = move |mode: ImportMode| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        busy.set(Some(format!("Writing “{}” into your assessment…", p.name)));
        leptos::task::spawn_local(async move {
            super::export::next_frame().await;
            busy.set(None);
            write_import(&app, &p, mode, pending, error);
        });
    };

    view! {
        <section class="page" aria-labelledby="data-title">
            <h1 id="data-title">"Assessment data"</h1>
            <p>
                "Your assessment is stored only in this browser (localStorage). Download it to keep a copy or to share it; upload a file to merge it in or to replace your progress."
            </p>
            <p class="hint" id="storage-usage">{move || crate::domain::storage::usage_text(app.used.get())}</p>
            <p class="alert alert--error" role="alert" hidden=move || crate::domain::storage::usage_warning(app.used.get()).is_none()>
                {move || crate::domain::storage::usage_warning(app.used.get()).unwrap_or_default()}
            </p>
            <h2>"Download"</h2>
            <p>
                <button type="button" class="button button--primary" on:click=move |_| export_progress(&app)>
                    {format!("Download {FILE_NAME}")}
                </button>
                " "<span class="hint">"The reference DSOMM app's format: activity uuid → team → state → date reached."</span>
            </p>
            <h2 id="upload-title">"Upload"</h2>
            <div
                class="dropzone"
                class:dropzone--active=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label class="button">
                    "Choose a team-progress.yaml file…"
                    <input
                        type="file"
                        class="visually-hidden"
                        accept=".yaml,.yml,application/yaml,text/yaml,text/plain"
                        on:change=on_pick
                        data-testid="import-file"
                    />
                </label>
                <span>" or drop it here. You will see what changes before anything is saved."</span>
            </div>
            <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </div>
            {move || pending.get().map(|p| view! { <Preview p=p pending=pending apply=apply /> })}
            <TeamSetup />
            <EvidenceFiles />
            <WholeAssessment />
            <Quarantine />
        </section>
    }
}

#[component]
fn Preview(
    p: Pending,
    pending: RwSignal<Option<Pending>>,
    apply: impl Fn(ImportMode) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let m = &p.merge;
    let r = &p.replace;
    view! {
        <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{format!("Preview of “{}”", p.name)}</h2>
            <p>
                {format!(
                    "The file holds {} team records on {} activities for {} teams.",
                    p.records,
                    p.file.progress.len(),
                    p.teams
                )}
            </p>
            <ul>
                <li>
                    <strong>"Merge: "</strong>
                    {format!(
                        "{} records added, {} changed (the file's version wins), {} identical; everything else of yours stays.",
                        m.added, m.updated, m.unchanged
                    )}
                </li>
                <li>
                    <strong>"Replace: "</strong>
                    {format!(
                        "your progress becomes the file's: {} records added, {} changed, {} removed.",
                        r.added, r.updated, r.removed
                    )}
                </li>
                {(!m.new_teams.is_empty()).then(|| view! { <li>{format!("New teams: {}", m.new_teams.join(", "))}</li> })}
                {(p.unknown_uuids > 0).then(|| view! {
                    <li>{format!("{} activities are not in the embedded model v{}; their progress is kept and exported again.", p.unknown_uuids, MODEL.version)}</li>
                })}
                {(!p.unknown_states.is_empty()).then(|| view! {
                    <li>{format!("States this app does not define are kept but not shown: {}", p.unknown_states.join(", "))}</li>
                })}
                {p.file.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
            <p class="preview__actions">
                <button type="button" class="button button--primary" disabled=m.changes_nothing() on:click=move |_| apply(ImportMode::Merge)>
                    "Merge into my assessment"
                </button>
                <button type="button" class="button button--danger" disabled=r.changes_nothing() on:click=move |_| apply(ImportMode::Replace)>
                    "Replace my progress"
                </button>
                <button type="button" class="button" on:click=move |_| export_progress(&app)>
                    "Download my current progress first"
                </button>
                <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
            </p>
            {(m.changes_nothing() && r.changes_nothing()).then(|| view! { <p>"The file matches your assessment: nothing to import."</p> })}
        </section>
    }
}

#[component]
fn Quarantine() -> impl IntoView {
    let app = use_app();
    view! {
        <section hidden=move || app.quarantined.with(Vec::is_empty) aria-labelledby="quarantine-title">
            <h2 id="quarantine-title">"Stored data that could not be read"</h2>
            <p>"These values were found in this browser's storage but could not be read. They are kept unchanged until you discard them."</p>
            <ul class="quarantine">
                {move || app.quarantined.get().into_iter().map(move |q| {
                        let file = format!("{}.txt", q.original_key.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"));
                        let value = q.value.clone();
                        let key = q.key.clone();
                        view! {
                            <li>
                                <code>{q.original_key.clone()}</code>
                                {format!(" — {} ({} characters) ", q.reason, q.value.len())}
                                <button type="button" class="button" aria-label=format!("Download {}", q.original_key) on:click=move |_| {
                                    if let Err(e) = download(&file, "text/plain", &value) {
                                        app.notify(NoticeKind::Error, format!("Download failed: {e}"));
                                    }
                                }>"Download"</button>
                                <button type="button" class="button button--danger" aria-label=format!("Discard {}", q.original_key) on:click=move |_| {
                                    let sure = crate::browser::confirm("Discard this stored data for good? Download it first if you may need it.");
                                    if sure {
                                        if let Err(e) = with_gateway(|g| g.discard(&key)) {
                                            app.notify(NoticeKind::Error, e.to_string());
                                        }
                                        app.refresh_quarantine();
                                    }
                                }>"Discard"</button>
                            </li>
                        }
                    }).collect_view()}
            </ul>
        </section>
    }
}

/// Download and upload of `teams.yaml` (teams and groups, the reference format).
#[component]
fn TeamSetup() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<(String, teams_yaml::TeamsFile, String)>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        pending.set(None);
        read_file(file, error, busy, move |name, text| {
            let f = teams_yaml::parse(&text).map_err(|e| e.to_string())?;
            let a = app.snapshot();
            let change = teams_yaml::merge(&a.teams, &a.groups, &f);
            let new_teams: Vec<&str> = change
                .teams
                .iter()
                .filter(|t| !a.teams.contains(t))
                .map(String::as_str)
                .collect();
            let summary = format!(
                "{} new teams{}; {} groups in the file replace or add to yours ({}). No progress changes.",
                new_teams.len(),
                if new_teams.is_empty() { String::new() } else { format!(" ({})", new_teams.join(", ")) },
                f.groups.len(),
                f.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ")
            );
            pending.set(Some((name.to_string(), f, summary)));
            focus_later("#teams-preview-title".into());
            Ok(())
        });
    };
    view! {
        <h2>"Team setup"</h2>
        <p>
            <button type="button" class="button" on:click=move |_| {
                let text = teams_yaml::write(&app.teams.get_untracked(), &app.groups.get_untracked());
                if let Err(e) = download(teams_yaml::FILE_NAME, "application/yaml", &text) {
                    app.notify(NoticeKind::Error, format!("Download failed: {e}"));
                }
            }>{format!("Download {}", teams_yaml::FILE_NAME)}</button>
            " "
            <label class="button">
                "Upload a teams.yaml file…"
                <input type="file" class="visually-hidden" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" on:change=on_pick data-testid="import-teams" />
            </label>
        </p>
        <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </div>
        {move || pending.get().map(|(name, file, summary)| {
            let file = StoredValue::new(file);
            view! {
                <section class="preview" aria-labelledby="teams-preview-title">
                    <h3 id="teams-preview-title">{format!("Preview of “{name}”")}</h3>
                    <p>{summary}</p>
                    <p class="preview__actions">
                        <button type="button" class="button button--primary" on:click=move |_| {
                            // Merged against the teams as they are now, not when the file was picked.
                            let a = app.snapshot();
                            let change = file.with_value(|f| teams_yaml::merge(&a.teams, &a.groups, f));
                            match app.apply_team_change(change) {
                                Ok(()) => {
                                    pending.set(None);
                                    app.notify(NoticeKind::Info, "Team setup imported.");
                                }
                                Err(e) => error.set(Some(format!("The team setup was not saved, nothing was changed: {e}"))),
                            }
                        }>"Import the team setup"</button>
                        <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </p>
                </section>
            }
        })}
    }
}

/// `team-evidence.yaml` (the reference format): download, and upload merged by entry id.
#[component]
fn EvidenceFiles() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<(String, EvidenceStore, String)>);
    let plan = move |incoming: &EvidenceStore| {
        let a = app.snapshot();
        evidence::plan_evidence_import(&a.evidence, incoming, &a.teams)
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        pending.set(None);
        read_file(file, error, busy, move |name, text| {
            let f = evidence_yaml::parse(&text)?;
            let p = plan(&f.evidence);
            p.check(app.teams.with_untracked(Vec::len))
                .map_err(|e| format!("The file was not imported: {e}."))?;
            let summary = format!(
                "{} new entries, {} changed, {} unchanged (matched by entry id; entries not in the file are kept).{}{}",
                p.added,
                p.updated,
                p.unchanged,
                if p.unknown_teams.is_empty() { String::new() } else { format!(" New teams: {}.", p.unknown_teams.join(", ")) },
                if f.warnings.is_empty() { String::new() } else { format!(" Skipped: {}", f.warnings.join("; ")) }
            );
            pending.set(Some((name.to_string(), f.evidence, summary)));
            focus_later("#evidence-preview-title".into());
            Ok(())
        });
    };
    view! {
        <h2>"Evidence"</h2>
        <p>
            <button type="button" class="button" on:click=move |_| {
                let text = evidence_yaml::write(&app.evidence.get_untracked(), activity_of);
                if let Err(e) = download(evidence_yaml::FILE_NAME, "application/yaml", &text) {
                    app.notify(NoticeKind::Error, format!("Download failed: {e}"));
                }
            }>{format!("Download {}", evidence_yaml::FILE_NAME)}</button>
            " "
            <label class="button">
                "Upload a team-evidence.yaml file…"
                <input type="file" class="visually-hidden" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" on:change=on_pick data-testid="import-evidence" />
            </label>
        </p>
        <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </div>
        {move || pending.get().map(|(name, incoming, summary)| {
            let incoming = StoredValue::new(incoming);
            view! {
                <section class="preview" aria-labelledby="evidence-preview-title">
                    <h3 id="evidence-preview-title">{format!("Preview of “{name}”")}</h3>
                    <p>{summary}</p>
                    <p class="preview__actions">
                        <button type="button" class="button button--primary" on:click=move |_| {
                            // Planned again against the evidence as it is now.
                            let p = incoming.with_value(|i| plan(i));
                            match app.apply_evidence(&p) {
                                Ok(()) => {
                                    pending.set(None);
                                    app.notify(NoticeKind::Info, format!("Evidence imported: {} new, {} changed.", p.added, p.updated));
                                }
                                Err(e) => error.set(Some(format!("The evidence was not saved, nothing was changed: {e}"))),
                            }
                        }>"Import the evidence"</button>
                        <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </p>
                </section>
            }
        })}
    }
}

pub fn export_backup(app: &AppState) {
    let text = backup::write(
        &app.snapshot(),
        &app.settings.get_untracked(),
        MODEL.version,
        activity_of,
    );
    if let Err(e) = download(backup::FILE_NAME, "application/yaml", &text) {
        app.notify(NoticeKind::Error, format!("Download failed: {e}"));
    }
}

/// One file with everything (settings, teams, groups, progress): download, and restore.
#[component]
fn WholeAssessment() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    // Shared, not copied, by the preview (a 1000-team backup is 194,000 records).
    let pending = RwSignal::new(None::<(String, std::sync::Arc<backup::Backup>)>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        pending.set(None);
        read_file(file, error, busy, move |name, text| {
            let b = backup::parse(&text).map_err(|e| e.to_string())?;
            pending.set(Some((name.to_string(), std::sync::Arc::new(b))));
            focus_later("#restore-title".into());
            Ok(())
        });
    };
    let restore = move |b: &backup::Backup| -> Result<(), String> {
        let change = b.restore_plan(&app.snapshot(), &app.settings.get_untracked(), today());
        app.apply_team_change(change)
    };
    view! {
        <h2>"Whole assessment"</h2>
        <p>
            <button type="button" class="button" on:click=move |_| export_backup(&app)>
                {format!("Download {}", backup::FILE_NAME)}
            </button>
            " "
            <label class="button">
                "Restore from a dsomm-assessment.yaml…"
                <input type="file" class="visually-hidden" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" on:change=on_pick data-testid="import-backup" />
            </label>
            " "<span class="hint">"Settings, progress states, teams, groups, progress with its history, and evidence in one file (format version 3)."</span>
        </p>
        <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </div>
        {move || pending.get().map(|(name, b)| {
            let records: usize = b.progress.values().map(|t| t.len()).sum();
            let now = app.snapshot();
            let mine: usize = now.progress.values().map(|t| t.len()).sum();
            let my_evidence: usize = now.evidence.values().map(Vec::len).sum();
            let evidence = if b.has_evidence {
                format!("{} evidence entries (yours: {my_evidence})", b.evidence.values().map(Vec::len).sum::<usize>())
            } else {
                format!("no evidence: the file has none, so your {my_evidence} evidence entries are kept")
            };
            let states = if b.has_states { "its progress states" } else { "your progress states (the file has none)" };
            let summary = format!(
                "Restoring replaces everything you have ({mine} team records) with the file's {} teams, {} groups and settings, {states}, {records} team records on {} activities, and {evidence}{}.",
                b.teams.len(),
                b.groups.len(),
                b.progress.len(),
                if b.model_version.is_empty() || b.model_version == MODEL.version { String::new() } else { format!(" (written for model v{})", b.model_version) }
            );
            let b = StoredValue::new(b);
            view! {
                <section class="preview" aria-labelledby="restore-title">
                    <h3 id="restore-title">{format!("Preview of “{name}”")}</h3>
                    <p>{summary}</p>
                    <p class="preview__actions">
                        <button type="button" class="button button--danger" on:click=move |_| {
                            match b.with_value(|b| restore(b)) {
                                Ok(()) => {
                                    pending.set(None);
                                    app.notify(NoticeKind::Info, "The assessment was restored from the file.");
                                }
                                Err(e) => error.set(Some(format!("Nothing was restored: {e}"))),
                            }
                        }>"Replace everything with this file"</button>
                        <button type="button" class="button" on:click=move |_| export_backup(&app)>"Download my current assessment first"</button>
                        <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </p>
                </section>
            }
        })}
    }
}
