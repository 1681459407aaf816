"""Syncs killed in the middle of a package, then run again, lose and double nothing."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from intake.models import Document
from ksef.models import KsefInvoice
from tests.conftest import ROOT
from tests.ksef.conftest import OFFICE_NIP, REAL_BUYER, ksef_env, purchase

COUNT = 600


def run_sync(
    env: dict[str, str], crash_after: int | None, when: str
) -> subprocess.CompletedProcess:
    """Run `intake ksef sync` (or the crashing script) in a process of its own."""
    command = [sys.executable, "-m", "intake", "ksef", "sync", "--company", REAL_BUYER]
    extra = {}
    if crash_after is not None:
        command = [sys.executable, "-m", "tests.ksef.crashing_sync", "--company", REAL_BUYER]
        extra = {"CRASH_AFTER_STORES": str(crash_after), "CRASH_WHEN": when}
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **env, **extra},
        capture_output=True,
        timeout=300,
    )


def counts(rt) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Return (KSeF rows, distinct KSeF numbers, documents)."""
    with rt.db.session() as s:
        rows = s.scalar(select(func.count(KsefInvoice.id))) or 0
        distinct = s.scalar(select(func.count(func.distinct(KsefInvoice.ksef_number)))) or 0
        docs = s.scalar(select(func.count(Document.id))) or 0
    return rows, distinct, docs


@pytest.mark.slow
def test_syncs_killed_mid_package_then_run_again_lose_and_double_nothing(office, tmp_path):
    server, rt = office.server, office.rt
    server.grant(REAL_BUYER, OFFICE_NIP)
    office.use_certificate()
    rng = random.Random(10)
    start = dt.datetime(2026, 2, 3, tzinfo=dt.UTC)
    for i in range(COUNT):
        xml, _ = purchase(rng, REAL_BUYER)
        server.add(xml, start + dt.timedelta(minutes=7 * i))
    server.package_limit = 150  # four packages, each cut short
    server.part_size = 64 * 1024
    env = {"INTAKE_HOME": str(tmp_path / "var"), "INTAKE_SECRET_KEY": "test", **ksef_env(server)}

    kills = [
        (37, "committed"),
        (95, "uncommitted"),
        (120, "committed"),
        (60, "uncommitted"),
        (151, "committed"),
    ]
    seen = []
    for crash_after, when in kills:
        done = run_sync(env, crash_after, when)
        assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
        rows, distinct, docs = counts(rt)
        assert rows == distinct == docs  # never two rows or documents for one KSeF number
        seen.append(rows)
    assert seen == sorted(seen) and seen[-1] < COUNT  # each run went on from the last
    done = run_sync(env, None, "")
    assert done.returncode == 0, done.stdout + done.stderr
    rows, distinct, docs = counts(rt)
    assert rows == distinct == docs == COUNT
    with rt.db.session() as s:
        assert set(s.scalars(select(KsefInvoice.ksef_number))) == set(server.by_number)
