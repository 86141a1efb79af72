//! What the panel's text shows, computed from its state: the notices, the
//! exemplar count, and the selected exemplar resolved for the tooltip, the
//! screen reader and the host events. Pure: the shell only renders the strings.

use crate::config::{PanelConfig, Unit};
use crate::interact::frame::Frame;
use crate::links::{exemplar_links, trace_id_of, TraceLink};
use crate::model::{NoticeLevel, PanelModel};
use crate::render::format::{format_instant, format_value, LocalOffset};
use crate::render::theme::Theme;

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
    /// The series it belongs to, or "(no matching series)".
    pub series: String,
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
    unit: Unit,
    theme: &Theme,
    tz: &dyn LocalOffset,
) -> Option<Selection> {
    let e = frame.model.exemplars.get(index)?;
    let (x_css, y_css) = frame.position(index)?;
    let series = e.series.and_then(|i| frame.model.series.get(i));
    let series_name = series.map_or("", |s| s.name.as_str());
    let color = series.map_or(theme.unmatched, |s| theme.series_color(s.color)).hex();
    let destinations = config.map(|c| c.exemplar_trace_id_destinations.as_slice()).unwrap_or(&[]);
    let links = config.map(|c| exemplar_links(&frame.model, index, c).links).unwrap_or_default();
    let linked = |k: &str| destinations.iter().any(|d| d.name == k);
    let mut labels: Vec<(String, String)> = e.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    labels.sort_by_key(|(k, _)| !linked(k));
    let trace_id = trace_id_of(&e.labels, destinations).map(str::to_string);
    Some(Selection {
        index,
        x_css,
        y_css,
        time: format_instant(e.t_ms, tz),
        value: format_value(e.value, unit),
        series: if series_name.is_empty() { "(no matching series)".into() } else { series_name.to_string() },
        color,
        labels,
        series_labels: e.series_labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
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
        if frame.shown.len() == total {
            format!("{total} exemplars")
        } else {
            format!("showing {} of {total} exemplars", frame.shown.len())
        }
    })
}
