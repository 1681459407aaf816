#!/usr/bin/env bash
# Run Intake on its embedded defaults (SQLite, files and outbox under var/, in-process jobs)
# with demo data; prints the URL and the logins. Settings: INTAKE_* variables (README).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh run
.venv/bin/intake db upgrade
.venv/bin/intake demo --if-empty
exec .venv/bin/intake serve --host "${INTAKE_HOST:-127.0.0.1}" --port "${INTAKE_PORT:-8000}"
