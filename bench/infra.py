"""Real services for the benchmarks: a fresh PostgreSQL database, moto's S3 server, Redis."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg

from intake import runtime
from intake.config import load_settings
from intake.offices import add_company, create_office
from tests.environment import intake_env

PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Services:
    """A throwaway database and S3 bucket, and the INTAKE_* variables pointing at them."""

    def __init__(self, home: Path, **extra: str) -> None:
        from moto.server import ThreadedMotoServer

        self.db_name = f"intake_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        port = free_port()
        self.s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.s3.start()
        base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        self.env = intake_env(
            home,
            INTAKE_DATABASE_URL=f"{base}/{self.db_name}",
            INTAKE_STORAGE_URL=f"s3://bench:bench@127.0.0.1:{port}/bench?secure=false",
            INTAKE_BROKER_URL=REDIS_URL,
            **extra,
        )
        self.rt = runtime.start(load_settings(self.env))
        self.rt.db.upgrade()
        self.rt.broker.flush_all()
        with self.rt.db.session() as s:
            office = create_office(s, "Bench Office")
            self.company_id = add_company(s, office, "Bench Sp. z o.o.", "5260250274").id

    def worker(self, processes: int, threads: int = 1) -> subprocess.Popen:
        """Start `intake worker`'s dramatiq processes in their own process group."""
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dramatiq",
                "intake.worker",
                "--processes",
                str(processes),
                "--threads",
                str(threads),
            ],
            env={**os.environ, **self.env},
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        """SIGKILL a worker and every process it forked."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def close(self) -> None:
        """Drop the database and stop the S3 server."""
        self.rt.stop()
        self.s3.stop()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')


def percentile(values: list[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank) of some values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]
