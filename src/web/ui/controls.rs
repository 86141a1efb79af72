//! The filter bar: value threshold, "above the line only", all exemplars
//! (no sampling), label matchers.

use leptos::prelude::*;

use super::state::Ctx;
use exemplar_core::panel::controls::{edit_filters, threshold_placeholder, FilterEdit};

/// The filters above the chart. They edit the view's filter texts (so the
/// app's URL keeps them); a text that does not parse is shown as an error and
/// leaves the filter as it was ([`edit_filters`]).
#[component]
pub fn FilterBar(ctx: Ctx) -> impl IntoView {
    let view = ctx.changes;
    let controls = ctx.part(|v| v.controls.as_ref().map(|c| (c.filters.clone(), c.unit.clone(), c.show_all)));
    let current = move || controls.get().map(|(f, u, _)| (f, u)).unwrap_or_default();
    let threshold_error = RwSignal::new(None::<String>);
    let matcher_error = RwSignal::new(None::<String>);
    // `error`: where a text that does not parse says why (none for the checkbox).
    let apply = move |edit: FilterEdit, error: Option<RwSignal<Option<String>>>| {
        let (filters, unit) = current();
        let next = edit_filters(&filters, &unit, edit);
        if let Some(error) = error {
            error.set(next.as_ref().err().map(ToString::to_string));
        }
        if let Ok(next) = next {
            view.overrides.update(|v| v.filters = Some(next));
        }
    };
    let on_threshold =
        move |ev: web_sys::Event| apply(FilterEdit::MinValue(event_target_value(&ev)), Some(threshold_error));
    let on_matchers = move |ev: web_sys::Event| apply(FilterEdit::Labels(event_target_value(&ev)), Some(matcher_error));
    let sampled_all = move || controls.with(|c| c.as_ref().is_some_and(|(_, _, all)| *all));
    let placeholder = move || threshold_placeholder(&current().1);
    view! {
        <div class="ep-filters" role="group" aria-label="Exemplar filters">
            <label class="ep-filter">
                "Value ≥ "
                <input
                    type="text"
                    size="7"
                    data-testid="filter-min"
                    placeholder=placeholder
                    prop:value=move || current().0.min_value
                    on:input=on_threshold
                    aria-invalid=move || threshold_error.get().is_some().to_string()
                />
            </label>
            <label class="ep-filter">
                <input
                    type="checkbox"
                    data-testid="filter-above"
                    prop:checked=move || current().0.above_line
                    on:change=move |ev| apply(FilterEdit::AboveLine(event_target_checked(&ev)), None)
                />
                " Above the line only"
            </label>
            <label class="ep-filter" title="Draw every exemplar instead of the sampled ones">
                <input
                    type="checkbox"
                    data-testid="show-all"
                    prop:checked=sampled_all
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        view.overrides.update(|v| v.show_all = on);
                    }
                />
                " All exemplars"
            </label>
            <label class="ep-filter ep-filter-labels">
                "Labels "
                <input
                    type="text"
                    data-testid="filter-labels"
                    placeholder="route=\"/api/pay\""
                    prop:value=move || current().0.labels
                    on:input=on_matchers
                    aria-invalid=move || matcher_error.get().is_some().to_string()
                />
            </label>
            {move || threshold_error.get().or(matcher_error.get()).map(|e| view! { <span class="ep-filter-error" role="status">{e}</span> })}
        </div>
    }
}
