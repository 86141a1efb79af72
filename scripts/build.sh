#!/usr/bin/env bash
# The release build for static hosting: dist/ (index.html, the app's js and
# wasm, the widget bundle exemplar-panel.js + _bg.wasm + .d.ts for portals, css),
# optimised with wasm-opt. Prints the sizes. Usage: scripts/build.sh [dist-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out="${1:-dist}"
scripts/setup.sh
trunk build --release --offline --dist "$out"
# The widget bundles for portals (no app editors), next to the app's files, with
# their TypeScript declarations (wasm-bindgen's, and the config and event types
# generated from the Rust types: npm/types.d.ts). scripts/package.sh packs them
# for npm. exemplar-panel: the lean widget (--no-default-features);
# exemplar-panel-full: the same plus the trace view, the doctor and YAML.
for bundle in exemplar-panel exemplar-panel-full; do
  stage="$ROOT/target/widget-stage/$bundle"
  html="www/widget.html"
  [ "$bundle" = exemplar-panel ] || html="www/widget-full.html"
  trunk build --release --offline=true --dist "$stage" "$html"
  # wasm-bindgen's glue, minified (64 → 29 KB; Trunk's own minifier cannot
  # parse it). Exports and the @ts-self-types pointer stay. Not the app's JS:
  # index.html pins it with an integrity hash.
  terser "$stage/$bundle.js" --module --compress --mangle --comments '/@ts-self-types/' -o "$out/$bundle.js"
  cp "$stage/${bundle}_bg.wasm" "$stage/$bundle.d.ts" "$out"/
  cp -r "$stage"/snippets "$out"/
done
cp npm/types.d.ts "$out"/
for f in "$out"/*.wasm "$out"/*.js; do
  printf '%-60s %8d bytes, %8d gzip -9\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
