//! The chart's switches in the toolbar: linear or log y axis, exemplars
//! shown or hidden (the viewer's changes: the app's URL keeps them; neither
//! queries again), and the box mode (a plain drag draws a box of exemplars,
//! for pointers without a Shift key).

use leptos::prelude::*;

use super::{ConfigResult, ViewState};
use exemplar_core::config::YScale;

/// Three toggle buttons (`aria-pressed`).
#[component]
pub fn ChartSwitches(config: Signal<ConfigResult>, view: ViewState) -> impl IntoView {
    // Plain closures, not memos: cheap to read, and less code in the wasm.
    let scale = move || config.with(|c| c.as_ref().map_or(YScale::Linear, |c| c.scale_distribution.y_scale()));
    let hidden = move || config.with(|c| c.as_ref().is_ok_and(|c| c.hide_exemplars));
    let log = move || scale() != YScale::Linear;
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
