//! The standalone page's editing logic, pure: link tables, URL state, query
//! edits.
//!
//! The page's components (`app`, wasm only) keep the wiring to the DOM; what
//! they decide (which tables a config starts with, what an import takes,
//! what goes into `?config=`) is here, plain Rust, tested natively.

use serde::{Deserialize, Serialize};

use crate::config::{Datasource, PanelConfig, TraceDestination};

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
}
