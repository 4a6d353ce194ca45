#!/usr/bin/env bash
# Set up the default (offline, no torch) install and start the chat page on http://127.0.0.1:7860.
# Extra arguments go to `policy-qa serve` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .
exec .venv/bin/policy-qa serve "$@"
