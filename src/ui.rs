//! Leptos components (wasm only): glue between the browser and the pure core.
//!
//! State lives in a few signals: the load state (model or error), the plot
//! size, and the selected exemplar. Effects recompute downstream values:
//! size/model → frame (layout, scene, hit index) → base canvas; selection →
//! overlay canvas, tooltip and the `exemplar-select` event. Nothing flows back.

use std::sync::Arc;

use futures::future::join_all;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, CustomEvent, CustomEventInit, KeyboardEvent, PointerEvent, ResizeObserver};

use crate::canvas::{paint_base, paint_overlay};
use crate::client::{fetch_exemplars, fetch_range, ClientError};
use crate::config::{PanelConfig, Unit};
use crate::format::{format_instant, format_value, LocalOffset};
use crate::hit::HitIndex;
use crate::layout::{Layout, PlotSize};
use crate::links::{build_links, LinkContext, TraceLink};
use crate::model::{build_model, NoticeLevel, PanelModel, TargetData};
use crate::plan::{plan_queries, PlanContext};
use crate::prom::Labels;
use crate::scene::build_scene;
use crate::theme::Theme;

/// Structural styles, inline so the panel lays out even without its
/// stylesheet; the height is a custom property a host page may set.
const PLOT_STYLE: &str = "position:relative;width:100%;height:var(--ep-plot-height,320px)";
const CANVAS_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%";
const OVERLAY_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none";

/// Pointer distance (CSS px) within which a dot counts as hovered.
const HOVER_RADIUS_CSS: f64 = 8.0;

/// The browser's time zone, through JS `Date`.
struct BrowserOffset;

impl LocalOffset for BrowserOffset {
    fn offset_minutes(&self, t_ms: i64) -> i32 {
        -(js_sys::Date::new(&JsValue::from_f64(t_ms as f64)).get_timezone_offset() as i32)
    }
}

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

/// Everything derived from one (model, size): rebuilt only when either changes.
struct Frame {
    model: Arc<PanelModel>,
    layout: Layout,
    hit: HitIndex,
    /// Exemplar indices on the plot, in time order (keyboard order).
    visible: Vec<usize>,
    /// Link warnings seen while building the frame (shown as notices).
    link_warnings: Vec<String>,
}

/// The `detail` of `exemplar-select` / `exemplar-click` (public contract).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventDetail<'a> {
    labels: &'a Labels,
    series_labels: &'a Labels,
    series: &'a str,
    value: f64,
    timestamp: i64,
    x: f64,
    y: f64,
    links: &'a [TraceLink],
}

/// The selected exemplar, resolved for display.
#[derive(Clone, Debug, PartialEq)]
struct Selection {
    index: usize,
    x_css: f64,
    y_css: f64,
    time: String,
    value: String,
    series: String,
    color: String,
    labels: Vec<(String, String)>,
    series_labels: Vec<(String, String)>,
    links: Vec<TraceLink>,
}

/// The panel, as a Leptos component: give it a config and it fetches, draws and links.
///
/// ```ignore
/// use exemplar_panel::{ExemplarPanel, PanelConfig};
/// let config = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#)?;
/// leptos::mount::mount_to_body(move || view! { <ExemplarPanel config=config.clone() /> });
/// ```
#[component]
pub fn ExemplarPanel(
    /// The panel configuration.
    config: PanelConfig,
) -> impl IntoView {
    view! { <Panel config=Ok(config) /> }
}

/// The standalone app: the config comes from `?config=<url-encoded JSON>`, or
/// the demo's config when there is none.
#[component]
pub fn App() -> impl IntoView {
    let config = match config_param() {
        Some(text) => PanelConfig::from_json(&text).map(PanelConfig::with_ref_ids).map_err(|e| e.to_string()),
        None => demo_config(),
    };
    view! {
        <main class="ep-app">
            <Panel config=config />
        </main>
    }
}

fn config_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("config")
}

/// The config used when the page has no `?config=`: the demo's p99/p95/p50
/// (`www/demo-config.json`, checked by a native test).
fn demo_config() -> Result<PanelConfig, String> {
    PanelConfig::from_json(crate::config::DEMO_CONFIG_JSON).map_err(|e| e.to_string())
}

#[component]
fn Panel(config: Result<PanelConfig, String>) -> impl IntoView {
    let host = NodeRef::<Div>::new();
    let plot = NodeRef::<Div>::new();
    let base = NodeRef::<Canvas>::new();
    let overlay = NodeRef::<Canvas>::new();

    let initial = match &config {
        Ok(_) => Load::Loading,
        Err(e) => Load::Failed(e.clone()),
    };
    let title = config.as_ref().map(|c| c.title.clone()).unwrap_or_default();
    let config = config.ok().map(Arc::new);
    let unit = config.as_ref().map_or(Unit::Short, |c| c.unit);
    let load = RwSignal::new(initial);
    let size = RwSignal::new(None::<PlotSize>);
    let frame = RwSignal::new(None::<Arc<Frame>>);
    let selected = RwSignal::new(None::<usize>);
    let started = StoredValue::new(false);
    let theme = StoredValue::new(Theme::light());

    // Size: a ResizeObserver on the plot element.
    Effect::new(move |_| {
        let Some(el) = plot.get() else { return };
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            let Some(el) = plot.get_untracked() else { return };
            let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
            let next =
                PlotSize { width_css: f64::from(el.client_width()), height_css: f64::from(el.client_height()), dpr };
            if size.get_untracked() != Some(next) {
                size.set(Some(next));
            }
        });
        if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let keep = SendWrapper::new((observer, on_resize));
            on_cleanup(move || keep.0.disconnect());
        }
    });

    // Fetch once the plot has a width (maxDataPoints = width, as in Grafana).
    let in_flight = StoredValue::new(None::<SendWrapper<AbortController>>);
    let fetch_config = config.clone();
    Effect::new(move |_| {
        let Some(s) = size.get() else { return };
        let Some(config) = fetch_config.clone() else { return };
        if s.width_css <= 0.0 || started.get_value() {
            return;
        }
        started.set_value(true);
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        in_flight.set_value(controller.map(SendWrapper::new));
        let width = s.width_css.round() as u32;
        spawn_local(async move {
            let outcome = load_model(&config, width, signal.as_ref()).await;
            match outcome {
                Ok(model) => load.set(Load::Ready(Arc::new(model))),
                Err(LoadError::Aborted) => {}
                Err(LoadError::Message(m)) => load.set(Load::Failed(m)),
            }
        });
    });
    on_cleanup(move || {
        if let Some(c) = in_flight.try_get_value().flatten() {
            c.abort();
        }
    });

    // Frame: layout, scene and hit index, then paint the base layer.
    let frame_config = config.clone();
    Effect::new(move |_| {
        let (Load::Ready(model), Some(s)) = (load.get(), size.get()) else {
            frame.set(None);
            return;
        };
        let destinations = frame_config.as_ref().map(|c| c.exemplar_trace_id_destinations.clone()).unwrap_or_default();
        let layout = Layout::compute(&model, s, unit, &BrowserOffset);
        let scene = theme.with_value(|theme| build_scene(&model, &layout, theme, &[]));
        if let Some(canvas) = base.get_untracked() {
            if let Err(e) = paint_base(&canvas, s, &scene) {
                load.set(Load::Failed(e.to_string()));
                return;
            }
        }
        let mut visible = Vec::new();
        let mut points = Vec::with_capacity(model.exemplars.len());
        let mut link_warnings: Vec<String> = Vec::new();
        for (i, e) in model.exemplars.iter().enumerate() {
            let (x, y) = (layout.css_from_time(e.t_ms), layout.css_from_value(e.value));
            points.push((x, y));
            if e.value.is_finite() && layout.plot.contains(x, y) {
                visible.push(i);
            }
            if link_warnings.len() < 3 {
                let ctx = link_context(&model, i, "");
                if let Some(ctx) = ctx {
                    for w in build_links(&destinations, &ctx).warnings {
                        if !link_warnings.contains(&w) {
                            link_warnings.push(w);
                        }
                    }
                }
            }
        }
        let hit = HitIndex::new(points, s.width_css, s.height_css, 16.0);
        // A new model clears the selection; a resize keeps it (indices are stable).
        if frame.with_untracked(|f| f.as_ref().is_none_or(|f| !Arc::ptr_eq(&f.model, &model))) {
            selected.set(None);
        }
        frame.set(Some(Arc::new(Frame { model, layout, hit, visible, link_warnings })));
    });

    // The selection, resolved for the tooltip.
    let selection = Memo::new(move |_| {
        let index = selected.get()?;
        let frame = frame.get()?;
        resolve(&frame, index, config.as_deref(), unit)
    });

    // Overlay on every selection change (and move); the event only when the
    // selected exemplar changes, not when a resize moves it.
    let announced = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        let sel = selection.get();
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
                let color = theme.with_value(|t| color.map_or(t.unmatched, |c| t.series_color(c)));
                ((s.x_css, s.y_css), color)
            });
            paint_overlay(&canvas, &frame.layout, ring);
        }
        let index = sel.as_ref().map(|s| s.index);
        if announced.get_value() != index {
            announced.set_value(index);
            if let (Some(sel), Some(el)) = (sel, host.get_untracked()) {
                dispatch(&el, "exemplar-select", &frame, &sel);
            }
        }
    });

    let on_move = move |ev: PointerEvent| {
        let Some(frame) = frame.get_untracked() else { return };
        if in_tooltip(&ev) {
            return;
        }
        let Some((x, y)) = local_point(plot, ev.client_x(), ev.client_y()) else { return };
        let hit = frame.hit.nearest(x, y, HOVER_RADIUS_CSS).filter(|i| frame.visible.contains(i));
        if selected.get_untracked() != hit {
            selected.set(hit);
        }
    };
    let on_leave = move |_ev: PointerEvent| selected.set(None);
    let on_key = move |ev: KeyboardEvent| {
        let Some(frame) = frame.get_untracked() else { return };
        let current = selected.get_untracked().and_then(|i| frame.visible.iter().position(|v| *v == i));
        let next = match ev.key().as_str() {
            "ArrowRight" => match current {
                Some(p) => frame.visible.get(p + 1).or(frame.visible.get(p)),
                None => frame.visible.first(),
            },
            "ArrowLeft" => match current {
                Some(p) => p.checked_sub(1).and_then(|q| frame.visible.get(q)).or(frame.visible.get(p)),
                None => frame.visible.last(),
            },
            "Escape" => {
                selected.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(i) = next {
            selected.set(Some(*i));
        }
    };

    let notices = move || {
        let mut out: Vec<(NoticeLevel, String)> = Vec::new();
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
    let legend = move || match load.get() {
        Load::Ready(model) => model
            .series
            .iter()
            .map(|s| (theme.with_value(|t| t.series_color(s.color)).hex(), s.name.clone()))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let exemplar_count = move || match load.get() {
        Load::Ready(model) if !model.exemplars.is_empty() => format!("{} exemplars", model.exemplars.len()),
        _ => String::new(),
    };
    let announcement = move || {
        selection.get().map(|s| format!("Exemplar {}, {} at {}, {}", s.series, s.value, s.time, label_line(&s.labels)))
    };

    view! {
        <div class="ep-panel" data-exemplar-panel="" node_ref=host data-state=move || load.with(Load::state_name)>
            <div class="ep-header">
                <h2 class="ep-title">{title}</h2>
                <span class="ep-count">{exemplar_count}</span>
            </div>
            <Show when=move || matches!(load.get(), Load::Failed(_))>
                <div class="ep-error" role="alert" data-testid="error">
                    {move || match load.get() { Load::Failed(m) => m, _ => String::new() }}
                </div>
            </Show>
            <Show when=move || matches!(load.get(), Load::Loading)>
                <div class="ep-loading">"Loading…"</div>
            </Show>
            <ul class="ep-notices">
                {move || notices().into_iter().map(|(level, text)| {
                    let class = if level == NoticeLevel::Info { "ep-notice ep-info" } else { "ep-notice ep-warning" };
                    view! { <li class=class data-testid="notice">{text}</li> }
                }).collect_view()}
            </ul>
            <div
                class="ep-plot"
                data-testid="plot"
                tabindex="0"
                role="img"
                aria-label="Latency chart with exemplars: use the arrow keys to step through exemplars"
                node_ref=plot
                style=PLOT_STYLE
                on:pointermove=on_move
                on:pointerleave=on_leave
                on:keydown=on_key
            >
                <canvas class="ep-canvas ep-base" node_ref=base style=CANVAS_STYLE></canvas>
                <canvas class="ep-canvas ep-overlay" node_ref=overlay style=OVERLAY_STYLE></canvas>
                {move || selection.get().map(|s| view! { <Tooltip sel=s plot_width=size.get().map_or(0.0, |z| z.width_css) /> })}
            </div>
            <ul class="ep-legend">
                {move || legend().into_iter().map(|(color, name)| view! {
                    <li class="ep-legend-item"><span class="ep-swatch" style:background-color=color></span>{name}</li>
                }).collect_view()}
            </ul>
            <div class="ep-sr-only" aria-live="polite">{announcement}</div>
        </div>
    }
}

#[component]
fn Tooltip(sel: Selection, plot_width: f64) -> impl IntoView {
    // Keep the tooltip inside the plot: right of the dot, or left of it past the middle.
    let (left, right) = if sel.x_css > plot_width / 2.0 {
        (None, Some(format!("{}px", (plot_width - sel.x_css + 12.0).round())))
    } else {
        (Some(format!("{}px", (sel.x_css + 12.0).round())), None)
    };
    let top = format!("{}px", (sel.y_css - 10.0).max(0.0).round());
    let row = |(k, v): (String, String)| view! { <tr><th>{k}</th><td>{v}</td></tr> };
    view! {
        <div class="ep-tooltip" data-testid="tooltip" role="dialog" style:left=left style:right=right style:top=top>
            <div class="ep-tt-head">
                <span class="ep-swatch" style:background-color=sel.color.clone()></span>
                <strong>{sel.series.clone()}</strong>
            </div>
            <div class="ep-tt-value">{sel.value.clone()}</div>
            <div class="ep-tt-time">{sel.time.clone()}</div>
            <table class="ep-tt-labels">{sel.labels.clone().into_iter().map(row).collect_view()}</table>
            <details class="ep-tt-series">
                <summary>"Series labels"</summary>
                <table>{sel.series_labels.clone().into_iter().map(row).collect_view()}</table>
            </details>
            <div class="ep-tt-links">
                {sel.links.clone().into_iter().map(|l| view! {
                    <a class="ep-link" href=l.url target="_blank" rel="noopener noreferrer">{l.title}</a>
                }).collect_view()}
            </div>
        </div>
    }
}

fn label_line(labels: &[(String, String)]) -> String {
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

fn link_context<'a>(model: &'a PanelModel, index: usize, series_name: &'a str) -> Option<LinkContext<'a>> {
    let e = model.exemplars.get(index)?;
    Some(LinkContext {
        labels: &e.labels,
        series_labels: &e.series_labels,
        series_name,
        from_ms: model.start_ms,
        to_ms: model.end_ms,
    })
}

fn resolve(frame: &Frame, index: usize, config: Option<&PanelConfig>, unit: Unit) -> Option<Selection> {
    let e = frame.model.exemplars.get(index)?;
    let (x_css, y_css) = frame.hit.position(index)?;
    let series = e.series.and_then(|i| frame.model.series.get(i));
    let series_name = series.map_or("", |s| s.name.as_str());
    let theme = Theme::light();
    let color = series.map_or(theme.unmatched, |s| theme.series_color(s.color)).hex();
    let destinations = config.map(|c| c.exemplar_trace_id_destinations.as_slice()).unwrap_or(&[]);
    let ctx = LinkContext {
        labels: &e.labels,
        series_labels: &e.series_labels,
        series_name,
        from_ms: frame.model.start_ms,
        to_ms: frame.model.end_ms,
    };
    let links = build_links(destinations, &ctx).links;
    // Labels that have a link come first.
    let mut labels: Vec<(String, String)> = e.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    labels.sort_by_key(|(k, _)| !destinations.iter().any(|d| &d.name == k));
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
    })
}

fn dispatch(host: &web_sys::HtmlDivElement, kind: &str, frame: &Frame, sel: &Selection) {
    let Some(e) = frame.model.exemplars.get(sel.index) else { return };
    let detail = EventDetail {
        labels: &e.labels,
        series_labels: &e.series_labels,
        series: if e.series.is_some() { &sel.series } else { "" },
        value: e.value,
        timestamp: e.t_ms,
        x: sel.x_css,
        y: sel.y_css,
        links: &sel.links,
    };
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    let Ok(detail) = detail.serialize(&serializer) else { return };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(kind, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Pointer position relative to the plot element, CSS px.
fn local_point(plot: NodeRef<Div>, client_x: i32, client_y: i32) -> Option<(f64, f64)> {
    let rect = plot.get_untracked()?.get_bounding_client_rect();
    Some((f64::from(client_x) - rect.left(), f64::from(client_y) - rect.top()))
}

fn in_tooltip(ev: &PointerEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".ep-tooltip").ok().flatten())
        .is_some()
}

enum LoadError {
    Aborted,
    Message(String),
}

/// Plans, fetches every target concurrently, and builds the model.
async fn load_model(
    config: &PanelConfig,
    width: u32,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<PanelModel, LoadError> {
    let now_ms = js_sys::Date::now() as i64;
    let ctx = PlanContext { now_ms, max_data_points: width, utc_offset_min: BrowserOffset.offset_minutes(now_ms) };
    let plan = plan_queries(config, ctx).map_err(|e| LoadError::Message(e.to_string()))?;
    let prom = &config.prometheus;
    let fetches = plan.queries.iter().map(|q| {
        let plan = &plan;
        async move {
            let range = fetch_range(prom, plan, q, signal);
            let exemplars = async {
                if q.fetch_exemplars {
                    Some(fetch_exemplars(prom, plan, q, signal).await)
                } else {
                    None
                }
            };
            let (range, exemplars) = futures::join!(range, exemplars);
            (q.clone(), range, exemplars)
        }
    });
    let mut data = Vec::new();
    for (query, range, exemplars) in join_all(fetches).await {
        let range = match range {
            Ok(r) => r,
            Err(ClientError::Aborted) => return Err(LoadError::Aborted),
            Err(e) => return Err(LoadError::Message(format!("{}: {e}", query.ref_id))),
        };
        let exemplars = exemplars.map(|r| r.map_err(|e| e.to_string()));
        data.push(TargetData { query, range, exemplars });
    }
    Ok(build_model(&plan, data))
}
