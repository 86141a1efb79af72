//! The exemplar table: the exemplars shown, slowest first or newest first.
//! Selecting a row selects (and pins) its dot.

use std::sync::Arc;

use leptos::prelude::*;

use super::ConfigResult;
use crate::config::Unit;
use crate::interact::frame::Frame;
use crate::links::{exemplar_links, trace_id_of};
use crate::render::format::{format_instant, format_value};
use crate::select::filter::{sort_rows, SortOrder};

/// At most this many rows are rendered (the first ones in the chosen order).
const MAX_ROWS: usize = 500;

/// The toggleable table below the chart.
#[component]
pub fn ExemplarTable(
    frame: Signal<Option<Arc<Frame>>>,
    config: Signal<ConfigResult>,
    unit: Memo<Unit>,
    show: RwSignal<bool>,
    sort: RwSignal<SortOrder>,
    selected: Signal<Option<usize>>,
    on_select: Callback<usize>,
) -> impl IntoView {
    let rows = move || {
        let frame = frame.get()?;
        let order = sort_rows(&frame.model, &frame.shown, sort.get());
        let total = order.len();
        let config = config.get().ok();
        let unit = unit.get();
        let rows: Vec<_> = order
            .into_iter()
            .take(MAX_ROWS)
            .filter_map(|i| {
                let e = frame.model.exemplars.get(i)?;
                let series = e.series.and_then(|s| frame.model.series.get(s)).map_or("", |s| s.name.as_str());
                let links = config.as_ref().map_or_else(Vec::new, |c| exemplar_links(&frame.model, i, c).links);
                let destinations = config.as_ref().map_or(&[][..], |c| c.exemplar_trace_id_destinations.as_slice());
                let trace = trace_id_of(&e.labels, destinations).unwrap_or_default().to_string();
                Some((
                    i,
                    format_instant(e.t_ms, &super::BrowserOffset),
                    format_value(e.value, unit),
                    series.to_string(),
                    trace,
                    links,
                ))
            })
            .collect();
        Some((rows, total))
    };
    let toggle_label = move || {
        let n = frame.with(|f| f.as_ref().map_or(0, |f| f.shown.len()));
        if show.get() {
            format!("Hide exemplar table ({n})")
        } else {
            format!("Exemplar table ({n})")
        }
    };
    view! {
        <div class="ep-table-bar">
            <button
                class="ep-button"
                data-testid="toggle-table"
                aria-expanded=move || show.get().to_string()
                on:click=move |_| show.update(|s| *s = !*s)
            >
                {toggle_label}
            </button>
            <Show when=move || show.get()>
                <label class="ep-filter">
                    "Sort "
                    <select
                        data-testid="sort"
                        on:change=move |ev| {
                            sort.set(if event_target_value(&ev) == "newest" { SortOrder::NewestFirst } else { SortOrder::SlowestFirst })
                        }
                    >
                        <option value="slowest" selected=move || sort.get() == SortOrder::SlowestFirst>"slowest first"</option>
                        <option value="newest" selected=move || sort.get() == SortOrder::NewestFirst>"newest first"</option>
                    </select>
                </label>
            </Show>
        </div>
        <Show when=move || show.get()>
            <div class="ep-table-wrap">
                <table class="ep-table" data-testid="exemplar-table">
                    <thead>
                        <tr>
                            <th>"Time"</th>
                            <th>"Value"</th>
                            <th>"Series"</th>
                            <th>"Trace id"</th>
                            <th>"Links"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows()
                                .map(|(rows, _)| {
                                    rows.into_iter()
                                        .map(|(i, time, value, series, trace, links)| {
                                            let is_selected = move || selected.get() == Some(i);
                                            view! {
                                                <tr
                                                    data-testid="exemplar-row"
                                                    data-index=i.to_string()
                                                    class:ep-row-selected=is_selected
                                                    aria-selected=move || is_selected().to_string()
                                                    tabindex="0"
                                                    on:click=move |_| on_select.run(i)
                                                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                                                        if ev.key() == "Enter" {
                                                            on_select.run(i);
                                                        }
                                                    }
                                                >
                                                    <td>{time}</td>
                                                    <td class="ep-num">{value}</td>
                                                    <td>{series}</td>
                                                    <td class="ep-mono">{trace}</td>
                                                    <td>
                                                        {links
                                                            .into_iter()
                                                            .map(|l| view! { <a href=l.url target="_blank" rel="noopener noreferrer">{l.title}</a> " " })
                                                            .collect_view()}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
                {move || rows().filter(|(_, total)| *total > MAX_ROWS).map(|(_, total)| view! {
                    <p class="ep-table-more">{format!("showing the first {MAX_ROWS} of {total}")}</p>
                })}
            </div>
        </Show>
    }
}
