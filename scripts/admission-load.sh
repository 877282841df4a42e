#!/usr/bin/env bash
# Never a 500, never an OutOfMemoryError: the Boot jar at -Xmx256m (JSON document limit raised to
# 1 GB and max-numbers to 10^8, so that only admission stands between a document and the heap)
# under huge declared JSON documents, medium ones several at once, 20M-sample Arrow streams
# (aggregates, and per-sample Arrow answers through the spool) and small requests, for
# XENT_LOAD_SECONDS (default 45) on 127.0.0.1. Counts statuses (only 200, 4xx and 503 with
# Retry-After may appear), checks health afterwards and that the log has no OutOfMemoryError,
# and reports the peak heap.
#
# Usage: scripts/admission-load.sh     (pip-installs numpy and pyarrow if missing; builds the jar)
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${XENT_LOAD_PORT:-18081}"
SECONDS_="${XENT_LOAD_SECONDS:-45}"
python3 -c 'import numpy, pyarrow' 2>/dev/null || python3 -m pip install -q numpy pyarrow
JAR="$(ls target/xent-*.jar 2>/dev/null | grep -v -- '-plain\|original' | head -n 1 || true)"
if [[ -z "$JAR" || -n "$(find src/main kernels/src/main pom.xml service.pom.xml kernels/pom.xml -newer "$JAR" -type f 2>/dev/null | head -n 1)" ]]; then
  ./mvnw -q -DskipTests package
  JAR="$(ls target/xent-*.jar | grep -v -- '-plain\|original' | head -n 1)"
fi
WORK="$(mktemp -d)"
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
java -Xmx256m -Xlog:gc:file="$WORK/gc.log" --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED \
  -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
  --xent.limits.max-body-bytes=1GB --xent.limits.max-numbers=100000000 \
  --xent.spool.dir="$WORK/spool" --xent.spool.budget=2GB >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
status=0
python3 scripts/load/admission.py "http://127.0.0.1:$PORT" "$SECONDS_" || status=1
if grep -q "OutOfMemoryError" "$WORK/server.log"; then
  echo "FAIL: OutOfMemoryError in the server log"; status=1
fi
if grep -q '"status":500\|Unexpected failure' "$WORK/server.log"; then
  echo "FAIL: an unexpected failure in the server log"; grep -m3 "Unexpected failure" "$WORK/server.log"; status=1
fi
peak=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$WORK/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
echo "peak heap before a collection: ${peak:-?} MB (of -Xmx256m)"
exit $status
