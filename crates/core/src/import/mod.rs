//! Grafana adapters: a datasources provisioning file and a dashboard panel,
//! each turned into pieces of config.
//!
//! Rules: an adapter fills only what the config leaves open (an explicit
//! field always wins), reports what it filled as one line each, and lists
//! what it saw but does not use. The config layer never calls an adapter;
//! the one loader ([`crate::load`]) runs them.

pub mod panel;
pub mod provisioning;
