#!/usr/bin/env bash
# Installs Selenium, which drives Debian's headless Chromium (packages
# chromium and chromium-driver, scripts/bootstrap.sh) in the web page's
# browser test, into a virtual environment the project owns:
#
#   scripts/install-browser-test.sh [DEST]   (DEST defaults to <repo>/.venv-browser)
#
# Pinned: selenium 4.27.1 from PyPI and its dependencies. The test points
# Selenium at /usr/bin/chromedriver, so it never downloads a driver.
# Idempotent: a DEST whose stamp matches the pin is left alone.
set -euo pipefail

PINS=(selenium==4.27.1)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
dest=${1:-$root/.venv-browser}
stamp=$dest/.winddown-browser
want=$(printf '%s\n' "${PINS[@]}")

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dest/bin/python" ]; then
  echo "install-browser-test: Selenium already installed in $dest (${PINS[*]})"
  exit 0
fi
rm -rf "$dest"
/usr/bin/python3 -m venv "$dest"
"$dest/bin/pip" install --quiet --disable-pip-version-check "${PINS[@]}"
printf '%s\n' "${PINS[@]}" > "$stamp"
echo "install-browser-test: installed ${PINS[*]} in $dest"
