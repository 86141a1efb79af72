//! The demo's traces: one multi-span trace per simulated request, kept in a
//! bounded ring, served in the three documented trace API shapes.
//!
//! Real Jaeger, Tempo and Zipkin servers cannot be installed where this runs,
//! so the shapes are written from their API documentation:
//! - Jaeger query API (`GET /api/traces/{id}`): `{data:[{traceID, spans, processes}]}`,
//!   times in µs, hex ids (jaeger `model/json/model.go`);
//! - Jaeger v2 (`GET /api/v3/traces/{id}`): `{result:{resourceSpans}}`, OTLP JSON with hex ids;
//! - Tempo (`GET /tempo/api/traces/{id}`): `{batches:[…]}`, OTLP JSON (protojson) with
//!   base64 ids and nanosecond strings, as Tempo returns them;
//! - Zipkin v2 (`GET /api/v2/trace/{id}`): `[{traceId, id, parentId, name, kind, timestamp, duration,
//!   localEndpoint, tags, annotations}]` (zipkin2 `zipkin-api.yaml`).
//!
//! `GET /record/{id}` is the service's own record of a trace (what the e2e
//! tests compare a view against). CORS: see `crate::cors` in main.rs.
//!
//! Rules: the root span's id is the exemplar's `span_id` and the trace's id
//! its `trace_id`; children run one after another inside their parent; the
//! `/api/pay` incident shows as a `db.lock_wait` span that grows; a 500 marks
//! the failing leaf and every span above it as errors.

use base64::Engine;
use serde::Serialize;
use serde_json::{json, Value};

/// One span, as the service records it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Span {
    pub span_id: String,
    pub parent_id: Option<String>,
    pub service: &'static str,
    pub name: String,
    pub kind: &'static str,
    pub start_us: u64,
    pub duration_us: u64,
    pub attributes: Vec<(String, String)>,
    pub events: Vec<SpanEvent>,
    /// The error message when the span failed.
    pub error: Option<String>,
}

/// A point-in-time event in a span.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SpanEvent {
    pub t_us: u64,
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// One request's trace.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Trace {
    pub trace_id: String,
    pub route: String,
    pub method: String,
    pub status: String,
    pub duration_seconds: f64,
    /// Request start, epoch ms.
    pub start_ms: u64,
    pub spans: Vec<Span>,
}

/// The id of the `n`th span after the root in trace `trace_id`: derived, so
/// a trace is rebuilt identically from its request's record (the service
/// keeps records, not spans).
pub fn derived_span_id(trace_id: &str, n: u64) -> String {
    let mut x =
        trace_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    x = x.wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    format!("{:016x}", x ^ (x >> 31))
}

/// Builds spans one after another inside a parent.
struct Builder {
    spans: Vec<Span>,
    status_500: bool,
}

impl Builder {
    /// Adds a span and returns its index.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        span_id: String,
        parent: Option<usize>,
        service: &'static str,
        name: &str,
        kind: &'static str,
        start_us: u64,
        duration_us: u64,
        attributes: &[(&str, &str)],
    ) -> usize {
        let parent_id = parent.and_then(|p| self.spans.get(p)).map(|p| p.span_id.clone());
        self.spans.push(Span {
            span_id,
            parent_id,
            service,
            name: name.to_string(),
            kind,
            start_us,
            duration_us: duration_us.max(1),
            attributes: attributes.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect(),
            events: Vec::new(),
            error: None,
        });
        self.spans.len() - 1
    }

    fn event(&mut self, span: usize, t_us: u64, name: &str, attributes: &[(&str, &str)]) {
        if let Some(s) = self.spans.get_mut(span) {
            let attributes = attributes.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect();
            s.events.push(SpanEvent { t_us, name: name.to_string(), attributes });
        }
    }

    /// Marks `span` and its ancestors failed; the leaf gets an `exception` event.
    fn fail(&mut self, span: usize, message: &str) {
        let at = self.spans.get(span).map_or(0, |s| s.start_us + s.duration_us);
        self.event(span, at, "exception", &[("exception.type", "DbError"), ("exception.message", message)]);
        let mut next = Some(span);
        while let Some(i) = next {
            let Some(s) = self.spans.get_mut(i) else { break };
            s.error = Some(message.to_string());
            let parent = s.parent_id.clone();
            next = parent.and_then(|p| self.spans.iter().position(|s| s.span_id == p));
        }
    }
}

/// Parts of `total` (µs) in proportion to `weights`, summing to at most `total`.
fn split(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    weights.iter().map(|w| ((total as f64) * w / sum.max(f64::MIN_POSITIVE)) as u64).collect()
}

/// The trace of one request: `root_span_id` is the exemplar's span id,
/// `start_us` the request's start (epoch µs), `duration_us` its latency.
#[allow(clippy::too_many_arguments)]
pub fn build_trace(
    trace_id: String,
    root_span_id: String,
    route: &str,
    method: &str,
    status: &str,
    start_us: u64,
    duration_us: u64,
) -> Trace {
    let mut n = 0u64;
    let id_of = trace_id.clone();
    let mut new_id = move || {
        n += 1;
        derived_span_id(&id_of, n)
    };
    let mut b = Builder { spans: Vec::new(), status_500: status == "500" };
    let root_name = format!("{method} {route}");
    let root = b.add(
        root_span_id,
        None,
        "frontend",
        &root_name,
        "server",
        start_us,
        duration_us,
        &[("http.route", route), ("http.request.method", method), ("http.response.status_code", status)],
    );
    // The work inside the root: 2% before and after is the frontend's own.
    let inner_start = start_us + duration_us / 50;
    let inner = duration_us - duration_us / 25;
    let auth_us = (inner / 20).max(1);
    let auth =
        b.add(new_id(), Some(root), "auth", "auth.check", "client", inner_start, auth_us, &[("auth.method", "bearer")]);
    b.event(auth, inner_start + auth_us / 2, "token.validated", &[("token.scope", "api")]);
    let rest_start = inner_start + auth_us;
    let rest = inner.saturating_sub(auth_us);
    let failing = match route {
        "/api/pay" => pay(&mut b, root, rest_start, rest, &mut new_id),
        "/api/orders" => {
            let parts = split(rest, &[0.1, 0.9]);
            let p = |i: usize| parts.get(i).copied().unwrap_or(1);
            let cache = b.add(
                new_id(),
                Some(root),
                "cache",
                "cache.get",
                "client",
                rest_start,
                p(0),
                &[("cache.key", "orders:recent"), ("cache.hit", "false")],
            );
            b.event(cache, rest_start + p(0), "cache.miss", &[]);
            let orders = b.add(
                new_id(),
                Some(root),
                "orders",
                "orders.list",
                "server",
                rest_start + p(0),
                p(1),
                &[("orders.limit", "50")],
            );
            b.add(
                new_id(),
                Some(orders),
                "orders-db",
                "db.query",
                "client",
                rest_start + p(0) + p(1) / 10,
                p(1) * 8 / 10,
                &[
                    ("db.system", "postgresql"),
                    ("db.statement", "SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 50"),
                ],
            )
        }
        _ => {
            let users =
                b.add(new_id(), Some(root), "users", "users.list", "server", rest_start, rest, &[("users.page", "1")]);
            b.add(
                new_id(),
                Some(users),
                "users-db",
                "db.query",
                "client",
                rest_start + rest / 10,
                rest * 8 / 10,
                &[("db.system", "postgresql"), ("db.statement", "SELECT id, name FROM users LIMIT 100")],
            )
        }
    };
    if b.status_500 {
        b.fail(failing, "connection reset by peer");
    }
    Trace {
        trace_id,
        route: route.to_string(),
        method: method.to_string(),
        status: status.to_string(),
        duration_seconds: duration_us as f64 / 1e6,
        start_ms: start_us / 1000,
        spans: b.spans,
    }
}

/// `/api/pay`: cart.load → db.query, then payments.charge → db.lock_wait →
/// db.query. Time beyond the usual ~150 ms goes to the lock wait (the incident).
fn pay(b: &mut Builder, root: usize, start: u64, total: u64, new_id: &mut impl FnMut() -> String) -> usize {
    let cart_us = (total / 6).min(30_000);
    let cart = b.add(new_id(), Some(root), "cart", "cart.load", "client", start, cart_us, &[("cart.items", "3")]);
    b.add(
        new_id(),
        Some(cart),
        "cart-db",
        "db.query",
        "client",
        start + cart_us / 10,
        cart_us * 8 / 10,
        &[("db.system", "redis"), ("db.statement", "HGETALL cart:{user}")],
    );
    let pay_start = start + cart_us;
    let pay_us = total.saturating_sub(cart_us).max(1);
    let charge = b.add(
        new_id(),
        Some(root),
        "payments",
        "payments.charge",
        "server",
        pay_start,
        pay_us,
        &[("payment.provider", "demo-bank"), ("payment.currency", "EUR")],
    );
    let inner = pay_us - pay_us / 10;
    let usual = 100_000u64.min(inner / 2);
    let lock_us = inner.saturating_sub(usual).max(1);
    let lock_start = pay_start + pay_us / 20;
    let lock = b.add(
        new_id(),
        Some(charge),
        "payments-db",
        "db.lock_wait",
        "client",
        lock_start,
        lock_us,
        &[("db.system", "postgresql"), ("db.lock", "accounts row")],
    );
    b.event(lock, lock_start + lock_us, "lock.acquired", &[("lock.wait_ms", &(lock_us / 1000).to_string())]);
    b.add(
        new_id(),
        Some(charge),
        "payments-db",
        "db.query",
        "client",
        lock_start + lock_us,
        usual.max(1),
        &[("db.system", "postgresql"), ("db.statement", "UPDATE accounts SET balance = balance - $1 WHERE id = $2")],
    )
}

/// Hex id → bytes (a bad digit reads as 0: ids here are our own).
fn bytes_of_hex(id: &str) -> Vec<u8> {
    (0..id.len() / 2)
        .map(|i| id.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0))
        .collect()
}

fn b64(id: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes_of_hex(id))
}

fn services(t: &Trace) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in &t.spans {
        if !out.contains(&s.service) {
            out.push(s.service);
        }
    }
    out
}

fn kv_tags(attrs: &[(String, String)]) -> Vec<Value> {
    attrs.iter().map(|(k, v)| json!({"key": k, "type": "string", "value": v})).collect()
}

/// Jaeger's query API answer (`/api/traces/{id}`).
pub fn jaeger(t: &Trace) -> Value {
    let services = services(t);
    let pid = |s: &str| format!("p{}", services.iter().position(|x| *x == s).unwrap_or(0) + 1);
    let spans: Vec<Value> = t
        .spans
        .iter()
        .map(|s| {
            let mut tags = kv_tags(&s.attributes);
            tags.push(json!({"key": "span.kind", "type": "string", "value": s.kind}));
            if let Some(e) = &s.error {
                tags.push(json!({"key": "error", "type": "bool", "value": true}));
                tags.push(json!({"key": "otel.status_code", "type": "string", "value": "ERROR"}));
                tags.push(json!({"key": "otel.status_description", "type": "string", "value": e}));
            }
            let refs: Vec<Value> = s
                .parent_id
                .iter()
                .map(|p| json!({"refType": "CHILD_OF", "traceID": t.trace_id, "spanID": p}))
                .collect();
            let logs: Vec<Value> = s
                .events
                .iter()
                .map(|e| {
                    let mut fields = vec![json!({"key": "event", "type": "string", "value": e.name})];
                    fields.extend(kv_tags(&e.attributes));
                    json!({"timestamp": e.t_us, "fields": fields})
                })
                .collect();
            json!({
                "traceID": t.trace_id, "spanID": s.span_id, "operationName": s.name, "references": refs,
                "flags": 1, "startTime": s.start_us, "duration": s.duration_us, "tags": tags, "logs": logs,
                "processID": pid(s.service), "warnings": null,
            })
        })
        .collect();
    let processes: serde_json::Map<String, Value> = services
        .iter()
        .map(|s| (pid(s), json!({"serviceName": s, "tags": [{"key": "telemetry.sdk.language", "type": "string", "value": "rust"}]})))
        .collect();
    json!({"data": [{"traceID": t.trace_id, "spans": spans, "processes": processes, "warnings": null}],
           "total": 0, "limit": 0, "offset": 0, "errors": null})
}

fn otlp_attrs(attrs: &[(String, String)]) -> Vec<Value> {
    attrs.iter().map(|(k, v)| json!({"key": k, "value": {"stringValue": v}})).collect()
}

/// OTLP JSON resource spans, one per service; ids base64 (Tempo) or hex (Jaeger v2).
fn resource_spans(t: &Trace, base64_ids: bool) -> Vec<Value> {
    let id = |h: &str| if base64_ids { b64(h) } else { h.to_string() };
    services(t)
        .into_iter()
        .map(|svc| {
            let spans: Vec<Value> = t
                .spans
                .iter()
                .filter(|s| s.service == svc)
                .map(|s| {
                    let kind = if s.kind == "server" { "SPAN_KIND_SERVER" } else { "SPAN_KIND_CLIENT" };
                    let status = match &s.error {
                        Some(m) => json!({"code": "STATUS_CODE_ERROR", "message": m}),
                        None => json!({}),
                    };
                    let events: Vec<Value> = s
                        .events
                        .iter()
                        .map(|e| json!({"timeUnixNano": (e.t_us * 1000).to_string(), "name": e.name, "attributes": otlp_attrs(&e.attributes)}))
                        .collect();
                    json!({
                        "traceId": id(&t.trace_id), "spanId": id(&s.span_id),
                        "parentSpanId": s.parent_id.as_deref().map(id).unwrap_or_default(),
                        "name": s.name, "kind": kind,
                        "startTimeUnixNano": (s.start_us * 1000).to_string(),
                        "endTimeUnixNano": ((s.start_us + s.duration_us) * 1000).to_string(),
                        "attributes": otlp_attrs(&s.attributes), "events": events, "status": status,
                    })
                })
                .collect();
            json!({
                "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": svc}}]},
                "scopeSpans": [{"scope": {"name": "exemplar-demo"}, "spans": spans}],
            })
        })
        .collect()
}

/// Tempo's answer (`/api/traces/{id}`): `batches` with base64 ids.
pub fn tempo(t: &Trace) -> Value {
    json!({"batches": resource_spans(t, true)})
}

/// Jaeger v2's answer (`/api/v3/traces/{id}`): `result.resourceSpans` with hex ids.
pub fn jaeger_v3(t: &Trace) -> Value {
    json!({"result": {"resourceSpans": resource_spans(t, false)}})
}

/// Zipkin v2's answer (`/api/v2/trace/{id}`).
pub fn zipkin(t: &Trace) -> Value {
    let spans: Vec<Value> = t
        .spans
        .iter()
        .map(|s| {
            let mut tags: serde_json::Map<String, Value> =
                s.attributes.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
            if let Some(e) = &s.error {
                tags.insert("error".into(), Value::String(e.clone()));
            }
            let annotations: Vec<Value> =
                s.events.iter().map(|e| json!({"timestamp": e.t_us, "value": e.name})).collect();
            let mut span = json!({
                "traceId": t.trace_id, "id": s.span_id, "name": s.name,
                "kind": s.kind.to_ascii_uppercase(), "timestamp": s.start_us, "duration": s.duration_us,
                "localEndpoint": {"serviceName": s.service}, "tags": tags, "annotations": annotations,
            });
            if let (Some(p), Some(obj)) = (&s.parent_id, span.as_object_mut()) {
                obj.insert("parentId".into(), Value::String(p.clone()));
            }
            span
        })
        .collect();
    Value::Array(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay_trace(status: &str, dur_us: u64) -> Trace {
        build_trace(
            "4bf92f3577b34da6a3ce929d0e0e4736".into(),
            "00f067aa0ba902b7".into(),
            "/api/pay",
            "POST",
            status,
            1_700_000_000_000_000,
            dur_us,
        )
    }

    #[test]
    fn the_root_carries_the_exemplar_ids_and_children_stay_inside_their_parent() {
        let t = pay_trace("200", 180_000);
        let root = &t.spans[0];
        assert_eq!(root.span_id, "00f067aa0ba902b7");
        assert_eq!(root.parent_id, None);
        assert_eq!(root.duration_us, 180_000);
        let names: Vec<&str> = t.spans.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["POST /api/pay", "auth.check", "cart.load", "db.query", "payments.charge", "db.lock_wait", "db.query"]
        );
        assert!(services(&t).len() >= 5, "spread over services: {:?}", services(&t));
        for s in &t.spans[1..] {
            let p = t.spans.iter().find(|p| Some(&p.span_id) == s.parent_id.as_ref()).expect("parent");
            assert!(
                s.start_us >= p.start_us && s.start_us + s.duration_us <= p.start_us + p.duration_us,
                "{} inside {}",
                s.name,
                p.name
            );
        }
        assert!(t.spans.iter().all(|s| s.error.is_none()));
    }

    #[test]
    fn the_incident_is_a_growing_lock_wait_and_a_500_marks_the_failing_path() {
        let lock = |t: &Trace| t.spans.iter().find(|s| s.name == "db.lock_wait").map(|s| s.duration_us).unwrap_or(0);
        assert!(lock(&pay_trace("200", 1_200_000)) > 5 * lock(&pay_trace("200", 180_000)));
        let failed = pay_trace("500", 180_000);
        let errs: Vec<&str> = failed.spans.iter().filter(|s| s.error.is_some()).map(|s| s.name.as_str()).collect();
        assert_eq!(errs, ["POST /api/pay", "payments.charge", "db.query"]);
        assert!(failed.spans.iter().any(|s| s.events.iter().any(|e| e.name == "exception")));
    }

    #[test]
    fn the_three_shapes_carry_the_same_spans() {
        let t = pay_trace("500", 400_000);
        let j = jaeger(&t);
        assert_eq!(j["data"][0]["spans"].as_array().map(Vec::len), Some(t.spans.len()));
        assert_eq!(j["data"][0]["spans"][5]["references"][0]["spanID"], t.spans[4].span_id);
        assert_eq!(j["data"][0]["processes"]["p1"]["serviceName"], "frontend");
        let tempo = tempo(&t);
        assert_eq!(tempo["batches"][0]["scopeSpans"][0]["spans"][0]["spanId"], "APBnqgupArc=");
        assert_eq!(tempo["batches"][0]["scopeSpans"][0]["spans"][0]["traceId"], "S/kvNXezTaajzpKdDg5HNg==");
        let v3 = jaeger_v3(&t);
        assert_eq!(v3["result"]["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["spanId"], "00f067aa0ba902b7");
        let z = zipkin(&t);
        assert_eq!(z.as_array().map(Vec::len), Some(t.spans.len()));
        assert_eq!(z[1]["parentId"], "00f067aa0ba902b7");
        assert!(z[0].get("parentId").is_none());
        assert_eq!(z[0]["tags"]["error"], "connection reset by peer");
    }

    #[test]
    fn span_ids_are_derived_from_the_trace_id() {
        let a = pay_trace("200", 1000);
        assert_eq!(a, pay_trace("200", 1000), "rebuilt identically");
        assert!(a.spans.iter().all(|s| s.span_id.len() == 16));
        assert_ne!(derived_span_id("a", 1), derived_span_id("b", 1));
        assert_ne!(derived_span_id("a", 1), derived_span_id("a", 2));
    }
}
