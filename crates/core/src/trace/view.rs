//! What the trace view shows, as plain values: the header line, each row in
//! the virtual window, a span's details, and the preview's target. The wasm
//! view (`web/ui/trace.rs`) only renders these.
//!
//! Rules: every text is text (the view sets it as text, never as HTML);
//! offsets are from the trace's start; a row's bar is in percent of the
//! trace's extent; the exemplar's span is the one whose id equals the
//! exemplar's `span_id` label (any label named `span_id`, `spanId` or `spanID`).

use crate::config::{Datasource, PanelConfig};
use crate::links::{datasource_url, LinkContext};
use crate::prom::Labels;
use crate::time::zone::{format_instant, LocalOffset};

use super::layout::{format_dur_us, Summary, Waterfall};
use super::request::{default_trace_datasource, preview_target, TraceApi};
use super::Trace;

/// How many service colours the stylesheet has (`.ep-svc-0` …).
pub const SERVICE_COLOURS: usize = 8;

/// What a preview fetches, and where "Open in …" goes.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewTarget {
    /// The datasource row.
    pub datasource: Datasource,
    /// The trace id.
    pub trace_id: String,
    /// The exemplar's span id, when it has one.
    pub span_id: Option<String>,
    /// "Open in …": the datasource's own trace link, when it has one.
    pub open: Option<(String, String)>,
}

/// The `detail` of `trace-preview`: fired when the trace view shows a trace
/// (a public contract, generated into the package's types with the others).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TracePreviewDetail {
    /// The trace id shown.
    pub trace_id: String,
    /// How many spans it has.
    pub span_count: usize,
    /// Its duration, ms.
    pub duration_ms: f64,
}

impl TracePreviewDetail {
    /// The detail of trace `trace_id`, summarised by `s`.
    pub fn of(trace_id: &str, s: &Summary) -> Self {
        Self { trace_id: trace_id.to_string(), span_count: s.spans, duration_ms: s.duration_us as f64 / 1000.0 }
    }
}

/// The preview of an exemplar with `labels` (range `from_ms`..`to_ms` for
/// links), when a destination resolves through a jaeger, tempo or zipkin datasource.
pub fn exemplar_preview(config: &PanelConfig, labels: &Labels, from_ms: i64, to_ms: i64) -> Option<PreviewTarget> {
    let (ds, trace_id) = preview_target(config, labels)?;
    let span_id =
        labels.iter().find(|(k, _)| k.replace('_', "").eq_ignore_ascii_case("spanid")).map(|(_, v)| v.to_owned());
    Some(target(ds, trace_id, span_id, labels, from_ms, to_ms))
}

/// The host's `previewTrace(traceId)`: through the first trace datasource.
pub fn host_preview(config: &PanelConfig, trace_id: &str) -> Option<PreviewTarget> {
    let ds = default_trace_datasource(config)?;
    Some(target(ds, trace_id, None, &Labels::default(), 0, 0))
}

fn target(
    ds: &Datasource,
    trace_id: &str,
    span_id: Option<String>,
    labels: &Labels,
    from_ms: i64,
    to_ms: i64,
) -> PreviewTarget {
    let ctx = LinkContext { labels, series_labels: labels, series_name: "", from_ms, to_ms };
    let name = TraceApi::of(&ds.kind).map_or("the backend", TraceApi::name);
    let open = datasource_url(ds, trace_id, &ctx, &mut Vec::new()).ok().map(|url| (format!("Open in {name}"), url));
    PreviewTarget { datasource: ds.clone(), trace_id: trace_id.to_string(), span_id, open }
}

/// The header's facts line: `5 services · 7 spans · 1.24 s · <start>`.
pub fn header_line(s: &Summary, tz: &dyn LocalOffset) -> String {
    let plural = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    let mut line = format!(
        "{} · {} · {} · started {}",
        plural(s.services, "service"),
        plural(s.spans, "span"),
        format_dur_us(s.duration_us),
        format_instant(s.start_us / 1000, tz)
    );
    if s.errors > 0 {
        line.push_str(&format!(" · {}", plural(s.errors, "error")));
    }
    line
}

/// One row of the waterfall, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct RowView {
    /// The span's index in the trace.
    pub span: usize,
    /// Its position among the visible rows.
    pub row: usize,
    /// Its id.
    pub id: String,
    /// Its service.
    pub service: String,
    /// Its operation.
    pub name: String,
    /// Its depth (0 for roots).
    pub depth: u32,
    /// The bar's left edge, % of the extent.
    pub left_pct: f64,
    /// The bar's width, % of the extent.
    pub width_pct: f64,
    /// Its duration, as text.
    pub duration: String,
    /// Its duration, µs.
    pub dur_us: i64,
    /// Whether it failed.
    pub error: bool,
    /// On the critical path.
    pub critical: bool,
    /// Whether it has children (and so can collapse).
    pub has_children: bool,
    /// Whether its subtree is collapsed.
    pub collapsed: bool,
    /// Its service's colour slot.
    pub colour: usize,
    /// The synthetic "missing parent" root.
    pub synthetic: bool,
}

/// The rows `range` of `visible` (span indices in row order).
pub fn rows(
    trace: &Trace,
    wf: &Waterfall,
    visible: &[usize],
    range: std::ops::Range<usize>,
    collapsed: &[bool],
    colours: &std::collections::HashMap<String, usize>,
) -> Vec<RowView> {
    let from = range.start.min(visible.len());
    let to = range.end.min(visible.len());
    let mut out = Vec::with_capacity(to.saturating_sub(from));
    for (offset, &i) in visible.get(from..to).unwrap_or(&[]).iter().enumerate() {
        let Some(s) = trace.spans.get(i) else { continue };
        let (left, width) = wf.bar(s);
        out.push(RowView {
            span: i,
            row: from + offset,
            id: s.id.clone(),
            service: s.service.clone(),
            name: s.name.clone(),
            depth: wf.depth.get(i).copied().unwrap_or(0),
            left_pct: left * 100.0,
            width_pct: width * 100.0,
            duration: format_dur_us(s.dur_us),
            dur_us: s.dur_us,
            error: s.error,
            critical: wf.critical.get(i) == Some(&true),
            has_children: wf.has_children(i),
            collapsed: collapsed.get(i) == Some(&true),
            colour: colours.get(&s.service).copied().unwrap_or(0),
            synthetic: s.synthetic,
        });
    }
    out
}

/// A span's details, as text rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    /// The span's operation.
    pub title: String,
    /// Facts: service, kind, start offset, duration, self time, status, id.
    pub facts: Vec<(String, String)>,
    /// Its attributes.
    pub attributes: Vec<(String, String)>,
    /// Its events: offset from the trace start, name, and fields as `k=v` text.
    pub events: Vec<(String, String, String)>,
}

/// The details of span `i`.
pub fn details(trace: &Trace, wf: &Waterfall, i: usize) -> Option<Details> {
    let s = trace.spans.get(i)?;
    let offset = |t_us: i64| format!("+{}", format_dur_us(t_us.saturating_sub(wf.start_us)));
    let mut facts = vec![
        ("Service".to_string(), s.service.clone()),
        ("Start".to_string(), offset(s.start_us)),
        ("Duration".to_string(), format_dur_us(s.dur_us)),
        ("Self time".to_string(), format_dur_us(wf.self_us.get(i).copied().unwrap_or(0))),
    ];
    if !s.kind.is_empty() {
        facts.push(("Kind".into(), s.kind.clone()));
    }
    if s.error {
        let status =
            if s.status_message.is_empty() { "error".to_string() } else { format!("error: {}", s.status_message) };
        facts.push(("Status".into(), status));
    }
    if wf.critical.get(i) == Some(&true) {
        facts.push(("Critical path".into(), "yes".into()));
    }
    if s.skew_us != 0 {
        let (sign, by) = if s.skew_us > 0 { ("+", s.skew_us) } else { ("−", s.skew_us.saturating_neg()) };
        let moved = format!("moved {sign}{} to fit in its parent (its service's clock differs)", format_dur_us(by));
        facts.push(("Clock skew".into(), moved));
    }
    if !s.id.is_empty() {
        facts.push(("Span id".into(), s.id.clone()));
    }
    let events = s
        .events
        .iter()
        .map(|e| {
            let fields = e.attributes.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
            (offset(e.t_us), e.name.clone(), fields)
        })
        .collect();
    Some(Details { title: s.name.clone(), facts, attributes: s.attributes.clone(), events })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::zone::FixedOffset;
    use crate::trace::parse::parse_trace;

    fn trace() -> Trace {
        // Zipkin v2, documented shape.
        parse_trace(
            r#"[{"traceId":"t","id":"a","name":"GET /","timestamp":1700000000000000,"duration":2000000,
                 "localEndpoint":{"serviceName":"web"}},
                {"traceId":"t","id":"b","parentId":"a","name":"<img src=x onerror=alert(1)>","timestamp":1700000000500000,
                 "duration":1000000,"localEndpoint":{"serviceName":"db"},"tags":{"error":"boom","q":"<b>"},
                 "annotations":[{"timestamp":1700000000600000,"value":"retry"}]}]"#,
        )
        .unwrap()
    }

    #[test]
    fn rows_carry_bars_in_percent_and_the_window_only() {
        let t = trace();
        let wf = Waterfall::new(&t);
        let collapsed = vec![false; t.spans.len()];
        let visible = wf.visible(&collapsed);
        let colours = super::super::layout::service_slots(&t, &wf, SERVICE_COLOURS);
        let all = rows(&t, &wf, &visible, 0..10, &collapsed, &colours);
        assert_eq!((all[0].colour, all[1].colour), (0, 1), "services in row order");
        assert_eq!(all.len(), 2);
        assert_eq!((all[1].left_pct, all[1].width_pct), (25.0, 50.0));
        assert_eq!((all[1].depth, all[1].error, all[0].has_children), (1, true, true));
        assert_eq!(all[1].name, "<img src=x onerror=alert(1)>", "text, as sent");
        assert_eq!(rows(&t, &wf, &visible, 1..2, &collapsed, &colours).len(), 1);
        assert!(rows(&t, &wf, &visible, 5..9, &collapsed, &colours).is_empty());
    }

    #[test]
    fn a_span_moved_for_clock_skew_says_so_and_by_how_much() {
        let span = |id: &str, parent: Option<&str>, service: &str, start_us: i64, dur_us: i64| crate::trace::Span {
            id: id.into(),
            parent: parent.map(Into::into),
            service: service.into(),
            start_us,
            dur_us,
            ..Default::default()
        };
        let t = Trace::new(
            "t".into(),
            vec![span("a", None, "front", 10_000, 4_000), span("b", Some("a"), "back", 8_500, 2_000)],
            vec![],
        );
        let wf = Waterfall::new(&t);
        let skew = |i| details(&t, &wf, i).unwrap().facts.into_iter().find(|(k, _)| k == "Clock skew");
        assert_eq!(skew(0), None);
        let said = skew(1).map(|(_, v)| v).unwrap_or_default();
        assert!(said.starts_with("moved +2.50 ms to fit in its parent"), "{said}");
    }

    #[test]
    fn details_and_header_say_it_in_words() {
        let t = trace();
        let wf = Waterfall::new(&t);
        let d = details(&t, &wf, 1).unwrap();
        assert!(d.facts.contains(&("Status".into(), "error: boom".into())));
        assert!(d.facts.contains(&("Start".into(), "+500.0 ms".into())));
        assert_eq!(d.events, [("+600.0 ms".to_string(), "retry".to_string(), String::new())]);
        let line = header_line(&super::super::layout::summary(&t, &wf), &FixedOffset(0));
        assert!(line.starts_with("2 services · 2 spans · 2.00 s · started 2023-11-14"), "{line}");
        assert!(line.ends_with("1 error"), "{line}");
    }

    #[test]
    fn the_exemplar_previews_through_its_destination_with_its_span_id() {
        let config = PanelConfig::from_json(
            r#"{"targets":[{"expr":"up"}],
                "exemplarTraceIdDestinations":[{"name":"trace_id","datasourceUid":"j"}],
                "datasources":[{"uid":"j","type":"jaeger","url":"http://jaeger:16686","apiUrl":"http://proxy/jaeger"}]}"#,
        )
        .unwrap();
        let labels: Labels = [("trace_id".to_string(), "ab/c".to_string()), ("spanID".to_string(), "00ff".to_string())]
            .into_iter()
            .collect();
        let p = exemplar_preview(&config, &labels, 0, 1).unwrap();
        assert_eq!((p.trace_id.as_str(), p.span_id.as_deref()), ("ab/c", Some("00ff")));
        assert_eq!(p.open, Some(("Open in Jaeger".into(), "http://jaeger:16686/trace/ab%2Fc".into())));
        assert_eq!(host_preview(&config, "x").map(|p| p.datasource.uid), Some("j".into()));
    }
}
