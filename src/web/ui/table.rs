//! The exemplar table: the exemplars shown, slowest first or newest first.
//! Selecting a row selects (and pins) its dot.

use std::sync::Arc;

use leptos::prelude::*;

use super::{BrowserOffset, ConfigResult};
use crate::config::Unit;
use crate::interact::frame::Frame;
use crate::panel::{sort_order_of_option, table_rows, table_toggle_label, TableRow};
use crate::select::filter::SortOrder;

/// The toggleable table below the chart.
/// The rows' "Preview trace": whether row `i` can, and opening it. Made by
/// the trace view ([`super::trace::row_preview`]); the lean bundle has none.
#[derive(Clone, Copy)]
pub struct RowPreview {
    /// Whether row `i`'s exemplar has a trace datasource.
    pub can: Callback<usize, bool>,
    /// Opens row `i`'s trace.
    pub open: Callback<usize>,
}

#[component]
pub fn ExemplarTable(
    frame: Signal<Option<Arc<Frame>>>,
    config: Signal<ConfigResult>,
    unit: Memo<Unit>,
    show: RwSignal<bool>,
    sort: RwSignal<SortOrder>,
    selected: Signal<Option<usize>>,
    on_select: Callback<usize>,
    /// "Preview trace" on the rows whose exemplar's trace the panel can show.
    preview: Option<RowPreview>,
) -> impl IntoView {
    let rows = move || {
        let frame = frame.get()?;
        let (order, unit) = (sort.get(), unit.get());
        Some(config.with(|c| table_rows(&frame, c.as_ref().ok().map(Arc::as_ref), unit, order, &BrowserOffset)))
    };
    let toggle_label =
        move || table_toggle_label(frame.with(|f| f.as_ref().map_or(0, |f| f.listed().len())), show.get());
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
                            sort.set(sort_order_of_option(&event_target_value(&ev)))
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
                                .map(|table| {
                                    table
                                        .rows
                                        .into_iter()
                                        .map(|TableRow { index: i, time, value, series, trace_id: trace, links }| {
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
                                                        {preview.filter(|p| p.can.run(i)).map(|p| view! {
                                                            <button
                                                                class="ep-copy"
                                                                data-testid="row-preview-trace"
                                                                on:click=move |ev| {
                                                                    ev.stop_propagation();
                                                                    p.open.run(i);
                                                                }
                                                            >
                                                                "Preview trace"
                                                            </button>
                                                            " "
                                                        })}
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
                {move || rows().and_then(|t| t.more_text()).map(|text| view! {
                    <p class="ep-table-more">{text}</p>
                })}
            </div>
        </Show>
    }
}
