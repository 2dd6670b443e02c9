#!/usr/bin/env bash
# The Home Assistant bridge's figures, side by side with mosquitto_sub (a C
# MQTT client holding one subscription) as the peer: resident memory and
# wake-ups per minute while nothing happens (the target: none beyond the
# MQTT keep-alive, one ping a minute), then the round trip of a command
# broker -> winddown-mqtt -> winddownd -> state topic, next to the broker
# echoing a message by itself.
#
#   BIN          winddownd (winddown-mqtt is taken from the same folder)
#   IDLE         seconds to count wake-ups over (default 65: one keep-alive ping falls inside)
#   TRIPS        round trips to time (default 200)
# Exits non-zero only when a figure cannot be measured.
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH_NAME=mqtt
. scripts/bench/processes.sh
BIN="${BIN:-.build/release/winddownd}"
BRIDGE="$(dirname "$BIN")/winddown-mqtt"
IDLE="${IDLE:-65}"
TRIPS="${TRIPS:-200}"
for tool in mosquitto mosquitto_sub mosquitto_pub python3; do command -v "$tool" >/dev/null || die "$tool missing (scripts/bootstrap.sh installs it)"; done
[ -x "$BRIDGE" ] || die "no winddown-mqtt at $BRIDGE"

# set_tcp_nodelay: Mosquitto's default (Nagle's algorithm on its side) adds
# about 40 ms to a command's answer; the README suggests the same setting.
port=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\nuser %s\n' "$port" "$(id -un)" >"$tmp/mosquitto.conf"
mosquitto -c "$tmp/mosquitto.conf" >"$tmp/mosquitto.log" 2>&1 &
pids+=($!)
armed_at=$(date -u -d '+2 hours' +%H:%M)
printf '[schedule]\ntime = "%s"\ntimezone = "UTC"\n[voice]\ntts = "off"\n[mqtt]\nbroker = "mqtt://127.0.0.1:%s"\nnode_id = "bench"\n' \
  "$armed_at" "$port" >"$tmp/winddown.toml"
"$BIN" --config "$tmp/winddown.toml" --socket "$tmp/control.sock" --state-dir "$tmp/state" >"$tmp/daemon.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$tmp/control.sock" ] && break; sleep 0.05; done
"$BRIDGE" --config "$tmp/winddown.toml" --socket "$tmp/control.sock" >"$tmp/bridge.log" 2>&1 &
bridge_pid=$!
pids+=("$bridge_pid")
mosquitto_sub -h 127.0.0.1 -p "$port" -t 'bench/idle' >/dev/null 2>&1 &
peer_pid=$!
pids+=("$peer_pid")
for _ in $(seq 100); do grep -q "following winddownd" "$tmp/bridge.log" && grep -q "connected to the broker" "$tmp/bridge.log" && break; sleep 0.05; done
grep -q "connected to the broker" "$tmp/bridge.log" || die "the bridge did not connect: $(cat "$tmp/bridge.log")"

switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'; }
sleep 2
b0=$(switches "$bridge_pid"); p0=$(switches "$peer_pid")
sleep "$IDLE"
b1=$(switches "$bridge_pid"); p1=$(switches "$peer_pid")
per_min() { awk -v a="$1" -v b="$2" -v s="$IDLE" 'BEGIN { printf "%.1f", (b - a) * 60 / s }'; }
bw=$(per_min "$b0" "$b1"); pw=$(per_min "$p0" "$p1")
br=$(rss_kib "$bridge_pid"); pr=$(rss_kib "$peer_pid")
# Keep-alive is 60 s: a PINGREQ out and its PINGRESP in, about 2 wake-ups a minute.
verdict=$(awk -v w="$bw" 'BEGIN { print (w <= 2.5 ? "PASS" : "MISS") }')
printf 'mqtt   %-50s %8.1f MiB   mosquitto_sub %.1f MiB   %.2fx\n' "winddown-mqtt idle resident memory (VmRSS)" \
  "$(awk -v k="$br" 'BEGIN { print k / 1024 }')" "$(awk -v k="$pr" 'BEGIN { print k / 1024 }')" "$(awk -v a="$br" -v b="$pr" 'BEGIN { print a / b }')"
printf 'mqtt   %-50s %8s /min   mosquitto_sub %s /min   target <= keep-alive (2.5/min)  %s\n' "winddown-mqtt idle wake-ups over ${IDLE} s" "$bw" "$pw" "$verdict"

read -r b50 b99 bmax bn < <(python3 scripts/bench/mqtt_roundtrip.py "$port" bridge bench "$TRIPS") || die "bridge round trips failed"
read -r e50 e99 emax en < <(python3 scripts/bench/mqtt_roundtrip.py "$port" echo - "$TRIPS") || die "echo round trips failed"
printf 'mqtt   %-50s %8s ms p50, %s ms p99, %s ms max (%s trips)\n' "command -> daemon -> state topic" "$b50" "$b99" "$bmax" "$bn"
printf 'mqtt   %-50s %8s ms p50, %s ms p99, %s ms max (%s trips)\n' "the broker alone, echoing (peer)" "$e50" "$e99" "$emax" "$en"
printf 'mqtt   %-50s %8s\n' "   ratio p99 bridge / broker alone" "$(awk -v a="$b99" -v b="$e99" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')"
