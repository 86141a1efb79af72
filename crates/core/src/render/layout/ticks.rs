//! Ticks: nice linear value steps (1, 2 or 5 × 10ⁿ, about one per 45 CSS
//! px), log and symlog ticks ([`crate::render::log_ticks`]), and time ticks
//! in the viewer's local time whose labels fit the element and never overlap.

use crate::config::YScale;
use crate::time::zone::{format_local, LocalOffset, TimeFormat};

use super::margins::{label_width_css, LABEL_GAP_CSS};
use super::{Layout, Tick};

impl Layout {
    /// The value ticks for data from `lo` to `hi` on a plot `plot_h` CSS px
    /// tall; a log or symlog axis, or a linear one, sets `v_min` and `v_max`.
    pub(super) fn value_ticks(&mut self, lo: f64, hi: f64, plot_h: f64) -> Vec<f64> {
        let axis = match (self.scale, self.scale.log_base()) {
            (YScale::Log(_), Some(base)) => Some(crate::render::log_ticks::log_axis(lo, hi, base, plot_h)),
            (YScale::Symlog(_, threshold), Some(base)) => {
                Some(crate::render::log_ticks::symlog_axis(lo, hi, base, threshold.get(), plot_h))
            }
            _ => None,
        };
        match axis {
            Some(axis) => {
                (self.v_min, self.v_max) = (axis.v_min, axis.v_max);
                axis.ticks
            }
            None => self.linear_ticks(plot_h),
        }
    }

    /// Linear ticks at a nice step, about one per 45 CSS px; rounds `v_max` up to a tick.
    fn linear_ticks(&mut self, plot_h: f64) -> Vec<f64> {
        let step = nice_step((self.v_max - self.v_min) / (plot_h / 45.0).clamp(2.0, 10.0));
        self.v_max = (self.v_max / step).ceil() * step;
        let mut values = Vec::new();
        let mut v = (self.v_min / step).ceil() * step;
        while v <= self.v_max + step * 1e-9 && values.len() < 50 {
            values.push(v);
            v += step;
        }
        values
    }

    pub(super) fn time_ticks(&self, tz: &dyn LocalOffset) -> Vec<Tick> {
        const STEPS_MS: [i64; 21] = [
            1_000,
            2_000,
            5_000,
            10_000,
            15_000,
            30_000,
            60_000,
            120_000,
            300_000,
            600_000,
            900_000,
            1_800_000,
            3_600_000,
            7_200_000,
            10_800_000,
            21_600_000,
            43_200_000,
            86_400_000,
            172_800_000,
            604_800_000,
            2_592_000_000,
        ];
        let width = (self.plot.right - self.plot.left).max(1.0);
        let span = (self.t_max_ms - self.t_min_ms).max(1);
        let max_ticks = (width / 90.0).floor().max(1.0) as i64;
        let first = STEPS_MS.iter().position(|s| span / s <= max_ticks).unwrap_or(STEPS_MS.len() - 1);
        // A coarse step may have no instant inside a short plot: the next finer one then.
        (0..=first)
            .rev()
            .filter_map(|i| STEPS_MS.get(i).copied())
            .map(|step| self.time_ticks_at(step, tz))
            .find(|ticks| !ticks.is_empty())
            .unwrap_or_default()
    }

    /// Time ticks every `step_ms` (local time), whose labels fit and do not overlap.
    fn time_ticks_at(&self, step: i64, tz: &dyn LocalOffset) -> Vec<Tick> {
        let pattern = if step < 60_000 {
            TimeFormat::Seconds
        } else if step < 86_400_000 {
            TimeFormat::Minutes
        } else {
            TimeFormat::Day
        };
        let offset_ms = i64::from(tz.offset_minutes(self.t_min_ms)) * 60_000;
        let local_min = self.t_min_ms + offset_ms;
        let mut t = (local_min + step - 1).div_euclid(step) * step - offset_ms;
        let mut ticks: Vec<Tick> = Vec::new();
        let mut free_from_css = 0.0; // where the next label may start
        while t <= self.t_max_ms && ticks.len() < 60 {
            let pos_css = self.css_from_time(t);
            let label = format_local(t, tz, pattern);
            let half = label_width_css(&label) / 2.0;
            // Never clipped by the element's edges, never over the previous label.
            if pos_css - half >= free_from_css && pos_css + half <= self.size.width_css {
                free_from_css = pos_css + half + LABEL_GAP_CSS;
                ticks.push(Tick { pos_css, label });
            }
            t = match t.checked_add(step) {
                Some(next) => next,
                None => break,
            };
        }
        ticks
    }
}

/// 1, 2 or 5 × 10ⁿ, at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}
