#!/usr/bin/env bash
# Streams 100 million binary samples through the service as one Arrow request, with a
# small heap: starts the jar with -Xmx256m and an 8 GB spool budget on a loopback port,
# runs examples/python/stream_100m.py against it (aggregates, then the per-sample Arrow
# answer counted as it arrives), prints the service's peak heap and RSS, and stops it.
#
#   scripts/stream-100m.sh                      # 100M samples
#   scripts/stream-100m.sh -n 5000000           # any stream_100m.py option passes through
#   PORT=18095 XMX=512m SPOOL_BUDGET=16GB scripts/stream-100m.sh
#
# Needs: a JDK 17+, python3 with pyarrow, numpy, requests; about 2.5 GB free in the spool
# directory (a temporary directory, removed at the end; SPOOL_DIR to choose one) for the
# per-sample answer. Builds target/xent-*.jar with the Maven wrapper if it is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
PORT="${PORT:-18090}"
XMX="${XMX:-256m}"
SPOOL_BUDGET="${SPOOL_BUDGET:-8GB}"

jar=$(ls target/xent-*.jar 2>/dev/null | grep -v -e '-plain' -e '-sources' | head -1 || true)
if [[ -z "$jar" ]]; then
	./mvnw -q -DskipTests package
	jar=$(ls target/xent-*.jar | grep -v -e '-plain' -e '-sources' | head -1)
fi

work=$(mktemp -d)
spool="${SPOOL_DIR:-$work/spool}"
mkdir -p "$spool"
log="$work/service.log"
pid=""
cleanup() {
	if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

java -Xmx"$XMX" \
	--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED \
	-Dxent.spool.budget="$SPOOL_BUDGET" -Dxent.spool.dir="$spool" \
	-jar "$jar" --server.port="$PORT" --server.address=127.0.0.1 >"$log" 2>&1 &
pid=$!
echo "service: $jar, pid $pid, -Xmx$XMX, spool budget $SPOOL_BUDGET in $spool, http://127.0.0.1:$PORT"

for _ in $(seq 120); do
	if curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; then break; fi
	if ! kill -0 "$pid" 2>/dev/null; then echo "the service did not start:"; cat "$log"; exit 1; fi
	sleep 1
done

status=0
python3 examples/python/stream_100m.py --url "http://127.0.0.1:$PORT" --pid "$pid" "$@" || status=$?

if command -v jcmd >/dev/null 2>&1; then
	echo
	echo "jcmd $pid GC.heap_info (after the runs):"
	jcmd "$pid" GC.heap_info | sed 's/^/  /' || true
fi
if grep -q -e OutOfMemoryError -e ' ERROR ' "$log"; then
	echo "the service logged errors:"
	grep -e OutOfMemoryError -e ' ERROR ' "$log" | head -20
	status=1
fi
exit "$status"
