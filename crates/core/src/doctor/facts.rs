//! Facts read from the doctor's answers, each parsed once and leniently:
//! an answer that is missing, failed, blocked by CORS or of another shape
//! gives `None` (the check then says `unknown`), never an error.
//!
//! Shapes (recorded from real servers in `tests/fixtures/doctor/`):
//! - buildinfo: Prometheus `{"data":{"version":"2.42.0+ds",…}}`;
//!   VictoriaMetrics `{"data":{}}`; Grafana Mimir
//!   `{"data":{"application":"Grafana Mimir","version":…}}` (Mimir's
//!   documented shape, written by hand in the tests);
//! - flags: `{"data":{"enable-feature":"exemplar-storage,…",…}}`;
//!   VictoriaMetrics answers 400 (`unsupported path requested`);
//! - config: `{"data":{"yaml":"…"}}`, `max_exemplars: N` under `storage: exemplars:`;
//! - tsdb: Prometheus has `headStats`; VictoriaMetrics `totalSeries`;
//! - targets: `activeTargets[]` with `labels.job`, `labels.instance`,
//!   `scrapeUrl`, `health`, `lastError`;
//! - an instant query: `{"data":{"resultType":"vector","result":[{"metric":{…},"value":[t,"v"]}]}}`.

use serde_json::Value;

use super::request::Probe;
use crate::prom::{parse_exemplars, parse_prom_float, ExemplarResult};

/// What became of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Not asked (yet).
    NotAsked,
    /// Something answered without CORS headers for this page: the browser
    /// kept the answer from the panel.
    Blocked,
    /// No usable answer (unreachable, timed out): the message says why.
    Failed(String),
    /// An answer: its HTTP status and body.
    Got {
        /// HTTP status.
        status: u16,
        /// The body, as text.
        body: String,
    },
}

impl Answer {
    /// The `data` of a `status: success` JSON answer with a 2xx status.
    pub fn data(&self) -> Option<Value> {
        let Answer::Got { status, body } = self else { return None };
        if !(200..300).contains(status) {
            return None;
        }
        let mut v: Value = serde_json::from_str(body).ok()?;
        (v.get("status")?.as_str()? == "success").then(|| v.get_mut("data").map(Value::take)).flatten()
    }
}

/// Every answer of one diagnosis, by probe.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers(pub Vec<(Probe, Answer)>);

impl Answers {
    /// The answer of `probe` ([`Answer::NotAsked`] when absent).
    pub fn get(&self, probe: Probe) -> &Answer {
        const NOT_ASKED: Answer = Answer::NotAsked;
        self.0.iter().find(|(p, _)| *p == probe).map_or(&NOT_ASKED, |(_, a)| a)
    }

    /// The endpoints whose answer the browser withheld (no CORS headers), in probe order, once each.
    pub fn blocked(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (p, a) in &self.0 {
            if *a == Answer::Blocked && !out.contains(&p.endpoint()) {
                out.push(p.endpoint());
            }
        }
        out
    }

    /// The endpoints that answered readably, once each.
    pub fn readable(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (p, a) in &self.0 {
            if matches!(a, Answer::Got { .. }) && !out.contains(&p.endpoint()) {
                out.push(p.endpoint());
            }
        }
        out
    }
}

/// Which backend answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendKind {
    /// Prometheus, with its version.
    Prometheus(String),
    /// VictoriaMetrics (no exemplar storage).
    VictoriaMetrics,
    /// Grafana Mimir, with its version.
    Mimir(String),
    /// Could not be told.
    Unknown,
}

impl BackendKind {
    /// How messages name it: `Prometheus 2.42.0`, `VictoriaMetrics`, `the backend`.
    pub fn name(&self) -> String {
        match self {
            BackendKind::Prometheus(v) if v.is_empty() => "Prometheus".into(),
            BackendKind::Prometheus(v) => format!("Prometheus {v}"),
            BackendKind::VictoriaMetrics => "VictoriaMetrics".into(),
            BackendKind::Mimir(v) if v.is_empty() => "Grafana Mimir".into(),
            BackendKind::Mimir(v) => format!("Grafana Mimir {v}"),
            BackendKind::Unknown => "the backend".into(),
        }
    }
}

/// The backend, and what told it: read from buildinfo, else from the shape
/// of `status/tsdb`, else from a 400 on `status/flags`.
pub fn backend_kind(answers: &Answers) -> (BackendKind, &'static str) {
    if let Some(data) = answers.get(Probe::BuildInfo).data() {
        let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        if text("application").contains("Mimir") {
            return (BackendKind::Mimir(text("version")), "its buildinfo names it");
        }
        if data.as_object().is_some_and(|o| o.is_empty()) {
            return (BackendKind::VictoriaMetrics, "its buildinfo is empty");
        }
        if !text("version").is_empty() {
            return (BackendKind::Prometheus(text("version")), "its buildinfo");
        }
    }
    if let Some(tsdb) = answers.get(Probe::Tsdb).data() {
        if tsdb.get("totalSeries").is_some() && tsdb.get("headStats").is_none() {
            return (BackendKind::VictoriaMetrics, "its status/tsdb has VictoriaMetrics's shape (`totalSeries`)");
        }
        if tsdb.get("headStats").is_some() {
            return (BackendKind::Prometheus(String::new()), "its status/tsdb has Prometheus's shape (`headStats`)");
        }
    }
    if let Answer::Got { status: 400, body } = answers.get(Probe::Flags) {
        if body.contains("unsupported path") {
            return (BackendKind::VictoriaMetrics, "it has no status/flags");
        }
    }
    (BackendKind::Unknown, "")
}

/// `enable-feature` of the flags: `Some(true)` when it lists `exemplar-storage`.
pub fn exemplar_feature(answers: &Answers) -> Option<bool> {
    let data = answers.get(Probe::Flags).data()?;
    let features = data.get("enable-feature")?.as_str()?;
    Some(features.split(',').any(|f| f.trim() == "exemplar-storage"))
}

/// `storage.exemplars.max_exemplars` of the config YAML, when set.
pub fn configured_max_exemplars(answers: &Answers) -> Option<u64> {
    let data = answers.get(Probe::Config).data()?;
    let yaml = data.get("yaml")?.as_str()?;
    let mut in_exemplars = false;
    for line in yaml.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("exemplars:") {
            in_exemplars = true;
        } else if in_exemplars {
            if let Some(n) = trimmed.strip_prefix("max_exemplars:") {
                return n.trim().parse().ok();
            }
        }
    }
    None
}

/// The exemplar storage gauges, as the backend's own metrics say.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StorageGauges {
    /// `prometheus_tsdb_exemplar_exemplars_in_storage`.
    pub in_storage: Option<f64>,
    /// `prometheus_tsdb_exemplar_max_exemplars`: the ring buffer's size.
    pub max: Option<f64>,
    /// The out-of-order counter's increase over 10 minutes.
    pub out_of_order_10m: Option<f64>,
}

impl StorageGauges {
    /// Whether the ring buffer is full (older exemplars are being dropped).
    pub fn full(&self) -> Option<bool> {
        match (self.in_storage, self.max) {
            (Some(n), Some(max)) if max > 0.0 => Some(n >= max),
            _ => None,
        }
    }
}

/// The storage gauges from [`Probe::Storage`] (summed over instances).
pub fn storage_gauges(answers: &Answers) -> StorageGauges {
    let mut g = StorageGauges::default();
    for (name, v) in vector(answers.get(Probe::Storage)).unwrap_or_default() {
        let slot = match name.as_str() {
            "prometheus_tsdb_exemplar_exemplars_in_storage" => &mut g.in_storage,
            "prometheus_tsdb_exemplar_max_exemplars" => &mut g.max,
            "out_of_order_increase" => &mut g.out_of_order_10m,
            _ => continue,
        };
        *slot = Some(slot.unwrap_or(0.0) + v);
    }
    g
}

/// An instant vector's samples as (`doctor` mark, else `__name__`, value); `None` unless readable.
pub fn vector(answer: &Answer) -> Option<Vec<(String, f64)>> {
    let data = answer.data()?;
    let result = data.get("result")?.as_array()?;
    Some(
        result
            .iter()
            .filter_map(|s| {
                let metric = s.get("metric")?;
                let name = metric.get("doctor").or_else(|| metric.get("__name__")).and_then(Value::as_str);
                let name = name.unwrap_or_default();
                let v = parse_prom_float(s.get("value")?.get(1)?.as_str()?)?;
                Some((name.to_string(), v))
            })
            .collect(),
    )
}

/// A parsed `query_exemplars` answer, when readable.
pub fn exemplars(answer: &Answer) -> Option<ExemplarResult> {
    let Answer::Got { status, body } = answer else { return None };
    parse_exemplars(*status, body).ok()
}

/// One scrape target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScrapeTarget {
    /// `labels.job`.
    pub job: String,
    /// `scrapeUrl`.
    pub url: String,
    /// `health`: `up`, `down` or `unknown`.
    pub health: String,
    /// `lastError`, empty when none.
    pub last_error: String,
}

/// The active scrape targets, when readable.
pub fn scrape_targets(answers: &Answers) -> Option<Vec<ScrapeTarget>> {
    let data = answers.get(Probe::Targets).data()?;
    let active = data.get("activeTargets")?.as_array()?;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    Some(
        active
            .iter()
            .map(|t| ScrapeTarget {
                job: t.get("labels").map(|l| text(l, "job")).unwrap_or_default(),
                url: text(t, "scrapeUrl"),
                health: text(t, "health"),
                last_error: text(t, "lastError"),
            })
            .collect(),
    )
}
