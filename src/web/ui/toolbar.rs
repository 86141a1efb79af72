//! The panel's toolbar: time range (presets, or free from/to: `now-90m`,
//! `now-1d/d`, a local `2026-01-25 10:30` or a UTC `…T10:30:00Z`; a zoomed
//! range shows as local times, never epoch ms), ← and → (half the range),
//! zoom back/out, zoom out ×2, reset, refresh now and auto-refresh, the
//! light/dark toggle, and the chart's switches (log scale, exemplars).

use leptos::prelude::*;

use super::driver::send;
use super::state::Ctx;
use super::switches::ChartSwitches;
use crate::web::browser::{clock, BrowserOffset};
use crate::web::canvas::chart_png;
use crate::web::dom::{download, download_text};
use exemplar_core::config::TimeConfig;
use exemplar_core::edit::range::{
    preset_of, preset_range, resolve_range, shifted, shown_time, toggled_theme, typed_range, widened, RangeError,
    PRESETS, REFRESH,
};
use exemplar_core::export::{csv, file_name};
use exemplar_core::panel::{FetchEvent, PanelMachine};
use exemplar_core::render::theme::Theme;

/// `(from, to)` in epoch ms, for the viewer's clock and time zone.
fn resolve(time: &TimeConfig) -> Result<(i64, i64), RangeError> {
    let now = clock();
    resolve_range(time, now.now_ms, now.utc_offset_min)
}

/// The toolbar above the chart: the time range, then the actions, then the
/// chart's switches.
#[component]
pub fn Toolbar(ctx: Ctx) -> impl IntoView {
    let error = RwSignal::new(None::<RangeError>);
    view! {
        <div class="ep-toolbar" role="toolbar" aria-label="Time range and refresh">
            {time_range(ctx, error)}
            {actions(ctx)}
            <ChartSwitches ctx=ctx />
            {move || error.get().map(|e| view! { <span class="ep-filter-error" role="status">{e.to_string()}</span> })}
        </div>
    }
}

/// The range: presets, ← From – To →, zoom back/out, ×2 wider, reset. A typed
/// range that does not parse sets `error`.
fn time_range(ctx: Ctx, error: RwSignal<Option<RangeError>>) -> impl IntoView {
    let view = ctx.changes;
    let time = ctx.part(|v| v.controls.as_ref().map(|c| c.time.clone()).unwrap_or_default());
    let from_text = RwSignal::new(String::new());
    let to_text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let t = time.get();
        from_text.set(shown_time(&t.from, &BrowserOffset));
        to_text.set(shown_time(&t.to, &BrowserOffset));
    });
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
            Ok(range) => {
                error.set(None);
                // The range shown, read back from its local times: nothing to do.
                let same = next == time.get_untracked() || resolve(&time.get_untracked()).ok() == Some(range);
                if !same {
                    view.set_time(next, None);
                }
            }
            Err(e) => error.set(Some(e)),
        }
    };
    // A new range from the one shown: shifted (← →) or twice as wide.
    let moved = move |f: fn(i64, i64) -> TimeConfig| {
        if let Ok((from, to)) = resolve(&time.get_untracked()) {
            error.set(None);
            view.set_time(f(from, to), None);
        }
    };
    let zoom_out = move |_| match view.zooms.try_update(|z| z.pop()).flatten() {
        Some(previous) => view.overrides.update(|v| v.time = Some(previous)),
        None => moved(widened), // no zoom to undo: twice the range, around its middle
    };
    let reset = move |_| {
        error.set(None);
        view.zooms.set(Vec::new());
        view.overrides.update(|v| v.time = None);
    };
    let zoomed = move || !view.zooms.with(Vec::is_empty);
    view! {
        <select data-testid="time-preset" aria-label="Time range" prop:value=preset on:change=on_preset>
            <option value="">"Custom range"</option>
            {PRESETS.iter().map(|(v, label)| view! { <option value=*v>{*label}</option> }).collect_view()}
        </select>
        <button type="button" data-testid="shift-back" aria-label="Earlier by half the range" title="Earlier by half the range" on:click=move |_| moved(|f, t| shifted(f, t, false))>
            "←"
        </button>
        {time_input(
            "time-from",
            "From",
            "now-90m, now-1d/d, 2026-01-25 10:30 (local), 2026-01-25T10:30:00Z (UTC), epoch ms",
            from_text,
            apply_custom,
        )}
        <span aria-hidden="true">"–"</span>
        {time_input("time-to", "To", "now, now/d, 2026-01-25 12:00 (local), …Z (UTC)", to_text, apply_custom)}
        <button type="button" data-testid="shift-forward" aria-label="Later by half the range" title="Later by half the range" on:click=move |_| moved(|f, t| shifted(f, t, true))>
            "→"
        </button>
        <button type="button" data-testid="zoom-out" title="Back one zoom, or twice the range" on:click=zoom_out>
            {move || if zoomed() { "Zoom back" } else { "Zoom out" }}
        </button>
        <button type="button" data-testid="zoom-wider" title="Twice the range, around its middle" on:click=move |_| moved(widened)>
            "×2 wider"
        </button>
        <button type="button" data-testid="zoom-reset" title="The panel's own range" on:click=reset>
            "Reset"
        </button>
    }
}

/// Refresh now and the interval, the theme, *Copy link* (where the page has
/// one), and the exports.
fn actions(ctx: Ctx) -> impl IntoView {
    let view = ctx.changes;
    let refresh = ctx.part(|v| v.controls.as_ref().map(|c| c.refresh.clone()).unwrap_or_default());
    let dark = ctx.part(|v| v.dark);
    let drawn = ctx.part(|v| matches!(v.state, "ready" | "stale"));
    let on_refresh = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        view.overrides.update(|v| v.refresh = Some(value));
    };
    let toggle_theme = move |_| {
        let next = toggled_theme(dark.get_untracked());
        view.overrides.update(|v| v.theme = Some(next));
    };
    let copied = RwSignal::new(false);
    let copy_link = move |_| {
        if let Some(share) = view.share {
            share.run(());
            copied.set(true);
        }
    };
    view! {
        <button type="button" data-testid="refresh-now" title="Query again now" on:click=move |_| { send(ctx, FetchEvent::RefreshNow(clock())); }>
            "↻ Refresh"
        </button>
        <label class="ep-refresh">
            "Every "
            <select data-testid="refresh" prop:value=move || refresh.get() on:change=on_refresh>
                {REFRESH.iter().map(|(v, label)| view! { <option value=*v>{*label}</option> }).collect_view()}
            </select>
        </label>
        <button type="button" data-testid="theme-toggle" aria-pressed=move || dark.get().to_string() title="Light or dark" on:click=toggle_theme>
            {move || if dark.get() { "☀ Light" } else { "☾ Dark" }}
        </button>
        {view.share.map(|_| view! {
            <button type="button" data-testid="copy-link" title="Copy a short link to this view" on:click=copy_link>
                {move || if copied.get() { "Link copied ✓" } else { "Copy link" }}
            </button>
        })}
        <button type="button" data-testid="export-png" title="Save the chart and its legend as a PNG" disabled=move || !drawn.get() on:click=move |_| export_png(ctx)>
            "PNG"
        </button>
        <button type="button" data-testid="export-csv" title="Save the range's series and exemplars as CSV" disabled=move || !drawn.get() on:click=move |_| export_csv(ctx)>
            "CSV"
        </button>
    }
}

/// *CSV*: the range's shown series and exemplars (`export::csv`), saved.
fn export_csv(ctx: Ctx) {
    let Some(frame) = ctx.machine.with_untracked(PanelMachine::frame) else { return };
    let Some(host) = ctx.host.get_untracked() else { return };
    let title = ctx.read(|v| v.title.clone());
    let text = csv(&frame);
    download_text(&host, &text, "text/csv;charset=utf-8", &file_name(&title, clock().now_ms, "csv"));
}

/// *PNG*: what is drawn, at device resolution, with the legend, saved.
fn export_png(ctx: Ctx) {
    let (Some(base), Some(overlay), Some(host)) =
        (ctx.base.get_untracked(), ctx.overlay.get_untracked(), ctx.host.get_untracked())
    else {
        return;
    };
    let (title, dark, items) = ctx.read(|v| {
        let items: Vec<(String, String)> =
            v.legend.iter().filter(|l| l.shown).map(|l| (l.name.clone(), l.color.clone())).collect();
        (v.title.clone(), v.dark, items)
    });
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    if let Some(url) = chart_png(&base, &overlay, &items, &theme, dpr) {
        download(&host, &url, &file_name(&title, clock().now_ms, "png"));
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
