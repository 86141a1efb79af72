//! The trace view (wasm only): a preview of an exemplar's trace inside the
//! panel. It fetches through `web/trace_client.rs`, lays out with
//! `exemplar_core::trace`, and renders only the rows in view (virtualised).
//!
//! Keys on the waterfall: ↑/↓ move, ←/→ collapse/expand (or go to the parent
//! / first child), Home/End, Enter shows the span's details; Escape anywhere
//! in the view closes it. Every label, attribute and event is set as text.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, KeyboardEvent};

use super::driver::dispatch;
use super::state::Ctx;
use super::table::RowPreview;
use crate::web::browser::BrowserOffset;
use crate::web::trace_client::fetch_trace;
use exemplar_core::panel::PanelMachine;
use exemplar_core::trace::layout::{
    find_span, on_key, scroll_to_show, service_slots, summary, window, Summary, TraceKey, Waterfall,
};
use exemplar_core::trace::request::{TraceError, TraceSource};
use exemplar_core::trace::view::{
    details, header_line, rows, PreviewTarget, RowView, TracePreviewDetail, SERVICE_COLOURS,
};
use exemplar_core::trace::Trace;

/// Row height, CSS px (the stylesheet's `.ep-span-row` height).
const ROW_PX: f64 = 22.0;
/// The waterfall's greatest height, CSS px.
const MAX_VIEW_PX: f64 = 352.0;
/// Rows rendered beyond the viewport on each side.
const OVERSCAN: usize = 8;

/// A fetched trace, laid out.
pub(crate) struct Loaded {
    trace: Trace,
    wf: Waterfall,
    summary: Summary,
    header: String,
    exemplar: Option<usize>,
    colours: std::collections::HashMap<String, usize>,
}

/// Where a preview is.
#[derive(Clone)]
enum Status {
    Loading,
    Failed(String),
    Ready(Arc<Loaded>),
}

#[derive(Clone)]
struct Preview {
    token: u64,
    target: PreviewTarget,
    status: Status,
}

/// One panel's trace preview: its state, the fetch in flight, and the panel
/// element the `trace-preview` event is dispatched from.
#[derive(Clone, Copy)]
pub(crate) struct TracePreview {
    state: RwSignal<Option<Preview>>,
    inflight: StoredValue<Option<SendWrapper<AbortController>>>,
    host: NodeRef<Div>,
}

impl TracePreview {
    pub(crate) fn new(host: NodeRef<Div>) -> Self {
        Self { state: RwSignal::new(None), inflight: StoredValue::new(None), host }
    }

    /// Opens (or replaces) the preview of `target`.
    pub(crate) fn open(self, target: PreviewTarget) {
        self.abort();
        let token = self.state.with_untracked(|s| s.as_ref().map_or(0, |p| p.token)).wrapping_add(1);
        let Ok(controller) = AbortController::new() else { return };
        self.inflight.set_value(Some(SendWrapper::new(controller.clone())));
        self.state.set(Some(Preview { token, target: target.clone(), status: Status::Loading }));
        spawn_local(async move {
            let result = match TraceSource::of(&target.datasource) {
                Ok(Some(src)) => fetch_trace(&src, &target.trace_id, &controller).await,
                Ok(None) => Err(TraceError::NoTraceDatasource),
                Err(e) => Err(e),
            };
            let current = self.state.try_with_untracked(|s| s.as_ref().map(|p| p.token)).flatten();
            if current != Some(token) {
                return;
            }
            let status = match result {
                Err(e) if e.is_aborted() => return,
                Err(e) => Status::Failed(e.to_string()),
                Ok(trace) => {
                    let wf = Waterfall::new(&trace);
                    let summary = summary(&trace, &wf);
                    let header = header_line(&summary, &BrowserOffset);
                    let exemplar = target.span_id.as_deref().and_then(|id| find_span(&trace, id));
                    self.announce(&target.trace_id, &summary);
                    let colours = service_slots(&trace, &wf, SERVICE_COLOURS);
                    Status::Ready(Arc::new(Loaded { trace, wf, summary, header, exemplar, colours }))
                }
            };
            self.state.try_update(|s| {
                if let Some(p) = s.as_mut().filter(|p| p.token == token) {
                    p.status = status;
                }
            });
        });
    }

    /// Closes the preview (aborting its fetch).
    pub(crate) fn close(self) {
        self.abort();
        self.state.set(None);
    }

    /// Gives the keyboard back to the chart (after Escape closed the view).
    fn focus_plot(self) {
        let plot = self.host.get_untracked().and_then(|h| h.query_selector("[data-testid=plot]").ok().flatten());
        if let Some(plot) = plot.and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = plot.focus();
        }
    }

    fn abort(self) {
        if let Some(Some(c)) = self.inflight.try_update_value(Option::take) {
            c.abort();
        }
    }

    /// `trace-preview` with its detail (bubbling, composed).
    fn announce(self, trace_id: &str, s: &Summary) {
        if let Some(host) = self.host.get_untracked() {
            dispatch(&host, "trace-preview", &TracePreviewDetail::of(trace_id, s));
        }
    }
}

/// The view, while a preview is open.
#[component]
pub(crate) fn TraceView(preview: TracePreview) -> impl IntoView {
    // The panel going away aborts a fetch in flight.
    on_cleanup(move || preview.abort());
    let status = Memo::new(move |_| preview.state.with(|s| s.as_ref().map(|p| (p.token, status_key(&p.status)))));
    move || {
        // Read, not only tracked: a memo computes its value when read.
        let _ = status.get();
        let p = preview.state.get_untracked()?;
        let close = move |_| preview.close();
        let on_key = move |ev: KeyboardEvent| {
            if ev.key() == "Escape" {
                ev.prevent_default();
                preview.close();
                preview.focus_plot();
            }
        };
        let open = p.target.open.clone();
        let retry_target = p.target.clone();
        let (title, body) = match p.status {
            Status::Loading => ("Loading trace…".to_string(), view! { <p class="ep-loading">"Loading trace " {p.target.trace_id.clone()} "…"</p> }.into_any()),
            Status::Failed(message) => (
                format!("Trace {}", p.target.trace_id),
                view! {
                    <div class="ep-error" role="alert" data-testid="trace-error">{message}</div>
                    <button class="ep-button" data-testid="trace-retry" on:click=move |_| preview.open(retry_target.clone())>"Retry"</button>
                }
                .into_any(),
            ),
            Status::Ready(loaded) => (loaded.summary.root_name.clone(), view! { <Waterfall loaded=loaded /> }.into_any()),
        };
        let facts = match &preview.state.get_untracked()?.status {
            Status::Ready(l) => l.header.clone(),
            _ => String::new(),
        };
        Some(view! {
            <section class="ep-trace" data-testid="trace-view" aria-label="Trace preview" on:keydown=on_key>
                <div class="ep-trace-head">
                    <h3 class="ep-trace-title" data-testid="trace-title">{title}</h3>
                    <span class="ep-trace-facts" data-testid="trace-facts">{facts}</span>
                    {open.map(|(label, url)| view! { <a class="ep-trace-open" href=url target="_blank" rel="noopener noreferrer">{label}</a> })}
                    <button class="ep-button" data-testid="trace-close" title="Close (Esc)" on:click=close>"Close"</button>
                </div>
                {body}
            </section>
        })
    }
}

/// A status's identity for the memo: loading, failed text, or the loaded trace's pointer.
fn status_key(s: &Status) -> (u8, String, usize) {
    match s {
        Status::Loading => (0, String::new(), 0),
        Status::Failed(m) => (1, m.clone(), 0),
        Status::Ready(l) => (2, String::new(), Arc::as_ptr(l) as usize),
    }
}

/// The virtualised waterfall and the focused span's details.
#[component]
fn Waterfall(loaded: Arc<Loaded>) -> impl IntoView {
    let n = loaded.trace.spans.len();
    let first = loaded.exemplar.or_else(|| loaded.wf.order.first().copied()).unwrap_or(0);
    let collapsed = RwSignal::new(vec![false; n]);
    let focus = RwSignal::new(first);
    let detail = RwSignal::new(Some(first));
    let scroll_top = RwSignal::new(0.0f64);
    let scroller = NodeRef::<Div>::new();
    let l = Arc::clone(&loaded);
    let visible = Memo::new(move |_| collapsed.with(|c| l.wf.visible(c)));
    let viewport_px = move || (visible.with(Vec::len) as f64 * ROW_PX).min(MAX_VIEW_PX);
    let position = move |span: usize| visible.with(|v| v.iter().position(|i| *i == span));
    let scroll_to = move |span: usize, center: bool| {
        let (Some(row), Some(el)) = (position(span), scroller.get_untracked()) else { return };
        let view_px = viewport_px();
        let top = if center {
            (row as f64 * ROW_PX - view_px / 2.0).max(0.0)
        } else {
            scroll_to_show(row, ROW_PX, el.scroll_top() as f64, view_px)
        };
        el.set_scroll_top(top as i32);
        scroll_top.set(top);
    };
    // The exemplar's span is scrolled into view once the rows exist.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || scroller.get().is_none() {
            return done.unwrap_or(false);
        }
        scroll_to(first, true);
        true
    });
    let l = Arc::clone(&loaded);
    let window_rows = move || {
        let top = scroll_top.get();
        let f = focus.get();
        visible.with(|v| {
            collapsed.with(|c| {
                let range = window(v.len(), ROW_PX, top, viewport_px(), OVERSCAN);
                let mut out = rows(&l.trace, &l.wf, v, range.clone(), c, &l.colours);
                // The focused row stays in the DOM (keyboard focus lives there).
                if let Some(p) = v.iter().position(|i| *i == f).filter(|p| !range.contains(p)) {
                    out.extend(rows(&l.trace, &l.wf, v, p..p + 1, c, &l.colours));
                }
                out
            })
        })
    };
    let l = Arc::clone(&loaded);
    let on_tree_key = move |ev: KeyboardEvent| {
        let key = ev.key();
        if key == "Enter" || key == " " {
            ev.prevent_default();
            detail.set(Some(focus.get_untracked()));
            return;
        }
        let Some(k) = TraceKey::from_dom(&key) else { return };
        ev.prevent_default();
        let mut next = focus.get_untracked();
        collapsed.update(|c| next = on_key(&l.wf, &l.trace, c, next, k));
        focus.set(next);
        scroll_to(next, false);
        focus_row(scroller);
    };
    let exemplar = loaded.exemplar;
    let row_view = move |r: RowView| {
        let current = exemplar == Some(r.span);
        view! { <SpanRow r=r current=current focus=focus detail=detail collapsed=collapsed /> }
    };
    let l = Arc::clone(&loaded);
    let details_view = move || detail.get().map(|i| view! { <SpanDetails loaded=Arc::clone(&l) span=i /> });
    view! {
        <div
            class="ep-trace-rows"
            role="tree"
            aria-label="Spans: arrow keys move, left and right collapse and expand, Enter shows details, Escape closes"
            node_ref=scroller
            style=move || format!("height:{}px", viewport_px())
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    scroll_top.set(el.scroll_top() as f64);
                }
            }
            on:keydown=on_tree_key
        >
            <div role="none" class="ep-trace-spacer" style=move || format!("height:{}px", visible.with(Vec::len) as f64 * ROW_PX)>
                <For each=window_rows key=|r| (r.span, r.row) children=row_view />
            </div>
        </div>
        {details_view}
    }
}

/// One waterfall row; `current` marks the exemplar's span.
#[component]
fn SpanRow(
    r: RowView,
    current: bool,
    focus: RwSignal<usize>,
    detail: RwSignal<Option<usize>>,
    collapsed: RwSignal<Vec<bool>>,
) -> impl IntoView {
    let span = r.span;
    // Reactive, so a focus move keeps the row elements (and the DOM focus in them).
    let is_focus = move || focus.get() == span;
    let toggle = move |ev: web_sys::MouseEvent| {
        ev.stop_propagation();
        collapsed.update(|c| {
            if let Some(x) = c.get_mut(span) {
                *x = !*x;
            }
        });
    };
    let indent = f64::from(r.depth.min(30)) * 12.0;
    // Reactive too, so collapsing or expanding keeps the row element, and the
    // DOM focus in it: a key pressed right after lands in the tree, not on the page.
    let has_children = r.has_children;
    let is_collapsed = move || collapsed.with(|c| c.get(span).copied().unwrap_or(false));
    let chevron = move || match (has_children, is_collapsed()) {
        (false, _) => "",
        (true, false) => "▾",
        (true, true) => "▸",
    };
    view! {
        <div
            class="ep-span-row"
            class:ep-span-exemplar=current
            class:ep-span-critical=r.critical
            class:ep-span-error=r.error
            class:ep-span-focus=is_focus
            role="treeitem"
            data-testid="trace-span"
            data-span-id=r.id.clone()
            data-service=r.service.clone()
            data-dur-us=r.dur_us.to_string()
            attr:aria-level=(r.depth + 1).to_string()
            aria-expanded=move || has_children.then(|| (!is_collapsed()).to_string())
            aria-selected=move || is_focus().to_string()
            aria-current=current.then_some("true")
            tabindex=move || if is_focus() { "0" } else { "-1" }
            style=format!("top:{}px", r.row as f64 * ROW_PX)
            on:click=move |_| {
                focus.set(span);
                detail.set(Some(span));
            }
        >
            <span class="ep-span-name" style=format!("padding-left:{indent}px")>
                <span class="ep-span-toggle" aria-hidden="true" on:click=toggle>{chevron}</span>
                <span class=format!("ep-span-swatch ep-svc-{}", r.colour) aria-hidden="true"></span>
                <span class="ep-span-service">{r.service.clone()}</span>
                " "
                <span class="ep-span-op">{r.name.clone()}</span>
                {r.error.then(|| view! { <span class="ep-span-err">" ⚠ error"</span> })}
            </span>
            <span class="ep-span-track" aria-hidden="true">
                <span
                    class=format!("ep-span-bar ep-svc-{}", r.colour)
                    style=format!("left:{:.3}%;width:max({:.3}%,1px)", r.left_pct, r.width_pct)
                ></span>
            </span>
            <span class="ep-span-dur">{r.duration.clone()}</span>
        </div>
    }
}

/// The details of span `span`, as text.
#[component]
fn SpanDetails(loaded: Arc<Loaded>, span: usize) -> impl IntoView {
    let d = details(&loaded.trace, &loaded.wf, span)?;
    let pair = |(k, v): (String, String)| view! { <tr><th>{k}</th><td>{v}</td></tr> };
    let has_attributes = !d.attributes.is_empty();
    Some(view! {
        <div class="ep-span-details" data-testid="span-details">
            <h4>{d.title}</h4>
            <table class="ep-span-facts">{d.facts.into_iter().map(pair).collect_view()}</table>
            <Show when=move || has_attributes>
                <h5>"Attributes"</h5>
            </Show>
            <table class="ep-span-attrs" data-testid="span-attributes">
                {d.attributes.into_iter().map(pair).collect_view()}
            </table>
            <ul class="ep-span-events" data-testid="span-events">
                {d.events.into_iter().map(|(at, name, fields)| view! { <li>{at} " " <strong>{name}</strong> " " {fields}</li> }).collect_view()}
            </ul>
        </div>
    })
}

/// Moves DOM focus to the focused row once it is rendered.
fn focus_row(scroller: NodeRef<Div>) {
    request_animation_frame(move || {
        // The panel may have been destroyed before this frame: `try_`.
        let Some(el) = scroller.try_get_untracked().flatten() else { return };
        if let Ok(Some(row)) = el.query_selector("[role=treeitem][tabindex='0']") {
            if let Ok(row) = row.dyn_into::<web_sys::HtmlElement>() {
                let _ = row.focus();
            }
        }
    });
}

/// What "Preview trace" on exemplar `index` opens, when its destination
/// resolves through a jaeger, tempo or zipkin datasource.
pub(crate) fn exemplar_target(ctx: Ctx, index: usize) -> Option<PreviewTarget> {
    ctx.machine.with_untracked(|m| m.preview_target(index))
}

/// The table rows' "Preview trace": offered on the rows whose exemplar has a trace datasource.
pub(crate) fn row_preview(ctx: Ctx, preview: TracePreview) -> Option<RowPreview> {
    Some(RowPreview {
        can: Callback::new(move |i| exemplar_target(ctx, i).is_some()),
        open: Callback::new(move |i| {
            if let Some(t) = exemplar_target(ctx, i) {
                preview.open(t);
            }
        }),
    })
}

/// The host's `previewTrace(id)` requests (a counter and the id): each new one opens a preview.
pub(crate) fn follow_host_requests(ctx: Ctx, preview: TracePreview, requests: Signal<Option<(u64, String)>>) {
    Effect::new(move |_| {
        let Some((_, id)) = requests.get() else { return };
        let target = ctx.machine.with_untracked(|m: &PanelMachine| m.host_preview(&id));
        preview.open(target);
    });
}
