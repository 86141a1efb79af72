//! Builders for the hand-made models of tests: target `A`, no labels and
//! palette colour 0 unless a test says otherwise (with `..` struct update).

use std::sync::Arc;

use super::{ExemplarPoint, PanelModel, SeriesModel};
use crate::prom::Labels;

/// Labels from `(name, value)` pairs.
pub(crate) fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
}

/// A series named `name` with `(t_ms, value)` samples (step unknown: never broken).
pub(crate) fn series(name: &str, points: impl IntoIterator<Item = (i64, f64)>) -> SeriesModel {
    let (t_ms, values) = points.into_iter().unzip();
    SeriesModel { ref_id: "A".into(), name: name.into(), labels: Labels::new(), color: 0, t_ms, values, step_ms: 0 }
}

/// An exemplar at `t_ms` with `value` and `labels`, owned by series 0.
pub(crate) fn exemplar(t_ms: i64, value: f64, labels: &[(&str, &str)]) -> ExemplarPoint {
    ExemplarPoint {
        series: Some(0),
        owners: Arc::from([0usize]),
        ref_id: "A".into(),
        t_ms,
        value,
        labels: self::labels(labels),
        series_labels: Arc::default(),
    }
}

/// A model of `series` and `exemplars` (time range and step 0, no notices).
pub(crate) fn model(series: Vec<SeriesModel>, exemplars: Vec<ExemplarPoint>) -> PanelModel {
    PanelModel { series, exemplars, ..PanelModel::default() }
}

#[test]
fn builders_give_what_they_say() {
    let s = series("p99", [(1, 2.0), (3, 4.0)]);
    assert_eq!((s.ref_id.as_str(), s.name.as_str(), s.color), ("A", "p99", 0));
    assert_eq!((s.t_ms.as_slice(), s.values.as_slice()), (&[1, 3][..], &[2.0, 4.0][..]));
    let e = exemplar(5, 0.5, &[("trace_id", "abc")]);
    assert_eq!((e.series, &*e.ref_id, e.t_ms, e.value), (Some(0), "A", 5, 0.5));
    assert_eq!(e.labels, labels(&[("trace_id", "abc")]));
    assert!(e.series_labels.is_empty());
    let m = model(vec![s.clone()], vec![e.clone()]);
    assert_eq!(m, PanelModel { series: vec![s], exemplars: vec![e], ..PanelModel::default() });
}
