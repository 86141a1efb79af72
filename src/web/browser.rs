//! The browser's facts and timers (the shell's first layer: it uses no other):
//! the clock and the time zone, the page's seed, the colour scheme, and
//! timers through gloo-timers (a cancellable timeout, a deadline that aborts
//! a fetch, yielding to a new task).

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use exemplar_core::panel::{Clock, Zone};
use exemplar_core::time::zone::LocalOffset;

/// The browser's time zone, through JS `Date` (DST-aware).
pub struct BrowserOffset;

impl LocalOffset for BrowserOffset {
    fn offset_minutes(&self, t_ms: i64) -> i32 {
        -(js_sys::Date::new(&JsValue::from_f64(t_ms as f64)).get_timezone_offset() as i32)
    }
}

/// The browser's time zone, as the panel machine takes it.
pub fn zone() -> Zone {
    Arc::new(BrowserOffset)
}

/// Now, epoch ms.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The browser's clock and zone now.
pub fn clock() -> Clock {
    let now_ms = now_ms();
    Clock { now_ms, utc_offset_min: BrowserOffset.offset_minutes(now_ms) }
}

/// One random number per page: panels on this page with the same query share
/// refresh instants (and so requests); other pages get other instants.
pub fn page_seed() -> u64 {
    thread_local! {
        static SEED: u64 = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    }
    SEED.with(|s| *s)
}

/// The `(prefers-color-scheme: dark)` media query, when the browser has one.
pub fn dark_scheme_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media("(prefers-color-scheme: dark)").ok().flatten()
}

/// A callback after `ms` (clamped to what a timer takes); dropping it cancels it.
pub fn after(ms: i64, callback: impl FnOnce() + 'static) -> Timeout {
    Timeout::new(u32::try_from(ms.clamp(0, i64::from(i32::MAX))).unwrap_or(0), callback)
}

/// Resolves in a new task (a zero timeout), so that what follows does not run
/// in the task that is running now.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// The client timeout of one fetch: aborts it after `ms` and remembers that
/// it did. Dropping it clears the timer.
pub struct Deadline {
    /// Whether it fired.
    pub fired: Rc<Cell<bool>>,
    _timer: Timeout,
}

impl Deadline {
    /// Aborts `controller` after `ms`.
    pub fn start(ms: i64, controller: AbortController) -> Self {
        let fired = Rc::new(Cell::new(false));
        let flag = Rc::clone(&fired);
        let timer = after(ms, move || {
            flag.set(true);
            controller.abort();
        });
        Self { fired, _timer: timer }
    }
}
