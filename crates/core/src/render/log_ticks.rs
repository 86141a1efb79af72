//! The range and ticks of a logarithmic or symmetric-log y axis.
//!
//! Log rules (after uPlot's and Grafana's log axes, written anew):
//! - the range runs from the power of the base at or below the lowest
//!   positive value to the power at or above the highest (at least one power
//!   apart), so every tick of a base-10 latency axis is a round number: 1 ms,
//!   10 ms, 100 ms, 1 s;
//! - one tick per power; when the powers would sit closer than
//!   [`MIN_TICK_GAP_CSS`], every second (third, …) power only;
//! - base 10 with room to spare (a decade ≥ 60 CSS px) adds 2× and 5× ticks;
//! - non-finite or non-positive inputs give the range 1…base.
//!
//! Symlog rules ([`symlog_axis`]; Grafana's symlog is uPlot's asinh scale,
//! `asinh(v / threshold)`: linear within ± the threshold, logarithmic beyond,
//! both signs; this follows that behaviour, written anew):
//! - 0 is always on the axis and always a tick; each end is 0 when the data
//!   stay on the other side, else the power of the base at or beyond the
//!   farthest value (at least the first power at or above the threshold);
//! - ticks at ± the powers from that first one outward, each kept only when
//!   [`MIN_TICK_GAP_CSS`] from the one before it; then, inside ± the first
//!   power, 1, 2 or 5 × 10ⁿ steps where they keep that gap from every tick;
//! - non-finite inputs give 0…the first power; powers stop at the largest
//!   finite one (10^308, 2^1023);
//! - [`symlog`] and [`symlog_inverse`] stay finite for every finite value and
//!   positive threshold (a ratio that would overflow is taken in log form).

/// Closest two y ticks may sit, CSS px (an 11 px label plus a gap).
pub const MIN_TICK_GAP_CSS: f64 = 18.0;

/// A log axis: its range and tick values.
#[derive(Debug, Clone, PartialEq)]
pub struct LogAxis {
    /// Bottom value (a power of the base).
    pub v_min: f64,
    /// Top value (a power of the base).
    pub v_max: f64,
    /// Tick values, ascending.
    pub ticks: Vec<f64>,
}

/// `base^k`, exact for negative powers of 10 as far as f64 allows (1e-3, not 0.0010000000000000002).
fn power(base: f64, k: i32) -> f64 {
    if k < 0 {
        1.0 / base.powi(k.saturating_neg())
    } else {
        base.powi(k)
    }
}

/// The axis covering `[lo, hi]` (positive values) in `plot_h_css` of height.
pub fn log_axis(lo: f64, hi: f64, base: f64, plot_h_css: f64) -> LogAxis {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    let base = if base.is_finite() && base > 1.0 { base } else { 10.0 };
    let (lo, hi) = if ok(lo) && ok(hi) && hi >= lo { (lo, hi) } else { (1.0, base) };
    // Small epsilon: 0.001 is 10^-3, not just above it.
    let k_lo = (lo.log(base) + 1e-9).floor().clamp(-300.0, 300.0) as i32;
    let k_hi = ((hi.log(base) - 1e-9).ceil().clamp(-300.0, 300.0) as i32).max(k_lo + 1);
    let powers = k_hi - k_lo; // ≥ 1
    let room = (plot_h_css.max(1.0) / MIN_TICK_GAP_CSS).floor().max(1.0) as i32;
    let every = ((powers + room) / room.max(1)).max(1); // ceil((powers + 1) / room)
                                                        // 1→2 and 5→10 are the closest pairs: log10(2) of a decade apart. With
                                                        // that much room every power is kept (`every` is 1), so the ticks stay in order.
    let decade_css = plot_h_css / f64::from(powers);
    let mids: &[f64] = if base == 10.0 && decade_css * 2f64.log10() >= MIN_TICK_GAP_CSS { &[2.0, 5.0] } else { &[] };
    let mut ticks = Vec::new();
    for k in (k_lo..=k_hi).filter(|k| (k - k_lo) % every == 0) {
        let p = power(base, k);
        ticks.push(p);
        if k < k_hi {
            ticks.extend(mids.iter().map(|m| m * p));
        }
    }
    LogAxis { v_min: power(base, k_lo), v_max: power(base, k_hi), ticks }
}

/// A value's place on a symlog scale: `asinh(value / threshold)`. Where the
/// ratio would overflow (a tiny threshold, a huge value) it is computed in log
/// form, `ln 2|x|`, which is asinh there to within 1e-300: finite for every
/// finite value and positive threshold.
pub fn symlog(value: f64, threshold: f64) -> f64 {
    let ratio = value / threshold;
    if ratio.is_finite() && ratio.abs() < 1e150 {
        ratio.asinh()
    } else {
        (value.abs().ln() - threshold.ln() + std::f64::consts::LN_2).copysign(value)
    }
}

/// The value at `place` on a symlog scale (the inverse of [`symlog`]), in log
/// form where `threshold × sinh` would overflow; at most ±`f64::MAX`.
pub fn symlog_inverse(place: f64, threshold: f64) -> f64 {
    let value = threshold * place.sinh();
    if value.is_finite() || place.is_nan() {
        value
    } else {
        (place.abs() - std::f64::consts::LN_2 + threshold.ln()).exp().min(f64::MAX).copysign(place)
    }
}

/// A symlog axis covering `[lo, hi]` in `plot_h_css` of height, linear within
/// ± `threshold` (see the module's rules).
pub fn symlog_axis(lo: f64, hi: f64, base: f64, threshold: f64, plot_h_css: f64) -> LogAxis {
    let base = if base.is_finite() && base > 1.0 { base } else { 10.0 };
    let threshold = if threshold.is_finite() && threshold > 0.0 { threshold } else { 1.0 };
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi >= lo { (lo, hi) } else { (0.0, 0.0) };
    // The largest power of the base that is finite (10^308, 2^1023), and its mirror.
    let k_max = f64::MAX.log(base).floor();
    let exponent = |v: f64| (v.log(base) - 1e-9).ceil().clamp(-k_max, k_max) as i32;
    let k_first = exponent(threshold);
    let first = power(base, k_first);
    // The power at or beyond a magnitude, at least `first`.
    let cover = |magnitude: f64| if magnitude <= first { first } else { power(base, exponent(magnitude)) };
    let v_min = if lo < 0.0 { -cover(-lo) } else { 0.0 };
    let v_max = if hi > 0.0 {
        cover(hi)
    } else if v_min < 0.0 {
        0.0
    } else {
        first
    };
    let h = plot_h_css.max(1.0);
    let (s_min, s_max) = (symlog(v_min, threshold), symlog(v_max, threshold));
    let pos = |v: f64| (symlog(v, threshold) - s_min) / (s_max - s_min) * h;
    let mut ticks = vec![0.0];
    for sign in [1.0, -1.0] {
        let end = if sign > 0.0 { v_max } else { -v_min };
        let mut last = 0.0;
        for k in k_first..=k_max as i32 {
            let p = power(base, k);
            if p > end * (1.0 + 1e-9) {
                break;
            }
            if (pos(sign * p) - pos(sign * last)).abs() >= MIN_TICK_GAP_CSS {
                ticks.push(sign * p);
                last = p;
            }
        }
    }
    // Linear steps inside ± the first power, where they fit.
    let inner_css = pos(first.min(v_max.max(-v_min))) - pos(0.0);
    let steps = (inner_css.abs() / 45.0).floor().min(5.0);
    if steps >= 1.0 {
        let step = crate::render::layout::nice_step(first / (steps + 1.0));
        let fits = |v: f64, ticks: &[f64]| ticks.iter().all(|t| (pos(*t) - pos(v)).abs() >= MIN_TICK_GAP_CSS);
        for i in 1..=20 {
            let v = step * f64::from(i);
            if v >= first * (1.0 - 1e-9) {
                break;
            }
            for signed in [v, -v] {
                if (v_min..=v_max).contains(&signed) && fits(signed, &ticks) {
                    ticks.push(signed);
                }
            }
        }
    }
    ticks.sort_by(f64::total_cmp);
    LogAxis { v_min, v_max, ticks }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::strategy::Strategy;

    #[test]
    fn symlog_latency_starts_at_zero_with_powers_above_the_threshold() {
        let a = symlog_axis(0.004, 2.5, 10.0, 1.0, 200.0);
        assert_eq!((a.v_min, a.v_max), (0.0, 10.0));
        assert!(a.ticks.starts_with(&[0.0]) && a.ticks.ends_with(&[1.0, 10.0]), "{:?}", a.ticks);
        assert!(a.ticks.iter().any(|t| *t > 0.0 && *t < 1.0), "a linear step inside the threshold: {:?}", a.ticks);
        // Zeros only: 0…the first power.
        let zeros = symlog_axis(0.0, 0.0, 2.0, 1.0, 200.0);
        assert_eq!((zeros.v_min, zeros.v_max), (0.0, 1.0));
    }

    #[test]
    fn symlog_survives_extreme_thresholds() {
        for (threshold, value) in [(1e-309, 1e300), (1e-300, -1e308), (1e300, 1e290), (f64::MIN_POSITIVE, f64::MAX)] {
            let s = symlog(value, threshold);
            assert!(s.is_finite() && s.signum() == value.signum(), "{threshold} {value}: {s}");
            let back = symlog_inverse(s, threshold);
            assert!((back / value - 1.0).abs() < 1e-9, "{threshold} {value}: {back}");
        }
        let ax = symlog_axis(0.0, 1e300, 2.0, 1e300, 300.0);
        assert!(ax.v_max >= 1e300 && ax.ticks.len() >= 2, "base 2 reaches past 2^300: {ax:?}");
        assert_eq!(symlog_inverse(1e6, 1.0), f64::MAX, "beyond f64: the largest value");
    }

    #[test]
    fn symlog_is_symmetric_about_zero() {
        let a = symlog_axis(-300.0, 300.0, 10.0, 1.0, 400.0);
        assert_eq!((a.v_min, a.v_max), (-1000.0, 1000.0));
        let mirrored: Vec<f64> = a.ticks.iter().rev().map(|t| -t).collect();
        assert_eq!(a.ticks, mirrored);
        assert!(a.ticks.contains(&0.0) && a.ticks.contains(&-100.0) && a.ticks.contains(&1000.0), "{:?}", a.ticks);
        let below = symlog_axis(-5.0, -0.5, 2.0, 0.5, 200.0);
        assert_eq!((below.v_min, below.v_max), (-8.0, 0.0), "all negative: the top is 0");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn symlog_ticks_are_in_order_in_range_and_apart(
            a in magnitude(), b in magnitude(), base in proptest::sample::select(vec![2.0, 10.0]),
            threshold in (-300i32..300).prop_map(|e| 10f64.powi(e)), h in 0f64..800.0,
        ) {
            let (lo, hi) = (a.min(b), a.max(b));
            let ax = symlog_axis(lo, hi, base, threshold, h);
            proptest::prop_assert!(ax.v_min <= lo.min(0.0) && ax.v_max >= hi.max(0.0) && ax.v_max > ax.v_min, "{:?}", ax);
            proptest::prop_assert!(ax.ticks.contains(&0.0));
            let s = |v: f64| symlog(v, threshold);
            proptest::prop_assert!(s(ax.v_min).is_finite() && s(ax.v_max).is_finite(), "{:?}", ax);
            let pos = |v: f64| (s(v) - s(ax.v_min)) / (s(ax.v_max) - s(ax.v_min)) * h.max(1.0);
            for w in ax.ticks.windows(2) {
                proptest::prop_assert!(w[0] < w[1] && w[0] >= ax.v_min && w[1] <= ax.v_max, "{:?}", ax);
                proptest::prop_assert!(pos(w[1]) - pos(w[0]) >= MIN_TICK_GAP_CSS - 1e-6, "{:?}", ax);
            }
        }

        #[test]
        fn symlog_is_finite_monotonic_and_inverted(
            a in magnitude(), b in magnitude(), threshold in (-300i32..300).prop_map(|e| 10f64.powi(e)),
        ) {
            let (lo, hi) = (a.min(b), a.max(b));
            let (s_lo, s_hi) = (symlog(lo, threshold), symlog(hi, threshold));
            proptest::prop_assert!(s_lo.is_finite() && s_hi.is_finite() && s_lo <= s_hi);
            let back = symlog_inverse(s_hi, threshold);
            proptest::prop_assert!((back - hi).abs() <= 1e-9 * hi.abs().max(threshold), "{hi} → {s_hi} → {back}");
        }
    }

    /// A value between ±1e-300 and ±1e300, spread over the exponents (and 0).
    #[cfg(not(target_arch = "wasm32"))]
    fn magnitude() -> impl Strategy<Value = f64> {
        (-300i32..300, -1.0f64..1.0).prop_map(|(e, m)| m * 10f64.powi(e))
    }

    #[test]
    fn decades_of_latency() {
        let a = log_axis(0.004, 2.5, 10.0, 100.0);
        assert_eq!((a.v_min, a.v_max), (0.001, 10.0));
        assert_eq!(a.ticks, [0.001, 0.01, 0.1, 1.0, 10.0]);
        // Exact powers are their own bounds.
        let exact = log_axis(0.001, 1.0, 10.0, 100.0);
        assert_eq!((exact.v_min, exact.v_max), (0.001, 1.0));
    }

    #[test]
    fn room_to_spare_adds_two_and_five() {
        let a = log_axis(0.02, 0.3, 10.0, 300.0);
        let want = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];
        assert_eq!(a.ticks.len(), want.len(), "{:?}", a.ticks);
        assert!(a.ticks.iter().zip(want).all(|(t, w)| (t / w - 1.0).abs() < 1e-12), "{:?}", a.ticks);
    }

    #[test]
    fn crowded_powers_are_thinned_and_never_closer_than_the_gap() {
        for (lo, hi, base, h) in [(1e-9, 1e9, 10.0, 100.0), (1.0, 1e6, 2.0, 120.0), (0.5, 0.6, 2.0, 10.0)] {
            let a = log_axis(lo, hi, base, h);
            let pos = |v: f64| (v.log(base) - a.v_min.log(base)) / (a.v_max.log(base) - a.v_min.log(base)) * h;
            assert!(a.ticks.len() >= 2 || h < 2.0 * MIN_TICK_GAP_CSS, "{lo} {hi}: {:?}", a.ticks);
            for w in a.ticks.windows(2) {
                assert!(pos(w[1]) - pos(w[0]) >= MIN_TICK_GAP_CSS - 1e-6 || h < 2.0 * MIN_TICK_GAP_CSS, "{:?}", a);
            }
            assert!(a.v_min <= lo && a.v_max >= hi);
        }
    }

    #[test]
    fn bad_inputs_give_one_to_base() {
        for (lo, hi) in [(0.0, 1.0), (f64::NAN, 2.0), (-1.0, -0.5), (3.0, 2.0)] {
            let a = log_axis(lo, hi, 2.0, 200.0);
            assert_eq!((a.v_min, a.v_max), (1.0, 2.0), "{lo} {hi}");
        }
        assert_eq!(log_axis(1.0, 1.0, 10.0, 0.0).ticks, [1.0], "no room: one tick");
    }
}
