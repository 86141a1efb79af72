//! The panel as a pure state machine: `(state, event) → commands`.
//!
//! The browser shell (`web/`) turns DOM events, timers and fetch results into
//! [`Event`]s, hands them to [`PanelMachine::handle`], and carries out the
//! [`Command`]s it gets back (fetch, abort, zoom, activate). Everything that
//! decides lives here and is unit-tested natively, transition by transition,
//! including the races the end-to-end tests cover.
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
//! - **Selection.** A new model clears it; a resize or a filter keeps it while
//!   the exemplar is still shown. Hover never changes a pinned selection.
//! - **Drags.** A plain drag zooms to its times; a shift-drag draws a box of
//!   exemplars (time × value, in data space: see `crate::config::ExemplarBox`),
//!   which Escape clears. Either shorter than [`DRAG_MIN_CSS`] is a click.
//! - **Keys.** ←/→ step through the exemplars, Enter activates, Escape unpins
//!   and clears the box; Shift+←/→ draws a box by keyboard (see `keybox`).
//! - Times are epoch ms; pointer positions CSS px relative to the plot element.

mod boxed;
pub mod controls;
mod keybox;
#[cfg(any(test, feature = "bench"))]
pub mod replay;
mod schedule;
mod view;

use std::sync::Arc;

use crate::config::{Backend, ConfigError, ExemplarBox, QuerySpec};
use crate::interact::frame::Frame;
use crate::model::{build_model, ColorRegistry, NoticeLevel, PanelModel, TargetData};
use crate::query::{plan, PlanContext, QueryPlan};
use crate::time::zone::{format_instant, format_local, LocalOffset, TimeFormat};
pub use schedule::retry_after_ms;
use schedule::{phase_key, Schedule, TickDecision};

pub use boxed::{box_contents, box_detail};
pub use keybox::box_announcement;
pub use view::{
    event_detail, exemplar_count_text, legend_items, notices, resolve_selection, sort_order_of_option, table_more_text,
    table_rows, table_toggle_label, LegendItem, Selection, TableRow, TableRows, TooltipPlacement,
};

/// A drag shorter than this (CSS px) is a click, not a zoom.
pub const DRAG_MIN_CSS: f64 = 5.0;

/// Pointer distance (CSS px) within which a dot counts as hovered.
pub const HOVER_RADIUS_CSS: f64 = 8.0;

/// The clock and time zone at the moment of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Now, epoch ms.
    pub now_ms: i64,
    /// The viewer's UTC offset, minutes east of UTC.
    pub utc_offset_min: i32,
}

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

/// A keyboard key the plot acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Next exemplar in time.
    Right,
    /// Previous exemplar in time.
    Left,
    /// Pin and activate the selected exemplar.
    Enter,
    /// Unpin and clear the box.
    Escape,
    /// Shift+→: extend the keyboard box to the next exemplar.
    ExtendRight,
    /// Shift+←: extend the keyboard box to the previous exemplar.
    ExtendLeft,
}

impl Key {
    /// The key of a `KeyboardEvent.key` (with `shift` held or not), if the plot acts on it.
    pub fn from_dom(key: &str, shift: bool) -> Option<Self> {
        Some(match key {
            "ArrowRight" if shift => Self::ExtendRight,
            "ArrowLeft" if shift => Self::ExtendLeft,
            "ArrowRight" => Self::Right,
            "ArrowLeft" => Self::Left,
            "Enter" => Self::Enter,
            "Escape" => Self::Escape,
            _ => return None,
        })
    }
}

/// Something that happened to the panel.
#[derive(Debug, Clone)]
pub enum Event {
    /// The effective config changed: what it fetches, or why it cannot.
    Config(Result<Arc<QuerySpec>, ConfigError>, Clock),
    /// The plot's width, CSS px.
    Width(f64, Clock),
    /// The refresh timer fired (the shell sets it from [`Command::WakeAt`]).
    Tick(Clock),
    /// The host's `refresh()`: query again now (not while in flight or held by a backoff).
    RefreshNow(Clock),
    /// The auto-refresh interval (`None`: off).
    Refresh(Option<i64>, Clock),
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
    /// A new frame (model × size × filters × theme) was built and painted;
    /// `None` when there is nothing to draw (no model or no size).
    Frame(Option<Arc<Frame>>),
    /// Painting failed: the panel shows why.
    PaintFailed(String),
    /// Primary button pressed on the plot (not on the tooltip).
    PointerDown {
        /// CSS px.
        x_css: f64,
        /// CSS px.
        y_css: f64,
        /// Shift was held: the drag draws a box of exemplars instead of zooming.
        boxing: bool,
    },
    /// The pointer moved over the plot; `over_tooltip` when it is on the tooltip.
    PointerMove {
        /// CSS px.
        x_css: f64,
        /// CSS px.
        y_css: f64,
        /// On the tooltip (hover does not change the selection there).
        over_tooltip: bool,
    },
    /// Button released.
    PointerUp {
        /// CSS px.
        x_css: f64,
    },
    /// The pointer left the plot.
    PointerLeave,
    /// A click on the plot (not on the tooltip).
    Click {
        /// CSS px.
        x_css: f64,
        /// CSS px.
        y_css: f64,
    },
    /// A click on the tooltip: ends a drag's click without acting.
    TooltipClick,
    /// A key on the focused plot.
    Key(Key),
    /// A row of the exemplar table was chosen.
    PickRow(usize),
    /// The tooltip's close button.
    Unpin,
    /// The panel goes away.
    Destroy,
}

/// What the shell must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Fetch every query of `plan` from `backend`, then send [`Event::Fetched`]
    /// with this generation; abort it after `backend.timeout_ms`.
    Fetch {
        /// The generation to report back.
        generation: u64,
        /// Where and how.
        backend: Backend,
        /// The requests.
        plan: Arc<QueryPlan>,
    },
    /// Abort the fetch of this generation.
    Abort {
        /// The generation.
        generation: u64,
    },
    /// Show this range (a drag on the plot), remembering the current one for "zoom back".
    Zoom {
        /// Start, epoch ms.
        from_ms: i64,
        /// End, epoch ms.
        to_ms: i64,
    },
    /// Exemplar `index` was activated (click, Enter): fire `exemplar-click`
    /// and, unless the host prevents it, open its first link.
    Activate {
        /// Index into the model's exemplars.
        index: usize,
    },
    /// The key was handled: the shell calls `preventDefault()`.
    ConsumeKey,
    /// Keep this box of exemplars (`None`: clear it): the shell writes it to
    /// the view (so the config and URL keep it) and tells the host (`exemplar-box`).
    SetBox(Option<ExemplarBox>),
    /// Send [`Event::Tick`] at this instant, epoch ms (replacing any earlier
    /// timer); `None`: no timer.
    WakeAt(Option<i64>),
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
}

#[derive(Debug, Clone)]
struct Flight {
    generation: u64,
    plan: Arc<QueryPlan>,
    refreshing: bool,
}

/// The panel's state.
#[derive(Debug, Default)]
pub struct PanelMachine {
    seed: u64,
    schedule: Schedule,
    wake: Option<i64>,
    query: Option<Arc<QuerySpec>>,
    width_css: f64,
    generation: u64,
    last_query: Option<Arc<QuerySpec>>,
    flight: Option<Flight>,
    load: Load,
    stale: Option<Stale>,
    loaded_at_ms: i64,
    colors: ColorRegistry,
    frame: Option<Arc<Frame>>,
    selected: Option<usize>,
    pinned: bool,
    drag: Option<Drag>,
    dragged: bool,
    keybox: Option<keybox::KeyBox>,
}

/// A drag in progress, CSS px.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    from: (f64, f64),
    to: (f64, f64),
    boxing: bool,
}

impl Drag {
    fn long_enough(&self) -> bool {
        let (dx, dy) = ((self.to.0 - self.from.0).abs(), (self.to.1 - self.from.1).abs());
        if self.boxing {
            dx > DRAG_MIN_CSS && dy > DRAG_MIN_CSS
        } else {
            dx > DRAG_MIN_CSS
        }
    }
}

impl PanelMachine {
    /// A panel before its first event: loading.
    #[cfg(test)]
    pub fn new() -> Self {
        Self::default()
    }

    /// A panel whose refresh phases are hashed with `seed` (one per page, so
    /// panels on one page with the same query tick together, and pages do not).
    pub fn with_seed(seed: u64) -> Self {
        Self { seed, ..Self::default() }
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

    /// What the panel shows.
    pub fn load(&self) -> &Load {
        &self.load
    }

    /// The model shown, if any.
    pub fn model(&self) -> Option<Arc<PanelModel>> {
        match &self.load {
            Load::Ready(m) => Some(Arc::clone(m)),
            _ => None,
        }
    }

    /// The failed refresh the chart is marked with, if any.
    #[cfg(test)]
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

    /// The current frame.
    pub fn frame(&self) -> Option<Arc<Frame>> {
        self.frame.clone()
    }

    /// The selected exemplar (an index into the model's exemplars).
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Whether the selection is pinned (clicked, Enter, a table row).
    pub fn pinned(&self) -> bool {
        self.pinned
    }

    /// The zoom rectangle's two x positions (CSS px) while a drag is long enough to zoom.
    pub fn zoom_box(&self) -> Option<(f64, f64)> {
        self.drag.filter(|d| !d.boxing && d.long_enough()).map(|d| (d.from.0, d.to.0))
    }

    /// The two corners (CSS px) of a box being drawn, once it is large enough.
    pub fn box_drag(&self) -> Option<((f64, f64), (f64, f64))> {
        self.drag.filter(|d| d.boxing && d.long_enough()).map(|d| (d.from, d.to))
    }

    /// The generation of the newest fetch.
    #[cfg(test)]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Handles one event; returns what the shell must do, in order.
    pub fn handle(&mut self, event: Event) -> Vec<Command> {
        let mut out = Vec::new();
        match event {
            Event::Config(Ok(query), clock) => {
                if self.query.as_deref() != Some(&*query) {
                    let every = self.schedule.every_ms();
                    self.schedule.set_every(every, phase_key(&format!("{query:?}"), self.seed), clock.now_ms);
                }
                self.query = Some(query);
                self.maybe_fetch(clock, false, &mut out);
            }
            Event::Config(Err(e), _) => {
                self.query = None;
                self.last_query = None;
                self.abort_flight(&mut out);
                self.generation = self.generation.wrapping_add(1);
                self.stale = None;
                self.load = Load::Failed(e.to_string());
            }
            Event::Width(width_css, clock) => {
                let had_width = self.width_css > 0.0;
                self.width_css = width_css;
                if !had_width {
                    self.maybe_fetch(clock, false, &mut out);
                }
            }
            Event::Tick(clock) => {
                self.wake = None; // the shell's timer fired: it is gone, so ask again
                if let TickDecision::Fetch { plan_at_ms } = self.schedule.tick(clock.now_ms) {
                    self.maybe_fetch(Clock { now_ms: plan_at_ms, ..clock }, true, &mut out);
                }
            }
            Event::RefreshNow(clock) => {
                if self.schedule.may_fetch(clock.now_ms) {
                    self.maybe_fetch(clock, true, &mut out);
                }
            }
            Event::Refresh(every_ms, clock) => {
                let key = self.query.as_ref().map_or(0, |q| phase_key(&format!("{q:?}"), self.seed));
                self.schedule.set_every(every_ms, key, clock.now_ms);
            }
            Event::Seen(seen, clock) => {
                if let Some(plan_at_ms) = self.schedule.set_seen(seen, clock.now_ms) {
                    self.maybe_fetch(Clock { now_ms: plan_at_ms, ..clock }, true, &mut out);
                }
            }
            Event::Fetched { generation, result, clock } => self.fetched(generation, result, clock),
            Event::Frame(Some(frame)) => self.new_frame(frame),
            Event::Frame(None) => self.frame = None,
            Event::PaintFailed(message) => {
                self.stale = None;
                self.load = Load::Failed(message);
            }
            Event::PointerDown { x_css, y_css, boxing } => {
                if self.frame.as_ref().is_some_and(|f| f.layout.plot.contains(x_css, y_css)) {
                    self.dragged = false;
                    self.drag = Some(Drag { from: (x_css, y_css), to: (x_css, y_css), boxing });
                }
            }
            Event::PointerMove { x_css, y_css, over_tooltip } => {
                if let Some(d) = self.drag.as_mut() {
                    d.to = (x_css, y_css);
                } else if !self.pinned && !over_tooltip {
                    self.selected = self.frame.as_ref().and_then(|f| f.exemplar_at(x_css, y_css, HOVER_RADIUS_CSS));
                }
            }
            Event::PointerUp { x_css } => self.end_drag(x_css, &mut out),
            Event::PointerLeave => {
                self.drag = None;
                if !self.pinned {
                    self.selected = None;
                }
            }
            Event::Click { x_css, y_css } => {
                self.keybox = None;
                if std::mem::take(&mut self.dragged) {
                    return out;
                }
                match self.frame.as_ref().and_then(|f| f.exemplar_at(x_css, y_css, HOVER_RADIUS_CSS)) {
                    Some(i) => self.activate(i, &mut out),
                    None => self.unpin(),
                }
            }
            Event::TooltipClick => self.dragged = false,
            Event::Key(key) => self.key(key, &mut out),
            Event::PickRow(i) => {
                self.keybox = None;
                self.selected = Some(i);
                self.pinned = true;
            }
            Event::Unpin => self.unpin(),
            Event::Destroy => {
                self.abort_flight(&mut out);
                self.generation = self.generation.wrapping_add(1);
                self.schedule = Schedule::default();
            }
        }
        let wake = self.schedule.wake_at();
        if wake != self.wake {
            self.wake = wake;
            out.push(Command::WakeAt(wake));
        }
        out
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

    fn fetched(&mut self, generation: u64, result: Result<Vec<TargetData>, FetchFailure>, clock: Clock) {
        if generation != self.generation {
            return; // a newer fetch owns the panel now
        }
        let Some(flight) = self.flight.take() else { return };
        match result {
            Ok(data) => {
                self.schedule.succeeded();
                let mut model = build_model(&flight.plan, data);
                self.colors.assign(&mut model);
                self.load = Load::Ready(Arc::new(model));
                self.loaded_at_ms = clock.now_ms;
                self.stale = None;
            }
            Err(FetchFailure::Aborted) => {}
            Err(FetchFailure::Failed { message }) => self.failed(message, flight.refreshing, clock),
            Err(FetchFailure::Throttled { message, retry_after }) => {
                let until = retry_after.as_deref().and_then(|h| retry_after_ms(h, clock.now_ms));
                self.schedule.throttled(clock.now_ms, until, unit_jitter(generation, clock.now_ms));
                self.failed(message, flight.refreshing, clock);
            }
        }
    }

    fn failed(&mut self, message: String, refreshing: bool, clock: Clock) {
        if refreshing && matches!(self.load, Load::Ready(_)) {
            self.stale = Some(Stale { failed_at_ms: clock.now_ms, message, data_of_ms: self.loaded_at_ms });
        } else {
            self.stale = None;
            self.load = Load::Failed(message);
        }
    }

    fn new_frame(&mut self, next: Arc<Frame>) {
        let same_model = self.frame.as_ref().is_some_and(|f| Arc::ptr_eq(&f.model, &next.model));
        let keep = same_model && self.selected.is_some_and(|i| next.shown.contains(&i));
        if !keep && self.selected.is_some() {
            self.selected = None;
            self.pinned = false;
        }
        if !same_model {
            self.keybox = None;
        }
        self.frame = Some(next);
    }

    fn end_drag(&mut self, x1: f64, out: &mut Vec<Command>) {
        let Some(mut drag) = self.drag.take() else { return };
        let Some(frame) = self.frame.as_ref() else { return };
        drag.to.0 = x1;
        if !drag.long_enough() {
            return;
        }
        self.dragged = true;
        let layout = &frame.layout;
        let plot = &layout.plot;
        let clamp_x = |x: f64| x.clamp(plot.left, plot.right);
        let (x0, x1) = (clamp_x(drag.from.0.min(drag.to.0)), clamp_x(drag.from.0.max(drag.to.0)));
        let (from_ms, to_ms) = (layout.time_from_css(x0), layout.time_from_css(x1));
        if drag.boxing {
            let clamp_y = |y: f64| y.clamp(plot.top, plot.bottom);
            let corner = |x: f64, y: f64| (layout.time_from_css(x), layout.value_from_css(clamp_y(y)));
            let b = ExemplarBox::spanning(corner(x0, drag.from.1), corner(x1, drag.to.1));
            if b.min.is_finite() && b.max.is_finite() {
                self.keybox = None;
                out.push(Command::SetBox(Some(b)));
            }
        } else if to_ms > from_ms {
            out.push(Command::Zoom { from_ms, to_ms });
        }
    }

    fn activate(&mut self, index: usize, out: &mut Vec<Command>) {
        self.selected = Some(index);
        self.pinned = true;
        out.push(Command::Activate { index });
    }

    fn unpin(&mut self) {
        self.keybox = None;
        self.pinned = false;
        self.selected = None;
    }

    fn key(&mut self, key: Key, out: &mut Vec<Command>) {
        let Some(frame) = self.frame.clone() else { return };
        let order = &frame.keyboard;
        let current = self.selected.and_then(|i| order.iter().position(|v| *v == i));
        let next = match key {
            Key::Right => match current {
                Some(p) => order.get(p + 1).or(order.get(p)),
                None => order.first(),
            },
            Key::Left => match current {
                Some(p) => p.checked_sub(1).and_then(|q| order.get(q)).or(order.get(p)),
                None => order.last(),
            },
            Key::Enter => {
                if let Some(i) = self.selected {
                    out.push(Command::ConsumeKey);
                    self.activate(i, out);
                }
                return;
            }
            Key::Escape => {
                self.unpin();
                if frame.boxed.is_some() {
                    out.push(Command::ConsumeKey);
                    out.push(Command::SetBox(None));
                }
                return;
            }
            Key::ExtendRight | Key::ExtendLeft => {
                out.push(Command::ConsumeKey);
                let forward = key == Key::ExtendRight;
                self.keybox = keybox::KeyBox::step(self.keybox, self.selected, &frame, forward);
                if let Some(k) = self.keybox {
                    self.pinned = false;
                    self.selected = Some(k.end);
                    if let Some(b) = k.to_box(&frame) {
                        out.push(Command::SetBox(Some(b)));
                    }
                }
                return;
            }
        };
        out.push(Command::ConsumeKey);
        self.keybox = None;
        if let Some(i) = next {
            self.pinned = false;
            self.selected = Some(*i);
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

/// Frames are large; their debug form names what they hold. (Here rather than
/// in `interact/` because only the machine's events and state print them.)
impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("exemplars", &self.model.exemplars.len())
            .field("shown", &self.shown.len())
            .field("keyboard", &self.keyboard.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
