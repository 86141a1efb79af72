//! The one loader: a config text → the JSON contract (unknown fields listed)
//! → the Grafana imports (`grafanaPanel`, `grafanaDatasources`) → validated.
//!
//! Rules: a text is a config or a [`ConfigError`] naming the line and column
//! or the field, never a panic; an import fills only what the text leaves
//! open; the result passes [`crate::config::Spec::parse`]. It sits above
//! `config/` and `import/` so that neither knows the other.

use crate::config::{serde_message, ConfigError, PanelConfig};
use crate::import::panel::{apply_panel_import, import_panel, ExplicitPanelFields, DISPLAY_FIELDS};
use crate::import::provisioning::{apply_import, parse_provisioning, ExplicitFields};

mod fields;
mod unknown;

impl PanelConfig {
    /// A config text as every panel takes it (the page, `mount()`, the
    /// element, `update()`): [`PanelConfig::from_json`], then empty refIds
    /// filled with A, B, … as Grafana does.
    pub fn load(text: &str) -> Result<Self, ConfigError> {
        Self::from_json(text).map(Self::with_ref_ids)
    }

    /// Parses a config JSON text, applies its Grafana import, and validates it.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let syntax = |e: serde_json::Error| ConfigError::Syntax {
            message: serde_message(&e.to_string()),
            line: e.line(),
            column: e.column(),
        };
        let mut config: Self = serde_json::from_str(text).map_err(syntax)?;
        // A typo must not pass silently: the fields serde skipped, named (`unknown.rs`).
        config.unknown_fields = unknown::unknown_fields(text);
        let imports = !config.grafana_datasources.trim().is_empty() || !config.grafana_panel.is_null();
        // Which fields the user set: an import must not override them.
        let raw: serde_json::Value =
            if imports { serde_json::from_str(text).map_err(syntax)? } else { serde_json::Value::Null };
        if !config.grafana_panel.is_null() {
            let explicit = ExplicitPanelFields {
                title: raw.get("title").is_some(),
                targets: raw.get("targets").and_then(|t| t.as_array()).is_some_and(|t| !t.is_empty()),
                max_data_points: raw.get("maxDataPoints").is_some(),
                interval: raw.get("interval").is_some(),
                scale_distribution: raw.get("scaleDistribution").is_some(),
                display: DISPLAY_FIELDS.iter().copied().filter(|f| raw.get(*f).is_some()).collect(),
            };
            let import = import_panel(&config.grafana_panel)?;
            let lines = apply_panel_import(&mut config, &import, explicit);
            config.imported.extend(lines);
        }
        if !config.grafana_datasources.trim().is_empty() {
            let explicit = ExplicitFields {
                prometheus_url: raw.pointer("/prometheus/url").is_some(),
                prometheus_method: raw.pointer("/prometheus/method").is_some(),
                scrape_interval: raw.get("scrapeInterval").is_some(),
            };
            let import = parse_provisioning(&config.grafana_datasources)?;
            let lines = apply_import(&mut config, &import, explicit);
            config.imported.extend(lines);
        }
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::*;

    const SEED_LIKE: &str = r#"{
        "title": "Request Duration",
        "prometheus": {"url": "http://localhost:9090", "method": "GET"},
        "targets": [
          {"expr": "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))", "legendFormat": "p99", "exemplar": true},
          {"expr": "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))", "legendFormat": "p95", "exemplar": true}
        ],
        "time": {"from": "now-1h", "to": "now"},
        "exemplarTraceIdDestinations": [{"name": "trace_id", "url": "http://jaeger:16686/trace/${__value.raw}", "urlDisplayLabel": "View Trace"}],
        "unit": "s"
    }"#;

    #[test]
    fn parses_the_seed_shapes() {
        let c = PanelConfig::from_json(SEED_LIKE).map(PanelConfig::with_ref_ids);
        let c = c.ok().unwrap_or_default();
        assert_eq!(c.title, "Request Duration");
        assert_eq!(c.prometheus.method, HttpMethod::Get);
        assert_eq!(c.targets.len(), 2);
        assert_eq!(c.targets[1].ref_id, "B");
        assert_eq!(c.exemplar_trace_id_destinations[0].url_display_label, "View Trace");
        assert_eq!(c.unit, Unit::Seconds);
        assert_eq!(c.scrape_interval_ms(), Ok(15_000));
    }

    #[test]
    fn a_top_level_schema_key_is_accepted_without_a_warning() {
        let text = r#"{"$schema":"./node_modules/exemplar-panel/config.schema.json","targets":[{"expr":"up"}]}"#;
        assert_eq!(PanelConfig::from_json(text).map(|c| c.unknown_fields), Ok(vec![]));
        // Only at the top: elsewhere it is an unknown field like any other.
        let nested = r#"{"targets":[{"expr":"up"}],"prometheus":{"$schema":"x"}}"#;
        assert_eq!(PanelConfig::from_json(nested).map(|c| c.unknown_fields), Ok(vec!["prometheus.$schema".into()]));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = PanelConfig::from_json("{\n  \"title\": 3\n}").err();
        match err {
            Some(ConfigError::Syntax { line, column, message }) => {
                assert_eq!(line, 2);
                assert!(column > 0);
                assert!(message.contains("invalid type"), "{message}");
                assert!(!message.contains(" at line "), "{message}");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_fields_are_listed_not_fatal() {
        let text = r#"{"titel":"x","prometheus":{"timout":"5s"},"targets":[{"expr":"up","legend":"{{a}}"}],"time":{"from":"now-1h"}}"#;
        let c = PanelConfig::from_json(text).map_err(|e| e.to_string());
        assert_eq!(
            c.map(|c| c.unknown_fields),
            Ok(vec!["titel".into(), "prometheus.timout".into(), "targets.0.legend".into()])
        );
        assert_eq!(PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#).map(|c| c.unknown_fields), Ok(vec![]));
        // Trailing text is still an error.
        assert!(matches!(PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]} x"#), Err(ConfigError::Syntax { .. })));
    }

    #[test]
    fn headers_the_browser_would_refuse_are_config_errors_that_hide_the_value() {
        let with = |headers: serde_json::Value| {
            let text = serde_json::json!({"targets": [{"expr": "up"}], "prometheus": {"headers": headers}}).to_string();
            PanelConfig::from_json(&text).map(|_| ()).map_err(|e| e.to_string())
        };
        assert_eq!(with(serde_json::json!({"Authorization": "Bearer s3cret", "X-Scope-OrgID": "é"})), Ok(()));
        for (name, value) in
            [("Bad Name", "v"), ("", "v"), ("Authorization", "Bearer s3cret\nX: y"), ("A", "s3cret\u{2603}")]
        {
            let message = with(serde_json::json!({ name: value })).err().unwrap_or_default();
            assert!(message.contains("prometheus.headers") && !message.contains("s3cret"), "{name}: {message}");
        }
        // A wrong type does not echo the secret either.
        let message = with(serde_json::json!("Bearer s3cret")).err().unwrap_or_default();
        assert!(message.contains("line 1") && !message.contains("s3cret"), "{message}");
    }

    #[test]
    fn the_client_timeout_defaults_to_30s_and_is_checked() {
        let c = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#).map(|c| c.prometheus.timeout_ms());
        assert_eq!(c, Ok(Ok(30_000)));
        let c = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}],"prometheus":{"timeout":"2m"}}"#);
        assert_eq!(c.map(|c| c.prometheus.timeout_ms()), Ok(Ok(120_000)));
        for bad in ["soon", "0s", "-5s"] {
            let text = format!(r#"{{"targets":[{{"expr":"up"}}],"prometheus":{{"timeout":"{bad}"}}}}"#);
            assert!(
                matches!(PanelConfig::from_json(&text), Err(ConfigError::Duration { field: "prometheus.timeout", .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn truncated_json_is_an_error_not_a_panic() {
        assert!(matches!(PanelConfig::from_json("{\"targets\": [{\"expr\": "), Err(ConfigError::Syntax { .. })));
    }

    #[test]
    fn empty_or_hidden_targets_are_refused() {
        assert_eq!(PanelConfig::from_json("{}"), Err(ConfigError::NoTargets));
        let hidden = r#"{"targets":[{"expr":"up","hide":true}]}"#;
        assert_eq!(PanelConfig::from_json(hidden), Err(ConfigError::NoTargets));
        let empty = r#"{"targets":[{"refId":"Q","expr":"  "}]}"#;
        assert_eq!(PanelConfig::from_json(empty), Err(ConfigError::EmptyExpr { ref_id: "Q".into() }));
    }

    #[test]
    fn bad_time_and_url_and_interval_are_refused() {
        let bad_time = r#"{"targets":[{"expr":"up"}],"time":{"from":"yesterday","to":"now"}}"#;
        assert!(matches!(PanelConfig::from_json(bad_time), Err(ConfigError::Time { field: "from", .. })));
        let bad_url = r#"{"targets":[{"expr":"up"}],"prometheus":{"url":"javascript:alert(1)"}}"#;
        assert!(matches!(PanelConfig::from_json(bad_url), Err(ConfigError::PrometheusUrl(_))));
        for secret in ["http://admin:s3cret@prom:9090", "https://s3cret@prom", "http://u:s3cret@prom/?q=@"] {
            let text = format!(r#"{{"targets":[{{"expr":"up"}}],"prometheus":{{"url":"{secret}"}}}}"#);
            let e = PanelConfig::from_json(&text);
            assert_eq!(e.as_ref().err(), Some(&ConfigError::PrometheusUrlCredentials), "{secret}");
            assert!(!e.err().map(|e| e.to_string()).unwrap_or_default().contains("s3cret"));
        }
        let at_in_path = r#"{"targets":[{"expr":"up"}],"prometheus":{"url":"http://prom:9090/a@b?x=@"}}"#;
        assert!(PanelConfig::from_json(at_in_path).is_ok());
        let bad_scrape = r#"{"targets":[{"expr":"up"}],"scrapeInterval":"often"}"#;
        assert!(matches!(PanelConfig::from_json(bad_scrape), Err(ConfigError::Duration { .. })));
        for bad in ["sometimes", "100ms", "-5s"] {
            let text = format!(r#"{{"targets":[{{"expr":"up"}}],"refresh":"{bad}"}}"#);
            assert!(
                matches!(PanelConfig::from_json(&text), Err(ConfigError::Duration { field: "refresh", .. })),
                "{bad}"
            );
        }
        let bad_theme = r#"{"targets":[{"expr":"up"}],"theme":"purple"}"#;
        assert!(matches!(PanelConfig::from_json(bad_theme), Err(ConfigError::Syntax { .. })));
    }

    #[test]
    fn the_demo_config_is_valid() {
        let c = PanelConfig::from_json(DEMO_CONFIG_JSON).unwrap();
        assert_eq!(c.targets.len(), 3);
        assert_eq!(c.prometheus.url, "", "same origin, through the Trunk proxy");
    }

    #[test]
    fn grafana_datasources_fill_what_the_config_leaves_open() {
        let yaml = "datasources:\n  - name: P\n    type: prometheus\n    url: http://p:9090\n    jsonData:\n      timeInterval: 5s\n      exemplarTraceIdDestinations:\n        - name: trace_id\n          datasourceUid: tempo\n  - name: Tempo\n    uid: tempo\n    type: tempo\n    url: http://tempo:3200\n";
        let text = serde_json::json!({
            "targets": [{"expr": "up"}],
            "scrapeInterval": "1s",
            "grafanaDatasources": yaml,
        })
        .to_string();
        let c = PanelConfig::from_json(&text).unwrap();
        assert_eq!(c.prometheus.url, "http://p:9090");
        assert_eq!(c.scrape_interval, "1s", "set explicitly, so kept");
        assert_eq!(c.exemplar_trace_id_destinations[0].datasource_uid, "tempo");
        assert_eq!(c.datasources[0].kind, "tempo");
        assert_eq!(c.imported.len(), 3, "{:?}", c.imported);
        let broken =
            serde_json::json!({"targets": [{"expr": "up"}], "grafanaDatasources": "datasources:\n - [\n"}).to_string();
        assert!(matches!(PanelConfig::from_json(&broken), Err(ConfigError::GrafanaImport(ImportError::Syntax { .. }))));
    }

    #[test]
    fn merge_patches_objects_and_replaces_the_rest() {
        let mut base = serde_json::json!({"time": {"from": "now-1h", "to": "now"}, "targets": [1, 2], "title": "a"});
        merge_json(&mut base, serde_json::json!({"time": {"from": "now-5m"}, "targets": [3], "refresh": "5s"}));
        assert_eq!(
            base,
            serde_json::json!({"time": {"from": "now-5m", "to": "now"}, "targets": [3], "title": "a", "refresh": "5s"})
        );
    }

    #[test]
    fn a_config_survives_a_json_round_trip() {
        let c = PanelConfig::from_json(DEMO_CONFIG_JSON).unwrap();
        let again = PanelConfig::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(c, again);
    }

    #[test]
    fn defaults_are_grafanas() {
        let c = PanelConfig::from_json(r#"{"targets":[{"expr":"up"}]}"#).unwrap_or_default();
        assert_eq!(c.prometheus.method, HttpMethod::Post);
        assert!(c.targets[0].exemplar);
        assert_eq!(c.time.from, "now-15m");
        assert_eq!(c.refresh_ms(), Ok(None));
        assert_eq!(c.theme, ThemeChoice::Auto);
        let every = PanelConfig { refresh: "30s".into(), ..c };
        assert_eq!(every.refresh_ms(), Ok(Some(30_000)));
    }

    #[test]
    fn a_grafana_panel_fills_the_queries() {
        let seed = crate::import::panel::tests::SEED_DASHBOARD;
        let text = format!(r#"{{"prometheus": {{"url": "http://p:9090"}}, "grafanaPanel": {seed}}}"#);
        let c = PanelConfig::from_json(&text).unwrap();
        assert_eq!(c.title, "Request Duration");
        let refs: Vec<&str> = c.targets.iter().map(|t| t.ref_id.as_str()).collect();
        assert_eq!(refs, ["A", "B"]);
        assert!(c.imported.iter().any(|l| l.starts_with("not used: ")), "{:?}", c.imported);
        // As a JSON text too, and a broken one is an error with its position.
        let as_text = serde_json::json!({"grafanaPanel": seed}).to_string();
        assert_eq!(PanelConfig::from_json(&as_text).map(|c| c.targets.len()), Ok(2));
        let broken = serde_json::json!({"grafanaPanel": "{\"panels\": ["}).to_string();
        assert!(matches!(
            PanelConfig::from_json(&broken),
            Err(ConfigError::GrafanaPanel(PanelImportError::Syntax { .. }))
        ));
    }

    #[test]
    fn a_view_overrides_only_what_it_sets_and_survives_json() {
        let base = PanelConfig::from_json(DEMO_CONFIG_JSON).unwrap();
        assert_eq!(base.with_view(&ViewOverrides::default()), base);
        let view = ViewOverrides {
            time: Some(TimeConfig { from: "1000".into(), to: "2000".into() }),
            refresh: Some("30s".into()),
            theme: Some(ThemeChoice::Dark),
            show_all: true,
            filters: Some(FilterConfig {
                min_value: "250ms".into(),
                above_line: true,
                labels: "route=\"/pay\"".into(),
            }),
            scale: Some(YScale::Log(LogBase::Ten)),
            hide_exemplars: Some(true),
            exemplar_box: Some(Some(ExemplarBox { from: 1000, to: 1500, min: 0.1, max: 0.2 })),
        };
        let c = base.with_view(&view);
        assert_eq!((c.time.from.as_str(), c.refresh.as_str(), c.theme), ("1000", "30s", ThemeChoice::Dark));
        assert_eq!(c.scale_distribution.y_scale(), YScale::Log(LogBase::Ten));
        assert!(c.hide_exemplars);
        let back = PanelConfig::load(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(
            (back.scale_distribution, back.hide_exemplars),
            (c.scale_distribution, true),
            "kept in the URL's JSON"
        );
        assert_eq!(c.exemplar_sampling, Sampler::All);
        assert_eq!(c.targets, base.targets);
        let again = PanelConfig::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c, "the URL form round-trips");
    }
}
