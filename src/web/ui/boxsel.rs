//! The box of exemplars in the shell: when a new frame's box differs from the
//! last one announced, the host hears `exemplar-box` (details built in the
//! core, [`box_contents`]) and the table opens on the exemplars inside; the
//! returned text ([`box_announcement`]) feeds an aria-live line.

use std::sync::Arc;

use leptos::prelude::*;

use super::driver::{Ctx, Shared};
use super::events::dispatch_detail;
use super::BrowserOffset;
use exemplar_core::config::{ExemplarBox, Unit};
use exemplar_core::interact::frame::Frame;
use exemplar_core::panel::{box_announcement, box_contents, box_detail};
use exemplar_core::render::theme::Theme;

/// Announces box changes of `frame` and opens the table (`table_open`) on a
/// new box; returns the sentence for screen readers (empty until a box changes).
pub fn announce_boxes(
    ctx: Ctx,
    frame: Memo<Shared<Frame>>,
    unit: Memo<Unit>,
    theme: Memo<Theme>,
    table_open: RwSignal<bool>,
) -> ReadSignal<String> {
    let (said, say) = signal(String::new());
    let announced = StoredValue::new(None::<Option<ExemplarBox>>);
    Effect::new(move |_| {
        let Some(frame) = frame.get().0 else { return };
        let current = frame.boxed.as_ref().map(|(b, _)| *b);
        let first = announced.get_value().is_none();
        if announced.get_value() == Some(current) {
            return;
        }
        announced.set_value(Some(current));
        if first && current.is_none() {
            return; // nothing drawn yet: nothing to tell
        }
        if current.is_some() {
            table_open.set(true);
        }
        let Some(host) = ctx.host.get_untracked() else { return };
        let contents = theme.with_untracked(|t| {
            ctx.config.with_untracked(|c| {
                box_contents(&frame, c.as_ref().ok().map(Arc::as_ref), unit.get_untracked(), t, &BrowserOffset)
            })
        });
        say.set(box_announcement(contents.exemplar_box.as_ref(), contents.count, &BrowserOffset));
        dispatch_detail(&host, "exemplar-box", &box_detail(&frame, &contents));
    });
    said
}
