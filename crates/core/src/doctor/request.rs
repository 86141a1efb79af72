//! The doctor's requests as data: what is asked of the backend, one
//! [`Probe`] each (the shell only carries them out, see `web/doctor.rs`).
//!
//! Rules:
//! - the status endpoints (`status/buildinfo`, `status/flags`,
//!   `status/config`, `status/tsdb`, `targets`) are always GET, with the
//!   backend's headers (a POST to them is refused by Prometheus);
//! - the panel's exemplar-enabled queries are asked as the panel asks them:
//!   `query_exemplars` over the panel's range, and an instant `query` at its
//!   end (does the metric have series at all?), in the backend's method;
//! - the exemplar storage gauges are one instant query ([`STORAGE_QUERY`]):
//!   they exist only when the backend scrapes its own `/metrics`.

use crate::config::{Backend, HttpMethod};
use crate::http::HttpRequest;
use crate::prom::request::{api_request, exemplars_request};
use crate::query::{seconds_param, PlannedQuery};

/// The exemplar storage gauges, and the out-of-order counter's increase
/// over 10 minutes marked `doctor="out_of_order_increase"` (one instant
/// query: `or` matches label sets without the name, so the mark keeps the
/// increase apart from the gauges of the same instance).
pub const STORAGE_QUERY: &str = "{__name__=~\"prometheus_tsdb_exemplar_(exemplars_in_storage|max_exemplars)\"} or \
     label_replace(increase(prometheus_tsdb_exemplar_out_of_order_exemplars_total[10m]), \"doctor\", \
     \"out_of_order_increase\", \"\", \"\")";

/// One thing the doctor asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Probe {
    /// `/api/v1/status/buildinfo`: who answers, and its version.
    BuildInfo,
    /// `/api/v1/status/flags`: `enable-feature`.
    Flags,
    /// `/api/v1/status/config`: `storage.exemplars.max_exemplars`.
    Config,
    /// `/api/v1/status/tsdb`: its shape tells VictoriaMetrics from Prometheus.
    Tsdb,
    /// `/api/v1/targets?state=active`: the scrape targets' health.
    Targets,
    /// The exemplar storage gauges ([`STORAGE_QUERY`]).
    Storage,
    /// `query_exemplars` of the n-th exemplar-enabled query.
    Exemplars(usize),
    /// An instant `query` of the n-th exemplar-enabled query.
    Series(usize),
}

impl Probe {
    /// The endpoint, as messages name it (`query_exemplars`, `status/flags`).
    pub fn endpoint(self) -> &'static str {
        match self {
            Probe::BuildInfo => "status/buildinfo",
            Probe::Flags => "status/flags",
            Probe::Config => "status/config",
            Probe::Tsdb => "status/tsdb",
            Probe::Targets => "targets",
            Probe::Storage | Probe::Series(_) => "query",
            Probe::Exemplars(_) => "query_exemplars",
        }
    }
}

/// Every request of a diagnosis of `queries` (the panel's planned queries;
/// only the exemplar-enabled ones are asked about) against `backend`.
pub fn doctor_requests(backend: &Backend, queries: &[PlannedQuery]) -> Vec<(Probe, HttpRequest)> {
    let get = Backend { method: HttpMethod::Get, ..backend.clone() };
    let mut out = vec![
        (Probe::BuildInfo, api_request(&get, Probe::BuildInfo.endpoint(), &[])),
        (Probe::Flags, api_request(&get, Probe::Flags.endpoint(), &[])),
        (Probe::Config, api_request(&get, Probe::Config.endpoint(), &[])),
        (Probe::Tsdb, api_request(&get, Probe::Tsdb.endpoint(), &[])),
        (Probe::Targets, api_request(&get, Probe::Targets.endpoint(), &[("state", "active")])),
        (Probe::Storage, api_request(backend, "query", &[("query", STORAGE_QUERY)])),
    ];
    for (i, q) in exemplar_queries(queries).enumerate() {
        out.push((Probe::Exemplars(i), exemplars_request(backend, q)));
        let params = [("query", q.expr.as_str()), ("time", &seconds_param(q.end_ms))];
        out.push((Probe::Series(i), api_request(backend, "query", &params)));
    }
    out
}

/// The queries the doctor asks about: those that fetch exemplars, in order.
pub fn exemplar_queries(queries: &[PlannedQuery]) -> impl Iterator<Item = &PlannedQuery> {
    queries.iter().filter(|q| q.fetch_exemplars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(ref_id: &str, exemplars: bool) -> PlannedQuery {
        PlannedQuery {
            ref_id: ref_id.into(),
            expr: "histogram_quantile(0.99, rate(x_bucket[1m]))".into(),
            legend_format: String::new(),
            fetch_exemplars: exemplars,
            start_ms: 1_000_000,
            end_ms: 1_300_500,
            step_ms: 1_000,
        }
    }

    #[test]
    fn status_endpoints_are_get_and_queries_follow_the_backend() {
        let backend = Backend {
            base_url: "http://vm:8428".into(),
            method: HttpMethod::Post,
            headers: vec![("X-Scope-OrgID".into(), "t".into())],
            timeout_ms: 30_000,
        };
        let reqs = doctor_requests(&backend, &[query("A", true), query("B", false)]);
        let probes: Vec<Probe> = reqs.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            probes,
            [
                Probe::BuildInfo,
                Probe::Flags,
                Probe::Config,
                Probe::Tsdb,
                Probe::Targets,
                Probe::Storage,
                Probe::Exemplars(0),
                Probe::Series(0)
            ],
            "B fetches no exemplars, so it is not asked about"
        );
        let by = |p: Probe| reqs.iter().find(|(q, _)| *q == p).map(|(_, r)| r.clone());
        let flags = by(Probe::Flags);
        assert_eq!(flags.as_ref().map(|r| r.url.as_str()), Some("http://vm:8428/api/v1/status/flags"));
        assert_eq!(flags.as_ref().map(|r| r.method), Some(HttpMethod::Get));
        assert_eq!(flags.map(|r| r.headers), Some(vec![("X-Scope-OrgID".to_string(), "t".to_string())]));
        let targets = by(Probe::Targets).map(|r| r.url);
        assert_eq!(targets.as_deref(), Some("http://vm:8428/api/v1/targets?state=active"));
        let series = by(Probe::Series(0));
        assert_eq!(series.as_ref().map(|r| r.method), Some(HttpMethod::Post));
        assert!(series.and_then(|r| r.body).is_some_and(|b| b.ends_with("&time=1300.5")));
        let ex = by(Probe::Exemplars(0)).map(|r| r.endpoint_url);
        assert_eq!(ex.as_deref(), Some("http://vm:8428/api/v1/query_exemplars"));
    }
}
