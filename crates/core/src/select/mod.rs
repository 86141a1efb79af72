//! Which exemplars are shown, and in what order: the viewer's filters, the
//! samplers (our outliers, Grafana's σ-sampler, all), and the table's order.
//!
//! Rules: selection never changes the model; it returns indices into
//! `model.exemplars`. NaN values never pass a value filter.

pub mod filter;
pub mod sample;
