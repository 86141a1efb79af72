//! The Prometheus HTTP client (wasm only): carries out the requests
//! [`exemplar_core::prom::request`] describes with gloo-net, nothing else.
//!
//! What is asked, how a failure is diagnosed and the messages live in the
//! pure core; here are only the fetch, the abort signal, the page's origin
//! and the `no-cors` probe. Bodies go straight to the [`exemplar_core::prom`] parsers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::{select, Either, FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::Request;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal, RequestMode};

use exemplar_core::config::{Backend, HttpMethod};
pub use exemplar_core::prom::request::ClientError;
use exemplar_core::prom::request::{
    check_answer_size, diagnose, exemplars_request, is_abort_message, range_request, Diagnosis, HttpRequest,
};
use exemplar_core::prom::share::{Lookup, ShareTable};
use exemplar_core::prom::{parse_exemplars, parse_range, ExemplarResult, RangeResult};
use exemplar_core::query::PlannedQuery;

/// Runs one `query_range`.
pub async fn fetch_range(
    prom: &Backend,
    query: &PlannedQuery,
    signal: Option<&AbortSignal>,
    asker: u64,
) -> Result<RangeResult, ClientError> {
    let answer = send_shared(range_request(prom, query), signal, asker).await?;
    with_text(&answer.body, |body| parse_range(answer.status, body))
        .map_err(|e| ClientError::from_answer(answer.status, answer.retry_after.clone(), e))
}

/// Runs one `query_exemplars` over the same range.
pub async fn fetch_exemplars(
    prom: &Backend,
    query: &PlannedQuery,
    signal: Option<&AbortSignal>,
    asker: u64,
) -> Result<ExemplarResult, ClientError> {
    let answer = send_shared(exemplars_request(prom, query), signal, asker).await?;
    with_text(&answer.body, |body| parse_exemplars(answer.status, body))
        .map_err(|e| ClientError::from_answer(answer.status, answer.retry_after.clone(), e))
}

/// Sends `req` once, unshared (the exemplar doctor's requests): the status
/// and body, or why there is none (a CORS refusal is [`ClientError::Cors`]).
#[cfg(feature = "doctor")]
pub async fn fetch_answer(req: &HttpRequest, signal: Option<&AbortSignal>) -> Result<(u16, String), ClientError> {
    send(req, signal).await.map(|a| (a.status, exemplar_core::prom::request::body_text(a.body.to_vec())))
}

/// An answer as received: shared by every panel that asked the same.
#[derive(Debug)]
struct Answer {
    status: u16,
    /// The bytes, kept in JS memory: the parsers read them through
    /// [`with_text`], so a refresh allocates no body-sized block in wasm.
    body: js_sys::Uint8Array,
    /// `Retry-After`, read on 429 and 503.
    retry_after: Option<String>,
}

type Flight = Shared<LocalBoxFuture<'static, Result<Rc<Answer>, ClientError>>>;

/// The page's shared requests ([`exemplar_core::prom::share`] keeps the books).
#[derive(Default)]
struct Sharing {
    table: ShareTable<Rc<Answer>>,
    flights: HashMap<String, (Flight, AbortController)>,
}

thread_local! {
    static SHARING: RefCell<Sharing> = RefCell::new(Sharing::default());
}

/// A new asker id, one per panel (request sharing tells panels apart by it).
pub fn new_asker() -> u64 {
    thread_local! {
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    }
    NEXT.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    })
}

/// The page's request counters: `{sent, joined, reused}` (diagnostics, and the load simulation).
#[wasm_bindgen(js_name = requestStats)]
pub fn request_stats() -> JsValue {
    let stats = SHARING.with(|s| s.borrow().table.stats);
    let out = js_sys::Object::new();
    for (name, n) in [("sent", stats.sent), ("joined", stats.joined), ("reused", stats.reused)] {
        let _ = js_sys::Reflect::set(&out, &name.into(), &JsValue::from_f64(n as f64));
    }
    out.into()
}

/// Sends `req`, or joins the identical request in flight, or reuses its
/// just-finished answer when `asker` (a panel) did not have it yet. Aborting `signal` leaves; the request itself is
/// aborted when nobody waits for it any more.
async fn send_shared(req: HttpRequest, signal: Option<&AbortSignal>, asker: u64) -> Result<Rc<Answer>, ClientError> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(ClientError::Aborted);
    }
    let key = req.share_key();
    let now = js_sys::Date::now() as i64;
    let flight = SHARING.with(|s| {
        let mut s = s.borrow_mut();
        match s.table.lookup(&key, now, asker) {
            Lookup::Reuse(answer) => Err(answer),
            Lookup::Join => Ok(s.flights.get(&key).map(|(f, _)| f.clone())),
            Lookup::Start => {
                let Ok(controller) = AbortController::new() else { return Ok(None) };
                let own = controller.signal();
                let flight = async move { send(&req, Some(&own)).await.map(Rc::new) }.boxed_local().shared();
                s.flights.insert(key.clone(), (flight.clone(), controller));
                Ok(Some(flight))
            }
        }
    });
    let flight = match flight {
        Err(answer) => return Ok(answer),
        Ok(Some(flight)) => flight,
        Ok(None) => return Err(ClientError::Aborted),
    };
    let abort = std::pin::pin!(aborted(signal));
    let result = match select(flight, abort).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => {
            SHARING.with(|s| {
                let mut s = s.borrow_mut();
                if s.table.leave(&key) {
                    if let Some((_, controller)) = s.flights.remove(&key) {
                        controller.abort();
                    }
                }
            });
            return Err(ClientError::Aborted);
        }
    };
    SHARING.with(|s| {
        let mut s = s.borrow_mut();
        s.table.finish(&key, result.as_ref().ok().cloned(), js_sys::Date::now() as i64);
        s.flights.remove(&key);
    });
    result
}

/// Resolves when `signal` aborts (never without one). Dropping it (the
/// request won the race) removes its listener and frees it. It is no
/// `JsFuture` on a promise: one whose promise never settles keeps its two
/// callbacks for ever (each holds the state that holds both), which leaked
/// four closures per refresh (BENCHMARKS.md, f).
async fn aborted(signal: Option<&AbortSignal>) {
    let Some(signal) = signal else { return futures::future::pending().await };
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    let listener = Closure::once(move || {
        let _ = tx.send(());
    });
    if signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref()).is_err() {
        return futures::future::pending().await;
    }
    let _listening = Listening { signal: signal.clone(), listener };
    let _ = rx.await;
}

/// An `abort` listener on a signal, removed when dropped.
struct Listening {
    signal: AbortSignal,
    listener: Closure<dyn FnMut()>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

/// Sends `req` as described; returns the status, the body's text and, on 429 and 503, `Retry-After`.
async fn send(req: &HttpRequest, signal: Option<&AbortSignal>) -> Result<Answer, ClientError> {
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
    if let Err(e) = check_answer_size(url, content_length(&response)) {
        // Not read: stop the download too.
        if let Some(body) = web_sys::Response::from(response).body() {
            let _ = body.cancel();
        }
        return Err(e);
    }
    let retry_after = matches!(status, 429 | 503).then(|| response.headers().get("Retry-After")).flatten();
    // Bytes, not `text()`: a JS string would be re-encoded to UTF-8 on its way
    // into wasm (~3 ms per MB); an ArrayBuffer is one copy, made at parse time.
    let bytes = match web_sys::Response::from(response).array_buffer() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    match bytes {
        Ok(buffer) => {
            let body = js_sys::Uint8Array::new(&buffer);
            check_answer_size(url, Some(u64::from(body.length())))?;
            Ok(Answer { status, body, retry_after })
        }
        Err(_) if signal.is_some_and(AbortSignal::aborted) => Err(ClientError::Aborted),
        Err(_) => Err(ClientError::BodyCut { url: url.clone(), status }),
    }
}

/// An answer's `Content-Length`, when it sent a readable one (a
/// CORS-safelisted header: a cross-origin answer shows it too).
pub(crate) fn content_length(response: &gloo_net::http::Response) -> Option<u64> {
    response.headers().get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok())
}

thread_local! {
    /// The one wasm buffer every answer is copied into to be parsed. Parsing
    /// is synchronous, so one is enough; it keeps the size of the largest
    /// body. A fresh 1–3 MB `String` per answer, freed after the parse, left
    /// the wasm memory to creep up by fragmentation over hundreds of
    /// refreshes (BENCHMARKS.md, f).
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `parse` on `body` as text (invalid UTF-8 replaced, as `body_text` does).
fn with_text<R>(body: &js_sys::Uint8Array, parse: impl FnOnce(&str) -> R) -> R {
    let mut buffer = BODY.with(|b| b.take());
    buffer.resize(body.length() as usize, 0);
    body.copy_to(&mut buffer);
    // Borrowed when the bytes are UTF-8 (the usual case): no copy.
    let out = parse(&String::from_utf8_lossy(&buffer));
    BODY.with(|b| b.replace(buffer));
    out
}

/// Reads the page's origin and scheme for [`diagnose`], and runs the
/// `no-cors` probe when it asks for one: a `no-cors` request to the same URL
/// succeeds (with an opaque answer) exactly when something answered. It
/// carries no `prometheus.headers`, its answer is never read, and it is
/// aborted with the fetch.
async fn diagnose_unreachable(url: &str, signal: Option<&AbortSignal>) -> ClientError {
    match probe_failed(url, signal).await {
        Some((diagnosis, origin, answered)) => diagnosis.error(url, &origin, answered),
        None => ClientError::Aborted,
    }
}

/// The diagnosis of a failed fetch of `url`, the page's origin, and whether
/// the `no-cors` probe got an answer; `None` when `signal` aborted the probe.
pub(crate) async fn probe_failed(url: &str, signal: Option<&AbortSignal>) -> Option<(Diagnosis, String, bool)> {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let page_https = location.and_then(|l| l.protocol().ok()).is_some_and(|p| p == "https:");
    let diagnosis = diagnose(url, &origin, page_https);
    let answered = match diagnosis {
        Diagnosis::ProbeCors => match Request::get(url).mode(RequestMode::NoCors).abort_signal(signal).send().await {
            Ok(_) => true,
            Err(_) if signal.is_some_and(AbortSignal::aborted) => return None,
            Err(_) => false,
        },
        Diagnosis::MixedContent | Diagnosis::Unreachable => false,
    };
    Some((diagnosis, origin, answered))
}
