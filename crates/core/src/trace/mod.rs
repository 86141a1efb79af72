//! Traces: from a tracing backend's answer to a waterfall.
//!
//! `parse` reads the three documented API shapes (Jaeger's query API, OTLP
//! JSON as Tempo and Jaeger v2 return it, Zipkin v2) into one [`Trace`];
//! `skew` moves another service's span that does not fit in its parent into
//! it (clock skew, as Jaeger does); `layout` computes the waterfall (depth-first rows, bars, self time, the
//! critical path, collapsing, keyboard moves, the virtual window);
//! `request` says what to fetch for a datasource and what a failure means.
//!
//! Rules of the model:
//! - ids are kept as lowercase hex when they are hex or base64 (OTLP JSON),
//!   else as sent; [`same_id`] compares ids ignoring case and leading zeros,
//!   so a 64-bit Zipkin id matches its 128-bit zero-padded form;
//! - times are µs since the epoch (`start_us`), durations µs (`dur_us`), both
//!   checked: a negative duration reads as 0;
//! - a span whose parent is not in the trace (a partial trace) or that is
//!   caught in a parent cycle hangs under one synthetic "missing parent"
//!   root ([`Span::synthetic`]); its own `parent` keeps the id it named;
//! - a span id met twice keeps both spans; children attach to the first
//!   (counted in [`Trace::duplicate_ids`]);
//! - attributes and events are text, shown as text, never as HTML.

#[cfg(test)]
mod fixtures_tests;
pub mod layout;
pub mod parse;
pub mod request;
pub mod skew;
pub mod view;

/// One span, whatever shape it came in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    /// Its id (lowercase hex when the backend sent hex or base64).
    pub id: String,
    /// Its parent's id, as sent (normalised like `id`); `None` for a root.
    pub parent: Option<String>,
    /// The service (Jaeger's process, OTLP's `service.name`, Zipkin's local endpoint).
    pub service: String,
    /// The operation name.
    pub name: String,
    /// `server`, `client`, … (lowercase), or empty.
    pub kind: String,
    /// Start, µs since the epoch.
    pub start_us: i64,
    /// Duration, µs (≥ 0).
    pub dur_us: i64,
    /// Tags / attributes, in the order sent.
    pub attributes: Vec<(String, String)>,
    /// Logs / events / annotations.
    pub events: Vec<SpanEvent>,
    /// Whether the span failed (an error status or `error` tag).
    pub error: bool,
    /// The status message, when one was sent.
    pub status_message: String,
    /// The synthetic "missing parent" root (not from the backend).
    pub synthetic: bool,
    /// How far clock-skew adjustment moved it, µs ([`skew`]); 0: not moved.
    pub skew_us: i64,
}

impl Span {
    /// End, µs since the epoch (saturating).
    pub fn end_us(&self) -> i64 {
        self.start_us.saturating_add(self.dur_us)
    }
}

/// A point-in-time event inside a span.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpanEvent {
    /// When, µs since the epoch.
    pub t_us: i64,
    /// Its name (Jaeger's `event` field, Zipkin's annotation value).
    pub name: String,
    /// Its other fields.
    pub attributes: Vec<(String, String)>,
}

/// A whole trace.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trace {
    /// The trace id as the backend sent it (normalised).
    pub trace_id: String,
    /// The spans in the order sent, then the synthetic root when there is one.
    pub spans: Vec<Span>,
    /// Each span's parent, by index: `None` for a root (the synthetic one included).
    pub parents: Vec<Option<usize>>,
    /// How many spans repeated an id already seen.
    pub duplicate_ids: usize,
    /// Warnings the backend sent (Jaeger's `warnings`), and skipped entries.
    pub warnings: Vec<String>,
}

impl Trace {
    /// Links `spans` into a tree: parents by id (the first span of an id),
    /// orphans and cycles under a synthetic "missing parent" root.
    pub fn new(trace_id: String, mut spans: Vec<Span>, warnings: Vec<String>) -> Self {
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(spans.len());
        let mut duplicate_ids = 0;
        for (i, s) in spans.iter().enumerate() {
            if index.contains_key(s.id.as_str()) {
                duplicate_ids += 1;
            } else {
                index.insert(s.id.as_str(), i);
            }
        }
        let mut parents: Vec<Option<usize>> = spans
            .iter()
            .enumerate()
            .map(|(i, s)| s.parent.as_deref().and_then(|p| index.get(p).copied()).filter(|p| *p != i))
            .collect();
        let mut orphan: Vec<bool> = spans
            .iter()
            .zip(&parents)
            .map(|(s, p)| s.parent.as_deref().is_some_and(|id| !id.is_empty()) && p.is_none())
            .collect();
        drop(index);
        break_cycles(&mut parents, &mut orphan);
        let orphans: Vec<usize> = (0..spans.len()).filter(|i| orphan.get(*i) == Some(&true)).collect();
        if !orphans.is_empty() {
            let start_us = orphans.iter().filter_map(|i| spans.get(*i)).map(|s| s.start_us).min().unwrap_or(0);
            let end_us = orphans.iter().filter_map(|i| spans.get(*i)).map(Span::end_us).max().unwrap_or(start_us);
            let root = spans.len();
            spans.push(Span {
                id: String::new(),
                name: MISSING_PARENT.into(),
                start_us,
                dur_us: end_us.saturating_sub(start_us).max(0),
                synthetic: true,
                ..Span::default()
            });
            parents.push(None);
            for i in orphans {
                if let Some(p) = parents.get_mut(i) {
                    *p = Some(root);
                }
            }
        }
        let mut trace = Self { trace_id, spans, parents, duplicate_ids, warnings };
        skew::adjust(&mut trace);
        trace
    }

    /// Each span's children and the roots, by index, in the order sent.
    pub fn tree(&self) -> (Vec<Vec<usize>>, Vec<usize>) {
        let n = self.spans.len();
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for i in 0..n {
            match self.parents.get(i).copied().flatten() {
                Some(p) if p < n => children.get_mut(p).map_or((), |c| c.push(i)),
                _ => roots.push(i),
            }
        }
        (children, roots)
    }
}

/// Cuts every parent cycle at the span that closes it, marking it an orphan.
fn break_cycles(parents: &mut [Option<usize>], orphan: &mut [bool]) {
    // 0: not seen, 1: on the current walk, 2: reaches a root.
    let mut state = vec![0u8; parents.len()];
    let mut path = Vec::new();
    for start in 0..parents.len() {
        let mut at = Some(start);
        path.clear();
        while let Some(i) = at {
            match state.get(i).copied() {
                Some(0) => {
                    if let Some(s) = state.get_mut(i) {
                        *s = 1;
                    }
                    path.push(i);
                    at = parents.get(i).copied().flatten();
                }
                Some(1) => {
                    // `i` is on this walk: the last span walked closes the cycle.
                    if let Some(&last) = path.last() {
                        if let Some(p) = parents.get_mut(last) {
                            *p = None;
                        }
                        if let Some(o) = orphan.get_mut(last) {
                            *o = true;
                        }
                    }
                    at = None;
                }
                _ => at = None,
            }
        }
        for &i in &path {
            if let Some(s) = state.get_mut(i) {
                *s = 2;
            }
        }
    }
}

/// The synthetic root's name.
pub const MISSING_PARENT: &str = "missing parent";

/// Whether two ids are the same span or trace id: case and leading zeros
/// ignored (Jaeger may drop them; Zipkin ids may be 64-bit).
pub fn same_id(a: &str, b: &str) -> bool {
    let trim = |s: &str| s.trim().trim_start_matches('0').to_ascii_lowercase();
    !a.trim().is_empty() && trim(a) == trim(b)
}

/// An id as the model keeps it: hex lowercased; an OTLP base64 id
/// (8 or 16 bytes) as hex; anything else as sent.
pub fn normalize_id(id: &str) -> String {
    use base64::Engine;
    let id = id.trim();
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return id.to_ascii_lowercase();
    }
    match base64::engine::general_purpose::STANDARD.decode(id) {
        Ok(bytes) if matches!(bytes.len(), 8 | 16) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        _ => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hex_whatever_they_came_as_and_compare_without_padding() {
        assert_eq!(normalize_id("APBnqgupArc="), "00f067aa0ba902b7");
        assert_eq!(normalize_id("S/kvNXezTaajzpKdDg5HNg=="), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(normalize_id("4BF92F3577B34DA6"), "4bf92f3577b34da6");
        assert_eq!(normalize_id("not an id"), "not an id");
        assert!(same_id("00000000000000004bf92f3577b34da6", "4bf92f3577b34da6"));
        assert!(same_id("0x", "0x") && !same_id("", ""));
        assert!(!same_id("4bf9", "4bf8"));
    }
}
