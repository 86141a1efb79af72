//! The validated spec: a [`PanelConfig`] parsed once into typed values.
//!
//! Rules:
//! - the JSON contract keeps users' strings (`"15s"`, `"now-1h"`, `" http://p:9090/ "`);
//!   [`Spec::parse`] turns them into durations in ms, parsed [`TimeExpr`]s, a
//!   checked base URL and checked headers, or the first [`ConfigError`], which
//!   names the field;
//! - everything downstream (the plan, the client, the refresh timer) takes the
//!   spec and never parses a config string again;
//! - only visible targets are in the spec, in config order;
//! - the spec is the panel machine's one door to the config: the shell hands
//!   it over and never reads a config field itself, so its fields are
//!   `pub(crate)` (Cargo enforces the rule). Texts a viewer edits (the range,
//!   the refresh choice, the filters) are kept as typed, to show them back.

use std::sync::Arc;

use crate::time::{parse_duration_ms, TimeExpr};

use super::{
    ConfigError, ExemplarBox, FilterConfig, Format, HttpMethod, LegendConfig, PanelConfig, Sampler, Target,
    ThemeChoice, Thresholds, ThresholdsStyleMode, TimeConfig, YScale, DEFAULT_TIMEOUT_MS,
};

/// The earliest time a range may reach: 0001-01-01T00:00:00Z, epoch ms.
pub const MIN_TIME_MS: i64 = -62_135_596_800_000;
/// The latest time a range may reach: 9999-12-31T23:59:59.999Z, epoch ms.
/// Between the two, every sum and difference of times fits in i64 many times over.
pub const MAX_TIME_MS: i64 = 253_402_300_799_999;

/// Where the backend is and how to talk to it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Backend {
    /// `http(s)://host[:port][/path]` without a trailing `/`; empty: the page's origin.
    pub base_url: String,
    /// POST (a form body) or GET.
    pub method: HttpMethod,
    /// Request headers, checked against the Fetch rules.
    pub headers: Vec<(String, String)>,
    /// How long one refresh may wait, ms (≥ 100).
    pub timeout_ms: i64,
}

impl Backend {
    /// `<base>/api/v1/<endpoint>`; an empty base is the page's own origin.
    pub fn endpoint_url(&self, endpoint: &str) -> String {
        format!("{}/api/v1/{endpoint}", self.base_url)
    }
}

/// One visible target, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TargetSpec {
    /// Its refId (filled with A, B, … where the config left it empty).
    pub ref_id: String,
    /// PromQL, with `$__…` variables still in it.
    pub expr: String,
    /// `{{label}}` legend template.
    pub legend_format: String,
    /// Whether to ask for exemplars.
    pub exemplar: bool,
    /// The target's own min step (Grafana's "Min step"), ms.
    pub min_interval_ms: Option<i64>,
}

/// What is fetched: a change here queries again; a change elsewhere in the
/// spec (refresh, unit, sampler) or in the links never does. `Hash`: the
/// refresh schedule's phase is hashed from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuerySpec {
    /// The backend.
    pub backend: Backend,
    /// Visible targets, in config order; never empty.
    pub targets: Vec<TargetSpec>,
    /// The range's start.
    pub from: TimeExpr,
    /// The range's end.
    pub to: TimeExpr,
    /// The scrape interval, ms (> 0).
    pub scrape_interval_ms: i64,
    /// The panel's min interval, ms.
    pub min_interval_ms: Option<i64>,
    /// Grafana's `maxDataPoints` when set and > 0.
    pub max_data_points: Option<u32>,
}

/// The value axis's bounds (Grafana's `min`, `max`, `custom.axisSoftMin`,
/// `custom.axisSoftMax`): a hard bound is where the axis ends whatever the
/// data; a soft one is where it ends at least, data beyond extends it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ValueAxis {
    /// The axis's bottom.
    pub min: Option<f64>,
    /// The axis's top.
    pub max: Option<f64>,
    /// The axis reaches down to at least this.
    pub soft_min: Option<f64>,
    /// The axis reaches up to at least this.
    pub soft_max: Option<f64>,
}

/// A config, parsed once: everything the panel machine reads of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// What is fetched.
    pub(crate) query: QuerySpec,
    /// Auto-refresh, ms (≥ 1 s); `None` when off.
    pub(crate) refresh_ms: Option<i64>,
    /// The value unit and decimals.
    pub(crate) format: Format,
    /// The value axis's hard and soft bounds.
    pub(crate) axis: ValueAxis,
    /// Steps of colour by value, and how they are drawn (off: none).
    pub(crate) thresholds: Thresholds,
    /// How thresholds are drawn.
    pub(crate) thresholds_style: ThresholdsStyleMode,
    /// The legend's layout and values.
    pub(crate) legend: LegendConfig,
    /// The y axis's scale.
    pub(crate) y_scale: YScale,
    /// Which exemplars are drawn.
    pub(crate) sampler: Sampler,
    /// The panel's title.
    pub(crate) title: String,
    /// Whether the toolbar shows.
    pub(crate) toolbar: bool,
    /// Light, dark or the browser's choice.
    pub(crate) theme: ThemeChoice,
    /// The viewer's exemplar switch: none is drawn.
    pub(crate) hide_exemplars: bool,
    /// The viewer's box of exemplars.
    pub(crate) exemplar_box: Option<ExemplarBox>,
    /// The filters as typed (the machine compiles them with the unit).
    pub(crate) filters: FilterConfig,
    /// The range as typed (the toolbar shows it; the parsed one is in `query`).
    pub(crate) time: TimeConfig,
    /// The refresh choice as typed (`""`, `off`, `30s`…).
    pub(crate) refresh: String,
    /// The sync group (empty: none) and whether it syncs the range.
    pub(crate) sync: (String, bool),
    /// The whole config, for what is evaluated per exemplar (the link
    /// templates, the trace datasources), the doctor and the import notices.
    pub(crate) config: Arc<PanelConfig>,
}

impl Spec {
    /// Parses every string of `config` the pipeline needs, or says which field is wrong.
    pub fn parse(config: &PanelConfig) -> Result<Self, ConfigError> {
        Self::of(Arc::new(config.clone()))
    }

    /// [`Spec::parse`] of a shared config (no copy).
    pub fn of(config: Arc<PanelConfig>) -> Result<Self, ConfigError> {
        let visible: Vec<&Target> = config.visible_targets().collect();
        if visible.is_empty() {
            return Err(ConfigError::NoTargets);
        }
        if let Some(t) = visible.iter().find(|t| t.expr.trim().is_empty()) {
            return Err(ConfigError::EmptyExpr { ref_id: t.ref_id.clone() });
        }
        let from = TimeExpr::parse(&config.time.from).map_err(|source| ConfigError::Time { field: "from", source })?;
        let to = TimeExpr::parse(&config.time.to).map_err(|source| ConfigError::Time { field: "to", source })?;
        let base_url = parse_base_url(&config.prometheus.url)?;
        let scrape_interval_ms = parse_scrape_interval(&config.scrape_interval)?;
        let refresh_ms = parse_refresh(&config.refresh)?;
        let timeout_ms = parse_timeout(&config.prometheus.timeout)?;
        let headers = parse_headers(&config.prometheus.headers)?;
        let min_interval_ms = parse_min_interval("interval", &config.interval)?;
        let mut targets = Vec::with_capacity(visible.len());
        for t in &config.targets {
            let min_interval_ms = parse_min_interval("targets[].interval", &t.interval)?;
            if !t.hide {
                targets.push(TargetSpec {
                    ref_id: t.ref_id.clone(),
                    expr: t.expr.clone(),
                    legend_format: t.legend_format.clone(),
                    exemplar: t.exemplar,
                    min_interval_ms,
                });
            }
        }
        Ok(Self {
            query: QuerySpec {
                backend: Backend { base_url, method: config.prometheus.method, headers, timeout_ms },
                targets,
                from,
                to,
                scrape_interval_ms,
                min_interval_ms,
                max_data_points: config.max_data_points.filter(|p| *p > 0),
            },
            refresh_ms,
            format: Format { unit: config.unit.clone(), decimals: config.decimals },
            axis: ValueAxis {
                min: config.min.filter(|v| v.is_finite()),
                max: config.max.filter(|v| v.is_finite()),
                soft_min: config.soft_min.filter(|v| v.is_finite()),
                soft_max: config.soft_max.filter(|v| v.is_finite()),
            },
            thresholds: config.thresholds.clone(),
            thresholds_style: config.thresholds_style.mode,
            legend: config.legend.clone(),
            y_scale: config.scale_distribution.y_scale(),
            sampler: config.exemplar_sampling,
            title: config.title.clone(),
            toolbar: config.toolbar,
            theme: config.theme,
            hide_exemplars: config.hide_exemplars,
            exemplar_box: config.exemplar_box,
            filters: config.filters.clone(),
            time: config.time.clone(),
            refresh: config.refresh.clone(),
            sync: (config.sync_group.clone(), config.sync_time),
            config: Arc::clone(&config),
        })
    }

    /// Whether a frame built with `other` would look the same as with this
    /// one: the unit, scale, sampler, exemplar switch, box, filters and the
    /// link tables (their warnings) agree. A new range or title needs no new frame.
    pub(crate) fn draws_like(&self, other: &Spec) -> bool {
        self.format == other.format
            && self.axis == other.axis
            && self.thresholds == other.thresholds
            && self.thresholds_style == other.thresholds_style
            && self.y_scale == other.y_scale
            && self.sampler == other.sampler
            && self.hide_exemplars == other.hide_exemplars
            && self.exemplar_box == other.exemplar_box
            && self.filters == other.filters
            && self.config.exemplar_trace_id_destinations == other.config.exemplar_trace_id_destinations
            && self.config.datasources == other.config.datasources
    }

    /// The backend the config names (the standalone page's metric browser asks it too).
    pub fn backend(&self) -> &Backend {
        &self.query.backend
    }
}

/// `prometheus.url`: empty (same origin) or an http(s) URL without credentials;
/// trimmed, without its trailing `/`.
pub(super) fn parse_base_url(text: &str) -> Result<String, ConfigError> {
    let url = text.trim();
    let lower = url.to_ascii_lowercase();
    if !url.is_empty() && !lower.starts_with("http://") && !lower.starts_with("https://") {
        return Err(ConfigError::PrometheusUrl(url.to_string()));
    }
    // `https://user:pass@host`: fetch() refuses it, and the URL would be shown in messages.
    let authority = url.split_once("//").map_or("", |(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""));
    if authority.contains('@') {
        return Err(ConfigError::PrometheusUrlCredentials);
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// `scrapeInterval`: a positive duration.
pub(super) fn parse_scrape_interval(text: &str) -> Result<i64, ConfigError> {
    parse_duration_ms(text)
        .filter(|ms| *ms > 0)
        .ok_or_else(|| ConfigError::Duration { field: "scrapeInterval", value: text.to_string() })
}

/// `refresh`: empty or `off` for none, else at least one second.
pub(super) fn parse_refresh(text: &str) -> Result<Option<i64>, ConfigError> {
    let r = text.trim();
    if r.is_empty() || r.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    match parse_duration_ms(r) {
        Some(ms) if ms >= 1000 => Ok(Some(ms)),
        _ => Err(ConfigError::Duration { field: "refresh", value: text.to_string() }),
    }
}

/// `prometheus.timeout`: empty for [`DEFAULT_TIMEOUT_MS`], else at least 100 ms.
pub(super) fn parse_timeout(text: &str) -> Result<i64, ConfigError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(DEFAULT_TIMEOUT_MS);
    }
    match parse_duration_ms(t) {
        Some(ms) if ms >= 100 => Ok(ms),
        _ => Err(ConfigError::Duration { field: "prometheus.timeout", value: text.to_string() }),
    }
}

/// `prometheus.headers`, checked as fetch() would (the Fetch standard's header
/// name and value rules): a browser throws on a bad one, and a throw inside
/// wasm would take the panel down. The value is never put in the error.
pub(super) fn parse_headers(
    headers: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, ConfigError> {
    let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    let mut out = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let problem = if name.is_empty() || !name.chars().all(tchar) {
            "is not a valid header name"
        } else if value.chars().any(|c| matches!(c, '\0' | '\r' | '\n') || u32::from(c) > 0xFF) {
            "has a value the browser refuses"
        } else {
            out.push((name.clone(), value.clone()));
            continue;
        };
        return Err(ConfigError::Header { name: name.clone(), problem });
    }
    Ok(out)
}

/// A Grafana min-interval text (`1m`, `>1m`; empty for none) in ms.
pub fn parse_min_interval(field: &'static str, text: &str) -> Result<Option<i64>, ConfigError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse_duration_ms(t.strip_prefix('>').unwrap_or(t).trim())
        .filter(|ms| *ms > 0)
        .map(Some)
        .ok_or_else(|| ConfigError::Duration { field, value: text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::TimeKind;

    fn config(json: serde_json::Value) -> PanelConfig {
        serde_json::from_value(json).unwrap_or_default()
    }

    #[test]
    fn the_spec_holds_typed_values() {
        let c = config(serde_json::json!({
            "prometheus": {"url": " http://p:9090/ ", "timeout": "2m", "headers": {"X-Scope-OrgID": "t1"}},
            "targets": [{"refId": "A", "expr": "up", "interval": ">1m"}, {"refId": "B", "expr": "up", "hide": true}],
            "time": {"from": "now-1h", "to": "now"},
            "scrapeInterval": "5s",
            "refresh": "30s",
            "maxDataPoints": 0,
        }));
        let spec = Spec::parse(&c).map_err(|e| e.to_string());
        let refresh = spec.as_ref().ok().map(|s| s.refresh_ms);
        let spec = spec.as_ref().ok().map(|s| &s.query);
        assert_eq!(refresh, Some(Some(30_000)));
        assert_eq!(spec.map(|s| s.backend.base_url.as_str()), Some("http://p:9090"));
        assert_eq!(
            spec.map(|s| s.backend.endpoint_url("query_range")).as_deref(),
            Some("http://p:9090/api/v1/query_range")
        );
        assert_eq!(spec.map(|s| s.backend.timeout_ms), Some(120_000));
        assert_eq!(spec.map(|s| s.backend.headers.clone()), Some(vec![("X-Scope-OrgID".into(), "t1".into())]));
        assert_eq!(spec.map(|s| s.targets.len()), Some(1), "hidden targets are not in the spec");
        assert_eq!(spec.map(|s| s.targets[0].min_interval_ms), Some(Some(60_000)));
        assert_eq!(spec.map(|s| s.from.kind.clone()), Some(TimeKind::Relative { offset_ms: -3_600_000, round: None }));
        assert_eq!(spec.map(|s| (s.scrape_interval_ms, s.max_data_points)), Some((5_000, None)));
    }

    #[test]
    fn a_hidden_target_is_still_checked() {
        let c = config(serde_json::json!({
            "targets": [{"expr": "up"}, {"expr": "up", "hide": true, "interval": "often"}],
        }));
        assert!(matches!(Spec::parse(&c), Err(ConfigError::Duration { field: "targets[].interval", .. })));
    }
}
