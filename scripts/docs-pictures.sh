#!/usr/bin/env bash
# Remakes the README's pictures from the real programs:
#   docs/plan.svg      tonight's plan for the shipped configuration (foot
#                      massage, 15 min and a 20 min fade), with a dimming
#                      hook set so the light line is the one a hook gets
#   docs/web-page.png  the page in headless Chromium during a session
#                      (the browser test, which keeps its screenshot)
# Needs a debug build with tests (swift build --build-tests) and the
# packages and virtual environments `make test` installs.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs
tmp=$(mktemp -d /tmp/winddown-docs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
{ cat config/winddown.toml; printf '\n'; } | sed 's|^\[dimming\]$|[dimming]\nhook = "/bin/true"|' >"$tmp/winddown.toml"
.build/debug/winddownd render --config "$tmp/winddown.toml" --state-dir "$tmp/state" \
  --caution off --plan-svg docs/plan.svg
WINDDOWN_UPDATE_DOCS=1 swift test --skip-build --filter 'WinddownIntegrationTests\.EndToEnd/WebBrowserTests'
echo "docs-pictures: wrote docs/plan.svg and docs/web-page.png"
