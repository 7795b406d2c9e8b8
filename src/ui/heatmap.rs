//! The circular heatmap: one sector per sub-dimension, one ring per level, coloured by the
//! mean score of the teams shown. Every cell is a keyboard-operable button with a full
//! accessible name; the selected cell's activities can be changed right below.

use leptos::prelude::*;

use super::scope::{use_scope, ScopePicker};
use super::state::{use_app, AppState};
use super::status::{set_all_after_asking, status_name, StatusControl};
use crate::domain::assessment::progress::status_options;
use crate::domain::assessment::progress::Status;
use crate::domain::assessment::scores::{percent, pinch, sector_score, SectorScore};
use crate::domain::model::{LEVEL_TITLES, MODEL};
use crate::domain::views::heatmap::{num, Geometry};
use crate::domain::views::route::activity_href;

/// Wide enough for the longest sub-dimension label left and right of the rings.
const WIDTH: f64 = 1400.0;
const HEIGHT: f64 = 1080.0;
/// The drawing for `rings` levels (the Settings' highest level shown).
fn geometry(rings: u8) -> Geometry {
    Geometry {
        cx: WIDTH / 2.0,
        cy: HEIGHT / 2.0,
        inner: 70.0,
        outer: 470.0,
        rings: rings.clamp(1, 5) as usize,
        sectors: MODEL.subdimensions.len(),
    }
}

fn cell_score(app: &AppState, acts: &[usize], teams: &[String]) -> SectorScore {
    // Read in place: a cell's activities hold a record per team (1000 teams: copying them
    // took a sixth of the page's first frame).
    let progress: Vec<_> = acts.iter().map(|&i| app.progress[i].read()).collect();
    app.defs
        .with(|d| sector_score(progress.iter().map(|g| &**g), teams, d))
}

fn describe(sub: usize, level: u8, s: &SectorScore, no_teams: bool) -> String {
    let name = MODEL.subdimensions[sub].name;
    match s.score {
        None if s.activities > 0 && no_teams => format!("{name}, level {level}: no teams chosen"),
        None if s.activities > 0 => format!("{name}, level {level}: not applicable"),
        None => format!("{name}, level {level}: no activities"),
        Some(score) => format!(
            "{name}, level {level}: {} of {} activities done, {} %",
            s.completed,
            s.applicable,
            percent(score)
        ),
    }
}

fn cell_id(sub: usize, level: u8) -> String {
    format!("heat-{sub}-{level}")
}

fn focus_cell(sub: usize, level: u8) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&cell_id(sub, level)))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::SvgElement>() {
            let _ = el.focus();
        }
    }
}

#[component]
pub fn HeatmapPage() -> impl IntoView {
    let app = use_app();
    // The top bar's choice, as on every page.
    let scope = use_scope();
    let teams = scope.teams;
    let selected = RwSignal::new(None::<(usize, u8)>);
    // The one cell in the tab order (roving tabindex).
    let active = RwSignal::new((0usize, 1u8));
    let hovered = RwSignal::new(None::<(usize, u8)>);
    let n = MODEL.subdimensions.len();
    let max = Memo::new(move |_| app.settings.with(|s| s.max_level));
    // The tab stop, kept within the levels shown.
    let tab_stop = move || {
        let (s, l) = active.get();
        (s, l.min(max.get()))
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent, sub: usize, level: u8| {
        let (s, l) = match ev.key().as_str() {
            "ArrowRight" => ((sub + 1) % n, level),
            "ArrowLeft" => ((sub + n - 1) % n, level),
            "ArrowUp" => (sub, (level + 1).min(max.get_untracked())),
            "ArrowDown" => (sub, (level - 1).max(1)),
            "Home" => (0, level),
            "End" => (n - 1, level),
            "Enter" | " " => {
                ev.prevent_default();
                selected.set(Some((sub, level)));
                return;
            }
            "Escape" => {
                selected.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        active.set((s, l));
        focus_cell(s, l);
    };

    let cells = move || {
        let max = max.get();
        let g = geometry(max);
        (0..n)
            .flat_map(move |sub| (1..=max).map(move |level| (sub, level)))
            .map(move |(sub, level)| {
                let acts = MODEL.cell(sub, level);
                let empty = acts.is_empty();
                let score = Memo::new(move |_| teams.with(|t| cell_score(&app, &acts, t)));
                let label = move || describe(sub, level, &score.get(), teams.with(Vec::is_empty));
                let fill = move || {
                    let p = score.get().score.map(pinch).unwrap_or(0.0);
                    format!("{}%", (p * 100.0).round() as u32)
                };
                view! {
                    <path
                        id=cell_id(sub, level)
                        class="heat__cell"
                        class:heat__cell--empty=empty
                        class:heat__cell--selected=move || selected.get() == Some((sub, level))
                        d=g.path(sub, level as usize - 1)
                        // A CSSOM property, not a style attribute (which the CSP refuses).
                        style=("--p", fill)
                        role="button"
                        tabindex=move || if tab_stop() == (sub, level) { "0" } else { "-1" }
                        aria-label=label
                        aria-disabled=empty.then_some("true")
                        aria-pressed=move || (selected.get() == Some((sub, level))).to_string()
                        on:click=move |_| {
                            active.set((sub, level));
                            selected.set(Some((sub, level)));
                        }
                        on:keydown=move |ev| on_key(ev, sub, level)
                        on:focus=move |_| hovered.set(Some((sub, level)))
                        on:mouseenter=move |_| hovered.set(Some((sub, level)))
                        on:mouseleave=move |_| hovered.set(None)
                    >
                        <title>{label}</title>
                    </path>
                }
            })
            .collect_view()
    };

    let labels = (0..n)
        .map(|sub| {
            let l = geometry(5).label(sub, MODEL.subdimensions[sub].name, 18.0);
            let lines = l.lines.len() as f64;
            let x = l.x;
            view! {
                <text x=num(l.x) y=num(l.y - (lines - 1.0) * 13.0) text-anchor=l.anchor class="heat__label" dominant-baseline="middle">
                    {l.lines.into_iter().enumerate().map(|(i, line)| view! {
                        <tspan x=num(x) dy=if i == 0 { "0" } else { "26" }>{line}</tspan>
                    }).collect_view()}
                </text>
            }
        })
        .collect_view();

    let level_labels = move || {
        let g = geometry(max.get());
        (1..=g.rings)
            .map(|level| {
                let (r0, r1) = g.ring(level - 1);
                view! {
                    <text x=num(g.cx + 6.0) y=num(g.cy - (r0 + r1) / 2.0) class="heat__level" dominant-baseline="middle" aria-hidden="true">
                        {format!("L{level}")}
                    </text>
                }
            })
            .collect_view()
    };

    let centre = move || {
        hovered
            .get()
            .or(selected.get())
            .map(|(sub, level)| {
                let s = cell_score(&app, &MODEL.cell(sub, level), &teams.get());
                (
                    MODEL.subdimensions[sub].name.to_string(),
                    format!(
                        "Level {level} · {}",
                        s.score
                            .map(|x| format!("{} %", percent(x)))
                            .unwrap_or_else(|| if s.activities > 0 && teams.with(Vec::is_empty) {
                                "no teams chosen"
                            } else if s.activities > 0 {
                                "not applicable"
                            } else {
                                "no activities"
                            }
                            .into())
                    ),
                )
            })
            .unwrap_or_else(|| ("Select a cell".into(), "to see its activities".into()))
    };

    view! {
        <section class="heatmap-page" aria-labelledby="heatmap-title">
            <h1 id="heatmap-title">"Circular heatmap"</h1>
            <div class="heatmap__controls">
                <ScopePicker label="Teams shown" value=scope.chosen on_change=scope.choose teams=app.teams groups=app.groups />
                <p class="hint">
                    "Each cell is a sub-dimension (around) at a level (level 1 inside). Its colour is the mean progress score of the teams shown. Use the arrow keys to move between cells, Enter to open one."
                </p>
            </div>
            <div class="heatmap">
                <svg
                    class="heatmap__svg"
                    viewBox="0 0 1400 1080"
                    role="group"
                    aria-label="Circular heatmap of progress by sub-dimension and level"
                >
                    {cells}
                    {labels}
                    {level_labels}
                    <text x=num(WIDTH / 2.0) y=num(HEIGHT / 2.0 - 10.0) text-anchor="middle" class="heat__centre" aria-hidden="true">{move || centre().0}</text>
                    <text x=num(WIDTH / 2.0) y=num(HEIGHT / 2.0 + 22.0) text-anchor="middle" class="heat__centre heat__centre--sub" aria-hidden="true">{move || centre().1}</text>
                </svg>
                <Legend />
            </div>
            {move || selected.get().filter(|&(_, l)| l <= max.get()).map(|(sub, level)| view! { <CellPanel sub=sub level=level teams=teams /> })}
        </section>
    }
}

#[component]
fn Legend() -> impl IntoView {
    view! {
        <ul class="heat__legend" aria-label="Legend">
            {[0.0, 0.25, 0.5, 0.75, 1.0]
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <svg width="22" height="22" aria-hidden="true"><rect class="heat__cell" width="22" height="22" style=("--p", format!("{}%", (pinch(s) * 100.0).round() as u32)) /></svg>
                            {format!("{} %", percent(s))}
                        </li>
                    }
                })
                .collect_view()}
            <li>
                <svg width="22" height="22" aria-hidden="true"><rect class="heat__cell heat__cell--empty" width="22" height="22" /></svg>
                "no activities"
            </li>
        </ul>
    }
}

#[component]
fn CellPanel(sub: usize, level: u8, teams: Memo<Vec<String>>) -> impl IntoView {
    let app = use_app();
    let acts = MODEL.cell(sub, level);
    let title = format!(
        "{}, {}",
        MODEL.subdimensions[sub].name,
        LEVEL_TITLES[level as usize - 1]
    );
    let all_acts = acts.clone();
    // Choosing a state only selects it; "Apply" asks first, then writes everything at once.
    let chosen = RwSignal::new(None::<Status>);
    let apply_all = move |_| {
        let Some(target) = chosen.get_untracked() else {
            return;
        };
        let teams = teams.get_untracked();
        let question = format!(
            "Set all {} activities of this cell to “{}” for {} ({})? States above it are cleared.",
            all_acts.len(),
            app.defs.with_untracked(|d| status_name(d, target)),
            crate::domain::views::words::count(teams.len(), "team", "teams"),
            teams.join(", ")
        );
        set_all_after_asking(&app, &all_acts, &teams, target, &question);
    };
    view! {
        <section class="heat__panel" aria-labelledby="heat-panel-title">
            <h2 id="heat-panel-title">{title}</h2>
            {if acts.is_empty() {
                view! { <p>"This cell has no activities."</p> }.into_any()
            } else {
                view! {
                    <div class="heat__setall">
                        <label class="filters__field">
                            <span>"Set every activity here for all teams shown"</span>
                            <select on:change=move |ev| chosen.set(Status::from_value(&event_target_value(&ev)))>
                                <option value="" selected=true>"Choose a state…"</option>
                                {move || app.defs.with(status_options).into_iter().map(|(s, n)| view! { <option value=s.value()>{n}</option> }).collect_view()}
                            </select>
                        </label>
                        <button type="button" class="button" disabled=move || chosen.get().is_none() on:click=apply_all>"Apply"</button>
                    </div>
                    <ul class="heat__acts">
                        {acts
                            .into_iter()
                            .map(|i| {
                                let a = &MODEL.activities[i];
                                view! {
                                    <li>
                                        <a href=activity_href(a.uuid)>{a.name}</a>
                                        <ul class="heat__teams">
                                            {move || { app.defs.with(|_| ()); teams.get() }.into_iter().map(move |t| {
                                                let name = t.clone();
                                                view! {
                                                    <li>
                                                        <span class="heat__team">{t}</span>
                                                        <StatusControl index=i team=name />
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
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
