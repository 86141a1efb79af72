//! A box of exemplars drawn by keyboard: Shift+←/→ on the focused plot, like
//! shift-selecting text.
//!
//! Rules:
//! - **Anchor.** The first Shift+arrow anchors at the selected exemplar (or,
//!   with none selected, at the first for → and the last for ←, which it also
//!   selects); each Shift+arrow then moves the selection one step in the
//!   keyboard order (`Frame::keyboard`, time order) and the box follows.
//! - **The box** spans the anchor's and the selection's times (`from` the
//!   earlier, `to` the later, edges included) × the plot's whole value range,
//!   widened to every shown exemplar between the two times: so the table lists
//!   exactly the shown exemplars whose times are in `[from, to]` (the filters,
//!   e.g. *Value ≥*, narrow what is shown). It goes out as the mouse box does
//!   (`Command::SetBox`), in data space: a resize keeps it.
//! - **Ends** with anything that is not an extension and chooses an
//!   exemplar or a box: a plain arrow (the box stays), Escape (clears it), a
//!   click, a table row, a drawn box, a new model. Hover does not end it.

use crate::config::ExemplarBox;
use crate::interact::frame::Frame;
use crate::time::zone::{format_local, LocalOffset, TimeFormat};

/// An extension in progress: where it started and where it is (model indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KeyBox {
    /// The exemplar the extension started from.
    pub anchor: usize,
    /// The exemplar it reaches now (the selection).
    pub end: usize,
}

impl KeyBox {
    /// One step of Shift+→ (`forward`) or Shift+←, from this extension or
    /// (`None`) from `selected`; `None` when the frame has nothing to step to.
    pub fn step(this: Option<Self>, selected: Option<usize>, frame: &Frame, forward: bool) -> Option<Self> {
        let order = &frame.keyboard;
        let position = |i: usize| order.iter().position(|v| *v == i);
        let (anchor, from) = match this.and_then(|k| Some((k.anchor, position(k.end)?))) {
            Some(resumed) => resumed,
            None => match selected.and_then(|i| Some((i, position(i)?))) {
                Some(started) => started,
                // Nothing selected: the first step lands on the first (→) or last (←).
                None => {
                    let edge = if forward { order.first() } else { order.last() };
                    return edge.map(|&i| Self { anchor: i, end: i });
                }
            },
        };
        let to = if forward { from.saturating_add(1) } else { from.saturating_sub(1) };
        let end = order.get(to).or(order.get(from)).copied()?;
        Some(Self { anchor, end })
    }

    /// The box from the anchor's time to the end's (see the module rules).
    pub fn to_box(self, frame: &Frame) -> Option<ExemplarBox> {
        let time = |i: usize| frame.model.exemplars.get(i).map(|e| e.t_ms);
        let (a, b) = (time(self.anchor)?, time(self.end)?);
        let (from, to) = (a.min(b), a.max(b));
        let plot = &frame.layout.plot;
        let edges = [frame.layout.value_from_css(plot.bottom), frame.layout.value_from_css(plot.top)];
        let between = frame
            .shown
            .iter()
            .filter_map(|&i| frame.model.exemplars.get(i))
            .filter(|e| (from..=to).contains(&e.t_ms))
            .map(|e| e.value);
        let values = edges.into_iter().chain(between).filter(|v| v.is_finite());
        let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        (min <= max).then_some(ExemplarBox { from, to, min, max })
    }
}

/// The aria-live sentence for a box: `Box: 12 exemplars from 10:01:02 to
/// 10:03:04`, or `Box cleared`.
pub fn box_announcement(b: Option<&ExemplarBox>, count: usize, tz: &dyn LocalOffset) -> String {
    let Some(b) = b else { return "Box cleared".to_string() };
    let noun = if count == 1 { "exemplar" } else { "exemplars" };
    let at = |t_ms: i64| format_local(t_ms, tz, TimeFormat::Seconds);
    format!("Box: {count} {noun} from {} to {}", at(b.from), at(b.to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::zone::FixedOffset;

    #[test]
    fn the_announcement_says_how_many_and_when() {
        let b = ExemplarBox { from: 36_062_000, to: 36_184_000, min: 0.0, max: 1.0 };
        assert_eq!(box_announcement(Some(&b), 12, &FixedOffset(0)), "Box: 12 exemplars from 10:01:02 to 10:03:04");
        assert_eq!(box_announcement(Some(&b), 1, &FixedOffset(60)), "Box: 1 exemplar from 11:01:02 to 11:03:04");
        assert_eq!(box_announcement(None, 0, &FixedOffset(0)), "Box cleared");
    }
}
