"""Files at rest only for Intake's own user: folders 0700, files 0600 under INTAKE_HOME.

The database, the stored documents, the outbox of e-mail and SMS and the secret key hold
clients' documents, amounts and addresses; nobody else on the machine may read them.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Make a folder (and each missing parent) readable by its owner only; return it."""
    missing = []
    for folder in [path, *path.parents]:
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another thread made it meanwhile
            folder.mkdir(mode=DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create a file readable by its owner only, or make an existing one so; return it."""
    private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    restrict(path, FILE_MODE)
    return path


def restrict(path: Path, mode: int) -> None:
    """Take group and other permissions off a path we own (leave anyone else's alone)."""
    with contextlib.suppress(OSError):
        if path.exists() and path.stat().st_uid == os.getuid():
            path.chmod(path.stat().st_mode & mode & 0o777)


# What Intake keeps directly in INTAKE_HOME (nothing else there is touched).
OWN_FILES = ("intake.db", "intake.db-wal", "intake.db-shm", "intake.db-journal", "secret_key")
OWN_DIRS = ("files", "outbox")


def secure_home(home: Path) -> None:
    """Make INTAKE_HOME and what Intake keeps in it private, also when made by an older version."""
    private_dir(home)
    restrict(home, DIR_MODE)
    for name in OWN_FILES:
        restrict(home / name, FILE_MODE)
    for name in OWN_DIRS:
        restrict(home / name, DIR_MODE)
