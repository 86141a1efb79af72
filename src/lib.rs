//! # exemplar-panel
//!
//! See Prometheus exemplars: quantile lines with exemplar dots on a canvas, and
//! one click from a dot to its trace.
//!
//! The crate is split in two (see the README's architecture section):
//! - the **pure core** — [`config`], [`time_range`], [`plan`], [`prom`],
//!   [`model`], [`layout`], [`format`], [`hit`], [`links`], [`scene`], [`draw`],
//!   [`theme`] — plain Rust, no web-sys, tested natively with `cargo test`;
//! - the **thin wasm shell** — `client` (fetch), `canvas` (plotters-canvas),
//!   `ui` (Leptos components), `embed` (the JS `mount()` API and the
//!   `<exemplar-panel>` element) — compiled only for `wasm32`.
//!
//! Data flows one way:
//! `PanelConfig → QueryPlan → fetch → parse → PanelModel → Layout → Scene → canvas`,
//! and pointer/keyboard input goes `hit-test → tooltip + links → host events`.

pub mod config;
pub mod decimate;
pub mod draw;
pub mod filter;
pub mod format;
pub mod frame;
pub mod grafana;
pub mod grafana_panel;
pub mod hit;
pub mod layout;
pub mod links;
pub mod model;
pub mod plan;
pub mod prom;
pub mod raster;
pub mod sample;
pub mod scene;
pub mod theme;
pub mod time_range;

#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench;
#[cfg(target_arch = "wasm32")]
mod canvas;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use config::{PanelConfig, ThemeChoice, TimeConfig};
#[cfg(target_arch = "wasm32")]
pub use embed::{mount, register_custom_element, PanelHandle};
#[cfg(target_arch = "wasm32")]
pub use ui::{App, ExemplarPanel};
