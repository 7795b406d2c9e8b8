//! One activity: every field of the model, and each team's state.

use leptos::prelude::*;

use super::markdown::markdown;
use super::scope::use_scope;
use super::state::use_app;
use super::status::{GroupStatus, StatusControl};
use super::teams::{found, FindTeam};
use crate::domain::model::{
    details, rating_dots, rating_text, reference_name, KNOWLEDGE_LABELS, LABELS, MODEL,
};
use crate::domain::views::url::{encode, safe_href};

/// Finds the activity by uuid, or by name for old links.
fn find(key: &str) -> Option<usize> {
    MODEL
        .activity_index(key)
        .or_else(|| MODEL.activity_by_name(key))
}

#[component]
pub fn ActivityPage(key: String) -> impl IntoView {
    let Some(index) = find(&key) else {
        return view! {
            <section class="page">
                <h1>"Activity not found"</h1>
                <p>{format!("No activity of model v{} has the id or name “{key}”.", MODEL.version)}</p>
                <p><a href="#/">"Back to the matrix"</a></p>
            </section>
        }
        .into_any();
    };
    let a = &MODEL.activities[index];
    let sub = MODEL.subdimension_of(a).name;
    let dim = MODEL.dimension_of(a).name;
    view! {
        <article class="page activity" aria-labelledby="activity-title">
            <p class="activity__crumbs">
                <a href="#/">"Matrix"</a>" › "
                <a href=format!("#/?dim={}", crate::domain::views::url::encode(dim))>{dim}</a>" › "
                <a href=format!("#/?sub={}", crate::domain::views::url::encode(sub))>{sub}</a>
            </p>
            <h1 id="activity-title">{a.name}</h1>
            {a.origin.meaning().map(|m| view! {
                <p class="activity__origin"><span class="origin">{a.origin.label()}</span>" "{m}"."</p>
            })}
            <p class="activity__meta">
                {format!("Level {}", a.level)}
                " · id: "<code>{a.uuid}</code>
            </p>
            <super::plan::ActivityTarget index=index />
            <TeamStates index=index />
            <super::evidence::EvidencePanel index=index />
            <Details index=index />
        </article>
    }
    .into_any()
}

#[component]
fn TeamStates(index: usize) -> impl IntoView {
    let app = use_app();
    // A group or "all teams" narrows the table; one chosen team does not: this page is where
    // every team's state of one activity is seen side by side.
    let scope = use_scope();
    let several = move || scope.chosen.with(|s| s.team().is_none());
    let teams = Memo::new(move |_| match several() {
        true => scope.teams.get(),
        false => app.teams.get(),
    });
    // The first teams of the table that match "Find a team", and how many more match.
    let find = RwSignal::new(String::new());
    let listed = Memo::new(move |_| {
        let f = find.get();
        teams.with(|t| found(t, &f))
    });
    let changes_limit = RwSignal::new(super::history::SHOWN);
    view! {
        <section class="activity__section">
            <h2>"Team progress"</h2>
            <p class="hint">
                {move || {
                    let shown = teams.with(Vec::len);
                    let all = app.teams.with(Vec::len);
                    if shown == all {
                        format!("All {all} teams.")
                    } else {
                        format!("{shown} of {all} teams: {} (chosen in the top bar).", scope.chosen.with(|s| s.label()))
                    }
                }}
            </p>
            <Show when=several>
                <p class="activity__setall">
                    {move || { app.defs.with(|_| ()); view! { <GroupStatus index=index teams=teams /> } }}
                </p>
            </Show>
            <FindTeam find=find teams=Signal::derive(move || teams.with(Vec::len)) />
            <super::table::ScrollTable label="Team progress" class="teams">
                <thead>
                    <tr>
                        <th scope="col">"Team"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Dates reached"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || { app.defs.with(|_| ()); listed.get().0 }.into_iter().map(move |team| {
                            let t = team.clone();
                            let history = move || {
                                app.progress[index].with(|p| {
                                    let Some(r) = p.get(&t) else { return "—".to_string() };
                                    let mut parts: Vec<(usize, String)> = r
                                        .dates()
                                        .iter()
                                        .map(|(s, d)| {
                                            let shown = app.settings.with(|x| crate::browser::format_date(*d, &x.date_format));
                                            (app.defs.with(|x| x.order(s)), format!("{s}: {shown}"))
                                        })
                                        .collect();
                                    parts.sort();
                                    parts.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(" · ")
                                })
                            };
                            let name = team.clone();
                            let team_for_dates = team.clone();
                            view! {
                                <tr>
                                    <th scope="row">{team}</th>
                                    <td><StatusControl index=index team=name /></td>
                                    <td>
                                        {history}
                                        <DateEditor index=index team=team_for_dates.clone() />
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    {move || listed.with(|(_, more)| (*more > 0).then(|| view! {
                        <tr><td colspan="3">{format!("… and {more} more teams: type part of a name under “Find a team” to see them, or choose a group in the top bar.")}</td></tr>
                    }))}
                </tbody>
            </super::table::ScrollTable>
            <h3 id="changes-title">"Changes"</h3>
            <p class="hint">"Every state reached or left, newest first: the date it applies from and the day it was recorded here (“not known” for progress from a file or an earlier version without history). Correcting a date changes its entry."</p>
            <super::history::ChangesTable
                limit=changes_limit
                rows=Signal::derive(move || {
                    app.progress[index].with(|p| {
                        teams.with(|shown| {
                            app.defs.with(|d| {
                                crate::domain::assessment::overview::changes(
                                    [(index, p)],
                                    shown,
                                    d,
                                    None,
                                    changes_limit.get(),
                                )
                            })
                        })
                    })
                })
                activities=false
                caption="Changes of state on this activity"
                empty="No changes recorded for these teams."
            />
        </section>
    }
}

/// Date inputs for the states a team has reached, to back-fill an assessment.
#[component]
fn DateEditor(index: usize, team: String) -> impl IntoView {
    let app = use_app();
    let team = StoredValue::new(team);
    let error = RwSignal::new(None::<String>);
    let reached = move || {
        let mut states: Vec<(usize, String, crate::domain::assessment::date::Date)> =
            app.progress[index].with(|p| {
                p.get(&team.get_value())
                    .map(|r| {
                        r.dates()
                            .iter()
                            .map(|(s, d)| (app.defs.with(|x| x.order(s)), s.clone(), *d))
                            .collect()
                    })
                    .unwrap_or_default()
            });
        states.sort();
        states
    };
    view! {
        <details class="dates" hidden=move || reached().is_empty()>
            <summary>{move || format!("Edit dates of {}", team.get_value())}</summary>
            {move || {
                reached()
                    .into_iter()
                    .map(|(_, state, date)| {
                        let label = state.clone();
                        view! {
                            <label class="dates__field">
                                <span>{label}</span>
                                <input
                                    type="date"
                                    prop:value=date.to_string()
                                    // Saved when the field is left (or Enter), not on every `change`,
                                    // which fires while a year is still being typed.
                                    on:keydown=move |ev| {
                                        if ev.key() == "Enter" {
                                            if let Some(t) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok()) {
                                                let _ = t.blur();
                                            }
                                        }
                                    }
                                    on:blur=move |ev| {
                                        let v = event_target_value(&ev);
                                        if v == date.to_string() {
                                            return;
                                        }
                                        let result = crate::domain::assessment::date::Date::parse(&v)
                                            .ok_or_else(|| format!("“{v}” is not a date"))
                                            .and_then(|d| app.set_date(index, &team.get_value(), &state, d));
                                        match result {
                                            Ok(()) => error.set(None),
                                            Err(e) => {
                                                error.set(Some(format!("{e}. Nothing was changed.")));
                                                // Show the stored date again.
                                                if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                                                    input.set_value(&date.to_string());
                                                }
                                            }
                                        }
                                    }
                                />
                            </label>
                        }
                    })
                    .collect_view()
            }}
            <super::alert::ErrorAlert error=error />
        </details>
    }
}

fn section(title: String, body: impl IntoView + 'static) -> AnyView {
    view! { <section class="activity__section"><h2>{title}</h2>{body}</section> }.into_any()
}

/// A markdown field as a section, or nothing when the model leaves it empty.
fn text_section(title: &str, md: &'static str) -> Option<AnyView> {
    (!md.trim().is_empty()).then(|| section(title.to_string(), markdown(md)))
}

fn external(url: &'static str, text: &'static str) -> AnyView {
    view! { <a href=url rel="noopener noreferrer" target="_blank">{text}</a> }.into_any()
}

/// Links to other activities (prerequisites, dependents) with their level and sub-dimension.
fn activity_links(title: &str, items: &'static [u16], empty: &'static str) -> AnyView {
    if items.is_empty() {
        return section(title.to_string(), view! { <p>{empty}</p> });
    }
    let list = items
        .iter()
        .map(|&i| {
            let b = &MODEL.activities[i as usize];
            let sub = MODEL.subdimension_of(b).name;
            view! {
                <li>
                    <a href=crate::domain::views::route::activity_href(b.uuid)>{b.name}</a>
                    {format!(" (level {}, {sub})", b.level)}
                </li>
            }
        })
        .collect_view();
    section(title.to_string(), view! { <ul>{list}</ul> })
}

/// Every field of the model beyond name and level, from its typed data
/// (`domain::model::Details`): the description at once, what comes below it (off the first
/// screen, with the dependency graph) once the page is painted and the browser idle.
#[component]
fn Details(index: usize) -> impl IntoView {
    view! {
        {text_section("Description", details(index).description)}
        <super::later::Later><BelowDescription index=index /></super::later::Later>
    }
}

/// The fields after the description.
#[component]
fn BelowDescription(index: usize) -> impl IntoView {
    let a = &MODEL.activities[index];
    let d = details(index);
    let ratings = [
        ("Knowledge", d.difficulty.knowledge, &KNOWLEDGE_LABELS),
        ("Time", d.difficulty.time, &LABELS),
        ("Resources", d.difficulty.resources, &LABELS),
        ("Usefulness", d.usefulness, &LABELS),
    ]
    .into_iter()
    .map(|(name, v, labels)| {
        view! {
            <div class="ratings__row">
                <dt>{name}</dt>
                <dd><span class="ratings__dots" aria-hidden="true">{rating_dots(v)}</span>" "{rating_text(labels, v)}</dd>
            </div>
        }
    })
    .collect_view();
    let tools = (!d.tools.is_empty()).then(|| {
        let list = d
            .tools
            .iter()
            .map(|t| {
                let name = if safe_href(t.url) && !t.url.starts_with('#') {
                    external(t.url, t.name)
                } else {
                    view! { <strong>{t.name}</strong> }.into_any()
                };
                let description =
                    (!t.description.trim().is_empty()).then(|| markdown(t.description));
                let tags = (!t.tags.is_empty()).then(|| {
                    let tags = t
                        .tags
                        .iter()
                        .map(|&g| view! { <span class="tag">{g}</span> })
                        .collect_view();
                    view! { <span class="act__tags">{tags}</span> }
                });
                view! { <li>{name}{description}{tags}</li> }
            })
            .collect_view();
        section(
            format!("Tools ({})", d.tools.len()),
            view! { <ul class="tools">{list}</ul> },
        )
    });
    let lists = d.references.lists();
    let references = if lists.is_empty() {
        section("References".into(), view! { <p>"No references."</p> })
    } else {
        let rows = lists
            .into_iter()
            .map(|(key, ids)| {
                let items = ids
                    .iter()
                    .map(|&id| {
                        let shown = if crate::domain::views::url::is_web_link(id) {
                            external(id, if key == "openCRE" { "View on OpenCRE" } else { id })
                        } else {
                            id.into_any()
                        };
                        view! { <li>{shown}</li> }
                    })
                    .collect_view();
                view! {
                    <div class="refs__row"><dt>{reference_name(key).to_string()}</dt><dd><ul>{items}</ul></dd></div>
                }
            })
            .collect_view();
        section("References".into(), view! { <dl class="refs">{rows}</dl> })
    };
    let tags = if a.tags.is_empty() {
        section("Tags".into(), view! { <p>"No tags."</p> })
    } else {
        let list = a
            .tags
            .iter()
            .map(
                |&t| view! { <li><a class="tag" href=format!("#/?tag={}", encode(t))>{t}</a></li> },
            )
            .collect_view();
        section("Tags".into(), view! { <ul class="taglist">{list}</ul> })
    };
    view! {
        {text_section("Risk", d.risk)}
        {text_section("Measure", d.measure)}
        {text_section("Assessment", d.assessment)}
        {text_section("Implementation guide", d.implementation_guide)}
        {section("Difficulty of implementation and usefulness".into(), view! { <dl class="ratings">{ratings}</dl> })}
        {tools}
        {references}
        {activity_links("Depends on", a.depends_on, "No prerequisites.")}
        {activity_links("Required by", a.required_by, "No activity depends on this one.")}
        <super::graph::ActivityGraph index=index />
        {text_section("Comments", d.comments)}
        {text_section("Credits", d.credits)}
        {tags}
    }
}
