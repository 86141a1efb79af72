//! Layout: from data space (`t_ms`, `value`) to CSS pixels (`x_css`, `y_css`)
//! to device pixels (`x_dev`, `y_dev`).
//!
//! CSS px are what pointer events and the DOM use; device px are the canvas
//! backing store (`css × devicePixelRatio`). Hit-testing works in CSS px,
//! drawing in device px; [`Layout::dev_from_css`] is the only bridge.
//!
//! Every method is total: empty data, a zero-size plot or a flat series give a
//! usable layout, never NaN or a division by zero.
//!
//! The y axis is linear, logarithmic or symmetric-log ([`YScale`]); all obey
//! the same range rule (the lines, and exemplars up to [`EXEMPLAR_STRETCH`] ×
//! the highest line) and the same clamping of exemplars beyond it. On a log
//! scale the range runs from the power of the base at or below the lowest
//! positive value to the one at or above the highest, with a tick per power
//! ([`crate::render::log_ticks`]); values ≤ 0 lie below every position: a line
//! breaks there, an exemplar is clamped to the bottom edge, hollow. On a
//! symlog scale a value sits at `asinh(value / threshold)`: zero and negative
//! values have their place, and the range always holds 0.
//!
//! Four steps, one file each (as egui_plot keeps its transform apart from its
//! grid): `bounds` (the data's time and value range), `ticks` (nice value
//! steps, log ticks, local-time ticks whose labels fit), `margins` (label
//! widths without DOM measurement, the plot rectangle) and `transform` (data
//! ↔ CSS px ↔ device px). [`Layout::compute`] runs them in that order.

mod bounds;
mod margins;
mod ticks;
mod transform;

use crate::config::{Format, ValueAxis, YScale};
use crate::model::PanelModel;
use crate::time::zone::LocalOffset;

pub use bounds::EXEMPLAR_STRETCH;
pub use margins::{label_width_css, TICK_FONT_CSS};
pub use ticks::nice_step;

/// Size of the plot element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotSize {
    /// Width in CSS px.
    pub width_css: f64,
    /// Height in CSS px.
    pub height_css: f64,
    /// `window.devicePixelRatio`.
    pub dpr: f64,
}

impl PlotSize {
    /// Backing-store width in device px.
    pub fn width_dev(&self) -> u32 {
        (self.width_css.max(0.0) * self.dpr_or_one()).round() as u32
    }
    /// Backing-store height in device px.
    pub fn height_dev(&self) -> u32 {
        (self.height_css.max(0.0) * self.dpr_or_one()).round() as u32
    }
    fn dpr_or_one(&self) -> f64 {
        if self.dpr.is_finite() && self.dpr > 0.0 {
            self.dpr
        } else {
            1.0
        }
    }
}

/// A rectangle in CSS px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RectCss {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl RectCss {
    /// Whether a CSS point lies inside (edges included).
    pub fn contains(&self, x_css: f64, y_css: f64) -> bool {
        x_css >= self.left && x_css <= self.right && y_css >= self.top && y_css <= self.bottom
    }
}

/// An axis tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Position along its axis, CSS px.
    pub pos_css: f64,
    /// Label text.
    pub label: String,
}

/// The labels of `ticks`, joined by `|` (the base canvas's `data-x-ticks`, `data-y-ticks`).
pub fn tick_text(ticks: &[Tick]) -> String {
    ticks.iter().map(|t| t.label.as_str()).collect::<Vec<_>>().join("|")
}

/// Scales and ticks of one drawn frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Element size.
    pub size: PlotSize,
    /// The data area, CSS px.
    pub plot: RectCss,
    /// Time range shown, epoch ms.
    pub t_min_ms: i64,
    /// End of the time range, epoch ms.
    pub t_max_ms: i64,
    /// Value at the bottom of the plot.
    pub v_min: f64,
    /// Value at the top of the plot.
    pub v_max: f64,
    /// How values map to height.
    pub scale: YScale,
    /// Time ticks.
    pub x_ticks: Vec<Tick>,
    /// Value ticks.
    pub y_ticks: Vec<Tick>,
}

impl Layout {
    /// Computes the layout of `model` in an element of `size`: the bounds of
    /// the data, the value ticks (whose widest label sets the left margin),
    /// the plot rectangle, then the time ticks in the viewer's zone.
    pub fn compute(model: &PanelModel, size: PlotSize, format: &Format, scale: YScale, tz: &dyn LocalOffset) -> Self {
        Self::compute_within(model, size, format, scale, ValueAxis::default(), tz)
    }

    /// [`Layout::compute`] with the value axis's hard and soft bounds: a hard
    /// bound is where the axis ends (its ticks stay inside), a soft one where
    /// it ends at least. On a log scale, bounds ≤ 0 are ignored.
    pub fn compute_within(
        model: &PanelModel,
        size: PlotSize,
        format: &Format,
        scale: YScale,
        axis: ValueAxis,
        tz: &dyn LocalOffset,
    ) -> Self {
        let (t_min_ms, t_max_ms) = bounds::time_range(model);
        let positive = scale.positive_only();
        let axis = bounds::usable(axis, positive);
        let (lo, hi) = bounds::with_axis(bounds::value_extent(model, positive), axis);
        let v_min = axis.min.unwrap_or(if positive { lo } else { lo.min(0.0) });
        let mut layout = Self {
            size,
            plot: margins::plot_rect(size, None),
            t_min_ms,
            t_max_ms,
            v_min,
            v_max: if hi > v_min { hi } else { v_min + 1.0 },
            scale,
            x_ticks: Vec::new(),
            y_ticks: Vec::new(),
        };
        // y ticks first: their widest label sets the left margin.
        let plot_h = (layout.plot.bottom - layout.plot.top).max(1.0);
        let mut values = layout.value_ticks(lo, hi, plot_h);
        if axis.min.is_some() || axis.max.is_some() {
            (layout.v_min, layout.v_max) = bounds::hard(axis, layout.v_min, layout.v_max);
            let (bottom, top) = (layout.v_min, layout.v_max);
            let slack = (top - bottom).abs() * 1e-9;
            values.retain(|v| *v >= bottom - slack && *v <= top + slack);
        }
        let labels: Vec<String> = values.iter().map(|v| format.value(*v)).collect();
        let widest = labels.iter().map(|l| label_width_css(l)).fold(margins::digit_width_css(), f64::max);
        layout.plot = margins::plot_rect(size, Some(widest));
        layout.y_ticks = values
            .into_iter()
            .zip(labels)
            .map(|(v, label)| Tick { pos_css: layout.css_from_value(v), label })
            .collect();
        layout.x_ticks = layout.time_ticks(tz);
        layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Format, Unit, ValueAxis};
    use crate::model::testing;
    use crate::time::zone::FixedOffset;

    fn model(values: &[f64], exemplar: Option<f64>) -> PanelModel {
        PanelModel {
            start_ms: 1_706_140_800_000,
            end_ms: 1_706_140_800_000 + 3_600_000,
            step_ms: 15_000,
            ..testing::model(
                vec![testing::series("p99", (0..).map(|i| 1_706_140_800_000 + i * 15_000).zip(values.iter().copied()))],
                exemplar.map(|v| testing::exemplar(1_706_140_800_000, v, &[])).into_iter().collect(),
            )
        }
    }

    const SIZE: PlotSize = PlotSize { width_css: 800.0, height_css: 300.0, dpr: 2.0 };

    #[test]
    fn time_and_value_map_into_the_plot_rect() {
        let m = model(&[0.1, 0.2, f64::NAN, 0.4], Some(0.7));
        let l = Layout::compute(&m, SIZE, &Format::of(Unit::Seconds), YScale::Linear, &FixedOffset(0));
        assert_eq!(l.css_from_time(m.start_ms), l.plot.left);
        assert_eq!(l.css_from_time(m.end_ms), l.plot.right);
        assert_eq!(l.css_from_value(l.v_min), l.plot.bottom);
        assert_eq!(l.css_from_value(l.v_max), l.plot.top);
        assert!(l.v_max >= 0.7, "exemplars extend the y range: {}", l.v_max);
        assert_eq!(l.css_from_exemplar_value(0.7), (l.css_from_value(0.7), false));
        assert_eq!(l.v_min, 0.0);
        let mid = m.start_ms + 1_800_000;
        assert!((l.time_from_css(l.css_from_time(mid)) - mid).abs() <= 1);
        assert_eq!(l.dev_from_css(10.5), 21.0);
        assert_eq!((SIZE.width_dev(), SIZE.height_dev()), (1600, 600));
    }

    #[test]
    fn ticks_are_inside_and_labelled() {
        let m = model(&[0.1, 0.25], None);
        let l = Layout::compute(&m, SIZE, &Format::of(Unit::Seconds), YScale::Linear, &FixedOffset(60));
        assert!(l.x_ticks.len() >= 3 && l.x_ticks.len() <= 10, "{:?}", l.x_ticks);
        assert!(l.x_ticks.iter().all(|t| t.pos_css >= l.plot.left && t.pos_css <= l.plot.right));
        // 00:00Z is 01:00 at UTC+1; a 1h range at 800px steps by 10 min.
        assert_eq!(l.x_ticks[0].label, "01:00");
        assert_eq!(l.x_ticks[1].label, "01:10");
        assert!(l.y_ticks.len() >= 2);
        assert_eq!(l.y_ticks[0].label, "0 s");
        assert!(l.y_ticks.iter().any(|t| t.label.ends_with("ms")));
        assert!(l.plot.left > 20.0);
    }

    #[test]
    fn degenerate_inputs_stay_finite() {
        let empty = PanelModel::default();
        for size in [
            SIZE,
            PlotSize { width_css: 0.0, height_css: 0.0, dpr: 0.0 },
            PlotSize { width_css: 3.0, height_css: 2.0, dpr: f64::NAN },
        ] {
            for m in [&empty, &model(&[5.0, 5.0], None), &model(&[f64::INFINITY, f64::NAN], None)] {
                let l = Layout::compute(m, size, &Format::of(Unit::Short), YScale::Linear, &FixedOffset(0));
                for v in [l.css_from_time(0), l.css_from_value(f64::INFINITY), l.css_from_value(-1e300), l.plot.left] {
                    assert!(v.is_finite(), "{size:?} {v}");
                }
                assert!(l.v_max > l.v_min);
                assert!(l.plot.right > l.plot.left && l.plot.bottom > l.plot.top);
            }
        }
    }

    #[test]
    fn log_scale_ticks_read_as_latency_and_keep_the_range_rules() {
        let log10 = YScale::Log(crate::config::LogBase::Ten);
        // p50 at 4 ms, p99 at 0.4 s; one exemplar at 30 s (beyond 2× the lines), one at 0 s.
        let mut m = model(&[0.004, 0.4], Some(30.0));
        m.exemplars.push(testing::exemplar(m.start_ms, 0.0, &[]));
        let small = PlotSize { height_css: 150.0, ..SIZE };
        let l = Layout::compute(&m, small, &Format::of(Unit::Seconds), log10, &FixedOffset(0));
        let labels: Vec<&str> = l.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["1 ms", "10 ms", "100 ms", "1 s"], "0.4 × 2 = 0.8 s rounds up to 1 s");
        assert_eq!(tick_text(&l.y_ticks), "1 ms|10 ms|100 ms|1 s");
        assert_eq!((l.v_min, l.v_max), (0.001, 1.0));
        // Each decade takes the same height.
        let gaps: Vec<f64> = l.y_ticks.windows(2).map(|w| w[0].pos_css - w[1].pos_css).collect();
        assert!(gaps.iter().all(|g| (g - gaps[0]).abs() < 1e-9 && *g > 0.0), "{gaps:?}");
        assert_eq!(l.css_from_exemplar_value(30.0), (l.plot.top, true), "beyond the range: hollow at the top");
        assert_eq!(l.css_from_exemplar_value(0.0), (l.plot.bottom, true), "≤ 0: hollow at the bottom");
        assert_eq!(l.css_from_exemplar_value(-1.0), (l.plot.bottom, true));
        assert!(!l.css_from_exemplar_value(0.01).1);
        assert!(l.css_from_value(0.0) > l.plot.bottom, "a line's 0 lies below the plot");
        for v in [0.002, 0.05, 0.7] {
            assert!((l.value_from_css(l.css_from_value(v)) / v - 1.0).abs() < 1e-9, "{v}");
        }
        // Linear keeps its own: from 0, the inverse too.
        let lin = Layout::compute(&m, SIZE, &Format::of(Unit::Seconds), YScale::Linear, &FixedOffset(0));
        assert_eq!(lin.v_min, 0.0);
        assert!((lin.value_from_css(lin.css_from_value(0.3)) - 0.3).abs() < 1e-9);
    }

    #[test]
    fn symlog_scale_places_zero_and_negatives_and_inverts() {
        let t = crate::config::Threshold::try_from(0.01).unwrap();
        let symlog = YScale::Symlog(crate::config::LogBase::Ten, t);
        // A delta that crosses zero: −0.3 s to 2 s, and an exemplar at 0.
        let mut m = model(&[-0.3, 2.0], None);
        m.exemplars.push(testing::exemplar(m.start_ms, 0.0, &[]));
        let l = Layout::compute(&m, SIZE, &Format::of(Unit::Seconds), symlog, &FixedOffset(0));
        assert_eq!((l.v_min, l.v_max), (-1.0, 10.0));
        let labels: Vec<&str> = l.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert!(labels.contains(&"0 s") && labels.contains(&"10 s") && labels.contains(&"-1 s"), "{labels:?}");
        assert!(!l.css_from_exemplar_value(0.0).1, "0 has its place: not clamped");
        let ys: Vec<f64> =
            [-1.0, -0.3, -0.001, 0.0, 0.001, 0.05, 2.0, 10.0].iter().map(|v| l.css_from_value(*v)).collect();
        assert!(ys.windows(2).all(|w| w[1] < w[0]), "higher values sit higher: {ys:?}");
        assert_eq!((ys[0], ys[7]), (l.plot.bottom, l.plot.top));
        // The threshold sets where linear ends: 0.01 s sits a fixed share of the way from 0 to 10 s.
        let share = |v: f64| (l.css_from_value(0.0) - l.css_from_value(v)) / (l.css_from_value(0.0) - l.plot.top);
        assert!((share(0.01) - 1f64.asinh() / 1000f64.asinh()).abs() < 1e-9, "{}", share(0.01));
        for v in [-0.3, -0.002, 0.0, 0.004, 0.7, 9.0] {
            assert!((l.value_from_css(l.css_from_value(v)) - v).abs() < 1e-9 * v.abs().max(1.0), "{v}");
        }
        // Lines keep their values ≤ 0 (no gap, unlike log).
        let positive_only = Layout::compute(
            &m,
            SIZE,
            &Format::of(Unit::Seconds),
            YScale::Log(crate::config::LogBase::Ten),
            &FixedOffset(0),
        );
        assert!(positive_only.css_from_value(-0.3) > positive_only.plot.bottom && ys[1] < l.plot.bottom);
    }

    #[test]
    fn log_scale_without_positive_values_is_one_to_the_base() {
        let m = model(&[0.0, -1.0], None);
        let l = Layout::compute(
            &m,
            SIZE,
            &Format::of(Unit::Short),
            YScale::Log(crate::config::LogBase::Two),
            &FixedOffset(0),
        );
        assert_eq!((l.v_min, l.v_max), (1.0, 2.0));
        assert!(l.y_ticks.iter().all(|t| t.pos_css.is_finite()));
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.13), 0.2);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(100.0), 100.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn outlier_exemplars_stretch_the_axis_to_twice_the_lines_then_clamp() {
        let m = model(&[0.1, 0.2, 0.4], Some(30.0));
        let l = Layout::compute(&m, SIZE, &Format::of(Unit::Seconds), YScale::Linear, &FixedOffset(0));
        assert!(l.v_max >= 0.8 && l.v_max < 1.0, "0.4 × 2, rounded to a tick: {}", l.v_max);
        assert_eq!(l.css_from_exemplar_value(30.0), (l.plot.top, true), "clamped to the top, hollow");
        assert_eq!(l.css_from_exemplar_value(-5.0), (l.plot.bottom, true));
        // No lines: the exemplars alone set the range.
        let only = PanelModel { series: Vec::new(), ..model(&[], Some(30.0)) };
        assert!(
            Layout::compute(&only, SIZE, &Format::of(Unit::Seconds), YScale::Linear, &FixedOffset(0)).v_max >= 30.0
        );
    }

    /// proptest is a native dev-dependency: the property runs under `cargo test`.
    #[cfg(not(target_arch = "wasm32"))]
    mod property {
        use super::*;

        proptest::proptest! {
            /// At any width from 200 px, on both axes and both scales: every
            /// label inside the element, none over another (with the same
            /// width estimate the layout uses, which is generous).
            #[test]
            fn tick_labels_are_never_clipped_or_overlapping(
                width_css in 200.0f64..2400.0,
                height_css in 120.0f64..600.0,
                span_s in 10i64..(90 * 86_400),
                start_s in 1_600_000_000i64..1_800_000_000,
                offset_min in -720i32..840,
                top in proptest::prop_oneof![1e-6f64..1e-3, 1e-3f64..10.0, 10.0f64..1e7],
                low in -2.0f64..1.0,
                log in proptest::bool::ANY,
                seconds in proptest::bool::ANY,
            ) {
                let start_ms = start_s * 1000;
                let end_ms = start_ms + span_s * 1000;
                let m = PanelModel {
                    start_ms,
                    end_ms,
                    ..testing::model(vec![testing::series("s", [(start_ms, top * low), (end_ms, top)])], vec![])
                };
                let scale = if log { YScale::Log(crate::config::LogBase::Ten) } else { YScale::Linear };
                let unit = if seconds { Unit::Seconds } else { Unit::Short };
                let size = PlotSize { width_css, height_css, dpr: 2.0 };
                let l = Layout::compute(&m, size, &Format::of(unit), scale, &FixedOffset(offset_min));
                proptest::prop_assert!(!l.x_ticks.is_empty(), "at least one time label");
                let mut right = f64::NEG_INFINITY;
                for t in &l.x_ticks {
                    let half = label_width_css(&t.label) / 2.0;
                    proptest::prop_assert!(t.pos_css - half >= 0.0 && t.pos_css + half <= width_css, "{t:?} in {width_css}");
                    proptest::prop_assert!(t.pos_css - half > right, "{t:?} overlaps the previous label");
                    right = t.pos_css + half;
                }
                let font = TICK_FONT_CSS;
                let mut above = f64::INFINITY;
                for t in &l.y_ticks {
                    // Right-aligned 6 px left of the plot, vertically centred.
                    proptest::prop_assert!(l.plot.left - 6.0 - label_width_css(&t.label) >= 0.0, "{t:?}: left {}", l.plot.left);
                    proptest::prop_assert!(t.pos_css - font / 2.0 >= 0.0 && t.pos_css + font / 2.0 <= height_css, "{t:?}");
                    proptest::prop_assert!(t.pos_css + font / 2.0 < above, "{t:?} overlaps the label above: {:?}", l.y_ticks);
                    above = t.pos_css - font / 2.0;
                }
            }
        }
    }

    #[test]
    fn hard_bounds_end_the_axis_and_soft_ones_only_widen_it() {
        let m = model(&[0.2, 0.4, 0.3], None);
        let within = |axis: ValueAxis| {
            Layout::compute_within(&m, SIZE, &Format::of(Unit::Seconds), YScale::Linear, axis, &FixedOffset(0))
        };
        let plain = within(ValueAxis::default());
        assert_eq!((plain.v_min, plain.v_max), (0.0, 0.4));
        let hard = within(ValueAxis { min: Some(0.1), max: Some(0.35), ..Default::default() });
        assert_eq!((hard.v_min, hard.v_max), (0.1, 0.35), "exactly there, whatever the data");
        assert!(hard.y_ticks.iter().all(|t| t.pos_css >= hard.plot.top && t.pos_css <= hard.plot.bottom));
        assert!(hard.css_from_value(0.4) < hard.plot.top, "data beyond a hard max is off the plot");
        let soft = within(ValueAxis { soft_max: Some(2.0), ..Default::default() });
        assert!(soft.v_max >= 2.0, "a soft max widens");
        let soft_low = within(ValueAxis { soft_max: Some(0.1), ..Default::default() });
        assert_eq!(soft_low.v_max, 0.4, "but never narrows");
        let inverted = within(ValueAxis { min: Some(2.0), max: Some(1.0), ..Default::default() });
        assert_eq!((inverted.v_min, inverted.v_max), (0.0, 0.4), "an inverted pair is dropped");
        let log = Layout::compute_within(
            &m,
            SIZE,
            &Format::of(Unit::Seconds),
            YScale::Log(crate::config::LogBase::Ten),
            ValueAxis { min: Some(-1.0), max: Some(1.0), ..Default::default() },
            &FixedOffset(0),
        );
        assert_eq!(log.v_max, 1.0, "a positive hard max on a log axis");
        assert!(log.v_min > 0.0, "a bound ≤ 0 is ignored on a log axis");
    }
}
