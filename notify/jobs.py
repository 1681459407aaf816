"""notify's background jobs: send one notification; re-enqueue what was left behind."""

from __future__ import annotations

import datetime as dt
import logging

import dramatiq
from dramatiq.middleware import CurrentMessage

from intake import runtime
from notify.delivery import deliver, dispatch, stale_notifications
from notify.errors import DeliveryError

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
# intake's ticker sends these (actor name -> seconds); sending twice is harmless.
PERIODIC = {"sweep_notifications": 300}


@dramatiq.actor(max_retries=MAX_RETRIES, min_backoff=10_000, max_backoff=600_000)
def send_notification(notification_id: int) -> None:
    """Send one e-mail or SMS and record the outcome; passing failures are retried."""
    message = CurrentMessage.get_current_message()
    limit = send_notification.options.get("max_retries", MAX_RETRIES)
    retries = message.options.get("retries", 0) if message else limit
    try:
        deliver(runtime.current(), notification_id, final=retries >= limit)
    except DeliveryError as e:
        raise dramatiq.Retry(str(e)) from e


@dramatiq.actor(max_retries=0)
def sweep_notifications(older_than_s: int = 1800) -> None:
    """Re-enqueue notifications a lost message or a crashed worker left unsent."""
    ids = stale_notifications(runtime.current(), dt.timedelta(seconds=older_than_s))
    if ids:
        logger.warning("re-enqueueing %d stale notifications", len(ids))
    dispatch(ids)
