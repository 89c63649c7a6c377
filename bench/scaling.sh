#!/usr/bin/env bash
# How the cost of a replication grows with regions, months and brands: times synthetic
# scenarios (scripts/make-large-scenario.sh) on one thread, varying one dimension at a
# time from a base of 40 regions, 36 months, 8 brands, and fits the exponent of each
# (least squares of log cost on log size). Usage: bench/scaling.sh [REPLICATIONS]
# (from the source folder, after README command 1 built build/release).
set -euo pipefail
replications=${1:-200}
binary=build/release/rollout
[[ -x $binary ]] || { echo "bench/scaling.sh: build $binary first (README command 1)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); 1 thread"

# Prints "size seconds-per-replication" for one scenario.
time_one() {
  local regions=$1 months=$2 brands=$3 size=$4
  scripts/make-large-scenario.sh "$regions" "$months" "$brands" "$work/s" > /dev/null
  local start end
  start=$(date +%s.%N)
  "$binary" run "$work/s/large.yaml" -n "$replications" -j 1 -q --out "$work/out" > /dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$replications" -v x="$size" -v r="$regions" -v m="$months" \
    'BEGIN { c = (e - s) / n; printf "%s %.6g %.0f\n", x, c, c * 1e9 / (r * m) }'
}

fit() {  # reads "size cost ns" lines, prints the slope of log cost on log size
  awk '{ x = log($1); y = log($2); n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
       END { printf "%.2f", (n * sxy - sx * sy) / (n * sxx - sx * sx) }'
}

report() {
  local name=$1 file=$2
  printf '%-8s' "$name"
  while read -r size cost ns; do printf '  %5s: %7.2f ms (%4s ns/rm)' "$size" "$(awk -v c="$cost" 'BEGIN{print c*1000}')" "$ns"; done < "$file"
  printf '\n         exponent %s\n' "$(fit < "$file")"
}

for r in 40 80 160 340; do time_one "$r" 36 8 "$r"; done > "$work/regions.txt"
report regions "$work/regions.txt"
for m in 24 48 96 192; do time_one 40 "$m" 8 "$m"; done > "$work/months.txt"
report months "$work/months.txt"
for b in 8 16 32; do time_one 40 36 "$b" "$b"; done > "$work/brands.txt"
report brands "$work/brands.txt"
echo "(ms per replication, whole run incl. loading and writing; ns/rm: per region-month)"
