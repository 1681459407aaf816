"""A normal request's latency while many clients stall: `intake serve` as production runs it.

usage: python bench/serve.py [--stalled 200] [--requests 50]
Target (issue 16, item 6): with 200 connections that announced a 10 MB body, sent a few
bytes and stalled, a normal page is still answered at once, and the server does not give
each stalled client a thread of its own.

`intake serve` runs in a process of its own on the embedded defaults (a fresh SQLite home,
migrated first); the stalled clients and the timed requests come from this process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake.db import Database  # noqa: E402
from tests.portal.serving import get, serving, stall  # noqa: E402


def measure(port: int, requests: int) -> list[float]:
    """Return the seconds each of some normal requests took (a 200 each)."""
    taken = []
    for _ in range(requests):
        status, seconds = get(port, "/login")
        if status != 200:
            raise SystemExit(f"a normal request got {status}")
        taken.append(seconds)
    return taken


def describe(label: str, taken: list[float]) -> str:
    """Return one line: median, 95th percentile and worst, in milliseconds."""
    ordered = sorted(taken)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"{label:28} median {statistics.median(ordered) * 1000:7.1f} ms   "
        f"p95 {p95 * 1000:7.1f} ms   max {ordered[-1] * 1000:7.1f} ms"
    )


def main() -> None:
    """Start the server, time normal requests before and while clients stall."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stalled", type=int, default=200)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="intake-bench-serve-") as folder:
        home = Path(folder) / "var"
        database = Database(f"sqlite:///{home / 'intake.db'}")
        database.upgrade()
        database.dispose()
        with serving(home) as server:
            quiet = measure(server.port, args.requests)
            threads_before = server.threads()
            started = time.monotonic()
            stalled = stall(server.port, args.stalled)
            opened = time.monotonic() - started
            try:
                busy = measure(server.port, args.requests)
                threads_during = server.threads()
            finally:
                for sock in stalled:
                    sock.close()
    print(f"{args.stalled} stalled connections opened in {opened:.2f} s")
    print(describe("normal request, quiet", quiet))
    print(describe(f"normal request, {args.stalled} stalled", busy))
    print(f"server threads: {threads_before} quiet, {threads_during} with the stalled clients")


if __name__ == "__main__":
    main()
