//! The config's known fields, generated from `docs/config.schema.json` by
//! crates/core/src/contract/fields.rs: do not edit.
//! Regenerate: REGENERATE=1 cargo test -p exemplar-core contract
//! (read by `unknown.rs`).

use super::unknown::Shape::{self, Items, Leaf, Object};

/// Each object's field names and shapes; 0 is the config.
#[rustfmt::skip]
pub(super) const OBJECTS: &[&[(&str, Shape)]] = &[
    // 0: PanelConfig
    &[("$schema", Leaf), ("datasources", Items(1)), ("exemplarBox", Object(2)), ("exemplarSampling", Leaf), ("exemplarTraceIdDestinations", Items(3)), ("filters", Object(4)), ("grafanaDatasources", Leaf), ("grafanaPanel", Leaf), ("hideExemplars", Leaf), ("interval", Leaf), ("maxDataPoints", Leaf), ("prometheus", Object(5)), ("refresh", Leaf), ("scaleDistribution", Object(6)), ("scrapeInterval", Leaf), ("syncGroup", Leaf), ("syncTime", Leaf), ("targets", Items(7)), ("theme", Leaf), ("time", Object(8)), ("title", Leaf), ("toolbar", Leaf), ("unit", Leaf)],
    // 1: Datasource
    &[("apiUrl", Leaf), ("grafanaDatasourceUid", Leaf), ("grafanaUrl", Leaf), ("headers", Leaf), ("name", Leaf), ("timeout", Leaf), ("type", Leaf), ("uid", Leaf), ("url", Leaf)],
    // 2: ExemplarBox
    &[("from", Leaf), ("max", Leaf), ("min", Leaf), ("to", Leaf)],
    // 3: TraceDestination
    &[("datasourceUid", Leaf), ("name", Leaf), ("url", Leaf), ("urlDisplayLabel", Leaf)],
    // 4: FilterConfig
    &[("aboveLine", Leaf), ("labels", Leaf), ("minValue", Leaf)],
    // 5: PrometheusConfig
    &[("headers", Leaf), ("method", Leaf), ("timeout", Leaf), ("url", Leaf)],
    // 6: ScaleDistribution
    &[("linearThreshold", Leaf), ("log", Leaf), ("type", Leaf)],
    // 7: Target
    &[("exemplar", Leaf), ("expr", Leaf), ("hide", Leaf), ("interval", Leaf), ("legendFormat", Leaf), ("refId", Leaf)],
    // 8: TimeConfig
    &[("from", Leaf), ("to", Leaf)],
];
