//! `teams.yaml` (teams and groups, the reference format): download, and upload with a
//! preview, merged into the teams as they are.

use std::rc::Rc;

use leptos::prelude::*;

use super::intake::{use_intake, Intake};
use super::section::{FileSection, Status, Upload};
use crate::browser::{download, focus_later};
use crate::domain::formats::{summary, teams_yaml};
use crate::ui::state::{use_app, AppState, NoticeKind};

/// An uploaded teams.yaml waiting for the user's choice.
#[derive(Clone)]
pub struct TeamsPreview {
    pub name: String,
    pub file: teams_yaml::TeamsFile,
    /// What importing it adds.
    pub summary: String,
}

/// A teams.yaml: its preview.
pub fn take_teams(app: &AppState, intake: Intake, name: String, text: &str) -> Result<(), String> {
    let file = teams_yaml::parse(text).map_err(|e| e.to_string())?;
    let a = app.snapshot();
    let change = teams_yaml::merge(&a.teams, &a.groups, &file);
    let new_teams: Vec<&str> = change
        .teams
        .iter()
        .filter(|t| !a.teams.contains(t))
        .map(String::as_str)
        .collect();
    let summary = summary::teams_file(&new_teams, &file.groups);
    intake.teams.set(Some(TeamsPreview {
        name,
        file,
        summary,
    }));
    focus_later("#teams-preview-title".into());
    Ok(())
}

#[component]
pub fn TeamSetup() -> impl IntoView {
    let app = use_app();
    let intake = use_intake();
    let status = Status::new();
    let pending = intake.teams;
    // Replaces an open preview when read (closing it first would show a queued one).
    let upload = Upload {
        label: "Upload a teams.yaml file…",
        testid: "import-teams",
        take: Rc::new(move |name, text| take_teams(&app, intake, name.to_string(), &text)),
    };
    let preview = move || {
        pending.get().map(|TeamsPreview { name, file, summary }| {
            let file = StoredValue::new(file);
            view! {
                <section class="preview" aria-labelledby="teams-preview-title">
                    <h4 id="teams-preview-title">{format!("Preview of “{name}”")}</h4>
                    <p>{summary}</p>
                    <p class="preview__actions">
                        <button type="button" class="button button--primary" on:click=move |_| {
                            // Merged against the teams as they are now, not when the file was picked.
                            let change = app.with_roster(|r| file.with_value(|f| teams_yaml::merge(r.teams, r.groups, f)));
                            match app.apply_team_change(change) {
                                Ok(()) => {
                                    pending.set(None);
                                    app.notify(NoticeKind::Info, "Team setup imported.");
                                }
                                Err(e) => status.error.set(Some(format!("The team setup was not saved, nothing was changed: {e}"))),
                            }
                        }>"Import the team setup"</button>
                        <button type="button" class="button" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </p>
                </section>
            }
        })
    };
    view! {
        <FileSection title="Team setup" upload=upload note="Teams and groups." status=status preview=preview.into_any()>
            <button type="button" class="button" on:click=move |_| {
                let text = teams_yaml::write(&app.teams.get_untracked(), &app.groups.get_untracked());
                if let Err(e) = download(teams_yaml::FILE_NAME, "application/yaml", &text) {
                    app.notify(NoticeKind::Error, format!("Download failed: {e}"));
                }
            }>{format!("Download {}", teams_yaml::FILE_NAME)}</button>
            " "
        </FileSection>
    }
}
