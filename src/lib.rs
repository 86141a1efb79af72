//! # exemplar-panel
//!
//! See Prometheus exemplars: quantile lines with exemplar dots on a canvas, and
//! one click from a dot to its trace.
//!
//! ## Using it
//! - **In a page**: the `<exemplar-panel>` element, or [`mount`] from JS (the
//!   widget bundle); see `docs/host-contract.md`.
//! - **In a Leptos app**: [`ExemplarPanel`], given a [`PanelConfig`].
//! - **The standalone page**: [`App`].
//!
//! The config is JSON ([`PanelConfig::from_json`]), in Grafana's names; see
//! `docs/configuration.md`.
//!
//! ## Inside
//! The modules are private and read as the pipeline (`docs/architecture.md`):
//! `config → query → (web: fetch) → prom → model → select → render → (web: canvas)`,
//! driven by the pure state machine in `panel`, with `interact` (frame, hit
//! index) and `links` after the model, `import` (Grafana adapters) beside
//! `config`, `load` (the one loader) above both, `edit` (the standalone page's
//! editing logic), and `time` and `text` below them all. Everything but `web`
//! and `app` is the pure core: plain Rust, no web-sys, tested natively.
//! [`pipeline`] re-exports the stages for the fuzz targets and the benchmark.

// Natively the pure core's only callers are its tests: its consumer, the wasm
// shell (`web`, `app`), is not compiled. Dead code is checked where the whole
// crate is, in the wasm32 build (clippy -D warnings in scripts/test.sh).
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]
// The lean widget (no `trace-view` / `doctor` features) compiles the pure
// `trace` and `doctor` cores without their shell: unused there, and dropped
// from its wasm. Dead code is checked in the full build (`--all-features`).
#![cfg_attr(not(all(feature = "trace-view", feature = "doctor")), allow(dead_code, unused_imports))]

mod config;
#[cfg(test)]
mod contract;
mod doctor;
mod edit;
mod import;
mod interact;
mod links;
mod load;
mod model;
mod panel;
mod prom;
mod query;
mod render;
mod select;
mod text;
mod time;
mod trace;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
mod app;
#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub use app::App;
pub use config::{
    ConfigError, Datasource, ExemplarBox, FilterConfig, HttpMethod, ImportError, LogBase, PanelConfig,
    PanelImportError, PrometheusConfig, Sampler, ScaleDistribution, ScaleType, Target, ThemeChoice, Threshold,
    TimeConfig, TraceDestination, Unit,
};
#[cfg(target_arch = "wasm32")]
pub use web::embed::{mount, register_custom_element, start_widget, PanelHandle};
#[cfg(target_arch = "wasm32")]
pub use web::ui::ExemplarPanel;

/// The pipeline's stages, in order, for the fuzz targets, the benchmark and
/// the tests: not a stable API.
#[doc(hidden)]
pub mod pipeline {
    pub use crate::config::YScale;
    pub use crate::import::panel::import_panel;
    pub use crate::import::provisioning::parse_provisioning;
    pub use crate::interact::frame::{Frame, FrameInput};
    pub use crate::links::{build_links, is_http_url, LinkContext};
    pub use crate::model::{build_model, ExemplarFetchError, TargetData};
    pub use crate::panel::retry_after_ms;
    pub use crate::prom::{parse_exemplars, parse_range, Labels};
    pub use crate::query::{plan_queries, PlanContext};
    pub use crate::render::format::FixedOffset;
    pub use crate::render::layout::PlotSize;
    pub use crate::render::theme::Theme;
    pub use crate::select::filter::ExemplarFilter;
    pub use crate::time::{format_duration_ms, parse_duration_ms, parse_time_expr_at};
}
