//! The backup: one file with everything (settings, teams, groups, progress, evidence, the
//! custom model), the page's first action; and its counterpart, the restore.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::intake::{use_intake, Intake};
use super::section::{FileSection, Status, Upload};
use super::{activity_of, show_date};
use crate::browser::{download, focus_later, today};
use crate::domain::formats::{backup, summary};
use crate::domain::model::{self as model, MODEL};
use crate::domain::storage;
use crate::ui::state::{use_app, AppState, NoticeKind};

/// An uploaded backup waiting for the user's choice. Shared, not copied, by the preview (a
/// 1000-team backup is 194,000 records).
#[derive(Clone)]
pub struct BackupPreview {
    pub name: String,
    pub backup: Arc<backup::Backup>,
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

/// A dsomm-assessment.yaml (dropped or chosen here): its preview.
pub fn take_backup(intake: Intake, name: String, text: &str) -> Result<(), String> {
    let backup = storage::read_backup(text).map_err(|e| e.to_string())?;
    intake.backup.set(Some(BackupPreview {
        name,
        backup: Arc::new(backup),
    }));
    focus_later("#restore-title".into());
    Ok(())
}

#[component]
pub fn WholeAssessment() -> impl IntoView {
    let app = use_app();
    let intake = use_intake();
    let status = Status::new();
    let pending = intake.backup;
    let upload = Upload {
        label: "Restore from a backup…",
        testid: "import-backup",
        take: Rc::new(move |name, text| take_backup(intake, name.to_string(), &text)),
    };
    let restore = move |b: &backup::Backup| -> Result<(), String> {
        let change = b.restore_plan(&app.snapshot(), &app.settings.get_untracked(), today());
        app.apply_team_write(change)
    };
    let preview = move || {
        pending.get().map(|BackupPreview { name, backup: b }| {
            let now = app.snapshot();
            let current = summary::Current {
                records: now.progress.values().map(|t| t.len()).sum(),
                evidence: now.evidence.values().map(Vec::len).sum(),
                model_version: MODEL.version,
                custom: model::custom().is_some(),
                targets: now.targets.of(&b.teams, &b.groups).len(),
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
                                Err(e) => status.error.set(Some(format!("Nothing was restored: {e}"))),
                            }
                        }>"Replace everything with this file"</button>
                        <button type="button" class="button" on:click=move |_| export_backup(&app)>"Download my current assessment first"</button>
                        <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </p>
                </section>
            }
        })
    };
    view! {
        <FileSection
            title="Back up and restore"
            id="backup-title"
            upload=upload
            hint=format!("The backup, {}, holds everything: the settings with the progress states, teams and groups, progress with its history, evidence, targets, and your custom model if you use one. Restoring a backup puts all of it in place of what is here, after showing you what the file holds.", backup::FILE_NAME)
            status=status
            preview=preview.into_any()
        >
            <button type="button" class="button button--primary" on:click=move |_| export_backup(&app)>
                {format!("Download the whole assessment ({})", backup::FILE_NAME)}
            </button>
        </FileSection>
    }
}
