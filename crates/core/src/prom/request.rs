//! The Prometheus requests as data: bytes in, bytes out.
//!
//! The browser shell (`web/client.rs`) only carries out an [`HttpRequest`]
//! (gloo-net, the abort signal) and hands the answer's bytes back; what is
//! asked, how an answer is read and what a failure means are decided here.
//!
//! Rules:
//! - `query_range` asks `query`, `start`, `end`, `step`; `query_exemplars`
//!   asks `query`, `start`, `end` (Prometheus's seconds form, see
//!   [`PlannedQuery`]);
//! - POST sends them as an `application/x-www-form-urlencoded` body (no URL
//!   length limit), GET as the query string; both encode the same way
//!   (`application/x-www-form-urlencoded`: a space is `+`, `+ & = %` and
//!   non-ASCII are percent-encoded as UTF-8);
//! - the backend's headers go first, in config order; a POST's
//!   `Content-Type` is always the form type (a configured one is dropped, as
//!   the browser's `Headers.set` would replace it);
//! - what the transport says (unreachable, CORS, timeouts, the 256 MB limit)
//!   is [`crate::http`]'s; here only what Prometheus's answers mean: its
//!   error envelope, and 429/503 as throttling.

use crate::config::{Backend, HttpMethod};
use crate::http::{HttpRequest, TransportError};
use crate::query::PlannedQuery;

use super::ApiError;

/// The form type of a POST body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A Prometheus API endpoint the panel asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `/api/v1/query_range`.
    QueryRange,
    /// `/api/v1/query_exemplars`.
    QueryExemplars,
}

impl Endpoint {
    /// The last path segment: `query_range` or `query_exemplars`.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::QueryRange => "query_range",
            Endpoint::QueryExemplars => "query_exemplars",
        }
    }
}

/// The `query_range` request of `q`.
pub fn range_request(backend: &Backend, q: &PlannedQuery) -> HttpRequest {
    let params =
        [("query", q.expr.as_str()), ("start", &q.start_param()), ("end", &q.end_param()), ("step", &q.step_param())];
    request(backend, Endpoint::QueryRange, &params)
}

/// The `query_exemplars` request of `q`, over the same range.
pub fn exemplars_request(backend: &Backend, q: &PlannedQuery) -> HttpRequest {
    let params = [("query", q.expr.as_str()), ("start", &q.start_param()), ("end", &q.end_param())];
    request(backend, Endpoint::QueryExemplars, &params)
}

/// `params` to `endpoint` of `backend`, as its method sends them.
fn request(backend: &Backend, endpoint: Endpoint, params: &[(&str, &str)]) -> HttpRequest {
    api_request(backend, endpoint.name(), params)
}

/// `params` to `/api/v1/<path>` of `backend` (e.g. `status/buildinfo`), as its method sends them.
pub fn api_request(backend: &Backend, path: &str, params: &[(&str, &str)]) -> HttpRequest {
    let endpoint_url = backend.endpoint_url(path);
    let form = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    let mut headers = backend.headers.clone();
    match backend.method {
        HttpMethod::Post => {
            headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
            headers.push(("Content-Type".into(), FORM_CONTENT_TYPE.into()));
            HttpRequest { method: HttpMethod::Post, url: endpoint_url.clone(), headers, body: Some(form), endpoint_url }
        }
        HttpMethod::Get => HttpRequest {
            method: HttpMethod::Get,
            url: if form.is_empty() { endpoint_url.clone() } else { format!("{endpoint_url}?{form}") },
            headers,
            body: None,
            endpoint_url,
        },
    }
}

/// Why a Prometheus request gave no data. Each message says what to do next.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// No usable answer: unreachable, CORS, a timeout, too large, aborted…
    #[error("{0}")]
    Transport(#[from] TransportError),
    /// Prometheus (or something in front of it) answered with an error.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// The backend asked the panel to slow down: HTTP 429 or 503. Shown as
    /// the answer says; every refresh then waits (see `panel`'s schedule).
    #[error("{source}")]
    Throttled {
        /// The answer.
        source: ApiError,
        /// Its `Retry-After` header (seconds or an HTTP date), when sent and readable
        /// (a cross-origin answer must list it in `Access-Control-Expose-Headers`).
        retry_after: Option<String>,
    },
}

impl ClientError {
    /// An answer's parse error, as the panel should act on it: 429 and 503
    /// are [`ClientError::Throttled`], with their `Retry-After`.
    pub fn from_answer(status: u16, retry_after: Option<String>, source: ApiError) -> Self {
        match status {
            429 | 503 => ClientError::Throttled { source, retry_after },
            _ => ClientError::Api(source),
        }
    }

    /// Whether the request was aborted without a word to show (a newer
    /// refresh replaced it, or the panel went away).
    pub fn is_aborted(&self) -> bool {
        matches!(self, ClientError::Transport(t) if t.is_aborted())
    }

    /// This error, as the user should read it when the fetch's deadline
    /// fired or not: an abort by the deadline is a timeout at `endpoint` of
    /// `backend`; anything else is kept.
    pub fn or_timed_out(self, deadline_fired: bool, backend: &Backend, endpoint: Endpoint) -> Self {
        match self {
            ClientError::Transport(t) => ClientError::Transport(t.or_timed_out(
                deadline_fired,
                &backend.endpoint_url(endpoint.name()),
                backend.timeout_ms,
            )),
            e => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{Failure, Peer};

    #[test]
    fn too_many_requests_and_unavailable_are_throttling_with_their_retry_after() {
        let api = || ApiError::Empty { status: 429 };
        let e = ClientError::from_answer(429, Some("10".into()), api());
        assert!(matches!(&e, ClientError::Throttled { retry_after: Some(r), .. } if r == "10"));
        assert_eq!(e.to_string(), api().to_string(), "shown as the answer says");
        assert!(matches!(ClientError::from_answer(503, None, api()), ClientError::Throttled { retry_after: None, .. }));
        assert!(matches!(ClientError::from_answer(500, Some("10".into()), api()), ClientError::Api(_)));
    }

    #[test]
    fn identical_requests_share_a_key_and_any_difference_splits_it() {
        let b = backend("http://p:9090", HttpMethod::Post, &[("X-Scope-OrgID", "a")]);
        let q = crate::query::PlannedQuery {
            ref_id: "A".into(),
            expr: "up".into(),
            legend_format: String::new(),
            fetch_exemplars: true,
            start_ms: 0,
            end_ms: 60_000,
            step_ms: 15_000,
        };
        assert_eq!(range_request(&b, &q).share_key(), range_request(&b, &q.clone()).share_key());
        assert_ne!(range_request(&b, &q).share_key(), exemplars_request(&b, &q).share_key());
        let other_tenant = backend("http://p:9090", HttpMethod::Post, &[("X-Scope-OrgID", "b")]);
        assert_ne!(range_request(&b, &q).share_key(), range_request(&other_tenant, &q).share_key());
        let later = crate::query::PlannedQuery { end_ms: 75_000, ..q.clone() };
        assert_ne!(range_request(&b, &q).share_key(), range_request(&b, &later).share_key());
    }

    fn backend(base_url: &str, method: HttpMethod, headers: &[(&str, &str)]) -> Backend {
        Backend {
            base_url: base_url.into(),
            method,
            headers: headers.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect(),
            timeout_ms: 30_000,
        }
    }

    fn query(expr: &str) -> PlannedQuery {
        PlannedQuery {
            ref_id: "A".into(),
            expr: expr.into(),
            legend_format: String::new(),
            fetch_exemplars: true,
            start_ms: 1_706_140_800_500,
            end_ms: 1_706_144_400_000,
            step_ms: 200,
        }
    }

    #[test]
    fn a_post_sends_a_form_body_with_the_form_type_after_the_backend_headers() {
        let b = backend("http://p:9090", HttpMethod::Post, &[("X-Scope-OrgID", "t1")]);
        let r = range_request(&b, &query("up"));
        assert_eq!(r.method, HttpMethod::Post);
        assert_eq!(r.url, "http://p:9090/api/v1/query_range");
        assert_eq!(r.endpoint_url, r.url);
        assert_eq!(
            r.headers,
            [
                ("X-Scope-OrgID".to_string(), "t1".to_string()),
                ("Content-Type".to_string(), FORM_CONTENT_TYPE.to_string())
            ]
        );
        assert_eq!(r.body.as_deref(), Some("query=up&start=1706140800.5&end=1706144400&step=0.2"));
    }

    #[test]
    fn a_post_replaces_a_configured_content_type() {
        let b = backend("", HttpMethod::Post, &[("content-type", "text/plain"), ("X-A", "1")]);
        let r = exemplars_request(&b, &query("up"));
        assert_eq!(
            r.headers,
            [("X-A".to_string(), "1".to_string()), ("Content-Type".to_string(), FORM_CONTENT_TYPE.to_string())]
        );
    }

    #[test]
    fn a_get_sends_the_same_form_as_its_query_string_and_no_body() {
        let b = backend("https://prom.example/prefix", HttpMethod::Get, &[("Authorization", "Bearer x")]);
        let r = range_request(&b, &query("up"));
        assert_eq!(r.method, HttpMethod::Get);
        assert_eq!(
            r.url,
            "https://prom.example/prefix/api/v1/query_range?query=up&start=1706140800.5&end=1706144400&step=0.2"
        );
        assert_eq!(r.endpoint_url, "https://prom.example/prefix/api/v1/query_range");
        assert_eq!(r.headers, [("Authorization".to_string(), "Bearer x".to_string())]);
        assert_eq!(r.body, None);
    }

    #[test]
    fn exemplars_ask_no_step() {
        let post = exemplars_request(&backend("", HttpMethod::Post, &[]), &query("up"));
        assert_eq!(post.url, "/api/v1/query_exemplars", "an empty base is the page's origin");
        assert_eq!(post.body.as_deref(), Some("query=up&start=1706140800.5&end=1706144400"));
        let get = exemplars_request(&backend("", HttpMethod::Get, &[]), &query("up"));
        assert_eq!(get.url, "/api/v1/query_exemplars?query=up&start=1706140800.5&end=1706144400");
    }

    #[test]
    fn the_query_is_form_encoded() {
        let expr = "histogram_quantile(0.99, rate(x{route=\"/a&b=c\",q=~\"1+1%\"}[5m])) > 0.25 # é→µs";
        let r = range_request(&backend("", HttpMethod::Post, &[]), &query(expr));
        let body = r.body.unwrap_or_default();
        let encoded = body.split('&').next().unwrap_or_default();
        assert_eq!(
            encoded,
            "query=histogram_quantile%280.99%2C+rate%28x%7Broute%3D%22%2Fa%26b%3Dc%22%2Cq%3D%7E%221%2B1%25%22%7D\
             %5B5m%5D%29%29+%3E+0.25+%23+%C3%A9%E2%86%92%C2%B5s"
        );
        let decoded: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        assert_eq!(decoded.first().map(|(k, v)| (k.as_str(), v.as_str())), Some(("query", expr)), "round trip");
        let get = range_request(&backend("", HttpMethod::Get, &[]), &query(expr));
        assert_eq!(get.url, format!("/api/v1/query_range?{body}"), "GET and POST encode alike");
    }

    #[test]
    fn the_checked_base_has_no_trailing_slash_so_the_path_has_one_slash() {
        // `Spec::parse` trims the base's trailing `/`; the request joins with exactly one.
        let config: crate::config::PanelConfig = serde_json::from_str(
            r#"{"prometheus":{"url":"http://p:9090/prom/","method":"GET"},"targets":[{"expr":"up"}]}"#,
        )
        .unwrap_or_default();
        let spec = crate::config::Spec::parse(&config).map(|s| s.query.backend);
        let r = spec.map(|b| range_request(&b, &query("up")).endpoint_url);
        assert_eq!(r.as_deref(), Ok("http://p:9090/prom/api/v1/query_range"));
    }

    #[test]
    fn messages_name_the_url_and_what_to_do() {
        let cors = Failure::Cors { origin: "http://g".into() };
        let e = ClientError::from(TransportError::new(Peer::Prometheus, "http://p/api/v1/query_range", cors));
        let text = e.to_string();
        assert!(text.starts_with("the backend at http://p/api/v1/query_range answered, but without CORS headers"));
        assert!(text.contains("this page (http://g)"), "{text}");
        let api = ClientError::from(ApiError::Empty { status: 502 });
        assert_eq!(api.to_string(), ApiError::Empty { status: 502 }.to_string(), "API errors pass through as they are");
    }

    #[test]
    fn an_abort_by_the_deadline_is_a_timeout_at_the_endpoint() {
        let b = Backend { timeout_ms: 90_000, ..backend("http://p:9090", HttpMethod::Get, &[]) };
        let aborted = || ClientError::from(TransportError::aborted(Peer::Prometheus));
        let timed_out = aborted().or_timed_out(true, &b, Endpoint::QueryExemplars);
        let want = Failure::TimedOut { after_ms: 90_000 };
        assert_eq!(
            timed_out,
            ClientError::from(TransportError::new(Peer::Prometheus, "http://p:9090/api/v1/query_exemplars", want))
        );
        assert!(timed_out.to_string().contains("did not answer within 1m30s (`prometheus.timeout`)"), "{timed_out}");
        assert_eq!(aborted().or_timed_out(false, &b, Endpoint::QueryRange), aborted());
        assert!(aborted().is_aborted() && !timed_out.is_aborted());
        let refused = ClientError::from(TransportError::new(Peer::Prometheus, "x", Failure::Refused));
        assert_eq!(refused.clone().or_timed_out(true, &b, Endpoint::QueryRange), refused, "only aborts");
    }
}
