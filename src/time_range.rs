//! Time expressions (`now`, `now-5m`, epoch ms, RFC 3339) and durations (`15s`, `1h30m`).
//!
//! All times are epoch milliseconds (`_ms`, `i64`). Parsing never panics and
//! uses checked arithmetic, so `now-99999999999y` is an error, not an overflow.

/// What was wrong with a time expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeExprError {
    /// Empty text.
    #[error("it is empty")]
    Empty,
    /// Not one of the known forms.
    #[error("{0:?} is not `now`, `now-5m`, epoch milliseconds or an RFC 3339 date")]
    Unknown(String),
    /// The offset after `now` is not a duration.
    #[error("{0:?} is not a duration like 5m, 1h or 7d")]
    BadDuration(String),
    /// The result does not fit in the time line.
    #[error("{0:?} is out of range")]
    OutOfRange(String),
}

/// Parses a Grafana-style time expression relative to `now_ms`.
///
/// Accepted: `now`, `now-<duration>`, `now+<duration>`, epoch milliseconds,
/// and RFC 3339 dates such as `2026-01-25T00:00:00Z`.
pub fn parse_time_expr(text: &str, now_ms: i64) -> Result<i64, TimeExprError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TimeExprError::Empty);
    }
    if let Some(rest) = text.strip_prefix("now") {
        let rest = rest.trim();
        if rest.is_empty() {
            return Ok(now_ms);
        }
        let (sign, dur) = match rest.split_at_checked(1) {
            Some(("-", d)) => (-1, d),
            Some(("+", d)) => (1, d),
            _ => return Err(TimeExprError::Unknown(text.to_string())),
        };
        let ms = parse_duration_ms(dur).ok_or_else(|| TimeExprError::BadDuration(dur.trim().to_string()))?;
        return now_ms.checked_add(sign * ms).ok_or_else(|| TimeExprError::OutOfRange(text.to_string()));
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().map_err(|_| TimeExprError::OutOfRange(text.to_string()));
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|d| d.timestamp_millis())
        .map_err(|_| TimeExprError::Unknown(text.to_string()))
}

/// Parses a Prometheus-style duration (`500ms`, `15s`, `1h30m`, `7d`, `1w`, `1y`) into ms.
///
/// Returns `None` for anything else, including overflow. A bare number is seconds.
pub fn parse_duration_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    let mut total: i64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let (num, tail) = rest.split_at(digits);
        let n: i64 = num.parse().ok()?;
        let unit_len = tail.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (unit, tail) = tail.split_at(unit_len);
        let unit_ms: i64 = match unit {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            "y" => 31_536_000_000,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit_ms)?)?;
        rest = tail;
    }
    Some(total)
}

/// Formats ms as the shortest Prometheus duration (`1m30s`, `250ms`), as used in `$__rate_interval`.
pub fn format_duration_ms(ms: i64) -> String {
    if ms <= 0 {
        return "0s".into();
    }
    const UNITS: [(i64, &str); 6] =
        [(604_800_000, "w"), (86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s"), (1, "ms")];
    let mut out = String::new();
    let mut rest = ms;
    for (unit_ms, name) in UNITS {
        if rest >= unit_ms {
            out.push_str(&(rest / unit_ms).to_string());
            out.push_str(name);
            rest %= unit_ms;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_000_000_000;

    #[test]
    fn relative_expressions() {
        assert_eq!(parse_time_expr("now", NOW), Ok(NOW));
        assert_eq!(parse_time_expr(" now-5m ", NOW), Ok(NOW - 300_000));
        assert_eq!(parse_time_expr("now-1h", NOW), Ok(NOW - 3_600_000));
        assert_eq!(parse_time_expr("now+30s", NOW), Ok(NOW + 30_000));
        assert_eq!(parse_time_expr("now-1h30m", NOW), Ok(NOW - 5_400_000));
    }

    #[test]
    fn absolute_expressions() {
        assert_eq!(parse_time_expr("1706140800000", NOW), Ok(1_706_140_800_000));
        assert_eq!(parse_time_expr("2024-01-25T00:00:00Z", NOW), Ok(1_706_140_800_000));
        assert_eq!(parse_time_expr("2024-01-25T01:00:00+01:00", NOW), Ok(1_706_140_800_000));
    }

    #[test]
    fn bad_expressions_are_errors() {
        assert_eq!(parse_time_expr("", NOW), Err(TimeExprError::Empty));
        assert!(matches!(parse_time_expr("yesterday", NOW), Err(TimeExprError::Unknown(_))));
        assert!(matches!(parse_time_expr("now*5m", NOW), Err(TimeExprError::Unknown(_))));
        assert!(matches!(parse_time_expr("now-5parsecs", NOW), Err(TimeExprError::BadDuration(_))));
        assert!(matches!(parse_time_expr("now-", NOW), Err(TimeExprError::BadDuration(_))));
        assert!(parse_time_expr("now-99999999999999y", NOW).is_err());
        assert!(matches!(parse_time_expr("99999999999999999999999", NOW), Err(TimeExprError::OutOfRange(_))));
        assert!(parse_time_expr("now-5m\u{1F600}", NOW).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("15s"), Some(15_000));
        assert_eq!(parse_duration_ms("500ms"), Some(500));
        assert_eq!(parse_duration_ms("1h30m"), Some(5_400_000));
        assert_eq!(parse_duration_ms("60"), Some(60_000));
        assert_eq!(parse_duration_ms("1w"), Some(604_800_000));
        assert_eq!(parse_duration_ms("5x"), None);
        assert_eq!(parse_duration_ms("m5"), None);
        assert_eq!(parse_duration_ms("-5m"), None);
        assert_eq!(parse_duration_ms("9223372036854775807y"), None);
    }

    #[test]
    fn formats_round_trip() {
        for ms in [250, 1_000, 15_000, 90_000, 3_600_000, 5_400_500, 86_400_000 * 8] {
            assert_eq!(parse_duration_ms(&format_duration_ms(ms)), Some(ms), "{ms}");
        }
        assert_eq!(format_duration_ms(90_000), "1m30s");
        assert_eq!(format_duration_ms(0), "0s");
    }
}
