#!/usr/bin/env bash
# The demo: a real Prometheus with exemplar storage (127.0.0.1:9090, data in a
# temp dir), the instrumented demo service (127.0.0.1:8080) and the panel
# under `trunk serve` (127.0.0.1:8000, /api/v1 proxied to Prometheus).
# Ctrl-C stops everything. DEMO_PORT and PANEL_PORT move the service and the panel.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PROM_PORT=9090 # fixed: Trunk.toml's [[proxy]] points there
DEMO_PORT="${DEMO_PORT:-8080}"
PANEL_PORT="${PANEL_PORT:-8000}"

scripts/setup.sh
cargo build --release -p exemplar-demo --quiet

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PROM_PORT" "$DEMO_PORT" "$PANEL_PORT"; do
  if port_busy "$p"; then echo "demo: port $p on 127.0.0.1 is in use; stop what uses it (or set DEMO_PORT / PANEL_PORT)" >&2; exit 1; fi
done

work="$(mktemp -d -t exemplar-demo.XXXXXX)"
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
  echo "demo: stopped"
}
trap cleanup EXIT INT TERM

cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: demo
    static_configs:
      - targets: ['127.0.0.1:$DEMO_PORT']
storage:
  exemplars:
    max_exemplars: 100000
YAML

target/release/exemplar-demo --listen "127.0.0.1:$DEMO_PORT" >"$work/demo.log" 2>&1 &
pids+=($!)
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --enable-feature=exemplar-storage >"$work/prometheus.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null || { echo "demo: Prometheus did not start:" >&2; tail -n 20 "$work/prometheus.log" >&2; exit 1; }

url="http://127.0.0.1:$PANEL_PORT/"
if [ "$DEMO_PORT" != 8080 ]; then
  config=$(sed "s/127.0.0.1:8080/127.0.0.1:$DEMO_PORT/" www/demo-config.json | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.dumps(json.load(sys.stdin))))')
  url="${url}?config=$config"
fi
cat <<MSG

  Prometheus   http://127.0.0.1:$PROM_PORT  (exemplar storage on, 2s scrape)
  demo service http://127.0.0.1:$DEMO_PORT/metrics
  panel        $url

  Give it ~10 s for the first points. Ctrl-C stops everything.

MSG
trunk serve --offline --port "$PANEL_PORT" &
pids+=($!)
wait "${pids[@]}"
