//! The link editor's two tables, as data: each table's title, help, test ids
//! and columns (label, test id, getter, setter), and the edits a row takes
//! (set a cell, add, remove) with the problems shown under it.

use super::LinkTables;
use crate::config::{Datasource, TraceDestination};
use crate::links::{validate_tables, TableProblem};

/// One editable column of a table: its label, test id prefix, getter, setter.
pub struct Column<T> {
    /// The label above the input.
    pub label: &'static str,
    /// The inputs' test id prefix (`dest-name` → `dest-name-0`, `dest-name-1`, …).
    pub testid: &'static str,
    /// The cell's text.
    pub get: fn(&T) -> String,
    /// Sets the cell.
    pub set: fn(&mut T, String),
}

impl<T> Column<T> {
    /// The test id of this column's input in row `row`.
    pub fn testid_of(&self, row: usize) -> String {
        format!("{}-{row}", self.testid)
    }
}

/// Which table of [`LinkTables`] an editor edits.
pub struct TableSpec<T: 'static> {
    /// The section's heading.
    pub title: &'static str,
    /// The section's help text.
    pub help: &'static str,
    /// Every row's test id.
    pub row_testid: &'static str,
    /// The add button's test id.
    pub add_testid: &'static str,
    /// The add button's text.
    pub add_label: &'static str,
    rows: fn(&LinkTables) -> &Vec<T>,
    rows_mut: fn(&mut LinkTables) -> &mut Vec<T>,
    /// The columns, in order.
    pub columns: &'static [Column<T>],
    /// The row a problem belongs to, if it is one of this table's.
    problem_row: fn(&TableProblem) -> Option<(usize, &String)>,
    new_row: fn() -> T,
}

impl<T> TableSpec<T> {
    /// How many rows the table has.
    pub fn len(&self, tables: &LinkTables) -> usize {
        (self.rows)(tables).len()
    }

    /// The text of `column` in row `row` (empty past the end).
    pub fn cell(&self, tables: &LinkTables, row: usize, column: &Column<T>) -> String {
        (self.rows)(tables).get(row).map(column.get).unwrap_or_default()
    }

    /// Sets `column` of row `row` to `value` (nothing past the end).
    pub fn set_cell(&self, tables: &mut LinkTables, row: usize, column: &Column<T>, value: String) {
        if let Some(r) = (self.rows_mut)(tables).get_mut(row) {
            (column.set)(r, value);
        }
    }

    /// Appends a new row with this table's defaults.
    pub fn add_row(&self, tables: &mut LinkTables) {
        (self.rows_mut)(tables).push((self.new_row)());
    }

    /// Removes row `row` (nothing past the end).
    pub fn remove_row(&self, tables: &mut LinkTables, row: usize) {
        let rows = (self.rows_mut)(tables);
        if row < rows.len() {
            rows.remove(row);
        }
    }

    /// What would make row `row` give no link, one message each.
    pub fn problems(&self, tables: &LinkTables, row: usize) -> Vec<String> {
        validate_tables(&tables.exemplar_trace_id_destinations, &tables.datasources)
            .iter()
            .filter_map(|p| (self.problem_row)(p).filter(|(r, _)| *r == row).map(|(_, m)| m.clone()))
            .collect()
    }
}

/// The trace destinations table.
pub static DESTINATIONS: TableSpec<TraceDestination> = TableSpec {
    title: "Destinations",
    help: "Like Grafana's exemplarTraceIdDestinations. Variables: ${__value.raw}, ${__data.fields.span_id}, ${__series.name}, ${__from}, ${__to:date:iso}.",
    row_testid: "destination-row",
    add_testid: "add-destination",
    add_label: "Add destination",
    rows: |t| &t.exemplar_trace_id_destinations,
    rows_mut: |t| &mut t.exemplar_trace_id_destinations,
    columns: &[
        Column { label: "name", testid: "dest-name", get: |d| d.name.clone(), set: |d, v| d.name = v },
        Column { label: "url", testid: "dest-url", get: |d| d.url.clone(), set: |d, v| d.url = v },
        Column {
            label: "datasourceUid",
            testid: "dest-uid",
            get: |d| d.datasource_uid.clone(),
            set: |d, v| d.datasource_uid = v,
        },
        Column {
            label: "urlDisplayLabel",
            testid: "dest-label",
            get: |d| d.url_display_label.clone(),
            set: |d, v| d.url_display_label = v,
        },
    ],
    problem_row: |p| match p {
        TableProblem::Destination(r, m) => Some((*r, m)),
        TableProblem::Datasource(..) => None,
    },
    new_row: || TraceDestination { name: "trace_id".into(), ..TraceDestination::default() },
};

/// The datasources table.
pub static DATASOURCES: TableSpec<Datasource> = TableSpec {
    title: "Datasources",
    help: "Resolve a destination's datasourceUid without Grafana. Types: jaeger, zipkin, tempo (with grafanaUrl: via Grafana Explore), grafana (url = Grafana, grafanaDatasourceUid = its tracing datasource); any other type: url is a template.",
    row_testid: "datasource-row",
    add_testid: "add-datasource",
    add_label: "Add datasource",
    rows: |t| &t.datasources,
    rows_mut: |t| &mut t.datasources,
    columns: &[
        Column { label: "uid", testid: "ds-uid", get: |d| d.uid.clone(), set: |d, v| d.uid = v },
        Column { label: "name", testid: "ds-name", get: |d| d.name.clone(), set: |d, v| d.name = v },
        Column { label: "type", testid: "ds-type", get: |d| d.kind.clone(), set: |d, v| d.kind = v },
        Column { label: "url", testid: "ds-url", get: |d| d.url.clone(), set: |d, v| d.url = v },
        Column { label: "grafanaUrl", testid: "ds-grafana", get: |d| d.grafana_url.clone(), set: |d, v| d.grafana_url = v },
        Column {
            label: "grafanaDatasourceUid",
            testid: "ds-grafana-uid",
            get: |d| d.grafana_datasource_uid.clone(),
            set: |d, v| d.grafana_datasource_uid = v,
        },
    ],
    problem_row: |p| match p {
        TableProblem::Datasource(r, m) => Some((*r, m)),
        TableProblem::Destination(..) => None,
    },
    new_row: || Datasource { kind: "jaeger".into(), ..Datasource::default() },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn column<T>(spec: &TableSpec<T>, label: &str) -> &'static Column<T> {
        spec.columns.iter().find(|c| c.label == label).unwrap()
    }

    #[test]
    fn new_rows_have_the_defaults() {
        let mut t = LinkTables::default();
        DESTINATIONS.add_row(&mut t);
        DATASOURCES.add_row(&mut t);
        assert_eq!(
            t.exemplar_trace_id_destinations,
            vec![TraceDestination { name: "trace_id".into(), ..Default::default() }]
        );
        assert_eq!(t.datasources, vec![Datasource { kind: "jaeger".into(), ..Default::default() }]);
        assert_eq!(DESTINATIONS.len(&t), 1);
        assert_eq!(DATASOURCES.len(&t), 1);
    }

    #[test]
    fn every_column_sets_and_gets_its_own_field() {
        let mut t = LinkTables::default();
        DESTINATIONS.add_row(&mut t);
        DATASOURCES.add_row(&mut t);
        for col in DESTINATIONS.columns {
            DESTINATIONS.set_cell(&mut t, 0, col, format!("v-{}", col.label));
        }
        for col in DATASOURCES.columns {
            DATASOURCES.set_cell(&mut t, 0, col, format!("v-{}", col.label));
        }
        for col in DESTINATIONS.columns {
            assert_eq!(DESTINATIONS.cell(&t, 0, col), format!("v-{}", col.label));
        }
        for col in DATASOURCES.columns {
            assert_eq!(DATASOURCES.cell(&t, 0, col), format!("v-{}", col.label));
        }
        let d = &t.exemplar_trace_id_destinations[0];
        assert_eq!((d.name.as_str(), d.url.as_str()), ("v-name", "v-url"));
        assert_eq!((d.datasource_uid.as_str(), d.url_display_label.as_str()), ("v-datasourceUid", "v-urlDisplayLabel"));
        let s = &t.datasources[0];
        assert_eq!(
            (s.uid.as_str(), s.name.as_str(), s.kind.as_str(), s.url.as_str()),
            ("v-uid", "v-name", "v-type", "v-url")
        );
        assert_eq!(
            (s.grafana_url.as_str(), s.grafana_datasource_uid.as_str()),
            ("v-grafanaUrl", "v-grafanaDatasourceUid")
        );
    }

    #[test]
    fn past_the_end_is_nothing() {
        let mut t = LinkTables::default();
        let name = column(&DESTINATIONS, "name");
        DESTINATIONS.set_cell(&mut t, 3, name, "x".into());
        DESTINATIONS.remove_row(&mut t, 3);
        assert_eq!(t, LinkTables::default());
        assert_eq!(DESTINATIONS.cell(&t, 3, name), "");
    }

    #[test]
    fn remove_takes_that_row() {
        let mut t = LinkTables::default();
        let uid = column(&DATASOURCES, "uid");
        for v in ["a", "b", "c"] {
            DATASOURCES.add_row(&mut t);
            let last = DATASOURCES.len(&t) - 1;
            DATASOURCES.set_cell(&mut t, last, uid, v.into());
        }
        DATASOURCES.remove_row(&mut t, 1);
        let uids: Vec<_> = t.datasources.iter().map(|d| d.uid.as_str()).collect();
        assert_eq!(uids, ["a", "c"]);
    }

    #[test]
    fn problems_are_each_tables_own_and_per_row() {
        let mut t = LinkTables::default();
        DESTINATIONS.add_row(&mut t); // row 0: no url, no datasource
        DESTINATIONS.add_row(&mut t);
        DESTINATIONS.set_cell(&mut t, 1, column(&DESTINATIONS, "url"), "https://t.example/${__value.raw}".into());
        DATASOURCES.add_row(&mut t); // row 0: no uid, no url
        assert_eq!(DESTINATIONS.problems(&t, 0), ["set a URL template or a datasource uid"]);
        assert!(DESTINATIONS.problems(&t, 1).is_empty());
        assert_eq!(DATASOURCES.problems(&t, 0), ["uid is empty", "url is empty"]);
        assert!(DATASOURCES.problems(&t, 1).is_empty());
    }

    #[test]
    fn test_ids_are_per_row() {
        assert_eq!(column(&DESTINATIONS, "url").testid_of(2), "dest-url-2");
        assert_eq!(column(&DATASOURCES, "grafanaDatasourceUid").testid_of(0), "ds-grafana-uid-0");
    }
}
