#!/usr/bin/env bash
# Renders the shipped routines' spoken prompts (and config/caution.txt) to
# sounds/prompts/<key>.ogg with the Piper voice of scripts/install-voice.sh
# and sox, removes clips no prompt uses, and says which engine and settings
# made them. Clips that exist are kept (--force renders all again; --check
# only reports missing and unused clips; --output DIR renders into another
# folder; --quiet prints one summary line).
# The work is done by scripts/prompts/render_prompts.py.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec python3 "$here/prompts/render_prompts.py" "$@"
