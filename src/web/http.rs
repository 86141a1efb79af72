//! The one transport (the shell's second layer: it uses only `browser`):
//! sends an [`HttpRequest`] as described, with gloo-net, and reports the
//! answer's status and bytes, or a [`TransportError`]: the browser's refusal,
//! an abort, a body cut short, an answer over the peer's limit, or (diagnosed
//! with the `no-cors` probe) CORS, mixed content or nothing answering. The
//! Prometheus, trace and doctor requests all go through [`send`]; what an
//! answer means is theirs (and the core's).

use std::cell::RefCell;

use gloo_net::http::Request;
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, RequestMode};

use exemplar_core::config::HttpMethod;
use exemplar_core::http::{diagnose, is_abort_message, Diagnosis, Failure, HttpRequest, Peer, TransportError};

/// An answer as received.
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The bytes, kept in JS memory: read them with [`with_text`] (or copy
    /// them out), so no body-sized block stays in wasm.
    pub body: js_sys::Uint8Array,
    /// `Retry-After`, read on 429 and 503.
    pub retry_after: Option<String>,
}

/// Sends `req` to `peer` as described; `signal` aborts it. The answer is
/// refused over the peer's limit: by `Content-Length` before it is read
/// (the download is cancelled), and by its length once read.
pub async fn send(peer: Peer, req: &HttpRequest, signal: Option<&AbortSignal>) -> Result<Answer, TransportError> {
    let url = &req.endpoint_url;
    let fail = |failure| TransportError::new(peer, url, failure);
    let aborted = || signal.is_some_and(AbortSignal::aborted);
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
    let Ok(request) = request else { return Err(fail(Failure::Refused)) };
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if is_abort_message(&e.to_string()) || aborted() => return Err(TransportError::aborted(peer)),
        Err(_) => return Err(unanswered(peer, url, signal).await),
    };
    let status = response.status();
    if let Err(e) = TransportError::check_size(peer, url, content_length(&response)) {
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
            TransportError::check_size(peer, url, Some(u64::from(body.length())))?;
            Ok(Answer { status, body, retry_after })
        }
        Err(_) if aborted() => Err(TransportError::aborted(peer)),
        Err(_) => Err(fail(Failure::BodyCut { status })),
    }
}

/// An answer's `Content-Length`, when it sent a readable one (a
/// CORS-safelisted header: a cross-origin answer shows it too).
fn content_length(response: &gloo_net::http::Response) -> Option<u64> {
    response.headers().get("Content-Length").and_then(|v| v.trim().parse::<u64>().ok())
}

/// A fetch of `url` without an answer, diagnosed from the page's origin and
/// scheme, with the `no-cors` probe when the diagnosis asks for one: a
/// `no-cors` request to the same URL succeeds (with an opaque answer) exactly
/// when something answered. It carries no headers, its answer is never read,
/// and it is aborted with the fetch.
async fn unanswered(peer: Peer, url: &str, signal: Option<&AbortSignal>) -> TransportError {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let page_https = location.and_then(|l| l.protocol().ok()).is_some_and(|p| p == "https:");
    let diagnosis = diagnose(url, &origin, page_https);
    let answered = match diagnosis {
        Diagnosis::ProbeCors => match Request::get(url).mode(RequestMode::NoCors).abort_signal(signal).send().await {
            Ok(_) => true,
            Err(_) if signal.is_some_and(AbortSignal::aborted) => return TransportError::aborted(peer),
            Err(_) => false,
        },
        Diagnosis::MixedContent | Diagnosis::Unreachable => false,
    };
    TransportError::new(peer, url, diagnosis.failure(&origin, answered))
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
pub fn with_text<R>(body: &js_sys::Uint8Array, parse: impl FnOnce(&str) -> R) -> R {
    let mut buffer = BODY.with(|b| b.take());
    buffer.resize(body.length() as usize, 0);
    body.copy_to(&mut buffer);
    // Borrowed when the bytes are UTF-8 (the usual case): no copy.
    let out = parse(&String::from_utf8_lossy(&buffer));
    BODY.with(|b| b.replace(buffer));
    out
}

/// Resolves when `signal` aborts (never without one). Dropping it (the
/// request won the race) removes its listener and frees it. It is no
/// `JsFuture` on a promise: one whose promise never settles keeps its two
/// callbacks for ever (each holds the state that holds both), which leaked
/// four closures per refresh (BENCHMARKS.md, f).
pub async fn aborted(signal: Option<&AbortSignal>) {
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
