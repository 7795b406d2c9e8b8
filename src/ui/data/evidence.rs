//! `team-evidence.yaml` (the reference format): download, and upload merged by entry id.

use std::rc::Rc;

use leptos::prelude::*;

use super::intake::{use_intake, Intake};
use super::section::{FileSection, Status, Upload};
use super::{activity_of, show_date};
use crate::browser::{download, focus_later};
use crate::domain::assessment::evidence::{self, EvidenceStore};
use crate::domain::formats::{evidence_yaml, summary};
use crate::ui::state::{use_app, AppState, NoticeKind};

/// An uploaded team-evidence.yaml waiting for the user's choice.
#[derive(Clone)]
pub struct EvidencePreview {
    pub name: String,
    pub entries: EvidenceStore,
    /// What importing it would do, when it was read.
    pub summary: String,
}

/// How a team-evidence file's entries merge into the evidence as it is now.
pub fn plan_evidence(app: &AppState, incoming: &EvidenceStore) -> evidence::EvidencePlan {
    let a = app.snapshot();
    evidence::plan_evidence_import(&a.evidence, incoming, &a.teams)
}

/// A team-evidence.yaml: its preview.
pub fn take_evidence(
    app: &AppState,
    intake: Intake,
    name: String,
    text: &str,
) -> Result<(), String> {
    let f = evidence_yaml::parse(text)?;
    let p = plan_evidence(app, &f.evidence);
    p.check(app.teams.with_untracked(Vec::len))
        .map_err(|e| format!("The file was not imported: {e}."))?;
    let summary = summary::evidence_file(&f.evidence, &p, &f.warnings, &show_date(app));
    intake.evidence.set(Some(EvidencePreview {
        name,
        entries: f.evidence,
        summary,
    }));
    focus_later("#evidence-preview-title".into());
    Ok(())
}

#[component]
pub fn EvidenceFiles() -> impl IntoView {
    let app = use_app();
    let intake = use_intake();
    let status = Status::new();
    let pending = intake.evidence;
    let upload = Upload {
        label: "Upload a team-evidence.yaml file…",
        testid: "import-evidence",
        take: Rc::new(move |name, text| take_evidence(&app, intake, name.to_string(), &text)),
    };
    let preview = move || {
        pending.get().map(|EvidencePreview { name, entries, summary }| {
            let incoming = StoredValue::new(entries);
            view! {
                <section class="preview" aria-labelledby="evidence-preview-title">
                    <h4 id="evidence-preview-title">{format!("Preview of “{name}”")}</h4>
                    <p>{summary}</p>
                    <p class="preview__actions">
                        <button type="button" class="button button--primary" on:click=move |_| {
                            // Planned again against the evidence as it is now.
                            let p = incoming.with_value(|i| plan_evidence(&app, i));
                            match app.apply_evidence(&p) {
                                Ok(()) => {
                                    pending.set(None);
                                    app.notify(NoticeKind::Info, format!("Evidence imported: {} new, {} changed.", p.added, p.updated));
                                }
                                Err(e) => status.error.set(Some(format!("The evidence was not saved, nothing was changed: {e}"))),
                            }
                        }>"Import the evidence"</button>
                        <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </p>
                </section>
            }
        })
    };
    view! {
        <FileSection title="Evidence" upload=upload note="Evidence entries, merged by entry id." status=status preview=preview.into_any()>
            <button type="button" class="button" on:click=move |_| {
                let text = evidence_yaml::write(&app.evidence.get_untracked(), activity_of);
                if let Err(e) = download(evidence_yaml::FILE_NAME, "application/yaml", &text) {
                    app.notify(NoticeKind::Error, format!("Download failed: {e}"));
                }
            }>{format!("Download {}", evidence_yaml::FILE_NAME)}</button>
            " "
        </FileSection>
    }
}
