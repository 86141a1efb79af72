//! The trace core on fixtures written in each API's documented shape (Jaeger's
//! `model/json/model.go`, OTLP JSON as Tempo and Jaeger v2 return it, Zipkin's
//! `zipkin-api.yaml`): no real tracing backend can be installed where these run.

use serde_json::json;

use super::layout::{find_span, format_dur_us, on_key, scroll_to_show, summary, window, TraceKey, Waterfall};
use super::parse::{parse_trace, ParseError};
use super::request::{preview_target, TraceError, TraceSource, MAX_TRACE_BYTES};
use super::{Trace, MISSING_PARENT};
use crate::config::{Datasource, PanelConfig};
use crate::http::{Diagnosis, Failure, Peer, TransportError};

/// Jaeger's query API: one trace, four spans in two processes, an error and a log.
fn jaeger_fixture() -> String {
    json!({"data": [{
        "traceID": "4bf92f3577b34da6a3ce929d0e0e4736",
        "spans": [
            {"traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "00f067aa0ba902b7", "operationName": "POST /api/pay",
             "references": [], "startTime": 1_700_000_000_000_000i64, "duration": 400_000, "processID": "p1",
             "tags": [{"key": "http.route", "type": "string", "value": "/api/pay"}, {"key": "error", "type": "bool", "value": true}],
             "logs": [], "warnings": null},
            {"traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "0000000000000002", "operationName": "auth.check",
             "references": [{"refType": "CHILD_OF", "traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "00f067aa0ba902b7"}],
             "startTime": 1_700_000_000_010_000i64, "duration": 20_000, "processID": "p2", "tags": [],
             "logs": [{"timestamp": 1_700_000_000_015_000i64, "fields": [{"key": "event", "type": "string", "value": "token.validated"}, {"key": "scope", "type": "string", "value": "api"}]}]},
            {"traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "0000000000000003", "operationName": "payments.charge",
             "references": [{"refType": "CHILD_OF", "spanID": "00f067aa0ba902b7"}],
             "startTime": 1_700_000_000_030_000i64, "duration": 360_000, "processID": "p2",
             "tags": [{"key": "otel.status_code", "type": "string", "value": "ERROR"}, {"key": "otel.status_description", "type": "string", "value": "card declined"}], "logs": []},
            {"traceID": "4bf92f3577b34da6a3ce929d0e0e4736", "spanID": "0000000000000004", "operationName": "db.lock_wait",
             "references": [{"refType": "CHILD_OF", "spanID": "0000000000000003"}],
             "startTime": 1_700_000_000_040_000i64, "duration": 300_000, "processID": "p1", "tags": [], "logs": []}
        ],
        "processes": {"p1": {"serviceName": "frontend", "tags": []}, "p2": {"serviceName": "payments", "tags": []}},
        "warnings": null
    }], "total": 0, "limit": 0, "offset": 0, "errors": null})
    .to_string()
}

fn names(trace: &Trace, wf: &Waterfall) -> Vec<String> {
    wf.order.iter().filter_map(|i| trace.spans.get(*i)).map(|s| s.name.clone()).collect()
}

#[test]
fn jaeger_answers_become_spans_with_services_errors_and_events() {
    let t = parse_trace(&jaeger_fixture()).unwrap();
    let wf = Waterfall::new(&t);
    assert_eq!(names(&t, &wf), ["POST /api/pay", "auth.check", "payments.charge", "db.lock_wait"]);
    assert_eq!(wf.depth, [0, 1, 1, 2]);
    let charge = &t.spans[2];
    assert_eq!((charge.service.as_str(), charge.dur_us, charge.error), ("payments", 360_000, true));
    assert_eq!(charge.status_message, "card declined");
    assert!(t.spans[0].error, "the error tag");
    assert!(!t.spans[1].error);
    assert_eq!(t.spans[1].events[0].name, "token.validated");
    assert_eq!(t.spans[1].events[0].attributes, [("scope".to_string(), "api".to_string())]);
    let s = summary(&t, &wf);
    assert_eq!(
        (s.root_name.as_str(), s.services, s.spans, s.errors, s.duration_us),
        ("POST /api/pay", 2, 4, 2, 400_000)
    );
    assert_eq!(find_span(&t, "00F067AA0BA902B7"), Some(0));
    assert_eq!(find_span(&t, "nope"), None);
}

#[test]
fn self_time_and_the_critical_path() {
    let t = parse_trace(&jaeger_fixture()).unwrap();
    let wf = Waterfall::new(&t);
    // root 400 ms minus children [10,30) and [30,390) = 400 - 380 = 20 ms.
    assert_eq!(wf.self_us, [20_000, 20_000, 60_000, 300_000]);
    // Walking back from the root's end: payments.charge (ends last), its lock
    // wait, then auth.check before payments.charge began.
    assert_eq!(wf.critical, [true, true, true, true]);
    let mut overlapped = t.clone();
    overlapped.spans[1].start_us = 1_700_000_000_100_000; // auth.check now inside payments.charge's time
    let wf = Waterfall::new(&overlapped);
    assert_eq!(wf.critical, [true, false, true, true], "a child hidden behind a later one is not critical");
}

#[test]
fn tempo_otlp_with_base64_ids_and_nanosecond_strings() {
    // Tempo's `/api/traces/{id}`: protojson, so ids are base64 and int64 are strings.
    let body = json!({"batches": [
        {"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "frontend"}}]},
         "scopeSpans": [{"scope": {"name": "x"}, "spans": [
            {"traceId": "S/kvNXezTaajzpKdDg5HNg==", "spanId": "APBnqgupArc=", "parentSpanId": "", "name": "GET /",
             "kind": "SPAN_KIND_SERVER", "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000000250000000",
             "attributes": [{"key": "http.route", "value": {"stringValue": "/"}}, {"key": "retries", "value": {"intValue": "2"}},
                            {"key": "tags", "value": {"arrayValue": {"values": [{"stringValue": "a"}, {"boolValue": true}]}}}],
             "status": {}}]}]},
        {"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "db"}}]},
         "instrumentationLibrarySpans": [{"spans": [
            {"traceId": "S/kvNXezTaajzpKdDg5HNg==", "spanId": "AAAAAAAAAAI=", "parentSpanId": "APBnqgupArc=", "name": "db.query",
             "kind": 3, "startTimeUnixNano": 1_700_000_000_100_000_000u64, "endTimeUnixNano": "1700000000200000000",
             "events": [{"timeUnixNano": "1700000000150000000", "name": "exception", "attributes": [{"key": "exception.message", "value": {"stringValue": "<b>boom</b>"}}]}],
             "status": {"code": "STATUS_CODE_ERROR", "message": "boom"}}]}]}
    ]})
    .to_string();
    let t = parse_trace(&body).unwrap();
    assert_eq!(t.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(t.spans[0].id, "00f067aa0ba902b7");
    assert_eq!(t.spans[1].parent.as_deref(), Some("00f067aa0ba902b7"));
    assert_eq!(t.parents, [None, Some(0)]);
    assert_eq!((t.spans[0].kind.as_str(), t.spans[1].kind.as_str()), ("server", "client"));
    assert_eq!((t.spans[0].dur_us, t.spans[1].dur_us), (250_000, 100_000));
    assert_eq!(t.spans[0].attributes[1], ("retries".into(), "2".into()));
    assert_eq!(t.spans[0].attributes[2], ("tags".into(), "[a, true]".into()));
    assert!(t.spans[1].error && t.spans[1].status_message == "boom");
    assert_eq!(t.spans[1].events[0].attributes[0].1, "<b>boom</b>", "kept as text");
    assert_eq!(t.spans[1].events[0].t_us, 1_700_000_000_150_000);
}

#[test]
fn jaeger_v2_and_tempo_v2_wrap_otlp_with_hex_ids() {
    let span = json!({"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7", "name": "root",
                      "startTimeUnixNano": "1000", "endTimeUnixNano": "5000", "status": {"code": 2}});
    let rs = json!([{"resource": {"attributes": []}, "scopeSpans": [{"spans": [span]}]}]);
    for body in [
        json!({"result": {"resourceSpans": rs}}),
        json!({"trace": {"resourceSpans": rs}}),
        json!({"resourceSpans": rs}),
    ] {
        let t = parse_trace(&body.to_string()).unwrap();
        assert_eq!((t.spans[0].id.as_str(), t.spans[0].dur_us, t.spans[0].error), ("00f067aa0ba902b7", 4, true));
    }
}

#[test]
fn zipkin_with_64_bit_ids_and_a_missing_parent() {
    // Zipkin v2: a partial trace (the parent "aaaa…" never arrived) with 64-bit trace ids.
    let body = json!([
        {"traceId": "a3ce929d0e0e4736", "id": "0000000000000002", "parentId": "aaaaaaaaaaaaaaaa", "name": "get",
         "kind": "CLIENT", "timestamp": 1_700_000_000_100_000i64, "duration": 50_000,
         "localEndpoint": {"serviceName": "cart"}, "tags": {"error": "timeout", "db.statement": "SELECT 1"},
         "annotations": [{"timestamp": 1_700_000_000_120_000i64, "value": "retry"}]},
        {"traceId": "a3ce929d0e0e4736", "id": "0000000000000003", "parentId": "0000000000000002", "name": "redis",
         "timestamp": 1_700_000_000_110_000i64, "localEndpoint": {"serviceName": "cache"}},
        {"traceId": "a3ce929d0e0e4736", "id": "0000000000000001", "name": "root", "timestamp": 1_700_000_000_000_000i64,
         "duration": 10_000, "localEndpoint": {"serviceName": "web"}}
    ])
    .to_string();
    let t = parse_trace(&body).unwrap();
    let wf = Waterfall::new(&t);
    assert_eq!(names(&t, &wf), ["root", MISSING_PARENT, "get", "redis"]);
    let synthetic = &t.spans[3];
    assert!(synthetic.synthetic);
    assert_eq!((synthetic.start_us, synthetic.dur_us), (1_700_000_000_100_000, 50_000));
    assert_eq!(t.spans[0].parent.as_deref(), Some("aaaaaaaaaaaaaaaa"), "the id it named is kept");
    assert!(t.spans[0].error && t.spans[0].status_message == "timeout");
    assert_eq!(t.spans[0].events[0].name, "retry");
    assert_eq!(t.spans[1].dur_us, 0, "no duration reads as 0");
    assert_eq!(summary(&t, &wf).spans, 3, "the synthetic root is not counted");
    assert_eq!(find_span(&t, "00000000000000000000000000000002"), Some(0), "128-bit form of a 64-bit id");
}

#[test]
fn clock_skew_duplicates_zero_durations_and_cycles_never_break_the_layout() {
    let span = |id: &str, parent: Option<&str>, start: i64, dur: i64| json!({"traceId": "t", "id": id, "parentId": parent, "name": id, "timestamp": start, "duration": dur});
    let body = json!([
        span("a", None, 1000, 100),
        span("b", Some("a"), 900, 300), // starts before and ends after its parent
        span("b", Some("a"), 1010, 0),  // a duplicate id, zero length
        span("c", Some("d"), 1020, 5),  // c → d → c: a cycle
        span("d", Some("c"), 1030, 5),
        span("e", Some("e"), 1040, -7), // its own parent, negative duration
    ])
    .to_string();
    let t = parse_trace(&body).unwrap();
    assert_eq!(t.duplicate_ids, 1);
    let wf = Waterfall::new(&t);
    assert_eq!(wf.order.len(), t.spans.len(), "every span has a row");
    assert!(t.spans.iter().all(|s| s.dur_us >= 0));
    assert_eq!((wf.start_us, wf.end_us), (900, 1200));
    for s in &t.spans {
        let (left, width) = wf.bar(s);
        assert!((0.0..=1.0).contains(&left) && width >= 0.0 && left + width <= 1.0 + 1e-12, "{s:?}");
    }
    assert!(wf.self_us.iter().all(|s| *s >= 0));
    assert_eq!(wf.self_us[0], 0, "the skewed child covers the whole parent");
    assert!(t.spans.iter().any(|s| s.synthetic), "the cycle hangs under the missing-parent root");
}

#[test]
fn zero_length_and_single_span_traces() {
    let t = parse_trace(&json!([{"traceId": "t", "id": "a", "timestamp": 5}]).to_string()).unwrap();
    let wf = Waterfall::new(&t);
    assert_eq!(wf.total_us(), 1);
    assert_eq!(wf.bar(&t.spans[0]), (0.0, 0.0));
    assert_eq!(format_dur_us(0), "0 µs");
}

/// A Jaeger answer with `n` spans: a root, then each span the child of the
/// one before it, except every tenth, which hangs from span i/10.
fn big_jaeger(n: usize) -> String {
    let spans: Vec<_> = (0..n)
        .map(|i| {
            let refs = if i == 0 {
                json!([])
            } else {
                json!([{"refType": "CHILD_OF", "spanID": format!("{:016x}", if i % 10 == 0 { i / 10 } else { i - 1 })}])
            };
            json!({"spanID": format!("{i:016x}"), "operationName": format!("op{}", i % 50), "references": refs,
                   "startTime": 1_700_000_000_000_000i64 + i as i64 * 10, "duration": 1_000_000 - i as i64 * 10,
                   "processID": format!("p{}", i % 8), "tags": [{"key": "i", "value": i}], "logs": []})
        })
        .collect();
    let processes: serde_json::Map<_, _> =
        (0..8).map(|p| (format!("p{p}"), json!({"serviceName": format!("svc-{p}")}))).collect();
    json!({"data": [{"traceID": "abc", "spans": spans, "processes": processes}]}).to_string()
}

#[test]
fn ten_thousand_spans_parse_lay_out_collapse_and_window() {
    let body = big_jaeger(10_000);
    let t = parse_trace(&body).unwrap();
    assert_eq!(t.spans.len(), 10_000);
    let wf = Waterfall::new(&t);
    assert_eq!(wf.order.len(), 10_000);
    assert_eq!(wf.order[0], 0);
    assert_eq!(summary(&t, &wf).services, 8);
    let mut collapsed = vec![false; t.spans.len()];
    assert_eq!(wf.visible(&collapsed).len(), 10_000);
    collapsed[0] = true;
    assert_eq!(wf.visible(&collapsed), [0], "the root's subtree is everything");
    collapsed[0] = false;
    let child = wf.children[0][0];
    collapsed[child] = true;
    assert_eq!(wf.visible(&collapsed).len(), 10_000 - wf.descendants[child]);
    let w = window(10_000, 24.0, 24.0 * 5000.0, 480.0, 10);
    assert_eq!(w, 4990..5031);
    assert!(w.len() < 60, "only the rows in view and a few more");
}

#[test]
fn a_ten_thousand_deep_chain_does_not_recurse() {
    let spans: Vec<_> = (0..10_000)
        .map(|i| json!({"traceId": "t", "id": format!("{i:x}"), "parentId": if i == 0 { None } else { Some(format!("{:x}", i - 1)) },
                        "name": "n", "timestamp": i, "duration": 10_000 - i}))
        .collect();
    let t = parse_trace(&serde_json::Value::Array(spans).to_string()).unwrap();
    let wf = Waterfall::new(&t);
    assert_eq!(wf.depth[9_999], 9_999);
    assert!(wf.critical.iter().all(|c| *c), "each span ends last in its parent");
    let mut collapsed = vec![false; 10_000];
    collapsed[0] = true;
    assert_eq!(wf.visible(&collapsed), [0]);
}

#[test]
fn keys_move_collapse_and_expand() {
    let t = parse_trace(&jaeger_fixture()).unwrap();
    let wf = Waterfall::new(&t);
    let mut collapsed = vec![false; t.spans.len()];
    let mut at = 0;
    at = on_key(&wf, &t, &mut collapsed, at, TraceKey::Down);
    assert_eq!(at, 1);
    at = on_key(&wf, &t, &mut collapsed, at, TraceKey::Down);
    assert_eq!(at, 2);
    at = on_key(&wf, &t, &mut collapsed, at, TraceKey::Left);
    assert_eq!((at, collapsed[2]), (2, true), "← collapses a span with children");
    assert_eq!(on_key(&wf, &t, &mut collapsed, at, TraceKey::Down), 2, "its child is hidden: nothing below");
    at = on_key(&wf, &t, &mut collapsed, at, TraceKey::Right);
    assert_eq!((at, collapsed[2]), (2, false), "→ expands");
    at = on_key(&wf, &t, &mut collapsed, at, TraceKey::Right);
    assert_eq!(at, 3, "→ on an expanded span goes to its first child");
    at = on_key(&wf, &t, &mut collapsed, at, TraceKey::Left);
    assert_eq!(at, 2, "← on a leaf goes to the parent");
    assert_eq!(on_key(&wf, &t, &mut collapsed, 0, TraceKey::Up), 0);
    assert_eq!(on_key(&wf, &t, &mut collapsed, 0, TraceKey::End), 3);
    assert_eq!(TraceKey::from_dom("ArrowLeft"), Some(TraceKey::Left));
    assert_eq!(scroll_to_show(100, 24.0, 0.0, 480.0), 2424.0 - 480.0);
    assert_eq!(scroll_to_show(3, 24.0, 0.0, 480.0), 0.0);
}

fn ds(kind: &str, url: &str) -> Datasource {
    Datasource { uid: "t".into(), kind: kind.into(), url: url.into(), ..Datasource::default() }
}

#[test]
fn requests_per_type_encode_the_id_and_carry_only_their_headers() {
    let jaeger = TraceSource::of(&ds("jaeger", "http://jaeger:16686/")).unwrap().unwrap();
    assert_eq!(jaeger.request("4bf9").url, "http://jaeger:16686/api/traces/4bf9");
    let zipkin = TraceSource::of(&ds("zipkin", "http://zipkin:9411")).unwrap().unwrap();
    assert_eq!(zipkin.request("4bf9").url, "http://zipkin:9411/api/v2/trace/4bf9");
    let mut tempo = ds("tempo", "http://grafana/tempo-ui");
    tempo.api_url = "https://proxy.example/tempo".into();
    tempo.headers.insert("X-Scope-OrgID".into(), "team-a".into());
    let tempo = TraceSource::of(&tempo).unwrap().unwrap();
    let req = tempo.request("a/b?c#d e");
    assert_eq!(req.url, "https://proxy.example/tempo/api/traces/a%2Fb%3Fc%23d%20e");
    assert_eq!(req.headers, [("X-Scope-OrgID".to_string(), "team-a".to_string())]);
    assert_eq!(jaeger.request("x").headers, [], "another datasource's headers stay there");
    assert_eq!(TraceSource::of(&ds("prometheus", "http://p")), Ok(None));
    assert!(matches!(TraceSource::of(&ds("jaeger", " ")), Err(TraceError::NoUrl { .. })));
    let mut bad = ds("jaeger", "http://j");
    bad.headers.insert("Bad Name".into(), "secret-value".into());
    let e = TraceSource::of(&bad).unwrap_err().to_string();
    assert!(e.contains("Bad Name") && !e.contains("secret-value"), "{e}");
    let mut slow = ds("jaeger", "http://j");
    slow.timeout = "2s".into();
    assert_eq!(TraceSource::of(&slow).unwrap().unwrap().timeout_ms, 2_000);
    slow.timeout = "soon".into();
    assert!(TraceSource::of(&slow).is_err());
}

#[test]
fn each_failure_reads_as_what_to_do() {
    let src = TraceSource::of(&ds("jaeger", "http://j")).unwrap().unwrap();
    let not_found = src.read("abc", 404, br#"{"errors":[{"code":404,"msg":"trace not found"}]}"#).unwrap_err();
    assert_eq!(not_found.to_string(), "trace abc not found yet; the trace backend may still be ingesting it — retry");
    let truncated = src.read("abc", 200, &jaeger_fixture().as_bytes()[..300]).unwrap_err();
    assert!(matches!(truncated, TraceError::Parse(ParseError::Truncated { .. })), "{truncated}");
    let html = src.read("abc", 200, b"<html>login</html>").unwrap_err();
    assert!(matches!(html, TraceError::Parse(ParseError::NotATrace { .. })), "{html}");
    for empty in [&b"[]"[..], br#"{"data":[]}"#, br#"{"batches":[]}"#, br#"{"data":[{"traceID":"abc","spans":[]}]}"#] {
        assert_eq!(src.read("abc", 200, empty), Err(TraceError::Parse(ParseError::Empty)));
    }
    let errors = src.read("abc", 200, br#"{"data":[],"errors":[{"code":500,"msg":"storage down"}]}"#).unwrap_err();
    assert_eq!(errors.to_string(), "the trace backend answered with an error: storage down");
    let other = src.read("abc", 502, b"Bad Gateway").unwrap_err();
    assert_eq!(other.to_string(), "the trace backend answered HTTP 502 at http://j/api/traces/abc: Bad Gateway");
    let check = |bytes| TransportError::check_size(Peer::Trace, "http://j/api/traces/x", Some(bytes));
    assert_eq!(check(MAX_TRACE_BYTES), Ok(()));
    let big = check(60_000_000).unwrap_err().to_string();
    assert!(big.contains("60 MB") && big.contains("50 MB"), "{big}");
    let unanswered = |answered| {
        let failure = Diagnosis::ProbeCors.failure("http://page", answered);
        TraceError::from(TransportError::new(Peer::Trace, "http://j/api/traces/x", failure))
    };
    let cors = unanswered(true).to_string();
    assert!(cors.contains("CORS") && cors.contains("apiUrl") && cors.contains("proxy"), "{cors}");
    let gone = unanswered(false);
    assert!(matches!(&gone, TraceError::Transport(t) if t.failure == Failure::Unreachable), "{gone}");
    let timed_out = TransportError::aborted(Peer::Trace).or_timed_out(true, "http://j", 2_000);
    assert!(TraceError::from(timed_out).to_string().contains("within 2s"));
}

#[test]
fn the_preview_goes_through_the_first_destination_with_a_trace_datasource() {
    let config = PanelConfig::from_json(
        r#"{"targets":[{"expr":"up"}],
            "exemplarTraceIdDestinations":[{"name":"trace_id","url":"http://x/${__value.raw}"},
                                           {"name":"trace_id","datasourceUid":"graf"},
                                           {"name":"trace_id","datasourceUid":"z"}],
            "datasources":[{"uid":"graf","type":"grafana","url":"http://g"},{"uid":"z","type":"zipkin","url":"http://z"}]}"#,
    )
    .unwrap();
    let labels: crate::prom::Labels = [("trace_id".to_string(), "abc".to_string())].into_iter().collect();
    let (ds, id) = preview_target(&config, &labels).unwrap();
    assert_eq!((ds.uid.as_str(), id), ("z", "abc"));
    let other: crate::prom::Labels = [("span".to_string(), "abc".to_string())].into_iter().collect();
    assert!(preview_target(&config, &other).is_none());
}
