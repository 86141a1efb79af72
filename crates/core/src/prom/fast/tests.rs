//! The fast path against the serde path: the same result, or `None`.
//! Bodies are Prometheus's documented `query_range` / `query_exemplars`
//! shapes (https://prometheus.io/docs/prometheus/latest/querying/api/),
//! written here, plus the recorded answers in tests/fixtures.

use super::*;
use crate::prom::{serde_exemplars, serde_range, ApiError};

/// Results compared through `Debug`: NaN equals NaN there, and -0.0 differs from 0.0.
fn same<A: std::fmt::Debug, B: std::fmt::Debug>(a: &A, b: &B) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn recorded_answers_take_the_fast_path_with_the_same_result() {
    for name in ["query_range_p99.json", "query_range_p99_by_route.json", "native_histogram_quantile.json"] {
        let body = fixture(name);
        let fast = range(&body).unwrap_or_else(|| panic!("{name}: not on the fast path"));
        assert!(!fast.series.is_empty(), "{name}");
        assert!(same(&Ok::<_, ApiError>(fast), &serde_range(200, &body)), "{name}");
    }
    for name in ["query_exemplars.json", "native_histogram_exemplars.json"] {
        let body = fixture(name);
        let fast = exemplars(&body).unwrap_or_else(|| panic!("{name}: not on the fast path"));
        assert!(!fast.exemplars.is_empty(), "{name}");
        assert!(same(&Ok::<_, ApiError>(fast), &serde_exemplars(200, &body)), "{name}");
    }
    // `infos` with escaped quotes on the fast path; native histograms (`histograms`, not `values`) are the serde path's.
    assert_eq!(range(&fixture("native_histogram_quantile.json")).map(|r| r.notes.infos.len()), Some(1));
    assert!(range(&fixture("native_histogram_raw.json")).is_none());
}

#[test]
fn times_values_whitespace_and_key_order() {
    let body = r#" { "data" : { "result" : [ { "values" : [ [ 3 , "3" ] , [1.5,"NaN"], [2.25,"+Inf"], [2.25,"-Inf"],
        [-1.001,"1e-07"], [0,"x"], [0.1,"1e+21"] ] , "metric" : { "b" : "é", "a" : "1", "b": "2" } } ] ,
        "resultType" : "matrix" } , "status" : "success" } "#;
    let r = range(body).unwrap();
    let s = &r.series[0];
    assert_eq!(s.t_ms, [-1001, 100, 1500, 2250, 3000]);
    assert_eq!(s.values[3], f64::NEG_INFINITY, "the last of a repeated time");
    assert!(s.values[2].is_nan());
    assert_eq!(r.stats.bad_samples, 1);
    assert_eq!(s.labels.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>(), ["a=1", "b=2"]);
    assert!(same(&Ok::<_, ApiError>(r), &serde_range(200, body)));
    let empty = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
    assert_eq!(range(empty).map(|r| r.series.len()), Some(0));
    let no_values = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}}"#;
    assert!(same(&range(no_values).map(Ok::<_, ApiError>), &Some(serde_range(200, no_values))));
}

#[test]
fn anything_else_is_left_to_serde() {
    let ok = |series: &str| format!(r#"{{"status":"success","data":{{"resultType":"matrix","result":[{series}]}}}}"#);
    assert!(range(&ok(r#"{"metric":{"a":"b"},"values":[[1,"1"]]}"#)).is_some());
    let escaped = ok(r#"{"metric":{"a\u00e9":"\"b\n"},"values":[[1,"1"]]}"#);
    let labels = range(&escaped).map(|r| r.series[0].labels.clone());
    assert_eq!(labels.as_ref().and_then(|l| l.get("aé")), Some("\"b\n"), "escapes decoded");
    let notes = r#"{"status":"success","warnings":["w \"x\""],"infos":[],"data":{"resultType":"matrix","result":[]}}"#;
    assert_eq!(range(notes).map(|r| r.notes.warnings), Some(vec!["w \"x\"".to_string()]));
    let odd = [
        ok(r#"{"metric":{"a":"\x"},"values":[[1,"1"]]}"#),
        ok(r#"{"metric":{"a":"\ud800"},"values":[[1,"1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[1,"\u0031"]]}"#),
        ok(r#"{"metric":{"a":"b"},"val\u0075es":[[1,"1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[1e3,"1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[1.0005,"1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[123456789012,"1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[01,"1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[1.,"1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[["1","1"]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[1,1]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[1,"1",2]]}"#),
        ok(r#"{"metric":{"a":"b"},"values":[[1,"1"]],"histograms":[]}"#),
        ok(r#"{"metric":{"a":"b"},"metric":{},"values":[]}"#),
        ok(r#"{"metric":{"a":1}}"#),
        ok(r#"1"#),
        r#"{"status":"success","warnings":["w"],"warnings":[],"data":{"resultType":"matrix","result":[]}}"#.into(),
        r#"{"status":"success","warnings":null,"data":{"resultType":"matrix","result":[]}}"#.into(),
        r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#.into(),
        r#"{"status":"success","data":{"resultType":"matrix","result":[]}} x"#.into(),
        r#"{"status":"success","data":{"resultType":"matrix","result":[]}"#.into(),
        r#"{"status":"error","data":{"resultType":"matrix","result":[]}}"#.into(),
        r#"{"data":{"resultType":"matrix","result":[]}}"#.into(),
        r#"{"status":"success"}"#.into(),
    ];
    for body in &odd {
        assert!(range(body).is_none(), "{body}");
    }
    let set = |e: &str| format!(r#"{{"status":"success","data":[{{"seriesLabels":{{}},"exemplars":[{e}]}}]}}"#);
    let good = set(r#"{"labels":{"t":"1"},"value":"1","timestamp":1.5},{"labels":{},"value":"x","timestamp":1}"#);
    let r = exemplars(&good).unwrap();
    assert_eq!((r.exemplars.len(), r.stats.bad_exemplars), (1, 1));
    for body in [
        set(r#"{"labels":{},"value":1,"timestamp":1}"#),
        set(r#"{"labels":{},"value":"1"}"#),
        set(r#"{"labels":{},"value":"1","timestamp":"1"}"#),
        r#"{"status":"success","data":null}"#.into(),
        r#"{"status":"success"}"#.into(),
    ] {
        assert!(exemplars(&body).is_none(), "{body}");
    }
}

/// proptest is a native dev-dependency: the properties run under `cargo test`.
#[cfg(not(target_arch = "wasm32"))]
mod property {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::select;

    /// A piece of a body: its text, and whether it is in Prometheus's own
    /// form (then the whole body must take the fast path).
    #[derive(Debug, Clone)]
    struct Piece {
        text: String,
        canonical: bool,
    }

    fn piece(text: impl Into<String>, canonical: bool) -> Piece {
        Piece { text: text.into(), canonical }
    }

    /// A label name or value: escapes are decoded on the fast path too.
    fn json_string(s: &str) -> Piece {
        piece(serde_json::to_string(s).unwrap(), true)
    }

    /// Label names and values, some with escapes in JSON.
    const NAMES: &[&str] =
        &["le", "route", "__name__", "trace_id", "", "a b", "é✓", "le", "quo\"te", "back\\slash", "nl\n", "tab\t"];

    /// Pieces in Prometheus's own forms only when `plain`, else any.
    fn forms(plain: bool, all: u8, canonical: u8) -> std::ops::Range<u8> {
        0..if plain { canonical } else { all }
    }

    fn labels() -> impl Strategy<Value = Piece> {
        proptest::collection::vec((select(NAMES), select(NAMES)), 0..4).prop_map(|pairs| {
            let mut canonical = true;
            let mut fields = Vec::new();
            for (n, v) in pairs {
                let (n, v) = (json_string(n), json_string(v));
                canonical &= n.canonical && v.canonical;
                fields.push(format!("{}:{}", n.text, v.text));
            }
            piece(format!("{{{}}}", fields.join(",")), canonical)
        })
    }

    /// Seconds near now or near 0 (negative too), in Prometheus's forms
    /// (integer, up to 3 decimals) and others (4 decimals, exponents, strings, huge).
    fn time(plain: bool) -> impl Strategy<Value = Piece> {
        (select(&[1_700_000_000_i64, 0][..]), 0_i64..12_000, forms(plain, 10, 6)).prop_map(|(base, ms, form)| {
            let t = base * 1000 + ms - 1000;
            let (s, frac) = (t.div_euclid(1000), t.rem_euclid(1000));
            match form {
                0..=2 => piece(format!("{s}"), true),
                3..=4 => piece(format!("{s}.{frac:03}"), true),
                5 => piece(format!("{}", t as f64 / 1000.0), true),
                6 => piece(format!("{s}.{frac:03}5"), false),
                7 => piece(format!("{}e-3", t), false),
                8 => piece(format!("\"{s}\""), false),
                _ => piece(format!("{}", (t as f64) * 1e9), false),
            }
        })
    }

    fn value(plain: bool) -> impl Strategy<Value = Piece> {
        (any::<f64>(), -1e3_f64..1e3, forms(plain, 12, 10)).prop_map(|(any, v, form)| match form {
            0..=3 => piece(format!("\"{v}\""), true),
            4 => piece(format!("\"{v:e}\""), true),
            5 => piece(format!("\"{any}\""), true),
            6 => piece(select_special(v), true),
            7 => piece("\"1e-07\"", true),
            8 => piece("\"abc\"", true),
            9 => piece("\" 2.5 \"", true),
            10 => piece(format!("{v}"), false),
            _ => piece("\"\\u0031\"", false),
        })
    }

    fn select_special(v: f64) -> String {
        ["\"NaN\"", "\"+Inf\"", "\"-Inf\""][(v.abs() as usize) % 3].into()
    }

    /// Spaces between some tokens, as a pretty printer writes them.
    fn spaced(text: &str, ws: bool) -> String {
        if ws {
            text.replace(',', " ,\n ").replace(':', ": ")
        } else {
            text.into()
        }
    }

    fn join(pieces: impl IntoIterator<Item = Piece>, sep: &str) -> Piece {
        let mut canonical = true;
        let texts: Vec<String> = pieces
            .into_iter()
            .map(|p| {
                canonical &= p.canonical;
                p.text
            })
            .collect();
        piece(texts.join(sep), canonical)
    }

    fn range_body() -> impl Strategy<Value = (String, bool)> {
        any::<bool>().prop_flat_map(range_body_of)
    }

    fn range_body_of(plain: bool) -> impl Strategy<Value = (String, bool)> {
        let sample = (time(plain), value(plain)).prop_map(|(t, v)| join([t, v], ","));
        let series =
            (labels(), proptest::collection::vec(sample, 0..25), any::<bool>()).prop_map(|(l, samples, first)| {
                let values = join(samples.into_iter().map(|s| piece(format!("[{}]", s.text), s.canonical)), ",");
                let (m, v) = (format!("\"metric\":{}", l.text), format!("\"values\":[{}]", values.text));
                piece(
                    if first { format!("{{{m},{v}}}") } else { format!("{{{v},{m}}}") },
                    l.canonical && values.canonical,
                )
            });
        (proptest::collection::vec(series, 0..4), forms(plain, 8, 2), any::<bool>()).prop_map(
            |(series, envelope, ws)| {
                let result = join(series, ",");
                let data = format!(r#"{{"resultType":"matrix","result":[{}]}}"#, result.text);
                let (body, canonical) = match envelope {
                    0 => (format!(r#"{{"data":{data},"status":"success"}}"#), true),
                    1 => {
                        (format!(r#"{{"status":"success","data":{data},"warnings":["w \"q\""],"infos":["i"]}}"#), true)
                    }
                    2 => (format!(r#"{{"status":"error","data":{data}}}"#), false),
                    _ => (format!(r#"{{"status":"success","data":{data}}}"#), true),
                };
                // Spacing can reach into label strings (`:` and `,` in them): then it changes the labels on both paths alike.
                (spaced(&body, ws), canonical && result.canonical)
            },
        )
    }

    fn exemplar_body() -> impl Strategy<Value = (String, bool)> {
        any::<bool>().prop_flat_map(exemplar_body_of)
    }

    fn exemplar_body_of(plain: bool) -> impl Strategy<Value = (String, bool)> {
        let exemplar = (
            labels(),
            value(plain),
            time(plain),
            forms(plain, 10, 10).prop_map(move |f| if plain && f == 0 { 1 } else { f }),
        )
            .prop_map(|(l, v, t, form)| match form {
                0 => piece(format!(r#"{{"labels":{},"value":{}}}"#, l.text, v.text), false),
                1 => piece(
                    format!(r#"{{"timestamp":{},"value":{},"labels":{}}}"#, t.text, v.text, l.text),
                    l.canonical && v.canonical && t.canonical,
                ),
                _ => {
                    let text = format!(r#"{{"labels":{},"value":{},"timestamp":{}}}"#, l.text, v.text, t.text);
                    piece(text, l.canonical && v.canonical && t.canonical)
                }
            });
        let set = (labels(), proptest::collection::vec(exemplar, 0..8)).prop_map(|(l, list)| {
            let list = join(list, ",");
            piece(
                format!(r#"{{"seriesLabels":{},"exemplars":[{}]}}"#, l.text, list.text),
                l.canonical && list.canonical,
            )
        });
        (proptest::collection::vec(set, 0..4), any::<bool>()).prop_map(|(sets, ws)| {
            let sets = join(sets, ",");
            (spaced(&format!(r#"{{"status":"success","data":[{}]}}"#, sets.text), ws), sets.canonical)
        })
    }

    /// A body with one edit: cut short, or a character replaced, removed or added.
    fn mutated(body: String, at: usize, op: u8, with: char) -> String {
        let mut chars: Vec<char> = body.chars().collect();
        let at = at % (chars.len() + 1);
        match op {
            0 => chars.truncate(at),
            1 if at < chars.len() => chars[at] = with,
            2 if at < chars.len() => {
                chars.remove(at);
            }
            _ => chars.insert(at, with),
        }
        chars.into_iter().collect()
    }

    const EDITS: &[char] = &['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '9', '-', '.', 'e', 'n', 'x', '\n'];

    proptest! {
        #[test]
        fn decimals_are_what_str_parse_gives(
            digits in "[0-9]{1,18}", dot in 0_usize..20, negative in any::<bool>(), junk in 0_u8..8,
        ) {
            let count = digits.len();
            let mut text = digits;
            if dot < text.len() { text.insert(dot, '.'); }
            if negative { text.insert(0, '-'); }
            match junk { 0 => text.push('.'), 1 => text.push('e'), 2 => text.insert(0, '+'), _ => {} }
            let fast = decimal(&text).map(f64::to_bits);
            prop_assert!(fast.is_none() || fast == text.parse::<f64>().ok().map(f64::to_bits), "{}", text);
            // Up to 15 digits, not starting with the dot, nothing after them: the fast path's.
            prop_assert!(count > 15 || dot == 0 || junk < 3 || fast.is_some(), "{} not on the fast path", text);
        }

        #[test]
        fn range_fast_path_is_none_or_the_serde_result((body, canonical) in range_body()) {
            let slow = serde_range(200, &body);
            let fast = range(&body);
            prop_assert!(!canonical || fast.is_some(), "canonical body not on the fast path: {}", body);
            if let Some(fast) = fast {
                prop_assert!(same(&Ok::<_, ApiError>(fast), &slow), "{}\nserde: {:?}", body, slow);
            }
        }

        #[test]
        fn exemplar_fast_path_is_none_or_the_serde_result((body, canonical) in exemplar_body()) {
            let slow = serde_exemplars(200, &body);
            let fast = exemplars(&body);
            prop_assert!(!canonical || fast.is_some(), "canonical body not on the fast path: {}", body);
            if let Some(fast) = fast {
                prop_assert!(same(&Ok::<_, ApiError>(fast), &slow), "{}\nserde: {:?}", body, slow);
            }
        }

        #[test]
        fn mutated_bodies_agree_with_serde(
            (body, _) in range_body(),
            (ex_body, _) in exemplar_body(),
            at in any::<usize>(),
            op in 0_u8..4,
            with in select(EDITS),
        ) {
            let body = mutated(body, at, op, with);
            if let Some(fast) = range(&body) {
                prop_assert!(same(&Ok::<_, ApiError>(fast), &serde_range(200, &body)), "{}", body);
            }
            let public = crate::prom::parse_range(200, &body);
            prop_assert!(same(&public, &serde_range(200, &body)), "{}", body);
            let ex_body = mutated(ex_body, at, op, with);
            if let Some(fast) = exemplars(&ex_body) {
                prop_assert!(same(&Ok::<_, ApiError>(fast), &serde_exemplars(200, &ex_body)), "{}", ex_body);
            }
            let public = crate::prom::parse_exemplars(200, &ex_body);
            if !ex_body.trim().is_empty() {
                prop_assert!(same(&public, &serde_exemplars(200, &ex_body)), "{}", ex_body);
            }
        }
    }
}
