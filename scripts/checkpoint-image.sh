#!/usr/bin/env bash
# Builds the restore image: the service image plus a checkpoint of its warm JVM, which a new
# container restores with CRIU instead of starting a JVM and Spring (docs/operations.md, "The
# restore image"). First answer about 0.5 s after `podman run`, against about 4 s.
#
#   scripts/checkpoint-image.sh [--base IMAGE] [--tag IMAGE] [-c CPUS] [-m MEMORY]
#
#   --base   the service image to start from (default localhost/xent:local: scripts/stack-check.sh
#            or `podman build -t xent:local .` makes it)
#   --tag    the restore image to make (default localhost/xent:restore)
#   -c, -m   the training container's limits (default 2 CPUs, 1g). The restored JVM keeps the heap
#            size, GC and compiler threads it chose for them: give the deployment's limits.
#
# Steps: CRIU (scripts/build-criu.sh, once, into target/criu); an image with CRIU and the two
# scripts (deploy/checkpoint/Containerfile); one training run of it that starts the service, waits
# for its warm-up and saves the JVM (scripts/container/checkpoint.sh, as root, with the capabilities
# CRIU needs to dump: CHECKPOINT_RESTORE, SYS_PTRACE, NET_ADMIN, and no seccomp filter); that
# container committed with scripts/container/restore.sh as its entrypoint and user 10001.
# Running the image needs only `--cap-add CHECKPOINT_RESTORE`; without it, it starts the ordinary
# way. The script ends by checking both (port 127.0.0.1:18485, XENT_CHECKPOINT_CHECK_PORT). Podman with the flags of the build machines (runc, cgroupfs, explicit ulimits).
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="localhost/xent:local"
TAG="localhost/xent:restore"
CPUS=2
MEMORY=1g
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) BASE="$2"; shift ;;
    --tag) TAG="$2"; shift ;;
    -c) CPUS="$2"; shift ;;
    -m) MEMORY="$2"; shift ;;
    *) echo "usage: $0 [--base IMAGE] [--tag IMAGE] [-c CPUS] [-m MEMORY]" >&2; exit 2 ;;
  esac
  shift
done

PODMAN=(podman --runtime runc --cgroup-manager=cgroupfs)
ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
LIMITS=("${ULIMITS[@]}" --cpus "$CPUS" --memory "$MEMORY")
"${PODMAN[@]}" image exists "$BASE" || { echo "no image $BASE: build the service image first" >&2; exit 2; }

"$ROOT/scripts/build-criu.sh" "$ROOT/target/criu"

CONTEXT="$ROOT/target/checkpoint-image"
rm -rf "$CONTEXT" && mkdir -p "$CONTEXT"
cp -r "$ROOT/target/criu" "$CONTEXT/criu"
cp "$ROOT/scripts/container/checkpoint.sh" "$ROOT/scripts/container/restore.sh" "$CONTEXT/"
# setcap, to give CRIU its file capabilities in the image (deploy/checkpoint/Containerfile).
SETCAP="$(command -v setcap || true)"
[[ -n "$SETCAP" ]] || { echo "setcap not found (Debian: apt-get install libcap2-bin)" >&2; exit 2; }
mkdir -p "$CONTEXT/tools"
cp "$SETCAP" "$CONTEXT/tools/setcap"
cp -L "$(ldd "$SETCAP" | awk '$1 ~ /^libcap\.so/ {print $3}')" "$CONTEXT/tools/"
STAGE="localhost/xent-checkpoint-stage:$$"
NAME="xent-checkpoint-$$"
cleanup() {
  "${PODMAN[@]}" rm -f "$NAME" > /dev/null 2>&1 || true
  "${PODMAN[@]}" rmi -f "$STAGE" > /dev/null 2>&1 || true
}
trap cleanup EXIT

echo "building the stage image (CRIU, scripts) on $BASE..." >&2
"${PODMAN[@]}" build --isolation chroot --pull=never --format docker -q "${ULIMITS[@]}" --build-arg BASE="$BASE" \
  -f "$ROOT/deploy/checkpoint/Containerfile" -t "$STAGE" "$CONTEXT" > /dev/null

echo "training run: start, warm up, save the JVM (${CPUS} CPUs, ${MEMORY})..." >&2
"${PODMAN[@]}" run --name "$NAME" --user 0 "${LIMITS[@]}" \
  --cap-add CHECKPOINT_RESTORE,SYS_PTRACE,NET_ADMIN --security-opt seccomp=unconfined \
  --entrypoint /usr/local/bin/xent-checkpoint "$STAGE" > "$CONTEXT/training.log" 2>&1 \
  || { tail -n 30 "$CONTEXT/training.log" >&2; exit 1; }
grep "xent-checkpoint:" "$CONTEXT/training.log" >&2

"${PODMAN[@]}" commit -q --format docker \
  --change 'USER 10001:10001' \
  --change 'ENTRYPOINT ["/usr/local/bin/xent-restore"]' \
  --change 'CMD []' \
  --change 'LABEL dev.xent.checkpoint="CRIU checkpoint of the warm service; run with --cap-add CHECKPOINT_RESTORE"' \
  "$NAME" "$TAG" > /dev/null
echo "made $TAG" >&2

# Check what was made: with the capability it restores, answers and stops gracefully; without it,
# it says why and starts the ordinary way.
PORT="${XENT_CHECKPOINT_CHECK_PORT:-18485}"
BODY='{"predictions":[0.9,0.2],"labels":[1,0]}'
answer() {
  curl -s -m 2 -H 'Content-Type: application/json' --data "$BODY" \
    "http://127.0.0.1:${PORT}/v1/cross-entropy/binary" 2> /dev/null || true
}
check() { # check NAME SECONDS [podman run flags...]: runs the image, waits for an answer
  local label="$1" seconds="$2"
  shift 2
  "${PODMAN[@]}" rm -f "$NAME" > /dev/null 2>&1 || true
  "${PODMAN[@]}" run -d --name "$NAME" "${LIMITS[@]}" -p "127.0.0.1:${PORT}:8080" "$@" "$TAG" > /dev/null
  local start=$SECONDS got=""
  until [[ "$got" == *'"count":2'* ]]; do
    (( SECONDS - start < seconds )) || { echo "FAIL $label: no answer within $seconds s" >&2; "${PODMAN[@]}" logs "$NAME" 2>&1 | tail -n 20 >&2; exit 1; }
    sleep 0.05
    got="$(answer)"
  done
}
check "restore" 10 --cap-add CHECKPOINT_RESTORE
"${PODMAN[@]}" logs "$NAME" 2>&1 | grep -q "xent-restore: restored the warm service" \
  || { echo "FAIL restore: the answer did not come from a restored process" >&2; exit 1; }
"${PODMAN[@]}" stop -t 20 "$NAME" > /dev/null
[[ "$("${PODMAN[@]}" inspect --format '{{.State.ExitCode}}' "$NAME")" == 0 ]] \
  || { echo "FAIL restore: podman stop did not end it with status 0" >&2; exit 1; }
echo "PASS restored with --cap-add CHECKPOINT_RESTORE, answered, stopped gracefully" >&2
check "fallback" 120
"${PODMAN[@]}" logs "$NAME" 2>&1 | grep -q "xent-restore: CRIU could not restore the checkpoint; starting the service instead" \
  || { echo "FAIL fallback: no reason given for starting the ordinary way" >&2; exit 1; }
echo "PASS without the capability: started the ordinary way, answered" >&2
"${PODMAN[@]}" rm -f "$NAME" > /dev/null 2>&1 || true

echo "made $TAG: run it with --cap-add CHECKPOINT_RESTORE (scripts/first-answer.sh --restore times it)"
