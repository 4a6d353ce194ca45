#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine, then lint and run the whole suite.
# Idempotent: a second run skips what is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium drives the browser tests (Playwright must never download a browser here); Debian's
# postgresql provides initdb/pg_ctl for the storage tests, which start and stop their own throwaway
# cluster (no service is started here).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy \
        || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei postgresql >/dev/null
fi
export REQUIRE_BROWSER_TESTS=1  # browser tests fail, not skip, when chromium is missing
export REQUIRE_POSTGRES_TESTS=1  # PostgreSQL tests fail, not skip, when the server binaries are missing
export TEST_ARTIFACTS="${TEST_ARTIFACTS:-$PWD/artifacts}"  # screenshots of the page

# The venv with every extra takes about 3 GB and pip unpacks wheels in TMPDIR: stop with a plain message before
# installing into too little space, rather than half-way with "No space left on device". (A venv already in place
# needs no more room: a re-run only checks it.)
if [ ! -x .venv/bin/python ]; then
    for dir in . "${TMPDIR:-/tmp}"; do
        free_kb=$(df -Pk "$dir" 2>/dev/null | awk 'NR==2 {print $4}') || free_kb=""
        if [ -n "$free_kb" ] && [ "$free_kb" -lt 4000000 ]; then
            echo "scripts/test.sh: only $((free_kb / 1024)) MB free for $dir; installing the test environment needs" \
                 "about 4 GB (a venv of ~3 GB plus pip's unpacking in TMPDIR). Free some space (or point TMPDIR at" \
                 "a larger disk) and run it again." >&2
            exit 1
        fi
    done
fi
export PIP_NO_CACHE_DIR=1  # no second copy of every wheel in ~/.cache/pip

python3 -m venv .venv
# torch==2.13.0 first: that exact CPU build is on local disk; anything else would pull a CUDA build.
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0
.venv/bin/pip install -q --disable-pip-version-check -e ".[hf,dev,gemma,ocr,mcp,pg,docs]"

.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
