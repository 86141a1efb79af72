//! Leptos components (wasm only): they wire DOM events, timers and fetches
//! to the pure panel machine ([`exemplar_core::panel`]) and render its state.
//!
//! One way, in signals: the effective config (config + the viewer's changes)
//! → its [`QuerySpec`] → `Event::Config`; the plot's size → `Event::Width`;
//! timers → `Event::Tick`; the machine's model + size + filters + theme →
//! [`Frame`] → base canvas and `Event::Frame`; the machine's selection →
//! overlay canvas, tooltip, `exemplar-select`, aria-live text. `driver`
//! carries out the machine's commands.

mod boxsel;
#[cfg(feature = "doctor")]
pub(crate) mod code;
mod controls;
#[cfg(feature = "doctor")]
mod doctor;
#[cfg(not(feature = "doctor"))]
#[path = "doctor_off.rs"]
mod doctor;
pub(crate) mod driver;
mod events;
mod legend;
mod refresh;
mod switches;
mod table;
mod toolbar;
mod tooltip;
#[cfg(feature = "trace-view")]
mod trace;
#[cfg(not(feature = "trace-view"))]
#[path = "trace_off.rs"]
mod trace;

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, MouseEvent, PointerEvent, ResizeObserver};

use crate::web::canvas::{paint_base, paint_overlay};
use exemplar_core::config::{
    ConfigError, PanelConfig, QuerySpec, Spec, ThemeChoice, TimeConfig, Unit, ViewOverrides, YScale,
};
use exemplar_core::interact::frame::{Frame, FrameInput};
use exemplar_core::model::NoticeLevel;
use exemplar_core::panel::{exemplar_count_text, notices, resolve_selection, Event, Key, Load, PanelMachine};
use exemplar_core::render::layout::{tick_text, PlotSize};
use exemplar_core::render::overlay::{box_corners_css, Extras};
use exemplar_core::render::theme::Theme;
use exemplar_core::select::filter::{ExemplarFilter, SortOrder};
use exemplar_core::select::sample::Sampler;
use exemplar_core::time::zone::LocalOffset;

use controls::FilterBar;
use driver::{clock, send, Ctx, Shared};
use events::dispatch_exemplar_event;
pub(crate) use exemplar_core::panel::Selection;
use legend::Legend;
use table::ExemplarTable;
use toolbar::Toolbar;
use tooltip::Tooltip;
use trace::{TracePreview, TraceView};

/// Structural styles, inline so the panel lays out even without its
/// stylesheet; the height is a custom property a host page may set.
const PLOT_STYLE: &str = "position:relative;width:100%;height:var(--ep-plot-height,320px)";
const CANVAS_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%";
const OVERLAY_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none";

/// The browser's time zone, through JS `Date`.
pub struct BrowserOffset;

impl LocalOffset for BrowserOffset {
    fn offset_minutes(&self, t_ms: i64) -> i32 {
        -(js_sys::Date::new(&JsValue::from_f64(t_ms as f64)).get_timezone_offset() as i32)
    }
}

/// A config, or why there is none.
pub type ConfigResult = Result<Arc<PanelConfig>, ConfigError>;

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

/// A viewer's changes to one panel (range, zoom history, refresh, theme,
/// "all exemplars", filters), kept apart from its config. The app passes its
/// own to keep them in the URL; otherwise the panel keeps them itself.
#[derive(Clone, Copy)]
pub struct ViewState {
    /// What the viewer changed.
    pub overrides: RwSignal<ViewOverrides>,
    /// The ranges before each zoom, newest last: "zoom out" goes back one.
    pub zooms: RwSignal<Vec<TimeConfig>>,
    /// The toolbar's box mode: a plain drag draws a box of exemplars (as shift-drag does).
    pub box_mode: RwSignal<bool>,
}

impl Default for ViewState {
    fn default() -> Self {
        Self::new()
    }
}

impl ViewState {
    /// No changes yet.
    pub fn new() -> Self {
        Self {
            overrides: RwSignal::new(ViewOverrides::default()),
            zooms: RwSignal::new(Vec::new()),
            box_mode: RwSignal::new(false),
        }
    }

    /// Shows `time`. A zoom remembers the range it came from (`zoomed_from`)
    /// for "zoom back"; any other new range forgets the zoom history.
    pub fn set_time(self, time: TimeConfig, zoomed_from: Option<TimeConfig>) {
        match zoomed_from {
            Some(previous) => self.zooms.update(|z| z.push(previous)),
            None => self.zooms.set(Vec::new()),
        }
        self.overrides.update(|v| v.time = Some(time));
    }
}

/// The viewer-facing signals of one panel that are not the machine's.
#[derive(Clone, Copy)]
struct Looks {
    size: RwSignal<Option<PlotSize>>,
    hidden: RwSignal<BTreeSet<String>>,
    dark: Memo<bool>,
    theme: Memo<Theme>,
    unit: Memo<Unit>,
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
    let view = view.unwrap_or_default();
    let config = effective_config(config, view);
    let spec = Memo::new(move |_| config.with(|c| c.as_ref().map_err(Clone::clone).and_then(|c| Spec::parse(c))));
    let machine = RwSignal::new(PanelMachine::with_seed(page_seed()));
    let dark = Memo::new(move |_| {
        config.with(|c| match c.as_ref().map_or(ThemeChoice::Auto, |c| c.theme) {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::Auto => prefers_dark(),
        })
    });
    let looks = Looks {
        size: RwSignal::new(None),
        hidden: RwSignal::new(BTreeSet::new()),
        dark,
        theme: Memo::new(move |_| if dark.get() { Theme::dark() } else { Theme::light() }),
        unit: Memo::new(move |_| spec.with(|s| s.as_ref().map_or(Unit::Short, |s| s.unit))),
    };
    let frame = Memo::new(move |_| Shared(machine.with(PanelMachine::frame)));
    // The machine changes on every pointer move; the selection only when its
    // index, the frame, the theme or the config does (hover stays cheap).
    let selected = Memo::new(move |_| machine.with(PanelMachine::selected));
    let selection = Memo::new(move |_| {
        let index = selected.get()?;
        let frame = frame.get().0?;
        let theme = looks.theme.get();
        config.with(|c| {
            resolve_selection(&frame, index, c.as_ref().ok().map(Arc::as_ref), looks.unit.get(), &theme, &BrowserOffset)
        })
    });
    let ctx = Ctx {
        machine,
        config,
        view,
        selected,
        selection,
        host: NodeRef::new(),
        plot: NodeRef::new(),
        base: NodeRef::new(),
        overlay: NodeRef::new(),
        aborts: StoredValue::new(Vec::new()),
        timer: StoredValue::new(None),
        asker: crate::web::client::new_asker(),
        sync: crate::web::sync::join_page(config, view),
    };
    feed_config(ctx, spec);
    watch_size(ctx, looks.size);
    refresh::wire_refresh(ctx, Memo::new(move |_| spec.with(|s| s.as_ref().ok().and_then(|s| s.refresh_ms))), refresh);
    paint_frames(ctx, spec, looks);
    paint_selection(ctx, looks.theme, frame);
    on_cleanup(move || {
        send(ctx, Event::Destroy);
    });
    let preview = TracePreview::new(ctx.host);
    if let Some(requests) = preview_trace {
        trace::follow_host_requests(preview, config, requests);
    }
    view! { <PanelView ctx=ctx looks=looks preview=preview /> }
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

/// What is fetched → `Event::Config` (only when it changes: editing links or
/// the theme never queries again).
fn feed_config(ctx: Ctx, spec: Memo<Result<Spec, ConfigError>>) {
    let query = Memo::new(move |_| spec.with(|s| s.as_ref().map(|s| Arc::new(s.query.clone())).map_err(Clone::clone)));
    Effect::new(move |_| {
        let q: Result<Arc<QuerySpec>, ConfigError> = query.get();
        send(ctx, Event::Config(q, clock()));
    });
}

/// The plot's size: measured once at mount (so the first fetch does not wait
/// a frame for the observer), then kept by a ResizeObserver.
fn watch_size(ctx: Ctx, size: RwSignal<Option<PlotSize>>) {
    let measure = move || {
        let Some(el) = ctx.plot.get_untracked() else { return };
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let next = PlotSize { width_css: f64::from(el.client_width()), height_css: f64::from(el.client_height()), dpr };
        if size.get_untracked() != Some(next) {
            size.set(Some(next));
            send(ctx, Event::Width(next.width_css, clock()));
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

/// The machine's model + size + filters + sampling + hidden series + theme
/// → a frame → the base canvas, and `Event::Frame` (hover reads the frame;
/// it never rebuilds one).
fn paint_frames(ctx: Ctx, spec: Memo<Result<Spec, ConfigError>>, looks: Looks) {
    let model = Memo::new(move |_| Shared(ctx.machine.with(PanelMachine::model)));
    let sampler = Memo::new(move |_| spec.with(|s| s.as_ref().map_or(Sampler::default(), |s| s.sampler)));
    // The chart's view settings in one memo: scale, exemplar switch, box.
    let chart = Memo::new(move |_| {
        let scale = spec.with(|s| s.as_ref().map_or(YScale::Linear, |s| s.y_scale));
        ctx.config.with(|c| c.as_ref().map_or((scale, false, None), |c| (scale, c.hide_exemplars, c.exemplar_box)))
    });
    let filter = Memo::new(move |_| {
        ctx.config.with(|c| {
            c.as_ref().ok().and_then(|c| ExemplarFilter::from_config(&c.filters, c.unit).ok()).unwrap_or_default()
        })
    });
    Effect::new(move |_| {
        let (Some(model), Some(size)) = (model.get().0, looks.size.get()) else {
            send(ctx, Event::Frame(None));
            return;
        };
        let filter = filter.get();
        let (scale, exemplars_hidden, exemplar_box) = chart.get();
        let hidden: Vec<bool> = looks.hidden.with(|h| model.series.iter().map(|s| h.contains(&s.key())).collect());
        let (next, scene) = looks.theme.with(|theme| {
            ctx.config.with_untracked(|c| {
                let input = FrameInput {
                    size,
                    unit: looks.unit.get(),
                    scale,
                    exemplars_hidden,
                    exemplar_box,
                    tz: &BrowserOffset,
                    filter: &filter,
                    sampler: sampler.get(),
                    hidden_series: &hidden,
                    theme,
                    config: c.as_ref().ok().map(Arc::as_ref),
                };
                Frame::build(model, &input)
            })
        });
        if let Some(canvas) = ctx.base.get_untracked() {
            if let Err(e) = paint_base(&canvas, size, &scene) {
                send(ctx, Event::PaintFailed(e.to_string()));
                return;
            }
            // The axes' labels as text (the canvas has none to read): for tests and tools.
            let _ = canvas.set_attribute("data-y-ticks", &tick_text(&next.layout.y_ticks));
            let _ = canvas.set_attribute("data-x-ticks", &tick_text(&next.layout.x_ticks));
        }
        send(ctx, Event::Frame(Some(Arc::new(next))));
    });
}

/// The overlay on every selection change (and drag); `exemplar-select` only
/// when the selected exemplar changes, not when a resize moves it.
fn paint_selection(ctx: Ctx, theme: Memo<Theme>, frame: Memo<Shared<Frame>>) {
    let zoom = Memo::new(move |_| ctx.machine.with(PanelMachine::zoom_box));
    let box_drag = Memo::new(move |_| ctx.machine.with(PanelMachine::box_drag));
    let announced = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        let sel = ctx.selection.get();
        let zoom = zoom.get();
        let Some(frame) = frame.get().0 else { return };
        let kept = frame.boxed.as_ref().map(|(b, _)| box_corners_css(&frame.layout, b));
        let extras = Extras { box_css: box_drag.get().or(kept), synced_t_ms: ctx.sync.synced_t.get() };
        if let Some(canvas) = ctx.overlay.get_untracked() {
            let ring = sel.as_ref().map(|s| {
                let color = frame.model.exemplars.get(s.index).and_then(|e| e.series);
                let color = color.and_then(|i| frame.model.series.get(i)).map(|series| series.color);
                let color = theme.with(|t| color.map_or(t.unmatched, |c| t.series_color(c)));
                ((s.x_css, s.y_css), color)
            });
            paint_overlay(&canvas, &frame.layout, ring, zoom, extras);
        }
        let index = sel.as_ref().map(|s| s.index);
        if announced.get_value() != index {
            announced.set_value(index);
            if let (Some(sel), Some(el)) = (sel, ctx.host.get_untracked()) {
                dispatch_exemplar_event(&el, "exemplar-select", &frame, &sel);
            }
        }
    });
}

/// The panel's markup: header, error, notices, toolbar, filters, the plot
/// with its canvases and tooltip, legend, table, and the aria-live line.
#[component]
fn PanelView(ctx: Ctx, looks: Looks, preview: TracePreview) -> impl IntoView {
    let Ctx { machine, config, view, selection, .. } = ctx;
    // Memos: the machine changes on every pointer move; the DOM only when these do.
    let model = Memo::new(move |_| Shared(machine.with(PanelMachine::model)));
    let frame = Memo::new(move |_| Shared(machine.with(PanelMachine::frame)));
    let state = Memo::new(move |_| machine.with(PanelMachine::state_name));
    let failure = Memo::new(move |_| machine.with(|m| m.failure_text(&BrowserOffset)));
    let loading = Memo::new(move |_| machine.with(|m| matches!(m.load(), Load::Loading)));
    let pinned: Signal<bool> = Memo::new(move |_| machine.with(PanelMachine::pinned)).into();
    let selected: Signal<Option<usize>> = ctx.selected.into();
    let model_signal = Signal::derive(move || model.get().0);
    let frame_signal = Signal::derive(move || frame.get().0);
    let refresh_notes = Memo::new(move |_| machine.with(|m| m.refresh_notices(&BrowserOffset)));
    let notices = move || {
        let (model, frame) = (model.get().0, frame.get().0);
        let mut out = config.with(|c| notices(c.as_ref().ok().map(Arc::as_ref), model.as_deref(), frame.as_deref()));
        out.extend(refresh_notes.get());
        out
    };
    let title = move || config.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let gap = RwSignal::new(None);
    let table_open = RwSignal::new(false);
    let box_said = boxsel::announce_boxes(ctx, frame, looks.unit, looks.theme, table_open);
    view! {
        <div
            class="ep-panel"
            data-exemplar-panel=""
            node_ref=ctx.host
            data-state=move || state.get()
            data-theme=move || if looks.dark.get() { "dark" } else { "light" }
        >
            <div class="ep-header">
                <h2 class="ep-title">{title}</h2>
                <span class="ep-count" data-testid="count">
                    {move || frame.get().0.and_then(|f| exemplar_count_text(&f))}
                </span>
            </div>
            {move || failure.get().map(|m| view! { <div class="ep-error" role="alert" data-testid="error">{m}</div> })}
            <Show when=move || loading.get()>
                <div class="ep-loading">"Loading…"</div>
            </Show>
            <ul class="ep-notices">
                {move || {
                    notices()
                        .into_iter()
                        .map(|(level, text)| {
                            let class = if level == NoticeLevel::Info { "ep-notice ep-info" } else { "ep-notice ep-warning" };
                            view! { <li class=class data-testid="notice">{text}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            <Show when=move || config.with(|c| c.as_ref().is_ok_and(|c| c.toolbar))>
                <Toolbar config=config view=view dark=looks.dark />
            </Show>
            <doctor::DoctorSection ctx=ctx gap=gap />
            <FilterBar config=config view=view />
            <Plot ctx=ctx pinned=pinned gap=gap preview=preview />
            <TraceView preview=preview />
            <Legend model=model_signal theme=looks.theme hidden=looks.hidden />
            <ExemplarTable
                frame=frame_signal
                config=config
                unit=looks.unit
                show=table_open
                sort=RwSignal::new(SortOrder::default())
                selected=selected
                on_select=Callback::new(move |i: usize| {
                    send(ctx, Event::PickRow(i));
                })
                preview=trace::row_preview(ctx, preview)
            />
            <div class="ep-sr-only" aria-live="polite">{move || selection.get().map(|s| s.announcement())}</div>
            <div class="ep-sr-only" aria-live="polite" data-testid="box-announcement">{move || box_said.get()}</div>
        </div>
    }
}

/// The plot: two canvases and the tooltip; pointer and keys go to the machine.
#[component]
fn Plot(
    ctx: Ctx,
    pinned: Signal<bool>,
    gap: RwSignal<Option<exemplar_core::doctor::Band>>,
    preview: TracePreview,
) -> impl IntoView {
    let at = move |x: i32, y: i32| local_point(ctx.plot, x, y);
    let on_down = move |ev: PointerEvent| {
        if ev.button() != 0 || in_tooltip(&ev) {
            return;
        }
        if let Some((x_css, y_css)) = at(ev.client_x(), ev.client_y()) {
            let boxing = ev.shift_key() || ctx.view.box_mode.get_untracked();
            send(ctx, Event::PointerDown { x_css, y_css, boxing });
        }
    };
    let on_up = move |ev: PointerEvent| {
        if let Some((x_css, _)) = at(ev.client_x(), ev.client_y()) {
            send(ctx, Event::PointerUp { x_css });
        }
    };
    let on_move = move |ev: PointerEvent| {
        if let Some((x_css, y_css)) = at(ev.client_x(), ev.client_y()) {
            send(ctx, Event::PointerMove { x_css, y_css, over_tooltip: in_tooltip(&ev) });
            let t_ms = ctx.machine.with_untracked(PanelMachine::frame).and_then(|f| f.hover_time(x_css, y_css));
            crate::web::sync::hover(ctx.sync.id, t_ms);
        }
    };
    let on_click = move |ev: MouseEvent| {
        let event = match at(ev.client_x(), ev.client_y()) {
            _ if in_tooltip(&ev) => Event::TooltipClick,
            Some((x_css, y_css)) => Event::Click { x_css, y_css },
            None => return,
        };
        send(ctx, event);
    };
    let on_key = move |ev: KeyboardEvent| {
        if let Some(key) = Key::from_dom(&ev.key(), ev.shift_key()) {
            if send(ctx, Event::Key(key)) {
                ev.prevent_default();
            }
        }
    };
    view! {
        <div
            class="ep-plot"
            data-testid="plot"
            tabindex="0"
            role="application"
            aria-label="Latency chart with exemplars. Arrow keys step through exemplars, Shift+arrows draw a box of them, Enter opens one, Escape closes and clears the box."
            node_ref=ctx.plot
            style=PLOT_STYLE
            on:pointerdown=on_down
            on:pointerup=on_up
            on:pointermove=on_move
            on:pointerleave=move |_: PointerEvent| {
                send(ctx, Event::PointerLeave);
                crate::web::sync::hover(ctx.sync.id, None);
            }
            on:click=on_click
            on:keydown=on_key
        >
            <canvas class="ep-canvas ep-base" node_ref=ctx.base style=CANVAS_STYLE></canvas>
            <canvas class="ep-canvas ep-overlay" node_ref=ctx.overlay style=OVERLAY_STYLE></canvas>
            {doctor::gap_band(ctx, gap)}
            {move || {
                ctx.selection
                    .get()
                    .map(|s| {
                        let on_close = Callback::new(move |()| {
                            send(ctx, Event::Unpin);
                        });
                        let target = trace::exemplar_target(ctx, s.index);
                        let on_preview = target.map(|t| Callback::new(move |()| preview.open(t.clone())));
                        view! { <Tooltip sel=s pinned=pinned plot=ctx.plot on_close=on_close on_preview=on_preview /> }
                    })
            }}
        </div>
    }
}

/// One random number per page: panels on this page with the same query share
/// refresh instants (and so requests); other pages get other instants.
fn page_seed() -> u64 {
    thread_local! {
        static SEED: u64 = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    }
    SEED.with(|s| *s)
}

/// Whether the browser asks for a dark colour scheme.
fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Pointer position relative to the plot element, CSS px.
fn local_point(plot: NodeRef<Div>, client_x: i32, client_y: i32) -> Option<(f64, f64)> {
    let rect = plot.get_untracked()?.get_bounding_client_rect();
    Some((f64::from(client_x) - rect.left(), f64::from(client_y) - rect.top()))
}

/// Whether the event happened inside the tooltip (which lives inside the plot).
fn in_tooltip(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".ep-tooltip").ok().flatten())
        .is_some()
}
