#!/usr/bin/env bash
# Builds everything and runs every test: unit tests, the captured-ALSA
# tests, and the integration tests that run the real binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests that need a sound server start their own PulseAudio; it must find
# a runtime directory it may write to.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/winddown-runtime.XXXXXX)}"

swift build --build-tests
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

# Two workers match the CI machine; the slow integration tests then
# overlap with the quick ones.
swift test --skip-build --parallel --num-workers 2 2>&1 | tee .build/test-output.txt
