//! The loader's table of known fields (`load/fields.rs`), generated from the
//! config's schema, and checked against what serde itself skips.

use serde_json::{json, Value};

use super::{check_generated, config_schema, fail, resolve, Mismatch, SCHEMA_KEY};
use crate::config::{PanelConfig, DEMO_CONFIG_JSON};

/// The loader's table of known fields (`load/unknown.rs` reads it).
const FIELDS_FILE: &str = "crates/core/src/load/fields.rs";

/// The loader's table of known fields (`src/load/fields.rs`), from the config
/// schema: object 0 is the config, then each object `$defs` entry it reaches,
/// in the order first reached. A property is an object, an array of objects,
/// or a leaf (anything else, free maps included). Keywords that would make a
/// field's shape ambiguous fail here rather than be guessed.
fn field_table(schema: &Value) -> Result<String, Mismatch> {
    let mut order: Vec<(String, &Value)> = vec![("PanelConfig".into(), schema)];
    let mut rows = Vec::new();
    let mut i = 0;
    while let Some((name, object)) = order.get(i).cloned() {
        if object.get("additionalProperties") != Some(&Value::Bool(false)) {
            return fail(format!("{name}: an object of named fields must not allow others"));
        }
        let properties = object.get("properties").and_then(Value::as_object).ok_or(format!("{name}: no properties"))?;
        let mut fields = Vec::new();
        for (field, sub) in properties {
            let shape = match shape_of(schema, sub)? {
                None => "Leaf".to_string(),
                Some((def, each)) => {
                    let at = match order.iter().position(|(n, _)| *n == def) {
                        Some(at) => at,
                        None => {
                            order.push((def.clone(), resolve(schema, &json!(format!("#/$defs/{def}")))?));
                            order.len() - 1
                        }
                    };
                    if each {
                        format!("Items({at})")
                    } else {
                        format!("Object({at})")
                    }
                }
            };
            fields.push(format!("({field:?}, {shape})"));
        }
        rows.push(format!("    // {i}: {name}\n    &[{}],\n", fields.join(", ")));
        i += 1;
    }
    Ok(format!(
        "//! The config's known fields, generated from `docs/config.schema.json` by\n\
         //! crates/core/src/contract/fields.rs: do not edit.\n\
         //! Regenerate: REGENERATE=1 cargo test -p exemplar-core contract\n\
         //! (read by `unknown.rs`).\n\n\
         use super::unknown::Shape::{{self, Items, Leaf, Object}};\n\n\
         /// Each object's field names and shapes; 0 is the config.\n\
         #[rustfmt::skip]\n\
         pub(super) const OBJECTS: &[&[(&str, Shape)]] = &[\n{}];\n",
        rows.concat()
    ))
}

/// A property's object definition, and whether it holds an array of them; `None` for a leaf.
fn shape_of(root: &Value, sub: &Value) -> Result<Option<(String, bool)>, Mismatch> {
    if sub.get("properties").is_some() {
        return fail(format!("an inline object {sub}: name it (a struct) so the loader's table can"));
    }
    // Keywords that could hide an object the walk would not see: refused, not guessed.
    for keyword in ["allOf", "prefixItems", "patternProperties", "not", "if", "dependentSchemas"] {
        if sub.get(keyword).is_some() {
            return fail(format!("{sub}: `{keyword}` is not known to the loader's table"));
        }
    }
    if let Some(values) = sub.get("additionalProperties").filter(|v| v.is_object()) {
        if shape_of(root, values)?.is_some() {
            return fail(format!("{sub}: a map of objects is not known to the loader's table"));
        }
    }
    if let Some(reference) = sub.get("$ref") {
        let def = resolve(root, reference)?;
        let name = reference.as_str().and_then(|r| r.strip_prefix("#/$defs/")).unwrap_or_default();
        // A named struct; otherwise what the definition itself holds (an enum of objects fails there).
        return match def.get("properties") {
            Some(_) => Ok(Some((name.to_string(), false))),
            None => shape_of(root, def),
        };
    }
    if let Some(items) = sub.get("items") {
        return match shape_of(root, items)? {
            Some((_, true)) => fail(format!("{sub}: an array of arrays of objects")),
            other => Ok(other.map(|(name, _)| (name, true))),
        };
    }
    let options = sub.get("anyOf").or_else(|| sub.get("oneOf")).and_then(Value::as_array);
    let shapes: Vec<(String, bool)> = options
        .into_iter()
        .flatten()
        .map(|o| shape_of(root, o))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    match shapes.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        _ => fail(format!("{sub}: more than one object shape")),
    }
}

#[test]
fn the_committed_field_table_is_generated_from_the_schema() {
    check_generated(FIELDS_FILE, &field_table(&config_schema()).unwrap());
}

/// The fields serde skips when it reads `text` into the config, as `serde_ignored`
/// (a dev-dependency, here only) names them: what the loader's table must agree with.
fn skipped_by_serde(text: &str) -> Vec<String> {
    let mut skipped = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let _: PanelConfig = serde_ignored::deserialize(&mut de, |path| skipped.push(path.to_string())).unwrap();
    skipped.retain(|p| p != SCHEMA_KEY);
    // serde_ignored marks a step through an `Option` as `?` (`exemplarBox.?.zz`); the loader
    // names the field as the user wrote it (`exemplarBox.zz`).
    skipped.into_iter().map(|p| p.replace(".?", "")).collect()
}

/// JSON pointers to every object in `value`.
fn objects(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.to_string());
            map.iter().for_each(|(k, v)| objects(v, &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out));
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| objects(v, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn the_loader_names_a_typo_anywhere_as_serde_skips_it() {
    let schema = config_schema();
    let demo: Value = serde_json::from_str(DEMO_CONFIG_JSON).unwrap();
    let examples = schema.get("examples").and_then(Value::as_array).cloned().unwrap_or_default();
    // Every object the config has, at least once (the examples and the demo leave some out).
    let every_object = json!({
        "title": "t", "targets": [{ "expr": "up" }], "time": { "from": "now-1h" },
        "prometheus": { "url": "http://p", "headers": { "X-A": "1" } },
        "datasources": [{ "uid": "j", "type": "jaeger", "url": "http://j" }],
        "exemplarTraceIdDestinations": [{ "name": "trace_id", "datasourceUid": "j" }],
        "filters": { "labels": "" }, "exemplarBox": { "from": 1, "to": 2, "min": 0, "max": 1 },
        "scaleDistribution": { "type": "symlog", "linearThreshold": 0.5 },
        "thresholds": { "steps": [{ "color": "green", "value": null }] },
        "thresholdsStyle": { "mode": "line" }, "legend": { "calcs": ["max"] }
    });
    let (mut checked, mut reported) = (0, 0);
    let mut parents = std::collections::BTreeSet::new();
    for config in examples.iter().chain([&demo, &every_object]) {
        let mut pointers = Vec::new();
        objects(config, "", &mut pointers);
        for pointer in pointers {
            let mut typo = config.clone();
            if let Some(Value::Object(map)) = typo.pointer_mut(&pointer) {
                map.insert("zzTypo".into(), json!("x"));
            }
            let text = typo.to_string();
            let loaded = PanelConfig::from_json(&text).map(|c| c.unknown_fields);
            let skipped = skipped_by_serde(&text);
            assert_eq!(loaded, Ok(skipped.clone()), "a typo at {pointer:?}");
            checked += 1;
            reported += usize::from(!skipped.is_empty());
            parents.extend(skipped.iter().map(|p| p.trim_end_matches("zzTypo").trim_end_matches('.').to_string()));
        }
    }
    assert!(checked >= 20 && reported >= 15, "{checked} objects checked, {reported} typos reported");
    // One typo reported in each of the table's objects (array items are numbered: `targets.0`).
    let objects_reached: std::collections::BTreeSet<String> = parents
        .iter()
        .map(|p| p.split('.').filter(|s| s.parse::<usize>().is_err()).collect::<Vec<_>>().join("."))
        .collect();
    let table = field_table(&schema).unwrap();
    let in_table = table.matches("    // ").count();
    assert_eq!(objects_reached.len(), in_table, "objects with a typo reported: {objects_reached:?}");
}
