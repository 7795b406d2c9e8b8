//! The matrix table as markup. The pre-rendered first screen (`preview`, with inert
//! placeholders) and the live matrix (`shell::matrix`, with each activity's control) are the
//! same table from here, so the live page takes the pre-rendered one over in place, and
//! builds it again from here when the top bar's choice or the progress states change.
//!
//! Markers for the live page: `data-i` (activity index) on each activity, `data-sub` on each
//! row, `data-level` on level headers and cells, `data-min-level` (lowest level of a row or
//! dimension) for the preview's inline script.

use crate::domain::assessment::progress::{
    group_progress, icon, options_html, progress_kind, status_name, status_options, ProgressDefs,
    Status,
};
use crate::domain::assessment::scores::GroupCounts;
use crate::domain::model::{Activity, Model, LEVEL_TITLES};
use crate::domain::views::html::escape;
use crate::domain::views::route::activity_href;

/// The expected height of a cell's list of `n` activities before it is first laid out
/// (the list has `content-visibility: auto`): an activity takes about 5.3em (measured).
/// Activities per cell that style/app.css gives an expected height for (`.acts[data-n]`);
/// bigger cells use the last one. An attribute rather than a `style` attribute, which the
/// Content-Security-Policy (no inline styles) would refuse.
pub const MAX_CELL_ROWS: usize = 16;

pub fn acts_rows(n: usize) -> usize {
    n.clamp(1, MAX_CELL_ROWS)
}

/// The lowest level of a sub-dimension's activities: with the highest level shown set below
/// it (a setting), the matrix leaves the row out.
pub fn lowest_level(m: &Model, sub: usize) -> u8 {
    let acts = m.subdimensions[sub].activities.iter();
    acts.map(|&i| m.activities[i as usize].level)
        .min()
        .unwrap_or(1)
}

/// The placeholder of an activity's control in the pre-rendered matrix: the size of the
/// live control, no state, nothing to operate.
pub fn pending(_: usize) -> String {
    "<span class=\"status status--pending\" aria-hidden=\"true\"><span class=\"status__toggle\"></span><span class=\"status__select\">…</span></span>".into()
}

/// One team's control of activity `a`: the done toggle and the state picker, the state shown
/// by icon and name (never colour alone); `data-progress` is what the styles use. `toggle`:
/// what a click on the toggle moves the team to ([`toggled`](crate::domain::assessment::progress::toggled)), said in its tooltip.
pub fn single_control(
    a: &Activity,
    team: &str,
    defs: &ProgressDefs,
    status: Status,
    toggle: Status,
) -> String {
    format!(
        "<span class=\"status\" data-state=\"{}\" data-progress=\"{}\"><button type=\"button\" class=\"status__toggle\" aria-pressed=\"{}\" aria-label=\"{}\" title=\"{}\"><span aria-hidden=\"true\">{}</span></button><select class=\"status__select\" aria-label=\"{}\">{}</select></span>",
        escape(&status.value()),
        progress_kind(defs, status),
        status == Status::State(defs.completed()),
        escape(&done_label(a, team)),
        escape(&toggle_title(defs, toggle)),
        icon(defs, status),
        escape(&picker_label(a, team)),
        options_html(&status_options(defs), Some(status)),
    )
}

/// The label of the done toggle of activity `a` for `team` (here and on the other pages).
pub fn done_label(a: &Activity, team: &str) -> String {
    format!("Done: {} ({team})", a.name)
}

/// What the done toggle says it does (its tooltip): the status a click moves to
/// ([`crate::domain::assessment::progress::toggled`]).
pub fn toggle_title(defs: &ProgressDefs, to: Status) -> String {
    let name = status_name(defs, to);
    if to == Status::State(defs.completed()) {
        format!("Mark as done ({name})")
    } else {
        format!("Un-mark done: back to {name}")
    }
}

/// The label of the state picker of activity `a` for `team`.
pub fn picker_label(a: &Activity, team: &str) -> String {
    format!("Progress of {} for {team}", a.name)
}

/// What `.status__count` holds: how many of the chosen teams completed an activity ("◑ 0/2")
/// and, for screen readers, that and how many are in progress as a sentence. The matrix's
/// and the activity page's one markup; [`group_going`] is the visible in-progress count.
pub fn group_count(c: GroupCounts) -> String {
    let GroupCounts { done, going, of } = c;
    let said = if going > 0 {
        format!(", in progress: {going}")
    } else {
        String::new()
    };
    format!(
        "<span aria-hidden=\"true\">{} {done}/{of}</span><span class=\"visually-hidden\">Teams done: {done} of {of}{said}</span>",
        group_progress(c).0
    )
}

/// What `.status__going` shows: how many of the chosen teams are in progress ("2 in
/// progress"; empty when none), beside how many are done (two teams at Partly showed "○ 0/2").
pub fn group_going(c: GroupCounts) -> String {
    if c.going > 0 {
        format!("{} in progress", c.going)
    } else {
        String::new()
    }
}

/// The label of the "set all" picker of activity `a` for `teams` teams.
pub fn group_label(a: &Activity, teams: usize) -> String {
    format!("Set {} for all {teams} teams shown", a.name)
}

/// The control of activity `a` when several teams are chosen: how many of them completed it
/// (`done` of `of`), and a picker that sets a state for all `teams` of them.
pub fn group_control(
    a: &Activity,
    teams: usize,
    counts: GroupCounts,
    defs: &ProgressDefs,
) -> String {
    format!(
        "<span class=\"status status--group\"><span class=\"status__count\">{}</span><select class=\"status__select\" aria-label=\"{}\"{}><option value=\"\" selected>Set all…</option>{}</select><span class=\"status__going\" aria-hidden=\"true\">{}</span></span>",
        group_count(counts),
        escape(&group_label(a, teams)),
        if teams == 0 { " disabled" } else { "" },
        options_html(&status_options(defs), None),
        group_going(counts),
    )
}

/// The options of the dimension filter: all, then each dimension (`d:<name>`) with its
/// sub-dimensions (`s:<name>`), the values `Filters` reads from the picker.
pub fn filter_options(m: &Model) -> String {
    let mut h = String::from("<option value=\"\">All dimensions</option>");
    for d in m.dimensions {
        let name = escape(d.name);
        h.push_str(&format!(
            "<optgroup label=\"{name}\"><option value=\"d:{name}\">All of {name}</option>"
        ));
        for &s in d.subdimensions {
            let sub = escape(m.subdimensions[s as usize].name);
            h.push_str(&format!("<option value=\"s:{sub}\">{sub}</option>"));
        }
        h.push_str("</optgroup>");
    }
    h
}

/// What tells a table of this model from one of another (a cached page of another
/// version): the model version, activity count and the first and last uuid.
pub fn fingerprint(m: &Model) -> String {
    let uuid = |a: Option<&Activity>| a.map_or("", |a| a.uuid);
    format!(
        "{} {} {} {}",
        m.version,
        m.activities.len(),
        uuid(m.activities.first()),
        uuid(m.activities.last())
    )
}

/// The whole table: every dimension, sub-dimension and level, each activity with the markup
/// `control` gives for its index, then its link and tags.
pub fn table(m: &Model, caption: &str, control: &dyn Fn(usize) -> String) -> String {
    let mut h = String::with_capacity(192 * 1024);
    h.push_str(&format!(
        "<table class=\"matrix\" data-model=\"{}\"><caption class=\"visually-hidden\">{}</caption><thead><tr><th scope=\"col\" class=\"matrix__sub\">Sub-dimension</th>",
        escape(&fingerprint(m)),
        escape(caption)
    ));
    for (i, t) in LEVEL_TITLES.iter().enumerate() {
        h.push_str(&format!(
            "<th scope=\"col\" data-level=\"{}\">{}</th>",
            i + 1,
            escape(t)
        ));
    }
    h.push_str("</tr></thead>");
    for d in m.dimensions {
        let lowest = d.subdimensions.iter().map(|&s| lowest_level(m, s as usize));
        h.push_str(&format!(
            "<tbody data-min-level=\"{}\"><tr class=\"matrix__dim\"><th scope=\"rowgroup\" colspan=\"6\">{}</th></tr>",
            lowest.min().unwrap_or(1),
            escape(d.name)
        ));
        for &s in d.subdimensions {
            row(&mut h, m, s as usize, control);
        }
        h.push_str("</tbody>");
    }
    h.push_str("</table>");
    h
}

fn row(h: &mut String, m: &Model, sub: usize, control: &dyn Fn(usize) -> String) {
    let s = &m.subdimensions[sub];
    h.push_str(&format!(
        "<tr data-sub=\"{sub}\" data-min-level=\"{}\"><th scope=\"row\" class=\"matrix__sub\"><span class=\"matrix__subname\">{}</span><span class=\"matrix__count\">&nbsp;</span></th>",
        lowest_level(m, sub),
        escape(s.name)
    ));
    for level in 1..=5u8 {
        let acts = m.cell(sub, level);
        if acts.is_empty() {
            h.push_str(&format!("<td class=\"matrix__cell matrix__cell--empty\" data-level=\"{level}\"><span class=\"visually-hidden\">No activities</span></td>"));
            continue;
        }
        h.push_str(&format!(
            "<td class=\"matrix__cell\" data-level=\"{level}\"><span class=\"matrix__cellcount\">&nbsp;</span><ul class=\"acts\" data-n=\"{}\">",
            acts_rows(acts.len())
        ));
        for i in acts {
            let a = &m.activities[i];
            h.push_str(&format!("<li class=\"act\" data-i=\"{i}\">"));
            h.push_str(&control(i));
            h.push_str(&format!(
                "<a class=\"act__name\" href=\"{}\">{}</a>",
                escape(&activity_href(a.uuid)),
                escape(a.name)
            ));
            // On the tags' line, first: a marker beside the name would take a cell of the
            // activity's grid.
            let marker = origin_marker(a.origin);
            if !a.tags.is_empty() || !marker.is_empty() {
                h.push_str("<span class=\"act__tags\">");
                h.push_str(&marker);
                for t in a.tags {
                    h.push_str(&format!("<span class=\"tag\">{}</span>", escape(t)));
                }
                h.push_str("</span>");
            }
            h.push_str("</li>");
        }
        h.push_str("</ul></td>");
    }
    h.push_str("</tr>");
}

/// The marker of an activity from the organisation's custom activity files (nothing for
/// an official one): a word, with its meaning as the title.
pub fn origin_marker(origin: crate::domain::model::Origin) -> String {
    match (origin.label(), origin.meaning()) {
        (Some(label), Some(meaning)) => format!(
            "<span class=\"origin\" title=\"{}\">{}</span>",
            escape(meaning),
            escape(label)
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::MODEL;

    #[test]
    fn every_activity_once_in_model_order_within_its_cell_with_its_control() {
        let html = table(&MODEL, "c", &|i| format!("<b>{i}</b>"));
        assert_eq!(
            html.matches("<li class=\"act\"").count(),
            MODEL.activities.len()
        );
        for (i, a) in MODEL.activities.iter().enumerate() {
            let li = format!(
                "<li class=\"act\" data-i=\"{i}\"><b>{i}</b><a class=\"act__name\" href=\"{}\">{}</a>",
                escape(&activity_href(a.uuid)),
                escape(a.name)
            );
            assert_eq!(html.matches(&li).count(), 1, "{}", a.name);
        }
        assert_eq!(
            html.matches("<tr data-sub=").count(),
            MODEL.subdimensions.len()
        );
        assert_eq!(html.matches("<tbody").count(), MODEL.dimensions.len());
    }

    #[test]
    fn the_dimension_filter_offers_every_dimension_and_sub_dimension() {
        let html = filter_options(&MODEL);
        assert_eq!(html.matches("<optgroup").count(), MODEL.dimensions.len());
        let subs = MODEL.subdimensions.len();
        assert_eq!(
            html.matches("<option").count(),
            1 + MODEL.dimensions.len() + subs
        );
        for s in MODEL.subdimensions {
            assert!(html.contains(&format!("value=\"s:{}\"", escape(s.name))));
        }
    }

    #[test]
    fn controls_escape_names_and_show_the_state_as_text_and_icon() {
        let defs = ProgressDefs::default();
        let a = Activity {
            name: "A <b>\"x\"</b>",
            ..MODEL.activities[0].clone()
        };
        let done = Status::State(defs.completed());
        let html = single_control(&a, "O'Brien: \"ops\"", &defs, done, Status::State(2));
        assert!(!html.contains("<b>"));
        assert!(html.contains("aria-label=\"Done: A &lt;b&gt;&quot;x&quot;&lt;/b&gt; (O&#39;Brien: &quot;ops&quot;)\""));
        assert!(html.contains("aria-pressed=\"true\""));
        assert!(html.contains("title=\"Un-mark done: back to Partly implemented\""));
        assert!(html.contains("data-progress=\"done\""));
        assert!(html.contains(&format!(
            "<span aria-hidden=\"true\">{}</span>",
            icon(&defs, done)
        )));
        assert_eq!(html.matches(" selected").count(), 1);
        let none = single_control(&a, "T", &defs, Status::State(0), done);
        assert!(none.contains("aria-pressed=\"false\"") && none.contains("data-progress=\"none\""));
        assert!(none.contains("title=\"Mark as done (Fully implemented)\""));

        let c = |done, going, of| GroupCounts { done, going, of };
        let group = group_control(&a, 2, c(1, 0, 2), &defs);
        assert!(group.contains("◑ 1/2"));
        assert!(group.contains(
            "aria-label=\"Set A &lt;b&gt;&quot;x&quot;&lt;/b&gt; for all 2 teams shown\""
        ));
        assert!(!group.contains(" disabled"));
        assert!(group_control(&a, 0, c(0, 0, 0), &defs).contains(" disabled"));
        assert!(group_count(c(2, 0, 2)).contains(">● 2/2<"));
        assert!(group_count(c(0, 0, 2)).contains(">○ 0/2<"));
        // Two teams at Started or Partly: in progress, not "nothing".
        let going = group_count(c(0, 2, 2));
        assert!(going.contains(">◑ 0/2<"), "{going}");
        assert!(going.contains("Teams done: 0 of 2, in progress: 2"));
        assert_eq!(group_going(c(0, 2, 2)), "2 in progress");
        assert_eq!(group_going(c(2, 0, 2)), "");
        assert!(group_count(c(1, 1, 3)).contains(">◑ 1/3<"));
        assert!(group_control(&a, 3, c(1, 1, 3), &defs).contains(">1 in progress</span></span>"));
    }
}
