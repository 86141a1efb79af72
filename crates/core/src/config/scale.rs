//! The y axis's scale, in Grafana's field-config shape
//! (`fieldConfig.defaults.custom.scaleDistribution`): `{"type": "linear"}`,
//! `{"type": "log", "log": 10}`, `{"type": "log", "log": 2}`, or
//! `{"type": "symlog", "log": 10, "linearThreshold": 1}`.
//!
//! Parsed at the edge: a base other than 2 or 10, or a linear threshold that
//! is not a positive number, is a syntax error of the config (serde), so
//! nothing downstream checks it again. [`YScale`] is the typed form the
//! layout uses.

use serde::{Deserialize, Serialize};

/// `linear` or `log`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ScaleType {
    /// Values map linearly to height (the default).
    #[default]
    Linear,
    /// Values map to height by their logarithm: latencies from 1 ms to 10 s share one axis.
    Log,
    /// Symmetric log: logarithmic away from zero, linear near it (within
    /// `linearThreshold`), so zeros and negative values have a place too.
    Symlog,
}

/// The base of a log scale: 2 or 10, as Grafana offers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum LogBase {
    /// Base 2 (Grafana's default when a scale is switched to log).
    #[default]
    Two,
    /// Base 10: a tick per decade (1 ms, 10 ms, 100 ms, 1 s).
    Ten,
}

/// A log base that is neither 2 nor 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("`scaleDistribution.log` must be 2 or 10, got {0}")]
pub struct BadLogBase(pub u32);

impl TryFrom<u32> for LogBase {
    type Error = BadLogBase;
    fn try_from(n: u32) -> Result<Self, BadLogBase> {
        match n {
            2 => Ok(Self::Two),
            10 => Ok(Self::Ten),
            other => Err(BadLogBase(other)),
        }
    }
}

impl From<LogBase> for u32 {
    fn from(base: LogBase) -> u32 {
        match base {
            LogBase::Two => 2,
            LogBase::Ten => 10,
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for LogBase {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LogBase".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "The log scale's base: 2 or 10.", "enum": [2, 10] })
    }
}

/// A symlog scale's linear threshold: a positive, finite number (default 1,
/// as uPlot's asinh scale, which Grafana's symlog is, takes it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Threshold(f64);

impl Threshold {
    /// The threshold, > 0 and finite.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self(1.0)
    }
}

/// Never NaN (refused at the edge), so equality is total.
impl Eq for Threshold {}

/// A linear threshold that is not a positive, finite number.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("`scaleDistribution.linearThreshold` must be a number above 0, got {0}")]
pub struct BadThreshold(pub f64);

impl TryFrom<f64> for Threshold {
    type Error = BadThreshold;
    fn try_from(v: f64) -> Result<Self, BadThreshold> {
        if v.is_finite() && v > 0.0 {
            Ok(Self(v))
        } else {
            Err(BadThreshold(v))
        }
    }
}

impl From<Threshold> for f64 {
    fn from(t: Threshold) -> f64 {
        t.0
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Threshold {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Threshold".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A symlog scale's linear threshold: values within ± it are drawn linearly.",
            "type": "number",
            "exclusiveMinimum": 0
        })
    }
}

/// Grafana's `scaleDistribution`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ScaleDistribution {
    /// `linear` (default), `log` or `symlog`.
    #[serde(rename = "type")]
    pub kind: ScaleType,
    /// The base of a log or symlog scale, 2 (default) or 10; ignored by `linear`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<LogBase>,
    /// For `symlog`: values within ± this are drawn linearly (default 1); ignored otherwise.
    #[serde(rename = "linearThreshold", skip_serializing_if = "Option::is_none")]
    pub linear_threshold: Option<Threshold>,
}

impl ScaleDistribution {
    /// Whether this is the default (linear): the config then leaves it out.
    pub fn is_linear(&self) -> bool {
        self.kind == ScaleType::Linear
    }

    /// The typed scale.
    pub fn y_scale(&self) -> YScale {
        match self.kind {
            ScaleType::Linear => YScale::Linear,
            ScaleType::Log => YScale::Log(self.log.unwrap_or_default()),
            ScaleType::Symlog => {
                YScale::Symlog(self.log.unwrap_or_default(), self.linear_threshold.unwrap_or_default())
            }
        }
    }

    /// The config form of a typed scale.
    pub fn of(scale: YScale) -> Self {
        match scale {
            YScale::Linear => Self::default(),
            YScale::Log(base) => Self { kind: ScaleType::Log, log: Some(base), linear_threshold: None },
            YScale::Symlog(base, threshold) => {
                Self { kind: ScaleType::Symlog, log: Some(base), linear_threshold: Some(threshold) }
            }
        }
    }
}

/// How values map to height.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum YScale {
    /// Linearly, from 0 (or the lowest value, if negative).
    #[default]
    Linear,
    /// By their logarithm in this base. Values ≤ 0 have no place on it: lines
    /// break there (a gap), exemplars are clamped to the bottom edge, hollow.
    Log(LogBase),
    /// By `asinh(value / threshold)`: linear within ± the threshold, then
    /// logarithmic, both signs; ticks at the powers of the base.
    Symlog(LogBase, Threshold),
}

impl YScale {
    /// The toolbar's switch: linear → log 10 (a tick per decade), log or symlog → linear.
    pub fn toggled(self) -> Self {
        match self {
            YScale::Linear => YScale::Log(LogBase::Ten),
            YScale::Log(_) | YScale::Symlog(..) => YScale::Linear,
        }
    }

    /// The base as a number, for a log or symlog scale.
    pub fn log_base(self) -> Option<f64> {
        let number = |base| match base {
            LogBase::Two => 2.0,
            LogBase::Ten => 10.0,
        };
        match self {
            YScale::Linear => None,
            YScale::Log(base) | YScale::Symlog(base, _) => Some(number(base)),
        }
    }

    /// Whether values ≤ 0 have no place (a log scale).
    pub fn positive_only(self) -> bool {
        matches!(self, YScale::Log(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grafanas_shapes_round_trip_and_bad_bases_are_refused() {
        let log10: ScaleDistribution = serde_json::from_str(r#"{"type": "log", "log": 10}"#).unwrap_or_default();
        assert_eq!(log10.y_scale(), YScale::Log(LogBase::Ten));
        assert_eq!(serde_json::to_string(&log10).unwrap_or_default(), r#"{"type":"log","log":10}"#);
        let log2: ScaleDistribution = serde_json::from_str(r#"{"type": "log"}"#).unwrap_or_default();
        assert_eq!(log2.y_scale(), YScale::Log(LogBase::Two));
        let linear: ScaleDistribution = serde_json::from_str(r#"{"type": "linear", "log": 2}"#).unwrap_or_default();
        assert_eq!(linear.y_scale(), YScale::Linear);
        assert!(ScaleDistribution::default().is_linear());
        let bad = serde_json::from_str::<ScaleDistribution>(r#"{"type": "log", "log": 3}"#);
        assert!(bad.is_err_and(|e| e.to_string().contains("must be 2 or 10, got 3")));
        for s in [YScale::Linear, YScale::Log(LogBase::Two), YScale::Log(LogBase::Ten)] {
            assert_eq!(ScaleDistribution::of(s).y_scale(), s);
        }
        assert!(
            !YScale::Symlog(LogBase::Two, Threshold::default()).positive_only()
                && YScale::Log(LogBase::Two).positive_only()
        );
        assert_eq!(YScale::Symlog(LogBase::Ten, Threshold::default()).toggled(), YScale::Linear);
    }

    #[test]
    fn symlog_takes_grafanas_shape_and_refuses_a_bad_threshold() {
        let symlog: ScaleDistribution =
            serde_json::from_str(r#"{"type": "symlog", "log": 10, "linearThreshold": 0.5}"#).unwrap_or_default();
        let half = Threshold::try_from(0.5).unwrap_or_default();
        assert_eq!(symlog.y_scale(), YScale::Symlog(LogBase::Ten, half));
        assert_eq!(
            serde_json::to_string(&symlog).unwrap_or_default(),
            r#"{"type":"symlog","log":10,"linearThreshold":0.5}"#
        );
        assert_eq!(ScaleDistribution::of(symlog.y_scale()), symlog);
        let plain: ScaleDistribution = serde_json::from_str(r#"{"type": "symlog"}"#).unwrap_or_default();
        assert_eq!(plain.y_scale(), YScale::Symlog(LogBase::Two, Threshold::default()), "Grafana's defaults");
        assert_eq!(Threshold::default().get(), 1.0);
        for bad in ["0", "-1", "\"x\""] {
            let text = format!(r#"{{"type": "symlog", "linearThreshold": {bad}}}"#);
            assert!(serde_json::from_str::<ScaleDistribution>(&text).is_err(), "{text}");
        }
        let zero = serde_json::from_str::<ScaleDistribution>(r#"{"type": "symlog", "linearThreshold": 0}"#);
        assert!(zero.is_err_and(|e| e.to_string().contains("must be a number above 0, got 0")));
        assert_eq!(YScale::Log(LogBase::Ten).log_base(), Some(10.0));
        assert_eq!(YScale::Linear.toggled(), YScale::Log(LogBase::Ten));
        assert_eq!(YScale::Log(LogBase::Two).toggled(), YScale::Linear);
    }
}
