// The one loader behind both entries (index.js: the lean widget; full.js: with
// the trace view, the doctor and YAML): loads a bundle's wasm once.

/**
 * `init()` for one wasm-bindgen bundle: the first call loads `wasm` (or
 * `fallback`), later calls return the same promise; a failed load (offline,
 * 404) may be tried again.
 */
export function loader(initWasm, fallback) {
  let loading;
  return function init(wasm) {
    if (!loading) {
      loading = initWasm({ module_or_path: wasm ?? fallback() }).then(
        () => undefined,
        (error) => {
          loading = undefined;
          throw error;
        },
      );
    }
    return loading;
  };
}
