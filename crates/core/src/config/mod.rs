//! Panel configuration: the public JSON contract (camelCase, Grafana's names),
//! its errors, and the validated [`Spec`].
//!
//! Rules:
//! - the contract holds strings as users write them, so a config survives a
//!   JSON round trip (the app's URL state) exactly;
//! - [`Spec::parse`] is the one place those strings are parsed; errors name
//!   the field and never echo a value that may be a secret;
//! - this layer knows no Grafana: the adapters in `import/` fill pieces of a
//!   config, and the one loader (`load/`, [`PanelConfig::from_json`]) runs them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod display;
mod error;
mod exemplar_box;
mod scale;
mod spec;
mod unit;

pub use display::{
    LegendCalc, LegendConfig, LegendDisplayMode, ThresholdStep, Thresholds, ThresholdsMode, ThresholdsStyle,
    ThresholdsStyleMode,
};
pub use error::{ConfigError, ImportError, PanelImportError};
pub use exemplar_box::ExemplarBox;
pub use scale::{LogBase, ScaleDistribution, ScaleType, Threshold, YScale};
pub use spec::{Backend, QuerySpec, Spec, ValueAxis, MAX_TIME_MS, MIN_TIME_MS};
pub use unit::{Format, Unit, UnknownUnit, UNIT_IDS};

/// The demo's config (`www/demo-config.json`): the standalone app's default.
pub const DEMO_CONFIG_JSON: &str = include_str!("../../../../www/demo-config.json");

/// HTTP method for Prometheus queries. POST sends a form body (Grafana's default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Checks `headers` as fetch() would: see `Spec::parse`.
    pub fn check_headers(&self) -> Result<(), ConfigError> {
        spec::parse_headers(&self.headers).map(|_| ())
    }

    /// The client timeout in ms: `timeout`, else `DEFAULT_TIMEOUT_MS`.
    pub fn timeout_ms(&self) -> Result<i64, ConfigError> {
        spec::parse_timeout(&self.timeout)
    }
}

/// One query of the panel (Grafana's target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Replaces `scaleDistribution` (the toolbar's scale switch).
    pub scale: Option<YScale>,
    /// Replaces `hideExemplars` (the toolbar's exemplar switch).
    pub hide_exemplars: Option<bool>,
    /// Replaces `exemplarBox` (`Some(None)`: the viewer cleared it).
    pub exemplar_box: Option<Option<ExemplarBox>>,
}

/// The time range, as Grafana-style expressions (`now-1h`, `now`) or epoch ms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// to a trace URL without Grafana (see `crate::links`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Datasource {
    /// The uid destinations refer to.
    pub uid: String,
    /// Display name, used in the default link title `Query with <name>`.
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
    /// For `jaeger`, `tempo` and `zipkin`: the base URL of the API the trace
    /// preview asks, when it is not `url` (e.g. a proxy that adds CORS headers).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_url: String,
    /// Headers the trace preview sends to this datasource's API, and nowhere
    /// else; never logged.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// How long a trace preview may wait for the API (`10s`); empty: 30s.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub timeout: String,
}

impl Datasource {
    /// `headers`, checked as fetch() would (see `Spec::parse`).
    pub fn checked_headers(&self) -> Result<Vec<(String, String)>, ConfigError> {
        spec::parse_headers(&self.headers)
    }

    /// A `tempo` entry with `grafanaUrl`: its links open in Grafana's Explore.
    pub fn opens_in_grafana(&self) -> bool {
        self.kind == "tempo" && !self.grafana_url.trim().is_empty()
    }
}

/// Which exemplars are drawn (`exemplarSampling`); the samplers themselves
/// are in `select::sample`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Sampler {
    /// Ours: per series min, max and 2σ outliers per step, plus the slowest.
    #[default]
    Outliers,
    /// Grafana's σ-sampler.
    Grafana,
    /// Everything.
    All,
}

/// The colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// The whole panel configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The value unit, a Grafana unit id (`fieldConfig.defaults.unit`): `short`
    /// (default), `none`, `ns`, `µs`, `ms`, `s`, `m`, `h`, `d`, `reqps`, `rps`, `ops`,
    /// `wps`, `percent`, `percentunit`, `bytes`, `decbytes`, `bits`, `decbits`,
    /// `suffix:<text>` or `prefix:<text>`. Values scale within their family.
    pub unit: Unit,
    /// Digits after the point in every value shown (Grafana's `decimals`); unset:
    /// about three significant digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// The value axis's bottom (Grafana's `min`): exactly there, whatever the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The value axis's top (Grafana's `max`): exactly there, whatever the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The value axis reaches down to at least this (Grafana's `custom.axisSoftMin`); data below extends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soft_min: Option<f64>,
    /// The value axis reaches up to at least this (Grafana's `custom.axisSoftMax`); data above extends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soft_max: Option<f64>,
    /// Steps of colour by value (Grafana's `fieldConfig.defaults.thresholds`),
    /// drawn as `thresholdsStyle` says.
    #[serde(skip_serializing_if = "Thresholds::is_empty")]
    pub thresholds: Thresholds,
    /// How thresholds are drawn (Grafana's `custom.thresholdsStyle`): `off`, `line`, `area`, `line+area`.
    #[serde(skip_serializing_if = "ThresholdsStyle::is_off")]
    pub thresholds_style: ThresholdsStyle,
    /// The legend (Grafana's `options.legend`): `displayMode` `list` or `table`,
    /// and `calcs` (`min`, `max`, `mean`, `last`, `lastNotNull`) over the shown range.
    #[serde(skip_serializing_if = "LegendConfig::is_default")]
    pub legend: LegendConfig,
    /// The y axis's scale, as Grafana's `fieldConfig.defaults.custom.scaleDistribution`:
    /// `{"type": "linear"}` (default) or `{"type": "log", "log": 2 | 10}`. On a log
    /// scale, values ≤ 0 break the lines and their exemplars sit hollow on the bottom edge.
    #[serde(skip_serializing_if = "ScaleDistribution::is_linear")]
    pub scale_distribution: ScaleDistribution,
    /// Draw no exemplar (the viewer's switch; grafana#97124): the queries
    /// still ask for them, so switching back shows them at once.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hide_exemplars: bool,
    /// A time × value box of exemplars (the viewer's shift-drag): the table
    /// lists the exemplars inside, the dots outside are dimmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemplar_box: Option<ExemplarBox>,
    /// Panels on one page with the same group share the hovered time (a
    /// crosshair); empty: none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sync_group: String,
    /// With `syncGroup`: panels of the group also share the time range (a zoom
    /// or a picker change in one moves all).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sync_time: bool,
    /// Grafana's `maxDataPoints`; unset (or 0): the plot width in CSS px.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_data_points: Option<u32>,
    /// The panel's minimum interval (Grafana's query option "Min interval"),
    /// e.g. `1m` or `>1m`; empty: `scrapeInterval`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub interval: String,
    /// Which exemplars are drawn: `outliers` (default), `grafana` or `all`
    /// (see `crate::select::sample`).
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
    /// where this config leaves them open (see `crate::import::provisioning`).
    pub grafana_datasources: String,
    /// A Grafana dashboard panel (or dashboard, or its JSON text) whose queries
    /// and query options fill what this config leaves open (see
    /// `crate::import::panel`).
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
            decimals: None,
            min: None,
            max: None,
            soft_min: None,
            soft_max: None,
            thresholds: Thresholds::default(),
            thresholds_style: ThresholdsStyle::default(),
            legend: LegendConfig::default(),
            scale_distribution: ScaleDistribution::default(),
            hide_exemplars: false,
            exemplar_box: None,
            sync_group: String::new(),
            sync_time: false,
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
    /// Checks what the types alone cannot: `Spec::parse`, keeping only the verdict.
    pub fn validate(&self) -> Result<(), ConfigError> {
        Spec::parse(self).map(|_| ())
    }

    /// The auto-refresh interval in ms; `None` when off.
    pub fn refresh_ms(&self) -> Result<Option<i64>, ConfigError> {
        spec::parse_refresh(&self.refresh)
    }

    /// Targets that are not hidden, in config order.
    pub fn visible_targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| !t.hide)
    }

    /// The scrape interval in ms.
    pub fn scrape_interval_ms(&self) -> Result<i64, ConfigError> {
        spec::parse_scrape_interval(&self.scrape_interval)
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
        if let Some(scale) = view.scale {
            c.scale_distribution = ScaleDistribution::of(scale);
        }
        if let Some(hide) = view.hide_exemplars {
            c.hide_exemplars = hide;
        }
        if let Some(b) = view.exemplar_box {
            c.exemplar_box = b;
        }
        c
    }

    /// The panel's minimum interval in ms, when set.
    pub fn min_interval_ms(&self) -> Result<Option<i64>, ConfigError> {
        spec::parse_min_interval("interval", &self.interval)
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
