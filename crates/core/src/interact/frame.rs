//! A frame: everything derived from one (model, plot size, filters) that the
//! panel draws and hit-tests, built in one pure function and rebuilt only when
//! one of those changes. A hover reads a frame; it never rebuilds one.

use std::sync::Arc;

use crate::config::{ExemplarBox, Format, PanelConfig, Thresholds, ThresholdsStyleMode, ValueAxis, YScale};
use crate::interact::hit::HitIndex;
use crate::links::{exemplar_link_report, Warning};
use crate::model::PanelModel;
use crate::render::layout::{Layout, PlotSize};
use crate::render::scene::{build_scene, Scene, Shape};
use crate::render::theme::Theme;
use crate::render::thresholds::threshold_shapes;
use crate::select::filter::{visible_exemplars, ExemplarFilter};
use crate::select::sample::{sample, Sampler};
use crate::time::zone::LocalOffset;

/// Grid cell of the hit index, CSS px.
const HIT_CELL_CSS: f64 = 16.0;
/// How many shown exemplars are templated to collect link warnings.
const LINK_WARNING_SAMPLE: usize = 20;

/// What a frame is built from, besides the model.
pub struct FrameInput<'a> {
    /// The plot element's size.
    pub size: PlotSize,
    /// Value unit and decimals (y-axis labels).
    pub format: &'a Format,
    /// The value axis's hard and soft bounds.
    pub axis: ValueAxis,
    /// Thresholds to draw, and how (none: not drawn).
    pub thresholds: Option<(&'a Thresholds, ThresholdsStyleMode)>,
    /// How values map to height.
    pub scale: YScale,
    /// The viewer's switch: no exemplar is drawn, hit or stepped to.
    pub exemplars_hidden: bool,
    /// The viewer's box: the exemplars outside are dimmed and not listed.
    pub exemplar_box: Option<ExemplarBox>,
    /// The viewer's time zone (time-axis labels).
    pub tz: &'a dyn LocalOffset,
    /// Exemplar filters.
    pub filter: &'a ExemplarFilter,
    /// Which of the filtered exemplars are drawn.
    pub sampler: Sampler,
    /// Per series index, whether it is hidden.
    pub hidden_series: &'a [bool],
    /// Colours.
    pub theme: &'a Theme,
    /// The config, for link warnings (none when absent).
    pub config: Option<&'a PanelConfig>,
}

/// The derived state of one frame.
pub struct Frame {
    /// The data.
    pub model: Arc<PanelModel>,
    /// Data → CSS px → device px.
    pub layout: Layout,
    /// Exemplar indices that pass the filters and the sampler, in time order.
    pub shown: Vec<usize>,
    /// Hit index over `shown` (its results index into `shown`).
    pub hit: HitIndex,
    /// `shown` ∩ inside the plot: the keyboard order.
    pub keyboard: Vec<usize>,
    /// Link warnings seen while building the frame (shown as notices).
    pub link_warnings: Vec<String>,
    /// The viewer switched exemplars off (nothing is shown, whatever the filters).
    pub exemplars_hidden: bool,
    /// The viewer's box, and the exemplars of `shown` inside it (model indices, time order).
    pub boxed: Option<(ExemplarBox, Vec<usize>)>,
    /// Per series index, whether it is hidden (an exemplar takes the colour of its first shown owner).
    pub hidden_series: Vec<bool>,
}

impl Frame {
    /// Builds the frame and the scene of its base layer.
    pub fn build(model: Arc<PanelModel>, input: &FrameInput<'_>) -> (Frame, Scene) {
        let layout = Layout::compute_within(&model, input.size, input.format, input.scale, input.axis, input.tz);
        let shown = if input.exemplars_hidden {
            Vec::new()
        } else {
            sample(&model, &visible_exemplars(&model, input.filter, input.hidden_series), input.sampler)
        };
        let boxed = input.exemplar_box.map(|b| {
            let inside =
                shown.iter().copied().filter(|&i| model.exemplars.get(i).is_some_and(|e| b.contains(e.t_ms, e.value)));
            (b, inside.collect::<Vec<usize>>())
        });
        let mut scene =
            build_scene(&model, &layout, input.theme, input.hidden_series, &shown, boxed.as_ref().map(|(b, _)| b));
        if let Some((thresholds, style)) = input.thresholds {
            // Over the background and the grid, under the lines and the dots.
            let at = scene.shapes.iter().position(|s| !matches!(s, Shape::Clear(_) | Shape::Segment { .. }));
            let at = at.unwrap_or(scene.shapes.len());
            scene.shapes.splice(at..at, threshold_shapes(&layout, thresholds, style, input.theme));
        }
        let points: Vec<(f64, f64)> = shown
            .iter()
            .filter_map(|&i| model.exemplars.get(i))
            .map(|e| (layout.css_from_time(e.t_ms), layout.css_from_exemplar_value(e.value).0))
            .collect();
        let keyboard: Vec<usize> = shown
            .iter()
            .zip(&points)
            .filter(|(i, (x, y))| {
                model.exemplars.get(**i).is_some_and(|e| e.value.is_finite()) && layout.plot.contains(*x, *y)
            })
            .map(|(i, _)| *i)
            .collect();
        let hit = HitIndex::new(points, input.size.width_css, input.size.height_css, HIT_CELL_CSS);
        let link_warnings = input.config.map(|c| link_warnings(&model, &shown, c)).unwrap_or_default();
        let exemplars_hidden = input.exemplars_hidden;
        let hidden_series = input.hidden_series.to_vec();
        (Frame { model, layout, shown, hit, keyboard, link_warnings, exemplars_hidden, boxed, hidden_series }, scene)
    }

    /// The exemplars the table lists: those in the box when there is one, else all shown.
    pub fn listed(&self) -> &[usize] {
        self.boxed.as_ref().map_or(&self.shown, |(_, inside)| inside)
    }

    /// The time under the pointer, when it is over the plot (a sync group's crosshair).
    pub fn hover_time(&self, x_css: f64, y_css: f64) -> Option<i64> {
        self.layout.plot.contains(x_css, y_css).then(|| self.layout.time_from_css(x_css))
    }

    /// The series whose colour exemplar `i` takes (its first owner shown).
    pub fn colour_series(&self, i: usize) -> Option<usize> {
        self.model.exemplars.get(i)?.colour_series(&self.hidden_series)
    }

    /// CSS position of exemplar `i` (clamped into the plot, as drawn).
    pub fn position(&self, i: usize) -> Option<(f64, f64)> {
        let e = self.model.exemplars.get(i)?;
        Some((self.layout.css_from_time(e.t_ms), self.layout.css_from_exemplar_value(e.value).0))
    }

    /// The exemplar (an index into the model) within `radius_css` of a point, if any.
    pub fn exemplar_at(&self, x_css: f64, y_css: f64, radius_css: f64) -> Option<usize> {
        self.hit.nearest(x_css, y_css, radius_css).and_then(|k| self.shown.get(k).copied())
    }
}

/// Warnings from the link templates, for the first exemplars shown: one per
/// source and kind (e.g. `destination 2 ("trace_id")` refusing its links), so
/// a bad template gives one notice, not one per exemplar.
fn link_warnings(model: &PanelModel, shown: &[usize], config: &PanelConfig) -> Vec<String> {
    let mut out: Vec<(Warning, usize)> = Vec::new();
    for &i in shown.iter().take(LINK_WARNING_SAMPLE) {
        for w in exemplar_link_report(model, i, config).warnings {
            match out.iter_mut().find(|(first, _)| first.source == w.source && first.kind == w.kind) {
                Some((first, more)) if first.text != w.text => *more += 1,
                Some(_) => {}
                None => out.push((w, 0)),
            }
        }
    }
    out.into_iter()
        .map(|(w, more)| if more == 0 { w.text } else { format!("{} (and {more} more like it)", w.text) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Format, Unit, ValueAxis};
    use crate::config::{PanelConfig, TraceDestination};
    use crate::model::testing::{self, exemplar};
    use crate::time::zone::FixedOffset;

    /// One series at 1.0 over 0–4 s; exemplars inside and one far outside the range.
    fn model() -> Arc<PanelModel> {
        let ex = |t_ms: i64, value: f64| exemplar(t_ms, value, &[("trace_id", &format!("t{t_ms}"))]);
        Arc::new(PanelModel {
            start_ms: 0,
            end_ms: 4000,
            step_ms: 1000,
            ..testing::model(
                vec![testing::series("p99", (0..5).map(|i| (i * 1000, 1.0)))],
                vec![ex(1000, 0.5), ex(2000, 2.0), ex(3000, f64::NAN), ex(60_000, 1.0)],
            )
        })
    }

    fn build(filter: &ExemplarFilter, config: Option<&PanelConfig>) -> Frame {
        build_with(filter, config, false).0
    }

    fn build_with(filter: &ExemplarFilter, config: Option<&PanelConfig>, exemplars_hidden: bool) -> (Frame, Scene) {
        build_boxed(filter, config, exemplars_hidden, None)
    }

    fn build_boxed(
        filter: &ExemplarFilter,
        config: Option<&PanelConfig>,
        exemplars_hidden: bool,
        exemplar_box: Option<ExemplarBox>,
    ) -> (Frame, Scene) {
        let input = FrameInput {
            size: PlotSize { width_css: 400.0, height_css: 200.0, dpr: 2.0 },
            format: &Format::of(Unit::Short),
            axis: ValueAxis::default(),
            thresholds: None,
            scale: YScale::Linear,
            exemplars_hidden,
            exemplar_box,
            tz: &FixedOffset(0),
            filter,
            sampler: Sampler::All,
            hidden_series: &[],
            theme: &Theme::light(),
            config,
        };
        Frame::build(model(), &input)
    }

    #[test]
    fn keyboard_order_skips_exemplars_off_the_plot_and_non_finite() {
        let f = build(&ExemplarFilter::default(), None);
        assert_eq!(f.shown, [0, 1, 2, 3]);
        assert_eq!(f.keyboard, [0, 1], "NaN and out-of-range exemplars are not stepped to");
    }

    #[test]
    fn the_hovered_time_is_the_plots_time_under_the_pointer() {
        let f = build(&ExemplarFilter::default(), None);
        let p = f.layout.plot;
        assert_eq!(f.hover_time(p.left, p.top + 1.0), Some(0));
        assert_eq!(f.hover_time(p.right, p.bottom), Some(4000));
        assert_eq!(f.hover_time(p.left - 1.0, p.top + 1.0), None, "on the axis labels");
    }

    #[test]
    fn hit_testing_returns_model_indices_through_the_filter() {
        let filter = ExemplarFilter { min_value: Some(1.0), ..Default::default() };
        let f = build(&filter, None);
        let (x, y) = f.position(1).unwrap_or_default();
        assert_eq!(f.exemplar_at(x + 2.0, y - 2.0, 8.0), Some(1), "index into the model, not into `shown`");
        let (x0, y0) = f.position(0).unwrap_or_default();
        assert_eq!(f.exemplar_at(x0, y0, 8.0), None, "filtered out, so not hit");
    }

    #[test]
    fn the_viewers_switch_hides_every_exemplar_without_touching_the_model() {
        let (f, scene) = build_with(&ExemplarFilter::default(), None, true);
        assert!(f.shown.is_empty() && f.keyboard.is_empty());
        assert_eq!(f.model.exemplars.len(), 4, "still loaded: switching back shows them at once");
        let (x, y) = f.position(0).unwrap_or_default();
        assert_eq!(f.exemplar_at(x, y, 8.0), None, "nothing to hover");
        assert!(!scene.shapes.iter().any(|s| matches!(s, crate::render::scene::Shape::Markers { .. })));
        assert_eq!(crate::panel::exemplar_count_text(&f).as_deref(), Some("4 exemplars hidden"));
    }

    #[test]
    fn a_box_lists_the_exemplars_inside_and_dims_the_others() {
        // Exemplars: (1 s, 0.5), (2 s, 2.0), (3 s, NaN), (60 s, 1.0).
        let b = ExemplarBox { from: 500, to: 2500, min: 1.0, max: 3.0 };
        let (f, scene) = build_boxed(&ExemplarFilter::default(), None, false, Some(b));
        assert_eq!(f.listed(), [1]);
        assert_eq!(f.shown, [0, 1, 2, 3], "all still drawn and hit");
        assert_eq!(crate::panel::exemplar_count_text(&f).as_deref(), Some("1 exemplar in the box"));
        let alphas: Vec<(usize, f64)> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                crate::render::scene::Shape::Markers { centers, alpha, .. } => Some((centers.len(), *alpha)),
                _ => None,
            })
            .collect();
        use crate::render::scene::{DIMMED_ALPHA, MARKER_ALPHA};
        // NaN is never drawn; 1 s and 60 s lie outside the box: one dimmed batch of their colour.
        assert_eq!(alphas, [(2, DIMMED_ALPHA), (1, MARKER_ALPHA)], "{alphas:?}");
        let (plain, _) = build_boxed(&ExemplarFilter::default(), None, false, None);
        assert_eq!(plain.listed(), plain.shown.as_slice());
    }

    #[test]
    fn link_warnings_are_collected_once() {
        let config = PanelConfig {
            exemplar_trace_id_destinations: vec![TraceDestination {
                name: "trace_id".into(),
                url: "javascript:alert(${__value.raw})".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let f = build(&ExemplarFilter::default(), Some(&config));
        assert_eq!(f.link_warnings.len(), 1, "{:?}", f.link_warnings);
        assert!(f.link_warnings[0].contains("javascript:alert(t1000)"), "{:?}", f.link_warnings);
        assert!(f.link_warnings[0].ends_with("(and 3 more like it)"), "{:?}", f.link_warnings);
    }

    #[test]
    fn link_warnings_are_grouped_by_source_and_kind() {
        let config = PanelConfig {
            exemplar_trace_id_destinations: vec![
                TraceDestination {
                    name: "trace_id".into(),
                    datasource_uid: "nope".into(),
                    url: "ftp://x/${__value.raw}".into(),
                    ..Default::default()
                },
                TraceDestination {
                    name: "trace_id".into(),
                    url: "http://x/?from=${__from:date:YYYY}".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let f = build(&ExemplarFilter::default(), Some(&config));
        let w = &f.link_warnings;
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].starts_with("destination 1 (\"trace_id\"): no datasource with uid \"nope\""), "{w:?}");
        assert!(!w[0].contains("more like it"), "the same text each time: {w:?}");
        assert!(w[1].contains("ftp://x/t1000") && w[1].ends_with("(and 3 more like it)"), "{w:?}");
        assert!(w[2].starts_with("unsupported time format in ${__from:date:YYYY}"), "{w:?}");
        assert!(!w[2].contains("more like it"), "{w:?}");
    }
}
