#!/usr/bin/env bash
# Two builds side by side in one run: the one-replication benchmark of the default scenario
# (ns per region-month, median of 5 repetitions) for an earlier build and this one, alternated
# over several rounds so that both see the same load on a shared machine, and the ratio of each
# round. The ratio is the figure to quote; single timings drift with the host.
#   bench/compare-builds.sh OLD_ROLLOUT_BENCH [NEW_ROLLOUT_BENCH] [ROUNDS=3] [BENCHMARK]
# BENCHMARK is a --benchmark_filter (default 'replication/default$', one replication reusing one
# row; '^replications/' times a block of replications as a run makes them, docs/performance.md).
# An earlier build: git worktree add /tmp/old COMMIT && cmake -S /tmp/old -B /tmp/old/build
#   -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/old/build -j2 --target rollout_bench
set -euo pipefail
old=${1:?usage: $0 OLD_ROLLOUT_BENCH [NEW_ROLLOUT_BENCH] [ROUNDS]}
new=${2:-build/release/bench/rollout_bench}
rounds=${3:-3}
benchmark=${4:-'replication/default$'}
per_region_month() {
  "$1" --benchmark_filter="$benchmark" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true 2>/dev/null |
    awk '/_median/ { for (i = 1; i <= NF; ++i) if ($i ~ /^per_region_month=/) {
           v = substr($i, 18); unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
           print v * (unit == "us" ? 1000 : 1) } }'
}
printf '%-6s %16s %16s %8s\n' round "old ns/reg-month" "new ns/reg-month" "new/old"
for round in $(seq "$rounds"); do
  a=$(per_region_month "$old")
  b=$(per_region_month "$new")
  awk -v r="$round" -v a="$a" -v b="$b" 'BEGIN { printf "%-6d %16.0f %16.0f %8.2f\n", r, a, b, b / a }'
done
