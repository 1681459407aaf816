#!/usr/bin/env bash
# Run the whole test suite: installs what is missing, checks the services, then pytest.
# Extra arguments go to pytest (e.g. ./test.sh tests/ocr -x).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh test
scripts/services.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy intake ocr inbox notify tasks ksef conversations cases portal
# A private temporary folder: pytest deletes all but its three newest numbered folders when
# a session starts, so another run on the same machine could remove this run's Dovecot maildir.
basetemp=$(mktemp -d /tmp/intake-tests.XXXXXX)
status=0
.venv/bin/pytest --basetemp="$basetemp" "$@" || status=$?
rm -rf "$basetemp"
exit $status
