//! What the panel's text shows, computed from its state: the notices, the
//! exemplar count, the selected exemplar resolved for the tooltip, the
//! screen reader and the host events, the exemplar table's rows, the legend's
//! items and where the tooltip goes. Pure: the shell only renders the strings.
//!
//! Rules:
//! - times are formatted in the viewer's zone, values in the panel's unit;
//! - the tooltip stays inside the plot, [`TOOLTIP_MARGIN_CSS`] from its edges.

use std::collections::BTreeSet;

use super::table::TableBar;
use crate::config::{Format, LegendCalc, LegendDisplayMode, PanelConfig, Unit};
use crate::interact::frame::Frame;
use crate::links::{exemplar_links, trace_id_of, TraceLink};
use crate::model::calcs::legend_calc;
use crate::model::{NoticeLevel, PanelModel};
use crate::render::theme::Theme;
use crate::time::zone::{format_instant, LocalOffset};

/// Gap between the dot and the tooltip, CSS px.
pub const TOOLTIP_GAP_CSS: f64 = 12.0;
/// Margin the tooltip keeps from the viewport's edges, CSS px.
pub const TOOLTIP_MARGIN_CSS: f64 = 4.0;

/// The selected exemplar, resolved for display and events.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    /// Index into the model's exemplars.
    pub index: usize,
    /// Position in the plot, CSS px.
    pub x_css: f64,
    /// Position in the plot, CSS px.
    pub y_css: f64,
    /// The exemplar's time, formatted in the viewer's zone.
    pub time: String,
    /// Its value, in the panel's unit.
    pub value: String,
    /// The series it was recorded on, as its labels read (`route="/api/pay"`; see
    /// [`crate::model::ExemplarPoint::series_text`]).
    pub series: String,
    /// The legend names of the series that own it (p99, p90, p50 of one
    /// histogram all do); empty when none matched.
    pub owners: Vec<String>,
    /// That series' colour, `#rrggbb`.
    pub color: String,
    /// Exemplar labels, those with links first.
    pub labels: Vec<(String, String)>,
    /// The labels of the series it was recorded on.
    pub series_labels: Vec<(String, String)>,
    /// Its trace links.
    pub links: Vec<TraceLink>,
    /// The value of the label that holds the trace id, for "copy trace id".
    pub trace_id: Option<String>,
}

impl Selection {
    /// The sentence a screen reader announces.
    pub fn announcement(&self) -> String {
        let labels = self.labels.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
        format!("Exemplar of {}: {} at {}. {labels}", self.series, self.value, self.time)
    }
}

/// Resolves exemplar `index` of `frame` for display.
pub fn resolve_selection(
    frame: &Frame,
    index: usize,
    config: Option<&PanelConfig>,
    format: &Format,
    theme: &Theme,
    tz: &dyn LocalOffset,
) -> Option<Selection> {
    let e = frame.model.exemplars.get(index)?;
    let (x_css, y_css) = frame.position(index)?;
    let series = frame.colour_series(index).and_then(|i| frame.model.series.get(i));
    let color = series.map_or(theme.unmatched, |s| theme.series_color(s.color)).hex();
    let owners: Vec<String> =
        e.owners.iter().filter_map(|&i| frame.model.series.get(i)).map(|s| s.name.clone()).collect();
    let destinations = config.map(|c| c.exemplar_trace_id_destinations.as_slice()).unwrap_or(&[]);
    let links = config.map(|c| exemplar_links(&frame.model, index, c).links).unwrap_or_default();
    let linked = |k: &str| destinations.iter().any(|d| d.name == k);
    let mut labels: Vec<(String, String)> = e.labels.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    labels.sort_by_key(|(k, _)| !linked(k));
    let trace_id = trace_id_of(&e.labels, destinations).map(str::to_string);
    Some(Selection {
        index,
        x_css,
        y_css,
        time: format_instant(e.t_ms, tz),
        value: format.value(e.value),
        series: frame.model.exemplar_series_text(index).unwrap_or_else(|| "(no matching series)".into()),
        owners,
        color,
        labels,
        series_labels: e.series_labels.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
        links,
        trace_id,
    })
}

/// The notices under the title, in order: what the Grafana import filled in,
/// unknown config fields, the model's notices, "no series", link warnings.
pub fn notices(
    config: Option<&PanelConfig>,
    model: Option<&PanelModel>,
    frame: Option<&Frame>,
) -> Vec<(NoticeLevel, String)> {
    let mut out: Vec<(NoticeLevel, String)> = Vec::new();
    if let Some(c) = config {
        out.extend(c.imported.iter().map(|t| (NoticeLevel::Info, format!("from Grafana: {t}"))));
        out.extend(
            c.unknown_fields
                .iter()
                .map(|f| (NoticeLevel::Warning, format!("config: unknown field `{f}` ignored (a typo?)"))),
        );
        out.extend(crate::render::thresholds::unknown_colors(&c.thresholds).into_iter().map(|color| {
            let text = format!(
                "thresholds: {color:?} is not a Grafana colour (a name like semi-dark-red, or #rrggbb): drawn grey"
            );
            (NoticeLevel::Warning, text)
        }));
    }
    if let Some(model) = model {
        out.extend(model.notices.iter().map(|n| (n.level, n.text.clone())));
        if model.series.is_empty() {
            out.push((NoticeLevel::Warning, "the queries returned no series in this time range".into()));
        }
    }
    if let Some(f) = frame {
        out.extend(f.link_warnings.iter().map(|w| (NoticeLevel::Warning, w.clone())));
    }
    out
}

/// "12 exemplars", or "showing 5 of 12 exemplars" when filters or sampling hide some.
pub fn exemplar_count_text(frame: &Frame) -> Option<String> {
    let total = frame.model.exemplars.len();
    (total > 0).then(|| {
        if frame.exemplars_hidden {
            format!("{total} exemplars hidden")
        } else if let Some((_, inside)) = &frame.boxed {
            let n = inside.len();
            format!("{n} exemplar{} in the box", if n == 1 { "" } else { "s" })
        } else if frame.shown.len() == total {
            format!("{total} exemplars")
        } else {
            format!("showing {} of {total} exemplars", frame.shown.len())
        }
    })
}

/// One legend button.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// The series' key (what hiding remembers).
    pub key: String,
    /// Its legend name.
    pub name: String,
    /// Its colour, `#rrggbb`.
    pub color: String,
    /// Whether the series is shown (not hidden from the legend).
    pub shown: bool,
    /// Its values of the legend's calcs, in their order, in the panel's unit
    /// (`–` where the series has none: no sample, or only NaN).
    pub values: Vec<(LegendCalc, String)>,
}

/// The legend of `model`'s series, in order; `hidden` holds the hidden series'
/// keys; `calcs` the values each item shows (Grafana's `legend.calcs`,
/// [`legend_calc`], over the shown range; computed here, so only a legend
/// with calcs pays a pass over the samples).
pub fn legend_items(
    model: &PanelModel,
    theme: &Theme,
    hidden: &BTreeSet<String>,
    calcs: &[LegendCalc],
    format: &Format,
) -> Vec<LegendItem> {
    model
        .series
        .iter()
        .map(|s| {
            let key = s.key();
            let shown = !hidden.contains(&key);
            let values = calcs
                .iter()
                .map(|&c| (c, legend_calc(&s.values, c).map_or_else(|| "–".to_string(), |v| format.value(v))))
                .collect();
            LegendItem { key, name: s.name.clone(), color: theme.series_color(s.color).hex(), shown, values }
        })
        .collect()
}

/// Everything the panel's text shows, rebuilt by the machine when what it
/// is made of changes (never on a pointer move): the shell renders it as it is.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PanelView {
    /// `data-state`: `loading`, `ready`, `stale` or `error`.
    pub state: &'static str,
    /// Whether the panel is dark (the config's theme, or the browser's choice).
    pub dark: bool,
    /// The title.
    pub title: String,
    /// "12 exemplars", "showing 5 of 12 exemplars", …
    pub count: Option<String>,
    /// The error line: why there is no chart, or why it is stale.
    pub failure: Option<String>,
    /// The first fetch of a query is running.
    pub loading: bool,
    /// The notices under the title, in order.
    pub notices: Vec<(NoticeLevel, String)>,
    /// The legend.
    pub legend: Vec<LegendItem>,
    /// Under the legend while the lines are stale (greyed): their time and why.
    pub stale_note: Option<String>,
    /// How the legend is laid out, and the calcs its items show (the table's columns).
    pub legend_layout: (LegendDisplayMode, Vec<LegendCalc>),
    /// The toolbar's and the filter bar's state; `None` without a valid config.
    pub controls: Option<Controls>,
    /// The exemplar table's bar.
    pub table: TableBar,
    /// The panel's queries ask for exemplars and got none: the doctor's
    /// control shows on its own, with a hint.
    pub doctor_hint: bool,
    /// The doctor's coverage gap over the plot, CSS px.
    pub gap: Option<BandCss>,
    /// The axes' labels, for screen readers (the canvas has no text to read).
    pub axes: Axes,
}

/// The labels of the two axes, in order, and the value unit's id.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Axes {
    /// The value axis's labels, bottom to top.
    pub y: Vec<String>,
    /// The time axis's labels, left to right.
    pub x: Vec<String>,
    /// The value unit (`s`, `short`, …).
    pub unit: String,
}

impl Axes {
    /// The axes of `frame`'s layout, bottom to top and left to right.
    pub fn of(frame: &Frame, unit: &Unit) -> Self {
        let mut y: Vec<(f64, String)> = frame.layout.y_ticks.iter().map(|t| (t.pos_css, t.label.clone())).collect();
        y.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut x: Vec<(f64, String)> = frame.layout.x_ticks.iter().map(|t| (t.pos_css, t.label.clone())).collect();
        x.sort_by(|a, b| a.0.total_cmp(&b.0));
        Self { y: y.into_iter().map(|t| t.1).collect(), x: x.into_iter().map(|t| t.1).collect(), unit: unit.id() }
    }
}

/// What the toolbar and the filter bar show: the effective config's values,
/// as typed where a viewer types them.
#[derive(Clone, Debug, PartialEq)]
pub struct Controls {
    /// Whether the toolbar shows.
    pub toolbar: bool,
    /// The range, as typed.
    pub time: crate::config::TimeConfig,
    /// The refresh choice, as typed.
    pub refresh: String,
    /// How values map to height (the toolbar's switch toggles it).
    pub scale: crate::config::YScale,
    /// The viewer switched exemplars off.
    pub exemplars_hidden: bool,
    /// The filters, as typed.
    pub filters: crate::config::FilterConfig,
    /// The value unit (the threshold's placeholder and parsing).
    pub unit: Unit,
    /// Every exemplar is drawn (no sampling).
    pub show_all: bool,
    /// The sync group (empty: none) and whether it syncs the range.
    pub sync: (String, bool),
}

/// A band over the plot (the doctor's coverage gap), CSS px relative to the plot element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandCss {
    /// Left edge.
    pub left: f64,
    /// Width.
    pub width: f64,
    /// Top edge (the plot's).
    pub top: f64,
    /// Height (the plot's).
    pub height: f64,
}

impl BandCss {
    /// `band` over `frame`'s plot, clipped to its data area; `None` when outside or empty.
    pub fn of(frame: &Frame, band: crate::doctor::Band) -> Option<Self> {
        let (left, width) = crate::doctor::band_css(&frame.layout, band)?;
        let plot = frame.layout.plot;
        Some(Self { left, width, top: plot.top, height: (plot.bottom - plot.top).max(0.0) })
    }
}

/// Where the tooltip of a dot goes, inside the plot (CSS px, relative to the
/// plot element; the tooltip's CSS keeps it no larger than the plot).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TooltipPlacement {
    /// The dot.
    pub x_css: f64,
    /// The dot.
    pub y_css: f64,
    /// The tooltip's measured width.
    pub tip_width_css: f64,
    /// The tooltip's measured height.
    pub tip_height_css: f64,
    /// The plot's width.
    pub plot_width_css: f64,
    /// The plot's height.
    pub plot_height_css: f64,
}

impl TooltipPlacement {
    /// The tooltip's `left` and `top`, whole CSS px: right of the dot, its top
    /// 10 px above it; left of the dot when the right side is too narrow; when
    /// neither side is wide enough (a narrow plot), below the dot, or above
    /// it; then moved inside the plot, [`TOOLTIP_MARGIN_CSS`] from its edges.
    pub fn offset_css(&self) -> (f64, f64) {
        let (pw, ph) = (self.plot_width_css, self.plot_height_css);
        let (w, h) = (self.tip_width_css, self.tip_height_css);
        let m = TOOLTIP_MARGIN_CSS;
        let right = self.x_css + TOOLTIP_GAP_CSS;
        let left = self.x_css - TOOLTIP_GAP_CSS - w;
        let clamp = |v: f64, size: f64, room: f64| v.min(room - m - size).max(m);
        let (x, y) = if right + w <= pw - m {
            (right, self.y_css - 10.0)
        } else if left >= m {
            (left, self.y_css - 10.0)
        } else {
            let below = self.y_css + TOOLTIP_GAP_CSS;
            let above = self.y_css - TOOLTIP_GAP_CSS - h;
            let y = if below + h <= ph - m || above < m { below } else { above };
            (self.x_css - w / 2.0, y)
        };
        (clamp(x, w, pw).round(), clamp(y, h, ph).round())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::TraceDestination;
    use crate::config::{Format, Unit, ValueAxis};
    use crate::interact::frame::FrameInput;
    use crate::model::{ExemplarPoint, SeriesModel};
    use crate::panel::host::ExemplarDetail;
    use crate::prom::Labels;
    use crate::render::layout::PlotSize;
    use crate::select::filter::ExemplarFilter;
    use crate::select::sample::Sampler;
    use crate::time::zone::FixedOffset;

    pub(crate) fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
    }

    pub(crate) fn series(name: &str, color: usize) -> SeriesModel {
        SeriesModel {
            ref_id: "A".into(),
            name: name.into(),
            labels: labels(&[("q", name)]),
            color,
            t_ms: (0..=10).map(|i| i * 10_000).collect(),
            values: vec![1.0; 11],
            step_ms: 10_000,
        }
    }

    /// Exemplars: 0 on p99 (`trace_id`), 1 on p50 (`traceID`), 2 on no series (no labels).
    pub(crate) fn model(extra: usize) -> Arc<PanelModel> {
        let series_labels = Arc::new(labels(&[("le", "0.5")]));
        let ex = |t_ms: i64, value: f64, series: Option<usize>, l: Labels| ExemplarPoint {
            series,
            owners: series.into_iter().collect(),
            ref_id: "A".into(),
            t_ms,
            value,
            labels: l,
            series_labels: Arc::clone(&series_labels),
        };
        let mut exemplars = vec![
            ex(10_000, 0.5, Some(0), labels(&[("trace_id", "a1"), ("route", "/pay")])),
            ex(20_000, 2.0, Some(1), labels(&[("traceID", "b2")])),
            ex(30_000, 1.25, None, Labels::new()),
        ];
        exemplars.extend((0..extra).map(|i| ex(40_000, 0.001 * i as f64, Some(0), Labels::new())));
        Arc::new(PanelModel {
            start_ms: 0,
            end_ms: 100_000,
            step_ms: 10_000,
            series: vec![series("p99", 0), series("p50", 1)],
            exemplars,
            notices: Vec::new(),
            varying: Vec::new(),
        })
    }

    pub(crate) fn frame(model: Arc<PanelModel>) -> Frame {
        let input = FrameInput {
            size: PlotSize { width_css: 800.0, height_css: 300.0, dpr: 1.0 },
            format: &Format::of(Unit::Seconds),
            axis: ValueAxis::default(),
            thresholds: None,
            scale: crate::config::YScale::Linear,
            exemplars_hidden: false,
            exemplar_box: None,
            tz: &FixedOffset(0),
            filter: &ExemplarFilter::default(),
            sampler: Sampler::All,
            hidden_series: &[false, false],
            theme: &Theme::light(),
            config: None,
        };
        Frame::build(model, &input).0
    }

    pub(crate) fn jaeger() -> PanelConfig {
        PanelConfig {
            exemplar_trace_id_destinations: vec![TraceDestination {
                name: "trace_id".into(),
                url: "http://jaeger:16686/trace/${__value.raw}".into(),
                url_display_label: "Jaeger".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn the_exemplar_detail_keeps_its_public_field_names() {
        let f = frame(model(0));
        let config = jaeger();
        let sel = resolve_selection(&f, 0, Some(&config), &Format::of(Unit::Seconds), &Theme::light(), &FixedOffset(0));
        let sel = sel.unwrap_or_else(|| panic!("exemplar 0 resolves"));
        let detail = ExemplarDetail::of(&f, &sel).unwrap_or_else(|| panic!("a detail"));
        let json = serde_json::to_value(&detail).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "labels": {"route": "/pay", "trace_id": "a1"},
                "seriesLabels": {"le": "0.5"},
                "series": "p99",
                "seriesNames": ["p99"],
                "value": 0.5,
                "timestamp": 10_000,
                "x": sel.x_css,
                "y": sel.y_css,
                "links": [{"title": "Jaeger", "url": "http://jaeger:16686/trace/a1"}],
            })
        );
        let unmatched = resolve_selection(&f, 2, None, &Format::of(Unit::Seconds), &Theme::light(), &FixedOffset(0));
        let unmatched = unmatched.unwrap_or_else(|| panic!("exemplar 2 resolves"));
        assert_eq!(unmatched.series, "(no matching series)");
        let detail = ExemplarDetail::of(&f, &unmatched).map(|d| serde_json::to_value(d).unwrap_or_default());
        assert_eq!(detail.as_ref().map(|d| &d["series"]), Some(&serde_json::json!("")), "empty, not the placeholder");
        let gone = Selection { index: 99, ..sel };
        assert_eq!(ExemplarDetail::of(&f, &gone), None, "an exemplar the frame no longer holds");
    }

    #[test]
    fn legend_items_follow_the_series() {
        let m = model(0);
        let theme = Theme::dark();
        let hidden = BTreeSet::from([m.series[0].key()]);
        let items = legend_items(&m, &theme, &hidden, &[], &Format::default());
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["p99", "p50"]);
        assert_eq!(items[1].key, m.series[1].key());
        assert_eq!(items[1].color, theme.series_color(1).hex());
        assert_eq!((items[0].shown, items[1].shown), (false, true), "hidden from the legend");
        assert!(items[0].values.is_empty(), "no calcs, no values");
    }

    #[test]
    fn legend_values_are_the_calcs_in_the_panels_unit() {
        let mut m = (*model(0)).clone();
        m.series[0].values = vec![0.25, 0.5, f64::NAN, 1.0, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5, f64::NAN];
        m.series[1].values.clear();
        let calcs = [LegendCalc::Max, LegendCalc::Mean, LegendCalc::Last, LegendCalc::LastNotNull];
        let items = legend_items(&m, &Theme::light(), &BTreeSet::new(), &calcs, &Format::of(Unit::Seconds));
        let texts = |i: usize| items[i].values.iter().map(|(c, t)| format!("{}={t}", c.id())).collect::<Vec<_>>();
        assert_eq!(texts(0), ["max=1 s", "mean=556 ms", "last=NaN", "lastNotNull=500 ms"]);
        assert_eq!(texts(1), ["max=–", "mean=–", "last=–", "lastNotNull=–"], "no samples: a dash");
    }

    fn placement(x_css: f64, y_css: f64) -> TooltipPlacement {
        TooltipPlacement {
            x_css,
            y_css,
            tip_width_css: 200.0,
            tip_height_css: 120.0,
            plot_width_css: 800.0,
            plot_height_css: 400.0,
        }
    }

    #[test]
    fn the_tooltip_goes_beside_the_dot_and_stays_inside_the_plot() {
        assert_eq!(placement(300.4, 100.0).offset_css(), (312.0, 90.0), "right of the dot, 10 px above it");
        assert_eq!(placement(750.0, 100.0).offset_css(), (538.0, 90.0), "left of the dot near the right edge");
        assert_eq!(placement(-200.0, -45.0).offset_css(), (4.0, 4.0), "never past the plot's top left");
        assert_eq!(placement(300.0, 390.0).offset_css(), (312.0, 276.0), "moved up near the bottom");
        let narrow = TooltipPlacement { plot_width_css: 380.0, ..placement(190.0, 100.0) };
        assert_eq!(narrow.offset_css(), (90.0, 112.0), "no room on either side: below the dot");
        assert_eq!(TooltipPlacement { y_css: 300.0, ..narrow }.offset_css(), (90.0, 168.0), "or above it");
        let wide = TooltipPlacement { tip_width_css: 2000.0, ..placement(300.0, 100.0) };
        assert_eq!(wide.offset_css().0, 4.0, "wider than the plot: at its left margin");
    }
}
