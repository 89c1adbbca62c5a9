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
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || { echo "no $sources to derive Debian's deb-src entries from (not a Debian 12+ machine?)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial"
sed 's/^Types: deb$/Types: deb-src/' "$sources" > "$work/parts/src.sources"
apt_options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/parts" -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
(cd "$work" && apt-get "${apt_options[@]}" -qq update && apt-get "${apt_options[@]}" -qq source --download-only pcsc-lite) >"$work/apt.log" 2>&1 \
  || { echo "could not fetch Debian's pcsc-lite source (offline?): $(tail -n 2 "$work/apt.log")" >&2; exit 3; }
tar -C "$work" -xjf "$work"/pcsc-lite_*.orig.tar.bz2
source_dir="$(echo "$work"/pcsc-lite-*/)"
sed -i "s/#define PROTOCOL_VERSION_MINOR [0-9]*/#define PROTOCOL_VERSION_MINOR $minor/" "$source_dir/src/winscard_msg.h"
(cd "$source_dir" \
  && ./configure -q --disable-libsystemd --disable-libudev --disable-serial --disable-usb --disable-polkit \
  && make -s -C src -j"$(nproc)" libpcsclite.la) >"$work/build.log" 2>&1 \
  || { echo "building libpcsclite failed: $(tail -n 5 "$work/build.log")" >&2; exit 4; }
mkdir -p "$out"
cp -L "$source_dir/src/.libs/libpcsclite.so.1" "$library.tmp"
mv "$library.tmp" "$library"
echo "$library"
