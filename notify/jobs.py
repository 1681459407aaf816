"""notify's background jobs: send one notification, record one that gave up, sweep.

dramatiq counts the tries: a passing failure is raised as `dramatiq.Retry` (retried with
backoff up to `max_retries`), a permanent one as DeliveryError (listed in `throws`, never
retried); when the retries are used up, `notification_failed` marks the row failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import dramatiq

from intake import runtime
from intake.broker import send_or_log
from notify.delivery import deliver, dispatch, give_up, stale_notifications
from notify.errors import DeliveryError
from notify.letters import compose, unwritten_letters
from notify.reminders import run_reminders

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
# Cron-like schedules of the periodic jobs (intake/schedule.py): one run per slot.
# Reminders look every quarter hour: each office's own hour decides, a slot sends once.
PERIODIC = {"sweep_notifications": "*/5 * * * *", "send_reminders": "*/15 * * * *"}


@dramatiq.actor(
    max_retries=MAX_RETRIES,
    min_backoff=10_000,
    max_backoff=600_000,
    throws=(DeliveryError,),
    on_retry_exhausted="notification_failed",
)
def send_notification(notification_id: int) -> None:
    """Send one e-mail or SMS and record the outcome; passing failures are retried."""
    try:
        deliver(runtime.current(), notification_id)
    except DeliveryError as e:
        if e.temporary:
            raise dramatiq.Retry(str(e)) from e
        raise


@dramatiq.actor(max_retries=3)
def notification_failed(message: dict[str, Any], retry: dict[str, Any]) -> None:
    """Mark a notification failed, with its last error, when its retries are used up."""
    notification_id = int(message["args"][0])
    give_up(runtime.current(), notification_id, int(retry.get("retries", 0)) + 1)


@dramatiq.actor(max_retries=0)
def sweep_notifications(older_than_s: int = 1800) -> None:
    """Re-enqueue notifications (and letters never written) a lost message or a crash left."""
    rt = runtime.current()
    ids = stale_notifications(rt, dt.timedelta(seconds=older_than_s))
    if ids:
        logger.warning("re-enqueueing %d stale notifications", len(ids))
    dispatch(ids)
    for letter_id in unwritten_letters(rt, dt.timedelta(minutes=5)):
        send_or_log("compose_letter", letter_id)


@dramatiq.actor(max_retries=5, min_backoff=2_000, max_backoff=120_000)
def compose_letter(letter_id: int) -> None:
    """Write one client's letter for each contact and queue its deliveries (safe twice)."""
    rt = runtime.current()
    with rt.db.session() as session:
        compose(session, rt.settings, letter_id)


@dramatiq.actor(max_retries=2, min_backoff=60_000)
def send_reminders() -> None:
    """Send the reminders whose day and hour have come, in every office (once per slot)."""
    rt = runtime.current()
    with rt.db.session() as session:
        sent = run_reminders(session, rt.settings, check_hour=True)
    if sent:
        logger.info("%d reminders sent", len(sent))
