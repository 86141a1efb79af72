//! Embedding (wasm only): the JS API (`mount` → [`PanelHandle`]) and the
//! `<exemplar-panel>` custom element.
//!
//! - `mount(element, config)` renders a panel into a shadow root of `element`,
//!   so the portal's CSS cannot reach in and ours cannot leak out. The panel's
//!   stylesheet is adopted into that root (constructable stylesheets are not
//!   inline styles, so a strict CSP allows them); colours stay overridable
//!   through the `--ep-*` custom properties, which inherit into the shadow tree.
//! - Config errors throw a JS `Error` with the config error's text; nothing panics.
//! - Every panel owns its state: no ids, and no global but the list of
//!   mounted panels, which keeps each one until `destroy()`.
//! - The custom element is a small JS class (`src/web/element.js`, a
//!   wasm-bindgen snippet served as a file, so no inline script) that calls
//!   `mount` and the handle.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::web::ui::{ConfigResult, Panel};
use exemplar_core::config::{merge_json, ConfigError, PanelConfig};

// The config and event types (`npm/types.d.ts`, generated from the Rust types by
// src/contract.rs), the events' details, and `on()` typed by the event's name
// (wasm-bindgen skips it): wasm-bindgen appends `handle.d.ts` to the `.d.ts` it
// emits (nothing goes into the wasm). The npm test type-checks it (tsc).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("handle.d.ts");

/// What `diagnose()` rejects with in the lean widget.
#[cfg(not(feature = "doctor"))]
const LEAN_DOCTOR: &str =
    "exemplar-panel: diagnose() needs the exemplar doctor, which is in exemplar-panel-full.js (this is the lean widget)";

/// What a destroyed panel's handle rejects `diagnose()` with.
#[cfg(feature = "doctor")]
const DESTROYED: &str = "exemplar-panel: this panel was destroyed";

/// The panel's stylesheet, adopted into every shadow root.
const PANEL_CSS: &str = include_str!("../../www/exemplar-panel.css");

#[wasm_bindgen(module = "/src/web/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(mount: &js_sys::Function);
}

/// A widget bundle's `main` (`src/bin/widget.rs`, `widget_full.rs`): the panic
/// hook, then [`register_custom_element`].
pub fn start_widget() {
    console_error_panic_hook::set_once();
    register_custom_element();
}

/// Registers `<exemplar-panel>` (idempotent).
pub fn register_custom_element() {
    // The element mounts through this closure; an error is shown inside the
    // element (a bad `config` attribute must not throw from a DOM callback).
    let mount_fn = Closure::<dyn Fn(HtmlElement, JsValue, JsValue) -> JsValue>::new(
        |element: HtmlElement, config: JsValue, failure: JsValue| {
            let result = match failure.as_string() {
                Some(message) => Err(ConfigError::Unavailable(message)),
                None => config_from_js(&config),
            };
            match mount_result(&element, result) {
                Ok(handle) => handle.into(),
                Err(e) => {
                    // Only a DOM failure lands here; the element keeps no handle.
                    web_sys::console::error_2(&"exemplar-panel: cannot mount".into(), &e);
                    JsValue::NULL
                }
            }
        },
    );
    define_element(mount_fn.as_ref().unchecked_ref());
    mount_fn.forget(); // one per page, for the element class's lifetime
}

/// Parses a config given as a JS object or a JSON string.
fn config_from_js(config: &JsValue) -> Result<PanelConfig, ConfigError> {
    let text = match config.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(config).ok().and_then(|s| s.as_string()).ok_or(ConfigError::NotAnObject)?,
    };
    PanelConfig::load(&text)
}

/// A mounted panel, returned by `mount()`.
#[wasm_bindgen]
pub struct PanelHandle {
    inner: Rc<HandleInner>,
}

thread_local! {
    /// The panels mounted and not yet destroyed. A `PanelHandle` that the page
    /// lets go of (a bundler may inline `const panel = mount(…)` away) is freed
    /// by wasm-bindgen's finalizer at the next garbage collection: its panel
    /// must not go with it, only with `destroy()`.
    static MOUNTED: RefCell<Vec<Rc<HandleInner>>> = const { RefCell::new(Vec::new()) };
}

struct HandleInner {
    element: HtmlElement,
    container: HtmlElement,
    config: RwSignal<ConfigResult>,
    /// The last good config as JSON, the base of partial updates.
    json: RefCell<serde_json::Value>,
    refresh: RwSignal<u64>,
    /// `previewTrace(id)` requests: a counter and the id.
    preview: RwSignal<Option<(u64, String)>>,
    unmount: RefCell<Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>>,
    listeners: RefCell<Vec<(String, js_sys::Function)>>,
    /// The reactive root that owns the signals above and the mounted view.
    /// A root of its own: `mount()` may be called from inside another panel's
    /// effect (a listener of `exemplar-select`, fired there), whose owner
    /// would otherwise take this panel's signals and dispose them at its next run.
    owner: Owner,
}

/// Mounts a panel into `element` (replacing one mounted there before) and
/// returns its handle. The panel stays until `destroy()`, whether or not the
/// handle is kept. Throws a JS `Error` when the config is invalid.
#[wasm_bindgen]
pub fn mount(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "PanelConfig | string")] config: JsValue,
) -> Result<PanelHandle, JsError> {
    let config = config_from_js(&config).map_err(|e| JsError::new(&e.to_string()))?;
    mount_result(&element, Ok(config)).map_err(|e| JsError::new(&e.as_string().unwrap_or_default()))
}

fn mount_result(element: &HtmlElement, config: Result<PanelConfig, ConfigError>) -> Result<PanelHandle, JsValue> {
    // One panel per element: mounting again replaces the one before.
    let previous: Vec<Rc<HandleInner>> =
        MOUNTED.with_borrow(|mounted| mounted.iter().filter(|p| p.element == *element).cloned().collect());
    previous.iter().for_each(HandleInner::destroy);
    let document = element.owner_document().ok_or_else(|| JsValue::from_str("the element is not in a document"))?;
    let root: web_sys::Node = match element.shadow_root() {
        Some(root) => root.into(),
        None => {
            let init = ShadowRootInit::new(ShadowRootMode::Open);
            match element.attach_shadow(&init) {
                Ok(root) => root.into(),
                // Elements that cannot host a shadow root get the panel in the light DOM.
                Err(_) => element.clone().into(),
            }
        }
    };
    while let Some(child) = root.first_child() {
        let _ = root.remove_child(&child);
    }
    if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        adopt_stylesheet(shadow);
    }
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("ep-embed");
    root.append_child(&container)?;

    let json = config.as_ref().ok().and_then(|c| serde_json::to_value(c).ok()).unwrap_or(serde_json::Value::Null);
    // `new_root` makes itself the current owner and leaves it so: put back the
    // one before (or none), so that nothing created after this call (a host's
    // own Leptos code, another mount) is adopted by this panel.
    let before = Owner::current();
    let owner = Owner::new_root(None);
    match before {
        Some(before) => before.set(),
        None => owner.clone().unset(),
    }
    let (signal, refresh, preview, unmount) = owner.with(|| {
        let signal = RwSignal::new(config.map(Arc::new));
        let refresh = RwSignal::new(0u64);
        let preview = RwSignal::new(None);
        let unmount = leptos::mount::mount_to(container.clone(), move || {
            view! { <Panel config=signal.into() refresh=refresh.into() preview_trace=preview.into() /> }.into_any()
        });
        (signal, refresh, preview, unmount)
    });
    let inner = Rc::new(HandleInner {
        element: element.clone(),
        container,
        config: signal,
        json: RefCell::new(json),
        refresh,
        preview,
        unmount: RefCell::new(Some(unmount)),
        listeners: RefCell::new(Vec::new()),
        owner,
    });
    MOUNTED.with_borrow_mut(|mounted| mounted.push(Rc::clone(&inner)));
    Ok(PanelHandle { inner })
}

fn adopt_stylesheet(root: &web_sys::ShadowRoot) {
    let Ok(sheet) = web_sys::CssStyleSheet::new() else { return };
    if sheet.replace_sync(PANEL_CSS).is_ok() {
        let sheets = js_sys::Array::of1(&sheet);
        root.set_adopted_style_sheets(&sheets);
    }
}

impl HandleInner {
    /// Unmounts the panel; see `PanelHandle::destroy`.
    fn destroy(self: &Rc<Self>) {
        MOUNTED.with_borrow_mut(|mounted| mounted.retain(|p| !Rc::ptr_eq(p, self)));
        for (kind, f) in self.listeners.borrow_mut().drain(..) {
            let _ = self.element.remove_event_listener_with_callback(&kind, &f);
        }
        drop(self.unmount.borrow_mut().take());
        // The signals go too: the handle's methods read them with `try_`.
        self.owner.cleanup();
        self.container.remove();
    }
}

impl PanelHandle {
    /// Merges `patch` into the current config; the panel keeps its config when the result is invalid.
    fn apply(&self, patch: serde_json::Value) -> Result<(), JsError> {
        let mut next = self.inner.json.borrow().clone();
        merge_json(&mut next, patch);
        let config = PanelConfig::load(&next.to_string()).map_err(|e| JsError::new(&e.to_string()))?;
        *self.inner.json.borrow_mut() = next;
        self.inner.config.set(Ok(Arc::new(config)));
        Ok(())
    }
}

#[wasm_bindgen]
impl PanelHandle {
    /// Applies a (partial) config: `{time: {from: "now-1h"}}` changes only the
    /// range. Only what changed is queried again (editing links never is).
    /// Throws a JS `Error` when the result is invalid; the panel keeps its config.
    pub fn update(&self, #[wasm_bindgen(unchecked_param_type = "PanelConfig")] patch: JsValue) -> Result<(), JsError> {
        let text = js_sys::JSON::stringify(&patch)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| JsError::new("update() takes a config object"))?;
        let patch: serde_json::Value = serde_json::from_str(&text).map_err(|e| JsError::new(&e.to_string()))?;
        self.apply(patch)
    }

    /// Sets the time range (`now-1h`, epoch ms, RFC 3339) and queries again.
    #[wasm_bindgen(js_name = setTimeRange)]
    pub fn set_time_range(&self, from: String, to: String) -> Result<(), JsError> {
        self.apply(serde_json::json!({"time": {"from": from, "to": to}}))
    }

    /// Queries again now (skipped while a query is in flight).
    pub fn refresh(&self) {
        self.inner.refresh.update(|n| *n = n.wrapping_add(1));
    }

    /// Runs the exemplar doctor on the current config: resolves to its report
    /// (the same checks the panel's `exemplar-doctor` section shows), or
    /// rejects with an `Error` when the config cannot be planned.
    #[wasm_bindgen(unchecked_return_type = "Promise<DoctorReport>")]
    pub fn diagnose(&self) -> js_sys::Promise {
        #[cfg(feature = "doctor")]
        {
            // `None` once destroyed: the config signal is gone with the panel.
            let config = self.inner.config.try_get_untracked();
            let width = f64::from(self.inner.container.client_width());
            wasm_bindgen_futures::future_to_promise(async move {
                let config = config.ok_or_else(|| JsValue::from(JsError::new(DESTROYED)))?;
                let spec = config.and_then(exemplar_core::config::Spec::of);
                let spec = spec.map_err(|e| JsValue::from(JsError::new(&e.to_string())))?;
                let report = crate::web::doctor::run_doctor(&spec, width)
                    .await
                    .map_err(|e| JsValue::from(JsError::new(&e.to_string())))?;
                let json = serde_json::to_string(&report).map_err(|e| JsValue::from(JsError::new(&e.to_string())))?;
                js_sys::JSON::parse(&json)
            })
        }
        // The lean widget has no doctor: an `Error` naming the bundle that has it.
        #[cfg(not(feature = "doctor"))]
        {
            js_sys::Promise::reject(&JsError::new(LEAN_DOCTOR).into())
        }
    }

    /// Opens the trace view for `traceId`, fetched through the first trace
    /// datasource (jaeger, tempo or zipkin); `trace-preview` fires when it is shown.
    #[wasm_bindgen(js_name = previewTrace)]
    pub fn preview_trace(&self, trace_id: String) {
        self.inner.preview.update(|p| *p = Some((p.as_ref().map_or(0, |(n, _)| n.wrapping_add(1)), trace_id)));
    }

    /// Listens to one of the panel's events (`PanelEventMap` in `TS_TYPES`:
    /// `exemplar-select`, `exemplar-click`, `exemplar-box`, `trace-preview`);
    /// returns a function that unsubscribes. Its TypeScript signature is in
    /// `TS_TYPES` (generic over the name), not generated.
    #[wasm_bindgen(skip_typescript)]
    pub fn on(&self, kind: String, listener: js_sys::Function) -> Result<js_sys::Function, JsError> {
        self.inner
            .element
            .add_event_listener_with_callback(&kind, &listener)
            .map_err(|_| JsError::new("could not add the listener"))?;
        self.inner.listeners.borrow_mut().push((kind.clone(), listener.clone()));
        let weak = Rc::downgrade(&self.inner);
        let off = Closure::once_into_js(move || {
            if let Some(inner) = weak.upgrade() {
                let _ = inner.element.remove_event_listener_with_callback(&kind, &listener);
                inner.listeners.borrow_mut().retain(|(k, f)| !(k == &kind && f == &listener));
            }
        });
        Ok(off.unchecked_into())
    }

    /// Unmounts the panel: disposes its reactive owner (which aborts a query in
    /// flight, stops auto-refresh and disconnects the resize observer), removes
    /// the listeners added with `on()`, and empties the element.
    pub fn destroy(&self) {
        self.inner.destroy();
    }
}
