#!/usr/bin/env bash
# Builds a real pcscd with polkit (Debian's pcsc-lite source, --enable-polkit) for the access-diagnosis tests,
# beside its polkit policy file. Never installed: `make install` would write the policy into /usr/share.
# Usage: build-polkit-pcscd.sh [OUTPUT_FOLDER]   (prints the folder holding pcscd and org.debian.pcsc-lite.policy)
# Needs: apt access to Debian's deb-src, flex, pkg-config, a C compiler, libpolkit-gobject-1-dev.
# The result is cached: a second run with the same output folder returns at once.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/artifacts/native/pcscd-polkit}"
if [ -x "$out/pcscd" ] && [ -f "$out/org.debian.pcsc-lite.policy" ]; then echo "$out"; exit 0; fi
for tool in flex pkg-config cc make apt-get; do
  command -v "$tool" >/dev/null || { echo "missing build tool: $tool (apt-get install flex pkg-config build-essential)" >&2; exit 2; }
done
pkg-config --exists polkit-gobject-1 || { echo "missing libpolkit-gobject-1-dev: configure would silently build pcscd without polkit" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source_dir="$("$(dirname "$0")/fetch-pcsc-lite-source.sh" "$work")"
(cd "$source_dir" \
  && ./configure -q --enable-polkit --disable-libsystemd --disable-libudev --disable-usb --disable-documentation \
       --enable-usbdropdir=/usr/lib/pcsc/drivers --enable-ipcdir=/run/pcscd \
  && grep -q '^#define HAVE_POLKIT 1' config.h \
  && make -s -C src -j"$(nproc)" pcscd) >"$work/build.log" 2>&1 \
  || { echo "building pcscd with polkit failed: $(tail -n 5 "$work/build.log")" >&2; exit 4; }
mkdir -p "$out"
policy="$(find "$source_dir" -name 'org.debian.pcsc-lite.policy*' | sort | head -n 1)"
[ -n "$policy" ] || { echo "the source has no polkit policy file" >&2; exit 4; }
# The policy template (.in) names only the package; nothing in it needs substituting for polkitd to read it.
cp "$policy" "$out/org.debian.pcsc-lite.policy"
cp "$source_dir/src/pcscd" "$out/pcscd.tmp"
mv "$out/pcscd.tmp" "$out/pcscd"
echo "$out"
