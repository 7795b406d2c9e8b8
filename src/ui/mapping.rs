//! The mappings page: every activity's SAMM, ISO 27001 and OpenCRE references and the
//! state of the teams chosen in the top bar, sortable, searchable and pivoted by control
//! (rules and markup: `domain::views::mapping`), with XLSX and CSV exports of the table as
//! shown and of an ISO 27001:2022 Statement of Applicability.
//!
//! The table body is one piece of markup from the core, put in place at once: sorting or
//! searching 194 rows rebuilds it in well under a frame, where a reactive node per cell
//! (1,700 of them) would make the first load and every change slower.

use leptos::prelude::*;

use super::export::{export, next_frame, Format};
use super::scope::use_scope;
use super::state::{use_app, AppState, NoticeKind};
use crate::browser::{location_hash, today};
use crate::domain::assessment::scores::{scope_state, ScopeState};
use crate::domain::formats::exports::{control_sheet, mapping_sheet, soa_sheet};
use crate::domain::model::MODEL;
use crate::domain::views::mapping::{
    activity_rows, activity_rows_html, control_rows, control_rows_html, Column, MappingQuery,
    Standard, View,
};
use crate::domain::views::route::Route;

/// The chosen teams' state of activity `i` (tracked).
fn state_of(app: &AppState, teams: &[String], i: usize) -> ScopeState {
    app.defs
        .with(|d| app.progress[i].with(|p| scope_state(p, teams, d)))
}

/// What the table body shows: activity rows in this order (the others hidden), or a pivot's
/// markup and its number of rows.
#[derive(Clone, PartialEq)]
enum Shown {
    Rows(Vec<usize>),
    Pivot(usize, String),
}

/// The rows of `tbody` by their activity index (`data-i`).
fn index_rows(tbody: &web_sys::HtmlElement) -> Vec<Option<web_sys::HtmlElement>> {
    use wasm_bindgen::JsCast;
    let mut rows = vec![None; MODEL.activities.len()];
    if let Ok(list) = tbody.query_selector_all("tr[data-i]") {
        for k in 0..list.length() {
            let Some(row) = list
                .item(k)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                continue;
            };
            let i = row
                .get_attribute("data-i")
                .and_then(|v| v.parse::<usize>().ok());
            if let Some(slot) = i.and_then(|i| rows.get_mut(i)) {
                *slot = Some(row);
            }
        }
    }
    rows
}

/// Shows the rows of `order` in that order and hides the others.
fn place_rows(
    tbody: &web_sys::HtmlElement,
    rows: &[Option<web_sys::HtmlElement>],
    order: &[usize],
) {
    let mut shown = vec![false; rows.len()];
    for &i in order {
        if let Some(Some(row)) = rows.get(i) {
            row.set_hidden(false);
            let _ = tbody.append_child(row);
            shown[i] = true;
        }
    }
    for (i, row) in rows.iter().enumerate() {
        if let (Some(row), false) = (row, shown[i]) {
            row.set_hidden(true);
        }
    }
}

/// What the export buttons write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Table,
    Soa,
}

#[component]
pub fn MappingPage() -> impl IntoView {
    let app = use_app();
    let query = Memo::new(move |_| match app.route.get() {
        Route::Mapping(q) => q,
        _ => MappingQuery::default(),
    });
    // A change of sort, search or view replaces the URL (no history entry per keystroke).
    let set_query = move |q: MappingQuery| {
        let route = Route::Mapping(q);
        // The URL after the table: replacing it takes a few milliseconds of its own.
        let hash = route.to_hash();
        app.route.set(route);
        leptos::task::spawn_local(async move {
            next_frame().await;
            // Unless another change came since, or the browser has already gone to another
            // page (Back, a link) whose hashchange is not handled yet.
            let still_here = matches!(Route::parse(&location_hash()), Route::Mapping(_));
            if still_here && app.route.with_untracked(|r| r.to_hash() == hash) {
                app.replace_hash(&hash);
            }
        });
    };
    let scope = use_scope();
    let teams = scope.teams;
    let max = Memo::new(move |_| app.settings.with(|s| s.max_level));
    // (rows shown, body markup), rebuilt when the query, the level shown, the teams or any
    // activity's progress changes.
    // Each activity's state for the chosen teams, worked out again only when its progress,
    // the teams or the states change (not on every sort or keystroke).
    let states: StoredValue<Vec<Memo<ScopeState>>> = StoredValue::new(
        (0..MODEL.activities.len())
            .map(|i| Memo::new(move |_| teams.with(|t| state_of(&app, t, i))))
            .collect(),
    );
    // Activity view: every row up to the level shown, built once (again only when a state,
    // the level or the teams change); sorting and searching then move and hide those rows in
    // place, which takes a few milliseconds where parsing 150 KB of rows again took 15.
    let all_rows = Memo::new(move |_| {
        let max = max.get();
        let rows: Vec<usize> = MODEL
            .activities
            .iter()
            .filter(|a| a.level <= max)
            .map(|a| a.index as usize)
            .collect();
        states.with_value(|st| activity_rows_html(&MODEL, &rows, &|i| st[i].get()))
    });
    // The rows shown, in order (activity view), or the pivot's markup.
    let shown = Memo::new(move |_| {
        let q = query.get();
        let max = max.get();
        states.with_value(|st| {
            let state = |i: usize| st[i].get();
            match q.view {
                View::Activities => Shown::Rows(activity_rows(&MODEL, max, &q, &state)),
                View::ByControl(s) => {
                    let rows = control_rows(&MODEL, max, s, &q, &state);
                    Shown::Pivot(rows.len(), control_rows_html(&MODEL, &rows, &state))
                }
            }
        })
    });
    let count = move || {
        shown.with(|s| match s {
            Shown::Rows(r) => r.len(),
            Shown::Pivot(n, _) => *n,
        })
    };
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    // The rows' elements by activity index, for the markup last put in.
    let by_index: StoredValue<Vec<Option<web_sys::HtmlElement>>, LocalStorage> =
        StoredValue::new_local(Vec::new());
    Effect::new(move |last_html: Option<Option<String>>| {
        let el = tbody.get()?;
        let last_html = last_html.flatten();
        let (html, order) = match shown.get() {
            Shown::Pivot(_, html) => (html, None),
            Shown::Rows(order) => (all_rows.get(), Some(order)),
        };
        if last_html.as_deref() != Some(html.as_str()) {
            el.set_inner_html(&html);
            by_index.set_value(index_rows(&el));
        }
        if let Some(order) = order {
            by_index.with_value(|rows| place_rows(&el, rows, &order));
        }
        Some(html)
    });
    let busy = RwSignal::new(None::<&'static str>);

    let run_export = move |what: What, format: Format| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some("Preparing the file…"));
        leptos::task::spawn_local(async move {
            // The line above is painted before the sheets are built.
            next_frame().await;
            let (sheets, base) =
                untrack(|| build_sheets(&app, what, &query.get(), max.get(), &teams.get()));
            let result = export(sheets, format, &base).await;
            busy.set(None);
            if let Err(e) = result {
                app.notify(
                    NoticeKind::Error,
                    format!("The export failed: {e}. Nothing was changed."),
                );
            }
        });
    };

    let view_picker = move || {
        let options = View::ALL
            .into_iter()
            .map(|v| (v.key(), v.label()))
            .collect();
        picker(
            "Show",
            options,
            move || query.with(|q| q.view.key()),
            move |v| {
                let mut q = query.get_untracked();
                q.view = View::from_key(v);
                set_query(q);
            },
        )
    };
    let mapped_picker = move || {
        let any = std::iter::once(("", "Any standard or none".to_string()));
        let options = any
            .chain(
                Standard::ALL
                    .into_iter()
                    .map(|s| (s.key(), s.label().to_string())),
            )
            .collect();
        let now = move || query.with(|q| q.mapped.map_or("", Standard::key));
        picker("Mapped to", options, now, move |v| {
            let mut q = query.get_untracked();
            q.mapped = Standard::from_key(v);
            set_query(q);
        })
    };
    let search = move || {
        view! {
            <label class="filters__field filters__search">
                <span>"Search"</span>
                <input
                    type="search"
                    placeholder="Any column: 8.31, SBOM, Team A…"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| {
                        let mut q = query.get_untracked();
                        q.text = event_target_value(&ev);
                        set_query(q);
                    }
                />
            </label>
        }
    };
    let summary = move || {
        let n = count();
        let what = match query.with(|q| q.view) {
            View::Activities => "activities",
            View::ByControl(_) => "controls",
        };
        let who = scope.chosen.with(|s| s.label());
        format!("{n} {what} shown; states of {who}.")
    };
    let export_buttons = move |what: What, label: &'static str| {
        view! {
            <div class="mapping__export" role="group" aria-label=label>
                <span class="mapping__export-label">{label}</span>
                {[Format::Xlsx, Format::Csv]
                    .into_iter()
                    .map(|f| {
                        view! {
                            <button
                                type="button"
                                class="button"
                                disabled=move || busy.get().is_some()
                                on:click=move |_| run_export(what, f)
                            >
                                {f.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    };

    let header = move || match query.with(|q| q.view) {
        View::Activities => Column::ALL
            .into_iter()
            .map(|c| sort_header(query, set_query, c))
            .collect_view()
            .into_any(),
        View::ByControl(s) => {
            let desc = query.with(|q| q.desc);
            let sort = if desc { "descending" } else { "ascending" };
            view! {
                <th scope="col" role="columnheader" aria-sort=sort>
                    <button
                        type="button"
                        class="mapping__sort"
                        on:click=move |_| {
                            let mut q = query.get_untracked();
                            q.desc = !q.desc;
                            set_query(q);
                        }
                    >
                        {s.control_label()}
                        <span aria-hidden="true">{if desc { " ▼" } else { " ▲" }}</span>
                    </button>
                </th>
                <th scope="col" role="columnheader">"Activities"</th>
                <th scope="col" role="columnheader">"DSOMM activities (level, state)"</th>
            }
            .into_any()
        }
    };

    view! {
        <section class="page page--wide mapping-page" aria-labelledby="mapping-title">
            <h1 id="mapping-title">"Mappings"</h1>
            <p>
                "Every activity's references to OWASP SAMM v2, ISO 27001:2017, ISO 27001:2022 and OpenCRE, as the model writes them, with the state of the teams chosen at the top. Sort by any column (control ids in natural order: 5.9 before 5.10), search all columns, or show one row per control."
            </p>
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                {view_picker}
                {mapped_picker}
                {search}
            </form>
            <div class="mapping__bar">
                <p class="mapping__summary" role="status">{summary}</p>
                {export_buttons(What::Table, "Download this table")}
                {export_buttons(What::Soa, "Statement of Applicability (ISO 27001:2022)")}
                <p class="mapping__busy" role="status">{move || busy.get().unwrap_or("")}</p>
            </div>
            <div class="mapping__holder">
                // Rows are laid out as grids (style/app.css) so that rows out of view skip
                // layout (`content-visibility`): a sort then takes a few milliseconds instead of
                // a whole-table layout of about 60. The roles keep the table semantics.
                <table
                    role="table"
                    class="mapping"
                    class:mapping--pivot=move || query.with(|q| q.view != View::Activities)
                >
                    <caption class="visually-hidden">
                        {move || match query.with(|q| q.view) {
                            View::Activities => "Activities and their mappings".to_string(),
                            View::ByControl(s) => format!("Activities by {}", s.control_label()),
                        }}
                    </caption>
                    <thead role="rowgroup">
                        <tr role="row">{header}</tr>
                    </thead>
                    <tbody role="rowgroup" node_ref=tbody></tbody>
                </table>
            </div>
            <p class="matrix__empty" hidden=move || { let n = count(); n > 0 }>
                "No rows match the search and filter."
            </p>
        </section>
    }
}

/// A labelled select of `(value, label)` options, the one whose value `now` gives selected.
fn picker(
    label: &'static str,
    options: Vec<(&'static str, String)>,
    now: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
    set: impl Fn(&str) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label class="filters__field">
            <span>{label}</span>
            <select on:change=move |ev| set(&event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|(value, text)| view! { <option value=value selected=move || now() == value>{text}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A sortable column header: a button that sorts by the column (again: the other way),
/// `aria-sort` on the sorted one, the direction also as an arrow.
fn sort_header(
    query: Memo<MappingQuery>,
    set_query: impl Fn(MappingQuery) + Copy + Send + Sync + 'static,
    c: Column,
) -> impl IntoView {
    let sorted = move || query.with(|q| (q.sort == c).then_some(q.desc));
    view! {
        <th
            scope="col"
            role="columnheader"
            aria-sort=move || match sorted() {
                Some(true) => "descending",
                Some(false) => "ascending",
                None => "none",
            }
        >
            <button
                type="button"
                class="mapping__sort"
                on:click=move |_| set_query(query.get_untracked().sorted_by(c))
            >
                {c.label()}
                <span aria-hidden="true">
                    {move || match sorted() {
                        Some(true) => " ▼",
                        Some(false) => " ▲",
                        None => " ↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// The sheets of an export and the file's base name.
fn build_sheets(
    app: &AppState,
    what: What,
    q: &MappingQuery,
    max: u8,
    teams: &[String],
) -> (Vec<crate::domain::formats::sheet::Sheet>, String) {
    let progress: Vec<_> = app.progress.iter().map(|p| p.get_untracked()).collect();
    let defs = app.defs.get_untracked();
    let date = today();
    match what {
        What::Soa => {
            let evidence = app.evidence.get_untracked();
            let sheet = soa_sheet(&MODEL, max, teams, &progress, &evidence, &defs);
            (
                vec![sheet],
                format!("DSOMM statement of applicability {date}"),
            )
        }
        What::Table => {
            let state = |i: usize| app.progress[i].with_untracked(|p| scope_state(p, teams, &defs));
            let sheet = match q.view {
                View::Activities => {
                    let rows = activity_rows(&MODEL, max, q, &state);
                    mapping_sheet(&MODEL, &rows, teams, &progress, &defs)
                }
                View::ByControl(s) => {
                    let rows = control_rows(&MODEL, max, s, q, &state);
                    control_sheet(&MODEL, s, &rows, teams, &progress, &defs)
                }
            };
            (vec![sheet], format!("DSOMM mappings {date}"))
        }
    }
}
