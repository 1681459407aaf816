"""Invoices per second from a local KSeF into stored, read documents; killed syncs.

usage: python bench/ksef.py [--invoices 2000] [--kills 5] [--package 500] [--processes 1]
Targets (issue 10): at least 50 invoices a second into stored documents on a 2-core
machine, every field of every invoice read, and 0 lost and 0 doubled invoices across 5
interrupted syncs of 2,000 invoices.

The local KSeF (tests/ksef/server.py) serves generated FA(3) invoices in truncated,
AES-encrypted packages; Intake runs on the embedded defaults (SQLite, a folder, the
in-process broker) with its worker reading each stored invoice in threads of the syncing
process (one core), then again on PostgreSQL with `--processes` worker processes reading
beside it through Redis (both cores).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from intake import runtime  # noqa: E402
from intake.config import load_settings  # noqa: E402
from intake.db import Database  # noqa: E402
from intake.models import Document, Office  # noqa: E402
from intake.offices import add_company, create_office  # noqa: E402
from intake.vocabulary import DocumentStatus  # noqa: E402
from ksef.credentials import set_certificate  # noqa: E402
from ksef.models import KsefInvoice  # noqa: E402
from ksef.sync import sync_company  # noqa: E402
from ksef.vocabulary import Environment  # noqa: E402
from tests.environment import intake_env  # noqa: E402
from tests.ksef.conftest import differences, purchase  # noqa: E402
from tests.ksef.pki import issue  # noqa: E402
from tests.ksef.server import KsefServer  # noqa: E402
from tests.services import REDIS_URL, drop_pg_database, fresh_pg_database  # noqa: E402

OFFICE, BUYER = "5213000001", "1111111111"


def setup(
    home: Path, server: KsefServer, count: int, **extra: str
) -> tuple[dict[str, str], dict[str, dict]]:
    """Make an installation with one connected client and a KSeF holding its invoices."""
    env = intake_env(
        home,
        INTAKE_KSEF_URL=server.base,
        INTAKE_KSEF_POLL_S="0.01",
        INTAKE_KSEF_START="2026-01-01",
        **extra,
    )
    Database(load_settings(env).database_url).upgrade()
    rt = runtime.start(load_settings(env))
    cert = issue(server.ca, OFFICE)
    with rt.db.session() as s:
        office = create_office(s, "Bench Office")
        add_company(s, office, "Bench Sp. z o.o.", BUYER)
        set_certificate(
            s,
            rt.settings,
            s.get_one(Office, office.id),
            cert.cert_pem(),
            cert.key_pem(),
            environment=Environment.TEST,
        )
    rt.stop()
    server.grant(BUYER, OFFICE)
    rng = random.Random(2026)
    truths = {}
    start = dt.datetime(2026, 2, 2, tzinfo=dt.UTC)
    for i in range(count):
        xml, truth = purchase(rng, BUYER)
        truths[server.add(xml, start + dt.timedelta(minutes=3 * i)).number] = truth
    return env, truths


def throughput(env: dict[str, str], truths: dict[str, dict], processes: int = 0) -> None:
    """Sync every invoice and read each; report invoices per second.

    processes=0: the embedded default, reading in threads of this process (one core);
    otherwise that many `intake worker` processes read beside the sync (Redis broker).
    """
    worker = None
    if processes:
        env = {**env, "INTAKE_BROKER_URL": REDIS_URL}
    rt = runtime.start(load_settings(env))
    if processes:
        rt.broker.flush_all()
        worker = subprocess.Popen(
            [sys.executable, "-m", "dramatiq", "intake.worker", "--processes", str(processes)],
            env={**os.environ, **env},
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(5)  # the workers boot before the clock starts
    else:
        rt.start_worker()
    with rt.db.session() as s:
        company_id = s.scalars(select(KsefInvoice.company_id)).first() or 1
    try:
        started = time.perf_counter()
        report = sync_company(rt, company_id)
        stored = time.perf_counter() - started
        if worker is None:
            rt.broker.join("default", timeout=600_000)
            rt.worker.join()  # type: ignore[union-attr]
        else:
            wait_read(rt, started + 600)
        read = time.perf_counter() - started
    finally:
        if worker is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    wrong = 0
    with rt.db.session() as s:
        for row in s.scalars(select(KsefInvoice)):
            doc = s.get_one(Document, row.document_id)
            ok = doc.status in (DocumentStatus.EXTRACTED, DocumentStatus.NEEDS_REVIEW)
            wrong += int(
                not ok or bool(differences(doc.extraction.fields, truths[row.ksef_number]))
            )
    n = report.fetched
    database = rt.db.engine.dialect.name
    how = (
        f"{database}, {processes} worker process(es) reading"
        if processes
        else (f"{database}, reading in this process")
    )
    print(
        f"[{how}] fetched {n} invoices in {report.packages} packages: stored {n / stored:.1f}/s, "
        f"stored and read {n / read:.1f}/s; {wrong} with a field read wrong"
    )
    rt.stop()


def wait_read(rt: runtime.Runtime, deadline: float) -> None:
    """Wait until no document waits to be read (or the deadline passes)."""
    waiting = (DocumentStatus.RECEIVED, DocumentStatus.PROCESSING)
    while time.perf_counter() < deadline:
        with rt.db.session() as s:
            left = s.scalar(select(func.count(Document.id)).where(Document.status.in_(waiting)))
        if not left:
            return
        time.sleep(0.05)


def interrupted(env: dict[str, str], count: int, kills: int) -> None:
    """Kill `intake ksef sync` mid-package several times, then finish; count lost and doubled."""
    rng = random.Random(5)
    for i in range(kills):
        crash = rng.randint(1, max(2, count // (kills + 1)))
        when = ("committed", "uncommitted")[i % 2]
        done = subprocess.run(
            [sys.executable, "-m", "tests.ksef.crashing_sync", "--company", BUYER],
            cwd=ROOT,
            env={**os.environ, **env, "CRASH_AFTER_STORES": str(crash), "CRASH_WHEN": when},
            capture_output=True,
        )
        assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "intake", "ksef", "sync", "--company", BUYER],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
    )
    rt = runtime.start(load_settings(env))
    with rt.db.session() as s:
        rows = s.scalar(select(func.count(KsefInvoice.id))) or 0
        distinct = s.scalar(select(func.count(func.distinct(KsefInvoice.ksef_number)))) or 0
        docs = s.scalar(select(func.count(Document.id))) or 0
    rt.stop()
    print(
        f"{kills} killed syncs then one more (exit {done.returncode}): {count - distinct} lost, "
        f"{rows - distinct + docs - distinct} doubled ({rows} rows, {docs} documents)"
    )


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--package", type=int, default=500)
    parser.add_argument("--processes", type=int, default=1, help="worker processes (0: none)")
    args = parser.parse_args()
    server = KsefServer(package_limit=args.package, part_size=512 * 1024)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env, truths = setup(Path(tmp) / "a", server, args.invoices)
            throughput(env, truths)
            if args.processes:  # a KSeF of its own: the killed syncs below use this one's
                beside = KsefServer(package_limit=args.package, part_size=512 * 1024)
                beside.start()
                database = fresh_pg_database()  # SQLite lets one process write at a time
                try:
                    env_w, truths_w = setup(
                        Path(tmp) / "w", beside, args.invoices, INTAKE_DATABASE_URL=database
                    )
                    throughput(env_w, truths_w, args.processes)
                finally:
                    beside.stop()
                    drop_pg_database(database)
            env2, _ = setup(Path(tmp) / "b", server, 0)
            interrupted(env2, args.invoices, args.kills)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
