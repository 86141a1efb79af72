//! The panel toolbar's edits (the toolbar is the panel's, so the embedded
//! panel has them too): the time presets and refresh choices, a typed range
//! checked before it applies, zoom out without a zoom to undo, shifting by
//! half the range, the theme toggle, and how a range is shown in the From and
//! To fields.
//!
//! Rules:
//! - a zoom or a shift stores its range as epoch ms (exact, and the same in
//!   any zone, so a copied link restores it), but the fields never show epoch
//!   ms: they show it as a local time, `2026-01-25 10:30:15` (with `.250`
//!   when it has milliseconds), which reads back as the same instant;
//! - a typed range that resolves to the range shown changes nothing.

use crate::config::{ThemeChoice, TimeConfig};
use crate::time::zone::{format_local, LocalOffset, TimeFormat};
use crate::time::{parse_time_expr_at, TimeExpr, TimeExprError, TimeKind};

/// Relative ranges offered, Grafana's: `(from, label)`, up to `now`.
pub const PRESETS: [(&str, &str); 10] = [
    ("now-5m", "Last 5 minutes"),
    ("now-15m", "Last 15 minutes"),
    ("now-30m", "Last 30 minutes"),
    ("now-1h", "Last 1 hour"),
    ("now-3h", "Last 3 hours"),
    ("now-6h", "Last 6 hours"),
    ("now-12h", "Last 12 hours"),
    ("now-24h", "Last 24 hours"),
    ("now-2d", "Last 2 days"),
    ("now-7d", "Last 7 days"),
];

/// Auto-refresh choices: `(value, label)`.
pub const REFRESH: [(&str, &str); 6] =
    [("", "Off"), ("5s", "5s"), ("10s", "10s"), ("30s", "30s"), ("1m", "1m"), ("5m", "5m")];

/// Why a range cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// `from` is not a time.
    #[error("from: {0}")]
    From(TimeExprError),
    /// `to` is not a time.
    #[error("to: {0}")]
    To(TimeExprError),
    /// `from` is not before `to`.
    #[error("`from` must be before `to`")]
    Reversed,
}

/// `(from, to)` in epoch ms, at `now_ms` for a viewer `utc_offset_min`
/// minutes east of UTC (`to` rounds up: `now/d` is the day's end).
pub fn resolve_range(time: &TimeConfig, now_ms: i64, utc_offset_min: i32) -> Result<(i64, i64), RangeError> {
    let from = parse_time_expr_at(&time.from, now_ms, utc_offset_min, false).map_err(RangeError::From)?;
    let to = parse_time_expr_at(&time.to, now_ms, utc_offset_min, true).map_err(RangeError::To)?;
    if from >= to {
        return Err(RangeError::Reversed);
    }
    Ok((from, to))
}

/// The preset select's value for `time`: its preset's `from`, or `""`
/// ("Custom range").
pub fn preset_of(time: &TimeConfig) -> &'static str {
    PRESETS.iter().find(|(from, _)| time.to == "now" && time.from == *from).map_or("", |(from, _)| from)
}

/// The range a preset select value gives (`""`, "Custom range": none).
pub fn preset_range(from: String) -> Option<TimeConfig> {
    (!from.is_empty()).then(|| TimeConfig { from, to: "now".into() })
}

/// The range typed in the from and to fields.
pub fn typed_range(from: &str, to: &str) -> TimeConfig {
    TimeConfig { from: from.trim().into(), to: to.trim().into() }
}

/// Zoom out with no zoom to undo: twice the range `from..to` (epoch ms),
/// around its middle.
pub fn widened(from: i64, to: i64) -> TimeConfig {
    let half = to.saturating_sub(from);
    TimeConfig { from: from.saturating_sub(half / 2).to_string(), to: to.saturating_add(half / 2).to_string() }
}

/// Shifts `from..to` (epoch ms) by half its length: earlier when `later` is
/// false (Grafana's ← and →).
pub fn shifted(from: i64, to: i64, later: bool) -> TimeConfig {
    let half = to.saturating_sub(from) / 2;
    let by = if later { half } else { half.saturating_neg() };
    TimeConfig { from: from.saturating_add(by).to_string(), to: to.saturating_add(by).to_string() }
}

/// How a From or To text is shown: epoch ms (digits only) as a local time
/// (see the module's rules), anything else as written.
pub fn shown_time(text: &str, tz: &dyn LocalOffset) -> String {
    match TimeExpr::parse(text) {
        Ok(TimeExpr { kind: TimeKind::Instant(t_ms), .. }) if text.trim().bytes().all(|b| b.is_ascii_digit()) => {
            let full = format_local(t_ms, tz, TimeFormat::Full);
            full.strip_suffix(".000").map_or(full.clone(), str::to_owned)
        }
        _ => text.to_string(),
    }
}

/// The theme the toggle switches to: light when dark is shown, else dark.
pub fn toggled_theme(dark: bool) -> ThemeChoice {
    if dark {
        ThemeChoice::Light
    } else {
        ThemeChoice::Dark
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_769_337_000_000; // 2026-01-25T10:30:00Z

    fn range(from: &str, to: &str) -> TimeConfig {
        TimeConfig { from: from.into(), to: to.into() }
    }

    #[test]
    fn resolves_relative_absolute_and_local_times() {
        assert_eq!(resolve_range(&range("now-1h", "now"), NOW, 0), Ok((NOW - 3_600_000, NOW)));
        assert_eq!(resolve_range(&range("1000", "2000"), NOW, 0), Ok((1000, 2000)));
        // Local times and rounding follow the viewer's offset; `to` rounds up.
        let (from, to) = resolve_range(&range("now/d", "now/d"), NOW, 60).unwrap();
        assert_eq!(from, 1_769_295_600_000); // 2026-01-25T00:00+01:00
        assert_eq!(to, 1_769_295_600_000 + 86_400_000 - 1);
        assert_eq!(resolve_range(&range("2026-01-25 10:30", "now"), NOW, 60).map(|r| r.0), Ok(NOW - 3_600_000));
    }

    #[test]
    fn errors_say_which_end_and_read_as_before() {
        let e = resolve_range(&range("", "now"), NOW, 0).unwrap_err();
        assert_eq!(e, RangeError::From(TimeExprError::Empty));
        assert_eq!(e.to_string(), "from: it is empty");
        let e = resolve_range(&range("now", "now-5parsecs"), NOW, 0).unwrap_err();
        assert!(matches!(e, RangeError::To(TimeExprError::BadDuration(_))));
        assert_eq!(e.to_string(), "to: \"5parsecs\" is not a duration like 5m, 1h or 7d");
        let e = resolve_range(&range("now", "now-1h"), NOW, 0).unwrap_err();
        assert_eq!(e, RangeError::Reversed);
        assert_eq!(e.to_string(), "`from` must be before `to`");
        assert_eq!(resolve_range(&range("now", "now"), NOW, 0), Err(RangeError::Reversed));
    }

    #[test]
    fn presets_up_to_now_only() {
        assert_eq!(preset_of(&range("now-1h", "now")), "now-1h");
        assert_eq!(preset_of(&range("now-1h", "now-5m")), "");
        assert_eq!(preset_of(&range("now-90m", "now")), "");
        assert_eq!(preset_range("now-7d".into()), Some(range("now-7d", "now")));
        assert_eq!(preset_range(String::new()), None);
        for (from, _) in PRESETS {
            assert!(resolve_range(&range(from, "now"), NOW, 0).is_ok(), "{from}");
        }
        assert!(REFRESH.iter().skip(1).all(|(v, _)| crate::time::parse_duration_ms(v).is_some()));
    }

    #[test]
    fn typed_ranges_are_trimmed() {
        assert_eq!(typed_range(" now-90m ", "now\n"), range("now-90m", "now"));
    }

    #[test]
    fn zoom_out_doubles_around_the_middle() {
        assert_eq!(widened(1000, 2000), range("500", "2500"));
        // Never overflows.
        let w = widened(i64::MIN + 1, i64::MAX);
        assert_eq!(w, range(&i64::MIN.to_string(), &i64::MAX.to_string()));
    }

    #[test]
    fn shifts_move_by_half_the_range() {
        assert_eq!(shifted(1000, 2000, false), range("500", "1500"));
        assert_eq!(shifted(1000, 2000, true), range("1500", "2500"));
        assert_eq!(shifted(i64::MIN, i64::MAX, false).from, i64::MIN.to_string(), "saturates, never panics");
    }

    #[test]
    fn the_fields_show_epoch_ms_as_a_local_time_that_reads_back_the_same() {
        use crate::time::zone::FixedOffset;
        let tz = FixedOffset(60);
        assert_eq!(shown_time("1769337015000", &tz), "2026-01-25 11:30:15");
        assert_eq!(shown_time("1769337015250", &tz), "2026-01-25 11:30:15.250");
        assert_eq!(shown_time("now-1h", &tz), "now-1h", "relative times as written");
        assert_eq!(shown_time("2026-01-25 10:30", &tz), "2026-01-25 10:30");
        assert_eq!(shown_time("2026-01-25T10:30:00Z", &tz), "2026-01-25T10:30:00Z", "a typed UTC time stays");
        for t in [1_769_337_015_000_i64, 1_769_337_015_250] {
            let shown = shown_time(&t.to_string(), &tz);
            assert_eq!(parse_time_expr_at(&shown, NOW, 60, false), Ok(t), "{shown} reads back");
        }
    }

    #[test]
    fn the_theme_toggle_flips() {
        assert_eq!(toggled_theme(true), ThemeChoice::Light);
        assert_eq!(toggled_theme(false), ThemeChoice::Dark);
    }
}
