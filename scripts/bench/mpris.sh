#!/usr/bin/env bash
# The desktop bridge's figures on a private session bus, side by side with
# dbus-monitor (libdbus's C client holding one match rule) as the peer:
# resident memory and wake-ups per minute while nothing happens (target 0:
# property changes are sent when the daemon reports one, never on a
# timer), then the time of a property read through winddown-mpris next to
# the same read answered by the bus itself.
#
#   BIN          winddownd (winddown-mpris is taken from the same folder)
#   IDLE         seconds to count wake-ups over (default 30)
#   READS        property reads to time (default 200)
# Exits non-zero only when a figure cannot be measured.
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH_NAME=mpris
. scripts/bench/processes.sh
BIN="${BIN:-.build/release/winddownd}"
BRIDGE="$(dirname "$BIN")/winddown-mpris"
IDLE="${IDLE:-30}"
READS="${READS:-200}"
for tool in dbus-daemon dbus-monitor busctl; do command -v "$tool" >/dev/null || die "$tool missing (scripts/bootstrap.sh installs it)"; done
[ -x "$BRIDGE" ] || die "no winddown-mpris at $BRIDGE"

address="unix:path=$tmp/bus"
dbus-daemon --session --nofork --nopidfile --address="$address" >"$tmp/dbus.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$tmp/bus" ] && break; sleep 0.05; done
armed_at=$(date -u -d '+2 hours' +%H:%M)
printf '[schedule]\ntime = "%s"\ntimezone = "UTC"\n[voice]\ntts = "off"\n' "$armed_at" >"$tmp/winddown.toml"
"$BIN" --config "$tmp/winddown.toml" --socket "$tmp/control.sock" --state-dir "$tmp/state" >"$tmp/daemon.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$tmp/control.sock" ] && break; sleep 0.05; done
DBUS_SESSION_BUS_ADDRESS="$address" "$BRIDGE" --config "$tmp/winddown.toml" --socket "$tmp/control.sock" >"$tmp/bridge.log" 2>&1 &
bridge_pid=$!
pids+=("$bridge_pid")
dbus-monitor --address "$address" "type='signal',interface='org.example.Nothing'" >/dev/null 2>&1 &
peer_pid=$!
pids+=("$peer_pid")
for _ in $(seq 100); do grep -q "following winddownd" "$tmp/bridge.log" && grep -q "on the session bus" "$tmp/bridge.log" && break; sleep 0.05; done
grep -q "on the session bus" "$tmp/bridge.log" || die "the bridge did not come up: $(cat "$tmp/bridge.log")"

switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'; }
sleep 2
b0=$(switches "$bridge_pid"); p0=$(switches "$peer_pid")
sleep "$IDLE"
b1=$(switches "$bridge_pid"); p1=$(switches "$peer_pid")
per_min() { awk -v a="$1" -v b="$2" -v s="$IDLE" 'BEGIN { printf "%.1f", (b - a) * 60 / s }'; }
bw=$(per_min "$b0" "$b1"); pw=$(per_min "$p0" "$p1")
br=$(rss_kib "$bridge_pid"); pr=$(rss_kib "$peer_pid")
verdict=$(awk -v w="$bw" 'BEGIN { print (w == 0 ? "PASS" : "MISS") }')
printf 'mpris  %-50s %8.1f MiB   dbus-monitor %.1f MiB   %.2fx\n' "winddown-mpris idle resident memory (VmRSS)" \
  "$(awk -v k="$br" 'BEGIN { print k / 1024 }')" "$(awk -v k="$pr" 'BEGIN { print k / 1024 }')" "$(awk -v a="$br" -v b="$pr" 'BEGIN { print a / b }')"
printf 'mpris  %-50s %8s /min   dbus-monitor %s /min   target 0  %s\n' "winddown-mpris idle wake-ups over ${IDLE} s" "$bw" "$pw" "$verdict"

# Each read is a whole busctl run (connect, Hello, call): the same cost on both sides.
reads() { # ARGS...: milliseconds for READS runs of busctl ARGS
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$READS"); do busctl --address="$address" "$@" >/dev/null || return 1; done
  end=$(date +%s%N)
  awk -v a="$start" -v b="$end" -v n="$READS" 'BEGIN { printf "%.2f", (b - a) / 1e6 / n }'
}
ours=$(reads get-property org.mpris.MediaPlayer2.winddown /org/mpris/MediaPlayer2 org.mpris.MediaPlayer2.Player PlaybackStatus) \
  || die "reading PlaybackStatus failed"
peer=$(reads get-property org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus Features) || die "reading the bus's Features failed"
printf 'mpris  %-50s %8s ms each (%s reads)\n' "busctl get-property PlaybackStatus (winddown-mpris)" "$ours" "$READS"
printf 'mpris  %-50s %8s ms each (peer)\n' "busctl get-property Features (the bus itself)" "$peer"
printf 'mpris  %-50s %8s\n' "   ratio winddown-mpris / the bus" "$(awk -v a="$ours" -v b="$peer" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')"
