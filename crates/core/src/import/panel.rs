//! Import of a Grafana dashboard panel (the config's `grafanaPanel`, or a
//! paste in the app): the panel's queries and query options become ours.
//!
//! Accepted: a panel object, a dashboard (`{"panels": [...]}`, rows included;
//! the first panel with targets is taken), or either as a JSON text.
//! Taken, where the config leaves them open: `title`, `targets[]`
//! (`refId`, `expr`, `legendFormat`, `exemplar`, `interval`, `hide`),
//! `maxDataPoints`, `interval`, and the y scale from
//! `fieldConfig.defaults.custom.scaleDistribution` (linear, log 2/10, or
//! symlog with its base and linear threshold; one we cannot draw, e.g. log 3,
//! is named as not used). Everything else is listed by name as not used,
//! never dropped silently.

use serde_json::Value;

use crate::config::{PanelConfig, ScaleDistribution, Target};

pub use crate::config::PanelImportError;

/// What a Grafana panel gives.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PanelImport {
    /// The panel title.
    pub title: Option<String>,
    /// Its queries, in order.
    pub targets: Vec<Target>,
    /// `maxDataPoints`.
    pub max_data_points: Option<u32>,
    /// The panel's min interval.
    pub interval: Option<String>,
    /// `fieldConfig.defaults.custom.scaleDistribution`.
    pub scale_distribution: Option<ScaleDistribution>,
    /// What was not used, one line each (`options.tooltip`, `targets[0].datasource`, …).
    pub unused: Vec<String>,
}

/// Which fields the config set itself (the import fills only the others).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExplicitPanelFields {
    /// `title` was given.
    pub title: bool,
    /// `targets` was given and not empty.
    pub targets: bool,
    /// `maxDataPoints` was given.
    pub max_data_points: bool,
    /// `interval` was given.
    pub interval: bool,
    /// `scaleDistribution` was given.
    pub scale_distribution: bool,
}

/// Panel keys we read.
const PANEL_KEYS: [&str; 4] = ["title", "targets", "maxDataPoints", "interval"];
/// Panel keys that carry no meaning for a standalone panel: not reported.
const PANEL_SILENT: [&str; 4] = ["id", "gridPos", "pluginVersion", "type"];
/// Target keys we read.
const TARGET_KEYS: [&str; 6] = ["refId", "expr", "legendFormat", "exemplar", "interval", "hide"];
/// Target keys that are defaults or editor state: not reported.
const TARGET_SILENT: [&str; 3] = ["editorMode", "range", "key"];

/// Reads a Grafana panel (or dashboard) given as JSON or as a JSON text.
pub fn import_panel(value: &Value) -> Result<PanelImport, PanelImportError> {
    let parsed;
    let value = match value {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).map_err(|e| PanelImportError::Syntax {
                message: crate::config::serde_message(&e.to_string()),
                line: e.line(),
                column: e.column(),
            })?;
            &parsed
        }
        other => other,
    };
    let mut unused = Vec::new();
    let panel = find_panel(value, &mut unused).ok_or(PanelImportError::NoTargets)?;
    let Value::Object(fields) = panel else { return Err(PanelImportError::NoTargets) };
    for key in fields.keys().filter(|k| !PANEL_KEYS.contains(&k.as_str()) && !PANEL_SILENT.contains(&k.as_str())) {
        unused.push(describe_unused(key, fields.get(key)));
    }
    let mut targets = Vec::new();
    for (i, t) in fields.get("targets").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let Some(obj) = t.as_object() else { continue };
        let text = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let expr = text("expr");
        if expr.trim().is_empty() {
            unused.push(format!("targets[{i}]: no `expr` (not a Prometheus query)"));
            continue;
        }
        for key in obj.keys().filter(|k| !TARGET_KEYS.contains(&k.as_str()) && !TARGET_SILENT.contains(&k.as_str())) {
            unused.push(format!("targets[{i}].{}", describe_unused(key, obj.get(key))));
        }
        targets.push(Target {
            ref_id: text("refId"),
            expr,
            legend_format: text("legendFormat"),
            // Grafana's default is no exemplars; a panel that wants them says so.
            exemplar: obj.get("exemplar").and_then(Value::as_bool).unwrap_or(false),
            hide: obj.get("hide").and_then(Value::as_bool).unwrap_or(false),
            interval: text("interval"),
        });
    }
    if targets.is_empty() {
        return Err(PanelImportError::NoTargets);
    }
    const SCALE: &str = "/fieldConfig/defaults/custom/scaleDistribution";
    let scale_distribution = panel.pointer(SCALE).and_then(|v| {
        let parsed = serde_json::from_value::<ScaleDistribution>(v.clone());
        if let Err(e) = &parsed {
            unused.push(format!(
                "fieldConfig.defaults.custom.scaleDistribution {v}: {}",
                crate::config::serde_message(&e.to_string())
            ));
        }
        parsed.ok()
    });
    Ok(PanelImport {
        scale_distribution,
        title: fields.get("title").and_then(Value::as_str).map(str::to_string),
        targets,
        max_data_points: fields.get("maxDataPoints").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()),
        interval: fields.get("interval").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string),
        unused,
    })
}

/// `key`, with a hint for the ones users will miss.
fn describe_unused(key: &str, value: Option<&Value>) -> String {
    match key {
        "datasource" => "datasource (set `prometheus.url`, or import `grafanaDatasources`)".into(),
        "intervalFactor" => "intervalFactor (deprecated in Grafana; the step is not multiplied)".into(),
        "fieldConfig" if value.and_then(|v| v.pointer("/defaults/custom/scaleDistribution")).is_some() => {
            "fieldConfig (all but defaults.custom.scaleDistribution)".into()
        }
        "options" | "fieldConfig" => match value.and_then(Value::as_object) {
            Some(o) if !o.is_empty() => {
                format!("{key} ({})", o.keys().map(String::as_str).collect::<Vec<_>>().join(", "))
            }
            _ => key.to_string(),
        },
        _ => key.to_string(),
    }
}

/// The panel itself, or the first panel with targets of a dashboard (rows'
/// nested panels included); other panels are noted in `unused`.
fn find_panel<'a>(value: &'a Value, unused: &mut Vec<String>) -> Option<&'a Value> {
    if value.get("targets").is_some() {
        return Some(value);
    }
    let mut panels: Vec<&Value> = Vec::new();
    for p in value.get("panels").and_then(Value::as_array).into_iter().flatten() {
        panels.push(p);
        panels.extend(p.get("panels").and_then(Value::as_array).into_iter().flatten());
    }
    let chosen =
        panels.iter().position(|p| p.get("targets").and_then(Value::as_array).is_some_and(|t| !t.is_empty()))?;
    for (i, p) in panels.iter().enumerate() {
        if i != chosen && p.get("targets").is_some() {
            let title = p.get("title").and_then(Value::as_str).unwrap_or("(untitled)");
            unused.push(format!("panel {title:?} (one panel per config: the first with queries is taken)"));
        }
    }
    panels.get(chosen).copied()
}

/// Fills what the config leaves open; returns one line per value taken, then
/// one per field not used.
pub fn apply_panel_import(
    config: &mut PanelConfig,
    import: &PanelImport,
    explicit: ExplicitPanelFields,
) -> Vec<String> {
    let mut lines = Vec::new();
    if let (false, Some(title)) = (explicit.title, &import.title) {
        config.title = title.clone();
        lines.push(format!("title = {title:?}"));
    }
    if !explicit.targets {
        config.targets = import.targets.clone();
        *config = std::mem::take(config).with_ref_ids();
        let refs: Vec<String> = config.targets.iter().map(|t| t.ref_id.clone()).collect();
        lines.push(format!("{} quer{}: {}", refs.len(), if refs.len() == 1 { "y" } else { "ies" }, refs.join(", ")));
    }
    if let (false, Some(n)) = (explicit.max_data_points, import.max_data_points) {
        config.max_data_points = Some(n);
        lines.push(format!("maxDataPoints = {n}"));
    }
    if let (false, Some(interval)) = (explicit.interval, &import.interval) {
        config.interval = interval.clone();
        lines.push(format!("interval = {interval}"));
    }
    if let (false, Some(scale)) = (explicit.scale_distribution, import.scale_distribution) {
        config.scale_distribution = scale;
        lines.push(format!("scaleDistribution = {}", serde_json::to_string(&scale).unwrap_or_default()));
    }
    if !import.unused.is_empty() {
        lines.push(format!("not used: {}", import.unused.join("; ")));
    }
    lines
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The "Dashboard Panel with Exemplars" of the guide our product grew from
    /// (`shared/seeds/000_…txt`), as users have it.
    pub(crate) const SEED_DASHBOARD: &str = r#"{
      "panels": [
        {
          "title": "Request Duration",
          "type": "timeseries",
          "datasource": "Prometheus",
          "targets": [
            {
              "expr": "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))",
              "legendFormat": "p99",
              "exemplar": true
            },
            {
              "expr": "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))",
              "legendFormat": "p95",
              "exemplar": true
            }
          ],
          "options": { "tooltip": { "mode": "single" } }
        }
      ]
    }"#;

    #[test]
    fn the_seed_dashboard_imports_its_two_queries_and_lists_the_rest() {
        let import = import_panel(&Value::String(SEED_DASHBOARD.into())).unwrap_or_default();
        assert_eq!(import.title.as_deref(), Some("Request Duration"));
        let legends: Vec<&str> = import.targets.iter().map(|t| t.legend_format.as_str()).collect();
        assert_eq!(legends, ["p99", "p95"]);
        assert!(import.targets.iter().all(|t| t.exemplar && t.expr.starts_with("histogram_quantile(")));
        assert_eq!(import.unused.len(), 2, "{:?}", import.unused);
        assert!(import.unused.iter().any(|u| u.starts_with("datasource (set `prometheus.url`")));
        assert!(import.unused.iter().any(|u| u == "options (tooltip)"));
    }

    #[test]
    fn a_panel_object_with_options_imports_its_query_options() {
        let panel = serde_json::json!({
            "title": "p99", "maxDataPoints": 500, "interval": ">30s",
            "targets": [
                {"refId": "A", "expr": "up", "interval": "1m", "intervalFactor": 2, "datasource": {"uid": "x"}},
                {"refId": "B", "expr": "", "queryType": "traceql"},
                {"refId": "C", "expr": "down", "hide": true}
            ]
        });
        let import = import_panel(&panel).unwrap_or_default();
        assert_eq!((import.max_data_points, import.interval.as_deref()), (Some(500), Some(">30s")));
        assert_eq!(import.targets.len(), 2);
        assert_eq!((import.targets[0].interval.as_str(), import.targets[0].exemplar), ("1m", false));
        assert!(import.targets[1].hide);
        let unused = import.unused.join("\n");
        assert!(unused.contains("targets[0].intervalFactor"), "{unused}");
        assert!(unused.contains("targets[0].datasource"), "{unused}");
        assert!(unused.contains("targets[1]: no `expr`"), "{unused}");
    }

    #[test]
    fn the_y_scale_comes_from_the_field_config() {
        let panel = |scale: Value| serde_json::json!({"targets": [{"expr": "up"}], "fieldConfig": {"defaults": {"custom": {"scaleDistribution": scale}}}});
        let import = import_panel(&panel(serde_json::json!({"type": "log", "log": 10}))).unwrap_or_default();
        assert_eq!(
            import.scale_distribution.map(|s| s.y_scale()),
            Some(crate::config::YScale::Log(crate::config::LogBase::Ten))
        );
        let mut config = PanelConfig::default();
        let lines = apply_panel_import(&mut config, &import, ExplicitPanelFields::default());
        assert!(lines.contains(&r#"scaleDistribution = {"type":"log","log":10}"#.to_string()), "{lines:?}");
        assert!(!config.scale_distribution.is_linear());
        assert!(
            import.unused.contains(&"fieldConfig (all but defaults.custom.scaleDistribution)".to_string()),
            "{:?}",
            import.unused
        );
        let mut mine = PanelConfig::default();
        apply_panel_import(&mut mine, &import, ExplicitPanelFields { scale_distribution: true, ..Default::default() });
        assert!(mine.scale_distribution.is_linear(), "the config's own scale wins");
        let symlog = import_panel(&panel(serde_json::json!({"type": "symlog", "log": 10, "linearThreshold": 0.01})))
            .unwrap_or_default();
        let threshold = crate::config::Threshold::try_from(0.01).unwrap_or_default();
        assert_eq!(
            symlog.scale_distribution.map(|s| s.y_scale()),
            Some(crate::config::YScale::Symlog(crate::config::LogBase::Ten, threshold))
        );
        let log3 = import_panel(&panel(serde_json::json!({"type": "log", "log": 3}))).unwrap_or_default();
        assert_eq!(log3.scale_distribution, None);
        assert!(
            log3.unused.iter().any(|u| u.contains("scaleDistribution") && u.contains("must be 2 or 10, got 3")),
            "{:?}",
            log3.unused
        );
        let flat =
            import_panel(&panel(serde_json::json!({"type": "symlog", "linearThreshold": 0}))).unwrap_or_default();
        assert!(
            flat.unused.iter().any(|u| u.contains("linearThreshold` must be a number above 0")),
            "{:?}",
            flat.unused
        );
    }

    #[test]
    fn dashboards_take_the_first_panel_with_queries_and_name_the_others() {
        let dashboard = serde_json::json!({"panels": [
            {"type": "text", "title": "notes"},
            {"type": "row", "title": "latency", "panels": [
                {"title": "first", "targets": [{"expr": "a"}]},
                {"title": "second", "targets": [{"expr": "b"}]}
            ]}
        ]});
        let import = import_panel(&dashboard).unwrap_or_default();
        assert_eq!(import.title.as_deref(), Some("first"));
        assert!(import.unused.iter().any(|u| u.starts_with("panel \"second\"")), "{:?}", import.unused);
    }

    #[test]
    fn bad_input_is_an_error_with_a_position() {
        let err = import_panel(&Value::String("{\n  \"panels\": [,]\n}".into()));
        assert!(matches!(err, Err(PanelImportError::Syntax { line: 2, .. })), "{err:?}");
        assert_eq!(import_panel(&serde_json::json!({"panels": []})), Err(PanelImportError::NoTargets));
        assert_eq!(import_panel(&serde_json::json!(42)), Err(PanelImportError::NoTargets));
        assert_eq!(import_panel(&serde_json::json!({"targets": [{"refId": "A"}]})), Err(PanelImportError::NoTargets));
    }

    #[test]
    fn the_import_fills_only_what_the_config_leaves_open() {
        let import = import_panel(&Value::String(SEED_DASHBOARD.into())).unwrap_or_default();
        let mut config = PanelConfig { title: "mine".into(), ..PanelConfig::default() };
        let lines = apply_panel_import(&mut config, &import, ExplicitPanelFields { title: true, ..Default::default() });
        assert_eq!(config.title, "mine");
        assert_eq!(config.targets.len(), 2);
        assert_eq!(lines.first().map(String::as_str), Some("2 queries: A, B"), "{lines:?}");
        assert!(lines.last().is_some_and(|l| l.starts_with("not used: ")));
    }
}
