#!/usr/bin/env bash
# Fetches and unpacks Debian's pcsc-lite source into WORK (an empty folder) through private apt lists: the
# machine's own apt configuration is untouched. Prints the unpacked source folder.
# Usage: fetch-pcsc-lite-source.sh WORK    Needs: apt access to Debian's deb-src (derived from debian.sources).
set -euo pipefail
work="$1"
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || { echo "no $sources to derive Debian's deb-src entries from (not a Debian 12+ machine?)" >&2; exit 2; }
mkdir -p "$work/parts" "$work/lists/partial" "$work/cache/archives/partial"
sed 's/^Types: deb$/Types: deb-src/' "$sources" > "$work/parts/src.sources"
apt_options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/parts" -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
(cd "$work" && apt-get "${apt_options[@]}" -qq update && apt-get "${apt_options[@]}" -qq source --download-only pcsc-lite) >"$work/apt.log" 2>&1 \
  || { echo "could not fetch Debian's pcsc-lite source (offline?): $(tail -n 2 "$work/apt.log")" >&2; exit 3; }
tar -C "$work" -xjf "$work"/pcsc-lite_*.orig.tar.bz2
echo "$work"/pcsc-lite-*/
