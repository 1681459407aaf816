"""Embedded runtimes for notify's and tasks' tests, started from a seeded database copy.

Seeding hashes nine passwords and PINs with Argon2 (~2.5 s); doing it once per session
and copying the SQLite file keeps each test well under a second.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from intake import runtime
from intake.config import load_settings
from tests.conftest import seed_offices

DB_FILE = "intake.db"


def make_template(folder: Path) -> dict[str, int]:
    """Migrate and seed an SQLite database in a folder; return the seeded ids."""
    rt = runtime.start(load_settings({"INTAKE_HOME": str(folder), "INTAKE_SECRET_KEY": "t"}))
    rt.db.upgrade()
    data = seed_offices(rt)
    rt.stop()
    return data


def start_from(template: Path, home: Path, **env: str) -> runtime.Runtime:
    """Start an embedded runtime with a copy of the template database and extra settings."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(template / DB_FILE, home / DB_FILE)
    settings = load_settings({"INTAKE_HOME": str(home), "INTAKE_SECRET_KEY": "test", **env})
    rt = runtime.start(settings)
    rt.start_worker()
    return rt
