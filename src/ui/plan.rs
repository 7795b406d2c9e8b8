//! The plan page (`#/plan`): the target of the top bar's team or group (levels per dimension,
//! overrides per sub-dimension, activities added or left out by hand, a due date), what the
//! chosen team still has to do for it, and how far every team shown is towards its own.
//! Which target a team has, and how far it is, are the core's (`assessment::targets`).

use leptos::prelude::*;

use super::scope::use_scope;
use super::state::{use_app, AppState};
use crate::browser::{confirm, format_date, today};
use crate::domain::assessment::date::Date;
use crate::domain::assessment::progress::status_name;
use crate::domain::assessment::targets::{
    self, Owner, Resolved, Target, Targets, ToTarget, MAX_LEVEL,
};
use crate::domain::model::MODEL;
use crate::domain::views::route::activity_href;

/// The target `team` has now, resolved (tracked).
fn resolved(app: AppState, team: &str) -> Option<Resolved> {
    app.targets
        .with(|t| app.groups.with(|g| targets::resolve(&MODEL, t, g, team)))
}

/// Stores every target as `next`; says why not in `error` (false: nothing changed).
fn store(app: AppState, error: RwSignal<Option<String>>, next: Targets) -> bool {
    match app.save_targets(next) {
        Ok(()) => {
            error.set(None);
            true
        }
        Err(e) => {
            error.set(Some(format!("{e} Nothing was changed.")));
            false
        }
    }
}

/// A team without its own target: the target it follows (its groups'), if any (tracked).
fn inherited(app: AppState, owner: &Owner) -> Option<Resolved> {
    let Owner::Team(team) = owner else {
        return None;
    };
    resolved(app, team).filter(|r| r.source != targets::Source::Own)
}

/// How far `team` is towards `r` (tracked).
fn progress_to(app: AppState, r: &Resolved, team: &str) -> ToTarget {
    app.with_progress(|all| {
        app.defs
            .with(|d| targets::to_target(&MODEL, r, all, team, d, today()))
    })
}

fn percent(share: f64) -> String {
    format!("{} %", crate::domain::assessment::scores::percent(share))
}

/// `text` with its first letter upper-case (a label at the start of a sentence).
fn capitalized(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn level_name(level: u8) -> String {
    match level {
        0 => "None".into(),
        l => format!("Level {l}"),
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let app = use_app();
    let scope = use_scope();
    let error = RwSignal::new(None::<String>);
    // Whose target the page edits: the top bar's team or group (none for all teams).
    let owner = Memo::new(move |_| scope.chosen.with(Owner::of_scope));
    let save = Callback::new(move |next: Targets| store(app, error, next));
    view! {
        <section class="page page--wide plan-page" aria-labelledby="plan-title">
            <h1 id="plan-title">"Plan"</h1>
            <p class="hint">
                "A target says which activities a team means to have done, and by when: a level per dimension (every activity up to it), other levels for some sub-dimensions, activities added or left out by hand. A team's own target wins over its groups'; a team in several groups with targets gets, per sub-dimension, the highest of their levels."
            </p>
            <super::alert::ErrorAlert error=error />
            {move || match owner.get() {
                None => view! {
                    <p>"Choose a team or a group in the top bar to set its target."</p>
                }.into_any(),
                Some(o) => view! { <TargetEditor owner=o save=save /> }.into_any(),
            }}
            <ProgressToTargets />
        </section>
    }
}

/// One owner's target being edited: what is stored, and how a change is stored.
#[derive(Clone, Copy)]
struct Editing {
    /// The owner's target as stored (None: it has none).
    current: Memo<Option<Target>>,
    /// Stores the owner's target as given; false if it could not be stored.
    store: Callback<Target, bool>,
    /// Counts failed saves: a control that showed a value not stored shows the stored
    /// one again.
    failed: RwSignal<u32>,
}

impl Editing {
    /// Changes a copy of the stored target (or a new one) with `f` and stores it.
    fn edit(self, f: impl FnOnce(&mut Target)) {
        let mut t = self.current.get_untracked().unwrap_or_default();
        f(&mut t);
        if !self.store.run(t) {
            self.failed.update(|n| *n += 1);
        }
    }

    /// `f` of the stored target (tracked, and again after a failed save).
    fn read<T>(self, f: impl FnOnce(&Target) -> T) -> Option<T> {
        self.failed.track();
        self.current.with(|c| c.as_ref().map(f))
    }
}

/// The target of `owner`: set, edited or removed; for a team, what it still has to do.
/// Built once per owner: each control shows the stored value, so a change keeps the
/// control (and its focus) in place.
#[component]
fn TargetEditor(owner: Owner, save: Callback<Targets, bool>) -> impl IntoView {
    let app = use_app();
    let label = owner.label();
    let current = {
        let owner = owner.clone();
        Memo::new(move |_| app.targets.with(|t| t.get(&owner).cloned()))
    };
    let store = {
        let owner = owner.clone();
        Callback::new(move |t: Target| {
            save.run(app.targets.with_untracked(|all| all.with(&owner, Some(t))))
        })
    };
    let editing = Editing {
        current,
        store,
        failed: RwSignal::new(0),
    };
    let has = Memo::new(move |_| current.with(Option::is_some));
    let remove = {
        let (owner, label) = (owner.clone(), label.clone());
        move |_| {
            if confirm(&format!("Remove the target of {label}? Its levels, due date and activities chosen by hand are lost.")) {
                save.run(app.targets.with_untracked(|all| all.with(&owner, None)));
            }
        }
    };
    let team = match &owner {
        Owner::Team(t) => Some(t.clone()),
        Owner::Group(_) => None,
    };
    let follows = {
        let owner = owner.clone();
        move || inherited(app, &owner).map(|r| format!(" It follows {}.", r.source_text()))
    };
    let none = format!("{} has no target of its own.", capitalized(&label));
    let heading = format!("Target of {label}");
    view! {
        <section class="plan__target" aria-labelledby="target-title">
            <h2 id="target-title">{heading}</h2>
            <Show
                when=move || has.get()
                fallback=move || {
                    let follows = follows.clone();
                    view! {
                        <p>{none.clone()}{follows}</p>
                        <p>
                            <button type="button" class="button button--primary" on:click=move |_| editing.edit(|t| *t = Target::uniform(&MODEL, 1))>
                                "Set a target"
                            </button>
                        </p>
                    }
                }
            >
                <DueDate editing=editing />
                <Levels editing=editing />
                <ByHand editing=editing />
                <p><button type="button" class="button button--danger" on:click=remove.clone()>"Remove this target"</button></p>
            </Show>
            {team.map(|team| view! { <StillToDo team=team /> })}
        </section>
    }
}

#[component]
fn DueDate(editing: Editing) -> impl IntoView {
    let due = move || editing.read(|t| t.due).flatten();
    view! {
        <p class="plan__due">
            <label class="filters__field">
                <span>"Due date"</span>
                <input
                    type="date"
                    prop:value=move || due().map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        // Only a whole date: the field is empty while one is being typed
                        // (clearing is the button's).
                        if let Some(day) = Date::parse(&event_target_value(&ev)) {
                            editing.edit(|t| t.due = Some(day));
                        }
                    }
                />
            </label>
            <button type="button" class="button" hidden=move || due().is_none() on:click=move |_| editing.edit(|t| t.due = None)>
                "No due date"
            </button>
        </p>
    }
}

/// A level picker showing the stored level (`get`; None: as its dimension, offered when
/// `inherit` names the dimension) and storing a pick (`set`).
fn level_select(
    label: String,
    editing: Editing,
    get: impl Fn(&Target) -> Option<u8> + Copy + Send + Sync + 'static,
    inherit: Option<&'static str>,
    set: impl Fn(&mut Target, Option<u8>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let value = move || {
        editing
            .read(get)
            .flatten()
            .map_or_else(|| "inherit".to_string(), |l| l.to_string())
    };
    view! {
        <select
            aria-label=label
            prop:value=value
            on:change=move |ev| {
                let v = event_target_value(&ev);
                let level = v.parse::<u8>().ok().filter(|l| *l <= MAX_LEVEL);
                editing.edit(|t| set(t, level));
            }
        >
            {inherit.map(|dimension| view! {
                <option value="inherit" selected=move || value() == "inherit">
                    {move || {
                        let level = editing.read(|t| t.dimensions.get(dimension).copied());
                        format!("As its dimension ({})", level_name(level.flatten().unwrap_or(0)))
                    }}
                </option>
            })}
            {(0..=MAX_LEVEL).map(|l| view! {
                <option value=l.to_string() selected=move || value() == l.to_string()>{level_name(l)}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn Levels(editing: Editing) -> impl IntoView {
    let rows = MODEL
        .dimensions
        .iter()
        .map(|d| {
            let name = d.name;
            let dim = level_select(
                format!("Level of {name}"),
                editing,
                move |t| Some(t.dimensions.get(name).copied().unwrap_or(0)),
                None,
                move |t, l| {
                    t.dimensions.insert(name.to_string(), l.unwrap_or(0));
                },
            );
            let subs = d
                .subdimensions
                .iter()
                .map(|&s| {
                    let sub = &MODEL.subdimensions[s as usize];
                    let sname = sub.name;
                    let select = level_select(
                        format!("Level of {sname}"),
                        editing,
                        move |t| t.subdimensions.get(sname).copied(),
                        Some(name),
                        move |t, l| match l {
                            Some(l) => {
                                t.subdimensions.insert(sname.to_string(), l);
                            }
                            None => {
                                t.subdimensions.remove(sname);
                            }
                        },
                    );
                    view! {
                        <tr class="plan__sub">
                            <th scope="row">{sname}</th>
                            <td>{select}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tbody>
                    <tr class="plan__dim">
                        <th scope="row">{name}</th>
                        <td>{dim}</td>
                    </tr>
                    {subs}
                </tbody>
            }
        })
        .collect_view();
    view! {
        <h3>"Levels"</h3>
        <p class="hint">"Every activity up to the level of its sub-dimension is in the target."</p>
        <super::table::ScrollTable label="Level of each dimension and sub-dimension" class="plan__levels">
            <thead>
                <tr><th scope="col">"Dimension and its sub-dimensions"</th><th scope="col">"Level"</th></tr>
            </thead>
            {rows}
        </super::table::ScrollTable>
    }
}

/// The activities added or left out by hand, each with a button that takes it out of the
/// target or puts it back; and a picker to add one its levels leave out.
#[component]
fn ByHand(editing: Editing) -> impl IntoView {
    let list = move |added: bool| {
        let uuids = Memo::new(move |_| {
            editing
                .read(|t| match added {
                    true => t.added.iter().cloned().collect::<Vec<_>>(),
                    false => t.left_out.iter().cloned().collect(),
                })
                .unwrap_or_default()
        });
        let (heading, button) = match added {
            true => ("Added by hand", "Take out"),
            false => ("Left out by hand", "Put back"),
        };
        view! {
            <h3>{heading}</h3>
            <p class="hint" hidden=move || uuids.with(|u| !u.is_empty())>"None."</p>
            <ul class="plan__byhand" hidden=move || uuids.with(Vec::is_empty)>
                <For each=move || uuids.get() key=|u| u.clone() let:uuid>
                    {
                        let known = MODEL.activity_index(&uuid);
                        let name = known.map_or_else(
                            || format!("{uuid} (not in this model)"),
                            |i| MODEL.activities[i].name.to_string(),
                        );
                        let undo = {
                            let uuid = uuid.clone();
                            move |_| {
                                let uuid = uuid.clone();
                                editing.edit(move |t| match known {
                                    // In or out as asked, whatever the levels say now.
                                    Some(i) => t.set_activity(&MODEL, &MODEL.activities[i], !added),
                                    None => {
                                        t.added.remove(&uuid);
                                        t.left_out.remove(&uuid);
                                    }
                                })
                            }
                        };
                        view! {
                            <li>
                                {match known {
                                    Some(i) => view! { <a href=activity_href(MODEL.activities[i].uuid)>{name.clone()}</a> }.into_any(),
                                    None => view! { <span>{name.clone()}</span> }.into_any(),
                                }}
                                " "
                                <button type="button" class="button" aria-label=format!("{button}: {name}") on:click=undo>{button}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
        }
    };
    let outside = Memo::new(move |_| {
        editing
            .read(|t| {
                MODEL
                    .activities
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !t.includes(&MODEL, a))
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let picked = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(i) = MODEL.activity_index(&picked.get_untracked()) {
            editing.edit(|t| t.set_activity(&MODEL, &MODEL.activities[i], true));
            picked.set(String::new());
        }
    };
    view! {
        {list(true)}
        {list(false)}
        <form class="teamform" on:submit=add>
            <label>
                <span>"Add an activity its levels leave out"</span>
                <select prop:value=move || picked.get() on:change=move |ev| picked.set(event_target_value(&ev))>
                    <option value="">"Choose an activity…"</option>
                    {move || outside.get().into_iter().map(|i| {
                        let a = &MODEL.activities[i];
                        view! { <option value=a.uuid>{a.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">"Add to the target"</button>
        </form>
    }
}

/// For one team: the activities of its target not done yet, by level then model order.
#[component]
fn StillToDo(team: String) -> impl IntoView {
    let app = use_app();
    let rows = {
        let team = team.clone();
        Memo::new(move |_| {
            let r = resolved(app, &team)?;
            let open: Vec<(usize, String)> = app.with_progress(|all| {
                app.defs.with(|d| {
                    targets::open_activities(&MODEL, &r, all, &team, d)
                        .into_iter()
                        .map(|i| {
                            let status = all[i].get(&team).map_or(
                                crate::domain::assessment::progress::Status::State(0),
                                |rec| rec.status(d),
                            );
                            (i, status_name(d, status))
                        })
                        .collect()
                })
            });
            let to = progress_to(app, &r, &team);
            Some((open, to, r.due))
        })
    };
    let date = move |d: Date| app.settings.with(|s| format_date(d, &s.date_format));
    view! {
        {move || rows.get().map(|(open, to, due)| {
            let summary = format!(
                "{} of {} activities of the target done ({}); relative score {}{}.",
                to.done,
                to.of,
                percent(to.share()),
                percent(to.relative),
                due.map(|d| format!("; due {}", date(d))).unwrap_or_default()
            );
            let behind = to.behind.then(|| view! { <strong class="plan__behind">" Behind: the due date has passed."</strong> });
            let count = open.len();
            view! {
                <h3 id="todo-title">{format!("Still to do for team “{team}” ({count})")}</h3>
                <p>{summary}{behind}</p>
                {if open.is_empty() {
                    view! { <p>"Every activity of the target is done (or not applicable)."</p> }.into_any()
                } else {
                    view! {
                        <ol class="plan__todo" aria-labelledby="todo-title">
                            {open.into_iter().map(|(i, state)| {
                                let a = &MODEL.activities[i];
                                let sub = MODEL.subdimensions[a.subdimension as usize].name;
                                view! {
                                    <li>
                                        <a href=activity_href(a.uuid)>{a.name}</a>
                                        <span class="hint">{format!(" · {sub}, level {} · {state}", a.level)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            }
        })}
    }
}

/// Every team shown: where its target comes from and how far it is (here and on the Teams
/// overview).
#[component]
pub fn ProgressToTargets(
    /// Inside a section of its own (the Teams overview): an h3, not an h2.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let app = use_app();
    let scope = use_scope();
    let date = move |d: Date| app.settings.with(|s| format_date(d, &s.date_format));
    let rows = move || {
        scope
            .teams
            .get()
            .into_iter()
            .map(|team| {
                let cells = match resolved(app, &team) {
                    None => view! {
                        <td>"No target"</td><td>"—"</td><td>"—"</td><td>"—"</td><td>"—"</td>
                    }
                    .into_any(),
                    Some(r) => {
                        let to = progress_to(app, &r, &team);
                        let from = match &r.source {
                            targets::Source::Own => "Own".to_string(),
                            targets::Source::Groups(g) => format!("Group {}", g.join(", ")),
                        };
                        let state = if to.reached() {
                            "Reached"
                        } else if to.behind {
                            "Behind"
                        } else {
                            "On the way"
                        };
                        view! {
                            <td>{from}</td>
                            <td>{format!("{} of {} ({})", to.done, to.of, percent(to.share()))}</td>
                            <td>{percent(to.relative)}</td>
                            <td>{r.due.map(date).unwrap_or_else(|| "—".into())}</td>
                            <td>{state}</td>
                        }
                        .into_any()
                    }
                };
                view! { <tr><th scope="row">{team}</th>{cells}</tr> }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="to-target-title">
            {match nested {
                true => view! { <h3 id="to-target-title">"Progress to target"</h3> }.into_any(),
                false => view! { <h2 id="to-target-title">"Progress to target"</h2> }.into_any(),
            }}
            <p class="hint">"Of the teams chosen in the top bar. Not applicable activities are left out. The relative score is SAMM's, 1 − Σ (target − reached) / Σ target over the sub-dimensions, where a sub-dimension's target counts its levels that hold activities of the target and “reached” how many of those, from the bottom, are all done."</p>
            <super::table::ScrollTable label="Progress of each team to its target" class="plan__progress">
                <thead>
                    <tr>
                        <th scope="col">"Team"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Activities done"</th>
                        <th scope="col">"Relative score"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"State"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </super::table::ScrollTable>
        </section>
    }
}

/// On an activity's page: whether it is in the target of the top bar's team or group, with a
/// button that adds it or leaves it out by hand; for several teams, how many have it in
/// their target and not done yet.
#[component]
pub fn ActivityTarget(index: usize) -> impl IntoView {
    let app = use_app();
    let scope = use_scope();
    let error = RwSignal::new(None::<String>);
    let a = &MODEL.activities[index];
    let owner = Memo::new(move |_| scope.chosen.with(Owner::of_scope));
    let set = move |o: &Owner, on: bool| {
        let Some(mut t) = app.targets.with_untracked(|all| all.get(o).cloned()) else {
            return;
        };
        t.set_activity(&MODEL, a, on);
        store(
            app,
            error,
            app.targets.with_untracked(|all| all.with(o, Some(t))),
        );
    };
    let line = move || {
        let Some(o) = owner.get() else {
            // Every team shown: how many have it in their target and not done.
            let (mut in_target, mut open) = (0, 0);
            for team in scope.teams.get() {
                let Some(r) = resolved(app, &team) else {
                    continue;
                };
                if !r.activities[index] {
                    continue;
                }
                in_target += 1;
                let is_open =
                    app.progress[index].with(|p| app.defs.with(|d| targets::is_open(p, &team, d)));
                open += usize::from(is_open);
            }
            let text = if in_target == 0 {
                "In the target of none of the teams shown.".to_string()
            } else {
                format!("In the target of {in_target} of the teams shown; {open} of them have not done it yet.")
            };
            return view! { <p class="activity__target">{text}</p> }.into_any();
        };
        let own = app.targets.with(|all| all.get(&o).cloned());
        let label = o.label();
        match own {
            Some(t) => {
                let inside = t.includes(&MODEL, a);
                let how = if t.added.contains(a.uuid) {
                    " (added by hand)"
                } else if t.left_out.contains(a.uuid) {
                    " (left out by hand)"
                } else {
                    ""
                };
                let text = match inside {
                    true => format!("In the target of {label}{how}. "),
                    false => format!("Not in the target of {label}{how}. "),
                };
                let button = if inside {
                    "Leave out of the target"
                } else {
                    "Add to the target"
                };
                let o2 = o.clone();
                view! {
                    <p class="activity__target">
                        {text}
                        <button type="button" class="button" on:click=move |_| set(&o2, !inside)>{button}</button>
                    </p>
                }
                .into_any()
            }
            None => {
                let from = inherited(app, &o).map(|r| {
                    let inside = r.activities[index];
                    format!(
                        " It follows {}, which {} this activity.",
                        r.source_text(),
                        if inside {
                            "includes"
                        } else {
                            "does not include"
                        }
                    )
                });
                view! {
                    <p class="activity__target">
                        {format!("{} has no target of its own.", capitalized(&label))}
                        {from}
                        " "
                        <a href="#/plan">"Set one on the Plan page"</a>
                    </p>
                }
                .into_any()
            }
        }
    };
    view! {
        {line}
        <super::alert::ErrorAlert error=error />
    }
}
