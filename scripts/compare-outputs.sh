#!/usr/bin/env bash
# Runs every command on the shipped scenarios with two rollout binaries and diffs what
# they write, apart from the fields that name the version or time the run: the check
# that a refactoring changed no output byte (docs/design.md, "Tests").
#   scripts/compare-outputs.sh OLD_ROLLOUT NEW_ROLLOUT
# Build the old binary from a worktree, e.g.
#   git worktree add /tmp/old REV && cmake -S /tmp/old -B /tmp/old/build && cmake --build /tmp/old/build --target rollout_cli
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_ROLLOUT NEW_ROLLOUT" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

commands=(
  "run scenarios/china-30k.yaml -n 300 --report"
  "run scenarios/india-6k.yaml -n 300 --report"
  "run scenarios/china-30k-correlated.yaml -n 300 --precision stores_end=400 --report"
  "compare scenarios/china-30k.yaml scenarios/china-30k-marginal.yaml scenarios/china-hold.yaml -n 300 --report"
  "sweep scenarios/sweeps/capacity-by-allocation.yaml -n 100 --report"
  "sensitivity scenarios/china-30k.yaml -n 300 --tornado-replications 100 --sobol 64 --bootstrap 50 --report"
  "discover scenarios/china-30k.yaml -n 300 --when target_by_deadline==0 --report"
  "batch scenarios/china-30k.yaml scenarios/india-6k.yaml -n 100"
)
status=0
mkdir -p "$work/old" "$work/new"
for i in "${!commands[@]}"; do
  for side in old new; do
    binary=$old
    [ "$side" = new ] && binary=$new
    # shellcheck disable=SC2086
    "$binary" ${commands[$i]} -q -j 2 --out "$work/$side/$i" > "$work/$side/$i.out" 2>&1 ||
      echo "exit $?" >> "$work/$side/$i.out"
  done
done
# The version, the wall time and the folder names differ by design.
normalise() {
  find "$1" -type f | while read -r f; do
    sed -i -E -e 's/"(version|wall_seconds)": [^,}]*/"\1": X/g' \
      -e 's#'"$work"'/(old|new)/#OUT/#g' \
      -e 's/(Wall time|Version|rollout version)[^<]*/\1 X/g' \
      -e 's/ threads, [0-9.]+ s$/ threads, X s/' "$f"
  done
}
normalise "$work/old"
normalise "$work/new"
if grep -l "^exit " "$work"/new/*.out; then
  echo "compare-outputs: a command failed (its output above)" >&2
  status=1
elif diff -r "$work/old" "$work/new" > "$work/diff"; then
  echo "compare-outputs: ${#commands[@]} commands, every output identical"
else
  head -40 "$work/diff"
  echo "compare-outputs: outputs differ (above)" >&2
  status=1
fi
exit $status
