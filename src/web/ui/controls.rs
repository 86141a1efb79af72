//! The filter bar: value threshold, "above the line only", all exemplars
//! (no sampling), label matchers.

use leptos::prelude::*;

use super::{ConfigResult, ViewState};
use crate::config::{FilterConfig, Unit};
use crate::select::filter::{parse_matchers, parse_threshold};
use crate::select::sample::Sampler;

/// The filters above the chart. They edit the view's filter texts (so the
/// app's URL keeps them); a text that does not parse is shown as an error and
/// leaves the filter as it was.
#[component]
pub fn FilterBar(config: Signal<ConfigResult>, view: ViewState) -> impl IntoView {
    let current = move || config.with(|c| c.as_ref().map(|c| (c.filters.clone(), c.unit)).unwrap_or_default());
    let unit = move || current().1;
    let threshold_error = RwSignal::new(None::<String>);
    let matcher_error = RwSignal::new(None::<String>);
    let set = move |change: &dyn Fn(&mut FilterConfig)| {
        let (mut filters, _) = current();
        change(&mut filters);
        view.overrides.update(|v| v.filters = Some(filters));
    };
    let on_threshold = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        match parse_threshold(&text, unit()) {
            Ok(_) => {
                threshold_error.set(None);
                set(&|f| f.min_value = text.clone());
            }
            Err(e) => threshold_error.set(Some(e.to_string())),
        }
    };
    let on_matchers = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        match parse_matchers(&text) {
            Ok(_) => {
                matcher_error.set(None);
                set(&|f| f.labels = text.clone());
            }
            Err(e) => matcher_error.set(Some(e.to_string())),
        }
    };
    let sampled_all = move || config.with(|c| c.as_ref().is_ok_and(|c| c.exemplar_sampling == Sampler::All));
    let placeholder = move || if unit() == Unit::Seconds { "e.g. 500ms" } else { "e.g. 100" };
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
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set(&|f| f.above_line = on);
                    }
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
