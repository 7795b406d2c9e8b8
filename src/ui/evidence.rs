//! Evidence on the activity page: entries grouped by the teams they name (each listed once),
//! and a form to add or edit one.
//! The rules (validation, allowed URLs, edits by id) live in [`crate::domain::assessment::evidence`].

use leptos::prelude::*;

use super::markdown::markdown;
use super::scope::use_scope;
use super::state::{use_app, NoticeKind};
use crate::browser::{focus_later, format_date, today};
use crate::domain::assessment::date::Date;
use crate::domain::assessment::evidence::{
    add_entry, by_teams, delete_entry, new_id, update_entry, Attachment, AttachmentKind, Evidence,
};
use crate::domain::model::MODEL;

/// An id for a new entry; Math.random is enough for uniqueness within one assessment.
fn random_id() -> String {
    let mut bytes = [0u8; 16];
    for b in &mut bytes {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    new_id(bytes)
}

/// The form's fields, one signal each so typing re-renders nothing.
#[derive(Clone, Copy)]
struct Form {
    /// None: closed; Some(None): adding; Some(Some(entry)): editing that entry, as it was
    /// when the form opened.
    open: RwSignal<Option<Option<Evidence>>>,
    teams: RwSignal<Vec<String>>,
    title: RwSignal<String>,
    description: RwSignal<String>,
    recorded: RwSignal<String>,
    reviewer: RwSignal<String>,
    /// (row key, kind, url)
    attachments: RwSignal<Vec<(u32, AttachmentKind, String)>>,
    /// Row keys are never reused, so a row's inputs always belong to the row shown (the
    /// inputs keep what was typed, not what the signal holds).
    next_key: StoredValue<u32>,
    error: RwSignal<Option<String>>,
}

impl Form {
    fn new() -> Form {
        Form {
            open: RwSignal::new(None),
            teams: RwSignal::new(Vec::new()),
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            recorded: RwSignal::new(String::new()),
            reviewer: RwSignal::new(String::new()),
            attachments: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            error: RwSignal::new(None),
        }
    }

    /// Opens the form for a new entry (None) or filled with `e`.
    /// `default_teams`: the teams a new entry is for at first (the top bar's choice).
    fn start(&self, e: Option<&Evidence>, default_teams: Vec<String>) {
        self.teams
            .set(e.map(|e| e.teams.clone()).unwrap_or(default_teams));
        self.title
            .set(e.map(|e| e.title.clone()).unwrap_or_default());
        self.description
            .set(e.map(|e| e.description.clone()).unwrap_or_default());
        self.recorded
            .set(e.map(|e| e.recorded).unwrap_or_else(today).to_string());
        self.reviewer
            .set(e.map(|e| e.reviewer.clone()).unwrap_or_default());
        let rows = e
            .map(|e| {
                e.attachments
                    .iter()
                    .map(|a| (self.key(), a.kind, a.url.clone()))
                    .collect()
            })
            .unwrap_or_default();
        self.attachments.set(rows);
        self.error.set(None);
        self.open.set(Some(e.cloned()));
        focus_later("#evidence-title-input".into());
    }

    fn key(&self) -> u32 {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        k
    }

    /// The entry the form describes (checked by the domain when saved).
    fn entry(&self, id: String) -> Result<Evidence, String> {
        let recorded = Date::parse(self.recorded.get_untracked().trim())
            .ok_or("Date recorded: enter a valid date.")?;
        Ok(Evidence {
            id,
            teams: self.teams.get_untracked(),
            title: self.title.get_untracked().trim().to_string(),
            description: self.description.get_untracked(),
            recorded,
            reviewer: self.reviewer.get_untracked().trim().to_string(),
            // Rows left empty are dropped, as in the reference app.
            attachments: self
                .attachments
                .get_untracked()
                .into_iter()
                .filter(|(_, _, url)| !url.trim().is_empty())
                .map(|(_, kind, url)| Attachment {
                    kind,
                    url: url.trim().to_string(),
                })
                .collect(),
        })
    }
}

#[component]
pub fn EvidencePanel(index: usize) -> impl IntoView {
    let app = use_app();
    let scope = use_scope();
    let uuid = MODEL.activities[index].uuid;
    let form = Form::new();
    let list = Memo::new(move |_| {
        app.evidence
            .with(|e| e.get(uuid).cloned().unwrap_or_default())
    });
    let save = move |_| {
        let Some(editing) = form.open.get_untracked() else {
            return;
        };
        let teams = app.teams.get_untracked();
        let id = editing.as_ref().map(|e| e.id.clone());
        let result = form.entry(id.unwrap_or_else(random_id)).and_then(|entry| {
            app.edit_evidence(uuid, |stored| {
                match &editing {
                    None => add_entry(stored, entry, &teams),
                    Some(before) => update_entry(stored, before, entry, &teams),
                }
                .map_err(String::from)
            })
        });
        match result {
            Ok(()) => {
                form.open.set(None);
                app.notify(NoticeKind::Info, "Evidence saved.");
                focus_later("#evidence-heading".into());
            }
            Err(e) => form.error.set(Some(e)),
        }
    };
    let delete = move |e: &Evidence| {
        let question = format!(
            "Delete the evidence “{}” (for {})? This cannot be undone.",
            e.title,
            e.teams.join(", ")
        );
        let sure = crate::browser::confirm(&question);
        if !sure {
            return;
        }
        let id = e.id.clone();
        match app.edit_evidence(uuid, |stored| {
            delete_entry(stored, &id).map_err(String::from)
        }) {
            Ok(()) => {
                app.notify(NoticeKind::Info, "Evidence deleted.");
                focus_later("#evidence-heading".into());
            }
            Err(err) => app.notify(NoticeKind::Error, err),
        }
    };

    view! {
        <section class="activity__section evidence" aria-labelledby="evidence-heading">
            <h2 id="evidence-heading" tabindex="-1">"Evidence"</h2>
            {move || {
                let entries = list.get();
                if entries.is_empty() {
                    return view! { <p class="hint">"No evidence recorded for this activity yet."</p> }.into_any();
                }
                let groups = app.teams.with(|order| by_teams(&entries, order));
                groups
                    .into_iter()
                    .map(|(teams, es)| {
                        let n = es.len();
                        view! {
                            <h3>{format!("{} · {n} {}", teams.join(", "), if n == 1 { "entry" } else { "entries" })}</h3>
                            <ul class="evidence__list">
                                {es.into_iter().cloned().map(|e| {
                                    let e = StoredValue::new(e);
                                    view! { <EvidenceEntry entry=e on_edit=move || form.start(Some(&e.get_value()), Vec::new()) on_delete=move || delete(&e.get_value()) /> }
                                }).collect_view()}
                            </ul>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            <Show
                when=move || form.open.with(Option::is_some)
                fallback=move || view! {
                    <button type="button" class="button" id="evidence-add" on:click=move |_| form.start(None, scope.teams.get_untracked())>
                        "Add evidence"
                    </button>
                }
            >
                <EvidenceForm form=form on_save=save />
            </Show>
        </section>
    }
}

#[component]
fn EvidenceEntry(
    entry: StoredValue<Evidence>,
    on_edit: impl Fn() + Send + Sync + 'static,
    on_delete: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let e = entry.get_value();
    let date = app
        .settings
        .with_untracked(|s| format_date(e.recorded, &s.date_format));
    let title = e.title.clone();
    view! {
        <li class="evidence__entry">
            <h4>{e.title.clone()}</h4>
            <p class="evidence__meta">
                {format!("Recorded {date}")}
                {(!e.reviewer.is_empty()).then(|| format!(" · reviewed by {}", e.reviewer))}
            </p>
            {(!e.description.is_empty()).then(|| view! { <div class="evidence__description">{markdown(&e.description)}</div> })}
            {(!e.attachments.is_empty()).then(|| view! {
                <ul class="evidence__attachments">
                    {e.attachments.iter().map(|a| view! {
                        <li>
                            {format!("{}: ", a.kind.name())}
                            <a href=a.url.clone() rel="noopener noreferrer" target="_blank">{a.url.clone()}</a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <p class="evidence__actions">
                <button type="button" class="button" aria-label=format!("Edit evidence {title}") on:click=move |_| on_edit()>"Edit"</button>
                " "
                <button type="button" class="button button--danger" aria-label=format!("Delete evidence {}", e.title) on:click=move |_| on_delete()>"Delete"</button>
            </p>
        </li>
    }
}

#[component]
fn EvidenceForm(form: Form, on_save: impl Fn(()) + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let text = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    view! {
        <form class="evidence__form" aria-labelledby="evidence-form-title" on:submit=move |ev| { ev.prevent_default(); on_save(()); }>
            <h3 id="evidence-form-title">{move || if form.open.with(|o| matches!(o, Some(Some(_)))) { "Edit evidence" } else { "Add evidence" }}</h3>
            <fieldset class="evidence__teams">
                <legend>"Teams"</legend>
                {move || app.teams.get().into_iter().map(|t| {
                    let name = t.clone();
                    let checked = move || form.teams.with(|s| s.contains(&name));
                    let name = t.clone();
                    view! {
                        <label>
                            <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                form.teams.update(|s| {
                                    s.retain(|x| x != &name);
                                    if on { s.push(name.clone()); }
                                });
                            } />
                            {format!(" {t}")}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label class="filters__field">
                <span>"Title (required)"</span>
                <input id="evidence-title-input" type="text" prop:value=move || form.title.get() on:input=text(form.title) />
            </label>
            <label class="filters__field">
                <span>"Description (markdown: **bold**, *italic*, `code`, lists, [links](https://…))"</span>
                <textarea rows="4" prop:value=move || form.description.get() on:input=text(form.description)></textarea>
            </label>
            <div class="evidence__row">
                <label class="filters__field">
                    <span>"Date recorded"</span>
                    <input type="date" prop:value=move || form.recorded.get() on:input=text(form.recorded) />
                </label>
                <label class="filters__field">
                    <span>"Reviewer"</span>
                    <input type="text" prop:value=move || form.reviewer.get() on:input=text(form.reviewer) />
                </label>
            </div>
            <fieldset class="evidence__attachments-edit">
                <legend>"Attachments (http, https or mailto links)"</legend>
                <For each=move || form.attachments.get() key=|(k, _, _)| *k let:row>
                    {
                        let key = row.0;
                        let set = move |f: &dyn Fn(&mut (u32, AttachmentKind, String))| {
                            // Untracked: editing a row must not re-render the rows.
                            form.attachments.update_untracked(|rows| {
                                if let Some(r) = rows.iter_mut().find(|r| r.0 == key) { f(r) }
                            });
                        };
                        view! {
                            <div class="evidence__row">
                                <select aria-label="Attachment type" on:change=move |ev| {
                                    let kind = AttachmentKind::from_name(&event_target_value(&ev)).unwrap_or(AttachmentKind::Link);
                                    set(&|r| r.1 = kind);
                                }>
                                    {AttachmentKind::ALL.iter().map(|k| view! { <option value=k.name() selected=*k == row.1>{k.name()}</option> }).collect_view()}
                                </select>
                                <input type="url" aria-label="Attachment URL" value=row.2.clone() placeholder="https://…" on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    set(&|r| r.2 = v.clone());
                                } />
                                <button type="button" class="button" aria-label="Remove attachment" on:click=move |_| form.attachments.update(|rows| rows.retain(|r| r.0 != key))>"Remove"</button>
                            </div>
                        }
                    }
                </For>
                <button type="button" class="button" on:click=move |_| {
                    let k = form.key();
                    form.attachments.update(|rows| rows.push((k, AttachmentKind::Link, String::new())));
                }>"Add attachment"</button>
            </fieldset>
            <super::alert::ErrorAlert error=form.error />
            <p class="evidence__actions">
                <button type="submit" class="button button--primary">"Save evidence"</button>
                " "
                <button type="button" class="button" on:click=move |_| { form.open.set(None); focus_later("#evidence-add".into()); }>"Cancel"</button>
            </p>
        </form>
    }
}
