//! Exemplar sampling: which of the (filtered) exemplars are drawn.
//!
//! Prometheus can return tens of thousands of exemplars for a range; drawing
//! all of them hides the lines. Three samplers, chosen by the config's
//! `exemplarSampling`:
//!
//! - [`Sampler::Outliers`] (the default, ours). Per series (exemplars that
//!   matched no series form one more group), in buckets of one query step:
//!   - the bucket's **max** and **min** are kept;
//!   - going down from the max, a value is kept when it lies more than 2σ
//!     below the last kept one, σ being the sample standard deviation of that
//!     series' exemplar values (so a quiet series keeps few, a noisy one more);
//!   - the [`SLOWEST_KEPT`] slowest exemplars of the whole panel are always
//!     kept, whatever their bucket: "the slowest traces" never disappear.
//!
//!   Why not Grafana's: its σ is global, so on a panel that mixes a fast and a
//!   slow series the fast one keeps only its max per step; and it drops each
//!   bucket's min, the "normal" request you want to compare the spike against.
//! - [`Sampler::Grafana`]: Grafana's σ-sampler, reproduced from its behaviour
//!   (`pkg/promlib/querydata/exemplar/sampler_stddev.go`; our code is our own):
//!   per target (refId), buckets `floor(t / step) · step`; one σ (sample
//!   standard deviation, n − 1) over all of the target's exemplars; per bucket
//!   the values in descending order (ties keep their order), the first kept,
//!   each next one kept when `last kept − value > 2σ` (and σ ≠ 0).
//! - [`Sampler::All`]: no sampling ("show all exemplars", grafana#41382).
//!
//! Every sampler returns indices in time order, a subset of its input.

use std::collections::BTreeMap;

use crate::model::{ExemplarPoint, IndexOrder, PanelModel};

/// How many of the slowest exemplars [`Sampler::Outliers`] always keeps.
pub const SLOWEST_KEPT: usize = 10;

pub use crate::config::Sampler;

/// Samples `candidates` (indices into `model.exemplars`, in time order).
pub fn sample(model: &PanelModel, candidates: &[usize], sampler: Sampler) -> Vec<usize> {
    match sampler {
        Sampler::All => candidates.to_vec(),
        Sampler::Grafana => grafana(model, candidates),
        Sampler::Outliers => outliers(model, candidates),
    }
}

/// The start of the step bucket of `t_ms`.
fn bucket_of(t_ms: i64, step_ms: i64) -> i64 {
    let step = step_ms.max(1);
    t_ms.div_euclid(step) * step
}

/// Sample standard deviation (n − 1), by Welford's algorithm; 0 below two values.
fn sample_std_dev(values: impl Iterator<Item = f64>) -> f64 {
    let (mut n, mut mean, mut m2) = (0u64, 0.0f64, 0.0f64);
    for v in values {
        n += 1;
        let delta = v - mean;
        mean += delta / n as f64;
        m2 += delta * (v - mean);
    }
    if n < 2 {
        0.0
    } else {
        (m2 / (n - 1) as f64).sqrt()
    }
}

fn value(model: &PanelModel, i: usize) -> f64 {
    model.exemplars.get(i).map_or(f64::NAN, |e| e.value)
}

/// Groups `candidates` by `key`, then by step bucket, keeping time order inside.
fn buckets<K: Ord>(
    model: &PanelModel,
    candidates: &[usize],
    key: impl Fn(&ExemplarPoint) -> K,
) -> BTreeMap<K, BTreeMap<i64, Vec<usize>>> {
    let mut out: BTreeMap<K, BTreeMap<i64, Vec<usize>>> = BTreeMap::new();
    for &i in candidates {
        if let Some(e) = model.exemplars.get(i) {
            out.entry(key(e)).or_default().entry(bucket_of(e.t_ms, model.step_ms)).or_default().push(i);
        }
    }
    out
}

/// Sorts a bucket by value, descending; equal values keep their order.
fn descending(model: &PanelModel, bucket: &mut [usize]) {
    model.sort_indices(bucket, IndexOrder::ValueDescending);
}

/// Grafana's σ-sampler (see the module doc).
fn grafana(model: &PanelModel, candidates: &[usize]) -> Vec<usize> {
    let mut kept = Vec::new();
    for (_, by_bucket) in buckets(model, candidates, |e| e.ref_id.clone()) {
        let sigma = sample_std_dev(by_bucket.values().flatten().map(|&i| value(model, i)));
        for mut bucket in by_bucket.into_values() {
            descending(model, &mut bucket);
            let mut last: Option<f64> = None;
            for i in bucket {
                let v = value(model, i);
                let keep = match last {
                    None => true,
                    Some(prev) => sigma != 0.0 && prev - v > 2.0 * sigma,
                };
                if keep {
                    kept.push(i);
                    last = Some(v);
                }
            }
        }
    }
    in_time_order(model, kept)
}

/// Our default sampler (see the module doc).
fn outliers(model: &PanelModel, candidates: &[usize]) -> Vec<usize> {
    let mut kept = per_series_outliers(model, candidates);
    let mut slowest: Vec<usize> = candidates.to_vec();
    descending(model, &mut slowest);
    kept.extend(slowest.into_iter().take(SLOWEST_KEPT));
    in_time_order(model, kept)
}

/// Per series and step bucket: max, min and the 2σ outliers (unordered).
fn per_series_outliers(model: &PanelModel, candidates: &[usize]) -> Vec<usize> {
    let mut kept = Vec::new();
    // `None` (no matching series) sorts first and is a group of its own.
    for (_, by_bucket) in buckets(model, candidates, |e| e.series) {
        let sigma = sample_std_dev(by_bucket.values().flatten().map(|&i| value(model, i)));
        for mut bucket in by_bucket.into_values() {
            descending(model, &mut bucket);
            let mut last: Option<f64> = None;
            for (k, &i) in bucket.iter().enumerate() {
                let v = value(model, i);
                let is_min = k + 1 == bucket.len();
                let keep = match last {
                    None => true,
                    Some(prev) => is_min || (sigma > 0.0 && prev - v > 2.0 * sigma),
                };
                if keep {
                    kept.push(i);
                    last = Some(v);
                }
            }
        }
    }
    kept
}

/// Sorted by time, then index; each index once.
fn in_time_order(model: &PanelModel, mut kept: Vec<usize>) -> Vec<usize> {
    model.sort_indices(&mut kept, IndexOrder::TimeThenIndex);
    kept.dedup();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{self, exemplar};

    fn point(series: Option<usize>, ref_id: &str, t_ms: i64, value: f64) -> ExemplarPoint {
        ExemplarPoint {
            series,
            owners: series.into_iter().collect(),
            ref_id: ref_id.into(),
            ..exemplar(t_ms, value, &[])
        }
    }

    fn model(step_ms: i64, exemplars: Vec<ExemplarPoint>) -> PanelModel {
        PanelModel { step_ms, ..testing::model(Vec::new(), exemplars) }
    }

    fn all(m: &PanelModel) -> Vec<usize> {
        (0..m.exemplars.len()).collect()
    }

    fn values(m: &PanelModel, kept: &[usize]) -> Vec<f64> {
        kept.iter().map(|&i| m.exemplars[i].value).collect()
    }

    /// Grafana's own golden case (`sampler_stddev_test.go` + its testdata): one
    /// exemplar a second for 100,000 s, value = its time in seconds, step 600 s.
    /// σ ≈ 28,868, so 2σ exceeds any bucket's spread and each bucket keeps its
    /// max: 599, 1199, …, 99,599, and 99,999 from the last, partial bucket.
    #[test]
    fn golden_grafana_sampler_matches_grafanas_testdata() {
        let m = model(600_000, (0..100_000).map(|s| point(Some(0), "A", s * 1000, s as f64)).collect());
        let kept = sample(&m, &all(&m), Sampler::Grafana);
        let expected: Vec<f64> = (1..=166).map(|k| f64::from(k * 600 - 1)).chain([99_999.0]).collect();
        assert_eq!(kept.len(), 167);
        assert_eq!(values(&m, &kept), expected);
    }

    /// A hand-computed case for the 2σ rule: values 10, 9, 1, 0.5 and 5 × 1.0.
    /// Mean 3.5, sample σ = √(98.5 / 8) ≈ 3.51, 2σ ≈ 7.02. Descending in the
    /// bucket: 10 kept; 9 (10 − 9 = 1) no; 1 (10 − 1 = 9 > 7.02) kept; 1.0s
    /// (1 − 1 = 0) no; 0.5 (1 − 0.5) no.
    #[test]
    fn golden_grafana_two_sigma_rule() {
        let vals = [1.0, 10.0, 1.0, 9.0, 1.0, 0.5, 1.0, 1.0, 1.0];
        let m = model(60_000, vals.iter().enumerate().map(|(k, v)| point(Some(0), "A", k as i64 * 1000, *v)).collect());
        assert_eq!(
            values(&m, &sample(&m, &all(&m), Sampler::Grafana)),
            [1.0, 10.0],
            "1.0 at t=0 is the first kept 1.0"
        );
    }

    #[test]
    fn grafana_sigma_is_per_target_and_zero_sigma_keeps_only_the_max() {
        // Target A: all equal (σ = 0): one per bucket. Target B: spread out.
        let mut ex: Vec<ExemplarPoint> = (0..4).map(|k| point(Some(0), "A", k * 1000, 2.0)).collect();
        ex.extend([point(Some(1), "B", 0, 100.0), point(Some(1), "B", 1000, 1.0)]);
        let m = model(60_000, ex);
        let kept = sample(&m, &all(&m), Sampler::Grafana);
        assert_eq!(kept, [0, 4], "A keeps its first max; B's σ ≈ 70 keeps only 100");
    }

    #[test]
    fn outliers_keep_min_max_per_series_and_bucket() {
        // Series 0 and 1 in the same bucket; 1 also in a second bucket.
        let m = model(
            10_000,
            vec![
                point(Some(0), "A", 0, 0.2),
                point(Some(0), "A", 1000, 0.25),
                point(Some(0), "A", 2000, 0.3),
                point(Some(1), "A", 3000, 5.0),
                point(Some(1), "A", 4000, 5.1),
                point(Some(1), "A", 5000, 4.9),
                point(Some(1), "A", 15_000, 5.0),
            ],
        );
        let kept = sample(&m, &all(&m), Sampler::Outliers);
        // Few candidates: the 10 slowest cover everything.
        assert_eq!(kept, all(&m));
        let mut many = m.exemplars.clone();
        for k in 0..20 {
            many.push(point(Some(1), "A", 20_000 + k, 50.0)); // the slowest, kept regardless
        }
        let m = model(10_000, many);
        let kept = sample(&m, &all(&m), Sampler::Outliers);
        let first: Vec<usize> = kept.iter().copied().filter(|&i| i < 7).collect();
        assert_eq!(first, [0, 2, 4, 5, 6], "per series and bucket: max and min (0.25 and 5.0 dropped)");
        assert_eq!(
            kept.len() - first.len(),
            11,
            "bucket 20 s: its max and min, with the 10 slowest (the max among them)"
        );
    }

    /// Values 10, 20, 30, 40, 50 and 45 × 1.0 in one bucket: mean 3.9, σ ≈ 9.88,
    /// 2σ ≈ 19.76. Descending: 50 kept; 40 (10 below) no; 30 (20) kept; 20 no;
    /// 10 (20) kept; the 1.0s (9 below 10) no, but the last is the min: kept.
    #[test]
    fn outliers_keep_values_more_than_two_sigma_apart_per_series() {
        let ex = (0..50).map(|k| point(Some(0), "A", k, if k % 10 == 0 { 10.0 + k as f64 } else { 1.0 })).collect();
        let m = model(1_000_000, ex);
        let mut kept = values(&m, &per_series_outliers(&m, &all(&m)));
        kept.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(kept, [50.0, 30.0, 10.0, 1.0]);
        // σ is per series: a quiet series beside it keeps its own spread.
        let mut ex = m.exemplars.clone();
        ex.extend([point(Some(1), "A", 0, 0.10), point(Some(1), "A", 1, 0.11), point(Some(1), "A", 2, 0.5)]);
        let m = model(1_000_000, ex);
        let quiet: Vec<f64> =
            per_series_outliers(&m, &all(&m)).into_iter().filter(|&i| i >= 50).map(|i| m.exemplars[i].value).collect();
        assert_eq!(quiet.len(), 2, "max 0.5 and min 0.10: σ ≈ 0.23, 0.5 − 0.11 < 2σ: {quiet:?}");
    }

    #[test]
    fn unmatched_exemplars_are_a_group_and_all_keeps_everything() {
        let m = model(60_000, (0..30).map(|k| point(None, "A", k, (k % 3) as f64)).collect());
        let kept = sample(&m, &all(&m), Sampler::Outliers);
        assert!(kept.len() >= 2 && kept.len() <= 12, "{kept:?}");
        assert_eq!(sample(&m, &all(&m), Sampler::All), all(&m));
        assert!(sample(&m, &[], Sampler::Outliers).is_empty());
    }

    #[test]
    fn samples_are_subsets_in_time_order() {
        let m = model(
            5_000,
            (0..500)
                .map(|k| point(Some((k % 3) as usize), "A", (k * 7919) % 100_000, ((k * 31) % 97) as f64))
                .collect(),
        );
        let mut candidates = all(&m);
        candidates.sort_by_key(|&i| m.exemplars[i].t_ms);
        for sampler in [Sampler::Outliers, Sampler::Grafana, Sampler::All] {
            let kept = sample(&m, &candidates, sampler);
            assert!(kept.windows(2).all(|w| m.exemplars[w[0]].t_ms <= m.exemplars[w[1]].t_ms), "{sampler:?}");
            assert!(kept.iter().all(|i| candidates.contains(i)));
        }
    }
}
