#!/usr/bin/env bash
# The soak: N refresh cycles (default 500, one a second) of one panel against
# the real Prometheus and demo service, in headless Chromium. Compares memory,
# DOM nodes, listeners and timers after 10 cycles and after N; fails on growth
# (memory > 1.05×) or any console error. Not part of scripts/test.sh (~11 min).
# Usage: scripts/soak.sh [cycles]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh target/e2e-dist >/dev/null
cargo build -p exemplar-demo --quiet
node tests/e2e/soak.mjs "${1:-500}"
