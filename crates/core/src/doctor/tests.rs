//! The doctor on answers recorded from real servers (tests/fixtures/doctor/,
//! see its README: Debian's Prometheus 2.42 in four setups and
//! VictoriaMetrics 1.79), each seen from the page's own origin (a proxy)
//! and from another origin (an answer without CORS headers is withheld).

use super::facts::BackendKind;
use super::*;
use crate::time::zone::FixedOffset;

const PROMETHEUS: &str = include_str!("../../../../tests/fixtures/doctor/prometheus.json");
const NO_FEATURE: &str = include_str!("../../../../tests/fixtures/doctor/prometheus-no-feature.json");
const TINY_BUFFER: &str = include_str!("../../../../tests/fixtures/doctor/prometheus-tiny-buffer.json");
const TEXT_FORMAT: &str = include_str!("../../../../tests/fixtures/doctor/prometheus-text-format.json");
const VICTORIA: &str = include_str!("../../../../tests/fixtures/doctor/victoria-metrics.json");

/// A recorded case: its answers and range.
struct Case {
    answers: Answers,
    start_ms: i64,
    end_ms: i64,
}

fn case(fixture: &str, cross_origin: bool) -> Case {
    let file: serde_json::Value = serde_json::from_str(fixture).unwrap_or_default();
    let probes = [
        ("buildinfo", Probe::BuildInfo),
        ("flags", Probe::Flags),
        ("config", Probe::Config),
        ("tsdb", Probe::Tsdb),
        ("targets", Probe::Targets),
        ("storage", Probe::Storage),
        ("exemplars", Probe::Exemplars(0)),
        ("series", Probe::Series(0)),
    ];
    let answers = probes
        .iter()
        .map(|(name, probe)| {
            let a = &file["answers"][name];
            let answer = if cross_origin && a["cors"] == false {
                Answer::Blocked
            } else {
                Answer::Got {
                    status: a["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(0),
                    body: a["body"].as_str().unwrap_or_default().to_string(),
                }
            };
            (*probe, answer)
        })
        .collect();
    let end_ms = file["recordedAt"].as_i64().unwrap_or(0) * 1000;
    let start_ms = end_ms - file["since"].as_i64().unwrap_or(0) * 1000;
    Case { answers: Answers(answers), start_ms, end_ms }
}

fn destination(name: &str) -> TraceDestination {
    TraceDestination { name: name.into(), url: "http://jaeger/trace/${__value.raw}".into(), ..Default::default() }
}

fn run(c: &Case, label: &str) -> Report {
    let ref_ids = vec!["A".to_string()];
    let dests = [destination(label)];
    diagnose(&DoctorInput {
        answers: &c.answers,
        ref_ids: &ref_ids,
        start_ms: c.start_ms,
        end_ms: c.end_ms,
        step_ms: 1_000,
        destinations: &dests,
        page_origin: "http://panel.example",
        tz: &FixedOffset(0),
    })
}

fn status(r: &Report, id: &str) -> Status {
    r.check(id).map_or(Status::Unknown, |c| c.status)
}

fn finding(r: &Report, id: &str) -> String {
    r.check(id).map(|c| format!("{} | {}", c.finding, c.fix.clone().unwrap_or_default())).unwrap_or_default()
}

/// The ids in the report's order: the TypeScript union is generated from the same list.
const IDS: [&str; 8] = super::CHECK_IDS;

#[test]
fn a_healthy_prometheus_passes_every_check() {
    let r = run(&case(PROMETHEUS, false), "trace_id");
    assert_eq!(r.checks.iter().map(|c| c.id).collect::<Vec<_>>(), IDS, "a stable order of stable ids");
    for c in &r.checks {
        assert_eq!(c.status, Status::Ok, "{c:?}");
        assert_eq!(c.fix, None);
    }
    assert_eq!(r.backend, "Prometheus 2.42.0+ds");
    assert!(finding(&r, "exemplar-storage").contains("`storage.exemplars.max_exemplars: 100,000`"));
    assert!(finding(&r, "storage").contains("exemplars in storage, of a ring buffer of 100,000"));
    assert!(finding(&r, "scrape-targets").contains("2 targets up: demo http://127.0.0.1:"));
    assert_eq!(r.coverage_gap, None);
    assert_eq!(r.label_fix, None);
}

#[test]
fn the_wrong_label_is_named_with_its_one_click_fix() {
    let r = run(&case(PROMETHEUS, false), "traceID");
    assert_eq!(status(&r, "trace-label"), Status::Problem);
    assert!(
        finding(&r, "trace-label").starts_with("your exemplars carry `trace_id`; destination 1 expects `traceID`"),
        "{}",
        finding(&r, "trace-label")
    );
    assert_eq!(r.label_fix, Some(LabelFix { destination: 0, label: "trace_id".into() }));
    assert_eq!(r.checks.iter().filter(|c| c.status == Status::Problem).count(), 1, "only the label");
}

#[test]
fn prometheus_without_the_feature_flag_is_named_as_the_cause() {
    let r = run(&case(NO_FEATURE, false), "trace_id");
    assert_eq!(status(&r, "exemplar-storage"), Status::Problem);
    let text = finding(&r, "exemplar-storage");
    assert!(text.contains("Prometheus 2.42.0+ds runs without `--enable-feature=exemplar-storage`"), "{text}");
    assert!(text.contains("Start Prometheus 2.42.0+ds with `--enable-feature=exemplar-storage`"), "{text}");
    assert_eq!(status(&r, "series-without-exemplars"), Status::Unknown, "a consequence, not a cause");
    assert_eq!(status(&r, "storage"), Status::Unknown, "it does not scrape itself");
    let problems: Vec<&str> = r.checks.iter().filter(|c| c.status == Status::Problem).map(|c| c.id).collect();
    assert_eq!(problems, ["exemplar-storage"]);
}

#[test]
fn a_tiny_ring_buffer_shows_where_exemplars_were_dropped() {
    let c = case(TINY_BUFFER, false);
    let r = run(&c, "trace_id");
    assert_eq!(status(&r, "coverage"), Status::Problem, "{}", finding(&r, "coverage"));
    let gap = r.coverage_gap.unwrap_or(Band { from_ms: 0, to_ms: 0 });
    assert_eq!(gap.from_ms, c.start_ms);
    assert!(gap.to_ms > c.start_ms + 5_000 && gap.to_ms <= c.end_ms, "{gap:?}");
    let since = crate::time::format_local(gap.to_ms, &FixedOffset(0), crate::time::TimeFormat::Seconds);
    assert!(
        finding(&r, "coverage").starts_with(&format!(
            "exemplars exist only since {since}: the ring buffer of 10 has dropped older ones | Raise `max_exemplars`"
        )),
        "{}",
        finding(&r, "coverage")
    );
    assert_eq!(status(&r, "storage"), Status::Ok, "10 of 10 in storage");
}

#[test]
fn a_target_serving_the_text_format_has_series_without_exemplars() {
    let r = run(&case(TEXT_FORMAT, false), "trace_id");
    assert_eq!(status(&r, "exemplar-storage"), Status::Ok);
    assert_eq!(status(&r, "series-without-exemplars"), Status::Problem);
    let text = finding(&r, "series-without-exemplars");
    assert!(text.starts_with("A: the metric has series, but none of them has exemplars"), "{text}");
    assert!(text.contains("`Content-Type: application/openmetrics-text`"), "{text}");
    assert_eq!(status(&r, "scrape-targets"), Status::Ok, "the target is up: it is its format");
    assert_eq!(status(&r, "coverage"), Status::Unknown);
}

#[test]
fn victoria_metrics_behind_a_proxy_is_named_from_its_empty_buildinfo() {
    let r = run(&case(VICTORIA, false), "trace_id");
    assert_eq!(r.backend, "VictoriaMetrics");
    assert_eq!(status(&r, "backend"), Status::Problem);
    assert!(finding(&r, "backend").contains("VictoriaMetrics answers (its buildinfo is empty); it stores no exemplars"));
    assert_eq!(status(&r, "exemplar-storage"), Status::Problem);
    assert_eq!(status(&r, "cors"), Status::Ok, "same origin");
    assert_eq!(status(&r, "series-without-exemplars"), Status::Unknown, "storage is off");
    assert_eq!(status(&r, "scrape-targets"), Status::Ok, "VictoriaMetrics has /api/v1/targets too");
}

#[test]
fn victoria_metrics_from_another_origin_is_named_from_what_it_lets_the_page_read() {
    let r = run(&case(VICTORIA, true), "trace_id");
    assert_eq!(r.backend, "VictoriaMetrics", "told by status/tsdb's shape, the one status answer with CORS");
    assert!(finding(&r, "backend").contains("`totalSeries`"));
    assert_eq!(status(&r, "cors"), Status::Problem);
    let text = finding(&r, "cors");
    assert!(
        text.contains("`status/buildinfo`, `status/flags`, `status/config`, `targets`, `query_exemplars`"),
        "{text}"
    );
    assert!(text.contains("without CORS headers for this page (http://panel.example)"), "{text}");
    assert!(text.contains("VictoriaMetrics sends none on query_exemplars"), "{text}");
    assert_eq!(status(&r, "scrape-targets"), Status::Unknown);
}

#[test]
fn prometheus_from_another_origin_with_cors_reads_everything() {
    let r = run(&case(PROMETHEUS, true), "trace_id");
    assert_eq!(status(&r, "cors"), Status::Ok, "Prometheus sends CORS headers on every /api/v1 path");
    assert!(!r.has_problem());
}

#[test]
fn mimir_is_named_from_its_documented_buildinfo() {
    // Grafana Mimir's documented buildinfo shape (written, not recorded).
    let body = r#"{"status":"success","data":{"application":"Grafana Mimir","version":"2.0.0","revision":"9fd2da5","branch":"HEAD","goVersion":"go1.17.8","features":{"query_sharding":"false"}}}"#;
    let answers = Answers(vec![(Probe::BuildInfo, Answer::Got { status: 200, body: body.into() })]);
    assert_eq!(facts::backend_kind(&answers).0, BackendKind::Mimir("2.0.0".into()));
}

#[test]
fn nothing_readable_is_unknown_everywhere_and_named_the_backend() {
    for answer in [
        Answer::NotAsked,
        Answer::Failed("nothing answered".into()),
        Answer::Got { status: 200, body: "<html>".into() },
        Answer::Got { status: 200, body: r#"{"status":"success","data":{"activeTargets":7,"result":"x"}}"#.into() },
        Answer::Got { status: 502, body: String::new() },
    ] {
        let probes = [Probe::BuildInfo, Probe::Flags, Probe::Config, Probe::Tsdb, Probe::Targets, Probe::Storage];
        let answers = Answers(
            probes.iter().chain(&[Probe::Exemplars(0), Probe::Series(0)]).map(|p| (*p, answer.clone())).collect(),
        );
        let c = Case { answers, start_ms: 0, end_ms: 60_000 };
        let r = run(&c, "trace_id");
        assert_eq!(r.backend, "the backend");
        let not_unknown: Vec<&str> =
            r.checks.iter().filter(|c| c.status != Status::Unknown && c.id != "cors").map(|c| c.id).collect();
        assert!(not_unknown.is_empty(), "{answer:?}: {not_unknown:?}");
    }
}

#[test]
fn the_report_serialises_for_hosts() {
    let r = run(&case(TINY_BUFFER, false), "traceID");
    let json = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(json["checks"][3]["id"], "coverage");
    assert_eq!(json["checks"][3]["status"], "problem");
    assert!(json["coverageGap"]["fromMs"].is_i64());
    assert_eq!(json["labelFix"]["label"], "trace_id");
    assert_eq!(json["checks"][0].get("fix"), None, "no fix on an ok check");
}

#[test]
fn a_visit_asks_about_the_panels_exemplar_queries_as_planned() {
    let config: crate::config::PanelConfig = serde_json::from_str(
        r#"{"prometheus":{"url":"http://p:9090"},"targets":[{"refId":"A","expr":"histogram_quantile(0.9, rate(x_bucket[$__rate_interval]))"},{"refId":"B","expr":"up","exemplar":false}],"time":{"from":"now-5m","to":"now"},"exemplarTraceIdDestinations":[{"name":"traceID","url":"http://j/${__value.raw}"}]}"#,
    )
    .unwrap_or_default();
    let ctx = crate::query::PlanContext { now_ms: 1_795_977_306_000, max_data_points: 1000, utc_offset_min: 0 };
    let spec = crate::config::Spec::parse(&config).unwrap_or_else(|e| panic!("{e}"));
    let visit = Visit::plan(&spec, ctx);
    let Ok(visit) = visit else { panic!("{visit:?}") };
    let reqs = visit.requests();
    assert_eq!(reqs.len(), 8, "six about the backend, two about A");
    let ex = reqs.iter().find(|(p, _)| *p == Probe::Exemplars(0)).and_then(|(_, r)| r.body.clone());
    assert!(ex.is_some_and(|b| b.contains("rate%28x_bucket%5B")), "the planned expression, variables substituted");
    let answers = case(PROMETHEUS, false).answers;
    let r = visit.report(&spec, &answers, "http://p:9090", &FixedOffset(0));
    assert_eq!(
        r.label_fix,
        Some(LabelFix { destination: 0, label: "trace_id".into() }),
        "destinations from the config"
    );
}

#[test]
fn the_gap_band_is_clipped_to_the_plot() {
    use crate::render::layout::{Layout, PlotSize, RectCss};
    let layout = Layout {
        size: PlotSize { width_css: 600.0, height_css: 300.0, dpr: 1.0 },
        plot: RectCss { left: 50.0, top: 10.0, right: 550.0, bottom: 280.0 },
        t_min_ms: 0,
        t_max_ms: 100_000,
        v_min: 0.0,
        v_max: 1.0,
        scale: Default::default(),
        x_ticks: Vec::new(),
        y_ticks: Vec::new(),
    };
    assert_eq!(band_css(&layout, Band { from_ms: 0, to_ms: 50_000 }), Some((50.0, 250.0)));
    assert_eq!(band_css(&layout, Band { from_ms: -50_000, to_ms: 10_000 }), Some((50.0, 50.0)), "clipped");
    assert_eq!(band_css(&layout, Band { from_ms: 200_000, to_ms: 300_000 }), None, "outside");
    assert!(!shows_by_itself(true, None), "nothing loaded yet");
    let empty = crate::model::PanelModel::default();
    assert!(shows_by_itself(true, Some(&empty)));
    assert!(!shows_by_itself(false, Some(&empty)), "no query asks for exemplars");
}

#[test]
fn rising_out_of_order_exemplars_are_a_storage_problem() {
    // The recorded storage answer, with the out-of-order increase raised from 0 to 12.
    let mut c = case(PROMETHEUS, false);
    for (probe, answer) in &mut c.answers.0 {
        if let (Probe::Storage, Answer::Got { body, .. }) = (probe, answer) {
            *body =
                body.replace(r#""doctor":"out_of_order_increase","#, r#""doctor":"out_of_order_increase","x":"1","#);
            *body = body.replacen(r#""0"]}]}}"#, r#""12"]}]}}"#, 1);
        }
    }
    let r = run(&c, "trace_id");
    assert_eq!(status(&r, "storage"), Status::Problem, "{}", finding(&r, "storage"));
    assert!(finding(&r, "storage").contains("; 12 arrived out of order in the last 10 minutes"));
    assert!(finding(&r, "storage").contains("`prometheus_tsdb_exemplar_out_of_order_exemplars_total` rising"));
    let healthy = run(&case(PROMETHEUS, false), "trace_id");
    assert!(finding(&healthy, "storage").contains("exemplars in storage"), "0 out of order: fine");
}
