//! The lean widget's stand-in for the trace view (`trace-view` feature off):
//! the same names as `trace.rs`, and no "Preview trace" anywhere. A host's
//! `previewTrace(id)` says in the console which bundle has the view.

use leptos::html::Div;
use leptos::prelude::*;

use super::state::Ctx;
use super::table::RowPreview;
use exemplar_core::trace::view::PreviewTarget;

/// No preview in this bundle.
#[derive(Clone, Copy)]
pub(crate) struct TracePreview;

impl TracePreview {
    pub(crate) fn new(_host: NodeRef<Div>) -> Self {
        Self
    }

    pub(crate) fn open(self, _target: PreviewTarget) {}
}

/// Nothing to show.
#[component]
pub(crate) fn TraceView(preview: TracePreview) -> impl IntoView {
    let _ = preview;
}

/// No exemplar opens a preview here.
pub(crate) fn exemplar_target(_ctx: Ctx, _index: usize) -> Option<PreviewTarget> {
    None
}

/// The table rows' "Preview trace": not in this bundle, so the rows offer none.
pub(crate) fn row_preview(_ctx: Ctx, _preview: TracePreview) -> Option<RowPreview> {
    None
}

/// The host's `previewTrace(id)`: a console warning naming the bundle that has the view.
pub(crate) fn follow_host_requests(_ctx: Ctx, _preview: TracePreview, requests: Signal<Option<(u64, String)>>) {
    Effect::new(move |_| {
        if requests.with(Option::is_some) {
            web_sys::console::warn_1(&LEAN_TRACE.into());
        }
    });
}

const LEAN_TRACE: &str =
    "exemplar-panel: previewTrace() needs the trace view, which is in exemplar-panel-full.js (this is the lean widget)";
