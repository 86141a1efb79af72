//! The fetching half of the panel machine: what is queried, when, and what
//! came back. It knows nothing of pixels or pointers; the composed machine
//! ([`super::PanelMachine`]) feeds it the spec's query, the plot's width and
//! the timers, and builds frames from the model it holds.
//!
//! Rules:
//! - **Generations.** Every fetch gets a new generation; an answer whose
//!   generation is not the newest is dropped, whatever it says.
//! - **No stacking.** A refresh tick while the same query is in flight is
//!   skipped; a changed query aborts the older fetch first.
//! - **Stale, not gone.** A failed refresh keeps the last chart, marked stale
//!   with the reason; a failed first load (or a new query) shows only the reason.
//! - **Config errors** abort whatever is in flight: it was for the old config.
//! - **No width, no fetch**: maxDataPoints is the plot width, as in Grafana.
//! - **The schedule** (`schedule.rs`): phases hashed from the query, paused
//!   while unseen, catch-up, backoff; one timer at a time ([`Command::WakeAt`]).

use std::sync::Arc;

use crate::config::{ConfigError, QuerySpec};
use crate::model::{build_model, ColorRegistry, NoticeLevel, PanelModel, TargetData};
use crate::query::{plan, PlanContext, QueryPlan};
use crate::time::zone::{format_instant, format_local, LocalOffset, TimeFormat};

use super::schedule::{phase_key, retry_after_ms, Schedule, TickDecision};
use super::{Clock, Command};

/// Why a fetch gave no data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchFailure {
    /// Aborted by a newer fetch or by the panel going away: nothing to show.
    Aborted,
    /// A failure to show, already in words (the client's message, with the target's refId).
    Failed {
        /// What went wrong, for the user.
        message: String,
    },
    /// The backend answered 429 or 503: shown like `Failed`, and every
    /// refresh waits (for `Retry-After` when it came, else a growing backoff).
    Throttled {
        /// What went wrong, for the user.
        message: String,
        /// The `Retry-After` header as sent (seconds or an HTTP date), if any.
        retry_after: Option<String>,
    },
}

/// What happened to the fetching side: timers, visibility, answers.
#[derive(Debug, Clone)]
pub enum FetchEvent {
    /// The refresh timer fired (the shell sets it from [`Command::WakeAt`]).
    Tick(Clock),
    /// The host's `refresh()`: query again now (not while in flight or held by a backoff).
    RefreshNow(Clock),
    /// Whether anyone can see the panel: the page is visible and the panel on screen.
    Seen(bool, Clock),
    /// A fetch finished.
    Fetched {
        /// The generation of the fetch.
        generation: u64,
        /// Its answers, per target, or why there are none.
        result: Result<Vec<TargetData>, FetchFailure>,
        /// When it finished.
        clock: Clock,
    },
}

/// What the panel shows.
#[derive(Debug, Clone, Default)]
pub enum Load {
    /// The first fetch of a query is running.
    #[default]
    Loading,
    /// Data to draw.
    Ready(Arc<PanelModel>),
    /// Why there is nothing to draw.
    Failed(String),
}

/// A refresh that failed while the chart still shows older data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// When the refresh failed, epoch ms.
    pub failed_at_ms: i64,
    /// Why.
    pub message: String,
    /// When the shown data was loaded, epoch ms.
    pub data_of_ms: i64,
}

impl Stale {
    /// The sentence the panel shows.
    pub fn text(&self, tz: &dyn LocalOffset) -> String {
        format!(
            "Refresh failed at {}: {} The chart still shows the data of {}.",
            format_instant(self.failed_at_ms, tz),
            self.message,
            format_instant(self.data_of_ms, tz)
        )
    }

    /// The legend's line under stale (greyed) lines: their time and why.
    pub fn legend_text(&self, tz: &dyn LocalOffset) -> String {
        let message = self.message.trim_end_matches('.');
        format!(
            "Greyed: data of {}; the refresh failed: {message}",
            format_local(self.data_of_ms, tz, TimeFormat::Seconds)
        )
    }
}

#[derive(Debug, Clone)]
struct Flight {
    generation: u64,
    plan: Arc<QueryPlan>,
    refreshing: bool,
}

/// The fetching state of one panel.
#[derive(Debug, Default)]
pub struct Fetching {
    seed: u64,
    schedule: Schedule,
    wake: Option<i64>,
    query: Option<Arc<QuerySpec>>,
    refresh_ms: Option<i64>,
    width_css: f64,
    generation: u64,
    last_query: Option<Arc<QuerySpec>>,
    flight: Option<Flight>,
    load: Load,
    stale: Option<Stale>,
    loaded_at_ms: i64,
    colors: ColorRegistry,
}

impl Fetching {
    /// Refresh phases hashed with `seed` (one per page, so panels on one page
    /// with the same query tick together, and pages do not).
    pub fn with_seed(seed: u64) -> Self {
        Self { seed, ..Self::default() }
    }

    /// What is fetched changed (or why there is nothing to fetch).
    pub fn set_query(&mut self, query: Result<Arc<QuerySpec>, ConfigError>, clock: Clock, out: &mut Vec<Command>) {
        match query {
            Ok(query) => {
                if self.query.as_deref() != Some(&*query) {
                    self.schedule.set_every(self.refresh_ms, phase_key(&*query, self.seed), clock.now_ms);
                }
                self.query = Some(query);
                self.maybe_fetch(clock, false, out);
            }
            Err(e) => {
                self.query = None;
                self.last_query = None;
                self.abort_flight(out);
                self.generation = self.generation.wrapping_add(1);
                self.stale = None;
                self.load = Load::Failed(e.to_string());
            }
        }
    }

    /// The auto-refresh interval (`None`: off).
    pub fn set_refresh(&mut self, every_ms: Option<i64>, clock: Clock) {
        if every_ms == self.refresh_ms && self.schedule.every_ms() == every_ms {
            return;
        }
        self.refresh_ms = every_ms;
        let key = self.query.as_deref().map_or(0, |q| phase_key(q, self.seed));
        self.schedule.set_every(every_ms, key, clock.now_ms);
    }

    /// The plot's width, CSS px: the first one starts the first fetch.
    pub fn set_width(&mut self, width_css: f64, clock: Clock, out: &mut Vec<Command>) {
        let had_width = self.width_css > 0.0;
        self.width_css = width_css;
        if !had_width {
            self.maybe_fetch(clock, false, out);
        }
    }

    /// Handles a timer, visibility or answer event; true when the model changed.
    pub fn handle(&mut self, event: FetchEvent, out: &mut Vec<Command>) -> bool {
        match event {
            FetchEvent::Tick(clock) => {
                self.wake = None; // the shell's timer fired: it is gone, so ask again
                if let TickDecision::Fetch { plan_at_ms } = self.schedule.tick(clock.now_ms) {
                    self.maybe_fetch(Clock { now_ms: plan_at_ms, ..clock }, true, out);
                }
            }
            FetchEvent::RefreshNow(clock) => {
                if self.schedule.may_fetch(clock.now_ms) {
                    self.maybe_fetch(clock, true, out);
                }
            }
            FetchEvent::Seen(seen, clock) => {
                if let Some(plan_at_ms) = self.schedule.set_seen(seen, clock.now_ms) {
                    self.maybe_fetch(Clock { now_ms: plan_at_ms, ..clock }, true, out);
                }
            }
            FetchEvent::Fetched { generation, result, clock } => return self.fetched(generation, result, clock),
        }
        false
    }

    /// Painting failed: the panel shows why instead of a chart.
    pub fn paint_failed(&mut self, message: String) {
        self.stale = None;
        self.load = Load::Failed(message);
    }

    /// The panel goes away: abort what is in flight, drop every later answer, no timer.
    pub fn destroy(&mut self, out: &mut Vec<Command>) {
        self.abort_flight(out);
        self.generation = self.generation.wrapping_add(1);
        self.schedule = Schedule::default();
    }

    /// Asks for the timer the schedule needs, when it changed.
    pub fn arm(&mut self, out: &mut Vec<Command>) {
        let wake = self.schedule.wake_at();
        if wake != self.wake {
            self.wake = wake;
            out.push(Command::WakeAt(wake));
        }
    }

    /// What the panel shows.
    pub fn load(&self) -> &Load {
        &self.load
    }

    /// The model shown, if any.
    pub fn model(&self) -> Option<&Arc<PanelModel>> {
        match &self.load {
            Load::Ready(m) => Some(m),
            _ => None,
        }
    }

    /// The failed refresh the chart is marked with, if any.
    pub fn stale(&self) -> Option<&Stale> {
        self.stale.as_ref()
    }

    /// `data-state`: `loading`, `ready`, `stale` or `error`.
    pub fn state_name(&self) -> &'static str {
        match (&self.load, &self.stale) {
            (_, Some(_)) => "stale",
            (Load::Loading, None) => "loading",
            (Load::Ready(_), None) => "ready",
            (Load::Failed(_), None) => "error",
        }
    }

    /// The error line: the failure, or the stale note.
    pub fn failure_text(&self, tz: &dyn LocalOffset) -> Option<String> {
        match &self.load {
            Load::Failed(m) => Some(m.clone()),
            _ => self.stale.as_ref().map(|s| s.text(tz)),
        }
    }

    /// The legend's line while the lines are stale ([`Stale::legend_text`]).
    pub fn stale_legend(&self, tz: &dyn LocalOffset) -> Option<String> {
        match &self.load {
            Load::Failed(_) => None,
            _ => self.stale.as_ref().map(|s| s.legend_text(tz)),
        }
    }

    /// Notices about refreshing: paused while unseen, or held by a backoff.
    pub fn refresh_notices(&self, tz: &dyn LocalOffset) -> Vec<(NoticeLevel, String)> {
        let mut out = Vec::new();
        if self.schedule.paused() {
            out.push((NoticeLevel::Info, "paused: not visible".to_string()));
        }
        if let Some(b) = self.schedule.backoff() {
            let at = format_local(b.until_ms, tz, TimeFormat::Seconds);
            out.push((NoticeLevel::Warning, format!("the backend asked us to slow down; next try at {at}")));
        }
        out
    }

    /// The generation of the newest fetch.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The timer the schedule wants, epoch ms.
    pub fn wake_at(&self) -> Option<i64> {
        self.schedule.wake_at()
    }

    /// The page seed the phases are hashed with.
    #[cfg(test)]
    pub(crate) fn seed(&self) -> u64 {
        self.seed
    }

    fn abort_flight(&mut self, out: &mut Vec<Command>) {
        if let Some(f) = self.flight.take() {
            out.push(Command::Abort { generation: f.generation });
        }
    }

    /// Starts a fetch when there is a query and a width; a tick skips while
    /// the same query is in flight.
    fn maybe_fetch(&mut self, clock: Clock, tick: bool, out: &mut Vec<Command>) {
        let Some(query) = self.query.clone() else { return };
        if self.width_css <= 0.0 {
            return;
        }
        let same_query = self.last_query.as_ref().is_some_and(|q| **q == *query);
        if same_query && self.flight.is_some() {
            return; // a refresh (or the same config again) while it is in flight
        }
        if same_query && !tick && self.flight.is_none() && matches!(self.load, Load::Ready(_) | Load::Failed(_)) {
            return; // the same query again (e.g. a theme change): nothing to fetch
        }
        self.last_query = Some(Arc::clone(&query));
        self.abort_flight(out);
        self.generation = self.generation.wrapping_add(1);
        let refreshing = same_query && matches!(self.load, Load::Ready(_));
        if !refreshing {
            self.stale = None;
            self.load = Load::Loading;
        }
        let ctx = PlanContext {
            now_ms: clock.now_ms,
            max_data_points: self.width_css.round().clamp(0.0, f64::from(u32::MAX)) as u32,
            utc_offset_min: clock.utc_offset_min,
        };
        match plan(&query, ctx) {
            Ok(plan) => {
                let plan = Arc::new(plan);
                self.flight = Some(Flight { generation: self.generation, plan: Arc::clone(&plan), refreshing });
                out.push(Command::Fetch { generation: self.generation, backend: query.backend.clone(), plan });
            }
            Err(e) => self.failed(e.to_string(), refreshing, clock),
        }
    }

    fn fetched(&mut self, generation: u64, result: Result<Vec<TargetData>, FetchFailure>, clock: Clock) -> bool {
        if generation != self.generation {
            return false; // a newer fetch owns the panel now
        }
        let Some(flight) = self.flight.take() else { return false };
        match result {
            Ok(data) => {
                self.schedule.succeeded();
                let mut model = build_model(&flight.plan, data);
                self.colors.assign(&mut model);
                self.load = Load::Ready(Arc::new(model));
                self.loaded_at_ms = clock.now_ms;
                self.stale = None;
                return true;
            }
            Err(FetchFailure::Aborted) => {}
            Err(FetchFailure::Failed { message }) => self.failed(message, flight.refreshing, clock),
            Err(FetchFailure::Throttled { message, retry_after }) => {
                let until = retry_after.as_deref().and_then(|h| retry_after_ms(h, clock.now_ms));
                self.schedule.throttled(clock.now_ms, until, unit_jitter(generation, clock.now_ms));
                self.failed(message, flight.refreshing, clock);
            }
        }
        false
    }

    fn failed(&mut self, message: String, refreshing: bool, clock: Clock) {
        if refreshing && matches!(self.load, Load::Ready(_)) {
            self.stale = Some(Stale { failed_at_ms: clock.now_ms, message, data_of_ms: self.loaded_at_ms });
        } else {
            self.stale = None;
            self.load = Load::Failed(message);
        }
    }
}

/// A number in [0, 1) from a generation and a time (splitmix64): the
/// backoff's jitter, so throttled viewers do not come back together.
fn unit_jitter(generation: u64, now_ms: i64) -> f64 {
    let mut z = generation ^ now_ms.unsigned_abs().rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
#[path = "tests/fetching.rs"]
mod tests;
