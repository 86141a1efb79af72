//! Colours. One palette index per series, stable across refreshes because it
//! follows series order ([`crate::model`]).

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The colours of one theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Plot background.
    pub background: Rgb,
    /// Axis labels.
    pub text: Rgb,
    /// Grid lines.
    pub grid: Rgb,
    /// Series colours, by palette index (wraps around).
    pub palette: Vec<Rgb>,
    /// Exemplars that match no series.
    pub unmatched: Rgb,
    /// Hover ring and crosshair.
    pub highlight: Rgb,
}

impl Theme {
    /// The light theme: Grafana's classic palette on white.
    pub fn light() -> Self {
        Self {
            background: Rgb(255, 255, 255),
            text: Rgb(70, 74, 84),
            grid: Rgb(232, 234, 238),
            palette: vec![
                Rgb(0x1f, 0x78, 0xc1),
                Rgb(0xe0, 0x6c, 0x1b),
                Rgb(0x37, 0x87, 0x2d),
                Rgb(0xc4, 0x16, 0x2a),
                Rgb(0x8f, 0x3b, 0xb8),
                Rgb(0x0e, 0x8a, 0x8a),
                Rgb(0xb8, 0x77, 0x00),
                Rgb(0x5a, 0x5a, 0xa8),
            ],
            unmatched: Rgb(120, 120, 120),
            highlight: Rgb(20, 20, 20),
        }
    }

    /// The dark theme: the same hues, lighter, on near-black.
    pub fn dark() -> Self {
        Self {
            background: Rgb(0x18, 0x1b, 0x1f),
            text: Rgb(0xc7, 0xd0, 0xd9),
            grid: Rgb(0x2c, 0x32, 0x39),
            palette: vec![
                Rgb(0x5a, 0xa9, 0xf0),
                Rgb(0xff, 0x98, 0x30),
                Rgb(0x73, 0xbf, 0x69),
                Rgb(0xf2, 0x49, 0x5c),
                Rgb(0xb8, 0x77, 0xd9),
                Rgb(0x3c, 0xd1, 0xc7),
                Rgb(0xfa, 0xde, 0x2a),
                Rgb(0x8a, 0xb8, 0xff),
            ],
            unmatched: Rgb(150, 150, 150),
            highlight: Rgb(240, 240, 240),
        }
    }

    /// The colour of palette index `i`.
    pub fn series_color(&self, i: usize) -> Rgb {
        self.palette.get(i % self.palette.len().max(1)).copied().unwrap_or(self.unmatched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_wraps_and_hex_formats() {
        let t = Theme::light();
        assert_eq!(t.series_color(0), t.series_color(t.palette.len()));
        assert_ne!(t.series_color(0), t.series_color(1));
        assert_eq!(Rgb(31, 120, 193).hex(), "#1f78c1");
        assert_eq!(Theme::dark().palette.len(), t.palette.len(), "series keep their index across themes");
        assert_ne!(Theme::dark().background, t.background);
        let empty = Theme { palette: Vec::new(), ..Theme::light() };
        assert_eq!(empty.series_color(3), empty.unmatched);
    }
}
