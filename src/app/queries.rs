//! The query editor of the standalone app: one row per target (PromQL,
//! legend, exemplars, hide), run with the button or Ctrl/Cmd-Enter, and the
//! Grafana panel import (paste a panel or dashboard JSON).

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use exemplar_core::config::{ConfigError, PanelConfig, Target};
use exemplar_core::edit::queries::{
    apply_panel, edit_target, legend_format_for, new_target, parse_panel_text, remove_target, run_targets, targets_of,
    LegendMode,
};
use exemplar_core::import::panel::PanelImportError;

/// The targets being edited, applied to `base` by "Run queries".
#[component]
pub fn QueryEditor(base: RwSignal<Result<PanelConfig, ConfigError>>) -> impl IntoView {
    let draft = RwSignal::new(base.with_untracked(targets_of));
    // A config from elsewhere (URL, import) resets the draft.
    Effect::new(move |_| {
        let targets = base.with(targets_of);
        draft.set(targets);
    });
    let run = move || {
        let next = draft.get_untracked();
        base.update(|b| {
            if let Ok(c) = b {
                run_targets(c, next);
            }
        });
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            run();
        }
    };
    let add = move |_| draft.update(|d| d.push(new_target()));

    let rows = move || (0..draft.with(Vec::len)).map(|i| query_row(draft, i, run, on_key)).collect_view();

    view! {
        <details class="ep-editor" data-testid="query-editor" open>
            <summary>"Queries"</summary>
            <p class="ep-help">"PromQL with $__rate_interval, $__interval, $__range… Ctrl/Cmd-Enter runs."</p>
            {rows}
            <div class="ep-query-actions">
                <button type="button" data-testid="query-add" on:click=add>"Add query"</button>
                <button type="button" class="ep-primary" data-testid="query-run" on:click=move |_| run()>
                    "Run queries"
                </button>
            </div>
            <GrafanaPanelImport base=base />
        </details>
    }
}

/// One target's row: refId, legend mode (and custom legend), the exemplar
/// and hide switches (applied at once), remove, and the PromQL.
fn query_row(
    draft: RwSignal<Vec<Target>>,
    i: usize,
    run: impl Fn() + Copy + Send + Sync + 'static,
    on_key: impl Fn(KeyboardEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let get = move |f: fn(&Target) -> String| draft.with(|d| d.get(i).map(f).unwrap_or_default());
    let edit = move |f: &dyn Fn(&mut Target)| draft.update(|d| edit_target(d, i, f));
    let mode = move || LegendMode::of(&get(|t| t.legend_format.clone()));
    let on_mode = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        edit(&|t| t.legend_format = legend_format_for(&value, &t.legend_format));
    };
    let flag = move |get: fn(&Target) -> bool| draft.with(|d| d.get(i).is_some_and(get));
    view! {
        <div class="ep-query" data-testid="query-row">
            <div class="ep-query-head">
                <strong>{move || get(|t| t.ref_id.clone())}</strong>
                <label>
                    "Legend "
                    <select
                        data-testid="query-legend-mode"
                        prop:value=move || mode().value()
                        on:change=on_mode
                    >
                        <option value="auto">"Auto"</option>
                        <option value="verbose">"Verbose"</option>
                        <option value="custom">"Custom"</option>
                    </select>
                </label>
                <Show when=move || mode() == LegendMode::Custom>
                    <input
                        data-testid="query-legend"
                        placeholder="{{route}}"
                        prop:value=move || get(|t| t.legend_format.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|t| t.legend_format = v.clone());
                        }
                        on:keydown=on_key
                    />
                </Show>
                {flag_box(
                    "query-exemplar",
                    " Exemplars",
                    move || flag(|t| t.exemplar),
                    move |on| {
                        edit(&|t| t.exemplar = on);
                        run();
                    },
                )}
                {flag_box(
                    "query-hide",
                    " Hide",
                    move || flag(|t| t.hide),
                    move |on| {
                        edit(&|t| t.hide = on);
                        run();
                    },
                )}
                <button
                    type="button"
                    data-testid="query-remove"
                    on:click=move |_| {
                        draft.update(|d| remove_target(d, i));
                        run();
                    }
                >
                    "Remove"
                </button>
            </div>
            <textarea
                class="ep-textarea ep-mono"
                rows="2"
                data-testid="query-expr"
                aria-label="PromQL"
                spellcheck="false"
                prop:value=move || get(|t| t.expr.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    edit(&|t| t.expr = v.clone());
                }
                on:keydown=on_key
            ></textarea>
        </div>
    }
}

/// A labelled checkbox of a query row, applied at once.
fn flag_box(
    testid: &'static str,
    label: &'static str,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    set: impl Fn(bool) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label>
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=checked
                on:change=move |ev| set(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}

/// Paste a Grafana panel (or dashboard) JSON: its queries replace ours.
#[component]
fn GrafanaPanelImport(base: RwSignal<Result<PanelConfig, ConfigError>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<Vec<String>, PanelImportError>>);
    let run = move |_| {
        let outcome = parse_panel_text(text.get_untracked()).map(|import| {
            let mut lines = Vec::new();
            base.update(|b| {
                if let Ok(c) = b {
                    lines = apply_panel(c, &import);
                }
            });
            lines
        });
        result.set(Some(outcome));
    };
    view! {
        <section class="ep-editor-section">
            <h3>"Import a Grafana panel"</h3>
            <p class="ep-help">"Paste a panel's JSON (or a dashboard's: the first panel with queries)."</p>
            <textarea
                class="ep-textarea ep-mono"
                rows="4"
                aria-label="Grafana panel or dashboard JSON"
                data-testid="panel-import-text"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <button type="button" data-testid="panel-import-run" on:click=run>"Import"</button>
            {move || {
                result
                    .get()
                    .map(|r| match r {
                        Ok(lines) => {
                            view! {
                                <ul class="ep-import-result" data-testid="panel-import-result">
                                    {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="ep-filter-error" data-testid="panel-import-error">{e.to_string()}</p> }.into_any(),
                    })
            }}
        </section>
    }
}
