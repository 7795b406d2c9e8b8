//! Settings: levels shown, date format, theme, progress states. Each change is saved and
//! every page reacts.

use leptos::prelude::*;

use super::state::use_app;
use crate::browser::format_date;
use crate::domain::assessment::date::Date;
use crate::domain::assessment::settings::{Theme, DATE_FORMATS};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    let painted = super::later::painted();
    let sample = Date::new(2025, 1, 31).unwrap_or(Date {
        year: 2025,
        month: 1,
        day: 31,
    });
    view! {
        <section class="page" aria-labelledby="settings-title">
            <h1 id="settings-title">"Settings"</h1>
            <h2>"Maturity levels shown"</h2>
            <div class="levels">
            <label class="filters__field">
                <span>{move || app.settings.with(|s| s.level_caption())}</span>
                <input
                    type="range"
                    min="1"
                    max="5"
                    step="1"
                    list="level-steps"
                    aria-label="Highest maturity level shown"
                    prop:value=move || app.settings.with(|s| s.max_level.to_string())
                    on:change=move |ev| {
                        if let Ok(level) = event_target_value(&ev).parse::<u8>() {
                            let mut s = app.settings.get_untracked();
                            s.max_level = level.clamp(1, 5);
                            app.save_settings(s);
                        }
                    }
                />
            </label>
            // The steps as ticks on the track and, shown by the stylesheet, their numbers
            // under it, each centred on where the thumb stops.
            <datalist id="level-steps" class="levels__steps">
                {(1..=5u8).map(|l| view! { <option value=l label=l.to_string()></option> }).collect_view()}
            </datalist>
            </div>
            <p class="hint">"Applies to the matrix and the heatmap; activity pages always show everything."</p>
            <h2>"Date format"</h2>
            <label class="filters__field">
                <span>"Dates are shown as"</span>
                <select on:change=move |ev| {
                    let mut s = app.settings.get_untracked();
                    s.date_format = event_target_value(&ev);
                    app.save_settings(s);
                }>
                    {DATE_FORMATS
                        .iter()
                        .map(|(key, name)| {
                            let selected = move || app.settings.with(|s| s.date_format == *key);
                            // The chosen format's sample at once, the others once shown.
                            let text = move || match painted.get() || selected() {
                                true => format!("{name} — {}", format_date(sample, key)),
                                false => name.to_string(),
                            };
                            view! { <option value=*key prop:selected=selected>{text}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <h2 id="theme-title">"Theme"</h2>
            <div role="radiogroup" aria-labelledby="theme-title" class="themes">
                {[(Theme::System, "Follow the system"), (Theme::Light, "Light"), (Theme::Dark, "Dark")]
                    .into_iter()
                    .map(|(theme, label)| {
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name="theme"
                                    value=theme.value()
                                    prop:checked=move || app.settings.with(|s| s.theme == theme)
                                    on:change=move |_| {
                                        let mut s = app.settings.get_untracked();
                                        s.theme = theme;
                                        app.save_settings(s);
                                    }
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <super::progress_states::ProgressStates />
        </section>
    }
}
