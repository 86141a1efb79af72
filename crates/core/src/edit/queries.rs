//! The query editor's edits: the targets being drafted (add, remove, edit a
//! row, the legend mode), running them into the config (refIds filled in),
//! and the Grafana panel import (a pasted panel's queries replace ours).

use crate::config::{ConfigError, PanelConfig, Target};
use crate::import::panel::{apply_panel_import, import_panel, ExplicitPanelFields, PanelImport, PanelImportError};

/// Grafana's three legend modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegendMode {
    /// `__auto`: Grafana's automatic legend.
    Auto,
    /// Empty: `name{k="v"}`.
    Verbose,
    /// A `{{label}}` template.
    Custom,
}

impl LegendMode {
    /// The mode of a target's `legendFormat`.
    pub fn of(format: &str) -> Self {
        match format {
            "__auto" => Self::Auto,
            "" => Self::Verbose,
            _ => Self::Custom,
        }
    }

    /// The mode's value in the legend select.
    pub fn value(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Verbose => "verbose",
            Self::Custom => "custom",
        }
    }
}

/// The `legendFormat` after choosing `choice` (a select value) in the legend
/// mode select: a custom template is kept, a new one starts as `{{le}}`.
pub fn legend_format_for(choice: &str, current: &str) -> String {
    match choice {
        "auto" => "__auto".into(),
        "verbose" => String::new(),
        _ if LegendMode::of(current) == LegendMode::Custom => current.to_string(),
        _ => "{{le}}".into(),
    }
}

/// The row "Add query" appends: no refId yet (running gives it one), auto
/// legend, exemplars on.
pub fn new_target() -> Target {
    Target {
        ref_id: String::new(),
        expr: String::new(),
        legend_format: "__auto".into(),
        exemplar: true,
        hide: false,
        interval: String::new(),
    }
}

/// The config's targets, the draft's start (none when the config is invalid).
pub fn targets_of(base: &Result<PanelConfig, ConfigError>) -> Vec<Target> {
    base.as_ref().map(|c| c.targets.clone()).unwrap_or_default()
}

/// Edits row `row` of the draft (nothing past the end).
pub fn edit_target(targets: &mut [Target], row: usize, edit: impl FnOnce(&mut Target)) {
    if let Some(t) = targets.get_mut(row) {
        edit(t);
    }
}

/// Removes row `row` of the draft (nothing past the end).
pub fn remove_target(targets: &mut Vec<Target>, row: usize) {
    if row < targets.len() {
        targets.remove(row);
    }
}

/// "Run queries": the draft becomes the config's targets, the ones without a
/// refId get the next free letter.
pub fn run_targets(config: &mut PanelConfig, targets: Vec<Target>) {
    config.targets = targets;
    *config = std::mem::take(config).with_ref_ids();
}

/// Reads a pasted Grafana panel (or dashboard) JSON text.
pub fn parse_panel_text(text: String) -> Result<PanelImport, PanelImportError> {
    import_panel(&serde_json::Value::String(text))
}

/// Applies a pasted panel to the config: its queries replace ours, its title
/// fills only an empty one. Returns the import's lines (what was taken, what
/// was not used).
pub fn apply_panel(config: &mut PanelConfig, import: &PanelImport) -> Vec<String> {
    let explicit = ExplicitPanelFields { title: !config.title.is_empty(), ..Default::default() };
    apply_panel_import(config, import, explicit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(ref_id: &str, expr: &str) -> Target {
        Target { ref_id: ref_id.into(), expr: expr.into(), ..new_target() }
    }

    #[test]
    fn legend_modes_and_their_values() {
        assert_eq!(LegendMode::of("__auto"), LegendMode::Auto);
        assert_eq!(LegendMode::of(""), LegendMode::Verbose);
        assert_eq!(LegendMode::of("{{route}}"), LegendMode::Custom);
        let values: Vec<_> = [LegendMode::Auto, LegendMode::Verbose, LegendMode::Custom].map(LegendMode::value).into();
        assert_eq!(values, ["auto", "verbose", "custom"]);
    }

    #[test]
    fn choosing_a_legend_mode() {
        assert_eq!(legend_format_for("auto", "{{route}}"), "__auto");
        assert_eq!(legend_format_for("verbose", "__auto"), "");
        // Custom keeps a template, and starts one from auto or verbose.
        assert_eq!(legend_format_for("custom", "{{route}}"), "{{route}}");
        assert_eq!(legend_format_for("custom", "__auto"), "{{le}}");
        assert_eq!(legend_format_for("custom", ""), "{{le}}");
    }

    #[test]
    fn a_new_target_is_auto_with_exemplars() {
        let t = new_target();
        assert_eq!((t.ref_id.as_str(), t.expr.as_str(), t.legend_format.as_str()), ("", "", "__auto"));
        assert!(t.exemplar && !t.hide && t.interval.is_empty());
    }

    #[test]
    fn the_draft_starts_from_the_config() {
        let c = PanelConfig { targets: vec![target("A", "up")], ..Default::default() };
        assert_eq!(targets_of(&Ok(c)), vec![target("A", "up")]);
        assert!(targets_of(&Err(ConfigError::NotAnObject)).is_empty());
    }

    #[test]
    fn edit_and_remove_a_row_and_nothing_past_the_end() {
        let mut d = vec![target("A", "a"), target("B", "b"), target("C", "c")];
        edit_target(&mut d, 1, |t| t.expr = "bb".into());
        edit_target(&mut d, 9, |t| t.expr = "never".into());
        remove_target(&mut d, 0);
        remove_target(&mut d, 9);
        assert_eq!(d, vec![target("B", "bb"), target("C", "c")]);
    }

    #[test]
    fn running_fills_the_missing_ref_ids() {
        let mut c = PanelConfig { title: "kept".into(), ..Default::default() };
        run_targets(&mut c, vec![target("", "a"), target("X", "b"), target("", "c")]);
        let ids: Vec<_> = c.targets.iter().map(|t| t.ref_id.as_str()).collect();
        assert_eq!(ids, ["A", "X", "C"]);
        assert_eq!(c.title, "kept");
    }

    #[test]
    fn a_pasted_panel_replaces_the_queries_and_fills_only_an_empty_title() {
        let text = r#"{"title": "Latency", "targets": [{"expr": "up", "refId": "Q"}, {"expr": "x"}]}"#;
        let import = parse_panel_text(text.into()).unwrap();
        let mut c = PanelConfig { targets: vec![target("A", "old")], ..Default::default() };
        let lines = apply_panel(&mut c, &import);
        assert_eq!(c.title, "Latency");
        let ids: Vec<_> = c.targets.iter().map(|t| t.ref_id.as_str()).collect();
        assert_eq!(ids, ["Q", "B"]);
        assert_eq!(lines, ["title = \"Latency\"", "2 queries: Q, B"]);

        let mut titled = PanelConfig { title: "Mine".into(), ..Default::default() };
        let lines = apply_panel(&mut titled, &import);
        assert_eq!(titled.title, "Mine");
        assert_eq!(lines, ["2 queries: Q, B"]);
    }

    #[test]
    fn a_bad_paste_is_a_typed_error() {
        assert!(matches!(parse_panel_text("{".into()), Err(PanelImportError::Syntax { .. })));
        assert_eq!(parse_panel_text("{}".into()), Err(PanelImportError::NoTargets));
    }
}
