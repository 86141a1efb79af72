//! The metric browser of the standalone page (wasm only): the backend's
//! histogram families, marked when they have exemplars in the range, a
//! filter, and one click to chart p50/p90/p99 of one, with a split-by label.
//! What is asked and what the answers mean is [`exemplar_core::edit::metrics`].

use std::sync::Arc;

use futures::future::join_all;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::web::browser::clock;
use crate::web::client::fetch_answer;
use exemplar_core::config::{ConfigError, PanelConfig, Spec};
use exemplar_core::doctor::Answer;
use exemplar_core::edit::metrics::{
    families, filtered, labels_request, list_requests, quantile_targets, split_labels, Family,
};
use exemplar_core::edit::queries::run_targets;
use exemplar_core::edit::range::resolve_range;
use exemplar_core::http::HttpRequest;

type Base = RwSignal<Result<PanelConfig, ConfigError>>;

async fn ask(req: &HttpRequest) -> Answer {
    match fetch_answer(req, None).await {
        Ok((status, body)) => Answer::Got { status, body },
        Err(e) if e.is_cors() => Answer::Blocked,
        Err(e) => Answer::Failed(e.to_string()),
    }
}

/// The base config's backend and range now, epoch ms.
fn backend_and_range(base: Base) -> Option<(exemplar_core::config::Backend, i64, i64)> {
    base.with_untracked(|b| {
        let config = b.as_ref().ok()?;
        let backend = Spec::parse(config).ok()?.backend().clone();
        let now = clock();
        let (from, to) = resolve_range(&config.time, now.now_ms, now.utc_offset_min).ok()?;
        Some((backend, from, to))
    })
}

/// The list, open when the page started without a config.
#[component]
pub fn MetricBrowser(base: Base, open: bool) -> impl IntoView {
    let list = RwSignal::new(None::<Arc<Vec<Family>>>);
    let filter = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<Family>);
    let labels = RwSignal::new(Vec::<String>::new());
    let split = RwSignal::new(String::new());
    let load = move || {
        let Some((backend, from, to)) = backend_and_range(base) else { return };
        spawn_local(async move {
            let answers = join_all(list_requests(&backend, from, to).iter().map(ask)).await;
            let [meta, names, ex] = [0, 1, 2].map(|i| answers.get(i).cloned().unwrap_or(Answer::NotAsked));
            list.set(Some(Arc::new(families(&meta, &names, &ex))));
        });
    };
    if open {
        load();
    }
    let apply = move || {
        let Some(family) = chosen.get_untracked() else { return };
        let by = split.get_untracked();
        let targets = quantile_targets(&family, Some(by.as_str()));
        base.update(|b| {
            if let Ok(c) = b {
                c.title = family.name.clone();
                run_targets(c, targets);
            }
        });
    };
    let choose = move |family: Family| {
        split.set(String::new());
        labels.set(Vec::new());
        chosen.set(Some(family.clone()));
        apply();
        let Some((backend, from, to)) = backend_and_range(base) else { return };
        spawn_local(async move {
            let answer = ask(&labels_request(&backend, &family, from, to)).await;
            labels.set(split_labels(&answer));
        });
    };
    let rows = move || {
        let Some(all) = list.get() else {
            return view! { <p role="status">"Loading the backend's histograms…"</p> }.into_any();
        };
        if all.is_empty() {
            return view! { <p class="ep-help">"The backend lists no histograms (or did not let this page read its metadata)."</p> }.into_any();
        }
        let shown: Vec<Family> = filter.with(|f| filtered(&all, f).into_iter().cloned().collect());
        let items = shown
            .into_iter()
            .map(|f| {
                let name = f.name.clone();
                let title = if f.exemplars { "has exemplars in this range" } else { "no exemplars in this range" };
                let class = if f.exemplars { "ep-metric ep-has-exemplars" } else { "ep-metric" };
                let marked = f.exemplars.to_string();
                let pressed = {
                    let name = name.clone();
                    move || chosen.with(|c| c.as_ref().is_some_and(|c| c.name == name)).to_string()
                };
                view! {
                    <li class=class data-testid="metric" data-exemplars=marked>
                        <button type="button" class="ep-metric-name" title=title aria-pressed=pressed on:click=move |_| choose(f.clone())>
                            {name}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="ep-metric-list" data-testid="metric-browser" aria-label="Histograms">{items}</ul> }
            .into_any()
    };
    view! {
        <details class="ep-editor ep-metrics" open=open on:toggle=move |_| if list.get_untracked().is_none() { load() }>
            <summary>"Metrics: the backend's histograms"</summary>
            <p class="ep-help">"Choose a histogram to chart its p50, p90 and p99 with their exemplars (◆: has exemplars in this range)."</p>
            <label class="ep-field">
                <span>"Filter"</span>
                <input type="search" data-testid="metric-filter" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
            </label>
            {rows}
            <Show when=move || chosen.with(Option::is_some)>
                <label class="ep-field">
                    <span>"Split by"</span>
                    <select data-testid="split-by" prop:value=move || split.get() on:change=move |ev| { split.set(event_target_value(&ev)); apply(); }>
                        <option value="">"(none)"</option>
                        {move || labels.get().into_iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                    </select>
                </label>
            </Show>
        </details>
    }
}
