// `exemplar-panel/full`: the same declarations as the lean entry (index.d.ts),
// with mount() and PanelHandle from the full bundle (trace view, doctor, YAML).
import type { WasmSource } from './index.js';

export * from './index.js';
export { mount, PanelHandle } from './exemplar-panel-full.js';

/** Loads the full bundle's wasm (once) and registers `<exemplar-panel>`. */
export default function init(wasm?: WasmSource): Promise<void>;
