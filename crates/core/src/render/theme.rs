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
    /// A dark theme (named colours take their dark variant).
    pub dark: bool,
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
                Rgb(0xd6, 0x33, 0x6c),
                Rgb(0x7f, 0x8c, 0x00),
                Rgb(0x8b, 0x5a, 0x2b),
                Rgb(0x2f, 0x4b, 0x7c),
            ],
            unmatched: Rgb(120, 120, 120),
            highlight: Rgb(20, 20, 20),
            dark: false,
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
                Rgb(0xa5, 0xa8, 0xff),
                Rgb(0xff, 0x7e, 0xb6),
                Rgb(0xc0, 0xd8, 0x60),
                Rgb(0xd2, 0xa6, 0x79),
                Rgb(0xe8, 0xe8, 0xe8),
            ],
            unmatched: Rgb(150, 150, 150),
            highlight: Rgb(240, 240, 240),
            dark: true,
        }
    }

    /// A Grafana colour (a threshold's): one of Grafana's named colours
    /// (`green`, `dark-green`, `semi-dark-green`, `light-green`,
    /// `super-light-green`, and the same for `yellow`, `red`, `blue`,
    /// `orange`, `purple`) in this theme's variant, or `#rgb` / `#rrggbb`
    /// (`#rrggbbaa`: its alpha dropped); `None` for anything else, `transparent` included.
    pub fn named_color(&self, name: &str) -> Option<Rgb> {
        let name = name.trim();
        if let Some(hex) = name.strip_prefix('#') {
            return parse_hex(hex);
        }
        let (_, light, dark) = NAMED.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name))?;
        parse_hex(if self.dark { dark } else { light })
    }

    /// The colour of palette index `i`.
    pub fn series_color(&self, i: usize) -> Rgb {
        self.palette.get(i % self.palette.len().max(1)).copied().unwrap_or(self.unmatched)
    }
}

/// Grafana's named colours: name, light variant, dark variant (the values
/// of Grafana's named colour palette, `packages/grafana-data`, colors).
const NAMED: [(&str, &str, &str); 30] = [
    ("green", "56A64B", "73BF69"),
    ("dark-green", "19730E", "37872D"),
    ("semi-dark-green", "37872D", "56A64B"),
    ("light-green", "73BF69", "96D98D"),
    ("super-light-green", "96D98D", "C8F2C2"),
    ("yellow", "F2CC0C", "FADE2A"),
    ("dark-yellow", "CC9D00", "E0B400"),
    ("semi-dark-yellow", "E0B400", "F2CC0C"),
    ("light-yellow", "FADE2A", "FFEE52"),
    ("super-light-yellow", "FFEE52", "FFF899"),
    ("red", "E02F44", "F2495C"),
    ("dark-red", "AD0317", "C4162A"),
    ("semi-dark-red", "C4162A", "E02F44"),
    ("light-red", "F2495C", "FF7383"),
    ("super-light-red", "FF7383", "FFA6B0"),
    ("blue", "3274D9", "5794F2"),
    ("dark-blue", "1250B0", "1F60C4"),
    ("semi-dark-blue", "1F60C4", "3274D9"),
    ("light-blue", "5794F2", "8AB8FF"),
    ("super-light-blue", "8AB8FF", "C0D8FF"),
    ("orange", "FF780A", "FF9830"),
    ("dark-orange", "E55400", "FA6400"),
    ("semi-dark-orange", "FA6400", "FF780A"),
    ("light-orange", "FF9830", "FFB357"),
    ("super-light-orange", "FFB357", "FFCB7D"),
    ("purple", "A352CC", "B877D9"),
    ("dark-purple", "7C2EA3", "8F3BB8"),
    ("semi-dark-purple", "8F3BB8", "A352CC"),
    ("light-purple", "B877D9", "CA95E5"),
    ("super-light-purple", "CA95E5", "DEB6F2"),
];

/// `rgb`, `rrggbb` or `rrggbbaa` (hex digits) as a colour.
fn parse_hex(hex: &str) -> Option<Rgb> {
    let digit = |i: usize| hex.get(i..i + 1).and_then(|d| u8::from_str_radix(d, 16).ok());
    let pair = |i: usize| hex.get(i..i + 2).and_then(|d| u8::from_str_radix(d, 16).ok());
    match hex.len() {
        3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
        6 | 8 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
        _ => None,
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

    /// WCAG relative luminance.
    fn luminance(Rgb(r, g, b): Rgb) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// CIE76 distance between two colours (in Lab).
    fn delta_e(a: Rgb, b: Rgb) -> f64 {
        let lab = |Rgb(r, g, b): Rgb| {
            let lin = |c: u8| {
                let c = f64::from(c) / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            let (r, g, b) = (lin(r), lin(g), lin(b));
            let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
            let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
            let f = |t: f64| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
            (116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z)))
        };
        let ((l1, a1, b1), (l2, a2, b2)) = (lab(a), lab(b));
        ((l1 - l2).powi(2) + (a1 - a2).powi(2) + (b1 - b2).powi(2)).sqrt()
    }

    #[test]
    fn twelve_distinct_series_colours_with_contrast_in_both_themes() {
        for theme in [Theme::light(), Theme::dark()] {
            assert!(theme.palette.len() >= 12, "at least 12 before any repeat");
            let bg = luminance(theme.background);
            for (i, &c) in theme.palette.iter().enumerate() {
                let l = luminance(c);
                let contrast = (l.max(bg) + 0.05) / (l.min(bg) + 0.05);
                assert!(contrast >= 3.0, "colour {i} {} has {contrast:.2}:1 on the background", c.hex());
                assert!(delta_e(c, theme.unmatched) > 20.0, "colour {i} reads like the unmatched grey");
                for (j, &d) in theme.palette.iter().enumerate().skip(i + 1) {
                    let e = delta_e(c, d);
                    assert!(e >= 20.0, "colours {i} {} and {j} {} are too alike (ΔE {e:.1})", c.hex(), d.hex());
                }
            }
        }
    }

    #[test]
    fn grafanas_named_colours_follow_the_theme_and_hex_is_read() {
        let (light, dark) = (Theme::light(), Theme::dark());
        assert_eq!(light.named_color("green"), Some(Rgb(0x56, 0xA6, 0x4B)));
        assert_eq!(dark.named_color("green"), Some(Rgb(0x73, 0xBF, 0x69)));
        assert_eq!(dark.named_color(" semi-dark-red "), Some(Rgb(0xE0, 0x2F, 0x44)));
        assert_eq!(light.named_color("#f00"), Some(Rgb(255, 0, 0)));
        assert_eq!(light.named_color("#12345678"), Some(Rgb(0x12, 0x34, 0x56)));
        assert_eq!(light.named_color("transparent"), None);
        assert_eq!(light.named_color("#12"), None);
        assert_eq!(light.named_color("chartreuse"), None);
    }
}
