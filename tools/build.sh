#!/usr/bin/env bash
# README command 1: install what the build needs (Debian's Noto fonts for the social cards,
# when missing; quangba in .venv) and build the site from the sample content into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-system-deps.sh build
tools/install.sh
.venv/bin/quangba build
