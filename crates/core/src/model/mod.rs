//! The panel model: what one refresh shows, before any pixel.
//!
//! Built from the query plan and the parsed API results by [`build_model`]:
//! - series get a legend name ([`legend_name`]) and a palette colour by their
//!   order (target order, then Prometheus's order), so a refresh keeps colours;
//! - **an exemplar belongs to its histogram** (docs/chart.md, "Who owns an
//!   exemplar"): it is owned by every series, of every target whose
//!   query reads the metric it was returned under (its `seriesLabels`'
//!   `__name__`, as an identifier of the expression), whose labels (without
//!   `__name__`) are a subset of its `seriesLabels` (without `__name__` and
//!   `le`). p99, p90 and p50 of one histogram by the same labels all own it; a
//!   p99 split by route owns it only in its route's series. When no target
//!   reads its metric by name, the target whose exemplar query returned it
//!   stands in. An exemplar that several targets' queries returned (a native
//!   histogram is asked once per target) is kept once. One that matches no
//!   series is kept and drawn in the neutral colour: never silently dropped;
//! - warnings, infos, skipped entries and failed exemplar queries become notices.

pub mod calcs;
#[cfg(test)]
pub(crate) mod testing;

use std::collections::HashMap;
use std::sync::Arc;

use crate::prom::{ApiError, ExemplarResult, Labels, ParseStats, RangeResult};
use crate::query::{PlannedQuery, QueryPlan};
use crate::text::{substitute, Syntax};

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Informational (Prometheus `infos`).
    Info,
    /// Something is missing or was skipped.
    Warning,
}

/// A non-fatal message shown on the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Severity.
    pub level: NoticeLevel,
    /// Text, shown as text.
    pub text: String,
}

impl Notice {
    fn warning(text: String) -> Self {
        Self { level: NoticeLevel::Warning, text }
    }

    fn info(text: String) -> Self {
        Self { level: NoticeLevel::Info, text }
    }
}

/// One drawable series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesModel {
    /// The target it came from.
    pub ref_id: String,
    /// Legend name.
    pub name: String,
    /// Prometheus labels.
    pub labels: Labels,
    /// Palette index.
    pub color: usize,
    /// Sample times, epoch ms, ascending.
    pub t_ms: Vec<i64>,
    /// Sample values.
    pub values: Vec<f64>,
    /// The step its query was run at, ms (0: unknown): neighbours further
    /// apart than a step are not joined (see `render::decimate`).
    pub step_ms: i64,
}

impl ExemplarPoint {
    /// The series whose colour it takes: its first owner that is not hidden
    /// (`hidden` by series index); `None` when it has no owner or all are hidden.
    pub fn colour_series(&self, hidden: &[bool]) -> Option<usize> {
        self.owners.iter().copied().find(|&i| !hidden.get(i).copied().unwrap_or(false))
    }

    /// Whether every owner is hidden (an exemplar without one never is).
    pub fn all_owners_hidden(&self, hidden: &[bool]) -> bool {
        !self.owners.is_empty() && self.owners.iter().all(|&i| hidden.get(i).copied().unwrap_or(false))
    }

    /// The series it was recorded on, as a reader tells exemplars apart:
    /// its `seriesLabels` named in `varying` (`route="/api/pay", method="POST"`:
    /// the labels that differ between the model's exemplars, see
    /// [`PanelModel::varying`]), or the metric without `_bucket` when none is.
    pub fn series_text(&self, varying: &[String]) -> String {
        let parts: Vec<String> = self
            .series_labels
            .iter()
            .filter(|(k, _)| varying.iter().any(|v| v == k))
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        if parts.is_empty() {
            let metric = self.series_labels.get("__name__").unwrap_or("");
            metric.strip_suffix("_bucket").unwrap_or(metric).to_string()
        } else {
            parts.join(", ")
        }
    }
}

impl SeriesModel {
    /// What identifies the series across refreshes: its target and labels.
    pub fn key(&self) -> String {
        format!("{}\u{1f}{}", self.ref_id, verbose_name(&self.labels))
    }

    /// The value at the sample nearest to `t_ms` (within `max_gap_ms`), if any.
    pub fn value_near(&self, t_ms: i64, max_gap_ms: i64) -> Option<f64> {
        let i = self.t_ms.partition_point(|t| *t < t_ms);
        [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|j| Some((*self.t_ms.get(j)?, *self.values.get(j)?)))
            .filter(|(t, _)| (t - t_ms).abs() <= max_gap_ms)
            .min_by_key(|(t, _)| (t - t_ms).abs())
            .map(|(_, v)| v)
    }
}

/// One exemplar, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct ExemplarPoint {
    /// Index into [`PanelModel::series`] of its first owner (its colour while
    /// that series is shown; the samplers' group).
    pub series: Option<usize>,
    /// Every series that owns it, ascending (shared by the exemplars of one
    /// Prometheus series): it is hidden only when all of them are.
    pub owners: Arc<[usize]>,
    /// The target whose exemplar query returned it (one string per target,
    /// shared: ten thousand exemplars were ten thousand tiny allocations).
    pub ref_id: Arc<str>,
    /// Epoch ms.
    pub t_ms: i64,
    /// The observed value (y position).
    pub value: f64,
    /// Exemplar labels (e.g. `trace_id`).
    pub labels: Labels,
    /// Labels of the series it was recorded on.
    pub series_labels: Arc<Labels>,
}

/// Keeps each series' palette index across refreshes, keyed by
/// [`SeriesModel::key`]: a series keeps its colour when others come and go,
/// and a new series takes the lowest index no known series holds.
#[derive(Debug, Clone, Default)]
pub struct ColorRegistry {
    assigned: HashMap<String, usize>,
}

impl ColorRegistry {
    /// Above this many remembered series, those absent from the current model are forgotten.
    const MAX_REMEMBERED: usize = 256;

    /// Sets `series.color` of every series of `model`.
    pub fn assign(&mut self, model: &mut PanelModel) {
        let keys: Vec<String> = model.series.iter().map(SeriesModel::key).collect();
        if self.assigned.len() > Self::MAX_REMEMBERED {
            self.assigned.retain(|k, _| keys.contains(k));
        }
        for (series, key) in model.series.iter_mut().zip(keys) {
            let next = (0..).find(|i| !self.assigned.values().any(|v| v == i)).unwrap_or(0);
            series.color = *self.assigned.entry(key).or_insert(next);
        }
    }
}

/// Why a target's exemplars could not be loaded (shown in a notice).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExemplarFetchError {
    /// The request got no usable answer (no connection, CORS, a timeout, or an
    /// error answer): the client's message.
    #[error("{0}")]
    Request(String),
    /// The answer is not a usable exemplar result.
    #[error(transparent)]
    Answer(#[from] ApiError),
}

/// What one target returned.
#[derive(Debug, Clone)]
pub struct TargetData {
    /// The planned query.
    pub query: PlannedQuery,
    /// The range result.
    pub range: RangeResult,
    /// The exemplar result: `None` when not asked, `Err` when it failed.
    pub exemplars: Option<Result<ExemplarResult, ExemplarFetchError>>,
}

/// Everything one refresh shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PanelModel {
    /// Query start, epoch ms.
    pub start_ms: i64,
    /// Query end, epoch ms.
    pub end_ms: i64,
    /// Query step, ms.
    pub step_ms: i64,
    /// Series in draw order.
    pub series: Vec<SeriesModel>,
    /// Exemplars sorted by time.
    pub exemplars: Vec<ExemplarPoint>,
    /// Messages for the user.
    pub notices: Vec<Notice>,
    /// The label names that tell its exemplars apart: a series label (not
    /// `__name__`, not `le`) or an exemplar label (not a trace or span id) whose
    /// value differs between them, alphabetically, at most [`MAX_VARYING`].
    pub varying: Vec<String>,
}

/// At most this many labels tell exemplars apart (the table's label columns).
pub const MAX_VARYING: usize = 6;

/// Whether a label name is a trace's or a span's id (the table has its own column).
pub fn is_id_label(name: &str) -> bool {
    let n = name.replace(['_', '-'], "").to_ascii_lowercase();
    n == "traceid" || n == "spanid"
}

/// The labels whose value differs between `exemplars` (see [`PanelModel::varying`]):
/// a label varies when two of them carry different values, or when some carry
/// it and some do not. Series labels are counted once per series.
fn varying_labels(exemplars: &[ExemplarPoint]) -> Vec<String> {
    use std::collections::{BTreeMap, HashSet};
    /// Per label: its first value, how many carried it, whether values differed.
    #[derive(Default)]
    struct Seen<'a> {
        first: Option<&'a str>,
        count: usize,
        differs: bool,
    }
    fn note<'a>(table: &mut BTreeMap<&'a str, Seen<'a>>, k: &'a str, v: &'a str) {
        let seen = table.entry(k).or_default();
        seen.count += 1;
        match seen.first {
            None => seen.first = Some(v),
            Some(f) if f != v => seen.differs = true,
            Some(_) => {}
        }
    }
    let mut series: BTreeMap<&str, Seen> = BTreeMap::new();
    let mut own: BTreeMap<&str, Seen> = BTreeMap::new();
    let mut unique_series: HashSet<*const Labels> = HashSet::new();
    for e in exemplars {
        if unique_series.insert(Arc::as_ptr(&e.series_labels)) {
            for (k, v) in e.series_labels.iter().filter(|(k, _)| *k != "__name__" && *k != "le") {
                note(&mut series, k, v);
            }
        }
        for (k, v) in e.labels.iter().filter(|(k, _)| !is_id_label(k)) {
            note(&mut own, k, v);
        }
    }
    fn varies(table: BTreeMap<&str, Seen>, n: usize) -> Vec<String> {
        table.into_iter().filter(|(_, s)| s.differs || s.count < n).map(|(k, _)| k.to_string()).collect()
    }
    let mut names = varies(series, unique_series.len());
    names.extend(varies(own, exemplars.len()));
    names.sort();
    names.dedup();
    names.truncate(MAX_VARYING);
    names
}

/// Orders of exemplar indices (into [`PanelModel::exemplars`]); every sort is
/// stable, and an index with no exemplar sorts last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexOrder {
    /// By value, largest first.
    ValueDescending,
    /// By time, newest first.
    TimeDescending,
    /// By time, oldest first, then by index.
    TimeThenIndex,
}

impl PanelModel {
    /// What tells exemplar `i` apart: its series labels that vary
    /// ([`ExemplarPoint::series_text`]), else the names of the series that own
    /// it; `None` when it has neither.
    pub fn exemplar_series_text(&self, i: usize) -> Option<String> {
        let e = self.exemplars.get(i)?;
        let text = e.series_text(&self.varying);
        if !text.is_empty() {
            return Some(text);
        }
        let owners: Vec<&str> = e.owners.iter().filter_map(|&o| self.series.get(o)).map(|s| s.name.as_str()).collect();
        (!owners.is_empty()).then(|| owners.join(", "))
    }

    /// The value of label `name` on exemplar `i`: its series' label, else its own.
    pub fn exemplar_label(&self, i: usize, name: &str) -> Option<&str> {
        let e = self.exemplars.get(i)?;
        e.series_labels.get(name).or_else(|| e.labels.get(name))
    }

    /// Sorts `indices` in `order`. The table's and the samplers' orders share
    /// this one sort, so the wasm holds one instance of it, not one per order
    /// (each is ~3 KB).
    pub fn sort_indices(&self, indices: &mut [usize], order: IndexOrder) {
        let at = |i: usize| self.exemplars.get(i);
        indices.sort_by(|&a, &b| match order {
            IndexOrder::ValueDescending => {
                let value = |i| at(i).map_or(f64::NEG_INFINITY, |e| e.value);
                value(b).total_cmp(&value(a))
            }
            IndexOrder::TimeDescending => {
                let time = |i| at(i).map_or(i64::MIN, |e| e.t_ms);
                time(b).cmp(&time(a))
            }
            IndexOrder::TimeThenIndex => {
                let time = |i| at(i).map_or(i64::MAX, |e| e.t_ms);
                time(a).cmp(&time(b)).then(a.cmp(&b))
            }
        });
    }
}

/// Builds the model of one refresh.
pub fn build_model(plan: &QueryPlan, data: Vec<TargetData>) -> PanelModel {
    // Some backends (VictoriaMetrics, Prometheus without exemplar storage)
    // answer query_exemplars with success and nothing in it, always.
    let asked = data.iter().filter(|t| matches!(t.exemplars, Some(Ok(_)))).count();
    let empty = data.iter().filter(|t| matches!(&t.exemplars, Some(Ok(r)) if r.exemplars.is_empty())).count();
    let has_lines = data.iter().any(|t| !t.range.series.is_empty());
    let mut model =
        PanelModel { start_ms: plan.start_ms, end_ms: plan.end_ms, step_ms: plan.step_ms, ..PanelModel::default() };
    // The series first, every target's: an exemplar may belong to a later target's.
    let mut targets: Vec<Owners> = Vec::with_capacity(data.len());
    let mut answers = Vec::with_capacity(data.len());
    for target in data {
        let ref_id = target.query.ref_id.clone();
        let first_series = model.series.len();
        let names = legend_names(&target.query.legend_format, &target.range.series, &target.query.expr);
        for (raw, name) in target.range.series.into_iter().zip(names) {
            let color = model.series.len();
            model.series.push(SeriesModel {
                ref_id: ref_id.clone(),
                name,
                labels: raw.labels,
                color,
                t_ms: raw.t_ms,
                values: raw.values,
                step_ms: target.query.step_ms,
            });
        }
        add_notes(&mut model.notices, &ref_id, &target.range.notes.warnings, &target.range.notes.infos);
        add_stats(&mut model.notices, &ref_id, target.range.stats);
        targets.push(Owners { expr: target.query.expr.clone(), series: first_series..model.series.len() });
        answers.push((target.query, target.exemplars));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, (query, exemplars)) in answers.into_iter().enumerate() {
        let ref_id = query.ref_id.as_str();
        match exemplars {
            None => {}
            Some(Err(message)) => {
                model.notices.push(Notice::warning(format!("{ref_id}: exemplars could not be loaded: {message}")))
            }
            Some(Ok(result)) => {
                add_notes(&mut model.notices, ref_id, &result.notes.warnings, &result.notes.infos);
                add_stats(&mut model.notices, ref_id, result.stats);
                // Exemplars of one Prometheus series share its labels (one Arc): their owners are found once.
                let mut owned: HashMap<*const Labels, Arc<[usize]>> = HashMap::new();
                // The query's own window: a target with its own interval starts earlier.
                let (start_ms, end_ms) = (query.start_ms, query.end_ms);
                let before = result.exemplars.len();
                let shared_ref_id: Arc<str> = Arc::from(ref_id);
                model.exemplars.reserve(before);
                let inside = result.exemplars.into_iter().filter(|e| (start_ms..=end_ms).contains(&e.t_ms));
                let mut kept = 0usize;
                for e in inside {
                    kept += 1;
                    if !seen.insert(identity(&e.series_labels, e.t_ms, e.value, &e.labels)) {
                        continue; // another target's query returned it too
                    }
                    let owners = owned
                        .entry(Arc::as_ptr(&e.series_labels))
                        .or_insert_with(|| owners_of(&model.series, &targets, i, &e.series_labels))
                        .clone();
                    model.exemplars.push(ExemplarPoint {
                        series: owners.first().copied(),
                        owners,
                        ref_id: Arc::clone(&shared_ref_id),
                        t_ms: e.t_ms,
                        value: e.value,
                        labels: e.labels,
                        series_labels: e.series_labels,
                    });
                }
                if kept < before {
                    // A backend that ignores start/end: such dots would sit outside the plot.
                    model.notices.push(Notice::info(format!(
                        "{ref_id}: {} exemplars outside the time range were left out",
                        before - kept
                    )));
                }
            }
        }
    }
    if asked > 0 && empty == asked && has_lines {
        model.notices.push(Notice::info(NO_EXEMPLARS_HINT.to_string()));
    }
    model.exemplars.sort_by_key(|e| e.t_ms);
    model.varying = varying_labels(&model.exemplars);
    model
}

/// One target, as an exemplar's owner: its expression and its series.
struct Owners {
    expr: String,
    series: std::ops::Range<usize>,
}

/// The series that own an exemplar returned by target `fetched` under
/// `series_labels` (see the module rules), ascending.
fn owners_of(series: &[SeriesModel], targets: &[Owners], fetched: usize, series_labels: &Labels) -> Arc<[usize]> {
    let metric = series_labels.get("__name__").unwrap_or("");
    let reads: Vec<&Owners> = targets.iter().filter(|t| !metric.is_empty() && reads_metric(&t.expr, metric)).collect();
    let readers = if reads.is_empty() { targets.get(fetched).into_iter().collect() } else { reads };
    readers
        .into_iter()
        .flat_map(|t| t.series.clone())
        .filter(|&i| series.get(i).is_some_and(|s| series_matches(&s.labels, series_labels)))
        .collect()
}

/// Whether `expr` names `metric` as a whole identifier.
fn reads_metric(expr: &str, metric: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    expr.match_indices(metric).any(|(at, _)| {
        let before = expr.get(..at).and_then(|b| b.chars().next_back());
        let after = expr.get(at + metric.len()..).and_then(|a| a.chars().next());
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// What makes two answers' exemplars one: the series, the instant, the value and the labels.
fn identity(series_labels: &Labels, t_ms: i64, value: f64, labels: &Labels) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (series_labels, t_ms, value.to_bits(), labels).hash(&mut h);
    h.finish()
}

/// The notice when every exemplar query came back empty but lines did not.
pub const NO_EXEMPLARS_HINT: &str = "this backend returned no exemplars for this range: is exemplar storage enabled \
     (Prometheus: --enable-feature=exemplar-storage; some backends, e.g. VictoriaMetrics, keep none), and does the \
     service expose them in OpenMetrics format?";

fn add_notes(notices: &mut Vec<Notice>, ref_id: &str, warnings: &[String], infos: &[String]) {
    for w in warnings {
        notices.push(Notice::warning(format!("{ref_id}: {w}")));
    }
    for i in infos {
        notices.push(Notice { level: NoticeLevel::Info, text: format!("{ref_id}: {i}") });
    }
}

fn add_stats(notices: &mut Vec<Notice>, ref_id: &str, stats: ParseStats) {
    if stats.bad_samples > 0 {
        notices.push(Notice::warning(format!("{ref_id}: skipped {} malformed samples", stats.bad_samples)));
    }
    if stats.bad_exemplars > 0 {
        notices.push(Notice::warning(format!("{ref_id}: skipped {} malformed exemplars", stats.bad_exemplars)));
    }
    if stats.histogram_only_series > 0 {
        notices.push(Notice::warning(format!(
            "{ref_id}: {} series hold native histograms only; wrap the query in histogram_quantile() to draw them",
            stats.histogram_only_series
        )));
    }
}

/// True when the series' labels (minus `__name__`) are a subset of the
/// exemplar's series labels (minus `__name__` and `le`).
pub fn series_matches(series_labels: &Labels, exemplar_series_labels: &Labels) -> bool {
    series_labels
        .iter()
        .filter(|(k, _)| *k != "__name__" && *k != "le")
        .all(|(k, v)| exemplar_series_labels.get(k) == Some(v))
}

/// Legend names for all series of one target (`__auto` needs them all).
pub fn legend_names(format: &str, series: &[crate::prom::RangeSeries], expr: &str) -> Vec<String> {
    if format == "__auto" {
        let common: Vec<(&str, &str)> = match series.split_first() {
            Some((first, rest)) if !rest.is_empty() => {
                first.labels.iter().filter(|(k, v)| rest.iter().all(|s| s.labels.get(k) == Some(*v))).collect()
            }
            _ => Vec::new(),
        };
        return series
            .iter()
            .map(|s| {
                let mut labels = s.labels.clone();
                for (k, _) in &common {
                    labels.remove(k);
                }
                legend_name("", &labels, expr)
            })
            .collect();
    }
    series.iter().map(|s| legend_name(format, &s.labels, expr)).collect()
}

/// One series' legend name: `{{label}}` templating, or `name{k="v", …}` when
/// the format is empty, or the expression when there is nothing else.
pub fn legend_name(format: &str, labels: &Labels, expr: &str) -> String {
    let name = if format.is_empty() { verbose_name(labels) } else { render_template(format, labels) };
    if name.is_empty() || name == "{}" {
        expr.to_string()
    } else {
        name
    }
}

/// `__name__{k="v", k2="v2"}`, Prometheus's own series notation.
pub fn verbose_name(labels: &Labels) -> String {
    let metric = labels.get("__name__").unwrap_or("");
    let parts: Vec<String> =
        labels.iter().filter(|(k, _)| *k != "__name__").map(|(k, v)| format!("{k}={}", quote(v))).collect();
    if parts.is_empty() {
        metric.to_string()
    } else {
        format!("{metric}{{{}}}", parts.join(", "))
    }
}

fn quote(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Replaces `{{ label }}` with the label's value (empty when missing).
fn render_template(format: &str, labels: &Labels) -> String {
    substitute(format, Syntax::Mustache, |key| Some(labels.get(key.trim()).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::testing::{self, labels};
    use super::*;
    use crate::prom::{parse_exemplars, parse_range, RangeSeries};

    #[test]
    fn index_orders_are_stable_and_put_a_missing_index_last() {
        let e = |t_ms, value| testing::exemplar(t_ms, value, &[]);
        // 0: t 20 v 1; 1: t 10 v 3; 2: t 20 v 3; 3: t 10 v 2; 9: none.
        let m = testing::model(Vec::new(), vec![e(20, 1.0), e(10, 3.0), e(20, 3.0), e(10, 2.0)]);
        let sorted = |mut v: Vec<usize>, order| {
            m.sort_indices(&mut v, order);
            v
        };
        assert_eq!(sorted(vec![9, 0, 1, 2, 3], IndexOrder::ValueDescending), [1, 2, 3, 0, 9]);
        assert_eq!(sorted(vec![9, 2, 1, 0, 3], IndexOrder::ValueDescending), [2, 1, 3, 0, 9], "ties keep their order");
        assert_eq!(sorted(vec![9, 0, 1, 2, 3], IndexOrder::TimeDescending), [0, 2, 1, 3, 9]);
        assert_eq!(sorted(vec![9, 3, 2, 1, 0], IndexOrder::TimeThenIndex), [1, 3, 0, 2, 9]);
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// A plan over all time (the fixtures' exemplars are all inside it).
    fn plan() -> QueryPlan {
        QueryPlan {
            start_ms: 0,
            end_ms: i64::MAX,
            step_ms: 1,
            interval_ms: 1,
            rate_interval_ms: 1,
            queries: Vec::new(),
        }
    }

    #[test]
    fn exemplars_outside_the_range_are_left_out_with_a_notice() {
        let body = r#"{"status":"success","data":[{"seriesLabels":{"route":"/a"},"exemplars":[
            {"labels":{"trace_id":"early"},"value":"1","timestamp":0.999},
            {"labels":{"trace_id":"in"},"value":"1","timestamp":1.5},
            {"labels":{},"value":"1","timestamp":2},
            {"labels":{"trace_id":"late"},"value":"1","timestamp":2.001}]}]}"#;
        let exemplars = parse_exemplars(200, body).unwrap();
        // The query's window counts (a target with its own interval asks from earlier than the panel).
        let plan = QueryPlan { start_ms: 1900, end_ms: 2000, ..plan() };
        let query = PlannedQuery { start_ms: 1000, end_ms: 2000, ..query("A", "") };
        let model = build_model(
            &plan,
            vec![TargetData { query, range: RangeResult::default(), exemplars: Some(Ok(exemplars)) }],
        );
        let kept: Vec<i64> = model.exemplars.iter().map(|e| e.t_ms).collect();
        assert_eq!(kept, [1500, 2000]);
        assert!(model.notices.iter().any(|n| n.text == "A: 2 exemplars outside the time range were left out"));
    }

    fn query(ref_id: &str, legend: &str) -> PlannedQuery {
        PlannedQuery {
            ref_id: ref_id.into(),
            expr: "expr".into(),
            legend_format: legend.into(),
            fetch_exemplars: true,
            start_ms: 0,
            end_ms: i64::MAX,
            step_ms: 1,
        }
    }

    #[test]
    fn legend_forms() {
        let l = labels(&[("__name__", "http_requests_total"), ("route", "/a"), ("code", "200")]);
        assert_eq!(legend_name("", &l, "e"), r#"http_requests_total{code="200", route="/a"}"#);
        assert_eq!(legend_name("{{route}} {{ code }}", &l, "e"), "/a 200");
        assert_eq!(legend_name("{{missing}}x", &l, "e"), "x");
        assert_eq!(legend_name("p99", &l, "e"), "p99");
        assert_eq!(legend_name("{{route", &l, "e"), "{{route");
        assert_eq!(legend_name("", &Labels::new(), "sum(rate(x[5m]))"), "sum(rate(x[5m]))");
        assert_eq!(legend_name("{{route}}", &Labels::new(), "q"), "q");
        assert_eq!(verbose_name(&labels(&[("a", "say \"hi\"")])), r#"{a="say \"hi\""}"#);
    }

    #[test]
    fn auto_legend_drops_common_labels() {
        let series = [
            RangeSeries { labels: labels(&[("job", "demo"), ("route", "/a")]), ..Default::default() },
            RangeSeries { labels: labels(&[("job", "demo"), ("route", "/b")]), ..Default::default() },
        ];
        assert_eq!(legend_names("__auto", &series, "q"), [r#"{route="/a"}"#, r#"{route="/b"}"#]);
        assert_eq!(legend_names("__auto", &series[..1], "q"), [r#"{job="demo", route="/a"}"#]);
    }

    #[test]
    fn matching_ignores_name_and_le() {
        let ex = labels(&[("__name__", "x_bucket"), ("le", "0.5"), ("route", "/a"), ("job", "demo")]);
        assert!(series_matches(&Labels::new(), &ex));
        assert!(series_matches(&labels(&[("route", "/a")]), &ex));
        assert!(series_matches(&labels(&[("__name__", "x"), ("route", "/a")]), &ex));
        assert!(!series_matches(&labels(&[("route", "/b")]), &ex));
        assert!(!series_matches(&labels(&[("code", "200")]), &ex));
        // Native histograms: exemplars have no `le` at all.
        assert!(series_matches(&labels(&[("route", "/a")]), &labels(&[("route", "/a")])));
    }

    #[test]
    fn recorded_fixtures_build_a_model_with_matched_exemplars() {
        let range = parse_range(200, &fixture("query_range_p99.json")).unwrap();
        let exemplars = parse_exemplars(200, &fixture("query_exemplars.json")).unwrap();
        let n = exemplars.exemplars.len();
        let model =
            build_model(&plan(), vec![TargetData { query: query("A", "p99"), range, exemplars: Some(Ok(exemplars)) }]);
        assert_eq!(model.series[0].name, "p99");
        assert_eq!(model.exemplars.len(), n);
        assert!(model.exemplars.iter().all(|e| e.series == Some(0)));
        assert!(model.notices.is_empty(), "{:?}", model.notices);
    }

    #[test]
    fn recorded_by_route_fixture_matches_each_exemplar_to_its_route() {
        let range = parse_range(200, &fixture("query_range_p99_by_route.json")).unwrap();
        let exemplars = parse_exemplars(200, &fixture("query_exemplars.json")).unwrap();
        let model = build_model(
            &plan(),
            vec![TargetData { query: query("A", "{{route}}"), range, exemplars: Some(Ok(exemplars)) }],
        );
        let mut names: Vec<&str> = model.series.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["/api/orders", "/api/pay", "/api/users"]);
        for e in &model.exemplars {
            let series = &model.series[e.series.unwrap()];
            assert_eq!(Some(series.name.as_str()), e.series_labels.get("route"));
        }
    }

    #[test]
    fn exemplars_match_by_route_and_unmatched_are_kept() {
        let range = RangeResult {
            series: vec![
                RangeSeries { labels: labels(&[("route", "/a")]), ..Default::default() },
                RangeSeries { labels: labels(&[("route", "/b")]), ..Default::default() },
            ],
            ..Default::default()
        };
        let body = r#"{"status":"success","data":[
          {"seriesLabels":{"route":"/b","le":"1"},"exemplars":[{"labels":{"trace_id":"1"},"value":"1","timestamp":2}]},
          {"seriesLabels":{"route":"/c","le":"1"},"exemplars":[{"labels":{"trace_id":"2"},"value":"1","timestamp":1}]}]}"#;
        let ex = parse_exemplars(200, body).unwrap();
        let model =
            build_model(&plan(), vec![TargetData { query: query("A", "{{route}}"), range, exemplars: Some(Ok(ex)) }]);
        assert_eq!(model.exemplars.len(), 2);
        assert_eq!(model.exemplars[0].series, None); // /c, t=1
        assert_eq!(model.exemplars[1].series, Some(1)); // /b, t=2
        assert_eq!(model.series[1].name, "/b");
    }

    #[test]
    fn failed_exemplar_query_keeps_lines_and_says_so() {
        let range = parse_range(200, &fixture("query_range_p99.json")).unwrap();
        let model = build_model(
            &plan(),
            vec![TargetData {
                query: query("A", ""),
                range,
                exemplars: Some(Err(ExemplarFetchError::Request("HTTP 503".into()))),
            }],
        );
        assert_eq!(model.series.len(), 1);
        assert!(model.exemplars.is_empty());
        assert_eq!(model.notices.len(), 1);
        assert!(model.notices[0].text.contains("exemplars could not be loaded: HTTP 503"));
    }

    #[test]
    fn an_unusable_exemplar_answer_is_said_in_its_own_words() {
        let range = parse_range(200, &fixture("query_range_p99.json")).unwrap();
        let why = parse_exemplars(502, "").unwrap_err();
        let failed = Some(Err(ExemplarFetchError::from(why.clone())));
        let model = build_model(&plan(), vec![TargetData { query: query("A", ""), range, exemplars: failed }]);
        assert_eq!(model.notices.len(), 1);
        assert_eq!(model.notices[0].text, format!("A: exemplars could not be loaded: {why}"));
        assert_eq!(ExemplarFetchError::Request("HTTP 503".into()).to_string(), "HTTP 503");
    }

    #[test]
    fn colours_follow_order_across_targets() {
        let one = || RangeResult { series: vec![RangeSeries::default()], ..Default::default() };
        let model = build_model(
            &plan(),
            vec![
                TargetData { query: query("A", "p99"), range: one(), exemplars: None },
                TargetData { query: query("B", "p50"), range: one(), exemplars: None },
            ],
        );
        let colours: Vec<usize> = model.series.iter().map(|s| s.color).collect();
        assert_eq!(colours, [0, 1]);
    }

    #[test]
    fn value_near_finds_the_closest_sample() {
        let s = testing::series("n", [(1000, 1.0), (2000, 2.0), (3000, 3.0)]);
        assert_eq!(s.value_near(1900, 500), Some(2.0));
        assert_eq!(s.value_near(2600, 500), Some(3.0));
        assert_eq!(s.value_near(9000, 500), None);
        assert_eq!(s.value_near(0, 1000), Some(1.0));
    }

    #[test]
    fn colours_stay_with_their_series_across_refreshes() {
        let series =
            |route: &str| SeriesModel { labels: labels(&[("route", route)]), color: 99, ..testing::series(route, []) };
        let with = |routes: &[&str]| testing::model(routes.iter().map(|r| series(r)).collect(), Vec::new());
        let colours = |m: &PanelModel| m.series.iter().map(|s| s.color).collect::<Vec<_>>();
        let mut registry = ColorRegistry::default();
        let mut first = with(&["/a", "/b", "/c"]);
        registry.assign(&mut first);
        assert_eq!(colours(&first), [0, 1, 2]);
        // /a is gone, /d is new, the order changed: /b and /c keep theirs, and /d
        // does not take /a's 0, which stays reserved while /a is remembered.
        let mut second = with(&["/c", "/d", "/b"]);
        registry.assign(&mut second);
        assert_eq!(colours(&second), [2, 3, 1], "/d takes the lowest index no known series holds");
        let mut third = with(&["/a", "/d"]);
        registry.assign(&mut third);
        assert_eq!(colours(&third), [0, 3], "/a comes back with its colour");
    }

    #[test]
    fn an_always_empty_exemplar_backend_gets_a_hint() {
        let range = || parse_range(200, &fixture("query_range_p99.json")).unwrap();
        let empty = || Some(Ok(ExemplarResult::default()));
        let model =
            build_model(&plan(), vec![TargetData { query: query("A", "p99"), range: range(), exemplars: empty() }]);
        assert!(model.notices.iter().any(|n| n.text == NO_EXEMPLARS_HINT), "{:?}", model.notices);
        // Not when one target did return exemplars, nor when nothing was asked.
        let some = Some(Ok(parse_exemplars(200, &fixture("query_exemplars.json")).unwrap()));
        let mixed = build_model(
            &plan(),
            vec![
                TargetData { query: query("A", "p99"), range: range(), exemplars: empty() },
                TargetData { query: query("B", "p50"), range: range(), exemplars: some },
            ],
        );
        assert!(mixed.notices.iter().all(|n| n.text != NO_EXEMPLARS_HINT));
        let unasked =
            build_model(&plan(), vec![TargetData { query: query("A", "p99"), range: range(), exemplars: None }]);
        assert!(unasked.notices.is_empty());
    }

    /// Native histograms (hand-written fixtures in the shape Prometheus
    /// documents: Debian's Prometheus 2.42 and our demo service cannot produce
    /// protobuf-scraped native histograms here). `histogram_quantile` over them
    /// is a float matrix like any other; their exemplars carry no `le`, and
    /// still match their series; a raw native-histogram series (no quantile)
    /// has `histograms` only, and is skipped with a notice.
    #[test]
    fn native_histograms_plot_and_their_exemplars_match_without_le() {
        let range = parse_range(200, &fixture("native_histogram_quantile.json")).unwrap();
        let exemplars = parse_exemplars(200, &fixture("native_histogram_exemplars.json")).unwrap();
        let model = build_model(
            &plan(),
            vec![TargetData { query: query("A", "{{route}}"), range, exemplars: Some(Ok(exemplars)) }],
        );
        assert_eq!(model.series.len(), 2);
        assert_eq!(model.exemplars.len(), 3);
        for e in &model.exemplars {
            assert!(!e.series_labels.contains_key("le"));
            let series = &model.series[e.series.unwrap()];
            assert_eq!(Some(series.name.as_str()), e.series_labels.get("route"));
        }
        assert!(model
            .notices
            .iter()
            .any(|n| n.level == NoticeLevel::Info && n.text.contains("might not be a counter")));

        let raw = parse_range(200, &fixture("native_histogram_raw.json")).unwrap();
        assert!(raw.series.is_empty());
        let model = build_model(&plan(), vec![TargetData { query: query("A", ""), range: raw, exemplars: None }]);
        assert!(model.notices.iter().any(|n| n.text.contains("histogram")), "{:?}", model.notices);
    }

    // ---- which series an exemplar belongs to (docs/chart.md) ----

    /// An exemplar of a test answer: its series' labels and its trace id.
    type ExemplarOf<'a> = (&'a [(&'a str, &'a str)], &'a str);

    /// A target reading `expr`, answering `series` (label sets, one sample
    /// each) and, when `exemplars` is given, those exemplars (label set, trace id).
    fn target(
        ref_id: &str,
        expr: &str,
        series: &[&[(&str, &str)]],
        exemplars: Option<&[ExemplarOf<'_>]>,
    ) -> TargetData {
        let object = |pairs: &[(&str, &str)]| {
            let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
            format!("{{{}}}", inner.join(","))
        };
        let result: Vec<String> =
            series.iter().map(|l| format!(r#"{{"metric":{},"values":[[1,"0.1"]]}}"#, object(l))).collect();
        let range =
            format!(r#"{{"status":"success","data":{{"resultType":"matrix","result":[{}]}}}}"#, result.join(","));
        let exemplars = exemplars.map(|list| {
            let data: Vec<String> = list
                .iter()
                .enumerate()
                .map(|(i, (l, id))| {
                    format!(
                        r#"{{"seriesLabels":{},"exemplars":[{{"labels":{{"trace_id":"{id}"}},"value":"0.{}","timestamp":{}}}]}}"#,
                        object(l),
                        i + 1,
                        i + 1
                    )
                })
                .collect();
            Ok(parse_exemplars(200, &format!(r#"{{"status":"success","data":[{}]}}"#, data.join(","))).unwrap())
        });
        TargetData {
            query: PlannedQuery { expr: expr.into(), ..query(ref_id, "") },
            range: parse_range(200, &range).unwrap(),
            exemplars,
        }
    }

    const P99: &str = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";
    const P90: &str = "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";
    const P50: &str = "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))";

    #[test]
    fn quantiles_of_one_histogram_all_own_its_exemplars_and_hide_them_only_together() {
        let bucket: &[(&str, &str)] =
            &[("__name__", "http_request_duration_seconds_bucket"), ("le", "0.25"), ("route", "/api/pay")];
        // As the plan asks: exemplars once, with the first target of the histogram.
        let data = vec![
            target("A", P99, &[&[]], Some(&[(bucket, "t1")])),
            target("B", P90, &[&[]], None),
            target("C", P50, &[&[]], None),
        ];
        let m = build_model(&plan(), data);
        let e = &m.exemplars[0];
        assert_eq!((&*e.owners, e.series), (&[0, 1, 2][..], Some(0)));
        assert_eq!(e.series_text(&["route".into()]), r#"route="/api/pay""#, "its own labels, not a legend name");
        assert_eq!(e.series_text(&m.varying), "http_request_duration_seconds", "one exemplar: nothing varies");
        assert!(!e.all_owners_hidden(&[true, false, false]), "p99 hidden: still drawn");
        assert_eq!(e.colour_series(&[true, false, false]), Some(1), "in the first shown owner's colour");
        assert!(!e.all_owners_hidden(&[true, true, false]), "p50 isolated: still drawn");
        assert!(e.all_owners_hidden(&[true, true, true]), "hidden when all its lines are");
        let filter = crate::select::filter::ExemplarFilter::default();
        assert_eq!(crate::select::filter::visible_exemplars(&m, &filter, &[true, true, false]), [0]);
        assert!(crate::select::filter::visible_exemplars(&m, &filter, &[true, true, true]).is_empty());
    }

    #[test]
    fn a_histogram_split_by_route_gives_each_exemplar_to_its_routes_series() {
        let by_route = |q: &str| q.replace("by (le)", "by (le, route)");
        let bucket = |route: &'static str| -> Vec<(&'static str, &'static str)> {
            vec![("__name__", "http_request_duration_seconds_bucket"), ("le", "1"), ("route", route)]
        };
        let (a, b) = (bucket("/a"), bucket("/b"));
        let data = vec![
            target("A", &by_route(P99), &[&[("route", "/a")], &[("route", "/b")]], Some(&[(&a, "ta"), (&b, "tb")])),
            target("B", &by_route(P50), &[&[("route", "/a")], &[("route", "/b")]], None),
        ];
        let m = build_model(&plan(), data);
        let owners: Vec<(String, Vec<usize>)> = m
            .exemplars
            .iter()
            .map(|e| (e.labels.get("trace_id").unwrap_or("").to_string(), e.owners.to_vec()))
            .collect();
        assert_eq!(
            owners,
            [("ta".to_string(), vec![0, 2]), ("tb".to_string(), vec![1, 3])],
            "p99 and p50 of its route"
        );
        assert_eq!(m.exemplars[0].colour_series(&[false; 4]), Some(0), "the colour of p99 for /a, as before");
        assert_eq!(m.varying, ["route"], "le is the same, trace ids have their own column");
        assert_eq!(m.exemplars[1].series_text(&m.varying), r#"route="/b""#);
    }

    #[test]
    fn a_label_varies_when_values_differ_or_some_lack_it() {
        let labels =
            |pairs: &[(&str, &str)]| -> Labels { pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
        let point = |series: &[(&str, &str)], own: &[(&str, &str)]| ExemplarPoint {
            series: None,
            owners: Arc::from(Vec::new()),
            ref_id: Arc::from("A"),
            t_ms: 0,
            value: 1.0,
            labels: labels(own),
            series_labels: Arc::new(labels(series)),
        };
        let m = [
            point(&[("__name__", "m"), ("job", "api"), ("pod", "a")], &[]),
            point(&[("__name__", "m"), ("job", "api")], &[]),
        ];
        assert_eq!(varying_labels(&m), ["pod"], "pod is missing from the second series; job is shared");
        let m = [point(&[], &[("trace_id", "1"), ("user", "u1")]), point(&[], &[("trace_id", "2"), ("user", "u2")])];
        assert_eq!(varying_labels(&m), ["user"], "exemplar labels count, ids do not");
    }

    #[test]
    fn an_exemplar_asked_by_two_targets_is_kept_once_and_an_unnamed_metric_stays_with_its_target() {
        // A native histogram: no `_bucket`, so each target asks query_exemplars.
        let native: &[(&str, &str)] = &[("__name__", "rpc_duration_seconds")];
        let q = |p: &str| format!("histogram_quantile({p}, sum(rate(rpc_duration_seconds[5m])))");
        let data = vec![
            target("A", &q("0.99"), &[&[]], Some(&[(native, "n1")])),
            target("B", &q("0.5"), &[&[]], Some(&[(native, "n1")])),
        ];
        let m = build_model(&plan(), data);
        assert_eq!(m.exemplars.len(), 1, "drawn once");
        assert_eq!(&*m.exemplars[0].owners, &[0, 1]);
        // A recording rule: the expression does not name the exemplar's metric.
        let rule: &[(&str, &str)] = &[("__name__", "raw_bucket"), ("le", "1")];
        let data =
            vec![target("A", "job:latency:p99", &[&[]], Some(&[(rule, "r1")])), target("B", "other", &[&[]], None)];
        let m = build_model(&plan(), data);
        assert_eq!(&*m.exemplars[0].owners, &[0], "the target that asked stands in");
        assert_eq!(m.exemplars[0].series_text(&m.varying), "raw", "no labels: the metric, without _bucket");
        assert!(!reads_metric("rate(x_bucket_total[5m])", "x_bucket"), "a whole identifier only");
        assert!(reads_metric("rate(x_bucket{a=\"1\"}[5m])", "x_bucket"));
    }
}
