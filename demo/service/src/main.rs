//! exemplar-demo: a service that serves the same kind of data our users have.
//!
//! - `GET /metrics`: OpenMetrics text with `http_request_duration_seconds`
//!   (a histogram by `route`, `method`, `status`) whose buckets carry exemplars
//!   `{trace_id, span_id}` (W3C sizes: 32 and 16 hex digits), and
//!   `http_requests_total`.
//! - `GET /trace/{id}` (and Zipkin's UI path `/zipkin/traces/{id}`): a tiny
//!   trace page (a stand-in for Jaeger's UI in the demo).
//! - Each request's trace in the documented API shapes ([`traces`]): Jaeger
//!   `/api/traces/{id}`, Jaeger v2 `/api/v3/traces/{id}`, Tempo
//!   `/tempo/api/traces/{id}`, Zipkin `/api/v2/trace/{id}`; and the service's
//!   own record `/record/{id}`. 404 when this service never emitted the id.
//!   These answers carry `Access-Control-Allow-Origin: *` (as Zipkin's do; real
//!   Jaeger and Tempo send none by default: put a proxy in front of them).
//!
//! It generates its own traffic: a few routes with their own latency, and
//! occasional slow requests, so p99 has spikes worth clicking.
//!
//! Usage: `exemplar-demo [--listen 127.0.0.1:8080] [--rate 40] [--text-format]`.
//!
//! `--text-format` (or `EXEMPLAR_DEMO_TEXT_FORMAT=1`) serves the classic text
//! format 0.0.4 instead, which has no exemplars: what a target without
//! OpenMetrics looks like to the exemplar doctor. With
//! `EXEMPLAR_DEMO_INCIDENT=on` the `/api/pay` incident never ends (the trace
//! view's end-to-end test needs one now, not within 3 minutes).

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

mod traces;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::exemplar::HistogramWithExemplars;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TraceLabels {
    trace_id: String,
    span_id: String,
}

/// One simulated request, kept so its trace can be looked up.
#[derive(Clone, Debug, serde::Serialize)]
struct TraceRecord {
    trace_id: String,
    span_id: String,
    route: String,
    method: String,
    status: String,
    duration_seconds: f64,
    start_ms: u128,
    /// The request's start (epoch µs): its end is the exemplar's time.
    start_us: u64,
}

impl TraceRecord {
    /// The request's trace, rebuilt from the record (see [`traces::build_trace`]).
    fn trace(&self) -> traces::Trace {
        let duration_us = (self.duration_seconds * 1e6).round().max(1.0) as u64;
        let mut trace = traces::build_trace(
            self.trace_id.clone(),
            self.span_id.clone(),
            &self.route,
            &self.method,
            &self.status,
            self.start_us,
            duration_us,
        );
        // The exact observed value (the exemplar's), not the µs-rounded one.
        trace.duration_seconds = self.duration_seconds;
        trace
    }
}

/// The last traces, bounded.
#[derive(Default)]
struct TraceStore {
    by_id: HashMap<String, TraceRecord>,
    order: VecDeque<String>,
}

const MAX_TRACES: usize = 200_000;

impl TraceStore {
    fn insert(&mut self, rec: TraceRecord) {
        if self.order.len() >= MAX_TRACES {
            if let Some(old) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
        self.order.push_back(rec.trace_id.clone());
        self.by_id.insert(rec.trace_id.clone(), rec);
    }
}

struct AppState {
    registry: Registry,
    /// Serve the text format 0.0.4 (no exemplars) instead of OpenMetrics.
    text_format: bool,
    traces: Mutex<TraceStore>,
}

type Shared = Arc<AppState>;

fn hex(n_bytes: usize) -> String {
    (0..n_bytes).map(|_| format!("{:02x}", fastrand::u8(..))).collect()
}

const ROUTES: [(&str, &str, f64, u32); 3] =
    // route, method, median latency (s), weight
    [("/api/users", "GET", 0.040, 6), ("/api/orders", "GET", 0.090, 3), ("/api/pay", "POST", 0.180, 1)];

/// Whether an incident is on: for 25 s of every 3 minutes `/api/pay` slows
/// down, so p99 has a spike worth clicking.
fn incident_at(unix_s: u64) -> bool {
    unix_s % 180 < 25
}

/// One simulated request: route, latency and status.
fn simulate(incident: bool) -> (&'static str, &'static str, f64, &'static str) {
    let total: u32 = ROUTES.iter().map(|r| r.3).sum();
    let mut pick = fastrand::u32(0..total);
    let mut chosen = ROUTES[0];
    for r in ROUTES {
        if pick < r.3 {
            chosen = r;
            break;
        }
        pick -= r.3;
    }
    let (route, method, median, _) = chosen;
    // Log-normal-ish: median × e^(0.5·N(0,1)), N from a sum of uniforms.
    let n: f64 = (0..6).map(|_| fastrand::f64()).sum::<f64>() - 3.0;
    let mut latency = median * (0.5 * n).exp();
    if incident && route == "/api/pay" {
        latency *= 6.0;
    }
    if fastrand::f64() < 0.004 {
        latency += 0.5 + 2.0 * fastrand::f64(); // the slow requests worth a trace
    }
    let status = if fastrand::f64() < 0.02 { "500" } else { "200" };
    (route, method, latency, status)
}

async fn metrics(State(state): State<Shared>) -> Response {
    let mut body = String::new();
    match prometheus_client::encoding::text::encode(&mut body, &state.registry) {
        Ok(()) if state.text_format => {
            ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text_format(&body)).into_response()
        }
        Ok(()) => ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body)
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// OpenMetrics text as the classic text format 0.0.4: no exemplars (the
/// ` # {…}` suffix of a sample), no `# UNIT` and no `# EOF`.
fn text_format(openmetrics: &str) -> String {
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line.starts_with("# EOF") || line.starts_with("# UNIT") {
            continue;
        }
        out.push_str(line.split(" # {").next().unwrap_or(line));
        out.push('\n');
    }
    out
}

fn find(state: &Shared, id: &str) -> Option<TraceRecord> {
    state.traces.lock().ok()?.by_id.get(&id.to_ascii_lowercase()).cloned()
}

/// A trace in one API shape, or 404.
fn trace_answer(state: &Shared, id: &str, shape: fn(&traces::Trace) -> serde_json::Value) -> Response {
    match find(state, id) {
        Some(rec) => axum::Json(shape(&rec.trace())).into_response(),
        None => (StatusCode::NOT_FOUND, axum::Json(serde_json::json!({"error": "trace not found"}))).into_response(),
    }
}

fn own_record(t: &traces::Trace) -> serde_json::Value {
    serde_json::to_value(t).unwrap_or_default()
}

/// CORS for the trace APIs: any origin, any header (preflights answered).
async fn cors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let allow = [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")];
    if req.method() == axum::http::Method::OPTIONS {
        let headers = [(header::ACCESS_CONTROL_ALLOW_HEADERS, "*"), (header::ACCESS_CONTROL_ALLOW_METHODS, "GET")];
        return (StatusCode::NO_CONTENT, allow, headers).into_response();
    }
    (allow, next.run(req).await).into_response()
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

async fn trace_page(State(state): State<Shared>, Path(id): Path<String>) -> Response {
    let (status, body) = match find(&state, &id) {
        Some(r) => (
            StatusCode::OK,
            format!(
                "<h1>Trace <code id=\"trace-id\">{}</code></h1><table>\
                 <tr><th>span</th><td>{}</td></tr><tr><th>route</th><td>{} {}</td></tr>\
                 <tr><th>status</th><td>{}</td></tr><tr><th>duration</th><td>{:.1} ms</td></tr>\
                 <tr><th>start (epoch ms)</th><td>{}</td></tr></table>",
                escape_html(&r.trace_id),
                escape_html(&r.span_id),
                escape_html(&r.method),
                escape_html(&r.route),
                escape_html(&r.status),
                r.duration_seconds * 1000.0,
                r.start_ms
            ),
        ),
        None => (StatusCode::NOT_FOUND, format!("<h1>Unknown trace <code>{}</code></h1>", escape_html(&id))),
    };
    let page = format!(
        "<!doctype html><meta charset=utf-8><title>demo trace viewer</title>\
         <style>body{{font:14px system-ui;margin:2em}}th{{text-align:left;padding-right:1em}}</style>\
         <p>exemplar-demo trace viewer (a stand-in for Jaeger or Tempo)</p>{body}"
    );
    (status, Html(page)).into_response()
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listen = arg("--listen").unwrap_or_else(|| "127.0.0.1:8080".into());
    let rate: f64 = arg("--rate").and_then(|r| r.parse().ok()).filter(|r: &f64| *r > 0.0).unwrap_or(40.0);
    let addr: SocketAddr = match listen.parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("exemplar-demo: bad --listen {listen:?}: {e}");
            std::process::exit(2);
        }
    };

    const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let latency: Family<RequestLabels, HistogramWithExemplars<TraceLabels>> =
        Family::new_with_constructor(|| HistogramWithExemplars::new(BUCKETS.into_iter()));
    let requests: Family<RequestLabels, Counter> = Family::default();
    let mut registry = Registry::default();
    registry.register("http_request_duration_seconds", "Request duration in seconds", latency.clone());
    registry.register("http_requests", "Requests served", requests.clone());
    let text_format = std::env::args().any(|a| a == "--text-format")
        || std::env::var("EXEMPLAR_DEMO_TEXT_FORMAT").is_ok_and(|v| v == "1");
    let state: Shared = Arc::new(AppState { registry, text_format, traces: Mutex::new(TraceStore::default()) });

    let always_incident = std::env::var("EXEMPLAR_DEMO_INCIDENT").is_ok_and(|v| v == "on");
    let traffic_state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
        loop {
            tick.tick().await;
            let unix_s = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let (route, method, seconds, status) = simulate(always_incident || incident_at(unix_s));
            let labels = RequestLabels { route: route.into(), method: method.into(), status: status.into() };
            let trace = TraceLabels { trace_id: hex(16), span_id: hex(8) };
            let now = SystemTime::now();
            latency.get_or_create(&labels).observe(seconds, Some(trace.clone()), Some(now));
            requests.get_or_create(&labels).inc();
            let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
            let start_ms = since_epoch.as_millis();
            let start_us = (since_epoch.as_micros() as u64).saturating_sub((seconds * 1e6) as u64);
            if let Ok(mut store) = traffic_state.traces.lock() {
                store.insert(TraceRecord {
                    trace_id: trace.trace_id,
                    span_id: trace.span_id,
                    route: route.into(),
                    method: method.into(),
                    status: status.into(),
                    duration_seconds: seconds,
                    start_ms,
                    start_us,
                });
            }
        }
    });

    let shape = |f: fn(&traces::Trace) -> serde_json::Value| {
        move |State(state): State<Shared>, Path(id): Path<String>| async move { trace_answer(&state, &id, f) }
    };
    let apis = Router::new()
        .route("/api/traces/{id}", get(shape(traces::jaeger)))
        .route("/api/v3/traces/{id}", get(shape(traces::jaeger_v3)))
        .route("/tempo/api/traces/{id}", get(shape(traces::tempo)))
        .route("/api/v2/trace/{id}", get(shape(traces::zipkin)))
        .route("/record/{id}", get(shape(own_record)))
        .layer(axum::middleware::from_fn(cors));
    let app = Router::new()
        .route("/metrics", get(metrics))
        .route("/trace/{id}", get(trace_page))
        .route("/zipkin/traces/{id}", get(trace_page))
        .merge(apis)
        .route("/", get(|| async { Html("<p>exemplar-demo: see <a href=/metrics>/metrics</a></p>") }))
        .with_state(state);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("exemplar-demo: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("exemplar-demo: serving http://{addr}/metrics at {rate} simulated requests/s");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("exemplar-demo: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_w3c_sizes() {
        assert_eq!(hex(16).len(), 32);
        assert_eq!(hex(8).len(), 16);
        assert!(hex(16).bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn store_is_bounded() {
        let mut s = TraceStore::default();
        for i in 0..MAX_TRACES + 5 {
            s.insert(TraceRecord {
                trace_id: i.to_string(),
                span_id: String::new(),
                route: String::new(),
                method: String::new(),
                status: String::new(),
                duration_seconds: 0.0,
                start_ms: 0,
                start_us: 0,
            });
        }
        assert_eq!(s.by_id.len(), MAX_TRACES);
        assert!(!s.by_id.contains_key("0"));
        assert!(s.by_id.contains_key(&(MAX_TRACES + 4).to_string()));
    }

    #[test]
    fn the_text_format_drops_exemplars_units_and_eof() {
        let om = "# HELP x Request\n# TYPE x histogram\n# UNIT x seconds\n\
                  x_bucket{le=\"0.1\"} 3 # {trace_id=\"ab\"} 0.05 1.7e9\nx_count 3\n# EOF\n";
        assert_eq!(text_format(om), "# HELP x Request\n# TYPE x histogram\nx_bucket{le=\"0.1\"} 3\nx_count 3\n");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape_html("<script>\"x\"&'"), "&lt;script&gt;&quot;x&quot;&amp;&#39;");
    }

    #[test]
    fn latencies_are_positive_and_sometimes_slow() {
        let samples: Vec<f64> = (0..5000).map(|_| simulate(false).2).collect();
        assert!(samples.iter().all(|s| *s > 0.0));
        assert!(samples.iter().any(|s| *s > 0.5));
        let pay = |incident| {
            let v: Vec<f64> =
                (0..5000).map(|_| simulate(incident)).filter(|r| r.0 == "/api/pay").map(|r| r.2).collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!(pay(true) > 3.0 * pay(false), "incidents slow /api/pay down");
        assert!(incident_at(180) && !incident_at(205));
    }
}
