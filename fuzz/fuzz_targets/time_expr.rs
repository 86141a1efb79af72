//! The time-expression parser (`now-1h`, `now-1d/d`, RFC 3339, local dates)
//! and durations: any text and any clock is a time or an error, never a panic.
#![no_main]

use arbitrary::Arbitrary;
use exemplar_panel::pipeline::{format_duration_ms, parse_duration_ms, parse_time_expr_at};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    text: &'a str,
    now_ms: i64,
    utc_offset_min: i32,
    round_up: bool,
}

fuzz_target!(|input: Input<'_>| {
    let _ = parse_time_expr_at(input.text, input.now_ms, input.utc_offset_min, input.round_up);
    // Realistic clocks too, so the fuzzer reaches the calendar code.
    let now = 1_793_000_000_000 + input.now_ms % 10_000_000_000_000;
    let _ = parse_time_expr_at(input.text, now, input.utc_offset_min % 1_000, input.round_up);
    if let Some(ms) = parse_duration_ms(input.text) {
        let _ = format_duration_ms(ms);
    }
    let _ = format_duration_ms(input.now_ms);
});
