"""notify's event handlers: quick, idempotent (keyed), run after the announcing commit."""

from __future__ import annotations

import logging
from collections.abc import Callable

from intake import events, runtime
from intake.models import Company
from notify.messages import (
    queue_reply,
    tell_document_rejected,
    tell_period_closed,
    tell_sender_blocked,
)

logger = logging.getLogger(__name__)


def on_period_closed(
    period_id: int, company_id: int, month: str, reopen_count: int = 0, **_: object
) -> None:
    """Tell the company's contacts that its documents for the month are all in."""
    rt = runtime.current()
    with rt.db.session() as session:
        company = session.get(Company, company_id)
        if company is None:
            logger.warning("period %s closed for unknown company %s", period_id, company_id)
            return
        tell_period_closed(session, rt.settings, company, month, reopen_count, period_id=period_id)


def on_document_rejected(document_id: int, event_id: int, **_: object) -> None:
    """Tell the company's contacts why a document of theirs was not accepted."""
    rt = runtime.current()
    with rt.db.session() as session:
        tell_document_rejected(session, rt.settings, document_id, event_id)


def on_sender_blocked(company_id: int, sender: str, until: object = None, **_: object) -> None:
    """Tell the company's accountant that a sender was blocked."""
    rt = runtime.current()
    with rt.db.session() as session:
        tell_sender_blocked(session, rt.settings, company_id, sender, until)


def on_reply(
    office_id: int, to: str, subject: str, body: str, in_reply_to: str | None = None, **_: object
) -> None:
    """Send exactly the reply the inbox wrote."""
    rt = runtime.current()
    with rt.db.session() as session:
        queue_reply(session, office_id, to, subject, body, in_reply_to)


def subscribe(register: Callable[[str, Callable[..., None]], None]) -> None:
    """Register notify's handlers (the `intake.subscribers` entry point)."""
    register(events.PERIOD_CLOSED, on_period_closed)
    register(events.SENDER_BLOCKED, on_sender_blocked)
    register(events.DOCUMENT_REJECTED, on_document_rejected)
    register(events.REPLY_TO_SENDER, on_reply)
