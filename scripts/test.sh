#!/usr/bin/env bash
# Install the test tools and run every test (the real spaCy pipeline included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
# the browser tests (tests/e2e) drive Debian's Chromium; install it when missing and root
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; fi
.venv/bin/python -m ruff check .
.venv/bin/python -m pytest "$@"
