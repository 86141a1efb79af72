#!/usr/bin/env bash
# Runs every test: lints, native unit tests of the pure core, browser tests
# (wasm-bindgen-test in headless Chromium), the release build, the npm package
# built into a Vite + TypeScript app, and the end-to-end tests against a real
# Prometheus. `.ci/run` calls exactly this.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
start=$(date +%s)
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh

step "lint: rustfmt, clippy (native and wasm32), node --check (the JS under src/)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests --all-features --quiet -- -D warnings
# The lean widget (no trace view, doctor or YAML: www/widget.html) compiles clean too.
cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --quiet -- -D warnings
# The fuzz targets still build against the crate's API (stable cargo check; fuzzing itself is scripts/fuzz.sh).
(cd fuzz && cargo check --bins --quiet)
# The wasm-bindgen snippets (src/web/element.js: the custom element) are plain JS.
while IFS= read -r -d '' js; do node --check "$js"; done < <(find src -name '*.js' -print0 | sort -z)

step "docs: rustdoc of the public API (wasm32, where the whole crate builds), warnings are errors"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --target wasm32-unknown-unknown --quiet

step "unit tests: the pure core, the panel machine, the house rules, the demo service (native)"
cargo test --workspace --quiet

step "browser tests: wasm-bindgen-test in headless Chromium"
cargo test --target wasm32-unknown-unknown --test web

step "release build (trunk + wasm-opt) and the demo service"
# Its own dist dir, so a running demo (trunk serve → dist/) cannot interfere.
scripts/build.sh target/e2e-dist
cargo build -p exemplar-demo --quiet

step "npm package (target/npm) into the Vite + TypeScript example: pack, install the tarball, tsc, vite build"
scripts/package.sh target/e2e-dist
(cd examples/vite-ts && npm run --silent install-package && npm run --silent build)

step "end-to-end: real Prometheus + demo service + Chromium (playwright-core)"
(cd tests/e2e && npm test)

echo
echo "all tests passed in $(( $(date +%s) - start ))s"
