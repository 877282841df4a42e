#!/usr/bin/env bash
# End-to-end check of the Dockerfile, docker-compose.yml and deploy/nginx/nginx.conf, with
# podman on the build machines (no Docker engine, no registry; see shared/CONTAINERS.md):
#
#   1. installs podman, buildah, runc, debootstrap, podman-compose if missing;
#   2. makes local stand-ins for the base images under the exact names the Dockerfile and
#      docker-compose.yml use (Debian bookworm minbase + this machine's Temurin 25; nginx-light),
#      cached under $XENT_STACK_CACHE (default /var/tmp/xent-stack), so reruns are fast;
#   3. builds the image from source with `podman build` (the Dockerfile's own steps: Maven
#      wrapper, layer extraction, AOT cache training);
#   4. starts the compose stack (2 replicas + nginx gateway) with podman-compose;
#   5. checks through the gateway on 127.0.0.1:$XENT_GATEWAY_PORT (default 8080): probes,
#      a scoring call, Swagger UI/OpenAPI under the /xent prefix, the landing page and a curve
#      under the prefix (every relative link of the page resolving there), a picture of a
#      request, actuator lock-down, body limit, non-root user, graceful shutdown and fail-over;
#   6. tears everything down (trap), prints PASS/FAIL per check, exits non-zero on any FAIL.
#
# Usage: scripts/stack-check.sh        (as root; slow the first time: ~minutes)
# Env:   XENT_STACK_TIMEOUT  overall limit in seconds (default 1800)
#        XENT_STACK_CACHE    cache folder (default /var/tmp/xent-stack)
#        XENT_GATEWAY_PORT   host port of the gateway (default 8080)
#        XENT_STACK_KEEP=1   leave the stack running at the end (for poking at it)
#
# Network during the build: `podman build --isolation chroot` runs the RUN steps in the host's
# network namespace, so the Maven wrapper inside the build reaches Maven Central like the host
# does; nothing in the Dockerfile is bent for this machine. (Were that not so, the way to keep
# the Dockerfile honest would be `--network host` here, not a pre-seeded repository in the
# context.) The script itself only talks to 127.0.0.1.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${XENT_STACK_CACHE:-/var/tmp/xent-stack}"
TIMEOUT="${XENT_STACK_TIMEOUT:-1800}"
PORT="${XENT_GATEWAY_PORT:-8080}"
PROJECT="xentstack"
IMAGE="localhost/xent:local"
JDK_IMAGE="docker.io/library/eclipse-temurin:25-jdk-noble"
JRE_IMAGE="docker.io/library/eclipse-temurin:25-jre-noble"
NGINX_IMAGE="docker.io/library/nginx:1.28-bookworm"
TEMURIN_HOME="${XENT_TEMURIN_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Bump when the way the stand-ins are made changes: they are then made again.
STANDIN_REV="5"
BASE="http://127.0.0.1:${PORT}"

# ---- overall time limit: re-run this script under timeout(1) once -------------------------
if [[ -z "${XENT_STACK_UNDER_TIMEOUT:-}" ]]; then
  export XENT_STACK_UNDER_TIMEOUT=1
  exec timeout --signal=TERM --kill-after=120 "$TIMEOUT" bash "$0" "$@"
fi

if [[ "$(id -u)" != 0 ]]; then
  echo "stack-check: run as root (podman storage, debootstrap, chroot)" >&2
  exit 2
fi

START_TIME=$SECONDS
# The report goes to the original stdout/stderr even when a signal arrives while a command's
# output is redirected to a log (bash runs the trap inside that redirection).
exec {REPORT_OUT}>&1 {REPORT_ERR}>&2
mkdir -p "$CACHE"
LOGDIR="$CACHE/logs/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$LOGDIR"
ln -sfn "$LOGDIR" "$CACHE/logs/latest"
# Keep the logs of the last 10 runs.
find "$CACHE/logs" -mindepth 1 -maxdepth 1 -type d -name '2*' | sort -r | tail -n +11 \
  | xargs -r rm -rf

log() { printf '[stack-check %4ss] %s\n' "$((SECONDS - START_TIME))" "$*" >&2; }

PASSED=0
FAILED=0
FAILED_NAMES=()
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$1"; }
fail() {
  FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1")
  printf 'FAIL  %s%s\n' "$1" "${2:+ -- $2}"
}

# podman on this machine: crun refuses the hybrid cgroups, the default ulimits are refused.
PODMAN_GLOBAL=(--runtime runc --cgroup-manager=cgroupfs)
ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
pm() { podman "${PODMAN_GLOBAL[@]}" "$@"; }
COMPOSE=(podman-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml"
         "--podman-args=${PODMAN_GLOBAL[*]}" "--podman-run-args=${ULIMITS[*]}")
compose() { timeout 300 "${COMPOSE[@]}" "$@"; }

# ---- teardown ---------------------------------------------------------------------------
CHROOT_MOUNTS=()
BUILDING=0
BUILDERS_BEFORE=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  exec 1>&"$REPORT_OUT" 2>&"$REPORT_ERR"
  for m in "${CHROOT_MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
  if [[ "${XENT_STACK_KEEP:-0}" == 1 && "$FAILED" == 0 && "$rc" == 0 ]]; then
    log "XENT_STACK_KEEP=1: stack left running (tear down: podman-compose -p $PROJECT down)"
  elif command -v podman >/dev/null 2>&1; then
    log "tearing down"
    for c in $(pm ps -a -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null); do
      pm logs "$c" > "$LOGDIR/container-$(pm inspect --format '{{.Name}}' "$c").log" 2>&1
    done
    timeout 120 "${COMPOSE[@]}" down -t 45 > "$LOGDIR/compose-down.log" 2>&1
    local left
    left="$(pm ps -a -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null)"
    [[ -n "$left" ]] && pm rm -f -t 5 $left > /dev/null 2>&1
    pm network rm -f "${PROJECT}_default" > /dev/null 2>&1
    # An interrupted build leaves its working containers behind: remove those it made.
    if [[ "$BUILDING" == 1 ]]; then
      comm -13 <(printf '%s\n' "$BUILDERS_BEFORE") <(buildah containers -q 2>/dev/null | sort) \
        | xargs -r buildah rm > /dev/null 2>&1
    fi
    # Old untagged layers of this image's builds (podman counts the build cache's intermediate
    # layers as dangling too, so only those older than two days go: disk, not speed).
    pm image prune -f --filter "label=org.opencontainers.image.title=xent" --filter until=48h \
      > /dev/null 2>&1
  fi
  echo "logs: $LOGDIR"
  echo "stack-check: ${PASSED} passed, ${FAILED} failed ($((SECONDS - START_TIME)) s)"
  if [[ "$FAILED" != 0 ]]; then
    printf 'failed: %s\n' "${FAILED_NAMES[@]}"
    rc=1
  elif [[ "$rc" != 0 ]]; then
    echo "stack-check: aborted (exit $rc)"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exec 1>&"$REPORT_OUT" 2>&"$REPORT_ERR"; fail "finished within XENT_STACK_TIMEOUT=${TIMEOUT}s" "interrupted"; exit 124' INT TERM

die() {
  fail "$1" "${2:-}"
  exit 1
}

# ---- 1. tools ---------------------------------------------------------------------------
need=()
for tool in podman:podman buildah:buildah runc:runc debootstrap:debootstrap \
            podman-compose:podman-compose curl:curl python3:python3; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
if ((${#need[@]})); then
  log "installing ${need[*]}"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"; } \
    > "$LOGDIR/apt.log" 2>&1 || die "install ${need[*]}" "see $LOGDIR/apt.log"
fi

# ---- 2. stand-in base images ------------------------------------------------------------
debian_mirror() {
  # The first deb822 stanza for the bookworm suite (not -security) in the machine's sources.
  python3 - <<'PY'
import re, sys
try:
    text = open("/etc/apt/sources.list.d/debian.sources").read()
except OSError:
    text = ""
for stanza in re.split(r"\n\s*\n", text):
    fields = {}
    for line in stanza.splitlines():
        m = re.match(r"^([A-Za-z-]+):\s*(.*)$", line)
        if m:
            fields[m.group(1).lower()] = m.group(2).split()
    if "bookworm" in fields.get("suites", []) and fields.get("uris"):
        print(fields["uris"][0]); sys.exit(0)
try:
    for line in open("/etc/apt/sources.list"):
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "deb" and parts[2] == "bookworm":
            print(parts[1] if not parts[1].startswith("[") else parts[2]); sys.exit(0)
except OSError:
    pass
sys.exit(1)
PY
}

standin_ok() { # image name -> 0 if it exists and is our current stand-in (or a real image)
  pm image exists "$1" || return 1
  local rev
  rev="$(pm image inspect --format '{{index .Labels "dev.xent.stand-in"}}' "$1" 2>/dev/null)"
  [[ -z "$rev" || "$rev" == "<no value>" || "$rev" == "$STANDIN_REV" ]]
}

bind_chroot() { # rootfs: mount /proc, /dev for apt inside it
  mount -t proc proc "$1/proc" && CHROOT_MOUNTS+=("$1/proc")
  mount --bind /dev "$1/dev" && CHROOT_MOUNTS+=("$1/dev")
}
unbind_chroot() {
  umount -l "$1/dev" 2>/dev/null || true
  umount -l "$1/proc" 2>/dev/null || true
  CHROOT_MOUNTS=()
}

make_base_rootfs() {
  local rootfs="$CACHE/rootfs-bookworm"
  [[ -f "$rootfs/.complete" ]] && return 0
  local mirror
  mirror="$(debian_mirror)" || die "stand-in: apt mirror" "none in /etc/apt/sources.list.d/debian.sources"
  log "debootstrap --variant=minbase bookworm (mirror from the apt sources)"
  rm -rf "$rootfs" "$rootfs.tmp"
  debootstrap --variant=minbase bookworm "$rootfs.tmp" "$mirror" \
    > "$LOGDIR/debootstrap.log" 2>&1 || die "stand-in: debootstrap" "see $LOGDIR/debootstrap.log"
  rm -rf "$rootfs.tmp/var/cache/apt/archives/"*.deb "$rootfs.tmp/var/lib/apt/lists/"*
  touch "$rootfs.tmp/.complete"
  mv "$rootfs.tmp" "$rootfs"
}

import_tar() { # tar image [--change ...]
  local tarball="$1" name="$2"; shift 2
  pm rmi -f "$name" > /dev/null 2>&1 || true
  pm import --change "LABEL dev.xent.stand-in=$STANDIN_REV" "$@" "$tarball" "$name" \
    > "$LOGDIR/import.log" 2>&1 || die "stand-in: import $name" "see $LOGDIR/import.log"
}

make_temurin_standins() {
  standin_ok "$JDK_IMAGE" && standin_ok "$JRE_IMAGE" && return 0
  [[ -x "$TEMURIN_HOME/bin/java" ]] || die "stand-in: Temurin 25" "no JDK at $TEMURIN_HOME"
  make_base_rootfs
  local env_changes=(--change "ENV JAVA_HOME=/opt/java/openjdk"
                     --change "ENV PATH=/opt/java/openjdk/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                     --change "ENV LANG=C.UTF-8"
                     --change 'CMD ["jshell"]')
  local kind
  for kind in jdk jre; do
    local tarball="$CACHE/temurin-25-$kind-r$STANDIN_REV.tar"
    if [[ ! -s "$tarball" ]]; then
      log "stand-in eclipse-temurin:25-$kind-noble (bookworm + Temurin 25 in /opt/java/openjdk)"
      local work="$CACHE/work-temurin-$kind"
      rm -rf "$work"
      cp -a "$CACHE/rootfs-bookworm" "$work"
      rm -f "$work/.complete"
      mkdir -p "$work/opt/java"
      if [[ "$kind" == jre ]]; then
        # Temurin's images install fontconfig (which brings fonts-dejavu-core): the service's
        # charts measure text with AWT, which needs a font. The stand-in does the same.
        cp /etc/resolv.conf "$work/etc/resolv.conf"
        printf '#!/bin/sh\nexit 101\n' > "$work/usr/sbin/policy-rc.d"
        chmod 755 "$work/usr/sbin/policy-rc.d"
        bind_chroot "$work"
        chroot "$work" /bin/sh -c '
            set -e
            export DEBIAN_FRONTEND=noninteractive
            apt-get update
            apt-get install -y --no-install-recommends fontconfig
            apt-get clean
            rm -rf /var/lib/apt/lists/*' > "$LOGDIR/jre-fonts.log" 2>&1 \
          || { unbind_chroot "$work"; die "stand-in: fontconfig in the JRE image" "see $LOGDIR/jre-fonts.log"; }
        unbind_chroot "$work"
        rm -f "$work/usr/sbin/policy-rc.d"
        : > "$work/etc/resolv.conf"
      fi
      if [[ "$kind" == jdk ]]; then
        cp -a "$TEMURIN_HOME" "$work/opt/java/openjdk"
        # Debian's Temurin package links cacerts to /etc/ssl/certs/java; the image has its own.
        cp --remove-destination -L "$TEMURIN_HOME/lib/security/cacerts" \
          "$work/opt/java/openjdk/lib/security/cacerts"
      else
        # Like Temurin's JRE: the runtime modules, no compiler, no jshell/jlink/jar tools.
        local mods=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument
        mods+=,java.logging,java.management,java.management.rmi,java.naming,java.net.http
        mods+=,java.prefs,java.rmi,java.scripting,java.se,java.security.jgss
        mods+=,java.security.sasl,java.smartcardio,java.sql,java.sql.rowset
        mods+=,java.transaction.xa,java.xml,java.xml.crypto,jdk.accessibility,jdk.charsets
        mods+=,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.dynalink,jdk.httpserver,jdk.jdwp.agent
        mods+=,jdk.jfr,jdk.jsobject,jdk.localedata,jdk.management,jdk.management.agent
        mods+=,jdk.management.jfr,jdk.naming.dns,jdk.naming.rmi,jdk.net,jdk.nio.mapmode
        mods+=,jdk.sctp,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.xml.dom
        mods+=,jdk.zipfs
        "$TEMURIN_HOME/bin/jlink" --add-modules "$mods" --strip-debug --no-man-pages \
          --no-header-files --generate-cds-archive --output "$work/opt/java/openjdk" \
          > "$LOGDIR/jlink.log" 2>&1 || die "stand-in: jlink JRE" "see $LOGDIR/jlink.log"
      fi
      tar -C "$work" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
      rm -rf "$work"
    fi
    local name="$JDK_IMAGE"; [[ "$kind" == jre ]] && name="$JRE_IMAGE"
    if ! standin_ok "$name"; then
      log "podman import $name"
      import_tar "$tarball" "$name" "${env_changes[@]}"
    fi
  done
}

make_nginx_standin() {
  standin_ok "$NGINX_IMAGE" && return 0
  local tarball="$CACHE/nginx-r$STANDIN_REV.tar"
  if [[ ! -s "$tarball" ]]; then
    make_base_rootfs
    log "stand-in nginx (bookworm + nginx-light, user nginx uid 101 as in the official image)"
    local work="$CACHE/work-nginx"
    rm -rf "$work"
    cp -a "$CACHE/rootfs-bookworm" "$work"
    rm -f "$work/.complete"
    cp /etc/resolv.conf "$work/etc/resolv.conf"
    printf '#!/bin/sh\nexit 101\n' > "$work/usr/sbin/policy-rc.d"
    chmod 755 "$work/usr/sbin/policy-rc.d"
    bind_chroot "$work"
    chroot "$work" /bin/sh -c '
        set -e
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y --no-install-recommends nginx-light
        groupadd --system --gid 101 nginx
        useradd --system --uid 101 --gid 101 --no-create-home --home-dir /nonexistent \
          --shell /usr/sbin/nologin nginx
        rm -f /etc/nginx/sites-enabled/default
        ln -sf /dev/stdout /var/log/nginx/access.log
        ln -sf /dev/stderr /var/log/nginx/error.log
        apt-get clean
        rm -rf /var/lib/apt/lists/*' > "$LOGDIR/nginx-standin.log" 2>&1 \
      || { unbind_chroot "$work"; die "stand-in: nginx-light" "see $LOGDIR/nginx-standin.log"; }
    unbind_chroot "$work"
    rm -f "$work/usr/sbin/policy-rc.d"
    : > "$work/etc/resolv.conf"
    tar -C "$work" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$work"
  fi
  log "podman import $NGINX_IMAGE"
  import_tar "$tarball" "$NGINX_IMAGE" \
    --change "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "EXPOSE 80" \
    --change "STOPSIGNAL SIGQUIT" \
    --change 'CMD ["nginx", "-g", "daemon off;"]'
}

make_temurin_standins
make_nginx_standin
pass "stand-in base images ($JDK_IMAGE, $JRE_IMAGE, $NGINX_IMAGE)"

# ---- 3. build ---------------------------------------------------------------------------
# A stack left over by an interrupted run would hold the port and the names.
compose down -t 10 > "$LOGDIR/compose-predown.log" 2>&1 || true
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "gateway port 127.0.0.1:$PORT is free" "something listens there; set XENT_GATEWAY_PORT"
fi

log "podman build -t $IMAGE (log: $LOGDIR/build.log)"
build_start=$SECONDS
BUILDERS_BEFORE="$(buildah containers -q 2>/dev/null | sort || true)"
BUILDING=1
# --format docker: the OCI image format has no HEALTHCHECK. --layers (podman's default) keeps
# the dependency layer cached between runs.
if pm build "${ULIMITS[@]}" --isolation chroot --pull=never --format docker --layers \
     -t "$IMAGE" -f "$ROOT/Dockerfile" "$ROOT" > "$LOGDIR/build.log" 2>&1; then
  BUILDING=0
  pass "podman build of the Dockerfile ($((SECONDS - build_start)) s)"
else
  tail -40 "$LOGDIR/build.log" >&2
  die "podman build of the Dockerfile" "see $LOGDIR/build.log"
fi

cfg() { pm image inspect --format "$1" "$IMAGE" 2>/dev/null; }
user="$(cfg '{{.Config.User}}')"
if [[ "$user" =~ ^[0-9]+(:[0-9]+)?$ && "${user%%:*}" != 0 ]]; then
  pass "image USER is numeric and not root ($user)"
else
  fail "image USER is numeric and not root" "USER='$user'"
fi
hc="$(cfg '{{json .Config.Healthcheck}}')"
if [[ "$hc" == *xent-healthcheck* ]]; then
  pass "image has a HEALTHCHECK (no curl/wget)"
else
  fail "image has a HEALTHCHECK" "$hc"
fi

# The AOT cache trained at build time is usable by the image's JVM: with -XX:AOTMode=on the
# JVM refuses to start when it cannot map the cache. Same entry point, plus logging.
aot_log="$LOGDIR/aot-check.log"
if pm run --rm "${ULIMITS[@]}" --network none --entrypoint java "$IMAGE" \
     -XX:AOTCache=app.aot -XX:AOTMode=on -Xlog:aot=info -Dspring.context.exit=onRefresh \
     -jar app.jar > "$aot_log" 2>&1 && grep -q 'Opened AOT cache' "$aot_log"; then
  pass "AOT cache app.aot maps in the image (-XX:AOTMode=on)"
else
  fail "AOT cache app.aot maps in the image" "see $aot_log"
fi

# ---- 4. up ------------------------------------------------------------------------------
# podman-compose ignores `depends_on: condition: service_healthy`, and podman runs health
# checks from systemd timers, which this machine lacks. So: start the replicas, run their
# health checks here until both are healthy, then start the gateway (what Docker Compose
# does by itself with the same file).
log "podman-compose up xent-1 xent-2"
compose up -d --no-build xent-1 xent-2 > "$LOGDIR/compose-up.log" 2>&1 \
  || die "podman-compose up xent-1 xent-2" "see $LOGDIR/compose-up.log"

cid() { # service -> container id
  pm ps -q --filter "label=io.podman.compose.project=$PROJECT" \
    --filter "label=com.docker.compose.service=$1" | head -n 1
}

wait_healthy() { # service max_seconds
  local svc="$1" deadline=$((SECONDS + $2)) c
  c="$(cid "$svc")"
  [[ -n "$c" ]] || return 1
  while ((SECONDS < deadline)); do
    if pm healthcheck run "$c" > /dev/null 2>&1; then
      return 0
    fi
    [[ "$(pm inspect --format '{{.State.Running}}' "$c" 2>/dev/null)" == true ]] || return 1
    sleep 2
  done
  return 1
}

for svc in xent-1 xent-2; do
  t0=$SECONDS
  if wait_healthy "$svc" 180; then
    pass "$svc healthy: its HEALTHCHECK (bash /dev/tcp readiness) succeeds ($((SECONDS - t0)) s)"
  else
    pm logs "$(cid "$svc")" 2>&1 | tail -40 >&2 || true
    die "$svc healthy" "health check did not pass within 180 s"
  fi
done

started="$(pm logs "$(cid xent-1)" 2>&1 | grep -o 'Started [A-Za-z]* in [0-9.]* seconds' | head -n 1)"
[[ -n "$started" ]] && log "xent-1: $started"

log "podman-compose up gateway"
# podman-compose has no working --no-deps: it tries to start the replicas again, fails on
# the names in use, and starts the running containers (a no-op). Only the gateway matters.
compose up -d --no-build gateway >> "$LOGDIR/compose-up.log" 2>&1 || true
[[ -n "$(cid gateway)" ]] || die "gateway container running" "see $LOGDIR/compose-up.log"

# ---- 5. checks through the gateway ------------------------------------------------------
CURL=(curl -sS --max-time 20 --noproxy '*')
BODY="$LOGDIR/body"
http() { # method path [curl args...] -> prints the status code, body in $BODY
  local method="$1" path="$2"; shift 2
  "${CURL[@]}" -o "$BODY" -w '%{http_code}' -X "$method" "$@" "$BASE$path" 2>>"$LOGDIR/curl.log" \
    || true
}
json() { # python expression over `d` (the parsed body) -> prints its value
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print(v if not isinstance(v,(dict,list)) else json.dumps(v))' \
    "$BODY" "$1" 2>/dev/null
}

deadline=$((SECONDS + 60))
until [[ "$(http GET /xent/actuator/health/readiness)" == 200 ]] || ((SECONDS > deadline)); do
  sleep 1
done

code="$(http GET /xent/actuator/health/readiness)"
if [[ "$code" == 200 && "$(json 'd["status"]')" == UP ]]; then
  pass "GET /xent/actuator/health/readiness -> 200 UP"
else
  fail "GET /xent/actuator/health/readiness -> 200 UP" "got $code $(head -c 200 "$BODY" 2>/dev/null)"
fi
code="$(http GET /xent/actuator/health/liveness)"
if [[ "$code" == 200 && "$(json 'd["status"]')" == UP ]]; then
  pass "GET /xent/actuator/health/liveness -> 200 UP"
else
  fail "GET /xent/actuator/health/liveness -> 200 UP" "got $code"
fi
code="$(http GET /xent/actuator/health)"
if [[ "$code" == 200 && "$(json 'd["status"]')" == UP ]]; then
  pass "GET /xent/actuator/health -> 200 UP"
else
  fail "GET /xent/actuator/health -> 200 UP" "got $code"
fi

code="$(http POST /xent/v1/cross-entropy/binary -H 'Content-Type: application/json' \
         -H 'Accept: application/json' -d '{"predictions":[0.9,0.2],"labels":[1,0]}')"
mean="$(json 'd["mean"]')"
if [[ "$code" == 200 && -n "$mean" && "$mean" != None ]]; then
  # -(ln 0.9 + ln 0.8)/2
  if python3 -c "import math,sys; sys.exit(0 if abs(float('$mean') - (-(math.log(0.9)+math.log(0.8))/2)) < 1e-12 else 1)"; then
    pass "POST /xent/v1/cross-entropy/binary -> 200, mean=$mean"
  else
    fail "POST /xent/v1/cross-entropy/binary -> 200 with the right mean" "mean=$mean"
  fi
else
  fail "POST /xent/v1/cross-entropy/binary -> 200 with a mean" \
    "got $code $(head -c 300 "$BODY" 2>/dev/null)"
fi

code="$(http GET /xent/v3/api-docs)"
server_url="$(json 'd["servers"][0]["url"]')"
if [[ "$code" == 200 && "$server_url" == */xent ]]; then
  pass "GET /xent/v3/api-docs -> servers[0].url=$server_url"
else
  fail "GET /xent/v3/api-docs -> servers[0].url ends in /xent" "got $code url='$server_url'"
fi

code="$(http GET /xent/v3/api-docs/swagger-config)"
config_url="$(json 'd["configUrl"]')"
docs_url="$(json 'd.get("url") or d["urls"][0]["url"]')"
if [[ "$code" == 200 && "$config_url" == /xent/* && "$docs_url" == /xent/* ]]; then
  pass "GET /xent/v3/api-docs/swagger-config -> configUrl=$config_url url=$docs_url"
else
  fail "swagger-config under /xent" "got $code configUrl='$config_url' url='$docs_url'"
fi

code="$("${CURL[@]}" -o "$BODY" -w '%{http_code} %{url_effective}' -L --max-redirs 5 \
          "$BASE/xent/swagger-ui.html" 2>>"$LOGDIR/curl.log" || true)"
if [[ "$code" == "200 $BASE/xent/"* ]] && grep -qi 'swagger' "$BODY"; then
  pass "GET /xent/swagger-ui.html -> Swagger UI (${code#* })"
else
  fail "GET /xent/swagger-ui.html -> Swagger UI under /xent" "got $code"
fi

# The landing page through the gateway: it is served under the prefix, and every relative link
# and asset it names (script, style, icon, curves, Swagger UI, the OpenAPI document) resolves
# there, as a browser would resolve it against /xent/.
code="$(http GET /xent/)"
if [[ "$code" == 200 ]] && grep -q 'id="playground"' "$BODY"; then
  pass "GET /xent/ -> the landing page"
  links="$(python3 - "$BODY" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for link in sorted(set(re.findall(r'(?:href|src)="([^"#][^"]*)"', html))):
    print(link.replace("&amp;", "&"))
PY
)"
  broken=()
  count=0
  while IFS= read -r link; do
    [[ -n "$link" ]] || continue
    count=$((count + 1))
    if [[ "$link" == /* || "$link" == *//* ]]; then
      broken+=("$link (not relative)")
      continue
    fi
    # Followed as a browser would; the redirects (swagger-ui.html) must stay under /xent/.
    result="$("${CURL[@]}" -o /dev/null -w '%{http_code} %{url_effective}' -L --max-redirs 5 \
                "$BASE/xent/$link" 2>>"$LOGDIR/curl.log" || true)"
    [[ "$result" == "200 $BASE/xent/"* ]] || broken+=("$link -> $result")
  done <<< "$links"
  if ((count > 0 && ${#broken[@]} == 0)); then
    pass "the landing page's $count relative links resolve under /xent/"
  else
    fail "the landing page's relative links resolve under /xent/" "${broken[*]:-no links found}"
  fi
else
  fail "GET /xent/ -> the landing page" "got $code"
fi
code="$(http GET /xent)"
if [[ "$code" == 301 ]]; then
  pass "GET /xent -> 301 to /xent/ (so the page's relative links resolve)"
else
  fail "GET /xent -> 301 to /xent/" "got $code"
fi

# A curve and a picture of a request through the gateway: SVG that parses, with its data items.
svg_items() { # file -> number of data items, or nothing if it is not SVG
  python3 - "$1" <<'PY' 2>/dev/null
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg"
ref = "{http://www.jfree.org/jfreesvg/svg}ref"
print(sum(1 for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get(ref, "").startswith("{")))
PY
}
ctype="$("${CURL[@]}" -o "$BODY" -w '%{http_code} %{content_type}' \
           "$BASE/xent/v1/curves/focal.svg?gamma=0,2" 2>>"$LOGDIR/curl.log" || true)"
items="$(svg_items "$BODY")"
if [[ "$ctype" == "200 image/svg+xml"* && "$items" == 2 ]]; then
  pass "GET /xent/v1/curves/focal.svg?gamma=0,2 -> SVG with 2 curves"
else
  fail "GET /xent/v1/curves/focal.svg -> SVG with its curves" "got $ctype, items '$items'"
fi
ctype="$("${CURL[@]}" -o "$BODY" -w '%{http_code} %{content_type}' -X POST \
           -H 'Content-Type: application/json' -H 'Accept: image/svg+xml' \
           -d '{"predictions":[0.9,0.2,0.7],"labels":[1,0,0],"plot":"losses"}' \
           "$BASE/xent/v1/cross-entropy/binary" 2>>"$LOGDIR/curl.log" || true)"
items="$(svg_items "$BODY")"
if [[ "$ctype" == "200 image/svg+xml"* && "$items" == 47 ]]; then
  pass "POST /xent/v1/cross-entropy/binary with plot=losses -> SVG histogram (47 bins)"
else
  fail "POST /xent/v1/cross-entropy/binary with plot=losses -> SVG" "got $ctype, items '$items' (fonts in the image?)"
fi

for path in /xent/actuator/env /xent/actuator/prometheus /xent/actuator/info /xent/actuator \
            '/xent/actuator;x=y/prometheus' '/xent/;x=y/actuator/prometheus' \
            '/xent//actuator/prometheus' '/xent/actuator/%70rometheus' \
            '/xent/actuator/health/../prometheus' '/xent/ACTUATOR/prometheus'; do
  code="$(http GET "$path" --path-as-is)"
  if [[ "$code" == 404 || "$code" == 403 ]] && ! grep -q 'jvm_\|"propertySources"\|"build"' "$BODY"; then
    pass "GET $path -> $code (not exposed by the gateway)"
  else
    fail "GET $path -> 404/403" "got $code"
  fi
done

# The gateway's body limit (client_max_body_size 64m, the service's max-body-bytes).
head -c $((64 * 1024 * 1024 + 1024)) /dev/zero > "$LOGDIR/big-body"
code="$(http POST /xent/v1/cross-entropy/binary -H 'Content-Type: application/json' \
         --data-binary "@$LOGDIR/big-body")"
rm -f "$LOGDIR/big-body"
if [[ "$code" == 413 ]]; then
  pass "POST of 64 MiB + 1 KiB -> 413 at the gateway"
else
  fail "POST of 64 MiB + 1 KiB -> 413" "got $code"
fi

for svc in xent-1 xent-2; do
  uid="$(pm exec "$(cid "$svc")" id -u 2>/dev/null || true)"
  if [[ "$uid" =~ ^[0-9]+$ && "$uid" != 0 ]]; then
    pass "$svc runs as non-root uid $uid"
  else
    fail "$svc runs as non-root" "uid='$uid'"
  fi
done
if pm exec "$(cid xent-1)" sh -c 'touch /app/x' > /dev/null 2>&1; then
  fail "xent-1 root file system is read-only" "could write /app"
else
  pass "xent-1 root file system is read-only (only /tmp is writable)"
fi

# Graceful shutdown on SIGTERM, and the gateway fails over to the other replica.
c2="$(cid xent-2)"
t0=$SECONDS
pm stop -t 45 "$c2" > /dev/null 2>&1 || true
if pm logs "$c2" 2>&1 | grep -q 'Graceful shutdown complete'; then
  pass "xent-2 stops gracefully on SIGTERM ($((SECONDS - t0)) s)"
else
  fail "xent-2 stops gracefully on SIGTERM" "no 'Graceful shutdown complete' in its log"
fi
ok=0
for _ in 1 2 3 4; do
  [[ "$(http GET /xent/actuator/health/readiness)" == 200 ]] && ok=$((ok + 1))
done
if ((ok == 4)); then
  pass "gateway keeps serving with one replica stopped (4/4 readiness calls)"
else
  fail "gateway keeps serving with one replica stopped" "$ok/4 calls answered 200"
fi

log "done in $((SECONDS - START_TIME)) s"
