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
//! Two crates (`docs/architecture.md`). `exemplar-core` is the pure core:
//! every pipeline stage (`config → query → prom → model → select → render`,
//! with `interact`, `links`, `trace`, `doctor`, `import`, `load`, `edit`,
//! `time` and `text`) and the panel's state machine, plain Rust with no
//! browser dependency, tested natively. This crate is the thin wasm shell
//! around it, in layers: `web::browser` (clock, time zone, timers),
//! `web::http` (the one transport), the clients, `web::ui` (Leptos
//! components), then `web::embed` and `app`. [`pipeline`] re-exports the
//! stages for the fuzz targets and the benchmark.

#[cfg(all(target_arch = "wasm32", feature = "app"))]
mod app;
#[cfg(target_arch = "wasm32")]
mod web;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub use app::App;
pub use exemplar_core::config::{
    ConfigError, Datasource, ExemplarBox, FilterConfig, Format, HttpMethod, ImportError, LegendCalc, LegendConfig,
    LegendDisplayMode, LogBase, PanelConfig, PanelImportError, PrometheusConfig, Sampler, ScaleDistribution, ScaleType,
    Target, ThemeChoice, Threshold, ThresholdStep, Thresholds, ThresholdsMode, ThresholdsStyle, ThresholdsStyleMode,
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
    pub use exemplar_core::config::YScale;
    pub use exemplar_core::import::panel::import_panel;
    pub use exemplar_core::import::provisioning::parse_provisioning;
    pub use exemplar_core::interact::frame::{Frame, FrameInput};
    pub use exemplar_core::links::{build_links, is_http_url, LinkContext};
    pub use exemplar_core::model::{build_model, ExemplarFetchError, TargetData};
    pub use exemplar_core::panel::retry_after_ms;
    pub use exemplar_core::prom::{parse_exemplars, parse_range, Labels};
    pub use exemplar_core::query::{plan_queries, PlanContext};
    pub use exemplar_core::render::layout::PlotSize;
    pub use exemplar_core::render::theme::Theme;
    pub use exemplar_core::select::filter::ExemplarFilter;
    pub use exemplar_core::time::zone::FixedOffset;
    pub use exemplar_core::time::{format_duration_ms, parse_duration_ms, parse_time_expr_at};
}
