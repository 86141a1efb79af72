//! Painting onto the page's canvases (wasm only).
//!
//! The base canvas gets a [`Scene`]'s pixel layer (background, grid, lines,
//! dots, markers: [`exemplar_core::render::layer`]) as one image, then its text
//! through plotters-canvas; the overlay canvas holds the hover ring and
//! crosshair and is cleared on its own, so a hover never repaints the base.

use plotters_canvas::CanvasBackend;
use wasm_bindgen::Clamped;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use exemplar_core::panel::BasePaint;
use exemplar_core::render::draw::{render, DrawError, PaintPixels};
use exemplar_core::render::layer::{rasterize, Item};
use exemplar_core::render::layout::PlotSize;
use exemplar_core::render::overlay::{Crosshair, OverlayPaint, BOX_STROKE, CROSSHAIR_STROKE, ZOOM_FILL};
use exemplar_core::render::raster::{Clip, Raster};
use exemplar_core::render::scene::Scene;

/// Sizes the backing store to CSS size × devicePixelRatio.
pub fn fit(canvas: &HtmlCanvasElement, size: PlotSize) {
    let (w, h) = (size.width_dev(), size.height_dev());
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
}

/// Paints a frame's base layer, writes the axes' labels as `data-x-ticks`
/// and `data-y-ticks` (the canvas has no text to read: for tests and tools),
/// and counts the paint in `data-paints`.
pub fn paint_base(canvas: &HtmlCanvasElement, base: &BasePaint) -> Result<(), DrawError> {
    paint_scene(canvas, base.size, &base.scene)?;
    let _ = canvas.set_attribute("data-y-ticks", &base.y_ticks);
    let _ = canvas.set_attribute("data-x-ticks", &base.x_ticks);
    Ok(())
}

/// Clears the base canvas (no frame: a new query failed, or is loading) and
/// its tick labels; counted as a paint, so a test can wait for it.
pub fn clear_base(canvas: &HtmlCanvasElement) {
    if let Some(ctx) = context(canvas) {
        ctx.clear_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
    }
    let _ = canvas.set_attribute("data-y-ticks", "");
    let _ = canvas.set_attribute("data-x-ticks", "");
    let paints = canvas.get_attribute("data-paints").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    let _ = canvas.set_attribute("data-paints", &(paints + 1).to_string());
}

/// Paints `scene` and counts the paint in the canvas's `data-paints` attribute.
pub fn paint_scene(canvas: &HtmlCanvasElement, size: PlotSize, scene: &Scene) -> Result<(), DrawError> {
    fit(canvas, size);
    let mut backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(|| DrawError("no 2d canvas context".into()))?;
    let ctx = context(canvas).ok_or_else(|| DrawError("no 2d canvas context".into()))?;
    render(scene, &mut backend, &mut PutPixels(ctx, canvas.clone()))?;
    // Counted in the DOM (`data-paints`), so tests can check that a hover
    // never repaints the base layer.
    let paints = canvas.get_attribute("data-paints").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    let _ = canvas.set_attribute("data-paints", &(paints + 1).to_string());
    Ok(())
}

/// Puts a run of pixel shapes on the canvas as one software-rastered image:
/// an opaque one (a frame: it starts with the background) replaces the
/// canvas's pixels with one `putImageData`; a translucent one goes through a
/// scratch canvas and one `drawImage`, which blends.
struct PutPixels(CanvasRenderingContext2d, HtmlCanvasElement);

thread_local! {
    /// The pixel buffer every panel on the page draws its layer into, kept
    /// between paints (painting is synchronous, so one is enough): a paint
    /// allocates nothing, and 20 panels hold one canvas-sized buffer, not 20.
    static PIXELS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl PaintPixels for PutPixels {
    fn paint_pixels(&mut self, items: &[Item<'_>], plot: Option<Clip>) -> Result<(), DrawError> {
        let buffer = PIXELS.with(|b| b.take());
        let r = rasterize(buffer, items, self.1.width(), self.1.height(), plot);
        let put = self.put(&r);
        PIXELS.with(|b| b.replace(r.rgba));
        put
    }
}

impl PutPixels {
    fn put(&self, r: &Raster) -> Result<(), DrawError> {
        let Self(ctx, canvas) = self;
        if r.width == 0 || r.height == 0 {
            return Ok(());
        }
        let failed = |_| DrawError("the browser refused the plot image".into());
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&r.rgba), r.width, r.height).map_err(failed)?;
        if r.opaque {
            return ctx.put_image_data(&image, f64::from(r.x), f64::from(r.y)).map_err(failed);
        }
        let scratch: HtmlCanvasElement = canvas
            .owner_document()
            .ok_or_else(|| DrawError("the canvas is not in a document".into()))?
            .create_element("canvas")
            .map_err(failed)?
            .unchecked_into();
        scratch.set_width(r.width);
        scratch.set_height(r.height);
        let scratch_ctx = context(&scratch).ok_or_else(|| DrawError("no 2d canvas context".into()))?;
        scratch_ctx.put_image_data(&image, 0.0, 0.0).map_err(failed)?;
        ctx.draw_image_with_html_canvas_element(&scratch, f64::from(r.x), f64::from(r.y)).map_err(failed)
    }
}

/// The chart as a PNG `data:` URL, at device resolution: the background,
/// the base and the overlay as drawn, and the legend strip under them
/// (`export::legend_strip`: `items` are (name, colour)). `None` when the
/// browser gives no canvas.
pub fn chart_png(
    base: &HtmlCanvasElement,
    overlay: &HtmlCanvasElement,
    items: &[(String, String)],
    theme: &exemplar_core::render::theme::Theme,
    dpr: f64,
) -> Option<String> {
    use exemplar_core::export::{legend_strip, STRIP_SWATCH_CSS};
    let document = base.owner_document()?;
    let out: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    let width_css = f64::from(base.width()) / dpr;
    let probe = context(&out)?;
    let font = "12px sans-serif";
    probe.set_font(font);
    let measure = |t: &str| probe.measure_text(t).map_or(7.0 * t.chars().count() as f64, |m| m.width());
    let (strip, strip_css) = legend_strip(items, width_css, measure);
    out.set_width(base.width());
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a few hundred CSS px × dpr
    out.set_height(base.height() + (strip_css * dpr).ceil() as u32);
    // Resizing resets the context's state: set it up again.
    let ctx = context(&out)?;
    ctx.set_fill_style_str(&theme.background.hex());
    ctx.fill_rect(0.0, 0.0, f64::from(out.width()), f64::from(out.height()));
    ctx.draw_image_with_html_canvas_element(base, 0.0, 0.0).ok()?;
    ctx.draw_image_with_html_canvas_element(overlay, 0.0, 0.0).ok()?;
    ctx.scale(dpr, dpr).ok()?;
    ctx.translate(0.0, f64::from(base.height()) / dpr).ok()?;
    ctx.set_font(font);
    ctx.set_text_baseline("middle");
    for item in &strip {
        ctx.set_fill_style_str(&item.color);
        ctx.fill_rect(item.x_css, item.y_css - 2.0, STRIP_SWATCH_CSS, 4.0);
        ctx.set_fill_style_str(&theme.text.hex());
        ctx.fill_text(&item.text, item.x_css + STRIP_SWATCH_CSS + exemplar_core::export::STRIP_GAP_CSS, item.y_css)
            .ok()?;
    }
    out.to_data_url_with_type("image/png").ok()
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Clears the overlay and paints `paint`: the zoom band of a drag, a box of
/// exemplars, another panel's hovered time, the selected dot's crosshair and ring.
pub fn paint_overlay(canvas: &HtmlCanvasElement, paint: &OverlayPaint) {
    fit(canvas, paint.size);
    let Some(ctx) = context(canvas) else { return };
    ctx.clear_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
    let shapes = &paint.shapes;
    if let Some(band) = shapes.zoom {
        ctx.set_fill_style_str(ZOOM_FILL);
        ctx.fill_rect(band.x_dev, band.y_dev, band.width_dev, band.height_dev);
    }
    if let Some(r) = paint.box_rect {
        ctx.set_fill_style_str(ZOOM_FILL);
        ctx.fill_rect(r.x_dev, r.y_dev, r.width_dev, r.height_dev);
        ctx.set_line_width(paint.box_line_width_dev);
        ctx.set_stroke_style_str(BOX_STROKE);
        ctx.stroke_rect(r.x_dev, r.y_dev, r.width_dev, r.height_dev);
    }
    ctx.set_stroke_style_str(CROSSHAIR_STROKE);
    if let Some(line) = &paint.synced {
        vertical(&ctx, line);
    }
    let (Some(line), Some(ring)) = (shapes.crosshair, shapes.ring) else { return };
    ctx.set_stroke_style_str(CROSSHAIR_STROKE);
    vertical(&ctx, &line);
    ctx.set_line_width(ring.line_width_dev);
    ctx.set_stroke_style_str(&ring.color.hex());
    ctx.begin_path();
    let _ = ctx.arc(ring.x_dev, ring.y_dev, ring.radius_dev, 0.0, std::f64::consts::TAU);
    ctx.stroke();
}

fn vertical(ctx: &CanvasRenderingContext2d, line: &Crosshair) {
    ctx.set_line_width(line.line_width_dev);
    ctx.begin_path();
    ctx.move_to(line.x_dev, line.top_dev);
    ctx.line_to(line.x_dev, line.bottom_dev);
    ctx.stroke();
}
