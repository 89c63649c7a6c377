#!/usr/bin/env bash
# What recording in the catalogue adds to a whole run: the default scenario run ROUNDS
# times with --no-catalog and with a catalogue, alternated so that a shared machine's drift
# hits both alike; medians and their ratio, and the catalogue's size per run.
# Usage: bench/catalog-cost.sh [REPLICATIONS] [ROUNDS] [SCENARIO]   (from the source folder,
# after README command 1 built build/release).
set -euo pipefail
replications=${1:-10000}
rounds=${2:-7}
scenario=${3:-scenarios/china-30k.yaml}
binary=build/release/rollout
[[ -x $binary ]] || { echo "bench/catalog-cost.sh: build $binary first (README command 1)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() {  # wall seconds of one run with the given extra options
  local start end
  start=$(date +%s.%N)
  "$binary" run "$scenario" -n "$replications" -j 2 -q "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: >"$out/without"
: >"$out/with"
for ((k = 1; k <= rounds; ++k)); do
  seconds --out "$out/a" --no-catalog >>"$out/without"
  seconds --out "$out/b" --catalog "$out/catalog.sqlite" >>"$out/with"
done
without=$(median <"$out/without")
with=$(median <"$out/with")
echo "machine: $(nproc) cores; $replications replications of $scenario, 2 threads, $rounds rounds"
echo "without catalogue: median $without s ($(tr '\n' ' ' <"$out/without"))"
echo "with catalogue:    median $with s ($(tr '\n' ' ' <"$out/with"))"
awk -v a="$without" -v b="$with" 'BEGIN { printf "the catalogue adds %.0f%% (ratio %.3f)\n", 100 * (b / a - 1), b / a }'
size=$(du -cb "$out"/catalog.sqlite* | tail -1 | cut -f1)
awk -v s="$size" -v n="$rounds" 'BEGIN { printf "catalogue: %.1f MB a run\n", s / n / 1e6 }'
