#!/usr/bin/env bash
# The carbonedge command inside the image: the same entry point and JVM options variable as ./carbonedge.
set -euo pipefail
APP=/app
# shellcheck disable=SC2086
exec java ${CARBONEDGE_JAVA_OPTS:-} -Dlog4j2.configurationFile=log4j2.xml \
  -cp "$APP/lib/carbonedge-cli.jar:$(cat "$APP/classpath")" org.carbonedge.cli.CarbonEdge "$@"
