//! When the panel refreshes, the browser side: the host's `refresh()`, and
//! whether anyone sees the panel (`document.hidden` and an
//! IntersectionObserver on the panel). The schedule itself (phases, pause,
//! catch-up, backoff) and the interval (the spec's `refresh`) are the
//! machine's; its one timer is `driver`'s.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry};

use super::driver::send;
use super::state::Ctx;
use crate::web::browser::clock;
use exemplar_core::panel::FetchEvent;

/// The host's `refresh()` and visibility → the machine.
pub fn wire_refresh(ctx: Ctx, refresh: Option<Signal<u64>>) {
    if let Some(r) = refresh {
        Effect::new(move |prev: Option<()>| {
            r.track();
            if prev.is_some() {
                send(ctx, FetchEvent::RefreshNow(clock()));
            }
        });
    }
    watch_seen(ctx);
    on_cleanup(move || ctx.timer.set_value(None));
}

/// Whether anyone can see the panel: the page is visible and the panel intersects the viewport.
fn watch_seen(ctx: Ctx) {
    // (page visible, on screen), as last reported.
    let seen = StoredValue::new((true, true));
    let report = move |page: Option<bool>, screen: Option<bool>| {
        let before = seen.get_value();
        let now = (page.unwrap_or(before.0), screen.unwrap_or(before.1));
        if now != before {
            seen.set_value(now);
            send(ctx, FetchEvent::Seen(now.0 && now.1, clock()));
        }
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let on_visibility = Closure::<dyn FnMut()>::new(move || {
        let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
        report(Some(!hidden), None);
    });
    if document.add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref()).is_ok() {
        report(Some(!document.hidden()), None);
        let keep = SendWrapper::new((document, on_visibility));
        on_cleanup(move || {
            let (document, f) = &*keep;
            let _ = document.remove_event_listener_with_callback("visibilitychange", f.as_ref().unchecked_ref());
        });
    }
    Effect::new(move |_| {
        let Some(el) = ctx.host.get() else { return };
        let on_intersect = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let last = entries.iter().last().and_then(|e| e.dyn_into::<IntersectionObserverEntry>().ok());
            if let Some(entry) = last {
                report(None, Some(entry.is_intersecting()));
            }
        });
        if let Ok(observer) = IntersectionObserver::new(on_intersect.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let keep = SendWrapper::new((observer, on_intersect));
            on_cleanup(move || keep.0.disconnect());
        }
    });
}
