#!/usr/bin/env bash
# Submits the router and emissions jobs to the Flink cluster once: a job already RUNNING (a re-run of
# `docker compose up`) is left alone. The jobs read CARBONEDGE_* from this container's environment at submission,
# and the settings travel inside the job graph to the TaskManagers.
set -euo pipefail
REST="${FLINK_REST_ADDRESS:-flink-jobmanager}:${FLINK_REST_PORT:-8081}"
JAR=/opt/flink/usrlib/carbonedge-flink-jobs.jar

running() {
  curl -fsS "http://$REST/jobs/overview" | tr '{' '\n' | grep "\"name\":\"$1\"" | grep -q '"state":"RUNNING"'
}

for _ in $(seq 1 60); do
  curl -fsS "http://$REST/overview" | grep -q '"taskmanagers":[1-9]' && break
  echo "submit-jobs: waiting for a TaskManager at $REST"; sleep 2
done

submit() { # job name, main class
  if running "$1"; then
    echo "submit-jobs: $1 is already running"
  else
    flink run --detached -Drest.address="${REST%:*}" -Drest.port="${REST##*:}" -c "$2" "$JAR"
    echo "submit-jobs: $1 submitted"
  fi
}
submit carbonedge-router org.carbonedge.jobs.router.RouterJob
submit carbonedge-emissions org.carbonedge.jobs.emissions.EmissionsJob
