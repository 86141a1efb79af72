//! Anti-aliased series lines and dots, drawn into a [`Pixmap`] in wasm, so a
//! frame's lines, dots and markers reach the canvas as one image (see
//! [`crate::render::layer`]) instead of thousands of `lineTo`s that Chromium
//! then rasters on the CPU.
//!
//! Rules:
//! - A line `w` device px wide covers a pixel by its centre's distance `d` to
//!   the segment: `clamp(w/2 + 0.5 − d, 0, 1)` (a capsule: round caps and
//!   joins). Lines thinner than 1 px are drawn 1 px wide at `w` opacity, as a
//!   canvas does.
//! - The segments of one polyline are one shape: a pixel takes the largest
//!   coverage of any of them, so joins are not darkened by blending twice.
//!   Pixels are visited column by column (time series are sorted by x, so
//!   only the few segments near a column are looked at).
//! - A polyline breaks at a non-finite point (no segment to or from it).
//!   Segments are clipped to the clip rectangle (grown by the line's reach)
//!   before any pixel is visited, so far-off and huge coordinates cost
//!   nothing; work is bounded by the clip's area times the segment count.
//! - Thin lines (at most [`SPAN_MAX_WIDTH`] wide) whose x never goes back
//!   take a faster path for their short segments (at most 1 px across, which
//!   is nearly all of them after M4 decimation: ~4 points per pixel column):
//!   in each pixel column, the vertical extent of a run's short segments
//!   inside the column (joins to the neighbouring columns' points included,
//!   cut at the column's edges) is merged into one span `[top, bottom]`; the
//!   span grown by half the line width covers each row by its overlap with
//!   the row: inner rows full, the two end rows fractional. Longer segments
//!   (shallow slopes) keep the distance rule. The two shapes of one polyline
//!   still combine by their largest coverage, and a break starts a new run,
//!   so no span bridges a gap. (An x that goes back would make a column's
//!   union bridge a hole: such polylines use the distance rule only.)
//! - A dot of radius `r` covers `clamp(r + 0.5 − d, 0, 1)`, `d` the distance to
//!   its centre.

use std::collections::VecDeque;

use crate::render::raster::{Clip, Pixmap, Premultiplied};
use crate::render::theme::Rgb;

/// The widest line drawn, device px (wider is drawn this wide).
const MAX_WIDTH: f64 = 64.0;
/// The largest dot radius, device px.
const MAX_RADIUS: f64 = 64.0;
/// Coordinates are clamped to ±this before clipping, so differences stay finite.
const FAR: f64 = 1e9;
/// The widest line drawn by column spans, device px.
pub const SPAN_MAX_WIDTH: f64 = 1.5;
/// The widest segment (across x, device px) drawn as part of a column span.
const SPAN_MAX_DX: f64 = 1.0;

/// One segment, left end first, with what the distance needs.
#[derive(Debug, Clone, Copy)]
struct Seg {
    ax: f64,
    ay: f64,
    bx: f64,
    by: f64,
    dx: f64,
    dy: f64,
    /// `dy / dx`; `None` for a (nearly) vertical segment.
    slope: Option<f64>,
    /// `1 / |b − a|`, 0 for a point.
    inv_len: f64,
    /// Which unbroken run of the polyline the segment belongs to.
    run: u32,
}

impl Seg {
    fn new(a: (f64, f64), b: (f64, f64)) -> Self {
        let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        let slope = (dx > 1e-9).then(|| dy / dx);
        Self {
            ax: a.0,
            ay: a.1,
            bx: b.0,
            by: b.1,
            dx,
            dy,
            slope,
            inv_len: if len > 0.0 { 1.0 / len } else { 0.0 },
            run: 0,
        }
    }

    /// The lowest and highest y of the segment between `x0` and `x1`.
    #[inline(always)]
    fn y_span(&self, x0: f64, x1: f64) -> (f64, f64) {
        let (ya, yb) = match self.slope {
            Some(m) => (self.ay + (greater(x0, self.ax) - self.ax) * m, self.ay + (lesser(x1, self.bx) - self.ax) * m),
            None => (self.ay, self.by),
        };
        (lesser(ya, yb), greater(ya, yb))
    }

    /// Coverage (0–255 at `strength` 255) of the pixels with centres
    /// `(cx, row + 0.5)`, rows `r0..r1`, maxed into `cover` (indexed from `base`).
    /// The distance is walked down the column: along the segment it is the
    /// perpendicular distance (linear in y), past its ends the distance to the end.
    /// (Inlined by hand: the release build optimises for size, and a call per
    /// column and per pixel is most of the cost.)
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn cover_column(&self, cx: f64, r0: i64, r1: i64, reach: f64, strength: f64, cover: &mut [u8], base: i64) {
        let (px, py) = (cx - self.ax, r0 as f64 + 0.5 - self.ay);
        let inv2 = self.inv_len * self.inv_len;
        // Position along the segment (0 at a, 1 at b) and signed distance off it.
        let (mut t, dt) =
            if self.inv_len > 0.0 { ((px * self.dx + py * self.dy) * inv2, self.dy * inv2) } else { (-1.0, 0.0) };
        let (mut perp, dperp) = ((py * self.dx - px * self.dy) * self.inv_len, self.dx * self.inv_len);
        let from = usize::try_from(r0 - base).unwrap_or(0);
        let to = usize::try_from(r1 - base).unwrap_or(0);
        let Some(column) = cover.get_mut(from..to) else { return };
        let mut py = r0 as f64 + 0.5;
        for c in column {
            let d = if (0.0..=1.0).contains(&t) {
                perp.abs()
            } else {
                let (ex, ey) = if t < 0.0 { (self.ax, self.ay) } else { (self.bx, self.by) };
                let (qx, qy) = (cx - ex, py - ey);
                // Not `hypot`: its overflow care is a slow libm call in wasm,
                // and coordinates here are clipped near the canvas.
                (qx * qx + qy * qy).sqrt()
            };
            let a = ((reach - d).clamp(0.0, 1.0) * strength + 0.5) as u8;
            *c = (*c).max(a);
            t += dt;
            perp += dperp;
            py += 1.0;
        }
    }
}

/// The part of `a–b` inside `[x0, x1] × [y0, y1]` (Liang–Barsky), if any.
fn clip_segment(a: (f64, f64), b: (f64, f64), (x0, y0, x1, y1): (f64, f64, f64, f64)) -> Option<Seg> {
    if !(finite(a) && finite(b)) {
        return None;
    }
    let near = |p: (f64, f64)| (p.0.clamp(-FAR, FAR), p.1.clamp(-FAR, FAR));
    let (a, b) = (near(a), near(b));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [(-dx, a.0 - x0), (dx, x1 - a.0), (-dy, a.1 - y0), (dy, y1 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then(|| Seg::new((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy)))
}

/// The smaller of two finite values. (Not `f64::min`: its NaN rule makes it
/// a `fmin` call in wasm, and it is used per column and per segment.)
#[inline(always)]
fn lesser(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The larger of two finite values (see [`lesser`]).
#[inline(always)]
fn greater(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

fn finite(p: (f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

/// The polyline's segments clipped to `area`, each with its run (a non-finite
/// point starts a new one), and whether x never goes back along its finite points.
fn segments(points: &[(f64, f64)], area: (f64, f64, f64, f64)) -> (Vec<Seg>, bool) {
    let (mut segs, mut run) = (Vec::with_capacity(points.len()), 0u32);
    // Across breaks too: then segments and runs come sorted by x.
    let (mut forward, mut last_x) = (true, f64::NEG_INFINITY);
    for &p in points.iter().filter(|&&p| finite(p)) {
        forward &= p.0 >= last_x;
        last_x = p.0;
    }
    for w in points.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else { continue };
        if !(finite(a) && finite(b)) {
            run = run.saturating_add(1);
            continue;
        }
        if let Some(s) = clip_segment(a, b, area) {
            segs.push(Seg { run, ..s });
        }
    }
    (segs, forward)
}

/// One pixel column's span of a run: the centre line's `top..bottom` (y
/// device px), grown by `half` each way, maxed into `cover` (indexed from
/// `base`) by each row's overlap with it, for rows `y0..y1`. Returns the rows
/// touched.
#[inline(always)]
fn cover_span(
    top: f64,
    bottom: f64,
    half: f64,
    strength: f64,
    (y0, y1): (i64, i64),
    cover: &mut [u8],
    base: i64,
) -> (i64, i64) {
    let (lo, hi) = (top - half, bottom + half);
    let r0 = (lo.floor() as i64).max(y0);
    let r1 = (hi.ceil() as i64).min(y1);
    if r0 >= r1 {
        return (r0, r0);
    }
    let byte = |covered: f64| (covered.clamp(0.0, 1.0) * strength + 0.5) as u8;
    let full = byte(1.0);
    let from = usize::try_from(r0 - base).unwrap_or(0);
    let to = usize::try_from(r1 - base).unwrap_or(0);
    let Some(rows) = cover.get_mut(from..to) else { return (r0, r0) };
    let last = rows.len().saturating_sub(1);
    for (i, c) in rows.iter_mut().enumerate() {
        let a = if i == 0 || i == last {
            let row = (r0 + i as i64) as f64;
            byte(lesser(row + 1.0, hi) - greater(row, lo))
        } else {
            full
        };
        *c = (*c).max(a);
    }
    (r0, r1)
}

/// The rows `lo..hi` grown to hold `r0..r1` (if not empty).
#[inline(always)]
fn widen((lo, hi): (i64, i64), (r0, r1): (i64, i64)) -> (i64, i64) {
    if r0 < r1 {
        (lo.min(r0), hi.max(r1))
    } else {
        (lo, hi)
    }
}

/// Strokes the polyline through `points`, `width` device px wide, in `color`,
/// touching only pixels in `clip` (and in `pix`).
pub fn stroke(pix: &mut Pixmap, points: &[(f64, f64)], color: Rgb, width: f64, clip: Clip) {
    let clip = clip.intersect(pix.bounds());
    if clip.is_empty() {
        return;
    }
    let width = if width.is_finite() && width > 0.0 { width.min(MAX_WIDTH) } else { 1.0 };
    let strength = width.min(1.0) * 255.0;
    let reach = width.max(1.0) / 2.0 + 0.5;
    let area = (clip.x0 as f64 - reach, clip.y0 as f64 - reach, clip.x1 as f64 + reach, clip.y1 as f64 + reach);
    let (mut segs, forward) = segments(points, area);
    // Column spans need each column's part of a run to be connected.
    let spans = forward && width <= SPAN_MAX_WIDTH;
    if !segs.is_sorted_by(|a, b| a.ax <= b.ax) {
        segs.sort_by(|a, b| a.ax.total_cmp(&b.ax));
    }
    let half = width.max(1.0) / 2.0;
    let rows = (clip.y0, clip.y1);
    let (Some(first), Some(right)) = (segs.first(), segs.iter().map(|s| s.bx).reduce(f64::max)) else { return };
    let color = Premultiplied::new(color);
    // One column's coverage (max over the segments), rows from clip.y0.
    let mut cover = vec![0u8; (clip.y1 - clip.y0) as usize];
    // The segments near the current column, by index (a `Seg` is 80 bytes:
    // moving indices is what keeps this list cheap).
    let mut active: VecDeque<usize> = VecDeque::new();
    let mut next = 0;
    let from = ((first.ax - reach).floor() as i64).max(clip.x0);
    let to = ((right + reach).ceil() as i64).min(clip.x1);
    for col in from..to {
        let cx = col as f64 + 0.5;
        while segs.get(next).is_some_and(|s| s.ax - reach <= cx) {
            active.push_back(next);
            next += 1;
        }
        if forward {
            // Right ends come sorted too: the segments left behind are at the front.
            while active.front().and_then(|&i| segs.get(i)).is_some_and(|s| s.bx + reach < cx) {
                active.pop_front();
            }
        } else {
            active.retain(|&i| segs.get(i).is_some_and(|s| s.bx + reach >= cx));
        }
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        // The span being merged: its run, top and bottom.
        let mut span: Option<(u32, f64, f64)> = None;
        let (left, right) = (col as f64, col as f64 + 1.0);
        for s in active.iter().filter_map(|&i| segs.get(i)) {
            if spans && s.dx <= SPAN_MAX_DX {
                if s.ax < right && s.bx >= left {
                    let (ymin, ymax) = s.y_span(left, right);
                    match &mut span {
                        Some((run, top, bottom)) if *run == s.run => {
                            (*top, *bottom) = (lesser(*top, ymin), greater(*bottom, ymax))
                        }
                        _ => {
                            if let Some((_, top, bottom)) = span {
                                let (r0, r1) = cover_span(top, bottom, half, strength, rows, &mut cover, clip.y0);
                                (lo, hi) = widen((lo, hi), (r0, r1));
                            }
                            span = Some((s.run, ymin, ymax));
                        }
                    }
                }
                continue;
            }
            // The segment's rows near this column.
            let (ymin, ymax) = s.y_span(cx - reach, cx + reach);
            let r0 = ((ymin - reach).floor() as i64).max(clip.y0);
            let r1 = ((ymax + reach).ceil() as i64).min(clip.y1);
            if r0 < r1 {
                s.cover_column(cx, r0, r1, reach, strength, &mut cover, clip.y0);
                (lo, hi) = (lo.min(r0), hi.max(r1));
            }
        }
        if let Some((_, top, bottom)) = span {
            let (r0, r1) = cover_span(top, bottom, half, strength, rows, &mut cover, clip.y0);
            (lo, hi) = widen((lo, hi), (r0, r1));
        }
        let offset = |r: i64| usize::try_from(r.saturating_sub(clip.y0)).unwrap_or(0);
        for (row, c) in (lo..hi).zip(cover.get_mut(offset(lo)..offset(hi)).unwrap_or(&mut [])) {
            pix.blend(col, row, &color, std::mem::take(c));
        }
    }
}

/// Fills a round dot of `radius` device px at each centre.
pub fn dots(pix: &mut Pixmap, centers: &[(f64, f64)], radius: f64, color: Rgb, clip: Clip) {
    let clip = clip.intersect(pix.bounds());
    let r = if radius.is_finite() { radius.clamp(0.0, MAX_RADIUS) } else { 0.0 };
    let reach = r + 0.5;
    let color = Premultiplied::new(color);
    for &(cx, cy) in centers.iter().filter(|(x, y)| x.is_finite() && y.is_finite()) {
        // Saturating casts: a far-off centre gives an empty range.
        let (x0, x1) = (((cx - reach).floor() as i64).max(clip.x0), ((cx + reach).ceil() as i64).min(clip.x1));
        let (y0, y1) = (((cy - reach).floor() as i64).max(clip.y0), ((cy + reach).ceil() as i64).min(clip.y1));
        for y in y0..y1 {
            for x in x0..x1 {
                let (qx, qy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
                let d = (qx * qx + qy * qy).sqrt();
                pix.blend(x, y, &color, ((reach - d).clamp(0.0, 1.0) * 255.0 + 0.5) as u8);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLUE: Rgb = Rgb(31, 120, 193);
    const RED: Rgb = Rgb(200, 0, 0);
    /// More than any test canvas.
    const ALL: Clip = Clip { x0: 0, y0: 0, x1: 1000, y1: 1000 };

    fn canvas() -> Pixmap {
        Pixmap::new(60, 40)
    }

    fn alpha(pix: &Pixmap, x: u32, y: u32) -> u8 {
        pix.clone().into_raster().pixel(x, y)[3]
    }

    fn touched(pix: &Pixmap) -> Vec<(u32, u32)> {
        let r = pix.clone().into_raster();
        (0..r.height).flat_map(|y| (0..r.width).map(move |x| (x, y))).filter(|&(x, y)| r.pixel(x, y)[3] > 0).collect()
    }

    #[test]
    fn a_horizontal_line_on_a_pixel_row_is_one_solid_row() {
        let mut pix = canvas();
        stroke(&mut pix, &[(10.0, 20.5), (40.0, 20.5)], BLUE, 1.0, ALL);
        let r = pix.into_raster();
        for x in 11..40 {
            assert_eq!(r.pixel(x, 20), [31, 120, 193, 255], "x={x}");
            assert_eq!(r.pixel(x, 19)[3], 0);
            assert_eq!(r.pixel(x, 21)[3], 0);
        }
        assert_eq!(r.pixel(50, 20)[3], 0, "nothing past the end");
    }

    #[test]
    fn a_line_between_two_rows_covers_both_by_half() {
        let mut pix = canvas();
        stroke(&mut pix, &[(10.0, 20.0), (40.0, 20.0)], BLUE, 1.0, ALL);
        for y in [19, 20] {
            assert!((120..=135).contains(&alpha(&pix, 25, y)), "{}", alpha(&pix, 25, y));
        }
        let mut wide = canvas();
        stroke(&mut wide, &[(10.0, 20.5), (40.0, 20.5)], BLUE, 3.0, ALL);
        assert_eq!([19, 20, 21].map(|y| alpha(&wide, 25, y)), [255; 3], "3 px wide");
        assert_eq!(alpha(&wide, 25, 22), 0);
    }

    #[test]
    fn a_diagonal_line_is_anti_aliased_and_continuous() {
        let mut pix = canvas();
        stroke(&mut pix, &[(5.0, 5.0), (35.0, 35.0)], BLUE, 1.0, ALL);
        for x in 6..34 {
            let on = alpha(&pix, x, x);
            assert!(on > 200, "on the diagonal: {on} at {x}");
            let side = alpha(&pix, x + 1, x);
            assert!(side > 0 && side < on, "a soft edge beside it: {side}");
            assert_eq!(alpha(&pix, x + 3, x), 0, "nothing 3 px off");
        }
    }

    #[test]
    fn a_polyline_is_one_shape_so_joins_are_not_darker() {
        let mut pix = Pixmap::new(60, 40);
        // Translucent red shows double blending: a zigzag's joins.
        let pts: Vec<(f64, f64)> =
            (0..20).map(|i| (10.5 + f64::from(i), if i % 2 == 0 { 10.5 } else { 11.5 })).collect();
        stroke(&mut pix, &pts, RED, 0.5, ALL);
        let r = pix.into_raster();
        let max = (0..40).flat_map(|y| (0..60).map(move |x| (x, y))).map(|(x, y)| r.pixel(x, y)[3]).max();
        assert_eq!(max, Some(128), "0.5 wide = half opacity, never more");
    }

    #[test]
    fn nothing_is_drawn_across_a_break() {
        let mut pix = canvas();
        stroke(&mut pix, &[(5.0, 10.5), (15.0, 10.5), (f64::NAN, 10.5), (30.0, 10.5), (40.0, 10.5)], BLUE, 1.0, ALL);
        assert_eq!(alpha(&pix, 10, 10), 255);
        assert_eq!(alpha(&pix, 35, 10), 255);
        assert_eq!(alpha(&pix, 22, 10), 0, "no segment through the NaN");
    }

    #[test]
    fn a_dot_is_round_and_solid() {
        let mut pix = canvas();
        dots(&mut pix, &[(20.0, 20.0)], 3.0, BLUE, ALL);
        assert_eq!(alpha(&pix, 19, 19), 255);
        assert_eq!(alpha(&pix, 20, 18), 255, "inside, near the top");
        assert_eq!(alpha(&pix, 16, 16), 0, "the corner of its box is outside");
        let edge = alpha(&pix, 22, 18); // centre (22.5, 18.5): 2.9 px away
        assert!(edge > 0 && edge < 255, "{edge}");
    }

    #[test]
    fn lines_and_dots_stay_in_their_clip() {
        let clip = Clip { x0: 10, y0: 10, x1: 30, y1: 30 };
        let mut pix = canvas();
        stroke(&mut pix, &[(0.0, 0.0), (59.0, 39.0), (0.0, 39.0)], BLUE, 4.0, clip);
        dots(&mut pix, &[(10.0, 10.0), (29.0, 29.0)], 5.0, RED, clip);
        let hit = touched(&pix);
        assert!(!hit.is_empty());
        assert!(hit.iter().all(|&(x, y)| (10..30).contains(&x) && (10..30).contains(&y)), "{hit:?}");
    }

    #[test]
    fn degenerate_input_draws_little_and_never_panics() {
        let mut pix = canvas();
        let b = pix.bounds();
        stroke(&mut pix, &[], BLUE, 1.0, b);
        stroke(&mut pix, &[(5.0, 5.0)], BLUE, 1.0, b);
        stroke(&mut pix, &[(f64::INFINITY, 5.0), (f64::NAN, f64::NAN), (1.0, f64::NEG_INFINITY)], BLUE, 1.0, b);
        stroke(&mut pix, &[(-1e300, -1e300), (1e300, 1e300), (f64::MAX, 0.0), (f64::MIN, 0.0)], BLUE, f64::NAN, b);
        stroke(&mut pix, &[(1e12, 5.0), (2e12, 7.0)], BLUE, 1e9, b);
        dots(&mut pix, &[(f64::NAN, 1.0), (1e300, 1e300)], f64::INFINITY, BLUE, b);
        assert!(touched(&pix).len() < 60 * 40);
        let mut point = canvas();
        stroke(&mut point, &[(20.5, 20.5), (20.5, 20.5)], BLUE, 1.0, b);
        assert_eq!(alpha(&point, 20, 20), 255, "a zero-length segment is a 1 px dot");
        assert_eq!(touched(&point).len(), 1);
        let mut empty = Pixmap::new(0, 0);
        let e = empty.bounds();
        stroke(&mut empty, &[(0.0, 0.0), (5.0, 5.0)], BLUE, 1.0, e);
        dots(&mut empty, &[(0.0, 0.0)], 2.0, BLUE, e);
    }

    #[test]
    fn later_shapes_paint_over_earlier_ones() {
        let mut pix = canvas();
        pix.fill(Rgb(255, 255, 255));
        stroke(&mut pix, &[(0.0, 20.5), (60.0, 20.5)], BLUE, 1.0, ALL);
        crate::render::raster::fill_markers(
            &mut pix,
            &[crate::render::raster::MarkerBatch {
                centers: &[(30.0, 20.0)],
                radius: 3.0,
                color: RED,
                alpha: 0.5,
                hollow: false,
            }],
        );
        let r = pix.into_raster();
        assert!(r.opaque);
        assert_eq!(r.pixel(10, 20), [31, 120, 193, 255], "the line on white");
        assert_eq!(r.pixel(10, 10), [255, 255, 255, 255], "white");
        // Half red over the blue line: (200·0.5 + 31·0.5, 0 + 120·0.5, 193·0.5).
        let [rr, g, bb, a] = r.pixel(29, 20);
        assert!(
            rr.abs_diff(116) <= 1 && g.abs_diff(60) <= 1 && bb.abs_diff(97) <= 1 && a == 255,
            "{:?}",
            r.pixel(29, 20)
        );
    }

    /// The walked distance against the plain one, on segments in every direction.
    #[test]
    fn column_coverage_matches_the_distance_to_the_segment() {
        let ends = [(3.2, 4.7), (9.9, 4.7), (3.2, 15.1), (6.0, 6.0), (5.5, 1.0)];
        for &a in &ends {
            for &b in &ends {
                let s = Seg::new(a, b);
                for col in 0..14 {
                    let cx = f64::from(col) + 0.5;
                    let mut cover = [0u8; 20];
                    s.cover_column(cx, 0, 20, 1.5, 255.0, &mut cover, 0);
                    for (row, got) in cover.iter().enumerate() {
                        let (px, py) = (cx, row as f64 + 0.5);
                        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                        let len2 = dx * dx + dy * dy;
                        let t =
                            if len2 > 0.0 { (((px - a.0) * dx + (py - a.1) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
                        let d = (a.0 + t * dx - px).hypot(a.1 + t * dy - py);
                        let want = ((1.5 - d).clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
                        assert!(got.abs_diff(want) <= 1, "{a:?}–{b:?} at ({col}, {row}): {got} vs {want}");
                    }
                }
            }
        }
    }

    fn column(pix: &Pixmap, x: u32) -> Vec<u8> {
        (0..40).map(|y| alpha(pix, x, y)).collect()
    }

    #[test]
    fn a_vertical_run_is_one_span_with_soft_ends() {
        let mut pix = canvas();
        stroke(&mut pix, &[(20.5, 5.0), (20.5, 30.0)], BLUE, 1.0, ALL);
        let col = column(&pix, 20);
        assert_eq!(col.get(4), Some(&128), "half of row 4 (the line ends at 5.0 + half a width)");
        assert!(col.get(5..30).is_some_and(|rows| rows.iter().all(|&a| a == 255)), "{col:?}");
        assert_eq!(col.get(30), Some(&128));
        assert_eq!(touched(&pix).len(), 27, "one column only");
    }

    #[test]
    fn a_steep_zigzag_inside_one_column_covers_exactly_its_span() {
        let mut pix = canvas();
        let pts: Vec<(f64, f64)> =
            (0..8).map(|i| (20.1 + 0.1 * f64::from(i), if i % 2 == 0 { 10.25 } else { 25.0 })).collect();
        stroke(&mut pix, &pts, BLUE, 1.0, ALL);
        let col = column(&pix, 20);
        // The span 10.25..25.0 grown by 0.5: 9.75..25.5.
        assert_eq!(col.get(9), Some(&64), "a quarter of row 9");
        assert!(col.get(10..25).is_some_and(|rows| rows.iter().all(|&a| a == 255)), "{col:?}");
        assert_eq!(col.get(25), Some(&128));
        assert_eq!(touched(&pix).len(), 17, "nothing outside the span: {:?}", touched(&pix));
    }

    #[test]
    fn a_span_shows_a_thin_line_at_its_opacity_and_a_wider_one_wider() {
        let mut thin = canvas();
        stroke(&mut thin, &[(20.5, 10.0), (20.5, 20.0)], BLUE, 0.5, ALL);
        assert_eq!(column(&thin, 20).into_iter().max(), Some(128));
        let mut wide = canvas();
        stroke(&mut wide, &[(20.5, 10.0), (20.5, 20.0)], BLUE, 1.5, ALL);
        let col = column(&wide, 20);
        // 10.0..20.0 grown by 0.75: 9.25..20.75.
        assert_eq!((col.get(9), col.get(20)), (Some(&191), Some(&191)), "{col:?}");
        assert_eq!(alpha(&wide, 19, 15), 0, "still one column");
    }

    #[test]
    fn joins_between_columns_leave_no_holes() {
        // M4-like data: 4 points per column, a steep jump between columns.
        let ys = [5.0, 35.0, 12.0, 30.0, 8.0, 20.0];
        let mut pts = Vec::new();
        for (i, y) in ys.iter().enumerate() {
            let x = 10.0 + i as f64;
            pts.extend([(x + 0.1, *y), (x + 0.4, y + 1.5), (x + 0.6, y - 1.5), (x + 0.9, *y)]);
        }
        let mut pix = canvas();
        stroke(&mut pix, &pts, BLUE, 1.0, ALL);
        for pair in pts.windows(2) {
            let [(ax, ay), (bx, by)] = [pair[0], pair[1]];
            // Every row the segment passes lies in a full pixel of its columns.
            let (top, bottom) = (ay.min(by).round() as u32, ay.max(by).round() as u32);
            for row in top..bottom {
                let full = (ax.floor() as u32..=bx.floor() as u32).any(|x| alpha(&pix, x, row) == 255);
                assert!(full, "a hole at row {row} between ({ax}, {ay}) and ({bx}, {by})");
            }
        }
    }

    #[test]
    fn a_break_inside_one_column_is_not_bridged() {
        let mut pix = canvas();
        stroke(&mut pix, &[(20.1, 5.5), (20.3, 6.5), (f64::NAN, 0.0), (20.6, 30.5), (20.8, 31.5)], BLUE, 1.0, ALL);
        let col = column(&pix, 20);
        assert_eq!(col.get(6), Some(&255));
        assert_eq!(col.get(30), Some(&255));
        assert!(col.get(8..29).is_some_and(|rows| rows.iter().all(|&a| a == 0)), "{col:?}");
    }

    #[test]
    fn a_run_that_starts_left_of_the_last_one_is_drawn_apart() {
        // x goes back across the break: the distance rule, still no bridge.
        let mut pix = canvas();
        stroke(&mut pix, &[(20.5, 5.5), (20.5, 6.5), (f64::NAN, 0.0), (18.5, 30.5), (20.5, 31.5)], BLUE, 1.0, ALL);
        let col = column(&pix, 20);
        assert_eq!((col.get(6), col.get(31)), (Some(&255), Some(&255)), "{col:?}");
        assert!(col.get(8..29).is_some_and(|rows| rows.iter().all(|&a| a == 0)), "{col:?}");
    }

    #[test]
    fn spans_and_shallow_segments_join_and_stay_one_shape() {
        // A vertical run, then a long shallow segment: translucent, so a
        // pixel blended twice would show.
        let mut pix = canvas();
        stroke(&mut pix, &[(10.5, 5.5), (10.5, 20.5), (40.5, 22.5)], RED, 0.5, ALL);
        let r = pix.into_raster();
        let max = (0..40).flat_map(|y| (0..60).map(move |x| (x, y))).map(|(x, y)| r.pixel(x, y)[3]).max();
        assert_eq!(max, Some(128));
        assert_eq!(r.pixel(10, 20)[3], 128, "the corner");
        assert!(r.pixel(11, 20)[3] > 100, "the shallow segment starts at the corner");
    }

    /// proptest is a native dev-dependency: the properties run under `cargo test`.
    #[cfg(not(target_arch = "wasm32"))]
    mod prop {
        use super::*;
        use proptest::prelude::*;

        fn coord() -> impl Strategy<Value = f64> {
            prop_oneof![
                8 => -20.0..80.0f64,
                1 => Just(f64::NAN),
                1 => Just(f64::INFINITY),
                1 => -1e15..1e15f64,
            ]
        }

        proptest::proptest! {
            /// Dense forward data with breaks (the column-span path): every
            /// pixel touched is within a pixel and a half of one of the
            /// polyline's segments (so no span bridges a break), and no
            /// pixel is covered more than the line's opacity.
            #[test]
            fn dense_forward_polylines_stay_near_their_segments(
                ys in proptest::collection::vec(prop_oneof![9 => 2.0..38.0f64, 1 => Just(f64::NAN)], 2..120),
                width in 0.2..1.5f64,
            ) {
                let pts: Vec<(f64, f64)> = ys.iter().enumerate().map(|(i, &y)| (5.0 + i as f64 * 0.37, y)).collect();
                let mut pix = canvas();
                stroke(&mut pix, &pts, BLUE, width, ALL);
                let near = |x: u32, y: u32| pts.windows(2).any(|w| {
                    let [(ax, ay), (bx, by)] = [w[0], w[1]];
                    let (cx, cy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
                    ay.is_finite() && by.is_finite()
                        && cx >= ax - 1.5 && cx <= bx + 1.5 && cy >= ay.min(by) - 1.5 && cy <= ay.max(by) + 1.5
                });
                let full = (width.min(1.0) * 255.0 + 0.5) as u8;
                let raster = pix.clone().into_raster();
                for (x, y) in touched(&pix) {
                    prop_assert!(near(x, y), "({x}, {y}) far from every segment");
                    prop_assert!(raster.pixel(x, y)[3] <= full);
                }
            }

            #[test]
            fn random_polylines_only_touch_their_clip(
                points in proptest::collection::vec((coord(), coord()), 0..40),
                width in 0.1..6.0f64,
                (x0, y0, x1, y1) in (0..30i64, 0..20i64, 30..70i64, 20..50i64),
            ) {
                let clip = Clip { x0, y0, x1, y1 };
                let mut pix = canvas();
                stroke(&mut pix, &points, BLUE, width, clip);
                dots(&mut pix, &points, width, RED, clip);
                for (x, y) in touched(&pix) {
                    prop_assert!(
                        i64::from(x) >= x0 && i64::from(x) < x1 && i64::from(y) >= y0 && i64::from(y) < y1,
                        "({x}, {y}) outside {clip:?}"
                    );
                }
            }
        }
    }
}
