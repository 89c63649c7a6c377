#!/usr/bin/env bash
# Fails when a C++ file does not follow .clang-format. Fix with: scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i $files
else
  clang-format --dry-run --Werror $files
  echo "check-format: $(echo "$files" | wc -l) files follow .clang-format"
fi
