//! Shift+←/→: the keyboard box (`panel::keybox`), on real frames of the
//! hand-written model of `super::model` (exemplars at 20 s, 50 s and 80 s).

use super::*;
use crate::config::ExemplarBox;

/// The box of the last `SetBox(Some(_))` in `cmds`, after `ConsumeKey`.
fn set_box(cmds: &[Act]) -> ExemplarBox {
    match cmds {
        [Act::ConsumeKey, Act::SetBox(Some(b))] => *b,
        other => panic!("expected ConsumeKey, SetBox(Some(_)): {other:?}"),
    }
}

/// Feeds the shell's answer to `SetBox`: a frame of the same model with the box.
fn keep(m: &mut Machine, f: &Frame, b: ExemplarBox, width_css: f64) -> Arc<Frame> {
    let next = frame_on(Arc::clone(&f.model), width_css, crate::config::YScale::Linear, Some(b));
    m.frame(Arc::clone(&next));
    next
}

#[test]
fn shift_arrows_are_extensions_and_plain_arrows_are_not() {
    assert_eq!(Key::from_dom("ArrowRight", true), Some(Key::ExtendRight));
    assert_eq!(Key::from_dom("ArrowLeft", true), Some(Key::ExtendLeft));
    assert_eq!(Key::from_dom("ArrowRight", false), Some(Key::Right));
    assert_eq!(Key::from_dom("Escape", true), Some(Key::Escape));
    assert_eq!(Key::from_dom("a", true), None);
}

#[test]
fn with_nothing_selected_shift_right_anchors_at_the_first_and_extends_to_the_end() {
    let (mut m, f) = with_frame();
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    assert_eq!((b.from, b.to, m.selected(), m.pinned()), (20_000, 20_000, Some(0), false));
    let f = keep(&mut m, &f, b, 800.0);
    assert_eq!(f.listed(), [0], "a box of one exemplar");
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    assert_eq!((b.from, b.to, m.selected()), (20_000, 50_000, Some(1)));
    // The whole value range of the plot: the table lists exactly the exemplars between the times.
    assert!(b.min <= 0.5 && b.max >= 1.8 && b.min <= f.layout.v_min && b.max >= f.layout.v_max, "{b:?}");
    let f = keep(&mut m, &f, b, 800.0);
    assert_eq!(f.listed(), [0, 1]);
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    let f = keep(&mut m, &f, b, 800.0);
    assert_eq!((b.from, b.to, f.listed()), (20_000, 80_000, &[0, 1, 2][..]));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    assert_eq!((b.from, b.to, m.selected()), (20_000, 80_000, Some(2)), "stops at the last");
}

#[test]
fn shift_left_anchors_at_the_selection_extends_back_and_shrinks_back_past_the_anchor() {
    let (mut m, f) = with_frame();
    m.handle(PointerEvent::Key(Key::Right));
    m.handle(PointerEvent::Key(Key::Right));
    assert_eq!(m.selected(), Some(1));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendLeft)));
    assert_eq!((b.from, b.to, m.selected()), (20_000, 50_000, Some(0)), "anchored at 50 s");
    let f = keep(&mut m, &f, b, 800.0);
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    assert_eq!((b.from, b.to, m.selected()), (50_000, 50_000, Some(1)), "shrunk back to the anchor");
    let f = keep(&mut m, &f, b, 800.0);
    assert_eq!(f.listed(), [1]);
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    let f = keep(&mut m, &f, b, 800.0);
    assert_eq!((b.from, b.to, f.listed()), (50_000, 80_000, &[1, 2][..]), "and past it");
    // With nothing selected, Shift+← starts at the last.
    let (mut fresh, _) = with_frame();
    let b = set_box(&fresh.handle(PointerEvent::Key(Key::ExtendLeft)));
    assert_eq!((b.from, b.to, fresh.selected()), (80_000, 80_000, Some(2)));
}

#[test]
fn a_plain_arrow_moves_without_touching_the_box_and_ends_the_extension() {
    let (mut m, f) = with_frame();
    m.handle(PointerEvent::Key(Key::ExtendRight));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    let f = keep(&mut m, &f, b, 800.0);
    assert_eq!(m.handle(PointerEvent::Key(Key::Right)), vec![Act::ConsumeKey], "no SetBox");
    assert_eq!((m.selected(), f.listed()), (Some(2), &[0, 1][..]));
    // A new extension anchors at the new selection.
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendLeft)));
    assert_eq!((b.from, b.to), (50_000, 80_000));
}

#[test]
fn escape_clears_the_box_and_the_next_extension_starts_afresh() {
    let (mut m, f) = with_frame();
    m.handle(PointerEvent::Key(Key::ExtendRight));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    keep(&mut m, &f, b, 800.0);
    assert_eq!(m.handle(PointerEvent::Key(Key::Escape)), vec![Act::ConsumeKey, Act::SetBox(None)]);
    assert_eq!(m.selected(), None);
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    assert_eq!((b.from, b.to), (20_000, 20_000), "anchored at the first again, not at 20 s → 50 s");
}

#[test]
fn without_a_frame_shift_arrows_do_nothing() {
    let mut m = Machine::new();
    assert!(m.handle(PointerEvent::Key(Key::ExtendRight)).is_empty());
    assert!(m.handle(PointerEvent::Key(Key::ExtendLeft)).is_empty());
    assert_eq!(m.selected(), None);
}

#[test]
fn with_one_exemplar_the_box_is_its_instant() {
    let mut one = (*model()).clone();
    one.exemplars.truncate(1);
    let mut m = Machine::new();
    m.frame(frame(Arc::new(one), 800.0));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendLeft)));
    assert_eq!((b.from, b.to, m.selected()), (20_000, 20_000, Some(0)));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    assert_eq!((b.from, b.to, m.selected()), (20_000, 20_000, Some(0)));
}

#[test]
fn a_resize_keeps_the_box_times_and_the_anchor_and_a_new_model_ends_it() {
    let (mut m, f) = with_frame();
    m.handle(PointerEvent::Key(Key::ExtendRight));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    let resized = keep(&mut m, &f, b, 500.0);
    let (kept, _) = resized.boxed.clone().unwrap_or((ExemplarBox { from: 0, to: 0, min: 0.0, max: 0.0 }, vec![]));
    assert_eq!((kept, resized.listed()), (b, &[0, 1][..]), "data space: the same box at 500 px");
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendRight)));
    assert_eq!((b.from, b.to), (20_000, 80_000), "still anchored at 20 s");
    // A new model (a refresh): the extension ends; the selection (80 s) stays,
    // the same exemplar being in it, and a new extension anchors there.
    m.frame(frame(model(), 500.0));
    assert_eq!(m.selected(), Some(2));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendLeft)));
    assert_eq!((b.from, b.to), (50_000, 80_000), "anchored afresh at the selection, not at 20 s");
}

#[test]
fn a_click_or_a_table_row_ends_the_extension() {
    let (mut m, _) = with_frame();
    m.handle(PointerEvent::Key(Key::ExtendRight));
    m.handle(PointerEvent::Key(Key::ExtendRight));
    m.handle(PointerEvent::PickRow(2));
    let b = set_box(&m.handle(PointerEvent::Key(Key::ExtendLeft)));
    assert_eq!((b.from, b.to, m.selected()), (50_000, 80_000, Some(1)), "anchored at the row's exemplar");
}
