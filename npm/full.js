// `exemplar-panel/full`: the widget with the in-panel trace view, the exemplar
// doctor (`diagnose()`) and YAML provisioning imports; otherwise index.js.
import initWasm, { mount, PanelHandle } from './exemplar-panel-full.js';
import { loader } from './load.js';

export { mount, PanelHandle };

/** Loads the full bundle's wasm (once) and registers <exemplar-panel>. */
export default loader(initWasm, () => new URL('./exemplar-panel-full_bg.wasm', import.meta.url));
