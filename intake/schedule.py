"""Periodic jobs on cron-like schedules, sent once per slot however many processes tick.

Each package's jobs module may declare PERIODIC = {"actor_name": "cron expression"}
("*/5 * * * *", "0 9 * * 1-5"), read in the installation's time zone (INTAKE_TIMEZONE).
`intake serve` and every worker process run a ticker thread; when a slot comes, each
ticker tries to claim it in the database (a compare-and-set on the job's one row) and
only the one that wins sends the job, so a reminder at 9:00 goes out once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from intake.broker import send
from intake.db import Database
from intake.errors import ConfigError, Problem
from intake.models import ScheduleSlot, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A job and its cron expression."""

    actor: str
    cron: str

    def next_after(self, moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
        """Return the first slot after a moment (aware, UTC)."""
        local = moment.astimezone(zone).replace(second=0, microsecond=0)
        return next(CronSim(self.cron, local)).astimezone(dt.UTC)


def periodic_jobs() -> list[Periodic]:
    """Collect every jobs module's PERIODIC table; a wrong expression stops the start."""
    jobs = []
    for ep in entry_points(group="intake.jobs"):
        for actor, cron in getattr(import_module(ep.value), "PERIODIC", {}).items():
            try:
                CronSim(cron, dt.datetime.now())
            except (CronSimError, AttributeError) as e:
                raise ConfigError(
                    Problem.BAD_SETTING, name=f"{ep.value}.PERIODIC", value=cron, reason=str(e)
                ) from e
            jobs.append(Periodic(actor, cron))
    return jobs


def claim_slot(db: Database, job: str, slot: dt.datetime, owner: str) -> bool:
    """Take a job's slot for this process; True for exactly one claimer of each slot."""
    with db.session() as session:
        won = session.execute(
            update(ScheduleSlot)
            .where(ScheduleSlot.job == job, ScheduleSlot.slot < slot)
            .values(slot=slot, claimed_by=owner)
            .execution_options(synchronize_session=False)
        )
        if getattr(won, "rowcount", 0) == 1:
            return True
        if session.get(ScheduleSlot, job) is not None:
            return False
        try:
            with session.begin_nested():
                session.add(ScheduleSlot(job=job, slot=slot, claimed_by=owner))
        except IntegrityError:
            return False
        return True


class Ticker(threading.Thread):
    """A daemon thread that sends each periodic job once per slot, as its schedule says."""

    def __init__(
        self, db: Database, jobs: list[Periodic], zone: ZoneInfo, resolution: float = 1.0
    ) -> None:
        super().__init__(name="intake-ticker", daemon=True)
        self.db, self.jobs, self.zone, self.resolution = db, jobs, zone, resolution
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.stopped = threading.Event()
        now = utcnow()
        self.due = {job.actor: job.next_after(now, zone) for job in jobs}

    def run(self) -> None:
        """Send each job when its slot comes, until stopped; a failure is retried next tick."""
        while not self.stopped.wait(self.resolution):
            self.tick(utcnow())

    def tick(self, now: dt.datetime) -> list[str]:
        """Claim and send every job whose slot has come; return the ones this ticker sent."""
        sent = []
        for job in self.jobs:
            slot = self.due[job.actor]
            if now < slot:
                continue
            try:
                if claim_slot(self.db, job.actor, slot, self.owner):
                    send(job.actor)
                    sent.append(job.actor)
                self.due[job.actor] = job.next_after(now, self.zone)
            except Exception:
                logger.exception("periodic job %s: could not claim or send", job.actor)
        return sent

    def stop(self) -> None:
        """Stop ticking."""
        self.stopped.set()


def start_ticker(db: Database, timezone: str) -> Ticker:
    """Start a ticker for every declared periodic job and return it."""
    ticker = Ticker(db, periodic_jobs(), ZoneInfo(timezone))
    ticker.start()
    return ticker
