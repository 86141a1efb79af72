//! The exemplar table: the exemplars shown, in the order the machine keeps,
//! with the columns it chooses (see `exemplar_core::panel::table`). Every
//! header is a button that sorts by its column; selecting a row selects (and
//! pins) its dot.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::driver::send;
use super::state::{Ctx, Shared};
use crate::web::dom;
use exemplar_core::panel::{Event, PanelMachine, PointerEvent, SortColumn, SortOrder, TableRow, TableRows};

/// The rows' "Preview trace": whether row `i` can, and opening it. Made by
/// the trace view ([`super::trace::row_preview`]); the lean bundle has none.
#[derive(Clone, Copy)]
pub struct RowPreview {
    /// Whether row `i`'s exemplar has a trace datasource.
    pub can: Callback<usize, bool>,
    /// Opens row `i`'s trace.
    pub open: Callback<usize>,
}

/// The toggleable table below the chart.
#[component]
pub fn ExemplarTable(
    ctx: Ctx,
    /// "Preview trace" on the rows whose exemplar's trace the panel can show.
    preview: Option<RowPreview>,
) -> impl IntoView {
    let bar = ctx.part(|v| v.table.clone());
    let show = Memo::new(move |_| bar.with(|b| b.open));
    let rows = Memo::new(move |_| Shared(ctx.machine.with(PanelMachine::table_rows)));
    let selected = Memo::new(move |_| ctx.selection.with(|s| s.0.as_ref().map(|s| s.index)));
    let body = NodeRef::<leptos::html::Tbody>::new();
    // The rows, built with plain DOM calls (up to 500 rows, rebuilt whole when
    // the machine builds new ones: a new frame, order or config; a reactive
    // view per row cost 3.3 KB gzip more in the lean widget) and one delegated
    // listener for each kind of event: a click or Enter anywhere in a row
    // selects it, "Preview trace" only opens the preview.
    Effect::new(move |_| {
        let table = rows.get().0;
        let Some(el) = body.get() else { return };
        // The rows are replaced: a keyboard user's focus in them moves to the new ones.
        let focus = RowFocus::of(&el);
        match table {
            Some(table) => {
                fill_rows(&el, &table, preview);
                mark_selected(&el, selected.get_untracked());
            }
            // No frame (loading, failed, a new query): no rows either.
            None => el.set_text_content(None),
        }
        if let Some(focus) = focus {
            focus.restore(&el);
        }
    });
    Effect::new(move |_| {
        let picked = selected.get();
        if let Some(el) = body.get_untracked() {
            mark_selected(&el, picked);
        }
    });
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(i) = row_index(&ev) else { return };
        if dom::closest(&ev, "[data-testid=row-preview-trace]").is_some() {
            ev.stop_propagation();
            if let Some(p) = preview {
                p.open.run(i);
            }
        } else {
            send(ctx, PointerEvent::PickRow(i));
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        if let Some(i) = row_index(&ev) {
            send(ctx, PointerEvent::PickRow(i));
        }
    };
    let sort = Memo::new(move |_| bar.with(|b| b.sort.clone()));
    let columns = Memo::new(move |_| rows.with(|r| r.0.as_ref().map(|t| t.columns.clone()).unwrap_or_default()));
    view! {
        <div class="ep-table-bar">
            <button
                class="ep-button"
                data-testid="toggle-table"
                aria-expanded=move || show.get().to_string()
                on:click=move |_| {
                    send(ctx, Event::TableOpen(!show.get_untracked()));
                }
            >
                {move || bar.with(|b| b.toggle_label.clone())}
            </button>
            <Show when=move || show.get()>
                <label class="ep-filter">
                    "Sort "
                    <select
                        data-testid="sort"
                        on:change=move |ev| {
                            send(ctx, Event::TableSort(SortOrder::of_option(&event_target_value(&ev))));
                        }
                    >
                        <option value="slowest" selected=move || sort.with(|s| s.option_value() == "slowest")>"slowest first"</option>
                        <option value="newest" selected=move || sort.with(|s| s.option_value() == "newest")>"newest first"</option>
                        <option value="column" disabled=true selected=move || sort.with(|s| s.option_value() == "column")>"by column"</option>
                    </select>
                </label>
            </Show>
        </div>
        <Show when=move || show.get()>
            <div class="ep-table-wrap">
                <table class="ep-table" data-testid="exemplar-table">
                    {table_head(ctx, sort, columns)}
                    <tbody node_ref=body on:click=on_click on:keydown=on_key></tbody>
                </table>
                {move || bar.with(|b| b.more.clone()).map(|text| view! {
                    <p class="ep-table-more">{text}</p>
                })}
            </div>
        </Show>
    }
}

/// The header row: a button per column that sorts by it (`aria-sort` on the
/// sorting one); `data-col` names the column as its cells do: time, value,
/// series, trace, label:<name>.
fn table_head(ctx: Ctx, sort: Memo<SortOrder>, columns: Memo<Vec<String>>) -> impl IntoView {
    let header = move |column: SortColumn, text: String, testid: &'static str| {
        let col = column.clone();
        let data_col = match &column {
            SortColumn::Label(name) => format!("label:{name}"),
            _ => testid.trim_start_matches("sort-").to_string(),
        };
        view! {
            <th scope="col" aria-sort=move || sort.with(|s| s.aria_sort(&col)) data-col=data_col>
                <button
                    class="ep-sort"
                    data-testid=testid
                    on:click=move |_| {
                        let next = sort.with_untracked(|s| s.clicked(column.clone()));
                        send(ctx, Event::TableSort(next));
                    }
                >
                    {text}
                </button>
            </th>
        }
    };
    let labels = move || {
        let cols = columns.get();
        if cols.is_empty() {
            header(SortColumn::Series, "Series".into(), "sort-series").into_any()
        } else {
            cols.into_iter().map(|c| header(SortColumn::Label(c.clone()), c, "sort-label")).collect_view().into_any()
        }
    };
    view! {
        <thead>
            <tr>
                {header(SortColumn::Time, "Time".into(), "sort-time")}
                {header(SortColumn::Value, "Value".into(), "sort-value")}
                {labels}
                {header(SortColumn::TraceId, "Trace id".into(), "sort-trace")}
                <th scope="col">"Links"</th>
            </tr>
        </thead>
    }
}

/// The exemplar index of the row an event happened in.
fn row_index(ev: &web_sys::Event) -> Option<usize> {
    dom::closest(ev, "tr[data-index]")?.get_attribute("data-index")?.parse().ok()
}

/// Replaces `body`'s rows with `table`'s.
fn fill_rows(body: &Element, table: &TableRows, preview: Option<RowPreview>) {
    body.set_text_content(None);
    let Some(doc) = body.owner_document() else { return };
    for TableRow { index, key, time, value, series, labels, trace_id, links } in &table.rows {
        let index_text = index.to_string();
        let attrs = [
            ("data-testid", "exemplar-row"),
            ("data-index", index_text.as_str()),
            ("data-key", key.as_str()),
            ("tabindex", "0"),
            ("aria-selected", "false"),
        ];
        let Some(tr) = dom::child(&doc, body, "tr", &attrs) else { return };
        dom::text_child(&doc, &tr, "td", &[("data-col", "time")], time.as_str());
        dom::text_child(&doc, &tr, "td", &[("class", "ep-num"), ("data-col", "value")], value.as_str());
        if table.series_column() {
            dom::text_child(&doc, &tr, "td", &[("data-col", "series")], series.as_str());
        }
        for (column, text) in table.columns.iter().zip(labels) {
            let col = format!("label:{column}");
            dom::text_child(&doc, &tr, "td", &[("data-col", col.as_str())], text.as_str());
        }
        dom::text_child(&doc, &tr, "td", &[("class", "ep-mono"), ("data-col", "trace")], trace_id.as_str());
        let Some(cell) = dom::child(&doc, &tr, "td", &[]) else { return };
        if preview.is_some_and(|p| p.can.run(*index)) {
            dom::text_child(
                &doc,
                &cell,
                "button",
                &[("class", "ep-copy"), ("data-testid", "row-preview-trace")],
                "Preview trace",
            );
            dom::text(&doc, &cell, " ");
        }
        for link in links {
            let attrs = [("href", link.url.as_str()), ("target", "_blank"), ("rel", "noopener noreferrer")];
            dom::text_child(&doc, &cell, "a", &attrs, &link.title);
            dom::text(&doc, &cell, " ");
        }
    }
}

/// Where the keyboard focus was in the table's rows: the row's exemplar (by
/// its `data-key`, time and labels; an index into the model does not survive
/// a refresh), its place, and which of its focusable elements (0: the row itself).
struct RowFocus {
    key: String,
    row: u32,
    slot: usize,
}

/// The focusable elements of a row, after the row itself.
const ROW_FOCUSABLES: &str = "button, a";

/// A row's identity across refreshes ([`TableRow::key`]).
fn row_key(row: &Element) -> String {
    row.get_attribute("data-key").unwrap_or_default()
}

impl RowFocus {
    fn of(body: &Element) -> Option<Self> {
        let active = dom::focused_within(body)?;
        let row = active.closest("tr[data-index]").ok().flatten()?;
        let rows = body.children();
        let place = (0..rows.length()).find(|&k| rows.item(k).as_ref() == Some(&row))?;
        let slot = match row.query_selector_all(ROW_FOCUSABLES) {
            Ok(list) => (0..list.length())
                .find(|&k| list.get(k).as_ref() == Some(active.as_ref()))
                .map_or(0, |k| k as usize + 1),
            Err(_) => 0,
        };
        Some(Self { key: row_key(&row), row: place, slot })
    }

    /// Focuses the same exemplar's row (or, when it is gone, the row now in its
    /// place, or the last), and the same element in it.
    fn restore(self, body: &Element) {
        let rows = body.children();
        let same = (0..rows.length()).filter_map(|k| rows.item(k)).find(|r| row_key(r) == self.key);
        let placed = || rows.item(self.row).or_else(|| rows.length().checked_sub(1).and_then(|k| rows.item(k)));
        let Some(row) = same.or_else(placed) else { return };
        let inner = self.slot.checked_sub(1).and_then(|k| {
            let list = row.query_selector_all(ROW_FOCUSABLES).ok()?;
            list.get(u32::try_from(k).ok()?)?.dyn_into::<Element>().ok()
        });
        dom::focus(&inner.unwrap_or(row));
    }
}

/// Marks the row of exemplar `picked` selected (class and `aria-selected`), and
/// the row marked before not: two lookups, however many rows.
fn mark_selected(body: &Element, picked: Option<usize>) {
    if let Ok(Some(old)) = body.query_selector("tr.ep-row-selected") {
        let _ = old.class_list().remove_1("ep-row-selected");
        let _ = old.set_attribute("aria-selected", "false");
    }
    let Some(i) = picked else { return };
    if let Ok(Some(row)) = body.query_selector(&format!("tr[data-index=\"{i}\"]")) {
        let _ = row.class_list().add_1("ep-row-selected");
        let _ = row.set_attribute("aria-selected", "true");
    }
}
