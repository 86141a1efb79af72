//! The fetching machine, transition by transition, with the races the
//! end-to-end tests drive in a browser (`tests/e2e/races.test.mjs`): a query
//! edited in flight, refreshes that would stack, destroy mid-request, late
//! answers; and refreshing as a good citizen (schedule, visibility, backoff).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::sync::Arc;

use super::*;
use crate::config::{PanelConfig, Spec};
use crate::time::zone::FixedOffset;

/// The events the composed machine turns into calls on the fetching half.
enum Event {
    Config(Result<Arc<QuerySpec>, ConfigError>, Clock),
    Width(f64, Clock),
    Refresh(Option<i64>, Clock),
    Tick(Clock),
    RefreshNow(Clock),
    Seen(bool, Clock),
    Fetched { generation: u64, result: Result<Vec<TargetData>, FetchFailure>, clock: Clock },
    Destroy,
}

impl Fetching {
    /// One event, then the timer it needs: the composed machine's order.
    fn on(&mut self, event: Event) -> Vec<Command> {
        let mut out = Vec::new();
        match event {
            Event::Config(q, clock) => self.set_query(q, clock, &mut out),
            Event::Width(w, clock) => self.set_width(w, clock, &mut out),
            Event::Refresh(every, clock) => self.set_refresh(every, clock),
            Event::Tick(clock) => {
                let _ = self.handle(FetchEvent::Tick(clock), &mut out);
            }
            Event::RefreshNow(clock) => {
                let _ = self.handle(FetchEvent::RefreshNow(clock), &mut out);
            }
            Event::Seen(seen, clock) => {
                let _ = self.handle(FetchEvent::Seen(seen, clock), &mut out);
            }
            Event::Fetched { generation, result, clock } => {
                let _ = self.handle(FetchEvent::Fetched { generation, result, clock }, &mut out);
            }
            Event::Destroy => self.destroy(&mut out),
        }
        self.arm(&mut out);
        out
    }
}

const CLOCK: Clock = Clock { now_ms: 1_764_000_000_000, utc_offset_min: 0 };

fn query(json: &str) -> Arc<QuerySpec> {
    let config: PanelConfig = serde_json::from_str(json).unwrap();
    Arc::new(Spec::parse(&config.with_ref_ids()).unwrap().query)
}

fn up() -> Arc<QuerySpec> {
    query(r#"{"targets":[{"expr":"up"}]}"#)
}

/// A machine with a width and a config: one fetch started.
fn started() -> (Fetching, u64) {
    let mut m = Fetching::default();
    assert!(m.on(Event::Config(Ok(up()), CLOCK)).is_empty(), "no width yet: no fetch");
    let cmds = m.on(Event::Width(800.0, CLOCK));
    let generation = match cmds.as_slice() {
        [Command::Fetch { generation, plan, backend }] => {
            assert_eq!(plan.queries.len(), 1);
            assert_eq!(backend.timeout_ms, 30_000);
            *generation
        }
        other => panic!("expected one fetch, got {other:?}"),
    };
    assert_eq!(m.state_name(), "loading");
    (m, generation)
}

fn ok(generation: u64) -> Event {
    Event::Fetched { generation, result: Ok(Vec::new()), clock: CLOCK }
}

fn failed(generation: u64, message: &str, now_ms: i64) -> Event {
    let clock = Clock { now_ms, ..CLOCK };
    Event::Fetched { generation, result: Err(FetchFailure::Failed { message: message.into() }), clock }
}

fn is_fetch(c: &Command) -> bool {
    matches!(c, Command::Fetch { .. })
}

#[test]
fn a_first_load_goes_loading_then_ready() {
    let (mut m, g) = started();
    assert!(m.on(ok(g)).is_empty());
    assert_eq!(m.state_name(), "ready");
    assert!(m.model().is_some());
}

#[test]
fn a_failed_first_load_shows_only_the_reason() {
    let (mut m, g) = started();
    m.on(failed(g, "A: nothing answered", CLOCK.now_ms));
    assert_eq!(m.state_name(), "error");
    assert_eq!(m.failure_text(&FixedOffset(0)).as_deref(), Some("A: nothing answered"));
}

#[test]
fn a_failed_refresh_keeps_the_chart_marked_stale_until_one_works() {
    let (mut m, g) = started();
    m.on(ok(g));
    let refresh = m.on(Event::Tick(CLOCK));
    assert!(refresh.iter().any(is_fetch));
    assert_eq!(m.state_name(), "ready", "a refresh keeps showing the data");
    m.on(failed(m.generation(), "A: timed out.", CLOCK.now_ms + 65_000));
    assert_eq!(m.state_name(), "stale");
    assert!(m.model().is_some(), "the chart stays");
    let text = m.failure_text(&FixedOffset(0)).unwrap();
    assert!(text.starts_with("Refresh failed at ") && text.contains("A: timed out."), "{text}");
    assert!(text.ends_with("The chart still shows the data of 2025-11-24 16:00:00.000 (UTC+00:00)."), "{text}");
    assert_eq!(
        m.stale_legend(&FixedOffset(60)).as_deref(),
        Some("Greyed: data of 17:00:00; the refresh failed: A: timed out"),
        "the legend says why, in the viewer's zone"
    );
    m.on(Event::Tick(CLOCK));
    m.on(ok(m.generation()));
    assert_eq!(m.state_name(), "ready");
    assert!(m.stale().is_none());
    assert_eq!(m.stale_legend(&FixedOffset(0)), None);
}

#[test]
fn a_refresh_never_stacks_on_a_fetch_in_flight() {
    let (mut m, g) = started();
    assert!(m.on(Event::Tick(CLOCK)).is_empty(), "skipped while in flight");
    assert!(m.on(Event::Tick(CLOCK)).is_empty());
    assert_eq!(m.generation(), g);
    m.on(ok(g));
    assert!(m.on(Event::Tick(CLOCK)).iter().any(is_fetch), "the next tick fetches");
}

#[test]
fn a_query_edited_in_flight_aborts_the_older_fetch_and_drops_its_answer() {
    let (mut m, g1) = started();
    let cmds = m.on(Event::Config(Ok(query(r#"{"targets":[{"expr":"rate(x[5m])"}]}"#)), CLOCK));
    assert_eq!(cmds.first(), Some(&Command::Abort { generation: g1 }));
    let g2 = m.generation();
    assert!(g2 != g1 && cmds.iter().any(is_fetch));
    assert_eq!(m.state_name(), "loading", "a new query is not a refresh");
    m.on(failed(g1, "late answer of the old query", CLOCK.now_ms));
    assert_eq!(m.state_name(), "loading", "the older answer is never shown");
    m.on(ok(g1));
    assert!(m.model().is_none());
    m.on(ok(g2));
    assert_eq!(m.state_name(), "ready");
}

#[test]
fn the_same_query_again_fetches_nothing() {
    let (mut m, g) = started();
    m.on(ok(g));
    assert!(m.on(Event::Config(Ok(up()), CLOCK)).is_empty(), "a theme or link edit does not refetch");
    assert!(m.on(Event::Width(400.0, CLOCK)).is_empty(), "a resize does not refetch");
}

#[test]
fn a_config_error_aborts_the_fetch_in_flight_and_says_why() {
    let (mut m, g) = started();
    let cmds = m.on(Event::Config(Err(ConfigError::NoTargets), CLOCK));
    assert_eq!(cmds, vec![Command::Abort { generation: g }]);
    assert_eq!(m.state_name(), "error");
    assert!(m.failure_text(&FixedOffset(0)).unwrap().contains("no visible target"));
    m.on(ok(g));
    assert_eq!(m.state_name(), "error", "the aborted fetch's answer is dropped");
    assert!(m.on(Event::Tick(CLOCK)).is_empty(), "no config, no refresh");
    assert!(m.on(Event::Config(Ok(up()), CLOCK)).iter().any(is_fetch), "a good config fetches again");
}

#[test]
fn destroy_mid_request_aborts_it_and_ignores_its_answer() {
    let (mut m, g) = started();
    assert_eq!(m.on(Event::Destroy), vec![Command::Abort { generation: g }]);
    m.on(failed(g, "AbortError", CLOCK.now_ms));
    assert_eq!(m.state_name(), "loading", "no error appears after destroy");
}

#[test]
fn an_aborted_fetch_shows_nothing() {
    let (mut m, g) = started();
    m.on(Event::Fetched { generation: g, result: Err(FetchFailure::Aborted), clock: CLOCK });
    assert_eq!(m.state_name(), "loading");
    assert!(m.on(Event::Tick(CLOCK)).iter().any(is_fetch), "nothing is left in flight");
}

#[test]
fn a_range_that_cannot_be_planned_is_an_error_without_a_fetch() {
    let mut m = Fetching::default();
    let q = query(r#"{"targets":[{"expr":"up"}],"time":{"from":"now-292000000y","to":"9000000000000000000"}}"#);
    m.on(Event::Config(Ok(q), CLOCK));
    let cmds = m.on(Event::Width(800.0, CLOCK));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(m.failure_text(&FixedOffset(0)).unwrap().contains("outside the years 1 to 9999"));
}

// ---- refresh as a good citizen: schedule, visibility, backoff ----

fn wake_of(cmds: &[Command]) -> Option<Option<i64>> {
    cmds.iter().find_map(|c| match c {
        Command::WakeAt(at) => Some(*at),
        _ => None,
    })
}

fn refreshing(every_ms: i64) -> (Fetching, i64) {
    let (mut m, g) = started();
    m.on(ok(g));
    let cmds = m.on(Event::Refresh(Some(every_ms), CLOCK));
    let at = wake_of(&cmds).flatten().expect("a timer");
    assert!(at > CLOCK.now_ms && at <= CLOCK.now_ms + every_ms, "{at}");
    (m, at)
}

#[test]
fn auto_refresh_asks_for_a_timer_and_fetches_on_it() {
    let (mut m, at) = refreshing(5_000);
    let cmds = m.on(Event::Tick(Clock { now_ms: at + 4, ..CLOCK }));
    assert!(cmds.iter().any(is_fetch), "{cmds:?}");
    assert_eq!(wake_of(&cmds), Some(Some(at + 5_000)), "the next grid instant");
    let same = Fetching::with_seed(0);
    let other = Fetching::with_seed(99);
    assert_eq!(same.seed(), m.seed());
    assert_ne!(other.seed(), m.seed());
    m.on(Event::Refresh(None, CLOCK));
    assert_eq!(m.wake_at(), None, "refresh off: no timer");
}

#[test]
fn an_unseen_panel_does_not_refresh_and_catches_up_once_when_seen() {
    let (mut m, at) = refreshing(5_000);
    let cmds = m.on(Event::Seen(false, CLOCK));
    assert_eq!(wake_of(&cmds), Some(None), "no timer while unseen");
    assert!(m.refresh_notices(&FixedOffset(0)).iter().any(|(_, t)| t == "paused: not visible"));
    assert!(m.on(Event::Tick(Clock { now_ms: at, ..CLOCK })).iter().all(|c| !is_fetch(c)));
    let seen = m.on(Event::Seen(true, Clock { now_ms: at + 60_000, ..CLOCK }));
    assert_eq!(seen.iter().filter(|c| is_fetch(c)).count(), 1, "one catch-up: {seen:?}");
    assert!(m.refresh_notices(&FixedOffset(0)).is_empty());
    let again = m.on(Event::Seen(true, Clock { now_ms: at + 60_001, ..CLOCK }));
    assert!(again.iter().all(|c| !is_fetch(c)));
}

#[test]
fn a_throttled_answer_holds_refreshes_until_retry_after_then_a_success_resumes() {
    let (mut m, at) = refreshing(1_000);
    m.on(Event::Tick(Clock { now_ms: at, ..CLOCK }));
    let g = m.generation();
    let failure = FetchFailure::Throttled { message: "A: slow down".into(), retry_after: Some("10".into()) };
    let cmds = m.on(Event::Fetched { generation: g, result: Err(failure), clock: Clock { now_ms: at + 5, ..CLOCK } });
    assert_eq!(wake_of(&cmds), Some(Some(at + 11_000)), "the timer moves to the first grid instant after Retry-After");
    assert_eq!(m.state_name(), "stale", "a throttled refresh keeps the chart");
    let notices = m.refresh_notices(&FixedOffset(0));
    assert!(
        notices.iter().any(|(_, t)| t.starts_with("the backend asked us to slow down; next try at ")),
        "{notices:?}"
    );
    for dt in [1_000, 5_000, 10_000] {
        let cmds = m.on(Event::Tick(Clock { now_ms: at + dt, ..CLOCK }));
        assert!(cmds.iter().all(|c| !is_fetch(c)), "nothing before Retry-After ({dt} ms)");
    }
    assert!(m.on(Event::RefreshNow(Clock { now_ms: at + 6_000, ..CLOCK })).is_empty(), "not even refresh()");
    let cmds = m.on(Event::Tick(Clock { now_ms: at + 11_000, ..CLOCK }));
    assert!(cmds.iter().any(is_fetch));
    m.on(ok(m.generation()));
    assert!(m.refresh_notices(&FixedOffset(0)).is_empty(), "back to the normal rate");
    assert_eq!(m.state_name(), "ready");
}

#[test]
fn panels_with_the_same_query_plan_the_same_request_on_their_ticks() {
    let (mut a, at) = refreshing(5_000);
    let (mut b, at_b) = refreshing(5_000);
    assert_eq!(at, at_b, "same query, same page seed: same grid");
    let fetch_of = |cmds: Vec<Command>| {
        cmds.into_iter().find_map(|c| match c {
            Command::Fetch { plan, .. } => Some(plan),
            _ => None,
        })
    };
    let pa = fetch_of(a.on(Event::Tick(Clock { now_ms: at + 1, ..CLOCK })));
    let pb = fetch_of(b.on(Event::Tick(Clock { now_ms: at + 9, ..CLOCK })));
    assert!(pa.is_some() && pa == pb, "timers a few ms apart plan the very same request");
}

#[test]
fn a_timer_that_fires_early_is_armed_again() {
    let (mut m, at) = refreshing(5_000);
    let cmds = m.on(Event::Tick(Clock { now_ms: at - 1, ..CLOCK }));
    assert!(cmds.iter().all(|c| !is_fetch(c)));
    assert_eq!(wake_of(&cmds), Some(Some(at)), "the fired timer is replaced: {cmds:?}");
}
