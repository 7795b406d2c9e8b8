//! The Teams page: add, rename, reorder and delete teams. Every operation is a core function
//! ([`crate::domain::assessment::teams`]) that says what changes; the page only asks and shows. Its lists of
//! teams and groups are keyed (each name keeps a key, never its position), so a change made
//! elsewhere (another tab adds a team) draws only what changed: a name being typed keeps its
//! text and focus. Focus is moved through each row's own elements (`NodeRef`s).

use std::collections::BTreeMap;

use leptos::html::{Button, ElementType, Input, H1};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::scope::{use_scope, ScopePicker};
use super::state::{use_app, NoticeKind};
use crate::browser::focus_soon;
use crate::domain::assessment::overview::{changes, overview};
use crate::domain::assessment::teams::{self, TeamChange, TeamError};
use crate::domain::model::MODEL;
use crate::domain::views::route::activity_href;

/// A team or group change, written and shown: whether it was (if not, the page says why).
type Run = Callback<Result<TeamChange, TeamError>, bool>;

/// The keys of the names a keyed list shows: a name keeps its key for the life of the page,
/// so its row (and what is typed in it) stays while others come, go or move. A rename made
/// on this page hands the old name's key to the new one: the row stays too.
#[derive(Default)]
struct Keys {
    of: BTreeMap<String, usize>,
    next: usize,
}

impl Keys {
    /// Each of `names` with its key (a name not seen before gets a new one).
    fn rows<'n>(&mut self, names: impl IntoIterator<Item = &'n String>) -> Vec<(usize, String)> {
        names
            .into_iter()
            .map(|n| {
                let next = &mut self.next;
                let key = *self.of.entry(n.clone()).or_insert_with(|| {
                    *next += 1;
                    *next
                });
                (key, n.clone())
            })
            .collect()
    }

    /// `new` takes over the key of `old`.
    fn rename(&mut self, old: &str, new: &str) {
        if let Some(key) = self.of.remove(old) {
            self.of.insert(new.to_string(), key);
        }
    }
}

/// A list keyed by the keys of `rows`, each row drawn by `row` from its key and its name
/// (which follows a rename that keeps the key). The page's three lists share this one
/// `For`: each `For` of its own adds its list-diffing code to the pages module again.
#[component]
fn KeyedRows(
    rows: Memo<Vec<(usize, String)>>,
    row: Callback<(usize, Memo<String>), AnyView>,
) -> impl IntoView {
    view! {
        <For
            each=move || rows.get()
            key=|(key, _)| *key
            children=move |(key, _)| row.run((key, name_of(rows, key)))
        />
    }
}

/// The name listed under `key` (the last one while its row goes).
fn name_of(rows: Memo<Vec<(usize, String)>>, key: usize) -> Memo<String> {
    Memo::new(move |last: Option<&String>| {
        rows.with(|r| r.iter().find(|(k, _)| *k == key).map(|(_, n)| n.clone()))
            .or_else(|| last.cloned())
            .unwrap_or_default()
    })
}

/// Focuses `node`'s element once what was just changed has been drawn.
fn focus<E>(node: NodeRef<E>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    focus_soon(move || {
        node.try_get_untracked()
            .flatten()
            .map(JsCast::unchecked_into)
    });
}

#[component]
pub fn TeamsPage() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let new_name = RwSignal::new(String::new());
    // The key of the team whose name is being edited.
    let editing = RwSignal::new(None::<usize>);
    // Part of a team name: the list and the group members show the teams matching it.
    let find = RwSignal::new(String::new());
    // The teams listed (those matching `find`, at most TEAMS_SHOWN) and how many more match.
    let listed = Memo::new(move |_| {
        let f = find.get();
        app.teams.with(|t| found(t, &f))
    });
    // The teams' keys, for the team list and every group's members alike.
    let keys = StoredValue::new(Keys::default());
    let rows = Memo::new(move |_| {
        listed.with(|(shown, _)| keys.try_update_value(|k| k.rows(shown)).unwrap_or_default())
    });
    let more = Memo::new(move |_| listed.with(|(_, more)| *more));
    // The number of activities with progress of each team listed (see `progress_counts`).
    let counts = Memo::new(move |_| {
        let unknown = app.unknown.read();
        listed.with(|(shown, _)| {
            let names: Vec<&str> = shown.iter().map(String::as_str).collect();
            app.with_progress(|known| {
                teams::progress_counts(known.iter().copied().chain(unknown.values()), &names)
                    .into_iter()
                    .map(|(t, n)| (t.to_string(), n))
                    .collect::<BTreeMap<String, usize>>()
            })
        })
    });

    let run: Run = Callback::new(move |change: Result<TeamChange, TeamError>| {
        let result = change
            .map_err(String::from)
            .and_then(|c| app.apply_team_change(c));
        match result {
            Ok(()) => {
                error.set(None);
                true
            }
            Err(e) => {
                error.set(Some(format!("{e} Nothing was changed.")));
                false
            }
        }
    });
    let add = move || {
        let name = new_name.get_untracked();
        if run.run(app.with_roster(|r| teams::add(r, &name))) {
            app.notify(NoticeKind::Info, format!("Team “{}” added.", name.trim()));
            new_name.set(String::new());
        }
    };
    let heading = NodeRef::<H1>::new();

    view! {
        <section class="page page--wide teams-page" aria-labelledby="teams-title">
            <h1 id="teams-title" node_ref=heading>"Teams"</h1>
            <p>
                "Renaming a team carries its progress with it; deleting a team removes only its own progress. Team names are matched exactly, never by position."
            </p>
            <TeamsOverview />
            <h2>"Teams"</h2>
            <super::alert::ErrorAlert error=error />
            <form class="teamform" on:submit=move |ev| {
                ev.prevent_default();
                add();
            }>
                <label>
                    <span>"New team"</span>
                    <input
                        type="text"
                        prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button button--primary">"Add team"</button>
            </form>
            <FindTeam find=find teams=Signal::derive(move || app.teams.with(Vec::len)) />
            <ul class="teamlist">
                <KeyedRows
                    rows=rows
                    row=Callback::new(move |(key, name): (usize, Memo<String>)| {
                        let count = Signal::derive(move || {
                            counts.with(|c| name.with(|n| c.get(n).copied().unwrap_or(0)))
                        });
                        view! { <TeamRow id=key name=name count=count editing=editing keys=keys run=run heading=heading /> }.into_any()
                    })
                />
                <Show when=move || { more.get() > 0 }>
                    <li class="teamlist__item">
                        {move || format!("… and {} more teams: type part of a name under “Find a team” to see them.", more.get())}
                    </li>
                </Show>
            </ul>
            <Groups run=run teams=rows more=more />
        </section>
    }
}

/// One team of the list: its name (or the field renaming it), its count and its buttons.
#[component]
fn TeamRow(
    /// Its key in the list.
    id: usize,
    name: Memo<String>,
    /// Activities with its progress.
    count: Signal<usize>,
    editing: RwSignal<Option<usize>>,
    keys: StoredValue<Keys>,
    run: Run,
    /// Focused when the team is deleted.
    heading: NodeRef<H1>,
) -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(String::new());
    let field = NodeRef::<Input>::new();
    let rename_button = NodeRef::<Button>::new();
    let up = NodeRef::<Button>::new();
    let down = NodeRef::<Button>::new();
    let is_editing = move || editing.get() == Some(id);
    let stop = move || {
        editing.set(None);
        focus(rename_button);
    };
    let save = move || {
        let old = name.get_untracked();
        let new = draft.get_untracked();
        let new = new.trim();
        let change = teams::rename(&app.snapshot(), &old, new);
        // The row stays: its key goes with the name before the list is drawn again.
        let valid = change.is_ok();
        if valid {
            keys.update_value(|k| k.rename(&old, new));
        }
        if run.run(change) {
            stop();
            if old != new {
                app.notify(
                    NoticeKind::Info,
                    format!("Team “{old}” renamed to “{new}”."),
                );
            }
        } else if valid {
            keys.update_value(|k| k.rename(new, &old));
        }
    };
    let delete = move || {
        let n = name.get_untracked();
        let a = app.snapshot();
        let (entries, only) = teams::evidence_of(&a, &n);
        use crate::domain::views::words::count as counted;
        let entries_text = counted(entries, "evidence entry", "evidence entries");
        let evidence = match (entries, only) {
            (0, _) => String::new(),
            (_, 0) => format!(" It is removed from {entries_text} shared with other teams."),
            (_, o) => format!(
                " It is removed from {entries_text}; {o} of them name only this team and are deleted."
            ),
        };
        let question = format!(
            "Delete team “{n}”? Its progress on {} will be removed.{evidence} Other teams are not touched.",
            counted(count.get_untracked(), "activity", "activities")
        );
        let sure = crate::browser::confirm(&question);
        if sure && run.run(teams::delete(&a, &n)) {
            app.notify(NoticeKind::Info, format!("Team “{n}” deleted."));
            focus(heading);
        }
    };
    // Moves the team; the keyed list moves its row, whose button may lose focus as it moves.
    let reorder = move |delta: isize, button: NodeRef<Button>| {
        let n = name.get_untracked();
        if run.run(app.with_roster(|r| teams::reorder(r, &n, delta))) {
            focus(button);
        }
    };
    let at = move |end: fn(&[String]) -> Option<&String>| {
        app.teams.with(|t| name.with(|n| end(t) == Some(n)))
    };
    view! {
        <li class="teamlist__item">
            <Show
                when=is_editing
                fallback=move || view! {
                    <span class="teamlist__name">{name}</span>
                    <span class="teamlist__count">
                        {move || format!("progress on {}", crate::domain::views::words::count(count.get(), "activity", "activities"))}
                    </span>
                }
            >
                <form class="teamlist__edit" on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }>
                    <input
                        type="text"
                        node_ref=field
                        aria-label=move || format!("New name for {}", name.get())
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                        on:keydown=move |ev| {
                            if ev.key() == "Escape" {
                                stop();
                            }
                        }
                    />
                    <button type="submit" class="button button--primary">"Save"</button>
                    <button type="button" class="button" on:click=move |_| stop()>"Cancel"</button>
                </form>
            </Show>
            <span class="teamlist__actions">
                <button type="button" class="button" node_ref=rename_button aria-label=move || format!("Rename {}", name.get()) on:click=move |_| {
                    draft.set(name.get_untracked());
                    editing.set(Some(id));
                    focus(field);
                }>"Rename"</button>
                <button type="button" class="button" node_ref=up aria-label=move || format!("Move {} up", name.get())
                    disabled=move || at(<[String]>::first)
                    on:click=move |_| reorder(-1, up)
                >"↑"</button>
                <button type="button" class="button" node_ref=down aria-label=move || format!("Move {} down", name.get())
                    disabled=move || at(<[String]>::last)
                    on:click=move |_| reorder(1, down)
                >"↓"</button>
                <button type="button" class="button button--danger" aria-label=move || format!("Delete {}", name.get()) on:click=move |_| delete()>
                    "Delete"
                </button>
            </span>
        </li>
    }
}

/// Team groups: add, rename, delete, and tick the member teams (`teams`: the teams listed,
/// with their keys, and how many more match).
#[component]
fn Groups(run: Run, teams: Memo<Vec<(usize, String)>>, more: Memo<usize>) -> impl IntoView {
    let app = use_app();
    let new_group = RwSignal::new(String::new());
    let keys = StoredValue::new(Keys::default());
    let groups = Memo::new(move |_| {
        app.groups.with(|gs| {
            keys.try_update_value(|k| k.rows(gs.iter().map(|g| &g.name)))
                .unwrap_or_default()
        })
    });
    view! {
        <h2 id="groups-title">"Groups"</h2>
        <p>"A group can be chosen wherever teams are shown to mean its members."</p>
        <form class="teamform" on:submit=move |ev| {
            ev.prevent_default();
            let name = new_group.get_untracked();
            if run.run(app.with_roster(|r| teams::add_group(r, &name))) {
                app.notify(NoticeKind::Info, format!("Group “{}” added.", name.trim()));
                new_group.set(String::new());
            }
        }>
            <label>
                <span>"New group"</span>
                <input type="text" prop:value=move || new_group.get() on:input=move |ev| new_group.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="button button--primary">"Add group"</button>
        </form>
        <ul class="grouplist" aria-labelledby="groups-title">
            <KeyedRows
                rows=groups
                row=Callback::new(move |(_, name): (usize, Memo<String>)| {
                    view! { <GroupItem name=name keys=keys run=run teams=teams more=more /> }.into_any()
                })
            />
        </ul>
    }
}

/// One group: its member checkboxes (keyed by the teams' keys) and its buttons.
#[component]
fn GroupItem(
    name: Memo<String>,
    /// The groups' keys.
    keys: StoredValue<Keys>,
    run: Run,
    teams: Memo<Vec<(usize, String)>>,
    more: Memo<usize>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <li class="grouplist__item">
            <fieldset>
                <legend>{name}</legend>
                <KeyedRows
                    rows=teams
                    row=Callback::new(move |(_, team): (usize, Memo<String>)| {
                        let member = move || {
                            app.groups.with(|gs| {
                                name.with(|g| team.with(|t| gs.iter().any(|x| x.name == *g && x.members.contains(t))))
                            })
                        };
                        view! {
                            <label class="grouplist__member">
                                <input type="checkbox" prop:checked=member on:change=move |ev| {
                                    let (g, t) = (name.get_untracked(), team.get_untracked());
                                    let joins = !member();
                                    if run.run(app.with_roster(|r| teams::toggle_member(r, &g, &t))) {
                                        app.notify(NoticeKind::Info, if joins {
                                            format!("Team “{t}” added to group “{g}”.")
                                        } else {
                                            format!("Team “{t}” removed from group “{g}”.")
                                        });
                                    } else if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                        // Not saved: show the stored membership again.
                                        input.set_checked(member());
                                    }
                                } />
                                {team}
                            </label>
                        }
                        .into_any()
                    })
                />
                <Show when=move || { more.get() > 0 }>
                    <span class="hint">{move || format!("… and {} more teams: find them under “Find a team” above.", more.get())}</span>
                </Show>
                <span class="teamlist__actions">
                    <button type="button" class="button" aria-label=move || format!("Rename group {}", name.get()) on:click=move |_| {
                        let old = name.get_untracked();
                        let new = web_sys::window().and_then(|w| w.prompt_with_message_and_default("New name of the group", &old).ok().flatten());
                        if let Some(new) = new {
                            let new = new.trim();
                            let change = app.with_roster(|r| teams::rename_group(r, &old, new));
                            // The group's box stays: its key goes with the name.
                            let valid = change.is_ok();
                            if valid {
                                keys.update_value(|k| k.rename(&old, new));
                            }
                            if !run.run(change) {
                                if valid {
                                    keys.update_value(|k| k.rename(new, &old));
                                }
                            } else if old != new {
                                app.notify(NoticeKind::Info, format!("Group “{old}” renamed to “{new}”."));
                            }
                        }
                    }>"Rename"</button>
                    <button type="button" class="button button--danger" aria-label=move || format!("Delete group {}", name.get()) on:click=move |_| {
                        let n = name.get_untracked();
                        let sure = crate::browser::confirm(&format!("Delete group “{n}”? Its teams and their progress stay."));
                        if sure && run.run(app.with_roster(|r| teams::delete_group(r, &n))) {
                            app.notify(NoticeKind::Info, format!("Group “{n}” deleted."));
                        }
                    }>"Delete"</button>
                </span>
            </fieldset>
        </li>
    }
}

/// Most teams a list of teams shows (the team list, each group's members, an activity's
/// team table); above, [`FindTeam`] finds the others. 1000 teams took 0.2 s to draw here
/// and 1.5 s on an activity page.
pub const TEAMS_SHOWN: usize = 30;

/// The first [`TEAMS_SHOWN`] of `list` that match `find`, and how many more match. A list
/// short enough to show whole hides [`FindTeam`], so what was typed there no longer counts.
pub fn found(list: &[String], find: &str) -> (Vec<String>, usize) {
    let find = if finds(list.len()) { find } else { "" };
    let (shown, more) = teams::find(list, find, TEAMS_SHOWN);
    (shown.into_iter().cloned().collect(), more)
}

/// Whether a list of `teams` teams is longer than is shown, so [`FindTeam`] is offered.
fn finds(teams: usize) -> bool {
    teams > TEAMS_SHOWN
}

/// The "Find a team" field over a list of `teams` teams (see [`teams::find`]), offered
/// when the list is longer than is shown.
#[component]
pub fn FindTeam(find: RwSignal<String>, teams: Signal<usize>) -> impl IntoView {
    view! {
        <div class="teamform" hidden=move || !finds(teams.get())>
            <label>
                <span>"Find a team"</span>
                <input
                    type="search"
                    prop:value=move || find.get()
                    on:input=move |ev| find.set(event_target_value(&ev))
                />
            </label>
        </div>
    }
}

/// Key figures and the activities in progress for all teams, a group or a team.
#[component]
fn TeamsOverview() -> impl IntoView {
    let app = use_app();
    // The top bar's choice, as on every page.
    let scope = use_scope();
    let teams = scope.teams;
    // Rows listed (1000 teams can have 194,000 records in progress, and as many changes).
    let in_progress_limit = RwSignal::new(super::history::SHOWN);
    let changes_limit = RwSignal::new(super::history::SHOWN);
    let data = Memo::new(move |_| {
        let limit = in_progress_limit.get();
        app.with_progress(|all| {
            app.defs
                .with(|d| teams.with(|t| overview(all.iter().copied(), t, d, limit)))
        })
    });
    // A month back by default: what changed since a monthly review.
    let since = RwSignal::new(
        crate::domain::assessment::date::Date::from_days(
            crate::browser::today().to_days().saturating_sub(30),
        )
        .unwrap_or_else(crate::browser::today),
    );
    let changed = Memo::new(move |_| {
        let since = since.get();
        let limit = changes_limit.get();
        app.with_progress(|all| {
            teams.with(|t| {
                app.defs.with(|d| {
                    let all = all.iter().copied().enumerate();
                    changes(all, t, d, Some(since), limit)
                })
            })
        })
    });
    let date = move |d: Option<crate::domain::assessment::date::Date>| {
        d.map(|d| {
            app.settings
                .with(|s| crate::browser::format_date(d, &s.date_format))
        })
        .unwrap_or_else(|| "—".into())
    };
    let intermediate = move || {
        app.defs.with(|d| {
            (1..d.completed())
                .map(|i| d.name(i).to_string())
                .collect::<Vec<_>>()
        })
    };
    let done_name = move || app.defs.with(|d| d.name(d.completed()).to_string());
    view! {
        <section class="overview" aria-labelledby="overview-title">
            <h2 id="overview-title">"Overview"</h2>
            <ScopePicker label="Teams shown" value=scope.chosen on_change=scope.choose teams=app.teams groups=app.groups />
            <div class="kpis">
                <div class="kpi">
                    <span class="kpi__value">{move || data.with(|o| o.completed)}</span>
                    <span class="kpi__label">{move || format!("{} (by every team shown)", done_name())}</span>
                </div>
                <div class="kpi">
                    <span class="kpi__value">{move || data.with(|o| o.in_progress)}</span>
                    <span class="kpi__label">"Activities in progress (started by a team shown, not yet done by every one)"</span>
                </div>
                <div class="kpi">
                    <span class="kpi__value">{move || date(data.with(|o| o.last_updated))}</span>
                    <span class="kpi__label">"Last updated"</span>
                </div>
            </div>
            // After the first frame: the KPIs above and the team list are what a cold load of
            // this page waits for.
            <super::later::Later>
                <super::plan::ProgressToTargets nested=true />
            </super::later::Later>
            <h3 id="changed-title">"Changed since"</h3>
            <p class="hint">"Every change of state of the teams shown from a day on (or recorded since), newest first: what to look at since the last review."</p>
            <label class="filters__field">
                <span>"Changed since"</span>
                <input
                    type="date"
                    prop:value=move || since.get().to_string()
                    on:change=move |ev| {
                        if let Some(d) = crate::domain::assessment::date::Date::parse(&event_target_value(&ev)) {
                            since.set(d);
                        }
                    }
                />
            </label>
            <super::history::ChangesTable
                limit=changes_limit
                rows=Signal::derive(move || changed.get())
                activities=true
                caption="Changes of state since the chosen day"
                empty="No changes since that day."
            />
            <h3 id="in-progress-title">"Teams part-way"</h3>
            <p class="hint">{move || {
                let pairs = data.with(|o| o.rows.len() + o.more_rows);
                format!(
                    "One row per team and activity where the team is between {} and {} ({} in all): an activity two teams are working on is two rows, one that a team has done is not listed.",
                    app.defs.with(|d| d.name(0).to_string()),
                    done_name(),
                    crate::domain::views::words::grouped(pairs)
                )
            }}</p>
            <super::table::ScrollTable label="Activities in progress" class="teams">
                <thead>
                    <tr>
                        <th scope="col">"Team"</th>
                        <th scope="col">"Activity"</th>
                        {move || intermediate().into_iter().map(|s| view! { <th scope="col">{s}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        data.with(|o| {
                            if o.rows.is_empty() {
                                return view! { <tr><td colspan=intermediate().len() + 2>"No activities in progress."</td></tr> }.into_any();
                            }
                            let more = (o.more_rows > 0).then(|| {
                                let text = format!(
                                    "… and {} more (the first {} are shown; choosing a team or a group above narrows the list).",
                                    crate::domain::views::words::grouped(o.more_rows),
                                    o.rows.len()
                                );
                                view! { <super::history::MoreRow columns=intermediate().len() + 2 limit=in_progress_limit text=text region="Activities in progress" /> }
                            });
                            let rows = o.rows
                                .iter()
                                .map(|(i, team, dates)| {
                                    let a = &MODEL.activities[*i];
                                    view! {
                                        <tr>
                                            <td>{team.clone()}</td>
                                            <th scope="row"><a href=activity_href(a.uuid)>{a.name}</a></th>
                                            {dates.iter().map(|d| view! { <td class="date">{date(*d)}</td> }).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! { {rows} {more} }.into_any()
                        })
                    }}
                </tbody>
            </super::table::ScrollTable>
        </section>
    }
}
