//! The config's known fields, generated from `docs/config.schema.json` by
//! crates/core/src/contract/fields.rs: do not edit.
//! Regenerate: REGENERATE=1 cargo test -p exemplar-core contract
//! (read by `unknown.rs`).

use super::unknown::Shape::{self, Items, Leaf, Object};

/// Each object's field names and shapes; 0 is the config.
#[rustfmt::skip]
pub(super) const OBJECTS: &[&[(&str, Shape)]] = &[
    // 0: PanelConfig
    &[("$schema", Leaf), ("datasources", Items(1)), ("decimals", Leaf), ("exemplarBox", Object(2)), ("exemplarSampling", Leaf), ("exemplarTraceIdDestinations", Items(3)), ("filters", Object(4)), ("grafanaDatasources", Leaf), ("grafanaPanel", Leaf), ("hideExemplars", Leaf), ("interval", Leaf), ("legend", Object(5)), ("max", Leaf), ("maxDataPoints", Leaf), ("min", Leaf), ("prometheus", Object(6)), ("refresh", Leaf), ("scaleDistribution", Object(7)), ("scrapeInterval", Leaf), ("softMax", Leaf), ("softMin", Leaf), ("syncGroup", Leaf), ("syncTime", Leaf), ("targets", Items(8)), ("theme", Leaf), ("thresholds", Object(9)), ("thresholdsStyle", Object(10)), ("time", Object(11)), ("title", Leaf), ("toolbar", Leaf), ("unit", Leaf)],
    // 1: Datasource
    &[("apiUrl", Leaf), ("grafanaDatasourceUid", Leaf), ("grafanaUrl", Leaf), ("headers", Leaf), ("name", Leaf), ("timeout", Leaf), ("type", Leaf), ("uid", Leaf), ("url", Leaf)],
    // 2: ExemplarBox
    &[("from", Leaf), ("max", Leaf), ("min", Leaf), ("to", Leaf)],
    // 3: TraceDestination
    &[("datasourceUid", Leaf), ("name", Leaf), ("url", Leaf), ("urlDisplayLabel", Leaf)],
    // 4: FilterConfig
    &[("aboveLine", Leaf), ("labels", Leaf), ("minValue", Leaf)],
    // 5: LegendConfig
    &[("calcs", Leaf), ("displayMode", Leaf)],
    // 6: PrometheusConfig
    &[("headers", Leaf), ("method", Leaf), ("timeout", Leaf), ("url", Leaf)],
    // 7: ScaleDistribution
    &[("linearThreshold", Leaf), ("log", Leaf), ("type", Leaf)],
    // 8: Target
    &[("exemplar", Leaf), ("expr", Leaf), ("hide", Leaf), ("interval", Leaf), ("legendFormat", Leaf), ("refId", Leaf)],
    // 9: Thresholds
    &[("mode", Leaf), ("steps", Items(12))],
    // 10: ThresholdsStyle
    &[("mode", Leaf)],
    // 11: TimeConfig
    &[("from", Leaf), ("to", Leaf)],
    // 12: ThresholdStep
    &[("color", Leaf), ("value", Leaf)],
];
