//! The `exemplar-box` host event's `detail`: the viewer's box of exemplars
//! (`null` when cleared) and every exemplar inside it, each described as in
//! `exemplar-select` (labels, series, value, time, position, links).
//!
//! Rules: at most [`MAX_BOX_DETAILS`] exemplars are described (`count` says
//! how many are inside); the order is the table's source order (time).

use crate::config::{Format, PanelConfig};
use crate::interact::frame::Frame;
use crate::panel::host::{BoxDetail, ExemplarDetail};
use crate::panel::view::resolve_selection;
use crate::render::theme::Theme;
use crate::time::zone::LocalOffset;

/// How many exemplars an `exemplar-box` event describes at most.
pub const MAX_BOX_DETAILS: usize = 1000;

/// The `exemplar-box` detail of `frame`'s box: `null` and none when it has none.
pub fn box_detail(
    frame: &Frame,
    config: Option<&PanelConfig>,
    format: &Format,
    theme: &Theme,
    tz: &dyn LocalOffset,
) -> BoxDetail {
    let Some((b, inside)) = &frame.boxed else {
        return BoxDetail { exemplar_box: None, count: 0, exemplars: Vec::new() };
    };
    let exemplars = inside
        .iter()
        .take(MAX_BOX_DETAILS)
        .filter_map(|&i| resolve_selection(frame, i, config, format, theme, tz))
        .filter_map(|s| ExemplarDetail::of(frame, &s))
        .collect();
    BoxDetail { exemplar_box: Some(*b), count: inside.len(), exemplars }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::{ExemplarBox, YScale};
    use crate::config::{Format, Unit, ValueAxis};
    use crate::interact::frame::FrameInput;
    use crate::model::testing::{self, exemplar};
    use crate::model::PanelModel;
    use crate::render::layout::PlotSize;
    use crate::select::filter::ExemplarFilter;
    use crate::select::sample::Sampler;
    use crate::time::zone::FixedOffset;

    #[test]
    fn the_detail_lists_the_exemplars_inside_with_their_positions() {
        let model = Arc::new(PanelModel {
            start_ms: 0,
            end_ms: 10_000,
            step_ms: 1000,
            ..testing::model(
                vec![testing::series("p99", (0..=10).map(|i| (i * 1000, 1.0)))],
                (0..10).map(|i| exemplar(i * 1000, 0.2 * i as f64, &[("trace_id", &format!("t{i}"))])).collect(),
            )
        });
        let b = ExemplarBox { from: 2000, to: 6000, min: 0.5, max: 1.0 };
        let input = FrameInput {
            size: PlotSize { width_css: 500.0, height_css: 200.0, dpr: 1.0 },
            format: &Format::of(Unit::Seconds),
            axis: ValueAxis::default(),
            thresholds: None,
            scale: YScale::Linear,
            exemplars_hidden: false,
            exemplar_box: Some(b),
            tz: &FixedOffset(0),
            filter: &ExemplarFilter::default(),
            sampler: Sampler::All,
            hidden_series: &[],
            theme: &Theme::light(),
            config: None,
        };
        let (frame, _) = crate::interact::frame::Frame::build(model, &input);
        let detail = box_detail(&frame, None, &Format::of(Unit::Seconds), &Theme::light(), &FixedOffset(0));
        // Inside: t = 3 s (0.6), 4 s (0.8), 5 s (1.0); 2 s is 0.4, 6 s is 1.2.
        let ids: Vec<&str> = detail.exemplars.iter().filter_map(|e| e.labels.get("trace_id")).collect();
        assert_eq!((detail.count, ids), (3, vec!["t3", "t4", "t5"]));
        let json = serde_json::to_value(&detail).unwrap_or_default();
        assert_eq!(json["box"], serde_json::json!({"from": 2000, "to": 6000, "min": 0.5, "max": 1.0}));
        assert_eq!(json["exemplars"][0]["x"], serde_json::json!(frame.position(3).unwrap_or_default().0));
        let none = box_detail(
            &crate::interact::frame::Frame { boxed: None, ..frame },
            None,
            &Format::of(Unit::Seconds),
            &Theme::light(),
            &FixedOffset(0),
        );
        assert_eq!(none.count, 0);
    }
}
