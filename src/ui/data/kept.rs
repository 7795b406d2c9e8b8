//! Stored data that was set aside: progress and evidence of activities not in this model,
//! and stored values that could not be read.

use leptos::prelude::*;

use crate::browser::download;
use crate::domain::model::{self as model, MODEL};
use crate::domain::views::words::count;
use crate::ui::state::{use_app, with_gateway, NoticeKind};
use crate::ui::table::ScrollTable;

/// Progress and evidence of activities this model does not have, kept and exported again.
#[component]
pub fn NotInModel() -> impl IntoView {
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
            <ScrollTable label="Activities not in this model" class="teams">
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
            </ScrollTable>
        </section>
    }
}

#[component]
pub fn Quarantine() -> impl IntoView {
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
