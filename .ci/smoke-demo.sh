#!/usr/bin/env bash
# Runs the README's first command as a user would, at its quick scale: `./carbonedge demo --quick` must print a line
# per policy and sweep point and write its report (four charts) and CSVs. DemoCommandTest parses them.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp)"; report="$(mktemp -d)"
trap 'rm -rf "$report" "$out"' EXIT
./carbonedge demo --quick --out "$report" >"$out" || { cat "$out"; echo "smoke: carbonedge demo failed"; exit 1; }
for p in monolithic paper-performance paper-green performance balanced green; do
  grep -q "^demo policy=$p " "$out" || { cat "$out"; echo "smoke: no result line for $p"; exit 1; }
done
[ "$(grep -c '^sweep wc=' "$out")" = 11 ] || { cat "$out"; echo "smoke: sweep lines missing"; exit 1; }
for f in index.html policies.csv sweep.csv intensity.csv; do
  [ -s "$report/$f" ] || { echo "smoke: $f missing"; exit 1; }
done
[ "$(grep -c '<svg ' "$report/index.html")" = 4 ] || { echo "smoke: index.html lacks its four charts"; exit 1; }
grep '^demo policy=green ' "$out"
echo "smoke: carbonedge demo OK"
