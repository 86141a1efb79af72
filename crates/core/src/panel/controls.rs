//! The filter bar's decisions: what a typed filter text does to the view's
//! filter texts.
//!
//! Rules: a text that parses replaces its field; one that does not leaves the
//! filters as they were and says why (the bar shows it); the checkbox edits
//! always apply. Thresholds are read in the panel's unit (`250ms` only for
//! a time unit); label matchers as in [`parse_matchers`].

use crate::config::{FilterConfig, Unit};
use crate::select::filter::{parse_matchers, parse_threshold, FilterError};

/// A viewer's edit of one filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterEdit {
    /// The "Value ≥" text.
    MinValue(String),
    /// The "Above the line only" checkbox.
    AboveLine(bool),
    /// The "Labels" text.
    Labels(String),
}

/// `filters` after `edit`, or why the edit's text was not taken.
pub fn edit_filters(filters: &FilterConfig, unit: &Unit, edit: FilterEdit) -> Result<FilterConfig, FilterError> {
    let mut next = filters.clone();
    match edit {
        FilterEdit::MinValue(text) => {
            parse_threshold(&text, unit)?;
            next.min_value = text;
        }
        FilterEdit::AboveLine(on) => next.above_line = on,
        FilterEdit::Labels(text) => {
            parse_matchers(&text)?;
            next.labels = text;
        }
    }
    Ok(next)
}

/// The threshold field's example, in the panel's unit.
pub fn threshold_placeholder(unit: &Unit) -> &'static str {
    match unit {
        Unit::Seconds | Unit::Milliseconds => "e.g. 500ms",
        Unit::Nanoseconds | Unit::Microseconds => "e.g. 200µs",
        Unit::Minutes | Unit::Hours | Unit::Days => "e.g. 5m",
        _ => "e.g. 100",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters() -> FilterConfig {
        FilterConfig { min_value: "1".into(), above_line: false, labels: "route=\"/a\"".into() }
    }

    #[test]
    fn a_text_that_parses_replaces_its_field_as_typed() {
        let next = edit_filters(&filters(), &Unit::Seconds, FilterEdit::MinValue(" 250ms".into()));
        assert_eq!(next, Ok(FilterConfig { min_value: " 250ms".into(), ..filters() }), "the text, not the number");
        let next = edit_filters(&filters(), &Unit::Short, FilterEdit::Labels("status!=\"500\", x=\"1\"".into()));
        assert_eq!(next.map(|f| f.labels), Ok("status!=\"500\", x=\"1\"".to_string()));
        let cleared = edit_filters(&filters(), &Unit::Short, FilterEdit::MinValue(String::new()));
        assert_eq!(cleared.map(|f| f.min_value), Ok(String::new()), "empty: no threshold");
        let above = edit_filters(&filters(), &Unit::Short, FilterEdit::AboveLine(true));
        assert_eq!(above, Ok(FilterConfig { above_line: true, ..filters() }));
    }

    #[test]
    fn a_text_that_does_not_parse_says_why_in_the_panels_unit() {
        let seconds = edit_filters(&filters(), &Unit::Seconds, FilterEdit::MinValue("fast".into()));
        assert_eq!(
            seconds.map_err(|e| e.to_string()),
            Err("\"fast\" is not a number of seconds or a duration like 250ms".to_string())
        );
        let short = edit_filters(&filters(), &Unit::Short, FilterEdit::MinValue("250ms".into()));
        assert_eq!(short.map_err(|e| e.to_string()), Err("\"250ms\" is not a number".to_string()));
        let labels = edit_filters(&filters(), &Unit::Short, FilterEdit::Labels("route".into()));
        let why = labels.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(why.starts_with("label filter \"route\": "), "{why}");
        assert!(why.ends_with("(write it like route=\"/pay\" or status!=\"500\")"), "{why}");
    }

    #[test]
    fn the_placeholder_follows_the_unit() {
        assert_eq!(threshold_placeholder(&Unit::Seconds), "e.g. 500ms");
        assert_eq!(threshold_placeholder(&Unit::Short), "e.g. 100");
    }
}
