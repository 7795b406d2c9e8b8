//! The printable report (`#/report`): a summary per dimension, level and team, then every
//! listed activity with the chosen teams' states (as text) and the chosen fields. Its
//! configuration is kept in the settings (`domain::assessment::report`), its markup comes
//! from `domain::views::report_html`; the print stylesheet (style/app.css, `@media print`)
//! leaves out everything but the report.

use leptos::prelude::*;

use super::scope::{use_scope, ScopePicker};
use super::state::{use_app, AppState};
use crate::browser::{format_date, today};
use crate::domain::assessment::report::{ReportConfig, ReportField, Which};
use crate::domain::model::MODEL;
use crate::domain::views::report_html::{report, ReportInput};

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
    // The top bar's choice, as on every page.
    let teams = use_scope().teams;
    // (activities listed, pages, markup): made again when the configuration, the teams, a
    // state, the evidence or the date format change.
    let made = Memo::new(move |_| {
        let c = config.get();
        let format = app.settings.with(|s| s.date_format.clone());
        let date = |d| format_date(d, &format);
        app.with_progress(|progress| {
            app.evidence.with(|evidence| {
                teams.with(|t| {
                    app.defs.with(|defs| {
                        report(&ReportInput {
                            model: &MODEL,
                            config: &c,
                            teams: t,
                            progress,
                            evidence,
                            defs,
                            date: &date,
                            today: today(),
                        })
                    })
                })
            })
        })
    });

    view! {
        <section class="page page--wide report-page" aria-labelledby="report-title">
            <div class="report__controls">
                <p class="report__toolbar">
                    <button type="button" class="button button--primary" on:click=move |_| print()>
                        "Print / save as PDF"
                    </button>
                    <span role="status">
                        {move || made.with(|m| {
                            use crate::domain::views::words::count;
                            format!(
                                "{} · {} · About {} when printed (A4)",
                                count(m.activities, "activity", "activities"),
                                count(teams.with(Vec::len), "team", "teams"),
                                count(m.pages, "page", "pages"),
                            )
                        })}
                    </span>
                </p>
                <Config config=config />
            </div>
            <div class="report" inner_html=move || made.with(|m| m.html.clone())></div>
        </section>
    }
}

/// A labelled checkbox of the configuration.
fn check(
    label: &'static str,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    set: impl Fn(bool) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label class="report__check">
            <input type="checkbox" prop:checked=checked on:change=move |ev| set(event_target_checked(&ev)) />
            {label}
        </label>
    }
}

/// The configuration form (not printed).
#[component]
fn Config(config: Memo<ReportConfig>) -> impl IntoView {
    let app = use_app();
    let scope = use_scope();
    let dims = MODEL
        .dimensions
        .iter()
        .map(|d| {
            let name = d.name;
            check(
                name,
                move || config.with(|c| c.shows_dimension(name)),
                move |on| save(&app, |c| c.set_dimension(name, on)),
            )
        })
        .collect_view();
    let fields = ReportField::ALL
        .into_iter()
        .map(|f| {
            check(
                f.label(),
                move || config.with(|c| c.shows(f)),
                move |on| save(&app, |c| c.set_field(f, on)),
            )
        })
        .collect_view();
    view! {
        <details class="report__config">
            <summary>"Report settings: teams, dimensions, levels, fields, activities"</summary>
            <div class="report__config-body">
                <ScopePicker label="Teams" value=scope.chosen on_change=scope.choose teams=app.teams groups=app.groups />
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
