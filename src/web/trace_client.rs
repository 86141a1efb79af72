//! The trace client (wasm only): carries out the request
//! [`exemplar_core::trace::request::TraceSource`] describes with gloo-net, under the
//! datasource's deadline, and hands the bytes back to the core. It refuses an
//! answer whose `Content-Length` is over the limit before reading it.

use gloo_net::http::Request;
use web_sys::{AbortController, AbortSignal};

use crate::web::client::{content_length, probe_failed};
use crate::web::ui::driver::Deadline;
use exemplar_core::prom::request::is_abort_message;
use exemplar_core::trace::request::{check_size, TraceError, TraceSource};
use exemplar_core::trace::Trace;

/// Fetches and parses trace `trace_id` from `src`; `controller` aborts it (a
/// closed or replaced preview), and so does the datasource's timeout.
pub async fn fetch_trace(src: &TraceSource, trace_id: &str, controller: &AbortController) -> Result<Trace, TraceError> {
    let deadline = Deadline::start(src.timeout_ms, controller.clone());
    let fired = || deadline.as_ref().is_some_and(|d| d.fired.get());
    let signal = controller.signal();
    let req = src.request(trace_id);
    let url = req.url.clone();
    let stopped = |e: Option<&gloo_net::Error>| {
        if fired() {
            Some(TraceError::timed_out(&url, src.timeout_ms))
        } else if signal.aborted() || e.is_some_and(|e| is_abort_message(&e.to_string())) {
            Some(TraceError::Aborted)
        } else {
            None
        }
    };
    let mut builder = Request::get(&req.url);
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let Ok(request) = builder.abort_signal(Some(&signal)).build() else {
        return Err(TraceError::Refused { url });
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => {
            if let Some(why) = stopped(Some(&e)) {
                return Err(why);
            }
            return Err(unanswered(&url, &signal).await);
        }
    };
    if let Err(e) = check_size(content_length(&response)) {
        controller.abort();
        return Err(e);
    }
    let status = response.status();
    match response.binary().await {
        Ok(bytes) => src.read(trace_id, status, &bytes),
        Err(e) => Err(stopped(Some(&e)).unwrap_or(TraceError::BodyCut { url, status })),
    }
}

/// A fetch without an answer, diagnosed (CORS, mixed content, unreachable).
async fn unanswered(url: &str, signal: &AbortSignal) -> TraceError {
    match probe_failed(url, Some(signal)).await {
        Some((diagnosis, origin, answered)) => TraceError::unanswered(diagnosis, url, &origin, answered),
        None => TraceError::Aborted,
    }
}
