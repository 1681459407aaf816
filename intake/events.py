"""Named events that intake announces after a commit; other packages subscribe at start.

intake never calls up into tasks/ or notify/: they register here through the
`intake.subscribers` entry points, so every import arrow keeps pointing down. Domain code
calls `announce(session, ...)`, which publishes once the session's work is committed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from sqlalchemy.orm import Session

from intake.unit import after_commit

logger = logging.getLogger(__name__)

# Payloads are keyword arguments of ids and plain values, never ORM objects:
DOCUMENT_PROCESSED = "document.processed"  # document_id, company_id, month, status
DOCUMENT_REJECTED = "document.rejected"  # document_id, company_id, event_id (by staff or reader)
PERIOD_CONFIRMED = "period.confirmed"  # period_id, company_id, month, by
PERIOD_CLOSED = "period.closed"  # period_id, company_id, month, late, reopen_count
PERIOD_REOPENED = "period.reopened"  # period_id, company_id, month, document_id
TASK_DONE = "task.done"  # task_id, company_id, period_id, kind
SENDER_BLOCKED = "inbox.sender_blocked"  # company_id, sender, until
REPLY_TO_SENDER = "inbox.reply"  # office_id, to, subject, body, in_reply_to

# Payloads carry ids and plain values; a month travels as its 'YYYY-MM' text.
Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(name: str, handler: Handler) -> None:
    """Call a handler whenever an event of this name is published."""
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def announce(session: Session, name: str, **payload: Any) -> None:
    """Publish an event once the session commits (dropped if it rolls back)."""
    after_commit(session, publish, name, **payload)


def publish(name: str, **payload: Any) -> None:
    """Call every handler of an event; one failing handler never stops the others."""
    for handler in list(_handlers[name]):
        try:
            handler(**payload)
        except Exception:
            logger.exception("handler %s of event %s failed", handler.__qualname__, name)


def load_subscribers() -> None:
    """Let each package listed under `intake.subscribers` register its handlers."""
    for ep in entry_points(group="intake.subscribers"):
        ep.load()(subscribe)


def clear() -> None:
    """Forget every handler (tests start from nothing)."""
    _handlers.clear()
