//! The exemplar table: its columns, its rows and their order.
//!
//! Rules:
//! - the rows are the shown exemplars (filters and sampling applied), at most
//!   [`MAX_TABLE_ROWS`] of them, and the bar says how many were left out;
//! - the columns are the time, the value, one per label that tells the
//!   exemplars apart ([`PanelModel::varying`]: route, status, method…), the
//!   trace id and the links; a "Series" column (the metric, or the owning
//!   series' names) stands in when no label varies;
//! - every column sorts: a click on the column sorting already reverses it,
//!   another column sorts largest/newest first for the value and the time and
//!   A→Z for text (numbers by value: `status` 200 < 404 < 500); an exemplar
//!   without the column's text goes last either way; ties keep time order.

use std::cmp::Ordering;

use crate::config::{Format, PanelConfig, TraceDestination};
use crate::interact::frame::Frame;
use crate::links::{exemplar_links, trace_id_of, TraceLink};
use crate::model::{IndexOrder, PanelModel};
use crate::prom::parse_prom_float;
use crate::time::zone::{format_instant, LocalOffset};

/// At most this many table rows are rendered (the first ones in the chosen order).
pub const MAX_TABLE_ROWS: usize = 500;

/// A column the table sorts by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// The exemplar's time.
    Time,
    /// Its value.
    Value,
    /// Its series' text (shown when no label varies).
    Series,
    /// Its trace id.
    TraceId,
    /// A label's value (series label, else exemplar label).
    Label(String),
}

/// The exemplar table's order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SortOrder {
    /// The column.
    pub column: SortColumn,
    /// Largest, newest or Z first.
    pub descending: bool,
}

impl Default for SortOrder {
    fn default() -> Self {
        Self::SLOWEST_FIRST
    }
}

impl SortOrder {
    /// Highest value first: "the slowest traces in this window".
    pub const SLOWEST_FIRST: Self = Self { column: SortColumn::Value, descending: true };
    /// Newest first.
    pub const NEWEST_FIRST: Self = Self { column: SortColumn::Time, descending: true };

    /// The order after a click on `column`'s header (see the module's rules).
    pub fn clicked(&self, column: SortColumn) -> Self {
        if self.column == column {
            return Self { column, descending: !self.descending };
        }
        let descending = matches!(column, SortColumn::Time | SortColumn::Value);
        Self { column, descending }
    }

    /// The `aria-sort` of `column`'s header: `ascending`/`descending` on the
    /// sorting column, `None` on the others.
    pub fn aria_sort(&self, column: &SortColumn) -> Option<&'static str> {
        (self.column == *column).then_some(if self.descending { "descending" } else { "ascending" })
    }

    /// The quick `<select>`'s value for this order: `slowest`, `newest`, or
    /// `column` (a header's order, shown by the header).
    pub fn option_value(&self) -> &'static str {
        if *self == Self::SLOWEST_FIRST {
            "slowest"
        } else if *self == Self::NEWEST_FIRST {
            "newest"
        } else {
            "column"
        }
    }

    /// The order of the quick `<select>`'s option `value` (`newest`, else slowest first).
    pub fn of_option(value: &str) -> Self {
        if value == "newest" {
            Self::NEWEST_FIRST
        } else {
            Self::SLOWEST_FIRST
        }
    }

    /// `indices` (exemplars of `model`, in time order) in this order.
    pub fn sort(&self, model: &PanelModel, indices: &[usize], destinations: &[TraceDestination]) -> Vec<usize> {
        let mut rows = indices.to_vec();
        let text = |i: usize| -> Option<String> {
            match &self.column {
                SortColumn::Series => model.exemplar_series_text(i),
                SortColumn::TraceId => {
                    model.exemplars.get(i).and_then(|e| trace_id_of(&e.labels, destinations)).map(str::to_owned)
                }
                SortColumn::Label(name) => model.exemplar_label(i, name).map(str::to_owned),
                SortColumn::Time | SortColumn::Value => None,
            }
        };
        match self.column {
            SortColumn::Time | SortColumn::Value => {
                let by = if self.column == SortColumn::Time {
                    IndexOrder::TimeDescending
                } else {
                    IndexOrder::ValueDescending
                };
                model.sort_indices(&mut rows, by);
                if !self.descending {
                    rows.reverse();
                }
                rows
            }
            _ => {
                let mut keyed: Vec<(Option<String>, usize)> = rows.into_iter().map(|i| (text(i), i)).collect();
                keyed.sort_by(|(a, _), (b, _)| match (a, b) {
                    (Some(a), Some(b)) if self.descending => text_order(b, a),
                    (Some(a), Some(b)) => text_order(a, b),
                    (a, b) => b.is_some().cmp(&a.is_some()), // missing last
                });
                keyed.into_iter().map(|(_, i)| i).collect()
            }
        }
    }
}

/// Two cells' order: by number when both read as one, else by text.
fn text_order(a: &str, b: &str) -> Ordering {
    match (parse_prom_float(a), parse_prom_float(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.cmp(b),
    }
}

/// One row of the exemplar table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// Index into the model's exemplars.
    pub index: usize,
    /// What identifies the exemplar across refreshes (its time and labels):
    /// the keyboard's focus follows it when the rows are rebuilt.
    pub key: String,
    /// The exemplar's time, in the viewer's zone.
    pub time: String,
    /// Its value, in the panel's unit.
    pub value: String,
    /// The series it was recorded on ([`PanelModel::exemplar_series_text`]);
    /// shown only when [`TableRows::columns`] is empty.
    pub series: String,
    /// Its value of each of [`TableRows::columns`] (empty when it has none).
    pub labels: Vec<String>,
    /// Its trace id; empty when it has none.
    pub trace_id: String,
    /// Its trace links.
    pub links: Vec<TraceLink>,
}

/// The table's rows and how many exemplars it could have shown.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRows {
    /// The label columns, between the value and the trace id.
    pub columns: Vec<String>,
    /// At most [`MAX_TABLE_ROWS`] rows, in the chosen order.
    pub rows: Vec<TableRow>,
    /// The shown exemplars, all of them.
    pub total: usize,
}

impl TableRows {
    /// Whether the "Series" column is shown (no label tells the exemplars apart).
    pub fn series_column(&self) -> bool {
        self.columns.is_empty()
    }
}

/// "showing the first 500 of 812" when rows were left out of a table of
/// `total` shown exemplars (the frame's listed ones, [`TableRows::total`]).
pub fn table_more_text(total: usize) -> Option<String> {
    (total > MAX_TABLE_ROWS).then(|| format!("showing the first {MAX_TABLE_ROWS} of {total}"))
}

/// The exemplar table of `frame`: its shown exemplars sorted by `order`, the
/// first [`MAX_TABLE_ROWS`] of them formatted.
pub fn table_rows(
    frame: &Frame,
    config: Option<&PanelConfig>,
    format: &Format,
    order: &SortOrder,
    tz: &dyn LocalOffset,
) -> TableRows {
    let model = &*frame.model;
    let destinations = config.map_or(&[][..], |c| c.exemplar_trace_id_destinations.as_slice());
    let order = order.sort(model, frame.listed(), destinations);
    let total = order.len();
    let columns = model.varying.clone();
    let rows = order
        .into_iter()
        .take(MAX_TABLE_ROWS)
        .filter_map(|i| {
            let e = model.exemplars.get(i)?;
            Some(TableRow {
                index: i,
                key: pin_key(e.t_ms, &e.labels),
                time: format_instant(e.t_ms, tz),
                value: format.value(e.value),
                series: model.exemplar_series_text(i).unwrap_or_default(),
                labels: columns.iter().map(|c| model.exemplar_label(i, c).unwrap_or_default().to_owned()).collect(),
                trace_id: trace_id_of(&e.labels, destinations).unwrap_or_default().to_string(),
                links: config.map_or_else(Vec::new, |c| exemplar_links(model, i, c).links),
            })
        })
        .collect();
    TableRows { columns, rows, total }
}

/// A row's key: the exemplar's time and labels, as a pin knows it.
fn pin_key(t_ms: i64, labels: &crate::prom::Labels) -> String {
    let mut key = t_ms.to_string();
    for (k, v) in labels.iter() {
        key.push('\u{1f}');
        key.push_str(k);
        key.push('=');
        key.push_str(v);
    }
    key
}

/// The table's toggle: "Exemplar table (12)", or "Hide exemplar table (12)" when open.
pub fn table_toggle_label(shown: usize, open: bool) -> String {
    if open {
        format!("Hide exemplar table ({shown})")
    } else {
        format!("Exemplar table ({shown})")
    }
}

/// The exemplar table's bar: its toggle, its order, and the cap's note.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TableBar {
    /// Whether the table is open.
    pub open: bool,
    /// "Exemplar table (12)" or "Hide exemplar table (12)".
    pub toggle_label: String,
    /// "showing the first 500 of 812", when rows were left out.
    pub more: Option<String>,
    /// The rows' order.
    pub sort: SortOrder,
}

impl TableBar {
    /// The bar of a table of `listed` exemplars.
    pub fn new(listed: usize, open: bool, sort: SortOrder) -> Self {
        Self { open, toggle_label: table_toggle_label(listed, open), more: table_more_text(listed), sort }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Unit;
    use crate::links::TraceLink;
    use crate::panel::view::tests::{frame, jaeger, model};
    use crate::time::zone::FixedOffset;
    #[test]
    fn table_rows_are_formatted_in_the_chosen_order() {
        let f = frame(model(0));
        let config = jaeger();
        let t = table_rows(&f, Some(&config), &Format::of(Unit::Seconds), &SortOrder::SLOWEST_FIRST, &FixedOffset(60));
        assert_eq!(t.total, 3);
        assert_eq!(table_more_text(t.total), None);
        let order: Vec<usize> = t.rows.iter().map(|r| r.index).collect();
        assert_eq!(order, [1, 2, 0], "slowest first");
        let first = &t.rows[0];
        assert_eq!(first.time, "1970-01-01 01:00:20.000 (UTC+01:00)", "in the viewer's zone");
        assert_eq!((first.value.as_str(), first.series.as_str()), ("2 s", "p50"));
        assert_eq!(first.trace_id, "b2", "a label named like a trace id when no destination names one");
        assert!(first.links.is_empty(), "no destination for `traceID`");
        assert_eq!((t.rows[1].series.as_str(), t.rows[1].trace_id.as_str()), ("", ""), "no series, no trace id");
        let last = &t.rows[2];
        assert_eq!((last.value.as_str(), last.trace_id.as_str()), ("500 ms", "a1"));
        assert_eq!(
            last.links,
            [TraceLink { title: "Jaeger".into(), url: "http://jaeger:16686/trace/a1".into() }],
            "links from the config"
        );
        let newest = table_rows(&f, None, &Format::of(Unit::Short), &SortOrder::NEWEST_FIRST, &FixedOffset(0));
        assert_eq!(newest.rows.iter().map(|r| r.index).collect::<Vec<_>>(), [2, 1, 0]);
        assert!(newest.rows.iter().all(|r| r.links.is_empty()), "no config, no links");
        assert_eq!(newest.rows[2].value, "0.5", "the unit is the caller's");
    }

    #[test]
    fn the_table_stops_at_its_cap_and_says_so() {
        let f = frame(model(MAX_TABLE_ROWS));
        let t = table_rows(&f, None, &Format::of(Unit::Seconds), &SortOrder::SLOWEST_FIRST, &FixedOffset(0));
        assert_eq!((t.rows.len(), t.total), (MAX_TABLE_ROWS, MAX_TABLE_ROWS + 3));
        assert_eq!(table_more_text(t.total).as_deref(), Some("showing the first 500 of 503"));
        assert_eq!(t.rows[0].index, 1, "the slowest are kept");
    }

    #[test]
    fn the_table_controls_say_what_they_do() {
        assert_eq!(table_toggle_label(12, false), "Exemplar table (12)");
        assert_eq!(table_toggle_label(12, true), "Hide exemplar table (12)");
        assert_eq!(SortOrder::of_option("newest"), SortOrder::NEWEST_FIRST);
        assert_eq!(SortOrder::of_option("slowest"), SortOrder::SLOWEST_FIRST);
        assert_eq!(SortOrder::of_option(""), SortOrder::SLOWEST_FIRST);
    }

    #[test]
    fn every_column_sorts_and_a_second_click_reverses() {
        let f = frame(model(0));
        let config = jaeger();
        let order = |o: &SortOrder| -> Vec<usize> {
            table_rows(&f, Some(&config), &Format::of(Unit::Seconds), o, &FixedOffset(0))
                .rows
                .iter()
                .map(|r| r.index)
                .collect()
        };
        let by_time = SortOrder::SLOWEST_FIRST.clicked(SortColumn::Time);
        assert_eq!(by_time, SortOrder::NEWEST_FIRST, "a time header sorts newest first");
        assert_eq!(order(&by_time.clicked(SortColumn::Time)), [0, 1, 2], "then oldest first");
        assert_eq!(order(&SortOrder::SLOWEST_FIRST.clicked(SortColumn::Value)), [0, 2, 1], "fastest first");
        let trace = SortOrder::SLOWEST_FIRST.clicked(SortColumn::TraceId);
        assert!(!trace.descending, "text sorts A to Z first");
        assert_eq!(order(&trace), [0, 1, 2], "a1, b2, then the exemplar without one");
        assert_eq!(order(&trace.clicked(SortColumn::TraceId)), [1, 0, 2], "Z to A, the missing one still last");
        let route = SortOrder::SLOWEST_FIRST.clicked(SortColumn::Label("route".into()));
        assert_eq!(order(&route), [0, 1, 2], "exemplar labels sort too; ties keep time order");
        assert_eq!(route.aria_sort(&SortColumn::Label("route".into())), Some("ascending"));
        assert_eq!(route.aria_sort(&SortColumn::Time), None);
        assert_eq!((route.option_value(), SortOrder::NEWEST_FIRST.option_value()), ("column", "newest"));
    }

    #[test]
    fn numbers_sort_by_value_and_text_by_text() {
        let mut cells = vec!["500", "404", "20", "abc", "200"];
        cells.sort_by(|a, b| text_order(a, b));
        assert_eq!(cells, ["20", "200", "404", "500", "abc"]);
    }

    #[test]
    fn the_label_columns_are_the_labels_that_vary() {
        let mut m = (*model(0)).clone();
        m.varying = vec!["route".into()];
        let t = table_rows(
            &frame(std::sync::Arc::new(m)),
            None,
            &Format::of(Unit::Seconds),
            &SortOrder::NEWEST_FIRST,
            &FixedOffset(0),
        );
        assert_eq!(t.columns, ["route"]);
        assert!(!t.series_column(), "the labels tell the rows apart, not a series column");
        let cells: Vec<&[String]> = t.rows.iter().map(|r| r.labels.as_slice()).collect();
        assert_eq!(
            cells,
            [&[String::new()][..], &[String::new()], &["/pay".to_string()]],
            "newest first; missing: empty"
        );
        assert_eq!(t.rows[2].key, "10000\u{1f}route=/pay\u{1f}trace_id=a1", "the pin's identity: time and labels");
    }
}
