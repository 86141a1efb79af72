//! The software rasteriser's pixel buffer ([`Pixmap`]: premultiplied RGBA
//! the size of the canvas) and its exemplar markers. The frame's lines and
//! dots ([`crate::render::lines`]) are drawn into the same buffer, and the
//! canvas layer puts it on the page with one call ([`crate::render::layer`]).
//!
//! Why not canvas paths: measured in headless Chromium (see BENCHMARKS.md),
//! 10,000 diamonds cost 40–60 ms as one `Path2D` (string parse + scan
//! conversion of 40,000 edges) and ~18 ms as one path each, while this costs a
//! few ms and grows with the covered pixels, not with the canvas calls.
//!
//! Rules:
//! - A marker is a diamond, `|dx| + |dy| ≤ radius` (device px), like Grafana's;
//!   a hollow one keeps only an outline [`HOLLOW_RING`] × its radius wide.
//! - Edges are anti-aliased by distance: a pixel whose centre lies `d` px
//!   outside the edge (negative inside) is covered `clamp(0.5 − d, 0, 1)`.
//! - Centres are placed to a quarter pixel: each size has 16 pre-computed
//!   coverage stamps, and drawing a marker is blending its stamp.
//! - Shapes are composited source-over in paint order, in premultiplied 8-bit
//!   colour, exactly as separate canvas fills would be; the result is returned
//!   with straight (non-premultiplied) alpha, as `ImageData` wants it (a
//!   buffer that began with an opaque fill needs no conversion).
//! - Pixels outside the buffer are never touched; non-finite centres are skipped.

use crate::render::theme::Rgb;

/// One colour's markers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkerBatch<'a> {
    /// Centres, device px.
    pub centers: &'a [(f64, f64)],
    /// Diamond radius (centre to tip), device px.
    pub radius: f64,
    /// Fill colour.
    pub color: Rgb,
    /// Fill opacity, 0–1.
    pub alpha: f64,
    /// Outline only (exemplars clamped to the plot's edge).
    pub hollow: bool,
}

/// An RGBA image (straight alpha) placed at `(x, y)` on the canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    /// Left edge on the canvas, device px.
    pub x: u32,
    /// Top edge on the canvas, device px.
    pub y: u32,
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
    /// `width × height × 4` bytes, row-major RGBA.
    pub rgba: Vec<u8>,
    /// Every pixel is opaque (the image began with a fill): it can replace
    /// the canvas's pixels (`putImageData`) instead of being blended over them.
    pub opaque: bool,
}

impl Raster {
    /// The RGBA of canvas pixel `(x, y)`; transparent outside the image.
    #[cfg(test)]
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let (Some(col), Some(row)) = (x.checked_sub(self.x), y.checked_sub(self.y)) else { return [0; 4] };
        if col >= self.width || row >= self.height {
            return [0; 4];
        }
        let i = ((row * self.width + col) * 4) as usize;
        match self.rgba.get(i..i + 4) {
            Some([r, g, b, a]) => [*r, *g, *b, *a],
            _ => [0; 4],
        }
    }
}

/// A rectangle of whole pixels, `[x0, x1) × [y0, y1)`, device px: what a
/// shape may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clip {
    /// First column.
    pub x0: i64,
    /// First row.
    pub y0: i64,
    /// One past the last column.
    pub x1: i64,
    /// One past the last row.
    pub y1: i64,
}

impl Clip {
    /// The pixels whose centres lie inside the rectangle `left..right ×
    /// top..bottom` (device px). Saturating: non-finite edges give an empty
    /// or an unbounded clip, never a panic.
    pub fn around(left: f64, top: f64, right: f64, bottom: f64) -> Self {
        let lo = |v: f64| (v - 0.5).ceil() as i64;
        let hi = |v: f64| (v - 0.5).floor() as i64 + 1;
        Self { x0: lo(left), y0: lo(top), x1: hi(right), y1: hi(bottom) }
    }

    /// The pixels in both.
    pub fn intersect(self, o: Self) -> Self {
        Self { x0: self.x0.max(o.x0), y0: self.y0.max(o.y0), x1: self.x1.min(o.x1), y1: self.y1.min(o.y1) }
    }

    /// No pixel inside.
    pub fn is_empty(self) -> bool {
        self.x0 >= self.x1 || self.y0 >= self.y1
    }
}

/// A premultiplied RGBA image the size of the canvas, drawn into in paint
/// order; [`Pixmap::into_raster`] hands it over with straight alpha.
#[derive(Debug, Clone)]
pub struct Pixmap {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
    opaque: bool,
}

impl Pixmap {
    /// A transparent `width × height` image.
    #[cfg(test)]
    pub fn new(width: u32, height: u32) -> Self {
        Self::in_buffer(Vec::new(), width, height, true)
    }

    /// A `width × height` image in `buffer`'s memory (a caller keeps one
    /// buffer between frames, so a paint allocates nothing). `clear`: make
    /// it transparent; without it the pixels are left as they were, for an
    /// image whose first step paints every pixel ([`Pixmap::fill`]).
    pub fn in_buffer(mut buffer: Vec<u8>, width: u32, height: u32, clear: bool) -> Self {
        let len = width as usize * height as usize * 4;
        if clear {
            buffer.clear();
        }
        buffer.resize(len, 0);
        Self { width, height, rgba: buffer, opaque: false }
    }

    /// All of its pixels.
    pub fn bounds(&self) -> Clip {
        Clip { x0: 0, y0: 0, x1: i64::from(self.width), y1: i64::from(self.height) }
    }

    /// Paints every pixel `color`, opaque.
    pub fn fill(&mut self, Rgb(r, g, b): Rgb) {
        // One pixel, then doubling copies (memcpy): a per-pixel loop is slow
        // in the size-optimised build, and this is 1–2 MB per frame.
        let len = self.rgba.len();
        if let Some(first) = self.rgba.get_mut(..4) {
            first.copy_from_slice(&[r, g, b, 255]);
        }
        let mut done = len.min(4);
        while done > 0 && done < len {
            let n = done.min(len - done);
            self.rgba.copy_within(..n, done);
            done += n;
        }
        self.opaque = true;
    }

    /// Blends `color` at opacity `a8` over pixel `(x, y)`; nothing outside.
    #[inline(always)]
    pub(crate) fn blend(&mut self, x: i64, y: i64, color: &Premultiplied, a8: u8) {
        let (w, h) = (i64::from(self.width), i64::from(self.height));
        if a8 == 0 || x < 0 || y < 0 || x >= w || y >= h {
            return;
        }
        let i = (y * w + x) as usize * 4;
        if let Some(px) = self.rgba.get_mut(i..i + 4) {
            color.blend(px, a8);
        }
    }

    /// Blends `color` at opacity `alpha` (0–1) over the pixels of the
    /// rectangle `x0..x1 × y0..y1` (device px, rounded to whole pixels), inside `clip`.
    pub fn fill_rect(&mut self, (x0, y0, x1, y1): (f64, f64, f64, f64), color: Rgb, alpha: f64, clip: Clip) {
        let a8 = (alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
        if a8 == 0 || !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
            return;
        }
        let (left, right) = (x0.min(x1).round() as i64, x0.max(x1).round() as i64);
        let (top, bottom) = (y0.min(y1).round() as i64, y0.max(y1).round() as i64);
        let (left, right) = (left.max(clip.x0), right.min(clip.x1));
        let (top, bottom) = (top.max(clip.y0), bottom.min(clip.y1));
        let premultiplied = Premultiplied::new(color);
        for y in top..bottom {
            for x in left..right {
                self.blend(x, y, &premultiplied, a8);
            }
        }
    }

    /// Pixels `from..to` of row `y` (clipped to the image), and the column of its first pixel.
    fn row_mut(&mut self, y: i64, from: i64, to: i64) -> Option<(i64, &mut [u8])> {
        let (w, h) = (i64::from(self.width), i64::from(self.height));
        let (from, to) = (from.max(0), to.min(w));
        if y < 0 || y >= h || from >= to {
            return None;
        }
        let start = (y * w + from) as usize * 4;
        Some((from, self.rgba.get_mut(start..start + (to - from) as usize * 4)?))
    }

    /// The image, with straight alpha.
    pub fn into_raster(mut self) -> Raster {
        if !self.opaque {
            unpremultiply(&mut self.rgba);
        }
        Raster { x: 0, y: 0, width: self.width, height: self.height, rgba: self.rgba, opaque: self.opaque }
    }
}

/// Draws every batch, in order, into `pix`.
pub fn fill_markers(pix: &mut Pixmap, batches: &[MarkerBatch<'_>]) {
    for b in batches {
        let stamps = Stamps::new(b.radius, b.alpha, b.hollow);
        let color = Premultiplied::new(b.color);
        for &(cx, cy) in b.centers.iter().filter(|(x, y)| x.is_finite() && y.is_finite()) {
            let (ix, iy, stamp, spans) = stamps.at(cx, cy);
            // The stamp's top-left pixel (may be off the image).
            let (ox, oy) = (ix.saturating_sub(stamps.reach), iy.saturating_sub(stamps.reach));
            for (row, (line, &(from, to))) in stamp.chunks_exact(stamps.side).zip(spans).enumerate() {
                let from_x = ox.saturating_add(from as i64);
                let Some((x0, dst)) = pix.row_mut(oy.saturating_add(row as i64), from_x, ox.saturating_add(to as i64))
                else {
                    continue;
                };
                let skip = (x0 - from_x) as usize;
                for (px, &a8) in dst.chunks_exact_mut(4).zip(line.get(from + skip..).unwrap_or(&[])) {
                    if a8 != 0 {
                        color.blend(px, a8);
                    }
                }
            }
        }
    }
}

/// Draws every batch, in order, on a transparent `canvas_w × canvas_h` image.
#[cfg(test)]
pub fn rasterize_markers(batches: &[MarkerBatch<'_>], canvas_w: u32, canvas_h: u32) -> Raster {
    let mut pix = Pixmap::new(canvas_w, canvas_h);
    fill_markers(&mut pix, batches);
    pix.into_raster()
}

/// `x / 255`, rounded, for `x ≤ 255 × 255` (the usual shift trick: no division).
#[inline(always)]
fn div255(x: u32) -> u32 {
    let x = x + 128;
    (x + (x >> 8)) >> 8
}

/// A colour with its premultiplied channels for every opacity, so blending a
/// pixel is two multiplies.
pub(crate) struct Premultiplied {
    /// The pixel `(r·a/255, g·a/255, b·a/255, a)` as a little-endian `u32`,
    /// for `a` in 0–255.
    by_alpha: Vec<u32>,
}

/// The red and blue lanes of a little-endian RGBA `u32` (green and alpha after `>> 8`).
const LANES: u32 = 0x00FF_00FF;

impl Premultiplied {
    pub(crate) fn new(Rgb(r, g, b): Rgb) -> Self {
        let by_alpha = (0..=255u32)
            .map(|a| {
                let [r, g, b] = [r, g, b].map(|c| div255(u32::from(c) * a));
                r | g << 8 | b << 16 | a << 24
            })
            .collect();
        Self { by_alpha }
    }

    /// Source-over at opacity `a8` onto a premultiplied RGBA pixel. (Inlined
    /// by hand: the release build optimises for size, and this runs per pixel.)
    ///
    /// Two channels per multiply (red and blue, then green and alpha, each in
    /// a 16-bit lane), rounded as [`div255`] rounds, so the result is the same
    /// as four per-channel blends. No lane overflows: a channel times `keep`
    /// plus the rounding is at most 65,407. No channel passes 255 either:
    /// premultiplied, the source adds at most `a8` and the rest at most `255 − a8`.
    #[inline(always)]
    fn blend(&self, px: &mut [u8], a8: u8) {
        let Some(&src) = self.by_alpha.get(usize::from(a8)) else { return };
        let Ok(px) = <&mut [u8; 4]>::try_from(px) else { return };
        if a8 == 255 {
            *px = src.to_le_bytes();
            return;
        }
        let dst = u32::from_le_bytes(*px);
        let keep = 255 - u32::from(a8);
        let scale = |lanes: u32| {
            let t = lanes * keep + 0x0080_0080;
            ((t + ((t >> 8) & LANES)) >> 8) & LANES
        };
        *px = (src + (scale(dst & LANES) | scale((dst >> 8) & LANES) << 8)).to_le_bytes();
    }
}

/// The width of a hollow marker's outline, as a share of its radius.
const HOLLOW_RING: f64 = 0.35;

/// Sub-pixel steps per axis: centres are placed to a quarter pixel.
const SUBPIXEL: usize = 4;

/// Pre-computed opacity stamps (coverage × alpha, 0–255) of one marker size, one
/// per quarter-pixel offset of the centre, so the per-marker work is a blit.
struct Stamps {
    /// Pixels from the centre's pixel to the stamp's edge.
    reach: i64,
    /// Side of a (square) stamp, px.
    side: usize,
    /// `SUBPIXEL²` stamps of `side²` bytes.
    data: Vec<u8>,
    /// Per stamp row, the columns `[from, to)` with any coverage: the blit
    /// skips the transparent corners of the diamond.
    spans: Vec<(usize, usize)>,
}

impl Stamps {
    fn new(radius: f64, alpha: f64, hollow: bool) -> Self {
        let r = if radius.is_finite() { radius.clamp(0.0, 256.0) } else { 0.0 };
        let alpha = if alpha.is_finite() { alpha.clamp(0.0, 1.0) } else { 1.0 };
        let reach = r.ceil() as i64 + 1;
        let ring = (r * HOLLOW_RING).max(1.0);
        let side = (2 * reach + 1) as usize;
        let mut data = Vec::with_capacity(SUBPIXEL * SUBPIXEL * side * side);
        for sy in 0..SUBPIXEL {
            for sx in 0..SUBPIXEL {
                // The centre's offset from its pixel's top-left corner.
                let (fx, fy) = (sx as f64 / SUBPIXEL as f64, sy as f64 / SUBPIXEL as f64);
                for row in 0..side {
                    let dy = (row as f64 - reach as f64 + 0.5 - fy).abs();
                    for col in 0..side {
                        let dx = (col as f64 - reach as f64 + 0.5 - fx).abs();
                        let outside = (dx + dy - r) * std::f64::consts::FRAC_1_SQRT_2;
                        let mut cover = (0.5 - outside).clamp(0.0, 1.0);
                        if hollow {
                            // Minus the inside of a ring `ring` px wide.
                            cover -= (0.5 - outside - ring).clamp(0.0, 1.0);
                        }
                        data.push((alpha * cover * 255.0).round() as u8);
                    }
                }
            }
        }
        let spans = data
            .chunks_exact(side)
            .map(|row| match (row.iter().position(|a| *a != 0), row.iter().rposition(|a| *a != 0)) {
                (Some(from), Some(last)) => (from, last + 1),
                _ => (0, 0),
            })
            .collect();
        Self { reach, side, data, spans }
    }

    /// The pixel of a centre (rounded to a quarter pixel), its stamp's rows,
    /// and their spans.
    fn at(&self, cx: f64, cy: f64) -> (i64, i64, &[u8], &[(usize, usize)]) {
        let n = SUBPIXEL as i64;
        // Saturating float→int: far-off centres land far off the image.
        let quantize = |c: f64| {
            let q = (c * SUBPIXEL as f64).round() as i64;
            (q.div_euclid(n), q.rem_euclid(n) as usize)
        };
        let ((ix, sx), (iy, sy)) = (quantize(cx), quantize(cy));
        let len = self.side * self.side;
        let k = sy * SUBPIXEL + sx;
        let rows = self.spans.get(k * self.side..(k + 1) * self.side).unwrap_or(&[]);
        (ix, iy, self.data.get(k * len..(k + 1) * len).unwrap_or(&[]), rows)
    }
}

/// Premultiplied → straight alpha, in place.
fn unpremultiply(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(4) {
        if let [r, g, b, a] = px {
            if *a != 0 && *a != 255 {
                let un = |c: u8| ((u32::from(c) * 255 + u32::from(*a) / 2) / u32::from(*a)).min(255) as u8;
                (*r, *g, *b) = (un(*r), un(*g), un(*b));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blend as four per-channel source-overs: what the two-lane blend must equal.
    fn reference_blend(Rgb(r, g, b): Rgb, dst: [u8; 4], a8: u8) -> [u8; 4] {
        let (a, keep) = (u32::from(a8), 255 - u32::from(a8));
        let over = |src: u32, d: u8| (div255(src * a) + div255(u32::from(d) * keep)).min(255) as u8;
        [over(u32::from(r), dst[0]), over(u32::from(g), dst[1]), over(u32::from(b), dst[2]), over(255, dst[3])]
    }

    #[test]
    fn the_two_lane_blend_equals_four_channel_blends_on_every_premultiplied_pixel() {
        for color in [Rgb(255, 255, 255), Rgb(0, 0, 0), Rgb(31, 120, 193), Rgb(235, 123, 24), Rgb(1, 254, 128)] {
            let pre = Premultiplied::new(color);
            for a8 in 0..=255u8 {
                // Premultiplied pixels: no channel above the alpha.
                for alpha in (0..=255u8).step_by(3) {
                    for c in (0..=alpha).step_by(11).chain([alpha]) {
                        let dst = [c, alpha / 2, alpha - c, alpha];
                        let mut px = dst;
                        pre.blend(&mut px, a8);
                        assert_eq!(px, reference_blend(color, dst, a8), "{color:?} a8={a8} over {dst:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_fill_paints_every_pixel_of_any_size() {
        for (w, h) in [(0, 0), (1, 1), (7, 3), (33, 17)] {
            let mut pix = Pixmap::new(w, h);
            pix.fill(Rgb(1, 2, 3));
            let r = pix.into_raster();
            assert!(r.opaque);
            assert_eq!(r.rgba.len(), w as usize * h as usize * 4);
            assert!(r.rgba.chunks_exact(4).all(|px| px == [1, 2, 3, 255]), "{w}×{h}");
        }
    }

    const BLUE: Rgb = Rgb(31, 120, 193);

    fn one(centers: &[(f64, f64)], alpha: f64) -> Raster {
        rasterize_markers(&[MarkerBatch { centers, radius: 3.0, color: BLUE, alpha, hollow: false }], 100, 50)
    }

    #[test]
    fn a_diamond_is_solid_inside_clear_outside_and_soft_on_its_edge() {
        let r = one(&[(10.0, 10.0)], 1.0);
        assert_eq!(r.pixel(9, 9), [31, 120, 193, 255], "centre pixel");
        assert_eq!(r.pixel(10, 8)[3], 255, "inside, near the top tip");
        assert_eq!(r.pixel(13, 13)[3], 0, "the corner of the bounding box is outside the diamond");
        assert_eq!(r.pixel(40, 40), [0; 4], "far away");
        let edge = r.pixel(12, 11)[3]; // centre (12.5, 11.5): |dx| + |dy| = 4 > 3, 0.7 px outside
        assert!(edge == 0 || edge < 255, "anti-aliased edge: {edge}");
        let half = r.pixel(12, 10)[3]; // centre (12.5, 10.5): exactly on the edge → half covered
        assert!((120..=135).contains(&half), "{half}");
    }

    #[test]
    fn translucent_markers_composite_like_separate_fills() {
        // 8-bit premultiplied colour loses at most one step per channel.
        let near = |a: [u8; 4], b: [u8; 4]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 1);
        let single = one(&[(10.0, 10.0)], 0.5);
        assert!(near(single.pixel(9, 9), [31, 120, 193, 128]), "straight alpha, colour kept: {:?}", single.pixel(9, 9));
        let double = one(&[(10.0, 10.0), (10.0, 10.0)], 0.5);
        // 0.5 over 0.5 = 0.75.
        assert!(near(double.pixel(9, 9), [31, 120, 193, 191]), "{:?}", double.pixel(9, 9));
    }

    #[test]
    fn later_batches_paint_over_earlier_ones() {
        let red = Rgb(200, 0, 0);
        let c = [(20.0, 20.0)];
        let r = rasterize_markers(
            &[
                MarkerBatch { centers: &c, radius: 3.0, color: BLUE, alpha: 1.0, hollow: false },
                MarkerBatch { centers: &c, radius: 3.0, color: red, alpha: 1.0, hollow: false },
            ],
            100,
            50,
        );
        assert_eq!(r.pixel(19, 19), [200, 0, 0, 255]);
    }

    #[test]
    fn markers_are_clipped_to_the_canvas_and_bad_centres_skipped() {
        let edge = one(&[(0.0, 49.0)], 1.0);
        assert_eq!((edge.width, edge.height, edge.rgba.len()), (100, 50, 100 * 50 * 4));
        assert_eq!(edge.pixel(0, 49)[3], 255, "the visible quarter is drawn");
        let blank = |r: &Raster| r.rgba.iter().all(|b| *b == 0);
        assert!(blank(&one(&[(-50.0, 10.0)], 1.0)), "entirely off the canvas");
        assert!(blank(&one(&[(f64::NAN, 1.0), (1.0, f64::INFINITY), (1e300, -1e300)], 1.0)));
        assert!(blank(&one(&[], 1.0)));
        assert!(!one(&[], 1.0).opaque);
    }

    #[test]
    fn a_clip_holds_the_pixels_whose_centres_are_inside() {
        assert_eq!(Clip::around(10.0, 5.0, 20.0, 8.0), Clip { x0: 10, y0: 5, x1: 20, y1: 8 });
        assert_eq!(Clip::around(10.4, 5.6, 20.6, 8.4), Clip { x0: 10, y0: 6, x1: 21, y1: 8 });
        assert!(Clip::around(f64::NAN, 0.0, 1.0, 1.0).x0 == 0, "saturating: NaN → 0");
        assert!(Clip::around(3.0, 3.0, 3.0, 9.0).is_empty());
    }

    #[test]
    fn ten_thousand_markers_on_a_hidpi_canvas() {
        let centers: Vec<(f64, f64)> =
            (0..10_000).map(|i| (f64::from(i % 1000) * 2.0, f64::from((i * 7) % 800))).collect();
        let r = rasterize_markers(
            &[MarkerBatch { centers: &centers, radius: 6.0, color: BLUE, alpha: 0.7, hollow: false }],
            2000,
            800,
        );
        let covered = r.rgba.chunks_exact(4).filter(|p| p[3] > 0).count();
        assert!(covered > 100_000, "{covered}");
    }

    #[test]
    fn a_hollow_diamond_is_an_outline() {
        let c = [(20.0, 20.0)];
        let r = rasterize_markers(
            &[MarkerBatch { centers: &c, radius: 6.0, color: BLUE, alpha: 1.0, hollow: true }],
            100,
            50,
        );
        assert_eq!(r.pixel(19, 19)[3], 0, "the centre is empty");
        assert_eq!(r.pixel(19, 15)[3], 255, "the outline near the top tip is drawn");
        assert_eq!(r.pixel(19, 10)[3], 0, "outside");
    }
}
