#!/usr/bin/env bash
# Builds everything and runs every test: unit tests, the captured-ALSA
# tests, and the integration tests that run the real binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests that need a sound server start their own PulseAudio; it must find
# a runtime directory it may write to.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/winddown-runtime.XXXXXX)}"

swift build --build-tests
# Two workers match the CI machine; the slow integration tests then
# overlap with the quick ones.
swift test --skip-build --parallel --num-workers 2 2>&1 | tee .build/test-output.txt
