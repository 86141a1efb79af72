//! Hit-testing: which exemplar is under the pointer.
//!
//! A uniform grid in CSS px, built once per layout. A query looks only at the
//! cells within the radius, so its cost does not grow with the number of
//! exemplars (only with how many sit under the pointer).

/// A spatial index of points in CSS px.
#[derive(Debug, Clone, Default)]
pub struct HitIndex {
    cell_css: f64,
    cols: usize,
    rows: usize,
    /// Per cell, the indices of the points in it.
    cells: Vec<Vec<usize>>,
    points: Vec<(f64, f64)>,
}

impl HitIndex {
    /// Indexes `points` (CSS px) in a `width × height` area with square cells.
    /// Points outside the area or non-finite are not indexed.
    pub fn new(points: Vec<(f64, f64)>, width_css: f64, height_css: f64, cell_css: f64) -> Self {
        let cell_css = if cell_css.is_finite() && cell_css >= 1.0 { cell_css } else { 16.0 };
        let cols = ((width_css.max(0.0) / cell_css).ceil() as usize).clamp(1, 4096);
        let rows = ((height_css.max(0.0) / cell_css).ceil() as usize).clamp(1, 4096);
        let mut cells = vec![Vec::new(); cols * rows];
        for (i, (x, y)) in points.iter().enumerate() {
            if let Some(c) = Self::cell_of(cell_css, cols, rows, *x, *y) {
                if let Some(cell) = cells.get_mut(c) {
                    cell.push(i);
                }
            }
        }
        Self { cell_css, cols, rows, cells, points }
    }

    fn cell_of(cell_css: f64, cols: usize, rows: usize, x: f64, y: f64) -> Option<usize> {
        if !(x.is_finite() && y.is_finite()) || x < 0.0 || y < 0.0 {
            return None;
        }
        let (c, r) = ((x / cell_css) as usize, (y / cell_css) as usize);
        (c < cols && r < rows).then_some(r * cols + c)
    }

    /// The point nearest to `(x, y)` within `radius_css`, if any. Ties go to the
    /// later point (drawn on top).
    pub fn nearest(&self, x_css: f64, y_css: f64, radius_css: f64) -> Option<usize> {
        if !(x_css.is_finite() && y_css.is_finite() && radius_css.is_finite()) {
            return None;
        }
        let to_cell = |v: f64, n: usize| ((v / self.cell_css).floor().max(0.0) as usize).min(n.saturating_sub(1));
        let (c0, c1) = (to_cell(x_css - radius_css, self.cols), to_cell(x_css + radius_css, self.cols));
        let (r0, r1) = (to_cell(y_css - radius_css, self.rows), to_cell(y_css + radius_css, self.rows));
        let mut best: Option<(f64, usize)> = None;
        for r in r0..=r1 {
            for c in c0..=c1 {
                for &i in self.cells.get(r * self.cols + c).map(Vec::as_slice).unwrap_or(&[]) {
                    let Some((px, py)) = self.points.get(i) else { continue };
                    let d2 = (px - x_css).powi(2) + (py - y_css).powi(2);
                    if d2 <= radius_css * radius_css && best.is_none_or(|(b, bi)| d2 < b || (d2 == b && i > bi)) {
                        best = Some((d2, i));
                    }
                }
            }
        }
        best.map(|(_, i)| i)
    }

    /// The indexed position of point `i`.
    pub fn position(&self, i: usize) -> Option<(f64, f64)> {
        self.points.get(i).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(points: &[(f64, f64)], x: f64, y: f64, r: f64) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (i, (px, py)) in points.iter().enumerate() {
            let d2 = (px - x).powi(2) + (py - y).powi(2);
            if d2 <= r * r && best.is_none_or(|(b, _)| d2 <= b) {
                best = Some((d2, i));
            }
        }
        best.map(|(_, i)| i)
    }

    #[test]
    fn finds_the_nearest_within_the_radius() {
        let idx = HitIndex::new(vec![(10.0, 10.0), (30.0, 10.0), (31.0, 11.0)], 100.0, 50.0, 16.0);
        assert_eq!(idx.nearest(12.0, 11.0, 6.0), Some(0));
        assert_eq!(idx.nearest(30.8, 10.9, 6.0), Some(2));
        assert_eq!(idx.nearest(60.0, 40.0, 6.0), None);
        assert_eq!(idx.nearest(f64::NAN, 1.0, 6.0), None);
        assert_eq!(idx.position(1), Some((30.0, 10.0)));
    }

    #[test]
    fn agrees_with_brute_force_across_cell_borders() {
        // A deterministic scatter (LCG) with many points near cell borders.
        let mut seed: u64 = 42;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as f64) / f64::from(u32::MAX >> 1)
        };
        let points: Vec<(f64, f64)> = (0..2000).map(|_| (next() * 400.0, next() * 200.0)).collect();
        let idx = HitIndex::new(points.clone(), 400.0, 200.0, 16.0);
        for _ in 0..2000 {
            let (x, y) = (next() * 420.0 - 10.0, next() * 220.0 - 10.0);
            assert_eq!(idx.nearest(x, y, 8.0), brute(&points, x, y, 8.0), "at {x},{y}");
        }
    }

    #[test]
    fn ignores_points_off_the_area_and_bad_sizes() {
        let idx = HitIndex::new(vec![(-5.0, 5.0), (5.0, f64::INFINITY), (500.0, 5.0)], 100.0, 100.0, f64::NAN);
        assert_eq!(idx.nearest(0.0, 5.0, 10.0), None);
        assert_eq!(idx.nearest(99.0, 5.0, 10.0), None);
        let empty = HitIndex::new(Vec::new(), 0.0, 0.0, 0.0);
        assert_eq!(empty.nearest(0.0, 0.0, 10.0), None);
    }
}
