//! Trace links: from an exemplar's labels to URLs, through the destination
//! table (Grafana's `exemplarTraceIdDestinations`).
//!
//! Rules (Grafana's behaviour where it has one, from grafana
//! `packages/grafana-prometheus/src/result_transformer.ts`; stricter where safety asks):
//! - a destination applies when the exemplar has the label named by `name`
//!   (exact, case-sensitive); several destinations may share a label and each adds a link;
//! - `${__value.raw}` is that label's value; `${__data.fields.X}` and
//!   `${__data.fields["X"]}` are label X of the exemplar, else of its series,
//!   else empty; `${__series.name}`, `${__from}` and `${__to}` (epoch ms) are known too;
//! - every inserted value is percent-encoded as a URI component, so a trace id
//!   can never add a path, query, fragment or scheme;
//! - only results that start with `http://` or `https://` become links; anything
//!   else (`javascript:`, `data:`, `//host`, leading spaces) is refused with a
//!   warning that the panel shows;
//! - the title is `urlDisplayLabel` (templated, not encoded) or `Go to <url>`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::config::TraceDestination;
use crate::prom::Labels;

/// Characters left as they are in a URI component (RFC 3986 unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A resolved link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// Links for one exemplar, plus the reasons some destinations gave none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkSet {
    /// Usable links, in destination order.
    pub links: Vec<TraceLink>,
    /// Why a destination was refused (shown in the panel).
    pub warnings: Vec<String>,
}

/// Resolves every destination for one exemplar.
pub fn build_links(destinations: &[TraceDestination], ctx: &LinkContext) -> LinkSet {
    let mut out = LinkSet::default();
    for dest in destinations {
        let Some(value) = ctx.labels.get(&dest.name) else { continue };
        if dest.url.trim().is_empty() {
            if !dest.datasource_uid.is_empty() {
                out.warnings.push(format!(
                    "destination {:?}: datasourceUid {:?} cannot be resolved without a datasources table; set `url` instead",
                    dest.name, dest.datasource_uid
                ));
            }
            continue;
        }
        let url = expand(&dest.url, value, ctx, true);
        if !is_http_url(&url) {
            out.warnings.push(format!(
                "destination {:?}: refused link {:?}: only http:// and https:// links are opened",
                dest.name,
                url.chars().take(80).collect::<String>()
            ));
            continue;
        }
        let title = if dest.url_display_label.trim().is_empty() {
            format!("Go to {url}")
        } else {
            expand(&dest.url_display_label, value, ctx, false)
        };
        out.links.push(TraceLink { title, url });
    }
    out
}

/// True for an absolute `http:` or `https:` URL with a host part and no control characters.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        None
    };
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.starts_with('\\'))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Expands `${…}` variables; unknown ones become empty, as in Grafana.
fn expand(template: &str, value: &str, ctx: &LinkContext, encode: bool) -> String {
    let enc = |v: &str| if encode { utf8_percent_encode(v, COMPONENT).to_string() } else { v.to_string() };
    let mut out = String::with_capacity(template.len() + value.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let (head, tail) = rest.split_at(start);
        out.push_str(head);
        let inner = tail.get(2..).unwrap_or("");
        let Some(end) = inner.find('}') else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let name = inner.get(..end).unwrap_or("").trim();
        rest = inner.get(end + 1..).unwrap_or("");
        let resolved: String = match name {
            "__value.raw" | "__value.text" => enc(value),
            "__series.name" => enc(ctx.series_name),
            "__from" => ctx.from_ms.to_string(),
            "__to" => ctx.to_ms.to_string(),
            _ => match field_name(name) {
                Some(field) => {
                    enc(ctx.labels.get(field).or_else(|| ctx.series_labels.get(field)).map_or("", String::as_str))
                }
                None => String::new(),
            },
        };
        out.push_str(&resolved);
    }
    out.push_str(rest);
    out
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

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
    }

    fn dest(name: &str, url: &str, label: &str) -> TraceDestination {
        TraceDestination { name: name.into(), url: url.into(), url_display_label: label.into(), ..Default::default() }
    }

    fn links_for(dests: &[TraceDestination], ex: &Labels) -> LinkSet {
        let series = labels(&[("route", "/pay"), ("le", "0.5")]);
        build_links(
            dests,
            &LinkContext { labels: ex, series_labels: &series, series_name: "p99 /pay", from_ms: 1, to_ms: 2 },
        )
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
        assert!(set.warnings[0].contains("tempo"));
    }

    #[test]
    fn unterminated_and_unknown_variables() {
        let ex = labels(&[("trace_id", "abc")]);
        let set = links_for(&[dest("trace_id", "http://a/${__value.raw}/${unknown}/${oops", "")], &ex);
        assert_eq!(set.links[0].url, "http://a/abc//${oops");
    }
}
