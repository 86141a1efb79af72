#!/usr/bin/env bash
# The load simulation of docs/scale.md: 20 panels (10 distinct queries),
# auto-refresh 5 s, 60 s, visible / hidden / 429 with Retry-After: 10, against
# the real Prometheus and the stand-in; prints the request counts as a
# Markdown table. Usage: scripts/loadsim.sh [seconds=60]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh target/e2e-dist >/dev/null
cargo build -p exemplar-demo --quiet
LOADSIM_SECONDS="${1:-60}" node tests/e2e/loadsim.mjs
