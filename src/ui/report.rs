//! The printable report (`#/report`): a summary per dimension, level and team, then every
//! listed activity with the chosen teams' states (as text) and the chosen fields. Its
//! configuration is kept in the settings (`domain::assessment::report`); the print
//! stylesheet (style/app.css, `@media print`) leaves out everything but the report.

use leptos::prelude::*;

use super::markdown::markdown;
use super::scope::ScopePicker;
use super::state::{use_app, AppState};
use crate::browser::{format_date, today};
use crate::domain::assessment::progress::{icon, Status};
use crate::domain::assessment::report::{
    sections, summary, ReportConfig, ReportField, Section, SummaryRow, Which,
};
use crate::domain::assessment::teams::Scope;
use crate::domain::assessment::ActivityProgress;
use crate::domain::model::{details, reference_name, MODEL};
use crate::domain::views::route::activity_href;
use crate::domain::views::url::safe_href;

fn save(app: &AppState, change: impl FnOnce(&mut ReportConfig)) {
    let mut s = app.settings.get_untracked();
    change(&mut s.report);
    app.save_settings(s);
}

fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let app = use_app();
    let config = Memo::new(move |_| app.settings.with(|s| s.report.clone()));
    let scope = RwSignal::new(Scope::from_stored(&config.get_untracked().scope));
    Effect::new(move |_| {
        let stored = Scope::from_stored(&config.with(|c| c.scope.clone()));
        if scope.get_untracked() != stored {
            scope.set(stored);
        }
    });
    let teams = Memo::new(move |_| app.teams_of(&scope.get()));
    let progress = move |i: usize| app.progress[i].get();
    let listed = Memo::new(move |_| {
        let c = config.get();
        teams.with(|t| app.defs.with(|d| sections(&MODEL, &c, t, &progress, d)))
    });
    let count = move || {
        listed.with(|l| {
            l.iter()
                .flat_map(|(_, s)| s)
                .map(|(_, a)| a.len())
                .sum::<usize>()
        })
    };

    view! {
        <section class="page page--wide report-page" aria-labelledby="report-title">
            <div class="report__controls">
                <p class="report__toolbar">
                    <button type="button" class="button button--primary" on:click=move |_| print()>
                        "Print / save as PDF"
                    </button>
                    <span role="status">
                        {move || format!("{} activities · {} teams", count(), teams.with(Vec::len))}
                    </span>
                </p>
                <Config scope=scope />
            </div>
            <Report config=config teams=teams listed=listed />
        </section>
    }
}

/// The configuration form (not printed).
#[component]
fn Config(scope: RwSignal<Scope>) -> impl IntoView {
    let app = use_app();
    let config = Memo::new(move |_| app.settings.with(|s| s.report.clone()));
    let on_pick = Callback::new(move |s: Scope| {
        scope.set(s.clone());
        save(&app, |c| c.scope = s.to_value());
    });
    let dims = MODEL
        .dimensions
        .iter()
        .map(|d| {
            let name = d.name;
            view! {
                <label class="report__check">
                    <input
                        type="checkbox"
                        prop:checked=move || config.with(|c| c.shows_dimension(name))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            save(&app, |c| c.set_dimension(name, on));
                        }
                    />
                    {name}
                </label>
            }
        })
        .collect_view();
    let fields = ReportField::ALL
        .into_iter()
        .map(|f| {
            view! {
                <label class="report__check">
                    <input
                        type="checkbox"
                        prop:checked=move || config.with(|c| c.shows(f))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            save(&app, |c| c.set_field(f, on));
                        }
                    />
                    {f.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="report__config">
            <summary>"Report settings: teams, dimensions, levels, fields, activities"</summary>
            <div class="report__config-body">
                <ScopePicker label="Teams" scope=scope on_pick=on_pick />
                <label class="filters__field">
                    <span>"Up to level"</span>
                    <select on:change=move |ev| {
                        if let Ok(l) = event_target_value(&ev).parse::<u8>() {
                            save(&app, |c| c.max_level = l.clamp(1, 5));
                        }
                    }>
                        {(1..=5u8)
                            .map(|l| view! { <option value=l.to_string() selected=move || config.with(|c| c.max_level == l)>{format!("Level {l}")}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="filters__field">
                    <span>"Activities"</span>
                    <select on:change=move |ev| {
                        if let Some(w) = Which::from_key(&event_target_value(&ev)) {
                            save(&app, |c| c.which = w);
                        }
                    }>
                        {Which::ALL
                            .into_iter()
                            .map(|w| view! { <option value=w.key() selected=move || config.with(|c| c.which == w)>{w.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <fieldset class="report__group">
                    <legend>"Dimensions"</legend>
                    {dims}
                </fieldset>
                <fieldset class="report__group">
                    <legend>"Activity fields"</legend>
                    {fields}
                </fieldset>
            </div>
        </details>
    }
}

/// The report itself (what is printed).
#[component]
fn Report(
    config: Memo<ReportConfig>,
    teams: Memo<Vec<String>>,
    listed: Memo<Vec<Section>>,
) -> impl IntoView {
    let app = use_app();
    let date = move |d| app.settings.with(|s| format_date(d, &s.date_format));
    let latest = move || {
        teams.with(|t| {
            app.progress
                .iter()
                .filter_map(|p| {
                    p.with(|p| {
                        t.iter()
                            .filter_map(|team| p.get(team))
                            .flat_map(|r| r.dates.values().copied())
                            .max()
                    })
                })
                .max()
        })
    };
    let header = move || {
        let c = config.get();
        let team_list = teams.get().join(", ");
        let levels = if c.max_level == 1 {
            "Level 1".to_string()
        } else {
            format!("Levels 1–{}", c.max_level)
        };
        view! {
            <dl class="report__facts">
                <div><dt>"Teams"</dt><dd>{if team_list.is_empty() { "None".to_string() } else { team_list }}</dd></div>
                <div><dt>"Report date"</dt><dd>{date(today())}</dd></div>
                <div><dt>"Latest change"</dt><dd>{latest().map(date).unwrap_or_else(|| "No progress recorded".into())}</dd></div>
                <div><dt>"Model"</dt><dd>{format!("OWASP DSOMM v{} (released {})", MODEL.version, MODEL.released)}</dd></div>
                <div><dt>"Scope"</dt><dd>{format!("{levels}; {}", c.which.label().to_lowercase())}</dd></div>
            </dl>
        }
    };
    let summary_table = move || {
        let c = config.get();
        let rows = teams.with(|t| {
            app.defs
                .with(|d| summary(&MODEL, &c, t, &|i| app.progress[i].get(), d))
        });
        summary_view(&c, rows, teams.with(Vec::len))
    };
    let body = move || {
        let c = config.get();
        let t = teams.get();
        listed
            .get()
            .into_iter()
            .map(|(d, subs)| {
                let c = c.clone();
                let t = t.clone();
                view! {
                    <section class="report__dimension" aria-labelledby=format!("report-dim-{d}")>
                        <h2 id=format!("report-dim-{d}")>{MODEL.dimensions[d].name}</h2>
                        {subs
                            .into_iter()
                            .map(|(s, acts)| {
                                let c = c.clone();
                                let t = t.clone();
                                view! {
                                    <h3>{MODEL.subdimensions[s].name}</h3>
                                    {acts.into_iter().map(|i| activity_view(&app, &c, &t, i)).collect_view()}
                                }
                            })
                            .collect_view()}
                    </section>
                }
            })
            .collect_view()
    };
    view! {
        <div class="report">
            <h1 id="report-title">"DSOMM assessment report"</h1>
            {header}
            <h2>"Summary"</h2>
            <p class="hint">"Activities implemented of those that apply to each team (not applicable left out), per dimension and level."</p>
            {summary_table}
            {body}
            <p class="report__empty" hidden=move || listed.with(|l| !l.is_empty())>
                "No activity matches the report settings."
            </p>
        </div>
    }
}

fn summary_view(c: &ReportConfig, rows: Vec<SummaryRow>, teams: usize) -> AnyView {
    if teams == 0 {
        return view! { <p>"No team chosen."</p> }.into_any();
    }
    let max = c.max_level;
    let cell = |(done, of): (usize, usize)| {
        if of == 0 {
            "—".to_string()
        } else {
            format!("{done} / {of}")
        }
    };
    // Each dimension's name once, over its teams' rows.
    let body = rows
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            let first = n % teams == 0;
            view! {
                <tr>
                    {first.then(|| view! { <th scope="rowgroup" rowspan=teams.to_string()>{MODEL.dimensions[r.dimension].name}</th> })}
                    <td>{r.team.clone()}</td>
                    {r.levels.iter().map(|&l| view! { <td class="num">{cell(l)}</td> }).collect_view()}
                    <td class="num"><strong>{cell(r.total)}</strong></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="report__summary">
            <caption class="visually-hidden">"Implemented activities per dimension, team and level"</caption>
            <thead>
                <tr>
                    <th scope="col">"Dimension"</th>
                    <th scope="col">"Team"</th>
                    {(1..=max).map(|l| view! { <th scope="col" class="num">{format!("Level {l}")}</th> }).collect_view()}
                    <th scope="col" class="num">"All levels"</th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

/// One team's state of an activity as text: icon, state name, and since when.
fn state_line(app: &AppState, p: &ActivityProgress, team: &str) -> String {
    app.defs.with(|d| {
        let status = p.get(team).map_or(Status::State(0), |r| r.status(d));
        let name = crate::domain::assessment::progress::status_name(d, status);
        let since = p
            .get(team)
            .and_then(|r| r.current_date(d))
            .map(|day| {
                app.settings
                    .with(|s| format!(" since {}", format_date(day, &s.date_format)))
            })
            .unwrap_or_default();
        format!("{} {name}{since}", icon(d, status))
    })
}

fn activity_view(app: &AppState, c: &ReportConfig, teams: &[String], i: usize) -> AnyView {
    let a = &MODEL.activities[i];
    let d = details(i);
    let p = app.progress[i].get();
    let states = teams
        .iter()
        .map(|t| {
            let line = state_line(app, &p, t);
            view! { <li><span class="report__team">{format!("{t}: ")}</span>{line}</li> }
        })
        .collect_view();
    let text = |f: ReportField, md: &'static str| {
        (c.shows(f) && !md.trim().is_empty()).then(|| {
            view! {
                <div class="report__field">
                    <h5>{f.label()}</h5>
                    <div class="markdown">{markdown(md)}</div>
                </div>
            }
        })
    };
    let references = c.shows(ReportField::References).then(|| {
        let lists = d.references.lists();
        let rows = lists
            .into_iter()
            .map(|(key, ids)| {
                let ids = ids
                    .iter()
                    .map(|&id| {
                        if id.starts_with("http") && safe_href(id) {
                            view! { <a class="report__url" href=id rel="noopener noreferrer" target="_blank">{id}</a> }.into_any()
                        } else {
                            id.into_any()
                        }
                    })
                    .collect::<Vec<_>>();
                let mut parts = Vec::new();
                for (n, id) in ids.into_iter().enumerate() {
                    if n > 0 {
                        parts.push(", ".into_any());
                    }
                    parts.push(id);
                }
                view! { <li><strong>{format!("{}: ", reference_name(key))}</strong>{parts}</li> }
            })
            .collect_view();
        view! { <div class="report__field"><h5>"References"</h5><ul class="report__list">{rows}</ul></div> }
    });
    let tools = (c.shows(ReportField::Tools) && !d.tools.is_empty()).then(|| {
        let items = d
            .tools
            .iter()
            .map(|t| {
                let link = (safe_href(t.url) && !t.url.starts_with('#')).then(|| {
                    view! { " — "<a class="report__url" href=t.url rel="noopener noreferrer" target="_blank">{t.url}</a> }
                });
                view! { <li><strong>{t.name}</strong>{link}</li> }
            })
            .collect_view();
        view! { <div class="report__field"><h5>"Tools"</h5><ul class="report__list">{items}</ul></div> }
    });
    let evidence = c.shows(ReportField::Evidence).then(|| {
        let entries: Vec<_> = app.evidence.with(|e| {
            e.get(a.uuid)
                .into_iter()
                .flatten()
                .filter(|x| x.teams.iter().any(|t| teams.contains(t)))
                .cloned()
                .collect()
        });
        let body = if entries.is_empty() {
            view! { <p>"No evidence recorded for these teams."</p> }.into_any()
        } else {
            entries
                .into_iter()
                .map(|e| {
                    let recorded = app.settings.with(|s| format_date(e.recorded, &s.date_format));
                    let reviewer = (!e.reviewer.is_empty()).then(|| format!(", reviewed by {}", e.reviewer));
                    let attachments = e
                        .attachments
                        .iter()
                        .filter(|x| safe_href(&x.url) && !x.url.starts_with('#'))
                        .map(|x| {
                            let (href, text) = (x.url.clone(), x.url.clone());
                            view! { <li>{format!("{}: ", x.kind.name())}<a class="report__url" href=href rel="noopener noreferrer" target="_blank">{text}</a></li> }
                        })
                        .collect_view();
                    view! {
                        <div class="report__evidence">
                            <p><strong>{e.title.clone()}</strong>{format!(" — {recorded}, {}", e.teams.join(", "))}{reviewer}</p>
                            <div class="markdown">{markdown(&e.description)}</div>
                            <ul class="report__list">{attachments}</ul>
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        };
        view! { <div class="report__field"><h5>"Evidence"</h5>{body}</div> }
    });
    view! {
        <article class="report__activity">
            <h4>
                <a href=activity_href(a.uuid)>{a.name}</a>
                <span class="report__level">{format!(" · level {}", a.level)}</span>
            </h4>
            <ul class="report__states">{states}</ul>
            {text(ReportField::Description, d.description)}
            {text(ReportField::Risk, d.risk)}
            {text(ReportField::Measure, d.measure)}
            {text(ReportField::Assessment, d.assessment)}
            {text(ReportField::ImplementationGuide, d.implementation_guide)}
            {references}
            {tools}
            {evidence}
        </article>
    }
    .into_any()
}
