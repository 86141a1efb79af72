//! The value unit, in Grafana's unit ids (`fieldConfig.defaults.unit`): the
//! time units `ns`, `µs` (or `us`), `ms`, `s`, `m`, `h`, `d`; the rates
//! `reqps`, `rps`, `ops`, `wps`; `percent` (0–100) and `percentunit` (0–1);
//! the data units `bytes`, `decbytes`, `bits`, `decbits`; `short` and `none`;
//! and Grafana's custom units `suffix:<text>` and `prefix:<text>`.
//!
//! Rules: the id is kept as written (a config round-trips); an id Grafana
//! has but this panel does not is refused with the list of those it has (a
//! typo would otherwise pass silently). How each unit formats a value is
//! [`crate::render::format`]'s.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Plain numbers, scaled by thousands: `K`, `Mil`, `Bil`, `Tri` (Grafana's `short`).
    #[default]
    Short,
    /// Plain numbers, unscaled (`none`).
    None,
    /// Nanoseconds, scaled up to µs, ms, s, min (`ns`).
    Nanoseconds,
    /// Microseconds, scaled up to ms, s (`µs`).
    Microseconds,
    /// Milliseconds, scaled up to s, min, hour, day, year (`ms`).
    Milliseconds,
    /// Seconds, scaled down to ms, µs, ns and up to min, hour, day, week, year (`s`).
    Seconds,
    /// Minutes, scaled up to hour, day, week, year (`m`).
    Minutes,
    /// Hours, scaled up to day, week, year (`h`).
    Hours,
    /// Days, scaled up to week, year (`d`).
    Days,
    /// Requests per second (`reqps`).
    Reqps,
    /// Reads per second (`rps`).
    Rps,
    /// Operations per second (`ops`).
    Ops,
    /// Writes per second (`wps`).
    Wps,
    /// A percentage, 0–100 (`percent`).
    Percent,
    /// A fraction shown as a percentage, 0.0–1.0 (`percentunit`).
    PercentUnit,
    /// Bytes, binary prefixes: KiB, MiB, … (`bytes`).
    Bytes,
    /// Bytes, decimal prefixes: kB, MB, … (`decbytes`).
    DecBytes,
    /// Bits, binary prefixes: Kib, Mib, … (`bits`).
    Bits,
    /// Bits, decimal prefixes: kb, Mb, … (`decbits`).
    DecBits,
    /// A custom text after the number, with a space (`suffix:<text>`).
    Suffix(Arc<str>),
    /// A custom text before the number, without a space (`prefix:<text>`).
    Prefix(Arc<str>),
}

/// How the panel writes a value: its unit and, when set, its decimals
/// (`render::format` writes it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Format {
    /// The unit.
    pub unit: Unit,
    /// Digits after the point (Grafana's `decimals`); `None`: about three significant digits.
    pub decimals: Option<u8>,
}

impl Format {
    /// A format of `unit` with automatic decimals.
    pub fn of(unit: Unit) -> Self {
        Self { unit, decimals: None }
    }
}

/// The ids a config may name, in the order the error lists them.
pub const UNIT_IDS: &[&str] = &[
    "short",
    "none",
    "ns",
    "µs",
    "ms",
    "s",
    "m",
    "h",
    "d",
    "reqps",
    "rps",
    "ops",
    "wps",
    "percent",
    "percentunit",
    "bytes",
    "decbytes",
    "bits",
    "decbits",
];

/// An id the panel does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown unit {0:?}: use one of short, none, ns, µs, ms, s, m, h, d, reqps, rps, ops, wps, percent, \
     percentunit, bytes, decbytes, bits, decbits, or suffix:<text> / prefix:<text>"
)]
pub struct UnknownUnit(pub String);

impl Unit {
    /// The unit of a Grafana unit id.
    pub fn parse(id: &str) -> Result<Self, UnknownUnit> {
        if let Some(text) = id.strip_prefix("suffix:") {
            return Ok(Self::Suffix(text.into()));
        }
        if let Some(text) = id.strip_prefix("prefix:") {
            return Ok(Self::Prefix(text.into()));
        }
        Ok(match id {
            "short" | "" => Self::Short,
            "none" => Self::None,
            "ns" => Self::Nanoseconds,
            "µs" | "us" => Self::Microseconds,
            "ms" => Self::Milliseconds,
            "s" => Self::Seconds,
            "m" => Self::Minutes,
            "h" => Self::Hours,
            "d" => Self::Days,
            "reqps" => Self::Reqps,
            "rps" => Self::Rps,
            "ops" => Self::Ops,
            "wps" => Self::Wps,
            "percent" => Self::Percent,
            "percentunit" => Self::PercentUnit,
            "bytes" => Self::Bytes,
            "decbytes" => Self::DecBytes,
            "bits" => Self::Bits,
            "decbits" => Self::DecBits,
            other => return Err(UnknownUnit(other.to_string())),
        })
    }

    /// Its Grafana id.
    pub fn id(&self) -> String {
        let id = match self {
            Self::Suffix(text) => return format!("suffix:{text}"),
            Self::Prefix(text) => return format!("prefix:{text}"),
            Self::Short => "short",
            Self::None => "none",
            Self::Nanoseconds => "ns",
            Self::Microseconds => "µs",
            Self::Milliseconds => "ms",
            Self::Seconds => "s",
            Self::Minutes => "m",
            Self::Hours => "h",
            Self::Days => "d",
            Self::Reqps => "reqps",
            Self::Rps => "rps",
            Self::Ops => "ops",
            Self::Wps => "wps",
            Self::Percent => "percent",
            Self::PercentUnit => "percentunit",
            Self::Bytes => "bytes",
            Self::DecBytes => "decbytes",
            Self::Bits => "bits",
            Self::DecBits => "decbits",
        };
        id.to_string()
    }

    /// A time unit: how many milliseconds one of it is (a threshold may be
    /// typed as a duration, `250ms`, and a box of a time unit is a duration range).
    pub fn ms_per_unit(&self) -> Option<f64> {
        Some(match self {
            Self::Nanoseconds => 1e-6,
            Self::Microseconds => 1e-3,
            Self::Milliseconds => 1.0,
            Self::Seconds => 1e3,
            Self::Minutes => 6e4,
            Self::Hours => 3.6e6,
            Self::Days => 8.64e7,
            _ => return None,
        })
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Unit::parse(&id).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Unit {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Unit".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The value unit, a Grafana unit id: `short` (default), `none`, the time units `ns`, `µs`, \
                `ms`, `s`, `m`, `h`, `d`, the rates `reqps`, `rps`, `ops`, `wps`, `percent` (0–100), `percentunit` \
                (0–1), the data units `bytes`, `decbytes`, `bits`, `decbits`, or a custom `suffix:<text>` or \
                `prefix:<text>`. Values scale within their family: 0.004 with `s` reads `4 ms`.",
            "anyOf": [
                { "type": "string", "enum": UNIT_IDS },
                { "type": "string", "pattern": "^(suffix|prefix):" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_unknown_ones_are_refused_with_the_list() {
        for id in UNIT_IDS.iter().chain(&["suffix: req", "prefix:$"]) {
            let unit = Unit::parse(id).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(unit.id(), *id);
            let json = serde_json::to_string(&unit).unwrap_or_default();
            assert_eq!(serde_json::from_str::<Unit>(&json).ok(), Some(unit));
        }
        assert_eq!(Unit::parse("us"), Ok(Unit::Microseconds), "Grafana's older id");
        let e = Unit::parse("celsius").unwrap_err();
        assert!(e.to_string().starts_with("unknown unit \"celsius\": use one of short, none, ns"), "{e}");
        assert!(serde_json::from_str::<Unit>("\"kbytes\"").is_err());
        assert_eq!(Unit::Milliseconds.ms_per_unit(), Some(1.0));
        assert_eq!(Unit::Bytes.ms_per_unit(), None);
    }
}
