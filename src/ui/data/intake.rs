//! The previews waiting for the user's choice, one per kind of file, and the files dropped
//! while their kind's preview was open.

use leptos::prelude::*;

use super::backup::{take_backup, BackupPreview};
use super::custom::{take_custom, CustomPreview};
use super::evidence::{take_evidence, EvidencePreview};
use super::legacy::take_legacy;
use super::progress::{take_progress, ProgressPreview};
use super::teams::{take_teams, TeamsPreview};
use crate::domain::assessment::date::Date;
use crate::domain::formats::recognize::FileKind;
use crate::ui::state::{AppState, NoticeKind};

/// The previews, and the queue of files waiting for theirs (each is shown when the one
/// before is done). Shared by the page's drop zone, which recognises what a file is, and
/// each kind's own button.
#[derive(Clone, Copy)]
pub struct Intake {
    pub progress: RwSignal<Option<ProgressPreview>>,
    pub teams: RwSignal<Option<TeamsPreview>>,
    pub evidence: RwSignal<Option<EvidencePreview>>,
    pub backup: RwSignal<Option<BackupPreview>>,
    pub custom: RwSignal<Option<CustomPreview>>,
    pub queue: RwSignal<Vec<Queued>>,
}

/// A file read and recognised, waiting for its kind's preview.
#[derive(Clone)]
pub struct Queued {
    pub name: String,
    pub text: String,
    pub modified: Date,
    pub kind: FileKind,
}

pub fn use_intake() -> Intake {
    use_context::<Intake>().expect("the data page provides the intake")
}

impl Intake {
    pub fn new() -> Intake {
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

    /// Subscribes the running effect to every preview (one done shows a queued file).
    pub fn track_previews(self) {
        self.progress.track();
        self.teams.track();
        self.evidence.track();
        self.backup.track();
        self.custom.track();
    }

    /// Takes a file of `kind`: its preview, replacing an open one of its kind (a file
    /// taken alone) or (`replace` false: files taken together) waiting in the queue until
    /// that one is done. What it is called in the page's message.
    pub fn take(self, app: &AppState, q: Queued, replace: bool) -> Result<&'static str, String> {
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
            FileKind::Progress => take_progress(app, self, name, &text)?,
            FileKind::LegacyGenerated => take_legacy(app, self, name, &text, modified)?,
            FileKind::Teams => take_teams(app, self, name, &text)?,
            FileKind::Evidence => take_evidence(app, self, name, &text)?,
            FileKind::Assessment => take_backup(self, name, &text)?,
            FileKind::CustomActivities => take_custom(self, name, &text),
        }
        Ok(kind.what())
    }

    /// Shows the next queued file whose kind has no preview open (after one was done); a
    /// queued file that cannot be read is reported and the one after it is tried.
    pub fn next(self, app: &AppState) {
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
