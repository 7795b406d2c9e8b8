//! The progress-state editor on the settings page. The rules (identity of rows, renames,
//! what happens to the dates of a deleted state) live in [`crate::domain::assessment::progress_defs`].

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::state::{use_app, NoticeKind};
use crate::browser::focus_later;
use crate::domain::assessment::progress::ProgressDefs;
use crate::domain::assessment::progress_defs::{self, dates_held, Disposition, Draft};

#[component]
pub fn ProgressStates() -> impl IntoView {
    let app = use_app();
    // None: showing the stored states; Some: editing a draft.
    let draft = RwSignal::new(None::<Draft>);
    let choices = RwSignal::new(BTreeMap::<String, Disposition>::new());
    let error = RwSignal::new(None::<String>);
    let edit = move |f: &dyn Fn(&mut Draft)| {
        draft.update(|d| {
            if let Some(d) = d {
                f(d)
            }
        });
        error.set(None);
    };
    // Deleted states that hold dates, with how many: each needs a decision before saving.
    let removed = Memo::new(move |_| {
        draft.with(|d| {
            let Some(d) = d else { return Vec::new() };
            app.defs.with(|current| {
                d.removed(current)
                    .into_iter()
                    .map(|name| {
                        let held = app
                            .progress
                            .iter()
                            .map(|p| p.with(|p| dates_held([p], &name)))
                            .sum::<usize>()
                            + app.unknown.with(|u| dates_held(u.values(), &name));
                        (name, held)
                    })
                    .filter(|(_, held)| *held > 0)
                    .collect::<Vec<_>>()
            })
        })
    });
    let targets = move || {
        draft.with(|d| {
            d.as_ref()
                .map(|d| {
                    // Not the 0 % state: it never holds a date.
                    d.states
                        .iter()
                        .skip(1)
                        .chain(&d.not_applicable)
                        .map(|r| r.def.name.clone())
                        .filter(|n| !n.trim().is_empty())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let save = move |_| {
        let Some(d) = draft.get_untracked() else {
            return;
        };
        // One copy of the records for checking the draft and for rewriting them.
        let progress = app.snapshot().progress;
        let result = app.defs.with_untracked(|current| {
            progress_defs::apply(&progress, current, &d, &choices.get_untracked())
                .map_err(String::from)
        });
        match result.and_then(|change| app.apply_states(&change, &progress)) {
            Ok(n) => {
                draft.set(None);
                choices.set(BTreeMap::new());
                focus_later("#states-edit".into());
                app.notify(
                    NoticeKind::Info,
                    format!("Progress states saved; the stored progress of {n} activities was updated to match."),
                );
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let start = move |_| {
        draft.set(Some(app.defs.with_untracked(Draft::from_defs)));
        choices.set(BTreeMap::new());
        error.set(None);
        // Keyboard users land in the editor, not on the button that just went away.
        focus_later(".states-editor input".into());
    };

    view! {
        <h2 id="states-title">"Progress states"</h2>
        <p class="hint">
            "The states a team moves through for each activity, ordered by score. Exactly one state scores 0 % (not started) and one 100 % (completed). Renaming a state renames it in all stored progress."
        </p>
        <Show
            when=move || draft.with(Option::is_some)
            fallback=move || view! {
                <StatesTable defs=app.defs />
                <p><button type="button" class="button" id="states-edit" on:click=start>"Edit progress states"</button></p>
            }
        >
            <div class="states-editor" role="group" aria-labelledby="states-title">
                <table class="teams states">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Score (%)"</th>
                            <th scope="col">"Definition"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || draft.with(|d| d.as_ref().map(|d| d.states.clone()).unwrap_or_default())
                            key=|r| r.key
                            let:row
                        >
                            {
                                let key = row.key;
                                // The 0 % and the 100 % rows keep their score and cannot go.
                                let locked = move || {
                                    draft.with(|d| {
                                        d.as_ref().is_some_and(|d| {
                                            d.states.first().map(|r| r.key) == Some(key)
                                                || d.states.last().map(|r| r.key) == Some(key)
                                        })
                                    })
                                };
                                let label = move || {
                                    draft.with(|d| {
                                        d.as_ref()
                                            .and_then(|d| d.states.iter().find(|r| r.key == key))
                                            .map(|r| if r.def.name.is_empty() { "new state".to_string() } else { r.def.name.clone() })
                                            .unwrap_or_default()
                                    })
                                };
                                view! {
                                    <tr>
                                        <td>
                                            <input
                                                type="text"
                                                aria-label="State name"
                                                value=row.def.name.clone()
                                                on:input=move |ev| {
                                                    let v = event_target_value(&ev);
                                                    edit(&|d| if let Some(r) = d.row_mut(key) { r.def.name = v.clone() });
                                                }
                                            />
                                        </td>
                                        <td>
                                            <input
                                                type="number"
                                                min="0"
                                                max="100"
                                                step="1"
                                                class="states__score"
                                                aria-label=move || format!("Score of {} in percent", label())
                                                value=row.def.percent.to_string()
                                                disabled=locked
                                                on:input=move |ev| {
                                                    // Anything but a whole number 0-100 fails the check on saving.
                                                    let v = event_target_value(&ev).trim().parse::<u8>().unwrap_or(u8::MAX);
                                                    edit(&|d| if let Some(r) = d.row_mut(key) { r.def.percent = v });
                                                }
                                            />
                                        </td>
                                        <td>
                                            <input
                                                type="text"
                                                class="states__definition"
                                                aria-label=move || format!("Definition of {}", label())
                                                value=row.def.definition.clone()
                                                on:input=move |ev| {
                                                    let v = event_target_value(&ev);
                                                    edit(&|d| if let Some(r) = d.row_mut(key) { r.def.definition = v.clone() });
                                                }
                                            />
                                        </td>
                                        <td>
                                            <button
                                                type="button"
                                                class="button button--danger"
                                                hidden=locked
                                                aria-label=move || format!("Delete {}", label())
                                                on:click=move |_| edit(&|d| d.remove_row(key))
                                            >
                                                "Delete"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                <div class="states__actions">
                    <button type="button" class="button" on:click=move |_| edit(&|d| d.add_row())>"Add a state"</button>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| {
                            edit(&|d| d.reset_to_defaults());
                            choices.set(BTreeMap::new());
                        }
                    >
                        "Reset to defaults"
                    </button>
                </div>
                <NotApplicable draft=draft edit=edit />
                <For
                    each=move || removed.get()
                    key=|(name, _)| name.clone()
                    let:item
                >
                    {
                        let (name, _) = item;
                        let n = name.clone();
                        let label = name.clone();
                        let held = move || {
                            removed.with(|r| r.iter().find(|(x, _)| *x == label).map(|(_, h)| *h).unwrap_or(0))
                        };
                        // Options are rebuilt as names are typed: each says whether it is the choice.
                        let chosen = {
                            let n = name.clone();
                            move |d: &Disposition| choices.with_untracked(|c| c.get(&n) == Some(d))
                        };
                        view! {
                            <label class="filters__field states__removed">
                                <span>{move || format!("“{name}” holds {} dates that would be lost. What happens to them?", held())}</span>
                                <select on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    let choice = match v.as_str() {
                                        "" => None,
                                        "delete" => Some(Disposition::Delete),
                                        to => to.strip_prefix("to:").map(|t| Disposition::MoveTo(t.to_string())),
                                    };
                                    choices.update(|c| match choice {
                                        Some(x) => { c.insert(n.clone(), x); }
                                        None => { c.remove(&n); }
                                    });
                                    error.set(None);
                                }>
                                    <option value="">"Choose…"</option>
                                    <option value="delete" selected=chosen(&Disposition::Delete)>"Delete these dates"</option>
                                    {move || targets().into_iter().map(|t| {
                                        let selected = chosen(&Disposition::MoveTo(t.clone()));
                                        view! { <option value=format!("to:{t}") selected=selected>{format!("Move them to “{t}”")}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                        }
                    }
                </For>
                <super::alert::ErrorAlert error=error />
                <div class="states__actions">
                    <button type="button" class="button button--primary" on:click=save>"Save progress states"</button>
                    <button type="button" class="button" on:click=move |_| { draft.set(None); error.set(None); focus_later("#states-edit".into()); }>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}

/// The stored states, read-only.
#[component]
fn StatesTable(defs: Memo<ProgressDefs>) -> impl IntoView {
    view! {
        <table class="teams states">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Score"</th>
                    <th scope="col">"Definition"</th>
                </tr>
            </thead>
            <tbody>
                {move || defs.with(|d| {
                    d.states()
                        .iter()
                        .map(|s| (s.name.clone(), format!("{} %", s.percent), s.definition.clone()))
                        .chain(d.not_applicable().map(|s| (s.name.clone(), "not counted".into(), s.definition.clone())))
                        .map(|(name, score, definition)| view! {
                            <tr><th scope="row">{name}</th><td>{score}</td><td>{definition}</td></tr>
                        })
                        .collect_view()
                })}
            </tbody>
        </table>
    }
}

/// The optional "not applicable" state: on or off, name and definition.
#[component]
fn NotApplicable(
    draft: RwSignal<Option<Draft>>,
    edit: impl Fn(&dyn Fn(&mut Draft)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let on = move || draft.with(|d| d.as_ref().is_some_and(|d| d.not_applicable.is_some()));
    let field = move |f: fn(&crate::domain::assessment::progress::StateDef) -> String| {
        draft.with_untracked(|d| {
            d.as_ref()
                .and_then(|d| d.not_applicable.as_ref())
                .map(|r| f(&r.def))
                .unwrap_or_default()
        })
    };
    view! {
        <fieldset class="states__na">
            <legend>"Not applicable"</legend>
            <label>
                <input
                    type="checkbox"
                    prop:checked=on
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        let current = app.defs.get_untracked();
                        edit(&|d| d.set_not_applicable(checked, &current));
                    }
                />
                " Offer a “not applicable” state: activities a team marks with it count neither in its scores nor in its completion counts"
            </label>
            <Show when=on>
                <label class="filters__field">
                    <span>"Name"</span>
                    <input
                        type="text"
                        value=move || field(|s| s.name.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|d| if let Some(r) = d.not_applicable.as_mut() { r.def.name = v.clone() });
                        }
                    />
                </label>
                <label class="filters__field">
                    <span>"Definition"</span>
                    <input
                        type="text"
                        value=move || field(|s| s.definition.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|d| if let Some(r) = d.not_applicable.as_mut() { r.def.definition = v.clone() });
                        }
                    />
                </label>
            </Show>
        </fieldset>
    }
}
