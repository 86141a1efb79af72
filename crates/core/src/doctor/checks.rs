//! The checks, one function each, in the order they are shown. Each reads
//! the facts (see [`super::facts`]) and the earlier checks' conclusions
//! ([`Known`]), so a consequence is never blamed as a cause.

use super::facts::{self, BackendKind, StorageGauges};
use super::request::Probe;
use super::{Band, Check, DoctorInput, LabelFix, Report, Status};
use crate::prom::Exemplar;
use crate::time::zone::{format_local, TimeFormat};

/// Prometheus's default ring buffer when the feature is on and the config sets none.
const DEFAULT_MAX_EXEMPLARS: u64 = 100_000;

/// What the checks share.
struct Known<'a> {
    input: &'a DoctorInput<'a>,
    kind: BackendKind,
    name: String,
    /// `Some(false)`: exemplar storage is off (or the backend has none).
    storage_on: Option<bool>,
    gauges: StorageGauges,
    /// Per exemplar-enabled query: its exemplars, when readable.
    exemplars: Vec<Option<Vec<Exemplar>>>,
}

impl Known<'_> {
    fn all_exemplars(&self) -> impl Iterator<Item = &Exemplar> {
        self.exemplars.iter().flatten().flatten()
    }

    fn time(&self, t_ms: i64) -> String {
        format_local(t_ms, self.input.tz, TimeFormat::Seconds)
    }
}

fn check(id: &'static str, status: Status, finding: impl Into<String>, fix: Option<String>) -> Check {
    Check { id, status, finding: finding.into(), fix }
}

/// Runs every check on `input`.
pub fn diagnose(input: &DoctorInput) -> Report {
    let answers = input.answers;
    let (kind, told_by) = facts::backend_kind(answers);
    let exemplars = (0..input.ref_ids.len())
        .map(|i| facts::exemplars(answers.get(Probe::Exemplars(i))).map(|r| r.exemplars))
        .collect();
    let mut known =
        Known { input, name: kind.name(), kind, storage_on: None, gauges: facts::storage_gauges(answers), exemplars };
    let mut checks = vec![backend(&known, told_by)];
    let storage = exemplar_storage(&mut known);
    checks.push(storage);
    checks.push(in_storage(&known));
    let (coverage, gap) = coverage(&known);
    checks.push(coverage);
    checks.push(series_without_exemplars(&known));
    checks.push(scrape_targets(&known));
    let (label, label_fix) = trace_label(&known);
    checks.push(label);
    checks.push(cors(&known));
    Report { backend: known.name, checks, coverage_gap: gap, label_fix }
}

fn backend(k: &Known, told_by: &str) -> Check {
    match &k.kind {
        BackendKind::Unknown => check(
            "backend",
            Status::Unknown,
            "the backend could not be told: its status/buildinfo, status/tsdb and status/flags were not readable",
            None,
        ),
        BackendKind::VictoriaMetrics => check(
            "backend",
            Status::Problem,
            format!("VictoriaMetrics answers ({told_by}); it stores no exemplars"),
            Some(
                "Point `prometheus.url` at a backend that stores exemplars: Prometheus started with \
                 `--enable-feature=exemplar-storage`, or Grafana Mimir."
                    .into(),
            ),
        ),
        kind => check("backend", Status::Ok, format!("{} answers ({told_by})", kind.name()), None),
    }
}

fn exemplar_storage(k: &mut Known) -> Check {
    const ID: &str = "exemplar-storage";
    let name = k.name.clone();
    let fix_flag = || {
        Some(format!(
            "Start {name} with `--enable-feature=exemplar-storage` (and size its ring buffer with \
             `storage.exemplars.max_exemplars` in its config)."
        ))
    };
    match (&k.kind, facts::exemplar_feature(k.input.answers)) {
        (BackendKind::VictoriaMetrics, _) => {
            k.storage_on = Some(false);
            check(ID, Status::Problem, "VictoriaMetrics has no exemplar storage", Some(
                "Send exemplars to Prometheus with `--enable-feature=exemplar-storage` (or Grafana Mimir) and point `prometheus.url` there.".into(),
            ))
        }
        (_, Some(true)) => {
            k.storage_on = Some(true);
            let max = facts::configured_max_exemplars(k.input.answers);
            let size = match max {
                Some(n) => format!("`storage.exemplars.max_exemplars: {}`", group(n)),
                None => format!("the default ring buffer of {}", group(DEFAULT_MAX_EXEMPLARS)),
            };
            if max == Some(0) {
                k.storage_on = Some(false);
                return check(
                    ID,
                    Status::Problem,
                    format!("{name} has `--enable-feature=exemplar-storage`, but `storage.exemplars.max_exemplars: 0`"),
                    Some("Set `storage.exemplars.max_exemplars` to 100000 or more in its config.".into()),
                );
            }
            check(
                ID,
                Status::Ok,
                format!("{name} stores exemplars (`--enable-feature=exemplar-storage`, {size})"),
                None,
            )
        }
        (_, Some(false)) => {
            k.storage_on = Some(false);
            check(ID, Status::Problem, format!("{name} runs without `--enable-feature=exemplar-storage`"), fix_flag())
        }
        (_, None) => match k.gauges.max {
            Some(max) if max > 0.0 => {
                k.storage_on = Some(true);
                check(ID, Status::Ok, format!("{name} stores exemplars (a ring buffer of {})", group(max as u64)), None)
            }
            Some(_) => {
                k.storage_on = Some(false);
                check(ID, Status::Problem, format!("{name}'s exemplar buffer has size 0: storage is off"), fix_flag())
            }
            None => check(
                ID,
                Status::Unknown,
                format!("{name}'s status/flags could not be read, so whether it stores exemplars is not known"),
                None,
            ),
        },
    }
}

fn in_storage(k: &Known) -> Check {
    const ID: &str = "storage";
    let g = k.gauges;
    let (Some(n), Some(max)) = (g.in_storage, g.max) else {
        return check(
            ID,
            Status::Unknown,
            format!(
                "{}'s exemplar gauges (`prometheus_tsdb_exemplar_exemplars_in_storage`, \
                 `prometheus_tsdb_exemplar_max_exemplars`) are not queryable: it does not scrape its own /metrics",
                k.name
            ),
            None,
        );
    };
    let ooo = g.out_of_order_10m.unwrap_or(0.0);
    let held = format!("{} exemplars in storage, of a ring buffer of {}", group(n as u64), group(max as u64));
    if ooo > 0.0 {
        return check(
            ID,
            Status::Problem,
            format!("{held}; {} arrived out of order in the last 10 minutes and were dropped", group(ooo as u64)),
            Some(
                "Out-of-order exemplars (`prometheus_tsdb_exemplar_out_of_order_exemplars_total` rising) come from \
                 targets scraped twice or with skewed clocks: give each target one scrape job, or set \
                 `honor_timestamps: false`."
                    .into(),
            ),
        );
    }
    if n <= 0.0 && k.storage_on != Some(false) {
        return check(ID, Status::Problem, format!("{held}: no target sends exemplars"), Some(
            "Expose exemplars: serve OpenMetrics (`Content-Type: application/openmetrics-text`) with a trace context (`trace_id`) on the histogram's buckets.".into(),
        ));
    }
    let status = if n <= 0.0 { Status::Unknown } else { Status::Ok };
    check(ID, status, held, None)
}

fn coverage(k: &Known) -> (Check, Option<Band>) {
    const ID: &str = "coverage";
    let input = k.input;
    let Some(oldest) = k.all_exemplars().map(|e| e.t_ms).min() else {
        return (check(ID, Status::Unknown, "no exemplar in the panel's range to compare with it", None), None);
    };
    let tolerance = input.step_ms.saturating_mul(2).max(5_000);
    if oldest <= input.start_ms.saturating_add(tolerance) {
        return (
            check(
                ID,
                Status::Ok,
                format!("exemplars cover the panel's range (the oldest at {})", k.time(oldest)),
                None,
            ),
            None,
        );
    }
    let since = k.time(oldest);
    match k.gauges.full() {
        Some(true) => {
            let max = group(k.gauges.max.unwrap_or(0.0) as u64);
            let finding =
                format!("exemplars exist only since {since}: the ring buffer of {max} has dropped older ones");
            let fix = format!(
                "Raise `max_exemplars` (`storage.exemplars.max_exemplars` in {}'s config, {max} now) or shorten the panel's range.",
                k.name
            );
            (
                check(ID, Status::Problem, finding, Some(fix)),
                Some(Band { from_ms: input.start_ms, to_ms: oldest.min(input.end_ms) }),
            )
        }
        full => {
            let why = if full == Some(false) {
                "the ring buffer is not full, so none were sent before"
            } else {
                "whether the ring buffer dropped older ones is not known"
            };
            (check(ID, Status::Ok, format!("exemplars exist since {since}; {why}"), None), None)
        }
    }
}

fn series_without_exemplars(k: &Known) -> Check {
    const ID: &str = "series-without-exemplars";
    let mut bare = Vec::new();
    let mut unknown = false;
    for (i, ref_id) in k.input.ref_ids.iter().enumerate() {
        let has_series = facts::vector(k.input.answers.get(Probe::Series(i))).map(|v| !v.is_empty());
        match (has_series, k.exemplars.get(i).and_then(Option::as_ref)) {
            (Some(true), Some(ex)) if ex.is_empty() => bare.push(ref_id.as_str()),
            (_, Some(ex)) if !ex.is_empty() => {}
            _ => unknown = true,
        }
    }
    if k.input.ref_ids.is_empty() {
        return check(ID, Status::Unknown, "no query of the panel asks for exemplars (`exemplar: true`)", None);
    }
    if bare.is_empty() {
        let status = if unknown { Status::Unknown } else { Status::Ok };
        let text = if unknown {
            "whether the queries' series have exemplars could not be read"
        } else {
            "every exemplar-enabled query has exemplars"
        };
        return check(ID, status, text, None);
    }
    let which = bare.join(", ");
    if k.storage_on == Some(false) {
        return check(
            ID,
            Status::Unknown,
            format!("{which}: series but no exemplars, as storage is off (above)"),
            None,
        );
    }
    check(
        ID,
        Status::Problem,
        format!(
            "{which}: the metric has series, but none of them has exemplars: the target serves the classic text \
             format (which has none), or records no trace context"
        ),
        Some(
            "Serve OpenMetrics: the target must answer with `Content-Type: application/openmetrics-text` and attach \
             the request's trace context (`trace_id`) as an exemplar to each histogram observation."
                .into(),
        ),
    )
}

fn scrape_targets(k: &Known) -> Check {
    const ID: &str = "scrape-targets";
    let Some(targets) = facts::scrape_targets(k.input.answers) else {
        return check(
            ID,
            Status::Unknown,
            format!("{}'s scrape targets (/api/v1/targets) could not be read", k.name),
            None,
        );
    };
    let shown: Vec<String> = targets
        .iter()
        .take(8)
        .map(|t| {
            let err = if t.last_error.is_empty() { String::new() } else { format!(": {}", t.last_error) };
            format!("{} {} {}{err}", t.job, t.url, t.health)
        })
        .collect();
    let more = targets.len().saturating_sub(shown.len());
    let list = if more > 0 { format!("{}; and {more} more", shown.join("; ")) } else { shown.join("; ") };
    let down: Vec<&facts::ScrapeTarget> = targets.iter().filter(|t| t.health != "up").collect();
    match down.first() {
        _ if targets.is_empty() => check(
            ID,
            Status::Problem,
            format!("{} scrapes no target", k.name),
            Some("Add the instrumented service to `scrape_configs` in the backend's config.".into()),
        ),
        Some(t) => check(
            ID,
            Status::Problem,
            format!("{} of {} targets are not up: {list}", down.len(), targets.len()),
            Some(format!(
                "Make {} answer the scrape (its last error: {}).",
                t.url,
                if t.last_error.is_empty() { "none" } else { &t.last_error }
            )),
        ),
        None => check(ID, Status::Ok, format!("{} targets up: {list}", targets.len()), None),
    }
}

fn trace_label(k: &Known) -> (Check, Option<LabelFix>) {
    const ID: &str = "trace-label";
    let names: std::collections::BTreeSet<&str> = k.all_exemplars().flat_map(|e| e.labels.keys()).collect();
    if names.is_empty() {
        return (check(ID, Status::Unknown, "no exemplar labels to compare with the trace destinations", None), None);
    }
    let carried = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let dests: Vec<(usize, &str)> = k
        .input
        .destinations
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.name.is_empty())
        .map(|(i, d)| (i, d.name.as_str()))
        .collect();
    if dests.is_empty() {
        return (
            check(
                ID,
                Status::Unknown,
                format!("your exemplars carry {carried}; no trace destination is configured"),
                None,
            ),
            None,
        );
    }
    if dests.iter().any(|(_, n)| names.contains(n)) {
        return (
            check(ID, Status::Ok, format!("your exemplars carry {carried}, as a destination expects"), None),
            None,
        );
    }
    let guess = names.iter().find(|n| n.to_ascii_lowercase().contains("trace")).or(names.first()).copied();
    let (i, expected) = dests.first().copied().unwrap_or((0, ""));
    let Some(label) = guess else { return (check(ID, Status::Unknown, "no label", None), None) };
    let number = i.saturating_add(1);
    let finding = format!("your exemplars carry `{label}`; destination {number} expects `{expected}`");
    let fix = format!("Set destination {number}'s `name` (in `exemplarTraceIdDestinations`) to `{label}`.");
    (check(ID, Status::Problem, finding, Some(fix)), Some(LabelFix { destination: i, label: label.to_string() }))
}

fn cors(k: &Known) -> Check {
    const ID: &str = "cors";
    let blocked = k.input.answers.blocked();
    if blocked.is_empty() {
        if k.input.answers.readable().is_empty() {
            return check(ID, Status::Unknown, "no answer from the backend to judge CORS by", None);
        }
        return check(ID, Status::Ok, "every endpoint asked answered this page readably", None);
    }
    let list = blocked.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
    let origin = k.input.page_origin;
    let vm = if k.kind == BackendKind::VictoriaMetrics && blocked.contains(&"query_exemplars") {
        " (VictoriaMetrics sends none on query_exemplars, and stores no exemplars anyway)"
    } else {
        ""
    };
    check(
        ID,
        Status::Problem,
        format!("{}'s {list} answer without CORS headers for this page ({origin}){vm}", k.name),
        Some(
            "Serve the panel and the backend from one origin (a reverse proxy and an empty `prometheus.url`), or \
             allow this origin on every `/api/v1/` path (Prometheus's `--web.cors.origin`)."
                .into(),
        ),
    )
}

/// `100000` → `100,000`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(super::group(100_000), "100,000");
        assert_eq!(super::group(1_234_567), "1,234,567");
        assert_eq!(super::group(10), "10");
        assert_eq!(super::group(0), "0");
    }

    #[test]
    fn answers_keep_failures_apart() {
        use super::facts::Answer;
        assert_eq!(Answer::Failed("x".into()).data(), None);
        assert_eq!(Answer::Got { status: 500, body: "{\"status\":\"success\",\"data\":1}".into() }.data(), None);
        assert_eq!(
            Answer::Got { status: 200, body: "{\"status\":\"success\",\"data\":1}".into() }.data(),
            Some(1.into())
        );
    }
}
