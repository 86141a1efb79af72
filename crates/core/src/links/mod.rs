//! Trace links: from an exemplar's labels to URLs, through the destination
//! table (Grafana's `exemplarTraceIdDestinations`) and the datasource table.
//!
//! Rules (Grafana's behaviour where it has one, from grafana
//! `packages/grafana-prometheus/src/result_transformer.ts`; stricter where safety asks):
//! - a destination applies when the exemplar has the label named by `name`
//!   (exact, case-sensitive); several destinations may share a label and each adds a link;
//! - a destination with `datasourceUid` gets a link resolved through the
//!   datasource table ([`datasource_url`]), titled `urlDisplayLabel` or
//!   `Query with <datasource name>`; an unknown uid is a visible warning (Grafana
//!   skips it silently). A destination with `url` gets a templated link titled
//!   `urlDisplayLabel` or `Go to <url>`. With both, it gets both, datasource first;
//! - `${__value.raw}` is that label's value; `${__data.fields.X}` and
//!   `${__data.fields["X"]}` are label X of the exemplar, else of its series,
//!   else empty; `${__series.name}`; `${__from}`/`${__to}` (epoch ms), also as
//!   `${__from:date}`/`${__from:date:iso}` (RFC 3339, UTC) and `${__from:date:seconds}`;
//! - every inserted value is percent-encoded as a URI component, so a trace id
//!   can never add a path, query, fragment or scheme;
//! - only results that start with `http://` or `https://` become links; anything
//!   else (`javascript:`, `data:`, `//host`, leading spaces) is refused with a
//!   warning that the panel shows.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::config::{Datasource, PanelConfig, TraceDestination};
use crate::model::PanelModel;
use crate::prom::Labels;
pub use crate::text::is_http_url;
use crate::text::{substitute, Syntax};

/// Characters left as they are in a URI component (RFC 3986 unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A resolved link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TraceLink {
    /// Button text.
    pub title: String,
    /// An http(s) URL.
    pub url: String,
}

/// What a template can refer to.
#[derive(Debug, Clone, Copy)]
pub struct LinkContext<'a> {
    /// The exemplar's labels.
    pub labels: &'a Labels,
    /// The labels of the series it was recorded on.
    pub series_labels: &'a Labels,
    /// The legend name of the matched series (empty when none).
    pub series_name: &'a str,
    /// Panel range start, epoch ms.
    pub from_ms: i64,
    /// Panel range end, epoch ms.
    pub to_ms: i64,
}

/// Why a destination or a datasource gave no link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The datasource has no `url` (and does not open in Grafana).
    #[error("datasource {uid:?} has no `url`")]
    NoUrl {
        /// The datasource's uid.
        uid: String,
    },
    /// The link is not an http(s) URL (see [`is_http_url`]); its first 80
    /// characters are shown.
    #[error("refused link {:?}: only http:// and https:// links are opened", .url.chars().take(80).collect::<String>())]
    Refused {
        /// The whole refused URL.
        url: String,
    },
}

impl LinkError {
    /// The kind of warning it gives.
    pub fn kind(&self) -> WarningKind {
        match self {
            LinkError::NoUrl { .. } => WarningKind::DatasourceWithoutUrl,
            LinkError::Refused { .. } => WarningKind::Refused,
        }
    }
}

/// What is wrong, in a [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// The destination has neither `url` nor `datasourceUid`.
    Incomplete,
    /// Its `datasourceUid` is not in the datasource table.
    UnknownDatasource,
    /// Its datasource has no `url` ([`LinkError::NoUrl`]).
    DatasourceWithoutUrl,
    /// The link is not http(s) ([`LinkError::Refused`]).
    Refused,
    /// A `${__from:…}`/`${__to:…}` format that is not supported (the link is
    /// still made, with epoch ms).
    TimeFormat,
}

/// Why a destination gave no link, or a worse one; shown in the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where the problem is: `destination 2 ("trace_id")`, or
    /// `datasource "tempo"` for a datasource's own URL template.
    pub source: String,
    /// What is wrong.
    pub kind: WarningKind,
    /// The text shown.
    pub text: String,
}

impl Warning {
    fn new(source: &str, kind: WarningKind, text: String) -> Self {
        Self { source: source.to_string(), kind, text }
    }

    /// `error`, met at `source`.
    fn link(source: &str, error: &LinkError) -> Self {
        Self::new(source, error.kind(), format!("{source}: {error}"))
    }
}

/// Links for one exemplar, plus the reasons some destinations gave none, as
/// values (see [`LinkSet`] for the texts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkReport {
    /// Usable links, in destination order.
    pub links: Vec<TraceLink>,
    /// Why a destination was refused, in destination order (a warning whose
    /// text repeats the one before it is dropped).
    pub warnings: Vec<Warning>,
}

/// Links for one exemplar, plus the reasons some destinations gave none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkSet {
    /// Usable links, in destination order.
    pub links: Vec<TraceLink>,
    /// Why a destination was refused (shown in the panel).
    pub warnings: Vec<String>,
}

impl From<LinkReport> for LinkSet {
    fn from(report: LinkReport) -> Self {
        Self { links: report.links, warnings: report.warnings.into_iter().map(|w| w.text).collect() }
    }
}

/// Resolves every destination for one exemplar.
pub fn build_links(destinations: &[TraceDestination], datasources: &[Datasource], ctx: &LinkContext) -> LinkSet {
    link_report(destinations, datasources, ctx).into()
}

/// Resolves every destination for one exemplar; the warnings as values.
pub fn link_report(destinations: &[TraceDestination], datasources: &[Datasource], ctx: &LinkContext) -> LinkReport {
    let mut out = LinkReport::default();
    for (n, dest) in destinations.iter().enumerate() {
        let Some(value) = ctx.labels.get(&dest.name) else { continue };
        // Named by position too: several destinations may share a label.
        let which = format!("destination {} ({:?})", n + 1, dest.name);
        let has_uid = !dest.datasource_uid.trim().is_empty();
        let has_url = !dest.url.trim().is_empty();
        if !has_uid && !has_url {
            let text = format!("{which} has neither `url` nor `datasourceUid`");
            out.warnings.push(Warning::new(&which, WarningKind::Incomplete, text));
            continue;
        }
        let title_for = |default: String, out: &mut LinkReport| {
            if dest.url_display_label.trim().is_empty() {
                default
            } else {
                expand(&dest.url_display_label, value, ctx, false, &which, &mut out.warnings)
            }
        };
        if has_uid {
            match datasources.iter().find(|d| d.uid == dest.datasource_uid) {
                None => {
                    let text = format!("{which}: no datasource with uid {:?} in `datasources`", dest.datasource_uid);
                    out.warnings.push(Warning::new(&which, WarningKind::UnknownDatasource, text));
                }
                Some(ds) => match datasource_url(ds, value, ctx, &mut out.warnings) {
                    Ok(url) => {
                        let name = if ds.name.is_empty() { &ds.uid } else { &ds.name };
                        let title = title_for(format!("Query with {name}"), &mut out);
                        out.links.push(TraceLink { title, url });
                    }
                    Err(why) => out.warnings.push(Warning::link(&which, &why)),
                },
            }
        }
        if has_url {
            let url = expand(&dest.url, value, ctx, true, &which, &mut out.warnings);
            match checked(url) {
                Ok(url) => {
                    let title = title_for(format!("Go to {url}"), &mut out);
                    out.links.push(TraceLink { title, url });
                }
                Err(why) => out.warnings.push(Warning::link(&which, &why)),
            }
        }
    }
    out.warnings.dedup_by(|a, b| a.text == b.text);
    out
}

/// The trace URL a datasource gives for `trace_id`:
/// - `jaeger`: `<url>/trace/<id>`;
/// - `zipkin`: `<url>/zipkin/traces/<id>`;
/// - `tempo`: Tempo's API `<url>/api/traces/<id>`, or with `grafanaUrl` an
///   Explore link in that Grafana;
/// - `grafana`: an Explore link in Grafana at `url`, querying the datasource
///   `grafanaDatasourceUid` (default: `uid`) for the trace;
/// - anything else: `url` is a template, like a destination's.
pub fn datasource_url(
    ds: &Datasource,
    trace_id: &str,
    ctx: &LinkContext,
    warnings: &mut Vec<Warning>,
) -> Result<String, LinkError> {
    let base = ds.url.trim().trim_end_matches('/');
    if base.is_empty() && !ds.opens_in_grafana() {
        return Err(LinkError::NoUrl { uid: ds.uid.clone() });
    }
    let id = utf8_percent_encode(trace_id, COMPONENT).to_string();
    let target_uid = if ds.grafana_datasource_uid.is_empty() { &ds.uid } else { &ds.grafana_datasource_uid };
    let url = match ds.kind.as_str() {
        "jaeger" => format!("{base}/trace/{id}"),
        "zipkin" => format!("{base}/zipkin/traces/{id}"),
        "tempo" if ds.opens_in_grafana() => explore_url(&ds.grafana_url, target_uid, trace_id, ctx),
        "tempo" => format!("{base}/api/traces/{id}"),
        "grafana" => explore_url(base, target_uid, trace_id, ctx),
        _ => expand(&ds.url, trace_id, ctx, true, &format!("datasource {:?}", ds.uid), warnings),
    };
    checked(url)
}

/// A Grafana Explore link that runs the trace id as a query in datasource `uid`.
/// Grafana reads the pane state from `left=` (and upgrades it to its newer
/// `panes=` form itself).
pub fn explore_url(grafana: &str, uid: &str, trace_id: &str, ctx: &LinkContext) -> String {
    let state = serde_json::json!({
        "datasource": uid,
        "queries": [{"refId": "A", "datasource": {"uid": uid}, "queryType": "traceql", "query": trace_id}],
        "range": {"from": ctx.from_ms.to_string(), "to": ctx.to_ms.to_string()},
    });
    format!(
        "{}/explore?left={}",
        grafana.trim().trim_end_matches('/'),
        utf8_percent_encode(&state.to_string(), COMPONENT)
    )
}

/// Keeps only http(s) URLs; the error says why not.
fn checked(url: String) -> Result<String, LinkError> {
    if is_http_url(&url) {
        Ok(url)
    } else {
        Err(LinkError::Refused { url })
    }
}

/// The links of exemplar `i` of `model` under `config`'s tables.
pub fn exemplar_links(model: &PanelModel, i: usize, config: &PanelConfig) -> LinkSet {
    exemplar_link_report(model, i, config).into()
}

/// [`exemplar_links`], with the warnings as values.
pub fn exemplar_link_report(model: &PanelModel, i: usize, config: &PanelConfig) -> LinkReport {
    let Some(e) = model.exemplars.get(i) else { return LinkReport::default() };
    let series_name = e.series.and_then(|s| model.series.get(s)).map_or("", |s| s.name.as_str());
    let ctx = LinkContext {
        labels: &e.labels,
        series_labels: &e.series_labels,
        series_name,
        from_ms: model.start_ms,
        to_ms: model.end_ms,
    };
    link_report(&config.exemplar_trace_id_destinations, &config.datasources, &ctx)
}

/// The trace id of an exemplar: the value of the first destination's label it
/// has, else of the first label whose name contains "trace".
pub fn trace_id_of<'a>(labels: &'a Labels, destinations: &[TraceDestination]) -> Option<&'a str> {
    destinations
        .iter()
        .find_map(|d| labels.get(&d.name))
        .or_else(|| labels.iter().find(|(k, _)| k.to_ascii_lowercase().contains("trace")).map(|(_, v)| v))
}

/// A problem in the destination or datasource table, for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableProblem {
    /// Row `.0` of the destinations.
    Destination(usize, String),
    /// Row `.0` of the datasources.
    Datasource(usize, String),
}

/// Checks the two tables as the editor shows them: what would make a row give no link.
pub fn validate_tables(destinations: &[TraceDestination], datasources: &[Datasource]) -> Vec<TableProblem> {
    let mut out = Vec::new();
    for (i, d) in destinations.iter().enumerate() {
        let say = |m: &str| TableProblem::Destination(i, m.to_string());
        if d.name.trim().is_empty() {
            out.push(say("name is empty: it is the exemplar label that holds the trace id, e.g. trace_id"));
        }
        if d.url.trim().is_empty() && d.datasource_uid.trim().is_empty() {
            out.push(say("set a URL template or a datasource uid"));
        }
        if !d.datasource_uid.trim().is_empty() && !datasources.iter().any(|ds| ds.uid == d.datasource_uid) {
            out.push(say(&format!("no datasource with uid {:?}", d.datasource_uid)));
        }
        // Checked as its links are, with a value in place of each variable.
        let is_http = is_http_url(&substitute(&d.url, Syntax::Braced, |_| Some("x")));
        if !d.url.trim().is_empty() && !is_http {
            out.push(say("the URL must start with http:// or https://"));
        }
    }
    for (j, ds) in datasources.iter().enumerate() {
        let say = |m: &str| TableProblem::Datasource(j, m.to_string());
        if ds.uid.trim().is_empty() {
            out.push(say("uid is empty"));
        } else if datasources.iter().take(j).any(|o| o.uid == ds.uid) {
            out.push(say(&format!("uid {:?} is used twice", ds.uid)));
        }
        if !ds.opens_in_grafana() && ds.url.trim().is_empty() {
            out.push(say("url is empty"));
        }
    }
    out
}

/// Expands `${…}` variables; unknown ones become empty, as in Grafana. A
/// problem is a warning from `source`.
fn expand(
    template: &str,
    value: &str,
    ctx: &LinkContext,
    encode: bool,
    source: &str,
    warnings: &mut Vec<Warning>,
) -> String {
    let enc = |v: &str| if encode { utf8_percent_encode(v, COMPONENT).to_string() } else { v.to_string() };
    substitute(template, Syntax::Braced, |name| {
        let name = name.trim();
        let (var, format) = match name.split_once(':') {
            Some((v, f)) if v == "__from" || v == "__to" => (v, Some(f)),
            _ => (name, None),
        };
        let resolved: String = match var {
            "__value.raw" | "__value.text" => enc(value),
            "__series.name" => enc(ctx.series_name),
            "__from" | "__to" => {
                let ms = if var == "__from" { ctx.from_ms } else { ctx.to_ms };
                match format_time_var(ms, format) {
                    Some(text) => enc(&text),
                    None => {
                        let text =
                            format!("unsupported time format in ${{{name}}}: use :date, :date:iso or :date:seconds");
                        warnings.push(Warning::new(source, WarningKind::TimeFormat, text));
                        ms.to_string()
                    }
                }
            }
            _ => match field_name(var) {
                Some(field) => enc(ctx.labels.get(field).or_else(|| ctx.series_labels.get(field)).unwrap_or("")),
                None => String::new(),
            },
        };
        Some(resolved)
    })
}

/// `${__from}` forms: none → epoch ms; `date`/`date:iso` → RFC 3339 UTC; `date:seconds`.
fn format_time_var(ms: i64, format: Option<&str>) -> Option<String> {
    match format {
        None => Some(ms.to_string()),
        Some("date") | Some("date:iso") => {
            chrono::DateTime::from_timestamp_millis(ms).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        }
        Some("date:seconds") => Some(ms.div_euclid(1000).to_string()),
        Some(_) => None,
    }
}

/// `__data.fields.span_id` or `__data.fields["span_id"]` → `span_id`.
fn field_name(var: &str) -> Option<&str> {
    let rest = var.strip_prefix("__data.fields")?;
    if let Some(dotted) = rest.strip_prefix('.') {
        return (!dotted.is_empty()).then_some(dotted);
    }
    let quoted = rest.strip_prefix('[')?.strip_suffix(']')?.trim();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .or_else(|| quoted.strip_prefix('\'').and_then(|q| q.strip_suffix('\'')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{self, labels};

    fn dest(name: &str, url: &str, label: &str) -> TraceDestination {
        TraceDestination { name: name.into(), url: url.into(), url_display_label: label.into(), ..Default::default() }
    }

    fn links_for(dests: &[TraceDestination], ex: &Labels) -> LinkSet {
        links_with(dests, &[], ex)
    }

    fn links_with(dests: &[TraceDestination], datasources: &[Datasource], ex: &Labels) -> LinkSet {
        let series = labels(&[("route", "/pay"), ("le", "0.5")]);
        let ctx = LinkContext { labels: ex, series_labels: &series, series_name: "p99 /pay", from_ms: 1, to_ms: 2 };
        build_links(dests, datasources, &ctx)
    }

    #[test]
    fn value_raw_and_fields_in_all_forms() {
        let ex = labels(&[("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), ("span_id", "00f067aa0ba902b7")]);
        let d = dest(
            "trace_id",
            "http://jaeger:16686/trace/${__value.raw}?span=${__data.fields.span_id}&s=${__data.fields[\"span_id\"]}&r=${__data.fields.route}&n=${__series.name}&from=${__from}&to=${__to}&x=${__data.fields.nope}",
            "",
        );
        let set = links_for(&[d], &ex);
        assert_eq!(set.warnings, Vec::<String>::new());
        assert_eq!(
            set.links[0].url,
            "http://jaeger:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7&s=00f067aa0ba902b7&r=%2Fpay&n=p99%20%2Fpay&from=1&to=2&x="
        );
        assert!(set.links[0].title.starts_with("Go to http://jaeger:16686/trace/4bf92f"));
    }

    #[test]
    fn hostile_trace_ids_are_encoded() {
        let ex = labels(&[("trace_id", "a\"<>'/?#&%\nb javascript:x")]);
        let set = links_for(&[dest("trace_id", "https://t.example/trace/${__value.raw}", "View ${__value.raw}")], &ex);
        assert_eq!(set.links[0].url, "https://t.example/trace/a%22%3C%3E%27%2F%3F%23%26%25%0Ab%20javascript%3Ax");
        assert_eq!(set.links[0].title, "View a\"<>'/?#&%\nb javascript:x", "titles are text, shown as text");
    }

    #[test]
    fn only_http_links_survive() {
        let ex = labels(&[("trace_id", "abc")]);
        for bad in [
            "javascript:alert(1)//${__value.raw}",
            "JaVaScRiPt:alert(1)",
            " https://x/${__value.raw}",
            "\thttp://x/",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "//evil.example/${__value.raw}",
            "/relative/${__value.raw}",
            "http:///path",
            "https:\\\\evil",
            "ftp://x/${__value.raw}",
        ] {
            let set = links_for(&[dest("trace_id", bad, "")], &ex);
            assert!(set.links.is_empty(), "{bad:?} gave {:?}", set.links);
            assert_eq!(set.warnings.len(), 1, "{bad:?}");
        }
        let ok = links_for(&[dest("trace_id", "HTTPS://x.example/${__value.raw}", "")], &ex);
        assert_eq!(ok.links.len(), 1);
    }

    #[test]
    fn name_matching_is_exact_and_every_match_adds_a_link() {
        let ex = labels(&[("trace_id", "abc")]);
        let dests = [
            dest("trace_id", "http://a/${__value.raw}", "A"),
            dest("traceID", "http://b/${__value.raw}", "B"),
            dest("trace_id", "http://c/${__value.raw}", "C"),
        ];
        let set = links_for(&dests, &ex);
        let titles: Vec<&str> = set.links.iter().map(|l| l.title.as_str()).collect();
        assert_eq!(titles, ["A", "C"]);
    }

    #[test]
    fn exemplars_without_labels_get_no_links_and_no_warning() {
        let set = links_for(&[dest("trace_id", "http://a/${__value.raw}", "")], &Labels::new());
        assert_eq!(set, LinkSet::default());
    }

    #[test]
    fn unresolvable_datasource_uid_is_said() {
        let ex = labels(&[("trace_id", "abc")]);
        let d = TraceDestination { name: "trace_id".into(), datasource_uid: "tempo".into(), ..Default::default() };
        let set = links_for(&[d], &ex);
        assert!(set.links.is_empty());
        assert!(set.warnings[0].contains("no datasource with uid \"tempo\""), "{:?}", set.warnings);
    }

    fn ds(uid: &str, kind: &str, url: &str) -> Datasource {
        Datasource {
            uid: uid.into(),
            name: format!("{kind} ({uid})"),
            kind: kind.into(),
            url: url.into(),
            ..Default::default()
        }
    }

    fn via(uid: &str) -> TraceDestination {
        TraceDestination { name: "trace_id".into(), datasource_uid: uid.into(), ..Default::default() }
    }

    #[test]
    fn each_datasource_type_resolves() {
        let ex = labels(&[("trace_id", "4bf92f35"), ("span_id", "00f0")]);
        let table = [
            ds("j", "jaeger", "http://jaeger:16686/"),
            ds("z", "zipkin", "http://zipkin:9411"),
            ds("t", "tempo", "http://tempo:3200"),
            Datasource { grafana_url: "https://grafana.example".into(), ..ds("tg", "tempo", "http://tempo:3200") },
            Datasource {
                grafana_datasource_uid: "tempo-prod".into(),
                ..ds("g", "grafana", "https://grafana.example/")
            },
            ds(
                "c",
                "honeycomb",
                "https://ui.honeycomb.io/t/${__value.raw}?span=${__data.fields.span_id}&from=${__from:date:seconds}",
            ),
        ];
        let urls: Vec<(String, String)> = ["j", "z", "t", "tg", "g", "c"]
            .iter()
            .map(|uid| {
                let set = links_with(&[via(uid)], &table, &ex);
                assert!(set.warnings.is_empty(), "{uid}: {:?}", set.warnings);
                (set.links[0].title.clone(), set.links[0].url.clone())
            })
            .collect();
        assert_eq!(urls[0], ("Query with jaeger (j)".into(), "http://jaeger:16686/trace/4bf92f35".into()));
        assert_eq!(urls[1].1, "http://zipkin:9411/zipkin/traces/4bf92f35");
        assert_eq!(urls[2].1, "http://tempo:3200/api/traces/4bf92f35");
        for (i, uid) in [(3, "tg"), (4, "tempo-prod")] {
            let url = &urls[i].1;
            assert!(url.starts_with("https://grafana.example/explore?left=%7B"), "{url}");
            let state = percent_encoding::percent_decode_str(url.split_once("left=").unwrap().1).decode_utf8().unwrap();
            let state: serde_json::Value = serde_json::from_str(&state).unwrap();
            assert_eq!(state["datasource"], uid);
            assert_eq!(state["queries"][0]["query"], "4bf92f35");
            assert_eq!(state["queries"][0]["datasource"]["uid"], uid);
            assert_eq!(state["range"]["from"], "1");
        }
        assert_eq!(urls[5].1, "https://ui.honeycomb.io/t/4bf92f35?span=00f0&from=0");
    }

    #[test]
    fn a_destination_with_uid_and_url_gives_both_links_datasource_first() {
        let ex = labels(&[("trace_id", "abc")]);
        let d = TraceDestination { url: "http://x/${__value.raw}".into(), url_display_label: "".into(), ..via("j") };
        let set = links_with(&[d], &[ds("j", "jaeger", "http://jaeger")], &ex);
        let urls: Vec<&str> = set.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["http://jaeger/trace/abc", "http://x/abc"]);
    }

    #[test]
    fn datasource_problems_are_said() {
        let ex = labels(&[("trace_id", "abc")]);
        let no_url = links_with(&[via("j")], &[ds("j", "jaeger", "")], &ex);
        assert!(no_url.links.is_empty() && no_url.warnings[0].contains("no `url`"), "{no_url:?}");
        let bad = links_with(&[via("c")], &[ds("c", "custom", "javascript:alert('${__value.raw}')")], &ex);
        assert!(bad.links.is_empty() && bad.warnings[0].contains("refused"), "{bad:?}");
        let neither = links_with(&[TraceDestination { name: "trace_id".into(), ..Default::default() }], &[], &ex);
        assert!(neither.warnings[0].contains("neither"));
    }

    #[test]
    fn warnings_are_values_with_their_source_and_kind() {
        let ex = labels(&[("trace_id", "abc")]);
        let dests = [
            TraceDestination { url: "ftp://x/${__value.raw}".into(), ..via("nope") },
            via("c"),
            TraceDestination { name: "trace_id".into(), ..Default::default() },
            dest("trace_id", "http://x/?a=${__from:date:YYYY}", "${__to:YYYY}"),
        ];
        let table = [ds("c", "custom", "http://c/${__value.raw}?a=${__from:x}")];
        let series = Labels::new();
        let ctx = LinkContext { labels: &ex, series_labels: &series, series_name: "", from_ms: 1, to_ms: 2 };
        let report = link_report(&dests, &table, &ctx);
        let got: Vec<(&str, WarningKind)> = report.warnings.iter().map(|w| (w.source.as_str(), w.kind)).collect();
        assert_eq!(
            got,
            [
                ("destination 1 (\"trace_id\")", WarningKind::UnknownDatasource),
                ("destination 1 (\"trace_id\")", WarningKind::Refused),
                ("datasource \"c\"", WarningKind::TimeFormat),
                ("destination 3 (\"trace_id\")", WarningKind::Incomplete),
                ("destination 4 (\"trace_id\")", WarningKind::TimeFormat),
                ("destination 4 (\"trace_id\")", WarningKind::TimeFormat),
            ]
        );
        assert!(report.warnings[5].text.starts_with("unsupported time format in ${__to:YYYY}"), "from the title");
        assert!(report.warnings[1].text.starts_with("destination 1 (\"trace_id\"): refused link \"ftp://x/abc\""));
        assert_eq!(report.links.len(), 2, "a bad time format still gives a link");
        // The texts, in order, are the LinkSet's.
        let set = build_links(&dests, &table, &ctx);
        assert_eq!(set.warnings, report.warnings.iter().map(|w| w.text.clone()).collect::<Vec<_>>());
        assert_eq!(set.links, report.links);
        assert_eq!(LinkError::Refused { url: "x".into() }.kind(), WarningKind::Refused);
    }

    #[test]
    fn link_errors_are_typed_and_keep_their_texts() {
        assert_eq!(LinkError::NoUrl { uid: "j".into() }.to_string(), "datasource \"j\" has no `url`");
        let long = format!("javascript:{}", "a".repeat(100));
        assert_eq!(checked(long.clone()), Err(LinkError::Refused { url: long.clone() }));
        assert_eq!(
            LinkError::Refused { url: long.clone() }.to_string(),
            format!("refused link {:?}: only http:// and https:// links are opened", &long[..80])
        );
        let ctx = LinkContext {
            labels: &Labels::new(),
            series_labels: &Labels::new(),
            series_name: "",
            from_ms: 1,
            to_ms: 2,
        };
        let no_url = datasource_url(&ds("j", "jaeger", " "), "abc", &ctx, &mut Vec::new());
        assert_eq!(no_url, Err(LinkError::NoUrl { uid: "j".into() }));
    }

    #[test]
    fn time_variables_in_all_forms() {
        let ex = labels(&[("trace_id", "abc")]);
        let series = Labels::new();
        let ctx = LinkContext {
            labels: &ex,
            series_labels: &series,
            series_name: "",
            from_ms: 1_706_140_800_123,
            to_ms: 1_706_144_400_000,
        };
        let d =
            dest("trace_id", "http://s/?a=${__from}&b=${__from:date:iso}&c=${__to:date}&d=${__to:date:seconds}", "");
        let set = build_links(&[d], &[], &ctx);
        assert_eq!(
            set.links[0].url,
            "http://s/?a=1706140800123&b=2024-01-25T00%3A00%3A00.123Z&c=2024-01-25T01%3A00%3A00.000Z&d=1706144400"
        );
        let odd = build_links(&[dest("trace_id", "http://s/?a=${__from:date:YYYY}", "")], &[], &ctx);
        assert_eq!(odd.links[0].url, "http://s/?a=1706140800123");
        assert!(odd.warnings[0].contains("unsupported time format"));
    }

    #[test]
    fn table_validation_names_each_problem() {
        let dests = [
            via("missing"),
            TraceDestination { name: "".into(), url: "ftp://x".into(), ..Default::default() },
            TraceDestination { name: "trace_id".into(), ..Default::default() },
            via("j"),
        ];
        let table = [ds("j", "jaeger", "http://j"), ds("j", "zipkin", ""), ds("", "tempo", "http://t")];
        let problems = validate_tables(&dests, &table);
        let rows: Vec<String> = problems
            .iter()
            .map(|p| match p {
                TableProblem::Destination(i, m) => format!("d{i}: {m}"),
                TableProblem::Datasource(j, m) => format!("s{j}: {m}"),
            })
            .collect();
        assert!(rows[0].starts_with("d0: no datasource with uid \"missing\""), "{rows:?}");
        assert!(rows.iter().any(|r| r.starts_with("d1: name is empty")));
        assert!(rows.iter().any(|r| r.starts_with("d1: the URL must start with http")));
        assert!(rows.iter().any(|r| r.starts_with("d2: set a URL template or a datasource uid")));
        assert!(!rows.iter().any(|r| r.starts_with("d3")), "{rows:?}");
        assert!(rows.iter().any(|r| r == "s1: uid \"j\" is used twice"));
        assert!(rows.iter().any(|r| r == "s1: url is empty"));
        assert!(rows.iter().any(|r| r == "s2: uid is empty"));
        assert!(validate_tables(&[via("j")], &[ds("j", "jaeger", "http://j")]).is_empty());
    }

    #[test]
    fn table_validation_checks_urls_as_links_are_checked() {
        let ex = labels(&[("trace_id", "abc"), ("host", "h.example")]);
        let url_problem = |url: &str| {
            validate_tables(&[dest("trace_id", url, "")], &[])
                .iter()
                .any(|p| matches!(p, TableProblem::Destination(0, m) if m.starts_with("the URL must start with http")))
        };
        for bad in [" https://x/${__value.raw}", "http:///${__value.raw}", "javascript:alert(1)", "//x/${__value.raw}"]
        {
            assert!(url_problem(bad), "{bad:?}");
            assert!(links_for(&[dest("trace_id", bad, "")], &ex).links.is_empty());
        }
        for good in ["https://${__data.fields.host}/t/${__value.raw}", "http://x/${ __value.raw }", "HTTP://x"] {
            assert!(!url_problem(good), "{good:?}");
            assert_eq!(links_for(&[dest("trace_id", good, "")], &ex).links.len(), 1);
        }
    }

    #[test]
    fn trace_id_prefers_destination_labels() {
        let ex = labels(&[("traceID", "a"), ("trace_id", "b"), ("x", "c")]);
        assert_eq!(trace_id_of(&ex, &[dest("trace_id", "", "")]), Some("b"));
        assert_eq!(trace_id_of(&ex, &[]), Some("a"), "the first label named like a trace id");
        assert_eq!(trace_id_of(&labels(&[("x", "c")]), &[]), None);
    }

    #[test]
    fn exemplar_links_use_the_matched_series_name() {
        let model = PanelModel {
            start_ms: 1,
            end_ms: 2,
            ..testing::model(vec![testing::series("p99", [])], vec![testing::exemplar(1, 1.0, &[("trace_id", "abc")])])
        };
        let config = PanelConfig {
            exemplar_trace_id_destinations: vec![dest("trace_id", "http://t/${__value.raw}?s=${__series.name}", "")],
            ..Default::default()
        };
        assert_eq!(exemplar_links(&model, 0, &config).links[0].url, "http://t/abc?s=p99");
        assert_eq!(exemplar_links(&model, 5, &config), LinkSet::default());
    }

    #[test]
    fn unterminated_and_unknown_variables() {
        let ex = labels(&[("trace_id", "abc")]);
        let set = links_for(&[dest("trace_id", "http://a/${__value.raw}/${unknown}/${oops", "")], &ex);
        assert_eq!(set.links[0].url, "http://a/abc//${oops");
    }
}
