#!/usr/bin/env bash
# version.sh: the package's version. The VERSION file's, and for a git tree
# with uncommitted changes that plus +dirty.DATE.COMMIT: such a package says
# what it is, and still sorts above (upgrades) the clean one it started from.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=$(head -n 1 "$root/VERSION" | tr -d '[:space:]')
if ! printf '%s\n' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+([~+][0-9A-Za-z.]+)?$'; then
  echo "$0: $root/VERSION must start with a version such as 1.2.3, found '$version'" >&2
  exit 1
fi
if command -v git >/dev/null && git -C "$root" rev-parse --git-dir >/dev/null 2>&1 &&
  [ -n "$(git -C "$root" status --porcelain)" ]; then
  version="$version+dirty.$(date -u +%Y%m%d%H%M%S).$(git -C "$root" rev-parse --short HEAD)"
fi
echo "$version"
