#!/usr/bin/env bash
# HTTP benchmark of the running service (issue #5), on the loopback interface only:
#
#   1. builds the Boot jar if target/ has none (./mvnw -q package -DskipTests);
#   2. starts it on 127.0.0.1:$XENT_BENCH_PORT (default 18181) and waits for readiness;
#   3. generates the request bodies (fixed seed, awk): 1,000,000 binary probabilities + labels
#      (about 13 MB) with and without losses/gradients, 100,000 × 10 categorical logits with labels
#      (about 11 MB), and a 32-sample binary request;
#   4. times single large requests with curl (best and median of $XENT_BENCH_REPEATS, MB/s of
#      request body) and, when python3 has pyarrow and numpy, one 160 MB Arrow body posted
#      2 x $XENT_BENCH_REPEATS times (scripts/http-arrow-upload.py: median and best MB/s), then
#      drives the service with wrk: small requests (req/s, latency) and large ones (req/s, MB/s);
#   5. stops the service (trap), prints a summary table.
#
# Usage: scripts/http-bench.sh
# Env:   XENT_BENCH_PORT      port on 127.0.0.1 (default 18181)
#        XENT_BENCH_DURATION  seconds of each wrk run (default 10)
#        XENT_BENCH_REPEATS   timed curl requests per large body, after 2 warm-up ones (default 5)
#        XENT_BENCH_JAVA_OPTS JVM options of the service (default -Xms1g -Xmx1g)
#        XENT_BENCH_TIMEOUT   overall limit in seconds (default 600)
# Installs wrk with apt-get if it is missing. Every request goes to 127.0.0.1, every loop is
# bounded in count and time, and the whole script is bounded by XENT_BENCH_TIMEOUT.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${XENT_BENCH_PORT:-18181}"
DURATION="${XENT_BENCH_DURATION:-10}"
REPEATS="${XENT_BENCH_REPEATS:-5}"
JAVA_OPTS="${XENT_BENCH_JAVA_OPTS:--Xms1g -Xmx1g}"
TIMEOUT="${XENT_BENCH_TIMEOUT:-600}"
BASE="http://127.0.0.1:${PORT}"
WORK="$(mktemp -d /tmp/xent-http-bench.XXXXXX)"
SERVICE_PID=""

# The whole run is bounded: re-exec under timeout once.
if [[ -z "${XENT_BENCH_BOUNDED:-}" ]]; then
	export XENT_BENCH_BOUNDED=1
	rmdir "$WORK"
	exec timeout --kill-after=10 "$TIMEOUT" "$0" "$@"
fi

cleanup() {
	if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
		kill "$SERVICE_PID" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 "$SERVICE_PID" 2>/dev/null || break
			sleep 0.2
		done
		kill -9 "$SERVICE_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }

# --- 1. the jar ---------------------------------------------------------------------------
jar_of() { ls "$ROOT"/target/xent-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -1 || true; }
JAR="$(jar_of)"
if [[ -z "$JAR" ]] || ! unzip -l "$JAR" 2>/dev/null | grep -q 'BOOT-INF/'; then
	log "building the jar (./mvnw -q package -DskipTests) ..."
	(cd "$ROOT" && ./mvnw -q package -DskipTests)
	JAR="$(jar_of)"
fi
log "jar: $JAR"

# --- 2. wrk ----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
	log "installing wrk ..."
	apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi

# --- 3. the bodies ---------------------------------------------------------------------------
log "generating request bodies in $WORK ..."
# Probabilities printed with 8 significant digits, as a float32 model emits them; labels drawn
# with that probability.
binary_body() { # samples, extra fields
	awk -v n="$1" -v extra="$2" 'BEGIN {
		srand(42);
		for (i = 0; i < n; i++) { p[i] = rand(); }
		printf "{\"predictions\":[";
		for (i = 0; i < n; i++) { printf (i ? ",%.8g" : "%.8g"), p[i]; }
		printf "],\"labels\":[";
		for (i = 0; i < n; i++) { printf (i ? ",%d" : "%d"), (rand() < p[i]) ? 1 : 0; }
		printf "]%s}", extra;
	}'
}
categorical_body() { # samples, classes
	awk -v n="$1" -v c="$2" 'BEGIN {
		srand(7);
		printf "{\"inputType\":\"logits\",\"predictions\":[";
		for (i = 0; i < n; i++) {
			printf (i ? ",[" : "[");
			for (j = 0; j < c; j++) {
				z = 3 * sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand());
				printf (j ? ",%.8g" : "%.8g"), z;
			}
			printf "]";
		}
		printf "],\"labels\":[";
		for (i = 0; i < n; i++) { printf (i ? ",%d" : "%d"), int(rand() * c); }
		printf "]}";
	}'
}
binary_body 1000000 ',"includeLosses":false,"includeGradients":false' >"$WORK/binary-1M-aggregates.json"
binary_body 1000000 '' >"$WORK/binary-1M-full.json"
categorical_body 100000 10 >"$WORK/categorical-100kx10-full.json"
binary_body 32 '' >"$WORK/binary-32.json"
declare -A ENDPOINT=(
	[binary-1M-aggregates]=binary [binary-1M-full]=binary [categorical-100kx10-full]=categorical
	[binary-32]=binary
)

# --- 4. the service --------------------------------------------------------------------------
log "starting the service on 127.0.0.1:$PORT ..."
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 120); do
	if curl -fsS -m 2 "$BASE/actuator/health/readiness" >/dev/null 2>&1; then
		break
	fi
	kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log" >&2; log "the service did not start"; exit 1; }
	sleep 0.5
done
curl -fsS -m 2 "$BASE/actuator/health/readiness" >/dev/null || { log "the service is not ready after 60 s"; exit 1; }

post() { # name -> "seconds upload_bytes download_bytes status"
	curl -sS -m 60 -o /dev/null -H 'Content-Type: application/json' --data-binary "@$WORK/$1.json" \
		-w '%{time_total} %{size_upload} %{size_download} %{http_code}\n' "$BASE/v1/cross-entropy/${ENDPOINT[$1]}"
}

# --- 5. single large requests, timed with curl -------------------------------------------------
declare -a SUMMARY
SUMMARY+=("| what | request body | response | best | median | MB/s (body, best) |")
SUMMARY+=("| --- | ---: | ---: | ---: | ---: | ---: |")
for name in binary-1M-aggregates binary-1M-full categorical-100kx10-full; do
	log "curl: $name ..."
	post "$name" >/dev/null
	post "$name" >/dev/null
	: >"$WORK/times"
	for _ in $(seq 1 "$REPEATS"); do
		read -r seconds up down status < <(post "$name")
		[[ "$status" == 200 ]] || { log "$name: HTTP $status"; exit 1; }
		echo "$seconds $up $down" >>"$WORK/times"
	done
	SUMMARY+=("$(sort -n "$WORK/times" | awk -v name="$name" '
		{ t[NR] = $1; up = $2; down = $3 }
		END {
			median = t[int((NR + 1) / 2)];
			printf "| curl, one %s request | %.1f MB | %.1f MB | %.0f ms | %.0f ms | %.0f |",
				name, up / 1e6, down / 1e6, t[1] * 1000, median * 1000, up / 1e6 / t[1];
		}')")
done

# --- 5b. one large Arrow body: MB/s of request body (issue 12's target, >= 500 MB/s) ---------------
# A 160 MB Arrow IPC stream (10M rows, two float64 columns), made once and posted from one
# keep-alive connection with a single sendall per request (scripts/http-arrow-upload.py).
# Needs pyarrow and numpy; skipped without them.
ARROW_LINE=""
if python3 -c 'import pyarrow, numpy' >/dev/null 2>&1; then
	log "Arrow upload: 10M rows, 160 MB ..."
	ARROW_LINE="$(python3 "$ROOT/scripts/http-arrow-upload.py" --url "$BASE" -k "$((REPEATS * 2))" | tail -1)"
else
	log "Arrow upload skipped: python3 with pyarrow and numpy is needed (pip install pyarrow numpy)"
fi

# --- 6. wrk: small and large requests --------------------------------------------------------
cat >"$WORK/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("XENT_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA
run_wrk() { # name threads connections -> wrk's output
	XENT_BODY="$WORK/$1.json" timeout --kill-after=5 $((DURATION + 30)) \
		wrk -t "$2" -c "$3" -d "${DURATION}s" --timeout 30s --latency -s "$WORK/post.lua" \
		"$BASE/v1/cross-entropy/${ENDPOINT[$1]}"
}
SUMMARY2=("| wrk, ${DURATION} s | connections | requests/s | MB/s (request bodies) | p50 latency | p99 latency | non-2xx |")
SUMMARY2+=("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for spec in "binary-32 2 16" "binary-1M-aggregates 1 2" "categorical-100kx10-full 1 2"; do
	read -r name threads connections <<<"$spec"
	log "wrk: $name, $connections connections ..."
	run_wrk "$name" "$threads" 2 >/dev/null 2>&1 || true # warm-up at low concurrency
	run_wrk "$name" "$threads" "$connections" >"$WORK/wrk.out" 2>&1 || true
	size=$(stat -c %s "$WORK/$name.json")
	SUMMARY2+=("$(awk -v name="$name" -v c="$connections" -v size="$size" '
		/Requests\/sec/ { rps = $2 }
		/ 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
		/Non-2xx/ { bad = $NF }
		END { printf "| %s | %d | %.1f | %.1f | %s | %s | %d |", name, c, rps, rps * size / 1e6, p50, p99, bad }' \
		"$WORK/wrk.out")")
done

printf '\n'
printf '%s\n' "${SUMMARY[@]}"
if [[ -n "$ARROW_LINE" ]]; then
	printf '\nArrow upload, %s\n' "$ARROW_LINE"
fi
printf '\n'
printf '%s\n' "${SUMMARY2[@]}"
