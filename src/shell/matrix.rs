//! The live matrix: the table of `domain::views::matrix_html`, taken over from the pre-rendered
//! first screen with each activity's control put in, then kept up to date element by
//! element: one activity's control and its cell's and row's counts after a change, the
//! hidden parts after a filter change. One click and one change listener serve the table.

use std::cell::{Cell, RefCell};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlSelectElement};

use super::state::{self, scope_teams, with_state, State};
use super::{data, hide, on, query, query_all, set_text, target};
use crate::browser::{confirm, focus_first, js_error_text};
use crate::domain::assessment::progress::{status_name, toggled, Status};
use crate::domain::assessment::scores::{applies, completed_by_all, group_counts};
use crate::domain::model::{Search, MODEL};
use crate::domain::views::filters::Filters;
use crate::domain::views::matrix_html::{fingerprint, group_control, single_control, table};
use crate::domain::views::route::Route;

thread_local! {
    static BOUND: Cell<bool> = const { Cell::new(false) };
    /// The table still shows the pre-rendered controls (or an old state): built when the
    /// matrix is shown, or once the browser is idle after the pages module has started. A
    /// cold load of another page does not wait for it.
    static STALE: Cell<bool> = const { Cell::new(false) };
    /// The search index, once its file has arrived (`load_search`).
    static SEARCH: RefCell<Option<Search>> = const { RefCell::new(None) };
}

/// Fetches the search index the build wrote beside the app (named in
/// `<meta name="dsomm-search">`, preloaded by index.html), then applies the filters again.
/// Until it is there a text filter leaves every activity shown.
pub fn load_search() {
    fn fail(why: String) {
        super::bars::notify(
            super::bars::Notice::Error,
            &format!("The search index could not be loaded ({why}); searching by text shows every activity until the page is reloaded."),
        )
    }
    fn on_error() -> Closure<dyn FnMut(JsValue)> {
        Closure::once(|e: JsValue| fail(js_error_text(&e)))
    }
    let Some(name) = query("meta[name=dsomm-search]").and_then(|m| m.get_attribute("content"))
    else {
        return fail("this index.html does not name it".into());
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let got = Closure::once(|buffer: JsValue| {
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        match Search::from_bytes(&bytes) {
            Ok(mut index) => {
                index.overlay = crate::domain::model::search_overlay();
                SEARCH.set(Some(index));
                // Only a text filter gives other answers now: without one the table stays
                // as it is (re-applying every filter and count held the first frames).
                if with_state(|s| matches!(&s.route, Route::Matrix(f) if f.searches_text())) {
                    show_levels();
                }
            }
            Err(e) => fail(e.into()),
        }
    });
    let response = Closure::once(move |response: JsValue| {
        let Ok(response) = response.dyn_into::<web_sys::Response>() else {
            return;
        };
        if !response.ok() {
            return fail(format!("HTTP {}", response.status()));
        }
        match response.array_buffer() {
            Ok(body) => {
                let failed = on_error();
                let _ = body.then2(&got, &failed);
                failed.forget();
                got.forget();
            }
            Err(e) => fail(js_error_text(&e)),
        }
    });
    let failed = on_error();
    let _ = window.fetch_with_str(&name).then2(&response, &failed);
    response.forget();
    failed.forget();
}

fn shows(f: &Filters, a: &crate::domain::model::Activity) -> bool {
    SEARCH.with_borrow(|s| f.shows_activity(&MODEL, s.as_ref(), a))
}

fn holder() -> Option<Element> {
    query(".matrix-holder")
}

fn the_table() -> Option<Element> {
    holder()?.query_selector("table.matrix").ok().flatten()
}

fn index_of(li: &Element) -> Option<usize> {
    data(li, "data-i")
}

fn index_of_closest(el: &Element) -> Option<usize> {
    index_of(&el.closest("li.act").ok()??)
}

/// The status shown for `team` on activity `i`.
fn status_of(s: &State, i: usize, team: &str) -> Status {
    s.progress[i]
        .get(team)
        .map(|r| r.status(&s.settings.progress))
        .unwrap_or(Status::State(0))
}

fn control_markup(s: &State, teams: &[String], i: usize) -> String {
    let a = &MODEL.activities[i];
    let defs = &s.settings.progress;
    let p = &s.progress[i];
    match s.scope.team() {
        Some(team) => single_control(a, team, defs, status_of(s, i, team), toggled(p, team, defs)),
        None => group_control(a, teams.len(), group_counts(p, teams, defs), defs),
    }
}

/// Puts every activity's control (for the top bar's choice and the progress states) into
/// the table on screen: the pre-rendered one at start-up, the same one after a change of
/// team or states, so the scroll position, the cells' remembered sizes and a focused
/// control stay. A table that is not exactly the model's (a cached page of another version)
/// is replaced by a fresh one.
pub fn build() {
    if !with_state(|s| matches!(s.route, Route::Matrix(_))) {
        STALE.set(true);
        return;
    }
    build_now();
}

/// Builds the table if [`build`] left it for later.
pub fn build_if_stale() {
    if STALE.get() {
        build_now();
    }
}

fn build_now() {
    STALE.set(false);
    let Some(holder) = holder() else { return };
    let (caption, controls) = with_state(|s| {
        let teams = scope_teams(s);
        let caption = format!(
            "DSOMM activities by sub-dimension and level, progress of {}",
            s.scope.label()
        );
        let controls: Vec<String> = (0..MODEL.activities.len())
            .map(|i| control_markup(s, &teams, i))
            .collect();
        (caption, controls)
    });
    if !take_over(&holder, &caption, &controls) {
        holder.set_inner_html(&table(&MODEL, &caption, &|i| controls[i].clone()));
    }
    if !BOUND.replace(true) {
        listen(&holder);
    }
    show_levels();
}

fn take_over(holder: &Element, caption: &str, controls: &[String]) -> bool {
    let Some(table) = holder.query_selector("table.matrix").ok().flatten() else {
        return false;
    };
    if table.get_attribute("data-model") != Some(fingerprint(&MODEL)) {
        return false;
    }
    let items: Option<Vec<(usize, Element)>> = query_all(&table, "li.act")
        .into_iter()
        .map(|li| {
            Some((
                index_of(&li).filter(|&i| i < controls.len())?,
                li.first_element_child()?,
            ))
        })
        .collect();
    let Some(items) = items else { return false };
    if items.len() != controls.len() {
        return false;
    }
    let Some(document) = super::document() else {
        return false;
    };
    let focused = focused_control(None);
    // All controls parsed in one go (one parse per activity took about 17 ms), each then put
    // in place of the one for the same activity.
    let Ok(parsed) = document.create_element("div") else {
        return false;
    };
    parsed.set_inner_html(
        &items
            .iter()
            .map(|(i, _)| controls[*i].as_str())
            .collect::<String>(),
    );
    for (_, old) in &items {
        let Some(new) = parsed.first_element_child() else {
            return false;
        };
        if old.replace_with_with_node_1(&new).is_err() {
            return false;
        }
    }
    if let Ok(Some(c)) = table.query_selector("caption") {
        c.set_text_content(Some(caption));
    }
    refocus(focused);
    true
}

/// The activity control that has focus (within `root`, if given): (activity, its class).
fn focused_control(root: Option<&Element>) -> Option<(usize, &'static str)> {
    let el = super::document()?.active_element()?;
    if root.is_some_and(|r| !r.contains(Some(&el))) {
        return None;
    }
    let kind = ["status__toggle", "status__select"]
        .into_iter()
        .find(|k| el.class_list().contains(k))?;
    Some((index_of_closest(&el)?, kind))
}

/// Focus back on a control that was replaced ([`focused_control`]).
fn refocus(focused: Option<(usize, &'static str)>) {
    if let Some((i, kind)) = focused {
        focus_first(&format!("li.act[data-i=\"{i}\"] .{kind}"));
    }
}

/// Shows activity `i`'s records: its control, its cell's and its row's counts.
pub fn show_activity(i: usize) {
    if STALE.get() {
        return;
    }
    let Some(table) = the_table() else { return };
    let Some(root) = table
        .query_selector(&format!("li.act[data-i=\"{i}\"] .status"))
        .ok()
        .flatten()
    else {
        return;
    };
    // The control made again from its one markup (`matrix_html`), in place; a control of it
    // that had focus keeps it.
    let focused = focused_control(Some(&root));
    let markup = with_state(|s| control_markup(s, &scope_teams(s), i));
    root.set_outer_html(&markup);
    refocus(focused);
    let a = &MODEL.activities[i];
    show_counts(&table, Some((a.subdimension as usize, a.level)));
}

/// (completed by every chosen team, applicable to one of them) over `acts`.
fn done_of(s: &State, teams: &[String], acts: impl Iterator<Item = usize>) -> (usize, usize) {
    let d = &s.settings.progress;
    acts.fold((0, 0), |(done, total), i| {
        let p = &s.progress[i];
        (
            done + usize::from(completed_by_all(p, teams, d)),
            total + usize::from(applies(p, teams, d)),
        )
    })
}

/// The "done" counts of every cell and row, or only of one sub-dimension's row and one of
/// its cells (`only`: sub-dimension, level).
fn show_counts(table: &Element, only: Option<(usize, u8)>) {
    // After a click only that activity's row and cell, found by selector.
    let (rows, cells) = match only {
        Some((sub, level)) => (
            format!("tr[data-sub=\"{sub}\"]"),
            format!("td[data-level=\"{level}\"]"),
        ),
        None => ("tr[data-sub]".to_string(), "td[data-level]".to_string()),
    };
    with_state(|s| {
        let teams = scope_teams(s);
        let max = s.settings.max_level;
        for tr in query_all(table, &rows) {
            let Some(sub) = data::<usize>(&tr, "data-sub") else {
                continue;
            };
            for td in query_all(&tr, &cells) {
                let Some(level) = data::<u8>(&td, "data-level") else {
                    continue;
                };
                if let Ok(Some(count)) = td.query_selector(".matrix__cellcount") {
                    let (done, of) = done_of(s, &teams, MODEL.cell(sub, level).into_iter());
                    set_text(&count, &format!("{done}/{of} done"));
                }
            }
            if let Ok(Some(count)) = tr.query_selector(".matrix__count") {
                let acts = MODEL.subdimensions[sub]
                    .activities
                    .iter()
                    .map(|&i| i as usize);
                let shown = acts.filter(|&i| MODEL.activities[i].level <= max);
                let (done, of) = done_of(s, &teams, shown);
                set_text(&count, &format!("{done} of {of} done"));
            }
        }
    });
}

/// The highest level shown changed (or the table was built): hide and count again.
pub fn show_levels() {
    if STALE.get() {
        return;
    }
    let f = match with_state(|s| s.route.clone()) {
        Route::Matrix(f) => f,
        _ => Filters::default(),
    };
    show_filters(&f);
    if let Some(table) = the_table() {
        show_counts(&table, None);
    }
}

/// Hides what the filters and the highest level shown leave out, and says how many
/// activities are shown.
pub fn show_filters(f: &Filters) {
    let Some(table) = the_table() else { return };
    let max = with_state(|s| s.settings.max_level);
    // Each activity's and each row's visibility, worked out once.
    let shown: Vec<bool> = MODEL.activities.iter().map(|a| shows(f, a)).collect();
    let rows: Vec<bool> = (0..MODEL.subdimensions.len())
        .map(|sub| {
            f.shows_row(&MODEL, sub)
                && MODEL.subdimensions[sub]
                    .activities
                    .iter()
                    .any(|&i| MODEL.activities[i as usize].level <= max && shown[i as usize])
        })
        .collect();
    for th in query_all(&table, "thead th[data-level]") {
        hide(&th, data::<u8>(&th, "data-level").unwrap_or(1) > max);
    }
    for (body, d) in query_all(&table, "tbody").iter().zip(MODEL.dimensions) {
        hide(body, !d.subdimensions.iter().any(|&s| rows[s as usize]));
    }
    for tr in query_all(&table, "tr[data-sub]") {
        let Some(sub) = data::<usize>(&tr, "data-sub").filter(|&s| s < rows.len()) else {
            continue;
        };
        hide(&tr, !rows[sub]);
        for td in query_all(&tr, "td[data-level]") {
            let level = data::<u8>(&td, "data-level").unwrap_or(1);
            hide(&td, level > max);
            // A count over activities the filters hide entirely describes nothing.
            if let Ok(Some(count)) = td.query_selector(".matrix__cellcount") {
                let any = MODEL.cell(sub, level).into_iter().any(|i| shown[i]);
                hide(&count, f.is_active() && !any);
            }
        }
    }
    for li in query_all(&table, "li.act") {
        if let Some(i) = index_of(&li).filter(|&i| i < shown.len()) {
            hide(&li, !shown[i]);
        }
    }
    let visible = MODEL
        .activities
        .iter()
        .filter(|a| a.level <= max && rows[a.subdimension as usize] && shown[a.index as usize])
        .count();
    super::bars::show_filter_bar(f, visible, MODEL.activities.len());
}

/// One click and one change listener for every control in the table (bound once; they read
/// the state when called).
fn listen(holder: &Element) {
    on(holder, "click", |ev| {
        let Some(toggle) =
            target::<Element>(&ev).and_then(|t| t.closest(".status__toggle").ok().flatten())
        else {
            return;
        };
        let Some(i) = index_of_closest(&toggle) else {
            return;
        };
        let Some((team, status)) = with_state(|s| {
            let team = s.scope.team()?.to_string();
            let status = toggled(&s.progress[i], &team, &s.settings.progress);
            Some((team, status))
        }) else {
            return;
        };
        state::set_and_say(&[i], &[team], status);
    });
    on(holder, "change", |ev| {
        let Some(select) = target::<HtmlSelectElement>(&ev) else {
            return;
        };
        if !select.class_list().contains("status__select") {
            return;
        }
        let Some(i) = index_of_closest(&select) else {
            return;
        };
        let chosen = Status::from_value(&select.value());
        match with_state(|s| s.scope.team().map(str::to_string)) {
            Some(team) => {
                if let Some(chosen) = chosen {
                    state::set_and_say(&[i], std::slice::from_ref(&team), chosen);
                }
                // When saving failed the state did not change: show the stored state again.
                select.set_value(&with_state(|s| status_of(s, i, &team)).value());
            }
            None => {
                select.set_value("");
                let Some(status) = chosen else { return };
                let (teams, name) =
                    with_state(|s| (scope_teams(s), status_name(&s.settings.progress, status)));
                let question = format!(
                    "Set “{}” to “{}” for {} teams ({})? States above it are cleared.",
                    MODEL.activities[i].name,
                    name,
                    teams.len(),
                    teams.join(", ")
                );
                if !confirm(&question) {
                    return;
                }
                state::set_and_say(&[i], &teams, status);
            }
        }
    });
}
