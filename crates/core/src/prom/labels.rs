//! [`Labels`]: a label set, sorted by name, packed into one string.
//!
//! Rules:
//! - Names are unique and kept in ascending order; a name given twice keeps
//!   its last value (as a JSON object read into a map does).
//! - The API is the part of `BTreeMap<String, String>` the panel uses (`get`,
//!   `iter`, `keys`, `insert`, …), read as `&str`, so the two read alike.
//! - Storage: every name and value one after the other in one `Box<str>`, and
//!   where each ends in one boxed slice: two allocations per label set,
//!   whatever its size. The fast path reads the pairs into one vector it
//!   reuses, lent from the body; other builders (serde, tests, edits) make a
//!   short-lived vector of them. Label sets are built once (parse) and read
//!   many times; `insert` and `remove` rebuild, which is fine for the few
//!   places that edit.
//! - Why not a `BTreeMap`, or a vector of string pairs: ten thousand exemplars
//!   of two or three labels were ten thousand B-tree nodes (each about half a
//!   KB), then sixty thousand small strings, allocated and freed on every
//!   refresh; reading `query_exemplars` took twice as long with the B-tree
//!   (13 ms against 6 ms natively, 10,000 exemplars), and the small strings
//!   were what fragmented the wasm memory over many refreshes
//!   (docs/performance.md, "Memory and draw").

use std::cmp::Ordering;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// A set of labels, sorted by name.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Labels {
    /// name₀ value₀ name₁ value₁ …, names ascending.
    text: Box<str>,
    /// Where each name and each value ends in `text`: (name end, value end)
    /// per label; a label starts where the one before it ends.
    ends: Box<[(usize, usize)]>,
}

impl Labels {
    /// No labels.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `i`th (name, value); `("", "")` past the end (never asked for).
    fn pair(&self, i: usize) -> (&str, &str) {
        let Some(&(name_end, value_end)) = self.ends.get(i) else { return ("", "") };
        let start = i.checked_sub(1).and_then(|p| self.ends.get(p)).map_or(0, |&(_, end)| end);
        (self.text.get(start..name_end).unwrap_or(""), self.text.get(name_end..value_end).unwrap_or(""))
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.pair(mid).0.cmp(name) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.find(name).ok().map(|i| self.pair(i).1)
    }

    /// Whether `name` is set.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name` to `value`; returns the value it replaced.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        let old = self.get(&name).map(str::to_owned);
        let mut pairs: Vec<(&str, &str)> = self.iter().filter(|(n, _)| *n != name).collect();
        pairs.push((&name, &value));
        *self = Self::from_pairs(&mut pairs);
        old
    }

    /// Removes `name`; returns its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let old = self.get(name).map(str::to_owned)?;
        *self = Self::from_pairs(&mut self.iter().filter(|(n, _)| *n != name).collect::<Vec<_>>());
        Some(old)
    }

    /// (name, value) pairs, by name.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &str)> + ExactSizeIterator {
        (0..self.len()).map(|i| self.pair(i))
    }

    /// The names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.iter().map(|(n, _)| n)
    }

    /// The values, in the order of their names.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.iter().map(|(_, v)| v)
    }

    /// How many labels.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// From pairs in any order, sorted in place; a repeated name keeps its last
    /// value. Generic over the string type so a caller can lend what it holds
    /// (the fast path's `Cow`s, borrowed from the body) without a copy.
    pub(crate) fn from_pairs<S: AsRef<str>>(pairs: &mut [(S, S)]) -> Self {
        if !pairs.windows(2).all(|w| matches!(w, [a, b] if a.0.as_ref() < b.0.as_ref())) {
            pairs.reverse(); // the stable sort then puts the last of equal names first
            pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        }
        // Equal names now sit together, the one to keep first: the others are skipped.
        let kept = || {
            let mut before: Option<&str> = None;
            pairs.iter().map(|(n, v)| (n.as_ref(), v.as_ref())).filter(move |(n, _)| before.replace(n) != Some(n))
        };
        let (count, total) = kept().fold((0usize, 0usize), |(c, t), (n, v)| {
            (c.saturating_add(1), t.saturating_add(n.len()).saturating_add(v.len()))
        });
        let mut text = String::with_capacity(total);
        let mut ends = Vec::with_capacity(count);
        for (n, v) in kept() {
            text.push_str(n);
            let name_end = text.len();
            text.push_str(v);
            ends.push((name_end, text.len()));
        }
        Self { text: text.into_boxed_str(), ends: ends.into_boxed_slice() }
    }
}

impl fmt::Debug for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// By (name, value) pairs in name order, as a sorted map of the same pairs orders.
impl Ord for Labels {
    fn cmp(&self, other: &Self) -> Ordering {
        self.iter().cmp(other.iter())
    }
}

impl PartialOrd for Labels {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromIterator<(String, String)> for Labels {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let owned: Vec<(String, String)> = iter.into_iter().collect();
        Self::from_pairs(&mut owned.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect::<Vec<_>>())
    }
}

impl<const N: usize> From<[(String, String); N]> for Labels {
    fn from(pairs: [(String, String); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// The pairs as owned strings (for views that keep them).
impl IntoIterator for Labels {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect::<Vec<_>>().into_iter()
    }
}

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (n, v) in self.iter() {
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
        Ok(pairs.into_iter().collect())
    }
}

/// In the generated JSON Schema and TypeScript types, the same as a map of strings.
#[cfg(feature = "schema")]
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
        assert_eq!(labels.keys().collect::<Vec<_>>(), ["a", "m", "z"]);
        assert_eq!(labels.get("a"), Some("4"), "the last of a repeated name");
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

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Packed into one string, a label set still answers as a sorted map
        /// of the same pairs does, through any run of inserts and removes.
        #[test]
        fn it_answers_as_a_map_does(
            pairs in proptest::collection::vec(("[a-c]{0,2}", "[x-zé]{0,3}"), 0..8),
            edits in proptest::collection::vec(("[a-c]{0,2}", proptest::option::of("[x-z]{0,2}")), 0..8),
        ) {
            let mut labels: Labels = pairs.iter().cloned().collect();
            let mut map: std::collections::BTreeMap<String, String> = pairs.into_iter().collect();
            for (name, value) in edits {
                match value {
                    Some(v) => proptest::prop_assert_eq!(labels.insert(name.clone(), v.clone()), map.insert(name, v)),
                    None => proptest::prop_assert_eq!(labels.remove(&name), map.remove(&name)),
                }
                let want: Vec<(&str, &str)> = map.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                proptest::prop_assert_eq!(labels.iter().collect::<Vec<_>>(), want.clone());
                proptest::prop_assert_eq!(labels.iter().rev().count(), want.len());
                for (n, v) in &want {
                    proptest::prop_assert_eq!(labels.get(n), Some(*v));
                }
                proptest::prop_assert_eq!(labels.get("q"), None);
                let rebuilt: Labels = map.clone().into_iter().collect();
                proptest::prop_assert_eq!(&labels, &rebuilt);
            }
        }
    }

    #[test]
    fn a_label_set_must_be_an_object_of_strings() {
        assert!(serde_json::from_str::<Labels>(r#"["a"]"#).is_err());
        assert!(serde_json::from_str::<Labels>(r#"{"a": 1}"#).is_err());
    }
}
