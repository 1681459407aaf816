"""The running installation: settings, database, storage and broker, set up at start."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import dramatiq

from intake import events
from intake.broker import check_broker, load_jobs, make_broker
from intake.config import Settings, load_settings
from intake.db import Database
from intake.files import secure_home
from intake.models import load_models
from intake.storage import Storage, open_storage

logger = logging.getLogger(__name__)

# How often an idle in-process worker's threads look up; a new job wakes them at once, so
# this bounds only how long stopping takes (each thread finishes its wait first).
WORKER_POLL_MS = 200


@dataclass
class Runtime:
    """Everything a request, a command or a job needs to reach the outside."""

    settings: Settings
    db: Database
    storage: Storage
    broker: dramatiq.Broker
    worker: dramatiq.Worker | None = None

    def start_worker(self) -> None:
        """Run jobs in threads of this process (the embedded default, no broker URL)."""
        if self.worker is None:
            self.worker = dramatiq.Worker(
                self.broker,
                worker_threads=self.settings.worker_threads,
                worker_timeout=WORKER_POLL_MS,
            )
            self.worker.start()

    def stop_worker(self) -> None:
        """Stop the in-process worker, its threads included; the runtime stays usable."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    def stop(self) -> None:
        """Stop the in-process worker and close connections."""
        self.stop_worker()
        self.broker.close()
        self.db.dispose()


_current: Runtime | None = None


def start(settings: Settings | None = None, *, check: bool = True) -> Runtime:
    """Set up the runtime from settings (read from the environment when not given)."""
    global _current
    settings = settings or load_settings()
    secure_home(settings.home)
    load_models()
    db = Database(settings.database_url)
    storage = open_storage(settings.storage_url)
    broker = make_broker(settings.broker_url)
    if check:
        db.check()
        storage.check()
        check_broker(broker, settings.broker_url)
    load_jobs(broker)
    events.clear()
    events.load_subscribers()
    _current = Runtime(settings, db, storage, broker)
    return _current


def current() -> Runtime:
    """Return the runtime set up by start(); a process that never started one is a bug."""
    if _current is None:
        raise RuntimeError("no Intake runtime: call intake.runtime.start() when the process starts")
    return _current
