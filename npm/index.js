// The npm package's entry. `init()` (the default export) loads the wasm once and
// registers <exemplar-panel>; `mount()` and `PanelHandle` are wasm-bindgen's
// (exemplar-panel.js, generated from src/web/embed.rs).
//
// The wasm is found with `new URL('./exemplar-panel_bg.wasm', import.meta.url)`,
// a pattern Vite and webpack 5 turn into an emitted asset with no plugin, and
// which a CDN resolves next to this file. Pass a URL to load it from elsewhere.
import initWasm, { mount, PanelHandle } from './exemplar-panel.js';

export { mount, PanelHandle };

let loading;

/**
 * Loads the wasm (once; later calls return the same promise) and registers
 * the <exemplar-panel> element. Call it before mount().
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>} [wasm]
 *   where the .wasm is, when not next to this module
 * @returns {Promise<void>}
 */
export default function init(wasm) {
  if (!loading) {
    const source = wasm ?? new URL('./exemplar-panel_bg.wasm', import.meta.url);
    loading = initWasm({ module_or_path: source }).then(
      () => undefined,
      (error) => {
        loading = undefined; // a failed load (offline, 404) may be tried again
        throw error;
      },
    );
  }
  return loading;
}
