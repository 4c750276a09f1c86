#!/usr/bin/env bash
# Install, build the store from the embedded corpus if there is none, start the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m newslens build --if-missing
exec .venv/bin/streamlit run dashboard.py --server.port "${PORT:-8501}"
