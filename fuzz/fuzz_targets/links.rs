//! The link templater: any destination, datasource and label values give
//! links that are absolute http(s) URLs with no whitespace or control
//! characters, in which the trace id is percent-encoded, or a warning.
#![no_main]

use arbitrary::Arbitrary;
use exemplar_panel::pipeline::{build_links, is_http_url, Labels, LinkContext};
use exemplar_panel::{Datasource, TraceDestination};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    url: String,
    label: String,
    uid: String,
    kind: u8,
    ds_url: String,
    grafana_url: String,
    trace_id: String,
    extra: Vec<(String, String)>,
    series_name: String,
    from_ms: i64,
    to_ms: i64,
}

const KINDS: [&str; 5] = ["jaeger", "zipkin", "tempo", "grafana", "custom"];

fuzz_target!(|input: Input| {
    let mut labels: Labels = input.extra.iter().cloned().collect();
    labels.insert("trace_id".into(), input.trace_id.clone());
    let series: Labels = input.extra.into_iter().collect();
    let destinations = [
        TraceDestination {
            name: "trace_id".into(),
            url: input.url.clone(),
            url_display_label: input.label.clone(),
            ..Default::default()
        },
        TraceDestination { name: "trace_id".into(), datasource_uid: input.uid.clone(), ..Default::default() },
        TraceDestination {
            name: "trace_id".into(),
            url: format!("http://jaeger.example/trace/${{__value.raw}}{}", input.url),
            ..Default::default()
        },
    ];
    let datasources = [Datasource {
        uid: input.uid,
        name: "ds".into(),
        kind: KINDS[usize::from(input.kind) % KINDS.len()].into(),
        url: input.ds_url,
        grafana_url: input.grafana_url,
        ..Default::default()
    }];
    let ctx = LinkContext {
        labels: &labels,
        series_labels: &series,
        series_name: &input.series_name,
        from_ms: input.from_ms,
        to_ms: input.to_ms,
    };
    let set = build_links(&destinations, &datasources, &ctx);
    for link in &set.links {
        assert!(is_http_url(&link.url), "not an http(s) URL: {:?}", link.url);
    }
    // The fixed-prefix destination: the id can only ever be one encoded path segment.
    if let Some(link) = set.links.iter().find(|l| l.url.starts_with("http://jaeger.example/trace/")) {
        if input.url.is_empty() {
            let id = &link.url["http://jaeger.example/trace/".len()..];
            assert!(
                id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
                "trace id not encoded: {id:?}"
            );
        }
    }
});
