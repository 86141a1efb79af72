//! The legend: one button per series. Click hides or shows the series (its
//! line and its exemplars), Ctrl/Cmd-click isolates it (again: all back);
//! the machine keeps which are hidden. With `legend.calcs` each series shows
//! its values (`legend-value`, `data-calc`): after its name in a list, in
//! columns in a table (`legend.displayMode: "table"`). While a failed refresh
//! leaves the lines stale (greyed), a line under it says why (`legend-stale`).

use leptos::prelude::*;
use web_sys::MouseEvent;

use super::driver::send;
use super::state::Ctx;
use exemplar_core::config::{LegendCalc, LegendDisplayMode};
use exemplar_core::panel::{Event, LegendItem};

/// The legend of the shown model's series.
#[component]
pub fn Legend(ctx: Ctx) -> impl IntoView {
    // The buttons are rebuilt only when the series or their colours change, so
    // hiding one keeps the button (and a keyboard user's focus on it); the
    // values change with every refresh and are read cell by cell.
    let items = ctx.part(|v| {
        v.legend
            .iter()
            .map(|LegendItem { key, name, color, .. }| (key.clone(), name.clone(), color.clone()))
            .collect::<Vec<_>>()
    });
    let hidden = ctx.part(|v| v.legend.iter().filter(|l| !l.shown).map(|l| l.key.clone()).collect::<Vec<_>>());
    let values = ctx.part(|v| v.legend.iter().map(|l| l.values.clone()).collect::<Vec<_>>());
    let layout = ctx.part(|v| v.legend_layout.clone());
    let stale = ctx.part(|v| v.stale_note.clone());
    let value = move |i: usize, j: usize| move || values.with(|v| v.get(i)?.get(j).map(|(_, t)| t.clone()));
    let button = move |key: String, name: String, color: String| {
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
        }
    };
    let note = move || {
        stale.get().map(|text| view! { <p class="ep-legend-stale" data-testid="legend-stale" role="status">{text}</p> })
    };
    let legend = move || {
        let (mode, calcs): (LegendDisplayMode, Vec<LegendCalc>) = layout.get();
        let rows = items.get().into_iter().enumerate();
        if mode == LegendDisplayMode::Table && !calcs.is_empty() {
            let head = calcs.iter().map(|c| view! { <th scope="col" class="ep-num">{c.label()}</th> }).collect_view();
            let body = rows
                .map(|(i, (key, name, color))| {
                    let cells = calcs
                        .iter()
                        .enumerate()
                        .map(|(j, c)| view! { <td class="ep-num" data-testid="legend-value" data-calc=c.id()>{value(i, j)}</td> })
                        .collect_view();
                    view! { <tr><th scope="row">{button(key, name, color)}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="ep-legend-table" aria-label="Series">
                    <thead><tr><th scope="col">"Series"</th>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
            .into_any()
        } else {
            let list = rows
                .map(|(i, (key, name, color))| {
                    let vals = calcs
                        .iter()
                        .enumerate()
                        .map(|(j, c)| {
                            view! {
                                <span class="ep-legend-value" data-testid="legend-value" data-calc=c.id()>
                                    {format!("{} ", c.label())}<span class="ep-num">{value(i, j)}</span>
                                </span>
                            }
                        })
                        .collect_view();
                    view! { <li>{button(key, name, color)}{vals}</li> }
                })
                .collect_view();
            view! { <ul class="ep-legend" aria-label="Series">{list}</ul> }.into_any()
        }
    };
    view! { {legend} {note} }
}
