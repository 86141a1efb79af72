//! Import of a Grafana dashboard panel (the config's `grafanaPanel`, or a
//! paste in the app): the panel's queries and query options become ours.
//!
//! Accepted: a panel object, a dashboard (`{"panels": [...]}`, rows included;
//! the first panel with targets is taken), or either as a JSON text.
//! Taken, where the config leaves them open: `title`, `targets[]`
//! (`refId`, `expr`, `legendFormat`, `exemplar`, `interval`, `hide`),
//! `maxDataPoints`, `interval`, the y scale from
//! `fieldConfig.defaults.custom.scaleDistribution` (linear, log 2/10, or
//! symlog with its base and linear threshold; one we cannot draw, e.g. log 3,
//! is named as not used), and how values show: `fieldConfig.defaults.unit`,
//! `decimals`, `min`, `max`, `thresholds`, `custom.axisSoftMin`,
//! `custom.axisSoftMax`, `custom.thresholdsStyle`, and `options.legend`'s
//! `calcs` and `displayMode`. A value we cannot take (a unit we do not
//! have, a reducer we do not compute) is named as not used. Everything else
//! is listed by name as not used, never dropped silently.

use serde_json::Value;

use crate::config::{
    LegendCalc, LegendConfig, LegendDisplayMode, PanelConfig, ScaleDistribution, Target, Thresholds, ThresholdsStyle,
    Unit,
};

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
    /// How values show (`fieldConfig.defaults`, `options.legend`).
    pub display: PanelDisplay,
    /// What was not used, one line each (`options.tooltip`, `targets[0].datasource`, …).
    pub unused: Vec<String>,
}

/// How a Grafana panel shows values: what it gives, each where it said.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PanelDisplay {
    /// `fieldConfig.defaults.unit`.
    pub unit: Option<Unit>,
    /// `fieldConfig.defaults.decimals`.
    pub decimals: Option<u8>,
    /// `fieldConfig.defaults.min`.
    pub min: Option<f64>,
    /// `fieldConfig.defaults.max`.
    pub max: Option<f64>,
    /// `fieldConfig.defaults.custom.axisSoftMin`.
    pub soft_min: Option<f64>,
    /// `fieldConfig.defaults.custom.axisSoftMax`.
    pub soft_max: Option<f64>,
    /// `fieldConfig.defaults.thresholds`.
    pub thresholds: Option<Thresholds>,
    /// `fieldConfig.defaults.custom.thresholdsStyle`.
    pub thresholds_style: Option<ThresholdsStyle>,
    /// `options.legend` (`calcs`, `displayMode`).
    pub legend: Option<LegendConfig>,
}

/// The `fieldConfig.defaults` and `custom` keys the display import reads.
const DEFAULTS_KEYS: [&str; 6] = ["unit", "decimals", "min", "max", "thresholds", "custom"];
const CUSTOM_KEYS: [&str; 4] = ["scaleDistribution", "axisSoftMin", "axisSoftMax", "thresholdsStyle"];

/// The value at `pointer` of `panel` as a `T`; one that does not read is named in `unused`.
fn typed<T: serde::de::DeserializeOwned>(
    panel: &Value,
    pointer: &str,
    name: &str,
    unused: &mut Vec<String>,
) -> Option<T> {
    let v = panel.pointer(pointer)?;
    serde_json::from_value(v.clone())
        .map_err(|e| unused.push(format!("{name} {v}: {}", crate::config::serde_message(&e.to_string()))))
        .ok()
}

/// Reads how `panel` shows values; what it cannot take goes to `unused`.
fn read_display(panel: &Value, unused: &mut Vec<String>) -> PanelDisplay {
    let number = |pointer: &str| panel.pointer(pointer).and_then(Value::as_f64).filter(|v| v.is_finite());
    let unit = panel
        .pointer("/fieldConfig/defaults/unit")
        .and_then(Value::as_str)
        .and_then(|id| Unit::parse(id).map_err(|e| unused.push(format!("fieldConfig.defaults.unit: {e}"))).ok());
    let decimals = panel.pointer("/fieldConfig/defaults/decimals").and_then(Value::as_u64).map(|d| d.min(20) as u8);
    let thresholds: Option<Thresholds> =
        typed(panel, "/fieldConfig/defaults/thresholds", "fieldConfig.defaults.thresholds", unused);
    let thresholds_style: Option<ThresholdsStyle> = typed(
        panel,
        "/fieldConfig/defaults/custom/thresholdsStyle",
        "fieldConfig.defaults.custom.thresholdsStyle",
        unused,
    );
    let legend = panel.pointer("/options/legend").map(|legend| {
        let mut calcs = Vec::new();
        for id in legend.get("calcs").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            match LegendCalc::of_grafana(id) {
                Some(calc) => calcs.push(calc),
                None => unused.push(format!(
                    "options.legend.calcs {id:?} (this panel computes min, max, mean, last, lastNotNull)"
                )),
            }
        }
        let display_mode = match legend.get("displayMode").and_then(Value::as_str) {
            Some("table") => LegendDisplayMode::Table,
            _ => LegendDisplayMode::List,
        };
        LegendConfig { display_mode, calcs }
    });
    PanelDisplay {
        unit,
        decimals,
        min: number("/fieldConfig/defaults/min"),
        max: number("/fieldConfig/defaults/max"),
        soft_min: number("/fieldConfig/defaults/custom/axisSoftMin"),
        soft_max: number("/fieldConfig/defaults/custom/axisSoftMax"),
        thresholds,
        thresholds_style,
        legend,
    }
}

/// Which fields the config set itself (the import fills only the others).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// The display fields the config gave (`unit`, `decimals`, `min`, `max`,
    /// `softMin`, `softMax`, `thresholds`, `thresholdsStyle`, `legend`).
    pub display: Vec<&'static str>,
}

/// The config's display fields an import may fill.
pub const DISPLAY_FIELDS: [&str; 9] =
    ["unit", "decimals", "min", "max", "softMin", "softMax", "thresholds", "thresholdsStyle", "legend"];

/// Panel keys we read (`fieldConfig` and `options` in part: see `describe_unused`).
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
        unused.extend(describe_unused(key, fields.get(key)));
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
            unused.extend(describe_unused(key, obj.get(key)).map(|d| format!("targets[{i}].{d}")));
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
    let display = read_display(panel, &mut unused);
    Ok(PanelImport {
        scale_distribution,
        display,
        title: fields.get("title").and_then(Value::as_str).map(str::to_string),
        targets,
        max_data_points: fields.get("maxDataPoints").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()),
        interval: fields.get("interval").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string),
        unused,
    })
}

/// `key`, with a hint for the ones users will miss; `fieldConfig` and
/// `options` name only their parts not read. `None`: everything was read.
fn describe_unused(key: &str, value: Option<&Value>) -> Option<String> {
    let keys = |v: Option<&Value>, read: &[&str]| -> Vec<String> {
        v.and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .filter(|k| !read.contains(&k.as_str()))
            .collect()
    };
    Some(match key {
        "datasource" => "datasource (set `prometheus.url`, or import `grafanaDatasources`)".into(),
        "intervalFactor" => "intervalFactor (deprecated in Grafana; the step is not multiplied)".into(),
        "fieldConfig" => {
            let mut left: Vec<String> = keys(value, &["defaults", "overrides"]);
            let defaults = value.and_then(|v| v.get("defaults"));
            left.extend(keys(defaults, &DEFAULTS_KEYS).into_iter().map(|k| format!("defaults.{k}")));
            let custom = defaults.and_then(|d| d.get("custom"));
            left.extend(keys(custom, &CUSTOM_KEYS).into_iter().map(|k| format!("defaults.custom.{k}")));
            if value.and_then(|v| v.get("overrides")).and_then(Value::as_array).is_some_and(|o| !o.is_empty()) {
                left.push("overrides".into());
            }
            if left.is_empty() {
                return None;
            }
            format!("fieldConfig ({})", left.join(", "))
        }
        "options" => {
            let mut left: Vec<String> = keys(value, &["legend"]);
            let legend = value.and_then(|v| v.get("legend"));
            left.extend(keys(legend, &["calcs", "displayMode"]).into_iter().map(|k| format!("legend.{k}")));
            if left.is_empty() {
                return None;
            }
            format!("options ({})", left.join(", "))
        }
        _ => key.to_string(),
    })
}

/// Fills the display fields the config left open (`given` names those it set).
fn apply_display(config: &mut PanelConfig, d: &PanelDisplay, given: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    let open = |field: &str| !given.contains(&field);
    if let (true, Some(unit)) = (open("unit"), &d.unit) {
        config.unit = unit.clone();
        lines.push(format!("unit = {unit}"));
    }
    if let (true, Some(decimals)) = (open("decimals"), d.decimals) {
        config.decimals = Some(decimals);
        lines.push(format!("decimals = {decimals}"));
    }
    for (field, value, slot) in [
        ("min", d.min, &mut config.min),
        ("max", d.max, &mut config.max),
        ("softMin", d.soft_min, &mut config.soft_min),
        ("softMax", d.soft_max, &mut config.soft_max),
    ] {
        if let (true, Some(v)) = (open(field), value) {
            *slot = Some(v);
            lines.push(format!("{field} = {v}"));
        }
    }
    if let (true, Some(t)) = (open("thresholds"), &d.thresholds) {
        config.thresholds = t.clone();
        lines.push(format!("thresholds = {} step{}", t.steps.len(), if t.steps.len() == 1 { "" } else { "s" }));
    }
    if let (true, Some(style)) = (open("thresholdsStyle"), d.thresholds_style) {
        config.thresholds_style = style;
        lines.push(format!("thresholdsStyle = {}", serde_json::to_string(&style.mode).unwrap_or_default()));
    }
    if let (true, Some(legend)) = (open("legend"), &d.legend) {
        config.legend = legend.clone();
        let calcs: Vec<&str> = legend.calcs.iter().map(|c| c.id()).collect();
        let mode = if legend.display_mode == LegendDisplayMode::Table { "table" } else { "list" };
        lines.push(format!("legend = {mode} [{}]", calcs.join(", ")));
    }
    lines
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
    lines.extend(apply_display(config, &import.display, &explicit.display));
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
        assert!(import.unused.is_empty(), "all of this fieldConfig was read: {:?}", import.unused);
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

    /// A time series panel as Grafana 10 saves it: its unit, decimals, bounds,
    /// thresholds and legend values come with the queries.
    #[test]
    fn how_values_show_comes_from_the_field_config_and_the_legend_options() {
        let panel = serde_json::json!({
            "type": "timeseries",
            "targets": [{"expr": "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))"}],
            "fieldConfig": {
                "defaults": {
                    "unit": "s", "decimals": 2, "min": 0, "max": 2,
                    "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 0.5}]},
                    "custom": {"axisSoftMax": 1, "thresholdsStyle": {"mode": "line+area"}, "lineWidth": 2},
                    "color": {"mode": "palette-classic"}
                },
                "overrides": []
            },
            "options": {"legend": {"calcs": ["max", "p95", "lastNotNull"], "displayMode": "table", "placement": "right"}, "tooltip": {"mode": "multi"}}
        });
        let import = import_panel(&panel).unwrap_or_default();
        let d = &import.display;
        assert_eq!(
            (d.unit.clone(), d.decimals, d.min, d.max, d.soft_max),
            (Some(Unit::Seconds), Some(2), Some(0.0), Some(2.0), Some(1.0))
        );
        assert_eq!(d.thresholds.as_ref().map(|t| t.steps.len()), Some(2));
        assert_eq!(d.thresholds_style.map(|s| s.mode), Some(crate::config::ThresholdsStyleMode::LineAndArea));
        let legend = d.legend.clone().unwrap_or_default();
        assert_eq!(
            (legend.display_mode, legend.calcs),
            (LegendDisplayMode::Table, vec![LegendCalc::Max, LegendCalc::LastNotNull])
        );
        let unused = import.unused.join("\n");
        assert!(unused.contains("options.legend.calcs \"p95\""), "{unused}");
        assert!(unused.contains("fieldConfig (defaults.color, defaults.custom.lineWidth)"), "{unused}");
        assert!(unused.contains("options (tooltip, legend.placement)"), "{unused}");
        let mut config = PanelConfig::default();
        let explicit = ExplicitPanelFields { display: vec!["decimals"], ..Default::default() };
        let lines = apply_panel_import(&mut config, &import, explicit);
        assert_eq!(
            (config.unit.clone(), config.decimals, config.max),
            (Unit::Seconds, None, Some(2.0)),
            "the config's decimals win"
        );
        assert!(
            lines.iter().any(|l| l == "unit = s") && lines.iter().any(|l| l == "thresholds = 2 steps"),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l == "legend = table [max, lastNotNull]"), "{lines:?}");
        let odd = serde_json::json!({"targets": [{"expr": "up"}], "fieldConfig": {"defaults": {"unit": "celsius"}}});
        let odd = import_panel(&odd).unwrap_or_default();
        assert_eq!(odd.display.unit, None);
        assert!(
            odd.unused.iter().any(|u| u.starts_with("fieldConfig.defaults.unit: unknown unit \"celsius\"")),
            "{:?}",
            odd.unused
        );
    }
}
