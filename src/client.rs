//! The Prometheus HTTP client (wasm only): gloo-net requests, nothing else.
//!
//! Query parameters come from the [`crate::plan`]; bodies go straight to the
//! [`crate::prom`] parsers. Errors say what to do next.

use gloo_net::http::{Request, RequestBuilder};
use web_sys::AbortSignal;

use crate::config::{HttpMethod, PrometheusConfig};
use crate::plan::PlannedQuery;
use crate::prom::{parse_exemplars, parse_range, ApiError, ExemplarResult, RangeResult};

/// Why a request gave no data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// The request never got an HTTP answer.
    #[error(
        "Prometheus at {url} could not be reached ({detail}). Is it running? If it is on another origin, \
         does it allow this page (CORS)? Prometheus allows any origin by default; a proxy in front of it may not."
    )]
    Unreachable {
        /// The URL asked.
        url: String,
        /// The browser's message.
        detail: String,
    },
    /// The request was aborted (a newer refresh replaced it).
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
    let unreachable = |e: gloo_net::Error| {
        let detail = e.to_string();
        if detail.contains("AbortError") || signal.is_some_and(AbortSignal::aborted) {
            ClientError::Aborted
        } else {
            ClientError::Unreachable { url: url.clone(), detail }
        }
    };
    let response = request.map_err(unreachable)?.send().await.map_err(unreachable)?;
    let status = response.status();
    // Bytes, not `text()`: a JS string would be re-encoded to UTF-8 on its way
    // into wasm (~3 ms per MB); an ArrayBuffer is one copy.
    let bytes = response.binary().await.map_err(unreachable)?;
    let body = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((status, body))
}
