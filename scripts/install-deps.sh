#!/usr/bin/env bash
# Installs the Debian 12 packages rollout needs, and only those that are missing.
# As root it runs apt-get; otherwise it prints the exact command to run and stops.
set -euo pipefail

packages=(
  g++ cmake make          # toolchain: C++20 compiler, CMake >= 3.25
  libyaml-cpp-dev         # scenario files
  libboost-dev            # Boost.Graph, Boost.Random, Boost.Math (header-only parts)
  libeigen3-dev           # spatial correlation matrix and its Cholesky factor
  librandom123-dev        # counter-based random numbers (Philox)
  libcli11-dev            # command-line parsing
  libfmt-dev              # formatting of messages and tables
  nlohmann-json3-dev      # JSON output files
  libssl-dev              # SHA-256 of the resolved scenario (libcrypto)
  libsqlite3-dev libsqlitecpp-dev  # the results catalogue (SQLite, and its C++ wrapper)
  libpagmo-dev            # rollout optimize: the general search (pagmo2: gaco, NSGA-II)
  doctest-dev             # unit tests
  libbenchmark-dev        # micro-benchmarks in bench/ (Google Benchmark)
  libboost-mpi-dev libopenmpi-dev openmpi-bin  # mpirun -np K rollout ... (Boost.MPI, Open MPI)
  clang-format            # style check in CI (scripts/check-format.sh)
  clang libclang-rt-14-dev  # libFuzzer for scripts/fuzz.sh (CI)
  chromium                # the HTML reports are tested in headless Chromium (tests/browser)
)
# Node.js runs the browser tests (playwright-core drives Chromium); Debian's nodejs unless
# the machine already has a node.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs npm); fi

# From the npm registry, each pinned in its package-lock.json: playwright-core (drives
# Chromium for the report tests) and yaml-language-server (the editor tests).
install_npm_packages() {
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    echo "install-deps: npm ci in tests/browser (playwright-core)"
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  fi
  if [ ! -d tests/editor/node_modules/yaml-language-server ]; then
    echo "install-deps: npm ci in tests/editor (yaml-language-server)"
    npm ci --prefix tests/editor --no-audit --no-fund --loglevel=error
  fi
}
cd "$(dirname "$0")/.."

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  install_npm_packages
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages; run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_npm_packages
