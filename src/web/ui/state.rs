//! What the components share (the `ui` layer's leaf): the viewer's changes
//! to a panel ([`ViewState`]), the config signal's type, and [`Ctx`], the
//! signals and node refs every component is wired through.

use std::sync::Arc;

use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::AbortController;

use exemplar_core::config::{ConfigError, PanelConfig, TimeConfig, ViewOverrides};
use exemplar_core::interact::sync::MemberId;
use exemplar_core::panel::{PanelMachine, PanelView, Selection};

/// A config, or why there is none.
pub type ConfigResult = Result<Arc<PanelConfig>, ConfigError>;

/// A viewer's changes to one panel (range, zoom history, refresh, theme,
/// "all exemplars", filters), kept apart from its config. The app passes its
/// own to keep them in the URL; otherwise the panel keeps them itself.
#[derive(Clone, Copy)]
pub struct ViewState {
    /// What the viewer changed.
    pub overrides: RwSignal<ViewOverrides>,
    /// The ranges before each zoom, newest last: "zoom out" goes back one.
    pub zooms: RwSignal<Vec<TimeConfig>>,
    /// The toolbar's box mode: a plain drag draws a box of exemplars (as shift-drag does).
    pub box_mode: RwSignal<bool>,
    /// *Copy link*, where the page can make one (the standalone app: its URL
    /// restores the view); the toolbar shows the button only then.
    pub share: Option<Callback<()>>,
}

impl Default for ViewState {
    fn default() -> Self {
        Self::new()
    }
}

impl ViewState {
    /// No changes yet.
    pub fn new() -> Self {
        Self {
            overrides: RwSignal::new(ViewOverrides::default()),
            zooms: RwSignal::new(Vec::new()),
            box_mode: RwSignal::new(false),
            share: None,
        }
    }

    /// Shows `time`. A zoom remembers the range it came from (`zoomed_from`)
    /// for "zoom back"; any other new range forgets the zoom history.
    pub fn set_time(self, time: TimeConfig, zoomed_from: Option<TimeConfig>) {
        match zoomed_from {
            Some(previous) => self.zooms.update(|z| z.push(previous)),
            None => self.zooms.set(Vec::new()),
        }
        self.overrides.update(|v| v.time = Some(time));
    }
}

/// An `Arc` compared by pointer: memos over the machine's large values
/// (its view, the selection, the table) change only when the value is a new one.
#[derive(Debug)]
pub struct Shared<T>(pub Option<Arc<T>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Everything the wiring needs, `Copy` (signals and node refs).
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The state machine.
    pub machine: RwSignal<PanelMachine>,
    /// Its view (replaced only when a text changes).
    pub view: Memo<Shared<PanelView>>,
    /// The selected exemplar, resolved.
    pub selection: Memo<Shared<Selection>>,
    /// The viewer's changes.
    pub changes: ViewState,
    /// The panel's root element (events are dispatched from it).
    pub host: NodeRef<Div>,
    /// The plot element.
    pub plot: NodeRef<Div>,
    /// The base canvas.
    pub base: NodeRef<Canvas>,
    /// The overlay canvas.
    pub overlay: NodeRef<Canvas>,
    /// The aria-live lines: the selection, and the box.
    pub said: RwSignal<String>,
    /// The box's aria-live line.
    pub box_said: RwSignal<String>,
    /// Abort controllers of the fetches in flight, by generation.
    pub aborts: StoredValue<Vec<(u64, SendWrapper<AbortController>)>>,
    /// This panel's id for request sharing.
    pub asker: u64,
    /// The panel's place in its sync group.
    pub sync: StoredValue<Option<MemberId>>,
    /// The refresh timer the machine asked for.
    pub timer: StoredValue<Option<SendWrapper<gloo_timers::callback::Timeout>>>,
}

impl Ctx {
    /// A part of the view, read reactively (a memo over it changes only with that part).
    pub fn read<T>(self, part: impl Fn(&PanelView) -> T) -> T
    where
        T: Default,
    {
        self.view.with(|v| v.0.as_deref().map(&part).unwrap_or_default())
    }

    /// The view's part `f` as a memo: it changes only when that part does.
    pub fn part<T>(self, f: impl Fn(&PanelView) -> T + Send + Sync + 'static) -> Memo<T>
    where
        T: Default + PartialEq + Clone + Send + Sync + 'static,
    {
        Memo::new(move |_| self.read(&f))
    }
}
