#!/usr/bin/env bash
# README command 1: install quangba and build the site from the sample content into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install.sh
.venv/bin/quangba build
