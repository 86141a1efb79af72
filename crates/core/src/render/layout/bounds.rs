//! Bounds: the time range a frame shows and the values its y axis covers.

use crate::config::ValueAxis;
use crate::model::PanelModel;

/// The model's time range, epoch ms; a range that is empty or inverted
/// becomes a second from its start.
pub(super) fn time_range(model: &PanelModel) -> (i64, i64) {
    if model.end_ms > model.start_ms {
        (model.start_ms, model.end_ms)
    } else {
        (model.start_ms, model.start_ms.saturating_add(1000))
    }
}

/// The lowest and highest finite value of all series and exemplars; (0, 1) when none.
/// The values the y axis covers: the lines, and the exemplars up to
/// [`EXEMPLAR_STRETCH`] × the highest line value (a single 30 s outlier must
/// not flatten a 200 ms p99). Exemplars beyond are clamped to the plot's edge
/// and drawn hollow ([`Layout::css_from_exemplar_value`]). With no line values,
/// the exemplars alone.
/// On a log scale (`positive`), only values > 0 count.
pub(super) fn value_extent(model: &PanelModel, positive: bool) -> (f64, f64) {
    // Generic, not `dyn Iterator`, and compares, not `f64::min`: a virtual
    // call and a libm `fmin` per value made this 0.5 ms of a 66,000-point frame.
    fn fold(values: impl Iterator<Item = f64>, positive: bool) -> (f64, f64) {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite() && (!positive || *v > 0.0)) {
            if v < lo {
                lo = v;
            }
            if v > hi {
                hi = v;
            }
        }
        (lo, hi)
    }
    let (line_lo, line_hi) = fold(model.series.iter().flat_map(|s| s.values.iter().copied()), positive);
    let (ex_lo, ex_hi) = fold(model.exemplars.iter().map(|e| e.value), positive);
    let (lo, hi) = if line_hi.is_finite() {
        let cap = if line_hi > 0.0 { line_hi * EXEMPLAR_STRETCH } else { f64::INFINITY };
        let ex_hi = if ex_hi.is_finite() { ex_hi.min(cap) } else { line_hi };
        // A log axis has no 0 to stand on: exemplars stretch it down by the same factor at most.
        let ex_lo = if positive { ex_lo.max(line_lo / EXEMPLAR_STRETCH) } else { ex_lo };
        (line_lo.min(ex_lo), line_hi.max(ex_hi))
    } else {
        (ex_lo, ex_hi)
    };
    if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else if positive {
        (1.0, 1.0) // the log axis makes it 1…base
    } else {
        (0.0, 1.0)
    }
}

/// How far exemplars may stretch the y axis above the highest line value.
pub const EXEMPLAR_STRETCH: f64 = 2.0;

/// The bounds a scale can use: on a log scale (`positive`), none ≤ 0; a hard
/// pair that is empty or inverted is dropped (the data's range stands).
pub(super) fn usable(axis: ValueAxis, positive: bool) -> ValueAxis {
    let ok = |v: Option<f64>| v.filter(|v| v.is_finite() && (!positive || *v > 0.0));
    let mut axis =
        ValueAxis { min: ok(axis.min), max: ok(axis.max), soft_min: ok(axis.soft_min), soft_max: ok(axis.soft_max) };
    if let (Some(min), Some(max)) = (axis.min, axis.max) {
        if min >= max {
            (axis.min, axis.max) = (None, None);
        }
    }
    axis
}

/// The data's range `(lo, hi)` with the axis's bounds: a soft bound widens
/// it, a hard one replaces it.
pub(super) fn with_axis((lo, hi): (f64, f64), axis: ValueAxis) -> (f64, f64) {
    let lo = axis.soft_min.map_or(lo, |s| lo.min(s));
    let hi = axis.soft_max.map_or(hi, |s| hi.max(s));
    let lo = axis.min.unwrap_or(lo);
    let hi = axis.max.unwrap_or(hi);
    if hi > lo {
        (lo, hi)
    } else {
        (lo, lo + 1.0)
    }
}

/// The axis's ends after the ticks rounded them: a hard bound wins.
pub(super) fn hard(axis: ValueAxis, v_min: f64, v_max: f64) -> (f64, f64) {
    let (bottom, top) = (axis.min.unwrap_or(v_min), axis.max.unwrap_or(v_max));
    if top > bottom {
        (bottom, top)
    } else {
        (v_min, v_max)
    }
}
