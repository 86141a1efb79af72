//! Thresholds on the plot, as Grafana's time series panel draws them
//! (`custom.thresholdsStyle`): a line at each threshold in its step's
//! colour (`line`), each step's band faintly filled (`area`), or both.
//!
//! Rules:
//! - steps are read lowest first; the base step (`value: null`) reaches down
//!   past the plot's bottom; each step reaches up to the next one's value,
//!   the last past the plot's top;
//! - in `percentage` mode a value is a percent of the value axis's range
//!   (Grafana's `getActiveThreshold` over `min`…`max`);
//! - a step whose value is not finite, or lies outside the axis, draws no
//!   line; its band is clipped to the plot; an unknown colour is drawn grey
//!   (and the panel says so: `unknown_colors`).

use crate::config::{ThresholdStep, Thresholds, ThresholdsMode, ThresholdsStyleMode};
use crate::render::layout::Layout;
use crate::render::scene::Shape;
use crate::render::theme::Theme;

/// Opacity of a threshold's band.
pub const BAND_ALPHA: f64 = 0.12;

/// The steps' values on the axis, lowest first: `None` is the base.
fn resolved<'a>(thresholds: &'a Thresholds, layout: &Layout) -> Vec<(Option<f64>, &'a ThresholdStep)> {
    let at = |v: f64| match thresholds.mode {
        ThresholdsMode::Absolute => v,
        ThresholdsMode::Percentage => layout.v_min + v / 100.0 * (layout.v_max - layout.v_min),
    };
    let mut steps: Vec<(Option<f64>, &'a ThresholdStep)> =
        thresholds.steps.iter().map(|s| (s.value.filter(|v| v.is_finite()).map(at), s)).collect();
    steps.sort_by(|(a, _), (b, _)| match (a, b) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(a), Some(b)) => a.total_cmp(b),
    });
    steps
}

/// The shapes of `thresholds` drawn as `style` says, device px.
pub fn threshold_shapes(
    layout: &Layout,
    thresholds: &Thresholds,
    style: ThresholdsStyleMode,
    theme: &Theme,
) -> Vec<Shape> {
    let d = |css: f64| layout.dev_from_css(css);
    let p = layout.plot;
    let color = |s: &ThresholdStep| theme.named_color(&s.color).unwrap_or(theme.unmatched);
    let steps = resolved(thresholds, layout);
    let mut out = Vec::new();
    if matches!(style, ThresholdsStyleMode::Area | ThresholdsStyleMode::LineAndArea) {
        for (i, (value, step)) in steps.iter().enumerate() {
            let bottom = value.map_or(p.bottom, |v| layout.css_from_value(v).clamp(p.top, p.bottom));
            let top = steps
                .get(i + 1)
                .and_then(|(v, _)| *v)
                .map_or(p.top, |v| layout.css_from_value(v).clamp(p.top, p.bottom));
            if bottom > top {
                out.push(Shape::Band {
                    rect: (d(p.left), d(top), d(p.right), d(bottom)),
                    color: color(step),
                    alpha: BAND_ALPHA,
                });
            }
        }
    }
    if matches!(style, ThresholdsStyleMode::Line | ThresholdsStyleMode::LineAndArea) {
        for (value, step) in &steps {
            let Some(v) = value.filter(|v| *v >= layout.v_min && *v <= layout.v_max) else { continue };
            let y = d(layout.css_from_value(v)).round() + 0.5;
            out.push(Shape::Segment { from: (d(p.left), y), to: (d(p.right), y), color: color(step), width: d(1.0) });
        }
    }
    out
}

/// The colours of `thresholds` that are not Grafana colours (drawn grey).
pub fn unknown_colors(thresholds: &Thresholds) -> Vec<String> {
    let theme = Theme::light();
    thresholds
        .steps
        .iter()
        .filter(|s| theme.named_color(&s.color).is_none() && !s.color.trim().eq_ignore_ascii_case("transparent"))
        .map(|s| s.color.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Format, Unit};
    use crate::model::PanelModel;
    use crate::render::layout::PlotSize;
    use crate::render::theme::Rgb;
    use crate::time::zone::FixedOffset;

    fn layout() -> Layout {
        let model = PanelModel { start_ms: 0, end_ms: 60_000, step_ms: 1_000, ..Default::default() };
        let axis = crate::config::ValueAxis { min: Some(0.0), max: Some(1.0), ..Default::default() };
        Layout::compute_within(
            &model,
            PlotSize { width_css: 400.0, height_css: 200.0, dpr: 1.0 },
            &Format::of(Unit::Seconds),
            crate::config::YScale::Linear,
            axis,
            &FixedOffset(0),
        )
    }

    fn steps(mode: ThresholdsMode) -> Thresholds {
        let step = |color: &str, value: Option<f64>| ThresholdStep { color: color.into(), value };
        let scale = if mode == ThresholdsMode::Percentage { 100.0 } else { 1.0 };
        // Out of order, as a hand-written config may be.
        let steps = vec![step("red", Some(0.8 * scale)), step("green", None), step("#ffa500", Some(0.5 * scale))];
        Thresholds { mode, steps }
    }

    #[test]
    fn lines_sit_at_each_threshold_in_its_colour() {
        let l = layout();
        let shapes = threshold_shapes(&l, &steps(ThresholdsMode::Absolute), ThresholdsStyleMode::Line, &Theme::light());
        let lines: Vec<(f64, Rgb)> = shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Segment { from, color, .. } => Some((from.1, *color)),
                _ => None,
            })
            .collect();
        let y = |v: f64| l.css_from_value(v).round() + 0.5;
        assert_eq!(lines, [(y(0.5), Rgb(0xff, 0xa5, 0x00)), (y(0.8), Rgb(0xE0, 0x2F, 0x44))], "lowest first");
    }

    #[test]
    fn areas_fill_each_step_up_to_the_next_and_percentages_read_the_axis() {
        let l = layout();
        let shapes =
            threshold_shapes(&l, &steps(ThresholdsMode::Percentage), ThresholdsStyleMode::Area, &Theme::dark());
        let bands: Vec<(f64, f64)> = shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Band { rect, alpha, .. } => Some((rect.1, rect.3)).filter(|_| *alpha == BAND_ALPHA),
                _ => None,
            })
            .collect();
        let y = |v: f64| l.css_from_value(v);
        // 50% and 80% of 0…1 are 0.5 and 0.8: base below 0.5, orange to 0.8, red above.
        assert_eq!(bands, [(y(0.5), l.plot.bottom), (y(0.8), y(0.5)), (l.plot.top, y(0.8))]);
        let both =
            threshold_shapes(&l, &steps(ThresholdsMode::Absolute), ThresholdsStyleMode::LineAndArea, &Theme::dark());
        assert_eq!(both.len(), 5, "three bands and two lines");
        assert!(
            threshold_shapes(&l, &steps(ThresholdsMode::Absolute), ThresholdsStyleMode::Off, &Theme::dark()).is_empty()
        );
    }

    #[test]
    fn thresholds_off_the_axis_draw_no_line_and_unknown_colours_are_named() {
        let l = layout();
        let far = Thresholds {
            steps: vec![ThresholdStep { color: "chartreuse".into(), value: Some(7.0) }],
            ..Default::default()
        };
        assert!(threshold_shapes(&l, &far, ThresholdsStyleMode::Line, &Theme::light()).is_empty());
        assert_eq!(unknown_colors(&far), ["chartreuse"]);
        assert!(unknown_colors(&steps(ThresholdsMode::Absolute)).is_empty());
    }
}
