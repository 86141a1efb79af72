//! The config's unknown fields, named by path (`titel`, `prometheus.timout`,
//! `targets.0.legend`), in the order the text gives them.
//!
//! Rules:
//! - What is known is the config's JSON Schema (`docs/config.schema.json`),
//!   as the table in `fields.rs`, which `src/contract.rs` generates from it
//!   and keeps in step (a test fails when they drift): one source for the
//!   editor's squiggles, the TypeScript types and these warnings.
//! - A field the table does not know is listed and its value not walked; a
//!   map of free keys (`headers`) and any other value are not walked.
//! - This runs after serde has read the same text into the config, so a value
//!   of an unexpected type is skipped, not reported (serde has reported it);
//!   and any error here only ends the walk: warnings are never fatal.
//! - Why not `serde_ignored`, which wraps the config's own deserialization and
//!   needs no table: it doubled that code in the wasm (45 KB of 955 before
//!   wasm-opt, 7.6 KB gzip), for a list the schema already holds.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::fields::OBJECTS;

/// What a known field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A value whose keys, if any, are free (a string, an enum, `headers`, `grafanaPanel`).
    Leaf,
    /// An object of the fields of `OBJECTS[i]`.
    Object(usize),
    /// An array of such objects.
    Items(usize),
}

/// The unknown fields of a config `text` that serde has read without error.
pub(super) fn unknown_fields(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    // An error only ends the walk (see the rules): what was found stays.
    let _ = Walk { shape: Shape::Object(0), path: "", out: &mut out }.deserialize(&mut de);
    out
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// A value of `shape` at `path`.
struct Walk<'a> {
    shape: Shape,
    path: &'a str,
    out: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a config value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fields = match self.shape {
            Shape::Object(object) => OBJECTS.get(object).copied(),
            Shape::Leaf | Shape::Items(_) => None,
        };
        while let Some(name) = map.next_key::<String>()? {
            let Some(fields) = fields else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let path = join(self.path, &name);
            match fields.iter().find(|(known, _)| *known == name) {
                Some(&(_, shape)) => map.next_value_seed(Walk { shape, path: &path, out: self.out })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                    self.out.push(path);
                }
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Shape::Items(object) = self.shape else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let mut i = 0usize;
        loop {
            let path = join(self.path, &i.to_string());
            if seq.next_element_seed(Walk { shape: Shape::Object(object), path: &path, out: self.out })?.is_none() {
                return Ok(());
            }
            i = i.saturating_add(1);
        }
    }
    // Anything else (null for an optional object, or a type serde has refused) is not walked.
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_named_by_path_in_text_order() {
        let text = r#"{"titel":"x","prometheus":{"timout":"5s","headers":{"X-Any":"1"}},
            "targets":[{"expr":"up"},{"expr":"up","legend":"{{a}}"}],"grafanaPanel":{"anything":1},
            "datasources":[{"uid":"j","type":"jaeger","zz":true}],"$schema":"./config.schema.json"}"#;
        assert_eq!(
            unknown_fields(text),
            ["titel", "prometheus.timout", "targets.1.legend", "datasources.0.zz"],
            "free maps (headers, grafanaPanel) and the top-level $schema are not unknown"
        );
    }

    #[test]
    fn odd_values_end_nothing_badly() {
        assert_eq!(unknown_fields(r#"{"prometheus":null,"targets":null,"time":"x","zz":1}"#), ["zz"]);
        assert_eq!(unknown_fields(r#"{"targets":[1,"x",null,{"q":1}]}"#), ["targets.3.q"]);
        assert_eq!(unknown_fields(r#"{"zz":1,"prometheus":{"#), ["zz"], "a cut text keeps what was found");
        assert!(unknown_fields("[]").is_empty() && unknown_fields("").is_empty());
    }
}
