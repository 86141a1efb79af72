//! The legend: one button per series. Click hides or shows the series (its
//! line and its exemplars), Ctrl/Cmd-click isolates it (again: all back);
//! the machine keeps which are hidden.

use leptos::prelude::*;
use web_sys::MouseEvent;

use super::driver::send;
use super::state::Ctx;
use exemplar_core::panel::{Event, LegendItem};

/// The legend of the shown model's series.
#[component]
pub fn Legend(ctx: Ctx) -> impl IntoView {
    // The buttons are rebuilt only when the series or their colours change, so
    // hiding one keeps the button (and a keyboard user's focus on it).
    let items = ctx.part(|v| {
        v.legend
            .iter()
            .map(|LegendItem { key, name, color, .. }| (key.clone(), name.clone(), color.clone()))
            .collect::<Vec<_>>()
    });
    let hidden = ctx.part(|v| v.legend.iter().filter(|l| !l.shown).map(|l| l.key.clone()).collect::<Vec<_>>());
    let buttons = move || {
        items
            .get()
            .into_iter()
            .map(|(key, name, color): (String, String, String)| {
                let shown = {
                    let key = key.clone();
                    move || !hidden.with(|h| h.contains(&key))
                };
                let pressed = shown.clone();
                let on_click = move |ev: MouseEvent| {
                    let isolate = ev.ctrl_key() || ev.meta_key();
                    send(ctx, Event::Legend { key: key.clone(), isolate });
                };
                view! {
                    <li>
                        <button
                            type="button"
                            class="ep-legend-item"
                            class:ep-legend-hidden=move || !shown()
                            data-testid="legend-item"
                            aria-pressed=move || pressed().to_string()
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
    view! { <ul class="ep-legend" aria-label="Series">{buttons}</ul> }
}
