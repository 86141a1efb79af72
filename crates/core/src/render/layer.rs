//! The pixel layer of a frame: the scene's background, grid, series lines,
//! dots and exemplar markers drawn, in scene order, into one RGBA image the
//! size of the canvas, which the canvas layer puts on the page with one call.
//!
//! Rules:
//! - Items are drawn in order, source-over, in premultiplied 8-bit colour
//!   ([`crate::render::raster`]); lines and dots by [`crate::render::lines`].
//! - Series lines ([`Item::Line`]) stay inside the plot rectangle (`plot`);
//!   everything else is clipped to the canvas only (a marker clamped to the
//!   plot's edge shows whole, as before).
//! - An image that begins with [`Item::Fill`] is opaque and replaces the
//!   canvas's pixels; otherwise it is blended over them.

use crate::render::lines::{dots, stroke};
use crate::render::raster::{fill_markers, Clip, MarkerBatch, Pixmap, Raster};
use crate::render::theme::Rgb;

/// One thing the layer draws, in device px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    /// Every pixel.
    Fill(Rgb),
    /// A straight line that is not data (grid), clipped to the canvas.
    Rule {
        /// Its points.
        points: [(f64, f64); 2],
        /// Colour.
        color: Rgb,
        /// Width, device px.
        width: f64,
    },
    /// A series line, clipped to the plot.
    Line {
        /// Its points (a non-finite one breaks it).
        points: &'a [(f64, f64)],
        /// Colour.
        color: Rgb,
        /// Width, device px.
        width: f64,
    },
    /// Round dots.
    Dots {
        /// Centres.
        centers: &'a [(f64, f64)],
        /// Radius, device px.
        radius: f64,
        /// Colour.
        color: Rgb,
    },
    /// Exemplar markers.
    Markers(MarkerBatch<'a>),
    /// A translucent rectangle `(x0, y0, x1, y1)` (a threshold's band), clipped to the plot.
    Band {
        /// Its corners.
        rect: (f64, f64, f64, f64),
        /// Colour.
        color: Rgb,
        /// Opacity, 0–1.
        alpha: f64,
    },
}

/// Draws `items` in order on a `width × height` image; series lines stay in `plot`.
///
/// The image is drawn in `buffer`'s memory (any contents; it is resized):
/// hand back [`Raster::rgba`] as the next call's buffer and a paint
/// allocates nothing, where a fresh canvas-sized image (1–2 MB) per paint
/// left wasm's memory to grow through fragmentation (bench f).
pub fn rasterize(buffer: Vec<u8>, items: &[Item<'_>], width: u32, height: u32, plot: Option<Clip>) -> Raster {
    let fills_all = matches!(items.first(), Some(Item::Fill(_)));
    let mut pix = Pixmap::in_buffer(buffer, width, height, !fills_all);
    let all = pix.bounds();
    for item in items {
        match *item {
            Item::Fill(c) => pix.fill(c),
            Item::Rule { points, color, width } => stroke(&mut pix, &points, color, width, all),
            Item::Line { points, color, width } => stroke(&mut pix, points, color, width, plot.unwrap_or(all)),
            Item::Dots { centers, radius, color } => dots(&mut pix, centers, radius, color, all),
            Item::Markers(batch) => fill_markers(&mut pix, &[batch]),
            Item::Band { rect, color, alpha } => pix.fill_rect(rect, color, alpha, plot.unwrap_or(all)),
        }
    }
    pix.into_raster()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb = Rgb(255, 255, 255);
    const GRID: Rgb = Rgb(232, 234, 238);
    const BLUE: Rgb = Rgb(31, 120, 193);
    const ORANGE: Rgb = Rgb(235, 123, 24);

    #[test]
    fn a_frame_is_background_grid_lines_dots_then_markers() {
        let line = [(0.0, 20.5), (100.0, 20.5)];
        let dot = [(70.0, 40.0)];
        let marker = [(50.0, 20.5)];
        let items = [
            Item::Fill(WHITE),
            Item::Rule { points: [(30.5, 0.0), (30.5, 50.0)], color: GRID, width: 1.0 },
            Item::Line { points: &line, color: BLUE, width: 1.0 },
            Item::Dots { centers: &dot, radius: 2.5, color: ORANGE },
            Item::Markers(MarkerBatch { centers: &marker, radius: 3.0, color: ORANGE, alpha: 1.0, hollow: false }),
        ];
        let plot = Clip { x0: 10, y0: 5, x1: 90, y1: 45 };
        let r = rasterize(Vec::new(), &items, 100, 50, Some(plot));
        assert!(r.opaque);
        assert_eq!((r.x, r.y, r.width, r.height), (0, 0, 100, 50));
        assert_eq!(r.pixel(30, 5), [232, 234, 238, 255], "the grid, crisp");
        assert_eq!(r.pixel(30, 20), [31, 120, 193, 255], "the line over the grid");
        assert_eq!(r.pixel(20, 20), [31, 120, 193, 255]);
        assert_eq!(r.pixel(5, 20), [255, 255, 255, 255], "the line stops at the plot's edge");
        assert_eq!(r.pixel(95, 20), [255, 255, 255, 255]);
        assert_eq!(r.pixel(50, 20), [235, 123, 24, 255], "the marker over the line");
        assert_eq!(r.pixel(69, 39), [235, 123, 24, 255], "a lone sample's dot");
        assert_eq!(r.pixel(60, 30), [255, 255, 255, 255]);
    }

    #[test]
    fn without_a_fill_the_layer_is_transparent_with_straight_alpha() {
        let line = [(0.0, 10.5), (100.0, 10.5)];
        let r = rasterize(vec![7; 3], &[Item::Line { points: &line, color: BLUE, width: 0.5 }], 100, 50, None);
        assert!(!r.opaque);
        let [red, g, b, a] = r.pixel(50, 10);
        assert_eq!(a, 128);
        assert!(red.abs_diff(31) <= 2 && g.abs_diff(120) <= 2 && b.abs_diff(193) <= 2, "{:?}", r.pixel(50, 10));
        assert_eq!(r.pixel(50, 30), [0; 4]);
    }

    #[test]
    fn a_reused_buffer_gives_the_same_image_as_a_fresh_one() {
        let line = [(0.0, 10.5), (100.0, 30.5)];
        let items = [Item::Fill(WHITE), Item::Line { points: &line, color: BLUE, width: 1.5 }];
        let fresh = rasterize(Vec::new(), &items, 100, 50, None);
        // A bigger, dirty buffer from an earlier frame, for both kinds of image.
        let reused = rasterize(vec![99; 120 * 70 * 4], &items, 100, 50, None);
        assert_eq!(fresh, reused);
        let translucent = [Item::Line { points: &line, color: BLUE, width: 1.5 }];
        let fresh = rasterize(Vec::new(), &translucent, 100, 50, None);
        let reused = rasterize(vec![200; 100 * 50 * 4], &translucent, 100, 50, None);
        assert_eq!(fresh, reused);
        assert_eq!(reused.rgba.len(), 100 * 50 * 4);
    }
}
