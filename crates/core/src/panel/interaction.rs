//! The interaction half of the panel machine: pointer, keys, selection, pin,
//! drags and the keyboard box, on the current frame. It fetches nothing and
//! builds no frame; the composed machine ([`super::PanelMachine`]) hands it
//! the frame and turns its [`Act`]s into commands.
//!
//! Rules:
//! - **Selection.** A resize or a filter keeps it while the exemplar is
//!   still shown; a new model (a refresh) keeps it, pinned or not, while the
//!   same exemplar is in it and shown (its identity: its time and labels,
//!   the trace id among them). Hover never changes a pinned selection.
//! - **Pinning.** A click on a dot, Enter on the selected one or a table row
//!   pins it, and never navigates: its trace links open from the pinned
//!   tooltip or its row. Enter on a pinned exemplar moves the keyboard into
//!   its tooltip ([`Act::FocusTooltip`]).
//! - **Drags.** A plain drag zooms to its times; a shift-drag draws a box of
//!   exemplars (time × value, in data space: see `crate::config::ExemplarBox`),
//!   which Escape clears. Either shorter than [`DRAG_MIN_CSS`] is a click.
//! - **Keys.** ←/→ step through the exemplars, Enter activates, Escape unpins
//!   and clears the box; Shift+←/→ draws a box by keyboard (see `keybox`).
//! - Pointer positions are CSS px relative to the plot element.

use crate::config::ExemplarBox;
use crate::interact::frame::Frame;

use super::keybox::KeyBox;

/// A drag shorter than this (CSS px) is a click, not a zoom.
pub const DRAG_MIN_CSS: f64 = 5.0;

/// Pointer distance (CSS px) within which a dot counts as hovered.
pub const HOVER_RADIUS_CSS: f64 = 8.0;

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

/// What the pointer, the keyboard or the table did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PointerEvent {
    /// Primary button pressed on the plot (not on the tooltip).
    Down {
        /// CSS px.
        x_css: f64,
        /// CSS px.
        y_css: f64,
        /// Shift was held (or the box mode is on): the drag draws a box of exemplars instead of zooming.
        boxing: bool,
    },
    /// The pointer moved over the plot; `over_tooltip` when it is on the tooltip.
    Move {
        /// CSS px.
        x_css: f64,
        /// CSS px.
        y_css: f64,
        /// On the tooltip (hover does not change the selection there).
        over_tooltip: bool,
    },
    /// Button released.
    Up {
        /// CSS px.
        x_css: f64,
    },
    /// The pointer left the plot.
    Leave,
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
}

/// What the interaction asks of the machine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Act {
    /// Show this range (a drag on the plot).
    Zoom {
        /// Start, epoch ms.
        from_ms: i64,
        /// End, epoch ms.
        to_ms: i64,
    },
    /// Exemplar `index` was pinned by a click or Enter (`exemplar-click`).
    Activate(usize),
    /// Enter on the pinned exemplar: the keyboard goes into its tooltip.
    FocusTooltip,
    /// The key was handled: the shell calls `preventDefault()`.
    ConsumeKey,
    /// Keep this box of exemplars (`None`: clear it).
    SetBox(Option<ExemplarBox>),
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

/// Selection, pin, drag and keyboard box of one panel.
#[derive(Debug, Default)]
pub struct Interaction {
    selected: Option<usize>,
    pinned: bool,
    drag: Option<Drag>,
    dragged: bool,
    keybox: Option<KeyBox>,
}

impl Interaction {
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

    /// A new frame replaces `before`: the selection stays while the model is
    /// the same and its exemplar still shown; a new model ends the keyboard box.
    pub fn new_frame(&mut self, before: Option<&Frame>, next: Option<&Frame>) {
        let same_model = matches!((before, next), (Some(b), Some(n)) if std::sync::Arc::ptr_eq(&b.model, &n.model));
        if !same_model {
            self.keybox = None;
            // A refresh: the same exemplar (time and labels) in the new model.
            self.selected = self.selected.and_then(|i| {
                let e = before?.model.exemplars.get(i)?;
                let next = next?;
                next.shown
                    .iter()
                    .copied()
                    .find(|&j| next.model.exemplars.get(j).is_some_and(|n| n.t_ms == e.t_ms && n.labels == e.labels))
            });
        }
        let keep = self.selected.is_some_and(|i| next.is_some_and(|f| f.shown.contains(&i)));
        if !keep {
            self.selected = None;
            self.pinned = false;
        }
    }

    /// Handles one event on `frame` (none yet: only what needs no frame).
    pub fn handle(&mut self, event: PointerEvent, frame: Option<&Frame>, out: &mut Vec<Act>) {
        match event {
            PointerEvent::Down { x_css, y_css, boxing } => {
                if frame.is_some_and(|f| f.layout.plot.contains(x_css, y_css)) {
                    self.dragged = false;
                    self.drag = Some(Drag { from: (x_css, y_css), to: (x_css, y_css), boxing });
                }
            }
            PointerEvent::Move { x_css, y_css, over_tooltip } => {
                if let Some(d) = self.drag.as_mut() {
                    d.to = (x_css, y_css);
                } else if !self.pinned && !over_tooltip {
                    self.selected = frame.and_then(|f| f.exemplar_at(x_css, y_css, HOVER_RADIUS_CSS));
                }
            }
            PointerEvent::Up { x_css } => self.end_drag(x_css, frame, out),
            PointerEvent::Leave => {
                self.drag = None;
                if !self.pinned {
                    self.selected = None;
                }
            }
            PointerEvent::Click { x_css, y_css } => {
                self.keybox = None;
                if std::mem::take(&mut self.dragged) {
                    return;
                }
                match frame.and_then(|f| f.exemplar_at(x_css, y_css, HOVER_RADIUS_CSS)) {
                    Some(i) => self.activate(i, out),
                    None => self.unpin(),
                }
            }
            PointerEvent::TooltipClick => self.dragged = false,
            PointerEvent::Key(key) => {
                if let Some(frame) = frame {
                    self.key(key, frame, out);
                }
            }
            PointerEvent::PickRow(i) => {
                self.keybox = None;
                self.selected = Some(i);
                self.pinned = true;
            }
            PointerEvent::Unpin => self.unpin(),
        }
    }

    fn end_drag(&mut self, x1: f64, frame: Option<&Frame>, out: &mut Vec<Act>) {
        let Some(mut drag) = self.drag.take() else { return };
        let Some(frame) = frame else { return };
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
                out.push(Act::SetBox(Some(b)));
            }
        } else if to_ms > from_ms {
            out.push(Act::Zoom { from_ms, to_ms });
        }
    }

    fn activate(&mut self, index: usize, out: &mut Vec<Act>) {
        self.selected = Some(index);
        self.pinned = true;
        out.push(Act::Activate(index));
    }

    fn unpin(&mut self) {
        self.keybox = None;
        self.pinned = false;
        self.selected = None;
    }

    fn key(&mut self, key: Key, frame: &Frame, out: &mut Vec<Act>) {
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
                match (self.selected, self.pinned) {
                    (Some(_), true) => out.extend([Act::ConsumeKey, Act::FocusTooltip]),
                    (Some(i), false) => {
                        out.push(Act::ConsumeKey);
                        self.activate(i, out);
                    }
                    (None, _) => {}
                }
                return;
            }
            Key::Escape => {
                self.unpin();
                if frame.boxed.is_some() {
                    out.push(Act::ConsumeKey);
                    out.push(Act::SetBox(None));
                }
                return;
            }
            Key::ExtendRight | Key::ExtendLeft => {
                out.push(Act::ConsumeKey);
                let forward = key == Key::ExtendRight;
                self.keybox = KeyBox::step(self.keybox, self.selected, frame, forward);
                if let Some(k) = self.keybox {
                    self.pinned = false;
                    self.selected = Some(k.end);
                    if let Some(b) = k.to_box(frame) {
                        out.push(Act::SetBox(Some(b)));
                    }
                }
                return;
            }
        };
        out.push(Act::ConsumeKey);
        self.keybox = None;
        if let Some(i) = next {
            self.pinned = false;
            self.selected = Some(*i);
        }
    }
}

#[cfg(test)]
#[path = "tests/interaction.rs"]
mod tests;
