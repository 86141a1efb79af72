//! The link editor's label check (wasm only): runs the exemplar doctor and,
//! when the exemplars carry another label than a destination expects,
//! offers the one-click fix ([`exemplar_core::edit::LinkTables::apply_label_fix`]).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::web::doctor::run_doctor;
use crate::web::ui::code::with_code;
use crate::web::ui::ConfigResult;
use exemplar_core::doctor::LabelFix;
use exemplar_core::edit::LinkTables;

/// What the check found.
#[derive(Clone, PartialEq)]
enum Found {
    Nothing,
    Running,
    Fine(String),
    Fix(String, LabelFix),
}

/// "Check the trace label", and its fix.
#[component]
pub fn LabelCheck(config: Signal<ConfigResult>, tables: RwSignal<LinkTables>) -> impl IntoView {
    let found = RwSignal::new(Found::Nothing);
    let check = move |_| {
        let spec = config.with_untracked(|c| c.clone().and_then(exemplar_core::config::Spec::of));
        let spec = match spec {
            Ok(spec) => spec,
            Err(e) => return found.set(Found::Fine(e.to_string())),
        };
        found.set(Found::Running);
        spawn_local(async move {
            let next = match run_doctor(&spec, 800.0).await {
                Ok(report) => {
                    let finding = report.checks.iter().find(|c| c.id == "trace-label").map(|c| c.finding.clone());
                    match report.label_fix {
                        Some(fix) => Found::Fix(finding.unwrap_or_default(), fix),
                        None => Found::Fine(finding.unwrap_or_default()),
                    }
                }
                Err(e) => Found::Fine(e.to_string()),
            };
            found.set(next);
        });
    };
    let result = move || match found.get() {
        Found::Nothing => ().into_any(),
        Found::Running => view! { <p role="status">"Asking the backend for exemplars…"</p> }.into_any(),
        Found::Fine(text) => {
            view! { <p class="ep-help" data-testid="label-check-result">{with_code(&text)}</p> }.into_any()
        }
        Found::Fix(text, fix) => {
            let label = format!("Use `{}` for destination {}", fix.label, fix.destination.saturating_add(1));
            view! {
                <p class="ep-problem" data-testid="label-check-result">{with_code(&text)}</p>
                <button
                    class="ep-button"
                    data-testid="label-fix"
                    on:click=move |_| {
                        tables.update(|t| {
                            t.apply_label_fix(&fix);
                        });
                        found.set(Found::Nothing);
                    }
                >
                    {with_code(&label)}
                </button>
            }
            .into_any()
        }
    };
    view! {
        <section class="ep-editor-section">
            <h3>"Trace label"</h3>
            <p class="ep-help">"Does a destination's label match what the backend's exemplars carry?"</p>
            <button class="ep-button" data-testid="label-check" on:click=check>"Check against the exemplars"</button>
            {result}
        </section>
    }
}
