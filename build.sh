#!/usr/bin/env bash
# Bootstrap for a fresh Debian machine with only the .NET SDK: installs the PC/SC stack the module
# and its tests use, restores the pinned pwsh, then hands over to build.ps1 (tasks: Build, Test, Demo, Bench, ...).
set -euo pipefail
cd "$(dirname "$0")"

packages=(pcscd libpcsclite1 libpcsclite-dev pcsc-tools vsmartcard-vpcd vsmartcard-vpicc python3-pycryptodome)
# Test-PcscProtocol's tests: a libpcsclite of another protocol is built from Debian's source; bwrap makes a flatpak-like sandbox.
packages+=(flex pkg-config gcc make libc6-dev bubblewrap)
# Trace-PcscCall's tests compare with pcsc-spy, libpcsclite-dev's Python decoder (which only recommends python3).
packages+=(python3)
# The access tests: a pcscd built with polkit, run with its own system D-Bus and polkitd.
packages+=(libpolkit-gobject-1-dev polkitd dbus-daemon dbus-bin)
# The remoting tests start private sshd "hosts" on loopback and connect with ssh.
packages+=(openssh-server openssh-client)
missing=()
# The benchmarks compare with Debian's pyscard (their C baselines need only gcc and pkg-config, above).
[ "${1:-}" = Bench ] && packages+=(python3-pyscard)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..." >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  # pcscd's package would start a host daemon where systemd runs; the simulator never uses it.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

dotnet tool restore >/dev/null
exec dotnet pwsh -NoLogo -NoProfile -File ./build.ps1 "$@"
