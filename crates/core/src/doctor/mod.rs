//! The exemplar doctor: why does the panel show no exemplars?
//!
//! From the backend's answers ([`request`] describes what is asked; each
//! answer may be missing, failed, or blocked by CORS) it decides a list of
//! [`Check`]s, each with a stable id, a status and a finding; a problem comes
//! with a fix in one sentence naming the flag, config key or label.
//!
//! Rules:
//! - a check whose facts cannot be read is `unknown`, never guessed; a check
//!   that follows from an earlier problem (no exemplars because storage is
//!   off) is `unknown` too, so exactly the cause is named a `problem`;
//! - messages name the backend as detected ([`facts::BackendKind::name`]),
//!   "the backend" when it cannot be told;
//! - times are shown in the viewer's local time (`%H:%M:%S`);
//! - nothing here panics on any answer: bodies are parsed leniently.

mod checks;
pub mod facts;
pub mod request;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::config::{Backend, Spec, TraceDestination};
use crate::http::HttpRequest;
use crate::query::{plan, PlanContext, PlanError, QueryPlan};
use crate::time::zone::LocalOffset;

pub use checks::diagnose;
pub use facts::{Answer, Answers};
pub use request::{doctor_requests, Probe};

/// Every check's id, in the report's order: the TypeScript `DoctorCheck.id`
/// (generated), and what the tests hold every report to.
#[cfg(any(test, feature = "schema"))]
pub const CHECK_IDS: [&str; 8] = [
    "backend",
    "exemplar-storage",
    "storage",
    "coverage",
    "series-without-exemplars",
    "scrape-targets",
    "trace-label",
    "cors",
];

/// A check's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "DoctorStatus"))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fine.
    Ok,
    /// A cause of missing exemplars: see the fix.
    Problem,
    /// Could not be decided from what the backend let the panel read.
    Unknown,
}

impl Status {
    /// `ok`, `problem` or `unknown`: the `data-status` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Problem => "problem",
            Status::Unknown => "unknown",
        }
    }
}

/// One check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "DoctorCheck"))]
pub struct Check {
    /// Stable id (the report's order): `backend`, `exemplar-storage`, `storage`, `coverage`,
    /// `series-without-exemplars`, `scrape-targets`, `trace-label`, `cors`.
    #[cfg_attr(feature = "schema", schemars(schema_with = "check_id_schema"))]
    pub id: &'static str,
    /// Its outcome.
    pub status: Status,
    /// What was found, one or two sentences.
    pub finding: String,
    /// For a problem: what to do, one sentence naming the flag, key or label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// A span of the panel's range where no exemplar can exist (shaded on the chart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "DoctorBand"))]
#[serde(rename_all = "camelCase")]
pub struct Band {
    /// Start, epoch ms.
    pub from_ms: i64,
    /// End, epoch ms.
    pub to_ms: i64,
}

/// A one-click fix for the wrong label: set destination `destination`'s
/// `name` to `label`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "DoctorLabelFix"))]
#[serde(rename_all = "camelCase")]
pub struct LabelFix {
    /// Index into `exemplarTraceIdDestinations`.
    pub destination: usize,
    /// The label the exemplars carry.
    pub label: String,
}

/// What the doctor found: `panel.diagnose()` returns this as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "DoctorReport"))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The backend, as detected (`Prometheus 2.42.0+ds`, `VictoriaMetrics`, `the backend`).
    pub backend: String,
    /// The checks, in a fixed order.
    pub checks: Vec<Check>,
    /// Where exemplars have been dropped from the ring buffer, when they have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage_gap: Option<Band>,
    /// The wrong-label fix, when the exemplars carry another label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_fix: Option<LabelFix>,
}

/// `DoctorCheck.id`'s schema: the string enum of [`CHECK_IDS`].
#[cfg(feature = "schema")]
fn check_id_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": CHECK_IDS })
}

#[cfg(test)]
impl Report {
    /// The check with `id`.
    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Whether any check found a problem.
    pub fn has_problem(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Problem)
    }
}

/// Everything a diagnosis reads besides the answers.
pub struct DoctorInput<'a> {
    /// The answers, by probe.
    pub answers: &'a Answers,
    /// The refIds of the exemplar-enabled queries, in probe order.
    pub ref_ids: &'a [String],
    /// The panel's range, epoch ms.
    pub start_ms: i64,
    /// Its end, epoch ms.
    pub end_ms: i64,
    /// Its step, ms (the coverage check's tolerance).
    pub step_ms: i64,
    /// The trace destinations (the label check).
    pub destinations: &'a [TraceDestination],
    /// The page's origin, for the CORS check (`http://host:port`).
    pub page_origin: &'a str,
    /// The viewer's time zone.
    pub tz: &'a dyn LocalOffset,
}

/// What one diagnosis of a config asks: its backend, and its queries as the
/// panel would plan them now.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// Where and how.
    pub backend: Backend,
    /// The panel's queries now.
    pub plan: QueryPlan,
}

impl Visit {
    /// Plans a diagnosis of the panel of `spec` at `ctx`.
    pub fn plan(spec: &Spec, ctx: PlanContext) -> Result<Self, PlanError> {
        let plan = plan(&spec.query, ctx)?;
        Ok(Self { backend: spec.query.backend.clone(), plan })
    }

    /// Every request, by probe.
    pub fn requests(&self) -> Vec<(Probe, HttpRequest)> {
        doctor_requests(&self.backend, &self.plan.queries)
    }

    /// The report on `answers` (to [`Visit::requests`]), for a page at
    /// `page_origin` in time zone `tz`.
    pub fn report(&self, spec: &Spec, answers: &Answers, page_origin: &str, tz: &dyn LocalOffset) -> Report {
        let ref_ids: Vec<String> = request::exemplar_queries(&self.plan.queries).map(|q| q.ref_id.clone()).collect();
        diagnose(&DoctorInput {
            answers,
            ref_ids: &ref_ids,
            start_ms: self.plan.start_ms,
            end_ms: self.plan.end_ms,
            step_ms: self.plan.step_ms,
            destinations: &spec.config.exemplar_trace_id_destinations,
            page_origin,
            tz,
        })
    }
}

/// Where `band` falls on the plot of `layout`: `(left, width)` in CSS px,
/// clipped to the data area; `None` when it is outside or empty.
pub fn band_css(layout: &crate::render::layout::Layout, band: Band) -> Option<(f64, f64)> {
    let left = layout.css_from_time(band.from_ms).max(layout.plot.left);
    let right = layout.css_from_time(band.to_ms).min(layout.plot.right);
    (right > left && left.is_finite() && right.is_finite()).then_some((left, right - left))
}

/// Whether a panel whose queries ask for exemplars (`asked`) got none: the
/// doctor's control then shows on its own.
pub fn shows_by_itself(asked: bool, model: Option<&crate::model::PanelModel>) -> bool {
    asked && model.is_some_and(|m| m.exemplars.is_empty())
}
