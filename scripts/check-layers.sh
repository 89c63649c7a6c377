#!/usr/bin/env bash
# Fails when a file of the library includes a later stage of the pipeline
# (docs/design.md#the-pipeline). A file's stage is its folder: sim/STAGE/ or
# include/rollout/STAGE/; an include's stage is its first folder ("rollout/STAGE/x.hpp"
# or, for a private header, "STAGE/x.hpp"). Tests and benchmarks may include anything.
#   scripts/check-layers.sh          check the repository
#   scripts/check-layers.sh FILE...  check just these files
set -euo pipefail
cd "$(dirname "$0")/.."
stages=(common scenario loader random model inputs engine run results catalog analysis report cli)
declare -A rank
for i in "${!stages[@]}"; do rank[${stages[$i]}]=$i; done

if [ $# -gt 0 ]; then files=("$@"); else
  mapfile -t files < <(git ls-files --cached --others --exclude-standard 'sim/*' 'include/rollout/*' |
    grep -E '\.(cpp|hpp)$')
fi
bad=0
for f in "${files[@]}"; do
  rel=${f#include/rollout/}
  rel=${rel#sim/}
  own=${rel%%/*}
  if [ "$own" = "$rel" ] || [ -z "${rank[$own]+x}" ]; then
    echo "$f: not inside a stage folder (${stages[*]})" >&2
    bad=1
    continue
  fi
  while IFS=: read -r line include; do
    target=${include#rollout/}
    target=${target%%/*}
    [ -n "${rank[$target]+x}" ] || continue
    if [ "${rank[$target]}" -gt "${rank[$own]}" ]; then
      echo "$f:$line: stage '$own' includes \"$include\" of the later stage '$target'" >&2
      bad=1
    fi
  done < <(grep -n '^#include "' "$f" | sed -E 's/^([0-9]+):#include "([^"]+)".*/\1:\2/')
done
if [ $bad -ne 0 ]; then
  echo "check-layers: a stage may include only itself and earlier stages: ${stages[*]}" >&2
  exit 1
fi
echo "check-layers: ${#files[@]} files include only their own or earlier stages"
