#!/usr/bin/env bash
# build-pages.sh BINDIR OUTDIR: writes winddown's manual pages into OUTDIR
# and lints them (mandoc -T lint, groff -ww -z: any warning fails).
#
# The command-line pages come from the built programs in BINDIR through
# swift-argument-parser's generate-manual (built here from the package's own
# checkout, or GENERATE_MANUAL=path), finished by finish_page.py with the
# hand-written sections in docs/man/*.more. winddown.toml(5) is
# docs/man/winddown.toml.5.in with its SETTINGS list made from
# docs/reference/settings.toml, the README table's source too.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -ne 2 ]; then
  echo "usage: $0 BINDIR OUTDIR" >&2
  exit 2
fi
bindir=$1
out=$2

need() { command -v "$1" >/dev/null || { echo "$0: $1 is missing: apt-get install $2" >&2; exit 1; }; }
need python3 python3
need mandoc mandoc
need groff groff

version=$(head -n 1 "$root/VERSION" | tr -d '[:space:]')
# The pages' date is the last commit's, so the same tree makes the same pages.
day=$(git -C "$root" log -1 --format=%cs 2>/dev/null || date -u +%F)

tool=${GENERATE_MANUAL:-}
if [ -z "$tool" ]; then
  checkout=
  for scratch in .build-static .build; do
    if [ -d "$root/$scratch/checkouts/swift-argument-parser" ]; then
      checkout=$root/$scratch/checkouts/swift-argument-parser
      break
    fi
  done
  if [ -z "$checkout" ]; then
    swift package --package-path "$root" resolve >&2
    checkout=$root/.build/checkouts/swift-argument-parser
  fi
  mkdir -p "$root/.build-manual"
  swift build --package-path "$checkout" --scratch-path "$root/.build-manual" --product generate-manual \
    >"$root/.build-manual/build.log" 2>&1 || { cat "$root/.build-manual/build.log" >&2; exit 1; }
  tool=$root/.build-manual/debug/generate-manual
fi

mkdir -p "$out"
for entry in winddownd:8 winddownctl:1 winddown-mqtt:1 winddown-web:1 winddown-mpris:1; do
  name=${entry%:*}
  section=${entry#*:}
  if [ ! -x "$bindir/$name" ]; then
    echo "$0: $bindir/$name is not built" >&2
    exit 1
  fi
  "$tool" "$bindir/$name" --section "$section" --date "$day" --output-directory "$out"
  python3 "$here/finish_page.py" "$out/$name.$section" "$version" "$root/docs/man/$name.$section.more"
done

settings=$(python3 "$root/scripts/docs/settings_reference.py" mdoc)
long_day=$(LC_ALL=C date -u -d "$day" '+%B %-d, %Y')
SETTINGS=$settings VERSION=$version DAY=$long_day python3 - "$root/docs/man/winddown.toml.5.in" "$out/winddown.toml.5" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
for key, value in (("@SETTINGS@", os.environ["SETTINGS"]), ("@VERSION@", os.environ["VERSION"]), ("@DATE@", os.environ["DAY"])):
    if key not in text:
        sys.exit(f"{sys.argv[1]}: {key} is missing")
    text = text.replace(key, value)
open(sys.argv[2], "w").write(text)
PY

status=0
for page in "$out"/*.[158]; do
  report=$( { mandoc -T lint -W warning "$page"; groff -ww -z -mandoc "$page"; } 2>&1 ) || true
  if [ -n "$report" ]; then
    echo "$report" >&2
    status=1
  fi
done
exit $status
