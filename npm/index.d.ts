// The declarations of the package's entry (index.js) and of the <exemplar-panel>
// element (src/web/element.js). Both are JavaScript, so this file is written by
// hand; a native test (src/contract.rs) keeps the element's part in step with
// element.js. Everything else is generated from the Rust code: mount() and
// PanelHandle by wasm-bindgen (exemplar-panel.d.ts, from src/web/embed.rs), the
// config and event types from the Rust types (types.d.ts).
import type { PanelHandle, TracePreviewDetail, ExemplarBoxDetail, PanelEventMap } from './exemplar-panel.js';
import type { ExemplarDetail } from './types.js';

export { mount, PanelHandle } from './exemplar-panel.js';
// The events' details and their map (`panel.on(name, listener)`) are declared
// beside PanelHandle, in wasm-bindgen's exemplar-panel.d.ts (src/web/embed.rs).
export type { TracePreviewDetail, ExemplarBoxDetail, PanelEventMap } from './exemplar-panel.js';
export * from './types.js';

/** Where the `.wasm` is, for `init()`: a URL, a fetch response, its bytes or a compiled module. */
export type WasmSource =
  | string
  | URL
  | Request
  | Response
  | BufferSource
  | WebAssembly.Module
  | Promise<Response>;

/**
 * Loads the wasm (once; later calls return the same promise) and registers the
 * `<exemplar-panel>` element. Call it before `mount()`.
 *
 * @param wasm where the `.wasm` is, when it is not next to this module (by
 *   default `new URL('./exemplar-panel_bg.wasm', import.meta.url)`, which Vite
 *   and webpack 5 emit as an asset and a CDN serves beside the module).
 */
export default function init(wasm?: WasmSource): Promise<void>;

/** The attributes `<exemplar-panel>` reads, and reacts to when they change. */
export type ExemplarPanelAttribute = 'config' | 'src' | 'from' | 'to' | 'theme' | 'refresh' | 'sync-group';

/** The events a panel fires from its element: they bubble and are composed. */
export type ExemplarEventType = keyof PanelEventMap;

/** `trace-preview` (bubbling, composed, not cancelable). */
export type TracePreviewEvent = CustomEvent<TracePreviewDetail>;

/**
 * `exemplar-select` (the selection changed) or `exemplar-click` (a dot was
 * clicked, or Enter pressed on it; cancelable: `preventDefault()` keeps the
 * panel from opening the first trace link).
 */
export type ExemplarEvent = CustomEvent<ExemplarDetail>;

/** `exemplar-box`: a box of exemplars was drawn or cleared. */
export type ExemplarBoxEvent = CustomEvent<ExemplarBoxDetail>;

/**
 * `<exemplar-panel>`: the config comes from its `config` attribute (JSON) or
 * `src` (a URL of it); `from`, `to`, `theme` and `refresh` override theirs.
 * See docs/host-contract.md.
 */
export interface ExemplarPanelElement extends HTMLElement {
  /** The panel's handle once it is mounted, else `null`. */
  readonly handle: PanelHandle | null;
  /** Sets the time range (`now-1h`, epoch ms, RFC 3339) and queries again. */
  setTimeRange(from: string, to: string): void;
  /** Queries again now (skipped while a query is in flight). */
  refresh(): void;
  /** Opens the trace view for `traceId` through the first trace datasource. */
  previewTrace(traceId: string): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'exemplar-panel': ExemplarPanelElement;
  }
  // The events bubble out of the panel's shadow root to every ancestor.
  interface HTMLElementEventMap {
    'exemplar-select': ExemplarEvent;
    'exemplar-click': ExemplarEvent;
    'trace-preview': TracePreviewEvent;
    'exemplar-box': ExemplarBoxEvent;
  }
  interface DocumentEventMap {
    'exemplar-select': ExemplarEvent;
    'exemplar-click': ExemplarEvent;
    'trace-preview': TracePreviewEvent;
    'exemplar-box': ExemplarBoxEvent;
  }
}
