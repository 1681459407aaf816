"""tasks' background jobs: thin actors over the chain functions."""

from __future__ import annotations

import datetime as dt
import logging

import dramatiq
from sqlalchemy import select

from intake import runtime
from intake.formats import zone
from intake.models import Office
from tasks import digests
from tasks.chains import advance_due, start_monthly

logger = logging.getLogger(__name__)

# Cron-like schedules of the periodic jobs (intake/schedule.py): approval reminders count in days.
PERIODIC = {"advance_chains": "0 * * * *", "send_digests": "0 7 * * *"}


@dramatiq.actor(max_retries=3, min_backoff=5_000)
def advance_chains() -> None:
    """Create the time-based next tasks (reminders, follow-ups, the month's work) now due."""
    rt = runtime.current()
    with rt.db.session() as session:
        created = advance_due(session, rt.settings)
        monthly = start_monthly(session)
        if created or monthly:
            logger.info("created %d reminder and %d monthly tasks", len(created), len(monthly))


@dramatiq.actor(max_retries=3, min_backoff=5_000)
def send_digests() -> None:
    """Queue the morning's digests of every office (each once a day)."""
    rt = runtime.current()
    with rt.db.session() as session:
        for office in session.scalars(select(Office).order_by(Office.id)):
            today = dt.datetime.now(zone(office.timezone)).date()
            sent = digests.send_digests(session, rt.settings, office, today)
            logger.info("office %s: %d digests", office.id, len(sent))
