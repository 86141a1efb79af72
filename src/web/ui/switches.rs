//! The chart's switches in the toolbar: linear or log y axis, and exemplars
//! shown or hidden. Both are the viewer's changes (the app's URL keeps them);
//! neither queries again.

use leptos::prelude::*;

use super::{ConfigResult, ViewState};
use crate::config::YScale;

/// Two toggle buttons (`aria-pressed`).
#[component]
pub fn ChartSwitches(config: Signal<ConfigResult>, view: ViewState) -> impl IntoView {
    let scale =
        Memo::new(move |_| config.with(|c| c.as_ref().map_or(YScale::Linear, |c| c.scale_distribution.y_scale())));
    let hidden = Memo::new(move |_| config.with(|c| c.as_ref().is_ok_and(|c| c.hide_exemplars)));
    let log = move || scale.get() != YScale::Linear;
    let toggle_scale = move |_| {
        let next = scale.get_untracked().toggled();
        view.overrides.update(|v| v.scale = Some(next));
    };
    let toggle_exemplars = move |_| {
        let next = !hidden.get_untracked();
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
            aria-pressed=move || (!hidden.get()).to_string()
            title="Show or hide every exemplar (the queries stay as they are)"
            on:click=toggle_exemplars
        >
            "Exemplars"
        </button>
    }
}
