//! The live matrix table: the markup of `domain::matrix_html`, taken over from the
//! pre-rendered first screen (or built from that markup when the page is built again), then
//! kept up to date element by element: one small effect per activity, cell and row, one for
//! the filters, and one click and one change listener for the whole table.
//!
//! Why not Leptos views: building 194 activities' controls as views took about 65 ms of the
//! start-up, and the page then had to be laid out a second time in place of the
//! pre-rendered copy. The rules stay in the core (`matrix_html`, `progress`, `scores`,
//! `filters`); this only moves their results into the DOM.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{Element, HtmlSelectElement};

use super::state::AppState;
use super::status::{set_all_after_asking, status_name};
use crate::domain::filters::Filters;
use crate::domain::matrix_html::{group_control, group_count, group_label, single_control, table};
use crate::domain::model::MODEL;
use crate::domain::preview::PREVIEW_ID;
use crate::domain::progress::{icon, progress_kind, Status};
use crate::domain::route::activity_href;
use crate::domain::scores::{applies, completed_by_all, teams_done};
use crate::domain::teams::Scope;

/// The table's effects, kept for as long as the page lives (a dropped `RenderEffect` stops).
type Keep = Vec<Box<dyn std::any::Any>>;

/// What the table shows and follows.
#[derive(Clone)]
pub struct Binding {
    pub app: AppState,
    pub filters: Memo<Filters>,
    pub max: Memo<u8>,
    /// The chosen teams (tracked: follows team and group edits).
    pub teams: Memo<Vec<String>>,
    /// The one team chosen; `None` for several. The page is built again when it changes.
    pub team: Option<String>,
}

/// Directive on the table's holder: puts the table in and binds it.
pub fn bind_table(holder: Element, b: Binding) {
    // This runs while the page is being built: reading the state here must not make the
    // page itself depend on it (each change would build the whole page again).
    untrack(|| bind(holder, b));
}

fn bind(holder: Element, b: Binding) {
    let app = b.app;
    let caption = format!(
        "DSOMM activities by sub-dimension and level, progress of {}",
        app.scope.with_untracked(Scope::label)
    );
    let control = |i: usize| control_markup(&b, i);
    let Some(table) = take_over(&holder, &caption, &control).or_else(|| {
        holder.set_inner_html(&table(&MODEL, &caption, &control));
        holder.first_element_child()
    }) else {
        return;
    };
    let acts: Vec<(usize, Element)> = all(&table, "li.act")
        .into_iter()
        .filter_map(|li| Some((index_of(&li)?, li)))
        .collect();
    let mut keep = Keep::with_capacity(acts.len() + 100);
    for (i, li) in &acts {
        if let Some(root) = li.first_element_child() {
            follow_activity(&b, *i, root, &mut keep);
        }
    }
    follow_filters(&b, &table, acts, &mut keep);
    follow_counts(&b, &table, &mut keep);
    keep.push(Box::new(listen(&b, &table)));
    StoredValue::new_local(keep);
}

/// The table already on screen, with new controls in place of the old ones (the
/// pre-rendered table's placeholders, or this page's controls when it is built again for
/// another team or other states), moved into `holder`. Keeping the table keeps the scroll
/// position and the cells' remembered sizes; a focused control gets focus back.
///
/// Only a table that is exactly the model's is taken over; anything else (say a cached
/// index.html of another version) is left for a fresh one.
fn take_over(
    holder: &Element,
    caption: &str,
    control: &dyn Fn(usize) -> String,
) -> Option<Element> {
    let document = web_sys::window()?.document()?;
    let table = holder
        .query_selector("table.matrix")
        .ok()
        .flatten()
        .or_else(|| {
            let preview = format!("#{PREVIEW_ID} table.matrix");
            document.query_selector(&preview).ok().flatten()
        })?;
    let items: Vec<(usize, Element)> = all(&table, "li.act")
        .into_iter()
        .map(|li| {
            let i = index_of(&li).filter(|&i| i < MODEL.activities.len())?;
            let old = li
                .first_element_child()
                .filter(|c| c.class_list().contains("status"))?;
            let href = li
                .query_selector(".act__name")
                .ok()??
                .get_attribute("href")?;
            (href == activity_href(MODEL.activities[i].uuid)).then_some((i, old))
        })
        .collect::<Option<_>>()?;
    let mut seen = vec![false; MODEL.activities.len()];
    for (i, _) in &items {
        seen[*i] = true;
    }
    let dimensions = table.query_selector_all("tbody").ok()?.length() as usize;
    if !seen.iter().all(|&s| s) || items.len() != seen.len() || dimensions != MODEL.dimensions.len()
    {
        return None;
    }
    // Which control had focus, to give it back.
    let focused = document.active_element().and_then(|el| {
        let kind = ["status__toggle", "status__select"]
            .into_iter()
            .find(|k| el.class_list().contains(k))?;
        Some((index_of_closest(&el)?, kind))
    });
    // All controls parsed in one go (one parse per activity took about 17 ms), each then put
    // in place of the one made for the same activity.
    let parsed = document.create_element("div").ok()?;
    parsed.set_inner_html(&items.iter().map(|(i, _)| control(*i)).collect::<String>());
    for (_, old) in &items {
        let new = parsed.first_element_child()?;
        old.replace_with_with_node_1(&new).ok()?;
    }
    if let Ok(Some(c)) = table.query_selector("caption") {
        c.set_text_content(Some(caption));
    }
    if table.parent_element().as_ref() != Some(holder) {
        holder.append_child(&table).ok()?;
    }
    if let Some((i, kind)) = focused {
        super::browser::focus_first(&format!("li.act[data-i=\"{i}\"] .{kind}"));
    }
    Some(table)
}

fn control_markup(b: &Binding, i: usize) -> String {
    let a = &MODEL.activities[i];
    b.app.defs.with_untracked(|defs| match &b.team {
        Some(team) => single_control(a, team, defs, status_of(&b.app, i, team)),
        None => b.teams.with_untracked(|teams| {
            let done = b.app.progress[i].with_untracked(|p| teams_done(p, teams, defs));
            group_control(a, teams.len(), done, defs)
        }),
    })
}

/// The state shown for `team` on activity `i`. The progress states are read untracked here
/// and in every effect below: the page is built again when they change (`ui::app`), so an
/// effect only follows the records.
fn status_of(app: &AppState, i: usize, team: &str) -> Status {
    app.defs.with_untracked(|d| {
        app.progress[i].with(|p| p.get(team).map(|r| r.status(d)).unwrap_or(Status::State(0)))
    })
}

/// Keeps one activity's control (`root`, the `.status` element) showing its state.
fn follow_activity(b: &Binding, i: usize, root: Element, keep: &mut Keep) {
    let app = b.app;
    match b.team.clone() {
        Some(team) => {
            keep.push(Box::new(RenderEffect::new(move |prev: Option<Status>| {
                let now = status_of(&app, i, &team);
                if prev.is_some_and(|p| p != now) {
                    show_status(&app, &root, now);
                }
                now
            })));
        }
        None => {
            let teams = b.teams;
            keep.push(Box::new(RenderEffect::new(
                move |prev: Option<(usize, usize, usize)>| {
                    let now = teams.with(|t| {
                        let (done, of) = app
                            .defs
                            .with_untracked(|d| app.progress[i].with(|p| teams_done(p, t, d)));
                        (done, of, t.len())
                    });
                    if prev.is_some_and(|p| p != now) {
                        if let Some(count) = root.first_element_child() {
                            count.set_inner_html(&group_count(now.0, now.1));
                        }
                        if let Some(select) = root.last_element_child() {
                            let _ = select.set_attribute(
                                "aria-label",
                                &group_label(&MODEL.activities[i], now.2),
                            );
                            let _ = select.toggle_attribute_with_force("disabled", now.2 == 0);
                        }
                    }
                    now
                },
            )));
        }
    }
}

/// The same attributes `matrix_html::single_control` writes, for a new state.
fn show_status(app: &AppState, root: &Element, s: Status) {
    app.defs.with_untracked(|defs| {
        let _ = root.set_attribute("data-state", &s.value());
        let _ = root.set_attribute("data-progress", progress_kind(defs, s));
        if let Some(button) = root.first_element_child() {
            let done = s == Status::State(defs.completed());
            let _ = button.set_attribute("aria-pressed", if done { "true" } else { "false" });
            if let Some(icon_span) = button.first_element_child() {
                icon_span.set_text_content(Some(icon(defs, s)));
            }
        }
        if let Some(select) = root
            .last_element_child()
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        {
            select.set_value(&s.value());
        }
    });
}

/// Hides what the filters and the highest level shown leave out.
fn follow_filters(b: &Binding, table: &Element, acts: Vec<(usize, Element)>, keep: &mut Keep) {
    let (filters, max) = (b.filters, b.max);
    let heads = levelled(table, "thead th[data-level]");
    let rows = rows(table);
    // Each cell with its count line and activities.
    let cells: Vec<(u8, Element, Option<Element>, Vec<usize>)> = rows
        .iter()
        .flat_map(|(sub, tr)| {
            levelled(tr, "td[data-level]")
                .into_iter()
                .map(move |(level, td)| {
                    let count = td.query_selector(".matrix__cellcount").ok().flatten();
                    (level, td, count, MODEL.cell(*sub, level))
                })
        })
        .collect();
    let bodies = all(table, "tbody");
    keep.push(Box::new(RenderEffect::new(move |_| {
        let max = max.get();
        filters.with(|f| {
            let shown = |i: &usize| f.shows_activity(&MODEL, &MODEL.activities[*i]);
            for (level, th) in &heads {
                hide(th, *level > max);
            }
            for (body, d) in bodies.iter().zip(MODEL.dimensions) {
                let mut subs = d.subdimensions.iter();
                hide(body, !subs.any(|&s| row_visible(f, s as usize, max)));
            }
            for (sub, tr) in &rows {
                hide(tr, !row_visible(f, *sub, max));
            }
            for (level, td, count, acts) in &cells {
                hide(td, *level > max);
                // A count over activities the filters hide entirely describes nothing.
                if let Some(count) = count {
                    hide(count, f.is_active() && !acts.iter().any(shown));
                }
            }
            for (i, li) in &acts {
                hide(li, !shown(i));
            }
        })
    })));
}

/// The table's sub-dimension rows, with their index.
fn rows(table: &Element) -> Vec<(usize, Element)> {
    all(table, "tr[data-sub]")
        .into_iter()
        .filter_map(|r| Some((r.get_attribute("data-sub")?.parse().ok()?, r)))
        .collect()
}

/// Keeps the "done" counts of every cell and row up to date.
fn follow_counts(b: &Binding, table: &Element, keep: &mut Keep) {
    let (app, teams, max) = (b.app, b.teams, b.max);
    for (sub, tr) in rows(table) {
        for (level, td) in levelled(&tr, "td[data-level]") {
            let Ok(Some(count)) = td.query_selector(".matrix__cellcount") else {
                continue;
            };
            let acts = MODEL.cell(sub, level);
            keep.push(Box::new(RenderEffect::new(
                move |prev: Option<(usize, usize)>| {
                    let now = teams.with(|t| done_of(&app, acts.iter().copied(), t));
                    if prev != Some(now) {
                        count.set_text_content(Some(&format!("{}/{} done", now.0, now.1)));
                    }
                    now
                },
            )));
        }
        let Ok(Some(count)) = tr.query_selector(".matrix__count") else {
            continue;
        };
        keep.push(Box::new(RenderEffect::new(
            move |prev: Option<(usize, usize)>| {
                let max = max.get();
                let acts = MODEL.subdimensions[sub]
                    .activities
                    .iter()
                    .map(|&i| i as usize);
                let shown = acts.filter(|&i| MODEL.activities[i].level <= max);
                let now = teams.with(|t| done_of(&app, shown, t));
                if prev != Some(now) {
                    count.set_text_content(Some(&format!("{} of {} done", now.0, now.1)));
                }
                now
            },
        )));
    }
}

/// The table's listeners, removed when dropped (with the page, or before the page is built
/// again on the same table).
struct Listeners {
    table: Element,
    click: Closure<dyn Fn(web_sys::Event)>,
    change: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Listeners {
    fn drop(&mut self) {
        let t = &self.table;
        let _ = t.remove_event_listener_with_callback("click", self.click.as_ref().unchecked_ref());
        let _ =
            t.remove_event_listener_with_callback("change", self.change.as_ref().unchecked_ref());
    }
}

/// One click and one change listener for every control in the table (returned to be kept).
fn listen(b: &Binding, table: &Element) -> Listeners {
    let app = b.app;
    let team = b.team.clone();
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(team) = &team else { return };
        let toggle = target(&ev).and_then(|t| t.closest(".status__toggle").ok().flatten());
        if let Some(i) = toggle.as_ref().and_then(index_of_closest) {
            app.toggle(i, team);
        }
    });
    let (team, teams) = (b.team.clone(), b.teams);
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(select) = target(&ev).and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) else {
            return;
        };
        if !select.class_list().contains("status__select") {
            return;
        }
        let Some(i) = index_of_closest(&select) else {
            return;
        };
        let chosen = Status::from_value(&select.value());
        match &team {
            Some(team) => {
                if let Some(chosen) = chosen {
                    app.set_state(i, team, chosen);
                }
                // When saving failed the state did not change: show the stored state again.
                select.set_value(&untrack(|| status_of(&app, i, team)).value());
            }
            None => {
                select.set_value("");
                let Some(status) = chosen else { return };
                let teams = teams.get_untracked();
                let question = format!(
                    "Set “{}” to “{}” for {} teams ({})? States above it are cleared.",
                    MODEL.activities[i].name,
                    app.defs.with_untracked(|d| status_name(d, status)),
                    teams.len(),
                    teams.join(", ")
                );
                set_all_after_asking(&app, &[i], &teams, status, &question);
            }
        }
    });
    let _ = table.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    let _ = table.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    Listeners {
        table: table.clone(),
        click: on_click,
        change: on_change,
    }
}

fn target(ev: &web_sys::Event) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok())
}

fn index_of(li: &Element) -> Option<usize> {
    li.get_attribute("data-i")?.parse().ok()
}

fn index_of_closest(el: &Element) -> Option<usize> {
    index_of(&el.closest("li.act").ok()??)
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|k| list.item(k)?.dyn_into::<Element>().ok())
        .collect()
}

/// The elements matching `selector`, with their `data-level`.
fn levelled(root: &Element, selector: &str) -> Vec<(u8, Element)> {
    all(root, selector)
        .into_iter()
        .filter_map(|e| Some((e.get_attribute("data-level")?.parse().ok()?, e)))
        .collect()
}

fn hide(el: &Element, hidden: bool) {
    let _ = el.toggle_attribute_with_force("hidden", hidden);
}

pub fn row_visible(f: &Filters, sub: usize, max: u8) -> bool {
    f.shows_row(&MODEL, sub)
        && MODEL.subdimensions[sub].activities.iter().any(|&i| {
            let a = &MODEL.activities[i as usize];
            a.level <= max && f.shows_activity(&MODEL, a)
        })
}

/// (completed by every team, applicable to some team) over `acts`: activities all the teams
/// marked not applicable count in neither.
fn done_of(app: &AppState, acts: impl Iterator<Item = usize>, teams: &[String]) -> (usize, usize) {
    app.defs.with_untracked(|d| {
        acts.fold((0, 0), |(done, total), i| {
            app.progress[i].with(|p| {
                (
                    done + usize::from(completed_by_all(p, teams, d)),
                    total + usize::from(applies(p, teams, d)),
                )
            })
        })
    })
}
