#!/usr/bin/env bash
# Install the test tools and run every test (the real spaCy pipeline included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/python -m ruff check .
.venv/bin/python -m pytest "$@"
