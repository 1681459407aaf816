"""Periodic jobs: each package's jobs module may declare PERIODIC = {"actor_name": seconds}.

`intake serve` and every `intake worker` process run one ticker thread that sends those
messages on time. Several tickers may run at once (several machines); every periodic
actor is safe to run twice, so that costs a little work and never a wrong result.
"""

from __future__ import annotations

import logging
import threading
import time
from importlib import import_module
from importlib.metadata import entry_points

from intake.broker import send

logger = logging.getLogger(__name__)


def periodic_jobs() -> dict[str, float]:
    """Collect every jobs module's PERIODIC table (actor name -> seconds between runs)."""
    table: dict[str, float] = {}
    for ep in entry_points(group="intake.jobs"):
        table.update(getattr(import_module(ep.value), "PERIODIC", {}))
    return table


class Ticker(threading.Thread):
    """A daemon thread that sends the periodic jobs when they are due."""

    def __init__(self, jobs: dict[str, float], resolution: float = 1.0) -> None:
        super().__init__(name="intake-ticker", daemon=True)
        self.jobs = jobs
        self.resolution = resolution
        self.stopped = threading.Event()
        now = time.monotonic()
        self.due = {name: now + seconds for name, seconds in jobs.items()}

    def run(self) -> None:
        """Send each job when it is due, until stopped; a failed send is retried next tick."""
        while not self.stopped.wait(self.resolution):
            now = time.monotonic()
            for name, at in self.due.items():
                if now < at:
                    continue
                try:
                    send(name)
                    self.due[name] = now + self.jobs[name]
                except Exception:
                    logger.exception("could not send the periodic job %s", name)

    def stop(self) -> None:
        """Stop ticking."""
        self.stopped.set()


def start_ticker() -> Ticker:
    """Start a ticker for every declared periodic job and return it."""
    ticker = Ticker(periodic_jobs())
    ticker.start()
    return ticker
