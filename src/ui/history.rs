//! Lists of changes of state (the history schema 3 keeps): on an activity page for its
//! teams, and on the teams overview since a day.

use leptos::prelude::*;

use super::state::use_app;
use crate::domain::assessment::overview::{change_text, Changes};
use crate::domain::model::MODEL;
use crate::domain::views::route::activity_href;

/// Rows a long list shows at first (the lists of changes, "In progress"); each "Show more"
/// adds [`MORE`]. With 1000 teams, 200 rows in each of two tables made opening the Teams
/// page mostly table layout.
pub const SHOWN: usize = 50;
pub const MORE: usize = 200;

/// The last row of a list cut at `limit`: what is left out, and a button listing more.
/// Focus goes to the list's region (`region`: its label), the button being rebuilt.
#[component]
pub fn MoreRow(
    columns: usize,
    limit: RwSignal<usize>,
    text: String,
    region: &'static str,
) -> impl IntoView {
    view! {
        <tr><td colspan=columns>
            {text}" "
            <button type="button" class="button" on:click=move |_| {
                limit.update(|n| *n += MORE);
                crate::browser::focus_later(format!("[role=region][aria-label={}]", crate::browser::css_string(region)));
            }>{format!("Show {MORE} more")}</button>
        </td></tr>
    }
}

/// A table of `rows` (newest first, at most `limit`: the caller lists them), with an
/// activity column when `activities`.
#[component]
pub fn ChangesTable(
    rows: Signal<Changes>,
    limit: RwSignal<usize>,
    activities: bool,
    caption: &'static str,
    empty: &'static str,
) -> impl IntoView {
    let app = use_app();
    let date = move |d: crate::domain::assessment::date::Date| {
        app.settings
            .with(|s| crate::browser::format_date(d, &s.date_format))
    };
    let columns = if activities { 5 } else { 4 };
    view! {
        <super::table::ScrollTable label=caption class="teams changes">
            <thead>
                <tr>
                    <th scope="col">"From"</th>
                    {activities.then(|| view! { <th scope="col">"Activity"</th> })}
                    <th scope="col">"Team"</th>
                    <th scope="col">"Change"</th>
                    <th scope="col">"Recorded"</th>
                </tr>
            </thead>
            <tbody>
                {move || rows.with(|Changes { rows, more }| {
                    if rows.is_empty() {
                        return view! { <tr><td colspan=columns>{empty}</td></tr> }.into_any();
                    }
                    let more = *more;
                    let shown = rows.iter().map(|c| {
                        let a = &MODEL.activities[c.activity];
                        let recorded = match c.change.recorded {
                            Some(r) => date(r),
                            None => "not known".to_string(),
                        };
                        view! {
                            <tr>
                                <td class="date">{date(c.change.date)}</td>
                                {activities.then(|| view! { <td><a href=activity_href(a.uuid)>{a.name}</a></td> })}
                                <td>{c.team.clone()}</td>
                                <td>{app.defs.with(|d| change_text(d, &c.change))}</td>
                                <td class="date">{recorded}</td>
                            </tr>
                        }
                    }).collect_view();
                    let text = format!("… and earlier changes: the newest {} are shown.", rows.len());
                    view! {
                        {shown}
                        {more.then(|| view! { <MoreRow columns=columns limit=limit text=text region=caption /> })}
                    }.into_any()
                })}
            </tbody>
        </super::table::ScrollTable>
    }
}
