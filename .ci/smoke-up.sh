#!/usr/bin/env bash
# Starts `./carbonedge up` on free ports, checks the registry lists every CarbonEdge subject, then SIGTERMs it.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp)"; data="$(mktemp -d)"
./carbonedge up --kafka-port 0 --registry-port 0 --data-dir "$data" >"$out" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 240); do
  grep -q '^registry=' "$out" && break
  kill -0 $pid 2>/dev/null || { cat "$out"; echo "smoke: carbonedge up exited early"; exit 1; }
  sleep 0.5
done
grep -q '^registry=' "$out" || { cat "$out"; echo "smoke: carbonedge up did not become ready"; exit 1; }
registry="$(grep '^registry=' "$out" | cut -d= -f2)"
subjects="$(curl -fsS "$registry/subjects")"
for s in requests telemetry device-state grid-intensity models partition-results emissions dead-letter; do
  echo "$subjects" | grep -q "\"carbonedge.$s-value\"" || { echo "smoke: subject carbonedge.$s-value missing: $subjects"; exit 1; }
done
grep -E '^(bootstrap|registry|ready_ms)' "$out"
kill -TERM $pid
for _ in $(seq 1 60); do kill -0 $pid 2>/dev/null || break; sleep 0.5; done
if kill -0 $pid 2>/dev/null; then echo "smoke: carbonedge up did not stop on SIGTERM"; exit 1; fi
wait $pid || true
echo "smoke: carbonedge up OK"
