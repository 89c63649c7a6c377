#!/usr/bin/env bash
# Writes one report of each kind for the browser tests: make-reports.sh ROLLOUT OUT
# Small replication counts: the browser checks the drawing, not the numbers.
set -euo pipefail
rollout=$1
out=$2
cd "$(dirname "$0")/../.."
rm -rf "$out"
mkdir -p "$out/screenshots"
# The runs are recorded in a catalogue beside the reports, not in the source tree's.
export ROLLOUT_CATALOG="$out/catalog.sqlite"
"$rollout" run scenarios/china-30k.yaml -n 1000 -q --report --out "$out/run" >/dev/null
"$rollout" compare scenarios/china-30k.yaml scenarios/china-30k-marginal.yaml \
  scenarios/china-20k-quality.yaml -n 300 -q --report --out "$out/compare" >/dev/null
"$rollout" sweep scenarios/sweeps/capacity-by-allocation.yaml -n 50 -q --report \
  --out "$out/sweep" >/dev/null
"$rollout" sensitivity scenarios/china-30k.yaml -n 400 --tornado-replications 200 --sobol 64 \
  --bootstrap 50 -q --report --out "$out/sensitivity" >/dev/null
"$rollout" backtest scenarios/china-30k.yaml --observed scenarios/observed/china-2019-2024.csv \
  -n 300 -q --report --out "$out/backtest" >/dev/null
"$rollout" discover scenarios/china-30k.yaml --when 'target_by_deadline == 0' -n 500 -q --report \
  --out "$out/discover" >/dev/null
"$rollout" optimize tests/browser/data/optimize-small.yaml -q --report --out "$out/optimize" >/dev/null
echo "reports written under $out"
