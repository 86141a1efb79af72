//! Margins: how wide a tick label is (estimated per character: no DOM
//! measurement), and the plot rectangle inside the element, whose left edge
//! makes room for the widest value label.

use super::{PlotSize, RectCss};

/// Font size of tick labels, CSS px.
pub const TICK_FONT_CSS: f64 = 11.0;
/// Width of a tick-label character, CSS px, at [`TICK_FONT_CSS`] (no DOM
/// measurement): DejaVu Sans's (Debian's `sans-serif`, measured in Chromium,
/// rounded up), the widest of the common sans-serif fonts, so labels placed by
/// it fit (`tests/e2e/chart.test.mjs` checks against the real text).
pub(super) fn char_width_css(c: char) -> f64 {
    match c {
        '0'..='9' | 'µ' | 'h' | 'n' => 7.1,
        ':' | '.' | ' ' | '/' | 'i' | 'I' | 'f' => 4.0,
        '-' => 4.1,
        's' => 5.9,
        'm' => 10.9,
        'M' => 9.6,
        '+' => 9.3,
        _ => 8.4, // K, B, T, N, a and anything else: at most this wide
    }
}
/// Least space between two time labels, CSS px.
pub(super) const LABEL_GAP_CSS: f64 = 8.0;

/// The estimated width of a tick label, CSS px.
pub fn label_width_css(label: &str) -> f64 {
    label.chars().map(char_width_css).sum()
}

/// The width of a digit, CSS px: the narrowest a value label is taken to be.
pub(super) fn digit_width_css() -> f64 {
    char_width_css('0')
}

/// The data area of an element of `size`: 8 px above, 22 px below (the time
/// labels), 14 px to the right; on the left the widest value label (6 px
/// between label and plot, 6 px to the edge), up to half the element, so
/// labels are never clipped (`None`: no labels yet). Never inverted.
pub(super) fn plot_rect(size: PlotSize, widest_label_css: Option<f64>) -> RectCss {
    let mut plot = RectCss { left: 0.0, top: 8.0, right: size.width_css - 14.0, bottom: size.height_css - 22.0 };
    if let Some(widest) = widest_label_css {
        plot.left = (widest + 12.0).min(size.width_css / 2.0).max(4.0);
        plot.right = plot.right.max(plot.left + 1.0);
        plot.bottom = plot.bottom.max(plot.top + 1.0);
    }
    plot
}
