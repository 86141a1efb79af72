//! The exemplar doctor in the panel (wasm only): the `doctor-open` control
//! (shown with the toolbar, and on its own whenever the exemplar-enabled
//! queries returned no exemplars), the `exemplar-doctor` section with one
//! `doctor-check` per check, and the coverage gap shaded over the plot.
//! Every decision is [`exemplar_core::doctor`]'s; this runs it and shows the result.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::code::with_code;
use super::driver::send;
use super::state::Ctx;
use crate::web::doctor::run_doctor;
use exemplar_core::doctor::Report;
use exemplar_core::panel::{Event, PanelMachine};

/// What the section shows: nothing yet, running, a report, or why none.
#[derive(Clone, PartialEq)]
enum Shown {
    Closed,
    Running,
    Done(Arc<Report>),
    Failed(String),
}

/// The control and the section; the coverage gap goes to the machine (the plot shades it).
#[component]
pub fn DoctorSection(ctx: Ctx) -> impl IntoView {
    let shown = RwSignal::new(Shown::Closed);
    let toolbar = ctx.part(|v| v.controls.as_ref().is_some_and(|c| c.toolbar));
    let by_itself = ctx.part(|v| v.doctor_hint);
    let run = move || {
        let Some(spec) = ctx.machine.with_untracked(PanelMachine::spec) else { return };
        let width = ctx.plot.get_untracked().map_or(800.0, |el| f64::from(el.client_width()));
        shown.set(Shown::Running);
        spawn_local(async move {
            let next = match run_doctor(&spec, width).await {
                Ok(report) => {
                    send(ctx, Event::CoverageGap(report.coverage_gap));
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
            send(ctx, Event::CoverageGap(None));
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
