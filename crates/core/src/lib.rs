//! # exemplar-core
//!
//! The pure core of exemplar-panel: every stage of the pipeline and the
//! panel's state machine, in plain Rust with no browser dependency, tested
//! natively. The wasm crate (`exemplar-panel`: the shell, the embed API and
//! the standalone page) depends on it; Cargo keeps the boundary.
//!
//! The modules read as the pipeline (`docs/architecture.md`):
//! `config → load → query → prom → model → select → render`, with `interact`
//! (frame, hit index) and `links` after the model, `trace` (the trace view's
//! core) and `doctor` (the exemplar doctor) beside them, `import` (Grafana
//! adapters) beside `config`, `edit` (the standalone page's editing logic),
//! `export` (CSV and the PNG's legend, after the frame),
//! and `time` and `text` below them all. `panel` is the state machine that
//! owns the frame: the shell gives it events and carries out its commands.
//!
//! This is the shell's API, not a stable one: hosts use `exemplar-panel`.

pub mod config;
#[cfg(test)]
mod contract;
pub mod doctor;
pub mod edit;
pub mod export;
pub mod http;
pub mod import;
pub mod interact;
pub mod links;
pub mod load;
pub mod model;
pub mod panel;
pub mod prom;
pub mod query;
pub mod render;
pub mod select;
pub mod text;
pub mod time;
pub mod trace;
