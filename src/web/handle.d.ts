// Appended by wasm-bindgen to the widget bundles' .d.ts (src/web/embed.rs,
// `typescript_custom_section`): the config and event types, and the typed on().
// The events' details are generated from the Rust types with the config's.
import type { PanelConfig, DoctorReport, ExemplarDetail, ExemplarBoxDetail, TracePreviewDetail } from "./types.js";
export * from "./types.js";
/** Every event a panel fires (from its element; bubbling, composed), by name. */
export interface PanelEventMap {
  /** The selection changed. */
  "exemplar-select": CustomEvent<ExemplarDetail>;
  /** A dot was clicked, or Enter pressed on it (cancelable: `preventDefault()` keeps the first trace link closed). */
  "exemplar-click": CustomEvent<ExemplarDetail>;
  /** A box of exemplars was drawn or cleared. */
  "exemplar-box": CustomEvent<ExemplarBoxDetail>;
  /** The trace view shows a trace. */
  "trace-preview": CustomEvent<TracePreviewDetail>;
}
// `on()` is declared here (wasm-bindgen skips it), so that the listener's
// event type follows the event's name.
export interface PanelHandle {
  /** Listens to one of the panel's events; returns a function that unsubscribes. */
  on<K extends keyof PanelEventMap>(kind: K, listener: (event: PanelEventMap[K]) => void): () => void;
}
