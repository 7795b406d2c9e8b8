//! The pre-rendered bars bound: the top bar (navigation, team picker), the filter bar and
//! the shell's messages.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use super::state::{self, with_state};
use super::{hide, on, query, query_all, set_text, target};
use crate::browser::replace_hash;
use crate::domain::assessment::progress::Changes;
use crate::domain::assessment::teams::Scope;
use crate::domain::views::filters::Filters;
use crate::domain::views::html::escape;
use crate::domain::views::notice;
use crate::domain::views::preview::{NAV, SHELL_NOTICES_ID, WELCOME_ID};
use crate::domain::views::route::Route;

pub fn bind(root: &Element) {
    // The skip link moves focus without touching the URL (the hash is the route).
    if let Some(skip) = root.query_selector("a.skip").ok().flatten() {
        on(&skip, "click", |ev| {
            ev.prevent_default();
            if let Some(m) =
                super::by_id("main").and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = m.focus();
            }
        });
    }
    if let Some(select) = picker() {
        let _ = select.remove_attribute("disabled");
        on(&select, "change", |ev| {
            if let Some(s) = target::<HtmlSelectElement>(&ev) {
                state::select(Scope::from_value(&s.value()));
            }
        });
    }
    show_picker();
    bind_filters();
}

fn picker() -> Option<Element> {
    query(".teampicker select")
}

/// The top bar's picker: all teams, every group (with its members), every team; the choice
/// selected.
pub fn show_picker() {
    let Some(select) = picker().and_then(|s| s.dyn_into::<HtmlSelectElement>().ok()) else {
        return;
    };
    let html = with_state(|s| {
        let option = |scope: Scope, label: &str| {
            format!(
                "<option value=\"{}\"{}>{}</option>",
                escape(&scope.to_value()),
                if scope == s.scope { " selected" } else { "" },
                escape(label)
            )
        };
        let mut h = option(Scope::All, "All teams");
        h.push_str("<optgroup label=\"Groups\">");
        for g in &s.groups {
            let label = format!("{} ({})", g.name, g.members.join(", "));
            h.push_str(&option(Scope::Group(g.name.clone()), &label));
        }
        h.push_str("</optgroup><optgroup label=\"Teams\">");
        for t in &s.teams {
            h.push_str(&option(Scope::Team(t.clone()), t));
        }
        h.push_str("</optgroup>");
        h
    });
    select.set_inner_html(&html);
    select.set_value(&with_state(|s| s.scope.to_value()));
}

/// `aria-current="page"` on the navigation link of the page shown.
pub fn show_current_nav(route: &Route) {
    let Some(nav) = query(".topbar__nav") else {
        return;
    };
    for (link, (_, href)) in query_all(&nav, "a").iter().zip(NAV) {
        if Route::parse(href) == route.page() {
            let _ = link.set_attribute("aria-current", "page");
        } else {
            let _ = link.remove_attribute("aria-current");
        }
    }
}

/// What a message is (the pages module's notices look the same).
#[derive(Clone, Copy, PartialEq)]
pub enum Notice {
    Error,
    Info,
}

/// Shows a message in the fixed message region, with a button to dismiss it; the rules of
/// `domain::views::notice` (a repeat or a success replaces one shown; a success leaves by
/// itself, style/app.css). `undo`: the changes its Undo button takes back.
pub fn notify_with(kind: Notice, text: &str, undo: Option<Changes>) {
    let info = kind == Notice::Info;
    let (class, role) = match kind {
        Notice::Error => ("notice notice--error", "alert"),
        Notice::Info => ("notice notice--info", "status"),
    };
    let (Some(list), Some(doc)) = (super::by_id(SHELL_NOTICES_ID), super::document()) else {
        return;
    };
    // Both modules' messages: this one's removed, the pages module's hidden (their
    // elements are Leptos's, each keyed to its message).
    let area = list.parent_element().unwrap_or_else(|| list.clone());
    for old in query_all(&area, ".notice") {
        let old_info = old.class_list().contains("notice--info");
        let old_text = old.get_attribute("data-text").unwrap_or_default();
        if notice::replaces(info, text, old_info, &old_text) {
            if list.contains(Some(&old)) {
                old.remove();
            } else {
                hide(&old, true);
            }
        }
    }
    let Ok(notice) = doc.create_element("div") else {
        return;
    };
    let _ = notice.set_attribute("class", class);
    let _ = notice.set_attribute("role", role);
    let _ = notice.set_attribute("data-text", text);
    // Text nodes only: a message may quote stored names.
    for (tag, text) in [("strong", notice::prefix(info)), ("span", text)] {
        if let Ok(e) = doc.create_element(tag) {
            e.set_text_content(Some(text));
            let _ = notice.append_child(&e);
        }
    }
    let button = |label: &str, class: &str| {
        let b = doc.create_element("button").ok()?;
        let _ = b.set_attribute("type", "button");
        let _ = b.set_attribute("class", class);
        b.set_text_content(Some(label));
        let _ = notice.append_child(&b);
        Some(b)
    };
    if let Some(changes) = undo {
        let _ = notice.class_list().add_1("notice--undo");
        if let Some(b) = button("Undo", "button notice__undo") {
            let n = notice.clone();
            on(&b, "click", move |_| {
                n.remove();
                state::undo(&changes);
            });
        }
    }
    if let Some(close) = button("×", "notice__close") {
        let _ = close.set_attribute("aria-label", "Dismiss message");
        let n = notice.clone();
        on(&close, "click", move |_| n.remove());
    }
    let _ = list.append_child(&notice);
}

/// The first visit's note on the matrix (pre-rendered, hidden): the example teams, and
/// where the assessment is kept. Dismissed for this page; gone once anything is stored.
pub fn welcome() {
    let Some(note) = super::by_id(WELCOME_ID) else {
        return;
    };
    hide(&note, false);
    if let Some(b) = note.query_selector("button").ok().flatten() {
        let _ = b.remove_attribute("disabled");
        on(&b, "click", move |_| note.remove());
    }
}

pub fn notify(kind: Notice, text: &str) {
    notify_with(kind, text, None);
}

/// The pre-rendered filter bar is the embedded model's: made again for a custom one (its
/// dimensions and tags), before it is bound.
pub fn filters_for_model() {
    if let Some(form) = filter_form() {
        let mut h = String::new();
        crate::domain::views::preview::filters(&mut h, &crate::domain::model::MODEL);
        form.set_outer_html(&h);
    }
}

fn filter_form() -> Option<Element> {
    query("form.filters")
}

/// The filters of the URL, changed by `f`, written back into the URL and shown.
fn change_filters(f: impl FnOnce(&mut Filters)) {
    // From the URL as it is now: the pages module rewrites the choice it names without a
    // hashchange, which a copy kept here would write back.
    let mut filters = match Route::parse(&crate::browser::location_hash()) {
        Route::Matrix(f) => f,
        _ => Filters::default(),
    };
    f(&mut filters);
    let route = Route::Matrix(filters.clone());
    replace_hash(&route.to_hash());
    with_state(|s| s.route = route);
    super::matrix::show_filters(&filters);
}

fn bind_filters() {
    let Some(form) = filter_form() else { return };
    if let Some(fields) = form.query_selector("fieldset[disabled]").ok().flatten() {
        let _ = fields.remove_attribute("disabled");
    }
    on(&form, "submit", |ev| ev.prevent_default());
    if let Some(select) = form.query_selector("select").ok().flatten() {
        on(&select, "change", |ev| {
            if let Some(s) = target::<HtmlSelectElement>(&ev) {
                change_filters(|f| f.set_scope_value(&s.value()));
            }
        });
    }
    if let Some(input) = form.query_selector("input[type=search]").ok().flatten() {
        on(&input, "input", |ev| {
            if let Some(i) = target::<HtmlInputElement>(&ev) {
                change_filters(|f| f.query = i.value());
            }
        });
    }
    for chip in query_all(&form, "button.chip") {
        let Some(tag) = chip.get_attribute("data-tag") else {
            continue;
        };
        on(&chip, "click", move |_| {
            let tag = tag.clone();
            change_filters(move |f| {
                if f.tags.contains(&tag) {
                    f.tags.retain(|t| *t != tag);
                } else {
                    f.tags.push(tag);
                }
            });
        });
    }
    if let Some(reset) = form
        .query_selector(".filters__summary button")
        .ok()
        .flatten()
    {
        on(&reset, "click", |_| {
            change_filters(|f| {
                *f = Filters {
                    scope: std::mem::take(&mut f.scope),
                    ..Filters::default()
                }
            })
        });
    }
}

/// The filter bar showing `f`: the picker, the search text (unless being typed), the tag
/// chips, how many activities are shown of all, and whether there is anything to reset.
pub fn show_filter_bar(f: &Filters, shown: usize, of: usize) {
    let Some(form) = filter_form() else { return };
    if let Some(select) = form
        .query_selector("select")
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
    {
        select.set_value(&f.scope_value());
    }
    if let Some(input) = form
        .query_selector("input[type=search]")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
    {
        if input.value() != f.query {
            input.set_value(&f.query);
        }
    }
    for chip in query_all(&form, "button.chip") {
        let on = chip
            .get_attribute("data-tag")
            .is_some_and(|t| f.tags.contains(&t));
        let _ = chip.set_attribute("aria-pressed", if on { "true" } else { "false" });
        if let Some(mark) = chip.first_element_child() {
            set_text(&mark, if on { "✓ " } else { "" });
        }
    }
    if let Some(summary) = form
        .query_selector(".filters__summary [role=status]")
        .ok()
        .flatten()
    {
        set_text(&summary, &format!("Showing {shown} of {of} activities"));
    }
    if let Some(reset) = form
        .query_selector(".filters__summary button")
        .ok()
        .flatten()
    {
        let _ = reset.toggle_attribute_with_force("disabled", !f.is_active());
    }
    if let Some(empty) = query(".matrix__empty") {
        hide(&empty, shown != 0);
    }
}
