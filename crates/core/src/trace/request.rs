//! Trace requests as data, and what their failures mean.
//!
//! The browser shell (`web/trace_client.rs`) only carries out the
//! [`HttpRequest`] built here and hands back the status, the announced size
//! and the bytes; the rest is decided here.
//!
//! Rules:
//! - a datasource's `type` picks the API: `jaeger` → `<api>/api/traces/<id>`,
//!   `tempo` → `<api>/api/traces/<id>`, `zipkin` → `<api>/api/v2/trace/<id>`,
//!   where `<api>` is `apiUrl`, else `url`; the id is percent-encoded as a URI
//!   component (it can never add a path, query or fragment);
//! - the datasource's `headers` go with its requests only; a header the
//!   browser would refuse is an error before anything is sent;
//! - answers over [`MAX_TRACE_BYTES`] are refused: by their `Content-Length`
//!   before the body is read, else by the bytes read ([`crate::http`]);
//! - 404 is "not found yet" (backends answer 404 while a trace is still
//!   being ingested); any other non-2xx names the status and the answer's start;
//! - a failed fetch is diagnosed as Prometheus's are ([`crate::http::diagnose`]):
//!   mixed content, CORS (something answered, without CORS headers: Jaeger and
//!   Tempo send none by default, so the fix is a proxy), or unreachable.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::config::{Datasource, HttpMethod, PanelConfig, DEFAULT_TIMEOUT_MS};
pub use crate::http::MAX_TRACE_BYTES;
use crate::http::{HttpRequest, Peer, TransportError};
use crate::prom::Labels;
use crate::time::parse_duration_ms;

use super::parse::{parse_trace, ParseError};
use super::Trace;

/// Characters left as they are in a URI component (RFC 3986 unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A tracing backend's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceApi {
    /// Jaeger's query API.
    Jaeger,
    /// Tempo's API (OTLP JSON).
    Tempo,
    /// Zipkin's v2 API.
    Zipkin,
}

impl TraceApi {
    /// The API of a datasource `type`, when it is a tracing backend.
    pub fn of(kind: &str) -> Option<Self> {
        match kind.trim().to_ascii_lowercase().as_str() {
            "jaeger" => Some(TraceApi::Jaeger),
            "tempo" => Some(TraceApi::Tempo),
            "zipkin" => Some(TraceApi::Zipkin),
            _ => None,
        }
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            TraceApi::Jaeger => "Jaeger",
            TraceApi::Tempo => "Tempo",
            TraceApi::Zipkin => "Zipkin",
        }
    }

    fn path(self) -> &'static str {
        match self {
            TraceApi::Jaeger | TraceApi::Tempo => "/api/traces/",
            TraceApi::Zipkin => "/api/v2/trace/",
        }
    }
}

/// Where a trace preview asks, from one datasource row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceSource {
    /// The API shape.
    pub api: TraceApi,
    /// The datasource's uid.
    pub uid: String,
    /// The API's base URL, without a trailing `/`.
    pub api_base: String,
    /// Its headers, checked.
    pub headers: Vec<(String, String)>,
    /// The fetch's deadline, ms.
    pub timeout_ms: i64,
}

impl TraceSource {
    /// The source of datasource `ds`; `Ok(None)` when its type is not a
    /// tracing backend.
    pub fn of(ds: &Datasource) -> Result<Option<Self>, TraceError> {
        let Some(api) = TraceApi::of(&ds.kind) else { return Ok(None) };
        let base = if ds.api_url.trim().is_empty() { ds.url.trim() } else { ds.api_url.trim() };
        if base.is_empty() {
            return Err(TraceError::NoUrl { uid: ds.uid.clone() });
        }
        let headers =
            ds.checked_headers().map_err(|e| TraceError::Config { uid: ds.uid.clone(), detail: e.to_string() })?;
        let timeout_ms = match ds.timeout.trim() {
            "" => DEFAULT_TIMEOUT_MS,
            t => parse_duration_ms(t).filter(|ms| *ms >= 100).ok_or_else(|| TraceError::Config {
                uid: ds.uid.clone(),
                detail: format!("`timeout` is not a duration like 10s: {t:?}"),
            })?,
        };
        Ok(Some(Self {
            api,
            uid: ds.uid.clone(),
            api_base: base.trim_end_matches('/').to_string(),
            headers,
            timeout_ms,
        }))
    }

    /// The request for `trace_id`.
    pub fn request(&self, trace_id: &str) -> HttpRequest {
        let url = format!("{}{}{}", self.api_base, self.api.path(), utf8_percent_encode(trace_id.trim(), COMPONENT));
        HttpRequest {
            method: HttpMethod::Get,
            url: url.clone(),
            headers: self.headers.clone(),
            body: None,
            endpoint_url: url,
        }
    }

    /// The answer to [`TraceSource::request`]: `status`, and the body's bytes.
    pub fn read(&self, trace_id: &str, status: u16, body: &[u8]) -> Result<Trace, TraceError> {
        let url = self.request(trace_id).endpoint_url;
        TransportError::check_size(Peer::Trace, &url, Some(body.len() as u64))?;
        let text = String::from_utf8_lossy(body);
        match status {
            404 => Err(TraceError::NotFound { id: trace_id.to_string() }),
            200..=299 => Ok(parse_trace(&text)?),
            _ => Err(TraceError::Http {
                status,
                url: self.request(trace_id).url,
                start: text.chars().take(200).collect::<String>().trim().to_string(),
            }),
        }
    }
}

/// The trace datasource an exemplar with `labels` previews through: the first
/// destination whose label it has and whose datasource is a tracing backend.
/// Returns the datasource and the trace id.
pub fn preview_target<'a>(config: &'a PanelConfig, labels: &'a Labels) -> Option<(&'a Datasource, &'a str)> {
    config.exemplar_trace_id_destinations.iter().find_map(|d| {
        let id = labels.get(&d.name)?;
        let ds = config.datasources.iter().find(|ds| ds.uid == d.datasource_uid && !ds.uid.is_empty())?;
        TraceApi::of(&ds.kind).map(|_| (ds, id))
    })
}

/// The trace datasource a host's `previewTrace(id)` uses: the first one a
/// destination names, else the first tracing backend in the table.
pub fn default_trace_datasource(config: &PanelConfig) -> Option<&Datasource> {
    let is_trace = |ds: &&Datasource| TraceApi::of(&ds.kind).is_some();
    config
        .exemplar_trace_id_destinations
        .iter()
        .find_map(|d| config.datasources.iter().filter(is_trace).find(|ds| ds.uid == d.datasource_uid))
        .or_else(|| config.datasources.iter().find(is_trace))
}

/// Why a preview shows no trace. Each message says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    /// No usable answer: unreachable, CORS, a timeout, too large, the preview closed…
    #[error("{0}")]
    Transport(#[from] TransportError),
    /// 404: not there (yet).
    #[error("trace {id} not found yet; the trace backend may still be ingesting it — retry")]
    NotFound {
        /// The trace id asked.
        id: String,
    },
    /// Another HTTP error.
    #[error("the trace backend answered HTTP {status} at {url}: {start}")]
    Http {
        /// The status.
        status: u16,
        /// The URL asked.
        url: String,
        /// The answer's first 200 characters.
        start: String,
    },
    /// The answer is not a usable trace.
    #[error("{0}")]
    Parse(#[from] ParseError),
    /// The datasource row has no URL.
    #[error("datasource {uid:?} has no `url` (or `apiUrl`) to fetch traces from")]
    NoUrl {
        /// The datasource's uid.
        uid: String,
    },
    /// The datasource row is wrong (a header, the timeout).
    #[error("datasource {uid:?}: {detail}")]
    Config {
        /// The datasource's uid.
        uid: String,
        /// What is wrong (never a header's value).
        detail: String,
    },
    /// No datasource of type jaeger, tempo or zipkin.
    #[error(
        "no datasource of type `jaeger`, `tempo` or `zipkin` in `datasources`: there is nothing to preview traces from"
    )]
    NoTraceDatasource,
}

impl TraceError {
    /// Whether the preview was closed or replaced: nothing to show.
    pub fn is_aborted(&self) -> bool {
        matches!(self, TraceError::Transport(t) if t.is_aborted())
    }
}
