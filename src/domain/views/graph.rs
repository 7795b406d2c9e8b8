//! Dependency graphs (`dependsOn`) as SVG markup: one activity's prerequisites and
//! dependents (transitively, to a chosen depth) on its page, and a whole dimension's graph.
//!
//! The layout is layered and deterministic (the same picture on every load, unlike the
//! reference app's force layout): one column per maturity level, split where an activity
//! depends on another of the same level, so every arrow points right; rows ordered to keep
//! arrows short (barycentre sweeps, ties by model order); fixed-size boxes with the name
//! wrapped inside, so nothing overlaps. Each box is a link to its activity with a full
//! accessible name, and shows the chosen teams' state by icon, text and colour.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::domain::assessment::progress::{
    group_progress, icon, progress_kind, ProgressDefs, Status,
};
use crate::domain::assessment::scores::{scope_state, teams_done};
use crate::domain::assessment::ActivityProgress;
use crate::domain::model::Model;
use crate::domain::views::html::escape;
use crate::domain::views::route::activity_href;

/// How a box relates to what the graph is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The activity whose page shows the graph.
    Focus,
    Prerequisite,
    Dependent,
    /// An activity of the dimension shown.
    Member,
    /// A direct prerequisite or dependent from another dimension.
    Outside,
}

impl Role {
    fn class(self) -> &'static str {
        match self {
            Role::Focus => "focus",
            Role::Prerequisite => "prerequisite",
            Role::Dependent => "dependent",
            Role::Member => "member",
            Role::Outside => "outside",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Role::Focus => "this activity",
            Role::Prerequisite => "prerequisite",
            Role::Dependent => "depends on this activity",
            Role::Member => "",
            Role::Outside => "from another dimension",
        }
    }
}

/// The activity `focus` with its prerequisites and dependents up to `depth` steps away
/// (`None`: all), in model order.
pub fn around(m: &Model, focus: usize, depth: Option<usize>) -> Vec<(usize, Role)> {
    let mut roles = BTreeMap::from([(focus, Role::Focus)]);
    for (role, up) in [(Role::Prerequisite, true), (Role::Dependent, false)] {
        let mut queue = VecDeque::from([(focus, 0usize)]);
        let mut seen = BTreeSet::from([focus]);
        while let Some((i, d)) = queue.pop_front() {
            if depth.is_some_and(|max| d >= max) {
                continue;
            }
            let a = &m.activities[i];
            let next = if up { a.depends_on } else { a.required_by };
            for &j in next {
                let j = j as usize;
                if seen.insert(j) {
                    roles.entry(j).or_insert(role);
                    queue.push_back((j, d + 1));
                }
            }
        }
    }
    roles.into_iter().collect()
}

/// The activities of dimension `dim` (up to `max_level`) and their direct prerequisites and
/// dependents in other dimensions, in model order.
pub fn of_dimension(m: &Model, dim: usize, max_level: u8) -> Vec<(usize, Role)> {
    let mut roles = BTreeMap::new();
    for a in m
        .activities
        .iter()
        .filter(|a| a.dimension as usize == dim && a.level <= max_level)
    {
        roles.insert(a.index as usize, Role::Member);
    }
    let members: Vec<usize> = roles.keys().copied().collect();
    for i in members {
        let a = &m.activities[i];
        for &j in a.depends_on.iter().chain(a.required_by) {
            let b = &m.activities[j as usize];
            if b.level <= max_level {
                roles.entry(j as usize).or_insert(Role::Outside);
            }
        }
    }
    roles.into_iter().collect()
}

/// A placed box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub activity: usize,
    pub role: Role,
    pub col: usize,
    pub row: usize,
    /// Top of the box below the column heads: as near its prerequisites' middle as the
    /// boxes above it in its column allow.
    pub y: u32,
}

/// A layered layout: boxes by column and row, arrows as (prerequisite box, dependent box).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// In column order, each column top to bottom (the keyboard's order too).
    pub nodes: Vec<Node>,
    pub edges: Vec<(usize, usize)>,
    /// (maturity level, part) of each column; part > 0 holds activities that depend on
    /// others of the same level.
    pub columns: Vec<(u8, usize)>,
    /// Height of the tallest column, from the top of the first box to the bottom of the last.
    pub height: u32,
}

/// Lays out `set` (activities with their roles): see the module comment.
pub fn layout(m: &Model, set: &[(usize, Role)]) -> Layout {
    let index: BTreeMap<usize, usize> = set.iter().enumerate().map(|(k, &(i, _))| (i, k)).collect();
    let n = set.len();
    // Arrows within the set, by position in `set`.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(i, _)) in set.iter().enumerate() {
        for &p in m.activities[i].depends_on {
            if let Some(&pk) = index.get(&(p as usize)) {
                preds[k].push(pk);
                succs[pk].push(k);
            }
        }
    }
    let level = |k: usize| m.activities[set[k].0].level;
    // Part within the level: one more than the deepest same-level prerequisite's (the model
    // has no cycles; a guard stops one anyway).
    let mut part: Vec<Option<usize>> = vec![None; n];
    fn part_of(
        k: usize,
        preds: &[Vec<usize>],
        level: &dyn Fn(usize) -> u8,
        part: &mut Vec<Option<usize>>,
        visiting: &mut Vec<bool>,
    ) -> usize {
        if let Some(p) = part[k] {
            return p;
        }
        if visiting[k] {
            return 0;
        }
        visiting[k] = true;
        let p = preds[k]
            .iter()
            .filter(|&&q| level(q) == level(k))
            .map(|&q| part_of(q, preds, level, part, visiting) + 1)
            .max()
            .unwrap_or(0);
        visiting[k] = false;
        part[k] = Some(p);
        p
    }
    let mut visiting = vec![false; n];
    for k in 0..n {
        part_of(k, &preds, &level, &mut part, &mut visiting);
    }
    let key = |k: usize| (level(k), part[k].unwrap_or(0));
    let columns: Vec<(u8, usize)> = (0..n)
        .map(key)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let col_of = |k: usize| columns.binary_search(&key(k)).unwrap_or(0);
    // Initial order: model order (`set` is in model order).
    let mut cols: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    for k in 0..n {
        cols[col_of(k)].push(k);
    }
    let mut row = vec![0f64; n];
    let place = |cols: &Vec<Vec<usize>>, row: &mut Vec<f64>| {
        for c in cols {
            for (r, &k) in c.iter().enumerate() {
                row[k] = r as f64;
            }
        }
    };
    place(&cols, &mut row);
    // Barycentre sweeps: right using prerequisites, then left using dependents.
    for sweep in 0..8 {
        let forward = sweep % 2 == 0;
        let order: Vec<usize> = if forward {
            (0..cols.len()).collect()
        } else {
            (0..cols.len()).rev().collect()
        };
        for c in order {
            let neighbours = |k: usize| if forward { &preds[k] } else { &succs[k] };
            let mut keyed: Vec<(f64, usize, usize)> = cols[c]
                .iter()
                .enumerate()
                .map(|(r, &k)| {
                    let ns = neighbours(k);
                    let bary = if ns.is_empty() {
                        r as f64
                    } else {
                        ns.iter().map(|&q| row[q]).sum::<f64>() / ns.len() as f64
                    };
                    (bary, r, k)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            cols[c] = keyed.into_iter().map(|(_, _, k)| k).collect();
            for (r, &k) in cols[c].iter().enumerate() {
                row[k] = r as f64;
            }
        }
    }
    // Heights: column by column, each box level with the middle of its prerequisites when
    // the box above leaves room, else just below that box.
    let mut top = vec![0u32; n];
    let step = BOX_H + ROW_GAP;
    let mut slot = vec![0usize; n];
    let mut nodes = Vec::with_capacity(n);
    let mut height = 0;
    for (c, ks) in cols.iter().enumerate() {
        let mut next_free = 0u32;
        for (r, &k) in ks.iter().enumerate() {
            let wanted = if preds[k].is_empty() {
                next_free
            } else {
                let sum: u32 = preds[k].iter().map(|&p| top[p]).sum();
                sum / preds[k].len() as u32
            };
            top[k] = wanted.max(next_free);
            next_free = top[k] + step;
            height = height.max(top[k] + BOX_H);
            slot[k] = nodes.len();
            nodes.push(Node {
                activity: set[k].0,
                role: set[k].1,
                col: c,
                row: r,
                y: top[k],
            });
        }
    }
    let mut edges = Vec::new();
    for (k, ps) in preds.iter().enumerate() {
        for &p in ps {
            edges.push((slot[p], slot[k]));
        }
    }
    edges.sort_unstable();
    Layout {
        nodes,
        edges,
        columns,
        height,
    }
}

/// Box and spacing sizes, in SVG user units (CSS pixels at 100 %).
pub const BOX_W: u32 = 256;
pub const BOX_H: u32 = 80;
/// Lines for the name: every name of the model fits (a test checks), so none is cut.
const NAME_LINES: usize = 3;
const COL_GAP: u32 = 56;
const ROW_GAP: u32 = 14;
const PAD: u32 = 8;
const HEAD: u32 = 28;
/// Text inside a box: 13 px names, 10 px side padding.
const FONT_PX: f64 = 13.0;
const TEXT_W: f64 = (BOX_W - 20) as f64;

/// A box's top-left corner in the drawing.
pub fn position(_: &Layout, node: &Node) -> (u32, u32) {
    (
        PAD + node.col as u32 * (BOX_W + COL_GAP),
        HEAD + PAD + node.y,
    )
}

/// The drawing's size.
pub fn size(l: &Layout) -> (u32, u32) {
    let cols = l.columns.len() as u32;
    let w = 2 * PAD + cols * BOX_W + cols.saturating_sub(1) * COL_GAP;
    (w, HEAD + 2 * PAD + l.height)
}

/// A conservative width of `text` at [`FONT_PX`] (em fractions by character class, wide
/// enough for common sans-serif fonts), so wrapped lines stay inside their box.
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | '|' | ':' | ';' | '!' => 0.32,
            ' ' | 'f' | 'r' | 't' | '(' | ')' | '/' | '-' => 0.42,
            'm' | 'w' | 'M' | 'W' | '@' => 0.95,
            c if c.is_ascii_uppercase() => 0.75,
            c if c.is_ascii() => 0.62,
            _ => 1.0,
        })
        .sum::<f64>()
        * FONT_PX
}

/// `text` in at most `lines` lines of at most `width`, by words; what does not fit ends in
/// "…" (the whole text is in the box's accessible name and tooltip).
pub fn wrap(text: &str, width: f64, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while out.len() < lines {
        let mut line = String::new();
        while let Some(w) = words.peek() {
            let candidate = if line.is_empty() {
                w.to_string()
            } else {
                format!("{line} {w}")
            };
            if text_width(&candidate) <= width {
                line = candidate;
                words.next();
            } else if line.is_empty() {
                // A single word wider than the box: cut it.
                line = cut(w, width);
                words.next();
                break;
            } else {
                break;
            }
        }
        if line.is_empty() {
            break;
        }
        out.push(line);
    }
    if words.peek().is_some() {
        if let Some(last) = out.last_mut() {
            *last = cut(&format!("{last} …"), width);
            if !last.ends_with('…') {
                last.push('…');
            }
        }
    }
    out
}

fn cut(text: &str, width: f64) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if text_width(&format!("{s}{c}…")) > width {
            s.push('…');
            return s;
        }
        s.push(c);
    }
    s
}

/// What a box says of the chosen teams' state: icon, text, and a kind for its colour
/// (none, partial, done, na).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeState {
    pub icon: &'static str,
    pub text: String,
    pub kind: &'static str,
}

/// A box's state for the chosen `teams`: one team's state (icon and name), or how many of
/// several completed it ([`scope_state`]'s text).
pub fn node_state(p: &ActivityProgress, teams: &[String], defs: &ProgressDefs) -> NodeState {
    let text = scope_state(p, teams, defs).text;
    let (icon, kind) = match teams {
        [team] => {
            let status = p.get(team).map_or(Status::State(0), |r| r.status(defs));
            (icon(defs, status), progress_kind(defs, status))
        }
        _ => {
            let (done, of) = teams_done(p, teams, defs);
            group_progress(done, of)
        }
    };
    NodeState { icon, text, kind }
}

/// The graph as SVG: column heads, arrows (behind), then one link per box in column order.
/// `id` makes the arrowhead's id unique on the page; `label` names the drawing.
pub fn svg(
    m: &Model,
    l: &Layout,
    id: &str,
    label: &str,
    state: &dyn Fn(usize) -> NodeState,
) -> String {
    let (w, h) = size(l);
    let mut s = format!(
        "<svg class=\"graph\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-label=\"{}\"><defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"graph__arrowhead\" d=\"M0 0L10 5L0 10z\"/></marker></defs>",
        escape(label)
    );
    s.push_str("<g class=\"graph__heads\" aria-hidden=\"true\">");
    for (c, &(level, part)) in l.columns.iter().enumerate() {
        let x = PAD + c as u32 * (BOX_W + COL_GAP);
        let more = if part > 0 { " (cont.)" } else { "" };
        s.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\">Level {level}{more}</text>",
            PAD + 14
        ));
    }
    s.push_str("</g><g class=\"graph__edges\" aria-hidden=\"true\">");
    for &(from, to) in &l.edges {
        let (x1, y1) = position(l, &l.nodes[from]);
        let (x2, y2) = position(l, &l.nodes[to]);
        // Signed: an arrow could point left in a custom model whose prerequisite has a higher
        // level than what depends on it.
        let (x1, y1) = (i64::from(x1 + BOX_W), y1 + BOX_H / 2);
        let (x2, y2) = (i64::from(x2), y2 + BOX_H / 2);
        let bend = ((x2 - x1) / 2).abs().max(24);
        s.push_str(&format!(
            "<path class=\"graph__edge\" d=\"M{x1} {y1}C{} {y1} {} {y2} {x2} {y2}\" marker-end=\"url(#{id}-arrow)\"/>",
            x1 + bend,
            x2 - bend
        ));
    }
    s.push_str("</g><g class=\"graph__nodes\">");
    for node in &l.nodes {
        let a = &m.activities[node.activity];
        let st = state(node.activity);
        let (x, y) = position(l, node);
        let sub = m.subdimension_of(a).name;
        let role = node.role.words();
        let mut name = format!("{}, level {}, {sub}", a.name, a.level);
        if !role.is_empty() {
            name.push_str(&format!("; {role}"));
        }
        if node.role == Role::Outside {
            name.push_str(&format!(" ({})", m.dimension_of(a).name));
        }
        name.push_str(&format!("; {}", st.text));
        let current = if node.role == Role::Focus {
            " aria-current=\"page\""
        } else {
            ""
        };
        // The accessible name comes from the title (name, level, sub-dimension, role, state),
        // which starts with the whole visible name, as WCAG's "label in name" asks.
        s.push_str(&format!(
            "<a href=\"{}\" class=\"graph__node graph__node--{} graph__node--{}\"{current}><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"8\"/>",
            escape(&activity_href(a.uuid)),
            node.role.class(),
            st.kind,
            escape(&name),
        ));
        let lines = wrap(a.name, TEXT_W, NAME_LINES);
        s.push_str(&format!(
            "<text class=\"graph__name\" x=\"{}\" y=\"{}\">",
            x + 10,
            y + 20
        ));
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { 0 } else { 16 };
            s.push_str(&format!(
                "<tspan x=\"{}\" dy=\"{dy}\">{}</tspan>",
                x + 10,
                escape(line)
            ));
        }
        s.push_str("</text>");
        let state_line = wrap(&format!("{} {}", st.icon, st.text), TEXT_W, 1);
        s.push_str(&format!(
            "<text class=\"graph__state\" x=\"{}\" y=\"{}\">{}</text></a>",
            x + 10,
            y + BOX_H - 10,
            escape(state_line.first().map_or("", String::as_str))
        ));
    }
    s.push_str("</g></svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::MODEL;

    fn build() -> usize {
        MODEL.activity_by_name("Defined build process").unwrap()
    }

    #[test]
    fn around_follows_dependencies_both_ways_to_the_depth_asked() {
        let b = build();
        let one = around(&MODEL, b, Some(1));
        let a = &MODEL.activities[b];
        assert_eq!(one.len(), 1 + a.depends_on.len() + a.required_by.len());
        assert!(one.contains(&(b, Role::Focus)));
        for &d in a.required_by {
            assert!(one.contains(&(d as usize, Role::Dependent)));
        }
        let all = around(&MODEL, b, None);
        assert!(all.len() > one.len());
        // Transitive: a dependent of a dependent is in.
        let second = MODEL.activities[a.required_by[0] as usize].required_by;
        if let Some(&s) = second.first() {
            assert!(all.iter().any(|&(i, _)| i == s as usize));
        }
        let two = around(&MODEL, b, Some(2));
        assert!(two.len() >= one.len() && two.len() <= all.len());
    }

    #[test]
    fn the_layout_is_deterministic_every_arrow_points_right_and_no_boxes_overlap() {
        for focus in 0..MODEL.activities.len() {
            let set = around(&MODEL, focus, None);
            let l = layout(&MODEL, &set);
            assert_eq!(l, layout(&MODEL, &set), "same picture every time");
            assert_eq!(l.nodes.len(), set.len());
            for &(p, d) in &l.edges {
                assert!(l.nodes[p].col < l.nodes[d].col, "arrow left to right");
            }
            let boxes: Vec<(u32, u32)> = l.nodes.iter().map(|n| position(&l, n)).collect();
            let (w, h) = size(&l);
            for (i, &(x, y)) in boxes.iter().enumerate() {
                assert!(x + BOX_W <= w && y + BOX_H <= h);
                for &(x2, y2) in &boxes[i + 1..] {
                    let apart =
                        x + BOX_W <= x2 || x2 + BOX_W <= x || y + BOX_H <= y2 || y2 + BOX_H <= y;
                    assert!(apart, "boxes overlap around activity {focus}");
                }
            }
            // Columns by maturity level, lowest first.
            for n in &l.nodes {
                assert_eq!(l.columns[n.col].0, MODEL.activities[n.activity].level);
            }
        }
    }

    #[test]
    fn every_activity_name_fits_its_box_whole() {
        for a in MODEL.activities {
            let lines = wrap(a.name, TEXT_W, NAME_LINES);
            assert!(!lines.is_empty() && lines.len() <= NAME_LINES);
            assert_eq!(lines.join(" "), a.name, "not cut");
            for l in &lines {
                assert!(text_width(l) <= TEXT_W, "{l}");
            }
        }
        assert_eq!(wrap("a b", 1000.0, 2), ["a b"]);
        let long = wrap(&"word ".repeat(40), 100.0, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }

    #[test]
    fn a_dimension_graph_has_its_activities_and_direct_outside_neighbours() {
        let set = of_dimension(&MODEL, 0, 5);
        let members = set.iter().filter(|(_, r)| *r == Role::Member).count();
        let expected = MODEL.activities.iter().filter(|a| a.dimension == 0).count();
        assert_eq!(members, expected);
        for &(i, r) in &set {
            if r == Role::Outside {
                assert_ne!(MODEL.activities[i].dimension, 0);
            }
        }
        let low = of_dimension(&MODEL, 0, 1);
        assert!(low.iter().all(|&(i, _)| MODEL.activities[i].level <= 1));
    }

    #[test]
    fn a_box_shows_one_teams_state_or_how_many_teams_are_done() {
        use crate::domain::assessment::date::Date;
        let defs = ProgressDefs::default();
        let mut p = ActivityProgress::new();
        p.entry("A".into()).or_default().set_state(
            &defs,
            defs.completed(),
            Date::new(2025, 1, 1).unwrap(),
        );
        let t = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let one = node_state(&p, &t(&["A"]), &defs);
        assert_eq!((one.icon, one.kind), ("●", "done"));
        let two = node_state(&p, &t(&["A", "B"]), &defs);
        assert_eq!(
            (two.icon, two.kind, two.text.as_str()),
            ("◑", "partial", "1 of 2 teams done")
        );
        assert_eq!(node_state(&p, &t(&["B"]), &defs).kind, "none");
    }

    #[test]
    fn the_svg_escapes_text_links_every_box_and_marks_the_focus() {
        let b = build();
        let set = around(&MODEL, b, Some(1));
        let l = layout(&MODEL, &set);
        let state = |_: usize| NodeState {
            icon: "●",
            text: "<b>Done</b>".into(),
            kind: "done",
        };
        let svg = svg(&MODEL, &l, "g1", "Dependencies of \"x\"", &state);
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches("<a href=").count(), set.len());
        assert_eq!(svg.matches("aria-current=\"page\"").count(), 1);
        assert_eq!(svg.matches("<title>").count(), set.len());
        assert!(svg.contains("id=\"g1-arrow\""));
        assert_eq!(svg.matches("marker-end=").count(), l.edges.len());
    }
}
