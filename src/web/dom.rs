//! A few plain DOM builders for the parts of the panel that are rebuilt
//! wholesale (the exemplar table's rows): one `createElement` per node and
//! text set as text (never HTML). Failures of the DOM calls (which only fail
//! on a detached document) leave the part out.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// A new `<tag>` with its `attrs`, appended to `parent`.
pub(crate) fn child(doc: &Document, parent: &Element, tag: &str, attrs: &[(&str, &str)]) -> Option<Element> {
    let el = doc.create_element(tag).ok()?;
    for (name, value) in attrs {
        el.set_attribute(name, value).ok()?;
    }
    parent.append_child(&el).ok()?;
    Some(el)
}

/// A new `<tag>` holding `text` (as text), appended to `parent`.
pub(crate) fn text_child(
    doc: &Document,
    parent: &Element,
    tag: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> Option<Element> {
    let el = child(doc, parent, tag, attrs)?;
    el.set_text_content(Some(text));
    Some(el)
}

/// Appends a text node.
pub(crate) fn text(doc: &Document, parent: &Element, text: &str) {
    let _ = parent.append_child(&doc.create_text_node(text));
}

/// The element that has the keyboard focus, when it is inside `within` (looked
/// up in `within`'s shadow root when it has one, else in its document).
pub(crate) fn focused_within(within: &Element) -> Option<Element> {
    let root = within.get_root_node();
    let active = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => root.dyn_ref::<Document>()?.active_element(),
    }?;
    within.contains(Some(&active)).then_some(active)
}

/// Focuses `el` when it can take focus.
pub(crate) fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// The element an event happened on, or its nearest ancestor matching `selector`.
pub(crate) fn closest(ev: &web_sys::Event, selector: &str) -> Option<Element> {
    ev.target()?.dyn_into::<Element>().ok()?.closest(selector).ok().flatten()
}

/// The element a host page gave the panel: the shadow root's host (the
/// custom element, or the element given to `mount()`), or, when the panel
/// sits in the light DOM (an element that cannot host a shadow root), the
/// element holding its `.ep-embed` container. `None` in the standalone app.
pub(crate) fn host_element(panel: &Element) -> Option<Element> {
    let root = panel.get_root_node();
    if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        return Some(shadow.host());
    }
    panel.closest(".ep-embed").ok().flatten()?.parent_element()
}

/// Saves `href` (a `data:` or `blob:` URL) as `file_name`: a download link,
/// clicked and removed, inside `near` (so it works in a shadow root).
pub(crate) fn download(near: &Element, href: &str, file_name: &str) {
    let Some(doc) = near.owner_document() else { return };
    let Some(a) = child(&doc, near, "a", &[("href", href), ("download", file_name), ("hidden", "")]) else { return };
    if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
        a.click();
    }
    a.remove();
}

/// Saves `text` as `file_name` of type `mime` (a Blob and its object URL, revoked after).
pub(crate) fn download_text(near: &Element, text: &str, mime: &str, file_name: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    download(near, &url, file_name);
    // Revoked once the download has surely started (at once can cancel it).
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
