"""notify's event handlers: quick, idempotent, run after intake's commit."""

from __future__ import annotations

import logging
from collections.abc import Callable

from intake import events, runtime
from notify.delivery import dispatch
from notify.messages import queue_reply, tell_sender_blocked

logger = logging.getLogger(__name__)


def on_sender_blocked(company_id: int, sender: str, until: object = None, **_: object) -> None:
    """Tell the company's accountant that a sender was blocked."""
    rt = runtime.current()
    with rt.db.session() as session:
        rows = tell_sender_blocked(session, rt.settings, company_id, sender, until)
        session.flush()
        ids = [row.id for row in rows]
    dispatch(ids)


def on_reply(
    office_id: int, to: str, subject: str, body: str, in_reply_to: str | None = None, **_: object
) -> None:
    """Send exactly the reply the inbox asked for."""
    rt = runtime.current()
    with rt.db.session() as session:
        row = queue_reply(session, office_id, to, subject, body, in_reply_to)
        session.flush()
        ids = [row.id] if row else []
    dispatch(ids)


def subscribe(register: Callable[[str, Callable[..., None]], None]) -> None:
    """Register notify's handlers (the `intake.subscribers` entry point)."""
    register(events.SENDER_BLOCKED, on_sender_blocked)
    register(events.REPLY_TO_SENDER, on_reply)
