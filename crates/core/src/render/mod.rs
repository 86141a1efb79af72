//! From a model and a plot size to pixels: layout (plot rectangle, ticks,
//! time↔CSS px), value formatting, the scene (what to draw, in CSS px), M4
//! decimation to device-pixel columns, the software rasteriser (lines, dots
//! and markers into one image per frame), plotters drawing (text, and
//! everything in tests), and the two themes.
//!
//! Rules: pure functions of their inputs; coordinates say their space
//! (`x_css`, `x_dev`); NaN and infinite values are skipped, never drawn.

pub mod decimate;
pub mod draw;
pub mod format;
pub mod layer;
pub mod layout;
pub mod lines;
pub mod log_ticks;
pub mod overlay;
pub mod raster;
pub mod scene;
pub mod theme;
pub mod thresholds;
