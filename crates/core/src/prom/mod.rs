//! Prometheus HTTP API types and parsing (`/api/v1/query_range`, `/api/v1/query_exemplars`).
//!
//! Rules:
//! - The body is parsed whatever the HTTP status: Prometheus sends its error
//!   envelope (`status: "error"`, `errorType`, `error`) with 4xx/5xx codes, and
//!   [`ApiError::Prometheus`] keeps all three.
//! - A body that is not JSON (an HTML page from a proxy) is [`ApiError::NotJson`],
//!   with a short excerpt so the user can see who answered.
//! - Malformed samples or exemplars are skipped and counted in [`ParseStats`],
//!   never panicked on. Values are strings (`"NaN"`, `"+Inf"`, `"1e-07"`);
//!   timestamps are float or integer seconds.
//! - Samples are returned sorted by time with duplicate timestamps removed
//!   (the last one wins).
//! - A 204 or empty body from query_exemplars means "no exemplars".
//! - Prometheus's own successful answers are read by a byte scanner
//!   ([`fast`]) that gives the same result; anything else by serde_json.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

mod fast;
mod labels;
pub mod request;
pub mod share;

pub use labels::Labels;

/// An API call that did not give usable data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// Prometheus answered with its error envelope.
    #[error("Prometheus error ({error_type}, HTTP {status}): {error}{}", prometheus_hint(error_type, error))]
    Prometheus {
        /// HTTP status code.
        status: u16,
        /// Prometheus's `errorType`, e.g. `bad_data`.
        error_type: String,
        /// Prometheus's `error` text, shown as is.
        error: String,
    },
    /// The body is not JSON.
    #[error("the answer (HTTP {status}) is not Prometheus JSON: {excerpt:?}{}", status_hint(*status))]
    NotJson {
        /// HTTP status code.
        status: u16,
        /// The first characters of the body.
        excerpt: String,
    },
    /// The body is empty where data was expected.
    #[error("the answer (HTTP {status}) is empty{}", status_hint(*status))]
    Empty {
        /// HTTP status code.
        status: u16,
    },
    /// The JSON stops before its end: the connection or a proxy cut it.
    #[error(
        "the answer (HTTP {status}) stops after {bytes} bytes, before its end: a proxy or Prometheus cut it \
         short (a restart, or a response size limit); the next refresh tries again"
    )]
    Truncated {
        /// HTTP status code.
        status: u16,
        /// How much arrived.
        bytes: usize,
    },
    /// JSON, but not the shape this endpoint returns.
    #[error("the answer (HTTP {status}) has an unexpected shape: {detail}")]
    Shape {
        /// HTTP status code.
        status: u16,
        /// What was wrong.
        detail: String,
    },
}

/// Counts of entries that were skipped because they were malformed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseStats {
    /// Samples that were not `[time, "value"]`.
    pub bad_samples: usize,
    /// Exemplars without a usable time or value.
    pub bad_exemplars: usize,
    /// Series that carried only native `histograms` (not drawable as a line).
    pub histogram_only_series: usize,
}

/// Non-fatal messages from Prometheus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiNotes {
    /// `warnings` of the envelope.
    pub warnings: Vec<String>,
    /// `infos` of the envelope (Prometheus ≥ 2.52).
    pub infos: Vec<String>,
}

/// One series of a range query, columnar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RangeSeries {
    /// Its labels, including `__name__` when Prometheus kept it.
    pub labels: Labels,
    /// Sample times, epoch ms, ascending, unique.
    pub t_ms: Vec<i64>,
    /// Sample values; NaN and ±Inf are kept as such.
    pub values: Vec<f64>,
}

/// A parsed range query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RangeResult {
    /// The series.
    pub series: Vec<RangeSeries>,
    /// Warnings and infos.
    pub notes: ApiNotes,
    /// What was skipped.
    pub stats: ParseStats,
}

/// One exemplar.
#[derive(Debug, Clone, PartialEq)]
pub struct Exemplar {
    /// The exemplar's own labels, e.g. `trace_id`.
    pub labels: Labels,
    /// The series it was recorded on (e.g. a `_bucket` series with `le`),
    /// shared by every exemplar of that series.
    pub series_labels: Arc<Labels>,
    /// The observed value.
    pub value: f64,
    /// Epoch ms.
    pub t_ms: i64,
}

/// A parsed exemplar query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExemplarResult {
    /// All exemplars, flattened.
    pub exemplars: Vec<Exemplar>,
    /// Warnings and infos.
    pub notes: ApiNotes,
    /// What was skipped.
    pub stats: ParseStats,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    status: String,
    data: Option<T>,
    error_type: Option<String>,
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    infos: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RangeData {
    result_type: String,
    #[serde(default)]
    result: Vec<MaybeSeries>,
}

/// A result entry: a series object, or anything else (a scalar result's
/// `[time, "value"]` parts), which is `None` and reported via `resultType`.
struct MaybeSeries(Option<RawSeries>);

impl<'de> Deserialize<'de> for MaybeSeries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient(d)
    }
}

impl Lenient for MaybeSeries {
    const EXPECTING: &'static str = "a series object";
    const OTHER: Self = MaybeSeries(None);
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        RawSeries::deserialize(de::value::MapAccessDeserializer::new(map)).map(|s| MaybeSeries(Some(s)))
    }
}

#[derive(Deserialize)]
struct RawSeries {
    #[serde(default)]
    metric: Labels,
    #[serde(default)]
    values: Columns,
    #[serde(default)]
    histograms: Option<IgnoredAny>,
}

/// A series' `values`, read straight into columns (no per-sample value in
/// between): good samples in order of arrival, and a count of the others.
#[derive(Default)]
struct Columns {
    t_ms: Vec<i64>,
    values: Vec<f64>,
    bad: usize,
}

impl<'de> Deserialize<'de> for Columns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(ColumnsVisitor)
    }
}

/// Reads `values` as `Vec` would (anything but an array is a shape error),
/// each entry a lenient [`MaybePoint`].
struct ColumnsVisitor;

impl<'de> Visitor<'de> for ColumnsVisitor {
    type Value = Columns;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of [time, value] pairs")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Columns, A::Error> {
        let n = seq.size_hint().unwrap_or(0).min(1 << 16);
        let mut out = Columns { t_ms: Vec::with_capacity(n), values: Vec::with_capacity(n), bad: 0 };
        while let Some(MaybePoint(point)) = seq.next_element()? {
            match point {
                Some((t, v)) => {
                    out.t_ms.push(t);
                    out.values.push(v);
                }
                None => out.bad += 1,
            }
        }
        Ok(out)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawExemplarSet {
    #[serde(default)]
    series_labels: Labels,
    #[serde(default)]
    exemplars: Vec<RawExemplar>,
}

#[derive(Deserialize)]
struct RawExemplar {
    #[serde(default)]
    labels: Labels,
    #[serde(default)]
    value: Scalar,
    #[serde(default)]
    timestamp: Scalar,
}

/// Parses a `/api/v1/query_range` body.
pub fn parse_range(status: u16, body: &str) -> Result<RangeResult, ApiError> {
    fast::range(body).map_or_else(|| serde_range(status, body), Ok)
}

/// [`parse_range`] by serde_json: any body.
fn serde_range(status: u16, body: &str) -> Result<RangeResult, ApiError> {
    let (data, notes) = parse_envelope::<RangeData>(status, body)?;
    let Some(data) = data else {
        return Err(ApiError::Shape { status, detail: "`data` is missing".into() });
    };
    if data.result_type != "matrix" {
        return Err(ApiError::Shape {
            status,
            detail: format!(
                "expected a `matrix` result, got `{}`: use a range query expression (not a scalar or string)",
                data.result_type
            ),
        });
    }
    let mut stats = ParseStats::default();
    let mut series = Vec::with_capacity(data.result.len());
    for raw in data.result.into_iter().filter_map(|s| s.0) {
        let Columns { mut t_ms, mut values, bad } = raw.values;
        if t_ms.is_empty() && bad == 0 && raw.histograms.is_some() {
            stats.histogram_only_series += 1;
            continue;
        }
        stats.bad_samples += bad;
        sort_dedup(&mut t_ms, &mut values);
        series.push(RangeSeries { labels: raw.metric, t_ms, values });
    }
    Ok(RangeResult { series, notes, stats })
}

/// Parses a `/api/v1/query_exemplars` body. An empty body (HTTP 204) is no exemplars.
pub fn parse_exemplars(status: u16, body: &str) -> Result<ExemplarResult, ApiError> {
    if body.trim().is_empty() && (200..300).contains(&status) {
        return Ok(ExemplarResult::default());
    }
    fast::exemplars(body).map_or_else(|| serde_exemplars(status, body), Ok)
}

/// [`parse_exemplars`] by serde_json: any non-empty body.
fn serde_exemplars(status: u16, body: &str) -> Result<ExemplarResult, ApiError> {
    let (data, notes) = parse_envelope::<Option<Vec<RawExemplarSet>>>(status, body)?;
    let mut stats = ParseStats::default();
    let mut exemplars = Vec::new();
    for set in data.flatten().unwrap_or_default() {
        let series_labels = Arc::new(set.series_labels);
        for raw in set.exemplars {
            match (raw.value.as_f64(), raw.timestamp.as_f64().and_then(ms_from_seconds)) {
                (Some(value), Some(t_ms)) => exemplars.push(Exemplar {
                    labels: raw.labels,
                    series_labels: Arc::clone(&series_labels),
                    value,
                    t_ms,
                }),
                _ => stats.bad_exemplars += 1,
            }
        }
    }
    sort_by_time(&mut exemplars);
    Ok(ExemplarResult { exemplars, notes, stats })
}

/// Exemplars in time order (stable). One function for both parsers, so the
/// wasm holds one instance of the sort, not one per call site (each is ~3 KB).
fn sort_by_time(exemplars: &mut [Exemplar]) {
    exemplars.sort_by_key(|e| e.t_ms);
}

fn parse_envelope<T: de::DeserializeOwned>(status: u16, body: &str) -> Result<(Option<T>, ApiNotes), ApiError> {
    if body.trim().is_empty() {
        return Err(ApiError::Empty { status });
    }
    let env: Envelope<T> = serde_json::from_str(body).map_err(|e| {
        if e.is_data() {
            ApiError::Shape { status, detail: e.to_string() }
        } else if e.is_eof() && body.trim_start().starts_with('{') {
            ApiError::Truncated { status, bytes: body.len() }
        } else {
            ApiError::NotJson { status, excerpt: excerpt(body) }
        }
    })?;
    if env.status != "success" {
        return Err(ApiError::Prometheus {
            status,
            error_type: env.error_type.unwrap_or_else(|| "unknown".into()),
            error: env.error.unwrap_or_else(|| format!("status {:?} without an error text", env.status)),
        });
    }
    Ok((env.data, ApiNotes { warnings: env.warnings, infos: env.infos }))
}

/// What to do about a Prometheus error, as a sentence after it (or nothing).
/// Prometheus's own texts and `errorType`s: prometheus `web/api/v1/api.go`
/// (`errorBadData` 400, `errorExec` 422, `errorCanceled` 499, `errorInternal`
/// 500, `errorTimeout` 503, `errorNotFound` 404, `errorNotAcceptable` 406,
/// `errorUnavailable` 503).
fn prometheus_hint(error_type: &str, error: &str) -> &'static str {
    if error.contains("exceeded maximum resolution") {
        return ". This backend allows fewer points per series than this range needs: zoom in, or set a larger \
                `interval` (or `maxDataPoints`) so the step grows";
    }
    if error.contains("too many samples") {
        return ". The query reads more samples than the backend allows (Prometheus: --query.max-samples): \
                shorten the range, set a larger `interval`, or aggregate the query further";
    }
    match error_type {
        "timeout" => {
            ". Prometheus stopped the query at its time limit (--query.timeout): shorten the range or simplify the query"
        }
        "canceled" => ". Prometheus cancelled the query (it is shutting down or dropped the request); the next refresh tries again",
        "bad_data" => ". The query or its parameters are not valid: check the PromQL in the query",
        "execution" => ". The query failed while it ran: check the PromQL, e.g. the functions' argument types",
        "internal" => ". Prometheus failed inside; its log says more",
        "not_found" => ". Is `prometheus.url` the Prometheus base URL (with any path prefix, without /api/v1)?",
        "not_acceptable" => ". The backend does not accept this request's format: try `prometheus.method` GET",
        "unavailable" => ". Prometheus is not ready (starting up, or its storage is unavailable); the next refresh tries again",
        _ => "",
    }
}

/// What an HTTP status says about who answered, for answers that are not Prometheus JSON.
fn status_hint(status: u16) -> &'static str {
    match status {
        200..=299 => ". Does `prometheus.url` point at Prometheus itself (the base URL, without /api/v1)?",
        401 | 403 => ". The server refused the credentials: check `prometheus.headers` (e.g. Authorization)",
        404 => ". Nothing is served at this path: check `prometheus.url` (and any path prefix)",
        407 => ". A proxy wants credentials",
        413 | 414 | 431 => ". The request is too large for a proxy: use `prometheus.method` POST",
        429 => ". Too many requests: the backend rate-limits this panel; use a slower refresh",
        502..=504 => {
            ". A proxy could not reach Prometheus in time, or Prometheus is down; the next refresh tries again"
        }
        _ => "",
    }
}

/// The first 120 characters of a body, whitespace folded.
fn excerpt(body: &str) -> String {
    let folded: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = folded.chars().take(120).collect();
    if folded.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// Sorts two columns by time and keeps the last sample of each duplicate
/// timestamp. Prometheus's own answers are already in order: one pass checks it.
fn sort_dedup(t_ms: &mut Vec<i64>, values: &mut Vec<f64>) {
    if t_ms.windows(2).all(|w| matches!(w, [a, b] if a < b)) {
        return;
    }
    let mut points: Vec<(i64, f64)> = t_ms.iter().copied().zip(values.iter().copied()).collect();
    points.sort_by_key(|p| p.0); // stable: equal times keep their order
    t_ms.clear();
    values.clear();
    for (t, v) in points {
        match (t_ms.last(), values.last_mut()) {
            (Some(last), Some(value)) if *last == t => *value = v,
            _ => {
                t_ms.push(t);
                values.push(v);
            }
        }
    }
}

/// Seconds (float) → epoch ms, refusing non-finite and out-of-range times.
fn ms_from_seconds(s: f64) -> Option<i64> {
    let ms = (s * 1000.0).round();
    (ms.is_finite() && ms.abs() < 1e15).then_some(ms as i64)
}

/// A JSON scalar Prometheus may use for a number: a number, or a string like `"+Inf"`.
#[derive(Debug, Default, Clone, PartialEq)]
enum Scalar {
    Num(f64),
    /// A string, parsed as it was read (no allocation per sample).
    Text(Option<f64>),
    #[default]
    Other,
}

impl Scalar {
    fn as_f64(&self) -> Option<f64> {
        match self {
            Scalar::Num(n) => Some(*n),
            Scalar::Text(v) => *v,
            Scalar::Other => None,
        }
    }
}

/// Parses Prometheus's float strings: decimals, exponents, `NaN`, `+Inf`, `-Inf`.
pub fn parse_prom_float(s: &str) -> Option<f64> {
    let s = s.trim();
    match s {
        "+Inf" | "Inf" | "inf" | "+inf" => Some(f64::INFINITY),
        "-Inf" | "-inf" => Some(f64::NEG_INFINITY),
        "NaN" | "nan" => Some(f64::NAN),
        _ if s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')) => s.parse().ok(),
        _ => None,
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient(d)
    }
}

impl Lenient for Scalar {
    const EXPECTING: &'static str = "a number or a numeric string";
    const OTHER: Self = Scalar::Other;
    fn from_f64(v: f64) -> Self {
        Scalar::Num(v)
    }
    fn from_i64(v: i64) -> Self {
        Scalar::Num(v as f64)
    }
    fn from_u64(v: u64) -> Self {
        Scalar::Num(v as f64)
    }
    fn from_text(v: &str) -> Self {
        Scalar::Text(parse_prom_float(v))
    }
}

/// A `[time, "value"]` pair, or `None` when the entry is malformed.
struct MaybePoint(Option<(i64, f64)>);

impl<'de> Deserialize<'de> for MaybePoint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient(d)
    }
}

impl Lenient for MaybePoint {
    const EXPECTING: &'static str = "a [time, value] pair";
    const OTHER: Self = MaybePoint(None);
    fn from_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let t = seq.next_element::<Scalar>()?;
        let v = seq.next_element::<Scalar>()?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        let point = match (t, v) {
            (Some(Scalar::Num(t)), Some(v)) => ms_from_seconds(t).zip(v.as_f64()),
            _ => None,
        };
        Ok(MaybePoint(point))
    }
}

/// A value read from any JSON without failing: each implementation states
/// what it accepts, and every other kind of value (and `null`, and booleans,
/// which none accepts) becomes [`Lenient::OTHER`], arrays and objects being
/// skipped whole. Read through [`lenient`].
trait Lenient: Sized {
    /// What is expected, for serde's messages.
    const EXPECTING: &'static str;
    /// The value of anything not accepted.
    const OTHER: Self;
    /// An object.
    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Self::OTHER)
    }
    /// An array.
    fn from_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Self::OTHER)
    }
    /// A float.
    fn from_f64(_: f64) -> Self {
        Self::OTHER
    }
    /// A negative integer (or one read as signed).
    fn from_i64(_: i64) -> Self {
        Self::OTHER
    }
    /// A non-negative integer.
    fn from_u64(_: u64) -> Self {
        Self::OTHER
    }
    /// A string.
    fn from_text(_: &str) -> Self {
        Self::OTHER
    }
}

/// Reads a [`Lenient`] value.
fn lenient<'de, T: Lenient, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(LenientVisitor(PhantomData))
}

/// The one visitor of all [`Lenient`] values.
struct LenientVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for LenientVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::from_seq(seq)
    }
    fn visit_f64<E>(self, v: f64) -> Result<T, E> {
        Ok(T::from_f64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<T, E> {
        Ok(T::from_i64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<T, E> {
        Ok(T::from_u64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<T, E> {
        Ok(T::from_text(v))
    }
    fn visit_bool<E>(self, _: bool) -> Result<T, E> {
        Ok(T::OTHER)
    }
    fn visit_unit<E>(self) -> Result<T, E> {
        Ok(T::OTHER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_values_take_what_they_accept_and_skip_the_rest() {
        let others = r#"true, null, [1, [2]], {"a": {"b": 1}}"#;
        let scalars: Vec<Scalar> = serde_json::from_str(&format!(r#"[1.5, -2, 3, "+Inf", "x", {others}]"#)).unwrap();
        let inf = Scalar::Text(Some(f64::INFINITY));
        assert_eq!(scalars[..5], [Scalar::Num(1.5), Scalar::Num(-2.0), Scalar::Num(3.0), inf, Scalar::Text(None)]);
        assert!(scalars[5..].iter().all(|s| *s == Scalar::Other), "{scalars:?}");
        assert_eq!(scalars.len(), 9);
        let points: Vec<MaybePoint> = serde_json::from_str(&format!(
            r#"[[1, "2"], [1.5, 2, {{"x": []}}], ["1", "2"], [1], 1.5, -2, 3, "x", {others}]"#
        ))
        .unwrap();
        let points: Vec<Option<(i64, f64)>> = points.into_iter().map(|p| p.0).collect();
        assert_eq!(points[..2], [Some((1000, 2.0)), Some((1500, 2.0))]);
        assert!(points[2..].iter().all(Option::is_none), "{points:?}");
        assert_eq!(points.len(), 12);
        let series: Vec<MaybeSeries> =
            serde_json::from_str(&format!(r#"[{{"metric": {{"a": "b"}}}}, [1, "2"], 1.5, -1, 1, "x", {others}]"#))
                .unwrap();
        let series: Vec<bool> = series.iter().map(|s| s.0.is_some()).collect();
        assert_eq!(
            series,
            [true, false, false, false, false, false, false, false, false, true],
            "any object is a series"
        );
    }

    fn fixture(name: &str) -> String {
        let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn recorded_range_response_parses() {
        let r = parse_range(200, &fixture("query_range_p99.json")).unwrap();
        assert!(!r.series.is_empty());
        let s = &r.series[0];
        assert_eq!(s.t_ms.len(), s.values.len());
        assert!(s.t_ms.len() > 10, "{} points", s.t_ms.len());
        assert!(s.t_ms.windows(2).all(|w| w[0] < w[1]));
        assert!(s.values.iter().any(|v| v.is_finite() && *v > 0.0));
        assert_eq!(r.stats, ParseStats::default());
    }

    #[test]
    fn recorded_exemplar_response_parses() {
        let r = parse_exemplars(200, &fixture("query_exemplars.json")).unwrap();
        assert!(r.exemplars.len() > 10, "{} exemplars", r.exemplars.len());
        for e in &r.exemplars {
            let id = e.labels.get("trace_id").unwrap_or("");
            assert_eq!(id.len(), 32, "{e:?}");
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
            assert!(e.series_labels.contains_key("le"));
            assert!(e.value.is_finite());
        }
        assert!(r.exemplars.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    }

    #[test]
    fn recorded_bad_data_error_keeps_type_and_text() {
        let err = parse_range(400, &fixture("query_range_bad_data.json")).unwrap_err();
        match err {
            ApiError::Prometheus { status, error_type, error } => {
                assert_eq!(status, 400);
                assert_eq!(error_type, "bad_data");
                assert!(error.contains("parse error"), "{error}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn special_values_and_timestamp_forms() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[
            [1.5,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,"1e-07"],[5,"1e+21"],[6.25,"0.5"]]}]}}"#;
        let r = parse_range(200, body).unwrap();
        let s = &r.series[0];
        assert_eq!(s.t_ms, [1500, 2000, 3000, 4000, 5000, 6250]);
        assert!(s.values[0].is_nan());
        assert_eq!(s.values[1], f64::INFINITY);
        assert_eq!(s.values[2], f64::NEG_INFINITY);
        assert_eq!(s.values[3], 1e-7);
        assert_eq!(s.values[4], 1e21);
        assert_eq!(s.values[5], 0.5);
    }

    #[test]
    fn malformed_samples_are_skipped_and_counted() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[
            [1,"1"],["x","2"],[2],{"t":1},3,[3,"abc"],[4,"4",5],null,[5,null]]}]}}"#;
        let r = parse_range(200, body).unwrap();
        assert_eq!(r.series[0].t_ms, [1000, 4000]);
        assert_eq!(r.stats.bad_samples, 7);
    }

    #[test]
    fn unsorted_and_duplicate_times_are_normalised() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[
            [3,"3"],[1,"1"],[2,"2a"],[2,"2b"],[2,"2"]]}]}}"#;
        let r = parse_range(200, body).unwrap();
        assert_eq!(r.series[0].t_ms, [1000, 2000, 3000]);
        assert_eq!(r.series[0].values, [1.0, 2.0, 3.0]);
    }

    #[test]
    fn warnings_infos_and_histograms() {
        let body = r#"{"status":"success","warnings":["w1"],"infos":["input to histogram_quantile needed to be fixed for monotonicity"],
            "data":{"resultType":"matrix","result":[{"metric":{"x":"1"},"histograms":[[1,{"count":"1"}]]}]}}"#;
        let r = parse_range(200, body).unwrap();
        assert!(r.series.is_empty());
        assert_eq!(r.stats.histogram_only_series, 1);
        assert_eq!(r.notes.warnings, ["w1"]);
        assert_eq!(r.notes.infos.len(), 1);
    }

    #[test]
    fn wrong_result_type_html_and_truncation() {
        let vector = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]}]}}"#;
        assert!(
            matches!(parse_range(200, vector), Err(ApiError::Shape { ref detail, .. }) if detail.contains("vector"))
        );
        let scalar = r#"{"status":"success","data":{"resultType":"scalar","result":[1706140800,"1"]}}"#;
        assert!(
            matches!(parse_range(200, scalar), Err(ApiError::Shape { ref detail, .. }) if detail.contains("scalar"))
        );
        let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        assert!(
            matches!(parse_range(502, html), Err(ApiError::NotJson { status: 502, ref excerpt }) if excerpt.contains("502 Bad Gateway"))
        );
        assert_eq!(
            parse_range(200, r#"{"status":"success","data":{"resul"#),
            Err(ApiError::Truncated { status: 200, bytes: 34 })
        );
        assert_eq!(parse_range(204, " \n"), Err(ApiError::Empty { status: 204 }));
        assert!(matches!(parse_range(200, r#"{"status":"success"}"#), Err(ApiError::Shape { .. })));
        let err = r#"{"status":"error"}"#;
        assert!(
            matches!(parse_range(500, err), Err(ApiError::Prometheus { ref error_type, .. }) if error_type == "unknown")
        );
    }

    #[test]
    fn every_prometheus_error_type_says_what_to_do() {
        // (errorType, HTTP status Prometheus sends it with, error text, a word of the hint)
        let cases = [
            ("bad_data", 400, "1:5: parse error: unexpected <by>", "PromQL"),
            ("bad_data", 400, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)", "zoom in"),
            ("execution", 422, "query processing would load too many samples into memory in query execution", "--query.max-samples"),
            ("execution", 422, "expected type range vector in call to function \"rate\"", "argument types"),
            ("timeout", 503, "query timed out in expression evaluation", "--query.timeout"),
            ("canceled", 499, "context canceled", "next refresh"),
            ("internal", 500, "unexpected error", "log"),
            ("not_found", 404, "not found", "prometheus.url"),
            ("not_acceptable", 406, "not acceptable", "GET"),
            ("unavailable", 503, "TSDB not ready", "not ready"),
        ];
        for (error_type, status, error, hint) in cases {
            let body = serde_json::json!({"status": "error", "errorType": error_type, "error": error}).to_string();
            let message = parse_range(status, &body).map(|_| ()).map_err(|e| e.to_string());
            let Err(message) = message else { panic!("{error_type} parsed as data") };
            assert!(message.contains(error_type) && message.contains(&status.to_string()), "{message}");
            assert!(message.contains(error) && message.contains(hint), "{error_type}: {message}");
        }
    }

    #[test]
    fn answers_that_are_not_prometheus_say_who_answered() {
        for (status, hint) in [(200, "base URL"), (401, "prometheus.headers"), (404, "path prefix"), (502, "proxy")] {
            let message = parse_range(status, "<html>nginx</html>").map(|_| ()).map_err(|e| e.to_string());
            assert!(message.as_ref().is_err_and(|m| m.contains(hint) && m.contains("nginx")), "{message:?}");
        }
    }

    #[test]
    fn exemplar_edge_cases() {
        assert_eq!(parse_exemplars(204, "").unwrap().exemplars.len(), 0);
        assert_eq!(parse_exemplars(200, r#"{"status":"success","data":null}"#).unwrap().exemplars.len(), 0);
        assert_eq!(parse_exemplars(200, r#"{"status":"success","data":[]}"#).unwrap().exemplars.len(), 0);
        let body = r#"{"status":"success","data":[{"seriesLabels":{"le":"0.5"},"exemplars":[
            {"labels":{},"value":"0.4","timestamp":1706140800.123},
            {"labels":{"trace_id":"ab"},"value":"x","timestamp":1},
            {"labels":{"trace_id":"cd"},"value":"1","timestamp":"nope"},
            {"labels":{"trace_id":"ef"},"value":2,"timestamp":1706140799}]}]}"#;
        let r = parse_exemplars(200, body).unwrap();
        assert_eq!(r.stats.bad_exemplars, 2);
        assert_eq!(r.exemplars.len(), 2);
        assert_eq!(r.exemplars[0].t_ms, 1_706_140_799_000);
        assert_eq!(r.exemplars[1].t_ms, 1_706_140_800_123);
        assert!(r.exemplars[1].labels.is_empty());
    }

    #[test]
    fn float_strings() {
        assert_eq!(parse_prom_float("1e-07"), Some(1e-7));
        assert_eq!(parse_prom_float(" 2.5 "), Some(2.5));
        assert_eq!(parse_prom_float("infinity"), None);
        assert_eq!(parse_prom_float(""), None);
        assert_eq!(parse_prom_float("0x10"), None);
    }
}
