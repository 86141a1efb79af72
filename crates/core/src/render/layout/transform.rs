//! The transform: data space (`t_ms`, values) ↔ CSS px ↔ device px. Total:
//! no NaN, no division by zero, whatever the layout.

use crate::config::YScale;

use super::Layout;

impl Layout {
    /// x in CSS px of a time.
    pub fn css_from_time(&self, t_ms: i64) -> f64 {
        let span = self.t_max_ms.saturating_sub(self.t_min_ms).max(1) as f64;
        self.plot.left + t_ms.saturating_sub(self.t_min_ms) as f64 / span * (self.plot.right - self.plot.left)
    }

    /// Time of an x in CSS px.
    pub fn time_from_css(&self, x_css: f64) -> i64 {
        let w = (self.plot.right - self.plot.left).max(1.0);
        self.t_min_ms + ((x_css - self.plot.left) / w * (self.t_max_ms - self.t_min_ms) as f64).round() as i64
    }

    /// A value's position on the scale: itself (linear), its logarithm (log;
    /// −∞ for values ≤ 0) or `asinh(value / threshold)` (symlog).
    fn scaled(&self, value: f64) -> f64 {
        match (self.scale, self.scale.log_base()) {
            (YScale::Symlog(_, threshold), _) => crate::render::log_ticks::symlog(value, threshold.get()),
            (_, None) => value,
            (_, Some(_)) if value <= 0.0 => f64::NEG_INFINITY,
            (_, Some(base)) => value.log(base),
        }
    }

    /// y in CSS px of a value (clamped into a sane range for ±Inf, and for
    /// values ≤ 0 on a log scale: below the bottom).
    pub fn css_from_value(&self, value: f64) -> f64 {
        let (lo, hi) = (self.scaled(self.v_min), self.scaled(self.v_max));
        let span = if hi > lo && (hi - lo).is_finite() { hi - lo } else { 1.0 };
        let lo = if lo.is_finite() { lo } else { 0.0 };
        let frac = ((self.scaled(value) - lo) / span).clamp(-1.0, 2.0);
        self.plot.bottom - frac * (self.plot.bottom - self.plot.top)
    }

    /// The value at a y in CSS px (the inverse of [`Layout::css_from_value`] inside the plot).
    pub fn value_from_css(&self, y_css: f64) -> f64 {
        let h = (self.plot.bottom - self.plot.top).max(1.0);
        let frac = (self.plot.bottom - y_css) / h;
        let (lo, hi) = (self.scaled(self.v_min), self.scaled(self.v_max));
        match self.scale {
            YScale::Linear => self.v_min + frac * (self.v_max - self.v_min),
            YScale::Log(_) => self.scale.log_base().unwrap_or(10.0).powf(lo + frac * (hi - lo)),
            YScale::Symlog(_, threshold) => {
                crate::render::log_ticks::symlog_inverse(lo + frac * (hi - lo), threshold.get())
            }
        }
    }

    /// y in CSS px of an exemplar's value, clamped into the plot; `true` when
    /// it was clamped (the marker is then drawn hollow).
    pub fn css_from_exemplar_value(&self, value: f64) -> (f64, bool) {
        let y = self.css_from_value(value);
        if y < self.plot.top {
            (self.plot.top, true)
        } else if y > self.plot.bottom {
            (self.plot.bottom, true)
        } else {
            (y, false)
        }
    }

    /// Device px of a CSS length or coordinate.
    pub fn dev_from_css(&self, css: f64) -> f64 {
        css * self.size.dpr_or_one()
    }
}
