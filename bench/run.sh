#!/usr/bin/env bash
# Whole-run timings: the default scenario at 1 and 2 threads, reported as replications
# per second and nanoseconds per region-month (one region, one month, one replication,
# all brands). Usage: bench/run.sh [REPLICATIONS] [SCENARIO]   (from the source folder,
# after README command 1 built build/release).
set -euo pipefail
replications=${1:-10000}
scenario=${2:-scenarios/china-30k.yaml}
binary=build/release/rollout
[[ -x $binary ]] || { echo "bench/run.sh: build $binary first (README command 1)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-8s %12s %14s %18s\n' threads seconds "replications/s" "ns/region-month"
for threads in 1 2; do
  start=$(date +%s.%N)
  "$binary" run "$scenario" -n "$replications" -j "$threads" -q --out "$out/run" >/dev/null
  end=$(date +%s.%N)
  regions=$(($(wc -l < "$out/run/regions.csv") - 1))  # a header, then one row per region
  months=$(grep -o '"months": [0-9]*' "$out/run/summary.json" | grep -o '[0-9]*$')
  awk -v s="$start" -v e="$end" -v n="$replications" -v r="$regions" -v m="$months" -v t="$threads" \
    'BEGIN { w = e - s; printf "%-8d %12.2f %14.0f %18.0f\n", t, w, n / w, w * 1e9 * t / (n * r * m) }'
done
echo "(ns/region-month is thread-seconds: wall time x threads / region-months)"
