//! The composed machine: the frame it owns, what it tells the shell (paints,
//! host events, announcements, the sync group) and the texts it builds, from
//! a spec through a fetch to the pointer. The two halves have their own tests
//! (`tests/fetching.rs`, `tests/interaction.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::sync::Arc;

use super::*;
use crate::config::{Format, PanelConfig, Unit};
use crate::model::{NoticeLevel, PanelModel, TargetData};
use crate::prom::{parse_exemplars, parse_range};

const CLOCK: Clock = Clock { now_ms: 1_764_000_000_000, utc_offset_min: 0 };
const SIZE: PlotSize = PlotSize { width_css: 800.0, height_css: 300.0, dpr: 1.0 };

/// A spec from config JSON (refIds filled in, as the loader does).
fn spec(json: &str) -> Arc<Spec> {
    let config: PanelConfig = serde_json::from_str(json).unwrap();
    Arc::new(Spec::parse(&config.with_ref_ids()).unwrap())
}

const CONFIG: &str = r#"{"title":"Checkout","unit":"s","targets":[{"expr":"p99","legendFormat":"p99"}],
    "exemplarTraceIdDestinations":[{"name":"trace_id","url":"http://jaeger/trace/${__value.raw}","urlDisplayLabel":"Jaeger"}]}"#;

/// Answers in Prometheus's documented shapes: one series at 1 s over the
/// plan's range, and three exemplars at a quarter, half and three quarters of it.
fn answers(plan: &QueryPlan) -> Vec<TargetData> {
    let q = plan.queries[0].clone();
    let (start_s, end_s) = (q.start_ms / 1000, q.end_ms / 1000);
    let values: Vec<String> = (start_s..=end_s).step_by(60).map(|t| format!(r#"[{t},"1"]"#)).collect();
    let range = format!(
        r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{}},"values":[{}]}}]}}}}"#,
        values.join(",")
    );
    let at = |k: i64| start_s + (end_s - start_s) * k / 4;
    let exemplars = format!(
        r#"{{"status":"success","data":[{{"seriesLabels":{{"__name__":"x_bucket","le":"2"}},"exemplars":[
            {{"labels":{{"trace_id":"t1"}},"value":"1.5","timestamp":{}}},
            {{"labels":{{"trace_id":"t2"}},"value":"0.5","timestamp":{}}},
            {{"labels":{{"trace_id":"t3"}},"value":"1.8","timestamp":{}}}]}}]}}"#,
        at(1),
        at(2),
        at(3)
    );
    vec![TargetData {
        query: q,
        range: parse_range(200, &range).unwrap(),
        exemplars: Some(Ok(parse_exemplars(200, &exemplars).unwrap())),
    }]
}

fn fetch_of(cmds: &[Command]) -> Option<(u64, Arc<QueryPlan>)> {
    cmds.iter().find_map(|c| match c {
        Command::Fetch { generation, plan, .. } => Some((*generation, Arc::clone(plan))),
        _ => None,
    })
}

fn paints(cmds: &[Command]) -> usize {
    cmds.iter().filter(|c| matches!(c, Command::PaintBase(_))).count()
}

fn emitted(cmds: &[Command]) -> Vec<&'static str> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::Emit(e) => Some(e.name()),
            _ => None,
        })
        .collect()
}

/// A machine with `json`'s spec, a size and its first answer: ready, painted.
fn ready(json: &str) -> (PanelMachine, Vec<Command>) {
    let mut m = PanelMachine::new();
    assert!(fetch_of(&m.handle(Event::Spec(Ok(spec(json)), CLOCK))).is_none(), "no size yet");
    let (generation, plan) = fetch_of(&m.handle(Event::Size(SIZE, CLOCK))).expect("the first size fetches");
    let cmds = m.handle(FetchEvent::Fetched { generation, result: Ok(answers(&plan)), clock: CLOCK }.into());
    assert_eq!(m.view().state, "ready");
    (m, cmds)
}

/// Where exemplar `i` is drawn, CSS px.
fn at(m: &PanelMachine, i: usize) -> (f64, f64) {
    m.frame().and_then(|f| f.position(i)).unwrap()
}

#[test]
fn an_answer_builds_and_paints_a_frame_and_the_texts() {
    let (m, cmds) = ready(CONFIG);
    assert_eq!(paints(&cmds), 1, "{cmds:?}");
    let Some(Command::PaintBase(base)) = cmds.iter().find(|c| matches!(c, Command::PaintBase(_))) else {
        panic!("{cmds:?}")
    };
    assert_eq!(base.size, SIZE);
    assert!(base.y_ticks.contains(" s") && !base.x_ticks.is_empty(), "the ticks as text: {base:?}");
    let view = m.view();
    assert_eq!((view.title.as_str(), view.count.as_deref()), ("Checkout", Some("3 exemplars")));
    assert_eq!(view.legend.iter().map(|l| (l.name.as_str(), l.shown)).collect::<Vec<_>>(), [("p99", true)]);
    let controls = view.controls.clone().unwrap();
    assert_eq!((controls.unit, controls.toolbar, controls.time.from.as_str()), (Unit::Seconds, true, "now-15m"));
    assert_eq!(view.table.toggle_label, "Exemplar table (3)");
    assert_eq!(view.axes.unit, "s");
    assert_eq!(view.axes.y.first().map(String::as_str), Some("0 s"), "bottom to top: {:?}", view.axes.y);
    assert_eq!(view.axes.y.join("|"), base.y_ticks, "as on the canvas's data-y-ticks");
    assert!(m.table_rows().is_none(), "no rows while the table is closed");
}

#[test]
fn hover_tells_the_selection_once_and_paints_the_overlay_on_change() {
    let (mut m, _) = ready(CONFIG);
    let (x, y) = at(&m, 2);
    let cmds = m.handle(PointerEvent::Move { x_css: x + 2.0, y_css: y, over_tooltip: false }.into());
    assert_eq!(emitted(&cmds), ["exemplar-select"]);
    let said = cmds.iter().find_map(|c| match c {
        Command::Announce(Live::Selection, text) => Some(text.clone()),
        _ => None,
    });
    assert!(said.is_some_and(|t| t.starts_with("Exemplar of x: 1.8 s at ")), "its series, not a line: {cmds:?}");
    assert!(cmds.iter().any(|c| matches!(c, Command::PaintOverlay(o) if o.shapes.ring.is_some())));
    assert!(cmds.iter().any(|c| matches!(c, Command::SyncHover(Some(_)))), "the sync group hears the time");
    let sel = m.selection().unwrap();
    assert_eq!((sel.index, sel.value.as_str(), sel.trace_id.as_deref()), (2, "1.8 s", Some("t3")));
    let again = m.handle(PointerEvent::Move { x_css: x + 2.0, y_css: y, over_tooltip: false }.into());
    assert!(again.is_empty(), "nothing changed, nothing told: {again:?}");
    let off = m.handle(PointerEvent::Leave.into());
    assert!(emitted(&off).is_empty(), "no event for a cleared selection");
    assert!(off.contains(&Command::Announce(Live::Selection, String::new())));
    assert!(off.contains(&Command::SyncHover(None)));
    assert!(off.iter().any(|c| matches!(c, Command::PaintOverlay(o) if o.shapes.ring.is_none())));
    assert!(m.selection().is_none());
}

#[test]
fn hovering_anywhere_reads_the_values_at_the_nearest_sample_and_the_keyboard_moves_it() {
    let (mut m, _) = ready(CONFIG);
    let f = m.frame().unwrap();
    let x = f.layout.css_from_time(f.model.series[0].t_ms[3]) + 1.0;
    let y = f.layout.plot.bottom - 5.0; // off every dot
    let cmds = m.handle(PointerEvent::Move { x_css: x, y_css: y, over_tooltip: false }.into());
    assert!(m.selection().is_none());
    let r = m.readout().expect("a readout off the dots too");
    assert_eq!(r.t_ms, f.model.series[0].t_ms[3]);
    let rows: Vec<(&str, &str, &str)> =
        r.rows.iter().map(|r| (r.name.as_str(), r.value.as_str(), r.raw.as_str())).collect();
    assert_eq!(rows, [("p99", "1 s", "1")]);
    assert!(
        cmds.iter().any(|c| matches!(c, Command::PaintOverlay(o) if o.synced.is_some())),
        "a crosshair at its time"
    );
    m.handle(PointerEvent::Move { x_css: x + 0.5, y_css: y, over_tooltip: false }.into());
    assert!(Arc::ptr_eq(&r, &m.readout().unwrap()), "the same sample: nothing new to render");
    m.handle(PointerEvent::Leave.into());
    assert!(m.readout().is_none());
    m.handle(PointerEvent::Key(Key::Right).into());
    let f = m.frame().unwrap();
    let selected = m.selection().map(|s| f.model.exemplars[s.index].t_ms).expect("→ selects the first exemplar");
    let nearest = f.model.series[0].t_ms.iter().copied().min_by_key(|t| t.abs_diff(selected));
    assert_eq!(m.readout().map(|r| r.t_ms), nearest, "the keyboard's exemplar moves the readout to its time");
}

#[test]
fn a_click_pins_fires_exemplar_click_and_never_navigates_and_enter_then_goes_into_the_tooltip() {
    let (mut m, _) = ready(CONFIG);
    let (x, y) = at(&m, 0);
    let cmds = m.handle(PointerEvent::Click { x_css: x, y_css: y }.into());
    assert_eq!(emitted(&cmds), ["exemplar-select", "exemplar-click"], "select first, then click");
    let clicked = cmds.iter().find_map(|c| match c {
        Command::Emit(HostEvent::Click(detail)) => Some(detail.labels.get("trace_id").map(str::to_string)),
        _ => None,
    });
    assert_eq!(clicked, Some(Some("t1".to_string())));
    assert!(m.pinned());
    assert!(m.selection().is_some_and(|s| s.links.len() == 1), "its links are offered in the tooltip");
    let enter = m.handle(PointerEvent::Key(Key::Enter).into());
    assert_eq!(enter, [Command::ConsumeKey, Command::FocusTooltip], "Enter on a pinned dot: into its tooltip");
}

#[test]
fn a_pin_survives_a_refresh_while_its_exemplar_is_in_range() {
    let (mut m, _) = ready(CONFIG);
    m.handle(PointerEvent::PickRow(2).into());
    let pinned = m.selection().map(|s| s.trace_id.clone());
    m.handle(Event::Spec(Ok(spec(&CONFIG.replace(r#""unit":"s","#, r#""unit":"s","refresh":"5s","#))), CLOCK));
    let later = Clock { now_ms: CLOCK.now_ms + 5_000, ..CLOCK };
    let (generation, plan) = fetch_of(&m.handle(FetchEvent::RefreshNow(later).into())).expect("a refresh");
    let cmds = m.handle(FetchEvent::Fetched { generation, result: Ok(answers(&plan)), clock: later }.into());
    assert!(m.pinned(), "still pinned after the refresh");
    assert_eq!(m.selection().map(|s| s.trace_id.clone()), pinned, "the same exemplar");
    assert!(emitted(&cmds).is_empty(), "not told again: {cmds:?}");
}

#[test]
fn a_resize_repaints_and_keeps_the_selection_without_telling_it_again() {
    let (mut m, _) = ready(CONFIG);
    m.handle(PointerEvent::PickRow(1).into());
    let cmds = m.handle(Event::Size(PlotSize { width_css: 500.0, ..SIZE }, CLOCK));
    assert_eq!(paints(&cmds), 1);
    assert!(emitted(&cmds).is_empty(), "the same exemplar: {cmds:?}");
    assert_eq!((m.selection().map(|s| s.index), m.pinned()), (Some(1), true));
    assert!(cmds.iter().any(|c| matches!(c, Command::PaintOverlay(_))), "the ring moves with the dot");
}

#[test]
fn a_spec_that_draws_alike_paints_nothing_and_one_that_draws_otherwise_paints() {
    let (mut m, _) = ready(CONFIG);
    let titled = CONFIG.replace("Checkout", "Payments");
    let cmds = m.handle(Event::Spec(Ok(spec(&titled)), CLOCK));
    assert_eq!(paints(&cmds), 0, "a title: {cmds:?}");
    assert_eq!(m.view().title, "Payments");
    let filtered = titled.replace(r#""unit":"s","#, r#""unit":"s","filters":{"minValue":"1"},"#);
    let cmds = m.handle(Event::Spec(Ok(spec(&filtered)), CLOCK));
    assert_eq!(paints(&cmds), 1, "a filter");
    assert_eq!(m.view().count.as_deref(), Some("showing 2 of 3 exemplars"));
}

#[test]
fn the_legend_hides_a_series_and_its_dots_through_the_machine() {
    let (mut m, _) = ready(CONFIG);
    let key = m.view().legend[0].key.clone();
    let cmds = m.handle(Event::Legend { key, isolate: false });
    assert_eq!(paints(&cmds), 1);
    assert!(!m.view().legend[0].shown);
    assert_eq!(m.view().count.as_deref(), Some("showing 0 of 3 exemplars"));
}

#[test]
fn a_box_is_told_once_and_opens_the_table() {
    let (mut m, cmds) = ready(CONFIG);
    assert!(emitted(&cmds).is_empty(), "the first frame without a box tells nothing");
    let plan_range = m.frame().map(|f| (f.model.start_ms, f.model.end_ms)).unwrap();
    let boxed = CONFIG.replace(
        r#""unit":"s","#,
        &format!(r#""unit":"s","exemplarBox":{{"from":{},"to":{},"min":1,"max":2}},"#, plan_range.0, plan_range.1),
    );
    let cmds = m.handle(Event::Spec(Ok(spec(&boxed)), CLOCK));
    assert_eq!(emitted(&cmds), ["exemplar-box"]);
    let Some(Command::Emit(HostEvent::Box(detail))) = cmds.iter().find(|c| matches!(c, Command::Emit(_))) else {
        panic!("{cmds:?}")
    };
    assert_eq!(detail.count, 2, "1.5 and 1.8 are inside");
    assert!(cmds.iter().any(|c| matches!(c, Command::Announce(Live::Box, t) if t.starts_with("Box: 2 exemplars"))));
    assert!(m.view().table.open, "a new box opens the table");
    let rows = m.table_rows().unwrap();
    assert_eq!(rows.rows.iter().map(|r| r.trace_id.as_str()).collect::<Vec<_>>(), ["t3", "t1"], "slowest first");
    let again = m.handle(Event::TableSort(SortOrder::SLOWEST_FIRST));
    assert!(emitted(&again).is_empty());
    assert!(Arc::ptr_eq(&rows, &m.table_rows().unwrap()), "nothing they show changed: the same rows");
    m.handle(Event::TableSort(SortOrder::NEWEST_FIRST));
    let newest = m.table_rows().unwrap();
    assert_eq!(newest.rows.iter().map(|r| r.trace_id.as_str()).collect::<Vec<_>>(), ["t3", "t1"]);
    assert!(!Arc::ptr_eq(&rows, &newest));
}

#[test]
fn the_browsers_dark_scheme_repaints_only_an_auto_theme() {
    let (mut m, _) = ready(CONFIG);
    let cmds = m.handle(Event::PrefersDark(true));
    assert_eq!((paints(&cmds), m.view().dark), (1, true));
    let light = CONFIG.replace(r#""unit":"s","#, r#""unit":"s","theme":"light","#);
    let cmds = m.handle(Event::Spec(Ok(spec(&light)), CLOCK));
    assert_eq!((paints(&cmds), m.view().dark), (1, false), "the config's choice wins");
    assert_eq!(paints(&m.handle(Event::PrefersDark(false))), 0);
}

#[test]
fn another_panels_hover_and_the_doctors_gap_reach_the_overlay_and_the_view() {
    let (mut m, _) = ready(CONFIG);
    let f = m.frame().unwrap();
    let middle = (f.model.start_ms + f.model.end_ms) / 2;
    let cmds = m.handle(Event::SyncedHover(Some(middle)));
    assert!(cmds.iter().any(|c| matches!(c, Command::PaintOverlay(o) if o.synced.is_some())), "{cmds:?}");
    m.handle(Event::CoverageGap(Some(Band { from_ms: f.model.start_ms, to_ms: middle })));
    let gap = m.view().gap.unwrap();
    assert!((gap.left - f.layout.plot.left).abs() < 1e-9 && gap.width > 0.0, "{gap:?}");
}

#[test]
fn a_new_query_drops_the_frame_and_the_rows_until_its_answer() {
    let (mut m, _) = ready(CONFIG);
    m.handle(Event::TableOpen(true));
    assert!(m.table_rows().is_some_and(|t| t.total == 3));
    let later = CONFIG.replace(r#""unit":"s","#, r#""unit":"s","time":{"from":"now-2h","to":"now-1h"},"#);
    let cmds = m.handle(Event::Spec(Ok(spec(&later)), CLOCK));
    let (generation, _) = fetch_of(&cmds).expect("a new range fetches");
    assert!(m.frame().is_none() && m.table_rows().is_none(), "loading: no frame, no rows");
    assert_eq!(
        cmds.iter().filter(|c| matches!(c, Command::ClearBase)).count(),
        1,
        "the old lines are cleared: {cmds:?}"
    );
    let message = "A: bad data".to_string();
    let failed = Err(FetchFailure::Failed { message });
    m.handle(FetchEvent::Fetched { generation, result: failed, clock: CLOCK }.into());
    assert_eq!(m.view().state, "error");
    assert!(m.frame().is_none() && m.table_rows().is_none(), "failed: still none");
    let again =
        m.handle(Event::Size(crate::render::layout::PlotSize { width_css: 500.0, height_css: 200.0, dpr: 1.0 }, CLOCK));
    assert!(!again.iter().any(|c| matches!(c, Command::ClearBase)), "cleared once, not on every event");
}

#[test]
fn a_config_error_shows_why_and_clears_the_frame_and_the_controls() {
    let (mut m, _) = ready(CONFIG);
    m.handle(Event::Spec(Err(crate::config::ConfigError::NoTargets), CLOCK));
    let view = m.view();
    assert_eq!((view.state, view.controls.is_none()), ("error", true));
    assert!(view.failure.as_deref().is_some_and(|f| f.contains("no visible target")));
    assert!(m.frame().is_none());
}

#[test]
fn the_texts_come_from_the_state() {
    let (m, _) = ready(CONFIG);
    let f = m.frame().unwrap();
    let sel = resolve_selection(&f, 2, None, &Format::of(Unit::Seconds), &Theme::light(), &FixedOffset(0)).unwrap();
    assert_eq!(
        (sel.series.as_str(), sel.value.as_str(), sel.owners.as_slice()),
        ("x", "1.8 s", &["p99".to_string()][..])
    );
    assert_eq!(sel.announcement(), format!("Exemplar of x: 1.8 s at {}. trace_id t3", sel.time));
    let empty = PanelModel::default();
    let texts = notices(None, Some(&empty), None);
    assert_eq!(texts, vec![(NoticeLevel::Warning, "the queries returned no series in this time range".to_string())]);
}
