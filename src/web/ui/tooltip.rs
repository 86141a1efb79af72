//! The exemplar tooltip: time, value, labels, series, links, copy, close.
//! Everything is text; links are `<a target=_blank rel="noopener noreferrer">`.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;

use super::readout::readout_in_tooltip;
use super::state::Ctx;
use exemplar_core::panel::{Selection, TooltipPlacement};
use exemplar_core::text::wrap_parts;

/// The tooltip of the selected exemplar. It is placed beside the dot after it
/// is measured, inside the plot ([`TooltipPlacement`]); its CSS keeps it no
/// larger than the plot (it scrolls).
#[component]
pub fn Tooltip(
    ctx: Ctx,
    sel: Arc<Selection>,
    pinned: Signal<bool>,
    on_close: Callback<()>,
    /// "Preview trace", when the exemplar's trace can be shown in the panel.
    on_preview: Option<Callback<()>>,
) -> impl IntoView {
    let el = NodeRef::<Div>::new();
    let (x_css, y_css) = (sel.x_css, sel.y_css);
    let plot = ctx.plot;
    // Placed once measured, and again when the readout inside changes its size.
    let readout_rows = Memo::new(move |_| ctx.machine.with(|m| m.readout().map_or(0, |r| r.rows.len())));
    Effect::new(move |_| {
        readout_rows.track();
        if let (Some(tip), Some(plot)) = (el.get(), plot.get_untracked()) {
            place(&tip, &plot, x_css, y_css);
        }
    });

    let copied = RwSignal::new(false);
    let trace_id = sel.trace_id.clone();
    let copy = move |_| {
        let Some(id) = trace_id.clone() else { return };
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&id);
            copied.set(true);
        }
    };
    let has_trace_id = sel.trace_id.is_some();
    view! {
        <div
            class="ep-tooltip"
            class:ep-pinned=move || pinned.get()
            data-testid="tooltip"
            data-pinned=move || if pinned.get() { "true" } else { "false" }
            role="dialog"
            aria-label="Exemplar"
            node_ref=el
            style="position:absolute;left:0;top:0;visibility:hidden"
        >
            <div class="ep-tt-head">
                <span class="ep-swatch" style:background-color=sel.color.clone()></span>
                <strong class="ep-tt-series-name">{wrapped(&sel.series)}</strong>
                <Show when=move || pinned.get()>
                    <button
                        class="ep-tt-close"
                        data-testid="tooltip-close"
                        aria-label="Close"
                        title="Close (Esc)"
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </Show>
            </div>
            <div class="ep-tt-value">{sel.value.clone()}</div>
            {(!sel.owners.is_empty()).then(|| view! {
                <div class="ep-tt-owners" data-testid="tooltip-owners">{format!("on {}", sel.owners.join(" · "))}</div>
            })}
            <div class="ep-tt-time">{sel.time.clone()}</div>
            {labels(&sel)}
            <div class="ep-tt-links">
                {sel
                    .links
                    .clone()
                    .into_iter()
                    .map(|l| {
                        view! {
                            <a class="ep-link" href=l.url target="_blank" rel="noopener noreferrer">
                                {l.title}
                            </a>
                        }
                    })
                    .collect_view()}
                {on_preview.map(|open| view! {
                    <Show when=move || pinned.get()>
                        <button class="ep-copy" data-testid="preview-trace" on:click=move |_| open.run(())>
                            "Preview trace"
                        </button>
                    </Show>
                })}
                <Show when=move || has_trace_id>
                    <button class="ep-copy" data-testid="copy-trace-id" on:click=copy.clone()>
                        {move || if copied.get() { "Copied ✓" } else { "Copy trace id" }}
                    </button>
                </Show>
            </div>
            {readout_in_tooltip(ctx)}
            <Show when=move || !pinned.get()>
                <div class="ep-tt-hint">"Click the dot to pin"</div>
            </Show>
        </div>
    }
}

/// The exemplar's labels, and its series' labels folded under them.
fn labels(sel: &Selection) -> impl IntoView {
    let row = |(k, v): (String, String)| {
        view! {
            <tr>
                <th>{k}</th>
                <td>{wrapped(&v)}</td>
            </tr>
        }
    };
    view! {
        <table class="ep-tt-labels">{sel.labels.clone().into_iter().map(row).collect_view()}</table>
        <details class="ep-tt-series">
            <summary>"Series labels"</summary>
            <table>{sel.series_labels.clone().into_iter().map(row).collect_view()}</table>
        </details>
    }
}

/// `text` as text with a `<wbr>` after each separator, so a long label value
/// wraps at its separators ([`wrap_parts`]).
fn wrapped(text: &str) -> impl IntoView {
    let parts: Vec<String> = wrap_parts(text).into_iter().map(str::to_owned).collect();
    parts.into_iter().map(|p| view! { {p}<wbr /> }).collect_view()
}

/// Moves the measured tooltip `tip` where [`TooltipPlacement`] says, for a dot
/// at `(x_css, y_css)` of `plot`, and shows it.
fn place(tip: &web_sys::HtmlDivElement, plot: &web_sys::HtmlDivElement, x_css: f64, y_css: f64) {
    let t = tip.get_bounding_client_rect();
    let (left, top) = TooltipPlacement {
        x_css,
        y_css,
        tip_width_css: t.width(),
        tip_height_css: t.height(),
        plot_width_css: f64::from(plot.client_width()),
        plot_height_css: f64::from(plot.client_height()),
    }
    .offset_css();
    let style = web_sys::HtmlElement::style(tip);
    let _ = style.set_property("left", &format!("{left}px"));
    let _ = style.set_property("top", &format!("{top}px"));
    let _ = style.set_property("visibility", "visible");
}
