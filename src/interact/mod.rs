//! What the pointer and keyboard act on: the frame (layout, scene, shown
//! exemplars, keyboard order and hit index, built once per model, size and
//! filter), the grid hit index in CSS px, and the host events' `detail`.

pub mod detail;
pub mod frame;
pub mod hit;
