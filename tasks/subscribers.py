"""tasks' event handlers: quick, idempotent, run after intake's commit."""

from __future__ import annotations

import logging
from collections.abc import Callable

from intake import events, runtime
from intake.month import Month
from tasks.tax import open_tax_task

logger = logging.getLogger(__name__)


def on_period_closed(
    period_id: int, company_id: int, month: str, reopen_count: int = 0, **_: object
) -> None:
    """Give a closed month its tax task and tell the accountant."""
    rt = runtime.current()
    with rt.db.session() as session:
        task, created = open_tax_task(
            session, rt.settings, period_id, company_id, Month.parse(month), reopen_count
        )
        if created:
            logger.info("period %s closed: task %s", period_id, task.id)


def subscribe(register: Callable[[str, Callable[..., None]], None]) -> None:
    """Register tasks' handlers (the `intake.subscribers` entry point)."""
    register(events.PERIOD_CLOSED, on_period_closed)
