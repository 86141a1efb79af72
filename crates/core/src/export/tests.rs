use super::*;
use crate::panel::view::tests::{frame, model};

#[test]
fn the_csv_holds_the_shown_samples_and_exemplars_quoted_as_rfc_4180() {
    let f = frame(model(0));
    let text = csv(&f);
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "kind,series,timestamp_ms,time,value,labels");
    assert_eq!(
        lines[1], r#"sample,p99,0,1970-01-01T00:00:00.000Z,1,"q=""p99""""#,
        "quotes doubled inside a quoted field"
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("sample,")).count(), 22, "two series of 11 samples");
    let exemplars: Vec<&&str> = lines.iter().filter(|l| l.starts_with("exemplar,")).collect();
    assert_eq!(exemplars.len(), 3);
    assert_eq!(
        *exemplars[0],
        r#"exemplar,p99,10000,1970-01-01T00:00:10.000Z,0.5,"route=""/pay"", trace_id=""a1"", le=""0.5""""#
    );
    assert_eq!(lines.last(), Some(&""), "ends with a line break");
}

#[test]
fn hidden_series_are_left_out_and_a_huge_export_says_what_it_left_out() {
    let mut f = frame(model(MAX_CSV_ROWS));
    f.hidden_series = vec![true, false];
    let text = csv(&f);
    assert!(!text.contains("\r\nsample,p99,"), "p99 is hidden");
    let rows = text.lines().filter(|l| !l.starts_with('#')).count() - 1;
    assert_eq!(rows, MAX_CSV_ROWS);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("# left out ") && last.ends_with(&format!("rows (at most {MAX_CSV_ROWS})")), "{last}");
}

#[test]
fn a_field_with_a_comma_or_line_break_is_quoted() {
    let mut out = String::new();
    field(&mut out, "a,b");
    field(&mut out, "line\nbreak");
    field(&mut out, "plain");
    assert_eq!(out, "\"a,b\"\"line\nbreak\"plain");
}

#[test]
fn the_legend_strip_wraps_before_the_right_margin() {
    let items: Vec<(String, String)> =
        ["p99", "p95", "p50"].iter().map(|n| ((*n).to_string(), "#112233".to_string())).collect();
    let measure = |t: &str| 10.0 * t.len() as f64; // 30 px per name: 48 px per item with its swatch
    let (placed, height) = legend_strip(&items, 130.0, measure);
    let at: Vec<(f64, f64)> = placed.iter().map(|p| (p.x_css, p.y_css)).collect();
    assert_eq!(at, [(8.0, 17.0), (68.0, 17.0), (8.0, 35.0)], "the third passes 122 px: next line");
    assert!((height - 52.0).abs() < 1e-9);
    assert_eq!(legend_strip(&[], 500.0, measure), (Vec::new(), 0.0), "no legend, no strip");
}

#[test]
fn file_names_are_the_title_as_a_slug_and_the_time() {
    assert_eq!(
        file_name("Checkout latency (p99)", 1_796_668_925_000, "csv"),
        "checkout-latency-p99-20261207T184205Z.csv"
    );
    assert_eq!(file_name("", 0, "png"), "exemplar-panel-19700101T000000Z.png");
    assert_eq!(file_name("Латентность", 0, "png"), "exemplar-panel-19700101T000000Z.png", "no ASCII word: the default");
    assert!(file_name(&"word ".repeat(40), 0, "csv").len() <= 60 + 17 + 4);
}
