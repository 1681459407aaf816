"""Fixtures of the ocr tests: the shared real-world documents beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve()
# shared/ sits beside the repository; a git worktree (wt/NAME) sits one folder deeper.
SHARED = next(
    (p / "shared" for p in HERE.parents if (p / "shared" / "realworld").is_dir()),
    HERE.parents[3] / "shared",
)
REALWORLD = SHARED / "realworld"


@pytest.fixture(scope="session")
def realworld() -> Path:
    """Return the shared real-world folder, failing clearly when it is missing."""
    if not (REALWORLD / "truth").is_dir():
        pytest.fail(f"the shared real-world documents are missing: expected {REALWORLD}")
    return REALWORLD
