//! Leptos components (the shell's fourth layer): they wire DOM events,
//! timers and fetches to the pure panel machine ([`exemplar_core::panel`])
//! and render what it says.
//!
//! The rule: a component reads only the machine (its [`PanelView`], the
//! selection, the table's rows), and writes only events to it and the
//! viewer's changes ([`ViewState`]). It never reads the config: the config
//! goes in once, parsed, as `Event::Spec`. One way, in signals: the effective
//! config (config + the viewer's changes) → its [`Spec`] → `Event::Spec`; the
//! plot's size → `Event::Size`; the colour scheme → `Event::PrefersDark`;
//! DOM events → `Event::Pointer`, `Event::Legend`, …; `driver` carries out
//! the commands (fetch, paint, host events, announcements).

#[cfg(feature = "doctor")]
pub(crate) mod code;
mod controls;
#[cfg(feature = "doctor")]
mod doctor;
#[cfg(not(feature = "doctor"))]
#[path = "doctor_off.rs"]
mod doctor;
mod driver;
mod legend;
mod plot;
mod readout;
mod refresh;
pub(crate) mod state;
mod switches;
mod table;
mod toolbar;
mod tooltip;
#[cfg(feature = "trace-view")]
mod trace;
#[cfg(not(feature = "trace-view"))]
#[path = "trace_off.rs"]
mod trace;

use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ResizeObserver;

use crate::web::browser::{clock, dark_scheme_query, page_seed, zone};
use exemplar_core::config::{PanelConfig, Spec, ThemeChoice, TimeConfig};
use exemplar_core::model::NoticeLevel;
use exemplar_core::panel::{Event, PanelMachine};
use exemplar_core::render::layout::PlotSize;

use controls::FilterBar;
use driver::send;
use legend::Legend;
use plot::Plot;
pub use state::{ConfigResult, ViewState};
use state::{Ctx, Shared};
use table::ExemplarTable;
use toolbar::Toolbar;
use trace::{TracePreview, TraceView};

/// The panel, as a Leptos component: give it a config and it fetches, draws and links.
///
/// `time_range` and `theme`, when given, override the config's `time` and
/// `theme` and follow their signals: a dashboard can drive many panels from
/// one time picker. A changed range queries again; a changed theme only
/// repaints. `tests/web.rs` (`the_leptos_component_follows_its_signals`) runs
/// this example in Chromium.
///
/// ```ignore
/// use exemplar_panel::{ExemplarPanel, PanelConfig, ThemeChoice, TimeConfig};
/// use leptos::prelude::*;
///
/// let config = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#)?;
/// let range = RwSignal::new(TimeConfig { from: "now-1h".into(), to: "now".into() });
/// let theme = RwSignal::new(ThemeChoice::Dark);
/// leptos::mount::mount_to_body(move || {
///     view! { <ExemplarPanel config=config.clone() time_range=range theme=theme /> }
/// });
/// range.set(TimeConfig { from: "now-6h".into(), to: "now".into() }); // queries again
/// ```
#[component]
pub fn ExemplarPanel(
    /// The panel configuration.
    config: PanelConfig,
    /// Overrides `config.time` while set.
    #[prop(optional, into)]
    time_range: Option<Signal<TimeConfig>>,
    /// Overrides `config.theme` while set.
    #[prop(optional, into)]
    theme: Option<Signal<ThemeChoice>>,
) -> impl IntoView {
    let base = Arc::new(config);
    let config = Signal::derive(move || {
        let mut c = Arc::clone(&base);
        if let Some(range) = time_range {
            range.with(|r| Arc::make_mut(&mut c).time = r.clone());
        }
        if let Some(theme) = theme {
            Arc::make_mut(&mut c).theme = theme.get();
        }
        Ok(c)
    });
    view! { <Panel config=config /> }
}

/// The panel on a reactive config (used by the app and the embed layer).
/// `refresh` is an external "query again" trigger (the JS handle's `refresh()`).
#[component]
pub(crate) fn Panel(
    config: Signal<ConfigResult>,
    #[prop(optional)] refresh: Option<Signal<u64>>,
    #[prop(optional)] view: Option<ViewState>,
    /// The host's `previewTrace(id)` requests.
    #[prop(optional)]
    preview_trace: Option<Signal<Option<(u64, String)>>>,
) -> impl IntoView {
    let changes = view.unwrap_or_default();
    let config = effective_config(config, changes);
    let machine = RwSignal::new(PanelMachine::with_seed(page_seed(), zone()));
    let ctx = Ctx {
        machine,
        view: Memo::new(move |_| Shared(Some(machine.with(PanelMachine::view)))),
        selection: Memo::new(move |_| Shared(machine.with(PanelMachine::selection))),
        changes,
        host: NodeRef::new(),
        plot: NodeRef::new(),
        base: NodeRef::new(),
        overlay: NodeRef::new(),
        said: RwSignal::new(String::new()),
        box_said: RwSignal::new(String::new()),
        aborts: StoredValue::new(Vec::new()),
        asker: crate::web::client::new_asker(),
        sync: StoredValue::new(None),
        timer: StoredValue::new(None),
    };
    feed_spec(ctx, config);
    watch_size(ctx);
    watch_scheme(ctx);
    refresh::wire_refresh(ctx, refresh);
    join_sync(ctx);
    on_cleanup(move || {
        send(ctx, Event::Destroy);
    });
    let preview = TracePreview::new(ctx.host);
    if let Some(requests) = preview_trace {
        trace::follow_host_requests(ctx, preview, requests);
    }
    view! { <PanelBody ctx=ctx preview=preview /> }
}

/// The config with the viewer's changes; a new range from outside (the
/// host's `setTimeRange`, a URL) ends the viewer's own range and zoom history.
fn effective_config(config: Signal<ConfigResult>, view: ViewState) -> Signal<ConfigResult> {
    let base_time = Memo::new(move |_| config.with(|c| c.as_ref().ok().map(|c| c.time.clone())));
    Effect::new(move |prev: Option<()>| {
        base_time.track();
        if prev.is_some() {
            view.overrides.update(|v| v.time = None);
            view.zooms.set(Vec::new());
        }
    });
    Memo::new(move |_| {
        config.with(|c| match c {
            Ok(c) => view.overrides.with(|v| Ok(Arc::new(c.with_view(v)))),
            Err(e) => Err(e.clone()),
        })
    })
    .into()
}

/// The config, parsed once → `Event::Spec` (only when it changes).
fn feed_spec(ctx: Ctx, config: Signal<ConfigResult>) {
    let spec = Memo::new(move |_| config.with(|c| c.clone().and_then(|c| Spec::of(c).map(Arc::new))));
    Effect::new(move |_| {
        send(ctx, Event::Spec(spec.get(), clock()));
    });
}

/// The plot's size: measured once at mount (so the first fetch does not wait
/// a frame for the observer), then kept by a ResizeObserver.
fn watch_size(ctx: Ctx) {
    let last = StoredValue::new(None::<PlotSize>);
    let measure = move || {
        let Some(el) = ctx.plot.get_untracked() else { return };
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let next = PlotSize { width_css: f64::from(el.client_width()), height_css: f64::from(el.client_height()), dpr };
        if last.get_value() != Some(next) {
            last.set_value(Some(next));
            send(ctx, Event::Size(next, clock()));
        }
    };
    Effect::new(move |_| {
        let Some(el) = ctx.plot.get() else { return };
        measure();
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| measure());
        if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let keep = SendWrapper::new((observer, on_resize));
            on_cleanup(move || keep.0.disconnect());
        }
    });
}

/// The browser's colour scheme → `Event::PrefersDark`, now and when it changes.
fn watch_scheme(ctx: Ctx) {
    let Some(query) = dark_scheme_query() else { return };
    send(ctx, Event::PrefersDark(query.matches()));
    let on_change = Closure::<dyn FnMut(web_sys::MediaQueryListEvent)>::new(move |e: web_sys::MediaQueryListEvent| {
        send(ctx, Event::PrefersDark(e.matches()));
    });
    if query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref()).is_ok() {
        let keep = SendWrapper::new((query, on_change));
        on_cleanup(move || {
            let (query, f) = &*keep;
            let _ = query.remove_event_listener_with_callback("change", f.as_ref().unchecked_ref());
        });
    }
}

/// Joins the page's sync registry with the settings the machine reads from the spec.
fn join_sync(ctx: Ctx) {
    let settings = Memo::new(move |_| {
        ctx.view.with(|v| {
            let c = v.0.as_ref()?.controls.as_ref()?;
            Some((c.sync.0.clone(), c.sync.1, c.time.clone()))
        })
    });
    let hovered = Callback::new(move |t_ms: Option<i64>| {
        send(ctx, Event::SyncedHover(t_ms));
    });
    let follow = Callback::new(move |time: TimeConfig| ctx.changes.overrides.update(|v| v.time = Some(time)));
    let id = crate::web::sync::join_page(settings.into(), hovered, follow);
    ctx.sync.set_value(Some(id));
}

/// The panel's markup: header, error, notices, toolbar, filters, the plot
/// with its canvases and tooltip, legend, table, and the aria-live lines.
#[component]
fn PanelBody(ctx: Ctx, preview: TracePreview) -> impl IntoView {
    let state = Memo::new(move |_| ctx.read(|v| v.state));
    let dark = Memo::new(move |_| ctx.read(|v| v.dark));
    let title = Memo::new(move |_| ctx.read(|v| v.title.clone()));
    let count = Memo::new(move |_| ctx.read(|v| v.count.clone()));
    let failure = Memo::new(move |_| ctx.read(|v| v.failure.clone()));
    let loading = Memo::new(move |_| ctx.read(|v| v.loading));
    let notices = Memo::new(move |_| ctx.read(|v| v.notices.clone()));
    let toolbar = Memo::new(move |_| ctx.read(|v| v.controls.as_ref().is_some_and(|c| c.toolbar)));
    // `data-state` on the host page's element too, so a page observes it from
    // outside the shadow root (docs/host-contract.md).
    Effect::new(move |_| {
        let s = state.get();
        if let Some(host) = ctx.host.get().and_then(|el| crate::web::dom::host_element(&el)) {
            let _ = host.set_attribute("data-state", s);
        }
    });
    view! {
        <div
            class="ep-panel"
            data-exemplar-panel=""
            node_ref=ctx.host
            data-state=move || state.get()
            data-theme=move || if dark.get() { "dark" } else { "light" }
        >
            <div class="ep-header">
                <h2 class="ep-title">{move || title.get()}</h2>
                <span class="ep-count" data-testid="count">{move || count.get()}</span>
            </div>
            {move || failure.get().map(|m| view! { <div class="ep-error" role="alert" data-testid="error">{m}</div> })}
            <Show when=move || loading.get()>
                <div class="ep-loading">"Loading…"</div>
            </Show>
            <ul class="ep-notices">
                {move || {
                    notices
                        .get()
                        .into_iter()
                        .map(|(level, text)| {
                            let class = if level == NoticeLevel::Info { "ep-notice ep-info" } else { "ep-notice ep-warning" };
                            view! { <li class=class data-testid="notice">{text}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            <Show when=move || toolbar.get()>
                <Toolbar ctx=ctx />
            </Show>
            <doctor::DoctorSection ctx=ctx />
            <FilterBar ctx=ctx />
            <Plot ctx=ctx preview=preview />
            <TraceView preview=preview />
            <Legend ctx=ctx />
            <ExemplarTable ctx=ctx preview=trace::row_preview(ctx, preview) />
            <div class="ep-sr-only" aria-live="polite">{move || ctx.said.get()}</div>
            <div class="ep-sr-only" aria-live="polite" data-testid="box-announcement">{move || ctx.box_said.get()}</div>
        </div>
    }
}
