"""Private daemons for fault tests: a Redis and a PostgreSQL cluster we may stop and restart."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.services import answers, free_port


def wait_port(port: int, up: bool = True, timeout: float = 20) -> None:
    """Wait until a port answers (or stops answering)."""
    deadline = time.monotonic() + timeout
    while answers("127.0.0.1", port) != up:
        if time.monotonic() > deadline:
            raise TimeoutError(f"port {port} did not {'open' if up else 'close'}")
        time.sleep(0.05)


class PrivateRedis:
    """A redis-server of our own on a free port, stoppable and restartable."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port, self.proc = folder, free_port(), None

    @property
    def url(self) -> str:
        """Return the URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait for it."""
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def stop(self) -> None:
        """Stop the server and reap it."""
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None
        wait_port(self.port, up=False)


class PrivateCluster:
    """A throwaway PostgreSQL cluster (fsync off) owned by the postgres user."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            raise FileNotFoundError("PostgreSQL server binaries are not installed")
        self.bin = Path(bins[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="intake-pg-"))
        self.folder.chmod(0o755)
        self.data = self.folder / "data"
        self.port = free_port()
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        )

    def _as_postgres(self, *args: str) -> None:
        prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        """Return the URL of its postgres database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, action: str) -> None:
        """Run pg_ctl start, stop or restart and wait."""
        opts = f"-p {self.port} -c fsync=off -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.folder / "log"),
            "-w",
            "-m",
            "fast",
            action,
        )

    def remove(self) -> None:
        """Stop the cluster and delete its files."""
        with suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def worker_process(env: dict[str, str], threads: int = 1) -> Iterator[subprocess.Popen]:
    """Run `intake worker`'s dramatiq processes in their own process group."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dramatiq",
            "intake.worker",
            "--processes",
            "1",
            "--threads",
            str(threads),
        ],
        env={**os.environ, **env},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield proc
    finally:
        kill_group(proc)


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Kill a process and every child it forked, then reap it."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
    proc.wait(timeout=30)
