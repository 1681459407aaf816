#!/usr/bin/env bash
# Run the whole test suite: installs what is missing, checks the services, then pytest.
# Extra arguments go to pytest (e.g. ./test.sh tests/ocr -x).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh test
scripts/services.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy intake ocr
exec .venv/bin/pytest "$@"
