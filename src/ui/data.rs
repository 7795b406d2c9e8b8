//! Assessment files in and out, and stored data that was set aside.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{use_app, with_gateway, AppState, NoticeKind};
use crate::browser::{download, focus_later, read_text, today};
use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::{self, EvidenceStore};
use crate::domain::assessment::{ImportMode, ImportPlan};
use crate::domain::formats::progress_yaml::{self, ProgressFile, FILE_NAME, MAX_FILE_BYTES};
use crate::domain::formats::recognize::{recognize, FileKind};
use crate::domain::formats::{backup, evidence_yaml, legacy, reference_store, summary, teams_yaml};
use crate::domain::model::{self as model, custom, MODEL};
use crate::domain::storage;
use crate::domain::views::words::count;

/// Dates as the user chose to see them (Settings → date format), for the previews.
fn show_date(app: &AppState) -> impl Fn(Date) -> String {
    let format = app.settings.with_untracked(|s| s.date_format.clone());
    move |d| crate::browser::format_date(d, &format)
}

/// An uploaded file waiting for the user's choice. Shared, not copied, by the views that
/// show it (a 50-team file is 9,700 records: a copy cost 5-8 ms of the preview and again of
/// the merge).
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    name: String,
    file: std::sync::Arc<ProgressFile>,
    /// The teams the file names.
    teams: usize,
    merge: ImportPlan,
    replace: ImportPlan,
    unknown_uuids: usize,
    unknown_states: Vec<String>,
    /// A DSOMM 1.x file: what it says, and the date its teams' progress gets (the file
    /// holds none; the preview lets the user pick it).
    legacy: Option<(std::sync::Arc<legacy::LegacyFile>, Date)>,
    /// Its evidence entries: new and changed ones (written with either choice).
    evidence: (usize, usize),
}

/// The previews waiting for the user's choice, one per kind of file, and the files dropped
/// while their kind's preview was open (each is shown when the one before is done). Shared
/// by the page's drop zone, which recognises what a file is, and each kind's own button.
#[derive(Clone, Copy)]
struct Intake {
    progress: RwSignal<Option<Pending>>,
    teams: RwSignal<Option<(String, teams_yaml::TeamsFile, String)>>,
    evidence: RwSignal<Option<(String, EvidenceStore, String)>>,
    backup: RwSignal<Option<(String, std::sync::Arc<backup::Backup>)>>,
    custom: RwSignal<Option<CustomPreview>>,
    queue: RwSignal<Vec<Queued>>,
}

/// A custom activity file and what applying it would do (or every problem in it).
#[derive(Clone)]
struct CustomPreview {
    name: String,
    result: Result<std::sync::Arc<custom::Compiled>, Vec<String>>,
}

/// A file read and recognised, waiting for its kind's preview.
#[derive(Clone)]
struct Queued {
    name: String,
    text: String,
    modified: Date,
    kind: FileKind,
}

fn use_intake() -> Intake {
    use_context::<Intake>().expect("the data page provides the intake")
}

impl Intake {
    fn new() -> Intake {
        Intake {
            progress: RwSignal::new(None),
            teams: RwSignal::new(None),
            evidence: RwSignal::new(None),
            backup: RwSignal::new(None),
            custom: RwSignal::new(None),
            queue: RwSignal::new(Vec::new()),
        }
    }

    /// Whether a preview of `kind` is open.
    fn open(self, kind: FileKind) -> bool {
        match kind {
            FileKind::Progress | FileKind::LegacyGenerated => {
                self.progress.with_untracked(Option::is_some)
            }
            FileKind::Teams => self.teams.with_untracked(Option::is_some),
            FileKind::Evidence => self.evidence.with_untracked(Option::is_some),
            FileKind::Assessment => self.backup.with_untracked(Option::is_some),
            FileKind::CustomActivities => self.custom.with_untracked(Option::is_some),
        }
    }

    /// Takes a file of `kind`: its preview, replacing an open one of its kind (a file
    /// taken alone) or (`replace` false: files taken together) waiting in the queue until
    /// that one is done. What it is called in the page's message.
    fn take(self, app: &AppState, q: Queued, replace: bool) -> Result<&'static str, String> {
        let kind = q.kind;
        if !replace && self.open(kind) {
            self.queue.update(|v| v.push(q));
            return Ok(kind.what());
        }
        let Queued {
            name,
            text,
            modified,
            ..
        } = q;
        match kind {
            FileKind::Progress => {
                let file = progress_yaml::parse(&text).map_err(|e| e.to_string())?;
                self.progress.set(Some(plan_of(app, name, file, None)?));
                focus_later("#preview-title".into());
            }
            FileKind::LegacyGenerated => {
                let file = legacy::parse(&text, |n| {
                    MODEL.activity_by_name(n).map(|i| MODEL.activities[i].uuid)
                })
                .map_err(|e| e.to_string())?;
                self.progress.set(Some(plan_legacy(
                    app,
                    name,
                    std::sync::Arc::new(file),
                    modified,
                )?));
                focus_later("#preview-title".into());
            }
            FileKind::Teams => take_teams(app, self, name, &text)?,
            FileKind::Evidence => take_evidence(app, self, name, &text)?,
            FileKind::Assessment => {
                let b = storage::read_backup(&text).map_err(|e| e.to_string())?;
                self.backup.set(Some((name, std::sync::Arc::new(b))));
                focus_later("#restore-title".into());
            }
            FileKind::CustomActivities => {
                self.custom.set(Some(preview_custom(name, &text)));
                focus_later("#custom-title".into());
            }
        }
        Ok(kind.what())
    }

    /// Shows the next queued file whose kind has no preview open (after one was done); a
    /// queued file that cannot be read is reported and the one after it is tried.
    fn next(self, app: &AppState) {
        loop {
            let i = self
                .queue
                .with_untracked(|v| v.iter().position(|q| !self.open(q.kind)));
            let Some(i) = i else { return };
            let Some(q) = self.queue.try_update(|v| v.remove(i)) else {
                return;
            };
            let name = q.name.clone();
            match self.take(app, q, false) {
                Ok(_) => return,
                Err(e) => app.notify(
                    NoticeKind::Error,
                    format!("“{name}” was not imported. {e} Nothing was changed."),
                ),
            }
        }
    }
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

/// The preview of a DSOMM 1.x file whose teams' progress is dated `date`.
fn plan_legacy(
    app: &AppState,
    name: String,
    file: std::sync::Arc<legacy::LegacyFile>,
    date: Date,
) -> Result<Pending, String> {
    let done = app
        .defs
        .with_untracked(|d| d.name(d.completed()).to_string());
    let progress = file.progress(&done, date);
    let evidence = plan_evidence(app, &file.evidence(date));
    let mut p = plan_of(app, name, progress, Some((file, date)))?;
    p.evidence = (evidence.added, evidence.updated);
    Ok(p)
}

fn plan_of(
    app: &AppState,
    name: String,
    file: ProgressFile,
    legacy: Option<(std::sync::Arc<legacy::LegacyFile>, Date)>,
) -> Result<Pending, String> {
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
        teams,
        file: std::sync::Arc::new(file),
        unknown_uuids,
        unknown_states,
        legacy,
        evidence: (0, 0),
    })
}

/// The file chosen in an `<input type=file>` change event (the input is cleared so the same
/// file can be chosen again).
/// One kind's own upload button: a file picker behind a button-styled label.
#[component]
fn PickFile(
    label: &'static str,
    testid: &'static str,
    on_pick: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    view! {
        <label class="button">
            {label}
            <input type="file" class="visually-hidden" accept=YAML_FILES on:change=on_pick data-testid=testid />
        </label>
    }
}

/// What the file pickers offer.
const YAML_FILES: &str = ".yaml,.yml,application/yaml,text/yaml,text/plain";

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
    read_file_then(
        file,
        move |e| error.set(Some(e)),
        busy,
        move |name, text, _| then(name, text),
    );
}

/// [`read_file`], reporting to `fail` and handing `then` the file's date too.
fn read_file_then(
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
    let painted = super::export::painted_since();
    leptos::task::spawn_local(async move {
        let result = match read_text(&file).await {
            Ok(text) => {
                // The line is on screen before the work on the text starts.
                if !painted() {
                    super::export::next_frame().await;
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

/// Writes the pending file in `mode`, planned again against the assessment as it is now
/// (another tab may have changed it), and says what it did.
fn write_import(
    app: &AppState,
    p: &Pending,
    mode: ImportMode,
    pending: RwSignal<Option<Pending>>,
    error: RwSignal<Option<String>>,
) {
    let now = app.snapshot();
    let plan = now.plan_import(&p.file.progress, mode, today());
    // A 1.x file's evidence texts, written with its progress.
    let evidence = p.legacy.as_ref().and_then(|(f, date)| {
        let incoming = f.evidence(*date);
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
        Err(e) => error.set(Some(format!(
            "The import was not saved, nothing was changed: {e}"
        ))),
    }
}

/// Files chosen in an `<input type=file multiple>` change event (the input is cleared so
/// the same files can be chosen again).
fn picked_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
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

fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[component]
pub fn DataPage() -> impl IntoView {
    let app = use_app();
    let intake = Intake::new();
    provide_context(intake);
    let pending = intake.progress;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    // What the drop zone did with each file of the last drop or choice, and the files it
    // refused (a line each).
    let taken = RwSignal::new(Vec::<String>::new());
    let refused = RwSignal::new(Vec::<String>::new());

    // A preview done (applied or cancelled): the next queued file of its kind is shown.
    Effect::new(move |_| {
        let open = (
            intake.progress.with(Option::is_some),
            intake.teams.with(Option::is_some),
            intake.evidence.with(Option::is_some),
            intake.backup.with(Option::is_some),
            intake.custom.with(Option::is_some),
        );
        let _ = open;
        if intake.queue.with_untracked(|q| !q.is_empty()) {
            intake.next(&app);
        }
    });

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
    // The reference app's own data, when this app is served from its address.
    let reference = reference_store::files(|k| {
        with_gateway(|g| {
            use crate::domain::storage::Backend;
            g.backend().get(k).ok().flatten()
        })
    });
    let reference_parts = reference
        .iter()
        .map(|(n, _)| {
            n.trim_start_matches("the reference app's stored ")
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ");
    let has_reference = !reference.is_empty();
    let reference = StoredValue::new(reference);
    let take_reference = move |_| {
        start();
        let files = reference.get_value();
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
        dragging.set(false);
        let files = ev
            .data_transfer()
            .and_then(|d| d.files())
            .map(|l| files_of(&l))
            .unwrap_or_default();
        take_files(files);
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
                "Your assessment is kept only in this browser. Download it now and then to keep a copy, to move it to another browser or to share it."
            </p>
            <p class="hint" id="storage-usage" title=move || crate::domain::storage::usage_detail(app.used.get())>
                {move || crate::domain::storage::usage_text(app.used.get())}
            </p>
            <p class="alert alert--error" role="alert" hidden=move || crate::domain::storage::usage_warning(app.used.get()).is_none()>
                {move || crate::domain::storage::usage_warning(app.used.get()).unwrap_or_default()}
            </p>
            <WholeAssessment />
            <h2 id="upload-title">"Upload files"</h2>
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
            {has_reference.then(|| view! {
                <section class="reference-data" aria-labelledby="reference-title">
                    <h3 id="reference-title">"The reference DSOMM app's data in this browser"</h3>
                    <p>{format!("This browser holds data the reference DSOMM app stored at this address ({reference_parts}). Import it like its files: each part gets its preview below. The reference app's data is left as it is.")}</p>
                    <button type="button" class="button" on:click=take_reference>"Import the reference app's data"</button>
                </section>
            })}
            <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </div>
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
            {move || pending.get().map(|p| view! { <Preview p=p pending=pending apply=apply /> })}
            <h2 id="reference-formats-title">"Files for the reference DSOMM app"</h2>
            <p>
                "These files are in the formats of the reference OWASP DSOMM app, for exchange with it: each holds one part of the assessment. The whole assessment above holds all of them and more."
            </p>
            <h3>"Team progress"</h3>
            <p class="data__actions">
                <button type="button" class="button" on:click=move |_| export_progress(&app)>
                    {format!("Download {FILE_NAME}")}
                </button>
                " "<span class="hint">"Progress only: the date each team reached each state, without its history. Upload it above."</span>
            </p>
            <TeamSetup />
            <EvidenceFiles />
            <YourModel />
            <NotInModel />
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
    let (new_evidence, changed_evidence) = p.evidence;
    let no_evidence = new_evidence + changed_evidence == 0;
    let date = show_date(&app);
    let legacy = p.legacy.clone().map(|(file, on)| {
        let name = p.name.clone();
        let text = summary::legacy_file(file.evidence.len(), on, &date);
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
    });
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

/// Progress and evidence of activities this model does not have, kept and exported again.
#[component]
fn NotInModel() -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        app.unknown.with(|progress| {
            app.evidence.with(|evidence| {
                crate::domain::assessment::not_in_model(progress, evidence, |u| {
                    MODEL.activity_index(u).is_some()
                })
            })
        })
    });
    let removed = model::removed();
    let name = move |uuid: &str| match removed.iter().find(|(u, _)| *u == uuid) {
        Some((_, n)) => format!("{n} (removed by a custom activity file)"),
        None => app.names.with(|names| match names.get(uuid) {
            Some(n) => format!("{n} (last known name)"),
            None => "—".to_string(),
        }),
    };
    view! {
        <section hidden=move || rows.with(Vec::is_empty) aria-labelledby="kept-title">
            <h2 id="kept-title">"Kept for activities not in this model"</h2>
            <p>{format!(
                "Progress and evidence of these activities are kept unchanged and exported again in every file; they show again when the activity is back (a custom activity file removed it, or model v{} does not have it).",
                MODEL.version
            )}</p>
            <super::table::ScrollTable label="Activities not in this model" class="teams">
                    <thead>
                        <tr>
                            <th scope="col">"Activity id"</th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Teams with progress"</th>
                            <th scope="col">"Evidence entries"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|(uuid, teams, entries)| view! {
                            <tr>
                                <td><code>{uuid.clone()}</code></td>
                                <td>{name(&uuid)}</td>
                                <td>{teams}</td>
                                <td>{entries}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
            </super::table::ScrollTable>
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
                                {format!(" — {} ({}) ", q.reason, count(q.value.len(), "character", "characters"))}
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
/// A teams.yaml: its preview.
fn take_teams(app: &AppState, intake: Intake, name: String, text: &str) -> Result<(), String> {
    let f = teams_yaml::parse(text).map_err(|e| e.to_string())?;
    let a = app.snapshot();
    let change = teams_yaml::merge(&a.teams, &a.groups, &f);
    let new_teams: Vec<&str> = change
        .teams
        .iter()
        .filter(|t| !a.teams.contains(t))
        .map(String::as_str)
        .collect();
    let summary = summary::teams_file(&new_teams, &f.groups);
    intake.teams.set(Some((name, f, summary)));
    focus_later("#teams-preview-title".into());
    Ok(())
}

#[component]
fn TeamSetup() -> impl IntoView {
    let app = use_app();
    let intake = use_intake();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let pending = intake.teams;
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        // Replaces an open preview when read (closing it first would show a queued one).
        read_file(file, error, busy, move |name, text| {
            take_teams(&app, intake, name.to_string(), &text)
        });
    };
    view! {
        <h3>"Team setup"</h3>
        <p class="data__actions">
            <button type="button" class="button" on:click=move |_| {
                let text = teams_yaml::write(&app.teams.get_untracked(), &app.groups.get_untracked());
                if let Err(e) = download(teams_yaml::FILE_NAME, "application/yaml", &text) {
                    app.notify(NoticeKind::Error, format!("Download failed: {e}"));
                }
            }>{format!("Download {}", teams_yaml::FILE_NAME)}</button>
            " "
            <PickFile label="Upload a teams.yaml file…" testid="import-teams" on_pick=on_pick />
            " "<span class="hint">"Teams and groups."</span>
        </p>
        <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </div>
        {move || pending.get().map(|(name, file, summary)| {
            let file = StoredValue::new(file);
            view! {
                <section class="preview" aria-labelledby="teams-preview-title">
                    <h4 id="teams-preview-title">{format!("Preview of “{name}”")}</h4>
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
/// How a team-evidence file's entries merge into the evidence as it is now.
fn plan_evidence(app: &AppState, incoming: &EvidenceStore) -> evidence::EvidencePlan {
    let a = app.snapshot();
    evidence::plan_evidence_import(&a.evidence, incoming, &a.teams)
}

/// A team-evidence.yaml: its preview.
fn take_evidence(app: &AppState, intake: Intake, name: String, text: &str) -> Result<(), String> {
    let f = evidence_yaml::parse(text)?;
    let p = plan_evidence(app, &f.evidence);
    p.check(app.teams.with_untracked(Vec::len))
        .map_err(|e| format!("The file was not imported: {e}."))?;
    let summary = summary::evidence_file(&f.evidence, &p, &f.warnings, &show_date(app));
    intake.evidence.set(Some((name, f.evidence, summary)));
    focus_later("#evidence-preview-title".into());
    Ok(())
}

#[component]
fn EvidenceFiles() -> impl IntoView {
    let app = use_app();
    let intake = use_intake();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let pending = intake.evidence;
    let plan = move |incoming: &EvidenceStore| plan_evidence(&app, incoming);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        read_file(file, error, busy, move |name, text| {
            take_evidence(&app, intake, name.to_string(), &text)
        });
    };
    view! {
        <h3>"Evidence"</h3>
        <p class="data__actions">
            <button type="button" class="button" on:click=move |_| {
                let text = evidence_yaml::write(&app.evidence.get_untracked(), activity_of);
                if let Err(e) = download(evidence_yaml::FILE_NAME, "application/yaml", &text) {
                    app.notify(NoticeKind::Error, format!("Download failed: {e}"));
                }
            }>{format!("Download {}", evidence_yaml::FILE_NAME)}</button>
            " "
            <PickFile label="Upload a team-evidence.yaml file…" testid="import-evidence" on_pick=on_pick />
            " "<span class="hint">"Evidence entries, merged by entry id."</span>
        </p>
        <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </div>
        {move || pending.get().map(|(name, incoming, summary)| {
            let incoming = StoredValue::new(incoming);
            view! {
                <section class="preview" aria-labelledby="evidence-preview-title">
                    <h4 id="evidence-preview-title">{format!("Preview of “{name}”")}</h4>
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

/// A custom activity file's preview: the model it makes, or its problems.
fn preview_custom(name: String, text: &str) -> CustomPreview {
    let day = today().to_string();
    let result = custom::compile(&name, text, &day)
        .map(std::sync::Arc::new)
        .map_err(|problems| problems.iter().map(|p| p.to_string()).collect());
    CustomPreview { name, result }
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

/// The model in use: the embedded one or this browser's custom activity file (upload,
/// preview, apply, download, remove).
#[component]
fn YourModel() -> impl IntoView {
    let pending = use_intake().custom;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        read_file(file, error, busy, move |name, text| {
            pending.set(Some(preview_custom(name.to_string(), &text)));
            focus_later("#custom-title".into());
            Ok(())
        });
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
    let status = match in_use {
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
    view! {
        <h2 id="model-title">"Your model"</h2>
        <p id="model-status">{status}</p>
        {unused.map(|u| view! { <p class="alert alert--error" role="alert">{u}</p> })}
        <p class="data__actions">
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
            <PickFile label="Upload a custom activity file…" testid="import-custom" on_pick=on_pick />
        </p>
        <p class="hint">"Add your organisation's own activities, change official ones (a partial entry changes only the fields it names), move them or leave them out with ignore: true, in the reference app's custom activity format. You see what a file changes before anything is saved. Applied here, it is kept in this browser and in dsomm-assessment.yaml; to build it into the app for everyone, put it in data/custom/ (see the README)."</p>
        <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
        <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </div>
        {move || pending.get().map(|p| view! { <CustomFilePreview p=p pending=pending apply=apply replaces=has_stored /> })}
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
                <super::table::ScrollTable label="What the file changes" class="custom-changes">
                    <tbody>
                        {changes.into_iter().chain(notes).map(|t| view! { <tr><td>{t}</td></tr> }).collect_view()}
                    </tbody>
                </super::table::ScrollTable>
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

pub fn export_backup(app: &AppState) {
    let text = storage::write_backup(
        &app.snapshot(),
        &app.settings.get_untracked(),
        MODEL.version,
        activity_of,
    );
    if let Err(e) = download(backup::FILE_NAME, "application/yaml", &text) {
        app.notify(NoticeKind::Error, format!("Download failed: {e}"));
    }
}

/// The backup: one file with everything (settings, teams, groups, progress, evidence, the
/// custom model), the page's first action; and its counterpart, the restore.
#[component]
fn WholeAssessment() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    // Shared, not copied, by the preview (a 1000-team backup is 194,000 records).
    let pending = use_intake().backup;
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = picked_file(&ev) else { return };
        read_file(file, error, busy, move |name, text| {
            let b = storage::read_backup(&text).map_err(|e| e.to_string())?;
            pending.set(Some((name.to_string(), std::sync::Arc::new(b))));
            focus_later("#restore-title".into());
            Ok(())
        });
    };
    let restore = move |b: &backup::Backup| -> Result<(), String> {
        let change = b.restore_plan(&app.snapshot(), &app.settings.get_untracked(), today());
        app.apply_team_write(change)
    };
    view! {
        <h2 id="backup-title">"Back up and restore"</h2>
        <p class="data__actions">
            <button type="button" class="button button--primary" on:click=move |_| export_backup(&app)>
                {format!("Download the whole assessment ({})", backup::FILE_NAME)}
            </button>
            <PickFile label="Restore from a backup…" testid="import-backup" on_pick=on_pick />
        </p>
        <p class="hint">
            {format!("The backup, {}, holds everything: the settings with the progress states, teams and groups, progress with its history, evidence, and your custom model if you use one. Restoring a backup puts all of it in place of what is here, after showing you what the file holds.", backup::FILE_NAME)}
        </p>
        <div role="status" class="hint" hidden=move || busy.get().is_none()>{move || busy.get().unwrap_or_default()}</div>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </div>
        {move || pending.get().map(|(name, b)| {
            let now = app.snapshot();
            let current = summary::Current {
                records: now.progress.values().map(|t| t.len()).sum(),
                evidence: now.evidence.values().map(Vec::len).sum(),
                model_version: MODEL.version,
                custom: model::custom().is_some(),
            };
            let summary = summary::backup_file(&b, &current, &show_date(&app));
            let warnings = b.warnings.clone();
            let b = StoredValue::new(b);
            view! {
                <section class="preview" aria-labelledby="restore-title">
                    <h3 id="restore-title">{format!("Preview of “{name}”")}</h3>
                    <p>{summary}</p>
                    {(!warnings.is_empty()).then(|| view! {
                        <ul class="custom-changes" aria-label="Warnings">
                            {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    })}
                    <p class="preview__actions">
                        <button type="button" class="button button--danger" on:click=move |_| {
                            match b.with_value(|b| restore(b)) {
                                // A new model: every module installs it when the page loads.
                                Ok(()) if b.with_value(|b| b.custom.is_some()) => crate::browser::reload(),
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
