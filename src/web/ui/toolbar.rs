//! The panel's toolbar: time range (presets, or free from/to: `now-90m`,
//! `now-1d/d`, a local `2026-01-25 10:30` or a UTC `…T10:30:00Z`), zoom out
//! and reset, auto-refresh, the light/dark toggle, and the chart's switches
//! (log scale, exemplars).

use leptos::prelude::*;

use super::state::Ctx;
use super::switches::ChartSwitches;
use crate::web::browser::clock;
use exemplar_core::config::TimeConfig;
use exemplar_core::edit::range::{
    preset_of, preset_range, resolve_range, toggled_theme, typed_range, widened, RangeError, PRESETS, REFRESH,
};

/// `(from, to)` in epoch ms, for the viewer's clock and time zone.
fn resolve(time: &TimeConfig) -> Result<(i64, i64), RangeError> {
    let now = clock();
    resolve_range(time, now.now_ms, now.utc_offset_min)
}

/// The toolbar above the chart.
#[component]
pub fn Toolbar(ctx: Ctx) -> impl IntoView {
    let view = ctx.changes;
    let time = ctx.part(|v| v.controls.as_ref().map(|c| c.time.clone()).unwrap_or_default());
    let refresh = ctx.part(|v| v.controls.as_ref().map(|c| c.refresh.clone()).unwrap_or_default());
    let dark = ctx.part(|v| v.dark);
    let from_text = RwSignal::new(String::new());
    let to_text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let t = time.get();
        from_text.set(t.from);
        to_text.set(t.to);
    });
    let error = RwSignal::new(None::<RangeError>);

    let preset = move || time.with(preset_of);
    let on_preset = move |ev: web_sys::Event| {
        if let Some(next) = preset_range(event_target_value(&ev)) {
            error.set(None);
            view.set_time(next, None);
        }
    };
    let apply_custom = move || {
        let next = from_text.with_untracked(|from| to_text.with_untracked(|to| typed_range(from, to)));
        match resolve(&next) {
            Ok(_) => {
                error.set(None);
                if next != time.get_untracked() {
                    view.set_time(next, None);
                }
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let zoom_out = move |_| {
        if let Some(previous) = view.zooms.try_update(|z| z.pop()).flatten() {
            view.overrides.update(|v| v.time = Some(previous));
            return;
        }
        // No zoom to undo: twice the range, around its middle.
        if let Ok((from, to)) = resolve(&time.get_untracked()) {
            view.set_time(widened(from, to), None);
        }
    };
    let reset = move |_| {
        error.set(None);
        view.zooms.set(Vec::new());
        view.overrides.update(|v| v.time = None);
    };
    let on_refresh = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        view.overrides.update(|v| v.refresh = Some(value));
    };
    let toggle_theme = move |_| {
        let next = toggled_theme(dark.get_untracked());
        view.overrides.update(|v| v.theme = Some(next));
    };
    let zoomed = move || !view.zooms.with(Vec::is_empty);

    view! {
        <div class="ep-toolbar" role="toolbar" aria-label="Time range and refresh">
            <select data-testid="time-preset" aria-label="Time range" prop:value=preset on:change=on_preset>
                <option value="">"Custom range"</option>
                {PRESETS.iter().map(|(v, label)| view! { <option value=*v>{*label}</option> }).collect_view()}
            </select>
            {time_input(
                "time-from",
                "From",
                "now-90m, now-1d/d, 2026-01-25 10:30 (local), 2026-01-25T10:30:00Z (UTC), epoch ms",
                from_text,
                apply_custom,
            )}
            <span aria-hidden="true">"→"</span>
            {time_input("time-to", "To", "now, now/d, 2026-01-25 12:00 (local), …Z (UTC)", to_text, apply_custom)}
            <button type="button" data-testid="zoom-out" title="Back one zoom, or twice the range" on:click=zoom_out>
                {move || if zoomed() { "Zoom back" } else { "Zoom out" }}
            </button>
            <button type="button" data-testid="zoom-reset" title="The panel's own range" on:click=reset>
                "Reset"
            </button>
            <label class="ep-refresh">
                "Refresh "
                <select data-testid="refresh" prop:value=move || refresh.get() on:change=on_refresh>
                    {REFRESH.iter().map(|(v, label)| view! { <option value=*v>{*label}</option> }).collect_view()}
                </select>
            </label>
            <button
                type="button"
                data-testid="theme-toggle"
                aria-pressed=move || dark.get().to_string()
                title="Light or dark"
                on:click=toggle_theme
            >
                {move || if dark.get() { "☀ Light" } else { "☾ Dark" }}
            </button>
            <ChartSwitches ctx=ctx />
            {move || error.get().map(|e| view! { <span class="ep-filter-error" role="status">{e.to_string()}</span> })}
        </div>
    }
}

/// A free-text time field: applied on Enter or when it loses focus.
fn time_input(
    testid: &'static str,
    label: &'static str,
    title: &'static str,
    text: RwSignal<String>,
    apply: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <input
            class="ep-time"
            data-testid=testid
            aria-label=label
            title=title
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
            on:change=move |_| apply()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" {
                    apply();
                }
            }
        />
    }
}
