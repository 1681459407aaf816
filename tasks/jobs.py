"""tasks' background jobs: thin actors over the chain functions."""

from __future__ import annotations

import logging

import dramatiq

from intake import runtime
from tasks.chains import advance_due

logger = logging.getLogger(__name__)

# intake's ticker sends these (actor name -> seconds); approval reminders count in days.
PERIODIC = {"advance_chains": 3600}


@dramatiq.actor(max_retries=3, min_backoff=5_000)
def advance_chains() -> None:
    """Create the time-based next tasks (approval reminders) that have come due."""
    created = advance_due(runtime.current())
    if created:
        logger.info("created %d reminder tasks", len(created))
