//! What the pointer and keyboard act on: the frame (layout, scene, shown
//! exemplars, keyboard order and hit index, built once per model, size and
//! filter) and the grid hit index in CSS px.

pub mod frame;
pub mod hit;
pub mod sync;
