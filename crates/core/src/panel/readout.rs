//! Values under the cursor, as Grafana's tooltip mode "All": the time, and
//! each shown series' value at its sample nearest to it, largest first,
//! with its colour.
//!
//! Rules:
//! - the time snaps to the sample nearest the pointer among the shown series
//!   (so moving within one step changes nothing, and nothing is redrawn);
//! - a series contributes its sample nearest that time, if one lies within
//!   half its step (a gap shows no value, never a neighbour's);
//! - rows sort by value, largest first (NaN last), at most [`MAX_READOUT_ROWS`],
//!   the rest counted;
//! - a row's value reads in the panel's unit, and `raw` as Prometheus wrote it.

use crate::config::Format;
use crate::interact::frame::Frame;
use crate::render::format::prometheus_value;
use crate::render::theme::Theme;
use crate::time::zone::{format_instant, LocalOffset};

/// At most this many series are listed; the rest are counted.
pub const MAX_READOUT_ROWS: usize = 20;

/// The values at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    /// The instant, epoch ms (a sample's).
    pub t_ms: i64,
    /// It, in the viewer's zone.
    pub time: String,
    /// Where it is on the plot, CSS px (the readout sits beside this line).
    pub x_css: f64,
    /// The values, largest first.
    pub rows: Vec<ReadoutRow>,
    /// Series with a value there that were left out past the cap.
    pub more: usize,
}

/// One series' value.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadoutRow {
    /// The legend name.
    pub name: String,
    /// The value, in the panel's unit.
    pub value: String,
    /// The value as Prometheus sent it (`0.0245`, `NaN`, `+Inf`).
    pub raw: String,
    /// The series' colour, `#rrggbb`.
    pub color: String,
}

/// The instant of the shown series' sample nearest `t_ms`, if any.
pub fn snap(frame: &Frame, t_ms: i64) -> Option<i64> {
    frame
        .model
        .series
        .iter()
        .enumerate()
        .filter(|(i, _)| !frame.hidden_series.get(*i).copied().unwrap_or(false))
        .filter_map(|(_, s)| {
            let at = s.t_ms.partition_point(|t| *t < t_ms);
            [at.checked_sub(1), Some(at)]
                .into_iter()
                .flatten()
                .filter_map(|j| s.t_ms.get(j).copied())
                .min_by_key(|t| t.abs_diff(t_ms))
        })
        .min_by_key(|t| t.abs_diff(t_ms))
}

/// The readout of `frame` at `t_ms` (a sample's instant).
pub fn readout(frame: &Frame, t_ms: i64, format: &Format, theme: &Theme, tz: &dyn LocalOffset) -> Readout {
    let mut rows: Vec<(f64, ReadoutRow)> = frame
        .model
        .series
        .iter()
        .enumerate()
        .filter(|(i, _)| !frame.hidden_series.get(*i).copied().unwrap_or(false))
        .filter_map(|(_, s)| {
            let step = s.step_ms.max(frame.model.step_ms);
            let v = s.value_near(t_ms, step / 2)?;
            let row = ReadoutRow {
                name: s.name.clone(),
                value: format.value(v),
                raw: prometheus_value(v),
                color: theme.series_color(s.color).hex(),
            };
            Some((v, row))
        })
        .collect();
    // Largest first; NaN last (total_cmp puts a positive NaN above +Inf).
    rows.sort_by(|(a, _), (b, _)| match (a.is_nan(), b.is_nan()) {
        (false, false) => b.total_cmp(a),
        (nan_a, nan_b) => nan_a.cmp(&nan_b),
    });
    let more = rows.len().saturating_sub(MAX_READOUT_ROWS);
    rows.truncate(MAX_READOUT_ROWS);
    Readout {
        t_ms,
        time: format_instant(t_ms, tz),
        x_css: frame.layout.css_from_time(t_ms),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        more,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::{Unit, ValueAxis, YScale};
    use crate::interact::frame::FrameInput;
    use crate::model::{testing, PanelModel};
    use crate::render::layout::PlotSize;
    use crate::select::filter::ExemplarFilter;
    use crate::select::sample::Sampler;
    use crate::time::zone::FixedOffset;

    fn frame(hidden: &[bool]) -> Frame {
        let step = |name: &str, values: [f64; 5]| crate::model::SeriesModel {
            step_ms: 1000,
            ..testing::series(name, (0..5).map(|i| i * 1000).zip(values))
        };
        let mut gap = step("p50", [0.01, 0.02, f64::NAN, 0.04, 0.05]);
        gap.t_ms.remove(1);
        gap.values.remove(1); // no sample at 1 s
        let model = PanelModel {
            start_ms: 0,
            end_ms: 4000,
            step_ms: 1000,
            series: vec![step("p99", [0.1, 0.2, 0.3, 0.4, 0.5]), step("p90", [0.05, 0.25, 0.2, 0.1, 0.3]), gap],
            ..PanelModel::default()
        };
        let input = FrameInput {
            size: PlotSize { width_css: 400.0, height_css: 200.0, dpr: 1.0 },
            format: &Format::of(Unit::Seconds),
            axis: ValueAxis::default(),
            thresholds: None,
            scale: YScale::Linear,
            exemplars_hidden: false,
            exemplar_box: None,
            tz: &FixedOffset(0),
            filter: &ExemplarFilter::default(),
            sampler: Sampler::All,
            hidden_series: hidden,
            theme: &Theme::light(),
            config: None,
        };
        Frame::build(Arc::new(model), &input).0
    }

    fn rows(r: &Readout) -> Vec<(&str, &str, &str)> {
        r.rows.iter().map(|row| (row.name.as_str(), row.value.as_str(), row.raw.as_str())).collect()
    }

    #[test]
    fn the_values_at_the_nearest_sample_largest_first_as_prometheus_wrote_them() {
        let f = frame(&[false; 3]);
        assert_eq!(snap(&f, 1400), Some(1000), "to the nearest sample");
        let r = readout(&f, 1000, &Format::of(Unit::Seconds), &Theme::light(), &FixedOffset(0));
        assert_eq!(rows(&r), [("p90", "250 ms", "0.25"), ("p99", "200 ms", "0.2")], "p50 has a gap there");
        assert_eq!(r.time, "1970-01-01 00:00:01.000 (UTC+00:00)");
        assert_eq!(r.x_css, f.layout.css_from_time(1000));
        let at_nan = readout(&f, 2000, &Format::of(Unit::Seconds), &Theme::light(), &FixedOffset(0));
        assert_eq!(rows(&at_nan).last(), Some(&("p50", "NaN", "NaN")), "NaN last");
    }

    #[test]
    fn hidden_series_neither_snap_nor_show() {
        let f = frame(&[true, false, true]);
        let r = readout(&f, 3000, &Format::of(Unit::Seconds), &Theme::light(), &FixedOffset(0));
        assert_eq!(rows(&r), [("p90", "100 ms", "0.1")]);
        let none = frame(&[true, true, true]);
        assert_eq!(snap(&none, 3000), None);
    }
}
