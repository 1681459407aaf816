"""intake's background jobs: thin actors that call the domain functions."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import dramatiq
from dramatiq.middleware import CurrentMessage

from intake import runtime
from intake.broker import send_or_log
from intake.periods import close_if_ready, ready_periods
from intake.processing import give_up, process_document, stale_documents

logger = logging.getLogger(__name__)

# Cron-like schedules (in INTAKE_TIMEZONE) of the periodic jobs; one run per slot.
PERIODIC = {"sweep_documents": "* * * * *", "close_ready_periods": "*/5 * * * *"}


@dramatiq.actor(
    max_retries=2,
    min_backoff=2_000,
    max_backoff=60_000,
    time_limit=600_000,
    on_retry_exhausted="document_failed",
)
def extract_document(document_id: int) -> None:
    """Read one stored document and record what was found."""
    message = CurrentMessage.get_current_message()
    process_document(runtime.current(), document_id, message.message_id if message else None)


@dramatiq.actor(max_retries=3)
def document_failed(message: dict[str, Any], retry: dict[str, Any]) -> None:
    """Mark a document failed when its read job has used up its retries."""
    document_id = int(message["args"][0])
    give_up(runtime.current(), document_id, int(retry.get("retries", 0)))


@dramatiq.actor(max_retries=0)
def sweep_documents(older_than_s: int = 120) -> None:
    """Re-enqueue documents that a lost message or a crashed worker left behind."""
    for document_id in stale_documents(runtime.current(), dt.timedelta(seconds=older_than_s)):
        logger.warning("re-enqueueing stale document %s", document_id)
        send_or_log("extract_document", document_id)


@dramatiq.actor(max_retries=0)
def close_ready_periods() -> None:
    """Close months whose follow-up was lost (a process died right after a commit)."""
    rt = runtime.current()
    with rt.db.session() as session:
        ready = ready_periods(session)
    for company_id, month in ready:
        close_if_ready(rt.db, company_id, month)
