//! Text for values: axis ticks, tooltip, events, in the panel's unit.
//! (Local times are formatted by [`crate::time::zone`].)

use crate::config::Unit;

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
}
