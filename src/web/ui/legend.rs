//! The legend: one button per series. Click hides or shows the series (its
//! line and its exemplars), Ctrl/Cmd-click isolates it (again: all back).

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use web_sys::MouseEvent;

use exemplar_core::model::PanelModel;
use exemplar_core::panel::{legend_items, LegendItem};
use exemplar_core::render::theme::Theme;
use exemplar_core::select::filter::legend_click;

/// The legend of `model`'s series; `hidden` holds the hidden series' keys.
#[component]
pub fn Legend(
    model: Signal<Option<Arc<PanelModel>>>,
    theme: Memo<Theme>,
    hidden: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let items = move || {
        let Some(model) = model.get() else { return Vec::new() };
        let items = theme.with(|t| legend_items(&model, t));
        let keys: Vec<String> = items.iter().map(|i| i.key.clone()).collect();
        items
            .into_iter()
            .map(|LegendItem { key, name, color }| {
                let all = keys.clone();
                let on_click = {
                    let key = key.clone();
                    move |ev: MouseEvent| {
                        let isolate = ev.ctrl_key() || ev.meta_key();
                        hidden.update(|h| *h = legend_click(&all, h, &key, isolate));
                    }
                };
                let shown = move || !hidden.with(|h| h.contains(&key));
                let shown_too = shown.clone();
                view! {
                    <li>
                        <button
                            type="button"
                            class="ep-legend-item"
                            class:ep-legend-hidden=move || !shown()
                            data-testid="legend-item"
                            aria-pressed=move || shown_too().to_string()
                            title="Click: hide or show. Ctrl/Cmd-click: show only this one."
                            on:click=on_click
                        >
                            <span class="ep-swatch" style:background-color=color></span>
                            {name}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="ep-legend" aria-label="Series">{items}</ul> }
}
