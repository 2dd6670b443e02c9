#!/usr/bin/env bash
# install-data.sh FROM TO MODE: copies the files of a data folder (routines,
# hooks, sounds), keeping sub-folders; an empty or missing folder is fine.
# A folder's README.md is documentation: 0644 whatever MODE says.
set -euo pipefail
from=$1 to=$2 mode=$3
[ -d "$from" ] || exit 0
cd "$from"
find . -type f ! -name '.*' -print0 | while IFS= read -r -d '' f; do
  case "$f" in
    *.md) install -D -m 0644 "$f" "$to/${f#./}" ;;
    *) install -D -m "$mode" "$f" "$to/${f#./}" ;;
  esac
done
