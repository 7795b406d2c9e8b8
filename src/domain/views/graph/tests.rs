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
        for e in &l.edges {
            assert!(
                l.nodes[e.from].col < l.nodes[e.to].col,
                "arrow left to right"
            );
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

type Polyline = Vec<(f64, f64)>;

/// What the SVG draws: boxes (x, y, w, h) and each arrow as a polyline (curves sampled).
fn drawn(svg: &str) -> (Vec<[f64; 4]>, Vec<Polyline>) {
    let attr = |tag: &str, name: &str| -> f64 {
        let k = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[k..k + tag[k..].find('"').unwrap()].parse().unwrap()
    };
    let boxes = svg
        .split("<rect ")
        .skip(1)
        .map(|t| {
            let t = &format!(" {t}");
            [
                attr(t, "x"),
                attr(t, "y"),
                attr(t, "width"),
                attr(t, "height"),
            ]
        })
        .collect();
    let mut paths = Vec::new();
    for part in svg.split("class=\"graph__edge\" d=\"").skip(1) {
        let d = &part[..part.find('"').unwrap()];
        let mut cmds: Vec<(char, Vec<f64>)> = Vec::new();
        let mut num = String::new();
        let flush = |num: &mut String, cmds: &mut Vec<(char, Vec<f64>)>| {
            if !num.is_empty() {
                cmds.last_mut().unwrap().1.push(num.parse().unwrap());
                num.clear();
            }
        };
        for c in d.chars() {
            if c.is_ascii_alphabetic() {
                flush(&mut num, &mut cmds);
                cmds.push((c, Vec::new()));
            } else if c == ' ' || c == ',' {
                flush(&mut num, &mut cmds);
            } else {
                num.push(c);
            }
        }
        flush(&mut num, &mut cmds);
        let mut pts: Vec<(f64, f64)> = Vec::new();
        for (c, v) in cmds {
            match c {
                'M' | 'L' => pts.push((v[0], v[1])),
                'C' => {
                    let p0 = *pts.last().unwrap();
                    let p = [p0, (v[0], v[1]), (v[2], v[3]), (v[4], v[5])];
                    for s in 1..=32 {
                        let t = s as f64 / 32.0;
                        let u = 1.0 - t;
                        let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
                        pts.push((
                            (0..4).map(|i| w[i] * p[i].0).sum(),
                            (0..4).map(|i| w[i] * p[i].1).sum(),
                        ));
                    }
                }
                _ => panic!("path command {c}"),
            }
        }
        paths.push(pts);
    }
    (boxes, paths)
}

fn segments_cross(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
    let o = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    };
    let (d1, d2, d3, d4) = (o(c, d, a), o(c, d, b), o(a, b, c), o(a, b, d));
    ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
}

/// Whether the segment a–b enters the inside of box `r` (its border shrunk by 1).
fn segment_in_box(a: (f64, f64), b: (f64, f64), r: [f64; 4]) -> bool {
    let (x0, y0, x1, y1) = (r[0] + 1.0, r[1] + 1.0, r[0] + r[2] - 1.0, r[1] + r[3] - 1.0);
    // Liang–Barsky clipping.
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

/// What a drawing's arrows do. Arrows that share a box are not counted as crossing.
#[derive(Default)]
struct Measure {
    /// Pairs of arrows that cross.
    pairs: usize,
    /// Places where lines cross, as seen (arrows running together along a shared lane
    /// cross another line at one place).
    points: usize,
    /// (Arrow, box) pairs where the arrow passes through a box it does not connect.
    through: usize,
}

fn measure(svg: &str) -> Measure {
    let (boxes, paths) = drawn(svg);
    let ends: Vec<(usize, usize)> = paths
        .iter()
        .map(|p| {
            let (s, e) = (p[0], *p.last().unwrap());
            let on = |pt: (f64, f64), right: bool| {
                boxes
                    .iter()
                    .position(|r| {
                        let x = if right { r[0] + r[2] } else { r[0] };
                        (x - pt.0).abs() < 0.01 && pt.1 >= r[1] && pt.1 <= r[1] + r[3]
                    })
                    .expect("an arrow starts and ends on a box")
            };
            (on(s, true), on(e, false))
        })
        .collect();
    let mut through = 0;
    for (k, p) in paths.iter().enumerate() {
        for (b, &r) in boxes.iter().enumerate() {
            if b != ends[k].0
                && b != ends[k].1
                && p.windows(2).any(|w| segment_in_box(w[0], w[1], r))
            {
                through += 1;
            }
        }
    }
    let mut pairs = 0;
    let mut points = BTreeSet::new();
    for i in 0..paths.len() {
        for j in i + 1..paths.len() {
            let (a, b) = (ends[i], ends[j]);
            if a.0 == b.0 || a.1 == b.1 || a.0 == b.1 || a.1 == b.0 {
                continue;
            }
            let bbox = |p: &[(f64, f64)]| {
                p.iter()
                    .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |m, q| {
                        [m[0].min(q.0), m[1].min(q.1), m[2].max(q.0), m[3].max(q.1)]
                    })
            };
            let (ba, bb) = (bbox(&paths[i]), bbox(&paths[j]));
            if ba[2] < bb[0] || bb[2] < ba[0] || ba[3] < bb[1] || bb[3] < ba[1] {
                continue;
            }
            let mut hit = false;
            for s in paths[i].windows(2) {
                for t in paths[j].windows(2) {
                    if segments_cross(s[0], s[1], t[0], t[1]) {
                        hit = true;
                        let (r, q) = (
                            (s[1].0 - s[0].0, s[1].1 - s[0].1),
                            (t[1].0 - t[0].0, t[1].1 - t[0].1),
                        );
                        let den = r.0 * q.1 - r.1 * q.0;
                        let u = ((t[0].0 - s[0].0) * q.1 - (t[0].1 - s[0].1) * q.0) / den;
                        let at = (s[0].0 + u * r.0, s[0].1 + u * r.1);
                        points.insert((at.0.round() as i64, at.1.round() as i64));
                    }
                }
            }
            pairs += usize::from(hit);
        }
    }
    Measure {
        pairs,
        points: points.len(),
        through,
    }
}

fn dimension_svg(d: usize) -> (Layout, String) {
    let l = layout(&MODEL, &of_dimension(&MODEL, d, 5));
    let svg = svg(&MODEL, &l, "g", "", &|_| NodeState::default());
    (l, svg)
}

/// Activities in the longest chain of `set` whose activities all have level `level`.
fn longest_chain(set: &[(usize, Role)], level: u8) -> usize {
    let inside = |i: usize| set.iter().any(|&(j, _)| j == i) && MODEL.activities[i].level == level;
    fn depth(i: usize, inside: &dyn Fn(usize) -> bool) -> usize {
        1 + MODEL.activities[i]
            .depends_on
            .iter()
            .map(|&p| p as usize)
            .filter(|&p| inside(p))
            .map(|p| depth(p, inside))
            .max()
            .unwrap_or(0)
    }
    set.iter()
        .filter(|&&(i, _)| inside(i))
        .map(|&(i, _)| depth(i, &inside))
        .max()
        .unwrap_or(0)
}

/// Before the lanes (arrows drawn straight from box to box, rows by barycentre only),
/// over the five dimension graphs: 179 crossing pairs of arrows at 182 places, 208
/// arrow–box intersections; over the activity pages (all steps): 378 pairs, 379 places,
/// 559 intersections. `cargo test --lib graph -- --nocapture` prints the figures now.
#[test]
fn arrows_keep_out_of_boxes_they_do_not_connect_and_cross_little() {
    let mut total = Measure::default();
    let add = |t: &mut Measure, m: &Measure| {
        t.pairs += m.pairs;
        t.points += m.points;
        t.through += m.through;
    };
    for (d, dim) in MODEL.dimensions.iter().enumerate() {
        let set = of_dimension(&MODEL, d, 5);
        let (l, svg) = dimension_svg(d);
        assert_eq!(svg, dimension_svg(d).1, "the same drawing every time");
        let m = measure(&svg);
        let mut cols = String::new();
        for level in 1..=5u8 {
            let parts = l.columns.iter().filter(|c| c.0 == level).count();
            let chain = longest_chain(&set, level);
            // A chain of same-level activities needs one column each, and no more.
            assert!(parts <= chain.max(1), "{} level {level}", dim.name);
            cols.push_str(&format!(" L{level}:{parts}/{chain}"));
        }
        println!(
            "{:26} boxes {:2} arrows {:2} columns {:2} (level: columns/longest chain{cols}) size {:?} crossing pairs {:3} places {:3} through boxes {}",
            dim.name,
            l.nodes.len(),
            l.edges.len(),
            l.columns.len(),
            size(&l),
            m.pairs,
            m.points,
            m.through,
        );
        assert_eq!(m.through, 0, "{}: an arrow runs through a box", dim.name);
        add(&mut total, &m);
    }
    let mut pages = Measure::default();
    for focus in 0..MODEL.activities.len() {
        for depth in [Some(2), None] {
            let l = layout(&MODEL, &around(&MODEL, focus, depth));
            let m = measure(&svg(&MODEL, &l, "g", "", &|_| NodeState::default()));
            assert_eq!(
                m.through, 0,
                "activity {focus}: an arrow runs through a box"
            );
            if depth.is_none() {
                add(&mut pages, &m);
            }
        }
    }
    for (what, m) in [
        ("dimensions", &total),
        ("activity pages, all steps", &pages),
    ] {
        println!(
            "{what}: crossing pairs {}, places {}, through boxes {}",
            m.pairs, m.points, m.through
        );
    }
    // As measured when shared lanes came (66 and 90 places): a change of the layout must
    // not cross more.
    assert!(
        total.points <= 66 && pages.points <= 90,
        "{} {}",
        total.points,
        pages.points
    );
}
