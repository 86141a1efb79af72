//! Bounds: the time range a frame shows and the values its y axis covers.

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
