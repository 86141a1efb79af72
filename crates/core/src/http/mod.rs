//! The one transport, as data: a request described ([`HttpRequest`]), how a
//! request that got no usable answer is diagnosed, and why
//! ([`TransportError`]). The shell's `web/http.rs` sends exactly the request
//! and reports what the browser said; the Prometheus client, the trace client
//! and the doctor share both, and add only what their answers mean.
//!
//! Rules:
//! - messages name the endpoint's URL, never the query string (it can be long,
//!   and it holds the query), and say what to do next in the words of the
//!   config that names the peer ([`Peer`]): `prometheus.url` and
//!   `prometheus.timeout`, or the datasource's `url`, `apiUrl` and `timeout`;
//! - a failed fetch is diagnosed from the page: an https page asking http is
//!   mixed content; a cross-origin URL is probed without CORS (something
//!   answered: CORS; nothing: unreachable); a same-origin URL cannot fail on
//!   CORS and is never probed;
//! - an abort is a timeout when the request's deadline fired; any other abort
//!   stays silent ([`TransportError::is_aborted`]);
//! - an answer over the peer's limit ([`Peer::limit_bytes`]) is refused, by
//!   its `Content-Length` before it is read and by its length once read;
//! - an answer that is not UTF-8 is read lossily (U+FFFD), never refused.

use crate::config::HttpMethod;
use crate::time::format_duration_ms;

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
    /// What went wrong: `probe_answered` says whether the `no-cors` probe got
    /// an answer (only [`Diagnosis::ProbeCors`] reads it).
    pub fn failure(self, page_origin: &str, probe_answered: bool) -> Failure {
        match self {
            Diagnosis::MixedContent => Failure::MixedContent,
            Diagnosis::ProbeCors if probe_answered => Failure::Cors { origin: page_origin.to_string() },
            Diagnosis::ProbeCors | Diagnosis::Unreachable => Failure::Unreachable,
        }
    }
}

/// Whom a request asks: the config that names it, and its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// The Prometheus backend (`prometheus.*`): the chart's queries and the doctor's.
    Prometheus,
    /// A trace backend (a datasource row): the trace view.
    Trace,
}

/// The largest Prometheus answer the panel reads: 256 MiB, about ten million
/// samples. Prometheus's own `--query.max-samples` (50 million by default)
/// allows answers of a GB and more, which could exhaust the wasm memory.
pub const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// The largest trace the view reads: 50 MiB (about a million spans).
pub const MAX_TRACE_BYTES: u64 = 50 * 1024 * 1024;

impl Peer {
    /// The largest answer read from this peer, bytes.
    pub fn limit_bytes(self) -> u64 {
        match self {
            Peer::Prometheus => MAX_ANSWER_BYTES,
            Peer::Trace => MAX_TRACE_BYTES,
        }
    }
}

/// Why a request got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nothing answered: connection refused, a host name that does not
    /// resolve, no route (a probe without CORS failed too).
    Unreachable,
    /// Something answered without CORS headers for this page (`origin`), so
    /// the browser withheld the answer: CORS, or an error page.
    Cors {
        /// This page's origin.
        origin: String,
    },
    /// An https page may not fetch an http URL.
    MixedContent,
    /// The browser refused to build the request (the URL or a header).
    Refused,
    /// The answer began, then the connection closed before its end.
    BodyCut {
        /// The status of the cut answer.
        status: u16,
    },
    /// No answer within the peer's timeout.
    TimedOut {
        /// The timeout, ms.
        after_ms: i64,
    },
    /// An answer over the peer's limit.
    TooLarge {
        /// The answer's size, announced or read.
        bytes: u64,
    },
    /// The request was aborted (replaced, closed, or the panel went away).
    Aborted,
}

/// Why a request to `url` of `peer` got no usable answer, in words that say
/// what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub struct TransportError {
    /// Whom it asked.
    pub peer: Peer,
    /// The endpoint's URL (no query string).
    pub url: String,
    /// What went wrong.
    pub failure: Failure,
}

impl TransportError {
    /// `failure` of a request to `url` of `peer`.
    pub fn new(peer: Peer, url: &str, failure: Failure) -> Self {
        Self { peer, url: url.to_string(), failure }
    }

    /// An abort that no one needs to hear of (not a timeout).
    pub fn aborted(peer: Peer) -> Self {
        Self { peer, url: String::new(), failure: Failure::Aborted }
    }

    /// Whether this is a silent abort.
    pub fn is_aborted(&self) -> bool {
        self.failure == Failure::Aborted
    }

    /// Whether the browser withheld an answer for CORS.
    pub fn is_cors(&self) -> bool {
        matches!(self.failure, Failure::Cors { .. })
    }

    /// This error, as the user should read it: an abort while the request's
    /// deadline fired (`timeout_ms`) is a timeout at `url`; anything else is kept.
    pub fn or_timed_out(self, deadline_fired: bool, url: &str, timeout_ms: i64) -> Self {
        if deadline_fired && self.is_aborted() {
            Self::new(self.peer, url, Failure::TimedOut { after_ms: timeout_ms })
        } else {
            self
        }
    }

    /// Refuses an answer from `url` announced or read over `peer`'s limit.
    pub fn check_size(peer: Peer, url: &str, bytes: Option<u64>) -> Result<(), Self> {
        match bytes {
            Some(bytes) if bytes > peer.limit_bytes() => Err(Self::new(peer, url, Failure::TooLarge { bytes })),
            _ => Ok(()),
        }
    }

    fn text(&self) -> String {
        let url = &self.url;
        match (self.peer, &self.failure) {
            (Peer::Prometheus, Failure::Unreachable) => format!(
                "the backend at {url} could not be reached: nothing answered (connection refused, a host name that \
                 does not resolve, no network, a TLS error, or this page's Content-Security-Policy `connect-src`). Is \
                 it running at this address? The next refresh tries again."
            ),
            (Peer::Trace, Failure::Unreachable) => format!(
                "the trace backend at {url} could not be reached: nothing answered (connection refused, a host name \
                 that does not resolve, no network, or this page's Content-Security-Policy `connect-src`). Is it \
                 running at this address? Check the datasource's `url` (or `apiUrl`)."
            ),
            (Peer::Prometheus, Failure::Cors { origin }) => format!(
                "the backend at {url} answered, but without CORS headers for this page ({origin}), so the browser \
                 kept the answer from the panel. Either CORS does not allow this origin: serve the panel through the \
                 Trunk proxy (a `[[proxy]]` in Trunk.toml, and an empty `prometheus.url`), or allow it where the \
                 answer comes from (Prometheus's --web.cors.origin, default '.*', or the proxy in front of it, which \
                 must also allow any `prometheus.headers`). Or what answered was an error page: Prometheus still \
                 starting up (it answers 503 without CORS headers until ready), or a proxy's 401 or 5xx page; the \
                 next refresh tries again."
            ),
            (Peer::Trace, Failure::Cors { origin }) => format!(
                "the trace backend at {url} answered without CORS headers for this page ({origin}), so the browser \
                 kept the trace from the panel. Jaeger and Tempo send none by default (Zipkin does): put a reverse \
                 proxy in front of the API that adds `Access-Control-Allow-Origin` (and allows the datasource's \
                 `headers`), and set the datasource's `apiUrl` to it; or serve the panel and the API from one origin."
            ),
            (Peer::Prometheus, Failure::MixedContent) => format!(
                "this page is served over https and the backend at {url} over http: the browser blocks such \
                 requests (mixed content). Use an https:// `prometheus.url`, or serve Prometheus through the page's \
                 own origin (a reverse proxy, and an empty `prometheus.url`)."
            ),
            (Peer::Trace, Failure::MixedContent) => format!(
                "this page is served over https and the trace backend at {url} over http: the browser blocks such \
                 requests (mixed content). Use an https:// `apiUrl` for the datasource."
            ),
            (Peer::Prometheus, Failure::Refused) => format!(
                "the browser refused to send a request to {url}: check `prometheus.url` and the names of \
                 `prometheus.headers`"
            ),
            (Peer::Trace, Failure::Refused) => {
                format!("the browser refused to send a request to {url}: check the datasource's `url` and `headers`")
            }
            (Peer::Prometheus, Failure::BodyCut { status }) => format!(
                "the backend at {url} closed the connection while sending its answer (HTTP {status}), so the data \
                 is incomplete. It may have restarted, or a proxy cut the answer; the next refresh tries again."
            ),
            (Peer::Trace, Failure::BodyCut { status }) => format!(
                "the trace backend at {url} closed the connection while sending the trace (HTTP {status}): it is \
                 incomplete; retry"
            ),
            (Peer::Prometheus, Failure::TimedOut { after_ms }) => format!(
                "the backend at {url} did not answer within {} (`prometheus.timeout`). It may be overloaded, or the \
                 query too heavy: shorten the range, or raise `prometheus.timeout`. The next refresh tries again.",
                format_duration_ms(*after_ms)
            ),
            (Peer::Trace, Failure::TimedOut { after_ms }) => format!(
                "the trace backend at {url} did not answer within {} (the datasource's `timeout`): it may be \
                 overloaded, or the trace very large; retry, or raise `timeout`",
                format_duration_ms(*after_ms)
            ),
            (Peer::Prometheus, Failure::TooLarge { bytes }) => format!(
                "the backend at {url} sent an answer of {} MB, over the panel's limit of 256 MB: ask for less \
                 (fewer series, e.g. aggregated with `sum by (le)`, or a shorter range)",
                bytes.div_ceil(1024 * 1024)
            ),
            (Peer::Trace, Failure::TooLarge { bytes }) => format!(
                "the trace is too large to show here: {} MB, over the panel's limit of 50 MB; open it in the \
                 backend's own UI",
                bytes / 1_000_000
            ),
            (Peer::Prometheus, Failure::Aborted) => "the request was cancelled".to_string(),
            (Peer::Trace, Failure::Aborted) => "the trace request was cancelled".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_over_the_limit_is_refused_and_says_how_big_it_was() {
        let url = "http://prom:9090/api/v1/query_range";
        let check = |peer, bytes| TransportError::check_size(peer, url, bytes);
        assert_eq!(check(Peer::Prometheus, None), Ok(()));
        assert_eq!(check(Peer::Prometheus, Some(MAX_ANSWER_BYTES)), Ok(()));
        let e = check(Peer::Prometheus, Some(MAX_ANSWER_BYTES + 1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the backend at http://prom:9090/api/v1/query_range sent an answer of 257 MB, over the panel's limit of \
             256 MB: ask for less (fewer series, e.g. aggregated with `sum by (le)`, or a shorter range)"
        );
        let huge = check(Peer::Prometheus, Some(u64::MAX)).unwrap_err().to_string();
        assert!(huge.contains("17592186044416 MB"), "{huge}");
        assert_eq!(
            check(Peer::Trace, Some(MAX_ANSWER_BYTES)).map_err(|e| e.failure),
            Err(Failure::TooLarge { bytes: MAX_ANSWER_BYTES })
        );
        assert_eq!(check(Peer::Trace, Some(MAX_TRACE_BYTES)), Ok(()));
    }

    #[test]
    fn an_abort_is_a_timeout_only_when_the_deadline_fired() {
        let aborted = TransportError::aborted(Peer::Prometheus);
        assert!(aborted.is_aborted() && !aborted.is_cors());
        let kept = aborted.clone().or_timed_out(false, "http://p/api/v1/query_range", 30_000);
        assert!(kept.is_aborted(), "a newer refresh replaced it: silent");
        let timed = aborted.or_timed_out(true, "http://p/api/v1/query_range", 30_000);
        assert_eq!(timed.failure, Failure::TimedOut { after_ms: 30_000 });
        assert!(timed.to_string().starts_with("the backend at http://p/api/v1/query_range did not answer within 30s"));
        let other = TransportError::new(Peer::Trace, "http://j", Failure::Refused).or_timed_out(true, "x", 1);
        assert_eq!(other.failure, Failure::Refused, "only an abort becomes a timeout");
    }

    #[test]
    fn the_messages_name_the_config_of_their_peer() {
        let cors = |peer| TransportError::new(peer, "http://x/api", Failure::Cors { origin: "http://page".into() });
        assert!(cors(Peer::Prometheus).to_string().contains("--web.cors.origin"));
        assert!(cors(Peer::Trace).to_string().contains("the datasource's `apiUrl`"));
        assert!(cors(Peer::Trace).is_cors());
        let gone = Diagnosis::ProbeCors.failure("http://page", false);
        assert_eq!(gone, Failure::Unreachable, "the probe got nothing either");
        assert_eq!(Diagnosis::MixedContent.failure("", true), Failure::MixedContent);
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
        assert_eq!(d.failure("https://grafana.example", true), Failure::MixedContent);
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
        assert_eq!(d.failure("http://localhost:8080", true), Failure::Cors { origin: "http://localhost:8080".into() });
        assert_eq!(d.failure("http://localhost:8080", false), Failure::Unreachable);
    }

    #[test]
    fn same_origin_relative_or_unknown_origins_are_not_probed() {
        let same = "http://localhost:8080/api/v1/query_range";
        assert_eq!(diagnose(same, "http://localhost:8080", false), Diagnosis::Unreachable);
        assert_eq!(diagnose("/api/v1/query_range", "https://g.example", true), Diagnosis::Unreachable);
        assert_eq!(diagnose("http://p/api/v1/query_range", "", false), Diagnosis::Unreachable, "no origin known");
        assert_eq!(
            Diagnosis::Unreachable.failure("http://localhost:8080", true),
            Failure::Unreachable,
            "an answered probe cannot make a same-origin failure CORS"
        );
    }
}
