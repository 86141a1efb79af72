//! The exemplar doctor in the panel (wasm only): the `doctor-open` control
//! (shown with the toolbar, and on its own whenever the exemplar-enabled
//! queries returned no exemplars), the `exemplar-doctor` section with one
//! `doctor-check` per check, and the coverage gap shaded over the plot.
//! Every decision is [`exemplar_core::doctor`]'s; this runs it and shows the result.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::code::with_code;
use super::driver::Ctx;
use crate::web::doctor::run_doctor;
use exemplar_core::doctor::{band_css, shows_by_itself, Band, Report};
use exemplar_core::panel::PanelMachine;

/// What the section shows: nothing yet, running, a report, or why none.
#[derive(Clone, PartialEq)]
enum Shown {
    Closed,
    Running,
    Done(Arc<Report>),
    Failed(String),
}

/// The control and the section; `gap` receives the coverage gap to shade.
#[component]
pub fn DoctorSection(ctx: Ctx, gap: RwSignal<Option<Band>>) -> impl IntoView {
    let shown = RwSignal::new(Shown::Closed);
    let asked =
        Memo::new(move |_| ctx.config.with(|c| c.as_ref().is_ok_and(|c| c.visible_targets().any(|t| t.exemplar))));
    let toolbar = Memo::new(move |_| ctx.config.with(|c| c.as_ref().is_ok_and(|c| c.toolbar)));
    let by_itself = Memo::new(move |_| ctx.machine.with(|m| shows_by_itself(asked.get(), m.model().as_deref())));
    let run = move || {
        let Some(config) = ctx.config.with_untracked(|c| c.as_ref().ok().cloned()) else { return };
        let width = ctx.plot.get_untracked().map_or(800.0, |el| f64::from(el.client_width()));
        shown.set(Shown::Running);
        spawn_local(async move {
            let next = match run_doctor(&config, width).await {
                Ok(report) => {
                    gap.set(report.coverage_gap);
                    Shown::Done(Arc::new(report))
                }
                Err(e) => Shown::Failed(e.to_string()),
            };
            // The viewer may have closed it meanwhile, or the host destroyed
            // the panel (its signals are gone then: read them with `try_`).
            if shown.try_get_untracked().is_some_and(|s| s != Shown::Closed) {
                shown.set(next);
            }
        });
    };
    let toggle = move |_| {
        if shown.get_untracked() == Shown::Closed {
            run();
        } else {
            shown.set(Shown::Closed);
            gap.set(None);
        }
    };
    let open = move || shown.get() != Shown::Closed;
    view! {
        <Show when=move || toolbar.get() || by_itself.get() || open()>
            <div class="ep-doctor-bar">
                {move || by_itself.get().then(|| view! { <span class="ep-doctor-hint">"No exemplars in this range."</span> })}
                <button
                    type="button"
                    data-testid="doctor-open"
                    aria-expanded=move || open().to_string()
                    on:click=toggle
                >
                    {move || if open() { "Close the exemplar doctor" } else { "Why no exemplars?" }}
                </button>
            </div>
        </Show>
        <Show when=open>
            <section class="ep-doctor" data-testid="exemplar-doctor" aria-label="Exemplar doctor">
                {move || match shown.get() {
                    Shown::Closed => ().into_any(),
                    Shown::Running => view! { <p role="status">"Checking the backend…"</p> }.into_any(),
                    Shown::Failed(text) => view! { <p role="alert">{text}</p> }.into_any(),
                    Shown::Done(report) => report_view(&report, run).into_any(),
                }}
            </section>
        </Show>
    }
}

/// One report: the backend's name, the checks, and "check again".
fn report_view(report: &Report, run: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let rows = report
        .checks
        .iter()
        .map(|c| {
            let status = c.status.as_str();
            view! {
                <li class=format!("ep-doctor-check ep-{status}") data-testid="doctor-check" data-check=c.id data-status=status>
                    <span class="ep-doctor-status">{status}</span>
                    " "
                    <span class="ep-doctor-finding">{with_code(&c.finding)}</span>
                    {c.fix.as_deref().map(|fix| view! { <div class="ep-doctor-fix">{with_code(fix)}</div> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="ep-doctor-backend">{format!("Asked {}.", report.backend)}</p>
        <ul class="ep-doctor-checks">{rows}</ul>
        <button type="button" data-testid="doctor-rerun" on:click=move |_| run()>
            "Check again"
        </button>
    }
}

/// The coverage gap over the plot: where no exemplar can exist any more.
pub fn gap_band(ctx: Ctx, gap: RwSignal<Option<Band>>) -> impl IntoView {
    move || {
        let band = gap.get()?;
        let frame = ctx.machine.with(PanelMachine::frame)?;
        let (left, width) = band_css(&frame.layout, band)?;
        let plot = frame.layout.plot;
        let style = format!(
            "position:absolute;pointer-events:none;left:{left:.1}px;width:{width:.1}px;top:{:.1}px;height:{:.1}px",
            plot.top,
            (plot.bottom - plot.top).max(0.0)
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
