//! How values are shown, in Grafana's shapes (a time series panel's
//! `fieldConfig.defaults` and `options.legend`): thresholds and how they are
//! drawn, and the legend's values.

use serde::{Deserialize, Serialize};

/// Grafana's `fieldConfig.defaults.thresholds`: steps of colour by value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Thresholds {
    /// `absolute`: the steps are values; `percentage`: percents of the value axis's range.
    pub mode: ThresholdsMode,
    /// The steps, lowest first; the first one's `value` is `null` (the base: everything below the next).
    pub steps: Vec<ThresholdStep>,
}

impl Thresholds {
    /// No steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// How threshold values are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ThresholdsMode {
    /// Values in the panel's unit.
    #[default]
    Absolute,
    /// Percents (0–100) of the value axis's range.
    Percentage,
}

/// One threshold step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ThresholdStep {
    /// A Grafana colour: a name (`green`, `semi-dark-red`, …), `#rrggbb` or `#rgb`.
    pub color: String,
    /// Where the step starts; `null` for the base step.
    pub value: Option<f64>,
}

/// Grafana's `fieldConfig.defaults.custom.thresholdsStyle`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ThresholdsStyle {
    /// `off` (default), `line` or `area`.
    pub mode: ThresholdsStyleMode,
}

impl ThresholdsStyle {
    /// Not drawn.
    pub fn is_off(&self) -> bool {
        self.mode == ThresholdsStyleMode::Off
    }
}

/// How thresholds are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ThresholdsStyleMode {
    /// Not drawn.
    #[default]
    #[serde(rename = "off")]
    Off,
    /// A line at each threshold, in its colour.
    #[serde(rename = "line")]
    Line,
    /// Each step's band, faintly filled with its colour.
    #[serde(rename = "area")]
    Area,
    /// Both.
    #[serde(rename = "line+area")]
    LineAndArea,
}

/// Grafana's `options.legend`: how the legend shows, and which values it computes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct LegendConfig {
    /// `list` (default: buttons in a row) or `table` (a row per series, a column per value).
    pub display_mode: LegendDisplayMode,
    /// Values computed over the shown range, in this order: `min`, `max`, `mean`, `last`, `lastNotNull`.
    pub calcs: Vec<LegendCalc>,
}

impl LegendConfig {
    /// A list, without values.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// How the legend is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum LegendDisplayMode {
    /// Buttons in a row, each value after the name.
    #[default]
    List,
    /// A table: a row per series, a column per value.
    Table,
}

/// A value the legend computes over the shown range (Grafana's reducer ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LegendCalc {
    /// The least value (NaN left out).
    #[serde(rename = "min")]
    Min,
    /// The greatest value (NaN left out).
    #[serde(rename = "max")]
    Max,
    /// The mean of the values (NaN left out).
    #[serde(rename = "mean")]
    Mean,
    /// The last sample's value, whatever it is.
    #[serde(rename = "last")]
    Last,
    /// The last value that is not NaN.
    #[serde(rename = "lastNotNull")]
    LastNotNull,
}

impl LegendCalc {
    /// Grafana's id (the legend table's column and `data-calc`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Min => "min",
            Self::Max => "max",
            Self::Mean => "mean",
            Self::Last => "last",
            Self::LastNotNull => "lastNotNull",
        }
    }

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::Min => "Min",
            Self::Max => "Max",
            Self::Mean => "Mean",
            Self::Last => "Last",
            Self::LastNotNull => "Last *",
        }
    }

    /// Grafana's reducer id, as a panel's `options.legend.calcs` names it.
    pub fn of_grafana(id: &str) -> Option<Self> {
        Some(match id {
            "min" => Self::Min,
            "max" => Self::Max,
            "mean" => Self::Mean,
            "last" => Self::Last,
            "lastNotNull" => Self::LastNotNull,
            _ => return None,
        })
    }
}
