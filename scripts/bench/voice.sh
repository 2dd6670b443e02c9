#!/usr/bin/env bash
# The voice's figures, side by side with espeak-ng as a peer: renders every
# shipped prompt clip with Piper (scripts/prompts/render_prompts.py --force
# into a temp folder, the repo untouched), then the same texts with
# espeak-ng (-v en-gb -s 117, one WAV per text), and prints for each the
# CPU and wall seconds, the minutes of speech, the real-time factor
# (wall / audio) and the words per minute.
# Exits non-zero only when a figure cannot be measured.
set -euo pipefail
cd "$(dirname "$0")/../.."

die() { echo "bench voice: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/piper" "$tmp/espeak"

# The prompt texts, one a line, exactly as render_prompts.py collects them.
PYTHONDONTWRITEBYTECODE=1 python3 - >"$tmp/texts" <<'EOF' || die "cannot collect the prompt texts"
import sys
sys.path.insert(0, "scripts/prompts")
import render_prompts as r
for text in r.prompt_texts(r.load_routines()).values():
    print(text)
EOF
count=$(wc -l <"$tmp/texts")
words=$(wc -w <"$tmp/texts")
((count > 0)) || die "no prompt texts"

# Seconds of audio in the files given.
audio_seconds() { soxi -D "$@" | awk '{ s += $1 } END { printf "%.1f", s }'; }

# One row: name, clips, user s, system s, wall s, audio s.
row() {
  awk -v name="$1" -v n="$2" -v user="$3" -v sys="$4" -v wall="$5" -v audio="$6" -v words="$words" 'BEGIN {
    if (audio <= 0) exit 1
    cpu = user + sys
    printf "voice  %-9s all %d shipped clips in %.1f s CPU/ %.1f s wall, %.1f min of speech, real-time factor %.3f (wall/audio), %.0f words/min\n",
      name ":", n, cpu, wall, audio / 60, wall / audio, words / (audio / 60)
  }' || die "$1: no audio to measure"
}

TIMEFORMAT='%R %U %S'

# Piper, through the script that renders the shipped clips (it installs
# the voice first if .venv-voice is missing; that is not timed here).
[ -x .venv-voice/bin/piper ] || [ -n "${WINDDOWN_VOICE_DIR:-}" ] || scripts/install-voice.sh >&2 ||
  die "cannot install the Piper voice"
{ time python3 scripts/prompts/render_prompts.py --force --output "$tmp/piper" --quiet >"$tmp/piper.log" 2>&1; } \
  2>"$tmp/piper.time" || { cat "$tmp/piper.log" >&2; echo "bench voice: the Piper render reported a failure" >&2; }
clips=$(find "$tmp/piper" -name '*.ogg' | wc -l)
((clips == count)) || die "Piper rendered $clips of $count clips"
read -r wall user sys <"$tmp/piper.time"
row piper "$clips" "$user" "$sys" "$wall" "$(audio_seconds "$tmp/piper"/*.ogg)"

# espeak-ng on the same texts, one process a text as the daemon would.
command -v espeak-ng >/dev/null || die "espeak-ng is missing"
speak_all() {
  local n=0 text
  while IFS= read -r text; do
    n=$((n + 1))
    espeak-ng -v en-gb -s 117 -w "$tmp/espeak/$n.wav" "$text" || return 1
  done <"$tmp/texts"
}
{ time speak_all; } 2>"$tmp/espeak.time" || die "espeak-ng failed"
read -r wall user sys <"$tmp/espeak.time"
row espeak-ng "$count" "$user" "$sys" "$wall" "$(audio_seconds "$tmp/espeak"/*.wav)"
