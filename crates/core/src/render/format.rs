//! Text for values: axis ticks, tooltip, readout, table, legend values, in
//! the panel's unit and decimals. (Local times are [`crate::time::zone`]'s.)
//!
//! Rules, after Grafana's value formats (`packages/grafana-data/src/
//! valueFormats`: `categories.ts`, `dateTimeFormatters.ts`, `valueFormats.ts`,
//! `symbolFormatters.ts`; read, not copied):
//! - a value scales within its unit's family: with `s`, 0.004 reads `4 ms`
//!   and 90 reads `1.5 min`; with `bytes`, 2048 reads `2 KiB`; with `short`,
//!   1,234 reads `1.23 K`; the suffixes are Grafana's (`min`, `hour`, `day`,
//!   `week`, `year`; `K`, `Mil`, `Bil`, `Tri`; `KiB`…; `kB`…);
//! - `decimals` fixes the digits after the point (Grafana's `decimals`);
//!   without it a value keeps about three significant digits (`12.3 ms`,
//!   `1.5 s`, `0.0123`), trailing zeros dropped. Grafana's own auto-decimals
//!   follow its axis ticks' steps; three digits read the same in a tooltip,
//!   a table and on an axis, so we keep them (docs/chart.md, "Units");
//! - NaN reads `NaN`, infinities `+Inf` and `-Inf`, as Prometheus writes them.

pub use crate::config::Format;
use crate::config::Unit;

impl Format {
    /// `v` in this format.
    pub fn value(&self, v: f64) -> String {
        format_value_with(v, &self.unit, self.decimals)
    }
}

/// `v` in `unit`, about three significant digits: `250 ms`, `1.5 s`, `1.23 K`.
pub fn format_value(v: f64, unit: &Unit) -> String {
    format_value_with(v, unit, None)
}

/// `v` in `unit` with `decimals` digits after the point (`None`: about three significant digits).
pub fn format_value_with(v: f64, unit: &Unit, decimals: Option<u8>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let num = |x: f64| number(x, decimals);
    let (text, suffix) = match unit {
        Unit::Short => scaled(v, 1000.0, &SHORT, decimals),
        Unit::None => (num(v), String::new()),
        Unit::Nanoseconds => time(v, NANOSECONDS, decimals),
        Unit::Microseconds => time(v, MICROSECONDS, decimals),
        Unit::Milliseconds => time(v, MILLISECONDS, decimals),
        Unit::Seconds => time(v, SECONDS, decimals),
        Unit::Minutes => time(v, MINUTES, decimals),
        Unit::Hours => time(v, HOURS, decimals),
        Unit::Days => time(v, DAYS, decimals),
        Unit::Reqps => count(v, "reqps", decimals),
        Unit::Rps => count(v, "rps", decimals),
        Unit::Ops => count(v, "ops", decimals),
        Unit::Wps => count(v, "wps", decimals),
        Unit::Percent => (num(v), "%".into()),
        Unit::PercentUnit => (num(v * 100.0), "%".into()),
        Unit::Bytes => scaled(v, 1024.0, &BINARY_BYTES, decimals),
        Unit::DecBytes => scaled(v, 1000.0, &DECIMAL_BYTES, decimals),
        Unit::Bits => scaled(v, 1024.0, &BINARY_BITS, decimals),
        Unit::DecBits => scaled(v, 1000.0, &DECIMAL_BITS, decimals),
        Unit::Suffix(text) => (num(v), format!(" {text}")),
        Unit::Prefix(text) => return format!("{text}{}", num(v)),
    };
    text + &suffix
}

const SHORT: [&str; 9] = ["", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept"];
const BINARY_BYTES: [&str; 9] = [" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB", " ZiB", " YiB"];
const DECIMAL_BYTES: [&str; 9] = [" B", " kB", " MB", " GB", " TB", " PB", " EB", " ZB", " YB"];
const BINARY_BITS: [&str; 9] = [" b", " Kib", " Mib", " Gib", " Tib", " Pib", " Eib", " Zib", " Yib"];
const DECIMAL_BITS: [&str; 9] = [" b", " kb", " Mb", " Gb", " Tb", " Pb", " Eb", " Zb", " Yb"];

/// Scaled by powers of `factor`, as Grafana's `scaledUnits`: below `factor`
/// the value itself with the first suffix; no smaller prefixes.
fn scaled(v: f64, factor: f64, suffixes: &[&str], decimals: Option<u8>) -> (String, String) {
    let mut power = 0usize;
    let mut scaled = v;
    while scaled.abs() >= factor && power + 1 < suffixes.len() {
        scaled /= factor;
        power += 1;
    }
    (number(scaled, decimals), suffixes.get(power).copied().unwrap_or("").to_string())
}

/// Grafana's `simpleCountUnit`: scaled by thousands (`K`, `M`, `B`, `T`), then the symbol.
fn count(v: f64, symbol: &str, decimals: Option<u8>) -> (String, String) {
    let (text, prefix) = scaled(v, 1000.0, &["", "K", "M", "B", "T"], decimals);
    (text, format!("{prefix} {symbol}"))
}

/// One step of a time family: values below `below` (in the input unit)
/// are divided by `divide` and get `suffix`.
type TimeStep = (f64, f64, &'static str);

/// The families of Grafana's time formatters, from the smallest step up; the
/// last step takes everything above.
const NANOSECONDS: &[TimeStep] =
    &[(1e3, 1.0, " ns"), (1e6, 1e3, " µs"), (1e9, 1e6, " ms"), (6e10, 1e9, " s"), (f64::INFINITY, 6e10, " min")];
const MICROSECONDS: &[TimeStep] = &[(1e3, 1.0, " µs"), (1e6, 1e3, " ms"), (f64::INFINITY, 1e6, " s")];
const MILLISECONDS: &[TimeStep] = &[
    (1e3, 1.0, " ms"),
    (6e4, 1e3, " s"),
    (3.6e6, 6e4, " min"),
    (8.64e7, 3.6e6, " hour"),
    (3.1536e10, 8.64e7, " day"),
    (f64::INFINITY, 3.1536e10, " year"),
];
const SECONDS: &[TimeStep] = &[
    (1e-6, 1e-9, " ns"),
    (1e-3, 1e-6, " µs"),
    (1.0, 1e-3, " ms"),
    (60.0, 1.0, " s"),
    (3600.0, 60.0, " min"),
    (86_400.0, 3600.0, " hour"),
    (604_800.0, 86_400.0, " day"),
    (31_536_000.0, 604_800.0, " week"),
    (f64::INFINITY, 3.155_69e7, " year"),
];
const MINUTES: &[TimeStep] = &[
    (60.0, 1.0, " min"),
    (1440.0, 60.0, " hour"),
    (10_080.0, 1440.0, " day"),
    (604_800.0, 10_080.0, " week"),
    (f64::INFINITY, 5.259_48e5, " year"),
];
const HOURS: &[TimeStep] =
    &[(24.0, 1.0, " hour"), (168.0, 24.0, " day"), (8760.0, 168.0, " week"), (f64::INFINITY, 8760.0, " year")];
const DAYS: &[TimeStep] = &[(7.0, 1.0, " day"), (365.0, 7.0, " week"), (f64::INFINITY, 365.0, " year")];

/// `v` in the first step of `family` it is below (0 in the unit itself).
fn time(v: f64, family: &[TimeStep], decimals: Option<u8>) -> (String, String) {
    let a = v.abs();
    let unit_step = family.iter().find(|(_, divide, _)| *divide == 1.0);
    let step = if a == 0.0 { unit_step } else { family.iter().find(|(below, _, _)| a < *below) };
    let (_, divide, suffix) = step.or(family.last()).copied().unwrap_or((f64::INFINITY, 1.0, ""));
    (number(v / divide, decimals), suffix.to_string())
}

/// A number with `decimals` digits after the point, or about three significant digits.
fn number(v: f64, decimals: Option<u8>) -> String {
    match decimals {
        Some(d) => {
            let d = usize::from(d.min(20));
            let s = format!("{v:.d$}");
            // No "-0": a value that rounds to zero reads 0.
            if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                s.trim_start_matches('-').to_string()
            } else {
                s
            }
        }
        None => sig3(v),
    }
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
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// A sample's value as Prometheus writes it (Go's `strconv.FormatFloat(v,
/// 'f', -1, 64)`: the shortest text that reads back the same, never an
/// exponent; `NaN`, `+Inf`, `-Inf`): the readout's `data-value`.
pub fn prometheus_value(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        // Rust's `Display` for f64 is the shortest round-trip decimal without an exponent.
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: f64, unit: &str) -> String {
        format_value(v, &Unit::parse(unit).unwrap_or_default())
    }

    fn fd(v: f64, unit: &str, decimals: u8) -> String {
        format_value_with(v, &Unit::parse(unit).unwrap_or_default(), Some(decimals))
    }

    #[test]
    fn seconds() {
        assert_eq!(f(0.25, "s"), "250 ms");
        assert_eq!(f(0.004, "s"), "4 ms", "the issue's example");
        assert_eq!(f(0.0123, "s"), "12.3 ms");
        assert_eq!(f(1.5, "s"), "1.5 s");
        assert_eq!(f(0.000_123, "s"), "123 µs");
        assert_eq!(f(0.000_000_5, "s"), "500 ns");
        assert_eq!(f(90.0, "s"), "1.5 min");
        assert_eq!(f(0.0, "s"), "0 s");
        assert_eq!(f(7200.0, "s"), "2 hour");
        assert_eq!(f(172_800.0, "s"), "2 day");
        assert_eq!(f(-0.004, "s"), "-4 ms", "negative values scale by their size");
    }

    /// Grafana's published cases (`valueFormats.test.ts`, `formatTests`), where our
    /// units and theirs agree: the explicit decimals.
    #[test]
    fn grafanas_cases_with_decimals() {
        assert_eq!(fd(0.0024, "ms", 4), "0.0024 ms");
        assert_eq!(fd(100.0, "ms", 0), "100 ms");
        assert_eq!(fd(1250.0, "ms", 2), "1.25 s");
        assert_eq!(fd(10_000_086.123, "ms", 1), "2.8 hour");
        assert_eq!(fd(1200.0, "ms", 0), "1 s");
        assert_eq!(fd(98_765.0, "short", 2), "98.77 K");
        // toFixed: 100 with 1 decimal; 100.37 → 100.4; 100.4 with 2 → 100.40.
        assert_eq!(fd(100.0, "none", 1), "100.0");
        assert_eq!(fd(100.37, "none", 1), "100.4");
        assert_eq!(fd(100.4, "none", 2), "100.40");
    }

    #[test]
    fn every_family_scales_as_grafana_names_it() {
        assert_eq!(f(4.0, "ms"), "4 ms");
        assert_eq!(f(4500.0, "ms"), "4.5 s");
        assert_eq!(f(90_000.0, "ms"), "1.5 min");
        assert_eq!(f(1500.0, "µs"), "1.5 ms");
        assert_eq!(f(2_500_000.0, "ns"), "2.5 ms");
        assert_eq!(f(90.0, "m"), "1.5 hour");
        assert_eq!(f(36.0, "h"), "1.5 day");
        assert_eq!(f(14.0, "d"), "2 week");
        assert_eq!(f(1234.0, "short"), "1.23 K");
        assert_eq!(f(2e6, "short"), "2 Mil");
        assert_eq!(f(0.5, "short"), "0.5");
        assert_eq!(f(-2e9, "short"), "-2 Bil");
        assert_eq!(f(1234.0, "none"), "1234");
        assert_eq!(f(1500.0, "reqps"), "1.5K reqps");
        assert_eq!(f(12.0, "ops"), "12 ops");
        assert_eq!(f(42.0, "percent"), "42%");
        assert_eq!(f(0.42, "percentunit"), "42%");
        assert_eq!(f(2048.0, "bytes"), "2 KiB");
        assert_eq!(f(2000.0, "decbytes"), "2 kB");
        assert_eq!(f(3.0 * 1024.0 * 1024.0, "bits"), "3 Mib");
        assert_eq!(f(512.0, "decbits"), "512 b");
        assert_eq!(f(12.5, "suffix:req"), "12.5 req");
        assert_eq!(f(12.5, "prefix:$"), "$12.5");
    }

    #[test]
    fn specials_and_rounding() {
        assert_eq!(f(f64::NAN, "short"), "NaN");
        assert_eq!(f(f64::INFINITY, "s"), "+Inf");
        assert_eq!(f(f64::NEG_INFINITY, "s"), "-Inf");
        assert_eq!(f(1e-300, "short"), "0");
        assert_eq!(fd(-0.001, "none", 1), "0.0", "no minus zero");
        assert_eq!(fd(1.0, "none", 255), format!("1.{}", "0".repeat(20)), "decimals capped at 20");
    }

    #[test]
    fn prometheus_writes_values_without_exponents() {
        assert_eq!(prometheus_value(0.0245), "0.0245");
        assert_eq!(prometheus_value(1e21), "1000000000000000000000");
        assert_eq!(prometheus_value(1e-7), "0.0000001");
        assert_eq!(prometheus_value(3.0), "3");
        assert_eq!(prometheus_value(f64::NAN), "NaN");
        assert_eq!(prometheus_value(f64::NEG_INFINITY), "-Inf");
    }
}
