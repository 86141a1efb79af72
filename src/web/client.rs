//! The Prometheus HTTP client (wasm only): gloo-net requests, nothing else.
//!
//! Query parameters come from the [`crate::query`]; bodies go straight to the
//! [`crate::prom`] parsers. Errors say what to do next.

use gloo_net::http::{Request, RequestBuilder};
use web_sys::AbortSignal;
use web_sys::RequestMode;

use crate::config::{Backend, HttpMethod};
use crate::prom::{parse_exemplars, parse_range, ApiError, ExemplarResult, RangeResult};
use crate::query::PlannedQuery;

/// Why a request gave no data. Each message says what to do next.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// Nothing answered: connection refused, a host name that does not
    /// resolve, no route (a probe without CORS failed too).
    #[error(
        "Prometheus at {url} could not be reached: nothing answered (connection refused, a host name that does not \
         resolve, no network, a TLS error, or this page's Content-Security-Policy `connect-src`). Is it running at \
         this address? The next refresh tries again."
    )]
    Unreachable {
        /// The URL asked.
        url: String,
    },
    /// Something answered without CORS headers for this page, so the browser
    /// withheld the answer: CORS, or an error page (which rarely has them).
    #[error(
        "Prometheus at {url} answered, but without CORS headers for this page ({origin}), so the browser kept \
         the answer from the panel. Either CORS does not allow this origin: serve the panel through the Trunk \
         proxy (a `[[proxy]]` in Trunk.toml, and an empty `prometheus.url`), or allow it where the answer comes \
         from (Prometheus's --web.cors.origin, default '.*', or the proxy in front of it, which must also allow \
         any `prometheus.headers`). Or what answered was an error page: Prometheus still starting up (it answers \
         503 without CORS headers until ready), or a proxy's 401 or 5xx page; the next refresh tries again."
    )]
    Cors {
        /// The URL asked.
        url: String,
        /// This page's origin.
        origin: String,
    },
    /// An https page may not fetch an http URL.
    #[error(
        "this page is served over https and Prometheus at {url} over http: the browser blocks such requests \
         (mixed content). Use an https:// `prometheus.url`, or serve Prometheus through the page's own origin \
         (a reverse proxy, and an empty `prometheus.url`)."
    )]
    MixedContent {
        /// The URL asked.
        url: String,
    },
    /// The browser refused to build the request (the URL or a header).
    #[error(
        "the browser refused to send a request to {url}: check `prometheus.url` and the names of `prometheus.headers`"
    )]
    Refused {
        /// The URL asked.
        url: String,
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
    prom: &Backend,
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
    prom: &Backend,
    query: &PlannedQuery,
    signal: Option<&AbortSignal>,
) -> Result<ExemplarResult, ClientError> {
    let params = [("query", query.expr.clone()), ("start", query.start_param()), ("end", query.end_param())];
    let (status, body) = call(prom, "query_exemplars", &params, signal).await?;
    Ok(parse_exemplars(status, &body)?)
}

async fn call(
    prom: &Backend,
    endpoint: &str,
    params: &[(&str, String)],
    signal: Option<&AbortSignal>,
) -> Result<(u16, String), ClientError> {
    let url = prom.endpoint_url(endpoint);
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
    let Ok(request) = request else { return Err(ClientError::Refused { url }) };
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if aborted(&e) => return Err(ClientError::Aborted),
        Err(_) => return Err(diagnose_unreachable(&url, signal).await),
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

/// Tells "nothing answers" from "something answered without CORS headers".
/// fetch() fails the same way for a refused connection, a name that does not
/// resolve, mixed content and a CORS refusal. Mixed content is read off the
/// two schemes. Otherwise a `no-cors` request to the same URL succeeds (with
/// an opaque answer) exactly when something answered; it carries no
/// `prometheus.headers`, its answer is never read, and it is aborted with the
/// fetch. Same-origin URLs cannot fail on CORS and are not probed.
async fn diagnose_unreachable(url: &str, signal: Option<&AbortSignal>) -> ClientError {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let page_https = location.and_then(|l| l.protocol().ok()).is_some_and(|p| p == "https:");
    let lower = url.to_ascii_lowercase();
    if page_https && lower.starts_with("http://") {
        return ClientError::MixedContent { url: url.to_string() };
    }
    let absolute = lower.starts_with("http://") || lower.starts_with("https://");
    let cross_origin = absolute && !origin.is_empty() && !url.starts_with(&format!("{origin}/"));
    if cross_origin {
        match Request::get(url).mode(RequestMode::NoCors).abort_signal(signal).send().await {
            Ok(_) => return ClientError::Cors { url: url.to_string(), origin },
            Err(_) if signal.is_some_and(AbortSignal::aborted) => return ClientError::Aborted,
            Err(_) => {}
        }
    }
    ClientError::Unreachable { url: url.to_string() }
}
