#!/bin/bash
# Container health check for xent, used by the Dockerfile's HEALTHCHECK and docker-compose.yml.
#
# The runtime image (eclipse-temurin JRE) has neither curl nor wget, and a JRE cannot launch a
# single-file Java program (no compiler module), so this speaks HTTP/1.1 over bash's /dev/tcp.
# Exits 0 only when GET <path> (default: the readiness probe) answers 200 with status UP.
#
# Usage: xent-healthcheck [path]     (port: $PORT, default 8080, as in application.yml)
set -u

port="${PORT:-8080}"
path="${1:-/actuator/health/readiness}"

exec 3<>"/dev/tcp/127.0.0.1/${port}" 2>/dev/null || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n' \
  "$path" >&3 || exit 1

# Every read is bounded, so a hung server fails the check instead of hanging it.
IFS= read -r -t 5 status_line <&3 || exit 1
case "$status_line" in
  "HTTP/1."?" 200"*) ;;
  *) exit 1 ;;
esac
response=""
line=""
while IFS= read -r -t 5 line <&3; do
  response+="$line"
done
response+="$line"
exec 3<&-

[[ "$response" == *'"status":"UP"'* ]]
