#!/bin/bash
# The restore image's training run (scripts/checkpoint-image.sh runs it once, in a container of the
# image being made, as root, with CAP_CHECKPOINT_RESTORE, CAP_SYS_PTRACE, CAP_NET_ADMIN and no
# seccomp filter). It starts the service as the image does, waits until it is warm, and saves the
# JVM's process with CRIU into /app/checkpoint, which xent-restore (restore.sh) brings back at start.
#
# The JVM runs as the image's user, 10001, with no capabilities, an empty bounding set and
# no_new_privs: a restored process gets back exactly what it had, so it must hold nothing the
# restoring container does not have (a non-root user with CAP_CHECKPOINT_RESTORE alone can then
# restore it). CRIU itself dumps as 10001 too, in its unprivileged mode.
set -Eeuo pipefail

CHECKPOINT=/app/checkpoint
CRIU=/opt/criu/bin/criu
AS_XENT=(setpriv --reuid=10001 --regid=10001 --clear-groups)

# Restore recreates the JVM's threads with their own PIDs, so they must be free in the restoring
# container, where the entrypoint is PID 1 and CRIU and its helpers take the next few. Starting the
# JVM after a thousand short processes puts its threads above them.
for _ in $(seq 1 1000); do /bin/true; done

# In a session of its own (restore.sh's is not this one), stdout and stderr the container's.
setsid "${AS_XENT[@]}" --inh-caps=-all --bounding-set=-all --no-new-privs \
  java -XX:AOTCache=app.aot -jar app.jar &
pid=$!
# (CRIU's dump ends it: no job notice for that.)
disown "$pid"

# Ready means warm: the warm-up gate has answered every endpoint and body format.
for _ in $(seq 1 1200); do
  if /usr/local/bin/xent-healthcheck; then break; fi
  kill -0 "$pid" 2> /dev/null || { echo "xent-checkpoint: the service exited before it was ready" >&2; exit 1; }
  sleep 0.1
done
/usr/local/bin/xent-healthcheck || { echo "xent-checkpoint: not ready within 120 s" >&2; exit 1; }
# Let the threads that served the warm-up go idle.
sleep 2

# What restore.sh needs besides the images: which files the JVM's stdout and stderr were (restore
# hands it the restoring container's own), this host's clock when it was saved, and the
# container's memory limit.
{
  echo "stdout=$(readlink "/proc/$pid/fd/1")"
  echo "stderr=$(readlink "/proc/$pid/fd/2")"
  echo "uptime=$(cut -d' ' -f1 /proc/uptime)"
  # The memory limit the JVM sized its heap for (cgroup v2, else v1).
  echo "memory=$(cat /sys/fs/cgroup/memory.max 2> /dev/null \
    || cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2> /dev/null || echo unknown)"
} > "$CHECKPOINT/process"
chown -R 10001:10001 "$CHECKPOINT"

# The warm-up's keep-alive connections are saved (--tcp-established, which takes CAP_NET_ADMIN)
# and restored closed; nothing else shares the container's network, so it is not locked.
"${AS_XENT[@]}" --inh-caps=+checkpoint_restore,+sys_ptrace,+net_admin \
  --ambient-caps=+checkpoint_restore,+sys_ptrace,+net_admin \
  "$CRIU" dump --unprivileged -t "$pid" -D "$CHECKPOINT" --cpu-cap=cpu --tcp-established --network-lock skip \
  -o dump.log -v2 || { tail -n 20 "$CHECKPOINT/dump.log" >&2; exit 1; }
rm -f "$CHECKPOINT/dump.log"
echo "xent-checkpoint: saved the warm service (pid $pid) in $CHECKPOINT ($(du -sh "$CHECKPOINT" | cut -f1))" >&2
