//! The waterfall of a [`Trace`]: rows, bars, self time, the critical path,
//! collapsing, keyboard moves and the virtual window, as pure functions.
//!
//! Rules:
//! - rows are depth first; siblings by start time, then by their order in
//!   the answer; the synthetic "missing parent" root comes after the real roots;
//! - bars are fractions of the trace's extent (earliest start to latest end
//!   over all spans, so a skewed child that starts before its parent still
//!   fits); a zero-length trace counts as 1 µs; a bar is at least 0 wide;
//! - self time is a span's duration minus the union of its children's time
//!   clipped to it (a skewed or overlapping child never makes it negative);
//! - the critical path (as Jaeger UI defines it, `src/components/TracePage/CriticalPath`,
//!   re-derived here): from the root's end, walk back through the child that
//!   finished last before the current instant, then continue before that
//!   child's start; every span walked through is on the path;
//! - nothing recurses: a 10,000-deep chain is as safe as a flat trace;
//! - the virtual window is the rows in view plus `overscan` either side.

use super::{same_id, Span, Trace};

/// A trace's waterfall, computed once per trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    /// Span indices in row order (depth first).
    pub order: Vec<usize>,
    /// Per span: its depth (roots 0).
    pub depth: Vec<u32>,
    /// Per span: its children, in row order.
    pub children: Vec<Vec<usize>>,
    /// Per span: its position in `order`.
    pub row_of: Vec<usize>,
    /// Per span: how many rows its subtree has below it.
    pub descendants: Vec<usize>,
    /// Per span: duration minus its children's time, µs.
    pub self_us: Vec<i64>,
    /// Per span: on the critical path.
    pub critical: Vec<bool>,
    /// The trace's earliest start, µs since the epoch.
    pub start_us: i64,
    /// The trace's latest end, µs since the epoch.
    pub end_us: i64,
}

impl Waterfall {
    /// Lays `trace` out.
    pub fn new(trace: &Trace) -> Self {
        let n = trace.spans.len();
        let (mut children, mut roots) = trace.tree();
        let key = |i: &usize| {
            let s = trace.spans.get(*i);
            (s.is_some_and(|s| s.synthetic), s.map_or(0, |s| s.start_us), *i)
        };
        for c in &mut children {
            c.sort_by_key(key);
        }
        roots.sort_by_key(key);
        let (order, depth) = depth_first(&roots, &children, n);
        let mut row_of = vec![0; n];
        for (row, &i) in order.iter().enumerate() {
            if let Some(r) = row_of.get_mut(i) {
                *r = row;
            }
        }
        let mut descendants = vec![0usize; n];
        for &i in order.iter().rev() {
            let below: usize =
                children.get(i).map_or(0, |c| c.iter().map(|c| descendants.get(*c).map_or(0, |d| d + 1)).sum());
            if let Some(d) = descendants.get_mut(i) {
                *d = below;
            }
        }
        let start_us = trace.spans.iter().map(|s| s.start_us).min().unwrap_or(0);
        let end_us = trace.spans.iter().map(Span::end_us).max().unwrap_or(start_us);
        let self_us = (0..n).map(|i| self_time(trace, children.get(i).map_or(&[], Vec::as_slice), i)).collect();
        let critical = critical_path(trace, &children, roots.first().copied());
        Self { order, depth, children, row_of, descendants, self_us, critical, start_us, end_us }
    }

    /// The trace's extent, µs (at least 1).
    pub fn total_us(&self) -> i64 {
        self.end_us.saturating_sub(self.start_us).max(1)
    }

    /// A span's bar as fractions of the extent: `(left, width)`, both in 0..=1.
    pub fn bar(&self, span: &Span) -> (f64, f64) {
        let total = self.total_us() as f64;
        let left = (span.start_us.saturating_sub(self.start_us) as f64 / total).clamp(0.0, 1.0);
        let width = (span.dur_us as f64 / total).clamp(0.0, 1.0 - left);
        (left, width)
    }

    /// The rows shown when the spans marked in `collapsed` hide their subtrees.
    pub fn visible(&self, collapsed: &[bool]) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.order.len());
        let mut row = 0;
        while let Some(&i) = self.order.get(row) {
            out.push(i);
            let skip = if collapsed.get(i) == Some(&true) { self.descendants.get(i).copied().unwrap_or(0) } else { 0 };
            row += 1 + skip;
        }
        out
    }

    /// Whether span `i` has children.
    pub fn has_children(&self, i: usize) -> bool {
        self.children.get(i).is_some_and(|c| !c.is_empty())
    }
}

/// Rows and depths, depth first without recursion.
fn depth_first(roots: &[usize], children: &[Vec<usize>], n: usize) -> (Vec<usize>, Vec<u32>) {
    let mut order = Vec::with_capacity(n);
    let mut depth = vec![0u32; n];
    let mut stack: Vec<(usize, u32)> = roots.iter().rev().map(|r| (*r, 0)).collect();
    let mut seen = vec![false; n];
    while let Some((i, d)) = stack.pop() {
        if seen.get(i) != Some(&false) {
            continue;
        }
        if let Some(s) = seen.get_mut(i) {
            *s = true;
        }
        order.push(i);
        if let Some(x) = depth.get_mut(i) {
            *x = d;
        }
        if let Some(c) = children.get(i) {
            stack.extend(c.iter().rev().map(|c| (*c, d.saturating_add(1))));
        }
    }
    (order, depth)
}

/// Span `i`'s duration minus the union of its children's intervals inside it.
fn self_time(trace: &Trace, children: &[usize], i: usize) -> i64 {
    let Some(span) = trace.spans.get(i) else { return 0 };
    let (lo, hi) = (span.start_us, span.end_us());
    let mut parts: Vec<(i64, i64)> = children
        .iter()
        .filter_map(|c| trace.spans.get(*c))
        .map(|c| (c.start_us.clamp(lo, hi), c.end_us().clamp(lo, hi)))
        .filter(|(a, b)| b > a)
        .collect();
    parts.sort_unstable();
    let mut covered = 0i64;
    let mut reach = lo;
    for (a, b) in parts {
        let a = a.max(reach);
        if b > a {
            covered = covered.saturating_add(b - a);
            reach = b;
        }
    }
    span.dur_us.saturating_sub(covered).max(0)
}

/// Marks the spans on the critical path from `root`.
fn critical_path(trace: &Trace, children: &[Vec<usize>], root: Option<usize>) -> Vec<bool> {
    let mut on = vec![false; trace.spans.len()];
    let Some(root) = root else { return on };
    let end_of = |i: usize| trace.spans.get(i).map_or(i64::MIN, Span::end_us);
    let start_of = |i: usize| trace.spans.get(i).map_or(i64::MAX, |s| s.start_us);
    let mut work = vec![(root, end_of(root))];
    while let Some((i, limit)) = work.pop() {
        match on.get_mut(i) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        let mut by_end: Vec<usize> = children.get(i).cloned().unwrap_or_default();
        by_end.sort_by_key(|c| std::cmp::Reverse(end_of(*c)));
        let mut t = end_of(i).min(limit);
        for c in by_end {
            if start_of(c) < t {
                work.push((c, end_of(c).min(t)));
                t = start_of(c);
            }
        }
    }
    on
}

/// The span whose id is `span_id` (the exemplar's), first match.
pub fn find_span(trace: &Trace, span_id: &str) -> Option<usize> {
    trace.spans.iter().position(|s| !s.synthetic && same_id(&s.id, span_id))
}

/// What the view's header says.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The first root's operation.
    pub root_name: String,
    /// The first root's service.
    pub root_service: String,
    /// Distinct services.
    pub services: usize,
    /// Spans from the backend (the synthetic root not counted).
    pub spans: usize,
    /// Spans marked as errors.
    pub errors: usize,
    /// The trace's extent, µs.
    pub duration_us: i64,
    /// The trace's start, µs since the epoch.
    pub start_us: i64,
}

/// The header of `trace` laid out as `wf`.
pub fn summary(trace: &Trace, wf: &Waterfall) -> Summary {
    let root = wf.order.first().and_then(|i| trace.spans.get(*i));
    let mut services: Vec<&str> = trace.spans.iter().filter(|s| !s.synthetic).map(|s| s.service.as_str()).collect();
    services.sort_unstable();
    services.dedup();
    Summary {
        root_name: root.map(|r| r.name.clone()).unwrap_or_default(),
        root_service: root.map(|r| r.service.clone()).unwrap_or_default(),
        services: services.len(),
        spans: trace.spans.iter().filter(|s| !s.synthetic).count(),
        errors: trace.spans.iter().filter(|s| s.error).count(),
        duration_us: wf.end_us.saturating_sub(wf.start_us).max(0),
        start_us: wf.start_us,
    }
}

/// A duration in µs as people read it: `850 µs`, `12.3 ms`, `1.24 s`.
pub fn format_dur_us(us: i64) -> String {
    let us = us.max(0);
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        let ms = us as f64 / 1e3;
        if ms < 100.0 {
            format!("{ms:.2} ms")
        } else {
            format!("{ms:.1} ms")
        }
    } else {
        format!("{:.2} s", us as f64 / 1e6)
    }
}

/// Each service's colour slot (0..slots): services in the order their first
/// row appears, so up to `slots` services never share a colour.
pub fn service_slots(trace: &Trace, wf: &Waterfall, slots: usize) -> std::collections::HashMap<String, usize> {
    let mut out = std::collections::HashMap::new();
    for s in wf.order.iter().filter_map(|i| trace.spans.get(*i)) {
        let next = out.len() % slots.max(1);
        out.entry(s.service.clone()).or_insert(next);
    }
    out
}

/// A key the waterfall acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceKey {
    /// The previous visible span.
    Up,
    /// The next visible span.
    Down,
    /// Collapse, or go to the parent.
    Left,
    /// Expand, or go to the first child.
    Right,
    /// The first span.
    Home,
    /// The last visible span.
    End,
}

impl TraceKey {
    /// The DOM `KeyboardEvent.key` it answers to.
    pub fn from_dom(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowUp" => TraceKey::Up,
            "ArrowDown" => TraceKey::Down,
            "ArrowLeft" => TraceKey::Left,
            "ArrowRight" => TraceKey::Right,
            "Home" => TraceKey::Home,
            "End" => TraceKey::End,
            _ => return None,
        })
    }
}

/// Acts on `key` with span `focus` focused: returns the span focused after
/// (collapsing or expanding through `collapsed`).
pub fn on_key(wf: &Waterfall, trace: &Trace, collapsed: &mut [bool], focus: usize, key: TraceKey) -> usize {
    let visible = wf.visible(collapsed);
    let at = visible.iter().position(|i| *i == focus);
    let is_collapsed = collapsed.get(focus) == Some(&true);
    match key {
        TraceKey::Up => at.and_then(|p| p.checked_sub(1)).and_then(|p| visible.get(p)).copied().unwrap_or(focus),
        TraceKey::Down => at.and_then(|p| visible.get(p + 1)).copied().unwrap_or(focus),
        TraceKey::Home => visible.first().copied().unwrap_or(focus),
        TraceKey::End => visible.last().copied().unwrap_or(focus),
        TraceKey::Left if wf.has_children(focus) && !is_collapsed => {
            if let Some(c) = collapsed.get_mut(focus) {
                *c = true;
            }
            focus
        }
        TraceKey::Left => trace.parents.get(focus).copied().flatten().unwrap_or(focus),
        TraceKey::Right if is_collapsed => {
            if let Some(c) = collapsed.get_mut(focus) {
                *c = false;
            }
            focus
        }
        TraceKey::Right => wf.children.get(focus).and_then(|c| c.first()).copied().unwrap_or(focus),
    }
}

/// The rows to put in the DOM: those within `[scroll_top, scroll_top +
/// viewport)` px, plus `overscan` either side, of `rows` rows `row_px` high.
pub fn window(
    rows: usize,
    row_px: f64,
    scroll_top_px: f64,
    viewport_px: f64,
    overscan: usize,
) -> std::ops::Range<usize> {
    if rows == 0 || row_px.is_nan() || row_px <= 0.0 {
        return 0..0;
    }
    let first = (scroll_top_px.max(0.0) / row_px).floor();
    let count = (viewport_px.max(0.0) / row_px).ceil() + 1.0;
    let first = if first.is_finite() { (first as usize).min(rows) } else { 0 };
    let count = if count.is_finite() { count as usize } else { 0 };
    first.saturating_sub(overscan)..first.saturating_add(count).saturating_add(overscan).min(rows)
}

/// The scroll position that shows row `row` (unchanged when it is in view).
pub fn scroll_to_show(row: usize, row_px: f64, scroll_top_px: f64, viewport_px: f64) -> f64 {
    let top = row as f64 * row_px;
    if top < scroll_top_px {
        top
    } else if top + row_px > scroll_top_px + viewport_px {
        (top + row_px - viewport_px).max(0.0)
    } else {
        scroll_top_px
    }
}
