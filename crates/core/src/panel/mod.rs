//! The panel as a pure state machine: `(state, event) → commands`. It owns
//! the frame: the shell hands it the parsed config ([`Spec`]), the plot's
//! size, the browser's colour scheme, timers, answers, pointer and keys; it
//! builds the frame, every text the panel shows ([`PanelView`], the
//! [`Selection`], the table's rows) and the commands the shell carries out:
//! fetch, abort, paint the base, paint the overlay, fire a host event,
//! announce, zoom, keep a box.
//!
//! Two machines, composed:
//! - [`Fetching`] (`fetching.rs`): what is queried and when, generations,
//!   stale versus failed, the refresh schedule;
//! - [`Interaction`] (`interaction.rs`): pointer, keys, selection, pin,
//!   drags, the keyboard box.
//!
//! The composition adds what needs both, and the frame:
//! - **A frame per look.** A frame is built when the model, the plot's size,
//!   what the spec draws (unit, scale, sampler, switch, box, filters, link
//!   tables), the theme or the hidden series change; never on a pointer move.
//!   Each new frame is painted ([`Command::PaintBase`]) and handed to the
//!   interaction (the selection survives while its exemplar is shown).
//! - **Told once.** `exemplar-select` fires when the selected exemplar
//!   changes (not when a resize moves it), `exemplar-box` when the frame's
//!   box does (not on the first frame without one); the overlay is painted
//!   only when what it shows changed.
//! - **Views on change.** The texts are rebuilt after any event but a pointer
//!   move, drag or sync hover; the table's rows only while it is open.
//! - Times are epoch ms; pointer positions CSS px relative to the plot element.

mod boxed;
pub mod controls;
mod fetching;
mod host;
mod interaction;
mod keybox;
mod readout;
#[cfg(any(test, feature = "bench"))]
pub mod replay;
mod schedule;
mod table;
pub(crate) mod view;

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::config::{Backend, ConfigError, ExemplarBox, Format, Spec, ThemeChoice, ThresholdsStyleMode, YScale};
use crate::doctor::{shows_by_itself, Band};
use crate::interact::frame::{Frame, FrameInput};
use crate::query::QueryPlan;
use crate::render::layout::{tick_text, PlotSize};
use crate::render::overlay::{box_corners_css, overlay_paint, Extras, OverlayPaint};
use crate::render::scene::Scene;
use crate::render::theme::Theme;
use crate::select::filter::{legend_click, ExemplarFilter};
use crate::time::zone::{FixedOffset, LocalOffset};
use crate::trace::view::{exemplar_preview, host_preview, PreviewTarget};

pub use boxed::{box_detail, MAX_BOX_DETAILS};
pub use fetching::{FetchEvent, FetchFailure, Fetching, Load, Stale};
pub use host::{BoxDetail, ExemplarDetail, HostEvent};
pub use interaction::{Act, Interaction, Key, PointerEvent, DRAG_MIN_CSS, HOVER_RADIUS_CSS};
pub use keybox::box_announcement;
pub use readout::{Readout, ReadoutRow, MAX_READOUT_ROWS};
pub use schedule::retry_after_ms;
pub use table::{
    table_more_text, table_rows, table_toggle_label, SortColumn, SortOrder, TableBar, TableRow, TableRows,
    MAX_TABLE_ROWS,
};
pub use view::{
    exemplar_count_text, legend_items, notices, resolve_selection, Axes, BandCss, Controls, LegendItem, PanelView,
    Selection, TooltipPlacement,
};

/// The clock and time zone at the moment of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Now, epoch ms.
    pub now_ms: i64,
    /// The viewer's UTC offset, minutes east of UTC.
    pub utc_offset_min: i32,
}

/// Something that happened to the panel.
#[derive(Debug, Clone)]
pub enum Event {
    /// The effective config (config + the viewer's changes), parsed, or why it cannot be.
    Spec(Result<Arc<Spec>, ConfigError>, Clock),
    /// The plot element's size.
    Size(PlotSize, Clock),
    /// Whether the browser prefers a dark colour scheme (for `theme: auto`).
    PrefersDark(bool),
    /// A timer, visibility or an answer.
    Fetch(FetchEvent),
    /// The pointer, a key, a table row, the tooltip's close button.
    Pointer(PointerEvent),
    /// A legend item was clicked: hide or show its series, or (`isolate`,
    /// Ctrl/Cmd-click) show only it (again: all back).
    Legend {
        /// The series' key.
        key: String,
        /// Ctrl or Cmd was held.
        isolate: bool,
    },
    /// The exemplar table was opened or closed.
    TableOpen(bool),
    /// The exemplar table's order.
    TableSort(SortOrder),
    /// Another panel of the sync group hovers this time (`None`: it left).
    SyncedHover(Option<i64>),
    /// The doctor found where no exemplar can exist any more (`None`: closed).
    CoverageGap(Option<Band>),
    /// Painting failed: the panel shows why.
    PaintFailed(String),
    /// The panel goes away.
    Destroy,
}

impl From<FetchEvent> for Event {
    fn from(e: FetchEvent) -> Self {
        Self::Fetch(e)
    }
}

impl From<PointerEvent> for Event {
    fn from(e: PointerEvent) -> Self {
        Self::Pointer(e)
    }
}

/// Which aria-live line an announcement goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// The selected exemplar.
    Selection,
    /// The box of exemplars.
    Box,
}

/// The base layer of a frame, for the base canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct BasePaint {
    /// The plot element's size (the canvas's backing store follows it).
    pub size: PlotSize,
    /// What to draw.
    pub scene: Scene,
    /// The time axis's labels, for `data-x-ticks` (the canvas has no text to read).
    pub x_ticks: String,
    /// The value axis's labels, for `data-y-ticks`.
    pub y_ticks: String,
}

/// What the shell must do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Fetch every query of `plan` from `backend`, then send
    /// [`FetchEvent::Fetched`] with this generation; abort it after `backend.timeout_ms`.
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
    /// Send [`FetchEvent::Tick`] at this instant, epoch ms (replacing any
    /// earlier timer); `None`: no timer.
    WakeAt(Option<i64>),
    /// Paint the base canvas (and count it in `data-paints`).
    PaintBase(Arc<BasePaint>),
    /// Clear the base layer: the frame is gone (a new query is loading or
    /// failed), so the old lines must not stay drawn.
    ClearBase,
    /// Clear the overlay canvas and paint this.
    PaintOverlay(OverlayPaint),
    /// Fire this event from the panel's element.
    Emit(HostEvent),
    /// Put this text in an aria-live line.
    Announce(Live, String),
    /// Show this range (a drag on the plot), remembering the current one for "zoom back".
    Zoom {
        /// Start, epoch ms.
        from_ms: i64,
        /// End, epoch ms.
        to_ms: i64,
    },
    /// Keep this box of exemplars (`None`: clear it): the shell writes it to
    /// the view (so the config and URL keep it).
    SetBox(Option<ExemplarBox>),
    /// The key was handled: the shell calls `preventDefault()`.
    ConsumeKey,
    /// Move the keyboard focus into the pinned exemplar's tooltip (its first link or button).
    FocusTooltip,
    /// This panel hovers this time (`None`: the pointer left): its sync group draws a crosshair there.
    SyncHover(Option<i64>),
}

/// The viewer's time zone, shared with the shell (which reads the browser's).
pub type Zone = Arc<dyn LocalOffset + Send + Sync>;

/// What was last told to the shell, so it is told again only on a change.
#[derive(Default)]
struct Told {
    /// The exemplar `exemplar-select` last named (on a frame).
    select: Option<usize>,
    /// The box `exemplar-box` last named; `None` before the first frame.
    exemplar_box: Option<Option<ExemplarBox>>,
    /// The selection's aria-live text.
    said: String,
    /// The overlay.
    overlay: Option<OverlayPaint>,
    /// The hovered time sent to the sync group.
    hover: Option<i64>,
}

/// The panel's state: the two machines and the frame they share.
pub struct PanelMachine {
    fetching: Fetching,
    interaction: Interaction,
    tz: Zone,
    spec: Option<Arc<Spec>>,
    size: Option<PlotSize>,
    prefers_dark: bool,
    dark: bool,
    theme: Theme,
    hidden: BTreeSet<String>,
    table_open: bool,
    sort: SortOrder,
    synced_t_ms: Option<i64>,
    gap: Option<Band>,
    frame: Option<Arc<Frame>>,
    /// A frame is due: what it is built from changed.
    frame_due: bool,
    selection: Option<Arc<Selection>>,
    /// (index, frame, spec, dark) the selection was resolved for.
    selection_of: Option<(usize, usize, usize, bool)>,
    view: Arc<PanelView>,
    /// The values under the cursor (or at the keyboard's exemplar), and the instant asked.
    readout: Option<Arc<Readout>>,
    readout_at: Option<i64>,
    /// The frame the readout was made of.
    readout_of: usize,
    table: Option<Arc<TableRows>>,
    /// (frame, spec, order) the table's rows were built for.
    table_of: Option<(usize, usize, SortOrder)>,
    told: Told,
}

impl Default for PanelMachine {
    fn default() -> Self {
        Self::with_seed(0, Arc::new(FixedOffset(0)))
    }
}

impl PanelMachine {
    /// A panel before its first event (UTC, seed 0): loading.
    #[cfg(test)]
    pub fn new() -> Self {
        Self::default()
    }

    /// A panel whose refresh phases are hashed with `seed` (one per page, so
    /// panels on one page with the same query tick together, and pages do
    /// not), showing times in `tz`.
    pub fn with_seed(seed: u64, tz: Zone) -> Self {
        Self {
            fetching: Fetching::with_seed(seed),
            interaction: Interaction::default(),
            tz,
            spec: None,
            size: None,
            prefers_dark: false,
            dark: false,
            theme: Theme::light(),
            hidden: BTreeSet::new(),
            table_open: false,
            sort: SortOrder::default(),
            synced_t_ms: None,
            gap: None,
            frame: None,
            frame_due: false,
            selection: None,
            selection_of: None,
            view: Arc::new(PanelView { state: "loading", loading: true, ..PanelView::default() }),
            readout: None,
            readout_at: None,
            readout_of: 0,
            table: None,
            table_of: None,
            told: Told::default(),
        }
    }

    /// Everything the panel's text shows.
    pub fn view(&self) -> Arc<PanelView> {
        Arc::clone(&self.view)
    }

    /// The selected exemplar, resolved for the tooltip.
    pub fn selection(&self) -> Option<Arc<Selection>> {
        self.selection.clone()
    }

    /// Whether the selection is pinned (clicked, Enter, a table row).
    pub fn pinned(&self) -> bool {
        self.interaction.pinned()
    }

    /// The values under the cursor, or at the keyboard's exemplar.
    pub fn readout(&self) -> Option<Arc<Readout>> {
        self.readout.clone()
    }

    /// The exemplar table's rows, while it is open.
    pub fn table_rows(&self) -> Option<Arc<TableRows>> {
        self.table.clone()
    }

    /// The spec in force (the doctor plans with it).
    pub fn spec(&self) -> Option<Arc<Spec>> {
        self.spec.clone()
    }

    /// The current frame.
    pub fn frame(&self) -> Option<Arc<Frame>> {
        self.frame.clone()
    }

    /// The model shown, if any.
    pub fn model(&self) -> Option<Arc<crate::model::PanelModel>> {
        self.fetching.model().cloned()
    }

    /// The fetching half.
    pub fn fetching(&self) -> &Fetching {
        &self.fetching
    }

    /// The interaction half.
    pub fn interaction(&self) -> &Interaction {
        &self.interaction
    }

    /// What "Preview trace" on exemplar `index` opens, when its destination
    /// resolves through a jaeger, tempo or zipkin datasource.
    pub fn preview_target(&self, index: usize) -> Option<PreviewTarget> {
        let (frame, spec) = (self.frame.as_ref()?, self.spec.as_ref()?);
        let e = frame.model.exemplars.get(index)?;
        exemplar_preview(&spec.config, &e.labels, frame.model.start_ms, frame.model.end_ms)
    }

    /// What the host's `previewTrace(traceId)` opens: through the first
    /// trace datasource, or (none) a target whose fetch says there is none.
    pub fn host_preview(&self, trace_id: &str) -> PreviewTarget {
        let target = self.spec.as_ref().and_then(|s| host_preview(&s.config, trace_id));
        target.unwrap_or(PreviewTarget {
            datasource: crate::config::Datasource::default(),
            trace_id: trace_id.to_string(),
            span_id: None,
            open: None,
        })
    }

    /// Handles one event; returns what the shell must do, in order.
    pub fn handle(&mut self, event: Event) -> Vec<Command> {
        let mut out = Vec::new();
        let mut acts = Vec::new();
        let mut texts = true;
        match event {
            Event::Spec(spec, clock) => self.set_spec(spec, clock, &mut out),
            Event::Size(size, clock) => {
                if self.size != Some(size) {
                    self.size = Some(size);
                    self.frame_due = true;
                    self.fetching.set_width(size.width_css, clock, &mut out);
                }
            }
            Event::PrefersDark(dark) => self.prefers_dark = dark,
            Event::Fetch(e) => {
                self.fetching.handle(e, &mut out);
            }
            Event::Pointer(e) => {
                texts = !matches!(
                    e,
                    PointerEvent::Move { .. }
                        | PointerEvent::Down { .. }
                        | PointerEvent::Up { .. }
                        | PointerEvent::Leave
                );
                self.interaction.handle(e, self.frame.as_deref(), &mut acts);
                self.hover(e, &mut out);
            }
            Event::Legend { key, isolate } => {
                let all: Vec<String> =
                    self.model().map(|m| m.series.iter().map(|s| s.key()).collect()).unwrap_or_default();
                self.hidden = legend_click(&all, &self.hidden, &key, isolate);
                self.frame_due = true;
            }
            Event::TableOpen(open) => self.table_open = open,
            Event::TableSort(order) => self.sort = order,
            Event::SyncedHover(t_ms) => {
                self.synced_t_ms = t_ms;
                texts = false;
            }
            Event::CoverageGap(band) => self.gap = band,
            Event::PaintFailed(message) => {
                self.fetching.paint_failed(message);
                self.frame_due = true;
            }
            Event::Destroy => self.fetching.destroy(&mut out),
        }
        self.settle(texts, acts, &mut out);
        out
    }

    fn set_spec(&mut self, spec: Result<Arc<Spec>, ConfigError>, clock: Clock, out: &mut Vec<Command>) {
        match spec {
            Ok(spec) => {
                let draws_alike = self.spec.as_ref().is_some_and(|s| s.draws_like(&spec));
                self.frame_due |= !draws_alike;
                self.fetching.set_query(Ok(Arc::new(spec.query.clone())), clock, out);
                self.fetching.set_refresh(spec.refresh_ms, clock);
                self.spec = Some(spec);
            }
            Err(e) => {
                self.fetching.set_query(Err(e), clock, out);
                self.spec = None;
                self.frame_due = true;
            }
        }
    }

    /// The hovered time for the sync group, when it changed; where the
    /// readout goes (the pointer's time, or the keyboard's exemplar's).
    fn hover(&mut self, e: PointerEvent, out: &mut Vec<Command>) {
        let dragging = self.interaction.zoom_box().is_some() || self.interaction.box_drag().is_some();
        let t_ms = match e {
            PointerEvent::Move { x_css, y_css, .. } => self.frame.as_ref().and_then(|f| f.hover_time(x_css, y_css)),
            PointerEvent::Leave => None,
            PointerEvent::Key(_) | PointerEvent::PickRow(_) => {
                let at = self.interaction.selected().and_then(|i| self.model()?.exemplars.get(i).map(|e| e.t_ms));
                if at.is_some() {
                    self.readout_at = at;
                }
                return;
            }
            _ => return,
        };
        self.readout_at = if dragging { None } else { t_ms };
        if t_ms != self.told.hover {
            self.told.hover = t_ms;
            out.push(Command::SyncHover(t_ms));
        }
    }

    /// After an event: the frame, the selection, what the shell is told, the texts and the timer.
    fn settle(&mut self, texts: bool, acts: Vec<Act>, out: &mut Vec<Command>) {
        let dark = match self.spec.as_ref().map_or(ThemeChoice::Auto, |s| s.theme) {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::Auto => self.prefers_dark,
        };
        if dark != self.dark {
            self.dark = dark;
            self.theme = if dark { Theme::dark() } else { Theme::light() };
            self.frame_due = true;
        }
        // The frame follows the model: a new one, or none (loading, failed).
        let model = self.fetching.model().map(Arc::as_ptr);
        self.frame_due |= model != self.frame.as_ref().map(|f| Arc::as_ptr(&f.model));
        if std::mem::take(&mut self.frame_due) {
            self.build_frame(out);
        }
        self.resolve_selection();
        if let Some(frame) = self.frame.clone() {
            self.tell_box(&frame, out);
            self.tell_selection(out);
        }
        for act in acts {
            match act {
                Act::Zoom { from_ms, to_ms } => out.push(Command::Zoom { from_ms, to_ms }),
                Act::SetBox(b) => out.push(Command::SetBox(b)),
                Act::ConsumeKey => out.push(Command::ConsumeKey),
                Act::Activate(index) => self.activate(index, out),
                Act::FocusTooltip => out.push(Command::FocusTooltip),
            }
        }
        self.build_readout();
        self.paint_overlay(out);
        if texts {
            self.view = Arc::new(self.build_view());
            self.build_table();
        }
        self.fetching.arm(out);
    }

    /// A new frame from the model, the size, the spec and the theme (none
    /// without a model or a size), painted and handed to the interaction.
    fn build_frame(&mut self, out: &mut Vec<Command>) {
        let next = match (self.fetching.model(), self.size, self.spec.as_deref()) {
            (Some(model), Some(size), spec) => {
                let hidden: Vec<bool> = model.series.iter().map(|s| self.hidden.contains(&s.key())).collect();
                let plain = Format::default();
                let format = spec.map_or(&plain, |s| &s.format);
                let scale = spec.map_or(YScale::Linear, |s| s.y_scale);
                let filter =
                    spec.and_then(|s| ExemplarFilter::from_config(&s.filters, &s.format.unit).ok()).unwrap_or_default();
                let thresholds = spec
                    .filter(|s| s.thresholds_style != ThresholdsStyleMode::Off && !s.thresholds.is_empty())
                    .map(|s| (&s.thresholds, s.thresholds_style));
                let input = FrameInput {
                    size,
                    format,
                    axis: spec.map(|s| s.axis).unwrap_or_default(),
                    thresholds,
                    scale,
                    exemplars_hidden: spec.is_some_and(|s| s.hide_exemplars),
                    exemplar_box: spec.and_then(|s| s.exemplar_box),
                    tz: &*self.tz,
                    filter: &filter,
                    sampler: spec.map_or_else(Default::default, |s| s.sampler),
                    hidden_series: &hidden,
                    theme: &self.theme,
                    config: spec.map(|s| &*s.config),
                };
                let (frame, scene) = Frame::build(Arc::clone(model), &input);
                let (x_ticks, y_ticks) = (tick_text(&frame.layout.x_ticks), tick_text(&frame.layout.y_ticks));
                out.push(Command::PaintBase(Arc::new(BasePaint { size, scene, x_ticks, y_ticks })));
                Some(Arc::new(frame))
            }
            _ => None,
        };
        if next.is_none() && self.frame.is_some() {
            out.push(Command::ClearBase);
        }
        self.interaction.new_frame(self.frame.as_deref(), next.as_deref());
        self.frame = next;
    }

    /// Resolves the selected exemplar for display, when it, the frame, the spec or the theme changed.
    fn resolve_selection(&mut self) {
        let ptr = |a: Option<usize>| a.unwrap_or(0);
        let key = self.interaction.selected().map(|i| {
            (
                i,
                ptr(self.frame.as_ref().map(|f| Arc::as_ptr(f) as usize)),
                ptr(self.spec.as_ref().map(|s| Arc::as_ptr(s) as usize)),
                self.dark,
            )
        });
        if key == self.selection_of {
            return;
        }
        self.selection_of = key;
        let (Some(i), Some(frame)) = (self.interaction.selected(), self.frame.as_ref()) else {
            self.selection = None;
            return;
        };
        let spec = self.spec.as_deref();
        let plain = Format::default();
        let format = spec.map_or(&plain, |s| &s.format);
        self.selection =
            resolve_selection(frame, i, spec.map(|s| &*s.config), format, &self.theme, &*self.tz).map(Arc::new);
    }

    /// `exemplar-box` and its aria-live sentence when the frame's box changed
    /// (not for the first frame without one); a new box opens the table.
    fn tell_box(&mut self, frame: &Frame, out: &mut Vec<Command>) {
        let current = frame.boxed.as_ref().map(|(b, _)| *b);
        let first = self.told.exemplar_box.is_none();
        if self.told.exemplar_box == Some(current) {
            return;
        }
        self.told.exemplar_box = Some(current);
        if first && current.is_none() {
            return; // nothing drawn yet: nothing to tell
        }
        if current.is_some() {
            self.table_open = true;
        }
        let spec = self.spec.as_deref();
        let plain = Format::default();
        let format = spec.map_or(&plain, |s| &s.format);
        let detail = box_detail(frame, spec.map(|s| &*s.config), format, &self.theme, &*self.tz);
        out.push(Command::Announce(Live::Box, box_announcement(current.as_ref(), detail.count, &*self.tz)));
        out.push(Command::Emit(HostEvent::Box(detail)));
    }

    /// `exemplar-select` when the selected exemplar changed, and the aria-live line.
    fn tell_selection(&mut self, out: &mut Vec<Command>) {
        let sel = self.selection.as_deref();
        let said = sel.map(Selection::announcement).unwrap_or_default();
        if said != self.told.said {
            self.told.said.clone_from(&said);
            out.push(Command::Announce(Live::Selection, said));
        }
        let index = sel.map(|s| s.index);
        if self.told.select != index {
            self.told.select = index;
            let detail = sel.zip(self.frame.as_deref()).and_then(|(s, f)| ExemplarDetail::of(f, s));
            if let Some(detail) = detail {
                out.push(Command::Emit(HostEvent::Select(detail)));
            }
        }
    }

    /// `exemplar-click` for exemplar `index`, just pinned (the selection by
    /// now); a host that prevents it unpins it (`PointerEvent::Unpin`).
    fn activate(&mut self, index: usize, out: &mut Vec<Command>) {
        let sel = self.selection.as_deref().filter(|s| s.index == index);
        if let Some(detail) = sel.zip(self.frame.as_deref()).and_then(|(s, f)| ExemplarDetail::of(f, s)) {
            out.push(Command::Emit(HostEvent::Click(detail)));
        }
    }

    /// The readout at `readout_at` (snapped to a sample), the same `Arc`
    /// while its instant and the frame are.
    fn build_readout(&mut self) {
        let at = self.frame.as_ref().zip(self.readout_at).and_then(|(f, t)| readout::snap(f, t));
        let (Some(frame), Some(t_ms)) = (self.frame.as_ref(), at) else {
            self.readout = None;
            return;
        };
        let same =
            self.readout.as_ref().is_some_and(|r| r.t_ms == t_ms) && self.readout_of == Arc::as_ptr(frame) as usize;
        if same {
            return;
        }
        self.readout_of = Arc::as_ptr(frame) as usize;
        let plain = Format::default();
        let format = self.spec.as_deref().map_or(&plain, |s| &s.format);
        self.readout = Some(Arc::new(readout::readout(frame, t_ms, format, &self.theme, &*self.tz)));
    }

    /// The overlay: the selected dot's ring and crosshair, a drag's band or
    /// box, the kept box, another panel's hovered time; painted when it changed.
    fn paint_overlay(&mut self, out: &mut Vec<Command>) {
        let Some(frame) = self.frame.as_ref() else { return };
        let kept = frame.boxed.as_ref().map(|(b, _)| box_corners_css(&frame.layout, b));
        // Another panel's time, or (no dot selected) the readout's.
        let readout_t = self.readout.as_ref().filter(|_| self.selection.is_none()).map(|r| r.t_ms);
        let extras =
            Extras { box_css: self.interaction.box_drag().or(kept), synced_t_ms: self.synced_t_ms.or(readout_t) };
        let ring = self.selection.as_deref().map(|s| {
            let series = frame.colour_series(s.index);
            let color = series.and_then(|i| frame.model.series.get(i)).map(|series| series.color);
            ((s.x_css, s.y_css), color.map_or(self.theme.unmatched, |c| self.theme.series_color(c)))
        });
        let paint = overlay_paint(&frame.layout, ring, self.interaction.zoom_box(), extras);
        if self.told.overlay != Some(paint) {
            self.told.overlay = Some(paint);
            out.push(Command::PaintOverlay(paint));
        }
    }

    fn build_view(&self) -> PanelView {
        let spec = self.spec.as_deref();
        let model = self.fetching.model().map(Arc::as_ref);
        let frame = self.frame.as_deref();
        let mut notices = notices(spec.map(|s| &*s.config), model, frame);
        notices.extend(self.fetching.refresh_notices(&*self.tz));
        let asked = spec.is_some_and(|s| s.query.targets.iter().any(|t| t.exemplar));
        PanelView {
            state: self.fetching.state_name(),
            dark: self.dark,
            title: spec.map(|s| s.title.clone()).unwrap_or_default(),
            count: frame.and_then(exemplar_count_text),
            failure: self.fetching.failure_text(&*self.tz),
            loading: matches!(self.fetching.load(), Load::Loading),
            notices,
            legend: model
                .map(|m| {
                    let plain = Format::default();
                    let format = spec.map_or(&plain, |s| &s.format);
                    legend_items(m, &self.theme, &self.hidden, spec.map_or(&[][..], |s| &s.legend.calcs), format)
                })
                .unwrap_or_default(),
            stale_note: self.fetching.stale_legend(&*self.tz),
            legend_layout: spec.map(|s| (s.legend.display_mode, s.legend.calcs.clone())).unwrap_or_default(),
            controls: spec.map(|s| Controls {
                toolbar: s.toolbar,
                time: s.time.clone(),
                refresh: s.refresh.clone(),
                scale: s.y_scale,
                exemplars_hidden: s.hide_exemplars,
                filters: s.filters.clone(),
                unit: s.format.unit.clone(),
                show_all: s.sampler == crate::config::Sampler::All,
                sync: s.sync.clone(),
            }),
            table: TableBar::new(frame.map_or(0, |f| f.listed().len()), self.table_open, self.sort.clone()),
            doctor_hint: shows_by_itself(asked, model),
            gap: self.gap.zip(frame).and_then(|(band, f)| BandCss::of(f, band)),
            axes: frame
                .map(|f| Axes::of(f, spec.map_or(&crate::config::Unit::Short, |s| &s.format.unit)))
                .unwrap_or_default(),
        }
    }

    /// The table's rows while it is open, rebuilt only when the frame, the
    /// spec or the order changed (up to [`MAX_TABLE_ROWS`] formatted rows).
    fn build_table(&mut self) {
        let (Some(frame), true) = (self.frame.as_ref(), self.table_open) else {
            self.table = None;
            self.table_of = None;
            return;
        };
        let spec = self.spec.as_deref();
        let key = (Arc::as_ptr(frame) as usize, spec.map_or(0, |s| s as *const Spec as usize), self.sort.clone());
        if self.table_of.as_ref() == Some(&key) {
            return;
        }
        self.table_of = Some(key);
        let plain = Format::default();
        let format = spec.map_or(&plain, |s| &s.format);
        self.table = Some(Arc::new(table_rows(frame, spec.map(|s| &*s.config), format, &self.sort, &*self.tz)));
    }
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
