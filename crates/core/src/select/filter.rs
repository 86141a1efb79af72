//! Which exemplars are shown: filters, hidden series, and the table's order.
//!
//! One [`ExemplarFilter`] decides for the dots, the table and the keyboard
//! order alike, so the three never disagree. Rules:
//! - `min_value`: keep exemplars whose value is ≥ it;
//! - `above_line`: keep an exemplar only when its value is higher than its
//!   series' value at that time (the sample nearest in time, within one step).
//!   An exemplar with no matched series or no sample near it is not kept: it
//!   cannot be shown to be above the line. This is the outlier view
//!   (prometheus#16468);
//! - `matchers`: `name="value"` or `name!="value"`, comma-separated, all must
//!   hold; a name is looked up in the exemplar's labels, then its series labels;
//! - exemplars of hidden series are not shown.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::config::{FilterConfig, Unit};
use crate::model::PanelModel;
use crate::prom::parse_prom_float;
use crate::time::parse_duration_ms;

/// A filter text that cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// A label matcher.
    #[error("label filter {text:?}: {why} (write it like route=\"/pay\" or status!=\"500\")")]
    Matcher {
        /// The part that failed.
        text: String,
        /// What is wrong.
        why: &'static str,
    },
    /// A threshold that is not a number.
    #[error("{text:?} is not a number")]
    NotANumber {
        /// The threshold as typed (trimmed).
        text: String,
    },
    /// A threshold in seconds that is neither a number nor a duration.
    #[error("{text:?} is not a number of seconds or a duration like 250ms")]
    NotSeconds {
        /// The threshold as typed (trimmed).
        text: String,
    },
}

/// `=` or `!=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    /// The label equals the value (a missing label is empty).
    Eq,
    /// The label differs from the value.
    Ne,
}

/// One `name="value"` matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMatcher {
    /// Label name.
    pub name: String,
    /// Operator.
    pub op: MatchOp,
    /// Value to compare with.
    pub value: String,
}

/// Parses `route="/pay", status!="500"` (quotes optional). Empty text → no matchers.
pub fn parse_matchers(text: &str) -> Result<Vec<LabelMatcher>, FilterError> {
    let text = text.trim().trim_start_matches('{').trim_end_matches('}');
    let mut out = Vec::new();
    for part in split_outside_quotes(text) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let err = |why| FilterError::Matcher { text: part.to_string(), why };
        let (name, op, value) = if let Some((n, v)) = part.split_once("!=") {
            (n, MatchOp::Ne, v)
        } else if let Some((n, v)) = part.split_once('=') {
            if v.starts_with('~') {
                return Err(err("regular expressions (=~) are not supported"));
            }
            (n, MatchOp::Eq, v)
        } else {
            return Err(err("no = or !="));
        };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(err("the label name must be letters, digits or _"));
        }
        let value = value.trim();
        let value = match value.strip_prefix('"') {
            Some(rest) => rest.strip_suffix('"').ok_or_else(|| err("the value's quote is not closed"))?,
            None => value,
        };
        out.push(LabelMatcher { name: name.to_string(), op, value: value.to_string() });
    }
    Ok(out)
}

fn split_outside_quotes(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_quotes = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                parts.push(text.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or(""));
    parts
}

/// The user's exemplar filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExemplarFilter {
    /// Keep values ≥ this.
    pub min_value: Option<f64>,
    /// Keep only exemplars above their series' line.
    pub above_line: bool,
    /// All must hold.
    pub matchers: Vec<LabelMatcher>,
}

impl ExemplarFilter {
    /// The filters of a config, parsed: a threshold in `unit`, matchers.
    pub fn from_config(config: &FilterConfig, unit: &Unit) -> Result<Self, FilterError> {
        Ok(Self {
            min_value: parse_threshold(&config.min_value, unit)?,
            above_line: config.above_line,
            matchers: parse_matchers(&config.labels)?,
        })
    }

    /// Whether exemplar `i` of `model` passes.
    pub fn keeps(&self, model: &PanelModel, i: usize) -> bool {
        let Some(e) = model.exemplars.get(i) else { return false };
        // NaN compares as nothing, so a NaN threshold or value keeps nothing.
        let at_least = |min: f64| matches!(e.value.partial_cmp(&min), Some(Ordering::Greater | Ordering::Equal));
        if self.min_value.is_some_and(|min| !at_least(min)) {
            return false;
        }
        if self.above_line {
            let line = e
                .series
                .and_then(|s| model.series.get(s))
                .and_then(|s| s.value_near(e.t_ms, model.step_ms.max(1)))
                .filter(|v| v.is_finite());
            if !line.is_some_and(|v| e.value > v) {
                return false;
            }
        }
        self.matchers.iter().all(|m| {
            let actual = e.labels.get(&m.name).or_else(|| e.series_labels.get(&m.name)).unwrap_or("");
            (actual == m.value) == (m.op == MatchOp::Eq)
        })
    }
}

/// A threshold as typed: a number in the panel's unit, or (for a time unit)
/// a duration such as `250ms` or `2s`, in that unit. Empty is no threshold.
pub fn parse_threshold(text: &str, unit: &Unit) -> Result<Option<f64>, FilterError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(v) = parse_prom_float(text).filter(|v| v.is_finite()) {
        return Ok(Some(v));
    }
    if let Some(ms_per_unit) = unit.ms_per_unit() {
        if let Some(ms) = parse_duration_ms(text) {
            return Ok(Some(ms as f64 / ms_per_unit));
        }
        return Err(FilterError::NotSeconds { text: text.to_string() });
    }
    Err(FilterError::NotANumber { text: text.to_string() })
}

/// Indices of the exemplars to show, in time order: those the filter keeps
/// and not every owner of which is hidden.
pub fn visible_exemplars(model: &PanelModel, filter: &ExemplarFilter, hidden_series: &[bool]) -> Vec<usize> {
    (0..model.exemplars.len())
        .filter(|&i| {
            let hidden = model.exemplars.get(i).is_some_and(|e| e.all_owners_hidden(hidden_series));
            !hidden && filter.keeps(model, i)
        })
        .collect()
}

/// The legend's hidden series after a click on `key`: a plain click hides or
/// shows that series; an isolating (Ctrl/Cmd) click shows only that series,
/// or everything again when it already was the only one shown.
pub fn legend_click(all: &[String], hidden: &BTreeSet<String>, key: &str, isolate: bool) -> BTreeSet<String> {
    if isolate {
        let isolated = all.iter().all(|k| (k == key) != hidden.contains(k));
        if isolated {
            return BTreeSet::new();
        }
        return all.iter().filter(|k| k.as_str() != key).cloned().collect();
    }
    let mut next = hidden.clone();
    if !next.remove(key) {
        next.insert(key.to_string());
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{self, exemplar, labels};
    use crate::model::{ExemplarPoint, SeriesModel};

    /// Two series (line at 1.0 and 0.2); exemplars at t = 0..5 s.
    fn model() -> PanelModel {
        let series = |name: &str, v: f64| SeriesModel {
            labels: labels(&[("route", name)]),
            ..testing::series(name, (0..5).map(|i| (i * 1000, v)))
        };
        let ex = |series: Option<usize>, t_ms: i64, value: f64, route: &str| ExemplarPoint {
            series,
            owners: series.into_iter().collect(),
            series_labels: labels(&[("route", route), ("le", "+Inf")]).into(),
            ..exemplar(t_ms, value, &[("trace_id", &format!("t{t_ms}"))])
        };
        PanelModel {
            start_ms: 0,
            end_ms: 4000,
            step_ms: 1000,
            ..testing::model(
                vec![series("/pay", 1.0), series("/users", 0.2)],
                vec![
                    ex(Some(0), 0, 1.5, "/pay"),
                    ex(Some(0), 1000, 0.5, "/pay"),
                    ex(Some(1), 2000, 0.3, "/users"),
                    ex(Some(1), 3000, 0.1, "/users"),
                    ex(None, 4000, 9.0, "/other"),
                    ex(Some(0), 60_000, 2.0, "/pay"),
                ],
            )
        }
    }

    fn shown(filter: &ExemplarFilter, hidden: &[bool]) -> Vec<usize> {
        visible_exemplars(&model(), filter, hidden)
    }

    #[test]
    fn no_filter_shows_everything_in_time_order() {
        assert_eq!(shown(&ExemplarFilter::default(), &[]), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn threshold() {
        let f = ExemplarFilter { min_value: Some(0.5), ..Default::default() };
        assert_eq!(shown(&f, &[]), [0, 1, 4, 5]);
        let nan = ExemplarFilter { min_value: Some(f64::NAN), ..Default::default() };
        assert!(shown(&nan, &[]).is_empty(), "NaN keeps nothing rather than everything");
    }

    #[test]
    fn above_the_line_only() {
        let f = ExemplarFilter { above_line: true, ..Default::default() };
        // 0: 1.5 > 1.0 yes; 1: 0.5 < 1.0 no; 2: 0.3 > 0.2 yes; 3: 0.1 no;
        // 4: no series; 5: no sample within a step.
        assert_eq!(shown(&f, &[]), [0, 2]);
    }

    #[test]
    fn label_matchers() {
        let f = |text: &str| ExemplarFilter { matchers: parse_matchers(text).unwrap(), ..Default::default() };
        assert_eq!(shown(&f(r#"route="/pay""#), &[]), [0, 1, 5]);
        assert_eq!(shown(&f(r#"{route!="/pay"}"#), &[]), [2, 3, 4]);
        assert_eq!(shown(&f(r#"route="/pay", trace_id="t1000""#), &[]), [1]);
        assert_eq!(shown(&f("route=/users"), &[]), [2, 3]);
        assert_eq!(shown(&f(r#"missing="""#), &[]).len(), 6, "a missing label is empty");
        assert_eq!(shown(&f(""), &[]).len(), 6);
        assert_eq!(parse_matchers(r#"a="x,y""#).unwrap()[0].value, "x,y");
        for bad in ["route", r#"route="/pay"#, r#"route=~"/p.*""#, r#"="x""#, r#"ro ute="x""#] {
            assert!(parse_matchers(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hidden_series_hide_their_exemplars() {
        assert_eq!(shown(&ExemplarFilter::default(), &[true, false]), [2, 3, 4]);
    }

    #[test]
    fn legend_clicks_toggle_and_isolate() {
        let all: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<String>>();
        let none = BTreeSet::new();
        assert_eq!(legend_click(&all, &none, "b", false), set(&["b"]), "hide b");
        assert_eq!(legend_click(&all, &set(&["b"]), "b", false), none, "show b again");
        assert_eq!(legend_click(&all, &none, "b", true), set(&["a", "c"]), "isolate b");
        assert_eq!(legend_click(&all, &set(&["a", "c"]), "b", true), none, "isolating it again shows all");
        assert_eq!(legend_click(&all, &set(&["a", "c"]), "a", true), set(&["b", "c"]), "isolate another");
    }

    #[test]
    fn filter_errors_are_typed_and_keep_their_texts() {
        assert_eq!(parse_threshold(" 1x ", &Unit::Short), Err(FilterError::NotANumber { text: "1x".into() }));
        assert_eq!(parse_threshold("1x", &Unit::Short).unwrap_err().to_string(), "\"1x\" is not a number");
        assert_eq!(parse_threshold("soon", &Unit::Seconds), Err(FilterError::NotSeconds { text: "soon".into() }));
        assert_eq!(
            parse_threshold("soon", &Unit::Seconds).unwrap_err().to_string(),
            "\"soon\" is not a number of seconds or a duration like 250ms"
        );
        let bad = FilterConfig { labels: "route".into(), ..Default::default() };
        let err = ExemplarFilter::from_config(&bad, &Unit::Short).unwrap_err();
        assert_eq!(err, FilterError::Matcher { text: "route".into(), why: "no = or !=" });
        assert_eq!(
            err.to_string(),
            "label filter \"route\": no = or != (write it like route=\"/pay\" or status!=\"500\")"
        );
    }

    #[test]
    fn filters_from_config_texts() {
        let c = FilterConfig { min_value: "250ms".into(), above_line: true, labels: "route=\"/pay\"".into() };
        let f = ExemplarFilter::from_config(&c, &Unit::Seconds).unwrap_or_default();
        assert_eq!((f.min_value, f.above_line, f.matchers.len()), (Some(0.25), true, 1));
        assert_eq!(ExemplarFilter::from_config(&FilterConfig::default(), &Unit::Short), Ok(ExemplarFilter::default()));
        let short = FilterConfig { min_value: "250ms".into(), ..Default::default() };
        assert!(ExemplarFilter::from_config(&short, &Unit::Short).is_err(), "durations only for seconds");
        let bad = FilterConfig { labels: "route=\"/pay".into(), ..Default::default() };
        assert!(ExemplarFilter::from_config(&bad, &Unit::Seconds).is_err());
    }
}
