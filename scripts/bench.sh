#!/usr/bin/env bash
# The benchmark: exemplar-panel vs uPlot in headless Chromium, same data, one
# run (bench/run.mjs). Writes BENCHMARKS.md. Not a test: nothing here fails on
# a slow figure. Usage: scripts/bench.sh [--runs N] [--cycles N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh
want="$(sed -n 's/.*"uplot": "\([0-9.]*\)".*/\1/p' bench/package.json)"
have="$(sed -n 's/.*"version": "\([0-9.]*\)".*/\1/p' bench/node_modules/uplot/package.json 2>/dev/null | head -n1 || true)"
if [ "$want" != "$have" ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
# The release build as shipped (for the size), and the same build with the bench hooks.
scripts/build.sh target/bench-release
# The widget's wasm after wasm-bindgen but before wasm-opt, names kept: twiggy's
# size breakdown by crate (bench/sizes.mjs) reads it.
command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
wasm-bindgen --target web --out-dir target/bench-sizes target/wasm32-unknown-unknown/release/exemplar-panel.wasm
trunk build --release --offline=true --dist target/bench-dist bench/index.html
# The profiling twin (no wasm-opt: wasm function names kept), for the CPU profile.
trunk build --release --offline=true --dist target/bench-profile bench/profile.html
node bench/run.mjs "$@"
# The trace view: a 10,000-span trace, first paint and a scroll step (appends to BENCHMARKS.md).
node bench/trace.mjs --release-dist target/bench-release
# The README's performance table is this run's (bench/readme.mjs copies it).
node bench/readme.mjs
