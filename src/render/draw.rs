//! Replays a [`Scene`] onto any plotters [`DrawingBackend`]: the HTML canvas in
//! the browser (`plotters-canvas`), a recording backend in tests.
//!
//! Text is drawn with an explicit anchor, so no text is measured (plotters'
//! measurement inserts DOM nodes and forces layout).

use plotters::style::{Color, FontFamily, IntoFont, RGBColor, ShapeStyle, TextStyle};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingBackend, DrawingErrorKind};

use crate::render::raster::MarkerBatch;
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

fn stroke(c: Rgb, width: f64) -> ShapeStyle {
    ShapeStyle { color: color(c).to_rgba(), filled: false, stroke_width: width.round().max(1.0) as u32 }
}

/// A sink that draws all the exemplar markers of a scene at once: in the
/// browser, one software-rastered image ([`crate::render::raster`]) composited with one
/// `drawImage`, so 10,000 exemplars cost three canvas calls, not 10,000 fills.
pub trait FillMarkers {
    /// Draws the batches, in order.
    fn fill_markers(&mut self, batches: &[MarkerBatch<'_>]) -> Result<(), DrawError>;
}

/// The corners of the diamond marker around `center`: top, right, bottom, left.
pub fn diamond(center: (f64, f64), radius: f64) -> [(f64, f64); 4] {
    let (x, y) = center;
    [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)]
}

/// Draws every shape of `scene` in order. Marker batches go to `markers` when
/// given, else each diamond is a polygon on `backend` (plotters has no batch).
pub fn render<B: DrawingBackend>(
    scene: &Scene,
    backend: &mut B,
    mut markers: Option<&mut dyn FillMarkers>,
) -> Result<(), DrawError> {
    backend.ensure_prepared().map_err(err)?;
    let (w, h) = backend.get_size();
    let mut shapes = scene.shapes.iter().peekable();
    while let Some(shape) = shapes.next() {
        match shape {
            Shape::Clear(c) => {
                let style = ShapeStyle { color: color(*c).to_rgba(), filled: true, stroke_width: 0 };
                backend.draw_rect((0, 0), (w as i32, h as i32), &style, true).map_err(err)?;
            }
            Shape::Segment { from, to, color: c, width } => {
                backend.draw_line(coord(*from), coord(*to), &stroke(*c, *width)).map_err(err)?;
            }
            Shape::Polyline { points, color: c, width } => {
                backend.draw_path(points.iter().copied().map(coord), &stroke(*c, *width)).map_err(err)?;
            }
            Shape::Dots { centers, radius, color: c } => {
                let style = ShapeStyle { color: color(*c).to_rgba(), filled: true, stroke_width: 1 };
                // Saturating float→int casts, as in `coord`.
                let r = radius.round().max(1.0) as u32;
                for center in centers {
                    backend.draw_circle(coord(*center), r, &style, true).map_err(err)?;
                }
            }
            Shape::Markers { centers, radius, color: c, alpha, hollow } => {
                let mut batches =
                    vec![MarkerBatch { centers, radius: *radius, color: *c, alpha: *alpha, hollow: *hollow }];
                // Consecutive batches go to the sink together (one image for all colours).
                while let Some(Shape::Markers { centers, radius, color, alpha, hollow }) = shapes.peek() {
                    batches.push(MarkerBatch {
                        centers,
                        radius: *radius,
                        color: *color,
                        alpha: *alpha,
                        hollow: *hollow,
                    });
                    shapes.next();
                }
                match markers.as_deref_mut() {
                    Some(sink) => sink.fill_markers(&batches)?,
                    None => {
                        for b in &batches {
                            let style = ShapeStyle {
                                color: color(b.color).mix(b.alpha.clamp(0.0, 1.0)),
                                filled: true,
                                stroke_width: 1,
                            };
                            for center in b.centers {
                                let corners = diamond(*center, b.radius).map(coord);
                                if b.hollow {
                                    let outline = corners.iter().chain(corners.first()).copied();
                                    backend.draw_path(outline, &style.stroke_width(1)).map_err(err)?;
                                } else {
                                    backend.fill_polygon(corners, &style).map_err(err)?;
                                }
                            }
                        }
                    }
                }
            }
            Shape::Text { at, text, size, color: c, anchor } => {
                let pos = match anchor {
                    Anchor::RightMiddle => Pos::new(HPos::Right, VPos::Center),
                    Anchor::CenterTop => Pos::new(HPos::Center, VPos::Top),
                };
                let style: TextStyle = (FontFamily::SansSerif, *size).into_font().color(&color(*c)).pos(pos);
                backend.draw_text(text, &style, coord(*at)).map_err(err)?;
            }
        }
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

    #[test]
    fn replays_shapes_as_backend_calls() {
        let scene = Scene {
            shapes: vec![
                Shape::Clear(Rgb(255, 255, 255)),
                Shape::Polyline {
                    points: vec![(0.0, 0.0), (10.4, 10.6), (20.0, 5.0)],
                    color: Rgb(1, 2, 3),
                    width: 3.0,
                },
                Shape::Markers {
                    centers: vec![(5.0, 5.0), (6.0, 6.0)],
                    radius: 7.0,
                    color: Rgb(9, 9, 9),
                    alpha: 0.5,
                    hollow: false,
                },
                Shape::Dots { centers: vec![(3.4, 4.6)], radius: 2.5, color: Rgb(4, 5, 6) },
                Shape::Text {
                    at: (1.0, 2.0),
                    text: "<b>x</b>".into(),
                    size: 22.0,
                    color: Rgb(0, 0, 0),
                    anchor: Anchor::RightMiddle,
                },
                Shape::Segment { from: (0.0, 1.0), to: (f64::INFINITY, 1.0), color: Rgb(0, 0, 0), width: 0.2 },
            ],
        };
        let mut r = Recorder::default();
        render(&scene, &mut r, None).unwrap();
        assert_eq!(
            r.calls,
            [
                "rect (0, 0) (800, 400) (255, 255, 255) fill=true",
                "path 3 (1, 2, 3) w=3",
                "polygon [(5, -2), (12, 5), (5, 12), (-2, 5)] (9, 9, 9) a=0.5",
                "polygon [(6, -1), (13, 6), (6, 13), (-1, 6)] (9, 9, 9) a=0.5",
                "circle (3, 5) r=3 (4, 5, 6) a=1 fill=true",
                "text \"<b>x</b>\" (1, 2) right",
                "line (0, 1) (2147483647, 1)",
                "present",
            ]
        );
    }

    /// Counts batches instead of drawing them.
    #[derive(Default)]
    struct Batches(Vec<Vec<(usize, Rgb)>>);
    impl FillMarkers for Batches {
        fn fill_markers(&mut self, batches: &[MarkerBatch<'_>]) -> Result<(), DrawError> {
            self.0.push(batches.iter().map(|b| (b.centers.len(), b.color)).collect());
            Ok(())
        }
    }

    #[test]
    fn ten_thousand_markers_reach_the_sink_in_one_call_and_no_backend_draws() {
        let centers: Vec<(f64, f64)> = (0..10_000).map(|i| (f64::from(i % 800), f64::from(i / 800))).collect();
        let scene = Scene {
            shapes: vec![
                Shape::Markers {
                    centers: centers.clone(),
                    radius: 3.0,
                    color: Rgb(1, 1, 1),
                    alpha: 0.7,
                    hollow: false,
                },
                Shape::Markers { centers, radius: 3.0, color: Rgb(2, 2, 2), alpha: 0.7, hollow: true },
            ],
        };
        let (mut r, mut batches) = (Recorder::default(), Batches::default());
        render(&scene, &mut r, Some(&mut batches)).unwrap();
        assert_eq!(batches.0, [vec![(10_000, Rgb(1, 1, 1)), (10_000, Rgb(2, 2, 2))]]);
        assert_eq!(r.calls, ["present"], "no per-marker calls reach the backend");
    }
}
