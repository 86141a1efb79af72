//! Time zones and local times: the viewer's UTC offset, and times
//! formatted in it (axis ticks, tooltip, notices, the trace view, the doctor).
//!
//! Rules:
//! - the pure core cannot ask the browser for its time zone, so it takes a
//!   [`LocalOffset`]: the wasm shell passes one backed by JS `Date`
//!   (DST-aware), tests pass a [`FixedOffset`];
//! - an instant chrono cannot represent is written as `<t> ms`, never a panic.

use chrono::{DateTime, Datelike, Timelike};

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

#[cfg(test)]
mod tests {
    use super::*;

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
