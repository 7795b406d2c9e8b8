//! Geometry of the circular heatmap: one sector per sub-dimension (clockwise from 12
//! o'clock), one ring per level (level 1 inside). Pure numbers and SVG path text.

use std::f64::consts::TAU;
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub cx: f64,
    pub cy: f64,
    /// Radius of the hole in the middle.
    pub inner: f64,
    /// Radius of the outer edge of the last ring.
    pub outer: f64,
    pub rings: usize,
    pub sectors: usize,
}

/// `x` with one decimal, written with integer arithmetic only (keeps the float formatting
/// machinery out of the WebAssembly binary).
pub fn num(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// Where a label goes and how it is anchored.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    /// SVG `text-anchor`.
    pub anchor: &'static str,
    pub lines: Vec<String>,
}

fn point(g: &Geometry, r: f64, angle: f64) -> (f64, f64) {
    (g.cx + r * angle.sin(), g.cy - r * angle.cos())
}

impl Geometry {
    /// Inner and outer radius of ring `ring` (0 = level 1).
    pub fn ring(&self, ring: usize) -> (f64, f64) {
        let w = (self.outer - self.inner) / self.rings as f64;
        (
            self.inner + w * ring as f64,
            self.inner + w * (ring + 1) as f64,
        )
    }

    /// Start and end angle (radians, clockwise from 12 o'clock) of sector `i`.
    pub fn angles(&self, i: usize) -> (f64, f64) {
        let w = TAU / self.sectors as f64;
        (w * i as f64, w * (i + 1) as f64)
    }

    /// SVG path of the cell at sector `i`, ring `ring`.
    pub fn path(&self, i: usize, ring: usize) -> String {
        let (r0, r1) = self.ring(ring);
        let (a0, a1) = self.angles(i);
        let large = u8::from(a1 - a0 > TAU / 2.0);
        let (x0, y0) = point(self, r1, a0);
        let (x1, y1) = point(self, r1, a1);
        let (x2, y2) = point(self, r0, a1);
        let (x3, y3) = point(self, r0, a0);
        let (x0, y0, x1, y1, x2, y2, x3, y3) = (
            num(x0),
            num(y0),
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(x3),
            num(y3),
        );
        let (r0, r1) = (num(r0), num(r1));
        let mut d = String::new();
        let _ = write!(
            d,
            "M{x0} {y0}A{r1} {r1} 0 {large} 1 {x1} {y1}L{x2} {y2}A{r0} {r0} 0 {large} 0 {x3} {y3}Z"
        );
        d
    }

    /// The sub-dimension label of sector `i`, outside the outer ring, wrapped to two lines
    /// when long so it never needs to be clipped.
    pub fn label(&self, i: usize, text: &str, gap: f64) -> Label {
        let (a0, a1) = self.angles(i);
        let mid = (a0 + a1) / 2.0;
        let (x, y) = point(self, self.outer + gap, mid);
        let s = mid.sin();
        let anchor = if s > 0.2 {
            "start"
        } else if s < -0.2 {
            "end"
        } else {
            "middle"
        };
        Label {
            x,
            y,
            anchor,
            lines: wrap(text, 18),
        }
    }
}

/// Splits `text` into at most two lines at the space nearest its middle when it is longer
/// than `max` characters.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    if text.chars().count() <= max {
        return vec![text.to_string()];
    }
    let mid = text.len() / 2;
    let best = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(mid));
    match best {
        Some(i) => vec![text[..i].to_string(), text[i + 1..].to_string()],
        None => vec![text.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: Geometry = Geometry {
        cx: 0.0,
        cy: 0.0,
        inner: 100.0,
        outer: 600.0,
        rings: 5,
        sectors: 4,
    };

    #[test]
    fn rings_and_sectors_tile_the_disc() {
        assert_eq!(G.ring(0), (100.0, 200.0));
        assert_eq!(G.ring(4), (500.0, 600.0));
        let (a0, a1) = G.angles(1);
        assert!((a0 - TAU / 4.0).abs() < 1e-9 && (a1 - TAU / 2.0).abs() < 1e-9);
    }

    #[test]
    fn the_first_sector_starts_at_12_oclock_and_goes_clockwise() {
        let d = G.path(0, 0);
        // Starts on the outer edge of ring 0 straight up, ends its outer arc at 3 o'clock.
        assert!(
            d.starts_with("M0.0 -200.0A200.0 200.0 0 0 1 200.0 0.0L100.0 0.0"),
            "{d}"
        );
        assert!(d.ends_with("Z"));
    }

    #[test]
    fn labels_sit_outside_and_are_anchored_away_from_the_circle() {
        let right = G.label(0, "Build", 10.0);
        assert_eq!(right.anchor, "start");
        assert!(right.x > 0.0 && (right.x.hypot(right.y) - 610.0).abs() < 1e-6);
        assert_eq!(G.label(2, "Left", 10.0).anchor, "end");
        let long = G.label(1, "Dynamic depth for infrastructure", 10.0);
        assert_eq!(long.lines, vec!["Dynamic depth for", "infrastructure"]);
    }

    #[test]
    fn num_writes_one_decimal() {
        assert_eq!(num(0.0), "0.0");
        assert_eq!(num(-0.04), "0.0");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-7.25), "-7.3");
        assert_eq!(num(1400.0), "1400.0");
    }

    #[test]
    fn wrap_keeps_short_text_and_unbreakable_words() {
        assert_eq!(wrap("Build", 18), vec!["Build"]);
        assert_eq!(wrap("Supercalifragilisticexpialidocious", 18).len(), 1);
    }
}
