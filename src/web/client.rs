//! The Prometheus HTTP client (wasm only): carries out the requests
//! [`crate::prom::request`] describes with gloo-net, nothing else.
//!
//! What is asked, how a failure is diagnosed and the messages live in the
//! pure core; here are only the fetch, the abort signal, the page's origin
//! and the `no-cors` probe. Bodies go straight to the [`crate::prom`] parsers.

use gloo_net::http::Request;
use web_sys::AbortSignal;
use web_sys::RequestMode;

use crate::config::{Backend, HttpMethod};
pub use crate::prom::request::ClientError;
use crate::prom::request::{
    body_text, diagnose, exemplars_request, is_abort_message, range_request, Diagnosis, HttpRequest,
};
use crate::prom::{parse_exemplars, parse_range, ExemplarResult, RangeResult};
use crate::query::PlannedQuery;

/// Runs one `query_range`.
pub async fn fetch_range(
    prom: &Backend,
    query: &PlannedQuery,
    signal: Option<&AbortSignal>,
) -> Result<RangeResult, ClientError> {
    let (status, body) = send(&range_request(prom, query), signal).await?;
    Ok(parse_range(status, &body)?)
}

/// Runs one `query_exemplars` over the same range.
pub async fn fetch_exemplars(
    prom: &Backend,
    query: &PlannedQuery,
    signal: Option<&AbortSignal>,
) -> Result<ExemplarResult, ClientError> {
    let (status, body) = send(&exemplars_request(prom, query), signal).await?;
    Ok(parse_exemplars(status, &body)?)
}

/// Sends `req` as described; returns the status and the body's text.
async fn send(req: &HttpRequest, signal: Option<&AbortSignal>) -> Result<(u16, String), ClientError> {
    let url = &req.endpoint_url;
    let mut builder = match req.method {
        HttpMethod::Post => Request::post(&req.url),
        HttpMethod::Get => Request::get(&req.url),
    };
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let builder = builder.abort_signal(signal);
    let request = match &req.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    };
    let aborted = |e: &gloo_net::Error| is_abort_message(&e.to_string()) || signal.is_some_and(AbortSignal::aborted);
    let Ok(request) = request else { return Err(ClientError::Refused { url: url.clone() }) };
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if aborted(&e) => return Err(ClientError::Aborted),
        Err(_) => return Err(diagnose_unreachable(url, signal).await),
    };
    let status = response.status();
    // Bytes, not `text()`: a JS string would be re-encoded to UTF-8 on its way
    // into wasm (~3 ms per MB); an ArrayBuffer is one copy.
    match response.binary().await {
        Ok(bytes) => Ok((status, body_text(bytes))),
        Err(e) if aborted(&e) => Err(ClientError::Aborted),
        Err(_) => Err(ClientError::BodyCut { url: url.clone(), status }),
    }
}

/// Reads the page's origin and scheme for [`diagnose`], and runs the
/// `no-cors` probe when it asks for one: a `no-cors` request to the same URL
/// succeeds (with an opaque answer) exactly when something answered. It
/// carries no `prometheus.headers`, its answer is never read, and it is
/// aborted with the fetch.
async fn diagnose_unreachable(url: &str, signal: Option<&AbortSignal>) -> ClientError {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let page_https = location.and_then(|l| l.protocol().ok()).is_some_and(|p| p == "https:");
    let diagnosis = diagnose(url, &origin, page_https);
    let answered = match diagnosis {
        Diagnosis::ProbeCors => match Request::get(url).mode(RequestMode::NoCors).abort_signal(signal).send().await {
            Ok(_) => true,
            Err(_) if signal.is_some_and(AbortSignal::aborted) => return ClientError::Aborted,
            Err(_) => false,
        },
        Diagnosis::MixedContent | Diagnosis::Unreachable => false,
    };
    diagnosis.error(url, &origin, answered)
}
