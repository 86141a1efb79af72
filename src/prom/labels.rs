//! [`Labels`]: a label set, sorted by name, as one small vector.
//!
//! Rules:
//! - Names are unique and kept in ascending order; a name given twice keeps
//!   its last value (as a JSON object read into a map does).
//! - The API is the part of `BTreeMap<String, String>` the panel uses (`get`,
//!   `iter`, `keys`, `insert`, …), so the two read alike.
//! - Why not a `BTreeMap`: an exemplar carries two or three labels, and ten
//!   thousand exemplars were ten thousand B-tree nodes (each about half a KB)
//!   in wasm's allocator; reading `query_exemplars` took about twice as long
//!   with them (measured natively on the benchmark's 10,000 exemplars: 13 ms
//!   with a `BTreeMap`, 6 ms with this).

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// A set of labels, sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Labels(Vec<(String, String)>);

impl Labels {
    /// No labels.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.find(name).ok().and_then(|i| self.0.get(i)).map(|(_, v)| v)
    }

    /// Whether `name` is set.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name` to `value`; returns the value it replaced.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        match self.find(&name) {
            Ok(i) => self.0.get_mut(i).map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes `name`; returns its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        self.find(name).ok().map(|i| self.0.remove(i).1)
    }

    /// (name, value) pairs, by name.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &String)> + ExactSizeIterator {
        self.0.iter().map(|(n, v)| (n, v))
    }

    /// The names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(n, _)| n)
    }

    /// The values, in the order of their names.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    /// How many labels.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// From pairs in any order; a repeated name keeps its last value.
    fn from_pairs(mut pairs: Vec<(String, String)>) -> Self {
        if !pairs.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)) {
            pairs.reverse(); // the stable sort then keeps the last of equal names first
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            pairs.dedup_by(|later, first| later.0 == first.0);
        }
        Self(pairs)
    }
}

impl FromIterator<(String, String)> for Labels {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        Self::from_pairs(iter.into_iter().collect())
    }
}

impl<const N: usize> From<[(String, String); N]> for Labels {
    fn from(pairs: [(String, String); N]) -> Self {
        Self::from_pairs(pairs.into())
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = (&'a String, &'a String);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, String)>, fn(&'a (String, String)) -> (&'a String, &'a String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, v)| (n, v))
    }
}

impl IntoIterator for Labels {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (n, v) in &self.0 {
            map.serialize_entry(n, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(LabelsVisitor)
    }
}

struct LabelsVisitor;

impl<'de> Visitor<'de> for LabelsVisitor {
    type Value = Labels;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of label names and values")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Labels, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(pair) = map.next_entry::<String, String>()? {
            pairs.push(pair);
        }
        Ok(Labels::from_pairs(pairs))
    }
}

/// In the generated JSON Schema and TypeScript types, the same as a map of strings.
#[cfg(all(test, not(target_arch = "wasm32")))]
impl schemars::JsonSchema for Labels {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Labels".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <std::collections::BTreeMap<String, String> as schemars::JsonSchema>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn names_are_sorted_and_unique_the_last_value_winning() {
        let labels: Labels = serde_json::from_str(r#"{"z": "1", "a": "2", "m": "3", "a": "4"}"#).unwrap();
        assert_eq!(labels.keys().map(String::as_str).collect::<Vec<_>>(), ["a", "m", "z"]);
        assert_eq!(labels.get("a").map(String::as_str), Some("4"), "the last of a repeated name");
        assert_eq!(serde_json::to_string(&labels).unwrap(), r#"{"a":"4","m":"3","z":"1"}"#);
        assert_eq!(l(&[("b", "1"), ("a", "2"), ("b", "3")]), l(&[("a", "2"), ("b", "3")]));
    }

    #[test]
    fn it_reads_like_a_btreemap() {
        let mut labels = l(&[("route", "/a"), ("le", "0.5")]);
        assert_eq!(labels.insert("job".into(), "x".into()), None);
        assert_eq!(labels.insert("le".into(), "1".into()), Some("0.5".into()));
        assert!(labels.contains_key("job") && !labels.contains_key("nope"));
        assert_eq!(labels.remove("job"), Some("x".into()));
        let as_map: std::collections::BTreeMap<_, _> = labels.iter().collect();
        assert_eq!(as_map.into_iter().collect::<Vec<_>>(), labels.iter().collect::<Vec<_>>());
        assert_eq!((labels.len(), labels.is_empty(), Labels::new().is_empty()), (2, false, true));
    }

    #[test]
    fn a_label_set_must_be_an_object_of_strings() {
        assert!(serde_json::from_str::<Labels>(r#"["a"]"#).is_err());
        assert!(serde_json::from_str::<Labels>(r#"{"a": 1}"#).is_err());
    }
}
