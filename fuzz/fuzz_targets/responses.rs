//! The Prometheus response parsers, then everything after them: any body a
//! server (or a proxy in front of it) sends goes through parsing, the model,
//! sampling, layout, decimation, the scene and the hit index without a panic.
//!
//! Input: 2 bytes of HTTP status, then the body, used as both a
//! `query_range` and a `query_exemplars` answer.
#![no_main]

use std::sync::Arc;

use exemplar_panel::config::{PanelConfig, Unit};
use exemplar_panel::filter::ExemplarFilter;
use exemplar_panel::format::FixedOffset;
use exemplar_panel::frame::{Frame, FrameInput};
use exemplar_panel::layout::PlotSize;
use exemplar_panel::model::{build_model, TargetData};
use exemplar_panel::plan::{plan_queries, PlanContext};
use exemplar_panel::prom::{parse_exemplars, parse_range};
use exemplar_panel::sample::Sampler;
use exemplar_panel::theme::Theme;
use libfuzzer_sys::fuzz_target;

const CONFIG: &str = r#"{"targets":[{"refId":"A","expr":"histogram_quantile(0.99, sum(rate(x_bucket[$__rate_interval])) by (le))"}],
  "time":{"from":"2026-11-01T00:00:00Z","to":"2026-11-01T01:00:00Z"},
  "exemplarTraceIdDestinations":[{"name":"trace_id","url":"http://jaeger/trace/${__value.raw}"}]}"#;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]) % 600, rest),
        _ => return,
    };
    let body = String::from_utf8_lossy(body);
    let range = parse_range(status, &body);
    let exemplars = parse_exemplars(status, &body);
    let Ok(config) = PanelConfig::from_json(CONFIG) else { return };
    let ctx = PlanContext { now_ms: 1_793_000_000_000, max_data_points: 800, utc_offset_min: 60 };
    let Ok(plan) = plan_queries(&config, ctx) else { return };
    let Some(query) = plan.queries.first().cloned() else { return };
    let Ok(range) = range else { return };
    let data = vec![TargetData { query, range, exemplars: Some(exemplars.map_err(|e| e.to_string())) }];
    let model = Arc::new(build_model(&plan, data));
    let filter = ExemplarFilter::default();
    let theme = Theme::light();
    for (sampler, width) in [(Sampler::default(), 800.0), (Sampler::Grafana, 3.0), (Sampler::All, 0.0)] {
        let hidden = vec![false; model.series.len()];
        let input = FrameInput {
            size: PlotSize { width_css: width, height_css: 300.0, dpr: 2.0 },
            unit: Unit::Seconds,
            tz: &FixedOffset(60),
            filter: &filter,
            sampler,
            hidden_series: &hidden,
            theme: &theme,
            config: Some(&config),
        };
        let (frame, _scene) = Frame::build(Arc::clone(&model), &input);
        let _ = frame.hit.nearest(400.0, 150.0, 8.0);
    }
});
