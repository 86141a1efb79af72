//! The fast path of [`super::parse_range`] and [`super::parse_exemplars`]: a
//! byte scanner for the exact shape of Prometheus's own successful answers
//! (`web/api/v1/api.go`: `{"status":"success","data":{"resultType":"matrix",
//! "result":[{"metric":{…},"values":[[1700000000.123,"0.5"],…]}]}}` and
//! `{"status":"success","data":[{"seriesLabels":{…},"exemplars":[{"labels":{…},
//! "value":"0.3","timestamp":1700000000.123}]}]}`). serde_json's generic
//! machinery was about half the time to chart in the wasm build (opt-level "z").
//!
//! Rules:
//! - It gives exactly what the serde path gives, or `None`, and then the serde
//!   path reads the body as before. `None` the moment anything is not as
//!   expected: a control character in a string, an escape in a key or a
//!   value string, a key it does not know or one given twice (`histograms`,
//!   …), a `status` other than `"success"`, a `resultType` other than `matrix`,
//!   `"data":null`, a sample that is not `[number, "string"]`, an exemplar
//!   without `value` or `timestamp` or with a numeric `value`, anything but
//!   whitespace after the end.
//! - Key order is free, whitespace between tokens too (as in JSON).
//! - Label names and values and the `warnings` and `infos` texts may have
//!   escapes: such a string (only such a one) is decoded by serde_json itself.
//! - Times: a JSON number of seconds with at most 3 decimals and at most 11
//!   integer digits is read as exact epoch ms (integer arithmetic, bounded),
//!   which is what the serde path's `round(seconds × 1000)` gives for it; an
//!   exponent, a 4th decimal or a 12th digit is `None`.
//! - Values: a plain decimal (`-?digits(.digits)?`, at most 15 digits in all)
//!   is its digits as an integer divided by a power of ten, both exact in
//!   f64, so the one rounding of the division is the correctly rounded value
//!   `str::parse` gives (Clinger's fast path, which `core` takes first too).
//!   Any other string goes through the same [`parse_prom_float`] as the serde
//!   path; a string it refuses is a skipped sample or exemplar, counted in
//!   [`ParseStats`] as there.
//! - Samples are then sorted and de-duplicated by the same `sort_dedup`;
//!   exemplars sorted by time (stable) after being read in the same order.

use std::borrow::Cow;
use std::sync::Arc;

use super::{
    parse_prom_float, sort_dedup, ApiNotes, Exemplar, ExemplarResult, Labels, ParseStats, RangeResult, RangeSeries,
};

/// A `/api/v1/query_range` body in Prometheus's own shape, or `None`.
pub(super) fn range(body: &str) -> Option<RangeResult> {
    let mut scan = Scan { text: body, at: 0, pairs: Vec::new() };
    let mut data = None;
    let notes = scan.envelope(|s| {
        data = Some(range_data(s)?);
        Some(())
    })?;
    let (series, stats) = data?;
    Some(RangeResult { series, notes, stats })
}

/// A `/api/v1/query_exemplars` body in Prometheus's own shape, or `None`.
pub(super) fn exemplars(body: &str) -> Option<ExemplarResult> {
    let mut scan = Scan { text: body, at: 0, pairs: Vec::new() };
    let mut exemplars = Vec::new();
    let mut stats = ParseStats::default();
    let mut seen = false;
    let notes = scan.envelope(|s| {
        seen = true;
        s.array(|s| exemplar_set(s, &mut exemplars, &mut stats.bad_exemplars))
    })?;
    seen.then_some(())?;
    super::sort_by_time(&mut exemplars);
    Some(ExemplarResult { exemplars, notes, stats })
}

/// `data` of a range answer: its series and what was skipped.
fn range_data(s: &mut Scan) -> Option<(Vec<RangeSeries>, ParseStats)> {
    let mut matrix = false;
    let mut series = None;
    let mut stats = ParseStats::default();
    s.object(|s, key| match key {
        "resultType" if !matrix => {
            matrix = s.string()? == "matrix";
            matrix.then_some(())
        }
        "result" if series.is_none() => {
            let mut list = Vec::new();
            s.array(|s| {
                list.push(range_series(s, &mut stats.bad_samples)?);
                Some(())
            })?;
            series = Some(list);
            Some(())
        }
        _ => None,
    })?;
    matrix.then_some(())?;
    Some((series.unwrap_or_default(), stats))
}

/// One `{"metric":{…},"values":[…]}`.
fn range_series(s: &mut Scan, bad: &mut usize) -> Option<RangeSeries> {
    let mut labels = None;
    let mut columns = None;
    s.object(|s, key| match key {
        "metric" if labels.is_none() => {
            labels = Some(s.labels()?);
            Some(())
        }
        "values" if columns.is_none() => {
            columns = Some(s.samples(bad)?);
            Some(())
        }
        _ => None,
    })?;
    let (mut t_ms, mut values) = columns.unwrap_or_default();
    sort_dedup(&mut t_ms, &mut values);
    Some(RangeSeries { labels: labels.unwrap_or_default(), t_ms, values })
}

/// One `{"seriesLabels":{…},"exemplars":[…]}`, its good exemplars pushed to `out`.
fn exemplar_set(s: &mut Scan, out: &mut Vec<Exemplar>, bad: &mut usize) -> Option<()> {
    let mut series_labels = None;
    let mut read = None;
    s.object(|s, key| match key {
        "seriesLabels" if series_labels.is_none() => {
            series_labels = Some(s.labels()?);
            Some(())
        }
        "exemplars" if read.is_none() => {
            let mut list = Vec::new();
            s.array(|s| {
                match exemplar(s)? {
                    Some(e) => list.push(e),
                    None => *bad += 1,
                }
                Some(())
            })?;
            read = Some(list);
            Some(())
        }
        _ => None,
    })?;
    let series_labels = Arc::new(series_labels.unwrap_or_default());
    out.extend(read.unwrap_or_default().into_iter().map(|(labels, value, t_ms)| Exemplar {
        labels,
        series_labels: Arc::clone(&series_labels),
        value,
        t_ms,
    }));
    Some(())
}

/// One `{"labels":{…},"value":"…","timestamp":…}`: `Some(None)` when its value
/// is not a number (skipped and counted, as the serde path does).
fn exemplar(s: &mut Scan) -> Option<Option<(Labels, f64, i64)>> {
    let mut labels = None;
    let mut value = None;
    let mut t_ms = None;
    s.object(|s, key| match key {
        "labels" if labels.is_none() => {
            labels = Some(s.labels()?);
            Some(())
        }
        "value" if value.is_none() => {
            value = Some(self::value(s.string()?));
            Some(())
        }
        "timestamp" if t_ms.is_none() => {
            t_ms = Some(s.time_ms()?);
            Some(())
        }
        _ => None,
    })?;
    let (value, t_ms) = (value?, t_ms?);
    Some(value.map(|v| (labels.unwrap_or_default(), v, t_ms)))
}

/// A sample's or exemplar's value string, as [`parse_prom_float`] reads it.
fn value(text: &str) -> Option<f64> {
    decimal(text).or_else(|| parse_prom_float(text))
}

/// Powers of ten exact in f64.
const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// `-?digits(.digits)?` with at most 15 digits, correctly rounded; `None` for anything else.
fn decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let (mut mantissa, mut count, mut decimals, mut dot) = (0_u64, 0_usize, 0_usize, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                // At most 15 digits: below 10^15, so no overflow (and no
                // 128-bit multiply of a checked one in wasm).
                (count < 15).then_some(())?;
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
                decimals += usize::from(dot);
            }
            b'.' if !dot && count > 0 => dot = true,
            _ => return None,
        }
    }
    // 15 digits: below 2^53, so exact; a trailing `.` is left to `parse_prom_float`.
    (count > 0 && !(dot && decimals == 0)).then_some(())?;
    let magnitude = mantissa as f64 / POW10.get(decimals)?;
    Some(if negative { -magnitude } else { magnitude })
}

/// A position in the body.
struct Scan<'a> {
    text: &'a str,
    at: usize,
    /// The label pairs being read, reused from one label set to the next, so
    /// reading one allocates only what the set keeps ([`Labels`]: two blocks).
    pairs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Scan<'a> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    #[inline(always)]
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// Takes `byte` after any whitespace, or says it is not there.
    #[inline(always)]
    fn take(&mut self, byte: u8) -> bool {
        self.ws();
        let here = self.peek() == Some(byte);
        if here {
            self.at += 1;
        }
        here
    }

    /// Takes `byte` after any whitespace, or `None`.
    #[inline(always)]
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.take(byte).then_some(())
    }

    /// `{"status":"success","data":…}` (and `warnings`, `infos`) in any
    /// order, `data` read by `data`, then the end of the body.
    fn envelope(&mut self, mut data: impl FnMut(&mut Self) -> Option<()>) -> Option<ApiNotes> {
        let (mut status, mut seen) = (false, false);
        let (mut warnings, mut infos) = (None, None);
        self.object(|s, key| match key {
            "warnings" if warnings.is_none() => {
                warnings = Some(s.texts()?);
                Some(())
            }
            "infos" if infos.is_none() => {
                infos = Some(s.texts()?);
                Some(())
            }
            "status" if !status => {
                status = s.string()? == "success";
                status.then_some(())
            }
            "data" if !seen => {
                seen = true;
                data(s)
            }
            _ => None,
        })?;
        self.ws();
        (status && self.at == self.text.len()).then_some(())?;
        Some(ApiNotes { warnings: warnings.unwrap_or_default(), infos: infos.unwrap_or_default() })
    }

    /// An array of strings, escapes and all (the envelope's notes).
    fn texts(&mut self) -> Option<Vec<String>> {
        let mut list = Vec::new();
        self.array(|s| {
            list.push(s.text()?);
            Some(())
        })?;
        Some(list)
    }

    /// Any string, owned: without escapes as it is, with them decoded by
    /// serde_json itself (so exactly as the serde path decodes them).
    fn text(&mut self) -> Option<String> {
        self.text_lent().map(Cow::into_owned)
    }

    /// Any string, lent from the body when it has no escapes (most label names
    /// and values: then nothing is allocated), else decoded as [`Self::text`] says.
    fn text_lent(&mut self) -> Option<Cow<'a, str>> {
        let start = self.at;
        if let Some(plain) = self.string() {
            return Some(Cow::Borrowed(plain));
        }
        self.at = start;
        self.ws();
        let from = self.at;
        self.eat(b'"')?;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => self.at += 2,
                b if b < 0x20 => return None,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        serde_json::from_str(self.text.get(from..self.at)?).ok().map(Cow::Owned)
    }

    /// An object, each value read by `field` given its key.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.take(b'}') {
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            field(self, key)?;
            if !self.take(b',') {
                return self.eat(b'}');
            }
        }
    }

    /// An array, each element read by `item`.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.take(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if !self.take(b',') {
                return self.eat(b']');
            }
        }
    }

    /// A string without escapes or control characters (its text is then the bytes as they are).
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        let rest = self.text.as_bytes().get(start..)?;
        let len = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        (rest.get(len) == Some(&b'"')).then_some(())?;
        let end = start.checked_add(len)?;
        self.at = end.checked_add(1)?;
        self.text.get(start..end)
    }

    /// A label set: an object of strings, a repeated name keeping its last value.
    fn labels(&mut self) -> Option<Labels> {
        let mut pairs = std::mem::take(&mut self.pairs);
        pairs.clear();
        self.eat(b'{')?;
        if !self.take(b'}') {
            loop {
                let name = self.text_lent()?;
                self.eat(b':')?;
                pairs.push((name, self.text_lent()?));
                if !self.take(b',') {
                    self.eat(b'}')?;
                    break;
                }
            }
        }
        let labels = Labels::from_pairs(&mut pairs);
        self.pairs = pairs;
        Some(labels)
    }

    /// `[[time, "value"], …]` as columns; values that are not numbers are counted in `bad`.
    fn samples(&mut self, bad: &mut usize) -> Option<(Vec<i64>, Vec<f64>)> {
        let mut t_ms = Vec::new();
        let mut values = Vec::new();
        self.array(|s| {
            s.eat(b'[')?;
            let t = s.time_ms()?;
            s.eat(b',')?;
            let v = s.string()?;
            s.eat(b']')?;
            match value(v) {
                Some(v) => {
                    t_ms.push(t);
                    values.push(v);
                }
                None => *bad += 1,
            }
            Some(())
        })?;
        Some((t_ms, values))
    }

    /// The next byte if it is a digit, taken, as its value.
    #[inline(always)]
    fn digit(&mut self) -> Option<i64> {
        let d = self.peek().filter(u8::is_ascii_digit)?;
        self.at += 1;
        Some(i64::from(d - b'0'))
    }

    /// A JSON number of seconds with at most 3 decimals and 11 integer digits, as epoch ms.
    fn time_ms(&mut self) -> Option<i64> {
        self.ws();
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let (mut seconds, mut digits) = (0_i64, 0_u32);
        while let Some(d) = self.digit() {
            // JSON has no leading zeros; at most 11 digits keep the ms below
            // 10^14, inside i64 and the serde path's range, so the arithmetic
            // here cannot overflow (checked by bounds, not by a 128-bit
            // multiply per digit in wasm).
            (digits == 0 || seconds > 0).then_some(())?;
            (digits < 11).then_some(())?;
            seconds = seconds * 10 + d;
            digits += 1;
        }
        (digits > 0).then_some(())?;
        let mut ms = seconds * 1000;
        if self.peek() == Some(b'.') {
            self.at += 1;
            let mut scale = 100;
            let mut decimals = 0;
            while let Some(d) = self.digit() {
                (decimals < 3).then_some(())?;
                ms += d * scale;
                scale /= 10;
                decimals += 1;
            }
            (decimals > 0).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            return None;
        }
        Some(if negative { -ms } else { ms })
    }
}

#[cfg(test)]
mod tests;
