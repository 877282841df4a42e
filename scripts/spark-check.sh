#!/usr/bin/env bash
# Checks scripts/spark-score.sh against the service and numpy: starts the service's jar on a
# loopback port, runs examples/python/spark_check.py (Parquet files generated with pyarrow, scored
# by Spark, posted as Arrow to the service, computed with numpy), and stops the service.
#
#   scripts/spark-check.sh                  # 10^6 binary and 2.5·10^5 categorical rows
#   scripts/spark-check.sh --rows 10000000  # any spark_check.py option passes through
#   PORT=18097 scripts/spark-check.sh
#
# Needs: a JDK 17+, python3 with pyarrow, numpy and requests. Builds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-18096}"
jar=$(ls target/xent-*.jar 2>/dev/null | grep -v -e '-plain' -e '-sources' | head -1 || true)
if [[ -z "$jar" || ! -f spark/target/classpath.txt ]]; then
	./mvnw -q -DskipTests package
	jar=$(ls target/xent-*.jar | grep -v -e '-plain' -e '-sources' | head -1)
fi
work=$(mktemp -d)
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
java -Xmx1g --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED \
	-Dxent.spool.dir="$work/spool" -jar "$jar" --server.port="$PORT" --server.address=127.0.0.1 >"$log" 2>&1 &
pid=$!
for _ in $(seq 180); do
	if curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; then break; fi
	if ! kill -0 "$pid" 2>/dev/null; then echo "the service did not start:"; cat "$log"; exit 1; fi
	sleep 1
done
python3 examples/python/spark_check.py --url "http://127.0.0.1:$PORT" "$@"
