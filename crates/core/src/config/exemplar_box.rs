//! A box of exemplars: a time × value rectangle the viewer drew (shift-drag, or Shift+←/→: `panel::keybox`),
//! kept in the config (`exemplarBox`) so the app's URL keeps it. In data
//! space, not pixels: it survives a resize and a change of scale.

use serde::{Deserialize, Serialize};

/// The rectangle: `from`–`to` (epoch ms) × `min`–`max` (values in the panel's unit), edges included.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExemplarBox {
    /// Start, epoch ms.
    pub from: i64,
    /// End, epoch ms.
    pub to: i64,
    /// Lowest value.
    pub min: f64,
    /// Highest value.
    pub max: f64,
}

impl ExemplarBox {
    /// The box spanned by two corners, whichever way they were drawn.
    pub fn spanning((t0, v0): (i64, f64), (t1, v1): (i64, f64)) -> Self {
        Self { from: t0.min(t1), to: t0.max(t1), min: v0.min(v1), max: v0.max(v1) }
    }

    /// Whether an exemplar at `t_ms` with `value` lies inside (edges included; NaN never).
    pub fn contains(&self, t_ms: i64, value: f64) -> bool {
        (self.from..=self.to).contains(&t_ms) && value >= self.min && value <= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_in_any_order_and_edges_included() {
        let b = ExemplarBox::spanning((2000, 0.5), (1000, 0.1));
        assert_eq!(b, ExemplarBox { from: 1000, to: 2000, min: 0.1, max: 0.5 });
        assert!(b.contains(1000, 0.1) && b.contains(2000, 0.5) && b.contains(1500, 0.3));
        assert!(!b.contains(999, 0.3) && !b.contains(1500, 0.51) && !b.contains(1500, f64::NAN));
        let json = serde_json::to_string(&b).unwrap_or_default();
        assert_eq!(json, r#"{"from":1000,"to":2000,"min":0.1,"max":0.5}"#);
        assert_eq!(serde_json::from_str::<ExemplarBox>(&json).ok(), Some(b));
    }
}
