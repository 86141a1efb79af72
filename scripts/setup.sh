#!/usr/bin/env bash
# Installs what the demo and the tests need, idempotently: each tool is
# installed only when the right version is not already on PATH.
#   Debian: chromium, chromium-driver, prometheus, victoria-metrics
#   rustup: the wasm32-unknown-unknown target
#   cargo:  trunk 0.21.14, wasm-bindgen-cli at the version Cargo.toml pins
#   npm:    wasm-opt and terser (tools/package-lock.json), the end-to-end test deps (tests/e2e/package-lock.json),
#           vite and typescript for the npm package's example app (examples/vite-ts/package-lock.json)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
WBG_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)"
[ -n "$WBG_VERSION" ] || { echo "setup: cannot read the pinned wasm-bindgen version from Cargo.toml" >&2; exit 1; }

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 5 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# Not --locked: some of wasm-bindgen-cli's locked dependencies are gone from crates.io.
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WBG_VERSION"; then
  say "installing wasm-bindgen-cli $WBG_VERSION (matches the crate pin)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

want_bn="$(sed -n 's/.*"binaryen": "\([0-9.]*\)".*/\1/p' tools/package.json)"
have_bn="$(sed -n 's/.*"version": "\([0-9.]*\)".*/\1/p' tools/node_modules/binaryen/package.json 2>/dev/null | head -n1 || true)"
if [ "$want_bn" != "$have_bn" ] || [ ! -x tools/node_modules/.bin/terser ]; then
  say "installing wasm-opt (npm binaryen $want_bn) and terser for release builds"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

want_pw="$(sed -n 's/.*"playwright-core": "\([0-9.]*\)".*/\1/p' tests/e2e/package.json)"
have_pw="$(sed -n 's/.*"version": "\([0-9.]*\)".*/\1/p' tests/e2e/node_modules/playwright-core/package.json 2>/dev/null | head -n1 || true)"
# axe-core (the accessibility checks of tests/e2e/chart.test.mjs) came later: its absence also asks.
if [ "$want_pw" != "$have_pw" ] || [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; then
  say "installing the end-to-end test deps (npm ci)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# The example app's own deps; the package itself is installed from its tarball by the
# test command (examples/vite-ts/install-package.mjs), after scripts/package.sh.
example=examples/vite-ts
have_example_deps=yes
for dep in vite typescript; do
  want="$(sed -n "s/.*\"$dep\": \"\([0-9.]*\)\".*/\1/p" "$example/package.json")"
  have="$(sed -n 's/.*"version": "\([0-9.]*\)".*/\1/p' "$example/node_modules/$dep/package.json" 2>/dev/null | head -n1 || true)"
  [ "$want" = "$have" ] || have_example_deps=no
done
if [ "$have_example_deps" = no ]; then
  say "installing the Vite + TypeScript example's deps (npm ci)"
  (cd "$example" && npm ci --no-audit --no-fund --loglevel=error)
fi
