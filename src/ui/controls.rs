//! The filter bar: value threshold, "above the line only", all exemplars
//! (no sampling), label matchers.

use leptos::prelude::*;

use crate::config::Unit;
use crate::filter::{parse_matchers, ExemplarFilter};
use crate::prom::parse_prom_float;
use crate::time_range::parse_duration_ms;

/// A threshold as typed: a number in the panel's unit, or (for seconds) a
/// duration such as `250ms` or `2s`. Empty is no threshold.
fn parse_threshold(text: &str, unit: Unit) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(v) = parse_prom_float(text).filter(|v| v.is_finite()) {
        return Ok(Some(v));
    }
    if unit == Unit::Seconds {
        if let Some(ms) = parse_duration_ms(text) {
            return Ok(Some(ms as f64 / 1000.0));
        }
        return Err(format!("{text:?} is not a number of seconds or a duration like 250ms"));
    }
    Err(format!("{text:?} is not a number"))
}

/// The filters above the chart.
#[component]
pub fn FilterBar(filter: RwSignal<ExemplarFilter>, unit: Memo<Unit>, show_all: RwSignal<bool>) -> impl IntoView {
    let threshold_error = RwSignal::new(None::<String>);
    let matcher_error = RwSignal::new(None::<String>);
    let on_threshold = move |ev: web_sys::Event| match parse_threshold(&event_target_value(&ev), unit.get_untracked()) {
        Ok(v) => {
            threshold_error.set(None);
            filter.update(|f| f.min_value = v);
        }
        Err(e) => threshold_error.set(Some(e)),
    };
    let on_matchers = move |ev: web_sys::Event| match parse_matchers(&event_target_value(&ev)) {
        Ok(m) => {
            matcher_error.set(None);
            filter.update(|f| f.matchers = m);
        }
        Err(e) => matcher_error.set(Some(e.to_string())),
    };
    let placeholder = move || if unit.get() == Unit::Seconds { "e.g. 500ms" } else { "e.g. 100" };
    view! {
        <div class="ep-filters" role="group" aria-label="Exemplar filters">
            <label class="ep-filter">
                "Value ≥ "
                <input
                    type="text"
                    size="7"
                    data-testid="filter-min"
                    placeholder=placeholder
                    on:input=on_threshold
                    aria-invalid=move || threshold_error.get().is_some().to_string()
                />
            </label>
            <label class="ep-filter">
                <input
                    type="checkbox"
                    data-testid="filter-above"
                    on:change=move |ev| filter.update(|f| f.above_line = event_target_checked(&ev))
                />
                " Above the line only"
            </label>
            <label class="ep-filter" title="Draw every exemplar instead of the sampled ones">
                <input
                    type="checkbox"
                    data-testid="show-all"
                    prop:checked=move || show_all.get()
                    on:change=move |ev| show_all.set(event_target_checked(&ev))
                />
                " All exemplars"
            </label>
            <label class="ep-filter ep-filter-labels">
                "Labels "
                <input
                    type="text"
                    data-testid="filter-labels"
                    placeholder="route=\"/api/pay\""
                    on:input=on_matchers
                    aria-invalid=move || matcher_error.get().is_some().to_string()
                />
            </label>
            {move || threshold_error.get().or(matcher_error.get()).map(|e| view! { <span class="ep-filter-error" role="status">{e}</span> })}
        </div>
    }
}
