#!/usr/bin/env bash
# Create .venv and install quangba with the pinned versions of constraints.txt.
# Usage: tools/install.sh [EXTRA]   e.g. tools/install.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
spec="."
if [ -n "${1:-}" ]; then spec=".[$1]"; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e "$spec"
