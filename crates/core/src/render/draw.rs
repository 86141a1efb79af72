//! Replays a [`Scene`]: each run of consecutive background, grid, line, dot
//! and marker shapes goes to a [`PaintPixels`] sink as one
//! [`crate::render::layer`] image; text goes to a plotters [`DrawingBackend`]
//! (the HTML canvas through `plotters-canvas` in the browser, a recording
//! backend in tests). In a scene that is one image and a few `fillText`s. (No
//! plotters path is kept for the pixel shapes: the wasm would carry it unused.)
//!
//! Text is drawn with an explicit anchor, so no text is measured (plotters'
//! measurement inserts DOM nodes and forces layout).

use plotters::style::{FontFamily, IntoFont, RGBColor, TextStyle};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingBackend, DrawingErrorKind};

use crate::render::layer::Item;
use crate::render::raster::{Clip, MarkerBatch};
use crate::render::scene::{Anchor, Scene, Shape};
use crate::render::theme::Rgb;

/// A backend refused to draw.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct DrawError(pub String);

fn err<E: std::error::Error + Send + Sync>(e: DrawingErrorKind<E>) -> DrawError {
    DrawError(e.to_string())
}

fn color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn coord(p: (f64, f64)) -> BackendCoord {
    // Saturating float→int casts: off-canvas points stay off-canvas.
    (p.0.round() as i32, p.1.round() as i32)
}

/// A sink that draws a run of pixel shapes at once: in the browser, one
/// software-rastered image ([`crate::render::layer`]) put on the canvas with
/// one call, so 10,000 exemplars and 66,000 samples cost a few canvas calls.
pub trait PaintPixels {
    /// Draws the items, in order; series lines stay inside `plot`.
    fn paint_pixels(&mut self, items: &[Item<'_>], plot: Option<Clip>) -> Result<(), DrawError>;
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
        Shape::Band { rect, color, alpha } => Item::Band { rect: *rect, color: *color, alpha: *alpha },
        Shape::Text { .. } => return None,
    })
}

/// Draws every shape of `scene` in order: runs of pixel shapes on `pixels`,
/// text on `backend`.
pub fn render<B: DrawingBackend>(
    scene: &Scene,
    backend: &mut B,
    pixels: &mut dyn PaintPixels,
) -> Result<(), DrawError> {
    backend.ensure_prepared().map_err(err)?;
    let mut shapes = scene.shapes.iter().peekable();
    while let Some(shape) = shapes.next() {
        if let Shape::Text { at, text, size, color: c, anchor } = shape {
            let pos = match anchor {
                Anchor::RightMiddle => Pos::new(HPos::Right, VPos::Center),
                Anchor::CenterTop => Pos::new(HPos::Center, VPos::Top),
            };
            let style: TextStyle = (FontFamily::SansSerif, *size).into_font().color(&color(*c)).pos(pos);
            backend.draw_text(text, &style, coord(*at)).map_err(err)?;
            continue;
        }
        let mut items: Vec<Item<'_>> = item(shape).into_iter().collect();
        while let Some(next) = shapes.peek().and_then(|s| item(s)) {
            items.push(next);
            shapes.next();
        }
        pixels.paint_pixels(&items, scene.plot)?;
    }
    backend.present().map_err(err)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use plotters_backend::{BackendColor, BackendStyle, BackendTextStyle};

    /// A backend that records what it is asked to draw (plotters' own tests use
    /// the same idea: assert the draw calls, not the pixels).
    #[derive(Default)]
    pub struct Recorder {
        pub calls: Vec<String>,
    }

    #[derive(Debug)]
    pub struct Never;
    impl std::fmt::Display for Never {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("never")
        }
    }
    impl std::error::Error for Never {}

    impl DrawingBackend for Recorder {
        type ErrorType = Never;
        fn get_size(&self) -> (u32, u32) {
            (800, 400)
        }
        fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Never>> {
            Ok(())
        }
        fn present(&mut self) -> Result<(), DrawingErrorKind<Never>> {
            self.calls.push("present".into());
            Ok(())
        }
        fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Result<(), DrawingErrorKind<Never>> {
            self.calls.push("pixel".into());
            Ok(())
        }
        fn draw_line<S: BackendStyle>(
            &mut self,
            a: BackendCoord,
            b: BackendCoord,
            _: &S,
        ) -> Result<(), DrawingErrorKind<Never>> {
            self.calls.push(format!("line {a:?} {b:?}"));
            Ok(())
        }
        fn draw_rect<S: BackendStyle>(
            &mut self,
            a: BackendCoord,
            b: BackendCoord,
            s: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<Never>> {
            self.calls.push(format!("rect {a:?} {b:?} {:?} fill={fill}", s.color().rgb));
            Ok(())
        }
        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            s: &S,
        ) -> Result<(), DrawingErrorKind<Never>> {
            let n = path.into_iter().count();
            self.calls.push(format!("path {n} {:?} w={}", s.color().rgb, s.stroke_width()));
            Ok(())
        }
        fn draw_circle<S: BackendStyle>(
            &mut self,
            c: BackendCoord,
            r: u32,
            s: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<Never>> {
            self.calls.push(format!("circle {c:?} r={r} {:?} a={} fill={fill}", s.color().rgb, s.color().alpha));
            Ok(())
        }
        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            vert: I,
            s: &S,
        ) -> Result<(), DrawingErrorKind<Never>> {
            let v: Vec<BackendCoord> = vert.into_iter().collect();
            self.calls.push(format!("polygon {v:?} {:?} a={}", s.color().rgb, s.color().alpha));
            Ok(())
        }
        fn draw_text<T: BackendTextStyle>(
            &mut self,
            text: &str,
            s: &T,
            at: BackendCoord,
        ) -> Result<(), DrawingErrorKind<Never>> {
            let h = match s.anchor().h_pos {
                HPos::Left => "left",
                HPos::Center => "center",
                HPos::Right => "right",
            };
            self.calls.push(format!("text {text:?} {at:?} {h}"));
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
                        Item::Band { .. } => "band".into(),
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
            ["text \"<b>x</b>\" (1, 2) right", "text \"a\" (1, 2) center", "text \"b\" (1, 2) center", "present"]
        );
    }
}
