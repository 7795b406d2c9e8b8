//! Dependency graphs (`dependsOn`) as SVG markup: one activity's prerequisites and
//! dependents (transitively, to a chosen depth) on its page, and a whole dimension's graph.
//!
//! The layout is layered and deterministic (the same picture on every load, unlike the
//! reference app's force layout): one column per maturity level, split where an activity
//! depends on another of the same level (as many columns as its longest same-level chain), so
//! every arrow points right. An arrow that spans columns runs along a lane between the boxes
//! of each column it passes, so it never runs through a box it does not connect; rows are
//! ordered to cross few arrows (barycentre sweeps both ways and neighbour swaps, the best
//! order kept, ties by model order) and placed near their neighbours' middle; fixed-size
//! boxes with the name wrapped inside, so nothing overlaps. Each box is a link to its
//! activity with a full accessible name, and shows the chosen teams' state by icon, text and
//! colour.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::domain::assessment::progress::{
    group_progress, icon, progress_kind, ProgressDefs, Status,
};
use crate::domain::assessment::scores::{group_counts, scope_state};
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

/// An arrow from a prerequisite's box to its dependent's (indices into [`Layout::nodes`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Heights (below the column heads) where it leaves `from` and enters `to`.
    pub out_y: u32,
    pub in_y: u32,
    /// Its height in each column between `from`'s and `to`'s: a lane between two boxes.
    pub via: Vec<u32>,
}

/// A layered layout: boxes by column and row, and the arrows between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// In column order, each column top to bottom (the keyboard's order too).
    pub nodes: Vec<Node>,
    /// By (from, to).
    pub edges: Vec<Edge>,
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
    for (k, &(i, _)) in set.iter().enumerate() {
        for &p in m.activities[i].depends_on {
            if let Some(&pk) = index.get(&(p as usize)) {
                preds[k].push(pk);
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
    let col: Vec<usize> = (0..n)
        .map(|k| columns.binary_search(&key(k)).unwrap_or(0))
        .collect();
    // Items to order and place, column by column: the boxes (item k is box k), then a
    // waypoint in each column an arrow passes, so that it runs between boxes, never through
    // one. Arrows from one box share their waypoints (one line until they part), which keeps a
    // prerequisite of many from filling the columns it passes with lanes.
    let mut item_col = col.clone();
    let mut arrows: Vec<(usize, usize)> = preds
        .iter()
        .enumerate()
        .flat_map(|(k, ps)| ps.iter().map(move |&p| (p, k)))
        .collect();
    arrows.sort_unstable();
    arrows.dedup();
    // Each arrow's items from prerequisite to dependent; empty for one that does not point
    // right (only a custom model can have one), which is drawn straight.
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(arrows.len());
    let mut waypoint: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &(p, k) in &arrows {
        if col[p] >= col[k] {
            chains.push(Vec::new());
            continue;
        }
        let mut chain = vec![p];
        for c in col[p] + 1..col[k] {
            let it = *waypoint.entry((p, c)).or_insert_with(|| {
                item_col.push(c);
                item_col.len() - 1
            });
            chain.push(it);
        }
        chain.push(k);
        chains.push(chain);
    }
    let items = item_col.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); items];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); items];
    for chain in &chains {
        for w in chain.windows(2) {
            if !down[w[0]].contains(&w[1]) {
                down[w[0]].push(w[1]);
                up[w[1]].push(w[0]);
            }
        }
    }
    // Boxes without arrows take no part in the ordering: they fill the room left between
    // the others afterwards, so they neither push those apart nor stretch the drawing.
    let alone: Vec<bool> = (0..items)
        .map(|it| it < n && up[it].is_empty() && down[it].is_empty())
        .collect();
    let mut cols: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    for (it, &c) in item_col.iter().enumerate() {
        if !alone[it] {
            cols[c].push(it);
        }
    }
    let cols = order(cols, &up, &down, items);
    let centre = heights(&cols, &up, &down, n, items);
    // Middles in whole units from 0, never nearer than `gap` (rounding must not undo it).
    let min = cols
        .iter()
        .flatten()
        .map(|&it| centre[it] - half(it < n))
        .fold(f64::INFINITY, f64::min);
    let mut mid = vec![0u32; items];
    for c in &cols {
        for (r, &it) in c.iter().enumerate() {
            let least = if r == 0 {
                half(it < n) as u32
            } else {
                mid[c[r - 1]] + gap(c[r - 1] < n, it < n) as u32
            };
            mid[it] = ((centre[it] - min).round().max(0.0) as u32).max(least);
        }
    }
    // The lone boxes, in model order, into the first room large enough from the top.
    let mut cols: Vec<Vec<usize>> = cols;
    for (c, list) in cols.iter_mut().enumerate() {
        let mut placed: Vec<usize> = Vec::with_capacity(list.len());
        let mut others = list.iter().copied().peekable();
        // Bottom of what is above, and whether it is a box (None: nothing yet).
        let mut above: Option<(u32, bool)> = None;
        for k in (0..n).filter(|&k| alone[k] && col[k] == c) {
            loop {
                let t = above.map_or(0, |(bottom, b)| bottom + if b { ROW_GAP } else { LANE_GAP });
                let fits = others.peek().is_none_or(|&o| {
                    let o_top = mid[o] - half(o < n) as u32;
                    let space = if o < n { ROW_GAP } else { LANE_GAP };
                    t + BOX_H + space <= o_top
                });
                if fits {
                    mid[k] = t + BOX_H / 2;
                    placed.push(k);
                    above = Some((t + BOX_H, true));
                    break;
                }
                if let Some(o) = others.next() {
                    placed.push(o);
                    above = Some((mid[o] + half(o < n) as u32, o < n));
                }
            }
        }
        placed.extend(others);
        *list = placed;
    }
    let at = |it: usize| mid[it];
    let top = |k: usize| at(k) - BOX_H / 2;
    let mut slot = vec![0usize; n];
    let mut nodes = Vec::with_capacity(n);
    let mut pos = vec![0usize; items];
    for c in &cols {
        for (r, &it) in c.iter().enumerate() {
            pos[it] = r;
        }
        for (r, &k) in c.iter().filter(|&&it| it < n).enumerate() {
            slot[k] = nodes.len();
            nodes.push(Node {
                activity: set[k].0,
                role: set[k].1,
                col: col[k],
                row: r,
                y: top(k),
            });
        }
    }
    let height = (0..items)
        .map(|it| at(it) + if it < n { BOX_H / 2 } else { 0 })
        .max()
        .unwrap_or(0);
    // Ports: a box's arrows leave (and enter) it spread over its side, in the order of where
    // they go (come from), so that arrows sharing a box neither cross nor hide each other's
    // heads.
    let (mut out_y, mut in_y) = (vec![0u32; arrows.len()], vec![0u32; arrows.len()]);
    for (ends, ys, after) in [(0usize, &mut out_y, true), (1, &mut in_y, false)] {
        let mut by_box: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for (e, &(p, k)) in arrows.iter().enumerate() {
            let (b, chain) = (if ends == 0 { p } else { k }, &chains[e]);
            // Position of the next (previous) item; straight arrows last.
            let near = match chain.len() {
                0 => usize::MAX,
                len => pos[chain[if after { 1 } else { len - 2 }]],
            };
            by_box[b].push((near, e));
        }
        for (b, mut es) in by_box.into_iter().enumerate() {
            es.sort_unstable();
            // Arrows through one waypoint share a port.
            let mut ports: Vec<usize> = es.iter().map(|&(near, _)| near).collect();
            ports.dedup();
            let step = match ports.len() {
                0 | 1 => 0,
                len => PORT_STEP.min((BOX_H - 24) / (len as u32 - 1)),
            };
            let first = at(b) - step * (ports.len().max(1) as u32 - 1) / 2;
            for &(near, e) in &es {
                let i = ports.iter().position(|&q| q == near).unwrap_or(0);
                ys[e] = first + step * i as u32;
            }
        }
    }
    let mut edges: Vec<Edge> = arrows
        .iter()
        .enumerate()
        .map(|(e, &(p, k))| Edge {
            from: slot[p],
            to: slot[k],
            out_y: out_y[e],
            in_y: in_y[e],
            via: chains[e]
                .get(1..chains[e].len().saturating_sub(1))
                .unwrap_or(&[])
                .iter()
                .map(|&it| at(it))
                .collect(),
        })
        .collect();
    edges.sort_unstable_by_key(|e| (e.from, e.to));
    Layout {
        nodes,
        edges,
        columns,
        height,
    }
}

/// Half the height of a box or of a waypoint (a line).
fn half(is_box: bool) -> f64 {
    if is_box {
        f64::from(BOX_H / 2)
    } else {
        0.0
    }
}

/// Least distance between the middles of two neighbours in a column.
fn gap(a_box: bool, b_box: bool) -> f64 {
    let space = if a_box && b_box { ROW_GAP } else { LANE_GAP };
    half(a_box) + half(b_box) + f64::from(space)
}

/// Arrows crossing between column `c` and the next, items at positions `pos`.
fn crossings_after(c: &[usize], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let pairs: Vec<(usize, usize)> = c
        .iter()
        .flat_map(|&u| down[u].iter().map(move |&v| (pos[u], pos[v])))
        .collect();
    let mut count = 0;
    for (i, a) in pairs.iter().enumerate() {
        for b in &pairs[i + 1..] {
            if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                count += 1;
            }
        }
    }
    count
}

fn crossings(cols: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    cols.iter().map(|c| crossings_after(c, down, pos)).sum()
}

fn positions(cols: &[Vec<usize>], pos: &mut [usize]) {
    for c in cols {
        for (r, &it) in c.iter().enumerate() {
            pos[it] = r;
        }
    }
}

/// Crossings among the arrows of `u` and `v` (to the columns either side) if `u` is above `v`.
fn crossed(u: usize, v: usize, up: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut n = 0;
    for near in [up, down] {
        for &a in &near[u] {
            n += near[v].iter().filter(|&&b| pos[a] > pos[b]).count();
        }
    }
    n
}

/// Orders each column to cross few arrows: sweeps right then left placing each item at the
/// barycentre of its neighbours in the column before, each followed by swaps of neighbours
/// that cross fewer; the best order seen wins. Deterministic: ties keep the current order,
/// which starts as the model's. (Medians and sifting found no better order on the model.)
fn order(
    mut cols: Vec<Vec<usize>>,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    items: usize,
) -> Vec<Vec<usize>> {
    let mut pos = vec![0usize; items];
    positions(&cols, &mut pos);
    let mut best = (crossings(&cols, down, &pos), cols.clone());
    for sweep in 0..SWEEPS {
        let forward = sweep % 2 == 0;
        let cs: Vec<usize> = if forward {
            (1..cols.len()).collect()
        } else {
            (0..cols.len().saturating_sub(1)).rev().collect()
        };
        for c in cs {
            let near = if forward { up } else { down };
            let mut keyed: Vec<(f64, usize, usize)> = cols[c]
                .iter()
                .map(|&it| {
                    let ns = &near[it];
                    let bary = if ns.is_empty() {
                        pos[it] as f64
                    } else {
                        ns.iter().map(|&q| pos[q] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (bary, pos[it], it)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            cols[c] = keyed.into_iter().map(|(_, _, it)| it).collect();
            for (r, &it) in cols[c].iter().enumerate() {
                pos[it] = r;
            }
        }
        transpose(&mut cols, up, down, &mut pos);
        let now = crossings(&cols, down, &pos);
        if now < best.0 {
            best = (now, cols.clone());
        }
        if best.0 == 0 {
            break;
        }
    }
    best.1
}

/// Swaps neighbours in a column while that crosses fewer arrows.
fn transpose(cols: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>], pos: &mut [usize]) {
    let pair = |u: usize, v: usize, pos: &[usize]| crossed(u, v, up, down, pos);
    for _ in 0..TRANSPOSE_ROUNDS {
        let mut better = false;
        for col in cols.iter_mut() {
            for r in 0..col.len().saturating_sub(1) {
                let (u, v) = (col[r], col[r + 1]);
                if pair(v, u, pos) < pair(u, v, pos) {
                    col.swap(r, r + 1);
                    pos[u] = r + 1;
                    pos[v] = r;
                    better = true;
                }
            }
        }
        if !better {
            break;
        }
    }
}

/// Middles of the items in their columns, in the columns' order and apart by [`gap`]: each
/// as near the mean of its neighbours' as the others allow (least squares, solved per column
/// by pooling adjacent violators), over sweeps right and left.
fn heights(
    cols: &[Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    n: usize,
    items: usize,
) -> Vec<f64> {
    let mut y = vec![0f64; items];
    for c in cols {
        let mut at = 0.0;
        for (r, &it) in c.iter().enumerate() {
            if r > 0 {
                at += gap(c[r - 1] < n, it < n);
            }
            y[it] = at;
        }
    }
    for sweep in 0..2 * SWEEPS {
        let forward = sweep % 2 == 0;
        // First each side alone (settles a chain), then both (the middle of the two).
        let both = sweep >= SWEEPS;
        let cs: Vec<usize> = if forward {
            (0..cols.len()).collect()
        } else {
            (0..cols.len()).rev().collect()
        };
        for c in cs {
            let col = &cols[c];
            // Offsets: an item's least distance below the column's first.
            let mut off = vec![0f64; col.len()];
            for r in 1..col.len() {
                off[r] = off[r - 1] + gap(col[r - 1] < n, col[r] < n);
            }
            let wanted: Vec<(f64, f64)> = col
                .iter()
                .enumerate()
                .map(|(r, &it)| {
                    let ns: Vec<usize> = match (both, forward) {
                        (true, _) => up[it].iter().chain(&down[it]).copied().collect(),
                        (false, true) => up[it].clone(),
                        (false, false) => down[it].clone(),
                    };
                    if ns.is_empty() {
                        (y[it] - off[r], 1e-3)
                    } else {
                        let mean = ns.iter().map(|&q| y[q]).sum::<f64>() / ns.len() as f64;
                        // Waypoints weigh more: long arrows run straight.
                        let w = if it < n { 1.0 } else { 2.0 } * ns.len() as f64;
                        // A little pull to the top keeps the drawing from sinking.
                        let t = (mean - off[r]) * w / (w + GRAVITY);
                        (t, w + GRAVITY)
                    }
                })
                .collect();
            for (r, z) in pool_adjacent_violators(&wanted).into_iter().enumerate() {
                y[col[r]] = z + off[r];
            }
        }
    }
    y
}

/// The non-decreasing sequence nearest to `(value, weight)`s in weighted least squares.
fn pool_adjacent_violators(v: &[(f64, f64)]) -> Vec<f64> {
    // Blocks of (weighted mean, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for &(x, w) in v {
        blocks.push((x, w, 1));
        while blocks.len() > 1 && blocks[blocks.len() - 2].0 > blocks[blocks.len() - 1].0 {
            let (b, a) = (
                blocks.pop().unwrap_or_default(),
                blocks.pop().unwrap_or_default(),
            );
            let w = a.1 + b.1;
            blocks.push(((a.0 * a.1 + b.0 * b.1) / w, w, a.2 + b.2));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(m, _, len)| std::iter::repeat_n(m, len))
        .collect()
}

/// Box and spacing sizes, in SVG user units (CSS pixels at 100 %).
pub const BOX_W: u32 = 256;
pub const BOX_H: u32 = 80;
/// Lines for the name: every name of the model fits (a test checks), so none is cut.
const NAME_LINES: usize = 3;
const COL_GAP: u32 = 56;
const ROW_GAP: u32 = 14;
/// Least space between a box and an arrow passing it, or between two passing arrows.
const LANE_GAP: u32 = 10;
/// Space between the ends of arrows sharing a box's side (less when many share it).
const PORT_STEP: u32 = 12;
/// Ordering sweeps (half rightwards, half leftwards) and rounds of neighbour swaps per sweep.
const SWEEPS: usize = 12;
const TRANSPOSE_ROUNDS: usize = 8;
const GRAVITY: f64 = 0.3;
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

/// An arrow's path: out of its prerequisite's right side, across each column between along
/// its lane (clear of the boxes), into its dependent's left side; curves only in the gaps
/// between columns, where there are no boxes.
pub fn edge_path(l: &Layout, e: &Edge) -> String {
    let y0 = HEAD + PAD;
    let (from, to) = (&l.nodes[e.from], &l.nodes[e.to]);
    let left = |col: usize| i64::from(PAD + col as u32 * (BOX_W + COL_GAP));
    let (x1, y1) = (left(from.col) + i64::from(BOX_W), y0 + e.out_y);
    let (x2, y2) = (left(to.col), y0 + e.in_y);
    let curve = |d: &mut String, (xa, ya): (i64, u32), (xb, yb): (i64, u32)| {
        // Signed: an arrow could point left in a custom model whose prerequisite has a
        // higher level than what depends on it.
        let bend = ((xb - xa) / 2).abs().max(24);
        d.push_str(&format!("C{} {ya} {} {yb} {xb} {yb}", xa + bend, xb - bend));
    };
    let mut d = format!("M{x1} {y1}");
    let mut at = (x1, y1);
    for (i, &y) in e.via.iter().enumerate() {
        let x = left(from.col + 1 + i);
        curve(&mut d, at, (x, y0 + y));
        let end = x + i64::from(BOX_W);
        d.push_str(&format!("L{end} {}", y0 + y));
        at = (end, y0 + y);
    }
    curve(&mut d, at, (x2, y2));
    d
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
        _ => group_progress(group_counts(p, teams, defs)),
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
    for e in &l.edges {
        s.push_str(&format!(
            "<path class=\"graph__edge\" d=\"{}\" marker-end=\"url(#{id}-arrow)\"/>",
            edge_path(l, e)
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
mod tests;
