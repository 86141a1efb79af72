//! The chart's switches in the toolbar: linear or log y axis, exemplars
//! shown or hidden (the viewer's changes: the app's URL keeps them; neither
//! queries again), and the box mode (a plain drag draws a box of exemplars,
//! for pointers without a Shift key).

use leptos::prelude::*;

use super::state::Ctx;
use exemplar_core::config::YScale;

/// Three toggle buttons (`aria-pressed`).
#[component]
pub fn ChartSwitches(ctx: Ctx) -> impl IntoView {
    let view = ctx.changes;
    let scale = ctx.part(|v| v.controls.as_ref().map(|c| c.scale));
    let hidden = ctx.part(|v| v.controls.as_ref().is_some_and(|c| c.exemplars_hidden));
    let scale = move || scale.get().unwrap_or(YScale::Linear);
    let log = move || scale() != YScale::Linear;
    let hidden = move || hidden.get();
    let toggle_scale = move |_| {
        let next = untrack(scale).toggled();
        view.overrides.update(|v| v.scale = Some(next));
    };
    let toggle_exemplars = move |_| {
        let next = !untrack(hidden);
        view.overrides.update(|v| v.hide_exemplars = Some(next));
    };
    view! {
        <button
            type="button"
            class="ep-switch"
            data-testid="scale-toggle"
            aria-pressed=move || log().to_string()
            title="Linear or logarithmic value axis"
            on:click=toggle_scale
        >
            "Log scale"
        </button>
        <button
            type="button"
            class="ep-switch"
            data-testid="exemplar-toggle"
            aria-pressed=move || (!hidden()).to_string()
            title="Show or hide every exemplar (the queries stay as they are)"
            on:click=toggle_exemplars
        >
            "Exemplars"
        </button>
        <button
            type="button"
            class="ep-switch"
            data-testid="box-mode"
            aria-pressed=move || view.box_mode.get().to_string()
            title="Drag to select a box of exemplars instead of zooming (or hold Shift while dragging)"
            on:click=move |_| view.box_mode.update(|on| *on = !*on)
        >
            "Box select"
        </button>
    }
}
