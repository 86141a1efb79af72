//! The `detail` of the host events (`exemplar-select`, `exemplar-click`): a
//! public contract. It lives in the pure core, not beside the dispatch in the
//! wasm shell, so that the npm package's TypeScript type (`ExemplarDetail`)
//! is generated from it natively (`src/contract.rs`).

use serde::Serialize;

use crate::links::TraceLink;
use crate::prom::Labels;

/// The `detail` of the `exemplar-select` and `exemplar-click` events.
#[derive(Serialize)]
#[cfg_attr(all(test, not(target_arch = "wasm32")), derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExemplarDetail<'a> {
    /// The exemplar's labels, e.g. `trace_id`.
    pub labels: &'a Labels,
    /// The labels of the exemplar's series, as `query_exemplars` reports them.
    pub series_labels: &'a Labels,
    /// The matched series' legend name; empty when none matched.
    pub series: &'a str,
    /// The exemplar's value, in the panel's unit.
    pub value: f64,
    /// Epoch ms.
    pub timestamp: i64,
    /// CSS px relative to the plot element.
    pub x: f64,
    /// CSS px relative to the plot element.
    pub y: f64,
    /// The exemplar's trace links, as the tooltip shows them.
    pub links: &'a [TraceLink],
}
