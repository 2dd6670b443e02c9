#!/usr/bin/env bash
# A short real session: the one-minute demo routine (a greeting, a few
# breaths with the breathing tone, a goodnight) over the sleep sound, then a
# short fade, played through ALSA. With no usable sound device it says so
# and writes the same session to a WAV file instead.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.build/release/winddownd
device="${WINDDOWN_DEVICE:-default}"
guided="${DEMO_DURATION:-1m}"
tail="${DEMO_FADE_OUT:-15s}"
mkdir -p out

echo "winddown demo: a ${guided} guided session over sleep sound, then a ${tail} fade to silence."
if probe=$("$bin" check-audio --device "$device" 2>&1); then
  echo "$probe"
  echo "Playing on ALSA device \"$device\" (Ctrl-C fades out early)..."
  "$bin" play --routine demo --device "$device" --duration "$guided" --fade-out "$tail"
else
  echo "No sound device to play on: $probe"
  echo "(aplay -L lists the PCM names this machine has; set WINDDOWN_DEVICE to pick one.)"
  echo "Writing the demo session to out/demo.wav instead..."
  "$bin" render --routine demo --output out/demo.wav --timeline out/demo-plan.jsonl \
    --duration "$guided" --fade-out "$tail" 2>&1
  echo "Done: out/demo.wav ($(stat -c %s out/demo.wav) bytes). Play it with: aplay out/demo.wav"
fi
