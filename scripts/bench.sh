#!/usr/bin/env bash
# winddown benchmark: speed and memory figures side by side with sox, in one run.
#
#   1. Render speed: the same 10-minute job rendered by `winddownd render`
#      and by an equivalent sox pipeline (48 kHz, stereo, 16-bit, 600 s,
#      levelled, resampled, looped, faded in and out, limited), best of
#      $BENCH_RUNS runs: CPU seconds (user+sys), audio seconds per CPU
#      second, peak RSS.
#   2. Resident memory while playing in real time on a private PulseAudio
#      null sink (paced like a sound card), next to paplay and sox playing
#      the same thing on the same sink.
#   3. The idle daemon's wake-ups and memory, 100 concurrent clients, and
#      the wake-ups per second while a session plays, next to sox.
#   4. The schedule's firing delay, next to a timed sleep.
#   5. TOML parse time per MiB, ours against Python's tomllib.
#   6. The fuzzers' executions per second.
#   7. Making every shipped prompt clip with Piper's neural voice: CPU and
#      wall time, real-time factor and pace, next to espeak-ng on the same
#      texts (scripts/bench/voice.sh).
#   8. The Home Assistant bridge: winddown-mqtt's idle memory and wake-ups
#      next to mosquitto_sub, and a command's round trip through a real
#      broker and the daemon next to the broker alone (scripts/bench/mqtt.sh).
#   9. The web page: winddown-web's idle memory and wake-ups and its
#      requests per second next to Python's http.server, and the page's
#      size (scripts/bench/web.sh).
#  10. Snapcast: the daemon's CPU and memory playing a session to a private
#      snapserver, next to the same session on ALSA (scripts/bench/rooms.sh).
#  11. The desktop bridge: winddown-mpris's idle memory and wake-ups next to
#      dbus-monitor, and a property read next to the bus's own (scripts/bench/mpris.sh).
#   Targets with PASS/MISS. Exits 0 on a MISS; non-zero only when a
#      figure could not be measured.
#
# Environment:
#   BIN                 winddownd binary (default .build/release/winddownd)
#   BENCH_RUNS          runs per render row, best one kept (default 3)
#   BENCH_PLAY_SECONDS  length of each real-time play (default 15)
#   BENCH_KEEP=1        keep the temp directory (paths printed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${BIN:-.build/release/winddownd}"
RUNS="${BENCH_RUNS:-3}"
PLAY_SECONDS="${BENCH_PLAY_SECONDS:-15}"
RENDER_SECONDS=600          # 7 min held + 3 min fade-out
GUIDED=7m
FADE_OUT=3m
FADE_OUT_S=180
FADE_IN_S=8                 # winddown's fixed rise
FLAC_SECONDS=60
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 1; }
PARSE_REPEATS=${PARSE_REPEATS:-8}
BENCH_FUZZ_SECONDS=${BENCH_FUZZ_SECONDS:-10}
[ -x "$BIN" ] || die "no winddownd at $BIN (run 'make build', or set BIN)"
[ -x "$TIME" ] || die "$TIME missing: apt-get install time (GNU time measures CPU and peak RSS)"
for tool in sox soxi awk; do command -v "$tool" >/dev/null || die "$tool missing (scripts/bootstrap.sh installs it)"; done
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

tmp="$(mktemp -d /tmp/winddown-bench.XXXXXX)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

unmeasured=()   # figures that could not be measured: non-zero exit

# ---------------------------------------------------------------- inputs
# A 60 s, 44.1 kHz stereo FLAC: filtered pink noise with a slow swell, like
# a recorded rain or surf loop a user would pick.
flac="$tmp/user-sound.flac"
sox -q -n -r 44100 -c 2 -b 16 "$flac" synth "$FLAC_SECONDS" pinknoise synth "$FLAC_SECONDS" sine amod 0.1 40 \
  lowpass 3000 highpass 80 tremolo 0.13 30 gain -n -3

write_config() { # SOUND FILE
  cat >"$2" <<EOF
[session]
routine = "none"
[audio]
sound = "$1"
volume = 20
max_volume = 50
EOF
}
write_config "$flac" "$tmp/file.toml"
write_config brown "$tmp/brown.toml"

# ---------------------------------------------------------------- measuring
# best_of NAME OUTPUT CMD...: runs CMD $RUNS times under GNU time; records the
# lowest user+sys CPU seconds and the lowest peak RSS (KiB) in $tmp/NAME.best,
# and checks OUTPUT is 48 kHz stereo 16-bit of the expected length.
best_of() {
  local name="$1" output="$2"; shift 2
  local i best_cpu="" best_rss="" cpu rss u s m
  for ((i = 1; i <= RUNS; i++)); do
    rm -f "$output"
    if ! "$TIME" -f '%U %S %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.log" 2>&1; then
      echo "bench: $name failed:" >&2; tail -5 "$tmp/$name.log" >&2
      unmeasured+=("$name"); return 0
    fi
    read -r u s m <"$tmp/$name.time"
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    rss=$m
    if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
    if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
  done
  local format
  format="$(soxi -r "$output") Hz $(soxi -c "$output") ch $(soxi -b "$output")-bit $(soxi -D "$output") s"
  local seconds="${EXPECT_SECONDS:-$RENDER_SECONDS}"
  if [ "$format" != "48000 Hz 2 ch 16-bit $seconds.000000 s" ]; then
    echo "bench: $name wrote $format, not 48000 Hz 2 ch 16-bit $seconds s: not comparable" >&2
    unmeasured+=("$name"); return 0
  fi
  # sox reports 0.00 s for very fast runs: count at least one tick.
  awk -v c="$best_cpu" 'BEGIN { exit !(c < 0.01) }' && best_cpu=0.01
  echo "$best_cpu $best_rss" >"$tmp/$name.best"
}

# The sox side of each row does the same work as winddown:
#   file:  decode the FLAC, level it (gain -n: a scan pass over the file, as
#          winddown's loudness scan is), loop it to 600 s, resample 44.1 -> 48 kHz
#          (rate -h, comparable to libsamplerate SINC_MEDIUM), fade in 8 s /
#          out 180 s, a 5 ms look-ahead limiter at -6 dBFS (compand with
#          delay = winddown's 50% ceiling), 16-bit out, no dither (winddown's
#          WAV sink does not dither either).
#   brown: the same, with a brown-noise generator instead of the file.
# winddown also crossfades 3 s at each loop point; sox's repeat does not.
limiter=(compand 0.001,0.25 -6.02,-6.02,0,-6.02 0 -90 0.005)
repeats=$(( (RENDER_SECONDS + FLAC_SECONDS - 1) / FLAC_SECONDS - 1 ))
fade=(fade l "$FADE_IN_S" "$RENDER_SECONDS" "$FADE_OUT_S")

echo "winddown bench: $(basename "$BIN") $(stat -c %y "$BIN" | cut -d. -f1), sox $(sox --version | awk '{print $NF}'), $(nproc) CPUs, best of $RUNS"
echo "rendering 2 x 2 x $RUNS sessions of $((RENDER_SECONDS / 60)) min..."

best_of wd-file "$tmp/wd-file.wav" \
  "$BIN" render --config "$tmp/file.toml" --output "$tmp/wd-file.wav" --duration "$GUIDED" --fade-out "$FADE_OUT"
best_of sox-file "$tmp/sox-file.wav" \
  sox -D -q "$flac" -r 48000 -c 2 -b 16 "$tmp/sox-file.wav" \
  gain -n -12 repeat "$repeats" trim 0 "$RENDER_SECONDS" rate -h 48k "${fade[@]}" "${limiter[@]}"
best_of wd-brown "$tmp/wd-brown.wav" \
  "$BIN" render --config "$tmp/brown.toml" --output "$tmp/wd-brown.wav" --duration "$GUIDED" --fade-out "$FADE_OUT"
best_of sox-brown "$tmp/sox-brown.wav" \
  sox -D -q -n -r 48000 -c 2 -b 16 "$tmp/sox-brown.wav" \
  synth "$RENDER_SECONDS" brownnoise vol 0.1 "${fade[@]}" "${limiter[@]}"
rm -f "$tmp"/*.wav

# The guided session as it ships: the foot-massage routine for 15 minutes,
# its spoken prompts, chimes and breathing tone over brown noise, then the
# default 20-minute tail. The peer is sox making the same 35 minutes of
# brown noise with its fades: the session's bed without the guidance.
SESSION_SECONDS=2100
echo "rendering the default guided session (15 min + 20 min tail) x $RUNS..."
EXPECT_SECONDS=$SESSION_SECONDS best_of wd-session "$tmp/wd-session.wav" \
  "$BIN" render --output "$tmp/wd-session.wav" --duration 15m --fade-out 20m
EXPECT_SECONDS=$SESSION_SECONDS best_of sox-session "$tmp/sox-session.wav" \
  sox -D -q -n -r 48000 -c 2 -b 16 "$tmp/sox-session.wav" \
  synth "$SESSION_SECONDS" brownnoise vol 0.1 fade l "$FADE_IN_S" "$SESSION_SECONDS" 1200 "${limiter[@]}"
rm -f "$tmp"/*.wav

# ---------------------------------------------------------------- playing
# A private PulseAudio with one null sink: it consumes audio in real time like
# a sound card. Private HOME/XDG dirs and socket so it never meets another
# server on this machine; as root it needs --system=false and -n (no default.pa).
pulse_ok=0
device=pulse
pa_dir="$tmp/pulse"
mkdir -p "$pa_dir/home" "$pa_dir/runtime"
chmod 700 "$pa_dir/runtime"
sock="$pa_dir/native.sock"
cat >"$pa_dir/server.pa" <<EOF
load-module module-null-sink sink_name=bench rate=48000 channels=2
load-module module-native-protocol-unix auth-anonymous=1 socket=$sock
set-default-sink bench
EOF
echo "autospawn = no" >"$pa_dir/client.conf"
pa_env=(HOME="$pa_dir/home" XDG_RUNTIME_DIR="$pa_dir/runtime" XDG_CONFIG_HOME="$pa_dir/home/.config"
  PULSE_SERVER="unix:$sock" PULSE_CLIENTCONFIG="$pa_dir/client.conf")
if command -v pulseaudio >/dev/null; then
  env "${pa_env[@]}" pulseaudio -n --daemonize=no --exit-idle-time=-1 --disallow-exit --use-pid-file=no \
    --system=false --disable-shm=yes -F "$pa_dir/server.pa" --log-target=stderr >"$pa_dir/server.log" 2>&1 &
  pa_pid=$!
  pids+=("$pa_pid")
  for _ in $(seq 50); do
    if env "${pa_env[@]}" pactl info >/dev/null 2>&1; then pulse_ok=1; break; fi
    kill -0 "$pa_pid" 2>/dev/null || break
    sleep 0.1
  done
fi
if [ "$pulse_ok" = 0 ]; then
  echo "bench: PulseAudio did not start ($(tail -1 "$pa_dir/server.log" 2>/dev/null || echo 'not installed')); playing to ALSA \"null\" instead" >&2
  device=null
fi

# sample_rss PID OUT: every 0.5 s, the process's VmRSS and VmHWM (KiB) until it
# exits; writes "max_rss max_hwm samples" to OUT.
sample_rss() {
  local pid="$1" out="$2" max=0 hwm=0 n=0 rss h
  while [ -r "/proc/$pid/status" ]; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    h=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$rss" ] || break   # exited (a zombie has no memory lines)
    ((rss > max)) && max=$rss
    [ -n "$h" ] && ((h > hwm)) && hwm=$h
    n=$((n + 1))
    sleep 0.5
  done
  echo "$max $hwm $n" >"$out"
}

# play_measured NAME SECONDS CMD...: starts CMD in the background with the
# PulseAudio environment, samples it, stops it (SIGTERM) after SECONDS + 5 s
# if it has not ended by itself.
play_started=()
play_measured() {
  local name="$1" seconds="$2"; shift 2
  env "${pa_env[@]}" "$@" >"$tmp/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  sample_rss "$pid" "$tmp/$name.rss" &
  local sampler=$!
  pids+=("$sampler")
  play_started+=("$name:$pid:$sampler:$seconds")
}
play_finish() {
  local entry name pid sampler seconds deadline status
  deadline=$((SECONDS + PLAY_SECONDS + 6))
  for entry in "${play_started[@]}"; do
    IFS=: read -r name pid sampler seconds <<<"$entry"
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    # peers that play a whole file are stopped at the same point
    kill "$pid" 2>/dev/null || true
    status=0; wait "$pid" 2>/dev/null || status=$?
    wait "$sampler" 2>/dev/null || true
    if [ "$name" = wd-file-play ] || [ "$name" = wd-brown-play ]; then
      if [ "$status" -ne 0 ] || grep -q "unavailable\|lost ALSA" "$tmp/$name.log"; then
        echo "bench: $name did not play cleanly (exit $status):" >&2; tail -5 "$tmp/$name.log" >&2
        unmeasured+=("$name")
      fi
    fi
    if [ ! -s "$tmp/$name.rss" ] || [ "$(awk '{ print $3 }' "$tmp/$name.rss")" -lt 2 ]; then
      echo "bench: $name: too few memory samples" >&2; tail -3 "$tmp/$name.log" >&2
      unmeasured+=("$name"); rm -f "$tmp/$name.rss"
    fi
  done
  play_started=()
}

fade_s=3
held=$((PLAY_SECONDS - fade_s))
echo "playing ${PLAY_SECONDS} s in real time on $( [ "$device" = pulse ] && echo 'a private PulseAudio null sink' || echo 'ALSA null') (file, then brown)..."
sox_out=(-t alsa "$device")
[ "$device" = null ] && sox_out=(-t alsa null)

play_measured wd-file-play "$PLAY_SECONDS" \
  "$BIN" play --config "$tmp/file.toml" --device "$device" --duration "${held}s" --fade-out "${fade_s}s"
if [ "$pulse_ok" = 1 ]; then
  play_measured paplay-file "$PLAY_SECONDS" paplay "$flac"
fi
play_measured sox-file-play "$PLAY_SECONDS" \
  sox -q "$flac" -r 48000 "${sox_out[@]}" trim 0 "$PLAY_SECONDS" rate -h 48k fade l "$FADE_IN_S" "$PLAY_SECONDS" "$fade_s"
play_finish

play_measured wd-brown-play "$PLAY_SECONDS" \
  "$BIN" play --config "$tmp/brown.toml" --device "$device" --duration "${held}s" --fade-out "${fade_s}s"
play_measured sox-brown-play "$PLAY_SECONDS" \
  sox -q -n -r 48000 -c 2 -b 16 "${sox_out[@]}" synth "$PLAY_SECONDS" brownnoise vol 0.1 fade l "$FADE_IN_S" "$PLAY_SECONDS" "$fade_s"
play_finish

# ---------------------------------------------------------------- table
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
field() { [ -s "$tmp/$1" ] && awk -v i="$2" '{ print $i }' "$tmp/$1" || echo ""; }
verdict() { [ -z "$1" ] && echo "n/a" || { awk "BEGIN { exit !($1) }" && echo PASS || echo MISS; }; }

echo
echo "1. Render: ${RENDER_SECONDS} s of 48 kHz stereo 16-bit session audio (best of $RUNS)"
printf '   %-50s %8s %13s %9s\n' "job" "CPU s" "audio s/CPU s" "peak RSS"
row() { # NAME LABEL
  local cpu rss
  cpu=$(field "$1.best" 1); rss=$(field "$1.best" 2)
  if [ -z "$cpu" ]; then printf '   %-50s %8s %12s %9s\n' "$2" "-" "-" "-"; return; fi
  printf '   %-50s %8s %13.0f %5s MiB\n' "$2" "$cpu" "$(awk -v c="$cpu" -v a=$RENDER_SECONDS 'BEGIN { print a / c }')" "$(mib "$rss")"
}
ratio_line() { # WD SOX LABEL
  local a b r
  a=$(field "$1.best" 1); b=$(field "$2.best" 1)
  if [ -z "$a" ] || [ -z "$b" ]; then r=""; else r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }'); fi
  printf '   %-50s %8s   target >= 1.00x sox   %s\n' "$3" "${r:--}x" "$(verdict "${r:+$r >= 1.0}")"
}
row wd-file   "winddownd render, FLAC loop (levelled, 48k)"
row sox-file  "sox: FLAC gain -n, repeat, rate -h, fade, limit"
ratio_line wd-file sox-file "   speed winddown / sox (file)"
row wd-brown  "winddownd render, built-in brown"
row sox-brown "sox: synth brownnoise, fade, limit"
ratio_line wd-brown sox-brown "   speed winddown / sox (brown)"

echo
echo "   The default guided session: foot-massage 15 min + 20 min tail (${SESSION_SECONDS} s)"
srow() { # NAME LABEL TARGET?
  local cpu rss v=""
  cpu=$(field "$1.best" 1); rss=$(field "$1.best" 2)
  if [ -z "$cpu" ]; then printf '   %-50s %8s %12s %9s\n' "$2" "-" "-" "-"; return; fi
  if [ -n "${3:-}" ]; then v="target < 2 s  $(verdict "$cpu < 2.0")"; fi
  printf '   %-50s %8s %13.0f %5s MiB  %s\n' "$2" "$cpu" "$(awk -v c="$cpu" -v a=$SESSION_SECONDS 'BEGIN { print a / c }')" "$(mib "$rss")" "$v"
}
srow wd-session  "winddownd render, default session" target
srow sox-session "sox: brown noise bed alone, fades, limit"
a=$(field wd-session.best 1); b=$(field sox-session.best 1)
if [ -n "$a" ] && [ -n "$b" ]; then
  printf '   %-50s %8sx  (the session does the bed and the guidance)\n' "   speed winddown / sox (bed alone)" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')"
fi

echo
echo "2. Playing ${PLAY_SECONDS} s in real time on $( [ "$device" = pulse ] && echo "PulseAudio null sink (ALSA \"pulse\" PCM)" || echo "ALSA \"null\" (PulseAudio unavailable: not paced like a sound card)")"
printf '   %-50s %12s %10s %10s\n' "player" "max VmRSS" "VmHWM" "target"
prow() { # NAME LABEL TARGET?
  local rss hwm v=""
  rss=$(field "$1.rss" 1); hwm=$(field "$1.rss" 2)
  if [ -z "$rss" ]; then printf '   %-50s %12s %10s\n' "$2" "-" "-"; return; fi
  if [ -n "${3:-}" ]; then v="< 15 MiB $(verdict "$hwm < 15 * 1024")"; fi
  printf '   %-50s %8s MiB %6s MiB %s\n' "$2" "$(mib "$rss")" "$(mib "$hwm")" "$v"
}
prow wd-file-play   "winddownd play --device $device, FLAC loop" target
if [ "$device" = pulse ]; then prow paplay-file "paplay FLAC (native PulseAudio client)"; fi
prow sox-file-play  "sox FLAC -> rate 48k -> ALSA $device"
prow wd-brown-play  "winddownd play --device $device, brown" target
prow sox-brown-play "sox synth brownnoise -> ALSA $device"

# ---------------------------------------------------------------- the daemon
# Idle: resident memory and how often its threads wake (context switches of
# every thread over IDLE_SECONDS), with no watchdog set. Then ping round trips
# with 100 clients at once. The nightly schedule is armed (two hours ahead):
# its timer sleeps in the kernel, so it adds no wake-ups.
IDLE_SECONDS="${BENCH_IDLE_SECONDS:-20}"
echo
echo "3. The daemon: idle for ${IDLE_SECONDS} s with the schedule armed, then 100 concurrent clients"
armed_at=$(date -u -d '+2 hours' +%H:%M)
printf '[schedule]\ntime = "%s"\ntimezone = "UTC"\n[session]\nroutine = "quick"\n' "$armed_at" >"$tmp/daemon.toml"
"$BIN" --config "$tmp/daemon.toml" --socket "$tmp/control.sock" --state-dir "$tmp/state" >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
pids+=("$daemon_pid")
for _ in $(seq 100); do [ -S "$tmp/control.sock" ] && break; sleep 0.05; done
switches() { # all threads' voluntary + involuntary context switches
  cat /proc/"$daemon_pid"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'
}
sleep 2
before=$(switches)
sleep "$IDLE_SECONDS"
after=$(switches)
idle_rss=$(awk '/VmRSS/ { print $2 }' /proc/"$daemon_pid"/status)
idle_private=$(awk '/RssAnon/ { print $2 }' /proc/"$daemon_pid"/status)
wakeups=$(awk -v a="$before" -v b="$after" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.1f", (b - a) * 60 / s }')
printf '   %-50s %8s MiB   target < 8 MiB   %s\n' "idle resident memory (VmRSS)" "$(mib "$idle_rss")" "$(verdict "$idle_rss < 8 * 1024")"
printf '   %-50s %8s MiB\n' "   of which private (RssAnon)" "$(mib "$idle_private")"
printf '   %-50s %8s /min   target 0         %s\n' "idle wake-ups (schedule armed, no watchdog)" "$wakeups" "$(verdict "$wakeups == 0")"
if command -v python3 >/dev/null; then
  read -r p50 p99 pmax count errors < <(python3 scripts/bench/socket_load.py "$tmp/control.sock" 100 50 || echo "- - - 0 1")
  printf '   %-50s %8s ms p50, %s ms p99, %s ms max (%s requests, %s errors)\n' "ping round trip, 100 clients x 50" "$p50" "$p99" "$pmax" "$count" "$errors"
else
  unmeasured+=("round-trip (python3 missing)")
fi
if command -v mpd >/dev/null; then
  echo "   (mpd is installed, but comparing it needs its own configuration; not measured)"
else
  echo "   mpd is not installed here: no side-by-side figures for it"
fi
kill "$daemon_pid" 2>/dev/null || true
wait "$daemon_pid" 2>/dev/null || true

# Wake-ups while a session plays: a daemon plays the sleep sound (routine
# none) and its threads' context switches are counted over PLAYING_SECONDS.
# On ALSA null only winddown's own threads run (the target applies there);
# on the row-2 device a sound server's client library adds its threads, so
# sox playing brown noise to the same device is measured beside it.
PLAYING_SECONDS="${BENCH_PLAYING_SECONDS:-10}"
thread_switches() { # PID: all its threads' voluntary + involuntary context switches
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'
}
playing_wakeups() { # DEVICE PEER(0|1): prints "daemon_per_s peer_per_s", or nothing when no session started
  local dev="$1" peer="$2" d_pid s_pid="" d_a d_b s_a=0 s_b=0 out
  out=(-t alsa "$dev")
  printf '[schedule]\nenabled = false\n[session]\nroutine = "none"\nduration = "5m"\n[audio]\ndevice = "%s"\nsound = "brown"\n[voice]\ntts = "off"\n' \
    "$dev" >"$tmp/playing-$dev.toml"
  rm -f "$tmp/playing-$dev.sock"
  env "${pa_env[@]}" "$BIN" --config "$tmp/playing-$dev.toml" --socket "$tmp/playing-$dev.sock" --state-dir "$tmp/playing-$dev-state" \
    >"$tmp/playing-$dev.log" 2>&1 &
  d_pid=$!
  pids+=("$d_pid")
  for _ in $(seq 100); do [ -S "$tmp/playing-$dev.sock" ] && break; sleep 0.05; done
  python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"start\n"); print(s.recv(4096).decode().strip())' \
    "$tmp/playing-$dev.sock" >"$tmp/playing-$dev.start" 2>&1 || true
  if [ "$peer" = 1 ]; then
    env "${pa_env[@]}" sox -q -n -r 48000 -c 2 -b 16 "${out[@]}" synth $((PLAYING_SECONDS + 6)) brownnoise vol 0.1 \
      >"$tmp/playing-sox.log" 2>&1 &
    s_pid=$!
    pids+=("$s_pid")
  fi
  sleep 3
  d_a=$(thread_switches "$d_pid"); [ -n "$s_pid" ] && s_a=$(thread_switches "$s_pid")
  sleep "$PLAYING_SECONDS"
  d_b=$(thread_switches "$d_pid"); [ -n "$s_pid" ] && s_b=$(thread_switches "$s_pid")
  kill "$d_pid" $s_pid 2>/dev/null || true
  wait "$d_pid" $s_pid 2>/dev/null || true
  grep -q '"ok":true' "$tmp/playing-$dev.start" || return 0
  awk -v a="$d_a" -v b="$d_b" -v c="$s_a" -v d="$s_b" -v s="$PLAYING_SECONDS" 'BEGIN { printf "%.1f %.1f\n", (b - a) / s, (d - c) / s }'
}
read -r null_wakeups _ < <(playing_wakeups null 0) || true
if [ -n "${null_wakeups:-}" ]; then
  printf '   %-50s %8s /s     target <= 20     %s\n' "wake-ups while a session plays (ALSA null)" "$null_wakeups" "$(verdict "$null_wakeups <= 20")"
else
  unmeasured+=("wake-ups while playing on null (the session did not start: $(cat "$tmp/playing-null.start"))")
fi
if [ "$device" != null ]; then
  read -r dev_wakeups sox_wakeups < <(playing_wakeups "$device" 1) || true
  if [ -n "${dev_wakeups:-}" ]; then
    printf '   %-50s %8s /s\n' "wake-ups while a session plays ($device, its client threads too)" "$dev_wakeups"
    printf '   %-50s %8s /s\n' "sox playing brown noise on the same device (peer)" "$sox_wakeups"
    printf '   %-50s %8s\n' "   ratio winddownd / sox" "$(awk -v a="$dev_wakeups" -v b="$sox_wakeups" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')"
  else
    unmeasured+=("wake-ups while playing on $device (the session did not start: $(cat "$tmp/playing-$device.start"))")
  fi
fi

# ---------------------------------------------------------------- the schedule
# Firing delay: FIRE_DAEMONS daemons all scheduled for the same coming minute
# (UTC), each logging how long after the minute its scheduled start was
# decided; beside them as many python3 processes sleeping until the same
# minute and reporting how late they woke (the peer: a plain timed sleep).
# All wake at once on 2 cores, so this is the crowded case.
FIRE_DAEMONS="${BENCH_FIRE_DAEMONS:-12}"
echo
echo "4. The schedule: $FIRE_DAEMONS daemons and $FIRE_DAEMONS timed sleeps waking at the same minute"
now=$(date +%s)
minute=$(( (now / 60 + 1) * 60 ))
(( minute - now < 15 )) && minute=$(( minute + 60 ))
fire_at=$(date -u -d "@$minute" +%H:%M)
fire_pids=()
for i in $(seq "$FIRE_DAEMONS"); do
  mkdir -p "$tmp/fire$i"
  printf '[schedule]\ntime = "%s"\ntimezone = "UTC"\n[session]\nroutine = "none"\nduration = "5m"\nfade_out = "1m"\n[audio]\ndevice = "null"\n[voice]\ntts = "off"\n' \
    "$fire_at" >"$tmp/fire$i/winddown.toml"
  "$BIN" --config "$tmp/fire$i/winddown.toml" --socket "$tmp/fire$i/control.sock" --state-dir "$tmp/fire$i/state" \
    >"$tmp/fire$i/daemon.log" 2>&1 &
  fire_pids+=("$!")
  pids+=("$!")
  python3 -c 'import sys, time
target = float(sys.argv[1])
time.sleep(max(0.0, target - time.time()))
print("%.3f" % ((time.time() - target) * 1000))' "$minute" >"$tmp/fire$i/peer.ms" &
  pids+=("$!")
done
sleep $(( minute - $(date +%s) + 3 ))
lateness_ms() { # the "(N ms after its time)" of each daemon's log
  for i in $(seq "$FIRE_DAEMONS"); do
    sed -n 's/.*starting the nightly session of .* (\([0-9.]*\) ms after its time).*/\1/p' "$tmp/fire$i/daemon.log" | head -1
  done
}
stats() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - - 0"; exit }
  p99 = v[int(0.99 * (NR - 1)) + 1]; printf "%.2f %.2f %.2f %d\n", v[int(0.5 * (NR - 1)) + 1], p99, v[NR], NR }'; }
read -r f50 f99 fmax fcount < <(lateness_ms | stats)
read -r s50 s99 smax scount < <(cat "$tmp"/fire*/peer.ms 2>/dev/null | stats)
printf '   %-50s %8s ms p50, %s ms p99, %s ms max (%s of %s)   target p99 < 20 ms  %s\n' \
  "scheduled start after the minute, winddownd" "$f50" "$f99" "$fmax" "$fcount" "$FIRE_DAEMONS" "$([ "$f99" = - ] && echo n/a || verdict "$f99 < 20")"
printf '   %-50s %8s ms p50, %s ms p99, %s ms max (%s)\n' "python3 time.sleep to the same minute (peer)" "$s50" "$s99" "$smax" "$scount"
if [ "$fcount" != "$FIRE_DAEMONS" ]; then unmeasured+=("firing delay ($fcount of $FIRE_DAEMONS daemons logged a start)"); fi
if [ "$scount" -gt 0 ] && [ "$fcount" -gt 0 ]; then
  printf '   %-50s %8s\n' "p99 ratio winddownd / peer" "$(awk -v a="$f99" -v b="$s99" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')"
fi
for pid in "${fire_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${fire_pids[@]}"; do wait "$pid" 2>/dev/null || true; done

# ---------------------------------------------------------------- parsing
# The TOML reader against Python's tomllib on the same 1 MiB document (many
# tables, every kind of value), 8 times over: milliseconds per MiB.
echo
echo "5. Parsing TOML (1 MiB documents, $PARSE_REPEATS of them)"
DECODER=${DECODER:-$(dirname "$BIN")/toml-decode}
[ -x "$DECODER" ] || die "no $DECODER; build it with swift build -c release"
python3 - "$tmp/doc.toml" <<'PY'
import random, sys
random.seed(7)
out, size, n = [], 0, 0
while size < 1 << 20:
    n += 1
    block = (f'[table_{n}]\nname = "sleep sound {n} \\u00e9"\nlevel = {random.randint(-10**6, 10**6)}\n'
             f'gain = {random.uniform(-60, 0):.6f}\nenabled = {str(n % 2 == 0).lower()}\n'
             f'when = 2026-12-{n % 28 + 1:02d}T22:30:00+01:00\nsteps = [1, 2, 3, "four", {{ x = 5 }}]\n'
             f'text = """\nA calm line, number {n}.\n"""\n[[table_{n}.cue]]\nat = "{n % 60}s"\n\n')
    out.append(block)
    size += len(block)
open(sys.argv[1], "w").write("".join(out))
PY
doc_bytes=$(stat -c %s "$tmp/doc.toml")
python3 - "$tmp/doc.toml" "$tmp/batch.bin" "$PARSE_REPEATS" <<'PY'
import struct, sys
doc = open(sys.argv[1], "rb").read()
with open(sys.argv[2], "wb") as f:
    for _ in range(int(sys.argv[3])):
        f.write(struct.pack("<I", len(doc)) + doc)
PY
ours_s=$( { /usr/bin/time -f '%e %U %S' "$DECODER" --verdicts-only "$tmp/batch.bin" >"$tmp/verdicts.txt"; } 2>&1 | awk '{ print $2 + $3 }')
grep -qv '^ok$' "$tmp/verdicts.txt" && unmeasured+=("toml-decode rejected the benchmark document")
peer_s=$(python3 - "$tmp/doc.toml" "$PARSE_REPEATS" <<'PY'
import sys, time, tomllib
text = open(sys.argv[1], encoding="utf-8").read()
start = time.process_time()
for _ in range(int(sys.argv[2])):
    tomllib.loads(text)
print("%.3f" % (time.process_time() - start))
PY
)
per_mib() { awk -v s="$1" -v b="$doc_bytes" -v r="$PARSE_REPEATS" 'BEGIN { printf "%.1f", s * 1000 / (b * r / 1048576) }'; }
printf '   %-50s %8s ms/MiB\n' "winddown TOML reader (toml-decode)" "$(per_mib "$ours_s")"
printf '   %-50s %8s ms/MiB\n' "Python tomllib (peer)" "$(per_mib "$peer_s")"
printf '   %-50s %8s\n' "ratio winddown / peer (lower is faster)" "$(awk -v a="$ours_s" -v b="$peer_s" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')"

# ---------------------------------------------------------------- fuzzing
echo
echo "6. Fuzzers (libFuzzer, ${BENCH_FUZZ_SECONDS}s each): executions per second"
scripts/fuzz.sh build >/dev/null
FUZZ_SECONDS=$BENCH_FUZZ_SECONDS scripts/fuzz.sh run | sed -n 's/^fuzz: \([a-z]*\) ok: \(.*\)/   \1: \2/p'

# ---------------------------------------------------------------- voice
echo
echo "7. The voice: every shipped prompt clip made again (into a temp folder)"
scripts/bench/voice.sh | sed 's/^voice  /   /' || unmeasured+=("the voice's render times")

# ---------------------------------------------------------------- home assistant
echo
echo "8. The Home Assistant bridge (winddown-mqtt) on a private Mosquitto broker"
BIN="$BIN" scripts/bench/mqtt.sh | sed 's/^mqtt   /   /' || unmeasured+=("the MQTT bridge's figures")

# ---------------------------------------------------------------- web page
echo
echo "9. The phone page (winddown-web) on loopback, with wrk"
BIN="$BIN" scripts/bench/web.sh | sed 's/^web    /   /' || unmeasured+=("the web page's figures")

# ---------------------------------------------------------------- rooms
echo
echo "10. Several rooms: a session played to a private snapserver, next to the same session on ALSA"
BIN="$BIN" scripts/bench/rooms.sh | sed 's/^rooms  /   /' || unmeasured+=("the Snapcast figures")

# ---------------------------------------------------------------- desktop
echo
echo "11. The desktop's media controls (winddown-mpris) on a private session bus"
BIN="$BIN" scripts/bench/mpris.sh | sed 's/^mpris  /   /' || unmeasured+=("the MPRIS bridge's figures")

echo
if ((${#unmeasured[@]})); then
  echo "bench: could not measure: ${unmeasured[*]}" >&2
  exit 1
fi
