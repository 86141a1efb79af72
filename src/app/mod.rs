//! The standalone app: the panel, plus an editor for the trace-link tables
//! (destinations and datasources) with a live link preview, a Grafana
//! provisioning import, localStorage persistence and a config export.
//!
//! Where the config comes from: `?c=<packed>` (a link from *Copy link*),
//! else `?config=<url-encoded JSON>`, else (none, or an empty one) the demo's
//! config, with the metric browser open. The link tables saved in localStorage apply only without
//! `?config=`, so a shared URL always shows what it says. Once the viewer
//! changes anything (range, zoom, refresh, theme, sampling, filters, queries),
//! the whole config is written back to `?config=`.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod labelfix;
mod metrics;
mod queries;

use crate::web::ui::{ConfigResult, Panel, ViewState};
use exemplar_core::config::{ConfigError, PanelConfig};
use exemplar_core::edit::tables::{TableSpec, DATASOURCES, DESTINATIONS};
use exemplar_core::edit::url::{initial, pack, page_config, starts_without_config, url_config_text, UrlState};
use exemplar_core::edit::{
    apply_provisioning, export_text, preview_links, LinkTables, SAMPLE_SPAN_ID, SAMPLE_TRACE_ID,
};
use exemplar_core::import::provisioning::{parse_provisioning, ImportError};
use queries::QueryEditor;

const STORAGE_KEY: &str = "exemplar-panel.links";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_saved() -> Option<LinkTables> {
    LinkTables::from_saved(&storage()?.get_item(STORAGE_KEY).ok()??)
}

fn save(tables: &LinkTables) {
    if let (Some(s), Some(text)) = (storage(), tables.saved_text()) {
        let _ = s.set_item(STORAGE_KEY, &text);
    }
}

/// The URL's query parameter `name`.
fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

fn config_param() -> Option<String> {
    param("config")
}

/// *Copy link*: this page with `?c=` holding `config` packed (`edit::url::pack`),
/// copied to the clipboard.
fn copy_link(config: &str) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let (Ok(origin), Ok(path)) = (location.origin(), location.pathname()) else { return };
    let link = format!("{origin}{path}?c={}", pack(config));
    let _ = window.navigator().clipboard().write_text(&link);
}

/// Puts `config` in the URL's `?config=`: a new history entry when `push`.
fn write_url(config: &str, push: bool) {
    let Some(window) = web_sys::window() else { return };
    if config_param().as_deref() == Some(config) {
        return;
    }
    let Ok(params) = web_sys::UrlSearchParams::new() else { return };
    params.set("config", config);
    let url = format!("?{}", String::from(params.to_string()));
    let Ok(history) = window.history() else { return };
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// The standalone app.
#[component]
pub fn App() -> impl IntoView {
    let (url_text, base, initial) = match page_config(param("c").as_deref(), config_param()) {
        Ok(text) => {
            let (base, tables) = initial(text.as_deref(), load_saved);
            (text, base, tables)
        }
        Err(e) => (None, Err(ConfigError::Unavailable(e.to_string())), LinkTables::default()),
    };
    let no_config = starts_without_config(url_text.as_deref()) && base.is_ok();
    let base = RwSignal::new(base);
    let tables = RwSignal::new(initial);
    let config: Signal<ConfigResult> = Signal::derive(move || {
        base.with(|b| {
            b.clone().map(|mut c| {
                tables.with(|t| t.apply_to(&mut c));
                Arc::new(c)
            })
        })
    });
    // Persist every edit.
    Effect::new(move |prev: Option<()>| {
        let t = tables.get();
        if prev.is_some() {
            save(&t);
        }
    });

    // The view (range, zooms, refresh, theme, sampling, filters) and the
    // queries live in the URL (see `edit::url`): copying it reproduces the view.
    // *Copy link* packs the config as shown (the last one written, or the page's).
    let shown = StoredValue::new(None::<String>);
    let share = Callback::new(move |()| {
        if let Some(text) = shown.get_value() {
            copy_link(&text);
        }
    });
    let view = ViewState { share: Some(share), ..ViewState::new() };
    let url = StoredValue::new(UrlState::default());
    Effect::new(move |prev: Option<()>| {
        let effective = config.with(|c| c.as_ref().ok().map(|c| view.overrides.with(|v| c.with_view(v))));
        let Some(effective) = effective else { return };
        shown.set_value(url_config_text(effective.clone()));
        if let Some(write) = url.try_update_value(|u| u.next(effective, prev.is_none())).flatten() {
            write_url(&write.config, write.push);
        }
    });
    // Back and Forward: the URL's config replaces the current one.
    let on_pop = Closure::<dyn FnMut()>::new(move || {
        let Some(text) = config_param() else { return };
        let Some((next, restored)) = url.try_update_value(|u| u.restore(&text)) else { return };
        if let Some(t) = restored {
            tables.set(t);
        }
        view.overrides.set(Default::default());
        view.zooms.set(Vec::new());
        base.set(next);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    }
    on_pop.forget(); // the app lives as long as the page

    view! {
        <main class="ep-app">
            <h1 class="ep-sr-only">"exemplar-panel"</h1>
            <metrics::MetricBrowser base=base open=no_config />
            <Panel config=config view=view />
            <QueryEditor base=base />
            <details class="ep-editor" data-testid="editor">
                <summary>"Trace links: destinations, datasources, Grafana import"</summary>
                {table_editor(tables, &DESTINATIONS)}
                {table_editor(tables, &DATASOURCES)}
                <LinkPreview tables=tables />
                <labelfix::LabelCheck config=config tables=tables />
                <GrafanaImport base=base tables=tables />
                <Export config=config />
            </details>
        </main>
    }
}

/// An editable table: one input per column, remove buttons, an add button,
/// and each row's problems under it, as you type.
fn table_editor<T: Send + Sync + 'static>(tables: RwSignal<LinkTables>, spec: &'static TableSpec<T>) -> impl IntoView {
    let count = move || tables.with(|t| spec.len(t));
    let row = move |i: usize| {
        let inputs = spec
            .columns
            .iter()
            .map(|col| {
                let value = tables.with_untracked(|t| spec.cell(t, i, col));
                view! {
                    <label class="ep-field">
                        <span>{col.label}</span>
                        <input
                            type="text"
                            value=value
                            data-testid=col.testid_of(i)
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                tables.update(|t| spec.set_cell(t, i, col, v));
                            }
                        />
                    </label>
                }
            })
            .collect_view();
        let problems = move || {
            tables
                .with(|t| spec.problems(t, i))
                .into_iter()
                .map(|m| view! { <li class="ep-problem">{m}</li> })
                .collect_view()
        };
        view! {
            <div class="ep-row" data-testid=spec.row_testid>
                {inputs}
                <button
                    class="ep-button"
                    aria-label="Remove row"
                    on:click=move |_| tables.update(|t| spec.remove_row(t, i))
                >
                    "Remove"
                </button>
                <ul class="ep-problems">{problems}</ul>
            </div>
        }
    };
    view! {
        <section class="ep-editor-section">
            <h3>{spec.title}</h3>
            <p class="ep-help">{spec.help}</p>
            {move || (0..count()).map(row).collect_view()}
            <button
                class="ep-button"
                data-testid=spec.add_testid
                on:click=move |_| tables.update(|t| spec.add_row(t))
            >
                {spec.add_label}
            </button>
        </section>
    }
}

/// The links a sample exemplar would get, as you type.
#[component]
fn LinkPreview(tables: RwSignal<LinkTables>) -> impl IntoView {
    let trace_id = RwSignal::new(SAMPLE_TRACE_ID.to_string());
    let span_id = RwSignal::new(SAMPLE_SPAN_ID.to_string());
    let preview = move || {
        let now = js_sys::Date::now() as i64;
        trace_id.with(|tid| span_id.with(|sid| tables.with(|t| preview_links(t, tid, sid, now))))
    };
    view! {
        <section class="ep-editor-section" data-testid="link-preview">
            <h3>"Preview"</h3>
            <div class="ep-row">
                <label class="ep-field">
                    <span>"sample trace id"</span>
                    <input type="text" prop:value=move || trace_id.get() on:input=move |ev| trace_id.set(event_target_value(&ev)) />
                </label>
                <label class="ep-field">
                    <span>"span_id"</span>
                    <input type="text" prop:value=move || span_id.get() on:input=move |ev| span_id.set(event_target_value(&ev)) />
                </label>
            </div>
            <ul class="ep-preview">
                {move || {
                    let set = preview();
                    let links = set.links.into_iter().map(|l| view! {
                        <li data-testid="preview-link"><a href=l.url.clone() target="_blank" rel="noopener noreferrer">{l.title}</a>" → "<code>{l.url}</code></li>
                    });
                    let warnings = set.warnings.into_iter().map(|w| view! {
                        <li class="ep-problem" data-testid="preview-warning">{w}</li>
                    });
                    (links.collect_view(), warnings.collect_view())
                }}
            </ul>
        </section>
    }
}

/// Paste a Grafana datasources provisioning file; see what was taken.
#[component]
fn GrafanaImport(base: RwSignal<Result<PanelConfig, ConfigError>>, tables: RwSignal<LinkTables>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<Vec<String>, ImportError>>);
    let run = move |_| {
        let outcome = parse_provisioning(&text.get_untracked()).map(|import| {
            let mut taken = Vec::new();
            base.update(|b| {
                if let Ok(c) = b {
                    let (lines, next) = tables.with_untracked(|t| apply_provisioning(c, t, &import));
                    taken = lines;
                    tables.set(next);
                }
            });
            taken
        });
        result.set(Some(outcome));
    };
    view! {
        <section class="ep-editor-section">
            <h3>"Import from Grafana"</h3>
            <p class="ep-help">"Paste a datasources provisioning file (YAML or JSON)."</p>
            <textarea
                rows="8"
                class="ep-textarea"
                data-testid="grafana-import-text"
                placeholder="apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    ..."
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <button class="ep-button" data-testid="grafana-import" on:click=run>"Import"</button>
            {move || {
                result.get().map(|r| match r {
                    Ok(taken) if taken.is_empty() => view! { <p class="ep-help" data-testid="import-result">"Nothing new to take."</p> }.into_any(),
                    Ok(taken) => view! {
                        <ul data-testid="import-result">{taken.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <p class="ep-problem" role="alert" data-testid="import-error">{e.to_string()}</p> }.into_any(),
                })
            }}
        </section>
    }
}

/// The current config as JSON, to keep or share.
#[component]
fn Export(config: Signal<ConfigResult>) -> impl IntoView {
    let json = move || config.with(|c| export_text(c.as_deref()));
    view! {
        <section class="ep-editor-section">
            <h3>"Export"</h3>
            <p class="ep-help">"The panel's config JSON, for ?config= or your own page."</p>
            <textarea rows="10" class="ep-textarea ep-mono" readonly data-testid="export" prop:value=json></textarea>
        </section>
    }
}
