#!/usr/bin/env bash
# install-data.sh FROM TO MODE: copies the files of a data folder (routines,
# hooks, sounds), keeping sub-folders; an empty or missing folder is fine.
set -euo pipefail
from=$1 to=$2 mode=$3
[ -d "$from" ] || exit 0
cd "$from"
find . -type f ! -name '.*' -print0 | while IFS= read -r -d '' f; do
  install -D -m "$mode" "$f" "$to/${f#./}"
done
