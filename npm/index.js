// The npm package's entry: the lean widget. `init()` (the default export) loads
// the wasm once and registers <exemplar-panel>; `mount()` and `PanelHandle` are
// wasm-bindgen's (exemplar-panel.js, generated from src/web/embed.rs).
// `exemplar-panel/full` (full.js) is the same API with the trace view, the
// exemplar doctor and YAML provisioning imports.
//
// The wasm is found with `new URL('./exemplar-panel_bg.wasm', import.meta.url)`,
// a pattern Vite and webpack 5 turn into an emitted asset with no plugin, and
// which a CDN resolves next to this file. Pass a URL to load it from elsewhere.
import initWasm, { mount, PanelHandle } from './exemplar-panel.js';
import { loader } from './load.js';

export { mount, PanelHandle };

/**
 * Loads the wasm (once; later calls return the same promise) and registers
 * the <exemplar-panel> element. Call it before mount().
 * @type {(wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>) => Promise<void>}
 */
export default loader(initWasm, () => new URL('./exemplar-panel_bg.wasm', import.meta.url));
