//! Exports of what the panel shows: a CSV of the range's series and
//! exemplars ([`csv`]), and the legend strip under a PNG of the chart
//! ([`legend_strip`]). Pure: the shell hands the text to a download and draws
//! the strip's items on a canvas.
//!
//! CSV rules (RFC 4180):
//! - one table, a header then one row per sample and per exemplar:
//!   `kind,series,timestamp_ms,time,value,labels`; `kind` is `sample` or
//!   `exemplar`; `time` is RFC 3339 in UTC (the same in every zone);
//!   `value` as Prometheus writes it (`0.0245`, `NaN`, `+Inf`); `labels` the
//!   series' labels for a sample, the exemplar's own and its series' for an
//!   exemplar, as `name="value"` pairs;
//! - a field with a comma, a quote or a line break is quoted, quotes doubled;
//! - series hidden in the legend are left out with their exemplars (the
//!   export is what is drawn), and so are exemplars the filters hide;
//! - at most [`MAX_CSV_ROWS`] rows (a page must not build hundreds of MB in
//!   one task): past them a last line, `# left out N rows`, says so. A
//!   spreadsheet reads it as one more row; a CSV reader that knows comments
//!   skips it.
//!
//! The handwritten quoting is five lines; the `csv` crate would add its
//! serde writer to the wasm for them.

use std::fmt::Write as _;

use crate::interact::frame::Frame;
use crate::render::format::prometheus_value;
use crate::time::zone::{format_local, FixedOffset, TimeFormat};

/// At most this many rows (samples and exemplars) go into a CSV.
pub const MAX_CSV_ROWS: usize = 200_000;

/// `field` as a CSV field (see the module's rules).
fn field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// `name="value", …` of `pairs`.
fn label_text<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push_str(", ");
        }
        let _ = write!(out, "{k}={v:?}");
    }
    out
}

/// RFC 3339 in UTC, ms precision (`format_local`'s typed form, not chrono's
/// pattern parser, which costs the wasm ~5 KB gzip); `<t> ms` for an instant
/// chrono cannot hold.
fn utc(t_ms: i64) -> String {
    let full = format_local(t_ms, &FixedOffset(0), TimeFormat::Full);
    match full.split_once(' ') {
        Some((day, time)) => format!("{day}T{time}Z"),
        None => full,
    }
}

/// One row.
fn row(out: &mut String, kind: &str, series: &str, t_ms: i64, value: f64, labels: &str) {
    out.push_str(kind);
    out.push(',');
    field(out, series);
    let _ = write!(out, ",{t_ms},{},{},", utc(t_ms), prometheus_value(value));
    field(out, labels);
    out.push_str("\r\n");
}

/// The CSV of `frame`: its shown series' samples, then its shown exemplars
/// (rules in the module's docs).
pub fn csv(frame: &Frame) -> String {
    let model = &frame.model;
    let mut out = String::from("kind,series,timestamp_ms,time,value,labels\r\n");
    let mut rows = 0usize;
    let mut left_out = 0usize;
    let shown = |i: usize| !frame.hidden_series.get(i).copied().unwrap_or(false);
    for s in model.series.iter().enumerate().filter(|(i, _)| shown(*i)).map(|(_, s)| s) {
        let labels = label_text(s.labels.iter());
        for (t_ms, v) in s.t_ms.iter().zip(&s.values) {
            if rows == MAX_CSV_ROWS {
                left_out += 1;
                continue;
            }
            rows += 1;
            row(&mut out, "sample", &s.name, *t_ms, *v, &labels);
        }
    }
    for &i in frame.listed() {
        let Some(e) = model.exemplars.get(i) else { continue };
        if rows == MAX_CSV_ROWS {
            left_out += 1;
            continue;
        }
        rows += 1;
        let series = model.exemplar_series_text(i).unwrap_or_default();
        let own = e.labels.iter();
        let of_series = e.series_labels.iter().filter(|(k, _)| *k != "__name__");
        row(&mut out, "exemplar", &series, e.t_ms, e.value, &label_text(own.chain(of_series)));
    }
    if left_out > 0 {
        let _ = write!(out, "# left out {left_out} rows (at most {MAX_CSV_ROWS})\r\n");
    }
    out
}

/// An export's file name: the title as a slug (ASCII letters and digits,
/// `-` between words, at most 60 characters; `exemplar-panel` without one),
/// the instant in UTC, and `ext`: `checkout-latency-20261207T184205Z.csv`.
pub fn file_name(title: &str, t_ms: i64, ext: &str) -> String {
    let mut slug = String::new();
    for word in title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        slug.push_str("exemplar-panel");
    }
    let stamp = chrono::DateTime::from_timestamp_millis(t_ms)
        .map_or_else(String::new, |d| d.format("-%Y%m%dT%H%M%SZ").to_string());
    format!("{slug}{stamp}.{ext}")
}

/// One legend entry placed on the PNG's strip, CSS px from the strip's top left.
#[derive(Clone, Debug, PartialEq)]
pub struct StripItem {
    /// The swatch's left edge (the text follows it).
    pub x_css: f64,
    /// The line's middle.
    pub y_css: f64,
    /// `#rrggbb`.
    pub color: String,
    /// The legend name.
    pub text: String,
}

/// Swatch width and the gap after it, and between items, CSS px.
pub const STRIP_SWATCH_CSS: f64 = 12.0;
/// Gap after a swatch and between items.
pub const STRIP_GAP_CSS: f64 = 6.0;
/// A line's height.
pub const STRIP_LINE_CSS: f64 = 18.0;
/// The strip's side and top margin.
pub const STRIP_MARGIN_CSS: f64 = 8.0;

/// The legend under the chart in a PNG `width_css` wide: `items` (name,
/// colour) in rows, wrapped before an item that would pass the right margin
/// (`measure` gives a text's width); the strip's height. An item wider than a
/// line has a line of its own (the canvas clips it).
pub fn legend_strip(
    items: &[(String, String)],
    width_css: f64,
    measure: impl Fn(&str) -> f64,
) -> (Vec<StripItem>, f64) {
    if items.is_empty() {
        return (Vec::new(), 0.0);
    }
    let right = width_css - STRIP_MARGIN_CSS;
    let mut out = Vec::with_capacity(items.len());
    let (mut x, mut line) = (STRIP_MARGIN_CSS, 0.0_f64);
    for (text, color) in items {
        let w = STRIP_SWATCH_CSS + STRIP_GAP_CSS + measure(text);
        if x > STRIP_MARGIN_CSS && x + w > right {
            x = STRIP_MARGIN_CSS;
            line += 1.0;
        }
        let y_css = STRIP_MARGIN_CSS + line * STRIP_LINE_CSS + STRIP_LINE_CSS / 2.0;
        out.push(StripItem { x_css: x, y_css, color: color.clone(), text: text.clone() });
        x += w + 2.0 * STRIP_GAP_CSS;
    }
    let height = 2.0 * STRIP_MARGIN_CSS + (line + 1.0) * STRIP_LINE_CSS;
    (out, height)
}

#[cfg(test)]
mod tests;
