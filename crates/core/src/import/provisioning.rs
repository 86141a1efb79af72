//! Import from Grafana: the datasources provisioning file users already have
//! (YAML or JSON, `apiVersion: 1` / `datasources: [...]`).
//!
//! - The Prometheus entry (the default one if several) gives `prometheus.url`,
//!   `jsonData.httpMethod`, `jsonData.timeInterval` (our `scrapeInterval`) and
//!   `jsonData.exemplarTraceIdDestinations`.
//! - Every other entry becomes a row of the datasource table, so a
//!   destination's `datasourceUid` resolves without Grafana.
//! - Imported values fill only what the panel config does not set itself, and
//!   [`apply_import`] reports what it took, so nothing changes silently.
//! - Malformed input is an [`ImportError`] with line and column.
//!
//! Note: Grafana's Prometheus `url` is often the server-side address
//! (`access: proxy`), which a browser may not reach; set `prometheus.url` to override.

use serde::Deserialize;

use crate::config::{Datasource, HttpMethod, PanelConfig, TraceDestination};

pub use crate::config::ImportError;

#[derive(Deserialize)]
struct ProvisioningFile {
    #[serde(default)]
    datasources: Vec<ProvisionedDatasource>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ProvisionedDatasource {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    uid: String,
    url: String,
    is_default: bool,
    json_data: JsonData,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsonData {
    http_method: Option<String>,
    time_interval: Option<String>,
    exemplar_trace_id_destinations: Vec<TraceDestination>,
}

/// What a provisioning file offers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GrafanaImport {
    /// The Prometheus entry's name.
    pub prometheus_name: Option<String>,
    /// Its `url`.
    pub prometheus_url: Option<String>,
    /// Its `jsonData.httpMethod`.
    pub http_method: Option<HttpMethod>,
    /// Its `jsonData.timeInterval`.
    pub scrape_interval: Option<String>,
    /// Its `jsonData.exemplarTraceIdDestinations`.
    pub destinations: Vec<TraceDestination>,
    /// Every other entry.
    pub datasources: Vec<Datasource>,
}

/// Parses a provisioning file (JSON when it starts with `{`, YAML otherwise).
pub fn parse_provisioning(text: &str) -> Result<GrafanaImport, ImportError> {
    let file: ProvisioningFile = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| ImportError::Syntax {
            message: crate::config::serde_message(&e.to_string()),
            line: e.line() as u64,
            column: e.column() as u64,
        })?
    } else {
        let value = yaml_to_json(text)?;
        serde_json::from_value(value).map_err(|e| ImportError::Shape(crate::config::redact_strings(&e.to_string())))?
    };
    if file.datasources.is_empty() {
        return Err(ImportError::Empty);
    }
    let proms: Vec<&ProvisionedDatasource> = file.datasources.iter().filter(|d| d.kind == "prometheus").collect();
    let prom = proms.iter().find(|d| d.is_default).or(proms.first()).copied();
    let mut out = GrafanaImport::default();
    if let Some(p) = prom {
        out.prometheus_name = Some(p.name.clone());
        out.prometheus_url = Some(p.url.clone()).filter(|u| !u.is_empty());
        out.http_method = p.json_data.http_method.as_deref().and_then(|m| match m.to_ascii_uppercase().as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            _ => None,
        });
        out.scrape_interval = p.json_data.time_interval.clone().filter(|s| !s.is_empty());
        out.destinations = p.json_data.exemplar_trace_id_destinations.clone();
    }
    out.datasources = file
        .datasources
        .iter()
        .filter(|d| prom.is_none_or(|p| !std::ptr::eq(*d, p)))
        .map(|d| Datasource {
            uid: if d.uid.is_empty() { d.name.clone() } else { d.uid.clone() },
            name: d.name.clone(),
            kind: d.kind.clone(),
            url: d.url.clone(),
            ..Datasource::default()
        })
        .collect();
    Ok(out)
}

/// The deepest nesting a YAML provisioning file may have (real ones are 3–6
/// deep). yaml-rust2's loader, the conversion below and the values' drop all
/// recurse once per level, and block nesting costs two bytes a level (`- - -`):
/// a few KB of text would overflow the wasm stack, which kills the page.
#[cfg(feature = "yaml")]
const MAX_YAML_DEPTH: usize = 64;

/// The most nodes a YAML provisioning file may load into, aliases expanded
/// (the loader copies an alias's node): nine lines of aliases of aliases are
/// 9⁹ nodes ("billion laughs"), which would exhaust the wasm memory.
#[cfg(feature = "yaml")]
const MAX_YAML_NODES: u64 = 100_000;

/// Refuses YAML whose loaded tree would be deeper than [`MAX_YAML_DEPTH`] or
/// larger than [`MAX_YAML_NODES`], from its events alone (yaml-rust2's event
/// parser is a loop, not a recursion). An alias counts as the anchored node's
/// height and size, as the loader will copy it. A syntax error is left to the
/// loader, which names it.
#[cfg(feature = "yaml")]
fn check_yaml_size(text: &str) -> Result<(), ImportError> {
    use std::collections::HashMap;
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::scanner::Marker;

    /// An open sequence or mapping: its anchor, and its children's greatest
    /// height (levels of nesting) and total size so far.
    struct Open {
        anchor: usize,
        height: usize,
        nodes: u64,
    }
    let mut parser = Parser::new_from_str(text);
    // The stream itself at the bottom, so every node has a parent.
    let mut open = vec![Open { anchor: 0, height: 0, nodes: 0 }];
    // Each closed anchor's (height, nodes).
    let mut anchors: HashMap<usize, (usize, u64)> = HashMap::new();
    let refuse = |message: String, mark: Marker| {
        Err(ImportError::Syntax { message, line: mark.line() as u64, column: mark.col() as u64 + 1 })
    };
    let too_deep = || format!("nested deeper than {MAX_YAML_DEPTH} levels");
    loop {
        let (event, mark) = match parser.next_token() {
            Ok((Event::StreamEnd, _)) | Err(_) => return Ok(()),
            Ok(next) => next,
        };
        // A node of (height, nodes) completed under the innermost open one.
        let node = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push(Open { anchor, height: 0, nodes: 0 });
                // Refused where it gets too deep, not only once its innermost value is read.
                if open.len() - 1 > MAX_YAML_DEPTH {
                    return refuse(too_deep(), mark);
                }
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop().filter(|_| !open.is_empty()).map(|done| {
                let node = (done.height + 1, done.nodes.saturating_add(1));
                if done.anchor != 0 {
                    anchors.insert(done.anchor, node);
                }
                node
            }),
            // A value is no level of nesting: height 0.
            Event::Scalar(_, _, anchor, _) => {
                if anchor != 0 {
                    anchors.insert(anchor, (0, 1));
                }
                Some((0, 1))
            }
            Event::Alias(id) => Some(anchors.get(&id).copied().unwrap_or((0, 1))),
            _ => None,
        };
        let Some((height, nodes)) = node else { continue };
        // `open` holds the stream and the node's ancestors.
        let depth = open.len() - 1 + height;
        let Some(parent) = open.last_mut() else { return Ok(()) };
        parent.height = parent.height.max(height);
        parent.nodes = parent.nodes.saturating_add(nodes);
        let total: u64 = open.iter().map(|o| o.nodes).fold(0, u64::saturating_add);
        if depth > MAX_YAML_DEPTH {
            return refuse(too_deep(), mark);
        }
        if total > MAX_YAML_NODES {
            return refuse(format!("more than {MAX_YAML_NODES} values once its aliases are expanded"), mark);
        }
    }
}

/// Parses YAML into JSON values (yaml-rust2 is small in wasm; serde's derive
/// then reads the shape). Only the first document counts.
#[cfg(feature = "yaml")]
fn yaml_to_json(text: &str) -> Result<serde_json::Value, ImportError> {
    use yaml_rust2::{Yaml, YamlLoader};
    check_yaml_size(text)?;
    let docs = YamlLoader::load_from_str(text).map_err(|e| ImportError::Syntax {
        message: e.info().to_string(),
        line: e.marker().line() as u64,
        column: e.marker().col() as u64 + 1,
    })?;
    fn convert(y: &Yaml) -> serde_json::Value {
        use serde_json::Value;
        match y {
            Yaml::Real(r) => {
                r.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
            }
            Yaml::Integer(i) => Value::from(*i),
            Yaml::String(s) => Value::String(s.clone()),
            Yaml::Boolean(b) => Value::Bool(*b),
            Yaml::Array(a) => Value::Array(a.iter().map(convert).collect()),
            Yaml::Hash(h) => Value::Object(
                h.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            Yaml::String(s) => s.clone(),
                            Yaml::Integer(i) => i.to_string(),
                            Yaml::Real(r) => r.clone(),
                            Yaml::Boolean(b) => b.to_string(),
                            _ => String::new(),
                        };
                        (key, convert(v))
                    })
                    .collect(),
            ),
            Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
        }
    }
    Ok(docs.first().map_or(serde_json::Value::Null, convert))
}

/// The lean widget reads provisioning files as JSON only.
#[cfg(not(feature = "yaml"))]
fn yaml_to_json(_text: &str) -> Result<serde_json::Value, ImportError> {
    Err(ImportError::YamlNotBuilt)
}

/// Which config fields the user set explicitly (import never overrides them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExplicitFields {
    /// `prometheus.url` was given.
    pub prometheus_url: bool,
    /// `prometheus.method` was given.
    pub prometheus_method: bool,
    /// `scrapeInterval` was given.
    pub scrape_interval: bool,
}

/// Fills what the config leaves open; returns one line per value taken.
pub fn apply_import(config: &mut PanelConfig, import: &GrafanaImport, explicit: ExplicitFields) -> Vec<String> {
    let mut taken = Vec::new();
    let from = import.prometheus_name.as_deref().map_or(String::new(), |n| format!(" (from {n:?})"));
    if let (false, Some(url)) = (explicit.prometheus_url, &import.prometheus_url) {
        config.prometheus.url = url.clone();
        taken.push(format!("prometheus.url = {url}{from}"));
    }
    if let (false, Some(method)) = (explicit.prometheus_method, import.http_method) {
        config.prometheus.method = method;
        taken.push(format!("prometheus.method = {}{from}", method.as_str()));
    }
    if let (false, Some(interval)) = (explicit.scrape_interval, &import.scrape_interval) {
        config.scrape_interval = interval.clone();
        taken.push(format!("scrapeInterval = {interval}{from}"));
    }
    if config.exemplar_trace_id_destinations.is_empty() && !import.destinations.is_empty() {
        config.exemplar_trace_id_destinations = import.destinations.clone();
        let names: Vec<&str> = import.destinations.iter().map(|d| d.name.as_str()).collect();
        taken.push(format!("{} trace destination(s): {}{from}", names.len(), names.join(", ")));
    }
    for ds in &import.datasources {
        if !config.datasources.iter().any(|d| d.uid == ds.uid) {
            config.datasources.push(ds.clone());
            taken.push(format!("datasource {} ({}, uid {})", ds.name, ds.kind, ds.uid));
        }
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provisioning file of our seed guide, as users have it.
    const SEED_YAML: &str = include_str!("../../../../tests/fixtures/grafana-datasources.yml");

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_nested_past_64_levels_is_refused_before_it_is_loaded() {
        // 100,000 levels in 200 KB: loaded, it would overflow the wasm stack.
        let deep = format!("{}x", "- ".repeat(100_000));
        let err = parse_provisioning(&deep).unwrap_err();
        assert!(
            matches!(&err, ImportError::Syntax { message, line: 1, column: 129 } if message == "nested deeper than 64 levels"),
            "{err:?}"
        );
        let deep_map = (0..65).map(|i| format!("{}k:", " ".repeat(i))).collect::<Vec<_>>().join("\n");
        let err = parse_provisioning(&deep_map).unwrap_err();
        assert!(matches!(&err, ImportError::Syntax { message, .. } if message.starts_with("nested deeper")), "{err:?}");
        // 64 levels load (and are not a provisioning file).
        let ok = format!("{}x", "- ".repeat(64));
        assert!(matches!(parse_provisioning(&ok), Err(ImportError::Shape(_))), "{:?}", parse_provisioning(&ok));
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_aliases_count_as_the_nodes_they_copy() {
        // Each line's list holds the one before: 70 levels once loaded, 2 in the text.
        let chain: String = (0..70)
            .map(|i| format!("a{i}: &a{i} [{}]\n", if i == 0 { "x".into() } else { format!("*a{}", i - 1) }))
            .collect();
        let err = parse_provisioning(&chain).unwrap_err();
        assert!(
            matches!(&err, ImportError::Syntax { message, .. } if message == "nested deeper than 64 levels"),
            "{err:?}"
        );
        // Nine times nine times …: 9⁷ values from seven short lines.
        let mut laughs = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..7 {
            let p = i - 1;
            laughs.push_str(&format!("l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n"));
        }
        let err = parse_provisioning(&laughs).unwrap_err();
        assert!(
            matches!(&err, ImportError::Syntax { message, line: 6, .. } if message == "more than 100000 values once its aliases are expanded"),
            "{err:?}"
        );
        // An alias as people use one: shared settings, copied into two datasources.
        let shared = "apiVersion: 1\nx-shared: &shared {access: proxy}\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://prom:9090\n    jsonData: *shared\n  - name: T\n    type: tempo\n    uid: tempo\n    url: http://tempo:3200\n    jsonData: *shared\n";
        let import = parse_provisioning(shared).unwrap();
        assert_eq!(import.prometheus_url.as_deref(), Some("http://prom:9090"));
        assert_eq!(import.datasources.len(), 1);
    }

    #[test]
    fn the_seed_yaml_imports() {
        let import = parse_provisioning(SEED_YAML).unwrap();
        assert_eq!(import.prometheus_url.as_deref(), Some("http://prometheus:9090"));
        assert_eq!(import.http_method, Some(HttpMethod::Post));
        assert_eq!(import.destinations.len(), 1);
        assert_eq!(import.destinations[0].datasource_uid, "tempo");
        assert_eq!(import.destinations[0].url_display_label, "View Trace");
        assert_eq!(import.datasources.len(), 1);
        assert_eq!(import.datasources[0].uid, "tempo");
        assert_eq!(import.datasources[0].kind, "tempo");
        assert_eq!(import.datasources[0].url, "http://tempo:3200");
    }

    #[test]
    fn json_imports_too() {
        let json = r#"{"apiVersion": 1, "datasources": [
            {"name": "Other", "type": "prometheus", "url": "http://other:9090"},
            {"name": "Main", "type": "prometheus", "isDefault": true, "url": "http://main:9090",
             "jsonData": {"httpMethod": "GET", "timeInterval": "5s",
               "exemplarTraceIdDestinations": [{"name": "traceID", "url": "http://jaeger/trace/${__value.raw}"}]}},
            {"name": "Jaeger", "type": "jaeger", "uid": "jg", "url": "http://jaeger:16686"}]}"#;
        let import = parse_provisioning(json).unwrap();
        assert_eq!(import.prometheus_url.as_deref(), Some("http://main:9090"), "the default one wins");
        assert_eq!(import.http_method, Some(HttpMethod::Get));
        assert_eq!(import.scrape_interval.as_deref(), Some("5s"));
        let uids: Vec<&str> = import.datasources.iter().map(|d| d.uid.as_str()).collect();
        assert_eq!(uids, ["Other", "jg"], "an entry without uid is known by its name");
    }

    #[test]
    fn broken_files_say_where() {
        let bad_yaml = "apiVersion: 1\ndatasources:\n  - name: [x\n    type: prometheus\n";
        match parse_provisioning(bad_yaml) {
            Err(ImportError::Syntax { line, column, message }) => {
                assert_eq!((line, column), (4, 9));
                assert!(!message.contains("line 4"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        match parse_provisioning("{\"datasources\": [\n  {\"name\": 1,}\n]}") {
            Err(ImportError::Syntax { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(parse_provisioning("datasources: 3\n"), Err(ImportError::Shape(ref m)) if m.contains("expected a sequence"))
        );
        assert_eq!(parse_provisioning("apiVersion: 1\n"), Err(ImportError::Empty));
        assert!(parse_provisioning("").is_err());
        assert!(parse_provisioning("\u{0}\u{1}").is_err());
    }

    #[test]
    fn import_fills_only_what_is_open_and_says_what_it_took() {
        let import = parse_provisioning(SEED_YAML).unwrap();
        let mut config = PanelConfig::default();
        let taken = apply_import(&mut config, &import, ExplicitFields::default());
        assert_eq!(config.prometheus.url, "http://prometheus:9090");
        assert_eq!(config.exemplar_trace_id_destinations.len(), 1);
        assert_eq!(config.datasources.len(), 1);
        assert_eq!(taken.len(), 4, "{taken:?}");
        assert!(taken[0].starts_with("prometheus.url = http://prometheus:9090 (from \"Prometheus\")"), "{taken:?}");
        assert!(taken[1].starts_with("prometheus.method = POST"), "{taken:?}");

        let mut mine = PanelConfig::default();
        mine.prometheus.url = "http://mine:9090".into();
        let explicit = ExplicitFields { prometheus_url: true, ..Default::default() };
        apply_import(&mut mine, &import, explicit);
        assert_eq!(mine.prometheus.url, "http://mine:9090");
    }
}
