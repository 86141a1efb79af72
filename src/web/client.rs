//! The Prometheus client (the shell's third layer, on `http`): the chart's
//! `query_range` and `query_exemplars` requests, shared between the panels
//! of a page that ask the same ([`exemplar_core::prom::share`] keeps the
//! books), and the doctor's and the metric browser's single requests. What is
//! asked and what the answers mean live in the core; bodies go straight to
//! the [`exemplar_core::prom`] parsers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::{select, Either, FutureExt, LocalBoxFuture, Shared};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

use crate::web::browser::now_ms;
use crate::web::http::{aborted, send, with_text, Answer};
use exemplar_core::config::Backend;
use exemplar_core::http::{HttpRequest, Peer, TransportError};
pub use exemplar_core::prom::request::ClientError;
use exemplar_core::prom::request::{exemplars_request, range_request};
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

/// Sends `req` once, unshared (the exemplar doctor's and the metric
/// browser's requests): the status and body, or why there is none.
#[cfg(feature = "doctor")]
pub async fn fetch_answer(req: &HttpRequest, signal: Option<&AbortSignal>) -> Result<(u16, String), TransportError> {
    send(Peer::Prometheus, req, signal).await.map(|a| (a.status, exemplar_core::http::body_text(a.body.to_vec())))
}

/// An answer in flight: shared by every panel that asked the same.
type Flight = Shared<LocalBoxFuture<'static, Result<Rc<Answer>, TransportError>>>;

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
async fn send_shared(req: HttpRequest, signal: Option<&AbortSignal>, asker: u64) -> Result<Rc<Answer>, TransportError> {
    let aborted_error = || TransportError::aborted(Peer::Prometheus);
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(aborted_error());
    }
    let key = req.share_key();
    let now = now_ms();
    let flight = SHARING.with(|s| {
        let mut s = s.borrow_mut();
        match s.table.lookup(&key, now, asker) {
            Lookup::Reuse(answer) => Err(answer),
            Lookup::Join => Ok(s.flights.get(&key).map(|(f, _)| f.clone())),
            Lookup::Start => {
                let Ok(controller) = AbortController::new() else { return Ok(None) };
                let own = controller.signal();
                let flight =
                    async move { send(Peer::Prometheus, &req, Some(&own)).await.map(Rc::new) }.boxed_local().shared();
                s.flights.insert(key.clone(), (flight.clone(), controller));
                Ok(Some(flight))
            }
        }
    });
    let flight = match flight {
        Err(answer) => return Ok(answer),
        Ok(Some(flight)) => flight,
        Ok(None) => return Err(aborted_error()),
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
            return Err(aborted_error());
        }
    };
    SHARING.with(|s| {
        let mut s = s.borrow_mut();
        s.table.finish(&key, result.as_ref().ok().cloned(), now_ms());
        s.flights.remove(&key);
    });
    result
}
