//! The thin browser shell (compiled only for wasm32), in layers; each uses
//! only the layers before it (`tests/house.rs` checks it):
//! 1. `browser` (clock, time zone, timers, page seed, colour scheme), `dom`
//!    (plain DOM builders) and `canvas` (painting what the machine says);
//! 2. `http`: the one transport;
//! 3. the clients: `client` (Prometheus, shared requests), `trace_client`,
//!    `doctor`, and `sync` (the page's registry of synced panels);
//! 4. `ui`: Leptos components that wire DOM events to the panel machine and
//!    render its view;
//! 5. `embed` (`mount()`, the custom element) and `bench`; the standalone
//!    page (`crate::app`) sits on this layer too.
//!
//! Logic lives in the pure core (`exemplar-core`); this layer talks to the browser.

#[cfg(feature = "bench")]
pub mod bench;
pub(crate) mod browser;
pub(crate) mod canvas;
pub(crate) mod client;
#[cfg(feature = "doctor")]
pub(crate) mod doctor;
pub(crate) mod dom;
pub mod embed;
pub(crate) mod http;
pub(crate) mod sync;
#[cfg(feature = "trace-view")]
pub(crate) mod trace_client;
pub mod ui;
