//! Benchmark hooks (cargo feature `bench`, wasm only): the panel's own
//! pipeline stages, callable from JS, so `bench/` can time them against uPlot
//! in one page. The release build (`scripts/build.sh`) does not contain them.
//!
//! - `benchParse(config, rangeJson, exemplarsJson, width)`: plan + parse +
//!   model, exactly as a panel refresh does after its fetches return.
//! - `benchDraw(canvas, model, width, height, dpr)`: everything from a parsed
//!   model to pixels, as a panel does on new data or a resize: layout, filters,
//!   scene (with M4), the hit index, and the paint.

use std::sync::Arc;

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::web::browser::{clock, BrowserOffset};
use crate::web::canvas::paint_scene;
use exemplar_core::config::{Format, PanelConfig};
use exemplar_core::interact::frame::{Frame, FrameInput};
use exemplar_core::model::PanelModel;
use exemplar_core::panel::replay::replay_first_target;
use exemplar_core::query::PlanContext;
use exemplar_core::render::layout::PlotSize;
use exemplar_core::render::theme::Theme;
use exemplar_core::select::filter::ExemplarFilter;

/// A parsed model, held on the Rust side.
#[wasm_bindgen]
pub struct BenchModel {
    model: Arc<PanelModel>,
    config: PanelConfig,
}

#[wasm_bindgen]
impl BenchModel {
    /// Number of exemplars in the model.
    #[wasm_bindgen(getter, js_name = exemplarCount)]
    pub fn exemplar_count(&self) -> usize {
        self.model.exemplars.len()
    }

    /// Number of samples over all series.
    #[wasm_bindgen(getter, js_name = pointCount)]
    pub fn point_count(&self) -> usize {
        self.model.series.iter().map(|s| s.values.len()).sum()
    }
}

/// Plans the first target of `config` and builds its model from two response
/// bodies ([`replay_first_target`]), now and at `width`.
#[wasm_bindgen(js_name = benchParse)]
pub fn bench_parse(config: &str, range_json: &str, exemplars_json: &str, width: u32) -> Result<BenchModel, JsError> {
    let now = clock();
    let ctx = PlanContext { now_ms: now.now_ms, max_data_points: width, utc_offset_min: now.utc_offset_min };
    let (config, model) =
        replay_first_target(config, range_json, exemplars_json, ctx).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(BenchModel { model: Arc::new(model), config })
}

/// Draws `model` onto `canvas` at `width × height` CSS px and `dpr`; returns
/// the number of exemplars drawn.
#[wasm_bindgen(js_name = benchDraw)]
pub fn bench_draw(
    canvas: &HtmlCanvasElement,
    model: &BenchModel,
    width: f64,
    height: f64,
    dpr: f64,
) -> Result<usize, JsError> {
    draw_timed(canvas, model, PlotSize { width_css: width, height_css: height, dpr }).map(|(shown, _)| shown)
}

/// The same as [`bench_draw`], timed per stage with `performance.now()`:
/// `[frame build (layout, filters, scene, hit index), paint]`, in ms.
#[wasm_bindgen(js_name = benchDrawStages)]
pub fn bench_draw_stages(
    canvas: &HtmlCanvasElement,
    model: &BenchModel,
    width: f64,
    height: f64,
    dpr: f64,
) -> Result<Vec<f64>, JsError> {
    draw_timed(canvas, model, PlotSize { width_css: width, height_css: height, dpr }).map(|(_, t)| t.to_vec())
}

/// What a panel does on new data or a resize; returns the exemplars drawn and
/// the stage times (two `performance.now()` reads: negligible).
fn draw_timed(canvas: &HtmlCanvasElement, model: &BenchModel, size: PlotSize) -> Result<(usize, [f64; 2]), JsError> {
    let now = || web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    let input = FrameInput {
        size,
        format: &Format { unit: model.config.unit.clone(), decimals: model.config.decimals },
        axis: Default::default(),
        thresholds: None,
        scale: model.config.scale_distribution.y_scale(),
        exemplars_hidden: false,
        exemplar_box: None,
        tz: &BrowserOffset,
        filter: &ExemplarFilter::default(),
        sampler: model.config.exemplar_sampling,
        hidden_series: &[],
        theme: &Theme::light(),
        config: Some(&model.config),
    };
    let t0 = now();
    let (frame, scene) = Frame::build(Arc::clone(&model.model), &input);
    let t1 = now();
    paint_scene(canvas, size, &scene).map_err(|e| JsError::new(&e.to_string()))?;
    let t2 = now();
    Ok((frame.shown.len(), [t1 - t0, t2 - t1]))
}
