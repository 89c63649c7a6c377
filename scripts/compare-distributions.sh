#!/usr/bin/env bash
# The check that a change meant to alter bits but not distributions (a faster engine)
# kept every KPI's distribution: runs every shipped scenario with two rollout binaries,
# the second with another seed so that the two samples are independent, and prints for
# each KPI the two-sample z of the means,
#   z = (mean_new - mean_old) / sqrt(var_old / n_old + var_new / n_new),
# over the replications where the KPI is not missing, and the same z for the share of
# replications where it is missing. Fails when any |z| exceeds 3. With about 150 such z
# per call, one |z| above 3 happens by chance about once in three calls when nothing
# changed: a failure is to be rerun with another seed before it is believed, and one that
# stays is a defect.
#   scripts/compare-distributions.sh OLD_ROLLOUT NEW_ROLLOUT [REPLICATIONS=4000] [SEED=9001]
set -euo pipefail
[ $# -ge 2 ] && [ $# -le 4 ] || {
  echo "usage: $0 OLD_ROLLOUT NEW_ROLLOUT [REPLICATIONS] [SEED]" >&2
  exit 2
}
old=$(realpath "$1")
new=$(realpath "$2")
replications=${3:-4000}
seed=${4:-9001}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
worst=0
for scenario in scenarios/*.yaml; do
  name=$(basename "$scenario" .yaml)
  "$old" run "$scenario" -n "$replications" -q -j 2 --out "$work/$name-old" >/dev/null
  "$new" run "$scenario" -n "$replications" -q -j 2 --seed "$seed" --out "$work/$name-new" >/dev/null
  # KPI columns are those before the first input column (a name with a dot).
  result=$(awk -F, -v scenario="$name" '
    FNR == 1 {
      side = (FILENAME ~ /-old\//) ? 0 : 1
      kpis = 0
      for (i = 2; i <= NF && $i !~ /\./; ++i) { name[i] = $i; kpis = i }
      next
    }
    {
      for (i = 2; i <= kpis; ++i) {
        rows[side, i]++
        if ($i == "") { missing[side, i]++; continue }
        n[side, i]++; d = $i - mean[side, i]; mean[side, i] += d / n[side, i]
        m2[side, i] += d * ($i - mean[side, i])
      }
    }
    function z(m0, v0, n0, m1, v1, n1,   se) {
      se = sqrt(v0 / n0 + v1 / n1)
      if (se == 0) return (m0 == m1) ? 0 : 99
      return (m1 - m0) / se
    }
    END {
      worst = 0
      for (i = 2; i <= kpis; ++i) {
        zm = 0
        if (n[0, i] > 1 && n[1, i] > 1)
          zm = z(mean[0, i], m2[0, i] / (n[0, i] - 1), n[0, i], mean[1, i], m2[1, i] / (n[1, i] - 1), n[1, i])
        p0 = missing[0, i] / rows[0, i]; p1 = missing[1, i] / rows[1, i]
        zp = z(p0, p0 * (1 - p0), rows[0, i], p1, p1 * (1 - p1), rows[1, i])
        flag = (zm > 3 || zm < -3 || zp > 3 || zp < -3) ? "  <-- |z| > 3" : ""
        printf "%-24s %-24s %14.6g %14.6g %7.2f %7.2f%s\n", scenario, name[i], mean[0, i], mean[1, i], zm, zp, flag
        a = zm < 0 ? -zm : zm; b = zp < 0 ? -zp : zp
        if (a > worst) worst = a
        if (b > worst) worst = b
      }
      printf "WORST %.2f\n", worst
    }' "$work/$name-old/replications.csv" "$work/$name-new/replications.csv")
  grep -v '^WORST' <<<"$result"
  w=$(grep '^WORST' <<<"$result" | cut -d' ' -f2)
  worst=$(awk -v a="$worst" -v b="$w" 'BEGIN { print (b > a) ? b : a }')
  grep -q '|z| > 3' <<<"$result" && status=1
done
echo "largest |z| over every KPI of every shipped scenario: $worst ($replications replications each)"
exit $status
