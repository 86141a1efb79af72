//! The standalone page's editing logic, pure: link tables, URL state, query
//! edits.
//!
//! The page's components (`app`, wasm only) keep the wiring to the DOM; what
//! they decide (which tables a config starts with, what an import takes,
//! what goes into `?config=`) is here, plain Rust, tested natively.

use serde::{Deserialize, Serialize};

use crate::config::{ConfigError, Datasource, PanelConfig, TraceDestination};
use crate::import::provisioning::{apply_import, ExplicitFields, GrafanaImport};
use crate::links::{build_links, LinkContext, LinkSet};
use crate::prom::Labels;

pub mod metrics;
pub mod queries;
pub mod range;
pub mod tables;
pub mod url;

/// The two tables the page's link editor owns: the config's trace
/// destinations and datasources, edited apart from the rest of the config
/// and saved in localStorage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LinkTables {
    /// The config's `exemplarTraceIdDestinations`.
    pub exemplar_trace_id_destinations: Vec<TraceDestination>,
    /// The config's `datasources`.
    pub datasources: Vec<Datasource>,
}

impl LinkTables {
    /// The exemplar doctor's one-click fix for the wrong label: destination
    /// `fix.destination` takes the label the exemplars carry. False when
    /// there is no such destination.
    pub fn apply_label_fix(&mut self, fix: &crate::doctor::LabelFix) -> bool {
        match self.exemplar_trace_id_destinations.get_mut(fix.destination) {
            Some(d) => {
                d.name.clone_from(&fix.label);
                true
            }
            None => false,
        }
    }

    /// The tables of `config`.
    pub fn of(config: &PanelConfig) -> Self {
        Self {
            exemplar_trace_id_destinations: config.exemplar_trace_id_destinations.clone(),
            datasources: config.datasources.clone(),
        }
    }

    /// Puts these tables into `config` (the rest of it is left as it is).
    pub fn apply_to(&self, config: &mut PanelConfig) {
        config.exemplar_trace_id_destinations = self.exemplar_trace_id_destinations.clone();
        config.datasources = self.datasources.clone();
    }

    /// Tables saved as [`LinkTables::saved_text`] gave them; `None` when the
    /// text is not such tables.
    pub fn from_saved(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// The text to save (localStorage).
    pub fn saved_text(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }
}

/// Applies a pasted provisioning file to the config being edited: the
/// editor's `tables` are the config's from here on, the file's destinations
/// replace the table's (the paste is the intent), and what the config sets
/// itself is kept. Returns the lines taken and the tables after the import.
pub fn apply_provisioning(
    config: &mut PanelConfig,
    tables: &LinkTables,
    import: &GrafanaImport,
) -> (Vec<String>, LinkTables) {
    tables.apply_to(config);
    let explicit = ExplicitFields {
        prometheus_url: !config.prometheus.url.is_empty(),
        prometheus_method: false,
        scrape_interval: false,
    };
    if !import.destinations.is_empty() {
        config.exemplar_trace_id_destinations.clear();
    }
    let taken = apply_import(config, import, explicit);
    (taken, LinkTables::of(config))
}

/// The export: the config as JSON, to keep or share (without the provisioning
/// file it was filled from), or the config's error.
pub fn export_text(config: Result<&PanelConfig, &ConfigError>) -> String {
    match config {
        Ok(c) => {
            let mut c = c.clone();
            c.grafana_datasources.clear();
            serde_json::to_string_pretty(&c).unwrap_or_default()
        }
        Err(e) => e.to_string(),
    }
}

/// The link preview's sample trace id, as first shown.
pub const SAMPLE_TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
/// The link preview's sample span id, as first shown.
pub const SAMPLE_SPAN_ID: &str = "00f067aa0ba902b7";

/// The links a sample exemplar would get from `tables`: `trace_id` under
/// every destination's label, `span_id` as `span_id`, on the series `p99`,
/// in the 15 minutes before `now_ms`.
pub fn preview_links(tables: &LinkTables, trace_id: &str, span_id: &str, now_ms: i64) -> LinkSet {
    let mut labels = Labels::new();
    for d in &tables.exemplar_trace_id_destinations {
        labels.insert(d.name.clone(), trace_id.to_string());
    }
    labels.insert("span_id".into(), span_id.to_string());
    let series = Labels::new();
    let ctx = LinkContext {
        labels: &labels,
        series_labels: &series,
        series_name: "p99",
        from_ms: now_ms - 900_000,
        to_ms: now_ms,
    };
    build_links(&tables.exemplar_trace_id_destinations, &tables.datasources, &ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dest(name: &str) -> TraceDestination {
        TraceDestination { name: name.into(), url: format!("https://t.example/{name}"), ..Default::default() }
    }

    fn ds(uid: &str) -> Datasource {
        Datasource { uid: uid.into(), kind: "jaeger".into(), url: "https://j.example".into(), ..Default::default() }
    }

    #[test]
    fn of_and_apply_to_round_trip_and_touch_nothing_else() {
        let mut config = PanelConfig {
            title: "kept".into(),
            exemplar_trace_id_destinations: vec![dest("trace_id")],
            datasources: vec![ds("jaeger")],
            ..Default::default()
        };
        let tables = LinkTables::of(&config);
        assert_eq!(tables.exemplar_trace_id_destinations, vec![dest("trace_id")]);
        assert_eq!(tables.datasources, vec![ds("jaeger")]);

        let other = LinkTables { exemplar_trace_id_destinations: vec![dest("tid")], datasources: vec![] };
        other.apply_to(&mut config);
        assert_eq!(config.title, "kept");
        assert_eq!(config.exemplar_trace_id_destinations, vec![dest("tid")]);
        assert!(config.datasources.is_empty());
        assert_eq!(LinkTables::of(&config), other);
    }

    #[test]
    fn serializes_as_the_config_names_them() {
        let tables = LinkTables { exemplar_trace_id_destinations: vec![dest("trace_id")], datasources: vec![ds("j")] };
        let json = serde_json::to_value(&tables).unwrap();
        assert!(json.get("exemplarTraceIdDestinations").is_some());
        assert!(json.get("datasources").is_some());
        let back: LinkTables = serde_json::from_value(json).unwrap();
        assert_eq!(back, tables);
        // Missing fields are empty tables (an older save).
        assert_eq!(serde_json::from_str::<LinkTables>("{}").unwrap(), LinkTables::default());
    }

    #[test]
    fn saved_text_round_trips_and_junk_is_none() {
        let tables = LinkTables { exemplar_trace_id_destinations: vec![dest("trace_id")], datasources: vec![ds("j")] };
        assert_eq!(LinkTables::from_saved(&tables.saved_text().unwrap()), Some(tables));
        assert_eq!(LinkTables::from_saved("not json"), None);
        assert_eq!(LinkTables::from_saved("[1]"), None);
    }

    const PROVISIONING: &str = r#"{"datasources": [
        {"name": "Prom", "type": "prometheus", "url": "http://prom:9090",
         "jsonData": {"timeInterval": "30s", "exemplarTraceIdDestinations": [{"name": "traceID", "datasourceUid": "tempo"}]}},
        {"name": "Tempo", "type": "tempo", "uid": "tempo", "url": "http://tempo:3200"}
    ]}"#;

    #[test]
    fn a_provisioning_import_replaces_the_destinations_and_keeps_an_explicit_url() {
        let import = crate::import::provisioning::parse_provisioning(PROVISIONING).unwrap();
        let mut config = PanelConfig::default();
        config.prometheus.url = "/api".into();
        config.exemplar_trace_id_destinations = vec![dest("stale")];
        // The editor's tables win over the config's, then the import applies.
        let editor =
            LinkTables { exemplar_trace_id_destinations: vec![dest("edited")], datasources: vec![ds("jaeger")] };
        let (taken, tables) = apply_provisioning(&mut config, &editor, &import);
        assert_eq!(config.prometheus.url, "/api");
        assert_eq!(config.scrape_interval, "30s");
        let names: Vec<_> = tables.exemplar_trace_id_destinations.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["traceID"]);
        let uids: Vec<_> = tables.datasources.iter().map(|d| d.uid.as_str()).collect();
        assert_eq!(uids, ["jaeger", "tempo"]);
        assert_eq!(tables, LinkTables::of(&config));
        assert!(taken.iter().any(|l| l.starts_with("scrapeInterval = 30s")), "{taken:?}");
        assert!(!taken.iter().any(|l| l.starts_with("prometheus.url")), "{taken:?}");
    }

    #[test]
    fn a_provisioning_import_without_destinations_keeps_the_editors() {
        let import = crate::import::provisioning::parse_provisioning(
            r#"{"datasources": [{"name": "J", "type": "jaeger", "uid": "j2", "url": "http://j:16686"}]}"#,
        )
        .unwrap();
        let mut config = PanelConfig::default();
        let editor = LinkTables { exemplar_trace_id_destinations: vec![dest("edited")], datasources: vec![] };
        let (_, tables) = apply_provisioning(&mut config, &editor, &import);
        assert_eq!(tables.exemplar_trace_id_destinations, vec![dest("edited")]);
        assert_eq!(tables.datasources.len(), 1);
    }

    #[test]
    fn the_export_is_pretty_json_without_the_provisioning_text_or_the_error() {
        let mut config = PanelConfig::from_json(r#"{"title": "t", "targets": [{"expr": "up"}]}"#).unwrap();
        config.grafana_datasources = "apiVersion: 1".into();
        let text = export_text(Ok(&config));
        assert!(text.contains("\n  \"title\": \"t\""), "{text}");
        let back = PanelConfig::from_json(&text).unwrap();
        assert_eq!(back.title, "t");
        assert!(back.grafana_datasources.is_empty());
        let err = PanelConfig::from_json("{").unwrap_err();
        assert_eq!(export_text(Err(&err)), err.to_string());
    }

    #[test]
    fn the_preview_puts_the_sample_under_every_destination() {
        let tables = LinkTables {
            exemplar_trace_id_destinations: vec![
                TraceDestination {
                    name: "trace_id".into(),
                    url: "https://t.example/${__value.raw}?span=${__data.fields.span_id}&s=${__series.name}&from=${__from}".into(),
                    ..Default::default()
                },
                TraceDestination { name: "tid".into(), datasource_uid: "missing".into(), ..Default::default() },
            ],
            datasources: vec![],
        };
        let set = preview_links(&tables, SAMPLE_TRACE_ID, SAMPLE_SPAN_ID, 1_000_000);
        assert_eq!(set.links.len(), 1, "{set:?}");
        assert_eq!(
            set.links[0].url,
            format!("https://t.example/{SAMPLE_TRACE_ID}?span={SAMPLE_SPAN_ID}&s=p99&from=100000")
        );
        assert_eq!(set.warnings.len(), 1, "{set:?}");
    }

    #[test]
    fn the_label_fix_renames_the_destination_it_names() {
        let mut t = LinkTables {
            exemplar_trace_id_destinations: vec![TraceDestination { name: "traceID".into(), ..Default::default() }],
            datasources: Vec::new(),
        };
        let fix = crate::doctor::LabelFix { destination: 0, label: "trace_id".into() };
        assert!(t.apply_label_fix(&fix));
        assert_eq!(t.exemplar_trace_id_destinations.first().map(|d| d.name.as_str()), Some("trace_id"));
        assert!(!t.apply_label_fix(&crate::doctor::LabelFix { destination: 3, label: "x".into() }));
    }
}
