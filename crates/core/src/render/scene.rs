//! The scene: a display list in device pixels, built from the model and layout.
//!
//! Building the scene is pure and tested natively; [`crate::render::draw`] only replays
//! it onto a plotters backend. Series lines are M4-decimated to at most four
//! points per device-pixel column ([`crate::render::decimate`]) and break at NaN/±Inf
//! samples and at missing steps (a gap stays a gap). A sample with no neighbour
//! on either side is drawn as a dot ([`Shape::Dots`], Grafana's `showPoints: auto`),
//! so no series in the legend is invisible. Exemplar markers are grouped per colour, one [`Shape::Markers`]
//! each, so the backend can batch them. Series lines are clipped to the plot
//! ([`Scene::plot`]). Text comes last: it lies outside the plot, so it can be
//! drawn after the pixel layer ([`crate::render::layer`]) that holds
//! everything else.

use crate::config::ExemplarBox;
use crate::model::PanelModel;
use crate::render::decimate::{gap_threshold_ms, m4};
use crate::render::layout::{Layout, TICK_FONT_CSS};
use crate::render::raster::Clip;
use crate::render::theme::{Rgb, Theme};

/// Radius of an exemplar marker, CSS px.
pub const MARKER_RADIUS_CSS: f64 = 3.0;
/// Width of series lines, CSS px: Grafana's default `lineWidth`. It is also
/// the fast path: Chromium strokes a 1-device-px line ~10× faster than a wider one.
pub const LINE_WIDTH_CSS: f64 = 1.0;
/// Radius of the dot of a lone sample, CSS px (Grafana's default `pointSize` 5 is a diameter).
pub const POINT_RADIUS_CSS: f64 = 2.5;
/// Opacity of exemplar markers.
pub const MARKER_ALPHA: f64 = 0.7;
/// Opacity of the markers outside the viewer's box.
pub const DIMMED_ALPHA: f64 = 0.15;

/// Horizontal anchor of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Text ends at x, vertically centred (y-axis labels).
    RightMiddle,
    /// Text is centred under x (time labels).
    CenterTop,
}

/// One thing to draw, in device px.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Fill the whole canvas.
    Clear(Rgb),
    /// A straight segment (grid, axis).
    Segment {
        /// Start.
        from: (f64, f64),
        /// End.
        to: (f64, f64),
        /// Colour.
        color: Rgb,
        /// Width, device px.
        width: f64,
    },
    /// A connected line.
    Polyline {
        /// Points.
        points: Vec<(f64, f64)>,
        /// Colour.
        color: Rgb,
        /// Width, device px.
        width: f64,
    },
    /// Filled round dots of one colour: the lone samples of a series.
    Dots {
        /// Centres.
        centers: Vec<(f64, f64)>,
        /// Radius, device px.
        radius: f64,
        /// Colour.
        color: Rgb,
    },
    /// Filled exemplar markers of one colour.
    Markers {
        /// Centres.
        centers: Vec<(f64, f64)>,
        /// Radius, device px.
        radius: f64,
        /// Fill colour.
        color: Rgb,
        /// Fill opacity, 0–1: dense exemplars must not hide the lines.
        alpha: f64,
        /// Outline only: exemplars beyond the y axis, clamped to its edge.
        hollow: bool,
    },
    /// A translucent rectangle `(x0, y0, x1, y1)`: a threshold's band.
    Band {
        /// Its corners.
        rect: (f64, f64, f64, f64),
        /// Colour.
        color: Rgb,
        /// Opacity, 0–1.
        alpha: f64,
    },
    /// A label.
    Text {
        /// Anchor point.
        at: (f64, f64),
        /// Text.
        text: String,
        /// Font size, device px.
        size: f64,
        /// Colour.
        color: Rgb,
        /// How `at` relates to the text.
        anchor: Anchor,
    },
}

/// The base layer of one frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    /// Shapes, in paint order.
    pub shapes: Vec<Shape>,
    /// The pixels series lines may touch: the plot rectangle, grown by half a
    /// line width so a line along an edge shows whole. `None`: the canvas.
    pub plot: Option<Clip>,
}

/// Builds the base layer: background, grid, ticks, the lines of the series not
/// hidden, and the markers of the exemplars in `shown` (see [`crate::select::filter`]),
/// dimmed outside `exemplar_box` when there is one.
pub fn build_scene(
    model: &PanelModel,
    layout: &Layout,
    theme: &Theme,
    hidden_series: &[bool],
    shown: &[usize],
    exemplar_box: Option<&ExemplarBox>,
) -> Scene {
    let d = |css: f64| layout.dev_from_css(css);
    let p = layout.plot;
    let mut shapes = vec![Shape::Clear(theme.background)];
    let mut labels = Vec::new();
    let font = d(TICK_FONT_CSS);
    for t in &layout.y_ticks {
        let y = d(t.pos_css).round() + 0.5;
        shapes.push(Shape::Segment { from: (d(p.left), y), to: (d(p.right), y), color: theme.grid, width: d(1.0) });
        labels.push(Shape::Text {
            at: (d(p.left - 6.0), d(t.pos_css)),
            text: t.label.clone(),
            size: font,
            color: theme.text,
            anchor: Anchor::RightMiddle,
        });
    }
    for t in &layout.x_ticks {
        let x = d(t.pos_css).round() + 0.5;
        shapes.push(Shape::Segment { from: (x, d(p.top)), to: (x, d(p.bottom)), color: theme.grid, width: d(1.0) });
        labels.push(Shape::Text {
            at: (d(t.pos_css), d(p.bottom + 5.0)),
            text: t.label.clone(),
            size: font,
            color: theme.text,
            anchor: Anchor::CenterTop,
        });
    }
    for (i, s) in model.series.iter().enumerate() {
        if hidden_series.get(i).copied().unwrap_or(false) {
            continue;
        }
        let color = theme.series_color(s.color);
        let x_dev = |t: i64| d(layout.css_from_time(t));
        let window = (layout.t_min_ms, layout.t_max_ms);
        let mut dots = Vec::new();
        // A log scale has no place for values ≤ 0: they are gaps.
        let positive: Vec<f64>;
        let values: &[f64] = if layout.scale.positive_only() {
            positive = s.values.iter().map(|v| if *v > 0.0 { *v } else { f64::NAN }).collect();
            &positive
        } else {
            &s.values
        };
        for run in m4(&s.t_ms, values, window, gap_threshold_ms(s.step_ms), x_dev) {
            let mut points: Vec<(f64, f64)> = run
                .into_iter()
                .filter_map(|i| Some((x_dev(*s.t_ms.get(i)?), d(layout.css_from_value(*values.get(i)?)))))
                .collect();
            match points.len() {
                0 => {}
                1 => dots.append(&mut points),
                _ => shapes.push(Shape::Polyline { points, color, width: d(LINE_WIDTH_CSS) }),
            }
        }
        if !dots.is_empty() {
            shapes.push(Shape::Dots { centers: dots, radius: d(POINT_RADIUS_CSS), color });
        }
    }
    // One marker batch per colour and style, in order of first appearance.
    // Keyed by (colour, hollow, dimmed).
    type Batch = ((Rgb, bool, bool), Vec<(f64, f64)>);
    let mut batches: Vec<Batch> = Vec::new();
    for e in shown.iter().filter_map(|&i| model.exemplars.get(i)) {
        if !e.value.is_finite() {
            continue;
        }
        let owner = e.colour_series(hidden_series).and_then(|i| model.series.get(i));
        let color = owner.map_or(theme.unmatched, |s| theme.series_color(s.color));
        let (y_css, clamped) = layout.css_from_exemplar_value(e.value);
        let at = (d(layout.css_from_time(e.t_ms)), d(y_css));
        let dimmed = exemplar_box.is_some_and(|b| !b.contains(e.t_ms, e.value));
        match batches.iter_mut().find(|(k, _)| *k == (color, clamped, dimmed)) {
            Some((_, centers)) => centers.push(at),
            None => batches.push(((color, clamped, dimmed), vec![at])),
        }
    }
    for ((color, hollow, dimmed), centers) in batches {
        let alpha = match (dimmed, hollow) {
            (true, _) => DIMMED_ALPHA,
            (false, true) => 1.0,
            (false, false) => MARKER_ALPHA,
        };
        shapes.push(Shape::Markers { centers, radius: d(MARKER_RADIUS_CSS), color, alpha, hollow });
    }
    shapes.append(&mut labels);
    let half = d(LINE_WIDTH_CSS) / 2.0;
    let plot = Clip::around(d(p.left) - half, d(p.top) - half, d(p.right) + half, d(p.bottom) + half);
    Scene { shapes, plot: Some(plot) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Format, Unit};
    use crate::model::testing::{self, exemplar};
    use crate::model::{ExemplarPoint, SeriesModel};
    use crate::render::layout::PlotSize;
    use crate::time::zone::FixedOffset;

    fn model() -> PanelModel {
        let series = |color: usize, values: Vec<f64>| SeriesModel {
            color,
            ..testing::series(&format!("s{color}"), (0..).map(|i| i * 1000).zip(values))
        };
        let ex = |series: Option<usize>, t_ms: i64| ExemplarPoint {
            series,
            owners: series.into_iter().collect(),
            ..exemplar(t_ms, 0.5, &[])
        };
        PanelModel {
            start_ms: 0,
            end_ms: 4000,
            step_ms: 1000,
            ..testing::model(
                vec![series(0, vec![0.1, 0.2, f64::NAN, 0.4, 0.5]), series(1, vec![0.3; 5])],
                vec![ex(Some(0), 0), ex(Some(1), 1000), ex(Some(0), 2000), ex(None, 3000)],
            )
        }
    }

    fn scene(hidden: &[bool]) -> Scene {
        let m = model();
        let shown =
            crate::select::filter::visible_exemplars(&m, &crate::select::filter::ExemplarFilter::default(), hidden);
        let l = Layout::compute(
            &m,
            PlotSize { width_css: 400.0, height_css: 200.0, dpr: 2.0 },
            &Format::of(Unit::Short),
            crate::config::YScale::Linear,
            &FixedOffset(0),
        );
        build_scene(&m, &l, &Theme::light(), hidden, &shown, None)
    }

    #[test]
    fn nan_splits_lines_and_markers_are_batched_per_colour() {
        let s = scene(&[]);
        let lines: Vec<usize> = s
            .shapes
            .iter()
            .filter_map(|sh| if let Shape::Polyline { points, .. } = sh { Some(points.len()) } else { None })
            .collect();
        assert_eq!(lines, [2, 2, 5]);
        let markers: Vec<(Rgb, usize)> = s
            .shapes
            .iter()
            .filter_map(|sh| {
                if let Shape::Markers { centers, color, .. } = sh {
                    Some((*color, centers.len()))
                } else {
                    None
                }
            })
            .collect();
        let t = Theme::light();
        assert_eq!(markers, [(t.series_color(0), 2), (t.series_color(1), 1), (t.unmatched, 1)]);
        assert!(matches!(s.shapes[0], Shape::Clear(_)));
    }

    /// The e2e sparse query's shape (`vector(0.5) and on() (vector(time() % 120) == 0)`
    /// at step 15 s: one sample every 2 min) plus a run of joined steps and a one-sample series.
    #[test]
    fn missing_steps_break_lines_and_lone_samples_are_dots() {
        let sparse = SeriesModel {
            step_ms: 15_000,
            ..testing::series("sparse", [0, 120_000, 240_000, 255_000, 270_000].map(|t| (t, 0.5)))
        };
        let single = SeriesModel { color: 1, step_ms: 15_000, ..testing::series("young", [(300_000, 0.25)]) };
        let m = PanelModel {
            start_ms: 0,
            end_ms: 360_000,
            step_ms: 15_000,
            ..testing::model(vec![sparse, single], vec![])
        };
        let l = Layout::compute(
            &m,
            PlotSize { width_css: 400.0, height_css: 200.0, dpr: 1.0 },
            &Format::of(Unit::Short),
            crate::config::YScale::Linear,
            &FixedOffset(0),
        );
        let s = build_scene(&m, &l, &Theme::light(), &[], &[], None);
        let t = Theme::light();
        let drawn: Vec<(&str, usize, Rgb)> = s
            .shapes
            .iter()
            .filter_map(|sh| match sh {
                Shape::Polyline { points, color, .. } => Some(("line", points.len(), *color)),
                Shape::Dots { centers, color, radius } => {
                    assert_eq!(*radius, POINT_RADIUS_CSS);
                    Some(("dots", centers.len(), *color))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            drawn,
            [("line", 3, t.series_color(0)), ("dots", 2, t.series_color(0)), ("dots", 1, t.series_color(1))],
            "240–270 s joined; 0 s and 120 s alone; the young series one dot"
        );
        let Some(Shape::Dots { centers, .. }) = s.shapes.iter().rev().find(|sh| matches!(sh, Shape::Dots { .. }))
        else {
            panic!("no dot for the one-sample series");
        };
        assert_eq!(centers[0], (l.css_from_time(300_000), l.css_from_value(0.25)));
    }

    #[test]
    fn on_a_log_scale_zero_and_negative_values_are_gaps() {
        let mut m = model();
        m.series = vec![testing::series("s", [(0, 0.1), (1000, 0.0), (2000, 0.2), (3000, -1.0), (4000, 0.3)])];
        let size = PlotSize { width_css: 400.0, height_css: 200.0, dpr: 1.0 };
        let log = crate::config::YScale::Log(crate::config::LogBase::Ten);
        let l = Layout::compute(&m, size, &Format::of(Unit::Short), log, &FixedOffset(0));
        let s = build_scene(&m, &l, &Theme::light(), &[], &[], None);
        let dots: Vec<&Vec<(f64, f64)>> = s
            .shapes
            .iter()
            .filter_map(|sh| if let Shape::Dots { centers, .. } = sh { Some(centers) } else { None })
            .collect();
        assert_eq!(dots.len(), 1);
        assert_eq!(dots[0].len(), 3, "each positive sample stands alone between the gaps");
        assert!(dots[0].iter().all(|(_, y)| *y >= l.plot.top && *y <= l.plot.bottom));
        assert!(!s.shapes.iter().any(|sh| matches!(sh, Shape::Polyline { .. })));
    }

    #[test]
    fn device_pixels_are_css_times_dpr() {
        let s = scene(&[]);
        let Some(Shape::Markers { radius, centers, .. }) =
            s.shapes.iter().find(|sh| matches!(sh, Shape::Markers { .. }))
        else {
            panic!("no markers");
        };
        assert_eq!(*radius, MARKER_RADIUS_CSS * 2.0);
        assert!(centers.iter().all(|(x, y)| *x <= 800.0 && *y <= 400.0));
    }

    #[test]
    fn hidden_series_hide_their_lines_and_exemplars() {
        let s = scene(&[true, false]);
        let lines = s.shapes.iter().filter(|sh| matches!(sh, Shape::Polyline { .. })).count();
        assert_eq!(lines, 1);
        let markers: usize =
            s.shapes.iter().map(|sh| if let Shape::Markers { centers, .. } = sh { centers.len() } else { 0 }).sum();
        assert_eq!(markers, 2, "series 1's and the unmatched exemplar remain");
    }

    #[test]
    fn long_series_are_decimated_to_the_pixel_width() {
        let n = 11_000;
        let mut m = model();
        m.end_ms = (n - 1) * 1000;
        m.series = vec![testing::series("long", (0..n).map(|i| (i * 1000, (i as f64 * 0.1).sin())))];
        let size = PlotSize { width_css: 400.0, height_css: 200.0, dpr: 2.0 };
        let l = Layout::compute(&m, size, &Format::of(Unit::Short), crate::config::YScale::Linear, &FixedOffset(0));
        let s = build_scene(&m, &l, &Theme::light(), &[], &[], None);
        let points: usize =
            s.shapes.iter().map(|sh| if let Shape::Polyline { points, .. } = sh { points.len() } else { 0 }).sum();
        let columns = (l.dev_from_css(l.plot.right - l.plot.left)).ceil() as usize + 1;
        assert!(points <= 4 * columns, "{points} points for {columns} device columns");
        assert!(points >= columns, "every column keeps its extent: {points}");
    }
}
