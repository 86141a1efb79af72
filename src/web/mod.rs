//! The thin browser shell (compiled only for wasm32): the HTTP client, canvas
//! painting, the Leptos components, the embed API (`mount()` and the custom
//! element) and the benchmark hooks. Logic lives in the pure core; this layer
//! wires DOM events, signals and fetches to it.

#[cfg(feature = "bench")]
pub mod bench;
pub(crate) mod canvas;
pub(crate) mod client;
#[cfg(feature = "doctor")]
pub(crate) mod doctor;
pub(crate) mod dom;
pub mod embed;
pub(crate) mod sync;
#[cfg(feature = "trace-view")]
pub(crate) mod trace_client;
pub mod ui;
