//! The values under the cursor (Grafana's tooltip mode "All"), as the
//! machine computes them ([`Readout`]): floating beside the crosshair, or,
//! while a dot's tooltip is open, inside that tooltip (two boxes side by side
//! over a narrow plot covered each other). Never catches the pointer.

use leptos::prelude::*;

use super::state::{Ctx, Shared};
use exemplar_core::panel::{PanelMachine, Readout};

/// The readout beside the crosshair, on the side with room; none while a
/// dot's tooltip is open (it shows the readout itself, [`readout_in_tooltip`]).
pub fn floating_readout(ctx: Ctx) -> impl IntoView {
    let readout = Memo::new(move |_| Shared(ctx.machine.with(PanelMachine::readout)));
    let tooltip_open = Memo::new(move |_| ctx.selection.with(|s| s.0.is_some()));
    move || {
        if tooltip_open.get() {
            return None;
        }
        let r = readout.get().0?;
        let width = ctx.plot.get_untracked().map_or(0.0, |p| f64::from(p.client_width()));
        let side = if r.x_css > width / 2.0 {
            format!("right:{:.0}px", (width - r.x_css + 8.0).max(0.0))
        } else {
            format!("left:{:.0}px", r.x_css + 8.0)
        };
        Some(view! {
            <div class="ep-readout" data-testid="readout" aria-hidden="true" style=format!("position:absolute;top:8px;pointer-events:none;{side}")>
                {body(&r)}
            </div>
        })
    }
}

/// The readout as a section of the open tooltip.
pub fn readout_in_tooltip(ctx: Ctx) -> impl IntoView {
    let readout = Memo::new(move |_| Shared(ctx.machine.with(PanelMachine::readout)));
    move || {
        let r = readout.get().0?;
        Some(view! {
            <div class="ep-tt-readout" data-testid="readout" aria-hidden="true">
                {body(&r)}
            </div>
        })
    }
}

/// The time, one row per series (`readout-row`, `data-series`, `data-value`), and the rest counted.
fn body(r: &Readout) -> impl IntoView {
    let rows = r
        .rows
        .iter()
        .map(|row| {
            view! {
                <tr data-testid="readout-row" data-series=row.name.clone() data-value=row.raw.clone()>
                    <td><span class="ep-swatch" style:background-color=row.color.clone()></span></td>
                    <th scope="row">{row.name.clone()}</th>
                    <td class="ep-num">{row.value.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let more = (r.more > 0).then(|| view! { <p class="ep-readout-more">{format!("and {} more", r.more)}</p> });
    view! {
        <div class="ep-readout-time">{r.time.clone()}</div>
        <table>{rows}</table>
        {more}
    }
}
