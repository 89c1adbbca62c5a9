#!/usr/bin/env bash
# A real polkit-enabled pcscd (built by build-polkit-pcscd.sh) with its own system D-Bus and polkitd, in a private
# mount namespace: /run is a tmpfs there (polkitd sees no logind, so no client is in an active local session) and
# polkit's action and rules folders are folders of ours. Nothing of the host's D-Bus, polkit or pcscd is touched.
#   polkit-pcscd.sh start FOLDER   starts it with two vpcd readers; prints "SOCKET BUS_ADDRESS" when pcscd listens
#   polkit-pcscd.sh stop FOLDER    stops every process it started (its process group), keeps FOLDER
# Clients: PCSCLITE_CSOCK_NAME=FOLDER/run-pcscd/pcscd.comm; pkcheck: DBUS_SYSTEM_BUS_ADDRESS=unix:path=FOLDER/run-dbus/system_bus_socket.
# Rules for polkitd go to FOLDER/rules (read by polkitd at once). Needs root (mount namespaces, polkitd's user switch).
set -euo pipefail
action="$1"; folder="$2"
if [ "$action" = stop ]; then
  [ -f "$folder/group" ] || exit 0
  group="$(cat "$folder/group")"
  kill -TERM -- "-$group" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$group" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$group" 2>/dev/null || true
  rm -f "$folder/group"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "the polkit pcscd needs root (mount namespaces, polkitd)" >&2; exit 2; }
for program in unshare setsid dbus-daemon /usr/lib/polkit-1/polkitd; do
  command -v "$program" >/dev/null || { echo "missing $program (apt-get install util-linux dbus-daemon polkitd)" >&2; exit 2; }
done
built="$("$(dirname "$0")/build-polkit-pcscd.sh")"
mkdir -p "$folder"/{run-dbus,run-pcscd,actions,rules,vendor-rules,conf}
chmod 755 "$folder" "$folder"/{run-dbus,run-pcscd,actions,rules,vendor-rules,conf}
cp "$built/org.debian.pcsc-lite.policy" "$folder/actions/"
port=$(( 20000 + RANDOM % 40000 ))
printf 'FRIENDLYNAME "Polkit Reader"\nDEVICENAME /dev/null:0x%04X\nLIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x%04X\n' "$port" "$port" > "$folder/conf/vpcd"
rm -f "$folder/run-pcscd/pcscd.comm"
# Inside: a tmpfs /run with our folders bound over the fixed paths, then the bus, polkitd (once it owns its name) and pcscd.
inner='mount -t tmpfs tmpfs /run && mkdir -p /run/dbus /run/pcscd \
  && mount --bind "$0/run-dbus" /run/dbus && mount --bind "$0/run-pcscd" /run/pcscd \
  && mount --bind "$0/actions" /usr/share/polkit-1/actions && mount --bind "$0/rules" /etc/polkit-1/rules.d \
  && mount --bind "$0/vendor-rules" /usr/share/polkit-1/rules.d \
  && { dbus-daemon --system --nofork --nopidfile --nosyslog & } \
  && for i in $(seq 100); do [ -S /run/dbus/system_bus_socket ] && break; sleep 0.05; done \
  && { /usr/lib/polkit-1/polkitd --no-debug & } \
  && for i in $(seq 200); do dbus-send --system --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q "boolean true" && break; sleep 0.05; done \
  && exec "$1" -f -d -c "$0/conf"'
setsid unshare --mount --propagation private sh -c "$inner" "$folder" "$built/pcscd" >"$folder/log" 2>&1 </dev/null &
echo $! > "$folder/group"
for _ in $(seq 300); do
  if [ -S "$folder/run-pcscd/pcscd.comm" ]; then
    echo "$folder/run-pcscd/pcscd.comm unix:path=$folder/run-dbus/system_bus_socket"
    exit 0
  fi
  kill -0 "$(cat "$folder/group")" 2>/dev/null || break
  sleep 0.05
done
echo "the polkit pcscd did not start: $(tail -n 5 "$folder/log")" >&2
"$0" stop "$folder"
exit 5
