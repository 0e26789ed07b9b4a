#!/usr/bin/env bash
# README command 2: install what the tests need (Python extras, Debian's chromium and Noto
# fonts when missing) and run the whole test suite. `.ci/run` runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-system-deps.sh test
tools/install.sh test
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
