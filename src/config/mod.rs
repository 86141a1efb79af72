//! Panel configuration: the public JSON contract (camelCase, Grafana's names).
//!
//! Parsing never panics: [`PanelConfig::from_json`] returns a [`ConfigError`]
//! that carries the line and column of malformed input, and
//! [`PanelConfig::validate`] checks what serde cannot (an empty target list, a
//! bad time expression, a bad URL scheme).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::select::sample::Sampler;

use crate::import::panel::{apply_panel_import, import_panel, ExplicitPanelFields, PanelImportError};
use crate::import::provisioning::{apply_import, parse_provisioning, ExplicitFields, ImportError};
use crate::time::{parse_time_expr, TimeExprError};

/// The demo's config (`www/demo-config.json`): the standalone app's default.
pub const DEMO_CONFIG_JSON: &str = include_str!("../../www/demo-config.json");

/// Errors in a panel configuration, each with enough context to fix it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// The text is not valid JSON, or a field has the wrong type.
    #[error("config is not valid: {message} (line {line}, column {column})")]
    Syntax {
        /// serde_json's description of the problem.
        message: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// `targets` is empty, or every target is hidden.
    #[error("config has no visible target: add one to `targets`, e.g. {{\"refId\": \"A\", \"expr\": \"up\"}}")]
    NoTargets,
    /// A target has an empty `expr`.
    #[error("target {ref_id} has an empty `expr`")]
    EmptyExpr {
        /// The target's refId.
        ref_id: String,
    },
    /// `time.from` or `time.to` cannot be parsed.
    #[error("`time.{field}` is not a time: {source}")]
    Time {
        /// `from` or `to`.
        field: &'static str,
        /// What was wrong with it.
        source: TimeExprError,
    },
    /// `prometheus.url` is neither empty (same origin) nor an http(s) URL.
    #[error("`prometheus.url` must be empty (same origin) or start with http:// or https://, got {0:?}")]
    PrometheusUrl(String),
    /// `prometheus.url` carries a user name or password (not shown: it may be a secret).
    #[error(
        "`prometheus.url` must not hold a user name or password (browsers refuse them, and the URL is shown in \
         messages): put them in `prometheus.headers`, e.g. \"Authorization\": \"Basic <base64 of user:password>\""
    )]
    PrometheusUrlCredentials,
    /// `grafanaDatasources` cannot be imported.
    #[error("`grafanaDatasources`: {0}")]
    GrafanaImport(#[from] ImportError),
    /// The Grafana panel import failed.
    #[error(transparent)]
    GrafanaPanel(#[from] PanelImportError),
    /// A `prometheus.headers` entry the browser would refuse (the value is never shown: it may be a secret).
    #[error(
        "`prometheus.headers`: {name:?} {problem}; a header name is letters, digits and !#$%&'*+-.^_`|~, and a \
         value has no line breaks and no characters beyond U+00FF"
    )]
    Header {
        /// The header's name.
        name: String,
        /// What is wrong, without the value.
        problem: &'static str,
    },
    /// The host gave something that is neither an object nor a JSON string.
    #[error("the config must be an object or a JSON string")]
    NotAnObject,
    /// The host could not get the config text (the element's `src` failed): its message, as is.
    #[error("{0}")]
    Unavailable(String),
    /// A duration field (e.g. `scrapeInterval`) cannot be parsed.
    #[error("`{field}` is not a duration like 15s or 1m: {value:?}")]
    Duration {
        /// The field name.
        field: &'static str,
        /// The value given.
        value: String,
    },
}

/// HTTP method for Prometheus queries. POST sends a form body (Grafana's default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// Form-encoded POST: no URL length limit.
    #[default]
    Post,
    /// Query string GET.
    Get,
}

impl HttpMethod {
    /// `POST` or `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Get => "GET",
        }
    }
}

/// Where Prometheus is and how to talk to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PrometheusConfig {
    /// Base URL, e.g. `http://localhost:9090`. Empty means same origin
    /// (behind the Trunk proxy or a reverse proxy).
    pub url: String,
    /// POST (default) or GET.
    pub method: HttpMethod,
    /// Extra request headers. Never sent anywhere but Prometheus, never logged.
    pub headers: BTreeMap<String, String>,
    /// How long one refresh may wait for Prometheus (`30s`, `2m`); empty: 30s.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub timeout: String,
}

/// The client timeout when `prometheus.timeout` is empty (Grafana's default too).
pub const DEFAULT_TIMEOUT_MS: i64 = 30_000;

impl PrometheusConfig {
    /// Checks `headers` as fetch() would (the Fetch standard's header name
    /// and value rules): a browser throws on a bad one, and a throw inside
    /// wasm would take the panel down.
    pub fn check_headers(&self) -> Result<(), ConfigError> {
        let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        for (name, value) in &self.headers {
            let problem = if name.is_empty() || !name.chars().all(tchar) {
                "is not a valid header name"
            } else if value.chars().any(|c| matches!(c, '\0' | '\r' | '\n') || u32::from(c) > 0xFF) {
                "has a value the browser refuses"
            } else {
                continue;
            };
            return Err(ConfigError::Header { name: name.clone(), problem });
        }
        Ok(())
    }

    /// The client timeout in ms: `timeout`, else [`DEFAULT_TIMEOUT_MS`].
    pub fn timeout_ms(&self) -> Result<i64, ConfigError> {
        let t = self.timeout.trim();
        if t.is_empty() {
            return Ok(DEFAULT_TIMEOUT_MS);
        }
        match crate::time::parse_duration_ms(t) {
            Some(ms) if ms >= 100 => Ok(ms),
            _ => Err(ConfigError::Duration { field: "prometheus.timeout", value: self.timeout.clone() }),
        }
    }
}

/// One query of the panel (Grafana's target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// Short id, e.g. `A`.
    #[serde(default)]
    pub ref_id: String,
    /// PromQL, e.g. `histogram_quantile(0.99, sum(rate(x_bucket[$__rate_interval])) by (le))`.
    pub expr: String,
    /// `{{label}}` template for series names; empty gives `name{k="v"}`.
    #[serde(default)]
    pub legend_format: String,
    /// Fetch exemplars for this query.
    #[serde(default = "default_true")]
    pub exemplar: bool,
    /// Do not run or draw this target.
    #[serde(default)]
    pub hide: bool,
    /// Minimum step for this target (Grafana's query "Min step"), e.g. `1m`
    /// or `>1m`; empty: the panel's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub interval: String,
}

fn default_true() -> bool {
    true
}

/// The exemplar filters as typed (texts, so a URL or a config keeps them
/// exactly): see [`crate::select::filter::ExemplarFilter::from_config`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterConfig {
    /// Keep values ≥ this: a number in the panel's unit, or (unit `s`) `250ms`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub min_value: String,
    /// Keep only exemplars above their series' line.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub above_line: bool,
    /// Label matchers, e.g. `route="/api/pay", status!="500"`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub labels: String,
}

impl FilterConfig {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What a viewer changed on a panel without editing its config: the range
/// (picker, zoom), auto-refresh, theme, "all exemplars" and the filters. The
/// standalone app writes [`PanelConfig::with_view`] into its URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewOverrides {
    /// Replaces `time`.
    pub time: Option<TimeConfig>,
    /// Replaces `refresh`.
    pub refresh: Option<String>,
    /// Replaces `theme`.
    pub theme: Option<ThemeChoice>,
    /// Draw every exemplar (replaces `exemplarSampling` with `all`).
    pub show_all: bool,
    /// Replaces `filters`.
    pub filters: Option<FilterConfig>,
}

/// The time range, as Grafana-style expressions (`now-1h`, `now`) or epoch ms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeConfig {
    /// Start, e.g. `now-1h`.
    pub from: String,
    /// End, e.g. `now`.
    pub to: String,
}

impl Default for TimeConfig {
    fn default() -> Self {
        Self { from: "now-15m".into(), to: "now".into() }
    }
}

/// One row of Grafana's `exemplarTraceIdDestinations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TraceDestination {
    /// The exemplar label whose value is the trace id, e.g. `trace_id`.
    pub name: String,
    /// URL template, e.g. `http://jaeger:16686/trace/${__value.raw}`.
    pub url: String,
    /// A datasource uid to resolve through `datasources` (instead of `url`).
    pub datasource_uid: String,
    /// Link title; defaults to `Go to <url>`.
    pub url_display_label: String,
}

/// One row of the datasource table: resolves a destination's `datasourceUid`
/// to a trace URL without Grafana (see [`crate::links`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Datasource {
    /// The uid destinations refer to.
    pub uid: String,
    /// Display name, used in the default link title "Query with <name>".
    pub name: String,
    /// `jaeger`, `zipkin`, `tempo`, `grafana`, or anything else (then `url` is a template).
    #[serde(rename = "type")]
    pub kind: String,
    /// The backend's base URL (for `grafana`: Grafana's base URL).
    pub url: String,
    /// For `tempo`: open traces in this Grafana's Explore instead of Tempo's API.
    pub grafana_url: String,
    /// For `grafana` (and `tempo` with `grafanaUrl`): the tracing datasource's
    /// uid inside that Grafana; defaults to `uid`.
    pub grafana_datasource_uid: String,
}

impl Datasource {
    /// A `tempo` entry with `grafanaUrl`: its links open in Grafana's Explore.
    pub fn opens_in_grafana(&self) -> bool {
        self.kind == "tempo" && !self.grafana_url.trim().is_empty()
    }
}

/// The colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    /// Follow the browser's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// How values are formatted on the y axis and in the tooltip.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Plain numbers with SI-ish short form.
    #[default]
    #[serde(rename = "short")]
    Short,
    /// Seconds, shown as µs/ms/s/min.
    #[serde(rename = "s")]
    Seconds,
}

/// The whole panel configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PanelConfig {
    /// Panel title.
    pub title: String,
    /// Prometheus connection.
    pub prometheus: PrometheusConfig,
    /// Queries.
    pub targets: Vec<Target>,
    /// Time range.
    pub time: TimeConfig,
    /// Trace link destinations (Grafana's `exemplarTraceIdDestinations`).
    pub exemplar_trace_id_destinations: Vec<TraceDestination>,
    /// Resolves `datasourceUid` in destinations.
    pub datasources: Vec<Datasource>,
    /// Prometheus scrape interval (Grafana's datasource `timeInterval`), the
    /// minimum step and the base of `$__rate_interval`. Default `15s`.
    pub scrape_interval: String,
    /// Value unit: `s` or `short`.
    pub unit: Unit,
    /// Grafana's `maxDataPoints`; unset (or 0): the plot width in CSS px.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_data_points: Option<u32>,
    /// The panel's minimum interval (Grafana's query option "Min interval"),
    /// e.g. `1m` or `>1m`; empty: `scrapeInterval`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub interval: String,
    /// Which exemplars are drawn: `outliers` (default), `grafana` or `all`
    /// (see [`crate::select::sample`]).
    pub exemplar_sampling: Sampler,
    /// The exemplar filters, as typed.
    #[serde(skip_serializing_if = "FilterConfig::is_empty")]
    pub filters: FilterConfig,
    /// Show the panel's toolbar (time range, zoom, refresh, theme).
    pub toolbar: bool,
    /// Auto-refresh interval (`5s`, `1m`, …); empty or `off` for none. A
    /// refresh never starts while a query is in flight.
    pub refresh: String,
    /// `auto` (follows `prefers-color-scheme`), `light` or `dark`.
    pub theme: ThemeChoice,
    /// The text of a Grafana datasources provisioning file (YAML or JSON): fills
    /// `prometheus`, `scrapeInterval`, the destinations and the datasource table
    /// where this config leaves them open (see [`crate::import::provisioning`]).
    pub grafana_datasources: String,
    /// A Grafana dashboard panel (or dashboard, or its JSON text) whose queries
    /// and query options fill what this config leaves open (see
    /// [`crate::import::panel`]).
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub grafana_panel: serde_json::Value,
    /// What the Grafana import filled in, one line each (not serialized).
    #[serde(skip)]
    pub imported: Vec<String>,
    /// Fields of the config text that no part of the config knows, as paths
    /// (`prometheus.timout`): ignored, and shown as warnings (not serialized).
    #[serde(skip)]
    pub unknown_fields: Vec<String>,
}

impl Default for PanelConfig {
    fn default() -> Self {
        Self {
            title: String::new(),
            prometheus: PrometheusConfig::default(),
            targets: Vec::new(),
            time: TimeConfig::default(),
            exemplar_trace_id_destinations: Vec::new(),
            datasources: Vec::new(),
            scrape_interval: "15s".into(),
            unit: Unit::Short,
            max_data_points: None,
            interval: String::new(),
            exemplar_sampling: Sampler::default(),
            filters: FilterConfig::default(),
            toolbar: true,
            refresh: String::new(),
            theme: ThemeChoice::Auto,
            grafana_datasources: String::new(),
            grafana_panel: serde_json::Value::Null,
            imported: Vec::new(),
            unknown_fields: Vec::new(),
        }
    }
}

impl PanelConfig {
    /// Parses a config JSON text, applies its Grafana import, and validates it.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let syntax = |e: serde_json::Error| ConfigError::Syntax {
            message: serde_message(&e.to_string()),
            line: e.line(),
            column: e.column(),
        };
        // serde_ignored reports the fields serde skips: a typo must not pass silently.
        let mut unknown = Vec::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let mut config: Self =
            serde_ignored::deserialize(&mut de, |path| unknown.push(path.to_string())).map_err(syntax)?;
        de.end().map_err(syntax)?;
        config.unknown_fields = unknown;
        let imports = !config.grafana_datasources.trim().is_empty() || !config.grafana_panel.is_null();
        // Which fields the user set: an import must not override them.
        let raw: serde_json::Value =
            if imports { serde_json::from_str(text).map_err(syntax)? } else { serde_json::Value::Null };
        if !config.grafana_panel.is_null() {
            let explicit = ExplicitPanelFields {
                title: raw.get("title").is_some(),
                targets: raw.get("targets").and_then(|t| t.as_array()).is_some_and(|t| !t.is_empty()),
                max_data_points: raw.get("maxDataPoints").is_some(),
                interval: raw.get("interval").is_some(),
            };
            let import = import_panel(&config.grafana_panel)?;
            let lines = apply_panel_import(&mut config, &import, explicit);
            config.imported.extend(lines);
        }
        if !config.grafana_datasources.trim().is_empty() {
            let explicit = ExplicitFields {
                prometheus_url: raw.pointer("/prometheus/url").is_some(),
                prometheus_method: raw.pointer("/prometheus/method").is_some(),
                scrape_interval: raw.get("scrapeInterval").is_some(),
            };
            let import = parse_provisioning(&config.grafana_datasources)?;
            let lines = apply_import(&mut config, &import, explicit);
            config.imported.extend(lines);
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks what the types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.visible_targets().next().is_none() {
            return Err(ConfigError::NoTargets);
        }
        if let Some(t) = self.visible_targets().find(|t| t.expr.trim().is_empty()) {
            return Err(ConfigError::EmptyExpr { ref_id: t.ref_id.clone() });
        }
        parse_time_expr(&self.time.from, 0).map_err(|source| ConfigError::Time { field: "from", source })?;
        parse_time_expr(&self.time.to, 0).map_err(|source| ConfigError::Time { field: "to", source })?;
        let url = self.prometheus.url.trim();
        let lower = url.to_ascii_lowercase();
        if !url.is_empty() && !lower.starts_with("http://") && !lower.starts_with("https://") {
            return Err(ConfigError::PrometheusUrl(url.to_string()));
        }
        // `https://user:pass@host`: fetch() refuses it, and the URL would be shown in messages.
        let authority = url.split_once("//").map_or("", |(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""));
        if authority.contains('@') {
            return Err(ConfigError::PrometheusUrlCredentials);
        }
        self.scrape_interval_ms()?;
        self.refresh_ms()?;
        self.prometheus.timeout_ms()?;
        self.prometheus.check_headers()?;
        self.min_interval_ms()?;
        for t in &self.targets {
            min_interval_ms("targets[].interval", &t.interval)?;
        }
        Ok(())
    }

    /// The auto-refresh interval in ms; `None` when off.
    pub fn refresh_ms(&self) -> Result<Option<i64>, ConfigError> {
        let r = self.refresh.trim();
        if r.is_empty() || r.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        match crate::time::parse_duration_ms(r) {
            Some(ms) if ms >= 1000 => Ok(Some(ms)),
            _ => Err(ConfigError::Duration { field: "refresh", value: self.refresh.clone() }),
        }
    }

    /// Targets that are not hidden, in config order.
    pub fn visible_targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| !t.hide)
    }

    /// The scrape interval in ms.
    pub fn scrape_interval_ms(&self) -> Result<i64, ConfigError> {
        crate::time::parse_duration_ms(&self.scrape_interval)
            .filter(|ms| *ms > 0)
            .ok_or_else(|| ConfigError::Duration { field: "scrapeInterval", value: self.scrape_interval.clone() })
    }

    /// This config with a viewer's changes applied.
    pub fn with_view(&self, view: &ViewOverrides) -> PanelConfig {
        let mut c = self.clone();
        if let Some(time) = &view.time {
            c.time = time.clone();
        }
        if let Some(refresh) = &view.refresh {
            c.refresh = refresh.clone();
        }
        if let Some(theme) = view.theme {
            c.theme = theme;
        }
        if view.show_all {
            c.exemplar_sampling = Sampler::All;
        }
        if let Some(filters) = &view.filters {
            c.filters = filters.clone();
        }
        c
    }

    /// The panel's minimum interval in ms, when set.
    pub fn min_interval_ms(&self) -> Result<Option<i64>, ConfigError> {
        min_interval_ms("interval", &self.interval)
    }

    /// Fills empty `refId`s with A, B, C… as Grafana does.
    pub fn with_ref_ids(mut self) -> Self {
        let mut next = b'A';
        for t in &mut self.targets {
            if t.ref_id.is_empty() {
                t.ref_id = char::from(next).to_string();
            }
            next = next.saturating_add(1).min(b'Z');
        }
        self
    }
}

/// A Grafana min-interval text (`1m`, `>1m`; empty for none) in ms.
pub fn min_interval_ms(field: &'static str, text: &str) -> Result<Option<i64>, ConfigError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    crate::time::parse_duration_ms(t.strip_prefix('>').unwrap_or(t).trim())
        .filter(|ms| *ms > 0)
        .map(Some)
        .ok_or_else(|| ConfigError::Duration { field, value: text.to_string() })
}

/// Merges a partial config `patch` into `base` (both JSON): objects key by
/// key, anything else replaces. The JS handle's `update()` uses it.
pub fn merge_json(base: &mut serde_json::Value, patch: serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                merge_json(b.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, p) => *b = p,
    }
}

/// serde_json's message without its " at line L column C" (reported apart) and without the
/// text of a wrongly typed string, which may be a secret (`"headers": "Bearer …"`).
pub(crate) fn serde_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message),
        None => message,
    };
    redact_strings(message)
}

/// serde's `invalid type: string "…", expected …` → `invalid type: a string, expected …`.
pub(crate) fn redact_strings(message: &str) -> String {
    // `invalid type: string "…", expected …` → `invalid type: a string, expected …`
    for lead in ["invalid type: string \"", "invalid value: string \""] {
        if let Some(start) = message.find(lead) {
            if let Some(end) = message.rfind("\", expected") {
                if end >= start + lead.len() {
                    let kind = lead.trim_end_matches(" string \"");
                    let (head, tail) = (message.get(..start), message.get(end + 1..));
                    return format!("{}{kind} a string{}", head.unwrap_or(""), tail.unwrap_or(""));
                }
            }
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_LIKE: &str = r#"{
        "title": "Request Duration",
        "prometheus": {"url": "http://localhost:9090", "method": "GET"},
        "targets": [
          {"expr": "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))", "legendFormat": "p99", "exemplar": true},
          {"expr": "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))", "legendFormat": "p95", "exemplar": true}
        ],
        "time": {"from": "now-1h", "to": "now"},
        "exemplarTraceIdDestinations": [{"name": "trace_id", "url": "http://jaeger:16686/trace/${__value.raw}", "urlDisplayLabel": "View Trace"}],
        "unit": "s"
    }"#;

    #[test]
    fn parses_the_seed_shapes() {
        let c = PanelConfig::from_json(SEED_LIKE).map(PanelConfig::with_ref_ids);
        let c = c.ok().unwrap_or_default();
        assert_eq!(c.title, "Request Duration");
        assert_eq!(c.prometheus.method, HttpMethod::Get);
        assert_eq!(c.targets.len(), 2);
        assert_eq!(c.targets[1].ref_id, "B");
        assert_eq!(c.exemplar_trace_id_destinations[0].url_display_label, "View Trace");
        assert_eq!(c.unit, Unit::Seconds);
        assert_eq!(c.scrape_interval_ms(), Ok(15_000));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = PanelConfig::from_json("{\n  \"title\": 3\n}").err();
        match err {
            Some(ConfigError::Syntax { line, column, message }) => {
                assert_eq!(line, 2);
                assert!(column > 0);
                assert!(message.contains("invalid type"), "{message}");
                assert!(!message.contains(" at line "), "{message}");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_fields_are_listed_not_fatal() {
        let text = r#"{"titel":"x","prometheus":{"timout":"5s"},"targets":[{"expr":"up","legend":"{{a}}"}],"time":{"from":"now-1h"}}"#;
        let c = PanelConfig::from_json(text).map_err(|e| e.to_string());
        assert_eq!(
            c.map(|c| c.unknown_fields),
            Ok(vec!["titel".into(), "prometheus.timout".into(), "targets.0.legend".into()])
        );
        assert_eq!(PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#).map(|c| c.unknown_fields), Ok(vec![]));
        // Trailing text is still an error.
        assert!(matches!(PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]} x"#), Err(ConfigError::Syntax { .. })));
    }

    #[test]
    fn headers_the_browser_would_refuse_are_config_errors_that_hide_the_value() {
        let with = |headers: serde_json::Value| {
            let text = serde_json::json!({"targets": [{"expr": "up"}], "prometheus": {"headers": headers}}).to_string();
            PanelConfig::from_json(&text).map(|_| ()).map_err(|e| e.to_string())
        };
        assert_eq!(with(serde_json::json!({"Authorization": "Bearer s3cret", "X-Scope-OrgID": "é"})), Ok(()));
        for (name, value) in
            [("Bad Name", "v"), ("", "v"), ("Authorization", "Bearer s3cret\nX: y"), ("A", "s3cret\u{2603}")]
        {
            let message = with(serde_json::json!({ name: value })).err().unwrap_or_default();
            assert!(message.contains("prometheus.headers") && !message.contains("s3cret"), "{name}: {message}");
        }
        // A wrong type does not echo the secret either.
        let message = with(serde_json::json!("Bearer s3cret")).err().unwrap_or_default();
        assert!(message.contains("line 1") && !message.contains("s3cret"), "{message}");
    }

    #[test]
    fn the_client_timeout_defaults_to_30s_and_is_checked() {
        let c = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#).map(|c| c.prometheus.timeout_ms());
        assert_eq!(c, Ok(Ok(30_000)));
        let c = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}],"prometheus":{"timeout":"2m"}}"#);
        assert_eq!(c.map(|c| c.prometheus.timeout_ms()), Ok(Ok(120_000)));
        for bad in ["soon", "0s", "-5s"] {
            let text = format!(r#"{{"targets":[{{"expr":"up"}}],"prometheus":{{"timeout":"{bad}"}}}}"#);
            assert!(
                matches!(PanelConfig::from_json(&text), Err(ConfigError::Duration { field: "prometheus.timeout", .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn truncated_json_is_an_error_not_a_panic() {
        assert!(matches!(PanelConfig::from_json("{\"targets\": [{\"expr\": "), Err(ConfigError::Syntax { .. })));
    }

    #[test]
    fn empty_or_hidden_targets_are_refused() {
        assert_eq!(PanelConfig::from_json("{}"), Err(ConfigError::NoTargets));
        let hidden = r#"{"targets":[{"expr":"up","hide":true}]}"#;
        assert_eq!(PanelConfig::from_json(hidden), Err(ConfigError::NoTargets));
        let empty = r#"{"targets":[{"refId":"Q","expr":"  "}]}"#;
        assert_eq!(PanelConfig::from_json(empty), Err(ConfigError::EmptyExpr { ref_id: "Q".into() }));
    }

    #[test]
    fn bad_time_and_url_and_interval_are_refused() {
        let bad_time = r#"{"targets":[{"expr":"up"}],"time":{"from":"yesterday","to":"now"}}"#;
        assert!(matches!(PanelConfig::from_json(bad_time), Err(ConfigError::Time { field: "from", .. })));
        let bad_url = r#"{"targets":[{"expr":"up"}],"prometheus":{"url":"javascript:alert(1)"}}"#;
        assert!(matches!(PanelConfig::from_json(bad_url), Err(ConfigError::PrometheusUrl(_))));
        for secret in ["http://admin:s3cret@prom:9090", "https://s3cret@prom", "http://u:s3cret@prom/?q=@"] {
            let text = format!(r#"{{"targets":[{{"expr":"up"}}],"prometheus":{{"url":"{secret}"}}}}"#);
            let e = PanelConfig::from_json(&text);
            assert_eq!(e.as_ref().err(), Some(&ConfigError::PrometheusUrlCredentials), "{secret}");
            assert!(!e.err().map(|e| e.to_string()).unwrap_or_default().contains("s3cret"));
        }
        let at_in_path = r#"{"targets":[{"expr":"up"}],"prometheus":{"url":"http://prom:9090/a@b?x=@"}}"#;
        assert!(PanelConfig::from_json(at_in_path).is_ok());
        let bad_scrape = r#"{"targets":[{"expr":"up"}],"scrapeInterval":"often"}"#;
        assert!(matches!(PanelConfig::from_json(bad_scrape), Err(ConfigError::Duration { .. })));
        for bad in ["sometimes", "100ms", "-5s"] {
            let text = format!(r#"{{"targets":[{{"expr":"up"}}],"refresh":"{bad}"}}"#);
            assert!(
                matches!(PanelConfig::from_json(&text), Err(ConfigError::Duration { field: "refresh", .. })),
                "{bad}"
            );
        }
        let bad_theme = r#"{"targets":[{"expr":"up"}],"theme":"purple"}"#;
        assert!(matches!(PanelConfig::from_json(bad_theme), Err(ConfigError::Syntax { .. })));
    }

    #[test]
    fn the_demo_config_is_valid() {
        let c = PanelConfig::from_json(DEMO_CONFIG_JSON).unwrap();
        assert_eq!(c.targets.len(), 3);
        assert_eq!(c.prometheus.url, "", "same origin, through the Trunk proxy");
    }

    #[test]
    fn grafana_datasources_fill_what_the_config_leaves_open() {
        let yaml = "datasources:\n  - name: P\n    type: prometheus\n    url: http://p:9090\n    jsonData:\n      timeInterval: 5s\n      exemplarTraceIdDestinations:\n        - name: trace_id\n          datasourceUid: tempo\n  - name: Tempo\n    uid: tempo\n    type: tempo\n    url: http://tempo:3200\n";
        let text = serde_json::json!({
            "targets": [{"expr": "up"}],
            "scrapeInterval": "1s",
            "grafanaDatasources": yaml,
        })
        .to_string();
        let c = PanelConfig::from_json(&text).unwrap();
        assert_eq!(c.prometheus.url, "http://p:9090");
        assert_eq!(c.scrape_interval, "1s", "set explicitly, so kept");
        assert_eq!(c.exemplar_trace_id_destinations[0].datasource_uid, "tempo");
        assert_eq!(c.datasources[0].kind, "tempo");
        assert_eq!(c.imported.len(), 3, "{:?}", c.imported);
        let broken =
            serde_json::json!({"targets": [{"expr": "up"}], "grafanaDatasources": "datasources:\n - [\n"}).to_string();
        assert!(matches!(PanelConfig::from_json(&broken), Err(ConfigError::GrafanaImport(ImportError::Syntax { .. }))));
    }

    #[test]
    fn merge_patches_objects_and_replaces_the_rest() {
        let mut base = serde_json::json!({"time": {"from": "now-1h", "to": "now"}, "targets": [1, 2], "title": "a"});
        merge_json(&mut base, serde_json::json!({"time": {"from": "now-5m"}, "targets": [3], "refresh": "5s"}));
        assert_eq!(
            base,
            serde_json::json!({"time": {"from": "now-5m", "to": "now"}, "targets": [3], "title": "a", "refresh": "5s"})
        );
    }

    #[test]
    fn a_config_survives_a_json_round_trip() {
        let c = PanelConfig::from_json(DEMO_CONFIG_JSON).unwrap();
        let again = PanelConfig::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(c, again);
    }

    #[test]
    fn defaults_are_grafanas() {
        let c = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#).unwrap_or_default();
        assert_eq!(c.prometheus.method, HttpMethod::Post);
        assert!(c.targets[0].exemplar);
        assert_eq!(c.time.from, "now-15m");
        assert_eq!(c.refresh_ms(), Ok(None));
        assert_eq!(c.theme, ThemeChoice::Auto);
        let every = PanelConfig { refresh: "30s".into(), ..c };
        assert_eq!(every.refresh_ms(), Ok(Some(30_000)));
    }

    #[test]
    fn a_grafana_panel_fills_the_queries() {
        let seed = crate::import::panel::tests::SEED_DASHBOARD;
        let text = format!(r#"{{"prometheus": {{"url": "http://p:9090"}}, "grafanaPanel": {seed}}}"#);
        let c = PanelConfig::from_json(&text).unwrap();
        assert_eq!(c.title, "Request Duration");
        let refs: Vec<&str> = c.targets.iter().map(|t| t.ref_id.as_str()).collect();
        assert_eq!(refs, ["A", "B"]);
        assert!(c.imported.iter().any(|l| l.starts_with("not used: ")), "{:?}", c.imported);
        // As a JSON text too, and a broken one is an error with its position.
        let as_text = serde_json::json!({"grafanaPanel": seed}).to_string();
        assert_eq!(PanelConfig::from_json(&as_text).map(|c| c.targets.len()), Ok(2));
        let broken = serde_json::json!({"grafanaPanel": "{\"panels\": ["}).to_string();
        assert!(matches!(
            PanelConfig::from_json(&broken),
            Err(ConfigError::GrafanaPanel(PanelImportError::Syntax { .. }))
        ));
    }

    #[test]
    fn a_view_overrides_only_what_it_sets_and_survives_json() {
        let base = PanelConfig::from_json(DEMO_CONFIG_JSON).unwrap();
        assert_eq!(base.with_view(&ViewOverrides::default()), base);
        let view = ViewOverrides {
            time: Some(TimeConfig { from: "1000".into(), to: "2000".into() }),
            refresh: Some("30s".into()),
            theme: Some(ThemeChoice::Dark),
            show_all: true,
            filters: Some(FilterConfig {
                min_value: "250ms".into(),
                above_line: true,
                labels: "route=\"/pay\"".into(),
            }),
        };
        let c = base.with_view(&view);
        assert_eq!((c.time.from.as_str(), c.refresh.as_str(), c.theme), ("1000", "30s", ThemeChoice::Dark));
        assert_eq!(c.exemplar_sampling, Sampler::All);
        assert_eq!(c.targets, base.targets);
        let again = PanelConfig::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c, "the URL form round-trips");
    }
}
