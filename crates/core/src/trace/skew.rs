//! Clock-skew adjustment: a span recorded by another service that does not
//! fit inside its parent is moved into it, with its subtree.
//!
//! Rules (the behaviour Jaeger's query service applies, `model/adjuster/clockskew.go`,
//! and Zipkin's UI re-derives; written here from that description):
//! - only across services: a child of the same service shares its parent's
//!   clock, so it takes its parent's shift and is never judged on its own;
//!   a service is our stand-in for Jaeger's host, which not every shape sends;
//! - a child from another service that starts before its (already moved)
//!   parent or ends after it is centred in it (the network's latency split
//!   evenly between request and answer); a child longer than its parent
//!   starts with it; one that fits is left alone;
//! - a shift moves the span's start and its events, never its duration;
//!   [`Span::skew_us`] keeps it, so the details say what was moved and by how much;
//! - children of the synthetic "missing parent" root are not judged (that
//!   root is not a span anyone timed); arithmetic saturates; nothing recurses.

use super::{Span, Trace};

/// Moves every span that [the rules](self) say is skewed; returns how many moved.
pub fn adjust(trace: &mut Trace) -> usize {
    let n = trace.spans.len();
    // Parents before children: a depth-first walk from the roots.
    let (children, mut stack) = trace.tree();
    let mut shift = vec![0i64; n];
    let mut seen = vec![false; n];
    let mut moved = 0;
    while let Some(i) = stack.pop() {
        if std::mem::replace(seen.get_mut(i).unwrap_or(&mut true), true) {
            continue;
        }
        let parent = trace.parents.get(i).copied().flatten().and_then(|p| Some((p, trace.spans.get(p)?)));
        let own = match (parent, trace.spans.get(i)) {
            (Some((_, p)), _) if p.synthetic => 0,
            (Some((p, ps)), Some(s)) if ps.service == s.service => shift.get(p).copied().unwrap_or(0),
            (Some((_, ps)), Some(s)) => skew_us(ps, s),
            _ => 0,
        };
        if own != 0 {
            if let (Some(s), Some(slot)) = (trace.spans.get_mut(i), shift.get_mut(i)) {
                *slot = own;
                s.start_us = s.start_us.saturating_add(own);
                for e in &mut s.events {
                    e.t_us = e.t_us.saturating_add(own);
                }
                s.skew_us = own;
                moved += 1;
            }
        }
        stack.extend(children.get(i).into_iter().flatten().copied());
    }
    moved
}

/// How far `child` (another service's span) must move to sit inside `parent` (µs).
fn skew_us(parent: &Span, child: &Span) -> i64 {
    if parent.dur_us < child.dur_us {
        return parent.start_us.saturating_sub(child.start_us);
    }
    if child.start_us >= parent.start_us && child.end_us() <= parent.end_us() {
        return 0;
    }
    let latency = parent.dur_us.saturating_sub(child.dur_us) / 2;
    parent.start_us.saturating_add(latency).saturating_sub(child.start_us)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::SpanEvent;

    fn span(id: &str, parent: Option<&str>, service: &str, start_us: i64, dur_us: i64) -> Span {
        Span {
            id: id.into(),
            parent: parent.map(Into::into),
            service: service.into(),
            start_us,
            dur_us,
            events: vec![SpanEvent { t_us: start_us + 1, ..SpanEvent::default() }],
            ..Span::default()
        }
    }

    fn trace(spans: Vec<Span>) -> Trace {
        Trace::new("t".into(), spans, vec![])
    }

    fn starts(t: &Trace) -> Vec<(i64, i64)> {
        t.spans.iter().filter(|s| !s.synthetic).map(|s| (s.start_us, s.skew_us)).collect()
    }

    #[test]
    fn another_services_child_outside_its_parent_is_centred_in_it_with_its_subtree() {
        // The server's clock runs 500 µs behind the client's: its span starts
        // before the client's call. Its own child (same service) moves with it.
        let t = trace(vec![
            span("a", None, "front", 1_000, 1_000),
            span("b", Some("a"), "back", 600, 800),
            span("c", Some("b"), "back", 700, 100),
            span("d", Some("a"), "front", 1_100, 50),
        ]);
        // b: centred in a, (1000 − 800) / 2 = 100 µs in: starts at 1100, moved +500.
        assert_eq!(starts(&t), [(1_000, 0), (1_100, 500), (1_200, 500), (1_100, 0)]);
        assert_eq!(t.spans[1].events[0].t_us, 1_101, "its events move with it");
        assert_eq!(t.spans[1].dur_us, 800, "durations are never changed");
    }

    #[test]
    fn a_child_that_fits_or_shares_the_service_is_left_alone() {
        let t = trace(vec![
            span("a", None, "front", 1_000, 1_000),
            span("b", Some("a"), "back", 1_200, 300),
            span("c", Some("a"), "front", 1_900, 400), // same service: the same clock
        ]);
        assert_eq!(starts(&t), [(1_000, 0), (1_200, 0), (1_900, 0)]);
    }

    #[test]
    fn a_child_longer_than_its_parent_starts_with_it() {
        let t = trace(vec![span("a", None, "front", 1_000, 100), span("b", Some("a"), "back", 5_000, 300)]);
        assert_eq!(starts(&t), [(1_000, 0), (1_000, -4_000)]);
    }

    #[test]
    fn orphans_are_not_judged_against_the_missing_parent_root_and_extremes_saturate() {
        let t = trace(vec![
            span("o", Some("gone"), "back", 5_000, 10),
            span("x", None, "front", i64::MIN, i64::MAX),
            span("y", Some("x"), "back", i64::MAX - 5, 10),
        ]);
        assert_eq!(t.spans[0].skew_us, 0, "an orphan stays where it was");
        assert!(t.spans.iter().all(|s| s.dur_us >= 0));
    }

    #[test]
    fn a_deep_chain_of_alternating_services_is_no_recursion() {
        let n = 20_000;
        let spans = (0..n)
            .map(|i| {
                let (id, parent) = (format!("s{i}"), (i > 0).then(|| format!("s{}", i - 1)));
                span(&id, parent.as_deref(), if i % 2 == 0 { "a" } else { "b" }, 0, 1_000_000 - i as i64)
            })
            .collect();
        let t = trace(spans);
        assert!(t.spans.windows(2).all(|w| w[1].start_us >= w[0].start_us && w[1].end_us() <= w[0].end_us()));
    }
}
