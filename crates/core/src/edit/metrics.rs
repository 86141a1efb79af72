//! Metric discovery for the standalone page: the backend's histograms, which
//! carry exemplars in the range, and the quantile targets of the one chosen.
//!
//! Rules:
//! - a family is a classic histogram when `<name>_bucket` series exist
//!   (from the `__name__` values), or `/api/v1/metadata` types it
//!   `histogram`; metadata's histogram without `_bucket` series is a native
//!   histogram (its series carry the family's own name);
//! - a family has exemplars when `query_exemplars` of
//!   [`EXEMPLAR_SELECTOR`] over the range returned any on its `_bucket`
//!   series (or, native, on the family's name);
//! - choosing one builds p50, p90 and p99 targets,
//!   `histogram_quantile(q, sum by (le) (rate(x_bucket[$__rate_interval])))`,
//!   and with a split-by label `sum by (le, route)` and legends `p99 {{route}}`;
//! - the split-by choices are the family's labels from
//!   `/api/v1/labels?match[]=…`, without `__name__` and `le`;
//! - every answer is read leniently: a missing or unreadable one gives an
//!   empty list (the page says so), never an error.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::config::{Backend, HttpMethod, Target};
use crate::doctor::Answer;
use crate::http::HttpRequest;
use crate::prom::request::api_request;
use crate::query::seconds_param;

/// The selector whose exemplars mark the families that have them.
pub const EXEMPLAR_SELECTOR: &str = "{__name__=~\".+_bucket\"}";

/// The quantiles a chosen family is drawn with.
pub const QUANTILES: [(&str, &str); 3] = [("0.5", "p50"), ("0.9", "p90"), ("0.99", "p99")];

/// One histogram family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// Its name, without `_bucket`: `http_request_duration_seconds`.
    pub name: String,
    /// A native histogram (no `_bucket` series).
    pub native: bool,
    /// Its help text from the metadata, when known.
    pub help: String,
    /// Whether it has exemplars in the range.
    pub exemplars: bool,
}

/// The requests of the list: metadata, the metric names, and the exemplars
/// of every `_bucket` series in `start_ms..end_ms`.
pub fn list_requests(backend: &Backend, start_ms: i64, end_ms: i64) -> [HttpRequest; 3] {
    let get = Backend { method: HttpMethod::Get, ..backend.clone() };
    let (start, end) = (seconds_param(start_ms), seconds_param(end_ms));
    let range = [("start", start.as_str()), ("end", end.as_str())];
    [
        api_request(&get, "metadata", &[]),
        api_request(&get, "label/__name__/values", &range),
        api_request(backend, "query_exemplars", &[("query", EXEMPLAR_SELECTOR), range[0], range[1]]),
    ]
}

/// The request of `family`'s labels (the split-by choices).
pub fn labels_request(backend: &Backend, family: &Family, start_ms: i64, end_ms: i64) -> HttpRequest {
    let get = Backend { method: HttpMethod::Get, ..backend.clone() };
    let series = series_name(family);
    let (start, end) = (seconds_param(start_ms), seconds_param(end_ms));
    api_request(&get, "labels", &[("match[]", series.as_str()), ("start", &start), ("end", &end)])
}

fn series_name(family: &Family) -> String {
    if family.native {
        family.name.clone()
    } else {
        format!("{}_bucket", family.name)
    }
}

/// The families, sorted by name, from the three answers of [`list_requests`].
pub fn families(metadata: &Answer, names: &Answer, exemplars: &Answer) -> Vec<Family> {
    let metadata = metadata.data();
    let mut out: BTreeMap<String, Family> = BTreeMap::new();
    let help = |name: &str| -> String {
        let entry = metadata.as_ref().and_then(|m| m.get(name)).and_then(|e| e.get(0));
        entry.and_then(|e| e.get("help")).and_then(Value::as_str).unwrap_or_default().to_string()
    };
    let names: BTreeSet<String> = names
        .data()
        .and_then(|d| d.as_array().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    for base in names.iter().filter_map(|n| n.strip_suffix("_bucket")) {
        out.insert(base.to_string(), Family { name: base.into(), native: false, help: help(base), exemplars: false });
    }
    if let Some(Value::Object(meta)) = &metadata {
        for (name, entries) in meta {
            let histogram = entries.get(0).and_then(|e| e.get("type")).and_then(Value::as_str) == Some("histogram");
            if histogram && !out.contains_key(name) {
                let native = names.contains(name);
                if native || names.is_empty() {
                    out.insert(name.clone(), Family { name: name.clone(), native, help: help(name), exemplars: false });
                }
            }
        }
    }
    for series in exemplar_series_names(exemplars) {
        let base = series.strip_suffix("_bucket").unwrap_or(&series);
        if let Some(f) = out.get_mut(base) {
            f.exemplars = true;
        }
    }
    out.into_values().collect()
}

/// The `__name__` of every series `query_exemplars` returned exemplars for.
fn exemplar_series_names(answer: &Answer) -> BTreeSet<String> {
    let Some(Value::Array(series)) = answer.data() else { return BTreeSet::new() };
    series
        .iter()
        .filter(|s| s.get("exemplars").and_then(Value::as_array).is_some_and(|e| !e.is_empty()))
        .filter_map(|s| s.get("seriesLabels")?.get("__name__")?.as_str().map(str::to_string))
        .collect()
}

/// The families whose name contains `filter` (any case; empty: all).
pub fn filtered<'a>(families: &'a [Family], filter: &str) -> Vec<&'a Family> {
    let needle = filter.trim().to_lowercase();
    families.iter().filter(|f| f.name.to_lowercase().contains(&needle)).collect()
}

/// The split-by choices of a labels answer: without `__name__` and `le`.
pub fn split_labels(answer: &Answer) -> Vec<String> {
    let Some(Value::Array(labels)) = answer.data() else { return Vec::new() };
    labels.iter().filter_map(Value::as_str).filter(|l| *l != "__name__" && *l != "le").map(str::to_string).collect()
}

/// The p50, p90 and p99 targets of `family`, split by `split_by` when given.
pub fn quantile_targets(family: &Family, split_by: Option<&str>) -> Vec<Target> {
    let split = split_by.filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    let by = match (family.native, split) {
        (false, Some(l)) => format!(" by (le, {l})"),
        (false, None) => " by (le)".into(),
        (true, Some(l)) => format!(" by ({l})"),
        (true, None) => String::new(),
    };
    let series = series_name(family);
    QUANTILES
        .iter()
        .rev()
        .map(|(q, name)| Target {
            ref_id: String::new(),
            expr: format!("histogram_quantile({q}, sum{by} (rate({series}[$__rate_interval])))"),
            legend_format: match split {
                Some(l) => format!("{name} {{{{{l}}}}}"),
                None => (*name).into(),
            },
            exemplar: true,
            hide: false,
            interval: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Answers recorded from Debian's Prometheus 2.42 scraping the demo
    // service (tests/fixtures/doctor/prometheus.json: metadata, and the
    // `_bucket` series); the names answer is in its documented shape.
    const RECORDED: &str = include_str!("../../../../tests/fixtures/doctor/prometheus.json");

    fn recorded(name: &str) -> Answer {
        let file: Value = serde_json::from_str(RECORDED).unwrap_or_default();
        let a = &file["answers"][name];
        Answer::Got {
            status: a["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(0),
            body: a["body"].as_str().unwrap_or_default().into(),
        }
    }

    fn names(list: &[&str]) -> Answer {
        Answer::Got { status: 200, body: serde_json::json!({"status": "success", "data": list}).to_string() }
    }

    #[test]
    fn classic_histograms_come_from_bucket_names_and_are_marked_with_exemplars() {
        let names = names(&["http_request_duration_seconds_bucket", "http_requests_total", "up", "x_bucket"]);
        let got = families(&recorded("metadata"), &names, &recorded("exemplars"));
        let summary: Vec<(&str, bool, bool)> = got.iter().map(|f| (f.name.as_str(), f.native, f.exemplars)).collect();
        assert_eq!(summary, [("http_request_duration_seconds", false, true), ("x", false, false)]);
        assert_eq!(got.first().map(|f| f.help.as_str()), Some("Request duration in seconds."));
    }

    #[test]
    fn a_metadata_histogram_without_buckets_is_native() {
        let meta = Answer::Got {
            status: 200,
            body: r#"{"status":"success","data":{"rpc_seconds":[{"type":"histogram","help":"h","unit":""}],"c":[{"type":"counter","help":"","unit":""}]}}"#.into(),
        };
        let got = families(&meta, &names(&["rpc_seconds", "c"]), &Answer::Blocked);
        assert_eq!(got, [Family { name: "rpc_seconds".into(), native: true, help: "h".into(), exemplars: false }]);
        let Some(native) = got.first() else { panic!("no family") };
        let t = quantile_targets(native, Some("route"));
        assert_eq!(
            t.first().map(|t| t.expr.as_str()),
            Some("histogram_quantile(0.99, sum by (route) (rate(rpc_seconds[$__rate_interval])))")
        );
    }

    #[test]
    fn nothing_readable_is_an_empty_list() {
        assert!(families(&Answer::Failed("x".into()), &Answer::Blocked, &Answer::NotAsked).is_empty());
        let junk = Answer::Got { status: 200, body: r#"{"status":"success","data":{"a":7}}"#.into() };
        assert!(families(&junk, &junk, &junk).is_empty());
    }

    #[test]
    fn choosing_a_family_builds_p99_p90_p50() {
        let f = Family {
            name: "http_request_duration_seconds".into(),
            native: false,
            help: String::new(),
            exemplars: true,
        };
        let t = quantile_targets(&f, None);
        let exprs: Vec<&str> = t.iter().map(|t| t.expr.as_str()).collect();
        assert_eq!(
            exprs,
            [
                "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))",
                "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))",
                "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))",
            ]
        );
        assert_eq!(t.iter().map(|t| t.legend_format.as_str()).collect::<Vec<_>>(), ["p99", "p90", "p50"]);
        assert!(t.iter().all(|t| t.exemplar));
        let split = quantile_targets(&f, Some("route"));
        assert!(split
            .first()
            .is_some_and(|t| t.expr.contains("sum by (le, route)") && t.legend_format == "p99 {{route}}"));
        let odd = quantile_targets(&f, Some("a) or vector(1"));
        assert!(odd.first().is_some_and(|t| t.expr.contains("sum by (le) (")), "only label names are spliced in");
    }

    #[test]
    fn split_labels_drop_name_and_le_and_the_filter_ignores_case() {
        assert_eq!(split_labels(&recorded("labels")), ["instance", "job", "method", "route", "status"]);
        let fams = [
            Family { name: "http_a".into(), native: false, help: String::new(), exemplars: false },
            Family { name: "rpc_B".into(), native: false, help: String::new(), exemplars: false },
        ];
        assert_eq!(filtered(&fams, "b").len(), 1);
        assert_eq!(filtered(&fams, " ").len(), 2);
    }

    #[test]
    fn requests_ask_names_and_exemplars_over_the_range_and_labels_of_the_buckets() {
        let b =
            Backend { base_url: "http://p:9090".into(), method: HttpMethod::Post, headers: vec![], timeout_ms: 30_000 };
        let [meta, names, ex] = list_requests(&b, 1_000, 61_000);
        assert_eq!(meta.url, "http://p:9090/api/v1/metadata");
        assert_eq!(names.url, "http://p:9090/api/v1/label/__name__/values?start=1&end=61");
        assert_eq!(ex.body.as_deref(), Some("query=%7B__name__%3D%7E%22.%2B_bucket%22%7D&start=1&end=61"));
        let f = Family { name: "x".into(), native: false, help: String::new(), exemplars: false };
        assert_eq!(
            labels_request(&b, &f, 1_000, 61_000).url,
            "http://p:9090/api/v1/labels?match%5B%5D=x_bucket&start=1&end=61"
        );
    }
}
