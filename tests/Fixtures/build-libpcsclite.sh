#!/usr/bin/env bash
# Builds a real libpcsclite.so.1 from Debian's pcsc-lite source with another protocol minor (default 3,
# i.e. the 4.3 of pcsc-lite 1.8.9-1.8.23), for the tests that reproduce a sandbox/daemon protocol mismatch.
# Usage: build-libpcsclite.sh [MINOR] [OUTPUT_FOLDER]   (prints the library's path on success)
# Needs: apt access to Debian's deb-src, flex, pkg-config, a C compiler. The machine's apt lists are untouched.
# The result is cached: a second run with the same output folder returns at once.
set -euo pipefail
minor="${1:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${2:-$root/artifacts/native/libpcsclite-4.$minor}"
library="$out/libpcsclite.so.1"
if [ -f "$library" ]; then echo "$library"; exit 0; fi
for tool in flex pkg-config cc make apt-get; do
  command -v "$tool" >/dev/null || { echo "missing build tool: $tool (apt-get install flex pkg-config build-essential)" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source_dir="$("$(dirname "$0")/fetch-pcsc-lite-source.sh" "$work")"
sed -i "s/#define PROTOCOL_VERSION_MINOR [0-9]*/#define PROTOCOL_VERSION_MINOR $minor/" "$source_dir/src/winscard_msg.h"
(cd "$source_dir" \
  && ./configure -q --disable-libsystemd --disable-libudev --disable-serial --disable-usb --disable-polkit \
  && make -s -C src -j"$(nproc)" libpcsclite.la) >"$work/build.log" 2>&1 \
  || { echo "building libpcsclite failed: $(tail -n 5 "$work/build.log")" >&2; exit 4; }
mkdir -p "$out"
cp -L "$source_dir/src/.libs/libpcsclite.so.1" "$library.tmp"
mv "$library.tmp" "$library"
echo "$library"
