//! Replays a [`Scene`]: each run of consecutive background, grid, line, dot
//! and marker shapes goes to a [`PaintPixels`] sink as one
//! [`crate::render::layer`] image, and each label to a [`PaintText`] sink (the
//! canvas's `fillText` in the browser, recorders in tests). In a scene that is
//! one image and a few `fillText`s.
//!
//! Text is drawn with an explicit anchor, so no text is measured.

use crate::render::layer::Item;
use crate::render::raster::{Clip, MarkerBatch};
use crate::render::scene::{Anchor, Scene, Shape};
use crate::render::theme::Rgb;

/// A sink refused to draw.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct DrawError(pub String);

/// A sink that draws a run of pixel shapes at once: in the browser, one
/// software-rastered image ([`crate::render::layer`]) put on the canvas with
/// one call, so 10,000 exemplars and 66,000 samples cost a few canvas calls.
pub trait PaintPixels {
    /// Draws the items, in order; series lines stay inside `plot`.
    fn paint_pixels(&mut self, items: &[Item<'_>], plot: Option<Clip>) -> Result<(), DrawError>;
}

/// A sink that draws a label: `size` device px, sans-serif, placed by `anchor` at `at`.
pub trait PaintText {
    /// Draws one label.
    fn paint_text(
        &mut self,
        text: &str,
        at: (f64, f64),
        size: f64,
        color: Rgb,
        anchor: Anchor,
    ) -> Result<(), DrawError>;
}

/// The layer item of a shape the pixel sink draws; `None` for text.
fn item(shape: &Shape) -> Option<Item<'_>> {
    Some(match shape {
        Shape::Clear(c) => Item::Fill(*c),
        Shape::Segment { from, to, color, width } => Item::Rule { points: [*from, *to], color: *color, width: *width },
        Shape::Polyline { points, color, width } => Item::Line { points, color: *color, width: *width },
        Shape::Dots { centers, radius, color } => Item::Dots { centers, radius: *radius, color: *color },
        Shape::Markers { centers, radius, color, alpha, hollow } => {
            Item::Markers(MarkerBatch { centers, radius: *radius, color: *color, alpha: *alpha, hollow: *hollow })
        }
        Shape::Text { .. } => return None,
    })
}

/// Draws every shape of `scene` in order: runs of pixel shapes on `pixels`,
/// labels on `text`.
pub fn render(scene: &Scene, text: &mut dyn PaintText, pixels: &mut dyn PaintPixels) -> Result<(), DrawError> {
    let mut shapes = scene.shapes.iter().peekable();
    while let Some(shape) = shapes.next() {
        if let Shape::Text { at, text: label, size, color, anchor } = shape {
            text.paint_text(label, *at, *size, *color, *anchor)?;
            continue;
        }
        let mut items: Vec<Item<'_>> = item(shape).into_iter().collect();
        while let Some(next) = shapes.peek().and_then(|s| item(s)) {
            items.push(next);
            shapes.next();
        }
        pixels.paint_pixels(&items, scene.plot)?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Records the labels it is asked to draw.
    #[derive(Default)]
    pub struct Recorder {
        pub calls: Vec<String>,
    }

    impl PaintText for Recorder {
        fn paint_text(&mut self, text: &str, at: (f64, f64), _: f64, _: Rgb, anchor: Anchor) -> Result<(), DrawError> {
            self.calls.push(format!("text {text:?} {at:?} {anchor:?}"));
            Ok(())
        }
    }

    /// Records what reaches the pixel sink instead of drawing it.
    #[derive(Default)]
    struct Runs(Vec<Vec<String>>);
    impl PaintPixels for Runs {
        fn paint_pixels(&mut self, items: &[Item<'_>], plot: Option<Clip>) -> Result<(), DrawError> {
            assert_eq!(plot, Some(Clip { x0: 1, y0: 2, x1: 3, y1: 4 }));
            self.0.push(
                items
                    .iter()
                    .map(|i| match i {
                        Item::Fill(_) => "fill".to_string(),
                        Item::Rule { .. } => "rule".into(),
                        Item::Line { points, .. } => format!("line {}", points.len()),
                        Item::Dots { centers, .. } => format!("dots {}", centers.len()),
                        Item::Markers(b) => format!("markers {} {:?}", b.centers.len(), b.color),
                    })
                    .collect(),
            );
            Ok(())
        }
    }

    #[test]
    fn pixel_shapes_reach_the_sink_as_runs_and_only_text_reaches_the_backend() {
        let centers: Vec<(f64, f64)> = (0..10_000).map(|i| (f64::from(i % 800), f64::from(i / 800))).collect();
        let text = |t: &str| Shape::Text {
            at: (1.0, 2.0),
            text: t.into(),
            size: 12.0,
            color: Rgb(0, 0, 0),
            anchor: Anchor::CenterTop,
        };
        let scene = Scene {
            shapes: vec![
                Shape::Clear(Rgb(255, 255, 255)),
                Shape::Segment { from: (0.0, 1.0), to: (9.0, 1.0), color: Rgb(0, 0, 0), width: 1.0 },
                Shape::Polyline { points: vec![(0.0, 0.0), (1.0, 1.0)], color: Rgb(1, 2, 3), width: 1.0 },
                Shape::Dots { centers: vec![(3.4, 4.6)], radius: 2.5, color: Rgb(4, 5, 6) },
                Shape::Markers {
                    centers: centers.clone(),
                    radius: 3.0,
                    color: Rgb(1, 1, 1),
                    alpha: 0.7,
                    hollow: false,
                },
                Shape::Markers { centers, radius: 3.0, color: Rgb(2, 2, 2), alpha: 0.7, hollow: true },
                Shape::Text {
                    at: (1.0, 2.0),
                    text: "<b>x</b>".into(),
                    size: 22.0,
                    color: Rgb(0, 0, 0),
                    anchor: Anchor::RightMiddle,
                },
                text("a"),
                Shape::Dots { centers: vec![(3.4, 4.6)], radius: 2.5, color: Rgb(4, 5, 6) },
                text("b"),
            ],
            plot: Some(Clip { x0: 1, y0: 2, x1: 3, y1: 4 }),
        };
        let (mut r, mut runs) = (Recorder::default(), Runs::default());
        render(&scene, &mut r, &mut runs).unwrap();
        assert_eq!(
            runs.0,
            [
                vec!["fill", "rule", "line 2", "dots 1", "markers 10000 Rgb(1, 1, 1)", "markers 10000 Rgb(2, 2, 2)"],
                vec!["dots 1"]
            ]
        );
        assert_eq!(
            r.calls,
            [
                "text \"<b>x</b>\" (1.0, 2.0) RightMiddle",
                "text \"a\" (1.0, 2.0) CenterTop",
                "text \"b\" (1.0, 2.0) CenterTop"
            ]
        );
    }
}
