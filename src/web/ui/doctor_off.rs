//! The lean widget's stand-in for the exemplar doctor (`doctor` feature off):
//! the same names as `doctor.rs`, showing nothing. The panel's own notices
//! still say when exemplar-enabled queries returned none.

use leptos::prelude::*;

use super::state::Ctx;

/// No doctor section in this bundle.
#[component]
pub fn DoctorSection(ctx: Ctx) -> impl IntoView {
    let _ = ctx;
}
