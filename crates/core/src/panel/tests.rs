//! The machine, transition by transition, with the races the end-to-end
//! tests drive in a browser (`tests/e2e/races.test.mjs`): a query edited in
//! flight, refreshes that would stack, destroy mid-request, late answers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::sync::Arc;

use super::*;
use crate::config::{PanelConfig, Spec, Unit};
use crate::interact::frame::FrameInput;
use crate::model::{ExemplarPoint, NoticeLevel, SeriesModel};
use crate::prom::Labels;
use crate::render::layout::PlotSize;
use crate::render::theme::Theme;
use crate::select::filter::ExemplarFilter;
use crate::select::sample::Sampler;
use crate::time::zone::FixedOffset;

const CLOCK: Clock = Clock { now_ms: 1_764_000_000_000, utc_offset_min: 0 };

fn query(json: &str) -> Arc<QuerySpec> {
    let config: PanelConfig = serde_json::from_str(json).unwrap();
    Arc::new(Spec::parse(&config.with_ref_ids()).unwrap().query)
}

fn up() -> Arc<QuerySpec> {
    query(r#"{"targets":[{"expr":"up"}]}"#)
}

/// A machine with a width and a config: one fetch started.
fn started() -> (PanelMachine, u64) {
    let mut m = PanelMachine::new();
    assert!(m.handle(Event::Config(Ok(up()), CLOCK)).is_empty(), "no width yet: no fetch");
    let cmds = m.handle(Event::Width(800.0, CLOCK));
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
    assert!(m.handle(ok(g)).is_empty());
    assert_eq!(m.state_name(), "ready");
    assert!(m.model().is_some());
}

#[test]
fn a_failed_first_load_shows_only_the_reason() {
    let (mut m, g) = started();
    m.handle(failed(g, "A: nothing answered", CLOCK.now_ms));
    assert_eq!(m.state_name(), "error");
    assert_eq!(m.failure_text(&FixedOffset(0)).as_deref(), Some("A: nothing answered"));
}

#[test]
fn a_failed_refresh_keeps_the_chart_marked_stale_until_one_works() {
    let (mut m, g) = started();
    m.handle(ok(g));
    let refresh = m.handle(Event::Tick(CLOCK));
    assert!(refresh.iter().any(is_fetch));
    assert_eq!(m.state_name(), "ready", "a refresh keeps showing the data");
    m.handle(failed(m.generation(), "A: timed out.", CLOCK.now_ms + 65_000));
    assert_eq!(m.state_name(), "stale");
    assert!(m.model().is_some(), "the chart stays");
    let text = m.failure_text(&FixedOffset(0)).unwrap();
    assert!(text.starts_with("Refresh failed at ") && text.contains("A: timed out."), "{text}");
    assert!(text.ends_with("The chart still shows the data of 2025-11-24 16:00:00.000 (UTC+00:00)."), "{text}");
    m.handle(Event::Tick(CLOCK));
    m.handle(ok(m.generation()));
    assert_eq!(m.state_name(), "ready");
    assert!(m.stale().is_none());
}

#[test]
fn a_refresh_never_stacks_on_a_fetch_in_flight() {
    let (mut m, g) = started();
    assert!(m.handle(Event::Tick(CLOCK)).is_empty(), "skipped while in flight");
    assert!(m.handle(Event::Tick(CLOCK)).is_empty());
    assert_eq!(m.generation(), g);
    m.handle(ok(g));
    assert!(m.handle(Event::Tick(CLOCK)).iter().any(is_fetch), "the next tick fetches");
}

#[test]
fn a_query_edited_in_flight_aborts_the_older_fetch_and_drops_its_answer() {
    let (mut m, g1) = started();
    let cmds = m.handle(Event::Config(Ok(query(r#"{"targets":[{"expr":"rate(x[5m])"}]}"#)), CLOCK));
    assert_eq!(cmds.first(), Some(&Command::Abort { generation: g1 }));
    let g2 = m.generation();
    assert!(g2 != g1 && cmds.iter().any(is_fetch));
    assert_eq!(m.state_name(), "loading", "a new query is not a refresh");
    m.handle(failed(g1, "late answer of the old query", CLOCK.now_ms));
    assert_eq!(m.state_name(), "loading", "the older answer is never shown");
    m.handle(ok(g1));
    assert!(m.model().is_none());
    m.handle(ok(g2));
    assert_eq!(m.state_name(), "ready");
}

#[test]
fn the_same_query_again_fetches_nothing() {
    let (mut m, g) = started();
    m.handle(ok(g));
    assert!(m.handle(Event::Config(Ok(up()), CLOCK)).is_empty(), "a theme or link edit does not refetch");
    assert!(m.handle(Event::Width(400.0, CLOCK)).is_empty(), "a resize does not refetch");
}

#[test]
fn a_config_error_aborts_the_fetch_in_flight_and_says_why() {
    let (mut m, g) = started();
    let cmds = m.handle(Event::Config(Err(ConfigError::NoTargets), CLOCK));
    assert_eq!(cmds, vec![Command::Abort { generation: g }]);
    assert_eq!(m.state_name(), "error");
    assert!(m.failure_text(&FixedOffset(0)).unwrap().contains("no visible target"));
    m.handle(ok(g));
    assert_eq!(m.state_name(), "error", "the aborted fetch's answer is dropped");
    assert!(m.handle(Event::Tick(CLOCK)).is_empty(), "no config, no refresh");
    assert!(m.handle(Event::Config(Ok(up()), CLOCK)).iter().any(is_fetch), "a good config fetches again");
}

#[test]
fn destroy_mid_request_aborts_it_and_ignores_its_answer() {
    let (mut m, g) = started();
    assert_eq!(m.handle(Event::Destroy), vec![Command::Abort { generation: g }]);
    m.handle(failed(g, "AbortError", CLOCK.now_ms));
    assert_eq!(m.state_name(), "loading", "no error appears after destroy");
}

#[test]
fn an_aborted_fetch_shows_nothing() {
    let (mut m, g) = started();
    m.handle(Event::Fetched { generation: g, result: Err(FetchFailure::Aborted), clock: CLOCK });
    assert_eq!(m.state_name(), "loading");
    assert!(m.handle(Event::Tick(CLOCK)).iter().any(is_fetch), "nothing is left in flight");
}

#[test]
fn a_range_that_cannot_be_planned_is_an_error_without_a_fetch() {
    let mut m = PanelMachine::new();
    let q = query(r#"{"targets":[{"expr":"up"}],"time":{"from":"now-292000000y","to":"9000000000000000000"}}"#);
    m.handle(Event::Config(Ok(q), CLOCK));
    let cmds = m.handle(Event::Width(800.0, CLOCK));
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(m.failure_text(&FixedOffset(0)).unwrap().contains("outside the years 1 to 9999"));
}

// ---- pointer and keyboard, on a real frame ----

fn model() -> Arc<PanelModel> {
    let labels = |id: &str| {
        let mut l = Labels::default();
        l.insert("trace_id".into(), id.into());
        l
    };
    let series_labels = Arc::new(Labels::default());
    let exemplar = |t_ms: i64, value: f64, id: &str| ExemplarPoint {
        t_ms,
        value,
        labels: labels(id),
        series_labels: Arc::clone(&series_labels),
        series: Some(0),
        ref_id: "A".into(),
    };
    Arc::new(PanelModel {
        start_ms: 0,
        end_ms: 100_000,
        step_ms: 10_000,
        series: vec![SeriesModel {
            ref_id: "A".into(),
            name: "p99".into(),
            labels: Labels::default(),
            color: 0,
            t_ms: (0..=10).map(|i| i * 10_000).collect(),
            values: vec![1.0; 11],
            step_ms: 10_000,
        }],
        exemplars: vec![exemplar(20_000, 1.5, "t1"), exemplar(50_000, 0.5, "t2"), exemplar(80_000, 1.8, "t3")],
        notices: Vec::new(),
    })
}

fn frame(model: Arc<PanelModel>, width_css: f64) -> Arc<Frame> {
    frame_on(model, width_css, crate::config::YScale::Linear, None)
}

fn frame_on(
    model: Arc<PanelModel>,
    width_css: f64,
    scale: crate::config::YScale,
    exemplar_box: Option<crate::config::ExemplarBox>,
) -> Arc<Frame> {
    let theme = Theme::light();
    let input = FrameInput {
        size: PlotSize { width_css, height_css: 300.0, dpr: 1.0 },
        unit: Unit::Seconds,
        scale,
        exemplars_hidden: false,
        exemplar_box,
        tz: &FixedOffset(0),
        filter: &ExemplarFilter::default(),
        sampler: Sampler::All,
        hidden_series: &[false],
        theme: &theme,
        config: None,
    };
    Arc::new(Frame::build(model, &input).0)
}

fn with_frame() -> (PanelMachine, Arc<Frame>) {
    let mut m = PanelMachine::new();
    let f = frame(model(), 800.0);
    m.handle(Event::Frame(Some(Arc::clone(&f))));
    (m, f)
}

#[test]
fn hover_selects_the_dot_under_the_pointer_and_leaving_clears_it() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(1).unwrap();
    m.handle(Event::PointerMove { x_css: x + 3.0, y_css: y, over_tooltip: false });
    assert_eq!(m.selected(), Some(1));
    m.handle(Event::PointerMove { x_css: x + 3.0, y_css: y, over_tooltip: true });
    assert_eq!(m.selected(), Some(1), "the tooltip does not change the selection");
    m.handle(Event::PointerMove { x_css: x + 40.0, y_css: y, over_tooltip: false });
    assert_eq!(m.selected(), None);
    m.handle(Event::PointerMove { x_css: x, y_css: y, over_tooltip: false });
    m.handle(Event::PointerLeave);
    assert_eq!(m.selected(), None);
}

#[test]
fn a_click_on_a_dot_pins_and_activates_it_and_a_click_elsewhere_unpins() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(2).unwrap();
    assert_eq!(m.handle(Event::Click { x_css: x, y_css: y }), vec![Command::Activate { index: 2 }]);
    assert!(m.pinned());
    let (x0, y0) = f.position(0).unwrap();
    m.handle(Event::PointerMove { x_css: x0, y_css: y0, over_tooltip: false });
    assert_eq!(m.selected(), Some(2), "hover never moves a pinned selection");
    m.handle(Event::PointerLeave);
    assert_eq!(m.selected(), Some(2), "leaving keeps a pinned selection");
    assert!(m.handle(Event::Click { x_css: x + 60.0, y_css: y }).is_empty());
    assert_eq!((m.selected(), m.pinned()), (None, false));
}

#[test]
fn a_drag_zooms_to_the_dragged_times_and_its_click_does_nothing() {
    let (mut m, f) = with_frame();
    let (x1, y) = f.position(0).unwrap();
    let (x2, _) = f.position(2).unwrap();
    m.handle(Event::PointerDown { x_css: x1, y_css: y, boxing: false });
    m.handle(Event::PointerMove { x_css: x2, y_css: y, over_tooltip: false });
    assert_eq!(m.zoom_box(), Some((x1, x2)));
    let cmds = m.handle(Event::PointerUp { x_css: x2 });
    match cmds.as_slice() {
        [Command::Zoom { from_ms, to_ms }] => {
            assert!((from_ms - 20_000).abs() < 500 && (to_ms - 80_000).abs() < 500, "{from_ms}..{to_ms}");
        }
        other => panic!("expected a zoom, got {other:?}"),
    }
    assert_eq!(m.zoom_box(), None);
    assert!(m.handle(Event::Click { x_css: x2, y_css: y }).is_empty(), "the drag's click is swallowed");
    assert_eq!(m.selected(), None);
}

#[test]
fn a_short_drag_is_a_click_and_a_drag_outside_the_plot_is_nothing() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(1).unwrap();
    m.handle(Event::PointerDown { x_css: x, y_css: y, boxing: false });
    assert!(m.handle(Event::PointerUp { x_css: x + DRAG_MIN_CSS }).is_empty());
    assert_eq!(m.handle(Event::Click { x_css: x, y_css: y }), vec![Command::Activate { index: 1 }]);
    m.handle(Event::PointerDown { x_css: -50.0, y_css: -50.0, boxing: false });
    assert_eq!(m.zoom_box(), None, "no drag starts outside the plot");
    assert!(m.handle(Event::PointerUp { x_css: 400.0 }).is_empty());
}

#[test]
fn a_drag_past_the_plot_edges_is_clamped_to_the_plot() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(1).unwrap();
    m.handle(Event::PointerDown { x_css: x, y_css: y, boxing: false });
    let cmds = m.handle(Event::PointerUp { x_css: 10_000.0 });
    let Some(Command::Zoom { to_ms, .. }) = cmds.first() else { panic!("{cmds:?}") };
    assert_eq!(*to_ms, f.layout.time_from_css(f.layout.plot.right));
}

#[test]
fn arrows_step_through_the_keyboard_order_and_enter_activates() {
    let (mut m, f) = with_frame();
    assert_eq!(f.keyboard, vec![0, 1, 2]);
    assert_eq!(m.handle(Event::Key(Key::Right)), vec![Command::ConsumeKey]);
    assert_eq!(m.selected(), Some(0), "→ starts at the first");
    m.handle(Event::Key(Key::Right));
    m.handle(Event::Key(Key::Right));
    m.handle(Event::Key(Key::Right));
    assert_eq!(m.selected(), Some(2), "→ stops at the last");
    m.handle(Event::Key(Key::Left));
    assert_eq!((m.selected(), m.pinned()), (Some(1), false));
    assert_eq!(m.handle(Event::Key(Key::Enter)), vec![Command::ConsumeKey, Command::Activate { index: 1 }]);
    assert!(m.pinned());
    assert!(m.handle(Event::Key(Key::Escape)).is_empty());
    assert_eq!((m.selected(), m.pinned()), (None, false));
    assert!(m.handle(Event::Key(Key::Enter)).is_empty(), "Enter with nothing selected does nothing");
    let mut fresh = PanelMachine::new();
    fresh.handle(Event::Frame(Some(f)));
    fresh.handle(Event::Key(Key::Left));
    assert_eq!(fresh.selected(), Some(2), "← starts at the last");
}

#[test]
fn a_resize_keeps_the_selection_and_a_new_model_clears_it() {
    let (mut m, f) = with_frame();
    m.handle(Event::PickRow(2));
    assert_eq!((m.selected(), m.pinned()), (Some(2), true));
    m.handle(Event::Frame(Some(frame(Arc::clone(&f.model), 500.0))));
    assert_eq!((m.selected(), m.pinned()), (Some(2), true), "same model, still shown");
    m.handle(Event::Frame(Some(frame(model(), 500.0))));
    assert_eq!((m.selected(), m.pinned()), (None, false), "a new model");
}

#[test]
fn the_texts_come_from_the_state() {
    let (_, f) = with_frame();
    assert_eq!(exemplar_count_text(&f).as_deref(), Some("3 exemplars"));
    let sel = resolve_selection(&f, 2, None, Unit::Seconds, &Theme::light(), &FixedOffset(0)).unwrap();
    assert_eq!((sel.series.as_str(), sel.value.as_str()), ("p99", "1.8 s"));
    assert_eq!(sel.announcement(), format!("Exemplar of p99: 1.8 s at {}. trace_id t3", sel.time));
    let empty = PanelModel::default();
    let texts = notices(None, Some(&empty), None);
    assert_eq!(texts, vec![(NoticeLevel::Warning, "the queries returned no series in this time range".to_string())]);
}

// ---- refresh as a good citizen: schedule, visibility, backoff ----

fn wake_of(cmds: &[Command]) -> Option<Option<i64>> {
    cmds.iter().find_map(|c| match c {
        Command::WakeAt(at) => Some(*at),
        _ => None,
    })
}

fn refreshing(every_ms: i64) -> (PanelMachine, i64) {
    let (mut m, g) = started();
    m.handle(ok(g));
    let cmds = m.handle(Event::Refresh(Some(every_ms), CLOCK));
    let at = wake_of(&cmds).flatten().expect("a timer");
    assert!(at > CLOCK.now_ms && at <= CLOCK.now_ms + every_ms, "{at}");
    (m, at)
}

#[test]
fn auto_refresh_asks_for_a_timer_and_fetches_on_it() {
    let (mut m, at) = refreshing(5_000);
    let cmds = m.handle(Event::Tick(Clock { now_ms: at + 4, ..CLOCK }));
    assert!(cmds.iter().any(is_fetch), "{cmds:?}");
    assert_eq!(wake_of(&cmds), Some(Some(at + 5_000)), "the next grid instant");
    let same = PanelMachine::with_seed(0);
    let other = PanelMachine::with_seed(99);
    assert_eq!(same.seed, m.seed);
    assert_ne!(other.seed, m.seed);
    m.handle(Event::Refresh(None, CLOCK));
    assert_eq!(m.schedule.wake_at(), None, "refresh off: no timer");
}

#[test]
fn an_unseen_panel_does_not_refresh_and_catches_up_once_when_seen() {
    let (mut m, at) = refreshing(5_000);
    let cmds = m.handle(Event::Seen(false, CLOCK));
    assert_eq!(wake_of(&cmds), Some(None), "no timer while unseen");
    assert!(m.refresh_notices(&FixedOffset(0)).iter().any(|(_, t)| t == "paused: not visible"));
    assert!(m.handle(Event::Tick(Clock { now_ms: at, ..CLOCK })).iter().all(|c| !is_fetch(c)));
    let seen = m.handle(Event::Seen(true, Clock { now_ms: at + 60_000, ..CLOCK }));
    assert_eq!(seen.iter().filter(|c| is_fetch(c)).count(), 1, "one catch-up: {seen:?}");
    assert!(m.refresh_notices(&FixedOffset(0)).is_empty());
    let again = m.handle(Event::Seen(true, Clock { now_ms: at + 60_001, ..CLOCK }));
    assert!(again.iter().all(|c| !is_fetch(c)));
}

#[test]
fn a_throttled_answer_holds_refreshes_until_retry_after_then_a_success_resumes() {
    let (mut m, at) = refreshing(1_000);
    m.handle(Event::Tick(Clock { now_ms: at, ..CLOCK }));
    let g = m.generation();
    let failure = FetchFailure::Throttled { message: "A: slow down".into(), retry_after: Some("10".into()) };
    let cmds =
        m.handle(Event::Fetched { generation: g, result: Err(failure), clock: Clock { now_ms: at + 5, ..CLOCK } });
    assert_eq!(wake_of(&cmds), Some(Some(at + 11_000)), "the timer moves to the first grid instant after Retry-After");
    assert_eq!(m.state_name(), "stale", "a throttled refresh keeps the chart");
    let notices = m.refresh_notices(&FixedOffset(0));
    assert!(
        notices.iter().any(|(_, t)| t.starts_with("the backend asked us to slow down; next try at ")),
        "{notices:?}"
    );
    for dt in [1_000, 5_000, 10_000] {
        let cmds = m.handle(Event::Tick(Clock { now_ms: at + dt, ..CLOCK }));
        assert!(cmds.iter().all(|c| !is_fetch(c)), "nothing before Retry-After ({dt} ms)");
    }
    assert!(m.handle(Event::RefreshNow(Clock { now_ms: at + 6_000, ..CLOCK })).is_empty(), "not even refresh()");
    let cmds = m.handle(Event::Tick(Clock { now_ms: at + 11_000, ..CLOCK }));
    assert!(cmds.iter().any(is_fetch));
    m.handle(ok(m.generation()));
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
    let pa = fetch_of(a.handle(Event::Tick(Clock { now_ms: at + 1, ..CLOCK })));
    let pb = fetch_of(b.handle(Event::Tick(Clock { now_ms: at + 9, ..CLOCK })));
    assert!(pa.is_some() && pa == pb, "timers a few ms apart plan the very same request");
}

#[test]
fn a_timer_that_fires_early_is_armed_again() {
    let (mut m, at) = refreshing(5_000);
    let cmds = m.handle(Event::Tick(Clock { now_ms: at - 1, ..CLOCK }));
    assert!(cmds.iter().all(|c| !is_fetch(c)));
    assert_eq!(wake_of(&cmds), Some(Some(at)), "the fired timer is replaced: {cmds:?}");
}

fn framed_with_box(b: Option<crate::config::ExemplarBox>) -> Arc<Frame> {
    frame_on(model(), 800.0, crate::config::YScale::Log(crate::config::LogBase::Ten), b)
}

#[test]
fn a_shift_drag_draws_a_box_around_the_dots_inside_on_a_log_scale_and_escape_clears_it() {
    let mut m = PanelMachine::new();
    let f = framed_with_box(None);
    m.handle(Event::Frame(Some(Arc::clone(&f))));
    // Around t1 (20 s, 1.5) and t3 (80 s, 1.8), not t2 (50 s, 0.5).
    let (x1, y1) = f.position(0).unwrap_or_default();
    let (x3, y3) = f.position(2).unwrap_or_default();
    m.handle(Event::PointerDown { x_css: x3 + 4.0, y_css: y3 - 6.0, boxing: true });
    m.handle(Event::PointerMove { x_css: x1 - 4.0, y_css: y1 + 6.0, over_tooltip: false });
    assert_eq!(m.zoom_box(), None, "a box, not a zoom");
    assert_eq!(m.box_drag(), Some(((x3 + 4.0, y3 - 6.0), (x1 - 4.0, y1 + 6.0))));
    let cmds = m.handle(Event::PointerUp { x_css: x1 - 4.0 });
    let [Command::SetBox(Some(b))] = cmds.as_slice() else { panic!("{cmds:?}") };
    assert!(b.from < 20_000 && b.to > 80_000, "{b:?}");
    assert!(b.min < 1.5 && b.min > 0.5 && b.max > 1.8, "{b:?}");
    assert!(m.handle(Event::Click { x_css: x1, y_css: y1 }).is_empty(), "the drag's click is swallowed");

    // The shell keeps it: the next frame lists the two.
    let boxed = framed_with_box(Some(*b));
    assert_eq!(boxed.listed(), [0, 2]);
    m.handle(Event::Frame(Some(boxed)));
    assert_eq!(m.handle(Event::Key(Key::Escape)), vec![Command::ConsumeKey, Command::SetBox(None)]);

    // A thin shift-drag (no height) is no box.
    m.handle(Event::PointerDown { x_css: x1, y_css: y1, boxing: true });
    m.handle(Event::PointerMove { x_css: x3, y_css: y1 + 2.0, over_tooltip: false });
    assert_eq!(m.box_drag(), None);
    assert!(m.handle(Event::PointerUp { x_css: x3 }).is_empty());
}

#[test]
fn on_a_log_scale_the_dots_sit_by_their_logarithm_and_hover_finds_them() {
    let mut m = PanelMachine::new();
    let f = frame_on(model(), 800.0, crate::config::YScale::Log(crate::config::LogBase::Ten), None);
    m.handle(Event::Frame(Some(Arc::clone(&f))));
    let l = &f.layout;
    let (lo, hi) = (l.v_min.log10(), l.v_max.log10());
    for (i, value) in [(0, 1.5f64), (1, 0.5), (2, 1.8)] {
        let (x, y) = f.position(i).unwrap_or_default();
        let want = l.plot.bottom - (value.log10() - lo) / (hi - lo) * (l.plot.bottom - l.plot.top);
        assert!((y - want).abs() < 1e-9, "exemplar {i}: {y} vs {want}");
        m.handle(Event::PointerMove { x_css: x + 2.0, y_css: y - 2.0, over_tooltip: false });
        assert_eq!(m.selected(), Some(i));
    }
    // The lines (1.0) stretch the axis to 2× at most: 0.5…1.8 fit in 0.1…10, none clamped.
    assert_eq!((l.v_min, l.v_max), (0.1, 10.0));
}

mod keybox;
