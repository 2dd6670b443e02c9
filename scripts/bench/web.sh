#!/usr/bin/env bash
# The web page's figures, side by side with Python's http.server (the
# usual quick way to put a page on a Raspberry Pi) as the peer: resident
# memory and wake-ups while nobody looks, requests per second for
# /api/status (every one a round trip to the daemon) and for a static
# asset, with wrk on loopback (bounded: one thread, 8 connections, a few
# seconds), and the page's size with everything it loads.
#
#   BIN          winddownd (winddown-web is taken from the same folder)
#   IDLE         seconds to count wake-ups over (default 30)
#   LOAD         seconds of load per wrk run (default 5)
# Exits non-zero only when a figure cannot be measured.
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH_NAME=web
. scripts/bench/processes.sh
BIN="${BIN:-.build/release/winddownd}"
WEB="$(dirname "$BIN")/winddown-web"
IDLE="${IDLE:-30}"
LOAD="${LOAD:-5}"
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool missing (scripts/bootstrap.sh installs it)"; done
[ -x "$WEB" ] || die "no winddown-web at $WEB"

port=$(free_port)
peer_port=$(free_port)
armed_at=$(date -u -d '+2 hours' +%H:%M)
printf '[schedule]\ntime = "%s"\ntimezone = "UTC"\n[voice]\ntts = "off"\n[web]\nlisten = "127.0.0.1:%s"\ntoken_file = "%s/web-token"\n' \
  "$armed_at" "$port" "$tmp" >"$tmp/winddown.toml"
"$BIN" --config "$tmp/winddown.toml" --socket "$tmp/control.sock" --state-dir "$tmp/state" >"$tmp/daemon.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$tmp/control.sock" ] && break; sleep 0.05; done
"$WEB" --config "$tmp/winddown.toml" --socket "$tmp/control.sock" >"$tmp/web.log" 2>&1 &
web_pid=$!
pids+=("$web_pid")
for _ in $(seq 200); do grep -q "on your phone" "$tmp/web.log" && break; sleep 0.05; done
grep -q "on your phone" "$tmp/web.log" || die "winddown-web did not start: $(cat "$tmp/web.log")"
token=$(cat "$tmp/web-token")

# The peer serves a file of the size of /api/status's answer.
mkdir -p "$tmp/peer/api"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/status" >"$tmp/peer/api/status" || die "no status from winddown-web"
(cd "$tmp/peer" && exec python3 -m http.server "$peer_port" --bind 127.0.0.1 >"$tmp/peer.log" 2>&1) &
peer_pid=$!
pids+=("$peer_pid")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$peer_port/api/status" >/dev/null && break; sleep 0.05; done

# Context switches per thread ("TID COUNT" lines). Swift's worker threads
# come and go, so the wake-ups are counted over the threads alive at the
# end: each one's switches since the start (all of them for a new thread).
switches() {
  for task in /proc/"$1"/task/*; do
    echo "${task##*/} $(awk '/ctxt_switches/ { n += $2 } END { print n + 0 }' "$task/status" 2>/dev/null)"
  done
}
woken() { awk 'NR == FNR { before[$1] = $2; next } { n += $2 - before[$1] } END { print n + 0 }' "$1" "$2"; }
# Long enough after start-up for idle worker threads to have ended.
sleep 10
switches "$web_pid" >"$tmp/w0"; switches "$peer_pid" >"$tmp/p0"
sleep "$IDLE"
switches "$web_pid" >"$tmp/w1"; switches "$peer_pid" >"$tmp/p1"
per_min() { awk -v n="$1" -v s="$IDLE" 'BEGIN { printf "%.1f", n * 60 / s }'; }
ww=$(per_min "$(woken "$tmp/w0" "$tmp/w1")"); pw=$(per_min "$(woken "$tmp/p0" "$tmp/p1")")
wr=$(rss_kib "$web_pid"); pr=$(rss_kib "$peer_pid")
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf 'web    %-50s %8s MiB   http.server %s MiB   %.2fx  target < 24 MiB  %s\n' "winddown-web idle resident memory (VmRSS)" \
  "$(mib "$wr")" "$(mib "$pr")" "$(awk -v a="$wr" -v b="$pr" 'BEGIN { print a / b }')" \
  "$(awk -v k="$wr" 'BEGIN { print (k < 24 * 1024 ? "PASS" : "MISS") }')"
# Nothing of winddown-web's own wakes while nobody looks (no Date-header
# timer, no polling of the daemon); what is left is libdispatch's
# worker-pool monitor, once a second in any process that uses Swift's
# concurrency on Linux.
printf 'web    %-50s %8s /min   http.server %s /min   target <= 60/min (the worker-pool monitor)  %s\n' \
  "winddown-web idle wake-ups over ${IDLE} s" "$ww" "$pw" "$(awk -v w="$ww" 'BEGIN { print (w <= 62 ? "PASS" : "MISS") }')"

rate() { wrk -t1 -c8 -d"${LOAD}s" "$@" 2>&1 | awk '/Requests\/sec/ { print $2 }'; }
status_rate=$(rate -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/status")
asset_rate=$(rate -H "Authorization: Bearer $token" "http://127.0.0.1:$port/icon.svg")
peer_rate=$(rate "http://127.0.0.1:$peer_port/api/status")
if [ -z "$status_rate" ] || [ -z "$peer_rate" ]; then die "wrk measured nothing"; fi
printf 'web    %-50s %8.0f /s   http.server (a file) %.0f /s   %.2fx  target >= 1000/s  %s\n' "GET /api/status (a round trip to winddownd)" \
  "$status_rate" "$peer_rate" "$(awk -v a="$status_rate" -v b="$peer_rate" 'BEGIN { print a / b }')" \
  "$(awk -v r="$status_rate" 'BEGIN { print (r >= 1000 ? "PASS" : "MISS") }')"
printf 'web    %-50s %8.0f /s\n' "GET /icon.svg (served from the binary)" "$asset_rate"
rss_after=$(rss_kib "$web_pid")
printf 'web    %-50s %8s MiB\n' "winddown-web resident memory after the load" "$(mib "$rss_after")"

page_bytes=0
for path in / /app.js /app.css /icon.svg; do
  size=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" | wc -c)
  page_bytes=$((page_bytes + size))
done
plan_bytes=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/plan.svg?routine=foot-massage" | wc -c)
printf 'web    %-50s %8.1f KiB (page, script, style, icon; no framework)  target < 64 KiB  %s\n' "the page with everything it loads" \
  "$(awk -v b="$page_bytes" 'BEGIN { print b / 1024 }')" "$( ((page_bytes < 65536)) && echo PASS || echo MISS)"
printf 'web    %-50s %8.1f KiB\n' "tonight's plan as SVG (foot-massage, 15 min)" "$(awk -v b="$plan_bytes" 'BEGIN { print b / 1024 }')"
