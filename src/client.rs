//! The Prometheus HTTP client (wasm only): gloo-net requests, nothing else.
//!
//! Query parameters come from the [`crate::plan`]; bodies go straight to the
//! [`crate::prom`] parsers. Errors say what to do next.

use gloo_net::http::{Request, RequestBuilder};
use web_sys::AbortSignal;
use web_sys::RequestMode;

use crate::config::{HttpMethod, PrometheusConfig};
use crate::plan::PlannedQuery;
use crate::prom::{parse_exemplars, parse_range, ApiError, ExemplarResult, RangeResult};

/// Why a request gave no data. Each message says what to do next.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// Nothing answered: connection refused, a host name that does not
    /// resolve, no route (a probe without CORS failed too).
    #[error(
        "Prometheus at {url} could not be reached: nothing answered (connection refused, a host name that does not \
         resolve, or no network). Is it running at this address? The next refresh tries again."
    )]
    Unreachable {
        /// The URL asked.
        url: String,
    },
    /// The server answered, but the browser withheld the answer (CORS).
    #[error(
        "Prometheus at {url} answered, but the browser kept the answer from this page: CORS does not allow the \
         origin {origin}. Either serve the panel through the Trunk proxy (a `[[proxy]]` in Trunk.toml, and an empty \
         `prometheus.url`), or allow this origin where the answer comes from: Prometheus's \
         --web.cors.origin (default '.*'), or the proxy in front of it (which must also allow any \
         `prometheus.headers`)."
    )]
    Cors {
        /// The URL asked.
        url: String,
        /// This page's origin.
        origin: String,
    },
    /// The answer began, then the connection closed before its end.
    #[error(
        "Prometheus at {url} closed the connection while sending its answer (HTTP {status}), so the data is \
         incomplete. It may have restarted, or a proxy cut the answer; the next refresh tries again."
    )]
    BodyCut {
        /// The URL asked.
        url: String,
        /// The status of the cut answer.
        status: u16,
    },
    /// No answer within `prometheus.timeout`.
    #[error(
        "Prometheus at {url} did not answer within {after} (`prometheus.timeout`). It may be overloaded, or the \
         query too heavy: shorten the range, or raise `prometheus.timeout`. The next refresh tries again."
    )]
    TimedOut {
        /// The Prometheus base URL.
        url: String,
        /// The timeout, as a duration (`30s`).
        after: String,
    },
    /// The request was aborted (a newer refresh replaced it, or the panel went away).
    #[error("the request was cancelled")]
    Aborted,
    /// Prometheus (or something in front of it) answered with an error.
    #[error("{0}")]
    Api(#[from] ApiError),
}

/// Runs one `query_range`.
pub async fn fetch_range(
    prom: &PrometheusConfig,
    query: &PlannedQuery,
    signal: Option<&AbortSignal>,
) -> Result<RangeResult, ClientError> {
    let params = [
        ("query", query.expr.clone()),
        ("start", query.start_param()),
        ("end", query.end_param()),
        ("step", query.step_param()),
    ];
    let (status, body) = call(prom, "query_range", &params, signal).await?;
    Ok(parse_range(status, &body)?)
}

/// Runs one `query_exemplars` over the same range.
pub async fn fetch_exemplars(
    prom: &PrometheusConfig,
    query: &PlannedQuery,
    signal: Option<&AbortSignal>,
) -> Result<ExemplarResult, ClientError> {
    let params = [("query", query.expr.clone()), ("start", query.start_param()), ("end", query.end_param())];
    let (status, body) = call(prom, "query_exemplars", &params, signal).await?;
    Ok(parse_exemplars(status, &body)?)
}

/// `<base>/api/v1/<endpoint>`; an empty base is the page's own origin.
pub fn endpoint_url(prom: &PrometheusConfig, endpoint: &str) -> String {
    format!("{}/api/v1/{endpoint}", prom.url.trim().trim_end_matches('/'))
}

async fn call(
    prom: &PrometheusConfig,
    endpoint: &str,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
) -> Result<(u16, String), ClientError> {
    let url = endpoint_url(prom, endpoint);
    let form = form_urlencoded::Serializer::new(String::new()).extend_pairs(params.iter()).finish();
    let with_headers = |mut b: RequestBuilder| {
        for (k, v) in &prom.headers {
            b = b.header(k, v);
        }
        b.abort_signal(signal)
    };
    let request = match prom.method {
        HttpMethod::Post => {
            with_headers(Request::post(&url)).header("Content-Type", "application/x-www-form-urlencoded").body(form)
        }
        HttpMethod::Get => with_headers(Request::get(&format!("{url}?{form}"))).build(),
    };
    let aborted =
        |e: &gloo_net::Error| e.to_string().contains("AbortError") || signal.is_some_and(AbortSignal::aborted);
    let response = match request {
        Ok(request) => request.send().await,
        Err(e) => Err(e),
    };
    let response = match response {
        Ok(r) => r,
        Err(e) if aborted(&e) => return Err(ClientError::Aborted),
        Err(_) => return Err(diagnose_unreachable(&url).await),
    };
    let status = response.status();
    // Bytes, not `text()`: a JS string would be re-encoded to UTF-8 on its way
    // into wasm (~3 ms per MB); an ArrayBuffer is one copy.
    let bytes = match response.binary().await {
        Ok(b) => b,
        Err(e) if aborted(&e) => return Err(ClientError::Aborted),
        Err(_) => return Err(ClientError::BodyCut { url, status }),
    };
    let body = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((status, body))
}

/// Tells "nothing answers" from CORS. fetch() fails the same way for a
/// refused connection, a name that does not resolve and a CORS refusal; a
/// `no-cors` request to the same URL succeeds (with an opaque answer) exactly
/// when a server answered. It carries no `prometheus.headers` and its answer
/// is never read. Same-origin URLs cannot fail on CORS and are not probed.
async fn diagnose_unreachable(url: &str) -> ClientError {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let absolute = {
        let lower = url.to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    };
    let cross_origin = absolute && !origin.is_empty() && !url.starts_with(&format!("{origin}/"));
    if cross_origin && Request::get(url).mode(RequestMode::NoCors).send().await.is_ok() {
        return ClientError::Cors { url: url.to_string(), origin };
    }
    ClientError::Unreachable { url: url.to_string() }
}
