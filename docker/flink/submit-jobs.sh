#!/usr/bin/env bash
# Submits the router and emissions jobs to the Flink cluster: a job already RUNNING (a re-run of
# `docker compose up`) is left alone; a job that is not running is submitted from its newest retained checkpoint when
# it has one. Without an HA service a JobManager that restarts has forgotten its jobs: running this again after it is
# back resumes each job from where it last checkpointed, so requests in flight are neither lost nor counted twice.
# Each job checkpoints under a directory of its own name (CHECKPOINTS/<job name>/<job id>/chk-<n>), which is how a
# checkpoint is found again once the job id that wrote it is forgotten. The jobs read CARBONEDGE_* from this
# container's environment at submission, and the settings travel inside the job graph to the TaskManagers.
set -euo pipefail
REST="${FLINK_REST_ADDRESS:-flink-jobmanager}:${FLINK_REST_PORT:-8081}"
JAR=/opt/flink/usrlib/carbonedge-flink-jobs.jar
CHECKPOINTS="${CARBONEDGE_CHECKPOINTS:-/flink-checkpoints}"

running() {
  curl -fsS "http://$REST/jobs/overview" | tr '{' '\n' | grep "\"name\":\"$1\"" | grep -q '"state":"RUNNING"'
}

# The newest completed checkpoint of job $1 (a chk-<n> directory whose _metadata, written last, exists), or nothing.
newest_checkpoint() {
  # a job that never checkpointed has no directory: find fails, which must not end the script (set -e, pipefail)
  { find "$CHECKPOINTS/$1" -mindepth 3 -maxdepth 3 -path '*/chk-*/_metadata' -type f -printf '%T@ %h\n' 2>/dev/null \
    || true; } | sort -n | tail -1 | cut -d' ' -f2-
}

submit() { # job name, main class
  if running "$1"; then
    echo "submit-jobs: $1 is already running"
    return
  fi
  local from
  from="$(newest_checkpoint "$1")"
  flink run --detached -Drest.address="${REST%:*}" -Drest.port="${REST##*:}" \
    -Dexecution.checkpointing.dir="file://$CHECKPOINTS/$1" ${from:+-s "$from"} -c "$2" "$JAR"
  echo "submit-jobs: $1 submitted${from:+ from $from}"
}

[[ "${1:-}" == "--functions" ]] && return 0 2>/dev/null

for _ in $(seq 1 60); do
  curl -fsS "http://$REST/overview" | grep -q '"taskmanagers":[1-9]' && break
  echo "submit-jobs: waiting for a TaskManager at $REST"; sleep 2
done

submit carbonedge-router org.carbonedge.jobs.router.RouterJob
submit carbonedge-emissions org.carbonedge.jobs.emissions.EmissionsJob
