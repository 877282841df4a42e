#!/usr/bin/env bash
# Builds CRIU (checkpoint/restore in user space) for the restore image (scripts/checkpoint-image.sh)
# into a folder: bin/criu and the shared libraries it needs beyond the C library, in lib/.
#
#   scripts/build-criu.sh [DEST]        (default target/criu)
#
# CRIU 4 or later is needed: 3.17 (Debian 12's package) fails on this machine's kernel (6.18) at
# "vdso: Unexpected rt vDSO area bounds". The source is Debian's source package from the suite that
# has CRIU 4 (unstable, then testing), fetched with apt-get from the mirror this machine's own apt
# sources name; the build dependencies come from Debian 12's packages. Any CRIU >= 4.0 binary works
# as well: put it in DEST/bin/criu (and its libraries in DEST/lib) and this script is not needed.
# Needs root (apt-get install) and gcc.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$ROOT/target/criu}"
WORK="$ROOT/target/criu-build"
if [[ -x "$DEST/bin/criu" ]]; then
  echo "CRIU already built: $DEST/bin/criu ($("$DEST/bin/criu" --version 2>/dev/null | head -n 1))"
  exit 0
fi

echo "installing CRIU's build dependencies..." >&2
DEPS=(gcc make pkgconf patchelf libbsd-dev libcap-dev libnet1-dev libnl-3-dev libprotobuf-c-dev
  libprotobuf-dev protobuf-c-compiler protobuf-compiler python3-protobuf uuid-dev)
# A fresh machine's package lists may be missing or stale: update them once if need be.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${DEPS[@]}" > /dev/null 2>&1 \
  || { apt-get update -q > /dev/null \
       && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${DEPS[@]}" > /dev/null; }

# The mirror of the machine's own Debian sources (deb822 or one-line format).
MIRROR="$(sed -n 's/^URIs: *\([^ ]*debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
[[ -n "$MIRROR" ]] || MIRROR="$(awk '$1 == "deb" && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)"
[[ -n "$MIRROR" ]] || { echo "no Debian mirror found in the apt sources" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK/lists/partial" "$WORK/src"
APT=(-o Dir::Etc::sourcelist="$WORK/sources.list" -o Dir::Etc::sourceparts=/nonexistent
  -o Dir::State::Lists="$WORK/lists" -o APT::Sandbox::User=root)
printf 'deb-src %s %s main\n' "$MIRROR" unstable "$MIRROR" testing > "$WORK/sources.list"
echo "fetching CRIU's source package..." >&2
apt-get "${APT[@]}" update > /dev/null
# Only the upstream tarball is needed (the Debian packaging is not used).
(cd "$WORK/src" && apt-get "${APT[@]}" source --download-only criu > /dev/null 2>&1 || true)
TARBALL="$(ls "$WORK"/src/criu_*.orig.tar.* 2>/dev/null | head -n 1)"
[[ -n "$TARBALL" ]] || { echo "CRIU's source tarball could not be fetched" >&2; exit 1; }
case "$(basename "$TARBALL")" in
  criu_[0-3].*) echo "$(basename "$TARBALL"): CRIU 4 or later is needed" >&2; exit 1 ;;
esac
tar -C "$WORK/src" -xf "$TARBALL"
SRC="$(ls -d "$WORK"/src/criu-*/ | head -n 1)"

echo "building $(basename "$SRC")..." >&2
# Without GnuTLS (only its page server's TLS would use it).
make -C "$SRC" -j"$(nproc)" NO_GNUTLS=1 criu > "$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; exit 1; }

mkdir -p "$DEST/bin" "$DEST/lib"
cp "$SRC/criu/criu" "$DEST/bin/criu"
# Its libraries are found through an RPATH (which, unlike RUNPATH, serves their own dependencies
# too), not LD_LIBRARY_PATH: the image gives criu file capabilities, and the loader ignores
# LD_LIBRARY_PATH for such a program.
patchelf --force-rpath --set-rpath "${CRIU_LIB_DIR:-/opt/criu/lib}" "$DEST/bin/criu"
# Its libraries but the C library's own, which the image has.
ldd "$DEST/bin/criu" | awk '$3 ~ /^\// {print $3}' | while read -r lib; do
  case "$(basename "$lib")" in
    libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|ld-linux*) ;;
    *) cp -L "$lib" "$DEST/lib/" ;;
  esac
done
LD_LIBRARY_PATH="$DEST/lib" "$DEST/bin/criu" --version | head -n 1
echo "built: $DEST/bin/criu"
