//! The Prometheus response parsers, then everything after them: any bodies a
//! server (or a proxy in front of it) sends go through parsing, the model,
//! sampling, layout, decimation, the scene and the hit index without a panic.
//!
//! Input: 2 bytes of HTTP status, then the `query_range` body, a NUL byte,
//! and the `query_exemplars` body (without a NUL, the same body is both). The
//! panel's window is the range answer's own time span, so exemplars near the
//! samples are inside it and reach the samplers.
#![no_main]

use std::sync::Arc;

use exemplar_panel::pipeline::{
    build_model, parse_exemplars, parse_range, plan_queries, ExemplarFetchError, ExemplarFilter, FixedOffset, Frame,
    FrameInput, PlanContext, PlotSize, TargetData, Theme, YScale,
};
use exemplar_panel::{ExemplarBox, Format, LogBase, PanelConfig, Sampler, Unit};
use libfuzzer_sys::fuzz_target;

const EXPR: &str = "histogram_quantile(0.99, sum(rate(x_bucket[$__rate_interval])) by (le))";

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]) % 600, rest),
        _ => return,
    };
    let (range_body, exemplar_body) = match body.iter().position(|&b| b == 0) {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, body),
    };
    let range = parse_range(status, &String::from_utf8_lossy(range_body));
    let exemplars = parse_exemplars(status, &String::from_utf8_lossy(exemplar_body));
    let Ok(range) = range else { return };
    let times = range.series.iter().flat_map(|s| s.t_ms.iter().copied());
    let (from, to) = times.fold((i64::MAX, i64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    let (from, to) = if from <= to { (from.saturating_sub(60_000), to.saturating_add(60_000)) } else { (0, 3_600_000) };
    let config = format!(
        r#"{{"targets":[{{"refId":"A","expr":"{EXPR}"}}],"time":{{"from":"{from}","to":"{to}"}},
           "exemplarTraceIdDestinations":[{{"name":"trace_id","url":"http://jaeger/trace/${{__value.raw}}"}}]}}"#
    );
    let Ok(config) = PanelConfig::from_json(&config) else { return };
    let ctx = PlanContext { now_ms: to, max_data_points: 800, utc_offset_min: 60 };
    let Ok(plan) = plan_queries(&config, ctx) else { return };
    let Some(query) = plan.queries.first().cloned() else { return };
    let data = vec![TargetData { query, range, exemplars: Some(exemplars.map_err(ExemplarFetchError::Answer)) }];
    let model = Arc::new(build_model(&plan, data));
    let filter = ExemplarFilter::default();
    let theme = Theme::light();
    for (sampler, width) in [(Sampler::default(), 800.0), (Sampler::Grafana, 3.0), (Sampler::All, 0.0)] {
        let hidden = vec![false; model.series.len()];
        // Both scales, and a box over the whole window (the log scale's and the box's paths too).
        let log = width == 800.0;
        let input = FrameInput {
            size: PlotSize { width_css: width, height_css: 300.0, dpr: 2.0 },
            format: &Format::of(Unit::Seconds),
            axis: Default::default(),
            thresholds: None,
            scale: if log { YScale::Log(LogBase::Ten) } else { YScale::Linear },
            exemplars_hidden: width == 0.0,
            exemplar_box: log.then_some(ExemplarBox { from: model.start_ms, to: model.end_ms, min: 0.0, max: 1.0 }),
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
