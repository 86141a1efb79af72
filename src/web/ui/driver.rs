//! The shell side of the panel machine ([`exemplar_core::panel`]): hands
//! events to it and carries out its commands (fetch with a deadline, abort,
//! the refresh timer, paint, fire a host event, announce, zoom, keep a box,
//! tell the sync group). Nothing here decides; it only talks to the browser.

use std::cell::Cell;
use std::sync::Arc;

use futures::future::join_all;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use serde::Serialize;
use web_sys::{AbortController, CustomEvent, CustomEventInit, HtmlElement};

use super::state::Ctx;
use crate::web::browser::{after, clock, next_task, Deadline};
use crate::web::canvas::{clear_base, paint_base, paint_overlay};
use crate::web::client::{fetch_exemplars, fetch_range, ClientError};
use exemplar_core::config::{Backend, TimeConfig};
use exemplar_core::model::{ExemplarFetchError, TargetData};
use exemplar_core::panel::{Command, Event, FetchEvent, FetchFailure, HostEvent, Live, PointerEvent};
use exemplar_core::prom::request::Endpoint;
use exemplar_core::query::QueryPlan;

/// Hands `event` to the machine and carries out its commands. Returns true
/// when the machine consumed a key (the caller prevents its default).
pub fn send(ctx: Ctx, event: impl Into<Event>) -> bool {
    let event = event.into();
    let Some(commands) = ctx.machine.try_update(|m| m.handle(event)) else { return false };
    let mut consumed = false;
    for command in commands {
        match command {
            Command::Fetch { generation, backend, plan } => start_fetch(ctx, generation, backend, plan),
            Command::Abort { generation } => abort(ctx, generation),
            Command::WakeAt(at_ms) => wake_at(ctx, at_ms),
            Command::PaintBase(base) => {
                let painted = ctx.base.get_untracked().map(|canvas| paint_base(&canvas, &base));
                if let Some(Err(e)) = painted {
                    send(ctx, Event::PaintFailed(e.to_string()));
                }
            }
            Command::ClearBase => {
                if let Some(canvas) = ctx.base.get_untracked() {
                    clear_base(&canvas);
                }
            }
            Command::PaintOverlay(paint) => {
                if let Some(canvas) = ctx.overlay.get_untracked() {
                    paint_overlay(&canvas, &paint);
                }
            }
            Command::Emit(event) => emit(ctx, event),
            Command::Announce(Live::Selection, text) => ctx.said.set(text),
            Command::Announce(Live::Box, text) => ctx.box_said.set(text),
            Command::Zoom { from_ms, to_ms } => {
                let current = ctx.view.with_untracked(|v| v.0.as_ref()?.controls.as_ref().map(|c| c.time.clone()));
                ctx.changes.set_time(TimeConfig { from: from_ms.to_string(), to: to_ms.to_string() }, current);
            }
            Command::SetBox(b) => ctx.changes.overrides.update(|v| v.exemplar_box = Some(b)),
            Command::ConsumeKey => consumed = true,
            Command::FocusTooltip => focus_tooltip(ctx),
            Command::SyncHover(t_ms) => {
                if let Some(id) = ctx.sync.get_value() {
                    crate::web::sync::hover(id, t_ms);
                }
            }
        }
    }
    consumed
}

/// Fires `event` from the panel's element; `exemplar-click`'s default action
/// (its first trace link) runs unless a listener prevented it.
fn emit(ctx: Ctx, event: HostEvent) {
    let Some(host) = ctx.host.get_untracked() else { return };
    let name = event.name();
    match event {
        HostEvent::Select(detail) => drop(dispatch(&host, name, &detail)),
        HostEvent::Box(detail) => drop(dispatch(&host, name, &detail)),
        HostEvent::Click(detail) => {
            // Its default action is the pin: a host that prevents it takes over.
            if !dispatch(&host, name, &detail) {
                send(ctx, PointerEvent::Unpin);
            }
        }
    }
}

/// Moves the keyboard into the pinned tooltip: its first link or button, once rendered.
fn focus_tooltip(ctx: Ctx) {
    request_animation_frame(move || {
        let Some(plot) = ctx.plot.try_get_untracked().flatten() else { return };
        // Its first trace link (what the keyboard came for), else its first button
        // (a selector list would match the × first: it comes first in the DOM).
        let pick = |sel: &str| plot.query_selector(sel).ok().flatten();
        let first = pick(".ep-tooltip a[href]").or_else(|| pick(".ep-tooltip button"));
        if let Some(el) = first {
            crate::web::dom::focus(&el);
        }
    });
}

/// Dispatches `kind` with `detail` (serialised by serde-wasm-bindgen, maps as
/// objects) from `host` (bubbling, composed, cancelable). Returns false when
/// a listener called `preventDefault()`.
pub fn dispatch(host: &HtmlElement, kind: &str, detail: &impl Serialize) -> bool {
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(true);
    let Ok(detail) = detail.serialize(&serializer) else { return true };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    init.set_detail(&detail);
    match CustomEvent::new_with_event_init_dict(kind, &init) {
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}

/// Replaces the panel's timer: [`FetchEvent::Tick`] at `at_ms` (epoch), or none.
fn wake_at(ctx: Ctx, at_ms: Option<i64>) {
    let timer = at_ms.map(|at| {
        let delay = at.saturating_sub(clock().now_ms);
        SendWrapper::new(after(delay, move || {
            send(ctx, FetchEvent::Tick(clock()));
        }))
    });
    ctx.timer.set_value(timer); // drops (cancels) the previous one
}

fn abort(ctx: Ctx, generation: u64) {
    let taken = ctx.aborts.try_update_value(|list| {
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(list).into_iter().partition(|(g, _)| *g == generation);
        *list = kept;
        gone
    });
    for (_, controller) in taken.into_iter().flatten() {
        controller.abort();
    }
}

fn start_fetch(ctx: Ctx, generation: u64, backend: Backend, plan: Arc<QueryPlan>) {
    let Ok(controller) = AbortController::new() else {
        let message = "the browser refused to start a request (no AbortController)".to_string();
        send(ctx, FetchEvent::Fetched { generation, result: Err(FetchFailure::Failed { message }), clock: clock() });
        return;
    };
    let signal = controller.signal();
    let deadline = Deadline::start(backend.timeout_ms, controller.clone());
    ctx.aborts.update_value(|list| list.push((generation, SendWrapper::new(controller))));
    spawn_local(async move {
        let result = fetch_all(&backend, &plan, &signal, &deadline.fired, ctx.asker).await;
        drop(deadline); // clears the timer
        let _ = ctx.aborts.try_update_value(|list| list.retain(|(g, _)| *g != generation));
        // The last body was parsed in the task that received it; the model
        // and the paint get a task of their own, so neither adds to the other
        // (the longest main-thread task of a refresh: BENCHMARKS.md, g).
        next_task().await;
        send(ctx, FetchEvent::Fetched { generation, result, clock: clock() });
    });
}

/// Every query of `plan`, concurrently: the range query's failure is the
/// panel's; the exemplar query's a notice under the lines. A request aborted
/// because the deadline fired says so.
async fn fetch_all(
    backend: &Backend,
    plan: &QueryPlan,
    signal: &web_sys::AbortSignal,
    timed_out: &Cell<bool>,
    asker: u64,
) -> Result<Vec<TargetData>, FetchFailure> {
    let fetches = plan.queries.iter().map(|q| async move {
        let range = fetch_range(backend, q, Some(signal), asker);
        let exemplars = async {
            if q.fetch_exemplars {
                Some(fetch_exemplars(backend, q, Some(signal), asker).await)
            } else {
                None
            }
        };
        let (range, exemplars) = futures::join!(range, exemplars);
        (q.clone(), range, exemplars)
    });
    let why = |e: ClientError, endpoint| e.or_timed_out(timed_out.get(), backend, endpoint);
    let mut data = Vec::new();
    for (query, range, exemplars) in join_all(fetches).await {
        let range = match range.map_err(|e| why(e, Endpoint::QueryRange)) {
            Ok(r) => r,
            Err(e) if e.is_aborted() => return Err(FetchFailure::Aborted),
            Err(ClientError::Throttled { source, retry_after }) => {
                return Err(FetchFailure::Throttled { message: format!("{}: {source}", query.ref_id), retry_after })
            }
            Err(e) => return Err(FetchFailure::Failed { message: format!("{}: {e}", query.ref_id) }),
        };
        let exemplars =
            exemplars.map(|r| r.map_err(|e| ExemplarFetchError::Request(why(e, Endpoint::QueryExemplars).to_string())));
        data.push(TargetData { query, range, exemplars });
    }
    Ok(data)
}
