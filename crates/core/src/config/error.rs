//! Everything that can be wrong with a config, in words that name the fix.
//! The Grafana adapters' errors live here too: they describe config fields
//! (`grafanaDatasources`, `grafanaPanel`), and the loader wraps them.

use crate::time::TimeExprError;

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

/// A provisioning file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Not YAML/JSON, or not the provisioning shape.
    #[error("the Grafana datasources file is not valid: {message} (line {line}, column {column})")]
    Syntax {
        /// What was wrong.
        message: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
    },
    /// Valid YAML, but not a provisioning file.
    #[error("the Grafana datasources file is not a provisioning file: {0}")]
    Shape(String),
    /// No `datasources` entries at all.
    #[error("the Grafana datasources file has no `datasources` entries")]
    Empty,
    /// A YAML file given to a bundle built without YAML (the lean widget).
    #[error(
        "the Grafana datasources file is YAML, which this bundle (the lean widget) does not read: give it as JSON, or load exemplar-panel-full.js"
    )]
    YamlNotBuilt,
}

/// Why a value is not an importable panel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PanelImportError {
    /// A text that is not JSON.
    #[error("the Grafana panel is not valid JSON: {message} (line {line}, column {column})")]
    Syntax {
        /// What was wrong.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON, but no panel with Prometheus targets in it.
    #[error("the Grafana panel has no queries: expected a panel with `targets`, or a dashboard with `panels`")]
    NoTargets,
}
