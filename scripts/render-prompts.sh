#!/usr/bin/env bash
# Renders the shipped routines' spoken prompts to sounds/prompts/<key>.ogg
# with espeak-ng and sox, removes clips no routine uses, and says which
# engine and settings made them. Clips that exist are kept (--force renders
# all again; --check only reports missing and unused clips).
# The work is done by scripts/prompts/render_prompts.py.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec python3 "$here/prompts/render_prompts.py" "$@"
