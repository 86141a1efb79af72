//! Browser tests (wasm-bindgen-test in headless Chromium): the real panel
//! component, mounted in a page, fed recorded Prometheus responses through a
//! `window.fetch` stand-in.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test web`
//! (`.cargo/config.toml` sets the runner; see README).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use exemplar_panel::pipeline::{parse_exemplars, parse_range, retry_after_ms};
use exemplar_panel::{ExemplarPanel, PanelConfig, ThemeChoice, TimeConfig};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, Request, Response, ResponseInit};

wasm_bindgen_test_configure!(run_in_browser);

const RANGE: &str = include_str!("fixtures/query_range_p99.json");
const EXEMPLARS: &str = include_str!("fixtures/query_exemplars.json");
const BAD_DATA: &str = include_str!("fixtures/query_range_bad_data.json");

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn document() -> web_sys::Document {
    window().document().unwrap()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// What the fetch stand-in answers.
#[derive(Clone, Copy)]
enum Backend {
    Recorded,
    BadData,
    Refused,
}

/// Replaces `window.fetch` for this page; returns the URLs it was asked for.
fn install_fetch(backend: Backend) -> js_sys::Array {
    let seen = js_sys::Array::new();
    let log = seen.clone();
    let handler = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |input: JsValue| {
        let url = input.dyn_ref::<Request>().map(Request::url).unwrap_or_default();
        log.push(&JsValue::from_str(&url));
        let (status, body) = match backend {
            Backend::Refused => return js_sys::Promise::reject(&js_sys::TypeError::new("Failed to fetch").into()),
            Backend::BadData => (400, BAD_DATA),
            Backend::Recorded if url.contains("query_exemplars") => (200, EXEMPLARS),
            Backend::Recorded => (200, RANGE),
        };
        let init = ResponseInit::new();
        init.set_status(status);
        let response = Response::new_with_opt_str_and_init(Some(body), &init).unwrap();
        js_sys::Promise::resolve(&JsValue::from(response))
    });
    js_sys::Reflect::set(&window(), &"fetch".into(), handler.as_ref()).unwrap();
    handler.forget();
    seen
}

/// A config whose absolute time range covers the recorded data.
fn recorded_config() -> PanelConfig {
    let range = parse_range(200, RANGE).unwrap();
    let ex = parse_exemplars(200, EXEMPLARS).unwrap();
    let times = range.series[0].t_ms.iter().chain(ex.exemplars.iter().map(|e| &e.t_ms));
    let from = times.clone().min().unwrap() - 30_000;
    let to = times.max().unwrap() + 30_000;
    let json = serde_json::json!({
        "title": "recorded",
        "prometheus": {"url": "http://prometheus.test:9090"},
        "targets": [{"refId": "A", "expr": "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))", "legendFormat": "p99"}],
        "time": {"from": from.to_string(), "to": to.to_string()},
        "scrapeInterval": "1s",
        "unit": "s",
        // These tests are about drawing and events: every exemplar is drawn.
        "exemplarSampling": "all",
        "exemplarTraceIdDestinations": [{"name": "trace_id", "url": "https://jaeger.test/trace/${__value.raw}"}]
    });
    PanelConfig::from_json(&json.to_string()).unwrap()
}

/// A mounted panel; dropping it unmounts the panel and removes its container.
struct Mounted {
    container: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

impl std::ops::Deref for Mounted {
    type Target = HtmlElement;
    fn deref(&self) -> &HtmlElement {
        &self.container
    }
}

/// A bubbling `keydown` of `key` on `target`.
fn press(target: &HtmlElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    target
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
}

/// A fresh 800 px wide element in the page, for `mount()`.
fn new_element() -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    element.style().set_property("width", "800px").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// The recorded config as the JSON text `mount()` takes.
fn recorded_config_json() -> JsValue {
    JsValue::from_str(&serde_json::to_string(&recorded_config()).unwrap())
}

/// The panel `mount()` put into `element`'s shadow root.
fn embedded(element: &HtmlElement) -> HtmlElement {
    element.shadow_root().unwrap().query_selector(".ep-embed").unwrap().expect("a mounted panel").unchecked_into()
}

/// Mounts the panel in a fresh 800 px wide container.
fn mount(config: PanelConfig) -> Mounted {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    container.style().set_property("width", "800px").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ExemplarPanel config=config.clone() /> }.into_any()
    });
    Mounted { container, _handle: handle }
}

async fn wait_state(container: &HtmlElement, want: &str) -> HtmlElement {
    for _ in 0..200 {
        if let Some(host) = container.query_selector("[data-exemplar-panel]").unwrap() {
            if host.get_attribute("data-state").as_deref() == Some(want) {
                return host.unchecked_into();
            }
        }
        sleep(25).await;
    }
    panic!("data-state never became {want}: {}", container.inner_html());
}

/// Panels on one page share identical requests, and a just-finished answer
/// serves other panels for 250 ms (`prom::share`). Each test mounts the same
/// recorded config, so it waits that out: its own requests must reach its stub.
async fn past_shared_answers() {
    sleep(300).await;
}

fn painted_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx.get_image_data(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height())).unwrap().data();
    data.chunks(4).filter(|px| px[0] < 200 || px[1] < 200 || px[2] < 200).count()
}

/// Pixels of a transparent layer (the overlay) that are not transparent.
fn opaque_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx.get_image_data(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height())).unwrap().data();
    data.chunks(4).filter(|px| px[3] > 0).count()
}

#[wasm_bindgen_test]
async fn mounting_on_recorded_data_draws_a_canvas_that_is_not_blank() {
    past_shared_answers().await;
    let seen = install_fetch(Backend::Recorded);
    let container = mount(recorded_config());
    wait_state(&container, "ready").await;
    sleep(50).await;
    let canvas: HtmlCanvasElement = container.query_selector("canvas").unwrap().unwrap().unchecked_into();
    let dpr = window().device_pixel_ratio();
    assert_eq!(
        f64::from(canvas.width()),
        (f64::from(canvas.client_width()) * dpr).round(),
        "backing store = css × dpr"
    );
    let painted = painted_pixels(&canvas);
    assert!(painted > 2_000, "only {painted} painted pixels");
    let urls: Vec<String> = seen.iter().filter_map(|u| u.as_string()).collect();
    assert!(urls.iter().any(|u| u == "http://prometheus.test:9090/api/v1/query_range"), "{urls:?}");
    assert!(urls.iter().any(|u| u == "http://prometheus.test:9090/api/v1/query_exemplars"), "{urls:?}");
    let legend = container.query_selector(".ep-legend").unwrap().unwrap().text_content().unwrap();
    assert_eq!(legend, "p99");
}

#[wasm_bindgen_test]
async fn arrow_right_fires_exemplar_select_with_the_first_exemplar_in_time() {
    past_shared_answers().await;
    install_fetch(Backend::Recorded);
    let container = mount(recorded_config());
    wait_state(&container, "ready").await;

    let events = js_sys::Array::new();
    let sink = events.clone();
    let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        sink.push(&e.detail());
    });
    container.add_event_listener_with_callback("exemplar-select", listener.as_ref().unchecked_ref()).unwrap();
    listener.forget();

    let plot: HtmlElement = container.query_selector("[data-testid=plot]").unwrap().unwrap().unchecked_into();
    assert_eq!(plot.get_attribute("tabindex").as_deref(), Some("0"));
    plot.focus().unwrap();
    press(&plot, "ArrowRight");
    sleep(50).await;

    assert_eq!(events.length(), 1, "one exemplar-select");
    let detail = events.get(0);
    let get = |obj: &JsValue, key: &str| js_sys::Reflect::get(obj, &key.into()).unwrap();
    let expected = &parse_exemplars(200, EXEMPLARS).unwrap().exemplars[0];
    let labels = get(&detail, "labels");
    assert_eq!(get(&labels, "trace_id").as_string().as_deref(), expected.labels.get("trace_id"));
    assert_eq!(get(&detail, "timestamp").as_f64(), Some(expected.t_ms as f64));
    assert_eq!(get(&detail, "value").as_f64(), Some(expected.value));
    assert_eq!(get(&detail, "series").as_string().as_deref(), Some("p99"));
    assert_eq!(
        get(&get(&detail, "seriesLabels"), "le").as_string(),
        expected.series_labels.get("le").map(str::to_owned)
    );
    let (x, y) = (get(&detail, "x").as_f64().unwrap(), get(&detail, "y").as_f64().unwrap());
    assert!(x > 0.0 && x < f64::from(plot.client_width()), "x={x}");
    assert!(y > 0.0 && y < f64::from(plot.client_height()), "y={y}");
    let links = js_sys::Array::from(&get(&detail, "links"));
    let url = get(&links.get(0), "url").as_string().unwrap();
    let trace_id = expected.labels.get("trace_id").unwrap_or("(none)");
    assert_eq!(url, format!("https://jaeger.test/trace/{trace_id}"));

    let tooltip = container.query_selector("[data-testid=tooltip]").unwrap().expect("tooltip shown");
    let text = tooltip.text_content().unwrap();
    assert!(text.contains(trace_id), "{text}");
    let a = tooltip.query_selector("a").unwrap().unwrap();
    assert_eq!(a.get_attribute("href"), Some(url));
    assert_eq!(a.get_attribute("rel").as_deref(), Some("noopener noreferrer"));

    // Hovering the same spot selects the same exemplar; Escape clears it.
    let rect = plot.get_bounding_client_rect();
    let init = web_sys::PointerEventInit::new();
    init.set_client_x((rect.left() + x).round() as i32);
    init.set_client_y((rect.top() + y).round() as i32);
    init.set_bubbles(true);
    press(&plot, "Escape");
    sleep(30).await;
    assert!(container.query_selector("[data-testid=tooltip]").unwrap().is_none(), "Escape hides the tooltip");
    plot.dispatch_event(&web_sys::PointerEvent::new_with_event_init_dict("pointermove", &init).unwrap()).unwrap();
    sleep(30).await;
    assert_eq!(
        events.length(),
        2,
        "hover fires exemplar-select again (rect {} {}, x {x} y {y})",
        rect.left(),
        rect.top()
    );
    assert!(container.query_selector("[data-testid=tooltip]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_prometheus_error_is_shown_as_is() {
    past_shared_answers().await;
    install_fetch(Backend::BadData);
    let container = mount(recorded_config());
    let host = wait_state(&container, "error").await;
    let text = host.query_selector("[data-testid=error]").unwrap().unwrap().text_content().unwrap();
    assert!(text.contains("bad_data") && text.contains("parse error"), "{text}");
}

#[wasm_bindgen_test]
async fn a_refused_connection_names_the_url() {
    past_shared_answers().await;
    install_fetch(Backend::Refused);
    let container = mount(recorded_config());
    let host = wait_state(&container, "error").await;
    let text = host.query_selector("[data-testid=error]").unwrap().unwrap().text_content().unwrap();
    assert!(text.contains("http://prometheus.test:9090/api/v1/query_range"), "{text}");
}

/// The runnable example of `ExemplarPanel`'s doc: a time range and a theme
/// driven from outside, as a dashboard's shared picker would.
#[wasm_bindgen_test]
async fn the_leptos_component_follows_its_signals() {
    past_shared_answers().await;
    let seen = install_fetch(Backend::Recorded);
    let config = recorded_config();
    let range = RwSignal::new(config.time.clone());
    let theme = RwSignal::new(ThemeChoice::Dark);
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    container.style().set_property("width", "600px").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <ExemplarPanel config=config.clone() time_range=range theme=theme /> }.into_any()
    });
    let host = wait_state(&container, "ready").await;
    let range_queries = || seen.iter().filter(|u| u.as_string().is_some_and(|u| u.ends_with("/query_range"))).count();
    assert_eq!(host.get_attribute("data-theme").as_deref(), Some("dark"));
    let before = range_queries();
    assert_eq!(before, 1);

    theme.set(ThemeChoice::Light);
    sleep(50).await;
    assert_eq!(host.get_attribute("data-theme").as_deref(), Some("light"));
    assert_eq!(range_queries(), before, "a theme change repaints, it does not query");

    let TimeConfig { from, to } = range.get_untracked();
    let earlier = from.parse::<i64>().unwrap() - 60_000;
    range.set(TimeConfig { from: earlier.to_string(), to });
    wait_state(&container, "ready").await;
    sleep(50).await;
    assert_eq!(range_queries(), before + 1, "a new range queries again");
    drop(handle);
    container.remove();
}

/// Two layers: moving the selection repaints the overlay, never the base.
#[wasm_bindgen_test]
async fn hover_and_keyboard_repaint_the_overlay_only() {
    past_shared_answers().await;
    install_fetch(Backend::Recorded);
    let container = mount(recorded_config());
    wait_state(&container, "ready").await;
    sleep(50).await;
    let base: HtmlCanvasElement = container.query_selector(".ep-base").unwrap().unwrap().unchecked_into();
    let overlay: HtmlCanvasElement = container.query_selector(".ep-overlay").unwrap().unwrap().unchecked_into();
    let paints = || base.get_attribute("data-paints").unwrap().parse::<u32>().unwrap();
    let before = paints();
    assert!(before >= 1);
    assert_eq!(opaque_pixels(&overlay), 0, "nothing selected yet");

    let plot: HtmlElement = container.query_selector("[data-testid=plot]").unwrap().unwrap().unchecked_into();
    let rect = plot.get_bounding_client_rect();
    for i in 0..10 {
        press(&plot, "ArrowRight");
        let pointer = web_sys::PointerEventInit::new();
        pointer.set_client_x((rect.left() + 40.0 + f64::from(i) * 60.0) as i32);
        pointer.set_client_y((rect.top() + 100.0) as i32);
        pointer.set_bubbles(true);
        plot.dispatch_event(&web_sys::PointerEvent::new_with_event_init_dict("pointermove", &pointer).unwrap())
            .unwrap();
        sleep(5).await;
    }
    press(&plot, "ArrowRight");
    sleep(30).await;
    assert!(opaque_pixels(&overlay) > 0, "the overlay shows the selection");
    assert_eq!(paints(), before, "the base layer was not repainted");
}

/// `mount()`'s panel stays until `destroy()`, even when the page lets go of
/// the handle (wasm-bindgen then frees it at a garbage collection, as the drop
/// here does); mounting into the same element again replaces it.
#[wasm_bindgen_test]
async fn a_mounted_panel_outlives_its_dropped_handle_until_destroy() {
    past_shared_answers().await;
    install_fetch(Backend::Recorded);
    let element = new_element();
    let config = recorded_config_json();
    let container = || embedded(&element);

    let owner_before = Owner::current();
    drop(exemplar_panel::mount(element.clone(), config.clone()).unwrap());
    assert!(Owner::current() == owner_before, "mount() leaves the current reactive owner as it was");
    wait_state(&container(), "ready").await;
    sleep(50).await;
    assert!(container().query_selector("[data-exemplar-panel]").unwrap().is_some(), "still mounted");

    let handle = exemplar_panel::mount(element.clone(), config).unwrap();
    wait_state(&container(), "ready").await;
    assert_eq!(element.shadow_root().unwrap().child_element_count(), 1, "one panel: the new one");
    handle.destroy();
    assert_eq!(element.shadow_root().unwrap().child_element_count(), 0, "destroy() empties the element");
    element.remove();
}

/// `Retry-After` as an HTTP date goes through `SystemTime` arithmetic, which
/// wasm32-unknown-unknown has only in part (`SystemTime::now()` would abort the
/// app): the three forms RFC 9110 names read here as natively, and none panics.
#[wasm_bindgen_test]
fn retry_after_reads_http_dates_in_the_browser() {
    let at = Some(1_445_412_480_000);
    assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 0), at);
    assert_eq!(retry_after_ms("Wednesday, 21-Oct-15 07:28:00 GMT", 0), at);
    assert_eq!(retry_after_ms("Wed Oct 21 07:28:00 2015", 0), at);
    assert_eq!(retry_after_ms("Fri, 31 Dec 9999 23:59:59 GMT", 0), Some(253_402_300_799_000));
    assert_eq!(retry_after_ms("Thu, 01 Jan 1970 00:00:00 GMT", 5), Some(0));
    assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00", 0), None);
}

/// A portal may mount a panel from another panel's `exemplar-select`
/// listener, which fires inside that panel's effect. The new panel must not
/// belong to that effect (its next run would dispose the new panel's
/// signals): after the next selection it still follows `update()`. Once
/// destroyed, its handle's `diagnose()` rejects instead of reading a gone signal.
#[wasm_bindgen_test]
async fn a_panel_mounted_from_a_select_listener_outlives_the_next_selection() {
    past_shared_answers().await;
    install_fetch(Backend::Recorded);
    let container = mount(recorded_config());
    wait_state(&container, "ready").await;
    let side = new_element();
    let handle = std::rc::Rc::new(std::cell::RefCell::new(None::<exemplar_panel::PanelHandle>));
    let (slot, target) = (handle.clone(), side.clone());
    let config = recorded_config_json();
    let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |_e: web_sys::CustomEvent| {
        if slot.borrow().is_none() {
            *slot.borrow_mut() = Some(exemplar_panel::mount(target.clone(), config.clone()).unwrap());
        }
    });
    container.add_event_listener_with_callback("exemplar-select", listener.as_ref().unchecked_ref()).unwrap();
    listener.forget();

    let plot: HtmlElement = container.query_selector("[data-testid=plot]").unwrap().unwrap().unchecked_into();
    plot.focus().unwrap();
    press(&plot, "ArrowRight");
    sleep(50).await;
    let side_panel = || embedded(&side);
    wait_state(&side_panel(), "ready").await;
    press(&plot, "ArrowRight"); // the first panel's selection effect runs again
    sleep(50).await;

    let patch = js_sys::JSON::parse(r#"{"title": "Side panel"}"#).unwrap();
    handle.borrow().as_ref().unwrap().update(patch).unwrap();
    sleep(50).await;
    let title = side_panel().query_selector(".ep-title").unwrap().unwrap().text_content().unwrap();
    assert_eq!(title, "Side panel", "the side panel still follows its handle");

    let destroyed = handle.borrow_mut().take().unwrap();
    destroyed.destroy();
    let diagnosed = wasm_bindgen_futures::JsFuture::from(destroyed.diagnose()).await;
    let message = js_sys::Reflect::get(&diagnosed.expect_err("rejects"), &"message".into()).unwrap();
    assert_eq!(message.as_string().as_deref(), Some("exemplar-panel: this panel was destroyed"));
    side.remove();
}

/// The table's rows follow the frame: a new query that fails leaves no frame,
/// and then no rows (not the last range's, with their links).
#[wasm_bindgen_test]
async fn the_table_empties_when_a_new_query_fails() {
    past_shared_answers().await;
    install_fetch(Backend::Recorded);
    let element = new_element();
    let handle = exemplar_panel::mount(element.clone(), recorded_config_json()).unwrap();
    let container = embedded(&element);
    wait_state(&container, "ready").await;
    let toggle: HtmlElement = container.query_selector("[data-testid=toggle-table]").unwrap().unwrap().unchecked_into();
    toggle.click();
    sleep(50).await;
    let rows = || container.query_selector_all("[data-testid=exemplar-row]").unwrap().length();
    assert!(rows() > 0, "the table lists the exemplars");

    install_fetch(Backend::BadData);
    handle.set_time_range("now-2h".into(), "now-1h".into()).unwrap();
    wait_state(&container, "error").await;
    sleep(50).await;
    assert_eq!(rows(), 0, "no frame, no rows");
    handle.destroy();
    element.remove();
}
