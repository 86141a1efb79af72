//! The host events, from one source: their names and `detail`s (a public
//! contract), built here from the machine's state. The shell dispatches them
//! as they are (serialised by serde-wasm-bindgen, maps as objects); their
//! TypeScript types are generated from these types with the config's
//! (`src/contract/`), so the package's types and the events cannot disagree.
//!
//! Rules:
//! - field names and meanings never change (camelCase);
//! - every event bubbles and is composed; `exemplar-click` is cancelable: its
//!   default action is the pin (see [`HostEvent::Click`]).

use serde::Serialize;

use crate::config::ExemplarBox;
use crate::interact::frame::Frame;
use crate::links::TraceLink;
use crate::prom::Labels;

use super::view::Selection;

/// The `detail` of `exemplar-select` and `exemplar-click`: one exemplar.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExemplarDetail {
    /// The exemplar's labels.
    pub labels: Labels,
    /// The labels of the series it was recorded on.
    pub series_labels: Labels,
    /// The legend name of the first series that owns it; empty when none matched.
    pub series: String,
    /// The legend names of every series that owns it (p99, p90 and p50 of one
    /// histogram all do), in legend order.
    pub series_names: Vec<String>,
    /// The observed value.
    pub value: f64,
    /// Epoch ms.
    pub timestamp: i64,
    /// CSS px relative to the plot element.
    pub x: f64,
    /// CSS px relative to the plot element.
    pub y: f64,
    /// Its trace links.
    pub links: Vec<TraceLink>,
}

impl ExemplarDetail {
    /// The detail of `sel`, an exemplar of `frame`; `None` when the frame no longer holds it.
    pub fn of(frame: &Frame, sel: &Selection) -> Option<Self> {
        let e = frame.model.exemplars.get(sel.index)?;
        Some(Self {
            labels: e.labels.clone(),
            series_labels: (*e.series_labels).clone(),
            series: sel.owners.first().cloned().unwrap_or_default(),
            series_names: sel.owners.clone(),
            value: e.value,
            timestamp: e.t_ms,
            x: sel.x_css,
            y: sel.y_css,
            links: sel.links.clone(),
        })
    }
}

/// The `detail` of `exemplar-box`: the viewer's box (shift-drag or
/// Shift+arrows; `null` once cleared with Escape) and the exemplars inside it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(rename = "ExemplarBoxDetail"))]
#[serde(rename_all = "camelCase")]
pub struct BoxDetail {
    /// Epoch ms `from`–`to` × values `min`–`max`, edges included; `null` when cleared.
    #[serde(rename = "box")]
    pub exemplar_box: Option<ExemplarBox>,
    /// How many exemplars are inside.
    pub count: usize,
    /// Those exemplars (at most 1000), as in `exemplar-select`.
    pub exemplars: Vec<ExemplarDetail>,
}

/// An event for the host page, fired from the panel's element.
#[derive(Clone, Debug, PartialEq)]
pub enum HostEvent {
    /// `exemplar-select`: the selection changed.
    Select(ExemplarDetail),
    /// `exemplar-click`: a click or Enter pinned an exemplar. Its default
    /// action is the pin itself: a listener that calls `preventDefault()`
    /// (a host routing exemplars itself) keeps the panel from pinning it, and
    /// so from offering its trace links. A click never navigates.
    Click(ExemplarDetail),
    /// `exemplar-box`: a box of exemplars was drawn or cleared.
    Box(BoxDetail),
}

impl HostEvent {
    /// The event's name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Select(_) => "exemplar-select",
            Self::Click(_) => "exemplar-click",
            Self::Box(_) => "exemplar-box",
        }
    }
}
