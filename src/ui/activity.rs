//! One activity: every field of the model, and each team's state.

use leptos::prelude::*;

use super::state::{defs, use_app};
use super::status::StatusControl;
use crate::domain::model::MODEL;
use crate::domain::model::{label, Activity, KNOWLEDGE_LABELS, LABELS, REFERENCE_NAMES};
use crate::domain::route::activity_href;

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
                <a href=format!("#/?dim={}", crate::domain::filters::encode(dim))>{dim}</a>" › "
                <a href=format!("#/?sub={}", crate::domain::filters::encode(sub))>{sub}</a>
            </p>
            <h1 id="activity-title">{a.name}</h1>
            <p class="activity__meta">
                {format!("Level {}", a.level)}
                " · id: "<code>{a.uuid}</code>
            </p>
            <TeamStates index=index />
            <Markdown title="Description" html=a.description />
            <Markdown title="Risk" html=a.risk />
            <Markdown title="Measure" html=a.measure />
            <Markdown title="Assessment" html=a.assessment />
            <Markdown title="Implementation guide" html=a.implementation_guide />
            <Ratings a=a />
            <Tools a=a />
            <References a=a />
            <Links title="Depends on" ids=a.depends_on empty="No prerequisites." />
            <Links title="Required by" ids=a.required_by empty="No activity depends on this one." />
            <Markdown title="Comments" html=a.comments />
            <Markdown title="Credits" html=a.credits />
            <section class="activity__section">
                <h2>"Tags"</h2>
                {if a.tags.is_empty() {
                    view! { <p>"No tags."</p> }.into_any()
                } else {
                    view! {
                        <ul class="taglist">
                            {a.tags.iter().map(|t| view! {
                                <li><a class="tag" href=format!("#/?tag={}", crate::domain::filters::encode(t))>{*t}</a></li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
        </article>
    }
    .into_any()
}

/// A markdown field (sanitised at build time); absent fields are not shown.
#[component]
fn Markdown(title: &'static str, html: &'static str) -> impl IntoView {
    (!html.is_empty()).then(|| {
        view! {
            <section class="activity__section">
                <h2>{title}</h2>
                <div class="markdown" inner_html=html></div>
            </section>
        }
    })
}

#[component]
fn TeamStates(index: usize) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="activity__section">
            <h2>"Team progress"</h2>
            <table class="teams">
                <thead>
                    <tr>
                        <th scope="col">"Team"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Dates reached"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || app.teams.get()
                        key=|t| t.clone()
                        children=move |team| {
                            let t = team.clone();
                            let history = move || {
                                app.progress[index].with(|p| {
                                    let Some(r) = p.get(&t) else { return "—".to_string() };
                                    let mut parts: Vec<(usize, String)> = r
                                        .dates
                                        .iter()
                                        .map(|(s, d)| (defs().index_of(s).unwrap_or(usize::MAX), format!("{s}: {d}")))
                                        .collect();
                                    parts.sort();
                                    parts.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(" · ")
                                })
                            };
                            let name = team.clone();
                            view! {
                                <tr>
                                    <th scope="row">{team}</th>
                                    <td><StatusControl index=index team=Signal::derive(move || name.clone()) /></td>
                                    <td>{history}</td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Ratings(a: &'static Activity) -> impl IntoView {
    let rows = [
        (
            "Knowledge",
            a.knowledge,
            label(&KNOWLEDGE_LABELS, a.knowledge),
        ),
        ("Time", a.time, label(&LABELS, a.time)),
        ("Resources", a.resources, label(&LABELS, a.resources)),
        ("Usefulness", a.usefulness, label(&LABELS, a.usefulness)),
    ];
    view! {
        <section class="activity__section">
            <h2>"Difficulty of implementation and usefulness"</h2>
            <dl class="ratings">
                {rows
                    .into_iter()
                    .map(|(name, v, text)| {
                        view! {
                            <div class="ratings__row">
                                <dt>{name}</dt>
                                <dd>
                                    <span class="ratings__dots" aria-hidden="true">
                                        {(1..=5u8).map(|i| if i <= v { "●" } else { "○" }).collect::<String>()}
                                    </span>
                                    {if v == 0 { "not rated".to_string() } else { format!(" {v} of 5 — {text}") }}
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn Tools(a: &'static Activity) -> impl IntoView {
    (!a.tools.is_empty()).then(|| {
        view! {
            <section class="activity__section">
                <h2>{format!("Tools ({})", a.tools.len())}</h2>
                <ul class="tools">
                    {a.tools
                        .iter()
                        .map(|t| {
                            view! {
                                <li>
                                    {if t.url.is_empty() {
                                        view! { <strong>{t.name}</strong> }.into_any()
                                    } else {
                                        view! {
                                            <a href=t.url rel="noopener noreferrer" target="_blank">{t.name}</a>
                                        }
                                        .into_any()
                                    }}
                                    {(!t.description.is_empty()).then(|| view! { <div class="markdown" inner_html=t.description></div> })}
                                    {(!t.tags.is_empty()).then(|| view! {
                                        <span class="act__tags">{t.tags.iter().map(|x| view! { <span class="tag">{*x}</span> }).collect_view()}</span>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn References(a: &'static Activity) -> impl IntoView {
    let name_of = |key: &str| -> String {
        REFERENCE_NAMES
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, n)| n.to_string())
            .unwrap_or_else(|| key.to_string())
    };
    view! {
        <section class="activity__section">
            <h2>"References"</h2>
            {if a.references.iter().all(|(_, v)| v.is_empty()) {
                view! { <p>"No references."</p> }.into_any()
            } else {
                view! {
                    <dl class="refs">
                        {a.references
                            .iter()
                            .filter(|(_, v)| !v.is_empty())
                            .map(|(key, values)| {
                                view! {
                                    <div class="refs__row">
                                        <dt>{name_of(key)}</dt>
                                        <dd>
                                            <ul>
                                                {values
                                                    .iter()
                                                    .map(|v| {
                                                        if crate::domain::markdown::safe_url(v) && v.starts_with("http") {
                                                            view! { <li><a href=*v rel="noopener noreferrer" target="_blank">{
                                                                if *key == "openCRE" { "View on OpenCRE".to_string() } else { v.to_string() }
                                                            }</a></li> }.into_any()
                                                        } else {
                                                            view! { <li>{*v}</li> }.into_any()
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </dd>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </dl>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Links(title: &'static str, ids: &'static [u16], empty: &'static str) -> impl IntoView {
    view! {
        <section class="activity__section">
            <h2>{title}</h2>
            {if ids.is_empty() {
                view! { <p>{empty}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {ids
                            .iter()
                            .map(|&i| {
                                let d = &MODEL.activities[i as usize];
                                view! {
                                    <li>
                                        <a href=activity_href(d.uuid)>{d.name}</a>
                                        {format!(" (level {}, {})", d.level, MODEL.subdimension_of(d).name)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
