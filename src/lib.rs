//! # exemplar-panel
//!
//! See Prometheus exemplars: quantile lines with exemplar dots on a canvas, and
//! one click from a dot to its trace.
//!
//! The folders read as the pipeline (see `docs/architecture.md`):
//! `config → query → (web: fetch) → prom → model → select → render → (web: canvas)`,
//! with `interact` (frame, hit index) and `links` after the model, `import`
//! (Grafana adapters) beside `config`, `edit` (the standalone page's editing
//! logic) above them, and `time` below them all. Everything
//! but `web` and `app` is the **pure core**: plain Rust, no web-sys, tested
//! natively. `web` (client, canvas, components, embed) and `app` (the
//! standalone page) are the thin wasm shell.

pub mod config;
pub mod edit;
pub mod import;
pub mod interact;
pub mod links;
pub mod load;
pub mod model;
pub mod panel;
pub mod prom;
pub mod query;
pub mod render;
pub mod select;
pub mod text;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub use app::App;
pub use config::{PanelConfig, ThemeChoice, TimeConfig};
#[cfg(target_arch = "wasm32")]
pub use web::embed::{mount, register_custom_element, PanelHandle};
#[cfg(target_arch = "wasm32")]
pub use web::ui::ExemplarPanel;
