//! The host events (`exemplar-select`, `exemplar-click`, `exemplar-box`) and opening links.
//! The events' `detail` is built in the pure core ([`event_detail`]); here it
//! is only dispatched.

use serde::Serialize;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use super::Selection;
use exemplar_core::interact::frame::Frame;
use exemplar_core::links::is_http_url;
use exemplar_core::panel::event_detail;

/// Dispatches `kind` from the host element (bubbling, composed, cancelable).
/// Returns false when a listener called `preventDefault()`.
pub fn dispatch_exemplar_event(host: &HtmlElement, kind: &str, frame: &Frame, sel: &Selection) -> bool {
    match event_detail(frame, sel) {
        Some(detail) => dispatch_detail(host, kind, &detail),
        None => true,
    }
}

/// Dispatches `kind` with `detail` (serialised, maps as objects) from the host
/// element (bubbling, composed, cancelable). Returns false when prevented.
pub fn dispatch_detail(host: &HtmlElement, kind: &str, detail: &impl Serialize) -> bool {
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

/// Opens an http(s) URL in a new tab, without giving it `window.opener` or the referrer.
pub fn open_in_new_tab(url: &str) {
    if !is_http_url(url) {
        return;
    }
    if let Some(w) = web_sys::window() {
        let _ = w.open_with_url_and_target_and_features(url, "_blank", "noopener,noreferrer");
    }
}
