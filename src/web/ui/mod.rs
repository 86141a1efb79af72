//! Leptos components (wasm only): glue between the browser and the pure core.
//!
//! State lives in a few signals: the config, the load state (model or error),
//! the plot size, the filters and the selection. Effects recompute what depends
//! on them, one way:
//! - query-relevant config + first known width → fetch → `load` (a failed
//!   refresh keeps the last model, marked stale: `data-state="stale"`);
//! - `load` + size + filters → [`Frame`] (layout, scene, hit index) → base canvas;
//! - selection → overlay canvas, tooltip, `exemplar-select`, aria-live text.

mod controls;
mod events;
mod legend;
mod table;
mod toolbar;
mod tooltip;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use futures::future::join_all;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, KeyboardEvent, MouseEvent, PointerEvent, ResizeObserver};

use crate::config::{
    ConfigError, PanelConfig, PrometheusConfig, Target, ThemeChoice, TimeConfig, Unit, ViewOverrides,
    DEFAULT_TIMEOUT_MS,
};
use crate::interact::frame::{Frame, FrameInput};
use crate::links::{exemplar_links, trace_id_of, TraceLink};
use crate::model::{build_model, ColorRegistry, ExemplarFetchError, NoticeLevel, PanelModel, TargetData};
use crate::query::{plan_queries, PlanContext};
use crate::render::format::{format_instant, format_value, LocalOffset};
use crate::render::layout::PlotSize;
use crate::render::theme::Theme;
use crate::select::filter::{ExemplarFilter, SortOrder};
use crate::select::sample::Sampler;
use crate::time::format_duration_ms;
use crate::web::canvas::{paint_base, paint_overlay};
use crate::web::client::{endpoint_url, fetch_exemplars, fetch_range, ClientError};

use controls::FilterBar;
use events::{dispatch_exemplar_event, open_in_new_tab};
use legend::Legend;
use table::ExemplarTable;
use toolbar::Toolbar;
use tooltip::Tooltip;

/// Structural styles, inline so the panel lays out even without its
/// stylesheet; the height is a custom property a host page may set.
const PLOT_STYLE: &str = "position:relative;width:100%;height:var(--ep-plot-height,320px)";
const CANVAS_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%";
const OVERLAY_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none";

/// A drag shorter than this (CSS px) is a click, not a zoom.
const DRAG_MIN_CSS: f64 = 5.0;

/// Pointer distance (CSS px) within which a dot counts as hovered.
const HOVER_RADIUS_CSS: f64 = 8.0;

/// The browser's time zone, through JS `Date`.
pub(crate) struct BrowserOffset;

impl LocalOffset for BrowserOffset {
    fn offset_minutes(&self, t_ms: i64) -> i32 {
        -(js_sys::Date::new(&JsValue::from_f64(t_ms as f64)).get_timezone_offset() as i32)
    }
}

/// A config, or the message of why there is none.
pub type ConfigResult = Result<Arc<PanelConfig>, ConfigError>;

/// What the panel is showing.
#[derive(Clone, Debug)]
enum Load {
    Loading,
    Ready(Arc<PanelModel>),
    Failed(String),
}

impl Load {
    fn state_name(&self) -> &'static str {
        match self {
            Load::Loading => "loading",
            Load::Ready(_) => "ready",
            Load::Failed(_) => "error",
        }
    }
}

/// The part of the config that changes what is fetched; editing links does not refetch.
#[derive(Clone, Debug, PartialEq)]
struct QueryKey {
    prometheus: PrometheusConfig,
    targets: Vec<Target>,
    time: TimeConfig,
    scrape_interval: String,
}

impl QueryKey {
    fn of(c: &PanelConfig) -> Self {
        Self {
            prometheus: c.prometheus.clone(),
            targets: c.targets.clone(),
            time: c.time.clone(),
            scrape_interval: c.scrape_interval.clone(),
        }
    }
}

/// The selected exemplar, resolved for display and events.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Selection {
    pub index: usize,
    pub x_css: f64,
    pub y_css: f64,
    pub time: String,
    pub value: String,
    pub series: String,
    pub color: String,
    /// Exemplar labels, those with links first.
    pub labels: Vec<(String, String)>,
    pub series_labels: Vec<(String, String)>,
    pub links: Vec<TraceLink>,
    /// The value of the label that holds the trace id, for "copy trace id".
    pub trace_id: Option<String>,
}

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
}

impl Default for ViewState {
    fn default() -> Self {
        Self::new()
    }
}

impl ViewState {
    /// No changes yet.
    pub fn new() -> Self {
        Self { overrides: RwSignal::new(ViewOverrides::default()), zooms: RwSignal::new(Vec::new()) }
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

/// The panel on a reactive config (used by the app and the embed layer).
/// `refresh` is an external "query again" trigger (the JS handle's `refresh()`).
#[component]
pub(crate) fn Panel(
    config: Signal<ConfigResult>,
    #[prop(optional)] refresh: Option<Signal<u64>>,
    #[prop(optional)] view: Option<ViewState>,
) -> impl IntoView {
    let view = view.unwrap_or_default();
    // A new range from outside (the host's `setTimeRange`, a URL) ends the
    // viewer's own range and zoom history.
    let base_time = Memo::new(move |_| config.with(|c| c.as_ref().ok().map(|c| c.time.clone())));
    Effect::new(move |prev: Option<()>| {
        base_time.track();
        if prev.is_some() {
            view.overrides.update(|v| v.time = None);
            view.zooms.set(Vec::new());
        }
    });
    let base_config = config;
    let config: Signal<ConfigResult> = Memo::new(move |_| {
        base_config.with(|c| match c {
            Ok(c) => view.overrides.with(|v| Ok(Arc::new(c.with_view(v)))),
            Err(e) => Err(e.clone()),
        })
    })
    .into();
    let host = NodeRef::<Div>::new();
    let plot = NodeRef::<Div>::new();
    let base = NodeRef::<Canvas>::new();
    let overlay = NodeRef::<Canvas>::new();

    let load = RwSignal::new(Load::Loading);
    let size = RwSignal::new(None::<PlotSize>);
    let frame = RwSignal::new(None::<Arc<Frame>>);
    let selected = RwSignal::new(None::<usize>);
    let pinned = RwSignal::new(false);
    let filter = Memo::new(move |_| {
        config.with(|c| {
            c.as_ref().ok().and_then(|c| ExemplarFilter::from_config(&c.filters, c.unit).ok()).unwrap_or_default()
        })
    });
    // Series hidden from the legend, by key: kept across refreshes, like colours.
    let hidden = RwSignal::new(BTreeSet::<String>::new());
    let colors = StoredValue::new(ColorRegistry::default());
    // A drag on the plot: from and to, CSS px (the zoom rectangle).
    let drag = RwSignal::new(None::<(f64, f64)>);
    let dragged = StoredValue::new(false);
    let show_table = RwSignal::new(false);
    let sort = RwSignal::new(SortOrder::default());
    let dark = Memo::new(move |_| {
        config.with(|c| match c.as_ref().map_or(ThemeChoice::Auto, |c| c.theme) {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::Auto => prefers_dark(),
        })
    });
    let theme = Memo::new(move |_| if dark.get() { Theme::dark() } else { Theme::light() });
    let tick = RwSignal::new(0u64);

    let unit = Memo::new(move |_| config.with(|c| c.as_ref().map_or(Unit::Short, |c| c.unit)));
    let sampler = Memo::new(move |_| config.with(|c| c.as_ref().map_or(Sampler::default(), |c| c.exemplar_sampling)));
    let query_key = Memo::new(move |_| config.with(|c| c.as_ref().ok().map(|c| QueryKey::of(c))));
    let has_width = Memo::new(move |_| size.with(|s| s.is_some_and(|s| s.width_css > 0.0)));

    // Size: measured once at mount (so the first fetch does not wait a frame
    // for the observer), then kept by a ResizeObserver on the plot element.
    let measure = move || {
        let Some(el) = plot.get_untracked() else { return };
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let next = PlotSize { width_css: f64::from(el.client_width()), height_css: f64::from(el.client_height()), dpr };
        if size.get_untracked() != Some(next) {
            size.set(Some(next));
        }
    };
    Effect::new(move |_| {
        let Some(el) = plot.get() else { return };
        measure();
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| measure());
        if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let keep = SendWrapper::new((observer, on_resize));
            on_cleanup(move || keep.0.disconnect());
        }
    });

    // Auto-refresh: a timer bumps `tick` (the fetch skips a tick while a query is in flight).
    let refresh_ms = Memo::new(move |_| config.with(|c| c.as_ref().ok().and_then(|c| c.refresh_ms().ok().flatten())));
    Effect::new(move |_| {
        let Some(ms) = refresh_ms.get() else { return };
        let Some(window) = web_sys::window() else { return };
        let bump = Closure::<dyn FnMut()>::new(move || tick.update(|t| *t = t.wrapping_add(1)));
        let timeout = i32::try_from(ms).unwrap_or(i32::MAX);
        if let Ok(id) =
            window.set_interval_with_callback_and_timeout_and_arguments_0(bump.as_ref().unchecked_ref(), timeout)
        {
            let keep = SendWrapper::new((window, bump));
            on_cleanup(move || {
                let (window, _bump) = &*keep;
                window.clear_interval_with_handle(id);
            });
        }
    });

    // Fetch when what is queried changes, once the plot has a width
    // (maxDataPoints = width, as in Grafana), and again on every refresh. A
    // config change aborts the older fetch, and a late answer from an older
    // fetch is dropped; a refresh never stacks on a fetch in flight.
    let generation = StoredValue::new(0u64);
    let stale = RwSignal::new(None::<String>);
    let loaded_at = StoredValue::new(0i64);
    let in_flight = StoredValue::new(None::<SendWrapper<AbortController>>);
    let last_key = StoredValue::new(None::<QueryKey>);
    Effect::new(move |_| {
        let key = query_key.get();
        tick.track();
        if let Some(r) = refresh {
            r.track();
        }
        if !has_width.get() {
            return;
        }
        let Some(key) = key else {
            // A config error: whatever is in flight is for the old config.
            if let Some(old) = in_flight.try_update_value(Option::take).flatten() {
                old.abort();
            }
            generation.set_value(generation.get_value().wrapping_add(1));
            last_key.set_value(None);
            if let Err(e) = config.get_untracked() {
                stale.set(None);
                load.set(Load::Failed(e.to_string()));
            }
            return;
        };
        let Ok(config) = config.get_untracked() else { return };
        let same_query = last_key.with_value(|k| k.as_ref() == Some(&key));
        if same_query && in_flight.with_value(Option::is_some) {
            return; // a refresh while the same query is in flight: skip it
        }
        last_key.set_value(Some(key));
        if let Some(old) = in_flight.get_value() {
            old.abort();
        }
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        let ms = config.prometheus.timeout_ms().unwrap_or(DEFAULT_TIMEOUT_MS);
        let deadline = controller.as_ref().and_then(|c| Deadline::start(ms, c.clone()));
        in_flight.set_value(controller.map(SendWrapper::new));
        let width = size.get_untracked().map_or(0, |s| s.width_css.round() as u32);
        let refreshing = same_query && matches!(load.get_untracked(), Load::Ready(_));
        if !refreshing {
            stale.set(None);
            load.set(Load::Loading); // a refresh keeps showing the current data
        }
        spawn_local(async move {
            let timed_out = deadline.as_ref().map_or_else(Rc::default, |d| Rc::clone(&d.fired));
            let outcome = load_model(&config, width, signal.as_ref(), &timed_out).await;
            drop(deadline); // clears the timer
            if generation.try_get_value() != Some(this) {
                return; // a newer fetch owns the panel now (or it is gone)
            }
            in_flight.set_value(None);
            let message = match outcome {
                Ok(mut model) => {
                    colors.try_update_value(|r| r.assign(&mut model));
                    load.set(Load::Ready(Arc::new(model)));
                    loaded_at.set_value(js_sys::Date::now() as i64);
                    stale.set(None);
                    return;
                }
                Err(LoadError::Aborted) => return,
                Err(LoadError::Message(m)) => m,
            };
            // A failed refresh keeps the chart, marked stale with the reason;
            // a failed first load (or a new query) shows only the reason.
            if refreshing && matches!(load.get_untracked(), Load::Ready(_)) {
                let now = js_sys::Date::now() as i64;
                stale.set(Some(format!(
                    "Refresh failed at {}: {message} The chart still shows the data of {}.",
                    format_instant(now, &BrowserOffset),
                    format_instant(loaded_at.get_value(), &BrowserOffset)
                )));
            } else {
                stale.set(None);
                load.set(Load::Failed(message));
            }
        });
    });
    on_cleanup(move || {
        if let Some(c) = in_flight.try_get_value().flatten() {
            c.abort();
        }
    });

    // Frame: layout, scene and hit index, then paint the base layer.
    Effect::new(move |_| {
        let (Load::Ready(model), Some(size)) = (load.get(), size.get()) else {
            frame.set(None);
            return;
        };
        let filter = filter.get();
        let hidden_series: Vec<bool> = hidden.with(|h| model.series.iter().map(|s| h.contains(&s.key())).collect());
        let (next, scene) = theme.with(|theme| {
            config.with_untracked(|c| {
                let input = FrameInput {
                    size,
                    unit: unit.get(),
                    tz: &BrowserOffset,
                    filter: &filter,
                    sampler: sampler.get(),
                    hidden_series: &hidden_series,
                    theme,
                    config: c.as_ref().ok().map(Arc::as_ref),
                };
                Frame::build(model, &input)
            })
        });
        if let Some(canvas) = base.get_untracked() {
            if let Err(e) = paint_base(&canvas, size, &scene) {
                stale.set(None);
                load.set(Load::Failed(e.to_string()));
                return;
            }
        }
        // A new model clears the selection; a resize or a filter keeps it if it is still shown.
        let keep = frame.with_untracked(|f| f.as_ref().is_some_and(|f| Arc::ptr_eq(&f.model, &next.model)))
            && selected.get_untracked().is_some_and(|i| next.shown.contains(&i));
        if !keep && selected.get_untracked().is_some() {
            selected.set(None);
            pinned.set(false);
        }
        frame.set(Some(Arc::new(next)));
    });

    // The selection, resolved for the tooltip and the events.
    let selection = Memo::new(move |_| {
        let index = selected.get()?;
        let frame = frame.get()?;
        let theme = theme.get();
        config.with(|c| resolve(&frame, index, c.as_ref().ok().map(Arc::as_ref), unit.get(), &theme))
    });

    // Overlay on every selection change (and move); `exemplar-select` only
    // when the selected exemplar changes, not when a resize moves it.
    let announced = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        let sel = selection.get();
        let zoom = drag.get().filter(|(a, b)| (a - b).abs() > DRAG_MIN_CSS);
        let Some(frame) = frame.get_untracked() else { return };
        if let Some(canvas) = overlay.get_untracked() {
            let ring = sel.as_ref().map(|s| {
                let color = frame
                    .model
                    .exemplars
                    .get(s.index)
                    .and_then(|e| e.series)
                    .and_then(|i| frame.model.series.get(i))
                    .map(|series| series.color);
                let color = theme.with(|t| color.map_or(t.unmatched, |c| t.series_color(c)));
                ((s.x_css, s.y_css), color)
            });
            paint_overlay(&canvas, &frame.layout, ring, zoom);
        }
        let index = sel.as_ref().map(|s| s.index);
        if announced.get_value() != index {
            announced.set_value(index);
            if let (Some(sel), Some(el)) = (sel, host.get_untracked()) {
                dispatch_exemplar_event(&el, "exemplar-select", &frame, &sel);
            }
        }
    });

    // Select + pin + `exemplar-click`; unless the host prevents it, open the first link.
    let activate = move |index: usize| {
        selected.set(Some(index));
        pinned.set(true);
        let (Some(sel), Some(frame), Some(el)) =
            (selection.get_untracked(), frame.get_untracked(), host.get_untracked())
        else {
            return;
        };
        let not_prevented = dispatch_exemplar_event(&el, "exemplar-click", &frame, &sel);
        if let (true, Some(link)) = (not_prevented, sel.links.first()) {
            open_in_new_tab(&link.url);
        }
    };
    let unpin = move || {
        pinned.set(false);
        selected.set(None);
    };

    let hit_at = move |client_x: i32, client_y: i32| -> Option<usize> {
        let frame = frame.get_untracked()?;
        let (x, y) = local_point(plot, client_x, client_y)?;
        frame.exemplar_at(x, y, HOVER_RADIUS_CSS)
    };
    // Drag-to-zoom: press on the plot, drag sideways, release.
    let on_down = move |ev: PointerEvent| {
        if ev.button() != 0 || in_tooltip(&ev) {
            return;
        }
        let (Some(frame), Some((x, y))) = (frame.get_untracked(), local_point(plot, ev.client_x(), ev.client_y()))
        else {
            return;
        };
        if frame.layout.plot.contains(x, y) {
            dragged.set_value(false);
            drag.set(Some((x, x)));
        }
    };
    let on_up = move |ev: PointerEvent| {
        let Some((x0, _)) = drag.get_untracked() else { return };
        drag.set(None);
        let (Some(frame), Some((x1, _))) = (frame.get_untracked(), local_point(plot, ev.client_x(), ev.client_y()))
        else {
            return;
        };
        if (x1 - x0).abs() <= DRAG_MIN_CSS {
            return;
        }
        dragged.set_value(true);
        let (a, b) = (x0.min(x1), x0.max(x1));
        let clamp = |x: f64| x.clamp(frame.layout.plot.left, frame.layout.plot.right);
        let (from, to) = (frame.layout.time_from_css(clamp(a)), frame.layout.time_from_css(clamp(b)));
        if to > from {
            let current = config.with_untracked(|c| c.as_ref().ok().map(|c| c.time.clone()));
            view.set_time(TimeConfig { from: from.to_string(), to: to.to_string() }, current);
        }
    };
    let on_move = move |ev: PointerEvent| {
        if let Some((x0, _)) = drag.get_untracked() {
            if let Some((x, _)) = local_point(plot, ev.client_x(), ev.client_y()) {
                drag.set(Some((x0, x)));
            }
            return;
        }
        if pinned.get_untracked() || in_tooltip(&ev) {
            return;
        }
        let hit = hit_at(ev.client_x(), ev.client_y());
        if selected.get_untracked() != hit {
            selected.set(hit);
        }
    };
    let on_leave = move |_ev: PointerEvent| {
        drag.set(None);
        if !pinned.get_untracked() {
            selected.set(None);
        }
    };
    let on_click = move |ev: MouseEvent| {
        if in_tooltip(&ev) || dragged.get_value() {
            dragged.set_value(false);
            return;
        }
        match hit_at(ev.client_x(), ev.client_y()) {
            Some(i) => activate(i),
            None => unpin(),
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        let Some(frame) = frame.get_untracked() else { return };
        let order = &frame.keyboard;
        let current = selected.get_untracked().and_then(|i| order.iter().position(|v| *v == i));
        let next = match ev.key().as_str() {
            "ArrowRight" => match current {
                Some(p) => order.get(p + 1).or(order.get(p)),
                None => order.first(),
            },
            "ArrowLeft" => match current {
                Some(p) => p.checked_sub(1).and_then(|q| order.get(q)).or(order.get(p)),
                None => order.last(),
            },
            "Enter" => {
                if let Some(i) = selected.get_untracked() {
                    ev.prevent_default();
                    activate(i);
                }
                return;
            }
            "Escape" => {
                unpin();
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(i) = next {
            pinned.set(false);
            selected.set(Some(*i));
        }
    };

    let notices = move || {
        let mut out: Vec<(NoticeLevel, String)> = Vec::new();
        config.with(|c| {
            if let Ok(c) = c {
                out.extend(c.imported.iter().map(|t| (NoticeLevel::Info, format!("from Grafana: {t}"))));
                out.extend(
                    c.unknown_fields
                        .iter()
                        .map(|f| (NoticeLevel::Warning, format!("config: unknown field `{f}` ignored (a typo?)"))),
                );
            }
        });
        if let Load::Ready(model) = load.get() {
            out.extend(model.notices.iter().map(|n| (n.level, n.text.clone())));
            if model.series.is_empty() {
                out.push((NoticeLevel::Warning, "the queries returned no series in this time range".into()));
            }
        }
        if let Some(f) = frame.get() {
            out.extend(f.link_warnings.iter().map(|w| (NoticeLevel::Warning, w.clone())));
        }
        out
    };
    let model = Memo::new(move |_| match load.get() {
        Load::Ready(model) => Some(model),
        _ => None,
    });
    let exemplar_count = move || {
        let f = frame.get()?;
        let total = f.model.exemplars.len();
        (total > 0).then(|| {
            if f.shown.len() == total {
                format!("{total} exemplars")
            } else {
                format!("showing {} of {total} exemplars", f.shown.len())
            }
        })
    };
    let announcement = move || {
        selection.get().map(|s| {
            let labels = s.labels.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
            format!("Exemplar of {}: {} at {}. {labels}", s.series, s.value, s.time)
        })
    };
    let title = move || config.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let failure = move || match load.get() {
        Load::Failed(m) => Some(m),
        _ => stale.get(),
    };

    view! {
        <div
            class="ep-panel"
            data-exemplar-panel=""
            node_ref=host
            data-state=move || if stale.with(Option::is_some) { "stale" } else { load.with(Load::state_name) }
            data-theme=move || if dark.get() { "dark" } else { "light" }
        >
            <div class="ep-header">
                <h2 class="ep-title">{title}</h2>
                <span class="ep-count" data-testid="count">{exemplar_count}</span>
            </div>
            {move || failure().map(|m| view! { <div class="ep-error" role="alert" data-testid="error">{m}</div> })}
            <Show when=move || matches!(load.get(), Load::Loading)>
                <div class="ep-loading">"Loading…"</div>
            </Show>
            <ul class="ep-notices">
                {move || {
                    notices()
                        .into_iter()
                        .map(|(level, text)| {
                            let class = if level == NoticeLevel::Info {
                                "ep-notice ep-info"
                            } else {
                                "ep-notice ep-warning"
                            };
                            view! { <li class=class data-testid="notice">{text}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            <Show when=move || config.with(|c| c.as_ref().is_ok_and(|c| c.toolbar))>
                <Toolbar config=config view=view dark=dark />
            </Show>
            <FilterBar config=config view=view />
            <div
                class="ep-plot"
                data-testid="plot"
                tabindex="0"
                role="application"
                aria-label="Latency chart with exemplars. Arrow keys step through exemplars, Enter opens one, Escape closes."
                node_ref=plot
                style=PLOT_STYLE
                on:pointerdown=on_down
                on:pointerup=on_up
                on:pointermove=on_move
                on:pointerleave=on_leave
                on:click=on_click
                on:keydown=on_key
            >
                <canvas class="ep-canvas ep-base" node_ref=base style=CANVAS_STYLE></canvas>
                <canvas class="ep-canvas ep-overlay" node_ref=overlay style=OVERLAY_STYLE></canvas>
                {move || {
                    selection
                        .get()
                        .map(|s| {
                            view! { <Tooltip sel=s pinned=pinned plot=plot on_close=Callback::new(move |()| unpin()) /> }
                        })
                }}
            </div>
            <Legend model=model theme=theme hidden=hidden />
            <ExemplarTable
                frame=frame
                config=config
                unit=unit
                show=show_table
                sort=sort
                selected=selected
                on_select=Callback::new(move |i: usize| {
                    selected.set(Some(i));
                    pinned.set(true);
                })
            />
            <div class="ep-sr-only" aria-live="polite">{announcement}</div>
        </div>
    }
}

/// Resolves exemplar `index` for display.
fn resolve(frame: &Frame, index: usize, config: Option<&PanelConfig>, unit: Unit, theme: &Theme) -> Option<Selection> {
    let e = frame.model.exemplars.get(index)?;
    let (x_css, y_css) = frame.position(index)?;
    let series = e.series.and_then(|i| frame.model.series.get(i));
    let series_name = series.map_or("", |s| s.name.as_str());
    let color = series.map_or(theme.unmatched, |s| theme.series_color(s.color)).hex();
    let destinations = config.map(|c| c.exemplar_trace_id_destinations.as_slice()).unwrap_or(&[]);
    let links = config.map(|c| exemplar_links(&frame.model, index, c).links).unwrap_or_default();
    let linked = |k: &str| destinations.iter().any(|d| d.name == k);
    let mut labels: Vec<(String, String)> = e.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    labels.sort_by_key(|(k, _)| !linked(k));
    let trace_id = trace_id_of(&e.labels, destinations).map(str::to_string);
    Some(Selection {
        index,
        x_css,
        y_css,
        time: format_instant(e.t_ms, &BrowserOffset),
        value: format_value(e.value, unit),
        series: if series_name.is_empty() { "(no matching series)".into() } else { series_name.to_string() },
        color,
        labels,
        series_labels: e.series_labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        links,
        trace_id,
    })
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

enum LoadError {
    Aborted,
    Message(String),
}

/// The client timeout of one fetch: aborts it after `ms` and remembers that
/// it did. Dropping it clears the timer.
struct Deadline {
    window: web_sys::Window,
    id: i32,
    fired: Rc<Cell<bool>>,
    _fire: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(ms: i64, controller: AbortController) -> Option<Self> {
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

/// Plans, fetches every target concurrently, and builds the model.
/// A request aborted because `timed_out` fired says so; the range query's
/// failure is the panel's, the exemplar query's a notice under the lines.
async fn load_model(
    config: &PanelConfig,
    width: u32,
    signal: Option<&web_sys::AbortSignal>,
    timed_out: &Cell<bool>,
) -> Result<PanelModel, LoadError> {
    let now_ms = js_sys::Date::now() as i64;
    let ctx = PlanContext { now_ms, max_data_points: width, utc_offset_min: BrowserOffset.offset_minutes(now_ms) };
    let plan = plan_queries(config, ctx).map_err(|e| LoadError::Message(e.to_string()))?;
    let prom = &config.prometheus;
    let fetches = plan.queries.iter().map(|q| async move {
        let range = fetch_range(prom, q, signal);
        let exemplars = async {
            if q.fetch_exemplars {
                Some(fetch_exemplars(prom, q, signal).await)
            } else {
                None
            }
        };
        let (range, exemplars) = futures::join!(range, exemplars);
        (q.clone(), range, exemplars)
    });
    let why = |e: ClientError, endpoint: &str| match e {
        ClientError::Aborted if timed_out.get() => ClientError::TimedOut {
            url: endpoint_url(prom, endpoint),
            after: format_duration_ms(prom.timeout_ms().unwrap_or(DEFAULT_TIMEOUT_MS)),
        },
        e => e,
    };
    let mut data = Vec::new();
    for (query, range, exemplars) in join_all(fetches).await {
        let range = match range.map_err(|e| why(e, "query_range")) {
            Ok(r) => r,
            Err(ClientError::Aborted) => return Err(LoadError::Aborted),
            Err(e) => return Err(LoadError::Message(format!("{}: {e}", query.ref_id))),
        };
        let exemplars =
            exemplars.map(|r| r.map_err(|e| ExemplarFetchError::Request(why(e, "query_exemplars").to_string())));
        data.push(TargetData { query, range, exemplars });
    }
    Ok(build_model(&plan, data))
}
