//! The package's TypeScript types (`npm/types.d.ts`), written from the
//! schemas: each root by its `title`, then its `$defs`; an object of named
//! fields is an interface (a field with a default is optional), an enum of
//! strings a union, with their docs as JSDoc.

use serde_json::{Map, Value};

use super::{check_generated, config_schema, fail, host_schemas, Mismatch};

const TYPES_FILE: &str = "npm/types.d.ts";

/// Keywords that describe and do not constrain.
const ANNOTATIONS: &[&str] = &["$schema", "$defs", "title", "description", "default", "examples", "format"];

const TYPES_HEADER: &str = "\
// exemplar-panel's config and event types, generated from the Rust types
// (crates/core: config/, panel/host.rs, trace/view.rs, doctor/) by
// crates/core/src/contract/typescript.rs: do not edit.
// Regenerate: REGENERATE=1 cargo test -p exemplar-core contract
";

/// The TypeScript declarations of `schemas` (each root by its `title`, then its `$defs`).
fn typescript(schemas: &[&Value]) -> Result<String, Mismatch> {
    let mut out = String::from(TYPES_HEADER);
    let mut declared = Map::new();
    for schema in schemas {
        let name = schema.get("title").and_then(Value::as_str).ok_or("a root schema has no title")?;
        let defs = schema.get("$defs").and_then(Value::as_object).into_iter().flatten();
        for (name, decl) in std::iter::once((name, *schema)).chain(defs.map(|(n, d)| (n.as_str(), d))) {
            // A root and the same type among another root's `$defs` differ only in
            // the root's own keywords.
            let mut bare = decl.clone();
            if let Some(map) = bare.as_object_mut() {
                for root_only in ["$schema", "$defs", "title"] {
                    map.remove(root_only);
                }
            }
            match declared.get(name) {
                Some(before) if *before == bare => continue,
                Some(_) => return fail(format!("two different types are called {name}")),
                None => {}
            }
            declared.insert(name.into(), bare);
            out.push('\n');
            out.push_str(&declaration(name, decl)?);
        }
    }
    Ok(out)
}

fn declaration(name: &str, schema: &Value) -> Result<String, Mismatch> {
    let mut doc = description(schema);
    if let Some(Value::Object(properties)) = schema.get("properties") {
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let mut out = jsdoc(&doc, "");
        out.push_str(&format!("export interface {name} {{\n"));
        for (field, sub) in properties {
            let mut field_doc = description(sub);
            if let Some(default) = sub.get("default") {
                field_doc.push(format!("@default {default}"));
            }
            out.push_str(&jsdoc(&field_doc, "  "));
            let optional = if required.contains(&field.as_str()) { "" } else { "?" };
            out.push_str(&format!("  {}{optional}: {};\n", property_name(field), ts_type(sub)?));
        }
        out.push_str("}\n");
        return Ok(out);
    }
    let variants: Vec<String> = schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| Some(format!("- `{}`: {}", v.get("const")?, v.get("description")?.as_str()?)))
        .collect();
    if !variants.is_empty() {
        doc.push(variants.join("\n"));
    }
    Ok(format!("{}export type {name} = {};\n", jsdoc(&doc, ""), ts_type(schema)?))
}

fn description(schema: &Value) -> Vec<String> {
    schema.get("description").and_then(Value::as_str).map(|d| vec![d.to_string()]).unwrap_or_default()
}

/// A JSDoc comment of `paragraphs`, indented by `indent`.
fn jsdoc(paragraphs: &[String], indent: &str) -> String {
    if paragraphs.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{indent} *\n"));
        }
        for line in paragraph.replace("*/", "*\\/").split('\n') {
            if line.is_empty() {
                out.push_str(&format!("{indent} *\n"));
            } else {
                out.push_str(&format!("{indent} * {line}\n"));
            }
        }
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

fn property_name(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_string()
    } else {
        Value::String(name.into()).to_string()
    }
}

/// The TypeScript type of a (sub)schema.
fn ts_type(schema: &Value) -> Result<String, Mismatch> {
    let map = match schema {
        Value::Bool(true) => return Ok("unknown".into()),
        Value::Object(map) => map,
        other => return fail(format!("no TypeScript for the schema {other}")),
    };
    for keyword in map.keys() {
        let known = ["$ref", "const", "enum", "oneOf", "anyOf", "type", "items", "properties", "required"]
            .contains(&keyword.as_str())
            || ["additionalProperties", "minimum", "maximum", "exclusiveMinimum", "pattern"]
                .contains(&keyword.as_str())
            || ANNOTATIONS.contains(&keyword.as_str());
        if !known {
            return fail(format!("the schema keyword `{keyword}` is not known to contract/typescript.rs"));
        }
    }
    if let Some(reference) = map.get("$ref") {
        let name = reference.as_str().and_then(|r| r.strip_prefix("#/$defs/"));
        return name.map(str::to_string).ok_or_else(|| Mismatch(format!("unknown $ref {reference}")));
    }
    if let Some(value) = map.get("const") {
        return Ok(value.to_string());
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        return Ok(values.iter().map(Value::to_string).collect::<Vec<_>>().join(" | "));
    }
    if let Some(Value::Array(options)) = map.get("oneOf").or_else(|| map.get("anyOf")) {
        return union(options.iter().map(ts_type));
    }
    if let Some(pattern) = map.get("pattern") {
        return prefixes(pattern);
    }
    let types: Vec<&str> = match map.get("type") {
        None => return Ok("unknown".into()),
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        Some(other) => return fail(format!("bad type {other}")),
    };
    union(types.into_iter().map(|t| match t {
        "string" | "boolean" | "null" => Ok(t.to_string()),
        "integer" | "number" => Ok("number".into()),
        "array" => {
            let item = map.get("items").map(ts_type).transpose()?.unwrap_or_else(|| "unknown".into());
            Ok(if item.contains(' ') { format!("({item})[]") } else { format!("{item}[]") })
        }
        "object" if map.contains_key("properties") => fail("an inline object type: give it a name"),
        "object" => match map.get("additionalProperties") {
            Some(Value::Bool(false)) => Ok("Record<string, never>".into()),
            Some(sub @ Value::Object(_)) => Ok(format!("Record<string, {}>", ts_type(sub)?)),
            _ => Ok("Record<string, unknown>".into()),
        },
        other => fail(format!("no TypeScript for the type {other}")),
    }))
}

/// A string pattern as TypeScript: `^(suffix|prefix):` is
/// `` `suffix:${string}` | `prefix:${string}` ``; no other pattern is known.
fn prefixes(pattern: &Value) -> Result<String, Mismatch> {
    let alternatives = pattern
        .as_str()
        .and_then(|p| p.strip_prefix("^(")?.strip_suffix("):"))
        .ok_or_else(|| Mismatch(format!("the pattern {pattern} has no TypeScript here")))?;
    Ok(alternatives.split('|').map(|a| format!("`{a}:${{string}}`")).collect::<Vec<_>>().join(" | "))
}

fn union(parts: impl Iterator<Item = Result<String, Mismatch>>) -> Result<String, Mismatch> {
    let mut out: Vec<String> = Vec::new();
    for part in parts {
        let part = part?;
        if !out.contains(&part) {
            out.push(part);
        }
    }
    Ok(out.join(" | "))
}

/// The schemas the package's types come from: the config's, then the hosts'.
fn all_schemas() -> Vec<Value> {
    let mut all = vec![config_schema()];
    all.extend(host_schemas());
    all
}

#[test]
fn the_committed_types_are_generated_from_the_types() {
    let schemas = all_schemas();
    let text = typescript(&schemas.iter().collect::<Vec<_>>()).unwrap();
    check_generated(TYPES_FILE, &text);
}

#[test]
fn the_types_say_what_is_optional() {
    let schemas = all_schemas();
    let types = typescript(&schemas.iter().collect::<Vec<_>>()).unwrap();
    for line in ["  expr: string;", "  title?: string;", "  maxDataPoints?: number | null;", "  links: TraceLink[];"] {
        assert!(types.lines().any(|l| l == line), "{line}");
    }
    assert!(types.contains("export type HttpMethod = \"POST\" | \"GET\";"));
    assert!(types.contains("  headers?: Record<string, string>;"));
    assert!(types.contains("  grafanaPanel?: unknown;"));
    assert!(types.contains("@default \"15s\""));
}
