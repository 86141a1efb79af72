//! The shell side of the panel machine ([`exemplar_core::panel`]): hands events to
//! it and carries out its commands (fetch with a deadline, abort, zoom,
//! activate). Nothing here decides; it only talks to the browser.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use futures::future::join_all;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use super::events::{dispatch_exemplar_event, open_in_new_tab};
use super::{BrowserOffset, ConfigResult, Selection, ViewState};
use crate::web::client::{fetch_exemplars, fetch_range, ClientError};
use exemplar_core::config::{Backend, TimeConfig};
use exemplar_core::model::{ExemplarFetchError, TargetData};
use exemplar_core::panel::{Clock, Command, Event, FetchFailure, PanelMachine};
use exemplar_core::prom::request::Endpoint;
use exemplar_core::query::QueryPlan;
use exemplar_core::time::zone::LocalOffset;

/// An `Arc` compared by pointer: memos over the machine's large values
/// (model, frame) change only when the value is a new one.
#[derive(Debug)]
pub struct Shared<T>(pub Option<Arc<T>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Everything the wiring needs, `Copy` (signals and node refs).
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The state machine.
    pub machine: RwSignal<PanelMachine>,
    /// The effective config (with the viewer's changes).
    pub config: Signal<ConfigResult>,
    /// The viewer's changes.
    pub view: ViewState,
    /// The selected exemplar's index.
    pub selected: Memo<Option<usize>>,
    /// The resolved selection.
    pub selection: Memo<Option<Selection>>,
    /// The panel's root element (events are dispatched from it).
    pub host: NodeRef<Div>,
    /// The plot element.
    pub plot: NodeRef<Div>,
    /// The base canvas.
    pub base: NodeRef<Canvas>,
    /// The overlay canvas.
    pub overlay: NodeRef<Canvas>,
    /// Abort controllers of the fetches in flight, by generation.
    pub aborts: StoredValue<Vec<(u64, SendWrapper<AbortController>)>>,
    /// This panel's id for request sharing.
    pub asker: u64,
    /// The panel's place in its sync group (shared crosshair and range).
    pub sync: crate::web::sync::SyncLink,
    /// The refresh timer the machine asked for.
    pub timer: StoredValue<Option<SendWrapper<super::refresh::Timer>>>,
}

/// The browser's clock and zone now.
pub fn clock() -> Clock {
    let now_ms = js_sys::Date::now() as i64;
    Clock { now_ms, utc_offset_min: BrowserOffset.offset_minutes(now_ms) }
}

/// Hands `event` to the machine and carries out its commands. Returns true
/// when the machine consumed a key (the caller prevents its default).
pub fn send(ctx: Ctx, event: Event) -> bool {
    let Some(commands) = ctx.machine.try_update(|m| m.handle(event)) else { return false };
    let mut consumed = false;
    for command in commands {
        match command {
            Command::Fetch { generation, backend, plan } => start_fetch(ctx, generation, backend, plan),
            Command::Abort { generation } => abort(ctx, generation),
            Command::Zoom { from_ms, to_ms } => {
                let current = ctx.config.with_untracked(|c| c.as_ref().ok().map(|c| c.time.clone()));
                ctx.view.set_time(TimeConfig { from: from_ms.to_string(), to: to_ms.to_string() }, current);
            }
            Command::Activate { .. } => activate(ctx),
            Command::ConsumeKey => consumed = true,
            Command::SetBox(b) => ctx.view.overrides.update(|v| v.exemplar_box = Some(b)),
            Command::WakeAt(at_ms) => super::refresh::wake_at(ctx, at_ms),
        }
    }
    consumed
}

/// `exemplar-click` for the selected exemplar; unless the host prevents it, its first link opens.
fn activate(ctx: Ctx) {
    let (Some(sel), Some(frame), Some(el)) =
        (ctx.selection.get_untracked(), ctx.machine.with_untracked(PanelMachine::frame), ctx.host.get_untracked())
    else {
        return;
    };
    let not_prevented = dispatch_exemplar_event(&el, "exemplar-click", &frame, &sel);
    if let (true, Some(link)) = (not_prevented, sel.links.first()) {
        open_in_new_tab(&link.url);
    }
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
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let deadline = controller.as_ref().and_then(|c| Deadline::start(backend.timeout_ms, c.clone()));
    if let Some(c) = controller {
        ctx.aborts.update_value(|list| list.push((generation, SendWrapper::new(c))));
    }
    spawn_local(async move {
        let timed_out = deadline.as_ref().map_or_else(Rc::default, |d| Rc::clone(&d.fired));
        let result = fetch_all(&backend, &plan, signal.as_ref(), &timed_out, ctx.asker).await;
        drop(deadline); // clears the timer
        let _ = ctx.aborts.try_update_value(|list| list.retain(|(g, _)| *g != generation));
        // The last body was parsed in the task that received it; the model
        // and the paint get a task of their own, so neither adds to the other
        // (the longest main-thread task of a refresh: BENCHMARKS.md, g).
        next_task().await;
        send(ctx, Event::Fetched { generation, result, clock: clock() });
    });
}

/// Every query of `plan`, concurrently: the range query's failure is the
/// panel's; the exemplar query's a notice under the lines. A request aborted
/// because the deadline fired says so.
async fn fetch_all(
    backend: &Backend,
    plan: &QueryPlan,
    signal: Option<&web_sys::AbortSignal>,
    timed_out: &Cell<bool>,
    asker: u64,
) -> Result<Vec<TargetData>, FetchFailure> {
    let fetches = plan.queries.iter().map(|q| async move {
        let range = fetch_range(backend, q, signal, asker);
        let exemplars = async {
            if q.fetch_exemplars {
                Some(fetch_exemplars(backend, q, signal, asker).await)
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
            Err(ClientError::Aborted) => return Err(FetchFailure::Aborted),
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

/// Resolves in a new task (a zero `setTimeout`), so that what follows does
/// not run in the task that is running now. Resolves at once when no timer can be set.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0));
        if !matches!(timer, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The client timeout of one fetch: aborts it after `ms` and remembers that
/// it did. Dropping it clears the timer.
pub(crate) struct Deadline {
    window: web_sys::Window,
    id: i32,
    /// Whether it fired.
    pub fired: Rc<Cell<bool>>,
    _fire: Closure<dyn FnMut()>,
}

impl Deadline {
    pub(crate) fn start(ms: i64, controller: AbortController) -> Option<Self> {
        let fired = Rc::new(Cell::new(false));
        let flag = Rc::clone(&fired);
        let fire = Closure::once(move || {
            flag.set(true);
            controller.abort();
        });
        let window = web_sys::window()?;
        let timeout = i32::try_from(ms).unwrap_or(i32::MAX);
        let id = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(fire.as_ref().unchecked_ref(), timeout)
            .ok()?;
        Some(Self { window, id, fired, _fire: fire })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        self.window.clear_timeout_with_handle(self.id);
    }
}
