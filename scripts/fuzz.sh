#!/usr/bin/env bash
# Fuzzes with libFuzzer (clang, ASan, UBSan), seeded with every scenario and test file,
# for a bounded time per target: fuzz_scenario_loader (the loader and validator) and
# fuzz_scenario_run (every scenario that loads, within small bounds, also runs two
# replications and builds its output files). Usage: scripts/fuzz.sh [SECONDS per target] [BUILD]
# BUILD: a build folder configured with clang and -DROLLOUT_FUZZ=ON (.ci/run's sanitizer
# build, whose fuzz targets are then already compiled); without it, build/fuzz is configured
# here.
# A crash, a sanitizer report, a leak or a hang fails the run and leaves the input in
# build/fuzz/artifacts/; copy it to tests/data/fuzz-regressions/ so the suite replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

build=${2:-}
if [ -z "$build" ]; then
  # -O1 -g1 (line tables only), as .ci/run builds the sanitizer suite: about twice as fast to
  # compile as -O2 -g, and stack traces still name files and lines.
  build=build/fuzz
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROLLOUT_FUZZ=ON -DROLLOUT_MPI=OFF \
    -DROLLOUT_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" > /dev/null
fi
cmake --build "$build" -j2 --target fuzz_scenario_loader fuzz_scenario_run

corpus=build/fuzz/corpus
mkdir -p "$corpus" build/fuzz/artifacts
find scenarios tests/data -name '*.yaml' -size -64k -exec cp {} "$corpus/" \;
cp tests/data/fuzz-regressions/* "$corpus/" 2> /dev/null || true

# From the repository root, so relative `extends` in fuzzed inputs can reach real files.
# Each target keeps its own corpus copy (libFuzzer adds what it finds to the first folder).
for target in fuzz_scenario_loader fuzz_scenario_run; do
  echo "== $target for $seconds s"
  mkdir -p "build/fuzz/corpus-$target"
  cp "$corpus"/* "build/fuzz/corpus-$target/"
  "$build/tests/fuzz/$target" "build/fuzz/corpus-$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=16384 -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 2>&1 |
    tail -25
  test "${PIPESTATUS[0]}" -eq 0
done
