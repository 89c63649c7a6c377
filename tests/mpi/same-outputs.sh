#!/usr/bin/env bash
# Runs run, compare, sweep, backtest and optimize once as a single process and once under mpirun with 2 and 3
# processes (3 splits 1,000 rows unevenly), and fails unless every output file is
# byte-identical, apart from the fields that say how the run was executed: threads,
# processes and wall_seconds in summary.json, and the terminal summary's timing line; and
# that each records its runs in the catalogue once (rank 0), not once per process.
# Usage: same-outputs.sh ROLLOUT MPIEXEC OUT_DIR
set -euo pipefail
rollout=$1 mpiexec=$2 out=$3
root="$(cd "$(dirname "$0")/../.." && pwd)"
scenarios="$root/scenarios"
rm -rf "$out" && mkdir -p "$out"
# Containers often forbid the cross-process memory copy Open MPI's shared-memory transport
# tries first; without it the transport falls back to plain copies, which always work.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi=("$mpiexec" --oversubscribe)
if [ "$(id -u)" -eq 0 ]; then mpi+=(--allow-run-as-root); fi

# summary.json and optimize.json without the execution fields, so the rest can be compared
# byte for byte.
normalise() {
  find "$1" \( -name summary.json -o -name optimize.json \) -print0 | while IFS= read -r -d '' f; do
    grep -v -E '^ *"(threads|processes|wall_seconds)":' "$f" > "$f.tmp" && mv "$f.tmp" "$f"
  done
}

# Runs recorded in the test's catalogue so far: under mpirun only rank 0 records, so a
# command adds as many rows at any process count.
catalog="$out/catalog.sqlite"
recorded() { "$rollout" runs --catalog "$catalog" | grep -c -E '^ +[0-9]+ ' || true; }

check() {
  local name=$1
  shift
  local before
  before=$(recorded)
  "$rollout" "$@" --quiet --threads 2 --out "$out/$name-single" --catalog "$catalog" \
    > "$out/$name-single.txt"
  local added=$(($(recorded) - before))
  normalise "$out/$name-single"
  for np in 2 3; do
    before=$(recorded)
    "${mpi[@]}" -np "$np" "$rollout" "$@" --quiet --threads 1 --out "$out/$name-np$np" \
      --catalog "$catalog" > "$out/$name-np$np.txt"
    if [ $(($(recorded) - before)) -ne "$added" ]; then
      echo "FAIL: $name with $np processes recorded $(($(recorded) - before)) runs, not $added" >&2
      exit 1
    fi
    normalise "$out/$name-np$np"
    if ! diff -r "$out/$name-single" "$out/$name-np$np"; then
      echo "FAIL: $name with $np processes wrote different files" >&2
      exit 1
    fi
    # Rank 0 alone prints: the terminal output is the single run's, line for line, but
    # for the timing line and the folder names.
    if ! diff <(grep -v -E 'replications, seed|^wrote|^recorded' "$out/$name-single.txt") \
              <(grep -v -E 'replications, seed|^wrote|^recorded' "$out/$name-np$np.txt"); then
      echo "FAIL: $name with $np processes printed something else" >&2
      exit 1
    fi
    count=$(find "$out/$name-np$np" -type f | wc -l)
    echo "ok: $name, $np processes: $count files identical"
  done
}

check run run "$scenarios/china-30k.yaml" --replications 1000
check series run "$scenarios/china-30k.yaml" --replications 1000 --series-replications 450
check precision run "$scenarios/china-30k.yaml" --precision target_by_deadline=0.03
check compare compare "$scenarios/china-30k.yaml" "$scenarios/china-hold.yaml" --replications 500
check sweep sweep "$scenarios/sweeps/capacity-by-allocation.yaml" --replications 100
check backtest backtest "$scenarios/china-30k.yaml" \
  --observed "$scenarios/observed/china-2019-2024.csv" --replications 500

# optimize records nothing in the catalogue: its search's candidates, decisions and files must
# be the same at any process count (every process makes the same search; each candidate's
# replications are shared out).
opt="$root/tests/browser/data/optimize-small.yaml"
"$rollout" optimize "$opt" --quiet --threads 2 --out "$out/optimize-single" > "$out/optimize-single.txt"
normalise "$out/optimize-single"
for np in 2 3; do
  "${mpi[@]}" -np "$np" "$rollout" optimize "$opt" --quiet --threads 1 --out "$out/optimize-np$np" \
    > "$out/optimize-np$np.txt"
  normalise "$out/optimize-np$np"
  if ! diff -r "$out/optimize-single" "$out/optimize-np$np" ||
    ! diff <(grep -v '^wrote' "$out/optimize-single.txt") <(grep -v '^wrote' "$out/optimize-np$np.txt"); then
    echo "FAIL: optimize with $np processes wrote or printed something else" >&2
    exit 1
  fi
  echo "ok: optimize, $np processes: $(find "$out/optimize-np$np" -type f | wc -l) files identical"
done
