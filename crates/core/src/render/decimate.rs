//! M4 decimation: a series reduced to at most four points per device-pixel
//! column before it is drawn, so that the draw cost depends on the plot's
//! width, not on the number of samples.
//!
//! The rules (after Jugel et al., "M4: A Visualization-Oriented Time Series
//! Data Aggregation", VLDB 2014, and uPlot's per-pixel min/max):
//! - A point's column is `floor(x_dev)` of its time. Within each column and
//!   each unbroken run, keep the **first**, the **min**, the **max** and the
//!   **last** sample, in their original order, each index once.
//! - The first and last of a column keep the segments between columns exactly
//!   as they were; the min and max keep the column's vertical extent. So the
//!   decimated polyline rasterises to the same per-column min/max as the full
//!   one (a property test below checks this on random series).
//! - A non-finite value (`NaN`, `±Inf`: Prometheus's gaps and overflows) ends
//!   the run: a gap stays a gap, even inside one column.
//! - So does a missing step: two neighbours further apart than `max_gap_ms`
//!   (the query's step plus a tolerance, see [`gap_threshold_ms`]) end the
//!   run. Prometheus leaves a step out of a range answer when the series had
//!   no value there; Grafana inserts a null after every gap wider than the
//!   frame's interval (its `nullInsertThreshold`, with the interval = the
//!   step), so its lines break there too. A run of one sample is an isolated
//!   point: the scene draws it as a dot.
//! - Only the visible index range is walked, found by binary search on the
//!   sorted times, widened by one sample on each side so that lines run to the
//!   plot's edges instead of stopping at the last visible sample.
//!
//! The output is indices into the input, so callers keep their own
//! coordinate conversion and nothing is copied twice.

use std::ops::Range;

/// The index range of `t_ms` (ascending) that draws inside `[from_ms, to_ms]`:
/// the samples in the window plus one neighbour on each side.
pub fn visible_range(t_ms: &[i64], from_ms: i64, to_ms: i64) -> Range<usize> {
    let lo = t_ms.partition_point(|t| *t < from_ms).saturating_sub(1);
    let hi = (t_ms.partition_point(|t| *t <= to_ms) + 1).min(t_ms.len());
    lo..hi.max(lo)
}

/// One column's kept samples, by index.
#[derive(Clone, Copy)]
struct Bucket {
    column: i64,
    first: usize,
    min: usize,
    max: usize,
    last: usize,
}

impl Bucket {
    fn new(column: i64, i: usize) -> Self {
        Self { column, first: i, min: i, max: i, last: i }
    }

    /// Appends the bucket's indices to `run`, in order, each once.
    fn flush_into(self, run: &mut Vec<usize>) {
        let mut kept = [self.first, self.min, self.max, self.last];
        kept.sort_unstable();
        for i in kept {
            if run.last() != Some(&i) {
                run.push(i);
            }
        }
    }
}

/// The widest distance between two samples of a series queried at `step_ms`
/// that still joins them: the step plus half a step of tolerance (Prometheus's
/// and VictoriaMetrics's samples sit exactly on the step grid, so one missing
/// step, a distance of two steps, always breaks). `None` (never break) for an
/// unknown step (≤ 0).
pub fn gap_threshold_ms(step_ms: i64) -> Option<i64> {
    (step_ms > 0).then(|| step_ms.saturating_add(step_ms / 2))
}

/// Decimates `values` (sampled at `t_ms`, ascending, same length) for a plot
/// whose visible window is `[from_ms, to_ms]`; `x_dev` maps a time to its
/// device-pixel x; neighbours more than `max_gap_ms` apart are not joined.
/// Returns the unbroken runs, as indices into the input.
pub fn m4(
    t_ms: &[i64],
    values: &[f64],
    (from_ms, to_ms): (i64, i64),
    max_gap_ms: Option<i64>,
    x_dev: impl Fn(i64) -> f64,
) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut bucket: Option<Bucket> = None;
    let mut prev_t: Option<i64> = None;
    let n = t_ms.len().min(values.len());
    let visible = visible_range(t_ms.get(..n).unwrap_or(&[]), from_ms, to_ms);
    for i in visible {
        let (Some(&t), Some(&v)) = (t_ms.get(i), values.get(i)) else { break };
        let missing_step = matches!((prev_t, max_gap_ms), (Some(p), Some(gap)) if t.saturating_sub(p) > gap);
        prev_t = Some(t);
        if missing_step || !v.is_finite() {
            end_run(&mut bucket, &mut run, &mut runs);
        }
        if !v.is_finite() {
            continue;
        }
        // Saturating float→int: far off-screen points get extreme columns.
        let column = x_dev(t).floor() as i64;
        match bucket.as_mut() {
            Some(b) if b.column == column => {
                let value_at = |j: usize| values.get(j).copied().unwrap_or(v);
                if v < value_at(b.min) {
                    b.min = i;
                }
                if v > value_at(b.max) {
                    b.max = i;
                }
                b.last = i;
            }
            _ => {
                if let Some(b) = bucket.replace(Bucket::new(column, i)) {
                    b.flush_into(&mut run);
                }
            }
        }
    }
    end_run(&mut bucket, &mut run, &mut runs);
    runs
}

/// Flushes the open column into the run and ends the run.
fn end_run(bucket: &mut Option<Bucket>, run: &mut Vec<usize>, runs: &mut Vec<Vec<usize>>) {
    if let Some(b) = bucket.take() {
        b.flush_into(run);
    }
    if !run.is_empty() {
        runs.push(std::mem::take(run));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x = t / 10: ten ms per device pixel.
    fn x(t: i64) -> f64 {
        t as f64 / 10.0
    }

    #[test]
    fn keeps_first_min_max_last_per_column_in_order() {
        // Column 0: t 0..9, column 1: t 10..19.
        let t = [0, 2, 4, 6, 8, 10, 12, 14];
        let v = [5.0, 9.0, 1.0, 4.0, 3.0, 2.0, 2.0, 2.0];
        assert_eq!(m4(&t, &v, (0, 14), None, x), [vec![0, 1, 2, 4, 5, 7]]);
    }

    #[test]
    fn at_most_four_points_per_column() {
        let t: Vec<i64> = (0..100_000).collect();
        let v: Vec<f64> = t.iter().map(|t| ((*t as f64) * 0.37).sin()).collect();
        let runs = m4(&t, &v, (0, 99_999), None, |t| t as f64 / 125.0); // 800 columns
        assert_eq!(runs.len(), 1);
        assert!(runs[0].len() <= 4 * 800, "{}", runs[0].len());
        assert!(runs[0].len() >= 2 * 800, "min and max of every column: {}", runs[0].len());
        assert!(runs[0].windows(2).all(|w| w[0] < w[1]), "indices ascend");
    }

    #[test]
    fn nan_and_inf_are_gaps_even_inside_one_column() {
        let t = [0, 1, 2, 3, 4, 30];
        let v = [1.0, f64::NAN, 2.0, f64::INFINITY, 3.0, 4.0];
        assert_eq!(m4(&t, &v, (0, 30), None, x), [vec![0], vec![2], vec![4, 5]]);
        assert!(m4(&t, &[f64::NAN; 6], (0, 30), None, x).is_empty());
    }

    #[test]
    fn only_the_window_and_one_neighbour_each_side_are_walked() {
        let t: Vec<i64> = (0..10).map(|i| i * 100).collect();
        assert_eq!(visible_range(&t, 250, 550), 2..7);
        assert_eq!(visible_range(&t, -50, 5_000), 0..10);
        assert_eq!(visible_range(&t, 2_000, 3_000), 9..10, "the last sample still leads into the window");
        assert_eq!(visible_range(&[], 0, 10), 0..0);
        let v = vec![1.0; 10];
        assert_eq!(m4(&t, &v, (250, 550), None, x), [vec![2, 3, 4, 5, 6]]);
    }

    #[test]
    fn a_missing_step_breaks_the_line_and_leaves_lone_points() {
        // Step 15 s; the samples at 30 s and 45 s are missing, 90 s stands alone.
        let t = [0, 15_000, 60_000, 90_000, 120_000 + 15_000 * 4];
        let v = [1.0; 5];
        let gap = gap_threshold_ms(15_000);
        assert_eq!(gap, Some(22_500));
        let x = |t: i64| t as f64 / 1000.0;
        assert_eq!(m4(&t, &v, (0, 180_000), gap, x), [vec![0, 1], vec![2], vec![3], vec![4]]);
        assert_eq!(m4(&t, &v, (0, 180_000), None, x), [vec![0, 1, 2, 3, 4]], "no step: one line");
        // Exactly one step apart (or a little more) still joins; a missing step does not.
        assert_eq!(m4(&[0, 15_000, 30_001], &[1.0; 3], (0, 30_001), gap, x), [vec![0, 1, 2]]);
        assert_eq!(gap_threshold_ms(0), None);
        assert_eq!(gap_threshold_ms(i64::MAX), Some(i64::MAX));
    }

    #[test]
    fn mismatched_lengths_do_not_panic() {
        assert_eq!(m4(&[0, 10, 20], &[1.0], (0, 20), None, x), [vec![0]]);
        assert_eq!(m4(&[0], &[1.0, 2.0], (0, 20), None, x), [vec![0]]);
    }

    /// proptest is a native dev-dependency: the property runs under `cargo test`.
    #[cfg(not(target_arch = "wasm32"))]
    mod property {
        use super::*;
        use std::collections::BTreeMap;

        /// Per device column, the [min, max] y covered by the polyline through
        /// `points` (x, y): its points and the parts of its segments in that column.
        fn raster_extent(points: &[(f64, f64)]) -> BTreeMap<i64, (f64, f64)> {
            let mut out: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
            let mut cover = |col: i64, y: f64| {
                let e = out.entry(col).or_insert((y, y));
                e.0 = e.0.min(y);
                e.1 = e.1.max(y);
            };
            for &(px, py) in points {
                cover(px.floor() as i64, py);
            }
            for w in points.windows(2) {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                let y_at = |x: f64| if x1 == x0 { y1 } else { y0 + (y1 - y0) * (x - x0) / (x1 - x0) };
                // The segment enters each column boundary it crosses.
                let (c0, c1) = (x0.floor() as i64, x1.floor() as i64);
                for c in c0 + 1..=c1 {
                    let y = y_at(c as f64);
                    cover(c - 1, y);
                    cover(c, y);
                }
            }
            out
        }

        fn close(a: &BTreeMap<i64, (f64, f64)>, b: &BTreeMap<i64, (f64, f64)>) -> bool {
            a.len() == b.len()
                && a.iter().zip(b).all(|((ka, (lo_a, hi_a)), (kb, (lo_b, hi_b)))| {
                    ka == kb && (lo_a - lo_b).abs() < 1e-9 && (hi_a - hi_b).abs() < 1e-9
                })
        }

        proptest::proptest! {
            #[test]
            fn decimated_lines_rasterise_like_the_full_ones(
                steps in proptest::collection::vec(
                    (1i64..40, proptest::prop_oneof![9 => -1e3f64..1e3, 1 => proptest::strategy::Just(f64::NAN)]),
                    1..600,
                ),
                ms_per_px in 1.0f64..50.0,
                max_gap_ms in proptest::option::of(5i64..60),
            ) {
                let mut t = Vec::new();
                let mut v = Vec::new();
                let mut now = 0i64;
                for (dt, value) in steps {
                    now += dt;
                    t.push(now);
                    v.push(value);
                }
                let x_dev = |t: i64| t as f64 / ms_per_px;
                let decimated = m4(&t, &v, (0, now), max_gap_ms, x_dev);
                // The full line's runs, split at the same gaps: non-finite
                // values, and neighbours further apart than the threshold.
                let mut full: Vec<Vec<usize>> = vec![Vec::new()];
                for i in 0..v.len() {
                    let missing = i > 0 && max_gap_ms.is_some_and(|g| t[i] - t[i - 1] > g);
                    if missing || !v[i].is_finite() {
                        full.push(Vec::new());
                    }
                    if v[i].is_finite() {
                        full.last_mut().into_iter().for_each(|run| run.push(i));
                    }
                }
                full.retain(|run| !run.is_empty());
                proptest::prop_assert_eq!(decimated.len(), full.len(), "the same gaps");
                for (d, f) in decimated.iter().zip(&full) {
                    let pts = |run: &Vec<usize>| run.iter().map(|&i| (x_dev(t[i]), v[i])).collect::<Vec<_>>();
                    proptest::prop_assert!(close(&raster_extent(&pts(d)), &raster_extent(&pts(f))));
                    let mut per_column: BTreeMap<i64, usize> = BTreeMap::new();
                    for &i in d {
                        *per_column.entry(x_dev(t[i]).floor() as i64).or_default() += 1;
                    }
                    proptest::prop_assert!(per_column.values().all(|n| *n <= 4));
                    // A lone sample stays one point (the scene draws it as a dot).
                    proptest::prop_assert_eq!(d.len() == 1, f.len() == 1);
                }
            }
        }
    }
}
