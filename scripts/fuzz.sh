#!/usr/bin/env bash
# Fuzzes the pure core with cargo fuzz (libFuzzer, nightly toolchain):
#   scripts/fuzz.sh [seconds-per-target=600] [target ...]
# Targets: responses (Prometheus parsers → model → frame), config (config +
# Grafana imports → plan), time_expr, links. The seed corpus is the recorded
# fixtures and the shipped configs; findings land in fuzz/artifacts/<target>/.
# Prints one summary line per target (runs, seconds, crashes) and exits
# non-zero on a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_PER_TARGET="${1:-600}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(responses config time_expr links)

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

seed() { # target, files...
  local dir="fuzz/corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    case "$dir" in
      */responses) { printf '\xc8\x00'; cat "$f"; } > "$dir/seed-$(basename "$f")" ;; # status 200, then the body
      *) cp "$f" "$dir/seed-$(basename "$f")" ;;
    esac
  done
}
seed responses tests/fixtures/*.json
# Pairs: a range answer, NUL, its exemplar answer.
pair() { { printf '\xc8\x00'; cat "$2"; printf '\x00'; cat "$3"; } > "fuzz/corpus/responses/pair-$1"; }
pair p99 tests/fixtures/query_range_p99.json tests/fixtures/query_exemplars.json
pair by-route tests/fixtures/query_range_p99_by_route.json tests/fixtures/query_exemplars.json
pair native tests/fixtures/native_histogram_quantile.json tests/fixtures/native_histogram_exemplars.json
seed config www/demo-config.json tests/fixtures/grafana-datasources.yml
# Configs at the ends of time: the plan must refuse them with an error, not overflow.
printf '%s' '{"targets":[{"expr":"up"}],"time":{"from":"now-292000000y","to":"9000000000000000000"}}' > fuzz/corpus/config/seed-ends-of-time.json
printf '%s' '{"targets":[{"expr":"up","interval":"1ms"}],"time":{"from":"-62135596800000","to":"253402300799999"},"maxDataPoints":4294967295}' > fuzz/corpus/config/seed-widest.json
printf '%s' '{"targets":[{"expr":"up"}],"time":{"from":"now-9000y/y","to":"now+7000y/y"},"interval":">1ms"}' > fuzz/corpus/config/seed-rounded-ends.json
mkdir -p fuzz/corpus/time_expr fuzz/corpus/links

status=0
for t in "${TARGETS[@]}"; do
  log="fuzz/artifacts/$t.log"
  mkdir -p fuzz/artifacts
  echo "== fuzzing $t for ${SECONDS_PER_TARGET}s"
  if cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result=CRASH; status=1
    grep -m1 -A1 'panicked at' "$log" || tail -n 20 "$log"
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n1)
  echo "$t: $result, $runs runs in ${took:-?} s, corpus $(ls "fuzz/corpus/$t" | wc -l) inputs (log: $log)"
done
exit $status
