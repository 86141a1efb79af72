//! The lean widget's stand-in for the exemplar doctor (`doctor` feature off):
//! the same names as `doctor.rs`, showing nothing. The panel's own notices
//! still say when exemplar-enabled queries returned none.

use leptos::prelude::*;

use super::driver::Ctx;
use exemplar_core::doctor::Band;

/// No doctor section in this bundle.
#[component]
pub fn DoctorSection(ctx: Ctx, gap: RwSignal<Option<Band>>) -> impl IntoView {
    let _ = (ctx, gap);
}

/// No coverage gap is ever found here.
pub fn gap_band(_ctx: Ctx, _gap: RwSignal<Option<Band>>) -> impl IntoView {}
