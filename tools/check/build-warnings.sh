#!/usr/bin/env bash
# Builds the shaded jars and fails if maven-shade-plugin reports overlapping resources (issue 9).
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
./mvnw -B -pl cli,benchmarks -am package -DskipTests -Dinvoker.skip >"$log" 2>&1 || { cat "$log"; exit 1; }
if grep -n "overlapping resource\|overlapping classes" "$log"; then
  echo "build-warnings: the shade plugin reports overlaps (above)" >&2
  exit 1
fi
echo "build-warnings: no overlapping resources in the shaded jars"
