//! The interaction machine on real frames: hover, pin, drags, keys, boxes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::sync::Arc;

use super::*;
use crate::config::{Format, Unit, ValueAxis};
use crate::interact::frame::FrameInput;
use crate::model::{ExemplarPoint, PanelModel, SeriesModel};
use crate::prom::Labels;
use crate::render::layout::PlotSize;
use crate::render::theme::Theme;
use crate::select::filter::ExemplarFilter;
use crate::select::sample::Sampler;
use crate::time::zone::FixedOffset;

/// The interaction and the frame the composed machine would hand it.
#[derive(Default)]
struct Machine {
    i: Interaction,
    frame: Option<Arc<Frame>>,
}

impl Machine {
    fn new() -> Self {
        Self::default()
    }

    /// A new frame, as the composed machine hands it over.
    fn frame(&mut self, next: Arc<Frame>) {
        self.i.new_frame(self.frame.as_deref(), Some(&next));
        self.frame = Some(next);
    }

    fn handle(&mut self, event: PointerEvent) -> Vec<Act> {
        let mut out = Vec::new();
        self.i.handle(event, self.frame.as_deref(), &mut out);
        out
    }

    fn selected(&self) -> Option<usize> {
        self.i.selected()
    }

    fn pinned(&self) -> bool {
        self.i.pinned()
    }

    fn zoom_box(&self) -> Option<(f64, f64)> {
        self.i.zoom_box()
    }

    fn box_drag(&self) -> Option<((f64, f64), (f64, f64))> {
        self.i.box_drag()
    }
}

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
        owners: Arc::from([0usize]),
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
        varying: Vec::new(),
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
        format: &Format::of(Unit::Seconds),
        axis: ValueAxis::default(),
        thresholds: None,
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

fn with_frame() -> (Machine, Arc<Frame>) {
    let mut m = Machine::new();
    let f = frame(model(), 800.0);
    m.frame(Arc::clone(&f));
    (m, f)
}

#[test]
fn hover_selects_the_dot_under_the_pointer_and_leaving_clears_it() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(1).unwrap();
    m.handle(PointerEvent::Move { x_css: x + 3.0, y_css: y, over_tooltip: false });
    assert_eq!(m.selected(), Some(1));
    m.handle(PointerEvent::Move { x_css: x + 3.0, y_css: y, over_tooltip: true });
    assert_eq!(m.selected(), Some(1), "the tooltip does not change the selection");
    m.handle(PointerEvent::Move { x_css: x + 40.0, y_css: y, over_tooltip: false });
    assert_eq!(m.selected(), None);
    m.handle(PointerEvent::Move { x_css: x, y_css: y, over_tooltip: false });
    m.handle(PointerEvent::Leave);
    assert_eq!(m.selected(), None);
}

#[test]
fn a_click_on_a_dot_pins_and_activates_it_and_a_click_elsewhere_unpins() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(2).unwrap();
    assert_eq!(m.handle(PointerEvent::Click { x_css: x, y_css: y }), vec![Act::Activate(2)]);
    assert!(m.pinned());
    let (x0, y0) = f.position(0).unwrap();
    m.handle(PointerEvent::Move { x_css: x0, y_css: y0, over_tooltip: false });
    assert_eq!(m.selected(), Some(2), "hover never moves a pinned selection");
    m.handle(PointerEvent::Leave);
    assert_eq!(m.selected(), Some(2), "leaving keeps a pinned selection");
    assert!(m.handle(PointerEvent::Click { x_css: x + 60.0, y_css: y }).is_empty());
    assert_eq!((m.selected(), m.pinned()), (None, false));
}

#[test]
fn a_drag_zooms_to_the_dragged_times_and_its_click_does_nothing() {
    let (mut m, f) = with_frame();
    let (x1, y) = f.position(0).unwrap();
    let (x2, _) = f.position(2).unwrap();
    m.handle(PointerEvent::Down { x_css: x1, y_css: y, boxing: false });
    m.handle(PointerEvent::Move { x_css: x2, y_css: y, over_tooltip: false });
    assert_eq!(m.zoom_box(), Some((x1, x2)));
    let cmds = m.handle(PointerEvent::Up { x_css: x2 });
    match cmds.as_slice() {
        [Act::Zoom { from_ms, to_ms }] => {
            assert!((from_ms - 20_000).abs() < 500 && (to_ms - 80_000).abs() < 500, "{from_ms}..{to_ms}");
        }
        other => panic!("expected a zoom, got {other:?}"),
    }
    assert_eq!(m.zoom_box(), None);
    assert!(m.handle(PointerEvent::Click { x_css: x2, y_css: y }).is_empty(), "the drag's click is swallowed");
    assert_eq!(m.selected(), None);
}

#[test]
fn a_short_drag_is_a_click_and_a_drag_outside_the_plot_is_nothing() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(1).unwrap();
    m.handle(PointerEvent::Down { x_css: x, y_css: y, boxing: false });
    assert!(m.handle(PointerEvent::Up { x_css: x + DRAG_MIN_CSS }).is_empty());
    assert_eq!(m.handle(PointerEvent::Click { x_css: x, y_css: y }), vec![Act::Activate(1)]);
    m.handle(PointerEvent::Down { x_css: -50.0, y_css: -50.0, boxing: false });
    assert_eq!(m.zoom_box(), None, "no drag starts outside the plot");
    assert!(m.handle(PointerEvent::Up { x_css: 400.0 }).is_empty());
}

#[test]
fn a_drag_past_the_plot_edges_is_clamped_to_the_plot() {
    let (mut m, f) = with_frame();
    let (x, y) = f.position(1).unwrap();
    m.handle(PointerEvent::Down { x_css: x, y_css: y, boxing: false });
    let cmds = m.handle(PointerEvent::Up { x_css: 10_000.0 });
    let Some(Act::Zoom { to_ms, .. }) = cmds.first() else { panic!("{cmds:?}") };
    assert_eq!(*to_ms, f.layout.time_from_css(f.layout.plot.right));
}

#[test]
fn arrows_step_through_the_keyboard_order_and_enter_activates() {
    let (mut m, f) = with_frame();
    assert_eq!(f.keyboard, vec![0, 1, 2]);
    assert_eq!(m.handle(PointerEvent::Key(Key::Right)), vec![Act::ConsumeKey]);
    assert_eq!(m.selected(), Some(0), "→ starts at the first");
    m.handle(PointerEvent::Key(Key::Right));
    m.handle(PointerEvent::Key(Key::Right));
    m.handle(PointerEvent::Key(Key::Right));
    assert_eq!(m.selected(), Some(2), "→ stops at the last");
    m.handle(PointerEvent::Key(Key::Left));
    assert_eq!((m.selected(), m.pinned()), (Some(1), false));
    assert_eq!(m.handle(PointerEvent::Key(Key::Enter)), vec![Act::ConsumeKey, Act::Activate(1)]);
    assert!(m.pinned());
    assert!(m.handle(PointerEvent::Key(Key::Escape)).is_empty());
    assert_eq!((m.selected(), m.pinned()), (None, false));
    assert!(m.handle(PointerEvent::Key(Key::Enter)).is_empty(), "Enter with nothing selected does nothing");
    let mut fresh = Machine::new();
    fresh.frame(f);
    fresh.handle(PointerEvent::Key(Key::Left));
    assert_eq!(fresh.selected(), Some(2), "← starts at the last");
}

#[test]
fn a_resize_keeps_the_selection_and_a_refresh_keeps_it_while_the_exemplar_is_there() {
    let (mut m, f) = with_frame();
    m.handle(PointerEvent::PickRow(2));
    assert_eq!((m.selected(), m.pinned()), (Some(2), true));
    m.frame(frame(Arc::clone(&f.model), 500.0));
    assert_eq!((m.selected(), m.pinned()), (Some(2), true), "same model, still shown");
    // A refresh: the model is new, and the window moved on by one exemplar.
    let mut moved = (*model()).clone();
    moved.exemplars.remove(0);
    m.frame(frame(Arc::new(moved.clone()), 500.0));
    assert_eq!((m.selected(), m.pinned()), (Some(1), true), "the same exemplar (t3), at its new index");
    moved.exemplars.retain(|e| e.labels.get("trace_id") != Some("t3"));
    m.frame(frame(Arc::new(moved), 500.0));
    assert_eq!((m.selected(), m.pinned()), (None, false), "gone from the range: unpinned");
}

#[test]
fn a_shift_drag_draws_a_box_around_the_dots_inside_on_a_log_scale_and_escape_clears_it() {
    let mut m = Machine::new();
    let f = framed_with_box(None);
    m.frame(Arc::clone(&f));
    // Around t1 (20 s, 1.5) and t3 (80 s, 1.8), not t2 (50 s, 0.5).
    let (x1, y1) = f.position(0).unwrap_or_default();
    let (x3, y3) = f.position(2).unwrap_or_default();
    m.handle(PointerEvent::Down { x_css: x3 + 4.0, y_css: y3 - 6.0, boxing: true });
    m.handle(PointerEvent::Move { x_css: x1 - 4.0, y_css: y1 + 6.0, over_tooltip: false });
    assert_eq!(m.zoom_box(), None, "a box, not a zoom");
    assert_eq!(m.box_drag(), Some(((x3 + 4.0, y3 - 6.0), (x1 - 4.0, y1 + 6.0))));
    let cmds = m.handle(PointerEvent::Up { x_css: x1 - 4.0 });
    let [Act::SetBox(Some(b))] = cmds.as_slice() else { panic!("{cmds:?}") };
    assert!(b.from < 20_000 && b.to > 80_000, "{b:?}");
    assert!(b.min < 1.5 && b.min > 0.5 && b.max > 1.8, "{b:?}");
    assert!(m.handle(PointerEvent::Click { x_css: x1, y_css: y1 }).is_empty(), "the drag's click is swallowed");

    // The shell keeps it: the next frame lists the two.
    let boxed = framed_with_box(Some(*b));
    assert_eq!(boxed.listed(), [0, 2]);
    m.frame(boxed);
    assert_eq!(m.handle(PointerEvent::Key(Key::Escape)), vec![Act::ConsumeKey, Act::SetBox(None)]);

    // A thin shift-drag (no height) is no box.
    m.handle(PointerEvent::Down { x_css: x1, y_css: y1, boxing: true });
    m.handle(PointerEvent::Move { x_css: x3, y_css: y1 + 2.0, over_tooltip: false });
    assert_eq!(m.box_drag(), None);
    assert!(m.handle(PointerEvent::Up { x_css: x3 }).is_empty());
}

#[test]
fn on_a_log_scale_the_dots_sit_by_their_logarithm_and_hover_finds_them() {
    let mut m = Machine::new();
    let f = frame_on(model(), 800.0, crate::config::YScale::Log(crate::config::LogBase::Ten), None);
    m.frame(Arc::clone(&f));
    let l = &f.layout;
    let (lo, hi) = (l.v_min.log10(), l.v_max.log10());
    for (i, value) in [(0, 1.5f64), (1, 0.5), (2, 1.8)] {
        let (x, y) = f.position(i).unwrap_or_default();
        let want = l.plot.bottom - (value.log10() - lo) / (hi - lo) * (l.plot.bottom - l.plot.top);
        assert!((y - want).abs() < 1e-9, "exemplar {i}: {y} vs {want}");
        m.handle(PointerEvent::Move { x_css: x + 2.0, y_css: y - 2.0, over_tooltip: false });
        assert_eq!(m.selected(), Some(i));
    }
    // The lines (1.0) stretch the axis to 2× at most: 0.5…1.8 fit in 0.1…10, none clamped.
    assert_eq!((l.v_min, l.v_max), (0.1, 10.0));
}

fn framed_with_box(b: Option<crate::config::ExemplarBox>) -> Arc<Frame> {
    frame_on(model(), 800.0, crate::config::YScale::Log(crate::config::LogBase::Ten), b)
}

#[path = "keybox.rs"]
mod keybox;
