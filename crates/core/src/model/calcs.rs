//! The legend's values (Grafana's `legend.calcs`), computed over a series'
//! samples in the shown range.
//!
//! Rules, after Grafana's reducers (`packages/grafana-data/src/
//! transformations/fieldReducer.ts`; its published cases are ported below):
//! - `min`, `max` and `mean` leave out NaN (Grafana's nulls: Prometheus
//!   writes a gap as no sample, a NaN sample is the nearest it has to null);
//!   with no value left they have none;
//! - `last` is the last sample's value, NaN included; `lastNotNull` the last
//!   that is not NaN;
//! - a series with no sample has no value for any calc (the legend shows `–`).

use crate::config::LegendCalc;

/// `calc` over `values` (a series' samples in time order); `None` when it has none.
pub fn legend_calc(values: &[f64], calc: LegendCalc) -> Option<f64> {
    let numbers = || values.iter().copied().filter(|v| !v.is_nan());
    match calc {
        LegendCalc::Min => numbers().reduce(f64::min),
        LegendCalc::Max => numbers().reduce(f64::max),
        LegendCalc::Mean => {
            let (sum, n) = numbers().fold((0.0, 0u64), |(s, n), v| (s + v, n + 1));
            #[allow(clippy::cast_precision_loss)] // a count of samples, far below 2^52
            (n > 0).then(|| sum / n as f64)
        }
        LegendCalc::Last => values.last().copied(),
        LegendCalc::LastNotNull => numbers().next_back(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;

    /// Grafana's `fieldReducer.test.ts`, "should calculate basic stats": [10, 20].
    #[test]
    fn grafanas_basic_stats() {
        assert_eq!(legend_calc(&[10.0, 20.0], LegendCalc::Last), Some(20.0));
        assert_eq!(legend_calc(&[10.0, 20.0], LegendCalc::Mean), Some(15.0));
        assert_eq!(legend_calc(&[10.0, 20.0], LegendCalc::Min), Some(10.0));
        assert_eq!(legend_calc(&[10.0, 20.0], LegendCalc::Max), Some(20.0));
    }

    /// Grafana's "consistent results for first/last value with null": [null, 200, null]
    /// has `last` null and `lastNotNull` 200; all null has no `lastNotNull`.
    #[test]
    fn grafanas_last_with_nulls() {
        let v = [NAN, 200.0, NAN];
        assert!(legend_calc(&v, LegendCalc::Last).is_some_and(f64::is_nan), "the last sample, NaN");
        assert_eq!(legend_calc(&v, LegendCalc::LastNotNull), Some(200.0));
        assert_eq!(legend_calc(&[NAN, NAN, NAN], LegendCalc::LastNotNull), None);
        assert_eq!(legend_calc(&[NAN, NAN], LegendCalc::Mean), None);
        assert_eq!(legend_calc(&[], LegendCalc::Last), None);
    }

    #[test]
    fn nan_is_left_out_of_min_max_and_mean() {
        let v = [3.0, NAN, 1.0, 2.0];
        assert_eq!(legend_calc(&v, LegendCalc::Min), Some(1.0));
        assert_eq!(legend_calc(&v, LegendCalc::Max), Some(3.0));
        assert_eq!(legend_calc(&v, LegendCalc::Mean), Some(2.0));
        assert_eq!(legend_calc(&[f64::INFINITY, 1.0], LegendCalc::Max), Some(f64::INFINITY), "+Inf is a value");
    }
}
