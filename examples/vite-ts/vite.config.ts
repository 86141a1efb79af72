import { defineConfig } from 'vite';

export default defineConfig({
  // `vite build` needs nothing: the package finds its .wasm with
  // `new URL('./exemplar-panel_bg.wasm', import.meta.url)`, which Vite emits as
  // an asset. The dev server, though, pre-bundles dependencies into
  // node_modules/.vite, away from the .wasm: serve this one as it is.
  optimizeDeps: { exclude: ['exemplar-panel'] },
});
