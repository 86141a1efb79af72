//! Text for values and times: axis ticks, tooltip, events.
//!
//! Times are shown in the viewer's local time. The pure core cannot ask the
//! browser for its time zone, so it takes a [`LocalOffset`]: the wasm shell
//! passes one backed by JS `Date`, tests pass a [`FixedOffset`].

use chrono::{DateTime, Datelike, Timelike};

use crate::config::Unit;

/// The viewer's UTC offset at a given instant (DST-aware where the source is).
pub trait LocalOffset {
    /// Minutes east of UTC at `t_ms` (UTC+01:00 → 60).
    fn offset_minutes(&self, t_ms: i64) -> i32;
}

/// A fixed offset, in minutes east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixedOffset(pub i32);

impl LocalOffset for FixedOffset {
    fn offset_minutes(&self, _t_ms: i64) -> i32 {
        self.0
    }
}

/// How much of a local time a label shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// `13:34:56`
    Seconds,
    /// `13:34`
    Minutes,
    /// `11/25` (month/day)
    Day,
    /// `2026-11-25 13:34:56.789`
    Full,
}

/// Formats `t_ms` in local time. Typed forms rather than a format string:
/// no pattern to get wrong, and none of chrono's pattern parser in the wasm.
pub fn format_local(t_ms: i64, tz: &dyn LocalOffset, format: TimeFormat) -> String {
    let local_ms = t_ms.saturating_add(i64::from(tz.offset_minutes(t_ms)) * 60_000);
    let Some(dt) = DateTime::from_timestamp_millis(local_ms) else { return format!("{t_ms} ms") };
    let (h, m, s) = (dt.hour(), dt.minute(), dt.second());
    match format {
        TimeFormat::Seconds => format!("{h:02}:{m:02}:{s:02}"),
        TimeFormat::Minutes => format!("{h:02}:{m:02}"),
        TimeFormat::Day => format!("{:02}/{:02}", dt.month(), dt.day()),
        TimeFormat::Full => {
            // Years outside 0…9999 carry their sign, as ISO 8601 (and chrono's `%Y`) write them.
            let year = match dt.year() {
                y @ 0..=9999 => format!("{y:04}"),
                y => format!("{y:+05}"),
            };
            let ms = dt.timestamp_subsec_millis();
            format!("{year}-{:02}-{:02} {h:02}:{m:02}:{s:02}.{ms:03}", dt.month(), dt.day())
        }
    }
}

/// `2026-11-25 13:34:56.789 (UTC+01:00)`: the tooltip form.
pub fn format_instant(t_ms: i64, tz: &dyn LocalOffset) -> String {
    let off = tz.offset_minutes(t_ms);
    let sign = if off < 0 { '-' } else { '+' };
    let abs = off.unsigned_abs();
    format!("{} (UTC{sign}{:02}:{:02})", format_local(t_ms, tz, TimeFormat::Full), abs / 60, abs % 60)
}

/// A value with its unit, about 3 significant digits: `250 ms`, `1.5 s`, `12.3K`.
pub fn format_value(v: f64, unit: Unit) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    match unit {
        Unit::Seconds => format_seconds(v),
        Unit::Short => format_short(v),
    }
}

fn format_seconds(v: f64) -> String {
    let a = v.abs();
    let (scaled, suffix) = if a == 0.0 {
        (0.0, "s")
    } else if a < 1e-3 {
        (v * 1e6, "µs")
    } else if a < 1.0 {
        (v * 1e3, "ms")
    } else if a < 60.0 {
        (v, "s")
    } else if a < 3600.0 {
        (v / 60.0, "min")
    } else {
        (v / 3600.0, "h")
    };
    format!("{} {suffix}", sig3(scaled))
}

fn format_short(v: f64) -> String {
    let a = v.abs();
    let (scaled, suffix) = match a {
        x if x >= 1e12 => (v / 1e12, " T"),
        x if x >= 1e9 => (v / 1e9, " B"),
        x if x >= 1e6 => (v / 1e6, " M"),
        x if x >= 1e3 => (v / 1e3, " K"),
        _ => (v, ""),
    };
    format!("{}{suffix}", sig3(scaled))
}

/// About three significant digits, trailing zeros trimmed: 0.123, 1.23, 12.3, 123.
fn sig3(v: f64) -> String {
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        // 0.0123 → 4 decimals (3 significant), capped.
        ((-a.log10()).floor() as usize + 3).min(12)
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds() {
        assert_eq!(format_value(0.25, Unit::Seconds), "250 ms");
        assert_eq!(format_value(0.0123, Unit::Seconds), "12.3 ms");
        assert_eq!(format_value(1.5, Unit::Seconds), "1.5 s");
        assert_eq!(format_value(0.000_123, Unit::Seconds), "123 µs");
        assert_eq!(format_value(90.0, Unit::Seconds), "1.5 min");
        assert_eq!(format_value(0.0, Unit::Seconds), "0 s");
        assert_eq!(format_value(7200.0, Unit::Seconds), "2 h");
    }

    #[test]
    fn short_and_specials() {
        assert_eq!(format_value(1234.0, Unit::Short), "1.23 K");
        assert_eq!(format_value(0.5, Unit::Short), "0.5");
        assert_eq!(format_value(-2e6, Unit::Short), "-2 M");
        assert_eq!(format_value(f64::NAN, Unit::Short), "NaN");
        assert_eq!(format_value(f64::INFINITY, Unit::Seconds), "+Inf");
        assert_eq!(format_value(f64::NEG_INFINITY, Unit::Seconds), "-Inf");
        assert_eq!(format_value(1e-300, Unit::Short), "0");
    }

    #[test]
    fn local_times() {
        let t = 1_706_140_800_123; // 2024-01-25T00:00:00.123Z
        assert_eq!(format_instant(t, &FixedOffset(60)), "2024-01-25 01:00:00.123 (UTC+01:00)");
        assert_eq!(format_instant(t, &FixedOffset(-330)), "2024-01-24 18:30:00.123 (UTC-05:30)");
        assert_eq!(format_local(t, &FixedOffset(0), TimeFormat::Minutes), "00:00");
        assert_eq!(format_local(t, &FixedOffset(0), TimeFormat::Seconds), "00:00:00");
        assert_eq!(format_local(t, &FixedOffset(-330), TimeFormat::Day), "01/24");
        assert_eq!(format_local(i64::MAX, &FixedOffset(0), TimeFormat::Seconds), format!("{} ms", i64::MAX));
        // Years beyond four digits keep their sign, as chrono's `%Y` wrote them.
        let far = 253_402_300_800_000; // 10000-01-01T00:00:00Z
        assert_eq!(format_local(far, &FixedOffset(0), TimeFormat::Full), "+10000-01-01 00:00:00.000");
        assert_eq!(format_local(-62_167_219_200_001, &FixedOffset(0), TimeFormat::Full), "-0001-12-31 23:59:59.999");
    }
}
