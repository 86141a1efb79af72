//! The three trace API shapes into one [`Trace`].
//!
//! Shapes, from the backends' API documentation (no real server can be
//! installed where the tests run):
//! - Jaeger query API `GET /api/traces/{id}`: `{data:[{traceID, spans:[{spanID,
//!   operationName, references:[{refType, spanID}], startTime µs, duration µs,
//!   tags:[{key, type, value}], logs:[{timestamp, fields}], processID}],
//!   processes:{id:{serviceName}}}], errors}` (jaeger `model/json/model.go`);
//! - OTLP JSON, as Tempo's `GET /api/traces/{id}` (`{batches:[…]}`, or
//!   `{resourceSpans:[…]}`, or `{trace:{resourceSpans}}`) and Jaeger v2's
//!   `GET /api/v3/traces/{id}` (`{result:{resourceSpans}}`) return it:
//!   `resourceSpans[].resource.attributes` (`service.name`),
//!   `scopeSpans[]` (or the older `instrumentationLibrarySpans[]`)`.spans[]`
//!   with `traceId`/`spanId`/`parentSpanId` in base64 (protojson, Tempo) or
//!   hex (Jaeger v2), `startTimeUnixNano`/`endTimeUnixNano` as strings or
//!   numbers, `attributes:[{key, value:{stringValue|intValue|…}}]`, `events`,
//!   `status:{code, message}` (code `2` or `"STATUS_CODE_ERROR"`);
//! - Zipkin v2 `GET /api/v2/trace/{id}`: `[{traceId, id, parentId, name, kind,
//!   timestamp µs, duration µs, localEndpoint:{serviceName}, tags:{}, annotations:[{timestamp, value}]}]`
//!   (zipkin2 `zipkin-api.yaml`).
//!
//! The shape is read from the answer itself (an array is Zipkin; `data` is
//! Jaeger; `batches`, `resourceSpans`, `result` or `trace` is OTLP), so a
//! datasource's type only picks the URL. Unknown fields are ignored; a
//! missing field reads as empty or 0; a span without an id is skipped and
//! counted in the trace's warnings.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::{normalize_id, Span, SpanEvent, Trace};

/// Why an answer is not a trace.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The JSON ends before it is complete.
    #[error("the trace backend's answer ends early (truncated JSON, {detail}): a proxy or the backend cut it; retry")]
    Truncated {
        /// serde_json's position text.
        detail: String,
    },
    /// Not JSON at all, or JSON of another kind.
    #[error(
        "the trace backend's answer is not a trace ({detail}): check that the datasource's `url` (or `apiUrl`) is \
         the backend's API, not its UI or a login page"
    )]
    NotATrace {
        /// What was wrong.
        detail: String,
    },
    /// The backend said why it has no trace (Jaeger's `errors`).
    #[error("the trace backend answered with an error: {0}")]
    Backend(String),
    /// A trace without spans.
    #[error(
        "the trace backend sent an empty trace (no spans): it knows nothing of it yet, or is still ingesting it — retry"
    )]
    Empty,
}

impl ParseError {
    fn json(e: &serde_json::Error) -> Self {
        if e.is_eof() {
            ParseError::Truncated { detail: e.to_string() }
        } else {
            ParseError::NotATrace { detail: format!("not JSON: {e}") }
        }
    }
}

/// Parses a trace answer in any of the three shapes.
pub fn parse_trace(body: &str) -> Result<Trace, ParseError> {
    let first = body.trim_start().bytes().next();
    let (trace_id, spans, warnings) = match first {
        Some(b'[') => zipkin(body)?,
        Some(b'{') => object(body)?,
        _ => {
            let e = serde_json::from_str::<Value>(body).err();
            return Err(e.map_or(ParseError::NotATrace { detail: "not an object or an array".into() }, |e| {
                ParseError::json(&e)
            }));
        }
    };
    if spans.is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(Trace::new(trace_id, spans, warnings))
}

type Parts = (String, Vec<Span>, Vec<String>);

/// Any of the object shapes (Jaeger, OTLP).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct AnyObject {
    data: Option<Vec<JaegerTrace>>,
    errors: Option<Vec<Value>>,
    batches: Option<Vec<ResourceSpans>>,
    resource_spans: Option<Vec<ResourceSpans>>,
    result: Option<Box<AnyObject>>,
    trace: Option<Box<AnyObject>>,
}

fn object(body: &str) -> Result<Parts, ParseError> {
    let answer: AnyObject = serde_json::from_str(body).map_err(|e| ParseError::json(&e))?;
    from_object(answer)
}

fn from_object(answer: AnyObject) -> Result<Parts, ParseError> {
    if let Some(data) = answer.data {
        if data.is_empty() {
            if let Some(msg) = answer.errors.as_ref().and_then(|e| e.first()).map(error_text) {
                return Err(ParseError::Backend(msg));
            }
        }
        return Ok(jaeger(data));
    }
    if let Some(batches) = answer.batches.or(answer.resource_spans) {
        return Ok(otlp(batches));
    }
    if let Some(inner) = answer.result.or(answer.trace) {
        return from_object(*inner);
    }
    if let Some(msg) = answer.errors.as_ref().and_then(|e| e.first()).map(error_text) {
        return Err(ParseError::Backend(msg));
    }
    Err(ParseError::NotATrace {
        detail: "JSON without `data` (Jaeger), `batches`/`resourceSpans` (Tempo, OTLP) or an array (Zipkin)".into(),
    })
}

/// An entry of Jaeger's `errors`: `{code, msg}` or a string.
fn error_text(v: &Value) -> String {
    v.get("msg").and_then(Value::as_str).map_or_else(|| text_of(v), str::to_string)
}

/// A JSON scalar as text; other values as compact JSON.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A µs or ns count sent as a number or a string; 0 when neither.
fn count_of(v: &Value) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)).unwrap_or(0),
        Value::String(s) => s.trim().parse::<i64>().unwrap_or(0),
        _ => 0,
    }
}

// ---- Jaeger ---------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct JaegerTrace {
    #[serde(rename = "traceID")]
    trace_id: String,
    spans: Vec<JaegerSpan>,
    processes: HashMap<String, JaegerProcess>,
    warnings: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JaegerProcess {
    #[serde(rename = "serviceName")]
    service_name: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct JaegerSpan {
    #[serde(rename = "spanID")]
    span_id: String,
    operation_name: String,
    references: Vec<JaegerRef>,
    start_time: Value,
    duration: Value,
    tags: Vec<KeyValue>,
    logs: Vec<JaegerLog>,
    #[serde(rename = "processID")]
    process_id: String,
    process: Option<JaegerProcess>,
    warnings: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JaegerRef {
    #[serde(rename = "refType")]
    ref_type: String,
    #[serde(rename = "spanID")]
    span_id: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KeyValue {
    key: String,
    value: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JaegerLog {
    timestamp: Value,
    fields: Vec<KeyValue>,
}

fn jaeger(data: Vec<JaegerTrace>) -> Parts {
    let mut warnings = Vec::new();
    let mut out = Vec::new();
    let mut trace_id = String::new();
    for t in data {
        if trace_id.is_empty() {
            trace_id = normalize_id(&t.trace_id);
        }
        warnings.extend(t.warnings.unwrap_or_default());
        for s in t.spans {
            if s.span_id.trim().is_empty() {
                warnings.push(format!("a span without an id was skipped ({:?})", s.operation_name));
                continue;
            }
            warnings.extend(s.warnings.unwrap_or_default());
            let service = s
                .process
                .map(|p| p.service_name)
                .or_else(|| t.processes.get(&s.process_id).map(|p| p.service_name.clone()))
                .unwrap_or_default();
            // CHILD_OF first; a FOLLOWS_FROM counts when there is no CHILD_OF.
            let parent = s
                .references
                .iter()
                .find(|r| r.ref_type.eq_ignore_ascii_case("CHILD_OF"))
                .or_else(|| s.references.first())
                .map(|r| normalize_id(&r.span_id));
            let (mut error, mut status_message) = (false, String::new());
            let mut attributes = Vec::with_capacity(s.tags.len());
            for kv in s.tags {
                let value = text_of(&kv.value);
                match kv.key.as_str() {
                    "error" if value == "true" => error = true,
                    "otel.status_code" if value == "ERROR" => error = true,
                    "otel.status_description" | "error.message" => status_message.clone_from(&value),
                    _ => {}
                }
                attributes.push((kv.key, value));
            }
            let kind = attributes.iter().find(|(k, _)| k == "span.kind").map(|(_, v)| v.to_ascii_lowercase());
            let events = s
                .logs
                .into_iter()
                .map(|l| {
                    let mut name = String::new();
                    let mut attributes = Vec::new();
                    for f in l.fields {
                        if (f.key == "event" || f.key == "message") && name.is_empty() {
                            name = text_of(&f.value);
                        } else {
                            attributes.push((f.key, text_of(&f.value)));
                        }
                    }
                    SpanEvent { t_us: count_of(&l.timestamp), name, attributes }
                })
                .collect();
            out.push(Span {
                id: normalize_id(&s.span_id),
                parent,
                service,
                name: s.operation_name,
                kind: kind.unwrap_or_default(),
                start_us: count_of(&s.start_time),
                dur_us: count_of(&s.duration).max(0),
                attributes,
                events,
                error,
                status_message,
                synthetic: false,
                skew_us: 0,
            });
        }
    }
    (trace_id, out, warnings)
}

// ---- OTLP JSON (Tempo, Jaeger v2) ------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ResourceSpans {
    resource: OtlpResource,
    scope_spans: Vec<ScopeSpans>,
    instrumentation_library_spans: Vec<ScopeSpans>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OtlpResource {
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ScopeSpans {
    spans: Vec<OtlpSpan>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct OtlpSpan {
    trace_id: String,
    span_id: String,
    parent_span_id: String,
    name: String,
    kind: Value,
    start_time_unix_nano: Value,
    end_time_unix_nano: Value,
    attributes: Vec<KeyValue>,
    events: Vec<OtlpEvent>,
    status: OtlpStatus,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct OtlpEvent {
    time_unix_nano: Value,
    name: String,
    attributes: Vec<KeyValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OtlpStatus {
    code: Value,
    message: String,
}

/// An OTLP `AnyValue` (`{stringValue: …}`, `{intValue: "5"}`, arrays, …) as text.
fn any_value(v: &Value) -> String {
    let Some(obj) = v.as_object() else { return text_of(v) };
    match obj.iter().next() {
        Some((k, Value::Object(inner))) if k == "arrayValue" => {
            let items = inner.get("values").and_then(Value::as_array).map(|a| a.iter().map(any_value).collect());
            format!("[{}]", items.unwrap_or_else(Vec::new).join(", "))
        }
        Some((_, inner)) => text_of(inner),
        None => String::new(),
    }
}

fn otlp_attributes(kvs: Vec<KeyValue>) -> Vec<(String, String)> {
    kvs.into_iter()
        .map(|kv| {
            let v = any_value(&kv.value);
            (kv.key, v)
        })
        .collect()
}

/// An OTLP span kind (`2`, `"SPAN_KIND_SERVER"`) as `server`, … .
fn otlp_kind(v: &Value) -> String {
    const KINDS: [&str; 6] = ["", "internal", "server", "client", "producer", "consumer"];
    match v {
        Value::Number(n) => n.as_u64().and_then(|i| KINDS.get(i as usize)).copied().unwrap_or("").into(),
        Value::String(s) => {
            let k = s.strip_prefix("SPAN_KIND_").unwrap_or(s).to_ascii_lowercase();
            if k == "unspecified" {
                String::new()
            } else {
                k
            }
        }
        _ => String::new(),
    }
}

fn otlp(batches: Vec<ResourceSpans>) -> Parts {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut trace_id = String::new();
    for rs in batches {
        let service = rs
            .resource
            .attributes
            .iter()
            .find(|kv| kv.key == "service.name")
            .map(|kv| any_value(&kv.value))
            .unwrap_or_default();
        for s in rs.scope_spans.into_iter().chain(rs.instrumentation_library_spans).flat_map(|ss| ss.spans) {
            if s.span_id.trim().is_empty() {
                warnings.push(format!("a span without an id was skipped ({:?})", s.name));
                continue;
            }
            if trace_id.is_empty() {
                trace_id = normalize_id(&s.trace_id);
            }
            let start_ns = count_of(&s.start_time_unix_nano);
            let end_ns = count_of(&s.end_time_unix_nano);
            let error = matches!(&s.status.code, Value::Number(n) if n.as_u64() == Some(2))
                || s.status.code.as_str() == Some("STATUS_CODE_ERROR");
            let events = s
                .events
                .into_iter()
                .map(|e| SpanEvent {
                    t_us: count_of(&e.time_unix_nano) / 1000,
                    name: e.name,
                    attributes: otlp_attributes(e.attributes),
                })
                .collect();
            let parent = Some(s.parent_span_id.trim()).filter(|p| !p.is_empty()).map(normalize_id);
            out.push(Span {
                id: normalize_id(&s.span_id),
                parent,
                service: service.clone(),
                name: s.name,
                kind: otlp_kind(&s.kind),
                start_us: start_ns / 1000,
                dur_us: (end_ns.saturating_sub(start_ns) / 1000).max(0),
                attributes: otlp_attributes(s.attributes),
                events,
                error,
                status_message: s.status.message,
                synthetic: false,
                skew_us: 0,
            });
        }
    }
    (trace_id, out, warnings)
}

// ---- Zipkin v2 ---------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ZipkinSpan {
    trace_id: String,
    id: String,
    parent_id: Option<String>,
    name: String,
    kind: String,
    timestamp: Value,
    duration: Value,
    local_endpoint: Option<ZipkinEndpoint>,
    tags: serde_json::Map<String, Value>,
    annotations: Vec<ZipkinAnnotation>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ZipkinEndpoint {
    service_name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ZipkinAnnotation {
    timestamp: Value,
    value: String,
}

fn zipkin(body: &str) -> Result<Parts, ParseError> {
    let spans: Vec<ZipkinSpan> = serde_json::from_str(body).map_err(|e| ParseError::json(&e))?;
    let mut warnings = Vec::new();
    let mut trace_id = String::new();
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        if s.id.trim().is_empty() {
            warnings.push(format!("a span without an id was skipped ({:?})", s.name));
            continue;
        }
        if trace_id.is_empty() {
            trace_id = normalize_id(&s.trace_id);
        }
        let error = s.tags.contains_key("error");
        let status_message = s.tags.get("error").map(text_of).filter(|m| !m.is_empty() && m != "true");
        out.push(Span {
            id: normalize_id(&s.id),
            parent: s.parent_id.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(normalize_id),
            service: s.local_endpoint.map(|e| e.service_name).unwrap_or_default(),
            name: s.name,
            kind: s.kind.to_ascii_lowercase(),
            start_us: count_of(&s.timestamp),
            dur_us: count_of(&s.duration).max(0),
            attributes: s.tags.iter().map(|(k, v)| (k.clone(), text_of(v))).collect(),
            events: s
                .annotations
                .into_iter()
                .map(|a| SpanEvent { t_us: count_of(&a.timestamp), name: a.value, attributes: Vec::new() })
                .collect(),
            error,
            status_message: status_message.unwrap_or_default(),
            synthetic: false,
            skew_us: 0,
        });
    }
    Ok((trace_id, out, warnings))
}
