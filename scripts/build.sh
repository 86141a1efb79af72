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
# The widget bundle for portals (no app editors), next to the app's files, with
# its TypeScript declarations (wasm-bindgen's, and the config and event types
# generated from the Rust types: npm/types.d.ts). scripts/package.sh packs it for npm.
stage="$ROOT/target/widget-stage"
trunk build --release --offline=true --dist "$stage" www/widget.html
cp "$stage"/exemplar-panel.js "$stage"/exemplar-panel_bg.wasm "$stage"/exemplar-panel.d.ts "$out"/
cp npm/types.d.ts "$out"/
cp -r "$stage"/snippets "$out"/
for f in "$out"/*.wasm "$out"/*.js; do
  printf '%-60s %8d bytes, %8d gzip -9\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
