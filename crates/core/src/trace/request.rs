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
//!   before the body is read, else by the bytes read;
//! - 404 is "not found yet" (backends answer 404 while a trace is still
//!   being ingested); any other non-2xx names the status and the answer's start;
//! - a failed fetch is diagnosed as Prometheus's are (`prom::request::diagnose`):
//!   mixed content, CORS (something answered, without CORS headers: Jaeger and
//!   Tempo send none by default, so the fix is a proxy), or unreachable.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::config::{Datasource, HttpMethod, PanelConfig, DEFAULT_TIMEOUT_MS};
use crate::prom::request::{Diagnosis, HttpRequest};
use crate::prom::Labels;
use crate::time::{format_duration_ms, parse_duration_ms};

use super::parse::{parse_trace, ParseError};
use super::Trace;

/// The largest answer read: 50 MiB (a 10,000-span Jaeger trace is ~5 MB).
pub const MAX_TRACE_BYTES: u64 = 50 * 1024 * 1024;

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
        check_size(Some(body.len() as u64))?;
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

/// Refuses an answer announced or read over [`MAX_TRACE_BYTES`].
pub fn check_size(bytes: Option<u64>) -> Result<(), TraceError> {
    match bytes {
        Some(b) if b > MAX_TRACE_BYTES => Err(TraceError::TooLarge { bytes: b }),
        _ => Ok(()),
    }
}

/// Why a preview shows no trace. Each message says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    /// 404: not there (yet).
    #[error("trace {id} not found yet; the trace backend may still be ingesting it — retry")]
    NotFound {
        /// The trace id asked.
        id: String,
    },
    /// Nothing answered.
    #[error(
        "the trace backend at {url} could not be reached: nothing answered (connection refused, a host name that \
         does not resolve, no network, or this page's Content-Security-Policy `connect-src`). Is it running at this \
         address? Check the datasource's `url` (or `apiUrl`)."
    )]
    Unreachable {
        /// The URL asked.
        url: String,
    },
    /// Something answered without CORS headers for this page.
    #[error(
        "the trace backend at {url} answered without CORS headers for this page ({origin}), so the browser kept \
         the trace from the panel. Jaeger and Tempo send none by default (Zipkin does): put a reverse proxy in \
         front of the API that adds `Access-Control-Allow-Origin` (and allows the datasource's `headers`), and set \
         the datasource's `apiUrl` to it; or serve the panel and the API from one origin."
    )]
    Cors {
        /// The URL asked.
        url: String,
        /// This page's origin.
        origin: String,
    },
    /// An https page may not fetch an http URL.
    #[error(
        "this page is served over https and the trace backend at {url} over http: the browser blocks such \
         requests (mixed content). Use an https:// `apiUrl` for the datasource."
    )]
    MixedContent {
        /// The URL asked.
        url: String,
    },
    /// The browser refused to build the request.
    #[error("the browser refused to send a request to {url}: check the datasource's `url` and `headers`")]
    Refused {
        /// The URL asked.
        url: String,
    },
    /// The answer began, then the connection closed.
    #[error(
        "the trace backend at {url} closed the connection while sending the trace (HTTP {status}): it is \
         incomplete; retry"
    )]
    BodyCut {
        /// The URL asked.
        url: String,
        /// The status of the cut answer.
        status: u16,
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
    /// Over the size limit.
    #[error(
        "the trace is too large to show here: {} MB, over the panel's limit of 50 MB; open it in the backend's own UI",
        .bytes / 1_000_000
    )]
    TooLarge {
        /// Its size (announced or read), bytes.
        bytes: u64,
    },
    /// No answer within the datasource's timeout.
    #[error(
        "the trace backend at {url} did not answer within {after} (the datasource's `timeout`): it may be \
         overloaded, or the trace very large; retry, or raise `timeout`"
    )]
    TimedOut {
        /// The URL asked.
        url: String,
        /// The timeout, as a duration.
        after: String,
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
    /// The preview was closed or replaced.
    #[error("the trace request was cancelled")]
    Aborted,
}

impl TraceError {
    /// The error of a fetch of `url` that got no answer, diagnosed.
    pub fn unanswered(diagnosis: Diagnosis, url: &str, origin: &str, probe_answered: bool) -> Self {
        let url = url.to_string();
        match diagnosis {
            Diagnosis::MixedContent => TraceError::MixedContent { url },
            Diagnosis::ProbeCors if probe_answered => TraceError::Cors { url, origin: origin.to_string() },
            Diagnosis::ProbeCors | Diagnosis::Unreachable => TraceError::Unreachable { url },
        }
    }

    /// A timeout at `url` after `timeout_ms`.
    pub fn timed_out(url: &str, timeout_ms: i64) -> Self {
        TraceError::TimedOut { url: url.to_string(), after: format_duration_ms(timeout_ms) }
    }
}
