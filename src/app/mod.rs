//! The standalone app: the panel, plus an editor for the trace-link tables
//! (destinations and datasources) with a live link preview, a Grafana
//! provisioning import, localStorage persistence and a config export.
//!
//! Where the config comes from: `?config=<url-encoded JSON>`, else the demo's
//! config. The link tables saved in localStorage apply only without
//! `?config=`, so a shared URL always shows what it says. Once the viewer
//! changes anything (range, zoom, refresh, theme, sampling, filters, queries),
//! the whole config is written back to `?config=`.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod queries;

use crate::config::{ConfigError, Datasource, PanelConfig, TimeConfig, TraceDestination, DEMO_CONFIG_JSON};
use crate::edit::LinkTables;
use crate::import::provisioning::{apply_import, parse_provisioning, ExplicitFields};
use crate::links::{build_links, validate_tables, LinkContext, TableProblem};
use crate::prom::Labels;
use crate::web::ui::{ConfigResult, Panel, ViewState};
use queries::QueryEditor;

const STORAGE_KEY: &str = "exemplar-panel.links";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_saved() -> Option<LinkTables> {
    serde_json::from_str(&storage()?.get_item(STORAGE_KEY).ok()??).ok()
}

fn save(tables: &LinkTables) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(tables)) {
        let _ = s.set_item(STORAGE_KEY, &text);
    }
}

fn config_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("config")
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
    let from_url = config_param();
    let has_url_config = from_url.is_some();
    let text = from_url.unwrap_or_else(|| DEMO_CONFIG_JSON.to_string());
    let base: Result<PanelConfig, ConfigError> = PanelConfig::from_json(&text).map(PanelConfig::with_ref_ids);
    let initial = match (&base, has_url_config.then_some(()).map_or_else(load_saved, |()| None)) {
        (_, Some(saved)) => saved,
        (Ok(c), None) => LinkTables::of(c),
        (Err(_), None) => LinkTables::default(),
    };
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
    // queries live in the URL: copying it reproduces the view. A new range is
    // a new history entry, so Back and Forward walk the zooms.
    let view = ViewState::new();
    let last_time = StoredValue::new(None::<TimeConfig>);
    Effect::new(move |prev: Option<()>| {
        let effective = config.with(|c| c.as_ref().ok().map(|c| view.overrides.with(|v| c.with_view(v))));
        let Some(mut effective) = effective else { return };
        let first = prev.is_none();
        let time_changed = last_time.with_value(|t| t.as_ref() != Some(&effective.time));
        last_time.set_value(Some(effective.time.clone()));
        if first {
            return; // the page as loaded: its URL is already right
        }
        effective.grafana_datasources.clear();
        effective.grafana_panel = serde_json::Value::Null;
        let Ok(text) = serde_json::to_string(&effective) else { return };
        write_url(&text, time_changed);
    });
    // Back and Forward: the URL's config replaces the current one.
    let on_pop = Closure::<dyn FnMut()>::new(move || {
        let Some(text) = config_param() else { return };
        let next = PanelConfig::from_json(&text).map(PanelConfig::with_ref_ids);
        if let Ok(c) = &next {
            last_time.set_value(Some(c.time.clone()));
            tables.set(LinkTables::of(c));
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
            <Panel config=config view=view />
            <QueryEditor base=base />
            <details class="ep-editor" data-testid="editor">
                <summary>"Trace links: destinations, datasources, Grafana import"</summary>
                {table_editor(tables, &DESTINATIONS)}
                {table_editor(tables, &DATASOURCES)}
                <LinkPreview tables=tables />
                <GrafanaImport base=base tables=tables />
                <Export config=config />
            </details>
        </main>
    }
}

/// One editable column of a table: its label, test id prefix, getter, setter.
struct Column<T> {
    label: &'static str,
    testid: &'static str,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
}

/// Which table of [`LinkTables`] an editor edits.
struct TableSpec<T: 'static> {
    title: &'static str,
    help: &'static str,
    row_testid: &'static str,
    add_testid: &'static str,
    add_label: &'static str,
    rows: fn(&LinkTables) -> &Vec<T>,
    rows_mut: fn(&mut LinkTables) -> &mut Vec<T>,
    columns: &'static [Column<T>],
    /// The row a problem belongs to, if it is one of this table's.
    problem_row: fn(&TableProblem) -> Option<(usize, &String)>,
    new_row: fn() -> T,
}

/// An editable table: one input per column, remove buttons, an add button,
/// and each row's problems under it, as you type.
fn table_editor<T: Send + Sync + 'static>(tables: RwSignal<LinkTables>, spec: &'static TableSpec<T>) -> impl IntoView {
    let count = move || tables.with(|t| (spec.rows)(t).len());
    let row = move |i: usize| {
        let inputs = spec
            .columns
            .iter()
            .map(|col| {
                let value = tables.with_untracked(|t| (spec.rows)(t).get(i).map(col.get).unwrap_or_default());
                let set = col.set;
                view! {
                    <label class="ep-field">
                        <span>{col.label}</span>
                        <input
                            type="text"
                            value=value
                            data-testid=format!("{}-{i}", col.testid)
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                tables.update(|t| {
                                    if let Some(r) = (spec.rows_mut)(t).get_mut(i) {
                                        set(r, v);
                                    }
                                });
                            }
                        />
                    </label>
                }
            })
            .collect_view();
        let problems = move || {
            tables
                .with(|t| validate_tables(&t.exemplar_trace_id_destinations, &t.datasources))
                .iter()
                .filter_map(|p| (spec.problem_row)(p).filter(|(r, _)| *r == i).map(|(_, m)| m.clone()))
                .map(|m| view! { <li class="ep-problem">{m}</li> })
                .collect_view()
        };
        view! {
            <div class="ep-row" data-testid=spec.row_testid>
                {inputs}
                <button
                    class="ep-button"
                    aria-label="Remove row"
                    on:click=move |_| {
                        tables.update(|t| {
                            let rows = (spec.rows_mut)(t);
                            if i < rows.len() {
                                rows.remove(i);
                            }
                        })
                    }
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
                on:click=move |_| tables.update(|t| (spec.rows_mut)(t).push((spec.new_row)()))
            >
                {spec.add_label}
            </button>
        </section>
    }
}

static DESTINATIONS: TableSpec<TraceDestination> = TableSpec {
    title: "Destinations",
    help: "Like Grafana's exemplarTraceIdDestinations. Variables: ${__value.raw}, ${__data.fields.span_id}, ${__series.name}, ${__from}, ${__to:date:iso}.",
    row_testid: "destination-row",
    add_testid: "add-destination",
    add_label: "Add destination",
    rows: |t| &t.exemplar_trace_id_destinations,
    rows_mut: |t| &mut t.exemplar_trace_id_destinations,
    columns: &[
        Column { label: "name", testid: "dest-name", get: |d| d.name.clone(), set: |d, v| d.name = v },
        Column { label: "url", testid: "dest-url", get: |d| d.url.clone(), set: |d, v| d.url = v },
        Column {
            label: "datasourceUid",
            testid: "dest-uid",
            get: |d| d.datasource_uid.clone(),
            set: |d, v| d.datasource_uid = v,
        },
        Column {
            label: "urlDisplayLabel",
            testid: "dest-label",
            get: |d| d.url_display_label.clone(),
            set: |d, v| d.url_display_label = v,
        },
    ],
    problem_row: |p| match p {
        TableProblem::Destination(r, m) => Some((*r, m)),
        TableProblem::Datasource(..) => None,
    },
    new_row: || TraceDestination { name: "trace_id".into(), ..TraceDestination::default() },
};

static DATASOURCES: TableSpec<Datasource> = TableSpec {
    title: "Datasources",
    help: "Resolve a destination's datasourceUid without Grafana. Types: jaeger, zipkin, tempo (with grafanaUrl: via Grafana Explore), grafana (url = Grafana, grafanaDatasourceUid = its tracing datasource); any other type: url is a template.",
    row_testid: "datasource-row",
    add_testid: "add-datasource",
    add_label: "Add datasource",
    rows: |t| &t.datasources,
    rows_mut: |t| &mut t.datasources,
    columns: &[
        Column { label: "uid", testid: "ds-uid", get: |d| d.uid.clone(), set: |d, v| d.uid = v },
        Column { label: "name", testid: "ds-name", get: |d| d.name.clone(), set: |d, v| d.name = v },
        Column { label: "type", testid: "ds-type", get: |d| d.kind.clone(), set: |d, v| d.kind = v },
        Column { label: "url", testid: "ds-url", get: |d| d.url.clone(), set: |d, v| d.url = v },
        Column { label: "grafanaUrl", testid: "ds-grafana", get: |d| d.grafana_url.clone(), set: |d, v| d.grafana_url = v },
        Column {
            label: "grafanaDatasourceUid",
            testid: "ds-grafana-uid",
            get: |d| d.grafana_datasource_uid.clone(),
            set: |d, v| d.grafana_datasource_uid = v,
        },
    ],
    problem_row: |p| match p {
        TableProblem::Datasource(r, m) => Some((*r, m)),
        TableProblem::Destination(..) => None,
    },
    new_row: || Datasource { kind: "jaeger".into(), ..Datasource::default() },
};

/// The links a sample exemplar would get, as you type.
#[component]
fn LinkPreview(tables: RwSignal<LinkTables>) -> impl IntoView {
    let trace_id = RwSignal::new("4bf92f3577b34da6a3ce929d0e0e4736".to_string());
    let span_id = RwSignal::new("00f067aa0ba902b7".to_string());
    let preview = move || {
        let mut labels = Labels::new();
        for t in tables.with(|t| t.exemplar_trace_id_destinations.iter().map(|d| d.name.clone()).collect::<Vec<_>>()) {
            labels.insert(t, trace_id.get());
        }
        labels.insert("span_id".into(), span_id.get());
        let now = js_sys::Date::now() as i64;
        let series = Labels::new();
        let ctx = LinkContext {
            labels: &labels,
            series_labels: &series,
            series_name: "p99",
            from_ms: now - 900_000,
            to_ms: now,
        };
        tables.with(|t| build_links(&t.exemplar_trace_id_destinations, &t.datasources, &ctx))
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
    let result = RwSignal::new(None::<Result<Vec<String>, String>>);
    let run = move |_| {
        let outcome = parse_provisioning(&text.get_untracked()).map_err(|e| e.to_string()).map(|import| {
            let mut taken = Vec::new();
            base.update(|b| {
                if let Ok(c) = b {
                    // The editor's tables are the config's tables from here on.
                    tables.with_untracked(|t| t.apply_to(c));
                    let explicit = ExplicitFields {
                        prometheus_url: !c.prometheus.url.is_empty(),
                        prometheus_method: false,
                        scrape_interval: false,
                    };
                    // Imported destinations replace the table's (the paste is the intent).
                    if !import.destinations.is_empty() {
                        c.exemplar_trace_id_destinations.clear();
                    }
                    taken = apply_import(c, &import, explicit);
                    tables.set(LinkTables::of(c));
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
                    Err(e) => view! { <p class="ep-problem" role="alert" data-testid="import-error">{e}</p> }.into_any(),
                })
            }}
        </section>
    }
}

/// The current config as JSON, to keep or share.
#[component]
fn Export(config: Signal<ConfigResult>) -> impl IntoView {
    let json = move || {
        config.with(|c| match c {
            Ok(c) => {
                let mut c = PanelConfig::clone(c);
                c.grafana_datasources.clear();
                serde_json::to_string_pretty(&c).unwrap_or_default()
            }
            Err(e) => e.to_string(),
        })
    };
    view! {
        <section class="ep-editor-section">
            <h3>"Export"</h3>
            <p class="ep-help">"The panel's config JSON, for ?config= or your own page."</p>
            <textarea rows="10" class="ep-textarea ep-mono" readonly data-testid="export" prop:value=json></textarea>
        </section>
    }
}
