//! The plot: two canvases (the base, painted per frame; the overlay, per
//! hover), the doctor's coverage gap and the tooltip. Pointer and keys go to
//! the machine as they are; where the pointer is, in CSS px of the plot.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, MouseEvent, PointerEvent};

use super::driver::send;
use super::readout::floating_readout;
use super::state::Ctx;
use super::tooltip::Tooltip;
use super::trace::{self, TracePreview};
use exemplar_core::panel::{Key, PanelMachine, PointerEvent as Pointer};

/// Structural styles, inline so the panel lays out even without its
/// stylesheet; the height is a custom property a host page may set.
const PLOT_STYLE: &str = "position:relative;width:100%;height:var(--ep-plot-height,320px)";
const CANVAS_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%";
const OVERLAY_STYLE: &str = "position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none";

/// The plot element, its canvases, the gap band and the tooltip.
#[component]
pub fn Plot(ctx: Ctx, preview: TracePreview) -> impl IntoView {
    let at = move |x: i32, y: i32| local_point(ctx.plot, x, y);
    let on_down = move |ev: PointerEvent| {
        if ev.button() != 0 || in_tooltip(&ev) {
            return;
        }
        if let Some((x_css, y_css)) = at(ev.client_x(), ev.client_y()) {
            let boxing = ev.shift_key() || ctx.changes.box_mode.get_untracked();
            send(ctx, Pointer::Down { x_css, y_css, boxing });
        }
    };
    let on_up = move |ev: PointerEvent| {
        if let Some((x_css, _)) = at(ev.client_x(), ev.client_y()) {
            send(ctx, Pointer::Up { x_css });
        }
    };
    let on_move = move |ev: PointerEvent| {
        if let Some((x_css, y_css)) = at(ev.client_x(), ev.client_y()) {
            send(ctx, Pointer::Move { x_css, y_css, over_tooltip: in_tooltip(&ev) });
        }
    };
    let on_click = move |ev: MouseEvent| {
        let event = match at(ev.client_x(), ev.client_y()) {
            _ if in_tooltip(&ev) => Pointer::TooltipClick,
            Some((x_css, y_css)) => Pointer::Click { x_css, y_css },
            None => return,
        };
        send(ctx, event);
    };
    let on_key = move |ev: KeyboardEvent| {
        // Keys on the tooltip's links and buttons act on them only; Escape
        // there unpins and gives the keyboard back to the plot.
        let from_tooltip = in_tooltip(&ev);
        if from_tooltip && ev.key() != "Escape" {
            return;
        }
        if let Some(key) = Key::from_dom(&ev.key(), ev.shift_key()) {
            if send(ctx, Pointer::Key(key)) {
                ev.prevent_default();
            }
            if from_tooltip {
                send(ctx, Pointer::Unpin);
                if let Some(plot) = ctx.plot.get_untracked() {
                    let _ = plot.focus();
                }
            }
        }
    };
    let pinned: Signal<bool> = Memo::new(move |_| ctx.machine.with(PanelMachine::pinned)).into();
    view! {
        <div
            class="ep-plot"
            data-testid="plot"
            tabindex="0"
            role="application"
            aria-label="Latency chart with exemplars. Arrow keys step through exemplars, Shift+arrows draw a box of them, Enter opens one, Escape closes and clears the box."
            node_ref=ctx.plot
            style=PLOT_STYLE
            on:pointerdown=on_down
            on:pointerup=on_up
            on:pointermove=on_move
            on:pointerleave=move |_: PointerEvent| {
                send(ctx, Pointer::Leave);
            }
            on:click=on_click
            on:keydown=on_key
        >
            <canvas class="ep-canvas ep-base" node_ref=ctx.base style=CANVAS_STYLE aria-hidden="true"></canvas>
            <canvas class="ep-canvas ep-overlay" node_ref=ctx.overlay style=OVERLAY_STYLE></canvas>
            {gap_band(ctx)}
            {axis_lists(ctx)}
            {floating_readout(ctx)}
            {move || {
                ctx.selection
                    .get()
                    .0
                    .map(|s| {
                        let on_close = Callback::new(move |()| {
                            send(ctx, Pointer::Unpin);
                        });
                        let target = trace::exemplar_target(ctx, s.index);
                        let on_preview = target.map(|t| Callback::new(move |()| preview.open(t.clone())));
                        view! { <Tooltip ctx=ctx sel=s pinned=pinned on_close=on_close on_preview=on_preview /> }
                    })
            }}
        </div>
    }
}

/// The doctor's coverage gap over the plot: where no exemplar can exist any more.
fn gap_band(ctx: Ctx) -> impl IntoView {
    let gap = ctx.part(|v| v.gap);
    move || {
        let band = gap.get()?;
        let style = format!(
            "position:absolute;pointer-events:none;left:{:.1}px;width:{:.1}px;top:{:.1}px;height:{:.1}px",
            band.left, band.width, band.top, band.height
        );
        Some(view! {
            <div
                class="ep-coverage-gap"
                data-testid="coverage-gap"
                style=style
                title="No exemplars here: the backend's ring buffer has dropped them"
            ></div>
        })
    }
}

/// The axes' labels as visually hidden lists, in order, with the unit:
/// what a screen reader reads of the canvas.
fn axis_lists(ctx: Ctx) -> impl IntoView {
    let axes = ctx.part(|v| v.axes.clone());
    let list = |testid: &'static str, label: String, items: Vec<String>| {
        view! {
            <ul class="ep-sr-only" data-testid=testid aria-label=label>
                {items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
            </ul>
        }
    };
    move || {
        let a = axes.get();
        (list("y-axis", format!("Value axis, unit {}", a.unit), a.y), list("x-axis", "Time axis".to_string(), a.x))
    }
}

/// Pointer position relative to the plot element, CSS px.
fn local_point(plot: NodeRef<Div>, client_x: i32, client_y: i32) -> Option<(f64, f64)> {
    let rect = plot.get_untracked()?.get_bounding_client_rect();
    Some((f64::from(client_x) - rect.left(), f64::from(client_y) - rect.top()))
}

/// Whether the event happened inside the tooltip (which lives inside the plot).
fn in_tooltip(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".ep-tooltip").ok().flatten())
        .is_some()
}
