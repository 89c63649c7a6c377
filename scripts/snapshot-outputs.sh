#!/usr/bin/env bash
# Runs every command on the shipped scenarios into one folder, with their terminal output,
# so that two builds can be compared file by file (a refactoring changes no byte):
#   scripts/snapshot-outputs.sh build/release/rollout /tmp/before
#   ... change, rebuild ...
#   scripts/snapshot-outputs.sh build/release/rollout /tmp/after
#   diff -r -I '"wall_seconds"' -I '"threads"' -I '"version"' /tmp/before /tmp/after
# Small replication counts: this compares bytes, not figures.
set -euo pipefail
rollout=$(realpath "$1")
out=$2
cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out"
run() {  # run NAME ARGS...: one command, its files under $out/NAME, its terminal in NAME.txt
  local name=$1
  shift
  "$rollout" "$@" -q --out "$out/$name" >"$out/$name.txt" 2>&1
}
for s in scenarios/*.yaml; do
  run "run-$(basename "$s" .yaml)" run "$s" -n 300 -j 2 --report
done
run compare compare scenarios/china-30k.yaml scenarios/china-30k-marginal.yaml \
  scenarios/china-20k-quality.yaml scenarios/china-hold.yaml -n 200 --report
run sweep sweep scenarios/sweeps/capacity-by-allocation.yaml -n 50 --report
run sensitivity sensitivity scenarios/china-30k.yaml -n 300 --tornado-replications 100 \
  --sobol 32 --bootstrap 20 --report
run discover discover scenarios/china-30k.yaml -n 500 --when 'target_by_deadline == 0'
run batch batch scenarios/china-30k.yaml scenarios/china-hold.yaml -n 100
"$rollout" show scenarios/china-30k-correlated.yaml >"$out/show.txt" 2>&1
"$rollout" validate scenarios/*.yaml tests/data/invalid/*.yaml >"$out/validate.txt" 2>&1 || true
echo "snapshot of $(find "$out" -type f | wc -l) files in $out"
