//! The Teams page: add, rename, reorder and delete teams. Every operation is a core function
//! (`domain::teams`) that says what changes; the page only asks and shows.

use leptos::prelude::*;

use super::scope::ScopePicker;
use super::state::{use_app, NoticeKind};
use crate::browser::{css_string, focus_later};
use crate::domain::assessment::overview::{changes, overview};
use crate::domain::assessment::teams::{self, TeamChange, TeamError};
use crate::domain::model::MODEL;
use crate::domain::views::route::activity_href;

#[component]
pub fn TeamsPage() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let new_name = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<String>);
    // Part of a team name: the list and the group members show the teams matching it.
    let find = RwSignal::new(String::new());
    // The teams listed (those matching `find`, at most TEAMS_SHOWN) and how many more match.
    let listed = Memo::new(move |_| {
        let f = find.get();
        app.teams.with(|t| found(t, &f))
    });
    // The number of activities with progress of each team listed (see `progress_counts`).
    let counts = Memo::new(move |_| {
        let unknown = app.unknown.read();
        listed.with(|(shown, _)| {
            let names: Vec<&str> = shown.iter().map(String::as_str).collect();
            app.with_progress(|known| {
                teams::progress_counts(known.iter().copied().chain(unknown.values()), &names)
                    .into_iter()
                    .map(|(t, n)| (t.to_string(), n))
                    .collect::<std::collections::BTreeMap<String, usize>>()
            })
        })
    });
    let count_of = move |team: &str| counts.with(|c| c.get(team).copied().unwrap_or(0));

    let run = move |change: Result<TeamChange, TeamError>| -> bool {
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
    };
    let add = move || {
        let name = new_name.get_untracked();
        if run(teams::add(&app.snapshot(), &name)) {
            app.notify(NoticeKind::Info, format!("Team “{}” added.", name.trim()));
            new_name.set(String::new());
        }
    };

    view! {
        <section class="page page--wide teams-page" aria-labelledby="teams-title">
            <h1 id="teams-title">"Teams"</h1>
            <p>
                "Renaming a team carries its progress with it; deleting a team removes only its own progress. Team names are matched exactly, never by position."
            </p>
            <TeamsOverview />
            <h2>"Teams"</h2>
            <div role="alert" class="alert alert--error" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </div>
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
                {move || {
                    let (shown, more) = listed.get();
                    let rows = shown.into_iter().map(move |team| {
                        let name = StoredValue::new(team.clone());
                        let draft = RwSignal::new(team.clone());
                        let count = move || count_of(&name.get_value());
                        let is_editing = move || editing.get().as_deref() == Some(name.get_value().as_str());
                        let save = move || {
                            let old = name.get_value();
                            let new = draft.get_untracked();
                            let new = new.trim();
                            if run(teams::rename(&app.snapshot(), &old, new)) {
                                editing.set(None);
                                focus_later(format!("[aria-label={}]", css_string(&format!("Rename {new}"))));
                                if old != new {
                                    app.notify(NoticeKind::Info, format!("Team “{old}” renamed to “{new}”."));
                                }
                            }
                        };
                        let delete = move || {
                            let n = name.get_value();
                            let a = app.snapshot();
                            let (entries, only) = teams::evidence_of(&a, &n);
                            use crate::domain::views::words::count;
                            let entries_text = count(entries, "evidence entry", "evidence entries");
                            let evidence = match (entries, only) {
                                (0, _) => String::new(),
                                (_, 0) => format!(" It is removed from {entries_text} shared with other teams."),
                                (_, o) => format!(" It is removed from {entries_text}; {o} of them name only this team and are deleted."),
                            };
                            let question = format!(
                                "Delete team “{n}”? Its progress on {} will be removed.{evidence} Other teams are not touched.",
                                count(counts.with_untracked(|c| c.get(&n).copied().unwrap_or(0)), "activity", "activities")
                            );
                            let sure = crate::browser::confirm(&question);
                            if sure && run(teams::delete(&a, &n)) {
                                app.notify(NoticeKind::Info, format!("Team “{n}” deleted."));
                                focus_later("#teams-title".into());
                            }
                        };
                        let label = team.clone();
                        view! {
                            <li class="teamlist__item">
                                {move || {
                                    if is_editing() {
                                        view! {
                                            <form class="teamlist__edit" on:submit=move |ev| {
                                                ev.prevent_default();
                                                save();
                                            }>
                                                <input
                                                    type="text"
                                                    aria-label=format!("New name for {}", name.get_value())
                                                    prop:value=move || draft.get()
                                                    on:input=move |ev| draft.set(event_target_value(&ev))
                                                    on:keydown=move |ev| {
                                                        if ev.key() == "Escape" {
                                                            editing.set(None);
                                                            focus_later(format!("[aria-label={}]", css_string(&format!("Rename {}", name.get_value()))));
                                                        }
                                                    }
                                                />
                                                <button type="submit" class="button button--primary">"Save"</button>
                                                <button type="button" class="button" on:click=move |_| {
                                                    editing.set(None);
                                                    focus_later(format!("[aria-label={}]", css_string(&format!("Rename {}", name.get_value()))));
                                                }>"Cancel"</button>
                                            </form>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <span class="teamlist__name">{name.get_value()}</span>
                                            <span class="teamlist__count">
                                                {move || format!("progress on {}", crate::domain::views::words::count(count(), "activity", "activities"))}
                                            </span>
                                        }
                                            .into_any()
                                    }
                                }}
                                <span class="teamlist__actions">
                                    <button type="button" class="button" aria-label=format!("Rename {label}") on:click=move |_| {
                                        draft.set(name.get_value());
                                        editing.set(Some(name.get_value()));
                                        focus_later(format!("[aria-label={}]", css_string(&format!("New name for {}", name.get_value()))));
                                    }>"Rename"</button>
                                    <button type="button" class="button" aria-label=format!("Move {label} up")
                                        disabled=move || app.teams.with(|t| t.first().map(String::as_str) == Some(name.get_value().as_str()))
                                        on:click=move |_| {
                                        if run(teams::reorder(&app.snapshot(), &name.get_value(), -1)) {
                                            // The list is rebuilt: keep focus on the same control of the moved team.
                                            focus_later(format!("[aria-label={}]", css_string(&format!("Move {} up", name.get_value()))));
                                        }
                                    }>"↑"</button>
                                    <button type="button" class="button" aria-label=format!("Move {label} down")
                                        disabled=move || app.teams.with(|t| t.last().map(String::as_str) == Some(name.get_value().as_str()))
                                        on:click=move |_| {
                                        if run(teams::reorder(&app.snapshot(), &name.get_value(), 1)) {
                                            // The list is rebuilt: keep focus on the same control of the moved team.
                                            focus_later(format!("[aria-label={}]", css_string(&format!("Move {} down", name.get_value()))));
                                        }
                                    }>"↓"</button>
                                    <button type="button" class="button button--danger" aria-label=format!("Delete {label}") on:click=move |_| delete()>
                                        "Delete"
                                    </button>
                                </span>
                            </li>
                        }
                    }).collect_view();
                    view! {
                        {rows}
                        {(more > 0).then(|| view! {
                            <li class="teamlist__item">{format!("… and {more} more teams: type part of a name under “Find a team” to see them.")}</li>
                        })}
                    }
                }}
            </ul>
            <Groups run=run find=find />
        </section>
    }
}

/// Team groups: add, rename, delete, and tick the member teams.
#[component]
fn Groups(
    run: impl Fn(Result<TeamChange, TeamError>) -> bool + Copy + Send + Sync + 'static,
    find: RwSignal<String>,
) -> impl IntoView {
    let app = use_app();
    let new_group = RwSignal::new(String::new());
    view! {
        <h2 id="groups-title">"Groups"</h2>
        <p>"A group can be chosen wherever teams are shown to mean its members."</p>
        <form class="teamform" on:submit=move |ev| {
            ev.prevent_default();
            let name = new_group.get_untracked();
            if run(teams::add_group(&app.snapshot(), &name)) {
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
            {move || app.groups.get().into_iter().map(move |g| {
                    let name = StoredValue::new(g.name.clone());
                    let label = g.name.clone();
                    view! {
                        <li class="grouplist__item">
                            <fieldset>
                                <legend>{g.name.clone()}</legend>
                                {move || {
                                    let f = find.get();
                                    let (shown, more) = app.teams.with(|t| found(t, &f));
                                    let boxes = shown.into_iter().map(move |t| {
                                        let team = StoredValue::new(t.clone());
                                        let member = move || app.groups.with(|gs| gs.iter().any(|g| g.name == name.get_value() && g.members.contains(&team.get_value())));
                                        view! {
                                            <label class="grouplist__member">
                                                <input type="checkbox" data-member=format!("{}\u{1f}{}", name.get_value(), team.get_value()) prop:checked=member on:change=move |ev| {
                                                    let focus = format!("[data-member={}]", css_string(&format!("{}\u{1f}{}", name.get_value(), team.get_value())));
                                                    let (g, t) = (name.get_value(), team.get_value());
                                                    let joins = !member();
                                                    if run(teams::toggle_member(&app.snapshot(), &g, &t)) {
                                                        app.notify(NoticeKind::Info, if joins {
                                                            format!("Team “{t}” added to group “{g}”.")
                                                        } else {
                                                            format!("Team “{t}” removed from group “{g}”.")
                                                        });
                                                        focus_later(focus);
                                                    } else {
                                                        // Not saved: show the stored membership again.
                                                        if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                                                            input.set_checked(member());
                                                        }
                                                    }
                                                } />
                                                {t}
                                            </label>
                                        }
                                    }).collect_view();
                                    view! {
                                        {boxes}
                                        {(more > 0).then(|| view! {
                                            <span class="hint">{format!("… and {more} more teams: find them under “Find a team” above.")}</span>
                                        })}
                                    }
                                }}
                                <span class="teamlist__actions">
                                    <button type="button" class="button" aria-label=format!("Rename group {label}") on:click=move |_| {
                                        let old = name.get_value();
                                        let new = web_sys::window().and_then(|w| w.prompt_with_message_and_default("New name of the group", &old).ok().flatten());
                                        if let Some(new) = new {
                                            let new = new.trim();
                                            if run(teams::rename_group(&app.snapshot(), &old, new)) && old != new {
                                                app.notify(NoticeKind::Info, format!("Group “{old}” renamed to “{new}”."));
                                            }
                                        }
                                    }>"Rename"</button>
                                    <button type="button" class="button button--danger" aria-label=format!("Delete group {label}") on:click=move |_| {
                                        let n = name.get_value();
                                        let sure = crate::browser::confirm(&format!("Delete group “{n}”? Its teams and their progress stay."));
                                        if sure && run(teams::delete_group(&app.snapshot(), &n)) {
                                            app.notify(NoticeKind::Info, format!("Group “{n}” deleted."));
                                        }
                                    }>"Delete"</button>
                                </span>
                            </fieldset>
                        </li>
                    }
                }).collect_view()}
        </ul>
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
    let teams = Memo::new(move |_| app.scope_teams());
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
            <ScopePicker label="Teams shown" />
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
                    crate::domain::storage::grouped(pairs)
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
                                    crate::domain::storage::grouped(o.more_rows),
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
