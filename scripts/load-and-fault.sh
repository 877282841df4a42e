#!/usr/bin/env bash
# Load and fault test of the service as shipped (the Boot jar, -Xmx256m), on 127.0.0.1 only:
#
#   1. a chunked body of more than 1 GB (a never-ending array of numbers): it must be answered
#      413 at the body limit, and the service must keep serving, its heap not exhausted;
#   2. saturation with wrk (2 threads, 64 connections, XENT_LOAD_DURATION seconds) on a mix of
#      valid small and large requests (100k-sample binary, 10k×10 categorical) and invalid ones
#      (malformed → 400, invalid values → 422, too many classes → 413), while a second client
#      keeps XENT_LOAD_INFLIGHT large requests in flight, each on a connection of its own;
#   3. SIGTERM in the middle of the run: every request in flight at that moment must complete
#      with a 200 (graceful shutdown), and new connections must be refused, not reset mid-response.
#
# Prints requests, statuses by code, 5xx, p50/p99 latency, requests in flight at SIGTERM and how
# many were lost, and the chunked-body result. Exits non-zero on any 5xx (other than the 503s
# Tomcat answers on already-open connections once shutdown has begun), any lost request, any
# response broken after SIGTERM, or a failed chunked-body check.
#
# Usage: scripts/load-and-fault.sh          (installs wrk with apt-get if it is missing; builds
#                                            the jar with ./mvnw if it is missing or stale)
# Env:   XENT_LOAD_PORT            loopback port (default 18080)
#        XENT_LOAD_DURATION        seconds of wrk (default 36)
#        XENT_LOAD_SIGTERM_AT      seconds into the run at which SIGTERM is sent (default 24)
#        XENT_LOAD_CONNECTIONS     wrk connections (default 64)
#        XENT_LOAD_INFLIGHT        large requests kept in flight by the second client (default 16)
#        XENT_LOAD_CHUNKED_BYTES   size of the chunked body offered (default 1100000000)
#        XENT_LOAD_JAVA_OPTS       JVM options (default -Xmx256m)
#        XENT_LOAD_KEEP=1          keep the work folder (payloads, server log, raw results)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${XENT_LOAD_PORT:-18080}"
DURATION="${XENT_LOAD_DURATION:-36}"
SIGTERM_AT="${XENT_LOAD_SIGTERM_AT:-24}"
CONNECTIONS="${XENT_LOAD_CONNECTIONS:-64}"
INFLIGHT="${XENT_LOAD_INFLIGHT:-16}"
CHUNKED_BYTES="${XENT_LOAD_CHUNKED_BYTES:-1100000000}"
JAVA_OPTS="${XENT_LOAD_JAVA_OPTS:--Xmx256m}"
BASE="http://127.0.0.1:${PORT}"
CLIENTS="scripts/load/clients.py"

log() { printf '[load-and-fault] %s\n' "$*" >&2; }

install_if_missing() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2"
  apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
}
install_if_missing wrk wrk
install_if_missing python3 python3
install_if_missing curl curl

JAR="$(ls target/xent-*.jar 2>/dev/null | grep -v -- '-plain\|original' | head -n 1 || true)"
if [[ -z "$JAR" || -n "$(find src/main kernels/src/main pom.xml service.pom.xml kernels/pom.xml -newer "$JAR" -type f 2>/dev/null | head -n 1)" ]]; then
  log "building the jar (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
  JAR="$(ls target/xent-*.jar | grep -v -- '-plain\|original' | head -n 1)"
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  local pids
  pids="$(jobs -p)"
  [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
  [[ -n "$pids" ]] && kill $pids 2>/dev/null
  if [[ -n "${XENT_LOAD_KEEP:-}" ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if curl -s -m 2 -o /dev/null "$BASE/" 2>/dev/null; then
  log "port $PORT is in use; set XENT_LOAD_PORT"; exit 2
fi

python3 "$CLIENTS" payloads "$WORK"

log "starting $JAR with $JAVA_OPTS on 127.0.0.1:$PORT"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 180); do
  curl -sf -m 2 "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { log "the service did not start:"; tail -n 30 "$WORK/server.log" >&2; exit 1; }
  sleep 1
done
curl -sf -m 2 "$BASE/actuator/health/readiness" >/dev/null || { log "the service is not ready after 180 s"; exit 1; }

score_small() { # prints the status of one small valid request
  curl -s -m 10 -o /dev/null -w '%{http_code}' "$BASE/v1/cross-entropy/binary" \
    -H 'Content-Type: application/json' -d '{"predictions":[0.9,0.2],"labels":[1,0]}' || true
}
heap_used_mb() {
  curl -s -m 10 "$BASE/actuator/prometheus" |
    awk '/^jvm_memory_used_bytes\{.*area="heap"/ { sum += $NF } END { printf "%.0f", sum / 1048576 }'
}
peak_rss_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?"; }

# 1. A chunked body of more than 1 GB.
log "offering a chunked body of $CHUNKED_BYTES bytes"
python3 "$CLIENTS" chunked "$PORT" "$CHUNKED_BYTES" >"$WORK/chunked.json"
CHUNKED_ALIVE=no
kill -0 "$SERVER_PID" 2>/dev/null && CHUNKED_ALIVE=yes
CHUNKED_NEXT="$(score_small)"
CHUNKED_HEAP="$(heap_used_mb)"
CHUNKED_RSS="$(peak_rss_mb)"

# 2 and 3. Saturation, with SIGTERM in the middle.
log "wrk: 2 threads, $CONNECTIONS connections, ${DURATION} s; $INFLIGHT large requests in flight; SIGTERM at ${SIGTERM_AT} s"
XENT_LOAD_DIR="$WORK" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
  -s scripts/load/mix.lua "$BASE" >"$WORK/wrk.txt" 2>&1 &
WRK_PID=$!
python3 "$CLIENTS" inflight "$PORT" "$WORK" "$INFLIGHT" "$((DURATION + 10))" >"$WORK/inflight.json" 2>"$WORK/inflight.err" &
INFLIGHT_PID=$!
sleep "$SIGTERM_AT"
LOAD_RSS="$(peak_rss_mb)"
python3 -c 'import time; print(repr(time.time()))' >"$WORK/sigterm.tmp" && mv "$WORK/sigterm.tmp" "$WORK/sigterm"
SIGTERM_NS="$(date +%s%N)"
kill -TERM "$SERVER_PID"
log "SIGTERM sent; waiting for the service to exit"
set +e
wait "$SERVER_PID"
SERVER_EXIT=$?
set -e
SHUTDOWN_S="$(awk -v a="$SIGTERM_NS" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
SERVER_PID=""
wait "$WRK_PID" || true
wait "$INFLIGHT_PID" || true

python3 - "$WORK" "$SERVER_EXIT" "$SHUTDOWN_S" "$CHUNKED_ALIVE" "$CHUNKED_NEXT" "$CHUNKED_HEAP" "$CHUNKED_RSS" \
  "$LOAD_RSS" "$JAVA_OPTS" "$CONNECTIONS" "$INFLIGHT" <<'EOF'
import json, re, sys
work, server_exit, shutdown_s, alive, next_status, heap, rss, load_rss, java_opts, connections, n = sys.argv[1:]
failures = []
wrk_text = open(work + "/wrk.txt").read()
m = re.search(r"WRK_RESULT (\{.*\})", wrk_text)
if not m:
    print(wrk_text)
    sys.exit("wrk printed no result")
w = json.loads(m.group(1))
inflight = json.loads(open(work + "/inflight.json").read() or "{}")
chunked = json.loads(open(work + "/chunked.json").read())
statuses = {int(k): v for k, v in w["statuses"].items()}

print("== load: wrk, 2 threads, %s connections, plus %s large requests kept in flight; SIGTERM during the run"
      % (connections, n))
print("responses             %d in %.1f s" % (w["responses"], w["seconds"]))
print("statuses              " + ", ".join("%d: %d" % kv for kv in sorted(statuses.items())))
print("5xx                   %d (and %d × 503 on connections still open after SIGTERM: shutdown refusals)"
      % (w["fivexx"], w["shutdown_503"]))
print("latency               p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms"
      % (w["latency_ms"]["p50"], w["latency_ms"]["p90"], w["latency_ms"]["p99"], w["latency_ms"]["max"]))
e = w["socket_errors"]
print("socket errors         connect %d, read %d, write %d, timeout %d (after SIGTERM wrk keeps reconnecting to"
      " the closed port, and counts each refusal as a write or read error)"
      % (e["connect"], e["read"], e["write"], e["timeout"]))
print("== graceful shutdown")
print("in flight at SIGTERM  %s, completed with 200: %s, lost: %s"
      % (inflight.get("in_flight_at_sigterm"), inflight.get("in_flight_completed_200"), inflight.get("lost")))
print("after SIGTERM         %s connections refused, %s closed before any answer (queued in the listening"
      " socket as it closed), %s answered, %s broken mid-response"
      % (inflight.get("after_sigterm_refused"), inflight.get("after_sigterm_untaken"),
         inflight.get("after_sigterm_answered"), inflight.get("after_sigterm_broken")))
print("large requests        %s complete 200s before SIGTERM, %s failed"
      % (inflight.get("before_sigterm_ok"), inflight.get("before_sigterm_failed")))
print("service exit          status %s, %s s after SIGTERM; peak RSS under load %s MB (%s)"
      % (server_exit, shutdown_s, load_rss, java_opts))
print("== chunked body of %.2f GB" % (chunked["offered_bytes"] / 1e9))
print("answer                %s after %.0f MB sent (%.1f s), complete: %s"
      % (chunked["status"], chunked["sent_bytes_before_answer"] / 1e6, chunked["seconds"], chunked["complete"]))
print("then                  alive: %s, next request: %s, heap used %s MB, peak RSS %s MB"
      % (alive, next_status, heap, rss))

if w["fivexx"]:
    failures.append("%d responses were 5xx" % w["fivexx"])
for status in (200, 400, 413, 422):
    if not statuses.get(status):
        failures.append("no %d in the mix" % status)
if w["socket_errors"]["timeout"]:
    failures.append("%d requests timed out" % w["socket_errors"]["timeout"])
if not inflight.get("sigterm") or not inflight.get("in_flight_at_sigterm"):
    failures.append("no request was in flight at SIGTERM: nothing was measured")
if inflight.get("lost"):
    failures.append("%s requests in flight at SIGTERM were lost: %s" % (inflight["lost"], inflight.get("lost_examples")))
if inflight.get("after_sigterm_broken"):
    failures.append("%s responses broke mid-way after SIGTERM" % inflight["after_sigterm_broken"])
if inflight.get("before_sigterm_failed"):
    failures.append("%s large requests failed before SIGTERM" % inflight["before_sigterm_failed"])
if chunked["status"] != 413 or not chunked["complete"]:
    failures.append("the chunked body got %s (complete: %s), not a 413" % (chunked["status"], chunked["complete"]))
if alive != "yes" or next_status != "200":
    failures.append("after the chunked body the service is alive: %s, next request: %s" % (alive, next_status))
if failures:
    print("FAIL: " + "; ".join(failures))
    sys.exit(1)
print("PASS")
EOF
