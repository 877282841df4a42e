#!/usr/bin/env bash
# Time from start to the first answered scoring request, as an autoscaler sees a new replica.
#
#   scripts/first-answer.sh --image [IMAGE]   a container of the image (default localhost/xent:local,
#                                             built by scripts/stack-check.sh or `podman build`):
#                                             from `podman run` to the first 200
#   scripts/first-answer.sh --restore [IMAGE] a container of the restore image (default localhost/xent:restore,
#                                             built by scripts/checkpoint-image.sh), run with
#                                             --cap-add CHECKPOINT_RESTORE: from `podman run` to the first 200
#   scripts/first-answer.sh --jar             the Boot jar laid out and started as the image does
#                                             (extracted layers, Spring AOT, an AOT cache trained on
#                                             the warm-up requests; needs a JDK 25, XENT_JAVA25):
#                                             from `java` to the first 200
#   -n RUNS (default 5), -c CPUS (default 2, the container's CPU limit)
#
# Each run polls POST /v1/cross-entropy/binary every 5 ms from the moment of the start command
# and prints the milliseconds to the first 200; then the median. Two clocks, both to the same first
# 200 (both printed, neither replaces the other):
#   start command -> first answer   `podman run` (or `java`) issued -> first 200: what an
#                                   orchestrator sees, including the container runtime's own time;
#   process start -> first answer   the container's process started (podman's State.StartedAt, the
#                                   moment runc started the JVM) -> first 200: the JVM and the
#                                   service alone. In --jar mode both are the same moment.
# It also prints the replica's readiness time (the warm-up gate, /actuator/health/readiness UP) and
# the load average, which on a shared 2-core machine moves these figures by seconds. Only 127.0.0.1
# is used.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=""
IMAGE="localhost/xent:local"
CAPS=()
RUNS=5
CPUS=2
JAVA25="${XENT_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
PORT="${XENT_FIRST_ANSWER_PORT:-18480}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --image) MODE=image; if [[ "${2:-}" != "" && "${2:0:1}" != "-" ]]; then IMAGE="$2"; shift; fi ;;
    --restore) MODE=image; IMAGE="localhost/xent:restore"; CAPS=(--cap-add CHECKPOINT_RESTORE)
      if [[ "${2:-}" != "" && "${2:0:1}" != "-" ]]; then IMAGE="$2"; shift; fi ;;
    --jar) MODE=jar ;;
    -n) RUNS="$2"; shift ;;
    -c) CPUS="$2"; shift ;;
    *) echo "usage: $0 --image [IMAGE] | --restore [IMAGE] | --jar  [-n RUNS] [-c CPUS]" >&2; exit 2 ;;
  esac
  shift
done
[[ -n "$MODE" ]] || { echo "usage: $0 --image [IMAGE] | --restore [IMAGE] | --jar  [-n RUNS] [-c CPUS]" >&2; exit 2; }

BODY='{"predictions":[0.9,0.2,0.6],"labels":[1,0,1]}'
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
answered() {
  [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' -H 'Content-Type: application/json' --data "$BODY" \
    "http://127.0.0.1:${PORT}/v1/cross-entropy/binary" 2>/dev/null)" == 200 ]]
}
ready() {
  [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:${PORT}/actuator/health/readiness" \
    2>/dev/null)" == 200 ]]
}

STOP=()
cleanup() { [[ ${#STOP[@]} -gt 0 ]] && "${STOP[@]}" > /dev/null 2>&1 || true; }
trap cleanup EXIT

if [[ "$MODE" == jar ]]; then
  # The image's layout and training, outside a container.
  JAR="$(ls "$ROOT"/target/xent-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)"
  [[ -n "$JAR" ]] || { echo "no target/xent-*.jar: run ./mvnw -q package -DskipTests first" >&2; exit 2; }
  WORK="$ROOT/target/first-answer"
  rm -rf "$WORK" && mkdir -p "$WORK/app"
  "$JAVA25" -Djarmode=tools -jar "$JAR" extract --layers --destination "$WORK/extracted" > /dev/null
  for layer in dependencies spring-boot-loader snapshot-dependencies application; do
    cp -r "$WORK/extracted/$layer/." "$WORK/app/"
  done
  APPJAR="$(basename "$JAR")"
  export JDK_JAVA_OPTIONS="--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  FLAGS=(-XX:MaxRAMPercentage=50 -XX:-UsePerfData -XX:ActiveProcessorCount="$CPUS" -Dspring.aot.enabled=true)
  echo "training the AOT cache (the warm-up requests)..." >&2
  (cd "$WORK/app" && "$JAVA25" "${FLAGS[@]}" -XX:AOTCacheOutput=app.aot -Dxent.warm-up.exit=true \
    -Dserver.port=0 -Dserver.address=127.0.0.1 -jar "$APPJAR" > "$WORK/training.log" 2>&1)
  grep -q "Warmed up" "$WORK/training.log" || { cat "$WORK/training.log" >&2; exit 1; }
fi

TIMES=()
PROCESS_TIMES=()
for run in $(seq 1 "$RUNS"); do
  if [[ "$MODE" == image ]]; then
    NAME="xent-first-answer-$$"
    t0=$(now_ms)
    podman --runtime runc --cgroup-manager=cgroupfs run -d --rm --name "$NAME" \
      --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --cpus "$CPUS" --memory 1g ${CAPS[@]+"${CAPS[@]}"} \
      -p "127.0.0.1:${PORT}:8080" "$IMAGE" > /dev/null
    STOP=(podman --runtime runc --cgroup-manager=cgroupfs rm -f -t 2 "$NAME")
  else
    t0=$(now_ms)
    (cd "$ROOT/target/first-answer/app" && exec "$JAVA25" "${FLAGS[@]}" -XX:AOTCache=app.aot -jar "$APPJAR" \
      --server.port="$PORT" --server.address=127.0.0.1 > "$ROOT/target/first-answer/run-$run.log" 2>&1) &
    PID=$!
    STOP=(kill "$PID")
  fi
  until answered; do
    if (( $(now_ms) - t0 > 120000 )); then echo "no answer within 120 s" >&2; exit 1; fi
    sleep 0.005
  done
  t1=$(now_ms)
  if [[ "$MODE" == image ]]; then
    # When runc started the container's process (the JVM: the image's entrypoint), host clock.
    started=$(podman --runtime runc --cgroup-manager=cgroupfs inspect --format '{{.State.StartedAt}}' "$NAME" 2>/dev/null || true)
    tp=$(date -d "${started% UTC}" +%s%3N 2>/dev/null || echo "$t0")
  else
    tp=$t0
  fi
  until ready; do
    if (( $(now_ms) - t0 > 120000 )); then echo "not ready within 120 s" >&2; exit 1; fi
    sleep 0.005
  done
  t2=$(now_ms)
  printf 'run %d: first answer %d ms after the start command, %d ms after the process started; ready (warmed up) %d ms; load %s\n' \
    "$run" $((t1 - t0)) $((t1 - tp)) $((t2 - t0)) "$(cut -d' ' -f1 /proc/loadavg)"
  TIMES+=($((t1 - t0)))
  PROCESS_TIMES+=($((t1 - tp)))
  "${STOP[@]}" > /dev/null 2>&1 || true
  [[ "$MODE" == jar ]] && wait "$PID" 2> /dev/null || true
  STOP=()
  sleep 1
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
echo "median first answer: $(median "${TIMES[@]}") ms after the start command, $(median "${PROCESS_TIMES[@]}") ms after the process started, over ${RUNS} runs (${MODE}, ${CPUS} CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg))"
