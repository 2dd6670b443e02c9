#!/usr/bin/env bash
# Playing to Snapcast rooms against playing on ALSA: the daemon's CPU time
# and resident memory over the same real-time session (the sleep sound
# alone, brown noise), once to a private snapserver with one snapclient
# (file player into /dev/null), once on ALSA "null". Both keep real time.
#
#   BIN      winddownd
#   SECONDS_PLAYED  seconds measured per run (default 15)
# Exits non-zero only when a figure cannot be measured.
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH_NAME=rooms
. scripts/bench/processes.sh
BIN="${BIN:-.build/release/winddownd}"
PLAYED="${SECONDS_PLAYED:-15}"
for tool in snapserver snapclient python3; do command -v "$tool" >/dev/null || die "$tool missing (scripts/bootstrap.sh installs it)"; done

source_port=$(free_port); stream_port=$(free_port); control_port=$(free_port)
mkdir -p "$tmp/snapdata"
cat >"$tmp/snapserver.conf" <<CONF
[server]
datadir = $tmp/snapdata
[http]
enabled = false
[tcp]
port = $control_port
bind_to_address = 127.0.0.1
[stream]
port = $stream_port
bind_to_address = 127.0.0.1
source = tcp://127.0.0.1:$source_port?name=winddown&mode=server
[logging]
sink = stderr
CONF
snapserver -c "$tmp/snapserver.conf" >"$tmp/snapserver.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $control_port), 0.2)" 2>/dev/null && break; sleep 0.05; done
snapclient -h 127.0.0.1 -p "$stream_port" --hostID bench --player file:filename=/dev/null --logsink stderr >"$tmp/snapclient.log" 2>&1 &
pids+=($!)

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }

# One daemon, one session, measured from 3 s in; prints "CPU_SECONDS RSS_KIB".
measure() {
  local name=$1 extra=$2
  printf '[schedule]\nenabled = false\n[session]\nroutine = "none"\nduration = "5m"\n[audio]\ndevice = "null"\nsound = "brown"\n[voice]\ntts = "off"\n%b' \
    "$extra" >"$tmp/$name.toml"
  "$BIN" --config "$tmp/$name.toml" --socket "$tmp/$name.sock" --state-dir "$tmp/$name-state" >"$tmp/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 200); do [ -S "$tmp/$name.sock" ] && break; sleep 0.05; done
  python3 - "$tmp/$name.sock" start <<'PY' >/dev/null || die "$name: the session did not start: $(tail -3 "$tmp/$name.log")"
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2] + "\n").encode())
line = s.makefile().readline()
sys.exit(0 if '"ok":true' in line.replace(" ", "") else 1)
PY
  sleep 3
  local before after
  before=$(cpu_ticks "$pid")
  sleep "$PLAYED"
  after=$(cpu_ticks "$pid")
  echo "$(awk -v a="$after" -v b="$before" -v t="$ticks" 'BEGIN { printf "%.3f", (a - b) / t }') $(rss_kib "$pid")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

read -r rooms_cpu rooms_rss < <(measure rooms "[snapcast]\nserver = \"127.0.0.1\"\nstream_port = $source_port\ncontrol_port = $control_port\n")
grep -q "Snapcast rooms set" "$tmp/rooms.log" || die "the session did not reach the rooms: $(grep -i snapcast "$tmp/rooms.log" | tail -3)"
read -r alsa_cpu alsa_rss < <(measure alsa "")
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
pct() { awk -v c="$1" -v s="$PLAYED" 'BEGIN { printf "%.2f", 100 * c / s }'; }
printf 'rooms  %-50s %8s %%   on ALSA "null" %s %%   %.2fx\n' "daemon CPU playing to Snapcast (one room)" \
  "$(pct "$rooms_cpu")" "$(pct "$alsa_cpu")" "$(awk -v a="$rooms_cpu" -v b="$alsa_cpu" 'BEGIN { print (b > 0 ? a / b : 0) }')"
printf 'rooms  %-50s %8s MiB   on ALSA "null" %s MiB   %.2fx\n' "daemon resident memory playing to Snapcast" \
  "$(mib "$rooms_rss")" "$(mib "$alsa_rss")" "$(awk -v a="$rooms_rss" -v b="$alsa_rss" 'BEGIN { print a / b }')"
