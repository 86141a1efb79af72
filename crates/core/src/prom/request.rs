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
//! - messages and the no-cors probe name the endpoint's URL, never the query
//!   string (it can be long, and it holds the query);
//! - a failed fetch is diagnosed from the page: an https page asking http is
//!   mixed content; a cross-origin URL is probed without CORS (something
//!   answered: CORS; nothing: unreachable); a same-origin URL cannot fail on
//!   CORS and is never probed;
//! - an answer that is not UTF-8 is read lossily (U+FFFD), never refused: the
//!   parsers then say what is wrong with it;
//! - an abort is a timeout when the fetch's deadline fired, and then names the
//!   endpoint and `prometheus.timeout`; any other abort stays silent;
//! - an answer over [`MAX_ANSWER_BYTES`] is refused, by its `Content-Length`
//!   before it is read and by its length once read (a compressed answer's
//!   `Content-Length` is its compressed size): copied into wasm and parsed, a
//!   few hundred MB more could exhaust the wasm memory, which aborts the page.

use crate::config::{Backend, HttpMethod};
use crate::query::PlannedQuery;
use crate::time::format_duration_ms;

use super::ApiError;

/// The largest answer the panel reads: 256 MiB, about ten million samples.
/// Prometheus's own `--query.max-samples` (50 million by default) allows
/// answers of a GB and more.
pub const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// Refuses an answer from `url` announced or read over [`MAX_ANSWER_BYTES`].
pub fn check_answer_size(url: &str, bytes: Option<u64>) -> Result<(), ClientError> {
    match bytes {
        Some(bytes) if bytes > MAX_ANSWER_BYTES => Err(ClientError::TooLarge { url: url.to_string(), bytes }),
        _ => Ok(()),
    }
}

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

/// One HTTP request, described: the shell sends exactly this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// POST or GET.
    pub method: HttpMethod,
    /// The URL to fetch (with the query string for a GET).
    pub url: String,
    /// Headers in the order they are set.
    pub headers: Vec<(String, String)>,
    /// The form body of a POST; `None` for a GET.
    pub body: Option<String>,
    /// The endpoint's URL without a query string: named in messages and probed.
    pub endpoint_url: String,
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

/// An answer's bytes as text: UTF-8, with U+FFFD for what is not.
pub fn body_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether a fetch error's text is the browser's abort (`AbortError`).
pub fn is_abort_message(text: &str) -> bool {
    text.contains("AbortError")
}

/// What a fetch that got no answer at all means, before any probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diagnosis {
    /// An https page asked an http URL: the browser blocked it.
    MixedContent,
    /// A cross-origin URL: a `no-cors` probe tells CORS from nothing answering.
    ProbeCors,
    /// Nothing answered (a same-origin or relative URL cannot fail on CORS).
    Unreachable,
}

/// Diagnoses a failed fetch of `url` (an endpoint URL, absolute or relative)
/// from a page at `page_origin` (`https://host:port`; empty when unknown).
pub fn diagnose(url: &str, page_origin: &str, page_is_https: bool) -> Diagnosis {
    let lower = url.to_ascii_lowercase();
    if page_is_https && lower.starts_with("http://") {
        return Diagnosis::MixedContent;
    }
    let absolute = lower.starts_with("http://") || lower.starts_with("https://");
    let same_origin = url.starts_with(&format!("{page_origin}/"));
    if absolute && !page_origin.is_empty() && !same_origin {
        Diagnosis::ProbeCors
    } else {
        Diagnosis::Unreachable
    }
}

impl Diagnosis {
    /// The error for `url`: `probe_answered` says whether the `no-cors` probe
    /// got an answer (only [`Diagnosis::ProbeCors`] reads it).
    pub fn error(self, url: &str, page_origin: &str, probe_answered: bool) -> ClientError {
        let url = url.to_string();
        match self {
            Diagnosis::MixedContent => ClientError::MixedContent { url },
            Diagnosis::ProbeCors if probe_answered => ClientError::Cors { url, origin: page_origin.to_string() },
            Diagnosis::ProbeCors | Diagnosis::Unreachable => ClientError::Unreachable { url },
        }
    }
}

/// Why a request gave no data. Each message says what to do next.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// Nothing answered: connection refused, a host name that does not
    /// resolve, no route (a probe without CORS failed too).
    #[error(
        "the backend at {url} could not be reached: nothing answered (connection refused, a host name that does not \
         resolve, no network, a TLS error, or this page's Content-Security-Policy `connect-src`). Is it running at \
         this address? The next refresh tries again."
    )]
    Unreachable {
        /// The URL asked.
        url: String,
    },
    /// Something answered without CORS headers for this page, so the browser
    /// withheld the answer: CORS, or an error page (which rarely has them).
    #[error(
        "the backend at {url} answered, but without CORS headers for this page ({origin}), so the browser kept \
         the answer from the panel. Either CORS does not allow this origin: serve the panel through the Trunk \
         proxy (a `[[proxy]]` in Trunk.toml, and an empty `prometheus.url`), or allow it where the answer comes \
         from (Prometheus's --web.cors.origin, default '.*', or the proxy in front of it, which must also allow \
         any `prometheus.headers`). Or what answered was an error page: Prometheus still starting up (it answers \
         503 without CORS headers until ready), or a proxy's 401 or 5xx page; the next refresh tries again."
    )]
    Cors {
        /// The URL asked.
        url: String,
        /// This page's origin.
        origin: String,
    },
    /// An https page may not fetch an http URL.
    #[error(
        "this page is served over https and the backend at {url} over http: the browser blocks such requests \
         (mixed content). Use an https:// `prometheus.url`, or serve Prometheus through the page's own origin \
         (a reverse proxy, and an empty `prometheus.url`)."
    )]
    MixedContent {
        /// The URL asked.
        url: String,
    },
    /// The browser refused to build the request (the URL or a header).
    #[error(
        "the browser refused to send a request to {url}: check `prometheus.url` and the names of `prometheus.headers`"
    )]
    Refused {
        /// The URL asked.
        url: String,
    },
    /// The answer began, then the connection closed before its end.
    #[error(
        "the backend at {url} closed the connection while sending its answer (HTTP {status}), so the data is \
         incomplete. It may have restarted, or a proxy cut the answer; the next refresh tries again."
    )]
    BodyCut {
        /// The URL asked.
        url: String,
        /// The status of the cut answer.
        status: u16,
    },
    /// No answer within `prometheus.timeout`.
    #[error(
        "the backend at {url} did not answer within {after} (`prometheus.timeout`). It may be overloaded, or the \
         query too heavy: shorten the range, or raise `prometheus.timeout`. The next refresh tries again."
    )]
    TimedOut {
        /// The Prometheus base URL.
        url: String,
        /// The timeout, as a duration (`30s`).
        after: String,
    },
    /// An answer over [`MAX_ANSWER_BYTES`].
    #[error(
        "the backend at {url} sent an answer of {} MB, over the panel's limit of 256 MB: ask for less (fewer \
         series, e.g. aggregated with `sum by (le)`, or a shorter range)",
        bytes.div_ceil(1024 * 1024)
    )]
    TooLarge {
        /// The URL asked.
        url: String,
        /// The answer's size, announced or read.
        bytes: u64,
    },
    /// The request was aborted (a newer refresh replaced it, or the panel went away).
    #[error("the request was cancelled")]
    Aborted,
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

impl HttpRequest {
    /// The request's identity for sharing: method, URL, body and headers.
    pub fn share_key(&self) -> String {
        let mut key = format!("{}\n{}\n{}", self.method.as_str(), self.url, self.body.as_deref().unwrap_or(""));
        for (name, value) in &self.headers {
            key.push('\n');
            key.push_str(name);
            key.push(':');
            key.push_str(value);
        }
        key
    }
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

    /// This error, as the user should read it when the fetch's deadline
    /// fired or not: an abort by the deadline is [`ClientError::TimedOut`]
    /// at `endpoint` of `backend`; anything else is kept.
    pub fn or_timed_out(self, deadline_fired: bool, backend: &Backend, endpoint: Endpoint) -> Self {
        match self {
            ClientError::Aborted if deadline_fired => ClientError::TimedOut {
                url: backend.endpoint_url(endpoint.name()),
                after: format_duration_ms(backend.timeout_ms),
            },
            e => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_over_256_mb_is_refused_and_says_how_big_it_was() {
        let url = "http://prom:9090/api/v1/query_range";
        assert_eq!(check_answer_size(url, None), Ok(()));
        assert_eq!(check_answer_size(url, Some(MAX_ANSWER_BYTES)), Ok(()));
        let e = check_answer_size(url, Some(MAX_ANSWER_BYTES + 1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the backend at http://prom:9090/api/v1/query_range sent an answer of 257 MB, over the panel's limit of \
             256 MB: ask for less (fewer series, e.g. aggregated with `sum by (le)`, or a shorter range)"
        );
        let huge = check_answer_size(url, Some(u64::MAX)).unwrap_err().to_string();
        assert!(huge.contains("17592186044416 MB"), "{huge}");
    }

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
    fn bodies_that_are_not_utf8_are_read_lossily() {
        assert_eq!(body_text(b"{\"status\":\"success\"}".to_vec()), "{\"status\":\"success\"}");
        assert_eq!(body_text("µs".as_bytes().to_vec()), "µs");
        assert_eq!(body_text(vec![b'a', 0xFF, b'b']), "a\u{FFFD}b");
        assert_eq!(body_text(Vec::new()), "");
    }

    #[test]
    fn aborts_are_told_by_their_name() {
        assert!(is_abort_message("JsError: AbortError: The user aborted a request."));
        assert!(!is_abort_message("TypeError: Failed to fetch"));
    }

    #[test]
    fn an_https_page_asking_http_is_mixed_content() {
        let d = diagnose("http://p:9090/api/v1/query_range", "https://grafana.example", true);
        assert_eq!(d, Diagnosis::MixedContent);
        assert_eq!(diagnose("HTTP://P:9090/api/v1/query_range", "https://g.example", true), Diagnosis::MixedContent);
        assert_eq!(
            d.error("http://p:9090/api/v1/query_range", "https://grafana.example", true),
            ClientError::MixedContent { url: "http://p:9090/api/v1/query_range".into() }
        );
        assert_ne!(diagnose("https://p/api/v1/query_range", "https://g.example", true), Diagnosis::MixedContent);
        assert_ne!(diagnose("http://p/api/v1/query_range", "http://g.example", false), Diagnosis::MixedContent);
    }

    #[test]
    fn cross_origin_urls_are_probed() {
        let url = "http://p:9090/api/v1/query_range";
        assert_eq!(diagnose(url, "http://localhost:8080", false), Diagnosis::ProbeCors);
        assert_eq!(diagnose("https://p:9090/api/v1/query_range", "https://p:9091", true), Diagnosis::ProbeCors);
        assert_eq!(
            diagnose("http://localhost:8080.evil.example/api/v1/query_range", "http://localhost:8080", false),
            Diagnosis::ProbeCors,
            "a prefix of the host is not the same origin"
        );
        let d = Diagnosis::ProbeCors;
        assert_eq!(
            d.error(url, "http://localhost:8080", true),
            ClientError::Cors { url: url.into(), origin: "http://localhost:8080".into() }
        );
        assert_eq!(d.error(url, "http://localhost:8080", false), ClientError::Unreachable { url: url.into() });
    }

    #[test]
    fn same_origin_relative_or_unknown_origins_are_not_probed() {
        let same = "http://localhost:8080/api/v1/query_range";
        assert_eq!(diagnose(same, "http://localhost:8080", false), Diagnosis::Unreachable);
        assert_eq!(diagnose("/api/v1/query_range", "https://g.example", true), Diagnosis::Unreachable);
        assert_eq!(diagnose("http://p/api/v1/query_range", "", false), Diagnosis::Unreachable, "no origin known");
        assert_eq!(
            Diagnosis::Unreachable.error(same, "http://localhost:8080", true),
            ClientError::Unreachable { url: same.into() },
            "an answered probe cannot make a same-origin failure CORS"
        );
    }

    #[test]
    fn messages_name_the_url_and_what_to_do() {
        let e = ClientError::Cors { url: "http://p/api/v1/query_range".into(), origin: "http://g".into() };
        let text = e.to_string();
        assert!(text.starts_with("the backend at http://p/api/v1/query_range answered, but without CORS headers"));
        assert!(text.contains("this page (http://g)"), "{text}");
        let api = ClientError::from(ApiError::Empty { status: 502 });
        assert_eq!(api.to_string(), ApiError::Empty { status: 502 }.to_string(), "API errors pass through as they are");
    }

    #[test]
    fn an_abort_by_the_deadline_is_a_timeout_at_the_endpoint() {
        let b = Backend { timeout_ms: 90_000, ..backend("http://p:9090", HttpMethod::Get, &[]) };
        let timed_out = ClientError::Aborted.or_timed_out(true, &b, Endpoint::QueryExemplars);
        assert_eq!(
            timed_out,
            ClientError::TimedOut { url: "http://p:9090/api/v1/query_exemplars".into(), after: "1m30s".into() }
        );
        assert!(timed_out.to_string().contains("did not answer within 1m30s (`prometheus.timeout`)"), "{timed_out}");
        assert_eq!(ClientError::Aborted.or_timed_out(false, &b, Endpoint::QueryRange), ClientError::Aborted);
        let refused = ClientError::Refused { url: "x".into() };
        assert_eq!(refused.clone().or_timed_out(true, &b, Endpoint::QueryRange), refused, "only aborts");
    }
}
