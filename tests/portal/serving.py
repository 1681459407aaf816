"""`intake serve` in a process of its own, and clients that stall: for tests and bench/serve.py."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.services import answers, free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Served:
    """A running `intake serve`: where it listens and its process."""

    port: int
    pid: int

    def threads(self) -> int:
        """Return how many threads the server process runs now."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:"))
        )


@contextlib.contextmanager
def serving(home: Path, **env: str) -> Iterator[Served]:
    """Run `intake serve` on a free port with INTAKE_HOME=home; yield where it is."""
    port = free_port()
    variables = {
        **{k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")},
        "INTAKE_HOME": str(home),
        "INTAKE_SECRET_KEY": "bench",
        **env,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "intake", "serve", "--port", str(port)],
        cwd=ROOT,
        env=variables,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not answers("127.0.0.1", port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"intake serve did not start: {proc.stderr.read()[-2000:]!r}")
            time.sleep(0.05)
        yield Served(port, proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stall(port: int, count: int, length: int = 10_000_000) -> list[socket.socket]:
    """Open connections that announce a large body, send a few bytes of it, and stall."""
    stalled = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(
            b"POST /login HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {length}\r\n\r\nemail=".encode()
        )
        stalled.append(sock)
    return stalled


def get(port: int, path: str = "/login", timeout: float = 30) -> tuple[int, float]:
    """Send one normal request; return its status and seconds taken."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        head = sock.recv(64)
        while sock.recv(65536):
            pass
    return int(head.split()[1]), time.monotonic() - started


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """Tell whether the server closes (or answers) a stalled connection within some seconds."""
    sock.settimeout(within)
    try:
        return sock.recv(1024) is not None
    except TimeoutError:
        return False
    except OSError:
        return True
