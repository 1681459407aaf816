"""The inbox's background job: one pass over every mailbox, sent periodically by the worker."""

from __future__ import annotations

import logging

import dramatiq

from inbox.poller import poll_all
from intake import runtime

logger = logging.getLogger(__name__)

# The ticker of `intake serve` and of every worker sends this; `intake mail poll` (without
# --once) is the IDLE-driven alternative that imports new mail within seconds.
PERIODIC = {"poll_mailboxes": "* * * * *"}


@dramatiq.actor(max_retries=0, time_limit=15 * 60 * 1000)
def poll_mailboxes() -> None:
    """Poll every configured mailbox once; a mailbox's lease keeps two workers apart."""
    for report in poll_all(runtime.current()):
        if report.failure:
            logger.warning("mailbox %s: %s", report.account, report.failure)
