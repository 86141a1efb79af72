//! Time expressions (`now`, `now-5m`, epoch ms, RFC 3339) and durations (`15s`, `1h30m`).
//!
//! All times are epoch milliseconds (`_ms`, `i64`). Parsing never panics and
//! uses checked arithmetic, so `now-99999999999y` is an error, not an overflow.

pub mod zone;

pub use zone::{format_instant, format_local, FixedOffset, LocalOffset, TimeFormat};

/// What was wrong with a time expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeExprError {
    /// Empty text.
    #[error("it is empty")]
    Empty,
    /// Not one of the known forms.
    #[error("{0:?} is not `now`, `now-5m`, `now-1d/d`, epoch milliseconds, a local date (`2026-01-25 10:30`) or an RFC 3339 date")]
    Unknown(String),
    /// The offset after `now` is not a duration.
    #[error("{0:?} is not a duration like 5m, 1h or 7d")]
    BadDuration(String),
    /// The result does not fit in the time line.
    #[error("{0:?} is out of range")]
    OutOfRange(String),
}

/// Parses a Grafana-style time expression relative to `now_ms`, in UTC, not
/// rounded up: [`parse_time_expr_at`] with offset 0 and `round_up = false`.
#[cfg(test)]
pub fn parse_time_expr(text: &str, now_ms: i64) -> Result<i64, TimeExprError> {
    parse_time_expr_at(text, now_ms, 0, false)
}

/// Parses and resolves a time expression in one go: `TimeExpr::parse`, then
/// `TimeExpr::resolve`. Code that resolves the same text more than once
/// (every refresh) keeps the parsed `TimeExpr` instead.
pub fn parse_time_expr_at(text: &str, now_ms: i64, utc_offset_min: i32, round_up: bool) -> Result<i64, TimeExprError> {
    TimeExpr::parse(text)?.resolve(now_ms, utc_offset_min, round_up)
}

/// A unit a relative time can be rounded to (`now/d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundUnit {
    /// `/s`
    Second,
    /// `/m`
    Minute,
    /// `/h`
    Hour,
    /// `/d`, in local time.
    Day,
    /// `/w`, ISO weeks from Monday, in local time.
    Week,
    /// `/M`, calendar months.
    Month,
    /// `/y`, calendar years.
    Year,
}

impl RoundUnit {
    fn parse(unit: &str) -> Option<Self> {
        Some(match unit {
            "s" => Self::Second,
            "m" => Self::Minute,
            "h" => Self::Hour,
            "d" => Self::Day,
            "w" => Self::Week,
            "M" => Self::Month,
            "y" => Self::Year,
            _ => return None,
        })
    }
}

/// What a time expression means, parsed once; [`TimeExpr::resolve`] gives the
/// instant for a clock and a time zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// `now`, shifted by `offset_ms`, maybe rounded to a unit.
    Relative {
        /// `now-5m` → −300 000.
        offset_ms: i64,
        /// `now-1d/d` → `Some(Day)`.
        round: Option<RoundUnit>,
    },
    /// Epoch ms, or an RFC 3339 date with its offset: the same in every zone.
    Instant(i64),
    /// A local date-time without offset, as ms since the local epoch.
    Local(i64),
}

/// A Grafana-style time expression (Grafana's date math), parsed.
///
/// Accepted:
/// - `now`, `now-5m`, `now+1h30m`, each optionally rounded to the start of a
///   unit with `/s`, `/m`, `/h`, `/d`, `/w` (ISO weeks, from Monday), `/M`,
///   `/y`: `now-1d/d` is yesterday 00:00. With `round_up` (for a range's `to`)
///   it is the unit's last millisecond instead: `now/d` is today 23:59:59.999.
///   Rounding is in local time (`utc_offset_min` minutes east of UTC);
/// - epoch milliseconds;
/// - RFC 3339 dates (`2026-01-25T00:00:00Z`, `…+02:00`): the instant given;
/// - local dates and times without an offset (`2026-01-25`, `2026-01-25 10:30`,
///   `2026-01-25T10:30:15`): read in local time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimeExpr {
    /// The text as written (trimmed), for messages.
    pub text: String,
    /// What it means.
    pub kind: TimeKind,
}

impl TimeExpr {
    /// Parses `text`; no clock is needed.
    pub fn parse(text: &str) -> Result<Self, TimeExprError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TimeExprError::Empty);
        }
        let kind = if let Some(rest) = text.strip_prefix("now") {
            let (math, rounding) = match rest.split_once('/') {
                Some((math, unit)) => (math.trim(), Some(unit.trim())),
                None => (rest.trim(), None),
            };
            let mut offset_ms = 0;
            if !math.is_empty() {
                let (sign, dur) = match math.split_at_checked(1) {
                    Some(("-", d)) => (-1, d),
                    Some(("+", d)) => (1, d),
                    _ => return Err(TimeExprError::Unknown(text.to_string())),
                };
                let ms = parse_duration_ms(dur).ok_or_else(|| TimeExprError::BadDuration(dur.trim().to_string()))?;
                offset_ms = sign * ms;
            }
            let round = match rounding {
                None => None,
                Some(unit) => Some(RoundUnit::parse(unit).ok_or_else(|| TimeExprError::Unknown(text.to_string()))?),
            };
            TimeKind::Relative { offset_ms, round }
        } else if text.bytes().all(|b| b.is_ascii_digit()) {
            TimeKind::Instant(text.parse::<i64>().map_err(|_| TimeExprError::OutOfRange(text.to_string()))?)
        } else if let Ok(d) = chrono::DateTime::parse_from_rfc3339(text) {
            TimeKind::Instant(d.timestamp_millis())
        } else {
            TimeKind::Local(parse_local(text).ok_or_else(|| TimeExprError::Unknown(text.to_string()))?)
        };
        Ok(Self { text: text.to_string(), kind })
    }

    /// The instant this expression names at `now_ms`, for a viewer
    /// `utc_offset_min` minutes east of UTC; `round_up` for a range's end.
    /// Checked: a result beyond the ends of i64 is [`TimeExprError::OutOfRange`]
    /// (or `Unknown` when a rounded unit does not exist there).
    pub fn resolve(&self, now_ms: i64, utc_offset_min: i32, round_up: bool) -> Result<i64, TimeExprError> {
        let offset_ms = i64::from(utc_offset_min) * 60_000;
        let out_of_range = || TimeExprError::OutOfRange(self.text.clone());
        match self.kind {
            TimeKind::Relative { offset_ms: shift, round } => {
                let t = now_ms.checked_add(shift).ok_or_else(out_of_range)?;
                match round {
                    None => Ok(t),
                    Some(unit) => round_to_unit(t, unit, offset_ms, round_up)
                        .ok_or_else(|| TimeExprError::Unknown(self.text.clone())),
                }
            }
            TimeKind::Instant(t) => Ok(t),
            TimeKind::Local(local_ms) => local_ms.checked_sub(offset_ms).ok_or_else(out_of_range),
        }
    }
}

/// A local date or date-time without offset (`2026-01-25`, `2026-01-25 10:30`,
/// `2026-01-25T10:30:15.250`), as ms of "local epoch". A small strict reader:
/// chrono's format-string parser would add ~30 KB of wasm for these four forms.
fn parse_local(text: &str) -> Option<i64> {
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let mut ymd = date.split('-');
    let (y, m, d) = (ymd.next()?, ymd.next()?, ymd.next()?);
    if ymd.next().is_some() {
        return None;
    }
    let day = chrono::NaiveDate::from_ymd_opt(i32::try_from(num(y, 4)?).ok()?, num(m, 2)?, num(d, 2)?)?;
    let (mut h, mut min, mut sec, mut ms) = (0, 0, 0, 0);
    if let Some(time) = time {
        let (hms, frac) = match time.split_once('.') {
            Some((hms, frac)) if !frac.is_empty() && frac.len() <= 3 => (hms, Some(frac)),
            Some(_) => return None,
            None => (time, None),
        };
        let mut parts = hms.split(':');
        h = num(parts.next()?, 2)?;
        min = num(parts.next()?, 2)?;
        if let Some(s) = parts.next() {
            sec = num(s, 2)?;
        }
        if parts.next().is_some() {
            return None;
        }
        if let Some(f) = frac {
            ms = num(f, f.len())? * 10u32.pow(3 - f.len() as u32);
        }
    }
    Some(day.and_hms_milli_opt(h, min, sec, ms)?.and_utc().timestamp_millis())
}

/// Rounds `t_ms` down to the start of `unit` in local time (or, with
/// `round_up`, to the unit's last millisecond).
fn round_to_unit(t_ms: i64, unit: RoundUnit, offset_ms: i64, round_up: bool) -> Option<i64> {
    use chrono::{Datelike, NaiveDate};
    let local = t_ms.checked_add(offset_ms)?;
    // Checked: near the ends of i64 a unit's start or end does not exist.
    let fixed = |unit_ms: i64| {
        let start = local.div_euclid(unit_ms).checked_mul(unit_ms)?;
        Some((start, start.checked_add(unit_ms)?))
    };
    let day_ms = 86_400_000;
    let (start, next) = match unit {
        RoundUnit::Second => fixed(1_000)?,
        RoundUnit::Minute => fixed(60_000)?,
        RoundUnit::Hour => fixed(3_600_000)?,
        RoundUnit::Day => fixed(day_ms)?,
        RoundUnit::Week => {
            // 1970-01-01 was a Thursday: days since the latest Monday.
            let days = local.div_euclid(day_ms);
            let start = (days - (days + 3).rem_euclid(7)).checked_mul(day_ms)?;
            (start, start.checked_add(7 * day_ms)?)
        }
        RoundUnit::Month | RoundUnit::Year => {
            let date = chrono::DateTime::from_timestamp_millis(local)?.date_naive();
            let (first, after) = if unit == RoundUnit::Month {
                let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
                (first, first.checked_add_months(chrono::Months::new(1))?)
            } else {
                let first = NaiveDate::from_ymd_opt(date.year(), 1, 1)?;
                (first, NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)?)
            };
            let ms = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|dt| dt.and_utc().timestamp_millis());
            (ms(first)?, ms(after)?)
        }
    };
    let local_result = if round_up { next - 1 } else { start };
    local_result.checked_sub(offset_ms)
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

    /// Found by the `time_expr` fuzzer: rounding near the ends of i64 overflowed.
    #[test]
    fn rounding_at_the_ends_of_time_is_an_error_not_an_overflow() {
        assert!(parse_time_expr_at("now-26s/w", -9_223_372_036_854_674_035, 0, false).is_err());
        // Debug builds check overflow: none of these may panic; a result is a unit boundary.
        for unit in ["s", "m", "h", "d", "w", "M", "y"] {
            for (now, up) in [(i64::MIN, false), (i64::MIN + 1, true), (i64::MAX, true), (i64::MAX - 1, false)] {
                if let Ok(t) = parse_time_expr_at(&format!("now/{unit}"), now, 840, up) {
                    assert!(if up { t >= now } else { t <= now }, "now/{unit} at {now}: {t}");
                }
            }
        }
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

    #[test]
    fn rounding_to_a_unit_in_local_time() {
        // 2025-11-24T16:00:00Z is a Monday; NOW is 2025-11-24T16:00:00Z.
        let day = 86_400_000;
        let midnight_utc = NOW - 16 * 3_600_000;
        assert_eq!(parse_time_expr_at("now/d", NOW, 0, false), Ok(midnight_utc));
        assert_eq!(parse_time_expr_at("now/d", NOW, 0, true), Ok(midnight_utc + day - 1), "`to` rounds up");
        assert_eq!(parse_time_expr_at("now-1d/d", NOW, 0, false), Ok(midnight_utc - day), "yesterday 00:00");
        // UTC+2: local midnight is 22:00 UTC the day before.
        assert_eq!(parse_time_expr_at("now/d", NOW, 120, false), Ok(midnight_utc - 2 * 3_600_000));
        assert_eq!(parse_time_expr_at("now/h", NOW + 59_000, 0, false), Ok(NOW));
        assert_eq!(parse_time_expr_at("now/w", NOW + 3 * day, 0, false), Ok(midnight_utc), "ISO weeks start on Monday");
        assert_eq!(parse_time_expr_at("now/M", NOW, 0, false), parse_time_expr("2025-11-01T00:00:00Z", 0));
        assert_eq!(
            parse_time_expr_at("now/y", NOW, 0, true),
            Ok(parse_time_expr("2026-01-01T00:00:00Z", 0).unwrap_or(0) - 1)
        );
        assert!(parse_time_expr_at("now/q", NOW, 0, false).is_err());
        assert!(parse_time_expr_at("now-x/d", NOW, 0, false).is_err());
    }

    #[test]
    fn local_dates_without_an_offset() {
        let utc = parse_time_expr("2026-01-25T10:30:00Z", 0).unwrap_or(0);
        assert_eq!(parse_time_expr_at("2026-01-25 10:30", NOW, 0, false), Ok(utc));
        assert_eq!(parse_time_expr_at("2026-01-25T10:30:00", NOW, 60, false), Ok(utc - 3_600_000), "10:30 in UTC+1");
        assert_eq!(parse_time_expr_at("2026-01-25", NOW, 0, false), Ok(utc - 10 * 3_600_000 - 30 * 60_000));
        assert_eq!(
            parse_time_expr_at("2026-01-25T10:30:00+01:00", NOW, 300, false),
            Ok(utc - 3_600_000),
            "an explicit offset wins"
        );
        assert!(parse_time_expr_at("2026-13-01", NOW, 0, false).is_err());
        assert_eq!(parse_time_expr_at("2026-01-25 10:30:00.5", NOW, 0, false), Ok(utc + 500));
        for bad in [
            "2026-1-25",
            "2026-01-25 10",
            "2026-01-25 10:30:00:00",
            "2026-01-25 25:00",
            "2026-01-25 10:30.",
            "26-01-25",
        ] {
            assert!(parse_time_expr_at(bad, NOW, 0, false).is_err(), "{bad}");
        }
    }
}
