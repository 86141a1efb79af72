//! The query plan: from a config, a clock and a plot width to the exact
//! Prometheus requests (expression with variables substituted, aligned
//! start/end, step).
//!
//! The step follows Grafana's Prometheus datasource (behaviour described in
//! grafana `pkg/promlib/models/query.go`, `pkg/promlib/intervalv2/intervalv2.go`,
//! grafana-plugin-sdk-go `backend/gtime/gtime.go` and grafana-data
//! `rangeutil.ts`; re-implemented from that behaviour, not copied):
//! 1. the frontend interval: `range / max_data_points` rounded with the
//!    strict-`<` table, or the panel's min `interval` (else the scrape
//!    interval) when that is larger (unrounded);
//! 2. the backend step: `range / max_data_points` (integer ms), the minimum
//!    when that is larger (unrounded), else rounded with the `<=` table; then at
//!    least `round(range / 11000)`. The minimum is the target's own `interval`
//!    when it has one, else the frontend interval; so a target with its own
//!    `interval` gets its own step, start and end;
//! 3. we go one further than Grafana: no series ever exceeds 11,000 points
//!    (`floor(range / step) + 1 <= 11000`), so Prometheus's "exceeded maximum
//!    resolution of 11,000 points" error cannot happen. Grafana can hit it when
//!    `maxDataPoints` exceeds 11,000; otherwise the step is the same;
//! 4. start and end are floored to a multiple of the step in local time (with
//!    the viewer's UTC offset, so 1d steps align to local midnight).
//!
//! Variables, as Grafana substitutes them: `$__interval` is the step in
//! Grafana's short form, which keeps only the largest unit (a 90s step gives
//! `1m`: lossy, but that is what a dashboard moved from Grafana computed);
//! `$__interval_ms`; `$__rate_interval = max(frontend interval + min step, 4 × min step)`,
//! the min step being the target's `interval` or else the scrape interval,
//! written exactly (`2m10s`); `$__range` (`3600s`), `$__range_s`, `$__range_ms`.

use crate::config::{ConfigError, PanelConfig, QuerySpec, Spec, MAX_TIME_MS, MIN_TIME_MS};
use crate::time::format_duration_ms;

/// Prometheus refuses range queries with more points than this per series.
pub const MAX_POINTS_PER_SERIES: i64 = 11_000;

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// The config itself is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `time.from` or `time.to` resolves outside the years 1 to 9999.
    #[error("`time.{field}` ({text}) is outside the years 1 to 9999: choose a time in between")]
    OutOfRange {
        /// `from` or `to`.
        field: &'static str,
        /// The expression as written.
        text: String,
    },
    /// `from` is not before `to`.
    #[error("the time range is empty: `from` ({from}) must be before `to` ({to})")]
    EmptyRange {
        /// The `from` expression.
        from: String,
        /// The `to` expression.
        to: String,
    },
}

/// One request pair (query_range, and maybe query_exemplars) for one target.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedQuery {
    /// The target's refId.
    pub ref_id: String,
    /// The expression with `$__…` variables substituted.
    pub expr: String,
    /// The target's legend template.
    pub legend_format: String,
    /// Whether to ask query_exemplars; false when the target opts out or an
    /// earlier target already fetches the exemplars of the same histogram.
    pub fetch_exemplars: bool,
    /// This query's aligned start, epoch ms (the panel's unless the target
    /// has its own `interval`).
    pub start_ms: i64,
    /// This query's aligned end, epoch ms.
    pub end_ms: i64,
    /// This query's step, ms.
    pub step_ms: i64,
}

impl PlannedQuery {
    /// Start in Prometheus's seconds form, e.g. `1706140800.5`.
    pub fn start_param(&self) -> String {
        seconds_param(self.start_ms)
    }
    /// End in Prometheus's seconds form.
    pub fn end_param(&self) -> String {
        seconds_param(self.end_ms)
    }
    /// Step in Prometheus's seconds form, e.g. `2` or `0.2`.
    pub fn step_param(&self) -> String {
        seconds_param(self.step_ms)
    }
}

/// Everything needed to fetch one panel refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryPlan {
    /// Aligned start, epoch ms.
    pub start_ms: i64,
    /// Aligned end, epoch ms.
    pub end_ms: i64,
    /// Query resolution, ms.
    pub step_ms: i64,
    /// `$__interval` in ms (before the 11k cap).
    pub interval_ms: i64,
    /// `$__rate_interval` in ms.
    pub rate_interval_ms: i64,
    /// One entry per visible target, in config order.
    pub queries: Vec<PlannedQuery>,
}

/// The outside facts a plan depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanContext {
    /// The current time, epoch ms.
    pub now_ms: i64,
    /// Grafana's `maxDataPoints`: the plot width in CSS px by default.
    pub max_data_points: u32,
    /// The viewer's UTC offset at `now`, minutes east of UTC.
    pub utc_offset_min: i32,
}

/// Parses `config` (`Spec::parse`) and plans one refresh: for callers that
/// hold only the contract (tests, fuzz targets, the benchmark). The panel
/// parses once and calls `plan`.
pub fn plan_queries(config: &PanelConfig, ctx: PlanContext) -> Result<QueryPlan, PlanError> {
    plan(&Spec::parse(config)?.query, ctx)
}

/// Builds the plan for one refresh. Times are resolved with checked
/// arithmetic and must lie within [`MIN_TIME_MS`]..=[`MAX_TIME_MS`], so no sum
/// or difference below can overflow.
pub fn plan(spec: &QuerySpec, ctx: PlanContext) -> Result<QueryPlan, PlanError> {
    let PlanContext { now_ms, max_data_points, utc_offset_min } = ctx;
    let resolve = |field: &'static str, expr: &crate::time::TimeExpr, round_up: bool| {
        let t = expr
            .resolve(now_ms, utc_offset_min, round_up)
            .map_err(|source| PlanError::Config(ConfigError::Time { field, source }))?;
        if (MIN_TIME_MS..=MAX_TIME_MS).contains(&t) {
            Ok(t)
        } else {
            Err(PlanError::OutOfRange { field, text: expr.text.clone() })
        }
    };
    let from_ms = resolve("from", &spec.from, false)?;
    let to_ms = resolve("to", &spec.to, true)?;
    if from_ms >= to_ms {
        return Err(PlanError::EmptyRange { from: spec.from.text.clone(), to: spec.to.text.clone() });
    }
    let scrape_ms = spec.scrape_interval_ms;
    // Both ends are within the years 1..=9999: the difference fits.
    let range_ms = to_ms.saturating_sub(from_ms);
    // Grafana uses 1500 when maxDataPoints is unset (0).
    let points = match spec.max_data_points.unwrap_or(max_data_points) {
        0 => 1500,
        p => i64::from(p),
    };
    let low_limit_ms = spec.min_interval_ms.unwrap_or(scrape_ms);
    let offset_ms = i64::from(utc_offset_min).saturating_mul(60_000);
    let window = |step_ms: i64| {
        let align = |t: i64| {
            let local = t.saturating_add(offset_ms);
            local.div_euclid(step_ms).saturating_mul(step_ms).saturating_sub(offset_ms)
        };
        (align(from_ms), align(to_ms))
    };
    let panel = Steps::compute(range_ms, points, low_limit_ms, None, scrape_ms);
    let (start_ms, end_ms) = window(panel.step_ms);

    let mut seen_histograms: Vec<String> = Vec::new();
    let mut queries = Vec::new();
    for t in &spec.targets {
        let steps = Steps::compute(range_ms, points, low_limit_ms, t.min_interval_ms, scrape_ms);
        let vars = Vars { interval_ms: steps.step_ms, rate_interval_ms: steps.rate_interval_ms, range_ms };
        let expr = vars.substitute(&t.expr);
        let fetch_exemplars = t.exemplar && !already_fetched(&expr, &mut seen_histograms);
        let (q_start, q_end) = window(steps.step_ms);
        queries.push(PlannedQuery {
            ref_id: t.ref_id.clone(),
            expr,
            legend_format: t.legend_format.clone(),
            fetch_exemplars,
            start_ms: q_start,
            end_ms: q_end,
            step_ms: steps.step_ms,
        });
    }
    Ok(QueryPlan {
        start_ms,
        end_ms,
        step_ms: panel.step_ms,
        interval_ms: panel.step_ms,
        rate_interval_ms: panel.rate_interval_ms,
        queries,
    })
}

/// The step and `$__rate_interval` of one query.
struct Steps {
    step_ms: i64,
    rate_interval_ms: i64,
}

impl Steps {
    /// `low_limit_ms`: the panel's min interval or the scrape interval (the
    /// frontend's floor); `own_min_ms`: the target's own min step, which
    /// replaces the frontend interval as the backend's minimum and the scrape
    /// interval in `$__rate_interval`, as in Grafana.
    fn compute(range_ms: i64, points: i64, low_limit_ms: i64, own_min_ms: Option<i64>, scrape_ms: i64) -> Self {
        let frontend_interval_ms =
            round_interval_ms(range_ms as f64 / points as f64, Rounding::Frontend).max(low_limit_ms);
        let min_ms = own_min_ms.unwrap_or(frontend_interval_ms);
        let raw_ms = range_ms / points;
        let calculated_ms = if raw_ms < min_ms { min_ms } else { round_interval_ms(raw_ms as f64, Rounding::Backend) };
        let safe_ms = round_interval_ms((range_ms / MAX_POINTS_PER_SERIES) as f64, Rounding::Backend);
        let step_ms = calculated_ms.max(safe_ms).max(min_step_for_point_cap(range_ms)).max(1);
        let min_step_ms = own_min_ms.unwrap_or(scrape_ms);
        // Durations come from the spec (each fits in i64); saturate rather than wrap.
        let rate_interval_ms = frontend_interval_ms.saturating_add(min_step_ms).max(min_step_ms.saturating_mul(4));
        Self { step_ms, rate_interval_ms }
    }
}

/// The smallest step (ms) that keeps `floor(range / step) + 1 <= 11000`.
pub fn min_step_for_point_cap(range_ms: i64) -> i64 {
    let gaps = MAX_POINTS_PER_SERIES - 1;
    // ceil(range / gaps) guarantees range / step <= gaps.
    range_ms.saturating_add(gaps - 1).div_euclid(gaps).max(1)
}

/// Which of Grafana's two rounding tables: they share thresholds, but the
/// frontend compares with `<` and the backend with `<=` (so 15ms → 20ms in the
/// frontend, 10ms in the backend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// grafana-data `rangeutil.ts` `roundInterval`.
    Frontend,
    /// grafana-plugin-sdk-go `gtime.RoundInterval`.
    Backend,
}

/// Rounds an interval to the nice values Grafana uses (10ms, 20ms, 50ms, … 1h, 1d, 1w, 30d, 1y).
///
/// Thresholds sit half-way between neighbours.
pub fn round_interval_ms(interval_ms: f64, rounding: Rounding) -> i64 {
    const TABLE: [(f64, i64); 30] = [
        (10.0, 1),
        (15.0, 10),
        (35.0, 20),
        (75.0, 50),
        (150.0, 100),
        (350.0, 200),
        (750.0, 500),
        (1_500.0, 1_000),
        (3_500.0, 2_000),
        (7_500.0, 5_000),
        (12_500.0, 10_000),
        (17_500.0, 15_000),
        (25_000.0, 20_000),
        (45_000.0, 30_000),
        (90_000.0, 60_000),
        (210_000.0, 120_000),
        (450_000.0, 300_000),
        (750_000.0, 600_000),
        (1_050_000.0, 900_000),
        (1_500_000.0, 1_200_000),
        (2_700_000.0, 1_800_000),
        (5_400_000.0, 3_600_000),
        (9_000_000.0, 7_200_000),
        (16_200_000.0, 10_800_000),
        (32_400_000.0, 21_600_000),
        (86_400_000.0, 43_200_000),
        (604_800_000.0, 86_400_000),
        (1_814_400_000.0, 604_800_000),
        (3_628_800_000.0, 2_592_000_000),
        (f64::INFINITY, 31_536_000_000),
    ];
    let last = TABLE.len() - 2; // the 30d row is strict `<` in both tables
    TABLE
        .iter()
        .enumerate()
        .find(|(i, (limit, _))| match rounding {
            Rounding::Backend if *i < last => interval_ms <= *limit,
            _ => interval_ms < *limit,
        })
        .map_or(31_536_000_000, |(_, (_, v))| *v)
}

/// Grafana's short interval text: only the largest whole unit (`90s` → `1m`).
pub fn format_interval_short(ms: i64) -> String {
    const UNITS: [(i64, &str); 6] =
        [(31_536_000_000, "y"), (86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s"), (1, "ms")];
    UNITS
        .iter()
        .find(|(unit_ms, _)| ms >= *unit_ms)
        .map_or_else(|| "1ms".to_string(), |(unit_ms, name)| format!("{}{name}", ms / unit_ms))
}

/// The built-in `$__…` variables of one refresh.
struct Vars {
    interval_ms: i64,
    rate_interval_ms: i64,
    range_ms: i64,
}

impl Vars {
    fn value(&self, name: &str) -> Option<String> {
        Some(match name {
            "__interval" => format_interval_short(self.interval_ms),
            "__interval_ms" => self.interval_ms.to_string(),
            "__rate_interval" => format_duration_ms(self.rate_interval_ms),
            "__rate_interval_ms" => self.rate_interval_ms.to_string(),
            "__range" => format!("{}s", self.range_s()),
            "__range_s" => self.range_s().to_string(),
            "__range_ms" => self.range_ms.to_string(),
            _ => return None,
        })
    }

    /// The range in whole seconds, rounded half away from zero.
    fn range_s(&self) -> i64 {
        (self.range_ms as f64 / 1000.0).round() as i64
    }

    /// Replaces `$name` and `${name}`; unknown variables stay as written.
    fn substitute(&self, expr: &str) -> String {
        crate::text::substitute(expr, crate::text::Syntax::Dollar, |name| self.value(name))
    }
}

/// True when every classic-histogram metric (`*_bucket`) of `expr` was already
/// fetched by an earlier target; records the new ones otherwise. Expressions
/// without a `_bucket` selector are always fetched.
fn already_fetched(expr: &str, seen: &mut Vec<String>) -> bool {
    let metrics = bucket_metrics(expr);
    if metrics.is_empty() {
        return false;
    }
    let all_seen = metrics.iter().all(|m| seen.contains(m));
    for m in metrics {
        if !seen.contains(&m) {
            seen.push(m);
        }
    }
    all_seen
}

/// Identifiers ending in `_bucket` outside strings and label matchers.
fn bucket_metrics(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_braces = 0u32;
    let mut quote: Option<char> = None;
    let mut ident = String::new();
    let flush = |ident: &mut String, out: &mut Vec<String>| {
        if ident.ends_with("_bucket") && !out.contains(ident) {
            out.push(std::mem::take(ident));
        }
        ident.clear();
    };
    let mut escaped = false;
    for c in expr.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
            if in_braces == 0 {
                ident.push(c);
            }
            continue;
        }
        flush(&mut ident, &mut out);
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '{' => in_braces += 1,
            '}' => in_braces = in_braces.saturating_sub(1),
            _ => {}
        }
    }
    flush(&mut ident, &mut out);
    out
}

/// Formats ms as decimal seconds without trailing zeros: 1500 → `1.5`, 2000 → `2`.
pub fn seconds_param(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let abs = ms.unsigned_abs();
    let (secs, frac) = (abs / 1000, abs % 1000);
    if frac == 0 {
        format!("{sign}{secs}")
    } else {
        let f = format!("{frac:03}");
        format!("{sign}{secs}.{}", f.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Target;

    const NOW: i64 = 1_764_000_123_456;

    fn ctx(max_data_points: u32) -> PlanContext {
        PlanContext { now_ms: NOW, max_data_points, utc_offset_min: 0 }
    }

    fn config(exprs: &[&str], from: &str, scrape: &str) -> PanelConfig {
        PanelConfig {
            targets: exprs
                .iter()
                .map(|e| Target {
                    ref_id: String::new(),
                    expr: (*e).to_string(),
                    legend_format: String::new(),
                    exemplar: true,
                    hide: false,
                    interval: String::new(),
                })
                .collect(),
            time: crate::config::TimeConfig { from: from.into(), to: "now".into() },
            scrape_interval: scrape.into(),
            ..PanelConfig::default()
        }
        .with_ref_ids()
    }

    /// The overflow the house issue found: `to - from` did not fit in i64
    /// (a panic in debug builds, nonsense times in release). Now a clear error
    /// that names the field; and nothing at the ends of the supported years,
    /// at any width or time zone, panics.
    #[test]
    fn times_beyond_the_years_1_to_9999_are_a_config_error_not_an_overflow() {
        let mut c = config(&["up"], "now-292000000y", "15s");
        c.time.to = "9000000000000000000".into();
        let err = plan_queries(&c, ctx(800));
        assert!(matches!(err, Err(PlanError::OutOfRange { field: "from", .. })), "{err:?}");
        let text = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("`time.from`") && text.contains("years 1 to 9999"), "{text}");
        c.time.from = "now-1h".into();
        assert!(matches!(plan_queries(&c, ctx(800)), Err(PlanError::OutOfRange { field: "to", .. })));
        for (from, to) in [
            ("-62135596800000", "253402300799999"),
            ("0", "253402300799999"),
            ("-62135596800000", "-62135596799999"),
            ("now-9000y", "now+7000y"),
            ("now/y", "now+1ms"),
        ] {
            for width in [0, 1, 200, 11_000, u32::MAX] {
                for (now_ms, offset) in [(NOW, 0), (NOW, 840), (NOW, -720), (MAX_TIME_MS, 840), (MIN_TIME_MS, -720)] {
                    c.time = crate::config::TimeConfig { from: from.into(), to: to.into() };
                    let ctx = PlanContext { now_ms, max_data_points: width, utc_offset_min: offset };
                    if let Ok(plan) = plan_queries(&c, ctx) {
                        assert!(plan.step_ms >= 1 && plan.start_ms <= plan.end_ms, "{from}..{to} at {width}");
                        let points = (plan.end_ms - plan.start_ms) / plan.step_ms + 1;
                        assert!(points <= MAX_POINTS_PER_SERIES, "{from}..{to} at {width}: {points} points");
                    }
                }
            }
        }
    }

    /// grafana-plugin-sdk-go gtime_test.go vectors (input ms → output ms).
    #[test]
    fn golden_backend_rounding() {
        let cases: [(f64, i64); 31] = [
            (9.0, 1),
            (14.0, 10),
            (34.0, 20),
            (74.0, 50),
            (140.0, 100),
            (320.0, 200),
            (740.0, 500),
            (1400.0, 1000),
            (3200.0, 2000),
            (7400.0, 5000),
            (12400.0, 10000),
            (17250.0, 15000),
            (23000.0, 20000),
            (42000.0, 30000),
            (85000.0, 60000),
            (200000.0, 120000),
            (420000.0, 300000),
            (720000.0, 600000),
            (1000000.0, 900000),
            (1250000.0, 1200000),
            (2500000.0, 1800000),
            (5200000.0, 3600000),
            (8500000.0, 7200000),
            (15000000.0, 10800000),
            (30000000.0, 21600000),
            (85000000.0, 43200000),
            (150000000.0, 86400000),
            (600000000.0, 86400000),
            (1500000000.0, 604800000),
            (3500000000.0, 2592000000),
            (40000000000.0, 31536000000),
        ];
        for (input, want) in cases {
            assert_eq!(round_interval_ms(input, Rounding::Backend), want, "{input}");
            assert_eq!(round_interval_ms(input, Rounding::Frontend), want, "{input}");
        }
    }

    #[test]
    fn boundaries_differ_between_frontend_and_backend() {
        assert_eq!(round_interval_ms(15.0, Rounding::Backend), 10);
        assert_eq!(round_interval_ms(15.0, Rounding::Frontend), 20);
        assert_eq!(round_interval_ms(1500.0, Rounding::Backend), 1000);
        assert_eq!(round_interval_ms(1500.0, Rounding::Frontend), 2000);
        assert_eq!(round_interval_ms(3_628_800_000.0, Rounding::Backend), 31_536_000_000);
    }

    /// grafana pkg/promlib/models prometheus_interval_test.go cases that depend
    /// only on range, maxDataPoints and the scrape interval (maxDataPoints 0 → 1500).
    #[test]
    fn golden_steps() {
        let cases = [
            ("now-12h", 0, "15s", 30_000),
            ("now-1h", 0, "15s", 15_000),
            ("now-48h", 0, "15s", 120_000),
            ("now-48h", 0, "240s", 240_000),
            ("now-1m", 0, "15s", 15_000),
            ("now-30d", 0, "15s", 1_800_000),
            ("now-5m", 1055, "15s", 15_000),
            ("now-1h", 10, "15s", 300_000),
            ("now-1h", 10_000, "15s", 15_000),
            ("now-1h", 1613, "30s", 30_000),
        ];
        for (from, points, scrape, want) in cases {
            let plan = plan_queries(&config(&["up"], from, scrape), ctx(points)).unwrap();
            assert_eq!(plan.step_ms, want, "{from} {points} {scrape}");
        }
    }

    #[test]
    fn rate_interval_is_max_of_interval_plus_scrape_and_four_scrapes() {
        let plan = plan_queries(&config(&["up"], "now-1h", "15s"), ctx(1000)).unwrap();
        assert_eq!(plan.rate_interval_ms, 60_000);
        let plan = plan_queries(&config(&["up"], "now-2d", "30s"), ctx(1728)).unwrap();
        // 2d / 1728 = 100s → frontend interval 2m; max(2m + 30s, 2m) = 2m30s.
        assert_eq!(plan.rate_interval_ms, 150_000);
    }

    #[test]
    fn start_and_end_are_floored_to_the_step() {
        let plan = plan_queries(&config(&["up"], "now-1h", "1s"), ctx(1000)).unwrap();
        assert_eq!(plan.step_ms, 5_000);
        assert_eq!(plan.start_ms % plan.step_ms, 0);
        assert_eq!(plan.end_ms % plan.step_ms, 0);
        assert!(plan.end_ms <= NOW && NOW - plan.end_ms < plan.step_ms);
        assert_eq!(plan.queries[0].step_param(), "5");
        assert_eq!((plan.queries[0].start_ms, plan.queries[0].end_ms), (plan.start_ms, plan.end_ms));
        // A 1d step aligns to local midnight.
        let c = config(&["up"], "now-1500d", "15s");
        let plan = plan_queries(&c, PlanContext { utc_offset_min: 120, ..ctx(1000) }).unwrap();
        assert_eq!(plan.step_ms, 86_400_000);
        assert_eq!((plan.start_ms + 7_200_000) % 86_400_000, 0);
    }

    #[test]
    fn no_series_exceeds_11000_points() {
        for (range, width, scrape) in [
            ("now-7d", 100_000u32, "1s"),
            ("now-30d", 1_000_000, "1ms"),
            ("now-1h", 4_000_000, "1ms"),
            ("now-11001s", 100_000, "1s"),
            ("now-132000s", 100_000, "1ms"),
        ] {
            let plan = plan_queries(&config(&["up"], range, scrape), ctx(width)).unwrap();
            let points = (plan.end_ms - plan.start_ms) / plan.step_ms + 1;
            assert!(points <= MAX_POINTS_PER_SERIES, "{range} {width}: {points} points");
        }
        assert_eq!(min_step_for_point_cap(10_999_000), 1000);
        assert_eq!(min_step_for_point_cap(10_999_001), 1001);
    }

    #[test]
    fn variables_are_substituted_in_both_forms() {
        let c = config(
            &["rate(x_bucket[$__rate_interval]) + ${__interval_ms} + $__range_s + $__interval + $__range_ms + $__range + $foo + $"],
            "now-1h",
            "15s",
        );
        let plan = plan_queries(&c, ctx(1000)).unwrap();
        assert_eq!(plan.queries[0].expr, "rate(x_bucket[1m]) + 15000 + 3600 + 15s + 3600000 + 3600s + $foo + $");
    }

    #[test]
    fn short_interval_text_keeps_the_largest_unit() {
        assert_eq!(format_interval_short(90_000), "1m");
        assert_eq!(format_interval_short(30), "30ms");
        assert_eq!(format_interval_short(86_400_000), "1d");
        assert_eq!(format_interval_short(0), "1ms");
    }

    #[test]
    fn exemplars_of_one_histogram_are_fetched_once() {
        let c = config(
            &[
                "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))",
                "histogram_quantile(0.5, sum(rate(http_request_duration_seconds_bucket{route=\"/x_bucket\"}[5m])) by (le))",
                "histogram_quantile(0.5, sum(rate(other_bucket[5m])) by (le))",
                "sum(rate(http_requests_total[5m]))",
            ],
            "now-1h",
            "15s",
        );
        let plan = plan_queries(&c, ctx(1000)).unwrap();
        let fetch: Vec<bool> = plan.queries.iter().map(|q| q.fetch_exemplars).collect();
        assert_eq!(fetch, [true, false, true, true]);
    }

    #[test]
    fn empty_range_is_an_error() {
        let mut c = config(&["up"], "now", "15s");
        assert!(matches!(plan_queries(&c, ctx(1000)), Err(PlanError::EmptyRange { .. })));
        c.time.from = "now+1h".into();
        assert!(plan_queries(&c, ctx(1000)).is_err());
    }

    #[test]
    fn seconds_params() {
        assert_eq!(seconds_param(1_706_140_800_000), "1706140800");
        assert_eq!(seconds_param(1_706_140_800_500), "1706140800.5");
        assert_eq!(seconds_param(200), "0.2");
        assert_eq!(seconds_param(-1500), "-1.5");
    }

    #[test]
    fn max_data_points_from_the_config_replaces_the_width() {
        let mut c = config(&["up"], "now-1h", "1s");
        c.max_data_points = Some(100);
        // 3600s / 100 = 36s, rounded to 30s.
        let plan = plan_queries(&c, ctx(1000)).unwrap();
        assert_eq!(plan.step_ms, 30_000);
        c.max_data_points = Some(0);
        assert_eq!(plan_queries(&c, ctx(1000)).unwrap().step_ms, 5_000, "0 means unset, as in Grafana");
    }

    #[test]
    fn the_panel_min_interval_is_the_frontend_floor() {
        let mut c = config(&["rate(x[$__rate_interval]) $__interval"], "now-1h", "15s");
        c.interval = ">1m".into();
        let plan = plan_queries(&c, ctx(1000)).unwrap();
        // 3.6s rounds to 5s, below the 1m floor: step 1m; rate = max(1m + 15s, 4 × 15s).
        assert_eq!(plan.step_ms, 60_000);
        assert_eq!(plan.rate_interval_ms, 75_000);
        assert_eq!(plan.queries[0].expr, "rate(x[1m15s]) 1m");
        c.interval = "often".into();
        assert!(plan_queries(&c, ctx(1000)).is_err(), "a bad interval is a config error");
    }

    #[test]
    fn a_target_interval_gives_that_target_its_own_step_and_rate_interval() {
        let mut c = config(&["a[$__rate_interval]", "b[$__rate_interval]"], "now-1h", "15s");
        c.targets[1].interval = "2m".into();
        let plan = plan_queries(&c, ctx(1000)).unwrap();
        let (a, b) = (&plan.queries[0], &plan.queries[1]);
        // A: 1h / 1000 → 5s below the 15s scrape floor: 15s; rate max(15s + 15s, 60s) = 1m.
        assert_eq!((a.step_ms, a.expr.as_str()), (15_000, "a[1m]"));
        // B: its own 2m minimum; rate max(15s + 2m, 4 × 2m) = 8m.
        assert_eq!((b.step_ms, b.expr.as_str()), (120_000, "b[8m]"));
        assert_eq!(b.start_ms % 120_000, 0);
        assert_eq!(plan.step_ms, 15_000, "the panel's own step ignores target intervals");
    }
}
