"""tasks' event handlers: quick, idempotent, run after intake's commit."""

from __future__ import annotations

import logging
from collections.abc import Callable

from intake import events, runtime
from tasks.tax import open_tax_task

logger = logging.getLogger(__name__)


def on_period_closed(
    period_id: int, company_id: int, month: str, reopen_count: int = 0, **_: object
) -> None:
    """Give a closed month its tax task and tell the accountant and the client."""
    task_id, created = open_tax_task(runtime.current(), period_id, company_id, month, reopen_count)
    if created:
        logger.info("period %s closed: task %s", period_id, task_id)


def subscribe(register: Callable[[str, Callable[..., None]], None]) -> None:
    """Register tasks' handlers (the `intake.subscribers` entry point)."""
    register(events.PERIOD_CLOSED, on_period_closed)
