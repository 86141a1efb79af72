//! The overlay layer's geometry: the zoom band of a drag and the selected
//! dot's crosshair and ring, in device px, from CSS px positions.
//!
//! Rules:
//! - the zoom band spans the plot's height and is clamped to its width,
//!   whichever way the drag went;
//! - the crosshair is a 1 CSS px line on a device-pixel centre (`round + 0.5`),
//!   so it stays sharp at any devicePixelRatio;
//! - the ring circles the marker ([`MARKER_RADIUS_CSS`]) 3 CSS px out, 2 CSS px wide;
//! - a box of exemplars (drawn or kept) is clamped into the plot, like the zoom band;
//! - another panel's hovered time (a sync group) is a crosshair at that time,
//!   only while it lies inside this plot's range.

use crate::config::ExemplarBox;
use crate::render::layout::{Layout, PlotSize};
use crate::render::scene::MARKER_RADIUS_CSS;
use crate::render::theme::Rgb;

/// Fill of the zoom band.
pub const ZOOM_FILL: &str = "rgba(90,140,220,0.18)";
/// Stroke of a box of exemplars.
pub const BOX_STROKE: &str = "rgba(60,100,200,0.9)";
/// Stroke of the crosshair.
pub const CROSSHAIR_STROKE: &str = "rgba(120,120,120,0.8)";

/// A rectangle in device px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RectDev {
    /// Left edge.
    pub x_dev: f64,
    /// Top edge.
    pub y_dev: f64,
    /// Width.
    pub width_dev: f64,
    /// Height.
    pub height_dev: f64,
}

/// A vertical line through the selected dot, device px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crosshair {
    /// Its x, on a pixel centre.
    pub x_dev: f64,
    /// Where it starts (the plot's top).
    pub top_dev: f64,
    /// Where it ends (the plot's bottom).
    pub bottom_dev: f64,
    /// Line width.
    pub line_width_dev: f64,
}

/// The circle around the selected dot, device px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ring {
    /// Centre.
    pub x_dev: f64,
    /// Centre.
    pub y_dev: f64,
    /// Radius.
    pub radius_dev: f64,
    /// Line width.
    pub line_width_dev: f64,
    /// Stroke: the series' colour.
    pub color: Rgb,
}

/// What the overlay draws.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Overlay {
    /// The zoom band of a drag in progress.
    pub zoom: Option<RectDev>,
    /// The selected dot's crosshair.
    pub crosshair: Option<Crosshair>,
    /// The selected dot's ring.
    pub ring: Option<Ring>,
}

/// A box of exemplars (drawn or kept) and a synced crosshair: the overlay's other parts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Extras {
    /// The box's corners, CSS px.
    pub box_css: Option<((f64, f64), (f64, f64))>,
    /// The time another panel of the sync group hovers, epoch ms.
    pub synced_t_ms: Option<i64>,
}

/// The corners (CSS px) of a kept box of exemplars in `layout`.
pub fn box_corners_css(layout: &Layout, b: &ExemplarBox) -> ((f64, f64), (f64, f64)) {
    (
        (layout.css_from_time(b.from), layout.css_from_value(b.max)),
        (layout.css_from_time(b.to), layout.css_from_value(b.min)),
    )
}

/// The box, clamped into the plot, device px.
pub fn box_rect(layout: &Layout, ((x0, y0), (x1, y1)): ((f64, f64), (f64, f64))) -> RectDev {
    let d = |css: f64| layout.dev_from_css(css);
    let p = layout.plot;
    let cx = |x: f64| x.clamp(p.left, p.right);
    let cy = |y: f64| y.clamp(p.top, p.bottom);
    let (left, right) = (cx(x0.min(x1)), cx(x0.max(x1)));
    let (top, bottom) = (cy(y0.min(y1)), cy(y0.max(y1)));
    RectDev { x_dev: d(left), y_dev: d(top), width_dev: d(right - left), height_dev: d(bottom - top) }
}

/// The crosshair at another panel's hovered time, when it is inside this plot's range.
pub fn synced_crosshair(layout: &Layout, t_ms: i64) -> Option<Crosshair> {
    let d = |css: f64| layout.dev_from_css(css);
    (layout.t_min_ms..=layout.t_max_ms).contains(&t_ms).then(|| Crosshair {
        x_dev: d(layout.css_from_time(t_ms)).round() + 0.5,
        top_dev: d(layout.plot.top),
        bottom_dev: d(layout.plot.bottom),
        line_width_dev: d(1.0),
    })
}

/// The overlay of `layout` for a selected point (with its series' colour) and
/// a drag from `zoom.0` to `zoom.1`, all CSS px relative to the plot element.
pub fn overlay(layout: &Layout, selected: Option<((f64, f64), Rgb)>, zoom: Option<(f64, f64)>) -> Overlay {
    let d = |css: f64| layout.dev_from_css(css);
    let plot = layout.plot;
    let zoom = zoom.map(|(a, b)| {
        let clamp = |x: f64| x.clamp(plot.left, plot.right);
        let (left, right) = (clamp(a.min(b)), clamp(a.max(b)));
        RectDev {
            x_dev: d(left),
            y_dev: d(plot.top),
            width_dev: d(right - left),
            height_dev: d(plot.bottom - plot.top),
        }
    });
    let crosshair = selected.map(|((x, _), _)| Crosshair {
        x_dev: d(x).round() + 0.5,
        top_dev: d(plot.top),
        bottom_dev: d(plot.bottom),
        line_width_dev: d(1.0),
    });
    let ring = selected.map(|((x, y), color)| Ring {
        x_dev: d(x),
        y_dev: d(y),
        radius_dev: d(MARKER_RADIUS_CSS + 3.0),
        line_width_dev: d(2.0),
        color,
    });
    Overlay { zoom, crosshair, ring }
}

/// Everything the overlay canvas shows, device px: the shell clears the
/// canvas (sized to `size`) and paints exactly this.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OverlayPaint {
    /// The plot element's size (the canvas's backing store follows it).
    pub size: PlotSize,
    /// The zoom band, the selected dot's crosshair and ring.
    pub shapes: Overlay,
    /// A box of exemplars, drawn or kept, clamped into the plot.
    pub box_rect: Option<RectDev>,
    /// The box's outline width.
    pub box_line_width_dev: f64,
    /// Another panel's hovered time (a sync group).
    pub synced: Option<Crosshair>,
}

/// The overlay of `layout`: [`overlay`] plus the box and the synced crosshair of `extras`.
pub fn overlay_paint(
    layout: &Layout,
    selected: Option<((f64, f64), Rgb)>,
    zoom: Option<(f64, f64)>,
    extras: Extras,
) -> OverlayPaint {
    OverlayPaint {
        size: layout.size,
        shapes: overlay(layout, selected, zoom),
        box_rect: extras.box_css.map(|corners| box_rect(layout, corners)),
        box_line_width_dev: layout.dev_from_css(1.0),
        synced: extras.synced_t_ms.and_then(|t| synced_crosshair(layout, t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Format, Unit};
    use crate::model::PanelModel;
    use crate::render::layout::PlotSize;
    use crate::time::zone::FixedOffset;

    fn layout(dpr: f64) -> Layout {
        let model = PanelModel { start_ms: 0, end_ms: 60_000, step_ms: 1_000, ..Default::default() };
        Layout::compute(
            &model,
            PlotSize { width_css: 400.0, height_css: 200.0, dpr },
            &Format::of(Unit::Seconds),
            crate::config::YScale::Linear,
            &FixedOffset(0),
        )
    }

    #[test]
    fn a_box_round_trips_through_data_space_and_is_clamped() {
        let l = layout(2.0);
        let p = l.plot;
        let b = ExemplarBox::spanning(
            (l.time_from_css(p.left + 20.0), l.value_from_css(p.top + 30.0)),
            (l.time_from_css(p.left + 120.0), l.value_from_css(p.top + 90.0)),
        );
        let ((x0, y0), (x1, y1)) = box_corners_css(&l, &b);
        assert!((x0 - (p.left + 20.0)).abs() < 0.5 && (x1 - (p.left + 120.0)).abs() < 0.5);
        assert!((y0 - (p.top + 30.0)).abs() < 1e-6 && (y1 - (p.top + 90.0)).abs() < 1e-6);
        let r = box_rect(&l, ((-50.0, -50.0), (p.left + 10.0, 1e6)));
        assert_eq!(
            r,
            RectDev { x_dev: p.left * 2.0, y_dev: p.top * 2.0, width_dev: 20.0, height_dev: (p.bottom - p.top) * 2.0 }
        );
    }

    #[test]
    fn a_synced_crosshair_shows_only_inside_the_range() {
        let l = layout(1.0);
        let c = synced_crosshair(&l, 30_000).unwrap_or_else(|| panic!("inside"));
        assert_eq!(c.x_dev, l.css_from_time(30_000).round() + 0.5);
        assert_eq!(synced_crosshair(&l, 90_000), None);
        assert_eq!(synced_crosshair(&l, -1), None);
    }

    #[test]
    fn nothing_selected_and_no_drag_draws_nothing() {
        assert_eq!(overlay(&layout(2.0), None, None), Overlay::default());
    }

    #[test]
    fn the_zoom_band_is_clamped_to_the_plot_either_way_round() {
        let l = layout(2.0);
        let p = l.plot;
        let band = overlay(&l, None, Some((p.right + 50.0, p.left + 10.0))).zoom;
        assert_eq!(
            band,
            Some(RectDev {
                x_dev: (p.left + 10.0) * 2.0,
                y_dev: p.top * 2.0,
                width_dev: (p.right - p.left - 10.0) * 2.0,
                height_dev: (p.bottom - p.top) * 2.0,
            })
        );
        let outside = overlay(&l, None, Some((-30.0, -10.0))).zoom;
        assert_eq!(outside.map(|r| (r.x_dev, r.width_dev)), Some((p.left * 2.0, 0.0)), "left of the plot: empty");
    }

    #[test]
    fn the_crosshair_sits_on_a_pixel_centre_and_the_ring_circles_the_marker() {
        let l = layout(1.5);
        let red = Rgb(200, 30, 30);
        let o = overlay(&l, Some(((100.3, 80.0), red)), None);
        let c = o.crosshair.unwrap_or_else(|| panic!("a crosshair"));
        assert_eq!(c.x_dev, (100.3f64 * 1.5).round() + 0.5);
        assert_eq!((c.top_dev, c.bottom_dev, c.line_width_dev), (l.plot.top * 1.5, l.plot.bottom * 1.5, 1.5));
        assert_eq!(
            o.ring,
            Some(Ring {
                x_dev: 100.3 * 1.5,
                y_dev: 120.0,
                radius_dev: (MARKER_RADIUS_CSS + 3.0) * 1.5,
                line_width_dev: 3.0,
                color: red,
            })
        );
        assert_eq!(o.zoom, None);
    }
}
