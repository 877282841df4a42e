#!/bin/bash
# Entrypoint of the restore image (scripts/checkpoint-image.sh): brings back the warm JVM saved in
# /app/checkpoint by the image's training run (checkpoint.sh) with CRIU, instead of starting one.
# The restored service answers at once, already past its start-up and warm-up.
#
# Needs CAP_CHECKPOINT_RESTORE (podman/docker run --cap-add CHECKPOINT_RESTORE; Kubernetes:
# deploy/k8s-restore). Whenever a restore is not possible or not safe, it says why on stderr and
# starts the service the ordinary way instead (the image's own entrypoint), so the image always
# runs:
#   - no checkpoint in the image;
#   - this host's monotonic clock behind the one the checkpoint was saved at (the JVM's clock,
#     System.nanoTime, would run backwards, and timers set before the save would wait that long);
#   - a memory limit below the training container's (the JVM sized its heap for that one);
#   - CRIU refuses: no CAP_CHECKPOINT_RESTORE, a CPU without a feature the training CPU had
#     (--cpu-cap=cpu: the JIT's code may use it), a kernel it cannot restore on, ...
#
# The restored JVM is not this script's child: CRIU hands it to PID 1 (this script), which forwards
# SIGTERM and SIGINT to it and waits for it to exit.
set -uo pipefail

# The image's paths; the variables exist for RestoreEntrypointTests, which runs this script with a
# stand-in CRIU and java.
CHECKPOINT="${XENT_CHECKPOINT_DIR:-/app/checkpoint}"
CRIU="${XENT_CRIU:-/opt/criu/bin/criu}"
TMP="${XENT_RESTORE_TMP:-/tmp}"
CGROUP="${XENT_CGROUP:-/sys/fs/cgroup}"
RESTORE_TIMEOUT="${XENT_RESTORE_TIMEOUT:-15}"

start() {
  echo "xent-restore: $1; starting the service instead" >&2
  if [[ "$(id -u)" == 0 ]]; then
    # Never run the service as root, whatever user restores.
    exec setpriv --reuid=10001 --regid=10001 --clear-groups --inh-caps=-all java -XX:AOTCache=app.aot -jar app.jar
  fi
  exec java -XX:AOTCache=app.aot -jar app.jar
}

[[ -s "$CHECKPOINT/process" && -s "$CHECKPOINT/inventory.img" ]] || start "no checkpoint in $CHECKPOINT"
saved_stdout="$(sed -n 's/^stdout=//p' "$CHECKPOINT/process")"
saved_stderr="$(sed -n 's/^stderr=//p' "$CHECKPOINT/process")"
saved_uptime="$(sed -n 's/^uptime=//p' "$CHECKPOINT/process")"
uptime="$(cut -d' ' -f1 /proc/uptime)"
if awk -v now="$uptime" -v saved="$saved_uptime" 'BEGIN { exit !(now < saved) }'; then
  start "this host's clock (up ${uptime} s) is behind the checkpoint's (${saved_uptime} s)"
fi
# The saved JVM's heap was sized for the training container's memory: in less, it could be
# killed for using what it believes it has.
saved_memory="$(sed -n 's/^memory=//p' "$CHECKPOINT/process")"
memory="$(cat "$CGROUP/memory.max" 2> /dev/null || cat "$CGROUP/memory/memory.limit_in_bytes" 2> /dev/null || echo unknown)"
if [[ "$memory" =~ ^[0-9]+$ ]] && { [[ ! "$saved_memory" =~ ^[0-9]+$ ]] || (( memory < saved_memory )); }; then
  start "this container's memory limit (${memory} bytes) is below the checkpoint's (${saved_memory:-unknown})"
fi

# The JVM's stdout and stderr become this container's (--inherit-fd); its TCP connections from the
# training run come back closed; unprivileged mode: CAP_CHECKPOINT_RESTORE is all it takes.
log="$TMP/xent-restore.log"
pidfile="$TMP/xent.pid"
# A restarted container keeps its /tmp: no pid of an earlier run may be taken for this one's.
rm -f "$pidfile"
if ! timeout "$RESTORE_TIMEOUT" "$CRIU" restore --unprivileged \
    -D "$CHECKPOINT" -W "$TMP" -o "$log" -v1 --cpu-cap=cpu --tcp-close --restore-detached \
    --pidfile "$pidfile" --inherit-fd "fd[1]:${saved_stdout}" --inherit-fd "fd[2]:${saved_stderr}"; then
  grep -E "Error|error" "$log" 2> /dev/null | head -n 5 | sed 's/^/xent-restore: criu: /' >&2
  # A restore that timed out can leave its half-made process behind, holding the port.
  [[ -s "$pidfile" ]] && kill -KILL "$(cat "$pidfile")" 2> /dev/null
  start "CRIU could not restore the checkpoint"
fi
pid="$(cat "$pidfile")"
echo "xent-restore: restored the warm service from $CHECKPOINT (pid $pid)" >&2

# Running, not a zombie (which this script reaps as PID 1; elsewhere it may linger).
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2> /dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}

stopping=0
trap 'stopping=1; kill -TERM "$pid" 2> /dev/null' TERM INT
while alive "$pid"; do
  sleep 0.2 &
  wait $! 2> /dev/null
done
# Not this shell's child: its exit status is not known here. 0 after a stop that was asked for.
(( stopping )) && exit 0
echo "xent-restore: the service exited" >&2
exit 1
